"""The graph as RDF: Turtle, N-Triples and JSON-LD in the kg ontology.

:func:`to_rdf` turns the NetworkX graph of :mod:`kg.graph` into an rdflib
graph whose terms come from :class:`kg.vocab.KG` (``ontology/kg.ttl``);
:func:`kg.rdf_files.write_rdf` writes it byte for byte the same way for the
same graph, so exports diff cleanly. ``ontology/shapes.ttl`` says what a valid export
holds and :mod:`kg.validate` checks it.

Data IRIs live under ``https://w3id.org/kg-papers/id/``::

    paper/<paper id>                         kg:Paper
    entity/<entity id>                       kg:Entity and one of its six subclasses
    repo/<url without scheme>                kg:CodeRepository
    link/<paper id>/<introduces|uses>/<entity id>        kg:EntityLink
    link/<paper id>/hasCode/<url without scheme>         kg:CodeLink
    evidence/<link's three segments>/<n>     kg:Evidence (n from 1)

Each id is percent-quoted (``urllib.parse.quote(id, safe="")``), so an id
holding ``/`` stays one path segment. The direct edges ``kg:introduces`` and
``kg:uses`` are stated together with their super-property ``kg:mentions``
and each entity with ``kg:Entity`` as well as its own class, so SPARQL
queries need no reasoner. A ``kg:hasCode`` edge comes with a ``kg:CodeLink``
that carries the sentence naming the repository, as a ``kg:EntityLink``
carries the sentences naming an entity.

Examples
--------
>>> from kg.graph import to_graph
>>> from kg.records import Corpus, Entity, Evidence, Link, Paper
>>> corpus = Corpus(
...     papers=[Paper(id="p1", title="T", abstract="We use GSM8K.")],
...     entities=[Entity(id="gsm8k", name="GSM8K", type="benchmark")],
...     links=[Link(paper_id="p1", entity_id="gsm8k", role="used", name="GSM8K",
...                 evidence=(Evidence("We use GSM8K.", 10, 15, "used-on"),))],
... )
>>> rdf = to_rdf(to_graph(corpus))
>>> len(rdf)
24
>>> from kg.vocab import KG
>>> rdf.value(paper_iri("p1"), KG.uses) == entity_iri("gsm8k")
True
>>> str(node_iri("repo:github.com/org/some repo"))
'https://w3id.org/kg-papers/id/repo/github.com%2Forg%2Fsome%20repo'
>>> iri_node(node_iri("paper:cs/0112017"))
'paper:cs/0112017'
"""
from __future__ import annotations

import datetime
import logging
from decimal import Decimal
from urllib.parse import quote, unquote

from kg.errors import ExportError

log = logging.getLogger(__name__)

ID_BASE = "https://w3id.org/kg-papers/id/"
_NODE_KINDS = ("paper", "entity", "repo")  # node id prefix = IRI path segment
_ENTITY_CLASSES = ("method", "model", "dataset", "benchmark", "task", "metric")
# The middle segment of a code link's IRI, named after its direct edge as
# "introduces" and "uses" are for entity links.
_CODE_SEGMENT = "hasCode"


def _iri(*parts: str):
    from rdflib import URIRef

    return URIRef(ID_BASE + "/".join(quote(str(p), safe="") for p in parts))


def paper_iri(paper_id: str):
    """The IRI of a paper from its id (the part after ``paper:`` in the node id)."""
    return _iri("paper", paper_id)


def entity_iri(entity_id: str):
    """The IRI of an entity from its id (the part after ``entity:``)."""
    return _iri("entity", entity_id)


def _repo_path(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


def repo_iri(url: str):
    """The IRI of a code repository from its URL, with or without scheme."""
    return _iri("repo", _repo_path(url))


def link_iri(paper_id: str, relation: str, entity_id: str):
    """The IRI of the :class:`~kg.vocab.KG` ``EntityLink`` of one paper-entity edge."""
    return _iri("link", paper_id, relation, entity_id)


def code_link_iri(paper_id: str, url: str):
    """The IRI of the :class:`~kg.vocab.KG` ``CodeLink`` of a paper's repository URL.

    Examples
    --------
    >>> str(code_link_iri("2301.00001", "https://github.com/org/repo"))
    'https://w3id.org/kg-papers/id/link/2301.00001/hasCode/github.com%2Forg%2Frepo'
    """
    return _iri("link", paper_id, _CODE_SEGMENT, _repo_path(url))


def evidence_iri(paper_id: str, relation: str, entity_id: str, n: int):
    """The IRI of the n-th (from 1) piece of evidence of an entity link."""
    return _iri("evidence", paper_id, relation, entity_id, str(n))


def code_evidence_iri(paper_id: str, url: str, n: int):
    """The IRI of the n-th (from 1) piece of evidence of a code link.

    Examples
    --------
    >>> str(code_evidence_iri("2301.00001", "github.com/org/repo", 1))
    'https://w3id.org/kg-papers/id/evidence/2301.00001/hasCode/github.com%2Forg%2Frepo/1'
    """
    return _iri("evidence", paper_id, _CODE_SEGMENT, _repo_path(url), str(n))


def node_iri(node: str):
    """The IRI of a graph node id (``paper:...``, ``entity:...``, ``repo:...``)."""
    kind, _, rest = node.partition(":")
    if kind not in _NODE_KINDS or not rest:
        raise ExportError(f"node {node!r} has no IRI; expected paper:ID, entity:ID or repo:URL")
    return _iri(kind, rest)


def iri_node(iri) -> str:
    """The graph node id of a paper, entity or repository IRI (inverse of :func:`node_iri`)."""
    text = str(iri)
    kind, _, rest = text[len(ID_BASE):].partition("/")
    if not text.startswith(ID_BASE) or kind not in _NODE_KINDS or not rest or "/" in rest:
        raise ExportError(f"{text!r} is not a kg paper, entity or repository IRI")
    return f"{kind}:{unquote(rest)}"


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
    from rdflib import RDF, Literal
    from rdflib.namespace import DCTERMS, PROV, SKOS

    from kg.vocab import KG, SCHEMA

    KG, SCHEMA, RDF, DCTERMS, PROV, SKOS = map(_Terms, (KG, SCHEMA, RDF, DCTERMS, PROV, SKOS))
    classes = {name: getattr(KG, name.capitalize()) for name in _ENTITY_CLASSES}
    relations = {"introduces": KG.introduces, "uses": KG.uses}
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

    for node, data in sorted(g.nodes(data=True)):
        kind = data.get("kind")
        s = node_iri(node)
        if kind == "paper":
            add((s, RDF.type, KG.Paper))
            add((s, DCTERMS.identifier, Literal(node.partition(":")[2])))
            add((s, DCTERMS.title, Literal(data.get("title", ""))))
            if data.get("abstract"):
                add((s, DCTERMS.abstract, Literal(data["abstract"])))
            if data.get("arxiv_id"):
                add((s, KG.arxivId, Literal(data["arxiv_id"])))
            if data.get("url"):
                add((s, SCHEMA.url, Literal(data["url"])))
            if data.get("date"):
                add((s, DCTERMS.date, _date(data["date"])))
            for author in data.get("authors") or ():
                add((s, DCTERMS.creator, Literal(author)))
            for source in data.get("sources") or ():
                add((s, KG.source, Literal(source)))
        elif kind == "entity":
            type_ = data.get("type")
            if type_ not in classes:
                raise ExportError(f"entity {node!r} has type {type_!r}; "
                                  f"expected one of {', '.join(_ENTITY_CLASSES)}")
            add((s, RDF.type, KG.Entity))
            add((s, RDF.type, classes[type_]))
            add((s, DCTERMS.identifier, Literal(node.partition(":")[2])))
            add((s, SKOS.prefLabel, Literal(data.get("name") or data.get("label", ""))))
            for alias in data.get("aliases") or ():
                add((s, SKOS.altLabel, Literal(alias)))
            add((s, KG.named, Literal(bool(data.get("named", True)))))
        elif kind == "repository":
            add((s, RDF.type, KG.CodeRepository))
            add((s, SCHEMA.url, Literal(data.get("url", ""))))
            add((s, KG.host, Literal(data.get("host", ""))))
        else:
            log.warning("node %r of kind %r has no RDF form; left out", node, kind)
        yield from triples  # node by node: a large graph's triples are never all held at once
        triples.clear()

    # Edges in the order of sorted(g.edges(keys=True)), one source node's at a time.
    for u, v, key, data in (edge for node in sorted(g) for edge in _sorted_out_edges(g, node)):
        relation = data.get("relation", key)
        if relation in relations:
            paper_id, entity_id = u.partition(":")[2], v.partition(":")[2]
            p, e = node_iri(u), node_iri(v)
            add((p, relations[relation], e))
            add((p, KG.mentions, e))
            link = link_iri(paper_id, relation, entity_id)
            add((link, RDF.type, KG.EntityLink))
            add((link, KG.paper, p))
            add((link, KG.entity, e))
            add((link, KG.role, Literal("introduced" if relation == "introduces" else "used")))
            add((link, KG.confidence, Literal(_decimal(data.get("confidence", 1.0)))))
            if data.get("name"):
                add((link, KG.surfaceForm, Literal(data["name"])))
            for alias in data.get("aliases") or ():
                add((link, KG.altSurfaceForm, Literal(alias)))
            add_evidence(link, p, data.get("evidence"),
                         lambda n: evidence_iri(paper_id, relation, entity_id, n))
        elif relation == "variant_of":
            add((node_iri(u), KG.variantOf, node_iri(v)))
        elif relation == "has_code":
            paper_id, url = u.partition(":")[2], v.partition(":")[2]
            p, repo = node_iri(u), node_iri(v)
            add((p, KG.hasCode, repo))
            link = code_link_iri(paper_id, url)
            add((link, RDF.type, KG.CodeLink))
            add((link, KG.paper, p))
            add((link, KG.repository, repo))
            add_evidence(link, p, data.get("evidence"),
                         lambda n: code_evidence_iri(paper_id, url, n))
        else:
            log.warning("edge %r -> %r of relation %r has no RDF form; left out", u, v, relation)
        yield from triples
        triples.clear()


def _sorted_out_edges(g, node) -> list[tuple]:
    return sorted(g.out_edges(node, keys=True, data=True), key=lambda edge: (edge[1], edge[2]))


def bind_prefixes(rdf) -> None:
    """Bind the prefixes kg exports use (the same ones, always, for stable output)."""
    for prefix, namespace in prefixes().items():
        rdf.bind(prefix, namespace, override=True, replace=True)


def prefixes() -> dict[str, str]:
    """The prefixes of kg exports, always the same ones for stable output."""
    from rdflib import XSD
    from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

    from kg.vocab import KG, SCHEMA

    return {
        "kg": str(KG._NS), "dcterms": str(DCTERMS), "skos": str(SKOS), "prov": str(PROV),
        "schema": str(SCHEMA), "xsd": str(XSD), "rdf": str(RDF),
        "paper": ID_BASE + "paper/", "entity": ID_BASE + "entity/", "repo": ID_BASE + "repo/",
    }
