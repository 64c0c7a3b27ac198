"""Stage 5: pages are data, deterministic, and every text is escaped."""

from generator.escape import markdown_inline, mermaid_label
from generator.mermaid import process_map
from generator.pipeline import build_graph
from generator.render import relative_url, render_site

from .conftest import SAMPLE


def test_rendering_twice_gives_identical_pages():
    graph, _ = build_graph(SAMPLE)
    first, second = render_site(graph), render_site(build_graph(SAMPLE)[0])
    assert first.pages == second.pages and first.nav == second.nav


def test_every_step_has_a_page_and_a_nav_entry_in_order():
    graph, _ = build_graph(SAMPLE)
    site = render_site(graph)
    process_nav = site.nav[1]["Processer"][1]["Från behov till insats"]
    assert [list(e.values())[0] for e in process_nav] == [
        "processer/behov/index.md",
        "processer/behov/kartlagg.md",
        "processer/behov/besluta.md",
        "processer/behov/genomfor.md",
    ]
    assert "Steg 2 av 3" in site.pages["processer/behov/besluta.md"]


def test_map_has_every_step_decision_shape_labelled_edges_and_phases():
    graph, _ = build_graph(SAMPLE)
    process = graph.processes[0]
    source = process_map(process).source
    for step in process.steps:
        assert f"n{step.number}" in source
    assert 'n2{"2#46; Ska förbundet finansiera insatsen#63;"}' in source
    assert 'n2 -->|"Ja"| n3' in source and 'n2 -->|"Nej"| slut' in source
    assert 'subgraph fas1["Beredning"]' in source
    assert "accTitle: Processkarta: Från behov till insats" in source


def test_markdown_escaping_keeps_markup_literal():
    assert markdown_inline("<script>") == "&lt;script&gt;"
    assert markdown_inline("[a](javascript:x)") == "\\[a\\](javascript:x)"
    assert markdown_inline("# rubrik") == "\\# rubrik"
    assert markdown_inline("1. punkt") == "1\\. punkt"
    assert markdown_inline("*fet* och _kursiv_") == "\\*fet\\* och \\_kursiv\\_"


def test_mermaid_label_cannot_end_the_label_or_statement():
    label = mermaid_label('a"] --> x; %% `b` <img src=x>')
    for dangerous in ('"', "]", "-->", "%%", "`", "<", ">", ";%"):
        assert dangerous not in label.replace("#", "").replace(";", "") or dangerous == ";%"
    assert '"' not in label and "]" not in label and "<" not in label and "`" not in label


def test_relative_urls_between_pages():
    assert relative_url("processer/p/index.md", "processer/p/s.md") == "s/"
    assert relative_url("processer/p/s.md", "processer/p/t.md") == "../t/"
    assert relative_url("processer/p/s.md", "processer/p/index.md") == "../"
    assert relative_url("vem-gor-vad.md", "roller/r.md") == "../roller/r/"
    assert relative_url("index.md", "roller/r.md") == "roller/r/"
    assert relative_url("processer/p/s.md", "processer/p/s.md") == "./"
    assert relative_url("processer/p/s.md", "processer/p/t.md", directory_urls=False) == "t.html"
