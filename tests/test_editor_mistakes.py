"""The mistakes editors make, each made in a copy of the real content and caught by
`kunskapsstod check` with the file, the line and a Swedish message; never a traceback.

The places to break are found from the content's own structure (with the loader's
positions), not from fixed line numbers, so the tests keep working as the content grows.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.diagnostics import Report
from generator.load import load_file

from .conftest import mkdocs_build, site_config

PROCESS = "processer/finansiell-samordning.yml"
OTHER_PROCESS = "processer/esf-beredningsgruppen.yml"
ROLES = "roller.yml"
RULES = "regler.yml"
SOURCES = "kallor.yml"

LINE = re.compile(
    r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<column>\d+): (?P<severity>fel|varning): "
    r"(?P<message>.*)$"
)


@dataclass(frozen=True)
class Reported:
    file: str
    line: int
    column: int
    severity: str
    message: str


@dataclass
class Checked:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def reported(self) -> list[Reported]:
        found = []
        for line in self.stdout.splitlines():
            match = LINE.match(line)
            if match:
                found.append(
                    Reported(match["file"], int(match["line"]), int(match["column"]),
                             match["severity"], match["message"])
                )
        return found

    def expect(self, file: str, line: int, *texts: str, severity: str = "fel") -> Reported:
        """The one message at `file:line` that holds every text."""
        assert "Traceback" not in self.output, self.output
        if severity == "fel":
            assert self.code == 1, self.output
        candidates = [
            r for r in self.reported
            if r.file == f"content/{file}" and r.line == line and r.severity == severity
            and all(t in r.message for t in texts)
        ]
        assert candidates, f"expected {severity} at content/{file}:{line} with {texts}:\n{self.output}"
        return candidates[0]


class Content:
    """The copy of the content that a test breaks."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, file: str) -> Path:
        return self.root / file

    def lines(self, file: str) -> list[str]:
        return self.path(file).read_text(encoding="utf-8").splitlines(keepends=True)

    def write_lines(self, file: str, lines: list[str]) -> None:
        self.path(file).write_text("".join(lines), encoding="utf-8")

    def positions(self, file: str):
        report = Report()
        loaded = load_file(self.path(file), report)
        assert loaded is not None, report.sorted()
        return loaded

    def line_of(self, file: str, *path: str | int) -> int:
        """The line where the value at `path` stands."""
        loaded = self.positions(file)
        assert path in loaded.positions.values, (file, path)
        return loaded.positions.values[path].line

    def key_line(self, file: str, *path: str | int) -> int:
        loaded = self.positions(file)
        assert path in loaded.positions.keys, (file, path)
        return loaded.positions.keys[path].line

    def data(self, file: str):
        return self.positions(file).data

    def replace_in_line(self, file: str, line: int, old: str, new: str) -> None:
        lines = self.lines(file)
        assert old in lines[line - 1], (lines[line - 1], old)
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        self.write_lines(file, lines)

    def set_value(self, file: str, *path: str | int, to: str) -> int:
        """Rewrite the value of `key: value` at `path` on its line; return the line."""
        line = self.line_of(file, *path)
        lines = self.lines(file)
        key = re.escape(str(path[-1]))
        lines[line - 1], found = re.subn(rf"((?:^|[\s-]){key}:)[ \t].*$", rf"\1 {to}",
                                         lines[line - 1].rstrip("\n"))
        assert found == 1, (file, path, lines[line - 1])
        lines[line - 1] += "\n"
        self.write_lines(file, lines)
        return line

    def insert_before(self, file: str, line: int, text: str) -> None:
        lines = self.lines(file)
        lines[line - 1 : line - 1] = [text if text.endswith("\n") else text + "\n"]
        self.write_lines(file, lines)

    def delete_field(self, file: str, *path: str | int) -> None:
        """Remove a `key: value` and every more-indented line under it."""
        line = self.key_line(file, *path)
        lines = self.lines(file)
        indent = len(lines[line - 1]) - len(lines[line - 1].lstrip(" "))
        end = line
        while end < len(lines) and (
            not lines[end].strip() and end + 1 < len(lines)
            and len(lines[end + 1]) - len(lines[end + 1].lstrip(" ")) > indent
            or lines[end].strip() and len(lines[end]) - len(lines[end].lstrip(" ")) > indent
        ):
            end += 1
        del lines[line - 1 : end]
        self.write_lines(file, lines)

    def indent_of(self, file: str, line: int) -> str:
        text = self.lines(file)[line - 1]
        return text[: len(text) - len(text.lstrip(" "))]


def check(content: Content, *args: str) -> Checked:
    """`python -m generator check content` from the folder holding the copy."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", *(args or [content.root.name])],
        capture_output=True, text=True, check=False, cwd=content.root.parent, timeout=60,
    )
    return Checked(result.returncode, result.stdout, result.stderr)


@pytest.fixture
def content(content_copy: Path) -> Content:
    return Content(content_copy)


def step_line(content: Content, file: str, index: int) -> int:
    """The line of `- id: …` that starts step number `index + 1`."""
    return content.line_of(file, "steg", index, "id")


def new_step(indent: str, step_id: str, next_id: str) -> str:
    """A complete, valid activity step as YAML, its `- id:` line at `indent`."""
    inner = indent + "  "
    return (
        f"{indent}- id: {step_id}\n"
        f"{inner}namn: Ett nytt steg\n"
        f"{inner}fas: beredning\n"
        f"{inner}beskrivning: Något görs.\n"
        f"{inner}roller:\n"
        f"{inner}  ansvarar: [beredningsgrupp]\n"
        f"{inner}checklista:\n"
        f"{inner}  - Gör det.\n"
        f"{inner}nästa: {next_id}\n"
    )


# --- The untouched content, and usage --------------------------------------------------


def test_untouched_content_is_valid(content):
    result = check(content)
    assert result.code == 0, result.output
    assert "Traceback" not in result.output
    assert not [r for r in result.reported if r.severity == "fel"]
    assert "0 fel" in result.output or "inga fel" in result.output


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="no-command"),
        pytest.param(["kontrollera"], id="unknown-command"),
        pytest.param(["check", "finns-inte"], id="missing-folder"),
        pytest.param(["check", "content", "extra"], id="too-many-arguments"),
        pytest.param(["check", "--okand-flagga"], id="unknown-option"),
    ],
)
def test_wrong_usage_exits_with_2_and_a_swedish_message(content, args):
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True, text=True, check=False, cwd=content.root.parent, timeout=60,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "kunskapsstod" in result.stderr


def test_a_file_instead_of_a_folder_is_wrong_usage(content):
    result = check(content, f"{content.root.name}/{ROLES}")
    assert result.code == 2, result.output
    assert "finns inte" in result.stderr and "Traceback" not in result.output


def test_every_problem_is_reported_at_once_sorted_by_file_and_line(content):
    roles_line = content.set_value(ROLES, "roller", 0, "namn", to='""')
    late = content.set_value(PROCESS, "steg", 1, "namn", to="42")
    early = content.set_value(PROCESS, "ordning", to="först")
    result = check(content)
    errors = [r for r in result.reported if r.severity == "fel"]
    assert [(r.file, r.line) for r in errors] == [
        (f"content/{PROCESS}", early),
        (f"content/{PROCESS}", late),
        (f"content/{ROLES}", roles_line),
    ], result.output
    assert result.stderr.strip().endswith("3 fel, 0 varningar.")


# --- YAML: syntax, tabs, keys, encoding, empty files -----------------------------------


def test_colon_in_unquoted_text_is_a_syntax_error_on_its_line(content):
    line = content.set_value(PROCESS, "namn", to="Steg 1: kartlägg: behov")
    check(content).expect(PROCESS, line, "YAML-syntaxfel", "kolon", "citattecken")


def test_unclosed_quote_points_at_where_the_quote_starts(content):
    line = content.line_of(PROCESS, "steg", 0, "namn")
    content.replace_in_line(PROCESS, line, "namn: ", 'namn: "')
    reported = check(content).expect(PROCESS, line, "avslutas inte på samma rad",
                                     "Avsluta texten med samma citattecken")
    assert reported.column == content.lines(PROCESS)[line - 1].index('"') + 1


def test_wrong_indentation_is_a_syntax_error_on_its_line(content):
    line = content.key_line(PROCESS, "steg", 0, "beskrivning")
    content.replace_in_line(PROCESS, line, "    beskrivning", "   beskrivning")
    result = check(content)
    assert result.code == 1 and "Traceback" not in result.output
    (error,) = result.reported
    assert error.file == f"content/{PROCESS}" and line - 1 <= error.line <= line + 1
    assert "YAML-syntaxfel" in error.message and "indraget" in error.message


def test_tab_in_indentation_names_line_and_column(content):
    line = content.key_line(PROCESS, "steg", 0, "namn")
    content.replace_in_line(PROCESS, line, "    namn", "\tnamn")
    reported = check(content).expect(PROCESS, line, "tabbtecken", "mellanslag")
    assert reported.column == 1


def test_duplicate_key_names_both_lines(content):
    line = content.key_line(PROCESS, "steg", 0, "namn")
    indent = content.indent_of(PROCESS, line)
    content.insert_before(PROCESS, line + 1, f"{indent}namn: Samma fält igen")
    check(content).expect(PROCESS, line + 1, 'fältet "namn" står två gånger', f"rad {line}")


def test_empty_file_is_an_error(content):
    content.path(ROLES).write_text("", encoding="utf-8")
    check(content).expect(ROLES, 1, "filen är tom")


def test_file_with_only_comments_is_empty(content):
    content.path(OTHER_PROCESS).write_text(
        "# yaml-language-server: $schema=../schema/process.schema.json\n# bara en kommentar\n",
        encoding="utf-8",
    )
    check(content).expect(OTHER_PROCESS, 1, "filen är tom")


def test_file_not_saved_as_utf8_names_the_first_bad_line(content):
    text = content.path(ROLES).read_text(encoding="utf-8")
    content.path(ROLES).write_bytes(text.encode("latin-1", errors="replace"))
    first = next(n for n, line in enumerate(text.splitlines(), 1) if not line.isascii())
    check(content).expect(ROLES, first, "UTF-8", "Save with Encoding")


def test_invisible_control_character_is_located_not_a_traceback(content):
    line = content.line_of(ROLES, "roller", 0, "namn")
    content.replace_in_line(ROLES, line, "namn: ", "namn: \x07")
    check(content).expect(ROLES, line, "otillåtet osynligt tecken (U+0007)")


# --- Fields: unknown, missing, wrong type -----------------------------------------------


def test_misspelt_field_suggests_the_known_name(content):
    line = content.key_line(PROCESS, "steg", 0, "beskrivning")
    content.replace_in_line(PROCESS, line, "beskrivning:", "beskrivnig:")
    result = check(content)
    result.expect(PROCESS, line, 'okänt fält "beskrivnig"', 'Menade du "beskrivning"?',
                  "Tillåtna fält här")
    # One typo, one message: not also "beskrivning saknas".
    assert len([r for r in result.reported if r.severity == "fel"]) == 1, result.output


def test_unknown_field_lists_the_allowed_fields(content):
    line = content.key_line(ROLES, "roller", 0, "namn")
    indent = content.indent_of(ROLES, line)
    content.insert_before(ROLES, line, f"{indent}färg: blå")
    check(content).expect(ROLES, line, 'okänt fält "färg"', "id, namn, beskrivning, ansvar, källor")


def test_missing_required_field_names_the_item_and_what_it_is(content):
    content.delete_field(PROCESS, "steg", 0, "beskrivning")
    step_id = content.data(PROCESS)["steg"][0]["id"]
    check(content).expect(
        PROCESS, step_line(content, PROCESS, 0),
        f"steg nr 1 ({step_id})", 'fältet "beskrivning" saknas', "Vad som händer i steget",
    )


def test_text_where_a_number_belongs(content):
    line = content.set_value(PROCESS, "ordning", to="först")
    check(content).expect(PROCESS, line, "ordning", "förväntade ett heltal", "'först'")


def test_text_where_a_list_belongs(content):
    content.delete_field(PROCESS, "steg", 0, "checklista")
    line = content.key_line(PROCESS, "steg", 0, "namn")
    indent = content.indent_of(PROCESS, line)
    content.insert_before(PROCESS, line + 1, f"{indent}checklista: Gör allt.")
    check(content).expect(PROCESS, line + 1, "checklista", "förväntade en lista", '"- "')


def test_value_not_among_the_allowed_suggests_the_closest(content):
    line = content.set_value(RULES, "regler", 0, "status", to="gallande")
    check(content).expect(RULES, line, 'värdet "gallande"', 'Menade du "gällande"?',
                          "Tillåtna värden: gällande, förslag")


def test_invalid_id_suggests_a_valid_one(content):
    line = content.set_value(ROLES, "roller", 0, "id", to="Ny Roll Å")
    check(content).expect(ROLES, line, "inte ett giltigt id", '"ny-roll-a')


# --- YAML 1.1 surprises ------------------------------------------------------------------


def test_answer_no_is_read_as_false_and_must_be_quoted(content):
    decision = next(i for i, s in enumerate(content.data(PROCESS)["steg"]) if s.get("alternativ"))
    line = content.set_value(PROCESS, "steg", decision, "alternativ", 1, "svar", to="no")
    check(content).expect(PROCESS, line, "'no' som sant/falskt-värde", 'citattecken: "no"')


def test_on_as_a_value_is_read_as_true(content):
    line = content.set_value(ROLES, "roller", 0, "namn", to="on")
    check(content).expect(ROLES, line, "'on' som sant/falskt-värde")


def test_date_where_text_belongs_must_be_quoted(content):
    line = content.set_value(PROCESS, "faser", 0, "namn", to="2025-05-12")
    check(content).expect(PROCESS, line, "'2025-05-12' som datum", 'citattecken: "2025-05-12"')


def test_date_written_in_words_is_refused(content):
    line = content.set_value(SOURCES, "källor", 0, "datum", to="12 maj 2025")
    check(content).expect(SOURCES, line, "datum skrivet ÅÅÅÅ-MM-DD", "'12 maj 2025'")


def test_yes_where_a_number_belongs_is_refused(content):
    line = content.set_value(PROCESS, "ordning", to="yes")
    check(content).expect(PROCESS, line, "förväntade ett heltal", "'yes'")


# --- Unsafe YAML ---------------------------------------------------------------------------


def test_python_tag_is_refused_and_never_run(content):
    marker = content.root.parent / "kördes"
    line = content.set_value(
        PROCESS, "namn", to=f"!!python/object/apply:os.system ['touch {marker}']"
    )
    check(content).expect(PROCESS, line, 'taggen "!!python/object/apply:os.system"', "inte tillåten")
    assert not marker.exists()


def test_alias_bomb_is_refused_without_hanging(content):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    start = len(content.lines(ROLES))
    content.path(ROLES).write_text(content.path(ROLES).read_text(encoding="utf-8") + bomb,
                                   encoding="utf-8")
    check(content).expect(ROLES, start + 2, 'alias ("*a") stöds inte')


# --- Ids and references --------------------------------------------------------------------


def test_same_role_id_twice_names_both_places(content):
    first = content.line_of(ROLES, "roller", 0, "id")
    second = content.line_of(ROLES, "roller", 1, "id")
    first_id = content.data(ROLES)["roller"][0]["id"]
    content.set_value(ROLES, "roller", 1, "id", to=first_id)
    check(content).expect(ROLES, second, f'rollen "{first_id}" finns redan',
                          f"content/{ROLES}:{first}:")


def test_same_step_id_twice_names_both_places(content):
    steps = content.data(PROCESS)["steg"]
    last = len(steps) - 1
    line = content.set_value(PROCESS, "steg", last, "id", to=steps[0]["id"])
    check(content).expect(PROCESS, line, f'steget "{steps[0]["id"]}" finns redan',
                          f"content/{PROCESS}:{step_line(content, PROCESS, 0)}:")


def test_same_process_id_in_two_files_names_both(content):
    process_id = content.data(PROCESS)["id"]
    content.set_value(OTHER_PROCESS, "id", to=process_id)
    result = check(content)
    reported = [r for r in result.reported if f'processen "{process_id}" finns redan' in r.message]
    assert len(reported) == 1, result.output
    places = {reported[0].file, re.search(r"\((content/[^:]+):", reported[0].message)[1]}
    assert places == {f"content/{PROCESS}", f"content/{OTHER_PROCESS}"}


def test_unknown_role_suggests_the_closest_id(content):
    line = content.line_of(PROCESS, "steg", 0, "roller", "ansvarar", 0)
    role = content.data(PROCESS)["steg"][0]["roller"]["ansvarar"][0]
    content.replace_in_line(PROCESS, line, role, role + "x")
    check(content).expect(PROCESS, line, f'rollen "{role}x" finns inte', f'Menade du "{role}"?')


def test_unknown_rule_suggests_the_closest_id(content):
    line = content.line_of(PROCESS, "steg", 0, "regler", 0)
    rule = content.data(PROCESS)["steg"][0]["regler"][0]
    content.replace_in_line(PROCESS, line, rule, rule[:-1])
    check(content).expect(PROCESS, line, f'regeln "{rule[:-1]}" finns inte', f'Menade du "{rule}"?')


def test_unknown_source_suggests_the_closest_id(content):
    line = content.line_of(RULES, "regler", 0, "källa", "källa")
    source = content.data(RULES)["regler"][0]["källa"]["källa"]
    content.replace_in_line(RULES, line, source, source.replace("-", "", 1))
    check(content).expect(RULES, line, "källan", "finns inte", f'Menade du "{source}"?')


def test_unknown_next_step_suggests_the_closest_step(content):
    target = content.data(PROCESS)["steg"][0]["nästa"]
    line = content.set_value(PROCESS, "steg", 0, "nästa", to=f"{target}s")
    check(content).expect(PROCESS, line, f'steget "{target}s" finns inte', f'Menade du "{target}"?',
                          '"slut"')


# --- The flow of a process -----------------------------------------------------------------


def test_step_that_cannot_be_reached_is_an_error(content):
    second = step_line(content, PROCESS, 1)
    dash = content.indent_of(PROCESS, second)
    content.insert_before(PROCESS, second, new_step(dash, "fristaende-steg", "slut"))
    check(content).expect(PROCESS, second, 'steget "fristaende-steg" nås aldrig')


def test_steps_that_lead_nowhere_are_an_error(content):
    content.set_value(PROCESS, "steg", 0, "nästa", to="slinga")
    second = step_line(content, PROCESS, 1)
    dash = content.indent_of(PROCESS, second)
    content.insert_before(PROCESS, second, new_step(dash, "slinga", "slinga"))
    check(content).expect(PROCESS, second, 'från steget "slinga" leder ingen väg till slut')


def test_decision_without_alternatives_is_an_error(content):
    decision = next(i for i, s in enumerate(content.data(PROCESS)["steg"]) if s.get("alternativ"))
    content.delete_field(PROCESS, "steg", decision, "alternativ")
    step_id = content.data(PROCESS)["steg"][decision]["id"]
    result = check(content)
    result.expect(PROCESS, step_line(content, PROCESS, decision),
                  f'beslutet "{step_id}" behöver minst två alternativ')
    # The steps before the decision do not loop: no second-hand "slinga" errors.
    assert "slinga" not in result.stdout, result.output


# --- Rules and roles -----------------------------------------------------------------------


def test_rule_without_source_is_an_error(content):
    content.delete_field(RULES, "regler", 0, "källa")
    rule_id = content.data(RULES)["regler"][0]["id"]
    check(content).expect(RULES, content.line_of(RULES, "regler", 0, "id"),
                          f"regler nr 1 ({rule_id})", 'fältet "källa" saknas')


def test_role_that_nothing_uses_is_a_warning(content):
    start = len(content.lines(ROLES)) + 1
    indent = content.indent_of(ROLES, content.line_of(ROLES, "roller", 0, "namn"))
    dash = indent[:-2]
    content.path(ROLES).write_text(
        content.path(ROLES).read_text(encoding="utf-8").rstrip("\n") + "\n"
        f"{dash}- id: oanvand-roll\n{indent}namn: Oanvänd\n{indent}beskrivning: Ingen.\n",
        encoding="utf-8",
    )
    result = check(content)
    assert result.code == 0, result.output
    result.expect(ROLES, start, 'rollen "oanvand-roll" medverkar inte i något steg',
                  severity="varning")


def test_rule_that_nothing_uses_is_a_warning(content):
    start = len(content.lines(RULES)) + 1
    indent = content.indent_of(RULES, content.line_of(RULES, "regler", 0, "rubrik"))
    dash = indent[:-2]
    source = content.data(SOURCES)["källor"][0]["id"]
    content.path(RULES).write_text(
        content.path(RULES).read_text(encoding="utf-8").rstrip("\n") + "\n"
        f"{dash}- id: oanvand-regel\n{indent}rubrik: Oanvänd\n{indent}text: Ingen.\n"
        f"{indent}slag: rutin\n{indent}status: gällande\n{indent}källa: {{källa: {source}}}\n",
        encoding="utf-8",
    )
    result = check(content)
    assert result.code == 0, result.output
    result.expect(RULES, start, 'regeln "oanvand-regel" används inte', severity="varning")


# --- The same validation in mkdocs build ---------------------------------------------------


def test_mkdocs_build_stops_on_broken_content_and_writes_no_site(content, tmp_path):
    line = content.line_of(PROCESS, "steg", 0, "roller", "ansvarar", 0)
    role = content.data(PROCESS)["steg"][0]["roller"]["ansvarar"][0]
    content.replace_in_line(PROCESS, line, role, role + "x")
    site = tmp_path / "site"
    result = mkdocs_build(site_config(tmp_path, content.root), site)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"{PROCESS}:{line}:" in output and f'rollen "{role}x" finns inte' in output
    assert "inga sidor byggdes" in output
    assert "Traceback" not in output
    assert not (site / "index.html").exists()
    assert not list(site.rglob("*.html")) if site.exists() else True
