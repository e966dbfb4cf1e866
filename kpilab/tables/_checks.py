"""The steps every table of orders goes through before a KPI is counted.

- :func:`sales`: the rows a KPI can use, the others set aside with a
  :class:`~kpilab.errors.KPIWarning` that counts them (avoirs, 0 € orders,
  missing amounts, missing dates, exact duplicates: the refund rule of
  :mod:`kpilab.tables`); implausible dates are a :class:`~kpilab.errors.KPIError`;
- :func:`coverage`: the days a table of orders covers
  (``attrs["periode_couverte"]``, else its first and last date);
- :func:`by_period`: every period of the coverage as a row, and the partial
  ones named in a warning and in ``attrs["periodes_partielles"]``;
- :func:`same_ids` and :func:`unmatched`: customer ids of two tables that
  cannot match.

>>> orders = pd.DataFrame({"date": pd.to_datetime(["2025-01-02", "2025-01-03"]), "montant_ht": [40.0, -40.0]})
>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     kept = sales(orders)
>>> len(kept.frame), str(caught[0].message).startswith("1 avoir")
(1, True)
"""

from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpilab.errors import KPIError, KPIWarning
from kpilab.formatting import format_number
from kpilab.tables._engine import _PERIODS, _dates, _every_period

EARLIEST = pd.Timestamp("1990-01-01")  # before it, a date is a typo or a bad conversion (1970)
_SHOWN = 3  # row labels named in a message
_UNMATCHED_SHARE = 0.01  # above this share of customers missing from `clients`, a warning
_HERE = os.path.dirname(os.path.abspath(__file__))
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre")


def latest() -> pd.Timestamp:
    """The last plausible day of an order: tomorrow."""
    return pd.Timestamp.today().normalize() + pd.Timedelta(days=1)


def warn(message: str) -> None:
    """A :class:`KPIWarning` shown at the student's line, not inside kpilab.tables."""
    frame, level = sys._getframe(0), 1
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _HERE:
        frame, level = frame.f_back, level + 1
    warnings.warn(KPIWarning(message), stacklevel=level)


def _rows(labels) -> str:
    """``ligne 12 du tableau`` or ``lignes 12, 57, 98… du tableau``."""
    shown = ", ".join(str(label) for label in list(labels[:_SHOWN]))
    more = "…" if len(labels) > _SHOWN else ""
    return f"{'ligne' if len(labels) == 1 else 'lignes'} {shown}{more} du tableau"


def _count(n: int, singular: str, plural: str) -> str:
    return f"{format_number(n)} {singular if n == 1 else plural}"


def _day(stamp) -> str:
    return f"{stamp:%d/%m/%Y}"


def _naive(dates: pd.Series) -> pd.Series:
    return dates.dt.tz_localize(None) if getattr(dates.dt, "tz", None) is not None else dates


def _ends(dates: pd.Series):
    """The first and last date (NaT when there is none), and whether a date is missing: one pass each."""
    if isinstance(dates.dtype, np.dtype) and len(dates):  # no time zone: the int64 stamps, NaT the smallest
        stamps = dates.to_numpy().view("int64")
        low, high = stamps.min(), stamps.max()
        missing = low == np.iinfo("int64").min
        if not missing:
            unit = np.datetime_data(dates.dtype)[0]
            return pd.Timestamp(np.datetime64(int(low), unit)), pd.Timestamp(np.datetime64(int(high), unit)), False
    dates = _naive(dates)
    return dates.min(), dates.max(), bool(dates.isna().any())


def plausible(dates: pd.Series, table: str, column: str, ends=None) -> None:
    """A French error for a date before 1990 or after tomorrow, naming it and its row."""
    low, high, _ = ends or _ends(dates)
    if pd.isna(low) or (low >= EARLIEST and high <= latest()):
        return
    dates = _naive(dates)
    bad = ((dates < EARLIEST) | (dates > latest())).to_numpy()
    labels, first = dates.index[bad], dates[bad].iloc[0]
    many = f"{format_number(int(bad.sum()))} dates invraisemblables, dont " if bad.sum() > 1 else ""
    raise KPIError(
        f"La colonne `{column}` du tableau `{table}` contient {many}le {_day(first)} ({_rows(labels)}) : "
        f"une date doit tomber entre le {_day(EARLIEST)} et demain. C'est sans doute une faute de frappe "
        "(2097 pour 2027), une date de remplacement (31/12/9999) ou une conversion ratée (1970). Corrige-la, "
        "ou importe ton fichier avec datasets.import_orders(...), qui met ces lignes de côté et te les montre."
    )


def coverage(frame: pd.DataFrame, dates: pd.Series, ends=None) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """``frame.attrs["periode_couverte"]``, else the first and last date of ``dates`` (None without any)."""
    given = frame.attrs.get("periode_couverte")
    if given is not None:
        start, end = (pd.Timestamp(day) for day in given)
        return (start.tz_localize(None) if start.tz else start).normalize(), (end.tz_localize(None) if end.tz else end).normalize()
    low, high, _ = ends or _ends(dates)
    return None if pd.isna(low) else (low.normalize(), high.normalize())


@dataclass(frozen=True)
class Orders:
    """The rows of ``commandes`` a KPI counts, and the days the whole table covers."""

    frame: pd.DataFrame
    coverage: tuple[pd.Timestamp, pd.Timestamp] | None


def _amounts(commandes: pd.DataFrame, table: str) -> np.ndarray:
    try:
        return commandes["montant_ht"].to_numpy(dtype="float64", na_value=np.nan)
    except (TypeError, ValueError):
        raise KPIError(
            f"La colonne `montant_ht` du tableau `{table}` doit contenir des nombres (elle est de type "
            f"{commandes['montant_ht'].dtype}) : importe ton fichier avec datasets.import_orders(...), qui lit "
            "les montants à la française (1 234,50)."
        ) from None


def _duplicates(commandes: pd.DataFrame, kept: np.ndarray, table: str) -> np.ndarray:
    """The rows that repeat an earlier row exactly (same ``commande_id``, same values); an error when they differ."""
    ids = commandes["commande_id"]
    if pd.Index(ids).is_unique:
        return np.zeros(len(commandes), dtype=bool)
    repeated = (ids.duplicated(keep=False) & ids.notna()).to_numpy() & kept
    same = np.zeros(len(commandes), dtype=bool)
    subset = commandes[repeated]
    same[np.flatnonzero(repeated)[subset.duplicated(keep="first").to_numpy()]] = True
    differing = subset[~subset.duplicated(keep=False)]
    if len(differing):
        first = differing["commande_id"].iloc[0]
        labels = subset.index[(subset["commande_id"] == first).to_numpy()]
        raise KPIError(
            f"La commande {first!r} est sur plusieurs lignes avec des valeurs différentes ({_rows(labels)}) : "
            f"le tableau `{table}` doit avoir une ligne par commande. Si ton fichier a une ligne par article, "
            "importe-le avec datasets.import_orders(...)."
        )
    return same


def sales(commandes: pd.DataFrame, table: str = "commandes", *, unique: bool = True) -> Orders:
    """The rows a KPI counts: a date, and with a ``montant_ht`` column a positive amount.

    The others are left out, each reason counted in a :class:`KPIWarning`;
    with ``unique`` (and a ``commande_id`` column), an exact copy of an
    earlier row too. The refund rule: :mod:`kpilab.tables`.
    """
    dates = _dates(commandes, "date", table)
    ends = _ends(dates)
    plausible(dates, table, "date", ends)
    cover = coverage(commandes, dates, ends)
    no_date = dates.isna().to_numpy() if ends[2] else np.zeros(len(commandes), dtype=bool)
    reasons = [(no_date, "commande sans date laissée de côté", "commandes sans date laissées de côté")]
    if "montant_ht" in commandes:
        amounts = _amounts(commandes, table)
        if not (amounts > 0).all():
            reasons += [
                (np.isnan(amounts), "commande sans montant laissée de côté", "commandes sans montant laissées de côté"),
                (amounts < 0, "avoir (montant négatif) laissé de côté : un avoir n'est pas une vente",
                 "avoirs (montant négatif) laissés de côté : un avoir n'est pas une vente"),
                (amounts == 0, "commande à 0 € laissée de côté : ni vente ni avoir",
                 "commandes à 0 € laissées de côté : ni vente ni avoir"),
            ]
    left_out = np.zeros(len(commandes), dtype=bool)
    messages = []
    for mask, singular, plural in reasons:
        if not mask.any():
            continue
        mask = mask & ~left_out
        if mask.any():
            messages.append(f"{_count(int(mask.sum()), singular, plural)} ({_rows(commandes.index[mask])}).")
            left_out |= mask
    if unique and "commande_id" in commandes:
        twice = _duplicates(commandes, ~left_out, table)
        if twice.any():
            messages.append(f"{_count(int(twice.sum()), 'commande en double laissée de côté', 'commandes en double laissées de côté')} "
                            f"(même commande_id et mêmes valeurs qu'une ligne plus haut : {_rows(commandes.index[twice])}).")
            left_out |= twice
    if not messages:
        return Orders(commandes, cover)
    if any("avoir" in m or "0 €" in m for m in messages):
        messages.append("Règle des avoirs : help(kpilab.tables).")
    warn(" ".join(messages))
    return Orders(commandes[~left_out], cover)


def period_range(cover, values: pd.PeriodIndex, freq: str) -> pd.PeriodIndex:
    """Every period from the first to the last of the coverage (and of the data, if it goes beyond)."""
    ends = list(values[[0, -1]]) if len(values) else []
    if cover is not None:
        ends += [pd.Period(cover[0], freq), pd.Period(cover[1], freq)]
    if not ends:
        return pd.PeriodIndex([], freq=freq)
    return pd.period_range(min(ends), max(ends), freq=freq)


def _label(period: pd.Period) -> tuple[str, str, str, str]:
    """The period in a sentence: its name, "couvert(e)", its pronoun, and the whole period."""
    code = period.freqstr[0]
    if code == "M":
        month = _MONTHS[period.month - 1]
        return f"Le mois {'d' + chr(39) if month[0] in 'ao' else 'de '}{month} {period.year}", "couvert", "le", "un mois complet"
    if code == "Q":
        return f"Le trimestre T{period.quarter} {period.year}", "couvert", "le", "un trimestre complet"
    if code == "W":
        return (f"La semaine du {_day(period.start_time)} au {_day(period.end_time)}", "couverte", "la",
                "une semaine complète")
    if code == "D":
        return f"Le {_day(period.start_time)}", "couvert", "le", "un jour complet"
    return str(period.year), "couverte", "la", "une année complète"


def short(period: pd.Period) -> str:
    """The period in a list: ``2025``, ``T1 2025``, ``mars 2025``, ``semaine du 03/03/2025``, ``03/03/2025``."""
    code = period.freqstr[0]
    if code == "M":
        return f"{_MONTHS[period.month - 1]} {period.year}"
    if code == "Q":
        return f"T{period.quarter} {period.year}"
    if code == "W":
        return f"semaine du {_day(period.start_time)}"
    if code == "D":
        return _day(period.start_time)
    return str(period.year)


def partial_periods(periods: pd.PeriodIndex, cover) -> list[pd.Period]:
    """The periods not fully inside the coverage."""
    if cover is None or not len(periods):
        return []
    outside = (periods.start_time < cover[0]) | (periods.end_time.normalize() > cover[1])
    return list(periods[np.asarray(outside)])


def note_partial(table: pd.DataFrame, periods: pd.PeriodIndex, cover) -> pd.DataFrame:
    """``attrs["periodes_partielles"]``, and a warning naming each partial period."""
    partial = partial_periods(periods, cover)
    table.attrs["periodes_partielles"] = partial
    sentences = []
    for period in partial:
        name, covered, pronoun, whole = _label(period)
        start, end = max(period.start_time, cover[0]), min(period.end_time.normalize(), cover[1])
        if start > end:
            sentences.append(f"{name} est hors de la période couverte par le tableau (du {_day(cover[0])} au "
                             f"{_day(cover[1])}) : ne {pronoun} compare pas à {whole}.")
        else:
            sentences.append(f"{name} n'est {covered} que du {_day(start)} au {_day(end)} : "
                             f"ne {pronoun} compare pas à {whole}.")
    if sentences:
        warn(" ".join(sentences))
    return table


def by_period(table: pd.DataFrame, orders: Orders, period, values: pd.PeriodIndex | None = None) -> pd.DataFrame:
    """With a ``period``: a row for every period of the coverage (empty ones count 0), partial ones noted."""
    if period is None:
        return table
    freq = _PERIODS[str(period).lower()]
    if values is None:
        level = table.index.get_level_values(-1) if len(table) else pd.PeriodIndex([], freq=freq)
        values = pd.PeriodIndex(level, freq=freq)
    periods = period_range(orders.coverage, values, freq)
    return note_partial(_every_period(table, periods), periods, orders.coverage)


def _kind(ids: pd.Series) -> str:
    """``"nombres"`` or ``"texte"``: what the ids of a column are."""
    if pd.api.types.is_numeric_dtype(ids.dtype):
        return "nombres"
    if isinstance(ids.dtype, pd.StringDtype):
        return "texte"
    first = ids[:1000].dropna()[:1]  # mixed objects: the first id given (most often among the first rows)
    if not len(first):
        first = ids.dropna()[:1]
    return "nombres" if len(first) and isinstance(first.iloc[0], (int, float, np.number)) else "texte"


def same_ids(commandes: pd.DataFrame, clients: pd.DataFrame) -> None:
    """A French error when the two tables' ``client_id`` are not the same kind (numbers vs text)."""
    ours, theirs = _kind(commandes["client_id"]), _kind(clients["client_id"])
    if ours == theirs:
        return
    example = {name: frame["client_id"].dropna()[:1] for name, frame in (("commandes", commandes), ("clients", clients))}
    shown = {name: repr(values.iloc[0]) if len(values) else "" for name, values in example.items()}
    words = {"nombres": "des nombres", "texte": "du texte"}
    raise KPIError(
        f"Les client_id de `commandes` sont {words[ours]} (par exemple {shown['commandes']}) et ceux de "
        f"`clients` {words[theirs]} (par exemple {shown['clients']}) : ils ne se correspondent pas. Un nombre "
        "perd les zéros du début (00042 devient 42). Lis les identifiants comme du texte : "
        "datasets.import_orders(...), ou pd.read_csv(..., dtype={\"client_id\": str}) pour les deux fichiers."
    )


def unmatched(rows: np.ndarray, buyers: int) -> None:
    """A warning when many customers who ordered are missing from ``clients`` (``rows`` -1 for them)."""
    missing = int((rows < 0).sum())
    if buyers and missing > _UNMATCHED_SHARE * buyers:
        warn(f"{_count(missing, 'client', 'clients')} de `commandes` (sur {format_number(buyers)}) "
             f"{'est absent' if missing == 1 else 'sont absents'} du tableau `clients` : leur segment et leur date "
             "d'inscription sont inconnus. Vérifie que les client_id s'écrivent pareil dans les deux "
             "tableaux (00042 et 42 ne se correspondent pas).")


def date_column(frame: pd.DataFrame, column: str, table: str) -> pd.Series:
    """A date column checked: datetime, and plausible."""
    dates = _dates(frame, column, table)
    plausible(dates, table, column)
    return dates

