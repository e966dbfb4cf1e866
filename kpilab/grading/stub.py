"""What a submission imports as its exercise module while it is graded in the sandbox.

Inside the bubblewrap sandbox, ``kpilab/exercises/leconNN.py`` and the
answer keys are hidden: the module a notebook imports is a stub whose
questions only take note of the answers (``q1.check()`` says the answer is
recorded). Neither the solutions nor the expected values exist there, so a
notebook that calls ``q1.solution()`` or ``q1.expected_value()`` to fill in
its answers gets nothing from them. The marks are computed outside, by the
grader, from the real questions.
"""

from __future__ import annotations

from kpilab.exercises.engine import Text

_RECORDED = "Réponse enregistrée : elle est notée par le correcteur."
_HIDDEN = "Pendant la correction, les indices, les solutions et les réponses attendues ne sont pas disponibles."


class GradedQuestion:
    """A question as a submission sees it during grading: it answers, it never tells."""

    def __init__(self, question_id: str, variable: str):
        self.id = question_id
        self.variable = variable

    def check(self, *answer) -> Text:
        return Text(f"{self.id} — {_RECORDED}", "")

    def hint(self, level: int = 1) -> Text:
        return Text(f"Indice de {self.id}", _HIDDEN)

    def solution(self) -> Text:
        return Text(f"Solution de {self.id}", _HIDDEN)

    def __repr__(self) -> str:
        return f"Question {self.id} : {_RECORDED}"


def source(lesson: str) -> str:
    """The Python source of the stub of the exercise module ``lesson`` (``lecon01``…)."""
    from kpilab.grading.marking import questions, title

    lines = [f'"""{title(lesson)} (copie en cours de correction)."""',
             "from kpilab.grading.stub import GradedQuestion", ""]
    names = []
    for question in questions(lesson):
        lines.append(f"{question.id} = GradedQuestion({question.id!r}, {question.variable!r})")
        names.append(question.id)
    lines.append(f"QUESTIONS = ({', '.join(names)}{',' if len(names) == 1 else ''})")
    lines.append(f"__all__ = {names!r}")
    return "\n".join(lines) + "\n"
