"""Lesson 02 q7: the conversion rate of the leads of each campaign channel, typed in G34 of the sheet
Indicateurs and copied down to G38 (the channels are in B34:B38).

Every expected value is computed here with plain pandas from the CSV files, not with kpilab.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpilab import spreadsheet
from kpilab.exercises import lecon02
from kpilab.exercises.engine import judge
from kpilab.spreadsheet.evaluate import compute

DATA = Path(__file__).resolve().parents[1] / "datasets"
Q = lecon02.q7
COST, CHANNEL, LEADS, SALES = (f"Campagnes!${c}$2:${c}$25" for c in "DCEF")


def _prospects() -> pd.DataFrame:
    return pd.read_csv(DATA / "prospects.csv", dtype=str)


def _campagnes() -> pd.DataFrame:
    return pd.read_csv(DATA / "campagnes.csv")


def _channel_rate(channel: str) -> float:
    """Won deals ÷ leads, over the leads of the channel's campaigns."""
    campaigns = _campagnes().loc[_campagnes()["canal"] == channel, "campagne_id"]
    leads = _prospects()[_prospects()["campagne_id"].isin(campaigns)]
    return (leads["statut"] == "gagne").sum() / len(leads)


def test_the_extract_holds_every_lead_and_campaign_and_the_workbook_agrees_with_pandas():
    book = spreadsheet.book("02")
    prospects, campagnes = _prospects(), _campagnes()
    assert [book.rows(sheet) for sheet in book.sheets] == [len(prospects) + 1, len(campagnes) + 1] == [590, 25]
    grid = book.grid()
    results = {grid["Indicateurs"][(1, p.row)]: grid["Indicateurs"][(3, p.row)] for p in book.placed()}
    won = prospects["statut"] == "gagne"
    assert results["Taux de conversion des leads"] == pytest.approx(won.mean(), rel=1e-12)
    closed = prospects["statut"] != "en_cours"
    assert results["Taux parmi les affaires conclues"] == pytest.approx(won.sum() / closed.sum(), rel=1e-12)
    for source, part in prospects.groupby("source"):
        assert results[f"Taux de conversion — {source}"] == pytest.approx((part["statut"] == "gagne").mean())
    from_campaigns = prospects[prospects["source"] == "campagne"]
    assert results["Coût par conversion"] == pytest.approx(
        campagnes["cout_ht"].sum() / (from_campaigns["statut"] == "gagne").sum(), rel=1e-12)


EQUIVALENT = [
    (Q.expected_value(), 1),
    ("=somme.si.ens(campagnes!$f$2:$f$25;campagnes!$c$2:$c$25;b34)/somme.si.ens(campagnes!$e$2:$e$25;"
     "campagnes!$c$2:$c$25;b34)", 1),
    (f"=SOMME.SI({CHANNEL};B34;{SALES})/SOMME.SI({CHANNEL};B34;{LEADS})", 1),
    ("=SOMME.SI.ENS(Campagnes!$F:$F;Campagnes!$C:$C;B34)/SOMME.SI.ENS(Campagnes!$E:$E;Campagnes!$C:$C;B34)", 1),
    ("=SOMME.SI.ENS(Campagnes!F$2:F$25;Campagnes!C$2:C$25;$B34)/SOMME.SI.ENS(Campagnes!E$2:E$25;"
     "Campagnes!C$2:C$25;$B34)", 1),
    (f"=1/(SOMME.SI.ENS({LEADS};{CHANNEL};B34)/SOMME.SI.ENS({SALES};{CHANNEL};B34))", 1),
    (f"=SOMMEPROD(({CHANNEL}=B34)*{SALES})/SOMMEPROD(({CHANNEL}=B34)*{LEADS})", 1),
    (f"=SOMME.SI.ENS({SALES};{CHANNEL};B34)/SOMME.SI.ENS({LEADS};{CHANNEL};B34)*100", 100),
]


@pytest.mark.parametrize("formula,scale", EQUIVALENT)
def test_equivalent_formulas_are_right_and_compute_the_channels_rate(formula, scale):
    verdict = judge(Q, formula)
    assert verdict.correct, verdict.message
    grid = spreadsheet.book("02").grid()
    assert grid["Indicateurs"][(2, 34)] == "emailing"
    assert compute(formula, grid, "Indicateurs") == pytest.approx(_channel_rate("emailing") * scale, rel=1e-9)


def test_the_copies_compute_each_channel():
    grid = spreadsheet.book("02").grid()
    channels = [grid["Indicateurs"][(2, row)] for row in range(34, 39)]
    assert sorted(channels) == sorted(_campagnes()["canal"].unique())
    for row, channel in zip(range(34, 39), channels):
        formula = Q.expected_value().replace("B34", f"B{row}")
        assert compute(formula, grid, "Indicateurs") == pytest.approx(_channel_rate(channel), rel=1e-9)


WRONG = [
    (f"=SOMME.SI.ENS({SALES};{CHANNEL};B34)/SOMME({LEADS})", "leads de toutes les campagnes"),
    (f"=SOMME.SI.ENS({LEADS};{CHANNEL};B34)/SOMME.SI.ENS({SALES};{CHANNEL};B34)", "à l'envers"),
    (f"=SOMME.SI.ENS({SALES};{CHANNEL};B34)/NB.SI({CHANNEL};B34)", "nombre de campagnes du canal"),
    (f"=SOMME.SI.ENS({COST};{CHANNEL};B34)/SOMME.SI.ENS({SALES};{CHANNEL};B34)", "coût par conversion"),
    ("=SOMME.SI.ENS(Campagnes!F2:F25;Campagnes!C2:C25;B34)/SOMME.SI.ENS(Campagnes!E2:E25;Campagnes!C2:C25;B34)",
     "Fige-les avec des $"),
    ("=SOMME.SI.ENS(Campagnes!$F$2:$F$20;Campagnes!$C$2:$C$20;B34)/SOMME.SI.ENS(Campagnes!$E$2:$E$20;"
     "Campagnes!$C$2:$C$20;B34)", "s'arrête à la ligne 20"),
    (f"=SUMIFS({SALES};{CHANNEL};B34)/SUMIFS({LEADS};{CHANNEL};B34)", "nom anglais"),
    (f"=SOMME.SI.ENS({SALES},{CHANNEL},B34)/SOMME.SI.ENS({LEADS},{CHANNEL},B34)", "point-virgule"),
    (f"=SOMME.SI.ENS({SALES};{CHANNEL};$B$34)/SOMME.SI.ENS({LEADS};{CHANNEL};$B$34)", "ne suit plus sa ligne"),
    ("=18/163", "ne lit aucune cellule"),
    (f"=SOMME({SALES})/SOMME({LEADS})", "pas le résultat attendu"),
]


@pytest.mark.parametrize("formula,words", WRONG)
def test_wrong_formulas_get_their_feedback(formula, words):
    verdict = judge(Q, formula)
    assert not verdict.correct
    assert words in verdict.message, verdict.message


def test_the_wrong_formulas_compute_what_their_messages_say():
    grid = spreadsheet.book("02").grid()
    campaigns = _campagnes()[_campagnes()["canal"] == "emailing"]
    leads = _prospects()[_prospects()["campagne_id"].isin(campaigns["campagne_id"])]
    sales = (leads["statut"] == "gagne").sum()
    assert compute(WRONG[2][0], grid, "Indicateurs") == pytest.approx(sales / len(campaigns))
    assert compute(WRONG[3][0], grid, "Indicateurs") == pytest.approx(campaigns["cout_ht"].sum() / sales)


def test_every_declared_mistake_is_in_the_cases():
    assert {m.wrong_value() for m in Q.mistakes} <= {formula for formula, _ in WRONG}
