"""Derive ``pwc_datasets.tsv`` and ``pwc_methods.tsv`` in this folder from the Papers with Code lists.

Papers with Code data is CC BY-SA 4.0; the derived files keep that licence
and say so in their header. Run from the repository root::

    python kg/rules/derive_pwc.py ../shared/external

Only names that look like proper names are kept (a capital inside the word,
a digit, several capitalised words), so common
words such as "Cars" or "Convolution" do not become entities.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HEADER = (
    "# Derived from Papers with Code ({what}), CC BY-SA 4.0 (https://paperswithcode.com, "
    "\"All data is licenced under CC-BY-SA\"); this derived list is CC BY-SA 4.0 too.\n"
    "# Made by kg/rules/derive_pwc.py from {source}: names that look like proper names only.\n"
    "# Columns: name <TAB> other spellings (|-separated)\n"
)
_GENERIC_HEADS = {"dataset", "datasets", "corpus", "benchmark", "data", "database", "set", "challenge"}
_FUNCTION_WORDS = {"the", "and", "for", "with", "from", "into", "are", "was", "not", "all", "any"}


def proper(name: str) -> bool:
    """True for names that look like a proper name rather than a common word."""
    if len(name) < 3 or len(name) > 60 or "\t" in name or "|" in name:
        return False
    if any(c.isdigit() for c in name) and any(c.isalpha() for c in name):
        return True
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _GENERIC_HEADS:
        words = words[:-1]  # "AND Dataset" is no more a name than "AND"
    if not any(len(w) >= 3 and w.lower() not in _FUNCTION_WORDS for w in words):
        return False
    if any(any(c.isupper() for c in w[1:]) for w in words):
        return True
    capitalised = [w for w in words if w[:1].isupper()]
    if len(words) >= 2 and len(capitalised) >= 2:
        return True
    return False  # one capitalised word ("Inspired", "General") is too often just a word


def _rows(path: Path):
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def derive(external: Path, out: Path) -> None:
    datasets: dict[str, list[str]] = {}
    for row in _rows(external / "pwc_datasets.tsv"):
        forms = [row["name"], *row["variants"].split("|"), row.get("description_bold") or ""]
        forms = [re.sub(r"\s*\([^()]*\)$", "", f).strip() for f in forms if f]  # "... Entailment (RTE)"
        forms = list(dict.fromkeys(f for f in forms if proper(f) and len(f.split()) <= 6))
        if forms and forms[0] == row["name"].strip():
            datasets.setdefault(forms[0], [])
            datasets[forms[0]] += [f for f in forms[1:] if f not in datasets[forms[0]] and f != forms[0]]
    methods: dict[str, list[str]] = {}
    for row in _rows(external / "pwc_methods.tsv"):
        name, full = row["name"].strip(), row["full_name"].strip()
        named_word = any(any(c.isupper() for c in w[1:]) or (any(c.isdigit() for c in w) and w[:1].isalpha())
                         for w in re.split(r"[\s-]+", name))
        if proper(name) and named_word:
            methods.setdefault(name, [])
            if full and full != name and len(full.split()) <= 8:
                methods[name].append(full)
    for filename, what, items in (("pwc_datasets.tsv", "datasets dump, Dec 2021, via DataFinder", datasets),
                                  ("pwc_methods.tsv", "methods dump, June 2022", methods)):
        lines = [f"{name}\t{'|'.join(aliases)}" for name, aliases in sorted(items.items())]
        text = HEADER.format(what=what, source=f"shared/external/{filename}") + "\n".join(lines) + "\n"
        (out / filename).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    derive(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/external"), Path(__file__).parent)
