"""Copies of one paper read from several places, merged into one record.

Listing pages repeat papers and a corpus may hold the same paper in several
files; :func:`kg.readers.read_papers` hands every record it reads to
:func:`merge_duplicates`, which keeps one record per paper id (see
:func:`kg.identity.paper_id`) and loses nothing a copy had: every source, the
first url, date and authors found, and every abstract. What it cannot merge
quietly it reports as a warning through ``on_problem``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kg.identity import normalise_title, paper_id
from kg.records import Paper, Problem, ProblemHandler, ignore_problem


def merge_duplicates(papers: Iterable[Paper], *, on_problem: ProblemHandler = ignore_problem) -> list[Paper]:
    """One record per paper id, with the sources of every copy and nothing of any copy lost.

    Copies of a paper share its arXiv id, its record id, or (with neither) its
    title. The merged record has the first non-empty url, date and authors and,
    of two abstracts, the fuller when one holds the other. Two different
    abstracts are both kept, one after the other, with a warning: the entities
    either names belong to the paper, and one of them may be a revision.

    One record id on papers of two titles is a clash, not a copy: the later
    paper goes by its title id, with a warning.

    Examples
    --------
    >>> a = Paper(id="p1", title="T", abstract="We use GSM8K.", sources=("a.jsonl:1",))
    >>> b = Paper(id="p1", title="T", abstract="We use GSM8K. We beat CoT.", sources=("b.jsonl:1",))
    >>> [(p.abstract, p.sources) for p in merge_duplicates([a, b])]
    [('We use GSM8K. We beat CoT.', ('a.jsonl:1', 'b.jsonl:1'))]
    """
    merged: dict[str, Paper] = {}
    for paper in papers:
        seen = merged.get(paper.id)
        if seen is not None and not paper.arxiv_id and _title_key(seen) != _title_key(paper):
            title_id = paper_id(title=paper.title)
            on_problem(_warning(paper, f"id {paper.id!r} is also that of {seen.title[:60]!r} "
                                       f"({_where(seen)}); this paper goes by id {title_id}"))
            paper = replace(paper, id=title_id)
            seen = merged.get(paper.id)
        if seen is None:
            merged[paper.id] = paper
            continue
        merged[paper.id] = replace(
            seen,
            abstract=_merged_abstract(seen, paper, on_problem),
            url=seen.url or paper.url,
            date=seen.date or paper.date,
            authors=seen.authors or paper.authors,
            sources=tuple(dict.fromkeys(seen.sources + paper.sources)),
        )
    return list(merged.values())


def _title_key(paper: Paper) -> str:
    return normalise_title(paper.title)


def _merged_abstract(seen: Paper, copy: Paper, on_problem: ProblemHandler) -> str:
    """The fuller of two abstracts when one holds the other, else both, with a warning."""
    kept, other = seen.abstract, copy.abstract
    if other.casefold() in kept.casefold():
        return kept
    if kept.casefold() in other.casefold():
        return other
    on_problem(_warning(copy, f"same paper as {_where(seen)} with another abstract; "
                              "both abstracts kept, one after the other"))
    return f"{kept} {other}"


def _where(paper: Paper) -> str:
    return paper.sources[0] if paper.sources else f"paper {paper.id}"


def _warning(paper: Paper, message: str) -> Problem:
    """A warning about a record that is still read, at the place it was read from."""
    path, _, line = _where(paper).rpartition(":")
    if not line.isdigit():
        path, line = _where(paper), "0"
    return Problem(path, int(line), message, skipped=False)
