"""The grouping engine of kpilab.tables (kpilab/tables/_engine.py) against plain pandas.

The KPI functions call a small interface: ``_keys`` (groups by columns and period), ``_sum_by``
(sums per group), ``_kpi`` (a formula per group, <NA> for a zero denominator) and
``_every_period`` (empty periods as rows). Each is checked here on its own, against what
``groupby`` and ``dt.to_period`` give, on drawn data (missing keys, dates before 1970, weeks,
more possible groups than rows).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpilab.tables import _engine

FREQS = {"M": "M", "Q": "Q", "Y": "Y", "W": "W-SUN", "D": "D"}


def _dates(draw_days: list[int | None]) -> pd.Series:
    stamps = [pd.NaT if d is None else pd.Timestamp("1965-01-01") + pd.Timedelta(days=d) for d in draw_days]
    return pd.Series(pd.to_datetime(pd.Series(stamps, dtype="datetime64[ns]")).astype("datetime64[us]"), name="date")


days = st.lists(st.one_of(st.none(), st.integers(0, 70 * 365)), min_size=1, max_size=60)


@settings(max_examples=150, deadline=None)
@given(days=days, freq=st.sampled_from(sorted(FREQS)))
def test_period_keys_are_the_periods_of_dt_to_period(days, freq):
    dates = _dates(days)
    key = _engine._period_key(dates, freq)
    expected = dates.dt.to_period(FREQS[freq])
    got = [key.values[c] if c >= 0 else pd.NaT for c in key.codes]
    assert [str(p) for p in got] == [str(p) for p in expected]
    assert key.complete == bool(dates.notna().all())
    known = expected.dropna()
    if len(known):  # every period from the first to the last, in order
        assert list(key.values) == list(pd.period_range(known.min(), known.max(), freq=FREQS[freq]))


rows = st.lists(st.tuples(st.sampled_from(["Bellecour", "Gerland", None]), st.sampled_from(["a", "b", "c"]),
                          st.integers(0, 3 * 365), st.integers(1, 9), st.floats(0.01, 2000, allow_nan=False)),
                min_size=1, max_size=80)


@settings(max_examples=120, deadline=None)
@given(rows=rows, period=st.sampled_from([None, "month", "quarter", "week"]), by=st.sampled_from([[], ["shop"], ["shop", "kind"]]))
def test_sums_by_keys_are_pandas_groupby_sums(rows, period, by):
    frame = pd.DataFrame(rows, columns=["shop", "kind", "day", "n", "amount"])
    frame["date"] = pd.Timestamp("2023-01-01") + pd.to_timedelta(frame.pop("day"), unit="D")
    frame["kind"] = frame["kind"].astype(pd.CategoricalDtype(["c", "b", "a"]))  # categories keep their order
    keys = _engine._keys(frame, by, "date", period, "commandes")
    table = _engine._sum_by(frame, keys, {"rows": 1, "n": frame["n"], "amount": frame["amount"]})
    groups = list(by)
    work = frame.assign(rows=1)
    if period is not None:
        work["periode"] = work["date"].dt.to_period(FREQS[_engine._PERIODS[period]])
        groups.append("periode")
    if not groups:
        expected = work[["rows", "n", "amount"]].sum().to_frame("total").T
    else:
        expected = work.groupby(groups, observed=True, sort=True)[["rows", "n", "amount"]].sum()
    assert list(table.index) == list(expected.index)
    assert table["rows"].tolist() == expected["rows"].tolist() and table["n"].tolist() == expected["n"].tolist()
    np.testing.assert_allclose(table["amount"].to_numpy(dtype=float), expected["amount"].to_numpy(dtype=float), rtol=1e-12)


def test_more_possible_groups_than_rows_are_numbered_as_they_occur():
    n = 50
    frame = pd.DataFrame({"a": [f"x{i}" for i in range(n)], "b": [f"y{i}" for i in range(n)],
                          "c": [f"z{i}" for i in range(n)], "v": np.arange(n)})
    keys = [_engine._column_key(frame[c]) for c in "abc"]  # 125 000 combinations, 50 present
    table = _engine._sum_by(frame, keys, {"v": frame["v"]})
    expected = frame.groupby(["a", "b", "c"], sort=True)["v"].sum()
    assert list(table.index) == list(expected.index) and table["v"].tolist() == expected.tolist()


def test_a_zero_denominator_gives_na_never_zero():
    table = pd.DataFrame({"ventes": [3, 0, 5], "leads": [10, 0, 0]})
    rates = _engine._kpi(table, "ventes", "leads", lambda top, bottom: top / bottom * 100)
    assert rates.iloc[0] == pytest.approx(30.0) and rates.iloc[1:].isna().all()


def test_every_period_adds_the_empty_periods_as_rows():
    frame = pd.DataFrame({"date": pd.to_datetime(["2025-01-05", "2025-03-20"]), "amount": [10.0, 30.0]})
    table = _engine._sum_by(frame, _engine._keys(frame, None, "date", "month", "commandes"),
                            {"rows": 1, "amount": frame["amount"]})
    full = _engine._every_period(table, pd.period_range("2025-01", "2025-04", freq="M"))
    assert [str(p) for p in full.index] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert full["rows"].tolist() == [1, 0, 1, 0] and full["amount"].tolist() == [10.0, 0.0, 30.0, 0.0]
