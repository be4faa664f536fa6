"""Candidate mentions in one paper, found by rules over plain tokens.

:mod:`kg.extract` runs spaCy (tokens, sentences, gazetteer matches) and hands
this module plain :class:`Token` tuples; the rules here propose
:class:`Candidate` spans (gazetteer terms, acronym definitions, name-shaped
words, capitalised names before "dataset", term phrases with a known head
noun) and keep the best of overlapping ones. :mod:`kg.context` adds the
rules that read the sentence around a name. Nothing here imports spaCy.
What the rule files say of a word or name (gazetteer, heads, affixes) is
asked of :mod:`kg.lexicon`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from kg.acronyms import Abbreviation, coined
from kg.gazetteer import Term, load_heads, load_words
from kg.lexicon import (DATA_WORDS, head_type, ignored, lookup, other_meaning, sense_of, spelled_otherwise, term_type,
                        type_from_affixes, wraps_known)
from kg.shapes import SIZE_TOKEN, family_of, inflected_acronym, is_markup, looks_named, strip_attached


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
    described: str = ""  # the type the sentence gives it ("X, a new benchmark"), see kg.descriptions


_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?:19|20)\d\d")
_NOT_DATA_AFTER = {"training", "loss", "losses", "objective", "criterion", "regularization", "regularizer",
                   "distance", "divergence", "decomposition", "layer", "layers", "module", "algorithm",
                   "parser", "parsers", "parsing", "aligner", "aligners"}
_VERSION = re.compile(r"^(?:v?\d{1,2}(?:\.\d{1,2})?|[1-9]\d?[BMK]|\d+x\d+B)$")
_MODEL_WORDS = {"turbo", "instruct", "chat", "pro", "ultra", "opus", "sonnet", "haiku", "flash",
                "mini", "base", "large", "xl", "xxl", "small", "medium", "plus", "max", "nano",
                "vision", "coder", "math", "preview"}
_NAME_HEADS = {"Bench", "Gym", "Arena", "Eval", "Suite", "QA", "Hub", "Zoo", "Benchmark", "Dataset",
               "Corpus", "World", "Leaderboard", "Challenge"}
_MODIFIER = re.compile(r"[A-Za-z][a-z]+(?:-[a-z]+)*|[A-Z]{2,5}")

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


def _extend_number(tokens: list[Token], i: int, j: int) -> int:
    """Extend a dataset name over its year or number: "ICDAR 2015", "Atari 2600", "SQuAD 2.0"."""
    if j < len(tokens) and tokens[j].sent == tokens[i].sent and tokens[j].start == tokens[j - 1].end + 1 \
            and re.fullmatch(r"(?:19|20)\d\d|\d{3,4}|v?\d\.\d", tokens[j].text) \
            and (j + 1 == len(tokens) or tokens[j + 1].text not in ("%", "points", "pp")):
        return j + 1
    return j


def _glued_start(tokens: list[Token], j: int) -> int:
    """The first token of the word token ``j`` ends, written without spaces: "Multi", "-", "agent"."""
    while j > 0 and tokens[j - 1].end == tokens[j].start and tokens[j - 1].sent == tokens[j].sent:
        j -= 1
    return j


def from_named_heads(text: str, tokens: list[Token]) -> list[Candidate]:
    """Capitalised words before a head: "Stanford Natural Language Inference corpus", "Matching Networks"."""
    heads = load_heads()
    stop = load_words("stopwords.tsv")
    out = []
    for k, token in enumerate(tokens):
        uses = heads.get(token.text.lower(), {})
        capital_head = token.text[:1].isupper() and token.text[1:].islower()
        if token.text.islower() and uses.get("after") in ("dataset", "benchmark"):
            type_, keep_head = uses["after"], False
        elif capital_head and uses.get("name") == "method" and token.sent > 0:
            type_, keep_head = uses["name"], True  # the head is part of the name
        else:
            continue
        i, n_words = k, 0
        while i > 0 and n_words < 5 and tokens[i - 1].sent == token.sent and tokens[i - 1].sent > 0:
            j = _glued_start(tokens, i - 1)  # "Multi-agent" is one word of the name
            if not re.fullmatch(r"[A-Z0-9][\w.'’&+-]*", text[tokens[j].start:tokens[i - 1].end]):
                break
            i, n_words = j, n_words + 1
        while i < k and tokens[i].text.lower() in stop:
            i += 1
        if i > 0 and tokens[i - 1].sent != token.sent:
            continue  # a capitalised sentence start is no evidence of a name
        n_words = sum(m == i or tokens[m - 1].end < tokens[m].start for m in range(i, k))
        if n_words < (1 if keep_head else 2) or not any(c.isalpha() for t in tokens[i:k] for c in t.text):
            continue  # one capitalised word before "dataset" is left to the other rules
        start, end = tokens[i].start, (token.end if keep_head else tokens[k - 1].end)
        name = text[start:end]
        if ignored(name):
            continue
        # "a novel Multi-agent Zorbcraft environment": the new name wins over the known term inside it
        new = _NEW_BEFORE.search(text, max(0, start - 20), start)
        priority = 3 if new and wraps_known(name) else 2
        out.append(Candidate(start, end, name, type_, "head", priority, 0.7))
    return out


_FUNCTION_WORDS = {"and", "or", "the", "a", "an", "for", "with", "in", "on", "of", "to", "by", "as", "at", "from",
                   "is", "are", "was", "were", "be", "using", "via", "during", "after", "before", "than", "that"}


_DATA_NOUNS = {"set", "sets", "split", "splits", "data", "examples", "images", "samples", "instances", "corpus"}


def _method_after(tokens: list[Token], j: int) -> bool:
    """A method noun after a name, perhaps past one adjective: "MMI training", "MMI acoustic training"."""
    for k in (j, j + 1):
        if k >= len(tokens) or tokens[k].sent != tokens[j - 1].sent:
            return False
        if tokens[k].text.lower() in _NOT_DATA_AFTER:
            return k + 1 >= len(tokens) or tokens[k + 1].text.lower() not in _DATA_NOUNS
        if not (tokens[k].text.isalpha() and tokens[k].text.islower()) or tokens[k].text in _FUNCTION_WORDS:
            return False
    return False


def from_gazetteer(text: str, tokens: list[Token], matches, terms: tuple[Term, ...]) -> list[Candidate]:
    out = []
    for i, j, index in matches:
        term = sense_of(text[tokens[i].start:tokens[j - 1].end], terms[index], text)
        if term.source == "pwc_datasets.tsv" and _method_after(tokens, j):
            continue  # "lattice-free MMI training", "the CTC loss": PwC's data set of that name is not meant
        extended = _extend_variant(tokens, i, j) if term.type == "model" else _extend_number(tokens, i, j)
        start, end = tokens[i].start, tokens[extended - 1].end
        # "VQA v2.0" is a data set, not the task "VQA": a numbered edition leaves the type to the context
        edition = extended != j and term.type in ("task", "method", "metric")
        # A sized variant of a known family is its own entity, not the family.
        type_ = term_type(term)
        # PwC "datasets" are often benchmarks: let the context decide, unless the name's own
        # head says which ("StarCraft II Learning Environment", "Children's Book Test").
        headed = head_type(text[start:end]) if term.source == "pwc_datasets.tsv" else ""
        out.append(Candidate(start, end, text[start:end], headed if headed in ("benchmark", "dataset") else type_,
                             "gazetteer" if extended == j else "gazetteer:variant", 3, 0.9,
                             named=term.named or edition, known=term.name if extended == j else "",
                             typed=not (term.source.startswith("pwc_datasets") and headed not in (
                                 "benchmark", "dataset") or edition)))
    return out


_PREPOSITION = re.compile(r"\s(?:of|with|for|from|via|in|on|through|by|to|using|under|over|and)\s", re.IGNORECASE)


# The few data words that type a long form wherever they stand in it: "... Benchmark for X (B)".
_TYPING_DATA_WORDS = {w: DATA_WORDS[w] for w in ("benchmark", "bench", "dataset", "corpus")}


def _long_form_head(long: str) -> str:
    """The part of a long form that holds its head: "Credit Assignment with LMs" -> "Credit Assignment"."""
    return _PREPOSITION.split(long)[0]


_LONG_FORM_GLUE = {"and", "of", "for", "with", "in", "on", "to", "the", "a", "by", "via"}


def from_abbreviations(text: str, pairs: list[Abbreviation]) -> list[Candidate]:
    out = []
    for pair in pairs:
        introduced = ""
        words = pair.long.split()
        ignored_short = ignored(pair.short) and not (len(words) > 1 and head_type(pair.long) == "method")
        if ignored_short or ignored(pair.long) or len(words) > 8 and not (
                len(words) <= 12 and all(w[:1].isupper() for w in words if w.lower() not in _LONG_FORM_GLUE)):
            continue  # a long run of words is no name, unless every word is capitalised like one
        term = lookup(pair.long) if other_meaning(pair.short, pair.long) else \
            lookup(pair.short) or lookup(pair.long)  # "Maximum Mean Discrepancy (MMD)": not PwC's data set MMD
        if term:
            type_, named, known, typed = term_type(term), term.named, term.name, True
        else:
            last = _long_form_head(pair.long).split()[-1]  # "autonomous tree-search": the head is "search"
            type_ = head_type(_long_form_head(pair.long)) or type_from_affixes(pair.short) \
                or (head_type(last.split("-")[-1]) == "method" and "method") \
                or next((t for w in pair.long.lower().split() if (t := _TYPING_DATA_WORDS.get(w))), "")
            short = pair.short[:-1] if pair.short.endswith("s") else pair.short
            if not type_ and pair.long.islower() and short.isupper() and len(short) <= 3:
                proposed = coined(text, pair)  # "we propose a method, simulated trial and error (STE)"
                if proposed is None:
                    continue  # "natural language (NL)", "knowledge graphs (KGs)": a general phrase
                head_words = _PREPOSITION.split(proposed)[0].split()  # the head of what is proposed
                type_ = next((t for w in reversed(head_words) if (t := head_type(w, "after"))
                              in ("method", "dataset", "benchmark", "model")), "method")
                introduced = "cue:coined"
            typed = bool(type_)
            type_ = type_ or "method"
            named, known = any(c.isupper() for c in pair.short), ""
        link = pair.short
        for start, end, rule in ((pair.long_start, pair.long_end, "acronym:long"),
                                 (pair.short_start, pair.short_end, "acronym:short")):
            out.append(Candidate(start, end, text[start:end], type_, rule, 4, 0.85,
                                 named=named, typed=typed, known=known, link=link, introduced=introduced))
    return out


def drop_redefined(candidates: list[Candidate], pairs: list[Abbreviation]) -> list[Candidate]:
    """Gazetteer matches of an acronym the paper defines as something else: "Math Stack Exchange
    (MSE)" makes every "MSE" of the paper the forum, not mean squared error."""
    redefined = {pair.short for pair in pairs if spelled_otherwise(pair.short, pair.long)}
    return [c for c in candidates if not (c.rule == "gazetteer" and c.text in redefined)] if redefined else candidates


def drop_class_parts(candidates: list[Candidate], pairs: list[Abbreviation]) -> list[Candidate]:
    """Terms inside the long form of a model class's acronym: "Language Learning Models (LLMs)", a
    slip for large language models, names no learning technique."""
    spans = [(p.long_start, p.long_start + len(p.long)) for p in pairs if ignored(p.short)
             and "".join(w[0] for w in p.long.split()).lower() == p.short.lower().removesuffix("s")]
    return [c for c in candidates if not any(s <= c.start and c.end <= e for s, e in spans)] if spans else candidates


def _capital_before_head(tokens: list[Token], k: int, heads) -> bool:
    """A capitalised word inside a sentence right before "dataset", "benchmark", ...: "the Quux dataset"."""
    word = tokens[k].text
    if not (word[:1].isupper() and word[1:].islower()) or k == 0 or tokens[k - 1].sent != tokens[k].sent:
        return False
    if tokens[k].sent == 0 or k + 1 >= len(tokens) or not tokens[k + 1].text.islower() \
            or word.lower() in load_words("stopwords.tsv") or tokens[k - 1].text in (".", ":", ";"):
        return False
    return heads.get(tokens[k + 1].text.lower(), {}).get("after") in ("dataset", "benchmark")


def _capital_with_apposition(text: str, tokens: list[Token], k: int) -> bool:
    """A capitalised word inside a sentence described right after it: "Tele-Data, a dataset of ..."."""
    word = tokens[k].text
    if not word[:1].isupper() or k == 0 or tokens[k].sent == 0 or tokens[k - 1].sent != tokens[k].sent:
        return False
    if tokens[k - 1].text in (".", ":", ";") or word.lower() in load_words("stopwords.tsv"):
        return False
    return bool(re.match(r"^\s*,\s*(?:a|an)\s", text[tokens[k].end:tokens[k].end + 8])) \
        and _after_type(text[tokens[k].end:tokens[k].end + 160]) != ""


_NEW_BEFORE = re.compile(r"\b(?:a|an|our)\s+(?:novel|new)\s+$", re.IGNORECASE)
_CAPITAL_PREFIX = re.compile(r"([A-Z]{2,})[a-z]{3,}")


def _spells_acronym(tokens: list[Token], k: int, word: str) -> bool:
    """Is ``word`` a piece of an acronym's spelt-out form: "INSTruction" beside "INSTINCT"?"""
    match = _CAPITAL_PREFIX.fullmatch(word)
    if not match:
        return False
    prefix, sent = match.group(1), tokens[k].sent
    return any(t.sent == sent and t.text.isupper() and len(t.text) > len(prefix)
               and t.text.startswith(prefix) for t in tokens)


def _capital_pair(tokens: list[Token], k: int, short_forms: set[str]) -> bool:
    """Are tokens k and k+1 a two-word capital name ("DEAR MAN") inside an abstract's sentence?"""
    def caps(n: int) -> bool:
        return 0 <= n < len(tokens) and tokens[n].text.isalpha() and tokens[n].text.isupper()
    if tokens[k].sent == 0 or not caps(k) or not caps(k + 1) or caps(k - 1) or caps(k + 2):
        return False
    second = tokens[k + 1].text
    return tokens[k + 1].start == tokens[k].end + 1 and len(second) >= 3 and second not in short_forms \
        and not any(lookup(w) or ignored(w) for w in (tokens[k].text, second))


def from_shapes(text: str, tokens: list[Token], short_forms: set[str]) -> list[Candidate]:
    out = []
    heads = load_heads()
    plain = {t.text.lower() for t in tokens  # words as prose writes them; a Title Case title does not count
             if t.text.isalpha() and (t.text.islower() or (t.text.istitle() and t.sent > 0))}
    never_names = load_words("modifiers.tsv")  # "using", "with", "several"
    words = {t.text for t in tokens}
    for k, token in enumerate(tokens):
        word = token.text
        if (word.isalpha() and word.islower()) or not word[0].isalnum() \
                or (word.islower() and not _DIGIT.search(word)):
            continue  # the common case, decided cheaply
        word = strip_attached(token.text)
        if re.search(r"-[A-Za-z][a-z]+ed$", word):
            continue  # "KG-centered", "LLM-Transformed": an adjective, not a name
        family = family_of(word)
        sized = token.text.islower() and family and any(
            (t := lookup(f)) and t.type == "model" for f in (family, family.title(), family.upper()))
        if not (looks_named(word) or sized or word in short_forms or _capital_before_head(tokens, k, heads)
                or _capital_with_apposition(text, tokens, k)) or ignored(word) or is_markup(word):
            continue
        parts = [p for p in re.split(r"[-/]", word) if p and (p != p.lower())]
        if parts and all(ignored(p) for p in parts):
            continue
        if word.isupper() and len(word) <= 3 and word not in short_forms:
            continue  # a bare two- or three-letter capital word the paper never defines
        if word.isalpha() and not (word.isupper() or word.istitle()) and word not in short_forms \
                and (word.lower() in plain or word.lower() in never_names):
            continue  # "LLMs usIng Neural bandits": a title's styling of a word the paper writes plainly
        if (base := inflected_acronym(word)) and base in words:
            continue  # "TICKing All the Boxes" where the abstract names TICK
        if _spells_acronym(tokens, k, word):
            continue
        j = k + 1
        if word == token.text and type_from_affixes(word) == "model":
            j = _extend_variant(tokens, k, j)
        elif word == token.text and j < len(tokens) and re.fullmatch(r"v?\d+\.\d+", tokens[j].text) \
                and tokens[j].start == token.end + 1 and (j + 1 == len(tokens) or tokens[j + 1].text != "%"):
            j += 1  # "OpenChat 3.5"
        elif word == token.text and _extend_number(tokens, k, j) > j and _YEAR.fullmatch(tokens[j].text):
            j += 1  # "ICDAR 2015", "CoNLL 2005": an edition of a shared task or data set
        elif word == token.text and j < len(tokens) and tokens[j].text in _NAME_HEADS \
                and tokens[j].start == token.end + 1:
            j += 1
        elif _capital_pair(tokens, k, short_forms):
            j += 1  # "the DEAR MAN skill": two capital words are one name, not "DEAR" alone
        end = tokens[j - 1].end if j > k + 1 else token.start + len(word)
        name = text[token.start:end]
        type_ = type_from_affixes(name) or ("benchmark" if _YEAR.fullmatch(tokens[j - 1].text) else "")
        out.append(Candidate(token.start, end, name, type_ or "method", "shape", 2,
                             0.7 if type_ else 0.6, typed=bool(type_)))
    return out


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


def _good_modifier(word: str) -> bool:
    """Can ``word`` be part of a term before its head ("mathematical" yes, "improved", "their" no)?"""
    if not _MODIFIER.fullmatch(word) or word.lower() in load_words("modifiers.tsv") or ignored(word):
        return False
    if word.lower() in load_words("participles.tsv"):
        return True
    return "-" in word or not word.endswith(("ly", "ed", "ing", "es")) or word.isupper()


def word_before(tokens: list[Token], i: int) -> tuple[str, int]:
    """The word before token ``i`` and the index of its first token: a suffix the tokenizer
    splits off ("frequency" + "-based") is one word with what it is glued to."""
    j = i - 1
    while j > 0 and tokens[j].text.startswith("-") and tokens[j - 1].end == tokens[j].start:
        j -= 1
    return "".join(t.text for t in tokens[j:i]), j


_SUBJECTS = frozenset({"we", "they", "i", "you", "it", "he", "she", "which", "who"})


def term_start(tokens: list[Token], k: int) -> int:
    """The first token of the modifiers before head token ``k`` ("mathematical reasoning"), or ``k``."""
    i = k
    while i > 0 and tokens[i - 1].sent == tokens[k].sent:
        word, first = word_before(tokens, i)
        if k - i >= 2 + ("-" in word) or not _good_modifier(word):
            break
        if first > 0 and tokens[first - 1].text.lower() in _SUBJECTS:
            break  # "we study commonsense generation": the word after a subject is its verb
        if word.lower() == "art" and [t.text.lower() for t in tokens[max(0, first - 3):first]] == \
                ["state", "of", "the"]:
            break  # "state of the art accuracy" is accuracy
        if tokens[k].text.isupper() and not ("-" in word or word.lower() in load_words("participles.tsv")
                                             or word.endswith(("al", "ive", "ic", "ous", "ar"))):
            break  # before an acronym head only adjectives: "multi-turn RL", not "adopt RL"
        i = first
    return i


def from_terms(text: str, tokens: list[Token]) -> list[Candidate]:
    heads = load_heads()
    out = []
    for k, token in enumerate(tokens):
        type_ = heads.get(token.text.lower(), {}).get("term")
        if not type_ or token.sent == 0:
            continue  # title words are capitalised: the abstract says the same in lower case
        i = term_start(tokens, k)
        if i == k:
            continue
        start, end = tokens[i].start, token.end
        # "factual accuracy", "attack success rate": the longer metric wins over the gazetteer's head.
        priority = 3 if type_ == "metric" or token.text.isupper() else 1  # also "guided RL", "long CoT"
        out.append(Candidate(start, end, text[start:end], type_, "term", priority, 0.5, named=False))
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

