"""The machinery of the simulators: levers, results, whole-number rounding as taught."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal

import numpy as np

from kpilab import formatting
from kpilab.errors import KPIError

# Larger lever values are refused: no lesson needs them, and every result stays a
# finite float (no overflow, no traceback).
LARGEST = 10**12
_EXACT = Context(prec=400, Emin=-10**6, Emax=10**6)  # exact products of the decimals as written


def _decimal(value) -> Decimal:
    """A number as the decimal it is written as: 2.5 is exactly 2,5 (not 2.4999…)."""
    return Decimal(repr(float(value)))


def _half_up(value: Decimal, quantum: str = "1") -> Decimal:
    return value.quantize(Decimal(quantum), rounding=ROUND_HALF_UP, context=_EXACT)


def whole(value) -> int:
    """A count rounded to a whole number, half up as taught at school.

    >>> whole(77.5), whole(112.49), whole(0.5), whole(2.2e-309)
    (78, 112, 1, 0)
    """
    return int(_half_up(_decimal(value)))


def share_of(count: int, percent) -> int:
    """How many of ``count`` people ``percent`` % is, as a whole number (half up).

    Computed on the decimals as written: 4 500 × 2,5 % = 112,5 → 113.

    >>> share_of(4500, 2.5), share_of(310, 25), share_of(1, 2.2e-309)
    (113, 78, 0)
    """
    exact = _EXACT.divide(_EXACT.multiply(Decimal(count), _decimal(percent)), Decimal(100))
    return int(_half_up(exact))


def left_after(count: int, percent) -> int:
    """How many of ``count`` people remain when ``percent`` % leave, as a whole number (half up).

    5 000 contacts with 10 % invalid leave 5 000 × 90 % = 4 500 valid contacts.

    >>> left_after(5000, 10), left_after(150, 1)
    (4500, 149)
    """
    rest = _EXACT.subtract(Decimal(100), _decimal(percent))
    return int(_half_up(_EXACT.divide(_EXACT.multiply(Decimal(count), rest), Decimal(100))))


def times(count: int, factor) -> int:
    """``count`` × ``factor`` as a whole number (half up): 45 tickets × 1,7 articles → 77.

    >>> times(45, 1.7)
    77
    """
    return int(_half_up(_EXACT.multiply(Decimal(count), _decimal(factor))))


def cents(amount) -> float:
    """An amount in euros rounded to the cent (half up).

    >>> cents(12.345), cents(1e-300)
    (12.35, 0.0)
    """
    return float(_half_up(_decimal(amount), "0.01"))


def tenth(value) -> float:
    """A value rounded to one decimal (half up), as the simulators show durations.

    >>> tenth(49.75), tenth(-8.25)
    (49.8, -8.3)
    """
    return float(_half_up(_decimal(value), "0.1"))


@dataclass(frozen=True)
class Lever:
    """A slider: argument name, French label, bounds, step, start value, unit."""

    name: str
    label: str
    low: float
    high: float
    step: float
    value: float
    unit: str = ""  # "%", "€", "jours" or "" (a count, or a ratio when the step is not whole)
    most: float | None = None  # the largest value accepted outside the slider, when one is needed

    @property
    def is_integer(self) -> bool:
        return all(float(x).is_integer() for x in (self.low, self.high, self.step, self.value))

    @property
    def decimals(self) -> int:
        """How many decimals the slider's values have (0 for 5, 1 for 0.5 or 2.5)."""
        return max(max(0, -_decimal(x).normalize().as_tuple().exponent) for x in (self.low, self.step))

    def clean(self, value):
        """The value a simulator computes with, or a French error for an impossible one.

        A count becomes a whole number, a duration whole days, an amount whole
        cents; a rate stays as given. Any value between ``low`` and ``high`` is
        accepted, and so is any other possible value (a rate between 0 and 100,
        a count that is not negative, up to ``most`` or :data:`LARGEST`).
        """
        named = f"Le levier «\u00a0{self.label}\u00a0» (`{self.name}`)"
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            raise KPIError(f"{named} doit être un nombre, par exemple {_plain(self.value)}\u00a0: tu as donné {value!r}.")
        number = float(value)
        if not math.isfinite(number):
            raise KPIError(f"{named} doit être un nombre fini\u00a0: tu as donné {value!r}.")
        if number < 0 <= self.low:
            raise KPIError(f"{named} ne peut pas être négatif\u00a0: tu as donné {_plain(number)}.")
        if self.unit == "%" and number > 100:
            raise KPIError(
                f"{named} est un pourcentage, entre 0 et 100\u00a0: tu as donné {_plain(number)}. "
                "Écris 25 pour 25\u202f%."
            )
        if abs(number) > (LARGEST if self.most is None else self.most):
            largest = formatting.format_number(LARGEST if self.most is None else self.most)
            raise KPIError(
                f"{named} vaut {_plain(number)}\u00a0: c'est trop grand pour ce simulateur "
                f"(au plus {largest})."
            )
        if self.unit == "€":
            return cents(number)
        if self.unit == "jours" or (self.unit == "" and self.is_integer):
            return whole(number)
        return number


def _plain(number: float) -> str:
    """A lever value in an error message, in French: 1 000 000, 2,5."""
    number = float(number)
    if number.is_integer() and abs(number) <= LARGEST * 1000:
        return formatting.format_number(number)
    return repr(number).replace(".", ",")


@dataclass(frozen=True)
class Result:
    """A result shown by the simulator: key, French label, format.

    ``undefined`` is the French reason shown when the result is ``None``
    (a division by zero: no sale, no response…).
    """

    key: str
    label: str
    kind: str  # "percent", "euros", "number", "days", "years", "ratio", "times" (3,2 fois)
    main: bool = False  # the headline result, shown larger
    undefined: str = ""


@dataclass(frozen=True)
class Simulator:
    """A simulator: its title, levers, results and the function behind them."""

    name: str
    title: str
    levers: tuple[Lever, ...]
    results: tuple[Result, ...]
    compute: Callable[..., dict]
    note: str = ""
    defaults: dict = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "defaults", {lever.name: lever.value for lever in self.levers})

    def run(self, **values) -> dict:
        """The results for these lever values (the others at their start value).

        Each value goes through :meth:`Lever.clean` first (whole counts, cents):
        an impossible one is a :class:`KPIError` with a French message.
        """
        unknown = set(values) - set(self.defaults)
        if unknown:
            raise KPIError(
                f"Leviers inconnus pour ce simulateur\u00a0: {', '.join(sorted(unknown))}. "
                f"Leviers possibles\u00a0: {', '.join(self.defaults)}."
            )
        merged = {**self.defaults, **values}
        return self.compute(**{lever.name: lever.clean(merged[lever.name]) for lever in self.levers})

    def reasons(self, results: dict) -> list[str]:
        """The French reasons of the results that are not defined for these values."""
        return [r.undefined for r in self.results if results.get(r.key) is None and r.undefined]


def _share(percent: float) -> float:
    return percent / 100

