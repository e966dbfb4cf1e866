"""Lesson 10 q7: each shop's capture rate, typed beside its year in the workbook (Magasins, P2 copied to P4).

Every expected value is computed here with plain pandas from the CSV files, not with kpilab.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpilab import spreadsheet
from kpilab.exercises import lecon10
from kpilab.exercises.engine import judge
from kpilab.spreadsheet.evaluate import compute

DATA = Path(__file__).resolve().parents[1] / "datasets"
Q = lecon10.q7
E, P, S = "Passages!$C$2:$C$931", "Passages!$D$2:$D$931", "Passages!$B$2:$B$931"


def _capture(shop: str) -> float:
    """Entrants ÷ passers-by of the shop's opening days of 2025, as a fraction."""
    freq = pd.read_csv(DATA / "frequentation.csv", parse_dates=["date"])
    pas = pd.read_csv(DATA / "passants.csv", parse_dates=["date"])
    f = freq[(freq["date"].dt.year == 2025) & (freq["point_de_vente"] == shop)]
    p = pas[(pas["date"].dt.year == 2025) & (pas["point_de_vente"] == shop)]
    days = f.merge(p, on=["date", "point_de_vente"])
    return days["visiteurs"].sum() / days["passants"].sum()


EQUIVALENT = [
    (Q.expected_value(), 1),
    # lowercase names and cells (the engine reads sheet names as written: « Passages » keeps its capital)
    (f"=somme.si.ens({E.lower().replace('passages', 'Passages')};{S.lower().replace('passages', 'Passages')};a2)"
     f"/somme.si.ens({P.lower().replace('passages', 'Passages')};{S.lower().replace('passages', 'Passages')};a2)", 1),
    (f"=SOMME.SI({S};A2;{E})/SOMME.SI({S};A2;{P})", 1),
    ("=SOMME.SI.ENS(Passages!C:C;Passages!B:B;A2)/SOMME.SI.ENS(Passages!D:D;Passages!B:B;A2)", 1),
    (f"=1/(SOMME.SI.ENS({P};{S};A2)/SOMME.SI.ENS({E};{S};A2))", 1),
    (f"=SOMME.SI.ENS({E};{S};A2)*100/SOMME.SI.ENS({P};{S};A2)", 100),
    (f"SOMME.SI.ENS({E};{S};A2)/SOMME.SI.ENS({P};{S};A2)", 1),  # without =: right, with a reminder
]


@pytest.mark.parametrize("formula,scale", EQUIVALENT)
def test_equivalent_formulas_are_right_and_compute_the_shops_rate(formula, scale):
    verdict = judge(Q, formula)
    assert verdict.correct, verdict.message
    grid = spreadsheet.book("10").grid()
    value = compute(formula if formula.startswith("=") else "=" + formula, grid, "Magasins")
    assert value == pytest.approx(_capture("Bellecour") * scale, rel=1e-9)
    if scale == 100:
        assert "format Standard" in verdict.message
    if not formula.startswith("="):
        assert "commence-la par =" in verdict.message


def test_the_copies_compute_each_shop():
    grid = spreadsheet.book("10").grid()
    for row, shop in ((2, "Bellecour"), (3, "Croix-Rousse"), (4, "Villeurbanne")):
        formula = Q.expected_value().replace("A2", f"A{row}")
        assert compute(formula, grid, "Magasins") == pytest.approx(_capture(shop), rel=1e-9)


WRONG = [
    (f"=MOYENNE.SI.ENS(Passages!$E$2:$E$931;{S};A2)", "moyenne des taux des jours"),
    (f"=SOMME.SI.ENS({P};{S};A2)/SOMME.SI.ENS({E};{S};A2)", "à l'envers"),
    (f"=SOMME.SI.ENS({E};{S};$A$2)/SOMME.SI.ENS({P};{S};$A$2)", "figé le critère"),
    (f"=SOMME({E})/SOMME({P})", "trois magasins ensemble"),
    ("=SOMME.SI.ENS(Passages!C2:C931;Passages!B2:B931;A2)/SOMME.SI.ENS(Passages!D2:D931;Passages!B2:B931;A2)",
     "Fige-les avec des $"),
    ("=SOMME.SI.ENS(Passages!$C$2:$C$900;Passages!$B$2:$B$900;A2)/SOMME.SI.ENS(Passages!$D$2:$D$900;"
     "Passages!$B$2:$B$900;A2)", "s'arrête à la ligne 900"),
    ("=SUMIFS(Passages!$C$2:$C$931;Passages!$B$2:$B$931;A2)", "SUMIFS est le nom anglais"),
    (f"=SOMME.SI.ENS({E},{S},A2)/SOMME.SI.ENS({P},{S},A2)", "point-virgule"),
    ("=38541/1442927", "aucune cellule"),
]


@pytest.mark.parametrize("formula,words", WRONG)
def test_wrong_formulas_get_their_feedback(formula, words):
    verdict = judge(Q, formula)
    assert not verdict.correct
    assert words in verdict.message, verdict.message


def test_every_declared_mistake_is_in_the_cases():
    wrong = {formula for formula, _ in WRONG}
    assert {m.wrong_value() for m in Q.mistakes} <= wrong
