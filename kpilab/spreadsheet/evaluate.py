"""Computing a formula on a sheet's cells, as French Excel and LibreOffice Calc compute it.

This is what checks a student's formula for its meaning (:mod:`kpilab.exercises.formula`):
the formula runs on the workbook's cells, and on variants of them. It covers the
functions of :mod:`kpilab.spreadsheet.names`, with the spreadsheet's rules: an empty
cell counts as 0 in a sum, text is skipped by SOMME and MOYENNE, criteria of
NB.SI are written ``">0"``, ``"emailing"`` or ``"<>"`` (``*`` and ``?`` as
wildcards), ARRONDI rounds halves away from zero. Errors (``#DIV/0!``,
``#VALEUR!``, ``#N/A``) are :class:`SheetError` values, as in a cell. The
real engine that checks the workbooks is LibreOffice (the tests).

A grid is ``{sheet: {(column, row): value}}``, columns and rows numbered
from 1; dates are day numbers (Excel's: 1 is 1900-01-01, 45658 is 2025-01-01).

>>> grid = {"Feuille": {(1, 1): 10, (1, 2): 30, (2, 1): "a", (2, 2): "b"}}
>>> compute("=SOMME(A1:A2)/NB.SI(B1:B2;\\"a\\")", grid, "Feuille")
40.0
"""

from __future__ import annotations

import functools
import inspect
import math

from kpilab.spreadsheet.cells import Area, SheetError, from_serial, number, scalar, serial, text, compare
from kpilab.spreadsheet.functions import FUNCTIONS, LAZY
from kpilab.spreadsheet.formula import Binary, Bool, Call, Number, Percent, Range, Ref, Text, Unary, parse

__all__ = ["SheetError", "compute", "evaluate", "serial", "from_serial"]

class _Context:
    def __init__(self, grid, sheet, areas=None):
        self.grid, self.sheet, self.areas = grid, sheet, areas

    def cells(self, sheet):
        name = sheet or self.sheet
        if name not in self.grid:  # a sheet's name is read without its case, as Excel and LibreOffice do
            found = [known for known in self.grid if known.casefold() == name.casefold()]
            if not found:
                raise SheetError("#REF!", f"la feuille « {name} » n'existe pas dans le classeur")
            name = found[0]
        return self.grid[name]

    def cell(self, ref: Ref):
        if ref.row is None or ref.row < 1 or ref.col < 1:
            raise SheetError("#REF!", "une référence sort de la feuille")
        return self.cells(ref.sheet).get((ref.col, ref.row))

    def area(self, node: Range) -> Area:
        cells = self.cells(node.sheet)
        top, bottom = node.start.row, node.end.row
        if top is None:  # a whole column: down to the last filled row
            top, bottom = 1, max((row for _, row in cells), default=1)
        left, right = sorted((node.start.col, node.end.col))
        top, bottom = sorted((top, bottom))
        key = (id(cells), left, right, top, bottom)
        if self.areas is not None and key in self.areas:
            return self.areas[key]
        rows = [[cells.get((col, row)) for col in range(left, right + 1)] for row in range(top, bottom + 1)]
        area = Area(rows, node.sheet or self.sheet, top, left)
        if self.areas is not None:
            self.areas[key] = area
        return area


def compute(text: str, grid, sheet: str):
    """The value of a French formula typed on ``sheet`` of ``grid`` (a :class:`SheetError` is returned)."""
    return evaluate(parse(text), grid, sheet)


def evaluate(tree, grid, sheet: str, areas: dict | None = None):
    """The value of a parsed formula; an error value comes back as a :class:`SheetError` (not raised).

    ``areas`` keeps the ranges read, for a grid that no longer changes: the many formulas an
    exercise computes on the same cells then read each range once.
    """
    try:
        value = _value(tree, _Context(grid, sheet, areas))
        if isinstance(value, Area):
            if value.shape != (1, 1):
                raise SheetError("#VALEUR!", "une plage entière ne tient pas dans une cellule")
            value = value.rows[0][0]
        return 0.0 if value is None else value
    except SheetError as error:
        return error
    except (OverflowError, ValueError):
        return SheetError("#NOMBRE!", "un calcul sort des nombres possibles")
    except RecursionError:
        return SheetError("#VALEUR!", "la formule est trop imbriquée")


# --- values -----------------------------------------------------------------------------------

def _value(node, ctx):
    if isinstance(node, Number | Text | Bool):
        return node.value
    if isinstance(node, Ref):
        return ctx.cell(node)
    if isinstance(node, Range):
        return ctx.area(node)
    if isinstance(node, Unary):
        value = _value(node.operand, ctx)
        return _map(value, lambda x: -number(x) if node.op == "-" else number(x))
    if isinstance(node, Percent):
        return _map(_value(node.operand, ctx), lambda x: number(x) / 100)
    if isinstance(node, Binary):
        return _binary(node.op, _value(node.left, ctx), _value(node.right, ctx))
    if isinstance(node, Call):
        if node.name in LAZY:
            return LAZY[node.name](node.args, lambda arg: _value(arg, ctx))
        function = FUNCTIONS.get(node.name)
        if function is None:
            raise SheetError("#NOM?", f"{node.name} n'est pas calculée ici")
        values = [_value(arg, ctx) for arg in node.args]
        try:
            _signature(function).bind(*values)
        except TypeError:
            raise SheetError("#VALEUR!", f"{node.name} n'a pas reçu le bon nombre d'arguments (ils se séparent "
                                         "par des points-virgules)") from None
        return function(*values)
    raise SheetError("#VALEUR!")


@functools.cache
def _signature(function) -> inspect.Signature:
    """A function's signature, read once (checking the number of arguments is then cheap)."""
    return inspect.signature(function)


def _map(value, function):
    if isinstance(value, Area):
        return Area([[function(x) for x in row] for row in value.rows], value.sheet, value.top, value.left)
    return function(value)


def _binary(op, left, right):
    if isinstance(left, Area) or isinstance(right, Area):  # element by element, as Excel 365 does
        rows_l = left.rows if isinstance(left, Area) else None
        rows_r = right.rows if isinstance(right, Area) else None
        shape = (left if rows_l is not None else right).shape
        if rows_l is not None and rows_r is not None and left.shape != right.shape:
            raise SheetError("#VALEUR!", "deux plages de tailles différentes")
        rows = [[_binary(op, rows_l[i][j] if rows_l else left, rows_r[i][j] if rows_r else right)
                 for j in range(shape[1])] for i in range(shape[0])]
        area = left if rows_l is not None else right
        return Area(rows, area.sheet, area.top, area.left)
    if op == "&":
        return text(left) + text(right)
    if op in ("=", "<>", "<", ">", "<=", ">="):
        return compare(op, scalar(left), scalar(right))
    a, b = number(left), number(right)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        if b == 0:
            raise SheetError("#DIV/0!", "une division par zéro (ou par une cellule vide)")
        return a / b
    return math.pow(a, b)


