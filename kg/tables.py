"""Plain-text tables for the terminal, used by ``kg stats`` and ``kg query``.

Columns are aligned, numbers to the right, long cells cut with "…", and
columns that are empty in every row are left out.

Examples
--------
>>> print(to_table(["name", "papers", "note"], [["GSM8K", 12, ""], ["HotpotQA", 3, ""]]))
name      papers
--------  ------
GSM8K         12
HotpotQA       3
"""
from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

_EVIDENCE_WIDTH = 100  # wrap evidence sentences for an ordinary terminal


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, ending in "…" when cut.

    >>> cut("Learning through Communication", 12)
    'Learning th…'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _cell(value, decimals: int) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{decimals}f}"
    return str(value)


def _decimals(values) -> int:
    """Enough decimals to show the smallest non-zero float with 3 significant digits."""
    smallest = min((abs(v) for v in values if isinstance(v, float) and v), default=1.0)
    return min(6, max(3, 2 - math.floor(math.log10(smallest))))


def to_table(headers: Sequence[str], rows: Sequence[Sequence], *, max_width: int = 60,
             widths: dict[str, int] | None = None) -> str:
    """Rows under headers, aligned; cells longer than ``max_width`` (or the
    column's entry in ``widths``) are cut.

    >>> print(to_table(["title"], [["A very long title indeed"]], widths={"title": 10}))
    title
    ----------
    A very lo…
    >>> print(to_table(["score"], [[0.5], [0.00123]]))
      score
    -------
    0.50000
    0.00123
    """
    widths = widths or {}
    decimals = [_decimals([row[i] for row in rows]) for i in range(len(headers))]
    cells = [[cut(_cell(v, d), widths.get(h, max_width)) for h, v, d in zip(headers, row, decimals)]
             for row in rows]
    keep = [i for i in range(len(headers)) if any(row[i] for row in cells)] or list(
        range(len(headers)))
    numeric = [bool(rows) and all(isinstance(row[i], (int, float)) and not isinstance(row[i], bool)
                                  for row in rows) for i in range(len(headers))]
    sizes = {i: max([len(headers[i]), *(len(row[i]) for row in cells)]) for i in keep}

    def line(values: Sequence[str]) -> str:
        parts = [values[i].rjust(sizes[i]) if numeric[i] else values[i].ljust(sizes[i])
                 for i in keep]
        return "  ".join(parts).rstrip()

    out = [line(list(headers)), "  ".join("-" * sizes[i] for i in keep)]
    out += [line(row) for row in cells]
    return "\n".join(out)


def stats_to_text(stats: dict) -> str:
    """:func:`kg.query.stats` as a short report.

    >>> from kg.query import example_graph, stats
    >>> print(stats_to_text(stats(example_graph(), n=2)))
    papers        3
    entities      8 (7 named)
    repositories  1
    by type       method 2, model 2, benchmark 3, metric 1
    edges         has_code 1, introduces 2, uses 9, variant_of 1
    <BLANKLINE>
    most linked (number of papers):
      method     Chain-of-Thought 2, LTC 1
      model      LLaMA-7B 2, LLaMA 0
      benchmark  GSM8K 3, HotpotQA 1
      metric     accuracy 1
    """
    nodes = stats["nodes"]
    lines = [
        f"papers        {nodes.get('paper', 0):,}",
        f"entities      {nodes.get('entity', 0):,} ({stats['named_entities']:,} named)",
        f"repositories  {nodes.get('repository', 0):,}",
        "by type       " + ", ".join(f"{t} {c:,}" for t, c in stats["entity_types"].items()),
        "edges         " + ", ".join(f"{r} {c:,}" for r, c in stats["edges"].items()),
        "",
        "most linked (number of papers):",
    ]
    width = max((len(t) for t in stats["top"]), default=0)
    for type, top in stats["top"].items():
        names = ", ".join(f"{cut(e['name'], 40)} {e['papers']}" for e in top)
        lines.append(f"  {type.ljust(width)}  {names}")
    return "\n".join(lines)


def _bare(node: str) -> str:
    return node.split(":", 1)[-1]


def _arrow(relation: str, forward: bool) -> str:
    return f"{relation} ->" if forward else f"<- {relation}"


def _ranked(results) -> tuple[list[str], list[list]]:
    headers = ["#", "name", "type", "papers", "score"]
    rows = [[i, r.name, r.type, r.papers, r.score] for i, r in enumerate(results, 1)]
    if all(r.score == r.papers for r in results):
        headers, rows = headers[:-1], [row[:-1] for row in rows]
    return headers, rows


def with_evidence(table: str, results: Sequence) -> str:
    """The table with each row's evidence sentence under it, indented and wrapped.

    >>> from kg.query import PaperHit
    >>> hits = [PaperHit("paper:2301.00001", "Learning through Communication", "introduced", "LTC",
    ...                  evidence="We propose LTC, evaluated on GSM8K.")]
    >>> print(with_evidence(results_to_table(hits), hits))
    paper       role        title
    ----------  ----------  ------------------------------
    2301.00001  introduced  Learning through Communication
        "We propose LTC, evaluated on GSM8K."
    """
    lines = table.split("\n")
    out = lines[:2]
    for line, result in zip(lines[2:], results):
        out.append(line)
        if result.evidence:
            out += textwrap.wrap(f'"{" ".join(result.evidence.split())}"', width=_EVIDENCE_WIDTH,
                                 initial_indent="    ", subsequent_indent="     ")
    return "\n".join(out)


def results_to_table(results: Sequence) -> str:
    """A list of :mod:`kg.query` results as a table; "" when there are none.

    >>> from kg.query import example_graph, papers_of
    >>> print(results_to_table(papers_of(example_graph(), "LTC")))
    paper       role        title
    ----------  ----------  ------------------------------
    2301.00001  introduced  Learning through Communication
    """
    from kg import query

    if not results:
        return ""
    first = results[0]
    if isinstance(first, query.PaperHit):
        headers = ["paper", "role", "date", "title"]
        rows = [[_bare(h.id), h.role, h.date, h.title] for h in results]
        if len({h.entity for h in results}) > 1:
            headers.append("via")
            rows = [row + [h.entity] for row, h in zip(rows, results)]
        return to_table(headers, rows, widths={"title": 70})
    if isinstance(first, query.EntityHit):
        rows = [[h.name, h.type, h.role, h.named, h.confidence] for h in results]
        return to_table(["name", "type", "role", "named", "confidence"], rows)
    if isinstance(first, query.RankedEntity):
        return to_table(*_ranked(results))
    if isinstance(first, query.CoUsed):
        rows = [[i, c.name, c.type, c.papers, c.share] for i, c in enumerate(results, 1)]
        return to_table(["#", "name", "type", "shared papers", "share"], rows)
    if isinstance(first, query.SimilarPaper):
        rows = [[i, _bare(s.id), s.score, s.title, ", ".join(s.shared)]
                for i, s in enumerate(results, 1)]
        return to_table(["#", "paper", "score", "title", "shared"], rows,
                        widths={"title": 50, "shared": 50})
    if isinstance(first, query.Step):
        rows = [[i, _arrow(s.relation, s.forward) if s.relation else "", s.kind, s.type,
                 s.label, _bare(s.id) if s.kind == "paper" else ""]
                for i, s in enumerate(results)]
        return to_table(["#", "via", "kind", "type", "name", "paper"], rows, widths={"name": 70})
    if isinstance(first, query.Cluster):
        rows = [[i, c.size, c.papers, ", ".join(c.members)] for i, c in enumerate(results, 1)]
        return to_table(["#", "size", "papers", "members"], rows, widths={"members": 100})
    if isinstance(first, query.Neighbour):
        rows = [[_arrow(n.relation, n.direction == "out"), n.kind, n.type, n.label,
                 _bare(n.id) if n.kind == "paper" else ""] for n in results]
        return to_table(["via", "kind", "type", "name", "paper"], rows, widths={"name": 70})
    raise TypeError(f"no table layout for {type(first).__name__}")
