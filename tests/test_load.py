"""Stage 1: YAML is read safely and every value keeps its line."""

from pathlib import Path

from generator.diagnostics import Report
from generator.load import load_file


def load(tmp_path: Path, text: str | bytes):
    path = tmp_path / "x.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    report = Report()
    return load_file(path, report), report


def test_positions_point_at_each_value(tmp_path):
    loaded, report = load(tmp_path, "id: a\nsteg:\n  - id: b\n    namn: Steg\n")
    assert not report.diagnostics
    assert loaded.positions.of(("steg", 0, "namn")).line == 4
    assert loaded.positions.of(("steg", 0, "namn")).column == 11
    assert loaded.positions.key(("steg", 0, "namn")).column == 5


def test_duplicate_key_is_refused_naming_both_lines(tmp_path):
    loaded, report = load(tmp_path, "id: a\nnamn: x\nnamn: y\n")
    assert loaded is None
    (error,) = report.errors
    assert error.location.line == 3
    assert 'fältet "namn" står två gånger' in error.message and "rad 2" in error.message


def test_alias_is_refused_without_expanding(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    loaded, report = load(tmp_path, bomb)
    assert loaded is None
    assert "alias" in report.errors[0].message
    assert report.errors[0].location.line == 2


def test_python_tag_is_refused_not_run(tmp_path):
    marker = tmp_path / "ran"
    loaded, report = load(
        tmp_path, f"id: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    assert loaded is None
    assert not marker.exists()
    assert "taggen" in report.errors[0].message and report.errors[0].location.line == 1


def test_file_that_is_not_utf8_names_the_line(tmp_path):
    loaded, report = load(tmp_path, "id: a\nnamn: F\xf6rs\xe4kringskassan\n".encode("latin-1"))
    assert loaded is None
    assert report.errors[0].location.line == 2
    assert "UTF-8" in report.errors[0].message


def test_tab_in_indentation_names_line_and_column(tmp_path):
    loaded, report = load(tmp_path, "steg:\n\t- id: a\n")
    assert loaded is None
    assert (report.errors[0].location.line, report.errors[0].location.column) == (2, 1)
    assert "tabbtecken" in report.errors[0].message


def test_empty_file_is_an_error(tmp_path):
    loaded, report = load(tmp_path, "# bara en kommentar\n\n")
    assert loaded is None
    assert report.errors[0].message == "filen är tom."


def test_syntax_error_explains_in_swedish(tmp_path):
    loaded, report = load(tmp_path, "namn: Steg 1: kartlägg: behov\n")
    assert loaded is None
    assert "kolon" in report.errors[0].message
    assert report.errors[0].location.line == 1
