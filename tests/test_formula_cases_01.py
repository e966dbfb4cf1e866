"""Lesson 01 q7: the response rate of every campaign, typed in the free cell M2 of the sheet Campagnes.

Every expected value is computed here with plain pandas from the CSV file, not with kpilab.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpilab import spreadsheet
from kpilab.exercises import lecon01
from kpilab.exercises.engine import judge
from kpilab.spreadsheet.evaluate import compute

DATA = Path(__file__).resolve().parents[1] / "datasets"
Q = lecon01.q7


def _campagnes() -> pd.DataFrame:
    return pd.read_csv(DATA / "campagnes.csv")


def _rate(frame: pd.DataFrame) -> float:
    """Responses ÷ valid contacts (contacts − invalid contacts), as a fraction."""
    return frame["reponses"].sum() / (frame["contacts"] - frame["contacts_invalides"]).sum()


def test_the_extract_is_every_campaign_and_the_workbook_agrees_with_pandas():
    book = spreadsheet.book("01")
    assert book.rows(book.sheets[0]) == len(_campagnes()) + 1 == 25
    grid = book.grid()
    results = {grid["Indicateurs"][(1, p.row)]: grid["Indicateurs"][(3, p.row)] for p in book.placed()}
    campagnes = _campagnes()
    assert results["Taux de réponse global"] == pytest.approx(_rate(campagnes), rel=1e-12)
    assert results["Taux sur tous les contacts (à ne pas faire)"] == pytest.approx(
        campagnes["reponses"].sum() / campagnes["contacts"].sum(), rel=1e-12)
    for channel, part in campagnes.groupby("canal"):
        assert results[f"Taux de réponse — {channel}"] == pytest.approx(_rate(part), rel=1e-12)


EQUIVALENT = [
    (Q.expected_value(), 1),
    ("=somme(i2:i25)/somme(j2:j25)", 1),
    ("=SOMME(Campagnes!I2:I25)/SOMME(Campagnes!J2:J25)", 1),
    ("=SOMME(I:I)/SOMME(J:J)", 1),
    ("=SOMME($I$2:$I$25)/SOMME($J$2:$J$25)", 1),
    ("=1/(SOMME(J2:J25)/SOMME(I2:I25))", 1),
    ("=SOMME(I2:I25)/(SOMME(G2:G25)-SOMME(H2:H25))", 1),
    ("=SOMME(I2:I25)/SOMMEPROD(G2:G25-H2:H25)", 1),
    ("=SOMME(I2:I25)/SOMME(J2:J25)*100", 100),
    ("=100*SOMME(I2:I25)/SOMME(J2:J25)", 100),
]


@pytest.mark.parametrize("formula,scale", EQUIVALENT)
def test_equivalent_formulas_are_right_and_compute_the_global_rate(formula, scale):
    verdict = judge(Q, formula)
    assert verdict.correct, verdict.message
    if scale == 100:
        assert "format Standard" in verdict.message
    grid = spreadsheet.book("01").grid()
    assert compute(formula, grid, "Campagnes") == pytest.approx(_rate(_campagnes()) * scale, rel=1e-9)


WRONG = [
    ("=MOYENNE(K2:K25)", "moyenne des taux"),
    ("=SOMME(I2:I25)/SOMME(G2:G25)", "tous les contacts (colonne G)"),
    ("=SOMME(J2:J25)/SOMME(I2:I25)", "à l'envers"),
    ("=SOMME(K2:K25)", "additionné les taux"),
    ("=SOMME(I2:I24)/SOMME(J2:J24)", "s'arrête à la ligne 24"),
    ("=SUM(I2:I25)/SUM(J2:J25)", "nom anglais"),
    ("=SOMME(I2:I25)/SOMME(J2:J25,H2:H25)", "point-virgule"),
    ("=832/22697", "ne lit aucune cellule"),
    ("=SOMME(F2:F25)/SOMME(I2:I25)", "pas le résultat attendu"),
]


@pytest.mark.parametrize("formula,words", WRONG)
def test_wrong_formulas_get_their_feedback(formula, words):
    verdict = judge(Q, formula)
    assert not verdict.correct
    assert words in verdict.message, verdict.message


def test_the_wrong_formulas_compute_what_their_messages_say():
    grid, campagnes = spreadsheet.book("01").grid(), _campagnes()
    valid = campagnes["contacts"] - campagnes["contacts_invalides"]
    assert compute("=MOYENNE(K2:K25)", grid, "Campagnes") == pytest.approx((campagnes["reponses"] / valid).mean())
    assert compute("=SOMME(I2:I25)/SOMME(G2:G25)", grid, "Campagnes") == pytest.approx(
        campagnes["reponses"].sum() / campagnes["contacts"].sum())


def test_every_declared_mistake_is_in_the_cases():
    assert {m.wrong_value() for m in Q.mistakes} <= {formula for formula, _ in WRONG}
