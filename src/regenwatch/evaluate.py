"""`regenwatch eval`: score the detector on a labelled corpus (taxonomy record format).

Same measures as the project's scorer: per-category precision/recall/F1 by document,
verdict accuracy and the confusion matrix, so users can measure on their own data.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from regenwatch.api import check
from regenwatch.model import CATEGORIES, VERDICTS, Document


class EvalError(ValueError):
    pass


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _load(corpus: Path, lang: str | None) -> list[dict]:
    try:
        lines = corpus.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{corpus}: cannot read: {exc}") from exc
    docs = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{corpus}:{n}: not JSON: {exc.msg}") from exc
        if not isinstance(doc, dict) or "verdict" not in doc or "id" not in doc:
            raise EvalError(f"{corpus}:{n}: a labelled record needs id, verdict and text")
        if lang is None or doc.get("lang") == lang:
            docs.append(doc)
    if not docs:
        raise EvalError(f"{corpus}: no labelled documents")
    return docs


def evaluate(corpus: Path, lang: str | None = None) -> dict:
    docs = _load(corpus, lang)
    confusion: Counter = Counter()
    cats = {c: [0, 0, 0] for c in CATEGORIES}
    for doc in docs:
        report = check(Document(id=doc["id"], source=str(corpus), text=doc.get("text"),
                                html=doc.get("html")))
        confusion[(doc["verdict"], report.verdict)] += 1
        gold = set(doc.get("categories", []))
        pred = {f.category for f in report.findings}
        for c in CATEGORIES:
            if c in gold and c in pred:
                cats[c][0] += 1
            elif c in pred:
                cats[c][1] += 1
            elif c in gold:
                cats[c][2] += 1
    total = sum(confusion.values())
    correct = sum(v for (g, p), v in confusion.items() if g == p)
    micro = _prf(*(sum(c[i] for c in cats.values()) for i in range(3)))
    return {
        "documents": total,
        "verdict_accuracy": round(correct / total, 4),
        "low_judged_high": confusion[("low", "high")],
        "category_micro": dict(zip(("p", "r", "f1"), (round(x, 4) for x in micro), strict=False)),
        "per_category": {c: dict(zip(("p", "r", "f1"), (round(x, 4) for x in _prf(*v)),
                                     strict=False),
                                 support=v[0] + v[2]) for c, v in cats.items()},
        "confusion": {g: {p: confusion[(g, p)] for p in (*VERDICTS, None)} for g in VERDICTS},
    }


def render_eval(result: dict, console) -> None:
    from rich.table import Table

    console.print(f"documents: {result['documents']}   verdict accuracy: "
                  f"{result['verdict_accuracy']:.3f}   low judged high: "
                  f"{result['low_judged_high']}")
    m = result["category_micro"]
    console.print(f"category micro P/R/F1: {m['p']:.3f} / {m['r']:.3f} / {m['f1']:.3f}")
    table = Table(title="per category")
    for col in ("category", "P", "R", "F1", "support"):
        table.add_column(col)
    for c, v in result["per_category"].items():
        table.add_row(c, f"{v['p']:.2f}", f"{v['r']:.2f}", f"{v['f1']:.2f}", str(v["support"]))
    console.print(table)
    conf = Table(title="confusion (rows gold, columns predicted)")
    conf.add_column("gold")
    for p in (*VERDICTS, "error"):
        conf.add_column(p)
    for g, row in result["confusion"].items():
        conf.add_row(g, *(str(row[p]) for p in (*VERDICTS, None)))
    console.print(conf)
