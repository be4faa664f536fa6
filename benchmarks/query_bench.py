"""Time each graph query on a synthetic graph (or a built one) of a given size.

Usage::

    python benchmarks/query_bench.py 20000          # synthetic, 20,000 papers
    python benchmarks/query_bench.py -g exports/    # a graph kg build wrote

Prints one line per query with the seconds it took, on the most linked
entity and one of its papers (the slow case for most queries). With ``-g``
it first times reading the graph: from ``graph.json``, the first query
(which keeps it in the cache folder) and a later one (:mod:`kg.graph_cache`).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kg import query  # noqa: E402
from kg.errors import QueryError  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("papers", nargs="?", type=int, default=20000)
    parser.add_argument("-g", "--graph", help="a built graph.json or its folder instead")
    args = parser.parse_args()
    start = time.perf_counter()
    if args.graph:
        g = time_reads(args.graph)
    else:
        from synthetic import synthetic_graph

        g = synthetic_graph(args.papers)
    print(f"graph: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges "
          f"({time.perf_counter() - start:.2f} s to make)")
    top = query.top_entities(g, n=500)
    name, rare = top[0].name, top[-1].name
    paper = query.papers_of(g, name)[0].id

    def typo():
        try:
            query.find(g, name + "zq")
        except QueryError:
            pass

    timings = [
        ("find", lambda: query.find(g, name.lower())),
        ("find a typo (suggestions)", typo),
        ("papers_of most linked", lambda: query.papers_of(g, name)),
        ("entities_of", lambda: query.entities_of(g, paper)),
        ("top_entities by papers", lambda: query.top_entities(g)),
        ("top_entities by pagerank", lambda: query.top_entities(g, by="pagerank")),
        ("co_used most linked", lambda: query.co_used(g, name)),
        ("similar_papers", lambda: query.similar_papers(g, paper)),
        ("path", lambda: query.path(g, rare, paper)),
        ("clusters", lambda: query.clusters(g)),
        ("stats", lambda: query.stats(g)),
    ]
    for label, run in timings:
        start = time.perf_counter()
        run()
        print(f"{label:28} {time.perf_counter() - start:7.3f} s")


def time_reads(graph: str):
    """Time reading a built graph each way; the graph, as a later query reads it."""
    from kg.graph import read_node_link
    from kg.graph_cache import read_graph

    with tempfile.TemporaryDirectory() as cache:
        for label, read in (("read graph.json", read_node_link),
                            ("first query (reads, keeps)", lambda p: read_graph(p, folder=cache, min_bytes=0)),
                            ("later query (kept graph)", lambda p: read_graph(p, folder=cache, min_bytes=0))):
            start = time.perf_counter()
            g = read(graph)
            print(f"{label:28} {time.perf_counter() - start:7.3f} s")
    return g


if __name__ == "__main__":
    main()
