"""The course dashboard: every KPI of one year, channel, point of sale and segment.

:func:`summary` is a pure function: one row per KPI, with the value of the
year, the value of the year before and the change. Every number comes from a
:mod:`kpilab.tables` function applied to the orders of the chosen scope, so
the dashboard and the lessons always agree, and it follows the lessons' rules:
the basket leaves the B2B fleets aside (lesson 04), the sales cycle shows its
median beside its mean and is judged on the median (lesson 03), the
"one purchase in the year" rule of retention is not applied to companies
(lessons 05 and 06), and a conversion rate with open deals says it is
provisional (lesson 02). :func:`chart_data` gives the
numbers behind the charts of the same scope. :func:`format_summary` writes
the table in French; :func:`tiles_html` lays it out as HTML tiles, and
:func:`dashboard` wraps those tiles, the charts and an export button in
ipywidgets (lesson 08 and the Voilà app ``apps/tableau_de_bord.ipynb``).
ipywidgets and matplotlib (:mod:`kpilab.dashboard_app`) are imported only
there, so ``import kpilab.dashboard`` stays light.

>>> table = summary(2025, point_de_vente="Croix-Rousse")
>>> table.loc["panier_moyen_ht", ["unite", "unite_evolution"]].tolist()
['€', '%']
>>> format_value(239.92, "€")
'239,92\u202f€'
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from kpilab import datasets, formatting, tables
from kpilab.formulas import change
from kpilab.errors import KPIError

__all__ = ["KPIS", "SEGMENT_LABELS", "CHANNEL_LABELS", "change", "summary", "chart_data", "scope_title",
           "format_value", "format_change", "format_summary", "tiles_html", "dashboard"]

SHOP_CHANNEL, WEB_CHANNEL, B2B_CHANNEL = "magasin", "web", "b2b"
B2B_SEGMENT = "entreprise"
COLUMNS = ["libelle", "unite", "valeur", "valeur_precedente", "evolution", "unite_evolution", "hausse_favorable",
           "note"]

SEGMENT_LABELS = {
    "velotaf": "Vélotaf (domicile-travail)",
    "sportif": "Sportifs",
    "famille": "Familles",
    "occasionnel": "Occasionnels",
    "entreprise": "Entreprises",
}
"""French labels of the customer segments, for menus."""

CHANNEL_LABELS = {
    "magasin": "Magasins",
    "web": "Web",
    "b2b": "B2B (entreprises)",
}
"""French labels of the sales channels (``canal`` of ``commandes``), for menus."""


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

_BY_CODE = {kpi.code: kpi for kpi in KPIS}

# Labels and notes that depend on the scope (the lessons' rules, see the module's docstring).
BASKET_LABELS = {
    "mixed": ("Panier moyen HT (sans le B2B)", "Indice de vente (sans le B2B)"),
    "b2b": ("Montant moyen d'une commande B2B HT", "Articles par commande B2B"),
}
"""Labels of the basket rows when the scope holds B2B orders (mixed with others, or B2B only)."""
COMPANIES_NOTE = ("Entreprises comprises\u00a0: pour elles, aucun achat dans l'année ne veut pas dire "
                  "client perdu (leçons 05 et 06).")
NO_RETENTION_REMARK = ("Pas de taux de rétention ni d'attrition pour les entreprises\u00a0: elles rachètent au "
                       "renouvellement de leur flotte, la règle « un achat dans l'année » ne leur convient pas "
                       "(leçons 05 et 06).")
MEAN_CYCLE_NOTE = "Tiré vers le haut par les affaires très longues\u00a0: lis-le avec le cycle médian (leçon 03)."
MEAN_UP_MEDIAN_DOWN_NOTE = ("La moyenne monte mais la médiane baisse\u00a0: quelques affaires très longues, "
                            "pas un ralentissement de l'affaire typique (leçon 03).")
_DEFAULT_DIGITS = {"€": 2, "nombre": 0, "articles": 2, "%": 1, "jours": 0}


# --- the scope: which orders ---------------------------------------------------------


def _tables(data) -> dict[str, pd.DataFrame]:
    """The course tables; those missing from ``data`` are loaded from datasets/."""
    given = dict(data or {})
    return {name: given[name] if name in given else datasets.load(name) for name in datasets.TABLES}


def _derived(tabs: dict, name: str, compute):
    """An array derived from the tables, computed once per ``tabs`` dict.

    The dashboard widget keeps one ``tabs`` for all its views, so these
    lookups are made once instead of at every filter change. The names start
    with ``_``: :func:`_tables` never passes them on from a caller's ``data``.
    """
    if name not in tabs:
        tabs[name] = compute()
    return tabs[name]


def _order_years(tabs: dict) -> np.ndarray:
    """The year of each order (``commandes`` row)."""
    return _derived(tabs, "_annee_commande", lambda: tabs["commandes"]["date"].dt.year.to_numpy())


def _order_segments(tabs: dict) -> np.ndarray:
    """The segment of each order's customer (``commandes`` row; NaN for an anonymous ticket)."""
    def compute():
        clients = tabs["clients"]
        ids = clients["client_id"].astype(str)
        first = ~ids.duplicated().to_numpy()
        segments = pd.Series(clients["segment"].astype(str).to_numpy()[first], index=ids[first])
        return tabs["commandes"]["client_id"].astype(str).map(segments).to_numpy(dtype=object)
    return _derived(tabs, "_segment_commande", compute)


def _line_orders(tabs: dict) -> np.ndarray:
    """The ``commandes`` row of each order line (``lignes_commande`` row), -1 when none."""
    def compute():
        ids = tabs["commandes"]["commande_id"].astype(str)
        first = ~ids.duplicated().to_numpy()
        rows = pd.Index(ids[first]).get_indexer(tabs["lignes_commande"]["commande_id"].astype(str))
        return np.where(rows >= 0, np.flatnonzero(first)[rows], -1)
    return _derived(tabs, "_commande_ligne", compute)


def _scope_lines(tabs: dict, scope, years) -> tuple[pd.DataFrame, np.ndarray]:
    """The order lines of the scope's orders placed in ``years``, and the year of each."""
    rows = _line_orders(tabs)
    order_years = _order_years(tabs)
    keep = rows >= 0
    keep[keep] = scope.mask[rows[keep]] & np.isin(order_years[rows[keep]], years)
    return tabs["lignes_commande"][keep], order_years[rows[keep]]


def _year(year, years: list[int]) -> int:
    try:
        value = int(str(year).strip()) if not isinstance(year, bool) else None
    except ValueError:
        value = None
    if value is None or value not in years:
        raise KPIError(
            f"L'année {year!r} n'est pas dans les données : choisis parmi "
            f"{', '.join(str(y) for y in years)}."
        )
    return value


def _choice(value, allowed: list[str], what: str, argument: str):
    """``value`` if it is one of ``allowed`` (None means all); else a French error."""
    if value is None:
        return None
    if value in allowed:
        return value
    close = difflib.get_close_matches(str(value).lower(), [a.lower() for a in allowed], n=1)
    hint = ""
    if close:
        hint = f" Tu voulais peut-être dire {next(a for a in allowed if a.lower() == close[0])!r} ?"
    raise KPIError(
        f"{what} inconnu : {value!r}. Valeurs possibles pour `{argument}` : "
        f"{', '.join(repr(a) for a in allowed)} (ou None pour tous).{hint}"
    )


def _options(column: pd.Series) -> list[str]:
    """The codes of a category column, in their order (sorted for plain text)."""
    return [str(c) for c in column.astype("category").cat.categories]


def _points(tabs: dict, channel: str) -> list[str]:
    """The points of sale of one channel (magasin, web, b2b), sorted."""
    def compute():
        commandes = tabs["commandes"]
        pairs = commandes[["canal", "point_de_vente"]].astype(str).drop_duplicates()
        return {c: sorted(group["point_de_vente"]) for c, group in pairs.groupby("canal")}
    return _derived(tabs, "_points_de_vente", compute).get(channel, [])


# --- the KPIs of the scope, per year ---------------------------------------------------


def _per_year(frame: pd.DataFrame, column: str) -> dict:
    return frame[column].astype("Float64").to_dict() if column in frame else {}


def _kpis_by_year(tabs: dict, scope: _Scope) -> tuple[dict, dict]:
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

    lines, years = _scope_lines(tabs, scope, np.unique(_order_years(tabs)))
    lines = lines.assign(periode=pd.PeriodIndex.from_ordinals(years - 1970, freq="Y"))
    values["taux_de_marque"] = _per_year(tables.margins_by(lines, by="periode"), "taux_de_marque")

    visits = tabs["frequentation"]
    counted = set(visits["point_de_vente"].astype(str))
    if point_de_vente:
        points = [point_de_vente] if point_de_vente in counted else []
    else:  # all the shops, or all the counted points of one channel (the web shop for "web")
        points = sorted(set(_points(tabs, canal or SHOP_CHANNEL)) & counted)
    if segment is None and points:
        conversion = tables.store_conversion_by(
            commandes[commandes["point_de_vente"].astype(str).isin(points)],
            visits[visits["point_de_vente"].astype(str).isin(points)],
            by=None, period="year",
        )
        values["taux_de_transformation"] = _per_year(conversion, "taux_de_transformation")
        if set(points) <= set(_points(tabs, WEB_CHANNEL)):
            labels["taux_de_transformation"] = "Taux de conversion du site (commandes ÷ sessions)"
        elif len(points) == 1:
            labels["taux_de_transformation"] = "Taux de transformation (tickets ÷ visiteurs)"
        else:
            labels["taux_de_transformation"] = "Taux de transformation des magasins réunis"

    active = tables.active_customers(orders, period="year")
    values["clients_actifs"] = active.groupby("periode").size().astype("Float64").to_dict()
    if len(active):
        kept = tables.retention_by(orders, clients, period="year")
        # lessons 05 and 06: "no purchase in the year = lost" does not fit companies
        rates = ("nouveaux_clients",) if b2b.all() else ("nouveaux_clients", "taux_de_retention", "taux_d_attrition")
        for code in rates:
            values[code] = _per_year(kept, code)

    if (point_de_vente in (None, *_points(tabs, B2B_CHANNEL)) and segment in (None, B2B_SEGMENT)
            and canal in (None, B2B_CHANNEL)):
        values["taux_de_reponse"] = _per_year(tables.response_rate_by(tabs["campagnes"], period="year"),
                                              "taux_de_reponse")
        values["taux_de_conversion"] = _per_year(tables.conversion_rate_by(tabs["prospects"], period="year"),
                                                 "taux_de_conversion")
        cycle = tables.sales_cycle_by(tabs["prospects"], period="year")
        values["cycle_de_vente_moyen"] = _per_year(cycle, "cycle_moyen_jours")
        values["cycle_de_vente_median"] = _per_year(cycle, "cycle_median_jours")
    return values, labels


def _open_deals(tabs: dict) -> dict:
    """{year of first contact: number of open deals} (lesson 02: their year's rate is provisional)."""
    def compute():
        table = tables.conversion_rate_by(tabs["prospects"], period="year")
        return {period: int(count) for period, count in table["en_cours"].items()}
    return _derived(tabs, "_affaires_en_cours", compute)


def _notes(tabs: dict, scope: _Scope, values: dict, labels: dict, now, before) -> tuple[dict, list[str]]:
    """The notes of the rows ({code: French text}) and of the whole scope, from the lessons' rules."""
    notes, remarks = {}, []
    b2b = (scope.orders["canal"].astype(str) == B2B_CHANNEL).to_numpy()
    if b2b.all():
        remarks.append(NO_RETENTION_REMARK)
    elif b2b.any():
        notes["taux_de_retention"] = notes["taux_d_attrition"] = COMPANIES_NOTE
    if "taux_de_conversion" in values:
        open_now = _open_deals(tabs).get(now, 0)
        if open_now:
            rate = values["taux_de_conversion"].get(now, pd.NA)
            labels["taux_de_conversion"] = f"{_BY_CODE['taux_de_conversion'].label}, provisoire"
            notes["taux_de_conversion"] = (
                f"{open_now}\u00a0leads de {now} encore en cours\u00a0: le taux définitif sera d'au moins "
                f"{format_value(rate, '%')} (leçon 02).")
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


class _Scope(NamedTuple):
    """The checked filters and the orders they keep (every year)."""

    year: int
    point_de_vente: str | None
    segment: str | None
    canal: str | None
    orders: pd.DataFrame
    mask: np.ndarray  # which rows of commandes are the orders


def _scope(tabs: dict, year, point_de_vente, segment, canal) -> _Scope:
    """The checked filters and the orders of the scope (all years), or a French error."""
    commandes, clients = tabs["commandes"], tabs["clients"]
    year = _year(year, sorted(int(y) for y in np.unique(_order_years(tabs))))
    point_de_vente = _choice(point_de_vente, _options(commandes["point_de_vente"]), "Point de vente",
                             "point_de_vente")
    segment = _choice(segment, _options(clients["segment"]), "Segment", "segment")
    if canal is not None:
        canal = _choice(canal, _options(commandes["canal"]), "Canal", "canal")
    if canal is not None and point_de_vente is not None and point_de_vente not in _points(tabs, canal):
        raise KPIError(
            f"Le point de vente {point_de_vente!r} n'appartient pas au canal {canal!r} : choisis un point "
            f"de vente de ce canal ({', '.join(repr(p) for p in _points(tabs, canal))}) ou None pour tous."
        )

    mask = np.ones(len(commandes), dtype=bool)
    if canal is not None:
        mask &= (commandes["canal"].astype(str) == canal).to_numpy()
    if point_de_vente is not None:
        mask &= (commandes["point_de_vente"].astype(str) == point_de_vente).to_numpy()
    if segment is not None:
        mask &= _order_segments(tabs) == segment
    if not (_order_years(tabs)[mask] == year).any():
        where = f"le canal {canal} et " if canal else ""
        raise KPIError(
            f"Aucune commande en {year} pour {where}le point de vente {point_de_vente or 'tous'} "
            f"et le segment {segment or 'tous'} : choisis un autre filtre."
        )
    return _Scope(year, point_de_vente, segment, canal, commandes[mask], mask)


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
    tabs = _tables(data)
    return _summary(tabs, _scope(tabs, year, point_de_vente, segment, canal))


def _summary(tabs: dict, scope: _Scope) -> pd.DataFrame:
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
    tabs = _tables(data)
    return _chart_data(tabs, _scope(tabs, year, point_de_vente, segment, canal))


def _chart_data(tabs: dict, scope: _Scope) -> dict:
    year, orders = scope.year, scope.orders
    orders = orders[orders["date"].dt.year.isin([year - 1, year])]
    monthly = tables.average_order_value_by(orders, period="month")["chiffre_affaires_ht"]
    months = monthly.index
    by_year = (monthly.groupby([months.month, months.year]).sum().unstack()
               .reindex(index=range(1, 13)).astype("float64"))
    by_year.index.name, by_year.columns.name = "mois", "annee"
    lines, _years = _scope_lines(tabs, scope, [year])
    categories = tables.margins_by(lines, by="categorie")["chiffre_affaires_ht"]
    categories = categories[categories > 0].sort_values(ascending=False)
    dates = {int(y): (group.min(), group.max()) for y, group in orders["date"].groupby(orders["date"].dt.year)}
    return {"mensuel": by_year, "categories": categories.astype("float64"), "dates": dates}


# --- French text -------------------------------------------------------------------------


def format_value(value, unit: str, digits: int | None = None) -> str:
    """A dashboard value in French format; ``"—"`` when it is not available."""
    if value is None or pd.isna(value):
        return "—"
    digits = _DEFAULT_DIGITS.get(unit, 2) if digits is None else digits
    return formatting.format_value(value, unit, digits)


def _rounded(change, unit: str) -> float:
    text = formatting.format_number(change, digits=1)
    return float(str(text).replace("\u202f", "").replace(" ", "").replace(",", "."))


def format_change(change, unit: str) -> str:
    """``+12,3 %`` or ``−1,6 point``; ``"—"`` when there is nothing to compare with."""
    if change is None or pd.isna(change):
        return "—"
    shown = _rounded(change, unit)
    sign = "+" if shown > 0 else "−" if shown < 0 else ""
    number = formatting.format_number(abs(shown), digits=1)
    if unit == "points":
        return f"{sign}{number}\u202f{'point' if abs(shown) < 2 else 'points'}"
    return f"{sign}{number}\u202f%"


def _digits(code: str):
    kpi = _BY_CODE.get(code)
    return kpi.digits if kpi else None


def _headline(note: str) -> str:
    """``32 leads de 2025 encore en cours : le taux…`` → ``32 leads de 2025 encore en cours``."""
    return note.split("\u00a0:")[0].split(" :")[0] if note else ""


def format_summary(table: pd.DataFrame) -> pd.DataFrame:
    """The :func:`summary` table as French text: indicator, value, year before, change.

    A ``Remarque`` column follows when a row has a note (a provisional rate,
    the mean cycle to read with the median…): the note's headline, the words
    before its colon, short enough for a table cell; the tiles show the whole
    note.
    """
    year = table.attrs.get("annee")
    now, before = (str(year), str(year - 1)) if year else ("Valeur", "Année précédente")
    notes = table["note"] if "note" in table else pd.Series("", index=table.index)
    columns = ["Indicateur", now, before, "Évolution"] + (["Remarque"] if notes.astype(bool).any() else [])
    rows = []
    for code, row in table.iterrows():
        rows.append({
            "Indicateur": row["libelle"],
            now: format_value(row["valeur"], row["unite"], _digits(code)),
            before: format_value(row["valeur_precedente"], row["unite"], _digits(code)),
            "Évolution": format_change(row["evolution"], row["unite_evolution"]),
            "Remarque": _headline(notes[code]),
        })
    return pd.DataFrame(rows, columns=columns)


# --- HTML tiles and the widget -------------------------------------------------------------

GOOD, BAD, NEUTRAL = "#2e7d32", "#c62828", "#555555"
LEGEND = ("Vert\u00a0: bonne nouvelle, rouge\u00a0: mauvaise nouvelle (une hausse de l'attrition ou du cycle "
          "médian est une mauvaise nouvelle), gris\u00a0: une évolution qui ne se juge pas seule (le cycle moyen "
          "se lit avec le cycle médian). Les taux évoluent en points, les montants et les nombres en %.")
"""The legend under the tiles."""


def _trend(row) -> tuple[str, str]:
    """The arrow and colour of a change: green when it is good news, red when bad, grey when not judged."""
    if pd.isna(row["evolution"]):
        return "", NEUTRAL
    shown = _rounded(row["evolution"], row["unite_evolution"])
    if shown == 0:
        return "=", NEUTRAL
    arrow = "▲" if shown > 0 else "▼"
    if pd.isna(row["hausse_favorable"]):
        return arrow, NEUTRAL
    good = (shown > 0) == bool(row["hausse_favorable"])
    return arrow, (GOOD if good else BAD)


def scope_title(table: pd.DataFrame) -> str:
    """``Roue Libre — 2025 — Croix-Rousse — tous les clients`` (the channel too when one is chosen)."""
    year = table.attrs.get("annee", "")
    canal = table.attrs.get("canal")
    point = table.attrs.get("point_de_vente") or "tous les points de vente"
    segment = table.attrs.get("segment")
    segment = SEGMENT_LABELS.get(segment, segment) if segment else "tous les clients"
    parts = ["Roue Libre", str(year)] + ([f"canal {CHANNEL_LABELS.get(canal, canal)}"] if canal else [])
    return " — ".join(parts + [point, segment])


def _unbroken(text: str) -> str:
    """HTML-escaped text whose spaces never break a line (``4 014 531 €`` stays whole)."""
    return html.escape(text).replace(" ", "&nbsp;")


def tiles_html(table: pd.DataFrame) -> str:
    """The :func:`summary` table as HTML tiles (no JavaScript): value, arrow, change."""
    year = table.attrs.get("annee")
    previous = f"en {year - 1}" if year else "l'année précédente"
    tiles = []
    for code, row in table.iterrows():
        arrow, colour = _trend(row)
        note = row.get("note", "") or ""
        value = _unbroken(format_value(row["valeur"], row["unite"], _digits(code)))
        before = _unbroken(format_value(row["valeur_precedente"], row["unite"], _digits(code)))
        if pd.isna(row["evolution"]):
            change = f'<span style="color:{NEUTRAL}">pas de comparaison : aucune valeur {html.escape(previous)}</span>'
        else:
            change = (
                f'<span style="color:{colour};font-weight:bold">{arrow} '
                f'{_unbroken(format_change(row["evolution"], row["unite_evolution"]))}</span>'
                f'<br><span style="color:{NEUTRAL}">{html.escape(previous)} : {before}</span>'
            )
        tiles.append(
            '<div style="border:1px solid #c8c8c8;border-radius:6px;padding:8px 12px;'
            'width:230px;background:#fafafa">'
            f'<div style="color:#333;font-size:0.95em;min-height:2.4em">{html.escape(row["libelle"])}</div>'
            f'<div style="font-size:1.6em;font-weight:bold;margin:2px 0">{value}</div>'
            f'<div style="font-size:0.9em">{change}</div>'
            + (f'<div style="color:{NEUTRAL};font-size:0.8em;margin-top:4px">{html.escape(note)}</div>'
               if note else "")
            + '</div>'
        )
    title = html.escape(scope_title(table))
    footer = " ".join([LEGEND, *table.attrs.get("remarques", [])])
    return (
        f'<h4 style="margin:6px 0">{title}</h4>'
        f'<div style="display:flex;flex-wrap:wrap;gap:10px">{"".join(tiles)}</div>'
        f'<p style="color:{NEUTRAL};margin:6px 0;font-size:0.9em">{html.escape(footer)}</p>'
    )


def _error_html(error: Exception) -> str:
    return (f'<p style="color:#b35900;font-weight:bold;border:1px solid #e0a060;padding:6px">'
            f'{html.escape(str(error))}</p>')


def dashboard(data=None, *, title: bool = True, export_folder="exports"):
    """The dashboard as ipywidgets: the lesson 08 simulator and the Voilà app.

    Four menus (year, channel, point of sale, segment), the KPI tiles of
    :func:`tiles_html`, the charts of :func:`chart_data` (drawn by
    :mod:`kpilab.dashboard_app`) and an "Exporter" button that writes the
    current view as a one-page PNG and PDF into ``export_folder`` (see
    :func:`kpilab.dashboard_app.export_view`). Choosing a channel keeps only
    its points of sale in the point-of-sale menu.

    Every change of a menu recomputes the scope and redraws tiles and charts
    (plain HTML and an SVG picture, no JavaScript of ours); the tiles are sent
    first, so they show while the charts are drawn. The tiles and charts of a
    scope are kept once computed: going back to a scope already seen only
    redraws. The box has ``menus``, ``output``, ``charts``, ``export``,
    ``status`` and ``update`` attributes, for tests.
    """
    import ipywidgets as widgets

    from kpilab import dashboard_app

    tabs = _tables(data)
    commandes, clients = tabs["commandes"], tabs["clients"]
    years = sorted(int(y) for y in commandes["date"].dt.year.unique())
    points, segments = _options(commandes["point_de_vente"]), _options(clients["segment"])
    channels = _options(commandes["canal"])
    style, layout = {"description_width": "initial"}, widgets.Layout(width="auto")

    def point_options(canal):
        shown = [p for p in points if not canal or p in _points(tabs, canal)]
        return [("Tous", "")] + [(p, p) for p in shown]

    menus = {
        "year": widgets.Dropdown(options=[(str(y), y) for y in years], value=years[-1],
                                 description="Année", style=style, layout=layout),
        "canal": widgets.Dropdown(options=[("Tous", "")] + [(CHANNEL_LABELS.get(c, c), c) for c in channels],
                                  value="", description="Canal", style=style, layout=layout),
        "point_de_vente": widgets.Dropdown(options=point_options(""), value="",
                                           description="Point de vente", style=style, layout=layout),
        "segment": widgets.Dropdown(options=[("Tous", "")] + [(SEGMENT_LABELS.get(s, s), s) for s in segments],
                                    value="", description="Segment", style=style, layout=layout),
    }
    output = widgets.HTML()
    picture = widgets.Image(format="svg+xml", layout=widgets.Layout(width="100%", max_width="1000px"))
    export = widgets.Button(description="Exporter (PNG et PDF)", button_style="primary",
                            tooltip="Enregistre cette vue sur une page, en PNG et en PDF, dans le dossier "
                                    f"{export_folder}/", layout=widgets.Layout(width="auto", flex="0 0 auto"))
    status = widgets.HTML()
    pictures = dashboard_app.ChartsPicture()
    views: dict[tuple, tuple[str, bytes | None]] = {}  # scope -> (tiles, charts); no charts for an error
    quiet = [False]  # True while the channel menu rewrites the point-of-sale menu

    def scope() -> tuple:
        return (menus["year"].value, menus["point_de_vente"].value or None, menus["segment"].value or None,
                menus["canal"].value or None)

    def view(key: tuple) -> tuple[str, bytes | None]:
        if key not in views:
            try:
                scoped = _scope(tabs, *key)
                tiles = tiles_html(_summary(tabs, scoped))
                output.value = tiles  # the browser shows the tiles while the charts are drawn
                views[key] = (tiles, pictures.render(_chart_data(tabs, scoped), scoped.year))
            except KPIError as error:
                views[key] = (_error_html(error), None)
        return views[key]

    def update(_change=None):
        if quiet[0]:
            return
        tiles, svg = view(scope())
        output.value = tiles
        if svg is None:
            picture.layout.display = "none"
        else:
            picture.value = svg
            picture.layout.display = None
        export.disabled = svg is None
        status.value = ""

    def channel_changed(change):
        menu = menus["point_de_vente"]
        chosen = menu.value
        quiet[0] = True
        try:
            menu.options = point_options(change["new"])
            menu.value = chosen if chosen in [value for _, value in menu.options] else ""
        finally:
            quiet[0] = False
        update()

    def export_clicked(_button=None):
        year, point_de_vente, segment, canal = scope()
        try:
            png, pdf = dashboard_app.export_view(year, canal, point_de_vente, segment, folder=export_folder,
                                                 data=tabs)
        except KPIError as error:
            status.value = _error_html(error)
        else:
            status.value = (f'<p style="color:{GOOD};margin:4px 0">Vue exportée sur une page : '
                            f'<code>{html.escape(str(png))}</code> et <code>{html.escape(str(pdf))}</code>.</p>')

    menus["canal"].observe(channel_changed, names="value")
    for name in ("year", "point_de_vente", "segment"):
        menus[name].observe(update, names="value")
    export.on_click(export_clicked)
    update()
    parts = [widgets.HBox(list(menus.values())), output, picture, widgets.HBox([export, status])]
    if title:
        parts.insert(0, widgets.HTML("<h3 style='margin:4px 0'>Tableau de bord de Roue Libre</h3>"))
    box = widgets.VBox(parts)
    box.menus, box.output, box.charts, box.export, box.status, box.update = menus, output, picture, export, status, update
    return box
