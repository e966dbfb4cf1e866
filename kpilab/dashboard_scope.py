"""Which orders a view of the dashboard counts: its tables, the checked filters, lookups made once.

:func:`dashboard_tables` gives the tables of a dashboard: the course's, or
only the user's own (``data=``: nothing is taken from the course then;
only ``commandes`` is required, with ``date`` and ``montant_ht``).
:func:`scope_of` checks a year, a point of sale, a customer segment and a
channel (a French error, with a suggestion, for a value that does not exist)
and keeps the orders they select, for every year: the dashboard compares the
year with the year before on the same orders. The lookups from one table to
another (the year of each order, the segment of its customer, the order of
each line) are computed once per set of tables and kept in it
(:func:`derived`), so a filter change in the widget only applies masks.

>>> tabs = dashboard_tables(None)
>>> view = scope_of(tabs, 2025, "Croix-Rousse", None, None)
>>> view.year, view.canal, int((order_years(tabs)[view.mask] == 2025).sum()) > 0
(2025, None, True)
"""

from __future__ import annotations

import difflib
import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd

from kpilab import datasets, tables
from kpilab.errors import KPIError

__all__ = ["SHOP_CHANNEL", "WEB_CHANNEL", "B2B_CHANNEL", "B2B_SEGMENT", "Scope", "scope_of", "dashboard_tables",
           "course_tables", "is_own", "derived", "order_years", "data_years", "order_segments", "line_orders",
           "scope_lines", "menu_options", "points_of", "open_deals", "coverage", "segments_of"]

SHOP_CHANNEL, WEB_CHANNEL, B2B_CHANNEL = "magasin", "web", "b2b"
B2B_SEGMENT = "entreprise"


# --- the course tables, and lookups made once per set of tables ---------------------------


ORIGIN = "_donnees"  # in a tables dict: "cours" (the course's) or "propres" (the user's own)
ORDER_COLUMNS = {"date": "la date de chaque commande", "montant_ht": "le montant HT de chaque commande"}
IMPORT_HINT = "datasets.import_orders(...) lit ton export et prépare ces colonnes"


def course_tables(data=None) -> dict[str, pd.DataFrame]:
    """The course tables (``data=None``), or the user's own: see :func:`dashboard_tables`."""
    return dashboard_tables(data)


def dashboard_tables(data) -> dict[str, pd.DataFrame]:
    """The tables of a dashboard: the course's when ``data`` is None, else only the user's.

    ``data`` is ``{table name: DataFrame}`` (a DataFrame alone is taken as
    ``commandes``; an import, as returned by ``datasets.import_orders``, gives
    its ``commandes`` and ``clients``). Nothing is loaded from the course
    then: a table the user did not give is absent, and the tiles that need it
    are hidden with a note. ``commandes`` is required, with ``date`` (dates)
    and ``montant_ht``; a French error says what is missing. A dict made by
    this function is passed on as it is (the widget hands its tables to the export).

    >>> import pandas as pd
    >>> own = dashboard_tables(pd.DataFrame({"date": pd.to_datetime(["2025-03-01"]), "montant_ht": [80.0]}))
    >>> sorted(own), is_own(own)
    (['_donnees', 'commandes'], True)
    """
    if isinstance(data, dict) and data.get(ORIGIN) in ("cours", "propres"):
        return data
    if data is None:
        tabs = {name: datasets.load(name) for name in datasets.TABLES}
        tabs[ORIGIN] = "cours"
        return tabs
    if isinstance(data, pd.DataFrame):
        data = {"commandes": data}
    elif not isinstance(data, dict) and hasattr(data, "commandes"):  # an import of the user's file
        data = {name: getattr(data, name) for name in ("commandes", "clients")
                if isinstance(getattr(data, name, None), pd.DataFrame)}
    if not isinstance(data, dict):
        raise KPIError(f"`data` doit être un dictionnaire {{nom de table : DataFrame}}, par exemple "
                       f"{{'commandes': commandes}} ; tu as donné un objet de type {type(data).__name__}.")
    tabs = {}
    for name, frame in data.items():
        if str(name).startswith("_"):
            continue  # lookups of another dict of tables (see derived): never trusted
        if name not in datasets.TABLES:
            close = difflib.get_close_matches(str(name).lower(), datasets.TABLES, n=1)
            hint = f" Tu voulais peut-être dire {close[0]!r} ?" if close else ""
            raise KPIError(f"Table inconnue dans `data` : {name!r}. Tables possibles : "
                           f"{', '.join(repr(t) for t in datasets.TABLES)}.{hint}")
        if not isinstance(frame, pd.DataFrame):
            raise KPIError(f"`data[{name!r}]` doit être un DataFrame ; tu as donné un objet de type "
                           f"{type(frame).__name__}.")
        tabs[name] = frame
    _check_orders(tabs.get("commandes"))
    tabs[ORIGIN] = "propres"
    return tabs


def _check_orders(commandes) -> None:
    """The user's ``commandes`` has dated orders with an amount HT, or a French error says what to do."""
    if commandes is None:
        raise KPIError("Il faut au moins le tableau de tes commandes : data={'commandes': commandes} "
                       f"(avec les colonnes date et montant_ht ; {IMPORT_HINT}).")
    missing = [column for column in ORDER_COLUMNS if column not in commandes.columns]
    if missing:
        raise KPIError(
            f"Le tableau commandes n'a pas de colonne {missing[0]} ({ORDER_COLUMNS[missing[0]]}) : le tableau de "
            f"bord en a besoin. Renomme ta colonne, ou importe ton fichier ({IMPORT_HINT}, et calcule le HT "
            f"depuis le TTC avec tva=20). Colonnes disponibles : {', '.join(map(str, commandes.columns))}."
        )
    if not len(commandes):
        raise KPIError("Le tableau commandes est vide : il n'y a aucune commande à compter.")
    for column, kind, fix in (("date", "des dates", "pd.to_datetime(commandes['date'], dayfirst=True)"),
                              ("montant_ht", "des nombres", "pd.to_numeric(commandes['montant_ht'])")):
        values = commandes[column]
        ok = (pd.api.types.is_datetime64_any_dtype(values) if column == "date"
              else pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values))
        if not ok:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pandas' advice on date formats: the message gives the fix
                read = (pd.to_datetime(values, errors="coerce", dayfirst=True) if column == "date"
                        else pd.to_numeric(values, errors="coerce"))
            bad = values.notna() & pd.Series(read, index=values.index).isna()
            where = ""
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0])
                where = f" (ligne {row + 1} du tableau : {values.iloc[row]!r})"
            raise KPIError(f"La colonne {column} du tableau commandes doit contenir {kind} ; elle est de type "
                           f"{values.dtype}{where}. Convertis-la avec {fix}, ou importe ton fichier ({IMPORT_HINT}).")


def is_own(tabs: dict) -> bool:
    """Whether the tables are the user's own (not the course's)."""
    return tabs.get(ORIGIN) == "propres"


def coverage(tabs: dict) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The days the orders cover: ``attrs["periode_couverte"]``, else their first and last date."""
    commandes = tabs["commandes"]
    given = commandes.attrs.get("periode_couverte")
    if given is not None:
        first, last = given
        return pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize()
    dates = commandes["date"].dropna()
    return dates.min().normalize(), dates.max().normalize()


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
    """The year of each order (``commandes`` row; NaN for an order without a date)."""
    return derived(tabs, "_annee_commande", lambda: tabs["commandes"]["date"].dt.year.to_numpy())


def data_years(tabs: dict) -> list[int]:
    """The years with orders, in order."""
    years = order_years(tabs)
    return sorted(int(y) for y in pd.unique(years[pd.notna(years)]))


def segments_of(tabs: dict) -> list[str]:
    """The customer segments of ``clients`` (none without that table or its ``segment`` column)."""
    clients = tabs.get("clients")
    if clients is None or "segment" not in clients or "client_id" not in clients:
        return []
    return menu_options(clients["segment"])


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
        if "canal" not in commandes or "point_de_vente" not in commandes:
            return {}
        pairs = commandes[["canal", "point_de_vente"]].dropna().astype(str).drop_duplicates()
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


def _filter_column(commandes: pd.DataFrame, column: str, value, what: str) -> list[str]:
    """The values of a filter column, or a French error when a filter is asked on a column the orders lack."""
    if column in commandes:
        return menu_options(commandes[column])
    if value is not None:
        raise KPIError(f"Filtre {what} impossible : tes commandes n'ont pas de colonne {column}. Laisse "
                       f"{column}=None, ou ajoute cette colonne à ton tableau commandes.")
    return []


def scope_of(tabs: dict, year, point_de_vente, segment, canal) -> Scope:
    """The checked filters and the orders of the scope (all years), or a French error.

    ``year=None`` is the last year of the data.
    """
    commandes = tabs["commandes"]
    years = data_years(tabs)
    if not years:
        raise KPIError("Aucune commande datée dans le tableau commandes : la colonne date est vide.")
    year = years[-1] if year is None else _year(year, years)
    points = _filter_column(commandes, "point_de_vente", point_de_vente, "par point de vente")
    point_de_vente = _choice(point_de_vente, points, "Point de vente", "point_de_vente")
    segments = segments_of(tabs)
    if segment is not None and not segments:
        raise KPIError("Filtre par segment impossible : il faut le tableau clients avec les colonnes client_id et "
                       "segment (data={'commandes': …, 'clients': …}). Laisse segment=None.")
    segment = _choice(segment, segments, "Segment", "segment")
    if canal is not None:
        canal = _choice(canal, _filter_column(commandes, "canal", canal, "par canal"), "Canal", "canal")
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
    orders = commandes[mask]
    if is_own(tabs) and "periode_couverte" not in orders.attrs:
        orders.attrs["periode_couverte"] = coverage(tabs)  # the whole table's days, not the scope's
    return Scope(year, point_de_vente, segment, canal, orders, mask)


# --- what the user's tables allow (the course's allow everything) ---------------------------


def _lacks(tabs: dict, table: str, columns) -> str | None:
    """The first of ``table`` or its ``columns`` missing from the tables, else None."""
    if table not in tabs:
        return table
    return next((column for column in columns if column not in tabs[table]), None)


def margins_missing(tabs: dict) -> str | None:
    """What the margin rate lacks (a key of :data:`~kpilab.dashboard_text.MISSING_NOTES`), or None."""
    lacking = _lacks(tabs, "lignes_commande", ("commande_id", "quantite", "montant_ht", "prix_achat_unitaire_ht"))
    if lacking == "prix_achat_unitaire_ht":
        return lacking
    if lacking is not None:
        return "lignes_commande"
    return None if "commande_id" in tabs["commandes"] else "commande_id"


def visits_tables(tabs: dict) -> tuple[pd.DataFrame, pd.DataFrame] | str:
    """``commandes`` and ``frequentation`` with a ``point_de_vente`` each, or what the conversion lacks.

    A shop without points of sale (no ``point_de_vente`` in either table, or
    one point only in ``frequentation``) is counted as one point of sale.
    """
    lacking = _lacks(tabs, "frequentation", ("date", "visiteurs"))
    if lacking is not None:
        return lacking
    commandes, visits = tabs["commandes"], tabs["frequentation"]
    if "point_de_vente" in commandes and "point_de_vente" in visits:
        return commandes, visits
    if "point_de_vente" in commandes or ("point_de_vente" in visits and visits["point_de_vente"].nunique() > 1):
        return "point_de_vente"
    return commandes.assign(point_de_vente="magasin"), visits.assign(point_de_vente="magasin")


def customers_of_orders(tabs: dict) -> pd.DataFrame:
    """One row per customer of the orders, ``date_inscription`` being the first order (for retention only)."""
    def compute():
        commandes = tabs["commandes"]
        first = commandes.groupby("client_id", sort=False)["date"].min()  # ids keep their type (rule of the ids)
        return pd.DataFrame({"client_id": first.index, "date_inscription": first.to_numpy()})
    return derived(tabs, "_clients_des_commandes", compute)


def retention_customers(tabs: dict) -> tuple[pd.DataFrame, bool]:
    """The ``clients`` for retention, and whether they say who is new (``date_inscription`` given)."""
    if _lacks(tabs, "clients", ("client_id", "date_inscription")) is None:
        return tabs["clients"], True
    return customers_of_orders(tabs), False
