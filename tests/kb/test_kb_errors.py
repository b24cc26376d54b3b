"""Broken knowledge-base files fail loudly, in one line that names the file and the record."""

from __future__ import annotations

from pathlib import Path

import pytest

from regenwatch import kb
from regenwatch.kb.cli_command import run_kb


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(data: Path) -> str:
    with pytest.raises(kb.KBError) as info:
        kb.KnowledgeBase.from_dir(data)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_copy_loads_through_load(kb_copy):
    base = kb.load(kb_copy)
    assert base.data_dir == kb_copy.resolve()
    assert base.counts() == kb.load().counts()


def test_broken_yaml(kb_copy):
    _edit(kb_copy / "harms.yaml", "facts:\n", "facts: [\n")
    msg = _error(kb_copy)
    assert "harms.yaml:" in msg and "YAML error" in msg


def test_unknown_field(kb_copy):
    _edit(kb_copy / "us-law.yaml", "  - id: us-bla\n", "  - id: us-bla\n    sorce: typo\n")
    msg = _error(kb_copy)
    assert "us-law.yaml:" in msg and "'us-bla'" in msg and "unknown field 'sorce'" in msg


def test_missing_field(kb_copy):
    path = kb_copy / "harms.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: harm-spinal")
    chunk = text[start:]
    line = next(ln for ln in chunk.splitlines() if ln.strip().startswith("citation:"))
    path.write_text(text[:start] + chunk.replace(line + "\n", "", 1), encoding="utf-8")
    msg = _error(kb_copy)
    assert "harms.yaml:" in msg and "'harm-spinal'" in msg and "missing field 'citation'" in msg


def test_bad_status(kb_copy):
    _edit(kb_copy / "eu.yaml", "    status: confirmed\n", "    status: probably\n")
    msg = _error(kb_copy)
    assert "eu.yaml:" in msg and "'eu-atmp'" in msg and "bad status 'probably'" in msg


@pytest.mark.parametrize("bad", ["2019-13-01", "06/12/2019", "2019-02-30", "yesterday"])
def test_bad_date(kb_copy, bad):
    _edit(kb_copy / "us-status.yaml", "    source_date: 2019-12-06\n", f"    source_date: {bad}\n")
    msg = _error(kb_copy)
    assert "us-status.yaml:" in msg and "'us-no-exosome-approved'" in msg and "bad date" in msg


def test_review_date_must_be_full(kb_copy):
    _edit(kb_copy / "harms.yaml", "  review_date: 2027-05-25\n", "  review_date: 2027-05\n")
    assert "bad date '2027-05'" in _error(kb_copy)


def test_duplicate_id_across_files(kb_copy):
    _edit(kb_copy / "harms.yaml", "  - id: harm-spinal\n", "  - id: us-bla\n")
    msg = _error(kb_copy)
    assert "'us-bla'" in msg and "duplicate id" in msg
    assert "harms.yaml" in msg and "us-law.yaml" in msg  # both places are named


def test_duplicate_key_in_record(kb_copy):
    _edit(kb_copy / "eu.yaml", "  - id: eu-cat\n", "  - id: eu-cat\n    id: eu-cat2\n")
    assert "duplicate key 'id'" in _error(kb_copy)


def test_basis_names_missing_fact(kb_copy):
    _edit(kb_copy / "categories.yaml", "basis: [us-ftc]", "basis: [us-ftc, us-no-such-fact]")
    msg = _error(kb_copy)
    assert "categories.yaml:" in msg and "'us-no-such-fact'" in msg and "cure-guarantee" in msg


def test_category_missing(kb_copy):
    path = kb_copy / "categories.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - category: testimonial")
    end = text.index("  - category: obfuscated-text")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    msg = _error(kb_copy)
    assert "categories.yaml" in msg and "'testimonial' has no entry" in msg


def test_unconfirmed_needs_note(kb_copy):
    _edit(kb_copy / "eu.yaml", '    status: confirmed\n    status_note: ""\n',
          '    status: unconfirmed\n    status_note: ""\n')
    assert "needs a status_note" in _error(kb_copy)


def test_product_terms_lower_case(kb_copy):
    _edit(kb_copy / "approved-products.yaml", "aliases: [maci,", "aliases: [MACI,")
    msg = _error(kb_copy)
    assert "approved-products.yaml:" in msg and "'maci'" in msg and "lower-case" in msg


def test_unknown_jurisdiction(kb_copy):
    _edit(kb_copy / "other-jurisdictions.yaml", "jurisdiction: MX", "jurisdiction: Mexico")
    assert "unknown jurisdiction 'Mexico'" in _error(kb_copy)


def test_translation_with_unknown_question(kb_copy):
    (kb_copy / "patient-questions.es.yaml").write_text(
        "lang: es\nquestions:\n  - id: q-made-up\n    text: ¿Qué?\n    source: x\n"
        "    source_url: null\n    source_date: 2020\n", encoding="utf-8")
    assert "'q-made-up' is not in patient-questions.yaml" in _error(kb_copy)


def test_translation_is_picked_up(kb_copy):
    (kb_copy / "patient-questions.es.yaml").write_text(
        "lang: es\nquestions:\n  - id: q-fda-reviewed\n"
        "    text: ¿Ha revisado la FDA este tratamiento para su enfermedad?\n"
        "    source: FDA (2019)\n    source_url: null\n    source_date: 2019-12-09\n",
        encoding="utf-8")
    base = kb.KnowledgeBase.from_dir(kb_copy)
    spanish = base.questions("es")
    assert spanish[0].text.startswith("¿Ha revisado") and spanish[0].lang == "es"
    assert len(spanish) == len(base.questions("en"))  # the rest falls back to English
    assert "es" in base.languages()


def test_cli_validate_exit_codes(kb_copy, capsys):
    assert run_kb(validate=True, data_dir=kb_copy) == 0
    assert "knowledge base ok" in capsys.readouterr().out
    _edit(kb_copy / "us-law.yaml", "  - id: us-bla\n", "  - id: us-bla\n    sorce: typo\n")
    assert run_kb(validate=True, data_dir=kb_copy) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "us-law.yaml" in err and "us-bla" in err
