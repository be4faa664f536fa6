"""The extraction cache: a later build extracts only what it has not seen, and its files are the same."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kg.cache import ExtractionCache, default_folder
from kg.cli import main
from kg.pipeline import build
from kg.records import Paper

PAPERS = [
    {"id": "p1", "title": "ZorbNet: Routing for Agents", "abstract": "We propose ZorbNet. We evaluate on GSM8K."},
    {"id": "p2", "title": "Quux Tuning", "abstract": "We study LoRA on HotpotQA, measured by accuracy."},
]


def _write(path: Path, papers) -> Path:
    path.write_text("".join(json.dumps(p) + "\n" for p in papers), encoding="utf-8")
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_second_build_takes_every_paper_from_the_cache_and_writes_the_same_files(tmp_path):
    source = _write(tmp_path / "papers.jsonl", PAPERS)
    first = build([source], tmp_path / "one")
    second = build([source], tmp_path / "two")
    assert (first.cached, second.cached) == (0, 2)
    assert "took 2 papers from the extraction cache, extracted 0" in second.summary_lines()
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_a_changed_abstract_is_extracted_again(tmp_path):
    source = _write(tmp_path / "papers.jsonl", PAPERS)
    build([source], tmp_path / "one")
    changed = [PAPERS[0], {**PAPERS[1], "abstract": "We study LoRA on HotpotQA and MMLU."}]
    report = build([_write(source, changed)], tmp_path / "two")
    assert report.cached == 1
    lines = (tmp_path / "two" / "papers.jsonl").read_text(encoding="utf-8").splitlines()
    names = {e["name"] for e in json.loads(lines[1])["entities"]}
    assert "MMLU" in names and "accuracy" not in names


def test_no_cache_neither_reads_nor_writes_it(tmp_path, capsys):
    source = _write(tmp_path / "papers.jsonl", PAPERS)
    assert main(["build", str(source), "-o", str(tmp_path / "out"), "--no-cache"]) == 0
    assert not default_folder().exists() or not any(default_folder().iterdir())
    assert "extraction cache" not in capsys.readouterr().err


def test_a_damaged_cache_file_is_made_again(tmp_path):
    source = _write(tmp_path / "papers.jsonl", PAPERS)
    with ExtractionCache.open() as cache:
        path = cache.path
    path.write_bytes(b"this is not an SQLite file" * 100)
    assert build([source], tmp_path / "one").papers == 2
    assert build([source], tmp_path / "two").cached == 2


def test_a_cache_folder_that_cannot_be_used_is_left_aside_and_the_build_goes_on(tmp_path, monkeypatch, capsys):
    source = _write(tmp_path / "papers.jsonl", PAPERS)
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "a-file"))
    assert main(["build", str(source), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "warning: " + str(tmp_path / "a-file") in err and "extraction cache left aside" in err
    assert "built 2 papers" in err


def test_a_damaged_entry_is_extracted_again(tmp_path):
    source = _write(tmp_path / "papers.jsonl", PAPERS)
    build([source], tmp_path / "one")
    with ExtractionCache.open() as cache:
        cache._db.execute("UPDATE extractions SET value = x'00ff'")
    report = build([source], tmp_path / "two")
    assert report.cached == 0  # found, unreadable, extracted again
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_the_files_of_other_kg_versions_are_deleted(tmp_path):
    stale = default_folder() / "extractions-0123456789abcdef.sqlite"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"")
    with ExtractionCache.open() as cache:
        assert cache.get(Paper(id="p", title="T", abstract="A.")) is None
    assert not stale.exists()
    assert [p.name for p in default_folder().iterdir()] == [cache.path.name]


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("KG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_folder() == tmp_path / "kg"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_folder() == Path(os.path.expanduser("~")) / ".cache" / "kg"


def test_a_cache_that_fails_during_a_build_is_left_aside_and_the_build_goes_on(tmp_path, capsys):
    source = _write(tmp_path / "papers.jsonl", PAPERS)
    build([source], tmp_path / "one")
    with ExtractionCache.open() as cache:
        cache._db.execute("DROP TABLE extractions")
        cache._db.execute("CREATE TABLE extractions (key BLOB PRIMARY KEY, value BLOB NOT NULL, extra NOT NULL)")
    assert main(["build", str(source), "-o", str(tmp_path / "two")]) == 0  # every insert fails
    err = capsys.readouterr().err
    assert "extraction cache left aside (table extractions has 3 columns" in err
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_the_fingerprint_covers_what_extraction_reads_and_nothing_else(tmp_path, monkeypatch, request):
    import shutil

    from kg import cache

    request.addfinalizer(cache.imported_sources.cache_clear)  # it read the copy below
    copy = tmp_path / "kg"
    shutil.copytree(cache._PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "sample", "assets"))
    monkeypatch.setattr(cache, "_PACKAGE", copy)

    def fingerprint() -> str:
        cache.imported_sources.cache_clear()
        return cache.fingerprint.__wrapped__()

    before = fingerprint()
    (copy / "page.py").write_text((copy / "page.py").read_text() + "\n# the page changed\n")
    (copy / "query.py").write_text((copy / "query.py").read_text() + "\n# a query changed\n")
    assert fingerprint() == before
    (copy / "roles.py").write_text((copy / "roles.py").read_text() + "\n# a rule changed\n")
    changed = fingerprint()
    assert changed != before
    with open(copy / "rules" / "methods.tsv", "a", encoding="utf-8") as handle:
        handle.write("zorbic tuning\t\t0\n")
    assert fingerprint() != changed


def test_every_module_extraction_loads_is_in_the_fingerprint():
    """Imports made while extracting (inside functions, too) are all found by reading the code."""
    code = ("import sys; from kg.extract import extract; from kg.records import Paper; "
            "list(extract([Paper(id='p', title='ZorbNet', abstract='We propose ZorbNet (ZN) on GSM8K.')])); "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('kg.'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    from kg.cache import _PACKAGE, imported_sources

    read = {".".join(("kg", *p.relative_to(_PACKAGE).with_suffix("").parts)) for p in imported_sources("kg.extract")}
    assert "kg.extract" in loaded and set(loaded) <= read
    assert not read & {"kg.page", "kg.query", "kg.calibration", "kg.graph_cache"}
