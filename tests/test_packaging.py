"""The installed package carries what it needs: ontology, shapes, sample corpus, rules."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_ships_ontology_sample_and_rules(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(tmp_path)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = tmp_path.glob("kg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"kg/ontology/kg.ttl", "kg/ontology/shapes.ttl"} <= names
    assert sum(n.startswith("kg/sample/") and n.endswith(".txt") for n in names) == 5
    assert any(n.startswith("kg/rules/") for n in names)
    queries = [n for n in names if n.startswith("kg/ontology/queries/") and n.endswith(".rq")]
    assert len(queries) >= 10
