"""Lesson 08 q7: the revenue HT of each month of 2025 at Villeurbanne, copied down (C28 to C39).

Every expected value is computed here with plain pandas from the CSV files, not with kpilab.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from kpilab import spreadsheet
from kpilab.exercises import lecon08
from kpilab.exercises.engine import judge
from kpilab.spreadsheet.evaluate import compute

DATA = Path(__file__).resolve().parents[1] / "datasets"
Q = lecon08.q7
CA, DATE, YEAR = (f"Jours!${c}$2:${c}$622" for c in "EAF")


def _month(month: int) -> float:
    orders = pd.read_csv(DATA / "commandes.csv", parse_dates=["date"], dtype={"client_id": str})
    orders = orders[(orders["point_de_vente"] == "Villeurbanne") & (orders["date"].dt.year == 2025)
                    & (orders["date"].dt.month == month)]
    return orders["montant_ht"].sum()


def test_the_question_is_the_workbooks_formula_and_its_keys_are_the_first_days():
    book = spreadsheet.book("08")
    placed = {p.row: p for p in book.placed()}
    assert placed[28].french == Q.expected_value()
    assert [placed[row].indicator.key for row in range(28, 40)] == [dt.date(2025, m, 1) for m in range(1, 13)]


EQUIVALENT = [
    Q.expected_value(),
    f'=somme.si.ens({CA};{DATE};">="&b28;{DATE};"<"&fin.mois(b28;0)+1)'.lower(),
    f'=SOMME.SI.ENS({CA};{DATE};">="&B28;{DATE};"<="&FIN.MOIS(B28;0))',
    '=SOMME.SI.ENS(Jours!$E:$E;Jours!$A:$A;">="&B28;Jours!$A:$A;"<"&FIN.MOIS(B28;0)+1)',
    f'=SOMME.SI.ENS({CA};{DATE};">="&B28;{DATE};"<"&DATE(ANNEE(B28);MOIS(B28)+1;1))',
    f'=SOMME.SI({DATE};">="&B28;{CA})-SOMME.SI({DATE};">"&FIN.MOIS(B28;0);{CA})',
    f'=SOMMEPROD(({DATE}>=B28)*({DATE}<=FIN.MOIS(B28;0))*{CA})',
]


@pytest.mark.parametrize("formula", EQUIVALENT)
def test_equivalent_formulas_are_right_and_compute_the_months_revenue(formula):
    verdict = judge(Q, formula)
    assert verdict.correct, verdict.message
    grid = spreadsheet.book("08").grid()
    for row in (28, 39):
        shifted = formula.replace("B28", f"B{row}").replace("b28", f"b{row}")
        assert compute(shifted, grid, "Indicateurs") == pytest.approx(_month(row - 27), rel=1e-9)


WRONG = [
    (f'=SOMME.SI.ENS({CA};{DATE};">="&B28;{DATE};"<"&FIN.MOIS(B28;0))', "dernier jour du mois"),
    (f'=SOMME.SI.ENS({CA};{DATE};">"&B28;{DATE};"<"&FIN.MOIS(B28;0)+1)', "premier jour du mois"),
    (f"=SOMME.SI({YEAR};2025;{CA})", "toute l'année 2025"),
    (f'=SOMME.SI.ENS(Jours!$C$2:$C$622;{DATE};">="&B28;{DATE};"<"&FIN.MOIS(B28;0)+1)', "les tickets"),
    (f'=SOMME.SI.ENS({CA};{DATE};">="&$B$28;{DATE};"<"&FIN.MOIS($B$28;0)+1)', "figé le critère"),
    ('=SOMME.SI.ENS(Jours!E2:E622;Jours!A2:A622;">="&B28;Jours!A2:A622;"<"&FIN.MOIS(B28;0)+1)',
     "Fige-les avec des $"),
    ('=SOMME.SI.ENS(Jours!$E$2:$E$500;Jours!$A$2:$A$500;">="&B28;Jours!$A$2:$A$500;"<"&FIN.MOIS(B28;0)+1)',
     "s'arrête à la ligne 500"),
    (f'=SUMIFS({CA};{DATE};">="&B28;{DATE};"<"&EOMONTH(B28;0)+1)', "nom anglais"),
    (f'=SOMME.SI.ENS({CA},{DATE},">="&B28,{DATE},"<"&FIN.MOIS(B28,0)+1)', "point-virgule"),
    ("=36636,32", "ne lit aucune cellule"),
]


@pytest.mark.parametrize("formula,words", WRONG)
def test_wrong_formulas_get_their_feedback(formula, words):
    verdict = judge(Q, formula)
    assert not verdict.correct
    assert words in verdict.message, verdict.message


def test_every_declared_mistake_is_in_the_cases():
    assert {m.wrong_value() for m in Q.mistakes} <= {formula for formula, _ in WRONG}
