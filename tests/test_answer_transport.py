""""Bravo !" in the notebook is the point in the gradebook, whatever form the answer takes.

``q.check()`` judges an answer in the notebook; the grader judges what the
student's kernel exported (``answers.to_data``, written as JSON, read back by
``marking.decode``). For every question of every exercise set and answers of
many Python forms (numbers of every numeric type, French-formatted text,
bytes, nested lists, Series, DataFrames, durations, sets, objects…), both
give the same verdict, message included. A few forms are also pinned to the
verdict a teacher expects, worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
import importlib
import json
import os
import pkgutil

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpilab.exercises
from kpilab.exercises.answers import from_data, to_data
from kpilab.exercises.engine import CORRECT, INCORRECT, NOT_STARTED, STRICT_ENV
from kpilab.grading import marking

SETS = sorted(m.name for m in pkgutil.iter_modules(kpilab.exercises.__path__) if m.name.startswith("lecon"))
QUESTIONS = [q for name in SETS for q in importlib.import_module(f"kpilab.exercises.{name}").QUESTIONS]


def _in_notebook(question, value, reason):
    """What ``q.check()`` shows a student (the course's default mode, not the teachers' strict one)."""
    strict = os.environ.pop(STRICT_ENV, None)
    try:
        return question.check(value, reason) if question.justification else question.check(value)
    finally:
        if strict is not None:
            os.environ[STRICT_ENV] = strict


def _in_grader(question, value, reason):
    exported = {question.variable: to_data(value)}
    if question.justification:
        exported[question.justification.variable] = to_data(reason)
    through_file = json.loads(json.dumps(exported))  # the answers file of a real run
    return marking.mark((question,), through_file).verdicts[0]


def _near(question):
    """Values around the expected one: right, rounded, off by a little, by a lot."""
    if question.kind in ("choice", "label"):
        return st.sampled_from([question.expected_value(), *question.choices, *question.labels, "autre"])
    if question.kind == "formula":  # the right formula, written otherwise, and its known mistakes
        formula = question.expected_value()
        return st.sampled_from([formula, formula.lower(), formula.lstrip("="), *(m.wrong_value() for m in question.mistakes),
                                "=SOMME(A1:A3)", "=SUM(A1)", "autre"])
    expected = float(question.expected_value())
    return st.sampled_from([expected, round(expected, 2), round(expected, 1), expected * 1.01, expected / 100,
                            expected * 100, -expected, 0.0])


def _forms(base):
    """One answer in the many forms a student's code can give it."""
    number = base if isinstance(base, float) else None
    forms = [st.just(base), st.just([base]), st.just([[base]]), st.just((base,)), st.just(pd.Series([base])),
             st.just(pd.DataFrame({"x": [base]})), st.just(np.array([base])), st.just({base}),
             st.just(str(base)), st.just(str(base).encode()), st.just([base, base])]
    if number is not None:
        forms += [st.just(decimal.Decimal(repr(number))), st.just(fractions.Fraction(number)),
                  st.just(np.float32(number)), st.just(np.float64(number)), st.just(int(number)),
                  st.just(f"{number:.2f}".replace(".", ",") + " %"), st.just(f"{number:,.2f} €".replace(",", "\u202f")),
                  st.just(pd.Timedelta(days=number) if abs(number) < 1e5 else number),
                  st.just(dt.timedelta(days=number) if abs(number) < 1e5 else number),
                  st.just(np.timedelta64(int(number * 86400), "s") if abs(number) < 1e5 else number),
                  st.just(pd.Series([pd.Timedelta(days=number)]) if abs(number) < 1e5 else number),
                  st.just((int(number), 5)), st.just(complex(number, 0)), st.just(np.array(number))]
    return st.one_of(forms)


REASONS = st.sampled_from([None, ..., "", "parce que", "Il faut un repère du même canal et une source.",
                           ["une liste"], 3.5, b"octets"])
ODD = st.sampled_from([None, ..., True, False, float("nan"), float("inf"), object(), print, type, [], {}, set(),
                       pd.NaT, np.nan, pd.Series([], dtype=float), "", "   ", "3,75", "3.75.1", "1e3", "∞"])


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: f"{q.lesson}-{q.id}")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_notebook_and_the_grader_give_the_same_verdict(question, data):
    value = data.draw(st.one_of(_near(question).flatmap(_forms), ODD), label="answer")
    reason = data.draw(REASONS, label="justification")
    assert _in_notebook(question, value, reason) == _in_grader(question, value, reason)


@given(st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=20))
@settings(max_examples=300, deadline=None)
def test_any_json_in_the_answers_file_is_read_without_raising(data):
    answer = from_data(data)  # what a student's code may have written instead of the export
    assert answer.pytype
    verdicts = marking.mark(QUESTIONS[:6], data).verdicts
    assert len(verdicts) == 6 and all(v.status in (CORRECT, INCORRECT, NOT_STARTED) for v in verdicts)


def _lesson01_q1():
    from kpilab.exercises.lecon01 import q1

    return q1


@pytest.mark.parametrize("answer, status", [
    (3.75, CORRECT),  # 45 réponses / (1 500 − 300) contacts valides × 100, by hand
    (decimal.Decimal("3.75"), CORRECT),
    (fractions.Fraction(15, 4), CORRECT),
    (b"3.75", CORRECT),
    ("3,75 %", CORRECT),
    ([[3.75]], CORRECT),
    (pd.DataFrame({"taux": [3.75]}), CORRECT),
    ([3.75, 3.75], INCORRECT),  # two values: which one is the answer?
    (0.0375, INCORRECT),  # a ratio, not a percentage
    (3, INCORRECT),
    (None, NOT_STARTED),
    (..., NOT_STARTED),
])
def test_a_few_forms_get_the_verdict_a_teacher_expects(answer, status):
    q1 = _lesson01_q1()
    assert float(q1.expected_value()) == pytest.approx(45 / (1500 - 300) * 100)
    assert _in_notebook(q1, answer, None).status == status
    assert _in_grader(q1, answer, None).status == status


def test_a_missing_variable_is_not_started_on_both_sides():
    q1 = _lesson01_q1()
    assert marking.mark((q1,), {}).verdicts[0].status == NOT_STARTED
    assert marking.mark((q1,), ["pas", "un", "dict"]).verdicts[0].status == NOT_STARTED
