"""The build end to end: counts, bad input, determinism, and the committed sample exports."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import ExportError, InputError, UnknownNameError
from kg.exports import DEFAULT_FORMATS
from kg.graph import read_node_link, to_node_link
from kg.pipeline import build, write_exports

REPO = Path(__file__).resolve().parents[1]


def test_build_counts_bad_records_and_builds_the_rest(tmp_path):
    source = tmp_path / "papers.jsonl"
    source.write_text(
        json.dumps({"title": "LoRA for Tiny Models", "abstract": "We propose TinyLoRA and evaluate on GSM8K.",
                    "arxiv_id": "2401.00001"}) + "\n"
        + "{broken\n"
        + json.dumps({"title": "LoRA for Tiny Models", "abstract": "We propose TinyLoRA",
                      "arxiv_id": "2401.00001v2"}) + "\n")
    problems = []
    report = build([source], tmp_path / "out", formats=["json", "jsonl"], on_problem=problems.append)
    assert (report.read, report.papers, report.skipped) == (3, 1, 1)
    assert [str(p) for p in problems] == [f"{source}:2: not valid JSON (Expecting property name "
                                          "enclosed in double quotes at column 2)"]
    assert sorted(p.name for p in report.files) == ["graph.json", "papers.jsonl"]
    assert report.summary_lines()[0] == "read 3 records, built 1 paper (1 duplicate merged), skipped 1 record"


def test_a_missing_file_is_a_skipped_file_not_a_record(tmp_path):
    source = tmp_path / "papers.jsonl"
    source.write_text("".join(json.dumps({"title": f"Paper {i}", "abstract": "We use GSM8K."}) + "\n"
                              for i in range(3)))
    report = build([source, tmp_path / "missing.jsonl"], tmp_path / "out", formats=["json"])
    assert (report.read, report.skipped, report.files_skipped) == (3, 0, 1)
    assert report.summary_lines()[0] == "read 3 records, built 3 papers, skipped 1 file"


def test_an_export_folder_that_cannot_be_written_fails_before_reading(tmp_path, monkeypatch):
    import kg.readers

    def read_papers(*args, **kwargs):
        raise AssertionError("the inputs were read")

    monkeypatch.setattr(kg.readers, "read_papers", read_papers)
    (tmp_path / "a-file").write_text("")
    with pytest.raises(ExportError, match="a-file/out: cannot create the export folder"):
        build(None, tmp_path / "a-file" / "out")
    with pytest.raises(UnknownNameError, match="unknown export format 'pdf'"):
        build(None, tmp_path / "out", formats=["json", "pdf"])


def test_a_build_removes_the_exports_of_an_earlier_build_it_does_not_write(tmp_path):
    source, other = tmp_path / "good.jsonl", tmp_path / "other.jsonl"
    source.write_text(json.dumps({"title": "Good", "abstract": "We use GSM8K."}) + "\n")
    other.write_text(json.dumps({"title": "Other", "abstract": "We use MMLU."}) + "\n")
    out = tmp_path / "out"
    build([source], out, formats=["turtle", "json", "csv"], jobs=1)
    (out / "papers.jsonl").write_text(other.read_text())  # an input that has an export's name
    report = build([other, out / "papers.jsonl"], out, formats=["nt", "json"], jobs=1)
    assert sorted(p.name for p in out.iterdir()) == ["graph.json", "graph.nt", "papers.jsonl"]
    assert [p.relative_to(out).as_posix() for p in report.removed] == [
        "graph.ttl", "tables/nodes.csv", "tables/edges.csv"]
    assert "removed" in report.summary_lines()[-2]


def test_a_build_never_writes_over_its_own_input(tmp_path):
    source = tmp_path / "papers.jsonl"
    source.write_text(json.dumps({"title": "Zorb Nets", "abstract": "We test GPT-4 on GSM8K."}) + "\n")
    before = source.read_bytes()
    with pytest.raises(ExportError, match="an input of this build, which its jsonl export would overwrite"):
        build([source], tmp_path)
    assert source.read_bytes() == before
    assert build([source], tmp_path, formats=["json"]).papers == 1  # exports that spare it are fine


@pytest.mark.parametrize("as_given", [str, Path], ids=["str", "Path"])
def test_one_path_given_alone_is_one_input(tmp_path, as_given):
    source = tmp_path / "papers.jsonl"
    source.write_text(json.dumps({"title": "Paper", "abstract": "We use GSM8K."}) + "\n")
    report = build(as_given(source), tmp_path / "out", formats=["jsonl"])
    assert (report.read, report.papers, report.files_skipped) == (1, 1, 0)
    with pytest.raises(InputError, match=f"no papers could be read from {tmp_path / 'missing.jsonl'}$"):
        build(as_given(tmp_path / "missing.jsonl"), tmp_path / "out2")


def test_nothing_readable_is_an_error_and_leaves_no_folder(tmp_path):
    with pytest.raises(InputError, match="no papers could be read"):
        build([tmp_path / "missing.jsonl"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_bad_confidence_and_unknown_format_fail_before_writing(tmp_path):
    with pytest.raises(InputError, match="between 0 and 1"):
        build(None, tmp_path / "a", min_confidence=2)
    with pytest.raises(UnknownNameError, match="unknown export format 'pdf'"):
        write_exports(None, tmp_path / "b", ["pdf"])
    assert not (tmp_path / "b").exists()


def test_graph_json_round_trip_is_lossless(sample_graph, tmp_path):
    from kg.graph import write_node_link

    path = write_node_link(sample_graph, tmp_path / "graph.json")
    assert to_node_link(read_node_link(path)) == to_node_link(sample_graph)


def test_sample_graph_links_papers_to_typed_entities(sample_graph):
    kinds = {d["kind"] for _, d in sample_graph.nodes(data=True)}
    assert {"paper", "entity"} <= kinds
    papers = [n for n, d in sample_graph.nodes(data=True) if d["kind"] == "paper"]
    assert len(papers) == 296
    for _, target, key, data in sample_graph.edges(keys=True, data=True):
        if key in ("introduces", "uses"):
            assert sample_graph.nodes[target]["type"] in {"method", "model", "dataset", "benchmark",
                                                         "task", "metric"}
            assert data["evidence"] and 0 <= data["confidence"] <= 1


@pytest.mark.parametrize("name", ["graph.ttl", "graph.json", "papers.jsonl", "graph.html"])
def test_fresh_build_reproduces_the_committed_exports(sample_export, name):
    """exports/ in the repository is exactly what `kg build` writes for the sample."""
    committed = REPO / "exports" / name
    assert committed.exists(), "run `kg build` and commit exports/"
    assert (sample_export / name).read_bytes() == committed.read_bytes(), (
        f"exports/{name} is out of date: run `kg build` and commit it")


def test_default_formats_are_the_documented_four():
    assert DEFAULT_FORMATS == ("turtle", "html", "json", "jsonl")


def test_exports_written_by_workers_are_the_same_files(sample_graph, sample_export, tmp_path):
    written = write_exports(sample_graph, tmp_path, jobs=2)
    assert [p.name for p in written] == ["graph.ttl", "graph.html", "graph.json", "papers.jsonl"]
    for path in written:
        assert path.read_bytes() == (sample_export / path.name).read_bytes()


def test_a_worker_that_cannot_write_says_which_file(tiny_graph, tmp_path):
    from kg.errors import ExportError

    (tmp_path / "graph.ttl").mkdir()  # a folder where the file should go
    with pytest.raises(ExportError, match="graph.ttl"):
        write_exports(tiny_graph, tmp_path, jobs=2)
