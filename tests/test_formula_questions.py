"""What the README promises of every spreadsheet-formula question, checked on each of them.

Each transformation below is made on the question's own formula by the test (no kpilab code
writes it): the same formula in lower case, with spaces, or with its sheet named is right; × 100 is
right for a rate; its ranges stopped one row early, English function names, a comma between
arguments, or (for a formula copied down) no ``$`` at all get their own message.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

from kpilab import exercises
from kpilab.exercises.engine import judge
from kpilab.spreadsheet.names import ENGLISH

QUESTIONS = [q for m in pkgutil.iter_modules(exercises.__path__) if m.name.startswith("lecon")
             for q in importlib.import_module(f"kpilab.exercises.{m.name}").QUESTIONS if q.kind == "formula"]
IDS = [f"{q.lesson}-{q.id}" for q in QUESTIONS]
_RANGE = re.compile(r"(\$?[A-Z]{1,3}\$?)(\d+):(\$?[A-Z]{1,3}\$?)(\d+)")


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def verdict(question, formula):
    return judge(question, formula)


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_writing_does_not_count_lower_case_spaces_and_no_leading_equal(question):
    formula = question.expected_value()
    assert verdict(question, formula.lower()).correct
    assert verdict(question, formula.replace(";", " ; ").replace("=", "= ", 1)).correct
    assert verdict(question, formula.lstrip("=")).correct  # with a reminder to type the =
    assert "commence-la par =" in _plain(verdict(question, formula.lstrip("=")).message)


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_naming_the_sheet_does_not_count(question):
    formula = question.expected_value()
    sheet = question.where.sheet
    named = re.sub(r"(?<![!:$A-Za-z])(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)", rf"{sheet}!\1", formula)
    assert verdict(question, named).correct, named


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.where.percent], ids=lambda q: f"{q.lesson}-{q.id}")
def test_a_rate_times_100_is_right_in_a_standard_cell(question):
    found = verdict(question, f"=({question.expected_value().lstrip('=')})*100")
    assert found.correct and "format Standard" in found.message


@pytest.mark.parametrize("question", [q for q in QUESTIONS if _RANGE.search(q.expected_value())],
                         ids=lambda q: f"{q.lesson}-{q.id}")
def test_ranges_that_stop_one_row_early_are_named(question):
    formula = question.expected_value()
    short = _RANGE.sub(lambda m: f"{m[1]}{m[2]}:{m[3]}{int(m[4]) - 1}", formula)
    found = verdict(question, short)
    assert not found.correct
    assert "s'arrête à la ligne" in _plain(found.message) or found.mistake, found.message


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_english_names_and_commas_get_their_message(question):
    formula = question.expected_value()
    names = [n for n in re.findall(r"([A-Z][A-Z.]*)\(", formula) if ENGLISH[n] != n]
    if names:
        english = re.sub(r"([A-Z][A-Z.]*)\(", lambda m: ENGLISH[m[1]] + "(", formula)
        assert f"tape {names[0]}" in _plain(verdict(question, english).message)
    if ";" in formula:
        assert "point-virgule" in verdict(question, formula.replace(";", ",")).message


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.where.copy_to and "$" in q.expected_value()],
                         ids=lambda q: f"{q.lesson}-{q.id}")
def test_a_copied_formula_without_its_dollars_is_told_so(question):
    found = verdict(question, question.expected_value().replace("$", ""))
    assert not found.correct and found.mistake == "référence absolue manquante", found.message


def test_the_questions_include_copied_formulas_and_rates():
    assert any(q.where.copy_to for q in QUESTIONS)
    assert any(q.where.percent for q in QUESTIONS)
