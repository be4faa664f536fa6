"""The RDF export: terms, IRIs, round trips and byte-identical output."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DC, DCTERMS, PROV, SKOS, VOID

from kg.errors import ExportError, UnknownNameError
from kg.iris import (
    build_iri, code_evidence_iri, code_link_iri, dataset_iri, entity_iri, evidence_iri, iri_node,
    link_iri, node_iri, paper_iri, repo_iri,
)
from kg.rdf import to_rdf
from kg.rdf_files import serialize, write_rdf
from kg.vocab import KG, SCHEMA

PARSE_FORMAT = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld"}


@pytest.fixture(scope="module")
def tiny_rdf(tiny_graph):
    return to_rdf(tiny_graph)


@pytest.mark.parametrize("fmt", sorted(PARSE_FORMAT))
def test_written_file_parses_back_isomorphic(tiny_graph, tiny_rdf, tmp_path, fmt):
    path = write_rdf(tiny_graph, tmp_path / f"graph.{fmt}", format=fmt)
    parsed = Graph().parse(path, format=PARSE_FORMAT[fmt])
    assert len(parsed) == len(tiny_rdf)
    assert isomorphic(parsed, tiny_rdf)


@pytest.mark.parametrize("fmt", sorted(PARSE_FORMAT))
def test_same_graph_gives_same_bytes_across_processes(tiny_corpus, tiny_graph, tmp_path, fmt):
    # Hash randomisation changes rdflib's set order between processes; the
    # output must not depend on it.
    here = write_rdf(tiny_graph, tmp_path / "here", format=fmt).read_bytes()
    script = (
        "import sys, pickle; from kg.graph import to_graph; from kg.rdf_files import write_rdf; "
        "corpus = pickle.load(open(sys.argv[1], 'rb')); "
        "corpus.papers.reverse(); corpus.entities.reverse(); corpus.links.reverse(); "
        "write_rdf(to_graph(corpus), sys.argv[2], format=sys.argv[3])"
    )
    import pickle

    (tmp_path / "corpus.pickle").write_bytes(pickle.dumps(tiny_corpus))
    root = Path(__file__).resolve().parent.parent
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        subprocess.run([sys.executable, "-c", script, str(tmp_path / "corpus.pickle"),
                        str(tmp_path / seed), fmt], check=True, env=env, cwd=tmp_path)
        assert (tmp_path / seed).read_bytes() == here


def test_paper_properties(tiny_rdf):
    p = paper_iri("2301.00002")
    assert (p, RDF.type, KG.Paper) in tiny_rdf
    assert tiny_rdf.value(p, DCTERMS.title) == Literal("Chain-of-Thought for Math")
    assert tiny_rdf.value(p, DCTERMS.identifier) == Literal("2301.00002")
    assert tiny_rdf.value(p, KG.arxivId) == Literal("2301.00002")
    assert set(tiny_rdf.objects(p, KG.source)) == {Literal("listing.txt:11"), Literal("other.txt:7")}
    # a paper without an arXiv id has no kg:arxivId
    assert tiny_rdf.value(paper_iri("t-0000000000aa"), KG.arxivId) is None


def test_entity_has_kg_entity_and_its_own_class(tiny_rdf):
    e = entity_iri("accuracy")
    assert set(tiny_rdf.objects(e, RDF.type)) == {KG.Entity, KG.Metric, SKOS.Concept}
    assert tiny_rdf.value(e, SKOS.prefLabel) == Literal("accuracy")
    assert tiny_rdf.value(e, KG.named) == Literal(False)
    assert set(tiny_rdf.objects(entity_iri("ltc"), SKOS.altLabel)) == {
        Literal("Learning through Communication")}


def test_direct_edges_and_mentions(tiny_rdf):
    p1 = paper_iri("2301.00001")
    assert set(tiny_rdf.objects(p1, KG.introduces)) == {entity_iri("ltc")}
    assert set(tiny_rdf.objects(p1, KG.uses)) == {
        entity_iri(e) for e in ("gsm8k", "hotpotqa", "llama-7b")}
    assert set(tiny_rdf.objects(p1, KG.mentions)) == {
        entity_iri(e) for e in ("ltc", "gsm8k", "hotpotqa", "llama-7b")}
    assert (entity_iri("llama-7b"), KG.variantOf, entity_iri("llama")) in tiny_rdf
    repo = repo_iri("https://github.com/example/ltc")
    assert (p1, KG.hasCode, repo) in tiny_rdf
    assert tiny_rdf.value(repo, SCHEMA.url) == Literal("https://github.com/example/ltc")
    assert tiny_rdf.value(repo, KG.host) == Literal("github.com")


def test_entity_link_and_evidence(tiny_corpus, tiny_rdf):
    link = link_iri("2301.00002", "uses", "chain-of-thought")
    assert (link, RDF.type, KG.EntityLink) in tiny_rdf
    assert tiny_rdf.value(link, KG.paper) == paper_iri("2301.00002")
    assert tiny_rdf.value(link, KG.entity) == entity_iri("chain-of-thought")
    assert tiny_rdf.value(link, KG.role) == Literal("used")
    assert tiny_rdf.value(link, KG.confidence) == Literal("0.9", datatype=XSD.decimal)
    assert tiny_rdf.value(link, KG.surfaceForm) == Literal("CoT")
    assert tiny_rdf.value(link, KG.altSurfaceForm) == Literal("Chain-of-Thought")
    evidence = tiny_rdf.value(link, KG.evidence)
    assert evidence == evidence_iri("2301.00002", "uses", "chain-of-thought", 1)
    start = tiny_rdf.value(evidence, KG.start).toPython()
    end = tiny_rdf.value(evidence, KG.end).toPython()
    paper = next(p for p in tiny_corpus.papers if p.id == "2301.00002")
    assert paper.text[start:end] == "CoT"
    assert "CoT" in str(tiny_rdf.value(evidence, PROV.value))
    assert tiny_rdf.value(evidence, PROV.wasDerivedFrom) == paper_iri("2301.00002")
    assert tiny_rdf.value(evidence, KG.rule) == Literal("test")
    introduced = link_iri("2301.00001", "introduces", "ltc")
    assert tiny_rdf.value(introduced, KG.role) == Literal("introduced")


def test_code_link_and_evidence(tiny_corpus, tiny_rdf):
    url = "https://github.com/example/ltc"
    p1 = paper_iri("2301.00001")
    link = code_link_iri("2301.00001", url)
    assert str(link) == ("https://w3id.org/kg-papers/id/link/2301.00001/hasCode/"
                         "github.com/example/ltc")
    assert set(tiny_rdf.predicate_objects(link)) == {
        (RDF.type, KG.CodeLink), (KG.paper, p1), (KG.repository, repo_iri(url)),
        (KG.evidence, code_evidence_iri("2301.00001", url, 1)), (PROV.wasGeneratedBy, build_iri())}
    assert (p1, KG.hasCode, repo_iri(url)) in tiny_rdf  # the direct edge stays
    (code,) = tiny_corpus.code_links
    rows = tiny_rdf.query("""
        PREFIX kg: <https://w3id.org/kg-papers/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?paper ?repository ?sentence ?start ?end ?rule ?from WHERE {
            ?link a kg:CodeLink ; kg:paper ?paper ; kg:repository ?repository ; kg:evidence ?e .
            ?e a kg:Evidence ; prov:value ?sentence ; kg:start ?start ; kg:end ?end ;
               kg:rule ?rule ; prov:wasDerivedFrom ?from .
        }""")
    assert [tuple(term.toPython() for term in row) for row in rows] == [
        (str(p1), str(repo_iri(url)), "Code: https://github.com/example/ltc", 103, 133, "test",
         str(p1))]
    paper = tiny_corpus.papers[0]
    assert paper.text[code.evidence.start:code.evidence.end] == url


def test_code_link_without_evidence_has_no_evidence_nodes():
    g = nx.MultiDiGraph()
    g.add_node("paper:p", kind="paper", title="T")
    g.add_node("repo:github.com/a/b", kind="repository", url="https://github.com/a/b",
               host="github.com")
    g.add_edge("paper:p", "repo:github.com/a/b", key="has_code", relation="has_code", evidence=[])
    rdf = to_rdf(g)
    link = code_link_iri("p", "github.com/a/b")
    assert rdf.value(link, KG.repository) == repo_iri("github.com/a/b")
    assert rdf.value(link, KG.evidence) is None
    assert set(rdf.subjects(RDF.type, KG.Evidence)) == set()


def test_every_predicate_and_class_is_a_known_term(tiny_rdf):
    kg = str(KG._NS)
    used = {p for p in tiny_rdf.predicates()} | set(tiny_rdf.objects(None, RDF.type))
    for term in used:
        if str(term).startswith(kg):
            assert getattr(KG, str(term)[len(kg):]) == term


def test_papers_entities_and_repositories_carry_an_rdfs_label(tiny_rdf):
    # what generic RDF browsers and SPARQL users look for, stated, not left to a reasoner
    assert tiny_rdf.value(paper_iri("2301.00002"), RDFS.label) == Literal("Chain-of-Thought for Math")
    assert tiny_rdf.value(entity_iri("chain-of-thought"), RDFS.label) == Literal("Chain-of-Thought")
    repo = repo_iri("https://github.com/example/ltc")
    assert tiny_rdf.value(repo, RDFS.label) == Literal("github.com/example/ltc")
    for cls in (KG.Paper, KG.Entity, KG.CodeRepository):
        for node in tiny_rdf.subjects(RDF.type, cls):
            assert len(list(tiny_rdf.objects(node, RDFS.label))) == 1, node
    # long text is not repeated: links and evidence have no label, abstracts are no label
    labelled = set(tiny_rdf.subjects(RDFS.label, None))
    assert not labelled & (set(tiny_rdf.subjects(RDF.type, KG.EntityLink))
                           | set(tiny_rdf.subjects(RDF.type, KG.Evidence)))
    assert not set(tiny_rdf.objects(None, RDFS.label)) & set(tiny_rdf.objects(None, DCTERMS.abstract))


def test_authors_are_dc_creator_names_not_dcterms_agents():
    # dcterms:creator ranges over agents; a name is a literal, which dc:creator allows
    g = nx.MultiDiGraph()
    g.add_node("paper:p", kind="paper", title="T", authors=["Shunyu Yao", "Dian Yu"])
    rdf = to_rdf(g)
    assert set(rdf.objects(paper_iri("p"), DC.creator)) == {Literal("Shunyu Yao"), Literal("Dian Yu")}
    assert (None, DCTERMS.creator, None) not in rdf
    from kg.validate import validate

    assert validate(rdf).conforms


def test_repository_iris_keep_the_address_readable(tiny_rdf):
    url = "https://github.com/example/ltc"
    assert str(repo_iri(url)) == "https://w3id.org/kg-papers/id/repo/github.com/example/ltc"
    assert iri_node(repo_iri(url)) == "repo:github.com/example/ltc"
    assert not [t for triple in tiny_rdf for t in triple if "%2F" in t and "/repo/" in t]
    # a segment IRI normalisation would remove stays in the IRI, quoted
    assert str(repo_iri("github.com/a/../b")).endswith("/repo/github.com/a/%2E%2E/b")
    assert iri_node(repo_iri("github.com/a/../b")) == "repo:github.com/a/../b"


def test_dates_are_typed_only_when_iso():
    g = nx.MultiDiGraph()
    g.add_node("paper:a", kind="paper", title="A", date="2024-03-18")
    g.add_node("paper:b", kind="paper", title="B", date="Mar 18")
    rdf = to_rdf(g)
    assert rdf.value(paper_iri("a"), DCTERMS.date) == Literal("2024-03-18", datatype=XSD.date)
    assert rdf.value(paper_iri("b"), DCTERMS.date) == Literal("Mar 18")


def test_turtle_is_readable_and_ordered(tiny_graph):
    text = serialize(to_rdf(tiny_graph), format="turtle").decode("utf-8")
    assert text.startswith("@prefix ")
    assert "@prefix dcterms: <http://purl.org/dc/terms/> ." in text
    assert "@prefix kg: <https://w3id.org/kg-papers/ontology#> ." in text
    first = {"dataset": text.index(f"\n<{dataset_iri()}>")}  # the description opens the file
    first |= {kind: text.index(f"\n{kind}") for kind in ("paper:", "entity:")}
    first["repo"] = text.index("\n<https://w3id.org/kg-papers/id/repo/")
    first["link"] = text.index("\n<https://w3id.org/kg-papers/id/link/")
    first["evidence"] = text.index("\n<https://w3id.org/kg-papers/id/evidence/")
    assert list(first.values()) == sorted(first.values())
    papers = [line.split()[0] for line in text.splitlines() if line.startswith("paper:")]
    assert papers == sorted(papers) and len(papers) == 3


def test_ntriples_lines_sorted(tiny_graph):
    lines = serialize(to_rdf(tiny_graph), format="nt").decode("utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(to_rdf(tiny_graph))


@given(st.text(), st.sampled_from([None, "en", XSD.integer]))
def test_ntriples_literals_are_written_as_pyoxigraph_writes_them_and_read_back(text, kind):
    import pyoxigraph as ox

    subject, predicate = paper_iri("p"), DCTERMS.title
    value = Literal(text, lang=kind) if kind == "en" else Literal(text, datatype=kind)
    written = serialize([(subject, predicate, value)], format="nt").decode("utf-8")
    lexical = str(value)  # rdflib writes "00"^^xsd:integer as "0": the literal the exporter holds
    if kind == XSD.integer:
        literal = ox.Literal(lexical, datatype=ox.NamedNode(str(XSD.integer)))
    else:
        literal = ox.Literal(lexical, language=kind) if kind else ox.Literal(lexical)
    assert written == str(ox.Triple(ox.NamedNode(str(subject)), ox.NamedNode(str(predicate)), literal)) + " .\n"
    (quad,) = ox.parse(written.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert quad.object.value == lexical


def test_iris_quote_ids_into_one_segment():
    assert str(paper_iri("cs/0112017")) == "https://w3id.org/kg-papers/id/paper/cs%2F0112017"
    assert str(link_iri("cs/0112017", "uses", "a b")) == (
        "https://w3id.org/kg-papers/id/link/cs%2F0112017/uses/a%20b")
    assert repo_iri("https://github.com/example/ltc/") == node_iri("repo:github.com/example/ltc")
    with pytest.raises(ExportError, match="not a kg paper"):
        iri_node("https://w3id.org/kg-papers/id/paper/cs/0112017")  # a paper id is one segment


@given(st.sampled_from(["paper", "entity", "repo"]), st.text(min_size=1))
def test_node_iri_round_trip(kind, rest):
    node = f"{kind}:{rest}"
    iri = node_iri(node)
    assert " " not in iri and "<" not in iri and ">" not in iri
    assert iri_node(iri) == node


def test_bad_inputs_raise_kg_errors(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("entity:x", kind="entity", type="gadget", name="X")
    with pytest.raises(ExportError, match="entity:x.*'gadget'.*method, model"):
        to_rdf(g)
    with pytest.raises(UnknownNameError, match="unknown RDF format 'rdfxml'; known: .*turtle"):
        write_rdf(nx.MultiDiGraph(), tmp_path / "g.xml", format="rdfxml")
    with pytest.raises(ExportError, match="not a kg paper"):
        iri_node("https://example.org/x")
    with pytest.raises(ExportError, match="no-such-dir"):
        write_rdf(nx.MultiDiGraph(), tmp_path / "no-such-dir" / "graph.ttl")


def test_unknown_relation_is_left_out_with_a_warning(caplog):
    g = nx.MultiDiGraph()
    g.add_node("entity:a", kind="entity", type="task", name="A")
    g.add_node("entity:b", kind="entity", type="task", name="B")
    g.add_edge("entity:a", "entity:b", key="similar_to", relation="similar_to")
    rdf = to_rdf(g)
    assert (entity_iri("a"), None, entity_iri("b")) not in rdf
    assert rdf.value(dataset_iri("Entity"), VOID.entities) == Literal(2)
    assert "similar_to" in caplog.text


def test_sample_turtle_round_trip(sample_graph, tmp_path):
    rdf = to_rdf(sample_graph)
    path = write_rdf(sample_graph, tmp_path / "graph.ttl")
    parsed = Graph().parse(path, format="turtle")
    # no blank nodes, so isomorphism is equality of the triple sets
    assert set(parsed) == set(rdf)
    papers = set(rdf.subjects(RDF.type, KG.Paper))
    assert len(papers) == sum(1 for _, d in sample_graph.nodes(data=True) if d["kind"] == "paper")


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_spilled_sort_writes_the_same_bytes(sample_graph, tmp_path, monkeypatch, fmt):
    whole = write_rdf(sample_graph, tmp_path / "whole", format=fmt).read_bytes()
    monkeypatch.setattr("kg.sorting.RUN_SIZE", 500)  # thousands of triples: many runs on disk
    spilled = write_rdf(sample_graph, tmp_path / "spilled", format=fmt).read_bytes()
    assert spilled == whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spilled", "whole"]  # no sort files left
