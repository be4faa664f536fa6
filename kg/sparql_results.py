"""SPARQL query results in engine-free form, and their standard serialisations.

:mod:`kg.sparql` turns each engine's terms into :class:`Term` tuples, so a
:class:`Result` reads, prints and serialises the same whichever engine
answered. The formats are the SPARQL 1.1 Query Results JSON, XML, CSV and
TSV formats for SELECT and ASK, and Turtle or N-Triples for CONSTRUCT and
DESCRIBE (a graph result also serialises as a table of subject, predicate
and object).

Examples
--------
>>> result = Result("select", ["name", "n"], [
...     (Term("literal", "GSM8K"), Term("literal", "3", XSD + "integer")),
...     (Term("uri", "https://w3id.org/kg-papers/id/entity/x"), None)])
>>> result.rows
[('GSM8K', 3), ('https://w3id.org/kg-papers/id/entity/x', None)]
>>> result.serialize("csv").splitlines()
[b'name,n', b'GSM8K,3', b'https://w3id.org/kg-papers/id/entity/x,']
>>> print(result.to_table())
name     | n
---------+--
GSM8K    | 3
entity:x |
(2 rows)
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ID_BASE = "https://w3id.org/kg-papers/id/"
#: Prefixes every query may use without declaring them (both engines), and
#: that Turtle output and the terminal table abbreviate with.
PREFIXES = {
    "kg": "https://w3id.org/kg-papers/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "owl": "http://www.w3.org/2002/07/owl#",
    "dcterms": "http://purl.org/dc/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "fabio": "http://purl.org/spar/fabio/",
    "schema": "https://schema.org/",
    "mls": "http://www.w3.org/ns/mls#",
    "paper": ID_BASE + "paper/",
    "entity": ID_BASE + "entity/",
    "repo": ID_BASE + "repo/",
}
FORMATS = ("json", "xml", "csv", "tsv", "turtle", "nt")
_INTEGER_TYPES = {"integer", "int", "long", "short", "byte", "nonNegativeInteger",
                  "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedLong",
                  "unsignedInt", "unsignedShort", "unsignedByte"}
_BARE = {"integer": re.compile(r"[+-]?\d+"), "decimal": re.compile(r"[+-]?\d*\.\d+"),
         "double": re.compile(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+"),
         "boolean": re.compile(r"true|false")}
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.%-]*[A-Za-z0-9_-])?")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


class Term(NamedTuple):
    """One RDF term of a result: ``kind`` is ``"uri"``, ``"bnode"`` or ``"literal"``.

    A literal's ``datatype`` is "" for plain and language-tagged strings.
    """

    kind: str
    value: str
    datatype: str = ""
    lang: str = ""


def bool_term(value: bool) -> Term:
    """The ``xsd:boolean`` literal of ``value``."""
    return Term("literal", "true" if value else "false", XSD + "boolean")


def to_python(term: Term | None):
    """A term as a plain value: int, float or bool for numeric and boolean literals, else str.

    IRIs and other literals give their string (lexical form), blank nodes
    ``"_:id"``, an unbound variable None.

    Examples
    --------
    >>> to_python(Term("literal", "0.90", XSD + "decimal")), to_python(Term("bnode", "b0"))
    (0.9, '_:b0')
    """
    if term is None:
        return None
    if term.kind == "bnode":
        return "_:" + term.value
    if term.kind == "literal" and term.datatype.startswith(XSD):
        local = term.datatype[len(XSD):]
        try:
            if local in _INTEGER_TYPES:
                return int(term.value)
            if local in ("decimal", "float", "double"):
                return float(term.value)
        except ValueError:  # an ill-typed literal keeps its lexical form
            return term.value
        if local == "boolean":
            return term.value.strip() in ("true", "1")
    return term.value


def compact(iri: str) -> str:
    """``iri`` as ``prefix:local`` when a :data:`PREFIXES` namespace fits, else itself."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _quoted(text: str) -> str:
    return '"' + "".join(_ESCAPES.get(c, c) for c in text) + '"'


def _rdf_term(term: Term | None, *, bare: bool = False, used: set | None = None) -> str:
    """N-Triples form of a term; ``bare`` writes numbers and booleans unquoted (TSV,
    Turtle); with a ``used`` set, IRIs are abbreviated by :data:`PREFIXES` (Turtle)
    and the prefixes used are added to it."""
    def iri(value: str) -> str:
        short = compact(value) if used is not None else value
        if short == value:
            return f"<{value}>"
        used.add(short.partition(":")[0])
        return short

    if term is None:
        return ""
    if term.kind == "uri":
        return iri(term.value)
    if term.kind == "bnode":
        return "_:" + re.sub(r"[^A-Za-z0-9_]", "_", term.value)
    if term.lang:
        return f"{_quoted(term.value)}@{term.lang}"
    if not term.datatype:
        return _quoted(term.value)
    local = term.datatype[len(XSD):] if term.datatype.startswith(XSD) else ""
    if bare and local in _BARE and _BARE[local].fullmatch(term.value):
        return term.value
    return f"{_quoted(term.value)}^^{iri(term.datatype)}"


@dataclass
class Result:
    """What a query answered.

    ``kind`` is ``"select"``, ``"ask"`` or ``"graph"`` (CONSTRUCT/DESCRIBE);
    ``variables`` the column names (``["boolean"]`` for ASK, ``["subject",
    "predicate", "object"]`` for a graph); ``terms`` the rows as
    :class:`Term` tuples (None where unbound); ``truncated`` says the row cap
    cut the answer short.
    """

    kind: str
    variables: list[str]
    terms: list[tuple] = field(default_factory=list)
    truncated: bool = False
    engine: str = ""
    seconds: float = 0.0

    @cached_property
    def rows(self) -> list[tuple]:
        """The rows as plain Python values (see :func:`to_python`)."""
        return [tuple(to_python(t) for t in row) for row in self.terms]

    @property
    def boolean(self) -> bool | None:
        """An ASK query's answer (None for other kinds)."""
        return self.rows[0][0] if self.kind == "ask" else None

    def serialize(self, fmt: str = "json") -> bytes:
        """The result in ``fmt``: json, xml, csv, tsv; turtle or nt for a graph result.

        Examples
        --------
        >>> Result("ask", ["boolean"], [(bool_term(True),)]).serialize("json")
        b'{"head": {}, "boolean": true}'
        """
        if fmt in ("turtle", "nt"):
            if self.kind != "graph":
                raise _unknown_format(fmt, self.kind)
            return (_turtle(self.terms) if fmt == "turtle" else _ntriples(self.terms)).encode("utf-8")
        writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}.get(fmt)
        if writer is None:
            raise _unknown_format(fmt, self.kind)
        return writer(self).encode("utf-8")

    def to_table(self, *, max_width: int = 60) -> str:
        """A readable table for the terminal, cells cut at ``max_width`` characters."""
        if self.kind == "ask":
            return "yes" if self.boolean else "no"

        def cell(term: Term | None) -> str:
            value = to_python(term)
            if term is not None and term.kind == "uri":
                value = compact(term.value)
            text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
            text = " ".join(text.split())
            return text if len(text) <= max_width else text[: max_width - 1] + "…"

        cells = [[cell(t) for t in row] for row in self.terms]
        widths = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(self.variables)]
        lines = [" | ".join(v.ljust(w) for v, w in zip(self.variables, widths)).rstrip(),
                 "-+-".join("-" * w for w in widths)]
        lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
        n = len(self.terms)
        lines.append(f"({n} row{'s' if n != 1 else ''}{', truncated' if self.truncated else ''})")
        return "\n".join(lines)


def _unknown_format(fmt: str, kind: str):
    from kg.errors import UnknownNameError

    known = FORMATS if kind == "graph" else FORMATS[:4]
    article = "an" if kind[:1] in ("a", "e", "i", "o", "u") else "a"
    return UnknownNameError(f"unknown result format {fmt!r} for {article} {kind} result; known: {', '.join(known)}")


def _json_term(term: Term) -> dict:
    binding = {"type": term.kind, "value": term.value}
    if term.lang:
        binding["xml:lang"] = term.lang
    elif term.datatype:
        binding["datatype"] = term.datatype
    return binding


def _json(result: Result) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
                for row in result.terms]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False)


def _xml_text(text: str) -> str:
    return escape(_XML_BAD.sub("\ufffd", text))


def _xml(result: Result) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.kind == "ask":
        out += ["  <head/>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    out.append("  <head>")
    out += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
    out += ["  </head>", "  <results>"]
    for row in result.terms:
        out.append("    <result>")
        for name, term in zip(result.variables, row):
            if term is None:
                continue
            if term.kind == "literal":
                attrs = (f" xml:lang={quoteattr(term.lang)}" if term.lang
                         else f" datatype={quoteattr(term.datatype)}" if term.datatype else "")
                value = f"<literal{attrs}>{_xml_text(term.value)}</literal>"
            else:
                value = f"<{term.kind}>{_xml_text(term.value)}</{term.kind}>"
            out.append(f"      <binding name={quoteattr(name)}>{value}</binding>")
        out.append("    </result>")
    out += ["  </results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _csv(result: Result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.terms:
        writer.writerow(["" if t is None else "_:" + t.value if t.kind == "bnode" else t.value
                         for t in row])
    return out.getvalue()


def _tsv(result: Result) -> str:
    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join(_rdf_term(t, bare=True) for t in row) for row in result.terms]
    return "\n".join(lines) + "\n"


def _ntriples(triples: list[tuple]) -> str:
    return "".join(" ".join(_rdf_term(t) for t in triple) + " .\n" for triple in triples)


def _turtle(triples: list[tuple]) -> str:
    used: set[str] = set()

    def short(term: Term) -> str:
        return "a" if term == Term("uri", RDF_TYPE) else _rdf_term(term, bare=True, used=used)

    by_subject: dict[Term, list[str]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, []).append(f"{short(p)} {short(o)}")
    blocks = [short(s) + " " + " ;\n    ".join(lines) + " .\n" for s, lines in by_subject.items()]
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items() if p in used)
    return head + ("\n" if head and blocks else "") + "\n".join(blocks)
