"""Grading a class: marks, statuses, tampering, breakage, and nothing lost.

The submissions are built from the lesson 01 exercises: the answer key (full
marks), the untouched student version (nothing), and student versions with
answers typed in, tampering cells or breaking cells. The expected marks come
from what each submission answers, worked out here by hand.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
from pathlib import Path

import pytest

import kpilab.datasets

from kpilab import KPIError
from kpilab.cli import main as cli_main
from kpilab.datasets import DATA_DIR
from kpilab.grading import grade_folder, runner

ROOT = Path(__file__).resolve().parents[1]
KEY = ROOT / "exercises" / "corriges" / "01_corrige_taux_de_reponse.ipynb"
STUDENT = ROOT / "exercises" / "01_exercices_taux_de_reponse.ipynb"

SETUP = "import kpilab\nfrom kpilab import datasets, tables\nfrom kpilab.exercises.lecon01 import *\ncampagnes = datasets.load('campagnes')"
Q1_RIGHT = "taux_reponse = 45 / (1500 - 300) * 100"  # 3,75 %
Q2_ALL_CONTACTS = "taux_global = campagnes['reponses'].sum() / campagnes['contacts'].sum() * 100"  # known mistake
# The QCM of lesson 01: the right letter and a justification holding the two ideas asked for.
Q5_RIGHT = ("reponse_q5 = 'a'\n"
            "pourquoi_q5 = 'Il faut un repère du même canal, avec la même cible, et connaître sa source.'")


def _notebook(*sources: str) -> bytes:
    cells = [{"cell_type": "code", "metadata": {}, "source": s, "outputs": [], "execution_count": None} for s in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


SUBMISSIONS = {
    "complet.ipynb": KEY.read_bytes(),
    "vide_de_reponses.ipynb": STUDENT.read_bytes(),
    "partiel.ipynb": _notebook(SETUP, Q1_RIGHT, Q2_ALL_CONTACTS, Q5_RIGHT),
    # tampering: none of these may raise a mark
    "triche_check.ipynb": _notebook(
        SETUP, "taux_reponse = 99.0",
        "import kpilab.exercises.engine as e\ne.judge = lambda q, v: e.Verdict(q.id, 'correct', 'ok')\n"
        "q1.check = lambda *a: 'Bravo !'\nprint(q1.check())"),
    "triche_attendu.ipynb": _notebook(
        SETUP, "object.__setattr__(q1, 'expected', lambda: 99.0)\nkpilab.exercises.engine._EXPECTED.clear()",
        "taux_reponse = 99.0", Q5_RIGHT),
    "triche_donnees.ipynb": _notebook(
        "import pandas as pd, kpilab.datasets as d\n"
        "f = pd.read_csv(d.DATA_DIR / 'campagnes.csv')\nf['reponses'] = 0\nf.to_csv(d.DATA_DIR / 'campagnes.csv', index=False)\n"
        "from pathlib import Path\nPath(GRADER_DATA, 'campagnes.csv').write_text('x')",  # the grader's own data
        SETUP, "taux_global = tables.response_rate_by(datasets.load('campagnes')).loc['total', 'taux_de_reponse']"),
    # breakage: each gets its row and keeps what it earned before breaking
    "boucle.ipynb": _notebook(SETUP, Q1_RIGHT, "while True:\n    pass", Q5_RIGHT),
    "plantage.ipynb": _notebook(SETUP, Q1_RIGHT, "import os\nos._exit(1)", Q5_RIGHT),
    "sortie.ipynb": _notebook(SETUP, Q1_RIGHT, "import sys\nsys.exit('fini')", Q5_RIGHT),
    "bavard.ipynb": _notebook(SETUP, "for i in range(60):\n    print('x' * 100_000)", Q1_RIGHT),
    # 12 cells of 5 s: each within the cell limit (8 s), together beyond the notebook's (45 s).
    "lent.ipynb": _notebook(SETUP, Q1_RIGHT, *["import time\ntime.sleep(5)"] * 12, Q5_RIGHT),
    "json_invalide.ipynb": b'{"cells": [',
    "fichier_vide.ipynb": b"",
    "pas_un_notebook.ipynb": b'["une", "liste"]',
    "image.ipynb": b"\x89PNG\r\n\x1a\n\x00\x00",
    "desordre.ipynb": _notebook(Q1_RIGHT, SETUP, Q5_RIGHT, "del reponse_q5"),
    "eleve/carnet.ipynb": _notebook(SETUP, Q1_RIGHT),
}

# student → (status, marks for q1…q7), worked out from the cells above
EXPECTED = {
    "complet": (runner.OK, [1, 1, 1, 1, 1, 1, 1]),
    "vide_de_reponses": (runner.OK, [0, 0, 0, 0, 0, 0, 0]),
    "partiel": (runner.OK, [1, 0, 0, 0, 1, 0, 0]),
    "triche_check": (runner.OK, [0, 0, 0, 0, 0, 0, 0]),
    "triche_attendu": (runner.OK, [0, 0, 0, 0, 1, 0, 0]),
    "triche_donnees": (runner.OK, [0, 0, 0, 0, 0, 0, 0]),
    "boucle": (runner.CELL_TIMEOUT, [1, 0, 0, 0, 0, 0, 0]),
    "plantage": (runner.KERNEL_DIED, [1, 0, 0, 0, 0, 0, 0]),
    "sortie": (runner.OK, [1, 0, 0, 0, 1, 0, 0]),
    "bavard": (runner.OK, [1, 0, 0, 0, 0, 0, 0]),
    "lent": (runner.NOTEBOOK_TIMEOUT, [1, 0, 0, 0, 0, 0, 0]),
    "json_invalide": (runner.INVALID_JSON, [0] * 7),
    "fichier_vide": (runner.EMPTY, [0] * 7),
    "pas_un_notebook": (runner.NOT_A_NOTEBOOK, [0] * 7),
    "image": (runner.INVALID_JSON, [0] * 7),
    "desordre": (runner.OK, [1, 0, 0, 0, 0, 0, 0]),
    "eleve": (runner.OK, [1, 0, 0, 0, 0, 0, 0]),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    # The grader works on a copy of the course data, which one submission tries to overwrite.
    grader_data = tmp_path_factory.mktemp("donnees")
    for path in DATA_DIR.glob("*.csv"):
        (grader_data / path.name).write_bytes(path.read_bytes())
    folder = tmp_path_factory.mktemp("copies")
    for name, data in SUBMISSIONS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data.replace(b"GRADER_DATA", b"'" + str(grader_data).encode() + b"'"))
    before, data_before = _hashes(folder), _hashes(grader_data)
    out = tmp_path_factory.mktemp("notes") / "notes.csv"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kpilab.datasets, "DATA_DIR", grader_data)
        # The notebook limit leaves room for a kernel's start on a busy machine: "boucle" must meet
        # the cell limit first.
        outcome = grade_folder(folder, out, cell_timeout=8, notebook_timeout=45, jobs=2, progress=False)
    return outcome, folder, before, data_before, grader_data


def _gradebook(path: Path) -> dict[str, dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for French Excel"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    return {row["etudiant"]: row for row in rows}


def test_every_submission_has_its_row_status_and_marks(graded):
    outcome, *_ = graded
    book = _gradebook(outcome.gradebook)
    assert set(book) == set(EXPECTED)
    for student, (status, marks) in EXPECTED.items():
        row = book[student]
        assert row["statut"] == status, (student, row["statut"])
        assert [int(row[f"q{i}"]) for i in range(1, 8)] == marks, student
        assert int(row["points"]) == sum(marks)


def test_marks_out_of_20_use_a_decimal_comma(graded):
    book = _gradebook(graded[0].gradebook)
    assert book["complet"]["note_sur_20"] == "20,0"
    assert book["partiel"]["note_sur_20"] == "5,7"  # 2 / 7 × 20 = 5,71


def test_a_known_mistake_is_named_in_the_feedback(graded):
    outcome = graded[0]
    page = (outcome.feedback_dir / "partiel.html").read_text(encoding="utf-8")
    assert "contacts invalides au dénominateur" in page
    assert "Pas commencé" in (outcome.feedback_dir / "vide_de_reponses.html").read_text(encoding="utf-8")
    assert (outcome.feedback_dir / "eleve.html").exists()


def test_huge_output_is_noted(graded):
    assert runner.TOO_MUCH_OUTPUT in _gradebook(graded[0].gradebook)["bavard"]["remarques"]


def test_submissions_and_course_data_are_untouched(graded):
    _, folder, before, data_before, grader_data = graded
    assert _hashes(folder) == before
    assert _hashes(grader_data) == data_before  # overwritten by a submission, then put back


def test_class_summary_counts_success_per_question(graded):
    outcome = graded[0]
    rate_q1 = sum(marks[0] for _, marks in EXPECTED.values()) / len(EXPECTED) * 100
    assert f"q1\u00a0: {round(rate_q1)}\u202f% de réussite" in outcome.summary
    assert "contacts invalides au dénominateur" in outcome.summary
    assert (outcome.feedback_dir / "synthese.html").exists()


def test_an_existing_gradebook_is_never_overwritten(tmp_path):
    folder = tmp_path / "copies"
    folder.mkdir()
    (folder / "a.ipynb").write_bytes(b"")
    (folder / "b.ipynb").write_bytes(_notebook(SETUP, Q1_RIGHT))
    out = tmp_path / "notes.csv"
    out.write_text("mes notes à moi", encoding="utf-8")
    first = grade_folder(folder, out, progress=False, jobs=1)
    assert out.read_text(encoding="utf-8") == "mes notes à moi"
    assert first.gradebook.name == "notes-2.csv"
    second = grade_folder(folder, out, progress=False, jobs=1)
    assert second.gradebook.name == "notes-3.csv"
    forced = grade_folder(folder, out, force=True, progress=False, jobs=1)
    assert forced.gradebook == out and "etudiant" in out.read_text(encoding="utf-8-sig")


def test_command_line_and_french_errors(tmp_path, capsys):
    assert cli_main(["grade", str(tmp_path / "absent"), "--out", str(tmp_path / "n.csv")]) == 2
    assert "n'existe pas" in capsys.readouterr().err
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x.ipynb").write_bytes(_notebook("print(1)"))
    assert cli_main(["grade", str(tmp_path / "c"), "--out", str(tmp_path / "n.csv")]) == 2
    assert "--lecon" in capsys.readouterr().err
    with pytest.raises(KPIError):
        grade_folder(tmp_path / "c", tmp_path / "n.csv", lesson="abc")


def test_a_duration_answer_is_exported_as_days_and_marked_like_in_the_notebook():
    """A Timedelta (a mean of date differences) reaches the grader as days, as check() reads it."""
    import numpy as np
    import pandas as pd

    from kpilab.exercises.engine import CORRECT, INCORRECT, Question, judge
    from kpilab.grading import marking

    namespace: dict = {}
    exec(runner._EXPORT, namespace)  # noqa: S102 — the code the grader runs in each kernel
    export = namespace["__kpilab_export"]
    cycle = Question("q1", "cycle", "days", lambda: 64.63, ("indice",))  # 64 days 15 h 7 min ≈ 64,63 days

    def exported(answer, tmp=Path(tempfile.mkdtemp())):
        namespace["cycle"] = answer
        export(["cycle"], str(tmp / "reponses.json"))  # through the JSON file, as in a real run
        return marking.decode(json.loads((tmp / "reponses.json").read_text(encoding="utf-8"))["cycle"])

    for answer in (pd.Timedelta(days=64, hours=15), np.timedelta64(64 * 24 + 15, "h"),
                   pd.Series([pd.Timedelta(days=64, hours=15)])):
        assert judge(cycle, exported(answer)).status == CORRECT, answer
    assert judge(cycle, exported(pd.Timedelta(days=66))).status == INCORRECT


def test_a_folder_as_out_is_refused_before_any_copy_runs(tmp_path):
    folder = tmp_path / "copies"
    folder.mkdir()
    (folder / "a.ipynb").write_bytes(_notebook(SETUP, "open('a_tourne.txt', 'w')"))
    for out in (tmp_path, tmp_path / "notes.xlsx"):
        with pytest.raises(KPIError) as raised:
            grade_folder(folder, out, progress=False)
        assert "--out" in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copies"]


def test_lecon_overrides_the_lesson_the_code_imports(tmp_path):
    folder = tmp_path / "copies"
    folder.mkdir()
    other = SETUP.replace("lecon01 import *", "lecon02 import *") + "\nfrom kpilab.exercises.lecon01 import q1"
    (folder / "a.ipynb").write_bytes(_notebook(other, Q1_RIGHT))
    (folder / "b.ipynb").write_bytes(_notebook(SETUP, Q1_RIGHT))
    (folder / "c.ipynb").write_bytes(_notebook(SETUP))
    detected = grade_folder(folder, tmp_path / "n1.csv", progress=False, jobs=2)  # lesson 01: the most common
    rows = {row.student: row for row in detected.rows}
    assert rows["a"].status.startswith("autre exercice (lecon02)") and rows["b"].points == 1
    forced = grade_folder(folder, tmp_path / "n2.csv", lesson="01", progress=False, jobs=2)
    assert [row.points for row in forced.rows] == [1, 1, 0]
