"""Devoirs: one notebook per student on their own variant of the data, graded from the teacher's secret.

The expected values of a variant are recomputed here with plain pandas on the variant's CSV files,
not with kpilab. The classes are small (three students) and their secret is fixed, so that every
run checks the same variants.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kpilab import datasets, formatting
from kpilab.devoirs import binding, copie, grading, notebook, open_devoir, questions_for, seeds, variants
from kpilab.devoirs.create import create, read_class_list
from kpilab.errors import KPIError
from kpilab.exercises import build, facts, lecon01, lecon05, lecon07, lecon10_cas, lecon11
from kpilab.exercises.answers import to_data
from kpilab.exercises.engine import CORRECT
from kpilab.grading import marking

ROOT = Path(__file__).resolve().parents[1]
SECRET = bytes(range(32))
CLASS = "NOM;Prénom;Groupe\r\nMARTIN;Léa;A\r\nBERNARD;Hugo;A\r\nDUBOIS;Chloé;B\r\n;;\r\n"


def _secret_file(folder: Path) -> Path:
    path = folder / "secret_enseignant.txt"
    path.write_text(SECRET.hex() + "\n", encoding="ascii")
    return path


def _class_file(folder: Path, text: str = CLASS, encoding: str = "cp1252") -> Path:
    path = folder / "classe.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture(scope="module")
def devoir05(tmp_path_factory):
    """The devoirs of lesson 05 for a class of three, with a fixed secret."""
    folder = tmp_path_factory.mktemp("devoir05")
    report = create("05", _class_file(folder), folder / "devoirs", secret_file=_secret_file(folder), jobs=1)
    return report, open_devoir(report.devoir_file)


def _student_folder(report, sid: str) -> Path:
    student = next(s for s in report.students if s.id == sid)
    return report.handout / student.folder


def _notebook(report, sid: str):
    folder = _student_folder(report, sid)
    return nbformat.read(next(folder.glob("*.ipynb")), as_version=4)


def _csv(folder: Path, name: str, dates=()) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", parse_dates=list(dates))


# --- the secret, the seeds, the tokens ----------------------------------------------------------------


def test_student_ids_are_compared_without_case_accents_or_spaces():
    assert seeds.normalise("Léa  MARTIN") == seeds.normalise("lea martin") == "lea-martin"
    assert seeds.normalise("Zoë Lefèvre-Œuvrard") == "zoe-lefevre-oeuvrard"


def test_the_secret_is_created_once_readable_only_by_its_owner_and_never_replaced(tmp_path):
    path = tmp_path / "cles" / "secret.txt"
    secret, created = seeds.secret_for(path)
    assert created and len(secret) == 32 and path.read_text().strip() == secret.hex()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert seeds.secret_for(path) == (secret, False)
    with pytest.raises(KPIError, match="existe déjà"):
        seeds.create_secret(path)
    (tmp_path / "abime.txt").write_text("pas un secret")
    with pytest.raises(KPIError, match="hexadécimaux"):
        seeds.read_secret(tmp_path / "abime.txt")


def test_seeds_and_tokens_depend_on_the_secret_and_the_student_only():
    other = bytes(reversed(SECRET))
    assert seeds.student_seed(SECRET, "Léa Martin") == seeds.student_seed(SECRET, "lea-martin")
    assert seeds.student_seed(SECRET, "lea-martin") != seeds.student_seed(SECRET, "hugo-bernard")
    assert seeds.student_seed(SECRET, "lea-martin") != seeds.student_seed(other, "lea-martin")
    assert seeds.student_seed(SECRET, "lea-martin", 1) != seeds.student_seed(SECRET, "lea-martin", 0)
    token = seeds.student_token(SECRET, "lea-martin")
    assert seeds.token_matches(SECRET, "Léa MARTIN", token)
    assert not seeds.token_matches(SECRET, "hugo-bernard", token)
    assert not seeds.token_matches(other, "lea-martin", token)
    assert not seeds.token_matches(SECRET, "lea-martin", None)


def test_a_seed_is_never_the_course_seed(monkeypatch):
    monkeypatch.setattr(seeds, "_mac", lambda *a: (datasets.DEFAULT_SEED << 1).to_bytes(8, "big") + bytes(24))
    assert seeds.student_seed(SECRET, "n'importe qui") != datasets.DEFAULT_SEED


# --- the data -----------------------------------------------------------------------------------------


def test_using_points_load_at_a_folder_and_restores_it(tmp_path):
    before = datasets.DATA_DIR
    variants.write_variant(variants.variant_bytes(7, ["campagnes"]), tmp_path)
    course = datasets.load("campagnes")
    with datasets.using(tmp_path):
        assert datasets.DATA_DIR == tmp_path
        assert not datasets.load("campagnes").equals(course)
        with pytest.raises(KPIError, match="introuvable"):
            datasets.load("commandes")  # only campagnes was written
    assert datasets.DATA_DIR == before and datasets.load("campagnes").equals(course)
    with pytest.raises(RuntimeError), datasets.using(tmp_path):
        raise RuntimeError
    assert datasets.DATA_DIR == before


def test_a_variant_is_written_byte_for_byte_as_datasets_write_writes_it(tmp_path):
    tables = datasets.generate(31)
    datasets.write(tables, tmp_path)
    fast = variants.variant_bytes(31)
    assert sorted(fast) == sorted(p.name for p in tmp_path.glob("*.csv"))
    for name, content in fast.items():
        assert (tmp_path / name).read_bytes() == content, name
    for name in datasets.ALL_TABLES:  # and the course data too
        assert variants.csv_bytes(name, datasets.load(name)) == (ROOT / "datasets" / f"{name}.csv").read_bytes()


# --- binding the questions to a variant ---------------------------------------------------------------


def _variant(tmp_path, seed, names) -> Path:
    return variants.write_variant(variants.variant_bytes(seed, names), tmp_path / f"v{seed}")


def test_expected_values_of_a_variant_are_recomputed_with_plain_pandas(tmp_path):
    folder = _variant(tmp_path, 424242, datasets.ALL_TABLES)
    # lesson 01: the response rate of every campaign, and C09's cost per response
    campagnes = _csv(folder, "campagnes")
    q = {x.id: x for x in questions_for("01", folder)}
    rate = campagnes["reponses"].sum() / (campagnes["contacts"] - campagnes["contacts_invalides"]).sum() * 100
    c09 = campagnes.set_index("campagne_id").loc["C09"]
    assert q["q2"].expected_value() == pytest.approx(rate)
    assert q["q4"].expected_value() == pytest.approx(c09["cout_ht"] / c09["reponses"])
    # lesson 05: the retention rate of 2025 (customers active in 2024 who bought again in 2025)
    commandes = _csv(folder, "commandes", ["date"]).dropna(subset=["client_id"])
    active = {year: set(commandes.loc[commandes["date"].dt.year == year, "client_id"]) for year in (2024, 2025)}
    q = {x.id: x for x in questions_for("lecon05", folder)}
    assert q["q2"].expected_value() == pytest.approx(len(active[2024] & active[2025]) / len(active[2024]) * 100)
    # lesson 04: the indice de vente of the Croix-Rousse shop in 2025
    all_orders = _csv(folder, "commandes", ["date"])
    cr = all_orders[(all_orders["point_de_vente"] == "Croix-Rousse") & (all_orders["date"].dt.year == 2025)]
    q = {x.id: x for x in questions_for("04_panier_moyen", folder)}
    assert q["q4"].expected_value() == pytest.approx(cr["nb_articles"].sum() / len(cr))
    # lesson 02: the conversion rate of the leads of 2025
    prospects = _csv(folder, "prospects", ["date_premier_contact"])
    leads = prospects[prospects["date_premier_contact"].dt.year == 2025]
    q = {x.id: x for x in questions_for("02", folder)}
    assert q["q2"].expected_value() == pytest.approx((leads["statut"] == "gagne").sum() / len(leads) * 100)
    # and none of these is the course's value
    assert q["q2"].expected_value() != pytest.approx(build.question_modules()["02_taux_de_conversion"].q2.expected_value())


def test_bound_questions_are_fresh_objects_and_leave_the_course_questions_alone(tmp_path):
    course = lecon05.q2.expected_value()
    bound = {x.id: x for x in questions_for("05", _variant(tmp_path, 99, ["clients", "commandes"]))}
    assert bound["q2"] is not lecon05.q2 and bound["q2"] != lecon05.q2
    assert bound["q2"].expected_value() != pytest.approx(course)
    assert lecon05.q2.expected_value() == course
    assert all(m not in lecon05.q2.mistakes for m in bound["q2"].mistakes)
    # a known mistake of the variant is still named
    wrong = bound["q2"].mistakes[0].wrong_value()
    assert marking.judge(bound["q2"], wrong).mistake == bound["q2"].mistakes[0].message


def test_the_feedback_of_a_variant_quotes_its_own_figures(tmp_path):
    folder = _variant(tmp_path, 5 * 7919, binding.tables_of(build.question_modules()["02_taux_de_conversion"]))
    prospects = _csv(folder, "prospects")
    open_deals = int((prospects["statut"] == "en_cours").sum())
    assert open_deals != 32  # the course's
    q = {x.id: x for x in questions_for("02", folder)}
    message = next(m.message for m in q["q6"].mistakes if "Tu as fait signer" in m.message)
    assert f"les {open_deals} affaires en cours" in message and "32" not in message
    assert f"({facts.half_days(open_deals / 2)} affaires)" in message
    shown = [o.text + o.why for o in q["q5"].options]
    assert not any("23,4" in t for t in shown)  # the course's rate of the leads, in the options and their feedback


def test_no_exercise_module_reads_the_data_when_imported(tmp_path):
    import subprocess
    import sys

    code = "from kpilab.exercises import build; print(len(build.question_modules()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "KPILAB_DATA_DIR": str(tmp_path / "aucune")})
    assert int(out.stdout) == len(build.question_modules())


def test_the_questions_without_data_are_found():
    assert binding.same_for_everyone(lecon05.q1) and not binding.same_for_everyone(lecon05.q2)
    assert all(binding.same_for_everyone(q) for q in lecon10_cas.QUESTIONS)
    assert binding.tables_of(lecon01) == ("campagnes",)


def test_questions_whose_right_answer_depends_on_the_data_are_left_out():
    # and in every set its last question, the spreadsheet formula (checked on the lesson's workbook)
    formula = {name: {q.id for q in module.QUESTIONS if q.kind == "formula"}
               for name, module in build.question_modules().items()}
    assert set(binding.left_out(lecon11)) == {"q3", "q5"} | formula["11_piloter_l_equipe"]
    assert set(binding.left_out(lecon07)) == {"q4"} | formula["07_valeur_vie_client"]
    assert set(binding.left_out(build.question_modules()["03_cycle_de_vente"])) == {"q3"} | formula["03_cycle_de_vente"]
    assert [q.id for q in binding.kept(lecon11)] == ["q1", "q2", "q4", "q6"]
    for module in build.question_modules().values():
        assert all(q.id in binding.left_out(module) for q in module.QUESTIONS if q.kind == "formula")
    for module in build.question_modules().values():
        for qid in binding.left_out(module):
            assert any(q.id == qid for q in module.QUESTIONS), (module.LESSON, qid)


# --- the statements' figures ------------------------------------------------------------------------


def test_every_marked_figure_is_a_fact_and_the_course_figure_is_the_keys():
    for lesson, module in build.question_modules().items():
        key = nbformat.read(build.key_path(lesson), as_version=4)
        course = facts.compute(module)
        for cell in key.cells:
            for found in facts.MARK.finditer(cell.source):
                assert found.group(2) == course[found.group(1)], (lesson, found.group(1))
        for qid, names in getattr(module, "OPTION_FACTS", {}).items():
            question = next(q for q in module.QUESTIONS if q.id == qid)
            for name in names:
                assert any(course[name] in o.text for o in question.options), (lesson, qid, name)
        for qid, names in getattr(module, "MESSAGE_FACTS", {}).items():
            question = next(q for q in module.QUESTIONS if q.id == qid)
            for name in names:
                assert any(course[name] in m.message for m in question.mistakes), (lesson, qid, name)
        assert facts.story_broken(module) == [], lesson  # the course data tell the story


def test_the_practice_notebooks_show_the_figures_without_their_marks():
    for lesson, module in build.question_modules().items():
        student = build.student_path(lesson).read_text(encoding="utf-8")
        assert "kpilab:fait" not in student
        if getattr(module, "FACTS", None):
            assert any(v in student for v in facts.compute(module).values()), lesson


def test_figures_are_written_as_the_statements_write_them():
    assert facts.times(2.7) == "presque trois fois" and facts.times(13.76) == "presque 14 fois"
    assert facts.times(2.5) == "environ deux fois et demie" and facts.times(3.02) == "trois fois"
    assert facts.times(2.2) == "un peu plus de deux fois"
    assert facts.short_percent(0.99) == "1\u202f%" and facts.short_percent(0.64) == "0,6\u202f%"
    assert facts.half_days(44.5) == "44,5" and facts.half_days(43.0) == "43" and facts.about(44.5) == "45"


def test_options_quoting_the_data_get_the_students_figures_all_at_once():
    course = {"a": "1,7", "b": "14", "c": "presque 14 fois"}
    variant = {"a": "1,8", "b": "13", "c": "presque 13 fois"}
    question = lecon01.q5.__class__(id="q9", variable="x", kind="choice", expected=None, hints=("h",),
                                    options=tuple(lecon01.q5.options[:3]) + (
                                        lecon01.q5.options[3].__class__("x 14 fois ; 1,7 ; 21,7 ; presque 14 fois", "w"),))
    changed = facts.options_with(question, course, variant, ("a", "b", "c"))
    assert changed[3].text == "x 13 fois ; 1,8 ; 21,7 ; presque 13 fois"
    assert changed[:3] == question.options[:3]


# --- the class list -----------------------------------------------------------------------------------


def test_a_class_list_from_french_excel_is_read(tmp_path):
    students = read_class_list(_class_file(tmp_path))
    assert [(s.id, s.name, s.line) for s in students] == [
        ("martin-lea", "Léa MARTIN", 2), ("bernard-hugo", "Hugo BERNARD", 3), ("dubois-chloe", "Chloé DUBOIS", 4)]
    path = _class_file(tmp_path, "\ufeffÉtudiant,email\nLéa Martin,lea@x.fr\nHugo Bernard,\n", "utf-8")
    assert [s.id for s in read_class_list(path)] == ["lea-martin", "hugo-bernard"]


@pytest.mark.parametrize("text, message", [
    ("nom;prenom\nMartin;Léa\n\nBernard;Hugo\n", "ligne 3 .* est vide"),
    ("nom;prenom\nMartin;Léa\nBernard ;\n", "Ligne 3 .* il manque le nom ou le prénom"),
    ("nom;prenom\nMartin;Léa\nBernard;Hugo\nMARTIN;Lea\n", "Ligne 4 .* déjà à la ligne 2"),
    ("etudiant\nLéa Martin\n;\n", None),  # blank lines at the end are ignored
    ("classe;groupe\nBTS;A\n", "colonne «\u00a0etudiant\u00a0»"),
    ("nom;prenom\n", "aucun étudiant"),
    ("", "vide"),
])
def test_a_class_list_with_a_problem_is_refused_naming_the_line(tmp_path, text, message):
    path = _class_file(tmp_path, text, "utf-8")
    if message is None:
        assert len(read_class_list(path)) == 1
        return
    with pytest.raises(KPIError, match=message):
        read_class_list(path)


# --- creating the devoirs -----------------------------------------------------------------------------


def test_the_devoirs_are_laid_out_for_the_teacher_and_for_the_students(devoir05):
    report, devoir = devoir05
    description = json.loads(report.devoir_file.read_text(encoding="utf-8"))
    assert description["lesson"] == "05_taux_de_retention" and description["questions"] == [q.id for q in binding.kept(lecon05)]
    assert [s["id"] for s in description["students"]] == ["martin-lea", "bernard-hugo", "dubois-chloe"]
    for student in report.students:
        folder = _student_folder(report, student.id)
        assert sorted(p.name for p in (folder / "donnees").iterdir()) == ["clients.csv", "commandes.csv"]
        assert [p.name for p in folder.glob("*.ipynb")] == [f"05_devoir_{student.folder}.ipynb"]
        meta = _notebook(report, student.id).metadata["kpilab"]["devoir"]
        assert meta["student"] == student.id and seeds.token_matches(SECRET, student.id, meta["token"])
    assert "identiques pour toute la classe" in str(report).lower() and "q1" in report.identical


def test_two_students_get_different_data_and_different_expected_values(devoir05):
    report, devoir = devoir05
    (qa, da), (qb, db) = devoir.for_student("martin-lea"), devoir.for_student("bernard-hugo")
    assert da["commandes.csv"] != db["commandes.csv"]
    va, vb = ({q.id: q.expected_value() for q in qs} for qs in (qa, qb))
    for qid in ("q2", "q3", "q4", "q6"):  # the questions on the data
        assert va[qid] != pytest.approx(vb[qid]), qid
    assert va["q1"] == vb["q1"]  # by hand, on the statement's figures


def test_the_same_student_always_gets_the_same_data_and_values(devoir05, tmp_path):
    report, devoir = devoir05
    again = open_devoir(report.devoir_file)  # a new grader, nothing cached
    (q1, d1), (q2, d2) = devoir.for_student("dubois-chloe"), again.for_student("DUBOIS Chloé")
    assert d1 == d2 and [q.expected_value() for q in q1] == [q.expected_value() for q in q2]
    for name, content in d1.items():  # and they are the files handed out
        assert (_student_folder(report, "dubois-chloe") / "donnees" / name).read_bytes() == content
    # the variant is the seed's: regenerated without the devoir's files
    seed = seeds.student_seed(SECRET, "dubois-chloe")
    assert variants.variant_bytes(seed, ["commandes"])["commandes.csv"] == d1["commandes.csv"]


def test_a_statement_quotes_the_students_own_figure(devoir05):
    report, _ = devoir05
    for student in report.students:
        commandes = _csv(_student_folder(report, student.id) / "donnees", "commandes", ["date"])
        active_2025 = commandes.loc[commandes["date"].dt.year == 2025, "client_id"].dropna().nunique()
        statement = next(c.source for c in _notebook(report, student.id).cells if c.source.startswith("## Question 6"))
        assert f"**{formatting.format_number(active_2025)} clients actifs en 2025**" in statement


def _forms(value) -> set[str]:
    """How an expected value could be written: repr, 4, 2 and 1 decimals, with a point or a comma."""
    value = float(value)
    if value == int(value) and abs(value) < 1000:
        return set()  # a small whole number is in any text
    forms = {repr(value), f"{value:.4f}", f"{value:.2f}", f"{value:.1f}"}
    for digits in (1, 2, 4):
        forms.add(str(formatting.format_number(value, digits=digits)))
        forms.add(str(formatting.format_number(value, digits=digits)).replace("\u202f", ""))
    forms |= {f.replace(".", ",") for f in forms}
    return {f for f in forms if len(f.strip("0,.")) >= 3}


def test_the_handout_holds_no_expected_value_no_solution_and_no_secret(devoir05):
    report, devoir = devoir05
    solutions = json.loads((ROOT / "kpilab" / "exercises" / "solutions.json").read_text(encoding="utf-8"))
    practice = build.student_path(lecon05.LESSON).read_text(encoding="utf-8")
    solution_lines = {line.strip() for code in solutions[lecon05.LESSON].values() for line in code.splitlines()
                      if len(line.strip()) >= 15 and line.strip() not in practice}
    files = [p for p in report.handout.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} == {".ipynb", ".csv"}
    for student in report.students:
        questions, _ = devoir.for_student(student.id)
        expected = {q.id: q.expected_value() for q in questions if q.kind != "choice"}
        mine = [p for p in files if student.folder in p.parts]
        nb_text = next(p for p in mine if p.suffix == ".ipynb").read_text(encoding="utf-8")
        for qid, value in expected.items():
            for form in _forms(value):
                assert form not in nb_text, (student.id, qid, form)
            exact = f"{float(value):.4f}"
            for path in mine:
                assert exact not in path.read_text(encoding="utf-8"), (path, qid)
        for line in solution_lines:
            assert line not in nb_text, line
        for forbidden in ("BEGIN SOLUTION", "solutions.json", "solution_code", "expected", ".solution(", ".hint(",
                          "kpilab.exercises.lecon", SECRET.hex()):
            assert forbidden not in nb_text, forbidden
    for path in files:
        assert SECRET.hex() not in path.read_text(encoding="utf-8") and "devoir.json" not in path.name


def test_an_existing_folder_is_never_written_over(devoir05, tmp_path):
    report, _ = devoir05
    before = {p: p.read_bytes() for p in report.out_dir.rglob("*") if p.is_file()}
    with pytest.raises(KPIError, match="existe déjà"):
        create("05", _class_file(tmp_path), report.out_dir, secret_file=_secret_file(tmp_path))
    assert {p: p.read_bytes() for p in report.out_dir.rglob("*") if p.is_file()} == before
    assert not list(report.out_dir.parent.glob(".*en-cours*"))


def test_a_new_secret_is_made_beside_the_devoir_when_none_is_given(tmp_path):
    report = create("01", _class_file(tmp_path, "etudiant\nLéa Martin\n", "utf-8"), tmp_path / "d", jobs=1)
    assert report.secret_created and report.secret_file == tmp_path / "d" / "enseignant" / "secret.txt"
    assert not list((tmp_path / "d" / "a_distribuer").rglob("secret*"))
    assert open_devoir(tmp_path / "d").for_student("lea-martin")[0]


def test_the_qcm_options_quote_the_students_figures(tmp_path):
    text = "etudiant\n" + "\n".join(f"Étudiant {i}" for i in range(6)) + "\n"
    report = create("01", _class_file(tmp_path, text, "utf-8"), tmp_path / "d", secret_file=_secret_file(tmp_path),
                           jobs=1)
    shown = set()
    for student in report.students:
        campagnes = _csv(_student_folder(report, student.id) / "donnees", "campagnes")
        emailings = campagnes[campagnes["canal"] == "emailing"]
        rate = emailings["reponses"].sum() / (emailings["contacts"] - emailings["contacts_invalides"]).sum() * 100
        cell = next(c.source for c in _notebook(report, student.id).cells if c.source.startswith("## Question 5"))
        figure = formatting.format_percent(rate)
        assert rate < 4.05  # option d says "bien en dessous des 5 %": a variant where it would be false is not dealt
        assert f"environ {figure}" in cell and f"C'est un mauvais résultat\u00a0: {figure} est bien en dessous des 5" in cell
        shown.add(figure)
    assert len(shown) > 1  # the figures differ from one student to the next


def test_a_student_whose_data_break_the_story_gets_another_variant(tmp_path, monkeypatch):
    calls = []

    def once_false():  # false the first time it is asked on a student's data (not on the course's)
        if Path(datasets.DATA_DIR).resolve() == binding.COURSE_DATA.resolve():
            return True
        calls.append(datasets.DATA_DIR)
        return len(calls) > 1

    monkeypatch.setattr(lecon05, "STORY", {"une histoire qui ne tient pas la première fois": once_false}, raising=False)
    report = create("05", _class_file(tmp_path, "etudiant\nLéa Martin\n", "utf-8"), tmp_path / "d",
                           secret_file=_secret_file(tmp_path), jobs=1)
    assert report.redrawn == {"lea-martin": ["une histoire qui ne tient pas la première fois"]}
    assert "autre variante" in str(report)
    entry = json.loads(report.devoir_file.read_text(encoding="utf-8"))["students"][0]
    assert entry["attempt"] == 1
    _, data = open_devoir(report.devoir_file).for_student("lea-martin")
    assert data == variants.variant_bytes(seeds.student_seed(SECRET, "lea-martin", 1), ["clients", "commandes"])


# --- grading ------------------------------------------------------------------------------------------


def test_a_copys_student_is_checked_with_its_token(devoir05):
    report, devoir = devoir05
    nb = _notebook(report, "martin-lea")
    student, questions, data, notes = devoir.for_notebook(nb, submitted_as="martin-lea")
    assert student == "martin-lea" and notes == [] and [q.id for q in questions] == list(devoir.question_ids)
    assert data == devoir.for_student("martin-lea")[1]
    # handed in by another student of the class
    assert any(grading.OTHER_STUDENT in n for n in devoir.for_notebook(nb, submitted_as="05_devoir_dubois-chloe.ipynb")[3])
    # the header edited to claim another student: the token is not theirs
    forged = nbformat.from_dict(json.loads(nbformat.writes(nb)))
    forged.metadata["kpilab"]["devoir"]["student"] = "bernard-hugo"
    student, _, _, notes = devoir.for_notebook(forged)
    assert student == "bernard-hugo" and any(grading.OTHER_STUDENT in n and "jeton" in n for n in notes)
    # no header: known only by the name of the copy
    del forged.metadata["kpilab"]
    assert devoir.for_notebook(forged)[0] is None
    assert devoir.for_notebook(forged, submitted_as="bernard-hugo")[0] == "bernard-hugo"


def test_the_wrong_secret_is_refused(devoir05, tmp_path):
    report, _ = devoir05
    other = tmp_path / "autre.txt"
    seeds.create_secret(other)
    with pytest.raises(KPIError, match="n'est pas celui qui a créé ce devoir"):
        open_devoir(report.devoir_file, secret_file=other)


def test_course_answers_do_not_score_on_a_variant_but_the_students_own_do(devoir05):
    report, devoir = devoir05
    questions, _ = devoir.for_student("bernard-hugo")

    def answers(values):
        out = {}
        for q in questions:
            out[q.variable] = to_data(values[q.id])
            if q.justification:
                out[q.justification.variable] = to_data(q.justification.model)
        return out

    own = marking.mark(questions, answers({q.id: q.expected_value() for q in questions}))
    assert own.points == own.out_of
    course = marking.mark(questions, answers({q.id: q.expected_value() for q in lecon05.QUESTIONS}))
    by_hand = {q.id for q in binding.kept(lecon05) if binding.same_for_everyone(q)}
    assert {v.question for v in course.verdicts if v.status == CORRECT} == by_hand


def test_a_copy_that_asks_for_solutions_is_flagged(devoir05):
    report, _ = devoir05
    nb = _notebook(report, "martin-lea")
    nb.cells.append(nbformat.v4.new_code_cell("from kpilab.exercises import lecon05\nlecon05.q2.expected_value()\nq3.solution()"))
    flagged = marking.shortcuts(nb)
    assert any("solution" in f for f in flagged) and any("attendue" in f for f in flagged)


# --- the student's side -------------------------------------------------------------------------------


def test_check_only_says_whether_an_answer_is_readable():
    number = copie.QuestionDevoir("q2", "taux_2025", "percent")
    assert number.check(56.2).readable and copie.READABLE in repr(number.check("56,2 %"))
    assert number.check((56, 2)).status == "illisible" and "virgule" in number.check((56, 2)).message
    assert number.check(...).status == "vide" and number.check("beaucoup").status == "illisible"
    qcm = copie.QuestionDevoir("q5", "reponse_q5", "choice", letters=("a", "b", "c", "d"), justification="pourquoi_q5")
    assert qcm.check("b", "Parce que.").readable and not qcm.check("b").readable
    assert qcm.check("e", "Parce que.").status == "illisible"
    label = copie.QuestionDevoir("q3", "segment", "label", labels=("velotaf", "sportif"))
    assert label.check("Vélotaf").readable and label.check("famille").status == "illisible"
    unknown = copie.QuestionDevoir("q1", "x")  # while a copy is graded the exercise modules are stubs
    assert unknown.check(3).readable and unknown.check("a").readable
    assert "ni indice ni solution" in unknown.hint().message and "ni indice ni solution" in unknown.solution().message
    verdict = repr(number.check(99.9))  # right or wrong, the same words
    assert "Bravo" not in verdict and "juste" not in verdict and verdict == repr(number.check(0.1))


def test_the_devoir_module_reads_the_data_beside_the_notebook(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "DATA_DIR", datasets.DATA_DIR)  # restored after the test
    monkeypatch.delenv("KPILAB_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(KPIError, match="donnees"):
        copie.ouvrir("05_taux_de_retention", "q1 q2")
    variants.write_variant(variants.variant_bytes(5, ["campagnes"]), tmp_path / "donnees")
    q1, q2 = copie.ouvrir("05_taux_de_retention", "q1 q2")
    assert datasets.DATA_DIR == (tmp_path / "donnees").resolve()
    assert (q1.variable, q2.kind) == ("taux_retention", "percent")


def test_a_devoir_notebook_never_holds_what_a_practice_notebook_gives(devoir05):
    report, _ = devoir05
    nb = _notebook(report, "dubois-chloe")
    assert notebook.leaks(nb) == []
    sources = "\n".join(c.source for c in nb.cells)
    assert "Nom\u00a0: Chloé DUBOIS" in nb.cells[0].source and "../notebooks" not in sources
    assert 'ouvrir("05_taux_de_retention", "q1 q2 q3 q4 q5 q6")' in sources
    assert all(not notebook._is_help_cell(c) for c in nb.cells) and "## Bilan" not in sources


@pytest.mark.parametrize("lesson", sorted(build.question_modules()))
def test_every_set_makes_a_devoir_notebook(lesson, tmp_path):
    module = build.question_modules()[lesson]
    course = facts.compute(module)
    nb = notebook.devoir_notebook(module, student_name="Léa Martin", student_id="lea-martin", token="0" * 32,
                                  created="01/02/2026", figures=course, course_figures=course,
                                  left_out=binding.left_out(module))
    shown = {int(m) for c in nb.cells for m in re.findall(r"^## Question (\d+)", c.source, re.M)}
    assert shown == {int(q.id[1:]) for q in binding.kept(module)}
    assert notebook.leaks(nb) == []


def test_a_devoir_copy_runs_and_is_marked_by_the_grader(devoir05):
    """The lead's runner runs a copy answered with the student's own values on the student's data."""
    from kpilab.grading import runner

    report, devoir = devoir05
    nb = _notebook(report, "bernard-hugo")
    sid, questions, data, notes = devoir.for_notebook(nb, submitted_as="bernard-hugo")
    values = {}
    for q in questions:
        value = q.expected_value()
        values[q.variable] = repr(float(value) if q.kind not in ("choice", "label") else value)
        if q.justification:
            values[q.justification.variable] = repr(q.justification.model)
    for cell in nb.cells:
        for variable, value in values.items():
            cell.source = cell.source.replace(f"{variable} = ...  # à compléter", f"{variable} = {value}")
    result = runner.run(nbformat.writes(nb).encode(), marking.variables(questions), data, runner.Settings())
    assert result.status == runner.OK and result.errors == 0
    marked = marking.mark(questions, result.answers)
    assert marked.points == marked.out_of == len(devoir.question_ids)


def test_a_set_that_reads_no_data_hands_out_no_data_and_says_its_answers_are_shared(tmp_path):
    report = create("10_cas", _class_file(tmp_path, "etudiant\nLéa Martin\nHugo Bernard\n", "utf-8"), tmp_path / "d",
                    secret_file=_secret_file(tmp_path), jobs=1)
    folder = _student_folder(report, "lea-martin")
    assert not (folder / "donnees").exists()
    assert 'data=False)' in "\n".join(c.source for c in _notebook(report, "lea-martin").cells)
    assert set(report.identical) == set(report.questions) and "toutes les questions" in str(report)
