"""Stage 1: read YAML files into plain data, remembering where every value stands.

PyYAML's own loaders accept duplicate keys silently, expand aliases without bound and, when
unsafe, run tags like `!!python/object`. We compose the node tree ourselves instead and
refuse all three, recording the line and column of each key and value on the way so that
later stages can point an editor at the exact place.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from .diagnostics import Location, Report, display_path

PathKey = tuple[str | int, ...]

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 100_000

_YAML = "tag:yaml.org,2002:"
SCALAR_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
ALLOWED_TAGS = SCALAR_TAGS | {_YAML + "seq", _YAML + "map"}


@dataclass
class Positions:
    """Where each value (and each mapping key) of a file stands, by its path in the data."""

    file: str
    values: dict[PathKey, Location] = field(default_factory=dict)
    keys: dict[PathKey, Location] = field(default_factory=dict)
    source_text: dict[PathKey, str] = field(default_factory=dict)
    """Each scalar as it was written, to quote it back in messages."""

    def of(self, path: PathKey) -> Location:
        """The value at `path`, or the nearest enclosing value that exists."""
        for end in range(len(path), -1, -1):
            found = self.values.get(tuple(path[:end]))
            if found:
                return found
        return Location(self.file, 1, 1)

    def key(self, path: PathKey) -> Location:
        """The key that introduces `path` (for unknown fields), else the value."""
        return self.keys.get(tuple(path)) or self.of(path)


@dataclass
class LoadedFile:
    path: Path
    data: Any
    positions: Positions

    @property
    def name(self) -> str:
        return self.positions.file


class _YamlProblem(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str):
        self.mark = mark
        self.message = message


class _Composer(Reader, Scanner, Parser, Composer, SafeConstructor, Resolver):
    """Composes a node tree and refuses aliases: content never needs them, and an
    alias bomb ("billion laughs") could otherwise make the build hang."""

    def __init__(self, text: str):
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _YamlProblem(
                event.start_mark,
                f'alias ("*{event.anchor}") stöds inte. Skriv ut texten på nytt i stället '
                "för att hänvisa till ett ankare (&).",
            )
        return super().compose_node(parent, index)


def load_file(path: Path, report: Report) -> LoadedFile | None:
    """Read one YAML file; on any problem add a located error and return None."""
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError:
        report.error(
            Location(name),
            "filen går inte att läsa. Kontrollera att det är en fil (inte en mapp) och att "
            "du har behörighet att läsa den.",
        )
        return None
    if len(raw) > MAX_FILE_BYTES:
        report.error(Location(name), f"filen är större än {MAX_FILE_BYTES // 1000} kB.")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        column = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        report.error(
            Location(name, line, column),
            "filen är inte sparad som UTF-8. Spara om den med teckenkodningen UTF-8 "
            "(i VS Code: klicka på kodningen nere till höger och välj 'Save with Encoding').",
        )
        return None
    text = text.removeprefix("\ufeff")
    positions = Positions(name)
    if not _has_content(text):
        report.error(Location(name, 1, 1), "filen är tom.")
        return None
    if _report_tabs(text, name, report):
        return None
    try:
        composer = _Composer(text)
        node = composer.get_single_node()
    except yaml.reader.ReaderError as e:
        report.error(_position_location(name, text, e.position), _unprintable_message(e))
        return None
    except _YamlProblem as problem:
        report.error(_mark_location(name, problem.mark), problem.message)
        return None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if (e.context or "").startswith("while scanning a quoted scalar") and e.context_mark:
            mark = e.context_mark  # where the unclosed quote starts, not the end of the file
        location = _mark_location(name, mark)
        unclosed = _unclosed_quote_before(text, location.line)
        if unclosed is not None and unclosed[0] < location.line:
            quote = text.splitlines()[unclosed[0] - 1][unclosed[1] - 1]
            report.error(
                Location(name, *unclosed),
                f"YAML-syntaxfel: texten som börjar med {quote} avslutas inte på samma rad, så "
                f"YAML läser vidare och hittar ett fel först på rad {location.line}. Avsluta "
                "texten med samma citattecken.",
            )
        else:
            report.error(location, _syntax_message(e))
        return None
    except yaml.YAMLError as e:  # reader errors, e.g. control characters
        report.error(Location(name, 1, 1), f"filen går inte att läsa som YAML: {e}")
        return None
    if node is None:
        report.error(Location(name, 1, 1), "filen är tom.")
        return None
    builder = _Builder(composer, positions, report)
    data = builder.build(node, ())
    if builder.failed:
        return None
    return LoadedFile(path, data, positions)


def _has_content(text: str) -> bool:
    return any(
        line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()
    )


def _report_tabs(text: str, name: str, report: Report) -> bool:
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        indent = re.match(r"[ \t]*", line).group(0)  # type: ignore[union-attr]
        if "\t" in indent:
            report.error(
                Location(name, number, indent.index("\t") + 1),
                "tabbtecken i indraget. YAML tillåter bara mellanslag för indrag: "
                "ersätt tabben med mellanslag.",
            )
            found = True
    return found


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s"'#][^:#]*:\s+)?(["'])(.*)$""")


def _unclosed_quote_before(text: str, line: int) -> tuple[int, int] | None:
    """(line, column) of the first quoted value up to `line` that does not end on its line.

    Content never needs a quoted text over several lines (>- is for long texts), so such a
    value is most likely a forgotten closing quote that made YAML read on."""
    for number, raw in enumerate(text.splitlines()[:line], start=1):
        match = _QUOTED_VALUE.match(raw)
        if not match:
            continue
        quote, rest = match.group(1), match.group(2)
        closed = re.search(r'(?<!\\)"', rest) if quote == '"' else "'" in rest.replace("''", "")
        if not closed:
            return number, match.start(1) + 1
    return None


def _position_location(name: str, text: str, position: int) -> Location:
    line = text.count("\n", 0, position) + 1
    return Location(name, line, position - (text.rfind("\n", 0, position) + 1) + 1)


def _unprintable_message(error: yaml.reader.ReaderError) -> str:
    code = error.character if isinstance(error.character, int) else ord(str(error.character))
    return (
        f"otillåtet osynligt tecken (U+{code:04X}). Ta bort det; sådana tecken följer "
        "ofta med när text klistras in från ett annat program."
    )


def _mark_location(name: str, mark: yaml.Mark | None) -> Location:
    if mark is None:
        return Location(name, 1, 1)
    return Location(name, mark.line + 1, mark.column + 1)


_SYNTAX_HINTS = [
    (
        "mapping values are not allowed",
        "ett kolon (:) på fel ställe. Står kolonet i en text, sätt hela texten inom "
        'citattecken: namn: "Steg 1: kartlägg behov".',
    ),
    (
        "could not find expected ':'",
        "raden saknar kolon efter fältnamnet, eller så är indraget fel. "
        "Skriv fältnamn: värde.",
    ),
    (
        "did not find expected key",
        "indraget stämmer inte. Fält som hör ihop ska ha exakt lika många mellanslag "
        "före sig.",
    ),
    (
        "expected <block end>",
        "indraget stämmer inte. Fält som hör ihop ska ha exakt lika många mellanslag "
        "före sig.",
    ),
    (
        "did not find expected '-' indicator",
        "en lista blandas med något annat på samma nivå. Varje listpunkt börjar med "
        '"- " och står lika långt in.',
    ),
    (
        "found unexpected end of stream",
        "ett citattecken avslutas aldrig. Kontrollera att varje text som börjar med \" "
        "eller ' också slutar med samma tecken.",
    ),
    (
        "while scanning a quoted scalar",
        "ett citattecken avslutas aldrig. Kontrollera att varje text som börjar med \" "
        "eller ' också slutar med samma tecken.",
    ),
    (
        "found character '\\t'",
        "tabbtecken. YAML tillåter inte tabbar här: använd mellanslag.",
    ),
    (
        "found unknown escape character",
        'okänd teckenkombination efter \\ i en text inom "". Skriv \\\\ för ett '
        "bakstreck, eller använd enkla citattecken ('...').",
    ),
    (
        "expected '<document start>'",
        "indraget stämmer inte: raden står längre ut än raderna före den. Fält som hör "
        "ihop ska ha exakt lika många mellanslag före sig.",
    ),
    (
        "sequence entries are not allowed here",
        'en listpunkt ("- ") står på fel ställe. Listans punkter står på egna rader under '
        "fältet, lika långt in, och fältet har inget värde på sin egen rad.",
    ),
    (
        "found another document",
        "filen får bara innehålla ett YAML-dokument. Ta bort raden med --- och det som "
        "står efter den, eller lägg det i en egen fil.",
    ),
    (
        "expected ',' or ']'",
        "en lista inom hakparenteser avslutas inte med ], eller så saknas kommatecken "
        "mellan punkterna. Skriv till exempel [styrelse, beredningsgrupp].",
    ),
    (
        "expected ',' or '}'",
        "fält inom klammerparenteser avslutas inte med }, eller så saknas kommatecken "
        "mellan dem. Skriv till exempel {källa: fk-rapport, avsnitt: \"5.1\"}.",
    ),
    (
        "found character that cannot start any token",
        "ett tecken som inte får inleda en text (till exempel % eller `). Sätt hela "
        "texten inom citattecken.",
    ),
    (
        "found character '@'",
        "@ och ` får inte inleda en text. Sätt texten inom citattecken.",
    ),
    (
        "found character '`'",
        "@ och ` får inte inleda en text. Sätt texten inom citattecken.",
    ),
]


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    problem = f"{error.context or ''} {error.problem or ''}"
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem:
            return f"YAML-syntaxfel: {hint}"
    detail = (error.problem or "okänt fel").strip()
    return (
        f"YAML-syntaxfel ({detail}). Kontrollera indraget, kolon och citattecken på raden "
        "och raden före."
    )


class _Builder:
    def __init__(self, constructor: SafeConstructor, positions: Positions, report: Report):
        self.constructor = constructor
        self.positions = positions
        self.report = report
        self.failed = False
        self.nodes = 0

    def fail(self, node: Node, message: str) -> None:
        self.failed = True
        self.report.error(_mark_location(self.positions.file, node.start_mark), message)

    def build(self, node: Node, path: PathKey) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            if self.nodes == MAX_NODES + 1:
                self.fail(node, f"filen har fler än {MAX_NODES} värden; dela upp den.")
            return None
        self.positions.values[path] = _mark_location(self.positions.file, node.start_mark)
        if node.tag not in ALLOWED_TAGS:
            self.fail(
                node,
                f'taggen "{node.tag.replace(_YAML, "!!")}" är inte tillåten. Innehållet är '
                "data: skriv värdet som vanlig text utan tagg (!! eller !).",
            )
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        self.positions.source_text[path] = node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError) as e:
            self.fail(node, f"värdet {node.value!r} går inte att läsa: {e}")
            return None

    def _mapping(self, node: MappingNode, path: PathKey) -> dict:
        result: dict[str, Any] = {}
        first_seen: dict[str, Location] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in SCALAR_TAGS:
                self.fail(key_node, "ett fältnamn måste vara en enkel text.")
                continue
            key = self.constructor.construct_object(key_node)
            key_location = _mark_location(self.positions.file, key_node.start_mark)
            if not isinstance(key, str):
                kind = scalar_kind(key) or "tomt värde"
                self.fail(
                    key_node,
                    f'fältnamnet "{key_node.value}" läses av YAML som {kind}, inte text. '
                    "Kontrollera stavningen.",
                )
                continue
            if key in first_seen:
                self.fail(
                    key_node,
                    f'fältet "{key}" står två gånger; första gången på rad '
                    f"{first_seen[key].line}. Ta bort det ena.",
                )
                continue
            first_seen[key] = key_location
            self.positions.keys[path + (key,)] = key_location
            result[key] = self.build(value_node, path + (key,))
        return result


def scalar_kind(value: Any) -> str | None:
    """Name a non-text value YAML made of what an editor probably meant as text."""
    if isinstance(value, bool):
        return "sant/falskt-värde"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "datum"
    if isinstance(value, int):
        return "heltal"
    if isinstance(value, float):
        return "decimaltal"
    return None
