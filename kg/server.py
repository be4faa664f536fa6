"""A local, read-only SPARQL 1.1 Protocol endpoint over an export (what ``kg serve`` runs).

Built on the standard library's :class:`http.server.ThreadingHTTPServer` and
:mod:`kg.sparql`: ``GET /sparql?query=...`` and ``POST /sparql`` (an
``application/sparql-query`` body or a form with ``query=``) answer in the
format the ``Accept`` header asks for -- SPARQL results JSON, XML, CSV or TSV,
Turtle or N-Triples for graph results -- or 406 if it asks for none of them.
Queries run in worker processes (:mod:`kg.sparql_workers`), one per query
that may run at once: one more gets 503 with ``Retry-After``, and a query
that runs past the time limit gets 503 and its worker is killed, so it stops
using the CPU and its place is free for the next query. Updates are refused
with 400, and an answer longer than the row cap is cut short and says so in
the ``X-Kg-Truncated`` header. ``/`` is a small HTML page saying how to
query the endpoint.

Examples
--------
>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "select")
'xml'
>>> negotiate("*/*", "graph"), negotiate("", "ask"), negotiate("text/*", "select")
('turtle', 'json', 'csv')
>>> negotiate("image/png", "select") is None
True
"""
from __future__ import annotations

import html
import logging
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from kg.errors import KgError, QueryError
from kg.sparql import QueryTimeout, Store, load_store
from kg.sparql_examples import example_queries
from kg.sparql_results import Result
from kg.sparql_workers import QueryWorkers, WorkersBusy

log = logging.getLogger(__name__)

#: Result format -> the media type it is served as.
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
}
_ACCEPTED = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "nt",
}
_ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", **_ACCEPTED}
_TEXT = "text/plain; charset=utf-8"
_TABLE_FORMATS = ("json", "xml", "csv", "tsv")
_GRAPH_FORMATS = ("turtle", "nt")
MAX_BODY = 1 << 20  # bytes of a POSTed query or form
EXAMPLE = "SELECT ?name (COUNT(?paper) AS ?papers) WHERE {\n" \
          "  ?b a kg:Benchmark ; skos:prefLabel ?name .\n  ?paper kg:uses ?b .\n}\n" \
          "GROUP BY ?name ORDER BY DESC(?papers) LIMIT 10"


def negotiate(accept: str, kind: str, requested: str = "") -> str | None:
    """The result format for an ``Accept`` header (or a ``format=`` parameter) and result kind.

    A graph result is served as Turtle or N-Triples, anything else as one of
    the four results formats. No ``Accept`` header means JSON (Turtle for a
    graph), as does ``*/*``; a header that accepts none of the formats
    gives None (the endpoint's 406).
    """
    fits = _GRAPH_FORMATS if kind == "graph" else _TABLE_FORMATS
    requested = requested.strip().lower()
    if _ALIASES.get(requested, requested) in fits:
        return _ALIASES.get(requested, requested)
    ranges = []
    for n, part in enumerate(accept.split(",")):
        media, *params = [p.strip().lower() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, n, media))
    for _, _, media in sorted(ranges):
        if _ACCEPTED.get(media) in fits:
            return _ACCEPTED[media]
        major, _, minor = media.partition("/")
        if minor == "*":
            for fmt in fits:
                if major == "*" or MEDIA_TYPES[fmt].startswith(major + "/"):
                    return fmt
    return None if accept.strip() else fits[0]


def _response(result: Result, *, accept: str, requested: str, max_rows: int):
    """The HTTP status, body, media type and extra headers answering with ``result``.

    Runs in the query's worker process (see :meth:`kg.sparql_workers.QueryWorkers.query`).
    """
    fmt = negotiate(accept, result.kind, requested)
    if fmt is None:
        return HTTPStatus.NOT_ACCEPTABLE, _text(_not_acceptable(accept, result.kind)), _TEXT, {}
    extra = {"X-Kg-Rows": str(len(result.terms))}
    if result.truncated:
        extra["X-Kg-Truncated"] = f"true; only the first {_counted(max_rows, 'row')} kept"
    return HTTPStatus.OK, result.serialize(fmt), MEDIA_TYPES[fmt], extra


def _text(message: str) -> bytes:
    return (message + "\n").encode("utf-8")


def _not_acceptable(accept: str, kind: str) -> str:
    fits = _GRAPH_FORMATS if kind == "graph" else _TABLE_FORMATS
    types = ", ".join(MEDIA_TYPES[f].split(";")[0] for f in fits)
    return (f"cannot answer a {'CONSTRUCT or DESCRIBE' if kind == 'graph' else 'SELECT or ASK'} query "
            f"as {accept}; this endpoint serves {types} (or ask with format={'|'.join(fits)})")


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: a store and its query workers, a time limit per query and a row cap."""

    daemon_threads = True

    def __init__(self, address, store: Store, workers: QueryWorkers, *, triples: int, timeout: float,
                 max_rows: int):
        self.store = store
        self.workers = workers
        self.triples = triples
        self.query_timeout = timeout
        self.max_rows = max_rows
        super().__init__(address, _Handler)

    def server_close(self) -> None:
        super().server_close()
        self.workers.close()

    @property
    def url(self) -> str:
        """The endpoint's URL, e.g. ``http://127.0.0.1:7878/sparql``."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sparql"


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql"

    def log_message(self, format, *args):  # noqa: A002 (the name http.server uses)
        log.info("%s %s", self.address_string(), format % args)

    # --- routes --------------------------------------------------------------

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, _page(self.server).encode("utf-8"), "text/html; charset=utf-8")
        elif url.path == "/sparql":
            self._answer(parse_qs(url.query, keep_blank_values=True))
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no such page {url.path!r}; the endpoint is /sparql")

    def do_POST(self):
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(HTTPStatus.NOT_FOUND, f"no such page {url.path!r}; the endpoint is /sparql")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._error(HTTPStatus.BAD_REQUEST, "Content-Length is not a number")
        if length > MAX_BODY:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                               f"request body of {length} bytes is over the {MAX_BODY}-byte limit")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        params = parse_qs(url.query, keep_blank_values=True)
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-query":
            params["query"] = [body]
        elif content_type == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-update":
            return self._error(HTTPStatus.BAD_REQUEST, _READ_ONLY)
        else:
            return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                               f"cannot read a {content_type or 'untyped'} body; send "
                               "application/sparql-query or application/x-www-form-urlencoded")
        self._answer(params)

    def do_OPTIONS(self):  # CORS preflight
        self._send(HTTPStatus.NO_CONTENT, b"", None)

    # --- answering -----------------------------------------------------------

    def _answer(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            return self._error(HTTPStatus.BAD_REQUEST, _READ_ONLY)
        if "default-graph-uri" in params or "named-graph-uri" in params:
            return self._error(HTTPStatus.BAD_REQUEST, "default-graph-uri and named-graph-uri are "
                               "not supported: this endpoint has one default graph")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return self._error(HTTPStatus.BAD_REQUEST, "expected exactly one non-empty 'query' "
                               "parameter; see / for how to query this endpoint")
        server = self.server
        requested = (params.get("format") or params.get("output") or [""])[0]
        respond = partial(_response, accept=self.headers.get("Accept") or "", requested=requested,
                          max_rows=server.max_rows)
        try:
            status, body, content_type, extra = server.workers.query(
                queries[0], timeout=server.query_timeout, limit=server.max_rows, then=respond)
        except WorkersBusy as exc:
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc), {"Retry-After": "1"})
        except QueryTimeout as exc:
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
        except QueryError as exc:
            return self._error(HTTPStatus.BAD_REQUEST, str(exc))
        except Exception:  # a bug: say so without leaking a traceback to the client
            log.exception("query failed: %s", queries[0])
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "the query failed; see the server log")
        self._send(status, body, content_type, extra)

    def _error(self, status: HTTPStatus, message: str, extra: dict[str, str] | None = None) -> None:
        self._send(status, _text(message), _TEXT, extra)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str | None,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Accept, Content-Type")
        self.send_header("Access-Control-Expose-Headers", "X-Kg-Rows, X-Kg-Truncated")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


_READ_ONLY = "this endpoint is read-only: SPARQL UPDATE is not accepted (use SELECT, ASK, CONSTRUCT or DESCRIBE)"


def _page(server: SparqlServer) -> str:
    e = html.escape
    url = server.url
    store = server.store
    examples = "".join(
        f"<li><a href=\"/sparql?query={quote(path.read_text(encoding='utf-8'))}&amp;format=json\">"
        f"{e(name)}</a>: {e(_first_comment(path))}</li>\n"
        for name, path in example_queries().items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>body{{font-family:sans-serif;max-width:52em;margin:2em auto;padding:0 1em}}
textarea{{width:100%;font-family:monospace}}pre{{background:#f4f4f4;padding:.6em;overflow-x:auto}}</style>
</head><body>
<h1>kg SPARQL endpoint</h1>
<p>A read-only SPARQL 1.1 endpoint over <code>{e(str(store.path))}</code>
({_counted(server.triples, 'triple')}, {e(store.engine)} engine). Send queries to <code>{e(url)}</code>.
Queries may use the kg prefixes (<code>kg:</code>, <code>skos:</code>, <code>dcterms:</code>,
<code>schema:</code>, <code>prov:</code>, <code>paper:</code>, <code>entity:</code>) without
declaring them. Each query may run {server.query_timeout:g} s and return
{_counted(server.max_rows, 'row')} at most; at most {server.workers.size} run at once.</p>
<form action="/sparql" method="get">
<textarea name="query" rows="7">{e(EXAMPLE)}</textarea>
<p><label>Format <select name="format"><option>json</option><option>xml</option>
<option>csv</option><option>tsv</option></select></label> <button>Run</button></p>
</form>
<h2>From the command line</h2>
<pre>curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {{ ?s ?p ?o }} LIMIT 5' {e(url)}</pre>
<p>The <code>Accept</code> header picks the format: <code>application/sparql-results+json</code>,
<code>application/sparql-results+xml</code>, <code>text/csv</code>,
<code>text/tab-separated-values</code>; <code>text/turtle</code> or
<code>application/n-triples</code> for CONSTRUCT and DESCRIBE.</p>
<h2>Example queries</h2>
<ul>
{examples}</ul>
</body></html>
"""


def _counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1: "1 row", "10,000 rows"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _first_comment(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# "))
    return " ".join(lines)


def make_server(source, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0,
                max_rows: int = 10000, max_running: int = 4, engine: str = "auto") -> SparqlServer:
    """A bound, not yet running endpoint over ``source`` (a :class:`~kg.sparql.Store` or
    what :func:`~kg.sparql.load_store` reads); port 0 picks a free port.

    At most ``max_running`` queries run at once, each in its own worker
    process; one more gets 503 with ``Retry-After``. Closing the server
    (``server_close``) stops the workers."""
    if timeout <= 0 or max_rows < 1 or max_running < 1:
        raise KgError(f"the time limit must be > 0 s, the row cap and the number of queries at once "
                      f">= 1, not {timeout}, {max_rows} and {max_running}")
    store = source if isinstance(source, Store) else load_store(source, engine=engine)
    # Counted before the fork: counting writes to every page of a pyoxigraph store, which would
    # then stop being shared with the workers. And the workers are forked before the socket is
    # opened, so that they do not hold it open after the server closes.
    triples = len(store)
    workers = QueryWorkers(store, size=max_running)
    try:
        return SparqlServer((host, port), store, workers, triples=triples, timeout=timeout,
                            max_rows=max_rows)
    except OSError as exc:
        workers.close()
        raise KgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def serve(source, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0,
          max_rows: int = 10000, max_running: int = 4, engine: str = "auto", on_ready=None) -> None:
    """Serve ``source`` until interrupted; ``on_ready(url)`` is called once it listens.

    Ctrl-C raises :class:`KeyboardInterrupt` out of here after the socket is closed.
    """
    server = make_server(source, host=host, port=port, timeout=timeout, max_rows=max_rows,
                         max_running=max_running, engine=engine)
    try:
        if on_ready:
            on_ready(server.url)
        log.info("serving %s at %s", server.store.path, server.url)
        server.serve_forever()
    finally:
        server.server_close()
