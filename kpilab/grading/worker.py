"""Run one instrumented notebook: the process inside the sandbox.

``python -P kpilab/grading/worker.py FOLDER`` (a script: it imports nbclient, not kpilab) reads ``FOLDER/requete.json``
(written by :mod:`kpilab.grading.runner`), sets the resource limits, which
the kernel and everything it starts inherit, runs the notebook in a fresh
kernel with nbclient, and prints the outcome as one JSON line after a random
marker on its standard output. The answers themselves are in the file the
notebook's hidden cells wrote.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

MAX_OUTPUT_BYTES = 2_000_000  # per submission; beyond, outputs are dropped


def _limit(memory_bytes: int, file_bytes: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no resource limits
        return
    for which, value in ((resource.RLIMIT_AS, memory_bytes), (resource.RLIMIT_FSIZE, file_bytes),
                         (resource.RLIMIT_CORE, 0)):
        if value:
            try:
                resource.setrlimit(which, (value, value))
            except (ValueError, OSError):
                pass


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


def execute(folder: Path, request: dict) -> dict:
    """Run ``folder/request["notebook"]``; the outcome as plain data (status key, errors, truncated)."""
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    work = nbformat.read(folder / request["notebook"], as_version=4)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KPILAB_")}
    env.update(request.get("env", {}))
    client = _client_class()(
        work, kernel_name="python3", timeout=request["cell_timeout"], allow_errors=True, record_timing=False,
        resources={"metadata": {"path": str(folder)}}, store_widget_state=False,
    )
    timed_out = threading.Event()

    def stop():
        # Kill the kernel from this thread; nbclient then sees a dead kernel.
        timed_out.set()
        process = getattr(getattr(client.km, "provisioner", None), "process", None)
        if process is not None:
            process.kill()

    watchdog = threading.Timer(request["notebook_timeout"], stop)
    watchdog.start()
    status = "ok"
    try:
        # the kernel's own start-up warnings would clutter the teacher's terminal
        client.execute(env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except CellTimeoutError:
        status = "cell_timeout"
    except DeadKernelError:
        status = "notebook_timeout" if timed_out.is_set() else "kernel_died"
    except Exception:  # noqa: BLE001 — the kernel may fail to answer once killed
        status = "notebook_timeout" if timed_out.is_set() else "kernel_died"
    finally:
        watchdog.cancel()
        process = getattr(getattr(client.km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            process.kill()
    errors = sum(1 for cell in work.cells for out in cell.get("outputs", []) if out.get("output_type") == "error")
    return {"status": status, "errors": errors, "truncated": bool(client.truncated)}


def main(argv: list[str]) -> int:
    folder = Path(argv[0])
    request = json.loads((folder / "requete.json").read_text(encoding="utf-8"))
    (folder / "requete.json").unlink()  # the notebook does not need to read it
    _limit(request.get("memory_bytes", 0), request.get("file_bytes", 0))
    try:
        outcome = execute(folder, request)
    except Exception as error:  # noqa: BLE001 — reported as the grader's own error
        outcome = {"status": "error", "note": f"{type(error).__name__}: {str(error)[:200]}"}
    sys.stdout.write(request["marker"] + json.dumps(outcome) + "\n")
    sys.stdout.flush()
    os._exit(0)  # no exit hooks: nbclient's would try to talk to a kernel already gone


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
