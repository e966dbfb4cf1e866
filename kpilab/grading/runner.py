"""Run one submitted notebook in a sandbox and take its answers out as data.

The submission is read once (its bytes are never written to), parsed, and
run from a copy in a private folder, with a private copy of the course data,
by :mod:`kpilab.grading.worker` inside the sandbox of :mod:`kpilab.grading.sandbox`.
After every code cell a hidden cell writes the answer variables to a JSON
file in their plain-data form (:func:`kpilab.exercises.answers.to_data`, the
form ``check()`` judges too), so that the answers given before a crash still
count. The marks are computed later, in the grader's own process
(:mod:`kpilab.grading.marking`).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from kpilab.grading import sandbox

# Statuses, in French: they go into the gradebook as they are.
OK = "corrigé"
EMPTY = "fichier vide"
INVALID_JSON = "fichier illisible (JSON invalide)"
NOT_A_NOTEBOOK = "ce n'est pas un notebook Jupyter"
CELL_TIMEOUT = "temps dépassé dans une cellule (boucle infinie ?)"
NOTEBOOK_TIMEOUT = "temps total dépassé"
KERNEL_DIED = "le notebook s'est arrêté brutalement (plantage ou os._exit)"
TOO_MUCH_OUTPUT = "sorties trop longues (coupées)"
ERROR = "erreur du correcteur"

@dataclass
class RunResult:
    """What running a submission gave: a status, notes, and the raw answers."""

    status: str
    answers: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    errors: int = 0  # cells that raised an error


# The first hidden cell binds the export before any student code runs.
_EXPORT = """
def __kpilab_export(names, path, __to_data=__import__("kpilab.exercises.answers", fromlist=["to_data"]).to_data):
    import json
    namespace = globals()
    out = {}
    for name in names:
        if name in namespace:
            try:
                out[name] = __to_data(namespace[name])
            except Exception:
                out[name] = {"pytype": "illisible"}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(out, handle)
"""


MEMORY_BYTES = 3 * 2**30  # address space of a submission's worker and kernel (pandas maps a lot)
FILE_BYTES = 200 * 2**20  # largest file a submission may write
STARTUP_SECONDS = 60  # beyond the notebook's time limit: starting the sandbox, the kernel, the client
MAX_NESTING = 200  # a notebook's JSON is a few levels deep; far deeper is an attack on the parser
SYMLINK_OUT = "lien symbolique vers un fichier hors du dossier des copies, non corrigé"


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep(text: str) -> bool:
    """Whether brackets nest beyond MAX_NESTING (outside strings), checked before parsing."""
    depth = 0
    for bracket in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_NESTING:
            return True
    return False


def read_submission(raw: bytes) -> tuple[str, nbformat.NotebookNode | None]:
    """Parse the bytes of a submission; a status when they are not a notebook. Never raises."""
    try:
        return _read_submission(raw)
    except Exception:  # noqa: BLE001 — a damaged file is a status, not a crash
        return NOT_A_NOTEBOOK, None


def _read_submission(raw: bytes) -> tuple[str, nbformat.NotebookNode | None]:
    if not raw.strip():
        return EMPTY, None
    try:
        text = raw.decode("utf-8-sig")
        if _too_deep(text):
            return INVALID_JSON, None
        data = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return INVALID_JSON, None
    if not isinstance(data, dict):
        return NOT_A_NOTEBOOK, None
    if data.get("nbformat") == 3 and isinstance(data.get("worksheets"), list):  # an old notebook
        data = nbformat.convert(nbformat.from_dict(data), 4)
    if not isinstance(data.get("cells"), list):
        return NOT_A_NOTEBOOK, None
    nb = nbformat.from_dict(data)
    cells = []
    for cell in nb.cells:
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(part for part in source if isinstance(part, str))
        cell.source = source if isinstance(source, str) else ""
        cell.setdefault("metadata", {})
        if not isinstance(cell.get("cell_type"), str):
            cell.cell_type = "raw"
        cells.append(cell)
    nb.cells = cells
    return OK, nb


def instrumented(nb: nbformat.NotebookNode, names: list[str], answers_path: Path) -> nbformat.NotebookNode:
    """The student's code cells, each followed by a hidden export of the answers."""
    export = f"__kpilab_export({names!r}, {str(answers_path)!r})"
    cells = [nbformat.v4.new_code_cell(_EXPORT)]
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cells.append(nbformat.v4.new_code_cell(cell.source))
            cells.append(nbformat.v4.new_code_cell(export))
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


@dataclass(frozen=True)
class Settings:
    """How every submission of a run is run: limits, isolation and what the sandbox hides."""

    cell_timeout: float = 60
    notebook_timeout: float = 300
    isolation: sandbox.Isolation = sandbox.Isolation(sandbox.PROCESS_GROUP)
    hidden: tuple[Path, ...] = ()
    replaced: tuple[tuple[Path, Path], ...] = ()  # (file, the file shown in its place)
    memory_bytes: int = MEMORY_BYTES
    file_bytes: int = FILE_BYTES


_STATUSES = {"ok": OK, "cell_timeout": CELL_TIMEOUT, "notebook_timeout": NOTEBOOK_TIMEOUT,
             "kernel_died": KERNEL_DIED, "error": ERROR}


def run(raw: bytes, names: list[str], data: dict[str, bytes], settings: Settings) -> RunResult:
    """Run a submission's bytes in the sandbox; never raises.

    ``data`` holds the course data files (name → bytes), read by the grader
    before any submission ran: each run gets its own fresh copy, so one
    notebook that writes into the data cannot change what another one reads.
    """
    status, nb = read_submission(raw)
    if nb is None:
        return RunResult(status)
    try:
        return _run_notebook(nb, names, data, settings)
    except Exception as error:  # noqa: BLE001 — one submission never stops the class
        return RunResult(ERROR, notes=[f"{type(error).__name__}: {str(error)[:200]}"])


def _run_notebook(nb, names, data, settings: Settings) -> RunResult:
    folder = Path(tempfile.mkdtemp(prefix="kpilab-copie-"))
    try:
        data_copy = folder / "donnees"
        data_copy.mkdir()
        for name, content in data.items():
            (data_copy / name).write_bytes(content)
        answers_path = folder / f"reponses-{secrets.token_hex(8)}.json"
        nbformat.write(instrumented(nb, names, answers_path), folder / "copie.ipynb")
        marker = f"@@kpilab-{secrets.token_hex(12)}@@"
        request = {
            "notebook": "copie.ipynb", "cell_timeout": settings.cell_timeout,
            "notebook_timeout": settings.notebook_timeout, "memory_bytes": settings.memory_bytes,
            "file_bytes": settings.file_bytes, "marker": marker,
            "env": {"KPILAB_DATA_DIR": str(data_copy)},
        }
        (folder / "requete.json").write_text(json.dumps(request), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("KPILAB_")}
        # inside the sandbox only the folder is writable: Jupyter's, IPython's, matplotlib's and the
        # temporary files (the kernel's connection file) go there, on disk rather than in memory
        env.update({"HOME": str(folder / "maison"), "JUPYTER_RUNTIME_DIR": str(folder / "jupyter"),
                    "IPYTHONDIR": str(folder / "ipython"), "MPLCONFIGDIR": str(folder / "matplotlib"),
                    "TMPDIR": str(folder / "tmp"),
                    "PYTHONDONTWRITEBYTECODE": "1"})
        for name in ("maison", "jupyter", "ipython", "matplotlib", "tmp"):
            (folder / name).mkdir()
        code, out = sandbox.run(
            # run as a script (-P: without its folder on sys.path): the worker needs nbclient, not kpilab
            [sys.executable, "-P", str(Path(__file__).with_name("worker.py")), str(folder)], folder,
            isolation=settings.isolation, hidden=list(settings.hidden), replaced=dict(settings.replaced), env=env,
            timeout=settings.notebook_timeout + STARTUP_SECONDS,
        )
        outcome = _outcome(out, marker)
        if code is None:
            outcome = {"status": "notebook_timeout"}
        result = RunResult(_STATUSES.get(outcome.get("status"), KERNEL_DIED))
        if outcome.get("note"):
            result.notes.append(str(outcome["note"]))
        errors = outcome.get("errors", 0)
        result.errors = errors if isinstance(errors, int) and not isinstance(errors, bool) and errors >= 0 else 0
        if outcome.get("truncated") is True:
            result.notes.append(TOO_MUCH_OUTPUT)
        result.answers = _answers(answers_path)
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _outcome(out: str, marker: str) -> dict:
    for line in reversed(out.splitlines()):
        if line.startswith(marker):
            try:
                found = json.loads(line[len(marker):])
            except ValueError:
                return {}
            return found if isinstance(found, dict) else {}
    return {}  # the worker died before saying anything


def _answers(path: Path) -> dict:
    """The answers file, whatever a student's code made of it: a dict of plain data, or nothing."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > 5_000_000:
            return {}
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError, UnicodeDecodeError):
        return {}
    return found if isinstance(found, dict) else {}
