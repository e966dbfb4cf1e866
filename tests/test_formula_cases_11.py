"""Lesson 11 q7: each seller's gap to their 2025 objective in the workbook, copied down (G14 to G26).

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
CA, O, S = "Mois!$G$2:$G$133", "Mois!$F$2:$F$133", "Mois!$C$2:$C$133"


def _gap(seller: str) -> float:
    """The seller's revenue HT of 2025 (their tickets) minus their objectives of 2025."""
    commandes = pd.read_csv(DATA / "commandes.csv", parse_dates=["date"], dtype={"client_id": str})
    vendeurs = pd.read_csv(DATA / "tickets_vendeurs.csv")
    objectifs = pd.read_csv(DATA / "objectifs.csv", parse_dates=["mois"])
    tickets = vendeurs[vendeurs["vendeur"] == seller].merge(commandes, on="commande_id")
    revenue = tickets.loc[tickets["date"].dt.year == 2025, "montant_ht"].sum()
    target = objectifs.loc[(objectifs["vendeur"] == seller) & (objectifs["mois"].dt.year == 2025), "objectif_ca_ht"]
    return revenue - target.sum()


EQUIVALENT = [
    Q.expected_value(),
    "=somme.si.ens(Mois!$g$2:$g$133;Mois!$c$2:$c$133;b14)-somme.si.ens(Mois!$f$2:$f$133;Mois!$c$2:$c$133;b14)",
    f"=SOMME.SI({S};B14;{CA})-SOMME.SI({S};B14;{O})",
    "=SOMME.SI.ENS(Mois!G:G;Mois!C:C;B14)-SOMME.SI.ENS(Mois!F:F;Mois!C:C;B14)",
    f"=-(SOMME.SI.ENS({O};{S};B14)-SOMME.SI.ENS({CA};{S};B14))",
    f"=SOMMEPROD(({S}=B14)*{CA})-SOMMEPROD(({S}=B14)*{O})",
]


@pytest.mark.parametrize("formula", EQUIVALENT)
def test_equivalent_formulas_are_right_and_compute_the_sellers_gap(formula):
    verdict = judge(Q, formula)
    assert verdict.correct, verdict.message
    grid = spreadsheet.book("11").grid()
    assert compute(formula, grid, "Indicateurs") == pytest.approx(_gap("Julien Marchand"), rel=1e-9)


def test_the_copies_compute_each_seller():
    grid = spreadsheet.book("11").grid()
    for row in (15, 26):
        seller = grid["Indicateurs"][(2, row)]
        formula = Q.expected_value().replace("B14", f"B{row}")
        assert compute(formula, grid, "Indicateurs") == pytest.approx(_gap(seller), rel=1e-9)


WRONG = [
    (f"=SOMME.SI.ENS({O};{S};B14)-SOMME.SI.ENS({CA};{S};B14)", "à l'envers"),
    (f"=SOMME.SI.ENS({CA};{S};B14)/SOMME.SI.ENS({O};{S};B14)", "taux de réalisation"),
    (f"=SOMME.SI.ENS({CA};{S};$B$14)-SOMME.SI.ENS({O};{S};$B$14)", "figé le critère"),
    (f"=SOMME({CA})-SOMME({O})", "toute l'équipe"),
    ("=SOMME.SI.ENS(Mois!G2:G133;Mois!C2:C133;B14)-SOMME.SI.ENS(Mois!F2:F133;Mois!C2:C133;B14)",
     "Fige-les avec des $"),
    ("=SOMME.SI.ENS(Mois!$G$2:$G$120;Mois!$C$2:$C$120;B14)-SOMME.SI.ENS(Mois!$F$2:$F$120;Mois!$C$2:$C$120;B14)",
     "s'arrête à la ligne 120"),
    ("=SUMIFS(Mois!$G$2:$G$133;Mois!$C$2:$C$133;B14)", "SUMIFS est le nom anglais"),
    (f"=SOMME.SI.ENS({CA},{S},B14)", "point-virgule"),
    ("=514682.94-459969", "la virgule"),
]


@pytest.mark.parametrize("formula,words", WRONG)
def test_wrong_formulas_get_their_feedback(formula, words):
    verdict = judge(Q, formula)
    assert not verdict.correct
    assert words in verdict.message, verdict.message


def test_every_declared_mistake_is_in_the_cases():
    assert {m.wrong_value() for m in Q.mistakes} <= {formula for formula, _ in WRONG}
