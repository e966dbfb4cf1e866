"""The course dashboard: every KPI of one year, point of sale and segment.

:func:`summary` is a pure function: one row per KPI, with the value of the
year, the value of the year before and the change. Every number comes from a
:mod:`kpilab.tables` function applied to the orders of the chosen scope, so
the dashboard and the lessons always agree. :func:`format_summary` writes
the table in French; :func:`tiles_html` lays it out as HTML tiles, and
:func:`dashboard` wraps those tiles in ipywidgets dropdowns (imported only
there, so ``import kpilab.dashboard`` stays light).

>>> table = summary(2025, point_de_vente="Croix-Rousse")
>>> table.loc["panier_moyen_ht", ["unite", "unite_evolution"]].tolist()
['€', '%']
>>> format_value(239.92, "€")
'239,92 €'
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass

import pandas as pd

from kpilab import _inputs as inp
from kpilab import datasets, formatting, tables
from kpilab.formulas import change
from kpilab.errors import KPIError

__all__ = ["KPIS", "SEGMENT_LABELS", "change", "summary", "format_value", "format_change", "format_summary",
           "tiles_html", "dashboard"]

SHOP_CHANNEL, WEB_CHANNEL, B2B_CHANNEL = "magasin", "web", "b2b"
B2B_SEGMENT = "entreprise"
COLUMNS = ["libelle", "unite", "valeur", "valeur_precedente", "evolution", "unite_evolution", "hausse_favorable"]

SEGMENT_LABELS = {
    "velotaf": "Vélotaf (domicile-travail)",
    "sportif": "Sportifs",
    "famille": "Familles",
    "occasionnel": "Occasionnels",
    "entreprise": "Entreprises",
}
"""French labels of the customer segments, for menus."""


@dataclass(frozen=True)
class KPI:
    """One row of the dashboard: code, French label, unit, and whether a rise is good news."""

    code: str
    label: str
    unit: str  # "€", "nombre", "articles", "%", "jours"
    rise_is_good: bool = True
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
    KPI("cycle_de_vente_moyen", "Cycle de vente moyen (B2B)", "jours", rise_is_good=False),
)
"""The rows of :func:`summary`, in order (a row is left out when it does not apply to the scope)."""

_BY_CODE = {kpi.code: kpi for kpi in KPIS}
_DEFAULT_DIGITS = {"€": 2, "nombre": 0, "articles": 2, "%": 1, "jours": 0}


# --- the scope: which orders ---------------------------------------------------------


def _tables(data) -> dict[str, pd.DataFrame]:
    """The course tables; those missing from ``data`` are loaded from datasets/."""
    given = dict(data or {})
    return {name: given[name] if name in given else datasets.load(name) for name in datasets.TABLES}


def _year(year, years: list[int]) -> int:
    try:
        value = int(str(year).strip()) if not isinstance(year, bool) else None
    except ValueError:
        value = None
    if value is None or value not in years:
        raise KPIError(
            f"L'année {year!r} n'est pas dans les données : choisis parmi "
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
        hint = f" Tu voulais peut-être dire {next(a for a in allowed if a.lower() == close[0])!r} ?"
    raise KPIError(
        f"{what} inconnu : {value!r}. Valeurs possibles pour `{argument}` : "
        f"{', '.join(repr(a) for a in allowed)} (ou None pour tous).{hint}"
    )


def _options(column: pd.Series) -> list[str]:
    """The codes of a category column, in their order (sorted for plain text)."""
    return [str(c) for c in column.astype("category").cat.categories]


def _points(commandes: pd.DataFrame, channel: str) -> list[str]:
    """The points of sale of one channel (magasin, web, b2b)."""
    return sorted(commandes.loc[commandes["canal"] == channel, "point_de_vente"].astype(str).unique())


# --- the KPIs of the scope, per year ---------------------------------------------------


def _per_year(frame: pd.DataFrame, column: str) -> dict:
    return frame[column].astype("Float64").to_dict() if column in frame else {}


def _kpis_by_year(tabs: dict, orders: pd.DataFrame, point_de_vente, segment) -> tuple[dict, dict]:
    """{kpi code: {period: value}} for the scope, and the labels that depend on it."""
    commandes, clients = tabs["commandes"], tabs["clients"]
    values, labels = {}, {}

    sales = tables.average_order_value_by(orders, period="year")
    for code in ("chiffre_affaires_ht", "transactions", "panier_moyen_ht", "indice_de_vente"):
        values[code] = _per_year(sales, code)

    period_of = orders.set_index(orders["commande_id"].astype(str))["date"].dt.to_period("Y")
    lines = tabs["lignes_commande"]
    lines = lines.assign(periode=lines["commande_id"].astype(str).map(period_of)).dropna(subset=["periode"])
    values["taux_de_marque"] = _per_year(tables.margins_by(lines, by="periode"), "taux_de_marque")

    visits = tabs["frequentation"]
    counted = set(visits["point_de_vente"].astype(str))
    if segment is None and (point_de_vente is None or point_de_vente in counted):
        points = [point_de_vente] if point_de_vente else sorted(set(_points(commandes, SHOP_CHANNEL)) & counted)
        conversion = tables.store_conversion_by(
            commandes[commandes["point_de_vente"].astype(str).isin(points)],
            visits[visits["point_de_vente"].astype(str).isin(points)],
            by=None, period="year",
        )
        values["taux_de_transformation"] = _per_year(conversion, "taux_de_transformation")
        if point_de_vente in _points(commandes, WEB_CHANNEL):
            labels["taux_de_transformation"] = "Taux de conversion du site (commandes ÷ sessions)"
        elif point_de_vente:
            labels["taux_de_transformation"] = "Taux de transformation (tickets ÷ visiteurs)"
        else:
            labels["taux_de_transformation"] = "Taux de transformation des magasins réunis"

    active = tables.active_customers(orders, period="year")
    values["clients_actifs"] = active.groupby("periode").size().astype("Float64").to_dict()
    if len(active):
        kept = tables.retention_by(orders, clients, period="year")
        for code in ("nouveaux_clients", "taux_de_retention", "taux_d_attrition"):
            values[code] = _per_year(kept, code)

    if point_de_vente in (None, *_points(commandes, B2B_CHANNEL)) and segment in (None, B2B_SEGMENT):
        values["taux_de_reponse"] = _per_year(tables.response_rate_by(tabs["campagnes"], period="year"),
                                              "taux_de_reponse")
        values["taux_de_conversion"] = _per_year(tables.conversion_rate_by(tabs["prospects"], period="year"),
                                                 "taux_de_conversion")
        values["cycle_de_vente_moyen"] = _per_year(tables.sales_cycle_by(tabs["prospects"], period="year"),
                                                   "cycle_moyen_jours")
    return values, labels


def _change(now, before, unit: str):
    """:func:`change` for a table cell: <NA> when a value is missing or the base is 0."""
    if pd.isna(now) or pd.isna(before) or (unit != "%" and before == 0):
        return pd.NA
    return change(now, before, rate=unit == "%")


def summary(year=2025, point_de_vente=None, segment=None, *, data=None) -> pd.DataFrame:
    """Every KPI of one year for a point of sale and a customer segment, with its change.

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
    data:
        ``{table name: DataFrame}`` to use instead of the course files (a
        table left out is loaded from ``datasets/``).

    Returns
    -------
    DataFrame
        Index ``indicateur`` (the codes of :data:`KPIS`); columns ``libelle``,
        ``unite``, ``valeur``, ``valeur_precedente``, ``evolution`` (in points
        for a rate, else in %), ``unite_evolution`` (``"points"`` or ``"%"``)
        and ``hausse_favorable`` (False when a rise is bad news, e.g. churn).
        Rows that make no sense for the scope are left out: the conversion of
        visitors without a counted point of sale or with a segment (visitors
        have no segment), the B2B prospecting KPIs outside the B2B scope.
        ``attrs`` holds ``annee``, ``point_de_vente`` and ``segment``.

    Every value comes from :mod:`kpilab.tables` on the orders of the scope: the
    same orders give the revenue, the active customers and the retention (a
    customer is active at Croix-Rousse when they bought at Croix-Rousse). The
    B2B prospecting KPIs use all the campaigns (by launch year) and leads (by
    year of first contact, by year of signature for the cycle) of the year.
    """
    tabs = _tables(data)
    commandes, clients = tabs["commandes"], tabs["clients"]
    year = _year(year, sorted(int(y) for y in commandes["date"].dt.year.unique()))
    point_de_vente = _choice(point_de_vente, _options(commandes["point_de_vente"]), "Point de vente",
                             "point_de_vente")
    segment = _choice(segment, _options(clients["segment"]), "Segment", "segment")

    orders = commandes
    if point_de_vente is not None:
        orders = orders[orders["point_de_vente"].astype(str) == point_de_vente]
    if segment is not None:
        members = clients.loc[clients["segment"].astype(str) == segment, "client_id"].astype(str)
        orders = orders[orders["client_id"].astype(str).isin(set(members)) & orders["client_id"].notna()]
    now, before = pd.Period(str(year), "Y"), pd.Period(str(year - 1), "Y")
    if not (orders["date"].dt.to_period("Y") == now).any():
        raise KPIError(
            f"Aucune commande en {year} pour le point de vente {point_de_vente or 'tous'} "
            f"et le segment {segment or 'tous'} : choisis un autre filtre."
        )

    values, labels = _kpis_by_year(tabs, orders, point_de_vente, segment)
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
            "hausse_favorable": kpi.rise_is_good,
        }
    table = pd.DataFrame.from_dict(rows, orient="index", columns=COLUMNS)
    for column in ("valeur", "valeur_precedente", "evolution"):
        table[column] = table[column].astype("Float64")
    table["hausse_favorable"] = table["hausse_favorable"].astype(bool)
    table.index.name = "indicateur"
    table.attrs.update(annee=year, point_de_vente=point_de_vente, segment=segment)
    return table


# --- French text -------------------------------------------------------------------------


def format_value(value, unit: str, digits: int | None = None) -> str:
    """A dashboard value in French format; ``"—"`` when it is not available."""
    if value is None or pd.isna(value):
        return "—"
    digits = _DEFAULT_DIGITS.get(unit, 2) if digits is None else digits
    return formatting.format_value(value, unit, digits)


def _rounded(change, unit: str) -> float:
    return float(formatting.format_number(change, digits=1).replace(" ", "").replace(",", "."))


def format_change(change, unit: str) -> str:
    """``+12,3 %`` or ``−1,6 point``; ``"—"`` when there is nothing to compare with."""
    if change is None or pd.isna(change):
        return "—"
    shown = _rounded(change, unit)
    sign = "+" if shown > 0 else "−" if shown < 0 else ""
    number = formatting.format_number(abs(shown), digits=1)
    if unit == "points":
        return f"{sign}{number} {'point' if abs(shown) < 2 else 'points'}"
    return f"{sign}{number} %"


def _digits(code: str):
    kpi = _BY_CODE.get(code)
    return kpi.digits if kpi else None


def format_summary(table: pd.DataFrame) -> pd.DataFrame:
    """The :func:`summary` table as French text: indicator, value, year before, change."""
    year = table.attrs.get("annee")
    now, before = (str(year), str(year - 1)) if year else ("Valeur", "Année précédente")
    rows = []
    for code, row in table.iterrows():
        rows.append({
            "Indicateur": row["libelle"],
            now: format_value(row["valeur"], row["unite"], _digits(code)),
            before: format_value(row["valeur_precedente"], row["unite"], _digits(code)),
            "Évolution": format_change(row["evolution"], row["unite_evolution"]),
        })
    return pd.DataFrame(rows, columns=["Indicateur", now, before, "Évolution"])


# --- HTML tiles and the widget -------------------------------------------------------------

GOOD, BAD, NEUTRAL = "#2e7d32", "#c62828", "#555555"


def _trend(row) -> tuple[str, str]:
    """The arrow and colour of a change: green when it is good news, red when bad."""
    if pd.isna(row["evolution"]):
        return "", NEUTRAL
    shown = _rounded(row["evolution"], row["unite_evolution"])
    if shown == 0:
        return "=", NEUTRAL
    good = (shown > 0) == bool(row["hausse_favorable"])
    return ("▲" if shown > 0 else "▼"), (GOOD if good else BAD)


def _scope_title(table: pd.DataFrame) -> str:
    year = table.attrs.get("annee", "")
    point = table.attrs.get("point_de_vente") or "tous les points de vente"
    segment = table.attrs.get("segment")
    segment = SEGMENT_LABELS.get(segment, segment) if segment else "tous les clients"
    return f"Roue Libre — {year} — {point} — {segment}"


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
        value = _unbroken(format_value(row["valeur"], row["unite"], _digits(code)))
        before = _unbroken(format_value(row["valeur_precedente"], row["unite"], _digits(code)))
        if pd.isna(row["evolution"]):
            change = f'<span style="color:{NEUTRAL}">pas de comparaison : aucune valeur {html.escape(previous)}</span>'
        else:
            change = (
                f'<span style="color:{colour};font-weight:bold">{arrow} '
                f'{_unbroken(format_change(row["evolution"], row["unite_evolution"]))}</span>'
                f'<br><span style="color:{NEUTRAL}">{html.escape(previous)} : {before}</span>'
            )
        tiles.append(
            '<div style="border:1px solid #c8c8c8;border-radius:6px;padding:8px 12px;'
            'width:230px;background:#fafafa">'
            f'<div style="color:#333;font-size:0.95em;min-height:2.4em">{html.escape(row["libelle"])}</div>'
            f'<div style="font-size:1.6em;font-weight:bold;margin:2px 0">{value}</div>'
            f'<div style="font-size:0.9em">{change}</div></div>'
        )
    title = html.escape(_scope_title(table))
    note = ("Vert : bonne nouvelle, rouge : mauvaise nouvelle (une hausse de l'attrition est une "
            "mauvaise nouvelle). Les taux évoluent en points, les montants et les nombres en %.")
    return (
        f'<h4 style="margin:6px 0">{title}</h4>'
        f'<div style="display:flex;flex-wrap:wrap;gap:10px">{"".join(tiles)}</div>'
        f'<p style="color:{NEUTRAL};margin:6px 0;font-size:0.9em">{html.escape(note)}</p>'
    )


def _error_html(error: Exception) -> str:
    return (f'<p style="color:#b35900;font-weight:bold;border:1px solid #e0a060;padding:6px">'
            f'{html.escape(str(error))}</p>')


def dashboard(data=None):
    """The dashboard as ipywidgets: three menus (year, point of sale, segment) and KPI tiles.

    Every change of a menu recomputes :func:`summary` and redraws the tiles
    (plain HTML, no JavaScript). The box has ``menus``, ``output`` and
    ``update`` attributes, for tests.
    """
    import ipywidgets as widgets

    tabs = _tables(data)
    commandes, clients = tabs["commandes"], tabs["clients"]
    years = sorted(int(y) for y in commandes["date"].dt.year.unique())
    points, segments = _options(commandes["point_de_vente"]), _options(clients["segment"])
    style, layout = {"description_width": "initial"}, widgets.Layout(width="auto")
    menus = {
        "year": widgets.Dropdown(options=[(str(y), y) for y in years], value=years[-1],
                                 description="Année", style=style, layout=layout),
        "point_de_vente": widgets.Dropdown(options=[("Tous", "")] + [(p, p) for p in points], value="",
                                           description="Point de vente", style=style, layout=layout),
        "segment": widgets.Dropdown(options=[("Tous", "")] + [(SEGMENT_LABELS.get(s, s), s) for s in segments],
                                    value="", description="Segment", style=style, layout=layout),
    }
    output = widgets.HTML()

    def update(_change=None):
        try:
            table = summary(menus["year"].value, menus["point_de_vente"].value or None,
                            menus["segment"].value or None, data=tabs)
        except KPIError as error:
            output.value = _error_html(error)
        else:
            output.value = tiles_html(table)

    for menu in menus.values():
        menu.observe(update, names="value")
    update()
    title = widgets.HTML("<h3 style='margin:4px 0'>Tableau de bord de Roue Libre</h3>")
    box = widgets.VBox([title, widgets.HBox(list(menus.values())), output])
    box.menus, box.output, box.update = menus, output, update
    return box
