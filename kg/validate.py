"""Check an RDF export against the SHACL shapes of ``ontology/shapes.ttl``.

:func:`validate` reads an export (``graph.ttl``, ``graph.nt``,
``graph.jsonld`` or a folder holding one), adds ``ontology/kg.ttl`` so that
``sh:class`` sees the subclasses, runs pyshacl and returns a
:class:`ValidationReport` whose lines say which node broke which rule. It is
what ``kg validate`` runs; it never prints.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("entity:gsm8k", kind="entity", type="benchmark", name="GSM8K", named=True)
>>> validate(g).conforms
True
>>> g.nodes["entity:gsm8k"]["name"] = ""
>>> report = validate(g)
>>> report.conforms
False
>>> print(report.lines()[0])
entity/gsm8k skos:prefLabel: an entity has exactly one non-empty skos:prefLabel string (value: "")
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.rdf_source import RDF_FORMATS, rdf_file



@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the property path, the bad value and the rule's message."""

    focus: str
    path: str
    value: str
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}" if self.path else self.focus
        value = f" (value: {self.value})" if self.value else ""
        prefix = "" if self.severity == "Violation" else f"[{self.severity}] "
        return f"{prefix}{where}: {self.message}{value}"


@dataclass(frozen=True)
class ValidationReport:
    """Whether an export conforms to the shapes, and every violation, sorted."""

    conforms: bool
    source: str
    triples: int
    violations: tuple[Violation, ...] = field(default_factory=tuple)

    def lines(self, limit: int | None = None) -> list[str]:
        """One line per violation (the first ``limit`` of them if given)."""
        shown = self.violations if limit is None else self.violations[:limit]
        out = [str(v) for v in shown]
        if limit is not None and len(self.violations) > limit:
            out.append(f"... and {len(self.violations) - limit:,} more")
        return out

    def summary(self) -> str:
        """One line: the source, its size and the verdict."""
        verdict = "conforms" if self.conforms else f"{len(self.violations):,} violation(s)"
        return f"{self.source}: {self.triples:,} triples, {verdict}"


def read_export(path: str | Path):
    """Parse an RDF export (or the graph file of an export folder) into an rdflib Graph."""
    from rdflib import Graph

    path = rdf_file(path)
    fmt = RDF_FORMATS[path.suffix.lower()]
    try:
        return Graph().parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many types; all mean "not valid RDF"
        raise InputError(f"{path}: not valid {fmt}: {exc}") from None


def _shape_graphs():
    from rdflib import Graph

    from kg.vocab import ontology_dir

    folder = ontology_dir()
    shapes = Graph().parse(folder / "shapes.ttl", format="turtle")
    ontology = Graph().parse(folder / "kg.ttl", format="turtle")
    return shapes, ontology


def _short(term, namespaces) -> str:
    """A term as a reader wants to see it: data IRIs relative, vocabulary as prefix:name."""
    from rdflib import BNode, Literal, URIRef

    from kg.iris import ID_BASE

    if term is None:
        return ""
    if isinstance(term, Literal):
        text = str(term)
        return '"' + (text if len(text) <= 60 else text[:59] + "…") + '"'
    if isinstance(term, URIRef):
        if str(term).startswith(ID_BASE):
            return str(term)[len(ID_BASE):]
        return namespaces.normalizeUri(term)
    if isinstance(term, BNode):
        return "[]"
    return str(term)


def _is_data(term) -> bool:
    from rdflib import URIRef

    from kg.iris import ID_BASE

    return isinstance(term, URIRef) and str(term).startswith(ID_BASE)


def _path(results, node, namespaces) -> str:
    from rdflib import BNode
    from rdflib.namespace import SH

    path = results.value(node, SH.resultPath)
    if isinstance(path, BNode):
        inverse = results.value(path, SH.inversePath)
        return "^" + _short(inverse, namespaces) if inverse is not None else "[path]"
    return _short(path, namespaces)


def validate(source, *, shapes: str | Path | None = None) -> ValidationReport:
    """Check an export against the SHACL shapes.

    Parameters
    ----------
    source : str, Path, rdflib.Graph or networkx.MultiDiGraph
        An RDF file, an export folder (its ``graph.ttl``, ``graph.nt`` or
        ``graph.jsonld``), a parsed graph, or the NetworkX graph itself
        (exported with :func:`kg.rdf.to_rdf` first).
    shapes : path, optional
        Other shapes than ``ontology/shapes.ttl``.

    Returns
    -------
    ValidationReport

    Raises
    ------
    InputError
        If the file is missing or not valid RDF.
    """
    import networkx as nx
    import pyshacl
    from pyshacl.errors import ConstraintLoadError, ShapeLoadError
    from rdflib import Graph
    from rdflib.namespace import SH

    from kg.rdf import bind_prefixes, to_rdf

    if isinstance(source, nx.Graph):
        given, name = to_rdf(source), "graph"
    elif isinstance(source, Graph):
        given, name = source, "graph"
    else:
        given = read_export(source)
        name = str(rdf_file(source))
    shape_graph, ontology = _shape_graphs()
    if shapes is not None:
        try:
            shape_graph = Graph().parse(shapes, format="turtle")
        except FileNotFoundError:
            raise InputError(f"{shapes}: no such shapes file") from None
        except Exception as exc:  # rdflib's parse errors have no common base
            raise InputError(f"{shapes}: not valid Turtle: {exc}") from None

    # A copy with the ontology mixed in, so sh:class follows rdfs:subClassOf
    # and the caller's graph is left alone.
    data = Graph()
    bind_prefixes(data)
    data += given
    data += ontology
    try:
        conforms, results, _ = pyshacl.validate(
            data, shacl_graph=shape_graph, inference="none", inplace=True, abort_on_first=False,
        )
    except (ShapeLoadError, ConstraintLoadError) as exc:
        raise InputError(f"{shapes or 'ontology/shapes.ttl'}: bad SHACL shapes: {exc}") from None
    if not isinstance(results, Graph):  # pyshacl's ValidationFailure: a constraint it cannot run
        raise InputError(f"{shapes or 'ontology/shapes.ttl'}: bad SHACL shapes: {results}")
    namespaces = data.namespace_manager
    violations = []
    for node in results.subjects(SH.resultSeverity, None):
        severity = results.value(node, SH.resultSeverity)
        message = results.value(node, SH.resultMessage)
        focus, value = results.value(node, SH.focusNode), results.value(node, SH.value)
        if value == focus or (_is_data(value) and not _is_data(focus)):
            # graph-wide checks target a class and name the offending node as the value
            focus, value = value, None
        focus, value = _short(focus, namespaces), _short(value, namespaces)
        violations.append(Violation(
            focus=focus,
            path=_path(results, node, namespaces),
            value=value,
            message=str(message) if message is not None else "constraint not met",
            severity=str(severity).rsplit("#", 1)[-1],
        ))
    # one property shape's message covers all its constraints: say it once
    violations = sorted(set(violations), key=lambda v: (v.focus, v.path, v.message, v.value))
    return ValidationReport(conforms=bool(conforms), source=name, triples=len(given),
                            violations=tuple(violations))
