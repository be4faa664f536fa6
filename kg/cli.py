"""The command line: a thin shell over the library.

Each command parses its arguments, calls one library function of the same
name, and prints. Results go to stdout; progress, warnings and errors go to
stderr. A :class:`kg.errors.KgError` becomes a one-line message and exit 1.
``kg stats`` and ``kg query`` live in :mod:`kg.cli_query`.
"""
from __future__ import annotations

import argparse
import json
import sys

from kg import __version__
from kg.errors import KgError
from kg.exports import DEFAULT_FORMATS, EXPORTERS

EPILOG_BUILD = """examples:
  kg build                          # the bundled sample corpus -> exports/
  kg build papers.jsonl listings/ -o out/
  kg build 'feeds/*.xml' --format arxiv --strict
"""


class Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def stderr(message: str) -> None:
    print(message, file=sys.stderr)


# --- build -----------------------------------------------------------------

def _add_build(sub) -> None:
    p = sub.add_parser(
        "build",
        help="build the graph from paper listings and write the exports",
        description="Read titles and abstracts, extract the methods, models, datasets, "
        "benchmarks, tasks and metrics each paper introduces or uses, and write "
        "graph.ttl, graph.html, graph.json and papers.jsonl.",
        epilog=EPILOG_BUILD,
        formatter_class=Formatter,
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="files, folders or globs (default: the bundled sample corpus)")
    p.add_argument("-o", "--out", default="exports", metavar="DIR",
                   help="folder for the exports (default: %(default)s)")
    p.add_argument("--format", dest="input_format", default=None, choices=("listing", "jsonl", "arxiv"),
                   help="force the input format: listing, jsonl or arxiv (default: by suffix and content)")
    p.add_argument("--strict", action="store_true",
                   help="exit with status 3 if any input record or file was skipped (the exports are "
                   "still written; 1 is an error, 2 a wrong option)")
    p.add_argument("--min-confidence", type=_fraction, default=0.0, metavar="X",
                   help="keep only links with confidence >= X (0..1, default: %(default)s)")
    p.add_argument("-j", "--jobs", type=_positive, default=None, metavar="N",
                   help="worker processes for extraction and for writing the exports (default: "
                        "one per CPU, at most 8; corpora under 128 papers are extracted in one)")
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


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


def _add_export(sub) -> None:
    p = sub.add_parser(
        "export",
        help="write a built graph in other formats (N-Triples, JSON-LD, GraphML, CSV, ...)",
        description="Read graph.json from a build and write it in the formats asked for: "
        + ", ".join(sorted(EXPORTERS)) + ".",
        epilog="examples:\n  kg export --format graphml,csv -o gephi/\n"
        "  kg export -g out/ --format nt,jsonld -o out/\n",
        formatter_class=Formatter,
    )
    p.add_argument("-g", "--graph", default="exports/graph.json", metavar="PATH",
                   help="graph.json or a folder holding one (default: %(default)s)")
    p.add_argument("legacy_graph", nargs="?", help=argparse.SUPPRESS)  # before -g: `kg export out/graph.json`
    p.add_argument("--format", dest="formats", type=_names, required=True, metavar="NAMES",
                   help="comma-separated formats")
    p.add_argument("-o", "--out", default="exports", metavar="DIR",
                   help="folder to write into (default: %(default)s)")
    p.set_defaults(func=_cmd_export)


def _cmd_export(args) -> int:
    from kg.graph import read_node_link
    from kg.pipeline import write_exports

    for path in write_exports(read_node_link(args.legacy_graph or args.graph), args.out, args.formats):
        stderr(f"wrote {path}")
    return 0


# --- validate --------------------------------------------------------------

def _add_validate(sub) -> None:
    p = sub.add_parser(
        "validate",
        help="check an RDF export against the SHACL shapes of the ontology",
        description="Check graph.ttl (or graph.nt, graph.jsonld) against ontology/shapes.ttl: "
        "one line per violation, naming the node, the property and the bad value. "
        "Exit status 1 if the export does not conform.",
        epilog="examples:\n  kg validate\n  kg validate out/graph.nt --limit 0\n",
        formatter_class=Formatter,
    )
    p.add_argument("source", nargs="?", default="exports", metavar="EXPORT",
                   help="an RDF file or an export folder (default: %(default)s)")
    p.add_argument("--limit", type=int, default=50, metavar="N",
                   help="show at most N violations, 0 for all (default: %(default)s)")
    p.set_defaults(func=_cmd_validate)


def _cmd_validate(args) -> int:
    from kg.validate import validate

    report = validate(args.source)
    for line in report.lines(limit=args.limit or None):
        print(line)
    stderr(report.summary())
    return 0 if report.conforms else 1


# --- evaluate --------------------------------------------------------------

def _add_evaluate(sub) -> None:
    p = sub.add_parser(
        "evaluate",
        help="score a papers.jsonl against your own gold annotations",
        description="Per-type precision, recall and F1, named-entity recall, role accuracy and "
        "introduced-entity scores of PAPERS_JSONL against GOLD (one paper a line: title and "
        "entities with name, aliases, type, role, named).",
        epilog="examples:\n  kg evaluate gold.jsonl exports/papers.jsonl\n"
        "  kg evaluate gold.jsonl exports/papers.jsonl --errors 10\n",
        formatter_class=Formatter,
    )
    p.add_argument("gold", metavar="GOLD", help="your annotations, JSON Lines (the format of ../shared/gold)")
    p.add_argument("pred", metavar="PAPERS_JSONL", help="what kg found: papers.jsonl of a build")
    p.add_argument("--errors", type=int, default=0, metavar="N",
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
    p = sub.add_parser(
        "sparql", help="run a SPARQL query over the RDF export",
        description="Run a read-only SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) over "
        "graph.ttl. QUERY is the query text, a .rq file, or the name of an example query "
        "(ontology/queries/NAME.rq). The kg prefixes (kg:, skos:, dcterms:, schema:, prov:, "
        "paper:, entity:, ...) need no PREFIX lines.",
        epilog="examples:\n"
        "  kg sparql 'SELECT ?name WHERE { ?b a kg:Benchmark ; skos:prefLabel ?name }'\n"
        "  kg sparql most-used-benchmarks --output csv > benchmarks.csv\n"
        "  kg sparql my-query.rq --data out/graph.nt --engine rdflib --output json\n",
        formatter_class=Formatter)
    p.add_argument("query", metavar="QUERY", help="query text, a .rq file or an example's name")
    p.add_argument("--data", default="exports", metavar="EXPORT_OR_FILE",
                   help="export folder or .ttl/.nt/.jsonld file (default: %(default)s)")
    p.add_argument("--engine", default="auto", choices=("auto", "oxigraph", "rdflib"),
                   help="query engine (default: %(default)s, oxigraph when installed)")
    p.add_argument("--output", default="table",
                   choices=("table", "csv", "tsv", "json", "xml", "turtle", "nt"),
                   help="table for reading, or a SPARQL results format; turtle/nt for "
                   "CONSTRUCT and DESCRIBE (default: %(default)s)")
    p.add_argument("--timeout", type=float, default=None, metavar="S",
                   help="give up after S seconds (default: no time limit; Ctrl-C stops a "
                   "query at any time)")
    p.set_defaults(func=_cmd_sparql)


def _cmd_sparql(args) -> int:
    from kg.sparql import run_query

    result = run_query(args.query, args.data, engine=args.engine, timeout=args.timeout)
    if args.output == "table":
        print(result.to_table())
    else:
        data = result.serialize(args.output)
        sys.stdout.flush()
        sys.stdout.buffer.write(data if data.endswith(b"\n") else data + b"\n")
        sys.stdout.buffer.flush()
    return 0


def _add_serve(sub) -> None:
    p = sub.add_parser(
        "serve", help="serve the RDF export as a local SPARQL endpoint",
        description="A read-only SPARQL 1.1 Protocol endpoint at http://HOST:PORT/sparql "
        "(GET ?query=... or POST), answering in JSON, XML, CSV, TSV or Turtle by the Accept "
        "header, with a help page at /. Ctrl-C stops it.",
        epilog="examples:\n  kg serve\n"
        "  kg serve out/ --port 8000 --timeout 30 --max-rows 50000\n"
        "  curl -H 'Accept: text/csv' --data-urlencode "
        "'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' http://127.0.0.1:7878/sparql\n",
        formatter_class=Formatter)
    p.add_argument("export", nargs="?", default="exports", metavar="EXPORT",
                   help="export folder or .ttl/.nt/.jsonld file (default: %(default)s)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    p.add_argument("--port", type=int, default=7878, help="port, 0 for any free one (default: %(default)s)")
    p.add_argument("--timeout", type=float, default=10.0, metavar="S",
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
        serve(args.export, host=args.host, port=args.port, timeout=args.timeout,
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
        description="Write one self-contained HTML page (it works offline) that draws the graph: "
        "colour by type, search, a panel with each node's links and evidence. Large graphs are "
        "cut to --max-nodes, the most connected first; the page says what was left out.",
        epilog="examples:\n  kg viz -o graph.html\n  kg viz --focus GSM8K --depth 2 -o gsm8k.html\n"
        "  kg viz --types paper,benchmark --min-degree 3\n  kg viz -g out/ --top 300\n",
        formatter_class=Formatter,
    )
    p.add_argument("-g", "--graph", default="exports/graph.json", metavar="PATH",
                   help="graph.json or a folder holding one (default: %(default)s)")
    p.add_argument("-o", "--out", default="view.html", metavar="FILE",
                   help="the page to write (default: %(default)s)")
    p.add_argument("--focus", metavar="NAME",
                   help="draw only the nodes near this name, alias, paper title or id")
    p.add_argument("--depth", type=int, default=1, metavar="N",
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
        "Run 'kg COMMAND --help' for a command's options.",
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


def json_out(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))


if __name__ == "__main__":
    sys.exit(main())
