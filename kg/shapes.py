"""The shape of a name: is a word a proper name, which family is a sized variant of.

Pure functions on strings used by :mod:`kg.extract` (which words may be
names, what to strip from "GPT-4-based") and :mod:`kg.resolve` (the family
of "LLaMA-2-7B").

Examples
--------
>>> looks_named("HotpotQA"), looks_named("GSM8k"), looks_named("training")
(True, True, False)
>>> family_of("LLaMA-7B"), family_of("Mistral-7B-Instruct"), family_of("Llama 2 13B")
('LLaMA', 'Mistral', 'Llama 2')
>>> family_of("GPT-4")
''
"""
from __future__ import annotations

import re

_SIZE = r"\d+(?:\.\d+)?\s?[BMKbmk]"
_PARAMS = r"\d+(?:\.\d+)?\s?[BMbm]"  # a parameter count; "ImageNet-1k", "GSM8K" count other things
_SIZED = re.compile(
    rf"^(?P<family>.+?)(?:[-\s_]+(?:{_PARAMS}|\d+x{_PARAMS}))(?P<tail>(?:[-\s_]+[A-Za-z][\w.]*)*)$"
)
_VARIANT_TAIL = {"instruct", "chat", "base", "it", "hf", "v0.1", "v0.2", "v0.3", "coder", "sft", "dpo"}
_ATTACHED_SUFFIX = re.compile(
    r"-(?:based|style|like|powered|driven|generated|guided|augmented|enhanced|specific|"
    r"centric|level|free|only|aware|tuned|trained|scale|sized|"
    r"assisted|inspired|labeled|annotated|written|produced|created|distilled|derived)$",
    re.IGNORECASE,
)
_ORDINAL_OR_NUMBER = re.compile(r"^\d+(?:\.\d+)?[BMK]\b|^[\d.,%x×]+[a-z]{0,2}$|^\d+[A-Za-z]?$|^\d+(?:\.\d+)?[BMKbmk]$")
_ROMAN = re.compile(r"^[IVX]+$")
SIZE_TOKEN = re.compile(rf"^{_SIZE}$|^\d+x\d+B$")


def strip_attached(word: str) -> str:
    """Drop a suffix glued to a name by a hyphen: "GPT-4-based" -> "GPT-4".

    Examples
    --------
    >>> strip_attached("GPT-4-generated"), strip_attached("LLaMA-2"), strip_attached("GPT-4's")
    ('GPT-4', 'LLaMA-2', 'GPT-4')
    """
    if "-" not in word and "'" not in word and "’" not in word:
        return word
    previous = None
    while previous != word:
        previous = word
        word = _ATTACHED_SUFFIX.sub("", word)
        word = re.sub(r"(?:'s|’s)$", "", word)
    return word


_MARKUP = re.compile(
    r"[\\{}~$=|]"  # TeX and markup left in an abstract: "G_{LM}", "solving~Our", "N=820"
    r"|[a-z]\.[A-Z]"  # two sentences run together: "tasks.We", "Paradigm.This"
    r"|^[a-z]{2,}\.[a-z][A-Z]"  # the same with a stray letter between: "tasks.cIn"
    r"|^\d\)"  # an enumeration glued to its word: "1)False"
    r"|^[a-z]+(?:19|20)\d\d[a-z]+$"  # a citation key: "sun2023principledriven"
)


def is_markup(word: str) -> bool:
    """True for a word that is a piece of markup or run-together text, never a name.

    Examples
    --------
    >>> [is_markup(w) for w in ["G_{LM", "tasks.We", "tasks.cIn", "1)False", "sun2023principledriven", "N=820"]]
    [True, True, True, True, True, True]
    >>> [is_markup(w) for w in ["GPT-3.5", "MATH^2", "word2vec", "Node.js", "LLaMA-2"]]
    [False, False, False, False, False]
    """
    return bool(_MARKUP.search(word))


def inflected_acronym(word: str) -> str:
    """The acronym a title inflects as a word ("TICKing All the Boxes" -> "TICK"), or "".

    >>> inflected_acronym("TICKing"), inflected_acronym("RAGed"), inflected_acronym("BERTology")
    ('TICK', 'RAG', '')
    """
    match = re.fullmatch(r"([A-Z]{2,})(?:ing|ed)", word)
    return match.group(1) if match else ""


_CITATION_KEY = re.compile(r"[a-z]+(?:19|20)\d\d[a-z]+")


def is_citation_key(word: str) -> bool:
    """Is ``word`` a citation key left in the text ("wang2017sample"), no name?"""
    return _CITATION_KEY.fullmatch(word) is not None


def looks_named(word: str) -> bool:
    """True for a word shaped like a proper name: a capital inside it or letters and digits.

    Examples
    --------
    >>> [looks_named(w) for w in ["LTC", "CoT", "GPT-4", "Llama", "2023", "7B", "IV", "x"]]
    [True, True, True, False, False, False, False, False]
    >>> [looks_named(w) for w in ["Fine-Grained", "VL-ICL", "mPLUG-Owl", "Auto-CEI", "H-Net"]]
    [False, True, True, True, True]
    >>> [looks_named(w) for w in ["wang2017sample", "text8", "word2vec"]]
    [False, True, True]
    """
    if len(word) < 2 or (word.isalpha() and word[1:].islower()) or not any(c.isalpha() for c in word):
        return False
    if not (word[0].isalnum() and word[-1].isalnum() or word[-1] in "+*"):
        return False  # "(Almost)", "'quoted'": punctuation is not part of a name
    if _ORDINAL_OR_NUMBER.match(word) or _ROMAN.match(word) or SIZE_TOKEN.match(word):
        return False
    if ":" in word or word.startswith(("www.", "non-", "no-")) or "@" in word or is_markup(word):
        return False
    if word[0].isdigit() and sum(c.isalpha() for c in word) <= 3:
        return False  # "0.31TB", "8xA800", "5G/6G"
    if is_citation_key(word):
        return False
    # "Fine-Grained" is a capitalised compound, "VL-ICL" and "mPLUG-Owl" are names.
    parts = [p for p in re.split(r"[-/]", word) if p]
    inner_capital = any(any(c.isupper() for c in p[1:]) or (p[0].isupper() and len(p) == 1 and len(parts) > 1)
                        for p in parts)
    has_digit = any(c.isdigit() for c in word) and word[0].isalpha()
    if has_digit and word.isalnum() and sum(c.isalpha() for c in word) >= 3:
        return True  # "text8", "word2vec", "GPT2"
    return inner_capital or (has_digit and any(c.isupper() for c in word))


def family_of(name: str) -> str:
    """The model family a sized variant belongs to, or "" if ``name`` has no size.

    Examples
    --------
    >>> family_of("PaLM-62B"), family_of("Qwen2.5-Math-7B-Instruct"), family_of("Mixtral-8x7B")
    ('PaLM', 'Qwen2.5-Math', 'Mixtral')
    """
    match = _SIZED.match(name)
    if not match:
        return ""
    tail = [t.lower() for t in re.split(r"[-\s_]+", match.group("tail")) if t]
    if any(t not in _VARIANT_TAIL for t in tail):
        return ""
    family = match.group("family").rstrip("-_ ")
    return family if any(c.isalpha() for c in family) else ""


_VARIANT_PART = re.compile(
    r"(?:[-\s_](?:large|base|small|medium|tiny|mini|xl|xxl|xlarge|huge|giant|cased|uncased)"
    r"|[-\s_]?v\d{1,2}(?:\.\d{1,2})?|-\d{1,3}|['\u2019]\d\d|[-\s_]?(?:19|20)\d\d|(?-i:(?<=[A-Z]))\d{1,2})$",
    re.IGNORECASE,
)


def variant_base(name: str) -> str:
    """The name a variant is built on (size word, version, depth), or "" if ``name`` is no variant.

    Examples
    --------
    >>> variant_base("BERT-large"), variant_base("LayoutLMv2"), variant_base("ResNet-50")
    ('BERT', 'LayoutLM', 'ResNet')
    >>> variant_base("RoBERTa-base-uncased"), variant_base("Inception-v3"), variant_base("BERT")
    ('RoBERTa', 'Inception', '')
    >>> variant_base("WMT'14"), variant_base("CoNLL-2003"), variant_base("VOC2012"), variant_base("FooLM2")
    ('WMT', 'CoNLL', 'VOC', 'FooLM')
    """
    base = name
    while True:
        shorter = _VARIANT_PART.sub("", base)
        if shorter == base:
            break
        base = shorter
    return base if base != name and sum(c.isalpha() for c in base) >= 2 else ""


def is_sized(name: str) -> bool:
    """True if the name carries a parameter count ("7B", "1.3B", "8x7B")."""
    return bool(family_of(name))
