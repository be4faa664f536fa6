"""Descriptive technique phrases: the words that qualify a known method term.

:mod:`kg.candidates` finds gazetteer terms ("curriculum learning") and term
phrases built on a head noun. This module widens those finds where the text
names a more specific technique ("dual curriculum learning", "multimodal
instruction tuning"), adds technique phrases on broad heads where the
sentence marks them ("behavior cloning and reinforced fine-tuning"),
architecture names of the title ("Stacked Hourglass Networks for ...") and
the method a title opens with ("Stochastic Pooling for ...", the paper's own), and
drops method terms the sentence does not use as a technique's name ("by
probing the model"). It works on the plain :class:`~kg.candidates.Token` and
:class:`~kg.candidates.Candidate` records; nothing here imports spaCy.

Examples
--------
>>> from kg.candidates import Candidate, Token
>>> text = "We use multimodal beam search here."
>>> tokens = [Token(w, text.index(w), 1) for w in ("We", "use", "multimodal", "beam", "search", "here")]
>>> found = Candidate(18, 29, "beam search", "method", "gazetteer", 3, 0.9, named=False, known="beam search")
>>> [c.text for c in extend_known(text, tokens, [found])]
['multimodal beam search']
"""
from __future__ import annotations

import re

from kg.acronyms import match_long_form
from kg.candidates import Candidate, Token, _good_modifier, term_start, word_before
from kg.gazetteer import load_heads, load_words
from kg.lexicon import head_type, ignored, lookup, wraps_known

_MAX_MODIFIERS = 2
# Words that qualify a technique without the shape of a classifying adjective: "offline RL", "dense
# retrieval", "black-box probing".
_TECHNIQUE_WORDS = frozenset({"offline", "online", "off-line", "on-line", "sparse", "dense", "deep", "dual",
                              "joint", "soft", "hard", "shallow", "stepwise", "pairwise", "pointwise",
                              "listwise", "black-box", "white-box", "gray-box", "grey-box"})
# A known term right before one of these nouns qualifies it: "instruction-tuning data", "an RL setting".
# (Not before "framework", "approach": "a dual curriculum learning strategy" names the strategy.)
_COMPOUND_NEXT = frozenset({"data", "dataset", "datasets", "corpus", "task", "tasks", "setting", "settings",
                            "process", "processes", "examples", "samples", "benchmark", "benchmarks"})
# Classifying adjectives ("multimodal", "visual", "interpretable") make a kind of the technique;
# describing ones ("adaptive", "dynamic", "multi-round", "human-annotated") only say how it is used.
_ADJECTIVE_ENDINGS = ("al", "able", "ible")
_KIND_SUFFIXES = ("-based", "-driven", "-guided", "-augmented", "-aware", "-conditioned")
# A prefix compound that makes a kind of technique: "multi-agent RL", "cross-lingual transfer", "long-context".
_PREFIXED = re.compile(r"(?:multi|cross|self|semi|long|meta|single|co)-[a-z]+")
_MODIFIER_SHAPE = re.compile(r"[A-Za-z][a-z]+(?:-[a-z]+)+")


def _qualifier(word: str) -> bool:
    """Can ``word`` narrow a known technique ("multimodal", "offline", "multi-agent"), not a verb?"""
    low = word.lower()
    if _PREFIXED.fullmatch(low):
        return low not in load_words("modifiers.tsv")  # "multi-agent" alone is no term, but qualifies one
    if not _good_modifier(word):
        return False
    if low in _TECHNIQUE_WORDS:
        return True
    return "-" not in word and (low.endswith(_ADJECTIVE_ENDINGS) or low in load_words("participles.tsv"))


def _kind_of(word: str) -> bool:
    """A hyphenated word that makes a kind of technique: "perturbation-based", "retrieval-augmented"."""
    return word.lower().endswith(_KIND_SUFFIXES) and _MODIFIER_SHAPE.fullmatch(word) is not None \
        and word.split("-")[0].lower() not in load_words("modifiers.tsv")


def _modifiers_before(tokens: list[Token], k: int, limit: int = _MAX_MODIFIERS, accept=_qualifier) -> int:
    """The index of the first of the modifier words right before token ``k`` (``k`` if none)."""
    i = k
    while i > 0 and tokens[i - 1].sent == tokens[k].sent and tokens[i - 1].end + 1 == tokens[i].start:
        word, first = word_before(tokens, i)
        if k - i >= limit + ("-" in word) or not accept(word):
            break
        i = first
    return i


_DETERMINER = frozenset({"the", "a", "an", "this", "these", "those", "their", "its", "our", "his", "her",
                         "them", "it", "each", "every", "all"})
_DATA_NEXT = frozenset({"data", "dataset", "datasets", "corpus", "corpora"})


def _inside_name(tokens: list[Token], k: int) -> bool:
    """Is token ``k`` the last word of a longer capitalised name: "... Research Transformer"?"""
    word = tokens[k].text
    if not (word[:1].isupper() and word[1:].islower()) or k < 2:
        return False
    before, first = tokens[k - 1], tokens[k - 2]
    return before.sent == tokens[k].sent == first.sent and before.text[:1].isupper() \
        and first.text not in (".", ":", ";", "(") and before.text.lower() not in load_words("stopwords.tsv")


def _names_a_class(phrase: str) -> bool:
    """Does the phrase end in a model class: "deep neural networks", "supervised neural network"?"""
    words = phrase.split()
    return any(ignored(" ".join(words[n:])) for n in range(len(words)))


def drop_misused(text: str, tokens: list[Token], candidates: list[Candidate]) -> list[Candidate]:
    """Method terms that the sentence does not use as a technique's name.

    A gerund before a determiner is a verb ("by probing the rationale"); a
    technique before "data" or "dataset" qualifies the data ("existing
    instruction-tuning datasets"); a capitalised word closing a longer name
    is part of that name ("Generative Pre-trained Transformer").

    Examples
    --------
    >>> text = "By probing the model we build instruction tuning data. We use probing."
    >>> cands = [Candidate(3, 10, "probing", "method", "gazetteer", 3, 0.9, named=False),
    ...          Candidate(30, 48, "instruction tuning", "method", "gazetteer", 3, 0.9, named=False),
    ...          Candidate(66, 73, "probing", "method", "gazetteer", 3, 0.9, named=False)]
    >>> [c.start for c in drop_misused(text, [], cands)]
    [66]
    """
    index = {t.start: n for n, t in enumerate(tokens)}
    out = []
    for cand in candidates:
        if cand.rule == "term" and _names_a_class(cand.text):
            continue
        if cand.rule == "gazetteer" and cand.type == "method" and cand.start in index and " " not in cand.text \
                and _inside_name(tokens, index[cand.start]):
            continue
        if cand.type == "method" and (not cand.named or cand.rule == "head") \
                and cand.rule in ("gazetteer", "term", "head"):
            after = text[cand.end:cand.end + 24].split(None, 1)
            following = after[0].lower().rstrip(".,;:)") if after and after[0][:1].isalpha() else ""
            if (cand.text.endswith("ing") and " " not in cand.text and following in _DETERMINER) \
                    or following in _DATA_NEXT or (cand.rule == "gazetteer" and text[cand.end:cand.end + 1] == "-"):
                continue  # the last: part of an adjective, "regularization-based"
        out.append(cand)
    return out


_LIST_GAP = re.compile(r"^\s*(?:\([^()]{0,40}\)\s*)?(?:,|,?\s*(?:and|or))\s*(?:\(\w{1,3}\)\s*)?$")
_NAMING = re.compile(r"\b(?:called|named|termed|dubbed|we\s+(?:\w+ly\s+)?(?:also\s+|further\s+|then\s+)?"
                     r"(?:propose|introduce|present))\s+$")


def _listed_with_method(text: str, start: int, end: int, methods: list[tuple[int, int]]) -> bool:
    """Is the span listed next to a method term: "behavior cloning and reinforced fine-tuning"?"""
    for m_start, m_end in methods:
        gap = text[m_end:start] if m_end <= start else text[end:m_start] if m_start >= end else None
        if gap is not None and len(gap) < 50 and _LIST_GAP.match(gap):
            return True
    return False


def from_cued_terms(text: str, tokens: list[Token], candidates: list[Candidate]) -> list[Candidate]:
    """Phrases on a broad head ("X learning", "X training") where the sentence says they name a technique.

    Most "X training" phrases say when or what is trained ("model training",
    "task-specific training", even "a two-stage training approach"); one
    listed with a known technique, after "called", or that the paper repeats
    word for word ("sparse-gate training ... sparse-gate training") names one.

    Examples
    --------
    >>> text = "We compare behavior cloning and reinforced fine-tuning on model training costs."
    >>> words = [(m.group(0), m.start()) for m in re.finditer(r"[\\w-]+|[^\\w\\s]", text)]
    >>> tokens = [Token(w, s, 1) for w, s in words]
    >>> known = [Candidate(11, 27, "behavior cloning", "method", "gazetteer", 3, 0.9, named=False)]
    >>> [c.text for c in from_cued_terms(text, tokens, known)]
    ['reinforced fine-tuning']
    """
    heads = load_heads()
    methods = sorted((c.start, c.end) for c in candidates
                     if c.type == "method" and c.rule in ("gazetteer", "term", "acronym:long", "acronym:short"))
    out, lowered = [], text.lower()
    for k, token in enumerate(tokens):
        if heads.get(token.text.lower(), {}).get("cued") != "method" or token.sent == 0:
            continue
        i = term_start(tokens, k)
        if i == k:
            continue
        start, end = tokens[i].start, token.end
        phrase = text[start:end]
        if ignored(phrase) or any(s <= start and end <= e for s, e in methods):
            continue
        s_start = max(text.rfind(". ", 0, start), 0)
        named = _NAMING.search(text[s_start:start]) is not None  # "called X learning" names it: it wins
        if named or _listed_with_method(text, start, end, methods) or lowered.count(phrase.lower()) >= 2:
            out.append(Candidate(start, end, phrase, "method", "term:cued", 3 if named else 1, 0.5, named=False))
    return out


# Architecture heads that close a capitalised name in a title: "Stacked Hourglass Networks for ...".
_ARCHITECTURES = frozenset({"network", "networks", "net", "nets", "autoencoder", "autoencoders", "transformer",
                            "transformers", "encoder", "encoders", "decoder", "decoders", "reader", "readers"})
# Words that qualify a known architecture without naming a new one, beyond those of modifiers.tsv
# ("simple", "efficient"), which no name run includes anyway.
_GENERAL_MODIFIERS = frozenset("deep very wide unified fast neural convolutional recurrent".split())
# Heads of a method's name that the head list does not type on their own ("Stochastic Pooling").
_SUBJECT_HEADS = frozenset("units pooling clustering layer layers cells machines kernels".split())
_TITLE_WORD = re.compile(r"[A-Z][\w'’]*(?:-[\w]+)*|\d[\w-]*")


def from_title_architectures(text: str, tokens: list[Token]) -> list[Candidate]:
    """Capitalised architecture names of the title: "Photographic Image Synthesis with Cascaded Refinement
    Networks" -> "Cascaded Refinement Networks".

    Examples
    --------
    >>> title = "Stacked Hourglass Networks for Human Pose Estimation"
    >>> tokens = [Token(m.group(0), m.start(), 0) for m in re.finditer(r"\\S+", title)]
    >>> [c.text for c in from_title_architectures(title, tokens)]
    ['Stacked Hourglass Networks']
    """
    stop = load_words("stopwords.tsv") | load_words("modifiers.tsv")
    out = []
    for k, token in enumerate(tokens):
        if token.sent != 0:
            break
        if token.text.lower() not in _ARCHITECTURES or not token.text[:1].isupper():
            continue
        i = k
        while i > 0 and k - i < 4 and _TITLE_WORD.fullmatch(tokens[i - 1].text) \
                and tokens[i - 1].text.lower() not in stop and not ignored(tokens[i - 1].text):
            i -= 1
        if i < k and "-" not in tokens[i].text and tokens[i].text.endswith("ing"):
            i += 1  # "Improving Graph Networks": a verb, not part of the name
        if i == k or (i > 1 and tokens[i - 1].text in ("and", "of", "&") and tokens[i - 2].text[:1].isupper()):
            continue  # "... Analysis and Research Transformer": part of a longer name
        if _names_a_class(text[tokens[i].start:token.end]):
            continue  # "Deep Neural Net"
        start = tokens[i].start
        name = text[start:token.end]
        # "Full-Resolution Residual Networks": a new name around a known one wins over it
        priority = 3 if _new_around_known(name.split()) else 2
        out.append(Candidate(start, token.end, name, "method", "title:method", priority, 0.6))
    return out


def _new_around_known(words: list[str]) -> bool:
    """Do the words name something new around a known architecture: "Full-Resolution Residual Networks"
    yes; "Deep Residual Networks", "Unified Generative Adversarial Networks" no (general words before)."""
    known = next((n for n in range(1, len(words)) if lookup(" ".join(words[n:]))), 0)
    return bool(known) and not lookup(" ".join(words)) \
        and any(w.lower() not in _GENERAL_MODIFIERS for w in words[:known])


def from_title_subject(text: str, tokens: list[Token], candidates: list[Candidate]) -> list[Candidate]:
    """The capitalised name a title opens with, before "for", when it ends in a method's head:
    "Sentence-State LSTM for Text Representation", "Stochastic Pooling for ...". It is the paper's own.

    Not a known term ("Offline Reinforcement Learning for ..."), a model class with a head
    ("Large Language Model Adaptation") or a verb ("Learning Deep Features for ..."), and not
    when the abstract names another method of its own ("we propose CoachLM"): the title then says
    the topic. A name of the abstract that abbreviates it ("Li-GRU" for "Light Gated Recurrent
    Units") is the same method.

    Examples
    --------
    >>> title = "Zorbic Pooling for Image Classification"
    >>> tokens = [Token(m.group(0), m.start(), 0) for m in re.finditer(r"\\S+", title)]
    >>> [(c.text, c.introduced) for c in from_title_subject(title, tokens, [])]
    [('Zorbic Pooling', 'cue:title')]
    """
    named_later = [c.text for c in candidates if c.rule == "cue:name" and c.introduced and c.named]
    title = [t for t in tokens if t.sent == 0]
    f = next((n for n, t in enumerate(title[:6]) if t.text == "for"), 0)
    if f < 2:
        return []
    words = [t.text for t in title[:f]]
    stop = load_words("stopwords.tsv")
    if not all(_TITLE_WORD.fullmatch(w) and w.lower() not in stop for w in words):
        return []
    last = words[-1].lower()
    known_last = lookup(words[-1])
    if not (head_type(words[-1]) == "method" or last in _ARCHITECTURES | _SUBJECT_HEADS
            or (known_last and known_last.type == "method")):
        return []
    if words[0].endswith("ing") and "-" not in words[0] and last not in _ARCHITECTURES:
        return []  # "Learning Transferable Features for ...": a verb opens the title
    name = text[title[0].start:title[f - 1].end]
    short = next((n for n in named_later if match_long_form(n, words) == 0), "")
    if named_later and not short:
        return []
    if lookup(name) or ignored(name) or _names_a_class(name) \
            or any(ignored(" ".join(words[:n])) for n in range(1, len(words))) \
            or all(w.lower() in _GENERAL_MODIFIERS or w.lower() in load_words("modifiers.tsv") for w in words[:-1]):
        return []
    around_known = wraps_known(name)
    if around_known and not _new_around_known(words):
        return []  # "Deep Residual Networks for ...": the known architecture, found as such
    return [Candidate(title[0].start, title[f - 1].end, name, "method", "title:method",
                      3 if around_known else 2, 0.6,  # "Sentence-State LSTM" wins over LSTM
                      introduced="cue:title", link=short)]


_NAME_PREFIX = re.compile(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]*)*|[A-Z][a-z]*-[a-z]+")


def name_known_variants(text: str, tokens: list[Token], candidates: list[Candidate]) -> list[Candidate]:
    """A known architecture under a capitalised name of its own: "Sentence-State LSTM",
    "Frustum PointNets", "Part-based R-CNNs" name a new method, not a use of the known one.

    Only inside the abstract (every title word is capitalised) and not after a sentence's
    first word, a general word ("Deep", "Bidirectional") or a known name.

    Examples
    --------
    >>> text = "Title. We propose the Sentence-State LSTM for text."
    >>> tokens = [Token(m.group(0), m.start(), 0 if m.start() < 5 else 1) for m in re.finditer("[^ ]+", text)]
    >>> known = Candidate(text.index("LSTM"), text.index("LSTM") + 4, "LSTM", "method", "gazetteer", 3, 0.9)
    >>> [c.text for c in name_known_variants(text, tokens, [known])]
    ['Sentence-State LSTM']
    """
    index = {t.start: n for n, t in enumerate(tokens)}
    stop = load_words("stopwords.tsv") | load_words("modifiers.tsv")
    out = []
    for cand in candidates:
        if cand.rule != "gazetteer" or cand.type != "method" or cand.start not in index \
                or not re.search(r"[A-Z]", cand.text):
            continue
        k = index[cand.start]
        i = k
        while i > 0 and k - i < 2 and tokens[i - 1].sent == tokens[k].sent != 0 \
                and tokens[i - 1].end + 1 == tokens[i].start and _NAME_PREFIX.fullmatch(tokens[i - 1].text):
            word = tokens[i - 1].text
            if word.lower() in stop or word.lower() in _GENERAL_MODIFIERS or ignored(word) or lookup(word) \
                    or word.endswith("ing") and "-" not in word:
                break
            i -= 1
        if i == k or i == 0 or tokens[i - 1].sent != tokens[k].sent:
            continue  # nothing before it, or the name starts the sentence
        start = tokens[i].start
        name = text[start:cand.end]
        if lookup(name) or ignored(name):
            continue
        out.append(Candidate(start, cand.end, name, "method", "term:named", cand.priority, 0.65))
    return out


def extend_known(text: str, tokens: list[Token], candidates: list[Candidate]) -> list[Candidate]:
    """Known unnamed method terms widened over the modifiers before them.

    "on-line reinforcement learning" is a technique of its own, not a mention
    of "reinforcement learning": the widened span is a new candidate with no
    link to the known term, and wins over it by its length.
    """
    index = {t.start: n for n, t in enumerate(tokens)}
    out = []
    for cand in candidates:
        if cand.rule != "gazetteer" or cand.type != "method" or cand.start not in index \
                or (cand.named and not cand.text.isupper()) or cand.text.endswith("ed"):
            continue
        k = index[cand.start]
        if tokens[k].sent == 0 and not cand.text.isupper():
            continue  # title words are capitalised: the abstract says the same in lower case
        after = text[cand.end:cand.end + 20].split()
        if after and after[0].lower().rstrip(".,;:)") in _COMPOUND_NEXT:
            continue  # the term qualifies the noun after it
        # Before an acronym only a kind-of word: "Perturbation-based ICL", not "fine-tuned MLM".
        i = _modifiers_before(tokens, k, 1, _kind_of) if cand.text.isupper() else _modifiers_before(tokens, k)
        if i == k:
            continue
        start = tokens[i].start
        out.append(Candidate(start, cand.end, text[start:cand.end], "method", "term:known", cand.priority,
                             0.6, named=False))
    return out
