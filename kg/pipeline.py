"""The build: inputs -> papers -> extraction -> resolved records -> graph -> exports.

:func:`build` is what ``kg build`` runs. It reports bad input through
``on_problem`` and progress through ``on_progress`` and returns a
:class:`BuildReport`; it never prints. What could fail at the end (an export
name, the export folder) is checked before the inputs are read, and the
exports of an earlier build that this one does not write are removed.
"""
from __future__ import annotations

import logging
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ExportError, InputError
from kg.exports import DEFAULT_FORMATS, all_exporters, get_exporter
from kg.records import Corpus, Paper, PaperExtraction, Problem
from kg.workers import default_jobs, fork_map

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    """What a build read, built, skipped, wrote and removed.

    ``skipped`` counts records; ``files_skipped`` the input files left unread
    whole (missing, empty, not an input, in another format).

    Examples
    --------
    >>> report = BuildReport(read=3, papers=2, files_skipped=1, entities=1, links=2)
    >>> report.summary_lines()[:2]
    ['read 3 records, built 2 papers (1 duplicate merged), skipped 1 file', 'graph: 1 entity, 2 paper-entity links, 0 code links']
    """

    read: int = 0
    skipped: int = 0
    files_skipped: int = 0
    warnings: int = 0
    papers: int = 0
    entities: int = 0
    links: int = 0
    code_links: int = 0
    cached: int = 0
    files: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    def skipped_text(self) -> str:
        """The records and files left out: "0 records", "1 record and 2 files"."""
        parts = [_count(self.skipped, "record")] if self.skipped or not self.files_skipped else []
        parts += [_count(self.files_skipped, "file")] if self.files_skipped else []
        return " and ".join(parts)

    def summary_lines(self) -> list[str]:
        duplicates = self.read - self.skipped - self.papers
        lines = [
            f"read {_count(self.read, 'record')}, built {_count(self.papers, 'paper')}"
            + (f" ({_count(duplicates, 'duplicate')} merged)" if duplicates else "")
            + f", skipped {self.skipped_text()}"
            + (f", {_count(self.warnings, 'warning')}" if self.warnings else ""),
        ]
        if self.cached:
            lines.append(f"took {_count(self.cached, 'paper')} from the extraction cache, extracted "
                         f"{self.papers - self.cached:,}")
        lines += [
            f"graph: {_count(self.entities, 'entity', 'entities')}, "
            f"{_count(self.links, 'paper-entity link')}, {_count(self.code_links, 'code link')}",
        ]
        lines += [f"wrote {path}" for path in self.files]
        lines += [f"removed {path} (an export of an earlier build)" for path in self.removed]
        lines.append(f"done in {self.seconds:.1f} s")
        return lines


def _count(n: int, noun: str, plural: str = "") -> str:
    """``n`` and the noun, plural unless ``n`` is 1 (``plural``, else the noun + "s")."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def build_corpus(
    inputs: str | Path | Iterable[str | Path] | None = None,
    *,
    input_format: str | None = None,
    min_confidence: float = 0.0,
    jobs: int | None = None,
    cache: bool = True,
    on_problem: Callable[[Problem], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    report: BuildReport | None = None,
) -> Corpus:
    """Read the inputs (default: the bundled sample), extract and resolve them.

    ``jobs`` is the number of extraction processes (default: one per CPU, see
    :func:`kg.workers.default_jobs`); the result does not depend on it. With
    ``cache``, papers an earlier build extracted are taken from the
    extraction cache (:mod:`kg.cache`) and the rest are kept there.
    """
    from kg.broader import add_broader_terms
    from kg.calibration import calibrate, keep_confident
    from kg.extract import extract
    from kg.readers import input_list, read_papers
    from kg.resolve import resolve

    report = report if report is not None else BuildReport()
    if not 0.0 <= min_confidence <= 1.0:
        raise InputError(f"--min-confidence must be between 0 and 1, not {min_confidence}")

    def counted(problem: Problem) -> None:
        if problem.files:
            report.files_skipped += problem.files
        elif problem.skipped:
            report.skipped += 1
        else:
            report.warnings += 1
        if on_problem:
            on_problem(problem)

    papers = read_papers(inputs, input_format=input_format, on_problem=counted)
    report.read = report.skipped + sum(len(p.sources) for p in papers)
    if not papers:
        names = ", ".join(map(str, input_list(inputs))) if inputs else "the sample corpus"
        raise InputError(f"no papers could be read from {names}")
    total = len(papers)
    progress = (lambda done: on_progress(done, total)) if on_progress else None
    jobs = default_jobs() if jobs is None else jobs
    if cache:
        extractions = _cached_extractions(papers, jobs=jobs, on_progress=progress, on_problem=counted,
                                          report=report)
    else:
        extractions = extract(papers, on_progress=progress, jobs=jobs)
    corpus = add_broader_terms(keep_confident(calibrate(resolve(extractions)), min_confidence))
    report.papers = len(corpus.papers)
    report.entities = len(corpus.entities)
    report.links = len(corpus.links)
    report.code_links = len(corpus.code_links)
    return corpus


def _cached_extractions(papers: list[Paper], *, jobs: int, on_progress, on_problem,
                        report: BuildReport) -> Iterator[PaperExtraction]:
    """Each paper's extraction, in input order: from the cache (:mod:`kg.cache`) when an
    earlier build made it, else extracted now and kept. A cache that fails is left aside."""
    from kg.cache import ExtractionCache, cache_path, paper_key
    from kg.extract import extract

    def left_aside(why: str) -> None:
        on_problem(Problem(str(cache_path()), 0, f"extraction cache left aside ({why})", skipped=False))

    try:
        cache = ExtractionCache.open()
    except (OSError, sqlite3.Error) as exc:
        left_aside(str(exc))
        yield from extract(papers, on_progress=on_progress, jobs=jobs)
        return
    with cache:
        kept = cache.keys()
        hits = [paper_key(paper) in kept for paper in papers]
        if on_progress and any(hits):
            on_progress(sum(hits))
        fresh = extract([paper for paper, hit in zip(papers, hits) if not hit], jobs=jobs,
                        on_progress=(lambda done: on_progress(sum(hits) + done)) if on_progress else None)
        for paper, hit in zip(papers, hits):
            found = cache.get(paper) if hit else None
            if found is not None:
                report.cached += 1
            else:
                found = next(fresh) if not hit else next(extract([paper]))  # a kept paper the cache lost
                cache.put(found)
            yield found
    if cache.failure:
        left_aside(cache.failure)


def write_exports(g, out_dir: str | Path, formats: Sequence[str] = DEFAULT_FORMATS, *,
                  jobs: int = 1) -> list[Path]:
    """Write the graph in each format into ``out_dir`` (created if needed).

    With ``jobs`` > 1 the formats are written by that many forked worker
    processes at once (each file is written whole by one of them); the files
    are the same.
    """
    exporters = [get_exporter(name) for name in formats]  # unknown names fail before any write
    out = export_folder(out_dir)
    return list(fork_map(_write, exporters, jobs=jobs, shared=(g, out)))


def export_folder(out_dir: str | Path) -> Path:
    """``out_dir``, created if missing, once a file could be made in it.

    :func:`build` calls this before reading its inputs, so a folder it cannot
    write fails at once, not after the extraction.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{out}: cannot create the export folder ({exc.strerror or exc})") from None
    try:
        tempfile.TemporaryFile(dir=out).close()
    except OSError as exc:
        raise ExportError(f"{out}: cannot write in the export folder ({exc.strerror or exc})") from None
    return out


def _input_files(inputs: Iterable[str | Path] | None) -> set[Path]:
    """The resolved paths of the files a build reads: exports must spare them."""
    from kg.readers import expand_inputs

    return {path.resolve() for path in expand_inputs(inputs)} if inputs else set()


def refuse_to_overwrite(out_dir: str | Path, formats: Sequence[str], read: set[Path]) -> None:
    """Fail if an export would be written over one of the files the build reads (``read``).

    ``kg build papers.jsonl -o .`` would otherwise replace the papers it reads
    with its own papers.jsonl.
    """
    for name in formats:
        target = (Path(out_dir) / get_exporter(name).filename).resolve()
        if target in read:
            raise ExportError(f"{target}: an input of this build, which its {name} export would "
                              "overwrite; choose another export folder (-o)")


def remove_earlier_exports(out_dir: str | Path, written: Sequence[Path], *,
                           read: set[Path] = frozenset()) -> list[Path]:
    """Remove the exports in ``out_dir`` that a build did not write; the paths removed.

    One folder then holds one build: ``kg sparql`` reads graph.ttl before
    graph.nt and ``kg stats`` reads graph.json, so an earlier build's file
    beside this one's would answer for it unnoticed. Only files under an
    exporter's name (see :mod:`kg.exports`) are removed, and never one of the
    files the build reads (``read``).
    """
    out = Path(out_dir)
    wrote = {Path(path).name for path in written}
    earlier = [path
               for exporter in all_exporters() if exporter.filename not in wrote
               for path in [out / exporter.filename, *(out / exporter.filename / p for p in exporter.parts)]
               if path.is_file()]
    removed = []
    for path in earlier:
        if path.resolve() in read:
            continue
        try:
            path.unlink()
        except OSError as exc:
            raise ExportError(f"{path}: cannot remove this export of an earlier build "
                              f"({exc.strerror or exc})") from None
        removed.append(path)
        if path.parent != out and not any(path.parent.iterdir()):
            path.parent.rmdir()  # a folder export (CSV tables) left empty
    return removed


def _write(g, out: Path, exporter) -> Path:
    try:
        return exporter.write(g, out)
    except OSError as exc:
        raise ExportError(f"{out / exporter.filename}: cannot write ({exc.strerror})") from None


def build(
    inputs: str | Path | Iterable[str | Path] | None = None,
    out_dir: str | Path = "exports",
    *,
    input_format: str | None = None,
    min_confidence: float = 0.0,
    formats: Sequence[str] = DEFAULT_FORMATS,
    jobs: int | None = None,
    cache: bool = True,
    on_problem: Callable[[Problem], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Build the graph of the inputs and write its exports into ``out_dir``.

    ``jobs`` worker processes extract the papers and then write the exports
    (default: one per CPU); the files do not depend on it, nor on ``cache``
    (see :func:`build_corpus`).
    """
    from kg.graph import to_graph
    from kg.readers import input_list

    started = time.perf_counter()
    report = BuildReport()
    inputs = None if inputs is None else input_list(inputs)  # read twice: for papers, then to spare them
    # An unknown export name, an input in the way or a folder that cannot be written fail now,
    # not after the extraction.
    read = _input_files(inputs)
    refuse_to_overwrite(out_dir, formats, read)
    created = not Path(out_dir).exists()
    export_folder(out_dir)
    try:
        # The corpus is dropped once the graph holds it: only the graph stays for the exports.
        g = to_graph(build_corpus(
            inputs,
            input_format=input_format,
            min_confidence=min_confidence,
            jobs=jobs,
            cache=cache,
            on_problem=on_problem,
            on_progress=on_progress,
            report=report,
        ))
    except BaseException:
        if created and not any(Path(out_dir).iterdir()):
            Path(out_dir).rmdir()  # a build that wrote nothing leaves no folder behind
        raise
    report.files = write_exports(g, out_dir, formats, jobs=default_jobs() if jobs is None else jobs)
    report.removed = remove_earlier_exports(out_dir, report.files, read=read)
    report.seconds = time.perf_counter() - started
    log.info("built %d papers in %.2f s", report.papers, report.seconds)
    return report
