"""Context rules: lists, and the type and role a sentence gives.

The second half of candidate finding (see :mod:`kg.candidates`; the names
cue phrases point at are in :mod:`kg.cues`): proposes names listed with a
typed one ("Crafter and Heist"), types untyped names from the words around
them ("X, a new benchmark", "on X", "the dataset X") and marks what the
paper introduces. Pure functions over plain tokens; nothing here imports spaCy.

Examples
--------
>>> _before_type("we distil a 3B student LM (termed "), _before_type("On MBPP, a code generation dataset, ")
('model', '')
"""
from __future__ import annotations

import re

from kg.candidates import Candidate, Token, _after_type
from kg.gazetteer import load_heads, load_words
from kg.lexicon import ignored, lookup
from kg.roles import introduction_cue
from kg.shapes import is_citation_key, looks_named


_LIST_GAP = re.compile(r"^\s*(?:\([^()]{0,60}\)\s*)?(?:,|and|or|,\s*and|,\s*or|/|as well as|vs\.?|versus)?\s*$")


_LIST_OPENER = re.compile(
    r"(\w+)\s*(?:\([^()]*\)\s*)?(?::|,?\s*(?:such as|including|like|namely|e\.g\.,?|i\.e\.,?|\((?:e\.g|i\.e)\.,?))\s*$")


_OPENER_CUE = re.compile(r"(?::|such as|including|like|namely|e\.g\.,?|i\.e\.,?)\s*$")

_ON = re.compile(r"(\w+)(?:\\?%)?\s+(?:on|across|over)\s+(?:the\s+|both\s+|several\s+|\w+\s+)?$", re.IGNORECASE)


# "a 5x speedup over X", "gains over X": X is what the paper compares against, not where it evaluates.
_COMPARED_OVER = re.compile(r"\b(?:speedups?|improvements?|gains?|advantages?|margins?|superiority)\s+over\s+"
                            r"(?:the\s+|\w+\s+)?$", re.IGNORECASE)


_NOT_EVAL_ON = {"research", "work", "works", "study", "studies", "light", "insight", "insights", "impact",
                "effect", "effects", "perspective", "emphasis", "reliance", "dependence", "views",
                "based", "built", "relies", "rely", "relying", "depend", "depends", "focus",
                "focuses", "focusing", "focused", "conditioned", "train", "trained", "training",
                "pretrained", "pre-trained", "fine-tuned", "finetuned", "tuned", "operate", "operates"}


_TRAIN_ON = {"train", "trained", "training", "pretrained", "pre-trained", "fine-tuned",
             "finetuned", "tuned", "fine-tune", "fine-tuning"}


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


_COORDINATED = re.compile(r"^\s+(?:and|or)\s+(?:other\s+)?(?:[\w-]+\s+){0,2}?([a-z][\w-]*s)(?=\s*[,.;:)]|\s+(?:in|on|for|of|to|with|that|which)\b)")


def _coordinated_type(after: str) -> str:
    """The type of a plural head a name is coordinated with: "CarRacing and navigation environments".

    >>> _coordinated_type(" and navigation environments: achieving"), _coordinated_type(" and reward models are")
    ('benchmark', '')
    """
    match = _COORDINATED.match(after)
    found = load_heads().get(match.group(1).lower(), {}).get("after", "") if match else ""
    return found if found in ("benchmark", "dataset", "model", "metric") else ""


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
                named = next((c for c in chosen if c.named and (c.start, c.end) == (word.start, word.end)
                              or step == 1 and c.start == word.start and c.end in ends
                              or step == -1 and c.end == word.end and c.start in index), None)
                if named is not None:  # a name already found in the list: walk on past it
                    k = ends[named.end] if step == 1 else index[named.start]
                    continue
                if j > 0 and tokens[j - 1].sent != word.sent or not _LIST_WORD.match(word.text) \
                        or word.text.lower() in stop or ignored(word.text) or is_citation_key(word.text) \
                        or any(word.start < e and s < word.end for s, e in taken) \
                        or word.sent == 0 and not looks_named(word.text):
                    break  # the last: in a title every word has a capital ("Online Learning and Games")
                lo, hi = _capital_run(tokens, j, taken, stop) if word.sent > 0 else (j, j)
                start, end = tokens[lo].start, tokens[hi].end  # "Street View House Numbers"
                if (start, end) not in covered:
                    out.append(Candidate(start, end, text[start:end], cand.type, "list", 1, 0.6,
                                         typed=True))
                    covered.add((start, end))
                k = hi if step == 1 else lo
    return out


_BRACKETED_LIST = re.compile(r"(?:\s+(?:tasks?|problems?))?\s*"
                             r"\(((?:[A-Z][\w.+-]*(?: [A-Z][\w.+-]*){0,3}(?:, (?:and )?| and )){1,}"
                             r"[A-Z][\w.+-]*(?: [A-Z][\w.+-]*){0,3})\)")


def from_bracketed_lists(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Names listed in brackets after a task are its benchmarks: "symbolic reasoning (Zorb Letter, Quux Flip)".

    Examples
    --------
    >>> text = "symbolic reasoning (Zorb Letter, Quux Flip) and more"
    >>> task = Candidate(0, 18, "symbolic reasoning", "task", "gazetteer", 3, 0.9, named=False)
    >>> [(c.text, c.type) for c in from_bracketed_lists(text, [task])]
    [('Zorb Letter', 'benchmark'), ('Quux Flip', 'benchmark')]
    """
    stop = load_words("stopwords.tsv")
    out = []
    for cand in chosen:
        match = _BRACKETED_LIST.match(text, cand.end) if cand.type == "task" else None
        if not match:
            continue
        for item in re.finditer(r"[A-Z][\w.+-]*(?: [A-Z][\w.+-]*)*", match.group(1)):
            start, end = match.start(1) + item.start(), match.start(1) + item.end()
            if item.group(0).lower() in stop or ignored(item.group(0)):
                continue
            taken = next((c for c in chosen if start < c.end and c.start < end), None)
            if taken is not None:
                if taken.type == "task" and taken.rule == "term" and (taken.start, taken.end) == (start, end):
                    taken.type, taken.typed = "benchmark", True  # "tasks (Zorb Understanding, ...)": a test set
                continue
            out.append(Candidate(start, end, item.group(0), "benchmark", "list", 1, 0.6, typed=True))
    return out


def from_elided(text: str, tokens: list[Token], chosen: list[Candidate]) -> list[Candidate]:
    """Editions listed after a data set's name: "PASCAL VOC 2007 and 2012" also names "PASCAL VOC 2012"."""
    ends = {t.end: n for n, t in enumerate(tokens)}
    out = []
    for cand in chosen:
        number = re.search(r"(?<=\s)\d{2,4}$", cand.text)
        if cand.type not in ("dataset", "benchmark") or not number or cand.end not in ends:
            continue
        stem, k = cand.text[:number.start()], ends[cand.end] + 1
        while k + 1 < len(tokens) and tokens[k].text in (",", "and", "or", "/") \
                and tokens[k + 1].sent == tokens[k].sent and re.fullmatch(r"\d{%d}" % len(number.group(0)),
                                                                        tokens[k + 1].text):
            word = tokens[k + 1]
            out.append(Candidate(word.start, word.end, stem + word.text, cand.type, "elided", 2, 0.7))
            k += 2
    return out


def join_data_names(text: str, tokens: list[Token], chosen: list[Candidate]) -> list[Candidate]:
    """Extend a data set's name over the capitalised words around it: "LSUN Bedrooms",
    "MORPH Album 2", "Switchboard Hub5'00", and "Duke MTMC" found as two names. The name
    before the extension stays an alias unless two found names were joined."""
    stop = load_words("stopwords.tsv")
    index = {t.start: n for n, t in enumerate(tokens)}
    ends = {t.end: n for n, t in enumerate(tokens)}
    by_start = {c.start: c for c in chosen}
    dropped: set[int] = set()
    for cand in chosen:
        if cand.type not in ("dataset", "benchmark") or not cand.named or id(cand) in dropped \
                or cand.end not in ends or tokens[ends[cand.end]].sent == 0:
            continue
        k, grown, swallowed = ends[cand.end], 0, []
        while grown < 3 and k + 1 < len(tokens):
            word = tokens[k + 1]
            if word.sent != tokens[k].sent or word.start != tokens[k].end + 1:
                break
            other = by_start.get(word.start)
            if other is not None:
                if not other.named or (other.typed and other.type not in ("dataset", "benchmark")) \
                        or other.end not in ends or not other.text[:1].isupper():
                    break
                swallowed.append(other)
                k, grown = ends[other.end], grown + 1
                continue
            if not (re.fullmatch(r"[A-Z][\w'’.-]*", word.text) or (grown and re.fullmatch(r"\d{1,4}", word.text))) \
                    or word.text.lower() in stop or ignored(word.text):
                break
            k, grown = k + 1, grown + 1
        i, back = index.get(cand.start, 0), 0  # and over a capitalised word before it: "Switchboard Hub5'00"
        while i > 1 and back < 2 and _joins_before(tokens, i, stop) \
                and not any(c.start < tokens[i - 1].end and tokens[i - 1].start < c.end for c in chosen):
            i, back = i - 1, back + 1
        if not grown and not back:
            continue
        cand.start = tokens[i].start
        if not swallowed or cand.rule.startswith("gazetteer"):  # "WMT 2014 English-German" is still "WMT 2014"
            cand.known = cand.known or cand.text
        else:
            cand.known = ""  # "Duke MTMC" is not "Duke"
        cand.rule = "gazetteer:variant" if cand.rule.startswith("gazetteer") else "joined"
        cand.end, cand.text = tokens[k].end, text[cand.start:tokens[k].end]
        dropped.update(id(c) for c in swallowed)
    return [c for c in chosen if id(c) not in dropped]


def _joins_before(tokens: list[Token], i: int, stop) -> bool:
    """May the capitalised word before ``tokens[i]`` (not a sentence's first word) join its name?"""
    word = tokens[i - 1]
    return word.sent == tokens[i].sent == tokens[i - 2].sent and word.end + 1 == tokens[i].start \
        and bool(re.fullmatch(r"[A-Z][\w'’.-]*", word.text)) and word.text.lower() not in stop \
        and not ignored(word.text)


def _capital_run(tokens: list[Token], j: int, taken, stop) -> tuple[int, int]:
    """The token range of the run of capitalised words around ``tokens[j]`` (at most four words)."""
    def fits(n: int, m: int) -> bool:  # may tokens[n] join its neighbour tokens[m]?
        word = tokens[n]
        return 0 <= n < len(tokens) and word.sent == tokens[m].sent and _LIST_WORD.match(word.text) \
            and word.text.lower() not in stop and not ignored(word.text) \
            and (tokens[m].start - word.end == 1 if n < m else word.start - tokens[m].end == 1) \
            and not any(word.start < e and s < word.end for s, e in taken)
    lo = hi = j
    while hi - lo < 3 and fits(hi + 1, hi):
        hi += 1
    while hi - lo < 3 and fits(lo - 1, lo):
        lo -= 1
    return lo, hi


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
        # "the BRATS test dataset": a split's name before the head does not hide it
        # and "the Art of Problem Solving (AoPS) forum": the acronym does not hide the head either
        nxt = re.match(r"^[\s)-]*(?:\([^()]{1,20}\)\s*)?(?:(?:test|validation|training|dev|evaluation)\s+)?([\w-]+)",
                       text[cand.end:cand.end + 40])
        s_start, s_end = sentence_of(cand.start)
        found = (heads.get(nxt.group(1).lower(), {}).get("after") if nxt else "") \
            or _after_type(text[cand.end:s_end]) or _before_type(text[s_start:cand.start]) \
            or _coordinated_type(text[cand.end:cand.end + 60])
        if found:
            cand.type, cand.typed, cand.confidence = found, True, 0.75
    # Lists: "on A, B, and C" share the type of their typed members.
    chains: list[list[Candidate]] = []
    closed = False  # "FDDB and WIDER FACE, Face R-FCN achieves ...": a list ends with its "and" item
    for cand in chosen:
        prev = chains[-1][-1] if chains else None
        gap = text[prev.end:cand.start] if prev else ""
        if prev and not closed and sentence_of(prev.start) == sentence_of(cand.start) and _LIST_GAP.match(gap):
            chains[-1].append(cand)
            closed = bool(re.search(r"\b(?:and|or|as well as)\b", gap))
        else:
            chains.append([cand])
            closed = False
    listed = []
    for chain in chains:
        gaps = [text[a.end:b.start] for a, b in zip(chain, chain[1:])]
        # The opener ends right before the list; its cue word is checked first, on a few
        # characters, as the whole pattern is slow to search for at the end of a long sentence.
        before = text[max(sentence_of(chain[0].start)[0], chain[0].start - 120):chain[0].start]
        opener = _LIST_OPENER.search(before) if _OPENER_CUE.search(before[-16:]) else None
        if any(re.search(r"\b(?:and|or|as well as)\b", g) for g in gaps) or (opener and len(chain) > 2):
            listed.append(chain)  # "A, B and C", or "(i.e. A, B, C)" after an opener
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
            elif on and on.group(1).lower() not in _NOT_EVAL_ON and not _COMPARED_OVER.search(before[-60:]):
                cand.type = "benchmark"
            else:
                continue
            cand.typed, cand.confidence = True, 0.7


_PARTS = re.compile(r"^\s*(?:[A-Z]\w+ly,\s*)?(?:Our\s+|The\s+)?([\w-]+)\s+(?:includes|consists of|comprises|contains|"
                    r"is composed of|has)\b[^.;]*$")


def mark_roles(text: str, chosen: list[Candidate], sentence_of) -> None:
    """Set ``introduced`` on candidates the text says the paper creates."""
    for cand in chosen:
        if cand.introduced:
            continue
        # A well-known term is never new; a Papers-with-Code term or an unnamed phrase is new
        # only as the very object of "we propose" or when called new (see kg.roles).
        known = lookup(cand.known) if cand.known else None
        if known and not known.source.startswith("pwc_") or cand.rule.startswith("gazetteer") and not known \
                or not cand.named and cand.type == "task":
            continue
        s_start, s_end = sentence_of(cand.start)
        cue = introduction_cue(text[s_start:cand.start], text[cand.end:s_end],
                               strict=bool(known), phrase=not cand.named, name=cand.text)
        if cue:
            cand.introduced = cue
    # The parts of something introduced are introduced: "EIT is composed of ERP and ERS".
    introduced = {c.text for c in chosen if c.introduced}
    for cand in chosen:
        if cand.introduced or cand.known or cand.rule.startswith("gazetteer") or not cand.named:
            continue
        s_start, _ = sentence_of(cand.start)
        match = _PARTS.search(text[s_start:cand.start])
        if match and match.group(1) in introduced:
            cand.introduced = "cue:part"
