"""The simulator of lesson 11 (objective and achievement of a seller): worked by hand, then any
lever value checked with exact fractions, and what the widget shows.

``check_target`` and ``TARGET_COUNTS`` follow the shape of CHECKS and COUNTS in
tests/test_simulators.py, so that its test of every simulator can use them.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kpilab import KPIError
from kpilab.simulators import SIMULATORS
from kpilab.simulators.team import TARGET, objective_share
from kpilab.widgets import format_result, render_results, simulator


def half_up(x) -> int:
    """Round half up (x ≥ 0) an exact fraction: Fraction(25, 2) → 13."""
    return math.floor(Fraction(x) + Fraction(1, 2))


def dec(x) -> Fraction:
    """A float as the decimal it is written as (2.5 is exactly 5/2)."""
    return Fraction(repr(float(x)))


def check_target(v, out):
    hours = {k: half_up(dec(v[k])) for k in ("other_hours", "planned_hours", "absence_hours")}
    shop = Fraction(half_up(dec(v["shop_objective"]) * 100), 100)  # the lever in cents
    per_hour = Fraction(half_up(dec(v["sales_per_hour"]) * 100), 100)
    team = hours["other_hours"] + hours["planned_hours"]
    worked = max(hours["planned_hours"] - hours["absence_hours"], 0)
    assert out["worked"] == worked
    realised = Fraction(half_up(worked * per_hour * 100), 100)
    assert out["realised"] == float(realised)
    if not team:
        assert out["share"] is out["objective"] is out["rate"] is out["gap"] is out["needed_per_hour"] is None
        return
    assert out["share"] == pytest.approx(hours["planned_hours"] / team * 100)
    objective = half_up(shop * hours["planned_hours"] / team)  # to the euro
    assert out["objective"] == objective
    assert out["gap"] == pytest.approx(float(realised - objective))  # the two amounts shown
    assert out["rate"] == (pytest.approx(float(realised / objective * 100)) if objective else None)
    assert out["needed_per_hour"] == (pytest.approx(objective / worked) if worked else None)


TARGET_COUNTS = ("worked",)


def test_the_lesson_month_by_hand():
    # 63 000 € shared on 336 + 84 = 420 h: 150 € an hour, 84 h × 150 € = 12 600 €;
    # 84 h × 120 € = 10 080 € réalisés, 10 080 ÷ 12 600 = 80 %, 2 520 € short.
    out = TARGET.run()
    assert out == {"share": 20.0, "objective": 12_600.0, "worked": 84, "realised": 10_080.0, "rate": 80.0,
                   "gap": -2_520.0, "needed_per_hour": 150.0}
    assert TARGET.run(sales_per_hour=150)["rate"] == 100  # the shop's 150 € an hour
    sick = TARGET.run(absence_hours=14)  # two days of absence: 70 h × 120 € = 8 400 €
    assert (sick["objective"], sick["realised"]) == (12_600, 8_400)
    assert sick["rate"] == pytest.approx(200 / 3)  # 8 400 ÷ 12 600
    assert sick["needed_per_hour"] == 180  # 12 600 ÷ 70


def test_a_full_timer_and_an_alternant_at_the_same_pace_reach_the_same_rate():
    full = TARGET.run(other_hours=336, planned_hours=140)  # 476 h: 63 000 × 140 ÷ 476 = 18 529,41… → 18 529
    part = TARGET.run(other_hours=392, planned_hours=84)  # the same 476 h: 11 117,64… → 11 118
    assert (full["objective"], part["objective"]) == (18_529, 11_118)
    assert full["rate"] == pytest.approx(part["rate"], abs=0.01)  # 16 800 ÷ 18 529 and 10 080 ÷ 11 118


def test_objective_share_to_the_euro_half_up():
    assert objective_share(10_000, 1, 8) == 1_250
    assert objective_share(5, 1, 2) == 3  # 2,50 € → 3 €, half up
    assert objective_share(1_000, 0, 10) == 0 and objective_share(1_000, 0, 0) is None


def test_nobody_planned_and_nothing_worked_are_explained():
    out = TARGET.run(other_hours=0, planned_hours=0)
    reasons = TARGET.reasons(out)
    assert out["rate"] is None and any("ne se partage pas" in r for r in reasons)
    absent = TARGET.run(absence_hours=200)  # more hours of absence than planned: 0 h worked
    assert absent["worked"] == 0 and absent["rate"] == 0 and absent["needed_per_hour"] is None


def test_bad_lever_values_are_french_errors():
    with pytest.raises(KPIError, match="ne peut pas être négatif"):
        TARGET.run(planned_hours=-5)
    with pytest.raises(KPIError, match="Leviers inconnus"):
        TARGET.run(objectif=1)


def _lever_value(lever):
    steps = round((lever.high - lever.low) / lever.step)
    on_grid = st.integers(0, steps).map(lambda k: round(lever.low + k * lever.step, lever.decimals))
    return st.one_of(on_grid, st.floats(min_value=lever.low, max_value=lever.high),
                     st.sampled_from([lever.low, lever.high, lever.low or 2.2e-309]))


@settings(max_examples=300, deadline=None)
@example(values={lever.name: lever.low for lever in TARGET.levers})
@example(values={lever.name: lever.high for lever in TARGET.levers})
@example(values={"shop_objective": 5, "other_hours": 1, "planned_hours": 1, "absence_hours": 0,
                 "sales_per_hour": 0})  # a half euro of objective: 2,50 € → 3 €
@given(values=st.fixed_dictionaries({lever.name: _lever_value(lever) for lever in TARGET.levers}))
def test_any_lever_values_give_figures_from_the_figures_shown(values):
    out = TARGET.run(**values)
    for key in TARGET_COUNTS:
        assert isinstance(out[key], int) and out[key] >= 0
    check_target(values, out)
    html = render_results(TARGET, values)
    assert "<table" in html and "Traceback" not in html
    for result in TARGET.results:
        value = out[result.key]
        if value is None:
            assert result.undefined and result.undefined.replace("'", "&#x27;") in html
        else:
            assert math.isfinite(value) and format_result(value, result.kind) not in ("non défini", "infini")


def test_the_widget_shows_the_lesson_month():
    assert SIMULATORS["target"] is TARGET
    box = simulator("target")
    text = box.output.value.replace("\u202f", " ").replace("\u00a0", " ")
    assert "80,0 %" in text and "12 600,00 €" in text and "10 080,00 €" in text
    box.sliders["absence_hours"].value = 14
    text = box.output.value.replace("\u202f", " ").replace("\u00a0", " ")
    assert "66,7 %" in text and "180,00 €" in text
