"""The whole pipeline in one call: load → validate → link → check."""

from __future__ import annotations

from pathlib import Path

from .check import check
from .diagnostics import ContentError, Report
from .link import ContentGraph, link
from .validate import load_content


def read_content(content_dir: Path, report: Report | None = None) -> tuple[ContentGraph | None, Report]:
    """Everything an editor can get wrong, reported at once; the graph only if there is no error."""
    report = report if report is not None else Report()
    content = load_content(content_dir, report)
    if content is None:
        return None, report
    graph = link(content, report)
    if report.errors:
        return None, report
    check(graph, report)
    if report.errors:
        return None, report
    return graph, report


def build_graph(content_dir: Path) -> tuple[ContentGraph, Report]:
    """The linked graph, or ContentError carrying every problem."""
    graph, report = read_content(content_dir)
    if graph is None:
        raise ContentError(report)
    return graph, report
