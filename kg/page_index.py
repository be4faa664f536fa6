"""What the page knows about each node besides drawing it: for the panel and the search.

:mod:`kg.page` draws a view (:func:`kg.views.select_view`) and hands the
page's script two JSON blocks made here. :func:`drawn_details` gives the side
panel the drawn nodes' details and their links with evidence.
:func:`undrawn_index` names every entity, paper and repository the view
leaves out, so that a reader searching the page finds the whole graph, not
just the few thousand nodes drawn. Its rows are grouped by type, so that none
repeats its type or id prefix:

``paper``
    ``[id, title, links]``, and a fourth item, the arXiv id, when it is
    not the paper id itself (``""`` for a paper without one).
an entity type (``method``, ``model``, ...)
    ``[id, name, papers, *aliases]``; general terms (entities that are not
    names, such as "accuracy") are grouped apart, under ``general metric``
    etc., since the page marks them.
``repository``
    ``[id, papers]``, and a third item, the URL, when it is not ``https://``
    and the id.

Ids are node ids without their ``paper:``, ``entity:`` or ``repo:`` prefix;
the counts are the nodes a paper links (entities and repositories, as its
tooltip counts them) and the papers linking an entity or a repository.
Titles, names and aliases are the index's cost, a few dozen bytes a node, so
nothing else goes in: the page shows a node not drawn with the links
:func:`drawn_details` holds for it (those that touch a drawn node) and tells
the reader how to draw the rest with ``kg viz --focus``. :func:`focus_words`
gives, for the few nodes whose name would make ``kg viz --focus`` pick
another node, the word that picks them.

Examples
--------
>>> from kg.query import example_graph
>>> g = example_graph()
>>> index = undrawn_index(g, drawn={"entity:gsm8k", "paper:2301.00001"})
>>> index["benchmark"]
[['hotpotqa', 'HotpotQA', 1], ['mathbench', 'MathBench', 1]]
>>> index["paper"][0]  # this graph's papers have no arXiv id
['2301.00002', 'Chain-of-Thought for Math', 3, '']
>>> index["general metric"], index["repository"]
([['accuracy', 'accuracy', 1]], [['github.com/example/ltc', 1]])
"""
from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from kg.graph import shown_evidence
from kg.views import node_type

PREFIXES = {"paper": "paper:", "entity": "entity:", "repository": "repo:"}
ABSTRACT_CHARS = 600
PAPERS_PER_ROLE = 5  # papers an entity's panel lists beyond those drawn
EVIDENCE_CHARS = 300


def short_text(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters.

    >>> short_text("Learning through Communication", 20)
    'Learning through…'
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] if " " in text[: width - 1] else text[: width - 1]
    return cut.rstrip(",;:.") + "…"


def drawn_details(view: nx.MultiDiGraph, g: nx.MultiDiGraph) -> dict:
    """What the side panel needs for the drawn nodes: details, links with evidence, names.

    ``info`` holds each drawn node's details, and ``links`` every link out of
    a drawn node and, into one, a few per role from nodes not drawn (the rest
    counted in its ``more``), each with its first evidence sentence. The
    search index (:func:`undrawn_index`) names the nodes not drawn.
    """
    drawn = set(view)
    info: dict[str, dict] = {}
    links: list[list] = []
    more: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for node, data in view.nodes(data=True):
        kind = data.get("kind")
        if kind == "paper":
            info[node] = {"kind": "paper", "title": data.get("title", ""),
                          "abstract": short_text(data.get("abstract", ""), ABSTRACT_CHARS),
                          "arxiv_id": data.get("arxiv_id", ""), "url": data.get("url", ""),
                          "date": data.get("date", ""),
                          "authors": list(data.get("authors", []))[:6]}
        elif kind == "entity":
            info[node] = {"kind": "entity", "type": data.get("type", ""),
                          "name": data.get("name", ""), "aliases": list(data.get("aliases", [])),
                          "named": bool(data.get("named", True))}
        else:
            info[node] = {"kind": kind or "", "url": data.get("url", ""),
                          "label": data.get("label", "")}

    def add(u: str, v: str, relation: str, data: dict) -> None:
        sentence = shown_evidence(data, g.nodes[u].get("title", ""))
        row = [u, v, relation, short_text(sentence, EVIDENCE_CHARS)]
        if "confidence" in data:  # a paper's link to an entity: the chance that it is right
            row.append(round(data["confidence"], 2))
        links.append(row)

    # Every link out of a drawn node (a paper's entities, drawn or not) ...
    for u in sorted(drawn):
        for v, keyed in g.succ[u].items():
            for relation, data in keyed.items():
                add(u, v, relation, data)
    # ... and, into a drawn node from one not drawn, a few per role; the rest are counted.
    for v in sorted(drawn):
        listed: dict[str, int] = defaultdict(int)
        for u in sorted(g.pred[v]):
            if u in drawn:
                continue
            for relation, data in g.pred[v][u].items():
                if listed[relation] < PAPERS_PER_ROLE:
                    listed[relation] += 1
                    add(u, v, relation, data)
                else:
                    more[v][relation] += 1
    for node, counts in more.items():
        info[node]["more"] = dict(counts)
    return {"info": info, "links": links}


def _bare(node: str) -> str:
    return node.split(":", 1)[1]


def _papers_of(g: nx.MultiDiGraph, node: str) -> int:
    return sum(1 for p in g.pred[node] if p.startswith("paper:"))  # ids carry their kind (kg.graph)


def undrawn_index(g: nx.MultiDiGraph, drawn: set[str]) -> dict[str, list[list]]:
    """Rows, by node type, for every entity, paper and repository of ``g`` not in ``drawn``.

    Rows are sorted by id, so the same graph and view give the same page.
    """
    rows: dict[str, list[list]] = {}
    for node, data in sorted(g.nodes(data=True)):
        kind = data.get("kind")
        if node in drawn or kind not in PREFIXES:
            continue
        if kind == "paper":
            row = [_bare(node), data.get("title", ""), len(g.succ[node])]
            arxiv_id = data.get("arxiv_id", "")
            if arxiv_id != row[0]:
                row.append(arxiv_id)
        elif kind == "repository":
            row = [_bare(node), _papers_of(g, node)]
            url = data.get("url", "")
            if url != "https://" + row[0]:
                row.append(url)
        else:
            row = [_bare(node), data.get("name", ""), _papers_of(g, node),
                   *data.get("aliases", ())]
        group = node_type(data)
        if kind == "entity" and not data.get("named", True):
            group = "general " + group
        rows.setdefault(group, []).append(row)
    return rows


def focus_words(g: nx.MultiDiGraph, nodes) -> dict[str, str]:
    """For each of ``nodes`` that ``kg viz --focus NAME`` would miss, the word it finds it by.

    The page writes ``kg viz --focus`` with an entity's name and a paper's
    id. :func:`kg.lookup.find` tries the word as a node id first (``name``,
    ``entity:name``, ``paper:name``), then names as typed, preferring
    entities; so an entity's name finds another node only when that is a
    node id or another entity's name ("dialogue" the method, beside the task
    ``dialogue-task``). Those entities get their id without its prefix, which
    ``find`` tries before any name, and a paper whose id is also an entity's
    its full node id, which ``find`` takes as it is. The page writes a
    repository's id without ``repo:``, which ``find`` tries last of the ids:
    one that is also another node's gets its full node id.

    >>> from kg.query import example_graph
    >>> focus_words(example_graph(), ["entity:gsm8k", "paper:2301.00001"])
    {}
    """
    names = Counter(d.get("name") for _, d in g.nodes(data=True) if d.get("kind") == "entity")
    words = {}
    for node in nodes:
        data = g.nodes[node]
        kind = data.get("kind")
        if kind == "entity":
            name = data.get("name", "")
            taken = [f for f in (name, *(p + name for p in ("entity:", "paper:", "repo:")))
                     if f in g and f != node]
            if not name or names[name] > 1 or taken:
                words[node] = _bare(node)
        elif kind == "paper" and "entity:" + _bare(node) in g:
            words[node] = node
        elif kind == "repository" and any(p + _bare(node) in g for p in ("", "entity:", "paper:")):
            words[node] = node
    return words
