"""The build: inputs -> papers -> extraction -> resolved records -> graph -> exports.

:func:`build` is what ``kg build`` runs. It reports bad input through
``on_problem`` and progress through ``on_progress`` and returns a
:class:`BuildReport`; it never prints.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ExportError, InputError
from kg.exports import DEFAULT_FORMATS, get_exporter
from kg.records import Corpus, Problem
from kg.workers import default_jobs, fork_map

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    """What a build read, built, skipped and wrote.

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
    files: list[Path] = field(default_factory=list)
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
            f"graph: {_count(self.entities, 'entity', 'entities')}, "
            f"{_count(self.links, 'paper-entity link')}, {_count(self.code_links, 'code link')}",
        ]
        lines += [f"wrote {path}" for path in self.files]
        lines.append(f"done in {self.seconds:.1f} s")
        return lines


def _count(n: int, noun: str, plural: str = "") -> str:
    """``n`` and the noun, plural unless ``n`` is 1 (``plural``, else the noun + "s")."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def build_corpus(
    inputs: Iterable[str | Path] | None = None,
    *,
    input_format: str | None = None,
    min_confidence: float = 0.0,
    jobs: int | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    report: BuildReport | None = None,
) -> Corpus:
    """Read the inputs (default: the bundled sample), extract and resolve them.

    ``jobs`` is the number of extraction processes (default: one per CPU, see
    :func:`kg.workers.default_jobs`); the result does not depend on it.
    """
    from kg.extract import extract
    from kg.readers import read_papers
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
        names = ", ".join(map(str, inputs)) if inputs else "the sample corpus"
        raise InputError(f"no papers could be read from {names}")
    total = len(papers)
    extractions = extract(papers, on_progress=(lambda done: on_progress(done, total)) if on_progress else None,
                          jobs=default_jobs() if jobs is None else jobs)
    corpus = resolve(extractions, min_confidence=min_confidence)
    report.papers = len(corpus.papers)
    report.entities = len(corpus.entities)
    report.links = len(corpus.links)
    report.code_links = len(corpus.code_links)
    return corpus


def write_exports(g, out_dir: str | Path, formats: Sequence[str] = DEFAULT_FORMATS, *,
                  jobs: int = 1) -> list[Path]:
    """Write the graph in each format into ``out_dir`` (created if needed).

    With ``jobs`` > 1 the formats are written by that many forked worker
    processes at once (each file is written whole by one of them); the files
    are the same.
    """
    out = Path(out_dir)
    exporters = [get_exporter(name) for name in formats]  # unknown names fail before any write
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{out}: cannot create the export folder ({exc.strerror})") from None
    return list(fork_map(_write, exporters, jobs=jobs, shared=(g, out)))


def _write(g, out: Path, exporter) -> Path:
    try:
        return exporter.write(g, out)
    except OSError as exc:
        raise ExportError(f"{out / exporter.filename}: cannot write ({exc.strerror})") from None


def build(
    inputs: Iterable[str | Path] | None = None,
    out_dir: str | Path = "exports",
    *,
    input_format: str | None = None,
    min_confidence: float = 0.0,
    formats: Sequence[str] = DEFAULT_FORMATS,
    jobs: int | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Build the graph of the inputs and write its exports into ``out_dir``.

    ``jobs`` worker processes extract the papers and then write the exports
    (default: one per CPU); the files do not depend on it.
    """
    from kg.graph import to_graph

    started = time.perf_counter()
    report = BuildReport()
    # The corpus is dropped once the graph holds it: only the graph stays for the exports.
    g = to_graph(build_corpus(
        inputs,
        input_format=input_format,
        min_confidence=min_confidence,
        jobs=jobs,
        on_problem=on_problem,
        on_progress=on_progress,
        report=report,
    ))
    report.files = write_exports(g, out_dir, formats, jobs=default_jobs() if jobs is None else jobs)
    report.seconds = time.perf_counter() - started
    log.info("built %d papers in %.2f s", report.papers, report.seconds)
    return report
