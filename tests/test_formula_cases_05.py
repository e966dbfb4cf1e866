"""Lesson 05 q7: the taux de rétention 2025 of the Croix-Rousse members, on the sheet Clients (K2).

Every expected value is computed here with plain pandas from the CSV files, not with kpilab.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpilab import spreadsheet
from kpilab.exercises import lecon05
from kpilab.exercises.engine import judge
from kpilab.spreadsheet.evaluate import compute

DATA = Path(__file__).resolve().parents[1] / "datasets"
Q = lecon05.q7
START, END, KEPT, JOINED, FIRST, LAST = "G2:G1174", "H2:H1174", "I2:I1174", "C2:C1174", "D2:D1174", "E2:E1174"
JAN = "DATE(2025;1;1)"


def _members_orders() -> tuple[pd.DataFrame, pd.DataFrame]:
    clients = pd.read_csv(DATA / "clients.csv", parse_dates=["date_inscription"])
    commandes = pd.read_csv(DATA / "commandes.csv", parse_dates=["date"], dtype={"client_id": str})
    members = clients[clients["point_de_vente"] == "Croix-Rousse"]
    return members, commandes[commandes["client_id"].isin(members["client_id"])]


def _sets():
    members, orders = _members_orders()
    start = set(orders.loc[orders["date"].dt.year == 2024, "client_id"])
    end = set(orders.loc[orders["date"].dt.year == 2025, "client_id"])
    new = end & set(members.loc[members["date_inscription"].dt.year == 2025, "client_id"])
    return start, end, new


def _retention() -> float:
    """Members active in 2024 and in 2025 ÷ members active in 2024 (a fraction, as the cell holds it)."""
    start, end, _ = _sets()
    return len(start & end) / len(start)


def test_the_extract_holds_every_member_who_bought_and_the_rule_of_the_course():
    members, orders = _members_orders()
    book = spreadsheet.book("05")
    assert book.rows(book.sheets[0]) == orders["client_id"].nunique() + 1 == 1174
    start, end, new = _sets()
    grid = book.grid()
    values = {p.indicator.label: grid["Indicateurs"][(3, p.row)] for p in book.placed()}
    assert values["S\u00a0: clients actifs en 2024 (au début)"] == len(start)
    assert values["N\u00a0: nouveaux clients de 2025"] == len(new)
    assert not new & start  # a new customer of 2025 is never among the customers at the start
    assert values["Taux de rétention 2025"] == pytest.approx(_retention(), rel=1e-12)


EQUIVALENT = [
    Q.expected_value(),
    "=nb.si.ens(g2:g1174;1;h2:h1174;1)/nb.si(g2:g1174;1)",
    f"=NB.SI.ENS(Clients!{START};1;Clients!{END};1)/NB.SI(Clients!{START};1)",
    "=NB.SI.ENS(G:G;1;H:H;1)/NB.SI(G:G;1)",
    f"=SOMME({KEPT})/SOMME({START})",
    f"=SOMME({KEPT})/SOMME({START})*100",
    f"=SOMMEPROD({START};{END})/SOMME({START})",
    f'=NB.SI.ENS({FIRST};"<"&{JAN};{LAST};">="&{JAN})/NB.SI({FIRST};"<"&{JAN})',
    f"=1-NB.SI.ENS({START};1;{END};0)/NB.SI({START};1)",
]


@pytest.mark.parametrize("formula", EQUIVALENT)
def test_equivalent_formulas_are_right_and_compute_the_retention_rate(formula):
    verdict = judge(Q, formula)
    assert verdict.correct, verdict.message
    value = compute(formula, spreadsheet.book("05").grid(), "Clients")
    scale = 100 if formula.endswith("*100") else 1
    assert value == pytest.approx(_retention() * scale, rel=1e-9)


def test_a_rate_times_100_is_right_with_the_standard_format():
    verdict = judge(Q, f"=SOMME({KEPT})/SOMME({START})*100")
    assert "format Standard" in verdict.message


WRONG = [
    (f"=NB.SI({END};1)/NB.SI({START};1)", "nouveaux clients de 2025 sont comptés comme conservés"),
    (f'=(NB.SI({END};1)-NB.SI.ENS({END};1;{JOINED};">="&{JAN}))/NB.SI({START};1)', "clients revenus"),
    (f"=NB.SI.ENS({START};1;{END};1)/NB.SI({END};1)", "ceux de la fin"),
    (f"=NB.SI.ENS({START};1;{END};0)/NB.SI({START};1)", "taux d'attrition"),
    ("=NB.SI.ENS(G2:G900;1;H2:H900;1)/NB.SI(G2:G900;1)", "s'arrête à la ligne 900"),
    (f"=COUNTIFS({START};1;{END};1)/COUNTIF({START};1)", "nom anglais"),
    (f"=NB.SI.ENS({START},1,{END},1)/NB.SI({START},1)", "point-virgule"),
    (f"=SOMME({KEPT})/NBVAL(A2:A1174)", "pas le résultat attendu"),
    ("=407/689", "ne lit aucune cellule"),
]


@pytest.mark.parametrize("formula,words", WRONG)
def test_wrong_formulas_get_their_feedback(formula, words):
    verdict = judge(Q, formula)
    assert not verdict.correct
    assert words in verdict.message, verdict.message


def test_the_new_customers_counted_as_retained_would_exceed_100_percent():
    start, end, _ = _sets()
    formula = f"=NB.SI({END};1)/NB.SI({START};1)"
    assert compute(formula, spreadsheet.book("05").grid(), "Clients") == pytest.approx(len(end) / len(start))
    assert len(end) / len(start) > 1


def test_every_declared_mistake_is_in_the_cases():
    assert {m.wrong_value() for m in Q.mistakes} <= {formula for formula, _ in WRONG}
