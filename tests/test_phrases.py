"""Technique phrases, technique lists and measure cues on small hand-written sentences."""
import re

import pytest

from kg.candidates import Candidate, Token, from_terms, word_before
from kg.extract import extract
from kg.measures import from_measure_cues
from kg.phrases import drop_misused, extend_known, from_cued_terms, from_title_architectures
from kg.records import Paper
from kg.techniques import from_technique_lists


def _tokens(text, sent=1):
    return [Token(m.group(0), m.start(), sent) for m in re.finditer(r"[\w]+(?:-[\w]+)*|[^\w\s]", text)]


def _known(text, phrase, type_="method"):
    start = text.index(phrase)
    return Candidate(start, start + len(phrase), phrase, type_, "gazetteer", 3, 0.9, named=False, known=phrase)


def _mentions(abstract, title="A Study"):
    (result,) = list(extract([Paper(id="p", title=title, abstract=abstract)]))
    return {m.name: m for m in result.mentions}


# --- glued suffixes and term phrases ----------------------------------------------

def test_a_glued_suffix_is_one_modifier_word():
    tokens = [Token("simple", 0, 1), Token("frequency", 7, 1), Token("-based", 16, 1), Token("matching", 23, 1)]
    assert word_before(tokens, 3) == ("frequency-based", 1)


def test_glued_modifier_and_new_heads_make_technique_terms():
    mentions = _mentions("Methods range from simple frequency-based matching to late fusion of features.")
    assert mentions["frequency-based matching"].type == "method"
    assert mentions["late fusion"].type == "method"
    assert "simple frequency-based matching" not in mentions


def test_a_phrase_ending_in_a_model_class_is_dropped():
    text = "We train deep neural networks and adapter networks."
    terms = [c for c in from_terms(text, _tokens(text)) if c.type == "method"]
    assert [c.text for c in drop_misused(text, _tokens(text), terms)] == ["adapter networks"]


@pytest.mark.parametrize("abstract, term", [
    ("Our detector reaches state of the art accuracy on the test set.", "accuracy"),
    ("The student reaches competitive accuracy with less training.", "accuracy"),
    ("We replace the backbone with an off-the-shelf network.", None),
])
def test_praise_and_comparison_are_no_part_of_a_term(abstract, term):
    names = set(_mentions(abstract))
    assert not any(name.startswith(("art ", "competitive ", "less ", "off-the-shelf ")) for name in names)
    assert term is None or term in names


@pytest.mark.parametrize("abstract", [
    "The agent learns zorb detection from a few demonstrations.",
    "The solver conducts local optimization on each block.",
])
def test_a_verb_before_a_term_is_no_part_of_it(abstract):
    names = set(_mentions(abstract))
    assert names and not any(name.startswith(("learns ", "conducts ")) for name in names)


def test_manipulation_heads_a_task():
    mentions = _mentions("We evaluate zorb-arm manipulation on three robots.")
    assert mentions["zorb-arm manipulation"].type == "task"


def test_a_term_broken_over_two_lines_is_named_with_one_space():
    mentions = _mentions("We train an actor  network and a critic\nnetwork jointly.")
    assert {"actor network", "critic network"} <= set(mentions)
    assert all("  " not in alias and "\n" not in alias for m in mentions.values() for alias in m.aliases)


# --- known terms widened ------------------------------------------------------------

def test_a_classifying_adjective_widens_a_known_technique():
    text = "We then apply multimodal instruction tuning."
    found = extend_known(text, _tokens(text), [_known(text, "instruction tuning")])
    assert [(c.text, c.known) for c in found] == [("multimodal instruction tuning", "")]


@pytest.mark.parametrize("text", ["We outperform adaptive instruction tuning.",
                                  "We show that instruction tuning helps.",
                                  "We collect multimodal instruction tuning data."])
def test_describing_words_verbs_and_data_do_not_widen(text):
    assert extend_known(text, _tokens(text), [_known(text, "instruction tuning")]) == []


def test_offline_is_a_technique_qualifier():
    text = "It relies on offline curriculum learning."
    found = extend_known(text, _tokens(text), [_known(text, "curriculum learning")])
    assert [c.text for c in found] == ["offline curriculum learning"]


def test_a_prefix_compound_is_a_technique_qualifier():
    text = "Speaking is trained with multi-agent curriculum learning."
    found = extend_known(text, _tokens(text), [_known(text, "curriculum learning")])
    assert [c.text for c in found] == ["multi-agent curriculum learning"]


def test_a_kind_of_word_widens_a_known_acronym_but_a_participle_does_not():
    text = "We test Example-based ICL and fine-tuned ICL."
    first = text.index("ICL")
    cands = [Candidate(first, first + 3, "ICL", "method", "gazetteer", 3, 0.9, named=False),
             Candidate(text.rindex("ICL"), text.rindex("ICL") + 3, "ICL", "method", "gazetteer", 3, 0.9,
                       named=False)]
    tokens = _tokens(text)
    assert [c.text for c in extend_known(text, tokens, cands)] == ["Example-based ICL"]


def test_capitalised_architecture_names_of_the_title():
    title = "Scene Parsing with Pyramid Pooling Networks and Analysis and Graph Transformer"
    tokens = _tokens(title, sent=0)
    assert [c.text for c in from_title_architectures(title, tokens)] == ["Pyramid Pooling Networks"]
    title = "Improving Graph Networks"
    assert [c.text for c in from_title_architectures(title, _tokens(title, sent=0))] == ["Graph Networks"]


@pytest.mark.parametrize("title, name", [
    ("Gated-Zorb Readers for Text Comprehension", "Gated-Zorb Readers"),
    ("Shortcut-Zorbed Sentence Encoders for Inference", "Shortcut-Zorbed Sentence Encoders"),
    # a new name around a known architecture is the paper's, not a mention of the known one
    ("Full-Zorb Residual Networks for Semantic Segmentation", "Full-Zorb Residual Networks"),
])
def test_a_title_names_its_architecture(title, name):
    mentions = _mentions("We study it.", title=title)
    assert mentions[name].type == "method"
    assert "Residual Networks" not in mentions


@pytest.mark.parametrize("title, name", [
    ("Zorbic Pooling for Image Classification", "Zorbic Pooling"),
    ("Sentence-Zorb LSTM for Text Representation", "Sentence-Zorb LSTM"),  # wins over the LSTM inside
])
def test_the_name_a_title_opens_with_before_for_is_the_papers_method(title, name):
    mentions = _mentions("We study it on two data sets.", title=title)
    assert (mentions[name].type, mentions[name].role) == ("method", "introduced")


def test_a_title_name_and_the_abstracts_short_name_for_it_are_one_method():
    mentions = _mentions("We propose Zo-GRU, a new recurrent unit. Zo-GRU trains fast.",
                         title="Zorbic Gated Recurrent Units for Speech Recognition")
    assert "Zorbic Gated Recurrent Units" in mentions["Zo-GRU"].aliases
    assert mentions["Zo-GRU"].role == "introduced"


@pytest.mark.parametrize("title, abstract, topic", [
    # the abstract names its own method: the title says the topic
    ("Automatic Zorb Optimization for Open Models", "We propose ZorbLM, a new method.", "Automatic Zorb Optimization"),
    ("Offline Reinforcement Learning for Zorb Reasoning", "We study it.", "Offline Reinforcement Learning"),
    ("Learning Transferable Zorbs for Image Classification", "We study it.", "Learning Transferable Zorbs"),
])
def test_a_title_topic_before_for_is_not_a_new_method(title, abstract, topic):
    mentions = _mentions(abstract, title=title)
    assert topic not in mentions or mentions[topic].role == "used"


def test_a_general_word_before_a_known_architecture_names_nothing_new():
    assert "Deep Residual Networks" not in _mentions("We study it.", title="Deep Residual Networks for Zorbs")


# --- misused method terms -----------------------------------------------------------

def test_gerund_verb_data_modifier_and_adjective_uses_are_dropped():
    text = ("By probing the model we filter instruction tuning datasets with regularization-based "
            "rules. Linear probing works.")
    cands = [_known(text, "probing"), _known(text, "instruction tuning"), _known(text, "regularization"),
             _known(text, "Linear probing")]
    assert [c.text for c in drop_misused(text, _tokens(text), cands)] == ["Linear probing"]


def test_a_capitalised_word_closing_a_longer_name_is_not_the_known_term():
    text = "We study the Universal Research Transformer and the Transformer."
    first = text.index("Transformer")
    cands = [Candidate(first, first + 11, "Transformer", "method", "gazetteer", 3, 0.9),
             Candidate(text.rindex("Transformer"), text.rindex("Transformer") + 11, "Transformer", "method",
                       "gazetteer", 3, 0.9)]
    kept = drop_misused(text, _tokens(text), cands)
    assert [c.start for c in kept] == [text.rindex("Transformer")]


# --- broad heads with a cue -----------------------------------------------------------

def test_broad_head_phrase_needs_a_list_with_a_technique_or_a_naming_cue():
    text = "It beats behavior cloning and reinforced fine-tuning, unlike model training."
    found = from_cued_terms(text, _tokens(text), [_known(text, "behavior cloning")])
    assert [c.text for c in found] == ["reinforced fine-tuning"]
    text = "We add a concept called refresh learning."
    assert [c.text for c in from_cued_terms(text, _tokens(text), [])] == ["refresh learning"]
    text = "We follow a two-stage training paradigm."
    assert from_cued_terms(text, _tokens(text), []) == []


def test_a_broad_head_phrase_the_paper_proposes_is_its_new_technique():
    mentions = _mentions("To help the student, we propose self-zorbing learning to motivate it.")
    assert mentions["self-zorbing learning"].role == "introduced"


def test_a_broad_head_phrase_the_paper_repeats_names_a_technique():
    text = "Sparse-gate training saves memory. Unlike dense training, sparse-gate training is cheap."
    found = [c.text for c in from_cued_terms(text, _tokens(text), [])]
    assert found == ["Sparse-gate training", "sparse-gate training"]


# --- technique lists --------------------------------------------------------------------

def _listed(text):
    return [c.text for c in from_technique_lists(text, [(0, len(text))])]


def test_members_after_a_category_noun_are_methods():
    assert _listed("We study unlearning methods such as weight saliency and gradient ascent.") == [
        "weight saliency", "gradient ascent"]
    assert _listed("Prompting strategies, such as thinking aloud, asking twice, and their mixtures.") == [
        "thinking aloud", "asking twice"]


def test_enumerated_and_dashed_lists():
    assert _listed("For training methods, (i) span masking, (ii) token dropping, (iii) shuffling are used.") == [
        "span masking", "token dropping", "shuffling"]
    assert _listed("Three approaches -- data pruning, loss reweighting, and output filtering -- help.") == [
        "data pruning", "loss reweighting", "output filtering"]


def test_a_closed_list_needs_three_members():
    assert _listed("It is robust under cropping, rotation, and color jitter attacks.") == [
        "cropping", "rotation", "color jitter"]
    assert _listed("We compare prompting and generation methods.") == []


def test_list_members_that_are_verbs_or_bare_generic_words_are_left_out():
    assert _listed("Approaches such as fine-tuning, modify the weights.") == []
    assert _listed("Strategies such as scalability and reliability matter.") == []


# --- measure cues --------------------------------------------------------------------------

def _measured(text):
    return [c.text for c in from_measure_cues(text, [(0, len(text))])]


def test_numbers_reported_for_a_quality_make_it_a_metric():
    assert _measured("We see a 40% reduction in memory usage.") == ["memory usage"]
    assert _measured("It improves answer consistency by 12% and decoding latency by 2x.") == [
        "answer consistency", "decoding latency"]
    assert _measured("It runs with decoding speed being about 3x faster.") == ["decoding speed"]


def test_a_quality_given_as_a_number_or_a_share_is_a_metric():
    assert _measured("It reaches a remarkable 90% zorb ratio at 32k tokens.") == ["zorb ratio"]
    assert _measured("It loses 0% of model utility and keeps 98% of the accuracy.") == ["model utility"]
    assert _measured("We keep 10% of the data and a 20% subset of the performance.") == []


def test_assessed_and_achieved_qualities_are_metrics():
    assert _measured("We assess robustness and fairness in terms of bias.") == ["robustness", "fairness"]
    assert _measured("The agent achieves high user satisfaction.") == ["user satisfaction"]
    assert _measured("It gives scores for traits such as fluency, novelty and coherence.") == [
        "fluency", "novelty", "coherence"]


def test_vague_words_are_not_metrics():
    assert _measured("We improve performance by 5% and evaluate capabilities.") == []
    assert _measured("It cuts cost by 3x.") == []


def test_what_a_reported_number_improved_is_a_metric_even_without_a_quality_word():
    assert _measured("Users show a 17% improvement in task mastery.") == ["task mastery"]
    assert _measured("It raises users' self-efficacy (up to 9%).") == ["self-efficacy"]


def test_the_error_a_number_is_given_for_is_a_metric():
    assert _measured("We obtain 3.1% error on the test set and a 7.2% top-5 error rate.") == [
        "error", "top-5 error rate"]
    assert _measured("This gives a 20% error reduction; 5% errors remain in labels.") == []


def test_an_ability_or_task_a_number_improved_is_not_a_metric():
    assert _measured("We see a 5% gain in zero-shot generalization.") == []
    assert _measured("It yields a 12% improvement in question answering.") == []


@pytest.mark.parametrize("abstract, name, known", [
    ("We propose the Zorb-State LSTM, a recurrent network for long texts.", "Zorb-State LSTM", "LSTM"),
    ("Our detector, Zorbic R-CNN, finds small objects.", "Zorbic R-CNN", "R-CNN"),
])
def test_a_capitalised_name_before_a_known_architecture_names_a_new_method(abstract, name, known):
    mentions = _mentions(abstract)
    assert mentions[name].type == "method"
    assert known not in mentions


def test_a_general_word_or_a_sentence_start_before_a_known_architecture_is_no_new_name():
    assert "LSTM" in _mentions("We train a Deep LSTM on news.")
    assert "LSTM" in _mentions("LSTM models are strong. Recurrent LSTM layers help.")
