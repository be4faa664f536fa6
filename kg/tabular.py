"""The graph as GraphML (Gephi, Cytoscape, yEd) and as CSV node and edge tables.

Both formats hold only flat values, so the graph's list and dict attributes
(see :mod:`kg.graph`) are flattened: lists of strings (``aliases``,
``authors``, ``sources``) are joined with ``"; "``, the evidence list becomes
a JSON string, and ``evidence_count`` says how many there are. Rows and
columns come in a fixed order, so the same graph gives the same bytes.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("entity:cot", kind="entity", type="method", label="Chain-of-Thought",
...            aliases=["CoT", "chain of thought"], named=True)
>>> flat_attributes(g.nodes["entity:cot"])
{'aliases': 'CoT; chain of thought', 'kind': 'entity', 'label': 'Chain-of-Thought', 'named': True, 'type': 'method'}
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from kg.errors import ExportError

LIST_SEPARATOR = "; "
#: Columns that come first, in this order; any others follow sorted by name.
NODE_COLUMNS = ("id", "kind", "label", "type", "name", "named", "aliases", "title", "abstract",
                "arxiv_id", "url", "date", "authors", "sources", "host")
EDGE_COLUMNS = ("source", "target", "relation", "name", "aliases", "confidence",
                "evidence_count", "evidence")


def _flat(value):
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, str) for v in value):
            return LIST_SEPARATOR.join(value)
        return json.dumps(list(value), ensure_ascii=False, sort_keys=True)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def flat_attributes(data: dict) -> dict:
    """Attributes with every list or dict value turned into a string, keys sorted.

    ``None`` values are left out; an ``evidence`` list also gives ``evidence_count``.
    """
    flat = {key: _flat(value) for key, value in sorted(data.items()) if value is not None}
    if isinstance(data.get("evidence"), list):
        flat["evidence_count"] = len(data["evidence"])
        flat = dict(sorted(flat.items()))
    return flat


def to_flat_graph(g):
    """A copy of the graph with flat attributes, nodes and edges sorted (what GraphML holds)."""
    import networkx as nx

    flat = nx.MultiDiGraph()
    for node, data in sorted(g.nodes(data=True)):
        flat.add_node(node, **flat_attributes(data))
    for u, v, key, data in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        flat.add_edge(u, v, key=key, **flat_attributes(data))
    return flat


def write_graphml(g, path: str | Path) -> Path:
    """Write the graph as GraphML, with flat attributes, for Gephi or Cytoscape.

    Edge ids are the relations (``uses``, ``introduces``, ``variant_of``,
    ``has_code``); ``networkx.read_graphml`` reads the file back.
    """
    import networkx as nx

    path = Path(path)
    try:
        nx.write_graphml(to_flat_graph(g), path, encoding="utf-8", prettyprint=True)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write GraphML ({exc.strerror or exc})") from None
    return path


def _columns(rows: list[dict], first: tuple[str, ...]) -> list[str]:
    present = set().union(*rows) if rows else set()
    return [c for c in first if c in present or c in first[:3]] + sorted(present - set(first))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(column)) for column in columns])


def node_rows(g) -> list[dict]:
    """One flat dict per node, sorted by id; the node id is the ``id`` column."""
    return [{"id": node, **flat_attributes(data)} for node, data in sorted(g.nodes(data=True))]


def edge_rows(g) -> list[dict]:
    """One flat dict per edge, sorted by source, target and relation."""
    rows = []
    for u, v, key, data in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        rows.append({"source": u, "target": v, **flat_attributes(data), "relation": key})
    return rows


def write_csv_tables(g, folder: str | Path) -> Path:
    """Write ``nodes.csv`` and ``edges.csv`` into ``folder`` (made if missing).

    One header row; booleans as ``true``/``false``, missing values empty,
    lists ``"; "``-joined and evidence as JSON, so ``pandas.read_csv`` reads
    both files as they are.

    Examples
    --------
    >>> import tempfile, networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("paper:p1", "entity:gsm8k", key="uses", relation="uses", confidence=0.9,
    ...            evidence=[{"sentence": "We use GSM8K.", "start": 3, "end": 8, "rule": "r"}])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = write_csv_tables(g, folder)
    ...     print((out / "edges.csv").read_text().splitlines()[0])
    source,target,relation,confidence,evidence_count,evidence
    """
    folder = Path(folder)
    nodes, edges = node_rows(g), edge_rows(g)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_csv(folder / "nodes.csv", _columns(nodes, NODE_COLUMNS), nodes)
        _write_csv(folder / "edges.csv", _columns(edges, EDGE_COLUMNS), edges)
    except OSError as exc:
        raise ExportError(f"{folder}: cannot write CSV tables ({exc.strerror or exc})") from None
    return folder
