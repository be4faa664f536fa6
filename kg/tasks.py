"""Task phrases: the research problems a paper addresses or evaluates.

Part of candidate finding (see :mod:`kg.candidates` and :mod:`kg.context`):
:mod:`kg.extract` calls these rules on plain :class:`~kg.candidates.Token`
tuples and :class:`~kg.candidates.Candidate` spans. They add task phrases
the general term rule misses and drop task phrases that are not used as a
task:

* :func:`from_titles`: a capitalised phrase of the title ending in a task
  head ("... for Tool Retrieval", "CXR Image Understanding and Generation");
* :func:`extend_tasks`: a known task with a compound or acronym modifier
  before it is the longer task ("closed-book question answering");
* :func:`from_task_lists`: words listed with a task are tasks too
  ("logical reasoning, mathematics, and planning tasks"), sharing a head or
  a modifier ("CXR understanding and generation");
* :func:`drop_misused`: a task phrase used as a modifier of another noun
  ("reasoning data", "retrieval paths") or a generic capability ("human
  reasoning", "language understanding") is not a task mention.

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

from kg.candidates import Candidate, Token, head_type, ignored, lookup
from kg.gazetteer import load_heads, load_words

# Words that end a phrase or open one: never part of a task name.
_FUNCTION = frozenset(
    "a an the this that these those its their our your of for in on at by with to from and or but as via "
    "into onto over under than then also both each every any all some such is are was were be been being "
    "has have had do does did can could may might will would should must not no only even still just "
    "about across between through during after before while without within when where which who whose "
    "what how why because beyond like unlike including namely e.g. i.e. etc whether if so thus hence "
    "yet towards toward upon among against along around".split())
# Nouns after a list of tasks that name what the list is: "... and planning tasks".
_CATEGORY = frozenset(
    "task tasks problem problems domain domains setting settings scenario scenarios application "
    "applications benchmark benchmarks ability abilities capability capabilities skill skills".split())
# A task phrase right before one of these modifies it: "reasoning data", "retrieval paths".
_MODIFIED = frozenset(
    "data pairs paths patterns trajectory trajectories architecture architectures module modules "
    "quality action actions technique techniques corpus corpora samples examples".split())
# Modifiers that say how good or how broad, not which task: "optimal reasoning", "human reasoning".
_GENERIC = frozenset(
    "language text human contextual content optimal necessary complete atomic passive neural formal "
    "fine-grained coarse-grained high-quality low-quality real-world large-scale small-scale "
    "state-of-the-art well-known task-specific domain-specific general-purpose human-like human-level "
    "representative zero-shot few-shot one-shot open-ended long-horizon so-called end-to-end cross-domain "
    "in-domain out-of-domain step-by-step model-based llm-based data-driven".split())
_ADJECTIVE_END = ("al", "ic", "ive", "ous", "-free", "-based", "-level", "-like", "-aware", "-specific",
                  "-only")
_LIST_SEPARATORS = ((",", "and"), (",", "or"), (",",), ("and",), ("or",))
_WORD = re.compile(r"^(?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*|[A-Z0-9]{2,5}|[0-9][A-Za-z])$")
_TITLE_WORD = re.compile(r"^(?:[A-Z][a-z]+|[A-Z0-9]{2,6}s?|[0-9][A-Za-z]|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+)$")
_MAX_MEMBER = 4
# Heads so broad that a generic modifier leaves a capability, not a task: "human reasoning".
# Words that say how good or how general a study is, trimmed from a title's task phrase.
_VAGUE = frozenset("fast practical comparative empirical systematic preliminary unified holistic representative "
                   "real-world large-scale state-of-the-art".split())
_BROAD_HEADS = frozenset("understanding reasoning generation comprehension decision-making problem-solving "
                         "ranking retrieval extraction".split())
_ACTIVITY_ENDS = ("ion", "ing", "ment", "sis", "ness", "ance", "ence", "ics", "ity", "ogy")
# Words that may follow (or precede) a noun phrase in a list: a preposition, not "to" or "its".
_AFTER_NOUN = frozenset("and or in on for with under across over from via without as at".split())
_BEFORE_NOUN = frozenset("and or in on for with under across over from via without as at of such including "
                         "like both between among namely e.g. i.e.".split())
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


def _generic(word: str) -> bool:
    low = word.lower()
    return low in _GENERIC or low in load_words("modifiers.tsv")


def _title_modifier(word: str, previous: str) -> bool:
    """Can a title word modify a task head: "Tool", "CXR", "LLM-Generated" yes; "Improving", "for" no?"""
    low = word.lower()
    if not _TITLE_WORD.match(word) or low in _FUNCTION or low in load_words("modifiers.tsv") \
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
        if i == k or re.search(r"[^su]s$", title[k - 1].text):
            continue  # "Pretraining Drives Reasoning": a verb before the head
        modifiers = [t.text for t in title[i:k]]
        following = title[k + 2].text if k + 2 < len(title) else ""
        if after.lower() in ("and", "or", "&") and _TITLE_WORD.match(following):
            if not is_task_head(following):
                continue  # "Analysis and Research Transformer": the phrase goes on
            if k + 3 == len(title) or not _TITLE_WORD.match(title[k + 3].text) \
                    or title[k + 3].text.lower() in _CATEGORY:
                second = title[k + 2]
                out.append(Candidate(title[i].start, token.end, task_name(modifiers + [token.text]), "task",
                                     "title:task", 2, 0.6, named=False))
                # Its span is the second head alone, so that select() keeps both.
                out.append(Candidate(second.start, second.end, task_name(modifiers + [second.text]), "task",
                                     "title:task", 2, 0.6, named=False))
                continue
        elif after and _TITLE_WORD.match(after) and after.lower() not in _CATEGORY | _FUNCTION:
            continue  # the phrase goes on: "Reasoning Trajectories Search"
        # Longer than a known task inside it ("Multi-Person Pose Estimation"), and the same thing
        # as that task where the abstract names it: linked, so that the two are one mention.
        inner = next((t for j in range(i + 1, k + 1)
                      if (t := lookup(task_name([w.text for w in title[j:k + 1]]))) and t.type == "task"), None)
        out.append(Candidate(title[i].start, token.end, task_name(modifiers + [token.text]), "task",
                             "title:task", 3, 0.6, named=False, link=inner.name if inner else ""))
    return out


def _modifier_before(tokens: list[Token], i: int) -> int:
    """Where a compound or acronym modifier before token ``i`` starts ("closed-book", "STEM"), or -1."""
    if i == 0 or tokens[i - 1].sent != tokens[i].sent or tokens[i - 1].end + 1 != tokens[i].start:
        return -1
    m = i - 1
    if tokens[m].text.startswith("-") and m > 0 and tokens[m - 1].end == tokens[m].start:
        m -= 1  # "image" "-based": the tokenizer splits a glued suffix off
    word = "".join(t.text for t in tokens[m:i])
    if word.lower() in _FUNCTION or _generic(word) or lookup(word) \
            or ("-" not in word and ignored(word)) or ignored(word.split("-")[0]):
        return -1
    if re.fullmatch(r"[a-z]+(?:-[a-z]+)+", word):
        return m  # "closed-book", "text-based", "information-asymmetric"
    if re.fullmatch(r"[A-Z]{2,5}", word) and not (m > 0 and tokens[m - 1].text[:1].isupper()
                                                  and tokens[m - 1].sent == tokens[m].sent):
        return m  # "STEM", "CXR" (but "MS COCO" is a name of its own)
    return -1


def extend_tasks(text: str, tokens: list[Token], candidates: list[Candidate]) -> list[Candidate]:
    """A task with a compound or acronym modifier before it: "closed-book question-answering"."""
    by_start = {t.start: n for n, t in enumerate(tokens)}
    found = set()
    for cand in candidates:
        if cand.type == "task" and cand.rule in ("gazetteer", "term") and cand.start in by_start:
            m = _modifier_before(tokens, by_start[cand.start])
            if m >= 0:
                found.add((tokens[m].start, cand.end))
    # A hyphenated head the term rule does not split: "text-based image-generation".
    for k, token in enumerate(tokens):
        if "-" in token.text and token.text.islower() and is_task_head(token.text):
            m = _modifier_before(tokens, k)
            if m >= 0:
                found.add((tokens[m].start, token.end))
    return [Candidate(start, end, text[start:end], "task", "term:task", 3, 0.55, named=False)
            for start, end in sorted(found)]


def _member_word(word: str) -> bool:
    return bool(_WORD.match(word)) and word.lower() not in _FUNCTION and not ignored(word)


def _is_adjective(word: str) -> bool:
    """Shaped like an adjective: "mathematical", "context-free" (but "retrieval" is a noun)."""
    return word.endswith(_ADJECTIVE_END) and not word.endswith("val")


def _separator(tokens: list[Token], k: int, step: int) -> int:
    """Index of the member after a list separator next to token ``k`` (going ``step``), or -1."""
    for sep in _LIST_SEPARATORS:
        seq = sep if step == 1 else tuple(reversed(sep))
        j = k + step
        ok = True
        for word in seq:
            if not (0 <= j < len(tokens)) or tokens[j].text.lower() != word or tokens[j].sent != tokens[k].sent:
                ok = False
                break
            j += step
        if ok and 0 <= j < len(tokens) and tokens[j].sent == tokens[k].sent:
            return j
    return -1


def _ends_list(tokens: list[Token], n: int) -> bool:
    """Is token ``n`` a noun that names the list ("... and planning tasks.", not "domain knowledge")?"""
    if tokens[n].text.lower() not in _CATEGORY:
        return False
    nxt = tokens[n + 1].text if n + 1 < len(tokens) and tokens[n + 1].sent == tokens[n].sent else "."
    return not nxt[:1].isalnum() or nxt.lower() in _FUNCTION


def _member(tokens: list[Token], j: int, step: int) -> tuple[int, int] | None:
    """The list member that starts (step 1) or ends (step -1) at token ``j``: ``(first, last)`` or None."""
    words = []
    n = j
    while 0 <= n < len(tokens) and tokens[n].sent == tokens[j].sent and len(words) < _MAX_MEMBER \
            and _member_word(tokens[n].text) and not _ends_list(tokens, n):
        words.append(n)
        n += step
    if not words:
        return None
    first, last = min(words), max(words)
    # What ends the member must end a noun phrase: punctuation, "and", "tasks", "in" (but not "to", "its").
    if 0 <= n < len(tokens) and tokens[n].sent == tokens[j].sent:
        boundary = tokens[n].text.lower()
        ends = _CATEGORY | _AFTER_NOUN if step == 1 else _BEFORE_NOUN
        if (boundary[:1].isalnum() and boundary not in ends) or boundary.startswith("-"):
            return None  # "-aware": the word goes on
    if tokens[first].text.lower() in load_words("modifiers.tsv") or tokens[last].text.lower() in _CATEGORY | _MODIFIED:
        return None
    if any(t.text.endswith("ly") for t in tokens[first:last + 1]):
        return None  # "carefully crafted questions"
    if tokens[first].text.endswith("ing") and last > first and not is_task_head(tokens[last].text):
        return None  # "generating medical images": a verb with its object
    return first, last


def _activity(word: str) -> bool:
    """Does ``word`` name an activity or problem: "planning", "mathematics", "dialogue", "laziness"?"""
    low = word.lower()
    if low.endswith("s") and not low.endswith(("ss", "ics", "sis")):
        low = low[:-1]
    return is_task_head(low) or low.endswith(_ACTIVITY_ENDS) or low in _task_last_words()


@lru_cache(maxsize=1)
def _task_last_words() -> frozenset[str]:
    """The last words of the task gazetteer's entries: "dialogue", "games", "teaming"."""
    from kg.gazetteer import load_terms

    return frozenset(t.name.lower().split()[-1].rstrip("s") for t in load_terms()
                     if t.type == "task" and t.name.islower() and not t.name.endswith("agents"))


def from_task_lists(text: str, tokens: list[Token], chosen: list[Candidate]) -> list[Candidate]:
    """Phrases listed with a task are tasks: "across logical reasoning, mathematics, and planning tasks".

    Examples
    --------
    >>> text = "We test on logical reasoning, mathematics, and planning tasks."
    >>> tokens = [Token(m.group(0), m.start(), 0) for m in re.finditer(r"[\\w-]+|[^\\w\\s]", text)]
    >>> seed = Candidate(11, 28, "logical reasoning", "task", "gazetteer", 3, 0.9, named=False)
    >>> [c.text for c in from_task_lists(text, tokens, [seed])]
    ['mathematics', 'planning']
    """
    by_start = {t.start: n for n, t in enumerate(tokens)}
    by_end = {t.end: n for n, t in enumerate(tokens)}
    covered = {}
    for cand in chosen:
        for n in range(by_start.get(cand.start, -1), by_end.get(cand.end, -2) + 1):
            covered[n] = cand
    out = []
    seeds = [c for c in chosen if c.type == "task" and c.start in by_start and c.end in by_end]
    for seed in seeds:
        first, last = by_start[seed.start], by_end[seed.end]
        for step in (1, -1):
            k = last if step == 1 else first
            while True:
                j = _separator(tokens, k, step)
                if j < 0:
                    break
                if j in covered:
                    other = covered[j]
                    k = (by_end.get(other.end, -1) if step == 1 else by_start.get(other.start, -1)) \
                        if other.type == "task" else -1
                    if k < 0:
                        break
                    continue
                span = _member(tokens, j, step)
                if span is None or any(n in covered for n in range(span[0], span[1] + 1)):
                    break
                a, b = span
                name = _shared_name(text, tokens, seed, a, b, step)
                if not name:
                    break
                out.append(Candidate(tokens[a].start, tokens[b].end, name, "task", "list:task", 1, 0.5,
                                     named=False))
                for n in range(a, b + 1):
                    covered[n] = out[-1]
                k = b if step == 1 else a
    return out


def _shared_name(text: str, tokens: list[Token], seed: Candidate, a: int, b: int, step: int) -> str:
    """The name of a list member, with the head or modifier it shares with the seed, or ""."""
    words = [t.text for t in tokens[a:b + 1]]
    member = text[tokens[a].start:tokens[b].end]
    seed_words = seed.text.split()
    if head_type(words[-1]) == "method":
        return ""  # "metric learning", "network embedding": a method
    if len(words) > 1:
        return member if _activity(words[-1]) else ""  # not "long-term memory", "academic exams"
    word = words[0]
    gap = text[tokens[b].end:seed.start] if step == -1 else text[seed.end:tokens[a].start]
    coordinated = gap.strip() in ("and", "or")
    if step == 1 and coordinated and len(seed_words) > 1:
        if is_task_head(word) and not lookup(seed.text):
            return " ".join(seed_words[:-1] + [word])  # "CXR understanding and generation"
        return ""  # "task planning and execution": "execution" of what is not said
    if step == -1 and (_is_adjective(word) or not _activity(word)):
        between = [w for w in re.findall(r"[\w-]+", gap) if w not in ("and", "or")]
        if len(seed_words) > 1 and re.search(r"\b(?:and|or)\b", gap) and not _generic(word) \
                and not any(_activity(w) for w in between):
            return " ".join([word] + seed_words[1:])  # "mathematical and common sense reasoning"
        return ""  # "agentic, multi-step reasoning": one phrase
    if word.isupper() or _is_adjective(word) or is_task_head(word) or not _activity(word):
        return ""  # "QA", "visual", "reasoning" alone name no task
    return member


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
            if after and after.group(1).lower() in _MODIFIED:
                continue
            words = cand.text.lower().split()
            if cand.rule == "term" and len(words) > 1 and _generic(words[0]) and words[-1] in _BROAD_HEADS \
                    and not (after and after.group(1).lower() in _CATEGORY):
                continue
        out.append(cand)
    return out
