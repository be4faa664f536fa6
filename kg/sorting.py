"""Sorting more items than fit in memory, for the exports that must come out sorted.

The RDF exports (:mod:`kg.rdf`) sort every triple of the graph so that the
same graph gives the same bytes; at a few hundred thousand papers those
triples no longer fit in memory at once. :func:`iter_sorted` sorts runs of
at most ``run_size`` items in memory, pickles the runs to one temporary
file, and merges them lazily with :func:`heapq.merge`. Both sorts are stable,
so the result is exactly ``sorted(items, key=key)``; a short input is sorted
in memory and never touches the disk.

Examples
--------
>>> list(iter_sorted([3, 1, 2, 1], run_size=2))
[1, 1, 2, 3]
>>> list(iter_sorted(["b", "a", "c", "b", "a"], run_size=2, unique=True))
['a', 'b', 'c']
>>> list(iter_sorted([("b", 1), ("a", 2), ("b", 0)], key=lambda item: item[0], run_size=1))
[('a', 2), ('b', 1), ('b', 0)]
"""
from __future__ import annotations

import heapq
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

RUN_SIZE = 200_000  # items sorted in memory at once: some 100 MB of triples
_BLOCK = 200  # items pickled together; the merge holds one block of each run


def iter_sorted(items: Iterable, *, key: Callable | None = None, unique: bool = False,
                run_size: int | None = None, folder: str | Path | None = None) -> Iterator:
    """The items in sorted order (stable), lazily, holding at most ``run_size`` of them at once.

    ``unique`` drops an item equal to the one before it (with no ``key``,
    ``sorted(set(items))``). ``run_size`` defaults to :data:`RUN_SIZE`. The
    runs are spilled to one temporary file in ``folder`` (default: the
    system's), deleted when the iteration ends.
    """
    run_size = run_size or RUN_SIZE
    items = iter(items)
    run = sorted(islice(items, run_size), key=key)
    if len(run) < run_size:
        merged: Iterator = iter(run)
        yield from _drop_repeats(merged) if unique else merged
        return
    with tempfile.TemporaryFile(dir=folder, prefix="kg-sort-") as spill:
        starts = []  # where each run begins in the file
        while run:
            starts.append(spill.tell())
            for start in range(0, len(run), _BLOCK):
                pickle.dump(run[start:start + _BLOCK], spill, protocol=pickle.HIGHEST_PROTOCOL)
            run = sorted(islice(items, run_size), key=key)
        ends = starts[1:] + [spill.tell()]
        merged = heapq.merge(*(_read_run(spill, start, end) for start, end in zip(starts, ends)), key=key)
        yield from _drop_repeats(merged) if unique else merged


def _read_run(spill, start: int, end: int) -> Iterator:
    """The items of one run, a block at a time; the runs share the file, so each read seeks first."""
    while start < end:
        spill.seek(start)
        block = pickle.load(spill)
        start = spill.tell()
        yield from block


def _drop_repeats(items: Iterator) -> Iterator:
    previous = sentinel = object()
    for item in items:
        if previous is sentinel or item != previous:
            yield item
        previous = item
