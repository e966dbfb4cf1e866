"""Private customers and their orders in the shops and on the web shop.

Customers join between 2021 and 2025 (seasonal, growing); each buys following
a Poisson process whose rate depends on the segment, during an exponential
lifetime after which the customer is lost (churn). Anonymous shop tickets are
a Poisson count per shop and opening day.

>>> from kpilab.datasets.days import calendar
>>> people = _private_customers(np.random.default_rng(3), 0.01, calendar())
>>> len(people["day"]) == round(cat.PRIVATE_CUSTOMERS * 0.01), bool((people["day"] <= LAST).all())
(True, True)
"""

from __future__ import annotations

import numpy as np

from kpilab.datasets import catalog as cat
from kpilab.datasets.codes import MAGASIN, WEB, WEB_POS
from kpilab.datasets.days import LAST, N_DAYS, OFFSET, Calendar
from kpilab.datasets.sampling import _choice_rows, _cumulative, _sample_days, _sample_in_intervals


def _private_customers(rng, scale: float, cal: Calendar) -> dict:
    n = round(cat.PRIVATE_CUSTOMERS * scale)
    web = rng.random(n) < cat.ACQUISITION_WEB_SHARE
    day = np.empty(n, dtype=np.int64)
    day[~web] = _sample_days(rng, cal.shop * cal.growth, int((~web).sum()))
    day[web] = _sample_days(rng, cal.web * cal.growth, int(web.sum()))
    day -= OFFSET  # relative to 2024-01-01 (negative before)
    segment = _choice_rows(rng, np.tile([cat.SEGMENT_SHARE[s] for s in cat.SEGMENTS], (n, 1)))
    home = _choice_rows(rng, np.tile([cat.SHOP_HOME_WEIGHT[s] for s in cat.SHOPS], (n, 1)))
    a_shop, b_shop = cat.WEB_SHARE_SHOP_CUSTOMER
    a_web, b_web = cat.WEB_SHARE_WEB_CUSTOMER
    web_share = np.where(web, rng.beta(a_web, b_web, n), rng.beta(a_shop, b_shop, n))
    rate = np.array([cat.SEGMENT_RATE[s] for s in cat.SEGMENTS])[segment] * rng.gamma(2.0, 0.5, n)
    lifetime = rng.exponential(1.0, n) * np.array([cat.SEGMENT_LIFETIME[s] for s in cat.SEGMENTS])[segment]
    lifetime_days = (lifetime * 365.25).astype(np.int64)
    return dict(
        day=day, web=web, segment=segment, home=home, web_share=web_share,
        rate=rate, lifetime_days=lifetime_days,
    )


# --- Orders of shops and web shop ------------------------------------------


def _retail_orders(rng, scale: float, cal: Calendar, people: dict) -> dict:
    shop_w, web_w = cal.window(cal.shop), cal.window(cal.web)
    n_people = len(people["day"])
    pos_shop = people["home"]  # favourite shop (index in SHOPS = index in POS)

    # 1. The joining purchase of customers who join in 2024-2025.
    new = np.flatnonzero(people["day"] >= 0)
    first = dict(
        day=people["day"][new],
        channel=np.where(people["web"][new], WEB, MAGASIN),
        pos=np.where(people["web"][new], WEB_POS, pos_shop[new]),
        client=new,
        first=np.ones(len(new), dtype=bool),
    )

    # 2. Repeat purchases: Poisson process between joining and the end of
    #    the customer's lifetime, within 2024-2025.
    a = np.maximum(people["day"] + 1, 0)
    b = np.minimum(people["day"] + people["lifetime_days"], LAST) + 1
    b = np.maximum(a, b)
    cum_shop, cum_web = _cumulative(shop_w), _cumulative(web_w)
    a_c, b_c = np.minimum(a, N_DAYS), np.minimum(b, N_DAYS)
    mass_shop = cum_shop[b_c] - cum_shop[a_c]
    mass_web = cum_web[b_c] - cum_web[a_c]
    share = people["web_share"]
    shop_part = (1 - share) * mass_shop
    web_part = share * mass_web
    mu = people["rate"] / 365.25 * (shop_part + web_part)
    count = rng.poisson(mu)
    client = np.repeat(np.arange(n_people), count)
    p_shop = np.divide(shop_part, shop_part + web_part, out=np.zeros(n_people), where=(shop_part + web_part) > 0)
    is_web = rng.random(len(client)) >= p_shop[client]
    day = np.empty(len(client), dtype=np.int64)
    for channel_web, weights in ((False, shop_w), (True, web_w)):
        sel = np.flatnonzero(is_web == channel_web)
        day[sel] = _sample_in_intervals(rng, weights, a_c[client[sel]], b_c[client[sel]])
    repeat = dict(
        day=day,
        channel=np.where(is_web, WEB, MAGASIN),
        pos=np.where(is_web, WEB_POS, pos_shop[client]),
        client=client,
        first=np.zeros(len(client), dtype=bool),
    )

    # 3. Anonymous shop tickets.
    growth = cal.window(cal.growth)
    parts = []
    for s, shop in enumerate(cat.SHOPS):
        lam = cat.ANONYMOUS_TICKETS_PER_DAY * cat.SHOP_TICKET_WEIGHT[shop] * shop_w * growth * scale
        per_day = rng.poisson(lam)
        parts.append((np.repeat(np.arange(N_DAYS), per_day), s))
    anon_day = np.concatenate([d for d, _ in parts])
    anon_pos = np.concatenate([np.full(len(d), s) for d, s in parts])
    anonymous = dict(
        day=anon_day,
        channel=np.full(len(anon_day), MAGASIN),
        pos=anon_pos,
        client=np.full(len(anon_day), -1),
        first=np.zeros(len(anon_day), dtype=bool),
    )
    orders = {k: np.concatenate([first[k], repeat[k], anonymous[k]]) for k in first}
    has_client = orders["client"] >= 0
    orders["group"] = np.where(has_client, people["segment"][np.maximum(orders["client"], 0)] + 1, 0)
    return orders
