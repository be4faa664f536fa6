"""Which part of the graph to draw: views for graphs too big for one page.

A browser draws a few thousand nodes comfortably, not tens of thousands, so
the page (:mod:`kg.page`) draws a *view*: the whole graph when it is small,
otherwise the most connected nodes, or the neighbourhood of a named node,
or the nodes of some types. :func:`select_view` picks the nodes and returns
them as a subgraph together with a :class:`ViewNote` that says what was left
out and how to see it; the page prints that note where the reader sees it.

These are pure NetworkX functions: no pyvis, no HTML.

Examples
--------
>>> from kg.query import example_graph
>>> g = example_graph()
>>> view, note = select_view(g, focus="GSM8K")
>>> sorted(n for n in view if n.startswith("paper:"))
['paper:2301.00001', 'paper:2301.00002', 'paper:t-0000000000aa']
>>> view, note = select_view(g, max_nodes=5)
>>> note.text()
'showing 5 of 12 nodes, the most connected entities and the papers that link them; to see the others: kg viz --focus NAME [--depth N], --types T,T, --min-degree K or a larger --max-nodes'
"""
from __future__ import annotations

import shlex
from collections import deque
from dataclasses import dataclass, field

import networkx as nx

from kg.errors import QueryError
from kg.records import ENTITY_TYPES

TYPES = ("paper", *ENTITY_TYPES, "repository")
DEFAULT_MAX_NODES = 2000


def node_type(data: dict) -> str:
    """What the page colours a node by: an entity's type, else its kind.

    >>> node_type({"kind": "entity", "type": "dataset"}), node_type({"kind": "paper"})
    ('dataset', 'paper')
    """
    if data.get("kind") == "entity":
        return data.get("type", "entity")
    return data.get("kind", "")


@dataclass(frozen=True)
class ViewNote:
    """What a view shows, what it leaves out, and how to see the rest.

    ``left_out`` names each reason nodes were dropped (``"types"``,
    ``"min_degree"``, ``"depth"``, ``"cap"``); ``focus`` holds the names
    the focus resolved to.
    """

    shown_nodes: int
    total_nodes: int
    shown_edges: int
    total_edges: int
    focus: tuple[str, ...] = ()
    depth: int = 1
    types: tuple[str, ...] = ()
    min_degree: int = 0
    cap: int | None = None
    cap_option: str = "--max-nodes"
    left_out: tuple[str, ...] = field(default=())

    @property
    def complete(self) -> bool:
        """True when the view draws every node of the graph."""
        return self.shown_nodes == self.total_nodes

    def text(self) -> str:
        """One line for the page and the terminal.

        >>> ViewNote(shown_nodes=3, total_nodes=3, shown_edges=2, total_edges=2).text()
        'showing all 3 nodes and 2 edges'
        """
        if self.complete:
            return f"showing all {self.shown_nodes:,} nodes and {self.shown_edges:,} edges"
        parts = [f"showing {self.shown_nodes:,} of {self.total_nodes:,} nodes"]
        if self.focus:
            steps = "step" if self.depth == 1 else "steps"
            parts.append(f"within {self.depth} {steps} of {', '.join(self.focus)}")
        if "types" in self.left_out:
            parts.append(f"of type {', '.join(self.types)}")
        if "min_degree" in self.left_out:
            parts.append(f"with at least {self.min_degree} links")
        if "cap" in self.left_out:
            parts.append("the closest first" if self.focus
                         else "the most connected entities and the papers that link them")
        return ", ".join(parts) + "; to see the others: " + self.hint()

    def hint(self) -> str:
        """The ``kg viz`` options that would show what this view leaves out."""
        if self.focus:
            more = [f"--depth {self.depth + 1}"] if "depth" in self.left_out else []
            if "cap" in self.left_out:
                more.append(f"a larger {self.cap_option}")
            if "types" in self.left_out or "min_degree" in self.left_out:
                more.append("fewer filters")
            if not more:
                return "kg viz --focus ANOTHER-NAME"
            return f"kg viz --focus {shlex.quote(self.focus[0])} with " + " or ".join(more)
        hints = ["kg viz --focus NAME [--depth N]", "--types T,T", "--min-degree K"]
        if "cap" in self.left_out:
            hints.append(f"a larger {self.cap_option}")
        return ", ".join(hints[:-1]) + " or " + hints[-1]


def parse_types(types) -> tuple[str, ...]:
    """Check node types given as ``"paper,model"`` or a sequence; sorted as :data:`TYPES`.

    >>> parse_types("Model, paper")
    ('paper', 'model')
    >>> parse_types("modle")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: unknown node type 'modle'; known: paper, method, model, dataset, benchmark, task, metric, repository
    """
    if isinstance(types, str):
        types = types.split(",")
    wanted = {t.strip().lower() for t in types if t.strip()}
    for t in sorted(wanted):
        if t not in TYPES:
            raise QueryError(f"unknown node type {t!r}; known: {', '.join(TYPES)}")
    return tuple(t for t in TYPES if t in wanted)


def _distances(g: nx.MultiDiGraph, sources: list[str], depth: int) -> dict[str, int]:
    """Steps from the nearest source, following edges either way, up to ``depth``."""
    seen = {s: 0 for s in sources}
    queue = deque(sources)
    while queue:
        node = queue.popleft()
        if seen[node] >= depth:
            continue
        for other in (*g.successors(node), *g.predecessors(node)):
            if other not in seen:
                seen[other] = seen[node] + 1
                queue.append(other)
    return seen


def _subgraph(g: nx.MultiDiGraph, nodes: set[str]) -> nx.MultiDiGraph:
    """A copy of ``g`` on ``nodes`` in sorted node order (a subgraph view's order follows a set)."""
    view = nx.MultiDiGraph()
    view.graph.update(g.graph)
    view.add_nodes_from((n, g.nodes[n]) for n in sorted(nodes))
    view.add_edges_from(
        (u, v, key, data)
        for u in sorted(nodes)
        for v, keyed in g.succ[u].items() if v in nodes
        for key, data in keyed.items()
    )
    return view


def _most_connected(g: nx.MultiDiGraph, candidates: set[str], cap: int,
                    degree: dict[str, int]) -> set[str]:
    """The ``cap`` best nodes for an overview: hubs, and the papers that join them.

    Ranking every node by degree alone would keep mid-sized entities whose
    papers all fall below the cut, and draw them as isolated dots. So half
    the budget goes to the most connected entities and repositories, the
    rest to the papers that link most of them; chosen hubs that no chosen
    paper reaches give their place to further papers.
    """
    by_degree = lambda n: (-degree[n], n)  # noqa: E731
    hubs = sorted((n for n in candidates if g.nodes[n].get("kind") != "paper"), key=by_degree)
    papers = [n for n in candidates if g.nodes[n].get("kind") == "paper"]
    if not hubs or not papers:
        return set(sorted(candidates, key=by_degree)[:cap])
    chosen_hubs = set(hubs[: max(cap // 2, cap - len(papers))])

    def reach(paper: str) -> int:
        return len(chosen_hubs.intersection(g.successors(paper)))

    ranked_papers = sorted(papers, key=lambda n: (-reach(n), -degree[n], n))
    chosen_papers = ranked_papers[: cap - len(chosen_hubs)]
    reached = {h for p in chosen_papers for h in g.successors(p)} | {
        h for h in chosen_hubs for other in (*g.successors(h), *g.predecessors(h))
        if other in chosen_hubs
    }
    chosen_hubs &= reached
    chosen_papers = ranked_papers[: cap - len(chosen_hubs)]
    return chosen_hubs | set(chosen_papers)


def select_view(
    g: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    types=None,
    top: int | None = None,
    min_degree: int = 0,
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> tuple[nx.MultiDiGraph, ViewNote]:
    """Choose the nodes to draw; return them as a subgraph and a note on the rest.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph (see :mod:`kg.graph`).
    focus : str, optional
        A name, alias, paper title or id (found as by :func:`kg.lookup.find`,
        ignoring case): draw only the nodes within ``depth`` steps of it.
    depth : int
        How many steps from ``focus`` to follow, in either direction.
    types : str or sequence of str, optional
        Only nodes of these types (``paper``, an entity type, ``repository``);
        the focus node is kept whatever its type.
    top : int, optional
        Only the ``top`` most connected nodes (closest first with ``focus``).
    min_degree : int
        Only nodes with at least this many edges in ``g`` (the focus is kept).
    max_nodes : int or None
        Never more than this many nodes, most connected (or closest) first;
        None draws everything that passes the other filters.

    Returns
    -------
    (networkx.MultiDiGraph, ViewNote)
        The chosen nodes with every edge of ``g`` between them, in sorted
        order, and what was left out.

    Raises
    ------
    QueryError
        ``focus`` names no node (the message suggests close names), a type
        is unknown, or a number is out of range.

    Examples
    --------
    >>> from kg.query import example_graph
    >>> g = example_graph()
    >>> view, note = select_view(g, types="benchmark,model")
    >>> sorted(view)
    ['entity:gsm8k', 'entity:hotpotqa', 'entity:llama', 'entity:llama-7b', 'entity:mathbench']
    >>> note.left_out
    ('types',)
    >>> select_view(g, focus="gsm8kk")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: no node named 'gsm8kk'; did you mean: GSM8K?
    """
    if depth < 0:
        raise QueryError(f"--depth must be 0 or more, not {depth}")
    for option, value in (("--top", top), ("--max-nodes", max_nodes)):
        if value is not None and value < 1:
            raise QueryError(f"{option} must be 1 or more, not {value}")
    wanted_types = parse_types(types) if types else ()
    left_out: list[str] = []
    focus_nodes: list[str] = []
    if focus is not None:
        from kg.lookup import find, label

        focus_nodes = [find(g, focus)]
        distance = _distances(g, focus_nodes, depth)
        if len(distance) < g.number_of_nodes() and any(
            other not in distance
            for node, steps in distance.items() if steps == depth
            for other in (*g.successors(node), *g.predecessors(node))
        ):
            left_out.append("depth")
    else:
        distance = dict.fromkeys(g, 0)
    candidates = set(distance)
    degree = dict(g.degree(candidates))

    if wanted_types:
        kept = {n for n in candidates if node_type(g.nodes[n]) in wanted_types or n in focus_nodes}
        if len(kept) < len(candidates):
            left_out.append("types")
        candidates = kept
    if min_degree > 0:
        kept = {n for n in candidates if degree[n] >= min_degree or n in focus_nodes}
        if len(kept) < len(candidates):
            left_out.append("min_degree")
        candidates = kept

    limits = [x for x in (top, max_nodes) if x is not None]
    cap = min(limits) if limits else None
    if cap is not None and len(candidates) > cap:
        if focus_nodes:
            ranked = sorted(candidates, key=lambda n: (distance[n], -degree[n], n))
            candidates = set(ranked[:cap])
        else:
            candidates = _most_connected(g, candidates, cap, degree)
        left_out.append("cap")

    view = _subgraph(g, candidates)
    note = ViewNote(
        shown_nodes=view.number_of_nodes(),
        total_nodes=g.number_of_nodes(),
        shown_edges=view.number_of_edges(),
        total_edges=g.number_of_edges(),
        focus=tuple(label(g, n) for n in focus_nodes) if focus_nodes else (),
        depth=depth,
        types=wanted_types,
        min_degree=min_degree,
        cap=cap,
        cap_option="--top" if top is not None and top == cap else "--max-nodes",
        left_out=tuple(left_out),
    )
    return view, note
