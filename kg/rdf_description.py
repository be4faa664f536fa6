"""An export's description of itself: a VoID dataset, the build that made it, kg as its agent.

:func:`kg.rdf.iter_triples` counts what it writes in a :class:`Tally` and
ends with :func:`description_triples`, so every export (Turtle, N-Triples,
JSON-LD) says what it is: a ``void:Dataset`` (and ``dcat:Dataset``) with a
title and description, the vocabularies it uses, its number of triples and
of papers, entities, links, ..., the rights that apply, the input files its
papers were read from, and the ``prov:Activity`` that generated it, run by kg
(a ``prov:SoftwareAgent``) at a given version. Entity and code links point to
the same activity with ``prov:wasGeneratedBy``.

Nothing here depends on the clock or the machine: the same graph gives the
same description, so ``kg build`` keeps writing the same bytes.

Examples
--------
>>> tally = Tally(triples=10)
>>> tally.count("Paper", 2)
>>> tally.add_source("listing.txt:7")
>>> triples = description_triples(tally)
>>> from rdflib.namespace import VOID
>>> [o.toPython() for s, p, o in triples if p == VOID.triples] == [10 + len(triples)]
True
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kg.iris import ID_BASE, build_iri, dataset_iri, scheme_iri, software_iri

#: The kg classes whose instances the description counts, one ``void:classPartition`` each.
PARTITIONS = ("Paper", "Entity", "CodeRepository", "EntityLink", "CodeLink", "Evidence")
#: Vocabularies the data is written in, each by the IRI its terms are ``rdfs:isDefinedBy``.
VOCABULARIES = (
    "https://w3id.org/kg-papers/ontology",
    "http://purl.org/dc/terms/",
    "http://purl.org/dc/elements/1.1/",
    "http://www.w3.org/2004/02/skos/core",
    "http://www.w3.org/ns/prov-o#",
)
RIGHTS = (
    "Titles, abstracts, author names and evidence sentences are quoted from the sources the "
    "papers were read from (dcterms:source) and keep the terms of those sources. Entity names "
    "and types may come from kg's gazetteers derived from Papers with Code (CC BY-SA 4.0, "
    "paperswithcode.com). kg adds no terms of its own."
)
_LINE = re.compile(r":\d+$")


@dataclass
class Tally:
    """What an export holds, counted while its triples are made."""

    triples: int = 0
    instances: Counter = field(default_factory=Counter)  # kg class name -> instances
    sources: set[str] = field(default_factory=set)  # the input files papers were read from

    def count(self, class_name: str, n: int = 1) -> None:
        """Count ``n`` more instances of the kg class ``class_name``."""
        self.instances[class_name] += n

    def add_source(self, source: str) -> None:
        """Note the input file of a paper's ``"path:line"`` source."""
        self.sources.add(_LINE.sub("", source))


def description_triples(tally: Tally) -> list[tuple]:
    """The triples describing an export of ``tally.triples`` triples, those included.

    ``void:triples`` counts the whole export, the description as well, so it
    equals the number of triples a store holds after loading the file.
    """
    from rdflib import RDF, RDFS, XSD, Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS, PROV, SKOS, VOID

    import kg
    from kg.vocab import KG, SCHEMA

    dataset, build, software = dataset_iri(), build_iri(), software_iri(kg.__version__)
    scheme = scheme_iri()
    papers = tally.instances["Paper"]
    title = "Knowledge graph of machine-learning papers"
    triples = [
        (dataset, RDF.type, VOID.Dataset),
        (dataset, RDF.type, DCAT.Dataset),
        (dataset, RDFS.label, Literal(title)),
        (dataset, DCTERMS.title, Literal(title)),
        (dataset, DCTERMS.description, Literal(
            f"The methods, models, datasets, benchmarks, tasks and metrics that {papers:,} "
            f"paper{'' if papers == 1 else 's'} introduce or use, found in their titles and "
            "abstracts by kg, with the sentence, character offsets and rule behind each link.")),
        (dataset, DCTERMS.rights, Literal(RIGHTS)),
        (dataset, VOID.uriSpace, Literal(ID_BASE)),
        *((dataset, VOID.vocabulary, URIRef(iri)) for iri in VOCABULARIES),
        *((dataset, DCTERMS.source, Literal(source)) for source in sorted(tally.sources)),
        (dataset, PROV.wasGeneratedBy, build),
        (scheme, RDF.type, SKOS.ConceptScheme),
        (scheme, SKOS.prefLabel, Literal(f"{title}: entities")),
        (scheme, RDFS.label, Literal(f"{title}: entities")),
        (scheme, DCTERMS.isPartOf, dataset),
        (build, RDF.type, PROV.Activity),
        (build, RDFS.label, Literal("kg build")),
        (build, PROV.wasAssociatedWith, software),
        (software, RDF.type, PROV.SoftwareAgent),
        (software, RDFS.label, Literal(f"kg {kg.__version__}")),
        (software, SCHEMA.softwareVersion, Literal(kg.__version__)),
    ]
    for name in PARTITIONS:
        partition = dataset_iri(name)
        triples += [(dataset, VOID.classPartition, partition),
                    (partition, VOID["class"], KG[name]),
                    (partition, VOID.entities, Literal(tally.instances[name], datatype=XSD.integer))]
    total = tally.triples + len(triples) + 1  # and the void:triples triple itself
    triples.append((dataset, VOID.triples, Literal(total, datatype=XSD.integer)))
    return triples
