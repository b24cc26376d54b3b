"""Server-rendered HTML for patients: the form, the result, errors.

Plain HTML and CSS with a few lines of JS (static/app.js); every piece of user text goes
through `escape`. The result shows the verdict in plain words, the checked text with each
finding highlighted in place (colour by category plus a numbered reference, so colour is
never the only cue; explanation on hover or keyboard focus), the findings as a list with
their basis, and the questions to ask the clinic.
"""

from __future__ import annotations

from html import escape
from typing import Any

from regenwatch import __version__

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

# Plain words for each category (what the claim does), in severity order for the summary.
CATEGORY_LABELS = {
    "approval-claim": "Claims regulator approval",
    "exemption-claim": "Claims the rules do not apply",
    "disease-claim": "Claims to treat a disease",
    "registration-as-approval": "Presents a registration as an approval",
    "cure-guarantee": "Promises a cure or results",
    "safety-claim": "Claims it is completely safe",
    "risky-route": "Risky way of giving it",
    "pay-to-participate": "Asks you to pay to join a study",
    "testimonial": "Relies on patient stories",
    "obfuscated-text": "Disguised lettering",
}

VERDICT_TEXT = {
    "high": ("High risk",
             "This text makes claims that regulators treat as illegal or deceptive marketing "
             "for products like this. Be very careful before you pay for or receive this "
             "treatment."),
    "elevated": ("Be careful",
                 "This text makes claims that should make you cautious. Ask the clinic the "
                 "questions below before you decide anything."),
    "low": ("Low risk found",
            "We found no claims that regulators treat as illegal marketing for an offer like "
            "this. That does not prove a treatment is safe or that it works."),
}

# Used only when the knowledge base (regenwatch.kb) is not installed.
_FALLBACK_QUESTIONS = (
    "Is this exact product approved by the FDA (or my country's regulator) for my condition? "
    "Can you show me the approval?",
    "Is this treatment part of a registered clinical trial? What is its registration number?",
    "What published evidence shows that it helps people with my condition?",
    "What are the risks, and what will you do if something goes wrong?",
    "Where do the cells or exosomes come from, and who made and tested them?",
    "Why am I being asked to pay to take part?",
)


# -- knowledge-base glue (optional: the page works without it) ----------------------------

def _explain_module():
    try:
        from regenwatch import explain
    except ImportError:
        return None
    return explain


def questions(lang: str | None) -> list[str]:
    explain = _explain_module()
    if explain is not None:
        try:
            found = explain.patient_questions(lang or "en")
        except Exception:  # a broken knowledge base must not break the page
            found = []
        if found:
            return list(found)
    return list(_FALLBACK_QUESTIONS)


def category_text(category: str, lang: str | None) -> str | None:
    explain = _explain_module()
    if explain is None:
        return None
    try:
        return explain.explain(category, None, lang or "en").message
    except Exception:
        return None


def basis_refs(basis: list[str]) -> list[dict[str, Any]]:
    """Cited facts for a finding: source, date, link and status; ids alone without a KB."""
    explain = _explain_module()
    if explain is not None and basis:
        try:
            from regenwatch import kb

            facts = kb.load().facts
            out = []
            for fid in basis:
                fact = facts.get(fid)
                if fact is None:
                    out.append({"id": fid})
                    continue
                ref = explain.BasisRef.of(fact)
                out.append({"id": fid, "statement": ref.statement, "source": ref.source,
                            "jurisdiction": ref.jurisdiction, "date": ref.source_date,
                            "url": ref.source_url, "confirmed": ref.confirmed})
            return out
        except Exception:
            pass
    return [{"id": fid} for fid in basis]


# -- page frame -----------------------------------------------------------------------------

def _frame(title: str, body: str, *, main_class: str = "") -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · regenwatch</title>
<link rel="stylesheet" href="/static/style.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header class="site">
  <a class="brand" href="/">regenwatch</a>
  <span class="tagline">Checks stem-cell and exosome clinic claims</span>
</header>
<main id="main" class="{main_class}">
{body}
</main>
<footer class="site">
  <p>An automatic check: it can miss claims or flag wording that is fine. It is not medical
  or legal advice. regenwatch {escape(__version__)} ·
  <a href="/docs">JSON API for trust-and-safety teams</a></p>
</footer>
</body>
</html>
"""


def home_page(max_bytes: int) -> str:
    limit = f"{max_bytes / 1_000_000:g} MB"
    body = f"""
<h1>Is this stem-cell or exosome offer telling the truth?</h1>
<p class="lead">Paste what a clinic wrote, upload a saved web page, or give its address.
We point out claims that regulators treat as illegal or deceptive, explain each one, and
suggest questions to ask before you pay.</p>

<form class="card" method="post" action="/check" id="form-text">
  <h2><label for="text">Paste text</label></h2>
  <p class="hint" id="text-hint">For example an advert, an email, or the text of a web
  page.</p>
  <textarea id="text" name="text" rows="9" aria-describedby="text-hint" required
    spellcheck="false"></textarea>
  <button type="submit">Check text</button>
</form>

<form class="card" method="post" action="/check" enctype="multipart/form-data" id="form-file">
  <h2><label for="file">Upload a saved web page</label></h2>
  <p class="hint" id="file-hint">An .html file (in your browser: File, Save page as) or a
  .txt file, up to {escape(limit)}.</p>
  <input type="file" id="file" name="file" accept=".html,.htm,.xhtml,.txt,text/html,text/plain"
    aria-describedby="file-hint" required>
  <button type="submit">Check file</button>
</form>

<form class="card" method="post" action="/check" id="form-url">
  <h2><label for="url">Give a web address</label></h2>
  <p class="hint" id="url-hint">We fetch the public page once and check its text.</p>
  <input type="url" id="url" name="url" inputmode="url" autocomplete="url"
    placeholder="https://" aria-describedby="url-hint" required>
  <button type="submit">Check address</button>
</form>
"""
    return _frame("Check a clinic's claims", body)


# What an error means for someone using the page; the technical message follows it.
_ERROR_HELP = {
    "ssrf": "We only open public web pages. This address points to a private, local or "
            "internal network, so we did not open it.",
    "fetch": "We could not get that page. Check the address, or save the page in your "
             "browser (File, Save page as) and upload the file instead.",
    "unsupported-type": "That address is not a web page or text (for example an image or "
                        "a PDF).",
    "too-large": "That is more than we check at once. Try a shorter part of the text.",
    "timeout": "Checking that took too long. Try a shorter part of the text.",
    "busy": "Many people are checking right now. Please try again in a minute.",
    "empty": "There was nothing to check.",
    "binary": "That file is not a web page or a text file.",
    "decode": "We could not read the letters in that file. Try saving it as UTF-8 text.",
}


def error_page(status: int, message: str, kind: str | None = None) -> str:
    titles = {400: "We could not read that request", 413: "That is too large to check",
              422: "We could not check that", 503: "The checker is busy",
              504: "That took too long to check", 404: "Page not found"}
    title = titles.get(status, "Something went wrong")
    help_text = _ERROR_HELP.get(kind or "")
    if help_text and help_text != message:
        alert = (f"{escape(help_text)}<br><span class=\"detail\">Details: "
                 f"{escape(message)}</span>")
    else:
        alert = escape(message)
    body = f"""
<h1>{escape(title)}</h1>
<p class="error" role="alert">{alert}</p>
<p><a href="/">Check something else</a></p>
"""
    return _frame(title, body)


# -- the result -----------------------------------------------------------------------------

def _label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category)


def _plain(reason: str) -> str:
    """A verdict reason with category ids in plain words ("disease-claim" -> "claims to
    treat a disease")."""
    for cat in sorted(CATEGORY_LABELS, key=len, reverse=True):
        reason = reason.replace(cat, CATEGORY_LABELS[cat].lower())
    return reason


def _tip_basis(basis: list[str]) -> str:
    """A short basis line for a tooltip: the first source, then how many more."""
    refs = basis_refs(basis)
    if not refs:
        return ""
    first = refs[0].get("source") or refs[0]["id"]
    more = f" and {len(refs) - 1} more in the list" if len(refs) > 1 else ""
    return f'<span class="tip-basis">Basis: {escape(first)}{more}</span>'


def highlight(text: str, findings: list[dict[str, Any]]) -> str:
    """The text as HTML with every finding marked in place.

    Findings may overlap (a claim and the disease name inside it): the text is cut at every
    boundary and each piece is marked once, coloured by the most severe (then narrowest)
    finding covering it, its tooltip listing all of them. The piece where a finding ends
    carries the finding's number, matching the list below.
    """
    spans = [(f["start"], f["end"], i) for i, f in enumerate(findings)
             if 0 <= f["start"] < f["end"] <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[str] = []
    for n, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False)):
        piece = escape(text[a:b])
        covering = [i for s, e, i in spans if s <= a and b <= e]
        if not covering:
            out.append(piece)
            continue
        main = min(covering, key=lambda i: (findings[i]["severity"] != "high",
                                            findings[i]["end"] - findings[i]["start"]))
        ending = [str(i + 1) for s, e, i in spans if e == b and i in covering]
        tip_items = "".join(
            f'<span class="tip-item"><strong>{i + 1}. {escape(_label(findings[i]["category"]))}'
            f'</strong> {escape(findings[i]["message"])}'
            f'{_tip_basis(findings[i].get("basis") or [])}</span>'
            for i in covering)
        ref = f' data-ref="{",".join(ending)}"' if ending else ""
        cat = escape(findings[main]["category"])
        out.append(
            f'<mark class="hl c-{cat}" tabindex="0" data-findings="'
            f'{" ".join(str(i + 1) for i in covering)}"{ref} aria-describedby="tip-{n}">'
            f'{piece}<span class="tip" role="tooltip" id="tip-{n}">{tip_items}</span>'
            f"</mark>")
    return "".join(out)


def _basis_html(basis: list[str]) -> str:
    refs = basis_refs(basis)
    if not refs:
        return ""
    items = []
    for ref in refs:
        if "source" not in ref:
            items.append(f"<li><code>{escape(ref['id'])}</code></li>")
            continue
        source = escape(ref["source"])
        if str(ref.get("url") or "").startswith(("https://", "http://")):
            source = f'<a href="{escape(ref["url"])}" rel="noopener noreferrer">{source}</a>'
        status = "" if ref.get("confirmed") else ' <span class="unconfirmed">unconfirmed</span>'
        items.append(f"<li>{escape(ref['statement'])} <span class=\"cite\">({source}, "
                     f"{escape(ref['jurisdiction'])}, {escape(ref['date'])}){status}"
                     "</span></li>")
    return ('<details class="basis"><summary>Why we say so</summary><ul>'
            + "".join(items) + "</ul></details>")


def result_page(record: dict[str, Any], source_label: str) -> str:
    verdict = record.get("verdict") or "low"
    findings = record.get("findings") or []
    text = record.get("text") or ""
    lang = record.get("lang")
    title, words = VERDICT_TEXT.get(verdict, VERDICT_TEXT["low"])
    reasons = "".join(f"<li>{escape(_plain(r))}</li>"
                      for r in record.get("verdict_reasons") or [])
    count = len(findings)
    summary = (f"We found {count} claim{'s' if count != 1 else ''} to look at."
               if count else "We found no claims to point out.")

    by_cat: dict[str, int] = {}
    for f in findings:
        by_cat[f["category"]] = by_cat.get(f["category"], 0) + 1
    legend_items = []
    for cat in CATEGORY_LABELS:
        if cat not in by_cat:
            continue
        explained = category_text(cat, lang)
        explained_html = f'<span class="why">{escape(explained)}</span>' if explained else ""
        legend_items.append(
            f'<li class="c-{escape(cat)}"><span class="swatch" aria-hidden="true"></span>'
            f'<strong>{escape(_label(cat))}</strong> ({by_cat[cat]}) {explained_html}</li>')
    legend = (f'<section aria-labelledby="kinds-h"><h2 id="kinds-h">What kinds of claims</h2>'
              f'<ul class="legend">{"".join(legend_items)}</ul></section>'
              if legend_items else "")

    items = []
    for i, f in enumerate(findings, 1):
        block = (f.get("context") or {}).get("block", "main")
        where = f" · in the page's {escape(block)}" if block != "main" else ""
        items.append(
            f'<li id="finding-{i}" class="finding c-{escape(f["category"])}">'
            f'<span class="badge">{escape(_label(f["category"]))}</span> '
            f'<q>{escape(f["quote"])}</q>'
            f'<p>{escape(f["message"])}</p>'
            f'<p class="meta">Rule <a href="/v1/rules/{escape(f["rule"])}">'
            f'{escape(f["rule"])}</a> · {escape(f["severity"])} severity{where}'
            f"</p>{_basis_html(f['basis'])}</li>")
    findings_html = (f'<section aria-labelledby="list-h"><h2 id="list-h">Each claim, '
                     f'explained</h2><ol class="findings">{"".join(items)}</ol></section>'
                     if items else "")

    text_html = ""
    if text:
        text_html = f"""
<section aria-labelledby="text-h">
<h2 id="text-h">The text, with the claims marked</h2>
<p class="hint no-print">Tap, hover over or tab to a marked passage to see why it is
marked; the numbers match the list below.</p>
<div class="doc" id="doc" lang="{escape(lang or 'und')}">{highlight(text, findings)}</div>
</section>"""

    qs = "".join(f"<li>{escape(q)}</li>" for q in questions(lang))
    questions_html = f"""
<section aria-labelledby="q-h" class="questions">
<h2 id="q-h">Questions to ask the clinic</h2>
<p>Ask before you pay or agree to anything. A trustworthy clinic answers in writing.</p>
<ol>{qs}</ol>
</section>"""

    dismissed = len(record.get("dismissed") or [])
    dismissed_html = (f'<p class="hint">{dismissed} other passage'
                      f'{"s" if dismissed != 1 else ""} looked like a claim but was not '
                      "counted (for example it was negated, asked as a question, or "
                      "quoted from a regulator).</p>" if dismissed else "")

    body = f"""
<section class="verdict v-{escape(verdict)}" role="status" aria-live="polite"
  aria-labelledby="verdict-h">
  <p class="checked">Checked: {escape(source_label)}</p>
  <h1 id="verdict-h"><span class="verdict-word">{escape(title)}</span></h1>
  <p class="words">{escape(words)}</p>
  <p class="summary">{escape(summary)}</p>
  {f'<ul class="reasons" aria-label="Reasons">{reasons}</ul>' if reasons else ""}
</section>
<p class="actions no-print"><a href="/">Check something else</a>
<button type="button" class="print" hidden>Print this result</button></p>
{legend}
{text_html}
{findings_html}
{dismissed_html}
{questions_html}
"""
    return _frame(f"{title}: result", body, main_class="result")
