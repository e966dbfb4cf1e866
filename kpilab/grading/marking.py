"""Marks, computed in the grader's own process from the answers as data.

Nothing the student's kernel did can change what is expected here: the
questions come from the installed kpilab and the expected values are
computed from the course data before any submission runs.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass

import pandas as pd

from kpilab.exercises.engine import CORRECT, NOT_STARTED, Question, Verdict, _Missing, judge

_LESSON_IMPORT = re.compile(r"kpilab\.exercises\.(lecon\d\d(?:_[a-z]+)?)")


class Unreadable:
    """An answer of a type the grader does not take (a function, a figure…)."""

    def __init__(self, pytype: str):
        self.pytype = pytype


Unreadable.__name__ = "objet"


@dataclass
class Marked:
    """The verdict of each question and the marks of one submission."""

    verdicts: list[Verdict]

    @property
    def points(self) -> int:
        return sum(v.status == CORRECT for v in self.verdicts)

    @property
    def out_of(self) -> int:
        return len(self.verdicts)


def lesson_of(nb) -> str | None:
    """The exercise module a notebook imports (``lecon01``…), if any."""
    for cell in nb.cells:
        found = _LESSON_IMPORT.search(cell.get("source", "") if isinstance(cell.get("source", ""), str) else "")
        if found:
            return found.group(1)
    return None


def questions(lesson: str) -> tuple[Question, ...]:
    module = importlib.import_module(f"kpilab.exercises.{lesson}")
    return module.QUESTIONS


def title(lesson: str) -> str:
    """The first line of the exercise module's docstring (« Exercices de la leçon 01 — … »)."""
    doc = importlib.import_module(f"kpilab.exercises.{lesson}").__doc__ or lesson
    return doc.strip().splitlines()[0]


def prepare(lesson: str) -> tuple[Question, ...]:
    """Load the questions and compute every expected value now, from pristine data."""
    found = questions(lesson)
    for question in found:
        question.expected_value()
    return found


def decode(encoded) -> object:
    """The Python value of an answer exported by the runner."""
    if not isinstance(encoded, dict):
        return _Missing
    kind = encoded.get("type")
    if kind == "number":
        return encoded.get("value") if encoded.get("value") is not None else float("nan")
    if kind == "text":
        return str(encoded.get("value", ""))
    if kind == "duration":  # a Timedelta: the engine reads it in days where a duration is asked
        days = encoded.get("days")
        return pd.Timedelta(days=days) if days is not None else pd.NaT
    if kind == "none":
        return None
    if kind == "ellipsis":
        return Ellipsis
    if kind == "table":
        values = [decode(v) for v in encoded.get("values", [])]
        return values[0] if len(values) == 1 else values
    if kind == "missing":
        return _Missing
    return Unreadable(str(encoded.get("pytype", "?")))


def variables(found: tuple[Question, ...]) -> list[str]:
    """Every variable the questions read: the answers, and the justifications some of them ask."""
    return [name for question in found for name in question.variables]


def mark(found: tuple[Question, ...], answers: dict) -> Marked:
    def answer(name):
        return decode(answers.get(name, {"type": "missing"}))

    return Marked([judge(q, *(answer(name) for name in q.variables)) for q in found])


def not_run(found: tuple[Question, ...], reason: str) -> Marked:
    return Marked([Verdict(q.id, NOT_STARTED, reason) for q in found])
