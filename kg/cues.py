"""Names a cue phrase points at as the paper's own.

Part of candidate finding (see :mod:`kg.candidates` and :mod:`kg.context`):
the name before a title's colon ("FooLM: ..."), names after "we propose",
"dubbed" or "called", names the paper gives what it found ("a failure we
term the Zorb Curse", a task), names listed after "we introduce ... including",
names set beside "our <noun>," ("Our verifiers, A and B, ..."), and the
short name set right after a new multi-word one ("Contrastive Zorb
Gradient, or CZG"). Each comes as a :class:`~kg.candidates.Candidate`
marked introduced, typed by the words around it where they say what it is. Pure functions; nothing here imports spaCy.

Examples
--------
>>> _title_type(": A Comprehensive Chinese Legal Benchmark for Evaluating LLMs")
'benchmark'
>>> _title_type(": Adapting Large Language Models for Networking")
'method'
>>> [(c.text, c.type) for c in from_cues("Our verifiers, Zorb-Rev and Quux-Rev, help.", [(0, 44)], 0)]
[('Zorb-Rev', 'method'), ('Quux-Rev', 'method')]
"""
from __future__ import annotations

import re
from dataclasses import replace

from kg.candidates import _PREPOSITION, Candidate, _after_type
from kg.gazetteer import load_words
from kg.lexicon import head_type, ignored, lookup, type_from_affixes, wraps_known
from kg.roles import _NOT_THE_OBJECT, title_name
from kg.shapes import inflected_acronym, is_markup, looks_named


# Naming what the paper found or made: "(a phenomenon) we term X", "we refer to this failure as X".
_WE_NAME = (r"(?:[Ww]e|which we|what we|that we)\s+(?:(?:call|term|dub|name)(?:\s+(?:this|it|these|them|such)"
            r"(?:\s+[a-z-]+){0,2})?|refer\s+to\s+(?:(?:this|it|these|them|such)(?:\s+[a-z-]+){0,2}\s+)?as)")
# What a name given that way is: "a phenomenon we term X" -> task.
_NAMED_THING = re.compile(r"\b(phenomen(?:on|a)|failures?|problems?|issues?|effects?|bias(?:es)?|behaviou?rs?|"
                          r"vulnerabilit(?:y|ies)|limitations?|trade-?offs?|paradox(?:es)?|curses?|gaps?)\b[^.;]{0,30}$")

_CUE_NAME = re.compile(
    r"\b(?:propose[sd]?|introduce[sd]?|present[sd]?|release[sd]?|contribute[sd]?|dubbed|called|named|termed|"
    r"coined|develop(?:s|ed)?|build|construct|curate|create[sd]?|"
    # "a failure we term X", "we refer to this as X", "what we call the X"
    rf"(?P<naming>{_WE_NAME}))\s+(?:(?:the|a|an|our)\s+)?"
    r"(?:(?:new|novel|simple|first|large-scale)\s+)?"
    r"(?P<name>[A-Z][\w.+-]*(?:\s+(?:[A-Z0-9][\w.+-]*|of|for|to|with|in|as)){0,6}|[a-z]+\d[\w.-]*)")


_REPORTED = re.compile(r"\b(?:has|have|had|been|was|were)\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def from_cues(text: str, sentences: list[tuple[int, int]], title_end: int) -> list[Candidate]:
    out = []
    name = title_name(text[:title_end])
    lettered = bool(re.fullmatch(r"[A-Z][a-z]+ [A-Z0-9]", name))  # "Agent Q: ...": one name
    if not (len(name.split()) == 1 or lettered or any(looks_named(w) for w in name.split())):
        name = ""
    elif len(name.split()) > 1 and not lettered:
        name = next(w for w in name.split() if looks_named(w))
    inflected = inflected_acronym(name)  # "TICKing All the Boxes": TICK, which the abstract names, is the name
    if name and not (inflected and re.search(rf"\b{inflected}\b", text[title_end:])):
        start = text.index(name)
        type_ = type_from_affixes(name) or _title_type(text[start + len(name):title_end])
        known = lookup(name)
        if not ignored(name) and not is_markup(name) and not (known and not known.source.startswith("pwc_")):
            out.append(Candidate(start, start + len(name), name, type_ or "method",
                                 "title", 2, 0.75, typed=bool(type_), introduced="title"))
    for s_start, s_end in sentences:
        out.extend(_apposed_names(text, s_start, s_end))
        for match in _CUE_VERB.finditer(text, s_start, s_end):
            listed = _INCLUDING.search(text, match.end(), s_end)
            if listed and _NOT_THE_OBJECT.search(text[match.end():listed.start()] + " " + listed.group(0)[:9]):
                listed = None  # "we propose X ... over popular methods including CoT": not new
            for name in re.finditer(r"[A-Z][\w-]*", listed.group(1)) if listed else ():
                begin = listed.start(1) + name.start()
                if not ignored(name.group(0)) and name.group(0).lower() not in load_words("stopwords.tsv"):
                    out.append(Candidate(begin, begin + len(name.group(0)), name.group(0), "method",
                                         "cue:list", 2, 0.6, typed=False, introduced="cue:list"))
        for match in _CUE_NAME.finditer(text, s_start, s_end):
            if _REPORTED.search(text, max(s_start, match.start() - 30), match.start()):
                continue  # "Meta has introduced X", "X was proposed": someone else's work
            phrase = re.sub(r"(?:\s+(?:of|for|and|to|with|in|as))+$", "", match.group("name")).rstrip(".,")
            phrase = re.split(r"(?<=[a-z])\.(?=[A-Z])", phrase)[0]  # "Paradigm.This": a sentence ran on
            words = phrase.split()
            if len(words) > 1 and not all(w[:1].isupper() or w in ("of", "for", "and", "to", "with", "in", "as")
                                          for w in words):
                phrase, words = words[0], words[:1]
            if len(phrase) < 2 or ignored(phrase) or phrase.lower() in load_words("stopwords.tsv"):
                continue
            if (known := lookup(phrase)) and not known.named:
                continue  # "we propose new ICL methods": a general paradigm is nobody's new thing
            start = match.start("name")
            after = text[start + len(phrase):s_end]
            type_ = head_type(" ".join(after.split()[:1]), "after") or _after_type(after) or type_from_affixes(phrase)
            if match.group("naming") and _NAMED_THING.search(text, max(s_start, match.start() - 30),
                                                             match.start("name")):
                type_ = "task"  # "a phenomenon we term the Zorb Curse": a problem the paper is about
            # "we introduce Zorb-Grained RLHF", "Zorbic Flow Matching": the new name wins over the known term
            priority = 3 if wraps_known(phrase) else 2
            found = Candidate(start, start + len(phrase), phrase, type_ or "method", "cue:name", priority,
                              0.7, typed=bool(type_), introduced="cue:name")
            short = _SHORT_AFTER.match(text, found.end, s_end) if len(words) > 1 else None
            if short and not lookup(short.group(1)):  # one entity with two names
                found.link = short.group(1)
                out.append(replace(found, start=short.start(1), end=short.end(1), text=found.link,
                                   rule="acronym:short"))
            out.append(found)
    return out


# The short name given right after a multi-word name: "Contrastive Zorb Gradient, or CZG", "(called ZLAN)".
_SHORT_AFTER = re.compile(r"\s*(?:,\s*or\s+|\(\s*(?:called|dubbed|named|or)\s+)([A-Z][\w+-]*[A-Z0-9][\w+-]*)(?=[\s,)])")



# "Our verifiers, Foo-V and Bar-V, ...", "The resulting model, FooLM-Med, ...": the paper's own.
_ITEM = r"[A-Z][\w.+-]*(?:\s+[A-Z][\w.+-]*){0,4}"  # "Foo-V", "Dynamic Zorb Routing"
_APPOSED = re.compile(r"\b(?:[Oo]ur|[Tt]he resulting)\s+((?:[a-z-]+\s+){0,2}[a-z-]+),\s+"
                      rf"({_ITEM}(?:(?:,\s*|,?\s+and\s+){_ITEM})*),")


_NOT_OURS = re.compile(r"\b(?:base|backbone|baselines?|teachers?|references?|competitors?|starting)\b")


def _apposed_names(text: str, s_start: int, s_end: int) -> list[Candidate]:
    out = []
    for match in _APPOSED.finditer(text, s_start, s_end):
        if _NOT_OURS.search(match.group(1)):
            continue  # "our baseline, GPT-4,": used, not made
        noun = match.group(1).split()[-1]
        type_ = head_type(noun, "after") or head_type(noun.rstrip("s"), "after")
        for name in re.finditer(_ITEM, match.group(2)):
            word, known = name.group(0).rstrip("."), lookup(name.group(0).rstrip("."))
            if ignored(word) or word.lower() in load_words("stopwords.tsv") \
                    or (known and not known.source.startswith("pwc_")):
                continue
            begin = match.start(2) + name.start()
            out.append(Candidate(begin, begin + len(word), word, type_ or "method", "cue:name", 2,
                                 0.7, typed=bool(type_), introduced="cue:name"))
    return out


_CUE_VERB = re.compile(
    r"\b(?:we|this (?:paper|work|study))\s+(?:\w+ly\s+)?(?:also\s+)?(?:propose|introduce|present|develop|design|"
    r"construct|create|curate|release|contribute|devise|build|collect)s?\s+", re.IGNORECASE)


_INCLUDING = re.compile(r"(?:including|namely|:)\s+((?:[A-Z][\w-]*(?:,\s*|\s+and\s+|\s+or\s+)?)+)")


def _title_type(rest: str) -> str:
    """The type the phrase after a title's "Name:" gives: "Okapi: Instruction-tuned LLMs in ..." -> model."""
    rest = re.sub(r"^[\s:,-]+", "", rest)
    if re.match(r"(?:Evaluating|Benchmarking|Measuring|Assessing|Testing|Probing)\b", rest):
        return "benchmark"  # "EVOLvE: Evaluating and Optimizing LLMs for Exploration"
    phrase = _PREPOSITION.split(" " + rest + " ")[0].strip(" ,.;:")
    if re.match(r"\w+ing\b", phrase):
        return "method"  # "NetLLM: Adapting Large Language Models ...": it does something; the object is not it
    found = head_type(phrase, "name")
    return found if found in ("model", "benchmark", "dataset", "method") else ""
