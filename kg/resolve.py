"""Entity resolution: per-paper mentions -> corpus-wide entities and links.

Mentions of different papers are the same entity when any of their forms
(name or alias, the family name of a sized variant excepted) share a
:func:`kg.identity.name_key`: "GSM8k" and "GSM8K" are one entity, and so are
"CoT" and "Chain-of-Thought" once some paper defines the acronym. A general
term (``named=False``) joins only mentions of its own type group: "math" the
task stays apart from the MATH benchmark. A known general term that a
paper's own narrower term was linked to there ("summarization" and "court
judgment summarization") keys only the paper's term: the two stay apart. Each
entity takes its most used name (a general term written as inside a
sentence: "attention mechanism", not "Attention mechanism" from a sentence
start or a title), its majority type, and an id from
:func:`kg.identity.entity_id`: of the gazetteer's name for it when one of its
forms spells that name (so the id of a known entity does not change with the
spelling a corpus uses most: "CoT" is ``chain-of-thought``), else of its name.
A sized variant ("LLaMA-7B") points to its family entity ("LLaMA"), created
when no paper names it alone.

Examples
--------
>>> from kg.records import Mention, Paper, PaperExtraction
>>> p1, p2 = Paper(id="p1", title="A", abstract="x"), Paper(id="p2", title="B", abstract="y")
>>> corpus = resolve([
...     PaperExtraction(p1, (Mention("p1", "GSM8K", "benchmark", "used"),
...                          Mention("p1", "LLaMA-7B", "model", "used", family="LLaMA"))),
...     PaperExtraction(p2, (Mention("p2", "GSM8k", "benchmark", "used"),
...                          Mention("p2", "CoT", "method", "introduced",
...                                  aliases=("Chain-of-Thought",)))),
... ])
>>> [(e.id, e.name, e.family_id) for e in corpus.entities]
[('chain-of-thought', 'CoT', ''), ('gsm8k', 'GSM8K', ''), ('llama', 'LLaMA', ''), ('llama-7b', 'LLaMA-7B', 'llama')]
>>> [(l.paper_id, l.entity_id, l.role) for l in corpus.links]
[('p1', 'gsm8k', 'used'), ('p1', 'llama-7b', 'used'), ('p2', 'chain-of-thought', 'introduced'), ('p2', 'gsm8k', 'used')]
"""
from __future__ import annotations

import re

from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.identity import entity_id, name_key, name_words
from kg.records import ENTITY_TYPES, TYPE_GROUP, CodeLink, Corpus, Entity, Link, Mention, PaperExtraction

_TYPE_ORDER = {t: n for n, t in enumerate(ENTITY_TYPES)}


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _forms(mention: Mention) -> list[str]:
    """The mention's spellings that identify it (the family name does not, nor a broader known term)."""
    family = name_key(mention.family) if mention.family else ""
    forms = [f for f in (mention.name, *mention.aliases) if f and (not family or name_key(f) != family)]
    if mention.named or len(forms) < 2:
        return forms
    return [f for f in forms if not any(_broader(f, other) for other in forms)] or forms


def _own_name(mention: Mention) -> str:
    """The mention's name, or the narrower form of its paper when the name is a broader known term."""
    if mention.named or not mention.aliases:
        return mention.name
    return next((f for f in _forms(mention) if _broader(mention.name, f)), mention.name)


def _broader(form: str, other: str) -> bool:
    """Is ``form`` a known term that ``other`` narrows with words of its own?

    In its paper, "low-resource court judgment summarization" and the
    abstract's "summarization" are one task; across papers the general term is
    every other paper's summarization, so it must not join the two. A spelling
    the gazetteer gives the same term ("text summarization") is no narrowing.
    """
    from kg.lexicon import lookup

    words, other_words = name_words(form), name_words(other)
    n = len(words)
    if not n or n >= len(other_words) or not any(other_words[i:i + n] == words
                                                 for i in range(len(other_words) - n + 1)):
        return False
    term = lookup(form)
    if term is None:
        return False
    other_term = lookup(other)
    return other_term is None or name_key(other_term.name) != name_key(term.name)


def _acronym_meanings(mentions: list[Mention]) -> dict[str, list[str]]:
    """Acronym key -> keys of the long forms papers give it, commonest first."""
    counts: dict[str, Counter] = defaultdict(Counter)
    spellings: dict[str, dict[tuple, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for mention in mentions:
        short = name_key(mention.name)
        if not (mention.name.isupper() or sum(c.isupper() for c in mention.name) >= 2) or len(short) > 6:
            continue
        for alias in mention.aliases:
            key = name_key(alias)
            if key and len(key) > len(short) + 2 and alias != mention.family \
                    and len(re.split(r"[\s-]+", alias.strip())) > 1:
                spellings[short][_word_stems(alias)][key] += 1
    # "low-rank adaptation", "low-rank adaption" and "low-rank adapters" are one meaning of LoRA
    for short, meanings in spellings.items():
        for keys in meanings.values():
            counts[short][min(keys, key=lambda k: (-keys[k], k))] += sum(keys.values())
    return {short: sorted(c, key=lambda k: (-c[k], k)) for short, c in counts.items()}


def _word_stems(long_form: str) -> tuple[str, ...]:
    """The first five letters of each word: what spellings of one long form share."""
    return tuple(word[:5] for word in re.split(r"[\W_]+", long_form.lower()) if word)


def _alias_order(form: str) -> tuple[str, str]:
    return form.lower(), form  # "model predictive control" and "Model Predictive Control" in one order always


def _capitals(form: str) -> tuple[int, str]:
    """Fewer capitals first: a general term is named as written inside a sentence."""
    return sum(c.isupper() for c in form), form


def _pick_name(counts: Counter) -> str:
    return min(counts, key=lambda form: (-counts[form], form.lower() != form and 0, form))


def _known_id(forms: set[str], type_: str) -> str:
    """The id of the gazetteer's name for the entity, when one of its forms spells that name.

    A known entity's id does not depend on which spelling a corpus uses most:
    "RL" and "reinforcement learning" give the id of the gazetteer's name in
    every corpus that spells it.
    """
    from kg.lexicon import lookup

    group = TYPE_GROUP.get(type_, type_)
    keys = {name_key(form) for form in forms}
    for form in sorted(forms):
        term = lookup(form)
        if term and TYPE_GROUP.get(term.type, term.type) == group and name_key(term.name) in keys:
            return entity_id(term.name)
    return ""


def _keys(mention: Mention, meanings: dict[str, list[str]]) -> list[str]:
    """The name keys under which a mention joins an entity, its own name first."""
    keys = [k for k in map(name_key, _forms(mention)) if k]
    short = name_key(mention.name)
    if keys and keys[0] == short and len(mention.name) <= 3 and mention.name.isalnum() \
            and not mention.name.isalpha() and mention.named:
        # A short code keeps its case: the model "o3" is not "O3". (A general term is kept apart
        # by its type already: "F1" is "F1 score".)
        keys[0] = f"{mention.name}|code"
    if len(meanings.get(short, ())) > 1:
        # An acronym that stands for different things in different papers ("CL"):
        # the paper's long form decides, the bare acronym joins its commonest meaning.
        own = [k for k in keys if k in meanings[short]]
        keys = own or [meanings[short][0]]
    if not mention.named:  # a general term is one thing per type: "math" the task is not MATH
        keys = [f"{k}|{TYPE_GROUP.get(mention.type, mention.type)}" for k in keys]
    return keys


def resolve(extractions: Iterable[PaperExtraction]) -> Corpus:
    """Merge every paper's mentions into entities and paper-entity links.

    A link's confidence is its strongest mention's (see :mod:`kg.calibration`
    for the probability the exports give). The output is sorted, so the same
    input gives the same corpus.
    """
    papers, mentions, code_links = {}, [], []
    for extraction in extractions:
        papers.setdefault(extraction.paper.id, extraction.paper)
        mentions.extend(extraction.mentions)
        code_links.extend(extraction.code_links)

    groups = _UnionFind()
    meanings = _acronym_meanings(mentions)
    mention_keys = [_keys(mention, meanings) for mention in mentions]
    for keys in mention_keys:
        for key in keys:
            groups.union(keys[0], key)
    members: dict[str, list[Mention]] = defaultdict(list)
    for mention, keys in zip(mentions, mention_keys):
        if keys:
            members[groups.find(keys[0])].append(mention)

    entities: dict[str, Entity] = {}
    entity_of_root: dict[str, str] = {}
    for root in sorted(members):
        group = members[root]
        names = Counter(_own_name(m) for m in group)
        name = _pick_name(names)
        if len(meanings.get(name_key(name), ())) > 1:  # an ambiguous acronym: name it by its long form
            longs = Counter(a for m in group for a in m.aliases if name_key(a) in meanings[name_key(name)])
            name = _pick_name(longs) if longs else name
        sure = [m for m in group if m.confidence >= 0.7]  # an untyped guess (0.6) never outvotes a typed one
        types = Counter(m.type for m in sure or group)
        type_ = min(types, key=lambda t: (-types[t], _TYPE_ORDER.get(t, 99)))
        forms = {f for m in group for f in _forms(m)}
        aliases = sorted(forms - {name}, key=_alias_order)
        named = sum(m.named for m in group) * 2 >= len(group)
        if not named:  # "Attention mechanism" at a sentence start, "Robot Learning" in a title
            name = min((f for f in forms | {name} if f.lower() == name.lower()), key=_capitals)
        eid = _known_id(forms, type_) or entity_id(name)
        for other in [a for a in aliases if entity_id(a) not in entities] if eid in entities else []:
            name, eid = other, entity_id(other)  # two meanings of one name: the other gets another name
            break
        if eid in entities:  # one name, two things: "human evaluation" the metric and the data set
            eid = next(f"{eid}-{suffix}" for suffix in (type_, *range(2, len(entities) + 2))
                       if f"{eid}-{suffix}" not in entities)
        aliases = sorted(forms - {name}, key=_alias_order)
        entity = Entity(id=eid, name=name, type=type_, aliases=tuple(aliases), named=named)
        entities[entity.id] = entity
        entity_of_root[root] = entity.id

    # Families: a sized variant points to its family, created if no paper named it alone.
    for root in sorted(members):
        families = Counter(m.family for m in members[root] if m.family)
        if not families:
            continue
        family = _pick_name(families)
        key = name_key(family)
        family_root = groups.find(key) if key in groups.parent else ""
        variant_group = TYPE_GROUP.get(entities[entity_of_root[root]].type, entities[entity_of_root[root]].type)
        if family_root in entity_of_root and family_root != root:
            family_id = entity_of_root[family_root]
            family_type = entities[family_id].type
            if TYPE_GROUP.get(family_type, family_type) != variant_group:
                continue  # "VQA v2" is no edition of the task "VQA"
        elif family_root == root:
            continue
        else:
            family_id = entity_id(family)
            if family_id not in entities:
                entities[family_id] = Entity(id=family_id, name=family, type=entities[entity_of_root[root]].type)
        variant = entities[entity_of_root[root]]
        if family_id != variant.id:
            entities[variant.id] = Entity(variant.id, variant.name, variant.type, variant.aliases,
                                          variant.named, family_id)

    links: dict[tuple[str, str], Link] = {}
    for root in sorted(members):
        eid = entity_of_root[root]
        for mention in members[root]:
            key = (mention.paper_id, eid)
            old = links.get(key)
            if old is None:
                name = _own_name(mention)
                links[key] = Link(mention.paper_id, eid, mention.role, name,
                                  tuple(a for a in (mention.name, *mention.aliases) if a != name),
                                  mention.confidence, mention.evidence)
                continue
            role = "introduced" if "introduced" in (old.role, mention.role) else "used"
            aliases = tuple(dict.fromkeys(old.aliases + (mention.name,) + mention.aliases))
            evidence = tuple(sorted(set(old.evidence + mention.evidence), key=lambda e: (e.start, e.end, e.rule)))
            links[key] = Link(old.paper_id, eid, role, old.name,
                              tuple(a for a in aliases if a != old.name),
                              max(old.confidence, mention.confidence), evidence)
    return Corpus(
        papers=sorted(papers.values(), key=lambda p: p.id),
        entities=sorted(entities.values(), key=lambda e: e.id),
        links=sorted(links.values(), key=lambda l: (l.paper_id, l.entity_id)),
        code_links=_one_per_repository(code_links),
    )


def _one_per_repository(code_links: list[CodeLink]) -> list[CodeLink]:
    """One link per paper and repository, its evidence the first place the paper names it."""
    first: dict[tuple[str, str], CodeLink] = {}
    for link in sorted(code_links, key=lambda c: (c.paper_id, c.url, c.evidence.start if c.evidence else -1)):
        first.setdefault((link.paper_id, link.url), link)
    return list(first.values())
