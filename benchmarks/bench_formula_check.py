"""How long a spreadsheet-formula question takes to check, against the engine without its caches.

A formula question (``kind="formula"``) is judged on the lesson's workbook and on three variants
of its data, at the cell and at every cell it is copied to (kpilab/exercises/formula.py). The
first check of a process builds those four grids; later checks only compute formulas on them.
Two shortcuts make this fast, and the reference is the same work without them, in this run:

- building a grid, a computed column's formula is parsed on rows 2 and 3 and, when row 3 is
  row 2 copied down, copied to the other rows (``Book.column_trees``); the reference writes and
  parses every row's formula (what ``Book.grid`` did before);
- checking, the ranges read on a grid and the cells meeting a criterion are kept
  (``evaluate(..., areas)``, ``Area.masks``); the reference reads and tests them again for
  every formula (``areas=None``, fresh areas).

Both ways must give the same values on every cell and the same verdicts, or the benchmark
stops. For each lesson it prints the median of ``--runs`` runs: the four grids, and a wrong
answer's check (the student's formula, the expected one and the declared mistakes, at every
copy, on the four grids). Goal: a later check ≤ 1 s on every lesson, and no shortcut slower
than its reference (beyond the machine's noise, 25 %).

Run: ``.venv/bin/python benchmarks/bench_formula_check.py [--sets 06 01] [--runs 3]``.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import statistics
import sys
import time
from unittest import mock

from kpilab import exercises, spreadsheet
from kpilab.exercises import formula as checking
from kpilab.exercises.engine import judge
from kpilab.spreadsheet import evaluate as engine
from kpilab.spreadsheet import formula as parsing

GOAL_LATER_S = 1.0
# A lesson with few computed cells does the same work both ways: its ratio is the machine's noise
# (seen here: 0.8 to 1.2 on lesson 07, 13 formula cells). Slower than this means slower.
NOISE = 1.25


def _slow_grid(book, frames=None) -> dict:
    """Book.grid with every computed row's formula written and parsed (the reference)."""
    def every_row(self, sheet, column, count):
        return [parsing.parse(self.column_formula(sheet, column, row)) for row in range(2, count + 2)]

    with mock.patch.object(type(book), "column_trees", every_row):
        return book.grid(frames)


def _grids(lesson: str, slow: bool) -> list:
    book = spreadsheet.book(lesson)
    build = (lambda frames=None: _slow_grid(book, frames)) if slow else book.grid
    return [build()] + [build(checking._variant(book, seed)) for seed in range(checking.VARIANTS)]


def _questions() -> dict[str, object]:
    """Every exercise set's formula question, by set: ``{"01": q7, …, "10_cas": q7, …}``."""
    found = {}
    for info in pkgutil.iter_modules(exercises.__path__):
        if info.name.startswith("lecon"):
            module = importlib.import_module(f"kpilab.exercises.{info.name}")
            for question in getattr(module, "QUESTIONS", ()):
                if question.kind == "formula":
                    found[info.name.removeprefix("lecon")] = question
    return dict(sorted(found.items()))


def _wrong(question) -> str:
    """A wrong answer: the expected formula with its $ removed, or divided by 2 when it has none."""
    expected = question.expected_value()
    return expected.replace("$", "") if "$" in expected else f"({expected.lstrip('=')})/2"


def _check(question, answer: str, cached: bool):
    checking._AREAS.clear()
    if not cached:
        saved = engine.evaluate
        checking.evaluate = lambda tree, grid, sheet, areas=None: saved(tree, grid, sheet, None)
    try:
        judge(question, question.expected_value())  # an earlier check: the caches under test fill up
        start = time.perf_counter()
        verdict = judge(question, answer)
        return time.perf_counter() - start, verdict
    finally:
        checking.evaluate = engine.evaluate


def _values(grids) -> list:
    return [sorted((sheet, key, repr(value)) for sheet, cells in grid.items() for key, value in cells.items())
            for grid in grids]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=None, help="exercise sets (01 … 11, 10_cas); default: all")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    print(f"Formula questions: median of {args.runs} runs (s). Grids: the workbook and "
          f"{checking.VARIANTS} variants. Check: a wrong answer, at every copy, on every grid.")
    print(f"{'set':>6} {'grids':>8} {'ref.':>8} {'ratio':>6} | {'check':>7} {'ref.':>7} {'ratio':>6}")
    worst_later, slower = 0.0, []
    questions = _questions()
    for name in args.sets or questions:
        question = questions[name]
        lesson = question.where.lesson
        for slow in (False, True):  # warm-up, not timed: the CSV extracts are read, the lesson's module loaded
            _grids(lesson, slow)
        build, fast_grids = {True: [], False: []}, None
        for _ in range(args.runs):
            for slow in (False, True):
                start = time.perf_counter()
                grids = _grids(lesson, slow)
                build[slow].append(time.perf_counter() - start)
                if slow:
                    if _values(grids) != _values(fast_grids):
                        print(f"lesson {lesson}: the two ways of building the grids differ", file=sys.stderr)
                        return 2
                else:
                    fast_grids = grids
        checking._GRIDS[lesson] = fast_grids
        answer = _wrong(question)
        for cached in (True, False):  # warm-up, not timed
            _check(question, answer, cached)
        check = {True: [], False: []}
        for _ in range(args.runs):
            for cached in (True, False):
                seconds, verdict = _check(question, answer, cached)
                check[cached].append(seconds)
                if cached:
                    reference_verdict = verdict
                elif (verdict.correct, verdict.message) != (reference_verdict.correct, reference_verdict.message):
                    print(f"lesson {lesson}: the verdicts differ with and without the caches", file=sys.stderr)
                    return 2
        grids_s, grids_ref = statistics.median(build[False]), statistics.median(build[True])
        check_s, check_ref = statistics.median(check[True]), statistics.median(check[False])
        worst_later = max(worst_later, check_s)
        if grids_s > grids_ref * NOISE or check_s > check_ref * NOISE:
            slower.append(name)
        print(f"{name:>6} {grids_s:8.2f} {grids_ref:8.2f} {grids_ref / grids_s:5.1f}× | "
              f"{check_s:7.3f} {check_ref:7.3f} {check_ref / check_s:5.1f}×")
    met = worst_later <= GOAL_LATER_S and not slower
    print(f"Slowest later check: {worst_later:.3f} s (goal <= {GOAL_LATER_S:g} s); "
          f"shortcuts slower than their reference: {', '.join(slower) or 'none'} — {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
