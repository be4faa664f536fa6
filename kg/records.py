"""Plain records: the seam between the readers, spaCy extraction and the graph.

Every stage of the flow exchanges these frozen dataclasses of str, int, float
and tuple, never spaCy spans or rdflib terms::

    readers  -> Paper
    extract  -> PaperExtraction (Paper + Mention + CodeLink)
    resolve  -> Entity + Link (mentions merged across papers)
    graph    -> networkx.MultiDiGraph built from the above

Examples
--------
>>> paper = Paper(id="2310.01234", title="A Title", abstract="An abstract.")
>>> paper.text
'A Title\\n\\nAn abstract.'
>>> paper.abstract_offset
9
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ENTITY_TYPES = ("method", "model", "dataset", "benchmark", "task", "metric")
ROLES = ("introduced", "used")
# Dataset and benchmark are one group where the kind of thing matters, not its use:
# evaluation scores them together, and a general term joins others of its group.
TYPE_GROUP = {"method": "method", "model": "model", "dataset": "data", "benchmark": "data",
              "task": "task", "metric": "metric"}


@dataclass(frozen=True)
class Paper:
    """One paper: its title and abstract and where it was read from.

    ``sources`` holds one ``"path:line"`` string per place the paper was
    found; the same paper on several listing pages is one Paper with several
    sources.
    """

    id: str
    title: str
    abstract: str
    arxiv_id: str = ""
    url: str = ""
    date: str = ""
    authors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """Title and abstract as one string; evidence offsets index into it."""
        return f"{self.title}\n\n{self.abstract}"

    @property
    def abstract_offset(self) -> int:
        """Where the abstract starts in :attr:`text`."""
        return len(self.title) + 2


@dataclass(frozen=True)
class Evidence:
    """Why a link exists: the sentence, where it is, and the rule that fired.

    ``start`` and ``end`` are character offsets of the mention in
    :attr:`Paper.text`.
    """

    sentence: str
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class Mention:
    """One entity as one paper names it, with the paper's role for it.

    ``name`` is the surface form the paper uses (the short form when it uses
    both), ``aliases`` the other forms it uses. ``family`` names the model
    family of a sized variant ("LLaMA" for "LLaMA-7B") or the series of a data
    set's edition ("CoNLL" for "CoNLL-2003"), else "".
    """

    paper_id: str
    name: str
    type: str
    role: str
    aliases: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 1.0
    named: bool = True
    family: str = ""


@dataclass(frozen=True)
class CodeLink:
    """A code repository (GitHub, GitLab, Hugging Face) named in a paper."""

    paper_id: str
    url: str
    host: str
    evidence: Evidence | None = None


@dataclass(frozen=True)
class PaperExtraction:
    """What extraction found in one paper."""

    paper: Paper
    mentions: tuple[Mention, ...] = ()
    code_links: tuple[CodeLink, ...] = ()


@dataclass(frozen=True)
class Entity:
    """One method, model, dataset, benchmark, task or metric across papers.

    ``id`` is stable for a given name (see :func:`kg.identity.entity_id`);
    ``family_id`` is the id of the family of a variant (see ``Mention.family``), else "".
    ``broader_id`` is the id of the broader general term of a narrower one
    ("question answering" for "medical question answering"; see :mod:`kg.broader`), else "".
    """

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    named: bool = True
    family_id: str = ""
    broader_id: str = ""


@dataclass(frozen=True)
class Link:
    """A paper's link to an entity, with its role and evidence.

    ``name`` and ``aliases`` are the forms this paper uses for the entity.
    """

    paper_id: str
    entity_id: str
    role: str
    name: str
    aliases: tuple[str, ...] = ()
    confidence: float = 1.0
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Problem:
    """A bad input record or file: where it is and what was wrong with it.

    ``skipped`` is False for a warning about a record that was still read.
    ``files`` counts the whole input files (or names and patterns that found
    none) the problem leaves unread; 0 for a problem with one record.
    """

    path: str
    line: int
    message: str
    skipped: bool = True
    files: int = 0

    def __str__(self) -> str:  # line 0: the whole file ("no such file or folder")
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


#: What readers hand each :class:`Problem` to; the default drops it.
ProblemHandler = Callable[[Problem], None]


def ignore_problem(problem: Problem) -> None:
    """The :data:`ProblemHandler` that drops every problem."""


@dataclass
class Corpus:
    """Everything resolved from a set of inputs, ready for :func:`kg.graph.to_graph`."""

    papers: list[Paper] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    code_links: list[CodeLink] = field(default_factory=list)
