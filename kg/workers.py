"""Worker processes for the build: how many to start, and how they take Ctrl-C.

:func:`kg.extract.extract` and :func:`kg.pipeline.write_exports` fork
workers (``multiprocessing``'s "fork" start method) when given ``jobs`` > 1.

Examples
--------
>>> 1 <= default_jobs() <= 8
True
"""
from __future__ import annotations

import os
import signal


def default_jobs() -> int:
    """Worker processes to use: the CPUs this process may run on, at most 8."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def ignore_ctrl_c() -> None:
    """In a worker process: leave Ctrl-C to the parent, which stops the workers without tracebacks."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
