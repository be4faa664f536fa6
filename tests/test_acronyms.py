"""Acronym definitions (Schwartz-Hearst) on hand-written sentences."""
from kg.acronyms import find_abbreviations, is_short_form, match_long_form


def _pairs(text):
    return [(a.short, a.long) for a in find_abbreviations(text)]


def test_long_form_then_short_form():
    assert _pairs("We train with Proximal Policy Optimization (PPO) on games.") == [
        ("PPO", "Proximal Policy Optimization")]


def test_short_form_then_long_form():
    assert _pairs("Layers use MoE (mixture of experts) routing.") == [("MoE", "mixture of experts")]


def test_offsets_point_at_both_forms():
    text = "We propose the Learning through Communication (LTC) paradigm."
    (pair,) = find_abbreviations(text)
    assert text[pair.short_start:pair.short_end] == "LTC"
    assert text[pair.long_start:pair.long_end] == "Learning through Communication"


def test_hyphenated_and_mixed_case_short_forms():
    assert _pairs("with Chain-of-Thought (CoT) prompting") == [("CoT", "Chain-of-Thought")]
    assert _pairs("Automatic Curriculum Expert Iteration (Auto-CEI) helps") == [
        ("Auto-CEI", "Automatic Curriculum Expert Iteration")]


def test_plural_short_form_and_markup_around_the_long_form():
    assert _pairs("membership inference attacks (MIAs) against LLMs") == [
        ("MIAs", "membership inference attacks")]
    assert _pairs("we provide *Open Bootstrapped Theorems* (OBT), a dataset") == [
        ("OBT", "Open Bootstrapped Theorems")]


def test_parentheses_that_are_not_definitions():
    assert _pairs("accuracy (see Table 2) and GPT-4 (OpenAI, 2023)") == []
    assert _pairs("results improve (by 5%)") == []


def test_short_form_shape():
    assert is_short_form("LTC") and is_short_form("GPT-4")
    assert not is_short_form("e.g.") and not is_short_form("the results") and not is_short_form("a")


def test_long_form_prefers_word_initials():
    words = "trained with Proximal Policy Optimization".split()
    assert words[match_long_form("PPO", words):] == ["Proximal", "Policy", "Optimization"]
    assert match_long_form("XYZ", words) == -1


def test_long_form_starts_at_a_word_not_inside_one():
    # "centralized" also ends "decentralized": the long form starts at the first word.
    assert _pairs("Agents use centralized learning decentralized acting (CLDA) today.") == [
        ("CLDA", "centralized learning decentralized acting")]


def test_camel_case_name_is_its_own_long_form():
    assert _pairs("In a first test we present TeachStack (TS) as a suite.") == [("TS", "TeachStack")]


def test_quoted_long_form_and_no_long_form_across_parentheses():
    assert _pairs("a new score, the ''Mean Zig Score'' (MZS) for X") == [("MZS", "Mean Zig Score")]
    assert _pairs("we keep visual (frames), audio (ASR) and text") == []


def test_definition_written_out_in_words():
    assert _pairs("We introduce ZORB, which stands for Zero-shot Optimised Retrieval Baseline "
                  "from Texts. Unlike earlier work, it is fast.") == [
        ("ZORB", "Zero-shot Optimised Retrieval Baseline")]
    assert _pairs("RL (short for reinforcement learning) is used.") == [("RL", "reinforcement learning")]
    assert _pairs("The ABC stands for nothing in particular.") == []


def test_a_long_form_that_repeats_a_word_starts_at_its_first_word():
    assert _pairs("This gives Quux Filtration for Proximal Quux Optimization (QF-PQO).") == [
        ("QF-PQO", "Quux Filtration for Proximal Quux Optimization")]
    # nor does a long form run back from the abstract into the title
    assert _pairs("Zorbic Re-ranking for Search\n\nZorbic Re-ranking (ZR) helps.") == [("ZR", "Zorbic Re-ranking")]


def test_a_short_form_dubbed_by_its_long_form():
    assert _pairs("We propose ZOTA, dubbed Zipping Orbits Through Attention, a framework.") == [
        ("ZOTA", "Zipping Orbits Through Attention")]
    # "called" before the short form names it; the definition after it still counts
    assert _pairs("A model called ZORB, which stands for Zero-shot Optimised Retrieval Baseline, is new.") == [
        ("ZORB", "Zero-shot Optimised Retrieval Baseline")]
    assert _pairs("We use an LLM called Zorbo and test it.") == []


def test_a_title_that_opens_with_a_name_and_its_long_form():
    assert _pairs("ZoQAN: Zonal Query Attention Networks for Reading\n\nWe propose ZoQAN.") == [
        ("ZoQAN", "Zonal Query Attention Networks")]
    assert _pairs("Geo-ZAP: Zonal Attention Pooling to Improve Maps\n\nText.") == [
        ("Geo-ZAP", "Zonal Attention Pooling")]
    # a camel-case name is no acronym of the words after it, nor is a sentence the title goes on with
    assert _pairs("DeepZorb: Deep Zonal Orbit Regression Benchmarks in the Wild\n\nText.") == []
    assert _pairs("ZOR-B: Zonal Orbits Regress Better Than Rivals\n\nText.") == []


def _mention(abstract, name):
    from kg.extract import extract
    from kg.records import Paper

    (result,) = list(extract([Paper(id="p", title="A Study", abstract=abstract)]))
    return next(m for m in result.mentions if m.name == name)


def test_an_acronym_the_paper_defines_otherwise_is_not_the_known_term():
    mse = _mention("We answer 78 questions from the Math Stack Exchange (MSE). Answers on MSE are rated.", "MSE")
    assert mse.type != "metric" and "mean squared error" not in mse.aliases
    mse = _mention("We report the mean squared error (MSE) of each model. MSE falls by half.", "MSE")
    assert mse.type == "metric"


def test_an_acronym_for_what_does_a_thing_is_not_the_known_doing():
    ir = _mention("We train an Information Retriever (IR) for the agent. The IR then ranks passages.", "IR")
    assert ir.type != "task" and "information retrieval" not in ir.aliases
    ir = _mention("We study information retrieval (IR) with agents. IR is hard.", "IR")
    assert ir.type == "task"


def test_a_misspelt_long_form_of_a_model_class_names_no_technique():
    from kg.extract import extract
    from kg.records import Paper

    abstract = "Tuning helps Language Learning Models (LLMs) follow rules. Zorb Learning Networks (ZLN) help too."
    (result,) = list(extract([Paper(id="p", title="A Study", abstract=abstract)]))
    names = {m.name for m in result.mentions}
    assert "Language Learning" not in names and "ZLN" in names
    (result,) = list(extract([Paper(id="p", title="A Study", abstract="We test LLMs (Llamo2 and Mistro-7B).")]))
    assert {"Llamo2", "Mistro-7B"} <= {m.name for m in result.mentions}
