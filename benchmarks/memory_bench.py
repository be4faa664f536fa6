#!/usr/bin/env python3
"""Peak memory and wall time of `kg build` on a synthetic corpus of N papers.

Makes the corpus with ``<shared>/bench/make_corpus.py N`` (kept in ``--work``
and reused), runs ``python -m kg.cli build`` on it in a fresh process and
samples ``/proc`` every half second. Two peaks are printed:

- the largest single process (what ``/usr/bin/time -v`` calls maximum
  resident set size, read here from ``getrusage``): the main process, which
  holds the graph, or a worker forked from it;
- the whole process tree, summed: the forked extraction and export workers
  share the parent's pages until they write to them, so summed RSS counts
  shared pages more than once; summed PSS (proportional set size) shares
  them out and is the figure to compare with the machine's memory.

Usage (from the repository root; Linux only, for /proc)::

    python benchmarks/memory_bench.py 20000
    python benchmarks/memory_bench.py 100000 --outputs nt   # about 10 min on 2 cores
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tree(root: int) -> list[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _memory(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MB, or zeros once it has gone."""
    rss = pss = 0.0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, value = line.partition(":")
            if key == "Rss":
                rss = int(value.split()[0]) / 1024
            elif key == "Pss":
                pss = int(value.split()[0]) / 1024
    except (OSError, ValueError):
        pass
    return rss, pss


def measure(command: list[str], interval: float = 0.5) -> dict:
    """Run ``command``: its wall time, memory peaks (MB) and the build's "graph: ..." line."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = {"tree_rss": 0.0, "tree_pss": 0.0, "processes": 0}
    while process.poll() is None:
        sizes = [_memory(pid) for pid in _tree(process.pid)]
        sizes = [s for s in sizes if s[0]]
        if sizes:
            peak["tree_rss"] = max(peak["tree_rss"], sum(s[0] for s in sizes))
            peak["tree_pss"] = max(peak["tree_pss"], sum(s[1] for s in sizes))
            peak["processes"] = max(peak["processes"], len(sizes))
        time.sleep(interval)
    errors = process.stderr.read()
    if process.returncode:
        raise SystemExit(f"kg build failed ({process.returncode}):\n{errors}")
    peak["seconds"] = time.perf_counter() - started
    peak["largest_rss"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KB on Linux
    peak["summary"] = next((line for line in errors.splitlines() if line.startswith("graph:")), "")
    return peak


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("papers", type=int, help="number of synthetic papers")
    parser.add_argument("--outputs", default=None, help="passed to kg build --outputs (default: its default)")
    parser.add_argument("--jobs", type=int, default=None, help="passed to kg build --jobs")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-memory"))
    args = parser.parse_args(argv)
    if not Path("/proc/self/smaps_rollup").exists():
        raise SystemExit("needs Linux /proc/PID/smaps_rollup")
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = args.work / f"corpus-{args.papers}.jsonl"
    if not corpus.exists():
        subprocess.run([sys.executable, str(args.shared / "bench" / "make_corpus.py"), str(args.papers),
                        str(corpus)], check=True, stdout=subprocess.DEVNULL)
    command = [sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(args.work / "out"), "--no-cache"]
    command += ["--outputs", args.outputs] if args.outputs else []
    command += ["--jobs", str(args.jobs)] if args.jobs else []
    print("$ kg", " ".join(command[3:]))
    peak = measure(command)
    print(peak["summary"])
    print(f"wall {peak['seconds']:.1f} s; peak memory: largest process {peak['largest_rss']:,.0f} MB RSS; "
          f"process tree ({peak['processes']} processes at most) {peak['tree_rss']:,.0f} MB RSS, "
          f"{peak['tree_pss']:,.0f} MB PSS")


if __name__ == "__main__":
    main()
