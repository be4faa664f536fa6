"""Worker processes that answer SPARQL queries, so an over-time query can be killed.

pyoxigraph cannot stop a query from another thread: a big aggregate runs on
inside the engine, holding a CPU, long after :mod:`kg.server` has answered
503. So the endpoint does not query its :class:`~kg.sparql.Store` in its own
process, and neither does ``kg sparql --timeout`` (:func:`kg.sparql.run_query`,
with one worker). :class:`QueryWorkers` keeps one forked process per query that may
run at once, each holding the store (shared copy-on-write, not reloaded),
hands a query to an idle one, and when the answer is late kills that process
(SIGKILL frees its CPU at once) and forks a fresh one in its place.

The workers are forked by a *zygote*: a process forked once, when the
workers are made, that does nothing but fork workers. Forking the serving
process later, while it answers requests, would hand the new worker its
request threads' locks and its open client connections.

Memory: pyoxigraph writes to the pages it reads (reference counts), so a
query scanning the store leaves its worker with a private copy of most of
it, and copying those pages makes a fresh worker's first big query slower
(about 0.1 s on a 10,000-paper export). So the idle worker used last is taken
first (one person's queries keep meeting the same warm worker), and once
the workers together have copied more than the store's size, the worker
that just answered is replaced by a fresh fork: at most about two copies of
the store, however many workers.

Linux and macOS only (it needs ``os.fork``).

Examples
--------
>>> import tempfile, pathlib
>>> from kg.sparql import load_store
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "graph.ttl").write_text(
...     '<https://w3id.org/kg-papers/id/entity/gsm8k> a <https://w3id.org/kg-papers/ontology#Benchmark> .\\n')
>>> with QueryWorkers(load_store(folder), size=2) as workers:
...     workers.query("SELECT (COUNT(*) AS ?n) WHERE { ?b a kg:Benchmark }", timeout=10).rows
[(1,)]
"""
from __future__ import annotations

import os
import signal
import socket
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from kg.errors import KgError, QueryError
from kg.sparql import QueryTimeout, Store
from kg.sparql_results import Result
from kg.workers import can_fork, ignore_ctrl_c


class WorkersBusy(QueryError):
    """Every worker is answering a query; one more is refused (the endpoint's 503)."""


@dataclass
class _Worker:
    pid: int
    connection: Connection
    copied: int = 0  # bytes of memory made its own since the fork, as it last said


class QueryWorkers:
    """``size`` worker processes answering queries over ``store``; :meth:`close` stops them.

    ``copy_budget`` is the bytes of memory the workers may make their own
    between them before the one that just answered is replaced by a fresh
    fork; by default the size of the process holding the store (on Linux;
    elsewhere no limit).
    """

    def __init__(self, store: Store, *, size: int, copy_budget: int | None = None):
        if not can_fork():
            raise KgError("answering queries in worker processes needs os.fork (Linux or macOS)")
        if size < 1:
            raise KgError(f"the number of query workers must be >= 1, not {size}")
        self.size = size
        self._control, zygote_end = socket.socketpair()
        self._zygote = os.fork()
        if self._zygote == 0:
            self._control.close()
            _run_zygote(zygote_end, store)
        zygote_end.close()
        self._budget = _resident_bytes(self._zygote) if copy_budget is None else copy_budget
        self._lock = threading.Lock()  # guards _idle, _all and the control socket
        self._all: dict[int, _Worker] = {}
        self._idle = [self._fork_worker() for _ in range(size)]

    def __enter__(self) -> QueryWorkers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def pids(self) -> list[int]:
        """The worker processes' ids, busy or idle."""
        with self._lock:
            return sorted(self._all)

    @property
    def running(self) -> int:
        """How many queries the workers are answering now."""
        with self._lock:
            return self.size - len(self._idle)

    def query(self, text: str, *, timeout: float, limit: int | None = None,
              then: Callable[[Result], Any] | None = None) -> Result | Any:
        """Answer ``text`` in an idle worker (see :meth:`kg.sparql.Store.query`).

        ``then``, a function that pickles by name (or a ``functools.partial``
        of one), is applied to the :class:`~kg.sparql_results.Result` in the
        worker and what it returns is returned instead: serialising a long
        answer there and sending the bytes is much cheaper than sending the
        Result, whose pickled terms are slow to write and read.

        Raises :class:`WorkersBusy` when every worker is answering a query,
        and :class:`~kg.sparql.QueryTimeout` after ``timeout`` seconds, once
        the late worker is killed and replaced.
        """
        with self._lock:
            if not self._idle:
                running = "1 query is" if self.size == 1 else f"{self.size} queries are"
                raise WorkersBusy(f"{running} running, the most this endpoint runs at once; "
                                  "try again in a moment")
            worker = self._idle.pop()  # the one used last: its pages are likeliest its own already
        try:
            worker.connection.send((text, limit, then))
            if not worker.connection.poll(timeout):
                raise QueryTimeout.after(timeout)
            outcome, worker.copied = worker.connection.recv()
            if self._over_budget():
                worker = self._replace(worker)
        except (EOFError, OSError):  # the worker died (out of memory?) while idle or answering
            worker = self._replace(worker)
            raise KgError("the process answering the query died; a new one is taking its place") from None
        except BaseException:  # over time, or Ctrl-C while waiting: the worker may still be busy
            worker = self._replace(worker)
            raise
        finally:
            with self._lock:
                self._idle.append(worker)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def _over_budget(self) -> bool:
        with self._lock:
            return self._budget is not None and sum(w.copied for w in self._all.values()) > self._budget

    def _fork_worker(self) -> _Worker:
        with self._lock:
            self._control.sendall(b"+")
            message, fds, _, _ = socket.recv_fds(self._control, 8, 1)
            if not fds:
                raise KgError("the query workers' zygote process has stopped")
            worker = _Worker(int.from_bytes(message, "little"), Connection(fds[0]))
            self._all[worker.pid] = worker
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        """Kill ``worker`` and fork a fresh one to take its place."""
        with self._lock:
            self._all.pop(worker.pid, None)
        _kill(worker)
        return self._fork_worker()

    def close(self) -> None:
        """Kill every worker, busy or idle, and stop the zygote."""
        with self._lock:
            workers, self._all, self._idle = list(self._all.values()), {}, []
            self._control.close()
        for worker in workers:
            _kill(worker)
        os.waitpid(self._zygote, 0)


def _kill(worker: _Worker) -> None:
    try:
        os.kill(worker.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    worker.connection.close()


def _run_zygote(control: socket.socket, store: Store):
    """In the zygote: fork a worker for each byte read from ``control``; exit when it closes."""
    try:
        ignore_ctrl_c()
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers, killed or not
        zygote = os.getpid()
        while control.recv(1):
            ours, theirs = socket.socketpair()
            pid = os.fork()
            if pid == 0:
                control.close()
                ours.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                _die_with(zygote)
                _answer_queries(Connection(theirs.detach()), store)
                os._exit(0)
            theirs.close()
            socket.send_fds(control, [pid.to_bytes(8, "little")], [ours.fileno()])
            ours.close()
    finally:
        os._exit(0)


def _die_with(parent: int) -> None:
    """On Linux, have the kernel kill this process when ``parent`` (the zygote) ends.

    The zygote ends when the endpoint closes or dies; an idle worker then
    sees its connection close, but a busy one would run its query on.
    """
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != parent:  # it ended before the call
        os._exit(0)


def _answer_queries(connection: Connection, store: Store) -> None:
    """In a worker: answer each ``(text, limit, then)`` received with ``then(result)`` or the
    :class:`~kg.errors.KgError` raised, and the bytes of memory made its own so far; stop at EOF."""
    import resource

    page = os.sysconf("SC_PAGE_SIZE")
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    while True:
        try:
            text, limit, then = connection.recv()
        except (EOFError, OSError):
            return
        try:
            outcome = store.query(text, limit=limit)
            if then is not None:
                outcome = then(outcome)
        except KgError as exc:  # a bad query, or a format that does not fit it (in ``then``)
            outcome = exc
        except Exception:  # a bug: the endpoint logs it; its traceback would not survive pickling
            outcome = RuntimeError("in the query worker:\n" + traceback.format_exc())
        # Each page fault since the fork made at most a page private (a copy or new memory),
        # and counting them is cheap, unlike reading /proc/self/smaps.
        copied = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) * page
        connection.send((outcome, copied))


def _resident_bytes(pid: int) -> int | None:
    """Memory process ``pid`` has resident (None where /proc is missing: not Linux)."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return None
