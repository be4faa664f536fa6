"""The graph as RDF: Turtle, N-Triples and JSON-LD in the kg ontology.

:func:`to_rdf` turns the NetworkX graph of :mod:`kg.graph` into an rdflib
graph whose terms come from :class:`kg.vocab.KG` (``ontology/kg.ttl``);
:func:`kg.rdf_files.write_rdf` writes it byte for byte the same way for the
same graph, so exports diff cleanly. ``ontology/shapes.ttl`` says what a valid export
holds and :mod:`kg.validate` checks it. :mod:`kg.iris` names the nodes.

The direct edges ``kg:introduces`` and ``kg:uses`` are stated together with
their super-property ``kg:mentions`` and each entity with ``kg:Entity`` as
well as its own class, so SPARQL queries need no reasoner. A ``kg:hasCode``
edge comes with a ``kg:CodeLink`` that carries the sentence naming the
repository, as a ``kg:EntityLink`` carries the sentences naming an entity.
Papers, entities and repositories carry an ``rdfs:label`` (title, canonical
name, address) for generic RDF browsers. Both kinds of link are
``prov:wasGeneratedBy`` the build, which :mod:`kg.rdf_description` describes
at the end of every export together with the dataset as a whole.

Examples
--------
>>> from kg.graph import to_graph
>>> from kg.iris import dataset_iri, entity_iri, paper_iri
>>> from kg.records import Corpus, Entity, Evidence, Link, Paper
>>> corpus = Corpus(
...     papers=[Paper(id="p1", title="T", abstract="We use GSM8K.")],
...     entities=[Entity(id="gsm8k", name="GSM8K", type="benchmark")],
...     links=[Link(paper_id="p1", entity_id="gsm8k", role="used", name="GSM8K",
...                 evidence=(Evidence("We use GSM8K.", 10, 15, "used-on"),))],
... )
>>> rdf = to_rdf(to_graph(corpus))
>>> from kg.vocab import KG
>>> rdf.value(paper_iri("p1"), KG.uses) == entity_iri("gsm8k")
True
>>> from rdflib.namespace import VOID
>>> rdf.value(dataset_iri(), VOID.triples).toPython() == len(rdf)
True
"""
from __future__ import annotations

import datetime
import logging
from decimal import Decimal

from kg.errors import ExportError
from kg.iris import (
    ID_BASE, build_iri, code_evidence_iri, code_link_iri, evidence_iri, link_iri, node_iri, scheme_iri,
)

log = logging.getLogger(__name__)

_ENTITY_CLASSES = ("method", "model", "dataset", "benchmark", "task", "metric")


def _date(text: str):
    """An ISO date as ``xsd:date``, anything else as a plain string."""
    from rdflib import XSD, Literal

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return Literal(text)
    return Literal(text, datatype=XSD.date) if len(text) == 10 else Literal(text)


def _decimal(value) -> Decimal:
    return Decimal(str(round(float(value), 3)))


def to_rdf(g):
    """The graph in the kg ontology, as an :class:`rdflib.Graph` with prefixes bound.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A graph built by :func:`kg.graph.to_graph`.

    Returns
    -------
    rdflib.Graph
    """
    from rdflib import Graph

    rdf = Graph(bind_namespaces="none")
    bind_prefixes(rdf)
    rdf.addN((s, p, o, rdf) for s, p, o in iter_triples(g))
    return rdf


class _Terms:
    """A namespace whose terms are looked up once: rdflib's namespace attribute lookup is slow."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str):
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


def iter_triples(g):
    """The triples of the graph in the kg ontology, as rdflib terms, one at a time.

    Each triple comes once, and the export's description
    (:mod:`kg.rdf_description`) comes last, once they are counted.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A graph built by :func:`kg.graph.to_graph`.

    Yields
    ------
    tuple of rdflib terms

    Raises
    ------
    ExportError
        If an entity's type is not one of the six kg types.
    """
    from kg.rdf_description import Tally, description_triples

    tally = Tally()
    for batch in _iter_batches(g, tally):
        tally.triples += len(batch)
        yield from batch
    yield from description_triples(tally)


def _unique(values) -> list:
    """The values once each, in their order: a repeated author or alias is one triple."""
    return list(dict.fromkeys(values or ()))


def _iter_batches(g, tally):
    """The triples node by node, then one source node's edges at a time; ``tally`` counts instances.

    No triple comes twice: within a batch list values are made unique, and
    batches share no triples, so the description can count triples without
    holding them (a large graph's triples are never all held at once).
    """
    from rdflib import RDF, RDFS, Literal
    from rdflib.namespace import DC, DCTERMS, PROV, SKOS

    from kg.vocab import KG, SCHEMA

    KG, SCHEMA, RDF, RDFS, DC, DCTERMS, PROV, SKOS = map(
        _Terms, (KG, SCHEMA, RDF, RDFS, DC, DCTERMS, PROV, SKOS))
    classes = {name: getattr(KG, name.capitalize()) for name in _ENTITY_CLASSES}
    relations = {"introduces": KG.introduces, "uses": KG.uses}
    build, scheme = build_iri(), scheme_iri()
    triples: list = []
    add = triples.append

    def add_evidence(link, paper, evidence, iri_of):
        """A link's evidence as ``kg:Evidence`` nodes; ``iri_of(n)`` names the n-th (from 1)."""
        for n, item in enumerate(evidence or (), 1):
            ev = iri_of(n)
            add((link, KG.evidence, ev))
            add((ev, RDF.type, KG.Evidence))
            add((ev, PROV.value, Literal(item["sentence"])))
            add((ev, KG.start, Literal(int(item["start"]))))
            add((ev, KG.end, Literal(int(item["end"]))))
            add((ev, KG.rule, Literal(item.get("rule", ""))))
            add((ev, PROV.wasDerivedFrom, paper))
            tally.count("Evidence")

    for node, data in sorted(g.nodes(data=True)):
        kind = data.get("kind")
        s = node_iri(node)
        if kind == "paper":
            title = Literal(data.get("title", ""))
            add((s, RDF.type, KG.Paper))
            add((s, DCTERMS.identifier, Literal(node.partition(":")[2])))
            add((s, DCTERMS.title, title))
            add((s, RDFS.label, title))
            if data.get("abstract"):
                add((s, DCTERMS.abstract, Literal(data["abstract"])))
            if data.get("arxiv_id"):
                add((s, KG.arxivId, Literal(data["arxiv_id"])))
            if data.get("url"):
                add((s, SCHEMA.url, Literal(data["url"])))
            if data.get("date"):
                add((s, DCTERMS.date, _date(data["date"])))
            for author in _unique(data.get("authors")):
                add((s, DC.creator, Literal(author)))
            for source in _unique(data.get("sources")):
                add((s, KG.source, Literal(source)))
                tally.add_source(source)
            tally.count("Paper")
        elif kind == "entity":
            type_ = data.get("type")
            if type_ not in classes:
                raise ExportError(f"entity {node!r} has type {type_!r}; "
                                  f"expected one of {', '.join(_ENTITY_CLASSES)}")
            name = Literal(data.get("name") or data.get("label", ""))
            add((s, RDF.type, KG.Entity))
            add((s, RDF.type, classes[type_]))
            add((s, RDF.type, SKOS.Concept))  # stated, so SKOS tools find it without reasoning
            add((s, SKOS.inScheme, scheme))
            add((s, DCTERMS.identifier, Literal(node.partition(":")[2])))
            add((s, SKOS.prefLabel, name))
            add((s, RDFS.label, name))
            for alias in _unique(data.get("aliases")):
                add((s, SKOS.altLabel, Literal(alias)))
            add((s, KG.named, Literal(bool(data.get("named", True)))))
            tally.count("Entity")
        elif kind == "repository":
            add((s, RDF.type, KG.CodeRepository))
            add((s, RDFS.label, Literal(node.partition(":")[2])))
            add((s, SCHEMA.url, Literal(data.get("url", ""))))
            add((s, KG.host, Literal(data.get("host", ""))))
            tally.count("CodeRepository")
        else:
            log.warning("node %r of kind %r has no RDF form; left out", node, kind)
        yield triples
        triples = []
        add = triples.append

    # Edges in the order of sorted(g.edges(keys=True)), one source node's at a time.
    for node in sorted(g):
        mentioned = set()  # kg:mentions once per entity, were a paper both to introduce and use it
        for u, v, key, data in _sorted_out_edges(g, node):
            relation = data.get("relation", key)
            if relation in relations:
                paper_id, entity_id = u.partition(":")[2], v.partition(":")[2]
                p, e = node_iri(u), node_iri(v)
                add((p, relations[relation], e))
                if e not in mentioned:
                    mentioned.add(e)
                    add((p, KG.mentions, e))
                link = link_iri(paper_id, relation, entity_id)
                add((link, RDF.type, KG.EntityLink))
                add((link, KG.paper, p))
                add((link, KG.entity, e))
                add((link, KG.role, Literal("introduced" if relation == "introduces" else "used")))
                add((link, KG.confidence, Literal(_decimal(data.get("confidence", 1.0)))))
                if data.get("name"):
                    add((link, KG.surfaceForm, Literal(data["name"])))
                for alias in _unique(data.get("aliases")):
                    add((link, KG.altSurfaceForm, Literal(alias)))
                add((link, PROV.wasGeneratedBy, build))
                add_evidence(link, p, data.get("evidence"),
                             lambda n: evidence_iri(paper_id, relation, entity_id, n))
                tally.count("EntityLink")
            elif relation == "variant_of":
                add((node_iri(u), KG.variantOf, node_iri(v)))
                add((node_iri(u), SKOS.broader, node_iri(v)))  # what kg:variantOf entails, stated
            elif relation == "broader":
                add((node_iri(u), SKOS.broader, node_iri(v)))
            elif relation == "has_code":
                paper_id, url = u.partition(":")[2], v.partition(":")[2]
                p, repo = node_iri(u), node_iri(v)
                add((p, KG.hasCode, repo))
                link = code_link_iri(paper_id, url)
                add((link, RDF.type, KG.CodeLink))
                add((link, KG.paper, p))
                add((link, KG.repository, repo))
                add((link, PROV.wasGeneratedBy, build))
                add_evidence(link, p, data.get("evidence"),
                             lambda n: code_evidence_iri(paper_id, url, n))
                tally.count("CodeLink")
            else:
                log.warning("edge %r -> %r of relation %r has no RDF form; left out", u, v, relation)
        if triples:
            yield triples
            triples = []
            add = triples.append


def _sorted_out_edges(g, node) -> list[tuple]:
    return sorted(g.out_edges(node, keys=True, data=True), key=lambda edge: (edge[1], edge[2]))


def bind_prefixes(rdf) -> None:
    """Bind the prefixes kg exports use (the same ones, always, for stable output)."""
    for prefix, namespace in prefixes().items():
        rdf.bind(prefix, namespace, override=True, replace=True)


def prefixes() -> dict[str, str]:
    """The prefixes of kg exports, always the same ones for stable output."""
    from rdflib import XSD
    from rdflib.namespace import DC, DCAT, DCTERMS, PROV, RDF, RDFS, SKOS, VOID

    from kg.vocab import KG, SCHEMA

    # No prefix for repo/: its IRIs hold slashes, which Turtle would write as "\/".
    return {
        "kg": str(KG._NS), "dcterms": str(DCTERMS), "dc": str(DC), "skos": str(SKOS),
        "prov": str(PROV), "schema": str(SCHEMA), "void": str(VOID), "dcat": str(DCAT),
        "xsd": str(XSD), "rdf": str(RDF), "rdfs": str(RDFS),
        "paper": ID_BASE + "paper/", "entity": ID_BASE + "entity/",
    }
