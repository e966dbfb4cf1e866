"""Grading 30 submissions against plainly executing the same 30 notebooks.

Reference, measured in the same run: nbclient executes the 30 notebooks one
after another (what a teacher would do by hand with "Run All"). The grader
adds copies, hidden answer exports after each cell and marking, and runs
kernels in parallel on the available cores.

Run: .venv/bin/python benchmarks/bench_grading.py
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from kpilab.grading import grade_folder

ROOT = Path(__file__).resolve().parents[1]
COUNT = 30


def make_class(folder: Path) -> list[Path]:
    """Thirty submissions of lesson 01: answer keys and untouched student versions, alternately."""
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


def main() -> None:
    os.environ.pop("KPILAB_STRICT", None)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "copies"
        folder.mkdir()
        paths = make_class(folder)
        reference = plain_sequential(paths)
        start = time.perf_counter()
        outcome = grade_folder(folder, Path(tmp) / "notes.csv", progress=False)
        parallel = time.perf_counter() - start
        start = time.perf_counter()
        grade_folder(folder, Path(tmp) / "notes.csv", progress=False, jobs=1)
        sequential = time.perf_counter() - start
    assert sum(r.points for r in outcome.rows) == COUNT // 2 * 6  # 15 full answer keys
    cores = os.cpu_count()
    print(f"{COUNT} submissions, {cores} cores")
    print(f"reference: plain nbclient, one after another : {reference:6.1f} s ({reference / COUNT:.2f} s each)")
    print(f"kpilab grade, 1 kernel at a time              : {sequential:6.1f} s  ratio {sequential / reference:.2f}")
    print(f"kpilab grade, {cores} kernels in parallel          : {parallel:6.1f} s  ratio {parallel / reference:.2f}")


if __name__ == "__main__":
    main()
