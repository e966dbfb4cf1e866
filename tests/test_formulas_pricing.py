"""Prices and margins (gestion opérationnelle, épreuve E7): HT and TTC, marque and marge, selling prices.

Expected values are worked out by hand in the comments, as a BTS exam paper would, or with
exact fractions; never by calling the function under test. Every message a bad input gets is
checked with the French checks of tests/test_formulas.py.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import kpilab
from kpilab import KPIError
from test_formulas import french_problems

# --- values by hand ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "args", "expected"),
    [
        (kpilab.price_with_vat, (249,), 298.8),  # 249 × 1,20 = 298,80
        (kpilab.price_with_vat, (35, 10), 38.5),  # 35 × 1,10 = 38,50
        (kpilab.price_with_vat, (42.2, 5.5), 44.521),  # 42,20 × 1,055 = 44,521 → 44,52 €
        (kpilab.price_with_vat, (80, 0), 80.0),  # no VAT
        (kpilab.price_without_vat, (1799,), 1799 / 1.2),  # 1 799 ÷ 1,20 = 1 499,166… → 1 499,17 €
        (kpilab.price_without_vat, (59.9,), 59.9 / 1.2),  # 59,90 ÷ 1,20 = 49,916… → 49,92 €
        (kpilab.price_without_vat, (105.5, 5.5), 100.0),  # 105,50 ÷ 1,055 = 100
        (kpilab.gross_margin_from_markup, (25,), 20.0),  # 25 ÷ 125 × 100
        (kpilab.gross_margin_from_markup, (50,), 100 / 3),  # 50 ÷ 150 × 100 = 33,33 %
        (kpilab.gross_margin_from_markup, (100,), 50.0),  # 100 ÷ 200 × 100
        (kpilab.gross_margin_from_markup, (0,), 0.0),
        (kpilab.markup_from_gross_margin, (20,), 25.0),  # 20 ÷ 80 × 100
        (kpilab.markup_from_gross_margin, (40,), 200 / 3),  # 40 ÷ 60 × 100 = 66,67 %
        (kpilab.markup_from_gross_margin, (37.5,), 60.0),  # 37,5 ÷ 62,5 × 100
        (kpilab.selling_price_from_gross_margin, (1050, 30), 1500.0),  # 1 050 ÷ 0,70
        (kpilab.selling_price_from_gross_margin, (60, 40), 100.0),  # 60 ÷ 0,60
        (kpilab.selling_price_from_gross_margin, (21, 0), 21.0),
        (kpilab.selling_price_from_markup, (1050, 40), 1470.0),  # 1 050 × 1,40
        (kpilab.selling_price_from_markup, (80, 25), 100.0),  # 80 × 1,25
        (kpilab.selling_price_from_markup, (38, 150), 95.0),  # 38 × 2,50
    ],
)
def test_value_by_hand(function, args, expected):
    result = function(*args)
    assert isinstance(result, float)
    assert result == pytest.approx(expected, rel=1e-12)


def test_a_shelf_price_of_the_course_catalogue():
    # The VAE urbain Lumen: 1 799 € TTC on the shelf, bought 1 050 € HT.
    # PV HT = 1 799 ÷ 1,20 = 1 499,17 € (the price HT of lignes_commande);
    # taux de marque = (1 499,17 − 1 050) ÷ 1 499,17 = 29,96 %; taux de marge = 449,17 ÷ 1 050 = 42,78 %.
    ht = round(kpilab.price_without_vat(1799), 2)
    assert ht == 1499.17
    marque = kpilab.gross_margin_rate(ht, 1050)
    marge = kpilab.markup_rate(ht, 1050)
    assert round(marque, 2) == 29.96 and round(marge, 2) == 42.78
    assert kpilab.gross_margin_from_markup(marge) == pytest.approx(marque, rel=1e-12)
    assert kpilab.markup_from_gross_margin(marque) == pytest.approx(marge, rel=1e-12)


def test_the_usual_mistakes_give_other_numbers():
    # PV from a taux de marque of 40 % on 60 € bought: 60 ÷ 0,60 = 100 €, not 60 × 1,40 = 84 €
    # (that is a taux de marge of 40 %, a taux de marque of only 24 ÷ 84 = 28,6 %).
    assert kpilab.selling_price_from_gross_margin(60, 40) == pytest.approx(100.0)
    assert kpilab.selling_price_from_markup(60, 40) == pytest.approx(84.0)
    assert kpilab.gross_margin_rate(84, 60) == pytest.approx(24 / 84 * 100)
    # HT from 120 € TTC: 120 ÷ 1,20 = 100 €, not 120 × 0,80 = 96 €.
    assert kpilab.price_without_vat(120) == pytest.approx(100.0)
    assert kpilab.price_without_vat(120) != pytest.approx(96.0)


def test_lists_arrays_and_series():
    assert kpilab.price_with_vat([100, 50], [20, 10]).tolist() == pytest.approx([120.0, 55.0])
    assert isinstance(kpilab.price_without_vat(np.array([120.0, 60.0])), np.ndarray)
    rates = pd.Series([25.0, 100.0], index=["casque", "antivol"])
    marque = kpilab.gross_margin_from_markup(rates)
    assert list(marque.index) == ["casque", "antivol"] and marque.name == "taux_de_marque"
    assert marque.tolist() == pytest.approx([20.0, 50.0])
    prices = kpilab.selling_price_from_gross_margin(pd.Series([60.0, 21.0], index=[3, 9]), 40)
    assert list(prices.index) == [3, 9] and prices.tolist() == pytest.approx([100.0, 35.0])


# --- properties -------------------------------------------------------------------------------

amounts = st.floats(min_value=0, max_value=1e7, allow_nan=False)
positive_amounts = st.floats(min_value=0.01, max_value=1e7, allow_nan=False)
vat_rates = st.sampled_from([0, 2.1, 5.5, 10, 20]) | st.floats(min_value=0, max_value=100)
markups = st.floats(min_value=-99, max_value=1000, allow_nan=False)
gross_margins = st.floats(min_value=-1000, max_value=99, allow_nan=False)


@given(price=amounts, vat=vat_rates)
def test_ht_to_ttc_and_back(price, vat):
    ttc = kpilab.price_with_vat(price, vat)
    assert ttc >= price
    assert kpilab.price_without_vat(ttc, vat) == pytest.approx(price, rel=1e-12, abs=1e-9)
    exact = Fraction(price) * (100 + Fraction(vat)) / 100
    assert ttc == pytest.approx(float(exact), rel=1e-12)


@given(markup=markups)
def test_markup_to_gross_margin_and_back(markup):
    gross = kpilab.gross_margin_from_markup(markup)
    assert gross < 100
    assert kpilab.markup_from_gross_margin(gross) == pytest.approx(markup, rel=1e-9, abs=1e-9)
    assert gross <= markup  # the same margin over a larger base: the taux de marque is smaller
    if markup >= 1e-6:
        assert 0 < gross < markup


@given(gross=gross_margins)
def test_gross_margin_to_markup_and_back(gross):
    assert kpilab.gross_margin_from_markup(kpilab.markup_from_gross_margin(gross)) == pytest.approx(
        gross, rel=1e-9, abs=1e-9)


@given(cost=positive_amounts, gross=st.floats(min_value=0, max_value=95))
def test_the_price_from_a_taux_de_marque_has_that_taux_de_marque(cost, gross):
    price = kpilab.selling_price_from_gross_margin(cost, gross)
    assert price >= cost
    assert kpilab.gross_margin_rate(price, cost) == pytest.approx(gross, rel=1e-9, abs=1e-9)
    # the same price from the matching taux de marge
    assert kpilab.selling_price_from_markup(cost, kpilab.markup_from_gross_margin(gross)) == pytest.approx(
        price, rel=1e-9)


@given(cost=positive_amounts, markup=st.floats(min_value=0, max_value=1000))
def test_the_price_from_a_taux_de_marge_has_that_taux_de_marge(cost, markup):
    price = kpilab.selling_price_from_markup(cost, markup)
    assert kpilab.markup_rate(price, cost) == pytest.approx(markup, rel=1e-9, abs=1e-9)


@given(price=positive_amounts, cost=positive_amounts)
def test_the_rates_of_two_prices_convert_into_each_other(price, cost):
    assume(cost < price <= 100 * cost)  # up to a taux de marge of 9 900 %
    marque, marge = kpilab.gross_margin_rate(price, cost), kpilab.markup_rate(price, cost)
    assert kpilab.gross_margin_from_markup(marge) == pytest.approx(marque, rel=1e-9, abs=1e-9)
    assert kpilab.markup_from_gross_margin(marque) == pytest.approx(marge, rel=1e-9, abs=1e-9)


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
        (lambda: kpilab.markup_from_gross_margin(100), ("`gross_margin_rate`", "100", "taux de marge")),
        (lambda: kpilab.markup_from_gross_margin(150), ("`gross_margin_rate`", "impossible")),
        (lambda: kpilab.selling_price_from_gross_margin(60, 100), ("`gross_margin_rate`", "impossible")),
        (lambda: kpilab.selling_price_from_gross_margin(60, [30, 120]), ("position 1",)),
        (lambda: kpilab.gross_margin_from_markup(-100), ("`markup_rate`", "nul ou négatif")),
        (lambda: kpilab.selling_price_from_markup(60, -150), ("`markup_rate`", "nul ou négatif")),
        (lambda: kpilab.price_with_vat(100, 120), ("`vat_rate`", "entre 0 et 100", "20 pour 20")),
        (lambda: kpilab.price_without_vat(100, -5), ("`vat_rate`", "entre 0 et 100")),
        (lambda: kpilab.price_with_vat(-10), ("`price_ht`", "négatif")),
        (lambda: kpilab.price_without_vat(-10), ("`price_ttc`", "négatif")),
        (lambda: kpilab.selling_price_from_markup(-1, 25), ("`purchase_price_ht`", "négatif")),
        (lambda: kpilab.selling_price_from_gross_margin("douze", 25), ("`purchase_price_ht`", "pas un nombre")),
        (lambda: kpilab.price_with_vat(None), ("`price_ht`", "manquant")),
        (lambda: kpilab.gross_margin_from_markup(pd.Series([10.0, -120.0], index=["a", "b"])), ("'b'",)),
    ],
)
def test_bad_input_is_explained_in_french(call, words):
    message = _message(call)
    for word in words:
        assert word in message, (word, message)


def test_pricing_functions_never_leak_a_python_error():
    for value in (None, "", "abc", [], [[1]], {"a": 1}, True, float("nan"), float("inf"), 1e308, -1e308):
        for call in (lambda v: kpilab.price_with_vat(v), lambda v: kpilab.price_without_vat(100, v),
                     lambda v: kpilab.gross_margin_from_markup(v), lambda v: kpilab.markup_from_gross_margin(v),
                     lambda v: kpilab.selling_price_from_gross_margin(v, 30),
                     lambda v: kpilab.selling_price_from_markup(50, v)):
            try:
                result = call(value)
            except KPIError as error:
                assert french_problems(str(error)) == []
            else:
                assert np.isfinite(np.asarray(result, dtype="float64")).all()
