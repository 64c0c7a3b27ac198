"""Content is data: hostile text in every text field shows as text and never becomes markup.

The sample content gets a hostile value in each of its text fields (found from the JSON
Schema, so a new text field is covered without touching this test), the site is built with
`mkdocs build --strict`, and the HTML is read back with html.parser.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import count
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.pipeline import read_content
from generator.render import render_site
from generator.schema import FILE_KINDS, file_schema

from .conftest import SAMPLE, build_site

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> \"dubbla\" 'enkla' [hak] "
    "(parentes) {klammer} --> %% ]] `kod` *fet* _kursiv_ [länk](javascript:alert(1)) "
    "{: onclick=x} &amp; | \\ [TOC] <!-- --> %%{init: {\"securityLevel\": \"loose\"}}%% "
    "</title></textarea>"
)
# Markup that only counts at the start of a line.
LEADS = ["", "# ", "1. ", "- ", "> ", "!!! danger ", "*[ks]: ", "| ", "+ ", "=== "]

# The source's file name in the archive is for editors; the site does not show it.
NOT_SHOWN = {"fil"}
# Optional text fields that the checks allow only on some steps: filled where present.
ONLY_FOR_DECISIONS = {"fråga"}

MERMAID_LABEL = r'[#;0-9A-Za-zÀ-ÖØ-öø-ÿ ]*'
MERMAID_LINE = re.compile(
    "|".join(
        [
            r"flowchart TD",
            r"accTitle: [^\n<>\"]*",
            r"accDescr: [^\n<>\"]*",
            rf'\w+(\["{MERMAID_LABEL}"\]|\{{"{MERMAID_LABEL}"\}}|\[\["{MERMAID_LABEL}"\]\]|\(\["{MERMAID_LABEL}"\]\))',
            rf'subgraph \w+\["{MERMAID_LABEL}"\]',
            r"direction TB",
            r"end",
            rf'\w+ -->(\|"{MERMAID_LABEL}"\|)? \w+',
            r"classDef \w+ [\w:#,.-]+",
            r"class [\w,]+ \w+",
        ]
    )
)


def _is_text(schema: dict[str, Any]) -> bool:
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    return len(options) == 1 and options[0].get("type") == "string" and not (
        {"pattern", "format", "enum", "$ref"} & set(options[0])
    )


@dataclass
class Injector:
    """Puts a distinct hostile value in every text field of the data, by the schema."""

    values: list[tuple[str, str]] = field(default_factory=list)
    """(field name, value) for every value put in."""
    numbers: Any = field(default_factory=lambda: count(1))

    def value(self, name: str) -> str:
        n = next(self.numbers)
        text = f"{LEADS[n % len(LEADS)]}ks{n} {HOSTILE}"
        if n % 4 == 0:  # a second paragraph that starts with markup
            text += f"\n\n{LEADS[(n + 3) % len(LEADS)]}stycke{n}"
        self.values.append((name, text))
        return text

    def fill(self, data: Any, schema: dict[str, Any], defs: dict[str, Any]) -> None:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]] if "$ref" in schema else schema
        if isinstance(data, list):
            for item in data:
                self.fill(item, schema.get("items", {}), defs)
            return
        if not isinstance(data, dict):
            return
        for name, prop in schema.get("properties", {}).items():
            if name in ONLY_FOR_DECISIONS and name not in data:
                continue
            if _is_text(prop):
                data[name] = self.value(name)
            elif prop.get("type") == "array" and _is_text(prop.get("items", {})):
                data[name] = [self.value(name), self.value(name)]
            elif name in data:
                self.fill(data[name], prop, defs)


def hostile_content(content: Path) -> list[tuple[str, str]]:
    """Rewrite every file of `content` with hostile text; return the values put in."""
    injector = Injector()
    kinds = {kind.files: kind for kind in FILE_KINDS}
    files = [(content / kind.files, kind) for kind in FILE_KINDS if "*" not in kind.files]
    files += [(p, kinds["processer/*.yml"]) for p in sorted((content / "processer").glob("*.yml"))]
    for path, kind in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        schema = file_schema(kind)
        injector.fill(data, schema, schema.get("$defs", {}))
        if kind.files == "begrepp.yml":
            # A plain abbreviation gets an <abbr> wherever it is used, titled by the
            # (hostile) expansion.
            expansion = injector.value("utskrivet")
            data["begrepp"].append({"id": "abc", "term": "ABC", "utskrivet": expansion,
                                    "förklaring": "Används i ABC."})
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return injector.values


class Page(HTMLParser):
    """The text a reader sees, every tag with its attributes, and the Mermaid sources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.mermaid: list[str] = []
        self._stack: list[str] = []
        self._mermaid_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in ("img", "br", "hr", "input", "meta", "link", "source", "wbr"):
            return
        self._stack.append(tag)
        if tag == "div" and "mermaid" in (attributes.get("class") or "").split():
            self._mermaid_depth = len(self._stack)
            self.mermaid.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if self._mermaid_depth is not None and len(self._stack) < self._mermaid_depth:
            self._mermaid_depth = None

    def handle_data(self, data: str) -> None:
        current = self._stack[-1] if self._stack else ""
        if current == "script":
            self.scripts.append(data)
        elif current == "style":
            pass
        elif self._mermaid_depth is not None:
            self.mermaid[-1] += data
        else:
            self.text.append(data)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], dict[str, Page]]:
    tmp = tmp_path_factory.mktemp("hostile")
    content = tmp / "content"
    shutil.copytree(SAMPLE, content)
    values = hostile_content(content)
    site = build_site(tmp, content)
    pages = {}
    for path in sorted(site.rglob("*.html")):
        parser = Page()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[str(path.relative_to(site))] = parser
    return site, values, pages


def test_every_text_field_was_made_hostile(hostile_site):
    _, values, _ = hostile_site
    # The sample has some 40 text fields; far fewer means the schema walk missed them.
    assert len(values) > 40


def test_hostile_text_shows_literally_as_text(hostile_site):
    _, values, pages = hostile_site
    texts = [flat("".join(p.text)) for p in pages.values()]
    missing = [
        (name, value)
        for name, value in values
        if name not in NOT_SHOWN and not any(flat(value) in t for t in texts)
    ]
    assert not missing, f"{len(missing)} values not shown as text: {missing}"


def test_hostile_text_is_escaped_in_the_html_source(hostile_site):
    site, _, pages = hostile_site
    sources = {p: (site / p).read_text(encoding="utf-8") for p in pages}
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in s for s in sources.values())
    for name, source in sources.items():
        assert "<script>alert" not in source, name
        assert "<img src=x" not in source, name
        assert "</textarea>" not in source, name


def test_hostile_text_never_becomes_an_element_or_attribute(hostile_site):
    _, _, pages = hostile_site
    for name, page in pages.items():
        for tag, attributes in page.tags:
            for attribute, value in attributes.items():
                assert not attribute.startswith("on"), (name, tag, attribute)
                if attribute in ("href", "src", "action", "formaction", "xlink:href"):
                    assert not (value or "").strip().lower().startswith("javascript:"), (name, tag)
            assert tag not in ("img", "textarea") or attributes.get("src") != "x", (name, tag)
        for script in page.scripts:
            assert "alert(1)" not in script, name


def test_hostile_text_in_mermaid_labels_is_entity_coded(hostile_site):
    _, _, pages = hostile_site
    maps = [source for page in pages.values() for source in page.mermaid]
    assert maps, "no process map was built"
    for source in maps:
        assert "#60;script#62;" in source
        for line in source.strip().splitlines():
            assert MERMAID_LINE.fullmatch(line.strip()), line


def test_hostile_text_in_the_search_index_is_escaped(hostile_site):
    site, _, _ = hostile_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for document in index["docs"]:
        for key in ("title", "text"):
            value = document.get(key, "")
            # Material shows these as HTML: content must only be there escaped.
            assert "<script" not in value and "<img" not in value, (document["location"], key)


def test_hostile_abbreviation_expansion_is_a_plain_title(hostile_site):
    _, values, pages = hostile_site
    (expansion,) = [v for name, v in values if name == "utskrivet"][-1:]
    titles = [a.get("title") for p in pages.values() for tag, a in p.tags if tag == "abbr"]
    assert flat(expansion) in titles


def test_blank_line_in_a_folded_text_starts_a_paragraph_even_in_a_rule_quote(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    rules = content / "regler.yml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            "    text: Ett samordningsförbund ska besluta om mål och riktlinjer.",
            "    text: >-\n      Första stycket\n      fortsätter.\n\n      > Andra stycket.",
        ),
        encoding="utf-8",
    )
    graph, report = read_content(content)
    assert graph is not None, report.sorted()
    page = render_site(graph).pages["regler/lag-7.md"]
    quote = page[page.index('<blockquote markdown="1">'):page.index("</blockquote>")]
    assert "Första stycket fortsätter.\n\n&gt; Andra stycket." in quote
