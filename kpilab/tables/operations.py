"""Gestion opérationnelle per shop and period: PMA, captation, sales per m², stocks, démarque, break-even.

The shop tables of the course (``magasins``, ``passants``, ``inventaires``)
joined to the journey tables (``commandes``, ``lignes_commande``,
``frequentation``). As everywhere in :mod:`kpilab.tables`, each function
returns the counts and amounts behind its KPI next to the KPI, so that a
student can redo the division, and ``<NA>`` where a denominator is zero.

Conventions, as taught in BTS MCO (sources in :mod:`kpilab.formulas`):

- amounts HT; stocks and the cost of the goods sold at purchase cost HT;
- stock moyen = (stock initial + stock final) ÷ 2: the stock counted at the
  inventory before the period and the one counted at its last inventory;
- the year has 360 days (année commerciale), a quarter 90;
- a shop's variable costs are the purchase cost of what it sells, so its
  taux de marge sur coût variable is its taux de marque.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kpilab import formulas
from kpilab.errors import KPIError
from kpilab.tables._engine import (
    _Key,
    _as_text,
    _by_list,
    _dates,
    _freq,
    _keys,
    _kpi,
    _margin_share,
    _matchable,
    _period_key,
    _require,
    _sum_by,
)
from kpilab.tables.orders import average_order_value_by

__all__ = [
    "average_item_price_by",
    "capture_rate_by",
    "sales_per_square_metre_by",
    "stock_rotation_by",
    "shrinkage_by",
    "break_even_by",
]

DAYS_PER_QUARTER = 90  # a quarter of the année commerciale of 360 days
_SHOP = "point_de_vente"


def _shop_only(by, what: str) -> None:
    if _by_list(by) not in ([], [_SHOP]):
        raise KPIError(f"`by` ne peut valoir que 'point_de_vente' ou None pour {what}.")


def _as_shops(df: pd.DataFrame, shops) -> pd.DataFrame:
    """The rows of ``df`` whose point of sale is one of ``shops``, the point of sale as text."""
    names = df[_SHOP].astype(str)
    kept = names.isin(list(shops))
    return df[kept].assign(point_de_vente=names[kept])


def _quarterly(period, what: str) -> None:
    if _freq(period) == "M":
        raise KPIError(f"Les inventaires sont trimestriels : {what} ne se calcule pas par mois. "
                       "Choisis period='quarter' (trimestre), 'year' (année) ou None (toute la période).")


def average_item_price_by(commandes: pd.DataFrame, by="point_de_vente", period="year") -> pd.DataFrame:
    r"""Prix moyen par article (PMA), indice de vente and panier moyen HT per segment and period.

    .. math:: \text{PMA} = \frac{\text{CA HT}}{\text{articles}} \qquad
              \text{panier moyen} = \frac{\text{CA HT}}{\text{tickets}} = \text{indice de vente} \times \text{PMA}

    The columns of :func:`~kpilab.tables.average_order_value_by` plus
    ``prix_moyen_article``: the panier moyen splits into how many articles a
    ticket holds (the ventes additionnelles move it) and how much an article
    costs (the montée en gamme moves it).

    >>> from kpilab import datasets
    >>> commandes = datasets.load("commandes")
    >>> table = average_item_price_by(commandes[commandes["canal"] == "magasin"])
    >>> row = table.loc[("Croix-Rousse", "2025")]
    >>> round(float(row["indice_de_vente"]), 2), round(float(row["prix_moyen_article"]), 2), round(float(row["panier_moyen_ht"]), 2)
    (1.7, 140.9, 239.92)
    """
    table = average_order_value_by(commandes, by=by, period=period)
    table["prix_moyen_article"] = _kpi(table, "chiffre_affaires_ht", "articles", formulas.average_item_price)
    return table[["transactions", "articles", "chiffre_affaires_ht", "indice_de_vente", "prix_moyen_article",
                  "panier_moyen_ht"]]


def capture_rate_by(frequentation: pd.DataFrame, passants: pd.DataFrame, by="point_de_vente", period=None) -> pd.DataFrame:
    r"""Taux de captation (entrants ÷ passants × 100) per shop and period.

    .. math:: \text{taux de captation} = \frac{\text{entrants}}{\text{passants}} \times 100

    The entrants are the ``visiteurs`` of ``frequentation`` (the door counter)
    of the shops that ``passants`` counts: the web shop has no shop front and
    is left out. The passers-by count everyone who passed the window, the
    entrants included.

    >>> from kpilab import datasets
    >>> table = capture_rate_by(datasets.load("frequentation"), datasets.load("passants"), period="year")
    >>> row = table.loc[("Croix-Rousse", "2025")]
    >>> int(row["entrants"]), int(row["passants"]), round(float(row["taux_de_captation"]), 2)
    (22324, 378924, 5.89)
    """
    _require(frequentation, ["date", _SHOP, "visiteurs"], "frequentation")
    _require(passants, ["date", _SHOP, "passants"], "passants")
    _shop_only(by, "le taux de captation")
    shops = passants[_SHOP].astype(str).unique()
    visits = _as_shops(frequentation, shops)
    passers = passants.assign(point_de_vente=passants[_SHOP].astype(str))
    table = pd.concat([
        _sum_by(visits, _keys(visits, by, "date", period, "frequentation"), {"entrants": visits["visiteurs"]}),
        _sum_by(passers, _keys(passers, by, "date", period, "passants"), {"passants": passers["passants"]}),
    ], axis=1).fillna(0).astype("int64")
    table["taux_de_captation"] = _kpi(table, "entrants", "passants", formulas.capture_rate)
    return table


def _surfaces(magasins: pd.DataFrame) -> pd.Series:
    _require(magasins, [_SHOP, "surface_vente_m2"], "magasins")
    shops = _matchable(pd.Index(magasins[_SHOP].astype(str)), "magasins", _SHOP, "le magasin")
    return pd.Series(magasins["surface_vente_m2"].to_numpy(), index=shops)


def sales_per_square_metre_by(commandes: pd.DataFrame, magasins: pd.DataFrame, period="year") -> pd.DataFrame:
    r"""Chiffre d'affaires HT au m² de surface de vente, per shop and period.

    .. math:: \text{CA au m²} = \frac{\text{chiffre d'affaires HT}}{\text{surface de vente en m²}}

    The revenue is that of the tickets of the shops listed in ``magasins``
    (the web shop and the Service entreprises have no surface de vente).
    Compare shops over a year: a month's CA au m² is a twelfth of the usual figure.

    >>> from kpilab import datasets
    >>> table = sales_per_square_metre_by(datasets.load("commandes"), datasets.load("magasins"))
    >>> round(float(table.loc[("Croix-Rousse", "2025"), "ca_par_m2"]), 2)
    6401.64
    """
    _require(commandes, ["date", _SHOP, "montant_ht"], "commandes")
    surfaces = _surfaces(magasins)
    tickets = _as_shops(commandes, surfaces.index)
    table = _sum_by(tickets, _keys(tickets, _SHOP, "date", period, "commandes"),
                    {"chiffre_affaires_ht": tickets["montant_ht"]})
    shop_of_row = table.index.get_level_values(_SHOP) if table.index.nlevels > 1 else table.index
    table["surface_vente_m2"] = surfaces.reindex(pd.Index(shop_of_row).astype(str)).to_numpy()
    table["ca_par_m2"] = _kpi(table, "chiffre_affaires_ht", "surface_vente_m2", formulas.sales_per_square_metre)
    return table


def stock_rotation_by(inventaires: pd.DataFrame, by="point_de_vente", period="year") -> pd.DataFrame:
    r"""Stock moyen, rotation and durée moyenne de stockage per segment and period.

    .. math:: \text{stock moyen} = \frac{\text{stock initial} + \text{stock final}}{2} \qquad
              \text{rotation} = \frac{\text{coût d'achat des marchandises vendues}}{\text{stock moyen}}

    .. math:: \text{durée moyenne de stockage} = \frac{\text{stock moyen}}{\text{coût d'achat des marchandises vendues}} \times \text{jours}

    For each group of ``by`` (columns of ``inventaires``: ``point_de_vente``,
    ``categorie``, both or None) and period (``"quarter"``, ``"year"`` or None;
    the inventories are quarterly, so not ``"month"``):

    - ``stock_initial_ht``: the stock counted before the group's first quarter
      (the ``stock_initial_ht`` of that quarter); ``stock_final_ht``: the stock
      counted at its last inventory;
    - ``cout_achat_ventes_ht``: the cost of the goods sold over the group's quarters;
    - ``jours``: 90 per quarter counted (360 for a year, the année commerciale).

    All at purchase cost HT. The stock moyen is the mean of two counts, as
    taught; on a seasonal shop the mean of the five counts of a year can differ.

    >>> from kpilab import datasets
    >>> table = stock_rotation_by(datasets.load("inventaires"))
    >>> row = table.loc[("Villeurbanne", "2024")]
    >>> round(float(row["stock_moyen_ht"]), 2), round(float(row["rotation"]), 2), round(float(row["duree_de_stockage_jours"]), 1)
    (171823.54, 2.85, 126.5)
    """
    _require(inventaires, ["date_inventaire", "stock_initial_ht", "cout_achat_ventes_ht", "stock_compte_ht"],
             "inventaires")
    _quarterly(period, "la rotation des stocks")
    keys = _keys(inventaires, by, "date_inventaire", period, "inventaires")
    quarter = _period_key(_dates(inventaires, "date_inventaire", "inventaires"), "Q")
    quarter = _Key("trimestre", quarter.codes, quarter.values, quarter.complete)
    per_quarter = _sum_by(inventaires, keys + [quarter], {
        "stock_initial_ht": inventaires["stock_initial_ht"],
        "cout_achat_ventes_ht": inventaires["cout_achat_ventes_ht"],
        "stock_compte_ht": inventaires["stock_compte_ht"],
    })
    groups = per_quarter.groupby(level=list(range(len(keys))), sort=True) if keys else per_quarter.groupby(
        np.zeros(len(per_quarter), dtype="int64"))
    table = pd.DataFrame({
        "stock_initial_ht": groups["stock_initial_ht"].first(),
        "stock_final_ht": groups["stock_compte_ht"].last(),
        "cout_achat_ventes_ht": groups["cout_achat_ventes_ht"].sum(),
        "jours": groups.size() * DAYS_PER_QUARTER,
    })
    if not keys:
        table.index = pd.Index(["total"])
    table["stock_moyen_ht"] = formulas.average_stock(table["stock_initial_ht"], table["stock_final_ht"])
    table["rotation"] = _kpi(table, "cout_achat_ventes_ht", "stock_moyen_ht", formulas.stock_turnover)
    cost = table["cout_achat_ventes_ht"].to_numpy(dtype="float64")
    days = np.zeros(len(table))
    sold = cost > 0
    if sold.any():
        days[sold] = formulas.stock_cover_days(table["stock_moyen_ht"].to_numpy()[sold], cost[sold],
                                               table["jours"].to_numpy()[sold])
    table["duree_de_stockage_jours"] = pd.Series(pd.arrays.FloatingArray(days, ~sold), index=table.index)
    return table


def _revenue_of_shops(commandes: pd.DataFrame, shops, start, end, by, period) -> pd.DataFrame:
    """CA HT of the shops' tickets dated from ``start`` to ``end``, per shop (or not) and period."""
    _require(commandes, ["date", _SHOP, "montant_ht"], "commandes")
    tickets = _as_shops(commandes, shops)
    dates = _dates(tickets, "date", "commandes")
    tickets = tickets[(dates >= start) & (dates <= end)]
    return _sum_by(tickets, _keys(tickets, by, "date", period, "commandes"),
                   {"chiffre_affaires_ht": tickets["montant_ht"]})


def shrinkage_by(inventaires: pd.DataFrame, commandes: pd.DataFrame, by="point_de_vente", period="year") -> pd.DataFrame:
    r"""Démarque (stock théorique − stock compté) and taux de démarque per shop and period.

    .. math:: \text{démarque} = \text{stock théorique} - \text{stock compté} \qquad
              \text{taux de démarque} = \frac{\text{démarque}}{\text{chiffre d'affaires HT}} \times 100

    The démarque (theft, breakage, errors) is valued at purchase cost HT, as
    the inventories are; the revenue is that of the shop's tickets over the
    quarters the inventories cover. ``by``: ``"point_de_vente"`` or None;
    ``period``: ``"quarter"``, ``"year"`` or None.

    >>> from kpilab import datasets
    >>> table = shrinkage_by(datasets.load("inventaires"), datasets.load("commandes"))
    >>> round(float(table.loc[("Bellecour", "2025"), "taux_de_demarque"]), 2)
    0.71
    """
    _require(inventaires, ["date_inventaire", _SHOP, "stock_theorique_ht", "stock_compte_ht"], "inventaires")
    _shop_only(by, "la démarque")
    _quarterly(period, "la démarque")
    counted = inventaires.assign(point_de_vente=inventaires[_SHOP].astype(str))
    dates = _dates(counted, "date_inventaire", "inventaires")
    table = _sum_by(counted, _keys(counted, by, "date_inventaire", period, "inventaires"), {
        "stock_theorique_ht": counted["stock_theorique_ht"],
        "stock_compte_ht": counted["stock_compte_ht"],
    })
    table["demarque_ht"] = (table["stock_theorique_ht"] - table["stock_compte_ht"]).round(2)
    if len(counted):
        start = dates.min().to_period("Q").start_time
        revenue = _revenue_of_shops(commandes, counted[_SHOP].unique(), start, dates.max(), by, period)
        table["chiffre_affaires_ht"] = revenue["chiffre_affaires_ht"].reindex(table.index).fillna(0).to_numpy()
    else:
        table["chiffre_affaires_ht"] = np.zeros(len(table))
    table["taux_de_demarque"] = _kpi(table, "demarque_ht", "chiffre_affaires_ht", formulas.shrinkage_rate)
    return table


def _commercial_date(year: int, days: float):
    """The date of day ``days`` of a year of twelve 30-day months (the 239th day: 29 August).

    A day past the month's end (30 February) is its last day; past 360 days the
    seuil is not reached in the year (NaT).
    """
    if not math.isfinite(days) or days > 360:
        return pd.NaT
    day = max(1, math.ceil(days - 1e-9))
    month, rest = divmod(day - 1, 30)
    first = pd.Timestamp(year=year, month=month + 1, day=1)
    return first + pd.Timedelta(days=min(rest, first.days_in_month - 1))


def break_even_by(commandes: pd.DataFrame, lignes_commande: pd.DataFrame, magasins: pd.DataFrame,
                  period="year") -> pd.DataFrame:
    r"""Seuil de rentabilité and point mort of each shop and year.

    .. math:: \text{taux de MCV} = \frac{\text{CA HT} - \text{coût variable}}{\text{CA HT}} \times 100 \qquad
              \text{seuil de rentabilité} = \frac{\text{charges fixes}}{\text{taux de MCV}}

    .. math:: \text{point mort} = \frac{\text{seuil de rentabilité}}{\text{CA HT}} \times 360

    Per shop of ``magasins`` and year (the fixed costs are annual, so only
    ``period="year"``), on the lines of the shop's tickets:

    - ``chiffre_affaires_ht``; ``cout_variable_ht``: the purchase cost of the goods
      sold (quantité × prix d'achat unitaire HT), a shop's only variable cost;
    - ``marge_sur_cout_variable_ht`` and ``taux_de_mcv`` (the taux de marque here);
    - ``charges_fixes_ht`` (``charges_fixes_annuelles_ht``), ``resultat_ht`` = MCV − charges fixes;
    - ``seuil_de_rentabilite_ht``, ``point_mort_jours`` (360-day year) and
      ``point_mort_date``: that day in a year of twelve 30-day months (as taught:
      the 239th day is 29 August), NaT when the seuil is not reached;
    - ``seuil_atteint_le``: the day the tickets' cumulated revenue really reaches
      the seuil; it differs from ``point_mort_date`` when sales are seasonal.

    >>> from kpilab import datasets
    >>> table = break_even_by(datasets.load("commandes"), datasets.load("lignes_commande"), datasets.load("magasins"))
    >>> row = table.loc[("Croix-Rousse", "2025")]
    >>> round(float(row["point_mort_jours"]), 1), f"{row['point_mort_date']:%d/%m/%Y}", f"{row['seuil_atteint_le']:%d/%m/%Y}"
    (200.9, '21/07/2025', '12/07/2025')
    """
    if _freq(period) != "Y":
        raise KPIError("Les charges fixes de `magasins` sont annuelles : le seuil de rentabilité se calcule "
                       "par année, avec period='year'.")
    _require(commandes, ["commande_id", "date", _SHOP], "commandes")
    _require(lignes_commande, ["commande_id", "quantite", "montant_ht", "prix_achat_unitaire_ht"], "lignes_commande")
    _require(magasins, [_SHOP, "charges_fixes_annuelles_ht"], "magasins")
    shops = _matchable(pd.Index(magasins[_SHOP].astype(str)), "magasins", _SHOP, "le magasin")
    fixed = pd.Series(magasins["charges_fixes_annuelles_ht"].to_numpy(dtype="float64"), index=shops)
    tickets = _as_shops(commandes, shops)
    ids = _matchable(pd.Index(_as_text(tickets["commande_id"])), "commandes", "commande_id", "la commande")
    ticket_of_line = ids.get_indexer(_as_text(lignes_commande["commande_id"]).array)
    kept = ticket_of_line >= 0
    lines = lignes_commande[kept]
    lines = lines.assign(point_de_vente=tickets[_SHOP].to_numpy()[ticket_of_line[kept]],
                         date=_dates(tickets, "date", "commandes").to_numpy()[ticket_of_line[kept]])
    table = _sum_by(lines, _keys(lines, _SHOP, "date", "year", "lignes_commande"), {
        "chiffre_affaires_ht": lines["montant_ht"],
        "cout_variable_ht": lines["quantite"] * lines["prix_achat_unitaire_ht"],
    })
    table["marge_sur_cout_variable_ht"] = table["chiffre_affaires_ht"] - table["cout_variable_ht"]
    table["taux_de_mcv"] = _margin_share(table, cost="cout_variable_ht")
    shop_of_row = table.index.get_level_values(_SHOP).astype(str)
    table["charges_fixes_ht"] = fixed.reindex(shop_of_row).to_numpy()
    table["resultat_ht"] = table["marge_sur_cout_variable_ht"] - table["charges_fixes_ht"]
    table["seuil_de_rentabilite_ht"] = _kpi(table, "charges_fixes_ht", "taux_de_mcv", formulas.break_even_revenue)
    table["point_mort_jours"] = _kpi(table, "seuil_de_rentabilite_ht", "chiffre_affaires_ht",
                                     formulas.break_even_days)
    years = table.index.get_level_values("periode").year
    table["point_mort_date"] = pd.to_datetime([
        _commercial_date(int(year), float(days)) if pd.notna(days) else pd.NaT
        for year, days in zip(years, table["point_mort_jours"].to_numpy(dtype="float64", na_value=np.nan))])
    table["seuil_atteint_le"] = _reached(tickets, table)
    return table


def _reached(tickets: pd.DataFrame, table: pd.DataFrame) -> pd.Series:
    """Per (shop, year) row of ``table``: the first day the cumulated ticket revenue reaches the seuil."""
    daily = tickets.assign(annee=tickets["date"].dt.year).groupby(
        [_SHOP, "annee", "date"], observed=True, sort=True)["montant_ht"].sum()
    reached = []
    for (shop, period), threshold in table["seuil_de_rentabilite_ht"].items():
        try:
            days = daily.loc[(str(shop), period.year)]
        except KeyError:
            days = pd.Series(dtype="float64")
        above = days.cumsum() >= (threshold if pd.notna(threshold) else np.inf)
        reached.append(days.index[above.to_numpy()][0] if above.any() else pd.NaT)
    return pd.Series(pd.to_datetime(reached), index=table.index)
