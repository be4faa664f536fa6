"""The command line: a thin shell over the library.

Each command parses its arguments, calls one library function of the same
name, and prints. Results go to stdout; progress, warnings and errors go to
stderr. A :class:`kg.errors.KgError` becomes a one-line message and exit 1.
``kg stats`` and ``kg query`` live in :mod:`kg.cli_query`.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap

from kg import __version__
from kg.errors import KgError
from kg.exports import DEFAULT_FORMATS, EXPORTERS

EPILOG_BUILD = """examples:
  kg build                                       # the bundled sample corpus -> exports/
  kg build --min-confidence 0.8 -o confident/    # the same, surer links only, into confident/
  kg build papers.jsonl listings/ -o out/        # your own files and folders
  kg build 'feeds/*.xml' --format arxiv --strict
"""
DEFAULT_GRAPH = "exports"
#: What ``-g/--graph`` names, by what the command reads from a build.
_GRAPH_HELP = {
    "graph.json": "the export folder of a build, or the graph.json in it (default: exports/)",
    "rdf": "the export folder of a build (its graph.ttl, else graph.nt or graph.jsonld), or one "
           ".ttl, .nt or .jsonld file (default: exports/)",
}


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Wraps a one-paragraph description to the terminal, never inside a hyphenated name
    (``most-used-benchmarks``); keeps the lines of the examples as written."""

    def _fill_text(self, text, width, indent):
        if "\n" in text.strip():
            return super()._fill_text(text, width, indent)
        return textwrap.fill(" ".join(text.split()), width, initial_indent=indent,
                             subsequent_indent=indent, break_on_hyphens=False)


def stderr(message: str) -> None:
    print(message, file=sys.stderr)


def add_graph_option(parser: argparse.ArgumentParser, reads: str, *,
                     old_positional: str | None = None, old_option: str | None = None) -> None:
    """``-g/--graph DIR``, where every command that reads a build finds it (default: exports/).

    ``reads`` is a key of :data:`_GRAPH_HELP`. The spelling a command had
    before still works, hidden from its help: an optional positional
    argument (``kg validate out/``) or an option (``kg sparql --data out/``);
    giving it and ``-g`` is a usage error.
    """
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-g", "--graph", default=DEFAULT_GRAPH, metavar="DIR", help=_GRAPH_HELP[reads])
    if old_option:
        group.add_argument(old_option, dest="graph", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    if old_positional:
        group.add_argument("graph", nargs="?", metavar=old_positional, default=argparse.SUPPRESS,
                           help=argparse.SUPPRESS)


# --- build -----------------------------------------------------------------

def _add_build(sub) -> None:
    p = sub.add_parser(
        "build",
        help="build the graph from paper listings and write the exports",
        description="Read titles and abstracts, extract the methods, models, datasets, "
        "benchmarks, tasks and metrics each paper introduces or uses, and write the exports "
        "into the folder -o names (default: exports/): graph.ttl, graph.html, graph.json and "
        "papers.jsonl; exports of an earlier build there that this one does not write are "
        "removed. Inputs are listing pages saved from a daily-papers site (.txt, .md), "
        "JSON Lines with a title and an abstract a line (.jsonl), or arXiv API feeds (.xml). "
        "Every other command reads what this one writes.",
        epilog=EPILOG_BUILD,
        formatter_class=Formatter,
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="files, folders or globs (default: the bundled sample corpus)")
    p.add_argument("-o", "--out", default="exports", metavar="DIR",
                   help="folder to write the exports into (default: %(default)s/)")
    p.add_argument("--format", dest="input_format", default=None, choices=("listing", "jsonl", "arxiv"),
                   help="force the input format: listing, jsonl or arxiv (default: by suffix and content)")
    p.add_argument("--strict", action="store_true",
                   help="exit with status 3 if any input record or file was skipped (the exports are "
                   "still written; 1 is an error, 2 a wrong option)")
    p.add_argument("--min-confidence", type=_fraction, default=0.0, metavar="X",
                   help="keep only links with confidence >= X, the estimated chance that a link is right "
                        "(0..1, default: %(default)s; docs/quality.md shows how well it holds)")
    p.add_argument("-j", "--jobs", type=_positive, default=None, metavar="N",
                   help="worker processes for extraction and for writing the exports (default: "
                        "one per CPU, at most 8; corpora under 128 papers are extracted in one)")
    p.add_argument("--no-cache", dest="cache", action="store_false",
                   help="extract every paper again and keep nothing (default: take the papers an earlier "
                        "build extracted, unchanged, from the extraction cache in $KG_CACHE_DIR, else "
                        "~/.cache/kg; a new kg version or rule starts it afresh)")
    p.add_argument("--outputs", type=_names, default=list(DEFAULT_FORMATS), metavar="NAMES",
                   help="comma-separated exports to write (default: %s; also: %s)"
                   % (",".join(DEFAULT_FORMATS), ",".join(sorted(set(EXPORTERS) - set(DEFAULT_FORMATS)))))
    p.set_defaults(func=_cmd_build)


def _cmd_build(args) -> int:
    from kg.pipeline import build
    from kg.progress import progress_bar

    with progress_bar("extracting") as on_progress:
        report = build(
            args.inputs,
            args.out,
            input_format=args.input_format,
            min_confidence=args.min_confidence,
            formats=args.outputs,
            jobs=args.jobs,
            cache=args.cache,
            on_problem=lambda problem: stderr(f"{'skipped' if problem.skipped else 'warning'}: {problem}"),
            on_progress=on_progress,
        )
    for line in report.summary_lines():
        stderr(line)
    if args.strict and (report.skipped or report.files_skipped):
        stderr(f"--strict: {report.skipped_text()} skipped")
        return 3
    return 0


# --- export ----------------------------------------------------------------

def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, not {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:  # also NaN
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, not {text!r}")
    return value


def _at_least(low: int):
    """An argparse type: a whole number of at least ``low``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if value < low:
            raise argparse.ArgumentTypeError(f"expected a whole number of at least {low}, not {text!r}")
        return value
    return parse


_positive = _at_least(1)
_count = _at_least(0)


def _add_export(sub) -> None:
    p = sub.add_parser(
        "export",
        help="write a built graph in other formats (N-Triples, JSON-LD, GraphML, CSV, ...)",
        description="Read graph.json from a build and write it in the formats asked for, "
        "each as graph.<suffix> in the folder -o names (csv: a folder tables/ of CSV files).",
        epilog="examples:\n  kg export --format graphml,csv -o gephi/    # gephi/graph.graphml, gephi/tables/\n"
        "  kg export -g exports/ --format nt,jsonld    # exports/graph.nt, exports/graph.jsonld\n",
        formatter_class=Formatter,
    )
    add_graph_option(p, "graph.json", old_positional="GRAPH")
    p.add_argument("--format", dest="formats", type=_names, required=True, metavar="NAMES",
                   help="comma-separated formats: " + ", ".join(sorted(EXPORTERS)))
    p.add_argument("-o", "--out", default="exports", metavar="DIR",
                   help="folder to write into (default: %(default)s/)")
    p.set_defaults(func=_cmd_export)


def _cmd_export(args) -> int:
    from kg.graph import read_node_link
    from kg.pipeline import write_exports

    for path in write_exports(read_node_link(args.graph), args.out, args.formats):
        stderr(f"wrote {path}")
    return 0


# --- validate --------------------------------------------------------------

def _add_validate(sub) -> None:
    p = sub.add_parser(
        "validate",
        help="check an RDF export against the SHACL shapes of the ontology",
        description="Check the RDF export of a build (graph.ttl, or graph.nt, graph.jsonld) against "
        "the SHACL shapes of the ontology (ontology/shapes.ttl): one line per violation on stdout, "
        "naming the node, the property and the bad value, and a summary on stderr. "
        "Exit status 1 if the export does not conform.",
        epilog="examples:\n  kg validate\n  kg validate -g exports/graph.ttl --limit 0\n",
        formatter_class=Formatter,
    )
    add_graph_option(p, "rdf", old_positional="EXPORT")
    p.add_argument("--limit", type=_count, default=50, metavar="N",
                   help="show at most N violations, 0 for all (default: %(default)s)")
    p.set_defaults(func=_cmd_validate)


def _cmd_validate(args) -> int:
    from kg.validate import validate

    report = validate(args.graph)
    for line in report.lines(limit=args.limit or None):
        print(line)
    stderr(report.summary())
    return 0 if report.conforms else 1


# --- evaluate --------------------------------------------------------------

def _add_evaluate(sub) -> None:
    p = sub.add_parser(
        "evaluate",
        help="score a papers.jsonl against your own gold annotations",
        description="Score what a build found (its papers.jsonl) against your annotations of the "
        "same papers: per-type precision, recall and F1, named-entity recall, role accuracy and "
        "introduced-entity scores. Papers are matched by title.",
        epilog="examples (from the repository root, the sample's annotated papers):\n"
        "  kg evaluate ../shared/gold/dev.jsonl exports/\n"
        "  kg evaluate ../shared/gold/dev.jsonl exports/papers.jsonl --errors 10\n",
        formatter_class=Formatter,
    )
    p.add_argument("gold", metavar="GOLD",
                   help='your annotations, JSON Lines, one paper a line: {"title": ..., "entities": '
                   '[{"name", "aliases", "type", "role", "named"}]}')
    # Not -g DIR as elsewhere: PAPERS_JSONL would have to become optional, and argparse drops an
    # optional positional that follows an option (`kg evaluate GOLD --errors 3 PRED` would fail).
    p.add_argument("pred", metavar="PAPERS_JSONL",
                   help="what kg found: the papers.jsonl of a build, or its export folder")
    p.add_argument("--errors", type=_count, default=0, metavar="N",
                   help="list the misses and false positives of N papers (default: none)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_cmd_evaluate)


def _cmd_evaluate(args) -> int:
    from kg.evaluate import evaluate, to_table

    result = evaluate(args.gold, args.pred, n_errors=args.errors)
    if args.json:
        json_out(result.as_dict())
    else:
        print(to_table(result))
    return 0


# --- sparql and serve ------------------------------------------------------

def _add_sparql(sub) -> None:
    from kg.sparql_examples import example_queries

    p = sub.add_parser(
        "sparql", help="run a SPARQL query over the RDF export",
        description="Run a read-only SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) over "
        "the RDF export of a build (graph.ttl) and print the answer on stdout. QUERY is the "
        "query text, a .rq file, or the name of an example query (ontology/queries/NAME.rq; "
        "each says what it answers): " + ", ".join(example_queries()) + ". The kg prefixes "
        "(kg:, skos:, dcterms:, schema:, prov:, paper:, entity:, ...) need no PREFIX lines.",
        epilog="examples:\n"
        "  kg sparql 'SELECT ?name WHERE { ?b a kg:Benchmark ; skos:prefLabel ?name }'\n"
        "  kg sparql most-used-benchmarks --output csv > benchmarks.csv\n"
        "  kg sparql ontology/queries/model-families.rq -g exports/graph.ttl --output json\n"
        "  kg sparql co-used-entities --timeout 10     # a query past 10 s is stopped\n",
        formatter_class=Formatter)
    p.add_argument("query", metavar="QUERY", help="query text, a .rq file or an example's name")
    add_graph_option(p, "rdf", old_option="--data")
    p.add_argument("--engine", default="auto", choices=("auto", "oxigraph", "rdflib"),
                   help="query engine (default: %(default)s, oxigraph when installed)")
    p.add_argument("--output", default="table",
                   choices=("table", "csv", "tsv", "json", "xml", "turtle", "nt"),
                   help="table for reading, or a SPARQL results format; turtle/nt for "
                   "CONSTRUCT and DESCRIBE (default: %(default)s)")
    p.add_argument("--timeout", type=_seconds, default=None, metavar="S",
                   help="stop the query after S seconds, exit status 1 (default: no time limit; "
                   "Ctrl-C stops a query at any time)")
    p.set_defaults(func=_cmd_sparql)


def _cmd_sparql(args) -> int:
    from operator import methodcaller

    from kg.sparql import run_query
    from kg.workers import can_fork

    if args.timeout is not None and not can_fork():
        stderr("kg sparql: note: this system cannot fork a process to run the query in, so a query "
               "past --timeout is reported but goes on until kg exits")
    # Made where the query ran (in a worker process, with --timeout): text crosses back faster than rows.
    render = methodcaller("to_table") if args.output == "table" else methodcaller("serialize", args.output)
    answer = run_query(args.query, args.graph, engine=args.engine, timeout=args.timeout, then=render)
    if isinstance(answer, str):
        print(answer)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(answer if answer.endswith(b"\n") else answer + b"\n")
        sys.stdout.buffer.flush()
    return 0


def _add_serve(sub) -> None:
    p = sub.add_parser(
        "serve", help="serve the RDF export as a local SPARQL endpoint",
        description="Serve the RDF export of a build (graph.ttl) as a read-only SPARQL 1.1 "
        "Protocol endpoint at http://HOST:PORT/sparql (GET ?query=... or POST), answering in "
        "JSON, XML, CSV, TSV or Turtle by the Accept header, with a help page at /. It writes "
        "nothing; Ctrl-C stops it.",
        epilog="examples:\n  kg serve\n"
        "  kg serve -g exports/ --port 8000 --timeout 30 --max-rows 50000\n"
        "  curl -H 'Accept: text/csv' --data-urlencode "
        "'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' http://127.0.0.1:7878/sparql\n",
        formatter_class=Formatter)
    add_graph_option(p, "rdf", old_positional="EXPORT")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    p.add_argument("--port", type=int, default=7878, help="port, 0 for any free one (default: %(default)s)")
    p.add_argument("--timeout", type=_seconds, default=10.0, metavar="S",
                   help="time limit per query in seconds; a query past it is stopped "
                   "(default: %(default)s)")
    p.add_argument("--max-rows", type=int, default=10000, metavar="N",
                   help="rows returned at most; longer answers are cut (default: %(default)s)")
    p.add_argument("--max-running", type=_positive, default=4, metavar="N",
                   help="queries run at once, each in a worker process holding the graph; one "
                        "more gets 503 (default: %(default)s)")
    p.add_argument("--engine", default="auto", choices=("auto", "oxigraph", "rdflib"),
                   help="query engine (default: %(default)s)")
    p.set_defaults(func=_cmd_serve)


def _cmd_serve(args) -> int:
    from kg.server import serve

    try:
        serve(args.graph, host=args.host, port=args.port, timeout=args.timeout,
              max_rows=args.max_rows, max_running=args.max_running, engine=args.engine,
              on_ready=lambda url: stderr(f"SPARQL endpoint at {url} (help page at "
                                           f"{url.rsplit('/', 1)[0]}/); Ctrl-C stops it"))
    except KeyboardInterrupt:
        stderr("stopped")
    return 0


# --- viz -------------------------------------------------------------------

def _add_viz(sub) -> None:
    p = sub.add_parser(
        "viz",
        help="write an interactive page of the graph, or of a part of it",
        description="Read graph.json from a build and write one self-contained HTML page (it "
        "works offline) that draws the graph, or a part of it: colour by type, search, a panel "
        "with each node's links and evidence. Large graphs are cut to --max-nodes, the most "
        "connected first; the page says what was left out.",
        epilog="examples:\n  kg viz                 # into view.html\n"
        "  kg viz --focus GSM8K --depth 2 -o gsm8k.html\n"
        "  kg viz --types paper,benchmark --min-degree 3 -o benchmarks.html\n"
        "  kg viz -g exports/ --top 300 -o top.html\n",
        formatter_class=Formatter,
    )
    add_graph_option(p, "graph.json")
    p.add_argument("-o", "--out", default="view.html", metavar="FILE",
                   help="the page to write (default: %(default)s)")
    p.add_argument("--focus", metavar="NAME",
                   help="draw only the nodes near this name, alias, paper title or id")
    p.add_argument("--depth", type=_positive, default=1, metavar="N",
                   help="steps from --focus to follow (default: %(default)s)")
    p.add_argument("--types", metavar="T,T",
                   help="only these types: paper, method, model, dataset, benchmark, task, "
                   "metric, repository")
    p.add_argument("--top", type=_positive, metavar="N", help="only the N most connected nodes")
    p.add_argument("--min-degree", type=int, default=0, metavar="K",
                   help="only nodes with at least K links (default: %(default)s)")
    p.add_argument("--max-nodes", type=_positive, default=2000, metavar="N",
                   help="never draw more than N nodes (default: %(default)s)")
    p.set_defaults(func=_cmd_viz)


def _cmd_viz(args) -> int:
    from kg.graph import read_node_link
    from kg.page import write_page

    path = write_page(read_node_link(args.graph), args.out, focus=args.focus, depth=args.depth,
                      types=args.types, top=args.top, min_degree=args.min_degree,
                      max_nodes=args.max_nodes, on_view=lambda note: stderr(note.text()))
    stderr(f"wrote {path}")
    return 0


# --- main ------------------------------------------------------------------



def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Build and query a knowledge graph of ML papers: which methods, models, "
        "datasets, benchmarks, tasks and metrics each paper introduces or uses, with evidence.",
        epilog="examples:\n  kg build\n  kg stats\n  kg query papers GSM8K\n"
        "  kg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'\n\n"
        "kg build writes its exports into exports/ (-o DIR for another folder); the commands that\n"
        "read them look there, or in the folder -g DIR names. Run 'kg COMMAND --help' for a\n"
        "command's options, what it reads and writes, and examples.",
        formatter_class=Formatter,
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    from kg.cli_query import add_query, add_stats

    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in (_add_build, _add_export, _add_validate, _add_evaluate, add_stats, add_query,
                _add_sparql, _add_serve, _add_viz):
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args) or 0
    except KgError as exc:
        stderr(f"kg {args.command}: error: {exc}")
        return 1
    except BrokenPipeError:  # `kg ... | head`
        return 0
    except KeyboardInterrupt:  # Ctrl-C: no traceback, the shell's exit code for SIGINT
        stderr(f"kg {args.command}: interrupted")
        return 130


def run() -> None:
    """The ``kg`` program: :func:`main`, then exit at once.

    Python would otherwise free what the command read object by object before
    exiting: for a query on 20,000 papers that took 1.5 s of 5 s. Files are
    closed by then; only the standard streams need flushing.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # `kg ... | head` closed the pipe
            pass
    os._exit(code)


def json_out(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))


if __name__ == "__main__":
    run()
