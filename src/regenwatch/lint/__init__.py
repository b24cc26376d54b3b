"""`regenwatch lint`: check website copy before it is published (issue 9).

A face like `scan` and `web`: it drives `api.check()` and imports no other face. Files
(HTML, Markdown with front matter, the string values of JSON/YAML content files, text) are
turned into checkable text with a per-character map back to the source (`mapped.py`), so
every finding is reported at the file:line:column of its first character. Suppression
comments, config discovery and output formats live in their own modules; the SARIF and
GitHub emitters are in `regenwatch.report`.
"""
