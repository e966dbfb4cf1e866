"""The numbers of the dashboard: every KPI of one year, channel, point of sale and segment.

:func:`summary` is a pure function: one row per KPI, with the value of the
year, the value of the year before and the change. Every number comes from a
:mod:`kpilab.tables` function applied to the orders of the chosen scope
(:mod:`kpilab.dashboard_scope`), so the dashboard and the lessons always
agree, and it follows the lessons' rules: the basket leaves the B2B fleets
aside (lesson 04), the sales cycle shows its median beside its mean and is
judged on the median (lesson 03), the "one purchase in the year" rule of
retention is not applied to companies (lessons 05 and 06), and a conversion
rate with open deals says it is provisional (lesson 02). The French words of
those notes are in :mod:`kpilab.dashboard_text`. :func:`chart_data` gives
the numbers behind the charts of the same scope.

>>> table = summary(2025, point_de_vente="Croix-Rousse")
>>> table.loc["panier_moyen_ht", ["unite", "unite_evolution"]].tolist()
['€', '%']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpilab import tables
from kpilab.dashboard_scope import (
    B2B_CHANNEL,
    B2B_SEGMENT,
    SHOP_CHANNEL,
    WEB_CHANNEL,
    Scope,
    course_tables,
    open_deals,
    order_years,
    points_of,
    scope_lines,
    scope_of,
)
from kpilab.dashboard_text import (
    BASKET_LABELS,
    COMPANIES_NOTE,
    MEAN_CYCLE_NOTE,
    MEAN_UP_MEDIAN_DOWN_NOTE,
    NO_RETENTION_REMARK,
    TRANSFORMATION_LABELS,
    provisional_label,
    provisional_note,
)
from kpilab.formulas import change

__all__ = ["KPI", "KPIS", "COLUMNS", "change", "summary", "summary_of", "chart_data", "chart_data_of", "digits"]

COLUMNS = ["libelle", "unite", "valeur", "valeur_precedente", "evolution", "unite_evolution", "hausse_favorable",
           "note"]
"""The columns of :func:`summary`."""


@dataclass(frozen=True)
class KPI:
    """One row of the dashboard: code, French label, unit, and whether a rise is good news.

    ``rise_is_good=None``: the change is shown without a judgement (grey), as
    for the mean sales cycle, which is judged on its median (lesson 03).
    """

    code: str
    label: str
    unit: str  # "€", "nombre", "articles", "%", "jours"
    rise_is_good: bool | None = True
    digits: int | None = None  # decimals shown; None: the unit's default


KPIS = (
    KPI("chiffre_affaires_ht", "Chiffre d'affaires HT", "€", digits=0),
    KPI("transactions", "Transactions (tickets et commandes)", "nombre"),
    KPI("panier_moyen_ht", "Panier moyen HT", "€"),
    KPI("indice_de_vente", "Indice de vente (articles par transaction)", "articles"),
    KPI("taux_de_marque", "Taux de marque", "%"),
    KPI("taux_de_transformation", "Taux de transformation", "%"),
    KPI("clients_actifs", "Clients actifs (au moins un achat dans l'année)", "nombre"),
    KPI("nouveaux_clients", "Nouveaux clients (inscrits dans l'année)", "nombre"),
    KPI("taux_de_retention", "Taux de rétention", "%"),
    KPI("taux_d_attrition", "Taux d'attrition", "%", rise_is_good=False),
    KPI("taux_de_reponse", "Taux de réponse des campagnes (B2B)", "%"),
    KPI("taux_de_conversion", "Taux de conversion des leads (B2B)", "%"),
    KPI("cycle_de_vente_moyen", "Cycle de vente moyen (B2B)", "jours", rise_is_good=None, digits=1),
    KPI("cycle_de_vente_median", "Cycle de vente médian (B2B)", "jours", rise_is_good=False, digits=1),
)
"""The rows of :func:`summary`, in order (a row is left out when it does not apply to the scope)."""

BY_CODE = {kpi.code: kpi for kpi in KPIS}


def digits(code: str) -> int | None:
    """The decimals a KPI is shown with (None: its unit's default, :data:`~kpilab.dashboard_text.DEFAULT_DIGITS`)."""
    kpi = BY_CODE.get(code)
    return kpi.digits if kpi else None


# --- the KPIs of the scope, per year ---------------------------------------------------


def _per_year(frame: pd.DataFrame, column: str) -> dict:
    return frame[column].astype("Float64").to_dict() if column in frame else {}


def _kpis_by_year(tabs: dict, scope: Scope) -> tuple[dict, dict]:
    """{kpi code: {period: value}} for the scope, and the labels that depend on it."""
    _year, point_de_vente, segment, canal, orders, _mask = scope
    commandes, clients = tabs["commandes"], tabs["clients"]
    values, labels = {}, {}

    sales = tables.average_order_value_by(orders, period="year")
    for code in ("chiffre_affaires_ht", "transactions", "panier_moyen_ht", "indice_de_vente"):
        values[code] = _per_year(sales, code)
    b2b = (orders["canal"].astype(str) == B2B_CHANNEL).to_numpy()
    if b2b.any():  # lesson 04: a few fleets would inflate the basket; they are followed apart
        kind = "b2b" if b2b.all() else "mixed"
        labels["panier_moyen_ht"], labels["indice_de_vente"] = BASKET_LABELS[kind]
        if kind == "mixed":
            baskets = tables.average_order_value_by(orders[~b2b], period="year")
            for code in ("panier_moyen_ht", "indice_de_vente"):
                values[code] = _per_year(baskets, code)

    lines, years = scope_lines(tabs, scope, np.unique(order_years(tabs)))
    lines = lines.assign(periode=pd.PeriodIndex.from_ordinals(years - 1970, freq="Y"))
    values["taux_de_marque"] = _per_year(tables.margins_by(lines, by="periode"), "taux_de_marque")

    visits = tabs["frequentation"]
    counted = set(visits["point_de_vente"].astype(str))
    if point_de_vente:
        points = [point_de_vente] if point_de_vente in counted else []
    else:  # all the shops, or all the counted points of one channel (the web shop for "web")
        points = sorted(set(points_of(tabs, canal or SHOP_CHANNEL)) & counted)
    if segment is None and points:
        conversion = tables.store_conversion_by(
            commandes[commandes["point_de_vente"].astype(str).isin(points)],
            visits[visits["point_de_vente"].astype(str).isin(points)],
            by=None, period="year",
        )
        values["taux_de_transformation"] = _per_year(conversion, "taux_de_transformation")
        web = set(points) <= set(points_of(tabs, WEB_CHANNEL))
        kind = "web" if web else "one shop" if len(points) == 1 else "shops"
        labels["taux_de_transformation"] = TRANSFORMATION_LABELS[kind]

    active = tables.active_customers(orders, period="year")
    values["clients_actifs"] = active.groupby("periode").size().astype("Float64").to_dict()
    if len(active):
        kept = tables.retention_by(orders, clients, period="year")
        # lessons 05 and 06: "no purchase in the year = lost" does not fit companies
        rates = ("nouveaux_clients",) if b2b.all() else ("nouveaux_clients", "taux_de_retention", "taux_d_attrition")
        for code in rates:
            values[code] = _per_year(kept, code)

    if (point_de_vente in (None, *points_of(tabs, B2B_CHANNEL)) and segment in (None, B2B_SEGMENT)
            and canal in (None, B2B_CHANNEL)):
        values["taux_de_reponse"] = _per_year(tables.response_rate_by(tabs["campagnes"], period="year"),
                                              "taux_de_reponse")
        values["taux_de_conversion"] = _per_year(tables.conversion_rate_by(tabs["prospects"], period="year"),
                                                 "taux_de_conversion")
        cycle = tables.sales_cycle_by(tabs["prospects"], period="year")
        values["cycle_de_vente_moyen"] = _per_year(cycle, "cycle_moyen_jours")
        values["cycle_de_vente_median"] = _per_year(cycle, "cycle_median_jours")
    return values, labels


def _notes(tabs: dict, scope: Scope, values: dict, labels: dict, now, before) -> tuple[dict, list[str]]:
    """The notes of the rows ({code: French text}) and of the whole scope, from the lessons' rules."""
    notes, remarks = {}, []
    b2b = (scope.orders["canal"].astype(str) == B2B_CHANNEL).to_numpy()
    if b2b.all():
        remarks.append(NO_RETENTION_REMARK)
    elif b2b.any():
        notes["taux_de_retention"] = notes["taux_d_attrition"] = COMPANIES_NOTE
    if "taux_de_conversion" in values:
        open_now = open_deals(tabs).get(now, 0)
        if open_now:
            rate = values["taux_de_conversion"].get(now, pd.NA)
            labels["taux_de_conversion"] = provisional_label(BY_CODE["taux_de_conversion"].label)
            notes["taux_de_conversion"] = provisional_note(open_now, now, rate)
    if "cycle_de_vente_moyen" in values:
        notes["cycle_de_vente_moyen"] = MEAN_CYCLE_NOTE
        mean, median = values["cycle_de_vente_moyen"], values["cycle_de_vente_median"]
        if all(pd.notna(v.get(p, pd.NA)) for v in (mean, median) for p in (now, before)):
            if mean[now] > mean[before] and median[now] < median[before]:
                notes["cycle_de_vente_moyen"] = MEAN_UP_MEDIAN_DOWN_NOTE
    return notes, remarks


def _change(now, before, unit: str):
    """:func:`change` for a table cell: <NA> when a value is missing or the base is 0."""
    if pd.isna(now) or pd.isna(before) or (unit != "%" and before == 0):
        return pd.NA
    return change(now, before, rate=unit == "%")


def summary(year=2025, point_de_vente=None, segment=None, canal=None, *, data=None) -> pd.DataFrame:
    """Every KPI of one year for a point of sale, a customer segment and a channel, with its change.

    Parameters
    ----------
    year:
        The year shown (2024 or 2025 in the course data); the change compares it
        with the year before (none for the first year of the data).
    point_de_vente:
        ``"Bellecour"``, ``"Croix-Rousse"``, ``"Villeurbanne"``, ``"Site web"``,
        ``"Service entreprises"`` or None (all of them).
    segment:
        A customer segment of ``clients`` (``"velotaf"``, ``"sportif"``,
        ``"famille"``, ``"occasionnel"``, ``"entreprise"``) or None (all
        customers, anonymous tickets included). With a segment, only the orders
        of identified customers of that segment count.
    canal:
        A sales channel of ``commandes`` (``"magasin"``, ``"web"``, ``"b2b"``)
        or None (all of them). With a point of sale, it must be the point's
        channel.
    data:
        ``{table name: DataFrame}`` to use instead of the course files (a
        table left out is loaded from ``datasets/``).

    Returns
    -------
    DataFrame
        Index ``indicateur`` (the codes of :data:`KPIS`); columns ``libelle``,
        ``unite``, ``valeur``, ``valeur_precedente``, ``evolution`` (in points
        for a rate, else in %), ``unite_evolution`` (``"points"`` or ``"%"``),
        ``hausse_favorable`` (nullable: False when a rise is bad news, e.g.
        churn; <NA> when the change is not judged on its own, the mean sales
        cycle) and ``note`` (French text, ``""`` when none: why a figure is
        provisional or how to read it). Rows that make no sense for the scope
        are left out: the conversion of visitors without a counted point of
        sale or with a segment (visitors have no segment), the B2B
        prospecting KPIs outside the B2B scope, retention and churn when the
        scope holds only companies. ``attrs`` holds ``annee``,
        ``point_de_vente`` and ``segment``, ``canal`` when a channel is
        chosen and ``remarques`` (a list of French sentences about the whole
        scope) when there are some.

    Every value comes from :mod:`kpilab.tables` on the orders of the scope: the
    same orders give the revenue, the active customers and the retention (a
    customer is active at Croix-Rousse when they bought at Croix-Rousse). The
    basket and the sales index leave the B2B orders out when the scope mixes
    them with shop and web orders (their labels say so). The B2B prospecting
    KPIs use all the campaigns (by launch year) and leads (by year of first
    contact, by year of signature for the cycle, mean and median) of the year.
    The conversion of visitors covers the three shops together, unless a point
    of sale or the web channel is chosen.
    """
    tabs = course_tables(data)
    return summary_of(tabs, scope_of(tabs, year, point_de_vente, segment, canal))


def summary_of(tabs: dict, scope: Scope) -> pd.DataFrame:
    """:func:`summary` of a checked scope, on tables already loaded (the widget keeps them)."""
    year, point_de_vente, segment, canal = scope.year, scope.point_de_vente, scope.segment, scope.canal
    now, before = pd.Period(str(year), "Y"), pd.Period(str(year - 1), "Y")

    values, labels = _kpis_by_year(tabs, scope)
    notes, remarks = _notes(tabs, scope, values, labels, now, before)
    rows = {}
    for kpi in KPIS:
        if kpi.code not in values:
            continue
        current, previous = values[kpi.code].get(now, pd.NA), values[kpi.code].get(before, pd.NA)
        rows[kpi.code] = {
            "libelle": labels.get(kpi.code, kpi.label),
            "unite": kpi.unit,
            "valeur": current,
            "valeur_precedente": previous,
            "evolution": _change(current, previous, kpi.unit),
            "unite_evolution": "points" if kpi.unit == "%" else "%",
            "hausse_favorable": pd.NA if kpi.rise_is_good is None else kpi.rise_is_good,
            "note": notes.get(kpi.code, "") if pd.notna(current) else "",
        }
    table = pd.DataFrame.from_dict(rows, orient="index", columns=COLUMNS)
    for column in ("valeur", "valeur_precedente", "evolution"):
        table[column] = table[column].astype("Float64")
    table["hausse_favorable"] = table["hausse_favorable"].astype("boolean")
    table["note"] = table["note"].astype(object)
    table.index.name = "indicateur"
    table.attrs.update(annee=year, point_de_vente=point_de_vente, segment=segment)
    if canal is not None:
        table.attrs["canal"] = canal
    if remarks:
        table.attrs["remarques"] = remarks
    return table


def chart_data(year=2025, point_de_vente=None, segment=None, canal=None, *, data=None) -> dict:
    """The numbers behind the dashboard's charts, for the same scope as :func:`summary`.

    Returns a dict with:

    - ``"mensuel"``: revenue HT per month (index 1–12) of the year and of the
      year before (one column per year present in the data);
    - ``"categories"``: revenue HT of the year per product category, largest first;
    - ``"dates"``: the first and last order dates of the scope in the year
      and, when there are orders then, in the year before (``{year: (first, last)}``).
    """
    tabs = course_tables(data)
    return chart_data_of(tabs, scope_of(tabs, year, point_de_vente, segment, canal))


def chart_data_of(tabs: dict, scope: Scope) -> dict:
    """:func:`chart_data` of a checked scope, on tables already loaded."""
    year, orders = scope.year, scope.orders
    orders = orders[orders["date"].dt.year.isin([year - 1, year])]
    monthly = tables.average_order_value_by(orders, period="month")["chiffre_affaires_ht"]
    months = monthly.index
    by_year = (monthly.groupby([months.month, months.year]).sum().unstack()
               .reindex(index=range(1, 13)).astype("float64"))
    by_year.index.name, by_year.columns.name = "mois", "annee"
    lines, _years = scope_lines(tabs, scope, [year])
    categories = tables.margins_by(lines, by="categorie")["chiffre_affaires_ht"]
    categories = categories[categories > 0].sort_values(ascending=False)
    dates = {int(y): (group.min(), group.max()) for y, group in orders["date"].groupby(orders["date"].dt.year)}
    return {"mensuel": by_year, "categories": categories.astype("float64"), "dates": dates}
