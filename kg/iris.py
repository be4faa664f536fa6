"""The IRIs of an RDF export: one function per kind of node, and back from an IRI to a node id.

:mod:`kg.rdf` and :mod:`kg.rdf_description` name every node they write
through these functions, so an IRI is made in one place. Data IRIs live
under :data:`ID_BASE`::

    paper/<paper id>                         kg:Paper
    entity/<entity id>                       kg:Entity and one of its six subclasses
    repo/<url without scheme>                kg:CodeRepository
    link/<paper id>/<introduces|uses>/<entity id>        kg:EntityLink
    link/<paper id>/hasCode/<url without scheme>         kg:CodeLink
    evidence/<link's segments after link/>/<n>           kg:Evidence (n from 1)
    dataset, dataset/<class name>            the export (void:Dataset) and its class partitions
    build                                    the kg build that made it (prov:Activity)
    software/kg/<version>                    kg itself (prov:SoftwareAgent)

Each id is percent-quoted (``urllib.parse.quote(id, safe="")``), so an id
holding ``/`` stays one path segment; a repository's URL keeps its slashes,
each of its segments quoted alike, so its IRI reads like its address.

Examples
--------
>>> str(node_iri("repo:github.com/org/some repo"))
'https://w3id.org/kg-papers/id/repo/github.com/org/some%20repo'
>>> iri_node(node_iri("paper:cs/0112017"))
'paper:cs/0112017'
>>> str(paper_iri("cs/0112017"))
'https://w3id.org/kg-papers/id/paper/cs%2F0112017'
"""
from __future__ import annotations

from urllib.parse import quote, unquote

from kg.errors import ExportError

ID_BASE = "https://w3id.org/kg-papers/id/"
_NODE_KINDS = ("paper", "entity", "repo")  # node id prefix = IRI path segment
# The middle segment of a code link's IRI, named after its direct edge as
# "introduces" and "uses" are for entity links.
_CODE_SEGMENT = "hasCode"


def _iri(*parts: str, path: str = ""):
    """``ID_BASE`` and the parts, each quoted into one segment, then ``path`` segment by segment."""
    from rdflib import URIRef

    segments = [quote(str(p), safe="") for p in parts]
    if path:
        segments += [_path_segment(segment) for segment in path.split("/")]
    return URIRef(ID_BASE + "/".join(segments))


def _path_segment(segment: str) -> str:
    # "." and ".." are quoted too: IRI normalisation would drop them as dot-segments.
    return quote(segment, safe="") if segment not in (".", "..") else segment.replace(".", "%2E")


def paper_iri(paper_id: str):
    """The IRI of a paper from its id (the part after ``paper:`` in the node id)."""
    return _iri("paper", paper_id)


def entity_iri(entity_id: str):
    """The IRI of an entity from its id (the part after ``entity:``)."""
    return _iri("entity", entity_id)


def repo_path(url: str) -> str:
    """A repository URL without its scheme and trailing slash: the id of its node and IRI."""
    return url.split("://", 1)[-1].rstrip("/")


def repo_iri(url: str):
    """The IRI of a code repository from its URL, with or without scheme.

    Examples
    --------
    >>> str(repo_iri("https://github.com/org/repo/"))
    'https://w3id.org/kg-papers/id/repo/github.com/org/repo'
    """
    return _iri("repo", path=repo_path(url))


def link_iri(paper_id: str, relation: str, entity_id: str):
    """The IRI of the :class:`~kg.vocab.KG` ``EntityLink`` of one paper-entity edge."""
    return _iri("link", paper_id, relation, entity_id)


def code_link_iri(paper_id: str, url: str):
    """The IRI of the :class:`~kg.vocab.KG` ``CodeLink`` of a paper's repository URL.

    Examples
    --------
    >>> str(code_link_iri("2301.00001", "https://github.com/org/repo"))
    'https://w3id.org/kg-papers/id/link/2301.00001/hasCode/github.com/org/repo'
    """
    return _iri("link", paper_id, _CODE_SEGMENT, path=repo_path(url))


def evidence_iri(paper_id: str, relation: str, entity_id: str, n: int):
    """The IRI of the n-th (from 1) piece of evidence of an entity link."""
    return _iri("evidence", paper_id, relation, entity_id, str(n))


def code_evidence_iri(paper_id: str, url: str, n: int):
    """The IRI of the n-th (from 1) piece of evidence of a code link.

    Examples
    --------
    >>> str(code_evidence_iri("2301.00001", "github.com/org/repo", 1))
    'https://w3id.org/kg-papers/id/evidence/2301.00001/hasCode/github.com/org/repo/1'
    """
    return _iri("evidence", paper_id, _CODE_SEGMENT, path=f"{repo_path(url)}/{n}")


def dataset_iri(class_name: str = ""):
    """The IRI of the export as a ``void:Dataset``, or of its partition of one kg class."""
    return _iri("dataset", class_name) if class_name else _iri("dataset")


def scheme_iri():
    """The IRI of the export's entities as one ``skos:ConceptScheme``."""
    return _iri("scheme")


def build_iri():
    """The IRI of the build that made the export (a ``prov:Activity``)."""
    return _iri("build")


def software_iri(version: str):
    """The IRI of kg at ``version`` (a ``prov:SoftwareAgent``)."""
    return _iri("software", "kg", version)


def node_iri(node: str):
    """The IRI of a graph node id (``paper:...``, ``entity:...``, ``repo:...``)."""
    kind, _, rest = node.partition(":")
    if kind not in _NODE_KINDS or not rest:
        raise ExportError(f"node {node!r} has no IRI; expected paper:ID, entity:ID or repo:URL")
    return _iri("repo", path=rest) if kind == "repo" else _iri(kind, rest)


def iri_node(iri) -> str:
    """The graph node id of a paper, entity or repository IRI (inverse of :func:`node_iri`)."""
    text = str(iri)
    kind, _, rest = text[len(ID_BASE):].partition("/")
    if not text.startswith(ID_BASE) or kind not in _NODE_KINDS or not rest or ("/" in rest and kind != "repo"):
        raise ExportError(f"{text!r} is not a kg paper, entity or repository IRI")
    return f"{kind}:{'/'.join(unquote(segment) for segment in rest.split('/'))}"
