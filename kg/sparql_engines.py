"""The two SPARQL engines behind :class:`kg.sparql.Store`: load an RDF file, run a query.

Each engine parses a ``.ttl``, ``.nt`` or ``.jsonld`` file (a parse error
becomes :class:`kg.errors.InputError` with file and line) and answers a query
as ``(kind, variables, rows)``, the rows as engine-free
:class:`~kg.sparql_results.Term` tuples, so nothing after them depends on
the engine. Checking that a query is read-only, time limits and row caps are
:mod:`kg.sparql`'s job.
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path

from kg.errors import InputError, QueryError
from kg.rdf_source import RDF_FORMATS
from kg.sparql_results import PREFIXES, Term, bool_term

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_CHARACTER_RANGES = re.compile(r"\[[^\[\]]*\\u\{[^\[\]]*\]")  # ['A' ..= 'Z' | '\u{00C0}'..='\u{00D6}' | ...]


def _one_line(message: str) -> str:
    r"""pyoxigraph's syntax error on one line, its multi-line lists of Unicode ranges named instead.

    Examples
    --------
    >>> _one_line("expected one of \"{\", ['A' ..= 'Z' | '\\u{00C0}'..='\\u{00D6}'\n| '\\u{00F8}'], [_]")
    'expected one of "{", a name character, [_]'
    """
    return " ".join(_CHARACTER_RANGES.sub("a name character", message).split())


def _parse_error(path: Path, line: int | None, message: str) -> InputError:
    fmt = RDF_FORMATS[path.suffix.lower()]
    where = f"{path}:{line}" if line else str(path)
    return InputError(f"{where}: cannot parse {fmt}: {message}")


class OxigraphEngine:
    """pyoxigraph: a Rust store, fast; rows come as :class:`~kg.sparql_results.Term` tuples."""

    def __init__(self, path: Path):
        import pyoxigraph as ox

        self._ox = ox
        self._store = ox.Store()
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
        try:
            self._store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            raise _parse_error(path, exc.lineno, exc.msg) from None
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: cannot read: {exc}") from None

    def __len__(self) -> int:
        return len(self._store)

    def run(self, text: str):
        try:
            answer = self._store.query(text, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {_one_line(exc.msg)}") from None
        if isinstance(answer, self._ox.QueryBoolean):
            return "ask", ["boolean"], iter([(bool_term(bool(answer)),)])
        if isinstance(answer, self._ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            return "select", variables, (tuple(map(self._term, row)) for row in answer)
        return "graph", ["subject", "predicate", "object"], (
            (self._term(t.subject), self._term(t.predicate), self._term(t.object)) for t in answer)

    def _term(self, term) -> Term | None:
        ox, kind = self._ox, type(term)
        if kind is ox.NamedNode:
            return Term("uri", term.value)
        if kind is ox.Literal:
            datatype = term.datatype.value
            if datatype in (_XSD_STRING, _RDF_LANG_STRING):
                return Term("literal", term.value, "", term.language or "")
            return Term("literal", term.value, datatype)
        if term is None:
            return None
        if kind is ox.BlankNode:
            return Term("bnode", term.value)
        raise QueryError(f"unsupported RDF term in result: {term!r}")


class RdflibEngine:
    """rdflib: pure Python, the fallback; the same rows as :class:`OxigraphEngine`."""

    def __init__(self, path: Path):
        import rdflib

        self._rdflib = rdflib
        self._graph = rdflib.Graph()
        try:
            with warnings.catch_warnings():  # rdflib's JSON-LD parser warns about itself
                warnings.simplefilter("ignore", DeprecationWarning)
                self._graph.parse(str(path), format=RDF_FORMATS[path.suffix.lower()])
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except Exception as exc:  # parsers raise many types; each becomes one line
            line = getattr(exc, "lineno", None)
            if line is None and isinstance(getattr(exc, "lines", None), int):
                line = exc.lines + 1
            message = exc.args[-1] if len(exc.args) == 5 else str(exc).split("\n")[0]
            raise _parse_error(path, line, str(message)) from None

    def __len__(self) -> int:
        return len(self._graph)

    def run(self, text: str):
        rdflib = self._rdflib
        try:
            answer = self._graph.query(text, initNs=PREFIXES)
        except Exception as exc:  # pyparsing and evaluation errors
            raise QueryError(f"invalid SPARQL: {str(exc).splitlines()[0] if str(exc) else exc!r}") from None
        if answer.type == "ASK":
            return "ask", ["boolean"], iter([(bool_term(bool(answer.askAnswer)),)])
        if answer.type == "SELECT":
            variables = [str(v) for v in answer.vars]
            return "select", variables, (tuple(map(self._term, row)) for row in answer)
        return "graph", ["subject", "predicate", "object"], (
            tuple(map(self._term, t)) for t in answer.graph)

    def _term(self, term) -> Term | None:
        rdflib = self._rdflib
        if term is None:
            return None
        if isinstance(term, rdflib.URIRef):
            return Term("uri", str(term))
        if isinstance(term, rdflib.BNode):
            return Term("bnode", str(term))
        if isinstance(term, rdflib.Literal):
            datatype = str(term.datatype) if term.datatype else ""
            if datatype in (_XSD_STRING, _RDF_LANG_STRING):
                datatype = ""
            return Term("literal", str(term), datatype, term.language or "")
        raise QueryError(f"unsupported RDF term in result: {term!r}")
