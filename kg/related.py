"""What goes with what: rankings, co-usage, similar papers and clusters.

Where :mod:`kg.query` answers "what is linked to this", these functions count
over the whole graph: the entities linked to most papers, the entities used
together with one, the papers sharing rare entities with one, and groups of
entities used together. :mod:`kg.query` re-exports them; the examples use its
:func:`~kg.query.example_graph`.

Examples
--------
>>> from kg.query import example_graph
>>> [e.name for e in top_entities(example_graph(), "benchmark", n=2)]
['GSM8K', 'HotpotQA']
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from kg.errors import QueryError
from kg.graph import ROLE_OF_RELATION
from kg.lookup import find, label
from kg.records import ENTITY_TYPES

RANKINGS = ("papers", "pagerank")


@dataclass(frozen=True)
class RankedEntity:
    """An entity with the number of papers linked to it and its ranking score."""

    id: str
    name: str
    type: str
    papers: int
    score: float


@dataclass(frozen=True)
class CoUsed:
    """An entity sharing ``papers`` papers with another, ``share`` of that one's papers."""

    id: str
    name: str
    type: str
    papers: int
    share: float


@dataclass(frozen=True)
class SimilarPaper:
    """A paper sharing entities with another; ``shared`` rarest first."""

    id: str
    title: str
    score: float
    shared: tuple[str, ...]


@dataclass(frozen=True)
class Cluster:
    """Entities often used together; ``members`` most linked first."""

    label: str
    size: int
    papers: int
    members: tuple[str, ...]
    ids: tuple[str, ...]


def role_links(g: nx.MultiDiGraph, paper: str):
    """(entity, role, edge data) for each paper -> entity link."""
    for _, entity, relation, data in g.out_edges(paper, keys=True, data=True):
        if relation in ROLE_OF_RELATION:
            yield entity, ROLE_OF_RELATION[relation], data


def check_choice(value: str | None, valid: tuple[str, ...], what: str) -> None:
    if value is not None and value not in valid:
        raise QueryError(f"unknown {what} {value!r}; expected one of {', '.join(valid)}")


def paper_sets(g: nx.MultiDiGraph, type: str | None = None) -> dict[str, set[str]]:
    """Entity node -> the papers linked to it (entities of one type if given)."""
    papers: dict[str, set[str]] = defaultdict(set)
    for paper, entity, relation in g.edges(keys=True):
        if relation in ROLE_OF_RELATION and (type is None or g.nodes[entity].get("type") == type):
            papers[entity].add(paper)
    return papers


def top_entities(g: nx.MultiDiGraph, type: str | None = None, *, by: str = "papers",
                 n: int = 10) -> list[RankedEntity]:
    """The most linked entities, by number of papers or by PageRank.

    PageRank runs over the undirected paper-entity graph (with the
    ``variant_of`` edges), so an entity ranks high when it is linked to
    papers that link many other well-linked entities.

    Examples
    --------
    >>> from kg.query import example_graph
    >>> g = example_graph()
    >>> [(e.name, e.papers) for e in top_entities(g, n=3)]
    [('GSM8K', 3), ('Chain-of-Thought', 2), ('LLaMA-7B', 2)]
    >>> top_entities(g, "benchmark", by="pagerank", n=1)[0].name
    'GSM8K'
    """
    check_choice(type, ENTITY_TYPES, "entity type")
    check_choice(by, RANKINGS, "ranking")
    papers = paper_sets(g)
    scores = None
    if by == "pagerank":
        linked = nx.Graph()
        linked.add_nodes_from(sorted(g.nodes))
        linked.add_edges_from(sorted((u, v) for u, v, r in g.edges(keys=True) if r != "has_code"))
        scores = nx.pagerank(linked) if linked.number_of_edges() else {}
    return rank(g, type, papers, scores, n=n)


def rank(g: nx.MultiDiGraph, type: str | None, papers: dict[str, set[str]],
         scores: dict[str, float] | None = None, *, n: int = 10) -> list[RankedEntity]:
    """The ``n`` entities (of a type) with the highest scores, else most papers.

    ``papers`` maps entity nodes to their papers (see :func:`paper_sets`);
    computing it once lets :func:`kg.query.stats` rank every type cheaply.
    """
    candidates = [e for e, d in g.nodes(data=True)
                  if d.get("kind") == "entity" and type in (None, d.get("type"))]
    if scores is None:
        scores = {e: float(len(papers.get(e, ()))) for e in candidates}
    ranked = [RankedEntity(id=e, name=label(g, e), type=g.nodes[e].get("type", ""),
                           papers=len(papers.get(e, ())), score=round(scores.get(e, 0.0), 6))
              for e in candidates]
    return sorted(ranked, key=lambda r: (-r.score, -r.papers, r.name.lower(), r.id))[:_count(n)]


def co_used(g: nx.MultiDiGraph, entity: str, *, type: str | None = None,
            n: int = 10) -> list[CoUsed]:
    """Entities linked to the same papers as one, most shared papers first.

    Examples
    --------
    >>> from kg.query import example_graph
    >>> g = example_graph()
    >>> [(e.name, e.papers) for e in co_used(g, "CoT")]
    [('GSM8K', 2), ('accuracy', 1), ('LLaMA-7B', 1), ('MathBench', 1)]
    >>> [e.name for e in co_used(g, "CoT", type="benchmark")]
    ['GSM8K', 'MathBench']
    """
    check_choice(type, ENTITY_TYPES, "entity type")
    target = find(g, entity, kind="entity")
    own = {p for p, _, r in g.in_edges(target, keys=True) if r in ROLE_OF_RELATION}
    shared: Counter[str] = Counter()
    for paper in own:
        shared.update({e for e, _, _ in role_links(g, paper)} - {target})
    hits = [CoUsed(id=e, name=label(g, e), type=g.nodes[e].get("type", ""), papers=count,
                   share=round(count / len(own), 6))
            for e, count in shared.items() if type in (None, g.nodes[e].get("type"))]
    return sorted(hits, key=lambda h: (-h.papers, h.name.lower(), h.id))[:_count(n)]


def similar_papers(g: nx.MultiDiGraph, paper: str, *, n: int = 10) -> list[SimilarPaper]:
    """Papers sharing entities with one, rare shared entities weighing more.

    The score is the sum, over shared entities, of ``log(1 + N / df)``
    where N is the number of papers and df the number linked to the entity:
    sharing a niche benchmark says more than sharing "accuracy".

    Examples
    --------
    >>> from kg.query import example_graph
    >>> g = example_graph()
    >>> [(s.title, s.shared) for s in similar_papers(g, "2301.00001")]
    [('A hostile title', ('LLaMA-7B', 'GSM8K')), ('Chain-of-Thought for Math', ('GSM8K',))]
    """
    node = find(g, paper, kind="paper")
    papers = paper_sets(g)
    total = sum(1 for _, d in g.nodes(data=True) if d.get("kind") == "paper")
    weight = {e: math.log(1 + total / len(ps)) for e, ps in papers.items()}
    shared: dict[str, set[str]] = defaultdict(set)
    for entity, _, _ in role_links(g, node):
        for other in papers[entity] - {node}:
            shared[other].add(entity)
    hits = []
    for other, entities in shared.items():
        order = sorted(entities, key=lambda e: (-weight[e], label(g, e).lower(), e))
        hits.append(SimilarPaper(id=other, title=label(g, other),
                                 score=round(sum(weight[e] for e in entities), 6),
                                 shared=tuple(label(g, e) for e in order)))
    return sorted(hits, key=lambda s: (-s.score, s.title, s.id))[:_count(n)]


def _count(n: int) -> int:
    """``n``, the number of results asked for, once checked: a negative slice would drop the last."""
    if not isinstance(n, int) or n < 1:
        raise QueryError(f"n: expected a whole number of at least 1, not {n!r}")
    return n


def clusters(g: nx.MultiDiGraph, *, type: str | None = None, min_size: int = 3,
             min_papers: int = 2, resolution: float = 1.0) -> list[Cluster]:
    """Groups of entities used together, by Louvain communities of co-usage.

    Two entities are joined with a weight of the number of papers linked to
    both. Only entities linked to at least ``min_papers`` papers take part:
    a name seen once would join whichever group its one paper leans to.
    ``type`` keeps only entities of one type. The seed is fixed, so the same
    graph gives the same clusters. Largest first.

    Examples
    --------
    >>> from kg.query import example_graph
    >>> g = example_graph()
    >>> [(c.label, c.members) for c in clusters(g)]
    [('GSM8K', ('GSM8K', 'Chain-of-Thought', 'LLaMA-7B'))]
    >>> [(c.label, c.size) for c in clusters(g, min_size=2, min_papers=1)]
    [('GSM8K', 4), ('LLaMA-7B', 3)]
    """
    check_choice(type, ENTITY_TYPES, "entity type")
    papers = {e: ps for e, ps in paper_sets(g, type).items() if len(ps) >= min_papers}
    co_usage = nx.Graph()
    co_usage.add_nodes_from(sorted(papers))
    weights: Counter[tuple[str, str]] = Counter()
    for paper in sorted({p for ps in papers.values() for p in ps}):
        linked = sorted({e for e, _, _ in role_links(g, paper)} & papers.keys())
        weights.update((u, v) for i, u in enumerate(linked) for v in linked[i + 1:])
    co_usage.add_weighted_edges_from((u, v, w) for (u, v), w in sorted(weights.items()))
    found = []
    for community in nx.community.louvain_communities(co_usage, resolution=resolution, seed=0):
        if len(community) < min_size:
            continue
        members = sorted(community, key=lambda e: (-len(papers[e]), label(g, e).lower(), e))
        found.append(Cluster(label=label(g, members[0]), size=len(members),
                             papers=len(set().union(*(papers[e] for e in members))),
                             members=tuple(label(g, e) for e in members), ids=tuple(members)))
    return sorted(found, key=lambda c: (-c.size, -c.papers, c.label.lower()))
