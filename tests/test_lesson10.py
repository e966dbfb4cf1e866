"""Lesson 10: the figures its text states, recomputed from the CSV files with the csv module.

Like the lesson checks of tests/test_notebooks.py: a change of the data or of the text that breaks
a sentence makes a test fail. The computations here are written from scratch (no kpilab).
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import nbformat
import pytest

from course_csv import rows

LESSON = Path(__file__).resolve().parents[1] / "notebooks" / "10_gestion_operationnelle.ipynb"
SHOPS = ("Bellecour", "Croix-Rousse", "Villeurbanne")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


@pytest.fixture(scope="module")
def nb():
    return nbformat.read(LESSON, as_version=4)


@pytest.fixture(scope="module")
def text(nb) -> str:
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return markdown.replace("\u00a0", " ").replace("\u202f", " ")


def _fr(value: float, digits: int = 1) -> str:
    whole, _, decimals = f"{value:,.{digits}f}".partition(".")
    return whole.replace(",", " ") + ("," + decimals if digits else "")


def _tickets(shop=None, year=None):
    return [r for r in rows("commandes") if r["canal"] == "magasin" and shop in (None, r["point_de_vente"])
            and year in (None, r["date"][:4])]


def _sales(shop, year) -> float:
    return sum(float(r["montant_ht"]) for r in _tickets(shop, year))


def test_the_lesson_calls_kpilab_for_each_computation(nb):
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for call in ("average_item_price_by", "capture_rate_by", "sales_per_square_metre_by", "stock_rotation_by",
                 "shrinkage_by", "break_even_by", "forecast.moving_average", "forecast.linear_trend",
                 "forecast.seasonal_coefficients", "forecast.forecast", "forecast.budget_variances",
                 "selling_price_from_gross_margin", 'simulator("pricing")'):
        assert call in code, call
    assert "np.polyfit" in code  # the trend checked by a second method


def test_basket_split_stated_in_the_text(text):
    def split(shop, year):
        tickets = _tickets(shop, year)
        revenue, items = sum(float(r["montant_ht"]) for r in tickets), sum(int(r["nb_articles"]) for r in tickets)
        return revenue / len(tickets), items / len(tickets), revenue / items

    (b24, i24, p24), (b25, i25, p25) = split("Bellecour", "2024"), split("Bellecour", "2025")
    assert f"le panier de Bellecour gagne {round(b25 - b24)} €" in text
    assert f"(de {_fr(p24, 2)} € à {_fr(p25, 2)} €" in text and f"({_fr(i24, 2)} → {_fr(i25, 2)})" in text
    assert p25 / p24 > 1.1 and i25 / i24 < 1.03  # the PMA moves, the indice barely
    _, c24, _ = split("Croix-Rousse", "2024")
    _, c25, _ = split("Croix-Rousse", "2025")
    _, v24, vp24 = split("Villeurbanne", "2024")
    _, v25, vp25 = split("Villeurbanne", "2025")
    *_, cp24 = split("Croix-Rousse", "2024")
    *_, cp25 = split("Croix-Rousse", "2025")
    assert f"l'indice de vente monte nettement ({_fr(c24, 2)} → {_fr(c25, 2)}, +{_fr((c25 / c24 - 1) * 100, 1)}" in text
    assert f"({_fr(cp24, 2)} € → {_fr(cp25, 2)} €, +{_fr((cp25 / cp24 - 1) * 100, 0)}" in text
    assert cp25 / cp24 < min(p25 / p24, vp25 / vp24)  # "le PMA monte moins qu'ailleurs"
    assert i25 / i24 < 1.02 and v25 / v24 < 1.02  # "moins de 2 % à Bellecour et à Villeurbanne"


def test_the_new_bike_price(text):
    lumen = {(r["prix_achat_unitaire_ht"], r["prix_unitaire_ht"]) for r in rows("lignes_commande")
             if r["produit"] == "VAE urbain Lumen"}
    assert ("1050.00", "1499.17") in lumen  # 1 799 € TTC ÷ 1,20
    assert "acheté 1 050 € HT et affiché 1 799 € TTC" in text
    assert f"au moins {_fr(1100 / 0.7 * 1.2, 2)} € TTC" in text
    assert f"1 100 × 1,30 = 1 430 € HT ne donnerait qu'un taux de marque de {_fr((1430 - 1100) / 1430 * 100)} %" in text


def test_captation_and_sales_per_square_metre(text):
    entrants, passers = defaultdict(int), defaultdict(int)
    for r in rows("frequentation"):
        if r["date"][:4] == "2025":
            entrants[r["point_de_vente"]] += int(r["visiteurs"])
    for r in rows("passants"):
        if r["date"][:4] == "2025":
            passers[r["point_de_vente"]] += int(r["passants"])
    rate = {s: entrants[s] / passers[s] * 100 for s in SHOPS}
    assert (f"n'en fait entrer que {_fr(rate['Bellecour'])} %, contre {_fr(rate['Croix-Rousse'])} % à la "
            f"Croix-Rousse et {_fr(rate['Villeurbanne'])} % à Villeurbanne") in text
    assert f"({_fr(passers['Bellecour'] / 1e6, 2)} million de passants en 2025)" in text
    assert 3.5 < passers["Bellecour"] / passers["Croix-Rousse"] < 4 and "près de quatre fois plus de monde" in text
    area = {r["point_de_vente"]: int(r["surface_vente_m2"]) for r in rows("magasins")}
    per_m2 = {s: _sales(s, "2025") / area[s] for s in SHOPS}
    assert (f"le meilleur CA au m² ({_fr(per_m2['Croix-Rousse'], 0)} € en 2025), devant Bellecour "
            f"({_fr(per_m2['Bellecour'], 0)} €) et Villeurbanne ({_fr(per_m2['Villeurbanne'], 0)} €)") in text
    earlier = defaultdict(lambda: [0, 0])
    for r in rows("frequentation"):
        if r["date"][:4] == "2024" and r["point_de_vente"] in SHOPS:
            earlier[r["point_de_vente"]][0] += int(r["visiteurs"])
    for r in rows("passants"):
        if r["date"][:4] == "2024":
            earlier[r["point_de_vente"]][1] += int(r["passants"])
    assert all(rate[s] > earlier[s][0] / earlier[s][1] * 100 for s in SHOPS) and "(les trois progressent)" in text


def _stock(shop, year):
    lines = [r for r in rows("inventaires") if r["point_de_vente"] == shop and r["date_inventaire"][:4] == year]
    opening = sum(float(r["stock_initial_ht"]) for r in lines if r["date_inventaire"].endswith("03-31"))
    closing = sum(float(r["stock_compte_ht"]) for r in lines if r["date_inventaire"].endswith("12-31"))
    sold = sum(float(r["cout_achat_ventes_ht"]) for r in lines)
    lost = sum(float(r["stock_theorique_ht"]) - float(r["stock_compte_ht"]) for r in lines)
    average = (opening + closing) / 2
    return average, sold, sold / average, lost


def test_stocks_and_what_the_slow_one_costs(text):
    vi_avg, vi_sold, vi_rot, _ = _stock("Villeurbanne", "2025")
    _, _, cr_rot, _ = _stock("Croix-Rousse", "2025")
    assert f"Villeurbanne garde ses marchandises {round(360 / vi_rot)} jours en 2025 (rotation {_fr(vi_rot)} fois)" in text
    assert f"la Croix-Rousse ({round(360 / cr_rot)} jours, {_fr(cr_rot)} fois)" in text
    assert 1.7 < cr_rot / vi_rot < 2 and "près de deux fois plus longtemps" in text
    at_cr_pace = vi_sold / cr_rot
    assert f"{_fr(vi_sold, 0)} ÷ {_fr(cr_rot, 2)} ≈ {_fr(round(vi_sold / round(cr_rot, 2), -2), 0)} €" in text
    assert f"au lieu de {_fr(round(vi_avg, -2), 0)} €" in text
    assert round(vi_avg - at_cr_pace, -3) == 99_000 and "environ **99 000 €" in text
    # the slowest stock and the highest démarque, as stated
    rotations = {s: _stock(s, "2025")[2] for s in SHOPS}
    assert min(rotations, key=rotations.get) == "Villeurbanne"


def test_demarque(text):
    rate = {(s, y): _stock(s, y)[3] / _sales(s, y) * 100 for s in SHOPS for y in ("2024", "2025")}
    lost = _stock("Bellecour", "2025")[3]
    assert (f"{_fr(lost, 0)} € en 2025 ({_fr(rate[('Bellecour', '2025')], 2)} % de son CA, après "
            f"{_fr(rate[('Bellecour', '2024')], 2)} % en 2024), plus de deux fois le taux de la Croix-Rousse "
            f"({_fr(rate[('Croix-Rousse', '2025')], 2)} %)") in text
    assert max(SHOPS, key=lambda s: rate[(s, "2025")]) == "Bellecour"
    assert 2 <= rate[("Bellecour", "2025")] / rate[("Croix-Rousse", "2025")] < 2.5
    assert all(0.25 < value < 1 for value in rate.values())  # under 1 % of the revenue everywhere


def _break_even(shop, year):
    tickets = {r["commande_id"]: r["date"] for r in _tickets(shop, year)}
    lines = [r for r in rows("lignes_commande") if r["commande_id"] in tickets]
    sales = sum(float(r["montant_ht"]) for r in lines)
    cost = sum(int(r["quantite"]) * float(r["prix_achat_unitaire_ht"]) for r in lines)
    fixed = next(float(r["charges_fixes_annuelles_ht"]) for r in rows("magasins") if r["point_de_vente"] == shop)
    threshold = fixed / ((sales - cost) / sales)
    days = threshold / sales * 360
    daily = defaultdict(float)
    for r in _tickets(shop, year):
        daily[r["date"]] += float(r["montant_ht"])
    running, reached = 0.0, None
    for day in sorted(daily):
        running += daily[day]
        if running >= threshold:
            reached = day
            break
    return days, reached, sales - cost - fixed


def _day(days: float) -> str:
    """The day of a 360-day year in words: 239 → « 29 août »."""
    n = math.ceil(days)
    day = (n - 1) % 30 + 1
    return f"{'1er' if day == 1 else day} {MONTHS[(n - 1) // 30]}"


def _date(iso: str) -> str:
    return f"{int(iso[8:])} {MONTHS[int(iso[5:7]) - 1]}"


def test_break_even_order_and_dates(text):
    found = {s: _break_even(s, "2025") for s in SHOPS}
    assert all(result > 0 for _, _, result in found.values()) and "Les trois magasins sont rentables en 2025" in text
    order = sorted(SHOPS, key=lambda s: found[s][0])
    assert order == ["Croix-Rousse", "Villeurbanne", "Bellecour"]
    cr, vi, be = (found[s][0] for s in order)
    assert (f"La Croix-Rousse atteint son seuil la première (jour {math.ceil(cr)}, le {_day(cr)}), puis Villeurbanne "
            f"(jour {math.ceil(vi)}, le {_day(vi)}) et Bellecour (jour {math.ceil(be)}, le {_day(be)})") in text
    assert all(found[s][1][5:] < f"{(math.ceil(found[s][0]) - 1) // 30 + 1:02d}-{_day(found[s][0]).split()[0]:0>2}"
               for s in ("Croix-Rousse", "Bellecour"))  # really reached earlier than the even-sales date
    assert f"le {_date(found['Croix-Rousse'][1])} à la Croix-Rousse, le {_date(found['Bellecour'][1])} à Bellecour" in text
    late = _break_even("Bellecour", "2024")[0]
    assert f"Bellecour n'avait couvert ses charges que le {_day(late)}" in text
    magasins = {r["point_de_vente"]: r for r in rows("magasins")}
    assert f"({_fr(float(magasins['Bellecour']['charges_fixes_annuelles_ht']), 0)} €, dont " \
           f"{_fr(float(magasins['Bellecour']['loyer_annuel_ht']), 0)} € de loyer)" in text
    assert f"{_fr(float(magasins['Croix-Rousse']['charges_fixes_annuelles_ht']), 0)} € de charges fixes, celles de la Croix-Rousse" in text


def _monthly():
    sales = defaultdict(float)
    for r in _tickets():
        sales[r["date"][:7]] += float(r["montant_ht"])
    return [sales[k] for k in sorted(sales)]


def test_forecast_figures(text):
    y = _monthly()
    n = len(y)
    assert n == 24 and "24 mois" in text
    xbar, ybar = (n + 1) / 2, sum(y) / n
    a = sum((x - xbar) * (v - ybar) for x, v in enumerate(y, 1)) / sum((x - xbar) ** 2 for x in range(1, n + 1))
    b = ybar - a * xbar
    assert f"La tendance monte de {_fr(a, 2)} € par mois" in text
    ratios = defaultdict(list)
    for x, v in enumerate(y, 1):
        ratios[(x - 1) % 12].append(v / (a * x + b))
    raw = [sum(ratios[m]) / len(ratios[m]) for m in range(12)]
    coefficients = [c * 12 / sum(raw) for c in raw]
    assert f"de {_fr(coefficients[0], 2)} en janvier à {_fr(coefficients[4], 2)} en mai" in text
    assert max(range(12), key=coefficients.__getitem__) == 4 and min(range(12), key=coefficients.__getitem__) == 0
    assert all(1.4 < coefficients[m] < 1.6 for m in (3, 4, 5)) and "avril, mai et juin font une fois et demie" in text
    forecast = sum((a * x + b) * coefficients[(x - 1) % 12] for x in range(25, 37))
    assert f"({_fr(forecast / 1e6, 2)} millions d'euros, +{_fr((forecast / sum(y[12:]) - 1) * 100)} %)" in text


def test_budget_variances_of_2025(text):
    y = _monthly()[12:]
    budget = defaultdict(float)
    for r in rows("objectifs"):
        if r["mois"][:4] == "2025":
            budget[int(r["mois"][5:7])] += float(r["objectif_ca_ht"])
    plan = [budget[m] for m in range(1, 13)]
    real, planned = round(sum(y), 2), sum(plan)
    assert (f"les magasins ont réalisé {_fr(real, 2)} € pour un objectif de {_fr(planned, 0)} € : écart de "
            f"−{_fr(planned - real, 2)} € (−{_fr((planned - real) / planned * 100)} %), défavorable") in text
    pct = [(r - p) / p * 100 for r, p in zip(y, plan)]
    worst = sorted(range(12), key=pct.__getitem__)[:2]
    assert sorted(worst) == [0, 10]
    assert f"surtout en janvier (−{_fr(-pct[0])} %) et en novembre (−{_fr(-pct[10])} %)" in text


def test_hand_calculations_are_right(text):
    assert "600 ÷ (1 − 0,40) = 600 ÷ 0,60 = **1 000 € HT**" in text and 600 / (1 - 0.40) == 1000
    assert "600 × 1,40 = 840 € donne un taux de marque de 28,6 %" in text and round((840 - 600) / 840 * 100, 1) == 28.6
    assert "150 000 ÷ 200 000 × 360 = **270**" in text and 150_000 / 200_000 * 360 == 270 and _day(270) == "30 septembre"
    assert "(5 000 × 25 + 200 000) × 0,5 = **162 500 €**" in text and (5000 * 25 + 200_000) * 0.5 == 162_500


def test_header_duration_is_within_the_time_box():
    from kpilab.durations import lesson_minutes

    assert lesson_minutes(LESSON) <= 75

