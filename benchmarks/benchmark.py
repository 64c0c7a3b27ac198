"""Benchmark: how much the generator adds to a MkDocs build, and whether it scales linearly.

Run: python benchmarks/benchmark.py [--sizes 50 100 200 400] [--build-size 200]

For the real content and for synthetic content of growing size it times
  1. the generator alone (load → validate → link → check → render), and
  2. `mkdocs build` with the plugin, side by side with a plain `mkdocs build` of the very
     same Markdown pages (written out first), so the difference is the generator's cost.
Machines here are noisy, so compare the ratios printed in one run, not absolute seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.pipeline import build_graph  # noqa: E402
from generator.render import render_site  # noqa: E402


def synthetic_content(target: Path, processes: int) -> Path:
    """Content shaped like the real one: 6 steps a process, one decision, shared roles/rules."""
    shutil.copytree(ROOT / "content", target)
    proc_dir = target / "processer"
    roles = re.findall(r"^  - id: (\S+)", (target / "roller.yml").read_text(encoding="utf-8"), re.M)
    rules = re.findall(r"^  - id: (\S+)", (target / "regler.yml").read_text(encoding="utf-8"), re.M)
    for n in range(processes):
        steps = []
        for s in range(1, 7):
            role = roles[(n + s) % len(roles)]
            other = roles[(n + s + 3) % len(roles)]
            rule = rules[(n * 7 + s) % len(rules)]
            common = (
                f"  - id: steg-{s}\n    namn: Steg {s} i syntetisk process {n}\n"
                f"    fas: fas-{1 if s <= 3 else 2}\n"
                f"    beskrivning: Beskrivning av steg {s}. Parterna gör något som beskrivs här.\n"
                f"    roller:\n      ansvarar: [{role}]\n      deltar: [{other}]\n"
                f"    checklista:\n      - Kontrollera punkt ett i steg {s}.\n"
                f"      - Kontrollera punkt två i steg {s}.\n    regler: [{rule}]\n"
            )
            if s == 4:
                steps.append(common + "    typ: beslut\n    fråga: Går det vidare?\n    alternativ:\n"
                             "      - svar: Ja\n        nästa: steg-5\n      - svar: Nej\n        nästa: slut\n")
            else:
                steps.append(common + f"    nästa: {'slut' if s == 6 else f'steg-{s + 1}'}\n")
        (proc_dir / f"syntetisk-{n:04d}.yml").write_text(
            f"id: syntetisk-{n:04d}\nnamn: Syntetisk process {n}\nsammanfattning: Test.\n"
            f"ordning: {1000 + n}\nkällor:\n  - källa: fk-rapport-esf-2025\n"
            "faser:\n  - id: fas-1\n    namn: Första fasen\n  - id: fas-2\n    namn: Andra fasen\n"
            "steg:\n" + "".join(steps),
            encoding="utf-8",
        )
    return target


def time_generator(content: Path, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        graph, _ = build_graph(content)
        render_site(graph)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _config(work: Path, content: Path, with_plugin: bool) -> Path:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    docs = work / "docs"
    if with_plugin:
        shutil.copytree(ROOT / "docs", docs)
        text = re.sub(r"^(\s*)content_dir: .*$", rf"\1content_dir: {content}", text, flags=re.M)
    else:
        # The same pages, written out once, built by MkDocs without our plugin.
        shutil.copytree(ROOT / "docs", docs)
        graph, _ = build_graph(content)
        site = render_site(graph)
        site.write(docs)
        text = re.sub(r"^  - kunskapsstod:\n(?:      .*\n)+", "", text, flags=re.M)
        nav_yaml = _nav_yaml(site.nav)
        text = re.sub(r"^nav:\n", "nav:\n" + nav_yaml, text, flags=re.M)
    text = re.sub(r"^docs_dir: .*$", f"docs_dir: {docs}", text, flags=re.M)
    text = re.sub(r"^(\s*)custom_dir: .*$", rf"\1custom_dir: {ROOT / 'overrides'}", text, flags=re.M)
    config = work / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def _nav_yaml(nav, indent: int = 2) -> str:
    out = ""
    for entry in nav:
        ((title, value),) = entry.items()
        quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(value, list):
            out += " " * indent + f"- {quoted}:\n" + _nav_yaml(value, indent + 4)
        else:
            out += " " * indent + f"- {quoted}: {value}\n"
    return out


def time_build(config: Path, repeat: int = 2) -> float:
    times = []
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for _ in range(repeat):
        site = config.parent / "site"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                       check=True, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400])
    parser.add_argument("--build-size", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        print("Generator alone (load → validate → link → check → render), median of 3:")
        real = time_generator(ROOT / "content")
        graph, _ = build_graph(ROOT / "content")
        steps = sum(len(p.steps) for p in graph.processes)
        print(f"  real content: {len(graph.processes)} processes, {steps} steps: {real * 1000:.0f} ms")
        previous = None
        for size in args.sizes:
            content = synthetic_content(tmp_path / f"c{size}", size)
            seconds = time_generator(content)
            per = seconds / (size + len(graph.processes)) * 1000
            growth = f", ×{seconds / previous[1]:.2f} for ×{size / previous[0]:.1f} size" if previous else ""
            print(f"  +{size} synthetic processes: {seconds * 1000:.0f} ms ({per:.2f} ms/process{growth})")
            previous = (size, seconds)

        print("\nWhole build, with the plugin vs plain MkDocs on the same Markdown (median of 2):")
        for label, content in (("real content", ROOT / "content"),
                               (f"+{args.build_size} synthetic", synthetic_content(tmp_path / "b", args.build_size))):
            work_plugin, work_plain = tmp_path / f"wp-{label[:4]}", tmp_path / f"wn-{label[:4]}"
            work_plugin.mkdir()
            work_plain.mkdir()
            with_plugin = time_build(_config(work_plugin, content, True))
            plain = time_build(_config(work_plain, content, False))
            print(f"  {label}: plugin {with_plugin:.2f} s, plain {plain:.2f} s, ratio {with_plugin / plain:.2f}")


if __name__ == "__main__":
    main()
