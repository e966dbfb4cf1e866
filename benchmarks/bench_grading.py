"""Grading a class of 35: the bubblewrap sandbox against the same run without it.

Reference, measured in the same run: ``kpilab grade`` on the same 35
submissions with the fallback isolation (``KPILAB_ISOLATION=processus``: the
same worker, kernel, exports and marking, only without bubblewrap). The
sandboxed run must cost at most 1,2 × that (goal of the grading issue). Also
shown: plain nbclient executing the notebooks one after another (what a
teacher would do by hand with "Run All"), and the time for the class on the
machine's cores.

Run: .venv/bin/python benchmarks/bench_grading.py
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from kpilab.grading import grade_folder, sandbox

ROOT = Path(__file__).resolve().parents[1]
COUNT = 35


def make_class(folder: Path) -> list[Path]:
    """Thirty-five submissions of lesson 01: answer keys and untouched student versions, alternately."""
    key = (ROOT / "exercises" / "corriges" / "01_corrige_taux_de_reponse.ipynb").read_bytes()
    blank = (ROOT / "exercises" / "01_exercices_taux_de_reponse.ipynb").read_bytes()
    paths = []
    for i in range(COUNT):
        path = folder / f"etudiant_{i:02d}.ipynb"
        path.write_bytes(key if i % 2 == 0 else blank)
        paths.append(path)
    return paths


def plain_sequential(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def graded(folder: Path, out: Path, isolation: str | None, jobs: int | None = None):
    if isolation:
        os.environ[sandbox.ISOLATION_ENV] = isolation
    else:
        os.environ.pop(sandbox.ISOLATION_ENV, None)
    start = time.perf_counter()
    outcome = grade_folder(folder, out, progress=False, jobs=jobs, force=True)
    return time.perf_counter() - start, outcome


def main() -> None:
    os.environ.pop("KPILAB_STRICT", None)
    cores = os.cpu_count()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "copies"
        folder.mkdir()
        paths = make_class(folder)
        out = Path(tmp) / "notes.csv"
        # alternate, so that a slower moment of the machine does not fall on one side only
        fallback, sandboxed = [], []
        for _ in range(2):
            fallback.append(graded(folder, out, sandbox.PROCESS_GROUP)[0])
            seconds, outcome = graded(folder, out, None)
            sandboxed.append(seconds)
            assert outcome.isolation.level == sandbox.BUBBLEWRAP, "bubblewrap is needed: sudo apt install bubblewrap"
            assert sum(r.points for r in outcome.rows) == (COUNT + 1) // 2 * 6  # the answer keys, full marks
        reference = plain_sequential(paths)
    best_fallback, best_sandboxed = min(fallback), min(sandboxed)
    print(f"{COUNT} submissions of lesson 01, {cores} cores")
    print(f"plain nbclient, one after another        : {reference:6.1f} s ({reference / COUNT:.2f} s each)")
    print(f"kpilab grade without bubblewrap (reference): {best_fallback:6.1f} s (best of {len(fallback)})")
    print(f"kpilab grade in the bubblewrap sandbox    : {best_sandboxed:6.1f} s (best of {len(sandboxed)})  "
          f"ratio {best_sandboxed / best_fallback:.2f} (goal <= 1.2)")
    print(f"a class of {COUNT} on {cores} cores, sandboxed: {best_sandboxed / 60:.1f} min")


if __name__ == "__main__":
    main()
