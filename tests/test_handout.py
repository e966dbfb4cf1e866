"""kpilab distribuer (kpilab/hub/handout.py): each student's devoir put in their home, nothing replaced.

The devoir is a real one (``kpilab devoir 01`` for three students); the homes are folders as
the hub's machine has them (``jupyter-<name>``, a long name shortened), owned by another user
when the tests run as root, as a student's home is.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kpilab.cli import main
from kpilab.devoirs.create import create
from kpilab.errors import KPIError
from kpilab.hub.accounts import system_username
from kpilab.hub.collect import collect
from kpilab.hub.handout import hand_out

CLASS = "nom;prenom\nMartin;Léa\nDurand;Paul\nBernard-Lefebvre;Zoé-Marie\n"
LONG = "bernard-lefebvre-zoe-marie"
STUDENT_UID = 54321  # a user that is not the one running the tests


@pytest.fixture(scope="module")
def devoir(tmp_path_factory):
    root = tmp_path_factory.mktemp("devoir")
    (root / "classe.csv").write_text(CLASS, encoding="utf-8")
    create("01", root / "classe.csv", root / "devoir01", jobs=1)
    return root / "devoir01"


@pytest.fixture
def homes(tmp_path):
    """Léa and Zoé-Marie have logged in once (their homes exist); Paul never has."""
    homes = tmp_path / "home"
    for name in ("martin-lea", LONG):
        home = homes / system_username(name)
        home.mkdir(parents=True, mode=0o700)
        if os.geteuid() == 0:
            os.chown(home, STUDENT_UID, STUDENT_UID)
    return homes


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_each_student_gets_their_own_devoir_owned_by_them(devoir, homes):
    report = hand_out(devoir, homes)
    for name in ("martin-lea", LONG):
        given = homes / system_username(name) / "devoir_01"
        assert _files(given) == _files(devoir / "a_distribuer" / name)
        assert f"01_devoir_{name}.ipynb" in _files(given)
        if os.geteuid() == 0:
            assert {p.stat().st_uid for p in [given, *given.rglob("*")]} == {STUDENT_UID}
    assert [who for who, _ in report.missing] == ["Paul Durand (durand-paul)"]
    assert not (homes / "jupyter-durand-paul").exists()  # no home is made for a student who never logged in
    text = str(report).replace("\u00a0", " ")
    assert "2 étudiants sur 3" in text and "jamais connecté" in text and "Relance la même commande" in text


def test_a_second_run_keeps_what_the_student_wrote_and_brings_back_what_is_missing(devoir, homes):
    hand_out(devoir, homes)
    given = homes / "jupyter-martin-lea" / "devoir_01"
    notebook = given / "01_devoir_martin-lea.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8").replace("...", "42", 1), encoding="utf-8")
    edited = notebook.read_bytes()
    data = sorted((given / "donnees").iterdir())[0]
    data.unlink()
    report = hand_out(devoir, homes)
    assert notebook.read_bytes() == edited
    assert data.read_bytes() == (devoir / "a_distribuer" / "martin-lea" / "donnees" / data.name).read_bytes()
    assert ("Léa Martin (martin-lea)", 1) in report.given  # the one file that was missing
    assert any(who.startswith("Zoé-Marie") for who, _ in report.kept)
    assert "déjà distribué" in str(report)


def test_a_link_a_student_put_in_their_home_is_never_followed(devoir, homes, tmp_path):
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (homes / "jupyter-martin-lea" / "devoir_01").symlink_to(outside)
    nested = homes / system_username(LONG) / "devoir_01"
    nested.mkdir()
    (nested / "donnees").symlink_to(outside)
    report = hand_out(devoir, homes)
    assert list(outside.iterdir()) == []  # nothing written through either link
    reasons = dict(report.missing)
    assert "lien symbolique" in reasons["Léa Martin (martin-lea)"]
    assert "lien symbolique" in reasons[f"Zoé-Marie Bernard-Lefebvre ({LONG})"]


def test_what_is_not_a_devoir_gets_a_french_error(tmp_path, homes, capsys):
    with pytest.raises(KPIError, match="kpilab devoir"):
        hand_out(tmp_path, homes)
    assert main(["distribuer", str(tmp_path), str(homes)]) == 2
    assert "Erreur\u00a0: " in capsys.readouterr().err


def test_the_command_prints_the_report_and_the_one_link_for_the_class(devoir, homes, capsys):
    assert main(["distribuer", str(devoir), str(homes), "--hub", "https://hub.lycee.fr"]) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ").replace("\u202f", " ")
    assert "Distribution de « devoir_01 »" in out
    assert "https://hub.lycee.fr/hub/user-redirect/lab/tree/devoir_01" in out


def test_handed_out_collected_and_graded_on_each_students_data(devoir, homes, tmp_path):
    hand_out(devoir, homes)
    copies = tmp_path / "copies"
    report = collect(homes, "devoir_01/*.ipynb", copies, class_list=devoir.parent / "classe.csv",
                     original=devoir / "a_distribuer")
    assert sorted(c.student for c in report.copies) == sorted(["martin-lea", LONG])
    assert all(c.unmodified for c in report.copies)  # handed out, not yet touched
    gradebook = tmp_path / "notes.csv"
    done = subprocess.run([sys.executable, "-m", "kpilab", "grade", str(copies), "--out", str(gradebook),
                           "--devoir", str(devoir / "enseignant" / "devoir.json")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = list(csv.DictReader(io.StringIO(gradebook.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert sorted(r["etudiant"] for r in rows) == sorted(["martin-lea", LONG])
    assert all("autre étudiant" not in r["remarques"] for r in rows)  # each copy is its student's own
