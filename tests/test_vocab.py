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
    # the artefacts an entity may name are pointed to, not claimed (see the closure test below)
    assert (KG.Dataset, RDFS.seeAlso, URIRef("https://schema.org/Dataset")) in ontology
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


# Disjointness axioms of the vocabularies kg aligns to, as they publish them:
# SKOS (S9, S37) and PROV-O. kg imports neither; a reasoner that loads them
# beside an export must still find it consistent.
PUBLISHED_DISJOINTNESS = """
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
skos:Concept owl:disjointWith skos:ConceptScheme .
skos:Collection owl:disjointWith skos:Concept , skos:ConceptScheme .
prov:Activity owl:disjointWith prov:Entity .
"""
_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
_SKOS_CONCEPT = URIRef("http://www.w3.org/2004/02/skos/core#Concept")


def test_owl_rl_closure_keeps_entities_concepts_and_the_export_consistent(ontology, tiny_graph):
    owlrl = pytest.importorskip("owlrl")
    from kg.iris import entity_iri
    from kg.rdf import to_rdf

    data = to_rdf(tiny_graph) + ontology
    data.parse(data=PUBLISHED_DISJOINTNESS, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(data)
    assert list(data.subjects(RDF.type, _ERROR)) == []
    # An entity is a concept, and nothing a concept is not: no dataset, model or algorithm
    # (an evaluation environment or a leaderboard, typed benchmark, is none of those).
    allowed = {_SKOS_CONCEPT, OWL.Thing, RDFS.Resource}
    for entity in data.subjects(RDF.type, KG.Entity):
        types = set(data.objects(entity, RDF.type))
        assert {t for t in types if not str(t).startswith(KG_NS)} <= allowed, (entity, types)
    gsm8k = set(data.objects(entity_iri("gsm8k"), RDF.type))
    assert KG.Benchmark in gsm8k and URIRef("https://schema.org/Dataset") not in gsm8k
