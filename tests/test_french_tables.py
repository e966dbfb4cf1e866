"""pandas tables shown in French: the strings are written by hand here."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from kpilab import french_tables as ft

N = "\u202f"  # narrow no-break space


def _cells(line: str) -> list[str]:
    return re.split(" +", line.strip())


def test_floats_get_a_decimal_comma_and_grouped_thousands():
    frame = pd.DataFrame({"ca": [1099.0, 123456.789], "taux": [23.429542, 5.0]})
    view = ft.shown(frame)
    assert list(view["ca"]) == [f"1{N}099,00", f"123{N}456,79"]
    assert list(view["taux"]) == ["23,43", "5,00"]


def test_decimals_are_the_fewest_that_show_the_column_to_two_places():
    assert list(ft.shown(pd.DataFrame({"j": [45.5, 43.5]}))["j"]) == ["45,5", "43,5"]
    assert list(ft.shown(pd.DataFrame({"j": [1099.0, 250.0]}))["j"]) == [f"1{N}099", "250"]
    assert list(ft.shown(pd.DataFrame({"r": [0.0123, 0.5]}))["r"]) == ["0,0123", "0,5000"]


def test_amounts_in_euros_show_their_cents():
    view = ft.shown(pd.DataFrame({"montant_ht": [21724.6, 59.9], "prix_achat_unitaire_ht": [1099.0, 250.0],
                                  "taux": [21724.6, 59.9]}))
    assert list(view["montant_ht"]) == [f"21{N}724,60", "59,90"]
    assert list(view["prix_achat_unitaire_ht"]) == [f"1{N}099", "250"]  # whole euros stay whole
    assert list(view["taux"]) == [f"21{N}724,6", "59,9"]


def test_years_and_identifiers_are_not_grouped():
    frame = pd.DataFrame({"annee": [2024, 2025], "client_id": [10001, 10002], "n": [12000, 7],
                          "cohorte": [2024, 2025]})
    view = ft.shown(frame)
    assert list(view["annee"]) == ["2024", "2025"]
    assert list(view["client_id"]) == ["10001", "10002"]
    assert list(view["cohorte"]) == ["2024", "2025"]
    assert list(view["n"]) == [f"12{N}000", "7"]


def test_dates_months_quarters_and_missing_values():
    frame = pd.DataFrame({"date": pd.to_datetime(["2025-03-15", None]), "v": pd.array([3, None], dtype="Int64"),
                          "x": [np.nan, 2.5]},
                         index=pd.PeriodIndex(["2025-03", "2025-12"], freq="M"))
    view = ft.shown(frame)
    assert list(view["date"]) == ["15/03/2025", "NaT"]
    assert list(view["v"]) == ["3", "<NA>"]
    assert list(view["x"]) == ["NaN", "2,5"]
    assert list(view.index) == ["mars 2025", "déc. 2025"]
    quarters = ft.shown(pd.DataFrame({"v": [1]}, index=pd.PeriodIndex(["2024Q1"], freq="Q")))
    assert list(quarters.index) == ["T1 2024"]


def test_text_columns_and_negative_numbers():
    view = ft.shown(pd.DataFrame({"canal": ["web", "magasin"], "e": [-1234.5, -0.001],
                                  "client_id": pd.array(["CL1", None], dtype="str")}))
    assert list(view["canal"]) == ["web", "magasin"]
    assert list(view["client_id"]) == ["CL1", "NaN"]  # a missing text reads NaN, as pandas writes it
    assert list(view["e"]) == [f"-1{N}234,5", "0,0"]  # -0,001 shows as 0,0, never "-0,0"


def test_the_numbers_of_the_table_are_unchanged():
    frame = pd.DataFrame({"ca": [1099.0, 23.4295]})
    before = frame.copy()
    ft.frame_html(frame), ft.frame_text(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_a_long_table_shows_its_first_and_last_rows_and_its_size():
    frame = pd.DataFrame({"x": np.arange(100_000) * 1.5})
    text = ft.frame_text(frame)
    lines = text.splitlines()
    assert _cells(lines[1]) == ["0", "0,0"]
    assert _cells(lines[6]) == ["…", "…"]
    assert _cells(lines[-3]) == ["99999", f"149{N}998,5"]
    assert lines[-1] == f"[100{N}000 lignes × 1 colonne]"
    html = ft.frame_html(frame)
    assert html.count("<tr") == 1 + 11 and f"100{N}000 lignes" in html


def test_series_text_has_its_french_name():
    text = ft.series_text(pd.Series([1.5, 2.25], index=["a", "b"], name="taux"))
    assert text == "a    1,50\nb    2,25\nNom\u00a0: taux"
