"""Lesson 11 (piloter l'équipe commerciale): the figures its text and printed outputs state,
recomputed from the CSV files with the csv module (tests/course_csv.py), not with kpilab."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date
from pathlib import Path

import lesson_text
import nbformat
import pytest
from course_csv import rows
from lesson_text import fr

LESSON = Path(__file__).resolve().parents[1] / "notebooks" / "11_piloter_l_equipe.ipynb"
BIKES = {"velo_electrique", "velo_ville", "velo_route", "vtt"}
ALTERNANTS = ("Léa Fontaine", "Maxime Garnier", "Yanis Mercier")



@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(LESSON, as_version=4)


@pytest.fixture(scope="module")
def text(notebook):
    return lesson_text.markdown(notebook)


@pytest.fixture(scope="module")
def printed(notebook):
    return lesson_text.printed(notebook)



@pytest.fixture(scope="module")
def sellers_2025():
    """Per seller in 2025: objective, planned and worked hours, CA, tickets, tickets with a bike."""
    orders = {r["commande_id"]: r for r in rows("commandes") if r["date"][:4] == "2025"}
    with_bike = {r["commande_id"] for r in rows("lignes_commande") if r["categorie"] in BIKES}
    s = defaultdict(lambda: defaultdict(float))
    for r in rows("objectifs"):
        if r["mois"][:4] == "2025":
            s[r["vendeur"]]["objective"] += float(r["objectif_ca_ht"])
            s[r["vendeur"]]["planned"] += int(r["heures_prevues"])
            s[r["vendeur"]]["worked"] += int(r["heures_travaillees"])
    for r in rows("tickets_vendeurs"):
        if r["commande_id"] in orders:
            s[r["vendeur"]]["sales"] += float(orders[r["commande_id"]]["montant_ht"])
            s[r["vendeur"]]["tickets"] += 1
            s[r["vendeur"]]["bikes"] += r["commande_id"] in with_bike
    for v in s.values():
        v["rate"] = v["sales"] / v["objective"] * 100
        v["per_hour"] = v["sales"] / v["worked"]
        v["tickets_per_hour"] = v["tickets"] / v["worked"]
        v["basket"] = v["sales"] / v["tickets"]
        v["objective_per_hour"] = v["objective"] / v["planned"]
    return s


def test_the_director_ranks_on_sales(sellers_2025, text):
    staff = {r["vendeur"]: r for r in rows("vendeurs")}
    full_year = [n for n, r in staff.items() if r["date_entree"] < "2025-01-01" and not r["date_sortie"]]
    by_sales = sorted(sellers_2025, key=lambda n: sellers_2025[n]["sales"])
    assert by_sales[-1] == "Julien Marchand" and "Julien Marchand, le responsable de Bellecour, a vendu le plus" in text
    assert min(full_year, key=lambda n: sellers_2025[n]["sales"]) == "Yanis Mercier"
    assert "Yanis Mercier, l'alternant de Villeurbanne, est le dernier des vendeurs présents toute l'année" in text
    assert staff["Léa Fontaine"]["date_sortie"] == "2025-08-31" and staff["Maxime Garnier"]["date_entree"] == "2025-09-01"
    assert "Léa est partie fin août 2025, Maxime est arrivé en septembre" in text


def test_who_reached_the_objective(sellers_2025, text):
    rates = {n: v["rate"] for n, v in sellers_2025.items()}
    above = [n for n, r in rates.items() if r > 100]
    assert len(above) == 5 and "Cinq vendeurs dépassent 100 % en 2025" in text
    assert max(rates, key=rates.get) == "Antoine Dubois"
    assert f"({fr(rates['Antoine Dubois'])} %), pas Julien Marchand ({fr(rates['Julien Marchand'])} %)" in text
    assert sorted(rates, key=rates.get)[:3] == ["Maxime Garnier", "Yanis Mercier", "Léa Fontaine"]
    assert (f"Léa Fontaine {fr(rates['Léa Fontaine'])} %, Yanis Mercier {fr(rates['Yanis Mercier'])} %, "
            f"Maxime Garnier {fr(rates['Maxime Garnier'])} %") in text
    assert round(rates["Maxime Garnier"]) == 61 and round(rates["Antoine Dubois"]) == 119  # the course's story


def test_per_hour_in_the_same_shop(sellers_2025, text):
    s = sellers_2025
    per_hour = {n: v["per_hour"] for n, v in s.items()}
    assert min(per_hour, key=per_hour.get) == "Yanis Mercier" and max(per_hour, key=per_hour.get) == "Julien Marchand"
    assert f"de {fr(per_hour['Yanis Mercier'], 2)} € (Yanis) à {fr(per_hour['Julien Marchand'], 2)} € (Julien)" in text
    assert 120 <= per_hour["Yanis Mercier"] < 121 and 318 < per_hour["Julien Marchand"] < 320
    assert f"Yanis travaille {fr(s['Yanis Mercier']['worked'], 0)} heures en 2025, Antoine {fr(s['Antoine Dubois']['worked'], 0)}" in text
    assert f"environ {round(s['Julien Marchand']['objective_per_hour'])} € (objectif par heure de Julien)" in text
    assert f"environ {round(s['Antoine Dubois']['objective_per_hour'])} € (celui d'Antoine)" in text
    assert f"avec {fr(per_hour['Antoine Dubois'], 2)} € par heure, Antoine dépasse plus son objectif que Julien avec " \
           f"{fr(per_hour['Julien Marchand'], 2)} €" in text
    assert s["Antoine Dubois"]["rate"] > s["Julien Marchand"]["rate"] and per_hour["Antoine Dubois"] < per_hour["Julien Marchand"]
    assert (f"le CA par heure de Léa ({fr(per_hour['Léa Fontaine'], 2)} €)" in text
            and f"celui de Maxime ({fr(per_hour['Maxime Garnier'], 2)} €)" in text)


def test_the_alternants_serve_as_many_customers_with_smaller_baskets(sellers_2025, text):
    s = sellers_2025
    pace = {n: fr(v["tickets_per_hour"], 2) for n, v in s.items()}
    assert f"({pace['Yanis Mercier']} ticket par heure contre {pace['Antoine Dubois']})" in text
    assert f"Léa autant que Julien ({pace['Léa Fontaine']} contre {pace['Julien Marchand']})" in text
    assert (f"{fr(s['Yanis Mercier']['basket'], 2)} € pour Yanis, {fr(s['Antoine Dubois']['basket'], 2)} € pour Antoine"
            in text)
    share = {n: v["bikes"] / v["tickets"] for n, v in s.items()}
    assert all(0.08 < share[n] < 0.115 for n in ALTERNANTS)  # « environ 1 sur 10 »
    assert all(0.155 < share[n] < 0.18 for n in ("Julien Marchand", "Antoine Dubois"))  # « 1 sur 6 »
    assert "environ 1 sur 10, contre 1 sur 6 pour Julien ou Antoine" in text
    assert round(share["Yanis Mercier"] * 100) == 10 and "de 10 % à 13 % d'ici juin" in text


def test_an_absence_lowers_the_rate_not_the_objective(sellers_2025, text):
    camille = sellers_2025["Camille Roux"]
    absent = camille["planned"] - camille["worked"]
    assert (f"Camille Roux ({fr(camille['rate'])} %) a été absente {fr(absent, 0)} heures en 2025" in text)
    assert (f"elle vend {fr(camille['per_hour'], 2)} € pour {fr(camille['objective_per_hour'], 2)} € attendus, "
            f"soit {round(camille['per_hour'] / camille['objective_per_hour'] * 100)} % de l'objectif") in text


def test_the_b2b_sellers(text):
    leads = defaultdict(list)
    for r in rows("prospects"):
        leads[r["commercial"]].append(r)
    rate, mean, median, big = {}, {}, {}, {}
    for seller, own in leads.items():
        won = [r for r in own if r["statut"] == "gagne"]
        cycles = [(date.fromisoformat(r["date_signature"]) - date.fromisoformat(r["date_premier_contact"])).days
                  for r in won]
        rate[seller] = len(won) / len(own) * 100
        mean[seller], median[seller] = statistics.fmean(cycles), statistics.median(cycles)
        big[seller] = sum(r["taille"] == "250+" for r in own) / len(own) * 100
    deals = {}
    for seller, own in leads.items():
        won = [r for r in own if r["statut"] == "gagne"]
        deals[seller] = sum(float(r["montant_ht"]) for r in won) / len(won)
    deal = deals["Sophie Laurent"]
    assert max(deals, key=deals.get) == "Sophie Laurent"
    sizes = [len(own) for own in leads.values()]
    assert f"sur {min(sizes)} à {max(sizes)} leads chacun, un point de conversion fait 2 ventes" in text
    assert all(round(n / 100) == 2 for n in sizes)  # 1 % of the leads: about 2 sales
    assert (f"({fr(rate['Inès Moreau'])} %, {fr(rate['Karim Benali'])} %, {fr(rate['Sophie Laurent'])} %)" in text)
    assert max(mean, key=mean.get) == "Sophie Laurent" and min(median, key=median.get) == "Sophie Laurent"
    assert f"Son cycle moyen est le plus long ({fr(mean['Sophie Laurent'])} jours)" in text
    assert "68 jours en moyenne pour signer" in text and round(mean["Sophie Laurent"]) == 68
    assert (f"({fr(median['Sophie Laurent'])} jours, contre {fr(median['Karim Benali'])} pour Karim et "
            f"{fr(median['Inès Moreau'])} pour Inès)") in text
    assert f"{round(big['Sophie Laurent'])} % de ses leads contre {round(big['Karim Benali'])} % pour Karim" in text
    assert f"la plus grosse affaire moyenne ({fr(deal, 2)} €)" in text


def test_a_month_of_leads_gives_any_rate(text):
    months = defaultdict(lambda: [0, 0])
    for r in rows("prospects"):
        key = (r["commercial"], r["date_premier_contact"][:7])
        months[key][0] += 1
        months[key][1] += r["statut"] == "gagne"
    rates = [won / n * 100 for n, won in months.values()]
    assert min(rates) == 0 and max(rates) == 100
    assert "le taux va de 0 % à 100 %" in text


def test_printed_figures(printed):
    march = [r for r in rows("objectifs") if r["point_de_vente"] == "Villeurbanne" and r["mois"] == "2025-03-01"]
    assert f"Objectif du magasin en mars 2025 : {fr(sum(float(r['objectif_ca_ht']) for r in march), 2)} €" in printed
    antoine = [r for r in rows("objectifs") if r["vendeur"] == "Antoine Dubois" and r["mois"][:4] == "2025"]
    assert f"objectif : {fr(sum(float(r['objectif_ca_ht']) for r in antoine), 2)} €" in printed
    assert "Taux des deux mois : 101,1 %" in printed  # 43 080 ÷ 42 600
    assert fr(43_080 / 42_600 * 100) == "101,1"
