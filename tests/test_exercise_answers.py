"""The expected answers of the questions added or changed, computed a second way.

Each figure is worked out here from the shipped CSV files read with the csv
module (tests/course_csv.py), in plain Python, and compared with what the
question expects (computed by kpilab). The multiple-choice letters are laid
out by the engine; only numbers and names are checked here.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date

import pytest
from course_csv import rows

from kpilab.exercises import lecon01, lecon02, lecon03, lecon04, lecon05, lecon07, lecon08, lecon09


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _valid(campaign) -> int:
    return int(campaign["contacts"]) - int(campaign["contacts_invalides"])


def _won():
    return [p for p in rows("prospects") if p["statut"] == "gagne"]


def _cycle(prospect) -> int:
    return (_day(prospect["date_signature"]) - _day(prospect["date_premier_contact"])).days


def _close(value, expected, places=9):
    assert float(value) == pytest.approx(expected, rel=10 ** -places, abs=10 ** -places)


# --- lesson 01 ----------------------------------------------------------------------------------


def test_01_cost_per_response_of_c09():
    c09 = next(c for c in rows("campagnes") if c["campagne_id"] == "C09")
    _close(lecon01.q4.expected_value(), float(c09["cout_ht"]) / int(c09["reponses"]))


def test_01_valid_contacts_needed_for_100_responses():
    others = [c for c in rows("campagnes") if c["canal"] == "emailing" and c["campagne_id"] != "C09"]
    rate = sum(int(c["reponses"]) for c in others) / sum(_valid(c) for c in others)  # a fraction
    _close(lecon01.q6.expected_value(), 100 / rate)


# --- lesson 02 ----------------------------------------------------------------------------------


def test_02_conversion_of_the_leads_of_2025():
    leads = [p for p in rows("prospects") if p["date_premier_contact"].startswith("2025")]
    _close(lecon02.q2.expected_value(), sum(p["statut"] == "gagne" for p in leads) / len(leads) * 100)


# --- lesson 03 ----------------------------------------------------------------------------------


def test_03_mean_cycle_of_the_deals_signed_in_2025():
    signed = [_cycle(p) for p in _won() if p["date_signature"].startswith("2025")]
    _close(lecon03.q2.expected_value(), statistics.mean(signed))


def test_03_sector_with_the_longest_median_cycle():
    cycles = defaultdict(list)
    for prospect in _won():
        cycles[prospect["secteur"]].append(_cycle(prospect))
    medians = {sector: statistics.median(days) for sector, days in cycles.items()}
    assert lecon03.q3.expected_value() == max(medians, key=medians.get)
    means = {sector: statistics.mean(days) for sector, days in cycles.items()}
    assert lecon03.q3.mistakes[0].value() == max(means, key=means.get)  # the skewed mean points elsewhere


def test_03_mean_cycle_of_the_campaign_leads_from_first_contact():
    cycles = [_cycle(p) for p in _won() if p["source"] == "campagne"]
    _close(lecon03.q4.expected_value(), statistics.mean(cycles))


# --- lesson 04 ----------------------------------------------------------------------------------


def test_04_basket_of_the_three_shops_in_2024():
    tickets = [o for o in rows("commandes") if o["canal"] == "magasin" and o["date"].startswith("2024")]
    _close(lecon04.q2.expected_value(), sum(float(o["montant_ht"]) for o in tickets) / len(tickets))


def test_04_basket_from_a_revenue_including_vat():
    assert lecon04.q1.expected_value() == pytest.approx(17280 / 1.2 / 80)  # 180 €


# --- lesson 05 ----------------------------------------------------------------------------------


def _active(year: str) -> set[str]:
    return {o["client_id"] for o in rows("commandes") if o["client_id"] and o["date"].startswith(year)}


def test_05_returning_customers_of_the_famille_segment():
    clients = rows("clients")
    famille = {c["client_id"] for c in clients if c["segment"] == "famille"}
    new_2025 = {c["client_id"] for c in clients if c["date_inscription"].startswith("2025")}
    returning = (_active("2025") & famille) - _active("2024") - new_2025
    assert lecon05.q3.expected_value() == len(returning)


def _quarter(text: str) -> tuple[int, int]:
    day = _day(text)
    return day.year, (day.month - 1) // 3 + 1


def test_05_cohort_table_read_at_a_calendar_quarter():
    cohort = {c["client_id"] for c in rows("clients") if _quarter(c["date_inscription"]) == (2024, 4)}
    bought = {o["client_id"] for o in rows("commandes") if o["client_id"] in cohort
              and _quarter(o["date"]) == (2025, 3)}
    _close(lecon05.q4.expected_value(), len(bought) / len(cohort) * 100)


# --- lesson 07 ----------------------------------------------------------------------------------


def test_07_margin_of_a_first_order_over_the_linkedin_acquisition_cost():
    linkedin = {c["campagne_id"]: float(c["cout_ht"]) for c in rows("campagnes") if c["canal"] == "linkedin"}
    won = [p for p in _won() if p["campagne_id"] in linkedin]
    signed = {(p["client_id"], p["date_signature"]) for p in won}
    fleets = {o["commande_id"] for o in rows("commandes")
              if o["canal"] == "b2b" and (o["client_id"], o["date"]) in signed}  # ordered the day of signature
    assert len(fleets) == len(won)
    margin = sum(float(line["montant_ht"]) - int(line["quantite"]) * float(line["prix_achat_unitaire_ht"])
                 for line in rows("lignes_commande") if line["commande_id"] in fleets)
    acquisition_cost = sum(linkedin.values()) / len(won)
    _close(lecon07.q3.expected_value(), margin / len(won) / acquisition_cost)


# --- lesson 08 ----------------------------------------------------------------------------------


def test_08_basket_of_the_famille_segment_in_2025():
    famille = {c["client_id"] for c in rows("clients") if c["segment"] == "famille"}
    orders = [o for o in rows("commandes") if o["client_id"] in famille and o["date"].startswith("2025")]
    _close(lecon08.q4.expected_value(), sum(float(o["montant_ht"]) for o in orders) / len(orders))


# --- lesson 09 ----------------------------------------------------------------------------------


def test_09_conversion_of_the_three_shops_in_2025():
    tickets = sum(1 for o in rows("commandes") if o["canal"] == "magasin" and o["date"].startswith("2025"))
    visitors = sum(int(f["visiteurs"]) for f in rows("frequentation")
                   if f["point_de_vente"] != "Site web" and f["date"].startswith("2025"))
    _close(lecon09.q2.expected_value(), tickets / visitors * 100)


def test_09_markup_rate_of_villeurbanne_in_2025():
    ids = {o["commande_id"] for o in rows("commandes")
           if o["point_de_vente"] == "Villeurbanne" and o["date"].startswith("2025")}
    lines = [line for line in rows("lignes_commande") if line["commande_id"] in ids]
    revenue = sum(float(line["montant_ht"]) for line in lines)
    cost = sum(int(line["quantite"]) * float(line["prix_achat_unitaire_ht"]) for line in lines)
    _close(lecon09.q3.expected_value(), (revenue - cost) / cost * 100, places=6)


def test_09_price_from_a_target_markup_on_the_selling_price():
    assert lecon09.q6.expected_value() == pytest.approx(27 / 0.60 * 1.20)  # 54 € TTC
    assert lecon09.q6.mistakes[3].value() == pytest.approx(27 / 0.40 * 1.20)  # divided by 0,40: 81 €
