#!/usr/bin/env python3
"""Time the example SPARQL queries through ``kg serve``, and what an over-time query leaves behind.

Starts ``python -m kg.cli serve EXPORT --port 0`` from ``--repo`` (so two
checkouts can be compared on the same export), then:

1. runs every example query (pointed at real entities as in
   ``sparql_bench.py``) over HTTP ``--repeat`` times, printing the best and
   the median time per query, in JSON results;
2. sends a query that runs far past ``--timeout`` and, once it got its 503,
   prints the CPU the server's process tree used over the next three seconds
   and whether ``ASK { ?s ?p ?o }`` is then answered, and how fast.

Usage::

    python benchmarks/sparql_bench.py --papers 10000 --engines oxigraph   # builds the export
    python benchmarks/serve_bench.py /tmp/kg-sparql-bench/synthetic-10000/graph.nt
    python benchmarks/serve_bench.py EXPORT --repo ../main   # the same against another checkout
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from sparql_bench import queries_for  # noqa: E402

from kg.sparql import load_store  # noqa: E402

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def ask(url: str, query: str) -> tuple[int, float, bytes]:
    """Status, seconds and body of one GET of ``query``, asking for JSON results (Turtle for a graph)."""
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}), headers={
        "Accept": "application/sparql-results+json, text/turtle;q=0.9"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    return status, time.perf_counter() - started, body


def process_tree(root: int) -> dict[int, list[str]]:
    """``root`` and every process below it: their /proc/PID/stat fields after the name, by id."""
    parents, fields = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields[int(entry)] = stat.rsplit(")", 1)[1].split()
        parents[int(entry)] = int(fields[int(entry)][1])
    tree, grew = {root}, True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= below
        grew = bool(below)
    return {pid: fields[pid] for pid in tree}


def cpu_seconds(root: int) -> dict[int, float]:
    """User and system CPU seconds of ``root`` and of each process below it, by id."""
    return {pid: (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
            for pid, stat in process_tree(root).items()}


def pss_mb(root: int) -> float:
    """Proportional set size of ``root`` and the processes below it, in MB: shared pages counted once."""
    total = 0
    for pid in process_tree(root):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:  # a worker that retired meanwhile
            continue
        total += sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return total / 1024


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("export", type=Path, help="export folder or RDF file to serve")
    parser.add_argument("--repo", type=Path, default=HERE.parent,
                        help="checkout whose kg serves it (default: this one)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=3.0, help="the server's time limit (s)")
    parser.add_argument("--share", type=float, default=0.05, help="as in sparql_bench.py")
    args = parser.parse_args(argv)

    texts, note = queries_for(load_store(args.export), args.share)
    server = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", str(args.export.resolve()), "--port", "0",
         "--timeout", str(args.timeout), "--max-running", "1"],
        cwd=args.repo, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        url = line.split(" at ", 1)[1].split()[0]
        print(f"{args.repo.resolve()} serving {args.export} at {url}; queries use the {note}")
        print(f"  {'query':38} {'status':>6} {'best s':>8} {'median s':>9}")
        bests, medians = [], []
        for name, text in texts.items():
            runs = [ask(url, text) for _ in range(args.repeat)]
            seconds = [s for _, s, _ in runs]
            bests.append(min(seconds))
            medians.append(statistics.median(seconds))
            print(f"  {name:38} {runs[-1][0]:>6} {bests[-1]:8.3f} {medians[-1]:9.3f}")
        print(f"  sums: best {sum(bests):.3f} s, median {sum(medians):.3f} s")
        print(f"  memory (PSS) of the server's processes: {pss_mb(server.pid):,.0f} MB")

        status, seconds, _ = ask(url, SLOW)
        before = cpu_seconds(server.pid)
        time.sleep(3)
        burnt = sum(seconds - before.get(pid, 0.0) for pid, seconds in cpu_seconds(server.pid).items())
        print(f"  over-time query: {status} after {seconds:.1f} s; then the server's processes used "
              f"{burnt:.2f} s of CPU in 3 s")
        status, seconds, body = ask(url, "ASK { ?s ?p ?o }")
        print(f"  next ASK: {status} in {seconds:.3f} s: {body.decode().strip()[:80]}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
