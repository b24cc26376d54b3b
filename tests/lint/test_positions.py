"""file:line:column of each finding's first character in the SOURCE file, for every format.

Expected positions are written out by hand for some findings; for all of them, the source at
the reported range must read as the quote once markup is taken away.
"""

import html
import re

import pytest

from tests.lint.conftest import by_quote, lint_json

# (path, quote) -> (line, column, end_line, end_column); columns count code points,
# end_column is one past the last character.
EXPECTED = {
    ("index.html", "FDA-approved"): (6, 47, 6, 59),  # inside a meta content attribute
    ("index.html", "Exosome IV"): (5, 25, 5, 35),  # <title>
    ("index.html", "cure Parkinson's disease"): (12, 6, 12, 34),  # &#39; in the source
    ("index.html", "100% safe"): (14, 34, 14, 43),
    ("index.html", "cures arthritis"): (16, 40, 16, 55),  # after non-ASCII letters
    ("content/post.md", "FDA-approved"): (3, 14, 3, 26),  # front matter
    ("content/post.md", "cure Parkinson's disease"): (4, 3, 4, 27),  # folded front matter
    ("content/post.md", "100% safe"): (11, 2, 11, 11),  # inside *emphasis*
    ("content/post.md", "reverse knee osteoarthritis"): (17, 16, 17, 43),
    ("_data/home.json", "FDA-approved"): (5, 71, 5, 83),  # after an escaped quote
    ("_data/home.json", "cure Parkinson’s disease"): (5, 95, 5, 124),  # \u2019 escape
    ("_data/home.json", "100% safe"): (7, 49, 7, 58),  # inside an array
    ("_data/home.yaml", "FDA-approved"): (6, 11, 6, 23),
    ("_data/home.yaml", "100% safe"): (7, 33, 7, 42),  # single-quoted
    ("_data/home.yaml", "cures arthritis"): (10, 5, 10, 20),  # folded block scalar
}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    import shutil

    from tests.lint.conftest import SITE
    dest = tmp_path_factory.mktemp("pos") / "site"
    shutil.copytree(SITE, dest)
    code, out, err = lint_json(dest, ".", fail_on="never")
    assert code == 0, err
    return dest, out


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_expected_position(result, key):
    _, out = result
    found = by_quote(out)
    assert key in found, sorted(found)
    spans = [(d["line"], d["column"], d["end_line"], d["end_column"]) for d in found[key]]
    assert EXPECTED[key] in spans


def _visible(raw: str) -> str:
    raw = re.sub(r"<[^>]*>|[*_`\[\]]|\([^)]*\)", "", raw)
    raw = raw.replace('\\"', '"').replace("\\u2019", "\u2019")
    return " ".join(html.unescape(raw).split())


def test_every_range_reads_as_its_quote(result):
    root, out = result
    checked = 0
    for f in out["files"]:
        lines = (root / f["path"]).read_text(encoding="utf-8").split("\n")
        for d in f["diagnostics"]:
            if d["line"] == d["end_line"]:
                raw = lines[d["line"] - 1][d["column"] - 1:d["end_column"] - 1]
            else:
                raw = "\n".join([lines[d["line"] - 1][d["column"] - 1:],
                                 *lines[d["line"]:d["end_line"] - 1],
                                 lines[d["end_line"] - 1][:d["end_column"] - 1]])
            assert _visible(raw) == " ".join(d["quote"].split()), (f["path"], d)
            checked += 1
    assert checked >= 15


def test_code_blocks_are_not_copy(result):
    _, out = result
    quotes = {d["quote"] for f in out["files"] for d in f["diagnostics"]}
    assert not any("lupus" in q for q in quotes)


def test_crlf_and_bom(tmp_path):
    (tmp_path / "p.md").write_bytes("\ufeffBook now: $2,400 per session. Call (555) 555-0100."
                                    "\r\nOur stem cell therapy is 100% safe.\r\n".encode())
    _, out, _ = lint_json(tmp_path, "p.md", fail_on="never")
    (d,) = out["files"][0]["diagnostics"]
    assert (d["line"], d["column"], d["end_column"]) == (2, 26, 35)


def test_html_repeated_text_maps_to_its_own_block(tmp_path):
    page = ("<html><body>\n<p>Book now: $2,400. Call (555) 555-0100.</p>\n"
            "<p>Our exosomes are <em>popular</em>.</p>\n"
            "<p>Our exosomes\n   are popular and cure arthritis.</p>\n</body></html>\n")
    (tmp_path / "r.html").write_text(page)
    _, out, _ = lint_json(tmp_path, "r.html", fail_on="never")
    (d,) = [d for d in out["files"][0]["diagnostics"] if d["code"] == "RW401"]
    assert (d["line"], d["column"]) == (5, 20)


def test_markdown_hard_wrapped_sentence_is_one_sentence(tmp_path):
    (tmp_path / "w.md").write_text("Book now: $2,400 per session. Call (555) 555-0100.\n\n"
                                   "Our exosome therapy\ncures arthritis.\n")
    _, out, _ = lint_json(tmp_path, "w.md", fail_on="never")
    d = next(d for d in out["files"][0]["diagnostics"] if d["code"] == "RW401")
    assert (d["line"], d["column"]) == (4, 1)


def test_html_attributes_and_json_ld(tmp_path):
    page = ('<html><head>\n<script type="application/ld+json">\n'
            '{"@type": "MedicalClinic",\n "description": "Our exosomes \\"cure\\" lupus."}\n'
            "</script></head>\n<body><p>Book now: $2,400. Call (555) 555-0100.</p>\n"
            '<img src="a.jpg"\n     alt="Our exosomes cure arthritis">\n</body></html>\n')
    (tmp_path / "j.html").write_text(page)
    _, out, _ = lint_json(tmp_path, "j.html", fail_on="never")
    found = {d["quote"]: (d["line"], d["column"]) for d in out["files"][0]["diagnostics"]}
    assert found["cure arthritis"] == (8, 24)
    lupus = [(q, v) for q, v in found.items() if "lupus" in q]
    assert lupus  # the extractor reads JSON-LD descriptions
    for quote, (line, col) in lupus:
        word = quote.split()[0].strip('"')
        assert line == 4 and page.split("\n")[3][col - 1:].lstrip('\\"').startswith(word)
