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

from kg.gazetteer import load_heads, load_role_cues
from kg.lexicon import ignored, lookup
from kg.shapes import looks_named

_MAX_BEFORE = 240
_TITLE_NAME = re.compile(r"^\s*([^:,]{1,60}?)\s*(?::\s+\S|,\s+(?:a|an)\s)")
# Between "we propose" and a name, words that show the name is not what is proposed: "we present
# X, tuned on Y", "we present experiments with Y", "we introduce A into the estimation of Y".
_NOT_THE_OBJECT = re.compile(
    r"\b(?:from|following|leverag\w*|(?:tuned|trained|built|based|evaluated|tested|run|conditioned)\s+on|"
    r"such as|e\.g\.|compared|than|against|become|becomes|into|overview|experiments?|analys[ie]s|"
    r"results|review|survey|summary|discussion|findings|study|studies|insights?|lessons|integrated with|"
    r"(?:it|them)\s+(?:on|to|with|in)|"  # "we propose a method and instantiate it on X": X is used
    r"approximated with|(?<![\w-])like|(?:called|named|termed|dubbed|coined)\s+\S+|"
    r"\w+ed\s+(?:on|upon|from)|for|(?<![\w-])(?:over|baselines?|popular|existing|previous|prior)(?![\w-]))\b",
    re.IGNORECASE)
# The words of the object itself: "we propose [a new] X", "we introduce two novel X".
_OBJECT_GAP = re.compile(r"^\s*(?:(?:a|an|the|our|two|three|four|several|multiple|new|novel|also)\s+){0,3}"
                         r"(?:(?:[\w-]+\s+){0,2}[\w-]+\s*:\s*"  # "two methods: (1) X, (2) Y"
                         r"(?:(?:\(?[ivx\d]{1,4}\)\s*)?[^,;:()]{1,60}(?:\([^()]{1,40}\))?,\s*(?:and\s+)?)*"
                         r"(?:\(?[ivx\d]{1,4}\)\s*)?)?$", re.IGNORECASE)
# Strict cues: "a novel X", "called X" right before the mention, no preposition in between.
_CALLED_NEW = re.compile(r"(?:\b(?:a|an)\s+(?:new|novel)\s+(?:(?!(?:for|of|with|to|in|on|from|by|that|which)\b)"
                         r"[\w-]+\s+){0,4}|\b(?:dubbed|called|named|termed|coined)\s+|\bour\s+)$", re.IGNORECASE)
# An unnamed phrase that only describes a name given next to it: "a novel X method, FooNet",
# "an X framework called Foo", "FooNet: a novel X algorithm".
_NAMED_AFTER = re.compile(r"^(?:[\s-]*[\w-]+){0,4}\s*(?:,|\()\s*(?:the\s+)?[A-Z][\w-]*[A-Z0-9*]|"
                          r"^[^.;()]{0,40}?\b(?:called|named|dubbed|termed|coined|referred to as|known as|"
                          r"i\.e\.,?)\s+[A-Z]")
_NAMED_BEFORE = re.compile(r"\b[A-Z][\w-]*[A-Z0-9][\w-]*\s*[:,]\s*(?:a|an)\s+(?:[\w-]+\s+){0,4}$")
# Things a paper "presents" without creating them: a review, an analysis.
_STUDY = re.compile(r"\b(?:review|survey|study|analysis|overview|investigation|experiments?|evaluation)s?$",
                    re.IGNORECASE)


def introduction_cue(before: str, after: str, *, strict: bool = False, phrase: bool = False,
                     name: str = "") -> str:
    """The cue that makes a mention "introduced", as ``"cue:<kind>"``, or "".

    ``before`` is the text of the mention's sentence up to the mention,
    ``after`` the text from its end to the end of the sentence. With
    ``strict`` (unnamed terms, names a gazetteer knows) the mention must be
    the very object of the cue ("we propose a curriculum strategy"), or be
    called new ("a new algorithm ... (ALP-GMM)"). A ``phrase`` (an unnamed
    term) is strict and must not merely describe a name next to it ("a
    novel X framework, FooNet"). ``name`` is the mention's text.

    Examples
    --------
    >>> introduction_cue("We present a new model, InvestLM, tuned on ", ".")
    ''
    >>> introduction_cue("We have developed ", " and a tokenizer.")
    'cue:before'
    >>> introduction_cue("We propose a ", " for agents.", phrase=True)
    'cue:before'
    >>> introduction_cue("We propose a method that uses ", " for agents.", phrase=True)
    ''
    >>> introduction_cue("We propose a novel ", " framework, FooNet, for agents.", phrase=True)
    ''
    """
    cues = load_role_cues()
    tail = before[-_MAX_BEFORE:]
    strict = strict or phrase
    if _STUDY.search(name) and name[:1].islower() or phrase and (_NAMED_AFTER.match(after) or _NAMED_BEFORE.search(tail[-80:])):
        return ""
    found = [m.end() for pattern in cues.get("before", ()) for m in pattern.finditer(tail)]
    if found:  # "we propose X for Y, which consists of A and B": the parts are new too
        found += [m.end() for pattern in cues.get("part", ()) for m in pattern.finditer(tail, min(found))]
    for end in sorted(set(found), reverse=True):
        gap = tail[end:]
        if any(c in gap for c in ".;"):
            continue
        if _OBJECT_GAP.match(gap) or not (strict or _NOT_THE_OBJECT.search(gap)):
            return "cue:before"
    near = tail[-60:]
    if any(p.search(near) for p in cues.get("adjacent", ())):
        if not strict or _CALLED_NEW.search(near):
            return "cue:before"
    if not strict and any(p.search(after[:_MAX_BEFORE]) for p in cues.get("after", ())):
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
    >>> title_name("From FooQA to FooNet: Rethinking Retrieval")
    'FooNet'
    """
    match = _TITLE_NAME.match(title)
    if not match:
        return ""
    moved = re.fullmatch(r"From\s+\S+(?:\s+\S+)?\s+to\s+(\S+)", match.group(1))
    return moved.group(1) if moved else match.group(1)  # "From MOOC to MAIC: ..." names MAIC


# --- unnamed things a paper creates: "we propose a curriculum strategy" ---------------------

_MAKE = ("propose|introduce|present|develop|design|construct|create|curate|release|contribute|"
         "build|collect|compile|assemble")
_INTRO_VERB = re.compile(
    r"\b(?:(?:we|this (?:paper|work|study|article))\s+(?:\w+ly\s+)?(?:(?:also|further|first|then|additionally|"
    rf"have|next)\s+)?(?:{_MAKE}|devise|formulate|synthesi[sz]e|provide|put(?:s)?\s+forward)(?:s|d|ed)?|"
    r"(?:by|and)\s+(?:proposing|introducing|presenting|constructing|developing|designing|building|creating|"
    r"curating|collecting))\s+", re.IGNORECASE)
_MADE_PASSIVE = re.compile(
    r"\b(?:[Aa]n?|[Tt]wo|[Tt]hree)\s+((?:[\w-]+\s+){0,5}?[\w-]+)\s+(?:is|are)\s+(?:(?:\w+ly|also|then|further)\s+)?"
    r"(?:proposed|introduced|presented|developed|designed|constructed|created|curated|built|collected|"
    r"devised|formulated)\b")
_SECOND_VERB = re.compile(rf"(?:{_MAKE}|share|open-source)(?:s|d|ed)?", re.IGNORECASE)  # "we build and release X"
# The head noun of what is created, and the type it gives.
_CREATED = {"method": "method", "approach": "method", "framework": "method", "algorithm": "method",
            "strategy": "method", "strategies": "method", "technique": "method", "paradigm": "method",
            "mechanism": "method", "pipeline": "method", "loss": "method", "attack": "method",
            "objective": "method", "procedure": "method", "process": "method", "scheme": "method",
            "architecture": "method", "module": "method", "prompting": "method", "estimator": "method",
            "dataset": "dataset", "corpus": "dataset", "benchmark": "benchmark", "testbed": "benchmark",
            "metric": "metric", "measure": "metric", "environment": "benchmark", "environments": "benchmark",
            "protocol": "method"}
# Agent nouns that name a created component: "a norm-growth limiter", "a prompt-aware adapter".
_AGENT_NOUN = re.compile(r"[a-z]{3,}(?:er|or)")
_NOT_AGENTS = frozenset("paper number other order manner computer author user teacher learner player speaker "
                        "error factor behavior behaviour vector tensor layer matter answer letter power "
                        "developer researcher reader writer worker member partner customer consumer "
                        "annotator operator sensor indicator predictor competitor parameter parameters "
                        "character cluster chapter center centre register border meter diameter perimeter".split())
# Heads that add nothing to the name (guideline: drop "method", "framework"): kept out of the name.
_BARE_HEADS = {"method", "approach", "technique", "process", "procedure"}
# Heads of a made thing built on a known technique, not the technique itself: "a procedural
# generation pipeline", "a chain-of-thought module".
_PART_HEADS = {"pipeline", "pipelines", "protocol", "module", "modules", "architecture", "mechanism"}
# Words that praise or count rather than name: "a simple yet effective X", "two new Xs".
_EVALUATIVE = frozenset(
    "new novel simple effective efficient general unified first principled scalable lightweight robust "
    "powerful generic flexible practical comprehensive systematic straightforward yet versatile innovative "
    "specific specialized specialised several two three four five alternative improved better unique key "
    "original dedicated tailored holistic high-quality diverse carefully curated large-scale small-scale "
    "small large tentative easily replicable reproducible complete rigorous careful dynamic powerful and "
    "elegant intuitive universal customized customised strong more less highly very overarching open-source "
    "challenging multiple various different statistical theoretical conceptual formal mathematical "
    "analytical extendible extensible best fast fastest sophisticated".split())
# Verbs that end the object: "we develop X and employ Y".
_VERBS = frozenset("employ employs use uses leverage leverages utilize utilizes apply applies adopt adopts "
                   "combine combines integrate integrates exploit exploits enable enables improve improves "
                   "show shows demonstrate demonstrates achieve achieves".split())
# Words too general to name a method alone: "a novel training framework" names nothing.
_GENERIC = frozenset("training learning evaluation inference data model models language llm llms llm-based "
                     "ai neural deep machine end-to-end plug-and-play automatic automated fine-tuning "
                     "multi-stage iterative hybrid modular design instruction instructions text instruction-tuning".split())
_WORD = re.compile(r"[A-Za-z0-9][\w-]*|\([^()]{1,40}\)|[^\sA-Za-z0-9]")
_STOPS = frozenset("for of that which to with in on from by via using based where whose who as than "
                   "while when this these its their our is are was were can could will would "
                   "thus hence then therefore".split())


def _created_kind(word: str) -> str:
    """The type a created thing's head gives ("strategies" -> method, "limiter" -> method), or ""."""
    if word in _CREATED:
        return _CREATED[word]
    if word.endswith("s") and _CREATED.get(word[:-1]) == "method" and word[:-1] not in _BARE_HEADS:
        return "method"
    singular = word[:-1] if word.endswith("s") else word
    if _AGENT_NOUN.fullmatch(singular) and singular not in _NOT_AGENTS:
        return "method"
    return ""


def _phrase(text: str, start: int, end: int):
    """The created thing right after an introduction verb: (words, head index) or None."""
    words = [(m.group(0), m.start()) for m in _WORD.finditer(text, start, min(end, start + 120))][:10]
    if words and words[0][0].lower() in ("a", "an", "the", "our", "two", "three", "several", "new"):
        words = words[1:]
    if len(words) > 2 and words[0][0].lower() in ("and", "or") and _SECOND_VERB.fullmatch(words[1][0]):
        words = words[2:]  # "we construct and release a dataset"
        if words and words[0][0].lower() in ("a", "an", "the", "our", "new"):
            words = words[1:]
    for n, (word, _) in enumerate(words):
        low = word.lower()
        if _created_kind(low):
            nxt = words[n + 1][0].lower() if n + 1 < len(words) else "."
            if _created_kind(nxt):
                continue  # "a benchmark dataset": the head is further on
            if any(looks_named(w) for w, _ in words[n + 1:n + 3]):
                return None  # "an instruction-tuning dataset CodeActInstruct": the name is the mention
            return words, n
        if low in _STOPS or low in _VERBS or not (word[0].isalnum() or word.startswith("(")) \
                or word[:1].isupper() and word[1:].islower() or looks_named(word) and not (lookup(word) or ignored(word)):
            return None  # the object ends; or it has a name of its own ("the ISEKAI dataset")
    return None


def from_introductions(text: str, sentences: list[tuple[int, int]]) -> list:
    """Unnamed things a paper creates, under a short phrase: "we design a credit assignment strategy",
    "a prompt-aware weight adapter is introduced".

    The phrase is the created thing's modifiers and head, without the words that
    praise it ("novel", "simple yet effective"); a "dataset of tutoring
    conversations" becomes "tutoring conversations dataset". Nothing is found
    when the thing gets a name ("a novel framework, FooNet"): the name is the mention.

    Examples
    --------
    >>> text = "We propose a simple yet effective curriculum sampling strategy for agents."
    >>> [(c.text, c.type) for c in from_introductions(text, [(0, len(text))])]
    [('curriculum sampling strategy', 'method')]
    >>> text = "We construct a dataset of 700 real tutoring conversations, annotated by experts."
    >>> [(c.text, c.type) for c in from_introductions(text, [(0, len(text))])]
    [('tutoring conversations dataset', 'dataset')]
    >>> text = "We propose a novel training framework, FooNet, for agents."
    >>> from_introductions(text, [(0, len(text))])
    []
    """
    from kg.candidates import Candidate

    out = []
    for s_start, s_end in sentences:
        # "we propose a X strategy", and in the passive "a X adapter is introduced"
        begins = [verb.end() for verb in _INTRO_VERB.finditer(text, s_start, s_end)]
        begins += [made.start(1) for made in _MADE_PASSIVE.finditer(text, s_start, s_end)]
        for begin in begins:
            found = _phrase(text, begin, s_end)
            if not found:
                continue
            words, head = found
            head_word, head_start = words[head]
            head_end = head_start + len(head_word)
            kind = _created_kind(head_word.lower())
            if _NAMED_AFTER.match(text[head_end:s_end]) or re.match(r"^\s*(?:[:(]|--(?!\s*[a-z]))",
                                                                     text[head_end:s_end]):
                continue  # "a novel framework, FooNet": the name is the mention (not "X -- summarization")
            mods = words[:head]
            while mods and (mods[0][0].lower() in _EVALUATIVE or mods[0][0].endswith("ly")
                            or mods[0][0][0].isdigit() or mods[0][0].lower() == "scale"):  # "large scale"
                mods = mods[1:]
            if kind == "dataset" and not mods and text[head_end:head_end + 4] == " of ":
                out.extend(_dataset_of(text, head_end + 4, s_end, head_start, head_word))  # "a new dataset of X"
                continue
            conjunct = next((n for n, (w, _) in enumerate(mods) if w.lower() == "and"), None)
            parts = [mods] if conjunct is None else [mods[:conjunct], mods[conjunct + 1:]]
            for n, part in enumerate(parts):
                if not part or any(w.lower() in _EVALUATIVE for w, _ in part) \
                        or n < len(parts) - 1 and len(part) == 1 \
                        and "term" in load_heads().get(part[0][0].lower(), {}) \
                        or all(w.lower() in _GENERIC or w.lower().rstrip("s") in _CREATED
                               or w.endswith("ed") for w, _ in part) \
                        or kind == "method" and head_word.lower() not in _PART_HEADS \
                        and lookup(" ".join(w for w, _ in part)):
                    break  # "a novel training framework", "benchmark datasets", "a watermarking method",
                    # "a network and training strategy"
                start = part[0][1]
                last = n == len(parts) - 1
                end = head_end if last else part[-1][1] + len(part[-1][0])
                name = text[start:end]
                if last and head_word.lower() in _BARE_HEADS:
                    name = text[start:head_start].rstrip()
                    if " " not in name:
                        break  # "a neurosymbolic approach", "a scanning method": one word names no method
                out.append(Candidate(start, end, name, kind, "cue:phrase", 3, 0.7, named=False,
                                     introduced="cue:phrase"))
    return out


def _dataset_of(text: str, start: int, end: int, head_start: int, head_word: str) -> list:
    """ "a dataset of 700 real tutoring conversations" -> "tutoring conversations dataset"."""
    from kg.candidates import Candidate

    match = re.match(r"(?:[\d,.]+[KMB]?\s+|more than\s+|over\s+|about\s+)*((?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*s)\b",
                     text[start:end])
    if not match:
        return []
    words = [w for w in match.group(1).split()
             if w.lower() not in _EVALUATIVE and not w.endswith("ly") and w.lower() != "available"][-2:]
    if not words:
        return []
    name = " ".join(words) + " " + head_word.lower()
    stop = start + match.end(1)
    return [Candidate(head_start, stop, name, "dataset", "cue:phrase", 3, 0.7, named=False,
                      introduced="cue:phrase")]
