"""Generate the student exercise notebooks from the answer keys.

``python -m kpilab.exercises.build`` (``make exercises``) reads every answer
key in ``exercises/corriges/`` and writes:

- the parts of the key's markdown that come from the questions' data
  (:func:`fill_generated`): the rules of the answers (tolerances) in the
  instructions, the competence of the référentiel under each question's
  heading, the options of each multiple-choice question with their letters.
  Each sits between ``<!-- kpilab:NAME -->`` and ``<!-- /kpilab:NAME -->``;
  and the figures of the course data that a statement quotes, each between
  ``<!-- kpilab:fait NAME -->`` and ``<!-- /kpilab:fait -->``, computed by the
  module's ``FACTS`` (:mod:`kpilab.exercises.facts`);
- the student version in ``exercises/`` (``NN_exercices_<slug>.ipynb`` from the key
  ``NN_corrige_<slug>.ipynb``), where each region
  between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes
  ``variable = ...  # à compléter`` for each variable the question asks for,
  and the figures' marks are taken out (their text stays);
- ``kpilab/exercises/solutions.json``, the solution code of each question,
  shown by ``qN.solution()``.

A question's solution region sits in the cell that ends with ``qN.check()``;
its markdown cell starts with ``## Question N``. The steps are small
functions chained in :func:`student_version`, in the manner of nbgrader's
preprocessors. With ``--check``, nothing is written and the exit code says
whether the generated files are up to date.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import pkgutil
import re
import sys
from pathlib import Path

import nbformat

from kpilab.exercises import choices, facts, tolerance
from kpilab.exercises.solutions import PATH as SOLUTIONS_PATH

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "exercises" / "corriges"
STUDENTS = ROOT / "exercises"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
_REGION = re.compile(rf"^[ \t]*{re.escape(BEGIN)}[^\n]*\n(.*?)^[ \t]*{re.escape(END)}[^\n]*\n?", re.S | re.M)
_CHECK = re.compile(r"^(q\d+)\.check\(\)", re.M)
_HEADING = re.compile(r"^## Question (\d+)\b[^\n]*$", re.M)
_KEY_NAME = re.compile(r"^(\d\d)_corrige_(\w+)\.ipynb$")


class BuildError(ValueError):
    """An answer key that does not follow the format."""


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


def question_modules() -> dict[str, object]:
    """{lesson id: its question module} for every ``leconNN`` module (``leconNN_<name>`` for a second set of a lesson, e.g. ``lecon10_cas``)."""
    import kpilab.exercises

    found = {}
    for info in pkgutil.iter_modules(kpilab.exercises.__path__):
        if re.fullmatch(r"lecon\d\d(?:_[a-z]+)?", info.name):
            module = importlib.import_module(f"kpilab.exercises.{info.name}")
            found[module.LESSON] = module
    return found


# --- the generated parts of the markdown ------------------------------------------------


def block(name: str, content: str) -> str:
    return f"<!-- kpilab:{name} -->\n{content}\n<!-- /kpilab:{name} -->"


def fill_block(text: str, name: str, content: str) -> str:
    """``text`` with the block ``name`` holding ``content``; a BuildError when the block is missing."""
    pattern = re.compile(rf"<!-- kpilab:{name} -->\n.*?<!-- /kpilab:{name} -->", re.S)
    if not pattern.search(text):
        raise BuildError(f"the block <!-- kpilab:{name} --> is missing from:\n{text}")
    return pattern.sub(lambda _: block(name, content), text, count=1)


def _kinds(module) -> set[str]:
    kinds = {q.kind for q in module.QUESTIONS}
    return kinds | ({"text"} if any(q.justification for q in module.QUESTIONS) else set())


def instructions(module) -> str:
    """The rules of the answers of one exercise notebook (markdown)."""
    return ("**Comment écrire tes réponses** (c'est ce que la vérification accepte) :\n"
            f"{tolerance.instructions(_kinds(module))}\n"
            "- Garde les étapes de ton calcul sans les arrondir : seul le résultat peut l'être.")


def competence_text(question) -> str:
    return f"*{question.competence_line}*"


def fill_generated(nb, module, figures: dict[str, str] | None = None, options=None):
    """Write into the key's markdown what comes from the questions' data.

    ``figures`` are the texts of the module's ``FACTS`` (computed on the data read now when not
    given); ``options`` ``{question id: options}`` replaces a QCM's options (a devoir's, with the
    student's figures).
    """
    questions = {q.id: q for q in module.QUESTIONS}
    marked = {name for cell in nb.cells if cell.cell_type == "markdown" for name in facts.names(cell.source)}
    unknown = marked - set(getattr(module, "FACTS", {}))
    if unknown:
        raise BuildError(f"{module.LESSON}: facts marked in the key but not in FACTS: {sorted(unknown)}")
    if figures is None:
        figures = facts.compute(module) if marked else {}
    seen = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        source = cell.source
        if "<!-- kpilab:consignes -->" in source:
            source = fill_block(source, "consignes", instructions(module))
        heading = _HEADING.search(source)
        if heading:
            question = questions.get(f"q{heading.group(1)}")
            if question is None:
                raise BuildError(f"{module.LESSON}: no question q{heading.group(1)} for:\n{source}")
            seen.append(question.id)
            source = fill_block(source, "competence", competence_text(question))
            if question.kind == "choice":
                shown = question.letters
                if options and question.id in options:
                    shown = choices.layout(question.lesson, question.id, options[question.id])
                source = fill_block(source, "options", choices.markdown(shown))
            elif "<!-- kpilab:options -->" in source:
                raise BuildError(f"{module.LESSON} {question.id}: options for a question that is no QCM")
        cell.source = facts.fill(source, figures)
    if sorted(seen) != sorted(questions):
        raise BuildError(f"{module.LESSON}: headings {seen} do not match the questions {sorted(questions)}")
    return nb


# --- the student version -----------------------------------------------------------------


def assigned_names(code: str) -> list[str]:
    """The top-level variables a solution assigns, in order (the student's answers)."""
    names: list[str] = []
    for node in ast.parse(code).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            if isinstance(target, ast.Name) and target.id not in names:
                names.append(target.id)
    return names


def _stub(solution: str, asked: tuple[str, ...] = ()) -> str:
    names = assigned_names(solution)
    if not names:
        raise BuildError(f"a solution region assigns no variable:\n{solution}")
    answers = [name for name in asked if name in names] or names[-1:]  # else: the last one is the answer
    return "".join(f"{answer} = ...  # à compléter\n" for answer in answers)


def clear_solutions(nb, module=None):
    questions = {q.id: q for q in module.QUESTIONS} if module is not None else {}
    for cell in nb.cells:
        if cell.cell_type == "code" and BEGIN in cell.source:
            checked = _CHECK.findall(cell.source)
            asked = questions[checked[0]].variables if checked and checked[0] in questions else ()
            cell.source = _REGION.sub(lambda m: _stub(m.group(1), asked), cell.source)
            if BEGIN in cell.source or END in cell.source:
                raise BuildError(f"unbalanced solution markers in:\n{cell.source}")
    return nb


def strip_facts(nb, module=None):
    """The figures' marks out of the markdown: their text stays (the practice notebook reads as before)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = facts.strip(cell.source)
    return nb


def clear_outputs(nb, module=None):
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def tidy_metadata(nb, module=None):
    for cell in nb.cells:
        for key in ("execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
    nb.metadata.pop("widgets", None)
    return nb


def student_version(nb, module=None):
    """The chain of steps from an answer key to the student's notebook."""
    for step in (clear_solutions, strip_facts, clear_outputs, tidy_metadata):
        nb = step(nb, module)
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


def _write(path: Path, text: str, stale: list[Path], check_only: bool) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        stale.append(path)
        if not check_only:
            path.write_text(text, encoding="utf-8")


def build(check_only: bool = False) -> list[Path]:
    """Write (or, with check_only, list) the generated files that are out of date."""
    stale: list[Path] = []
    solutions: dict[str, dict[str, str]] = {}
    modules = question_modules()
    for key in sorted(KEYS.glob("*.ipynb")):
        lesson = lesson_of_key(key)
        if lesson not in modules:
            raise BuildError(f"no question module (kpilab/exercises/leconNN.py) for {key.name}")
        nb = fill_generated(nbformat.read(key, as_version=4), modules[lesson])
        _write(key, nbformat.writes(nb) + "\n", stale, check_only)
        solutions[lesson] = extract_solutions(nb)
        _write(student_path(lesson), nbformat.writes(student_version(nb, modules[lesson])) + "\n", stale, check_only)
    _write(SOLUTIONS_PATH, json.dumps(solutions, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
           stale, check_only)
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
