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

On the user's own data (``data=``) only the user's tables count: a tile
whose table or column is missing is hidden, and ``attrs["notes"]`` says
why, as it says when the year or the year before is only partly covered
(then the changes do not compare like with like) or when there is no year
before. The rows the tables leave out (refunds, 0 € orders, rows without a
date or an amount) follow :mod:`kpilab.tables`, whose warnings become notes too.

>>> table = summary(2025, point_de_vente="Croix-Rousse")
>>> table.loc["panier_moyen_ht", ["unite", "unite_evolution"]].tolist()
['€', '%']
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from kpilab import errors, tables
from kpilab.dashboard_scope import (
    B2B_CHANNEL, B2B_SEGMENT, SHOP_CHANNEL, WEB_CHANNEL, Scope, coverage, dashboard_tables, data_years, is_own,
    margins_missing, open_deals, points_of, retention_customers, scope_lines, scope_of, visits_tables
)
from kpilab.dashboard_text import (
    BASKET_LABELS, BY_CODE, COMPANIES_NOTE, KPI, KPIS, MEAN_CYCLE_NOTE, MEAN_UP_MEDIAN_DOWN_NOTE, MISSING_NOTES,
    NO_RETENTION_REMARK, TRANSFORMATION_LABELS, UNEQUAL_PERIODS_NOTE, digits, no_customers_before_note,
    no_previous_year_note, partial_year_note, provisional_label, provisional_note
)
from kpilab.formulas import change

__all__ = ["KPI", "KPIS", "COLUMNS", "change", "summary", "summary_of", "chart_data", "chart_data_of", "digits"]

COLUMNS = ["libelle", "unite", "valeur", "valeur_precedente", "evolution", "unite_evolution", "hausse_favorable",
           "note"]
"""The columns of :func:`summary`."""


# --- the KPIs of the scope, per year ---------------------------------------------------


def _per_year(frame: pd.DataFrame, column: str) -> dict:
    return frame[column].astype("Float64").to_dict() if column in frame else {}


def _b2b(orders: pd.DataFrame) -> np.ndarray:
    """Which orders are B2B fleets (none when the orders have no channel)."""
    if "canal" not in orders:
        return np.zeros(len(orders), dtype=bool)
    return (orders["canal"].astype(str) == B2B_CHANNEL).to_numpy()


def _sales_by(orders: pd.DataFrame, period: str) -> pd.DataFrame:
    """:func:`tables.average_order_value_by`, also for orders without ``nb_articles`` (no sales index then)."""
    if "nb_articles" in orders:
        return tables.average_order_value_by(orders, period=period)
    return tables.average_order_value_by(orders.assign(nb_articles=0), period=period).drop(columns="indice_de_vente")


def _kpis_by_year(tabs: dict, scope: Scope) -> tuple[dict, dict, list[str]]:
    """{kpi code: {period: value}} for the scope, the labels that depend on it, and what hides a tile."""
    _year, point_de_vente, segment, canal, orders, _mask = scope
    values, labels, missing = {}, {}, []

    sales = _sales_by(orders, "year")
    for code in ("chiffre_affaires_ht", "transactions", "panier_moyen_ht", "indice_de_vente"):
        if code in sales:
            values[code] = _per_year(sales, code)
    if "indice_de_vente" not in sales:
        missing.append("indice_de_vente")
    b2b = _b2b(orders)
    if b2b.any():  # lesson 04: a few fleets would inflate the basket; they are followed apart
        kind = "b2b" if b2b.all() else "mixed"
        labels["panier_moyen_ht"], labels["indice_de_vente"] = BASKET_LABELS[kind]
        if kind == "mixed":
            baskets = _sales_by(orders[~b2b], "year")
            for code in ("panier_moyen_ht", "indice_de_vente"):
                if code in baskets:
                    values[code] = _per_year(baskets, code)

    lacking = margins_missing(tabs)
    if lacking:
        missing.append(lacking)
    else:
        lines, years = scope_lines(tabs, scope, data_years(tabs))
        lines = lines.assign(periode=pd.PeriodIndex.from_ordinals(years.astype("int64") - 1970, freq="Y"))
        values["taux_de_marque"] = _per_year(tables.margins_by(lines, by="periode"), "taux_de_marque")

    counted = visits_tables(tabs) if segment is None else ()  # visitors have no segment
    if isinstance(counted, str):
        missing.append(counted)
    elif counted:
        commandes, visits = counted
        shops = set(visits["point_de_vente"].astype(str))
        if point_de_vente:
            points = [point_de_vente] if point_de_vente in shops else []
        else:  # all the shops, or all the counted points of one channel (the web shop for "web")
            channel = points_of(tabs, canal or SHOP_CHANNEL)
            if not channel and canal is None:  # the user's own channels: every point of the orders
                channel = commandes["point_de_vente"].dropna().astype(str).unique()
            points = sorted(set(channel) & shops)
            if not points and is_own(tabs):
                missing.append("points comptés")
        if points:
            conversion = tables.store_conversion_by(
                commandes[commandes["point_de_vente"].astype(str).isin(points)],
                visits[visits["point_de_vente"].astype(str).isin(points)],
                by=None, period="year",
            )
            values["taux_de_transformation"] = _per_year(conversion, "taux_de_transformation")
            web = set(points) <= set(points_of(tabs, WEB_CHANNEL))
            kind = "web" if web else "one shop" if len(points) == 1 else "shops"
            labels["taux_de_transformation"] = TRANSFORMATION_LABELS[kind]

    if "client_id" not in orders:
        missing.append("client_id")
    else:
        active = tables.active_customers(orders, period="year")
        values["clients_actifs"] = active.groupby("periode").size().astype("Float64").to_dict()
        clients, says_who_is_new = retention_customers(tabs)
        if len(active):
            kept = tables.retention_by(orders, clients, period="year")
            # lessons 05 and 06: "no purchase in the year = lost" does not fit companies
            rates = () if b2b.all() else ("taux_de_retention", "taux_d_attrition")
            for code in ("nouveaux_clients",) * says_who_is_new + rates:
                values[code] = _per_year(kept, code)
        if not says_who_is_new:
            missing.append("date_inscription")

    if (point_de_vente in (None, *points_of(tabs, B2B_CHANNEL)) and segment in (None, B2B_SEGMENT)
            and canal in (None, B2B_CHANNEL)):
        if "campagnes" in tabs:
            values["taux_de_reponse"] = _per_year(tables.response_rate_by(tabs["campagnes"], period="year"),
                                                  "taux_de_reponse")
        else:
            missing.append("campagnes")
        if "prospects" in tabs:
            values["taux_de_conversion"] = _per_year(tables.conversion_rate_by(tabs["prospects"], period="year"),
                                                     "taux_de_conversion")
            cycle = tables.sales_cycle_by(tabs["prospects"], period="year")
            values["cycle_de_vente_moyen"] = _per_year(cycle, "cycle_moyen_jours")
            values["cycle_de_vente_median"] = _per_year(cycle, "cycle_median_jours")
        else:
            missing.append("prospects")
    return values, labels, missing


def _notes(tabs: dict, scope: Scope, values: dict, labels: dict, now, before) -> tuple[dict, list[str]]:
    """The notes of the rows ({code: French text}) and of the whole scope, from the lessons' rules."""
    notes, remarks = {}, []
    b2b = _b2b(scope.orders)
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


_PARTIAL = re.compile(r"n.est couverte ? que du")  # the tables' warning of a partial period: said by a note here


def _collected(compute):
    """``compute()`` and the French warnings of :mod:`kpilab.tables` it gave, once each (other warnings pass)."""
    kind = getattr(errors, "KPIWarning", None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = compute()
    messages = []
    for warning in caught:
        if kind is None or not issubclass(warning.category, kind):
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
        elif not _PARTIAL.search(str(warning.message)) and str(warning.message) not in messages:
            messages.append(str(warning.message))
    return result, messages


def _warn(messages: list[str]) -> None:
    for message in messages:
        warnings.warn(message, getattr(errors, "KPIWarning", UserWarning), stacklevel=3)


def _period_notes(tabs: dict, year: int) -> tuple[list[str], list[pd.Period]]:
    """The notes on the years compared (no year before, a year covered in part) and the partial years."""
    first, last = coverage(tabs)
    years = data_years(tabs)
    notes, partial = ([] if year - 1 in years else [no_previous_year_note(year)]), []
    for shown in (year - 1, year):
        start, end = pd.Timestamp(shown, 1, 1), pd.Timestamp(shown, 12, 31)
        if shown in years and (first > start or last < end):
            partial.append(pd.Period(str(shown), "Y"))
            notes.append(partial_year_note(shown, max(first, start), min(last, end)))
    if partial and year - 1 in years:
        notes.append(UNEQUAL_PERIODS_NOTE)
    return notes, partial


def summary(year=None, point_de_vente=None, segment=None, canal=None, *, data=None) -> pd.DataFrame:
    """Every KPI of one year for a point of sale, a customer segment and a channel, with its change.

    Parameters
    ----------
    year:
        The year shown (2024 or 2025 in the course data); None: the last year
        of the data. The change compares it with the year before (none for
        the first year of the data).
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
        The user's own tables, ``{table name: DataFrame}``, instead of the
        course's (see :func:`~kpilab.dashboard_scope.dashboard_tables`): only
        ``commandes`` is required (``date``, ``montant_ht``); nothing is taken
        from the course, and the filters and years are those of the data.

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
        chosen, ``remarques`` (a list of French sentences about the whole
        scope) when there are some, and ``notes`` (French sentences) when the
        data hide a tile (a table or a column missing), leave rows out (the
        tables' warnings), hold no year before, or cover the year or the year
        before in part (then ``periodes_partielles`` lists them); the rows
        left out and the partial years are also given as warnings. On the user's data ``donnees`` is
        ``"propres"`` and ``points_de_vente`` lists the points of sale.

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
    tabs = dashboard_tables(data)
    table, messages = _summary(tabs, scope_of(tabs, year, point_de_vente, segment, canal))
    _warn(messages)
    return table


def summary_of(tabs: dict, scope: Scope) -> pd.DataFrame:
    """:func:`summary` of a checked scope, on tables already loaded (the widget keeps them); no warning."""
    return _summary(tabs, scope)[0]


def _summary(tabs: dict, scope: Scope) -> tuple[pd.DataFrame, list[str]]:
    year, point_de_vente, segment, canal = scope.year, scope.point_de_vente, scope.segment, scope.canal
    now, before = pd.Period(str(year), "Y"), pd.Period(str(year - 1), "Y")

    (values, labels, missing), messages = _collected(lambda: _kpis_by_year(tabs, scope))
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
    periods, partial = _period_notes(tabs, year)
    if "taux_de_retention" in values and year - 1 not in data_years(tabs):
        periods.append(no_customers_before_note(year))
    notes = periods + messages + [MISSING_NOTES[what] for what in missing]
    if notes:
        table.attrs["notes"] = notes
    if partial:
        table.attrs["periodes_partielles"] = partial
    if is_own(tabs):
        commandes = tabs["commandes"]
        table.attrs.update(donnees="propres", points_de_vente=(
            sorted(commandes["point_de_vente"].dropna().astype(str).unique()) if "point_de_vente" in commandes
            else []))
    return table, [note for note in periods if "n'est couverte" in note] + messages  # warned by summary()


def chart_data(year=None, point_de_vente=None, segment=None, canal=None, *, data=None) -> dict:
    """The numbers behind the dashboard's charts, for the same scope (and data) as :func:`summary`.

    Returns a dict with:

    - ``"mensuel"``: revenue HT per month (index 1–12) of the year and of the
      year before (one column per year with orders);
    - ``"categories"``: revenue HT of the year per product category, largest
      first (empty without ``lignes_commande`` and its ``categorie``);
    - ``"dates"``: the first and last order dates of the scope in the year
      and, when there are orders then, in the year before (``{year: (first, last)}``).
    """
    tabs = dashboard_tables(data)
    numbers, messages = _collected(lambda: chart_data_of(tabs, scope_of(tabs, year, point_de_vente, segment, canal)))
    _warn(messages)
    return numbers


def chart_data_of(tabs: dict, scope: Scope) -> dict:
    """:func:`chart_data` of a checked scope, on tables already loaded."""
    year, orders = scope.year, scope.orders
    orders = orders[orders["date"].dt.year.isin([year - 1, year])]
    monthly = _sales_by(orders, "month")["chiffre_affaires_ht"]
    months = monthly.index
    by_year = (monthly.groupby([months.month, months.year]).sum().unstack()
               .reindex(index=range(1, 13)).astype("float64"))
    shown = sorted(set(orders["date"].dt.year.dropna().astype(int)))  # not the empty years of the coverage
    by_year = by_year[[y for y in by_year.columns if y in shown]]
    by_year.index.name, by_year.columns.name = "mois", "annee"
    categories = pd.Series(dtype="float64", name="chiffre_affaires_ht")
    if margins_missing(tabs) is None and "categorie" in tabs["lignes_commande"]:
        lines, _years = scope_lines(tabs, scope, [year])
        categories = tables.margins_by(lines, by="categorie")["chiffre_affaires_ht"]
        categories = categories[categories > 0].sort_values(ascending=False)
    dates = {int(y): (group.min(), group.max()) for y, group in orders["date"].groupby(orders["date"].dt.year)}
    return {"mensuel": by_year, "categories": categories.astype("float64"), "dates": dates}
