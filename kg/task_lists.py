"""Lists of tasks: what is listed with a task is a task too.

Part of task finding (see :mod:`kg.tasks`): :mod:`kg.extract` hands
:func:`from_task_lists` the chosen candidates; a phrase joined to a task by
a list separator ("logical reasoning, mathematics, and planning tasks") is
proposed as a task, sharing a coordinated head or modifier where one word
stands alone ("CXR understanding and generation", "mathematical and common
sense reasoning"). A member must end a noun phrase and name an activity or
problem, not a thing ("long-term memory") or a verb ("address these").
Nothing here imports spaCy.

Examples
--------
>>> _activity("planning"), _activity("mathematics"), _activity("dialogue"), _activity("memory")
(True, True, True, False)
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.candidates import Candidate, Token
from kg.gazetteer import load_words
from kg.lexicon import head_type, ignored, lookup
from kg.tasks import CATEGORY_NOUNS, FUNCTION_WORDS, MODIFIED_NOUNS, SPECIFIC_HEADS, is_generic, is_task_head

_ADJECTIVE_END = ("al", "ic", "ive", "ous", "-free", "-based", "-level", "-like", "-aware", "-specific",
                  "-only")
_LIST_SEPARATORS = ((",", "and"), (",", "or"), (",",), ("and",), ("or",))
_WORD = re.compile(r"^(?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*|[A-Z0-9]{2,5}|[0-9][A-Za-z])$")
_MAX_MEMBER = 4
# Activities too general to be a task alone: "evaluation", "reasoning tasks".
_BARE_ACTIVITY = frozenset("evaluation analysis training inference testing deployment optimization research "
                           "implementation development design selection execution prediction processing "
                           "interpretation communication interaction representation computation performance "
                           "understanding reasoning generation learning classification comprehension "
                           "completion construction embedding modeling modelling activation verification "
                           "decision-making problem-solving planning recognition detection".split())
_ACTIVITY_ENDS = ("ion", "ing", "ment", "sis", "ness", "ance", "ence", "ics", "ity", "ogy")
# Words that may follow (or precede) a noun phrase in a list: a preposition, not "to" or "its".
_AFTER_NOUN = frozenset("and or in on for with under across over from via without as at".split())
_BEFORE_NOUN = frozenset("and or in on for with under across over from via without as at of such including "
                         "like both between among namely e.g. i.e.".split())


def _member_word(word: str) -> bool:
    return bool(_WORD.match(word)) and word.lower() not in FUNCTION_WORDS and not ignored(word)


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
    if tokens[n].text.lower() not in CATEGORY_NOUNS:
        return False
    nxt = tokens[n + 1].text if n + 1 < len(tokens) and tokens[n + 1].sent == tokens[n].sent else "."
    return not nxt[:1].isalnum() or nxt.lower() in FUNCTION_WORDS


def _member(tokens: list[Token], j: int, step: int) -> tuple[int, int] | None:
    """The list member that starts (step 1) or ends (step -1) at token ``j``: ``(first, last)`` or None."""
    span = _whole_member(tokens, j, step)
    if span is None and step == -1 and _is_adjective(tokens[j].text) and _member_word(tokens[j].text) \
            and tokens[j].text.lower() not in load_words("modifiers.tsv"):
        return j, j  # "when performing logical and ...": the adjective alone shares the seed's head
    return span


def _whole_member(tokens: list[Token], j: int, step: int) -> tuple[int, int] | None:
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
        ends = CATEGORY_NOUNS | _AFTER_NOUN if step == 1 else _BEFORE_NOUN
        if (boundary[:1].isalnum() and boundary not in ends) or boundary.startswith("-"):
            return None  # "-aware": the word goes on
    if tokens[first].text.lower() in load_words("modifiers.tsv") or tokens[last].text.lower() in CATEGORY_NOUNS | MODIFIED_NOUNS:
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
    return is_task_head(low) or (low.endswith(_ACTIVITY_ENDS) and not low.endswith("ument")) \
        or low in _task_last_words()


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
    out = _opened_by_tasks(text, tokens, by_start, covered)
    seeds = [c for c in chosen + out if c.type == "task" and c.start in by_start and c.end in by_end]
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


# "tasks such as", "tasks, including", "tasks that include": what follows is a list of tasks.
_TASKS_SUCH_AS = re.compile(r"\btasks,?\s+(?:such\s+as|like|including|that\s+include|e\.g\.,?)\s+")


def _opened_by_tasks(text: str, tokens: list[Token], by_start: dict[int, int],
                     covered: dict[int, Candidate]) -> list[Candidate]:
    """The first member of a list that "tasks such as" opens, where no rule found it: "teaching"."""
    out = []
    for match in _TASKS_SUCH_AS.finditer(text):
        j = by_start.get(match.end())
        if j is None or j in covered:
            continue
        span = _whole_member(tokens, j, 1)
        if span is None or any(n in covered for n in range(span[0], span[1] + 1)):
            continue
        a, b = span
        words = [t.text for t in tokens[a:b + 1]]
        if not _activity(words[-1]) or head_type(words[-1]) == "method" or _is_adjective(words[-1]) \
                or (len(words) == 1 and (words[0].isupper() or words[0].lower() in _BARE_ACTIVITY)):
            continue
        out.append(Candidate(tokens[a].start, tokens[b].end, text[tokens[a].start:tokens[b].end], "task",
                             "list:task", 1, 0.5, named=False))
        for n in range(a, b + 1):
            covered[n] = out[-1]
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
        if len(seed_words) > 1 and re.search(r"\b(?:and|or)\b", gap) and not is_generic(word) \
                and not any(_activity(w) for w in between):
            head = next((seed_words[n:] for n in range(1, len(seed_words))
                         if lookup(" ".join(seed_words[n:])) or n == len(seed_words) - 1), seed_words[-1:])
            return " ".join([word] + head)  # "mathematical and common sense reasoning"
        return ""  # "agentic, multi-step reasoning": one phrase
    if word.lower() in SPECIFIC_HEADS:
        return word.lower()  # "question answering, translation, and summarization"
    if word.isupper() and word.isalpha() and seed.text.isupper() and seed.text.isalpha():
        return word  # "tasks such as ASR, ST, SV": listed with a task's acronym, an acronym names a task
    if word.isupper() or _is_adjective(word) or is_task_head(word) or not _activity(word) \
            or word.lower() in _BARE_ACTIVITY - {"planning"}:
        return ""  # "QA", "visual", "reasoning" alone name no task
    return member
