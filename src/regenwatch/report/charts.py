"""PNG charts of a scan summary, drawn with matplotlib's Agg backend (no display needed).

One horizontal bar chart per question a reader asks (how risky, which claims, which
conditions, which routes, which sites), each readable on its own: title, counted unit on the
axis, the value printed at each bar. A chart with nothing to show is not drawn.
"""

from __future__ import annotations

from pathlib import Path

VERDICT_COLORS = {"high": "#c0392b", "elevated": "#e6a117", "low": "#3a9d5d",
                  "failed": "#7f8c8d"}
BAR = "#3b6ea5"


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _barh(path: Path, labels: list[str], values: list[int], title: str, xlabel: str,
          colors: list[str] | None = None) -> Path:
    plt = _plt()
    height = max(2.4, 0.42 * len(labels) + 1.3)
    fig, ax = plt.subplots(figsize=(8, height), dpi=110)
    y = range(len(labels))
    bars = ax.barh(list(y), values, color=colors or BAR)
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.bar_label(bars, padding=3, fontsize=9)
    ax.margins(x=0.12)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _domains(path: Path, rows: list[dict]) -> Path:
    plt = _plt()
    rows = rows[:15]
    labels = [r["domain"] for r in rows]
    fig, ax = plt.subplots(figsize=(8, max(2.8, 0.42 * len(rows) + 1.8)), dpi=110)
    left = [0.0] * len(rows)
    for verdict in ("high", "elevated", "low"):
        vals = [100 * r[verdict] / r["documents"] for r in rows]
        ax.barh(range(len(rows)), vals, left=left, color=VERDICT_COLORS[verdict],
                label=verdict)
        left = [a + b for a, b in zip(left, vals, strict=True)]
    for i, r in enumerate(rows):
        ax.text(101, i, f"{r['documents']} pages", va="center", fontsize=9)
    ax.set_yticks(range(len(rows)), labels)
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.invert_yaxis()
    ax.set_title("Domains ranked by risk", loc="left", fontsize=12, fontweight="bold")
    ax.set_xlabel("% of the domain's pages by verdict (riskiest first)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.2 - 0.3 / max(len(rows), 1)),
              ncol=3, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def draw_all(summary, out: Path) -> dict[str, Path]:
    """Draw every chart that has data; returns {name: path}."""
    charts: dict[str, Path] = {}
    v = {k: n for k, n in summary.verdicts.items() if n or k != "failed"}
    if summary.documents:
        charts["verdicts"] = _barh(out / "verdicts.png", list(v), list(v.values()),
                                   "Verdicts", "documents",
                                   [VERDICT_COLORS[k] for k in v])
    if summary.categories:
        charts["categories"] = _barh(out / "categories.png",
                                     [c for c, _d, _f in summary.categories],
                                     [d for _c, d, _f in summary.categories],
                                     "Claim categories", "documents with a finding")
    if summary.conditions:
        charts["conditions"] = _barh(out / "conditions.png",
                                     [f"{c} ({s})" for c, s, _n in summary.conditions],
                                     [n for _c, _s, n in summary.conditions],
                                     "Most-claimed conditions (disease claims)", "documents")
    if summary.routes:
        charts["routes"] = _barh(out / "routes.png", [r for r, _n in summary.routes],
                                 [n for _r, n in summary.routes],
                                 "Risky routes of administration claimed", "documents")
    if summary.domains:
        charts["domains"] = _domains(out / "domains.png", summary.domains)
    return charts
