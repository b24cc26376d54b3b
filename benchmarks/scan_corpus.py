"""Generated JSONL corpora for the scan tests and benchmark: invented, deterministic text.

Short marketing-like and neutral paragraphs from a small phrase pool (the project's own
words, no third-party text), each record with an ``id``, a ``url`` on one of a few invented
domains and ``text`` or ``html``; optional bad records (no id, bad JSON, a duplicate id,
no content) exercise the failure paths.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

# domain -> how many claims a page makes (one is drawn per page): clinics claim more
DOMAINS = {"exo-renew-clinic.example": [0, 1, 1, 2], "stemcell-hope.example": [0, 0, 1, 2],
           "cellcure-spa.example": [0, 0, 0, 1], "wellness-news.example": [0, 0, 0, 0, 1],
           "regen-facts.example": [0]}
CLAIMS = [
    "Our exosome therapy treats Parkinson's disease and multiple sclerosis.",
    "Stem cell injections cure knee arthritis without surgery.",
    "Umbilical cord stem cells are FDA approved for autism.",
    "We deliver mesenchymal stem cells intravenously and by intrathecal injection.",
    "Exosome IV drips reverse long COVID in one session, guaranteed results.",
    "Our stem cell treatment is completely safe with no side effects.",
    "Join our paid stem cell trial for COPD; patients pay $9,500 to participate.",
    "Exosomes are exempt from FDA approval as a 361 HCT/P product.",
]
NEUTRAL = [
    "The clinic is open Monday to Friday and parking is free.",
    "Regenerative medicine is an active research field with many open questions.",
    "Ask your doctor about the evidence before any cell-based treatment.",
    "Our team has served the community for ten years.",
    "Read our blog for news about skin care and healthy ageing.",
    "Stem cell research is regulated and most products are not approved.",
]


def records(n: int, seed: int = 5, bad: bool = False, html_share: float = 0.3):
    rng = random.Random(seed)
    for i in range(n):
        domain = rng.choice(list(DOMAINS))
        parts = rng.sample(NEUTRAL, 2) + rng.sample(CLAIMS, rng.choice(DOMAINS[domain]))
        rng.shuffle(parts)
        text = " ".join(parts)
        rec = {"id": f"doc-{i:07d}", "url": f"https://{domain}/page/{i}",
               "label": "ignored"}
        if rng.random() < html_share:
            rec["html"] = f"<html><head><title>Page {i}</title></head><body><p>{text}</p>" \
                          "</body></html>"
        else:
            rec["text"] = text
        yield json.dumps(rec)
        if bad and i % 250 == 7:
            yield '{"id": "broken", "text": '  # bad JSON
            yield json.dumps({"text": "no id here"})
            yield json.dumps({"id": f"doc-{i:07d}", "text": "a duplicate id"})
            yield json.dumps({"id": f"empty-{i}"})


def write(path: str | Path, n: int, seed: int = 5, bad: bool = False) -> Path:
    path = Path(path)
    with path.open("w", encoding="utf-8") as fh:
        for line in records(n, seed, bad):
            fh.write(line + "\n")
    return path


if __name__ == "__main__":
    write(sys.argv[1], int(sys.argv[2]), bad="--bad" in sys.argv)
