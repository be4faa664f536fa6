"""Names typed as data that the sentence shows are not data (kg.misread), on hand-written papers."""
from kg.acronyms import find_abbreviations
from kg.candidates import Candidate
from kg.extract import extract
from kg.misread import fix_misread_data
from kg.records import Paper


def _types(abstract, title="A Study"):
    (result,) = list(extract([Paper(id="p", title=title, abstract=abstract)]))
    return {m.name: m.type for m in result.mentions}


def test_lower_case_long_form_makes_a_known_data_acronym_a_task():
    types = _types("We study the tasks of automatic post editing (APE) and translation. APE is hard.")
    assert types.get("APE") == "task"


def test_plural_acronym_of_a_general_phrase_is_not_data():
    text = "A Study\n\nAnswers come from Semantic Stores (SSs) instead."
    long_start = text.index("Semantic")
    cands = [Candidate(long_start, long_start + 15, "Semantic Stores", "dataset", "acronym:long", 4, 0.85, link="SSs"),
             Candidate(long_start + 17, long_start + 20, "SSs", "dataset", "acronym:short", 4, 0.85, link="SSs")]
    assert fix_misread_data(text, find_abbreviations(text), cands) == []
    types = _types("Answers are retrieved from Semantic Stores (SSs). SSs are often incomplete.")
    assert types.get("SSs") not in ("dataset", "benchmark")


def test_gan_variant_is_a_method():
    types = _types("We stabilise the training of ACDC-GAN with a new loss on CelebA.")
    assert types.get("ACDC-GAN") == "method"


def test_plain_words_in_a_title_case_title_are_not_a_data_set():
    types = _types("We propose a planner for shopping robots.", title="Robot Navigation in a Grocery Store")
    assert "Grocery Store" not in types


def test_one_word_cut_from_a_longer_name_is_dropped():
    types = _types("The model reaches the best results on the LFW and Google Faces benchmarks.")
    assert "Faces" not in types


def test_word_glued_to_a_method_name_is_not_listed_as_data():
    types = _types("On two face benchmarks, FDDB and AFW, Face R-FCN achieves the best results.")
    assert "Face" not in types


def test_unnamed_dataset_named_later_in_the_sentence_is_dropped():
    types = _types("We release a large video dataset for tracking named the Zorb-Track dataset.")
    assert types.get("Zorb-Track") == "dataset"
    assert not any(name.endswith("video dataset") for name in types)


def test_baseline_compared_against_is_a_method():
    types = _types("Our denoiser runs faster than benchmark ZQ4D on a CPU.")
    assert types.get("ZQ4D") == "method"


def test_known_data_name_before_a_training_noun_is_not_data():
    types = _types("The system uses lattice-free AFLW sequence training with several language models.")
    assert types.get("AFLW") not in ("dataset", "benchmark")
    types = _types("We report results on the AFLW training set.")
    assert types.get("AFLW") in ("dataset", "benchmark")


def test_plain_words_listed_with_tasks_are_tasks():
    types = _types("Results on bAbI, Graph Coloring, and Machine Translation tasks are strong.")
    assert types.get("Graph Coloring") == "task"
