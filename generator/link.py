"""Stage 3: link validated content into one graph.

Every reference (role, rule, source, phase, next step, sub-process) is resolved to the object
it names, and back-links are collected (which steps a role takes part in, where a rule
applies, who cites a source), so that rendering never looks anything up by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from . import models
from .diagnostics import Location, Report, suggestion
from .validate import Content, Item

END = models.END


class Involvement(str, Enum):
    RESPONSIBLE = "ansvarar"
    PARTICIPATING = "deltar"
    INFORMED = "informeras"

    @property
    def label(self) -> str:
        return {"ansvarar": "Ansvarar", "deltar": "Deltar", "informeras": "Informeras"}[
            self.value
        ]


class _Node:
    """Graph nodes point at each other; a short repr keeps error messages readable."""

    model: Any

    @property
    def id(self) -> str:
        return self.model.id

    def __repr__(self) -> str:
        return f"{type(self).__name__}({getattr(self, 'key', None) or getattr(self, 'id', '')!r})"


@dataclass(eq=False, repr=False)
class Citation:
    source: SourceNode
    section: str | None


@dataclass(eq=False, repr=False)
class SourceNode(_Node):
    model: models.Source
    cited_by: list[Any] = field(default_factory=list)



@dataclass(eq=False, repr=False)
class TermNode(_Node):
    model: models.Term
    citations: list[Citation] = field(default_factory=list)



@dataclass(eq=False, repr=False)
class RoleNode(_Node):
    model: models.Role
    citations: list[Citation] = field(default_factory=list)
    steps: list[tuple[StepNode, Involvement]] = field(default_factory=list)



@dataclass(eq=False, repr=False)
class RuleNode(_Node):
    model: models.Rule
    citation: Citation | None = None
    steps: list[StepNode] = field(default_factory=list)
    processes: list[ProcessNode] = field(default_factory=list)


    @property
    def proposed(self) -> bool:
        return self.model.status == models.RuleStatus.PROPOSED


@dataclass(eq=False, repr=False)
class Transition(_Node):
    """An edge out of a step: to another step, or to the end of the process (target None)."""

    target: StepNode | None
    answer: str | None = None
    description: str | None = None


@dataclass(eq=False, repr=False)
class StepNode(_Node):
    model: models.Step
    process: ProcessNode
    number: int
    phase: models.Phase | None = None
    roles: dict[Involvement, list[RoleNode]] = field(default_factory=dict)
    rules: list[RuleNode] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)
    previous: list[StepNode] = field(default_factory=list)
    subprocess: ProcessNode | None = None
    citations: list[Citation] = field(default_factory=list)


    @property
    def key(self) -> str:
        """Unique across the site: `process/step`."""
        return f"{self.process.id}/{self.id}"

    def involvement_of(self, role: RoleNode) -> Involvement | None:
        for involvement, roles in self.roles.items():
            if role in roles:
                return involvement
        return None


@dataclass(eq=False, repr=False)
class ProcessNode(_Node):
    model: models.Process
    steps: list[StepNode] = field(default_factory=list)
    rules: list[RuleNode] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    used_in: list[StepNode] = field(default_factory=list)
    """Steps of other processes that have this process as their sub-process."""


    def roles(self) -> list[RoleNode]:
        seen: dict[str, RoleNode] = {}
        for step in self.steps:
            for involvement in Involvement:
                for role in step.roles.get(involvement, []):
                    seen.setdefault(role.id, role)
        return list(seen.values())


@dataclass
class ContentGraph:
    processes: list[ProcessNode]
    roles: list[RoleNode]
    rules: list[RuleNode]
    sources: list[SourceNode]
    terms: list[TermNode]
    items: dict[int, Item[Any]] = field(default_factory=dict)
    """The content item of each node (by id()), for locating problems in later stages."""

    def item_of(self, node: Any) -> Item[Any]:
        return self.items[id(node)]

    def location_of(self, node: Any, *path: str | int) -> Location:
        if isinstance(node, StepNode):
            index = node.number - 1
            return self.item_of(node.process).at("steg", index, *path)
        return self.item_of(node).at(*path)


def link(content: Content, report: Report) -> ContentGraph:
    """Resolve every reference; dangling ones and duplicate ids are reported as errors."""
    items: dict[int, Item[Any]] = {}

    def index(kind: str, entries: Iterable[tuple[Item[Any], Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        first: dict[str, Item[Any]] = {}
        for item, node in entries:
            items[id(node)] = item
            key = item.model.id
            if key in found:
                report.error(
                    item.at("id"),
                    f'{kind} "{key}" finns redan ({first[key].at("id")}). Ett id får bara '
                    "användas en gång: byt id på det ena.",
                )
                continue
            found[key] = node
            first[key] = item
        return found

    sources = index("källan", ((i, SourceNode(i.model)) for i in content.sources))
    terms = index("begreppet", ((i, TermNode(i.model)) for i in content.terms))
    roles = index("rollen", ((i, RoleNode(i.model)) for i in content.roles))
    rules = index("regeln", ((i, RuleNode(i.model)) for i in content.rules))
    ordered = sorted(content.processes, key=lambda i: (i.model.order, i.model.id))
    processes = index("processen", ((i, ProcessNode(i.model)) for i in ordered))

    def resolve(table: dict[str, Any], wanted: str, where: Location, what: str) -> Any:
        if wanted in table:
            return table[wanted]
        report.error(
            where,
            f'{what} "{wanted}" finns inte.{suggestion(wanted, table)}',
        )
        return None

    def cite(item: Item[Any], refs: list[models.SourceRef], path: tuple, user: Any) -> list[Citation]:
        citations = []
        for i, ref in enumerate(refs):
            where = item.at(*path, i, "källa")
            source = resolve(sources, ref.source, where, "källan")
            if source:
                citations.append(Citation(source, ref.section))
                if user not in source.cited_by:
                    source.cited_by.append(user)
        return citations

    for term in terms.values():
        term.citations = cite(items[id(term)], list(term.model.sources), ("källor",), term)
    for role in roles.values():
        role.citations = cite(items[id(role)], list(role.model.sources), ("källor",), role)
    for rule in rules.values():
        item = items[id(rule)]
        where = item.at("källa", "källa")
        source = resolve(sources, rule.model.source.source, where, "källan")
        if source:
            rule.citation = Citation(source, rule.model.source.section)
            source.cited_by.append(rule)

    for process in processes.values():
        _link_process(process, items[id(process)], processes, roles, rules, resolve, cite, report)
        for step in process.steps:
            items[id(step)] = items[id(process)]

    return ContentGraph(
        processes=list(processes.values()),
        roles=list(roles.values()),
        rules=list(rules.values()),
        sources=list(sources.values()),
        terms=list(terms.values()),
        items=items,
    )


def _link_process(process, item, processes, roles, rules, resolve, cite, report) -> None:  # type: ignore[no-untyped-def]
    model = process.model
    process.citations = cite(item, list(model.sources), ("källor",), process)
    for i, rule_id in enumerate(model.rules):
        rule = resolve(rules, rule_id, item.at("regler", i), "regeln")
        if rule:
            process.rules.append(rule)
            rule.processes.append(process)

    phases: dict[str, models.Phase] = {}
    for i, phase in enumerate(model.phases):
        if phase.id in phases:
            report.error(item.at("faser", i, "id"), f'fasen "{phase.id}" finns redan i processen.')
        phases[phase.id] = phase

    steps: dict[str, StepNode] = {}
    for number, step_model in enumerate(model.steps, start=1):
        step = StepNode(step_model, process, number)
        at = lambda *path, _n=number: item.at("steg", _n - 1, *path)  # noqa: E731
        if step_model.id == END:
            report.error(at("id"), f'"{END}" är reserverat för att avsluta en process; välj ett annat id.')
        if step_model.id in steps:
            first = steps[step_model.id].number
            report.error(
                at("id"),
                f'steget "{step_model.id}" finns redan i processen (steg nr {first}, '
                f'{item.at("steg", first - 1, "id")}). Ett id får bara användas en gång.',
            )
            continue
        steps[step_model.id] = step
        process.steps.append(step)
        if step_model.phase is not None:
            step.phase = resolve(phases, step_model.phase, at("fas"), "fasen")
        for involvement, ids, key in (
            (Involvement.RESPONSIBLE, step_model.roles.responsible, "ansvarar"),
            (Involvement.PARTICIPATING, step_model.roles.participating, "deltar"),
            (Involvement.INFORMED, step_model.roles.informed, "informeras"),
        ):
            for j, role_id in enumerate(ids):
                role = resolve(roles, role_id, at("roller", key, j), "rollen")
                if role is None:
                    continue
                already = step.involvement_of(role)
                if already:
                    report.error(
                        at("roller", key, j),
                        f'rollen "{role_id}" står redan under {already.value} i samma steg. '
                        "En roll har en sorts medverkan per steg.",
                    )
                    continue
                step.roles.setdefault(involvement, []).append(role)
                role.steps.append((step, involvement))
        for j, rule_id in enumerate(step_model.rules):
            rule = resolve(rules, rule_id, at("regler", j), "regeln")
            if rule and rule not in step.rules:
                step.rules.append(rule)
                rule.steps.append(step)
        step.citations = cite(item, list(step_model.sources), ("steg", number - 1, "källor"), step)
        if step_model.subprocess is not None:
            sub = resolve(processes, step_model.subprocess, at("delprocess"), "processen")
            if sub is process:
                report.error(at("delprocess"), "en process kan inte vara delprocess i sig själv.")
            elif sub:
                step.subprocess = sub
                sub.used_in.append(step)

    # Transitions once every step of the process is known.
    for step in process.steps:
        at = lambda *path, _s=step: item.at("steg", _s.number - 1, *path)  # noqa: E731
        targets: list[tuple[str, Location, str | None, str | None]] = []
        if step.model.next is not None:
            targets.append((step.model.next, at("nästa"), None, None))
        for j, alternative in enumerate(step.model.alternatives):
            targets.append(
                (alternative.next, at("alternativ", j, "nästa"), alternative.answer, alternative.description)
            )
        for target_id, where, answer, description in targets:
            if target_id == END:
                step.transitions.append(Transition(None, answer, description))
                continue
            target = steps.get(target_id)
            if target is None:
                report.error(
                    where,
                    f'steget "{target_id}" finns inte i processen "{process.id}".'
                    f'{suggestion(target_id, list(steps) + [END])} Skriv id för ett steg i '
                    f'samma process, eller "{END}" om processen slutar här.',
                )
                continue
            step.transitions.append(Transition(target, answer, description))
            if step not in target.previous:
                target.previous.append(step)
