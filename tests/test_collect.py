"""kpilab collecter (kpilab/hub/collect.py): the students' notebooks gathered from their homes, read-only."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from kpilab.cli import main
from kpilab.errors import KPIError
from kpilab.hub.collect import collect

NOTEBOOK = "exercises/01_exercices_taux_de_reponse.ipynb"
HANDED_OUT = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n'
CLASS = "nom;prenom\nMartin;Léa\nDurand;Paul\nBernard;Zoé\nPetit;Hugo\n"


def _write(path: Path, data: bytes, mtime: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))
    return path


def _snapshot(folder: Path) -> dict:
    """Every file and link under ``folder``: its bytes (or link target), mode and mtime."""
    seen = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            info = path.lstat()
            content = os.readlink(path) if path.is_symlink() else (path.read_bytes() if path.is_file() else None)
            seen[path.relative_to(folder).as_posix()] = (content, info.st_mode, info.st_mtime_ns)
    return seen


@pytest.fixture
def school(tmp_path):
    """Homes of three students of a class of four (Hugo never logged in), the handed-out notebook."""
    homes = tmp_path / "home"
    original = _write(tmp_path / "cours" / NOTEBOOK, HANDED_OUT, 1_700_000_000)
    lea = _write(homes / "jupyter-martin-lea" / NOTEBOOK, HANDED_OUT.replace(b"[]", b'[{"x": 1}]'),
                 datetime(2025, 3, 15, 14, 5).timestamp())
    paul = _write(homes / "jupyter-durand-paul" / NOTEBOOK, HANDED_OUT, datetime(2025, 3, 14, 9, 30).timestamp())
    (homes / "jupyter-bernard-zoe" / "exercises").mkdir(parents=True)  # logged in, never opened the exercise
    (homes / "ubuntu").mkdir()  # the machine's admin: not a student's home
    class_list = tmp_path / "classe.csv"
    class_list.write_text(CLASS, encoding="utf-8")
    return dict(homes=homes, original=original, lea=lea, paul=paul, class_list=class_list, tmp=tmp_path)


def test_each_notebook_is_copied_with_its_bytes_and_mtime_and_the_homes_do_not_change(school):
    before = _snapshot(school["homes"])
    out = school["tmp"] / "copies"
    report = collect(school["homes"], NOTEBOOK, out, class_list=school["class_list"], original=school["original"])
    assert sorted(p.name for p in out.iterdir()) == ["durand-paul.ipynb", "martin-lea.ipynb"]
    for name, source in (("martin-lea", school["lea"]), ("durand-paul", school["paul"])):
        copied = out / f"{name}.ipynb"
        assert copied.read_bytes() == source.read_bytes()
        assert copied.stat().st_mtime_ns == source.stat().st_mtime_ns
    assert _snapshot(school["homes"]) == before  # nothing moved, changed or touched
    assert {c.student: c.unmodified for c in report.copies} == {"martin-lea": False, "durand-paul": True}
    assert [who for who, _ in report.missing] == ["Zoé Bernard (bernard-zoe)", "Hugo Petit (petit-hugo)"]


def test_the_report_says_who_handed_in_who_did_not_and_when_in_french(school):
    out = school["tmp"] / "copies"
    text = str(collect(school["homes"], NOTEBOOK, out, class_list=school["class_list"], original=school["original"]))
    assert "2 copies sur 4 étudiants" in text.splitlines()[0]
    lines = text.splitlines()
    lea = next(line for line in lines if line.startswith("- martin-lea"))
    assert "15/03/2025" in lea and "14\u00a0h\u00a005" in lea and "non modifié" not in lea
    paul = next(line for line in lines if line.startswith("- durand-paul"))
    assert "14/03/2025" in paul and "09\u00a0h\u00a030" in paul and "non modifié" in paul
    assert any("Hugo Petit" in line and "jamais connecté" in line for line in lines)
    assert any("Zoé Bernard" in line and NOTEBOOK in line for line in lines)
    assert "ubuntu" not in text  # not named jupyter-…: not a student
    assert f"kpilab grade {out} --out notes.csv" in text


def test_without_a_class_list_every_students_home_counts(school):
    report = collect(school["homes"], NOTEBOOK, school["tmp"] / "copies", original=school["original"])
    assert sorted(c.student for c in report.copies) == ["durand-paul", "martin-lea"]
    assert [who for who, _ in report.missing] == ["bernard-zoe"]


def test_a_long_name_is_found_in_its_shortened_home_and_copied_under_the_class_lists_name(tmp_path):
    """Linux user names stop at 32 characters: « jupyter-bernard-lefebvre-zoe-marie » has 34."""
    import hashlib

    digest = hashlib.sha256(b"bernard-lefebvre-zoe-marie").hexdigest()[:5]
    home = f"jupyter-bernard-lefebvre-z-{digest}"  # 26 characters kept, then - and 5 of the hash: 32
    assert len(home) == 32
    source = _write(tmp_path / "home" / home / NOTEBOOK, HANDED_OUT, 1_700_000_000)
    class_list = tmp_path / "classe.csv"
    class_list.write_text("nom;prenom\nBernard-Lefebvre;Zoé-Marie\n", encoding="utf-8")
    report = collect(tmp_path / "home", NOTEBOOK, tmp_path / "copies", class_list=class_list)
    assert [c.student for c in report.copies] == ["bernard-lefebvre-zoe-marie"] and not report.missing
    assert (tmp_path / "copies" / "bernard-lefebvre-zoe-marie.ipynb").read_bytes() == source.read_bytes()
    assert not report.outside_list


def test_an_existing_copy_is_never_replaced_and_nothing_is_copied(school):
    out = school["tmp"] / "copies"
    _write(out / "durand-paul.ipynb", b"corrected by hand", 1_600_000_000)
    with pytest.raises(KPIError, match="durand-paul.ipynb"):
        collect(school["homes"], NOTEBOOK, out)
    assert sorted(p.name for p in out.iterdir()) == ["durand-paul.ipynb"]
    assert (out / "durand-paul.ipynb").read_bytes() == b"corrected by hand"


def test_a_link_out_of_a_home_is_not_followed(school):
    secret = _write(school["tmp"] / "prof" / "corrige.ipynb", b'{"answers": 42}', 1_600_000_000)
    target = school["homes"] / "jupyter-bernard-zoe" / NOTEBOOK
    target.symlink_to(secret)
    inside = school["homes"] / "jupyter-martin-lea" / "exercises" / "copie.ipynb"
    inside.symlink_to(school["lea"])  # a link inside the student's own home is fine
    out = school["tmp"] / "copies"
    report = collect(school["homes"], NOTEBOOK, out)
    assert not (out / "bernard-zoe.ipynb").exists()
    assert [who for who, _ in report.refused] == ["bernard-zoe"]
    assert "lien symbolique" in str(report)
    report = collect(school["homes"], "exercises/copie.ipynb", school["tmp"] / "copies2")
    assert (school["tmp"] / "copies2" / "martin-lea.ipynb").read_bytes() == school["lea"].read_bytes()


def test_a_home_that_is_a_link_is_not_followed(school):
    elsewhere = school["tmp"] / "elsewhere"
    _write(elsewhere / NOTEBOOK, HANDED_OUT, 1_600_000_000)
    (school["homes"] / "jupyter-intrus").symlink_to(elsewhere)
    report = collect(school["homes"], NOTEBOOK, school["tmp"] / "copies")
    assert "intrus" not in [c.student for c in report.copies]
    assert not (school["tmp"] / "copies" / "intrus.ipynb").exists()


def test_a_devoir_found_by_pattern_and_compared_with_its_handout_folder(tmp_path):
    homes, handout = tmp_path / "home", tmp_path / "devoir_05" / "a_distribuer"
    for student in ("martin-lea", "durand-paul"):
        text = f'{{"student": "{student}"}}'.encode()
        _write(handout / student / f"05_devoir_{student}.ipynb", text, 1_700_000_000)
        changed = text if student == "durand-paul" else text + b" "
        _write(homes / f"jupyter-{student}" / "devoir_05" / f"05_devoir_{student}.ipynb", changed, 1_700_000_100)
    report = collect(homes, "devoir_05/*.ipynb", tmp_path / "copies", original=handout)
    assert {c.student: c.unmodified for c in report.copies} == {"durand-paul": True, "martin-lea": False}
    assert (tmp_path / "copies" / "martin-lea.ipynb").read_bytes() == b'{"student": "martin-lea"} '


def test_bad_paths_are_french_errors(school):
    with pytest.raises(KPIError, match="relatif"):
        collect(school["homes"], "../jupyter-martin-lea/" + NOTEBOOK, school["tmp"] / "copies")
    with pytest.raises(KPIError, match="introuvable"):
        collect(school["tmp"] / "nowhere", NOTEBOOK, school["tmp"] / "copies")


def test_the_command_prints_the_report_or_a_french_error(school, capsys):
    out = school["tmp"] / "copies"
    assert main(["collecter", str(school["homes"]), NOTEBOOK, str(out), "--classe", str(school["class_list"]),
                 "--original", str(school["original"])]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"Collecte de «\u00a0{NOTEBOOK}\u00a0»")
    assert main(["collecter", str(school["homes"]), NOTEBOOK, str(out)]) == 2  # the copies are there already
    assert "Erreur" in capsys.readouterr().err
