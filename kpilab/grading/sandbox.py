"""Where a submission's code runs: a bubblewrap sandbox, or the best the OS gives.

On Linux with bubblewrap (Debian package ``bubblewrap``), a submission runs
inside ``bwrap``: the whole system read-only, one private writable folder
(the copy and its data), a private ``/tmp``, no network, no capabilities,
its own process namespace (everything it started dies with it), and the
teacher's own folders hidden (the copies of the class, the gradebook, the
answer keys, the secret of a devoir, the home folder).

Without bubblewrap (macOS, Windows, Linux without user namespaces), it runs
as a process group that is killed at the end, with the same resource limits
where the OS has them. :func:`detect` says which isolation is used; the
grader prints it and writes it into the class summary.

The resource limits (memory, file size) are set by the process that runs the
notebook (:mod:`kpilab.grading.worker`) before the kernel starts: the kernel
and its children inherit them and cannot raise them.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Isolation", "detect", "run", "BUBBLEWRAP", "PROCESS_GROUP", "NONE", "ISOLATION_ENV"]

BUBBLEWRAP, PROCESS_GROUP, NONE = "bubblewrap", "processus", "aucune"
ISOLATION_ENV = "KPILAB_ISOLATION"  # "processus" forces the fallback (tests, benchmarks)

_DESCRIPTIONS = {
    BUBBLEWRAP: "bac à sable bubblewrap (système en lecture seule, réseau coupé, processus isolés, "
                "mémoire limitée)",
    PROCESS_GROUP: "groupe de processus arrêté à la fin, mémoire limitée ; sans bac à sable "
                   "(bubblewrap absent : sudo apt install bubblewrap) : le code des copies peut lire et "
                   "écrire les fichiers de l'enseignant",
    NONE: "aucune isolation (Windows) : le code des copies s'exécute avec les droits de l'enseignant",
}


@dataclass(frozen=True)
class Isolation:
    """The isolation a grading run uses, with its French description."""

    level: str

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self.level]

    def __str__(self) -> str:
        return f"Isolation des copies : {self.description}."


def _bwrap_base() -> list[str]:
    return ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
            "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]


_WORKS: list[bool] = []  # remembered once bubblewrap worked (it may be installed while a process runs)


def _bwrap_works() -> bool:
    if _WORKS:
        return True
    if shutil.which("bwrap") is None:
        return False
    try:
        done = subprocess.run([*_bwrap_base(), "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    if done.returncode == 0:
        _WORKS.append(True)
    return done.returncode == 0


def detect() -> Isolation:
    """The best isolation this machine gives (``KPILAB_ISOLATION=processus`` forces the fallback)."""
    if os.name != "posix":
        return Isolation(NONE)
    if os.environ.get(ISOLATION_ENV, "").strip().lower() == PROCESS_GROUP:
        return Isolation(PROCESS_GROUP)
    return Isolation(BUBBLEWRAP if _bwrap_works() else PROCESS_GROUP)


def _under(path: Path, folders) -> bool:
    return any(path == f or f in path.parents for f in folders)


def needed_paths() -> set[Path]:
    """What the Python that runs the notebook needs to see: its prefixes and kpilab's folder."""
    return {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), Path(__file__).resolve().parents[1]}


def bwrap_command(argv: list[str], writable: Path, hidden: list[Path], replaced: dict[Path, Path] | None = None) -> list[str]:
    """``argv`` inside bubblewrap: ``writable`` the only writable folder, ``hidden`` masked.

    A hidden folder shows as an empty folder, a hidden file as an empty
    file; ``replaced`` maps a file to the file shown in its place. The Python
    that runs the notebook (its prefixes and the kpilab package) stays visible
    even inside a hidden folder (a venv in the home, a repository hidden for
    its answer keys). Mounts go from the shallowest path to the deepest: a
    later, deeper mount wins.
    """
    writable = writable.resolve()
    hidden = [p.resolve() for p in hidden if p.exists()]
    steps = []
    for path in hidden:
        steps.append((path, ["--tmpfs", str(path)] if path.is_dir() else ["--ro-bind", "/dev/null", str(path)]))
    for path in needed_paths():  # /tmp is a fresh tmpfs: a course or a venv in /tmp is shown again too
        if path.exists() and _under(path, [h for h in hidden if h != path] + [Path("/tmp")]):
            steps.append((path, ["--ro-bind", str(path), str(path)]))
    for target, source in (replaced or {}).items():
        steps.append((Path(target).resolve(), ["--ro-bind", str(Path(source).resolve()), str(Path(target).resolve())]))
    command = _bwrap_base()
    for _, mount in sorted(steps, key=lambda step: len(step[0].parts)):
        command += mount
    command += ["--bind", str(writable), str(writable), "--chdir", str(writable), "--"]
    return command + list(argv)


class _Live:
    """The process groups started and not yet reaped: killed on an interruption."""

    def __init__(self):
        self.lock = threading.Lock()
        self.processes: set[subprocess.Popen] = set()

    def add(self, process):
        with self.lock:
            self.processes.add(process)

    def discard(self, process):
        with self.lock:
            self.processes.discard(process)

    def kill_all(self):
        with self.lock:
            for process in list(self.processes):
                _kill(process)


LIVE = _Live()


def _kill(process: subprocess.Popen) -> None:
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)  # the group: the kernel and what it started
        else:
            process.kill()
    except (ProcessLookupError, PermissionError, OSError):
        pass


def run(argv: list[str], writable: Path, *, isolation: Isolation, env: dict, timeout: float,
        hidden: list[Path] = (), replaced: dict[Path, Path] | None = None) -> tuple[int | None, str]:
    """Run ``argv`` under ``isolation``; (return code or None when killed at ``timeout``, stdout).

    ``hidden`` and ``replaced`` are applied by bubblewrap only (:func:`bwrap_command`).
    """
    if isolation.level == BUBBLEWRAP:
        command = bwrap_command(argv, writable, list(hidden), replaced)
    else:
        command = list(argv)
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, env=env, cwd=writable,
                               start_new_session=os.name == "posix")
    LIVE.add(process)
    try:
        try:
            out, _ = process.communicate(timeout=timeout)
            code = process.returncode
        except subprocess.TimeoutExpired:
            _kill(process)
            out, _ = process.communicate()
            code = None
    finally:
        _kill(process)  # whatever the worker left behind in its group
        LIVE.discard(process)
    return code, out.decode("utf-8", errors="replace")
