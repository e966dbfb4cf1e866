"""The helpers every formula of :mod:`kpilab.formulas` uses.

An argument is read with its French label (:func:`arg`); a ratio is checked before it is
divided (:func:`ratio`); a value that breaks a rule of the KPI is refused with the message
that explains the rule (:func:`refuse`); the result comes back in the caller's shape
(:func:`result`): a float, an array or a Series with the caller's index.
"""

from __future__ import annotations

import numpy as np

from kpilab import _inputs as inp
from kpilab.errors import KPIError, render
from kpilab.formulas.french import ARGUMENTS, KPI_NAMES, MESSAGES, PART_OF_WHOLE


def error(key: str, **fields) -> KPIError:
    """The KPIError of one template of :data:`~kpilab.formulas.french.MESSAGES`, filled in."""
    return KPIError(render(MESSAGES[key], **fields))


def arg(value, name: str) -> inp.Arg:
    """One numeric argument, read with its French label."""
    return inp.number(value, name, ARGUMENTS[name])


def refuse(a: inp.Arg, bad, key: str) -> None:
    """Raise the message ``key`` for the first value of ``a`` where ``bad`` holds (no-op if none)."""
    bad = np.atleast_1d(np.asarray(bad))
    if bad.any():
        value = np.atleast_1d(a.values)[np.flatnonzero(bad)[0]]
        raise error(key, name=a.name, label=a.label, value=inp._show(value), where=inp._where(a, bad))


def positive(a: inp.Arg) -> inp.Arg:
    """A length of time (``days``) must be strictly positive: 0 days is no period."""
    refuse(a, a.values <= 0, "not_positive")
    return a


def result(values, *args: inp.Arg, kpi: str, name: str):
    """``values`` in the shape the caller used, once checked to be finite numbers."""
    inp.finite_result(values, KPI_NAMES[kpi])
    return inp.result(values, *args, name=name)


def ratio(numerator, denominator, *, num: str, den: str, kpi: str, name: str, percent: bool, advice=None):
    """numerator ÷ denominator (× 100), after every input check.

    ``num`` and ``den`` are argument names (see :data:`~kpilab.formulas.french.ARGUMENTS`);
    ``kpi`` is the function's name in :data:`~kpilab.formulas.french.KPI_NAMES`; when the KPI
    is in :data:`~kpilab.formulas.french.PART_OF_WHOLE`, the numerator cannot exceed the
    denominator (``advice`` then says what to check).
    """
    top = inp.non_negative(arg(numerator, num))
    bottom = inp.positive_denominator(arg(denominator, den), KPI_NAMES[kpi])
    inp.check_aligned(top, bottom)
    if kpi in PART_OF_WHOLE:
        inp.at_most(top, bottom, PART_OF_WHOLE[kpi], *([advice] if advice else []))
    with np.errstate(over="ignore"):
        values = top.values / bottom.values
        if percent:
            values = values * 100
    return result(values, top, bottom, kpi=kpi, name=name)
