"""Per-paper JSON Lines: one line per paper with its linked entities.

The format the scorer (``kg evaluate``, ``shared/eval/score.py``) reads::

    {"id": ..., "title": ..., "entities": [{"name", "type", "role",
      "aliases", "confidence", "evidence"}], "code": [...]}

It is written from the graph, so it always agrees with the other exports.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from kg.graph import ROLE_OF_RELATION


def to_paper_records(g: nx.MultiDiGraph) -> list[dict]:
    """One dict per paper, sorted by paper id; entities sorted by role, type, name.

    Examples
    --------
    >>> from kg.graph import to_graph
    >>> from kg.records import Corpus, Entity, Link, Paper
    >>> g = to_graph(Corpus(papers=[Paper(id="p1", title="T", abstract="A")],
    ...     entities=[Entity(id="gsm8k", name="GSM8K", type="benchmark")],
    ...     links=[Link(paper_id="p1", entity_id="gsm8k", role="used", name="GSM8k")]))
    >>> [(e["name"], e["type"], e["role"]) for e in to_paper_records(g)[0]["entities"]]
    [('GSM8k', 'benchmark', 'used')]
    """
    return list(iter_paper_records(g))


def iter_paper_records(g: nx.MultiDiGraph) -> Iterator[dict]:
    """The records of :func:`to_paper_records`, one at a time."""
    for node, data in sorted(g.nodes(data=True)):
        if data.get("kind") != "paper":
            continue
        entities, code = [], []
        for _, target, relation, edge in g.out_edges(node, keys=True, data=True):
            if relation == "has_code":
                code.append(g.nodes[target]["url"])
                continue
            role = ROLE_OF_RELATION.get(relation)
            if role is None:
                continue
            entity = g.nodes[target]
            entities.append({
                "id": target.split(":", 1)[1],
                "name": edge.get("name") or entity["name"],
                "type": entity["type"],
                "role": role,
                "aliases": list(edge.get("aliases", [])),
                "confidence": edge.get("confidence", 1.0),
                "evidence": list(edge.get("evidence", [])),
            })
        entities.sort(key=lambda e: (e["role"], e["type"], e["name"].lower(), e["id"]))
        yield {
            "id": node.split(":", 1)[1],
            "title": data["title"],
            "entities": entities,
            "code": sorted(code),
        }


def write_papers_jsonl(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``papers.jsonl``, one paper a line."""
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for record in iter_paper_records(g):
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    return path
