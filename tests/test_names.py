"""Names of models and data sets: variants, editions, lists and joined names (hand-written text)."""
from kg.candidates import lookup, type_from_affixes
from kg.extract import extract
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
