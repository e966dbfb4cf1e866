"""Prospecting and B2B sales per segment and period: response, conversion, cost, cycle."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpilab import formulas
from kpilab.tables._engine import (
    _groups,
    _keys,
    _kpi,
    _matchable,
    _require,
    _sum_by,
)


def response_rate_by(campagnes: pd.DataFrame, by=None, period=None) -> pd.DataFrame:
    """Taux de réponse per segment and period of launch (``date_debut``).

    Bounced contacts (``contacts_invalides``) leave the denominator:
    taux de réponse = réponses ÷ (contacts − contacts invalides) × 100.

    >>> from kpilab import datasets
    >>> table = response_rate_by(datasets.load("campagnes"), by="canal")
    >>> table.columns.tolist()
    ['contacts', 'contacts_invalides', 'contacts_valides', 'reponses', 'taux_de_reponse']
    """
    _require(campagnes, ["contacts", "contacts_invalides", "reponses", "date_debut"], "campagnes")
    keys = _keys(campagnes, by, "date_debut", period, "campagnes")
    table = _sum_by(campagnes, keys, {
        "contacts": campagnes["contacts"],
        "contacts_invalides": campagnes["contacts_invalides"],
        "contacts_valides": campagnes["contacts"] - campagnes["contacts_invalides"],
        "reponses": campagnes["reponses"],
    })
    table["taux_de_reponse"] = _kpi(table, "reponses", "contacts_valides", formulas.response_rate)
    return table


def leads_with_channel(prospects: pd.DataFrame, campagnes: pd.DataFrame) -> pd.DataFrame:
    """The leads with a ``canal`` column: the campaign's channel, else the source.

    A lead from a campaign gets the campaign's channel (emailing, salon…);
    the others get their source (site_web, recommandation).
    """
    _require(prospects, ["campagne_id", "source"], "prospects")
    _require(campagnes, ["campagne_id", "canal"], "campagnes")
    campaigns = pd.Index(campagnes["campagne_id"])
    if campaigns.hasnans or not campaigns.is_unique:
        campaigns = _matchable(campaigns, "campagnes", "campagne_id", "la campagne")
    # Worked out on the few channel and source names, then one code per lead.
    source = prospects["source"].astype("category")
    channel_names, source_names = campagnes["canal"].astype(str), source.cat.categories.astype(str)
    names = pd.Index(sorted(set(channel_names.dropna()) | set(source_names)), dtype="str")
    of_campaign = np.append(names.get_indexer(channel_names), -1)  # the last one: no campaign
    of_source = np.append(names.get_indexer(source_names), -1)  # the last one: no source
    codes = of_campaign[campaigns.get_indexer(prospects["campagne_id"])]
    codes = np.where(codes >= 0, codes, of_source[source.cat.codes.to_numpy()])
    channel = pd.Categorical.from_codes(codes, categories=names).remove_unused_categories()
    return prospects.assign(canal=pd.Series(channel, index=prospects.index, copy=False))


def conversion_rate_by(prospects: pd.DataFrame, by=None, period=None, closed_only: bool = False) -> pd.DataFrame:
    """Taux de conversion des leads per segment and period of first contact.

    taux de conversion = ventes ÷ leads × 100, where a sale is a lead with
    ``statut == "gagne"``. With ``closed_only=True`` the open deals
    (``en_cours``) leave the denominator: the rate among decided deals.

    >>> from kpilab import datasets
    >>> conversion_rate_by(datasets.load("prospects"), by="source").columns.tolist()
    ['leads', 'ventes', 'en_cours', 'taux_de_conversion']
    """
    _require(prospects, ["statut", "date_premier_contact"], "prospects")
    leads = prospects[prospects["statut"] != "en_cours"] if closed_only else prospects
    keys = _keys(leads, by, "date_premier_contact", period, "prospects")
    table = _sum_by(leads, keys, {
        "leads": 1,
        "ventes": (leads["statut"] == "gagne").astype("int64"),
        "en_cours": (leads["statut"] == "en_cours").astype("int64"),
    })
    table["taux_de_conversion"] = _kpi(table, "ventes", "leads", formulas.conversion_rate)
    return table


def cost_per_conversion_by(campagnes: pd.DataFrame, prospects: pd.DataFrame, by="campagne_id") -> pd.DataFrame:
    """Coût par conversion of the campaigns: cost ÷ won deals, per campaign or channel.

    Only the leads that came from a campaign count. A campaign without any
    won deal has no cost per conversion (<NA>).
    """
    _require(campagnes, ["campagne_id", "cout_ht"], "campagnes")
    _require(prospects, ["campagne_id", "statut"], "prospects")
    from_campaigns = prospects.dropna(subset=["campagne_id"])
    per_campaign = pd.DataFrame({
        "leads": from_campaigns.groupby("campagne_id", observed=True).size(),
        "ventes": (from_campaigns["statut"] == "gagne").groupby(from_campaigns["campagne_id"], observed=True).sum(),
    })
    merged = campagnes.join(per_campaign, on="campagne_id")
    merged[["leads", "ventes"]] = merged[["leads", "ventes"]].fillna(0).astype("int64")
    keys = _keys(merged, by, None, None, "campagnes")
    table = _sum_by(merged, keys, {c: merged[c] for c in ("cout_ht", "leads", "ventes")})
    table["cout_par_lead"] = _kpi(table, "cout_ht", "leads", formulas.cost_per_conversion)
    table["cout_par_conversion"] = _kpi(table, "cout_ht", "ventes", formulas.cost_per_conversion)
    return table


def sales_cycle_by(prospects: pd.DataFrame, by=None, period=None) -> pd.DataFrame:
    """Cycle de vente moyen and médian, in days, of the won deals.

    cycle = date de signature − date du premier contact, won deals only
    (open and lost deals have no signature); ``period`` groups deals by the
    period of their signature.
    """
    _require(prospects, ["statut", "date_premier_contact", "date_signature"], "prospects")
    won = prospects[prospects["statut"] == "gagne"]
    keys = _keys(won, by, "date_signature", period, "prospects")
    days = formulas.sales_cycle_days(won["date_premier_contact"], won["date_signature"])
    if not keys:
        grouped = days.groupby(np.zeros(len(days)))
        kept, index = slice(None), pd.Index(["total"])
    else:
        groups = _groups(keys)
        grouped = groups.grouped(days)
        kept, index = groups.present, groups.index
    return pd.DataFrame({
        "affaires_gagnees": grouped.size().to_numpy()[kept],
        "cycle_moyen_jours": grouped.mean().array[kept],
        "cycle_median_jours": grouped.median().array[kept],
    }, index=index)
