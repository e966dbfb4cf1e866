"""The grouping engine behind :mod:`kpilab.tables`: period keys, group sums, safe divisions.

The KPI functions of the package call a small interface: :func:`_keys` (the
groups of a table by columns and period), :func:`_sum_by` (sums per group),
:func:`_kpi` (a formula applied per group, ``<NA>`` where the denominator is
zero) and the checks :func:`_require`, :func:`_dates`, :func:`_matchable`.
The integer machinery that makes them fast on a million orders lives here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from kpilab import formulas
from kpilab.errors import KPIError

_PERIODS = {
    "month": "M", "mois": "M", "m": "M",
    "quarter": "Q", "trimestre": "Q", "q": "Q",
    "year": "Y", "annee": "Y", "année": "Y", "y": "Y",
    "week": "W", "semaine": "W", "w": "W",  # Monday to Sunday (pandas' W-SUN)
    "day": "D", "jour": "D", "d": "D",
}
_PERIOD_WORDS = {"M": "mois", "Q": "trimestre", "Y": "année", "W": "semaine", "D": "jour"}
_NAT = np.iinfo("int64").min  # how numpy and pandas store NaT in int64
_PER_DAY = {"D": 1, "h": 24, "m": 24 * 60, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


# --- shared steps --------------------------------------------------------------


def _require(df, columns: Sequence[str], table: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise KPIError(
            f"Il faut le tableau `{table}` (un DataFrame, par exemple "
            f"datasets.load('{table}')) ; tu as donné un objet de type {type(df).__name__}."
        )
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KPIError(
            f"Le tableau `{table}` n'a pas la (les) colonne(s) {', '.join(missing)}. "
            f"Colonnes disponibles : {', '.join(map(str, df.columns))}."
        )


def _freq(period) -> str | None:
    if period is None:
        return None
    freq = _PERIODS.get(str(period).lower())
    if freq is None:
        raise KPIError(
            f"`period` vaut {period!r} : choisis 'month' (mois), 'quarter' "
            "(trimestre), 'year' (année) ou None (toute la période)."
        )
    return freq


def _by_list(by) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _dates(df: pd.DataFrame, column: str, table: str) -> pd.Series:
    """The column as dates, or a French error naming the conversion that fits what it holds."""
    dates = df[column]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        raise KPIError(
            f"La colonne `{column}` du tableau `{table}` doit contenir des dates ; elle est de type "
            f"{dates.dtype}{_date_advice(dates, f'{table}[{column!r}]')}"
        )
    return dates


_DAY_MONTH_YEAR = r"\d{1,2}/\d{1,2}/\d{4}"
_ISO_DAY = r"\d{4}-\d{2}-\d{2}"


def _date_advice(values: pd.Series, name: str) -> str:
    """The end of the message of :func:`_dates`: an example of the values and the conversion to do.

    >>> print(_date_advice(pd.Series([20250314]), "t['date']").split("avec ")[1])
    pd.to_datetime(t['date'].astype(str), format="%Y%m%d").
    """
    sample = values.dropna()[:200]
    shown = f" (par exemple {sample.iloc[0]!r})" if len(sample) else ""
    text = sample.astype(str).str.strip()
    if len(sample) and pd.api.types.is_numeric_dtype(sample.dtype) and text.str.fullmatch(r"(19|20)\d{6}(\.0)?").all():
        return f"{shown}, des nombres comme 20250314 : convertis-la avec pd.to_datetime({name}.astype(str), format=\"%Y%m%d\")."
    if len(sample) and text.str.fullmatch(_DAY_MONTH_YEAR).all():
        return f"{shown}, du texte comme 14/03/2025 : convertis-la avec pd.to_datetime({name}, format=\"%d/%m/%Y\")."
    if len(sample) and text.str.fullmatch(_ISO_DAY).all():
        return f"{shown}, du texte comme 2025-03-14 : convertis-la avec pd.to_datetime({name}, format=\"%Y-%m-%d\")."
    return (f"{shown}. Importe ton fichier avec datasets.import_orders(...) : il reconnaît les dates et te montre "
            "les lignes qu'il ne comprend pas.")


@dataclass(frozen=True)
class _Key:
    """A grouping key as integers: row i stands for ``values[codes[i]]``, or is missing (-1)."""

    name: str
    codes: np.ndarray  # int64; a new array, which the caller may change
    values: pd.Index  # sorted, as groupby(sort=True) orders them
    complete: bool  # no missing value (no -1 in codes)


def _ordinal_key(ordinals: np.ndarray, freq: str) -> _Key:
    """The key of pandas' ``Period.ordinal`` numbers (``NaT`` when missing)."""
    known = ordinals != _NAT
    complete = bool(known.all())
    low, high = (ordinals[known].min(), ordinals[known].max()) if known.any() else (0, -1)
    codes = ordinals - low if complete else np.where(known, ordinals - low, -1)
    return _Key("periode", codes, pd.PeriodIndex.from_ordinals(np.arange(low, high + 1), freq=freq), complete)


def _period_key(dates: pd.Series, freq: str) -> _Key:
    """The period (``"M"``, ``"Q"``, ``"Y"``, ``"W"`` or ``"D"``) of each date, from the first period to the last.

    The same periods as ``dates.dt.to_period(freq)``, about three times faster
    on a million dates: for months, quarters and years the calendar is worked
    out once per distinct day, then looked up; days and weeks (Monday to
    Sunday, pandas' ``W-SUN``) are integer divisions of the day number.
    """
    if not isinstance(dates.dtype, np.dtype):  # with a time zone: pandas' own conversion
        return _ordinal_key(dates.dt.to_period(freq).array.asi8, freq)
    unit, count = np.datetime_data(dates.dtype)
    per_day = _PER_DAY[unit] // count
    stamps = dates.to_numpy().view("int64")
    if freq in ("W", "D"):  # days since 1970 (floor), and the weeks Monday to Sunday that hold them
        days = stamps // per_day
        ordinals = days if freq == "D" else (days + 3) // 7 + 1
        return _ordinal_key(np.where(stamps != _NAT, ordinals, _NAT), freq)
    smallest = stamps.min() if len(stamps) else _NAT
    complete = smallest != _NAT or not len(stamps)  # NaT is the smallest int64
    known = None if complete else stamps != _NAT
    kept = stamps if complete else stamps[known]
    if not len(kept):
        return _Key("periode", np.full(len(stamps), -1), pd.PeriodIndex([], freq=freq), complete)
    low = (smallest if complete else kept.min()) // per_day  # floor: days before 1970 stay right
    high = kept.max() // per_day
    start = 0 if 0 <= low and high < 2**20 else low  # a calendar from 1970 on: no shift of the days
    days = kept // per_day
    if start:
        days -= start
    months = np.arange(start, high + 1).astype("datetime64[D]").astype("datetime64[M]").view("int64")
    ordinals = {"M": months, "Q": months // 3, "Y": months // 12}[freq]  # of each day of the calendar
    first, last = ordinals[low - start], ordinals[-1]
    codes = (ordinals - first)[days]
    if not complete:
        codes, known_codes = np.full(len(stamps), -1), codes
        codes[known] = known_codes
    return _Key("periode", codes, pd.PeriodIndex.from_ordinals(np.arange(first, last + 1), freq=freq), complete)


def _period_ordinals(dates: pd.Series, freq: str) -> np.ndarray:
    """pandas' ``Period.ordinal`` of each date, ``NaT`` for a missing one."""
    key = _period_key(dates, freq)
    first = key.values.asi8[0] if len(key.values) else 0
    return key.codes + first if key.complete else np.where(key.codes >= 0, key.codes + first, _NAT)


def _column_key(column: pd.Series) -> _Key:
    """A column as a key: categories keep their order, other values are sorted."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        values = pd.CategoricalIndex(column.cat.categories, dtype=column.dtype)
    else:
        codes, values = pd.factorize(column, sort=True)
        values = pd.Index(values)
    return _Key(column.name, codes.astype("int64"), values, codes.min(initial=0) >= 0)


def _keys(df: pd.DataFrame, by, date_column: str | None, period, table: str) -> list[_Key]:
    """The grouping keys: the ``by`` columns, then the period of ``date_column``."""
    columns = _by_list(by)
    _require(df, columns, table)
    keys = [_column_key(df[c]) for c in columns]
    freq = _freq(period)
    if freq is not None:
        keys.append(_period_key(_dates(df, date_column, table), freq))
    return keys


@dataclass(frozen=True)
class _Groups:
    """Rows coded by group: ``code[i]`` in ``range(size)``, -1 for a row left out (missing key).

    Code k stands for the combination ``combined[k]`` of the keys' codes
    (mixed radix), or k itself when ``combined`` is None.
    """

    keys: list[_Key]
    code: np.ndarray
    known: np.ndarray | None  # the rows kept; None when they all are
    size: int
    combined: np.ndarray | None

    @cached_property
    def counts(self) -> np.ndarray:
        """Rows per code."""
        return np.bincount(self.code if self.known is None else self.code[self.known], minlength=self.size)

    @cached_property
    def present(self) -> np.ndarray:
        """The codes that occur, in the order of the sorted keys."""
        return np.flatnonzero(self.counts) if self.combined is None else np.arange(self.size)

    @cached_property
    def index(self) -> pd.Index:
        """The keys of the present codes, as groupby(keys, observed=True, sort=True) labels them."""
        combined = self.present if self.combined is None else self.combined
        level_codes = []
        for key in reversed(self.keys):
            level_codes.insert(0, combined % len(key.values))
            combined = combined // len(key.values)
        if len(self.keys) == 1:
            return self.keys[0].values.take(level_codes[0]).rename(self.keys[0].name)
        return pd.MultiIndex(levels=[key.values for key in self.keys], codes=level_codes,
                             names=[key.name for key in self.keys])

    @staticmethod
    def countable(values) -> bool:
        """Whether :meth:`sums` is exact: one integer for every row, or integers small enough for float64."""
        if isinstance(values, (int, np.integer)):
            return True
        if values.dtype.kind not in "iub" or not len(values):
            return False
        return max(-int(values.min()), int(values.max())) * len(values) < 2**53

    def sums(self, values) -> np.ndarray:
        """Sums per present group by ``np.bincount``, of :meth:`countable` values.

        ``values`` is an array, or one integer for every row (1 counts the rows).
        """
        if isinstance(values, (int, np.integer)):
            return self.counts[self.present] * int(values)
        code, weights = (self.code, values) if self.known is None else (self.code[self.known], values[self.known])
        return np.bincount(code, weights=weights, minlength=self.size)[self.present].astype("int64")

    def grouped(self, values: pd.Series):
        """pandas' groupby of ``values`` on the codes: one result per code, keep ``[present]``."""
        categories = pd.Categorical.from_codes(self.code, categories=pd.RangeIndex(self.size))
        return values.groupby(categories, observed=False, sort=True)


def _groups(keys: list[_Key]) -> _Groups:
    """One integer code per row for the combination of the keys (mixed radix over their codes)."""
    code, size = keys[0].codes, len(keys[0].values)  # a new array: changed in place
    for key in keys[1:]:
        code *= len(key.values)
        code += key.codes
        size *= len(key.values)
    known = None if all(key.complete for key in keys) else np.logical_and.reduce([key.codes >= 0 for key in keys])
    combined = None
    if size > 2 * len(code) + 1024:  # more possible groups than rows: number the ones that occur
        kept = code if known is None else code[known]
        dense, combined = pd.factorize(kept, sort=True)
        code[known if known is not None else slice(None)] = dense
        size = len(combined)
    if known is not None:
        code[~known] = -1
    return _Groups(keys, code, known, size, combined)


def _sum_by(df: pd.DataFrame, keys: list[_Key], columns: dict[str, pd.Series | int]) -> pd.DataFrame:
    """Sum the given Series per key; one "total" row when there is no key.

    A column given as the number 1 counts the rows.

    The same table as pandas' ``groupby(keys, observed=True, sort=True).sum()``,
    faster on a million rows: the keys become one integer code per row;
    integers are summed by ``np.bincount`` and the other columns by pandas on
    that single code (compensated sums, as groupby does), on a second thread
    for large tables.
    """
    if not keys:
        frame = pd.DataFrame(columns, index=df.index)
        return frame.sum().to_frame("total").T.astype(frame.dtypes.to_dict())
    groups = _groups(keys)
    arrays = {name: column if np.isscalar(column) else column.to_numpy() for name, column in columns.items()}
    by_pandas = [name for name, values in arrays.items() if not groups.countable(values)]

    def pandas_sums() -> dict:
        return {name: groups.grouped(columns[name]).sum().array for name in by_pandas}

    later = _start(pandas_sums) if by_pandas and len(df) >= _BACKGROUND_ROWS else None
    sums = {name: groups.sums(values) for name, values in arrays.items() if name not in by_pandas}
    for name, values in (later.result() if later is not None else pandas_sums()).items():
        sums[name] = values[groups.present]
    return pd.DataFrame({name: sums[name] for name in columns}, index=groups.index)


def _every_period(table: pd.DataFrame, periods: pd.Index) -> pd.DataFrame:
    """The table with a row for each of ``periods`` (its last index level) per segment present; new rows count 0.

    >>> t = pd.DataFrame({"n": [3]}, index=pd.PeriodIndex(["2025-03"], freq="M", name="periode"))
    >>> _every_period(t, pd.period_range("2025-02", "2025-04", freq="M"))["n"].tolist()
    [0, 3, 0]
    """
    index = table.index
    if not isinstance(index, pd.MultiIndex):
        if index.equals(periods):
            return table
        return table.reindex(pd.Index(periods, name=index.name), fill_value=0)
    segments = index.droplevel(-1).unique()
    if len(index) == len(segments) * len(periods) and index.get_level_values(-1)[:len(periods)].equals(periods):
        return table
    inner, outer = np.tile(np.arange(len(periods)), len(segments)), np.repeat(np.arange(len(segments)), len(periods))
    levels = segments.take(outer)
    arrays = [levels.get_level_values(i) for i in range(levels.nlevels)] if isinstance(levels, pd.MultiIndex) else [levels]
    full = pd.MultiIndex.from_arrays([*arrays, pd.Index(periods).take(inner)], names=index.names)
    return table.reindex(full, fill_value=0)


_BACKGROUND_ROWS = 500_000  # under this, a second thread costs more time than it saves
_pool = None


def _start(function: Callable):
    """Start ``function()`` on a second thread and return its future.

    pandas' and NumPy's loops release the GIL, so on a laptop's second core
    the compensated sums of pandas run while NumPy counts (the order-value
    table of 4.9 million orders: 108 ms instead of 147 ms on two cores).
    """
    global _pool
    if _pool is None:
        from concurrent.futures import ThreadPoolExecutor

        _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kpilab")
    return _pool.submit(function)


def _matchable(ids: pd.Index, table: str, column: str, what: str) -> pd.Index:
    """Ids ready for ``get_indexer``: a French error for an id found twice; a missing id matches nothing."""
    repeated = ids[ids.duplicated() & ids.notna()]
    if len(repeated):
        raise KPIError(f"Le tableau `{table}` contient plusieurs lignes pour {what} {repeated[0]!r} : "
                       f"chaque {column} ne doit y figurer qu'une fois.")
    return ids.where(ids.notna(), [object() for _ in range(len(ids))])  # a mark per row, equal to nothing


def _kpi(table: pd.DataFrame, numerator: str, denominator: str, formula: Callable) -> pd.Series:
    """Apply a formula row by row; rows with a zero denominator get <NA>."""
    bottom = table[denominator].to_numpy(dtype="float64", na_value=np.nan)
    defined = bottom > 0  # False for NaN too
    values = np.zeros(len(table))
    if defined.any():
        top = table[numerator].to_numpy(dtype="float64", na_value=np.nan)
        values[defined] = formula(top[defined], bottom[defined])
    return pd.Series(pd.arrays.FloatingArray(values, ~defined), index=table.index)

def _as_text(ids: pd.Series) -> pd.Series:
    if isinstance(ids.dtype, pd.StringDtype):
        return ids
    if pd.api.types.is_float_dtype(ids.dtype) and (ids.dropna() % 1 == 0).all():
        ids = ids.astype("Int64")  # 42.0 (a number column with blanks) is the customer 42
    return ids.astype(str).where(ids.notna())  # e.g. numbers read from a student's file



def _on_day(day) -> str:
    """``le 12/03/2024``, or ``sans date`` for a missing one (in an error message)."""
    return f"le {day:%d/%m/%Y}" if pd.notna(day) else "sans date"



def _margin_share(table: pd.DataFrame, cost: str = "cout_achat_ht") -> pd.Series:
    """Taux de marque = (ventes HT − coût d'achat HT) ÷ ventes HT × 100 per row; <NA> without sales.

    With ``cost="cout_variable_ht"`` it is a shop's taux de marge sur coût variable.
    """
    return _kpi(table, cost, "chiffre_affaires_ht", lambda cost, sales: formulas.gross_margin_rate(sales, cost))

