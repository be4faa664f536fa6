"""The page's search index: every entity and paper the view leaves out, and how to focus on each.

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
from kg.records import Entity, Link
from test_views import star_corpus

BLOCKS = re.compile(r'<script type="application/json" id="(kg-data|kg-undrawn)">(.*?)</script>', re.S)


def blocks(html: str) -> dict:
    return {name: json.loads(text) for name, text in BLOCKS.findall(html)}


def test_a_capped_page_can_find_every_entity_and_paper():
    g = to_graph(star_corpus(300))  # 1,205 nodes
    page = blocks(to_page(g, max_nodes=100))
    drawn = {n["id"] for n in page["kg-data"]["vis"]["nodes"]}
    assert len(drawn) == 100
    prefix = {"paper": "paper:"}
    undrawn = {prefix.get(t, "entity:") + row[0]
               for t, rows in page["kg-undrawn"].items() for row in rows}
    assert drawn.isdisjoint(undrawn)
    assert drawn | undrawn == set(g)  # this graph has no repositories
    assert set(page["kg-data"]["info"]) == drawn


def test_rows_hold_names_aliases_titles_and_counts(tiny_graph):
    index = undrawn_index(tiny_graph, drawn=set())
    by_id = {row[0]: row for rows in index.values() for row in rows}
    assert by_id["gsm8k"] == ["gsm8k", "GSM8K", 3, "GSM8k"]
    assert by_id["chain-of-thought"] == ["chain-of-thought", "Chain-of-Thought", 2, "CoT"]
    assert index["benchmark"] == sorted(index["benchmark"])
    # a paper's arXiv id is its id unless said otherwise; "" is none
    assert by_id["2301.00001"] == ["2301.00001", "Learning through Communication", 5]
    assert by_id["t-0000000000aa"] == ["t-0000000000aa", "A <b>hostile</b> title", 4, ""]
    # general terms are grouped apart, so the page can mark them as it marks drawn ones
    assert index["general metric"] == [["accuracy", "accuracy", 1]]
    assert "metric" not in index
    assert not any(row[0].startswith("github.com") for row in by_id.values())


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
    nodes = [n for n, d in sample_graph.nodes(data=True) if d.get("kind") in ("entity", "paper")]
    words = focus_words(sample_graph, nodes)
    for node in nodes:
        data = sample_graph.nodes[node]
        word = words.get(node) or (data["name"] if data["kind"] == "entity" else node.split(":", 1)[1])
        assert find(sample_graph, word) == node, (node, word)


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
