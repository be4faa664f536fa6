"""Candidate mentions in one paper, found by rules over plain tokens.

:mod:`kg.extract` runs spaCy (tokens, sentences, gazetteer matches) and hands
this module plain :class:`Token` tuples; the rules here propose
:class:`Candidate` spans (gazetteer terms, acronym definitions, name-shaped
words, names after "we propose ... / dubbed ...", term phrases with a known
head noun), keep the best of overlapping ones and type the untyped from
their context. Nothing here imports spaCy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.acronyms import Abbreviation
from kg.gazetteer import Term, load_affixes, load_heads, load_ignore, load_terms, load_words
from kg.roles import introduction_cue, title_name
from kg.shapes import SIZE_TOKEN, family_of, looks_named, strip_attached


@dataclass(frozen=True)
class Token:
    """A word of the paper's text: its text, character offset and sentence index."""

    text: str
    start: int
    sent: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Candidate:
    """A proposed mention: a character span of the paper's text and what it is."""

    start: int
    end: int
    text: str
    type: str
    rule: str
    priority: int
    confidence: float
    named: bool = True
    typed: bool = True
    known: str = ""
    link: str = ""
    introduced: str = ""


_VERSION = re.compile(r"^(?:v?\d{1,2}(?:\.\d{1,2})?|[1-9]\d?[BMK]|\d+x\d+B)$")
_MODEL_WORDS = {"turbo", "instruct", "chat", "pro", "ultra", "opus", "sonnet", "haiku", "flash",
                "mini", "base", "large", "xl", "xxl", "small", "medium", "plus", "max", "nano",
                "vision", "coder", "math", "preview"}
_LIST_GAP = re.compile(r"^\s*(?:\([^()]{0,60}\)\s*)?(?:,|and|or|,\s*and|,\s*or|/|as well as|vs\.?|versus)?\s*$")
_LIST_OPENER = re.compile(
    r"(\w+)\s*(?:\([^()]*\)\s*)?(?::|,?\s*(?:such as|including|like|namely|e\.g\.,?|i\.e\.,?|\(e\.g\.,?))\s*$")
_ON = re.compile(r"(\w+)\s+(?:on|across|over)\s+(?:the\s+|both\s+|several\s+|\w+\s+)?$", re.IGNORECASE)
_NOT_EVAL_ON = {"based", "built", "relies", "rely", "relying", "depend", "depends", "focus",
                "focuses", "focusing", "focused", "conditioned", "train", "trained", "training",
                "pretrained", "pre-trained", "fine-tuned", "finetuned", "tuned", "operate", "operates"}
_TRAIN_ON = {"train", "trained", "training", "pretrained", "pre-trained", "fine-tuned",
             "finetuned", "tuned", "fine-tune", "fine-tuning"}
_NAME_HEADS = {"Bench", "Gym", "Arena", "Eval", "Suite", "QA", "Hub", "Zoo", "Benchmark", "Dataset",
               "Corpus", "World", "Leaderboard"}
_MODIFIER = re.compile(r"[A-Za-z][a-z]+(?:-[a-z]+)*|[A-Z]{2,5}")
_CUE_NAME = re.compile(
    r"\b(?:propose[sd]?|introduce[sd]?|present[sd]?|release[sd]?|contribute[sd]?|dubbed|called|named|termed|"
    r"coined|develop(?:s|ed)?|build|construct|curate)\s+(?:(?:the|a|an|our)\s+)?"
    r"(?:(?:new|novel|simple|first|large-scale)\s+)?"
    r"([A-Z][\w.+-]*(?:\s+(?:[A-Z0-9][\w.+-]*|of|for|to|with|in)){0,4}|[a-z]+\d[\w.-]*)")


@lru_cache(maxsize=1)
def known_forms() -> tuple[dict[str, Term], dict[str, Term]]:
    """Gazetteer forms: ``(exact-case forms, lower-cased forms)`` -> the term."""
    exact, lower = {}, {}
    for term in load_terms():
        for form in (term.name, *term.aliases):
            if form.isalpha() and (form.isupper() or form.istitle() or term.source.startswith("pwc_")):
                exact.setdefault(form, term)
            else:
                lower.setdefault(form.lower(), term)
    return exact, lower


def lookup(form: str) -> Term | None:
    """The gazetteer term spelled ``form``, if any."""
    exact, lower = known_forms()
    found = exact.get(form) or lower.get(form.lower())
    if not found and form.endswith("s") and len(form) > 3:
        found = exact.get(form[:-1]) or lower.get(form[:-1].lower())
    return found


def ignored(form: str) -> bool:
    ignore = load_ignore()
    low = form.lower()
    return low in ignore or low.rstrip("s") in ignore or strip_attached(form).lower() in ignore


def type_from_affixes(name: str) -> str:
    """The type a name's own parts give it ("MT-Bench" -> benchmark), or ""."""
    if family_of(name):
        return "model"
    base = re.split(r"[-\s]", name)[0]
    known = lookup(base) if base != name and len(base) > 2 else None
    if known and known.type in ("model", "benchmark", "dataset"):
        return known.type  # "WebArena-Lite", "MiniF2F-Valid"
    for where, text, type_ in load_affixes():
        if where == "suffix" and name.endswith(text) and len(name) > len(text):
            return type_
        if where == "prefix" and name.startswith(text) and re.match(r"[-\s.]?\d", name[len(text):]):
            return type_  # a family with a version: "Llama-3", "Qwen2.5", not "LLaMA-Berry"
        if where == "contains" and text in name[1:]:
            return type_
    return ""


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


# --- the rules -------------------------------------------------------------

def _extend_variant(tokens: list[Token], i: int, j: int) -> int:
    """Extend a model name over its version, size and variant words: "Llama 3 8B Instruct"."""
    while j < len(tokens) and tokens[j].sent == tokens[i].sent and tokens[j].start == tokens[j - 1].end + 1:
        nxt = tokens[j].text
        if not (_VERSION.match(nxt) or SIZE_TOKEN.match(nxt) or nxt.lower() in _MODEL_WORDS):
            break
        if j + 1 < len(tokens) and tokens[j + 1].text in ("%", "points", "pp", "times"):
            break
        j += 1
    return j


def from_gazetteer(text: str, tokens: list[Token], matches, terms: tuple[Term, ...]) -> list[Candidate]:
    out = []
    for i, j, index in matches:
        term = terms[index]
        extended = _extend_variant(tokens, i, j) if term.type == "model" else j
        start, end = tokens[i].start, tokens[extended - 1].end
        # A sized variant of a known family is its own entity, not the family.
        out.append(Candidate(start, end, text[start:end], term.type,
                             "gazetteer" if extended == j else "gazetteer:variant", 3, 0.9,
                             named=term.named, known=term.name if extended == j else "",
                             # PwC "datasets" are often benchmarks: let the context decide.
                             typed=not term.source.startswith("pwc_datasets")))
    return out


_PREPOSITION = re.compile(r"\s(?:of|with|for|from|via|in|on|through|by|to|using|under|over|and)\s", re.IGNORECASE)


def _long_form_head(long: str) -> str:
    """The part of a long form that holds its head: "Credit Assignment with LMs" -> "Credit Assignment"."""
    return _PREPOSITION.split(long)[0]


def from_abbreviations(text: str, pairs: list[Abbreviation]) -> list[Candidate]:
    out = []
    for pair in pairs:
        if ignored(pair.short) or ignored(pair.long) or len(pair.long.split()) > 8:
            continue
        term = lookup(pair.short) or lookup(pair.long)
        if term:
            type_, named, known, typed = term.type, term.named, term.name, True
        else:
            type_ = head_type(_long_form_head(pair.long)) or type_from_affixes(pair.short)
            typed = bool(type_)
            type_ = type_ or "method"
            named, known = any(c.isupper() for c in pair.short), ""
        link = pair.short
        for start, end, rule in ((pair.long_start, pair.long_end, "acronym:long"),
                                 (pair.short_start, pair.short_end, "acronym:short")):
            out.append(Candidate(start, end, text[start:end], type_, rule, 4, 0.85,
                                 named=named, typed=typed, known=known, link=link))
    return out


def _capital_before_head(tokens: list[Token], k: int, heads) -> bool:
    """A capitalised word inside a sentence right before "dataset", "benchmark", ...: "the Quux dataset"."""
    word = tokens[k].text
    if not (word[:1].isupper() and word[1:].islower()) or k == 0 or tokens[k - 1].sent != tokens[k].sent:
        return False
    if tokens[k].sent == 0 or k + 1 >= len(tokens) or not tokens[k + 1].text.islower() \
            or word.lower() in load_words("stopwords.tsv") or tokens[k - 1].text in (".", ":", ";"):
        return False
    return heads.get(tokens[k + 1].text.lower(), {}).get("after") in ("dataset", "benchmark")


def from_shapes(text: str, tokens: list[Token], short_forms: set[str]) -> list[Candidate]:
    out = []
    heads = load_heads()
    for k, token in enumerate(tokens):
        if not token.text[0].isalnum() or (token.text.islower() and not any(c.isdigit() for c in token.text)):
            continue  # the common case, decided cheaply
        word = strip_attached(token.text)
        family = family_of(word)
        sized = token.text.islower() and family and any(
            (t := lookup(f)) and t.type == "model" for f in (family, family.title(), family.upper()))
        if not (looks_named(word) or sized or word in short_forms or _capital_before_head(tokens, k, heads)) \
                or ignored(word):
            continue
        parts = [p for p in re.split(r"[-/]", word) if p and (p != p.lower())]
        if parts and all(ignored(p) for p in parts):
            continue
        if word.isupper() and len(word) <= 3 and word not in short_forms:
            continue  # a bare two- or three-letter capital word the paper never defines
        j = k + 1
        if word == token.text and type_from_affixes(word) == "model":
            j = _extend_variant(tokens, k, j)
        elif word == token.text and j < len(tokens) and re.fullmatch(r"v?\d+\.\d+", tokens[j].text) \
                and tokens[j].start == token.end + 1 and (j + 1 == len(tokens) or tokens[j + 1].text != "%"):
            j += 1  # "OpenChat 3.5"
        elif word == token.text and j < len(tokens) and tokens[j].text in _NAME_HEADS \
                and tokens[j].start == token.end + 1:
            j += 1
        end = tokens[j - 1].end if j > k + 1 else token.start + len(word)
        name = text[token.start:end]
        type_ = type_from_affixes(name)
        out.append(Candidate(token.start, end, name, type_ or "method", "shape", 2,
                             0.7 if type_ else 0.6, typed=bool(type_)))
    return out


def from_cues(text: str, sentences: list[tuple[int, int]], title_end: int) -> list[Candidate]:
    out = []
    name = title_name(text[:title_end])
    if name and (len(name.split()) == 1 or any(looks_named(w) for w in name.split())):
        if len(name.split()) > 1:
            name = next(w for w in name.split() if looks_named(w))
        start = text.index(name)
        type_ = type_from_affixes(name) or _title_type(text[start + len(name):title_end])
        if not ignored(name):
            out.append(Candidate(start, start + len(name), name, type_ or "method",
                                 "title", 2, 0.75, typed=bool(type_), introduced="title"))
    for s_start, s_end in sentences:
        for match in _CUE_VERB.finditer(text, s_start, s_end):
            stop = re.search(r"[,;.:]\s|\s(?:that|which|to|for|with|by|from|based|using)\s", text[match.end():s_end])
            out += _described(text, match.end(), match.end() + (stop.start() if stop else s_end - match.end()))
            listed = _INCLUDING.search(text, match.end(), s_end)
            for name in re.finditer(r"[A-Z][\w-]*", listed.group(1)) if listed else ():
                begin = listed.start(1) + name.start()
                if not ignored(name.group(0)) and name.group(0).lower() not in load_words("stopwords.tsv"):
                    out.append(Candidate(begin, begin + len(name.group(0)), name.group(0), "method",
                                         "cue:list", 2, 0.6, typed=False, introduced="cue:list"))
        for match in _CUE_NAME.finditer(text, s_start, s_end):
            phrase = re.sub(r"(?:\s+(?:of|for|and|to|with|in))+$", "", match.group(1)).rstrip(".,")
            words = phrase.split()
            if len(words) > 1 and not all(w[:1].isupper() or w in ("of", "for", "and", "to", "with", "in")
                                          for w in words):
                phrase = words[0]
            if len(phrase) < 2 or ignored(phrase) or phrase.lower() in load_words("stopwords.tsv"):
                continue
            start = match.start(1)
            after = text[start + len(phrase):s_end]
            type_ = head_type(" ".join(after.split()[:1]), "after") or _after_type(after) or type_from_affixes(phrase)
            out.append(Candidate(start, start + len(phrase), phrase, type_ or "method", "cue:name", 2,
                                 0.7, typed=bool(type_), introduced="cue:name"))
    return out


_CUE_VERB = re.compile(
    r"\b(?:we|this (?:paper|work|study))\s+(?:\w+ly\s+)?(?:also\s+)?(?:propose|introduce|present|develop|design|"
    r"construct|create|curate|release|contribute|devise|build|collect)s?\s+", re.IGNORECASE)
_DESCRIPTORS = {"a", "an", "the", "two", "three", "several", "new", "novel", "simple", "effective",
                "efficient", "unified", "general", "first", "large-scale", "comprehensive",
                "high-quality", "innovative", "lightweight", "powerful", "robust", "scalable", "our"}
_INCLUDING = re.compile(r"(?:including|namely|:)\s+((?:[A-Z][\w-]*(?:,\s*|\s+and\s+|\s+or\s+)?)+)")


def _described(text: str, start: int, end: int) -> list[Candidate]:
    """Unnamed things a cue introduces: "we propose a credit assignment strategy" -> method."""
    out = []
    heads = load_heads()
    for match in re.finditer(r"(?:^|\band\s+)((?:(?:a|an|two|three|several)\s+)?)([^\s].*?)(?=\s+and\s+(?:a|an|two|three)\s|$)",
                             text[start:end]):
        words = list(re.finditer(r"[\w-]+", match.group(2)))[:7]
        begin = start + match.start(2)
        while words and words[0].group(0).lower() in _DESCRIPTORS:
            words = words[1:]
        found = [n for n, w in enumerate(words) if heads.get(w.group(0).lower(), {}).get("after")]
        if not found or found[-1] == 0 or found[-1] > 4:
            continue
        words = words[:found[-1] + 1]
        if words[-1].group(0).lower() in ("data", "models", "model", "system") \
                or not all(_good_modifier(w.group(0)) for w in words[:-1]):
            continue
        phrase = text[begin + words[0].start():begin + words[-1].end()]
        after = text[begin + words[-1].end():end]
        if re.search(r"[A-Z]", phrase) or re.match(r"^\s*(?:,\s*)?(?:called|named|dubbed|termed|\(?[A-Z])", after):
            continue  # "a new benchmark, X": the name is the mention
        type_ = heads[words[-1].group(0).lower()]["after"]
        b = begin + words[0].start()
        out.append(Candidate(b, b + len(phrase), phrase, type_, "cue:described", 1, 0.55,
                             named=False, introduced="cue:described"))
    return out


def _title_type(rest: str) -> str:
    """The type the phrase after a title's "Name:" gives: "Okapi: Instruction-tuned LLMs in ..." -> model."""
    phrase = _PREPOSITION.split(" " + re.sub(r"^[\s:,-]+", "", rest) + " ")[0]
    found = head_type(phrase.strip(" ,.;:"), "name")
    return found if found in ("model", "benchmark", "dataset", "method") else ""


def _after_type(after: str) -> str:
    """The type an appositive gives: "X, a new benchmark for ..." -> benchmark."""
    match = re.match(r"^\s*(?:\([^)]*\))?\s*,?\s*(?:a|an|the)\s+((?:[\w-]+\s+){0,4}?[\w-]+?)(?=\s+(?:for|of|that|which|to|with|in|designed|built|consisting|containing|comprising)\b|[,.;])",
                     after)
    if not match:
        return ""
    for word in reversed(match.group(1).split()):
        found = load_heads().get(word.lower(), {}).get("after") or load_heads().get(word.lower(), {}).get("name")
        if found:
            return found
    return ""


_NAMING = r"(?:called|named|dubbed|termed|coined|i\.e\.,?)"
_BEFORE_HEADS = (
    re.compile(rf"(\w+)\s*\(\s*(?:{_NAMING}\s*)?$"),          # "a 3B student LM (termed X"
    re.compile(rf"(\w+),?\s+{_NAMING},?\s*$"),                 # "a new benchmark called X"
    re.compile(r"(\w+)\s+$"),                                      # "the dataset X"
)


def _before_type(before: str) -> str:
    """The type a preceding head gives: "a new benchmark called X" / "an LM (termed X" -> its head."""
    for n, pattern in enumerate(_BEFORE_HEADS):
        match = pattern.search(before)
        if match:
            uses = load_heads().get(match.group(1).lower(), {})
            found = uses.get("after", "") or (uses.get("name", "") if n == 0 else "")
            return found if found in ("benchmark", "dataset", "model", "metric") else ""
    return ""


def _good_modifier(word: str) -> bool:
    """Can ``word`` be part of a term before its head ("mathematical" yes, "improved", "their" no)?"""
    if not _MODIFIER.fullmatch(word) or word.lower() in load_words("modifiers.tsv") or ignored(word):
        return False
    if word.lower() in load_words("participles.tsv"):
        return True
    return "-" in word or not word.endswith(("ly", "ed", "ing", "es")) or word.isupper()


def from_terms(text: str, tokens: list[Token]) -> list[Candidate]:
    heads = load_heads()
    out = []
    for k, token in enumerate(tokens):
        type_ = heads.get(token.text.lower(), {}).get("term")
        if not type_:
            continue
        i = k
        while i > 0 and k - i < 2 + ("-" in tokens[i - 1].text) and tokens[i - 1].sent == token.sent:
            if not _good_modifier(tokens[i - 1].text):
                break
            i -= 1
        if i == k:
            continue
        start, end = tokens[i].start, token.end
        # "factual accuracy", "attack success rate": the longer metric wins over the gazetteer's head.
        priority = 3 if type_ == "metric" else 1
        out.append(Candidate(start, end, text[start:end], type_, "term", priority, 0.5, named=False))
    return out


_LIST_WORD = re.compile(r"^(?:[A-Z][\w.+-]*|[a-z]+\d[\w.-]*)$")


def from_lists(text: str, tokens: list[Token], chosen: list[Candidate]) -> list[Candidate]:
    """Capitalised words listed with a typed name share its type: "Crafter and Heist"."""
    stop = load_words("stopwords.tsv")
    index = {t.start: n for n, t in enumerate(tokens)}
    ends = {t.end: n for n, t in enumerate(tokens)}
    covered = {(c.start, c.end) for c in chosen}
    taken = [(c.start, c.end) for c in chosen]
    out = []
    for cand in chosen:
        if not (cand.named and (cand.typed or cand.known)) or cand.end not in ends or cand.start not in index:
            continue
        for step in (1, -1):
            k = ends[cand.end] if step == 1 else index[cand.start]
            while True:
                j = k + step
                gap = []
                while 0 <= j < len(tokens) and tokens[j].text in (",", "and", "or") and len(gap) < 2:
                    gap.append(tokens[j].text)
                    j += step
                if not gap or not 0 <= j < len(tokens) or tokens[j].sent != tokens[k].sent:
                    break
                word = tokens[j]
                if j > 0 and tokens[j - 1].sent != word.sent or not _LIST_WORD.match(word.text) \
                        or word.text.lower() in stop or ignored(word.text) \
                        or any(word.start < e and s < word.end for s, e in taken):
                    break
                if (word.start, word.end) not in covered:
                    out.append(Candidate(word.start, word.end, word.text, cand.type, "list", 1, 0.6,
                                         typed=True))
                    covered.add((word.start, word.end))
                k = j
    return out


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the best of overlapping candidates: higher priority, then longer, then earlier."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    same: dict[tuple[int, int], Candidate] = {}
    for cand in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        twin = same.get((cand.start, cand.end))
        if twin is not None:  # the same words found by two rules: keep what each knows
            twin.introduced = twin.introduced or cand.introduced
            if cand.typed and not twin.typed:
                twin.type, twin.typed = cand.type, True
            continue
        if any(cand.start < end and start < cand.end for start, end in taken):
            continue
        same[(cand.start, cand.end)] = cand
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    return sorted(chosen, key=lambda c: (c.start, c.end))


def type_from_context(text: str, chosen: list[Candidate], sentence_of) -> None:
    """Type untyped names by the word after them, a list they are in, or "on X"."""
    heads = load_heads()
    for n, cand in enumerate(chosen):
        prev = chosen[n - 1] if n else None
        if prev and prev.rule == "term" and cand.named and text[prev.end:cand.start] == " " \
                and not cand.link and not cand.known:
            # "a fine-tuned loss ratio attack FLoRA": the description names the same thing.
            prev.link, prev.introduced = cand.text, prev.introduced or cand.introduced
            if not cand.typed:
                cand.type, cand.typed = prev.type, True
        if cand.typed or not cand.named:
            continue
        nxt = re.match(r"^[\s-]*([\w-]+)", text[cand.end:cand.end + 30])
        s_start, s_end = sentence_of(cand.start)
        found = (heads.get(nxt.group(1).lower(), {}).get("after") if nxt else "") \
            or _after_type(text[cand.end:s_end]) or _before_type(text[s_start:cand.start])
        if found:
            cand.type, cand.typed, cand.confidence = found, True, 0.75
    # Lists: "on A, B, and C" share the type of their typed members.
    chains: list[list[Candidate]] = []
    for cand in chosen:
        prev = chains[-1][-1] if chains else None
        if prev and sentence_of(prev.start) == sentence_of(cand.start) and _LIST_GAP.match(text[prev.end:cand.start]):
            chains[-1].append(cand)
        else:
            chains.append([cand])
    listed = []
    for chain in chains:
        gaps = [text[a.end:b.start] for a, b in zip(chain, chain[1:])]
        if any(re.search(r"\b(?:and|or|as well as)\b", g) for g in gaps):
            listed.append(chain)
        else:
            listed.extend([c] for c in chain)
    for chain in listed:
        s_start = sentence_of(chain[0].start)[0]
        before = text[s_start:chain[0].start]
        votes = [c.type for c in chain if c.typed and c.named]
        opener = _LIST_OPENER.search(before)
        opened = heads.get(opener.group(1).lower(), {}).get("after", "") if opener else ""
        on = _ON.search(before[-60:])
        for cand in chain:
            if cand.typed or not cand.named:
                continue
            if opened:
                cand.type = opened
            elif votes:
                cand.type = max(sorted(set(votes)), key=votes.count)
            elif on and on.group(1).lower() in _TRAIN_ON:
                cand.type = "dataset"
            elif on and on.group(1).lower() not in _NOT_EVAL_ON:
                cand.type = "benchmark"
            else:
                continue
            cand.typed, cand.confidence = True, 0.7


def mark_roles(text: str, chosen: list[Candidate], sentence_of) -> None:
    """Set ``introduced`` on candidates the text says the paper creates."""
    for cand in chosen:
        if cand.introduced or cand.known or cand.rule.startswith("gazetteer") or not cand.named:
            continue
        s_start, s_end = sentence_of(cand.start)
        cue = introduction_cue(text[s_start:cand.start], text[cand.end:s_end])
        if cue:
            cand.introduced = cue
