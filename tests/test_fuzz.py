"""Whatever an editor does to a valid file, the pipeline answers with located messages.

Hypothesis breaks one content file at a time in the ways editors do (a deleted or renamed
key, a value of the wrong type, YAML 1.1 words, hostile text, a duplicated line, a tab, a
truncated file, a mistyped id) and `read_content` must either accept the result or report
errors that each name a file and a line; it must never raise.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pipeline import read_content
from generator.render import render_site

from .conftest import CONTENT, SAMPLE

KEY_LINE = re.compile(r"^(?P<lead>\s*(?:- )?)(?P<key>[^\s:#'\"-][^:]*):(?P<value>(?:\s.*)?)$")
ID_VALUE = re.compile(r"(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w-])|(?<=: )[a-z0-9]+$")

KNOWN_KEYS = [
    "id", "namn", "beskrivning", "steg", "nästa", "roller", "ansvarar", "deltar", "checklista",
    "regler", "källa", "källor", "typ", "fas", "faser", "alternativ", "svar", "fråga",
    "status", "slag", "datum", "term", "förklaring", "synonymer", "ordning", "delprocess",
]
ODD_KEYS = ["nasta", "beskrivnig", "Namn", "no", "on", "1", "2025-01-01", "~", "? x", "<<"]
ODD_VALUES = [
    "no", "yes", "on", "off", "y", "~", "null", "", "2025-05-12", "2025-05-12 10:00", "12:30",
    "1e3", "0x1F", ".inf", "-1", "99999999999999999999999", "[a, b]", "{a: 1}", "[]", "{}",
    "- x", '"', "'", "\"öppen", "!!python/object/apply:os.system ['true']", "!ny x", "&a x",
    "*a", "|", ">-", "%", "@x", "`x`", "#", ":", "slut", "<script>alert(1)</script>",
    "[länk](javascript:alert(1))", "{: onclick=x}", "-->", "%%", "]]", "*fet*", "# rubrik",
    "1. lista", "&amp;", "\\", "\u00a0", "\u202e", "\ufeff", "a\x00b", "\x07",
]


@dataclass(frozen=True)
class Corpus:
    root: Path
    files: dict[str, str]
    """The valid text of every content file, by its path under the content folder."""


def corpus(source: Path) -> Corpus:
    files = {
        str(p.relative_to(source)): p.read_text(encoding="utf-8")
        for p in sorted(source.rglob("*.yml"))
    }
    return Corpus(source, files)


SAMPLE_CORPUS = corpus(SAMPLE)
REAL_CORPUS = corpus(CONTENT)


@st.composite
def mutated(draw: st.DrawFn, texts: dict[str, str]) -> tuple[str, str, list[str]]:
    """(file, broken text, what was done) for one content file."""
    name = draw(st.sampled_from(sorted(texts)))
    text = texts[name]
    done: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        text, what = _mutate(draw, text)
        done.append(what)
    return name, text, done


def _mutate(draw: st.DrawFn, text: str) -> tuple[str, str]:
    lines = text.splitlines(keepends=True) or ["\n"]
    keyed = [i for i, line in enumerate(lines) if KEY_LINE.match(line.rstrip("\n"))]
    kind = draw(st.sampled_from([
        "delete key", "rename key", "change value", "duplicate line", "insert tab",
        "truncate", "flip id", "insert text", "reindent", "swap lines",
    ]))
    if kind in ("delete key", "rename key", "change value") and keyed:
        i = draw(st.sampled_from(keyed))
        match = KEY_LINE.match(lines[i].rstrip("\n"))
        assert match
        if kind == "delete key":
            del lines[i]
        elif kind == "rename key":
            key = draw(st.sampled_from(KNOWN_KEYS + ODD_KEYS) | st.text(min_size=1, max_size=8))
            lines[i] = f"{match['lead']}{key}:{match['value']}\n"
        else:
            value = draw(st.sampled_from(ODD_VALUES) | st.text(max_size=12))
            lines[i] = f"{match['lead']}{match['key']}: {value}\n"
        return "".join(lines), f"{kind} on line {i + 1}"
    if kind == "duplicate line":
        i = draw(st.integers(0, len(lines) - 1))
        lines.insert(i, lines[i])
        return "".join(lines), f"{kind} {i + 1}"
    if kind == "insert tab":
        i = draw(st.integers(0, len(lines) - 1))
        at = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:at] + "\t" + lines[i][at:]
        return "".join(lines), f"{kind} at {i + 1}:{at + 1}"
    if kind == "truncate":
        at = draw(st.integers(0, len(text)))
        return text[:at], f"{kind} at {at}"
    if kind == "flip id":
        ids = [(m.start(), m.end()) for m in ID_VALUE.finditer(text)]
        if ids:
            start, end = draw(st.sampled_from(ids))
            old = text[start:end]
            new = draw(st.sampled_from([old + "x", old[:-1], old.replace("-", "", 1), "slut",
                                        old.upper(), old + " " + old]))
            return text[:start] + new + text[end:], f"{kind} {old} -> {new}"
    if kind == "insert text":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.text(max_size=6)) + text[at:], f"{kind} at {at}"
    if kind == "reindent":
        i = draw(st.integers(0, len(lines) - 1))
        shift = draw(st.sampled_from([-2, -1, 1, 2]))
        lines[i] = (" " * shift + lines[i]) if shift > 0 else lines[i][min(-shift, len(lines[i]) - len(lines[i].lstrip(" "))):]
        return "".join(lines), f"{kind} {i + 1} by {shift}"
    i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines), f"swap lines {i + 1} and {j + 1}"


def _copy(tmp_path_factory: pytest.TempPathFactory, source: Corpus) -> Path:
    target = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(source.root, target)
    return target


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy(tmp_path_factory, SAMPLE_CORPUS)


@pytest.fixture(scope="module")
def real_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy(tmp_path_factory, REAL_CORPUS)


def assert_accepted_or_located(root: Path, source: Corpus, change: tuple[str, str, list[str]]) -> None:
    name, text, done = change
    path = root / name
    path.write_text(text, encoding="utf-8", newline="")
    try:
        graph, report = read_content(root)
        for diagnostic in report.diagnostics:
            assert diagnostic.location.line >= 1, (str(diagnostic), done)
            assert diagnostic.location.column >= 1, (str(diagnostic), done)
            assert diagnostic.location.file.endswith(".yml"), (str(diagnostic), done)
            assert "Traceback" not in diagnostic.message
        if graph is None:
            assert report.errors, done
        else:
            render_site(graph)
    finally:
        path.write_text(source.files[name], encoding="utf-8", newline="")


FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@settings(FUZZ, max_examples=200)
@given(change=mutated(SAMPLE_CORPUS.files))
def test_broken_sample_content_is_accepted_or_located(sample_dir, change):
    assert_accepted_or_located(sample_dir, SAMPLE_CORPUS, change)


@settings(FUZZ, max_examples=40)
@given(change=mutated(REAL_CORPUS.files))
def test_broken_real_content_is_accepted_or_located(real_dir, change):
    assert_accepted_or_located(real_dir, REAL_CORPUS, change)


def test_untouched_corpora_are_valid(sample_dir, real_dir):
    for root in (sample_dir, real_dir):
        graph, report = read_content(root)
        assert graph is not None, [str(d) for d in report.sorted()]
