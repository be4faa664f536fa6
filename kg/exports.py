"""The exporter registry: short names -> the file each writes and the function that writes it.

Every exporter takes the graph and a path. Modules load only when their
exporter runs, so a build that writes JSON never imports pyvis. Third
parties can add exporters through the ``kg.exporters`` entry-point group,
whose objects are ``(filename, writer)`` pairs.

Examples
--------
>>> sorted(EXPORTERS)[:3]
['csv', 'graphml', 'html']
>>> get_exporter("parquet")
Traceback (most recent call last):
...
kg.errors.UnknownNameError: unknown export format 'parquet'; known: csv, graphml, html, json, jsonl, jsonld, nt, turtle
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

from kg.errors import UnknownNameError


@dataclass(frozen=True)
class Exporter:
    """One export: the file (or folder, holding ``parts``) it writes, and the writer."""

    name: str
    filename: str
    target: str  # "module:function"
    options: dict = field(default_factory=dict)
    parts: tuple[str, ...] = ()

    def write(self, g, folder: str | Path) -> Path:
        """Write the graph into ``folder`` under this exporter's file name."""
        module_name, function_name = self.target.split(":")
        writer = getattr(importlib.import_module(module_name), function_name)
        path = Path(folder) / self.filename
        writer(g, path, **self.options)
        return path


EXPORTERS = {
    e.name: e
    for e in [
        Exporter("turtle", "graph.ttl", "kg.rdf_files:write_rdf", {"format": "turtle"}),
        Exporter("nt", "graph.nt", "kg.rdf_files:write_rdf", {"format": "nt"}),
        Exporter("jsonld", "graph.jsonld", "kg.rdf_files:write_rdf", {"format": "json-ld"}),
        Exporter("html", "graph.html", "kg.page:write_page"),
        Exporter("json", "graph.json", "kg.graph:write_node_link"),
        Exporter("jsonl", "papers.jsonl", "kg.jsonl:write_papers_jsonl"),
        Exporter("graphml", "graph.graphml", "kg.tabular:write_graphml"),
        Exporter("csv", "tables", "kg.tabular:write_csv_tables", parts=("nodes.csv", "edges.csv")),
    ]
}
DEFAULT_FORMATS = ("turtle", "html", "json", "jsonl")


def _plugins() -> dict[str, Exporter]:
    found = {}
    for ep in entry_points(group="kg.exporters"):
        filename, writer = ep.load()
        found[ep.name] = Exporter(ep.name, filename, f"{writer.__module__}:{writer.__name__}")
    return found


def all_exporters() -> list[Exporter]:
    """Every exporter, built in or added by a plugin."""
    return [*EXPORTERS.values(), *(e for name, e in _plugins().items() if name not in EXPORTERS)]


def get_exporter(name: str) -> Exporter:
    """The exporter registered under ``name``; an unknown name lists the known ones."""
    if name in EXPORTERS:
        return EXPORTERS[name]
    plugins = _plugins()
    if name in plugins:
        return plugins[name]
    known = ", ".join(sorted(set(EXPORTERS) | set(plugins)))
    raise UnknownNameError(f"unknown export format {name!r}; known: {known}")
