"""The simulators' logic, checked with numbers worked out by hand, and their widgets.

Simulators count whole people, sales and tickets: each stage is rounded half up
(77,5 → 78) from the previous stage's whole count, and every figure shown is
computed from the counts shown. The property test at the end recomputes every
figure from the counts with exact fractions, for any lever values.
"""

from __future__ import annotations

import math
import re
import statistics
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from course_csv import rows
from test_simulators_team import TARGET_COUNTS, check_target

from kpilab import KPIError, formatting, simulators
from kpilab.simulators import SIMULATORS
from kpilab.widgets import format_result, render_results, simulator


def plain(text: str) -> str:
    """French text with its no-break spaces (U+00A0, U+202F) as plain spaces."""
    return re.sub("[\u00a0\u202f]", " ", text)


def shown(sim, values: dict) -> dict[str, str]:
    """The results table as the student reads it: label → text (spaces made plain)."""
    html = render_results(sim, values)
    cells = re.findall(r"<td[^>]*>(.*?)</td><td[^>]*>(.*?)</td>", html)
    return {plain(label.replace("&#x27;", "'")): plain(value) for label, value in cells}


# --- worked by hand ----------------------------------------------------------------------


def test_funnel_by_hand():
    # 2 000 contacts × 5 % = 100 réponses × 40 % = 40 leads × 25 % = 10 ventes × 3 000 € = 30 000 €
    out = simulators.FUNNEL.run()
    assert (out["responses"], out["leads"], out["sales"]) == (100, 40, 10)
    assert out["revenue"] == 30_000
    assert out["overall"] == pytest.approx(0.5)  # 10 ventes pour 2 000 contacts


def test_funnel_counts_whole_people_at_each_stage():
    # 2 000 × 2,5 % = 50 réponses; 50 × 45 % = 22,5 → 23 leads; 23 × 50 % = 11,5 → 12 ventes
    out = simulators.FUNNEL.run(contacts=2000, response=2.5, qualification=45, conversion=50, basket=1000)
    assert (out["responses"], out["leads"], out["sales"]) == (50, 23, 12)
    assert out["revenue"] == 12_000  # 12 ventes × 1 000 €, not 11,5 × 1 000 €
    assert out["overall"] == pytest.approx(0.6)  # 12 ÷ 2 000 × 100
    table = shown(simulators.FUNNEL, {"contacts": 2000, "response": 2.5, "qualification": 45,
                                      "conversion": 50, "basket": 1000})
    assert table["Ventes"] == "12" and table["Ventes pour 100 contacts"] == "0,6 %"
    assert table["Chiffre d'affaires HT"] == "12 000,00 €"


def test_a_count_lever_is_a_whole_number_too():
    # 2 049,5 contacts → 2 050; × 5 % = 102,5 → 103 réponses; × 40 % = 41,2 → 41; × 25 % = 10,25 → 10
    out = simulators.FUNNEL.run(contacts=2049.5)
    assert (out["responses"], out["leads"], out["sales"]) == (103, 41, 10)
    assert out["overall"] == pytest.approx(10 / 2050 * 100)


def test_response_counts_whole_responses():
    # 5 000 contacts, 10 % invalides → 4 500 valides; 2,5 % → 112,5 → 113 réponses
    out = simulators.RESPONSE.run()
    assert (out["reached"], out["responses"]) == (4500, 113)
    assert out["rate"] == pytest.approx(113 / 4500 * 100)  # 2,51 %, shown 2,5 %
    assert out["wrong_rate"] == pytest.approx(2.26)  # 113 ÷ 5 000 × 100
    assert out["cost_per_response"] == pytest.approx(1500 / 113)  # 13,27 €, not 1 500 ÷ 112,5
    table = shown(simulators.RESPONSE, {})
    assert table["Réponses"] == "113" and table["Coût par réponse"] == "13,27 €"
    assert table["Taux de réponse (sur les contacts valides)"] == "2,5 %"


def test_response_like_campaign_c09():
    # 3 200 contacts, 24 % invalides → 3 200 × 76 % = 2 432 valides; × 0,5 % = 12,16 → 12 réponses
    out = simulators.RESPONSE.run(contacts=3200, invalid=24, response_rate=0.5, cost=6300)
    assert (out["reached"], out["responses"]) == (2432, 12)
    assert out["cost_per_response"] == pytest.approx(525)  # 6 300 ÷ 12
    assert out["wrong_rate"] == pytest.approx(0.375)  # 12 ÷ 3 200 × 100


def test_no_response_means_no_cost_per_response():
    out = simulators.RESPONSE.run(response_rate=0)
    assert out["responses"] == 0 and out["cost_per_response"] is None
    assert out["rate"] == 0  # 0 réponse sur 4 500 contacts valides: a real 0 %
    table = shown(simulators.RESPONSE, {"response_rate": 0})
    assert table["Coût par réponse"] == "non défini"
    assert "Aucune réponse : le coût par réponse n'est pas défini." in plain(
        render_results(simulators.RESPONSE, {"response_rate": 0}).replace("&#x27;", "'"))


def test_conversion_by_hand():
    # 50 leads × 10 % = 5 ventes; 10 000 € ÷ 5 = 2 000 €; 6 000 € × 25 % = 1 500 € of margin a deal
    out = simulators.CONVERSION.run(leads=50, conversion_rate=10, cost=10_000, deal_value=6_000, margin_rate=25)
    assert out["sales"] == 5
    assert out["cost_per_conversion"] == pytest.approx(2_000)
    assert out["revenue"] == 30_000  # 5 × 6 000 €
    assert (out["deal_margin"], out["margin"]) == (1_500, 7_500)  # 5 × 1 500 €
    assert out["margin_after_cost"] == -2_500  # 7 500 − 10 000: the revenue (30 000 €) hid a loss
    assert out["coverage"] == pytest.approx(0.75)  # 7 500 ÷ 10 000


def test_conversion_judges_the_cost_against_the_margin():
    # defaults: 100 leads × 20 % = 20 ventes; 8 000 € × 23,7 % = 1 896 € a deal; 20 × 1 896 = 37 920 €
    out = simulators.CONVERSION.run()
    assert out["sales"] == 20 and out["deal_margin"] == 1_896 and out["margin"] == 37_920
    assert out["margin_after_cost"] == 25_920  # 37 920 − 12 000
    assert out["coverage"] == pytest.approx(3.16)  # 37 920 ÷ 12 000, and 1 896 ÷ 600 € per sale
    assert shown(simulators.CONVERSION, {}) == {
        "Ventes": "20", "Coût par conversion": "600,00 €", "Chiffre d'affaires HT (ventes × montant)": "160 000,00 €",
        "Marge d'une affaire (montant × taux de marque)": "1 896,00 €",
        "Marge des ventes (ventes × marge d'une affaire)": "37 920,00 €", "Marge − coût": "25 920,00 €",
        "La marge couvre le coût (marge ÷ coût)": "3,2 fois"}
    # the same revenue with a taux de marque of 10 %: 20 × 800 € = 16 000 € covers 12 000 € only 1,3 times
    thin = shown(simulators.CONVERSION, {"margin_rate": 10})
    assert thin["Chiffre d'affaires HT (ventes × montant)"] == "160 000,00 €"
    assert thin["Marge − coût"] == "4 000,00 €" and thin["La marge couvre le coût (marge ÷ coût)"] == "1,3 fois"


def test_conversion_margin_of_a_deal_is_rounded_to_the_cent_before_counting_sales():
    # 8 000,01 € × 23,7 % = 1 896,00237 → 1 896,00 €; 20 ventes × 1 896,00 € = 37 920,00 € (not 37 920,05 €)
    out = simulators.CONVERSION.run(deal_value=8_000.01)
    assert (out["deal_margin"], out["margin"]) == (1_896.00, 37_920.00)
    assert out["revenue"] == 160_000.20  # 20 × 8 000,01 €
    # 7 × 1 234,57 € × 33,3 % = 7 × 411,11181 → 7 × 411,11 = 2 877,77 €; − 1 000 € = 1 877,77 €
    out = simulators.CONVERSION.run(leads=7, conversion_rate=100, deal_value=1_234.57, margin_rate=33.3, cost=1_000)
    assert (out["deal_margin"], out["margin"], out["margin_after_cost"]) == (411.11, 2_877.77, 1_877.77)


@pytest.mark.parametrize("cost", [0, 1e-300, 0.004])  # all 0,00 € once rounded to the cent
def test_no_cost_means_no_coverage(cost):
    out = simulators.CONVERSION.run(cost=cost)
    assert out["coverage"] is None and out["margin_after_cost"] == out["margin"] == 37_920
    assert out["cost_per_conversion"] == 0
    html = plain(render_results(simulators.CONVERSION, {"cost": cost}).replace("&#x27;", "'"))
    assert "Coût nul : il n'y a pas de coût à couvrir, le rapport marge ÷ coût n'est pas défini." in html


def test_conversion_starts_from_the_taux_de_marque_of_lesson_02s_fleets():
    """The default lever is the taux de marque of the fleets signed after a campaign, from the CSV files."""
    won = {(r["client_id"], r["date_signature"]) for r in rows("prospects")
           if r["source"] == "campagne" and r["statut"] == "gagne"}
    fleets = {r["commande_id"] for r in rows("commandes") if r["canal"] == "b2b" and (r["client_id"], r["date"]) in won}
    lines = [r for r in rows("lignes_commande") if r["commande_id"] in fleets]
    sales = sum(float(r["montant_ht"]) for r in lines)
    bought = sum(int(r["quantite"]) * float(r["prix_achat_unitaire_ht"]) for r in lines)
    lever = next(lever for lever in simulators.CONVERSION.levers if lever.name == "margin_rate")
    assert lever.value == simulators.FLEET_MARGIN_RATE == round((sales - bought) / sales * 100, 1) == 23.7


def test_conversion_with_310_leads_uses_78_sales_everywhere():
    # 310 leads × 25 % = 77,5 → 78 ventes: 78 × 8 000 € = 624 000 €, 12 000 € ÷ 78 = 153,85 €,
    # 78 × 1 896 € = 147 888 € of margin, − 12 000 € = 135 888 €, 147 888 ÷ 12 000 = 12,324 → 12,3 fois
    values = {"leads": 310, "conversion_rate": 25}
    out = simulators.CONVERSION.run(**values)
    assert out["sales"] == 78
    assert out["revenue"] == 624_000
    assert out["cost_per_conversion"] == pytest.approx(12_000 / 78)
    assert out["margin"] == 147_888 and out["margin_after_cost"] == 135_888
    table = shown(simulators.CONVERSION, values)
    assert table == {"Ventes": "78", "Coût par conversion": "153,85 €",
                     "Chiffre d'affaires HT (ventes × montant)": "624 000,00 €",
                     "Marge d'une affaire (montant × taux de marque)": "1 896,00 €",
                     "Marge des ventes (ventes × marge d'une affaire)": "147 888,00 €",
                     "Marge − coût": "135 888,00 €", "La marge couvre le coût (marge ÷ coût)": "12,3 fois"}


@pytest.mark.parametrize("values", [{"leads": 0}, {"conversion_rate": 0}, {"leads": 1, "conversion_rate": 2.2e-309},
                                    {"leads": 2, "conversion_rate": 24}])  # 2 × 24 % = 0,48 → 0 vente
def test_no_sale_means_no_cost_per_conversion(values):
    out = simulators.CONVERSION.run(**values)
    assert out["sales"] == 0 and out["cost_per_conversion"] is None and out["revenue"] == 0
    assert out["margin"] == 0 and out["margin_after_cost"] == -12_000 and out["coverage"] == 0
    html = plain(render_results(simulators.CONVERSION, values).replace("&#x27;", "'"))
    assert "non défini" in html
    assert "Aucune vente : le coût par conversion n'est pas défini." in html


def test_cycle_mean_moves_median_barely():
    typical = simulators.TYPICAL_CYCLES  # 18 … 70, sum 430, median (40 + 44) / 2 = 42
    assert sum(typical) == 430
    none = simulators.CYCLE.run(long_deals=0)
    assert none["mean"] == pytest.approx(43.0) and none["median"] == pytest.approx(42.0)
    three = simulators.CYCLE.run(long_deals=3, long_days=300)
    assert three["deals"] == 13
    assert three["mean"] == pytest.approx(102.3)  # (430 + 900) ÷ 13 = 102,31 → 102,3
    assert three["median"] == 49.0  # 13 values: the 7th is 49
    assert three["gap"] == pytest.approx(53.3)  # 102,3 − 49,0, as shown
    table = shown(simulators.CYCLE, {"long_deals": 3, "long_days": 300})
    assert table["Cycle moyen"] == "102,3 jours" and table["Écart moyenne − médiane"] == "53,3 jours"


def test_cycle_gap_is_the_difference_of_the_figures_shown():
    # 6 deals of 61 days: mean (430 + 366) ÷ 16 = 49,75 → 49,8; median (55 + 61) ÷ 2 = 58,0
    out = simulators.CYCLE.run(long_deals=6, long_days=61)
    assert (out["mean"], out["median"]) == (pytest.approx(49.8), 58.0)
    assert out["gap"] == pytest.approx(-8.2)  # 49,8 − 58,0 (and not −8,25 rounded to −8,3)


def test_cycle_days_are_whole():
    # 1 deal of 299,6 days is a deal of 300 days: (430 + 300) ÷ 11 = 66,36 → 66,4
    assert simulators.CYCLE.run(long_deals=1, long_days=299.6)["mean"] == pytest.approx(66.4)
    assert simulators.CYCLE.run(long_deals=0.5)["deals"] == 11  # 0,5 deal → 1 deal


def test_basket_by_hand():
    # 1 000 tickets, 12 % with a bike = 120 bikes; 40 % e-bikes: 72 × 650 + 48 × 2 300 = 157 200
    # helmets: 35 % × 120 = 42 × 60 = 2 520; other tickets 880 × 45 = 39 600
    out = simulators.BASKET.run()
    assert out["helmets"] == 42
    assert out["revenue"] == pytest.approx(157_200 + 2_520 + 39_600)
    assert out["aov"] == pytest.approx((157_200 + 2_520 + 39_600) / 1000)
    up = simulators.BASKET.run(ebike_share=50)
    assert up["aov"] > out["aov"]  # upselling raises the basket


def test_basket_revenue_is_built_from_whole_bikes_and_helmets():
    # 1 000 × 15 % = 150 bikes; 150 × 40 % = 60 e-bikes, 90 classic; 150 × 35 % = 52,5 → 53 helmets
    # 90 × 650 + 60 × 2 300 + 53 × 60 + 850 × 45 = 58 500 + 138 000 + 3 180 + 38 250 = 237 930
    out = simulators.BASKET.run(bike_share=15)
    assert (out["bikes"], out["ebikes"], out["helmets"]) == (150, 60, 53)
    assert out["revenue"] == 237_930
    assert out["aov"] == pytest.approx(237.93)
    table = shown(simulators.BASKET, {"bike_share": 15})
    assert table == {"Panier moyen HT": "237,93 €", "Chiffre d'affaires HT": "237 930,00 €",
                     "Casques vendus avec un vélo": "53"}


def test_retention_path_by_hand():
    out = simulators.RETENTION.run(customers=1000, retention_rate=50, new_customers=100, years=2)
    assert out["path"] == [1000, 600, 400]  # 1000 × 0,5 + 100, then 600 × 0,5 + 100
    assert out["retained_first_year"] == 500


def test_retention_path_is_whole_customers_year_by_year():
    # 1 010 × 45 % = 454,5 → 455, + 50 = 505; 505 × 45 % = 227,25 → 227, + 50 = 277
    out = simulators.RETENTION.run(customers=1010, retention_rate=45, new_customers=50, years=2)
    assert out["path"] == [1010, 505, 277]
    assert (out["retained_first_year"], out["final"]) == (455, 277)
    assert out["rate"] == pytest.approx(455 / 1010 * 100)
    # the lesson's start: 3 000 → 2 800 → 2 680 → 2 608
    assert simulators.RETENTION.run()["path"] == [3000, 2800, 2680, 2608]


def test_churn_monthly_to_annual():
    out = simulators.CHURN.run(monthly_churn=5, customers=1000)
    assert out["annual"] == pytest.approx((1 - 0.95**12) * 100)
    assert out["wrong_annual"] == pytest.approx(60)
    assert out["left"] == 540  # 1 000 × 0,95¹² = 540,4 → 540
    assert simulators.CHURN.run(monthly_churn=2)["left"] == 785  # 1 000 × 0,98¹² = 784,7 → 785


def test_lifetime_value_and_one_more_point_of_retention():
    # churn 35 % → 1 / 0,35 years; 120 € × 2,5 × 2,857 × 0,35 = 300 €
    out = simulators.LIFETIME_VALUE.run()
    assert out["clv"] == pytest.approx(120 * 2.5 / 0.35 * 0.35)
    assert out["ratio"] == pytest.approx(300 / 60)
    assert out["clv_plus_one_point"] == pytest.approx(120 * 2.5 / 0.34 * 0.35)
    assert math.isinf(simulators.LIFETIME_VALUE.run(retention_rate=100)["clv"])  # outside the slider


def test_lifetime_value_without_acquisition_cost_has_no_ratio():
    out = simulators.LIFETIME_VALUE.run(acquisition_cost=0)
    assert out["ratio"] is None and out["clv"] == pytest.approx(300)
    assert simulators.LIFETIME_VALUE.run(acquisition_cost=1e-300)["ratio"] is None  # 0,00 €
    html = plain(render_results(simulators.LIFETIME_VALUE, {"acquisition_cost": 0}).replace("&#x27;", "'"))
    assert "Coût d'acquisition nul : le rapport valeur vie ÷ coût n'est pas défini." in html


def test_shop_day_by_hand():
    out = simulators.SHOP.run(visitors=200, transformation=20, basket=100, purchase_price=30, selling_price_ht=50)
    assert out["tickets"] == 40 and out["revenue"] == 4000
    assert out["articles"] == 64  # 40 × 1,6
    assert out["gross_margin_rate"] == pytest.approx(40)  # (50 - 30) / 50
    assert out["markup_rate"] == pytest.approx(200 / 3)  # (50 - 30) / 30
    assert out["coefficient"] == pytest.approx(60 / 30)  # 50 × 1,2 / 30


def test_shop_counts_whole_tickets_and_articles():
    # 250 × 18,2 % = 45,5 → 46 tickets × 210 € = 9 660 €; 46 × 1,7 = 78,2 → 78 articles
    out = simulators.SHOP.run(transformation=18.2, articles_per_ticket=1.7)
    assert (out["tickets"], out["articles"]) == (46, 78)
    assert out["revenue"] == 9660


def test_unknown_lever_is_a_french_error():
    with pytest.raises(KPIError, match="Leviers inconnus"):
        simulators.FUNNEL.run(budget=3)


@pytest.mark.parametrize("value, message", [
    (float("nan"), "nombre fini"), (float("inf"), "nombre fini"), ("5", "doit être un nombre"),
    (None, "doit être un nombre"), (True, "doit être un nombre"), (-1, "négatif"), (150, "entre 0 et 100"),
])
def test_impossible_lever_values_are_french_errors(value, message):
    with pytest.raises(KPIError, match=message):
        simulators.CONVERSION.run(conversion_rate=value)


def test_a_huge_count_is_a_french_error_not_an_overflow():
    with pytest.raises(KPIError, match="trop grand"):
        simulators.FUNNEL.run(contacts=1e300)
    with pytest.raises(KPIError, match="trop grand"):  # not 10⁹ deals in memory
        simulators.CYCLE.run(long_deals=1e9)
    with pytest.raises(KPIError, match="trop grand"):  # not a loop over 10⁹ years
        simulators.RETENTION.run(years=1e9)
    assert simulators.RETENTION.run(customers=20_000, years=20)["final"] > 0  # beyond the sliders: fine


# --- the widgets ---------------------------------------------------------------------------


def test_widget_updates_when_a_slider_moves():
    box = simulator("funnel")
    assert "30 000,00 €" in plain(box.output.value)
    box.sliders["contacts"].value = 4000  # twice the contacts: twice the revenue
    assert "60 000,00 €" in plain(box.output.value)
    with pytest.raises(KPIError, match="Simulateur inconnu"):
        simulator("inconnu")


def _readout(box, name: str) -> str:
    return plain(re.sub(r"<[^>]+>", "", box.readouts[name].value))


def test_sliders_show_a_french_readout_instead_of_ipywidgets_one():
    box = simulator("conversion")
    assert all(slider.readout is False for slider in box.sliders.values())
    assert [_readout(box, name) for name in box.sliders] == ["100", "20 %", "12 000 €", "8 000 €", "23,7 %"]
    assert _readout(simulator("funnel"), "response") == "5,0 %"
    assert _readout(simulator("cycle"), "long_days") == "300 jours"
    assert _readout(simulator("lifetime_value"), "purchases") == "2,5"
    assert _readout(simulator("shop"), "transformation") == "18,0 %"
    # built with kpilab.formatting, so it has its spaces (narrow no-break ones, U+202F)
    assert formatting.format_euros(12_000, digits=0) in box.readouts["cost"].value


def test_readout_follows_its_slider_and_the_results_follow_the_readout():
    box = simulator("conversion")
    box.sliders["cost"].value = 15_500
    assert _readout(box, "cost") == "15 500 €"
    assert "775,00 €" in plain(box.output.value)  # 15 500 € ÷ 20 ventes
    box.sliders["leads"].value = 0
    assert _readout(box, "leads") == "0"
    assert "non défini" in box.output.value and "Aucune vente" in box.output.value
    response = simulator("response")
    response.sliders["response_rate"].value = 0.30000000000000004  # what a slider may send
    assert _readout(response, "response_rate") == "0,3 %"
    assert "<td style=\"text-align:right;\">14</td>" in response.output.value  # 4 500 × 0,3 % = 13,5 → 14


def test_widgets_hold_no_javascript():
    for name in SIMULATORS:
        box = simulator(name)
        texts = [box.output.value, *(r.value for r in box.readouts.values())]
        assert not any("<script" in t or "javascript:" in t or "onclick" in t for t in texts)


# --- any lever value: whole counts, and every figure from the counts shown ---------------------


def half_up(x) -> int:
    """Round half up (x ≥ 0) on the decimal as written: Fraction("77.5") → 78."""
    return math.floor(Fraction(x) + Fraction(1, 2))


def dec(x) -> Fraction:
    """A float as the decimal it is written as (2.5 is exactly 5/2)."""
    return Fraction(repr(float(x)))


def count(x) -> int:
    return half_up(dec(x))


def euros(x) -> float:
    return float(half_up(dec(x) * 100) / 100)


def is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check_funnel(v, out):
    contacts = count(v["contacts"])
    assert out["responses"] == half_up(contacts * dec(v["response"]) / 100)
    assert out["leads"] == half_up(out["responses"] * dec(v["qualification"]) / 100)
    assert out["sales"] == half_up(out["leads"] * dec(v["conversion"]) / 100)
    assert out["sales"] <= out["leads"] <= out["responses"] <= contacts
    assert out["revenue"] == pytest.approx(out["sales"] * euros(v["basket"]))
    if contacts:
        assert out["overall"] == pytest.approx(out["sales"] / contacts * 100)  # ventes pour 100 contacts
    else:
        assert out["overall"] is None


def check_response(v, out):
    contacts = count(v["contacts"])
    assert out["reached"] == half_up(contacts * (100 - dec(v["invalid"])) / 100)
    assert out["responses"] == half_up(out["reached"] * dec(v["response_rate"]) / 100)
    assert out["rate"] == pytest.approx(out["responses"] / out["reached"] * 100)
    assert out["wrong_rate"] == pytest.approx(out["responses"] / contacts * 100)
    if out["responses"]:
        assert out["cost_per_response"] == pytest.approx(euros(v["cost"]) / out["responses"])
    else:
        assert out["cost_per_response"] is None


def check_conversion(v, out):
    leads = count(v["leads"])
    assert out["sales"] == half_up(leads * dec(v["conversion_rate"]) / 100) <= leads
    cost = euros(v["cost"])
    assert out["revenue"] == pytest.approx(out["sales"] * euros(v["deal_value"]))
    deal_margin = Fraction(half_up(dec(euros(v["deal_value"])) * dec(v["margin_rate"])), 100)  # to the cent, exact
    assert out["deal_margin"] == float(deal_margin)
    assert out["margin"] == float(out["sales"] * deal_margin)  # whole sales × the margin shown
    assert out["margin_after_cost"] == float(out["sales"] * deal_margin - dec(cost))
    assert out["coverage"] == (pytest.approx(float(out["sales"] * deal_margin / dec(cost))) if cost else None)
    if out["sales"]:
        assert out["cost_per_conversion"] == pytest.approx(cost / out["sales"])
    else:
        assert out["cost_per_conversion"] is None


def check_cycle(v, out):
    long_deals, long_days = count(v["long_deals"]), count(v["long_days"])
    days = list(simulators.TYPICAL_CYCLES) + [long_days] * long_deals
    assert out["deals"] == len(days) == 10 + long_deals
    tenth = lambda x: half_up(Fraction(x) * 10) / 10  # noqa: E731 (one decimal, half up)
    assert out["mean"] == pytest.approx(float(tenth(Fraction(sum(days), len(days)))))
    assert out["median"] == pytest.approx(float(statistics.median(days)))
    assert out["gap"] == pytest.approx(out["mean"] - out["median"])  # the two figures shown


def check_basket(v, out):
    tickets = count(v["tickets"])
    bikes = half_up(tickets * dec(v["bike_share"]) / 100)
    ebikes = half_up(bikes * dec(v["ebike_share"]) / 100)
    helmets = half_up(bikes * dec(v["attach_rate"]) / 100)
    assert (out["bikes"], out["ebikes"], out["helmets"]) == (bikes, ebikes, helmets)
    assert ebikes <= bikes <= tickets and helmets <= bikes
    revenue = ((bikes - ebikes) * euros(v["bike_price"]) + ebikes * euros(v["ebike_price"])
               + helmets * euros(v["helmet_price"]) + (tickets - bikes) * euros(v["other_basket"]))
    assert out["revenue"] == pytest.approx(revenue)
    assert out["aov"] == pytest.approx(out["revenue"] / tickets)


def check_retention(v, out):
    customers, new, years = count(v["customers"]), count(v["new_customers"]), count(v["years"])
    path = [customers]
    for _ in range(years):
        path.append(half_up(path[-1] * dec(v["retention_rate"]) / 100) + new)
    assert out["path"] == path and all(is_count(c) for c in out["path"])
    assert out["final"] == path[-1]
    assert out["retained_first_year"] == half_up(customers * dec(v["retention_rate"]) / 100) <= customers
    if customers:
        assert out["rate"] == pytest.approx(out["retained_first_year"] / customers * 100)
    else:
        assert out["rate"] is None


def check_churn(v, out):
    kept = (1 - dec(v["monthly_churn"]) / 100) ** 12  # share of subscribers left after 12 months
    assert out["annual"] == pytest.approx(float((1 - kept) * 100), abs=1e-9)
    assert out["wrong_annual"] == pytest.approx(float(dec(v["monthly_churn"]) * 12))
    exact = count(v["customers"]) * kept
    if abs(exact - math.floor(exact) - Fraction(1, 2)) > 1e-9:  # the annual rate is a float: no exact tie
        assert out["left"] == half_up(exact)
    else:
        assert out["left"] in (math.floor(exact), math.floor(exact) + 1)


def check_lifetime_value(v, out):
    churn = 100 - float(dec(v["retention_rate"]))
    margin = float(dec(v["margin"])) / 100
    lifespan = 100 / churn
    clv = euros(v["basket"]) * float(v["purchases"]) * lifespan * margin
    assert out["lifespan"] == pytest.approx(lifespan)
    assert out["clv"] == pytest.approx(clv)
    cost = euros(v["acquisition_cost"])
    assert out["ratio"] == (pytest.approx(clv / cost) if cost else None)
    better = euros(v["basket"]) * float(v["purchases"]) * 100 / (churn - 1) * margin
    assert out["gain_plus_one_point"] == pytest.approx(better - clv, rel=1e-6, abs=1e-6)


def check_shop(v, out):
    tickets = half_up(count(v["visitors"]) * dec(v["transformation"]) / 100)
    assert out["tickets"] == tickets
    assert out["revenue"] == pytest.approx(tickets * euros(v["basket"]))
    assert out["articles"] == half_up(tickets * dec(v["articles_per_ticket"]))
    price, cost = euros(v["selling_price_ht"]), euros(v["purchase_price"])
    assert out["gross_margin_rate"] == pytest.approx((price - cost) / price * 100)
    assert out["markup_rate"] == pytest.approx((price - cost) / cost * 100)
    assert out["coefficient"] == pytest.approx(price * 1.2 / cost)


def _to_cent(x: Fraction) -> Fraction:
    return Fraction(half_up(x * 100), 100)


def check_pricing(v, out):
    """Lesson 10: PV HT = PA HT ÷ (1 − taux de marque), each amount to the cent, the seuil in whole bikes."""
    pa = _to_cent(dec(v["purchase_price"]))
    target, vat = dec(v["gross_margin_target"]), dec(v["vat_rate"])
    volume, fixed = count(v["volume"]), _to_cent(dec(v["fixed_costs"]))
    price = _to_cent(pa / (1 - target / 100))
    assert out["selling_price_ht"] == float(price)
    assert out["selling_price_ttc"] == float(_to_cent(price * (1 + vat / 100)))
    margin = _to_cent(price - pa)
    assert out["unit_margin"] == float(margin)
    assert out["revenue"] == float(_to_cent(volume * price))
    assert out["contribution"] == float(_to_cent(volume * margin))
    assert out["result"] == pytest.approx(float(_to_cent(volume * margin) - fixed))
    if margin <= 0:
        assert out["break_even_units"] is out["break_even"] is out["break_even_days"] is None
        return
    units = -(-fixed // margin)  # the smallest whole number of bikes whose margin covers the fixed costs
    assert out["break_even_units"] == units
    assert units * margin >= fixed and (units - 1) * margin < fixed
    seuil = _to_cent(fixed * price / margin)
    assert out["break_even"] == float(seuil)
    revenue = _to_cent(volume * price)
    assert out["break_even_days"] == (float(Fraction(half_up(seuil / revenue * 360 * 10), 10)) if revenue else None)


CHECKS = {
    "funnel": check_funnel, "response": check_response, "conversion": check_conversion,
    "cycle": check_cycle, "basket": check_basket, "retention": check_retention, "churn": check_churn,
    "lifetime_value": check_lifetime_value, "shop": check_shop, "pricing": check_pricing, "target": check_target,
}
COUNTS = {
    "funnel": ("responses", "leads", "sales"), "response": ("reached", "responses"), "conversion": ("sales",),
    "cycle": ("deals",), "basket": ("bikes", "ebikes", "helmets"), "retention": ("final", "retained_first_year"),
    "churn": ("left",), "lifetime_value": (), "shop": ("tickets", "articles"), "pricing": ("break_even_units",),
    "target": TARGET_COUNTS,
}


def test_every_simulator_is_checked():
    assert set(CHECKS) == set(COUNTS) == set(SIMULATORS)
    for name, sim in SIMULATORS.items():  # every "number" result is a count checked above
        assert {r.key for r in sim.results if r.kind == "number"} <= set(COUNTS[name])


def _lever_value(lever):
    steps = round((lever.high - lever.low) / lever.step)
    on_grid = st.integers(0, steps).map(lambda k: round(lever.low + k * lever.step, lever.decimals))
    tiny = st.floats(min_value=lever.low, max_value=min(lever.high, lever.low + 1e-300))
    return st.one_of(on_grid, st.floats(min_value=lever.low, max_value=lever.high), tiny,
                     st.sampled_from([lever.low, lever.high]))


CASES = st.sampled_from(sorted(SIMULATORS)).flatmap(
    lambda name: st.fixed_dictionaries({lever.name: _lever_value(lever) for lever in SIMULATORS[name].levers})
    .map(lambda values: (name, values)))


def _edge_cases(test):
    """@example: every simulator with all levers at low, all at high, and just above low."""
    for name, sim in sorted(SIMULATORS.items()):
        for corner in (
            {lever.name: lever.low for lever in sim.levers},
            {lever.name: lever.high for lever in sim.levers},
            {lever.name: math.nextafter(lever.low, math.inf) for lever in sim.levers},
            {lever.name: lever.low or 2.2e-309 for lever in sim.levers},  # tiny values
        ):
            test = example(case=(name, corner))(test)
    test = example(case=("conversion", {"leads": 1, "conversion_rate": 2.2e-309, "cost": 12_000,
                                        "deal_value": 8_000, "margin_rate": 23.7}))(test)  # 1 lead, 0 sale
    test = example(case=("conversion", {"leads": 100, "conversion_rate": 20, "cost": 1e-300,
                                        "deal_value": 8_000, "margin_rate": 23.7}))(test)  # a cost of 0,00 €
    return example(case=("conversion", {"leads": 310, "conversion_rate": 25, "cost": 12_000,
                                        "deal_value": 8_000, "margin_rate": 23.7}))(test)  # 77,5 sales → 78


@settings(max_examples=150, deadline=None)
@_edge_cases
@given(case=CASES)
def test_any_lever_values_give_whole_counts_and_figures_from_them(case):
    name, values = case
    sim = SIMULATORS[name]
    out = sim.run(**values)
    for key in COUNTS[name]:
        assert is_count(out[key]), (key, out[key])
    CHECKS[name](values, out)
    html = render_results(sim, values)  # what the widget shows: never a crash
    assert "<table" in html and "Traceback" not in html
    for result in sim.results:
        value = out[result.key]
        if value is None:
            assert result.undefined and result.undefined.replace("'", "&#x27;") in html
        else:
            assert math.isfinite(value), (result.key, value)
            assert format_result(value, result.kind) not in ("non défini", "infini")


@pytest.mark.parametrize("name", sorted(SIMULATORS))
def test_every_lever_corner_gives_displayable_results(name):
    sim = SIMULATORS[name]
    for corner in ("low", "high"):
        values = {lever.name: getattr(lever, corner) for lever in sim.levers}
        html = render_results(sim, values)
        assert "<table" in html and "Traceback" not in html
