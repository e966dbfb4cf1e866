"""Orders and shops per segment and period: average order value, store conversion, margins."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpilab import formulas
from kpilab.errors import KPIError
from kpilab.tables import _checks
from kpilab.tables._engine import (
    _as_text,
    _by_list,
    _dates,
    _keys,
    _kpi,
    _margin_share,
    _matchable,
    _on_day,
    _require,
    _sum_by,
)


def average_order_value_by(commandes: pd.DataFrame, by=None, period=None) -> pd.DataFrame:
    """Panier moyen HT and indice de vente per segment and period.

    panier moyen HT = chiffre d'affaires HT ÷ nombre de transactions;
    indice de vente = articles ÷ transactions.

    Only sales count (the refund rule, règle des avoirs, of
    :mod:`kpilab.tables`): avoirs, 0 € orders and orders without an amount or
    a date are left out, with a warning that counts them. Without a
    ``nb_articles`` column the table has no ``articles`` and no
    ``indice_de_vente``. With a ``period``, every period of the coverage is a
    row (an empty month: 0 transactions, no panier moyen), and the periods
    the data covers only in part are listed in
    ``attrs["periodes_partielles"]``.

    >>> orders = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-03-31"]), "montant_ht": [30.0, 50.0]})
    >>> average_order_value_by(orders, period="month")["transactions"].tolist()
    [1, 0, 1]
    """
    _require(commandes, ["date", "montant_ht"], "commandes")
    orders = _checks.sales(commandes)
    rows = orders.frame
    counted = {"transactions": 1, "chiffre_affaires_ht": rows["montant_ht"]}
    if "nb_articles" in rows:
        counted = {"transactions": 1, "articles": rows["nb_articles"], "chiffre_affaires_ht": rows["montant_ht"]}
    table = _sum_by(rows, _keys(rows, by, "date", period, "commandes"), counted)
    table = _checks.by_period(table, orders, period)
    table["panier_moyen_ht"] = _kpi(table, "chiffre_affaires_ht", "transactions", formulas.average_order_value)
    if "nb_articles" in rows:
        table["indice_de_vente"] = _kpi(table, "articles", "transactions", formulas.sales_index)
    return table


def store_conversion_by(commandes: pd.DataFrame, frequentation: pd.DataFrame, by="point_de_vente", period=None) -> pd.DataFrame:
    """Taux de transformation (tickets ÷ visiteurs × 100) per point of sale and period.

    For the shops the visitors are door-counter entries; for the web shop
    they are sessions (the web conversion rate). A ticket is a sale: with a
    ``montant_ht`` column, avoirs and 0 € orders are left out (the refund rule
    of :mod:`kpilab.tables`), with a warning.
    """
    _require(frequentation, ["date", "point_de_vente", "visiteurs"], "frequentation")
    _require(commandes, ["date", "point_de_vente"], "commandes")
    if _by_list(by) not in ([], ["point_de_vente"]):
        raise KPIError("`by` ne peut valoir que 'point_de_vente' ou None pour le taux de transformation.")
    orders = _checks.sales(commandes)
    _checks.date_column(frequentation, "date", "frequentation")
    counted = frequentation["point_de_vente"].astype(str).unique()
    tickets = orders.frame[orders.frame["point_de_vente"].astype(str).isin(counted)]
    tickets = tickets.assign(point_de_vente=tickets["point_de_vente"].astype(str))  # shops as text in both tables
    visits = frequentation.assign(point_de_vente=frequentation["point_de_vente"].astype(str))
    t_keys = _keys(tickets, by, "date", period, "commandes")
    v_keys = _keys(visits, by, "date", period, "frequentation")
    table = pd.concat([
        _sum_by(tickets, t_keys, {"tickets": 1}),
        _sum_by(visits, v_keys, {"visiteurs": visits["visiteurs"]}),
    ], axis=1).fillna(0).astype("int64")
    table = _checks.by_period(table.sort_index(), orders, period)
    table["taux_de_transformation"] = _kpi(table, "tickets", "visiteurs", formulas.store_conversion_rate)
    return table



def margins_by(lignes_commande: pd.DataFrame, by="categorie") -> pd.DataFrame:
    """Chiffre d'affaires, coût d'achat, marge, taux de marque and taux de marge.

    taux de marque = marge ÷ CA HT × 100; taux de marge = marge ÷ coût d'achat HT × 100.
    """
    lines = lignes_commande
    _require(lines, ["quantite", "montant_ht", "prix_achat_unitaire_ht"], "lignes_commande")
    keys = _keys(lines, by, None, None, "lignes_commande")
    table = _sum_by(lines, keys, {
        "chiffre_affaires_ht": lines["montant_ht"],
        "cout_achat_ht": lines["quantite"] * lines["prix_achat_unitaire_ht"],
    })
    table["marge_ht"] = table["chiffre_affaires_ht"] - table["cout_achat_ht"]
    table["taux_de_marque"] = _margin_share(table)
    table["taux_de_marge"] = _kpi(table, "chiffre_affaires_ht", "cout_achat_ht", formulas.markup_rate)
    return table


def fleet_margin_by(prospects: pd.DataFrame, commandes: pd.DataFrame, lignes_commande: pd.DataFrame,
                    by=None) -> pd.DataFrame:
    """The margin of the won deals' fleets, and the margin of a deal, per segment of ``prospects``.

    A won deal's fleet is the B2B order its company placed on the day of its
    signature (same ``client_id``, ``date`` = ``date_signature``). On the lines
    of those orders:

    - marge HT = ventes HT − coût d'achat HT (quantité × prix d'achat unitaire HT);
    - taux de marque = marge HT ÷ ventes HT × 100;
    - marge par affaire = marge HT ÷ nombre d'affaires gagnées.

    Only the won deals of ``prospects`` count: pass the leads of one source, or
    ``by="source"``, to compare. A won deal whose fleet is not in ``commandes``
    is a French error (its margin is unknown, it cannot count as zero). The
    margin of the first order is all that two years of data say for sure
    about a company (lesson 07): a minimum of what it brings.

    >>> from kpilab import datasets
    >>> prospects = datasets.load("prospects")
    >>> flottes = fleet_margin_by(prospects[prospects["source"] == "campagne"],
    ...                           datasets.load("commandes"), datasets.load("lignes_commande"))
    >>> row = flottes.loc["total"]
    >>> int(row["affaires"]), round(float(row["marge_ht"]), 2), round(float(row["marge_par_affaire"]), 2)
    (52, 153385.69, 2949.72)
    """
    segments = _by_list(by)
    _require(prospects, ["statut", "client_id", "date_signature"] + segments, "prospects")
    _require(commandes, ["commande_id", "canal", "client_id", "date"], "commandes")
    _require(lignes_commande, ["commande_id", "quantite", "montant_ht", "prix_achat_unitaire_ht"], "lignes_commande")
    won = prospects[prospects["statut"] == "gagne"]
    signed = _dates(won, "date_signature", "prospects").dt.normalize()
    b2b = commandes[commandes["canal"].astype(str) == "b2b"]
    # Each B2B order's deal (a position in `won`, -1 for none), matched on (company, day).
    deals = pd.MultiIndex.from_arrays([_as_text(won["client_id"]).array, signed.array])
    if deals.has_duplicates:
        first = np.flatnonzero(deals.duplicated())[0]
        raise KPIError(f"Le tableau `prospects` contient deux affaires gagnées par le client "
                       f"{won['client_id'].iloc[first]!r} {_on_day(signed.iloc[first])} : chaque affaire gagnée "
                       "doit avoir sa propre commande de flotte.")
    deal_of_order = deals.get_indexer(pd.MultiIndex.from_arrays(
        [_as_text(b2b["client_id"]).array, _dates(b2b, "date", "commandes").dt.normalize().array]))
    found = np.zeros(len(won), dtype=bool)
    found[deal_of_order[deal_of_order >= 0]] = True
    if not found.all():
        first = np.flatnonzero(~found)[0]
        deal = won["prospect_id"].iloc[first] if "prospect_id" in won else won.index[first]
        raise KPIError(
            f"L'affaire gagnée {deal!r} (client {won['client_id'].iloc[first]!r}, signée "
            f"{_on_day(signed.iloc[first])}) n'a pas de commande B2B de son client ce jour-là dans `commandes` : "
            "sa flotte manque, donc sa marge n'est pas connue. Donne toutes les commandes "
            "(datasets.load('commandes'))."
        )
    fleets = _matchable(pd.Index(_as_text(b2b["commande_id"])), "commandes", "commande_id", "la commande")
    deal_of_line = np.append(deal_of_order, -1)[fleets.get_indexer(_as_text(lignes_commande["commande_id"]).array)]
    kept = deal_of_line >= 0
    lines, deal_of_line = lignes_commande[kept], deal_of_line[kept]
    per_deal = won[segments].reset_index(drop=True).assign(
        chiffre_affaires_ht=np.bincount(deal_of_line, weights=lines["montant_ht"].to_numpy(dtype="float64"),
                                        minlength=len(won)),
        cout_achat_ht=np.bincount(deal_of_line, minlength=len(won), weights=(
            lines["quantite"] * lines["prix_achat_unitaire_ht"]).to_numpy(dtype="float64")),
    )
    table = _sum_by(per_deal, _keys(per_deal, by, None, None, "prospects"), {
        "affaires": 1,
        "chiffre_affaires_ht": per_deal["chiffre_affaires_ht"],
        "cout_achat_ht": per_deal["cout_achat_ht"],
    })
    table["marge_ht"] = table["chiffre_affaires_ht"] - table["cout_achat_ht"]
    table["taux_de_marque"] = _margin_share(table)
    table["marge_par_affaire"] = _kpi(table, "marge_ht", "affaires", np.divide)
    return table
