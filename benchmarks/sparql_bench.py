#!/usr/bin/env python3
"""Time the example SPARQL queries (ontology/queries/*.rq) with pyoxigraph and rdflib.

For each size N it builds (or reuses, from --work) an RDF export of N papers,
loads it with each engine and runs every example query, printing the load
time and the best of --repeat runs per query. The target is every example
query under 1 s through pyoxigraph on 100,000 papers.

Two sources of papers:

``--source corpus``
    ``../shared/bench/make_corpus.py N`` writes N synthetic abstracts made of
    real sentences, and ``kg build --outputs nt`` extracts the graph: the real
    pipeline, but about 20 minutes per 10,000 papers on two cores.
``--source synthetic`` (default)
    ``benchmarks/synthetic.py`` draws a graph with Zipf-distributed entity
    popularity straight away (given source pages, dates and varied
    confidences here), and ``kg.rdf`` writes it as N-Triples in chunks of
    papers so memory stays flat. Much faster to make at 100,000 papers.

The queries that name an entity in a ``VALUES`` line (GSM8K, CoT, ...) are
pointed at the export's most used benchmark (and entity-aliases at its most
named entity with an alias), so they do real work on any export.

Usage::

    python benchmarks/sparql_bench.py --papers 1000 10000 100000 --rdflib-max 10000
    python benchmarks/sparql_bench.py --papers 2000 --source corpus
"""
from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from kg.errors import QueryError  # noqa: E402
from kg.sparql import ENGINES, example_queries, load_store, read_query  # noqa: E402

MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
VALUES = re.compile(r'(VALUES \?\w+ \{ )"[^"]*" \}')
USE = """SELECT ?name (COUNT(?p) AS ?n) WHERE { ?b a kg:%s ; skos:prefLabel ?name .
  ?p kg:uses ?b } GROUP BY ?name ORDER BY DESC(?n) ?name"""
PAPERS = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }"
TOP_ALIASED = """SELECT ?alias (COUNT(?p) AS ?n) WHERE { ?e skos:altLabel ?alias . ?p kg:mentions ?e }
  GROUP BY ?e ?alias ORDER BY DESC(?n) ?alias LIMIT 1"""


def build_synthetic(n: int, folder: Path, *, chunk: int = 5000) -> Path:
    """Write ``graph.nt`` of a synthetic graph of ``n`` papers, ``chunk`` papers at a time."""
    from synthetic import synthetic_graph

    from kg.rdf import to_rdf
    from kg.rdf_files import serialize

    g = synthetic_graph(n)
    rng = random.Random(n)
    papers = sorted(node for node, d in g.nodes(data=True) if d["kind"] == "paper")
    for i, node in enumerate(papers):  # listing pages of 100 papers, dates over two years
        g.nodes[node]["sources"] = [f"synthetic/page-{i // 100:05d}.txt:{6 + 3 * (i % 100)}"]
        g.nodes[node]["date"] = f"{2023 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    for _, _, data in g.edges(data=True):
        if "confidence" in data:
            data["confidence"] = rng.choice((0.5, 0.6, 0.75, 0.9, 0.9, 1.0))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "graph.nt"
    partial = path.with_suffix(".part")
    with partial.open("wb") as out:
        for start in range(0, len(papers), chunk):
            nodes = set(papers[start:start + chunk])
            for paper in papers[start:start + chunk]:
                nodes.update(g.successors(paper))
            for node in list(nodes):
                nodes.update(v for _, v, key in g.out_edges(node, keys=True) if key == "variant_of")
            out.write(serialize(to_rdf(g.subgraph(nodes)), format="nt"))
            print(f"  wrote papers {start:,}..{min(start + chunk, len(papers)):,}", file=sys.stderr)
    partial.rename(path)
    return path


def build_corpus(n: int, folder: Path, work: Path) -> Path:
    """Run make_corpus.py and ``kg build --outputs nt``; return the export's graph.nt."""
    corpus = work / f"corpus-{n}.jsonl"
    if not corpus.exists():
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(n), str(corpus)], check=True)
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(folder),
                    "--outputs", "nt"], check=True, cwd=REPO)
    return folder / "graph.nt"


def export_for(n: int, source: str, work: Path) -> Path:
    folder = work / f"{source}-{n}"
    path = folder / "graph.nt"
    if path.exists():
        print(f"reusing {path}", file=sys.stderr)
        return path
    print(f"building {source} export of {n:,} papers in {folder}", file=sys.stderr)
    started = time.perf_counter()
    path = build_synthetic(n, folder) if source == "synthetic" else build_corpus(n, folder, work)
    print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def _literal(text: str) -> str:
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def queries_for(store, share: float) -> tuple[dict[str, str], str]:
    """The example queries, the entity each names pointed at one this export has.

    Queries naming a benchmark (or a task: papers-on-a-task) get the most
    used one that at most ``share`` of the papers use (GSM8K is in about 4%
    of the papers of the bundled sample and of make_corpus.py corpora); the
    same queries are added as "NAME (top)" with the most used one of all,
    which in the synthetic graph is in over half the papers: the worst case.
    entity-aliases gets the most named entity with an alias.
    """
    papers = store.query(PAPERS).rows[0][0]
    named = {}
    for cls in ("Benchmark", "Task"):
        uses = store.query(USE % cls).rows
        typical = next(((name, n) for name, n in uses if n <= share * papers), uses[-1] if uses else ("", 0))
        named[cls] = typical, uses[0] if uses else ("", 0)
    aliased = store.query(TOP_ALIASED).rows
    alias = _literal(aliased[0][0] if aliased else "")
    texts, worst = {}, {}
    for name in example_queries():
        text = read_query(name)
        typical, top = named["Task" if "a kg:Task" in text else "Benchmark"]
        if not VALUES.search(text):
            texts[name] = text
        elif name == "entity-aliases":
            texts[name] = VALUES.sub(lambda m: m.group(1) + alias + " }", text)
        else:
            texts[name] = VALUES.sub(lambda m: m.group(1) + _literal(typical[0]) + " }", text)
            worst[name + " (top)"] = VALUES.sub(lambda m: m.group(1) + _literal(top[0]) + " }", text)
    notes = [f"named {cls.lower()} {typical[0]!r} (in {typical[1]:,} papers; '(top)': {top[0]!r} in "
             f"{top[1]:,} papers)" for cls, (typical, top) in named.items()]
    return {**texts, **worst}, ", ".join(notes) + f", alias {alias}"


def time_queries(store, texts: dict[str, str], repeat: int, timeout: float) -> dict[str, tuple]:
    """Best time and row count per query; (None, note) when it failed or ran out of time."""
    timings = {}
    for name, text in texts.items():
        best, rows = None, 0
        for _ in range(repeat):
            started = time.perf_counter()
            try:
                result = store.query(text, timeout=timeout)
            except QueryError as exc:
                best, rows = None, "timeout" if "did not finish" in str(exc) else "error"
                break
            elapsed = time.perf_counter() - started
            best = elapsed if best is None else min(best, elapsed)
            rows = len(result.rows)
        timings[name] = (best, rows)
    return timings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10000, 100000], metavar="N")
    parser.add_argument("--source", choices=("synthetic", "corpus"), default="synthetic")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-sparql-bench"),
                        help="where exports are built and reused (default: %(default)s)")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--rdflib-max", type=int, default=10000, metavar="N",
                        help="skip rdflib above N papers (it loads ~25k triples/s)")
    parser.add_argument("--share", type=float, default=0.05,
                        help="the named benchmark is the most used one in at most this share "
                        "of papers (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query; the best is kept")
    parser.add_argument("--timeout", type=float, default=120.0, metavar="S",
                        help="give up on a query after S seconds")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)

    for n in args.papers:
        path = export_for(n, args.source, args.work)
        results, loads, texts, note = {}, {}, None, ""
        for engine in args.engines:
            if engine == "rdflib" and n > args.rdflib_max:
                continue
            started = time.perf_counter()
            store = load_store(path, engine=engine)
            loads[engine] = (time.perf_counter() - started, len(store))
            if texts is None:
                texts, note = queries_for(store, args.share)
            results[engine] = time_queries(store, texts, args.repeat, args.timeout)
            del store
        engines = list(results)
        print(f"\n{n:,} papers ({args.source}), {path} ({path.stat().st_size / 1e6:,.0f} MB)")
        print(f"  queries use the {note}")
        for engine in engines:
            seconds, triples = loads[engine]
            print(f"  load with {engine}: {seconds:.1f} s, {triples:,} triples")
        header = f"  {'query':34} {'rows':>6} " + " ".join(f"{e + ' s':>10}" for e in engines)
        print(header)
        print("  " + "-" * (len(header) - 2))
        for name in texts:
            counts = {results[e][name][1] for e in engines if results[e][name][0] is not None}
            rows = counts.pop() if len(counts) == 1 else "DIFFER" if counts else "-"
            cells = []
            for engine in engines:
                best, status = results[engine][name]
                cells.append(f"{best:10.3f}" if best is not None else f"{status:>10}")
            print(f"  {name:34} {rows!s:>6} " + " ".join(cells))
        if "oxigraph" in results:
            for label, names in [("example queries", [q for q in texts if "(top)" not in q]),
                                 ("worst-case (top) runs", [q for q in texts if "(top)" in q])]:
                slowest = max(((results["oxigraph"][q][0] or float("inf"), q) for q in names),
                              default=None)
                if slowest:
                    print(f"  slowest of the {label} with oxigraph: {slowest[1]} ({slowest[0]:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
