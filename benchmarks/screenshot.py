#!/usr/bin/env python3
"""Take docs/sample-page.png: the sample's graph page with one entity's panel open.

Builds the bundled sample (or reads -g GRAPH), writes its page, opens it in
headless Chromium (Debian's, offline), clicks the most connected entity of
the chosen type so its neighbourhood is highlighted and its panel shows its
papers and evidence, and saves the screenshot.

Usage:
  python benchmarks/screenshot.py [-g exports/] [-o docs/sample-page.png] [--type benchmark]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-g", "--graph", help="graph.json or export folder (default: build the sample)")
    parser.add_argument("-o", "--out", default=str(ROOT / "docs" / "sample-page.png"))
    parser.add_argument("--type", default="benchmark", help="type of the entity to click")
    parser.add_argument("--size", default="1440x900", help="viewport WIDTHxHEIGHT")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from kg.graph import read_node_link, to_graph
    from kg.page import write_page

    if args.graph:
        g = read_node_link(args.graph)
    else:
        from kg.pipeline import build_corpus

        g = to_graph(build_corpus())
    page_path = write_page(g, Path(tempfile.mkdtemp(prefix="kg-shot-")) / "graph.html")
    width, height = (int(x) for x in args.size.split("x"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(page_path.as_uri())
        page.wait_for_function("window.kgPage && window.kgPage.ready", timeout=60_000)
        hub = page.evaluate(
            """type => kgPage.nodes.get({filter: n => n.group === type})
                 .sort((a, b) => b.value - a.value || (a.id < b.id ? -1 : 1))[0].id""",
            args.type)
        # Zoom to where the hub's labels are readable, the hub left of centre so the
        # panel (400 px wide on the right) hides little of its neighbourhood.
        page.evaluate("""id => { const n = kgPage.network, p = n.getPositions([id])[id], s = 0.5;
                                n.moveTo({position: {x: p.x + 200 / s, y: p.y}, scale: s}); }""", hub)
        box = page.locator("#kg-network").bounding_box()
        point = page.evaluate("id => kgPage.network.canvasToDOM(kgPage.network.getPositions([id])[id])", hub)
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        page.mouse.move(box["x"] + box["width"] / 2, 5)  # onto the header: no tooltip over the picture
        page.wait_for_timeout(400)
        page.add_style_tag(content=".vis-tooltip { visibility: hidden !important; }")
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=args.out)
        browser.close()
    print(f"wrote {args.out} (clicked {hub})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
