"""Link confidence: how likely a paper's link to an entity is right.

The rules give every mention a strength (:func:`kg.mentions.confidence`), a
hand-set number that orders readings within a paper. What a link's reader
wants instead is a probability: of the links at 0.8, about eight in ten
right. :func:`calibrate` turns each link's evidence into one with a logistic
model: the strength, the rules that found the link, how often and where the
paper says it (the title), the entity's type and the link's role. Its weights
are data, ``kg/rules/calibration.tsv``, fitted by
``benchmarks/fit_calibration.py`` on annotated papers of the sample corpus;
``docs/quality.md`` gives how well the probabilities hold on papers the fit
never saw.

:func:`keep_confident` drops the links below a threshold (``kg build
--min-confidence``). It works on the resolved corpus, so an entity's id and
name do not depend on the threshold.

Examples
--------
>>> from kg.records import Evidence, Link, Paper
>>> paper = Paper(id="p1", title="Zorb: a new benchmark", abstract="We test on Zorb and on Blix.")
>>> seen = lambda start, rule: Evidence("...", start, start + 4, rule)
>>> sure = Link("p1", "zorb", "introduced", "Zorb", confidence=0.9,
...             evidence=(seen(0, "title"), seen(34, "shape")))
>>> guess = Link("p1", "blix", "used", "Blix", confidence=0.25, evidence=(seen(45, "term"),))
>>> probability(features(sure, "benchmark", paper)) > probability(features(guess, "method", paper))
True
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from kg.errors import InputError
from kg.gazetteer import rule_rows
from kg.records import Corpus, Link, Paper

WEIGHTS_FILE = "calibration.tsv"


def features(link: Link, entity_type: str, paper: Paper) -> dict[str, float]:
    """The link's evidence as named numbers, the model's inputs.

    ``strength`` is the log-odds of the rules' own confidence; ``rule:X`` is 1
    for each rule X that found a mention; ``repeats`` counts further places
    the paper names it (at most three, scaled to 0..1).
    """
    strength = min(max(link.confidence, 0.01), 0.99)
    out = {
        "bias": 1.0,
        "strength": math.log(strength / (1.0 - strength)),
        "repeats": min(len({e.start for e in link.evidence}) - 1, 3) / 3 if link.evidence else 0.0,
        "in_title": 1.0 if any(e.start < paper.abstract_offset for e in link.evidence) else 0.0,
        "introduced": 1.0 if link.role == "introduced" else 0.0,
        "capitalised": 1.0 if link.name[:1].isupper() else 0.0,
        "words": min(len(link.name.split()), 5) / 5,
        f"type:{entity_type}": 1.0,
    }
    for rule in {e.rule for e in link.evidence}:
        out[f"rule:{rule}"] = 1.0
    return out


def probability(values: dict[str, float]) -> float:
    """The model's probability for one link's :func:`features`; unknown features weigh nothing."""
    weights = load_weights()
    z = sum(weights.get(name, 0.0) * value for name, value in values.items())
    return 1.0 / (1.0 + math.exp(-z))


def calibrate(corpus: Corpus) -> Corpus:
    """The corpus with each link's confidence the model's probability that it is right.

    It reads the rules' scores that :func:`kg.resolve.resolve` gives the links;
    a corpus calibrated once is not input for a second time.
    """
    types = {e.id: e.type for e in corpus.entities}
    papers = {p.id: p for p in corpus.papers}
    links = [replace(link, confidence=round(probability(features(link, types[link.entity_id],
                                                                 papers[link.paper_id])), 3))
             for link in corpus.links]
    return replace(corpus, links=links)


def keep_confident(corpus: Corpus, min_confidence: float) -> Corpus:
    """The corpus without links below ``min_confidence``, nor entities left with no link.

    A variant's family stays while one of its variants does.
    """
    if min_confidence <= 0.0:
        return corpus
    links = [link for link in corpus.links if link.confidence >= min_confidence]
    family_of = {e.id: e.family_id for e in corpus.entities}
    kept = set()
    for entity_id in {link.entity_id for link in links}:
        while entity_id and entity_id not in kept:  # the entity, its family, the family's family, ...
            kept.add(entity_id)
            entity_id = family_of.get(entity_id, "")
    entities = [e for e in corpus.entities if e.id in kept]
    return replace(corpus, links=links, entities=entities)


@lru_cache(maxsize=1)
def load_weights() -> dict[str, float]:
    """The model's weights from ``kg/rules/calibration.tsv``: feature name -> weight."""
    where = f"kg/rules/{WEIGHTS_FILE}"
    weights = parse_weights(rule_rows(WEIGHTS_FILE), where)
    if not weights:
        raise InputError(f"{where}: missing or empty; refit it with benchmarks/fit_calibration.py")
    return weights


def parse_weights(rows: Iterable[tuple[int, list[str]]], where: str) -> dict[str, float]:
    """Weights from ``(line number, [feature, weight])`` rows; ``where`` names the file in errors.

    >>> parse_weights([(2, ["bias", "0.5"]), (3, ["rule:term", "-1.25"])], "w.tsv")
    {'bias': 0.5, 'rule:term': -1.25}
    """
    weights = {}
    for lineno, columns in rows:
        try:
            weight = float(columns[1]) if len(columns) == 2 else math.nan
        except ValueError:
            weight = math.nan
        if not math.isfinite(weight):
            raise InputError(f"{where}, line {lineno}: expected 'feature<TAB>weight', "
                             f"got {chr(9).join(columns)!r}")
        weights[columns[0].strip()] = weight
    return weights
