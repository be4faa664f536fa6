"""The type a sentence gives a name by describing it: "X, a 7B model", "our new benchmark, X".

A name a paper coins ("NoteLLM-2", "ChocoLlama-Bench") has no entry in the
gazetteers; its shape ("-LLM", "-Bench") is a weak guess. The paper usually
says what the thing is, with a head noun next to the name: an apposition
after it ("X, a novel training framework"), one before it ("our adapted
models, X", "a suite of LLMs: X", "a new benchmark called X"), a head right
after it ("the X dataset") or a participle that only fits a model ("X,
fine-tuned from Llama 2"). :func:`describe` records that type on each
occurrence; :mod:`kg.mentions` votes over all occurrences of a name.

Pure functions over strings and :class:`~kg.candidates.Candidate` records;
nothing here imports spaCy.

Examples
--------
>>> described_type("", ", a novel training framework for retrieval.")
'method'
>>> described_type("We evaluate our adapted models, ", " on two benchmarks.")
'model'
>>> described_type("we present a suite of LLMs: ", ", specialised in law.")
'model'
>>> described_type("We propose ", " (ours), a framework for evaluating agents.")
'benchmark'
>>> described_type("We compare with ", " and others.")
''
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.cues import _title_type
from kg.gazetteer import load_heads
from kg.lexicon import lookup, term_type
from kg.shapes import family_of

# Head nouns the heads table lacks but descriptions use ("its instruction-tuned version (termed X)").
_EXTRA_HEADS = {"version": "model", "variant": "model", "variants": "model", "checkpoint": "model",
                "checkpoints": "model", "backbone": "model", "problem": "task", "task": "task",
                "tasks": "task", "measure": "metric", "set": "dataset", "sets": "dataset",
                "testbed": "benchmark", "platform": "method", "toolkit": "method", "library": "method",
                "estimator": "method", "objective": "method", "metrics": "metric"}
# "a suite of LLMs", "a family of models": the noun after "of" is the head.
_GROUP_NOUNS = {"suite", "family", "series", "set", "collection", "group", "pair", "range", "variant", "version"}
_KINDS = ("model", "benchmark", "dataset", "method", "task", "metric")
_STOP = (r"(?:for|of|that|which|who|to|with|in|on|from|by|via|designed|built|based|consisting|containing|"
         r"comprising|covering|spanning|where|whose|trained|tuned|fine-tuned|finetuned|specifically|"
         r"specialized|specialised|tailored|aimed|capable|able|enabling|using|than)")
_AFTER = re.compile(r"^[\s*_)]*(?:\([^()]{0,80}\)[\s*_]*)?(?:,\s*|\s+(?:which|that)\s+(?:is|are|was)\s+|"
                    r",?\s*(?:which|that)\s+(?:is|are|was)\s+|\s+(?:is|are|was)\s+)"
                    r"(?:a|an|the|our|one|two|three|four)\s+((?:[\w-]+\s+){0,6}?[\w-]+?)"
                    rf"(?=\s+{_STOP}\b|\s*[,.;:()]|\s*$)(\s+of\s+(?:[\w-]+\s+){{0,3}}[\w-]+)?")
_RIGHT_AFTER = re.compile(r"^\s+([\w-]+)")
_TRAINED = re.compile(r"^\s*(?:\([^()]{0,80}\)\s*)?,?\s*(?:which\s+(?:is|was)\s+|is\s+|was\s+)?"
                      r"(?:fine-?tuned|pre-?trained|instruction-tuned|further trained|initiali[sz]ed)\s+"
                      r"(?:from|on|upon|with|using)\b", re.IGNORECASE)
_EVALUATES = re.compile(r"^\s*(?:for|to)\s+(?:measuring|measure|evaluating|evaluate|assessing|assess|"
                        r"benchmarking|benchmark|testing|test|probing|probe)\b", re.IGNORECASE)
_NAMING = r"(?:called|named|dubbed|termed|coined|namely|i\.e\.,?)"
_BEFORE = re.compile(r"\b(?P<det>our|the|a|an|this|these|its|their)\s+((?:(?:[\w-]+|\([^()]{1,30}\))\s+){0,6}?)([\w-]+)\s*"
                     rf"(,|:|--|—|–|\(\s*(?:{_NAMING}\s*)?|(?:,\s*)?{_NAMING},?)\s*$", re.IGNORECASE)
_BEFORE_BARE = re.compile(r"\b(?:our|the)\s+(?:(?:new|proposed|resulting|final|adapted|released|own)\s+)?"
                          r"([\w-]+)\s+$", re.IGNORECASE)
_COLLECTED = re.compile(r"\bwe\s+(?:\w+ly\s+)?(?:also\s+)?(?:construct|collect|curate|compile|assemble|annotate|crawl|"
                        r"scrape)(?:s|ed|d)?\s+(?:the\s+)?$"
                        r"|\b(?:datasets|corpora)\s+(?:to|and)\s+(?:create|build|construct|form|compile)\s+$",
                        re.IGNORECASE)  # "we assembled 106 datasets to create X"
_REFER = re.compile(r"\b(?:refer to|call|name|term|dub)\s+(?:the|this|our|these|the resulting)\s+"
                    r"(?:[\w-]+\s+){0,2}?([\w-]+)\b(?:[^.;]{0,40}?\s+as)?\s*$", re.IGNORECASE)
_PREPOSITIONS = {"of", "for", "with", "in", "on", "to", "from", "by", "via", "at", "over", "across", "under",
                 "upon", "using", "into", "than", "and", "or", "as"}
_DETERMINERS = {"a", "an", "the", "our", "this", "these", "its", "their"}
_SORTS = ("model", "benchmark", "dataset", "task", "metric", "method")  # ties: the more specific wins


@lru_cache(maxsize=1)
def _heads() -> dict[str, str]:
    heads = {}
    for word, uses in load_heads().items():
        kind = uses.get("after") or uses.get("name") or ""
        if kind in _KINDS:
            heads[word] = kind
    heads.update(_EXTRA_HEADS)
    return heads


def head_kind(word: str) -> str:
    """The type a head noun gives what it describes ("models" -> model), or "".

    Examples
    --------
    >>> head_kind("benchmark"), head_kind("LLMs"), head_kind("framework"), head_kind("novel")
    ('benchmark', 'model', 'method', '')
    """
    low = word.lower().strip(".,;:()")
    heads = _heads()
    if low in heads:
        return heads[low]
    return heads.get(low[:-1], "") if low.endswith("s") else ""


def _phrase_kind(words: list[str], of_phrase: str = "") -> str:
    """The type of a described noun phrase: its last head word, or the noun after "suite of"."""
    if words and words[-1].lower() in _GROUP_NOUNS and of_phrase:
        found = next((k for w in reversed(of_phrase.split()[1:]) if (k := head_kind(w))), "")
        known = lookup(of_phrase.split()[1]) if len(of_phrase.split()) > 1 else None
        return found or (term_type(known) if known else "")  # "a variant of ImageNet": a dataset
    for word in reversed(words):
        found = head_kind(word)
        if found:
            if found == "dataset" and word.lower().startswith("set") and len(words) > 1 \
                    and words[-2].lower() in ("evaluation", "test", "testing"):
                return "benchmark"  # "an evaluation set"
            return found
    return ""


def _before_kind(match: re.Match, preceding: str) -> str:
    """The head of a description before a name: "our adapted models, X", "a benchmark called X"."""
    if match.group(4).strip() == "," and re.search(r"(?:,|\b(?:on|in|upon|for|from|with|at|to|across|over|"
                                                  r"under|via|by|using|after|before))\s*$",
                                                  preceding, re.IGNORECASE):
        return ""  # "On MBPP, a code dataset, X", "In the Y benchmark, X": not about X
    words = match.group(2).split() + [match.group(3)]
    last = max((n for n, w in enumerate(words) if w.lower() in _DETERMINERS), default=-1)
    words = words[last + 1:]  # "a solution to the problems in a new framework, called X": the last one
    if not words:
        return ""
    if words[-1][:1].isupper() and words[-1][1:].islower():
        return ""  # "the Art of Problem Solving (X)": a long form, not a description
    if re.search(r"[a-z]{4}|i\.e", match.group(4)):  # "a new framework for LLMs called X"
        cut = next((n for n, w in enumerate(words) if w.lower() in _PREPOSITIONS), len(words))
        return _head(words[:cut])
    inner = [w.lower() for w in words[:-1] if w.lower() in _PREPOSITIONS]
    if inner and not (inner == ["of"] and words[words.index("of") - 1].lower() in _GROUP_NOUNS):
        return ""  # "evaluate this method on Llama 3, X": a list, not a description
    if match.group(4).strip() == "," and match.group("det").lower() == "the" \
            and not re.match(r"(?:resulting|proposed|new|final)\b", match.group(2), re.IGNORECASE):
        return ""  # "compared to tuning the whole model, X does ...": a clause, not an apposition
    return _head(words)  # "our adapted models, X", "a suite of LLMs: X", "an LM (X"


def _head(words: list[str]) -> str:
    """The type the last word of a noun phrase gives it; "an evaluation set" is a benchmark."""
    if not words:
        return ""
    if len(words) > 1 and words[-1].lower() in ("set", "sets") and words[-2].lower() in ("evaluation", "test"):
        return "benchmark"
    return head_kind(words[-1])


def described_type(before: str, after: str) -> str:
    """The type the words around a name give it, or "".

    ``before`` is the sentence up to the name, ``after`` the sentence from its end.

    Examples
    --------
    >>> described_type("The resulting model ", " outperforms GPT-4.")
    'model'
    >>> described_type("", ", fine-tuned from Llama 2, solves it.")
    'model'
    >>> described_type("We refer to the model after training as ", ".")
    'model'
    >>> described_type("a new training framework for LLMs called ", ".")
    'method'
    >>> described_type("On MBPP, a code generation dataset, ", " improves.")
    ''
    >>> described_type("we solve the problems in a new alignment framework, called ", " (X).")
    'method'
    """
    match = _AFTER.match(after)
    if match:
        words = match.group(1).split()
        found = _phrase_kind(words, match.group(2) or "")
        if found == "method" and _EVALUATES.match(after[match.end(1):]):
            return "benchmark"  # "a framework for measuring rule-following"
        if found:
            return found
    if _TRAINED.match(after):
        return "model"
    right = _RIGHT_AFTER.match(after)
    if right and not re.fullmatch(r"(?:benchmark|dataset|task)s|Models?", right.group(1)):
        found = load_heads().get(right.group(1).lower(), {}).get("after", "")
        if found in _KINDS:
            return found  # "the X framework"; not "on MCQA benchmarks", a kind of benchmark
    tail = before[-160:]
    match = _BEFORE.search(tail)
    if match:
        found = _before_kind(match, tail[:match.start()])
        if found:
            return found
    if _COLLECTED.search(tail):
        return "dataset"  # "we construct X with 1.1K conversations"
    match = _REFER.search(tail)
    if match:
        return head_kind(match.group(1))
    match = _BEFORE_BARE.search(tail)
    return head_kind(match.group(1)) if match else ""


def vote(described: list[str]) -> str:
    """The type most occurrences describe; on a tie the more specific one ("model" over "method").

    Examples
    --------
    >>> vote(["method", "model"]), vote(["method", "method", "model"]), vote([])
    ('model', 'method', '')
    """
    if not described:
        return ""
    return max(_SORTS, key=lambda kind: (described.count(kind), -_SORTS.index(kind)))


def _title_kind(rest: str) -> str:
    """What a title's "X: ..." says X is when it names an evaluation resource, or "".

    Examples
    --------
    >>> _title_kind(": A Unified Framework and Benchmark for Economic Games")
    'benchmark'
    >>> _title_kind(": Instruction-tuned Large Language Models in Many Languages")
    ''
    """
    words = re.sub(r"^[\s:,-]+", "", rest).split()
    if words and words[0].lower().endswith("ing"):
        return ""  # "X: Generating Instruction Data with ...": what X does, not what it is
    cut = next((n for n, w in enumerate(words) if w.lower() in _PREPOSITIONS - {"and"}), len(words))
    kinds = {head_kind(w) for w in words[:cut]}
    return next((k for k in ("benchmark", "dataset") if k in kinds), "")


def describe(text: str, chosen: list, sentence_of) -> None:
    """Set ``described`` on each named candidate the sentence around it describes.

    Gazetteer terms keep their type; a sized name ("X-7B") is always a model.
    """
    long_ends = {c.end for c in chosen if c.rule == "acronym:long"}
    for cand in chosen:
        if not cand.named or cand.known or cand.rule.startswith("gazetteer") or family_of(cand.text):
            continue
        s_start, s_end = sentence_of(cand.start)
        # "the summarized retrieval (X)": the words before are X's long form, not a description of it
        s_start = max([s_start] + [end for end in long_ends if s_start < end <= cand.start
                                   and re.fullmatch(r"\s*\(\s*", text[end:cand.start])])
        found = described_type(text[s_start:cand.start], text[cand.end:s_end])
        if s_start == 0 and not text[:cand.start].strip():  # the title's "X: ..." describes X
            rest = text[cand.end:s_end]
            found = _title_kind(rest) or found or _title_type(rest)
        if found == "dataset" and cand.typed and cand.type == "benchmark":
            found = "benchmark"  # "the X-Bench dataset": papers call benchmarks datasets too
        cand.described = found
