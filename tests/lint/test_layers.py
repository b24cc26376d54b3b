"""`lint` is a face: it drives api.check() and imports no other face, and the emitters it
uses (report/sarif.py, report/github.py) import no face at all (architecture.md layers)."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "regenwatch"
FACES = ("regenwatch.scan", "regenwatch.spark", "regenwatch.web", "regenwatch.evaluate",
         "regenwatch.cli")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_lint_imports_no_other_face():
    for path in (SRC / "lint").glob("*.py"):
        bad = {n for n in _imports(path) if n.startswith(FACES)}
        assert not bad, (path.name, bad)


def test_emitters_import_no_face():
    for name in ("sarif.py", "github.py"):
        bad = {n for n in _imports(SRC / "report" / name)
               if n.startswith((*FACES, "regenwatch.lint"))}
        assert not bad, (name, bad)
