#!/usr/bin/env python3
"""Time to a usable graph page in headless Chromium, for the sample and a large corpus.

"Usable" is the first frame drawn after the layout has settled and physics
has stopped (the page sets ``kgPage.readyAt`` then, in milliseconds since
navigation start). The script also reports when the page's own script
started (HTML and vis-network parsed), when the network object was built,
and when stabilisation ended, and how long ``write_page`` took in Python.

Cases:
  sample  the bundled 296-paper sample (built in-process), target 3 s
  large   a capped view (2,000 nodes) of a large graph, target 5 s: the
          graph.json given with --large (for instance from
          ``make_corpus.py 30000 /tmp/c30k.jsonl; kg build /tmp/c30k.jsonl -o DIR``),
          else a synthetic 30,000-paper graph (benchmarks/synthetic.py)

Usage:
  python benchmarks/page_bench.py [--runs 5] [--large DIR_OR_GRAPH_JSON] [--only sample|large]

Uses Debian's Chromium (/usr/bin/chromium) through Playwright, offline: any
request that is not file:// is aborted and reported. Exit status 1 if a
median misses its target.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TARGETS_MS = {"sample": 3000, "large": 5000}
PHASES = "({start: kgPage.startedAt, network: kgPage.networkAt, settled: kgPage.stabilizedAt, " \
         "ready: kgPage.readyAt, nodes: kgPage.nodes.length, edges: kgPage.edges.length})"


def sample_graph():
    from kg.graph import to_graph
    from kg.pipeline import build_corpus

    return to_graph(build_corpus())


def large_graph(source: str | None):
    if source:
        from kg.graph import read_node_link

        return read_node_link(source), f"graph from {source}"
    from synthetic import synthetic_graph

    return synthetic_graph(30_000), "synthetic 30,000-paper graph"


def load_times(browser, path: Path, runs: int) -> list[dict]:
    results = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        outside: list[str] = []
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else (outside.append(r.request.url), r.abort()))
        page.goto(path.as_uri())
        page.wait_for_function("window.kgPage && window.kgPage.ready", timeout=120_000)
        phases = page.evaluate(PHASES)
        phases["outside"], phases["errors"] = outside, errors
        results.append(phases)
        page.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large", metavar="DIR_OR_JSON", help="graph.json of a large corpus")
    parser.add_argument("--only", choices=sorted(TARGETS_MS))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--keep", metavar="DIR", help="keep the pages in DIR")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from kg.page import write_page

    out = Path(args.keep or tempfile.mkdtemp(prefix="kg-page-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    cases = [c for c in ("sample", "large") if args.only in (None, c)]
    failed = False
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        print(f"chromium {browser.version}, {args.runs} runs each, medians in ms since navigation start")
        for case in cases:
            started = time.perf_counter()
            if case == "sample":
                g, what = sample_graph(), "bundled sample"
            else:
                g, what = large_graph(args.large)
            built = time.perf_counter() - started
            path = out / f"{case}.html"
            notes = []
            started = time.perf_counter()
            write_page(g, path, on_view=notes.append)
            written = time.perf_counter() - started
            runs = load_times(browser, path, args.runs)
            median = {k: statistics.median(r[k] for r in runs)
                      for k in ("start", "network", "settled", "ready")}
            target = TARGETS_MS[case]
            ok = median["ready"] <= target and not any(r["outside"] or r["errors"] for r in runs)
            failed |= not ok
            print(f"\n{case}: {what} ({g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges; "
                  f"graph ready in {built:.1f} s)")
            print(f"  view: {notes[0].text()}")
            print(f"  write_page: {written:.2f} s, {path.stat().st_size / 1e6:.1f} MB -> {path}")
            print(f"  drawn: {runs[0]['nodes']:,} nodes, {runs[0]['edges']:,} edges")
            print(f"  script start {median['start']:.0f}, network built {median['network']:.0f}, "
                  f"layout settled {median['settled']:.0f}, usable {median['ready']:.0f} "
                  f"(runs: {', '.join(str(round(r['ready'])) for r in runs)})")
            print(f"  target {target} ms: {'ok' if ok else 'MISSED'}"
                  + (f"; outside requests: {runs[0]['outside']}" if runs[0]["outside"] else "")
                  + (f"; console errors: {runs[0]['errors']}" if runs[0]["errors"] else ""))
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
