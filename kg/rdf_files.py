"""RDF files: the graph's triples written sorted, the same bytes for the same graph.

:func:`write_rdf` streams the triples of :func:`kg.rdf.iter_triples` into
Turtle, N-Triples or JSON-LD. Turtle subjects come the export's description
(dataset, concept scheme, build, software), papers, entities, repositories, links, evidence; N-Triples lines are sorted; JSON-LD nodes and
values are sorted, so exports diff cleanly. Turtle and N-Triples go through
:func:`kg.sorting.iter_sorted`, which spills to disk, so a large graph's
file is never whole in memory. :func:`serialize` gives the same bytes in memory.

Examples
--------
>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph()
>>> _ = g.add((URIRef("https://w3id.org/kg-papers/id/entity/x"), URIRef("http://purl.org/dc/terms/title"), Literal("X")))
>>> serialize(g, format="nt").decode().strip()
'<https://w3id.org/kg-papers/id/entity/x> <http://purl.org/dc/terms/title> "X" .'
"""
from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from kg.errors import ExportError, UnknownNameError
from kg.iris import ID_BASE
from kg.rdf import bind_prefixes, iter_triples, prefixes
from kg.sorting import iter_sorted

FORMATS = {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "ntriples": "nt",
           "json-ld": "json-ld", "jsonld": "json-ld"}
# The order of subjects in Turtle: the export's description, papers, then what hangs off them.
_KIND_ORDER = ("dataset", "scheme", "build", "software", "paper", "entity", "repo", "link", "evidence")

def _subject_key(subject) -> tuple:
    text = str(subject)
    kind = text[len(ID_BASE):].partition("/")[0] if text.startswith(ID_BASE) else ""
    rank = _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)
    return (rank, text)


# N-Triples string escapes, as pyoxigraph writes them (the exports' bytes must not change).
_ESCAPES = {c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F, 0xFFFE, 0xFFFF]}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"',
                 0x5C: "\\\\"})


def _ntriples_line():
    """A function from an rdflib triple to its N-Triples line, written directly: the same text as
    pyoxigraph's, several times faster than converting each term to a pyoxigraph one."""
    from rdflib import XSD, BNode, Literal, URIRef

    string = str(XSD.string)

    def term(t) -> str:
        if isinstance(t, URIRef):
            return f"<{t}>"
        if isinstance(t, Literal):
            text = '"' + str(t).translate(_ESCAPES) + '"'
            if t.language:
                return f"{text}@{t.language}"
            return f"{text}^^<{t.datatype}>" if t.datatype and str(t.datatype) != string else text
        if isinstance(t, BNode):
            return f"_:{t}"
        raise ExportError(f"{t!r} is not an RDF term")

    def line(s, p, o) -> str:
        return f"{term(s)} {term(p)} {term(o)} .\n"

    return line


def _write_turtle(triples, output: BinaryIO, folder: Path | None) -> None:
    """Turtle through pyoxigraph's serializer, several times faster than rdflib's.

    Subjects come the description, papers, entities, repositories, links,
    evidence, each by IRI; ``rdf:type`` first, then predicates and objects sorted. The triples
    travel as N-Triples lines, which the sort can spill to disk (see
    :mod:`kg.sorting`), and are parsed again by pyoxigraph.
    """
    import pyoxigraph as ox
    from rdflib import RDF

    def keyed():
        line = _ntriples_line()
        predicates: dict = {}  # one string per predicate, not one per triple
        subject, subject_key = None, ()
        for s, p, o in triples:
            if s != subject:
                subject, subject_key = s, _subject_key(s)
            predicate = predicates.get(p) or predicates.setdefault(p, str(p))
            yield subject_key, p != RDF.type, predicate, str(o), line(s, p, o)

    ordered = (item[4] for item in iter_sorted(keyed(), key=lambda item: item[:4], folder=folder))
    parsed = (triple for block in _blocks(ordered)
              for triple in ox.parse("".join(block), format=ox.RdfFormat.N_TRIPLES))
    ox.serialize(parsed, output, format=ox.RdfFormat.TURTLE, prefixes=prefixes())


def _write_ntriples(triples, output: BinaryIO, folder: Path | None) -> None:
    """N-Triples, lines sorted and each once."""
    line = _ntriples_line()
    lines = iter_sorted((line(s, p, o) for s, p, o in triples), unique=True, folder=folder)
    for block in _blocks(lines):
        output.write("".join(block).encode("utf-8"))


def _blocks(lines: Iterable[str], size: int = 10_000) -> Iterator[list[str]]:
    lines = iter(lines)
    while block := list(islice(lines, size)):
        yield block


def _json_ld(rdf) -> bytes:
    context = {prefix: str(ns) for prefix, ns in sorted(rdf.namespaces())}
    text = rdf.serialize(format="json-ld", context=context, auto_compact=True)
    return (json.dumps(_sorted_json(json.loads(text)), ensure_ascii=False, indent=1,
                       sort_keys=True) + "\n").encode("utf-8")


def _sorted_json(value):
    """JSON-LD with every array sorted: its arrays are sets unless under ``@list``."""
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sorted_json(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def serialize(rdf, *, format: str = "turtle") -> bytes:
    """``rdf`` (an rdflib graph or any iterable of triples) as deterministic bytes in one of :data:`FORMATS`.

    Turtle subjects are ordered description, papers, entities, repositories,
    links, evidence, each by IRI, and predicates and objects sorted; N-Triples lines
    are sorted; JSON-LD nodes and values are sorted.
    """
    buffer = io.BytesIO()
    _serialize_into(rdf, buffer, _format_name(format))
    return buffer.getvalue()


def _format_name(format: str) -> str:
    name = FORMATS.get(format)
    if name is None:
        raise UnknownNameError(f"unknown RDF format {format!r}; known: {', '.join(sorted(FORMATS))}")
    return name


def _serialize_into(rdf, output: BinaryIO, name: str, folder: Path | None = None) -> None:
    """Write ``rdf`` to ``output`` in the format ``name``; sorts that overflow spill into ``folder``."""
    if name == "json-ld":
        if not hasattr(rdf, "serialize"):
            from rdflib import Graph

            graph = Graph(bind_namespaces="none")
            bind_prefixes(graph)
            graph.addN((s, p, o, graph) for s, p, o in rdf)
            rdf = graph
        output.write(_json_ld(rdf))
    else:
        {"turtle": _write_turtle, "nt": _write_ntriples}[name](rdf, output, folder)


def write_rdf(g, path: str | Path, *, format: str = "turtle") -> Path:
    """Write the graph as RDF (``turtle``, ``nt`` or ``json-ld``) to ``path``.

    The same graph always gives the same bytes. Turtle and N-Triples are
    written as they are sorted, so the whole file is never held in memory.

    Examples
    --------
    >>> import tempfile, networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("entity:gsm8k", kind="entity", type="benchmark", name="GSM8K", named=True)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_rdf(g, Path(folder) / "graph.nt", format="nt")
    ...     print(next(line for line in path.read_text().splitlines() if "/entity/" in line))
    <https://w3id.org/kg-papers/id/entity/gsm8k> <http://purl.org/dc/terms/identifier> "gsm8k" .
    """
    name = _format_name(format)
    path = Path(path)
    try:
        with open(path, "wb") as output:
            _serialize_into(iter_triples(g), output, name, folder=path.parent)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise ExportError(f"{path}: cannot write {format} ({exc.strerror or exc})") from None
    except BaseException:
        path.unlink(missing_ok=True)  # no half-written file left behind
        raise
    return path
