"""The page's search index: every node the view leaves out, and how to focus on each.

What the page does with it in a browser is checked in test_browser.py.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace

from kg.graph import to_graph
from kg.lookup import find
from kg.page import to_page
from kg.page_index import focus_words, undrawn_index
from kg.records import CodeLink, Corpus, Entity, Link, Paper
from test_views import star_corpus

BLOCKS = re.compile(r'<script type="application/json" id="(kg-data|kg-undrawn)">(.*?)</script>', re.S)


def blocks(html: str) -> dict:
    return {name: json.loads(text) for name, text in BLOCKS.findall(html)}


def indexed_ids(index: dict) -> set[str]:
    """The node ids an index names, prefixes restored as the page's script does."""
    prefix = {"paper": "paper:", "repository": "repo:"}
    return {prefix.get(group, "entity:") + row[0] for group, rows in index.items() for row in rows}


def test_a_capped_page_can_find_every_entity_and_paper():
    g = to_graph(star_corpus(300))  # 1,205 nodes
    page = blocks(to_page(g, max_nodes=100))
    drawn = {n["id"] for n in page["kg-data"]["vis"]["nodes"]}
    assert len(drawn) == 100
    undrawn = indexed_ids(page["kg-undrawn"])
    assert drawn.isdisjoint(undrawn)
    assert drawn | undrawn == set(g)
    assert set(page["kg-data"]["info"]) == drawn


def test_a_focus_page_can_find_the_repositories_and_general_terms_it_leaves_out(tiny_graph):
    page = blocks(to_page(tiny_graph, focus="GSM8K", depth=0))
    assert [n["id"] for n in page["kg-data"]["vis"]["nodes"]] == ["entity:gsm8k"]
    assert indexed_ids(page["kg-undrawn"]) == set(tiny_graph) - {"entity:gsm8k"}
    assert page["kg-undrawn"]["repository"] == [["github.com/example/ltc", 1]]
    assert page["kg-undrawn"]["general metric"] == [["accuracy", "accuracy", 1]]
    assert "names" not in page["kg-data"]  # the index names every node not drawn


def test_rows_hold_names_aliases_titles_and_counts(tiny_graph):
    index = undrawn_index(tiny_graph, drawn=set())
    by_id = {row[0]: row for rows in index.values() for row in rows}
    assert by_id["gsm8k"] == ["gsm8k", "GSM8K", 3, "GSM8k"]
    assert by_id["chain-of-thought"] == ["chain-of-thought", "Chain-of-Thought", 2, "CoT"]
    assert index["benchmark"] == sorted(index["benchmark"])
    # a paper's arXiv id is its id unless said otherwise; "" is none
    assert by_id["2301.00001"] == ["2301.00001", "Learning through Communication", 5]
    assert by_id["t-0000000000aa"] == ["t-0000000000aa", "A <b>hostile</b> title", 4, ""]
    # a repository's URL is https:// and its id unless said otherwise
    assert index["repository"] == [["github.com/example/ltc", 1]]
    # general terms are grouped apart, so the page can mark them as it marks drawn ones
    assert index["general metric"] == [["accuracy", "accuracy", 1]]
    assert "metric" not in index


def test_a_repository_row_keeps_a_url_it_cannot_rebuild():
    papers = [Paper(id=f"p{i}", title=f"Paper {i}", abstract="Code is online.") for i in range(3)]
    urls = ["http://example.org/tool/", "https://github.com/a/b.git", "https://github.com/a/b.git"]
    code = [CodeLink(paper_id=p.id, url=url, host=url.split("/")[2]) for p, url in zip(papers, urls)]
    g = to_graph(Corpus(papers=papers, code_links=code))
    assert undrawn_index(g, drawn=set())["repository"] == [
        ["example.org/tool", 1, "http://example.org/tool/"], ["github.com/a/b.git", 2]]


def test_drawn_nodes_are_not_in_the_index(tiny_graph):
    index = undrawn_index(tiny_graph, drawn={"entity:gsm8k", "paper:2301.00001"})
    ids = {row[0] for rows in index.values() for row in rows}
    assert "gsm8k" not in ids and "2301.00001" not in ids and "hotpotqa" in ids
    assert undrawn_index(tiny_graph, drawn=set(tiny_graph)) == {}


def test_the_index_is_escaped_like_the_rest(hostile_graph):
    html = to_page(hostile_graph, focus="GSM8K")
    text = dict(BLOCKS.findall(html))["kg-undrawn"]
    assert "<" not in text and ">" not in text and "&" not in text
    assert blocks(html)["kg-undrawn"]["paper"][0][1].startswith("<img src=x")


def test_focus_words_find_their_own_node(sample_graph):
    nodes = list(sample_graph)
    assert any(n.startswith("repo:") for n in nodes)
    words = focus_words(sample_graph, nodes)
    for node in nodes:
        data = sample_graph.nodes[node]
        word = words.get(node) or (data["name"] if data["kind"] == "entity" else node.split(":", 1)[1])
        assert find(sample_graph, word) == node, (node, word)


def test_a_repository_whose_id_is_another_nodes_is_focused_by_node_id():
    papers = [Paper(id="p0", title="Paper 0", abstract="Code is online.")]
    code = [CodeLink(paper_id="p0", url="https://example.org/tool", host="example.org")]
    entities = [Entity(id="example.org/tool", name="Tool", type="method")]
    links = [Link(paper_id="p0", entity_id="example.org/tool", role="used", name="Tool")]
    g = to_graph(Corpus(papers=papers, entities=entities, links=links, code_links=code))
    assert find(g, "example.org/tool") == "entity:example.org/tool"
    assert focus_words(g, ["repo:example.org/tool"]) == {"repo:example.org/tool": "repo:example.org/tool"}
    assert find(g, "repo:example.org/tool") == "repo:example.org/tool"


def test_an_entity_sharing_its_name_is_focused_by_id():
    corpus = star_corpus(3)
    corpus = replace(corpus, entities=[*corpus.entities,
                                       Entity(id="hub0-task", name="Hub0", type="task")],
                     links=[*corpus.links, Link(paper_id="p0000", entity_id="hub0-task", role="used",
                                                name="Hub0")])
    g = to_graph(corpus)
    assert focus_words(g, ["entity:hub0", "entity:hub0-task", "entity:hub1"]) == {
        "entity:hub0": "hub0", "entity:hub0-task": "hub0-task"}
    assert find(g, "hub0-task") == "entity:hub0-task"


def test_the_panel_shows_a_links_abstract_sentence_before_the_title():
    from kg.page_index import drawn_details
    from kg.records import Evidence

    paper = Paper(id="2401.00009", title="ZorbBench: Zorbs", abstract="We introduce ZorbBench.")
    evidence = (Evidence(paper.title, 0, 9, "title"), Evidence("We introduce ZorbBench.", 30, 39, "cue"))
    g = to_graph(Corpus(papers=[paper], entities=[Entity(id="zorbbench", name="ZorbBench", type="benchmark")],
                        links=[Link("2401.00009", "zorbbench", "introduced", "ZorbBench", evidence=evidence)]))
    links = drawn_details(g, g)["links"]
    assert [row[3] for row in links] == ["We introduce ZorbBench."]
