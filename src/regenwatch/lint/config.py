"""Lint settings from `regenwatch.toml` or `[tool.regenwatch]` in `pyproject.toml`.

Found like ruff finds its config: walk up from the current directory; the first directory
holding `regenwatch.toml`, or a `pyproject.toml` with a `[tool.regenwatch]` table, wins
(`regenwatch.toml` before `pyproject.toml` in the same directory). A `pyproject.toml`
without the table is passed over, so a Python project's own file does not stop the search.
Keys: `select`, `ignore`, `exclude` (lists of strings), `fail-on` (`high`, `elevated`,
`never`), `strict` (bool), `lang`. Each CLI flag that is given replaces the key's value.
Unknown keys and wrong types are refused (exit 2): a misspelt `ignor` must not silently
lint everything.

`exclude` globs are relative to the config file's directory and match a path, any of its
parent directories, or (a glob without "/") any single path component, so `node_modules`,
`_site/**` and `drafts/*.md` all work. They apply to paths named on the command line too,
because pre-commit names files one by one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                   ".tox", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml",
                   "package-lock.json")
_KEYS = {"select": list, "ignore": list, "exclude": list, "fail-on": str, "strict": bool,
         "lang": str}
FAIL_ON = ("high", "elevated", "never")


class ConfigError(ValueError):
    pass


@dataclass
class LintConfig:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: str = "high"
    strict: bool = False
    lang: str | None = None
    root: Path = field(default_factory=Path.cwd)  # exclude globs are relative to this
    path: Path | None = None  # the file it came from

    def excluded(self, path: Path) -> bool:
        try:
            rel = PurePosixPath(path.resolve().relative_to(self.root.resolve()).as_posix())
        except ValueError:
            rel = PurePosixPath(path.as_posix())
        parts = rel.parts
        prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
        for pat in DEFAULT_EXCLUDE + self.exclude:
            pat = pat.strip("/")
            if "/" not in pat and any(fnmatchcase(p, pat) for p in parts):
                return True
            if any(fnmatchcase(p, pat) for p in prefixes):
                return True
        return False


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / "regenwatch.toml"
        if candidate.is_file():
            return candidate
        py = directory / "pyproject.toml"
        if py.is_file() and "regenwatch" in _read(py).get("tool", {}):
            return py
    return None


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def load_config(start: Path | None = None) -> LintConfig:
    path = find_config(start)
    if path is None:
        return LintConfig(root=(start or Path.cwd()).resolve())
    data = _read(path)
    if path.name == "pyproject.toml":
        data = data["tool"]["regenwatch"]
    lint = data.pop("lint", None)  # `[tool.regenwatch.lint]` is accepted as the same table
    if isinstance(lint, dict):
        data.update(lint)
    for key, value in list(data.items()):
        if isinstance(value, dict):  # another face's sub-table ([tool.regenwatch.scan]...)
            del data[key]
            continue
        want = _KEYS.get(key)
        if want is None:
            raise ConfigError(f"{path}: unknown key {key!r} (known: {', '.join(sorted(_KEYS))})")
        if not isinstance(value, want) or (want is list and
                                           not all(isinstance(v, str) for v in value)):
            raise ConfigError(f"{path}: {key} must be a {want.__name__}"
                              + (" of strings" if want is list else ""))
    fail_on = data.get("fail-on", "high")
    if fail_on not in FAIL_ON:
        raise ConfigError(f"{path}: fail-on must be one of {', '.join(FAIL_ON)}")
    return LintConfig(select=tuple(data.get("select", ())), ignore=tuple(data.get("ignore", ())),
                      exclude=tuple(data.get("exclude", ())), fail_on=fail_on,
                      strict=data.get("strict", False), lang=data.get("lang"),
                      root=path.parent.resolve(), path=path)
