"""The layer contract of architecture.md: a module imports only from its own or lower
layers, the core never imports a face, and the faces never import each other."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "src" / "regenwatch"
LAYERS = {
    "__init__": 0, "model": 0, "re2scan": 0, "yamlfast": 0,
    "normalize": 1, "extract": 1, "htmlpos": 1, "decode": 1, "segment": 1, "rules": 1,
    "kb": 1, "lexicon": 1, "lang": 1,
    "match": 2, "context": 2, "signals": 2,
    "detect": 3,
    "assess": 4, "explain": 4,
    "api": 5,
    "sources": 6, "report": 6, "store": 6, "prefilter": 6, "records": 6,
    "scan": 7, "spark": 7, "web": 7, "evaluate": 7, "lint": 7,
    "cli": 8, "__main__": 8,
}
FACES = {name for name, layer in LAYERS.items() if layer == 7}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "regenwatch" and len(parts) > 1:
                found.add(parts[1])
    return found


MODULES = sorted(p for p in ROOT.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_has_a_layer():
    tops = {p.relative_to(ROOT).parts[0].removesuffix(".py") for p in MODULES}
    assert tops <= set(LAYERS), tops - set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_respect_layers(path):
    top = path.relative_to(ROOT).parts[0].removesuffix(".py")
    for target in _imports(path) - {top}:
        if target not in LAYERS:
            continue  # e.g. `from regenwatch import __version__`
        assert LAYERS[target] <= LAYERS[top], f"{top} (L{LAYERS[top]}) imports {target}"
        assert not (top in FACES and target in FACES), f"face {top} imports face {target}"
