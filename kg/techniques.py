"""Technique lists: the members of a list that the sentence says are methods.

Abstracts often name techniques in a list under a category noun, with no
head word that marks each member: "unlearning methods such as gradient
difference and preference optimization", "four approaches -- model
reporting, publishing evaluation results, ...", "re-translation, polishing
and word deletion attacks". Part of candidate finding (see
:mod:`kg.candidates`): :func:`from_technique_lists` reads the sentence text
and proposes each member as an unnamed method; :func:`from_shared_heads` gives
modifiers coordinated before a known technique its head ("supervised and
unsupervised learning"). Nothing here imports spaCy.

Examples
--------
>>> text = "We compare unlearning methods such as gradient difference and weight pruning."
>>> [c.text for c in from_technique_lists(text, [(0, len(text))])]
['gradient difference', 'weight pruning']
>>> text = "It resists attacks: re-translation, polishing, and word deletion."
>>> [c.text for c in from_technique_lists(text, [(0, len(text))])]
['re-translation', 'polishing', 'word deletion']
"""
from __future__ import annotations

import re

from kg.candidates import Candidate
from kg.gazetteer import load_heads, load_words
from kg.lexicon import ignored

# Plural nouns that name a list of techniques.
_CATEGORY = r"(?:approaches|methods|techniques|strategies|algorithms|attacks|heuristics|baselines)"
# "methods such as A, B and C", "approaches: A, B", "methods, (i) A, (ii) B", "approaches -- A, B".
_OPENED = re.compile(
    rf"\b{_CATEGORY}\b(?P<gap>[^.;:]{{0,70}}?)(?:,?\s+(?:such as|including|like|namely|e\.g\.,?)|\s*:|\s+--|"
    r",?\s+(?=\(?(?:i|1|a)\)\s))\s*(?P<list>[^.;:]+)")
# "A, B, and C attacks": the category noun closes the list.
_CLOSING = re.compile(rf"\s{_CATEGORY}\b")
_LIST_TEXT = re.compile(r"[\w\s,()/-]*$")
_ENUMERATOR = re.compile(r"^\s*\(?(?:[ivx]{1,4}|\d|[a-e])\)\s*")
_SPLIT = re.compile(r"(\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")
_WORD = re.compile(r"^(?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*|[A-Z][a-z]+-[a-z]+|[A-Z]{2,5}s?|\([a-z]+\))$")
_INSIDE = frozenset({"with", "before", "after", "of", "via", "by", "from"})
_OBJECT = frozenset({"the", "a", "an", "their", "its", "our", "them", "it", "this", "these", "each"})
_MAX_WORDS = 4


_OPENERS = frozenset({"including", "namely", "such", "like", "e.g.", "e.g.,", "i.e.", "i.e.,", "especially"})


def _stop(word: str) -> bool:
    return word.lower() in load_words("modifiers.tsv") or word.lower() in _OPENERS


def _member(chunk: str, last: bool) -> str:
    """The technique a list chunk names, or "" ("their combinations", "supervised fine-tuning on tool data")."""
    chunk = _ENUMERATOR.sub("", chunk).strip()
    words = chunk.split()
    if last:  # the last member runs on into the sentence: "and C are unified into ..."
        cut = next((n for n, w in enumerate(words) if _stop(w) and w.lower() not in _INSIDE or w == "--"),
                   len(words))
        if cut == 1 and len(words) > 1 and words[1].lower() in _OBJECT:
            return ""  # "such as fine-tuning, modify the models": a verb with its object
        words = words[:cut]
    words = [w for w in words if not re.fullmatch(r"\([a-z]+\)", w)]  # "(negative) preference optimization"
    if not words or len(words) > _MAX_WORDS or not all(_WORD.match(w) for w in words):
        return ""
    if _stop(words[0]) or _stop(words[-1]) or words[-1].lower() in _INSIDE:
        return ""
    if any(_stop(w) and w.lower() not in _INSIDE for w in words) or any(w.endswith("ly") for w in words):
        return ""
    if len(words) == 1 and _bare(words[0]):
        return ""
    name = " ".join(words)
    return "" if ignored(name) else name


def _bare(word: str) -> bool:
    """A single word that names no technique on its own: "fine-tuning", "scalability", "optimized"."""
    low = word.lower()
    return low in load_heads() or low.endswith(("ity", "ness")) or (low.endswith("ed") and "-" not in low)


def _members(listed: str, closed: bool) -> list[str]:
    """The members of a list, in order; [] unless it has two or more (three if ``closed``)."""
    parts = _SPLIT.split(listed.strip())
    chunks, separators = parts[::2], [""] + parts[1::2]  # the separator before each chunk
    pairs = [(c, s) for c, s in zip(chunks, separators) if c]
    if closed and not any(s.strip() == "," for _, s in pairs):
        return []  # "augment or replace ... algorithms": no comma, no list
    members = []
    if closed:
        after = ""  # the separator after the member at hand: a comma but before the last one
        for n, (chunk, separator) in enumerate(reversed(pairs)):
            if n > 1 and "," not in after:
                break  # "augment or replace ... and often ... algorithms": not one comma list
            after = separator
            words = chunk.split()
            stops = [k for k, w in enumerate(words) if _stop(w)]
            if stops:  # "results under re-translation": the list starts after the last function word
                chunk = " ".join(words[stops[-1] + 1:])
            member = _member(chunk, False)
            if not member or _not_closed_member(member):
                break
            members.append(member)
            if stops:
                break
        members.reverse()
    else:
        for n, (chunk, separator) in enumerate(pairs):
            last = n == len(pairs) - 1
            member = _member(chunk, last)
            if last and member and separator.strip() == "," and len(member.split()) < len(chunk.split()) \
                    and not _ENUMERATOR.match(chunk):
                break  # "such as A, offer possibilities for ...": the sentence goes on, no last member
            if not member:
                break
            members.append(member)
    # "prompting and generation methods" may be methods of prompting and of generation: a closed
    # list counts only with three members or more.
    return members if len(members) >= 2 + closed else []


def _not_closed_member(member: str) -> bool:
    """Before a category noun, words that only describe it: "architectural", "instructions",
    "incorporating quality assessment"."""
    words = member.split()
    if len(words) == 1:
        word = words[0]
        return "-" not in word and (word.endswith(("al", "ive", "ic", "ous", "ar"))
                                    or (word.endswith("s") and not word.endswith(("ss", "sis", "ics"))))
    return words[0].endswith("ing") and "-" not in words[0]


def from_technique_lists(text: str, sentences: list[tuple[int, int]]) -> list[Candidate]:
    """Members of lists opened or closed by a noun such as "methods", "approaches", "attacks"."""
    out = []
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        found = []
        for match in _OPENED.finditer(sentence):
            if "(" in match.group("gap") and ")" not in match.group("gap"):
                continue
            found.append((match.start("list"), match.group("list"), False))
        for match in _CLOSING.finditer(sentence):
            listed = _LIST_TEXT.search(sentence, max(0, match.start() - 200), match.start())
            found.append((listed.start(), listed.group(0), True))
        for offset, listed, closed in found:
            at = offset
            for member in _members(listed, closed):
                where = sentence.find(member, at)
                if where < 0:
                    continue
                start = s_start + where
                out.append(Candidate(start, start + len(member), member, "method", "list:method", 2, 0.5,
                                     named=False))
                at = where + len(member)
    return out


_SHARED_HEAD_WORD = re.compile(r"^[a-z][a-z-]*[a-z]$")


def _shares_head(word: str) -> bool:
    """Can ``word`` stand for a technique before a shared head: "supervised", "contrastive", not "efficient"?"""
    low = word.lower()
    if not _SHARED_HEAD_WORD.match(word) or low in load_words("modifiers.tsv") or ignored(low):
        return False
    return low in load_words("participles.tsv") or low.endswith(("al", "ic", "ive", "-based", "-free"))


def from_shared_heads(text: str, tokens: list, chosen: list[Candidate]) -> list[Candidate]:
    """Modifiers coordinated before a technique share its head: "supervised and unsupervised learning".

    ``chosen`` are the candidates already picked; an unnamed method such as
    "unsupervised learning" lends its head ("learning") to each single
    adjective or participle listed before it with "and"/"or"/commas.

    Examples
    --------
    >>> from kg.candidates import Token
    >>> text = "We compare supervised and unsupervised learning here."
    >>> tokens = [Token(m.group(0), m.start(), 0) for m in re.finditer(r"[\\w-]+|[^\\w\\s]", text)]
    >>> seed = Candidate(26, 47, "unsupervised learning", "method", "gazetteer", 3, 0.9, named=False)
    >>> [(c.text, c.type) for c in from_shared_heads(text, tokens, [seed])]
    [('supervised learning', 'method')]
    """
    from kg.lexicon import head_type, lookup, term_type

    by_start = {t.start: n for n, t in enumerate(tokens)}
    taken = {(c.start, c.end) for c in chosen}
    out = []
    for seed in chosen:
        words = seed.text.split()
        first = by_start.get(seed.start)
        if seed.type != "method" or seed.named or first is None or len(words) < 2 or not seed.text.islower() \
                or not _shares_head(words[0]) or not any(head_type(words[-1], use) == "method"
                                                        for use in ("name", "term", "cued")):
            continue
        head = " ".join(words[1:])
        seed_sentence = tokens[first].sent
        k, joined = first, False  # joined: the "and"/"or" is behind us
        while True:
            j = k - 1
            if not joined and j >= 0 and tokens[j].text.lower() in ("and", "or"):
                j -= 1
                joined = True
            elif not (joined and j >= 0 and tokens[j].text == ","):
                break
            if j >= 0 and tokens[j].text == ",":
                j -= 1  # "A, B, and C learning"
            if j < 0 or tokens[j].sent != seed_sentence or not _shares_head(tokens[j].text) \
                    or (tokens[j].start, tokens[j].end) in taken:
                break
            name = f"{tokens[j].text.lower()} {head}"
            term = lookup(name)
            out.append(Candidate(tokens[j].start, tokens[j].end, name, term_type(term) if term else "method",
                                 "list:method", 1, 0.5, named=False))
            k = j
    return out
