"""Candidate spans of one paper -> one :class:`~kg.records.Mention` per thing named.

Occurrences are grouped when their names share a :func:`kg.identity.name_key`,
when an acronym definition ties a short form to its long form, or when the
gazetteer knows both as spellings of one term. Each group becomes a Mention
with the short form as its name, the other forms as aliases, the best
supported type, "introduced" if any occurrence says so, and its evidence.

Examples
--------
>>> from kg.candidates import Candidate
>>> text = "We propose Learning through Communication (LTC). LTC beats PPO."
>>> cands = [Candidate(11, 41, "Learning through Communication", "method", "acronym:long", 4, 0.85,
...                    link="LTC", introduced="cue:before"),
...          Candidate(43, 46, "LTC", "method", "acronym:short", 4, 0.85, link="LTC"),
...          Candidate(49, 52, "LTC", "method", "shape", 2, 0.6, typed=False),
...          Candidate(59, 62, "PPO", "method", "gazetteer", 3, 0.9, known="PPO")]
>>> [(m.name, m.aliases, m.role) for m in to_mentions("p1", text, cands, lambda i: (0, len(text)))]
[('LTC', ('Learning through Communication',), 'introduced'), ('PPO', (), 'used')]
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from kg.candidates import Candidate
from kg.descriptions import vote
from kg.identity import name_key
from kg.records import Evidence, Mention
from kg.shapes import family_of, variant_base

MAX_EVIDENCE = 3


class _Groups:
    """Union-find over name keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _strength(cand: Candidate) -> tuple:
    return (cand.typed, cand.priority, cand.confidence)


def confidence(cands: list[Candidate], *, title_end: int = 0) -> float:
    """How sure a paper's mention is: its best rule's confidence, less doubt the more it is said.

    Each further occurrence (up to three) takes a quarter of the remaining doubt
    away, and a name in the title another 40 %: a name a paper repeats, or puts
    in its title, is rarely a false reading.

    Examples
    --------
    >>> from kg.candidates import Candidate
    >>> once = [Candidate(50, 53, "LTC", "method", "shape", 2, 0.6)]
    >>> twice = once + [Candidate(90, 93, "LTC", "method", "shape", 2, 0.6)]
    >>> confidence(once), confidence(twice), confidence(once, title_end=60)
    (0.6, 0.7, 0.76)
    """
    doubt = 1.0 - max(c.confidence for c in cands)
    doubt *= 0.75 ** min(len({c.start for c in cands}) - 1, 3)
    if any(c.start < title_end for c in cands):
        doubt *= 0.6
    if any(c.introduced for c in cands):
        doubt *= 0.6
    if any(c.known and c.named for c in cands):
        doubt *= 0.7
    elif not any(c.named for c in cands):
        doubt = min(doubt * 1.5, 0.9)
    return round(1.0 - doubt, 3)


def to_mentions(paper_id: str, text: str, chosen: list[Candidate], sentence_of) -> list[Mention]:
    """Group a paper's chosen candidates into mentions, in order of first occurrence."""
    groups = _Groups()
    # An unnamed thing the paper makes is not a known name its words spell: "a novel math dataset"
    # is no mention of MATH.
    keyed = [(name_key(c.text), c) for c in chosen]
    keyed = [("made:" + k if c.rule == "cue:phrase" else k, c) for k, c in keyed if k]
    for key, cand in keyed:
        groups.find(key)
        if cand.link:
            groups.union(key, name_key(cand.link))
        if cand.known and name_key(cand.known):
            groups.union(key, name_key(cand.known))
    members: dict[str, list[Candidate]] = {}
    for key, cand in keyed:
        members.setdefault(groups.find(key), []).append(cand)
    quotes: dict[tuple[int, int], str] = {}  # one string per sentence, however many mentions quote it

    def quote(char: int) -> str:
        span = sentence_of(char)
        if span not in quotes:
            quotes[span] = text[span[0]:span[1]].strip()
        return quotes[span]

    mentions = [_mention(paper_id, text, cands, quote)
                for cands in sorted(members.values(), key=lambda cs: cs[0].start)]
    return _derived_names(_new_variants(_fold_versions(_fold_families(mentions))))


def _new_variants(mentions: list[Mention]) -> list[Mention]:
    """A sized variant of what the paper introduces is introduced too: "FooChat" and "FooChat-7B"."""
    new = {name_key(m.name) for m in mentions if m.role == "introduced"}
    return [replace(m, role="introduced") if m.family and m.role == "used" and name_key(m.family) in new else m
            for m in mentions]


def _derived_names(mentions: list[Mention]) -> list[Mention]:
    """A name built on the paper's own new name is the paper's too: "CodeAct" -> "CodeActAgent",
    "TICK" -> "Self-TICK"; names the gazetteers know are left as they are.

    Examples
    --------
    >>> ms = [Mention("p", "ZorbAct", "method", "introduced"), Mention("p", "ZorbActAgent", "model", "used"),
    ...       Mention("p", "Zorbactive", "method", "used")]
    >>> [m.role for m in _derived_names(ms)]
    ['introduced', 'introduced', 'used']
    """
    new = [m.name for m in mentions if m.role == "introduced" and m.named and len(m.name) >= 3
           and any(c.isupper() for c in m.name)]
    if not new:
        return mentions
    # The new name as a part: at a word or hyphen boundary, or before a capital or digit ("CodeActAgent").
    built_on = re.compile("|".join(rf"(?:^|(?<=[-\s])|(?<=[a-z])){re.escape(name)}(?=$|[-\s]|[A-Z0-9])"
                                   for name in new))
    return [replace(m, role="introduced")
            if m.role == "used" and m.named and m.name not in new and built_on.search(m.name)
            and not any(e.rule.startswith("gazetteer") for e in m.evidence) else m
            for m in mentions]


def _fold_versions(mentions: list[Mention]) -> list[Mention]:
    """A paper introducing "FooLM" (its title) and "FooLM-2" names one new thing: the first is an alias.

    Examples
    --------
    >>> ms = [Mention("p", "FooLM", "method", "introduced"), Mention("p", "FooLM-2", "model", "introduced")]
    >>> [(m.name, m.type, m.aliases) for m in _fold_versions(ms)]
    [('FooLM-2', 'model', ('FooLM',))]
    """
    new = {m.name: n for n, m in enumerate(mentions) if m.role == "introduced"}
    base_of = {}
    for name, n in new.items():
        match = re.fullmatch(r"(.+?)[-\s]?v?\d+(?:\.\d+)?", name)
        if match and match.group(1) in new and match.group(1) not in base_of.values():
            base_of[n] = match.group(1)
    if not base_of:
        return mentions
    dropped = {new[b] for b in base_of.values()}
    out = []
    for n, mention in enumerate(mentions):
        if n in dropped:
            continue
        if n in base_of:
            base = mentions[new[base_of[n]]]
            aliases = tuple(dict.fromkeys(mention.aliases + (base.name,) + base.aliases))
            mention = replace(mention, aliases=aliases, evidence=(mention.evidence + base.evidence)[:MAX_EVIDENCE])
        out.append(mention)
    return out


def _fold_families(mentions: list[Mention]) -> list[Mention]:
    """A paper naming "LLaMA" and "LLaMA-7B" names one thing: the family becomes an alias."""
    by_key = {name_key(m.name): n for n, m in enumerate(mentions) if m.type == "model"}
    folded: dict[int, int] = {}
    for n, mention in enumerate(mentions):
        target = by_key.get(name_key(mention.family)) if mention.family else None
        if target is not None and target != n and target not in folded and n not in folded.values():
            folded[target] = n
    if not folded:
        return mentions
    out = []
    for n, mention in enumerate(mentions):
        if n in folded:
            continue
        for family_index in [k for k, v in folded.items() if v == n]:
            family = mentions[family_index]
            aliases = tuple(dict.fromkeys(mention.aliases + (family.name,) + family.aliases))
            mention = Mention(mention.paper_id, mention.name, mention.type,
                              "introduced" if "introduced" in (mention.role, family.role) else "used",
                              tuple(a for a in aliases if a != mention.name),
                              (mention.evidence + family.evidence)[:MAX_EVIDENCE],
                              max(mention.confidence, family.confidence), mention.named, mention.family)
        out.append(mention)
    return out


_PARTICIPLE = re.compile(r"(?:tuned|trained)$", re.IGNORECASE)


def _written(form: str) -> str:
    """A form as one line with single spaces: "actor  network" across a line break is "actor network"."""
    return " ".join(form.split())


def _mention(paper_id: str, text: str, cands: list[Candidate], quote) -> Mention:
    written = [(_written(c.text), c) for c in cands]
    shorts = [form for form, c in written if c.rule == "acronym:short"]
    counts = Counter(form for form, c in written if c.named) or Counter(form for form, _ in written)
    first = {}
    for form, c in written:
        first[form] = min(first.get(form, c.start), c.start)
    name = shorts[0] if shorts else max(counts, key=lambda form: (counts[form], -first[form]))
    if _PARTICIPLE.search(name):  # "instruction-tuned LLMs" use instruction tuning: the term's own name
        name = next((c.known for c in cands if c.known and not _PARTICIPLE.search(c.known)), name)
    best = max(cands, key=_strength)
    type_votes = Counter(c.type for c in cands if _strength(c) == _strength(best))
    # What the paper says a name it coins is ("X, a 7B model") beats its shape: a vote over
    # every occurrence the sentence describes; a gazetteer term keeps its listed type.
    described = vote([c.described for c in cands if c.described])
    type_ = described if described and not any(c.known for c in cands) \
        else max(sorted(type_votes), key=type_votes.__getitem__)
    aliases = []
    for own, cand in written:
        for form in (own, cand.known):
            if form and form != name and form not in aliases:
                aliases.append(form)
    # A sized model ("LLaMA-7B") or an edition of a data set ("CoNLL-2003") is a variant of a family.
    family = family_of(name) if type_ == "model" else \
        variant_base(name) if type_ in ("dataset", "benchmark") else ""
    if family and family not in aliases:
        aliases.append(family)
    introduced = next((c for c in cands if c.introduced), None)
    evidence = []
    for cand in ([introduced] if introduced else []) + cands:
        if len(evidence) == MAX_EVIDENCE:
            break
        item = Evidence(sentence=quote(cand.start), start=cand.start, end=cand.end,
                        rule=cand.introduced if cand is introduced else cand.rule)
        if all(e.start != item.start for e in evidence):
            evidence.append(item)
    named = any(c.named for c in cands if c.priority == best.priority) if best.known == "" else best.named
    return Mention(
        paper_id=paper_id,
        name=name,
        type=type_,
        role="introduced" if introduced else "used",
        aliases=tuple(aliases),
        evidence=tuple(evidence),
        confidence=confidence(cands, title_end=max(text.find("\n\n"), 0)),
        named=named,
        family=family,
    )
