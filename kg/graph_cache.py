"""A large graph read once, kept between queries.

Each ``kg query`` reads the whole ``graph.json``, and on a large graph parsing
the JSON and building the NetworkX graph from it is most of the query's time.
So the first query of a graph of :data:`MIN_BYTES` or more keeps the graph
and its name index (:func:`kg.lookup.name_index`), pickled, in the cache folder of :mod:`kg.cache` (``$KG_CACHE_DIR``, else
``~/.cache/kg``), and later queries unpickle it while ``graph.json`` has the
same path, size and modification time and the code that reads it
(:func:`kg.cache.code_hash`), NetworkX and Python are the same.
``python benchmarks/query_bench.py -g DIR`` times both ways.

One file per ``graph.json`` path, at most :data:`KEEP` of them (the least
recently used goes first). Only files kg wrote into the user's own cache
folder are ever unpickled. A cache file that cannot be read or written is
left aside with a warning: the cache never stops a query.

Examples
--------
>>> import tempfile
>>> from kg.graph import write_node_link
>>> from kg.query import example_graph
>>> with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as cache:
...     path = write_node_link(example_graph(), Path(out) / "graph.json")
...     first = read_graph(path, folder=cache, min_bytes=0)
...     kept = len(list(Path(cache).glob("graph-*.pickle")))
...     again = read_graph(path, folder=cache, min_bytes=0)
...     kept, again.number_of_nodes() == first.number_of_nodes()
(1, True)
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from pathlib import Path

import networkx as nx

from kg.cache import code_hash, default_folder
from kg.graph import collection_paused, read_node_link
from kg.lookup import adopt_index, name_index

log = logging.getLogger(__name__)

MIN_BYTES = 4_000_000  # smaller graphs read in under 0.2 s; keeping them would only fill the folder
KEEP = 4  # graphs kept at once


def read_graph(path: str | Path, *, folder: str | Path | None = None,
               min_bytes: int = MIN_BYTES) -> nx.MultiDiGraph:
    """The graph in ``path`` (a ``graph.json`` or its folder), from the cache when it holds it.

    Raises :class:`~kg.errors.InputError` as :func:`kg.graph.read_node_link`
    does when the file is missing or not a kg graph.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "graph.json"
    try:
        stat = path.stat()
    except OSError:
        return read_node_link(path)  # says what is wrong with it
    if stat.st_size < min_bytes:
        return read_node_link(path)
    source = path.resolve()
    header = {"source": str(source), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
              "kg": code_hash("kg.graph_cache"), "networkx": nx.__version__, "python": sys.version_info[:2]}
    folder = Path(folder) if folder is not None else default_folder()
    kept = folder / f"graph-{hashlib.sha256(str(source).encode()).hexdigest()[:16]}.pickle"
    g = _read_kept(kept, header)
    if g is None:
        g = read_node_link(path)
        _keep(g, kept, header)
    return g


def _read_kept(kept: Path, header: dict) -> nx.MultiDiGraph | None:
    """The graph in ``kept`` if it was kept from the same graph.json, else None."""
    try:
        with open(kept, "rb") as handle:
            if pickle.load(handle) != header:
                return None  # graph.json was rebuilt, or kg or NetworkX changed
            with collection_paused():
                g = pickle.load(handle)
                adopt_index(g, pickle.load(handle))
        os.utime(kept)  # recently used
        return g
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged or unreadable file: read graph.json instead
        log.warning("%s: %s; reading the graph from JSON", kept, exc)
        return None


def _keep(g: nx.MultiDiGraph, kept: Path, header: dict) -> None:
    """Write ``g`` to ``kept`` (whole or not at all), and forget the least recently used graphs beyond :data:`KEEP`."""
    part = kept.with_name(f"{kept.name}.{os.getpid()}.part")
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        with open(part, "wb") as handle:
            pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(g, handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(name_index(g), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part, kept)
        by_use = sorted(kept.parent.glob("graph-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in by_use[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError) as exc:
        log.warning("%s: %s; the graph is not kept for the next query", kept, exc)
        try:
            part.unlink(missing_ok=True)
        except OSError:
            pass
