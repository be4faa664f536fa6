"""Questions to the graph: which papers use a benchmark, what goes with what.

Each function takes the graph (:func:`load` reads ``graph.json``; see
:mod:`kg.graph` for its shape) and names as a person types them (resolved by
:func:`kg.lookup.find`), and returns plain data: lists of small frozen
dataclasses of str, int and float in a stable order, ties broken by name.
The counting questions (rankings, co-usage, similar papers, clusters) live
in :mod:`kg.related` and are re-exported here. ``kg query ...`` prints the
answers as tables or, with ``--json``, as JSON.

Examples
--------
>>> g = example_graph()
>>> [p.title for p in papers_of(g, "gsm8k")]
['A hostile title', 'Chain-of-Thought for Math', 'Learning through Communication']
>>> [(c.name, c.papers) for c in co_used(g, "GSM8K", n=2)]
[('Chain-of-Thought', 2), ('LLaMA-7B', 2)]
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.errors import QueryError
from kg.graph import ROLE_OF_RELATION, shown_evidence, to_graph
from kg.lookup import find, label
from kg.records import ENTITY_TYPES, ROLES
from kg.related import (RANKINGS, Cluster, CoUsed, RankedEntity, SimilarPaper, check_choice,
                        clusters, co_used, paper_sets, rank, role_links, similar_papers,
                        top_entities)

__all__ = ["load", "find", "label", "papers_of", "entities_of", "top_entities", "co_used",
           "similar_papers", "path", "clusters", "neighbours", "stats", "example_graph",
           "PaperHit", "EntityHit", "RankedEntity", "CoUsed", "SimilarPaper", "Step", "Cluster",
           "Neighbour", "RANKINGS"]


@dataclass(frozen=True)
class PaperHit:
    """A paper linked to an entity: ``id`` is the node id, ``evidence`` one sentence."""

    id: str
    title: str
    role: str
    entity: str
    date: str = ""
    confidence: float = 1.0
    evidence: str = ""


@dataclass(frozen=True)
class EntityHit:
    """An entity linked to a paper, with the paper's role for it."""

    id: str
    name: str
    type: str
    role: str
    named: bool = True
    confidence: float = 1.0
    evidence: str = ""


@dataclass(frozen=True)
class Step:
    """One node on a path; ``relation`` is the edge from the step before.

    ``forward`` says whether that edge points from the previous step to this
    one (a paper ``uses`` an entity) or back.
    """

    id: str
    kind: str
    label: str
    type: str = ""
    relation: str = ""
    forward: bool = True


@dataclass(frozen=True)
class Neighbour:
    """A node next to another, through ``relation``; ``direction`` is "out" or "in"."""

    id: str
    kind: str
    label: str
    type: str
    relation: str
    direction: str


def load(path: str | Path = "exports/graph.json") -> nx.MultiDiGraph:
    """Read the graph that ``kg build`` wrote (a ``graph.json`` or its folder).

    A large graph is kept in the cache folder after the first read, and
    read from there while ``graph.json`` is unchanged (:mod:`kg.graph_cache`).

    Raises :class:`~kg.errors.InputError` when the file is missing or not a
    kg node-link graph.

    Examples
    --------
    >>> import tempfile
    >>> from kg.graph import write_node_link
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = write_node_link(example_graph(), Path(folder) / "graph.json")
    ...     load(folder).number_of_nodes()
    12
    """
    from kg.graph_cache import read_graph

    return read_graph(path)


def _kind(g: nx.MultiDiGraph, node: str) -> str:
    return g.nodes[node].get("kind", "")


def papers_of(g: nx.MultiDiGraph, entity: str, *, role: str | None = None,
              variants: bool = False, narrower: bool = False) -> list[PaperHit]:
    """The papers that introduce or use an entity, introducers first, then by title.

    With ``variants=True`` the papers of its sized variants count too
    (LLaMA-7B for LLaMA); with ``narrower=True`` those of its narrower terms,
    at any depth (multi-hop question answering for question answering; see
    :mod:`kg.broader`). ``entity`` on each hit says which one it links.

    Examples
    --------
    >>> g = example_graph()
    >>> [(p.title, p.role) for p in papers_of(g, "mathbench")]
    [('A hostile title', 'introduced')]
    >>> len(papers_of(g, "llama")), len(papers_of(g, "llama", variants=True))
    (0, 2)
    """
    check_choice(role, ROLES, "role")
    target = find(g, entity, kind="entity")
    targets = [target]
    if variants:
        targets += sorted(v for v, _, r in g.in_edges(target, keys=True) if r == "variant_of")
    if narrower:
        targets += sorted(_narrower(g, target))
    hits = []
    for node in targets:
        for paper, _, relation, data in g.in_edges(node, keys=True, data=True):
            if relation not in ROLE_OF_RELATION or role not in (None, ROLE_OF_RELATION[relation]):
                continue
            attrs, title = g.nodes[paper], label(g, paper)
            hits.append(PaperHit(id=paper, title=title, role=ROLE_OF_RELATION[relation],
                                 entity=label(g, node), date=attrs.get("date", ""),
                                 confidence=data.get("confidence", 1.0),
                                 evidence=shown_evidence(data, title)))
    return sorted(hits, key=lambda h: (ROLES.index(h.role), h.title, h.id, h.entity))


def _narrower(g: nx.MultiDiGraph, node: str) -> set[str]:
    """The terms under ``node`` through ``broader`` edges, at any depth."""
    found: set[str] = set()
    todo = [node]
    while todo:
        for term, _, relation in g.in_edges(todo.pop(), keys=True):
            if relation == "broader" and term not in found and term != node:
                found.add(term)
                todo.append(term)
    return found


def entities_of(g: nx.MultiDiGraph, paper: str, *, type: str | None = None,
                role: str | None = None) -> list[EntityHit]:
    """What a paper introduces and uses: introduced first, then by type and name.

    Examples
    --------
    >>> g = example_graph()
    >>> [(e.name, e.role) for e in entities_of(g, "2301.00001", type="benchmark")]
    [('GSM8K', 'used'), ('HotpotQA', 'used')]
    >>> [e.name for e in entities_of(g, "Learning through Communication", role="introduced")]
    ['LTC']
    """
    check_choice(type, ENTITY_TYPES, "entity type")
    check_choice(role, ROLES, "role")
    node = find(g, paper, kind="paper")
    title = label(g, node)
    hits = []
    for entity, entity_role, data in role_links(g, node):
        attrs = g.nodes[entity]
        if type in (None, attrs.get("type")) and role in (None, entity_role):
            hits.append(EntityHit(id=entity, name=label(g, entity), type=attrs.get("type", ""),
                                  role=entity_role, named=attrs.get("named", True),
                                  confidence=data.get("confidence", 1.0),
                                  evidence=shown_evidence(data, title)))
    type_rank = {t: i for i, t in enumerate(ENTITY_TYPES)}
    return sorted(hits, key=lambda h: (ROLES.index(h.role), type_rank.get(h.type, 99),
                                       h.name.lower(), h.id))


def _adjacent(g: nx.MultiDiGraph, node: str) -> set[str]:
    return set(g.succ[node]) | set(g.pred[node])


def path(g: nx.MultiDiGraph, a: str, b: str) -> list[Step]:
    """A shortest path between two nodes, edges taken in either direction.

    Of the shortest paths, the one through named entities rather than general
    terms, then first by name, is taken, so the answer does not depend on the
    order the graph was built in. The
    papers on the path are the steps of kind "paper".

    Raises :class:`~kg.errors.QueryError` when the two are not connected.

    Examples
    --------
    >>> g = example_graph()
    >>> [(s.kind, s.label) for s in path(g, "HotpotQA", "MathBench")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('entity', 'HotpotQA'), ('paper', 'Learning through Communication'),
     ('entity', 'GSM8K'), ('paper', 'A hostile title'), ('entity', 'MathBench')]
    """
    start, goal = find(g, a), find(g, b)
    distance = {goal: 0}
    frontier = [goal]
    while frontier and start not in distance:
        following = []
        for node in frontier:
            for other in _adjacent(g, node):
                if other not in distance:
                    distance[other] = distance[node] + 1
                    following.append(other)
        frontier = following
    if start not in distance:
        raise QueryError(f"no path between {label(g, start)!r} and {label(g, goal)!r}: "
                         "they are in different parts of the graph")
    steps = [Step(id=start, kind=_kind(g, start), label=label(g, start),
                  type=g.nodes[start].get("type", ""))]
    node = start
    while node != goal:
        closer = [o for o in _adjacent(g, node) if distance.get(o) == distance[node] - 1]
        # general terms ("accuracy") join much but say little: prefer names
        after = min(closer, key=lambda o: (not g.nodes[o].get("named", True),
                                           label(g, o).lower(), o))
        forward = g.has_edge(node, after)
        keys = g[node][after] if forward else g[after][node]
        steps.append(Step(id=after, kind=_kind(g, after), label=label(g, after),
                          type=g.nodes[after].get("type", ""), relation=min(keys),
                          forward=forward))
        node = after
    return steps


def neighbours(g: nx.MultiDiGraph, node: str) -> list[Neighbour]:
    """The nodes next to one: entities, papers, repositories; within each,
    outgoing edges first, then by relation and name.

    Examples
    --------
    >>> g = example_graph()
    >>> [(n.label, n.relation, n.direction) for n in neighbours(g, "LLaMA-7B")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('LLaMA', 'variant_of', 'out'), ('A hostile title', 'uses', 'in'),
     ('Learning through Communication', 'uses', 'in')]
    """
    target = find(g, node)
    found = []
    for direction, edges in (("out", g.out_edges(target, keys=True)),
                             ("in", g.in_edges(target, keys=True))):
        for u, v, relation in edges:
            other = v if direction == "out" else u
            found.append(Neighbour(id=other, kind=_kind(g, other), label=label(g, other),
                                   type=g.nodes[other].get("type", ""), relation=relation,
                                   direction=direction))
    kinds = {"entity": 0, "paper": 1, "repository": 2}
    return sorted(found, key=lambda n: (kinds.get(n.kind, 3), n.direction != "out", n.relation,
                                        n.label.lower(), n.id))


def stats(g: nx.MultiDiGraph, *, n: int = 5) -> dict:
    """Counts of nodes by kind and entity type, edges by relation, and the
    ``n`` entities of each type linked to most papers.

    Examples
    --------
    >>> s = stats(example_graph(), n=1)
    >>> s["nodes"], s["edges"]["uses"]
    ({'entity': 8, 'paper': 3, 'repository': 1}, 9)
    >>> s["top"]["benchmark"]
    [{'name': 'GSM8K', 'papers': 3}]
    """
    nodes = Counter(d.get("kind", "") for _, d in g.nodes(data=True))
    types = Counter(d.get("type", "") for _, d in g.nodes(data=True) if d.get("kind") == "entity")
    edges = Counter(relation for _, _, relation in g.edges(keys=True))
    present = [t for t in ENTITY_TYPES if types[t]] + sorted(set(types) - set(ENTITY_TYPES))
    papers = paper_sets(g)
    return {
        "nodes": dict(sorted(nodes.items())),
        "entity_types": {t: types[t] for t in present},
        "edges": dict(sorted(edges.items())),
        "named_entities": sum(1 for _, d in g.nodes(data=True)
                              if d.get("kind") == "entity" and d.get("named", True)),
        "top": {t: [{"name": e.name, "papers": e.papers} for e in rank(g, t, papers, n=n)]
                for t in present if t in ENTITY_TYPES},
    }


def example_graph() -> nx.MultiDiGraph:
    """Three papers and eight entities, for the examples in these docs.

    >>> sorted(n for n in example_graph() if n.startswith("paper:"))
    ['paper:2301.00001', 'paper:2301.00002', 'paper:t-0000000000aa']
    """
    from kg.records import CodeLink, Corpus, Entity, Link, Paper

    papers = [
        Paper(id="2301.00001", title="Learning through Communication",
              abstract="We propose LTC, evaluated on GSM8K and HotpotQA with LLaMA-7B."),
        Paper(id="2301.00002", title="Chain-of-Thought for Math",
              abstract="We study Chain-of-Thought (CoT) prompting on GSM8K, by accuracy."),
        Paper(id="t-0000000000aa", title="A hostile title",
              abstract="We introduce MathBench and test LLaMA-7B on GSM8K with CoT."),
    ]
    entities = [
        Entity(id="ltc", name="LTC", type="method"),
        Entity(id="gsm8k", name="GSM8K", type="benchmark"),
        Entity(id="hotpotqa", name="HotpotQA", type="benchmark"),
        Entity(id="llama", name="LLaMA", type="model"),
        Entity(id="llama-7b", name="LLaMA-7B", type="model", family_id="llama"),
        Entity(id="chain-of-thought", name="Chain-of-Thought", type="method", aliases=("CoT",)),
        Entity(id="accuracy", name="accuracy", type="metric", named=False),
        Entity(id="mathbench", name="MathBench", type="benchmark"),
    ]
    roles = {"2301.00001": {"ltc": "introduced", "gsm8k": "used", "hotpotqa": "used",
                            "llama-7b": "used"},
             "2301.00002": {"chain-of-thought": "used", "gsm8k": "used", "accuracy": "used"},
             "t-0000000000aa": {"mathbench": "introduced", "llama-7b": "used", "gsm8k": "used",
                                "chain-of-thought": "used"}}
    names = {e.id: e.name for e in entities}
    links = [Link(paper_id=p, entity_id=e, role=r, name=names[e])
             for p, linked in roles.items() for e, r in linked.items()]
    code = [CodeLink(paper_id="2301.00001", url="https://github.com/example/ltc",
                     host="github.com")]
    return to_graph(Corpus(papers=papers, entities=entities, links=links, code_links=code))
