"""What a paper creates: the role "introduced", unnamed new things, and the type a paper gives its names.

Hand-written sentences only (never gold text).
"""
import pytest

from kg.descriptions import described_type, vote
from kg.extract import extract
from kg.records import Paper
from kg.roles import from_introductions, introduction_cue, title_name


def _mentions(abstract, title="A Study of Things"):
    (result,) = list(extract([Paper(id="p", title=title, abstract=abstract)]))
    return {m.name: m for m in result.mentions}


# --- described_type ----------------------------------------------------------

@pytest.mark.parametrize("before, after, expected", [
    ("We release ", ", a family of open 7B models.", "model"),
    ("We release ", ", a suite of models for chemistry.", "model"),
    ("Our strongest model, ", ", beats the baselines.", "model"),
    ("We present a series of language models: ", ", tuned for law.", "model"),
    ("We distil its chat version (termed ", ") from a teacher.", "model"),
    ("", ", fine-tuned from Mistral, answers questions.", "model"),
    ("We call the resulting model ", ".", "model"),
    ("We introduce ", ", a benchmark of 500 puzzles.", "benchmark"),
    ("We propose ", ", a framework for measuring honesty in chatbots.", "benchmark"),
    ("We build a new evaluation set called ", ".", "benchmark"),
    ("We construct ", " with 2K annotated dialogues.", "dataset"),
    ("We propose ", ", a novel training framework for retrieval.", "method"),
    ("We propose a new framework for LLMs called ", ".", "method"),
    ("We formulate a new continual learning (CL) problem called ", ".", "task"),
])
def test_described_type_reads_the_head_noun_next_to_the_name(before, after, expected):
    assert described_type(before, after) == expected


@pytest.mark.parametrize("before, after", [
    ("On SQuAD, a reading comprehension dataset, ", " improves by 3 points."),
    ("In the Foo benchmark, ", " solves most tasks."),
    ("We evaluate this method on Llama 3, ", ", and Qwen."),
    ("Compared to tuning the whole model, ", " saves memory."),
    ("It uses the knowledge of the Art of Problem Solving (", ") forum."),
    ("We compare with ", " and others."),
])
def test_described_type_ignores_descriptions_of_something_else(before, after):
    assert described_type(before, after) == ""


def test_vote_prefers_the_majority_then_the_more_specific_type():
    assert vote(["method", "method", "model"]) == "method"
    assert vote(["method", "model"]) == "model"


def test_a_coined_name_takes_the_type_its_paper_gives_it():
    mentions = _mentions("We present FooChat-LLM, a family of chat models fine-tuned from Llama 2. "
                         "FooChat-LLM beats GPT-4 on BarQA.")
    assert mentions["FooChat-LLM"].type == "model"
    assert mentions["FooChat-LLM"].role == "introduced"


def test_a_title_name_described_as_a_benchmark_is_a_benchmark():
    mentions = _mentions("We release Quuxly to evaluate agents in games.",
                         title="Quuxly: A Unified Framework and Benchmark for Game Agents")
    assert mentions["Quuxly"].type == "benchmark"


def test_a_title_name_that_does_something_is_a_method_whatever_its_long_form_ends_in():
    abstract = ("We design a framework based on the summarized retrieval (SuRa). "
                "SuRa improves open-domain QA with LLMs.")
    mentions = _mentions(abstract, title="SuRa: Summarizing Retrievals for Open-domain QA")
    assert mentions["SuRa"].type == "method"
    assert mentions["SuRa"].role == "introduced"


def test_a_long_form_before_its_acronym_is_not_a_description_of_it():
    from kg.candidates import Candidate
    from kg.descriptions import describe

    text = "We build on the summarized retrieval (SuRa) for QA."
    at, short_at = text.index("summarized"), text.index("SuRa")
    long_form = Candidate(at, at + 20, "summarized retrieval", "task", "acronym:long", 4, 0.9)
    short = Candidate(short_at, short_at + 4, "SuRa", "task", "acronym:short", 4, 0.9)
    describe(text, [long_form, short], lambda char: (0, len(text)))
    assert short.described == ""


# --- introduction_cue ----------------------------------------------------------

@pytest.mark.parametrize("before, after", [
    ("We have developed ", " and a tokenizer for it."),
    ("We evaluate our models on standard benchmarks and a novel Dutch benchmark, ", "."),
    ("We refer to the model after continued pretraining as ", "."),
    ("This approach introduces two novel tasks: ", ", a classification task."),
    ("We study the problem from a new angle and propose ", " to solve it."),
])
def test_introduction_cues(before, after):
    assert introduction_cue(before, after) == "cue:before"


@pytest.mark.parametrize("before, after", [
    ("The analysis tool, ", ", is open-sourced."),
    ("Our data and ", " will be made publicly available."),
    ("Running the pipeline on the skills resulted in ", " - a dataset of hard questions."),
])
def test_release_and_result_cues(before, after):
    assert introduction_cue(before, after) != ""


@pytest.mark.parametrize("before, after", [
    ("We present a new model, FooLM, tuned on ", "."),
    ("We also present the tuning experiments with a small model -- ", "."),
    ("This paper presents a review following the ", " statement."),
    ("We propose a flexible objective termed FooPO that weights tokens during ", " training."),
])
def test_names_after_a_cue_that_are_not_what_is_proposed(before, after):
    assert introduction_cue(before, after) == ""


def test_a_study_is_not_a_creation():
    assert introduction_cue("This paper presents a ", " of agents.", name="systematic literature review") == ""


def test_an_unnamed_phrase_must_be_the_object_itself():
    assert introduction_cue("We propose a ", " for agents.", phrase=True) == "cue:before"
    assert introduction_cue("We design two methods: (1) ", " guides the model.", phrase=True) == "cue:before"
    assert introduction_cue("We propose a method that uses ", " for agents.", phrase=True) == ""
    assert introduction_cue("We propose a novel ", " framework, FooNet, for agents.", phrase=True) == ""


def test_parts_of_a_new_thing_are_new():
    before = ("We propose a general framework (FooKit) for question answering, which is composed "
              "of knowledge injection (KI) and ")
    assert introduction_cue(before, " (CR).") == "cue:before"


def test_title_name_from_to():
    assert title_name("From FooQA to FooNet: Rethinking Retrieval") == "FooNet"


# --- from_introductions --------------------------------------------------------

def _phrases(text):
    return [(c.text, c.type) for c in from_introductions(text, [(0, len(text))])]


@pytest.mark.parametrize("text, expected", [
    ("We propose a simple yet effective curriculum sampling strategy for agents.",
     [("curriculum sampling strategy", "method")]),
    ("To scale up, we next propose a black-box probing method.", [("black-box probing", "method")]),
    ("We construct a dataset of 900 annotated cooking recipes, checked by chefs.",
     [("cooking recipes dataset", "dataset")]),
    ("We collect a new large-scale dataset of zorb essays.", [("zorb essays dataset", "dataset")]),
    ("We introduce two quux environments -- zorbing and email writing.", [("quux environments", "benchmark")]),
    ("We design specific data mixture and curriculum strategies by reusing corpora.",
     [("data mixture", "method"), ("curriculum strategies", "method")]),
    ("We also propose a legal knowledge enhanced evaluation metric based on GPT-4.",
     [("legal knowledge enhanced evaluation metric", "metric")]),
    ("To fix this, we further put forward a zorb-growth limiter to smooth the gradient.",
     [("zorb-growth limiter", "method")]),
    ("We build three sandboxed quux environments for testing agents.", [("sandboxed quux environments", "benchmark")]),
    # a pipeline or module built on a known technique is a new thing, not the technique
    ("We develop an extendible procedural generation pipeline for tasks.",
     [("procedural generation pipeline", "method")]),
    ("We present the best quux detectors on the test set.", [("quux detectors", "method")]),
    ("We present the fastest zorb detectors so far.", [("zorb detectors", "method")]),
])
def test_unnamed_new_things_get_a_short_phrase(text, expected):
    assert _phrases(text) == expected


@pytest.mark.parametrize("text", [
    "We propose a novel training framework, FooNet, for agents.",
    "We propose a novel framework called FooNet for agents.",
    "We build a new zorb benchmark -- ZorbBench -- for agents.",
    "We propose a simple yet effective approach to reasoning.",
    "We collect an instruction-tuning dataset FooInstruct with 7k dialogues.",
    "We introduce the FOOBAR dataset for parsing.",
    "We assembled 106 medical datasets to create a suite.",
    "We develop a watermarking method for black-box models.",
    "We present a zorbing method that needs no calibration.",  # one word before "method" names nothing
    "We introduce a universal node and thus process both inputs as one sequence.",
    "As a byproduct, we have released the codes and parameter settings.",
    "We present a network and quux strategy that relies on augmentation.",  # a class word is no method
])
def test_no_phrase_when_the_new_thing_has_a_name_or_no_content(text):
    assert _phrases(text) == []


def test_an_unnamed_new_thing_is_an_introduced_mention():
    mentions = _mentions("We propose a novel curriculum sampling strategy for web agents. "
                         "It beats PPO on WebShop.")
    found = mentions["curriculum sampling strategy"]
    assert (found.type, found.role, found.named) == ("method", "introduced", False)
    assert mentions["PPO"].role == "used"


def test_an_unnamed_new_thing_is_not_the_known_name_its_words_spell():
    mentions = _mentions("We introduce a novel race dataset built from school exams. "
                         "Models are also tested on RACE and SQuAD.")
    assert mentions["race dataset"].role == "introduced"
    assert (mentions["RACE"].type, mentions["RACE"].role) == ("benchmark", "used")


def test_a_general_paradigm_after_a_cue_is_not_introduced():
    mentions = _mentions("We propose new ICL methods that use small zorb models. We also propose ZorbTune.")
    assert mentions["ICL"].role == "used"
    assert mentions["ZorbTune"].role == "introduced"


def test_a_known_term_named_only_later_is_not_introduced():
    mentions = _mentions("We present a new model, FooLM-7B, tuned on LLaMA-65B with financial data.")
    assert mentions["FooLM-7B"].role == "introduced"
    assert mentions["LLaMA-65B"].role == "used"


def test_a_versioned_name_absorbs_the_title_name():
    mentions = _mentions("We evaluate our adapted models, FooLlama-2, on two benchmarks.",
                         title="FooLlama: Teaching Llamas Frisian")
    assert "FooLlama" not in mentions
    assert mentions["FooLlama-2"].aliases[:1] == ("FooLlama",)
    assert mentions["FooLlama-2"].type == "model"


# --- multi-word names the paper coins ------------------------------------------

def test_a_new_title_case_name_wins_over_a_known_term_inside_it():
    # "Flow Matching" alone is a known technique; the paper's name is the whole phrase
    mentions = _mentions("We introduce Zorbic Flow Matching to align speech and text.")
    assert set(mentions) == {"Zorbic Flow Matching"}
    assert (mentions["Zorbic Flow Matching"].type, mentions["Zorbic Flow Matching"].role) == ("method", "introduced")


def test_a_title_case_name_set_beside_our_method_is_introduced():
    mentions = _mentions("Our framework, Dynamic Zorb Routing, halves the cost. Our benchmark, Long Zorb Suite, "
                         "covers 20 games.")
    assert [(m.type, m.role) for m in mentions.values()] == [("method", "introduced"), ("benchmark", "introduced")]
    assert list(mentions) == ["Dynamic Zorb Routing", "Long Zorb Suite"]


@pytest.mark.parametrize("abstract", [
    "We introduce Contrastive Zorb Gradient, or CZG, a simple RL algorithm. CZG is fast.",
    "We introduce Contrastive Zorb Gradient (called CZG), a simple RL algorithm. CZG is fast.",
])
def test_the_short_name_set_after_a_new_name_is_the_same_thing(abstract):
    mentions = _mentions(abstract)
    assert "Contrastive Zorb Gradient" not in mentions
    assert mentions["CZG"].aliases == ("Contrastive Zorb Gradient",)
    assert mentions["CZG"].role == "introduced"


def test_we_create_the_name_and_we_provide_the_name_introduce_it():
    assert _mentions("To test them, we create the ZorbBench, a tool benchmark.")["ZorbBench"].role == "introduced"
    assert _mentions("We provide Quux Zorb Theorems (QZT), a dataset.")["QZT"].role == "introduced"
    assert _mentions("We provide GPT-4 with feedback from a critic.")["GPT-4"].role == "used"


# --- problems and phenomena a paper names ---------------------------------------------

@pytest.mark.parametrize("abstract, name", [
    ("LLMs suffer from a phenomenon we term Zorb Drift, where answers change.", "Zorb Drift"),
    ("We refer to this failure as Zorb Drift.", "Zorb Drift"),
    ("Models trained on A is B fail on B is A, a failure we call the Zorb Curse.", "Zorb Curse"),
])
def test_a_phenomenon_the_paper_names_is_an_introduced_task(abstract, name):
    mention = _mentions(abstract)[name]
    assert (mention.type, mention.role) == ("task", "introduced")


def test_a_method_the_paper_names_with_we_call_stays_a_method():
    mention = _mentions("We call this approach Zorb Steering and show it helps.")["Zorb Steering"]
    assert (mention.type, mention.role) == ("method", "introduced")


def test_we_refer_to_a_known_model_as_something_does_not_introduce_it():
    assert _mentions("Following prior work, we refer to the GPT-4 judge as the evaluator.")["GPT-4"].role == "used"


@pytest.mark.parametrize("abstract, name", [
    ("We study the Zorb Matching Problem in depth.", "Zorb Matching Problem"),
    ("Models exhibit the Zorb Curse when trained on facts.", "Zorb Curse"),
])
def test_a_capitalised_problem_or_curse_is_a_named_task(abstract, name):
    mention = _mentions(abstract)[name]
    assert (mention.type, mention.role) == ("task", "used")


def test_a_new_task_set_after_its_head_is_introduced_whole():
    # "Question Answering" alone is a known task; the paper's task is the whole name
    mentions = _mentions("We introduce a new task, Zorb Question Answering, where models answer about zorbs.")
    assert "Question Answering" not in mentions
    assert (mentions["Zorb Question Answering"].type, mentions["Zorb Question Answering"].role) == ("task", "introduced")
    known = _mentions("We evaluate on a standard task, Question Answering, with GPT-4.")
    assert (known["Question Answering"].type, known["Question Answering"].role) == ("task", "used")


def test_a_name_built_on_the_papers_new_name_is_its_own_too():
    mentions = _mentions("We propose ZorbAct, a way for agents to act in code. ZorbActAgent, finetuned from "
                         "Llama-2, uses it. We also test Self-ZORB against ZORB, which we introduce here.")
    assert mentions["ZorbAct"].role == "introduced"
    assert mentions["ZorbActAgent"].role == "introduced"
    assert mentions["Self-ZORB"].role == "introduced"
    assert mentions["Llama-2"].role == "used"


def test_a_known_name_sharing_a_part_with_the_new_one_stays_used():
    mentions = _mentions("We propose Mistral-Zorb, a retriever. We compare it with Mistral-7B.")
    assert mentions["Mistral-Zorb"].role == "introduced"
    assert mentions["Mistral-7B"].role == "used"


@pytest.mark.parametrize("abstract, name", [
    ("To enhance flexibility, a prompt-aware zorb weight adapter is introduced in the second stage.",
     "prompt-aware zorb weight adapter"),
    ("A novel curriculum zorbing strategy is proposed to stabilise training.", "curriculum zorbing strategy"),
])
def test_what_the_paper_says_is_introduced_in_the_passive_is_its_own(abstract, name):
    mention = _mentions(abstract)[name]
    assert (mention.type, mention.role) == ("method", "introduced")


def test_what_was_proposed_by_others_is_not_introduced():
    assert _mentions("A curriculum zorbing strategy was proposed by earlier work.").get(
        "curriculum zorbing strategy") is None
