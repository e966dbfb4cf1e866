"""The checking engine of the exercises: one engine, questions declared as data.

A :class:`Question` says which variable the student fills in, how the
expected value is computed from the course data (by kpilab), the tolerance
in business terms, the hints, and the known mistakes with the value each
one produces. :func:`judge` compares an answer with all that and returns a
:class:`Verdict`; displaying the verdict is a separate step
(:meth:`Verdict._repr_html_`). Nothing here can raise on a student's answer.

Strict mode (``KPILAB_STRICT=1``, set by the teacher's commands): a verdict
that is not "correct" raises :class:`AssertionError` with the same French
message, so that nbval fails the cell.
"""

from __future__ import annotations

import html
import math
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kpilab import formatting

STRICT_ENV = "KPILAB_STRICT"

CORRECT, INCORRECT, NOT_STARTED = "correct", "pas_encore", "pas_commence"
_TITLES = {CORRECT: "Bravo !", INCORRECT: "Pas encore", NOT_STARTED: "Pas commencé"}
_COLOURS = {CORRECT: "#2e7d32", INCORRECT: "#e65100", NOT_STARTED: "#757575"}

# Tolerances in business terms: 0,1 point for a rate, 1 centime, half a day.
TOLERANCE = {"percent": 0.1, "points": 0.1, "euros": 0.01, "days": 0.5, "number": 1e-6, "ratio": 0.01}


@dataclass(frozen=True)
class Mistake:
    """A known mistake: how to compute the value it gives, and what to say."""

    value: Callable[[], Any]
    message: str


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check, shown in French as plain text and as HTML."""

    question: str
    status: str
    message: str
    mistake: str | None = None  # the known mistake matched, if any

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def __repr__(self) -> str:
        title = _TITLES[self.status]
        return f"{self.question} — {title}{'' if title.endswith('!') else '.'} {self.message}"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.status]
        return (
            f'<div style="border-left:6px solid {colour};padding:6px 12px;margin:4px 0">'
            f'<strong style="color:{colour}">{html.escape(self.question)} — '
            f"{html.escape(_TITLES[self.status])}</strong><br>{html.escape(self.message)}</div>"
        )


@dataclass(frozen=True)
class Text:
    """A piece of French text shown as plain text and HTML (hints, solutions)."""

    title: str
    body: str
    code: bool = False

    def __repr__(self) -> str:
        return f"{self.title}\n{self.body}"

    def _repr_html_(self) -> str:
        body = html.escape(self.body)
        body = f"<pre>{body}</pre>" if self.code else body
        return f'<div style="border-left:6px solid #1565c0;padding:6px 12px"><strong>{html.escape(self.title)}</strong><br>{body}</div>'


@dataclass(frozen=True)
class Question:
    """One question of an exercise notebook, declared as data.

    ``kind`` is ``percent``, ``points`` (a change of a rate), ``euros``,
    ``days``, ``number``, ``ratio``,
    ``choice`` (multiple choice: ``choices`` are the letters; the texts are in
    the notebook) or ``label`` (a word such as a channel's name).
    """

    id: str
    variable: str
    kind: str
    expected: Callable[[], Any]
    hints: tuple[str, ...]
    mistakes: tuple[Mistake, ...] = ()
    tolerance: float | None = None
    choices: tuple[str, ...] = ()
    lesson: str = ""

    def _how(self) -> str:
        return (f"range ta réponse dans la variable `{self.variable}`, puis exécute {self.id}.check(). "
                f"Aide : {self.id}.hint(), {self.id}.hint(2), {self.id}.solution().")

    def __repr__(self) -> str:
        return f"Question {self.id} : {self._how()}"

    def _repr_html_(self) -> str:
        return Text(f"Question {self.id}", self._how())._repr_html_()

    @property
    def margin(self) -> float:
        return TOLERANCE.get(self.kind, 0.0) if self.tolerance is None else self.tolerance

    def expected_value(self):
        """The expected answer, computed once from the course data."""
        key = (self.lesson, self.id)
        if key not in _EXPECTED:
            _EXPECTED[key] = self.expected()
        return _EXPECTED[key]

    # -- what the student calls --------------------------------------------------

    def check(self, *answer) -> Verdict:
        """Check the answer: the variable of the notebook, or the value given."""
        value = answer[0] if answer else _caller_variable(self.variable)
        verdict = judge(self, value)
        if os.environ.get(STRICT_ENV, "") not in ("", "0") and not verdict.correct:
            raise AssertionError(repr(verdict))
        return verdict

    def hint(self, level: int = 1) -> Text:
        """Hint number ``level`` (1, 2, …): each one says a little more."""
        try:
            level = int(level)
        except (TypeError, ValueError):
            level = 1
        level = min(max(level, 1), len(self.hints))
        more = f" (indice suivant : {self.id}.hint({level + 1}))" if level < len(self.hints) else " (dernier indice)"
        return Text(f"Indice {level}/{len(self.hints)}{more}", self.hints[level - 1])

    def solution(self) -> Text:
        """The solution code, from the answer key."""
        from kpilab.exercises.solutions import solution_code

        return Text(f"Solution de {self.id}", solution_code(self.lesson, self.id), code=True)


_EXPECTED: dict[tuple[str, str], Any] = {}


def _caller_variable(name: str):
    """The student's variable, from the notebook's namespace (or the caller's)."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None and name in shell.user_ns:
            return shell.user_ns[name]
    except Exception:  # noqa: BLE001 — no IPython: fall back to the caller's globals
        pass
    frame = sys._getframe(2)
    return frame.f_globals.get(name, frame.f_locals.get(name, _Missing))


class _Missing:
    """The variable does not exist at all."""


# --- reading a student's answer --------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def read_number(value) -> float | None:
    """A student's number: 12.5, "12,5 %", "1 234,50 €", a one-value Series… or None."""
    try:
        import numpy as np
        import pandas as pd

        if isinstance(value, (pd.DataFrame, pd.Series, np.ndarray, list, tuple)):
            flat = np.asarray(value, dtype=object).ravel()
            if flat.size != 1:
                return None
            value = flat[0]
        if isinstance(value, (bool, np.bool_)):
            return None
        if isinstance(value, str):
            text = value.strip().rstrip("%€").strip()
            for space in ("\u00a0", "\u202f", " "):
                text = text.replace(space, "")
            if not _NUMBER.match(text):
                return None
            value = text.replace(",", ".")
        number = float(value)
        return number if math.isfinite(number) else None
    except Exception:  # noqa: BLE001 — any object a student hands in
        return None


def _is_placeholder(value) -> bool:
    return value is _Missing or value is None or value is Ellipsis


def _show(value: float, kind: str) -> str:
    """An answer as the verdict quotes it: two decimals (one for days)."""
    return formatting.format_value(value, kind, digits=1 if kind == "days" else 2)


# --- judging ------------------------------------------------------------------------------


def judge(question: Question, value) -> Verdict:
    """Compare an answer with the question; never raises."""
    try:
        return _judge(question, value)
    except Exception as error:  # noqa: BLE001 — a verdict, never a traceback
        return Verdict(question.id, INCORRECT,
                       f"Ta réponse n'a pas pu être vérifiée ({type(error).__name__}). "
                       "Donne un nombre, un texte court ou une lettre, selon la question.")


def _judge(question: Question, value) -> Verdict:
    if value is _Missing:
        return Verdict(question.id, NOT_STARTED,
                       f"La variable `{question.variable}` n'existe pas encore : exécute la cellule où tu la calcules.")
    if _is_placeholder(value):
        return Verdict(question.id, NOT_STARTED,
                       f"Remplace les « ... » par ton calcul pour `{question.variable}`, puis exécute la cellule.")
    if question.kind in ("choice", "label"):
        return _judge_word(question, value)
    return _judge_number(question, value)


def _judge_word(question: Question, value) -> Verdict:
    text = value.strip() if isinstance(value, str) else None
    expected = str(question.expected_value())
    if text is None or not text:
        return Verdict(question.id, INCORRECT, _word_advice(question))
    answer = text.lower().rstrip(").").strip()
    if question.kind == "choice" and answer not in {k.lower() for k in question.choices}:
        return Verdict(question.id, INCORRECT, _word_advice(question))
    if answer == expected.lower():
        return Verdict(question.id, CORRECT, "C'est la bonne réponse.")
    for mistake in question.mistakes:
        if answer == str(mistake.value()).lower():
            return Verdict(question.id, INCORRECT, mistake.message, mistake=mistake.message)
    return Verdict(question.id, INCORRECT, "Ce n'est pas la bonne réponse. Relis la question, puis demande un indice.")


def _word_advice(question: Question) -> str:
    if question.kind == "choice":
        letters = ", ".join(f'"{k}"' for k in question.choices)
        return f"Réponds par une lettre entre guillemets : {letters}."
    return "Réponds par un texte entre guillemets, par exemple \"salon\"."


def decimal_comma(value) -> str | None:
    """``25,0`` typed for 25.0 makes the tuple (25, 0): the number the student meant, as text."""
    if (isinstance(value, tuple) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value) and value[1] >= 0):
        return f"{value[0]}.{value[1]}"
    return None


def _judge_number(question: Question, value) -> Verdict:
    number = read_number(value)
    meant = decimal_comma(value)
    if meant is not None:
        typed = meant.replace(".", ",")
        return Verdict(question.id, INCORRECT,
                       f"Tu as écrit {typed} avec une virgule : en Python, la virgule sépare deux valeurs. "
                       f"Le séparateur décimal est le point : écris {meant}.",
                       mistake="virgule décimale")
    if number is None:
        return Verdict(question.id, INCORRECT,
                       f"`{question.variable}` doit être un nombre (par exemple 12.5) ; "
                       f"tu as donné un objet de type {type(value).__name__}.")
    expected = float(question.expected_value())
    margin = question.margin
    if abs(number - expected) <= margin:
        return Verdict(question.id, CORRECT, f"{_show(number, question.kind)} : c'est juste.")
    for mistake in question.mistakes:
        try:
            wrong = float(mistake.value())
        except Exception:  # noqa: BLE001 — a mistake that cannot be computed never matches
            continue
        if abs(number - wrong) <= margin:
            return Verdict(question.id, INCORRECT, mistake.message, mistake=mistake.message)
    if question.kind == "percent" and expected and abs(number * 100 - expected) <= margin:
        message = ("C'est un ratio : le KPI est un pourcentage. Multiplie par 100 "
                   f"({formatting.format_number(number, digits=4)} → {_show(number * 100, 'percent')}).")
        return Verdict(question.id, INCORRECT, message, mistake="ratio au lieu d'un pourcentage")
    if question.kind == "percent" and abs(number / 100 - expected) <= margin and number > 100:
        return Verdict(question.id, INCORRECT, "Tu as multiplié par 100 deux fois : le résultat est déjà en %.",
                       mistake="multiplié par 100 deux fois")
    return Verdict(question.id, INCORRECT,
                   f"{_show(number, question.kind)} n'est pas le bon résultat. "
                   f"Vérifie ton calcul ou demande un indice : {question.id}.hint().")
