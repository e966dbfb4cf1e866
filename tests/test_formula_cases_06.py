"""Lesson 06 q7: the taux d'attrition 2025 of each segment of the Croix-Rousse members, copied down (C17 to C20).

Every expected value is computed here with plain pandas from the CSV files, not with kpilab.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpilab import spreadsheet
from kpilab.exercises import lecon06
from kpilab.exercises.engine import judge
from kpilab.spreadsheet.evaluate import compute

DATA = Path(__file__).resolve().parents[1] / "datasets"
Q = lecon06.q7
SEG, START, END, KEPT, LOST = (f"Clients!${c}$2:${c}$1174" for c in "BGHIJ")


def _churn(segment: str) -> float:
    """Members of the segment active in 2024 with no purchase in 2025 ÷ members of the segment active in 2024."""
    clients = pd.read_csv(DATA / "clients.csv")
    commandes = pd.read_csv(DATA / "commandes.csv", parse_dates=["date"], dtype={"client_id": str})
    members = clients.loc[(clients["point_de_vente"] == "Croix-Rousse") & (clients["segment"] == segment), "client_id"]
    orders = commandes[commandes["client_id"].isin(members)]
    start = set(orders.loc[orders["date"].dt.year == 2024, "client_id"])
    end = set(orders.loc[orders["date"].dt.year == 2025, "client_id"])
    return len(start - end) / len(start)


def test_the_question_is_the_workbooks_formula():
    placed = {p.row: p.french for p in spreadsheet.book("06").placed()}
    assert placed[17] == Q.expected_value()


EQUIVALENT = [
    Q.expected_value(),
    "=nb.si.ens(Clients!$b$2:$b$1174;b17;Clients!$j$2:$j$1174;1)/nb.si.ens(Clients!$b$2:$b$1174;b17;Clients!$g$2:$g$1174;1)",
    f"=NB.SI.ENS({SEG};B17;{START};1;{END};0)/NB.SI.ENS({SEG};B17;{START};1)",
    f"=SOMME.SI({SEG};B17;{LOST})/SOMME.SI({SEG};B17;{START})",
    f"=SOMME.SI.ENS({LOST};{SEG};B17)/SOMME.SI.ENS({START};{SEG};B17)",
    "=NB.SI.ENS(Clients!$B:$B;B17;Clients!$J:$J;1)/NB.SI.ENS(Clients!$B:$B;B17;Clients!$G:$G;1)",
    f"=1-NB.SI.ENS({SEG};B17;{KEPT};1)/NB.SI.ENS({SEG};B17;{START};1)",
    f"=100*NB.SI.ENS({SEG};B17;{LOST};1)/NB.SI.ENS({SEG};B17;{START};1)",
]


@pytest.mark.parametrize("formula", EQUIVALENT)
def test_equivalent_formulas_are_right_and_compute_the_segments_churn(formula):
    verdict = judge(Q, formula)
    assert verdict.correct, verdict.message
    grid = spreadsheet.book("06").grid()
    assert grid["Indicateurs"][(2, 17)] == "famille"
    scale = 100 if formula.startswith("=100*") else 1
    assert compute(formula, grid, "Indicateurs") == pytest.approx(_churn("famille") * scale, rel=1e-9)


def test_the_copies_compute_each_segment():
    grid = spreadsheet.book("06").grid()
    for row in range(17, 21):
        segment = grid["Indicateurs"][(2, row)]
        formula = Q.expected_value().replace("B17", f"B{row}")
        assert compute(formula, grid, "Indicateurs") == pytest.approx(_churn(segment), rel=1e-9)


WRONG = [
    (f"=NB.SI.ENS({SEG};B17;{KEPT};1)/NB.SI.ENS({SEG};B17;{START};1)", "taux de rétention"),
    (f"=NB.SI.ENS({SEG};B17;{LOST};1)/NB.SI({SEG};B17)", "nouveaux de 2025 compris"),
    (f"=NB.SI.ENS({SEG};B17;{LOST};1)/NB.SI({START};1)", "de tous les segments"),
    (f"=NB.SI.ENS({SEG};B17;{LOST};1)/NB.SI.ENS({SEG};B17;{END};1)", "ceux de la fin"),
    ("=NB.SI.ENS(Clients!B2:B1174;B17;Clients!J2:J1174;1)/NB.SI.ENS(Clients!B2:B1174;B17;Clients!G2:G1174;1)",
     "Fige-les avec des $"),
    ("=NB.SI.ENS(Clients!$B$2:$B$1100;B17;Clients!$J$2:$J$1100;1)/NB.SI.ENS(Clients!$B$2:$B$1100;B17;"
     "Clients!$G$2:$G$1100;1)", "s'arrête à la ligne 1100"),
    (f"=COUNTIFS({SEG};B17;{LOST};1)/COUNTIFS({SEG};B17;{START};1)", "nom anglais"),
    (f"=NB.SI.ENS({SEG},B17,{LOST},1)/NB.SI.ENS({SEG},B17,{START},1)", "point-virgule"),
    (f"=NB.SI.ENS({SEG};$B$17;{LOST};1)/NB.SI.ENS({SEG};$B$17;{START};1)", "figé le critère"),
    (f"=NB.SI({LOST};1)/NB.SI({START};1)", "pas le résultat attendu"),
]


@pytest.mark.parametrize("formula,words", WRONG)
def test_wrong_formulas_get_their_feedback(formula, words):
    verdict = judge(Q, formula)
    assert not verdict.correct
    assert words in verdict.message, verdict.message


def test_the_monthly_to_annual_rows_follow_one_minus_the_kept_share_to_the_12th():
    grid = spreadsheet.book("06").grid()
    cells = grid["Indicateurs"]
    rows = [row for (col, row), v in cells.items() if col == 1 and str(v).startswith("Attrition annuelle pour")]
    assert len(rows) == 3
    for row in rows:
        monthly = cells[(2, row)]
        assert cells[(3, row)] == pytest.approx(1 - (1 - monthly) ** 12)
        assert cells[(3, row)] < 12 * monthly


def test_every_declared_mistake_is_in_the_cases():
    assert {m.wrong_value() for m in Q.mistakes} <= {formula for formula, _ in WRONG}
