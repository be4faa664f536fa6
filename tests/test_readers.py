"""Readers: listing pages, JSON Lines, arXiv Atom; bad records reported, the rest read."""
from __future__ import annotations

import json

import pytest

from kg.errors import UnknownNameError
from kg.identity import paper_id
from kg.readers import (drop_repeated_opening, expand_inputs, read_papers, sample_corpus,
                        sniff_format)

# Listing abstracts are paragraphs (kg.readers._SHORTEST_ABSTRACT): this makes a sentence one.
PAD = " We test it on twelve benchmarks against strong baselines and release the code and data."
HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 18\n\n"

ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>ArXiv Query</title>
  <entry>
    <id>http://arxiv.org/abs/2305.10601v2</id>
    <published>2023-05-17T17:59:41Z</published>
    <title>Tree of Thoughts: Deliberate Problem Solving
      with Large Language Models</title>
    <summary>  We introduce a new framework,
      Tree of Thoughts (ToT).</summary>
    <author><name>Shunyu Yao</name></author>
    <author><name>Dian Yu</name></author>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2305.00002v1</id>
    <title>No summary here</title>
  </entry>
</feed>
"""


def collect(inputs, **kw):
    problems = []
    papers = read_papers(inputs, on_problem=problems.append, **kw)
    return papers, problems


def test_listing_page_pairs_titles_and_abstracts(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(HEADER + f"Title One\n\nAbstract one.{PAD}\n\nTitle Two\n\nAbstract two.{PAD}\n")
    papers, problems = collect([page])
    assert [(p.title, p.abstract) for p in papers] == [("Title One", "Abstract one." + PAD),
                                                       ("Title Two", "Abstract two." + PAD)]
    assert papers[0].sources == (f"{page}:11",)
    assert problems == []


def test_listing_reads_on_after_a_title_without_abstract(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(HEADER + f"Title One\n\nTitle Two\n\nAbstract two.{PAD}\n\nTitle Three\n\nAbstract three.{PAD}\n")
    papers, (problem,) = collect([page])
    assert [p.title for p in papers] == ["Title Two", "Title Three"]
    assert (problem.line, problem.message) == (11, "title without an abstract: 'Title One'")


def test_a_text_file_that_is_no_listing_is_one_problem_not_junk_papers(tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text(HEADER + "\n\n".join(f"- point {n}\n\nshort line {n}" for n in range(20)) + "\n")
    papers, (problem,) = collect([notes])
    assert papers == [] and problem.files == 1
    assert "not a listing page: 0 of its 40 lines after the header are abstracts" in problem.message


def test_listing_title_without_abstract_is_reported_with_its_line(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(HEADER + f"Title One\n\nAbstract one.{PAD}\n\nDangling title\n")
    papers, problems = collect([page])
    assert len(papers) == 1
    assert (problems[0].path, problems[0].line) == (str(page), 15)
    assert "title without an abstract" in problems[0].message


def test_same_paper_on_two_pages_is_one_paper_with_both_sources(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(HEADER + f"Shared Paper\n\nThe abstract.{PAD}\n")
    papers, _ = collect([tmp_path])
    assert len(papers) == 1
    assert [s.rsplit("/", 1)[-1] for s in papers[0].sources] == ["a.txt:11", "b.txt:11"]


def test_a_repeat_with_a_fuller_abstract_gives_the_fuller_one(tmp_path):
    (tmp_path / "a.txt").write_text(HEADER + f"Shared Paper\n\nWe propose FooNet.{PAD}\n")
    (tmp_path / "b.txt").write_text(HEADER + f"Shared Paper\n\nWe propose FooNet.{PAD} It beats BarNet.\n")
    papers, problems = collect([tmp_path])
    assert [p.abstract for p in papers] == [f"We propose FooNet.{PAD} It beats BarNet."]
    assert problems == []


def test_a_repeat_with_another_abstract_keeps_both_and_says_so(tmp_path):
    (tmp_path / "a.txt").write_text(HEADER + f"Shared Paper\n\nWe propose FooNet.{PAD}\n")
    (tmp_path / "b.txt").write_text(HEADER + f"Shared Paper\n\nWe introduce BarBench.{PAD}\n")
    (paper,), (problem,) = collect([tmp_path])
    assert paper.abstract == f"We propose FooNet.{PAD} We introduce BarBench.{PAD}"
    assert len(paper.sources) == 2
    assert (problem.path, problem.line, problem.skipped) == (str(tmp_path / "b.txt"), 11, False)
    assert f"same paper as {tmp_path / 'a.txt'}:11 with another abstract; both" in problem.message


def test_jsonl_records_keep_their_own_ids(tmp_path):
    path = tmp_path / "papers.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a1", "title": "Shared Title", "abstract": "We propose FooNet."},
        {"id": "a2", "title": "Shared Title", "abstract": "We introduce BarBench."},
        {"id": 7, "title": "Numbered", "abstract": "x"},
        {"id": "10.1145/3292500.3330701", "title": "A DOI", "abstract": "x"},
        {"id": "arXiv:2305.10601v2", "title": "ToT", "abstract": "x"},
    ]) + "\n")
    papers, problems = collect([path])
    assert [(p.id, p.abstract) for p in papers[:2]] == [("a1", "We propose FooNet."),
                                                        ("a2", "We introduce BarBench.")]
    assert [p.id for p in papers[2:]] == ["7", "10.1145/3292500.3330701", "2305.10601"]
    assert problems == []


def test_one_record_id_on_two_titles_keeps_both_papers(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "1", "title": "First", "abstract": "x"}) + "\n")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "1", "title": "Second", "abstract": "y"}) + "\n")
    papers, (problem,) = collect([tmp_path])
    assert [(p.id, p.title) for p in papers] == [("1", "First"), (paper_id(title="Second"), "Second")]
    assert not problem.skipped and "id '1' is also that of 'First'" in problem.message


def test_repeated_opening_passage_is_dropped_and_the_rest_kept():
    text = "We study X. We propose Y. We study X. We propose Y. Y beats Z on W."
    assert drop_repeated_opening(text) == "We study X. We propose Y. Y beats Z on W."
    assert drop_repeated_opening("No repeat here. None at all.") == "No repeat here. None at all."


def test_bundled_sample_has_296_distinct_papers():
    papers, problems = collect(None)
    assert len(sample_corpus()) == 5
    assert len(papers) == 296
    assert problems == []
    adapting = next(p for p in papers if p.title == "Adapting LLM Agents Through Communication")
    assert adapting.abstract.count("Recent advancements in large language models") == 1
    assert adapting.abstract.endswith("further development of the community.")
    assert len(adapting.sources) == 2


def test_jsonl_reads_fields_and_reports_bad_lines(tmp_path):
    path = tmp_path / "papers.jsonl"
    lines = [
        json.dumps({"title": "A", "summary": "Abstract A.", "arxiv_id": "2101.00001v3",
                    "authors": ["Ada", "Bo"], "date": "2021-01-01"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"abstract": "no title"}),
        "",
        json.dumps({"title": "B", "abstract": "Abstract B.", "url": "https://arxiv.org/abs/2101.00002"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    papers, problems = collect([path])
    assert [p.id for p in papers] == ["2101.00001", "2101.00002"]
    assert papers[0].authors == ("Ada", "Bo") and papers[0].abstract == "Abstract A."
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (2, "not valid JSON"), (3, "expected a JSON object, found list"), (4, "no 'title'")]


def test_byte_order_mark_does_not_cost_the_first_record(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_text(json.dumps({"title": "A", "abstract": "x"}) + "\n"
                    + json.dumps({"title": "B", "abstract": "y"}) + "\n", encoding="utf-8-sig")
    papers, problems = collect([path])
    assert [p.title for p in papers] == ["A", "B"] and problems == []


@pytest.mark.parametrize("text, shape", [
    (json.dumps([{"title": "A", "abstract": "x"}, {"title": "B", "abstract": "y"}], indent=2), "a JSON array"),
    (json.dumps([{"title": "A", "abstract": "x"}]), "a JSON array"),
    (json.dumps({"title": "A", "abstract": "x"}, indent=2), "one JSON object over several lines"),
], ids=["array", "one-line array", "indented object"])
def test_json_that_is_not_json_lines_is_one_problem_that_says_so(tmp_path, text, shape):
    path = tmp_path / "arr.json"
    path.write_text(text)
    papers, (problem,) = collect([path])
    assert papers == []
    assert problem.message.startswith(f"{shape}, not JSON Lines (one paper object a line)")
    assert problem.files == 1


def test_a_file_in_another_format_says_which_to_try(tmp_path):
    jsonl = "".join(json.dumps({"title": f"T{i}", "abstract": "x"}) + "\n" for i in range(8))
    (tmp_path / "g.txt").write_text(jsonl)
    (tmp_path / "page.jsonl").write_text(HEADER + "Title\n\nAbstract.\n")
    (tmp_path / "feed.txt").write_text(ATOM)
    papers, problems = collect([tmp_path / "g.txt", tmp_path / "page.jsonl", tmp_path / "feed.txt"])
    assert papers == []
    assert [p.message for p in problems] == [
        "not a listing page: it looks like JSON Lines; try --format jsonl",
        "not JSON Lines: it looks like a listing page; try --format listing",
        "not a listing page: it looks like XML (an arXiv Atom feed?); try --format arxiv",
    ]
    _, (forced,) = collect([tmp_path / "g.txt"], input_format="listing")
    assert forced.message.endswith("try --format jsonl")


def test_files_in_a_folder_that_give_no_papers_are_named_with_the_reason(tmp_path):
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)))
    (tmp_path / "notes.pdf").write_text("")
    (tmp_path / ".DS_Store").write_text("")
    (tmp_path / "readme.md").write_text("# Papers\n\nMine.\n")
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "ok.jsonl").write_text(json.dumps({"title": "T", "abstract": "A"}) + "\n")
    papers, problems = collect([tmp_path])
    assert len(papers) == 1
    by_path = {p.path.rsplit("/", 1)[-1]: p for p in problems}
    assert by_path[tmp_path.name].message.startswith("2 files not read (input files end in .txt, .md,")
    assert by_path[tmp_path.name].message.endswith("): binary.bin, notes.pdf")
    assert by_path["empty.jsonl"].message == "empty file"
    assert by_path["readme.md"].message.startswith("no listing entries found")
    assert [p.files for p in problems] == [2, 1, 1]


def test_paper_without_arxiv_id_gets_a_stable_title_id(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"title": "Some  Title!", "abstract": "x"}) + "\n")
    other = tmp_path / "q.jsonl"
    other.write_text(json.dumps({"title": "some title", "abstract": "y"}) + "\n")
    (a,), _ = collect([path])
    (b,), _ = collect([other])
    assert a.id == b.id and a.id.startswith("t-")


def test_arxiv_atom_feed(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(ATOM)
    papers, problems = collect([path])
    (paper,) = papers
    assert paper.id == "2305.10601"
    assert paper.title == "Tree of Thoughts: Deliberate Problem Solving with Large Language Models"
    assert paper.abstract == "We introduce a new framework, Tree of Thoughts (ToT)."
    assert paper.authors == ("Shunyu Yao", "Dian Yu")
    assert paper.date == "2023-05-17"
    assert problems[0].line == 14 and "summary" in problems[0].message


def test_broken_xml_is_reported_not_raised(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text("<feed><entry>\n<title>x</title>\n</feed>")
    papers, problems = collect([path, tmp_path / "missing.jsonl"])
    assert papers == []
    by_file = {p.path.rsplit("/", 1)[-1]: p for p in problems}
    assert "not well-formed XML" in by_file["feed.xml"].message and by_file["feed.xml"].line == 3
    assert by_file["missing.jsonl"].message == "no such file or folder"


def test_format_from_suffix_then_content_and_forced(tmp_path):
    odd = tmp_path / "papers.data"
    odd.write_text(json.dumps({"title": "T", "abstract": "A"}) + "\n")
    assert sniff_format(odd) == "jsonl"
    assert sniff_format(tmp_path / "x.xml") == "arxiv"
    papers, _ = collect([odd])
    assert len(papers) == 1
    with pytest.raises(UnknownNameError, match="known: arxiv, jsonl, listing"):
        collect([odd], input_format="csv")


def test_globs_and_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.jsonl").write_text("")
    (tmp_path / "b.jsonl").write_text("")
    (tmp_path / "notes.pdf").write_text("")
    assert [p.name for p in expand_inputs([tmp_path])] == ["b.jsonl", "a.jsonl"]
    assert [p.name for p in expand_inputs([str(tmp_path / "**" / "*.jsonl")])] == ["b.jsonl", "a.jsonl"]
