"""The logic of the lessons' simulators, as plain functions.

Each simulator is declared as data (:class:`Simulator`): its levers (the
sliders a student moves), a pure function from lever values to results, and
how each result is shown. :mod:`kpilab.widgets` turns one into sliders; the
tests call the functions directly. Every KPI goes through a
:mod:`kpilab.formulas` function, so a simulator and the lesson's formula
always agree.

Simulators count whole people, sales and tickets, as a student does by hand:
each stage is a whole number (rounded half up, 77.5 → 78) computed from the
previous stage's whole number, and every other figure is computed from those
whole numbers. Amounts are rounded to the cent and durations to the day before
use. A result that would divide by zero (no sale, so no cost per conversion)
is ``None``: the widget shows "non défini" and a short French reason.

>>> FUNNEL.run(contacts=2000, response=5, qualification=40, conversion=25, basket=300)["revenue"]
3000.0
>>> CONVERSION.run(leads=310, conversion_rate=25)["sales"]  # 77,5 → 78 ventes
78
>>> CONVERSION.run(leads=0)["cost_per_conversion"] is None
True

The machinery is in :mod:`kpilab.simulators._core`; the simulators sit in
modules by lesson group (:mod:`~kpilab.simulators.prospecting`,
:mod:`~kpilab.simulators.customers`, :mod:`~kpilab.simulators.shop`).
A new simulator is added to :data:`SIMULATORS` below.
"""

from kpilab.simulators._core import (
    Lever,
    Result,
    Simulator,
    cents,
    left_after,
    share_of,
    tenth,
    times,
    whole,
)
from kpilab.simulators.customers import BASKET, CHURN, LIFETIME_VALUE, RETENTION
from kpilab.simulators.prospecting import (
    CONVERSION,
    CYCLE,
    FLEET_MARGIN_RATE,
    FUNNEL,
    RESPONSE,
    TYPICAL_CYCLES,
)
from kpilab.simulators import operations, team
from kpilab.simulators.shop import SHOP

__all__ = [
    "Lever", "Result", "Simulator", "SIMULATORS",
    "FUNNEL", "RESPONSE", "CONVERSION", "CYCLE", "BASKET", "RETENTION",
    "CHURN", "LIFETIME_VALUE", "SHOP",
    "whole", "share_of", "left_after", "times", "cents", "tenth", "FLEET_MARGIN_RATE", "TYPICAL_CYCLES",
]


SIMULATORS = {s.name: s for s in (FUNNEL, RESPONSE, CONVERSION, CYCLE, BASKET, RETENTION, CHURN, LIFETIME_VALUE, SHOP,
                                   *operations.ALL, *team.ALL)}
