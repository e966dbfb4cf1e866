"""Break-even: the seuil de rentabilité (in €) and the point mort (in days).

Conventions and sources: seuil de rentabilité = charges fixes ÷ taux de marge sur coût
variable, from CA − CV − CF = 0 (École supérieure de Paris, cours de gestion de BTS, "Le seuil
de rentabilité"); point mort = seuil de rentabilité ÷ CA × the days of the period: 365 in
IUT en ligne's corrected exercises (Leygonie, TD 6), the 360 days of the année commerciale, or
the days of activity (Gualino, Zoom's exercices d'analyse financière: 360 − 30). The course
takes 360, as its stock durations do. The date assumes revenue comes in evenly; a seasonal
activity moves it ("tenir compte de l'éventuelle activité saisonnière", Savoir.fr, lexique de
comptabilité, "Seuil de rentabilité").
"""

from __future__ import annotations

import numpy as np

from kpilab import _inputs as inp
from kpilab.formulas.core import arg, positive, refuse, result
from kpilab.formulas.french import KPI_NAMES, MESSAGES

__all__ = ["break_even_revenue", "break_even_days"]


def break_even_revenue(fixed_costs, contribution_margin_rate):
    r"""Seuil de rentabilité, in €: the revenue whose margin on variable costs pays the fixed costs.

    .. math:: \text{seuil de rentabilité} = \frac{\text{charges fixes}}{\text{taux de marge sur coût variable}}

    with the taux de marge sur coût variable = (CA − charges variables) ÷ CA × 100, in %. For a
    shop whose only variable cost is the goods it sells, it is the taux de marque.

    >>> break_even_revenue(60_000, 40)
    150000.0
    """
    fixed = inp.non_negative(arg(fixed_costs, "fixed_costs"))
    rate = arg(contribution_margin_rate, "contribution_margin_rate")
    refuse(rate, rate.values <= 0, "contribution_margin_not_positive")
    inp.in_range(rate, 0, 100, MESSAGES["contribution_margin_percent"])
    inp.check_aligned(fixed, rate)
    with np.errstate(over="ignore"):
        values = fixed.values * 100 / rate.values
    return result(values, fixed, rate, kpi="break_even_revenue", name="seuil_de_rentabilite")


def break_even_days(break_even, revenue, days=360):
    r"""Point mort, in days: the day of the period on which the revenue reaches the seuil de rentabilité.

    .. math:: \text{point mort} = \frac{\text{seuil de rentabilité}}{\text{chiffre d'affaires}} \times 360

    ``days`` is the length of the period of ``revenue``: 360 for a year (the année
    commerciale), 365 for calendar dates. It assumes the revenue comes in evenly: for a
    seasonal shop, read the date on the cumulated monthly revenue. Above ``days``, the seuil
    is not reached within the period.

    >>> break_even_days(150_000, 200_000)
    270.0
    """
    threshold = inp.non_negative(arg(break_even, "break_even"))
    sales = inp.positive_denominator(arg(revenue, "revenue"), KPI_NAMES["break_even_days"])
    length = positive(arg(days, "days"))
    inp.check_aligned(threshold, sales, length)
    with np.errstate(over="ignore"):
        values = threshold.values * length.values / sales.values
    return result(values, threshold, sales, length, kpi="break_even_days", name="point_mort_jours")
