"""The extraction rules that live as data in ``kg/rules/``: loaded into plain records.

Each file is tab-separated with ``#`` comment lines (their header names the
source and licence). This module only reads them; :mod:`kg.extract` turns
them into spaCy matchers. Nothing here imports spaCy.

Examples
--------
>>> terms = {t.name: t for t in load_terms()}
>>> terms["GSM8K"].type, terms["GSM8K"].named
('benchmark', True)
>>> terms["accuracy"].type, terms["accuracy"].named
('metric', False)
>>> load_heads()["benchmark"]["name"]
'benchmark'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.errors import InputError

TERM_FILES = {
    "models.tsv": "model",
    "benchmarks.tsv": "benchmark",
    "datasets.tsv": "dataset",
    "metrics.tsv": "metric",
    "tasks.tsv": "task",
    "methods.tsv": "method",
    "pwc_datasets.tsv": "dataset",
    "pwc_methods.tsv": "method",
}
_SHAPE_NAMED = re.compile(r"[A-Z0-9]")


@dataclass(frozen=True)
class Term:
    """One gazetteer entry: a canonical name, its other spellings, its type."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    named: bool = True
    source: str = ""


def rule_rows(filename: str):
    """``(line number, columns)`` of a file of ``kg/rules/``, skipping ``#`` comments and blank lines.

    A missing file gives no rows.
    """
    path = resources.files("kg") / "rules" / filename
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        yield lineno, line.rstrip("\n").split("\t")


def _default_named(name: str, type_: str) -> bool:
    if type_ in ("model", "dataset", "benchmark"):
        return True
    if type_ in ("task", "metric"):
        return False
    return bool(_SHAPE_NAMED.search(name))


@lru_cache(maxsize=1)
def load_terms() -> tuple[Term, ...]:
    """Every gazetteer entry of ``kg/rules/*.tsv``, in file order."""
    terms = []
    for filename, type_ in TERM_FILES.items():
        for lineno, cells in rule_rows(filename):
            name = cells[0].strip()
            aliases = tuple(a.strip() for a in cells[1].split("|") if a.strip()) if len(cells) > 1 else ()
            flag = cells[2].strip() if len(cells) > 2 else ""
            if flag not in ("", "0", "1"):
                raise InputError(f"kg/rules/{filename}:{lineno}: named must be 0 or 1, not {flag!r}")
            named = _default_named(name, type_) if not flag else flag == "1"
            terms.append(Term(name, type_, aliases, named, filename))
    return tuple(terms)


@lru_cache(maxsize=1)
def load_senses() -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    """Other meanings of ambiguous acronyms: ``{acronym: ((long form, pointing words), ...)}``."""
    senses: dict[str, list] = {}
    for lineno, cells in rule_rows("senses.tsv"):
        if len(cells) < 3:
            raise InputError(f"kg/rules/senses.tsv:{lineno}: need acronym, long form and words, got {cells!r}")
        words = frozenset(w.strip().lower() for w in cells[2].split("|") if w.strip())
        senses.setdefault(cells[0].strip(), []).append((cells[1].strip(), words))
    return {short: tuple(found) for short, found in senses.items()}


@lru_cache(maxsize=1)
def load_ignore() -> frozenset[str]:
    """Lower-cased forms that are never an entity (model classes, generic words)."""
    words = set()
    for _, cells in rule_rows("ignore.tsv"):
        words.add(cells[0].strip().lower())
        if len(cells) > 1:
            words.update(a.strip().lower() for a in cells[1].split("|") if a.strip())
    return frozenset(words)


@lru_cache(maxsize=1)
def load_heads() -> dict[str, dict[str, str]]:
    """Head words by use: ``{word: {use: type}}`` with uses name, term and after."""
    heads: dict[str, dict[str, str]] = {}
    for lineno, cells in rule_rows("heads.tsv"):
        if len(cells) < 3:
            raise InputError(f"kg/rules/heads.tsv:{lineno}: need word, type and use, got {cells!r}")
        uses = heads.setdefault(cells[0].strip().lower(), {})
        for use in cells[2].split(","):
            uses[use.strip()] = cells[1].strip()
    return heads


@lru_cache(maxsize=1)
def load_affixes() -> tuple[tuple[str, str, str], ...]:
    """``(where, text, type)`` rows: name parts that give an untyped name its type."""
    return tuple((c[0].strip(), c[1].strip(), c[2].strip()) for _, c in rule_rows("affixes.tsv"))


@lru_cache(maxsize=1)
def load_role_cues() -> dict[str, tuple[re.Pattern, ...]]:
    """Compiled cue expressions for the role "introduced", by kind (before, adjacent, after)."""
    cues: dict[str, list[re.Pattern]] = {"before": [], "adjacent": [], "after": []}
    for lineno, cells in rule_rows("roles.tsv"):
        try:
            cues.setdefault(cells[0].strip(), []).append(re.compile(cells[1], re.IGNORECASE))
        except (re.error, IndexError) as exc:
            raise InputError(f"kg/rules/roles.tsv:{lineno}: bad cue {cells!r}: {exc}") from None
    return {kind: tuple(patterns) for kind, patterns in cues.items()}


@lru_cache(maxsize=None)
def load_words(filename: str) -> frozenset[str]:
    """A one-column word list (lower-cased)."""
    return frozenset(cells[0].strip().lower() for _, cells in rule_rows(filename))
