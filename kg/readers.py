"""Readers: input files -> :class:`~kg.records.Paper` records.

Three formats, found by suffix and content or forced by name:

``listing``
    Listing pages as saved from a daily-papers site: five header lines, then
    title and abstract lines alternating, separated by blank lines.
``jsonl``
    JSON Lines, one paper a line: ``title`` and ``abstract`` (or
    ``summary``), optional ``id``, ``arxiv_id``, ``url``, ``date``,
    ``authors``. The record's ``id`` is the paper's id unless it has an
    arXiv id (see :func:`kg.identity.paper_id`).
``arxiv``
    The Atom XML that the arXiv query API returns.

Readers never raise for a bad record: they hand a :class:`~kg.records.Problem`
(file, line, what was wrong) to ``on_problem`` and go on with the rest. A file
that gives no paper at all (missing, empty, not an input, in another format)
is one problem that says why. :func:`read_papers` then merges the same paper
found in several places into one record with every source and every abstract
kept.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.jsonl").write_text(
...     '{"title": "Tree of Thoughts", "abstract": "We propose ToT.", "arxiv_id": "2305.10601"}\\n'
...     '{"title": "No abstract"}\\n')
>>> problems = []
>>> papers = read_papers([folder], on_problem=problems.append)
>>> [p.id for p in papers]
['2305.10601']
>>> print(problems[0].message)
no 'abstract' (or 'summary')
"""
from __future__ import annotations

import glob
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from kg.duplicates import merge_duplicates
from kg.errors import InputError, UnknownNameError
from kg.identity import arxiv_id as find_arxiv_id
from kg.identity import names_arxiv, paper_id
from kg.records import Paper, Problem, ProblemHandler, ignore_problem

LISTING_HEADER_LINES = 5
_LONGEST_TITLE = 400
_SHORTEST_ABSTRACT = 100  # characters: shorter, a line is a title or a heading, not an abstract
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_SPACE = re.compile(r"\s+")
_ATOM = "{http://www.w3.org/2005/Atom}"
_SUFFIXES = {".txt": "listing", ".md": "listing", ".jsonl": "jsonl", ".ndjson": "jsonl",
             ".json": "jsonl", ".xml": "arxiv", ".atom": "arxiv"}
_FORMAT_NAMES = {"listing": "a listing page", "jsonl": "JSON Lines", "arxiv": "an Atom feed"}
# What a file's first character says it holds: the format to read it as, and what it looks like.
_BY_FIRST_CHARACTER = {"{": ("jsonl", "JSON Lines"), "[": ("jsonl", "JSON"),
                       "<": ("arxiv", "XML (an arXiv Atom feed?)")}


# --- text clean-up ---------------------------------------------------------

def drop_repeated_opening(abstract: str) -> str:
    """Drop an opening passage that a page repeated, keeping the abstract whole.

    Examples
    --------
    >>> drop_repeated_opening("A b. C d. A b. C d. E f.")
    'A b. C d. E f.'
    >>> drop_repeated_opening("A b. A c.")
    'A b. A c.'
    """
    sentences = _SENTENCE_END.split(abstract)
    for k in range(len(sentences) // 2, 0, -1):
        if sentences[:k] == sentences[k : 2 * k]:
            opening = " ".join(sentences[:k])
            doubled = opening + " " + opening
            if abstract.startswith(doubled):
                return opening + abstract[len(doubled):]
    return abstract


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _make_paper(title, abstract, *, source, arxiv="", record_id="", url="", date="",
                authors=()) -> Paper:
    title, abstract = _clean(title), drop_repeated_opening(_clean(abstract))
    found = find_arxiv_id(arxiv) or find_arxiv_id(url)
    return Paper(
        id=paper_id(title=title, arxiv_id=found, record_id=record_id),
        title=title,
        abstract=abstract,
        arxiv_id=found,
        url=url,
        date=date,
        authors=tuple(authors),
        sources=(source,),
    )


# --- the three formats -----------------------------------------------------

def iter_listing(path: Path, *, name: str | None = None,
                 on_problem: ProblemHandler = ignore_problem) -> Iterator[Paper]:
    """Papers of one listing page (five header lines, then title/abstract pairs)."""
    name = name or str(path)
    text = _read_text(path)
    if _in_another_format(text, "listing", name, on_problem):
        return
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    body = lines[LISTING_HEADER_LINES:]
    abstracts = sum(_is_abstract(line) for _, line in body)
    if abstracts * 3 < len(body):  # a listing alternates titles and abstracts
        on_problem(Problem(name, 0, f"not a listing page: {abstracts} of its {len(body)} lines after the header "
                                    f"are abstracts (paragraphs of {_SHORTEST_ABSTRACT}+ characters)", files=1))
        return
    i = 0
    while i < len(body):
        lineno, title = body[i]
        if not _is_title(title):
            on_problem(Problem(name, lineno, f"expected a title, found a {len(title):,}-character "
                                             "line (an abstract without its title?)"))
            i += 1
            continue
        if i + 1 >= len(body):
            on_problem(Problem(name, lineno, f"title without an abstract: {title[:60]!r}"))
            break
        if not _is_abstract(body[i + 1][1]):  # the next line is the next title: read on from there
            on_problem(Problem(name, lineno, f"title without an abstract: {title[:60]!r}"))
            i += 1
            continue
        yield _make_paper(title, body[i + 1][1], source=f"{name}:{lineno}")
        i += 2


def _is_title(line: str) -> bool:
    return len(line) <= _LONGEST_TITLE


def _is_abstract(line: str) -> bool:
    return len(line) >= _SHORTEST_ABSTRACT


def iter_jsonl(path: Path, *, name: str | None = None,
               on_problem: ProblemHandler = ignore_problem) -> Iterator[Paper]:
    """Papers of a JSON Lines file, one object a line.

    A JSON array, or one object spread over several lines, is one problem
    that says so, not a complaint about each line.
    """
    name = name or str(path)
    text = _read_text(path)
    if _in_another_format(text, "jsonl", name, on_problem):
        return
    spread = _spread_json(text)
    if spread:
        shape, jq_filter = spread
        on_problem(Problem(name, 0, f"{shape}, not JSON Lines (one paper object a line); "
                                    f"jq -c '{jq_filter}' {path.name} converts it", files=1))
        return
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            on_problem(Problem(name, lineno, f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(record, dict):
            on_problem(Problem(name, lineno, f"expected a JSON object, found {type(record).__name__}"))
            continue
        title = record.get("title")
        abstract = record.get("abstract", record.get("summary"))
        if not isinstance(title, str) or not title.strip():
            on_problem(Problem(name, lineno, "no 'title'"))
            continue
        if not isinstance(abstract, str) or not abstract.strip():
            on_problem(Problem(name, lineno, "no 'abstract' (or 'summary')"))
            continue
        record_id = record.get("id")
        if isinstance(record_id, bool) or not isinstance(record_id, (str, int)):
            if record_id is not None:
                on_problem(Problem(name, lineno, "'id' should be a string or a number; ignored",
                                   skipped=False))
            record_id = ""
        record_id = str(record_id).strip()
        authors = record.get("authors") or ()
        if isinstance(authors, str):
            authors = [a.strip() for a in re.split(r",| and ", authors) if a.strip()]
        elif not isinstance(authors, (list, tuple)):
            on_problem(Problem(name, lineno, "'authors' should be a list or a string; ignored",
                               skipped=False))
            authors = ()
        yield _make_paper(
            title,
            abstract,
            source=f"{name}:{lineno}",
            arxiv=str(record.get("arxiv_id") or (record_id if names_arxiv(record_id) else "")),
            record_id=record_id,
            url=str(record.get("url") or ""),
            date=str(record.get("date") or ""),
            authors=[str(a) for a in authors],
        )


def iter_arxiv(path: Path, *, name: str | None = None,
               on_problem: ProblemHandler = ignore_problem) -> Iterator[Paper]:
    """Papers of an arXiv API Atom feed."""
    name = name or str(path)
    text = _read_text(path)
    if not text.strip() or _in_another_format(text, "arxiv", name, on_problem):
        return
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line, column = exc.position
        on_problem(Problem(name, line, f"not well-formed XML (column {column}); file skipped",
                           files=1))
        return
    entry_lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<(?:\w+:)?entry[\s>]", text)]
    for index, entry in enumerate(root.iter(f"{_ATOM}entry")):
        lineno = entry_lines[index] if index < len(entry_lines) else 0
        title = entry.findtext(f"{_ATOM}title") or ""
        summary = entry.findtext(f"{_ATOM}summary") or ""
        if not title.strip():
            on_problem(Problem(name, lineno, "entry without a <title>"))
            continue
        if not summary.strip():
            on_problem(Problem(name, lineno, "entry without a <summary>"))
            continue
        entry_id = entry.findtext(f"{_ATOM}id") or ""
        yield _make_paper(
            title,
            summary,
            source=f"{name}:{lineno}",
            arxiv=entry_id,
            url=entry_id.strip(),
            date=(entry.findtext(f"{_ATOM}published") or "")[:10],
            authors=[_clean(a.findtext(f"{_ATOM}name") or "") for a in entry.iter(f"{_ATOM}author")],
        )


READERS = {"listing": iter_listing, "jsonl": iter_jsonl, "arxiv": iter_arxiv}


def get_reader(name: str):
    """The reader registered under ``name``; an unknown name lists the known ones."""
    try:
        return READERS[name]
    except KeyError:
        raise UnknownNameError(f"unknown input format {name!r}; known: {', '.join(sorted(READERS))}") from None


def sniff_format(path: Path) -> str:
    """The input format of a file, from its suffix, else its first characters."""
    by_suffix = _SUFFIXES.get(path.suffix.lower())
    if by_suffix:
        return by_suffix
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        return _looks_like(handle.read(512))[0]


def _looks_like(text: str) -> tuple[str, str]:
    """The format a text's first character says it is in, and what to call what it looks like."""
    return _BY_FIRST_CHARACTER.get(text.lstrip()[:1], ("listing", "a listing page"))


def _in_another_format(text: str, reading_as: str, name: str, on_problem: ProblemHandler) -> bool:
    """Whether ``text`` is plainly not in the format being read; if so the problem says which it is."""
    looks_as, looks_like = _looks_like(text)
    if looks_as == reading_as or not text.strip():
        return False
    on_problem(Problem(name, 0, f"not {_FORMAT_NAMES[reading_as]}: it looks like {looks_like}; "
                                f"try --format {looks_as}", files=1))
    return True


def _spread_json(text: str) -> tuple[str, str] | None:
    """What a JSON file that is not JSON Lines holds, and the jq filter that makes it JSON Lines."""
    if text.lstrip().startswith("["):
        return "a JSON array", ".[]"
    try:
        whole = json.loads(text)  # JSON Lines fails fast, at its second line
    except json.JSONDecodeError:
        return None
    if isinstance(whole, dict) and "\n" in text.strip():
        return "one JSON object over several lines", "."
    return None


# --- files, folders, globs -------------------------------------------------

def sample_corpus() -> list[Path]:
    """The bundled sample: five listing pages of 296 distinct papers."""
    folder = resources.files("kg") / "sample"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


def input_list(inputs: str | os.PathLike | Iterable[str | os.PathLike]) -> list[str | os.PathLike]:
    """The inputs as a list: a path given alone is one input, not the letters of its name."""
    return [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)


def expand_inputs(inputs: str | Path | Iterable[str | Path], *,
                  on_problem: ProblemHandler = ignore_problem) -> list[Path]:
    """Files named by paths, folders (searched recursively) and globs, sorted per input."""
    files: list[Path] = []
    for item in input_list(inputs):
        text = str(item)
        if glob.has_magic(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True))
            if not matches:
                on_problem(Problem(text, 0, "no file matches this pattern", files=1))
            candidates = matches
        else:
            candidates = [Path(text)]
        for path in candidates:
            if path.is_dir():
                found = sorted(p for p in path.rglob("*") if p.is_file())
                files.extend(p for p in found if p.suffix.lower() in _SUFFIXES)
                _report_not_inputs(path, found, on_problem)
            elif path.is_file():
                files.append(path)
            else:
                on_problem(Problem(str(path), 0, "no such file or folder", files=1))
    return files


def _report_not_inputs(folder: Path, found: list[Path], on_problem: ProblemHandler) -> None:
    """One problem naming the files of a folder that their suffix keeps from being read.

    Hidden files and folders (``.git``, ``.DS_Store``) are no one's input and go unnamed.
    """
    others = [p.relative_to(folder) for p in found if p.suffix.lower() not in _SUFFIXES]
    others = [p for p in others if not any(part.startswith(".") for part in p.parts)]
    if not others:
        return
    names = ", ".join(map(str, others[:5])) + (f" and {len(others) - 5:,} more" if len(others) > 5 else "")
    suffixes = ", ".join(list(_SUFFIXES)[:-1]) + " or " + list(_SUFFIXES)[-1]
    on_problem(Problem(str(folder), 0, f"{len(others):,} file{'s' if len(others) > 1 else ''} not read "
                                       f"(input files end in {suffixes}): {names}", files=len(others)))


def iter_papers(inputs: str | Path | Iterable[str | Path], *, input_format: str | None = None,
                on_problem: ProblemHandler = ignore_problem) -> Iterator[Paper]:
    """Every paper record in the inputs, in input order, duplicates included.

    A file that gives no paper and no problem of its own gets one that says why.
    """
    forced = get_reader(input_format) if input_format else None
    for path in expand_inputs(inputs, on_problem=on_problem):
        file_format = input_format or sniff_format(path)
        problems: list[Problem] = []

        def noted(problem: Problem) -> None:
            problems.append(problem)
            on_problem(problem)

        read = 0
        try:
            for paper in (forced or get_reader(file_format))(path, on_problem=noted):
                read += 1
                yield paper
        except InputError as exc:
            noted(Problem(str(path), 0, str(exc), files=1))
        if not read and not problems:
            on_problem(Problem(str(path), 0, _why_no_papers(path, file_format), files=1))


def _why_no_papers(path: Path, input_format: str) -> str:
    if not _read_text(path).strip():
        return "empty file"
    if input_format == "listing":
        return (f"no listing entries found (after the first {LISTING_HEADER_LINES} lines, "
                "a title line and an abstract line for each paper)")
    if input_format == "arxiv":
        return "no <entry> elements (an arXiv API Atom feed has one per paper)"
    return f"no papers found in {_FORMAT_NAMES.get(input_format, input_format)}"


def read_papers(inputs: str | Path | Iterable[str | Path] | None = None, *, input_format: str | None = None,
                on_problem: ProblemHandler = ignore_problem) -> list[Paper]:
    """Read and merge the papers of the inputs (default: the bundled sample)."""
    if not inputs:
        return merge_duplicates(
            (paper
             for path in sample_corpus()
             for paper in iter_listing(path, name=f"sample/{path.name}", on_problem=on_problem)),
            on_problem=on_problem,
        )
    return merge_duplicates(iter_papers(inputs, input_format=input_format, on_problem=on_problem),
                            on_problem=on_problem)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")  # a byte-order mark is not part of the first record
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
