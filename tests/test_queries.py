"""The example queries in ontology/queries: each runs, both engines agree, answers are pinned.

On the hand-made tiny graph each query's answer is pinned row for row; on the
bundled sample the answers are checked against the same facts counted
straight from the NetworkX graph.
"""
from __future__ import annotations

from collections import Counter

import pytest

from kg.sparql import ENGINES, example_queries, load_store, query_form, read_query

QUERIES = example_queries()
E = "https://w3id.org/kg-papers/id/entity/"
P = "https://w3id.org/kg-papers/id/paper/"
KG = "https://w3id.org/kg-papers/ontology#"
P1, P2, P3 = P + "2301.00001", P + "2301.00002", P + "t-0000000000aa"


@pytest.fixture(scope="module")
def tiny_stores(tiny_export):
    return {engine: load_store(tiny_export, engine=engine) for engine in ENGINES}


def test_there_are_at_least_ten_documented_queries():
    assert len(QUERIES) >= 10
    for name, path in QUERIES.items():
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# "), f"{name}.rq must open with a comment saying what it answers"
        assert query_form(text) in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_both_engines_give_the_same_answer(tiny_stores, name):
    text = read_query(name)
    oxigraph, rdflib = (tiny_stores[e].query(text) for e in ENGINES)
    assert oxigraph.kind == rdflib.kind
    assert oxigraph.variables == rdflib.variables
    assert oxigraph.rows == rdflib.rows


TINY = {
    "most-used-benchmarks": [(E + "gsm8k", "GSM8K", 3), (E + "hotpotqa", "HotpotQA", 1)],
    "benchmark-introducers-and-users": [(E + "gsm8k", "used", P3, "A <b>hostile</b> title"),
                                        (E + "gsm8k", "used", P2, "Chain-of-Thought for Math"),
                                        (E + "gsm8k", "used", P1, "Learning through Communication")],
    "benchmark-uptake": [(E + "mathbench", "MathBench", P3, "A <b>hostile</b> title", 0)],
    "methods-on-benchmark": [(E + "chain-of-thought", "Chain-of-Thought", 2), (E + "ltc", "LTC", 1)],
    "model-families": [(E + "llama", "LLaMA", E + "llama-7b", "LLaMA-7B", 2)],
    "entity-aliases": [(E + "chain-of-thought", "Chain-of-Thought", "CoT")],
    "entity-counts-by-type": [(KG + "Benchmark", 3), (KG + "Method", 2), (KG + "Model", 2),
                              (KG + "Metric", 1)],
    "papers-by-source": [("listing.txt", 2), ("feed.jsonl", 1), ("other.txt", 1)],
    "papers-with-code": [(P1, "Learning through Communication", "https://github.com/example/ltc",
                          "github.com")],
    "mention-text": [(P1, "GSM8K", 63, 68, "GSM8K"), (P2, "GSM8K", 72, 77, "GSM8K"),
                     (P3, "GSM8K", 68, 73, "GSM8K")],
    "export-description": [("https://w3id.org/kg-papers/id/dataset",
                            "Knowledge graph of machine-learning papers", 330, 3, 8, 11, "0.1.0")],
    "introduced-entities": [(P1, "Learning through Communication", None, E + "ltc", "LTC",
                             KG + "Method"),
                            (P3, "A <b>hostile</b> title", None, E + "mathbench", "MathBench",
                             KG + "Benchmark")],
}


@pytest.mark.parametrize("name", sorted(TINY))
def test_tiny_graph_answers(tiny_stores, name):
    assert tiny_stores["oxigraph"].query(read_query(name)).rows == TINY[name]


def test_co_used_entities_on_tiny_graph(tiny_stores):
    rows = tiny_stores["oxigraph"].query(read_query("co-used-entities")).rows
    assert rows == [
        (E + "chain-of-thought", "Chain-of-Thought", KG + "Method", 2),
        (E + "llama-7b", "LLaMA-7B", KG + "Model", 2),
        (E + "hotpotqa", "HotpotQA", KG + "Benchmark", 1),
        (E + "ltc", "LTC", KG + "Method", 1),
        (E + "mathbench", "MathBench", KG + "Benchmark", 1),
        (E + "accuracy", "accuracy", KG + "Metric", 1),
    ]


def test_benchmark_introducers_on_tiny_graph(tiny_stores):
    text = read_query("benchmark-introducers-and-users").replace('"GSM8K"', '"mathbench"')
    assert tiny_stores["rdflib"].query(text).rows == []  # labels match exactly
    text = read_query("benchmark-introducers-and-users").replace('"GSM8K"', '"MathBench"')
    assert tiny_stores["rdflib"].query(text).rows == [(E + "mathbench", "introduced", P3, "A <b>hostile</b> title")]


def test_low_confidence_links_on_tiny_graph(tiny_stores):
    rows = tiny_stores["oxigraph"].query(read_query("low-confidence-links")).rows
    assert len(rows) == 11  # every link of the tiny graph is at 0.9, its lowest confidence
    assert rows[0] == (P1, E + "gsm8k", "GSM8K", "GSM8K", "used", 0.9)
    assert {row[-1] for row in rows} == {0.9}


def test_link_evidence_on_tiny_graph(tiny_stores):
    rows = tiny_stores["oxigraph"].query(read_query("link-evidence")).rows
    assert [(r[0], r[2], r[3], r[5], r[6]) for r in rows] == [
        (P1, "used", 0.9, 63, 68), (P2, "used", 0.9, 72, 77), (P3, "used", 0.9, 68, 73)]
    assert rows[2][4] == "We introduce MathBench and test LLaMA-7B on GSM8K with CoT."


def test_code_evidence_on_tiny_graph(tiny_corpus, tiny_stores):
    (code,) = tiny_corpus.code_links
    for engine in ENGINES:
        rows = tiny_stores[engine].query(read_query("code-evidence")).rows
        assert rows == [(P1, "Learning through Communication", "https://github.com/example/ltc",
                         "Code: https://github.com/example/ltc", 103, 133, "test")]
    assert (code.evidence.start, code.evidence.end) == (103, 133)


def test_benchmark_subgraph_on_tiny_graph(tiny_stores):
    result = tiny_stores["oxigraph"].query(read_query("benchmark-subgraph"))
    assert result.kind == "graph"
    assert (P3, KG + "uses", E + "gsm8k") in result.rows
    assert len(result.rows) == 8
    assert b"kg:uses entity:gsm8k" in result.serialize("turtle")


# --- the bundled sample ----------------------------------------------------------

@pytest.fixture(scope="module")
def sample_store(sample_export):
    return load_store(sample_export, engine="oxigraph")


def _iri(node):
    from kg.iris import node_iri

    return str(node_iri(node))


def _users(g, relations=("uses",)):
    users: dict[str, set] = {}
    for u, v, key in g.edges(keys=True):
        if key in relations:
            users.setdefault(v, set()).add(u)
    return users


def test_sample_most_used_benchmarks(sample_graph, sample_store):
    users = _users(sample_graph)
    expected = sorted(((_iri(n), sample_graph.nodes[n]["name"], len(users[n]))
                       for n in sample_graph if sample_graph.nodes[n].get("type") == "benchmark"
                       and n in users), key=lambda r: (-r[2], r[1], r[0]))[:20]
    rows = sample_store.query(read_query("most-used-benchmarks")).rows
    assert rows == expected
    assert len(rows) >= 5


def test_sample_entity_counts_by_type(sample_graph, sample_store):
    counts = Counter(d["type"] for _, d in sample_graph.nodes(data=True) if d.get("kind") == "entity")
    rows = sample_store.query(read_query("entity-counts-by-type")).rows
    assert {iri[len(KG):].lower(): n for iri, n in rows} == dict(counts)


def test_sample_papers_with_code_and_sources(sample_graph, sample_store):
    code = [(u, v) for u, v, key in sample_graph.edges(keys=True) if key == "has_code"]
    assert len(sample_store.query(read_query("papers-with-code")).rows) == len(code)
    pages = Counter()
    for _, d in sample_graph.nodes(data=True):
        if d.get("kind") == "paper":
            pages.update({s.rsplit(":", 1)[0] for s in d.get("sources", [])})
    assert dict(sample_store.query(read_query("papers-by-source")).rows) == dict(pages)
    assert sum(pages.values()) >= 296


def test_sample_code_evidence(sample_graph, sample_store):
    expected = sorted((_iri(u), sample_graph.nodes[v]["url"], e["sentence"], e["start"], e["end"])
                      for u, v, key, data in sample_graph.edges(keys=True, data=True)
                      if key == "has_code" for e in data["evidence"])
    rows = sample_store.query(read_query("code-evidence")).rows
    assert sorted((r[0], r[2], r[3], r[4], r[5]) for r in rows) == expected
    assert len(rows) >= len([k for *_, k in sample_graph.edges(keys=True) if k == "has_code"])


def test_sample_model_families(sample_graph, sample_store):
    variants = {(u, v) for u, v, key in sample_graph.edges(keys=True)
                if key == "variant_of" and sample_graph.nodes[v]["type"] == "model"}
    rows = sample_store.query(read_query("model-families")).rows
    assert {(r[2], r[0]) for r in rows} == {(_iri(u), _iri(v)) for u, v in variants}


def test_sample_methods_on_gsm8k(sample_graph, sample_store):
    nodes = sample_graph.nodes
    benchmarks = {n for n, d in nodes(data=True) if d.get("type") == "benchmark"
                  and "GSM8K" in [d["name"], *d.get("aliases", [])]}
    papers = {u for b in benchmarks for u in sample_graph.predecessors(b)}
    counts = Counter(v for p in papers for v in set(sample_graph.successors(p))
                     if nodes[v].get("type") == "method")
    rows = sample_store.query(read_query("methods-on-benchmark")).rows
    assert {(iri, n) for iri, _, n in rows} == {(_iri(m), n) for m, n in counts.items()}
    assert len(rows) >= 3


def test_sample_papers_on_a_task_agree_with_papers_of_narrower(sample_graph, sample_store):
    from kg.query import papers_of

    hits = papers_of(sample_graph, "question answering", narrower=True)
    rows = sample_store.query(read_query("papers-on-a-task")).rows
    assert {(r[0], r[3]) for r in rows} == {(_iri(h.id), h.entity) for h in hits}
    assert len({r[2] for r in rows}) > 3  # the task and narrower ones


def test_sample_mention_text_is_the_text_the_offsets_index(sample_graph, sample_store):
    # SPARQL cuts the same characters out of title + blank line + abstract as Python does
    gsm8k = {n for n, d in sample_graph.nodes(data=True) if d.get("name") == "GSM8K"}
    expected = sorted(
        (_iri(u), e["start"], e["end"], f"{sample_graph.nodes[u]['title']}\n\n"
         f"{sample_graph.nodes[u].get('abstract') or ''}"[e["start"]:e["end"]])
        for u, v, key, data in sample_graph.edges(keys=True, data=True)
        if v in gsm8k and key in ("introduces", "uses") for e in data["evidence"])
    rows = sample_store.query(read_query("mention-text")).rows
    assert sorted((r[0], r[2], r[3], r[4]) for r in rows) == expected
    assert len(rows) >= 10 and all(r[4] == r[1] for r in rows)  # the name as the paper writes it


@pytest.fixture(scope="module")
def sample_rdflib_store(sample_export):
    return load_store(sample_export, engine="rdflib")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_sample_both_engines_agree(sample_store, sample_rdflib_store, name):
    text = read_query(name)
    assert sample_store.query(text).rows == sample_rdflib_store.query(text).rows
