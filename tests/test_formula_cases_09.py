"""Lesson 09 q7: the taux de marque of the Croix-Rousse's helmet and lock lines, typed in Lignes!J2.

Every expected value is computed here with plain pandas from the CSV files, not with kpilab.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpilab import spreadsheet
from kpilab.exercises import lecon09
from kpilab.exercises.engine import judge
from kpilab.spreadsheet.evaluate import compute

DATA = Path(__file__).resolve().parents[1] / "datasets"
Q = lecon09.q7
HT, COST, QTY, PA = "G2:G1019", "H2:H1019", "D2:D1019", "F2:F1019"


def _lines() -> pd.DataFrame:
    orders = pd.read_csv(DATA / "commandes.csv", parse_dates=["date"], dtype={"client_id": str})
    orders = orders[(orders["point_de_vente"] == "Croix-Rousse") & (orders["date"] >= "2025-01-01")
                    & (orders["date"] < "2025-07-01")]
    lines = pd.read_csv(DATA / "lignes_commande.csv")
    return lines[lines["commande_id"].isin(orders["commande_id"]) & lines["categorie"].isin(["casque", "antivol"])]


def _markup_share() -> float:
    """(sales HT − purchase cost HT) ÷ sales HT."""
    lines = _lines()
    sales, cost = lines["montant_ht"].sum(), (lines["quantite"] * lines["prix_achat_unitaire_ht"]).sum()
    return (sales - cost) / sales


def test_the_extract_is_the_first_half_of_2025():
    book = spreadsheet.book("09")
    lignes = [s for s in book.sheets if s.name == "Lignes"][0]
    assert book.rows(lignes) == len(_lines()) + 1 == 1019


EQUIVALENT = [
    Q.expected_value(),
    f"=(somme(lignes!{HT})-somme(lignes!{COST}))/somme(lignes!{HT})",
    "=(SOMME(G:G)-SOMME(H:H))/SOMME(G:G)",
    f"=1-SOMME({COST})/SOMME({HT})",
    f"=(SOMME({HT})-SOMMEPROD({QTY};{PA}))/SOMME({HT})",
    f"=(SOMME({HT})-SOMME({COST}))/SOMME({HT})*100",
    f"=-(SOMME({COST})-SOMME({HT}))/SOMME({HT})",
]


@pytest.mark.parametrize("formula", EQUIVALENT)
def test_equivalent_formulas_are_right_and_compute_the_taux_de_marque(formula):
    verdict = judge(Q, formula)
    assert verdict.correct, verdict.message
    value = compute(formula, spreadsheet.book("09").grid(), "Lignes")
    scale = 100 if formula.endswith("*100") else 1
    assert value == pytest.approx(_markup_share() * scale, rel=1e-9)


WRONG = [
    (f"=(SOMME({HT})-SOMME({COST}))/SOMME({COST})", "taux de marge"),
    (f"=SOMMEPROD(({HT}-{COST})/{HT})/NB({HT})", "moyenne des taux de marque"),
    (f"=SOMME({COST})/SOMME({HT})", "part du coût d'achat"),
    ("=(SOMME(G2:G900)-SOMME(H2:H900))/SOMME(G2:G900)", "s'arrête à la ligne 900"),
    (f"=(SUM({HT})-SUM({COST}))/SUM({HT})", "nom anglais"),
    (f"=(SOMME({HT};{HT})-SOMME({COST}))/SOMME({HT})".replace(";", ","), "point-virgule"),
    ("=0,5029", "ne lit aucune cellule"),
]


@pytest.mark.parametrize("formula,words", WRONG)
def test_wrong_formulas_get_their_feedback(formula, words):
    verdict = judge(Q, formula)
    assert not verdict.correct
    assert words in verdict.message, verdict.message


def test_every_declared_mistake_is_in_the_cases():
    assert {m.wrong_value() for m in Q.mistakes} <= {formula for formula, _ in WRONG}
