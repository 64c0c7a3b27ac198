"""The real site, built with `mkdocs build --strict` in a temporary folder, as a reader gets it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.pipeline import build_graph
from generator.render import url_of

from .conftest import CONTENT, ROOT, mkdocs_build

GRAPH, _ = build_graph(CONTENT)


def page(site: Path, md_path: str) -> BeautifulSoup:
    html = (site / url_of(md_path) / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def text_of(soup: BeautifulSoup) -> str:
    return " ".join(soup.select_one("article").get_text(" ").split())


def test_the_five_processes_are_there():
    assert {p.id for p in GRAPH.processes} >= {
        "finansiell-samordning", "esf-beredningsgruppen", "esf-parternas-arbete",
        "vem-blir-projektagare", "helhetsbild",
    }


@pytest.mark.parametrize("process", GRAPH.processes, ids=lambda p: p.id)
def test_process_page_has_a_map_with_every_step_and_the_text_alternative(real_site, process):
    soup = page(real_site, f"processer/{process.id}/index.md")
    (diagram,) = soup.select("div.mermaid")
    source = diagram.get_text()
    for step in process.steps:
        assert re.search(rf"\bn{step.number}\b", source), step.id
    links = soup.select_one(".ks-kartlankar")["data-links"]
    assert len(__import__("json").loads(links)) == len(process.steps)
    ordered = [" ".join(a.get_text().split()) for a in soup.select("#stegen-i-ordning + ol > li > a")]
    assert ordered == [s.model.name for s in process.steps]
    assert soup.select('script[type="module"]'), "Mermaid is loaded on a page with a map"


@pytest.mark.parametrize(
    "step", [s for p in GRAPH.processes for s in p.steps], ids=lambda s: s.key
)
def test_every_step_page_has_its_checklist_and_position(real_site, step):
    soup = page(real_site, f"processer/{step.process.id}/{step.id}.md")
    boxes = soup.select("ul.ks-checklista input[type=checkbox]")
    assert len(boxes) == len(step.model.checklist)
    for box in boxes:
        label = soup.select_one(f'label[for="{box["id"]}"]')
        assert label is not None and label.get_text(strip=True)
    assert f"Steg {step.number} av {len(step.process.steps)}" in text_of(soup)
    responsible = step.roles[next(iter(step.roles))]
    assert responsible[0].model.name in text_of(soup)


@pytest.mark.parametrize("role", GRAPH.roles, ids=lambda r: r.id)
def test_every_role_page_lists_its_steps(real_site, role):
    soup = page(real_site, f"roller/{role.id}.md")
    linked = {a["href"] for a in soup.select("article a[href]")}
    for step, _ in role.steps:
        assert any(h.endswith(f"{step.process.id}/{step.id}/") for h in linked), step.key


@pytest.mark.parametrize("rule", GRAPH.rules, ids=lambda r: r.id)
def test_every_rule_page_shows_status_and_source(real_site, rule):
    text = text_of(page(real_site, f"regler/{rule.id}.md"))
    assert rule.citation.source.model.title in text
    if rule.proposed:
        assert "Förslag – gäller inte" in text
    else:
        assert "Gäller" in text and "Förslag – gäller inte" not in text


def test_proposals_are_never_shown_as_in_force_in_the_register(real_site):
    soup = page(real_site, "regler/index.md")
    for row in soup.select("article table tbody tr"):
        title = " ".join(row.select_one("a").get_text().split())
        rule = next(r for r in GRAPH.rules if r.model.title == title)
        assert ("Förslag – gäller inte" in row.get_text()) == rule.proposed


def test_glossary_gives_the_synonym_projektanordnare(real_site):
    text = text_of(page(real_site, "begrepp.md"))
    assert re.search(r"Projektägare .*Kallas också: .*projektanordnare", text, re.IGNORECASE)


def test_matrix_has_a_row_per_step(real_site):
    soup = page(real_site, "vem-gor-vad.md")
    rows = soup.select("article table tbody tr")
    assert len(rows) == sum(len(p.steps) for p in GRAPH.processes)


def test_pages_without_a_map_load_no_mermaid(real_site):
    for md in ("index.md", "roller/index.md", "regler/index.md", "begrepp.md", "kallor.md"):
        html = (real_site / url_of(md) / "index.html").read_text(encoding="utf-8")
        assert "import mermaid" not in html and "mermaid.min.js" not in html, md


THIRD_PARTY = re.compile(
    r"""(?:src|href)\s*=\s*["']?(?:https?:)?//(?!finsam\.se)|@import\s+url\(["']?https?:|url\(["']?https?://"""
)


def test_site_refers_to_no_third_party_host_for_anything_it_loads(real_site):
    offenders = []
    for path in real_site.rglob("*"):
        if path.suffix not in (".html", ".css"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in THIRD_PARTY.finditer(text):
            context = text[max(0, match.start() - 80): match.end() + 80]
            # Plain links a reader may follow (<a href>) are not requests.
            if "<a " in context[: 80 + 3] or re.search(r"<a\s[^>]*$", text[max(0, match.start() - 300): match.start()]):
                continue
            offenders.append(f"{path.relative_to(real_site)}: {context!r}")
    assert not offenders, "\n".join(offenders[:10])
    assert not list(real_site.rglob("*fonts.googleapis*"))


def test_build_is_byte_identical_twice(tmp_path, real_site):
    again = tmp_path / "again"
    result = mkdocs_build(ROOT / "mkdocs.yml", again)
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(real_site): p.read_bytes() for p in real_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    different = [str(k) for k in first if first[k] != second[k]]
    assert not different, different
