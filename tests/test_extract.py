"""Extraction on small hand-written papers (never the gold files)."""
import pytest

from kg.extract import extract
from kg.records import Paper


def _extract(abstract, title="A Study"):
    paper = Paper(id="p", title=title, abstract=abstract)
    (result,) = list(extract([paper]))
    return paper, result


def _by_name(result):
    return {m.name: m for m in result.mentions}


def test_we_propose_x_is_introduced():
    _, result = _extract("We propose FooNet, a simple framework for retrieval. FooNet beats PPO.")
    mentions = _by_name(result)
    assert mentions["FooNet"].role == "introduced"
    assert mentions["FooNet"].type == "method"
    assert mentions["PPO"].role == "used"


def test_on_the_x_benchmark_is_a_used_benchmark():
    _, result = _extract("We report results on the ZorbQA benchmark and the Quux dataset.")
    mentions = _by_name(result)
    assert (mentions["ZorbQA"].type, mentions["ZorbQA"].role) == ("benchmark", "used")
    assert mentions["Quux"].type == "dataset"


@pytest.mark.parametrize("abstract, name", [
    ("We report results on the Multi-Agent Zorbcraft benchmark.", "Multi-Agent Zorbcraft"),
    ("Agents are trained in the Multi-agent Zorbcraft environment.", "Multi-agent Zorbcraft"),
    ("Our model leads on the LFW and YouTube Quux benchmarks.", "YouTube Quux"),
])
def test_capitalised_words_before_a_data_head_name_it_whole(abstract, name):
    """A hyphenated word and a word never a name alone ("Multi-Agent", "YouTube") are part of it."""
    _, result = _extract(abstract)
    assert _by_name(result)[name].type == "benchmark"


def test_a_new_name_around_a_known_benchmark_is_the_papers_own():
    _, result = _extract("Agents cooperate in a novel Multi-agent NetHack environment. NetHack is hard.")
    mentions = _by_name(result)
    assert (mentions["Multi-agent NetHack"].type, mentions["Multi-agent NetHack"].role) == ("benchmark", "introduced")
    assert mentions["NetHack"].role == "used"


def test_acronym_and_long_form_are_one_mention():
    _, result = _extract("We propose Learning through Communication (LTC). LTC improves agents.")
    (mention,) = [m for m in result.mentions if m.name == "LTC"]
    assert "Learning through Communication" in mention.aliases
    assert mention.role == "introduced"
    assert not any(m.name == "Learning through Communication" for m in result.mentions)


def test_sized_variant_has_its_family():
    _, result = _extract("We fine-tune LLaMA-7B and compare with GPT-4 on GSM8K.")
    mentions = _by_name(result)
    assert mentions["LLaMA-7B"].type == "model"
    assert mentions["LLaMA-7B"].family == "LLaMA"
    assert "LLaMA" in mentions["LLaMA-7B"].aliases
    assert mentions["GPT-4"].family == ""


def test_family_named_alone_in_the_same_paper_folds_into_the_variant():
    _, result = _extract("We use Mistral-7B. Mistral is strong on MMLU.")
    models = [m for m in result.mentions if m.type == "model"]
    assert [m.name for m in models] == ["Mistral-7B"]
    assert "Mistral" in models[0].aliases


def test_spelling_variants_are_one_mention():
    _, result = _extract("We evaluate on GSM8K. On GSM8k, accuracy rises.")
    names = [m for m in result.mentions if m.type == "benchmark"]
    assert len(names) == 1


def test_evidence_offsets_point_at_the_mention():
    paper, result = _extract("Our model beats GPT-4 on HotpotQA by 3 points in accuracy.")
    for mention in result.mentions:
        for evidence in mention.evidence:
            surface = paper.text[evidence.start:evidence.end]
            assert surface in (mention.name, *mention.aliases)
            assert surface in evidence.sentence


def test_code_url_becomes_a_code_link_and_no_entity():
    paper, result = _extract("We release BarBench. Code: https://github.com/example/BazNet.")
    (link,) = result.code_links
    assert link.url == "https://github.com/example/BazNet"
    assert link.host == "github.com"
    assert paper.text[link.evidence.start:link.evidence.end] == link.url
    assert not any("BazNet" in m.name for m in result.mentions)


def test_title_name_before_a_colon_is_introduced():
    _, result = _extract("We study agents that talk.", title="ZapAgent: Agents That Talk")
    assert _by_name(result)["ZapAgent"].role == "introduced"


def test_generic_model_classes_are_not_entities():
    _, result = _extract("Large language models (LLMs) and VLMs are widely used.")
    assert result.mentions == ()


def test_task_and_metric_terms():
    _, result = _extract("We study mathematical reasoning and report the success rate.")
    mentions = _by_name(result)
    assert (mentions["mathematical reasoning"].type, mentions["mathematical reasoning"].named) == ("task", False)
    assert mentions["success rate"].type == "metric"


def test_older_spellings_of_common_metrics_are_known():
    _, result = _extract("We report the F-measure, the intersection-over-union score and 1.1 bpc.")
    assert {m.name: m.type for m in result.mentions} == {
        "F-measure": "metric", "intersection-over-union": "metric", "bpc": "metric"}


def test_listed_names_share_the_type_of_a_known_one():
    _, result = _extract("We test on HotpotQA, Zorblax and Quuxle.")
    mentions = _by_name(result)
    assert mentions["Zorblax"].type == "benchmark"
    assert mentions["Quuxle"].type == "benchmark"


def test_progress_is_reported_and_order_kept():
    papers = [Paper(id=f"p{i}", title=f"T{i}", abstract="We use BERT.") for i in range(3)]
    seen = []
    results = list(extract(papers, on_progress=seen.append))
    assert [r.paper.id for r in results] == ["p0", "p1", "p2"]
    assert seen and seen[-1] == 3


@pytest.mark.parametrize("abstract", ["", "   ", "(((", "https://github.com/a/b"])
def test_odd_abstracts_do_not_fail(abstract):
    _, result = _extract(abstract)
    assert isinstance(result.mentions, tuple)


def test_lower_case_sized_variant_of_a_known_family_is_a_model():
    _, result = _extract("A SAMI-trained mistral-7b beats mixtral-8x7b on MMLU.")
    mentions = _by_name(result)
    assert mentions["mistral-7b"].type == "model"
    assert mentions["mistral-7b"].family == "mistral"
    assert mentions["mixtral-8x7b"].type == "model"


def test_dubbed_and_appositive_types():
    _, result = _extract("We build a new benchmark called GlorpEval. We also release Zentra-Data, "
                         "a large corpus of dialogues.")
    mentions = _by_name(result)
    assert (mentions["GlorpEval"].type, mentions["GlorpEval"].role) == ("benchmark", "introduced")
    assert (mentions["Zentra-Data"].type, mentions["Zentra-Data"].role) == ("dataset", "introduced")


def test_parts_of_an_introduced_method_are_introduced():
    _, result = _extract("We propose QuuxNet. QuuxNet consists of FooMod and BarMod.")
    mentions = _by_name(result)
    assert mentions["FooMod"].role == mentions["BarMod"].role == "introduced"


def test_names_inside_a_title_colon_take_the_type_of_its_head():
    _, result = _extract("We release it.", title="ZebraBench: A Benchmark for Zebra Reasoning")
    assert _by_name(result)["ZebraBench"].type == "benchmark"
    _, result = _extract("We study it.", title="FooLLM: Adapting Large Language Models for Foo")
    assert _by_name(result)["FooLLM"].type == "method"


def test_undefined_short_capital_words_are_not_entities():
    _, result = _extract("The KG and the IO layer are simple. We use GSM8K.")
    assert [m.name for m in result.mentions] == ["GSM8K"]


def test_same_input_same_output():
    papers = [Paper(id="p", title="X", abstract="We propose FooNet and test it on GSM8K with GPT-4.")]
    assert list(extract(papers)) == list(extract(papers))


def test_worker_processes_give_the_same_extractions_in_the_same_order():
    from kg.readers import read_papers

    papers = read_papers(None)  # the bundled sample: enough papers for workers
    done = []
    parallel = list(extract(papers, jobs=2, on_progress=done.append))
    assert parallel == list(extract(papers, jobs=1))
    assert [x.paper.id for x in parallel] == [p.id for p in papers]
    assert done[-1] == len(papers) and done == sorted(done)


def test_judging_words_and_prepositions_do_not_start_a_term():
    _, result = _extract("Models show remarkable reasoning. Among retrieval methods, ours wins. "
                         "We measure satisfactory answer accuracy on twelve widely-used reasoning tasks.")
    names = {m.name for m in result.mentions}
    assert not names & {"remarkable reasoning", "Among retrieval", "satisfactory answer accuracy",
                        "twelve widely-used reasoning"}
    assert "answer accuracy" in names


def test_markup_and_run_on_sentences_are_not_names():
    _, result = _extract("We study zero-shot tasks.We use G_{XY} and cite foo2021barbaz here~Our model. "
                         "1)Results hold for N=42 users. It helps on other tasks.cIn short, it works.")
    assert not [m.name for m in result.mentions if any(c in m.name for c in ".{~=)")
                or m.name.startswith("foo")]


def test_a_title_spelling_a_plain_word_in_mixed_case_is_not_a_name():
    _, result = _extract("We tune prompts with neural bandits on Zorbish exams with QuuxTune.",
                         title="ZIP: Zero-shot Instruction Prompting usIng bandits for ZorBish Exams")
    names = {m.name for m in result.mentions}
    assert not names & {"usIng", "ZorBish"}
    assert "QuuxTune" in names


def test_mixed_case_short_name_matches_only_in_its_case():
    _, result = _extract("We draw an attention map of each layer and report mAP on the test set.")
    assert [m.name for m in result.mentions if m.type == "metric"] == ["mAP"]


def test_a_known_model_opening_the_title_is_not_introduced():
    _, result = _extract("We compare answers of ChatGPT with experts.", title="ChatGPT: a Poor Poet")
    assert _by_name(result)["ChatGPT"].role == "used"


def test_names_reported_as_others_work_or_listed_as_examples_are_used():
    _, result = _extract("Recently, Zeta Labs has introduced Grand Frob Models (GFMs). "
                         "We evaluate three chat models, namely Quokka-7B, Wombat-13B and Numbat-70B. "
                         "We propose a simple method and instantiate it on Dingo-7B. "
                         "We apply our recipes to the Bilby-8B model.")
    mentions = _by_name(result)
    for name in ("GFMs", "Quokka-7B", "Dingo-7B", "Bilby-8B"):
        assert mentions[name].role == "used", name


def test_a_quality_word_is_a_metric_only_where_it_is_measured():
    _, result = _extract("We add harmlessness training to the agents. It improves fluency by 5%.")
    names = {m.name for m in result.mentions if m.type == "metric"}
    assert "fluency" in names and "harmlessness" not in names


def test_a_quality_changed_by_a_stated_amount_is_a_metric():
    _, result = _extract("It improves zorb efficacy (up to 17%) and cuts rollout time by more than threefold.")
    names = {m.name for m in result.mentions if m.type == "metric"}
    assert {"zorb efficacy", "rollout time"} <= names


def test_capitalised_title_words_listed_with_a_name_are_not_names():
    _, result = _extract("We survey chat models.", title="A Survey on GPT-4 and Beyond")
    assert "Beyond" not in _by_name(result)


def test_coordinated_modifiers_share_a_task_head():
    _, result = _extract("We study deductive, abductive and inductive reasoning. Models fail when performing "
                         "spatial and temporal reasoning.")
    names = {m.name for m in result.mentions if m.type == "task"}
    assert {"deductive reasoning", "abductive reasoning", "spatial reasoning"} <= names


def test_coordinated_modifiers_share_a_method_head():
    _, result = _extract("We compare supervised, semi-supervised and unsupervised learning on text.")
    names = {m.name for m in result.mentions if m.type == "method"}
    assert {"supervised learning", "semi-supervised learning"} <= names


def test_a_technique_acronym_with_a_lower_case_long_form_is_a_method():
    _, result = _extract("It is based on coordinate descent (CD). The controller uses model predictive control "
                         "(MPC). Agents run autonomous tree-search (ATS). Fails on out-of-distribution (OOD) data.")
    mentions = _by_name(result)
    assert mentions["CD"].type == mentions["MPC"].type == mentions["ATS"].type == "method"
    assert "OOD" not in mentions


def test_our_method_of_x_coins_its_acronym():
    _, result = _extract("Our method of random token swapping (RTS) improves coverage. RTS is cheap.")
    mentions = _by_name(result)
    assert (mentions["RTS"].type, mentions["RTS"].role) == ("method", "introduced")


def test_a_name_coordinated_with_a_typed_plural_head_takes_its_type():
    _, result = _extract("Our agent beats the baseline in the hard KestrelRun and maze environments, by far.")
    assert _by_name(result)["KestrelRun"].type == "benchmark"


def test_a_participle_of_a_known_technique_is_named_by_the_technique():
    _, result = _extract("We compare against an instruction-tuned FooLM-7B model on three tasks.")
    names = _by_name(result)
    assert "instruction-tuned" not in names
    assert names["instruction tuning"].type == "method"


def test_two_capital_words_in_a_sentence_are_one_name():
    _, result = _extract("We apply the GLAD HOUR skill from a therapy manual to dialogue agents.")
    names = _by_name(result)
    assert "GLAD HOUR" in names and "GLAD" not in names


def test_a_capitalised_piece_of_a_spelt_out_acronym_is_no_name():
    _, result = _extract("We study planning.", title="Try FOCUS: FOrmal planning with cUrated Search")
    names = _by_name(result)
    assert "FOCUS" in names and "FOrmal" not in names


def test_a_name_the_paper_compares_against_is_not_a_benchmark():
    _, result = _extract("Our kernel offers a 5x speedup over ZapKernel-2 on long inputs.")
    assert _by_name(result)["ZapKernel-2"].type == "method"
    _, result = _extract("We report accuracy over ZorbQA-Pro.")
    assert _by_name(result)["ZorbQA-Pro"].type == "benchmark"


def test_a_reporting_verb_is_not_part_of_a_measure():
    _, result = _extract("We measure accuracy and report success rate on two tasks.")
    assert {"accuracy", "success rate"} <= set(_by_name(result))
    assert not {"measure accuracy", "report success rate"} & set(_by_name(result))


def test_names_set_beside_our_noun_are_the_papers_own():
    mentions = _by_name(_extract("Our verifiers, Zorb-Rev and Quux-Rev, beat GPT-4. "
                                 "The resulting model, FooLM-Med, is strong.")[1])
    assert mentions["Zorb-Rev"].role == mentions["Quux-Rev"].role == "introduced"
    assert (mentions["FooLM-Med"].type, mentions["FooLM-Med"].role) == ("model", "introduced")
    assert _by_name(_extract("Our baseline, GPT-4, fails on ZorbQA.")[1])["GPT-4"].role == "used"


def test_a_sized_variant_of_the_papers_own_name_is_introduced():
    mentions = _by_name(_extract("We propose ZorbChat. ZorbChat-7B beats GPT-4. We compare with LLaMA-7B.")[1])
    assert mentions["ZorbChat-7B"].role == "introduced"
    assert mentions["LLaMA-7B"].role == "used"


def test_a_new_name_wins_over_the_known_term_inside_it():
    mentions = _by_name(_extract("We introduce Zorb-Grained RLHF, a framework for feedback.")[1])
    assert mentions["Zorb-Grained RLHF"].role == "introduced"
    assert "RLHF" not in mentions


def test_names_bracketed_after_a_task_are_its_benchmarks():
    mentions = _by_name(_extract("We test symbolic reasoning (Zorb Letter, Quux Flip) and question answering (QA).")[1])
    assert mentions["Zorb Letter"].type == mentions["Quux Flip"].type == "benchmark"
    assert mentions["QA"].type == "task"


def test_names_bracketed_after_tasks_are_benchmarks_even_when_shaped_like_a_task():
    mentions = _by_name(_extract("It wins on logical reasoning tasks (Zorb Understanding, Tracking Quux Objects).")[1])
    assert mentions["Zorb Understanding"].type == mentions["Tracking Quux Objects"].type == "benchmark"


def test_a_measure_at_a_cutoff_is_a_metric_by_its_shape():
    mentions = _by_name(_extract("We report Zorb@10 and P@5; write to team@lab.org.")[1])
    assert mentions["Zorb@10"].type == mentions["P@5"].type == "metric"
    assert not any("@lab" in name for name in mentions)


def test_the_verb_after_a_subject_is_not_part_of_a_term():
    mentions = _by_name(_extract("We study zorbish generation. They explore quuxal reasoning.")[1])
    assert {"zorbish generation", "quuxal reasoning"} <= set(mentions)
    assert not {"study zorbish generation", "explore quuxal reasoning"} & set(mentions)


def test_an_ambiguous_acronym_takes_the_meaning_the_paper_points_to():
    _, speech = _extract("We evaluate the model on spoken tasks such as ASR and report results on each.")
    _, attack = _extract("Our jailbreak attack raises the ASR on three chat models.")
    assert [(m.name, m.type) for m in speech.mentions if m.name == "ASR"] == [("ASR", "task")]
    assert [(m.name, m.type) for m in attack.mentions if m.name == "ASR"] == [("ASR", "metric")]


def test_a_title_inflecting_the_papers_acronym_names_the_acronym():
    _, result = _extract("We propose ZORK (Zero-Order Ranking Kit), a ranking toolkit. ZORKed lists help.",
                         title="ZORKing All the Lists: Rankings that Help")
    names = _by_name(result)
    assert "ZORKing" not in names and "ZORKed" not in names
    assert names["ZORK"].role == "introduced"


@pytest.mark.parametrize("abstract, name", [
    ("We report mean IOU on the zorb test set.", "mean IOU"),
    ("It reaches 80% rank-1 accuracy on zorbs.", "rank-1 accuracy"),
    ("The macro F1 improves on zorbs.", "macro F1"),
])
def test_a_qualifier_that_makes_a_known_metric_another_measure_is_part_of_its_name(abstract, name):
    (result,) = list(extract([Paper(id="p", title="A Study", abstract=abstract)]))
    assert name in {m.name for m in result.mentions if m.type == "metric"}
