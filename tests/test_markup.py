"""TeX, HTML and Markdown markup blanked before extraction, offsets kept."""
from kg.extract import extract
from kg.markup import blank_markup
from kg.records import Paper


def test_blanking_keeps_length_and_the_words_under_markup():
    raw = r"We release \textsc{Zorb-7B} and \emph{Quux}, see the {two-stage} Foo~adds 45\% at ~6% cost."
    clean = blank_markup(raw)
    assert len(clean) == len(raw)
    assert clean.split() == ["We", "release", "Zorb-7B", "and", "Quux", ",", "see", "the", "two-stage",
                             "Foo", "adds", "45", "%", "at", "~6%", "cost."]


def test_math_and_unknown_macros_are_left_alone():
    raw = r"the tensor G_{LM} and $\textbf{S}^2$ with \foonet here"
    assert blank_markup(raw) == raw  # math untouched
    assert "G_{LM}" in blank_markup(raw) and r"\foonet" in blank_markup(raw)


def test_a_name_under_markup_is_found_and_its_evidence_quotes_the_original():
    paper = Paper(id="p", title="A Study", abstract=r"Results show the strength of \textsc{Zorbchat-7B} on chat.")
    (result,) = list(extract([paper]))
    (mention,) = [m for m in result.mentions if m.name == "Zorbchat-7B"]
    evidence = mention.evidence[0]
    assert paper.text[evidence.start:evidence.end] == "Zorbchat-7B"
    assert r"\textsc{" in evidence.sentence


def test_an_escaped_ampersand_joins_an_apposed_name():
    paper = Paper(id="p", title="A Study", abstract=r"We propose a novel framework, Zorb \& Quux, which ensembles.")
    (result,) = list(extract([paper]))
    assert "Zorb & Quux" in {m.name for m in result.mentions}


def test_html_tags_in_an_abstract_do_not_stick_to_names():
    (result,) = list(extract([Paper(id="p", title="A Study", abstract="We test on <b>HumanEval</b> and <i>ZorbQA</i>.")]))
    assert {(m.name, m.type) for m in result.mentions} >= {("HumanEval", "benchmark")}
    assert not any("<" in m.name or ">" in m.name for m in result.mentions)


def test_markdown_emphasis_around_a_new_name_is_blanked_but_a_starred_name_is_kept():
    abstract = "Using this method, we provide *Open Zorb Theorems* (OZT), an aligned dataset. We extend Zorb-MCTS* too."
    assert blank_markup(abstract).split()[5:8] == ["Open", "Zorb", "Theorems"]
    assert "Zorb-MCTS*" in blank_markup(abstract)
    (result,) = list(extract([Paper(id="p", title="A Study", abstract=abstract)]))
    ozt = next(m for m in result.mentions if m.name == "OZT")
    assert (ozt.type, ozt.role, ozt.aliases) == ("dataset", "introduced", ("Open Zorb Theorems",))
