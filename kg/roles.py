"""The role a paper gives an entity: "introduced" (the paper creates it) or "used".

Pure functions over the text around a mention; the cue expressions live in
``kg/rules/roles.tsv``. :mod:`kg.extract` asks :func:`introduction_cue` for
each occurrence of a name the gazetteers do not already know.

Examples
--------
>>> introduction_cue("In this paper, we propose ", " to align agents.")
'cue:before'
>>> introduction_cue("We evaluate on ", ", a standard benchmark.")
''
>>> introduction_cue("We present ", " (Learning through Communication), a novel paradigm.")
'cue:before'
>>> introduction_cue("Experiments with ", ", a new benchmark of 500 tasks, show")
'cue:after'
"""
from __future__ import annotations

import re

from kg.gazetteer import load_role_cues

_MAX_BEFORE = 240
_TITLE_NAME = re.compile(r"^\s*([^:,]{1,60}?)\s*(?::\s+\S|,\s+(?:a|an)\s)")


def introduction_cue(before: str, after: str) -> str:
    """The cue that makes a mention "introduced", as ``"cue:<kind>"``, or "".

    ``before`` is the text of the mention's sentence up to the mention,
    ``after`` the text from its end to the end of the sentence.
    """
    cues = load_role_cues()
    tail = before[-_MAX_BEFORE:]
    for pattern in cues.get("before", ()):
        ends = [m.end() for m in pattern.finditer(tail)]
        if ends and not any(c in tail[ends[-1]:] for c in ".;"):
            return "cue:before"
    near = tail[-60:]
    if any(p.search(near) for p in cues.get("adjacent", ())):
        return "cue:before"
    if any(p.search(after[:_MAX_BEFORE]) for p in cues.get("after", ())):
        return "cue:after"
    return ""


def title_name(title: str) -> str:
    """The short name before a title's colon ("LeTI: Learning to ..." -> "LeTI"), or "".

    Examples
    --------
    >>> title_name("LeTI: Learning to Generate from Textual Interactions")
    'LeTI'
    >>> title_name("MechGPT, a language-based strategy for mechanics")
    'MechGPT'
    >>> title_name("Are Large Language Models Post Hoc Explainers?")
    ''
    """
    match = _TITLE_NAME.match(title)
    return match.group(1) if match else ""
