"""The RDF file a user means: one given by name, or the graph file of an export folder.

``kg sparql``, ``kg serve`` and ``kg validate`` all take ``-g`` as either an
RDF file or the folder ``kg build`` wrote; :func:`rdf_file` settles which
file that is, with one set of error messages for all three.

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "graph.nt").write_text("")
>>> rdf_file(folder).name
'graph.nt'
>>> rdf_file(folder / "graph.csv")
Traceback (most recent call last):
...
kg.errors.InputError: .../graph.csv: no such file or folder; run `kg build` first or pass an export folder
"""
from __future__ import annotations

from pathlib import Path

from kg.errors import InputError

#: Suffix -> rdflib format name, for the files the exports write.
RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}
#: The graph files looked for in an export folder, in order.
EXPORT_FILES = ("graph.ttl", "graph.nt", "graph.jsonld")


def rdf_file(source: str | Path) -> Path:
    """The RDF file to read for ``source``: the file itself, or an export folder's graph file."""
    path = Path(source)
    if path.is_dir():
        for name in EXPORT_FILES:
            if (path / name).is_file():
                return path / name
        raise InputError(f"{path}: no {' or '.join(EXPORT_FILES)} in this folder; "
                         "run `kg build` first or pass an RDF file")
    if not path.is_file():
        raise InputError(f"{path}: no such file or folder; run `kg build` first or pass an export folder")
    if path.suffix.lower() not in RDF_FORMATS:
        raise InputError(f"{path}: unknown RDF file type {path.suffix!r}; known: {', '.join(RDF_FORMATS)}")
    return path
