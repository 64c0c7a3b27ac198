"""The process map as a Mermaid flowchart, with every label escaped."""

from __future__ import annotations

from dataclasses import dataclass

from .escape import mermaid_label, mermaid_plain
from .link import ProcessNode, StepNode
from .models import StepKind

START_NODE = "start"
END_NODE = "slut"
CURRENT_CLASS = "aktuellt"


def node_id(step: StepNode) -> str:
    """Mermaid node ids are ours, never the editor's text: `n1`, `n2`, …"""
    return f"n{step.number}"


def step_label(step: StepNode) -> str:
    text = step.model.question if step.model.kind == StepKind.DECISION and step.model.question else step.model.name
    return f"{step.number}. {text}"


@dataclass(frozen=True)
class Map:
    source: str
    """The Mermaid code."""
    title: str
    description: str


def process_map(process: ProcessNode, current: StepNode | None = None) -> Map:
    steps = process.steps
    title = f"Processkarta: {process.model.name}"
    description = _description(process)
    lines = [
        "flowchart TD",
        f"  accTitle: {mermaid_plain(title)}",
        f"  accDescr: {mermaid_plain(description)}",
        f'  {START_NODE}(["{mermaid_label("Start")}"])',
    ]
    by_phase: dict[str | None, list[StepNode]] = {}
    for step in steps:
        by_phase.setdefault(step.phase.id if step.phase else None, []).append(step)
    for step in by_phase.get(None, []):
        lines.append(f"  {_node(step)}")
    for index, phase in enumerate(process.model.phases):
        members = by_phase.get(phase.id, [])
        if not members:
            continue
        lines.append(f'  subgraph fas{index + 1}["{mermaid_label(phase.name)}"]')
        lines.append("    direction TB")
        lines.extend(f"    {_node(step)}" for step in members)
        lines.append("  end")
    has_end = False
    if steps:
        lines.append(f"  {START_NODE} --> {node_id(steps[0])}")
    for step in steps:
        for transition in step.transitions:
            target = node_id(transition.target) if transition.target else END_NODE
            has_end = has_end or transition.target is None
            if transition.answer:
                lines.append(f'  {node_id(step)} -->|"{mermaid_label(transition.answer)}"| {target}')
            else:
                lines.append(f"  {node_id(step)} --> {target}")
    if has_end:
        lines.append(f'  {END_NODE}(["{mermaid_label("Slut")}"])')
    lines.append("  classDef ksStartSlut fill:#e8eef4,stroke:#1b3a5c,color:#10243a")
    lines.append(f"  class {START_NODE}{',' + END_NODE if has_end else ''} ksStartSlut")
    if current is not None:
        lines.append(f"  classDef {CURRENT_CLASS} fill:#fff3c4,stroke:#7a5a00,stroke-width:3px,color:#1a1a1a")
        lines.append(f"  class {node_id(current)} {CURRENT_CLASS}")
    return Map("\n".join(lines), title, description)


def _node(step: StepNode) -> str:
    label = mermaid_label(step_label(step))
    if step.model.kind == StepKind.DECISION:
        return f'{node_id(step)}{{"{label}"}}'
    if step.model.kind == StepKind.SUBPROCESS:
        return f'{node_id(step)}[["{label}"]]'
    return f'{node_id(step)}["{label}"]'


def _description(process: ProcessNode) -> str:
    decisions = sum(1 for s in process.steps if s.model.kind == StepKind.DECISION)
    text = f"Flödesschema med {len(process.steps)} steg"
    if decisions:
        text += f", varav {decisions} beslut med alternativ"
    if process.model.phases:
        text += f", i {len(process.model.phases)} faser"
    return text + ". Samma steg finns som numrerad lista under kartan."
