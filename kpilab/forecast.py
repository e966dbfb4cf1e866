r"""Forecasting monthly sales as taught in BTS MCO, and budget variances.

The method, step by step (multiplicative model: sales = trend × seasonal coefficient):

1. :func:`moving_average`: the centred moving average of order 12 smooths out
   the seasons. With an even order it is the "2 × 12" average: the 13 months
   around a month, the two ends counted for half,
   :math:`\bar y_t = (\tfrac12 y_{t-6} + y_{t-5} + \dots + y_{t+5} + \tfrac12 y_{t+6}) \div 12`.
2. :func:`linear_trend`: the least-squares line :math:`\hat y = a x + b` through
   the sales, with :math:`x = 1, 2, \dots` the rank of the month,
   :math:`a = \frac{\sum (x - \bar x)(y - \bar y)}{\sum (x - \bar x)^2}` and
   :math:`b = \bar y - a \bar x`.
3. :func:`seasonal_coefficients`: for each month of the year, the mean of
   sales ÷ trend over the years, the twelve means then scaled so that they
   average 1 (a coefficient of 1,30 means 30 % above the trend).
4. :func:`forecast`: trend of the future month × its coefficient.

:func:`budget_variances` compares what happened with what was planned:
écart = réalisé − prévu, in € and in % of the prévu.

>>> sales = [10, 20, 30, 20] * 2
>>> a, b = linear_trend(sales)
>>> round(a, 4), round(b, 4)
(0.9524, 15.7143)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from kpilab.errors import KPIError

__all__ = ["Trend", "moving_average", "linear_trend", "seasonal_coefficients", "forecast", "budget_variances"]


class Trend(NamedTuple):
    """The least-squares line ŷ = a·x + b (``a, b = linear_trend(sales)`` unpacks it)."""

    a: float
    b: float

    def at(self, x):
        """ŷ at rank ``x`` (a number or an array of ranks)."""
        return self.a * np.asarray(x, dtype="float64") + self.b


def _series(values, name: str = "values", least: int = 1) -> pd.Series:
    """The values as a float Series, or a French error: numbers, none missing, at least ``least``."""
    series = values.copy() if isinstance(values, pd.Series) else pd.Series(list(np.ravel(values)) if not np.isscalar(values) else [values])
    try:
        series = series.astype("float64")
    except (TypeError, ValueError):
        raise KPIError(f"`{name}` doit contenir des nombres (les ventes de chaque mois).") from None
    if series.isna().any():
        raise KPIError(f"`{name}` a une valeur manquante : chaque mois doit avoir ses ventes (0 si rien n'a été vendu).")
    if len(series) < least:
        raise KPIError(f"`{name}` n'a que {len(series)} valeur(s) : il en faut au moins {least}.")
    return series


def _ranks(series: pd.Series) -> np.ndarray:
    return np.arange(1, len(series) + 1, dtype="float64")


def moving_average(values, order: int = 12) -> pd.Series:
    """Centred moving average of ``order`` values (2 × ``order`` when it is even); NaN at both ends.

    >>> moving_average([10, 20, 30, 20, 10, 20, 30, 20], order=4).tolist()
    [nan, nan, 20.0, 20.0, 20.0, 20.0, nan, nan]
    """
    if not isinstance(order, (int, np.integer)) or order < 2:
        raise KPIError(f"`order` vaut {order!r} : l'ordre d'une moyenne mobile est un nombre entier, au moins 2 "
                       "(12 pour des ventes mensuelles).")
    series = _series(values, least=order + 1)
    if order % 2:  # odd: the plain mean of the ``order`` values around
        weights = np.full(order, 1 / order)
    else:  # even: the ``order + 1`` values around, the two ends for half
        weights = np.r_[0.5, np.ones(order - 1), 0.5] / order
    half = len(weights) // 2
    smoothed = np.full(len(series), np.nan)
    smoothed[half:len(series) - half] = np.convolve(series.to_numpy(), weights, mode="valid")
    return pd.Series(smoothed, index=series.index, name="moyenne_mobile")


def linear_trend(values) -> Trend:
    """Least-squares trend ŷ = a·x + b of the values, x being their rank 1, 2, 3…

    >>> linear_trend([3, 5, 7])
    Trend(a=2.0, b=1.0)
    """
    y = _series(values, least=2).to_numpy()
    x = _ranks(pd.Series(y))
    a = float(((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum())
    return Trend(a, float(y.mean() - a * x.mean()))


def _seasons(series: pd.Series, period: int) -> np.ndarray:
    """The season of each value: its month (1–12) for monthly periods or dates, else its place in the cycle."""
    index = series.index
    if period == 12 and isinstance(index, pd.PeriodIndex) and index.freqstr.startswith("M"):
        return index.month.to_numpy()
    if period == 12 and isinstance(index, pd.DatetimeIndex):
        return index.month.to_numpy()
    return np.arange(len(series)) % period + 1


def seasonal_coefficients(values, trend: Trend | None = None, period: int = 12) -> pd.Series:
    """Seasonal coefficient of each month: mean of sales ÷ trend for that month, scaled to average 1.

    ``trend``: the line to divide by (the least-squares trend of the values
    when None). Monthly values with a PeriodIndex are matched by their month,
    whatever month they start in; other values by their place in the cycle.

    >>> seasonal_coefficients([10, 20, 30, 20] * 2, period=4).round(3).tolist()
    [0.545, 1.035, 1.479, 0.941]
    """
    series = _series(values, least=period)
    trend = linear_trend(series) if trend is None else Trend(*trend)
    fitted = trend.at(_ranks(series))
    if (fitted <= 0).any():
        raise KPIError("La tendance est nulle ou négative sur un des mois : le rapport ventes ÷ tendance "
                       "n'a pas de sens ; vérifie la série.")
    ratios = pd.Series(series.to_numpy() / fitted).groupby(_seasons(series, period)).mean()
    ratios = ratios * len(ratios) / ratios.sum()
    ratios.index.name = "mois" if period == 12 else "saison"
    return ratios.rename("coefficient")


def _future(index: pd.Index, horizon: int) -> pd.Index:
    if isinstance(index, pd.PeriodIndex):
        return pd.period_range(index[-1] + 1, periods=horizon, freq=index.freq, name=index.name)
    return pd.RangeIndex(len(index), len(index) + horizon)


def forecast(values, horizon: int = 12, period: int = 12) -> pd.DataFrame:
    """Forecast of the ``horizon`` months after the values: trend × seasonal coefficient.

    One row per future month: its rank x, the trend a·x + b, the month's
    coefficient and the forecast. Both come from all the values given.

    >>> forecast([10, 20, 30, 20] * 2, horizon=2, period=4).round(2).to_dict("list")
    {'rang': [9.0, 10.0], 'tendance': [24.29, 25.24], 'coefficient': [0.54, 1.03], 'prevision': [13.23, 26.12]}
    """
    if not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise KPIError(f"`horizon` vaut {horizon!r} : le nombre de mois à prévoir est un entier, au moins 1.")
    series = _series(values, least=period)
    trend = linear_trend(series)
    coefficients = seasonal_coefficients(series, trend, period)
    ranks = np.arange(len(series) + 1, len(series) + horizon + 1, dtype="float64")
    future = _future(series.index, horizon)
    seasons = _seasons(pd.Series(np.zeros(len(series) + horizon), index=series.index.append(future)), period)
    table = pd.DataFrame({"rang": ranks, "tendance": trend.at(ranks),
                          "coefficient": coefficients.reindex(seasons[len(series):]).to_numpy()}, index=future)
    table["prevision"] = table["tendance"] * table["coefficient"]
    return table


def budget_variances(actual, budget, costs: bool = False) -> pd.DataFrame:
    r"""Écarts sur budget: réalisé − prévu, in value and in % of the prévu, and whether it is good news.

    .. math:: \text{écart} = \text{réalisé} - \text{prévu} \qquad
              \text{écart en \%} = \frac{\text{réalisé} - \text{prévu}}{\text{prévu}} \times 100

    For sales (``costs=False``) an écart above 0 is ``favorable`` (more sold
    than planned); for costs (``costs=True``) it is ``défavorable``. Two Series
    are matched on their index (a month missing from one is an error); two
    numbers give one row. The % is ``<NA>`` for a prévu of 0.

    >>> budget_variances(1100, 1000).to_dict("records")
    [{'realise': 1100.0, 'prevu': 1000.0, 'ecart': 100.0, 'ecart_pct': 10.0, 'appreciation': 'favorable'}]
    """
    real, plan = _series(actual, "actual"), _series(budget, "budget")
    if not isinstance(actual, pd.Series) or not isinstance(budget, pd.Series):
        if len(real) != len(plan):
            raise KPIError(f"`actual` a {len(real)} valeur(s) et `budget` {len(plan)} : il faut un prévu par réalisé.")
        plan.index = real.index
    elif not real.index.equals(plan.index):
        if set(real.index) != set(plan.index):
            missing = sorted(set(real.index) ^ set(plan.index), key=str)[0]
            raise KPIError(f"Le réalisé et le prévu ne portent pas sur les mêmes périodes : {missing} n'est que "
                           "dans l'un des deux.")
        plan = plan.reindex(real.index)
    table = pd.DataFrame({"realise": real, "prevu": plan})
    table["ecart"] = table["realise"] - table["prevu"]
    defined = (table["prevu"] != 0).to_numpy()
    pct = np.zeros(len(table))
    pct[defined] = table["ecart"].to_numpy()[defined] / table["prevu"].to_numpy()[defined] * 100
    table["ecart_pct"] = pd.arrays.FloatingArray(pct, ~defined)
    good, bad = ("défavorable", "favorable") if costs else ("favorable", "défavorable")
    table["appreciation"] = np.select([table["ecart"] > 0, table["ecart"] < 0], [good, bad], "nul")
    return table
