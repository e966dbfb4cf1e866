"""Simulators of lesson 11: piloting the sales team (objectives, per-seller KPIs)."""

from __future__ import annotations

from decimal import Decimal

from kpilab import formulas
from kpilab.simulators._core import (
    _EXACT,
    Lever,
    Result,
    Simulator,
    _decimal,
    _half_up,
    cents,
)

# --- 11: a seller's objective and its achievement --------------------------------------------------


def objective_share(shop_objective, hours, team_hours) -> int | None:
    """A seller's part of the shop's objective, in proportion to his planned hours, to the euro (half up).

    63 000 € × 84 h ÷ 420 h = 12 600 €. None when nobody is planned (no hours to share it on).

    >>> objective_share(63_000, 84, 420), objective_share(50_000, 100, 300), objective_share(1_000, 0, 0)
    (12600, 16667, None)
    """
    if not team_hours:
        return None
    exact = _EXACT.divide(_EXACT.multiply(_decimal(shop_objective), Decimal(hours)), Decimal(team_hours))
    return int(_half_up(exact))


def target(shop_objective, other_hours, planned_hours, absence_hours, sales_per_hour):
    """A seller's month: objective from the planned hours, réalisé from the hours worked × CA par heure.

    Hours are whole, amounts in cents, the objective in whole euros; worked hours never go below 0.

    >>> month = target(63_000, 336, 84, 0, 120)
    >>> month["objective"], month["realised"], month["rate"], month["gap"], month["needed_per_hour"]
    (12600.0, 10080.0, 80.0, -2520.0, 150.0)
    """
    team_hours = other_hours + planned_hours
    objective = objective_share(shop_objective, planned_hours, team_hours)
    worked = max(planned_hours - absence_hours, 0)
    realised = cents(worked * sales_per_hour)
    return {
        "share": planned_hours / team_hours * 100 if team_hours else None,
        "objective": None if objective is None else float(objective),
        "worked": worked,
        "realised": realised,
        "rate": formulas.target_achievement_rate(realised, objective) if objective else None,
        "gap": None if objective is None else cents(realised - objective),
        "needed_per_hour": formulas.sales_per_hour(objective, worked) if objective is not None and worked else None,
    }


TARGET = Simulator(
    name="target",
    title="Objectif et réalisation d'un vendeur sur un mois",
    levers=(
        Lever("shop_objective", "Objectif du magasin pour le mois (HT)", 0, 200_000, 1_000, 63_000, "€"),
        Lever("other_hours", "Heures prévues des autres vendeurs", 0, 1_000, 1, 336),
        Lever("planned_hours", "Heures prévues du vendeur", 0, 250, 1, 84),
        Lever("absence_hours", "Heures d'absence du vendeur (maladie)", 0, 250, 1, 0),
        Lever("sales_per_hour", "CA HT par heure travaillée du vendeur", 0, 500, 5, 120, "€"),
    ),
    results=(
        Result("share", "Part du vendeur dans les heures prévues", "percent",
               undefined="Aucune heure prévue dans l'équipe\u00a0: l'objectif du magasin ne se partage pas."),
        Result("objective", "Objectif du vendeur (HT, à l'euro près)", "euros",
               undefined="Sans heures prévues, le vendeur n'a pas d'objectif."),
        Result("worked", "Heures travaillées (prévues − absences)", "number"),
        Result("realised", "Réalisé\u00a0: CA HT (heures travaillées × CA par heure)", "euros"),
        Result("rate", "Taux de réalisation (réalisé ÷ objectif × 100)", "percent", main=True,
               undefined="Objectif nul ou absent\u00a0: le taux de réalisation n'est pas défini."),
        Result("gap", "Écart (réalisé − objectif)", "euros", undefined="Sans objectif, pas d'écart à l'objectif."),
        Result("needed_per_hour", "CA par heure travaillée qu'il faudrait pour l'objectif", "euros",
               undefined="Aucune heure travaillée (ou pas d'objectif)\u00a0: ce CA par heure n'est pas défini."),
    ),
    compute=target,
    note=("L'objectif suit les heures prévues\u202f; une absence fait baisser les heures travaillées, "
          "donc le réalisé, mais pas l'objectif."),
)

ALL: tuple = (TARGET,)  # the simulators of this module, registered in kpilab.simulators.SIMULATORS
