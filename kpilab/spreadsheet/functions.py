"""The spreadsheet functions the formula engine computes, by their French names.

Each follows French Excel and LibreOffice Calc: SOMME and MOYENNE skip texts and
empty cells in a range, criteria (``">0"``, ``"emailing"``, ``"<>"``, ``*`` and
``?`` wildcards) as in NB.SI, ARRONDI rounds halves away from zero.
:data:`FUNCTIONS` get their arguments' values; :data:`LAZY` ones (SI, SIERREUR)
get the unevaluated arguments and the function that evaluates one.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from kpilab.spreadsheet.cells import Area, SheetError, compare, from_serial, number, order, scalar, serial, text

__all__ = ["FUNCTIONS", "LAZY"]


def _numbers(args, count_text=False):
    """The numbers of the arguments: in ranges only numbers count; typed values are converted."""
    found = []
    for arg in args:
        if isinstance(arg, Area):
            for value in arg.flat:
                if isinstance(value, SheetError):
                    raise value
                if isinstance(value, int | float) and not isinstance(value, bool):
                    found.append(float(value))
        else:
            found.append(number(arg))
    return found


def _average(values):
    if not values:
        raise SheetError("#DIV/0!", "la moyenne d'aucune valeur")
    return sum(values) / len(values)


def _median(values):
    if not values:
        raise SheetError("#NOMBRE!", "la médiane d'aucune valeur")
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _round(value, digits, mode):
    amount, digits = number(value), int(number(digits))
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(amount)).quantize(quantum, rounding=mode))


_CRITERION = re.compile(r"^(<=|>=|<>|<|>|=)?(.*)$", re.S)


def _matcher(criterion):
    """The test of a criterion of NB.SI, SOMME.SI.ENS…: ``">0"``, ``"emailing"``, 3, ``"<>"``."""
    criterion = scalar(criterion)
    if not isinstance(criterion, str):
        target = number(criterion)
        return lambda v: isinstance(v, int | float) and not isinstance(v, bool) and float(v) == target
    op, operand = _CRITERION.match(criterion).groups()
    try:
        target = float(operand.replace(",", ".").replace(" ", "")) if operand.strip() else None
    except ValueError:
        target = None
    if target is not None:
        def test(v):
            if not isinstance(v, int | float) or isinstance(v, bool):
                return op == "<>"
            return compare(op or "=", float(v), target)
        return test
    if op in (None, "=") and operand == "":
        return lambda v: v is None or v == ""
    if op == "<>" and operand == "":
        return lambda v: v is not None and v != ""
    pattern = re.compile("^" + re.escape(operand.casefold()).replace(r"\*", ".*").replace(r"\?", ".") + "$", re.S)
    matches = (lambda v: isinstance(v, str) and bool(pattern.match(v.casefold())))
    if op == "<>":
        return lambda v: not matches(v)
    if op in ("<", ">", "<=", ">="):
        return lambda v: isinstance(v, str) and compare(op, v, operand)
    return matches


def _area(value) -> Area:
    if isinstance(value, Area):
        return value
    raise SheetError("#VALEUR!", "cet argument doit être une plage de cellules")


def _ifs(pairs):
    """The positions (in the flat order of the first range) meeting every (range, criterion) pair."""
    if len(pairs) % 2:
        raise SheetError("#VALEUR!", "les plages et les critères vont par paires")
    areas = [_area(pairs[i]) for i in range(0, len(pairs), 2)]
    if any(area.shape != areas[0].shape for area in areas):
        raise SheetError("#VALEUR!", "les plages des critères n'ont pas la même taille")
    masks = [_mask(area, pairs[i + 1]) for area, i in zip(areas, range(0, len(pairs), 2))]
    if len(masks) == 1:
        return [i for i, kept in enumerate(masks[0]) if kept]
    return [i for i, kept in enumerate(zip(*masks)) if all(kept)]


def _mask(area: Area, criterion) -> list[bool]:
    """Which cells of ``area`` meet ``criterion`` (kept with the area: a range read again is not tested again)."""
    value = scalar(criterion)
    key = (type(value).__name__, value if not isinstance(value, SheetError) else value.code)
    if key not in area.masks:
        test = _matcher(value)
        area.masks[key] = [test(v) for v in area.flat]
    return area.masks[key]


def _picked(values: Area, positions, shape):
    if values.shape != shape:
        raise SheetError("#VALEUR!", "la plage à additionner n'a pas la taille des plages des critères")
    flat = values.flat
    return [float(flat[i]) for i in positions if isinstance(flat[i], int | float) and not isinstance(flat[i], bool)]


def _sumifs(values, *pairs):
    values = _area(values)
    return sum(_picked(values, _ifs(pairs), _area(pairs[0]).shape if pairs else values.shape))


def _averageifs(values, *pairs):
    values = _area(values)
    return _average(_picked(values, _ifs(pairs), _area(pairs[0]).shape))


def _sumif(where, criterion, values=None):
    values = _area(where if values is None else values)
    return sum(_picked(values, _ifs((where, criterion)), _area(where).shape))


def _averageif(where, criterion, values=None):
    values = _area(where if values is None else values)
    return _average(_picked(values, _ifs((where, criterion)), _area(where).shape))


def _countifs(*pairs):
    return float(len(_ifs(pairs)))


def _sumproduct(*areas):
    areas = [_area(a) if isinstance(a, Area) else Area([[a]], None, 1, 1) for a in areas]
    if any(a.shape != areas[0].shape for a in areas):
        raise SheetError("#VALEUR!", "les plages de SOMMEPROD n'ont pas la même taille")
    total = 0.0
    for values in zip(*(a.flat for a in areas)):
        product = 1.0
        for value in values:
            if isinstance(value, SheetError):
                raise value
            product *= float(value) if isinstance(value, int | float) else 0.0
        total += product
    return total


def _match(value, area, mode=1.0):
    target, flat, mode = scalar(value), _area(area).flat, number(mode)
    if mode == 0:
        test = _matcher(target) if isinstance(target, str) else (lambda v: v == target)
        for i, candidate in enumerate(flat):
            if test(candidate):
                return float(i + 1)
        raise SheetError("#N/A", f"« {text(target)} » n'est pas dans la plage")
    best = None
    for i, candidate in enumerate(flat):
        if candidate is not None and (order(candidate) <= order(target) if mode > 0 else order(candidate) >= order(target)):
            best = i
    if best is None:
        raise SheetError("#N/A", f"« {text(target)} » n'est pas dans la plage")
    return float(best + 1)


def _index(area, row, col=None):
    area = _area(area)
    row = int(number(row))
    col = 1 if col is None else int(number(col))
    if area.shape[0] == 1 and col == 1 and row > 1:
        row, col = 1, row
    if not (1 <= row <= area.shape[0] and 1 <= col <= area.shape[1]):
        raise SheetError("#REF!", "INDEX sort de la plage")
    return area.rows[row - 1][col - 1]


def _vlookup(value, area, col, exact=True):
    area = _area(area)
    first = Area([[row[0]] for row in area.rows], area.sheet, area.top, area.left)
    exact = not scalar(exact) if not isinstance(exact, bool) else not exact
    position = int(_match(value, first, 0 if exact else 1))
    col = int(number(col))
    if not 1 <= col <= area.shape[1]:
        raise SheetError("#REF!", "RECHERCHEV : le numéro de colonne sort de la plage")
    return area.rows[position - 1][col - 1]


def _xlookup(value, where, results, if_missing=None):
    try:
        position = int(_match(value, where, 0))
    except SheetError:
        if if_missing is not None:
            return scalar(if_missing)
        raise
    return _area(results).flat[position - 1]


def _lazy_if(args, value):
    if not 2 <= len(args) <= 3:
        raise SheetError("#VALEUR!", "SI attend 2 ou 3 arguments")
    test = scalar(value(args[0]))
    chosen = bool(number(test)) if not isinstance(test, str) else _raise("#VALEUR!")
    if chosen:
        return value(args[1])
    return value(args[2]) if len(args) == 3 else False


def _lazy_iferror(args, value):
    if len(args) != 2:
        raise SheetError("#VALEUR!", "SIERREUR attend 2 arguments")
    try:
        value = value(args[0])
        scalar(value) if not isinstance(value, Area) else None
        return value
    except SheetError:
        return value(args[1])


def _raise(code):
    raise SheetError(code)


def _date(value) -> _dt.date:
    return from_serial(number(value))


def _eomonth(start, months):
    day = _date(start)
    month = day.month - 1 + int(number(months))
    year, month = day.year + month // 12, month % 12 + 1
    following = _dt.date(year + (month == 12), month % 12 + 1, 1)
    return serial(following - _dt.timedelta(days=1))


def _count(*args):
    found = 0
    for arg in args:
        values = arg.flat if isinstance(arg, Area) else [arg]
        found += sum(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
    return float(found)


def _counta(*args):
    return float(sum(v is not None and v != "" for arg in args
                     for v in (arg.flat if isinstance(arg, Area) else [arg])))


def _nth(area, k, largest):
    values = sorted(_numbers([area]), reverse=largest)
    k = int(number(k))
    if not 1 <= k <= len(values):
        raise SheetError("#NOMBRE!", "le rang demandé sort de la liste")
    return values[k - 1]


def _logical(args, combine):
    values = [bool(number(v)) for arg in args for v in (arg.flat if isinstance(arg, Area) else [arg])
              if not isinstance(v, str) and v is not None]
    if not values:
        raise SheetError("#VALEUR!")
    return combine(values)


def _ifs_extreme(values, pairs, pick):
    values = _area(values)
    found = _picked(values, _ifs(pairs), _area(pairs[0]).shape)
    return pick(found) if found else 0.0


FUNCTIONS = {
    "SOMME": lambda *a: sum(_numbers(a)),
    "MOYENNE": lambda *a: _average(_numbers(a)),
    "MEDIANE": lambda *a: _median(_numbers(a)),
    "MIN": lambda *a: min(_numbers(a), default=0.0),
    "MAX": lambda *a: max(_numbers(a), default=0.0),
    "NB": _count, "NBVAL": _counta,
    "NB.VIDE": lambda a: float(sum(v is None or v == "" for v in _area(a).flat)),
    "NB.SI": lambda where, criterion: _countifs(where, criterion), "NB.SI.ENS": _countifs,
    "SOMME.SI": _sumif, "SOMME.SI.ENS": _sumifs, "MOYENNE.SI": _averageif, "MOYENNE.SI.ENS": _averageifs,
    "MAX.SI.ENS": lambda values, *pairs: _ifs_extreme(values, pairs, max),
    "MIN.SI.ENS": lambda values, *pairs: _ifs_extreme(values, pairs, min),
    "ET": lambda *a: _logical(a, all), "OU": lambda *a: _logical(a, any),
    "NON": lambda a: not bool(number(a)),
    "ARRONDI": lambda v, d: _round(v, d, ROUND_HALF_UP),
    "ARRONDI.SUP": lambda v, d: _round(v, d, ROUND_UP), "ARRONDI.INF": lambda v, d: _round(v, d, ROUND_DOWN),
    "ENT": lambda v: float(math.floor(number(v))), "ABS": lambda v: abs(number(v)),
    "PUISSANCE": lambda a, b: math.pow(number(a), number(b)),
    "RACINE": lambda a: math.sqrt(number(a)) if number(a) >= 0 else _raise("#NOMBRE!"),
    "SOMMEPROD": _sumproduct,
    "GRANDE.VALEUR": lambda a, k: _nth(a, k, True), "PETITE.VALEUR": lambda a, k: _nth(a, k, False),
    "RECHERCHEV": _vlookup, "RECHERCHEX": _xlookup, "INDEX": _index, "EQUIV": _match,
    "ANNEE": lambda v: float(_date(v).year), "MOIS": lambda v: float(_date(v).month),
    "JOUR": lambda v: float(_date(v).day),
    "DATE": lambda y, m, d: _first_of(int(number(y)), int(number(m))) + number(d) - 1,
    "JOURS": lambda end, start: number(end) - number(start),
    "FIN.MOIS": _eomonth,
}
LAZY = {"SI": _lazy_if, "SIERREUR": _lazy_iferror}


def _first_of(year: int, month: int) -> float:
    """The day number of the first of ``month`` (months past 12 or below 1 roll over the year)."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return serial(_dt.date(year, month, 1))
