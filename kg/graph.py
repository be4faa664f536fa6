"""The knowledge graph as a NetworkX ``MultiDiGraph``, and its node-link JSON.

This module is the one place that documents the graph's shape; every
exporter, query and view reads the graph through these attributes.

Nodes
-----
Node ids are strings with a kind prefix:

``paper:<paper id>``
    ``kind="paper"``, ``label`` (the title), ``title``, ``abstract``,
    ``arxiv_id``, ``url``, ``date``, ``authors`` (list), ``sources`` (list of
    ``"path:line"``).
``entity:<entity id>``
    ``kind="entity"``, ``type`` (method, model, dataset, benchmark, task,
    metric), ``label`` and ``name`` (canonical name), ``aliases`` (list),
    ``named`` (bool: a proper name rather than a general term).
``repo:<url without scheme>``
    ``kind="repository"``, ``label``, ``url``, ``host`` (github.com,
    gitlab.com, huggingface.co).

Edges
-----
Edges are keyed by their relation, which is also stored as ``relation``:

``introduces`` / ``uses`` (paper -> entity)
    ``name`` and ``aliases`` (the forms this paper uses), ``confidence``
    (0..1), ``evidence`` (list of ``{"sentence", "start", "end", "rule"}``
    dicts; offsets index the paper's title + blank line + abstract).
``variant_of`` (entity -> entity)
    a sized model variant to its family (LLaMA-7B -> LLaMA), an edition of a
    dataset or benchmark to its series (CoNLL-2003 -> CoNLL).
``broader`` (entity -> entity)
    a narrower general term to its broader one, of the same type group
    (medical question answering -> question answering; see :mod:`kg.broader`).
``has_code`` (paper -> repository)
    ``evidence`` as above.

Examples
--------
>>> from kg.records import Corpus, Entity, Link, Paper
>>> corpus = Corpus(
...     papers=[Paper(id="p1", title="T", abstract="We use GSM8K.")],
...     entities=[Entity(id="gsm8k", name="GSM8K", type="benchmark")],
...     links=[Link(paper_id="p1", entity_id="gsm8k", role="used", name="GSM8K")],
... )
>>> g = to_graph(corpus)
>>> sorted(g.nodes)
['entity:gsm8k', 'paper:p1']
>>> list(g.edges(keys=True))
[('paper:p1', 'entity:gsm8k', 'uses')]
>>> from_node_link(to_node_link(g)).nodes["entity:gsm8k"]["type"]
'benchmark'
"""
from __future__ import annotations

import gc
import json
from contextlib import contextmanager
from pathlib import Path

import networkx as nx

from kg.errors import InputError
from kg.records import Corpus, Evidence

RELATION_OF_ROLE = {"introduced": "introduces", "used": "uses"}
ROLE_OF_RELATION = {v: k for k, v in RELATION_OF_ROLE.items()}
FORMAT_VERSION = 1


def paper_node(paper_id: str) -> str:
    return f"paper:{paper_id}"


def entity_node(entity_id: str) -> str:
    return f"entity:{entity_id}"


def repo_node(url: str) -> str:
    return "repo:" + url.split("://", 1)[-1].rstrip("/")


def _evidence(items: tuple[Evidence, ...] | list[Evidence]) -> list[dict]:
    return [{"sentence": e.sentence, "start": e.start, "end": e.end, "rule": e.rule} for e in items]


def to_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """Build the graph from resolved records, nodes and edges in sorted order.

    Sorting makes the same corpus give the same graph, and so byte-identical
    exports.
    """
    g = nx.MultiDiGraph()
    names: dict[str, str] = {}

    def node(name: str) -> str:
        # One string per node id: NetworkX keys each edge's ends by the strings it is given.
        return names.setdefault(name, name)

    for paper in sorted(corpus.papers, key=lambda p: p.id):
        g.add_node(
            node(paper_node(paper.id)),
            kind="paper",
            label=paper.title,
            title=paper.title,
            abstract=paper.abstract,
            arxiv_id=paper.arxiv_id,
            url=paper.url,
            date=paper.date,
            authors=list(paper.authors),
            sources=sorted(paper.sources),
        )
    for entity in sorted(corpus.entities, key=lambda e: e.id):
        g.add_node(
            node(entity_node(entity.id)),
            kind="entity",
            type=entity.type,
            label=entity.name,
            name=entity.name,
            aliases=sorted(entity.aliases),
            named=entity.named,
        )
    for repo_url in sorted({c.url for c in corpus.code_links}):
        host = repo_url.split("://", 1)[-1].split("/", 1)[0]
        g.add_node(node(repo_node(repo_url)), kind="repository", label=repo_url, url=repo_url, host=host)

    for link in sorted(corpus.links, key=lambda l: (l.paper_id, l.entity_id, l.role)):
        relation = RELATION_OF_ROLE[link.role]
        g.add_edge(
            node(paper_node(link.paper_id)),
            node(entity_node(link.entity_id)),
            key=relation,
            relation=relation,
            name=link.name,
            aliases=sorted(link.aliases),
            confidence=round(link.confidence, 3),
            evidence=_evidence(link.evidence),
        )
    for entity in sorted(corpus.entities, key=lambda e: e.id):
        if entity.family_id and entity.family_id != entity.id:
            g.add_edge(
                node(entity_node(entity.id)),
                node(entity_node(entity.family_id)),
                key="variant_of",
                relation="variant_of",
            )
        if entity.broader_id:
            g.add_edge(
                node(entity_node(entity.id)),
                node(entity_node(entity.broader_id)),
                key="broader",
                relation="broader",
            )
    for code in sorted(corpus.code_links, key=lambda c: (c.paper_id, c.url)):
        g.add_edge(
            node(paper_node(code.paper_id)),
            node(repo_node(code.url)),
            key="has_code",
            relation="has_code",
            evidence=_evidence([code.evidence] if code.evidence else []),
        )
    return g


def to_node_link(g: nx.MultiDiGraph) -> dict:
    """The graph as a node-link dict (lossless; read back by :func:`from_node_link`)."""
    data = nx.node_link_data(g, edges="links")
    data["graph"] = {"format": "kg-node-link", "version": FORMAT_VERSION}
    return data


def from_node_link(data: dict) -> nx.MultiDiGraph:
    """Rebuild the graph that :func:`to_node_link` wrote."""
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")


def write_node_link(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph.json``: node-link JSON, sorted and indented for diffs."""
    path = Path(path)
    with open(path, "w", encoding="utf-8") as handle:  # written as it is encoded, never whole in memory
        json.dump(to_node_link(g), handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")
    return path


@contextmanager
def collection_paused():
    """Pause Python's cycle collector while many long-lived objects are made.

    Reading a graph makes millions of dicts and none of them is garbage; the
    collector would walk them all again and again (on 20,000 papers: loading
    took 3.3 s with it, 2.1 s without). It runs again afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_node_link(path: str | Path) -> nx.MultiDiGraph:
    """Read a ``graph.json`` written by :func:`write_node_link` (or a folder holding one)."""
    path = Path(path)
    if path.is_dir():
        path = path / "graph.json"
    with collection_paused():
        return _read_node_link(path)


def _read_node_link(path: Path) -> nx.MultiDiGraph:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such graph file; run `kg build` first or pass -g DIR") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or "nodes" not in data or "links" not in data:
        raise InputError(f"{path}: not a kg node-link graph (expected 'nodes' and 'links')")
    return from_node_link(data)


def papers(g: nx.MultiDiGraph) -> list[str]:
    """Paper node ids, sorted."""
    return sorted(n for n, d in g.nodes(data=True) if d.get("kind") == "paper")


def entities(g: nx.MultiDiGraph, type: str | None = None) -> list[str]:
    """Entity node ids (of one type if given), sorted."""
    return sorted(
        n
        for n, d in g.nodes(data=True)
        if d.get("kind") == "entity" and (type is None or d.get("type") == type)
    )


def shown_evidence(link: dict, title: str) -> str:
    """The sentence to show for a link (its edge data): the first of its evidence from the
    abstract, or the paper's ``title`` where only the title names the entity ("we introduce
    LIBERO, a novel benchmark ..." tells more than "LIBERO: Benchmarking ...").

    >>> link = {"evidence": [{"sentence": "FooBench: Zorbs"}, {"sentence": "We introduce FooBench."}]}
    >>> shown_evidence(link, "FooBench: Zorbs"), shown_evidence(link, "Another title")
    ('We introduce FooBench.', 'FooBench: Zorbs')
    """
    sentences = [e.get("sentence", "") for e in link.get("evidence") or ()]
    return next((s for s in sentences if s and s != title), sentences[0] if sentences else "")
