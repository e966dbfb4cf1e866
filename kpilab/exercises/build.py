"""Generate the student exercise notebooks from the answer keys.

``python -m kpilab.exercises.build`` (``make exercises``) reads every answer
key in ``exercises/corriges/`` and writes:

- the student version in ``exercises/`` (``NN_exercices_<slug>.ipynb`` from the key
  ``NN_corrige_<slug>.ipynb``), where each region
  between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes
  ``variable = ...  # à compléter`` for each variable the solution assigns;
- ``kpilab/exercises/solutions.json``, the solution code of each question,
  shown by ``qN.solution()``.

A question's solution region sits in the cell that ends with ``qN.check()``.
The steps are small functions chained in :func:`student_version`, in the
manner of nbgrader's preprocessors. With ``--check``, nothing is written and
the exit code says whether the generated files are up to date.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path

import nbformat

from kpilab.exercises.solutions import PATH as SOLUTIONS_PATH

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "exercises" / "corriges"
STUDENTS = ROOT / "exercises"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
_REGION = re.compile(rf"^[ \t]*{re.escape(BEGIN)}[^\n]*\n(.*?)^[ \t]*{re.escape(END)}[^\n]*\n?", re.S | re.M)
_CHECK = re.compile(r"^(q\d+)\.check\(\)", re.M)


_KEY_NAME = re.compile(r"^(\d\d)_corrige_(\w+)\.ipynb$")


def lesson_of_key(path: Path) -> str:
    """The lesson id of an answer key: ``01_corrige_taux_de_reponse.ipynb`` → ``01_taux_de_reponse``."""
    found = _KEY_NAME.match(Path(path).name)
    if not found:
        raise BuildError(f"an answer key must be named NN_corrige_<slug>.ipynb: {path}")
    return f"{found.group(1)}_{found.group(2)}"


def key_path(lesson: str) -> Path:
    """The answer key of a lesson (teachers only): ``exercises/corriges/01_corrige_taux_de_reponse.ipynb``."""
    number, slug = lesson.split("_", 1)
    return KEYS / f"{number}_corrige_{slug}.ipynb"


def student_path(lesson: str) -> Path:
    """The student's exercise notebook of a lesson: ``exercises/01_exercices_taux_de_reponse.ipynb``.

    Lesson, exercises and answer key never share a file name, so their tabs
    in JupyterLab read differently.
    """
    number, slug = lesson.split("_", 1)
    return STUDENTS / f"{number}_exercices_{slug}.ipynb"


class BuildError(ValueError):
    """An answer key that does not follow the format."""


def assigned_names(code: str) -> list[str]:
    """The top-level variables a solution assigns, in order (the student's answers)."""
    names: list[str] = []
    for node in ast.parse(code).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            if isinstance(target, ast.Name) and target.id not in names:
                names.append(target.id)
    return names


def _stub(solution: str) -> str:
    names = assigned_names(solution)
    if not names:
        raise BuildError(f"a solution region assigns no variable:\n{solution}")
    answer = names[-1]  # the last assignment is the answer; the others are steps
    return f"{answer} = ...  # à compléter\n"


def clear_solutions(nb):
    for cell in nb.cells:
        if cell.cell_type == "code" and BEGIN in cell.source:
            cell.source = _REGION.sub(lambda m: _stub(m.group(1)), cell.source)
            if BEGIN in cell.source or END in cell.source:
                raise BuildError(f"unbalanced solution markers in:\n{cell.source}")
    return nb


def clear_outputs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def tidy_metadata(nb):
    for cell in nb.cells:
        for key in ("execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
    nb.metadata.pop("widgets", None)
    return nb


def student_version(nb):
    """The chain of steps from an answer key to the student's notebook."""
    for step in (clear_solutions, clear_outputs, tidy_metadata):
        nb = step(nb)
    return nb


def extract_solutions(nb) -> dict[str, str]:
    """{"q1": "solution code", …} from the cells that end with qN.check()."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or BEGIN not in cell.source:
            continue
        checks = _CHECK.findall(cell.source)
        if len(checks) != 1:
            raise BuildError(f"a solution cell must end with exactly one qN.check():\n{cell.source}")
        found[checks[0]] = "".join(_REGION.findall(cell.source)).strip()
    return found


def build(check_only: bool = False) -> list[Path]:
    """Write (or, with check_only, list) the generated files that are out of date."""
    stale: list[Path] = []
    solutions: dict[str, dict[str, str]] = {}
    for key in sorted(KEYS.glob("*.ipynb")):
        lesson = lesson_of_key(key)
        nb = nbformat.read(key, as_version=4)
        solutions[lesson] = extract_solutions(nb)
        text = nbformat.writes(student_version(nb)) + "\n"
        target = student_path(lesson)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            stale.append(target)
            if not check_only:
                target.write_text(text, encoding="utf-8")
    text = json.dumps(solutions, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if not SOLUTIONS_PATH.exists() or SOLUTIONS_PATH.read_text(encoding="utf-8") != text:
        stale.append(SOLUTIONS_PATH)
        if not check_only:
            SOLUTIONS_PATH.write_text(text, encoding="utf-8")
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the student exercise notebooks.")
    parser.add_argument("--check", action="store_true", help="only say whether the files are up to date")
    args = parser.parse_args(argv)
    stale = build(check_only=args.check)
    for path in stale:
        print(f"{'à régénérer' if args.check else 'écrit'} : {path.relative_to(ROOT)}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
