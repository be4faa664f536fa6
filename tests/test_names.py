"""Names of models and data sets: variants, editions, lists and joined names (hand-written text)."""
from kg.extract import extract
from kg.lexicon import lookup, type_from_affixes
from kg.records import Paper
from kg.resolve import resolve


def _mentions(abstract, title="A Study", paper_id="p"):
    (result,) = list(extract([Paper(id=paper_id, title=title, abstract=abstract)]))
    return {m.name: m for m in result.mentions}


def test_size_and_depth_variants_of_known_models_are_models():
    assert type_from_affixes("BERT-large") == "model"
    assert type_from_affixes("RoBERTa-base") == "model"
    assert type_from_affixes("ResNet-152") == "model"
    assert type_from_affixes("LayoutLMv3") == "model"
    assert type_from_affixes("ZorbLMs") == "model"  # plural of an "-LM" name


def test_a_class_count_is_no_parameter_count():
    assert type_from_affixes("ImageNet-21k") in ("dataset", "benchmark")
    assert _mentions("We pretrain on ImageNet-21k and compare with BERT-base.")["ImageNet-21k"].type != "model"


def test_hand_written_entries_win_over_the_derived_lists():
    assert lookup("ResNet").source == "models.tsv"


def test_a_name_with_a_year_is_an_edition_of_a_benchmark():
    mentions = _mentions("Our tagger wins the ZorBIC 2016 shared task by a wide margin.")
    assert mentions["ZorBIC 2016"].type == "benchmark"


def test_venues_are_not_entities():
    assert not _mentions("This work appeared at NeurIPS 2023 and was extended for ICML.")


def test_elided_editions_are_their_own_names():
    mentions = _mentions("Experiments run on the ZorBIC 2011 and 2014 benchmarks.")
    assert {"ZorBIC 2011", "ZorBIC 2014"} <= set(mentions)
    assert mentions["ZorBIC 2014"].type == "benchmark"


def test_a_listed_name_takes_its_capitalised_words():
    mentions = _mentions("We run experiments on MNIST, Blue Harbour Digits and Quix Faces datasets.")
    assert "Blue Harbour Digits" in mentions and "Blue" not in mentions
    assert mentions["Blue Harbour Digits"].type in ("dataset", "benchmark")


def test_a_list_after_i_e_shares_its_opener():
    mentions = _mentions("We test on standard benchmarks (i.e. Set5, Set14, Zq100) and report PSNR.")
    assert mentions["Zq100"].type == "benchmark"
    assert mentions["PSNR"].type == "metric"


def test_capitalised_words_after_a_data_set_join_its_name():
    mentions = _mentions("GAN training improves on CelebA, LSUN Kitchens, and MNIST.")
    assert mentions["LSUN Kitchens"].type in ("dataset", "benchmark")
    assert "LSUN" in mentions["LSUN Kitchens"].aliases


def test_two_names_side_by_side_are_one_data_set():
    mentions = _mentions("We evaluate on two datasets, CIFAR-10 and Zorb QRX.")
    assert "Zorb QRX" in mentions and "QRX" not in mentions


def test_an_acronym_spelled_out_as_a_method_is_not_a_pwc_data_set():
    mentions = _mentions("We bound the Maximum Mean Discrepancy (MMD) between the two samples.")
    assert mentions["MMD"].type not in ("dataset", "benchmark")
    assert "MMI" not in _mentions("Lattice-free MMI training gives large gains.")


def test_a_numbered_edition_of_a_task_name_is_data():
    mentions = _mentions("The model reaches 71% on the VQA v3.0 dataset.")
    assert mentions["VQA v3.0"].type in ("dataset", "benchmark")


def test_coordinated_spelling_of_a_known_data_set():
    mentions = _mentions("We test on the CNN and Daily Mail news data.")
    assert mentions["CNN and Daily Mail"].type == "benchmark"
    assert "CNN/DailyMail" in mentions["CNN and Daily Mail"].aliases


def test_an_untyped_guess_does_not_outvote_a_typed_mention():
    papers = [Paper(id=f"p{i}", title=f"Paper {i}", abstract=text) for i, text in enumerate([
        "Zorbix improves many things.",
        "We compare Zorbix with older work.",
        "We report results on the Zorbix benchmark."])]
    corpus = resolve(extract(papers))
    assert {e.name: e.type for e in corpus.entities}["Zorbix"] == "benchmark"


# --- kg.names and the rules it added (hand-written sentences) -------------------------------

def test_a_hyphenated_spelling_of_a_known_name_is_that_name():
    mentions = _mentions("We compare our search with Tree-of-Thought and Mixture-of-Expert layers.")
    assert mentions["Tree-of-Thought"].type == "method"
    assert "Tree of Thoughts" in mentions["Tree-of-Thought"].aliases
    assert "Mixture-of-Expert" in mentions


def test_a_known_name_before_a_capitalised_glued_suffix():
    mentions = _mentions("We tag sentences.", title="Transformer-Driven Tagging of Zorb Logs")
    assert mentions["Transformer"].type == "method"


def test_a_capitalised_name_with_of_before_a_head():
    mentions = _mentions("We evaluate the agent on the Land of Quibbles benchmark and report success.")
    assert mentions["Land of Quibbles"].type == "benchmark"
    assert "Quibbles" not in mentions


def test_two_names_joined_by_and_stay_two():
    mentions = _mentions("It wins on ScienceQA and Zorbix Quiz datasets.")
    assert not any(" and " in name for name in mentions)


def test_a_capitalised_head_is_part_of_the_name():
    mentions = _mentions("Agents are trained in the Quixel Racing Environment for a week.")
    assert mentions["Quixel Racing Environment"].type == "benchmark"


def test_a_model_name_before_a_capitalised_word_and_a_data_head():
    mentions = _mentions("It beats LLaVA-13B on the Vicuna Quiz dataset by two points.")
    assert mentions["Vicuna Quiz"].type in ("dataset", "benchmark")
    assert "Vicuna" not in mentions


def test_a_name_in_apposition_after_its_head():
    mentions = _mentions("To this end, we construct a new dataset, Quibble-Pairs, of pairs of sentences.")
    assert mentions["Quibble-Pairs"].type == "dataset"
    assert mentions["Quibble-Pairs"].role == "introduced"
    assert "GPT-4" not in {n for n, m in _mentions("On the Zorb benchmark, GPT-4 wins.").items()
                           if m.type in ("dataset", "benchmark")}


def test_a_capitalised_word_before_tuning_names_a_technique():
    mentions = _mentions("We design two methods: (1) a prompt; and (2) Zorbic tuning updates only the biases.")
    assert mentions["Zorbic tuning"].type == "method" and mentions["Zorbic tuning"].named
    assert mentions["Zorbic tuning"].role == "introduced"
    assert _mentions("Results improve when Zorbic tuning is used.")["Zorbic tuning"].role == "used"


def test_versions_listed_after_a_model_are_models():
    mentions = _mentions("We fine-tune the Gemma 2, 3 and Llama 3, 3.3 families of models.")
    assert mentions["Gemma 3"].type == "model" and mentions["Llama 3.3"].type == "model"
    assert "Llama 3" in _mentions("We train Llama 3, 3 epochs per task.")
    assert "Llama 3 3" not in _mentions("We train Llama 3, 3 epochs per task.")


def test_a_family_and_a_camel_case_name_are_one_model():
    mentions = _mentions("We compare with Mistral QuixLarge on three tasks.")
    assert mentions["Mistral QuixLarge"].type == "model"
    assert "Mistral" in mentions["Mistral QuixLarge"].aliases


def test_a_named_source_and_its_items_are_a_data_set():
    mentions = _mentions("We curate an instruction dataset, ranging from ZQA exam questions to FOO filings "
                         "to Quibblenet finance discussions.")
    for name in ("ZQA exam questions", "FOO filings", "Quibblenet finance discussions"):
        assert mentions[name].type == "dataset", name
    assert "Zorbix seed tasks" in _mentions("The method starts from the 100 Zorbix seed tasks and grows them.")
    assert not any("news" in n for n in _mentions("Accuracy on a Chinese news dataset drops to 0%."))
    assert "MMLU questions" not in _mentions("We collect data from MMLU questions for training.")


def test_a_coined_acronym_with_a_lower_case_long_form():
    mentions = _mentions("We propose a training method, zigzag gradient averaging (ZGA), for sparse models. "
                         "ZGA halves the cost.")
    assert mentions["ZGA"].type == "method" and mentions["ZGA"].role == "introduced"
    assert "NL" not in _mentions("We map natural language (NL) to code. NL is ambiguous.")
    assert "SR" not in _mentions("We present tricks to improve image super resolution (SR). SR is hard.")


def test_a_word_and_a_letter_before_a_title_colon_are_a_name():
    mentions = _mentions("We present an agent.", title="Agent Z: Planning with Search")
    assert mentions["Agent Z"].role == "introduced"


def test_a_data_set_name_ending_in_its_head_is_typed_by_it():
    mentions = _mentions("We train agents in the Arcade Learning Environment with few frames.")
    assert mentions["Arcade Learning Environment"].type == "benchmark"


def test_an_acronym_does_not_hide_the_head_after_it():
    mentions = _mentions("We collect problems from the Art of Zorbing (AoZ) forum for training.")
    assert mentions["AoZ"].type == "dataset"


def test_short_codes_keep_their_case():
    assert lookup("o3").type == "model" and lookup("O3") is None
    papers = [Paper(id="a", title="A", abstract="We compare with OpenAI's o3 on puzzles."),
              Paper(id="b", title="B", abstract="We propose the O3 framework for unlearning.")]
    entities = {(e.name, e.type) for e in resolve(extract(papers)).entities}
    assert ("o3", "model") in entities and ("O3", "method") in entities


def test_a_version_glued_to_a_capital_is_a_variant():
    assert type_from_affixes("ZorbLM2") == "model"


def test_data_sets_merged_into_a_new_name():
    mentions = _mentions("We assembled 12 public datasets to create Zorb-MIX for our experiments.")
    assert mentions["Zorb-MIX"].type == "dataset" and mentions["Zorb-MIX"].role == "introduced"


def test_a_list_ends_with_its_and_item():
    # "FDDB and WIDER FACE" is the list; the name after the comma is the sentence's subject
    mentions = _mentions("Over two popular and challenging face detection benchmarks, FDDB and WIDER FACE, "
                         "Zorbic R-FCN achieves superior performance.")
    assert mentions["Zorbic R-FCN"].type == "method"
    assert (mentions["FDDB"].type, mentions["WIDER FACE"].type) == ("dataset", "dataset")


def test_citation_keys_left_in_the_text_are_no_names():
    mentions = _mentions("It beats Dueling DQN wang2017sample and Categorical DQN bellemare2017distributional.")
    assert not {"wang2017sample", "bellemare2017distributional"} & set(mentions)
