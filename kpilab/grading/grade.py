"""The grading run: read, check the reference, run in sandboxes, mark, write (see :mod:`kpilab.grading`)."""

from __future__ import annotations

import os
import re
import signal
import sys
import tempfile
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kpilab.errors import KPIError
from kpilab.grading import competences, marking, reference, reports, runner, sandbox, stub

__all__ = ["grade_folder", "Outcome"]


@dataclass
class Outcome:
    """What a grading run produced."""

    gradebook: Path
    feedback_dir: Path
    rows: list[reports.Row]
    summary: str
    isolation: sandbox.Isolation = sandbox.Isolation(sandbox.PROCESS_GROUP)
    competences: Path | None = None


MAX_SUBMISSION_BYTES = 50 * 2**20
TOO_BIG = "fichier trop gros (plus de 50 Mo), non corrigé"


def find_submissions(folder: Path) -> list[tuple[str, Path]]:
    """(student, path) for every .ipynb under ``folder``, subfolders included (links too: see :func:`_read`)."""
    paths = sorted(p for p in folder.rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts and (p.is_file() or p.is_symlink()))
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


def _read(path: Path, folder: Path) -> tuple[bytes | None, str | None]:
    """A submission's bytes, or why it is not read: a link leading out of the folder, a huge file."""
    try:
        target = path.resolve()
        if folder.resolve() not in target.parents:
            return None, runner.SYMLINK_OUT
        if not target.is_file():
            return None, runner.NOT_A_NOTEBOOK
        if target.stat().st_size > MAX_SUBMISSION_BYTES:
            return None, TOO_BIG
        return target.read_bytes(), None
    except OSError:
        return None, runner.NOT_A_NOTEBOOK


def _exercise_stubs(folder: Path) -> tuple[tuple[Path, Path], ...]:
    """Every exercise module and the solutions, replaced by what the sandbox shows (:mod:`stub`)."""
    package = Path(marking.__file__).resolve().parents[1] / "exercises"
    replaced = []
    for module in sorted(package.glob("lecon*.py")):
        shown = folder / module.name
        shown.write_text(stub.source(module.stem), encoding="utf-8")
        replaced.append((module, shown))
    empty = folder / "solutions.json"
    empty.write_text("{}", encoding="utf-8")
    replaced.append((package / "solutions.json", empty))
    return tuple(replaced)


def _hidden(submissions: Path, out: Path, devoir=None) -> tuple[Path, ...]:
    """What the copies' code must not see: the class's copies, the gradebook's folder, the course's
    repository (answer keys, tests), the teacher's home, a devoir's folder and secret. The Python it
    needs stays visible."""
    candidates = [submissions, out.parent, reference.ROOT, Path.home()]
    if devoir is not None:
        secret = Path(devoir.description["secret"]["file"])
        candidates += [devoir.path.parent, devoir.path.parent.parent,
                       (secret if secret.is_absolute() else devoir.path.parent / secret).parent]
    return tuple(p for p in candidates if p.exists() and p.resolve() != Path("/"))


@contextmanager
def _interruptible():
    """SIGTERM and SIGHUP stop the grader as Ctrl+C does: the clean-up then runs."""
    def stop(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None:
                previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _progress(done: int, total: int, label: str) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    bar = "█" * filled + "·" * (width - filled)
    end = "\n" if done == total or not sys.stderr.isatty() else ""
    sys.stderr.write(f"\r[{bar}] {done}/{total} {label[:40]:<40}{end}")
    sys.stderr.flush()


def _run_all(to_run, results, submissions, raws, names, datas, settings, jobs, progress, done):
    """Run the submissions in parallel sandboxes (each on its data), filling ``results`` as they finish."""
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = {pool.submit(runner.run, raws[i], names, datas[i], settings): i for i in to_run}
        for future in as_completed(futures):
            i = futures[future]
            try:
                results[i] = future.result()
            except Exception as error:  # noqa: BLE001 — a run that failed is one row, not the class
                results[i] = runner.RunResult(runner.ERROR, notes=[type(error).__name__])
            done += 1
            if progress:
                _progress(done, len(submissions), submissions[i][0])
    finally:
        sandbox.LIVE.kill_all()  # on an interruption: every sandbox still running stops now
        pool.shutdown(wait=True, cancel_futures=True)


def _check_out(out: Path) -> None:
    if out.is_dir():
        raise KPIError(f"--out « {out} » est un dossier : donne le nom du carnet de notes à écrire, "
                       f"par exemple {out / 'notes.csv'}.")
    if out.suffix.lower() != ".csv":
        raise KPIError(f"--out « {out} » : le carnet de notes est un fichier CSV, par exemple notes.csv.")


@dataclass
class _Graded:
    rows: list[reports.Row]
    questions: tuple
    lesson: str
    isolation: sandbox.Isolation


def _grade(submissions, folder: Path, lesson, *, jobs, cell_timeout, notebook_timeout, progress, memory_bytes,
           hidden: tuple[Path, ...], devoir=None) -> _Graded:
    """Read, detect the lesson, run in sandboxes and mark: one row per submission, whatever the files.

    With a ``devoir`` (:class:`kpilab.devoirs.grading.Devoir`), each copy runs on its student's own data
    and is marked against that student's expected values, both recomputed from the teacher's secret.
    """
    from kpilab.datasets import DATA_DIR

    reference.verify()  # before anything a student wrote runs, or is even parsed
    chosen = _lesson_name(lesson) if devoir is None else devoir.description["module"]
    read = [_read(path, folder) for _, path in submissions]
    raws = [raw or b"" for raw, _ in read]
    parsed = [runner.read_submission(raw) if why is None else (why, None) for raw, why in read]
    detected = [marking.lesson_of(nb) if nb is not None else None for _, nb in parsed]
    lesson = chosen or (Counter(d for d in detected if d).most_common(1) or [(None, 0)])[0][0]
    if lesson is None:
        raise KPIError("Impossible de savoir de quelle leçon sont ces exercices : ajoute --lecon 01 (par exemple).")
    try:
        questions = marking.prepare(lesson) if devoir is None else devoir.questions  # before any student code
    except ModuleNotFoundError:
        raise KPIError(f"La leçon « {lesson} » n'a pas d'exercices. Vérifie --lecon.") from None
    names = marking.variables(questions)
    isolation = sandbox.detect()
    if progress:
        print(isolation, flush=True)
    pristine = _fingerprint(DATA_DIR)
    own = [(questions, pristine, [])] * len(submissions)  # (questions, data, notes) of each copy
    if devoir is not None:
        devoir.prepare(jobs=jobs)  # every student's data and expected values, before any student code
        own = [devoir.for_notebook(nb, submitted_as=student)[1:] if nb is not None else (questions, {}, [])
               for (student, _), (_, nb) in zip(submissions, parsed)]
    with tempfile.TemporaryDirectory(prefix="kpilab-correction-") as private:
        settings = runner.Settings(
            cell_timeout=cell_timeout, notebook_timeout=notebook_timeout, isolation=isolation,
            hidden=hidden, replaced=_exercise_stubs(Path(private)), memory_bytes=memory_bytes,
        )
        results: list[runner.RunResult | None] = [None] * len(submissions)
        to_run = []
        for i, ((status, nb), found) in enumerate(zip(parsed, detected)):
            if nb is None:
                results[i] = runner.RunResult(status)
            elif devoir is not None and not own[i][0]:  # not a copy of this devoir's students
                results[i] = runner.RunResult("copie hors de ce devoir, non corrigée")
            elif devoir is None and chosen is None and found is not None and found != lesson:
                results[i] = runner.RunResult(f"autre exercice ({found}), non corrigé (sinon : --lecon)")
            else:
                to_run.append(i)
        try:
            _run_all(to_run, results, submissions, raws, names, [data for _, data, _ in own], settings,
                     jobs or os.cpu_count() or 1, progress, len(submissions) - len(to_run))
        finally:
            if _fingerprint(DATA_DIR) != pristine:  # without a sandbox a notebook can write there
                for name, data in pristine.items():
                    reports.write_atomically(DATA_DIR / name, data)

    rows = []
    pages = reports.page_names([student for student, _ in submissions])
    for (student, path), result, (_, nb), page, (marked_by, _, devoir_notes) in zip(
            submissions, results, parsed, pages, own):
        marked_by = marked_by or questions
        marked = marking.mark(marked_by, result.answers) if result.answers or result.status == runner.OK \
            else marking.not_run(marked_by, f"Carnet non exécuté : {result.status}.")
        notes = list(devoir_notes) + list(result.notes)
        if result.errors:
            notes.append(f"{result.errors} cellule(s) en erreur")
        if nb is not None:
            notes += marking.shortcuts(nb)
        rows.append(reports.Row(student, path.relative_to(folder).as_posix(), result.status, marked.verdicts, notes,
                                page=page, grid=competences.grid(marked_by, marked.verdicts)))
    return _Graded(rows, questions, lesson, isolation)


def grade_folder(folder, out, *, lesson: str | None = None, force: bool = False, jobs: int | None = None,
                 cell_timeout: float = 60, notebook_timeout: float = 300, progress: bool = True,
                 memory_bytes: int = runner.MEMORY_BYTES, devoir=None) -> Outcome:
    """Grade every notebook under ``folder`` into the gradebook ``out``.

    ``devoir``: the ``devoir.json`` of a devoir (``kpilab devoir``): each copy is then marked on its
    student's own data.
    """
    folder, out = Path(folder), Path(out)
    if not folder.is_dir():
        raise KPIError(f"Le dossier des copies « {folder} » n'existe pas.")
    _check_out(out)
    submissions = find_submissions(folder)
    if not submissions:
        raise KPIError(f"Aucun notebook (.ipynb) dans « {folder} ».")
    if devoir is not None:
        from kpilab.devoirs.grading import open_devoir

        devoir = open_devoir(devoir)
    with _interruptible():
        return _grade_into(submissions, folder, out, lesson=lesson, force=force, jobs=jobs, cell_timeout=cell_timeout,
                           notebook_timeout=notebook_timeout, progress=progress, memory_bytes=memory_bytes,
                           devoir=devoir)


def _grade_into(submissions, folder, out, *, lesson, force, jobs, cell_timeout, notebook_timeout, progress,
                memory_bytes, devoir) -> Outcome:
    gradebook, made_book = reports.reserve(out, force)  # nothing written during the run can take it
    feedback_dir, made_dir = reports.reserve_folder(gradebook.with_name(f"{gradebook.stem}_retours"), force)
    finished = False
    try:
        graded = _grade(submissions, folder, lesson, jobs=jobs, cell_timeout=cell_timeout,
                        notebook_timeout=notebook_timeout, progress=progress, memory_bytes=memory_bytes,
                        hidden=_hidden(folder, gradebook, devoir), devoir=devoir)
        outcome = _write(graded, gradebook, feedback_dir)
        finished = True
        return outcome
    finally:
        if not finished:  # interrupted or refused: nothing of this run stays behind
            if made_book and gradebook.exists() and gradebook.stat().st_size == 0:
                gradebook.unlink()
            if made_dir and feedback_dir.is_dir() and not any(feedback_dir.iterdir()):
                feedback_dir.rmdir()


def verify_copy(path, *, lesson: str | None = None, cell_timeout: float = 60, notebook_timeout: float = 300,
                memory_bytes: int = runner.MEMORY_BYTES) -> tuple[reports.Row, sandbox.Isolation]:
    """Run one student copy as the grader does (same sandbox) and give its row; writes nothing."""
    path = Path(path)
    if not path.is_file() and not path.is_symlink():
        raise KPIError(f"La copie « {path} » n'existe pas.")
    if path.suffix != ".ipynb":
        raise KPIError(f"« {path} » n'est pas un notebook (.ipynb).")
    with _interruptible():
        graded = _grade([(path.stem, path)], path.parent, lesson, jobs=1, cell_timeout=cell_timeout,
                        notebook_timeout=notebook_timeout, progress=False, memory_bytes=memory_bytes,
                        hidden=_hidden(path.parent, path))
    return graded.rows[0], graded.isolation


def _write(graded: _Graded, gradebook: Path, feedback_dir: Path) -> Outcome:
    rows, ids = graded.rows, [q.id for q in graded.questions]
    reports.write_atomically(gradebook, reports.gradebook_csv(rows, ids))
    grid = feedback_dir / "competences.csv"
    reports.write_atomically(grid, reports.competences_csv(rows, competences.header(graded.questions)))
    for row in rows:
        reports.write_atomically(feedback_dir / row.page, reports.feedback_html(row, marking.title(graded.lesson)))
    text, page = reports.summary(rows, ids, str(graded.isolation))
    reports.write_atomically(feedback_dir / "synthese.html", page)
    return Outcome(gradebook, feedback_dir, rows, text, graded.isolation, grid)
