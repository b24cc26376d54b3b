"""``run_normalize``: the body of ``regenwatch normalize [PATH|-] [--explain]``."""

from __future__ import annotations

import io
import sys

from regenwatch.normalize.cli_command import run_normalize


def test_prints_normalised_text(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_text("\ufeffOur FDА аpprоvеd a p p r o v e d cure", encoding="utf-8")
    assert run_normalize(str(p), False) == 0
    assert capsys.readouterr().out == "Our FDA approved approved cure\n"


def test_explain_lists_changes(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_text("sa\u200bfe F.D.A.", encoding="utf-8")
    assert run_normalize(str(p), True) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "invisible\t2:3\t'\\u200b' -> ''"
    assert out[1].startswith("dotted-abbreviation\t") and out[1].endswith("(not counted)")
    assert out[-1].startswith("# ")


def test_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"s@fe\n")))
    assert run_normalize("-", False) == 0
    assert capsys.readouterr().out == "safe\n"


def test_errors_exit_2_with_one_line(tmp_path, capsys):
    missing = tmp_path / "nope.txt"
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01\x02ELF\x00")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 latin-1")
    for path in (missing, binary, bad, tmp_path):
        assert run_normalize(str(path), False) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "error" in err


def test_lone_surrogate_printable(tmp_path, capsys, monkeypatch):
    from regenwatch.normalize import cli_command

    monkeypatch.setattr(cli_command, "read_input", lambda _p: "a\ud800b")
    assert run_normalize("x", False) == 0
    assert capsys.readouterr().out == "a\ufffdb\n"
