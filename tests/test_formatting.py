"""French number formats. Expected strings are typed by hand.

French typography: a narrow no-break space (U+202F, written N below) between
groups of thousands and between a number and its unit, never an ordinary space.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpilab
from kpilab import KPIError
from kpilab.formatting import FrenchText, format_value

N = "\u202f"  # narrow no-break space
FORMATTERS = (kpilab.format_number, kpilab.format_percent, kpilab.format_euros, kpilab.format_days)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3.2, f"3,2{N}%"),
        (3, f"3,0{N}%"),
        (12.25, f"12,3{N}%"),  # halves go up, as taught at school
        (0.04, f"0,0{N}%"),
        (-0.04, f"0,0{N}%"),  # never "-0,0"
        (100, f"100,0{N}%"),
        (-4.56, f"-4,6{N}%"),
        (1234.5, f"1{N}234,5{N}%"),
    ],
)
def test_format_percent(value, expected):
    assert kpilab.format_percent(value) == expected


def test_format_percent_digits():
    assert kpilab.format_percent(33.3333, digits=2) == f"33,33{N}%"
    assert kpilab.format_percent(33.5, digits=0) == f"34{N}%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234.5, f"1{N}234,50{N}€"),
        (0, f"0,00{N}€"),
        (59.9, f"59,90{N}€"),
        (1.005, f"1,01{N}€"),  # the written value 1.005 rounds up, whatever its binary form
        (1234567.891, f"1{N}234{N}567,89{N}€"),
        (-20, f"-20,00{N}€"),
        (-1234.5, f"-1{N}234,50{N}€"),
    ],
)
def test_format_euros(value, expected):
    assert kpilab.format_euros(value) == expected


def test_format_number_and_dates():
    assert kpilab.format_number(12000) == f"12{N}000"
    assert kpilab.format_number(1234567) == f"1{N}234{N}567"
    assert kpilab.format_number(999) == "999"
    assert kpilab.format_number(2.5, digits=1) == "2,5"
    assert kpilab.format_date("2025-03-15") == "15/03/2025"
    assert kpilab.format_date(dt.date(2024, 1, 5)) == "05/01/2024"
    assert kpilab.format_date(pd.Timestamp("2025-12-31 18:30")) == "31/12/2025"


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: kpilab.format_days(41.6), f"42{N}jours"),
        (lambda: kpilab.format_days(1), f"1{N}jour"),
        (lambda: kpilab.format_days(0), f"0{N}jour"),
        (lambda: kpilab.format_days(1.5, digits=1), f"1,5{N}jour"),  # singular below 2
        (lambda: kpilab.format_days(1.96, digits=1), f"2,0{N}jours"),  # as shown: 2,0
        (lambda: kpilab.format_days(1234), f"1{N}234{N}jours"),
        (lambda: format_value(1.28, "points"), f"1,3{N}point"),
        (lambda: format_value(-4.0, "points"), f"-4,0{N}points"),
        (lambda: format_value(2.9, "years"), f"2,9{N}ans"),
        (lambda: format_value(1.0, "years"), f"1,0{N}an"),
        (lambda: format_value(18.837, "%"), f"18,8{N}%"),
        (lambda: format_value(239.9205, "€"), f"239,92{N}€"),
        (lambda: format_value(69.75, "jours"), f"70{N}jours"),
        (lambda: format_value(1.8, "ratio"), "1,80"),
        (lambda: format_value(5480707.23, "€", digits=0), f"5{N}480{N}707{N}€"),
    ],
)
def test_units_are_joined_to_their_number(call, expected):
    assert call() == expected


def test_series_and_lists_are_formatted_element_wise():
    series = pd.Series([3.2, 10.0], index=["web", "magasin"])
    formatted = kpilab.format_percent(series)
    assert formatted.to_dict() == {"web": f"3,2{N}%", "magasin": f"10,0{N}%"}
    assert kpilab.format_euros([1, 2.5]) == [f"1,00{N}€", f"2,50{N}€"]


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
    assert text.endswith(f"{N}€")
    digits = text[:-2].replace(N, "").replace(",", "")
    assert int(digits) == cents
    # groups of three digits, from the right, between narrow no-break spaces
    whole = text[:-2].split(",")[0].lstrip("-")
    groups = whole.split(N)
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_float_can_be_formatted_without_an_ordinary_space(value):
    for formatter in FORMATTERS:
        text = formatter(value)
        assert " " not in text and "\u00a0" not in text
    assert kpilab.format_euros(value).endswith(f"{N}€")
    assert kpilab.format_percent(value).endswith(f"{N}%")


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_the_exercises_read_formatted_values_back(value):
    """A student may copy a formatted value as an answer: read_number gives the number back."""
    from kpilab.exercises.engine import read_number

    assert read_number(kpilab.format_euros(value)) == pytest.approx(round(value, 2), abs=0.006)
    assert read_number(kpilab.format_percent(value)) == pytest.approx(value, abs=0.06)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_formatted_values_pass_the_typography_checker(value):
    from kpilab import typography

    for formatter in FORMATTERS:
        text = formatter(value)
        assert typography.problems(f"Le résultat vaut {text}.") == []


def test_numpy_arrays_are_formatted_and_tables_refused():
    assert kpilab.format_percent(np.array([1.5, 2.0])) == [f"1,5{N}%", f"2,0{N}%"]
    with pytest.raises(KPIError):
        kpilab.format_euros(pd.DataFrame({"a": [1.0]}))
    with pytest.raises(KPIError):
        kpilab.format_euros(np.ones((2, 2)))


# --- FrenchText: a str whose repr a student can read -----------------------------------


def test_every_formatter_returns_a_french_text():
    for text in (kpilab.format_number(1), kpilab.format_percent(1), kpilab.format_euros(1),
                 kpilab.format_days(1), kpilab.format_date("2025-01-01"), format_value(1, "points")):
        assert isinstance(text, FrenchText) and isinstance(text, str)
    assert all(isinstance(t, FrenchText) for t in kpilab.format_euros([1, 2]))
    assert all(isinstance(t, FrenchText) for t in kpilab.format_euros(pd.Series([1.0, 2.0])))


def test_repr_shows_the_spaces_not_escapes():
    text = kpilab.format_euros(1234.5)
    assert repr(text) == f"'1{N}234,50{N}€'"
    assert repr(str(text)) == "'1\\u202f234,50\\u202f€'"  # what a plain str would show
    assert repr([text]) == f"['1{N}234,50{N}€']"
    assert repr(FrenchText("a\u00a0: b")) == "'a\u00a0: b'"
    # the rest of repr is Python's: quotes, backslashes and other escapes
    assert repr(FrenchText("l'an\n")) == '"l\'an\\n"'
    assert repr(FrenchText("\\u202f")) == "'\\\\u202f'"  # a backslash typed by hand stays escaped
    assert eval(repr(FrenchText(f"x{N}y\u00a0'\"\\"))) == f"x{N}y\u00a0'\"\\"


def test_ipython_shows_the_spaces():
    from IPython.lib.pretty import pretty

    text = kpilab.format_percent(3.2)
    assert pretty(text) == f"'3,2{N}%'"
    assert pretty({"taux": text}) == f"{{'taux': '3,2{N}%'}}"


def test_french_text_behaves_as_its_str():
    plain = f"3,2{N}%"
    text = kpilab.format_percent(3.2)
    assert text == plain and plain == text and hash(text) == hash(plain)
    assert {plain: 1}[text] == 1 and text in {plain}
    assert type(f"{text}") is str and f"{text}" == plain
    assert type(str(text)) is str and str(text) == plain
    assert f"{text:>8}" == f"   {plain}"
    assert type(text + "!") is str and text + "!" == plain + "!"
    assert text.replace(N, " ") == "3,2 %"
    assert json.dumps(text) == json.dumps(plain) == '"3,2\\u202f%"'
    assert json.dumps({"v": text}, ensure_ascii=False) == f'{{"v": "3,2{N}%"}}'
    assert pickle.loads(pickle.dumps(text)) == plain
    assert len(text) == 5 and text.endswith("%")


def test_french_text_in_pandas():
    series = pd.Series([3.2, 10.0]).map(kpilab.format_percent)
    assert series.tolist() == [f"3,2{N}%", f"10,0{N}%"]
    assert series.str.replace(N, " ").tolist() == ["3,2 %", "10,0 %"]
    assert f"3,2{N}%" in series.to_string()
    assert f"<td>3,2{N}%</td>" in series.to_frame().to_html()
    assert pd.DataFrame({"v": series}).to_csv(index=False, sep=";").splitlines() == ["v", f"3,2{N}%", f"10,0{N}%"]
