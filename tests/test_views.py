"""Views: which nodes the page draws, and the note on what it leaves out."""
from __future__ import annotations

import networkx as nx
import pytest

from kg.errors import QueryError
from kg.graph import to_graph
from kg.records import Corpus, Entity, Link, Paper
from kg.views import TYPES, parse_types, select_view


def star_corpus(n_papers: int, n_hubs: int = 5, n_tails: int = 3) -> Corpus:
    """Papers that each use a couple of shared hubs and a few entities of their own."""
    hubs = [Entity(id=f"hub{h}", name=f"Hub{h}", type="benchmark") for h in range(n_hubs)]
    papers, entities, links = [], list(hubs), []
    for p in range(n_papers):
        paper = Paper(id=f"p{p:04d}", title=f"Paper {p}", abstract="x")
        papers.append(paper)
        for h in (p % n_hubs, (p * 7 + 1) % n_hubs):
            links.append(Link(paper_id=paper.id, entity_id=f"hub{h}", role="used", name=f"Hub{h}"))
        for t in range(n_tails):
            entities.append(Entity(id=f"t{p}-{t}", name=f"Tail{p}-{t}", type="method"))
            links.append(Link(paper_id=paper.id, entity_id=f"t{p}-{t}", role="introduced",
                              name=f"Tail{p}-{t}"))
    return Corpus(papers=papers, entities=entities, links=links)


def test_small_graph_is_drawn_whole(tiny_graph):
    view, note = select_view(tiny_graph)
    assert set(view) == set(tiny_graph)
    assert view.number_of_edges() == tiny_graph.number_of_edges()
    assert note.complete and note.left_out == ()
    assert note.text() == (f"showing all {tiny_graph.number_of_nodes()} nodes and "
                           f"{tiny_graph.number_of_edges()} edges")


def test_view_is_sorted_and_keeps_attributes(tiny_graph):
    view, _ = select_view(tiny_graph, types="paper,benchmark")
    assert list(view) == sorted(view)
    assert view.nodes["entity:gsm8k"] == tiny_graph.nodes["entity:gsm8k"]
    for u, v, key, data in view.edges(keys=True, data=True):
        assert tiny_graph.edges[u, v, key] == data


def test_focus_by_alias_ignores_case(tiny_graph):
    view, note = select_view(tiny_graph, focus="cot")
    assert "entity:chain-of-thought" in view
    papers = sorted(n for n in view if n.startswith("paper:"))
    assert papers == ["paper:2301.00002", "paper:t-0000000000aa"]
    # depth 1 from an entity: its papers, not the papers' other entities
    assert "entity:mathbench" not in view
    assert note.focus == ("Chain-of-Thought",)
    assert "depth" in note.left_out
    assert "kg viz --focus Chain-of-Thought with --depth 2" in note.text()


def test_focus_by_paper_title_and_depth(tiny_graph):
    view, _ = select_view(tiny_graph, focus="learning through communication", depth=0)
    assert list(view) == ["paper:2301.00001"]
    deeper, _ = select_view(tiny_graph, focus="Learning through Communication", depth=2)
    assert "paper:2301.00002" in deeper  # through GSM8K
    assert "entity:llama" in deeper  # through LLaMA-7B, a variant of LLaMA


def test_unknown_focus_suggests_close_names(tiny_graph):
    with pytest.raises(QueryError, match=r"no node named 'GSM8KK'.*did you mean: GSM8K"):
        select_view(tiny_graph, focus="GSM8KK")


def test_types_keep_the_focus(tiny_graph):
    view, note = select_view(tiny_graph, focus="llama-7b", types="paper")
    assert sorted(view) == ["entity:llama-7b", "paper:2301.00001", "paper:t-0000000000aa"]
    assert "types" in note.left_out  # LLaMA, the family, is one step away
    assert "of type paper" in note.text()


def test_types_are_checked():
    assert parse_types(["Model", " dataset "]) == ("model", "dataset")
    assert parse_types("repository,paper") == ("paper", "repository")
    with pytest.raises(QueryError, match="unknown node type 'papers'; known: paper, method"):
        parse_types("papers")
    assert TYPES[0] == "paper" and TYPES[-1] == "repository"


def test_min_degree(tiny_graph):
    view, note = select_view(tiny_graph, min_degree=3)
    assert all(tiny_graph.degree(n) >= 3 for n in view)
    assert "entity:gsm8k" in view and "entity:hotpotqa" not in view
    assert "with at least 3 links" in note.text()


def test_top_keeps_the_most_connected(tiny_graph):
    view, note = select_view(tiny_graph, top=4)
    assert view.number_of_nodes() == 4
    assert "entity:gsm8k" in view  # three papers use it
    assert note.cap == 4 and "cap" in note.left_out
    assert "a larger --top" in note.text()


def test_cap_draws_hubs_and_the_papers_between_them():
    g = to_graph(star_corpus(200))
    assert g.number_of_nodes() == 805
    view, note = select_view(g, max_nodes=100)
    assert view.number_of_nodes() == 100
    assert all(f"entity:hub{h}" in view for h in range(5))
    # no dots floating alone: every drawn node has an edge in the view
    assert all(view.degree(n) > 0 for n in view)
    assert not note.complete
    assert note.text().startswith("showing 100 of 805 nodes, the most connected entities")
    assert "kg viz --focus NAME" in note.text() and "a larger --max-nodes" in note.text()


def test_cap_with_focus_keeps_the_closest():
    g = to_graph(star_corpus(200))
    view, note = select_view(g, focus="Hub0", depth=2, max_nodes=30)
    assert view.number_of_nodes() == 30
    assert "entity:hub0" in view
    papers = [n for n in view if n.startswith("paper:")]
    assert all(g.has_edge(p, "entity:hub0") for p in papers)
    assert "the closest first" in note.text()


def test_no_cap(tiny_graph):
    g = to_graph(star_corpus(30))
    view, note = select_view(g, max_nodes=None)
    assert view.number_of_nodes() == g.number_of_nodes() and note.complete


@pytest.mark.parametrize("options, message", [
    ({"depth": -1}, "--depth must be 0 or more"),
    ({"top": 0}, "--top must be 1 or more"),
    ({"max_nodes": 0}, "--max-nodes must be 1 or more"),
])
def test_bad_numbers(tiny_graph, options, message):
    with pytest.raises(QueryError, match=message):
        select_view(tiny_graph, **options)


def test_empty_graph():
    view, note = select_view(nx.MultiDiGraph())
    assert view.number_of_nodes() == 0
    assert note.complete and note.left_out == ()
    assert note.text() == "showing all 0 nodes and 0 edges"
