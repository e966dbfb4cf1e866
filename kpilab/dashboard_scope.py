"""Which orders a view of the dashboard counts: the course tables, the checked filters, lookups made once.

:func:`scope_of` checks a year, a point of sale, a customer segment and a
channel (a French error, with a suggestion, for a value that does not exist)
and keeps the orders they select, for every year: the dashboard compares the
year with the year before on the same orders. The lookups from one table to
another (the year of each order, the segment of its customer, the order of
each line) are computed once per set of tables and kept in it
(:func:`derived`), so a filter change in the widget only applies masks.

>>> tabs = course_tables(None)
>>> view = scope_of(tabs, 2025, "Croix-Rousse", None, None)
>>> view.year, view.canal, int((order_years(tabs)[view.mask] == 2025).sum()) > 0
(2025, None, True)
"""

from __future__ import annotations

import difflib
from typing import NamedTuple

import numpy as np
import pandas as pd

from kpilab import datasets, tables
from kpilab.errors import KPIError

__all__ = ["SHOP_CHANNEL", "WEB_CHANNEL", "B2B_CHANNEL", "B2B_SEGMENT", "Scope", "scope_of", "course_tables",
           "derived", "order_years", "order_segments", "line_orders", "scope_lines", "menu_options", "points_of",
           "open_deals"]

SHOP_CHANNEL, WEB_CHANNEL, B2B_CHANNEL = "magasin", "web", "b2b"
B2B_SEGMENT = "entreprise"


# --- the course tables, and lookups made once per set of tables ---------------------------


def course_tables(data) -> dict[str, pd.DataFrame]:
    """The course tables; those missing from ``data`` are loaded from datasets/."""
    given = dict(data or {})
    return {name: given[name] if name in given else datasets.load(name) for name in datasets.TABLES}


def derived(tabs: dict, name: str, compute):
    """An array derived from the tables, computed once per ``tabs`` dict.

    The dashboard widget keeps one ``tabs`` for all its views, so these
    lookups are made once instead of at every filter change. The names start
    with ``_``: :func:`course_tables` never passes them on from a caller's ``data``.
    """
    if name not in tabs:
        tabs[name] = compute()
    return tabs[name]


def order_years(tabs: dict) -> np.ndarray:
    """The year of each order (``commandes`` row)."""
    return derived(tabs, "_annee_commande", lambda: tabs["commandes"]["date"].dt.year.to_numpy())


def order_segments(tabs: dict) -> np.ndarray:
    """The segment of each order's customer (``commandes`` row; NaN for an anonymous ticket)."""
    def compute():
        clients = tabs["clients"]
        ids = clients["client_id"].astype(str)
        first = ~ids.duplicated().to_numpy()
        segments = pd.Series(clients["segment"].astype(str).to_numpy()[first], index=ids[first])
        return tabs["commandes"]["client_id"].astype(str).map(segments).to_numpy(dtype=object)
    return derived(tabs, "_segment_commande", compute)


def line_orders(tabs: dict) -> np.ndarray:
    """The ``commandes`` row of each order line (``lignes_commande`` row), -1 when none."""
    def compute():
        ids = tabs["commandes"]["commande_id"].astype(str)
        first = ~ids.duplicated().to_numpy()
        rows = pd.Index(ids[first]).get_indexer(tabs["lignes_commande"]["commande_id"].astype(str))
        return np.where(rows >= 0, np.flatnonzero(first)[rows], -1)
    return derived(tabs, "_commande_ligne", compute)


def scope_lines(tabs: dict, scope: Scope, years) -> tuple[pd.DataFrame, np.ndarray]:
    """The order lines of the scope's orders placed in ``years``, and the year of each."""
    rows = line_orders(tabs)
    year_of_order = order_years(tabs)
    keep = rows >= 0
    keep[keep] = scope.mask[rows[keep]] & np.isin(year_of_order[rows[keep]], years)
    return tabs["lignes_commande"][keep], year_of_order[rows[keep]]


def open_deals(tabs: dict) -> dict:
    """{year of first contact: number of open deals} (lesson 02: their year's rate is provisional)."""
    def compute():
        table = tables.conversion_rate_by(tabs["prospects"], period="year")
        return {period: int(count) for period, count in table["en_cours"].items()}
    return derived(tabs, "_affaires_en_cours", compute)


# --- the filters -------------------------------------------------------------------------


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


def menu_options(column: pd.Series) -> list[str]:
    """The codes of a category column, in their order (sorted for plain text)."""
    return [str(c) for c in column.astype("category").cat.categories]


def points_of(tabs: dict, channel: str) -> list[str]:
    """The points of sale of one channel (magasin, web, b2b), sorted."""
    def compute():
        commandes = tabs["commandes"]
        pairs = commandes[["canal", "point_de_vente"]].astype(str).drop_duplicates()
        return {c: sorted(group["point_de_vente"]) for c, group in pairs.groupby("canal")}
    return derived(tabs, "_points_de_vente", compute).get(channel, [])


class Scope(NamedTuple):
    """The checked filters and the orders they keep (every year)."""

    year: int
    point_de_vente: str | None
    segment: str | None
    canal: str | None
    orders: pd.DataFrame
    mask: np.ndarray  # which rows of commandes are the orders


def scope_of(tabs: dict, year, point_de_vente, segment, canal) -> Scope:
    """The checked filters and the orders of the scope (all years), or a French error."""
    commandes, clients = tabs["commandes"], tabs["clients"]
    year = _year(year, sorted(int(y) for y in np.unique(order_years(tabs))))
    point_de_vente = _choice(point_de_vente, menu_options(commandes["point_de_vente"]), "Point de vente",
                             "point_de_vente")
    segment = _choice(segment, menu_options(clients["segment"]), "Segment", "segment")
    if canal is not None:
        canal = _choice(canal, menu_options(commandes["canal"]), "Canal", "canal")
    if canal is not None and point_de_vente is not None and point_de_vente not in points_of(tabs, canal):
        raise KPIError(
            f"Le point de vente {point_de_vente!r} n'appartient pas au canal {canal!r} : choisis un point "
            f"de vente de ce canal ({', '.join(repr(p) for p in points_of(tabs, canal))}) ou None pour tous."
        )

    mask = np.ones(len(commandes), dtype=bool)
    if canal is not None:
        mask &= (commandes["canal"].astype(str) == canal).to_numpy()
    if point_de_vente is not None:
        mask &= (commandes["point_de_vente"].astype(str) == point_de_vente).to_numpy()
    if segment is not None:
        mask &= order_segments(tabs) == segment
    if not (order_years(tabs)[mask] == year).any():
        where = f"le canal {canal} et " if canal else ""
        raise KPIError(
            f"Aucune commande en {year} pour {where}le point de vente {point_de_vente or 'tous'} "
            f"et le segment {segment or 'tous'} : choisis un autre filtre."
        )
    return Scope(year, point_de_vente, segment, canal, commandes[mask], mask)
