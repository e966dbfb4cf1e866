"""The shop, its stock, its break-even and its team's objectives (épreuves E7 and E8).

Expected values are worked out by hand in the comments, as a BTS exam paper would, or with
exact fractions; never by calling the function under test. Every message a bad input gets is
checked with the French checks of tests/test_formulas.py.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import kpilab
from kpilab import KPIError, formulas
from test_formulas import anything, french_problems

# --- values by hand ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "args", "expected"),
    [
        (kpilab.average_item_price, (12_600, 420), 30.0),  # 12 600 € ÷ 420 articles
        (kpilab.capture_rate, (126, 4200), 3.0),  # 126 ÷ 4 200 = 0,03
        (kpilab.capture_rate, (0, 1500), 0.0),
        (kpilab.sales_per_square_metre, (1_096_000, 250), 4384.0),  # 1 096 000 ÷ 250
        (kpilab.sales_per_hour, (11_340, 126), 90.0),  # 11 340 € ÷ 126 h
        (kpilab.average_stock, (42_000, 54_000), 48_000.0),  # (42 000 + 54 000) ÷ 2
        (kpilab.average_stock, (0, 0), 0.0),
        (kpilab.stock_turnover, (288_000, 48_000), 6.0),  # 288 000 ÷ 48 000
        (kpilab.stock_cover_days, (48_000, 288_000), 60.0),  # 48 000 ÷ 288 000 × 360
        (kpilab.stock_cover_days, (48_000, 72_000, 90), 60.0),  # a quarter: 48 000 ÷ 72 000 × 90
        (kpilab.stock_cover_days, (48_000, 288_000, 365), 48_000 * 365 / 288_000),  # 60,8 days
        (kpilab.shrinkage_rate, (900, 120_000), 0.75),  # (51 300 − 50 400) ÷ 120 000 × 100
        (kpilab.shrinkage_rate, (0, 80_000), 0.0),
        (kpilab.break_even_revenue, (180_000, 37.5), 480_000.0),  # 180 000 ÷ 0,375
        (kpilab.break_even_revenue, (60_000, 100), 60_000.0),
        (kpilab.break_even_days, (480_000, 640_000), 270.0),  # 480 000 ÷ 640 000 × 360: 1er octobre
        (kpilab.break_even_days, (480_000, 640_000, 365), 273.75),  # on calendar days
        (kpilab.break_even_days, (700_000, 640_000), 393.75),  # not reached within the year
        (kpilab.target_achievement_rate, (52_900, 46_000), 115.0),  # 52 900 ÷ 46 000 × 100
        (kpilab.target_achievement_rate, (41_400, 46_000), 90.0),
    ],
)
def test_value_by_hand(function, args, expected):
    result = function(*args)
    assert isinstance(result, float)
    assert result == pytest.approx(expected, rel=1e-12)


def test_the_basket_is_the_sales_index_times_the_average_item_price():
    # 300 tickets, 420 articles, 12 600 € HT: indice 1,4 × PMA 30 € = panier 42 €.
    assert kpilab.sales_index(420, 300) * kpilab.average_item_price(12_600, 420) == pytest.approx(
        kpilab.average_order_value(12_600, 300))
    assert kpilab.average_order_value(12_600, 300) == pytest.approx(42.0)


def test_a_year_of_a_shop_by_hand():
    """An E7-style sequence: stock, rotation, démarque, seuil and point mort of one shop."""
    # Stock at cost on 31/12/N-1 and 31/12/N; purchases and cost of goods sold of year N.
    opening, purchases, cost_of_sales, counted = 150_000, 560_000, 540_000, 167_300
    theoretical = opening + purchases - cost_of_sales  # 170 000
    shrinkage = theoretical - counted  # 2 700
    revenue, fixed = 900_000, 250_000
    average = kpilab.average_stock(opening, counted)  # (150 000 + 167 300) ÷ 2 = 158 650
    assert average == 158_650
    assert kpilab.stock_turnover(cost_of_sales, average) == pytest.approx(540_000 / 158_650)  # 3,4 rotations
    assert kpilab.stock_cover_days(average, cost_of_sales) == pytest.approx(105.77, abs=0.005)  # 158 650 × 360 ÷ 540 000
    assert kpilab.shrinkage_rate(shrinkage, revenue) == pytest.approx(0.3)  # 2 700 ÷ 900 000 × 100
    # The accounting cost of goods sold, purchases + opening − closing = 542 700, holds the démarque:
    margin_rate = (revenue - cost_of_sales - shrinkage) / revenue * 100  # (900 000 − 542 700) ÷ 900 000 = 39,7 %
    threshold = kpilab.break_even_revenue(fixed, margin_rate)  # 250 000 ÷ 0,397 = 629 722,92 €
    assert threshold == pytest.approx(629_722.92, abs=0.01)
    assert kpilab.break_even_days(threshold, revenue) == pytest.approx(251.89, abs=0.005)  # ÷ 900 000 × 360


def test_lists_arrays_and_series():
    shops = ["Bellecour", "Croix-Rousse"]
    rate = kpilab.capture_rate(pd.Series([120, 70], index=shops), pd.Series([4000, 1400], index=shops))
    assert list(rate.index) == shops and rate.name == "taux_de_captation"
    assert rate.tolist() == pytest.approx([3.0, 5.0])
    assert kpilab.stock_cover_days([10, 20], [120, 120], days=[360, 90]).tolist() == pytest.approx([30.0, 15.0])
    assert isinstance(kpilab.break_even_revenue(np.array([100.0, 200.0]), 40), np.ndarray)
    achieved = kpilab.target_achievement_rate(pd.Series([90.0, 120.0], index=[7, 8]), pd.Series([100, 100], index=[7, 8]))
    assert achieved.tolist() == pytest.approx([90.0, 120.0]) and achieved.name == "taux_de_realisation"


# --- properties -------------------------------------------------------------------------------

amounts = st.floats(min_value=0, max_value=1e9, allow_nan=False)
positive_amounts = st.floats(min_value=1, max_value=1e9, allow_nan=False)
periods = st.sampled_from([30, 90, 360, 365]) | st.integers(min_value=1, max_value=3650)


@given(passers=st.integers(min_value=1, max_value=10**7), data=st.data())
def test_capture_rates_stay_between_0_and_100_and_match_exact_fractions(passers, data):
    entrants = data.draw(st.integers(min_value=0, max_value=passers))
    rate = kpilab.capture_rate(entrants, passers)
    assert 0 <= rate <= 100
    assert rate == pytest.approx(float(Fraction(entrants, passers) * 100), rel=1e-12)


@given(stock=positive_amounts, cost=positive_amounts, days=periods)
def test_storage_days_are_the_period_over_the_rotation(stock, cost, days):
    assert kpilab.stock_cover_days(stock, cost, days) * kpilab.stock_turnover(cost, stock) == pytest.approx(
        days, rel=1e-9)


@given(opening=amounts, closing=amounts)
def test_the_average_stock_lies_between_the_two_counts(opening, closing):
    average = kpilab.average_stock(opening, closing)
    assert min(opening, closing) <= average <= max(opening, closing)
    assert average == pytest.approx(float((Fraction(opening) + Fraction(closing)) / 2), rel=1e-12)


@given(fixed=amounts, rate=st.floats(min_value=0.5, max_value=100), revenue=positive_amounts, days=periods)
def test_at_the_seuil_the_margin_pays_the_fixed_costs(fixed, rate, revenue, days):
    threshold = kpilab.break_even_revenue(fixed, rate)
    assert threshold * rate / 100 == pytest.approx(fixed, rel=1e-9, abs=1e-6)
    point = kpilab.break_even_days(threshold, revenue, days)
    margin = revenue * rate / 100
    assume(abs(margin - fixed) > 1e-6 * max(margin, fixed, 1))
    assert (point <= days) == (margin >= fixed)  # the seuil is reached within the period iff it is profitable


@given(lost=amounts, revenue=positive_amounts)
def test_the_shrinkage_rate_is_the_share_of_revenue(lost, revenue):
    assert kpilab.shrinkage_rate(lost, revenue) == pytest.approx(
        float(Fraction(lost) / Fraction(revenue) * 100), rel=1e-12)


@given(pairs=st.lists(st.tuples(amounts, positive_amounts), min_size=1, max_size=20))
def test_element_wise_equals_one_by_one(pairs):
    actual = pd.Series([a for a, _ in pairs])
    target = pd.Series([t for _, t in pairs])
    together = kpilab.target_achievement_rate(actual, target)
    for i, (a, t) in enumerate(pairs):
        assert together.iloc[i] == kpilab.target_achievement_rate(a, t)


NEW = ["average_item_price", "capture_rate", "sales_per_square_metre", "sales_per_hour", "average_stock",
       "stock_turnover", "stock_cover_days", "shrinkage_rate", "break_even_revenue", "break_even_days",
       "target_achievement_rate", "price_with_vat", "price_without_vat", "gross_margin_from_markup",
       "markup_from_gross_margin", "selling_price_from_gross_margin", "selling_price_from_markup"]


@settings(max_examples=200)
@given(a=anything, b=anything)
def test_any_input_gives_a_number_or_a_french_kpierror(a, b):
    for name in NEW:
        function = getattr(kpilab, name)
        try:
            result = function(a) if name in ("gross_margin_from_markup", "markup_from_gross_margin") else function(a, b)
        except KPIError as error:
            assert french_problems(str(error)) == [], str(error)
            continue
        assert np.isfinite(np.atleast_1d(np.asarray(result, dtype="float64"))).all(), (name, a, b, result)


def test_the_new_formulas_are_exported_and_declared():
    for name in NEW:
        assert getattr(kpilab, name) is getattr(formulas, name)
        assert name in formulas.__all__ and name in kpilab.__all__ and name in formulas.KPI_NAMES


# --- bad input: French messages that say what to correct -------------------------------------


def _message(call) -> str:
    with pytest.raises(KPIError) as info:
        call()
    message = str(info.value)
    assert french_problems(message) == [], (message, french_problems(message))
    return message


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: kpilab.average_item_price(500, 0), ("`items`", "Division par zéro", "prix moyen par article")),
        (lambda: kpilab.capture_rate(12, 0), ("`passers_by`", "Division par zéro", "taux de captation")),
        (lambda: kpilab.capture_rate(300, 200), ("`entrants`", "`passers_by`", "impossible", "entrants compris")),
        (lambda: kpilab.capture_rate(-3, 200), ("`entrants`", "négatif")),
        (lambda: kpilab.sales_per_square_metre(10_000, 0), ("`area_m2`", "Division par zéro")),
        (lambda: kpilab.sales_per_hour(10_000, 0), ("`hours`", "Division par zéro")),
        (lambda: kpilab.average_stock(-1, 5), ("`opening`", "négatif")),
        (lambda: kpilab.average_stock(1, "beaucoup"), ("`closing`", "pas un nombre")),
        (lambda: kpilab.stock_turnover(100, 0), ("`average_stock`", "Division par zéro", "rotation des stocks")),
        (lambda: kpilab.stock_cover_days(100, 0), ("`cost_of_goods_sold`", "Division par zéro")),
        (lambda: kpilab.stock_cover_days(100, 200, 0), ("`days`", "strictement positif")),
        (lambda: kpilab.stock_cover_days(100, 200, [30, -1]), ("`days`", "position 1")),
        (lambda: kpilab.shrinkage_rate(-520, 1000), ("`shrinkage`", "stock théorique − stock compté", "à l'envers")),
        (lambda: kpilab.shrinkage_rate(100, 0), ("`revenue`", "Division par zéro", "taux de démarque")),
        (lambda: kpilab.break_even_revenue(1000, 0), ("`contribution_margin_rate`", "jamais atteint")),
        (lambda: kpilab.break_even_revenue(1000, -5), ("`contribution_margin_rate`", "nul ou négatif")),
        (lambda: kpilab.break_even_revenue(1000, 135), ("`contribution_margin_rate`", "entre 0 et 100", "35 pour 35")),
        (lambda: kpilab.break_even_revenue(-1000, 35), ("`fixed_costs`", "négatif")),
        (lambda: kpilab.break_even_days(1000, 0), ("`revenue`", "Division par zéro", "point mort")),
        (lambda: kpilab.break_even_days(1000, 2000, days=-360), ("`days`", "strictement positif")),
        (lambda: kpilab.target_achievement_rate(50, 0), ("`target`", "Division par zéro", "taux de réalisation")),
        (lambda: kpilab.target_achievement_rate(-50, 100), ("`actual`", "négatif")),
        (lambda: kpilab.target_achievement_rate([50, 60, 70], [100, 100]), ("même longueur",)),
        (lambda: kpilab.capture_rate(pd.Series([1], index=["a"]), pd.Series([5], index=["b"])), ("même index",)),
    ],
)
def test_bad_input_is_explained_in_french(call, words):
    message = _message(call)
    for word in words:
        assert word in message, (word, message)
