"""The E7 case q7: the seuil de rentabilité of each shop in lesson 10's workbook (Magasins, J2 to J4).

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


def _seuil(shop: str) -> float:
    """Fixed costs ÷ (revenue − purchase cost of the goods sold) × revenue, the shop's tickets of 2025."""
    commandes = pd.read_csv(DATA / "commandes.csv", parse_dates=["date"], dtype={"client_id": str})
    lignes = pd.read_csv(DATA / "lignes_commande.csv")
    magasins = pd.read_csv(DATA / "magasins.csv").set_index("point_de_vente")
    tickets = commandes[(commandes["canal"] == "magasin") & (commandes["point_de_vente"] == shop)
                        & (commandes["date"].dt.year == 2025)]
    mine = lignes[lignes["commande_id"].isin(tickets["commande_id"])]
    revenue = tickets["montant_ht"].sum()
    cost = (mine["quantite"] * mine["prix_achat_unitaire_ht"]).sum()
    return magasins.loc[shop, "charges_fixes_annuelles_ht"] / ((revenue - cost) / revenue)


EQUIVALENT = [
    Q.expected_value(),
    "=c2/i2",
    "=Magasins!C2/Magasins!I2",
    "=C2/(H2/F2)",
    "=C2*F2/(F2-G2)",
    "=C2/(1-G2/F2)",
    "=1/(I2/C2)",
]


@pytest.mark.parametrize("formula", EQUIVALENT)
def test_equivalent_formulas_are_right_and_compute_the_seuil(formula):
    verdict = judge(Q, formula)
    assert verdict.correct, verdict.message
    grid = spreadsheet.book("10").grid()
    assert compute(formula, grid, "Magasins") == pytest.approx(_seuil("Bellecour"), rel=1e-9)


def test_the_copies_compute_each_shop():
    grid = spreadsheet.book("10").grid()
    for row, shop in enumerate(SHOPS, start=2):
        assert compute(f"=C{row}/I{row}", grid, "Magasins") == pytest.approx(_seuil(shop), rel=1e-9)
    assert _seuil("Villeurbanne") == pytest.approx(223_000 / ((1_024_160 - 648_260) / 1_024_160), rel=1e-5)


WRONG = [
    ("=C2/(H2/G2)", "taux de marge (marge ÷ coût d'achat)"),
    ("=C2/(G2/F2)", "part des charges variables"),
    ("=H2-C2", "résultat de l'année"),
    ("=C2/(I2*100)", "divisé par le taux × 100"),
    ("=$C$2/$I$2", "figé C2 et I2"),
    ("=C2/F2", "ce n'est pas le résultat attendu"),
    ("=SUM(C2)/I2", "SUM est le nom anglais"),
    ("=ARRONDI(C2/I2,0)", "point-virgule"),
    ("=223000/0,367", "aucune cellule"),
    ("=223000/0.367", "la virgule (0,367)"),
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
