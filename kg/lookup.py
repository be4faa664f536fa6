"""Finding a node of the graph by the name a person types.

Queries (:mod:`kg.query`) and the ``kg query`` commands take names, not node
ids: "gsm8k" should find GSM8K, "CoT" should find Chain-of-Thought when a
paper wrote it that way, a paper should be found by its title or arXiv id.
:func:`find` does that through :func:`kg.identity.name_key`, so case,
punctuation and words such as "dataset" do not matter; a name that matches
nothing raises :class:`~kg.errors.QueryError` with the closest known names.

Examples
--------
>>> from kg.query import example_graph
>>> g = example_graph()
>>> find(g, "gsm8k"), find(g, "CoT"), find(g, "2301.00002")
('entity:gsm8k', 'entity:chain-of-thought', 'paper:2301.00002')
"""
from __future__ import annotations

import difflib
import weakref
from collections import defaultdict

import networkx as nx

from kg.errors import QueryError
from kg.graph import collection_paused
from kg.identity import name_key, normalise_title

KINDS = ("entity", "paper", "repository")

# Match tiers, best first: a canonical name or title as typed, an alias as
# typed, then the same two up to case and punctuation (name_key).
_EXACT_NAME, _EXACT_ALIAS, _KEY_NAME, _KEY_ALIAS = range(4)

_indexes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _NameIndex:
    """Every name of every node, by exact text and by :func:`name_key`."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.exact: dict[str, set[tuple[int, str]]] = defaultdict(set)
        self.keyed: dict[str, set[tuple[int, str]]] = defaultdict(set)
        self.shown: dict[str, set[str]] = defaultdict(set)  # lower-cased name -> nodes
        self.titles: list[tuple[str, str]] = []  # (normalised title, node)
        keys: dict[str, str] = {}  # most link names repeat their entity's name: key each form once
        for node, data in g.nodes(data=True):
            names, aliases = _names_of(g, node, data)
            names = dict.fromkeys(filter(None, names))  # a paper without an arXiv id has none to look up
            aliases = dict.fromkeys(a for a in aliases if a and a not in names)
            for tier, forms in ((0, names), (1, aliases)):
                for form in forms:
                    self.exact[form].add((_EXACT_NAME + tier, node))
                    key = keys.get(form)
                    if key is None:
                        key = keys[form] = name_key(form)
                    if key:
                        self.keyed[key].add((_KEY_NAME + tier, node))
                    self.shown[form.lower()].add(node)
            if data.get("kind") == "paper":
                self.titles.append((normalise_title(data.get("title", "")), node))
        self.signature = _signature(g)


def _signature(g: nx.MultiDiGraph) -> int:
    # Counting edges of a MultiDiGraph walks every node, which costs more than
    # a lookup; nodes added or removed are what make an index stale in practice.
    return g.number_of_nodes()


def _names_of(g: nx.MultiDiGraph, node: str, data: dict) -> tuple[list[str], list[str]]:
    """A node's canonical names and its aliases (including the forms papers used)."""
    kind = data.get("kind")
    bare = node.split(":", 1)[-1]
    if kind == "entity":
        aliases = list(data.get("aliases", ()))
        for _, _, edge in g.in_edges(node, data=True):
            aliases += [edge.get("name", ""), *edge.get("aliases", ())]
        return [data.get("name", "")], [bare, *aliases]
    if kind == "paper":
        return [data.get("title", ""), bare], [data.get("arxiv_id", ""), data.get("url", "")]
    return [data.get("url", ""), data.get("label", "")], [bare]


def name_index(g: nx.MultiDiGraph) -> _NameIndex:
    """The index :func:`find` looks names up in, made once per graph (1.1 s at 20,000 papers)."""
    index = _indexes.get(g)
    if index is None or index.signature != _signature(g):
        with collection_paused():  # a few hundred thousand small sets, none of them garbage
            index = _indexes[g] = _NameIndex(g)
    return index


def adopt_index(g: nx.MultiDiGraph, index: _NameIndex) -> None:
    """Use ``index``, made by :func:`name_index` for a copy of ``g`` (kept by :mod:`kg.graph_cache`)."""
    if index.signature == _signature(g):
        _indexes[g] = index


def label(g: nx.MultiDiGraph, node: str) -> str:
    """What to call a node: an entity's name, a paper's title, a repository's URL.

    >>> from kg.query import example_graph
    >>> label(example_graph(), "entity:gsm8k")
    'GSM8K'
    """
    data = g.nodes[node]
    return data.get("name") or data.get("title") or data.get("label") or node


def links(g: nx.MultiDiGraph, node: str) -> int:
    """How many papers a node is linked to (an entity) or entities it links (a paper)."""
    if g.nodes[node].get("kind") == "entity":
        return len({p for p, _ in g.in_edges(node) if g.nodes[p].get("kind") == "paper"})
    return len(set(g.successors(node)))


def find(g: nx.MultiDiGraph, name: str, *, kind: str | None = None) -> str:
    """The node id a name refers to.

    Tried in order: a node id (``entity:gsm8k``, or ``gsm8k`` for
    ``entity:gsm8k``), a canonical name or paper title as typed, an alias as
    typed, the same up to case, punctuation, a leading "the" and trailing
    words like "dataset" (:func:`kg.identity.name_key`), and last a part of
    one paper's title. When several nodes match equally well, entities come
    before papers, then the node with most links, then the first name.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph (see :mod:`kg.graph`).
    name : str
        A name, alias, paper title, paper or arXiv id, or node id.
    kind : {"entity", "paper", "repository"}, optional
        Only consider nodes of this kind.

    Raises
    ------
    QueryError
        Nothing matches (the message lists close names), or the name is part
        of several paper titles (the message lists them with their ids).

    Examples
    --------
    >>> from kg.query import example_graph
    >>> g = example_graph()
    >>> find(g, "the GSM8K dataset")
    'entity:gsm8k'
    >>> find(g, "chain of thought for math", kind="paper")
    'paper:2301.00002'
    >>> find(g, "gsm8kk")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: no node named 'gsm8kk'; did you mean: GSM8K?
    """
    if kind is not None and kind not in KINDS:
        raise QueryError(f"unknown node kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not isinstance(name, str) or not name.strip():
        raise QueryError(f"expected a name, title or id, not {name!r}")
    name = name.strip()

    def wanted(node: str) -> bool:
        return kind is None or g.nodes[node].get("kind") == kind

    for node in (name, *(f"{k}:{name}" for k in ("entity", "paper", "repo"))):
        if node in g and wanted(node):
            return node
    index = name_index(g)
    key = name_key(name)
    matches = index.exact.get(name, set()) | index.keyed.get(key, set())
    found = [m for m in matches if m[1] in g and wanted(m[1])]
    if found:
        return min(found, key=lambda m: _preference(g, *m))[1]
    words = normalise_title(name)
    if words:
        titled = sorted(n for t, n in index.titles
                        if f" {words} " in f" {t} " and n in g and wanted(n))
        if len(titled) == 1:
            return titled[0]
        if titled:
            shown = "; ".join(f"{n.split(':', 1)[1]} ({_short(label(g, n), 40)})"
                              for n in titled[:5])
            more = f" and {len(titled) - 5} more" if len(titled) > 5 else ""
            raise QueryError(f"{name!r} is part of {len(titled)} paper titles: {shown}{more}; "
                             "pass a paper id or more of the title")
    raise QueryError(_not_found(g, index, name, kind))


def _preference(g: nx.MultiDiGraph, tier: int, node: str) -> tuple:
    kind = g.nodes[node].get("kind")
    rank = KINDS.index(kind) if kind in KINDS else len(KINDS)
    return tier, rank, -links(g, node), label(g, node), node


def _not_found(g: nx.MultiDiGraph, index: _NameIndex, name: str, kind: str | None) -> str:
    what = kind or "node"
    close = difflib.get_close_matches(name.lower(), index.shown, n=12, cutoff=0.6)
    suggestions: dict[str, str] = {}  # node -> how to show it
    for form in close:
        for node in sorted(n for n in index.shown[form] if n in g):
            if node in suggestions or (kind is not None and g.nodes[node].get("kind") != kind):
                continue
            shown = _short(label(g, node))
            if name_key(form) != name_key(label(g, node)):  # a close alias: "inference latency (as latency)"
                alias = next((a for a in g.nodes[node].get("aliases", ()) if a.lower() == form), form)
                shown += f" (as {_short(alias)})"
            if shown not in suggestions.values():
                suggestions[node] = shown
    message = f"no {what} named {name!r}"
    if suggestions:
        message += "; did you mean: " + ", ".join(list(suggestions.values())[:5]) + "?"
    return message


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
