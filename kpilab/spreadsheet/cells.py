"""What a cell holds for the formula engine: values, error values, ranges, and the spreadsheet's rules.

Numbers are floats, texts str, an empty cell None, a date its day number
(:func:`serial`); an error value is a :class:`SheetError`; a range's values
are an :class:`Area`. Used by :mod:`kpilab.spreadsheet.evaluate` and
:mod:`kpilab.spreadsheet.functions`.
"""

from __future__ import annotations

import datetime as _dt
import functools

__all__ = ["SheetError", "Area", "serial", "from_serial", "number", "scalar", "text", "compare", "order"]

_EPOCH = _dt.date(1899, 12, 30)


def serial(day) -> float:
    """A date as the day number a spreadsheet stores."""
    if isinstance(day, _dt.datetime):
        return (day - _dt.datetime(1899, 12, 30)).total_seconds() / 86_400
    return float((day - _EPOCH).days)


def from_serial(number: float) -> _dt.date:
    return _EPOCH + _dt.timedelta(days=int(number))


class SheetError(Exception):
    """An error value of a cell: ``#DIV/0!``, ``#VALEUR!``, ``#N/A``, ``#NOM?``, ``#REF!``."""

    def __init__(self, code: str, why: str = ""):
        super().__init__(code)
        self.code, self.why = code, why


class Area:
    """The values of a range, row by row (a list of rows), with its sheet and corner."""

    def __init__(self, rows, sheet, top, left):
        self.rows, self.sheet, self.top, self.left = rows, sheet, top, left
        self.masks: dict = {}  # criterion → which cells meet it (kpilab.spreadsheet.functions._mask)

    @functools.cached_property
    def flat(self):
        return [value for row in self.rows for value in row]

    @property
    def shape(self):
        return (len(self.rows), len(self.rows[0]) if self.rows else 0)


def number(value) -> float:
    if isinstance(value, SheetError):
        raise value
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", ".").replace(" ", ""))
        except ValueError:
            raise SheetError("#VALEUR!", f"« {value} » est un texte, pas un nombre") from None
    if isinstance(value, Area):
        if value.shape == (1, 1):
            return number(value.rows[0][0])
        raise SheetError("#VALEUR!", "une plage entière ne tient pas dans une cellule")
    raise SheetError("#VALEUR!")


def scalar(value):
    if isinstance(value, Area):
        if value.shape == (1, 1):
            return value.rows[0][0]
        raise SheetError("#VALEUR!", "une plage entière ne tient pas dans une cellule")
    if isinstance(value, SheetError):
        raise value
    return value


def text(value) -> str:
    value = scalar(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def order(value):
    """Spreadsheet ordering: numbers < texts < booleans; an empty cell is 0 or ""."""
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, str):
        return (1, value.casefold())
    return (0, 0.0 if value is None else float(value))


def compare(op, a, b):
    if a is None:
        a = "" if isinstance(b, str) else 0.0
    if b is None:
        b = "" if isinstance(a, str) else 0.0
    x, y = order(a), order(b)
    return {"=": x == y, "<>": x != y, "<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]


