"""kpilab.forecast: the BTS method checked by hand, against numpy.polyfit and on the course data."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from course_csv import rows
from kpilab import forecast
from kpilab.errors import KPIError


def test_moving_average_of_order_12_is_the_2x12_centred_mean():
    values = list(range(1, 25))  # 1 … 24
    smoothed = forecast.moving_average(values)
    assert smoothed.iloc[:6].isna().all() and smoothed.iloc[18:].isna().all()
    # month 7: (1/2 + 2 + … + 12 + 13/2) ÷ 12, worked out: (0.5 + 77 + 6.5) ÷ 12 = 7
    assert smoothed.iloc[6] == pytest.approx((0.5 + sum(range(2, 13)) + 6.5) / 12) == 7
    # a constant seasonal pattern repeated is flattened to its mean
    pattern = [5, 7, 12, 20, 22, 19, 15, 10, 14, 9, 8, 11]
    flat = forecast.moving_average(pattern * 3).dropna()
    assert np.allclose(flat, sum(pattern) / 12)


def test_moving_average_of_odd_order_is_the_plain_mean():
    assert forecast.moving_average([3, 6, 9, 12, 15], order=3).tolist()[1:4] == [6, 9, 12]


def test_linear_trend_by_hand_and_against_polyfit():
    # y = 2x + 1 exactly
    assert forecast.linear_trend([3, 5, 7, 9]) == (2.0, 1.0)
    # by hand: x = 1..4, y = 2, 4, 5, 9; x̄ = 2,5, ȳ = 5
    # Σ(x−x̄)(y−ȳ) = (−1,5)(−3) + (−0,5)(−1) + (0,5)(0) + (1,5)(4) = 4,5 + 0,5 + 0 + 6 = 11 ; Σ(x−x̄)² = 5
    a, b = forecast.linear_trend([2, 4, 5, 9])
    assert a == pytest.approx(11 / 5) and b == pytest.approx(5 - 2.2 * 2.5)
    rng = np.random.default_rng(10)
    values = rng.uniform(50, 500, size=30)
    assert np.allclose(forecast.linear_trend(values), np.polyfit(np.arange(1, 31), values, 1))


def test_seasonal_coefficients_average_one_and_are_the_mean_ratio():
    values = [10, 20, 30, 20, 14, 24, 34, 24]
    a, b = np.polyfit(np.arange(1, 9), values, 1)
    ratios = [v / (a * x + b) for x, v in enumerate(values, start=1)]
    raw = [(ratios[i] + ratios[i + 4]) / 2 for i in range(4)]
    expected = [r * 4 / sum(raw) for r in raw]
    coefficients = forecast.seasonal_coefficients(values, period=4)
    assert np.allclose(coefficients, expected)
    assert coefficients.mean() == pytest.approx(1)


def test_seasonal_coefficients_follow_the_calendar_month():
    months = pd.period_range("2024-03", periods=24, freq="M")
    sales = pd.Series([100 + (50 if m.month in (4, 5) else 0) for m in months], index=months)
    coefficients = forecast.seasonal_coefficients(sales)
    assert list(coefficients.index) == list(range(1, 13))
    assert set(coefficients.nlargest(2).index) == {4, 5} and coefficients.drop([4, 5]).max() < 1


def test_forecast_is_trend_times_coefficient_on_the_next_months():
    months = pd.period_range("2024-01", periods=24, freq="M")
    sales = pd.Series(np.arange(24) * 3.0 + 100 + np.tile([0, 10, 20] * 4, 2), index=months)
    table = forecast.forecast(sales, horizon=3)
    assert [str(p) for p in table.index] == ["2026-01", "2026-02", "2026-03"]
    a, b = np.polyfit(np.arange(1, 25), sales.to_numpy(), 1)
    coefficients = forecast.seasonal_coefficients(sales)
    assert table["rang"].tolist() == [25, 26, 27]
    assert np.allclose(table["prevision"], [(a * x + b) * coefficients[m] for x, m in ((25, 1), (26, 2), (27, 3))])


def test_budget_variances_value_percent_and_verdict():
    table = forecast.budget_variances(pd.Series([95_000, 110_000, 50], index=["janv.", "févr.", "mars"]),
                                      pd.Series([100_000, 100_000, 50], index=["janv.", "févr.", "mars"]))
    assert table["ecart"].tolist() == [-5_000, 10_000, 0]
    assert table["ecart_pct"].tolist() == [-5, 10, 0]
    assert table["appreciation"].tolist() == ["défavorable", "favorable", "nul"]
    costs = forecast.budget_variances([95_000], [100_000], costs=True)
    assert costs["appreciation"].tolist() == ["favorable"]
    zero = forecast.budget_variances(10, 0)
    assert pd.isna(zero["ecart_pct"].iloc[0]) and zero["ecart"].iloc[0] == 10


def test_budget_variances_match_series_on_their_index():
    real = pd.Series([1, 2], index=["a", "b"])
    assert forecast.budget_variances(real, pd.Series([2, 1], index=["b", "a"]))["ecart"].tolist() == [0, 0]
    with pytest.raises(KPIError, match="mêmes périodes"):
        forecast.budget_variances(real, pd.Series([1, 2], index=["a", "c"]))
    with pytest.raises(KPIError, match="un prévu par réalisé"):
        forecast.budget_variances([1, 2], [1])


@pytest.mark.parametrize("call, message", [
    (lambda: forecast.moving_average([1, 2, 3]), "au moins 13"),
    (lambda: forecast.moving_average(list(range(30)), order=1), "au moins 2"),
    (lambda: forecast.linear_trend([5]), "au moins 2"),
    (lambda: forecast.linear_trend([1, None, 3]), "valeur manquante"),
    (lambda: forecast.linear_trend(["a", "b"]), "des nombres"),
    (lambda: forecast.seasonal_coefficients([1, 2, 3]), "au moins 12"),
    (lambda: forecast.seasonal_coefficients([10, 5, 1, 0.1], period=2), "négative"),
    (lambda: forecast.forecast(list(range(1, 25)), horizon=0), "au moins 1"),
])
def test_bad_inputs_give_french_errors(call, message):
    with pytest.raises(KPIError, match=message):
        call()


def _shop_sales_by_month() -> dict[str, float]:
    sales = defaultdict(float)
    for r in rows("commandes"):
        if r["canal"] == "magasin":
            sales[r["date"][:7]] += float(r["montant_ht"])
    return dict(sorted(sales.items()))


def test_on_the_course_data_the_trend_is_the_least_squares_line_of_the_24_months():
    monthly = _shop_sales_by_month()
    assert len(monthly) == 24
    y = list(monthly.values())
    n = len(y)
    xbar, ybar = (n + 1) / 2, sum(y) / n
    a = sum((x - xbar) * (v - ybar) for x, v in enumerate(y, start=1)) / sum((x - xbar) ** 2 for x in range(1, n + 1))
    series = pd.Series(y, index=pd.PeriodIndex(list(monthly), freq="M"))
    trend = forecast.linear_trend(series)
    assert trend.a == pytest.approx(a) and trend.b == pytest.approx(ybar - a * xbar)
    # the 2×12 moving average of July 2024, written out
    july = (y[0] / 2 + sum(y[1:12]) + y[12] / 2) / 12
    assert forecast.moving_average(series)["2024-07"] == pytest.approx(july)
    assert math.isclose(forecast.forecast(series)["prevision"].sum(),
                        sum((a * x + ybar - a * xbar) * c for x, c in zip(range(25, 37),
                            forecast.seasonal_coefficients(series))), rel_tol=1e-12)
