"""Acronym definitions in running text, after Schwartz and Hearst (2003).

A definition is a long form followed by its short form in parentheses,
"Learning through Communication (LTC)", or the reverse, "LTC (Learning
through Communication)"; also written out ("LTC, which stands for ...",
"LTC, dubbed ...") and a title's opening "LTC: Learning through
Communication for ...". :func:`find_abbreviations` returns every such pair
with character offsets into the text it was given; extraction uses them to
give an acronym its long form as an alias and to type it by the long form's
head noun.

These are pure functions on strings; :mod:`kg.extract` puts a thin spaCy
step on top.

Examples
--------
>>> [(a.short, a.long) for a in find_abbreviations(
...     "We propose Learning through Communication (LTC), trained with "
...     "Proximal Policy Optimization (PPO).")]
[('LTC', 'Learning through Communication'), ('PPO', 'Proximal Policy Optimization')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_PAREN = re.compile(r"\(([^()]{1,80})\)")
_WORD = re.compile(r"\S+")
_CLAUSE_BREAK = re.compile(r"[;:.!?]\s|\n|[,]\s+(?:and|or|which|that|while|where|we|they)\s")
_QUOTES = '*"“”‘’`\''
# "ZORB, which stands for Zero-shot Optimised Retrieval ...", "RL (short for reinforcement learning)"
_STANDS_FOR = re.compile(r"(?<![\w-])([\w][\w-]{1,11}),?\s+(?:\(\s*)?(?:which\s+|that\s+)?(?:stands?\s+for|short\s+for)"
                         r"\s+(?:the\s+)?([^.;:,()\n]{3,100})")
# "ZORB, dubbed Zero-shot Optimised Retrieval ...": only where the short form comes first
_DUBBED = re.compile(r"(?<![\w-])([A-Z][\w-]{1,11}),\s+(?:dubbed|called|named)\s+([^.;:,()\n]{3,100})")
_NOT_FIRST = {"and", "or", "the", "a", "an", "of", "to", "in", "for", "with", "by", "we", "our"}


@dataclass(frozen=True)
class Abbreviation:
    """A short form defined by a long form, with offsets into the text."""

    short: str
    short_start: int
    long: str
    long_start: int

    @property
    def short_end(self) -> int:
        return self.short_start + len(self.short)

    @property
    def long_end(self) -> int:
        return self.long_start + len(self.long)


def is_short_form(candidate: str) -> bool:
    """True if ``candidate`` looks like an acronym: short, one or two words, a capital.

    Examples
    --------
    >>> [is_short_form(s) for s in ["LTC", "CoT", "GPT-4", "e.g.", "see below", "x"]]
    [True, True, True, False, False, False]
    """
    if not 2 <= len(candidate) <= 12 or len(candidate.split()) > 2:
        return False
    if not candidate[0].isalnum() or candidate.endswith("."):
        return False
    if not any(c.isupper() for c in candidate):
        return False
    return sum(c.isalpha() for c in candidate) >= 2


def _letters_in_order(letters: list[str], text: str) -> bool:
    """Schwartz-Hearst: the letters, walked from the end, occur right to left
    in ``text`` and the first one begins a word of it."""
    li = len(text) - 1
    for si in range(len(letters) - 1, -1, -1):
        c = letters[si]
        while li >= 0 and (text[li] != c or (si == 0 and li > 0 and text[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        li -= 1
    return True


def match_long_form(short: str, words: list[str]) -> int:
    """Index of the first word of the long form that ``short`` abbreviates, or -1.

    ``words`` are the words before the parenthesis, nearest last. The long
    form must begin with the short form's first letter and hold its letters
    in order (the Schwartz-Hearst rule); of the windows that do, the
    shortest with at least as many word parts as the short form has
    capitals wins, so "PPO" takes all of "Proximal Policy Optimization".

    Examples
    --------
    >>> words = "trained with Proximal Policy Optimization".split()
    >>> words[match_long_form("PPO", words):]
    ['Proximal', 'Policy', 'Optimization']
    >>> match_long_form("XYZ", words)
    -1
    """
    letters = [c.lower() for c in short if c.isalnum()]
    if not letters:
        return -1
    capitals = sum(c.isupper() or c.isdigit() for c in short)
    fallback = -1
    for k in range(1, len(words) + 1):
        window = words[-k:]
        if window[0][:1].lower() != letters[0]:
            continue
        if not _letters_in_order(letters, " ".join(window).lower()):
            continue
        if fallback < 0:
            fallback = len(words) - k
        if _parts(window) >= capitals:
            return len(words) - k
    return fallback


def _parts(words: list[str]) -> int:
    """How many letters of an acronym the words can give: a camel-case word counts its capitals
    ("TeachMyAgent" can stand for "TMA" on its own), a hyphenated one its parts."""
    return sum(max(len([p for p in re.split(r"[-/]", w) if p]), sum(c.isupper() for c in w[1:]) + 1)
               for w in words)


def _first_letter_ok(short: str, long: str) -> bool:
    first = next((c for c in short if c.isalnum()), "")
    return bool(first) and long[:1].lower() == first.lower()


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Every "long form (SF)" and "SF (long form)" definition in ``text``.

    Examples
    --------
    >>> a = find_abbreviations("the Tree of Thoughts (ToT) method")[0]
    >>> a.short, a.long, a.long_start, a.short_start
    ('ToT', 'Tree of Thoughts', 4, 22)
    >>> [(a.short, a.long) for a in find_abbreviations("MoE (mixture of experts) layers")]
    [('MoE', 'mixture of experts')]
    >>> find_abbreviations("accuracy (see Table 2)")
    []
    >>> [(a.short, a.long) for a in find_abbreviations("ZORB, which stands for Zero-shot Optimised "
    ...                                                  "Retrieval Baseline, is new.")]
    [('ZORB', 'Zero-shot Optimised Retrieval Baseline')]
    """
    found: list[Abbreviation] = []
    for match in _PAREN.finditer(text):
        inner = match.group(1).strip()
        inner_start = match.start(1) + (len(match.group(1)) - len(match.group(1).lstrip()))
        # "long form (SF; ...)" and "(SF, ...)": take the part before a separator.
        short = re.split(r"[;,]\s|\s[-–]\s", inner)[0].strip()
        begin = max(0, match.start() - 200)
        before = text[begin:match.start()]
        if _CLAUSE_BREAK.search(before):
            begin = match.start() - len(_CLAUSE_BREAK.split(before)[-1])
        # the words before the parenthesis, each with its offset ("Policy" of "Policy Filtration for
        # Proximal Policy Optimization (PF-PPO)" is the first one, not the second)
        words, starts = [], []
        for token in _WORD.finditer(text, begin, match.start()):
            words.append(token.group().strip(_QUOTES) or token.group())
            starts.append(token.start() + token.group().find(words[-1]))
        if is_short_form(short) and words:
            window = words[-min(len(short) + 5, 2 * len(short)):]
            index = match_long_form(short, window)
            if index >= 0:
                long = " ".join(window[index:]).strip(",")
                long_start = starts[len(words) - len(window) + index]
                if _first_letter_ok(short, long) and long.lower() != short.lower():
                    long = text[long_start:match.start()].rstrip(' ,' + _QUOTES)
                    if not re.search(r"[()]", long) and long.split()[0].lower() not in _NOT_FIRST:
                        found.append(Abbreviation(short, inner_start, long, long_start))
                    continue
        # The reverse: "SF (long form)" with a long form of two or more words.
        if len(inner.split()) >= 2 and not is_short_form(inner):
            prev = re.search(r"(\S+)\s*$", text[:match.start()])
            if prev and is_short_form(prev.group(1).strip(",")):
                candidate = prev.group(1).strip(",")
                words = inner.split()
                index = match_long_form(candidate, words)
                if index == 0 and _first_letter_ok(candidate, inner):
                    found.append(Abbreviation(candidate, prev.start(1), inner, inner_start))
    found.extend(_spelled_out(text, {a.short_start for a in found}))
    found.extend(_titled(text, {a.short_start for a in found}))
    return found


# "CyCADA: Cycle-Consistent Adversarial Domain Adaptation", "Math-PUMA: Progressive Upward Multimodal
# Alignment to Enhance ...": a title's name, and the words after its colon up to what the title goes on with.
_TITLE_NAME = re.compile(r"([\w][\w-]{1,11}):[ \t]+([^\n]+)")
_TITLE_LONG_END = re.compile(r"\s+(?:to|for|in|on|at|using|via|from|through|towards?|is|are|--|—|-)\s|[:,;?!]",
                             re.IGNORECASE)


def _titled(text: str, known: set[int]) -> list[Abbreviation]:
    """The definition a title opens with: "SF: Long Form for ...", the long form spelling the name's
    capitals word by word ("DensePose: Dense Human Pose Estimation" is a name, not an acronym)."""
    match = _TITLE_NAME.match(text)
    if not match or 0 in known or not is_short_form(match.group(1)):
        return []
    short = match.group(1)
    long = _TITLE_LONG_END.split(match.group(2), maxsplit=1)[0].strip()
    words = long.split()
    spelled = [short] + [part for part in short.split("-")[1:] if part.isupper() and len(part) > 1]
    for letters in spelled:  # "Math-PUMA" spells its long form with "PUMA"
        capitals = sum(c.isupper() or c.isdigit() for c in letters)
        if capitals >= 2 and words and match_long_form(letters, words) == 0 and _first_letter_ok(letters, long) \
                and capitals <= _parts(words) <= capitals + 1:
            return [Abbreviation(short, 0, long, match.start(2))]
    return []


def _spelled_out(text: str, known: set[int]) -> list[Abbreviation]:
    """Definitions written out in words: "SF, which stands for long form", "SF (short for long form)",
    "SF, dubbed Long Form"."""
    found = []
    for match in [*_STANDS_FOR.finditer(text), *_DUBBED.finditer(text)]:
        short, long = match.group(1), match.group(2).strip()
        if match.start(1) in known or not is_short_form(short):
            continue
        words = long.split()
        # the long form ends once it has a content word for each capital: "... from Transformers, is"
        capitals = sum(c.isupper() or c.isdigit() for c in short)
        content = [w.lower() not in _NOT_FIRST | {"from", "on", "at", "as", "via"} for w in words]
        end = next((k for k in range(1, len(words) + 1)
                    if content[k - 1] and sum(content[:k]) >= capitals
                    and match_long_form(short, words[:k]) == 0), 0)
        if end and _first_letter_ok(short, long):
            found.append(Abbreviation(short, match.start(1), " ".join(words[:end]), match.start(2)))
    return found


_PROPOSE = re.compile(r"\b(?:we|this (?:paper|work|study))\s+(?:\w+\s+){0,3}?(?:propose|introduce|present|design|"
                      r"develop|devise)(?:s|d)?\b", re.IGNORECASE)
# Between the cue and the long form: "we introduce the concept of X", "we present Y to improve X".
_NOT_NEW = re.compile(r"\b(?:concept|notion|idea|use|usage|application|problem|task)s?\s+of\s*$|\binto\b"
                      r"|\bto\s+[a-z]+\b", re.IGNORECASE)
# The long form names the paper's own technique right after "our method of", "our approach, called".
_OUR_NAMED = re.compile(r"\bour\s+(?:[a-z-]+\s+)?(?:method|approach|framework|technique|algorithm|strategy)"
                        r"(?:\s+of|\s+called|\s+named|\s+dubbed|,)\s+(?:the\s+)?$", re.IGNORECASE)
_PARTS = re.compile(r"\b(?:composed of|consists? of|consisting of|comprising|comprises)\s*$", re.IGNORECASE)


def coined(text: str, pair: Abbreviation) -> str | None:
    """The words between "we propose" and ``pair`` if the paper coins it, else None.

    A lower-case long form ("simulated trial and error (STE)") is usually a
    general phrase; it names the paper's own method when the sentence proposes
    it and the short form comes back on its own later.

    Examples
    --------
    >>> text = "We propose a method, simulated trial and error (STE). STE helps."
    >>> coined(text, find_abbreviations(text)[0])
    ' a method, '
    >>> text = "Our method of random token swapping (RTS) helps."
    >>> coined(text, find_abbreviations(text)[0])
    'Our method of '
    >>> text = "We introduce the concept of natural language (NL) into X. NL helps."
    >>> coined(text, find_abbreviations(text)[0]) is None
    True
    >>> text = "We present tricks to improve image super resolution (SR). SR is hard."
    >>> coined(text, find_abbreviations(text)[0]) is None
    True
    """
    start = max(text.rfind(". ", 0, pair.long_start), text.rfind("\n", 0, pair.long_start)) + 1
    named = _OUR_NAMED.search(text, start, pair.long_start)
    if named:  # "our method of curiosity-driven exploration (CDE)"
        return named.group(0)
    cue = None
    for cue in _PROPOSE.finditer(text, start, pair.long_start):
        pass
    if cue is None or _NOT_NEW.search(text, cue.end(), pair.long_start) \
            and not _PARTS.search(text, cue.end(), pair.long_start):
        return None  # "we propose X, which is composed of Y (Z)": the parts are new too
    if not re.search(rf"(?<![\w-]){re.escape(pair.short)}(?![\w-])", text[pair.short_end + 1:]):
        return None
    return text[cue.end():pair.long_start]
