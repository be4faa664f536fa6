"""SPARQL over the RDF exports: load ``graph.ttl`` into a store and run read-only queries.

This module sits beside :mod:`kg.query` at the end of the flow: it reads what
:mod:`kg.rdf` wrote (Turtle, N-Triples or JSON-LD) into an in-memory store
and answers SPARQL 1.1 queries over it. Two engines stand behind one
:class:`Store` (:mod:`kg.sparql_engines`): ``"oxigraph"`` (pyoxigraph,
fast, the default) and ``"rdflib"`` (pure Python, the fallback when
pyoxigraph is missing). Both
hand back the same engine-free :class:`kg.sparql_results.Result`, so the answers,
the result formats and the terminal table do not depend on the engine.

The store is read-only: UPDATE requests, federated ``SERVICE`` calls and
``FROM`` clauses (which would make rdflib fetch URLs) are refused with
:class:`kg.errors.QueryError` before any engine sees them.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "graph.ttl").write_text(
...     '@prefix kg: <https://w3id.org/kg-papers/ontology#> .\\n'
...     '<https://w3id.org/kg-papers/id/entity/gsm8k> a kg:Benchmark .\\n')
>>> store = load_store(folder)
>>> store.query("SELECT (COUNT(*) AS ?n) WHERE { ?b a kg:Benchmark }").rows
[(1,)]
>>> store.query("ASK { ?b a kg:Model }").boolean
False
>>> store.query("DELETE WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
kg.errors.QueryError: DELETE is a SPARQL UPDATE; this store is read-only (use SELECT, ASK, CONSTRUCT or DESCRIBE)
"""
from __future__ import annotations

import difflib
import logging
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.errors import InputError, QueryError, UnknownNameError
from kg.rdf_source import rdf_file
from kg.sparql_examples import example_queries
from kg.sparql_engines import OxigraphEngine, RdflibEngine
from kg.sparql_results import PREFIXES, Result

log = logging.getLogger(__name__)

ENGINES = ("oxigraph", "rdflib")
QUERY_SUFFIXES = (".rq", ".sparql")
QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}

# Tokens good enough to find keywords: IRIs, strings and comments are skipped
# whole, so a '#' in an IRI or 'insert' in a string is never read as syntax.
_TOKEN = re.compile(
    r"""\#[^\n]*
    | <[^<>"{}|^`\\\s]*>
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''
    | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
    | [?$]\w+
    | (?:[A-Za-z_][\w-]*)?:[\w.%:-]*
    | [A-Za-z_]\w*
    | \S""",
    re.X,
)
_NAME = re.compile(r"[\w.-]+")  # what an example query's name may hold


class QueryTimeout(QueryError):
    """A query that did not finish within its time limit."""

    @classmethod
    def after(cls, seconds: float) -> QueryTimeout:
        """The error for a query stopped after ``seconds``."""
        return cls(f"query did not finish within {seconds:g} s; "
                   "narrow it (add LIMIT, filter earlier) or raise the time limit")


def query_form(text: str) -> str:
    """The query's form keyword (SELECT, ASK, ..., or an UPDATE verb), upper-cased.

    Refuses what a read-only store must not run: UPDATE, ``SERVICE`` and
    ``FROM`` / ``FROM NAMED``.

    Examples
    --------
    >>> query_form("PREFIX x: <http://e/#a> # select?\\nselect * { ?s ?p 'insert' }")
    'SELECT'
    >>> query_form("SELECT * { SERVICE <http://e/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: SERVICE (federated query) is not allowed: this store answers from its own data only
    """
    tokens = _tokens(text)
    words = [t.upper() for t in tokens if t[0].isalpha() or t[0] == "_"]
    start = _after_prologue(tokens)
    form = tokens[start].upper() if start < len(tokens) else ""
    if form in UPDATE_WORDS:
        raise QueryError(f"{form} is a SPARQL UPDATE; this store is read-only "
                         "(use SELECT, ASK, CONSTRUCT or DESCRIBE)")
    if "SERVICE" in words:
        raise QueryError("SERVICE (federated query) is not allowed: this store answers from its own data only")
    if "FROM" in words:
        raise QueryError("FROM / FROM NAMED is not supported: this store has one default graph; "
                         "drop the FROM clause")
    return form


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text) if not t.startswith("#")]


def _after_prologue(tokens: list[str]) -> int:
    """The index of the first token after ``PREFIX p: <iri>`` and ``BASE <iri>`` lines."""
    i = 0
    while i < len(tokens) and tokens[i].upper() in ("PREFIX", "BASE"):
        i += 3 if tokens[i].upper() == "PREFIX" else 2
    return i


def _column_order(text: str, variables: list[str]) -> list[int] | None:
    """For ``SELECT *``: the indexes of ``variables`` in the order they first appear in the query.

    Engines are free to list the columns of ``SELECT *`` in any order
    (pyoxigraph sorts them, rdflib hashes them); people expect the order
    they wrote. None when the order given is to be kept.

    Examples
    --------
    >>> _column_order("SELECT * WHERE { ?s ?p ?o }", ["o", "p", "s"])
    [2, 1, 0]
    >>> _column_order("SELECT ?o ?s WHERE { ?s ?p ?o }", ["o", "s"]) is None
    True
    """
    tokens = _tokens(text)
    i = _after_prologue(tokens)
    if i >= len(tokens) or tokens[i].upper() != "SELECT":
        return None
    i += 1
    while i < len(tokens) and tokens[i].upper() in ("DISTINCT", "REDUCED"):
        i += 1
    if i >= len(tokens) or tokens[i] != "*":
        return None
    seen = {}
    for token in tokens[i:]:
        if token[0] in "?$":
            seen.setdefault(token[1:], len(seen))
    order = sorted(range(len(variables)), key=lambda k: (seen.get(variables[k], len(seen)), k))
    return None if order == list(range(len(variables))) else order


def _plain_syntax_error(text: str) -> str | None:
    """What is wrong with a query an engine could not parse, when the tokens make it plain.

    The engines' own messages for the two commonest slips point elsewhere:
    a misspelt form keyword reads "expected CONSTRUCT", an undeclared prefix
    lists the characters a name may hold.

    Examples
    --------
    >>> _plain_syntax_error("SELEC ?s WHERE { ?s ?p ?o }")
    "invalid SPARQL: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE (after PREFIX/BASE lines), not 'SELEC'"
    >>> _plain_syntax_error("SELECT ?s WHERE { ?s kg:uses ?o }") is None
    True
    """
    tokens = _tokens(text)
    start = _after_prologue(tokens)
    if start >= len(tokens) or tokens[start].upper() not in QUERY_FORMS:
        found = f", not {tokens[start]!r}" if start < len(tokens) else ""
        return ("invalid SPARQL: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE "
                f"(after PREFIX/BASE lines){found}")
    declared = [tokens[i + 1].partition(":")[0] for i in range(len(tokens) - 1)
                if tokens[i].upper() == "PREFIX"]
    for token in tokens:
        prefix, colon, _ = token.partition(":")
        is_name = colon and token[0] not in "<\"'" and prefix != "_"  # not an IRI, string or blank node
        if is_name and prefix not in declared and prefix not in PREFIXES:
            known = ", ".join(f"{p}:" for p in dict.fromkeys([*PREFIXES, *declared]))
            return (f"invalid SPARQL: unknown prefix {prefix}: (declare it with PREFIX {prefix}: <...>; "
                    f"known: {known})")
    return None


# --- loading -----------------------------------------------------------------

def available_engine() -> str:
    """The engine ``engine="auto"`` picks: oxigraph if pyoxigraph imports, else rdflib."""
    try:
        import pyoxigraph  # noqa: F401
    except ImportError:
        return "rdflib"
    return "oxigraph"


def load_store(source: str | Path, *, engine: str = "auto") -> Store:
    """Load an export folder (its ``graph.ttl``) or a ``.ttl``/``.nt``/``.jsonld`` file.

    Raises :class:`kg.errors.InputError` naming the file (and line) if it is
    missing or cannot be parsed, :class:`kg.errors.UnknownNameError` for an
    unknown engine.

    Examples
    --------
    >>> load_store("graph.ttl", engine="blazegraph")
    Traceback (most recent call last):
    ...
    kg.errors.UnknownNameError: unknown SPARQL engine 'blazegraph'; known: auto, oxigraph, rdflib
    """
    if engine == "auto":
        engine = available_engine()
    if engine not in ENGINES:
        raise UnknownNameError(f"unknown SPARQL engine {engine!r}; known: auto, {', '.join(ENGINES)}")
    path = rdf_file(source)
    started = time.perf_counter()
    backend = OxigraphEngine(path) if engine == "oxigraph" else RdflibEngine(path)
    store = Store(backend, engine=engine, path=path)
    log.info("loaded %s triples from %s with %s in %.2f s", len(store), path, engine,
             time.perf_counter() - started)
    return store


# --- querying ----------------------------------------------------------------

class Store:
    """A loaded RDF graph that answers read-only SPARQL queries.

    Use :func:`load_store` to make one. ``len(store)`` is its triple count.
    """

    def __init__(self, backend, *, engine: str, path: Path):
        self._backend = backend
        self.engine = engine
        self.path = path

    def __len__(self) -> int:
        return len(self._backend)

    def __repr__(self) -> str:
        return f"<Store {self.engine} {self.path} ({len(self)} triples)>"

    def query(self, text: str, *, timeout: float | None = None, limit: int | None = None) -> Result:
        """Answer a SELECT, ASK, CONSTRUCT or DESCRIBE query.

        ``limit`` caps the rows kept (the result says ``truncated``);
        ``timeout`` (seconds) raises :class:`QueryTimeout` if the answer takes
        longer. The query runs in a worker thread, so Ctrl-C stops the wait
        even without a time limit; an abandoned query is asked to stop:
        rdflib at once, pyoxigraph at its next row (one long step inside
        pyoxigraph, such as a big aggregate, runs on to its end:
        :func:`run_query` with a time limit and the endpoint run queries in
        processes they can kill, see :mod:`kg.sparql_workers`). ``SELECT *`` lists its columns in the
        order the variables first appear in the query. Graph results come
        sorted so both engines give the same triples in the same order.
        """
        query_form(text)
        if limit is not None and limit < 0:
            raise QueryError(f"limit must be >= 0, not {limit}")
        started = time.perf_counter()
        result = self._collect_within(text, limit, timeout)
        result.seconds = time.perf_counter() - started
        return result

    def _collect(self, text: str, limit: int | None, cancelled: threading.Event) -> Result:
        try:
            kind, variables, rows = self._backend.run(text)
        except QueryError as exc:
            raise QueryError(_plain_syntax_error(text) or str(exc)) from None
        order = _column_order(text, variables) if kind == "select" else None
        kept, truncated = [], False
        try:
            for row in rows:
                if cancelled.is_set():
                    raise QueryTimeout("query cancelled")
                if limit is not None and len(kept) >= limit and kind != "graph":
                    truncated = True
                    break
                kept.append(row if order is None else tuple(row[i] for i in order))
        finally:
            # pyoxigraph's result iterators must be dropped by the thread that made them.
            getattr(rows, "close", lambda: None)()
            del rows
        if order is not None:
            variables = [variables[i] for i in order]
        if kind == "graph":
            kept = sorted(set(kept))
            if limit is not None and len(kept) > limit:
                kept, truncated = kept[:limit], True
        return Result(kind, variables, kept, truncated=truncated, engine=self.engine)

    def _collect_within(self, text: str, limit: int | None, timeout: float | None) -> Result:
        cancelled = threading.Event()
        outcome: dict = {}

        def work() -> None:
            try:
                outcome["result"] = self._collect(text, limit, cancelled)
            except BaseException as exc:  # handed to the waiting thread
                outcome["error"] = exc

        worker = threading.Thread(target=work, name="kg-sparql-query", daemon=True)
        worker.start()
        try:
            worker.join(timeout)  # a signal (Ctrl-C) interrupts the wait, unlike a call into pyoxigraph
        finally:
            if worker.is_alive():
                cancelled.set()
                if self.engine == "rdflib":
                    _interrupt(worker)
        if worker.is_alive():
            raise QueryTimeout.after(timeout)
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]


def _interrupt(thread: threading.Thread) -> None:
    """Raise :class:`QueryTimeout` inside ``thread`` at its next Python instruction.

    rdflib evaluates a query in Python and, for an aggregate, yields nothing
    until the end, so a row-by-row check alone would let an abandoned query
    hold the interpreter for minutes. (pyoxigraph works outside the GIL and
    stops at its next row.)
    """
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident),
                                               ctypes.py_object(QueryTimeout))


def run_query(query: str | Path, source: str | Path, *, engine: str = "auto",
              timeout: float | None = None, limit: int | None = None,
              then: Callable[[Result], Any] | None = None) -> Result | Any:
    """Read ``query`` (see :func:`read_query`), load ``source`` and answer: what ``kg sparql`` runs.

    The query is checked before the (possibly long) load, so a refused
    update fails at once. ``then``, if given, is applied to the
    :class:`~kg.sparql_results.Result` and what it returns is returned.

    With a ``timeout`` the query runs in a forked process that is killed
    when the time is up (:class:`kg.sparql_workers.QueryWorkers`, as in
    ``kg serve``): :class:`QueryTimeout` is raised with the query stopped
    and its CPU free, whichever the engine. ``then`` runs there too (a
    function that pickles by name, say ``operator.methodcaller("to_table")``),
    so a long answer crosses back as the text made of it. Where the
    platform cannot fork (:func:`kg.workers.can_fork`: not on Windows) the
    query runs here as :meth:`Store.query` runs it, and one past its time
    is only abandoned: it may go on until the process ends.
    """
    from kg.sparql_workers import QueryWorkers  # it imports this module
    from kg.workers import can_fork

    text = read_query(query)
    query_form(text)
    store = load_store(source, engine=engine)
    if timeout is not None and can_fork():
        with QueryWorkers(store, size=1) as worker:
            return worker.query(text, timeout=timeout, limit=limit, then=then)
    result = store.query(text, timeout=timeout, limit=limit)
    return result if then is None else then(result)


def read_query(arg: str | Path) -> str:
    """Query text from ``arg``: a ``.rq`` file, the name of an example query, or the text itself.

    Examples
    --------
    >>> read_query("ASK { ?s ?p ?o }")
    'ASK { ?s ?p ?o }'
    >>> read_query("missing.rq")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: missing.rq: no such query file
    >>> read_query("most-used-benchmark")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.UnknownNameError: no example query named 'most-used-benchmark'; did you mean: most-used-benchmarks, ...? known: ...
    """
    text = str(arg)
    path = Path(text)
    if isinstance(arg, Path) or path.suffix.lower() in QUERY_SUFFIXES:
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"{path}: no such query file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read query file: {exc}") from None
    examples = example_queries()
    if text in examples:
        return examples[text].read_text(encoding="utf-8")
    if not text.strip():
        raise QueryError("empty query")
    if _NAME.fullmatch(text.strip()):  # one word cannot be a query: every query has a { } or <iri>
        raise UnknownNameError(_unknown_example(text.strip(), examples))
    return text


def _unknown_example(name: str, examples: dict[str, Path]) -> str:
    close = difflib.get_close_matches(name, examples, n=3, cutoff=0.6)
    guess = f"did you mean: {', '.join(close)}? " if close else ""
    return (f"no example query named {name!r}; {guess}known: {', '.join(examples)} "
            "(or give a .rq file or the query text)")
