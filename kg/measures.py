"""Evaluation measures named by how a sentence uses them, not by a known name.

"a 72.7% reduction in token usage", "enhances forget quality up to 5%",
"we assess locality and utility", "achieving high customer satisfaction":
a quality noun that the sentence measures, compares or reports a number
for is a metric even when no list knows it. Part of candidate finding (see
:mod:`kg.candidates`): :func:`from_measure_cues` reads each sentence's text
and proposes unnamed metrics. Nothing here imports spaCy.

Examples
--------
>>> text = "It gives a 72.7% reduction in token usage and improves forget quality by 5%."
>>> [c.text for c in from_measure_cues(text, [(0, len(text))])]
['token usage', 'forget quality']
>>> text = "We assess locality and utility in terms of fluency."
>>> [c.text for c in from_measure_cues(text, [(0, len(text))])]
['locality', 'utility']
"""
from __future__ import annotations

import re

from kg.candidates import Candidate
from kg.gazetteer import load_words
from kg.lexicon import ignored
from kg.tasks import is_task_head

# Nouns that name a measurable quality; with the suffixes below, the head of a metric phrase.
_QUALITY_HEADS = frozenset(
    "speed latency throughput usage cost costs efficiency efficacy quality utility accuracy rate rates score "
    "scores error errors consistency fairness stability robustness faithfulness fluency coherence "
    "diversity satisfaction agreement correctness precision recall perplexity calibration runtime "
    "overhead footprint reward rewards time ratio".split())
_QUALITY_ENDINGS = ("ity", "ness", "ency", "ancy")
# Broad words the guideline leaves out: "performance", "capabilities", "results".
_VAGUE = frozenset(
    "performance ability abilities capability capabilities effectiveness quality results result "
    "improvement improvements cost costs quantity activity community majority priority identity "
    "business awareness".split())
_NUMBER = r"(?:~?\d[\d.,]*\s*(?:\\?%|x|×|times|points|pp)|(?:two|three|four|five|ten|\d+)-?fold)"
_WORD = r"(?!(?:and|or|by|up|in|on|of|to|with|for)\b)[a-z]+(?:-(?:[a-z]+|\d+))*(?![\w-])"  # "rank-1", not "rank-"
_NP = rf"(?P<np>(?:{_WORD}\s+){{0,2}}{_WORD})"
_NP2 = rf"(?P<np2>(?:{_WORD}\s+){{0,2}}{_WORD})"
# "a 72.7% reduction in token usage"
_CHANGE_CUE = re.compile(rf"{_NUMBER}\s+(?:improvement|reduction|increase|decrease|gain|drop|boost|speedup|"
                         rf"speed-up)s?\s+(?:in|of|on)\s+{_NP}\b")
# "3.57% error on the test set", "a 4.6% top-5 error rate": a number's error is the measure
_ERROR_CUE = re.compile(rf"{_NUMBER}\s+(?P<np>(?:top-\d\s+|test\s+|word\s+|character\s+)?error(?:\s+rate)?)\b"
                        r"(?!\s+(?:reduction|decrease|increase|drop|improvement)s?\b)")
# Cues that say by themselves that the phrase is measured: it needs no quality word.
_SURE_CUES = (_CHANGE_CUE, _ERROR_CUE)
_CUES = (
    _CHANGE_CUE,
    # "improves forget quality by 5%", "reduces communication costs by up to 10x"
    re.compile(rf"\b(?:improv|enhanc|reduc|increas|boost|rais|lower|cut|decreas)\w*\s+(?:both\s+|the\s+)?"
               rf"(?:[a-z]+(?:'s|s')\s+)?"  # "improves participants' self-efficacy (up to 17%)"
               rf"{_NP}\s+(?:by\s+(?:up\s+to|more\s+than|over|nearly|almost|about|around)\s+|up\s+to\s+|by\s+|"
               rf"\(\s*(?:by\s+)?(?:up\s+to\s+)?){_NUMBER}"),
    # "... and model utility by 35%" after a first measured quality
    re.compile(rf"{_NUMBER}\s+and\s+{_NP}\s+(?:by\s+up\s+to|up\s+to|by)\s+{_NUMBER}"),
    # "with inference speed being on average ~1.4x faster"
    re.compile(rf"\b(?:with|and)\s+{_NP}\s+(?:being|is|was|are)\s+(?:[a-z]+\s+){{0,3}}?{_NUMBER}\s+"
               r"(?:faster|slower|higher|lower|smaller|larger|better|cheaper)\b"),
    # "we assess locality and utility", "to rigorously test unlearning efficacy"
    re.compile(rf"\b(?:assess|evaluat|measur|test|quantif)\w*\s+(?:both\s+|the\s+)?{_NP}"
               rf"(?:\s*,?\s+and\s+{_NP2})?\s*(?:[.,;]|\s+(?:in\s+terms\s+of|on|across|using|under|with)\b)"),
    _ERROR_CUE,
    # "a remarkable 90% sparsity ratio", "loses 0% of model utility", "keeps 98% of the accuracy"
    re.compile(rf"\b(?:a|an)\s+(?:[a-z]+\s+)?{_NUMBER}\s+{_NP}\b"),
    re.compile(rf"{_NUMBER}\s+of\s+(?:the\s+|its\s+|their\s+)?{_NP}\b"),
    # "achieving high customer satisfaction"
    re.compile(rf"\b(?:achiev|attain|obtain|reach|yield)\w*\s+(?:[a-z]+ly\s+)?(?:high|higher|low|lower|"
               rf"better|strong|stronger|superior|competitive|comparable)\s+{_NP}\b"),
)
# "scores for different capabilities such as grammar, creativity and consistency"
_SCORED_LIST = re.compile(r"\bscores?\s+for\s+[^.;]{0,40}?\b(?:such as|including|namely)\s+(?P<list>[^.;()]+)")


def _metric_phrase(phrase: str, sure: bool = False) -> str:
    """The measure a cue's noun phrase names, or "": "forget quality" yes, "performance" no.

    Where the cue alone says the phrase is measured (``sure``), it needs no quality head: a member
    of a list of scored traits ("grammar", "novelty"), what a number improved ("a 17% improvement
    in skill mastery").
    """
    words = phrase.split()
    stop = load_words("modifiers.tsv")
    while words and (words[0] in stop or words[0].endswith("ly")):
        words = words[1:]  # "both", "the", "significantly"
    cut = next((n for n, w in enumerate(words) if w in stop), len(words))
    words = words[:cut]  # "token usage and ...": the phrase ends at a function word
    if not words:
        return ""
    head = words[-1].rsplit("-", 1)[-1]  # "self-efficacy": the quality is "efficacy"
    if sure and len(words) <= 2 and head not in _VAGUE and not is_task_head(head) \
            and not head.endswith(("ion", "ing")):  # "a 5% gain in zero-shot generalization": an ability
        return " ".join(words)
    if len(words) == 1 and (head in _VAGUE or head in _QUALITY_HEADS - {"efficiency", "efficacy", "utility",
                                                                         "consistency", "fairness",
                                                                         "stability", "robustness",
                                                                         "faithfulness", "fluency",
                                                                         "coherence", "diversity",
                                                                         "correctness", "latency",
                                                                         "throughput", "perplexity"}):
        return ""  # a bare "accuracy" is in the gazetteer; a bare "cost" or "score" says nothing
    if not (head in _QUALITY_HEADS or head.endswith(_QUALITY_ENDINGS)) or head in _VAGUE - {"quality", "cost",
                                                                                             "costs"}:
        return ""
    name = " ".join(words)
    return "" if ignored(name) else name


def from_measure_cues(text: str, sentences: list[tuple[int, int]]) -> list[Candidate]:
    """Unnamed metrics that a sentence measures or reports a number for."""
    out = []
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        spans = []
        for cue in _CUES:
            for match in cue.finditer(sentence):
                for group in ("np", "np2"):
                    if group in cue.groupindex and match.group(group):
                        spans.append((match.start(group), match.group(group), cue in _SURE_CUES))
        for match in _SCORED_LIST.finditer(sentence):
            at = match.start("list")
            for part in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", match.group("list")):
                spans.append((sentence.find(part, at), part, True))
        seen = set()  # two cues may read the same words: "a 7.2% top-5 error rate"
        for where, phrase, sure in spans:
            name = _metric_phrase(phrase, sure)
            if not name or where < 0 or (where, name) in seen:
                continue
            seen.add((where, name))
            start = s_start + where + phrase.index(name)
            out.append(Candidate(start, start + len(name), name, "metric", "cue:metric", 2, 0.5, named=False))
    return out


# A sentence that measures, compares or scores: "improves faithfulness", "in terms of fluency".
_MEASURED = re.compile(r"\b(?:improv\w*|enhanc\w*|in terms of|scor\w*|metrics?|measur\w*|assess\w*|evaluat\w*|"
                       r"quantif\w*|rat(?:e|es|ed|ing)|higher|lower|better|worse|increas\w*|decreas\w*|"
                       r"reduc\w*|trade-?offs?|judg\w*)\b|\d\s*%", re.IGNORECASE)


_CUTOFF = re.compile(r"(?<![\w@])([A-Za-z][A-Za-z-]{0,11}@(?:\d{1,4}|[kKN]))(?![\w@])")


def from_cutoffs(text: str) -> list[Candidate]:
    """Ranking measures at a cut-off: "P@10", "MRR@5", "Hits@k" are metrics by their shape.

    Examples
    --------
    >>> [c.text for c in from_cutoffs("We report P@10 and MRR@5; mail me at a@b.com.")]
    ['P@10', 'MRR@5']
    """
    return [Candidate(m.start(1), m.end(1), m.group(1), "metric", "shape", 3, 0.8, named=False, typed=True)
            for m in _CUTOFF.finditer(text)]


# Words that make a known measure a measure of its own: "rank-1 accuracy", "macro F1", "mean IoU".
_QUALIFIER = re.compile(r"(?:(?<![\w-])(?:[Tt]op|[Rr]ank)-?\d{1,3}|\b(?:[Mm]acro|[Mm]icro)(?:-averaged)?)[\s-]$")
_MEAN = re.compile(r"\b[Mm]ean\s$")


def widen_qualified(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Known metrics under a qualifier that makes them another measure: "rank-1 accuracy",
    "macro-averaged F1", and "mean" before an acronym ("mean IoU", not "mean accuracy").

    Examples
    --------
    >>> text = "It reaches 80% rank-1 accuracy, a macro F1 of 0.7 and 41 mean IOU."
    >>> known = [Candidate(m.start(), m.end(), m.group(0), "metric", "gazetteer", 3, 0.9)
    ...          for m in re.finditer(r"accuracy|F1|IOU", text)]
    >>> [c.text for c in widen_qualified(text, known)]
    ['rank-1 accuracy', 'macro F1', 'mean IOU']
    """
    out = []
    for cand in candidates:
        if cand.type != "metric" or not cand.rule.startswith("gazetteer"):
            continue
        before = text[max(0, cand.start - 20):cand.start]
        found = _QUALIFIER.search(before) or (_MEAN.search(before) if cand.text[:2].isupper() else None)
        if found:
            start = cand.start - len(before) + found.start()
            out.append(Candidate(start, cand.end, text[start:cand.end], "metric", "term:metric", cand.priority,
                                 cand.confidence, named=False))
    return out


def drop_unmeasured(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Leave out a bare quality word that the sentence does not measure.

    "helpfulness" is a metric in "improves helpfulness by 5%" but a value in
    "beyond generic helpfulness and harmlessness" and a modifier in
    "harmlessness training": a one-word metric ending like a quality noun
    ("-ness", "-ity", "-ency") is kept only where its sentence measures something.

    Examples
    --------
    >>> text = "We add harmlessness training. It improves fluency."
    >>> cands = [Candidate(7, 19, "harmlessness", "metric", "gazetteer", 3, 0.9, named=False),
    ...          Candidate(42, 49, "fluency", "metric", "gazetteer", 3, 0.9, named=False)]
    >>> [c.text for c in drop_unmeasured(text, cands)]
    ['fluency']
    """
    out = []
    for cand in candidates:
        if cand.type == "metric" and cand.text.islower() and " " not in cand.text \
                and cand.text.lower().endswith(_QUALITY_ENDINGS + ("ence", "ance")):
            start = max(text.rfind(". ", 0, cand.start), text.rfind("\n", 0, cand.start)) + 1
            end = text.find(". ", cand.end)
            if not _MEASURED.search(text, start, end if end >= 0 else len(text)):
                continue
        out.append(cand)
    return out
