"""Time the RDF export and SHACL validation: to_rdf, each serialisation, validate.

Usage::

    python benchmarks/rdf_bench.py                      # exports/graph.json from `kg build`
    python benchmarks/rdf_bench.py out/graph.json
    python benchmarks/rdf_bench.py --synthetic 3000     # a synthetic graph of 3000 papers

Prints one line per step with the best of ``--repeat`` runs (validation runs once).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _best(function, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    from kg.graph import read_node_link
    from kg.rdf import to_rdf
    from kg.rdf_files import serialize
    from kg.validate import validate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", nargs="?", default="exports/graph.json")
    parser.add_argument("--synthetic", type=int, default=0, metavar="N_PAPERS")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-validate", action="store_true")
    args = parser.parse_args()

    if args.synthetic:
        from synthetic import synthetic_graph

        g, name = synthetic_graph(args.synthetic), f"synthetic({args.synthetic})"
    else:
        g, name = read_node_link(args.graph), args.graph
    print(f"{name}: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges")
    seconds, rdf = _best(lambda: to_rdf(g), args.repeat)
    print(f"to_rdf            {seconds:7.2f} s  {len(rdf):,} triples")
    for fmt in ("turtle", "nt", "json-ld"):
        seconds, data = _best(lambda: serialize(rdf, format=fmt), args.repeat)
        print(f"serialize {fmt:8s}{seconds:7.2f} s  {len(data) / 1e6:.1f} MB")
    if not args.no_validate:
        start = time.perf_counter()
        report = validate(rdf)
        print(f"validate          {time.perf_counter() - start:7.2f} s  {report.summary()}")


if __name__ == "__main__":
    main()
