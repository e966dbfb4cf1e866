"""Footfall: visitors per shop and opening day, sessions per day on the web shop.

Visitors are the tickets plus non-buying visitors (Poisson), so that the
transformation rate stays near the shop's usual rate.

>>> from kpilab.datasets.codes import MAGASIN, WEB
>>> from kpilab.datasets.days import calendar
>>> day, channel, pos = np.array([0, 0, 1]), np.array([MAGASIN, MAGASIN, WEB]), np.array([0, 0, 3])
>>> foot = _footfall(np.random.default_rng(2), calendar(), dict(day=day, channel=channel, pos=pos))
>>> bool((foot["visitors"][(foot["day"] == 0) & (foot["point"] == 0)] >= 2).all())
True
"""

from __future__ import annotations

import numpy as np

from kpilab.datasets import catalog as cat
from kpilab.datasets.codes import B2B
from kpilab.datasets.days import N_DAYS, Calendar


def _footfall(rng, cal: Calendar, orders: dict) -> dict:
    """Visitors per shop and opening day, sessions per day on the web shop."""
    retail = orders["channel"] != B2B
    n_points = len(cat.SHOPS) + 1
    tickets = np.bincount(
        orders["pos"][retail] * N_DAYS + orders["day"][retail], minlength=n_points * N_DAYS
    ).reshape(n_points, N_DAYS)
    shop_w, web_w = cal.window(cal.shop), cal.window(cal.web)
    saturday = cal.window(cal.weekday) == 5
    month = cal.window(cal.month)
    frames = []
    for p in range(n_points):
        if p < len(cat.SHOPS):
            weights = shop_w
            rate = cat.SHOP_TRANSFORMATION[cat.SHOPS[p]] * np.where(saturday, cat.SATURDAY_TRANSFORMATION_FACTOR, 1.0)
            days = np.flatnonzero(weights > 0)
        else:
            weights = web_w
            rate = np.array([cat.WEB_CONVERSION[m] for m in range(1, 13)])[month - 1]
            days = np.arange(N_DAYS)
        # Non-buying visitors follow the usual traffic of the day (half the
        # seasonal expectation, half the tickets actually made).
        expected = 0.5 * weights * tickets[p].sum() / weights.sum() + 0.5 * tickets[p]
        rate = rate * rng.uniform(0.9, 1.1, N_DAYS)
        visitors = tickets[p] + rng.poisson(expected * (1 - rate) / rate)
        frames.append((days, np.full(len(days), p), visitors[days]))
    day = np.concatenate([f[0] for f in frames])
    point = np.concatenate([f[1] for f in frames])
    visitors = np.concatenate([f[2] for f in frames])
    order = np.lexsort((point, day))
    return dict(day=day[order], point=point[order], visitors=visitors[order])
