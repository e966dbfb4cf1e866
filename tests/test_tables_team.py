"""Per-seller tables (kpilab.tables.team): small tables counted by hand, then the course data
checked against plain Python on the CSV files (tests/course_csv.py)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date

import pandas as pd
import pytest
from course_csv import rows

from kpilab import KPIError, datasets, tables

D = pd.to_datetime


# --- small tables, answers counted by hand ------------------------------------------


def _shop():
    objectifs = pd.DataFrame({
        "mois": D(["2025-01-01", "2025-01-01", "2025-02-01", "2025-02-01"]),
        "point_de_vente": ["A", "A", "A", "A"],
        "vendeur": ["Zoé", "Yann", "Zoé", "Yann"],
        "heures_prevues": [140, 70, 140, 70],
        "heures_travaillees": [140, 56, 100, 70],
        "objectif_ca_ht": [20_000.0, 10_000.0, 14_000.0, 7_000.0],
    })
    commandes = pd.DataFrame({
        "commande_id": ["t1", "t2", "t3", "t4", "t5", "w1"],
        "date": D(["2025-01-03", "2025-01-20", "2025-01-21", "2025-02-02", "2025-02-10", "2025-01-05"]),
        "point_de_vente": ["A", "A", "A", "A", "A", "Site web"],
        "montant_ht": [12_000.0, 10_000.0, 8_400.0, 15_400.0, 0.0, 99.0],
        "nb_articles": [30, 20, 21, 40, 1, 1],
    })
    tickets_vendeurs = pd.DataFrame({"commande_id": ["t1", "t2", "t3", "t4", "t5"],
                                     "vendeur": ["Zoé", "Zoé", "Yann", "Zoé", "Yann"]})
    return objectifs, commandes, tickets_vendeurs


def test_target_achievement_by_seller_and_month_by_hand():
    table = tables.target_achievement_by(*_shop(), period="month")
    jan, feb = pd.Period("2025-01", "M"), pd.Period("2025-02", "M")
    assert table.loc[("Zoé", jan), "chiffre_affaires_ht"] == 22_000  # 12 000 + 10 000
    assert table.loc[("Zoé", jan), "taux_de_realisation"] == pytest.approx(110)  # 22 000 ÷ 20 000
    assert table.loc[("Zoé", jan), "ecart_ht"] == 2_000
    assert table.loc[("Yann", jan), "taux_de_realisation"] == pytest.approx(84)  # 8 400 ÷ 10 000
    assert table.loc[("Zoé", feb), "taux_de_realisation"] == pytest.approx(110)  # 15 400 ÷ 14 000
    assert table.loc[("Yann", feb), "taux_de_realisation"] == 0  # one ticket of 0 €: a real 0 %
    assert list(table.index.get_level_values(0).unique()) == ["Yann", "Zoé"]  # text: sorted names


def test_a_year_is_the_total_over_the_total_not_the_mean_of_the_months():
    table = tables.target_achievement_by(*_shop(), by="vendeur", period=None)
    # Yann: (8 400 + 0) ÷ (10 000 + 7 000) = 49,4 %, not (84 + 0) ÷ 2 = 42 %
    assert table.loc["Yann", "taux_de_realisation"] == pytest.approx(8_400 / 17_000 * 100)
    shop = tables.target_achievement_by(*_shop(), by="point_de_vente", period=None)
    assert shop.loc["A", "objectif_ca_ht"] == 51_000  # the shop's objective = its sellers'
    assert shop.loc["A", "chiffre_affaires_ht"] == 45_800  # the web order is not a shop ticket
    total = tables.target_achievement_by(*_shop(), by=None, period=None)
    assert list(total.index) == ["total"] and total.loc["total", "ecart_ht"] == -5_200


def test_seller_sales_by_hand():
    table = tables.seller_sales_by(*_shop(), period=None)
    zoe, yann = table.loc["Zoé"], table.loc["Yann"]
    assert (zoe["tickets"], zoe["articles"], zoe["heures_travaillees"]) == (3, 90, 240)
    assert zoe["panier_moyen_ht"] == pytest.approx(37_400 / 3)
    assert zoe["indice_de_vente"] == pytest.approx(30)  # 90 ÷ 3
    assert zoe["ca_par_heure"] == pytest.approx(37_400 / 240)  # worked hours, not the 280 planned
    assert zoe["tickets_par_heure"] * zoe["panier_moyen_ht"] == pytest.approx(zoe["ca_par_heure"])
    assert zoe["objectif_par_heure"] == pytest.approx(34_000 / 280)
    assert yann["ca_par_heure"] == pytest.approx(8_400 / 126)  # 56 + 70 hours
    assert yann["objectif_par_heure"] == pytest.approx(zoe["objectif_par_heure"])  # the split by hours


def test_a_seller_without_tickets_or_hours():
    objectifs, commandes, tickets = _shop()
    objectifs = pd.concat([objectifs, pd.DataFrame({
        "mois": D(["2025-02-01"]), "point_de_vente": ["A"], "vendeur": ["Xavier"], "heures_prevues": [10],
        "heures_travaillees": [0], "objectif_ca_ht": [0.0]})], ignore_index=True)
    table = tables.seller_sales_by(objectifs, commandes, tickets, period=None)
    xavier = table.loc["Xavier"]
    assert xavier["tickets"] == 0 and pd.isna(xavier["panier_moyen_ht"]) and pd.isna(xavier["ca_par_heure"])
    assert pd.isna(tables.target_achievement_by(objectifs, commandes, tickets, period=None).loc[
        "Xavier", "taux_de_realisation"])


def test_a_column_with_one_value_per_seller_groups_the_tickets_too():
    objectifs, commandes, tickets = _shop()
    objectifs = objectifs.assign(poste=objectifs["vendeur"].map({"Zoé": "vendeur", "Yann": "alternant"}))
    table = tables.target_achievement_by(objectifs, commandes, tickets, by="poste", period=None)
    assert table.loc["alternant", "chiffre_affaires_ht"] == 8_400
    moved = objectifs.assign(poste=["vendeur", "alternant", "vendeur", "vendeur"])
    with pytest.raises(KPIError, match="plusieurs valeurs pour le vendeur 'Yann'"):
        tables.target_achievement_by(moved, commandes, tickets, by="poste")


def test_team_table_problems_are_french_errors():
    objectifs, commandes, tickets = _shop()
    with pytest.raises(KPIError, match="n'a pas la .* heures_travaillees"):
        tables.seller_sales_by(objectifs.drop(columns="heures_travaillees"), commandes, tickets)
    with pytest.raises(KPIError, match="`tickets_vendeurs` n'a pas"):
        tables.target_achievement_by(objectifs, commandes, tickets.drop(columns="vendeur"))
    with pytest.raises(KPIError, match="doit contenir des dates"):
        tables.target_achievement_by(objectifs.assign(mois=objectifs["mois"].astype(str)), commandes, tickets)
    with pytest.raises(KPIError, match="plusieurs lignes pour la commande 't1'"):
        tables.target_achievement_by(objectifs, pd.concat([commandes, commandes.head(1)]), tickets)
    with pytest.raises(KPIError, match="period"):
        tables.target_achievement_by(objectifs, commandes, tickets, period="semaine")


def _leads():
    return pd.DataFrame({
        "commercial": ["Ana", "Ana", "Ana", "Ben", "Ben"],
        "statut": ["gagne", "gagne", "en_cours", "gagne", "perdu"],
        "date_premier_contact": D(["2024-01-10", "2024-12-01", "2025-01-05", "2025-02-01", "2025-03-01"]),
        "date_signature": D(["2024-01-30", "2025-02-09", None, "2025-02-11", None]),
        "montant_ht": [9_000.0, 3_000.0, None, 5_000.0, None],
    })


def test_seller_conversion_by_hand():
    table = tables.seller_conversion_by(_leads())
    ana = table.loc["Ana"]
    assert (ana["leads"], ana["ventes"], ana["en_cours"]) == (3, 2, 1)
    assert ana["taux_de_conversion"] == pytest.approx(200 / 3)  # the open lead stays a lead
    assert ana["affaire_moyenne_ht"] == 6_000  # (9 000 + 3 000) ÷ 2
    assert ana["cycle_moyen_jours"] == 45 and ana["cycle_median_jours"] == 45  # 20 and 70 days
    assert table.loc["Ben", "affaire_moyenne_ht"] == 5_000 and table.loc["Ben", "cycle_median_jours"] == 10


def test_seller_conversion_by_period_of_first_contact():
    table = tables.seller_conversion_by(_leads(), period="year")
    y24, y25 = pd.Period("2024", "Y"), pd.Period("2025", "Y")
    # the deal first contacted in 12/2024 and signed in 02/2025 belongs to 2024
    assert table.loc[("Ana", y24), "ventes"] == 2 and table.loc[("Ana", y24), "cycle_median_jours"] == 45
    ana_25 = table.loc[("Ana", y25)]
    assert ana_25["ventes"] == 0 and pd.isna(ana_25["affaire_moyenne_ht"]) and pd.isna(ana_25["cycle_moyen_jours"])
    with pytest.raises(KPIError, match="n'a pas la .* commercial"):
        tables.seller_conversion_by(_leads().drop(columns="commercial"))


# --- the course data against plain Python ----------------------------------------------


def _seller_year():
    """{(seller, year): [objective, CA, tickets, articles, planned, worked]} from the CSV files."""
    orders = {r["commande_id"]: r for r in rows("commandes")}
    sums = defaultdict(lambda: [0.0, 0.0, 0, 0, 0, 0])
    for r in rows("objectifs"):
        s = sums[(r["vendeur"], r["mois"][:4])]
        s[0] += float(r["objectif_ca_ht"])
        s[4] += int(r["heures_prevues"])
        s[5] += int(r["heures_travaillees"])
    for r in rows("tickets_vendeurs"):
        order = orders[r["commande_id"]]
        s = sums[(r["vendeur"], order["date"][:4])]
        s[1] += float(order["montant_ht"])
        s[2] += 1
        s[3] += int(order["nb_articles"])
    return sums


@pytest.fixture(scope="module")
def team():
    return datasets.load("objectifs"), datasets.load("commandes"), datasets.load("tickets_vendeurs")


def test_target_achievement_on_course_data(team):
    table = tables.target_achievement_by(*team)
    expected = _seller_year()
    assert len(table) == len(expected) == 24
    for (seller, year), (objective, sales, *_rest) in expected.items():
        row = table.loc[(seller, year)]
        assert row["objectif_ca_ht"] == pytest.approx(objective)
        assert row["chiffre_affaires_ht"] == pytest.approx(sales, abs=0.005)
        assert row["taux_de_realisation"] == pytest.approx(sales / objective * 100)
    shops = tables.target_achievement_by(*team, by="point_de_vente", period=None)
    for shop in ("Bellecour", "Croix-Rousse", "Villeurbanne"):
        sales = sum(float(r["montant_ht"]) for r in rows("commandes") if r["point_de_vente"] == shop)
        assert shops.loc[shop, "chiffre_affaires_ht"] == pytest.approx(sales, abs=0.01)  # every ticket has a seller


def test_seller_sales_on_course_data(team):
    table = tables.seller_sales_by(*team)
    for (seller, year), (objective, sales, tickets, articles, planned, worked) in _seller_year().items():
        row = table.loc[(seller, year)]
        assert (row["tickets"], row["articles"], row["heures_travaillees"]) == (tickets, articles, worked)
        assert row["panier_moyen_ht"] == pytest.approx(sales / tickets)
        assert row["indice_de_vente"] == pytest.approx(articles / tickets)
        assert row["ca_par_heure"] == pytest.approx(sales / worked)
        assert row["objectif_par_heure"] == pytest.approx(objective / planned)


def test_seller_conversion_on_course_data():
    table = tables.seller_conversion_by(datasets.load("prospects"))
    for seller in ("Inès Moreau", "Karim Benali", "Sophie Laurent"):
        leads = [r for r in rows("prospects") if r["commercial"] == seller]
        won = [r for r in leads if r["statut"] == "gagne"]
        cycles = [(date.fromisoformat(r["date_signature"]) - date.fromisoformat(r["date_premier_contact"])).days
                  for r in won]
        row = table.loc[seller]
        assert (row["leads"], row["ventes"]) == (len(leads), len(won))
        assert row["taux_de_conversion"] == pytest.approx(len(won) / len(leads) * 100)
        assert row["affaire_moyenne_ht"] == pytest.approx(sum(float(r["montant_ht"]) for r in won) / len(won))
        assert row["cycle_moyen_jours"] == pytest.approx(statistics.fmean(cycles))
        assert row["cycle_median_jours"] == statistics.median(cycles)


def test_course_sellers_keep_the_order_of_their_categories(team):
    table = tables.target_achievement_by(*team, period=None)
    assert list(table.index) == list(datasets.load("vendeurs")["vendeur"])  # shop by shop, not alphabetical
