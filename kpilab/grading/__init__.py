"""Grade a class's exercise notebooks into a gradebook, safely.

``python -m kpilab grade SUBMISSIONS --out notes.csv`` (or ``kpilab grade``)
runs each submitted notebook on a copy, in its own kernel, with time limits
(:mod:`kpilab.grading.runner`), marks the answers in this process against
values computed from pristine course data (:mod:`kpilab.grading.marking`),
and writes the gradebook, a feedback page per student and a class summary
(:mod:`kpilab.grading.reports`). Submissions are only ever read.

It protects the marks and the files, not the machine: the students' code runs
with the teacher's rights, as when the teacher opens their notebooks.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from kpilab.errors import KPIError
from kpilab.grading import marking, reports, runner

__all__ = ["grade_folder", "Outcome"]


@dataclass
class Outcome:
    """What a grading run produced."""

    gradebook: Path
    feedback_dir: Path
    rows: list[reports.Row]
    summary: str


def find_submissions(folder: Path) -> list[tuple[str, Path]]:
    """(student, path) for every .ipynb under ``folder``, subfolders included."""
    paths = sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts and p.is_file())
    per_folder = Counter(p.parent for p in paths)
    found = []
    for path in paths:
        relative = path.relative_to(folder)
        if path.parent != folder and per_folder[path.parent] == 1:
            student = relative.parent.as_posix()  # one notebook in the student's own folder
        else:
            student = relative.with_suffix("").as_posix()
        found.append((student, path))
    return found


def _lesson_name(value: str | None) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    second_set = re.fullmatch(r"(?:lecon)?(\d{1,2})[_-]([a-z]+)", text)  # 10_cas: the E7 case of lesson 10
    if second_set:
        return f"lecon{int(second_set.group(1)):02d}_{second_set.group(2)}"
    digits = re.sub(r"\D", "", text)
    if len(digits) not in (1, 2):
        raise KPIError(f"--lecon {value!r} : donne le numéro de la leçon, par exemple 01 (10_cas pour le sujet type E7).")
    return f"lecon{int(digits):02d}"


def _fingerprint(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def _grade_one(raw: bytes, names: list[str], data: dict[str, bytes], cell_timeout: float, notebook_timeout: float):
    return runner.run(raw, names, data, cell_timeout, notebook_timeout)


def _progress(done: int, total: int, label: str) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    bar = "█" * filled + "·" * (width - filled)
    end = "\n" if done == total or not sys.stderr.isatty() else ""
    sys.stderr.write(f"\r[{bar}] {done}/{total} {label[:40]:<40}{end}")
    sys.stderr.flush()


def _run_all(to_run, results, submissions, raws, names, data, jobs, cell_timeout, notebook_timeout, progress, done):
    """Run the submissions in parallel kernels, filling ``results`` as they finish."""
    # "spawn": a fresh interpreter per worker (forking a process that holds threads can deadlock)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {
            pool.submit(_grade_one, raws[i], names, data, cell_timeout, notebook_timeout): i for i in to_run
        }
        for future in as_completed(futures):
            i = futures[future]
            try:
                results[i] = future.result()
            except Exception as error:  # noqa: BLE001 — a worker that died is one row, not the class
                results[i] = runner.RunResult(runner.ERROR, notes=[type(error).__name__])
            done += 1
            if progress:
                _progress(done, len(submissions), submissions[i][0])


def grade_folder(folder, out, *, lesson: str | None = None, force: bool = False, jobs: int | None = None,
                 cell_timeout: float = 60, notebook_timeout: float = 300, progress: bool = True) -> Outcome:
    """Grade every notebook under ``folder`` into the gradebook ``out``."""
    from kpilab.datasets import DATA_DIR

    folder, out = Path(folder), Path(out)
    if not folder.is_dir():
        raise KPIError(f"Le dossier des copies « {folder} » n'existe pas.")
    submissions = find_submissions(folder)
    if not submissions:
        raise KPIError(f"Aucun notebook (.ipynb) dans « {folder} ».")
    raws = [path.read_bytes() for _, path in submissions]
    parsed = [runner.read_submission(raw) for raw in raws]
    detected = [marking.lesson_of(nb) if nb is not None else None for _, nb in parsed]
    lesson = _lesson_name(lesson) or (Counter(d for d in detected if d).most_common(1) or [(None, 0)])[0][0]
    if lesson is None:
        raise KPIError("Impossible de savoir de quelle leçon sont ces exercices : ajoute --lecon 01 (par exemple).")
    pristine = _fingerprint(DATA_DIR)
    questions = marking.prepare(lesson)  # expected values, before any student code runs
    names = marking.variables(questions)

    results: list[runner.RunResult | None] = [None] * len(submissions)
    to_run = []
    for i, ((status, nb), found) in enumerate(zip(parsed, detected)):
        if nb is None:
            results[i] = runner.RunResult(status)
        elif found is not None and found != lesson:
            results[i] = runner.RunResult(f"autre exercice ({found}), non corrigé")
        else:
            to_run.append(i)
    jobs = jobs or os.cpu_count() or 1
    done = len(submissions) - len(to_run)
    try:
        _run_all(to_run, results, submissions, raws, names, pristine, jobs, cell_timeout, notebook_timeout, progress, done)
    finally:
        if _fingerprint(DATA_DIR) != pristine:  # a notebook wrote into the course data: put it back
            for name, data in pristine.items():
                reports.write_atomically(DATA_DIR / name, data)

    rows = []
    for (student, path), result in zip(submissions, results):
        marked = marking.mark(questions, result.answers) if result.answers or result.status == runner.OK \
            else marking.not_run(questions, f"Carnet non exécuté : {result.status}.")
        notes = list(result.notes)
        if result.errors:
            notes.append(f"{result.errors} cellule(s) en erreur")
        rows.append(reports.Row(student, path.relative_to(folder).as_posix(), result.status, marked.verdicts, notes))

    ids = [q.id for q in questions]
    gradebook = reports.free_path(out, force)
    feedback_dir = reports.free_path(gradebook.with_name(f"{gradebook.stem}_retours"), force)
    reports.write_atomically(gradebook, reports.gradebook_csv(rows, ids))
    for row in rows:
        safe = re.sub(r"[^\w.-]+", "_", row.student)
        reports.write_atomically(feedback_dir / f"{safe}.html", reports.feedback_html(row, marking.title(lesson)))
    text, page = reports.summary(rows, ids)
    reports.write_atomically(feedback_dir / "synthese.html", page)
    return Outcome(gradebook, feedback_dir, rows, text)
