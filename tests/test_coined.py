"""Quoted names a paper coins ("termed", "called", "dubbed"), on hand-written sentences."""
from kg.coined import from_coined
from kg.extract import extract
from kg.records import Paper


def _coined(text):
    return [(c.text, c.type, c.named) for c in from_coined(text, [(0, len(text))])]


def test_a_lower_case_coinage_after_termed_is_an_unnamed_introduced_method():
    paper = Paper(id="p", title="A Study", abstract='We propose a simple prompting strategy, termed "look-twice". '
                  "It helps small models.")
    (result,) = list(extract([paper]))
    mention = next(m for m in result.mentions if m.name == "look-twice")
    assert (mention.type, mention.role, mention.named) == ("method", "introduced", False)


def test_the_head_before_the_naming_word_gives_the_type():
    assert _coined('We release a new benchmark, dubbed "Zorb Suite", for agents.') == \
        [("Zorb Suite", "benchmark", True)]


def test_a_word_between_the_naming_word_and_the_quotes_is_allowed():
    assert _coined('We introduce a method, called twice "skim-then-read", for QA.') == \
        [("skim-then-read", "method", False)]


def test_a_label_for_other_work_is_not_coined():
    assert _coined('Earlier prompts (called "thinking moves") help models.') == []
    assert _coined("We propose a method called Foo for QA.") == []  # no quotes: kg.context finds it
