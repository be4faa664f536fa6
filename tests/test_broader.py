"""Narrower general terms under broader ones: resolution, graph, queries, RDF and its shapes."""
from __future__ import annotations

import pytest
from rdflib.namespace import SKOS

from kg import query
from kg.broader import add_broader_terms
from kg.cli import main
from kg.graph import to_graph, write_node_link
from kg.iris import entity_iri
from kg.rdf import to_rdf
from kg.records import Corpus, Entity, Evidence, Link, Paper
from kg.validate import validate


def _term(name: str, type_: str = "task", **kw) -> Entity:
    return Entity(id=name.lower().replace(" ", "-"), name=name, type=type_, named=kw.pop("named", False), **kw)


def _broader(*entities: Entity) -> dict[str, str]:
    corpus = add_broader_terms(Corpus(papers=[], entities=list(entities)))
    return {e.name: e.broader_id for e in corpus.entities}


def test_a_narrower_term_is_under_the_nearest_broader_one():
    found = _broader(_term("zorb parsing"), _term("deep zorb parsing"), _term("fast deep zorb parsing"))
    assert found == {"zorb parsing": "", "deep zorb parsing": "zorb-parsing",
                     "fast deep zorb parsing": "deep-zorb-parsing"}


def test_words_count_whole():
    found = _broader(_term("autoregressive zorbing"), _term("zorbing"), _term("non-autoregressive zorbing"))
    assert found["non-autoregressive zorbing"] == "zorbing"


def test_the_broader_term_may_be_found_by_an_alias_and_spelling():
    found = _broader(_term("zorb answering", aliases=("ZA",)), _term("medical ZA"),
                     _term("Open-Domain Zorb-Answering"))
    assert found["medical ZA"] == found["Open-Domain Zorb-Answering"] == "zorb-answering"


def test_proper_names_and_other_types_take_no_part():
    found = _broader(_term("zorb accuracy", "metric"), _term("accuracy", "metric"),
                     _term("Quux Zorb Accuracy", "metric", named=True),  # a named metric is no kind of accuracy
                     _term("zorb", "task"), _term("accuracy zorb", "method"),  # a method is not under a task
                     _term("ZorbNet", "model", named=True), _term("tiny ZorbNet", "model"))
    assert found == {"zorb accuracy": "accuracy", "accuracy": "", "Quux Zorb Accuracy": "", "zorb": "",
                     "accuracy zorb": "", "ZorbNet": "", "tiny ZorbNet": ""}


def test_datasets_and_benchmarks_are_one_group():
    found = _broader(_term("zorb corpus", "dataset"), _term("clean zorb corpus", "benchmark"))
    assert found["clean zorb corpus"] == "zorb-corpus"


@pytest.fixture()
def qa_graph():
    said = {"2401.00001": ["zorb answering"], "2401.00002": ["medical zorb answering"],
            "2401.00003": ["multi-hop medical zorb answering", "accuracy"]}
    papers = {i: Paper(id=i, title=f"Paper {i[-1]}", abstract=" ".join(f"We study {t}." for t in terms))
              for i, terms in said.items()}
    entities = [_term("zorb answering"), _term("medical zorb answering"),
                _term("multi-hop medical zorb answering"), _term("accuracy", "metric")]

    def link(paper_id: str, entity: Entity, role: str = "used") -> Link:
        paper = papers[paper_id]
        start = paper.text.index(f" {entity.name}.") + 1
        evidence = Evidence(sentence=f"We study {entity.name}.", start=start, end=start + len(entity.name),
                            rule="test")
        return Link(paper_id, entity.id, role, entity.name, confidence=0.9, evidence=(evidence,))

    links = [link("2401.00001", entities[0]), link("2401.00002", entities[1]),
             link("2401.00003", entities[2], "introduced"), link("2401.00003", entities[3])]
    return to_graph(add_broader_terms(Corpus(papers=list(papers.values()), entities=entities, links=links)))


def test_the_graph_has_one_broader_edge_per_narrower_term(qa_graph):
    edges = {(u, v) for u, v, key in qa_graph.edges(keys=True) if key == "broader"}
    assert edges == {("entity:medical-zorb-answering", "entity:zorb-answering"),
                     ("entity:multi-hop-medical-zorb-answering", "entity:medical-zorb-answering")}


def test_papers_of_counts_narrower_terms_at_any_depth_only_when_asked(qa_graph):
    assert [h.id for h in query.papers_of(qa_graph, "zorb answering")] == ["paper:2401.00001"]
    hits = query.papers_of(qa_graph, "zorb answering", narrower=True)
    assert {(h.id, h.entity) for h in hits} == {("paper:2401.00001", "zorb answering"),
                                                ("paper:2401.00002", "medical zorb answering"),
                                                ("paper:2401.00003", "multi-hop medical zorb answering")}
    assert [h.id for h in query.papers_of(qa_graph, "medical zorb answering", narrower=True)] == \
        ["paper:2401.00003", "paper:2401.00002"]  # introducers first


def test_kg_query_papers_narrower(qa_graph, tmp_path, capsys):
    write_node_link(qa_graph, tmp_path / "graph.json")
    assert main(["query", "papers", "zorb answering", "--narrower", "-g", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "multi-hop medical zorb answering" in out and "Paper 2" in out


def test_rdf_states_skos_broader_and_conforms(qa_graph):
    rdf = to_rdf(qa_graph)
    assert (entity_iri("medical-zorb-answering"), SKOS.broader, entity_iri("zorb-answering")) in rdf
    report = validate(rdf)
    assert report.conforms, report.lines()


def test_shapes_report_a_broader_term_of_another_type_and_a_cycle(qa_graph):
    rdf = to_rdf(qa_graph)
    rdf.add((entity_iri("zorb-answering"), SKOS.broader, entity_iri("accuracy")))
    assert any(line.startswith("entity/zorb-answering") and "own type" in line for line in validate(rdf).lines())
    rdf = to_rdf(qa_graph)
    rdf.add((entity_iri("zorb-answering"), SKOS.broader, entity_iri("multi-hop-medical-zorb-answering")))
    assert any("back to itself" in line for line in validate(rdf).lines())
