"""Link confidence as a probability, and --min-confidence on the resolved corpus."""
import pytest

from kg.calibration import calibrate, keep_confident, parse_weights
from kg.errors import InputError
from kg.records import Corpus, Entity, Evidence, Link, Paper

PAPER = Paper(id="p1", title="Zorblax: Sparse Glimmer Tuning", abstract="We propose Zorblax. " * 3)


def _link(entity_id, *starts, rule="term", role="used", confidence=0.6):
    return Link("p1", entity_id, role, entity_id.capitalize(), confidence=confidence,
                evidence=tuple(Evidence("...", s, s + 7, rule) for s in starts))


def _corpus(*links, entities=None):
    entities = entities or [Entity(l.entity_id, l.name, "method") for l in links]
    return Corpus(papers=[PAPER], entities=entities, links=list(links))


def _confidence(link, type_="method"):
    (out,) = calibrate(_corpus(link, entities=[Entity(link.entity_id, link.name, type_)])).links
    return out.confidence


def test_confidences_are_probabilities_and_nothing_else_changes():
    corpus = _corpus(_link("zorblax", 0, 42), _link("glimmer", 50, rule="head", confidence=0.25))
    calibrated = calibrate(corpus)
    assert all(0.0 < link.confidence < 1.0 for link in calibrated.links)
    assert [l.confidence for l in calibrated.links] != [l.confidence for l in corpus.links]
    strip = lambda c: [(l.paper_id, l.entity_id, l.role, l.name, l.evidence) for l in c.links]
    assert strip(calibrated) == strip(corpus)
    assert calibrated.entities == corpus.entities


def test_a_link_the_paper_repeats_is_surer_than_one_said_once():
    assert _confidence(_link("glimmer", 50, 70, 90)) > _confidence(_link("glimmer", 50))


def test_what_the_paper_introduces_is_surer_than_a_passing_mention():
    assert _confidence(_link("zorblax", 50, role="introduced")) > _confidence(_link("zorblax", 50))


def test_a_gazetteer_name_is_surer_than_a_phrase_guessed_from_its_head():
    known = _confidence(_link("zorblax", 50, rule="gazetteer", confidence=0.85), "model")
    guessed = _confidence(_link("zorblax", 50, rule="head", confidence=0.25), "task")
    assert known > guessed


def test_keep_confident_drops_links_and_the_entities_left_without_one():
    corpus = _corpus(_link("zorblax", 0, confidence=0.9), _link("glimmer", 50, confidence=0.3))
    kept = keep_confident(corpus, 0.5)
    assert [l.entity_id for l in kept.links] == ["zorblax"]
    assert [e.id for e in kept.entities] == ["zorblax"]
    assert keep_confident(corpus, 0.0) == corpus


def test_keep_confident_keeps_the_family_of_a_kept_variant():
    entities = [Entity("zorb", "Zorb", "model"), Entity("zorb-7b", "Zorb-7B", "model", family_id="zorb"),
                Entity("blix", "Blix", "model")]
    links = [Link("p1", "zorb-7b", "used", "Zorb-7B", confidence=0.9),
             Link("p1", "blix", "used", "Blix", confidence=0.2)]
    kept = keep_confident(Corpus(papers=[PAPER], entities=entities, links=links), 0.5)
    assert [e.id for e in kept.entities] == ["zorb", "zorb-7b"]


@pytest.mark.parametrize("line", ["bias 0.5", "bias\tabout half", "bias\tnan"])
def test_a_bad_weights_line_names_its_file_and_line(line):
    with pytest.raises(InputError, match=r"w\.tsv, line 2: expected 'feature<TAB>weight'"):
        parse_weights([(2, line.split("\t"))], "w.tsv")
