"""kg/vocab.py and ontology/kg.ttl define the same terms, each labelled and explained."""
from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.vocab import KG, KG_ONTOLOGY, ontology_dir

KG_NS = str(KG._NS)
DECLARED = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_dir() / "kg.ttl", format="turtle")


def _ontology_terms(ontology: Graph) -> set[str]:
    return {
        str(s)[len(KG_NS):]
        for kind in DECLARED
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(KG_NS)
    }


def test_python_and_turtle_define_the_same_terms(ontology):
    python_terms = set(KG.__annotations__)
    assert python_terms == _ontology_terms(ontology)


def test_no_kg_term_is_used_without_being_declared(ontology):
    used = {str(t)[len(KG_NS):] for triple in ontology for t in triple
            if isinstance(t, URIRef) and str(t).startswith(KG_NS)}
    assert used <= _ontology_terms(ontology)


def test_every_term_has_an_english_label_and_comment(ontology):
    for name in KG.__annotations__:
        term = KG[name]
        labels = list(ontology.objects(term, RDFS.label))
        comments = list(ontology.objects(term, RDFS.comment))
        assert len(labels) == 1 and labels[0].language == "en", name
        assert len(comments) == 1 and len(comments[0]) > 20, name
        assert (term, RDFS.isDefinedBy, KG_ONTOLOGY) in ontology, name


def test_properties_have_domain_and_range(ontology):
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            assert ontology.value(prop, RDFS.domain) is not None, prop
            assert ontology.value(prop, RDFS.range) is not None, prop


def test_ontology_header(ontology):
    assert (KG_ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, OWL.versionInfo):
        assert ontology.value(KG_ONTOLOGY, prop) is not None, prop
    import kg

    assert ontology.value(KG_ONTOLOGY, OWL.versionInfo) == Literal(kg.__version__)


def test_alignments(ontology):
    sub = lambda a, b: (a, RDFS.subClassOf, b) in ontology  # noqa: E731
    assert sub(KG.Paper, URIRef("http://purl.org/spar/fabio/ResearchPaper"))
    assert sub(KG.Paper, URIRef("https://schema.org/ScholarlyArticle"))
    assert sub(KG.Entity, URIRef("http://www.w3.org/2004/02/skos/core#Concept"))
    assert sub(KG.Dataset, URIRef("https://schema.org/Dataset"))
    assert sub(KG.EntityLink, URIRef("http://www.w3.org/ns/prov#Entity"))
    for name in ("Method", "Model", "Dataset", "Benchmark", "Task", "Metric"):
        assert sub(KG[name], KG.Entity)
    assert (KG.introduces, RDFS.subPropertyOf, KG.mentions) in ontology
    assert (KG.uses, RDFS.subPropertyOf, KG.mentions) in ontology


def test_a_typo_raises():
    with pytest.raises(AttributeError):
        KG.Benchmarks  # noqa: B018


def test_ontology_dir_holds_the_shapes():
    assert (ontology_dir() / "shapes.ttl").is_file()
