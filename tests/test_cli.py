"""The CLI in-process: help, build summary, --strict, and one-line errors."""
from __future__ import annotations

import json

import pytest

from kg.cli import main, make_parser


def test_every_command_has_help_with_an_example(capsys):
    parser = make_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert {"build", "evaluate"} <= set(sub.choices)
    for name, command in sub.choices.items():
        text = command.format_help()
        assert "example" in text, f"kg {name} --help has no example"


def test_no_command_prints_help(capsys):
    assert main([]) == 0
    assert "kg build" in capsys.readouterr().out


def test_build_reports_counts_and_strict_fails_on_skips(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"title": "T", "abstract": "We use GSM8K."}) + "\n{oops\n")
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"skipped: {source}:2: not valid JSON" in err
    assert "read 2 records, built 1 paper, skipped 1 record\n" in err
    assert (out / "papers.jsonl").exists()
    assert main(["build", str(source), "-o", str(out), "--strict"]) == 3


def test_strict_fails_on_a_skipped_file(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"title": "T", "abstract": "We use GSM8K."}) + "\n")
    out = tmp_path / "out"
    assert main(["build", str(source), str(tmp_path / "missing.jsonl"), "-o", str(out), "--strict"]) == 3
    assert capsys.readouterr().err.strip().splitlines()[-1] == "--strict: 1 file skipped"


def test_kg_error_is_one_line_not_a_traceback(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nothing-here.jsonl"), "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'nothing-here.jsonl'}: no such file or folder" in err  # no line number
    assert err.strip().splitlines()[-1].startswith("kg build: error: no papers could be read")
    assert "Traceback" not in err


def test_bad_format_name_is_a_usage_error_listing_known_ones(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"title": "T", "abstract": "A"}) + "\n")
    with pytest.raises(SystemExit) as exit_:
        main(["build", str(source), "--format", "csv", "-o", str(tmp_path / "o")])
    assert exit_.value.code == 2
    assert "'listing', 'jsonl', 'arxiv'" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high"])
def test_min_confidence_must_be_between_0_and_1(value, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--min-confidence", value])
    assert exit_.value.code == 2
    assert f"expected a number from 0 to 1, not '{value}'" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["0", "two"])
def test_jobs_must_be_a_positive_number(jobs, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--jobs", jobs])
    assert exit_.value.code == 2
    assert f"expected a whole number of at least 1, not '{jobs}'" in capsys.readouterr().err


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch, capsys):
    import kg.pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.pipeline, "build", interrupted)
    assert main(["build"]) == 130
    assert capsys.readouterr().err.strip().splitlines()[-1] == "kg build: interrupted"


def test_export_reads_the_graph_given_with_g_like_the_other_commands(tiny_graph, tmp_path, capsys):
    from kg.graph import write_node_link

    (tmp_path / "built").mkdir()
    write_node_link(tiny_graph, tmp_path / "built" / "graph.json")
    assert main(["export", "-g", str(tmp_path / "built"), "--format", "nt", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "graph.nt").stat().st_size > 0
    assert main(["export", "-g", str(tmp_path / "nowhere"), "--format", "nt", "-o", str(tmp_path)]) == 1
    assert "pass -g PATH" in capsys.readouterr().err
