r"""The sales team per seller and period: objectives, their achievement, sales per hour, conversion.

Shop sellers are measured on three tables of the course: ``objectifs`` (a row per seller and
month: planned and worked hours, objective of CA HT), ``tickets_vendeurs`` (the seller of each
shop ticket) and ``commandes`` (the amount, articles and date of each ticket). B2B sellers are the
``commercial`` column of ``prospects``. As everywhere in :mod:`kpilab.tables`, each function
returns the counts and amounts behind its KPI next to the KPI, so that a student can redo the
division, and ``<NA>`` where a denominator is zero.

- taux de réalisation = réalisé ÷ objectif × 100, where the réalisé of a seller is the CA HT of
  his tickets; over several months it is the total réalisé over the total objective, never the
  mean of the monthly rates;
- CA par heure = CA HT ÷ heures travaillées (not the planned hours: an absent seller sells
  nothing);
- CA par heure = tickets par heure × panier moyen, as panier moyen = indice de vente × PMA.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpilab import formulas
from kpilab.errors import KPIError
from kpilab.tables._engine import (
    _as_text,
    _by_list,
    _dates,
    _freq,
    _keys,
    _kpi,
    _matchable,
    _require,
    _sum_by,
)
from kpilab.tables.funnel import conversion_rate_by, sales_cycle_by

__all__ = ["target_achievement_by", "seller_sales_by", "seller_conversion_by"]

_SELLER, _SHOP = "vendeur", "point_de_vente"


def _tickets(objectifs: pd.DataFrame, commandes: pd.DataFrame, tickets_vendeurs: pd.DataFrame,
             by: list[str]) -> pd.DataFrame:
    """Each seller's ticket with its date, shop, amount and articles, and the ``by`` columns.

    The shop comes from ``commandes`` (the ticket's shop); a ``by`` column of ``objectifs`` other
    than the shop and the seller (``poste`` after a merge with ``vendeurs``…) must have one value
    per seller, given to each of his tickets. A ticket whose order is not in ``commandes`` is
    left out: pass the whole tables and filter the result.
    """
    _require(tickets_vendeurs, ["commande_id", _SELLER], "tickets_vendeurs")
    _require(commandes, ["commande_id", "date", _SHOP, "montant_ht", "nb_articles"], "commandes")
    _dates(commandes, "date", "commandes")
    orders = _matchable(pd.Index(_as_text(commandes["commande_id"])), "commandes", "commande_id", "la commande")
    where = orders.get_indexer(_as_text(tickets_vendeurs["commande_id"]).array)
    kept = where >= 0
    rows = commandes.iloc[where[kept]]
    tickets = pd.DataFrame({
        _SELLER: tickets_vendeurs[_SELLER].array[kept],
        "date": rows["date"].to_numpy(),
        _SHOP: rows[_SHOP].array,
        "montant_ht": rows["montant_ht"].to_numpy(),
        "nb_articles": rows["nb_articles"].to_numpy(),
    })
    for column in by:
        if column in (_SELLER, _SHOP):
            continue
        values = objectifs[[_SELLER, column]].drop_duplicates()
        if values[_SELLER].duplicated().any():
            seller = values.loc[values[_SELLER].duplicated(), _SELLER].iloc[0]
            raise KPIError(f"La colonne `{column}` du tableau `objectifs` a plusieurs valeurs pour le vendeur "
                           f"{seller!r} : on ne peut pas la donner à ses tickets. Regroupe par "
                           "'vendeur' ou 'point_de_vente'.")
        lookup = pd.Series(values[column].to_numpy(), index=values[_SELLER].astype(str).to_numpy())
        tickets[column] = pd.Series(tickets[_SELLER].astype(str).map(lookup).array, dtype=objectifs[column].dtype)
    return tickets


def _aligned(objectifs: pd.DataFrame, tickets: pd.DataFrame, by: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``by`` columns of both tables in one type: the same categories, or text."""
    left, right = {}, {}
    for column in by:
        a, b = objectifs[column], tickets[column]
        if isinstance(a.dtype, pd.CategoricalDtype) and isinstance(b.dtype, pd.CategoricalDtype):
            categories = a.cat.categories.union(b.cat.categories, sort=False)
            dtype = pd.CategoricalDtype(categories, ordered=a.cat.ordered)
            left[column], right[column] = a.astype(dtype), b.astype(dtype)
        else:
            left[column], right[column] = _as_text(a), _as_text(b)
    return objectifs.assign(**left), tickets.assign(**right)


def _team_table(objectifs, commandes, tickets_vendeurs, by, period, planned: dict, sold: dict) -> pd.DataFrame:
    """The sums of ``planned`` (columns of ``objectifs``) and ``sold`` (of the tickets) per group.

    The objectives' months and the tickets are stacked in one table (each row holds zeros in the
    other's columns), so that both are grouped by the same keys, in the order of their categories.
    ``sold`` maps a result to a ticket column, or to None to count the tickets.
    """
    columns = _by_list(by)
    _require(objectifs, ["mois", _SELLER, *planned.values(), *columns], "objectifs")
    months = _dates(objectifs, "mois", "objectifs")
    if _freq(period) in ("W", "D"):
        raise KPIError(f"`period` vaut {period!r} : les objectifs sont mensuels, choisis 'month' (mois), "
                       "'quarter' (trimestre), 'year' (année) ou None (toute la période).")
    tickets = _tickets(objectifs, commandes, tickets_vendeurs, columns)
    plan, tickets = _aligned(objectifs, tickets, columns)
    zeros_plan, zeros_sold = np.zeros(len(plan), dtype="int64"), np.zeros(len(tickets), dtype="int64")
    stacked = pd.concat([
        pd.DataFrame({**{c: plan[c].array for c in columns}, "date": months.to_numpy(),
                      **{name: plan[column].to_numpy() for name, column in planned.items()},
                      **{name: zeros_plan for name in sold}}),
        pd.DataFrame({**{c: tickets[c].array for c in columns}, "date": tickets["date"].to_numpy(),
                      **{name: zeros_sold for name in planned},
                      **{name: np.ones(len(tickets), dtype="int64") if column is None else tickets[column].to_numpy()
                         for name, column in sold.items()}}),
    ], ignore_index=True)
    for c in columns:  # the categories of both parts, kept by concat only when they are the same
        stacked[c] = stacked[c].astype(plan[c].dtype)
    keys = _keys(stacked, columns, "date", period, "objectifs")
    return _sum_by(stacked, keys, {name: stacked[name] for name in [*planned, *sold]})


def target_achievement_by(objectifs: pd.DataFrame, commandes: pd.DataFrame, tickets_vendeurs: pd.DataFrame,
                          by="vendeur", period="year") -> pd.DataFrame:
    r"""Objectif, réalisé and taux de réalisation per seller (or shop) and period.

    .. math:: \text{taux de réalisation} = \frac{\text{CA réalisé HT}}{\text{objectif de CA HT}} \times 100

    The objective is the sum of ``objectif_ca_ht`` of ``objectifs`` (a seller's months; a shop's
    objective is the sum of its sellers'); the réalisé is the CA HT of the seller's tickets
    (``tickets_vendeurs`` joined to ``commandes``), in the months of ``mois`` and ``date``.
    ``ecart_ht`` = réalisé − objectif (negative: below the objective). Over a year the rate is
    the year's réalisé over the year's objective, not the mean of twelve monthly rates.
    ``by``: ``"vendeur"``, ``"point_de_vente"``, both, or a column of ``objectifs`` with one
    value per seller (``poste``, once ``vendeurs`` is merged in).

    >>> from kpilab import datasets
    >>> table = target_achievement_by(datasets.load("objectifs"), datasets.load("commandes"),
    ...                               datasets.load("tickets_vendeurs"))
    >>> row = table.loc[("Antoine Dubois", "2025")]
    >>> float(row["objectif_ca_ht"]), float(row["chiffre_affaires_ht"]), round(float(row["taux_de_realisation"]), 1)
    (292458.0, 349103.38, 119.4)
    """
    table = _team_table(objectifs, commandes, tickets_vendeurs, by, period,
                        {"objectif_ca_ht": "objectif_ca_ht"}, {"chiffre_affaires_ht": "montant_ht"})
    table["ecart_ht"] = table["chiffre_affaires_ht"] - table["objectif_ca_ht"]
    table["taux_de_realisation"] = _kpi(table, "chiffre_affaires_ht", "objectif_ca_ht",
                                        formulas.target_achievement_rate)
    return table


def seller_sales_by(objectifs: pd.DataFrame, commandes: pd.DataFrame, tickets_vendeurs: pd.DataFrame,
                    by="vendeur", period="year") -> pd.DataFrame:
    r"""A shop seller's tickets, CA, panier moyen, indice de vente and CA par heure travaillée.

    .. math:: \text{CA par heure} = \frac{\text{CA HT}}{\text{heures travaillées}}
              = \frac{\text{tickets}}{\text{heures travaillées}} \times \text{panier moyen}

    panier moyen HT = CA HT ÷ tickets; indice de vente = articles ÷ tickets; the hours are the
    ``heures_travaillees`` of ``objectifs`` (planned hours minus absences): an hour of absence
    sells nothing. ``objectif_par_heure`` = objective ÷ planned hours, the CA an hour of the
    planning is expected to bring: the shop's, the same for each of its sellers in a month.
    Compare CA par heure between sellers of the same shop over the same months: a city-centre
    shop or a spring month sells more per hour whoever works there.

    >>> from kpilab import datasets
    >>> table = seller_sales_by(datasets.load("objectifs"), datasets.load("commandes"),
    ...                         datasets.load("tickets_vendeurs"))
    >>> row = table.loc[("Julien Marchand", "2025")]
    >>> int(row["tickets"]), int(row["heures_travaillees"]), round(float(row["ca_par_heure"]), 2)
    (1912, 1615, 318.69)
    """
    table = _team_table(objectifs, commandes, tickets_vendeurs, by, period,
                        {"heures_prevues": "heures_prevues", "heures_travaillees": "heures_travaillees",
                         "objectif_ca_ht": "objectif_ca_ht"},
                        {"tickets": None, "articles": "nb_articles", "chiffre_affaires_ht": "montant_ht"})
    table["panier_moyen_ht"] = _kpi(table, "chiffre_affaires_ht", "tickets", formulas.average_order_value)
    table["indice_de_vente"] = _kpi(table, "articles", "tickets", formulas.sales_index)
    table["tickets_par_heure"] = _kpi(table, "tickets", "heures_travaillees", np.divide)
    table["ca_par_heure"] = _kpi(table, "chiffre_affaires_ht", "heures_travaillees", formulas.sales_per_hour)
    table["objectif_par_heure"] = _kpi(table, "objectif_ca_ht", "heures_prevues", formulas.sales_per_hour)
    return table[["tickets", "articles", "chiffre_affaires_ht", "panier_moyen_ht", "indice_de_vente",
                  "heures_prevues", "heures_travaillees", "tickets_par_heure", "ca_par_heure",
                  "objectif_ca_ht", "objectif_par_heure"]]


def seller_conversion_by(prospects: pd.DataFrame, by="commercial", period=None) -> pd.DataFrame:
    r"""A B2B seller's leads, sales, taux de conversion, affaire moyenne and sales cycle.

    .. math:: \text{taux de conversion} = \frac{\text{ventes}}{\text{leads}} \times 100 \qquad
              \text{affaire moyenne} = \frac{\text{montant HT signé}}{\text{ventes}}

    The columns of :func:`~kpilab.tables.conversion_rate_by` (a sale is a lead with ``statut ==
    "gagne"``; ``en_cours`` counts the open leads, still in the denominator), then the won deals'
    ``montant_ht`` and cycle (:func:`~kpilab.tables.sales_cycle_by`: signature − first contact,
    mean and median). With ``period``, a row holds the leads **first contacted** in the period
    and what became of them, their sales and cycles included (not the deals signed in it).
    ``by``: ``"commercial"`` or any column of ``prospects`` (a list for several).

    >>> from kpilab import datasets
    >>> table = seller_conversion_by(datasets.load("prospects"))
    >>> row = table.loc["Sophie Laurent"]
    >>> int(row["leads"]), int(row["ventes"]), round(float(row["taux_de_conversion"]), 1), float(row["cycle_median_jours"])
    (187, 45, 24.1, 44.0)
    """
    columns = _by_list(by)
    _require(prospects, ["statut", "date_premier_contact", "date_signature", "montant_ht", *columns], "prospects")
    leads = prospects
    if period is not None:  # the period of first contact as a column: the same groups in every part
        first = _dates(prospects, "date_premier_contact", "prospects")
        leads = prospects.assign(periode=first.dt.to_period(_freq(period)))
        columns = [*columns, "periode"]
    groups = columns or None
    table = conversion_rate_by(leads, by=groups)
    won = leads[leads["statut"] == "gagne"]
    signed = _sum_by(won, _keys(won, groups, None, None, "prospects"), {"montant_signe_ht": won["montant_ht"]})
    cycles = sales_cycle_by(leads, by=groups)
    table = table.join(signed).join(cycles[["cycle_moyen_jours", "cycle_median_jours"]])
    table["montant_signe_ht"] = table["montant_signe_ht"].fillna(0.0)
    table["affaire_moyenne_ht"] = _kpi(table, "montant_signe_ht", "ventes", formulas.average_order_value)
    for column in ("cycle_moyen_jours", "cycle_median_jours"):
        table[column] = pd.array(table[column].to_numpy(dtype="float64", na_value=np.nan), dtype="Float64")
    return table[["leads", "ventes", "en_cours", "taux_de_conversion", "montant_signe_ht", "affaire_moyenne_ht",
                  "cycle_moyen_jours", "cycle_median_jours"]]
