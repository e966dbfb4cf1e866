"""Lesson 04 q7: the panier moyen HT of each point de vente in March 2025, copied down (C17 to C20).

Every expected value is computed here with plain pandas from the CSV file, not with kpilab.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpilab import spreadsheet
from kpilab.exercises import lecon04
from kpilab.exercises.engine import judge
from kpilab.spreadsheet.evaluate import compute

DATA = Path(__file__).resolve().parents[1] / "datasets"
Q = lecon04.q7
HT, TTC, ART, PDV, ID = (f"Commandes!${c}$2:${c}$1297" for c in "GHFDA")


def _march() -> pd.DataFrame:
    commandes = pd.read_csv(DATA / "commandes.csv", parse_dates=["date"], dtype={"client_id": str})
    return commandes[(commandes["date"] >= "2025-03-01") & (commandes["date"] <= "2025-03-31")]


def _basket(shop: str) -> float:
    """Revenue HT of the point de vente's orders of March 2025 ÷ their number."""
    orders = _march()
    orders = orders[orders["point_de_vente"] == shop]
    return orders["montant_ht"].sum() / len(orders)


def test_the_extract_is_march_2025_and_the_question_is_the_workbooks_formula():
    book = spreadsheet.book("04")
    assert book.rows(book.sheets[0]) == len(_march()) + 1 == 1297
    placed = {p.row: p.french for p in book.placed()}
    assert placed[17] == Q.expected_value()


EQUIVALENT = [
    Q.expected_value(),
    "=somme.si.ens(Commandes!$g$2:$g$1297;Commandes!$d$2:$d$1297;b17)/nb.si.ens(Commandes!$d$2:$d$1297;b17)",
    f"=SOMME.SI({PDV};B17;{HT})/NB.SI({PDV};B17)",
    "=SOMME.SI.ENS(Commandes!$G:$G;Commandes!$D:$D;B17)/NB.SI.ENS(Commandes!$D:$D;B17)",
    f"=MOYENNE.SI.ENS({HT};{PDV};B17)",
    f"=MOYENNE.SI({PDV};B17;{HT})",
    f"=1/(NB.SI.ENS({PDV};B17)/SOMME.SI.ENS({HT};{PDV};B17))",
    f"=SOMMEPROD(({PDV}=B17)*{HT})/NB.SI({PDV};B17)",
]


@pytest.mark.parametrize("formula", EQUIVALENT)
def test_equivalent_formulas_are_right_and_compute_the_shops_basket(formula):
    verdict = judge(Q, formula)
    assert verdict.correct, verdict.message
    grid = spreadsheet.book("04").grid()
    assert grid["Indicateurs"][(2, 17)] == "Bellecour"
    assert compute(formula, grid, "Indicateurs") == pytest.approx(_basket("Bellecour"), rel=1e-9)


def test_the_copies_compute_each_point_de_vente():
    grid = spreadsheet.book("04").grid()
    for row in range(17, 21):
        shop = grid["Indicateurs"][(2, row)]
        formula = Q.expected_value().replace("B17", f"B{row}")
        assert compute(formula, grid, "Indicateurs") == pytest.approx(_basket(shop), rel=1e-9)


WRONG = [
    (f"=SOMME.SI.ENS({TTC};{PDV};B17)/NB.SI.ENS({PDV};B17)", "montants TTC"),
    (f"=SOMME.SI.ENS({HT};{PDV};B17)/SOMME.SI.ENS({ART};{PDV};B17)", "prix moyen d'un article"),
    (f"=SOMME.SI.ENS({HT};{PDV};B17)/NBVAL({ID})", "toutes les commandes du mois"),
    (f"=SOMME.SI.ENS({ART};{PDV};B17)/NB.SI.ENS({PDV};B17)", "indice de vente"),
    ("=SOMME.SI.ENS(Commandes!G2:G1297;Commandes!D2:D1297;B17)/NB.SI.ENS(Commandes!D2:D1297;B17)",
     "Fige-les avec des $"),
    ("=SOMME.SI.ENS(Commandes!$G$2:$G$1000;Commandes!$D$2:$D$1000;B17)/NB.SI.ENS(Commandes!$D$2:$D$1000;B17)",
     "s'arrête à la ligne 1000"),
    (f"=SUMIFS({HT};{PDV};B17)/COUNTIFS({PDV};B17)", "nom anglais"),
    (f"=SOMME.SI.ENS({HT},{PDV},B17)/NB.SI.ENS({PDV},B17)", "point-virgule"),
    (f"=SOMME.SI.ENS({HT};{PDV};$B$17)/NB.SI.ENS({PDV};$B$17)", "figé le critère"),
    (f"=SOMME({HT})/NBVAL({ID})", "pas le résultat attendu"),
    ("=263,25", "ne lit aucune cellule"),
]


@pytest.mark.parametrize("formula,words", WRONG)
def test_wrong_formulas_get_their_feedback(formula, words):
    verdict = judge(Q, formula)
    assert not verdict.correct
    assert words in verdict.message, verdict.message


def test_every_declared_mistake_is_in_the_cases():
    assert {m.wrong_value() for m in Q.mistakes} <= {formula for formula, _ in WRONG}
