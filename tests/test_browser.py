"""The built site in a real browser (Debian's Chromium driven by Playwright), as a reader
gets it: every page without console errors, third-party requests or axe-core violations;
the process maps drawn, titled, linked and usable by keyboard; checklists that remember
ticks only when the reader ticks; print; search; hostile content that stays text.

The site is served on 127.0.0.1 by http.server in a thread (tests/browser_support.py).
Without /usr/bin/chromium these tests fail; they are never skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from generator.escape import mermaid_plain
from generator.link import Involvement
from generator.pipeline import build_graph
from generator.render import checklist_key, render_site, url_of

from . import browser_support as bs
from .conftest import CONTENT, ROOT, SAMPLE, build_site

GRAPH, _REPORT = build_graph(CONTENT)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()


def _expected_pages() -> list[str]:
    """The pages the site should have, known before it is built (for parametrizing):
    the generated pages plus the hand-written ones in docs/."""
    if GRAPH is None:
        return []
    paths = set(render_site(GRAPH).pages)
    for md in (ROOT / "docs").rglob("*.md"):
        relative = md.relative_to(ROOT / "docs").as_posix()
        if not relative.startswith("assets/"):
            paths.add(relative)
    return sorted(url_of(p) for p in paths)


PAGES = _expected_pages()
PROCESSES = GRAPH.processes if GRAPH else []
STEPS = [s for p in PROCESSES for s in p.steps]
MAP_PAGES = [url_of(f"processer/{p.id}/index.md") for p in PROCESSES] + [
    url_of(f"processer/{s.process.id}/{s.id}.md") for s in STEPS
]


def _page_id(path: str) -> str:
    return path.rstrip("/") or "start"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def server(real_site: Path) -> Iterator[bs.Server]:
    with bs.serve(real_site) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    bs.require_chromium()
    with sync_playwright() as playwright:
        launched = bs.launch(playwright)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def context(browser: Any, server: bs.Server) -> Iterator[Any]:
    ctx = bs.new_context(browser, server)
    yield ctx
    ctx.close()


@pytest.fixture
def open_page(context: Any, server: bs.Server) -> Iterator[Any]:
    """Open a site page in the shared context, watched; closed after the test."""
    opened: list[Any] = []

    def opener(path: str, srv: bs.Server | None = None, ctx: Any = None) -> tuple[Any, bs.Watch]:
        srv = srv or server
        page = (ctx or context).new_page()
        opened.append(page)
        watched = bs.watch(page, srv)
        page.goto(srv.url(path))
        return page, watched

    yield opener
    for page in opened:
        page.close()


def _storage(page: Any) -> dict[str, str]:
    return page.evaluate("() => Object.assign({}, window.localStorage)")


def _axe_report(violations: list[dict[str, Any]], path: str) -> str:
    lines = [f"{len(violations)} axe-core violation(s) on /{path}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}")
        for node in v["nodes"][:10]:
            lines.append(f"    target {' '.join(map(str, node['target']))}: {node.get('failureSummary', '')!s:.300}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- every page


def test_every_built_page_is_checked(real_site: Path):
    assert GRAPH is not None, "content/ har fel: " + _REPORT.summary()
    built = bs.site_pages(real_site)
    assert built == PAGES, (
        f"built but not checked: {sorted(set(built) - set(PAGES))}; "
        f"checked but not built: {sorted(set(PAGES) - set(built))}"
    )


@pytest.mark.parametrize("path", PAGES, ids=_page_id)
def test_page_is_clean_accessible_and_local(open_page, context, path):
    page, watched = open_page(path)

    # The first Tab goes to "Gå till innehållet".
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const a = document.activeElement; return a ? a.outerHTML.slice(0, 200) : ''; }"
    )
    assert page.evaluate("() => document.activeElement.matches('a.md-skip')"), (
        f"first Tab on /{path} focused {focused!r}, not the skip link"
    )

    bs.wait_for_maps(page)
    results = AXE.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    violations = results.response["violations"]
    assert not violations, _axe_report(violations, path)

    assert _storage(page) == {}, f"/{path} stored something without a tick"
    assert context.cookies() == [], f"/{path} set cookies"
    assert not watched.problems(), f"/{path}:\n" + "\n".join(watched.problems())


# --------------------------------------------------------------------------- maps


def _map_state(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => {
            const box = document.querySelector("div.ks-karta div.mermaid");
            const svg = box && [...box.children].find(c => c.localName === "svg");
            const byId = id => id ? document.getElementById(id) : null;
            const texts = ids => (ids || "").split(/\\s+/).map(byId).filter(Boolean)
                .map(e => e.textContent.trim()).join(" ");
            return {
                svg: !!svg,
                error: !!(box && (box.querySelector(".error-icon")
                    || /Syntax error/i.test(box.textContent))),
                title: svg ? ((svg.querySelector(":scope > title") || {}).textContent || "").trim() : "",
                desc: svg ? ((svg.querySelector(":scope > desc") || {}).textContent || "").trim() : "",
                labelledby: svg ? texts(svg.getAttribute("aria-labelledby")) : "",
                describedby: svg ? texts(svg.getAttribute("aria-describedby")) : "",
                links: svg ? [...svg.querySelectorAll("a[href]")].map(a => ({
                    href: new URL(a.getAttribute("href"), location.href).href,
                    label: a.getAttribute("aria-label") || "",
                    text: a.textContent.replace(/\\s+/g, " ").trim(),
                })) : [],
                data: JSON.parse(document.querySelector(".ks-kartlankar").getAttribute("data-links")),
            };
        }"""
    )


@pytest.mark.parametrize("path", MAP_PAGES, ids=_page_id)
def test_map_renders_with_title_and_links_to_every_step(open_page, server, path):
    page, watched = open_page(path)
    bs.wait_for_maps(page)
    state = _map_state(page)
    assert state["svg"], f"no SVG map on /{path}"
    assert not state["error"], f"Mermaid drew an error on /{path}"

    process = next(p for p in PROCESSES if path.startswith(f"processer/{p.id}/"))
    title = state["title"] or state["labelledby"]
    desc = state["desc"] or state["describedby"]
    expected_title = mermaid_plain(f"Processkarta: {process.model.name}")
    assert " ".join(title.split()) == expected_title, f"map title on /{path}: {title!r}"
    assert desc, f"map on /{path} has no description (accDescr → svg desc)"

    base = server.url(path)
    expected = [urljoin(base, state["data"][f"n{s.number}"]["href"]) for s in process.steps]
    steps_pages = [server.url(url_of(f"processer/{process.id}/{s.id}.md")) for s in process.steps]
    assert expected == steps_pages, "data-links point at the step pages"
    linked = [link["href"] for link in state["links"]]
    assert sorted(linked) == sorted(steps_pages), (
        f"map links on /{path} are {linked}, expected one per step: {steps_pages}"
    )
    for link, step in zip(sorted(state["links"], key=lambda x: steps_pages.index(x["href"])),
                          process.steps, strict=True):
        assert step.model.name in link["label"], link
    assert not watched.problems(), "\n".join(watched.problems())

    # Each map link can take keyboard focus.
    unfocusable = page.evaluate(
        """() => [...document.querySelectorAll("div.mermaid svg a[href]")].filter(a => {
            a.focus(); return document.activeElement !== a;
        }).map(a => a.getAttribute("href"))"""
    )
    assert unfocusable == [], f"map links that cannot take focus on /{path}: {unfocusable}"


@pytest.mark.parametrize("process", PROCESSES, ids=lambda p: p.id)
def test_process_map_matches_text_alternative_and_click_opens_step(open_page, server, process):
    path = url_of(f"processer/{process.id}/index.md")
    page, watched = open_page(path)
    bs.wait_for_maps(page)

    alternative = page.evaluate(
        """() => [...document.querySelectorAll("#stegen-i-ordning + ol > li")].map(li => {
            const a = li.querySelector("a[href]");
            return a ? a.href : null;
        })"""
    )
    by_node = {link["href"]: link for link in _map_state(page)["links"]}
    assert alternative, f"no ordered list under 'Stegen i ordning' on /{path}"
    assert sorted(alternative) == sorted(by_node), (
        f"text alternative {alternative} and map links {sorted(by_node)} differ"
    )
    # Same order: the map's link labels say "Steg N av M".
    numbers = [int(re.search(r"Steg (\d+) av", by_node[h]["label"]).group(1)) for h in alternative]
    assert numbers == list(range(1, len(process.steps) + 1))

    # Keyboard: starting from the text just above the map, Tab reaches a step link.
    page.get_by_text("Kartan visar stegen i ordning").click()
    page.keyboard.press("Tab")
    assert page.evaluate(
        "() => document.activeElement.matches('div.mermaid svg a.ks-kartlank, div.mermaid svg a[href]')"
    ), "Tab from the map's introduction does not reach a map link"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == alternative[0], "Enter on the first map link opens step 1"
    page.go_back()
    bs.wait_for_maps(page)

    # Click the last step in the map.
    last = process.steps[-1]
    target = server.url(url_of(f"processer/{process.id}/{last.id}.md"))
    node = page.locator(f'div.mermaid svg a[aria-label^="Steg {last.number} av"]')
    with page.expect_navigation():
        node.click()
    assert page.url == target
    expect(page.locator("h1")).to_have_text(last.model.name)
    assert not watched.problems(), "\n".join(watched.problems())


def test_tab_from_the_top_reaches_a_map_link(open_page):
    process = PROCESSES[0]
    page, _ = open_page(url_of(f"processer/{process.id}/index.md"))
    bs.wait_for_maps(page)
    for presses in range(1, 400):  # noqa: B007 (read after the loop)
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('div.mermaid svg a')"):
            break
    else:
        pytest.fail("400 presses on Tab never reached a link in the map")
    assert presses > 1


# --------------------------------------------------------------------------- checklists


def _checklist_case() -> tuple[Any, Any, str]:
    """A step, a role that is responsible or takes part in it, and one item's key."""
    for step in STEPS:
        for involvement, roles in step.roles.items():
            if involvement != Involvement.INFORMED and roles and step.model.checklist:
                return step, roles[0], checklist_key(step, step.model.checklist[0])
    raise AssertionError("no step with a checklist and an active role")


def test_checklist_remembers_a_tick_shares_it_with_the_role_page_and_clears(browser, server):
    step, role, key = _checklist_case()
    step_url = server.url(url_of(f"processer/{step.process.id}/{step.id}.md"))
    role_url = server.url(url_of(f"roller/{role.id}.md"))
    box_selector = f'input[type="checkbox"][data-ks-key="{key}"]'

    ctx = bs.new_context(browser, server)  # its own storage, so other tests cannot interfere
    try:
        page = ctx.new_page()
        watched = bs.watch(page, server)
        page.goto(step_url)
        assert _storage(page) == {}
        box = page.locator(box_selector)
        expect(box).to_have_count(1)
        expect(box).not_to_be_checked()
        # Tick by clicking the label, as a reader does.
        page.locator(f'label[for="{box.get_attribute("id")}"]').click()
        expect(box).to_be_checked()
        stored = _storage(page)
        assert list(stored) == ["kunskapsstod-checklistor"], stored
        assert json.loads(stored["kunskapsstod-checklistor"]) == {key: True}

        page.reload()
        expect(page.locator(box_selector)).to_be_checked()

        page.goto(role_url)
        on_role = page.locator(box_selector)
        expect(on_role).to_have_count(1)
        expect(on_role).to_be_checked()
        others = page.locator('input[type="checkbox"][data-ks-key]:checked')
        expect(others).to_have_count(1)

        clear = page.locator(
            f'ul.ks-checklista:has({box_selector}) ~ div.ks-checklista-verktyg [data-ks-rensa]'
        ).first
        clear.click()
        expect(on_role).not_to_be_checked()
        assert _storage(page) == {}, "clearing the last tick leaves nothing stored"

        page.goto(step_url)
        expect(page.locator(box_selector)).not_to_be_checked()
        assert ctx.cookies() == []
        assert not watched.problems(), "\n".join(watched.problems())
    finally:
        ctx.close()


def test_clear_on_the_step_page(browser, server):
    step, _, _ = _checklist_case()
    ctx = bs.new_context(browser, server)
    try:
        page = ctx.new_page()
        page.goto(server.url(url_of(f"processer/{step.process.id}/{step.id}.md")))
        boxes = page.locator("ul.ks-checklista input[type=checkbox]")
        for i in range(boxes.count()):
            boxes.nth(i).check()
        assert len(json.loads(_storage(page)["kunskapsstod-checklistor"])) == boxes.count()
        page.get_by_role("button", name="Rensa bockarna").click()
        for i in range(boxes.count()):
            expect(boxes.nth(i)).not_to_be_checked()
        assert _storage(page) == {}
        assert ctx.cookies() == []
    finally:
        ctx.close()


def test_print_hides_navigation_and_keeps_checklist_and_map(open_page):
    step = STEPS[0]
    page, _ = open_page(url_of(f"processer/{step.process.id}/{step.id}.md"))
    bs.wait_for_maps(page)
    page.emulate_media(media="print")
    try:
        for hidden in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
                       ".md-footer", ".md-skip", ".ks-checklista-verktyg"):
            for element in page.locator(hidden).all():
                expect(element).to_be_hidden()
        expect(page.locator("ul.ks-checklista")).to_be_visible()
        expect(page.locator("ul.ks-checklista input[type=checkbox]").first).to_be_visible()
        expect(page.locator(bs.MAP_SVG)).to_be_visible()
        expect(page.locator("h1")).to_be_visible()
    finally:
        page.emulate_media(media="screen")


# --------------------------------------------------------------------------- search


def _search(page: Any, query: str) -> list[str]:
    """Type `query` into Material's search box, as a reader does; the result links in order
    (all of them: Material renders more results as the list is scrolled)."""
    field = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__list a.md-search-result__link")
    field.click()
    field.fill("")
    expect(results).to_have_count(0)  # no stale results from an earlier query
    field.press_sequentially(query, delay=10)
    expect(results.first).to_be_attached(timeout=20_000)
    page.wait_for_timeout(300)  # the last keystroke's results replace the earlier ones
    count = -1
    while results.count() != count:
        count = results.count()
        page.locator(".md-search__scrollwrap").evaluate("e => { e.scrollTop = e.scrollHeight; }")
        page.wait_for_timeout(200)
    # search.highlight adds "?h=<query>" to every result; the page and anchor are what count.
    return results.evaluate_all(
        "links => links.map(a => { const u = new URL(a.href); u.search = ''; return u.href; })"
    )


def _term_with_synonym(synonym: str) -> Any:
    return next(t for t in GRAPH.terms if synonym in (t.model.synonyms or []))


def test_search_finds_the_synonym_projektanordnare(open_page, server):
    term = _term_with_synonym("projektanordnare")
    page, watched = open_page("")
    hrefs = _search(page, "projektanordnare")
    target = server.url(f"begrepp/#{term.id}")
    assert target in hrefs, f"no result for projektanordnare points to {target}: {hrefs}"
    assert not watched.problems(), "\n".join(watched.problems())


def test_search_finds_a_rule_by_its_title_and_a_role_by_its_name(open_page, server):
    page, watched = open_page("processer/")
    rule = next((r for r in GRAPH.rules if r.id == "st-esf-inte-i-styrelsen"), GRAPH.rules[0])
    hrefs = _search(page, rule.model.title)
    assert hrefs[0] == server.url(url_of(f"regler/{rule.id}.md")), (
        f"the first result for {rule.model.title!r} is not the rule's page: {hrefs[:5]}"
    )

    role = next((r for r in GRAPH.roles if r.id == "forsakringskassan"), GRAPH.roles[0])
    hrefs = _search(page, role.model.name)
    assert server.url(url_of(f"roller/{role.id}.md")) in hrefs, (role.model.name, hrefs)
    assert not watched.problems(), "\n".join(watched.problems())


# --------------------------------------------------------------------------- hostile text

HOSTILE = '<img src=x onerror=alert(1)> "citat" [hakparentes] --> %% slut'


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[bs.Server]:
    import shutil

    tmp = tmp_path_factory.mktemp("hostile")
    content = tmp / "content"
    shutil.copytree(SAMPLE, content)
    process_file = content / "processer" / "behov.yml"
    text = process_file.read_text(encoding="utf-8")
    quoted = json.dumps(HOSTILE, ensure_ascii=False)  # a YAML double-quoted string
    assert text.count("namn: Kartlägg behov\n") == 1
    process_file.write_text(text.replace("namn: Kartlägg behov\n", f"namn: {quoted}\n"),
                            encoding="utf-8")
    site = build_site(tmp, content)
    with bs.serve(site) as running:
        yield running


@pytest.fixture(scope="module")
def hostile_context(browser: Any, hostile_server: bs.Server) -> Iterator[Any]:
    ctx = bs.new_context(browser, hostile_server)
    yield ctx
    ctx.close()


@pytest.mark.parametrize("path", ["processer/behov/", "processer/behov/kartlagg/"])
def test_hostile_step_name_stays_text(open_page, hostile_context, hostile_server, path):
    page, watched = open_page(path, srv=hostile_server, ctx=hostile_context)
    bs.wait_for_maps(page)
    page.wait_for_timeout(300)  # an onerror handler would have fired by now

    assert watched.dialogs == [], watched.dialogs
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    shown = page.get_by_text(HOSTILE)
    assert shown.count() >= 1, f"{HOSTILE!r} is not shown as text on /{path}"
    expect(page.locator("article").get_by_text(HOSTILE).first).to_be_visible()

    state = _map_state(page)
    assert state["svg"] and not state["error"], f"the map did not render on /{path}"
    svg_text = page.evaluate(
        "() => document.querySelector('div.mermaid > svg').textContent.replace(/\\s+/g, ' ')"
    )
    assert f"1. {HOSTILE}" in svg_text, f"SVG label text: {svg_text!r}"
    assert not watched.problems(), "\n".join(watched.problems())
