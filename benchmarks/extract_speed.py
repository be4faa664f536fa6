"""How long extraction and resolution of the bundled sample take (no exports).

Run: ``python benchmarks/extract_speed.py [--jobs N] [INPUT ...]`` (default: the bundled
sample, one process; ``--jobs 2`` measures the worker processes of ``kg build``).
The budget: extracting the 296-paper sample well under 2 s on a 2-core machine,
so that ``kg build`` (start-up, spaCy import, exports included) stays under 5 s.
"""
from __future__ import annotations

import sys
import time


def main(argv: list[str]) -> None:
    jobs = 1
    if argv[:1] == ["--jobs"]:
        jobs, argv = int(argv[1]), argv[2:]
    started = time.perf_counter()
    import spacy  # noqa: F401  (import time is part of every build)

    imported = time.perf_counter()
    from kg.extract import extract, load_pipeline
    from kg.readers import read_papers
    from kg.resolve import resolve

    papers = read_papers(argv or None)
    load_pipeline()
    loaded = time.perf_counter()
    cpu = time.process_time()
    extractions = list(extract(papers, jobs=jobs))
    extracted = time.perf_counter()
    cpu = time.process_time() - cpu
    corpus = resolve(extractions)
    resolved = time.perf_counter()
    print(f"{len(papers)} papers, {len(corpus.entities)} entities, {len(corpus.links)} links")
    print(f"spaCy import {imported - started:.2f} s, pipeline {loaded - imported:.2f} s, "
          f"extract {extracted - loaded:.2f} s ({cpu:.2f} s CPU in this process, {jobs} job(s)), resolve {resolved - extracted:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
