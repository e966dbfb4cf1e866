"""Campaigns and leads: the B2B prospecting of Roue Libre.

Contacts, bounced contacts and responses of each campaign are binomial draws
with channel-dependent rates (:data:`catalog.CHANNEL_MODELS`); the leads are
part of the responses plus inbound leads (web form, recommendations), each won
with a probability that depends on its source and closed after a right-skewed
delay. Deals still open on 2025-12-31 are ``en_cours``.

>>> camp = _campaigns(np.random.default_rng(1), 1.0)
>>> len(camp["contacts"]) == len(cat.CAMPAIGNS), bool((camp["responses"] <= camp["contacts"]).all())
(True, True)
"""

from __future__ import annotations

import math

import numpy as np

from kpilab.datasets import catalog as cat
from kpilab.datasets.days import LAST, Calendar, _rel, _to_business_day, _weekday_rel
from kpilab.datasets.sampling import _choice_rows, _sample_days, _systematic


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
