"""Each export describes itself (VoID, DCAT) and the build that made it (PROV), without a clock."""
from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, VOID

import kg
from kg.iris import ID_BASE, build_iri, dataset_iri, software_iri
from kg.rdf_files import write_rdf
from kg.vocab import KG, KG_ONTOLOGY, SCHEMA

PARSE_FORMAT = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld"}


@pytest.fixture(scope="module")
def tiny_file(tiny_export) -> Graph:
    return Graph().parse(tiny_export / "graph.ttl", format="turtle")


def test_the_export_is_one_void_and_dcat_dataset(tiny_file):
    (dataset,) = tiny_file.subjects(RDF.type, VOID.Dataset)
    assert dataset == dataset_iri()
    assert (dataset, RDF.type, DCAT.Dataset) in tiny_file
    title = tiny_file.value(dataset, DCTERMS.title)
    assert title and tiny_file.value(dataset, RDFS.label) == title
    assert "3 papers" in tiny_file.value(dataset, DCTERMS.description)
    assert "keep the terms of those sources" in tiny_file.value(dataset, DCTERMS.rights)
    assert KG_ONTOLOGY in set(tiny_file.objects(dataset, VOID.vocabulary))
    assert tiny_file.value(dataset, VOID.uriSpace) == Literal(ID_BASE)
    # the input files the papers were read from, without line numbers
    assert set(tiny_file.objects(dataset, DCTERMS.source)) == {
        Literal("listing.txt"), Literal("other.txt"), Literal("feed.jsonl")}


def test_class_partitions_count_what_the_export_holds(tiny_file):
    counted = {tiny_file.value(part, VOID["class"]): tiny_file.value(part, VOID.entities).toPython()
               for part in tiny_file.objects(dataset_iri(), VOID.classPartition)}
    actual = {cls: len(set(tiny_file.subjects(RDF.type, cls))) for cls in counted}
    assert counted == actual
    assert (counted[KG.Paper], counted[KG.Entity], counted[KG.EntityLink]) == (3, 8, 11)


@pytest.mark.parametrize("fmt", sorted(PARSE_FORMAT))
def test_void_triples_is_the_number_of_triples_a_store_loads(tiny_graph, tmp_path, fmt):
    path = write_rdf(tiny_graph, tmp_path / "graph", format=fmt)
    loaded = Graph().parse(path, format=PARSE_FORMAT[fmt])
    assert loaded.value(dataset_iri(), VOID.triples) == Literal(len(loaded), datatype=XSD.integer)


def test_repeated_authors_and_aliases_do_not_inflate_the_count(tmp_path):
    import networkx as nx

    g = nx.MultiDiGraph()
    g.add_node("paper:p", kind="paper", title="T", authors=["Ada", "Bo", "Ada"],
               sources=["a.jsonl:1", "a.jsonl:1"])
    g.add_node("entity:x", kind="entity", type="task", name="X", aliases=["x task", "x task"])
    loaded = Graph().parse(write_rdf(g, tmp_path / "graph.nt", format="nt"), format="nt")
    assert loaded.value(dataset_iri(), VOID.triples).toPython() == len(loaded)


def test_sample_description_counts_the_committed_size(sample_export, sample_graph):
    loaded = Graph().parse(sample_export / "graph.ttl", format="turtle")
    assert loaded.value(dataset_iri(), VOID.triples).toPython() == len(loaded)
    papers = loaded.value(dataset_iri("Paper"), VOID.entities).toPython()
    assert papers == sum(1 for _, d in sample_graph.nodes(data=True) if d["kind"] == "paper") == 296


def test_every_link_was_generated_by_the_build_of_this_kg_version(tiny_file):
    links = set(tiny_file.subjects(RDF.type, KG.EntityLink)) | set(tiny_file.subjects(RDF.type, KG.CodeLink))
    assert len(links) == 12
    assert {tiny_file.value(link, PROV.wasGeneratedBy) for link in links} == {build_iri()}
    assert tiny_file.value(dataset_iri(), PROV.wasGeneratedBy) == build_iri()
    assert (build_iri(), RDF.type, PROV.Activity) in tiny_file
    agent = tiny_file.value(build_iri(), PROV.wasAssociatedWith)
    assert agent == software_iri(kg.__version__)
    assert (agent, RDF.type, PROV.SoftwareAgent) in tiny_file
    assert tiny_file.value(agent, SCHEMA.softwareVersion) == Literal(kg.__version__)


def test_the_description_holds_no_time(tiny_file):
    described = [dataset_iri(), build_iri(), software_iri(kg.__version__)]
    for subject in described:
        for _, p, o in tiny_file.triples((subject, None, None)):
            assert not (isinstance(o, Literal) and o.datatype in (XSD.dateTime, XSD.date)), (p, o)
    times = [PROV.startedAtTime, PROV.endedAtTime, PROV.generatedAtTime, DCTERMS.issued,
             DCTERMS.modified, DCTERMS.created]
    assert not any((None, p, None) in tiny_file for p in times)


def test_the_description_passes_its_shapes_and_a_timestamp_does_not(tiny_file):
    from kg.validate import validate

    assert validate(tiny_file).conforms
    stamped = Graph() + tiny_file
    stamped.add((build_iri(), PROV.startedAtTime,
                 Literal("2024-01-01T00:00:00", datatype=XSD.dateTime)))
    report = validate(stamped)
    assert [line.split(":")[0] for line in report.lines()] == ["build prov"]
    assert "no timestamps" in report.lines()[0]
    wrong = Graph() + tiny_file
    wrong.set((dataset_iri(), VOID.triples, Literal("many")))
    wrong.remove((URIRef(str(dataset_iri("Paper"))), VOID.entities, None))
    assert not validate(wrong).conforms


def test_entities_are_stated_skos_concepts_of_one_scheme_for_tools_that_do_not_reason(tiny_export):
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(tiny_export / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)

    def ask(where):
        return {tuple(str(term.value) for term in row)
                for row in store.query("PREFIX kg: <https://w3id.org/kg-papers/ontology#> "
                                       "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                                       f"SELECT * WHERE {{ {where} }}")}

    entities = ask("?e a kg:Entity")
    assert entities and ask("?e a skos:Concept") == entities  # no reasoner: stated in the data
    schemes = ask("?s a skos:ConceptScheme")
    assert ask("?e skos:inScheme ?s") == {(e, s) for (e,) in entities for (s,) in schemes}
    assert len(schemes) == 1
    variants = ask("?v kg:variantOf ?f")
    assert variants and ask("?v skos:broader ?f") == variants
