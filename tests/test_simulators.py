"""The simulators' logic, checked with numbers worked out by hand, and their widgets."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpilab import KPIError, simulators
from kpilab.simulators import SIMULATORS


def test_funnel_by_hand():
    # 2 000 contacts × 5 % = 100 réponses × 40 % = 40 leads × 25 % = 10 ventes × 3 000 € = 30 000 €
    out = simulators.FUNNEL.run()
    assert (out["responses"], out["leads"], out["sales"], out["revenue"]) == pytest.approx((100, 40, 10, 30_000))
    assert out["overall"] == pytest.approx(0.5)  # 10 ventes pour 2 000 contacts


def test_response_leaves_invalid_contacts_out():
    # 5 000 contacts, 10 % invalides → 4 500 valides; 2,5 % → 112,5 réponses; 1 500 € / 112,5 = 13,33 €
    out = simulators.RESPONSE.run()
    assert out["reached"] == pytest.approx(4500)
    assert out["rate"] == pytest.approx(2.5)
    assert out["wrong_rate"] == pytest.approx(112.5 / 5000 * 100)
    assert out["cost_per_response"] == pytest.approx(1500 / 112.5)


def test_conversion_by_hand():
    out = simulators.CONVERSION.run(leads=50, conversion_rate=10, cost=10_000, deal_value=6_000)
    assert out["sales"] == pytest.approx(5)
    assert out["cost_per_conversion"] == pytest.approx(2_000)
    assert out["return"] == pytest.approx(30_000 - 10_000)
    assert math.isnan(simulators.CONVERSION.run(leads=0)["cost_per_conversion"])  # no sale: undefined


def test_cycle_mean_moves_median_barely():
    typical = simulators.TYPICAL_CYCLES  # 18 … 70, sum 430, median (40 + 44) / 2 = 42
    none = simulators.CYCLE.run(long_deals=0)
    assert none["mean"] == pytest.approx(43.0) and none["median"] == pytest.approx(42.0)
    assert sum(typical) == 430
    three = simulators.CYCLE.run(long_deals=3, long_days=300)
    assert three["mean"] == pytest.approx((430 + 900) / 13)
    assert three["median"] == 49.0  # 13 values: the 7th is 49


def test_basket_by_hand():
    # 1 000 tickets, 12 % with a bike = 120 bikes; 40 % e-bikes: 72 × 650 + 48 × 2 300 = 157 200
    # helmets: 35 % × 120 = 42 × 60 = 2 520; other tickets 880 × 45 = 39 600
    out = simulators.BASKET.run()
    assert out["revenue"] == pytest.approx(157_200 + 2_520 + 39_600)
    assert out["aov"] == pytest.approx((157_200 + 2_520 + 39_600) / 1000)
    up = simulators.BASKET.run(ebike_share=50)
    assert up["aov"] > out["aov"]  # upselling raises the basket


def test_retention_path_by_hand():
    out = simulators.RETENTION.run(customers=1000, retention_rate=50, new_customers=100, years=2)
    assert out["path"] == pytest.approx([1000, 600, 400])  # 1000 × 0,5 + 100, then 600 × 0,5 + 100
    assert out["retained_first_year"] == pytest.approx(500)


def test_churn_monthly_to_annual():
    out = simulators.CHURN.run(monthly_churn=5, customers=1000)
    assert out["annual"] == pytest.approx((1 - 0.95**12) * 100)
    assert out["wrong_annual"] == pytest.approx(60)
    assert out["left"] == pytest.approx(1000 * 0.95**12)


def test_lifetime_value_and_one_more_point_of_retention():
    # churn 35 % → 1 / 0,35 years; 120 € × 2,5 × 2,857 × 0,35 = 300 €
    out = simulators.LIFETIME_VALUE.run()
    assert out["clv"] == pytest.approx(120 * 2.5 / 0.35 * 0.35)
    assert out["ratio"] == pytest.approx(300 / 60)
    assert out["clv_plus_one_point"] == pytest.approx(120 * 2.5 / 0.34 * 0.35)
    assert math.isinf(simulators.LIFETIME_VALUE.run(retention_rate=100)["clv"])


def test_shop_day_by_hand():
    out = simulators.SHOP.run(visitors=200, transformation=20, basket=100, purchase_price=30, selling_price_ht=50)
    assert out["tickets"] == pytest.approx(40) and out["revenue"] == pytest.approx(4000)
    assert out["gross_margin_rate"] == pytest.approx(40)  # (50 - 30) / 50
    assert out["markup_rate"] == pytest.approx(200 / 3)  # (50 - 30) / 30
    assert out["coefficient"] == pytest.approx(60 / 30)  # 50 × 1,2 / 30


def test_unknown_lever_is_a_french_error():
    with pytest.raises(KPIError, match="Leviers inconnus"):
        simulators.FUNNEL.run(budget=3)


@pytest.mark.parametrize("name", sorted(SIMULATORS))
def test_every_lever_corner_gives_displayable_results(name):
    from kpilab.widgets import render_results

    sim = SIMULATORS[name]
    for corner in ("low", "high"):
        values = {lever.name: getattr(lever, corner) for lever in sim.levers}
        html = render_results(sim, values)
        assert "<table" in html and "Traceback" not in html


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_random_lever_values_never_crash(data):
    from kpilab.widgets import render_results

    sim = data.draw(st.sampled_from(list(SIMULATORS.values())))
    values = {
        lever.name: data.draw(st.floats(min_value=lever.low, max_value=lever.high)) for lever in sim.levers
    }
    render_results(sim, values)


def test_widget_updates_when_a_slider_moves():
    from kpilab.widgets import simulator

    box = simulator("funnel")
    before = box.output.value
    assert "30 000,00 €" in before
    box.sliders["contacts"].value = 4000  # twice the contacts: twice the revenue
    assert "60 000,00 €" in box.output.value
    with pytest.raises(KPIError, match="Simulateur inconnu"):
        simulator("inconnu")
