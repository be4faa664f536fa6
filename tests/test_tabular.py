"""GraphML and CSV node/edge tables: read back with networkx and the csv module."""
from __future__ import annotations

import csv
import json

import networkx as nx
import pytest

from kg.errors import ExportError
from kg.tabular import write_csv_tables, write_graphml


def _read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_graphml_reads_back_with_the_same_nodes_edges_and_flat_attributes(tiny_graph, tmp_path):
    path = write_graphml(tiny_graph, tmp_path / "graph.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert sorted(back.nodes) == sorted(tiny_graph.nodes)
    assert sorted(back.edges(keys=True)) == sorted(tiny_graph.edges(keys=True))
    ltc = back.nodes["entity:ltc"]
    assert ltc["label"] == "LTC" and ltc["type"] == "method" and ltc["named"] is True
    assert ltc["aliases"] == "Learning through Communication"
    assert back.nodes["paper:2301.00002"]["sources"] == "listing.txt:11; other.txt:7"
    assert back.nodes["entity:accuracy"]["named"] is False
    edge = back.edges["paper:2301.00002", "entity:chain-of-thought", "uses"]
    assert edge["confidence"] == pytest.approx(0.9)
    assert edge["evidence_count"] == 1
    original = tiny_graph.edges["paper:2301.00002", "entity:chain-of-thought", "uses"]
    assert json.loads(edge["evidence"]) == original["evidence"]


def test_graphml_is_byte_identical_for_the_same_graph(tiny_graph, tiny_corpus, tmp_path):
    from kg.graph import to_graph
    from kg.records import Corpus

    shuffled = Corpus(papers=tiny_corpus.papers[::-1], entities=tiny_corpus.entities[::-1],
                      links=tiny_corpus.links[::-1], code_links=tiny_corpus.code_links)
    a = write_graphml(tiny_graph, tmp_path / "a.graphml").read_bytes()
    b = write_graphml(to_graph(shuffled), tmp_path / "b.graphml").read_bytes()
    assert a == b


def test_graphml_does_not_change_the_graph(tiny_graph, tmp_path):
    before = dict(tiny_graph.nodes["entity:ltc"])
    write_graphml(tiny_graph, tmp_path / "graph.graphml")
    assert tiny_graph.nodes["entity:ltc"] == before
    assert isinstance(tiny_graph.nodes["entity:ltc"]["aliases"], list)


def test_csv_tables(tiny_graph, tmp_path):
    folder = write_csv_tables(tiny_graph, tmp_path / "tables")
    nodes = _read_csv(folder / "nodes.csv")
    edges = _read_csv(folder / "edges.csv")
    assert [row["id"] for row in nodes] == sorted(tiny_graph.nodes)
    assert list(nodes[0])[:3] == ["id", "kind", "label"]
    assert len(edges) == tiny_graph.number_of_edges()
    assert list(edges[0])[:3] == ["source", "target", "relation"]
    assert [(r["source"], r["target"], r["relation"]) for r in edges] == sorted(
        tiny_graph.edges(keys=True))

    by_id = {row["id"]: row for row in nodes}
    assert by_id["entity:accuracy"]["named"] == "false"
    assert by_id["entity:accuracy"]["type"] == "metric"
    assert by_id["paper:2301.00002"]["sources"] == "listing.txt:11; other.txt:7"
    assert by_id["paper:2301.00002"]["type"] == ""  # a paper has no entity type
    repo = by_id["repo:github.com/example/ltc"]
    assert repo["host"] == "github.com" and repo["kind"] == "repository"

    variant = next(r for r in edges if r["relation"] == "variant_of")
    assert (variant["source"], variant["target"]) == ("entity:llama-7b", "entity:llama")
    assert variant["confidence"] == "" and variant["evidence"] == ""
    uses = next(r for r in edges if r["target"] == "entity:chain-of-thought")
    assert float(uses["confidence"]) == pytest.approx(0.9)
    assert uses["name"] == "CoT" and uses["aliases"] == "Chain-of-Thought"
    assert json.loads(uses["evidence"])[0]["rule"] == "test"
    assert uses["evidence_count"] == "1"


def test_csv_tables_are_stable_and_have_one_header(tiny_graph, tmp_path):
    a = write_csv_tables(tiny_graph, tmp_path / "a")
    b = write_csv_tables(tiny_graph, tmp_path / "b")
    for name in ("nodes.csv", "edges.csv"):
        text = (a / name).read_bytes()
        assert text == (b / name).read_bytes()
        lines = text.decode("utf-8").splitlines()
        assert sum(line.startswith(("id,", "source,")) for line in lines) == 1
        assert b"\r\n" not in text


def test_csv_unwritable_folder_is_an_export_error(tiny_graph, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write CSV tables"):
        write_csv_tables(tiny_graph, blocker / "tables")


def test_exporter_registry_finds_both(tiny_graph, tmp_path):
    from kg.exports import get_exporter

    assert get_exporter("graphml").write(tiny_graph, tmp_path).name == "graph.graphml"
    folder = get_exporter("csv").write(tiny_graph, tmp_path)
    assert (folder / "nodes.csv").is_file() and (folder / "edges.csv").is_file()
