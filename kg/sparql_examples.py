"""The example SPARQL queries bundled with kg (``ontology/queries/*.rq``), found by name.

Kept apart from :mod:`kg.sparql` so that ``kg --help`` can list them
without loading the query engines.
"""
from __future__ import annotations

from pathlib import Path


def example_queries() -> dict[str, Path]:
    """The bundled example queries (``ontology/queries/*.rq``) by name.

    Examples
    --------
    >>> "most-used-benchmarks" in example_queries()
    True
    """
    here = Path(__file__).resolve().parent
    for folder in (here / "ontology" / "queries", here.parent / "ontology" / "queries"):
        if folder.is_dir():
            return {p.stem: p for p in sorted(folder.glob("*.rq"))}
    return {}
