"""The lessons' workbooks and "Dans un tableur" parts: one per lesson, committed, up to date, read as taught."""

from __future__ import annotations

import importlib
import io
import pkgutil
import re
from pathlib import Path

import nbformat
import openpyxl
import pytest

from kpilab import exercises, spreadsheet
from kpilab.exercises.engine import judge
from kpilab.spreadsheet import formula as f
from kpilab.spreadsheet.book import COLUMNS, INDICATORS
from kpilab.spreadsheet.cells import SheetError
from kpilab.spreadsheet.evaluate import evaluate
from kpilab.spreadsheet.names import FRENCH, NEWER
from kpilab.spreadsheet.xlsx import to_bytes

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb") if not p.name.startswith("00"))
BOOKS = list(spreadsheet.books().values())
SETS = sorted(m.name for m in pkgutil.iter_modules(exercises.__path__) if m.name.startswith("lecon"))
_STORED_CALL = re.compile(r"([A-Z][A-Z0-9._]*)\(")


def test_every_lesson_from_01_has_its_workbook():
    assert [book.lesson for book in BOOKS] == LESSONS


@pytest.mark.parametrize("book", BOOKS, ids=lambda b: b.lesson)
def test_the_committed_workbook_is_the_one_make_classeurs_writes(book):
    path = ROOT / "classeurs" / book.filename
    assert path.is_file(), f"{path.name} is missing: make classeurs"
    assert path.read_bytes() == to_bytes(book), f"{path.name} is stale: make classeurs"


@pytest.mark.parametrize("book", BOOKS, ids=lambda b: b.lesson)
def test_the_indicators_are_live_formulas_beside_kpilabs_value_and_the_typed_text(book):
    workbook = openpyxl.load_workbook(io.BytesIO(to_bytes(book)))
    assert workbook.sheetnames == [s.name for s in book.sheets] + [INDICATORS]
    assert workbook.active.title == INDICATORS
    sheet = workbook[INDICATORS]
    assert len(book.placed()) >= 4
    for placed in book.placed():
        result = sheet.cell(placed.row, COLUMNS["result"])
        assert result.data_type == "f" and result.value == f.english(f.parse(placed.french))
        assert sheet.cell(placed.row, COLUMNS["kpilab"]).data_type == "n"
        typed = sheet.cell(placed.row, COLUMNS["typed"])
        assert typed.data_type == "s" and typed.value == placed.french
        for name in _STORED_CALL.findall(result.value):  # English names, all of Excel 2007 and LibreOffice 7.4
            assert name in FRENCH and name not in NEWER, name
    for data in book.sheets:
        ws = workbook[data.name]
        assert [c.value for c in ws[1]] == [c.header for c in data.columns]
        assert ws.max_row == book.rows(data) <= 2001, "an extract, not a whole table"


@pytest.mark.parametrize("name", SETS)
def test_every_exercise_set_asks_for_one_spreadsheet_formula_at_least(name):
    module = importlib.import_module(f"kpilab.exercises.{name}")
    asked = [q for q in module.QUESTIONS if q.kind == "formula"]
    assert asked, f"{name} has no formula question"
    for question in asked:
        assert judge(question, question.expected_value()).correct
        assert question.id in getattr(module, "NOT_IN_DEVOIRS", {})
        for mistake in question.mistakes:  # each mistake is told apart from the right formula
            verdict = judge(question, mistake.wrong_value())
            assert not verdict.correct and verdict.message.startswith(mistake.message), mistake.message


def _part(path: Path) -> list:
    """The cells of a lesson's "Dans un tableur" part."""
    cells, inside = [], False
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            inside = cell.source.startswith("## Dans un tableur")
        if inside:
            cells.append(cell)
    return cells


@pytest.mark.parametrize("lesson", LESSONS)
def test_each_lesson_shows_its_workbook_and_every_formula_it_quotes_works_on_it(lesson):
    part = _part(ROOT / "notebooks" / f"{lesson}.ipynb")
    assert part, f"{lesson} has no « ## Dans un tableur » part"
    assert any(c.cell_type == "code" and "spreadsheet.show(" in c.source for c in part)
    text = "\n".join(c.source for c in part if c.cell_type == "markdown")
    assert f"classeurs/{lesson}.xlsx" in text
    book = spreadsheet.book(lesson)
    grid = book.grid()
    quoted = [q for q in re.findall(r"`(=[^`]+)`", text) if "…" not in q and "..." not in q]
    assert quoted, f"{lesson} quotes no formula"
    for typed in quoted:
        tree = f.parse(typed)  # French names, ; and , as taught
        values = [evaluate(tree, grid, sheet) for sheet in grid]
        assert any(not isinstance(v, SheetError) for v in values), f"{typed} gives {values[0]!r} on every sheet"
