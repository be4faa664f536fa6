"""A large graph read once is kept for the next query, and never served stale."""
import logging
import os

import networkx as nx
import pytest

from kg import graph_cache
from kg.errors import InputError
from kg.graph import write_node_link
from kg.query import example_graph, papers_of


@pytest.fixture
def reads(monkeypatch):
    """Count the times graph.json itself is parsed."""
    calls = []
    real = graph_cache.read_node_link

    def counted(path):
        calls.append(path)
        return real(path)

    monkeypatch.setattr(graph_cache, "read_node_link", counted)
    return calls


def _same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    return (dict(a.nodes(data=True)) == dict(b.nodes(data=True))
            and sorted(a.edges(keys=True, data=True), key=repr) == sorted(b.edges(keys=True, data=True), key=repr))


def test_the_second_read_of_an_unchanged_graph_skips_the_json(tmp_path, reads):
    (tmp_path / "out").mkdir()
    path = write_node_link(example_graph(), tmp_path / "out" / "graph.json")
    first = graph_cache.read_graph(path, folder=tmp_path / "cache", min_bytes=0)
    second = graph_cache.read_graph(tmp_path / "out", folder=tmp_path / "cache", min_bytes=0)
    assert len(reads) == 1
    assert _same(first, second)
    assert [p.title for p in papers_of(second, "GSM8K")] == [p.title for p in papers_of(first, "GSM8K")]


def test_a_rebuilt_graph_is_read_again(tmp_path, reads):
    path = write_node_link(example_graph(), tmp_path / "graph.json")
    graph_cache.read_graph(path, folder=tmp_path / "cache", min_bytes=0)
    changed = example_graph()
    changed.add_node("entity:zorbbench", kind="entity", type="benchmark", label="ZorbBench", name="ZorbBench",
                     aliases=[], named=True)
    write_node_link(changed, path)
    os.utime(path, ns=(1, 1))  # even with the old time, the size differs
    again = graph_cache.read_graph(path, folder=tmp_path / "cache", min_bytes=0)
    assert len(reads) == 2
    assert "entity:zorbbench" in again


def test_a_damaged_cache_file_is_read_past_and_written_again(tmp_path, reads, caplog):
    path = write_node_link(example_graph(), tmp_path / "graph.json")
    graph_cache.read_graph(path, folder=tmp_path / "cache", min_bytes=0)
    (kept,) = (tmp_path / "cache").glob("graph-*.pickle")
    kept.write_bytes(b"not a pickle")
    with caplog.at_level(logging.WARNING):
        g = graph_cache.read_graph(path, folder=tmp_path / "cache", min_bytes=0)
    assert _same(g, example_graph())
    assert "reading the graph from JSON" in caplog.text
    graph_cache.read_graph(path, folder=tmp_path / "cache", min_bytes=0)
    assert len(reads) == 2  # the third read used the file the second one wrote


def test_small_graphs_are_not_kept(tmp_path):
    path = write_node_link(example_graph(), tmp_path / "graph.json")
    assert path.stat().st_size < graph_cache.MIN_BYTES
    graph_cache.read_graph(path, folder=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_only_the_most_recently_used_graphs_are_kept(tmp_path):
    paths = []
    for i in range(graph_cache.KEEP + 2):
        (tmp_path / str(i)).mkdir()
        paths.append(write_node_link(example_graph(), tmp_path / str(i) / "graph.json"))
    for i, path in enumerate(paths):
        graph_cache.read_graph(path, folder=tmp_path / "cache", min_bytes=0)
        for kept in (tmp_path / "cache").glob("graph-*.pickle"):  # file times one second apart
            os.utime(kept, (kept.stat().st_mtime - 1, kept.stat().st_mtime - 1))
    assert len(list((tmp_path / "cache").glob("graph-*.pickle"))) == graph_cache.KEEP


def test_a_cache_folder_that_cannot_be_written_does_not_stop_the_query(tmp_path, caplog):
    path = write_node_link(example_graph(), tmp_path / "graph.json")
    (tmp_path / "cache").write_text("a file where the folder should be")
    with caplog.at_level(logging.WARNING):
        g = graph_cache.read_graph(path, folder=tmp_path / "cache", min_bytes=0)
    assert _same(g, example_graph())
    assert "not kept for the next query" in caplog.text


def test_a_missing_graph_is_the_same_error_as_before(tmp_path):
    with pytest.raises(InputError, match="no such graph file"):
        graph_cache.read_graph(tmp_path / "nowhere" / "graph.json", folder=tmp_path / "cache", min_bytes=0)


def test_the_kept_graph_comes_with_its_name_index(tmp_path, monkeypatch):
    from kg import lookup

    path = write_node_link(example_graph(), tmp_path / "graph.json")
    graph_cache.read_graph(path, folder=tmp_path / "cache", min_bytes=0)
    made = []
    real = lookup._NameIndex.__init__
    monkeypatch.setattr(lookup._NameIndex, "__init__", lambda self, g: made.append(g) or real(self, g))
    g = graph_cache.read_graph(path, folder=tmp_path / "cache", min_bytes=0)
    assert lookup.find(g, "GSM8K") == "entity:gsm8k"
    assert lookup.find(g, "chain of thought for math", kind="paper") == "paper:2301.00002"
    assert made == []
