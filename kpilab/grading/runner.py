"""Run one submitted notebook safely and take its answers out as data.

The submission is read once (its bytes are never written to), parsed, and
run from a copy in a temporary folder, in a fresh kernel that reads a
private copy of the course data. After every code cell a hidden cell writes
the answer variables to a JSON file as plain data (numbers, text, durations
in days, small tables), so that the answers given before a crash still count. The marks
are computed later, in the grader's own process (:mod:`kpilab.grading.marking`).
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

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

MAX_OUTPUT_BYTES = 2_000_000  # per submission; beyond, outputs are dropped


@dataclass
class RunResult:
    """What running a submission gave: a status, notes, and the raw answers."""

    status: str
    answers: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    errors: int = 0  # cells that raised an error


_EXPORT = '''
def __kpilab_encode(value, depth=0):
    import numbers
    if value is None:
        return {"type": "none"}
    if value is Ellipsis:
        return {"type": "ellipsis"}
    if isinstance(value, bool):
        return {"type": "other", "pytype": "bool"}
    if isinstance(value, str):
        return {"type": "text", "value": value[:500]}
    if hasattr(value, "total_seconds") or getattr(getattr(value, "dtype", None), "kind", "") == "m" and getattr(value, "ndim", 1) == 0:
        import datetime
        seconds = value.total_seconds() if hasattr(value, "total_seconds") else value / datetime.timedelta(seconds=1)
        seconds = float(seconds)
        return {"type": "duration", "days": seconds / 86400 if seconds == seconds else None}
    if isinstance(value, numbers.Real) or type(value).__module__ == "numpy" and hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        number = float(value)
        return {"type": "number", "value": number if number == number and abs(number) != float("inf") else None}
    if depth == 0 and type(value).__name__ in ("Series", "DataFrame", "ndarray", "list", "tuple", "Index"):
        items = list(value.to_numpy().ravel()) if hasattr(value, "to_numpy") else list(value)
        if len(items) <= 60:
            return {"type": "table", "values": [__kpilab_encode(v, 1) for v in items]}
    return {"type": "other", "pytype": type(value).__name__[:40]}


def __kpilab_export(names, path):
    import json
    namespace = globals()
    out = {}
    for name in names:
        if name not in namespace:
            out[name] = {"type": "missing"}
            continue
        try:
            out[name] = __kpilab_encode(namespace[name])
        except Exception:
            out[name] = {"type": "other", "pytype": "illisible"}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(out, handle)
'''


def read_submission(raw: bytes) -> tuple[str, nbformat.NotebookNode | None]:
    """Parse the bytes of a submission; a status when they are not a notebook."""
    if not raw.strip():
        return EMPTY, None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return INVALID_JSON, None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return NOT_A_NOTEBOOK, None
    try:
        nb = nbformat.from_dict(data)
        if nb.get("nbformat", 4) < 4:
            nb = nbformat.convert(nb, 4)
        for cell in nb.cells:
            if not isinstance(cell.get("source", ""), str):
                cell.source = "".join(cell.get("source", []))
            cell.setdefault("metadata", {})
        return OK, nb
    except Exception:  # noqa: BLE001 — a damaged notebook is a status, not a crash
        return NOT_A_NOTEBOOK, None


def instrumented(nb: nbformat.NotebookNode, names: list[str], answers_path: Path) -> nbformat.NotebookNode:
    """The student's code cells, each followed by a hidden export of the answers."""
    export = f"__kpilab_export({names!r}, {str(answers_path)!r})"
    cells = [nbformat.v4.new_code_cell(_EXPORT)]
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cells.append(nbformat.v4.new_code_cell(cell.source))
            cells.append(nbformat.v4.new_code_cell(export))
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def _client_class():
    from nbclient import NotebookClient

    class BoundedClient(NotebookClient):
        """A client that keeps at most MAX_OUTPUT_BYTES of outputs."""

        output_bytes = 0
        truncated = False

        def output(self, outs, msg, display_id, cell_index):
            self.output_bytes += len(json.dumps(msg.get("content", {}), default=str))
            if self.output_bytes > MAX_OUTPUT_BYTES:
                self.truncated = True
                return None
            return super().output(outs, msg, display_id, cell_index)

    return BoundedClient


def run(raw: bytes, names: list[str], data: dict[str, bytes], cell_timeout: float, notebook_timeout: float) -> RunResult:
    """Run a submission's bytes; never raises.

    ``data`` holds the course data files (name → bytes), read by the grader
    before any submission ran: each kernel gets its own fresh copy, so one
    notebook that writes into the data cannot change what another one reads.
    """
    status, nb = read_submission(raw)
    if nb is None:
        return RunResult(status)
    try:
        return _run_notebook(nb, names, data, cell_timeout, notebook_timeout)
    except Exception as error:  # noqa: BLE001 — one submission never stops the class
        return RunResult(ERROR, notes=[f"{type(error).__name__}: {str(error)[:200]}"])


def _run_notebook(nb, names, data, cell_timeout, notebook_timeout) -> RunResult:
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    with tempfile.TemporaryDirectory(prefix="kpilab-copie-") as tmp:
        folder = Path(tmp)
        data_copy = folder / "donnees"
        data_copy.mkdir()
        for name, content in data.items():
            (data_copy / name).write_bytes(content)
        answers_path = folder / f"reponses-{secrets.token_hex(8)}.json"
        work = instrumented(nb, names, answers_path)
        env = {k: v for k, v in os.environ.items() if not k.startswith("KPILAB_")}
        env["KPILAB_DATA_DIR"] = str(data_copy)
        # nbclient starts its own (asynchronous) kernel manager, in the copy's folder
        client = _client_class()(
            work, kernel_name="python3", timeout=cell_timeout, allow_errors=True, record_timing=False,
            resources={"metadata": {"path": str(folder)}}, store_widget_state=False,
        )
        timed_out = threading.Event()

        def stop():
            # Kill the kernel process from this thread; nbclient then sees a dead kernel.
            timed_out.set()
            process = getattr(getattr(client.km, "provisioner", None), "process", None)
            if process is not None:
                process.kill()

        watchdog = threading.Timer(notebook_timeout, stop)
        watchdog.start()
        status = OK
        try:
            # the kernel's own start-up warnings would clutter the teacher's terminal
            client.execute(env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except CellTimeoutError:
            status = CELL_TIMEOUT
        except DeadKernelError:
            status = NOTEBOOK_TIMEOUT if timed_out.is_set() else KERNEL_DIED
        except Exception:  # noqa: BLE001 — the kernel may fail to answer once killed
            status = NOTEBOOK_TIMEOUT if timed_out.is_set() else KERNEL_DIED
        finally:
            watchdog.cancel()
            atexit.unregister(client._cleanup_kernel)  # nbclient's own exit hook would complain later
            process = getattr(getattr(client.km, "provisioner", None), "process", None)
            if process is not None and process.poll() is None:
                process.kill()
        result = RunResult(status)
        result.errors = sum(
            1 for cell in work.cells for out in cell.get("outputs", []) if out.get("output_type") == "error"
        )
        if client.truncated:
            result.notes.append(TOO_MUCH_OUTPUT)
        try:
            result.answers = json.loads(answers_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            result.answers = {}
        return result
