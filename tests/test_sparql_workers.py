"""kg.sparql_workers: queries answered in worker processes, killed when they run too long."""
from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from kg.errors import KgError, QueryError, UnknownNameError
from kg.sparql import QueryTimeout, load_store
from kg.sparql_workers import QueryWorkers, WorkersBusy

# 244 ** 4 rows of the tiny graph: minutes of work inside pyoxigraph, which no thread can stop.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
NAMES = "SELECT ?name WHERE { ?b a kg:Benchmark ; skos:prefLabel ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def store(tiny_export):
    return load_store(tiny_export, engine="oxigraph")


def test_workers_answer_as_the_store_does(store):
    with QueryWorkers(store, size=2) as workers:
        assert workers.query(NAMES, timeout=30).rows == store.query(NAMES).rows == [
            ("GSM8K",), ("HotpotQA",), ("MathBench",)]
        capped = workers.query(NAMES, timeout=30, limit=1)
        assert capped.rows == [("GSM8K",)] and capped.truncated
        with pytest.raises(QueryError, match="^invalid SPARQL: unknown prefix foo:"):
            workers.query("ASK { ?s foo:x ?o }", timeout=30)
        assert workers.running == 0


def test_an_error_of_the_function_applied_in_the_worker_is_raised_as_itself(store):
    from operator import methodcaller

    with QueryWorkers(store, size=1) as workers:
        with pytest.raises(UnknownNameError, match="^unknown result format 'turtle' for a select result"):
            workers.query(NAMES, timeout=30, then=methodcaller("serialize", "turtle"))
        assert workers.query(NAMES, timeout=30, then=methodcaller("serialize", "csv")).startswith(b"name\r\n")


def test_a_query_past_its_time_limit_is_killed_and_its_worker_replaced(store, ended):
    with QueryWorkers(store, size=1) as workers:
        [late] = workers.pids
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="did not finish within 0.2 s"):
            workers.query(ENDLESS, timeout=0.2)
        assert time.monotonic() - started < 5
        assert ended(late)
        [fresh] = workers.pids
        assert fresh != late and workers.running == 0
        assert workers.query("ASK { ?s ?p ?o }", timeout=30).boolean is True


def test_one_query_more_than_the_workers_is_refused(store):
    with QueryWorkers(store, size=1) as workers:
        slow = threading.Thread(target=lambda: pytest.raises(QueryTimeout, workers.query, ENDLESS, timeout=2))
        slow.start()
        deadline = time.monotonic() + 10
        while not workers.running:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        with pytest.raises(WorkersBusy, match="^1 query is running, the most this endpoint runs at once"):
            workers.query("ASK { ?s ?p ?o }", timeout=30)
        slow.join(30)
        assert workers.query("ASK { ?s ?p ?o }", timeout=30).boolean is True


def test_a_worker_is_replaced_after_its_answer_once_the_workers_copied_too_much(store, ended):
    with QueryWorkers(store, size=2) as workers:  # the budget: the size of this whole process
        workers.query(NAMES, timeout=30)
        first = workers.pids
        for _ in range(3):
            assert workers.query(NAMES, timeout=30).rows[0] == ("GSM8K",)
        assert workers.pids == first
    with QueryWorkers(store, size=2, copy_budget=0) as workers:
        for _ in range(3):
            before = set(workers.pids)
            assert workers.query(NAMES, timeout=30).rows[0] == ("GSM8K",)
            [retired] = before - set(workers.pids)
            assert ended(retired) and len(workers.pids) == 2


def test_a_worker_that_died_is_replaced(store, ended):
    with QueryWorkers(store, size=1) as workers:
        [dead] = workers.pids
        os.kill(dead, signal.SIGKILL)  # as the out-of-memory killer would
        assert ended(dead)
        with pytest.raises(KgError, match="the process answering the query died"):
            workers.query("ASK { ?s ?p ?o }", timeout=30)
        assert workers.query("ASK { ?s ?p ?o }", timeout=30).boolean is True


def test_close_stops_every_worker(store, ended):
    workers = QueryWorkers(store, size=3)
    pids = workers.pids
    assert len(pids) == 3
    workers.close()
    assert all(ended(pid) for pid in pids)
