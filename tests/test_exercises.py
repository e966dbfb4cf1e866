"""The exercises: the checking engine, every question of every lesson, the
generated student notebooks.

Per question (parametrised over every lesson module): the reference solution
from the answer key passes, each known mistake gets its own message, an
unrelated wrong answer fails, the untouched placeholder is "not started".
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kpilab.exercises
from kpilab.exercises import build, engine
from kpilab.exercises.engine import CORRECT, INCORRECT, NOT_STARTED, Mistake, Question, judge

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(m.name for m in pkgutil.iter_modules(kpilab.exercises.__path__) if re.fullmatch(r"lecon\d\d(?:_[a-z]+)?", m.name))
QUESTIONS = [
    (name, q) for name in MODULES for q in importlib.import_module(f"kpilab.exercises.{name}").QUESTIONS
]
SOLUTIONS = json.loads((ROOT / "kpilab" / "exercises" / "solutions.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def not_strict(monkeypatch):
    monkeypatch.delenv(engine.STRICT_ENV, raising=False)


def _namespace_before(lesson: str, question_id: str | None = None) -> dict:
    """Run the answer key's cells that come before a question's answer cell (all but other answers).

    Without a question: the set-up cells, those before the first answer.
    """
    key = nbformat.read(build.key_path(lesson), as_version=4)
    namespace: dict = {}
    for cell in key.cells:
        if cell.cell_type != "code":
            continue
        if build.BEGIN in cell.source:
            if question_id is None or f"{question_id}.check()" in cell.source:
                break
            continue
        exec(cell.source, namespace)  # noqa: S102 — the project's own answer key
    return namespace


def _ids(item):
    return f"{item[1].lesson}-{item[1].id}" if isinstance(item, tuple) else None


# --- the engine on a small question whose answer is known by hand ------------------------

RATE = Question(
    id="qx", lesson="test", variable="taux", kind="percent",
    expected=lambda: 12.5,  # 10 ventes ÷ 80 leads × 100
    mistakes=(Mistake(lambda: 10 / 100 * 100, "Mauvais dénominateur : divise par les leads, pas par les contacts."),),
    hints=("Premier indice.", "Deuxième indice."),
)


@pytest.mark.parametrize("answer", [12.5, 12.45, 12.55, "12,5 %", "12.5", " 12,5% ", pd.Series([12.5]),
                                    np.float32(12.5), [12.5], pd.DataFrame({"t": [12.5]}), np.array([12.5])])
def test_the_forms_a_student_writes_are_accepted(answer):
    assert judge(RATE, answer).status == CORRECT


def test_a_ratio_instead_of_a_percentage_is_named():
    verdict = judge(RATE, 0.125)
    assert verdict.status == INCORRECT and "ratio" in verdict.message and "pourcentage" in verdict.message


def test_a_known_mistake_is_named_and_a_wrong_answer_is_not():
    assert judge(RATE, 10.0).mistake == "Mauvais dénominateur : divise par les leads, pas par les contacts."
    other = judge(RATE, 37.0)
    assert other.status == INCORRECT and other.mistake is None and "qx.hint()" in other.message
    assert judge(RATE, 12.7).status == INCORRECT  # outside the 0,1 point tolerance


@pytest.mark.parametrize("answer", [None, ..., engine._Missing])
def test_placeholder_is_not_started(answer):
    assert judge(RATE, answer).status == NOT_STARTED


def test_check_reads_the_notebook_variable_and_strict_mode_raises(monkeypatch):
    taux = ...  # noqa: F841 — read by RATE.check() from this frame
    assert RATE.check().status == NOT_STARTED
    monkeypatch.setitem(globals(), "taux", 12.5)
    assert RATE.check().status == CORRECT
    monkeypatch.setenv(engine.STRICT_ENV, "1")
    assert RATE.check().status == CORRECT
    with pytest.raises(AssertionError, match="Pas encore"):
        RATE.check(40)


def test_hints_get_more_precise_then_stop():
    assert "Premier" in repr(RATE.hint()) and "qx.hint(2)" in repr(RATE.hint())
    assert "Deuxième" in repr(RATE.hint(2)) and "dernier" in repr(RATE.hint(2))
    assert "Deuxième" in repr(RATE.hint(9))
    assert "Premier" in repr(RATE.hint("n'importe quoi"))


def test_verdicts_render_the_same_every_time_without_javascript():
    first, second = judge(RATE, 10.0), judge(RATE, 10.0)
    assert repr(first) == repr(second) and first._repr_html_() == second._repr_html_()
    for status_answer in (12.5, 10.0, None):
        html = judge(RATE, status_answer)._repr_html_()
        assert "<script" not in html and "Bravo" in html or "Pas" in html


class _Evil:
    def __eq__(self, other):
        raise RuntimeError("boom")

    def __float__(self):
        raise RuntimeError("boom")

    def __bool__(self):
        raise RuntimeError("boom")

    def __len__(self):
        raise RuntimeError("boom")

    def __str__(self):
        raise RuntimeError("boom")

    def __repr__(self):  # hypothesis shows failing examples with repr()
        return "<an object whose every operation raises>"

    __hash__ = None


anything = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12), st.binary(max_size=8),
              st.complex_numbers(), st.builds(_Evil), st.just(Ellipsis), st.dates(), st.decimals(), st.fractions()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=2),
                            st.lists(inner, max_size=3).map(lambda xs: pd.Series(xs, dtype=object))),
    max_leaves=5,
)


@settings(max_examples=200, deadline=None)
@given(answer=anything, pick=st.integers(min_value=0, max_value=10_000))
def test_any_object_gets_a_verdict_never_a_crash(answer, pick):
    question = QUESTIONS[pick % len(QUESTIONS)][1] if QUESTIONS else RATE
    verdict = judge(question, answer)
    assert verdict.status in (CORRECT, INCORRECT, NOT_STARTED)
    assert isinstance(repr(verdict), str) and isinstance(verdict._repr_html_(), str)


# --- every question of every lesson ------------------------------------------------------------


def test_every_lesson_has_four_to_six_questions_and_its_spreadsheet_formula():
    assert MODULES, "no exercise module"
    for name in MODULES:
        questions = importlib.import_module(f"kpilab.exercises.{name}").QUESTIONS
        assert 4 <= len([q for q in questions if q.kind != "formula"]) <= 6, name
        assert questions[-1].kind == "formula", f"{name}: the last question asks for a spreadsheet formula"
        kinds = {q.kind for q in questions}
        assert "choice" in kinds, f"{name}: no interpretation question (multiple choice)"


@pytest.mark.parametrize("item", QUESTIONS, ids=_ids)
def test_reference_solution_passes(item):
    name, question = item
    namespace = _namespace_before(question.lesson, question.id)
    exec(SOLUTIONS[question.lesson][question.id], namespace)  # noqa: S102
    assert judge(question, *(namespace[v] for v in question.variables)).status == CORRECT


@pytest.mark.parametrize("item", QUESTIONS, ids=_ids)
def test_each_known_mistake_gets_its_own_message(item):
    _, question = item
    messages = [m.message for m in question.known_mistakes()]
    assert len(set(messages)) == len(messages)
    for mistake in question.known_mistakes():
        verdict = judge(question, mistake.value())
        assert verdict.status == INCORRECT, f"{question.id}: the mistake value is accepted as correct"
        assert verdict.mistake == mistake.message


@pytest.mark.parametrize("item", QUESTIONS, ids=_ids)
def test_unrelated_answer_fails_and_placeholder_is_not_started(item):
    _, question = item
    if question.kind == "choice":
        wrong = "z"
    elif question.kind == "label":
        wrong = "rien_a_voir"
    elif question.kind == "formula":
        wrong = "=SOMME(A2:A3)"
    else:
        wrong = float(question.expected_value()) * 1.37 + 11.3
    assert judge(question, wrong).status == INCORRECT
    assert judge(question, ...).status == NOT_STARTED
    assert question.hint(1).body and question.solution().body


# --- the generated student notebooks ------------------------------------------------------------


def test_student_versions_and_solutions_are_up_to_date():
    stale = build.build(check_only=True)
    assert not stale, f"out of date (run make exercises): {[str(p) for p in stale]}"


def test_student_versions_hold_no_solution_code():
    for key in sorted((ROOT / "exercises" / "corriges").glob("*.ipynb")):
        lesson = build.lesson_of_key(key)
        student = build.student_path(lesson).read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in student and "END SOLUTION" not in student
        for code in SOLUTIONS[lesson].values():
            for line in code.splitlines():
                if "=" in line and not line.rstrip().endswith("= ..."):
                    assert json.dumps(line)[1:-1] not in student, f"{key.name}: solution line left: {line}"


def test_each_answer_key_has_one_check_per_question():
    for name in MODULES:
        module = importlib.import_module(f"kpilab.exercises.{name}")
        key = build.key_path(module.LESSON)
        checked = build.extract_solutions(nbformat.read(key, as_version=4))
        assert sorted(checked) == sorted(q.id for q in module.QUESTIONS), name


STUDENT_VERSIONS = sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))


def test_every_lesson_module_has_a_student_version_run_in_strict_mode():
    expected = {build.student_path(importlib.import_module(f"kpilab.exercises.{name}").LESSON).resolve() for name in MODULES}
    assert expected and expected <= {p.resolve() for p in STUDENT_VERSIONS}, [p.name for p in STUDENT_VERSIONS]


# One case per notebook: each one starts its own kernel, and the cases run on every core.
@pytest.mark.parametrize("path", STUDENT_VERSIONS, ids=[p.stem for p in STUDENT_VERSIONS])
def test_an_untouched_student_version_fails_in_strict_mode_on_every_question(monkeypatch, path):
    from nbclient import NotebookClient

    monkeypatch.setenv(engine.STRICT_ENV, "1")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    checks = [c for c in nb.cells if c.cell_type == "code" and re.search(r"^q\d+\.check\(\)", c.source, re.M)]
    assert checks, path.name
    for cell in checks:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert errors and errors[0].ename == "AssertionError", f"{path.name}: {cell.source!r} did not fail"
        assert "Pas commencé" in errors[0].evalue


# --- a French student's habits ------------------------------------------------------------------


@pytest.mark.parametrize("typed, meant", [((25, 0), "25.0"), ((3, 75), "3.75"), ((1234, 50), "1234.50")])
def test_a_decimal_comma_is_named_with_the_number_meant(typed, meant):
    question = Question("q1", "taux", "percent", lambda: 25.0, ("indice",))
    verdict = judge(question, typed)
    assert verdict.status == INCORRECT and verdict.mistake == "virgule décimale"
    assert f"écris {meant}" in verdict.message and meant.replace(".", ",") in verdict.message


def test_a_real_pair_of_values_is_not_taken_for_a_decimal_comma():
    question = Question("q1", "taux", "percent", lambda: 25.0, ("indice",))
    assert judge(question, (25.0, 1)).mistake is None
    assert judge(question, (True, 0)).mistake is None


def test_a_question_alone_says_in_french_how_to_answer():
    from kpilab.exercises.lecon02 import q1

    text = repr(q1)
    assert text.startswith("Question q1\u00a0: range ta réponse dans la variable `taux_conversion`")
    assert "q1.check()" in text and "q1.hint()" in text and "Question(" not in text
    assert "taux_conversion" in q1._repr_html_()
    # the competence of the référentiel it trains, in the text and the HTML
    assert "\nCompétence B1.3 · Bloc 1" in text and "épreuve E5" in text
    assert "Compétence B1.3" in q1._repr_html_()


def test_a_justification_is_asked_with_its_variable_and_checked():
    from kpilab.exercises.lecon03 import q5

    assert q5.variables == ("reponse_q5", "pourquoi_q5") and "`pourquoi_q5`" in repr(q5)
    right = q5.expected_value()
    assert judge(q5, right).status == INCORRECT and "justifier" in judge(q5, right).message
    assert judge(q5, right, ...).status == INCORRECT
    short = judge(q5, right, "La médiane.")
    assert short.status == INCORRECT and "trop courte" in short.message
    half = judge(q5, right, "La médiane est la valeur du milieu des durées de toutes ces affaires.")
    assert half.status == INCORRECT and q5.justification.ideas[1].missing in half.message
    assert judge(q5, right, "La médiane décrit l'affaire habituelle : quelques affaires très longues "
                            "tirent la moyenne vers le haut.").status == CORRECT
    wrong = next(letter for letter in q5.choices if letter != right)
    assert judge(q5, wrong, q5.justification.model).status == INCORRECT  # a good sentence, a wrong letter


@pytest.mark.parametrize("item", QUESTIONS, ids=_ids)
def test_every_question_names_a_competence_of_the_referentiel(item):
    from kpilab import referentiel

    _, question = item
    found = referentiel.competence(question.competence)
    assert question.competence_line == f"Compétence {found.code} · {found.label}"
    student = nbformat.read(build.student_path(question.lesson), as_version=4)
    number = question.id[1:]
    heading = next(c.source for c in student.cells if c.cell_type == "markdown"
                   and c.source.startswith(f"## Question {number} "))
    assert heading.splitlines()[2] == f"*{question.competence_line}*"  # right under the title


def test_an_unknown_competence_is_refused_when_the_question_is_declared():
    from kpilab import KPIError

    with pytest.raises(KPIError, match="Compétence inconnue"):
        Question("q1", "taux", "percent", lambda: 1.0, ("indice",), competence="B9.9")
