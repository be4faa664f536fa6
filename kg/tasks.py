"""Task phrases: the research problems a paper addresses or evaluates.

Part of candidate finding (see :mod:`kg.candidates` and :mod:`kg.context`):
:mod:`kg.extract` calls these rules on plain :class:`~kg.candidates.Token`
tuples and :class:`~kg.candidates.Candidate` spans. They add task phrases
the general term rule misses and drop task phrases that are not used as a
task:

* :func:`from_titles`: a capitalised phrase of the title ending in a task
  head ("... for Tool Retrieval", "CXR Image Understanding and Generation");
* :func:`from_task_of`: what "the task of X" names ("we introduce the task
  of reasoning in the wild": the paper's own);
* :func:`extend_tasks`: a known task with a compound or acronym modifier
  before it is the longer task ("closed-book question answering");
* :func:`kg.task_lists.from_task_lists` (its own module): words listed with
  a task are tasks too ("logical reasoning, mathematics, and planning tasks");
* :func:`drop_misused`: a task phrase used as a modifier of another noun
  ("reasoning data", "retrieval paths") or a generic capability ("human
  reasoning", "language understanding") is not a task mention;
* :func:`link_variants`: a shortened form of the title's task phrase is the
  same task ("CXR understanding" for "CXR Image Understanding").

Nothing here imports spaCy.

Examples
--------
>>> is_task_head("Detection"), is_task_head("image-generation"), is_task_head("model")
(True, True, False)
>>> task_name(["LLM-Generated", "Text", "Detection"])
'LLM-generated text detection'
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.candidates import Candidate, Token
from kg.gazetteer import load_heads, load_words
from kg.lexicon import head_type, ignored, lookup

# Words that end a phrase or open one: never part of a task name.
FUNCTION_WORDS = frozenset(
    "a an the this that these those its their our your of for in on at by with to from and or but as via "
    "into onto over under than then also both each every any all some such is are was were be been being "
    "has have had do does did can could may might will would should must not no only even still just "
    "about across between through during after before while without within when where which who whose "
    "what how why because beyond like unlike including namely e.g. i.e. etc whether if so thus hence "
    "yet towards toward upon among against along around".split())
# Adjectives naming the field a task is done in, part of the task's name:
# "biomedical named entity recognition", "financial sentiment analysis".
DOMAIN_WORDS = frozenset(
    "biomedical clinical medical financial legal scientific commonsense multimodal multilingual "
    "cross-lingual crosslingual conversational open-domain multi-document abstractive extractive".split())
# Nouns after a list of tasks that name what the list is: "... and planning tasks".
CATEGORY_NOUNS = frozenset(
    "task tasks problem problems domain domains setting settings scenario scenarios application "
    "applications benchmark benchmarks ability abilities capability capabilities skill skills".split())
# A task phrase right before one of these modifies it: "reasoning data", "retrieval paths".
MODIFIED_NOUNS = frozenset(
    "data pairs paths patterns trajectory trajectories architecture architectures module modules "
    "quality action actions technique techniques corpus corpora samples examples step steps "
    "probabilities process processes traces".split())
# Modifiers that say how good or how broad, not which task: "optimal reasoning", "human reasoning".
_GENERIC = frozenset(
    "language text human contextual content optimal necessary complete atomic passive neural formal "
    "fine-grained coarse-grained high-quality low-quality real-world large-scale small-scale "
    "state-of-the-art well-known task-specific domain-specific general-purpose human-like human-level "
    "representative high-performance pre-defined predefined hand-crafted well-designed zero-shot few-shot "
    "one-shot open-ended long-horizon so-called end-to-end cross-domain in-domain out-of-domain step-by-step "
    "model-based llm-based data-driven high-level low-level well-defined light-weight lightweight ultra-long "
    "one-pass conceptual semantic structured correct student context context-aware".split())
_TITLE_WORD = re.compile(r"^(?:[A-Z][a-z]+|[A-Z0-9]{2,6}s?|[0-9][A-Za-z]|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+)$")
# Words that say how good or how general a study is, trimmed from a title's task phrase.
_VAGUE = frozenset("fast practical comparative empirical systematic preliminary unified holistic representative "
                   "real-world large-scale state-of-the-art zero-shot few-shot one-shot".split())
# Task heads that name a task on their own: "Unlearning for LLMs".
SPECIFIC_HEADS = frozenset("unlearning forecasting summarization translation navigation captioning grading "
                            "parsing tagging super-resolution inpainting denoising tracking decision-making".split())
# Nouns after a phrase that say it is evaluated as a task: "language understanding benchmarks".
_EVALUATED = frozenset("task tasks problem problems benchmark benchmarks".split())
# Heads so broad that a generic modifier leaves a capability, not a task: "human reasoning".
_BROAD_HEADS = frozenset("understanding reasoning generation comprehension decision-making problem-solving "
                         "ranking retrieval extraction".split())
# Title words that end a task phrase: the model it is about, or how a method works.
_MODEL_WORDS = frozenset("model models llm llms lm lms transformer transformers network networks".split())
_METHOD_SUFFIXES = ("-driven", "-based", "-powered", "-guided", "-enhanced", "-augmented", "-assisted",
                    "-aware", "-free", "-tuned", "-finetuned", "-trained", "-efficient")


@lru_cache(maxsize=1)
def _task_heads() -> frozenset[str]:
    return frozenset(word for word, uses in load_heads().items() if "task" in uses.values())


def is_task_head(word: str) -> bool:
    """Is ``word`` the head of a task phrase: "detection", "Understanding", "text-generation"?"""
    low = word.lower()
    heads = _task_heads()
    if low in heads or (low.endswith("s") and low[:-1] in heads):
        return True
    last = low.rsplit("-", 1)[-1]
    return "-" in low and last in heads and last not in ("solving", "making", "following")


def task_name(words: list[str]) -> str:
    """A task name from title words: capitalised words lower-cased, acronyms kept."""
    out = []
    for word in words:
        parts = word.split("-")
        out.append("-".join(p.lower() if p[:1].isupper() and p[1:].islower() else p for p in parts))
    return " ".join(out)


def is_generic(word: str) -> bool:
    """Does ``word`` say how good or how broad rather than which task ("human", "optimal")?"""
    low = word.lower()
    return low in _GENERIC or low in load_words("modifiers.tsv")


def _title_modifier(word: str, previous: str) -> bool:
    """Can a title word modify a task head: "Tool", "CXR", "LLM-Generated" yes; "Improving", "for" no?"""
    low = word.lower()
    if not _TITLE_WORD.match(word) or low in FUNCTION_WORDS or low in load_words("modifiers.tsv") \
            or low in _MODEL_WORDS or "-of-" in low or low.endswith(_METHOD_SUFFIXES):
        return False
    if "-" not in word and low.endswith(("ing", "ed")) and not _TITLE_WORD.match(previous):
        return False  # "Improving Tool Retrieval": a verb, not part of the name
    known = lookup(word)
    if known and known.type != "task":
        return False  # "BERT Reasoning": a name, not a kind of task
    return "-" in word or not ignored(word)


def from_titles(text: str, tokens: list[Token]) -> list[Candidate]:
    """Capitalised task phrases of the title: "Improving Tool Retrieval by ..." -> "tool retrieval".

    Examples
    --------
    >>> title = "LLM-X: Instruction Tuning for CXR Image Understanding and Generation"
    >>> words = [(m.group(0), m.start()) for m in re.finditer(r"[\\w-]+|[^\\w\\s]", title)]
    >>> [c.text for c in from_titles(title, [Token(w, s, 0) for w, s in words])]
    ['CXR image understanding', 'CXR image generation']
    """
    title = [t for t in tokens if t.sent == 0]
    out = []
    for k, token in enumerate(title):
        if not (is_task_head(token.text) and token.text[:1].isupper()):
            continue
        after = title[k + 1].text if k + 1 < len(title) else ""
        i = k
        while i > 0 and k - i < 3 and _title_modifier(title[i - 1].text, title[i - 2].text if i > 1 else ""):
            i -= 1
        if i > 0 and title[i - 1].text.lower() in ("and", "or", "&"):
            continue  # the second half of "Storage and Extraction"
        while i < k and (title[i].text.lower() in _VAGUE or title[i].text.lower() in load_words("modifiers.tsv")):
            i += 1  # "Practical Unlearning", "Efficient Tool Retrieval": the kind of task starts after
        if i == k and token.text.lower() in SPECIFIC_HEADS and (k == 0 or not _TITLE_WORD.match(title[k - 1].text)
                                                              or title[k - 1].text.lower() in _VAGUE | _MODEL_WORDS) \
                and not (after and _TITLE_WORD.match(after) and after.lower() not in FUNCTION_WORDS):
            out.append(Candidate(token.start, token.end, token.text.lower(), "task", "title:task", 2, 0.6,
                                 named=False))  # "Practical Unlearning for ...": the head alone says it
            continue
        if i == k or re.search(r"[^su]s$", title[k - 1].text):
            continue  # "Pretraining Drives Reasoning": a verb before the head
        modifiers = [t.text for t in title[i:k]]
        following = title[k + 2].text if k + 2 < len(title) else ""
        if after.lower() in ("and", "or", "&") and _TITLE_WORD.match(following):
            if not is_task_head(following):
                continue  # "Analysis and Research Transformer": the phrase goes on
            if k + 3 == len(title) or not _TITLE_WORD.match(title[k + 3].text) \
                    or title[k + 3].text.lower() in CATEGORY_NOUNS:
                second = title[k + 2]
                out.append(Candidate(title[i].start, token.end, task_name(modifiers + [token.text]), "task",
                                     "title:task", 2, 0.6, named=False))
                # Its span is the second head alone, so that select() keeps both.
                out.append(Candidate(second.start, second.end, task_name(modifiers + [second.text]), "task",
                                     "title:task", 2, 0.6, named=False))
                continue
        elif after and _TITLE_WORD.match(after) and after.lower() not in CATEGORY_NOUNS | FUNCTION_WORDS:
            continue  # the phrase goes on: "Reasoning Trajectories Search"
        # Longer than a known task inside it ("Multi-Person Pose Estimation"), and the same thing
        # as that task where the abstract names it: linked, so that the two are one mention.
        inner = next((t for j in range(i + 1, k + 1)
                      if (t := lookup(task_name([w.text for w in title[j:k + 1]]))) and t.type == "task"), None)
        out.append(Candidate(title[i].start, token.end, task_name(modifiers + [token.text]), "task",
                             "title:task", 3, 0.6, named=False, link=inner.name if inner else ""))
    return out + _for_activity(text, title)


_FOR = re.compile(r"\b(?:[Ff]or|[Tt]owards?|Improv(?:e|es|ing)|Benchmarking|Investigating|Mitigating|Enhancing|"
                  r"Evaluating|Boosting)\s+((?:[A-Z][\w-]*\s){1,2}[A-Z][\w-]*(?:ion|ing|ment|ness)s?)"
                  r"(?=$|[\s:?,](?:$|via|with|by|in|on|of|through|using|from|and|:|\?)?)")


def _for_activity(text: str, title: list[Token]) -> list[Candidate]:
    """ "... for Conversational Recommendation": a title's goal named by an activity noun."""
    if not title:
        return []
    match = _FOR.search(text, title[0].start, title[-1].end)
    if not match or is_task_head(match.group(1).split()[-1]):
        return []  # task heads are found by from_titles itself
    words = match.group(1).split()
    known = lookup(match.group(1))
    if (known and known.type != "task") or not all(_title_modifier(w, "X") for w in words[:-1]) \
            or head_type(words[-1]) == "method" or words[-1].lower() in ("imaging", "modeling", "modelling"):
        return []
    return [Candidate(match.start(1), match.end(1), task_name(words), "task", "title:task", 2, 0.55,
                      named=False)]


def _modifier_before(tokens: list[Token], i: int) -> int:
    """Where a compound or acronym modifier before token ``i`` starts ("closed-book", "STEM"), or -1."""
    if i == 0 or tokens[i - 1].sent != tokens[i].sent or tokens[i - 1].end + 1 != tokens[i].start:
        return -1
    m = i - 1
    if tokens[m].text.startswith("-") and m > 0 and tokens[m - 1].end == tokens[m].start:
        m -= 1  # "image" "-based": the tokenizer splits a glued suffix off
    word = "".join(t.text for t in tokens[m:i])
    if word.lower() in DOMAIN_WORDS:
        return m
    if word.lower() in FUNCTION_WORDS or is_generic(word) or lookup(word) or word.startswith("non-") \
            or ("-" not in word and ignored(word)) or ignored(word.split("-")[0]):
        return -1
    if re.fullmatch(r"[a-z]+(?:-[a-z]+)+", word):
        return m  # "closed-book", "text-based", "information-asymmetric"
    if re.fullmatch(r"[A-Z]{2,5}", word) and not (m > 0 and tokens[m - 1].text[:1].isupper()
                                                  and tokens[m - 1].sent == tokens[m].sent):
        return m  # "STEM", "CXR" (but "MS COCO" is a name of its own)
    return -1


# Words that end the phrase after "the task of": a clause, a means, the paper itself ("in this paper").
_TASK_END = (r"(?:that|which|where|whose|while|when|using|by|via|to|as|is|are|and|or|for|based|given|from|with|"
             r"on|over|in\s+(?:this|our|the\s+present))")
_TASK_OF = re.compile(
    r"\b(?:the|a|an)\s+(?:new\s+|novel\s+|challenging\s+)?task\s+of\s+"
    rf"((?:(?!{_TASK_END}\b)[\w-]+\s*){{1,8}}?)(?=\s*(?:[,;:.()]|$)|\s+{_TASK_END}\b)")
_GOAL_VERBS = frozenset("improving enhancing increasing reducing boosting mitigating addressing".split())
_MADE_TASK = re.compile(r"\b(?:we|this (?:paper|work))\s+(?:\w+ly\s+)?(?:introduce|propose|present|define|formulate)s?\s+"
                        r"(?:a\s+(?:new|novel)\s+|the\s+(?:new\s+|novel\s+)?)task\s+of\s+$", re.IGNORECASE)


# "we formulate X as a new task": X is the paper's task.
_AS_NEW_TASK = re.compile(r"\b(?:formulate|cast|frame|define|introduce|propose|present)s?\s+"
                          r"((?:(?!(?:the|a|an|this|it|them|our)\b)[\w-]+\s+){1,6}?)as\s+(?:a\s+)?(?:new|novel)\s+"
                          r"(?:\w+\s+)?(?:task|problem)\b", re.IGNORECASE)


def _capitalised(words: list[str]) -> bool:
    """Is every word but the function words capitalised ("Multi-Zorb Planning", a name)?"""
    return all(w[:1].isupper() for w in words if w.lower() not in FUNCTION_WORDS)


def from_task_of(text: str, sentences: list[tuple[int, int]]) -> list[Candidate]:
    """What "the task of X" names: "the task of generating questions for medical exams".

    The phrase ends at punctuation or at a clause word ("that", "using");
    "we introduce the task of X" and "we formulate X as a new task" make it
    the paper's own.

    Examples
    --------
    >>> text = "We introduce the task of reasoning in the wild, where models face mixed inputs."
    >>> [(c.text, c.type, c.introduced) for c in from_task_of(text, [(0, len(text))])]
    [('reasoning in the wild', 'task', 'cue:before')]
    >>> text = "We formulate Multi-Zorb Planning as a new task."
    >>> [(c.text, c.named, c.introduced) for c in from_task_of(text, [(0, len(text))])]
    [('Multi-Zorb Planning', True, 'cue:before')]
    """
    out = []
    for s_start, s_end in sentences:
        for match in _AS_NEW_TASK.finditer(text, s_start, s_end):
            phrase = match.group(1).strip()
            if ignored(phrase) or (known := lookup(phrase)) and not known.named:
                continue  # "we cast summarization as a new task": a known task is nobody's new one
            named = _capitalised(phrase.split())
            out.append(Candidate(match.start(1), match.start(1) + len(phrase), phrase, "task", "cue:task", 3, 0.7,
                                 named=named, introduced="cue:before"))
        for match in _TASK_OF.finditer(text, s_start, s_end):
            phrase = match.group(1).strip()
            words = phrase.split()
            if len(words) < 2 and not lookup(phrase) or ignored(phrase) or words[0].lower() in FUNCTION_WORDS \
                    or words[0].lower() in _GOAL_VERBS:
                continue  # "the task of summarization" is found as the known task; "of improving X" is a goal
            start = match.start(1)
            made = _MADE_TASK.search(text, s_start, start) is not None
            named = _capitalised(words)
            out.append(Candidate(start, start + len(phrase), phrase, "task", "cue:task", 3, 0.65, named=named,
                                 introduced="cue:before" if made else ""))
    return out


def extend_tasks(text: str, tokens: list[Token], candidates: list[Candidate]) -> list[Candidate]:
    """A task with a compound or acronym modifier before it: "closed-book question-answering"."""
    by_start = {t.start: n for n, t in enumerate(tokens)}
    found = set()
    for cand in candidates:
        if cand.type == "task" and cand.rule in ("gazetteer", "term") and cand.start in by_start:
            i = by_start[cand.start]
            m = _modifier_before(tokens, i)
            if m >= 0:
                found.add((tokens[m].start, cand.end))
            elif cand.rule == "term" and i + 1 < len(tokens) and _modifier_before(tokens, i + 1) == i:
                found.add((cand.start, cand.end))  # "STEM reasoning" over the name-shaped "STEM"
            elif i > 0 and tokens[i - 1].text.lower() == "common" and tokens[i].text.lower() == "sense":
                found.add((tokens[i - 1].start, cand.end))  # "common sense reasoning"
    # A hyphenated head the term rule does not split: "text-based image-generation".
    for k, token in enumerate(tokens):
        if "-" in token.text and token.text.islower() and is_task_head(token.text):
            m = _modifier_before(tokens, k)
            if m >= 0:
                found.add((tokens[m].start, token.end))
    out = [Candidate(start, end, text[start:end], "task", "term:task", 3, 0.55, named=False)
           for start, end in sorted(found)]
    # "LLM unlearning", "large language model (LLM) unlearning": the model class says which task.
    for k, token in enumerate(tokens[:-1]):
        nxt = tokens[k + 1] if token.text != "LLM" or tokens[k + 1].text != ")" else tokens[min(k + 2, len(tokens) - 1)]
        if token.text in ("LLM", "LLMs") and nxt.text.lower() in SPECIFIC_HEADS and nxt.sent == token.sent:
            out.append(Candidate(token.start, nxt.end, f"LLM {nxt.text.lower()}", "task", "term:task", 3, 0.55,
                                 named=False))
    return out


def _loose_key(phrase: str) -> tuple[str, ...]:
    """Words cut to five letters, "QA" spelled out: "Multiple-Choice QA" ~ "multi-choice question answering"."""
    words = re.findall(r"[a-z0-9]+", phrase.lower().replace("qa", " question answering"))
    return tuple(sorted(w[:5] for w in words))


def drop_misused(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Leave out task phrases used as a modifier ("reasoning data") or generic ("human reasoning").

    A title phrase spelled a little differently in the abstract ("Mathematics Reasoning",
    "mathematical reasoning") is linked to it, so that the two are one mention.
    """
    loose = {_loose_key(c.text): c.text for c in candidates if c.type == "task" and c.rule != "title:task"}
    for cand in candidates:
        if cand.rule == "title:task" and not cand.link:
            cand.link = loose.get(_loose_key(cand.text), "")
    out = []
    for cand in candidates:
        if cand.type == "task" and not cand.rule.startswith("acronym"):
            after = re.match(r"\s+([\w-]+)", text[cand.end:cand.end + 40])
            if after and after.group(1).lower() in MODIFIED_NOUNS:
                continue
            words = cand.text.lower().split()
            if cand.rule == "term" and len(words) > 1 and is_generic(words[0]) and words[-1] in _BROAD_HEADS \
                    and not (after and after.group(1).lower() in _EVALUATED) \
                    and not re.search(r"\b(?:for|on)\s+$", text[max(0, cand.start - 5):cand.start]):
                continue
        out.append(cand)
    return out


def link_variants(chosen: list[Candidate]) -> None:
    """Link a shortened task phrase to the title's: "CXR understanding" is "CXR Image Understanding".

    The shorter phrase keeps the first and the last word of the title's and
    leaves out words in between; the two become one mention.
    """
    titled = [c for c in chosen if c.rule == "title:task"]
    for cand in chosen:
        if cand.type != "task" or cand.rule == "title:task" or cand.link:
            continue
        words = cand.text.lower().split()
        for title in titled:
            long = title.text.lower().split()
            if len(long) > len(words) >= 2 and long[0] == words[0] and long[-1] == words[-1] \
                    and set(words) <= set(long):
                cand.link = title.text
                break
