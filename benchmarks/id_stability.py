"""Do entity ids hold when a corpus grows? Build the sample alone and with more papers, compare.

An id is what a SPARQL query, a bookmark or another graph links to; a user who
adds papers to a corpus should find the entities of the old papers under the
ids they had. This builds the bundled sample (or INPUT) alone, then together
with the extra inputs, and counts the entity ids the sample's papers link to
that the bigger build gives another id.

Usage (from the repository root; the default extra inputs are the external
abstracts in ../shared/external/inputs)::

    python benchmarks/id_stability.py
    python benchmarks/id_stability.py --extra more.jsonl --inputs ../shared/seeds
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTERNAL = ROOT.parent / "shared" / "external" / "inputs"
DEFAULT_EXTRA = [EXTERNAL / f"{name}_abstracts.jsonl" for name in ("scirex", "gsapner", "datafinder")]


def build(inputs: list[str], out: Path) -> dict[str, dict[str, str]]:
    """Entity id by name, for each paper id, of a build of the inputs."""
    subprocess.run([sys.executable, "-m", "kg.cli", "build", *inputs, "-o", str(out), "--outputs", "jsonl"],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ids = {}
    with open(out / "papers.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            ids[record["id"]] = {e["name"]: e["id"] for e in record["entities"]}
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", nargs="*", default=[], help="the corpus (default: the bundled sample)")
    parser.add_argument("--extra", nargs="*", default=[str(p) for p in DEFAULT_EXTRA],
                        help="the papers added to it (default: the external abstracts)")
    args = parser.parse_args()
    inputs = args.inputs or [str(ROOT / "kg" / "sample")]
    with tempfile.TemporaryDirectory() as work:
        alone = build(inputs, Path(work) / "alone")
        grown = build(inputs + args.extra, Path(work) / "grown")
    changed: dict[str, str] = {}
    linked = set()
    for paper, names in alone.items():
        for name, eid in names.items():
            linked.add(eid)
            if grown.get(paper, {}).get(name) != eid:
                changed.setdefault(eid, grown.get(paper, {}).get(name) or "(not found)")
    added = len(grown) - len(alone)
    print(f"{len(alone):,} papers, {len(linked):,} entity ids; {added:,} papers added")
    print(f"ids kept: {len(linked) - len(changed):,}; changed: {len(changed):,}")
    for old, new in sorted(changed.items()):
        print(f"  {old} -> {new}")


if __name__ == "__main__":
    main()
