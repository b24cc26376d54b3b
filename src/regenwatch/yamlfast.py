"""The YAML loader every data file goes through: libyaml's C parser when PyYAML has it.

Start-up parses the rule packs, lexicons and knowledge base (about 1 MB of YAML); the pure
Python parser took about 2 s of it, a fixed cost paid again by every CLI call and every
scan. The C parser gives the same nodes, marks (line numbers) and errors.
"""

from __future__ import annotations

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


def safe_load(text: str):
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader
