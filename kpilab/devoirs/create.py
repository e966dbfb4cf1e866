"""Create the devoirs of a class: one notebook and one variant of the data per student.

::

    from kpilab.devoirs.create import create
    report = create("05", "classe.csv", "devoirs_05")
    print(report)

writes::

    devoirs_05/
        enseignant/devoir.json        the lesson, the questions kept, the students and their tokens
        enseignant/secret.txt         the teacher's secret (unless ``secret_file`` says where it is)
        a_distribuer/<student>/05_devoir_<student>.ipynb
        a_distribuer/<student>/donnees/*.csv     the student's variant of the tables the set reads

Only ``a_distribuer`` is handed out: nothing there holds an expected value or a solution. The
grader (:mod:`kpilab.devoirs.grading`) recomputes each student's expected values from the secret.

The class list is a CSV file as French Excel writes it (:func:`read_class_list`).
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import secrets as _secrets
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import nbformat

from kpilab.devoirs import binding, notebook, seeds, variants
from kpilab.errors import KPIError
from kpilab.exercises import facts

__all__ = ["create", "read_class_list", "Student", "Report", "TEACHER", "HANDOUT", "DATA", "MAX_ATTEMPTS"]

TEACHER, HANDOUT, DATA = "enseignant", "a_distribuer", "donnees"
DEVOIR_FILE, SECRET_FILE = "devoir.json", "secret.txt"
MAX_ATTEMPTS = 25  # variants tried for a student before giving up (a story holds on ~97 % of them)
FORMAT = 1


@dataclass(frozen=True)
class Student:
    """One line of the class list."""

    id: str  # normalised: "martin-lea"
    name: str  # as shown: "Léa Martin"
    folder: str  # the folder of the handout, and the notebook's name
    line: int  # in the CSV file (the header is line 1)


# --- the class list -------------------------------------------------------------------------------


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise KPIError(f"La liste de la classe « {path} » n'est ni en UTF-8 ni en Windows-1252 : enregistre-la depuis "
                   "Excel en « CSV UTF-8 (délimité par des virgules) ».")


def _delimiter(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


_NAME_COLUMNS = ("etudiant", "etudiante", "etudiant-e", "eleve", "nom-complet", "nom-et-prenom", "prenom-nom",
                 "nom-prenom")


def read_class_list(path) -> list[Student]:
    """The students of a class list: a CSV file with a column ``etudiant`` (the full name) or two
    columns ``nom`` and ``prenom`` (accents and case do not matter), ``;`` or ``,`` between the
    columns, in UTF-8 (with or without BOM) or Windows-1252, as French Excel saves it. Other columns
    are ignored. A blank line between two students, a name missing on a line, or the same student
    twice is an error that names the line; blank lines at the end are ignored."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KPIError(f"La liste de la classe « {path} » est introuvable.") from None
    except OSError as error:
        raise KPIError(f"La liste de la classe « {path} » ne peut pas être lue ({error.strerror}).") from None
    text = _decode(raw, path)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise KPIError(f"La liste de la classe « {path} » est vide, ou sa première ligne (les titres des colonnes) "
                       "est vide.")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0])))
    header = [seeds.normalise(cell) for cell in rows[0]]
    full = next((i for i, name in enumerate(header) if name in _NAME_COLUMNS), None)
    last = header.index("nom") if "nom" in header else None
    first = header.index("prenom") if "prenom" in header else None
    if full is None and (last is None or first is None):
        shown = ", ".join(f"« {c.strip()} »" for c in rows[0] if c.strip()) or "aucune"
        raise KPIError(f"La liste de la classe « {path} » doit avoir une colonne « etudiant » (le nom complet), ou "
                       f"deux colonnes « nom » et « prenom ». Colonnes trouvées : {shown}.")

    def cell(row, index):
        return row[index].strip() if index is not None and index < len(row) else ""

    students: list[Student] = []
    seen: dict[str, int] = {}
    blank: int | None = None
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            blank = number if blank is None else blank
            continue
        if blank is not None:
            raise KPIError(f"La ligne {blank} de la liste de la classe « {path} » est vide : retire-la (ou écris "
                           "l'étudiant qui y manque), puis recommence.")
        if full is not None and cell(row, full):
            name = " ".join(cell(row, full).split())
        elif full is None and cell(row, last) and cell(row, first):
            name = " ".join(f"{cell(row, first)} {cell(row, last)}".split())
        else:
            what = "le nom de l'étudiant (colonne « etudiant »)" if full is not None else "le nom ou le prénom"
            raise KPIError(f"Ligne {number} de la liste de la classe « {path} » : il manque {what}.")
        sid = seeds.normalise(f"{cell(row, last)} {cell(row, first)}" if full is None else name)
        if not sid:
            raise KPIError(f"Ligne {number} de la liste de la classe « {path} » : « {name} » ne contient ni lettre ni "
                           "chiffre.")
        if sid in seen:
            raise KPIError(f"Ligne {number} de la liste de la classe « {path} » : {name} est déjà à la ligne "
                           f"{seen[sid]}. Deux étudiants du même nom ? Ajoute l'initiale d'un second prénom à l'un "
                           "des deux.")
        seen[sid] = number
        folder = sid[:60].strip("-")
        while folder in {s.folder for s in students}:  # two long names alike up to the 60th letter
            folder = f"{folder[:56]}-{number}"
        students.append(Student(sid, name, folder, number))
    if not students:
        raise KPIError(f"La liste de la classe « {path} » n'a aucun étudiant sous la ligne des titres.")
    return students


# --- the report -------------------------------------------------------------------------------------


@dataclass
class Report:
    """What :func:`create` made, and what the teacher should know about it (``str()`` says it in French)."""

    out_dir: Path
    lesson: str
    title: str
    students: list[Student]
    questions: list[str]
    left_out: dict[str, str]
    identical: dict[str, str]  # question id: why its answer is the same for the whole class
    redrawn: dict[str, list[str]] = field(default_factory=dict)  # student id: the stories false on the first variant
    secret_file: Path | None = None
    secret_created: bool = False
    seconds: float = 0.0

    @property
    def devoir_file(self) -> Path:
        return self.out_dir / TEACHER / DEVOIR_FILE

    @property
    def handout(self) -> Path:
        return self.out_dir / HANDOUT

    def __str__(self) -> str:
        n = len(self.students)
        lines = [f"Devoirs créés : {self.title}, {n} étudiant{'s' if n > 1 else ''}, en "
                 f"{self.seconds:.1f} s".replace(".", ",") + ".",
                 f"- À distribuer : {self.handout} (un dossier par étudiant : son notebook et ses données).",
                 f"- À garder pour la correction, sans le distribuer : {self.devoir_file} et le secret "
                 f"{self.secret_file}" + (" (créé)" if self.secret_created else "") + ".",
                 f"- Questions du devoir : {', '.join(self.questions)}."]
        for qid, why in self.left_out.items():
            lines.append(f"- Question {qid} retirée du devoir : {why}.")
        if self.identical and set(self.identical) == set(self.questions):
            lines.append("- Attention : toutes les questions de ce devoir ont la même réponse pour toute la classe "
                         "(rien n'y dépend des données de chaque étudiant).")
        elif self.identical:
            lines.append("- Identiques pour toute la classe (la même réponse pour tous) : "
                         + " ; ".join(f"{qid} ({why})" for qid, why in self.identical.items()) + ".")
        for sid, stories in self.redrawn.items():
            name = next((s.name for s in self.students if s.id == sid), sid)
            lines.append(f"- {name} a reçu une autre variante des données : sur la première, l'énoncé ne tenait "
                         f"pas ({' ; '.join(stories)}).")
        return "\n".join(lines)


# --- one student ----------------------------------------------------------------------------------


def _make_one(job: dict) -> dict:
    """Write one student's variant and notebook into ``job["folder"]`` (run in a worker process)."""
    module = binding.module_of(job["lesson"])
    secret = bytes.fromhex(job["secret"])
    folder = Path(job["folder"])
    data = folder / DATA
    first_broken: list[str] = []
    for attempt in range(MAX_ATTEMPTS):
        files = variants.variant_bytes(seeds.student_seed(secret, job["id"], attempt), job["tables"])
        if files:
            variants.write_variant(files, data)
        with binding.on_data(data):
            broken = facts.story_broken(module)
            if not broken:
                figures = facts.compute(module)
                # a name to give (a channel, a segment) is often the same on many variants: say so
                labels = {q.id: str(q.expected()) for q in module.QUESTIONS
                          if q.kind == "label" and q.id not in job["left_out"]}
                break
        first_broken = first_broken or broken
    else:
        raise KPIError(f"Aucune variante des données ne convient à l'énoncé pour {job['name']} "
                       f"({' ; '.join(first_broken)}).")
    nb = notebook.devoir_notebook(module, student_name=job["name"], student_id=job["id"], token=job["token"],
                                  created=job["created"], figures=figures, course_figures=job["course_figures"],
                                  left_out=job["left_out"], devoir_id=job["devoir_id"], with_data=bool(job["tables"]))
    (folder / job["notebook"]).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return {"id": job["id"], "attempt": attempt, "broken": first_broken if attempt else [], "labels": labels}


def _pool(jobs: int):
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork") if "fork" in methods and sys.platform != "darwin" else None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)


def _run(jobs_list: list[dict], jobs: int | None) -> list[dict]:
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(jobs_list)))
    if jobs == 1 or len(jobs_list) < 4:
        return [_make_one(job) for job in jobs_list]
    with _pool(jobs) as pool:
        return list(pool.map(_make_one, jobs_list))


# --- the class ---------------------------------------------------------------------------------------


def _check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise KPIError(f"Le dossier « {out_dir} » existe déjà et n'est pas vide : choisis un autre dossier. Des devoirs "
                       "déjà créés ne sont jamais écrasés (leurs données dépendent du secret qui les a faits).")


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _identical(module, kept, results: list[dict]) -> dict[str, str]:
    found = {}
    for question in kept:
        if question.kind == "choice":
            found[question.id] = "QCM\u00a0: la même lettre pour tous"
        elif binding.same_for_everyone(question):
            found[question.id] = "calcul à la main sur les chiffres de l'énoncé"
        elif question.kind == "label" and len(results) > 1:
            names = {r["labels"][question.id] for r in results}
            if len(names) == 1:
                found[question.id] = f"«\u00a0{names.pop()}\u00a0» sur les données de chaque étudiant"
    return found


def _notebook_name(module, student: Student) -> str:
    return f"{module.LESSON.split('_', 1)[0]}_devoir_{student.folder}.ipynb"


def create(lesson: str, class_list_csv, out_dir, *, secret_file=None, jobs: int | None = None,
           today: datetime | None = None) -> Report:
    """Create the devoirs of ``lesson`` (``"05"``, ``"05_taux_de_retention"``, ``"10_cas"``…) for the students
    of ``class_list_csv`` in ``out_dir``, which must not exist or be empty.

    ``secret_file`` is the teacher's secret (created there when absent); by default a new secret is
    made in ``out_dir/enseignant/secret.txt``. ``jobs`` worker processes make the students' data
    (by default one per processor).
    """
    started = time.perf_counter()
    module = binding.module_of(lesson)
    students = read_class_list(class_list_csv)
    out_dir = Path(out_dir)
    _check_out_dir(out_dir)
    if secret_file is not None and _inside(Path(secret_file), out_dir / HANDOUT):
        raise KPIError(f"Le secret « {secret_file} » ne peut pas être dans le dossier à distribuer.")
    created = (today or datetime.now()).replace(microsecond=0)

    left_out = binding.left_out(module)
    kept = binding.kept(module)
    tables = binding.tables_of(module)
    course_figures = binding.course_figures(module)  # the texts the options were written with

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = out_dir.parent / f".{out_dir.name}.en-cours-{_secrets.token_hex(4)}"
    work.mkdir()
    try:
        secret_path = Path(secret_file) if secret_file is not None else out_dir / TEACHER / SECRET_FILE
        staged_secret = work / TEACHER / SECRET_FILE if secret_file is None else secret_path
        secret, secret_created = seeds.secret_for(staged_secret)
        devoir_id = _secrets.token_hex(8)
        jobs_list = []
        for student in students:
            folder = work / HANDOUT / student.folder
            folder.mkdir(parents=True)
            jobs_list.append({
                "lesson": module.LESSON, "secret": secret.hex(), "id": student.id, "name": student.name,
                "folder": str(folder), "notebook": _notebook_name(module, student), "tables": tables,
                "token": seeds.student_token(secret, student.id), "created": created.strftime("%d/%m/%Y"),
                "course_figures": course_figures, "left_out": left_out, "devoir_id": devoir_id,
            })
        results = {r["id"]: r for r in _run(jobs_list, jobs)}
        identical = _identical(module, kept, list(results.values()))
        description = {
            "format": FORMAT, "kind": "kpilab-devoir", "id": devoir_id,
            "lesson": module.LESSON, "module": module.__name__.rsplit(".", 1)[1], "title": _title(module),
            "created": created.isoformat(), "questions": [q.id for q in kept], "left_out": left_out,
            "identical": identical, "tables": list(tables),
            "secret": {"file": str(secret_path.resolve()) if secret_file is not None else SECRET_FILE,
                       "fingerprint": seeds.fingerprint(secret)},
            "students": [{**asdict(s), "notebook": _notebook_name(module, s), "token": job["token"],
                          "attempt": results[s.id]["attempt"]} for s, job in zip(students, jobs_list)],
        }
        (work / TEACHER).mkdir(exist_ok=True)
        (work / TEACHER / DEVOIR_FILE).write_text(json.dumps(description, ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")
        _check_out_dir(out_dir)
        if out_dir.exists():
            out_dir.rmdir()  # empty, checked just above
        os.replace(work, out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Report(out_dir, module.LESSON, _title(module), students, [q.id for q in kept], left_out, identical,
                  {sid: r["broken"] for sid, r in results.items() if r["broken"]},
                  secret_path, secret_created, time.perf_counter() - started)


def _title(module) -> str:
    """« leçon 05 (le taux de rétention) », from the module's docstring."""
    doc = (module.__doc__ or module.LESSON).strip().splitlines()[0].rstrip(".")
    return doc.replace("Exercices de la leçon", "leçon").replace(" — ", " : ", 1)
