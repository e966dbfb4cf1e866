"""Numbers and dates as French readers expect them, built on Babel (CLDR).

The spaces in the results (before ``%`` and ``€``, between groups of
thousands) are ordinary spaces, so that a result reads cleanly when a
notebook shows it and compares equal to what a student types. Rounding is
the one taught at school: halves go up (2,25 → 2,3), on the decimal value
as written.

>>> format_percent(3.2)
'3,2 %'
>>> format_euros(1234.5)
'1 234,50 €'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

import numpy as np
import pandas as pd

from kpilab import _inputs as inp
from kpilab.errors import KPIError

__all__ = ["format_number", "format_percent", "format_euros", "format_days", "format_date", "format_value"]

LOCALE = "fr_FR"
SPACE = " "
_WIDE = Context(prec=330)  # enough digits for any finite float with its decimals


def _elementwise(function):
    """Apply a scalar formatter to a Series or a list, element by element."""

    def wrapper(value, *args, **kwargs):
        if isinstance(value, pd.Series):
            return value.map(lambda v: function(v, *args, **kwargs))
        if isinstance(value, (list, tuple, np.ndarray, pd.Index)):
            if np.ndim(value) > 1:
                raise KPIError("Donne une seule colonne de nombres à afficher, pas un tableau entier.")
            return [function(v, *args, **kwargs) for v in value]
        if isinstance(value, pd.DataFrame):
            raise KPIError("Donne une seule colonne (df['colonne']) à afficher, pas un tableau entier.")
        return function(value, *args, **kwargs)

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    wrapper.__wrapped__ = function
    return wrapper


def _decimal(value, digits: int, name: str) -> Decimal:
    number = float(inp.number(value, name, "nombre à afficher").values)
    if not isinstance(digits, int) or isinstance(digits, bool) or not 0 <= digits <= 6:
        raise KPIError("`digits` (nombre de décimales) doit être un entier entre 0 et 6.")
    quantum = Decimal(1).scaleb(-digits)
    # repr() gives the shortest text of the float: 1.005 stays 1.005, not 1.00499…
    rounded = Decimal(repr(number)).quantize(quantum, rounding=ROUND_HALF_UP, context=_WIDE)
    return abs(rounded) if rounded == 0 else rounded  # never "-0,0"


def _grouped(number: Decimal, digits: int) -> str:
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    with localcontext(_WIDE):
        text = format_decimal(number, format=pattern, locale=LOCALE)
    return text.replace("\u202f", SPACE).replace("\u00a0", SPACE)


@_elementwise
def format_number(value, digits: int = 0) -> str:
    """A number in French format: ``1 234`` or ``1 234,5`` (``digits`` decimals).

    >>> format_number(1234.5, digits=1)
    '1 234,5'
    """
    return _grouped(_decimal(value, digits, "value"), digits)


@_elementwise
def format_percent(value, digits: int = 1) -> str:
    """A rate already in % (3.2 means 3,2 %), as ``3,2 %``.

    >>> format_percent(12.5)
    '12,5 %'
    """
    return f"{_grouped(_decimal(value, digits, 'value'), digits)}{SPACE}%"


@_elementwise
def format_euros(value, digits: int = 2) -> str:
    """An amount in euros, as ``1 234,50 €``.

    >>> format_euros(59.9)
    '59,90 €'
    """
    return f"{_grouped(_decimal(value, digits, 'value'), digits)}{SPACE}€"


@_elementwise
def format_days(value, digits: int = 0) -> str:
    """A duration in days, as ``42 jours`` (``1 jour`` for one).

    >>> format_days(41.6)
    '42 jours'
    """
    number = _decimal(value, digits, "value")
    unit = "jour" if abs(number) <= 1 else "jours"
    return f"{_grouped(number, digits)}{SPACE}{unit}"


@_elementwise
def format_date(value) -> str:
    """A date as ``15/03/2025``.

    >>> format_date("2025-03-15")
    '15/03/2025'
    """
    from babel.dates import format_date as babel_format_date

    stamp, _ = inp.dates(value, "value", "date à afficher")
    return babel_format_date(pd.Timestamp(stamp).date(), "dd/MM/yyyy", locale=LOCALE)


# The kinds of values the course shows, their usual decimals, and their other names.
DIGITS = {"percent": 1, "euros": 2, "days": 0, "number": 0, "points": 1, "years": 1, "ratio": 2}
_ALIASES = {"%": "percent", "€": "euros", "jours": "days", "nombre": "number"}


def format_value(value, kind: str = "number", digits: int | None = None) -> str:
    """A value in the French format of its kind: percent, euros, days, number,
    points (a change of a rate), years or ratio; ``digits`` decimals (else the usual ones).

    >>> format_value(3.2, "percent"), format_value(1.28, "points"), format_value(2.9, "years")
    ('3,2 %', '1,3 points', '2,9 ans')
    """
    kind = _ALIASES.get(kind, kind)
    digits = DIGITS.get(kind, 2) if digits is None else digits
    if kind == "percent":
        return format_percent(value, digits=digits)
    if kind == "euros":
        return format_euros(value, digits=digits)
    if kind == "days":
        return format_days(value, digits=digits)
    if kind == "points":
        return f"{format_number(value, digits=digits)}{SPACE}points"
    if kind == "years":
        return f"{format_number(value, digits=digits)}{SPACE}ans"
    return format_number(value, digits=digits)
