"""The command line: a thin shell over the library.

Each command parses its arguments, calls one library function of the same
name, and prints. Results go to stdout; progress, warnings and errors go to
stderr. A :class:`kg.errors.KgError` becomes a one-line message and exit 1.
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


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def _stderr(message: str) -> None:
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
        formatter_class=_Formatter,
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="files, folders or globs (default: the bundled sample corpus)")
    p.add_argument("-o", "--out", default="exports", metavar="DIR",
                   help="folder for the exports (default: %(default)s)")
    p.add_argument("--format", dest="input_format", default=None,
                   help="force the input format: listing, jsonl or arxiv (default: by suffix and content)")
    p.add_argument("--strict", action="store_true",
                   help="exit non-zero if any input record was skipped")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="X",
                   help="keep only links with confidence >= X (0..1, default: %(default)s)")
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
            on_problem=lambda problem: _stderr(f"skipped: {problem}"),
            on_progress=on_progress,
        )
    for line in report.summary_lines():
        _stderr(line)
    if args.strict and report.skipped:
        _stderr(f"--strict: {report.skipped} record(s) skipped")
        return 2
    return 0


# --- export ----------------------------------------------------------------

def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _add_export(sub) -> None:
    p = sub.add_parser(
        "export",
        help="write a built graph in other formats (N-Triples, JSON-LD, GraphML, CSV, ...)",
        description="Read graph.json from a build and write it in the formats asked for: "
        + ", ".join(sorted(EXPORTERS)) + ".",
        epilog="examples:\n  kg export --format graphml,csv -o gephi/\n"
        "  kg export out/graph.json --format nt,jsonld -o out/\n",
        formatter_class=_Formatter,
    )
    p.add_argument("graph", nargs="?", default="exports/graph.json", metavar="GRAPH",
                   help="graph.json or a folder holding one (default: %(default)s)")
    p.add_argument("--format", dest="formats", type=_names, required=True, metavar="NAMES",
                   help="comma-separated formats")
    p.add_argument("-o", "--out", default="exports", metavar="DIR",
                   help="folder to write into (default: %(default)s)")
    p.set_defaults(func=_cmd_export)


def _cmd_export(args) -> int:
    from kg.graph import read_node_link
    from kg.pipeline import write_exports

    for path in write_exports(read_node_link(args.graph), args.out, args.formats):
        _stderr(f"wrote {path}")
    return 0


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
        formatter_class=_Formatter,
    )
    p.add_argument("gold", metavar="GOLD")
    p.add_argument("pred", metavar="PAPERS_JSONL")
    p.add_argument("--errors", type=int, default=0, metavar="N",
                   help="list the misses and false positives of N papers")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_cmd_evaluate)


def _cmd_evaluate(args) -> int:
    from kg.evaluate import evaluate, to_table

    result = evaluate(args.gold, args.pred, n_errors=args.errors)
    if args.json:
        _json_out(result.as_dict())
    else:
        print(to_table(result))
    return 0


# --- main ------------------------------------------------------------------

COMMANDS = [_add_build, _add_export, _add_evaluate]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Build and query a knowledge graph of ML papers: which methods, models, "
        "datasets, benchmarks, tasks and metrics each paper introduces or uses, with evidence.",
        epilog="examples:\n  kg build\n  kg stats\n  kg query papers GSM8K\n"
        "  kg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'\n\n"
        "Run 'kg COMMAND --help' for a command's options.",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMANDS:
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
        _stderr(f"kg {args.command}: error: {exc}")
        return 1
    except BrokenPipeError:  # `kg ... | head`
        return 0


def _json_out(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))


if __name__ == "__main__":
    sys.exit(main())
