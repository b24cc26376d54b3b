"""Summary of a scan's results: what `regenwatch report` shows.

Reads any store `scan` writes (a DuckDB file, a Parquet directory, a JSON Lines file)
through one DuckDB connection with ``documents``, ``findings`` and ``errors`` views, so the
aggregation is SQL over the documented schema (see ``regenwatch.store``) and does not load
the records into Python.

Derived figures and why they are derived the way they are:

* conditions: the disease-claim quotes matched against the lexicon's condition terms
  (longest term first, whole words), folded to one name per condition ("Parkinson's
  disease", "parkinsons" -> "parkinson"), counted once per document - a page repeating
  "cures MS" ten times is one page claiming MS;
* routes: the same for risky-route quotes and the lexicon's route terms;
* domains: host names of ``source`` URLs (path sources have none), ranked by risk: the
  mean of their pages' verdict weights (high 1, elevated 0.5, low 0), then mean score, then
  pages - a share, not a count, so a big neutral site does not outrank a small clinic
  whose every page is high.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from regenwatch.model import CATEGORIES, VERDICTS


class ReportError(Exception):
    """The results cannot be read."""


def connect(results: str | Path):
    """A DuckDB connection with documents, findings and errors for any scan output."""
    import duckdb

    p = Path(results)
    if not p.exists():
        raise ReportError(f"{p}: no such file or directory")
    name = p.name.lower()
    try:
        if name.endswith((".duckdb", ".db")):
            return duckdb.connect(str(p), read_only=True)
        con = duckdb.connect()
        if name.endswith(".parquet"):
            from regenwatch.store import SCHEMAS, ParquetStore, _create_sql

            store = ParquetStore(p)  # finishes a merge a kill interrupted
            for table, schema in SCHEMAS.items():
                files = [str(f) for f in store._files(table)]
                if files:
                    con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({files!r})")
                else:
                    con.execute(_create_sql(table, schema))
            return con
        if name.endswith((".jsonl", ".ndjson")):
            _load_jsonl(con, p)
            return con
    except duckdb.Error as exc:
        raise ReportError(f"{p}: {str(exc).splitlines()[0]}") from exc
    raise ReportError(f"{p}: expected a .duckdb file, a .parquet directory or a .jsonl file")


def _load_jsonl(con, path: Path) -> None:
    from regenwatch.store import SCHEMAS, _create_sql, make_row, tables_of

    for table, schema in SCHEMAS.items():
        con.execute(_create_sql(table, schema))

    def flush(rows):
        for table, tbl in tables_of(rows).items():
            con.register("_batch", tbl)
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _batch")
            con.unregister("_batch")

    rows = []
    with path.open("rb") as fh:
        for seq, raw in enumerate(fh):
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw)
            except ValueError as exc:
                raise ReportError(f"{path}:{seq + 1}: not JSON") from exc
            rows.append(make_row(rec, seq, str(path), "", line=""))
            if len(rows) >= 5000:
                flush(rows)
                rows = []
    flush(rows)


@dataclass
class Summary:
    documents: int = 0
    failed: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    categories: list[tuple[str, int, int]] = field(default_factory=list)  # cat, docs, finds
    conditions: list[tuple[str, str, int]] = field(default_factory=list)  # name, system, docs
    routes: list[tuple[str, int]] = field(default_factory=list)  # route, docs
    domains: list[dict[str, Any]] = field(default_factory=list)
    errors: list[tuple[str, int]] = field(default_factory=list)  # kind, records
    inputs: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents, "failed": self.failed, "verdicts": self.verdicts,
            "categories": [{"category": c, "documents": d, "findings": f}
                           for c, d, f in self.categories],
            "conditions": [{"condition": c, "system": s, "documents": d}
                           for c, s, d in self.conditions],
            "routes": [{"route": r, "documents": d} for r, d in self.routes],
            "domains": self.domains,
            "errors": [{"kind": k, "records": n} for k, n in self.errors],
            "inputs": self.inputs,
        }


class _TermFinder:
    """Whole-word, longest-first matching of lexicon terms, folded to one name each."""

    def __init__(self, groups: dict[str, tuple[str, ...]]) -> None:
        self.group: dict[str, str] = {}
        for group, terms in groups.items():
            for t in terms:
                self.group.setdefault(t.lower(), group)
        terms = sorted(self.group, key=len, reverse=True)
        self.rx = re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in terms) + r")(?!\w)",
                             re.IGNORECASE) if terms else None

    def fold(self, term: str) -> str:
        for pattern in (r"'s disease$", r" disease$", r"'s$", r"s$"):
            base = re.sub(pattern, "", term)
            if base != term and base in self.group:
                return base
        return term

    def find(self, quote: str) -> set[tuple[str, str]]:
        if self.rx is None:
            return set()
        quote = quote.replace("\u2019", "'")
        return {(self.fold(m.group(1).lower()), self.group[m.group(1).lower()])
                for m in self.rx.finditer(quote)}


def _lexicon_groups() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    from regenwatch import lexicon

    conditions: dict[str, list[str]] = defaultdict(list)
    routes: list[str] = []
    for lang in lexicon.available_languages():
        lex = lexicon.load(lang)
        for system, terms in lex.conditions.items():
            conditions[system].extend(terms)
        routes.extend(lex.routes)
    return ({k: tuple(v) for k, v in conditions.items()}, {"route": tuple(routes)})


def _domain(source: str | None) -> str | None:
    if not source or "://" not in source[:12]:
        return None
    try:
        parts = urlsplit(source)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    return host[4:] if host.startswith("www.") else host


def _per_doc_terms(con, category: str, finder: _TermFinder) -> Counter:
    counts: Counter = Counter()
    cur = con.execute("SELECT input, doc_id, list(quote) FROM findings WHERE category = ? "
                      "GROUP BY input, doc_id", [category])
    while chunk := cur.fetchmany(10_000):
        for _input, _doc, quotes in chunk:
            found: set[tuple[str, str]] = set()
            for q in quotes:
                found |= finder.find(q)
            counts.update(found)
    return counts


def summarize(con, top: int = 20) -> Summary:
    """Aggregate the documents, findings and errors views of ``con``."""
    s = Summary()
    s.documents, s.failed = con.execute(
        "SELECT count(*), count(error_kind) FROM documents").fetchone()
    got = dict(con.execute("SELECT coalesce(verdict, 'failed'), count(*) FROM documents "
                           "GROUP BY ALL").fetchall())
    s.verdicts = {v: got.get(v, 0) for v in (*reversed(VERDICTS), "failed")}
    by_cat = {c: (d, f) for c, d, f in con.execute(
        "SELECT category, count(DISTINCT (input, doc_id)), count(*) FROM findings "
        "GROUP BY category").fetchall()}
    order = [c for c in CATEGORIES if c in by_cat] + sorted(set(by_cat) - set(CATEGORIES))
    s.categories = sorted(((c, *by_cat[c]) for c in order), key=lambda r: -r[1])
    cond_groups, route_groups = _lexicon_groups()
    conds = _per_doc_terms(con, "disease-claim", _TermFinder(cond_groups))
    s.conditions = [(name, system, n) for (name, system), n in conds.most_common(top)]
    routes = _per_doc_terms(con, "risky-route", _TermFinder(route_groups))
    s.routes = [(name, n) for (name, _g), n in routes.most_common(top)]
    s.errors = con.execute("SELECT kind, count(*) FROM errors GROUP BY kind "
                           "ORDER BY 2 DESC, 1").fetchall()
    s.inputs = [i for (i,) in con.execute("SELECT DISTINCT input FROM documents ORDER BY 1")
                .fetchall()]
    doms: dict[str, Counter] = defaultdict(Counter)
    cur = con.execute("SELECT source, verdict, score FROM documents WHERE error_kind IS NULL")
    while chunk := cur.fetchmany(50_000):
        for source, verdict, score in chunk:
            d = _domain(source)
            if d is None:
                continue
            c = doms[d]
            c["documents"] += 1
            c[verdict or "failed"] += 1
            c["score_sum"] += score or 0
            c["score_max"] = max(c["score_max"], score or 0)
    rows = [{"domain": d, "documents": c["documents"], "high": c["high"],
             "elevated": c["elevated"], "low": c["low"],
             "risk": round((c["high"] + 0.5 * c["elevated"]) / c["documents"], 3),
             "mean_score": round(c["score_sum"] / c["documents"], 1),
             "max_score": c["score_max"]} for d, c in doms.items()]
    rows.sort(key=lambda r: (-r["risk"], -r["mean_score"], -r["documents"], r["domain"]))
    s.domains = rows[:top]
    return s


def write_report(results: str | Path, out_dir: str | Path) -> list[Path]:
    """summary.json, the PNG charts and a self-contained report.html in ``out_dir``."""
    from regenwatch.report.charts import draw_all
    from regenwatch.report.html import render_html

    con = connect(results)
    try:
        summary = summarize(con)
    finally:
        con.close()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    js = out / "summary.json"
    js.write_text(json.dumps(summary.to_json(), indent=2, ensure_ascii=False) + "\n",
                  encoding="utf-8")
    charts = draw_all(summary, out)
    page = out / "report.html"
    page.write_text(render_html(summary, charts, str(results)), encoding="utf-8")
    return [js, *charts.values(), page]
