"""Stage 2: every model problem comes back in Swedish, located, with a way to fix it."""

from pathlib import Path

from generator import models
from generator.diagnostics import Report
from generator.load import load_file
from generator.validate import slugify, validate_data

STEP = """\
id: p
namn: Process
sammanfattning: Kort.
källor:
  - källa: rapport
steg:
  - id: a
    namn: Steg
    beskrivning: Text.
    roller:
      ansvarar: [styrelse]
    checklista:
      - Gör något.
    nästa: slut
"""


def validate(tmp_path: Path, text: str):
    path = tmp_path / "p.yml"
    path.write_text(text, encoding="utf-8")
    report = Report()
    loaded = load_file(path, report)
    assert loaded is not None, report.sorted()
    return validate_data(loaded, models.Process, report), report


def test_valid_process_passes(tmp_path):
    process, report = validate(tmp_path, STEP)
    assert process is not None and not report.diagnostics


def test_misspelt_field_suggests_the_known_name(tmp_path):
    _, report = validate(tmp_path, STEP.replace("nästa: slut", "nasta: slut"))
    (error,) = [e for e in report.errors if "nasta" in e.message]
    assert 'okänt fält "nasta". Menade du "nästa"?' in error.message
    assert error.location.line == 14 and error.location.column == 5


def test_missing_required_field_is_named(tmp_path):
    _, report = validate(tmp_path, STEP.replace("    checklista:\n      - Gör något.\n", ""))
    assert any('fältet "checklista" saknas' in e.message for e in report.errors)


def test_yaml_boolean_where_text_was_meant_says_to_quote(tmp_path):
    _, report = validate(tmp_path, STEP.replace("namn: Steg", "namn: no"))
    (error,) = report.errors
    assert "sant/falskt-värde" in error.message and '"no"' in error.message
    assert error.location.line == 8


def test_date_where_text_was_meant_is_reported(tmp_path):
    _, report = validate(tmp_path, STEP.replace("      - Gör något.", "      - 2025-05-12"))
    (error,) = report.errors
    assert "datum" in error.message and error.location.line == 13


def test_empty_checklist_is_reported(tmp_path):
    _, report = validate(tmp_path, STEP.replace("    checklista:\n      - Gör något.\n", "    checklista: []\n"))
    assert any("minst 1 punkt" in e.message for e in report.errors)


def test_invalid_id_suggests_a_valid_one(tmp_path):
    _, report = validate(tmp_path, STEP.replace("  - id: a", "  - id: Kartlägg behov"))
    assert any('"kartlagg-behov"' in e.message for e in report.errors)


def test_wrong_enum_value_lists_the_allowed_ones(tmp_path):
    _, report = validate(tmp_path, STEP.replace("    namn: Steg", "    namn: Steg\n    typ: besluts"))
    (error,) = report.errors
    assert 'Menade du "beslut"?' in error.message and "aktivitet" in error.message


def test_slugify_handles_swedish_letters():
    assert slugify("Förankra hos Försäkringskassan") == "forankra-hos-forsakringskassan"
