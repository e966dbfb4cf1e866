"""The reference of the marks is checked against its manifest before any student code runs."""

from __future__ import annotations

import hashlib
import json

import pytest

from kpilab import KPIError
from kpilab.grading import reference


def test_the_committed_manifest_matches_the_files():
    lines = reference.differences()
    assert not lines, "Run: python -m kpilab.grading.reference (then commit kpilab/grading/reference.json)\n" + "\n".join(lines)


def test_the_manifest_covers_the_exercises_the_engine_and_the_data():
    names = set(json.loads(reference.MANIFEST.read_text(encoding="utf-8")))
    for needed in ("kpilab/exercises/lecon01.py", "kpilab/exercises/engine.py", "kpilab/exercises/solutions.json",
                   "kpilab/tables/funnel.py", "datasets/commandes.csv", "datasets/campagnes.csv"):
        assert needed in names
    data = reference.reference_files()["datasets/campagnes.csv"].read_bytes()
    assert json.loads(reference.MANIFEST.read_text(encoding="utf-8"))["datasets/campagnes.csv"] == \
        hashlib.sha256(data).hexdigest()


def test_a_changed_file_stops_the_grading_with_how_to_restore(tmp_path, monkeypatch):
    for path in reference.reference_files().values():
        if path.name == "campagnes.csv":
            data_dir = tmp_path / "donnees"
            data_dir.mkdir()
            (data_dir / "campagnes.csv").write_bytes(path.read_bytes().replace(b"\n", b"\n", 1) + b"x")
    monkeypatch.setattr("kpilab.datasets.DATA_DIR", data_dir)
    with pytest.raises(KPIError) as raised:
        reference.verify()
    message = str(raised.value)
    assert "datasets/campagnes.csv\u00a0: modifié" in message
    assert "datasets/commandes.csv\u00a0: absent" in message  # only campagnes.csv is in that folder
    assert "git checkout -- kpilab datasets" in message and "make data" in message
