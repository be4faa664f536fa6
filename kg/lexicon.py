"""What the rule files say of a word or name: gazetteer term, head noun, affixes, ignore list.

The lookups every extraction rule shares (:mod:`kg.candidates`,
:mod:`kg.context`, :mod:`kg.names`, ...), over the data loaded by
:mod:`kg.gazetteer`. Pure functions on strings, cached; nothing here imports spaCy.

Examples
--------
>>> type_from_affixes("MT-Bench"), type_from_affixes("Mistral-7B"), type_from_affixes("LLaMA-Berry")
('benchmark', 'model', '')
>>> head_type("Proximal Policy Optimization"), head_type("success rates")
('method', 'metric')
>>> lookup("gsm8k").name, ignored("LLMs")
('GSM8K', True)
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

from kg.gazetteer import Term, load_affixes, load_heads, load_ignore, load_senses, load_terms
from kg.shapes import family_of, strip_attached, variant_base


def case_sensitive(form: str, *, derived: bool = False) -> bool:
    """Whether a gazetteer form names its term only in its own case.

    True for one capitalised or all-capital word ("MATH", "Inspired"), short
    codes ("o3" is not "O3"), a small letter before a capital ("mAP" is not
    "map"), and in the derived Papers with Code lists any single word and any
    Title Case phrase of common words ("Shortest Path" is a phrase in small
    letters). Both the spaCy matcher (:mod:`kg.extract`) and :func:`lookup`
    follow it.

    >>> [case_sensitive(f) for f in ("MATH", "o3", "mAP", "instruction tuning")]
    [True, True, True, False]
    >>> case_sensitive("Shortest Path"), case_sensitive("Shortest Path", derived=True)
    (False, True)
    """
    words = form.split()
    common_words = len(words) > 1 and all(w.isalpha() and (w.istitle() or w.islower()) for w in words)
    return (form.isalpha() and (form.isupper() or form.istitle() or derived)
            or derived and common_words
            or len(form) <= 3 and form.isalnum() and not form.isalpha()
            or lower_initial(form))


def lower_initial(form: str) -> bool:
    """ "mAP", "nDCG": a small letter before a capital; in capitals it is the same name."""
    return form.isalpha() and form[0].islower() and not form.islower()


@lru_cache(maxsize=1)
def known_forms() -> tuple[dict[str, Term], dict[str, Term]]:
    """Gazetteer forms: ``(exact-case forms, lower-cased forms)`` -> the term."""
    exact, lower = {}, {}
    for term in load_terms():
        derived = term.source.startswith("pwc_")
        for form in (term.name, *term.aliases):
            if case_sensitive(form, derived=derived):
                exact.setdefault(form, term)
                if lower_initial(form):
                    exact.setdefault(form.upper(), term)
            else:
                lower.setdefault(form.lower(), term)
    return exact, lower


def lookup(form: str) -> Term | None:
    """The gazetteer term spelled ``form``, if any."""
    exact, lower = known_forms()
    found = exact.get(form) or lower.get(form.lower())
    if found and found.source.startswith("pwc_") and form.lower() in lower \
            and not lower[form.lower()].source.startswith("pwc_"):
        found = lower[form.lower()]  # a hand-written entry wins over the derived lists ("ResNet")
    if not found and form.endswith("s") and len(form) > 3:
        found = exact.get(form[:-1]) or lower.get(form[:-1].lower())
    return found


def wraps_known(name: str) -> bool:
    """Is the name, unknown itself, several words around a known term?

    A new name around a known term ("Zorbic Flow Matching", "a new task, Zorb
    Question Answering") is the paper's own and wins over the term inside it.

    >>> wraps_known("Zorbic Flow Matching"), wraps_known("Flow Matching"), wraps_known("Zorbic Zorbing")
    (True, False, False)
    """
    words = name.split()
    return len(words) > 1 and not lookup(name) and any(
        lookup(" ".join(words[i:j])) for i in range(len(words)) for j in range(i + 1, len(words) + 1)
        if j - i < len(words))


def sense_of(short: str, term: Term, text: str) -> Term:
    """The meaning of a gazetteer acronym in this paper: ``term``, or another one its words point to.

    >>> asr = lookup("ASR")
    >>> sense_of("ASR", asr, "We attack models; ASR rises.").name
    'attack success rate'
    >>> sense_of("ASR", asr, "Speech tasks such as ASR.").name
    'speech recognition'
    """
    senses = load_senses().get(short)
    if not senses:
        return term
    words = set(re.findall(r"[a-z]+", text.lower()))
    return next((other for long, pointing in senses if pointing & words and (other := lookup(long))), term)


def ignored(form: str) -> bool:
    ignore = load_ignore()
    low = form.lower()
    return low in ignore or low.rstrip("s") in ignore or strip_attached(form).lower() in ignore


def type_from_affixes(name: str) -> str:
    """The type a name's own parts give it ("MT-Bench" -> benchmark), or ""."""
    if family_of(name):
        return "model"
    root = variant_base(name)  # "BERT-large", "LayoutLMv2", "ResNet-50": a variant of a known name
    known = lookup(root) if root else None
    if known and term_type(known) in ("model", "benchmark", "dataset"):
        return term_type(known)
    base = re.split(r"[-\s]", name)[0]
    known = lookup(base) if base != name and len(base) > 2 else None
    if known and known.type in ("benchmark", "dataset"):
        return known.type  # "WebArena-Lite", "MiniF2F-Valid" (but "LLaMA-Berry" is not LLaMA)
    for where, text, type_ in load_affixes():
        if where == "suffix" and name.endswith(text) and len(name) > len(text):
            return type_
        if where == "prefix" and name.startswith(text) and re.match(r"[-\s.]?\d", name[len(text):]):
            return type_  # a family with a version: "Llama-3", "Qwen2.5", not "LLaMA-Berry"
        if where == "contains" and text in name[1:]:
            return type_
    if root:
        return type_from_affixes(root)  # "KLUE-RoBERTa LARGE" as "KLUE-RoBERTa"
    if len(name) > 3 and name.endswith("s") and name[-2].isupper():
        return type_from_affixes(name[:-1])  # a plural acronym: "TimeLMs"
    return ""


def term_type(term: Term) -> str:
    """A gazetteer term's type; PwC lists trained models (mBERT, RoBERTa) among its methods."""
    if term.source == "pwc_methods.tsv" and type_from_affixes(term.name) == "model":
        return "model"
    return term.type


def head_type(phrase: str, use: str = "name") -> str:
    """The type the last word of ``phrase`` gives it, or ""."""
    words = phrase.strip().lower().split()
    if not words:
        return ""
    word = words[-1].strip(".,;:()")
    heads = load_heads()
    if word not in heads and word.endswith("s") and word[:-1] in heads:
        word = word[:-1]
    return heads.get(word, {}).get(use, "")


# Words that make a phrase a collection of data, and the data type each gives.
DATA_WORDS = {"dataset": "dataset", "datasets": "dataset", "data": "dataset", "corpus": "dataset",
              "corpora": "dataset", "set": "dataset", "bank": "dataset", "treebank": "dataset",
              "collection": "dataset", "database": "dataset", "benchmark": "benchmark",
              "benchmarks": "benchmark", "bench": "benchmark", "suite": "benchmark", "challenge": "benchmark"}


def other_than_pwc_data(short: str, long: str) -> bool:
    """Does the long form show that ``short`` is not the Papers with Code data set of that name?

    "tensor low-rank learning (TLL)" is no data set, whatever PwC calls "TLL",
    nor is "recognizing textual entailment (RTE)", a known task; a long form
    that names data ("... Corpus", a known data set) leaves it one.

    Examples
    --------
    >>> other_than_pwc_data("TLL", "tensor low-rank learning"), other_than_pwc_data("RTE", "recognizing textual entailment")
    (True, True)
    >>> other_than_pwc_data("TLL", "Taxi Location Logs dataset")
    False
    """
    term, meant = lookup(short), lookup(long)
    words = [w.strip(",.") for w in long.lower().split()]
    return bool(term and term.source == "pwc_datasets.tsv" and not (meant and meant.type in ("dataset", "benchmark"))
                and head_type(long, "after") not in ("dataset", "benchmark")
                and not any(w in DATA_WORDS for w in words))


def other_meaning(short: str, long: str) -> bool:
    """Does the text's long form show that ``short`` is not the gazetteer's term of that name?

    Either a Papers with Code data set the long form rules out
    (:func:`other_than_pwc_data`) or a term spelled out otherwise
    (:func:`spelled_otherwise`).
    """
    return other_than_pwc_data(short, long) or spelled_otherwise(short, long)


_DOER = re.compile(r"(?:er|or)s?$")
_DOING = re.compile(r"(?:al|ion|ing|ment)s?$")


def _doer_and_doing(a: str, b: str) -> bool:
    """One word names what does a thing and the other the doing: retriever and retrieval."""
    stem = len(os.path.commonprefix([a, b]))
    return stem >= 5 and a != b and (bool(_DOER.search(a[stem:]) and _DOING.search(b[stem:]))
                                     or bool(_DOER.search(b[stem:]) and _DOING.search(a[stem:])))


def spelled_otherwise(short: str, long: str) -> bool:
    """Is ``short`` a term named by a spelled-out name that shares no word with the text's long form?

    "Math Stack Exchange (MSE)" is not mean squared error; "Proximal Policy
    Optimisation (PPO)" is still PPO.

    Examples
    --------
    >>> spelled_otherwise("MSE", "Math Stack Exchange"), spelled_otherwise("MSE", "mean squared error")
    (True, False)
    >>> spelled_otherwise("PPO", "Proximal Policy Optimisation"), spelled_otherwise("PoT", "Plan of Thought")
    (False, True)
    >>> spelled_otherwise("IR", "Information Retriever"), spelled_otherwise("IR", "Information Retrieval")
    (True, False)
    """
    term = lookup(short)
    if not term or len(re.split(r"[\s-]+", term.name)) < 2 or term.name.lower() == short.lower() \
            or lookup(long) is term:
        return False  # only a spelled-out name would be wrongly given to the paper's acronym
    words = [w for w in re.split(r"[\s-]+", long.lower()) if len(w) > 2]
    term_words = [w for w in re.split(r"[\s-]+", term.name.lower()) if len(w) > 2]
    if words and term_words and _doer_and_doing(words[-1], term_words[-1]):
        return True  # "Information Retriever (IR)" is a component, not information retrieval
    stems, known = [w[:4] for w in words], [w[:4] for w in term_words]
    shared = set(stems) & set(known)
    # "Plan of Thought (PoT)" is not program-of-thought: another first word, and half the rest
    return not shared or bool(stems and known) and stems[0] != known[0] and 2 * len(shared) <= len(set(known))
