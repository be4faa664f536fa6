"""Names typed as data (dataset or benchmark) that the text shows are something else.

The gazetteer of Papers with Code data sets holds many short or plain names
("TLL", "RTE", "Street Scene") that papers also use for methods, tasks or
ordinary phrases, and the shape rules sometimes cut one word out of a longer
name ("YouTube Faces" -> "Faces"). :func:`fix_misread_data` runs on the
chosen candidates of one paper, after typing, and corrects these:

- an acronym whose in-text long form is a lower-case phrase ("recognizing
  textual entailment (RTE)") or a plural class ("Knowledge Bases (KBs)"):
  a task or method, or no entity at all, whatever the gazetteer says;
- a name whose own ending marks a method or model ("MMD-GAN"), or a
  baseline compared against ("faster than benchmark BM3D");
- a gazetteer name of plain words matched in a Title Case title, where the
  capitals are the title's, not a name's ("... in Street Scenes");
- a name of plain capitalised words listed with tasks before "tasks"
  ("bAbI, Shortest Path, and Natural Language Generation tasks") is a task;
- one capitalised word cut out of a longer name: "YouTube Faces" -> "Faces",
  "Face R-FCN" -> "Face";
- an unnamed "a video dataset" that the same sentence goes on to name
  ("... named the Foo dataset"): the name stands for it.

Pure functions over :class:`~kg.candidates.Candidate` lists; nothing here
imports spaCy.

Examples
--------
>>> from kg.acronyms import find_abbreviations
>>> text = "A Title\\n\\nWe study recognizing textual entailment (RTE) and more."
>>> cands = [Candidate(20, 50, "recognizing textual entailment", "dataset", "acronym:long", 4, 0.85, link="RTE"),
...          Candidate(52, 55, "RTE", "dataset", "acronym:short", 4, 0.85, link="RTE")]
>>> [(c.text, c.type) for c in fix_misread_data(text, find_abbreviations(text), cands)]
[('recognizing textual entailment', 'task'), ('RTE', 'task')]
"""
from __future__ import annotations

import re

from kg.acronyms import Abbreviation
from kg.candidates import Candidate
from kg.gazetteer import load_affixes
from kg.lexicon import DATA_WORDS, lookup, other_than_pwc_data

DATA = ("dataset", "benchmark")
_COMPARED = re.compile(r"\b(?:than|against|versus|vs\.?|outperforms?|outperforming|beats?|beating)\s+"
                       r"(?:the\s+)?(?:benchmark|baseline)\s+$", re.IGNORECASE)
_NAMING = re.compile(r"\b(?:named|called|dubbed|termed)\s+(?:the\s+|as\s+)?")


def _long_form_says(pair: Abbreviation, sentence_before: str) -> str | None:
    """What an acronym's in-text long form makes it: "task", "method", "" (nothing), or None (data is fine).

    >>> from kg.acronyms import Abbreviation
    >>> _long_form_says(Abbreviation("RTE", 0, "recognizing textual entailment", 0), "")
    'task'
    >>> _long_form_says(Abbreviation("TD", 0, "technical documents", 0), "") is None  # not a known data set
    True
    >>> _long_form_says(Abbreviation("KBs", 0, "Knowledge Bases", 0), "")
    ''
    >>> _long_form_says(Abbreviation("SNLI", 0, "Stanford Natural Language Inference", 0), "") is None
    True
    """
    words = pair.long.lower().split()
    if not words or any(w.strip(",.") in DATA_WORDS for w in words):
        return None
    if re.fullmatch(r"[A-Z]{2,}s", pair.short) and words[-1].endswith("s") and len(words) > 1 \
            and all(w.isalpha() and w.istitle() for w in pair.long.split()):
        return ""  # "Knowledge Bases (KBs)": a plural class of things, not one named collection
    if pair.long.islower() and other_than_pwc_data(pair.short, pair.long):
        if (meant := lookup(pair.long)) and meant.type in ("task", "method"):
            return meant.type
        # Papers with Code lists a data set of that name, but names of collections are
        # capitalised: a lower-case phrase is a task or a technique.
        tasky = words[0].endswith("ing") or re.search(r"\btasks?\b", sentence_before[-80:])
        return "task" if tasky else "method"
    return None


def _title_case(title: str) -> bool:
    """Most longer words of ``title`` capitalised: capitals there say nothing of names."""
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", title) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _plain_words(form: str) -> bool:
    """Capitalised dictionary-shaped words only: "Street Scenes", not "CamVid" or "KITTI"."""
    words = form.split()
    return all(w.isalpha() and w.istitle() for w in words)


def fix_misread_data(text: str, pairs: list[Abbreviation], chosen: list[Candidate]) -> list[Candidate]:
    """Retype or drop the data-typed candidates the text shows are not data (see the module doc)."""
    title_end = text.find("\n\n")
    verdicts: dict[str, str] = {}
    for pair in pairs:
        sentence_start = max(text.rfind(". ", 0, pair.long_start), title_end, 0)
        said = _long_form_says(pair, text[sentence_start:pair.long_start])
        if said is not None:
            verdicts[pair.short] = said
            verdicts[pair.long] = said
    starts = {c.start: c for c in chosen if c.named}
    out = []
    for n, cand in enumerate(chosen):
        said = _misread(text, cand, verdicts, starts, chosen[n + 1:]) if cand.type in DATA else None
        if said is None:
            out.append(cand)
        elif said:
            cand.type = said
            out.append(cand)
    return out


def _misread(text: str, cand: Candidate, verdicts: dict[str, str], starts: dict[int, Candidate],
             following: list[Candidate]) -> str | None:
    """The type a data-typed candidate really has, "" to drop it, or None if data is right."""
    said = verdicts.get(cand.text, verdicts.get(cand.link))
    if said is not None:
        return said
    affix = next((type_ for where, part, type_ in load_affixes() if where == "suffix"
                  and cand.text.endswith(part) and len(cand.text) > len(part)), "")
    known = lookup(cand.text)
    if affix in ("method", "model") and not (known and known.type in DATA):
        return affix  # "MMD-GAN"
    title_end = text.find("\n\n")
    if 0 <= cand.start < title_end and cand.rule.startswith("gazetteer") and known \
            and known.source.startswith("pwc_") and _plain_words(cand.text) and _title_case(text[:title_end]):
        return ""  # "Semantic Segmentation in Street Scenes": the title's capitals
    if cand.rule == "shape" and _COMPARED.search(text[max(0, cand.start - 60):cand.start]):
        return "method"  # "faster than benchmark BM3D": the baseline to beat, not a test set
    if cand.rule == "list" and len(cand.text.split()) > 1 and _plain_words(cand.text) \
            and _listed_as_tasks(text, cand, following):
        return "task"  # "on bAbI, Shortest Path, and Natural Language Generation tasks"
    if _cut_from_name(text, cand, starts):
        return ""
    if not cand.named and cand.rule == "cue:phrase":
        gap = re.match(r"[^.;]{0,80}", text[cand.end:]).group(0)
        if any(cand.end + m.end() in starts for m in _NAMING.finditer(gap)):
            return ""  # "a video dataset ... named the Foo dataset": Foo stands for it
    return None


def _cut_from_name(text: str, cand: Candidate, starts: dict[int, Candidate]) -> bool:
    """One capitalised common word next to a longer name: "YouTube Faces", "Face R-FCN"."""
    if cand.rule not in ("shape", "list") or not re.fullmatch(r"[A-Z][a-z]+", cand.text) or lookup(cand.text):
        return False
    before = re.search(r"(\S+) $", text[max(0, cand.start - 40):cand.start])
    if before and re.fullmatch(r"[A-Z][\w-]*[A-Za-z]", before.group(1)):
        earlier = text[max(0, cand.start - 60):cand.start - len(before.group(0))]
        if not re.search(r"(?:[.!?:]\s*|\n)$", earlier) and earlier.strip():
            return True  # the word before is capitalised mid-sentence: the name began there
    follower = starts.get(cand.end + 1)
    return text[cand.end:cand.end + 1] == " " and follower is not None and follower.type not in DATA


def _listed_as_tasks(text: str, cand: Candidate, following: list[Candidate]) -> bool:
    """The list ``cand`` is in ends with "tasks" and names a task: its plain-word members are tasks too."""
    end = cand.end
    for nxt in following:
        if not re.fullmatch(r",?\s*(?:(?:and|or)\s+)?", text[end:nxt.start]):
            return False
        end = nxt.end
        if nxt.type == "task" and re.match(r"\s+(?:tasks|problems)\b", text[end:]):
            return True
    return False
