"""kg: a knowledge graph of the research literature from titles and abstracts.

Readers turn listing pages, JSON Lines and arXiv Atom feeds into
:class:`~kg.records.Paper` records; spaCy extraction finds the methods,
models, datasets, benchmarks, tasks and metrics each paper introduces or
uses; NetworkX holds the graph; exporters write Turtle, HTML, node-link JSON
and per-paper JSON Lines.

Heavy modules (spaCy, rdflib, pyvis) load only when a function needs them,
so ``import kg`` stays fast.
"""
__version__ = "0.1.0"


def load(path="exports/graph.json"):
    """Read a built graph; see :func:`kg.query.load` (imported only when called).

    >>> import kg
    >>> kg.load("no/such/graph.json")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: no/such/graph.json: no such graph file; run `kg build` first or pass -g DIR
    """
    from kg.query import load as load_graph

    return load_graph(path)
