"""The shops' sales team: sellers, their hours and objectives, the seller of each shop ticket.

- ``vendeurs``: the constants of :data:`kpilab.datasets.shop_catalog.SELLERS`;
- ``objectifs``: per seller and month of contract, the hours planned (contract hours minus
  paid leave), the hours worked (minus sick leave) and the objective of CA HT. Each shop's
  objective is the network's forecast of the month (the shop's trend, smoothed over three
  months, on the month's calendar of open days) times the shop's ambition for the year; it is
  split between its sellers in proportion to their planned hours, to the euro, so the sellers'
  objectives add up to the shop's;
- ``tickets_vendeurs``: the seller of each shop ticket, drawn among the shop's sellers of the
  month in proportion to their hours worked, times their weight with the bike customers on a
  ticket with a bike, and lower in a new seller's first months.

The draws come from the generator's own stream for these tables.
"""

from __future__ import annotations

import numpy as np

from kpilab.datasets import catalog as cat
from kpilab.datasets import shop_catalog as sc

SELLERS = sc.SELLERS
SELLER_SHOP = np.array([cat.SHOPS.index(s.shop) for s in SELLERS])
N_SELLERS = len(SELLERS)


def _month_number(day: str) -> int:
    """Months counted from January 2024 (negative before)."""
    year, month = int(day[:4]), int(day[5:7])
    return (year - 2024) * 12 + month - 1


def sellers() -> dict:
    """One row per seller (no randomness)."""
    return dict(
        seller=np.arange(N_SELLERS), shop=SELLER_SHOP,
        role=np.array([sc.ROLES.index(s.role) for s in SELLERS]),
        weekly=np.array([s.weekly_hours for s in SELLERS], dtype=np.int64),
        start=[s.start for s in SELLERS], end=[s.end for s in SELLERS],
    )


def _hours(rng, n_months: int, days_in_month: np.ndarray):
    """Active months, planned and worked hours, shape (seller, month)."""
    m = np.arange(n_months)
    first = np.array([_month_number(s.start) for s in SELLERS])
    last = np.array([_month_number(s.end) if s.end else n_months - 1 for s in SELLERS])
    active = (m[None, :] >= first[:, None]) & (m[None, :] <= last[:, None])
    calendar_month = m % 12 + 1
    summer = np.isin(calendar_month, sc.SUMMER_MONTHS)
    weekly = np.array([s.weekly_hours for s in SELLERS], dtype=np.float64)[:, None].repeat(n_months, axis=1)
    alternant = np.array([s.role == "alternant" for s in SELLERS])
    weekly[np.ix_(alternant, summer)] = sc.ALTERNANT_SUMMER_HOURS

    leave = np.zeros((N_SELLERS, n_months))  # weeks of paid leave
    for year in range(n_months // 12):
        first_summer = rng.integers(0, 2, len(cat.SHOPS))  # the shop's sellers take July and August in turn
        for i in range(N_SELLERS):
            rank = int((SELLER_SHOP[:i] == SELLER_SHOP[i]).sum())
            summer_month = sc.SUMMER_MONTHS[(first_summer[SELLER_SHOP[i]] + rank) % 2]
            leave[i, year * 12 + summer_month - 1] += sc.SUMMER_LEAVE_WEEKS
            quiet = rng.choice(sc.LEAVE_MONTHS, sc.OTHER_LEAVE_WEEKS, replace=False)
            leave[i, year * 12 + quiet - 1] += 1
    planned = np.rint(weekly * (days_in_month[None, :] / 7 - leave)).astype(np.int64)
    sick = rng.random((N_SELLERS, n_months)) < sc.ABSENCE_PROB
    sick_days = rng.integers(sc.ABSENCE_DAYS[0], sc.ABSENCE_DAYS[1] + 1, (N_SELLERS, n_months))
    absence = np.rint(sick * sick_days * weekly / 5).astype(np.int64)
    planned = np.where(active, planned, 0)
    worked = np.where(active, np.maximum(planned - absence, 0), 0)
    ramp = np.where((m[None, :] - first[:, None] < sc.RAMP_UP_MONTHS) & (first[:, None] >= 0), sc.RAMP_UP_FACTOR, 1.0)
    return active, planned, worked, ramp


def _split(total: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Split each whole ``total[j]`` in proportion to ``weights[:, j]``, to the unit, summing exactly."""
    share = weights / np.maximum(weights.sum(axis=0, keepdims=True), 1)
    exact = share * total[None, :]
    whole = np.floor(exact).astype(np.int64)
    missing = total - whole.sum(axis=0)
    order = np.argsort(-(exact - whole), axis=0, kind="stable")  # largest remainders first
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(len(weights))[:, None].repeat(len(total), axis=1), axis=0)
    return whole + (rank < missing[None, :])


def objectives_and_tickets(rng, tickets: dict, n_months: int, days_in_month: np.ndarray,
                           open_weight: np.ndarray) -> tuple[dict, dict]:
    """The ``objectifs`` rows and the seller of each shop ticket.

    ``tickets`` holds, for each shop ticket, its ``order`` (final order index), ``shop``,
    ``month`` (0 = January 2024), ``amount`` (CA HT in cents) and ``bike`` (holds a bike);
    ``open_weight`` is the shops' activity of each month on the calendar (open days, weekday
    and season weights, the same for the three shops).
    """
    active, planned, worked, ramp = _hours(rng, n_months, days_in_month)
    n_shops = len(cat.SHOPS)

    # The shops' objectives, in euros.
    realised = np.bincount(tickets["shop"] * n_months + tickets["month"], weights=tickets["amount"],
                           minlength=n_shops * n_months).reshape(n_shops, n_months) / 100
    pace = realised / open_weight[None, :]  # CA per unit of calendar activity
    padded = np.pad(pace, ((0, 0), (1, 1)), mode="edge")
    trend = (padded[:, :-2] + padded[:, 1:-1] + padded[:, 2:]) / 3
    ambition = np.array([[sc.OBJECTIVE_AMBITION[2024 + m // 12][s] for m in range(n_months)] for s in cat.SHOPS])
    forecast = trend * open_weight[None, :] * ambition * rng.uniform(1 - sc.OBJECTIVE_NOISE, 1 + sc.OBJECTIVE_NOISE,
                                                                      trend.shape)
    step = sc.OBJECTIVE_ROUNDING
    shop_objective = (np.rint(forecast / step) * step).astype(np.int64)

    # Each seller's share: in proportion to the planned hours, to the euro.
    objective = np.zeros((N_SELLERS, n_months), dtype=np.int64)
    for s in range(n_shops):
        members = np.flatnonzero(SELLER_SHOP == s)
        objective[members] = _split(shop_objective[s], planned[members])
    seller, month = np.nonzero(active)
    rows = dict(month=month, shop=SELLER_SHOP[seller], seller=seller, planned=planned[seller, month],
                worked=worked[seller, month], objective=objective[seller, month] * 100)
    order = np.lexsort((rows["seller"], rows["shop"], rows["month"]))
    rows = {k: v[order] for k, v in rows.items()}

    # The seller of each ticket, group by group (shop, month, with or without a bike).
    skill = np.array([s.bike_skill for s in SELLERS])
    who = np.empty(len(tickets["order"]), dtype=np.int64)
    group = (tickets["shop"] * n_months + tickets["month"]) * 2 + tickets["bike"]
    sort = np.argsort(group, kind="stable")
    keys, starts = np.unique(group[sort], return_index=True)
    for key, lo, hi in zip(keys, starts, np.append(starts[1:], len(sort))):
        shop_month, bike = divmod(int(key), 2)
        s, m = divmod(shop_month, n_months)
        members = np.flatnonzero(SELLER_SHOP == s)
        weight = worked[members, m] * ramp[members, m] * (skill[members] if bike else 1.0)
        cumulative = np.cumsum(weight)
        draw = rng.random(hi - lo) * cumulative[-1]
        who[sort[lo:hi]] = members[np.minimum(np.searchsorted(cumulative, draw, side="right"), len(members) - 1)]
    return rows, dict(order=tickets["order"], seller=who)
