"""A lesson's workbook, declared as data: its data sheets and its indicators, each with its formula.

A :class:`Book` is what ``make classeurs`` writes to ``classeurs/`` (:mod:`kpilab.spreadsheet.xlsx`),
what the lesson's "Dans un tableur" part shows (:mod:`kpilab.spreadsheet.display`) and what the
formula questions of the exercises are checked on (:mod:`kpilab.exercises.formula`): one
declaration, one story.

- A :class:`Sheet` holds one extract of the course data, one :class:`Column` per field, headers in
  row 1 and one row per record from row 2. A column may be computed by a formula instead (a
  formula for row 2, copied down), with kpilab's values for it.
- The sheet ``Indicateurs`` lists :class:`Block` s of :class:`Indicator` s, one per row: the label
  (column A), a criterion (B), the formula (C: the spreadsheet computes it), kpilab's value (D), the
  formula as text, as one types it (E), and what to remember (F).

Formulas are written in French, with placeholders for the cells:

- ``{reponses}``: the column ``reponses`` of its data sheet, as a range (``Campagnes!F2:F25``);
  ``{$reponses}`` the same with absolute references (``Campagnes!$F$2:$F$25``), for a formula
  that is copied down;
- ``{campagne_id:reponses}``: the data of the columns from ``campagne_id`` to ``reponses``
  (the table of a RECHERCHEV);
- ``{reponses#}``: the cell of that column on the same row (computed columns);
- ``{cle}``: the criterion of the indicator's row (``B8``);
- ``{=name}``: the result of the indicator called ``name`` (``C6``).

A percentage is computed as a fraction and shown with the % format (``=F26/E26`` shows 2,93 %);
its kpilab value is the lesson's number (2.93), written as 0.0293 beside it. A change of a rate in
points is a difference × 100, shown ``+1,64 pt`` (a % format would show « 1,64 % »).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from kpilab.spreadsheet import formula as _formula
from kpilab.spreadsheet.evaluate import evaluate, serial

__all__ = ["Column", "Sheet", "Indicator", "Block", "Book", "KINDS", "INDICATORS", "FIRST_ROW", "COLUMNS"]

# How a value of each kind is shown (xlsx number formats; French Excel shows , and spaces).
KINDS = ("text", "count", "number", "euros", "percent", "points", "days", "ratio", "date")
INDICATORS = "Indicateurs"
FIRST_ROW = 6  # the first row of the indicators' blocks on the sheet Indicateurs
# The columns of the sheet Indicateurs.
COLUMNS = {"label": 1, "key": 2, "result": 3, "kpilab": 4, "typed": 5, "note": 6}
_PLACEHOLDER = re.compile(r"\{(\$?)([A-Za-z_]\w*)(?::(\w+))?(#?)\}|\{=(\w+)\}")


@dataclass(frozen=True)
class Column:
    """One column of a data sheet: the field's name in formulas, its French header, its kind."""

    field: str
    header: str
    kind: str = "number"
    source: str | None = None  # the DataFrame's column (default: field)
    formula: str | None = None  # a computed column: the French formula of row 2, copied down
    value: Callable[[pd.DataFrame], pd.Series] | None = None  # kpilab's values of a computed column

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"column {self.field}: unknown kind {self.kind!r}")
        if (self.formula is None) != (self.value is None):
            raise ValueError(f"column {self.field}: a computed column has a formula and kpilab's values")


@dataclass(frozen=True)
class Sheet:
    """A data sheet: an extract of the course data (``frame``), one :class:`Column` per field."""

    name: str
    frame: Callable[[], pd.DataFrame]
    columns: tuple[Column, ...]

    def __post_init__(self):
        object.__setattr__(self, "columns", tuple(self.columns))
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", self.name):
            raise ValueError(f"sheet {self.name!r}: plain letters, so that formulas need no quotes")


@dataclass(frozen=True)
class Indicator:
    """One KPI on the sheet Indicateurs: its formula and kpilab's value for it (in the lesson's unit)."""

    label: str
    formula: str
    value: Callable[[], float]
    kind: str = "number"
    key: str | float | _dt.date | None = None  # the criterion in column B: a text, a number or a date
    name: str | None = None
    note: str = ""

    def __post_init__(self):
        if self.kind not in KINDS or self.kind in ("text", "date"):
            raise ValueError(f"indicator {self.label!r}: kind {self.kind!r} is not a KPI's")


@dataclass(frozen=True)
class Block:
    """A titled group of indicators (a sentence under the title says how it is built)."""

    title: str
    indicators: tuple[Indicator, ...]
    note: str = ""

    def __post_init__(self):
        object.__setattr__(self, "indicators", tuple(self.indicators))


@dataclass(frozen=True)
class Placed:
    """An indicator where the sheet Indicateurs holds it, with its formula in full."""

    indicator: Indicator
    row: int
    french: str  # the formula as one types it, placeholders filled in

    @property
    def cell(self) -> str:
        return f"{_formula.column_letters(COLUMNS['result'])}{self.row}"

    def kpilab_value(self) -> float:
        """kpilab's value as the cell shows it: a percentage as a fraction (2.93 → 0.0293)."""
        value = float(self.indicator.value())
        return value / 100 if self.indicator.kind == "percent" else value


@dataclass(frozen=True)
class Book:
    """A lesson's workbook (``lesson`` is the notebook's name, ``01_taux_de_reponse``)."""

    lesson: str
    title: str
    about: str
    sheets: tuple[Sheet, ...]
    blocks: tuple[Block, ...]
    _cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "sheets", tuple(self.sheets))
        object.__setattr__(self, "blocks", tuple(self.blocks))

    @property
    def filename(self) -> str:
        return f"{self.lesson}.xlsx"

    # -- the data sheets ----------------------------------------------------------------------

    def frame(self, sheet: Sheet) -> pd.DataFrame:
        """The sheet's extract (computed once)."""
        if sheet.name not in self._cache:
            self._cache[sheet.name] = sheet.frame().reset_index(drop=True)
        return self._cache[sheet.name]

    def where(self, name: str) -> tuple[Sheet, int]:
        """The sheet and column number of a field."""
        found = [(sheet, i) for sheet in self.sheets for i, column in enumerate(sheet.columns, start=1)
                 if column.field == name]
        if len(found) != 1:
            raise ValueError(f"{self.lesson}: the field {name!r} is in {len(found)} sheets' columns (one needed)")
        return found[0]

    def rows(self, sheet: Sheet) -> int:
        """The last row of the sheet's data (row 1 holds the headers)."""
        return len(self.frame(sheet)) + 1

    # -- formulas -----------------------------------------------------------------------------

    def expand(self, template: str, sheet: str, row: int) -> str:
        """A French formula with its placeholders replaced by cells, typed on ``sheet`` at ``row``."""
        def cells(match):
            dollar, name, until, here, result = match.groups()
            if result:
                return self.result_cell(result)
            if name == "cle" and not dollar and not here:
                return f"{_formula.column_letters(COLUMNS['key'])}{row}"
            data, col = self.where(name)
            letters = end = _formula.column_letters(col)
            if until:
                other, end_col = self.where(until)
                if other is not data or end_col < col:
                    raise ValueError(f"{self.lesson}: {{{name}:{until}}} is not a range of one sheet")
                end = _formula.column_letters(end_col)
            prefix = "" if data.name == sheet else f"{data.name}!"
            if here:
                return f"{letters}{row}"
            last, d = self.rows(data), "$" if dollar else ""
            return f"{prefix}{d}{letters}{d}2:{d}{end}{d}{last}"
        text = _PLACEHOLDER.sub(cells, template)
        return _formula.french(_formula.parse(text))  # read once: a typo in a declaration fails here

    def layout(self) -> tuple[tuple[Block, int, tuple[tuple[Indicator, int], ...]], ...]:
        """Each block with the row of its title, and each of its indicators with its row."""
        if "layout" not in self._cache:
            found, row = [], FIRST_ROW
            for block in self.blocks:
                title = row
                row += 1 + bool(block.note)  # the block's title, and its note
                rows = tuple((indicator, row + i) for i, indicator in enumerate(block.indicators))
                found.append((block, title, rows))
                row += len(rows) + 1  # an empty row between blocks
            self._cache["layout"] = tuple(found)
        return self._cache["layout"]

    def result_cell(self, name: str) -> str:
        """The cell of column C that holds the indicator called ``name``."""
        rows = {ind.name: row for _, _, placed in self.layout() for ind, row in placed if ind.name}
        if name not in rows:
            raise ValueError(f"{self.lesson}: no indicator is called {name!r}")
        return f"{_formula.column_letters(COLUMNS['result'])}{rows[name]}"

    def placed(self) -> tuple[Placed, ...]:
        """Every indicator with its row on the sheet Indicateurs and its formula in full."""
        if "placed" not in self._cache:
            self._cache["placed"] = tuple(Placed(ind, row, self.expand(ind.formula, INDICATORS, row))
                                          for _, _, rows in self.layout() for ind, row in rows)
        return self._cache["placed"]

    def column_formula(self, sheet: Sheet, column: Column, row: int) -> str:
        """The French formula of a computed column on ``row``."""
        return self.expand(column.formula, sheet.name, row)

    def column_trees(self, sheet: Sheet, column: Column, count: int) -> list:
        """The parsed formula of a computed column on rows 2 to ``count + 1``, as the workbook holds them.

        When row 3's formula is row 2's copied one row down (every placeholder then moves with
        the row, or is fixed with $), the others are copied too (:func:`~kpilab.spreadsheet.formula.shift`)
        instead of being written and read again: the same trees, for a fraction of the time.
        """
        trees = [_formula.parse(self.column_formula(sheet, column, row)) for row in range(2, min(count, 2) + 2)]
        if count > 2 and _formula.shift(trees[0], 1) == trees[1]:
            return trees + [_formula.shift(trees[0], offset) for offset in range(2, count)]
        return trees + [_formula.parse(self.column_formula(sheet, column, row)) for row in range(4, count + 2)]

    # -- the cells, for the formula engine -----------------------------------------------------

    def grid(self, frames: dict[str, pd.DataFrame] | None = None) -> dict:
        """``{sheet: {(column, row): value}}`` as a spreadsheet holds it once computed.

        ``frames`` replaces sheets' extracts (the variants the exercises check formulas on).
        """
        grid = {}
        for sheet in self.sheets:
            frame = (frames or {}).get(sheet.name, self.frame(sheet))
            cells = {}
            for col, column in enumerate(sheet.columns, start=1):
                cells[(col, 1)] = column.header
                if column.formula is None:
                    for row, value in enumerate(frame[column.source or column.field].tolist(), start=2):
                        cells[(col, row)] = cell_value(value)
            grid[sheet.name] = cells
            for col, column in enumerate(sheet.columns, start=1):
                if column.formula is not None:
                    for row, tree in enumerate(self.column_trees(sheet, column, len(frame)), start=2):
                        cells[(col, row)] = evaluate(tree, grid, sheet.name)
        cells = {}
        grid[INDICATORS] = cells
        for placed in self.placed():
            cells[(COLUMNS["label"], placed.row)] = placed.indicator.label
            if placed.indicator.key is not None:
                cells[(COLUMNS["key"], placed.row)] = cell_value(placed.indicator.key)
        # An indicator may read one below it: compute again until no result changes (as a spreadsheet does).
        trees = [(placed.row, _formula.parse(placed.french)) for placed in self.placed()]
        for _ in range(len(trees) + 1):
            changed = False
            for row, tree in trees:
                value = evaluate(tree, grid, INDICATORS)
                if repr(cells.get((COLUMNS["result"], row))) != repr(value):
                    cells[(COLUMNS["result"], row)], changed = value, True
            if not changed:
                break
        return grid

    @cached_property
    def formula_cells(self) -> int:
        """How many cells of the workbook hold a formula."""
        computed = sum(len(self.frame(s)) for s in self.sheets for c in s.columns if c.formula)
        return computed + len(self.placed())


def cell_value(value):
    """A DataFrame value as a cell holds it: dates as day numbers, missing values as empty cells."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return serial(value.to_pydatetime()) if value != value.normalize() else serial(value.date())
    if isinstance(value, _dt.datetime):
        return serial(value)
    if isinstance(value, _dt.date):
        return serial(value)
    if isinstance(value, bool):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return cell_value(value.item())
    if isinstance(value, int):
        return float(value)
    return value
