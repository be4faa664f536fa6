"""`kg stats` and `kg query ...` in-process on the tiny graph: tables, --json, errors."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main, make_parser
from kg.cli_query import QUERIES
from kg.graph import write_node_link


@pytest.fixture(scope="module")
def graph_dir(tiny_graph, tmp_path_factory):
    folder = tmp_path_factory.mktemp("query-graph")
    write_node_link(tiny_graph, folder / "graph.json")
    return folder


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_query_has_help_with_an_example():
    query = make_parser()._subparsers._group_actions[0].choices["query"]
    queries = query._subparsers._group_actions[0].choices
    assert set(queries) == {name for name, *_ in QUERIES}
    for name, parser in queries.items():
        text = parser.format_help()
        assert "example:\n  kg query " + name in text, name
        assert "--graph" in text and "--json" in text


def test_stats_table_and_json(graph_dir, capsys):
    code, out, _ = run(capsys, "stats", "-g", str(graph_dir))
    assert code == 0
    assert "papers        3" in out
    assert "benchmark  GSM8K 3, HotpotQA 1, MathBench 1" in out
    code, out, _ = run(capsys, "stats", "-g", str(graph_dir / "graph.json"), "--json", "-n", "1")
    data = json.loads(out)
    assert data["edges"]["uses"] == 9
    assert data["top"]["model"] == [{"name": "LLaMA-7B", "papers": 2}]


def test_papers_json_and_what_the_name_was_taken_to_mean(graph_dir, capsys):
    code, out, err = run(capsys, "query", "papers", "cot", "-g", str(graph_dir), "--json")
    assert code == 0
    assert [p["id"] for p in json.loads(out)] == ["paper:t-0000000000aa", "paper:2301.00002"]
    assert "'cot' is Chain-of-Thought (entity:chain-of-thought)" in err
    code, out, _ = run(capsys, "query", "papers", "GSM8K", "--role", "introduced",
                       "-g", str(graph_dir), "--json")
    assert json.loads(out) == []


def test_papers_table_is_aligned(graph_dir, capsys):
    code, out, err = run(capsys, "query", "papers", "GSM8K", "-g", str(graph_dir))
    lines = out.splitlines()
    assert lines[0].split() == ["paper", "role", "title"]
    assert lines[2].startswith("t-0000000000aa  used  A <b>hostile</b> title")
    assert {line.index("used") for line in lines[2:]} == {lines[0].index("role")}
    assert err == ""  # the name was typed as it is


def test_evidence_prints_the_sentence_of_each_link_under_its_row(graph_dir, capsys):
    code, out, _ = run(capsys, "query", "papers", "HotpotQA", "--evidence", "-g", str(graph_dir))
    lines = out.splitlines()
    assert code == 0 and lines[2].startswith("2301.00001  used")
    assert lines[3] == '    "We evaluate on GSM8K and HotpotQA with LLaMA-7B"'
    code, out, _ = run(capsys, "query", "entities", "Chain-of-Thought for Math", "--type", "metric",
                       "--evidence", "-g", str(graph_dir))
    assert out.splitlines()[3] == '    "We study Chain-of-Thought (CoT) prompting on GSM8K, measured by accuracy."'
    code, out, _ = run(capsys, "query", "papers", "HotpotQA", "-g", str(graph_dir))
    assert len(out.splitlines()) == 3  # without --evidence, one line per link


@pytest.mark.parametrize("argv, expected", [
    (["entities", "Chain-of-Thought for Math", "--type", "metric"], "accuracy"),
    (["top", "--type", "benchmark", "-n", "1"], "GSM8K"),
    (["top", "--by", "pagerank"], "score"),
    (["co-used", "LLaMA-7B"], "HotpotQA"),
    (["similar", "2301.00001"], "LLaMA-7B, GSM8K"),
    (["clusters", "--min-size", "2"], "members"),
    (["neighbours", "LLaMA"], "<- variant_of"),
])
def test_each_query_prints_a_table(graph_dir, capsys, argv, expected):
    code, out, _ = run(capsys, "query", *argv, "-g", str(graph_dir))
    assert code == 0
    assert expected in out


def test_path_lists_the_papers(graph_dir, capsys):
    code, out, _ = run(capsys, "query", "path", "HotpotQA", "MathBench", "-g", str(graph_dir))
    assert code == 0
    assert "2301.00001" in out and "t-0000000000aa" in out
    code, out, _ = run(capsys, "query", "path", "HotpotQA", "MathBench", "-g", str(graph_dir),
                       "--json")
    steps = json.loads(out)
    assert [s["kind"] for s in steps] == ["entity", "paper", "entity", "paper", "entity"]


def test_unknown_name_is_one_line_with_suggestions_and_exit_1(graph_dir, capsys):
    code, out, err = run(capsys, "query", "co-used", "HotpotQQA", "-g", str(graph_dir))
    assert code == 1
    assert out == ""
    assert err == "kg query: error: no entity named 'HotpotQQA'; did you mean: HotpotQA?\n"


def test_missing_graph_is_an_error_not_a_traceback(tmp_path, capsys):
    code, _, err = run(capsys, "query", "top", "-g", str(tmp_path))
    assert code == 1
    assert "no such graph file" in err and "Traceback" not in err
    code, _, err = run(capsys, "stats", "-g", str(tmp_path / "nope.json"))
    assert code == 1


def test_bad_choice_is_rejected_by_argparse(graph_dir, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["query", "top", "--type", "datasets", "-g", str(graph_dir)])
    assert exit_info.value.code == 2
    assert "invalid choice: 'datasets'" in capsys.readouterr().err


@pytest.mark.parametrize("argv, says", [
    (["papers", "HotpotQA", "--role", "introduced"], "no paper links to HotpotQA with role introduced"),
    (["top", "--type", "task"], "no entities of type task"),
    (["clusters", "--min-size", "9"], "no group of at least 9 entities used together in 2+ papers; try"),
])
def test_an_empty_answer_says_what_was_not_found(graph_dir, capsys, argv, says):
    code, out, err = run(capsys, "query", *argv, "-g", str(graph_dir))
    assert (code, out) == (0, "") and says in err


@pytest.mark.parametrize("argv, says", [
    (["query", "clusters", "--min-size", "-1"], "at least 1"),
    (["query", "clusters", "--min-papers", "0"], "at least 1"),
    (["stats", "-n", "-2"], "at least 1"),
    (["viz", "--depth", "-1"], "at least 1"),
    (["validate", "--limit", "-1"], "at least 0"),
    (["evaluate", "gold.jsonl", "papers.jsonl", "--errors", "-3"], "at least 0"),
])
def test_counts_below_their_least_value_are_usage_errors(capsys, argv, says):
    # "--limit -1" used to show all violations but one; a negative -n sliced results away
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert says in capsys.readouterr().err


def _program(*argv: str) -> subprocess.CompletedProcess:
    # The `kg` program as a shell runs it (kg.cli.run: main, then an immediate exit).
    return subprocess.run([sys.executable, "-m", "kg.cli", *argv], capture_output=True, text=True, timeout=120)


def test_the_program_flushes_its_whole_answer_and_keeps_the_exit_code(graph_dir):
    done = _program("query", "top", "-g", str(graph_dir), "--json")
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) > 0  # all of the JSON arrived, though the process exits at once
    failed = _program("query", "papers", "no-such-thing", "-g", str(graph_dir))
    assert failed.returncode == 1
    assert "no entity named 'no-such-thing'" in failed.stderr


def test_the_program_is_quiet_when_the_reader_closes_the_pipe():
    # `kg query ... | head -1` on the sample: more than a pipe holds, so writing fails; no traceback,
    # no "Exception ignored" message
    exports = Path(__file__).resolve().parents[1] / "exports"
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "query", "top", "-g", str(exports), "-n", "1000",
                                "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0
    assert err == b""
