"""The lessons' workbooks recalculated by LibreOffice itself: every formula cell equals kpilab.

LibreOffice Calc (Debian's ``libreoffice-calc-nogui``, installed by tests/system_packages.py when
missing and root) opens each committed workbook of ``classeurs/`` headless, computes its formulas
and saves it with their values. Each formula cell of the file must then be one the lesson declares,
and hold kpilab's value for the same KPI: within a cent for euros, 0,01 point for a percentage.
The formula engine of the exercises (kpilab.spreadsheet.evaluate) must find LibreOffice's values too.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import openpyxl
import pytest

from kpilab import spreadsheet
from kpilab.spreadsheet.book import COLUMNS, INDICATORS
from kpilab.spreadsheet.cells import SheetError
import system_packages

ROOT = Path(__file__).resolve().parents[1]
BOOKS = list(spreadsheet.books().values())
# How close LibreOffice's value must be to kpilab's, by kind (a percentage is a fraction in its cell).
TOLERANCE = {"percent": 1e-4}
CENT = 0.01


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """{file name: (workbook as written, workbook with LibreOffice's values)}, and the time it took."""
    system_packages.require("soffice", "libreoffice-calc-nogui")
    work = tmp_path_factory.mktemp("libreoffice")
    paths = [str(ROOT / "classeurs" / book.filename) for book in BOOKS]
    start = time.perf_counter()
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{work}/profil", "--headless", "--calc",
         "--convert-to", "xlsx", "--outdir", str(work / "recalcule"), *paths],
        capture_output=True, text=True, timeout=600, env={**os.environ, "HOME": str(work)})
    seconds = time.perf_counter() - start
    assert done.returncode == 0, done.stderr[-2000:]
    complaints = [line for line in (done.stdout + done.stderr).splitlines()
                  if re.search(r"warn|error|erreur", line, re.I) and "javaldx" not in line]  # no Java: not needed
    assert not complaints, complaints
    found = {}
    for book in BOOKS:
        target = work / "recalcule" / book.filename
        assert target.is_file(), f"LibreOffice did not convert {book.filename}: {done.stdout[-500:]} {done.stderr[-500:]}"
        found[book.filename] = (openpyxl.load_workbook(ROOT / "classeurs" / book.filename),
                                openpyxl.load_workbook(target, data_only=True))
    print(f"\nLibreOffice recalculated {len(BOOKS)} workbooks in {seconds:.1f} s")
    return found


def _close(got, want, kind) -> bool:
    return isinstance(got, int | float) and not isinstance(got, bool) and abs(got - want) <= TOLERANCE.get(kind, CENT)


@pytest.mark.parametrize("book", BOOKS, ids=lambda b: b.lesson)
def test_every_formula_cell_recalculated_by_libreoffice_equals_kpilab(book, recalculated):
    written, computed = recalculated[book.filename]
    expected = {}  # (sheet, row, col) → (kpilab's value, kind, what)
    for placed in book.placed():
        expected[(INDICATORS, placed.row, COLUMNS["result"])] = (placed.kpilab_value(), placed.indicator.kind,
                                                                 placed.indicator.label)
    for sheet in book.sheets:
        frame = book.frame(sheet)
        for col, column in enumerate(sheet.columns, start=1):
            if column.formula:
                scale = 0.01 if column.kind == "percent" else 1.0
                for row, value in enumerate(column.value(frame).tolist(), start=2):
                    expected[(sheet.name, row, col)] = (float(value) * scale, column.kind, f"{column.header} ligne {row}")
    formula_cells = [(ws.title, cell.row, cell.column) for ws in written.worksheets for row in ws.iter_rows()
                     for cell in row if cell.data_type == "f"]
    assert formula_cells, f"{book.filename} holds no formula"
    unknown = [cell for cell in formula_cells if cell not in expected]
    assert not unknown, f"formula cells without kpilab's value to compare with: {unknown[:5]}"
    assert len(formula_cells) == len(expected) == book.formula_cells
    wrong = []
    for (sheet, row, col), (want, kind, what) in expected.items():
        got = computed[sheet].cell(row, col).value
        if not _close(got, want, kind):
            wrong.append(f"{sheet}!{openpyxl.utils.get_column_letter(col)}{row} ({what}): LibreOffice {got!r}, kpilab {want!r}")
    assert not wrong, "\n".join(wrong[:10])


@pytest.mark.parametrize("book", BOOKS, ids=lambda b: b.lesson)
def test_the_exercises_formula_engine_finds_what_libreoffice_finds(book, recalculated):
    _, computed = recalculated[book.filename]
    grid = book.grid()
    wrong = []
    for sheet, cells in grid.items():
        for (col, row), mine in cells.items():
            theirs = computed[sheet].cell(row, col).value
            if isinstance(mine, SheetError) or isinstance(theirs, str) and theirs.startswith("#"):
                wrong.append(f"{sheet} {col},{row}: {mine!r} / {theirs!r}")
            elif isinstance(mine, float) and not (isinstance(theirs, int | float)
                                                  and abs(mine - theirs) <= 1e-9 * max(1.0, abs(theirs))):
                if not _date_cell(theirs, mine):
                    wrong.append(f"{sheet} {col},{row}: {mine!r} / {theirs!r}")
    assert not wrong, "\n".join(wrong[:10])


def _date_cell(theirs, mine) -> bool:
    """A date cell: LibreOffice gives a datetime, the engine its day number."""
    from kpilab.spreadsheet.cells import serial

    return hasattr(theirs, "year") and abs(serial(theirs) - mine) < 1e-9
