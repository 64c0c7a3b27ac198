"""Page weight: what a reader's browser downloads, and how soon the process map is drawn.

Run: python benchmarks/page_weight.py [--runs 3] [--site DIR]

Builds the real site (`mkdocs build --strict`, unless --site names a built one), serves it
on 127.0.0.1 and opens the start page and a process page in Debian's Chromium (Playwright),
each run in a fresh browser context (nothing cached). For each page it prints:

  requests     every request the page made (the search worker's included)
  bytes        bytes transferred (headers + bodies; http.server sends them uncompressed)
  gzip         the same bodies gzip-compressed: about what a compressing web server sends
  load ms      performance.now() at the load event
  map ms       performance.now() when the map's SVG is in the page (Mermaid has drawn it)

Medians over the runs. Machines here are noisy: compare pages in one run, not runs.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright

from generator.pipeline import build_graph
from generator.render import url_of
from tests import browser_support as bs
from tests.conftest import CONTENT, mkdocs_build

# Records when the map's SVG lands directly in div.mermaid (Mermaid draws it in a
# temporary element first and then moves it there).
SVG_WATCH = """
(() => {
  const seen = () => document.querySelector("div.ks-karta div.mermaid > svg");
  const observer = new MutationObserver(() => {
    if (window.__ksSvgAt === undefined && seen()) {
      window.__ksSvgAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();
"""


def measure(browser, server: bs.Server, path: str) -> dict[str, float | None]:
    context = bs.new_context(browser, server)
    context.add_init_script(SVG_WATCH)
    page = context.new_page()
    finished: list = []
    page.on("requestfinished", lambda request: finished.append(request))
    watched = bs.watch(page, server)
    page.goto(server.url(path), wait_until="load")
    has_map = page.locator("div.ks-karta").count() > 0
    if has_map:
        page.wait_for_function("() => window.__ksSvgAt !== undefined", timeout=30_000)
    page.wait_for_load_state("networkidle")
    load_ms = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventStart")
    svg_ms = page.evaluate("() => window.__ksSvgAt ?? null")

    transferred = 0
    compressed = 0
    for request in finished:
        sizes = request.sizes()
        transferred += sizes["responseHeadersSize"] + sizes["responseBodySize"]
        response = request.response()
        try:
            body = response.body() if response else b""
        except Exception:  # noqa: BLE001 - a body the browser already dropped
            body = b""
        compressed += len(gzip.compress(body, 6)) if body else 0
    problems = watched.problems()
    context.close()
    if problems:
        raise SystemExit(f"/{path}: " + "; ".join(problems))
    return {
        "requests": len(finished),
        "bytes": transferred,
        "gzip": compressed,
        "load": load_ms,
        "map": svg_ms,
    }


def median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, help="a built site (default: build the real one)")
    args = parser.parse_args()

    graph, report = build_graph(CONTENT)
    if graph is None:
        raise SystemExit(report.summary())
    process = graph.processes[0]
    pages = [("Startsidan", ""), (process.model.name, url_of(f"processer/{process.id}/index.md"))]

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            result = mkdocs_build(ROOT / "mkdocs.yml", site)
            if result.returncode != 0:
                raise SystemExit(result.stdout + result.stderr)
        with bs.serve(site) as server, sync_playwright() as playwright:
            browser = bs.launch(playwright)
            rows = []
            for title, path in pages:
                runs = [measure(browser, server, path) for _ in range(args.runs)]
                rows.append((title, path, {k: median([r[k] for r in runs]) for k in runs[0]}))
            browser.close()

    print(f"Sidvikt i Chromium ({args.runs} körningar, median; tom cache)")
    width = max(len(f"/{path}") for _, path, _ in rows) + 2
    header = (f"{'sida':<{width}} {'förfrågningar':>13} {'byte':>11} {'gzip':>10} "
              f"{'load ms':>8} {'karta ms':>9}")
    print(header)
    print("-" * len(header))
    for _title, path, m in rows:
        map_ms = f"{m['map']:.0f}" if m["map"] is not None else "–"
        print(f"{'/' + path:<{width}} {m['requests']:>13.0f} {m['bytes']:>11,.0f} {m['gzip']:>10,.0f} "
              f"{m['load']:>8.0f} {map_ms:>9}")


if __name__ == "__main__":
    main()
