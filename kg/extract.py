"""spaCy extraction: :class:`~kg.records.Paper` -> :class:`~kg.records.PaperExtraction`.

The pipeline is ``spacy.blank("en")`` (no trained model) with a tokenizer
that keeps hyphenated names whole ("MT-Bench", "Chain-of-Thought") and then
these components:

``sentencizer``
    sentence boundaries, plus one between the title and the abstract.
``kg_gazetteer``
    two ``PhraseMatcher`` s (exact case for all-capital words such as MATH,
    lower case for the rest) over the gazetteers in ``kg/rules/*.tsv``.
``kg_acronyms``
    Schwartz-Hearst acronym definitions (:mod:`kg.acronyms`).

The rules that turn these into mentions (:mod:`kg.candidates`,
:mod:`kg.mentions`) work on plain tuples: no spaCy object leaves this
module. Code links (GitHub, GitLab, Hugging Face URLs) are found by a
regular expression; names inside a URL are never mentions.

Examples
--------
>>> paper = Paper(id="p1", title="LTC: Learning through Communication",
...               abstract="We propose Learning through Communication (LTC). "
...                        "We evaluate LTC on the HotpotQA benchmark with LLaMA-7B. "
...                        "Code: https://github.com/example/ltc")
>>> result = next(extract([paper]))
>>> [(m.name, m.type, m.role) for m in result.mentions]
[('LTC', 'method', 'introduced'), ('HotpotQA', 'benchmark', 'used'), ('LLaMA-7B', 'model', 'used')]
>>> result.code_links[0].url
'https://github.com/example/ltc'
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from kg.acronyms import find_abbreviations
from kg.candidates import (Token, drop_class_parts, drop_redefined, from_abbreviations, from_gazetteer,
                           from_named_heads, from_shapes, from_terms, select)
from kg.context import (from_bracketed_lists, from_elided, from_lists, join_data_names, mark_roles,
                        type_from_context)
from kg.cues import from_cues
from kg.coined import from_coined
from kg.descriptions import describe
from kg.gazetteer import load_terms
from kg.lexicon import case_sensitive, lower_initial
from kg.markup import blank_markup
from kg.mentions import to_mentions
from kg.misread import fix_misread_data
from kg.names import from_appositions, from_capital_heads, from_hyphenated, join_collections, join_models
from kg.phrases import (drop_misused as drop_misused_methods, extend_known, from_cued_terms, name_known_variants,
                        from_title_architectures, from_title_subject)
from kg.measures import drop_unmeasured, from_cutoffs, from_measure_cues, widen_qualified
from kg.records import CodeLink, Evidence, Paper, PaperExtraction
from kg.roles import from_introductions
from kg.task_lists import from_task_lists
from kg.tasks import drop_misused, extend_tasks, from_task_of, from_titles, link_variants
from kg.techniques import from_shared_heads, from_technique_lists
from kg.workers import fork_map

CODE_HOSTS = ("github.com", "gitlab.com", "huggingface.co")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+|\b(?:github\.com|gitlab\.com|huggingface\.co)/[^\s<>\"']+",
                  re.IGNORECASE)
_GLUED = ("based", "style", "like", "powered", "driven", "generated", "guided", "augmented",
          "enhanced", "specific", "centric", "level", "free", "only", "aware", "scale", "sized",
          "assisted", "inspired", "labeled", "annotated", "written", "produced", "distilled")
BATCH_SIZE = 64
MIN_PARALLEL = 2 * BATCH_SIZE  # below this, starting workers costs more than it saves


@lru_cache(maxsize=1)
def load_pipeline():
    """The spaCy pipeline, built once per process."""
    import spacy
    from spacy.language import Language
    from spacy.util import compile_infix_regex, compile_suffix_regex

    nlp = spacy.blank("en")
    nlp.tokenizer.infix_finditer = compile_infix_regex(
        [p for p in nlp.Defaults.infixes if "-" not in p] + [r"(?<=[a-zA-Z0-9])[:<>=/](?=[a-zA-Z])"]
    ).finditer
    # Units glued to numbers ("8K", "7B") are name parts here: GSM8K, Mistral-7B.
    suffixes = [p for p in nlp.Defaults.suffixes if "km|km²" not in p]
    suffixes += [r"(?<=[0-9])%", rf"-(?:{'|'.join(_GLUED)})$", r"(?<=[A-Za-z0-9])\.$"]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    if not Language.has_factory("kg_gazetteer"):
        Language.factory("kg_gazetteer")(_Gazetteer)
        Language.component("kg_acronyms")(_acronyms)
        Language.component("kg_title_break")(_title_break)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_title_break")
    nlp.add_pipe("kg_gazetteer")
    nlp.add_pipe("kg_acronyms")
    return nlp


class _Gazetteer:
    """Marks gazetteer terms: ``doc.user_data["kg_terms"]`` holds (start, end, term index).

    Terms are looked up by the text of token n-grams (up to 8 tokens), which
    costs nothing to build: tokenising thousands of patterns for a
    ``PhraseMatcher`` would take longer than extracting a few hundred
    abstracts. A hand-written form is looked up as written when its case
    matters ("MATH", "mAP") and in lower case otherwise; a Papers with Code
    form in its own case first, then in lower case.
    """

    def __init__(self, nlp, name: str) -> None:
        self.exact: dict[str, int] = {}  # hand-written forms whose case matters -> term index
        self.lower: dict[str, int] = {}  # other hand-written forms, lower-cased
        self.derived: dict[str, int] = {}  # Papers with Code forms (lower-cased unless case matters)
        for index, term in enumerate(load_terms()):
            derived = term.source.startswith("pwc_")
            for form in dict.fromkeys((term.name, *term.aliases)):
                case_matters = case_sensitive(form, derived=derived)
                if derived:
                    variants = [form, form + "s"] if case_matters else _variants(form)
                    if "-" in form and any(c.isdigit() for c in form):
                        variants.append(form.lower().replace("-", " "))  # "Market-1501", "Market 1501"
                    for variant in variants:
                        self.derived.setdefault(variant, index)
                elif case_matters:
                    # One capitalised word ("MATH", "Inspired") is a name only in that case.
                    for variant in [form, form + "s"] + [form.upper()] * lower_initial(form):
                        self.exact.setdefault(variant, index)
                else:
                    for variant in _variants(form):
                        self.lower.setdefault(variant, index)
        # Lower-cased beginnings of every form that end a token, to stop an n-gram early:
        # "CNN/", "CNN/Daily"; for the hand-written forms every beginning.
        self.prefixes = {form[:k].lower() for form in self.derived
                         for k in range(1, len(form) + 1)
                         if k == len(form) or not form[k].isalnum() or not form[k - 1].isalnum()}
        self.prefixes.update(form[:k].lower() for forms in (self.exact, self.lower) for form in forms
                             for k in range(1, len(form) + 1))

    def __call__(self, doc):
        from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START

        text = _text(doc).replace("\u2019", "'")  # "Children’s Book Test": one apostrophe, same offsets
        lowered = text.lower()
        prefixes, exact, lower, derived = self.prefixes, self.exact, self.lower, self.derived
        rows = doc.to_array([IDX, LENGTH, SENT_START, IS_SPACE]).tolist()
        doc.user_data["kg_rows"] = rows  # read again by _paper_extraction
        spans = [(row[0], row[1]) for row in rows]
        found = []
        for i, (start, length) in enumerate(spans):
            if lowered[start:start + length] not in prefixes:
                continue
            for j in range(i, min(i + 8, len(spans))):
                end = spans[j][0] + spans[j][1]
                low = lowered[start:end]
                if low not in prefixes:
                    break
                written = text[start:end]
                for index in (exact.get(written), lower.get(low)):
                    if index is not None:
                        found.append((i, j + 1, index))
                index = derived.get(written)
                if index is None:
                    index = derived.get(low)
                if index is not None:
                    found.append((i, j + 1, index))
        doc.user_data["kg_terms"] = found
        return doc


def _variants(form: str) -> list[str]:
    """Spellings of a gazetteer form: as written, hyphens as spaces, plural."""
    out = {form.lower()}
    if "-" in form and form.islower():
        out.add(form.lower().replace("-", " "))
    if " " in form and len(form.split()) <= 3 and form.islower():
        out.add(form.replace(" ", "-"))
    for v in list(out) if form.islower() else ():  # plurals of general terms, not of names
        if v[-1:].isalpha() and len(v) > 3:
            out.add(v[:-1] + "ies" if v.endswith("y") and v[-2:-1] not in "aeiou" else v + ("es" if v.endswith(("s", "x", "ch")) else "s"))
    return sorted(out)


def _text(doc) -> str:
    # Doc.text joins every token; extract() hands the text over instead.
    return doc.user_data.get("kg_text") or doc.text


def _acronyms(doc):
    doc.user_data["kg_abbreviations"] = find_abbreviations(_text(doc))
    return doc


def _title_break(doc):
    # The title has no full stop: start a sentence after the blank line that ends it.
    title_end = _text(doc).find("\n\n")
    if title_end > 0:
        span = doc.char_span(title_end, title_end + 2, alignment_mode="expand")
        if span is not None and span.end < len(doc):
            doc[span.end].is_sent_start = True
    return doc


def _code_links(paper: Paper, sentence_of) -> tuple[list[CodeLink], list[tuple[int, int]]]:
    links, spans = [], []
    for match in _URL.finditer(paper.text):
        url = match.group(0).rstrip(".,;:)]}")
        spans.append((match.start(), match.start() + len(url)))
        host = next((h for h in CODE_HOSTS if h in url.lower()), "")
        if host:
            full = url if url.lower().startswith("http") else "https://" + url
            s_start, s_end = sentence_of(match.start())
            links.append(CodeLink(paper.id, full, host,
                                  Evidence(paper.text[s_start:s_end].strip(), match.start(),
                                           match.start() + len(url), "url")))
    return links, spans


def _paper_extraction(paper: Paper, doc) -> PaperExtraction:
    from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START

    text = _text(doc)  # the paper's text with TeX markup blanked, offsets unchanged
    rows = doc.user_data.get("kg_rows") or doc.to_array([IDX, LENGTH, SENT_START, IS_SPACE]).tolist()
    tokens, position, starts = [], {}, []
    for i, (idx, length, sent_start, is_space) in enumerate(rows):
        if sent_start == 1 or i == 0:
            starts.append(idx)
        if not is_space:
            position[i] = len(tokens)
            tokens.append(Token(text[idx:idx + length], idx, len(starts) - 1))
    position[len(rows)] = len(tokens)
    sentences = [(start, end) for start, end in zip(starts, starts[1:] + [len(text)])]

    def sentence_of(char: int) -> tuple[int, int]:
        return sentences[max(0, bisect_right(starts, char) - 1)]

    code_links, url_spans = _code_links(paper, sentence_of)
    # By term index: the hand-written lists come first, so on a tie their entry wins.
    matches = sorted(((position[i], position[j - 1] + 1, index) for i, j, index in doc.user_data["kg_terms"]
                      if i in position and j - 1 in position), key=lambda m: (m[2], m[0], m[1]))
    pairs = doc.user_data.get("kg_abbreviations", [])
    candidates = drop_redefined(from_gazetteer(text, tokens, matches, load_terms()), pairs)
    candidates += from_abbreviations(text, pairs)
    candidates += from_shapes(text, tokens, {c.text for c in candidates if c.rule == "acronym:short"})
    candidates += from_cues(text, sentences, len(paper.title))
    candidates += from_introductions(text, sentences) + from_coined(text, sentences) + from_task_of(text, sentences)
    candidates += from_terms(text, tokens)
    candidates += from_named_heads(text, tokens)
    candidates += from_hyphenated(text, tokens) + from_capital_heads(text, tokens) + from_appositions(text, sentences)
    candidates += from_titles(text, tokens)
    candidates = drop_misused(text, candidates + extend_tasks(text, tokens, candidates))
    candidates += extend_known(text, tokens, candidates) + from_cued_terms(text, tokens, candidates) \
        + name_known_variants(text, tokens, candidates)
    candidates += from_technique_lists(text, sentences) + from_measure_cues(text, sentences) + from_cutoffs(text) \
        + widen_qualified(text, candidates)
    candidates += from_title_architectures(text, tokens) + from_title_subject(text, tokens, candidates)
    candidates = drop_unmeasured(text, drop_misused_methods(text, tokens, drop_class_parts(candidates, pairs)))
    candidates = [c for c in candidates
                  if not any(c.start < end and start < c.end for start, end in url_spans)]
    chosen = select(candidates)
    chosen = select(chosen + from_lists(text, tokens, chosen) + from_elided(text, tokens, chosen)
                    + from_bracketed_lists(text, chosen))
    chosen = select(chosen + from_task_lists(text, tokens, chosen))
    chosen = select(chosen + from_shared_heads(text, tokens, chosen))
    link_variants(chosen)
    type_from_context(text, chosen, sentence_of)
    chosen = join_data_names(text, tokens, chosen)
    chosen = join_collections(text, tokens, join_models(text, tokens, chosen), sentence_of)
    chosen = fix_misread_data(text, pairs, chosen)
    describe(text, chosen, sentence_of)
    mark_roles(text, chosen, sentence_of)
    mentions = to_mentions(paper.id, paper.text, chosen, sentence_of)  # evidence quotes the original
    return PaperExtraction(paper=paper, mentions=tuple(mentions), code_links=tuple(code_links))


def _docs(nlp, papers: list[Paper]):
    for paper in papers:
        text = blank_markup(paper.text)  # same length: offsets into it are offsets into paper.text
        doc = nlp.make_doc(text)
        doc.user_data["kg_text"] = text
        yield doc


def extract(papers: Iterable[Paper], *, on_progress: Callable[[int], None] | None = None,
            jobs: int = 1) -> Iterator[PaperExtraction]:
    """Extract the mentions and code links of each paper, lazily and in input order.

    ``on_progress(n_done)`` is called after each batch of papers. With
    ``jobs`` > 1, batches are extracted by that many worker processes (forked,
    so they share the loaded pipeline); papers are independent of each other,
    so the result is the same. Fewer than :data:`MIN_PARALLEL` papers are
    extracted in this process.
    """
    load_pipeline()  # before any fork: the workers inherit it
    papers = list(papers)
    batches = [papers[i:i + BATCH_SIZE] for i in range(0, len(papers), BATCH_SIZE)]
    done = 0
    for extractions in fork_map(_extract_batch, batches, jobs=jobs if len(papers) >= MIN_PARALLEL else 1):
        yield from extractions
        done += len(extractions)
        if on_progress:
            on_progress(done)


def _extract_batch(papers: list[Paper]) -> list[PaperExtraction]:
    nlp = load_pipeline()
    return [_paper_extraction(paper, doc) for paper, doc in zip(papers, nlp.pipe(_docs(nlp, papers)))]
