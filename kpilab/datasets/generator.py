"""Vectorised generation of the Roue Libre tables.

The model, in short:

- campaigns: contacts, bounced contacts and responses are binomial draws
  with channel-dependent rates (:data:`catalog.CHANNEL_MODELS`);
- leads: part of a campaign's responses, plus inbound leads (web form,
  recommendations); each lead is won with a probability that depends on its
  source, then closes after a right-skewed delay; deals still open on
  2025-12-31 are ``en_cours``;
- private customers join between 2021 and 2025 (seasonal, growing); each
  buys following a Poisson process whose rate depends on the segment, during
  an exponential lifetime after which the customer is lost (churn);
- anonymous shop tickets: a Poisson count per shop and opening day;
- baskets: a bike with a probability that depends on the customer and the
  season, the electric share growing over time, a helmet and a lock added
  with attach probabilities (higher at Croix-Rousse from 2025-03-01);
- B2B: one order per won deal on the signature day, sometimes a re-order;
- footfall: visitors = tickets + non-buying visitors (Poisson), so that the
  transformation rate stays near the shop's usual rate.

Every step works on whole NumPy arrays; the only Python loops are over
campaigns, points of sale, categories and segments. Money is computed in
integer cents, so sums are exact to the cent. The random draws come from
``numpy.random.default_rng(seed)`` (one independent stream per part, so that
changing the leads does not reshuffle the orders); the same seed with the
same NumPy version (pinned in ``requirements.lock``) gives the same bytes.
Outside the generator's own draws, only arithmetic touches the values (no
vectorised ``exp``/``log``, whose last bit may vary between CPUs).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from kpilab.datasets import catalog as cat
from kpilab.datasets import schema

D_START = np.datetime64(cat.START, "D")
D_END = np.datetime64(cat.END, "D")
D_FIRST = np.datetime64(cat.FIRST_CUSTOMER_DAY, "D")
N_DAYS = (D_END - D_START).astype(np.int64).item() + 1  # 731: days 0 … 730 relative to 2024-01-01
OFFSET = (D_START - D_FIRST).astype(np.int64).item()  # index of 2024-01-01 in the extended calendar
LAST = N_DAYS - 1

PRODUCTS = cat.PRODUCTS
N_PRODUCTS = len(PRODUCTS)
PRODUCT_INDEX = {p.name: i for i, p in enumerate(PRODUCTS)}
CAT_INDEX = {c: i for i, c in enumerate(cat.CATEGORIES)}
PRODUCT_CAT = np.array([CAT_INDEX[p.category] for p in PRODUCTS])


def _rel(day: str) -> int:
    """Day number counted from 2024-01-01."""
    return (np.datetime64(day, "D") - D_START).astype(np.int64).item()


def _cents(euros: float) -> int:
    return int(round(euros * 100))


VAT_PCT = round(cat.VAT_RATE * 100)  # 20


def _with_vat(ht: np.ndarray) -> np.ndarray:
    """TTC in cents from HT in cents, rounded half up to the cent."""
    return (ht * (100 + VAT_PCT) * 2 + 100) // 200


# Selling price HT derived from the shelf price TTC, rounded half up to the cent.
PRICE_HT = np.array(
    [(_cents(p.price_ttc) * 100 * 2 + 100 + VAT_PCT) // (2 * (100 + VAT_PCT)) for p in PRODUCTS], dtype=np.int64
)
PURCHASE_HT = np.array([_cents(p.purchase_ht) for p in PRODUCTS], dtype=np.int64)
EXTRA_N = np.array([p.extra_qty[0] for p in PRODUCTS], dtype=np.int64)
EXTRA_P = np.array([p.extra_qty[1] for p in PRODUCTS])

# Segment groups of the basket model.
GROUPS = ("anonyme", *cat.SEGMENTS)
POS = {name: i for i, name in enumerate(cat.POINTS_OF_SALE)}
WEB_POS, B2B_POS = POS[cat.WEB_SHOP], POS[cat.B2B_TEAM]
MAGASIN, WEB, B2B = 0, 1, 2


# --- Calendar ---------------------------------------------------------------


@dataclass(frozen=True)
class Calendar:
    """Day-level weights on the extended calendar 2021-01-01 … 2025-12-31."""

    days: np.ndarray  # datetime64[D]
    month: np.ndarray  # 1 … 12
    weekday: np.ndarray  # 0 = Monday … 6 = Sunday
    year: np.ndarray
    shop: np.ndarray  # shop activity (0 when closed)
    web: np.ndarray  # web activity
    business: np.ndarray  # 1 on Monday-Friday, else 0
    growth: np.ndarray  # yearly growth factor

    def window(self, array: np.ndarray) -> np.ndarray:
        """The 2024-2025 part of a day-level array."""
        return array[OFFSET:]


@lru_cache(maxsize=1)
def calendar() -> Calendar:
    """Build the day-level weights (no randomness)."""
    days = np.arange(D_FIRST, D_END + 1)
    months = days.astype("datetime64[M]")
    month = months.astype(np.int64) % 12 + 1
    year = months.astype(np.int64) // 12 + 1970
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    day_of_month = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    closed = weekday == 6
    for m, d in cat.CLOSED_HOLIDAYS:
        closed |= (month == m) & (day_of_month == d)
    season_shop = np.array([cat.SEASON_SHOP[m] for m in range(1, 13)])[month - 1]
    season_web = np.array([cat.SEASON_WEB[m] for m in range(1, 13)])[month - 1]
    shop = season_shop * np.array(cat.WEEKDAY_SHOP)[weekday] * ~closed
    web = season_web * np.array(cat.WEEKDAY_WEB)[weekday]
    growth = np.array([cat.YEAR_GROWTH[y] for y in sorted(cat.YEAR_GROWTH)])[year - year.min()]
    # Normalise activities to a mean of 1 per day over 2024-2025.
    shop = shop / shop[OFFSET:].mean()
    web = web / web[OFFSET:].mean()
    business = (weekday < 5).astype(np.float64)
    return Calendar(days, month, weekday, year, shop, web, business, growth)


def _cumulative(weights: np.ndarray) -> np.ndarray:
    """C[k] = sum of weights[:k] (length n + 1)."""
    return np.concatenate([[0.0], np.cumsum(weights)])


def _last_positive(weights: np.ndarray) -> np.ndarray:
    """For each day, the last day at or before it with a positive weight."""
    index = np.where(weights > 0, np.arange(len(weights)), -1)
    return np.maximum.accumulate(index)


def _sample_days(rng, weights: np.ndarray, n: int) -> np.ndarray:
    """Draw n day indices with probability proportional to ``weights``."""
    cdf = np.cumsum(weights)
    u = rng.random(n) * cdf[-1]
    return np.minimum(np.searchsorted(cdf, u, side="right"), len(weights) - 1)


def _sample_in_intervals(rng, weights, a, b):
    """One day per interval [a, b), with density proportional to ``weights``.

    Every interval must hold at least one day of positive weight.
    """
    cum = _cumulative(weights)
    lo, hi = cum[a], cum[b]
    target = lo + rng.random(len(a)) * (hi - lo)
    day = np.searchsorted(cum, target, side="right") - 1
    day = np.clip(day, a, b - 1)
    return _last_positive(weights)[day]  # guard against rounding at the edges


def _choice_rows(rng, probs: np.ndarray) -> np.ndarray:
    """One draw per row of a (n, k) probability matrix (rows sum to 1)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs)) * cum[:, -1]
    return np.minimum((u[:, None] >= cum).sum(axis=1), probs.shape[1] - 1)


def _systematic(rng, p: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Bernoulli draws with P(draw i) = p[i], balanced within each group.

    Systematic sampling: the leads of a group are put in random order and an
    evenly spaced grid (random offset) is laid over their cumulated
    probabilities, so that each group gets its expected count give or take
    one. Small groups (a campaign's 10 leads) then keep plausible rates
    instead of the wild swings of independent draws.
    """
    n = len(p)
    order = np.lexsort((rng.random(n), group))
    ps, g = p[order], group[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    lengths = np.diff(np.r_[starts, n])
    cum = np.cumsum(ps)
    before = np.repeat(np.r_[0.0, cum[starts[1:] - 1]], lengths)
    offset = np.repeat(rng.random(len(starts)), lengths)
    local = cum - before
    hit = np.floor(local + offset) - np.floor(local - ps + offset) > 0
    out = np.empty(n, dtype=bool)
    out[order] = hit
    return out


def _to_business_day(day: np.ndarray, weekday_of, forward: bool) -> np.ndarray:
    """Move Saturdays and Sundays to the next Monday or the previous Friday."""
    wd = weekday_of(day)
    if forward:
        return day + np.where(wd == 5, 2, np.where(wd == 6, 1, 0))
    return day - np.where(wd == 5, 1, np.where(wd == 6, 2, 0))


def _weekday_rel(day: np.ndarray) -> np.ndarray:
    """Weekday of a day counted from 2024-01-01 (a Monday)."""
    return day % 7


# --- Campaigns ------------------------------------------------------------


def _campaigns(rng, scale: float) -> dict:
    rows = {k: [] for k in ("start", "end", "cost", "contacts", "invalid", "responses", "leads")}
    for c in cat.CAMPAIGNS:
        model = cat.BAD_CAMPAIGN_MODEL if c.bought_list else cat.CHANNEL_MODELS[c.channel]
        start = _rel(c.start)
        end = _rel(c.end)
        assert _weekday_rel(np.array(start)) < 5, c.name
        contacts = max(1, round(int(rng.integers(model.contacts[0], model.contacts[1] + 1)) * scale))
        invalid = int(rng.binomial(contacts, rng.uniform(*model.invalid_rate)))
        responses = int(rng.binomial(contacts - invalid, rng.uniform(*model.response_rate)))
        leads = int(rng.binomial(responses, model.lead_rate))
        if c.bought_list:  # well under 1 %, yet a few leads (one deal will be won)
            responses = min(max(responses, 3), (contacts - invalid) * 9 // 1000)
            leads = min(max(leads, 3), responses)
        fixed = rng.uniform(*model.fixed_cost) * scale
        cost = round(contacts * model.cost_per_contact + fixed)  # whole euros
        for key, value in zip(rows, (start, end, cost * 100, contacts, invalid, responses, leads)):
            rows[key].append(value)
    return {k: np.array(v, dtype=np.int64) for k, v in rows.items()}


# --- Leads ----------------------------------------------------------------


def _company_names(rng, sector: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Invented company names, distinct within a sector while the pool lasts."""
    words = [root + ending for root in cat.NAME_ROOTS for ending in cat.NAME_ENDINGS]
    forms = np.array(cat.LEGAL_FORMS)
    names = np.empty(len(sector), dtype=object)
    for s, sector_name in enumerate(cat.SECTORS):
        idx = np.flatnonzero(sector == s)
        if sector_name == "collectivite":
            towns = np.array([w + suffix for w in words for suffix in cat.TOWN_SUFFIXES])
            pool = np.array([form.format(t) for form in cat.COLLECTIVITE_FORMS for t in towns], dtype=object)
        else:
            pool = np.array([f"{w} {a}" for w in words for a in cat.SECTOR_WORDS[sector_name]], dtype=object)
        pick = rng.permutation(len(pool))
        pick = np.resize(pick, len(idx))  # reuse the pool only beyond its size
        chosen = pool[pick]
        if sector_name != "collectivite":
            probs = np.array([cat.LEGAL_FORM_WEIGHT[sz] for sz in cat.SIZES])[size[idx]]
            form = forms[_choice_rows(rng, probs)]
            chosen = chosen + " " + form.astype(object)
        names[idx] = chosen
    return names


def _leads(rng, scale: float, cal: Calendar, camp: dict) -> dict:
    n_camp = len(cat.CAMPAIGNS)
    # Campaign leads: first contact between the start and 30 days after the end.
    counts = camp["leads"]
    campaign = np.repeat(np.arange(n_camp), counts)
    start, end = camp["start"][campaign], camp["end"][campaign]
    span = end - start + cat.LEAD_WINDOW_AFTER_CAMPAIGN + 1
    first_c = start + (rng.random(len(campaign)) * span).astype(np.int64)
    first_c = np.minimum(_to_business_day(first_c, _weekday_rel, forward=False), LAST)

    # Inbound leads: seasonal, on business days.
    weights = cal.window(cal.business) * np.array([cat.SEASON_B2B[m] for m in range(1, 13)])[
        cal.window(cal.month) - 1
    ]
    n_web = round(cat.INBOUND_LEADS["site_web"] * scale)
    n_reco = round(cat.INBOUND_LEADS["recommandation"] * scale)
    first_i = _sample_days(rng, weights, n_web + n_reco)

    n = len(campaign) + n_web + n_reco
    source = np.concatenate([np.zeros(len(campaign), np.int64), np.ones(n_web, np.int64), np.full(n_reco, 2)])
    campaign = np.concatenate([campaign, np.full(n_web + n_reco, -1)])
    first = np.concatenate([first_c, first_i])

    # Sector (campaigns may target one) and size.
    base = np.array([cat.SECTOR_WEIGHT[s] for s in cat.SECTORS])
    target = np.array([cat.SECTORS.index(c.target) if c.target else -1 for c in cat.CAMPAIGNS])
    probs = np.tile(base, (n, 1))
    lead_target = np.where(campaign >= 0, target[np.maximum(campaign, 0)], -1)
    rows = np.flatnonzero(lead_target >= 0)
    probs[rows, lead_target[rows]] *= 8.0
    probs /= probs.sum(axis=1, keepdims=True)
    sector = _choice_rows(rng, probs)
    size_probs = np.where(
        (sector == cat.SECTORS.index("collectivite"))[:, None],
        np.array([cat.SIZE_WEIGHT_COLLECTIVITE[s] for s in cat.SIZES]),
        np.array([cat.SIZE_WEIGHT[s] for s in cat.SIZES]),
    )
    size = _choice_rows(rng, size_probs)
    lo = np.array([cat.FLEET_SIZE[s][0] for s in cat.SIZES])[size]
    hi = np.array([cat.FLEET_SIZE[s][1] for s in cat.SIZES])[size]
    nb_bikes = lo + (rng.random(n) * (hi - lo + 1)).astype(np.int64)
    salesperson = rng.integers(0, len(cat.SALESPEOPLE), n)

    # Outcome.
    channel_win = np.array(
        [cat.WIN_PROB_BAD_CAMPAIGN if c.bought_list else cat.WIN_PROB_CAMPAIGN[c.channel] for c in cat.CAMPAIGNS]
    )
    p_win = np.where(
        source == 0,
        channel_win[np.maximum(campaign, 0)],
        np.where(source == 1, cat.WIN_PROB["site_web"], cat.WIN_PROB["recommandation"]),
    )
    p_win = p_win * np.array([cat.SALESPERSON_WIN_FACTOR[s] for s in cat.SALESPEOPLE])[salesperson]
    # Balanced per campaign channel (the bought list apart) and per inbound
    # source, each lead keeping its own probability.
    channel_group = np.array(
        [len(cat.CAMPAIGN_CHANNELS) if c.bought_list else cat.CAMPAIGN_CHANNELS.index(c.channel) for c in cat.CAMPAIGNS]
    )
    group = np.where(campaign >= 0, channel_group[np.maximum(campaign, 0)], len(cat.CAMPAIGN_CHANNELS) + source)
    win = _systematic(rng, p_win, group)
    bad = [i for i, c in enumerate(cat.CAMPAIGNS) if c.bought_list]
    for b in bad:  # the bought list still brings one deal
        members = np.flatnonzero(campaign == b)
        if len(members) and not win[members].any():
            win[members[np.argmin(first[members])]] = True

    cycle = np.rint(rng.lognormal(math.log(cat.CYCLE_MEDIAN_DAYS), cat.CYCLE_SIGMA, n)).astype(np.int64)
    cycle = np.maximum(cycle, 7)
    big = (sector == cat.SECTORS.index("collectivite")) | (size == cat.SIZES.index("250+"))
    p_long = np.where(big, cat.LONG_DEAL_PROB["collectivite_or_250+"], cat.LONG_DEAL_PROB["other"])
    long_deal = np.zeros(n, dtype=bool)
    long_deal[win] = _systematic(rng, p_long[win], big[win].astype(np.int64))
    long_days = rng.integers(cat.LONG_DEAL_DAYS[0], cat.LONG_DEAL_DAYS[1] + 1, n)
    cycle = np.where(long_deal, long_days, cycle)
    loss = np.rint(rng.lognormal(math.log(cat.LOSS_MEDIAN_DAYS), cat.LOSS_SIGMA, n)).astype(np.int64)
    loss = np.maximum(loss, 3)
    close = _to_business_day(first + np.where(win, cycle, loss), _weekday_rel, forward=True)
    closed = close <= LAST
    status = np.where(closed, np.where(win, 0, 1), 2)  # gagne, perdu, en_cours

    names = _company_names(rng, sector, size)
    order = np.lexsort((rng.random(n), first))
    lead = dict(
        first=first, source=source, campaign=campaign, sector=sector, size=size,
        nb_bikes=nb_bikes, salesperson=salesperson, status=status, close=close, name=names,
    )
    return {k: v[order] for k, v in lead.items()}


# --- Private customers ----------------------------------------------------


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


# --- B2B ------------------------------------------------------------------


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


# --- Footfall ---------------------------------------------------------------


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


# --- Assembly -------------------------------------------------------------


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    """``prefix`` + zero-padded 1 … n, as an object array of str."""
    width = max(width, len(str(n)))
    numbers = np.strings.zfill(np.arange(1, n + 1).astype(np.str_), width)
    return np.strings.add(prefix, numbers).astype(object)


def _str(values) -> pd.arrays.StringArray:
    return pd.array(values, dtype=schema.STR_DTYPE)


def _category(codes: np.ndarray, table: str, column: str) -> pd.Categorical:
    dtype = schema.dtypes(table)[column]
    return pd.Categorical.from_codes(codes, dtype=dtype)


MISSING = np.iinfo(np.int64).min  # marker for a missing day


def _dates(rel_days: np.ndarray) -> np.ndarray:
    """Days counted from 2024-01-01 (``MISSING`` = missing) → datetime64[us]."""
    out = (D_START + rel_days.astype("timedelta64[D]")).astype(schema.DATE_DTYPE)
    out[rel_days == MISSING] = np.datetime64("NaT")
    return out


def _money(cents: np.ndarray) -> np.ndarray:
    return cents / 100


def generate_tables(seed: int = 2024, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Generate the course tables (see :func:`kpilab.datasets.generate`)."""
    cal = calendar()
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(7)]
    rng_camp, rng_lead, rng_people, rng_orders, rng_lines, rng_b2b, rng_foot = streams
    # The shops' tables draw from three more children of the same seed: the seven above (and
    # so the customer journey's tables) stay what they were.
    shop_streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(10)[7:]]

    camp = _campaigns(rng_camp, scale)
    leads = _leads(rng_lead, scale, cal, camp)
    people = _private_customers(rng_people, scale, cal)
    retail = _retail_orders(rng_orders, scale, cal, people)
    retail_lines = _retail_lines(rng_lines, cal, retail)

    # Clients: private customers, then one company per won deal.
    won = np.flatnonzero(leads["status"] == 0)
    n_people, n_comp = len(people["day"]), len(won)
    company = n_people + np.arange(n_comp)
    b2b_orders, b2b_lines = _b2b(rng_b2b, leads, won, company)

    client_day = np.concatenate([people["day"], leads["close"][won]])
    client_order = np.lexsort((rng_people.random(n_people + n_comp), client_day))
    client_rank = np.empty_like(client_order)
    client_rank[client_order] = np.arange(len(client_order))
    client_ids = _ids("CL", n_people + n_comp, 5)

    # Orders: retail then B2B, renumbered by day, channel, point of sale.
    n_retail, n_b2b = len(retail["day"]), len(b2b_orders["day"])
    day = np.concatenate([retail["day"], b2b_orders["day"]])
    channel = np.concatenate([retail["channel"], np.full(n_b2b, B2B)])
    pos = np.concatenate([retail["pos"], np.full(n_b2b, B2B_POS)])
    client = np.concatenate([retail["client"], b2b_orders["client"]])
    del retail, b2b_orders  # free memory early at large scales
    order_sort = np.lexsort((rng_orders.random(n_retail + n_b2b), pos, channel, day))
    order_rank = np.empty_like(order_sort)
    order_rank[order_sort] = np.arange(len(order_sort))
    order_ids = _ids("CMD", len(order_sort), 6)

    line_order = np.concatenate([order_rank[retail_lines["order"]], order_rank[n_retail + b2b_lines["order"]]])
    product = np.concatenate([retail_lines["product"], b2b_lines["product"]])
    quantity = np.concatenate([retail_lines["quantity"], b2b_lines["quantity"]])
    price = np.concatenate([retail_lines["price"], b2b_lines["price"]])
    del retail_lines, b2b_lines
    line_sort = np.lexsort((product, line_order))
    line_order, product, quantity, price = (a[line_sort] for a in (line_order, product, quantity, price))
    amount = quantity * price
    starts = np.flatnonzero(np.r_[True, line_order[1:] != line_order[:-1]])
    line_no = np.arange(len(line_order)) - np.repeat(starts, np.diff(np.r_[starts, len(line_order)])) + 1
    n_orders = len(order_sort)
    order_ht = np.bincount(line_order, weights=amount, minlength=n_orders).astype(np.int64)
    order_items = np.bincount(line_order, weights=quantity, minlength=n_orders).astype(np.int64)
    order_ttc = _with_vat(order_ht)

    # Deal amount = total of the order placed on the signature day.
    deal_amount = order_ht[order_rank[n_retail + np.arange(n_comp)]]

    tables = {}
    tables["campagnes"] = pd.DataFrame(
        {
            "campagne_id": _str(_ids("C", len(cat.CAMPAIGNS), 2)),
            "nom": _str([c.name for c in cat.CAMPAIGNS]),
            "canal": _category(
                np.array([cat.CAMPAIGN_CHANNELS.index(c.channel) for c in cat.CAMPAIGNS]), "campagnes", "canal"
            ),
            "date_debut": _dates(camp["start"]),
            "date_fin": _dates(camp["end"]),
            "cout_ht": _money(camp["cost"]),
            "contacts": camp["contacts"],
            "contacts_invalides": camp["invalid"],
            "reponses": camp["responses"],
        }
    )

    n_leads = len(leads["first"])
    campaign_ids = np.asarray(tables["campagnes"]["campagne_id"], dtype=object)
    lead_campaign = np.where(leads["campaign"] >= 0, campaign_ids[np.maximum(leads["campaign"], 0)], None)
    lead_client = np.full(n_leads, None, dtype=object)
    lead_client[won] = client_ids[client_rank[company]]
    lead_amount = np.full(n_leads, np.nan)
    lead_amount[won] = _money(deal_amount)
    status = leads["status"]
    prospect_ids = _ids("P", n_leads, 4)
    tables["prospects"] = pd.DataFrame(
        {
            "prospect_id": _str(prospect_ids),
            "entreprise": _str(leads["name"]),
            "secteur": _category(leads["sector"], "prospects", "secteur"),
            "taille": _category(leads["size"], "prospects", "taille"),
            "source": _category(leads["source"], "prospects", "source"),
            "campagne_id": _str(lead_campaign),
            "commercial": _category(leads["salesperson"], "prospects", "commercial"),
            "date_premier_contact": _dates(leads["first"]),
            "statut": _category(status, "prospects", "statut"),
            "date_signature": _dates(np.where(status == 0, leads["close"], MISSING)),
            "date_abandon": _dates(np.where(status == 1, leads["close"], MISSING)),
            "nb_velos": leads["nb_bikes"],
            "montant_ht": lead_amount,
            "client_id": _str(lead_client),
        }
    )

    client_type = np.concatenate([np.zeros(n_people, np.int64), np.ones(n_comp, np.int64)])
    client_segment = np.concatenate([people["segment"], np.full(n_comp, len(cat.SEGMENTS))])
    client_channel = np.concatenate([np.where(people["web"], WEB, MAGASIN), np.full(n_comp, B2B)])
    client_pos = np.concatenate([np.where(people["web"], WEB_POS, people["home"]), np.full(n_comp, B2B_POS)])
    client_prospect = np.concatenate([np.full(n_people, None, dtype=object), prospect_ids[won]])
    s = client_order
    tables["clients"] = pd.DataFrame(
        {
            "client_id": _str(client_ids),
            "type_client": _category(client_type[s], "clients", "type_client"),
            "segment": _category(client_segment[s], "clients", "segment"),
            "canal_acquisition": _category(client_channel[s], "clients", "canal_acquisition"),
            "point_de_vente": _category(client_pos[s], "clients", "point_de_vente"),
            "date_inscription": _dates(client_day[s]),
            "prospect_id": _str(client_prospect[s]),
        }
    )

    o = order_sort
    order_client = client[o]
    client_col = np.full(n_orders, None, dtype=object)
    known = order_client >= 0
    client_col[known] = client_ids[client_rank[order_client[known]]]
    tables["commandes"] = pd.DataFrame(
        {
            "commande_id": _str(order_ids),
            "date": _dates(day[o]),
            "canal": _category(channel[o], "commandes", "canal"),
            "point_de_vente": _category(pos[o], "commandes", "point_de_vente"),
            "client_id": _str(client_col),
            "nb_articles": order_items,
            "montant_ht": _money(order_ht),
            "montant_ttc": _money(order_ttc),
        }
    )

    tables["lignes_commande"] = pd.DataFrame(
        {
            "commande_id": _str(order_ids[line_order]),
            "ligne": line_no,
            "produit": _category(product, "lignes_commande", "produit"),
            "categorie": _category(PRODUCT_CAT[product], "lignes_commande", "categorie"),
            "quantite": quantity,
            "prix_unitaire_ht": _money(price),
            "prix_achat_unitaire_ht": _money(PURCHASE_HT[product]),
            "montant_ht": _money(amount),
        }
    )

    foot = _footfall(rng_foot, cal, dict(day=day, channel=channel, pos=pos))
    tables["frequentation"] = pd.DataFrame(
        {
            "date": _dates(foot["day"]),
            "point_de_vente": _category(foot["point"], "frequentation", "point_de_vente"),
            "visiteurs": foot["visitors"],
        }
    )

    from kpilab.datasets.shop_tables import shop_frames  # it reads this module's helpers

    tables.update(shop_frames(
        shop_streams, cal,
        orders=dict(day=day[o], channel=channel[o], pos=pos[o], amount=order_ht),
        lines=dict(order=line_order, product=product, quantity=quantity),
        foot=foot, order_ids=order_ids, scale=scale,
    ))

    for name, frame in tables.items():
        frame = schema.coerce(name, frame)
        frame.attrs.update(seed=seed, scale=scale)
        tables[name] = frame
    return {name: tables[name] for name in schema.ALL_TABLES}
