"""Stage 5: render the linked graph into Markdown pages.

Rendering returns data, `{page path: Markdown}` plus the navigation, and knows nothing of
MkDocs: any builder that reads mkdocs.yml can build the same pages from a folder.

Every value printed by a template is escaped for Markdown unless a filter has already made
it safe (Jinja2's `finalize` hook), so forgetting a filter cannot let content become markup.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import escape
from .link import ContentGraph, Involvement, ProcessNode, RoleNode, RuleNode, StepNode
from .mermaid import node_id, process_map, step_label
from .models import RuleKind, RuleStatus, StepKind
from .schema import field_reference_markdown

NavEntry = dict[str, "str | list[NavEntry]"]

KIND_LABELS = {
    RuleKind.LAW: "Lag",
    RuleKind.GOVERNMENT_ASSIGNMENT: "Regeringsuppdrag",
    RuleKind.ROUTINE: "Rutin",
    RuleKind.STANCE: "Ställningstagande",
}
STATUS_LABELS = {
    RuleStatus.IN_FORCE: "Gäller",
    RuleStatus.PROPOSED: "Förslag – gäller inte",
}
STEP_KIND_LABELS = {
    StepKind.ACTIVITY: "Aktivitet",
    StepKind.DECISION: "Beslut",
    StepKind.SUBPROCESS: "Delprocess",
}

# Swedish alphabetical order: å, ä, ö come after z.
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}"})


def swedish_key(text: str) -> str:
    return text.lower().translate(_SWEDISH)


# Page paths, computed from the graph, never from MkDocs objects.
def process_path(process: ProcessNode) -> str:
    return f"processer/{process.id}/index.md"


def step_path(step: StepNode) -> str:
    return f"processer/{step.process.id}/{step.id}.md"


def role_path(role: RoleNode) -> str:
    return f"roller/{role.id}.md"


def rule_path(rule: RuleNode) -> str:
    return f"regler/{rule.id}.md"


START_PAGE = "index.md"
PROCESSES_PAGE = "processer/index.md"
ROLES_PAGE = "roller/index.md"
RULES_PAGE = "regler/index.md"
MATRIX_PAGE = "vem-gor-vad.md"
TERMS_PAGE = "begrepp.md"
SOURCES_PAGE = "kallor.md"
FIELDS_PAGE = "redaktorsguide/falt.md"
"""The editor's guide's field reference; the rest of the guide is hand-written in docs/."""


@dataclass
class RenderedSite:
    pages: dict[str, str] = field(default_factory=dict)
    nav: list[NavEntry] = field(default_factory=list)

    def write(self, out_dir: Path) -> None:
        """Write the pages to a folder, for builders other than our MkDocs plugin."""
        for path, text in sorted(self.pages.items()):
            target = out_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


def url_of(path: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page path: `a/b.md` → `a/b/` (or `a/b.html`)."""
    if path.endswith("index.md"):
        return path[: -len("index.md")]
    if directory_urls:
        return path[: -len(".md")] + "/"
    return path[: -len(".md")] + ".html"


def relative_url(from_path: str, to_path: str, directory_urls: bool = True) -> str:
    """A link for raw HTML (not rewritten by MkDocs) from one page to another."""
    base = url_of(from_path, directory_urls)
    base_dir = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
    target = url_of(to_path, directory_urls)
    relative = posixpath.relpath(target or ".", base_dir.rstrip("/") or ".")
    if target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return "./" if relative in (".", "./") else relative


def checklist_key(step: StepNode, item: str) -> str:
    """Stable across reordering; a changed item starts unticked."""
    digest = hashlib.sha1(item.encode("utf-8")).hexdigest()[:10]
    return f"{step.key}/{digest}"


class Renderer:
    def __init__(self, graph: ContentGraph, template_dirs: list[Path] | None = None,
                 directory_urls: bool = True):
        self.graph = graph
        self.directory_urls = directory_urls
        self.abbreviations = abbreviation_definitions(graph)
        loaders: list[Any] = [FileSystemLoader(str(d)) for d in (template_dirs or []) if d.is_dir()]
        loaders.append(PackageLoader("generator", "templates"))
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=_escape_unless_safe,
        )
        self.env.filters.update(
            paragraphs=lambda t: Markup(escape.markdown_paragraphs(t)),
            html=lambda t: Markup(escape.html_text(str(t))),
            attr=lambda t: Markup(escape.html_attribute(str(t))),
            swedish_sort=lambda items, attribute: sorted(
                items, key=lambda i: swedish_key(_attr(i, attribute))
            ),
        )
        self.env.globals.update(
            KIND_LABELS=KIND_LABELS,
            STATUS_LABELS=STATUS_LABELS,
            STEP_KIND_LABELS=STEP_KIND_LABELS,
            Involvement=Involvement,
            StepKind=StepKind,
            RuleStatus=RuleStatus,
            process_path=process_path,
            step_path=step_path,
            role_path=role_path,
            rule_path=rule_path,
            step_label=step_label,
            checklist_key=checklist_key,
            START_PAGE=START_PAGE,
            PROCESSES_PAGE=PROCESSES_PAGE,
            ROLES_PAGE=ROLES_PAGE,
            RULES_PAGE=RULES_PAGE,
            MATRIX_PAGE=MATRIX_PAGE,
            TERMS_PAGE=TERMS_PAGE,
            SOURCES_PAGE=SOURCES_PAGE,
            graph=graph,
        )

    def render(self) -> RenderedSite:
        site = RenderedSite()
        g = self.graph
        self._page(site, START_PAGE, "start.md.j2")
        self._page(site, PROCESSES_PAGE, "processes.md.j2")
        for process in g.processes:
            self._page(site, process_path(process), "process.md.j2", process=process)
            for step in process.steps:
                self._page(site, step_path(step), "step.md.j2", step=step, process=process)
        self._page(site, ROLES_PAGE, "roles.md.j2")
        for role in g.roles:
            self._page(site, role_path(role), "role.md.j2", role=role)
        self._page(site, RULES_PAGE, "rules.md.j2")
        for rule in g.rules:
            self._page(site, rule_path(rule), "rule.md.j2", rule=rule)
        self._page(site, MATRIX_PAGE, "matrix.md.j2")
        self._page(site, TERMS_PAGE, "terms.md.j2")
        self._page(site, SOURCES_PAGE, "sources.md.j2")
        site.pages[FIELDS_PAGE] = field_reference_markdown()
        site.nav = self.nav()
        return site

    def nav(self) -> list[NavEntry]:
        g = self.graph
        processes: list[NavEntry] = [{"Alla processer": PROCESSES_PAGE}]
        for process in g.processes:
            children: list[NavEntry] = [{"Översikt": process_path(process)}]
            children += [
                {escape.nav_title(f"{s.number}. {s.model.name}"): step_path(s)} for s in process.steps
            ]
            processes.append({escape.nav_title(process.model.name): children})
        roles: list[NavEntry] = [{"Alla roller": ROLES_PAGE}]
        roles += [{escape.nav_title(r.model.name): role_path(r)} for r in sorted(g.roles, key=lambda r: swedish_key(r.model.name))]
        rules: list[NavEntry] = [{"Regelregister": RULES_PAGE}]
        rules += [{escape.nav_title(r.model.title): rule_path(r)} for r in _rules_in_register_order(g.rules)]
        return [
            {"Start": START_PAGE},
            {"Processer": processes},
            {"Roller": roles},
            {"Regler": rules},
            {"Vem gör vad": MATRIX_PAGE},
            {"Begrepp": TERMS_PAGE},
            {"Källor": SOURCES_PAGE},
        ]

    def _page(self, site: RenderedSite, path: str, template: str, **context: Any) -> None:
        helpers = _PageHelpers(path, self.directory_urls, self.graph)
        text = self.env.get_template(template).render(page=helpers, **context)
        site.pages[path] = text.rstrip() + "\n" + self.abbreviations


def _rules_in_register_order(rules: list[RuleNode]) -> list[RuleNode]:
    kinds = list(RuleKind)
    statuses = list(RuleStatus)
    return sorted(rules, key=lambda r: (kinds.index(r.model.kind), statuses.index(r.model.status), swedish_key(r.model.title)))


def _attr(item: Any, dotted: str) -> str:
    for part in dotted.split("."):
        item = getattr(item, part)
    return str(item)


def _escape_unless_safe(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return escape.markdown_inline(str(value))


class _PageHelpers:
    """What a template needs to know about the page it is rendering."""

    def __init__(self, path: str, directory_urls: bool, graph: ContentGraph):
        self.path = path
        self.directory_urls = directory_urls
        self.graph = graph

    def link(self, text: str, target: str, anchor: str = "") -> Markup:
        """A Markdown link to another page (MkDocs checks that it exists)."""
        relative = posixpath.relpath(target, posixpath.dirname(self.path) or ".")
        suffix = f"#{anchor}" if anchor else ""
        return Markup(f"[{escape.markdown_inline(text)}]({relative}{suffix})")

    def url(self, target: str) -> Markup:
        """A URL for raw HTML."""
        return Markup(escape.html_attribute(relative_url(self.path, target, self.directory_urls)))

    def rules_register_order(self, rules: list[RuleNode]) -> list[RuleNode]:
        return _rules_in_register_order(rules)

    def map(self, process: ProcessNode, current: StepNode | None = None) -> Markup:
        diagram = process_map(process, current)
        links = {
            node_id(step): {
                "href": relative_url(self.path, step_path(step), self.directory_urls),
                "label": f"Steg {step.number} av {len(process.steps)}: {step.model.name}",
            }
            for step in process.steps
        }
        data = escape.html_attribute(json.dumps(links, ensure_ascii=False, sort_keys=True))
        return Markup(
            f'<div class="ks-karta" markdown="1" data-search-exclude>\n'
            f'<div class="ks-kartlankar" hidden data-links="{data}"></div>\n\n'
            f"```mermaid\n{diagram.source}\n```\n\n"
            f"</div>"
        )

    def checklist(self, steps: list[StepNode]) -> Markup:
        """Real, labelled checkboxes (Material's task lists are not announced properly)."""
        out = []
        for step in steps:
            title = f"Checklista: {step.model.name}"
            out.append(f'<ul class="ks-checklista" aria-label="{escape.html_attribute(title)}">')
            for index, item in enumerate(step.model.checklist, start=1):
                key = checklist_key(step, item)
                element_id = f"ks-{step.process.id}-{step.id}-{index}"
                out.append(
                    f'<li><input type="checkbox" id="{element_id}" data-ks-key="{escape.html_attribute(key)}">'
                    f' <label for="{element_id}">{escape.html_text(item)}</label></li>'
                )
            out.append("</ul>")
        out.append(
            '<div class="ks-checklista-verktyg">'
            '<button type="button" class="md-button" data-ks-rensa>Rensa bockarna</button> '
            '<button type="button" class="md-button" data-ks-skriv-ut>Skriv ut</button>'
            "</div>"
        )
        return Markup("\n".join(out))

def abbreviation_definitions(graph: ContentGraph) -> str:
    """Markdown abbr definitions for every abbreviation, appended to each page."""
    lines = []
    for term in sorted(graph.terms, key=lambda t: t.model.term):
        expansion = term.model.expansion
        if expansion and _plain_abbreviation(term.model.term):
            # Markdown keeps entities in attributes as they are: "&amp;" must show literally.
            title = " ".join(expansion.split()).replace("&", "&amp;")
            lines.append(f"*[{term.model.term}]: {title}")
    return ("\n" + "\n".join(lines) + "\n") if lines else ""


def _plain_abbreviation(term: str) -> bool:
    return all(c.isalnum() or c in "+-" for c in term)


def render_site(graph: ContentGraph, template_dirs: list[Path] | None = None,
                directory_urls: bool = True) -> RenderedSite:
    return Renderer(graph, template_dirs, directory_urls).render()


ERROR_PAGE = "index.md"


def render_error_site(report: Any) -> RenderedSite:
    """While serving: one page listing every problem, so the preview explains itself."""
    lines = [
        "# Innehållet har fel",
        "",
        "Förhandsvisningen kan inte visas förrän felen nedan är rättade. Spara filen så "
        "laddas sidan om av sig själv.",
        "",
        '<ul class="ks-fellista">',
    ]
    for diagnostic in report.sorted():
        lines.append(f"<li><code>{escape.html_text(str(diagnostic))}</code></li>")
    lines += ["</ul>", "", escape.markdown_inline(report.summary()), ""]
    # The editor's guide links to the field reference: keep it, it helps fix the errors.
    return RenderedSite(
        pages={ERROR_PAGE: "\n".join(lines), FIELDS_PAGE: field_reference_markdown()},
        nav=[{"Fel i innehållet": ERROR_PAGE}],
    )
