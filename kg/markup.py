"""TeX, HTML and Markdown markup in abstracts, blanked out so that the words under it read plainly.

arXiv abstracts keep some of their authors' LaTeX: ``\\textsc{FooNet-7B}``,
``Jekyll \\& Hyde``, ``\\emph{not}``, ``the {no-regret} property``,
``FooNet~adds``. :func:`blank_markup` replaces the markup characters by
spaces and keeps every other character where it was, so the result has the
same length as its input and a character offset into it is an offset into
the original text too (evidence offsets stay valid). Math (``$...$``) and
unknown macros (``\\foonet``) are left alone: what they stand for is not in
the text. Pure functions on strings; nothing here imports spaCy.

Examples
--------
>>> blank_markup(r"We release \\textsc{FooNet-7B}, see \\url{x}.")
'We release         FooNet-7B , see \\\\url{x}.'
>>> len(blank_markup(r"Jekyll \\& Hyde~works")) == len(r"Jekyll \\& Hyde~works")
True
"""
from __future__ import annotations

import re

# Formatting commands whose argument is plain text: the command and its braces go.
_FORMAT = re.compile(r"\\(?:textsc|textbf|textit|texttt|textsf|textrm|textup|textnormal|emph|underline|"
                     r"mbox|text)\{([^{}$\\]{1,80})\}")
# A brace pair around a few words, opened after a space: "the {no-regret} property".
_BRACES = re.compile(r"(?<![\w\\^_}])\{([A-Za-z][\w .,'-]{0,60})\}(?![\w{])")
# Inline math: nothing in it is blanked.
_MATH = re.compile(r"(?<!\\)\$[^$]{1,200}\$")
# Escaped characters: "\&", "\%", "\#", "\$"; the backslash goes.
_ESCAPE = re.compile(r"\\(?=[&%#$])")
# A tie between two words: "FooNet~adds" (but "~6%" means "about").
_TIE = re.compile(r"(?<=[\w})])~(?=[A-Za-z\\])")
# An inline HTML tag, as some feeds keep them: "<b>FooBench</b>", "<sup>2</sup>".
_TAG = re.compile(r"</?(?:b|i|em|strong|sup|sub|tt|code|u|span|a|br|p)(?:\s[^<>]{0,80})?/?>", re.IGNORECASE)
# Markdown emphasis around a few words: "*Open Zorb Theorems*", "**FooNet**" (not "ReST-MCTS*", "p < 0.05*").
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,2})(?=[A-Za-z])([^*\n]{1,80}?)(?<=[\w)])\1(?![\w*])")


def _blank(match: re.Match, keep: int = 1) -> str:
    """The match with everything outside group ``keep`` turned to spaces."""
    start, end = match.span(keep)
    whole = match.group(0)
    offset = match.start()
    return " " * (start - offset) + whole[start - offset:end - offset] + " " * (match.end() - end)


def blank_markup(text: str) -> str:
    """``text`` with TeX formatting, escapes and ties replaced by spaces of the same length.

    Examples
    --------
    >>> blank_markup(r"We propose \\emph{FooNet}, a {two-stage} method.")
    'We propose       FooNet , a  two-stage  method.'
    >>> blank_markup(r"up to 45\\% and G_{LM} at ~6% cost")
    'up to 45 % and G_{LM} at ~6% cost'
    >>> blank_markup("We beat <b>FooBench</b> baselines")
    'We beat    FooBench     baselines'
    >>> blank_markup("we provide *Open Zorb Theorems* (OZT) and ReST-MCTS*")
    'we provide  Open Zorb Theorems  (OZT) and ReST-MCTS*'
    """
    if "<" in text:
        text = _TAG.sub(lambda m: " " * len(m.group(0)), text)
    if "*" in text:
        text = _EMPHASIS.sub(lambda m: _blank(m, 2), text)
    if "\\" not in text and "{" not in text and "~" not in text:
        return text
    math = [m.span() for m in _MATH.finditer(text)]

    def blank(match: re.Match) -> str:
        if any(start <= match.start() < end for start, end in math):
            return match.group(0)  # "$\\textbf{S}^2$": math stays as written
        return _blank(match)

    out = _FORMAT.sub(blank, text)
    out = _BRACES.sub(blank, out)
    out = _ESCAPE.sub(" ", out)
    return _TIE.sub(" ", out)
