"""Stage 4: consistency checks on the linked graph.

What the models alone cannot say: a decision needs a question and alternatives, every step
must be reachable from the start and lead to an end, sub-processes must not loop, and
roles and rules that nothing uses are probably a mistake.
"""

from __future__ import annotations

from .diagnostics import Report
from .link import END, ContentGraph, ProcessNode, StepNode
from .models import StepKind


def check(graph: ContentGraph, report: Report) -> None:
    for process in graph.processes:
        for step in process.steps:
            _check_step_shape(graph, step, report)
        if process.model.phases:
            for step in process.steps:
                if step.model.phase is None:
                    report.error(
                        graph.location_of(step, "id"),
                        f'steget "{step.id}" saknar fas. Processen har faser, så ange '
                        f"fas: med en av {', '.join(p.id for p in process.model.phases)}.",
                    )
        _check_flow(graph, process, report)
    _check_subprocess_cycles(graph, report)
    _check_unused(graph, report)


def _check_step_shape(graph: ContentGraph, step: StepNode, report: Report) -> None:
    model = step.model
    at = lambda *path: graph.location_of(step, *path)  # noqa: E731
    if model.kind == StepKind.DECISION:
        if model.next is not None:
            report.error(
                at("nästa"),
                "ett beslut har inget nästa: ange i stället vart varje svar leder, under "
                "alternativ: (- svar: Ja / nästa: steg-id).",
            )
        if model.question is None:
            report.error(at("id"), f'beslutet "{step.id}" saknar fråga: skriv fråga: och frågan som avgörs.')
        if len(model.alternatives) < 2:
            report.error(
                at("alternativ") if model.alternatives else at("id"),
                f'beslutet "{step.id}" behöver minst två alternativ (svar och nästa).',
            )
        answers = [a.answer for a in model.alternatives]
        for j, answer in enumerate(answers):
            if answer in answers[:j]:
                report.error(at("alternativ", j, "svar"), f'svaret "{answer}" står två gånger i beslutet.')
    else:
        if model.next is None:
            report.error(
                at("id"),
                f'steget "{step.id}" saknar nästa: skriv id för steget som följer, '
                f'eller "{END}" om processen slutar här.',
            )
        if model.question is not None:
            report.error(at("fråga"), 'bara ett steg med typ: beslut kan ha en fråga.')
        if model.alternatives:
            report.error(at("alternativ"), 'bara ett steg med typ: beslut kan ha alternativ.')
    if model.kind == StepKind.SUBPROCESS and model.subprocess is None:
        report.error(at("id"), f'steget "{step.id}" har typ: delprocess men saknar delprocess: (id för processen).')
    if model.kind != StepKind.SUBPROCESS and model.subprocess is not None:
        report.error(at("delprocess"), "bara ett steg med typ: delprocess kan hänvisa till en delprocess.")


def _check_flow(graph: ContentGraph, process: ProcessNode, report: Report) -> None:
    if not process.steps:
        return
    reachable: set[int] = set()
    stack = [process.steps[0]]
    while stack:
        step = stack.pop()
        if id(step) in reachable:
            continue
        reachable.add(id(step))
        stack.extend(t.target for t in step.transitions if t.target is not None)
    for step in process.steps:
        if id(step) not in reachable:
            report.error(
                graph.location_of(step, "id"),
                f'steget "{step.id}" nås aldrig från processens första steg. Låt ett annat '
                f"steg ha nästa: {step.id}, eller ta bort steget.",
            )
    # Walk backwards from the steps that end the process. A step with no way on at all
    # (no nästa, no alternatives) already has its own error; counting it as an end keeps
    # the steps before it from being reported as a loop.
    ends = {
        id(s) for s in process.steps
        if not s.transitions or any(t.target is None for t in s.transitions)
    }
    leads_to_end = set(ends)
    changed = True
    while changed:
        changed = False
        for step in process.steps:
            if id(step) in leads_to_end:
                continue
            if any(t.target is not None and id(t.target) in leads_to_end for t in step.transitions):
                leads_to_end.add(id(step))
                changed = True
    for step in process.steps:
        if id(step) in reachable and id(step) not in leads_to_end and step.transitions:
            report.error(
                graph.location_of(step, "id"),
                f'från steget "{step.id}" leder ingen väg till slut: stegen går runt i en '
                f'slinga. Låt något steg i slingan leda vidare, eller till "{END}".',
            )


def _check_subprocess_cycles(graph: ContentGraph, report: Report) -> None:
    reported: set[int] = set()
    for process in graph.processes:
        trail: list[ProcessNode] = []
        looping = _step_leading_back(process, process, trail)
        if looping is not None and id(looping) not in reported:
            reported.add(id(looping))
            report.error(
                graph.location_of(looping, "delprocess"),
                f'delprocesserna går runt: "{process.id}" ingår till slut i sig själv '
                f"({' → '.join(p.id for p in trail)} → {process.id}). Ta bort en av "
                "delprocesshänvisningarna.",
            )


def _step_leading_back(
    origin: ProcessNode, current: ProcessNode, trail: list[ProcessNode]
) -> StepNode | None:
    """The step through which `current`'s sub-processes lead back to `origin`, if any;
    `trail` ends up holding the processes on the way."""
    trail.append(current)
    for step in current.steps:
        sub = step.subprocess
        if sub is None:
            continue
        if sub is origin:
            return step
        if sub not in trail:
            found = _step_leading_back(origin, sub, trail)
            if found:
                return found
    trail.pop()
    return None


def _check_unused(graph: ContentGraph, report: Report) -> None:
    for role in graph.roles:
        if not role.steps:
            report.warning(
                graph.location_of(role, "id"),
                f'rollen "{role.id}" medverkar inte i något steg. Lägg till den i ett stegs '
                "roller, eller ta bort den.",
            )
    for rule in graph.rules:
        if not rule.steps and not rule.processes:
            report.warning(
                graph.location_of(rule, "id"),
                f'regeln "{rule.id}" används inte i någon process eller något steg; den visas '
                "bara i regelregistret. Lägg till den under regler: där den gäller.",
            )
    for source in graph.sources:
        if not source.cited_by:
            report.warning(
                graph.location_of(source, "id"),
                f'källan "{source.id}" hänvisas inte till någonstans.',
            )
