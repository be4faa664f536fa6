"""Stable identifiers and name normalisation.

A paper's id is its arXiv id where known, else the id its input record
gives, else ``t-`` plus a hash of its normalised title; an entity's id is a
readable slug of its normalised name. The same input always gives the same ids.

Examples
--------
>>> paper_id(title="Adapting LLM Agents Through Communication")
't-f1a004df60ec'
>>> paper_id(title="x", arxiv_id="arXiv:2310.01234v2")
'2310.01234'
>>> paper_id(title="x", record_id="smith-2023")
'smith-2023'
>>> name_key("GSM8k") == name_key("GSM8K")
True
>>> entity_id("LLaMA-7B")
'llama-7b'
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

_ARXIV_NEW = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?")
_ARXIV_OLD = re.compile(r"([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_TRAILING = {"dataset", "datasets", "benchmark", "benchmarks", "score", "scores", "framework",
             "method", "methods", "approach", "model", "models", "algorithm", "metric",
             "paradigm", "corpus", "suite", "technique", "strategy", "task", "tasks",
             "environment"}


def normalise_title(title: str) -> str:
    """Lower-case, accents folded, runs of non-alphanumerics as one space."""
    text = unicodedata.normalize("NFKC", title).lower()
    return _NON_ALNUM.sub(" ", text).strip()


def arxiv_id(text: str) -> str:
    """The bare arXiv id (no version) found in an id or URL, or ""."""
    if not text:
        return ""
    match = _ARXIV_NEW.search(text) or _ARXIV_OLD.search(text)
    return match.group(1) if match else ""


def names_arxiv(record_id: str) -> bool:
    """Whether a record's own id is an arXiv id, not another id with digits like one.

    Examples
    --------
    >>> names_arxiv("2305.10601v2"), names_arxiv("arXiv:2305.10601"), names_arxiv("10.1145/3292500.3330701")
    (True, True, False)
    """
    found = arxiv_id(record_id)
    text = record_id.strip()
    return bool(found) and ("arxiv" in text.lower() or re.fullmatch(re.escape(found) + r"(?:v\d+)?", text) is not None)


def paper_id(*, title: str, arxiv_id: str = "", record_id: str = "") -> str:
    """The paper's id: its arXiv id, else its record's own id, else a hash of its normalised title."""
    found = globals()["arxiv_id"](arxiv_id)
    if found:
        return found
    if record_id.strip():
        return record_id.strip()
    digest = hashlib.sha1(normalise_title(title).encode("utf-8")).hexdigest()
    return f"t-{digest[:12]}"


def _words(name: str) -> list[str]:
    """The lower-cased words of a name, without a leading "the" and trailing words such as "dataset"."""
    text = unicodedata.normalize("NFKC", name).lower()
    tokens = [t for t in _NON_ALNUM.split(text) if t]
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in _TRAILING:
        tokens = tokens[:-1]
    return tokens


def name_words(name: str) -> list[str]:
    """The words :func:`name_key` joins: lower-cased, without a plural "s" or a trailing "dataset".

    >>> name_words("The Zorb Summarizations dataset")
    ['zorb', 'summarization']
    """
    return [t[:-1] if len(t) > 3 and t.endswith("s") and not t.endswith("ss") else t for t in _words(name)]


def name_key(name: str) -> str:
    """The form under which two spellings of a name are the same entity.

    Case, punctuation, a leading "the", trailing words such as "dataset" or
    "benchmark" and a plural "s" do not matter.
    """
    return "".join(name_words(name))


# Words ending in "s" that are no plurals, for slugs: "gender bias", not "gender bia".
_NOT_PLURAL = frozenset("bias alias atlas canvas lens series species news gas physics mathematics ethics "
                        "robotics linguistics statistics economics dynamics semantics analytics genomics "
                        "graphics mechanics optics electronics logistics diagnostics pragmatics informatics "
                        "politics".split())
_KEEP_ENDINGS = ("ss", "us", "is", "ies", "ches", "shes", "xes", "ses", "zes")


def _slug_word(word: str, text: str) -> str:
    """``word`` without a plural "s" where dropping it leaves a word: not "analysi", "abilitie", "DBM"."""
    if len(word) <= 3 or not word.endswith("s") or word in _NOT_PLURAL or word.endswith(_KEEP_ENDINGS):
        return word
    spelled = re.search(rf"(?<![0-9A-Za-z]){word}(?![0-9A-Za-z])", text, re.IGNORECASE)
    return word if spelled and spelled.group().endswith("S") else word[:-1]  # "DBMS", "AoPS": an acronym


def entity_id(name: str) -> str:
    """A readable, stable slug for an entity's canonical name.

    Like :func:`name_key` it drops case, punctuation, a leading "the",
    trailing words such as "dataset" and a plural "s", but the "s" only where
    that leaves a word. :func:`name_key` of the slug is the name's key, so
    two names with different keys never share an id.

    >>> [entity_id(n) for n in ("Gender Bias", "LLMs", "DBMS", "emergent abilities", "GSMPlus")]
    ['gender-bias', 'llm', 'dbms', 'emergent-abilities', 'gsmplus']
    """
    text = unicodedata.normalize("NFKC", name)
    slug = "-".join(_slug_word(word, text) for word in _words(name))
    return slug or "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
