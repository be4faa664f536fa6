"""``kg stats`` and ``kg query ...``: graph queries from the command line.

Part of the command line (:mod:`kg.cli`): each query parses its names, calls
one function of :mod:`kg.query`, and prints a table or JSON.
"""
from __future__ import annotations

import gc

import argparse

from kg.cli import Formatter, _positive, add_graph_option, json_out, stderr


def _graph_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    add_graph_option(common, "graph.json")
    common.add_argument("--json", action="store_true", help="print the answer as JSON")
    return common


def add_stats(sub) -> None:
    p = sub.add_parser("stats", parents=[_graph_options()], formatter_class=Formatter,
                       help="count papers, entities by type, links, and the most linked entities",
                       description="Read graph.json from a build and count the papers, the "
                       "entities of each type, the links by role and the code links, and list the "
                       "entities linked to most papers.",
                       epilog="examples:\n  kg stats\n  kg stats -g exports/ -n 10 --json\n")
    p.add_argument("-n", type=_positive, default=5, metavar="N",
                   help="most linked entities to list per type (default: %(default)s)")
    p.set_defaults(func=_cmd_stats)


def _load(graph: str):
    """The graph a one-shot command reads, moved out of the cycle collector's way: it is kept
    to the end, so walking it again at each collection would only cost time (0.4 s at 20,000 papers)."""
    from kg.query import load

    g = load(graph)
    gc.freeze()
    return g


def _cmd_stats(args) -> int:
    from kg.query import stats
    from kg.tables import stats_to_text

    result = stats(_load(args.graph), n=args.n)
    if args.json:
        json_out(result)
    else:
        print(stats_to_text(result))
    return 0


# (name, help, example, NAME arguments and the node kind each must be, call)
QUERIES = [
    ("papers", "papers that introduce or use an entity", "kg query papers GSM8K --role used",
     {"name": "entity"},
     lambda q, g, a: q.papers_of(g, a.name, role=a.role, variants=a.variants, narrower=a.narrower)),
    ("entities", "what a paper introduces and uses", "kg query entities 'Adapting LLM Agents' --type benchmark",
     {"paper": "paper"},
     lambda q, g, a: q.entities_of(g, a.paper, type=a.type, role=a.role)),
    ("top", "the entities linked to most papers", "kg query top --type benchmark -n 20", {},
     lambda q, g, a: q.top_entities(g, a.type, by=a.by, n=a.n)),
    ("co-used", "entities used in the same papers as one", "kg query co-used CoT --type dataset",
     {"name": "entity"}, lambda q, g, a: q.co_used(g, a.name, type=a.type, n=a.n)),
    ("similar", "papers sharing the most (rarest) entities with one",
     "kg query similar 'Adapting LLM Agents'", {"paper": "paper"},
     lambda q, g, a: q.similar_papers(g, a.paper, n=a.n)),
    ("path", "a shortest path between two names, with the papers on it",
     "kg query path HotpotQA LLaMA-2", {"a": None, "b": None},
     lambda q, g, a: q.path(g, a.a, a.b)),
    ("clusters", "groups of entities used together (Louvain communities)",
     "kg query clusters --type benchmark --min-size 3", {},
     lambda q, g, a: q.clusters(g, type=a.type, min_size=a.min_size, min_papers=a.min_papers)),
    ("neighbours", "the nodes linked to one", "kg query neighbours LLaMA-7B", {"name": None},
     lambda q, g, a: q.neighbours(g, a.name)),
]


_NAME_HELP = {"entity": "an entity's name or alias, any case",
              "paper": "a paper's id, title or part of its title",
              None: "an entity, paper or repository, by name, title or id"}


def add_query(sub) -> None:
    from kg.records import ENTITY_TYPES, ROLES

    p = sub.add_parser(
        "query", help="ask the graph: papers of an entity, entities of a paper, top, paths, ...",
        description="Read graph.json from a build (-g DIR, default: exports/) and answer one "
        "question, as a table or, with --json, as JSON. Names are matched ignoring case and "
        "punctuation, through aliases (CoT -> Chain-of-Thought); papers by title, part of a "
        "title or id. Run 'kg query QUERY --help' for a query's options.",
        epilog="examples:\n" + "".join(f"  {example}\n" for _, _, example, _, _ in QUERIES),
        formatter_class=Formatter)
    queries = p.add_subparsers(dest="query", metavar="QUERY", required=True)
    common = _graph_options()
    for name, summary, example, names, call in QUERIES:
        q = queries.add_parser(name, parents=[common], help=summary, formatter_class=Formatter,
                               description=summary[0].upper() + summary[1:] + ".",
                               epilog=f"example:\n  {example}\n")
        for dest, kind in names.items():
            q.add_argument(dest, metavar=dest.upper(), help=_NAME_HELP[kind])
        if name in ("papers", "entities"):
            q.add_argument("--role", choices=ROLES, help="only links with this role")
            q.add_argument("--evidence", action="store_true",
                           help="print under each link the sentence it was read from")
        if name in ("entities", "top", "co-used", "clusters"):
            q.add_argument("--type", choices=ENTITY_TYPES, help="only entities of this type")
        if name in ("top", "co-used", "similar"):
            q.add_argument("-n", type=_positive, default=10, metavar="N",
                           help="how many to list (default: %(default)s)")
        q.set_defaults(func=_cmd_query, call=call, names=names)
    queries.choices["papers"].add_argument(
        "--variants", action="store_true", help="include the papers of sized variants (LLaMA-7B)")
    queries.choices["papers"].add_argument(
        "--narrower", action="store_true",
        help="include the papers of narrower terms ('medical question answering' for 'question answering')")
    queries.choices["top"].add_argument("--by", choices=("papers", "pagerank"), default="papers",
                                        help="rank by number of papers or PageRank (default: %(default)s)")
    queries.choices["clusters"].add_argument("--min-size", type=_positive, default=3, metavar="N",
                                             help="smallest cluster to list (default: 3)")
    queries.choices["clusters"].add_argument(
        "--min-papers", type=_positive, default=2, metavar="N",
        help="leave out entities linked to fewer papers (default: 2)")


def _cmd_query(args) -> int:
    from dataclasses import asdict

    from kg import query
    from kg.tables import results_to_table, with_evidence

    g = _load(args.graph)
    results = args.call(query, g, args)
    for dest, kind in args.names.items():  # say what a name was taken to mean
        node = query.find(g, getattr(args, dest), kind=kind)
        if query.label(g, node) != getattr(args, dest):
            stderr(f"{getattr(args, dest)!r} is {query.label(g, node)} ({node})")
    if args.json:
        json_out([asdict(r) for r in results])
    elif results:
        table = results_to_table(results)
        print(with_evidence(table, results) if getattr(args, "evidence", False) else table)
    else:
        stderr(_why_empty(args))
    return 0


# What an empty answer means, per query: no answer should look like a failure.
_EMPTY = {
    "papers": "no paper links to {name}{role}",
    "entities": "{paper} has no links{role}{type}",
    "top": "no entities{type}",
    "co-used": "no paper that links to {name} links to another entity{type}",
    "similar": "no other paper shares an entity with {paper}",
    "path": "no path links {a} and {b}",
    "clusters": "no group of at least {min_size} entities{type} used together in {min_papers}+ papers; "
                "try --min-size 2 or --min-papers 1",
    "neighbours": "{name} has no links",
}


def _why_empty(args) -> str:
    values = dict(vars(args))
    values["role"] = f" with role {args.role}" if getattr(args, "role", None) else ""
    values["type"] = f" of type {args.type}" if getattr(args, "type", None) else ""
    return _EMPTY[args.query].format(**values)
