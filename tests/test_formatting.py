"""French number formats. Expected strings are typed by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpilab
from kpilab import KPIError

S = " "  # spaces are plain spaces


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3.2, f"3,2{S}%"),
        (3, f"3,0{S}%"),
        (12.25, f"12,3{S}%"),  # halves go up, as taught at school
        (0.04, f"0,0{S}%"),
        (-0.04, f"0,0{S}%"),  # never "-0,0"
        (100, f"100,0{S}%"),
        (-4.56, f"-4,6{S}%"),
        (1234.5, f"1{S}234,5{S}%"),
    ],
)
def test_format_percent(value, expected):
    assert kpilab.format_percent(value) == expected


def test_format_percent_digits():
    assert kpilab.format_percent(33.3333, digits=2) == f"33,33{S}%"
    assert kpilab.format_percent(33.5, digits=0) == f"34{S}%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234.5, f"1{S}234,50{S}€"),
        (0, f"0,00{S}€"),
        (59.9, f"59,90{S}€"),
        (1.005, f"1,01{S}€"),  # the written value 1.005 rounds up, whatever its binary form
        (1234567.891, f"1{S}234{S}567,89{S}€"),
        (-20, f"-20,00{S}€"),
    ],
)
def test_format_euros(value, expected):
    assert kpilab.format_euros(value) == expected


def test_format_number_days_and_dates():
    assert kpilab.format_number(1234567) == f"1{S}234{S}567"
    assert kpilab.format_number(2.5, digits=1) == "2,5"
    assert kpilab.format_days(41.6) == f"42{S}jours"
    assert kpilab.format_days(1) == f"1{S}jour"
    assert kpilab.format_date("2025-03-15") == "15/03/2025"
    assert kpilab.format_date(dt.date(2024, 1, 5)) == "05/01/2024"
    assert kpilab.format_date(pd.Timestamp("2025-12-31 18:30")) == "31/12/2025"


def test_series_and_lists_are_formatted_element_wise():
    series = pd.Series([3.2, 10.0], index=["web", "magasin"])
    formatted = kpilab.format_percent(series)
    assert formatted.to_dict() == {"web": f"3,2{S}%", "magasin": f"10,0{S}%"}
    assert kpilab.format_euros([1, 2.5]) == [f"1,00{S}€", f"2,50{S}€"]


@pytest.mark.parametrize("bad", [None, float("nan"), "beaucoup", True])
def test_bad_values_give_a_french_error(bad):
    with pytest.raises(KPIError):
        kpilab.format_percent(bad)
    with pytest.raises(KPIError):
        kpilab.format_euros(bad)


def test_bad_digits():
    with pytest.raises(KPIError, match="décimales"):
        kpilab.format_percent(3.2, digits=-1)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_euros_read_back_to_the_same_cents(cents):
    """Second method: parse the French text back and compare to the integer cents."""
    text = kpilab.format_euros(cents / 100)
    assert text.endswith(f"{S}€")
    digits = text[: -2].replace(S, "").replace(",", "")
    assert int(digits) == cents


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_float_can_be_formatted(value):
    assert kpilab.format_euros(value).endswith(" €")
    assert kpilab.format_percent(value).endswith(" %")


def test_numpy_arrays_are_formatted_and_tables_refused():
    import numpy as np

    assert kpilab.format_percent(np.array([1.5, 2.0])) == ["1,5 %", "2,0 %"]
    with pytest.raises(KPIError):
        kpilab.format_euros(pd.DataFrame({"a": [1.0]}))
    with pytest.raises(KPIError):
        kpilab.format_euros(np.ones((2, 2)))
