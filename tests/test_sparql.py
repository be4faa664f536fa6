"""kg.sparql and kg.sparql_results: loading, read-only querying, result formats."""
from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET

import pytest

from kg.errors import InputError, QueryError, UnknownNameError
from kg.sparql import (ENGINES, QueryTimeout, example_queries, load_store, query_form,
                       read_query)
from kg.sparql_results import PREFIXES, Result, Term

SRX = "{http://www.w3.org/2005/sparql-results#}"
BENCHMARKS = """
PREFIX kg: <https://w3id.org/kg-papers/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?b ?name (COUNT(?p) AS ?papers) WHERE {
  ?b a kg:Benchmark ; skos:prefLabel ?name .
  OPTIONAL { ?p kg:uses ?b }
} GROUP BY ?b ?name ORDER BY DESC(?papers) ?name
"""


@pytest.fixture(scope="module", params=ENGINES)
def store(request, tiny_export):
    return load_store(tiny_export, engine=request.param)


# --- loading -------------------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt", "graph.jsonld"])
def test_every_export_format_loads_the_same_triples(tiny_export, engine, name):
    reference = load_store(tiny_export / "graph.ttl", engine="oxigraph")
    store = load_store(tiny_export / name, engine=engine)
    assert store.engine == engine
    assert len(store) == len(reference) > 200
    assert store.query(BENCHMARKS).rows == reference.query(BENCHMARKS).rows


def test_a_folder_loads_its_graph_ttl(tiny_export):
    store = load_store(tiny_export)
    assert store.path == tiny_export / "graph.ttl"
    assert store.engine == "oxigraph"  # "auto" picks pyoxigraph when it is installed


def test_unknown_engine_lists_the_known_ones(tiny_export):
    with pytest.raises(UnknownNameError, match="'jena'; known: auto, oxigraph, rdflib"):
        load_store(tiny_export, engine="jena")


def test_missing_file_and_empty_folder_are_named(tmp_path):
    with pytest.raises(InputError, match="nope.ttl: no such file"):
        load_store(tmp_path / "nope.ttl")
    with pytest.raises(InputError, match=f"{tmp_path}: no graph.ttl"):
        load_store(tmp_path)
    (tmp_path / "graph.xml").write_text("<rdf/>")
    with pytest.raises(InputError, match="unknown RDF file type '.xml'; known: .ttl, .nt, .jsonld"):
        load_store(tmp_path / "graph.xml")


@pytest.mark.parametrize("engine", ENGINES)
def test_broken_turtle_names_file_and_line(tmp_path, engine):
    path = tmp_path / "graph.ttl"
    path.write_text('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n')
    with pytest.raises(InputError, match=rf"{path}:3: cannot parse turtle"):
        load_store(path, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_broken_json_ld_names_the_file(tmp_path, engine):
    path = tmp_path / "graph.jsonld"
    path.write_text('{"@id": 3')
    with pytest.raises(InputError, match=rf"{path}(:1)?: cannot parse json-ld"):
        load_store(path, engine=engine)


# --- querying ------------------------------------------------------------------

def test_select_rows_are_plain_python_values(store):
    result = store.query(BENCHMARKS)
    assert result.kind == "select"
    assert result.variables == ["b", "name", "papers"]
    assert result.rows == [
        ("https://w3id.org/kg-papers/id/entity/gsm8k", "GSM8K", 3),
        ("https://w3id.org/kg-papers/id/entity/hotpotqa", "HotpotQA", 1),
        ("https://w3id.org/kg-papers/id/entity/mathbench", "MathBench", 0),
    ]
    typed = store.query("""SELECT ?c ?named ?start ?missing WHERE {
        ?l kg:surfaceForm "CoT" ; kg:confidence ?c ; kg:evidence/kg:start ?start ; kg:entity ?e .
        ?e kg:named ?named . OPTIONAL { ?e kg:nothing ?missing } } ORDER BY ?start""")
    assert typed.rows == [(0.9, True, 54, None), (0.9, True, 79, None)]
    assert typed.variables == ["c", "named", "start", "missing"]


def test_unbound_values_are_none(store):
    result = store.query("SELECT ?name ?alias WHERE { ?e skos:prefLabel ?name "
                         "OPTIONAL { ?e skos:altLabel ?alias } } ORDER BY ?name")
    assert ("HotpotQA", None) in result.rows
    assert ("GSM8K", "GSM8k") in result.rows


def test_ask_and_construct(store):
    assert store.query("ASK { ?p kg:introduces entity:mathbench }").boolean is True
    assert store.query("ASK { ?p kg:introduces entity:gsm8k }").rows == [(False,)]
    graph = store.query("CONSTRUCT { ?p kg:uses ?b } WHERE { ?p kg:uses ?b . ?b a kg:Benchmark }")
    assert graph.kind == "graph"
    assert graph.variables == ["subject", "predicate", "object"]
    assert len(graph.rows) == 4
    assert graph.rows == sorted(graph.rows)  # graph results come sorted, whatever the engine


def test_limit_truncates_and_says_so(store):
    everything = store.query("SELECT ?s WHERE { ?s a kg:Entity } ORDER BY ?s")
    assert len(everything.rows) == 8 and not everything.truncated
    capped = store.query("SELECT ?s WHERE { ?s a kg:Entity } ORDER BY ?s", limit=3)
    assert capped.rows == everything.rows[:3]
    assert capped.truncated
    assert "truncated" in capped.to_table()
    exact = store.query("SELECT ?s WHERE { ?s a kg:Entity }", limit=8)
    assert not exact.truncated


@pytest.mark.parametrize("text, word", [
    ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", "INSERT"),
    ("PREFIX kg: <https://w3id.org/kg-papers/ontology#> # comment\ndelete where { ?s kg:uses ?o }",
     "DELETE"),
    ("BASE <http://e/> WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    ("drop graph <http://e/g>", "DROP"),
])
def test_updates_are_refused(store, text, word):
    with pytest.raises(QueryError, match=f"{word} is a SPARQL UPDATE; this store is read-only"):
        store.query(text)
    assert len(store) > 200


def test_keywords_inside_strings_iris_and_comments_are_not_syntax(store):
    text = ('PREFIX ex: <http://e/#delete> # INSERT DATA\n'
            'SELECT ?t WHERE { ?p a kg:Paper ; dcterms:title ?t FILTER(?t != "insert data { }") } ORDER BY ?t')
    assert query_form(text) == "SELECT"
    assert len(store.query(text).rows) == 3


def test_federation_and_from_are_refused(store):
    with pytest.raises(QueryError, match="SERVICE"):
        store.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="FROM"):
        store.query("SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }")


def test_invalid_sparql_is_a_query_error(store):
    with pytest.raises(QueryError, match="invalid SPARQL"):
        store.query("SELECT ?x WHERE { ?x }")
    with pytest.raises(QueryError, match="limit must be >= 0"):
        store.query("ASK {}", limit=-1)


KNOWN = ("kg:, rdf:, rdfs:, xsd:, owl:, dcterms:, dc:, skos:, prov:, void:, dcat:, fabio:, schema:, mls:, "
         "paper:, entity:, repo:")


@pytest.mark.parametrize("text, message", [
    ("SELEC ?s WHERE { ?s ?p ?o }", "a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE "
     "(after PREFIX/BASE lines), not 'SELEC'"),
    ("PREFIX ex: <http://e/> # a comment\nSELCT * { ?s ex:p ?o }", "a query starts with SELECT, "
     "CONSTRUCT, ASK or DESCRIBE (after PREFIX/BASE lines), not 'SELCT'"),
    ("SELECT ?s WHERE { ?s foo:x ?o }", f"unknown prefix foo: (declare it with PREFIX foo: <...>; "
     f"known: {KNOWN})"),
    ("PREFIX ex: <http://e/> SELECT ?s WHERE { ?s ex:p _:b . _:b exx:q '<a:b>' }",
     f"unknown prefix exx: (declare it with PREFIX exx: <...>; known: {KNOWN}, ex:)"),
])
def test_syntax_errors_say_what_is_wrong(store, text, message):
    with pytest.raises(QueryError) as caught:
        store.query(text)
    assert str(caught.value) == "invalid SPARQL: " + message


def test_syntax_errors_are_one_line(store):
    with pytest.raises(QueryError, match="^invalid SPARQL: ") as caught:
        store.query("SELECT ?x {")
    assert "\n" not in str(caught.value) and "\\u{" not in str(caught.value)


@pytest.mark.parametrize("text, columns", [
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 3", ["s", "p", "o"]),
    ("PREFIX ex: <http://e/> SELECT DISTINCT * WHERE { ?paper kg:uses $benchmark . "
     "?benchmark skos:prefLabel ?name OPTIONAL { ?benchmark skos:altLabel ?alias } }",
     ["paper", "benchmark", "name", "alias"]),
    ("SELECT ?o ?s WHERE { ?s ?p ?o } LIMIT 1", ["o", "s"]),
])
def test_select_star_lists_columns_in_query_order(store, text, columns):
    result = store.query(text)
    assert result.variables == columns
    by_name = store.query(text.replace("*", " ".join("?" + c for c in columns), 1))
    assert result.rows == by_name.rows if "LIMIT" not in text else len(result.rows) == len(by_name.rows)


def test_a_query_over_its_time_limit_is_stopped(tiny_export):
    store = load_store(tiny_export, engine="oxigraph")
    # 244 ** 3 rows: far more than 0.01 s of work, and the worker stops at its next row.
    with pytest.raises(QueryTimeout, match="did not finish within 0.01 s"):
        store.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=0.01)
    quick = store.query("ASK { ?s ?p ?o }", timeout=30)
    assert quick.boolean is True


def test_declared_prefixes_match_the_exports(tiny_export):
    import rdflib

    from kg.rdf import bind_prefixes

    g = rdflib.Graph(bind_namespaces="none")
    bind_prefixes(g)
    for prefix, namespace in g.namespaces():
        assert PREFIXES[prefix] == str(namespace)


# --- result formats --------------------------------------------------------------

TRICKY = Result("select", ["x", "label", "n"], [
    (Term("uri", "https://w3id.org/kg-papers/id/paper/p1"),
     Term("literal", 'A <b>"bold"</b>,\ttab & co', "", ""),
     Term("literal", "3", "http://www.w3.org/2001/XMLSchema#integer")),
    (Term("bnode", "b0"), Term("literal", "chat", "", "fr"), None),
])


def test_json_results_format():
    doc = json.loads(TRICKY.serialize("json"))
    assert doc["head"] == {"vars": ["x", "label", "n"]}
    first, second = doc["results"]["bindings"]
    assert first["x"] == {"type": "uri", "value": "https://w3id.org/kg-papers/id/paper/p1"}
    assert first["label"] == {"type": "literal", "value": 'A <b>"bold"</b>,\ttab & co'}
    assert first["n"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert second == {"x": {"type": "bnode", "value": "b0"},
                      "label": {"type": "literal", "value": "chat", "xml:lang": "fr"}}


def test_xml_results_format():
    root = ET.fromstring(TRICKY.serialize("xml"))
    assert [v.get("name") for v in root.iter(SRX + "variable")] == ["x", "label", "n"]
    results = root.findall(f"{SRX}results/{SRX}result")
    assert results[0].find(f"{SRX}binding[@name='label']/{SRX}literal").text == \
        'A <b>"bold"</b>,\ttab & co'
    lang = results[1].find(f"{SRX}binding[@name='label']/{SRX}literal")
    assert lang.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert results[1].find(f"{SRX}binding[@name='n']") is None
    ask = ET.fromstring(Result("ask", ["boolean"], [(Term("literal", "true", "http://www.w3.org/2001/XMLSchema#boolean"),)]).serialize("xml"))
    assert ask.find(SRX + "boolean").text == "true"


def test_csv_and_tsv_results_formats():
    rows = list(csv.reader(io.StringIO(TRICKY.serialize("csv").decode(), newline="")))
    assert rows == [["x", "label", "n"],
                    ["https://w3id.org/kg-papers/id/paper/p1", 'A <b>"bold"</b>,\ttab & co', "3"],
                    ["_:b0", "chat", ""]]
    assert TRICKY.serialize("csv").endswith(b"\r\n")
    lines = TRICKY.serialize("tsv").decode().splitlines()
    assert lines[0] == "?x\t?label\t?n"
    assert lines[1] == '<https://w3id.org/kg-papers/id/paper/p1>\t"A <b>\\"bold\\"</b>,\\ttab & co"\t3'
    assert lines[2] == '_:b0\t"chat"@fr\t'


def test_unknown_result_format_lists_the_known_ones():
    with pytest.raises(UnknownNameError, match="known: json, xml, csv, tsv$"):
        TRICKY.serialize("turtle")
    with pytest.raises(UnknownNameError, match="'yaml'"):
        TRICKY.serialize("yaml")


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("nt", "nt")])
def test_graph_results_parse_back_to_the_same_triples(store, fmt, rdflib_format):
    import rdflib
    from rdflib.compare import isomorphic

    query = "CONSTRUCT { ?p ?rel ?e . ?e skos:prefLabel ?n . ?l kg:confidence ?c } WHERE { " \
            "?p ?rel ?e . ?e skos:prefLabel ?n . ?l kg:entity ?e ; kg:confidence ?c }"
    result = store.query(query)
    parsed = rdflib.Graph().parse(data=result.serialize(fmt).decode(), format=rdflib_format)
    expected = rdflib.Graph()
    for s, p, o in store.query(query).terms:
        lit = rdflib.Literal(o.value, datatype=o.datatype or None) if o.kind == "literal" else rdflib.URIRef(o.value)
        expected.add((rdflib.URIRef(s.value), rdflib.URIRef(p.value), lit))
    assert len(parsed) == len(result.rows) > 20
    assert isomorphic(parsed, expected)


def test_table_is_aligned_and_compacts_iris(store):
    table = store.query(BENCHMARKS).to_table().splitlines()
    assert [cell.strip() for cell in table[0].split("|")] == ["b", "name", "papers"]
    assert table[2].split() == ["entity:gsm8k", "|", "GSM8K", "|", "3"]
    assert table[-1] == "(3 rows)"
    assert len({line.index("|") for line in table[:-1] if "|" in line}) == 1
    assert store.query("ASK { ?s ?p ?o }").to_table() == "yes"


# --- reading queries --------------------------------------------------------------

def test_read_query_from_file_name_or_text(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("# count\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    assert read_query(str(path)).startswith("# count")
    assert read_query(path).startswith("# count")
    assert "kg:Benchmark" in read_query("most-used-benchmarks")
    assert read_query("ASK { ?s ?p ?o }") == "ASK { ?s ?p ?o }"
    with pytest.raises(InputError, match="missing.rq: no such query file"):
        read_query(tmp_path / "missing.rq")
    with pytest.raises(QueryError, match="empty query"):
        read_query("  ")
    with pytest.raises(UnknownNameError, match="^no example query named 'nosuchquery'; known: "
                       "benchmark-introducers-and-users, benchmark-subgraph, "):
        read_query("nosuchquery")
    with pytest.raises(UnknownNameError, match="'most-used-benchmark'; did you mean: most-used-benchmarks"):
        read_query("most-used-benchmark")
    assert set(example_queries()) >= {"most-used-benchmarks", "papers-with-code"}


# --- the command line ---------------------------------------------------------------

def test_kg_sparql_prints_a_table_or_a_results_format(tiny_export, capsys):
    from kg.cli import main

    assert main(["sparql", "most-used-benchmarks", "--data", str(tiny_export)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2].split() == ["entity:gsm8k", "|", "GSM8K", "|", "3"]
    assert main(["sparql", "ASK { ?p kg:uses entity:gsm8k }", "--data",
                 str(tiny_export / "graph.nt"), "--engine", "rdflib", "--output", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"head": {}, "boolean": True}
    assert main(["sparql", "benchmark-subgraph", "--data", str(tiny_export), "--output", "nt"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 8


def test_kg_sparql_errors_are_one_line(tiny_export, capsys):
    from kg.cli import main

    assert main(["sparql", "DELETE WHERE { ?s ?p ?o }", "--data", str(tiny_export)]) == 1
    err = capsys.readouterr().err
    assert err == ("kg sparql: error: DELETE is a SPARQL UPDATE; this store is read-only "
                   "(use SELECT, ASK, CONSTRUCT or DESCRIBE)\n")
    assert main(["sparql", "ASK {}", "--data", str(tiny_export / "missing")]) == 1
    assert "missing: no such file or folder" in capsys.readouterr().err


def test_kg_sparql_says_a_mistyped_example_name_is_one(tiny_export, capsys):
    from kg.cli import main

    assert main(["sparql", "papers-with-cod", "--data", str(tiny_export)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg sparql: error: no example query named 'papers-with-cod'; "
                          "did you mean: papers-with-code? known: ")
    assert err.count("\n") == 1


def test_ctrl_c_stops_kg_sparql_inside_a_long_query(tiny_export):
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # 244 ** 4 rows
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "sparql", endless, "--data", str(tiny_export)],
                               cwd=Path(__file__).resolve().parent.parent, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(4)  # started, loaded and counting
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 130
        assert process.stderr.read() == "kg sparql: interrupted\n"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # 244 ** 4 rows


def _cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@pytest.mark.parametrize("engine", ENGINES)
def test_run_query_stops_a_query_past_its_time_limit(tiny_export, engine):
    import time
    from operator import methodcaller

    from kg.sparql import run_query

    with pytest.raises(QueryTimeout, match="did not finish within 0.5 s"):
        run_query(ENDLESS, tiny_export, engine=engine, timeout=0.5)
    before = _cpu_seconds()
    time.sleep(1)
    assert _cpu_seconds() - before < 0.3  # not counting on in a thread
    assert run_query("ASK { ?s ?p ?o }", tiny_export, engine=engine, timeout=30,
                     then=methodcaller("serialize", "json")) == b'{"head": {}, "boolean": true}'


@pytest.mark.parametrize("engine", ENGINES)
def test_kg_sparql_timeout_stops_the_query_and_frees_its_cpu(tiny_export, engine, capsys):
    import time

    from kg.cli import main

    started = time.monotonic()
    assert main(["sparql", ENDLESS, "-g", str(tiny_export), "--engine", engine, "--timeout", "0.5"]) == 1
    assert time.monotonic() - started < 10
    assert capsys.readouterr().err.startswith("kg sparql: error: query did not finish within 0.5 s")
    before = _cpu_seconds()
    time.sleep(1)
    assert _cpu_seconds() - before < 0.3  # the query thread used to count on, a CPU's worth


def test_kg_sparql_timeout_applies_the_output_format_where_the_query_ran(tiny_export, capsys):
    from kg.cli import main

    assert main(["sparql", "most-used-benchmarks", "-g", str(tiny_export), "--timeout", "30"]) == 0
    assert capsys.readouterr().out.splitlines()[2].split() == ["entity:gsm8k", "|", "GSM8K", "|", "3"]
    assert main(["sparql", "ASK { ?s ?p ?o }", "-g", str(tiny_export), "--timeout", "30", "--output",
                 "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"head": {}, "boolean": True}
    assert main(["sparql", "ASK { ?s ?p ?o }", "-g", str(tiny_export), "--timeout", "30", "--output",
                 "turtle"]) == 1
    assert capsys.readouterr().err == ("kg sparql: error: unknown result format 'turtle' for an ask result; "
                                       "known: json, xml, csv, tsv\n")


def test_kg_sparql_timeout_without_fork_says_so_and_answers(tiny_export, monkeypatch, capsys):
    from kg.cli import main

    monkeypatch.delattr(os, "fork", raising=False)  # as on Windows
    assert main(["sparql", "ASK { ?s ?p ?o }", "-g", str(tiny_export), "--timeout", "30"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "yes\n"
    assert captured.err == ("kg sparql: note: this system cannot fork a process to run the query in, so a "
                            "query past --timeout is reported but goes on until kg exits\n")


@pytest.mark.parametrize("seconds", ["0", "-1", "soon", "nan"])
def test_kg_sparql_timeout_must_be_above_0(seconds, capsys):
    from kg.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["sparql", "ASK {}", "--timeout", seconds])
    assert exit_.value.code == 2
    assert f"expected a number of seconds above 0, not '{seconds}'" in capsys.readouterr().err


def _descendants(pid: int) -> list[int]:
    """The processes below ``pid`` (Linux: /proc/PID/task/TID/children)."""
    from pathlib import Path

    found = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            for child in map(int, children.read_text().split()):
                found += [child, *_descendants(child)]
        except OSError:  # the thread or process ended meanwhile
            pass
    return found


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="reads the process tree in /proc (Linux)")
def test_ctrl_c_stops_kg_sparql_and_its_query_process_within_the_timeout(tiny_export, ended):
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "sparql", ENDLESS, "-g", str(tiny_export),
                                "--timeout", "60"], cwd=Path(__file__).resolve().parent.parent,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while len(below := _descendants(process.pid)) < 2:  # the query runs in a worker process
            assert time.monotonic() < deadline, "kg sparql --timeout started no worker process"
            time.sleep(0.05)
        time.sleep(1)  # counting
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in a terminal: to every process of the job
        assert process.wait(timeout=10) == 130
        assert process.stderr.read() == "kg sparql: interrupted\n"
        assert all(ended(pid) for pid in below)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
