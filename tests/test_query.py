"""Graph queries (kg.query, kg.related, kg.lookup) on the tiny hand-made graph."""
from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest

import kg
from kg import query
from kg.errors import InputError, QueryError
from kg.graph import to_graph, write_node_link
from kg.identity import name_key
from kg.lookup import links
from kg.records import Corpus, Entity, Link, Paper


def _reversed(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same graph with nodes and edges inserted in the opposite order."""
    other = nx.MultiDiGraph()
    other.add_nodes_from(reversed(list(g.nodes(data=True))))
    other.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    return other


# --- find ------------------------------------------------------------------

@pytest.mark.parametrize("name, node", [
    ("GSM8K", "entity:gsm8k"),
    ("gsm8k", "entity:gsm8k"),
    ("the GSM8K benchmark", "entity:gsm8k"),
    ("CoT", "entity:chain-of-thought"),
    ("cot", "entity:chain-of-thought"),
    ("chain of thought", "entity:chain-of-thought"),
    ("LLaMA", "entity:llama"),  # a canonical name beats LLaMA-7B's alias "LLaMA"
    ("llama-7b", "entity:llama-7b"),
    ("entity:hotpotqa", "entity:hotpotqa"),
    ("2301.00002", "paper:2301.00002"),
    ("Chain-of-Thought for Math", "paper:2301.00002"),
    ("hostile", "paper:t-0000000000aa"),  # part of one title
    ("github.com/example/ltc", "repo:github.com/example/ltc"),
])
def test_find_resolves_names_aliases_titles_and_ids(tiny_graph, name, node):
    assert query.find(tiny_graph, name) == node


def test_find_kind_chooses_between_a_title_and_an_alias(tiny_graph):
    # "Learning through Communication" is paper 1's title and LTC's long form
    assert query.find(tiny_graph, "Learning through Communication") == "paper:2301.00001"
    assert query.find(tiny_graph, "Learning through Communication", kind="entity") == "entity:ltc"


def test_find_suggests_close_names_on_a_typo(tiny_graph):
    with pytest.raises(QueryError, match=r"no entity named 'GSM8KK'; did you mean: GSM8K"):
        query.find(tiny_graph, "GSM8KK", kind="entity")
    with pytest.raises(QueryError, match="Chain-of-Thought"):
        query.find(tiny_graph, "Chain-of-Thougt")
    # a close alias is named beside the entity it belongs to, which may not look like the typo
    with pytest.raises(QueryError, match=r"did you mean: LTC \(as Learning through Communication\)\?"):
        query.find(tiny_graph, "Learning thru Communication", kind="entity")
    with pytest.raises(QueryError, match=r"did you mean: Chain-of-Thought\?"):
        query.find(tiny_graph, "chain of thougt", kind="entity")


def test_find_lists_the_papers_when_part_of_several_titles():
    with pytest.raises(QueryError, match=r"part of 2 paper titles: a \(Reasoning One\); b "):
        query.find(_two_titles(), "reasoning")
    assert query.find(_two_titles(), "reasoning two") == "paper:b"


def _two_titles() -> nx.MultiDiGraph:
    return to_graph(Corpus(papers=[Paper(id="a", title="Reasoning One", abstract=""),
                                   Paper(id="b", title="Reasoning Two", abstract="")]))


def test_find_prefers_the_most_linked_of_equal_matches():
    papers = [Paper(id=f"p{i}", title=f"Paper {i}", abstract="") for i in range(3)]
    entities = [Entity(id="a-net", name="A-Net", type="model", aliases=("AN",)),
                Entity(id="ant-net", name="Ant Net", type="model", aliases=("AN",))]
    links = [Link(paper_id=f"p{i}", entity_id="ant-net", role="used", name="AN") for i in range(2)]
    links.append(Link(paper_id="p2", entity_id="a-net", role="used", name="AN"))
    g = to_graph(Corpus(papers=papers, entities=entities, links=links))
    assert query.find(g, "AN") == "entity:ant-net"
    assert query.find(_reversed(g), "AN") == "entity:ant-net"


def test_find_sees_nodes_added_after_a_first_lookup(tiny_graph):
    g = tiny_graph.copy()
    assert query.find(g, "GSM8K") == "entity:gsm8k"
    g.add_node("entity:mmlu", kind="entity", type="benchmark", name="MMLU", aliases=[])
    assert query.find(g, "mmlu") == "entity:mmlu"


def test_unknown_kind_is_an_error(tiny_graph):
    with pytest.raises(QueryError, match="expected one of entity, paper, repository"):
        query.find(tiny_graph, "GSM8K", kind="dataset")


# --- papers and entities ---------------------------------------------------

def test_papers_of_filters_by_role(tiny_graph):
    titles = [p.title for p in query.papers_of(tiny_graph, "gsm8k")]
    assert titles == ["A <b>hostile</b> title", "Chain-of-Thought for Math",
                      "Learning through Communication"]
    introduced = query.papers_of(tiny_graph, "LTC", role="introduced")
    assert [(p.id, p.role) for p in introduced] == [("paper:2301.00001", "introduced")]
    assert query.papers_of(tiny_graph, "LTC", role="used") == []
    assert introduced[0].evidence == "We propose LTC"


def test_a_links_evidence_is_a_sentence_of_the_abstract_before_the_title():
    from kg.records import Evidence

    paper = Paper(id="2401.00009", title="ZorbBench: Benchmarking Zorbs",
                  abstract="We introduce ZorbBench, a benchmark of zorbs.")
    title = Evidence(sentence=paper.title, start=0, end=9, rule="title")
    body = Evidence(sentence="We introduce ZorbBench, a benchmark of zorbs.", start=42, end=51, rule="cue")
    only_title = Paper(id="2401.00010", title="Zorbs for ZorbBench", abstract="Nothing here.")
    g = to_graph(Corpus(papers=[paper, only_title],
                        entities=[Entity(id="zorbbench", name="ZorbBench", type="benchmark")],
                        links=[Link("2401.00009", "zorbbench", "introduced", "ZorbBench", evidence=(title, body)),
                               Link("2401.00010", "zorbbench", "used", "ZorbBench",
                                    evidence=(Evidence("Zorbs for ZorbBench", 10, 19, "title"),))]))
    hits = query.papers_of(g, "ZorbBench")
    assert [h.evidence for h in hits] == ["We introduce ZorbBench, a benchmark of zorbs.", "Zorbs for ZorbBench"]
    assert query.entities_of(g, "2401.00009")[0].evidence == "We introduce ZorbBench, a benchmark of zorbs."


def test_papers_of_variants_names_the_variant(tiny_graph):
    assert query.papers_of(tiny_graph, "LLaMA") == []
    hits = query.papers_of(tiny_graph, "LLaMA", variants=True)
    assert {(h.id, h.entity) for h in hits} == {("paper:2301.00001", "LLaMA-7B"),
                                                ("paper:t-0000000000aa", "LLaMA-7B")}


def test_papers_of_rejects_a_bad_role(tiny_graph):
    with pytest.raises(QueryError, match="unknown role 'introduces'; expected one of introduced"):
        query.papers_of(tiny_graph, "GSM8K", role="introduces")


def test_entities_of_filters_by_type_and_role(tiny_graph):
    hits = query.entities_of(tiny_graph, "2301.00001")
    assert [(h.name, h.role) for h in hits] == [
        ("LTC", "introduced"), ("LLaMA-7B", "used"), ("GSM8K", "used"), ("HotpotQA", "used")]
    assert [h.name for h in query.entities_of(tiny_graph, "2301.00002", type="metric")] == [
        "accuracy"]
    assert query.entities_of(tiny_graph, "2301.00002", type="metric")[0].named is False
    assert [h.name for h in query.entities_of(tiny_graph, "hostile", role="introduced")] == [
        "MathBench"]
    with pytest.raises(QueryError, match="unknown entity type 'datasets'"):
        query.entities_of(tiny_graph, "2301.00001", type="datasets")


def test_entities_of_wants_a_paper(tiny_graph):
    with pytest.raises(QueryError, match="no paper named 'GSM8K'"):
        query.entities_of(tiny_graph, "GSM8K")


# --- rankings and co-usage -------------------------------------------------

def test_top_entities_counts_papers_and_breaks_ties_by_name(tiny_graph):
    top = query.top_entities(tiny_graph, n=4)
    assert [(e.name, e.papers) for e in top] == [
        ("GSM8K", 3), ("Chain-of-Thought", 2), ("LLaMA-7B", 2), ("accuracy", 1)]
    assert [e.name for e in query.top_entities(tiny_graph, "benchmark")] == [
        "GSM8K", "HotpotQA", "MathBench"]


def test_top_entities_by_pagerank_is_deterministic(tiny_graph):
    top = query.top_entities(tiny_graph, by="pagerank", n=8)
    assert top == query.top_entities(_reversed(tiny_graph), by="pagerank", n=8)
    assert abs(sum(e.score for e in top) - 1) < 0.5  # entities hold part of the rank mass
    assert top[0].name in {"GSM8K", "LLaMA-7B"}
    with pytest.raises(QueryError, match="unknown ranking 'links'"):
        query.top_entities(tiny_graph, by="links")


def test_co_used_counts_shared_papers(tiny_graph):
    hits = query.co_used(tiny_graph, "GSM8K")
    counts = {e.name: e.papers for e in hits}
    assert counts == {"Chain-of-Thought": 2, "LLaMA-7B": 2, "HotpotQA": 1, "LTC": 1,
                      "MathBench": 1, "accuracy": 1}
    assert [e.name for e in hits][:2] == ["Chain-of-Thought", "LLaMA-7B"]
    assert hits[0].share == round(2 / 3, 6)
    assert [e.name for e in query.co_used(tiny_graph, "CoT", type="model")] == ["LLaMA-7B"]
    assert len(query.co_used(tiny_graph, "GSM8K", n=2)) == 2


def test_similar_papers_weighs_rare_entities_more():
    papers = [Paper(id=p, title=f"Paper {p}", abstract="") for p in "abcd"]
    entities = [Entity(id="common", name="Common", type="metric"),
                Entity(id="rare", name="Rare", type="dataset")]
    links = [Link(paper_id=p, entity_id="common", role="used", name="Common") for p in "abcd"]
    links.append(Link(paper_id="a", entity_id="rare", role="used", name="Rare"))
    links.append(Link(paper_id="c", entity_id="rare", role="used", name="Rare"))
    g = to_graph(Corpus(papers=papers, entities=entities, links=links))
    similar = query.similar_papers(g, "a")
    assert [(s.id, s.shared) for s in similar] == [
        ("paper:c", ("Rare", "Common")), ("paper:b", ("Common",)), ("paper:d", ("Common",))]
    assert similar[0].score > similar[1].score == similar[2].score > 0


# --- path, neighbours, clusters, stats --------------------------------------

def test_path_lists_the_papers_on_it(tiny_graph):
    steps = query.path(tiny_graph, "HotpotQA", "MathBench")
    assert [s.id for s in steps] == ["entity:hotpotqa", "paper:2301.00001", "entity:gsm8k",
                                     "paper:t-0000000000aa", "entity:mathbench"]
    assert [s.label for s in steps if s.kind == "paper"] == [
        "Learning through Communication", "A <b>hostile</b> title"]
    assert [(s.relation, s.forward) for s in steps[1:3]] == [("uses", False), ("uses", True)]
    assert steps == query.path(_reversed(tiny_graph), "HotpotQA", "MathBench")


def test_path_prefers_names_to_general_terms():
    papers = [Paper(id=p, title=f"Paper {p}", abstract="") for p in "ab"]
    entities = [Entity(id="accuracy", name="accuracy", type="metric", named=False),
                Entity(id="x", name="X-Bench", type="benchmark"),
                Entity(id="start", name="Start", type="method"),
                Entity(id="goal", name="Goal", type="method")]
    links = [Link(paper_id=p, entity_id=e, role="used", name=e)
             for p, first in (("a", "start"), ("b", "goal")) for e in (first, "accuracy", "x")]
    g = to_graph(Corpus(papers=papers, entities=entities, links=links))
    assert [s.label for s in query.path(g, "Start", "Goal")] == [
        "Start", "Paper a", "X-Bench", "Paper b", "Goal"]


def test_path_follows_variants_and_fails_between_parts(tiny_graph):
    assert [s.label for s in query.path(tiny_graph, "LLaMA", "HotpotQA")] == [
        "LLaMA", "LLaMA-7B", "Learning through Communication", "HotpotQA"]
    assert len(query.path(tiny_graph, "GSM8K", "gsm8k")) == 1
    g = tiny_graph.copy()
    g.add_node("entity:island", kind="entity", type="task", name="Island", aliases=[])
    with pytest.raises(QueryError, match="no path between 'Island' and 'GSM8K'"):
        query.path(g, "island", "GSM8K")


def test_neighbours_in_and_out(tiny_graph):
    found = query.neighbours(tiny_graph, "2301.00001")
    assert [(n.label, n.relation, n.direction) for n in found] == [
        ("LTC", "introduces", "out"), ("GSM8K", "uses", "out"), ("HotpotQA", "uses", "out"),
        ("LLaMA-7B", "uses", "out"), ("https://github.com/example/ltc", "has_code", "out")]
    assert [n.label for n in query.neighbours(tiny_graph, "LLaMA")] == ["LLaMA-7B"]
    # the family before the papers, however many papers there are
    assert [(n.label, n.direction) for n in query.neighbours(tiny_graph, "LLaMA-7B")] == [
        ("LLaMA", "out"), ("A <b>hostile</b> title", "in"),
        ("Learning through Communication", "in")]


def test_clusters_are_deterministic_and_respect_min_size(tiny_graph):
    found = query.clusters(tiny_graph, min_size=2, min_papers=1)
    assert found == query.clusters(_reversed(tiny_graph), min_size=2, min_papers=1)
    members = [set(c.members) for c in found]
    assert sum(len(m) for m in members) == 7  # every linked entity, once (LLaMA has no paper)
    assert all(c.size >= 2 and c.size == len(c.members) == len(c.ids) for c in found)
    assert [c.size for c in found] == sorted((c.size for c in found), reverse=True)
    assert query.clusters(tiny_graph, min_size=8, min_papers=1) == []
    benchmarks = query.clusters(tiny_graph, type="benchmark", min_size=1, min_papers=1)
    assert set().union(*(c.members for c in benchmarks)) == {"GSM8K", "HotpotQA", "MathBench"}


def test_clusters_leave_out_entities_of_fewer_papers(tiny_graph):
    (cluster,) = query.clusters(tiny_graph)  # min_papers=2: GSM8K 3, CoT 2, LLaMA-7B 2
    assert cluster.members == ("GSM8K", "Chain-of-Thought", "LLaMA-7B")
    assert cluster.papers == 3


def test_stats_counts_kinds_types_and_relations(tiny_graph):
    s = query.stats(tiny_graph, n=2)
    assert s["nodes"] == {"entity": 8, "paper": 3, "repository": 1}
    assert s["entity_types"] == {"method": 2, "model": 2, "benchmark": 3, "metric": 1}
    assert s["edges"] == {"has_code": 1, "introduces": 2, "uses": 9, "variant_of": 1}
    assert s["named_entities"] == 7
    assert s["top"]["benchmark"] == [{"name": "GSM8K", "papers": 3},
                                     {"name": "HotpotQA", "papers": 1}]


# --- load -------------------------------------------------------------------

def test_load_reads_a_file_or_its_folder(tiny_graph, tmp_path):
    write_node_link(tiny_graph, tmp_path / "graph.json")
    g = query.load(tmp_path / "graph.json")
    assert sorted(g.nodes) == sorted(tiny_graph.nodes)
    assert query.co_used(g, "GSM8K") == query.co_used(tiny_graph, "GSM8K")
    assert kg.load(tmp_path).number_of_edges() == tiny_graph.number_of_edges()
    with pytest.raises(InputError, match="no such graph file"):
        kg.load(tmp_path / "missing.json")


def test_import_kg_does_not_import_networkx():
    code = "import sys, kg; print('networkx' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_every_name_and_title_of_the_sample_finds_its_own_node(sample_graph):
    for node, data in sample_graph.nodes(data=True):
        if data["kind"] == "entity":
            # A name two entities share (the task "dialogue" and a method of that name)
            # finds the one with more links; the other is found by its id.
            found = query.find(sample_graph, data["name"])
            assert found == node or (name_key(sample_graph.nodes[found]["name"]) == name_key(data["name"])
                                     and links(sample_graph, found) >= links(sample_graph, node))
            assert query.find(sample_graph, node.split(":", 1)[1]) == node
        elif data["kind"] == "paper":
            assert query.find(sample_graph, data["title"]) == node
            assert query.find(sample_graph, node.split(":", 1)[1]) == node
