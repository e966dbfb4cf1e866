"""Lesson 03 q7: the mean sales cycle of the won deals of organisations of 250 employees or more, typed
in the free cell K2 of the sheet Prospects, with criteria instead of the copied sheet Gagnees.

Every expected value is computed here with plain pandas from the CSV file, not with kpilab.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpilab import spreadsheet
from kpilab.exercises import lecon03
from kpilab.exercises.engine import judge
from kpilab.spreadsheet.evaluate import compute

DATA = Path(__file__).resolve().parents[1] / "datasets"
Q = lecon03.q7
BOTH = 'E2:E590;"gagne";D2:D590;"250+"'


def _prospects() -> pd.DataFrame:
    return pd.read_csv(DATA / "prospects.csv", parse_dates=["date_premier_contact", "date_signature", "date_abandon"])


def _cycles(frame: pd.DataFrame) -> pd.Series:
    """Days from the first contact to the signature of the won deals."""
    won = frame[frame["statut"] == "gagne"]
    return (won["date_signature"] - won["date_premier_contact"]).dt.days


def test_the_extract_holds_every_lead_and_the_workbook_agrees_with_pandas():
    book = spreadsheet.book("03")
    prospects = _prospects()
    assert [book.rows(sheet) for sheet in book.sheets] == [len(prospects) + 1, len(_cycles(prospects)) + 1] == [590, 139]
    grid = book.grid()
    results = {grid["Indicateurs"][(1, p.row)]: grid["Indicateurs"][(3, p.row)] for p in book.placed()}
    cycles = _cycles(prospects)
    assert results["Cycle de vente moyen"] == pytest.approx(cycles.mean(), rel=1e-12)
    assert results["Cycle de vente médian"] == cycles.median()
    assert results["Cycle le plus long"] == cycles.max()
    assert results["Cycle moyen, calculé sur la feuille Prospects"] == pytest.approx(cycles.mean(), rel=1e-12)
    end = prospects["date_signature"].fillna(prospects["date_abandon"]).fillna(pd.Timestamp("2025-12-31"))
    assert results["Moyenne des durées de tous les leads (à ne pas faire)"] == pytest.approx(
        (end - prospects["date_premier_contact"]).dt.days.mean(), rel=1e-12)
    for size, part in prospects.groupby("taille"):
        assert results[f"Cycle moyen — {size} salariés"] == pytest.approx(_cycles(part).mean(), rel=1e-12)


def _large_mean() -> float:
    prospects = _prospects()
    return _cycles(prospects[prospects["taille"] == "250+"]).mean()


EQUIVALENT = [
    Q.expected_value(),
    '=moyenne.si.ens(i2:i590;e2:e590;"gagne";d2:d590;"250+")',
    '=MOYENNE.SI.ENS(I2:I590;D2:D590;"250+";E2:E590;"gagne")',
    '=MOYENNE.SI.ENS(I:I;E:E;"gagne";D:D;"250+")',
    '=MOYENNE.SI.ENS(Prospects!I2:I590;Prospects!E2:E590;"gagne";Prospects!D2:D590;"250+")',
    '=MOYENNE.SI.ENS(I2:I590;E2:E590;"GAGNE";D2:D590;"250+")',
    f"=SOMME.SI.ENS(I2:I590;{BOTH})/NB.SI.ENS({BOTH})",
    f"=(SOMME.SI.ENS(G2:G590;{BOTH})-SOMME.SI.ENS(F2:F590;{BOTH}))/NB.SI.ENS({BOTH})",
    f'=SOMMEPROD((E2:E590="gagne")*(D2:D590="250+")*I2:I590)/NB.SI.ENS({BOTH})',
]


@pytest.mark.parametrize("formula", EQUIVALENT)
def test_equivalent_formulas_are_right_and_compute_the_large_companies_cycle(formula):
    verdict = judge(Q, formula)
    assert verdict.correct, verdict.message
    grid = spreadsheet.book("03").grid()
    assert compute(formula, grid, "Prospects") == pytest.approx(_large_mean(), rel=1e-9)


WRONG = [
    ('=MOYENNE.SI(D2:D590;"250+";I2:I590)', "perdues et en cours comprises"),
    ('=MOYENNE.SI(E2:E590;"gagne";I2:I590)', "toutes les affaires gagnées"),
    ("=MOYENNE(I2:I590)", "durées de tous les leads"),
    ('=MOYENNE.SI.ENS(Gagnees!G2:G139;Gagnees!D2:D139;"250+")', "feuille Gagnees"),
    ('=MOYENNE.SI.ENS(I2:I500;E2:E500;"gagne";D2:D500;"250+")', "s'arrête à la ligne 500"),
    ('=AVERAGEIFS(I2:I590;E2:E590;"gagne";D2:D590;"250+")', "nom anglais"),
    ('=MOYENNE.SI.ENS(I2:I590,E2:E590,"gagne",D2:D590,"250+")', "point-virgule"),
    ('=MOYENNE.SI.ENS(I2:I590;E2:E590;"gagne";D2:D590;"50-249")', "pas le résultat attendu"),
    ("=174,2", "ne lit aucune cellule"),
]


@pytest.mark.parametrize("formula,words", WRONG)
def test_wrong_formulas_get_their_feedback(formula, words):
    verdict = judge(Q, formula)
    assert not verdict.correct
    assert words in verdict.message, verdict.message


def test_the_wrong_formulas_compute_what_their_messages_say():
    grid, prospects = spreadsheet.book("03").grid(), _prospects()
    large = prospects[prospects["taille"] == "250+"]
    assert compute(WRONG[1][0], grid, "Prospects") == pytest.approx(_cycles(prospects).mean())
    end = large["date_signature"].fillna(large["date_abandon"]).fillna(pd.Timestamp("2025-12-31"))
    assert compute(WRONG[0][0], grid, "Prospects") == pytest.approx((end - large["date_premier_contact"]).dt.days.mean())
    # The copied sheet gives the same number on the course data: only the variants tell them apart.
    assert compute(WRONG[3][0], grid, "Prospects") == pytest.approx(_large_mean())


def test_every_declared_mistake_is_in_the_cases():
    assert {m.wrong_value() for m in Q.mistakes} <= {formula for formula, _ in WRONG}
