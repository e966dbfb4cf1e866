"""Numbers and dates as French readers expect them, built on Babel (CLDR).

French typography, as the course teaches it: a narrow no-break space
(U+202F) between groups of thousands and between a number and its unit
(``%``, ``€``, ``jours``, ``points``, ``ans``), so that "1 234,50 €" or
"42 jours" never breaks across two lines. :mod:`kpilab.exercises.engine`
reads such text back (``read_number`` strips U+202F and U+00A0), and
:mod:`kpilab.typography` checks the course for the same rule. Rounding is
the one taught at school: halves go up (2,25 → 2,3), on the decimal value as
written.

Every formatter returns a :class:`FrenchText`: a ``str`` in every way
(equality, hashing, f-strings, pandas, json) whose ``repr`` shows the
no-break spaces as spaces, so that a bare call at the end of a notebook cell
displays ``'3,2 %'`` rather than ``'3,2\\u202f%'``. The doctests below write
U+202F as ``\\u202f``; the students see a space.

>>> format_percent(3.2) == "3,2\u202f%"
True
>>> format_euros(1234.5) == "1\u202f234,50\u202f€"
True
>>> print(format_number(12000))
12\u202f000
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

import numpy as np
import pandas as pd

from kpilab import _inputs as inp
from kpilab.errors import KPIError

__all__ = [
    "FrenchText", "format_number", "format_percent", "format_euros", "format_days",
    "format_date", "format_period", "format_value", "MONTHS",
]

LOCALE = "fr_FR"
NARROW = "\u202f"  # narrow no-break space: thousands, and between a number and its unit
NBSP = "\u00a0"  # no-break space (before ":" in French prose)
_WIDE = Context(prec=330)  # enough digits for any finite float with its decimals

# The French labels of what is formatted, for the error messages of kpilab._inputs.
LABELS = {"number": "nombre à afficher", "date": "date à afficher"}
MESSAGES = {
    "table": "Donne une seule colonne (`df['colonne']`) à afficher, pas un tableau entier.",
    "nested": "Donne une seule colonne de nombres à afficher, pas un tableau entier.",
    "digits": "`digits` (nombre de décimales) doit être un entier entre 0 et 6.",
}

_REPR_ESCAPES = re.compile(r"\\\\|\\u202f|\\xa0")
_SHOWN = {"\\u202f": NARROW, "\\xa0": NBSP}


class FrenchText(str):
    """A ``str`` whose repr shows its no-break spaces as they are.

    ``repr("3,2\u202f%")`` is ``'3,2\\u202f%'``: Python escapes U+202F and
    U+00A0 (they are not "printable" for ``repr``), and that is what a
    notebook shows for a bare value at the end of a cell. A FrenchText is
    the same string with a repr a student can read. Everything else is the
    ``str``'s: it compares and hashes equal to the plain string, an f-string
    or ``str()`` of it is a plain string, and pandas, json and pickle take it
    as a string.

    >>> text = FrenchText("3,2\u202f%")
    >>> text == "3,2\u202f%", repr(text) == "'3,2\u202f%'", type(f"{text}") is str
    (True, True, True)
    """

    __slots__ = ()

    def __repr__(self) -> str:
        plain = str.__repr__(self)
        return _REPR_ESCAPES.sub(lambda m: _SHOWN.get(m.group(), m.group()), plain)

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython's display of a bare value
        printer.text(repr(self))


def _elementwise(function):
    """Apply a scalar formatter to a Series or a list, element by element."""

    def wrapper(value, *args, **kwargs):
        if isinstance(value, pd.Series):
            return value.map(lambda v: function(v, *args, **kwargs))
        if isinstance(value, (list, tuple, np.ndarray, pd.Index)):
            if np.ndim(value) > 1:
                raise KPIError(MESSAGES["nested"])
            return [function(v, *args, **kwargs) for v in value]
        if isinstance(value, pd.DataFrame):
            raise KPIError(MESSAGES["table"])
        return function(value, *args, **kwargs)

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    wrapper.__wrapped__ = function
    return wrapper


def _decimal(value, digits: int, name: str) -> Decimal:
    number = float(inp.number(value, name, LABELS["number"]).values)
    if not isinstance(digits, int) or isinstance(digits, bool) or not 0 <= digits <= 6:
        raise KPIError(MESSAGES["digits"])
    quantum = Decimal(1).scaleb(-digits)
    # repr() gives the shortest text of the float: 1.005 stays 1.005, not 1.00499…
    rounded = Decimal(repr(number)).quantize(quantum, rounding=ROUND_HALF_UP, context=_WIDE)
    return abs(rounded) if rounded == 0 else rounded  # never "-0,0"


def _grouped(number: Decimal, digits: int) -> str:
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    with localcontext(_WIDE):
        text = format_decimal(number, format=pattern, locale=LOCALE)
    # CLDR's French group separator is U+202F already; make sure of it whatever the Babel version
    return text.replace("\u00a0", NARROW).replace(" ", NARROW)


def _with_unit(number: Decimal, digits: int, unit: str) -> FrenchText:
    return FrenchText(f"{_grouped(number, digits)}{NARROW}{unit}")


def _word(number: Decimal, singular: str, plural: str) -> str:
    """French agreement: singular below 2 (0,5 jour, 1 jour, 1,5 jour), plural from 2 (2 jours)."""
    return singular if abs(number) < 2 else plural


@_elementwise
def format_number(value, digits: int = 0) -> FrenchText:
    """A number in French format, ``digits`` decimals, thousands grouped by U+202F.

    >>> format_number(1234.5, digits=1)
    '1\u202f234,5'
    """
    return FrenchText(_grouped(_decimal(value, digits, "value"), digits))


@_elementwise
def format_percent(value, digits: int = 1) -> FrenchText:
    """A rate already in % (3.2 means 3,2 %), with U+202F before ``%``.

    >>> format_percent(12.5)
    '12,5\u202f%'
    """
    return _with_unit(_decimal(value, digits, "value"), digits, "%")


@_elementwise
def format_euros(value, digits: int = 2) -> FrenchText:
    """An amount in euros, with U+202F between thousands and before ``€``.

    >>> format_euros(1234.5)
    '1\u202f234,50\u202f€'
    """
    return _with_unit(_decimal(value, digits, "value"), digits, "€")


@_elementwise
def format_days(value, digits: int = 0) -> FrenchText:
    """A duration in days, as ``42 jours`` (``1 jour``, ``1,5 jour``: singular below 2).

    >>> format_days(41.6), format_days(1.5, digits=1)
    ('42\u202fjours', '1,5\u202fjour')
    """
    number = _decimal(value, digits, "value")
    return _with_unit(number, digits, _word(number, "jour", "jours"))


@_elementwise
def format_date(value) -> FrenchText:
    """A date as ``15/03/2025``.

    >>> format_date("2025-03-15")
    '15/03/2025'
    """
    from babel.dates import format_date as babel_format_date

    stamp, _ = inp.dates(value, "value", LABELS["date"])
    return FrenchText(babel_format_date(pd.Timestamp(stamp).date(), "dd/MM/yyyy", locale=LOCALE))


# The abbreviated month names of the French CLDR locale (Babel's fr_FR, format "MMM").
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def format_period(value) -> FrenchText:
    """A pandas period in French: ``mars 2025`` (month), ``T1 2024`` (quarter), ``2025`` (year).

    >>> format_period(pd.Period("2025-03", freq="M")), format_period(pd.Period("2024Q1", freq="Q"))
    ('mars 2025', 'T1 2024')
    """
    code = value.freqstr[0]
    if code == "M":
        return FrenchText(f"{MONTHS[value.month - 1]} {value.year}")
    if code == "Q":
        return FrenchText(f"T{value.quarter} {value.year}")
    if code in ("Y", "A"):
        return FrenchText(str(value.year))
    return FrenchText(str(value))


# The kinds of values the course shows, their usual decimals, and their other names.
DIGITS = {"percent": 1, "euros": 2, "days": 0, "number": 0, "points": 1, "years": 1, "ratio": 2}
_ALIASES = {"%": "percent", "€": "euros", "jours": "days", "nombre": "number"}
_WORDS = {"points": ("point", "points"), "years": ("an", "ans")}


def format_value(value, kind: str = "number", digits: int | None = None) -> FrenchText:
    """A value in the French format of its kind: percent, euros, days, number,
    points (a change of a rate), years or ratio; ``digits`` decimals (else the usual ones).

    >>> format_value(3.2, "percent"), format_value(2.28, "points"), format_value(1.28, "points")
    ('3,2\u202f%', '2,3\u202fpoints', '1,3\u202fpoint')
    >>> format_value(2.9, "years")
    '2,9\u202fans'
    """
    kind = _ALIASES.get(kind, kind)
    digits = DIGITS.get(kind, 2) if digits is None else digits
    if kind == "percent":
        return format_percent(value, digits=digits)
    if kind == "euros":
        return format_euros(value, digits=digits)
    if kind == "days":
        return format_days(value, digits=digits)
    if kind in _WORDS:
        number = _decimal(value, digits, "value")
        return _with_unit(number, digits, _word(number, *_WORDS[kind]))
    return format_number(value, digits=digits)
