"""Names that fall between the word-level rules: hyphenated spellings, "X of Y" names, joined names.

:mod:`kg.candidates` finds names word by word and :mod:`kg.context` reads the
sentence around them; a few kinds of name still fall between the two:

- a known multi-word name spelled with hyphens ("Tree-of-Thought" for the
  gazetteer's "Tree of Thoughts"): the tokenizer keeps a hyphenated word whole,
  so the phrase matcher never sees its words (:func:`from_hyphenated`);
- a capitalised name with a function word inside or a capitalised head noun:
  "the World of Bits benchmark", "the Arcade Learning Environment"
  (:func:`from_capital_heads`);
- a name in apposition after its head noun: "a new dataset, Foo-Pairs, of ..."
  (:func:`from_appositions`);
- a capitalised word before "tuning" or "prompting" inside a sentence: "Prefix
  tuning" (:func:`from_capital_heads`).

After selection, :func:`join_models` adds the versions listed after a model
("Llama 3, 3.1 and 3.2") and joins a family with the name-shaped word after it
("Mistral NeMo"), and :func:`join_collections` reads a name followed by what
its data are ("SEC filings", "Reddit posts") as a data set in a sentence about
data. Pure functions over plain tokens; nothing here imports spaCy.

Examples
--------
>>> from kg.candidates import Token
>>> text = "We compare with Tree-of-Thought on the World of Bits benchmark."
>>> words = [(m.group(), m.start()) for m in re.finditer(r"[\\w-]+|[^\\w\\s]", text)]
>>> tokens = [Token(w, s, 0 if s < 3 else 1) for w, s in words]
>>> [(c.text, c.type, c.known) for c in from_hyphenated(text, tokens)]
[('Tree-of-Thought', 'method', 'Tree of Thoughts')]
>>> [(c.text, c.type) for c in from_capital_heads(text, tokens)]
[('World of Bits', 'benchmark')]
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.candidates import Candidate, Token
from kg.gazetteer import Term, load_heads, load_terms, load_words
from kg.identity import name_key
from kg.lexicon import ignored, lookup, term_type, wraps_known
from kg.shapes import looks_named, strip_attached

# Function words that may stand inside a capitalised name: "World of Bits", "Wisdom of the Crowd"
# (not "and", "on": "ScienceQA and X", "GPT-4 on X" are two names).
_FUNCTION = {"of", "the"}
_NAME_WORD = re.compile(r"[A-Z0-9][\w.'’&+-]*")
_DATA_KINDS = ("benchmark", "dataset")
# Heads a capitalised word turns into a named technique: "Prefix tuning", "Mistake tuning".
_TECHNIQUE_HEADS = {"tuning", "prompting"}
# Capitalised heads of a named problem or phenomenon, a task: "the Zorb Matching Problem".
_PROBLEM_HEADS = {"Problem", "Curse", "Paradox", "Phenomenon"}
_ENUMERATOR = re.compile(r"\d{1,2}|[ivx]{1,4}|[a-h]")  # before ")": "(2) Zorbic tuning"
_PROPOSED = re.compile(r"\bwe\s+(?:\w+\s+)?(?:propose|introduce|present|design|develop|devise)\w*\s+(?:\w+\s+){0,3}"
                       r"(?:methods|approaches|techniques|strategies|variants)\s*:", re.IGNORECASE)
_PREPOSITION_BEFORE = re.compile(r"\b(?:on|in|upon|for|from|with|at|to|across|over|under|via|by|using|after|"
                                 r"before|of|than|and|or)\s*$", re.IGNORECASE)
_APPOSED = re.compile(
    r"\b(?:a|an|our|the|this)\s+((?:[\w-]+\s+){0,3}?)([a-z]+)\s*[,:]\s*"
    r"([A-Z][\w.+'-]*(?:\s+(?:&\s+)?[A-Z0-9][\w.+'-]*){0,3})(?=\s*[,;:(]|\.(?:\s|$)|\s+(?:of|that|which|with|for|to|"
    r"containing|consisting|comprising|covering|is|was|has)\b)")
_APPOSED_KINDS = ("dataset", "benchmark", "method", "model", "task")
# What a named source's data are: "SEC filings", "Reddit posts", "PubMed abstracts".
_DATA_ITEMS = {"filings", "discussions", "posts", "threads", "articles", "reviews", "tweets", "comments",
               "conversations", "dialogues", "dialogs", "transcripts", "abstracts", "questions",
               "answers", "papers", "pages", "documents", "problems", "tasks", "examples",
               "instructions"}
# Items that are data only with a word that says so ("seed tasks", "exam questions").
_QUALIFIED_ITEMS = {"problems", "tasks", "examples", "instructions", "questions", "answers", "pages",
                    "papers", "documents"}
_DATA_QUALIFIERS = {"seed", "exam", "forum", "wiki", "news", "web"}
# What may follow a collection's name: "from SEC filings to ...", "Reddit posts and comments".
_AFTER_ITEMS = {"to", "and", "or", "from", "in", "on", "for", "with", "as", "of", "that", "which", "by", "at",
                "into", "were", "are", "was", "is"}
# Sites the ignore list holds as organisations but whose posts are data: "Reddit posts".
_WEB_SOURCES = {"Reddit", "Twitter", "GitHub", "YouTube", "arXiv", "Wikipedia", "StackExchange"}
_DATA_SENTENCE = re.compile(r"\b(?:data|dataset|datasets|corpus|corpora|collect\w*|curat\w*|crawl\w*|scrap\w*|"
                            r"sourced|compiled|instruction|instructions|pretraining|pre-training)\b",
                            re.IGNORECASE)
_VERSION = re.compile(r"v?\d{1,2}(?:\.\d{1,2})?")
_CAMEL = re.compile(r"(?:[A-Z][a-z]+|[a-z]+)[A-Z][\w]*")
_AFTER_VERSION = {"family", "families", "series", "models", "model", "variants", "versions", "and", "or",
                  ",", ".", ";", ":", ")"}


@lru_cache(maxsize=1)
def _spaced_terms() -> dict[str, Term]:
    """Hand-written gazetteer forms of several words, by :func:`~kg.identity.name_key`."""
    out: dict[str, Term] = {}
    for term in load_terms():
        if term.source.startswith("pwc_"):
            continue
        for form in (term.name, *term.aliases):
            if " " in form and name_key(form):
                out.setdefault(name_key(form), term)
    return out


def from_hyphenated(text: str, tokens: list[Token]) -> list[Candidate]:
    """Known names of several words spelled with hyphens ("Tree-of-Thought" is "Tree of Thoughts"),
    and known names before a capitalised glued suffix ("Transformer-Driven")."""
    spaced = _spaced_terms()
    out = []
    for token in tokens:
        if "-" not in token.text[1:-1] or not token.text[:1].isalpha():
            continue
        word = strip_attached(token.text)
        term = spaced.get(name_key(word)) if "-" in word else None
        if term is None and word != token.text and token.text[len(word) + 1:][:1].isupper():
            term = lookup(word)  # "Transformer-Driven": the tokenizer splits only "-driven"
            term = term if term and term.named and not ignored(word) else None
        elif term is not None and lookup(word):
            continue  # a spelling the gazetteer matches itself
        if term is None:
            continue
        out.append(Candidate(token.start, token.start + len(word), word, term_type(term), "gazetteer", 3, 0.9,
                             named=term.named, known=term.name))
    return out


def _first_in_sentence(tokens: list[Token], i: int) -> bool:
    return i == 0 or tokens[i - 1].sent != tokens[i].sent


def _adjacent(tokens: list[Token], i: int) -> bool:
    """Is ``tokens[i]`` one space after the token before it, in the same sentence?"""
    return i > 0 and tokens[i - 1].sent == tokens[i].sent and tokens[i - 1].end + 1 == tokens[i].start


def _name_run(tokens: list[Token], k: int) -> tuple[int, bool]:
    """The first token of the capitalised name before token ``k``, and whether a function word is inside."""
    stop = load_words("stopwords.tsv")
    i, inner = k, False
    while k - i < 6 and _adjacent(tokens, i):
        word = tokens[i - 1].text
        if _NAME_WORD.fullmatch(word) and not ignored(word) and word.lower() not in stop:
            i -= 1
        elif word in _FUNCTION and not inner and i < k and i > 1 and _adjacent(tokens, i - 1) \
                and _NAME_WORD.fullmatch(tokens[i - 2].text):
            i, inner = i - 1, True
        else:
            break
    while i < k and tokens[i].text in _FUNCTION:
        i += 1
    return i, any(t.text in _FUNCTION for t in tokens[i:k])


@lru_cache(maxsize=1)
def _trigger_words() -> frozenset[str]:
    """The words :func:`from_capital_heads` looks behind: data heads, "tuning", "prompting"."""
    heads = {word for word, uses in load_heads().items()
             if uses.get("after") in _DATA_KINDS or uses.get("name") in _DATA_KINDS}
    return frozenset(heads | _TECHNIQUE_HEADS | {word.lower() for word in _PROBLEM_HEADS})


def from_capital_heads(text: str, tokens: list[Token]) -> list[Candidate]:
    """Capitalised names a head word types: "World of Bits benchmark", "Arcade Learning Environment",
    and a capitalised word before "tuning" or "prompting" inside a sentence ("Prefix tuning")."""
    heads = load_heads()
    triggers = _trigger_words()
    out = []
    for k, token in enumerate(tokens):
        word = token.text
        if word.lower() not in triggers or token.sent == 0:
            continue
        if word in _TECHNIQUE_HEADS and _adjacent(tokens, k):
            before = tokens[k - 1]
            named = before.text[:1].isupper() and before.text[1:2].islower() and not ignored(before.text) \
                and before.text.lower() not in load_words("stopwords.tsv") and not lookup(before.text)
            enumerated = k > 2 and tokens[k - 2].text == ")" and _ENUMERATOR.fullmatch(tokens[k - 3].text) is not None
            if named and (enumerated or not _first_in_sentence(tokens, k - 1)):
                first = k - 1
                while first > 0 and tokens[first - 1].sent == token.sent:
                    first -= 1
                # "we design two methods: (1) ...; (2) Zorbic tuning ...": an item of what the paper makes
                made = enumerated and _PROPOSED.search(text, tokens[first].start, before.start) is not None
                out.append(Candidate(before.start, token.end, text[before.start:token.end], "method",
                                     "head", 2, 0.7, introduced="cue:list" if made else ""))
            continue
        uses = heads.get(word.lower())
        if word in _PROBLEM_HEADS:
            kind = "task"  # "the Zorb Matching Problem", "the Reversal Curse"
        elif not uses or not (word.islower() or word.istitle()):
            continue
        else:
            kind = uses.get("after", "") if word.islower() else uses.get("name") or uses.get("after", "")
        if kind not in _DATA_KINDS + ("task",) or word.istitle() and (word.endswith("s") and word.lower()[:-1] in heads
                                                                       or word in ("Corpora", "Challenge")):
            continue  # "Evaluation Datasets": a section of a survey; "the Amazon Picking Challenge": an event
        i, inner = _name_run(tokens, k)
        if i == k or _first_in_sentence(tokens, i):
            continue  # a capitalised sentence start is no evidence of a name
        first = lookup(tokens[i].text)
        if word.islower():
            # "the World of Bits benchmark"; "the LLaVA Test dataset" is not the model LLaVA
            if not (inner and not any(lookup(t.text) for t in tokens[i:k])
                    or k - i > 1 and first and term_type(first) == "model"):
                continue
            end = tokens[k - 1].end
        else:
            if first and term_type(first) in _DATA_KINDS and k - i == 1:
                continue  # "the GSM8K Test split": a part of a known data set
            end = token.end
        name = text[tokens[i].start:end]
        if lookup(name) or ignored(name):
            continue
        out.append(Candidate(tokens[i].start, end, name, kind, "head", 3, 0.75))
    return out


def from_appositions(text: str, sentences: list[tuple[int, int]]) -> list[Candidate]:
    """A name set after its head noun: "we construct a new dataset, Foo-Pairs, of ..."."""
    heads = load_heads()
    stop = load_words("stopwords.tsv")
    out = []
    for s_start, s_end in sentences:
        for match in _APPOSED.finditer(text, s_start, s_end):
            uses = heads.get(match.group(2), {}) or heads.get(match.group(2)[:-1], {})
            kind = "task" if match.group(2) in ("task", "problem") else uses.get("after") or uses.get("name") or ""
            raw = match.group(3).rstrip(".")
            name = " ".join(raw.split())  # "Jekyll \\& Hyde" read as "Jekyll  & Hyde"
            if kind not in _APPOSED_KINDS or _PREPOSITION_BEFORE.search(text[s_start:match.start()]) \
                    or any(w[:1].isupper() for w in match.group(1).split()):
                continue  # "On the X benchmark, GPT-4 ...": the name is not the head's
            if lookup(name) or ignored(name) or name.lower() in stop or len(name) < 3 \
                    or not (looks_named(name) or "-" in name or len(name.split()) > 1):
                continue
            start = match.start(3)
            # "a new task, Zorb Question Answering": the whole name, not the known task
            priority = 3 if wraps_known(name) else 2
            out.append(Candidate(start, start + len(raw), name, kind, "apposition", priority, 0.7))
    return out


def join_models(text: str, tokens: list[Token], chosen: list[Candidate]) -> list[Candidate]:
    """Versions listed after a model ("Llama 3, 3.1 and Qwen 2, 2.5") and a family joined with the
    name-shaped word after it ("Mistral NeMo", the family kept as an alias)."""
    if not any(c.type == "model" for c in chosen):
        return chosen
    ends = {t.end: n for n, t in enumerate(tokens)}
    by_start = {c.start: c for c in chosen}
    dropped: set[int] = set()
    added = []
    for cand in chosen:
        if cand.type != "model" or cand.end not in ends or id(cand) in dropped:
            continue
        k = ends[cand.end] + 1
        version = re.search(r"(?<=\s)v?\d{1,2}(?:\.\d{1,2})?$", cand.text)
        if version:
            stem = cand.text[:version.start()]
            while True:  # ", 3.1", "and 3.2", ", and 3.3"
                gap = k
                while gap < len(tokens) and gap - k < 2 and tokens[gap].text in (",", "and", "or"):
                    gap += 1
                if gap == k or gap >= len(tokens) or tokens[gap].sent != tokens[k].sent \
                        or not _VERSION.fullmatch(tokens[gap].text):
                    break
                after = tokens[gap + 1].text if gap + 1 < len(tokens) else "."
                if not (after.lower() in _AFTER_VERSION or after[:1].isupper()):
                    break  # "Llama 3, 3 epochs": a count, not a version
                word = tokens[gap]
                added.append(Candidate(word.start, word.end, stem + word.text, "model", "elided", 2, 0.7))
                k = gap + 1
            continue
        if cand.rule.startswith("gazetteer") and k < len(tokens) and _adjacent(tokens, k) \
                and _CAMEL.fullmatch(tokens[k].text):
            other = by_start.get(tokens[k].start)
            if other is not None and (other.end != tokens[k].end or other.typed and other.type != "model"):
                continue
            known = lookup(tokens[k].text)
            if known and term_type(known) != "model":
                continue
            family = cand.known or cand.text
            cand.end, cand.text = tokens[k].end, text[cand.start:tokens[k].end]
            cand.known, cand.rule = family, "gazetteer:variant"
            if other is not None:
                dropped.add(id(other))
    return [c for c in chosen if id(c) not in dropped] + added


def _qualified(words: list[str]) -> bool:
    return any(w in _DATA_QUALIFIERS for w in words)


def join_collections(text: str, tokens: list[Token], chosen: list[Candidate], sentence_of) -> list[Candidate]:
    """A named source and what its data are, in a sentence about data: "SEC filings", "Reddit posts",
    "Chartered Financial Analyst (CFA) exam questions", "the Self-Instruct seed tasks"."""
    by_end = {c.end: c for c in chosen}
    stop = load_words("stopwords.tsv")
    out = list(chosen)
    for k, token in enumerate(tokens):
        item = token.text
        if item not in _DATA_ITEMS or token.sent == 0:
            continue
        if k + 1 < len(tokens) and tokens[k + 1].sent == token.sent and tokens[k + 1].text[:1].isalnum() \
                and tokens[k + 1].text not in _AFTER_ITEMS:
            continue  # "CNN news stories", "a Chinese news dataset": the item is no head
        i = k
        while k - i < 3 and _adjacent(tokens, i) and tokens[i - 1].text.isalpha() and tokens[i - 1].text.islower() \
                and tokens[i - 1].text not in stop and tokens[i - 1].text not in _FUNCTION \
                and not tokens[i - 1].text.endswith("ly"):
            i -= 1
        modifiers = [t.text for t in tokens[i:k]]
        if i == 0 or tokens[i - 1].sent != token.sent or (item in _QUALIFIED_ITEMS and not _qualified(modifiers)):
            continue
        s_start, s_end = sentence_of(token.start)
        if not ("seed" in modifiers or _DATA_SENTENCE.search(text, s_start, s_end)):
            continue
        n = i - 1
        if tokens[n].text == ")" and n > 1 and tokens[n - 1].end == tokens[n].start:
            n -= 1  # "Chartered Financial Analyst (CFA) exam questions"
        elif tokens[n].end + 1 != tokens[i].start:
            continue
        source = by_end.get(tokens[n].end)
        if source is not None:
            known = lookup(source.known) if source.known else None
            if source.type == "model" or not source.named or known and term_type(known) in _DATA_KINDS \
                    and "seed" not in modifiers:
                continue  # "GPT-4 answers", "MMLU questions": the name is the thing itself
        else:
            word = tokens[n].text
            if not (looks_named(word) or word.isupper() and len(word) > 1 or word.istitle()) \
                    or _first_in_sentence(tokens, n) or word.lower() in stop \
                    or ignored(word) and word not in _WEB_SOURCES:
                continue
        end = token.end
        inside = [c for c in out if c is not source and tokens[i].start <= c.start and c.end <= end]
        if any(c.named for c in inside):
            continue
        out = [c for c in out if not any(c is x for x in inside)]
        if source is None:
            start = tokens[n].start
            out.append(Candidate(start, end, text[start:end], "dataset", "collection", 2, 0.7))
            continue
        for linked in [c for c in out if source.link and c.link == source.link] + [source]:
            linked.type, linked.typed = "dataset", True
        source.text = source.text + text[tokens[n].end:end] if n == i - 1 else \
            source.text + " " + text[tokens[i].start:end]  # "CFA exam questions", without the ")"
        source.end, source.known = end, ""
    return sorted(out, key=lambda c: (c.start, c.end))
