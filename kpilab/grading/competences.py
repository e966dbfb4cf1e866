"""The competence grid: beside the mark, where each student stands on each compétence and bloc.

Each question trains one compétence of the BTS MCO référentiel
(:attr:`kpilab.exercises.engine.Question.competence`, a code of
:mod:`kpilab.referentiel`). For one student, a compétence (or a bloc: all
its questions together) is:

- **acquis** when at least 75 % of its questions are right;
- **en cours** from 40 % (1 question out of 2, 2 out of 3 or 5);
- **non acquis** below 40 %.

With a single question, the compétence is acquis or non acquis. The grid is
written as a CSV file for French Excel and shown in each feedback page.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpilab import referentiel

ACQUIS, EN_COURS, NON_ACQUIS = "acquis", "en cours", "non acquis"
THRESHOLDS = ((0.75, ACQUIS), (0.40, EN_COURS))  # share of right answers → level (else non acquis)


def level(right: int, asked: int) -> str:
    """The level for ``right`` answers out of ``asked`` questions.

    >>> level(2, 2), level(1, 2), level(2, 3), level(1, 3), level(3, 4)
    ('acquis', 'en cours', 'en cours', 'non acquis', 'acquis')
    """
    share = right / asked if asked else 0.0
    for threshold, name in THRESHOLDS:
        if share >= threshold:
            return name
    return NON_ACQUIS


@dataclass(frozen=True)
class Line:
    """One line of a student's grid: a compétence or a bloc."""

    code: str  # "B3.3" or "Bloc 3"
    title: str
    right: int
    asked: int

    @property
    def level(self) -> str:
        return level(self.right, self.asked)


def codes(questions) -> list[str]:
    """The compétences the questions train, in the référentiel's order."""
    found = {q.competence for q in questions if q.competence}
    return sorted(found, key=lambda code: tuple(int(part) for part in code[1:].split(".")))


def grid(questions, verdicts) -> list[Line]:
    """A student's grid: each compétence, then each bloc, from the verdicts of the questions."""
    from kpilab.exercises.engine import CORRECT

    pairs = [(q, v.status == CORRECT) for q, v in zip(questions, verdicts) if q.competence]
    lines = []
    for code in codes(questions):
        marks = [right for q, right in pairs if q.competence == code]
        lines.append(Line(code, referentiel.competence(code).title, sum(marks), len(marks)))
    for number in sorted({referentiel.competence(c).bloc for c in codes(questions)}):
        marks = [right for q, right in pairs if referentiel.competence(q.competence).bloc == number]
        lines.append(Line(f"Bloc {number}", referentiel.BLOCS[number].title, sum(marks), len(marks)))
    return lines


def header(questions) -> list[str]:
    """The columns of the class grid after the student's name."""
    blocs = sorted({referentiel.competence(c).bloc for c in codes(questions)})
    return [*codes(questions), *(f"Bloc {n}" for n in blocs)]


def legend() -> str:
    """The thresholds, in French, for the pages and the README."""
    return ("acquis : au moins 75 % des questions de la compétence réussies ; en cours : de 40 % à 75 % ; "
            "non acquis : moins de 40 %.")
