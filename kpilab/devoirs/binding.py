"""The questions of an exercise set bound to one variant of the data.

A :class:`~kpilab.exercises.engine.Question` computes its expected value, and the value of each
known mistake, when first asked, from whatever :func:`kpilab.datasets.load` reads then, and the
engine caches the result per question object. Grading a devoir needs each student's values side
by side: :func:`questions_for` computes them on one student's data and returns fresh questions
whose ``expected`` and mistakes' ``value`` are constants (:class:`Constant`). They judge exactly as
the originals would on that data, and since they are new objects the engine's caches never mix
two students.

The values are computed in two steps so that they can be computed in another process:
:func:`bound_values` (plain, picklable data) and :func:`bind`. The feedback quotes the student's
figures too: the messages of the known mistakes (``MESSAGE_FACTS``) and what a QCM's options say
(``OPTION_FACTS``, :mod:`kpilab.exercises.facts`).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
from dataclasses import replace
from types import ModuleType

from kpilab import datasets
from kpilab.errors import KPIError
from kpilab.exercises import facts
from kpilab.exercises.engine import Mistake, Question

__all__ = ["on_data", "Constant", "module_of", "lesson_modules", "kept", "left_out", "same_for_everyone",
           "bound_values", "bind", "questions_for", "tables_of"]


COURSE_DATA = datasets.REPO_ROOT / "datasets"  # the course data as shipped (whatever KPILAB_DATA_DIR says)
# datasets.using() points the whole process at one folder: the computations on a variant take turns.
_DATA_LOCK = threading.RLock()


@contextlib.contextmanager
def on_data(folder):
    """``datasets.using(folder)``, one thread at a time (the grader runs copies in threads)."""
    with _DATA_LOCK, datasets.using(folder) as chosen:
        yield chosen


class Constant:
    """A callable that gives one value computed before (an expected value on one student's data)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __call__(self):
        return self.value

    def __repr__(self) -> str:
        return f"Constant({self.value!r})"


def lesson_modules() -> dict[str, ModuleType]:
    """{lesson id: its question module}, as :func:`kpilab.exercises.build.question_modules` finds them."""
    from kpilab.exercises.build import question_modules

    return question_modules()


def module_of(lesson: str) -> ModuleType:
    """The question module of a lesson: ``"05_taux_de_retention"``, ``"lecon05"``, ``"05"``, ``"5"``,
    ``"10_cas"`` or ``"lecon10_cas"`` (a module is returned as it is)."""
    if isinstance(lesson, ModuleType):
        return lesson
    modules = lesson_modules()
    text = str(lesson).strip().lower().removesuffix(".py")
    if text in modules:
        return modules[text]
    by_name = {module.__name__.rsplit(".", 1)[1]: module for module in modules.values()}
    found = re.fullmatch(r"(?:lecon)?(\d{1,2})(?:_([a-z]+))?", text)
    if found:
        name = f"lecon{int(found.group(1)):02d}" + (f"_{found.group(2)}" if found.group(2) else "")
        if name in by_name:
            return by_name[name]
    known = ", ".join(sorted(modules))
    raise KPIError(f"La leçon « {lesson} » n'a pas d'exercices. Leçons possibles : {known}.")


def left_out(module: ModuleType) -> dict[str, str]:
    """{question id: why}: the questions a devoir leaves out (``NOT_IN_DEVOIRS`` of the module)."""
    return dict(getattr(module, "NOT_IN_DEVOIRS", {}))


def kept(module: ModuleType) -> tuple[Question, ...]:
    """The questions of the set that a devoir keeps, in order."""
    out = left_out(module)
    return tuple(q for q in module.QUESTIONS if q.id not in out)


def same_for_everyone(question: Question) -> bool:
    """Whether the expected value is the same on every variant: it is computed without reading any
    data (a calculation by hand on the statement's figures), or the question is a QCM (its right
    letter is fixed)."""
    if question.kind == "choice":
        return True
    with tempfile.TemporaryDirectory(prefix="kpilab-sans-donnees-") as empty:
        with on_data(os.path.join(empty, "aucune")):
            try:
                question.expected()
            except Exception:  # noqa: BLE001 — it needed the data
                return False
    return True


_LOADED = re.compile(r"""datasets\.load\(\s*["']([a-z_]+)["']""")


def tables_of(module: ModuleType) -> tuple[str, ...]:
    """The tables the set reads, in the order of the schema: those its questions, facts and stories read
    (on the course data), and those the answer key's code loads (the preparation cell, the solutions)."""
    from kpilab.exercises.build import key_path

    seen: set[str] = set()
    key = key_path(module.LESSON)
    if key.exists():
        seen |= set(_LOADED.findall(key.read_text(encoding="utf-8")))
    original = datasets.load

    def spy(name, *args, **kwargs):
        seen.add(name)
        return original(name, *args, **kwargs)

    with _DATA_LOCK:
        datasets.load = spy
        try:
            bound_values(module)
            for function in [*getattr(module, "FACTS", {}).values(), *getattr(module, "STORY", {}).values()]:
                function()
        finally:
            datasets.load = original
    return tuple(name for name in datasets.ALL_TABLES if name in seen)


_FAILED = "__kpilab_mistake_failed__"
FIGURES = "__figures__"  # the key of bound_values holding the facts the feedback quotes
_COURSE_FIGURES: dict[str, dict[str, str]] = {}


def course_figures(module: ModuleType) -> dict[str, str]:
    """The module's ``FACTS`` on the course data as shipped (the texts its options and messages quote)."""
    name = module.__name__
    if name not in _COURSE_FIGURES:
        with on_data(COURSE_DATA):
            _COURSE_FIGURES[name] = facts.compute(module)
    return _COURSE_FIGURES[name]


def _quotes(module: ModuleType) -> bool:
    return bool(getattr(module, "OPTION_FACTS", None) or getattr(module, "MESSAGE_FACTS", None))


def bound_values(module: ModuleType, data_folder=None) -> dict[str, dict]:
    """{question id: {"expected": value, "mistakes": [value, …]}} computed on ``data_folder`` (or on the
    data read now): plain data, picklable. A mistake that cannot be computed there is marked failed;
    a QCM's expected letter does not depend on the data and is not computed."""
    if data_folder is not None:
        with on_data(data_folder):
            return bound_values(module)
    values = {}
    for question in module.QUESTIONS:
        expected = None if question.kind == "choice" else question.expected()
        mistakes = []
        for mistake in question.mistakes:
            try:
                mistakes.append(mistake.value())
            except Exception:  # noqa: BLE001 — such a mistake never matches (as in the engine)
                mistakes.append(_FAILED)
        values[question.id] = {"expected": expected, "mistakes": mistakes}
    if _quotes(module):
        quoted = {n for names in [*getattr(module, "OPTION_FACTS", {}).values(),
                                  *getattr(module, "MESSAGE_FACTS", {}).values()] for n in names}
        values[FIGURES] = {name: str(module.FACTS[name]()) for name in sorted(quoted)}
    return values


def bind(module: ModuleType, values: dict[str, dict], only=None) -> tuple[Question, ...]:
    """Fresh questions of ``module`` whose values are the constants ``values`` (:func:`bound_values`);
    ``only`` keeps these question ids."""
    figures = values.get(FIGURES)
    course = course_figures(module) if figures else {}
    in_options, in_messages = getattr(module, "OPTION_FACTS", {}), getattr(module, "MESSAGE_FACTS", {})
    bound = []
    for question in module.QUESTIONS:
        if only is not None and question.id not in only:
            continue
        found = values[question.id]
        said = facts.quoting(course, figures, in_messages.get(question.id, ())) if figures else (lambda text: text)
        mistakes = tuple(Mistake(Constant(value), said(mistake.message))
                         for mistake, value in zip(question.mistakes, found["mistakes"])
                         if not (isinstance(value, str) and value == _FAILED))
        expected = question.expected if question.kind == "choice" else Constant(found["expected"])
        changes = {"expected": expected, "mistakes": mistakes}
        if figures and question.id in in_options:
            changes["options"] = facts.options_with(question, course, figures, in_options[question.id])
        bound.append(replace(question, **changes))
    return tuple(bound)


def questions_for(lesson: str, data_folder) -> tuple[Question, ...]:
    """The questions of ``lesson`` with their expected values and mistakes computed on the CSV files of
    ``data_folder`` (one student's variant), as constants."""
    module = module_of(lesson)
    return bind(module, bound_values(module, data_folder))
