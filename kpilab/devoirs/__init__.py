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

    from kpilab.devoirs import create, open_devoir
    print(create("05", "classe.csv", "devoirs_05"))       # a_distribuer/ and enseignant/
    devoir = open_devoir("devoirs_05/enseignant/devoir.json")
    student, questions, data, notes = devoir.for_notebook(nb)
"""

from kpilab.devoirs.binding import questions_for
from kpilab.devoirs.create import Report, create, read_class_list
from kpilab.devoirs.grading import Devoir, open_devoir

__all__ = ["create", "read_class_list", "Report", "open_devoir", "Devoir", "questions_for"]
