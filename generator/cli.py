"""`kunskapsstod check` and `kunskapsstod render`: the pipeline without MkDocs."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .pipeline import read_content
from .render import render_site

EXIT_OK, EXIT_CONTENT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: fel: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kunskapsstod",
        description="Kontrollerar och bygger Kunskapsstödets innehåll.",
    )
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=_Parser)
    check = commands.add_parser("check", help="kontrollera allt innehåll och visa alla fel")
    check.add_argument("content_dir", nargs="?", default="content", metavar="INNEHÅLLSMAPP",
                       help="mappen med innehållet (standard: content)")
    render = commands.add_parser(
        "render", help="skriv de genererade Markdown-sidorna till en mapp (för andra byggverktyg)"
    )
    render.add_argument("content_dir", metavar="INNEHÅLLSMAPP")
    render.add_argument("out_dir", metavar="UTMAPP")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help(sys.stderr)
        return EXIT_USAGE
    content_dir = Path(args.content_dir)
    if not content_dir.is_dir():
        print(f"kunskapsstod: fel: mappen {content_dir} finns inte.", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    graph, report = read_content(content_dir)
    for diagnostic in report.sorted():
        print(diagnostic)
    if graph is None:
        print(report.summary(), file=sys.stderr)
        return EXIT_CONTENT_ERRORS
    if args.command == "render":
        render_site(graph).write(Path(args.out_dir))
    elapsed = time.perf_counter() - started
    print(f"{report.summary()} ({len(graph.processes)} processer, "
          f"{sum(len(p.steps) for p in graph.processes)} steg, {len(graph.roles)} roller, "
          f"{len(graph.rules)} regler; {elapsed:.2f} s)")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
