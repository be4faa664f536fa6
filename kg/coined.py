"""Names a paper coins in quotes: 'we introduce a prompting strategy, termed "re-reading"'.

A quoted word or phrase right after "termed", "called", "dubbed", "named" or
"coined" (a word or two may come between: 'termed question "re-reading"')
is the name of the thing the sentence introduces, when the sentence says
the paper makes it ("we propose", "this paper introduces"). Its type is the
one the head noun before the naming word gives ("strategy" -> method,
"benchmark" -> benchmark), method when there is none; a lower-case coinage
is a general term (``named=False``). Pure functions over text; nothing here
imports spaCy.

Examples
--------
>>> text = 'We introduce a simple prompting strategy, termed question "re-reading", for LLMs.'
>>> [(c.text, c.type, c.named, c.introduced) for c in from_coined(text, [(0, len(text))])]
[('re-reading', 'method', False, 'cue:name')]
>>> text = 'Prior work studied such strategies (called "reasoning actions") in depth.'
>>> from_coined(text, [(0, len(text))])
[]
"""
from __future__ import annotations

import re

from kg.candidates import Candidate
from kg.gazetteer import load_heads
from kg.lexicon import ignored

_COINED = re.compile(r"(\w+)?[\s,(]*\b(?:termed|called|dubbed|named|coined)\s+(?:as\s+)?(?:[\w-]+\s+){0,2}?"
                     r"(?:\"|``|“|‘)([A-Za-z][\w\s+-]{1,38}[\w+])(?:\"|''|”|’)")

_WE_MAKE = re.compile(
    r"\b(?:we|this (?:paper|work|study))\s+(?:\w+ly\s+)?(?:also\s+)?(?:propose|introduce|present|develop|design|"
    r"devise|build|create|construct|curate|release)s?\b", re.IGNORECASE)


def from_coined(text: str, sentences: list[tuple[int, int]]) -> list[Candidate]:
    """Quoted names the paper coins after "termed"/"called"/"dubbed", as introduced candidates."""
    out = []
    for s_start, s_end in sentences:
        if '"' not in text[s_start:s_end] and "“" not in text[s_start:s_end] and "``" not in text[s_start:s_end]:
            continue  # the common case, decided cheaply
        for match in _COINED.finditer(text, s_start, s_end):
            if not _WE_MAKE.search(text, s_start, match.start(2)):
                continue  # a label for others' work: 'such strategies (called "reasoning actions")'
            name = match.group(2)
            if ignored(name) or len(name.split()) > 5:
                continue
            head = (match.group(1) or "").lower()
            uses = load_heads().get(head, {})
            type_ = uses.get("after") or uses.get("name") or "method"
            out.append(Candidate(match.start(2), match.end(2), name, type_, "cue:name", 2, 0.7,
                                 named=not name.islower(), introduced="cue:name"))
    return out
