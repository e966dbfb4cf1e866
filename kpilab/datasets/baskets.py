"""What the shop and web orders hold: a bike or not, which one, cross-selling, small items.

A bike comes with a probability that depends on the customer and the season,
the electric share growing over time; a helmet and a lock are added with
attach probabilities (higher at Croix-Rousse from 2025-03-01).

>>> helmets, anonymous, web = np.full(4, CAT_INDEX["casque"]), np.zeros(4, dtype=np.int64), np.ones(4, dtype=np.int64)
>>> product = _draw_products(np.random.default_rng(5), helmets, anonymous, web)
>>> {PRODUCTS[p].category for p in product}
{'casque'}
"""

from __future__ import annotations

import numpy as np

from kpilab.datasets import catalog as cat
from kpilab.datasets.codes import CAT_INDEX, EXTRA_N, EXTRA_P, GROUPS, N_PRODUCTS, POS, PRICE_HT, PRODUCTS, WEB
from kpilab.datasets.days import LAST, Calendar, _rel
from kpilab.datasets.sampling import _choice_rows, _sample_days


def _draw_products(rng, line_cat, line_group, line_channel) -> np.ndarray:
    """Product of each line, given its category, segment group and channel."""
    product = np.empty(len(line_cat), dtype=np.int64)
    key = (line_cat * len(GROUPS) + line_group) * 2 + line_channel
    order = np.argsort(key, kind="stable")
    keys, starts = np.unique(key[order], return_index=True)
    bounds = np.append(starts, len(order))
    for k, lo, hi in zip(keys, bounds[:-1], bounds[1:]):
        c, rest = divmod(int(k), len(GROUPS) * 2)
        g, ch = divmod(rest, 2)
        group = GROUPS[g]
        candidates = [i for i, p in enumerate(PRODUCTS) if CAT_INDEX[p.category] == c and (ch == 0 or p.web)]
        w = np.array([PRODUCTS[i].weight * (3.0 if PRODUCTS[i].affinity == group else 1.0) for i in candidates])
        product[order[lo:hi]] = np.array(candidates)[_sample_days(rng, w, hi - lo)]
    return product


def _retail_lines(rng, cal: Calendar, orders: dict) -> dict:
    """Lines of the shop and web orders (arrays indexed by line)."""
    n = len(orders["day"])
    day, group, pos = orders["day"], orders["group"], orders["pos"]
    web = (orders["channel"] == WEB).astype(np.int64)
    month = cal.window(cal.month)[day]
    t = day / LAST

    # Does the order hold a bike?
    seg_first = np.array([cat.BIKE_PROB_ANONYMOUS] + [cat.BIKE_PROB_FIRST[s] for s in cat.SEGMENTS])
    seg_repeat = np.array([cat.BIKE_PROB_ANONYMOUS] + [cat.BIKE_PROB_REPEAT[s] for s in cat.SEGMENTS])
    p_bike = np.where(orders["first"], seg_first[group], seg_repeat[group])
    p_bike = p_bike * np.where(web == 1, cat.BIKE_PROB_WEB_FACTOR, 1.0) * (1 + cat.BIKE_TREND * (t - 0.5))
    p_bike = np.minimum(p_bike * np.array([cat.SEASON_BIKE[m] for m in range(1, 13)])[month - 1], 0.95)
    bike = rng.random(n) < p_bike
    bike_orders = np.flatnonzero(bike)

    # Which kind of bike: the electric share grows over the two years.
    mix = np.array([cat.BIKE_MIX[g] for g in GROUPS])[group[bike_orders]]
    mix[:, 0] *= 1 + cat.EBIKE_TREND * t[bike_orders]
    bike_cat = _choice_rows(rng, mix / mix.sum(axis=1, keepdims=True))
    is_ebike = bike_cat == CAT_INDEX["velo_electrique"]

    # Cross-selling: helmet and lock.
    pos_bike = pos[bike_orders]
    points = (*cat.SHOPS, cat.WEB_SHOP)
    helmet_p = np.array([cat.HELMET_ATTACH[p] for p in points])[pos_bike]
    lock_p = np.array([cat.LOCK_ATTACH[p] for p in points])[pos_bike] + is_ebike * cat.LOCK_ATTACH_EBIKE_BONUS
    operation_day = _rel(cat.CROSS_SELL_START)
    operation = (pos_bike == POS[cat.CROSS_SELL_SHOP]) & (day[bike_orders] >= operation_day)
    helmet_p = np.where(operation, cat.CROSS_SELL_HELMET, helmet_p)
    lock_p = np.where(operation, np.maximum(cat.CROSS_SELL_LOCK, lock_p), lock_p)
    helmet_p = helmet_p + (group[bike_orders] == GROUPS.index("famille")) * cat.HELMET_ATTACH_FAMILY_BONUS
    helmet = bike_orders[rng.random(len(bike_orders)) < helmet_p]
    lock = bike_orders[rng.random(len(bike_orders)) < np.minimum(lock_p, 0.95)]
    extra = np.repeat(bike_orders, rng.poisson(cat.BIKE_EXTRA_ACCESSORIES, len(bike_orders)))

    # Orders without a bike: 1 + Poisson lines of small items.
    other_orders = np.flatnonzero(~bike)
    other_web = web[other_orders]
    k = 1 + rng.poisson(np.where(other_web == 1, cat.OTHER_LINES_MEAN["web"], cat.OTHER_LINES_MEAN["magasin"]))
    other = np.repeat(other_orders, k)
    small = ("casque", "antivol", "accessoire", "entretien")
    weights = np.array([[cat.OTHER_CATEGORY_WEIGHTS[c][s] for s in small] for c in ("magasin", "web")])
    other_cat = np.array([CAT_INDEX[s] for s in small])[_choice_rows(rng, weights[web[other]])]

    line_order = np.concatenate([bike_orders, helmet, lock, extra, other])
    line_cat = np.concatenate(
        [
            bike_cat,
            np.full(len(helmet), CAT_INDEX["casque"]),
            np.full(len(lock), CAT_INDEX["antivol"]),
            np.full(len(extra), CAT_INDEX["accessoire"]),
            other_cat,
        ]
    )
    product = _draw_products(rng, line_cat, group[line_order], web[line_order])
    quantity = 1 + rng.binomial(EXTRA_N[product], EXTRA_P[product])

    # One line per product within an order (a product drawn twice keeps the
    # larger quantity); lines in catalogue order.
    key = line_order * N_PRODUCTS + product
    sort = np.argsort(key, kind="stable")
    key, quantity = key[sort], quantity[sort]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    quantity = np.maximum.reduceat(quantity, starts)
    line_order, product = key[starts] // N_PRODUCTS, key[starts] % N_PRODUCTS
    return dict(order=line_order, product=product, quantity=quantity, price=PRICE_HT[product].copy())
