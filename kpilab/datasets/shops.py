"""The shops' premises, the passers-by in front of them and their quarterly inventories.

- ``magasins``: the constants of :data:`kpilab.datasets.shop_catalog.PREMISES`;
- ``passants``: on each open day, the people passing the shop front: a street flow (weekday,
  month, a lognormal day-to-day variation, a Poisson count), never fewer than the visitors of
  ``frequentation`` who came in from it;
- ``inventaires``: per shop, category and quarter, stock at purchase cost HT. The cost of
  goods sold is that of the shop's tickets in ``lignes_commande``; the shop buys what brings
  its stock to a target (days of the next quarter's sales, :data:`~.shop_catalog.COVER_DAYS`),
  so stock théorique = stock initial + achats − coût d'achat des ventes; the count finds the
  démarque missing, and the count opens the next quarter.

Money is computed in integer cents; the draws come from the generator's own streams for these
tables (see :func:`kpilab.datasets.generator.generate_tables`).
"""

from __future__ import annotations

import numpy as np

from kpilab.datasets import catalog as cat
from kpilab.datasets import shop_catalog as sc

N_SHOPS = len(cat.SHOPS)
N_CATEGORIES = len(cat.CATEGORIES)


def premises() -> dict:
    """One row per shop (no randomness): location, surface and yearly fixed costs in cents."""
    rows = [sc.PREMISES[s] for s in cat.SHOPS]
    rent = np.array([p.rent for p in rows], dtype=np.int64) * 100
    payroll = np.array([p.payroll for p in rows], dtype=np.int64) * 100
    other = np.array([p.other_fixed for p in rows], dtype=np.int64) * 100
    return dict(
        shop=np.arange(N_SHOPS), location=[p.location for p in rows],
        area=np.array([p.area_m2 for p in rows], dtype=np.int64),
        rent=rent, payroll=payroll, other=other, fixed=rent + payroll + other,
    )


def passers_by(rng, weekday: np.ndarray, month: np.ndarray, foot: dict, scale: float) -> dict:
    """Passers-by per shop and open day (the shop rows of ``foot``, the footfall of the generator)."""
    shop_rows = np.flatnonzero(foot["point"] < N_SHOPS)
    day, point, visitors = foot["day"][shop_rows], foot["point"][shop_rows], foot["visitors"][shop_rows]
    base = np.array([sc.PREMISES[s].passers_per_day for s in cat.SHOPS], dtype=np.float64) * scale
    by_month = np.array([[sc.STREET_MONTH[s][m] for m in range(1, 13)] for s in cat.SHOPS])
    flow = base[point] * np.array(sc.STREET_WEEKDAY)[weekday[day]] * by_month[point, month[day] - 1]
    flow = flow * rng.lognormal(0.0, sc.STREET_SIGMA, len(day))
    passers = np.maximum(rng.poisson(flow), visitors)  # every visitor passed the shop front
    return dict(day=day, point=point, passers=passers)


def quarter_costs(line_order, line_cost, order_day, order_pos, shop_order, quarter_of_day) -> np.ndarray:
    """Cost of goods sold in cents, shape (shop, category, quarter), from the shops' ticket lines.

    ``line_order`` gives each line's order, ``line_cost`` its quantity × unit purchase price
    (cents, with its category in ``line_cost[1]``); ``shop_order`` marks the shop tickets.
    """
    cost, category = line_cost
    keep = shop_order[line_order]
    orders = line_order[keep]
    n_q = int(quarter_of_day.max()) + 1
    quarter = quarter_of_day[order_day[orders]]
    key = (order_pos[orders] * N_CATEGORIES + category[keep]) * n_q + quarter
    sums = np.bincount(key, weights=cost[keep], minlength=N_SHOPS * N_CATEGORIES * n_q)
    return np.rint(sums).astype(np.int64).reshape(N_SHOPS, N_CATEGORIES, n_q)


def inventories(rng, costs: np.ndarray, quarter_days: np.ndarray) -> dict:
    """The quarterly stock of each shop and category, in cents (see the module's docstring)."""
    n_q = costs.shape[2]
    cover = np.array([sc.COVER_DAYS[c] for c in cat.CATEGORIES], dtype=np.float64)
    factor = np.array([sc.SHOP_STOCK_FACTOR[s] for s in cat.SHOPS])
    days_of_cover = factor[:, None] * cover[None, :]  # (shop, category)
    # The quarter after the last one: the same quarter a year before, grown as the last year grew.
    last_year, year_before = costs[:, :, n_q - 4:].sum(axis=2), costs[:, :, n_q - 8:n_q - 4].sum(axis=2)
    growth = last_year / np.maximum(year_before, 1)
    after = np.rint(costs[:, :, n_q - 4] * growth)
    following = np.concatenate([costs[:, :, 1:], after[:, :, None]], axis=2)
    following_days = np.append(quarter_days[1:], quarter_days[n_q - 4])
    target = np.rint(days_of_cover[:, :, None] * following / following_days).astype(np.int64)
    shrink_share = np.array([sc.SHRINKAGE_SHARE[c] for c in cat.CATEGORIES])
    shrink_factor = np.array([sc.SHOP_SHRINKAGE_FACTOR[s] for s in cat.SHOPS])

    opening = np.rint(days_of_cover * costs[:, :, 0] / quarter_days[0] * rng.uniform(0.9, 1.1, days_of_cover.shape))
    start = np.empty_like(costs)
    bought = np.empty_like(costs)
    theoretical = np.empty_like(costs)
    counted = np.empty_like(costs)
    current = opening.astype(np.int64)
    for q in range(n_q):
        need = np.maximum(target[:, :, q] - current + costs[:, :, q], 0)
        purchase = np.rint(need * rng.uniform(1 - sc.PURCHASE_NOISE, 1 + sc.PURCHASE_NOISE, need.shape))
        purchase = purchase.astype(np.int64)
        floor = np.rint(0.3 * target[:, :, q]).astype(np.int64)  # never sold out: top up the order
        purchase = np.maximum(purchase, floor - current + costs[:, :, q])
        book = current + purchase - costs[:, :, q]
        lost = np.rint(costs[:, :, q] * shrink_share[None, :] * shrink_factor[:, None]
                       * rng.uniform(0.5, 1.5, book.shape)).astype(np.int64)
        lost = np.minimum(lost, book)
        start[:, :, q], bought[:, :, q], theoretical[:, :, q] = current, purchase, book
        counted[:, :, q] = book - lost
        current = counted[:, :, q]
    # Rows: quarter, then shop, then category.
    grid = np.indices((n_q, N_SHOPS, N_CATEGORIES)).reshape(3, -1)
    q, s, c = grid
    return dict(
        quarter=q, shop=s, category=c, start=start[s, c, q], bought=bought[s, c, q],
        cost=costs[s, c, q], theoretical=theoretical[s, c, q], counted=counted[s, c, q],
    )
