"""The checking engine of the exercises: one engine, questions declared as data.

A :class:`Question` says which variable the student fills in, how the
expected value is computed from the course data (by kpilab), the hints, the
known mistakes with the value each one produces, the competence of the BTS
référentiel it trains and, for a multiple-choice question, its options
(:mod:`kpilab.exercises.choices`). How close a right answer must be is not
set per question: one rule per kind of answer (:mod:`kpilab.exercises.tolerance`).
A question may also ask for a short written justification
(:mod:`kpilab.exercises.written`).

:func:`judge` compares an answer with all that and returns a
:class:`Verdict`; displaying the verdict is a separate step
(:meth:`Verdict._repr_html_`). Nothing here can raise on a student's answer.

Strict mode (``KPILAB_STRICT=1``, set by the teacher's commands): a verdict
that is not "correct" raises :class:`AssertionError` with the same French
message, so that nbval fails the cell.
"""

from __future__ import annotations

import html
import os
import re
import sys
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kpilab import formatting
from kpilab.exercises import tolerance
from kpilab.exercises.answers import (Answer, decimal_comma, from_data, is_duration, label_key, read_days,
                                      read_number, read_text, to_data)
from kpilab.exercises.choices import Option, layout
from kpilab.exercises.written import Idea, Justification

__all__ = ["Question", "Mistake", "Option", "Idea", "Justification", "Verdict", "Text", "judge",
           "read_number", "decimal_comma", "CORRECT", "INCORRECT", "NOT_STARTED", "STRICT_ENV", "KINDS"]

STRICT_ENV = "KPILAB_STRICT"

CORRECT, INCORRECT, NOT_STARTED = "correct", "pas_encore", "pas_commence"
_TITLES = {CORRECT: "Bravo !", INCORRECT: "Pas encore", NOT_STARTED: "Pas commencé"}
_COLOURS = {CORRECT: "#2e7d32", INCORRECT: "#e65100", NOT_STARTED: "#757575"}

NUMERIC = tuple(tolerance.POLICY)
KINDS = (*NUMERIC, "label", "choice", "formula")
# How the verdicts quote a number of each kind (the kind's format, these decimals).
_SHOWN = {"days": ("days", 1), "count": ("number", 0), "number": ("number", 2), "years": ("years", 2)}


@dataclass(frozen=True)
class Mistake:
    """A known mistake: how to compute the value it gives, and what to say."""

    value: Callable[[], Any]
    message: str

    def wrong_value(self):
        """The value this mistake gives, computed once (like a question's expected value)."""
        if self not in _WRONG:
            _WRONG[self] = self.value()
        return _WRONG[self]


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
            f"{html.escape(_TITLES[self.status])}</strong><br>{_code_spans(html.escape(self.message))}</div>"
        )


def _code_spans(escaped: str) -> str:
    """The `…` of a message (a variable, a formula) shown as code, as in the notebook's markdown."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


@dataclass(frozen=True)
class Text:
    """A piece of French text shown as plain text and HTML (hints, solutions)."""

    title: str
    body: str
    code: bool = False

    def __repr__(self) -> str:
        return f"{self.title}\n{self.body}"

    def _repr_html_(self) -> str:
        body = html.escape(self.body).replace("\n", "<br>") if not self.code else f"<pre>{html.escape(self.body)}</pre>"
        return f'<div style="border-left:6px solid #1565c0;padding:6px 12px"><strong>{html.escape(self.title)}</strong><br>{body}</div>'


@dataclass(frozen=True)
class Question:
    """One question of an exercise notebook, declared as data.

    ``kind`` is one of the numeric kinds of :data:`tolerance.POLICY`
    (``percent``, ``points``, ``euros``, ``days``, ``years``, ``ratio``,
    ``count``, ``number``), ``label`` (a name such as a channel's; ``labels``
    are the names a student may give) or ``choice`` (multiple choice:
    ``options``, the right one first; ``expected`` is then not given) or ``formula`` (a spreadsheet
    formula typed as text, judged for its meaning where ``where`` says it is typed:
    :mod:`kpilab.exercises.formula`; ``expected`` gives the right formula, each mistake its formula).
    ``competence`` is a code of :mod:`kpilab.referentiel` (``"B3.3"``).
    """

    id: str
    variable: str
    kind: str
    expected: Callable[[], Any] | None
    hints: tuple[str, ...]
    mistakes: tuple[Mistake, ...] = ()
    options: tuple[Option, ...] = ()
    labels: tuple[str, ...] = ()
    justification: Justification | None = None
    lesson: str = ""
    competence: str = ""
    where: Any = None  # a formula question's cell (kpilab.exercises.formula.Where)

    def __post_init__(self):
        for name in ("hints", "mistakes", "options", "labels"):  # tuples: a question is hashable
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if self.kind not in KINDS:
            raise ValueError(f"question {self.id}: unknown kind {self.kind!r} (one of {', '.join(KINDS)})")
        if (self.kind == "choice") != bool(self.options):
            raise ValueError(f"question {self.id}: options go with the kind 'choice', and only with it")
        if (self.kind == "formula") != (self.where is not None):
            raise ValueError(f"question {self.id}: 'where' goes with the kind 'formula', and only with it")
        if self.expected is None and self.kind != "choice":
            raise ValueError(f"question {self.id}: an expected value is needed")
        if self.competence:
            from kpilab import referentiel

            referentiel.competence(self.competence)  # a French error for an unknown code

    # -- what the notebook shows -----------------------------------------------------

    @property
    def variables(self) -> tuple[str, ...]:
        """The variables the student fills in: the answer, then the justification if one is asked."""
        return (self.variable,) + ((self.justification.variable,) if self.justification else ())

    @property
    def competence_line(self) -> str:
        """The French line of the competence trained (empty without a competence)."""
        if not self.competence:
            return ""
        from kpilab import referentiel

        found = referentiel.competence(self.competence)
        return f"Compétence {found.code} · {found.label}"

    def _how(self) -> str:
        where = f"range ta réponse dans la variable `{self.variable}`"
        if self.justification:
            where += f" et ta justification (une phrase) dans `{self.justification.variable}`"
        return (f"{where}, puis exécute {self.id}.check(). "
                f"Aide : {self.id}.hint(), {self.id}.hint(2), {self.id}.solution().")

    def __repr__(self) -> str:
        line = f"\n{self.competence_line}" if self.competence else ""
        return f"Question {self.id} : {self._how()}{line}"

    def _repr_html_(self) -> str:
        line = f"\n{self.competence_line}" if self.competence else ""
        return Text(f"Question {self.id}", self._how() + line)._repr_html_()

    @property
    def letters(self) -> dict[str, Option]:
        """{letter: option} of a multiple-choice question, as the notebook shows them."""
        return layout(self.lesson, self.id, self.options) if self.options else {}

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self.letters)

    def known_mistakes(self) -> tuple[Mistake, ...]:
        """The declared mistakes, and for a multiple-choice question one per wrong option."""
        found = list(self.mistakes)
        for letter, option in self.letters.items():
            if option is not self.options[0]:
                found.append(Mistake(lambda letter=letter: letter, option.why))
        return tuple(found)

    def expected_value(self):
        """The expected answer, computed once from the course data."""
        if self not in _EXPECTED:
            if self.kind == "choice":
                _EXPECTED[self] = next(k for k, o in self.letters.items() if o is self.options[0])
            else:
                _EXPECTED[self] = self.expected()
        return _EXPECTED[self]

    # -- what the student calls --------------------------------------------------

    def check(self, *answer) -> Verdict:
        """Check the answer: the variables of the notebook, or the values given."""
        value = answer[0] if answer else _caller_variable(self.variable)
        reason = _Missing
        if self.justification:
            reason = answer[1] if len(answer) > 1 else _caller_variable(self.justification.variable)
        verdict = judge(self, value, reason)
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


# Expected values, computed once per question (a question is hashable: it is frozen), and the values
# of the known mistakes, once per mistake.
_EXPECTED: weakref.WeakKeyDictionary[Question, Any] = weakref.WeakKeyDictionary()
_WRONG: weakref.WeakKeyDictionary[Mistake, Any] = weakref.WeakKeyDictionary()


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


def _is_placeholder(value) -> bool:
    return value is _Missing or value is None or value is Ellipsis or isinstance(value, Answer) and value.placeholder


def portable(value):
    """The answer as the grader receives it: its reading, through plain data (``_Missing`` stays)."""
    return value if value is _Missing else from_data(to_data(value))


def show(value: float, kind: str) -> str:
    """A number as the verdicts quote it, in the French format of its kind."""
    shown, digits = _SHOWN.get(kind, (kind, 2))
    return formatting.format_value(value, shown, digits=digits)


# --- judging ------------------------------------------------------------------------------


def judge(question: Question, value, justification=_Missing) -> Verdict:
    """Compare an answer (and its justification, if the question asks one) with the question; never raises.

    The answer is judged in its plain-data form (:func:`portable`), the one the grader receives from a
    student's kernel: the same answer gets the same verdict in the notebook and in the gradebook.
    """
    try:
        value, justification = portable(value), portable(justification)
        verdict = _judge(question, value)
        if verdict.correct and question.justification is not None:
            return _judge_justification(question, verdict, justification)
        return verdict
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
    if question.kind == "choice":
        return _judge_choice(question, value)
    if question.kind == "label":
        return _judge_label(question, value)
    if question.kind == "formula":
        return _judge_formula(question, value)
    return _judge_number(question, value)


def _judge_formula(question: Question, value) -> Verdict:
    from kpilab.exercises.formula import judge_formula

    text = read_text(value)
    if not text:
        return Verdict(question.id, INCORRECT, f"Écris ta formule entre guillemets, comme tu la taperais dans le "
                                               f"tableur : `{question.variable} = \"=SOMME(…)\"`.")
    return judge_formula(question, text, lambda status, message, mistake=None:
                         Verdict(question.id, status, message, mistake=mistake))


def _judge_justification(question: Question, verdict: Verdict, text) -> Verdict:
    asked = question.justification
    if _is_placeholder(text):
        return Verdict(question.id, INCORRECT,
                       f"{verdict.message} Il reste à justifier : écris une phrase entre guillemets dans "
                       f"`{asked.variable}`, puis exécute la cellule.")
    sentence = read_text(text)
    if not sentence:
        return Verdict(question.id, INCORRECT,
                       f"{verdict.message} `{asked.variable}` doit être une phrase entre guillemets.")
    missing = asked.missing(sentence)
    if missing is not None:
        return Verdict(question.id, INCORRECT, f"{verdict.message} Ta justification n'y est pas encore : {missing}",
                       mistake="justification incomplète")
    return Verdict(question.id, CORRECT, f"{verdict.message} Ta justification contient les idées attendues.")


def _judge_choice(question: Question, value) -> Verdict:
    text = read_text(value)
    letters = question.letters
    answer = text.lower().strip("()[]. ") if text else ""
    if answer not in letters:
        listed = ", ".join(f'"{k}"' for k in letters)
        return Verdict(question.id, INCORRECT, f"Réponds par une lettre entre guillemets : {listed}.")
    if answer == question.expected_value():
        return Verdict(question.id, CORRECT, f"C'est la bonne réponse. {letters[answer].why}")
    return Verdict(question.id, INCORRECT, letters[answer].why, mistake=letters[answer].why)


def _judge_label(question: Question, value) -> Verdict:
    text = read_text(value)
    if not text:
        if question.labels:
            names = ", ".join(f'"{name}"' for name in question.labels)
            return Verdict(question.id, INCORRECT, f"Réponds par un de ces noms, entre guillemets : {names}.")
        return Verdict(question.id, INCORRECT,
                       f"Réponds par un nom entre guillemets, écrit comme dans le tableau : `{question.variable} = \"…\"`.")
    answer = label_key(text)
    expected = str(question.expected_value())
    if answer == label_key(expected):
        return Verdict(question.id, CORRECT, f"« {expected} » : c'est la bonne réponse.")
    for mistake in question.mistakes:
        if answer == label_key(str(mistake.wrong_value())):
            return Verdict(question.id, INCORRECT, mistake.message, mistake=mistake.message)
    if question.labels and answer not in {label_key(name) for name in question.labels}:
        names = ", ".join(f'"{name}"' for name in question.labels)
        return Verdict(question.id, INCORRECT, f"« {text} » n'est pas un des noms possibles : {names}.")
    return Verdict(question.id, INCORRECT, "Ce n'est pas la bonne réponse. Relis la question, puis demande un indice.")


def _judge_number(question: Question, value) -> Verdict:
    meant = decimal_comma(value)
    if meant is not None:
        typed = meant.replace(".", ",")
        return Verdict(question.id, INCORRECT,
                       f"Tu as écrit {typed} avec une virgule : en Python, la virgule sépare deux valeurs. "
                       f"Le séparateur décimal est le point : écris {meant}.",
                       mistake="virgule décimale")
    kind = question.kind
    number = read_days(value) if kind == "days" else read_number(value)
    if number is None:
        if is_duration(value):
            return Verdict(question.id, INCORRECT,
                           f"`{question.variable}` est une durée (un écart de dates) : cette question ne "
                           f"demande pas une durée. Relis ce qu'elle demande, puis donne un nombre.")
        return Verdict(question.id, INCORRECT,
                       f"`{question.variable}` doit être un nombre (par exemple 12.5) ; "
                       f"tu as donné un objet de type {value.pytype if isinstance(value, Answer) else type(value).__name__}.")
    expected = float(question.expected_value())
    gap = abs(number - expected)
    if gap <= tolerance.margin(kind, expected):
        exact = "" if gap <= 1e-9 * max(1.0, abs(expected)) else f", à l'arrondi près (valeur exacte : {show(expected, kind)})"
        return Verdict(question.id, CORRECT, f"{show(number, kind)} : c'est juste{exact}.")
    for mistake in question.mistakes:
        try:
            wrong = float(mistake.wrong_value())
        except Exception:  # noqa: BLE001 — a mistake that cannot be computed never matches
            continue
        if abs(number - wrong) <= tolerance.margin(kind, wrong):
            return Verdict(question.id, INCORRECT, mistake.message, mistake=mistake.message)
    if kind == "percent" and expected and abs(number * 100 - expected) <= tolerance.margin(kind, expected):
        message = ("C'est un ratio : le KPI est un pourcentage. Multiplie par 100 "
                   f"({formatting.format_number(number, digits=4)} → {show(number * 100, 'percent')}).")
        return Verdict(question.id, INCORRECT, message, mistake="ratio au lieu d'un pourcentage")
    if kind == "percent" and number > 100 and abs(number / 100 - expected) <= tolerance.margin(kind, expected):
        return Verdict(question.id, INCORRECT, "Tu as multiplié par 100 deux fois : le résultat est déjà en %.",
                       mistake="multiplié par 100 deux fois")
    return Verdict(question.id, INCORRECT,
                   f"{show(number, kind)} n'est pas le bon résultat. "
                   f"Vérifie ton calcul ou demande un indice : {question.id}.hint().")
