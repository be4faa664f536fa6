#!/usr/bin/env python3
"""Wall time of `kg build` on the bundled sample, start-up included.

Runs the command (a first build: `--no-cache`) in a fresh interpreter several
times and prints each run,
the median and the best, plus where the time goes inside one in-process
build (read, extract, resolve, graph, each export).

Usage: python benchmarks/build_bench.py [--runs 5] [INPUT ...]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time


def wall_times(inputs: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg.cli", "build", *inputs, "-o", out, "--no-cache"],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    return times


def stages(inputs: list[str]) -> list[tuple[str, float]]:
    from kg.exports import DEFAULT_FORMATS, get_exporter
    from kg.extract import extract
    from kg.graph import to_graph
    from kg.readers import read_papers
    from kg.resolve import resolve

    timings = []
    clock = time.perf_counter()

    def lap(name):
        nonlocal clock
        now = time.perf_counter()
        timings.append((name, now - clock))
        clock = now

    papers = read_papers(inputs or None)
    lap("read")
    extractions = list(extract(papers))
    lap("extract (spaCy import and pipeline load included)")
    corpus = resolve(extractions)
    lap("resolve")
    g = to_graph(corpus)
    lap("graph")
    with tempfile.TemporaryDirectory() as out:
        for name in DEFAULT_FORMATS:
            get_exporter(name).write(g, out)
            lap(f"export {name}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times = wall_times(args.inputs, args.runs)
    print("kg build " + (" ".join(args.inputs) or "(bundled sample)"))
    print("runs (s): " + ", ".join(f"{t:.2f}" for t in times))
    print(f"median {statistics.median(times):.2f} s, best {min(times):.2f} s")
    print("\nstages of one in-process build:")
    for name, seconds in stages(args.inputs):
        print(f"  {name:52} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
