"""Narrower general terms under broader ones: "medical question answering" under "question answering".

Papers name tasks, methods and metrics at every level of detail, and each
level is its own entity: a paper on "multi-hop question answering" is not
linked to "question answering". :func:`add_broader_terms` gives each general
term (``named=False``) whose last words are another general term of the
corpus, of the same type group, that term as its ``broader_id``: the one
with most words, so the hierarchy goes one step at a time ("low-resource
court judgment summarization" under "court judgment summarization" when the
corpus has it, else under "summarization"). Words count whole, as written
between spaces: "non-autoregressive generation" is under "generation", never
"autoregressive generation". Proper names (GPT-4, Tree of Thoughts) take no
part: their words do not make them a kind of anything.

Examples
--------
>>> from kg.records import Corpus, Entity
>>> corpus = add_broader_terms(Corpus(papers=[], entities=[
...     Entity("question-answering", "question answering", "task", aliases=("QA",), named=False),
...     Entity("multi-hop-question-answering", "multi-hop question answering", "task", named=False),
...     Entity("medical-qa", "medical QA", "task", named=False),
...     Entity("qa-accuracy", "QA accuracy", "metric", named=False),
... ]))
>>> [(e.name, e.broader_id) for e in corpus.entities]
[('question answering', ''), ('multi-hop question answering', 'question-answering'), ('medical QA', 'question-answering'), ('QA accuracy', '')]
"""
from __future__ import annotations

from dataclasses import replace

from kg.identity import name_key
from kg.records import TYPE_GROUP, Corpus, Entity


def add_broader_terms(corpus: Corpus) -> Corpus:
    """The corpus with each narrower general term's ``broader_id`` set (see the module)."""
    terms: dict[tuple[str, str], str] = {}  # (type group, name key of a name or alias) -> entity id
    for entity in corpus.entities:
        if not entity.named:
            for form in (entity.name, *entity.aliases):
                terms.setdefault((TYPE_GROUP[entity.type], name_key(form)), entity.id)
    return replace(corpus, entities=[_with_broader(e, terms) for e in corpus.entities])


def _with_broader(entity: Entity, terms: dict[tuple[str, str], str]) -> Entity:
    if entity.named:
        return entity
    words = entity.name.split()
    group = TYPE_GROUP[entity.type]
    for start in range(1, len(words)):  # the longest tail first
        key = name_key(" ".join(words[start:]))
        found = terms.get((group, key)) if key else None
        if found and found != entity.id:
            return replace(entity, broader_id=found)
    return entity
