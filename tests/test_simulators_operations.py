"""Lesson 10's simulator: prices from a target taux de marque, then the seuil and the point mort."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpilab.errors import KPIError
from kpilab.simulators import SIMULATORS
from kpilab.simulators.operations import ALL, PRICING
from kpilab.widgets import render_results


def _cents(value: Fraction) -> Fraction:
    """Half up to the cent, written here from scratch."""
    return Fraction(int((value * 100 + Fraction(1, 2)) // 1), 100)


def test_registered():
    assert ALL == (PRICING,) and SIMULATORS["pricing"] is PRICING


def test_the_lesson_example_by_hand():
    r = PRICING.run()
    # 600 € HT with a 40 % taux de marque: 600 ÷ 0,60 = 1 000 € HT, 1 200 € TTC, coefficient 2
    assert (r["selling_price_ht"], r["selling_price_ttc"], r["coefficient"]) == (1000, 1200, 2)
    assert r["markup_rate"] == pytest.approx(400 / 600 * 100)
    # 1 000 bikes: CA 1 000 000 €, MCV 400 000 €; seuil 226 000 ÷ 400 = 565 bikes = 565 000 €
    assert (r["unit_margin"], r["revenue"], r["contribution"]) == (400, 1_000_000, 400_000)
    assert (r["break_even_units"], r["break_even"]) == (565, 565_000)
    # point mort 565 000 ÷ 1 000 000 × 360 = 203,4 days; result 400 000 − 226 000
    assert (r["break_even_days"], r["result"]) == (203.4, 174_000)


def test_a_lower_taux_de_marque_by_hand():
    r = PRICING.run(gross_margin_target=35)
    # 600 ÷ 0,65 = 923,0769… → 923,08 € HT; × 1,20 = 1 107,696 → 1 107,70 € TTC
    assert (r["selling_price_ht"], r["selling_price_ttc"]) == (923.08, 1107.70)
    # margin 323,08 €; 226 000 ÷ 323,08 = 699,5… → 700 bikes
    assert (r["unit_margin"], r["break_even_units"]) == (323.08, 700)
    # seuil 226 000 × 923,08 ÷ 323,08 = 645 710,29 €; point mort 645 710,29 ÷ 923 080 × 360 = 251,8 days
    assert r["break_even"] == 645_710.29 and r["break_even_days"] == 251.8


def test_reduced_vat():
    assert PRICING.run(vat_rate=5.5)["selling_price_ttc"] == 1055.0  # 1 000 × 1,055


def test_undefined_results_say_why():
    no_margin = PRICING.run(gross_margin_target=0)
    assert no_margin["break_even_units"] is None and no_margin["break_even"] is None
    assert no_margin["result"] == -226_000
    reasons = PRICING.reasons(no_margin)
    assert len(reasons) == 3 and "Marge nulle" in reasons[0] and all("Prix d'achat" not in r for r in reasons)
    no_sale = PRICING.run(volume=0)
    assert no_sale["break_even_days"] is None and no_sale["break_even_units"] == 565
    assert PRICING.reasons(no_sale) == [PRICING.results[-2].undefined]
    free = PRICING.run(purchase_price=0)
    assert free["coefficient"] is None and free["markup_rate"] is None
    assert all(PRICING.reasons(free))  # every undefined result says why
    assert {r.key for r in PRICING.results if free[r.key] is None} <= {r.key for r in PRICING.results if r.undefined}
    html = render_results(PRICING, {"gross_margin_target": 0})
    assert "non défini" in html and "Marge nulle" in html


@pytest.mark.parametrize("values, message", [
    ({"gross_margin_target": 100}, "100 % ou plus est impossible"),
    ({"volume": -5}, "négatif"),
    ({"vat_rate": 120}, "pourcentage"),
    ({"prix": 3}, "Leviers inconnus"),
])
def test_impossible_levers_are_french_errors(values, message):
    with pytest.raises(KPIError) as error:
        PRICING.run(**values)
    assert message in str(error.value).replace("\u202f", " ").replace("\u00a0", " ")


@settings(max_examples=200, deadline=None)
@given(
    purchase=st.integers(100, 300_000).map(lambda c: Fraction(c, 100)),
    rate=st.integers(1, 160).map(lambda h: Fraction(h, 2)),  # 0,5 % … 80 %
    vat=st.sampled_from([Fraction(0), Fraction(21, 10), Fraction(55, 10), Fraction(10), Fraction(20)]),
    fixed=st.integers(0, 600).map(lambda k: k * 1000),
    volume=st.integers(0, 3000),
)
def test_every_figure_follows_from_the_figures_shown(purchase, rate, vat, fixed, volume):
    r = PRICING.run(purchase_price=float(purchase), gross_margin_target=float(rate), vat_rate=float(vat),
                    fixed_costs=fixed, volume=volume)
    price = _cents(purchase / (1 - rate / 100))
    assert Fraction(r["selling_price_ht"]).limit_denominator(100) == price
    assert Fraction(r["selling_price_ttc"]).limit_denominator(100) == _cents(price * (1 + vat / 100))
    margin = price - purchase
    assert Fraction(r["unit_margin"]).limit_denominator(100) == margin
    assert Fraction(r["revenue"]).limit_denominator(100) == volume * price
    assert Fraction(r["result"]).limit_denominator(100) == volume * margin - fixed
    if margin > 0:
        units = r["break_even_units"]
        assert units * margin >= fixed and (units - 1) * margin < fixed or fixed == units == 0
        assert Fraction(r["break_even"]).limit_denominator(100) == _cents(fixed * price / margin)
        if volume:
            days = Fraction(r["break_even"]).limit_denominator(100) / (volume * price) * 360
            assert abs(Fraction(r["break_even_days"]).limit_denominator(10) - days) <= Fraction(1, 20)
