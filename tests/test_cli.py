"""The CLI in-process: help, build summary, --strict, and one-line errors."""
from __future__ import annotations

import argparse
import json
import shlex
import shutil
from pathlib import Path

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
    assert "pass -g DIR" in capsys.readouterr().err


# --- where the build is: -g/--graph in every command that reads one -------------------

# Each command that reads a build, with the arguments it needs besides the graph's location.
READERS = [("stats",), ("query", "top"), ("query", "papers", "GSM8K"), ("viz",), ("export", "--format", "nt"),
           ("sparql", "ASK {}"), ("serve",), ("validate",)]


def _subparser(*names):
    parser = make_parser()
    for name in names:
        parser = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[name]
    return parser


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_every_command_that_reads_a_build_finds_it_with_g(command):
    parser = make_parser()
    assert parser.parse_args(command).graph == "exports"
    assert parser.parse_args([*command, "-g", "out/"]).graph == "out/"
    assert parser.parse_args([*command, "--graph", "out/graph.ttl"]).graph == "out/graph.ttl"
    names = command[:2] if command[0] == "query" else command[:1]
    text = " ".join(_subparser(*names).format_help().split())
    assert "-g DIR, --graph DIR the export folder of a build" in text
    assert "(default: exports/)" in text


# The spellings -g replaced: hidden from the help, still read, and a usage error beside -g.
OLD_SPELLINGS = [(("sparql", "ASK {}"), ["--data", "old/"]), (("serve",), ["old/"]), (("validate",), ["old/"]),
                 (("export", "--format", "nt"), ["old/graph.json"])]


@pytest.mark.parametrize("command, old", OLD_SPELLINGS, ids=lambda c: " ".join(c))
def test_the_old_spellings_of_the_graph_still_work(command, old, capsys):
    parser = make_parser()
    assert parser.parse_args([*command, *old]).graph == old[-1]
    for both in ([*command, *old, "-g", "new/"], [*command, "-g", "new/", *old]):
        with pytest.raises(SystemExit) as exit_:
            parser.parse_args(both)
        assert exit_.value.code == 2
        assert "not allowed with argument" in capsys.readouterr().err
    options = _subparser(command[0]).format_help().split("\nexample")[0]
    assert "--data" not in options and "EXPORT" not in options and "GRAPH" not in options


def test_validate_reads_the_folder_given_with_g_and_evaluate_a_folder_too(tiny_graph, tmp_path, capsys):
    from kg.pipeline import write_exports

    write_exports(tiny_graph, tmp_path, ["turtle", "jsonl"])
    assert main(["validate", "-g", str(tmp_path)]) == 0
    assert f"{tmp_path / 'graph.ttl'}: " in capsys.readouterr().err
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"title": "Chain-of-Thought for Math", "entities": [
        {"name": "GSM8K", "type": "benchmark", "role": "used", "named": True}]}) + "\n")
    assert main(["evaluate", str(gold), str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["all"]["recall"] == 1.0


# --- the examples in the help: each works on the bundled sample, after `kg build` ------

REPO = Path(__file__).resolve().parents[1]
NOT_RUN = {"build": "rebuilds the sample", "serve": "runs until stopped", "validate": "takes 8 s on the sample"}


def _examples(parser: argparse.ArgumentParser) -> list[str]:
    lines = [line.strip() for line in (parser.epilog or "").splitlines() if line.startswith("  kg ")]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                lines += _examples(sub)
    return list(dict.fromkeys(lines))


def test_every_example_in_the_help_works_on_the_sample(sample_export, tmp_path, monkeypatch, capsys):
    """From a folder laid out as the repository after `kg build`: exports/, ontology/, ../shared/."""
    shutil.copytree(sample_export, tmp_path / "repo" / "exports")
    (tmp_path / "repo" / "ontology").symlink_to(REPO / "ontology")
    if (REPO.parent / "shared").is_dir():
        (tmp_path / "shared").symlink_to(REPO.parent / "shared")
    monkeypatch.chdir(tmp_path / "repo")
    examples = _examples(make_parser())
    assert len(examples) > 25
    for example in examples:
        argv = shlex.split(example.split(" > ")[0], comments=True)[1:]
        args = make_parser().parse_args(argv)
        named = [Path(p) for p in (getattr(args, "graph", None), getattr(args, "pred", None)) if p]
        named += [Path(p) for p in (*getattr(args, "inputs", ()), getattr(args, "gold", None)) if p]
        if argv[0] == "sparql" and args.query.endswith(".rq"):
            named.append(Path(args.query))
        if any("shared" in p.parts for p in named) and not (tmp_path / "shared").exists():
            continue  # shared/ is not beside this checkout
        if argv[0] == "build" and argv[1:2] and not argv[1].startswith("-"):
            continue  # your own files, for illustration
        assert all(p.exists() for p in named), f"{example}: names {named}"
        if argv[0] not in NOT_RUN:
            assert main(argv) == 0, f"{example}: {capsys.readouterr().err}"
    capsys.readouterr()
