"""French numbers, dates and words on the charts: tick formatters, month names, labels of the data's codes.

>>> ticks = FrenchTicks("percent")
>>> ticks.set_locs([0, 0.5, 1])
>>> ticks(0.5), label("velotaf"), label(("magasin", pd.Period("2024Q1", freq="Q")))
('0,5\\u202f%', 'vélotaf', 'magasin · T1 2024')
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.ticker import Formatter

from kpilab import formatting
from kpilab.errors import KPIError

def _fmt(kind: str, digits: int):
    """A formatter for one value: a French number of the given kind (see formatting.format_value)."""

    def show(value, _position=None):
        return formatting.format_value(value, kind, digits)

    return show


def _decimals(locations, at_least: int = 0) -> int:
    """The fewest decimals (at least ``at_least``, at most 6) that write every tick exactly."""
    values = np.asarray([v for v in locations if np.isfinite(v)], dtype="float64")
    if values.size == 0:
        return at_least
    scale = max(1.0, float(np.abs(values).max()))
    for digits in range(at_least, 7):
        if np.all(np.abs(values - np.round(values, digits)) <= 1e-9 * scale):
            return digits
    return 6


class FrenchTicks(Formatter):
    """Tick labels in French format (``0,5 %``, ``1 200 €``), with as many decimals as the ticks
    need to be told apart (0,5 and 1 are not both written "1 %"), and at least ``digits``."""

    def __init__(self, kind: str = "number", digits: int = 0):
        self.kind, self.digits, self._digits = kind, digits, digits

    def set_locs(self, locs):
        super().set_locs(locs)
        self._digits = _decimals(locs, self.digits)

    def __call__(self, x, pos=None):
        return formatting.format_value(x, self.kind, self._digits)


# How the data's codes read on a chart (the codes have no accents, French has).
DISPLAY = {
    "emailing": "e-mailing", "telephone": "téléphone", "linkedin": "LinkedIn", "salon": "salon",
    "courrier": "courrier", "campagne": "campagne", "site_web": "site web", "recommandation": "recommandation",
    "magasin": "magasin", "web": "web", "b2b": "B2B", "velotaf": "vélotaf", "sportif": "sportif",
    "famille": "famille", "occasionnel": "occasionnel", "entreprise": "entreprise", "particulier": "particulier",
    "sante": "santé", "collectivite": "collectivité", "btp": "BTP", "industrie": "industrie",
    "services": "services", "commerce": "commerce", "gagne": "gagné", "perdu": "perdu", "en_cours": "en cours",
    "velo_electrique": "vélo électrique", "velo_ville": "vélo de ville", "velo_route": "vélo de route",
    "vtt": "VTT", "casque": "casque", "antivol": "antivol", "accessoire": "accessoire", "entretien": "entretien",
}
_MONTHS = formatting.MONTHS


def month_name(month: int) -> str:
    """The French abbreviated name of a month number (1 = janv., 12 = déc.)."""
    if isinstance(month, bool) or not isinstance(month, (int, np.integer)) or not 1 <= month <= 12:
        raise KPIError(f"Un numéro de mois va de 1 (janvier) à 12 (décembre), pas {month!r}.")
    return _MONTHS[int(month) - 1]


def label(value) -> str:
    """How one index value reads on a chart: French words, French periods (T1 2024, mars 2025)."""
    if isinstance(value, tuple):
        return " · ".join(label(v) for v in value)
    if isinstance(value, pd.Period):
        return str(formatting.format_period(value))
    return DISPLAY.get(str(value), str(value))


def _labels(index) -> list[str]:
    return [label(i) for i in index]

class FrenchDates(Formatter):
    """Date ticks in French: ``janv. 2024`` when every tick is the first of a month, else ``15/03/2025``."""

    def set_locs(self, locs):
        super().set_locs(locs)
        self._monthly = all(mdates.num2date(x).day == 1 for x in locs)

    def __call__(self, x, pos=None):
        date = mdates.num2date(x)
        if getattr(self, "_monthly", False):
            return f"{_MONTHS[date.month - 1]} {date.year}"
        return formatting.format_date(date.strftime("%Y-%m-%d"))
