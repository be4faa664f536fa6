"""kg.server: the SPARQL endpoint, queried over loopback with SPARQLWrapper and urllib."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
from SPARQLWrapper import CSV, GET, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML  # noqa: E402
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed  # noqa: E402

from kg.rdf import to_rdf  # noqa: E402
from kg.server import make_server  # noqa: E402
from kg.sparql import load_store  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = ("SELECT ?name (COUNT(?p) AS ?papers) WHERE { ?b a kg:Benchmark ; skos:prefLabel ?name . "
              "?p kg:uses ?b } GROUP BY ?name ORDER BY DESC(?papers) ?name")
# Counts 244 ** 3 rows of the tiny graph: a second or more of work, however few rows are kept.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# 244 ** 4 rows: minutes of work.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@contextmanager
def running(store, **options):
    server = make_server(store, host="127.0.0.1", port=0, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture(scope="module")
def store(tiny_export):
    return load_store(tiny_export, engine="oxigraph")


@pytest.fixture(scope="module")
def endpoint(store):
    with running(store, timeout=10.0, max_rows=5) as server:
        yield server.url


def ask(url, query, fmt, method=POST):
    client = SPARQLWrapper.SPARQLWrapper(url)
    client.setTimeout(30)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method == POSTDIRECTLY:
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
    else:
        client.setMethod(method)
    return client.query()


def with_query(url, query):
    return url + "?" + urllib.parse.urlencode({"query": query})


def fetch(url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.mark.parametrize("method", [GET, POST, POSTDIRECTLY])
def test_select_as_json_by_get_post_and_direct_post(endpoint, method):
    doc = ask(endpoint, BENCHMARKS, JSON, method).convert()
    assert doc["head"]["vars"] == ["name", "papers"]
    rows = [(b["name"]["value"], int(b["papers"]["value"])) for b in doc["results"]["bindings"]]
    assert rows == [("GSM8K", 3), ("HotpotQA", 1)]


def test_select_as_xml(endpoint):
    document = ask(endpoint, BENCHMARKS, XML).convert()  # a parsed DOM
    literals = [n.firstChild.data for n in document.getElementsByTagName("literal")]
    assert literals == ["GSM8K", "3", "HotpotQA", "1"]


def test_select_as_csv_and_tsv(endpoint):
    data = ask(endpoint, BENCHMARKS, CSV, GET).convert()
    assert list(csv.reader(io.StringIO(data.decode(), newline=""))) == [
        ["name", "papers"], ["GSM8K", "3"], ["HotpotQA", "1"]]
    tsv = ask(endpoint, BENCHMARKS, TSV).convert().decode().splitlines()
    assert tsv == ["?name\t?papers", '"GSM8K"\t3', '"HotpotQA"\t1']


def test_ask_and_construct(endpoint):
    assert ask(endpoint, "ASK { ?p kg:introduces entity:mathbench }", JSON).convert()["boolean"] is True
    turtle = ask(endpoint, "CONSTRUCT WHERE { ?b a kg:Benchmark }", TURTLE).convert()
    import rdflib

    graph = rdflib.Graph().parse(data=turtle.decode(), format="turtle")
    assert len(graph) == 3


def test_accept_header_picks_the_format(endpoint):
    query = urllib.parse.urlencode({"query": BENCHMARKS})
    for accept, media in [("text/csv", "text/csv"), ("application/sparql-results+xml", "xml"),
                          ("text/tab-separated-values;q=0.9, text/csv;q=0.1", "tab-separated"),
                          ("*/*", "application/sparql-results+json")]:
        status, headers, _ = fetch(f"{endpoint}?{query}", headers={"Accept": accept})
        assert status == 200 and media in headers["Content-Type"], accept
        assert headers["Access-Control-Allow-Origin"] == "*"


def test_browsers_and_clients_without_accept_get_an_answer(endpoint):
    url = with_query(endpoint, "ASK { ?s ?p ?o }")
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
    status, headers, _ = fetch(url, headers={"Accept": browser})
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+xml"
    status, headers, body = fetch(url)  # urllib sends no Accept header
    assert status == 200 and json.loads(body)["boolean"] is True


def test_a_type_the_endpoint_cannot_serve_gets_406_listing_those_it_can(endpoint):
    status, _, body = fetch(with_query(endpoint, BENCHMARKS), headers={"Accept": "image/png"})
    assert status == 406
    assert body.decode() == ("cannot answer a SELECT or ASK query as image/png; this endpoint serves "
                             "application/sparql-results+json, application/sparql-results+xml, text/csv, "
                             "text/tab-separated-values (or ask with format=json|xml|csv|tsv)\n")
    status, _, body = fetch(with_query(endpoint, "CONSTRUCT WHERE { ?b a kg:Benchmark }"),
                            headers={"Accept": "application/sparql-results+json"})
    assert status == 406 and b"serves text/turtle, application/n-triples" in body
    status, headers, _ = fetch(with_query(endpoint, BENCHMARKS), headers={"Accept": "text/*"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")


def test_select_star_lists_columns_in_query_order(endpoint):
    status, _, body = fetch(with_query(endpoint, "SELECT * WHERE { ?paper kg:uses ?benchmark . "
                                                 "?benchmark skos:prefLabel ?name } LIMIT 1"))
    assert status == 200 and json.loads(body)["head"]["vars"] == ["paper", "benchmark", "name"]


def test_update_is_refused(endpoint, tiny_graph):
    with pytest.raises(QueryBadFormed, match="read-only"):
        ask(endpoint, "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", JSON).convert()
    status, _, body = fetch(endpoint, data=b"DELETE WHERE { ?s ?p ?o }",
                            headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and b"read-only" in body
    status, _, body = fetch(endpoint, data=b"INSERT DATA { <http://e/a> <http://e/b> 1 }",
                            headers={"Content-Type": "application/sparql-update"})
    assert status == 400 and b"read-only" in body
    doc = ask(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON).convert()
    assert doc["results"]["bindings"][0]["n"]["value"] == str(len(to_rdf(tiny_graph)))  # unchanged


def test_bad_requests_say_what_is_wrong(endpoint):
    status, _, body = fetch(endpoint)
    assert status == 400 and b"'query' parameter" in body
    status, _, body = fetch(endpoint + "?" + urllib.parse.urlencode({"query": "SELECT ?x {"}))
    assert status == 400 and b"invalid SPARQL" in body
    status, _, body = fetch(with_query(endpoint, "SELECT ?s WHERE { ?s foo:x ?o }"))
    assert status == 400 and body.startswith(b"invalid SPARQL: unknown prefix foo: (declare it with "
                                             b"PREFIX foo: <...>; known: kg:, ")
    status, _, _ = fetch(endpoint.replace("/sparql", "/nowhere"))
    assert status == 404
    status, _, body = fetch(endpoint, data=b"query=x", headers={"Content-Type": "text/plain"})
    assert status == 415


def test_long_answers_are_cut_and_say_so(endpoint):
    status, headers, body = fetch(endpoint + "?" + urllib.parse.urlencode(
        {"query": "SELECT ?s WHERE { ?s a kg:Entity } ORDER BY ?s"}), headers={"Accept": "text/csv"})
    assert status == 200
    assert headers["X-Kg-Truncated"].startswith("true")
    assert len(body.decode().splitlines()) == 1 + 5


def test_counts_of_one_read_in_the_singular(store):
    with running(store, timeout=5, max_rows=1, max_running=1) as server:
        _, headers, _ = fetch(with_query(server.url, "SELECT ?s WHERE { ?s a kg:Entity }"))
        _, _, page = fetch(server.url.replace("/sparql", "/"))
    assert headers["X-Kg-Truncated"] == "true; only the first 1 row kept"
    assert "return\n1 row at most; at most 1 run at once." in page.decode()


def test_query_over_the_time_limit_gets_a_clear_error(store):
    with running(store, timeout=0.01, max_rows=10) as server:
        status, _, body = fetch(server.url + "?" + urllib.parse.urlencode({"query": SLOW}))
    assert status == 503
    assert b"did not finish within 0.01 s" in body


def test_help_page_shows_how_to_query_and_escapes(tiny_export, tmp_path):
    hostile = tmp_path / "<b>&x"
    hostile.mkdir()
    shutil.copy(tiny_export / "graph.ttl", hostile / "graph.ttl")
    with running(load_store(hostile), timeout=5, max_rows=10) as server:
        status, headers, body = fetch(server.url.replace("/sparql", "/"))
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "&lt;b&gt;&amp;x" in page and "<b>&x" not in page
    assert '<form action="/sparql" method="get">' in page
    assert f"--data-urlencode 'query=SELECT * WHERE {{ ?s ?p ?o }} LIMIT 5' {server.url}" in page
    assert "most-used-benchmarks" in page


def test_kg_serve_prints_its_url_and_stops_on_ctrl_c(tiny_export):
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", str(tiny_export), "--port", "0"],
        cwd=REPO, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        assert "SPARQL endpoint at http://127.0.0.1:" in line
        url = line.split(" at ", 1)[1].split()[0]
        status, _, body = fetch(url + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}),
                                headers={"Accept": "application/sparql-results+json"})
        assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        assert "stopped" in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def test_one_query_too_many_is_told_to_retry(store):
    with running(store, timeout=3, max_rows=10, max_running=1) as server:
        slow = threading.Thread(target=fetch, args=(with_query(server.url, ENDLESS),))
        slow.start()
        deadline = time.monotonic() + 10
        while not server.workers.running:
            assert time.monotonic() < deadline, "the slow query never started"
            time.sleep(0.01)
        status, headers, body = fetch(with_query(server.url, "ASK { ?s ?p ?o }"))
        assert status == 503 and headers["Retry-After"] == "1"
        assert body == b"1 query is running, the most this endpoint runs at once; try again in a moment\n"
        slow.join(30)


def test_a_query_past_the_time_limit_is_stopped_and_frees_its_place(store, ended):
    with running(store, timeout=0.5, max_rows=10, max_running=1) as server:
        [late] = server.workers.pids
        status, _, body = fetch(with_query(server.url, ENDLESS))
        assert status == 503 and b"did not finish within 0.5 s" in body
        assert ended(late)  # killed: it no longer uses a CPU
        assert len(server.workers.pids) == 1
        status, _, body = fetch(with_query(server.url, "ASK { ?s ?p ?o }"))
        assert status == 200 and json.loads(body)["boolean"] is True


def test_closing_the_server_stops_its_workers(store, ended):
    with running(store, timeout=5, max_rows=10, max_running=2) as server:
        pids = server.workers.pids
        assert len(pids) == 2
    assert all(ended(pid) for pid in pids)
