"""Synthetic web pages for the prefilter recall test and the WARC benchmark.

Two kinds: a given text rendered as HTML in one of several layouts (how product words
reach raw bytes in the wild: plain paragraphs, words split by inline tags, ``&nbsp;`` and
other entities, text only in a footer or aside, text only in the meta description), and
decoy pages on unrelated topics that share words with our domain ("stem" in gardening,
"FDA approved" in health news, "cell" in phones and batteries). Deterministic for a seed.
"""

from __future__ import annotations

import html
import random

LAYOUTS = ("plain", "inline", "entities", "footer", "aside", "meta", "cp1252")

_FILLER = (
    "the of and to in for on with at by from about as into like through after over between "
    "out against during without before under around among our your their this that these "
    "those new best great local team service quality people year day time way home page "
    "world family life work place price free online shop news blog contact support help"
).split()

DECOY_TOPICS: dict[str, list[str]] = {
    "gardening": [
        "Cut each stem just below a leaf node and place it in water.",
        "Roses with woody stems root best from semi-hardwood cuttings in late summer.",
        "Remove the lower leaves so the stem does not rot in the soil.",
        "A healthy plant cell wall keeps the stem upright in strong wind.",
        "Mulch keeps the soil moist and protects young stems from frost.",
    ],
    "health-news": [
        "The FDA approved a new oral drug for rheumatoid arthritis on Tuesday.",
        "Researchers reported that the treatment reduced joint pain in a clinical trial.",
        "The agency cleared the device for patients with chronic knee pain.",
        "Doctors warn that the flu season may peak earlier this year.",
        "A large study linked regular walking to lower blood pressure.",
    ],
    "recipes": [
        "Whisk the eggs with sugar until pale, then fold in the flour.",
        "Trim the stems of the parsley and chop the leaves finely.",
        "Roast the peppers until the skin blisters, then peel them.",
        "Let the dough rest for thirty minutes before rolling it out.",
    ],
    "tech": [
        "The new phone has a larger battery cell and a brighter screen.",
        "Our cell phone plans include unlimited data and free roaming.",
        "STEM education programs help students learn to code.",
        "The update fixes a bug in the spreadsheet cell formatting.",
    ],
    "sports": [
        "The striker scored twice in the second half to win the match.",
        "Recovery after a marathon takes about two weeks of easy running.",
        "The team signed a new goalkeeper before the transfer deadline.",
    ],
    "finance": [
        "Mortgage rates rose for the third week in a row.",
        "Analysts expect the central bank to hold interest rates steady.",
        "The company reported strong quarterly earnings and raised its outlook.",
    ],
    "travel": [
        "The old town is best explored on foot early in the morning.",
        "Book the ferry in advance during the summer season.",
        "The museum is closed on Mondays and public holidays.",
    ],
    "pets": [
        "Puppies need several small meals a day until they are six months old.",
        "Brush your cat weekly to reduce hairballs.",
    ],
}


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_FILLER) for _ in range(n))


def _boilerplate_head(rng: random.Random, title: str, description: str, pad: int) -> str:
    css = "".join(
        f".c{i}{{margin:{rng.randint(0, 20)}px;color:#{rng.randint(0, 0xFFFFFF):06x}}}"
        for i in range(pad // 40 + 1)
    )
    js = "var cfg = " + repr({f"k{i}": rng.randint(0, 10**6) for i in range(pad // 30 + 1)})
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n"
        f"<meta name=\"description\" content=\"{html.escape(description)}\">\n"
        f"<style>{css}</style>\n<script>{js};</script>\n</head>\n"
    )


def _nav(rng: random.Random) -> str:
    items = "".join(f"<li><a href=\"/{w}\">{w.title()}</a></li>" for w in rng.sample(_FILLER, 8))
    return f"<nav><ul class=\"menu\">{items}</ul></nav>\n"


def _filler_paragraphs(rng: random.Random, size: int) -> str:
    out, total = [], 0
    while total < size:
        p = f"<p class=\"c{rng.randint(0, 9)}\">{_words(rng, rng.randint(20, 80))}.</p>\n"
        out.append(p)
        total += len(p)
    return "".join(out)


def _inline(text: str, rng: random.Random) -> str:
    out = []
    for i, word in enumerate(text.split(" ")):
        word = html.escape(word, quote=False)
        if i % 3 == 1:
            tag = rng.choice(("b", "span", "strong", "em", "a href=\"#\""))
            out.append(f"<{tag}>{word}</{tag.split()[0]}>")
        else:
            out.append(word)
    return " ".join(out)


def _entities(text: str) -> str:
    out = []
    for ch in text:
        if ch == " ":
            out.append("&nbsp;")
        elif ch in "'’":
            out.append("&#39;" if ch == "'" else "&rsquo;")
        elif ch in "<>&\"":
            out.append(html.escape(ch))
        elif not ch.isascii():
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def render(text: str, layout: str, seed: int = 0, pad: int = 2000) -> bytes:
    """``text`` (paragraphs separated by blank lines) as an HTML page in ``layout``."""
    rng = random.Random(seed)
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    other = _filler_paragraphs(rng, pad)
    description = "Welcome to our site"
    encoding = "utf-8"
    if layout == "plain" or layout == "cp1252":
        body = "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in paras)
        if layout == "cp1252":
            encoding = "cp1252"
    elif layout == "inline":
        body = "".join(f"<p>{_inline(p, rng)}</p>\n" for p in paras)
    elif layout == "entities":
        body = "".join(f"<p>{_entities(p)}</p>\n" for p in paras)
    elif layout in ("footer", "aside"):
        body = ""
        other += f"<{layout}>" + "".join(
            f"<div>{html.escape(p, quote=False)}</div>" for p in paras) + f"</{layout}>\n"
    elif layout == "meta":
        body = ""
        description = " ".join(paras)
    else:
        raise ValueError(layout)
    page = (
        _boilerplate_head(rng, "Home", description, pad // 4)
        + "<body>\n" + _nav(rng) + "<main>\n" + body + other + "</main>\n"
        + "<footer><p>&copy; 2026 All rights reserved</p></footer>\n</body></html>\n"
    )
    if encoding == "cp1252":
        page = page.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
        return page.encode("cp1252", errors="xmlcharrefreplace")
    return page.encode("utf-8")


def decoy(seed: int, size: int = 20_000) -> tuple[str, bytes]:
    """(topic, page): an unrelated page of roughly ``size`` bytes."""
    rng = random.Random(seed)
    topic = rng.choice(sorted(DECOY_TOPICS))
    sentences = DECOY_TOPICS[topic]
    paras = [" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
             for _ in range(rng.randint(3, 8))]
    # Every decoy also carries two near misses ("stem" of a rose, "cell phone"...).
    paras.append(" ".join(rng.sample(NEAR_MISSES, 2)))
    text = "\n".join(paras)
    return topic, render(text, "plain", seed=seed, pad=max(size - 2000, 500))


RELEVANT_SNIPPETS = (
    "Our clinic offers exosome therapy for knee pain and arthritis.",
    "Umbilical cord stem cells by IV infusion for autism: book a consultation today.",
    "Mesenchymal stem cell treatment is FDA approved and 100% safe, guaranteed results.",
    "Células madre para la rodilla: terapia regenerativa sin cirugía.",
    "Wharton's jelly injections for back pain, no side effects.",
)

# Phrases that share words with the domain but must NOT pass the prefilter.
NEAR_MISSES = (
    "Cut the stem at an angle.", "Stems of roses", "STEM education for girls",
    "a cell phone plan", "battery cell chemistry", "cellular data", "physical therapy",
    "the skin regenerates overnight", "power cord", "an MSc in physics",
    "systemic risk", "FDA approved drug", "chordal harmony", "amnesty", "adiposity rates",
    "the exodus", "stemware", "exotic fruit", "placebo group", "the system cell",
)
# Phrases whose words ARE anchors: pages with them pass by design (reported, not hidden).
AMBIGUOUS = (
    "regenerative agriculture", "adipose tissue", "growth factors of the economy",
    "placental mammals", "cord blood banking", "EXO concert tickets", "PRP hair treatment",
)


def near_miss_page(phrase: str, seed: int) -> bytes:
    rng = random.Random(seed)
    topic = rng.choice(sorted(DECOY_TOPICS))
    text = " ".join(rng.choice(DECOY_TOPICS[topic]) for _ in range(3)) + " " + phrase
    return render(text, "plain", seed=seed)


def malformed_page(rng: random.Random) -> str:
    """Random nesting of blocks, inline tags and uniquely numbered words, with the
    malformations parsers repair (stray </p>, implied tbody, upper case, comments)."""
    counter = [0]

    def word():
        counter[0] += 1
        return f"w{counter[0]}x"

    def inline(depth):
        parts = []
        for _ in range(rng.randint(1, 3)):
            if depth < 2 and rng.random() < 0.3:
                tag = rng.choice(["b", "i", "span", "a", "EM"])
                parts.append(f"<{tag}>{inline(depth + 1)}</{tag}>")
            else:
                parts.append(" ".join(word() for _ in range(rng.randint(1, 3))))
        return rng.choice([" ", "", "\n  "]).join(parts)

    def block(depth):
        kind = rng.random()
        if depth < 3 and kind < 0.25:
            inner = "\n".join(block(depth + 1) for _ in range(rng.randint(1, 3)))
            tag = rng.choice(["div", "section", "aside", "nav", "footer", "DIV"])
            return f"<{tag} class='c'>\n{inner}\n</{tag}>"
        if kind < 0.35:
            return f"<table><tr><td>{inline(0)}</td><td>{inline(0)}</td></tr></table>"
        if kind < 0.45:
            return "<ul>" + "".join(f"\n<li>{inline(0)}" for _ in range(3)) + "\n</ul>"
        if kind < 0.5:
            return f"<!-- <p>{word()}</p> --><p>{inline(0)}</p></p>"
        tag = rng.choice(["p", "h2", "P", "blockquote"])
        return f"<{tag}>{inline(0)}</{tag}>"

    return "<html><body>\n" + "\n".join(block(0) for _ in range(8)) + "\n</body></html>"
