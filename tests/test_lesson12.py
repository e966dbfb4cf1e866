"""Lesson 12 (tes propres données): the figures its text and printed outputs state, recomputed from
the template file datasets/modeles/ventes_modele.csv with the csv module, not with kpilab."""

from __future__ import annotations

import csv
import hashlib
import hmac
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import lesson_text
import nbformat
import pytest
from lesson_text import fr

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "12_tes_propres_donnees.ipynb"
TEMPLATE = ROOT / "datasets" / "modeles" / "ventes_modele.csv"
SECRET = "exemple-du-cours-a-ne-pas-reutiliser"  # the lesson's example secret
REFUND_RULE = ("Une vente, c'est une commande d'un montant positif. Un avoir (remboursement, montant négatif) "
               "n'est pas une vente : il ne compte ni dans les transactions, ni dans le panier moyen, ni pour "
               "dire qu'un client est actif. Les commandes à 0 € sont laissées de côté de la même façon.")




@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(LESSON, as_version=4)


@pytest.fixture(scope="module")
def text(notebook):
    return lesson_text.markdown(notebook)


@pytest.fixture(scope="module")
def printed(notebook):
    """What the code cells print and show as text (streams and text/plain results)."""
    return lesson_text.printed(notebook, results=True)


@pytest.fixture(scope="module")
def lines():
    """The template's rows as dicts (French Excel CSV: ';', decimal comma, UTF-8 with BOM, dd/mm/yyyy),
    each with its line number in the file (headers = line 1), its day and its HT amount."""
    with TEMPLATE.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    for number, row in enumerate(rows, start=2):
        day, month, year = (int(x) for x in row["Date"].split("/"))
        row["ligne"], row["jour"] = number, date(year, month, day)
        row["ht"] = float(row["Montant HT (€)"].replace(",", "."))
        row["articles"] = int(row["Nb articles"])
    return rows


def _sales(rows):
    return [r for r in rows if r["ht"] > 0]


def _basket(rows) -> float:
    sales = _sales(rows)
    return sum(r["ht"] for r in sales) / len(sales)


def test_the_refund_rule_is_quoted_word_for_word(text):
    assert REFUND_RULE in text


def test_the_report_counts_of_the_template(lines, text, printed):
    customers = {r["Code client"] for r in lines if r["Code client"]}
    anonymous = sum(not r["Code client"] for r in lines)
    refunds = [r for r in lines if r["ht"] < 0]
    assert f"{len(lines)} lignes lues, {len(lines)} commandes gardées, {len(customers)} clients, {anonymous} tickets anonymes" in printed
    assert f"{len(lines)} lignes lues, toutes gardées, du 01/02/2025 au 30/04/2025" in text
    assert f"{len(customers)} clients différents et {anonymous} tickets anonymes" in text
    numbers = [r["ligne"] for r in refunds]
    assert numbers == [226, 455] and "lignes 226 et 455" in text and "lignes 226, 455" in printed
    assert f"{fr(sum(r['ht'] for r in refunds), 2)} € HT en tout" in printed
    # The tables' warning names the orders by their line in the file (the index of imp.commandes).
    assert f"lignes {numbers[0]}, {numbers[1]} du tableau" in printed


def test_the_calculation_by_hand_is_the_template_day(lines, text, printed):
    day = [r for r in lines if r["jour"] == date(2025, 3, 10)]
    assert [r["ligne"] for r in day] == list(range(222, 228)) and "lignes 222 à 227 du fichier modèle" in text
    for r in day:
        assert f"| {r['N° ticket']} | {r['Code client'] or '(anonyme)'} | {r['Magasin']} | {r['articles']} |" in text
    refund = [r for r in day if r["ht"] < 0]
    assert len(refund) == 1 and refund[0]["N° ticket"] == "000225" and refund[0]["Code client"] == "03995"
    sales = _sales(day)
    total = sum(r["ht"] for r in sales)
    assert f"= **{fr(total, 2)} € HT**" in text and f"**{len(sales)} ventes**" in text
    assert f"Panier moyen HT du 10/03/2025 : {fr(total / len(sales), 2)} €" in printed
    articles = sum(r["articles"] for r in sales)
    assert f"= {articles} ÷ {len(sales)} = **{fr(articles / len(sales))} articles par vente**" in text
    wrong = (total + refund[0]["ht"]) / len(day)
    assert f"Avec l'avoir compté comme une vente (faux) : {fr(wrong, 2)} €" in printed
    assert f"÷ {len(day)} ≈ {fr(wrong, 2)} €" in text


def test_the_basket_of_the_template(lines, text, printed):
    sales = _sales(lines)
    total = sum(r["ht"] for r in sales)
    assert f"Ventes : {len(sales)} sur {len(lines)} lignes" in printed
    assert f"Chiffre d'affaires HT des ventes : {fr(total, 2)} €" in printed
    assert f"Pas à pas : {fr(total / len(sales), 2)} €\nAvec tables : {fr(total / len(sales), 2)} €" in printed
    index = sum(r["articles"] for r in sales) / len(sales)
    assert f"Indice de vente : {fr(index, 2)}" in printed
    assert (f"**{fr(total / len(sales), 2)} € HT** ({len(sales)} ventes pour {fr(total, 2)} € HT, "
            f"{fr(index, 2)} articles par vente)") in text
    everything = sum(r["ht"] for r in lines) / len(lines)
    assert f"Moyenne de toutes les lignes (faux) : {fr(everything, 2)} €" in printed
    assert f"({fr(everything, 2)} € au lieu de {fr(total / len(sales), 2)} €)" in text


def test_the_basket_per_shop_falls_in_april(lines, text):
    baskets = {(shop, month): _basket([r for r in lines if r["Magasin"] == shop and r["jour"].month == month])
               for shop in ("Confluence", "Gerland") for month in (3, 4)}
    assert all(baskets[(shop, 4)] < baskets[(shop, 3)] for shop in ("Confluence", "Gerland"))
    for shop in ("Confluence", "Gerland"):
        assert f"de {fr(baskets[(shop, 3)], 2)} € à {fr(baskets[(shop, 4)], 2)} € HT à {shop}" in text


def _weeks(rows):
    """Sales per week (Monday to Sunday): {monday: [rows]}."""
    weeks = defaultdict(list)
    for r in _sales(rows):
        weeks[r["jour"] - timedelta(days=r["jour"].weekday())].append(r)
    return dict(sorted(weeks.items()))


def test_the_partial_weeks(lines, text, printed):
    first, last = min(r["jour"] for r in lines), max(r["jour"] for r in lines)
    weeks = _weeks(lines)
    partial = [m for m in weeks if m < first or m + timedelta(days=6) > last]
    assert partial == [min(weeks), max(weeks)]
    assert (first.weekday(), last.weekday()) == (5, 2)  # a Saturday and a Wednesday: 2 and 3 days
    assert "n'a que **deux jours** de ventes, la dernière (du 28/04 au 04/05) **trois**" in text
    for monday in partial:
        rows = weeks[monday]
        assert (f"Semaine du {monday:%d/%m/%Y} au {monday + timedelta(days=6):%d/%m/%Y} : {len(rows)} ventes, "
                f"{fr(sum(r['ht'] for r in rows), 2)} € HT") in printed
    full = [sum(r["ht"] for r in rows) for m, rows in weeks.items() if m not in partial]
    assert f"(de {fr(min(full), 2)} € à {fr(max(full), 2)} € HT)" in text
    opening = weeks[partial[0]]
    assert f"{fr(sum(r['ht'] for r in opening), 2)} € HT de chiffre d'affaires, la première semaine" in text
    assert f"son panier moyen ({fr(_basket(opening), 2)} € HT), calculé sur {len(opening)} ventes" in text
    best = max((sum(r["ht"] for r in rows), m) for m, rows in weeks.items())
    assert f"({fr(round(best[0]), 0)} € la semaine du {best[1]:%d/%m})" in text


def test_retention_from_month_to_month_counts_sales_only(lines, text, printed):
    active = defaultdict(set)
    for r in _sales(lines):
        if r["Code client"]:
            active[r["jour"].month].add(r["Code client"])
    march = len(active[2] & active[3]) / len(active[2]) * 100
    april = len(active[3] & active[4]) / len(active[3]) * 100
    assert f"Clients actifs en février : {len(active[2])}\nEncore actifs en mars : {len(active[2] & active[3])}" in printed
    assert f"Pas à pas : {fr(march)} %\nAvec tables : {fr(march)} %" in printed
    assert "Le client 03995 est-il actif en mars ? False" in printed and "03995" not in active[3]
    assert f"**{fr(march)} %** des clients actifs en février" in text
    assert f"seulement **{fr(april)} %** de ceux de mars" in text
    assert f"(attrition de {fr(100 - march)} % puis {fr(100 - april)} %)" in text
    assert f"parmi les {len(active[2])} clients actifs de février, c'est {fr(100 / len(active[2]))} point" in text


def test_an_export_from_the_twelfth_makes_a_partial_february(lines, printed):
    kept = _sales([r for r in lines if r["jour"] >= date(2025, 2, 12)])
    february = [r for r in kept if r["jour"].month == 2]
    assert f"févr. 2025 {len(february)} {fr(sum(r['ht'] for r in february), 2)}" in " ".join(printed.split())
    assert "Le mois de février 2025 n'est couvert que du 12/02/2025 au 28/02/2025" in printed


def test_the_pseudonym_is_the_hmac_of_the_code(printed):
    digest = hmac.new(SECRET.encode(), b"03995", hashlib.sha256).hexdigest()
    assert f"Pseudonymes du client 03995 : ['P{digest[:10]}']" in printed
