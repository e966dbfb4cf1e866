"""Lesson 11 q7: each seller's CA per hour worked in the workbook, copied down (C30 to C42).

Every expected value is computed here with plain pandas from the CSV files, not with kpilab.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpilab import spreadsheet
from kpilab.exercises import lecon11
from kpilab.exercises.engine import judge
from kpilab.spreadsheet.evaluate import compute

DATA = Path(__file__).resolve().parents[1] / "datasets"
Q = lecon11.q7
CA, H, S = "Mois!$G$2:$G$133", "Mois!$E$2:$E$133", "Mois!$C$2:$C$133"


def _per_hour(seller: str) -> float:
    """The seller's revenue HT of 2025 (their tickets) ÷ their hours worked in 2025."""
    commandes = pd.read_csv(DATA / "commandes.csv", parse_dates=["date"], dtype={"client_id": str})
    vendeurs = pd.read_csv(DATA / "tickets_vendeurs.csv")
    objectifs = pd.read_csv(DATA / "objectifs.csv", parse_dates=["mois"])
    tickets = vendeurs[vendeurs["vendeur"] == seller].merge(commandes, on="commande_id")
    revenue = tickets.loc[tickets["date"].dt.year == 2025, "montant_ht"].sum()
    hours = objectifs.loc[(objectifs["vendeur"] == seller) & (objectifs["mois"].dt.year == 2025), "heures_travaillees"]
    return revenue / hours.sum()


EQUIVALENT = [
    Q.expected_value(),
    f"=somme.si.ens(Mois!$g$2:$g$133;Mois!$c$2:$c$133;b30)/somme.si.ens(Mois!$e$2:$e$133;Mois!$c$2:$c$133;b30)",
    f"=SOMME.SI({S};B30;{CA})/SOMME.SI({S};B30;{H})",
    "=SOMME.SI.ENS(Mois!G:G;Mois!C:C;B30)/SOMME.SI.ENS(Mois!E:E;Mois!C:C;B30)",
    f"=1/(SOMME.SI.ENS({H};{S};B30)/SOMME.SI.ENS({CA};{S};B30))",
    f"=SOMMEPROD(({S}=B30)*{CA})/SOMMEPROD(({S}=B30)*{H})",
]


@pytest.mark.parametrize("formula", EQUIVALENT)
def test_equivalent_formulas_are_right_and_compute_the_sellers_ca_per_hour(formula):
    verdict = judge(Q, formula)
    assert verdict.correct, verdict.message
    grid = spreadsheet.book("11").grid()
    assert compute(formula, grid, "Indicateurs") == pytest.approx(_per_hour("Julien Marchand"), rel=1e-9)


def test_the_copies_compute_each_seller():
    grid = spreadsheet.book("11").grid()
    for row in (31, 42):
        seller = grid["Indicateurs"][(2, row)]
        formula = Q.expected_value().replace("B30", f"B{row}")
        assert compute(formula, grid, "Indicateurs") == pytest.approx(_per_hour(seller), rel=1e-9)


WRONG = [
    (f"=SOMME.SI.ENS({CA};{S};B30)/SOMME.SI.ENS(Mois!$D$2:$D$133;{S};B30)", "heures prévues"),
    (f"=MOYENNE.SI.ENS(Mois!$I$2:$I$133;{S};B30)", "moyenne des CA par heure des mois"),
    (f"=SOMME.SI.ENS({H};{S};B30)/SOMME.SI.ENS({CA};{S};B30)", "à l'envers"),
    (f"=SOMME.SI.ENS({CA};{S};$B$30)/SOMME.SI.ENS({H};{S};$B$30)", "figé le critère"),
    ("=SOMME.SI.ENS(Mois!G2:G133;Mois!C2:C133;B30)/SOMME.SI.ENS(Mois!E2:E133;Mois!C2:C133;B30)",
     "Fige-les avec des $"),
    ("=SOMME.SI.ENS(Mois!$G$2:$G$120;Mois!$C$2:$C$120;B30)/SOMME.SI.ENS(Mois!$E$2:$E$120;Mois!$C$2:$C$120;B30)",
     "s'arrête à la ligne 120"),
    ("=SUMIFS(Mois!$G$2:$G$133;Mois!$C$2:$C$133;B30)", "SUMIFS est le nom anglais"),
    (f"=SOMME.SI.ENS({CA},{S},B30)", "point-virgule"),
]


@pytest.mark.parametrize("formula,words", WRONG)
def test_wrong_formulas_get_their_feedback(formula, words):
    verdict = judge(Q, formula)
    assert not verdict.correct
    assert words in verdict.message, verdict.message


def test_every_declared_mistake_is_in_the_cases():
    assert {m.wrong_value() for m in Q.mistakes} <= {formula for formula, _ in WRONG}
