"""The formula engine against plain Python and pandas on the same cells (kpilab.spreadsheet.evaluate)."""

from __future__ import annotations

import datetime as dt
import statistics

import numpy as np
import pandas as pd
import pytest

from kpilab.spreadsheet.cells import SheetError, serial
from kpilab.spreadsheet.evaluate import compute

RNG = np.random.default_rng(2025)
N = 40
FRAME = pd.DataFrame({
    "canal": RNG.choice(["emailing", "salon", "courrier"], N),
    "contacts": RNG.integers(50, 3000, N).astype(float),
    "reponses": RNG.integers(0, 80, N).astype(float),
    "jour": [dt.date(2025, 1, 1) + dt.timedelta(days=int(d)) for d in RNG.integers(0, 365, N)],
})


def _grid(frame=FRAME):
    cells = {(1, 1): "Canal", (2, 1): "Contacts", (3, 1): "Réponses", (4, 1): "Jour"}
    for row, rec in enumerate(frame.itertuples(index=False), start=2):
        cells[(1, row)], cells[(2, row)], cells[(3, row)] = rec.canal, rec.contacts, rec.reponses
        cells[(4, row)] = serial(rec.jour)
    return {"Data": cells, "Autre": {(1, 1): 7.0}}


GRID = _grid()
LAST = N + 1


def calc(text):
    return compute(text, GRID, "Data")


def test_sums_means_medians_and_counts_agree_with_pandas():
    assert calc(f"=SOMME(C2:C{LAST})/SOMME(B2:B{LAST})") == pytest.approx(FRAME.reponses.sum() / FRAME.contacts.sum())
    assert calc(f"=MOYENNE(B2:B{LAST})") == pytest.approx(FRAME.contacts.mean())
    assert calc(f"=MEDIANE(B2:B{LAST})") == pytest.approx(statistics.median(FRAME.contacts))
    assert calc("=SOMME(B:B)") == pytest.approx(FRAME.contacts.sum())  # the header is text: skipped
    assert calc(f"=NB(B1:B{LAST})") == N and calc(f"=NBVAL(A1:A{LAST})") == N + 1
    assert calc(f"=MAX(C2:C{LAST})-MIN(C2:C{LAST})") == FRAME.reponses.max() - FRAME.reponses.min()


@pytest.mark.parametrize("channel", ["emailing", "salon", "courrier"])
def test_criteria_functions_agree_with_a_pandas_filter(channel):
    part = FRAME[FRAME.canal == channel]
    rng = f"2:$A${LAST}"
    assert calc(f'=NB.SI($A${rng};"{channel}")') == len(part)
    assert calc(f'=SOMME.SI($A${rng};"{channel}";C2:C{LAST})') == part.reponses.sum()
    assert calc(f'=SOMME.SI.ENS(C2:C{LAST};A2:A{LAST};"{channel}";B2:B{LAST};">=1000")') == \
        part[part.contacts >= 1000].reponses.sum()
    assert calc(f'=NB.SI.ENS(A2:A{LAST};"<>{channel}")') == N - len(part)
    assert calc(f'=MOYENNE.SI.ENS(B2:B{LAST};A2:A{LAST};"{channel}")') == pytest.approx(part.contacts.mean())
    assert calc(f'=NB.SI(A2:A{LAST};"{channel[:3].upper()}*")') == len(part)  # case-blind, with a wildcard


def test_date_criteria_and_date_functions_agree_with_python_dates():
    march = FRAME[(FRAME.jour >= dt.date(2025, 3, 1)) & (FRAME.jour <= dt.date(2025, 3, 31))]
    text = f'=SOMME.SI.ENS(C2:C{LAST};D2:D{LAST};">="&DATE(2025;3;1);D2:D{LAST};"<"&FIN.MOIS(DATE(2025;3;1);0)+1)'
    assert calc(text) == march.reponses.sum()
    assert calc("=DATE(2025;13;1)") == serial(dt.date(2026, 1, 1))
    assert calc("=FIN.MOIS(DATE(2024;2;10);0)") == serial(dt.date(2024, 2, 29))
    assert calc("=ANNEE(D2)*100+MOIS(D2)") == FRAME.jour[0].year * 100 + FRAME.jour[0].month
    assert calc("=JOURS(DATE(2025;3;1);DATE(2025;1;1))") == 59


def test_lookups_find_the_row_pandas_finds():
    first_salon = FRAME.index[FRAME.canal == "salon"][0]
    assert calc(f'=RECHERCHEV("salon";A2:C{LAST};3;FAUX)') == FRAME.reponses[first_salon]
    assert calc(f'=INDEX(B2:B{LAST};EQUIV("salon";A2:A{LAST};0))') == FRAME.contacts[first_salon]
    assert calc(f'=RECHERCHEX("salon";A2:A{LAST};C2:C{LAST})') == FRAME.reponses[first_salon]
    assert isinstance(calc(f'=RECHERCHEV("vélo";A2:C{LAST};3;FAUX)'), SheetError)
    assert calc(f'=SIERREUR(RECHERCHEV("vélo";A2:C{LAST};3;FAUX);0)') == 0


def test_sumproduct_and_arrays_multiply_row_by_row():
    assert calc(f"=SOMMEPROD(B2:B{LAST};C2:C{LAST})") == pytest.approx((FRAME.contacts * FRAME.reponses).sum())
    assert calc(f"=SOMME(B2:B{LAST}-C2:C{LAST})") == pytest.approx((FRAME.contacts - FRAME.reponses).sum())


@pytest.mark.parametrize("text, value", [
    ("=ARRONDI(2,345;2)", 2.35), ("=ARRONDI(-2,5;0)", -3.0), ("=ARRONDI(1234,5;-2)", 1200.0),
    ("=ARRONDI.SUP(2,301;1)", 2.4), ("=ARRONDI.INF(2,399;1)", 2.3), ("=ENT(-2,5)", -3.0),
    ("=10%*50", 5.0), ("=-2^2", 4.0), ("=2^3^2", 64.0), ("=7/2", 3.5), ("=PUISSANCE(2;10)", 1024.0),
    ('=SI(3>2;"oui";"non")', "oui"), ('=SI(ET(1;0);1;2)', 2.0), ('="a"&1&"b"', "a1b"),
    ("=Autre!A1*2", 14.0), ('=GRANDE.VALEUR(B2:B4;1)', None),
])
def test_operators_and_rounding_follow_the_spreadsheet(text, value):
    if value is None:
        value = max(FRAME.contacts[:3])
    assert calc(text) == pytest.approx(value) if isinstance(value, float) else calc(text) == value


@pytest.mark.parametrize("text, code", [
    ("=B2/0", "#DIV/0!"), ("=B2/Z99", "#DIV/0!"), ("=A2+1", "#VALEUR!"), ("=MOYENNE(Z1:Z9)", "#DIV/0!"),
    ("=Nulle!A1", "#REF!"), ("=B2:B5", "#VALEUR!"), ('=SOMME.SI.ENS(B2:B5;A2:A9;"x")', "#VALEUR!"),
])
def test_errors_are_values_as_in_a_cell(text, code):
    found = calc(text)
    assert isinstance(found, SheetError) and found.code == code


def test_an_empty_cell_is_zero_in_a_sum_and_skipped_by_a_mean():
    grid = {"S": {(1, 1): 10.0, (1, 3): 20.0}}
    assert compute("=SOMME(A1:A3)", grid, "S") == 30 and compute("=MOYENNE(A1:A3)", grid, "S") == 15
    assert compute("=A2+1", grid, "S") == 1 and compute('=NB.SI(A1:A3;"")', grid, "S") == 1
