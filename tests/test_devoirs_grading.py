"""Grading a devoir: each copy marked on its student's own data, in the sandbox.

Three students of lesson 05 get their devoir (``kpilab devoir``). Léa and Inès
hand in their notebook with the course's solution code added: it runs on
their own data, so it earns every point. Tom hands in his notebook with Léa's
answers typed in as numbers: those are right for Léa's data, not for his, so
the questions computed on the data are wrong for him, while the questions
that are the same for the whole class (q1 by hand, q5's letter) stay right.
Léa's answers as numbers are taken from running the solution code on Léa's
data folder in this process, a computation independent of the grader.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from system_packages import require

from kpilab import datasets
from kpilab.grading import grade_folder

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = json.loads((ROOT / "kpilab" / "exercises" / "solutions.json").read_text(encoding="utf-8"))["05_taux_de_retention"]
IDS = ["q1", "q2", "q3", "q4", "q5", "q6"]
VARIABLES = {"q1": "taux_retention", "q2": "taux_2025", "q3": "clients_revenus_famille", "q4": "cohorte_t4_2024",
             "q5": "reponse_q5", "q6": "clients_2026"}


def _answers_on(folder: Path) -> dict:
    """Run the solution code of every question on the data in ``folder``; the answers it gives."""
    namespace: dict = {}
    with datasets.using(folder):
        exec("import kpilab\nfrom kpilab import datasets, tables\nimport pandas as pd\n"  # noqa: S102
             "commandes = datasets.load('commandes')\nclients = datasets.load('clients')\n"
             "cohortes = tables.cohort_retention_matrix(commandes, clients, period='quarter')", namespace)
        for q in IDS:
            exec(SOLUTIONS[q], namespace)  # noqa: S102
    return {VARIABLES[q]: namespace[VARIABLES[q]] for q in IDS} | {"pourquoi_q5": namespace["pourquoi_q5"]}


@pytest.fixture(scope="module")
def devoir(tmp_path_factory):
    require("bwrap", "bubblewrap")
    base = tmp_path_factory.mktemp("devoir")
    (base / "classe.csv").write_text("etudiant\nLéa Martin\nTom Durand\nInès Petit\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kpilab", "devoir", "05", "classe.csv", "devoir05"], cwd=base,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    copies = base / "copies"
    copies.mkdir()
    lea_answers = _answers_on(base / "devoir05" / "a_distribuer" / "lea-martin" / "donnees")
    for student in ("lea-martin", "ines-petit", "tom-durand"):
        folder = base / "devoir05" / "a_distribuer" / student
        nb = nbformat.read(next(folder.glob("*.ipynb")), 4)
        if student == "tom-durand":
            typed = "\n".join(f"{name} = {value if isinstance(value, str) else float(value)!r}"
                              for name, value in lea_answers.items())
            nb.cells.append(nbformat.v4.new_code_cell(typed))
        else:
            nb.cells += [nbformat.v4.new_code_cell(SOLUTIONS[q]) for q in IDS]
        nbformat.write(nb, copies / f"{student}.ipynb")
    outcome = grade_folder(copies, base / "notes.csv", devoir=base / "devoir05" / "enseignant" / "devoir.json",
                           jobs=2, progress=False)
    return outcome, lea_answers


def _marks(outcome) -> dict[str, list[int]]:
    text = outcome.gradebook.read_bytes().decode("utf-8-sig")
    return {row["etudiant"]: [int(row[q]) for q in IDS] for row in csv.DictReader(io.StringIO(text), delimiter=";")}


def test_each_student_earns_every_point_on_their_own_data(devoir):
    marks = _marks(devoir[0])
    assert marks["lea-martin"] == [1] * 6 and marks["ines-petit"] == [1] * 6


def test_a_classmates_numbers_are_wrong_on_your_data(devoir):
    outcome, lea = devoir
    # q1 (by hand, same figures for all) and q5 (the same letter for all) stay right; the rest is Léa's data
    assert _marks(outcome)["tom-durand"] == [1, 0, 0, 0, 1, 0]
    assert isinstance(lea["taux_2025"], float)


def test_the_students_folders_hold_no_expected_value(devoir):
    outcome, lea = devoir
    handed = outcome.gradebook.parent / "devoir05" / "a_distribuer"
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in handed.rglob("*.ipynb"))
    for value in (lea["taux_2025"], lea["clients_2026"]):
        for shown in (f"{value:.2f}", f"{value:.1f}".replace(".", ",")):
            assert shown not in text
    assert "BEGIN SOLUTION" not in text and ".solution()" not in text
