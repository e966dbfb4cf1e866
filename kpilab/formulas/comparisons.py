"""A value against a reference: the previous period (évolution) or the objective (taux de réalisation).

Source: taux de réalisation = réalisé ÷ objectif × 100, the "taux de réalisation des quotas" of
sales teams, (ventes réelles ÷ quota de ventes) × 100 (Empuls, glossaire), read in BTS MCO cases
as the réalisation des objectifs de chiffre d'affaires et de marge (éléments de corrigé du cas
Electro Dépôt, BTS MCO).
"""

from __future__ import annotations

import numpy as np

from kpilab import _inputs as inp
from kpilab.formulas.core import arg, error, ratio, result

__all__ = ["change", "target_achievement_rate"]


def change(value, previous, *, rate: bool = False):
    r"""Évolution d'un indicateur entre deux périodes, in %.

    .. math:: \text{évolution} = \frac{\text{valeur N} - \text{valeur N-1}}{\text{valeur N-1}} \times 100

    For a rate (``rate=True``) the change is the difference in percentage
    points: from 18 % to 20 % is +2 points (and +11,1 %).

    >>> change(92_000, 80_000)
    15.0
    >>> change(20, 18, rate=True)
    2.0
    """
    now = arg(value, "value")
    before = arg(previous, "previous")
    inp.check_aligned(now, before)
    with np.errstate(over="ignore"):
        if rate:
            values = now.values - before.values
        else:
            if np.any(before.values == 0):
                raise error("change_from_zero")
            values = (now.values - before.values) / np.abs(before.values) * 100
    return result(values, now, before, kpi="change", name="evolution_points" if rate else "evolution_pct")


def target_achievement_rate(actual, target):
    r"""Taux de réalisation de l'objectif, in %.

    .. math:: \text{taux de réalisation} = \frac{\text{réalisé}}{\text{objectif}} \times 100

    Above 100 % the objective is exceeded. Compare sellers on it only when each objective
    fits the seller's hours (a part-timer's objective is smaller) and the season.

    >>> target_achievement_rate(45_000, 40_000)
    112.5
    """
    return ratio(
        actual, target,
        num="actual", den="target",
        kpi="target_achievement_rate", name="taux_de_realisation", percent=True,
    )
