"""Lesson 07 q6: the 2025 churn of Villeurbanne's private customers, typed in Clients!H2.

Every expected value is computed here with plain pandas from the CSV files, not with kpilab.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpilab import spreadsheet
from kpilab.exercises import lecon07
from kpilab.exercises.engine import judge
from kpilab.spreadsheet.evaluate import compute

DATA = Path(__file__).resolve().parents[1] / "datasets"
Q = lecon07.q6
Y24, Y25, ID = "C2:C1531", "D2:D1531", "A2:A1531"


def _churn() -> float:
    """Customers of 2024 without a 2025 order ÷ customers of 2024, Villeurbanne's private customers."""
    clients = pd.read_csv(DATA / "clients.csv", dtype=str)
    ids = set(clients[(clients["point_de_vente"] == "Villeurbanne") & (clients["type_client"] == "particulier")]["client_id"])
    orders = pd.read_csv(DATA / "commandes.csv", parse_dates=["date"], dtype={"client_id": str})
    orders = orders[orders["client_id"].isin(ids)]
    start = set(orders.loc[orders["date"].dt.year == 2024, "client_id"])
    kept = set(orders.loc[orders["date"].dt.year == 2025, "client_id"])
    return len(start - kept) / len(start)


def test_the_extract_has_one_row_per_customer_of_the_shop():
    book = spreadsheet.book("07")
    frame = book.frame(book.sheets[0])
    assert book.rows(book.sheets[0]) == 1531
    assert frame["client_id"].is_unique
    assert ((frame["achats_2024"] == 0) & (frame["achats_2025"] == 0)).any()  # customers who no longer buy


EQUIVALENT = [
    Q.expected_value(),
    f'=nb.si.ens(Clients!{Y24};">0";Clients!{Y25};0)/nb.si(Clients!{Y24};">0")',
    '=NB.SI.ENS(C:C;">0";D:D;0)/NB.SI(C:C;">0")',
    f'=(NB.SI({Y24};">0")-NB.SI.ENS({Y24};">0";{Y25};">0"))/NB.SI({Y24};">0")',
    f'=1-NB.SI.ENS({Y24};">0";{Y25};">0")/NB.SI({Y24};">0")',
    f'=NB.SI.ENS({Y25};0;{Y24};">0")/NB.SI({Y24};">0")*100',
    f'=NB.SI.ENS({Y24};">=1";{Y25};"=0")/NB.SI({Y24};">=1")',
]


@pytest.mark.parametrize("formula", EQUIVALENT)
def test_equivalent_formulas_are_right_and_compute_the_churn(formula):
    verdict = judge(Q, formula)
    assert verdict.correct, verdict.message
    value = compute(formula, spreadsheet.book("07").grid(), "Clients")
    scale = 100 if formula.endswith("*100") else 1
    assert value == pytest.approx(_churn() * scale, rel=1e-9)


WRONG = [
    ('=NB.SI(D2:D1531;0)/NB.SI(C2:C1531;">0")', "qui n'avaient pas acheté en 2024"),
    ('=NB.SI.ENS(C2:C1531;">0";D2:D1531;0)/NBVAL(A2:A1531)', "tous les clients du fichier"),
    ('=NB.SI.ENS(C2:C1531;">0";D2:D1531;">0")/NB.SI(C2:C1531;">0")', "taux de rétention"),
    ('=NB.SI(C2:C1531;">0")/NB.SI.ENS(C2:C1531;">0";D2:D1531;0)', "à l'envers"),
    ('=NB.SI.ENS(C2:C1000;">0";D2:D1000;0)/NB.SI(C2:C1000;">0")', "s'arrête à la ligne 1000"),
    (f'=COUNTIFS({Y24};">0";{Y25};0)/COUNTIF({Y24};">0")', "nom anglais"),
    (f'=NB.SI.ENS({Y24},">0",{Y25},0)/NB.SI({Y24},">0")', "point-virgule"),
    ("=0,4318", "ne lit aucune cellule"),
]


@pytest.mark.parametrize("formula,words", WRONG)
def test_wrong_formulas_get_their_feedback(formula, words):
    verdict = judge(Q, formula)
    assert not verdict.correct
    assert words in verdict.message, verdict.message


def test_every_declared_mistake_is_in_the_cases():
    assert {m.wrong_value() for m in Q.mistakes} <= {formula for formula, _ in WRONG}
