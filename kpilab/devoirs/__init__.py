"""Devoirs: graded work, one notebook per student on their own variant of Roue Libre's data.

Practice exercises (:mod:`kpilab.exercises`) teach: their ``check()``, hints and solutions are in
every student's hands. A devoir is generated per student from the same exercise set:

- the student's data are a variant of the course data (same story, other figures), generated from
  a seed derived from the teacher's secret and the student (:mod:`kpilab.devoirs.seeds`);
- the statements quote the student's own figures (``FACTS`` of the exercise modules,
  :mod:`kpilab.exercises.facts`); a question whose right answer depends on the data
  (``NOT_IN_DEVOIRS``) is left out; a variant on which a statement would not hold (``STORY``) is
  replaced by another;
- the notebook holds no solution, no expected value, no hint: ``q1.check()`` only says whether the
  answer is readable (:mod:`kpilab.devoirs.copie`);
- the grader recomputes each student's data and expected values from the secret
  (:mod:`kpilab.devoirs.grading`, :mod:`kpilab.devoirs.binding`).

::

    from kpilab.devoirs import open_devoir
    from kpilab.devoirs.create import create

    print(create("05", "classe.csv", "devoirs_05"))       # a_distribuer/ and enseignant/
    devoir = open_devoir("devoirs_05/enseignant/devoir.json")
    student, questions, data, notes = devoir.for_notebook(nb)
"""

from __future__ import annotations

import importlib

__all__ = ["read_class_list", "Report", "open_devoir", "Devoir", "questions_for"]

# Imported when first used: a devoir's notebook imports kpilab.devoirs.copie alone. (``create`` is the
# module kpilab.devoirs.create: ``from kpilab.devoirs.create import create``.)
_WHERE = {"read_class_list": "create", "Report": "create", "open_devoir": "grading",
          "Devoir": "grading", "questions_for": "binding"}


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f"kpilab.devoirs.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'kpilab.devoirs' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *__all__])
