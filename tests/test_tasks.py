"""Task phrases on small hand-written papers (never the gold files)."""
import re

import pytest

from kg.candidates import Candidate, Token
from kg.extract import extract
from kg.records import Paper
from kg.task_lists import from_task_lists
from kg.tasks import drop_misused, extend_tasks, from_titles, is_task_head, task_name


def _tokens(text, sent=1):
    return [Token(m.group(0), m.start(), sent) for m in re.finditer(r"[\w-]+|[^\w\s]", text)]


def _tasks(abstract, title="A Study"):
    paper = Paper(id="p", title=title, abstract=abstract)
    (result,) = list(extract([paper]))
    return {m.name: m for m in result.mentions if m.type == "task"}


def test_task_heads_include_hyphenated_heads():
    assert is_task_head("Retrieval") and is_task_head("speech-recognition")
    assert not is_task_head("network") and not is_task_head("problem-solving-ish")


def test_task_name_lowercases_capitalised_words_and_keeps_acronyms():
    assert task_name(["MRI", "Scan", "Segmentation"]) == "MRI scan segmentation"


def test_title_phrase_ending_in_a_task_head_is_a_task():
    tasks = _tasks("We study a new way to find tools.", title="Better Widget Retrieval with Small Models")
    assert "widget retrieval" in tasks


def test_title_verb_before_the_phrase_is_not_part_of_it():
    title = "Improving Widget Retrieval by Prompting"
    assert [c.text for c in from_titles(title, _tokens(title, 0))] == ["widget retrieval"]


def test_title_coordinated_heads_share_their_modifiers():
    title = "FooNet: MRI Scan Understanding and Generation"
    names = [c.text for c in from_titles(title, _tokens(title, 0))]
    assert names == ["MRI scan understanding", "MRI scan generation"]


def test_title_phrase_that_goes_on_is_not_a_task():
    title = "Optimal Reasoning Trajectories Search for Agents"
    assert from_titles(title, _tokens(title, 0)) == []


def test_title_phrase_around_a_known_task_is_one_mention_with_it():
    tasks = _tasks("We improve machine translation of rare words.",
                   title="Neural Machine Translation of Rare Words")
    (mention,) = tasks.values()
    assert {f.lower() for f in (mention.name, *mention.aliases)} >= {"machine translation", "neural machine translation"}


def test_words_listed_with_a_task_are_tasks():
    tasks = _tasks("We compare with baselines across logical reasoning, cryptanalysis, and planning tasks.")
    assert {"logical reasoning", "cryptanalysis", "planning"} <= set(tasks)


def test_specific_head_alone_in_a_list_of_tasks_is_a_task():
    tasks = _tasks("Models do well on tasks like zorb parsing, quux answering, translation, and summarization.")
    assert {"translation", "summarization"} <= set(tasks)


def test_list_that_tasks_such_as_opens_is_a_list_of_tasks():
    tasks = _tasks("Our agent excels in dialogue tasks that include teaching and zorb elicitation.")
    assert {"teaching", "zorb elicitation"} <= set(tasks)
    assert "zorb elicitation" not in _tasks("Our agent excels in teaching and zorb elicitation.")


def test_acronyms_listed_with_a_tasks_acronym_are_tasks():
    tasks = _tasks("We test speech tasks such as ASR, ZT, and QV on three sets.")
    assert {"ASR", "ZT", "QV"} <= set(tasks)
    assert "ZT" not in _tasks("We test speech recognition, ZT, and QV on three sets.")


def test_list_members_share_a_coordinated_head():
    text = "We evaluate on deductive, abductive, and inductive reasoning."
    tokens = _tokens(text)
    seed = Candidate(text.index("inductive"), text.index("."), "inductive reasoning", "task", "gazetteer", 3,
                     0.9, named=False)
    assert [c.text for c in from_task_lists(text, tokens, [seed])] == ["abductive reasoning", "deductive reasoning"]


def test_list_stops_at_verbs_and_things():
    tasks = _tasks("Models do well in summarization, and address these challenges. "
                   "They need task planning, long-term memory, and good tools.")
    assert not {"address", "long-term memory", "good tools"} & set(tasks)


def test_discourse_nouns_in_a_list_of_tasks_are_not_tasks():
    tasks = _tasks("We discuss tasks such as summarization, translation, and considerations for specific tasks.")
    assert {"summarization", "translation"} <= set(tasks) and "considerations" not in tasks


def test_compound_modifier_extends_a_known_task():
    text = "We use closed-book question answering tasks."
    tokens = _tokens(text)
    known = Candidate(text.index("question"), text.index(" tasks"), "question answering", "task", "gazetteer",
                      3, 0.9, named=False)
    assert [c.text for c in extend_tasks(text, tokens, [known])] == ["closed-book question answering"]


def test_field_adjective_is_part_of_a_known_task():
    tasks = _tasks("ZorbBERT gains on clinical relation extraction and on financial sentiment analysis, "
                   "but not on efficient relation extraction.")
    assert {"clinical relation extraction", "financial sentiment analysis", "relation extraction"} <= set(tasks)
    assert "efficient relation extraction" not in tasks


def test_acronym_modifier_beats_the_name_shaped_word():
    tasks = _tasks("Gains are largest on out-of-distribution tasks such as STEM reasoning.")
    assert "STEM reasoning" in tasks


def test_task_used_as_a_modifier_is_dropped():
    text = "We collect multi-step reasoning data."
    cand = Candidate(text.index("multi"), text.index(" data"), "multi-step reasoning", "task", "gazetteer", 3,
                     0.9, named=False)
    assert drop_misused(text, [cand]) == []


def test_generic_capability_is_not_a_task():
    tasks = _tasks("Pretraining gives models strong language understanding. The module mimics human reasoning.")
    assert not {"language understanding", "human reasoning"} & set(tasks)


def test_vague_modifier_of_a_broad_head_is_a_capability():
    tasks = _tasks("Token-level models struggle with semantic reasoning. The agent lacks context understanding. "
                   "We evaluate on mathematical reasoning tasks.")
    assert not {"semantic reasoning", "context understanding"} & set(tasks)
    assert "mathematical reasoning" in tasks


def test_task_phrase_before_a_process_noun_is_no_task():
    tasks = _tasks("The attack hides the trigger generation process. Outputs expose token prediction "
                   "probabilities to the user.")
    assert not {"trigger generation", "token prediction"} & set(tasks)


def test_function_word_never_starts_a_task():
    tasks = _tasks("This matters in the medical domain because understanding images is hard.")
    assert not any("because" in name for name in tasks)


def test_title_goal_named_by_an_activity_noun_is_a_task():
    title = "Small Agents for Cooperative Route Building"
    assert [c.text for c in from_titles(title, _tokens(title, 0))] == ["cooperative route building"]


def test_title_object_of_improving_named_by_an_activity_noun_is_a_task():
    title = "Improving Zorb Effectiveness through Quux Feedback"
    assert [c.text for c in from_titles(title, _tokens(title, 0))] == ["zorb effectiveness"]


def test_title_goal_that_is_a_method_is_not_a_task():
    title = "A Corpus for Vision-Language Pretraining"
    assert from_titles(title, _tokens(title, 0)) == []


def test_specific_head_alone_in_a_title_is_a_task():
    title = "Practical Unlearning for Large Language Models"
    assert [c.text for c in from_titles(title, _tokens(title, 0))] == ["unlearning"]


def test_model_class_before_a_specific_head_names_the_task():
    tasks = _tasks("Recent work on large language model (LLM) unlearning removes data. LLM unlearning is hard.")
    assert "LLM unlearning" in tasks


@pytest.mark.parametrize("abstract, name, role", [
    ("We introduce the task of zorb forecasting in the wild, where models predict zorbs.",
     "zorb forecasting in the wild", "introduced"),
    ("Prior work studies the task of inferring missing zorbs based on existing ones.", "inferring missing zorbs", "used"),
    ("We study the task of zorb retrieval in this paper.", "zorb retrieval", "used"),
])
def test_the_task_of_names_a_task(abstract, name, role):
    mention = _tasks(abstract)[name]
    assert mention.role == role


def test_the_task_of_improving_something_is_a_goal_not_a_task():
    assert _tasks("We focus on the task of improving zorb quality.") == {}


def test_what_the_paper_formulates_as_a_new_task_is_its_own_task():
    assert _tasks("We formulate Multi-Zorb Planning as a new task and build a benchmark.")[
        "Multi-Zorb Planning"].role == "introduced"
    assert _tasks("We cast zorb matching as a new task.")["zorb matching"].role == "introduced"
    assert _tasks("We cast summarization as a new task.")["summarization"].role == "used"

