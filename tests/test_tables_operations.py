"""kpilab.tables.operations: each table recomputed from the CSV files with the csv module, and its errors."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta

import pandas as pd
import pytest

from course_csv import rows
from kpilab import datasets, tables
from kpilab.errors import KPIError

SHOPS = ("Bellecour", "Croix-Rousse", "Villeurbanne")


@pytest.fixture(scope="module")
def data():
    return {name: datasets.load(name) for name in (
        "commandes", "lignes_commande", "frequentation", "passants", "inventaires", "magasins")}


def _ca_by_shop_year() -> dict:
    ca = defaultdict(float)
    for r in rows("commandes"):
        if r["point_de_vente"] in SHOPS:
            ca[(r["point_de_vente"], r["date"][:4])] += float(r["montant_ht"])
    return ca


def test_the_functions_are_reexported_by_tables():
    for name in tables.operations.__all__:
        assert getattr(tables, name) is getattr(tables.operations, name)


def test_average_item_price_splits_the_basket(data):
    shop = data["commandes"][data["commandes"]["canal"] == "magasin"]
    table = tables.average_item_price_by(shop)
    for (point, year), row in table.iterrows():
        tickets = [r for r in rows("commandes") if r["point_de_vente"] == point and r["date"][:4] == str(year)]
        revenue, items = sum(float(r["montant_ht"]) for r in tickets), sum(int(r["nb_articles"]) for r in tickets)
        assert row["prix_moyen_article"] == pytest.approx(revenue / items)
        assert row["indice_de_vente"] * row["prix_moyen_article"] == pytest.approx(row["panier_moyen_ht"])
        assert row["panier_moyen_ht"] == pytest.approx(revenue / len(tickets))


def test_capture_rate_per_shop_and_year(data):
    entrants, passers = defaultdict(int), defaultdict(int)
    for r in rows("frequentation"):
        entrants[(r["point_de_vente"], r["date"][:4])] += int(r["visiteurs"])
    for r in rows("passants"):
        passers[(r["point_de_vente"], r["date"][:4])] += int(r["passants"])
    table = tables.capture_rate_by(data["frequentation"], data["passants"], period="year")
    assert sorted({shop for shop, _ in table.index}) == list(SHOPS)  # no web shop
    for (shop, year), row in table.iterrows():
        key = (shop, str(year))
        assert (row["entrants"], row["passants"]) == (entrants[key], passers[key])
        assert row["taux_de_captation"] == pytest.approx(entrants[key] / passers[key] * 100)
    whole = tables.capture_rate_by(data["frequentation"], data["passants"], by=None)
    shops = [k for k in entrants if k[0] in SHOPS]
    assert whole.loc["total", "taux_de_captation"] == pytest.approx(
        sum(entrants[k] for k in shops) / sum(passers.values()) * 100)


def test_sales_per_square_metre(data):
    ca = _ca_by_shop_year()
    surface = {r["point_de_vente"]: int(r["surface_vente_m2"]) for r in rows("magasins")}
    table = tables.sales_per_square_metre_by(data["commandes"], data["magasins"])
    assert len(table) == 6
    for (shop, year), row in table.iterrows():
        assert row["chiffre_affaires_ht"] == pytest.approx(ca[(shop, str(year))])
        assert row["ca_par_m2"] == pytest.approx(ca[(shop, str(year))] / surface[shop])


def _inventories(shop: str, year: str) -> list[dict]:
    return [r for r in rows("inventaires") if r["point_de_vente"] == shop and r["date_inventaire"][:4] == year]


def test_stock_rotation_uses_the_counts_that_open_and_close_the_year(data):
    table = tables.stock_rotation_by(data["inventaires"])
    for (shop, year), row in table.iterrows():
        lines = _inventories(shop, str(year))
        opening = sum(float(r["stock_initial_ht"]) for r in lines if r["date_inventaire"][5:] == "03-31")
        closing = sum(float(r["stock_compte_ht"]) for r in lines if r["date_inventaire"][5:] == "12-31")
        sold = sum(float(r["cout_achat_ventes_ht"]) for r in lines)
        average = (opening + closing) / 2
        assert row["stock_moyen_ht"] == pytest.approx(average)
        assert row["rotation"] == pytest.approx(sold / average)
        assert row["duree_de_stockage_jours"] == pytest.approx(360 / (sold / average))
        assert row["jours"] == 360


def test_stock_rotation_by_quarter_and_category(data):
    table = tables.stock_rotation_by(data["inventaires"], by=["point_de_vente", "categorie"], period="quarter")
    row = table.loc[("Villeurbanne", "vtt", "2025Q2")]
    [line] = [r for r in _inventories("Villeurbanne", "2025") if r["date_inventaire"] == "2025-06-30"
              and r["categorie"] == "vtt"]
    average = (float(line["stock_initial_ht"]) + float(line["stock_compte_ht"])) / 2
    assert row["jours"] == 90
    assert row["duree_de_stockage_jours"] == pytest.approx(average / float(line["cout_achat_ventes_ht"]) * 90)
    total = tables.stock_rotation_by(data["inventaires"], by=None, period=None)
    assert total.index.tolist() == ["total"] and total.loc["total", "jours"] == 720


def test_shrinkage_on_the_shops_revenue(data):
    ca = _ca_by_shop_year()
    table = tables.shrinkage_by(data["inventaires"], data["commandes"])
    for (shop, year), row in table.iterrows():
        lost = sum(float(r["stock_theorique_ht"]) - float(r["stock_compte_ht"]) for r in _inventories(shop, str(year)))
        assert row["demarque_ht"] == pytest.approx(lost, abs=0.01)
        assert row["taux_de_demarque"] == pytest.approx(lost / ca[(shop, str(year))] * 100, rel=1e-6)


def test_shrinkage_of_one_year_only_takes_that_years_revenue(data):
    inventories = data["inventaires"][data["inventaires"]["date_inventaire"].dt.year == 2025]
    table = tables.shrinkage_by(inventories, data["commandes"], by=None, period=None)
    ca = _ca_by_shop_year()
    assert table.loc["total", "chiffre_affaires_ht"] == pytest.approx(sum(ca[(s, "2025")] for s in SHOPS))


def _commercial_day(year: int, days: float) -> date:
    """Day N of a year of twelve 30-day months, written independently: the 270th day is 30 September."""
    n = math.ceil(days)
    month, day = (n - 1) // 30 + 1, (n - 1) % 30 + 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day, last))


def test_break_even_per_shop_and_year(data):
    shop_of = {r["commande_id"]: (r["point_de_vente"], r["date"]) for r in rows("commandes")
               if r["point_de_vente"] in SHOPS}
    sales, costs = defaultdict(float), defaultdict(float)
    for r in rows("lignes_commande"):
        if r["commande_id"] in shop_of:
            shop, day = shop_of[r["commande_id"]]
            sales[(shop, day[:4])] += float(r["montant_ht"])
            costs[(shop, day[:4])] += int(r["quantite"]) * float(r["prix_achat_unitaire_ht"])
    fixed = {r["point_de_vente"]: float(r["charges_fixes_annuelles_ht"]) for r in rows("magasins")}
    table = tables.break_even_by(data["commandes"], data["lignes_commande"], data["magasins"])
    for (shop, year), row in table.iterrows():
        key = (shop, str(year))
        rate = (sales[key] - costs[key]) / sales[key]
        threshold = fixed[shop] / rate
        days = threshold / sales[key] * 360
        assert row["taux_de_mcv"] == pytest.approx(rate * 100)
        assert row["seuil_de_rentabilite_ht"] == pytest.approx(threshold)
        assert row["point_mort_jours"] == pytest.approx(days)
        assert row["resultat_ht"] == pytest.approx(sales[key] - costs[key] - fixed[shop])
        assert row["point_mort_date"].date() == _commercial_day(year.year, days)
        # the day the cumulated tickets reach the seuil
        running, reached = 0.0, None
        for day, amount in sorted(_daily_revenue(shop, str(year)).items()):
            running += amount
            if running >= threshold:
                reached = day
                break
        assert f"{row['seuil_atteint_le']:%Y-%m-%d}" == reached


def _daily_revenue(shop: str, year: str) -> dict:
    daily = defaultdict(float)
    for r in rows("commandes"):
        if r["point_de_vente"] == shop and r["date"][:4] == year:
            daily[r["date"]] += float(r["montant_ht"])
    return daily


def test_commercial_dates_as_taught():
    from kpilab.tables.operations import _commercial_date

    assert _commercial_date(2025, 270) == pd.Timestamp("2025-09-30")
    assert _commercial_date(2025, 238.84) == pd.Timestamp("2025-08-29")
    assert _commercial_date(2025, 59.5) == pd.Timestamp("2025-02-28")  # "30 February" is the month's last day
    assert _commercial_date(2025, 0.2) == pd.Timestamp("2025-01-01")
    assert pd.isna(_commercial_date(2025, 361))


def test_a_shop_without_tickets_or_passers_by(data):
    magasins = pd.concat([data["magasins"], pd.DataFrame({
        "point_de_vente": ["Lyon 7e"], "surface_vente_m2": [100], "charges_fixes_annuelles_ht": [1000.0]})])
    area = tables.sales_per_square_metre_by(data["commandes"], magasins)
    assert "Lyon 7e" not in area.index.get_level_values(0)  # no ticket, no row
    seuils = tables.break_even_by(data["commandes"], data["lignes_commande"], magasins)
    assert "Lyon 7e" not in seuils.index.get_level_values(0)
    no_one = data["passants"].assign(passants=0)
    capture = tables.capture_rate_by(data["frequentation"], no_one)
    assert capture["taux_de_captation"].isna().all()  # <NA>, never 0, when nobody passed


@pytest.mark.parametrize("call, message", [
    (lambda d: tables.stock_rotation_by(d["inventaires"], period="month"), "trimestriels"),
    (lambda d: tables.shrinkage_by(d["inventaires"], d["commandes"], period="mois"), "trimestriels"),
    (lambda d: tables.shrinkage_by(d["inventaires"], d["commandes"], by="categorie"), "point_de_vente"),
    (lambda d: tables.capture_rate_by(d["frequentation"], d["passants"], by="date"), "point_de_vente"),
    (lambda d: tables.break_even_by(d["commandes"], d["lignes_commande"], d["magasins"], period="quarter"),
     "annuelles"),
    (lambda d: tables.break_even_by(d["commandes"], d["lignes_commande"],
                                    d["magasins"].drop(columns="charges_fixes_annuelles_ht")), "charges_fixes"),
    (lambda d: tables.stock_rotation_by(d["inventaires"].drop(columns="stock_compte_ht")), "stock_compte_ht"),
    (lambda d: tables.sales_per_square_metre_by(d["commandes"], pd.concat([d["magasins"]] * 2)), "plusieurs lignes"),
    (lambda d: tables.capture_rate_by(d["frequentation"], "passants"), "DataFrame"),
])
def test_errors_are_french(data, call, message):
    with pytest.raises(KPIError, match=message):
        call(data)
