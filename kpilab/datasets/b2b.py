"""B2B orders: one order per won deal on the signature day, sometimes a re-order.

Fleet discounts come from :data:`catalog.FLEET_DISCOUNT`, in whole percent of
the price in cents.

>>> _discounted(np.array([10_000, 999]), np.array([5, 10])).tolist()
[9500, 899]
"""

from __future__ import annotations

import numpy as np

from kpilab.datasets import catalog as cat
from kpilab.datasets.codes import PRICE_HT, PRODUCT_INDEX
from kpilab.datasets.days import LAST, _to_business_day, _weekday_rel
from kpilab.datasets.sampling import _sample_days


def _discounted(price: np.ndarray, discount_pct: np.ndarray) -> np.ndarray:
    """Price in cents after a discount in whole percent, rounded half up."""
    return (price * (100 - discount_pct) * 2 + 100) // 200


def _b2b(rng, leads: dict, won: np.ndarray, company: np.ndarray) -> tuple[dict, dict]:
    """Orders and lines of the won deals (and of re-orders)."""
    n = len(won)
    nb = leads["nb_bikes"][won]
    sign_day = leads["close"][won]
    bikes = np.array([PRODUCT_INDEX[b] for b in cat.B2B_BIKES])
    model1 = _sample_days(rng, np.array(cat.B2B_BIKE_WEIGHT), n)
    split = (nb >= 6) & (rng.random(n) < 0.4)
    k2 = np.where(split, np.maximum(1, np.rint(nb * rng.uniform(0.2, 0.4, n)).astype(np.int64)), 0)
    model2 = (model1 + 1 + rng.integers(0, len(bikes) - 1, n)) % len(bikes)
    discount = np.zeros(n, dtype=np.int64)
    for threshold, rate in cat.FLEET_DISCOUNT:
        discount = np.where(nb >= threshold, round(rate * 100), discount)
    helmet = rng.random(n) < cat.B2B_ATTACH["helmet"]
    lock = rng.random(n) < cat.B2B_ATTACH["lock"]
    service = rng.random(n) < cat.B2B_ATTACH["service"]

    # Re-orders 3 to 12 months later: more bikes, or workshop services.
    reorder = rng.random(n) < cat.B2B_REORDER_PROB
    re_day = _to_business_day(sign_day + rng.integers(90, 366, n), _weekday_rel, forward=True)
    reorder &= re_day <= LAST
    re_bikes = reorder & (rng.random(n) < 0.5)
    re_service = reorder & (~re_bikes | (rng.random(n) < 0.3))
    re_nb = rng.integers(1, 5, n)
    deals = np.arange(n)
    re_deals = np.flatnonzero(reorder)

    # Orders: deals first (index = deal), then re-orders.
    orders = dict(
        day=np.concatenate([sign_day, re_day[re_deals]]),
        client=np.concatenate([company, company[re_deals]]),
    )
    order_of_reorder = np.full(n, -1)
    order_of_reorder[re_deals] = n + np.arange(len(re_deals))
    parts = [
        (deals, bikes[model1], nb - k2),
        (deals[k2 > 0], bikes[model2[k2 > 0]], k2[k2 > 0]),
        (deals[helmet], np.full(helmet.sum(), PRODUCT_INDEX[cat.B2B_HELMET]), nb[helmet]),
        (deals[lock], np.full(lock.sum(), PRODUCT_INDEX[cat.B2B_LOCK]), nb[lock]),
        (deals[service], np.full(service.sum(), PRODUCT_INDEX[cat.B2B_SERVICE]), nb[service]),
    ]
    reparts = [
        (deals[re_bikes], bikes[model1[re_bikes]], re_nb[re_bikes]),
        (deals[re_service], np.full(re_service.sum(), PRODUCT_INDEX[cat.B2B_SERVICE]), nb[re_service]),
    ]
    line_deal = np.concatenate([p[0] for p in parts + reparts])
    line_order = np.concatenate([p[0] for p in parts] + [order_of_reorder[p[0]] for p in reparts])
    product = np.concatenate([p[1] for p in parts + reparts])
    quantity = np.concatenate([p[2] for p in parts + reparts]).astype(np.int64)
    price = _discounted(PRICE_HT[product], discount[line_deal])
    sort = np.lexsort((product, line_order))
    lines = dict(order=line_order[sort], product=product[sort], quantity=quantity[sort], price=price[sort])
    return orders, lines
