"""Exercises of lesson 10 (gestion opérationnelle): every expected value computed a second way.

The figures are worked out here by hand (questions 1 and 2, the arithmetic written out) or from
the shipped CSV files read with the csv module (tests/course_csv.py), in plain Python, and
compared with what the questions expect (computed by kpilab.exercises.lecon10 with pandas and
kpilab.formulas). The texts that quote figures (the statement and the options of question 5)
are checked against the data too.
"""

from __future__ import annotations

import statistics
from collections import defaultdict

import nbformat
import pytest
from course_csv import rows

from kpilab.exercises import build, engine, lecon10
from kpilab.exercises.engine import CORRECT, INCORRECT, judge

SHOPS = ("Bellecour", "Croix-Rousse", "Villeurbanne")


@pytest.fixture(autouse=True)
def not_strict(monkeypatch):
    monkeypatch.delenv(engine.STRICT_ENV, raising=False)


def _close(value, expected, places=9):
    assert float(value) == pytest.approx(expected, rel=10 ** -places, abs=10 ** -places)


def _message(question, answer) -> str | None:
    verdict = judge(question, answer)
    assert verdict.status == INCORRECT
    return verdict.mistake


# --- questions 1 and 2: by hand --------------------------------------------------------------------


def test_q1_price_from_a_target_taux_de_marque():
    # PV HT = 1 610 ÷ (1 − 0,30) = 2 300 € ; PV TTC = 2 300 × 1,20 = 2 760 €
    _close(lecon10.q1.expected_value(), 2760)
    by_message = {m.message: float(m.value()) for m in lecon10.q1.mistakes}
    values = sorted(by_message.values())
    # 1 610 × 1,30 = 2 093 (HT) and × 1,20 = 2 511,60 ; 2 300 (HT) ; 1 610 ÷ 0,50 = 3 220 ;
    # 2 300 ÷ 0,80 = 2 875 ; 1 610 ÷ 0,30 × 1,20 = 6 440
    assert values == pytest.approx(sorted([2093, 2511.6, 2300, 3220, 2875, 6440]))


def test_q1_the_coefficient_route_gives_the_same_price():
    coefficient = 1.20 / (1 - 0.30)  # coefficient multiplicateur TTC for a 30 % taux de marque
    assert judge(lecon10.q1, 1610 * coefficient).status == CORRECT
    assert judge(lecon10.q1, 2760.4).status == CORRECT  # to the euro above 100 €
    assert judge(lecon10.q1, 2759).status == INCORRECT


def test_q2_markup_from_the_taux_de_marque():
    # on 100 € HT: margin 30 €, purchase price 70 €; 30 ÷ 70 × 100 = 42,857… %
    _close(lecon10.q2.expected_value(), 30 / 70 * 100)
    # the same margin from question 1's prices: (2 300 − 1 610) ÷ 1 610 = 690 ÷ 1 610
    _close(lecon10.q2.expected_value(), 690 / 1610 * 100)
    values = sorted(float(m.value()) for m in lecon10.q2.mistakes)
    # 30 ÷ 130 ; 30 ; 100 − 30 ; (2 760 − 1 610) ÷ 1 610 (the TTC price) ; 100 ÷ 70 (coefficient HT)
    assert values == pytest.approx(sorted([30 / 130 * 100, 30, 70, 1150 / 1610 * 100, 100 / 70 * 100]))
    assert _message(lecon10.q2, 0.4286) == "ratio au lieu d'un pourcentage"


# --- question 3: the capture rate of the three shops -----------------------------------------------


def _door_counts(year: str):
    entrants, passers_by = defaultdict(int), defaultdict(int)
    for row in rows("frequentation"):
        if row["point_de_vente"] in SHOPS and row["date"].startswith(year):
            entrants[row["point_de_vente"]] += int(row["visiteurs"])
    for row in rows("passants"):
        if row["date"].startswith(year):
            passers_by[row["point_de_vente"]] += int(row["passants"])
    return entrants, passers_by


def test_q3_capture_rate_sums_the_entrants_and_the_passers_by():
    entrants, passers_by = _door_counts("2025")
    assert set(passers_by) == set(SHOPS)
    _close(lecon10.q3.expected_value(), sum(entrants.values()) / sum(passers_by.values()) * 100)


def test_q3_averaging_rates_is_named_whether_of_shops_or_of_days():
    entrants, passers_by = _door_counts("2025")
    mean_of_shops = statistics.mean(entrants[s] / passers_by[s] * 100 for s in SHOPS)
    visitors = {(r["date"], r["point_de_vente"]): int(r["visiteurs"]) for r in rows("frequentation")
                if r["point_de_vente"] in SHOPS and r["date"].startswith("2025")}
    daily = [visitors[(r["date"], r["point_de_vente"])] / int(r["passants"]) * 100
             for r in rows("passants") if r["date"].startswith("2025")]
    mean_of_days = statistics.mean(daily)
    averaging = lecon10.q3.mistakes[0].message
    assert "moyenne de taux" in averaging
    for value in (mean_of_shops, mean_of_days):
        assert _message(lecon10.q3, value) == averaging
    assert abs(mean_of_shops - lecon10.q3.expected_value()) > 0.5  # Bellecour's many passers-by weigh


def test_q3_other_ratios_and_other_years():
    entrants, passers_by = _door_counts("2025")
    tickets = sum(1 for r in rows("commandes") if r["canal"] == "magasin" and r["date"].startswith("2025"))
    visits, walkers = sum(entrants.values()), sum(passers_by.values())
    assert _message(lecon10.q3, tickets / visits * 100).startswith("Tu as divisé les tickets par les visiteurs")
    assert _message(lecon10.q3, tickets / walkers * 100).startswith("Tu as divisé les tickets par les passants")
    assert _message(lecon10.q3, visits / tickets).startswith("Tu as divisé les visiteurs par les tickets")
    assert _message(lecon10.q3, walkers / visits * 100).startswith("Tu as divisé les passants")
    entrants_2024, passers_by_2024 = _door_counts("2024")
    assert "2024" in _message(lecon10.q3, sum(entrants_2024.values()) / sum(passers_by_2024.values()) * 100)
    both = (visits + sum(entrants_2024.values())) / (walkers + sum(passers_by_2024.values())) * 100
    assert "2024 et 2025" in _message(lecon10.q3, both)


# --- question 4: how long Villeurbanne's helmets stay in stock --------------------------------------


def _helmets(year: str, shop: str = "Villeurbanne", category: str | None = "casque"):
    quarters = defaultdict(lambda: defaultdict(float))
    for row in rows("inventaires"):
        if (row["point_de_vente"] == shop and row["date_inventaire"].startswith(year)
                and (category is None or row["categorie"] == category)):
            for column in ("stock_initial_ht", "achats_ht", "cout_achat_ventes_ht", "stock_theorique_ht", "stock_compte_ht"):
                quarters[row["date_inventaire"]][column] += float(row[column])
    dates = sorted(quarters)
    assert len(dates) == 4
    opening, closing = quarters[dates[0]]["stock_initial_ht"], quarters[dates[-1]]["stock_compte_ht"]
    sold = sum(q["cout_achat_ventes_ht"] for q in quarters.values())
    return (opening + closing) / 2, sold, quarters


def test_q4_storage_days_at_cost_over_360_days():
    average, sold, _ = _helmets("2025")
    rotation = sold / average
    _close(lecon10.q4.expected_value(), 360 / rotation)
    assert lecon10.q4.expected_value() > 150  # the helmets of Villeurbanne sleep: about five months


def test_q4_the_classic_mistakes_are_named():
    average, sold, quarters = _helmets("2025")
    tickets = {r["commande_id"] for r in rows("commandes")
               if r["point_de_vente"] == "Villeurbanne" and r["date"].startswith("2025")}
    revenue = sum(float(r["montant_ht"]) for r in rows("lignes_commande")
                  if r["commande_id"] in tickets and r["categorie"] == "casque")
    counted = statistics.mean(q["stock_compte_ht"] for q in quarters.values())
    bought = sum(q["achats_ht"] for q in quarters.values())
    first, last = quarters[min(quarters)], quarters[max(quarters)]
    cases = {
        average / sold * 365: "365 jours",
        average / revenue * 360: "chiffre d'affaires des casques",
        sold / average: "rotation du stock",
        sold / average * 360: "inversé la rotation",
        average / sold: "Il manque les 360 jours",
        counted / sold * 360: "moyenne des quatre inventaires",
        last["stock_compte_ht"] / sold * 360: "stock final seul",
        average / bought * 360: "achats de l'année",
        (first["stock_initial_ht"] + last["stock_theorique_ht"]) / 2 / sold * 360: "stock théorique",
    }
    for value, words in cases.items():
        assert words in _message(lecon10.q4, value), (value, words)
    shop_average, shop_sold, _ = _helmets("2025", category=None)
    assert "tout le stock du magasin" in _message(lecon10.q4, shop_average / shop_sold * 360)
    average_2024, sold_2024, _ = _helmets("2024")
    assert "2024" in _message(lecon10.q4, average_2024 / sold_2024 * 360)


# --- question 5: Villeurbanne's basket, indice de vente × PMA ---------------------------------------


def _shop_basket(year: str, shop: str = "Villeurbanne"):
    tickets = [r for r in rows("commandes") if r["point_de_vente"] == shop and r["date"].startswith(year)]
    revenue = sum(float(r["montant_ht"]) for r in tickets)
    items = sum(int(r["nb_articles"]) for r in tickets)
    return revenue / len(tickets), items / len(tickets), revenue / items  # panier, indice, PMA


def test_q5_the_figures_quoted_are_those_of_the_data():
    assert lecon10.BASKET_SHOP == "Villeurbanne"
    basket_2024, index_2024, price_2024 = _shop_basket("2024")
    basket_2025, index_2025, price_2025 = _shop_basket("2025")
    assert basket_2025 == pytest.approx(index_2025 * price_2025)  # panier = indice de vente × PMA
    assert (round(basket_2024, 2), round(basket_2025, 2)) == (217.48, 243.91)
    assert (round(price_2024), round(price_2025)) == (133, 148)
    assert round(index_2024, 2) == round(index_2025, 2) == 1.64
    assert round((price_2025 / price_2024 - 1) * 100) == 12
    assert round((index_2025 / index_2024 - 1) * 100, 1) == 0.5
    key = nbformat.read(build.key_path(lecon10.LESSON), as_version=4)
    statement = next(c.source for c in key.cells if c.source.startswith("## Question 5 "))
    assert "217,48\u202f€" in statement and "243,91\u202f€" in statement and "**Villeurbanne**" in statement
    right = lecon10.q5.options[0].why
    for shown in ("133\u202f€", "148\u202f€", "+12\u202f%", "1,64", "+0,5\u202f%"):
        assert shown in right, shown
    wrong = " ".join(o.why for o in lecon10.q5.options[1:])
    assert "moins de 1\u202f%" in wrong and "environ 12\u202f%" in wrong


def test_q5_the_lesson_reads_another_shop():
    """Bellecour's basket is analysed in lesson 10: the question asks for Villeurbanne's, whose
    conclusion is the same kind (dearer items) but must be computed."""
    _, index_2024, price_2024 = _shop_basket("2024", "Bellecour")
    _, index_2025, price_2025 = _shop_basket("2025", "Bellecour")
    assert price_2025 / price_2024 > 1.1 and index_2025 / index_2024 < 1.05


def test_q5_more_e_bikes_make_the_dearer_items():
    def e_bike_share(year):
        tickets = {r["commande_id"] for r in rows("commandes")
                   if r["point_de_vente"] == "Villeurbanne" and r["date"].startswith(year)}
        lines = [r for r in rows("lignes_commande") if r["commande_id"] in tickets]
        e_bikes = sum(int(r["quantite"]) for r in lines if r["categorie"] == "velo_electrique")
        return e_bikes / sum(int(r["quantite"]) for r in lines)

    assert e_bike_share("2025") > e_bike_share("2024") * 1.2


@pytest.mark.parametrize("sentence", [
    "Le prix moyen des articles a beaucoup augmenté, le nombre d'articles par ticket presque pas.",
    "C'est la montée en gamme : des vélos plus chers, mais les clients ne prennent pas plus d'articles.",
    "Le PMA monte de 12 % et l'indice de vente reste stable.",
])
def test_q5_a_justification_in_other_words_passes(sentence):
    right = lecon10.q5.expected_value()
    assert judge(lecon10.q5, right, lecon10.q5.justification.model).status == CORRECT
    assert judge(lecon10.q5, right, sentence).status == CORRECT, sentence


@pytest.mark.parametrize("sentence", [
    "Les vendeurs de Bellecour ont fait du bon travail cette année.",
    "Le PMA a augmenté de 12 % entre 2024 et 2025.",
])
def test_q5_a_vague_or_half_justification_does_not(sentence):
    verdict = judge(lecon10.q5, lecon10.q5.expected_value(), sentence)
    assert verdict.status == INCORRECT and verdict.mistake == "justification incomplète"


# --- question 6: the point mort of 2026 -------------------------------------------------------------


def _bellecour_margin(year: str):
    tickets = {r["commande_id"]: float(r["montant_ht"]) for r in rows("commandes")
               if r["point_de_vente"] == "Bellecour" and r["date"].startswith(year)}
    cost = sum(int(r["quantite"]) * float(r["prix_achat_unitaire_ht"]) for r in rows("lignes_commande")
               if r["commande_id"] in tickets)
    return sum(tickets.values()), cost


def test_q6_point_mort_with_fixed_costs_up_by_20000():
    revenue, variable = _bellecour_margin("2025")
    fixed = next(float(r["charges_fixes_annuelles_ht"]) for r in rows("magasins") if r["point_de_vente"] == "Bellecour")
    assert fixed == 364000
    rate = (revenue - variable) / revenue  # taux de marge sur coût variable, as a fraction
    threshold = (fixed + 20000) / rate
    _close(lecon10.q6.expected_value(), threshold / revenue * 360, places=7)
    # the same as (charges fixes ÷ marge sur coût variable) × 360: the revenue cancels out
    _close(lecon10.q6.expected_value(), (fixed + 20000) / (revenue - variable) * 360, places=7)
    assert 240 < lecon10.q6.expected_value() < 260  # about 12 days later than in 2025


def test_q6_the_classic_mistakes_are_named():
    revenue, variable = _bellecour_margin("2025")
    margin = revenue - variable
    cases = {
        364000 / margin * 360: "point mort de 2025",
        (364000 / margin * revenue + 20000) / revenue * 360: "ajouté les 20",
        384000 / margin * 365: "365 jours",
        384000 / (margin / variable) / revenue * 360: "taux de marge (marge ÷ coût d'achat)",
        384000 / (variable / revenue) / revenue * 360: "part des charges variables",
        384000 / revenue * 360: "divisé les charges fixes par le chiffre d'affaires",
        384000 / margin * 12: "nombre de mois",
        384000 / margin * revenue: "seuil de rentabilité, en euros",
    }
    for value, words in cases.items():
        assert words in _message(lecon10.q6, value), (value, words)
    revenue_2024, variable_2024 = _bellecour_margin("2024")
    assert "2024" in _message(lecon10.q6, 384000 / (revenue_2024 - variable_2024) * 360)


# --- the set as a whole -----------------------------------------------------------------------------


def test_the_statements_quote_the_module_s_figures():
    key = nbformat.read(build.key_path(lecon10.LESSON), as_version=4)
    texts = {c.source.split("\n", 1)[0]: c.source for c in key.cells if c.source.startswith("## Question")}
    q1_text = next(t for h, t in texts.items() if h.startswith("## Question 1 "))
    assert "1\u202f610\u202f€ HT" in q1_text and "30\u202f%" in q1_text
    q6_text = next(t for h, t in texts.items() if h.startswith("## Question 6 "))
    assert "20\u202f000\u202f€" in q6_text and "2025" in q6_text
    assert (lecon10.CARGO_PA_HT, lecon10.TARGET, lecon10.RENT_INCREASE) == (1610, 30, 20000)


def test_each_question_trains_a_competence_of_bloc_3():
    assert {q.competence for q in lecon10.QUESTIONS} == {"B3.1", "B3.2", "B3.3"}
