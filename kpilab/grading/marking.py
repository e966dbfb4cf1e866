"""Marks, computed in the grader's own process from the answers as data.

Nothing the student's kernel did can change what is expected here: the
questions come from the installed kpilab and the expected values are
computed from the course data before any submission runs.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections import Counter
from dataclasses import dataclass

from kpilab.exercises.answers import from_data
from kpilab.exercises.engine import CORRECT, NOT_STARTED, Question, Verdict, _Missing, judge

_LESSON_IMPORT = re.compile(r"kpilab\.exercises\.(lecon\d\d(?:_[a-z]+)?)")


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
    """The exercise module the notebook's code imports (``lecon01``…), if any.

    Only code cells count: a text cell that mentions another lesson's module
    does not change which exercises the notebook is.
    """
    found = Counter(
        match.group(1)
        for cell in nb.cells if cell.get("cell_type") == "code" and isinstance(cell.get("source", ""), str)
        for match in _LESSON_IMPORT.finditer(cell.get("source", ""))
    )
    return found.most_common(1)[0][0] if found else None


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
        for mistake in question.mistakes:
            try:
                mistake.wrong_value()
            except Exception:  # noqa: BLE001 — a mistake that cannot be computed never matches
                pass
    return found


def decode(encoded) -> object:
    """The answer a student's kernel exported (:func:`kpilab.exercises.answers.to_data`); ``_Missing`` if none."""
    if encoded is None:
        return _Missing
    return from_data(encoded)


def variables(found: tuple[Question, ...]) -> list[str]:
    """Every variable the questions read: the answers, and the justifications some of them ask."""
    return [name for question in found for name in question.variables]


def mark(found: tuple[Question, ...], answers) -> Marked:
    """The verdicts of the exported answers (a dict; anything else counts as no answer at all)."""
    if not isinstance(answers, dict):
        answers = {}

    def answer(name):
        return decode(answers.get(name))

    return Marked([judge(q, *(answer(name) for name in q.variables)) for q in found])


def not_run(found: tuple[Question, ...], reason: str) -> Marked:
    return Marked([Verdict(q.id, NOT_STARTED, reason) for q in found])


_SOLUTION_CALLS = {"solution": "affiche une solution (.solution())",
                   "expected_value": "lit une réponse attendue (.expected_value())",
                   "expected": "lit une réponse attendue (.expected())"}
_KEY_WORDS = re.compile(r"solutions\.json|solution_code|_EXPECTED|\bcorriges\b|reference\.json")


def _cell_shortcuts(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # magics, unfinished code: comments aside
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("#", "%", "!")))
        found = {label for name, label in _SOLUTION_CALLS.items() if re.search(rf"\.\s*{name}\s*\(", code)}
        return found | ({"lit les corrigés du cours"} if _KEY_WORDS.search(code) else set())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _SOLUTION_CALLS:
            found.add(_SOLUTION_CALLS[node.func.attr])
        elif isinstance(node, ast.Attribute) and node.attr in ("_EXPECTED", "solution_code"):
            found.add("lit les corrigés du cours")
        elif isinstance(node, ast.Name) and node.id in ("_EXPECTED", "solution_code"):
            found.add("lit les corrigés du cours")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _KEY_WORDS.search(node.value):
            found.add("lit les corrigés du cours")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
            if any(m.endswith(("exercises.solutions", "grading.reference")) for m in modules) or (
                    isinstance(node, ast.ImportFrom) and (node.module or "").endswith("exercises")
                    and any(alias.name == "solutions" for alias in node.names)):
                found.add("lit les corrigés du cours")
    return found


def shortcuts(nb) -> list[str]:
    """What the notebook's code (comments aside) does to reach the solutions or the expected values.

    Written into the remarks of the gradebook, for the teacher to look at: in a practice exercise,
    asking for a solution while working is allowed; in a devoir it is not.
    """
    found = set()
    for cell in nb.cells:
        if cell.get("cell_type") == "code" and isinstance(cell.get("source", ""), str):
            found |= _cell_shortcuts(cell["source"])
    order = [*_SOLUTION_CALLS.values(), "lit les corrigés du cours"]
    return [label for label in dict.fromkeys(order) if label in found]
