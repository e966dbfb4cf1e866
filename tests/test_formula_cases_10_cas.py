"""The E7 case q7: each shop's point mort with a 32 000 € hire, in lesson 10's workbook (Magasins, Q2 to Q4).

Every expected value is computed here with plain pandas from the CSV files, not with kpilab.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpilab import spreadsheet
from kpilab.exercises import lecon10_cas
from kpilab.exercises.engine import judge
from kpilab.spreadsheet.evaluate import compute

DATA = Path(__file__).resolve().parents[1] / "datasets"
Q = lecon10_cas.q7
SHOPS = ("Bellecour", "Croix-Rousse", "Villeurbanne")


def _point_mort(shop: str, hire: float = 32_000) -> float:
    """(Fixed costs + the hire) ÷ the contribution margin rate ÷ revenue × 360, the shop's tickets of 2025."""
    commandes = pd.read_csv(DATA / "commandes.csv", parse_dates=["date"], dtype={"client_id": str})
    lignes = pd.read_csv(DATA / "lignes_commande.csv")
    magasins = pd.read_csv(DATA / "magasins.csv").set_index("point_de_vente")
    tickets = commandes[(commandes["canal"] == "magasin") & (commandes["point_de_vente"] == shop)
                        & (commandes["date"].dt.year == 2025)]
    mine = lignes[lignes["commande_id"].isin(tickets["commande_id"])]
    revenue = tickets["montant_ht"].sum()
    cost = (mine["quantite"] * mine["prix_achat_unitaire_ht"]).sum()
    seuil = (magasins.loc[shop, "charges_fixes_annuelles_ht"] + hire) / ((revenue - cost) / revenue)
    return seuil / revenue * 360


EQUIVALENT = [
    Q.expected_value(),
    "=(c2+32000)/i2/f2*360",
    "=(Magasins!C2+32000)/Magasins!I2/Magasins!F2*360",
    "=(C2+32000)/H2*360",
    "=360*(C2+32000)/(F2-G2)",
    "=(C2+32000)/(1-G2/F2)/F2*360",
    "=J2/F2*360+32000/I2/F2*360",
]


@pytest.mark.parametrize("formula", EQUIVALENT)
def test_equivalent_formulas_are_right_and_compute_the_point_mort(formula):
    verdict = judge(Q, formula)
    assert verdict.correct, verdict.message
    grid = spreadsheet.book("10").grid()
    assert compute(formula, grid, "Magasins") == pytest.approx(_point_mort("Bellecour"), rel=1e-9)


def test_the_copies_compute_each_shop():
    grid = spreadsheet.book("10").grid()
    for row, shop in enumerate(SHOPS, start=2):
        formula = f"=(C{row}+32000)/I{row}/F{row}*360"
        assert compute(formula, grid, "Magasins") == pytest.approx(_point_mort(shop), rel=1e-9)
    # the case's annexes: Villeurbanne's figures rounded to the euro
    assert _point_mort("Villeurbanne") == pytest.approx(255_000 / (375_900 / 1_024_160) / 1_024_160 * 360, rel=1e-5)

WRONG = [
    ("=(C2+32000)/I2", "le seuil de rentabilité, en euros"),
    ("=(C2/I2+32000)/F2*360", "ajouté les 32 000 € au seuil"),
    ("=(C2+32000)/I2/F2*365", "365 jours"),
    ("=(C2+32000)/(H2/G2)/F2*360", "taux de marge (marge ÷ coût d'achat)"),
    ("=($C$2+32000)/$I$2/$F$2*360", "figé les cellules"),
    ("=C2/I2/F2*360", "ce n'est pas le résultat attendu"),
    ("=SUM(C2;32000)/I2/F2*360", "SUM est le nom anglais"),
    ("=SOMME(C2,32000)/I2/F2*360", "point-virgule"),
    ("=255000/0,367/1024160*360", "aucune cellule"),
    ("=(C2+32000)/0.367/F2*360", "la virgule (0,367)"),
]


@pytest.mark.parametrize("formula,words", WRONG)
def test_wrong_formulas_get_their_feedback(formula, words):
    verdict = judge(Q, formula)
    assert not verdict.correct
    assert words in verdict.message, verdict.message


def test_every_declared_mistake_is_in_the_cases():
    assert {m.wrong_value() for m in Q.mistakes} <= {formula for formula, _ in WRONG}


def test_the_bareme_still_totals_20():
    assert sum(lecon10_cas.BAREME.values()) == 20
    assert list(lecon10_cas.BAREME) == [q.id for q in lecon10_cas.QUESTIONS]
