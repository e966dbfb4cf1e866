"""What the grader needs to mark a devoir: each copy's student, their questions, their data.

::

    devoir = open_devoir("devoirs_05/enseignant/devoir.json")
    student, questions, data, notes = devoir.for_notebook(nb, submitted_as="martin-lea")

- ``student``: the id of the student the copy was made for (from the notebook's metadata), or None
  when the copy is not one of this devoir's;
- ``questions``: the questions kept in the devoir, bound to that student's data
  (:func:`kpilab.devoirs.binding.questions_for`): ``marking.mark(questions, answers)`` marks them;
- ``data``: ``{file name: bytes}``, the student's CSV files, regenerated from the teacher's secret:
  the copy runs on them (``runner.run(raw, names, data, settings)`` writes them into ``donnees``);
- ``notes``: French remarks for the gradebook (« copie d'un autre étudiant ? » when the copy's
  token is not its student's, or when ``submitted_as`` names another student of the devoir).

Nothing is read from the student's own ``donnees`` folder: the data and the expected values come
from the secret. Each student's data and values are computed once (:meth:`Devoir.for_student`);
:meth:`Devoir.prepare` computes a whole class in parallel processes.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kpilab.devoirs import binding, seeds, variants
from kpilab.devoirs.create import DEVOIR_FILE, FORMAT, Student, _pool
from kpilab.devoirs.notebook import METADATA_KEY
from kpilab.errors import KPIError

__all__ = ["open_devoir", "Devoir", "OTHER_STUDENT"]

OTHER_STUDENT = "copie d'un autre étudiant ?"


@dataclass
class _Prepared:
    questions: tuple
    data: dict[str, bytes]


def _compute(job: tuple) -> tuple[str, dict[str, bytes], dict]:
    """(student id, data, bound values): one student's variant and expected values (run in a worker)."""
    lesson, secret_hex, student_id, attempt, tables = job
    module = binding.module_of(lesson)
    data = variants.variant_bytes(seeds.student_seed(bytes.fromhex(secret_hex), student_id, attempt), tables)
    with variants.TemporaryVariant(data) as folder:
        values = binding.bound_values(module, folder)
    return student_id, data, values


class Devoir:
    """A devoir as the grader sees it (made by :func:`open_devoir`)."""

    def __init__(self, path: Path, description: dict, secret: bytes):
        self.path = path
        self.description = description
        self.lesson: str = description["lesson"]
        self.module = binding.module_of(self.lesson)
        self.question_ids: tuple[str, ...] = tuple(description["questions"])
        self.students: dict[str, Student] = {}
        self._attempts: dict[str, int] = {}
        self._tokens: dict[str, str] = {}
        for entry in description["students"]:
            student = Student(entry["id"], entry["name"], entry["folder"], entry["line"])
            self.students[student.id] = student
            self._attempts[student.id] = int(entry.get("attempt", 0))
            self._tokens[student.id] = entry.get("token", "")
        self.tables: tuple[str, ...] = tuple(description["tables"])
        self._secret = secret
        self._cache: dict[str, _Prepared] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<devoir {self.lesson} : {len(self.students)} étudiants, questions {', '.join(self.question_ids)}>"

    @property
    def questions(self) -> tuple:
        """The questions kept, not bound to any data (their ids and variables, for the gradebook's columns)."""
        return tuple(q for q in self.module.QUESTIONS if q.id in self.question_ids)

    def student_of(self, name: str | None) -> str | None:
        """The student whose id, folder or notebook is ``name`` (a submission's folder or file name), or None."""
        if not name:
            return None
        text = Path(str(name)).name
        stem = text[:-6] if text.endswith(".ipynb") else text
        for key in (text, stem):
            sid = seeds.normalise(key)
            if sid in self.students:
                return sid
        for sid, student in self.students.items():
            if stem in (student.folder, Path(self._notebook(sid)).stem):
                return sid
        return None

    def _notebook(self, sid: str) -> str:
        return next((e.get("notebook", "") for e in self.description["students"] if e["id"] == sid), "")

    def _store(self, sid: str, data: dict[str, bytes], values: dict) -> _Prepared:
        prepared = _Prepared(binding.bind(self.module, values, only=self.question_ids), data)
        with self._lock:
            return self._cache.setdefault(sid, prepared)

    def for_student(self, student_id: str) -> tuple[tuple, dict[str, bytes]]:
        """(questions bound to the student's data, the student's data files); computed once per student."""
        sid = seeds.normalise(student_id)
        if sid not in self.students:
            raise KPIError(f"« {student_id} » n'est pas un étudiant de ce devoir.")
        with self._lock:
            found = self._cache.get(sid)
        if found is None:
            _, data, values = _compute((self.lesson, self._secret.hex(), sid, self._attempts[sid], self.tables))
            found = self._store(sid, data, values)
        return found.questions, found.data

    def prepare(self, student_ids: Iterable[str] | None = None, jobs: int | None = None) -> None:
        """Compute the students' data and expected values now, in ``jobs`` worker processes."""
        wanted = [seeds.normalise(s) for s in (self.students if student_ids is None else student_ids)]
        with self._lock:
            todo = [s for s in dict.fromkeys(wanted) if s in self.students and s not in self._cache]
        work = [(self.lesson, self._secret.hex(), s, self._attempts[s], self.tables) for s in todo]
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(work) or 1))
        if jobs == 1 or len(work) < 3:
            results = map(_compute, work)
            for sid, data, values in results:
                self._store(sid, data, values)
            return
        with _pool(jobs) as pool:
            for sid, data, values in pool.map(_compute, work):
                self._store(sid, data, values)

    def for_notebook(self, nb, submitted_as: str | None = None):
        """(student id or None, questions, data, notes) for a submitted notebook (see the module's docstring).

        ``submitted_as`` is who handed the copy in, when the grader knows it (the submission's folder or
        file name): a copy made for another student of the devoir is then noted.
        """
        notes: list[str] = []
        meta = {}
        try:
            meta = dict(nb.get("metadata", {}).get(METADATA_KEY, {}).get("devoir", {}))
        except (AttributeError, TypeError, ValueError):
            meta = {}
        handed = self.student_of(submitted_as)
        claimed = seeds.normalise(meta.get("student", "")) if isinstance(meta.get("student"), str) else ""
        if not meta:
            if handed is None:
                return None, (), {}, ["copie sans en-tête de devoir (métadonnées absentes) : étudiant inconnu, "
                                      "non corrigée"]
            notes.append("copie sans en-tête de devoir (métadonnées absentes) : étudiant reconnu par le nom de "
                         "la copie")
            claimed = handed
        elif meta.get("lesson") not in (None, self.lesson):
            return None, (), {}, [f"ce n'est pas ce devoir (leçon {meta.get('lesson')}, et non {self.lesson}), "
                                  "non corrigée"]
        elif meta.get("devoir") and self.description.get("id") and meta.get("devoir") != self.description["id"]:
            notes.append("copie d'une autre série de devoirs (même leçon) : vérifie qu'elle vient de ce devoir")
        if claimed not in self.students:
            if handed is None:
                return None, (), {}, [f"étudiant « {meta.get('student', '')} » inconnu de ce devoir, non corrigée"]
            notes.append(f"{OTHER_STUDENT} l'en-tête nomme « {meta.get('student', '')} », inconnu de ce devoir")
            claimed = handed
        elif meta and not seeds.token_matches(self._secret, claimed, meta.get("token")):
            notes.append(f"{OTHER_STUDENT} le jeton de l'en-tête n'est pas celui de {self.students[claimed].name}")
        if handed is not None and handed != claimed:
            notes.append(f"{OTHER_STUDENT} la copie rendue par {self.students[handed].name} est le devoir de "
                         f"{self.students[claimed].name}")
        questions, data = self.for_student(claimed)
        return claimed, questions, data, notes


def open_devoir(devoir_json, *, secret_file=None) -> Devoir:
    """The devoir described by ``devoir_json`` (``<out_dir>/enseignant/devoir.json``), with its secret (the
    file it names, or ``secret_file``)."""
    path = Path(devoir_json)
    if path.is_dir():
        path = path / DEVOIR_FILE if (path / DEVOIR_FILE).exists() else path / "enseignant" / DEVOIR_FILE
    try:
        description = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KPIError(f"Le fichier du devoir « {path} » est introuvable.") from None
    except (OSError, ValueError) as error:
        raise KPIError(f"Le fichier du devoir « {path} » est illisible ({type(error).__name__}).") from None
    if not isinstance(description, dict) or description.get("kind") != "kpilab-devoir":
        raise KPIError(f"« {path} » n'est pas un fichier de devoir de kpilab.")
    if description.get("format", 0) > FORMAT:
        raise KPIError(f"« {path} » a été écrit par une version plus récente de kpilab : mets kpilab à jour.")
    named = Path(description["secret"]["file"])
    secret_path = Path(secret_file) if secret_file is not None else (named if named.is_absolute() else path.parent / named)
    secret = seeds.read_secret(secret_path)
    if seeds.fingerprint(secret) != description["secret"]["fingerprint"]:
        raise KPIError(f"Le secret « {secret_path} » n'est pas celui qui a créé ce devoir : les données des étudiants "
                       "ne pourraient pas être recalculées. Donne le bon fichier secret.")
    return Devoir(path, description, secret)

