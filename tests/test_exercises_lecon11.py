"""Exercises of lesson 11 (piloter l'équipe): every expected value and every figure printed in
the statements, worked out a second way.

The module computes its answers with kpilab.datasets and kpilab.formulas; here each one is
recomputed with plain pandas on the shipped CSV files (or by hand, with the arithmetic written
out), and the figures typed into the answer key's statements are checked against the same data.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kpilab import formatting
from kpilab.exercises import build, lecon11
from kpilab.exercises.engine import CORRECT, INCORRECT, judge

DATA = Path(__file__).resolve().parents[1] / "datasets"


@cache
def _csv(name: str) -> pd.DataFrame:
    dates = {"commandes": ["date"], "objectifs": ["mois"],
             "prospects": ["date_premier_contact", "date_signature", "date_abandon"]}.get(name, [])
    return pd.read_csv(DATA / f"{name}.csv", parse_dates=dates)


@cache
def _tickets() -> pd.DataFrame:
    return _csv("tickets_vendeurs").merge(_csv("commandes"), on="commande_id", validate="one_to_one")


def _seller_year(seller: str, year: int) -> dict[str, float]:
    """A shop seller's year, from the CSV files: sales, tickets, articles, hours and objective."""
    tickets = _tickets()
    mine = tickets[(tickets["vendeur"] == seller) & (tickets["date"].dt.year == year)]
    objectifs = _csv("objectifs")
    months = objectifs[(objectifs["vendeur"] == seller) & (objectifs["mois"].dt.year == year)]
    return {"ht": mine["montant_ht"].sum(), "ttc": mine["montant_ttc"].sum(), "tickets": len(mine),
            "articles": mine["nb_articles"].sum(), "worked": months["heures_travaillees"].sum(),
            "planned": months["heures_prevues"].sum(), "objective": months["objectif_ca_ht"].sum()}


def _close(value, expected, places=9):
    assert float(value) == pytest.approx(expected, rel=10 ** -places, abs=10 ** -places)


def _plain(text: str) -> str:
    """French text with its narrow and plain no-break spaces as ordinary spaces, to compare figures."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _key_text() -> str:
    key = nbformat.read(build.key_path(lecon11.LESSON), as_version=4)
    return _plain("\n".join(c.source for c in key.cells if c.cell_type == "markdown"))


# --- question 1: the objective split by planned hours, by hand ------------------------------------


def test_q1_objective_of_sarah_split_by_planned_hours():
    total_hours = 150 + 115 + 130 + 90  # 485 h planned in April
    assert lecon11.q1.expected_value() == pytest.approx(72_750 * 115 / total_hours)  # 17 250 €
    assert 72_750 / total_hours == pytest.approx(150)  # 150 € of objective per planned hour
    values = sorted(float(m.value()) for m in lecon11.q1.mistakes)
    expected = sorted([72_750 / 4,  # equal shares: 18 187,50 €
                       72_750 * 35 / (35 + 35 + 30 + 21),  # by contract hours: 21 043,39 €
                       72_750 * 115 / (150 + 130 + 90),  # over the others' hours: 22 611,49 €
                       150.0,  # the objective per planned hour
                       115 / total_hours * 100])  # Sarah's share of the hours, in %
    assert values == pytest.approx(expected)


def test_q1_statement_shows_the_hours_the_question_uses():
    text = _key_text()
    assert "72 750 € HT" in text
    for seller, hours in lecon11.Q1_PLANNED.items():
        assert f"| {seller}" in text and f"| {hours} h |" in text
    for seller, weekly in lecon11.Q1_CONTRACT.items():
        assert f"{weekly} h par semaine" in text


# --- question 2: a taux de réalisation over a year -------------------------------------------------


def test_q2_achievement_of_sarah_in_2024_is_total_over_total():
    year = _seller_year("Sarah Benmoussa", 2024)
    _close(lecon11.q2.expected_value(), year["ht"] / year["objective"] * 100)


def test_q2_the_mean_of_monthly_rates_says_the_objective_was_met_when_it_was_not():
    tickets = _tickets()
    mine = tickets[(tickets["vendeur"] == "Sarah Benmoussa") & (tickets["date"].dt.year == 2024)]
    sold = mine.groupby(mine["date"].dt.month)["montant_ht"].sum()
    objectifs = _csv("objectifs")
    months = objectifs[(objectifs["vendeur"] == "Sarah Benmoussa") & (objectifs["mois"].dt.year == 2024)]
    target = months.set_index(months["mois"].dt.month)["objectif_ca_ht"]
    mean_of_rates = (sold.reindex(target.index, fill_value=0) / target * 100).mean()
    assert mean_of_rates > 100 > lecon11.q2.expected_value()  # the classic mistake flips the verdict
    _close(lecon11.q2.mistakes[2].value(), mean_of_rates)


def test_q2_against_the_shop_objective_and_the_shop_rate():
    objectifs = _csv("objectifs")
    villeurbanne = objectifs[(objectifs["point_de_vente"] == "Villeurbanne") & (objectifs["mois"].dt.year == 2024)]
    year = _seller_year("Sarah Benmoussa", 2024)
    _close(lecon11.q2.mistakes[1].value(), year["ht"] / villeurbanne["objectif_ca_ht"].sum() * 100)
    tickets = _tickets()
    shop = tickets[(tickets["point_de_vente"] == "Villeurbanne") & (tickets["date"].dt.year == 2024)]
    _close(lecon11.q2.mistakes[4].value(), shop["montant_ht"].sum() / villeurbanne["objectif_ca_ht"].sum() * 100)


# --- question 3: a fair comparison at the Croix-Rousse in 2024 -------------------------------------


CROIX_ROUSSE = ("Nadia Belkacem", "Thomas Girard", "Emma Petit")


def test_q3_volume_and_hours_point_to_different_sellers():
    years = {seller: _seller_year(seller, 2024) for seller in CROIX_ROUSSE}
    by_total = max(years, key=lambda s: years[s]["ht"])
    by_hour = max(years, key=lambda s: years[s]["ht"] / years[s]["worked"])
    by_achievement = max(years, key=lambda s: years[s]["ht"] / years[s]["objective"])
    assert (by_total, by_hour, by_achievement) == ("Nadia Belkacem", "Emma Petit", "Emma Petit")
    assert lecon11.q3.letters[lecon11.q3.expected_value()].text.startswith("Emma")


def test_q3_figures_in_the_statement_and_the_feedback_come_from_the_data():
    text = _key_text()
    why = _plain(lecon11.q3.options[0].why)
    years = {seller: _seller_year(seller, 2024) for seller in CROIX_ROUSSE}
    for seller, year in years.items():
        assert _plain(f"{formatting.format_euros(year['ht'], digits=0)} HT") in text, seller
    per_hour = {s: y["ht"] / y["worked"] for s, y in years.items()}
    assert f"environ {round(per_hour['Emma Petit'])} €" in why
    assert f"contre {round(per_hour['Nadia Belkacem'])} à {round(per_hour['Thomas Girard'])} €" in why
    emma = years["Emma Petit"]
    assert formatting.format_percent(emma["ht"] / emma["objective"] * 100, digits=1) in lecon11.q3.options[0].why


# --- question 4: CA per hour worked -----------------------------------------------------------------


def test_q4_sales_per_hour_worked_of_mehdi_in_2024():
    year = _seller_year("Mehdi Haddad", 2024)
    assert year["worked"] < year["planned"]  # he was absent: the two divisions differ
    _close(lecon11.q4.expected_value(), year["ht"] / year["worked"])
    _close(lecon11.q4.mistakes[0].value(), year["ht"] / year["planned"])
    _close(lecon11.q4.mistakes[2].value(), year["ht"] / year["tickets"])


# --- question 5: the action after an appraisal interview -------------------------------------------


def test_q5_table_of_the_interview_comes_from_the_data():
    text = _key_text()
    paul, sarah = _seller_year("Paul Lambert", 2025), _seller_year("Sarah Benmoussa", 2025)

    def row(label, value, kind, digits):
        shown = [_plain(formatting.format_value(v, kind, digits=digits)) for v in value]
        return f"| {label} | {shown[0]} | {shown[1]} |"

    def each(numerator, denominator, scale=1):
        return [y[numerator] / y[denominator] * scale for y in (paul, sarah)]

    assert row("taux de réalisation de l'objectif", each("ht", "objective", 100), "percent", 1) in text
    assert row("CA par heure travaillée", each("ht", "worked"), "euros", 2) in text
    assert row("tickets par heure travaillée", each("tickets", "worked"), "number", 2) in text
    assert row("indice de vente (articles par ticket)", each("articles", "tickets"), "number", 2) in text
    assert row("prix moyen d'un article (PMA)", each("ht", "articles"), "euros", 2) in text
    assert row("panier moyen", each("ht", "tickets"), "euros", 2) in text
    # What the table shows: the same traffic and the same articles per ticket, a much lower PMA.
    assert abs(paul["articles"] / paul["tickets"] - sarah["articles"] / sarah["tickets"]) < 0.01
    assert abs(paul["tickets"] / paul["worked"] - sarah["tickets"] / sarah["worked"]) < 0.05
    assert paul["ht"] / paul["articles"] < 0.75 * sarah["ht"] / sarah["articles"]


# --- question 6: a B2B seller's conversion on decided deals ----------------------------------------


def test_q6_conversion_of_sophie_on_her_decided_leads_of_2025():
    prospects = _csv("prospects")
    leads = prospects[(prospects["commercial"] == "Sophie Laurent")
                      & (prospects["date_premier_contact"].dt.year == 2025)]
    won, lost, open_ = ((leads["statut"] == s).sum() for s in ("gagne", "perdu", "en_cours"))
    assert open_ > 0  # the open deals are what the two denominators disagree on
    _close(lecon11.q6.expected_value(), won / (won + lost) * 100)
    _close(lecon11.q6.mistakes[0].value(), won / (won + lost + open_) * 100)
    _close(lecon11.q6.mistakes[1].value(), won / lost * 100)


# --- the written justifications: other words than the key's pass, a vague sentence does not -------


JUSTIFICATIONS = [
    (lecon11.q3, ["Emma est à temps partiel, il faut comparer le chiffre d'affaires par heure travaillée",
                  "Nadia fait plus d'heures, donc son total est plus gros ; à l'heure, Emma vend plus"],
     "Emma est la meilleure vendeuse du magasin cette année"),
    (lecon11.q5, ["son PMA est bas : il faut le former à proposer des vélos plus haut de gamme",
                  "ses articles sont moins chers, Antoine doit l'accompagner et faire un suivi"],
     "Paul doit faire des efforts pour atteindre son objectif"),
]


@pytest.mark.parametrize("question, good, vague", JUSTIFICATIONS, ids=["q3", "q5"])
def test_a_justification_is_judged_on_its_ideas(question, good, vague):
    right = question.expected_value()
    assert judge(question, right, question.justification.model).status == CORRECT
    for sentence in good:
        assert judge(question, right, sentence).status == CORRECT, sentence
    verdict = judge(question, right, vague)
    assert verdict.status == INCORRECT and verdict.mistake == "justification incomplète"


def test_every_question_trains_a_competence_of_bloc_4():
    assert {q.competence for q in lecon11.QUESTIONS} == {"B4.1", "B4.3", "B4.4"}


@pytest.mark.parametrize("question", [q for q in lecon11.QUESTIONS if q.kind != "choice"], ids=lambda q: q.id)
def test_no_answer_can_be_read_in_the_lesson(question):
    """The lesson works other cases: an exercise whose answer it prints would be answered by reading."""
    lesson = Path(__file__).resolve().parents[1] / "notebooks" / f"{lecon11.LESSON}.ipynb"
    if not lesson.exists():
        pytest.skip("lesson 11 is not written yet")
    text = _plain(lesson.read_text(encoding="utf-8"))
    if question.kind == "formula":  # the formula itself, as the lesson would quote it
        shown = question.expected_value()
        assert shown not in text and shown.replace("$", "") not in text, f"{question.id}: {shown} is in the lesson"
        return
    shown = _plain(formatting.format_number(float(question.expected_value()), digits=2))
    assert shown not in text, f"{question.id}: {shown} is printed in the lesson"
