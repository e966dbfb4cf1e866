"""What a devoir's notebook imports: its questions, whose ``check()`` only says an answer is readable.

In a devoir the student works on their own data, the folder ``donnees`` beside the notebook, and
nothing in their hands tells whether an answer is right: there is no expected value, no hint and
no solution here. ``q1.check()`` reads the answer the way the grader will read it
(:func:`kpilab.exercises.answers.read`, through its plain-data form) and says whether it is
readable for the question (a number, a name of the list, a letter and a sentence), so that a
student does not lose a point for a ``12,5`` that Python took for two numbers. The marks are
computed later by the teacher's grader, from the teacher's secret.

The preparation cell of a devoir::

    from kpilab.devoirs.copie import ouvrir

    q1, q2, q4 = ouvrir("05_taux_de_retention", "q1 q2 q4")
"""

from __future__ import annotations

import html
import importlib
import os
from pathlib import Path

from kpilab import datasets
from kpilab.errors import KPIError
from kpilab.exercises.answers import from_data, label_key, to_data
from kpilab.exercises.engine import NUMERIC, _caller_variable, _Missing

__all__ = ["ouvrir", "donnees", "QuestionDevoir", "Lecture", "READABLE"]

READABLE = "Réponse lisible, enregistrée\u00a0: elle sera notée par ton enseignant."
NO_HELP = ("Dans un devoir, il n'y a ni indice ni solution\u00a0: c'est ton travail qui est noté. "
           "Relis l'énoncé et la leçon.")
DATA_FOLDER = "donnees"

_TITLES = {"lisible": "Réponse enregistrée", "illisible": "Réponse illisible", "vide": "Pas commencé"}
_COLOURS = {"lisible": "#1565c0", "illisible": "#e65100", "vide": "#757575"}


class Lecture:
    """What ``check()`` says: the answer is readable (``lisible``), not readable, or not given (``vide``)."""

    def __init__(self, question: str, status: str, message: str):
        self.question, self.status, self.message = question, status, message

    @property
    def readable(self) -> bool:
        return self.status == "lisible"

    def __repr__(self) -> str:
        return f"{self.question} — {_TITLES[self.status]}. {self.message}"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.status]
        return (f'<div style="border-left:6px solid {colour};padding:6px 12px;margin:4px 0">'
                f'<strong style="color:{colour}">{html.escape(self.question)} — {html.escape(_TITLES[self.status])}'
                f"</strong><br>{html.escape(self.message)}</div>")


class QuestionDevoir:
    """A devoir's question: where the answer goes, and a check that only reads it."""

    def __init__(self, question_id: str, variable: str, kind: str | None = None, *, labels=(), letters=(),
                 justification: str | None = None):
        self.id, self.variable, self.kind = question_id, variable, kind
        self.labels, self.letters, self.justification = tuple(labels), tuple(letters), justification

    def __repr__(self) -> str:
        where = f"range ta réponse dans la variable `{self.variable}`"
        if self.justification:
            where += f" et ta justification (une phrase) dans `{self.justification}`"
        return f"Question {self.id} (devoir)\u00a0: {where}, puis exécute {self.id}.check()."

    def _repr_html_(self) -> str:
        return Lecture(self.id, "vide", repr(self))._repr_html_()

    def hint(self, level: int = 1) -> Lecture:
        return Lecture(self.id, "vide", NO_HELP)

    def solution(self) -> Lecture:
        return Lecture(self.id, "vide", NO_HELP)

    def check(self, *answer) -> Lecture:
        """Whether the answer (the notebook's variables, or the values given) is readable; never raises."""
        value = answer[0] if answer else _caller_variable(self.variable)
        reason = _Missing
        if self.justification:
            reason = answer[1] if len(answer) > 1 else _caller_variable(self.justification)
        try:
            return self._read(value, reason)
        except Exception as error:  # noqa: BLE001 — a message, never a traceback
            return Lecture(self.id, "illisible", f"Ta réponse n'a pas pu être lue ({type(error).__name__}). "
                                                 "Donne un nombre, un texte court ou une lettre, selon la question.")

    def _read(self, value, reason) -> Lecture:
        if value is _Missing:
            return Lecture(self.id, "vide", f"La variable `{self.variable}` n'existe pas encore\u00a0: exécute la "
                                            "cellule où tu la calcules.")
        read = from_data(to_data(value))  # what the grader will receive
        if read.placeholder:
            return Lecture(self.id, "vide", f"Remplace les « ... » par ton calcul pour `{self.variable}`, puis "
                                            "exécute la cellule.")
        problem = self._problem(read)
        if problem:
            return Lecture(self.id, "illisible", problem)
        if self.justification:
            said = from_data(to_data(reason)) if reason is not _Missing else None
            if said is None or said.placeholder or not (said.text or "").strip():
                return Lecture(self.id, "illisible", f"Ta réponse est lisible. Il reste ta justification\u00a0: écris "
                                                     f"une phrase entre guillemets dans `{self.justification}`, "
                                                     "puis exécute la cellule.")
        return Lecture(self.id, "lisible", READABLE)

    def _problem(self, read) -> str | None:
        """Why the answer cannot be read for this question, or None."""
        if read.comma is not None:
            typed = read.comma.replace(".", ",")
            return (f"Tu as écrit {typed} avec une virgule\u00a0: en Python, la virgule sépare deux valeurs. "
                    f"Le séparateur décimal est le point\u00a0: écris {read.comma}.")
        kind = self.kind
        if kind == "choice":
            text = (read.text or "").lower().strip("()[]. ")
            letters = self.letters or ("a", "b", "c", "d")
            if text not in letters:
                listed = ", ".join(f'"{letter}"' for letter in letters)
                return f"Réponds par une lettre entre guillemets\u00a0: {listed}."
            return None
        if kind == "label":
            text = (read.text or "").strip()
            if not text:
                return f"Réponds par un nom entre guillemets, écrit comme dans le tableau\u00a0: `{self.variable} = \"…\"`."
            if self.labels and label_key(text) not in {label_key(name) for name in self.labels}:
                names = ", ".join(f'"{name}"' for name in self.labels)
                return f"« {text} » n'est pas un des noms possibles\u00a0: {names}."
            return None
        if kind == "days":
            if read.days is None:
                return f"`{self.variable}` doit être un nombre de jours (par exemple 42.5) ou une durée."
            return None
        if kind in NUMERIC:
            if read.number is None:
                if read.duration:
                    return (f"`{self.variable}` est une durée (un écart de dates)\u00a0: cette question demande un "
                            "nombre.")
                return f"`{self.variable}` doit être un nombre (par exemple 12.5)\u202f; tu as donné un objet de type {read.pytype}."
            return None
        if read.number is None and not (read.text or "").strip() and read.days is None:  # kind unknown
            return "Donne un nombre, un texte court ou une lettre, selon la question."
        return None


def donnees(folder: str | os.PathLike | None = None) -> Path:
    """Make :func:`kpilab.datasets.load` read the devoir's data: ``folder``, else the folder ``donnees``
    beside the notebook (the working folder of its kernel)."""
    candidates = [Path(folder)] if folder is not None else [Path.cwd() / DATA_FOLDER]
    if folder is None and os.environ.get("KPILAB_DATA_DIR"):
        candidates.append(Path(os.environ["KPILAB_DATA_DIR"]))
    for candidate in candidates:
        if candidate.is_dir() and any(candidate.glob("*.csv")):
            datasets.DATA_DIR = candidate.resolve()
            return datasets.DATA_DIR
    raise KPIError(f"Le dossier « {DATA_FOLDER} » de ton devoir est introuvable à côté de ce notebook. Garde le "
                   f"notebook et le dossier « {DATA_FOLDER} » ensemble, dans le dossier que ton enseignant t'a donné, "
                   "et ouvre le notebook depuis ce dossier.")


def _specs(lesson: str) -> dict[str, QuestionDevoir]:
    """The questions of the set, read from its exercise module (only where the answers go, and their kind)."""
    from kpilab.devoirs.binding import lesson_modules

    module = None
    try:
        module = lesson_modules().get(lesson)
    except Exception:  # noqa: BLE001 — while a copy is graded, the exercise modules are stubs
        module = None
    if module is None:
        for name in (f"kpilab.exercises.lecon{lesson[:2]}_{lesson[3:].split('_')[0]}", f"kpilab.exercises.lecon{lesson[:2]}"):
            try:
                module = importlib.import_module(name)
                break
            except Exception:  # noqa: BLE001
                continue
    found = {}
    for question in getattr(module, "QUESTIONS", ()):
        kind = getattr(question, "kind", None)
        justification = getattr(getattr(question, "justification", None), "variable", None)
        letters = tuple(getattr(question, "choices", ())) if kind == "choice" else ()
        found[question.id] = QuestionDevoir(question.id, question.variable, kind,
                                            labels=getattr(question, "labels", ()), letters=letters,
                                            justification=justification)
    return found


def ouvrir(lesson: str, ids: str, folder: str | os.PathLike | None = None, data: bool = True) -> tuple[QuestionDevoir, ...]:
    """The devoir's questions ``ids`` (``"q1 q2 q4"``) of the set ``lesson``, after pointing the data at the
    devoir's folder (:func:`donnees`; ``data=False`` for a set that reads no table, such as the E7 case)."""
    if data:
        donnees(folder)
    specs = _specs(lesson)
    wanted = str(ids).replace(",", " ").split()
    missing = [qid for qid in wanted if qid not in specs]
    if missing:
        raise KPIError(f"Ce devoir demande les questions {', '.join(missing)}, que la leçon « {lesson} » n'a pas\u00a0: "
                       "demande à ton enseignant de vérifier ton devoir.")
    return tuple(specs[qid] for qid in wanted)
