"""Worker processes for the build: how many to start, and how they take Ctrl-C.

:func:`fork_map` runs a function over items in forked worker processes
("fork" start method, so the workers share what the parent has loaded);
:func:`kg.extract.extract` and :func:`kg.pipeline.write_exports` use it.

Examples
--------
>>> 1 <= default_jobs() <= 8
True
>>> list(fork_map(divmod, [7, 9], jobs=2, shared=(100,)))
[(14, 2), (11, 1)]
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator

_TASK: tuple = ()  # in a worker: (function, shared arguments), set when it starts


def fork_map(function: Callable, items: Iterable, *, jobs: int, shared: tuple = ()) -> Iterator:
    """``function(*shared, item)`` for each item, in order, lazily.

    With ``jobs`` > 1 (and more than one item, on a platform that can fork)
    the calls run in that many worker processes. ``function`` and ``shared``
    reach the workers through the fork, never pickled; each item and result
    is. Otherwise they run here, one after another.
    """
    items = list(items)
    if jobs <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (function(*shared, item) for item in items)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(min(jobs, len(items)), initializer=_start_worker, initargs=(function, shared)) as pool:
        yield from pool.imap(_call, items)


def _start_worker(function: Callable, shared: tuple) -> None:
    global _TASK
    ignore_ctrl_c()
    _TASK = (function, shared)


def _call(item):
    function, shared = _TASK
    return function(*shared, item)


def default_jobs() -> int:
    """Worker processes to use: the CPUs this process may run on, at most 8."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def can_fork() -> bool:
    """Whether this platform has ``os.fork`` (Linux and macOS do, Windows does not).

    What :mod:`kg.sparql_workers` needs to run a query in a process it can kill.
    """
    return hasattr(os, "fork")


def ignore_ctrl_c() -> None:
    """In a worker process: leave Ctrl-C to the parent, which stops the workers without tracebacks."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
