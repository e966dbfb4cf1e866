"""The dashboard: its numbers recomputed from the CSV files with plain Python, its
French errors, its text and HTML, and the widget."""

from __future__ import annotations

import statistics
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from course_csv import rows

from kpilab import KPIError
from kpilab.dashboard import (
    change,
    dashboard,
    format_change,
    format_summary,
    format_value,
    summary,
    tiles_html,
)

SHOPS = {"Bellecour", "Croix-Rousse", "Villeurbanne"}




def _orders(year, point=None, segment=None):
    """The orders of a year for a scope, straight from commandes.csv."""
    members = {r["client_id"] for r in rows("clients") if r["segment"] == segment}
    return [
        r for r in rows("commandes")
        if r["date"][:4] == str(year)
        and (point is None or r["point_de_vente"] == point)
        and (segment is None or r["client_id"] in members)
    ]


def _expected(year, point=None, segment=None):
    """Sales, margin, active customers and retention of a scope, with sets and sums.

    The basket and the sales index leave the B2B orders out when the scope mixes them with the
    others (lesson 04's rule); retention and churn are left out when the scope holds only
    companies (lessons 05 and 06).
    """
    orders = _orders(year, point, segment)
    b2b = [r["canal"] == "b2b" for r in orders]
    basket = [r for r in orders if r["canal"] != "b2b"] if any(b2b) and not all(b2b) else orders
    ids = {r["commande_id"] for r in orders}
    lines = [r for r in rows("lignes_commande") if r["commande_id"] in ids]
    revenue_lines = sum(float(r["montant_ht"]) for r in lines)
    cost = sum(int(r["quantite"]) * float(r["prix_achat_unitaire_ht"]) for r in lines)
    active = {r["client_id"] for r in orders if r["client_id"]}
    before = {r["client_id"] for r in _orders(year - 1, point, segment) if r["client_id"]}
    out = {
        "chiffre_affaires_ht": sum(float(r["montant_ht"]) for r in orders),
        "transactions": len(orders),
        "indice_de_vente": sum(int(r["nb_articles"]) for r in basket) / len(basket),
        "taux_de_marque": (revenue_lines - cost) / revenue_lines * 100,
        "clients_actifs": len(active),
    }
    out["panier_moyen_ht"] = sum(float(r["montant_ht"]) for r in basket) / len(basket)
    if before and not all(b2b):
        joined = {r["client_id"]: r["date_inscription"][:4] for r in rows("clients")}
        out["taux_de_retention"] = len(before & active) / len(before) * 100
        out["taux_d_attrition"] = len(before - active) / len(before) * 100
        out["nouveaux_clients"] = len({c for c in active - before if joined[c] == str(year)})
    return out


def _visits(year, points):
    return sum(int(r["visiteurs"]) for r in rows("frequentation")
               if r["date"][:4] == str(year) and r["point_de_vente"] in points)


@pytest.fixture(scope="module")
def whole_2025():
    return summary(2025)


def test_whole_company_2025_against_plain_python(whole_2025):
    table = whole_2025
    now, before = _expected(2025), _expected(2024)
    for code, value in now.items():
        assert table.loc[code, "valeur"] == pytest.approx(value), code
    for code in ("chiffre_affaires_ht", "transactions", "panier_moyen_ht", "clients_actifs"):
        assert table.loc[code, "valeur_precedente"] == pytest.approx(before[code]), code
        assert table.loc[code, "evolution"] == pytest.approx((now[code] - before[code]) / before[code] * 100)
        assert table.loc[code, "unite_evolution"] == "%"
    # a rate changes in points, not in %
    assert table.loc["taux_de_marque", "evolution"] == pytest.approx(now["taux_de_marque"] - before["taux_de_marque"])
    assert table.loc["taux_de_marque", "unite_evolution"] == "points"
    # retention 2024 needs 2023 orders: not in the data
    assert pd.isna(table.loc["taux_de_retention", "valeur_precedente"])
    assert table.loc["taux_de_retention", "valeur"] + table.loc["taux_d_attrition", "valeur"] == pytest.approx(100)
    assert table.columns.tolist() == ["libelle", "unite", "valeur", "valeur_precedente", "evolution",
                                      "unite_evolution", "hausse_favorable", "note"]
    assert table.attrs == {"annee": 2025, "point_de_vente": None, "segment": None}


def test_whole_company_basket_leaves_the_b2b_fleets_aside(whole_2025):
    # lesson 04: 168 fleet orders would inflate the basket; the tile says it leaves them out
    shops_and_web = [r for r in _orders(2025) if r["canal"] != "b2b"]
    everything = _orders(2025)
    basket = sum(float(r["montant_ht"]) for r in shops_and_web) / len(shops_and_web)
    assert whole_2025.loc["panier_moyen_ht", "valeur"] == pytest.approx(basket)
    assert basket < sum(float(r["montant_ht"]) for r in everything) / len(everything)  # the fleets weigh
    assert whole_2025.loc["panier_moyen_ht", "libelle"] == "Panier moyen HT (sans le B2B)"
    assert whole_2025.loc["indice_de_vente", "libelle"] == "Indice de vente (sans le B2B)"
    shop = summary(2025, point_de_vente="Bellecour")
    assert shop.loc["panier_moyen_ht", "libelle"] == "Panier moyen HT"


def test_retention_of_a_scope_with_companies_says_so(whole_2025):
    assert "Entreprises comprises" in whole_2025.loc["taux_de_retention", "note"]
    assert "Entreprises comprises" in whole_2025.loc["taux_d_attrition", "note"]
    shop = summary(2025, point_de_vente="Villeurbanne")  # no company buys in a shop
    assert shop.loc["taux_de_retention", "note"] == ""
    assert "remarques" not in whole_2025.attrs


@pytest.mark.parametrize("scope", [{"segment": "entreprise"}, {"canal": "b2b"},
                                   {"point_de_vente": "Service entreprises"}], ids=str)
def test_no_annual_retention_for_companies(scope):
    table = summary(2025, **scope)
    fleets = [r for r in _orders(2025) if r["canal"] == "b2b"]
    assert "taux_de_retention" not in table.index and "taux_d_attrition" not in table.index
    assert "ne leur convient pas" in " ".join(table.attrs["remarques"])
    assert table.loc["panier_moyen_ht", "libelle"] == "Montant moyen d'une commande B2B HT"
    assert table.loc["panier_moyen_ht", "valeur"] == pytest.approx(
        sum(float(r["montant_ht"]) for r in fleets) / len(fleets))
    assert table.loc["clients_actifs", "valeur"] == len({r["client_id"] for r in fleets})
    assert "ne leur convient pas" in tiles_html(table)


def test_whole_company_shop_conversion_counts_the_three_shops_only(whole_2025):
    tickets = {y: sum(1 for r in _orders(y) if r["point_de_vente"] in SHOPS) for y in (2024, 2025)}
    rates = {y: tickets[y] / _visits(y, SHOPS) * 100 for y in (2024, 2025)}
    row = whole_2025.loc["taux_de_transformation"]
    assert row["valeur"] == pytest.approx(rates[2025])
    assert row["evolution"] == pytest.approx(rates[2025] - rates[2024])
    assert "magasins" in row["libelle"]


def test_b2b_prospecting_kpis_of_the_year(whole_2025):
    campaigns = [r for r in rows("campagnes") if r["date_debut"][:4] == "2025"]
    reached = sum(int(r["contacts"]) - int(r["contacts_invalides"]) for r in campaigns)
    leads = [r for r in rows("prospects") if r["date_premier_contact"][:4] == "2025"]
    signed = [r for r in rows("prospects") if r["date_signature"][:4] == "2025"]
    cycles = [(date.fromisoformat(r["date_signature"]) - date.fromisoformat(r["date_premier_contact"])).days
              for r in signed]
    table = whole_2025
    assert table.loc["taux_de_reponse", "valeur"] == pytest.approx(sum(int(r["reponses"]) for r in campaigns) / reached * 100)
    assert table.loc["taux_de_conversion", "valeur"] == pytest.approx(
        sum(r["statut"] == "gagne" for r in leads) / len(leads) * 100)
    assert table.loc["cycle_de_vente_moyen", "valeur"] == pytest.approx(statistics.fmean(cycles))
    assert table.loc["cycle_de_vente_median", "valeur"] == pytest.approx(statistics.median(cycles))
    assert not table.loc["cycle_de_vente_median", "hausse_favorable"]  # a longer typical cycle is bad news
    assert pd.isna(table.loc["cycle_de_vente_moyen", "hausse_favorable"])  # the mean is read with the median
    assert not table.loc["taux_d_attrition", "hausse_favorable"]
    assert table.index.get_loc("cycle_de_vente_median") == table.index.get_loc("cycle_de_vente_moyen") + 1


def test_the_mean_cycle_is_read_with_the_median(whole_2025):
    # lesson 03 on the same data: the mean rose from 2024 to 2025, the median fell
    def cycles(year):
        return [(date.fromisoformat(r["date_signature"]) - date.fromisoformat(r["date_premier_contact"])).days
                for r in rows("prospects") if r["date_signature"][:4] == year]
    assert statistics.fmean(cycles("2025")) > statistics.fmean(cycles("2024"))
    assert statistics.median(cycles("2025")) < statistics.median(cycles("2024"))
    table = whole_2025
    assert table.loc["cycle_de_vente_moyen", "libelle"] == "Cycle de vente moyen (B2B)"
    assert table.loc["cycle_de_vente_median", "libelle"] == "Cycle de vente médian (B2B)"
    assert "la médiane baisse" in table.loc["cycle_de_vente_moyen", "note"]
    assert format_value(table.loc["cycle_de_vente_median", "valeur_precedente"], "jours", 1) == "45,5\u202fjours"
    tiles = tiles_html(table)
    mean_tile = tiles.split("Cycle de vente moyen (B2B)")[1].split("Cycle de vente médian")[0]
    assert "#555555;font-weight:bold\">▲" in mean_tile  # grey: no judgement on the mean alone
    median_tile = tiles.split("Cycle de vente médian (B2B)")[1]
    assert "#2e7d32;font-weight:bold\">▼" in median_tile  # green: the typical deal signs faster
    assert "la médiane baisse" in mean_tile


def test_a_conversion_rate_with_open_deals_is_provisional(whole_2025):
    leads = [r for r in rows("prospects") if r["date_premier_contact"][:4] == "2025"]
    open_deals = sum(r["statut"] == "en_cours" for r in leads)
    rate = sum(r["statut"] == "gagne" for r in leads) / len(leads) * 100
    assert open_deals > 0
    row = whole_2025.loc["taux_de_conversion"]
    assert row["libelle"] == "Taux de conversion des leads (B2B), provisoire"
    assert f"{open_deals}\u00a0leads de 2025 encore en cours" in row["note"]
    assert f"au moins {format_value(rate, '%')}" in row["note"]
    # 2024 has no open deal: its rate is final
    assert all(r["statut"] != "en_cours" for r in rows("prospects") if r["date_premier_contact"][:4] == "2024")
    first = summary(2024).loc["taux_de_conversion"]
    assert first["libelle"] == "Taux de conversion des leads (B2B)" and first["note"] == ""


def test_filter_on_one_shop():
    table = summary(2025, point_de_vente="Croix-Rousse")
    now, before = _expected(2025, "Croix-Rousse"), _expected(2024, "Croix-Rousse")
    for code, value in now.items():
        assert table.loc[code, "valeur"] == pytest.approx(value), code
    assert table.loc["chiffre_affaires_ht", "valeur_precedente"] == pytest.approx(before["chiffre_affaires_ht"])
    tickets = len(_orders(2025, "Croix-Rousse"))
    assert table.loc["taux_de_transformation", "valeur"] == pytest.approx(
        tickets / _visits(2025, {"Croix-Rousse"}) * 100)
    assert "taux_de_reponse" not in table.index  # B2B prospecting is not a shop's KPI
    assert table.attrs["point_de_vente"] == "Croix-Rousse"


def test_web_shop_conversion_uses_sessions():
    table = summary(2025, point_de_vente="Site web")
    orders = len(_orders(2025, "Site web"))
    assert table.loc["taux_de_transformation", "valeur"] == pytest.approx(orders / _visits(2025, {"Site web"}) * 100)
    assert "sessions" in table.loc["taux_de_transformation", "libelle"]


def test_filter_on_one_segment_keeps_identified_customers_only():
    table = summary(2025, segment="velotaf")
    now = _expected(2025, segment="velotaf")
    for code, value in now.items():
        assert table.loc[code, "valeur"] == pytest.approx(value), code
    assert "taux_de_transformation" not in table.index  # door counters do not know segments
    assert "taux_de_reponse" not in table.index


def test_both_filters_and_the_b2b_segment():
    table = summary(2025, point_de_vente="Bellecour", segment="famille")
    assert table.loc["chiffre_affaires_ht", "valeur"] == pytest.approx(
        _expected(2025, "Bellecour", "famille")["chiffre_affaires_ht"])
    b2b = summary(2025, segment="entreprise")
    assert "taux_de_conversion" in b2b.index
    assert b2b.loc["transactions", "valeur"] == len(_orders(2025, "Service entreprises"))


def test_first_year_has_nothing_to_compare_with():
    table = summary(2024)
    assert table["valeur_precedente"].isna().all()
    assert table["evolution"].isna().all()
    assert pd.isna(table.loc["taux_de_retention", "valeur"])
    assert table.loc["transactions", "valeur"] == len(_orders(2024))


def test_french_errors_for_a_bad_filter():
    with pytest.raises(KPIError, match="Point de vente inconnu\u00a0: 'Part-Dieu'") as error:
        summary(2025, point_de_vente="Part-Dieu")
    assert "Croix-Rousse" in str(error.value)  # the message lists the points of sale
    with pytest.raises(KPIError, match="Tu voulais peut-être dire 'Croix-Rousse'"):
        summary(2025, point_de_vente="croix-rousse")
    with pytest.raises(KPIError, match="Segment inconnu"):
        summary(2025, segment="etudiant")
    with pytest.raises(KPIError, match="L'année 2023 n'est pas dans les données"):
        summary(2023)
    with pytest.raises(KPIError, match="Aucune commande en 2025"):
        summary(2025, point_de_vente="Site web", segment="entreprise")


def test_year_given_as_text():
    assert summary("2025", point_de_vente="Villeurbanne").attrs["annee"] == 2025


def test_small_hand_made_data():
    # Two customers; A buys in both years, B only in 2024: retention 50 %, churn 50 %.
    D = pd.to_datetime
    data = {
        "commandes": pd.DataFrame({
            "commande_id": ["1", "2", "3", "4"],
            "date": D(["2024-03-01", "2024-04-01", "2025-03-01", "2025-05-01"]),
            "canal": pd.Categorical(["magasin"] * 4),
            "point_de_vente": pd.Categorical(["Bellecour"] * 4),
            "client_id": ["A", "B", "A", None],
            "nb_articles": [1, 1, 2, 4],
            "montant_ht": [100.0, 100.0, 150.0, 250.0],
        }),
        "clients": pd.DataFrame({
            "client_id": ["A", "B"], "segment": pd.Categorical(["sportif", "famille"]),
            "date_inscription": D(["2023-01-01", "2024-04-01"]),
        }),
        "lignes_commande": pd.DataFrame({
            "commande_id": ["1", "2", "3", "4"], "quantite": [1, 1, 2, 4],
            "montant_ht": [100.0, 100.0, 150.0, 250.0], "prix_achat_unitaire_ht": [60.0, 60.0, 45.0, 40.0],
        }),
        "frequentation": pd.DataFrame({
            "date": D(["2024-03-01", "2025-03-01"]), "point_de_vente": ["Bellecour", "Bellecour"],
            "visiteurs": [20, 10],
        }),
    }
    table = summary(2025, point_de_vente="Bellecour", data=data)
    assert table.loc["chiffre_affaires_ht", "valeur"] == 400.0
    assert table.loc["chiffre_affaires_ht", "evolution"] == pytest.approx(100.0)  # 200 → 400: +100 %
    assert table.loc["panier_moyen_ht", "valeur"] == 200.0
    assert table.loc["taux_de_marque", "valeur"] == pytest.approx((400 - 90 - 160) / 400 * 100)
    assert table.loc["taux_de_transformation", "valeur"] == 20.0  # 2 tickets / 10 visitors
    assert table.loc["taux_de_transformation", "evolution"] == pytest.approx(10.0)  # 10 % → 20 %: +10 points
    assert table.loc["clients_actifs", "valeur"] == 1  # the anonymous ticket has no customer
    assert table.loc["taux_de_retention", "valeur"] == 50.0
    assert table.loc["taux_d_attrition", "valeur"] == 50.0


def test_change_in_percent_or_in_points():
    assert change(92_000, 80_000) == pytest.approx(15.0)
    assert change(20, 18, rate=True) == pytest.approx(2.0)  # a rate moves in points
    assert change(20, 18) == pytest.approx(100 / 9)  # the same move is +11,1 % of 18
    assert change("1 150", "1 000") == pytest.approx(15.0)
    with pytest.raises(KPIError, match="vaut 0"):
        change(10, 0)


# --- French text and HTML ---------------------------------------------------------------


def test_format_value_and_change():
    assert format_value(239.9205, "€") == "239,92\u202f€"
    assert format_value(5480707.23, "€", digits=0) == "5\u202f480\u202f707\u202f€"
    assert format_value(18.837, "%") == "18,8\u202f%"
    assert format_value(69.75, "jours") == "70\u202fjours"
    assert format_value(pd.NA, "%") == "—"
    assert format_change(36.52, "%") == "+36,5\u202f%"
    assert format_change(-0.77, "points") == "−0,8\u202fpoint"
    assert format_change(2.5, "points") == "+2,5\u202fpoints"
    assert format_change(0.01, "points") == "0,0\u202fpoint"
    assert format_change(pd.NA, "%") == "—"


def test_format_summary_in_french(whole_2025):
    text = format_summary(whole_2025)
    assert text.columns.tolist() == ["Indicateur", "2025", "2024", "Évolution", "Remarque"]
    row = text.set_index("Indicateur").loc["Panier moyen HT (sans le B2B)"]
    now, before = _expected(2025)["panier_moyen_ht"], _expected(2024)["panier_moyen_ht"]
    assert row["2025"] == format_value(now, "€")
    assert row["Évolution"] == format_change((now - before) / before * 100, "%")
    assert text.set_index("Indicateur").loc["Taux de rétention", "2024"] == "—"
    assert "provisoire" in text.set_index("Indicateur").index[11]
    # the table shows each note's headline, short enough for a cell; the tiles show the whole note
    assert text.loc[11, "Remarque"] == whole_2025.loc["taux_de_conversion", "note"].split("\u00a0:")[0]
    assert text.loc[11, "Remarque"].endswith("leads de 2025 encore en cours")
    assert text.loc[8, "Remarque"] == "Entreprises comprises"
    assert max(len(note) for note in text["Remarque"]) <= 50  # pandas cuts a cell after 50 characters
    assert "Remarque" not in format_summary(summary(2025, point_de_vente="Croix-Rousse")).columns


def _one_row(code, evolution, rise_is_good, unit="%"):
    table = pd.DataFrame({
        "libelle": ["Taux d'attrition"], "unite": [unit], "valeur": [45.0], "valeur_precedente": [40.0],
        "evolution": pd.array([evolution], dtype="Float64"),
        "unite_evolution": ["points" if unit == "%" else "%"], "hausse_favorable": [rise_is_good],
    }, index=pd.Index([code], name="indicateur"))
    table.attrs.update(annee=2025, point_de_vente="Bellecour", segment="famille")
    return table


def test_tiles_show_arrow_and_colour_of_good_or_bad_news():
    bad = tiles_html(_one_row("taux_d_attrition", 5.0, rise_is_good=False))
    assert "▲ +5,0\u202fpoints" in bad and "#c62828" in bad  # churn up: red
    good = tiles_html(_one_row("taux_de_retention", -5.0, rise_is_good=False))
    assert "▼ −5,0\u202fpoints" in good and "#2e7d32" in good
    assert "45,0\u202f%" in good and "en 2024\u00a0: 40,0\u202f%" in good
    assert "Roue Libre — 2025 — Bellecour — Familles" in good
    unjudged = tiles_html(_one_row("cycle_de_vente_moyen", 5.0, rise_is_good=pd.NA, unit="jours"))
    assert "#555555;font-weight:bold\">▲ +5,0\u202f%" in unjudged  # no colour of good or bad news
    noted = _one_row("taux_d_attrition", 5.0, rise_is_good=False).assign(note="Une remarque.")
    assert "Une remarque." in tiles_html(noted)
    missing = tiles_html(_one_row("taux_de_retention", pd.NA, rise_is_good=True))
    assert "pas de comparaison\u00a0: aucune valeur en 2024" in missing and "▲" not in missing and "▼" not in missing
    assert "<script" not in bad.lower()


def test_import_stays_light():
    code = "import sys, kpilab.dashboard; print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


DASHBOARD_PARTS = ("dashboard_scope", "dashboard_numbers", "dashboard_text", "dashboard_tiles", "dashboard_widget")


@pytest.mark.parametrize("part", DASHBOARD_PARTS)
def test_each_part_of_the_dashboard_imports_alone_and_stays_small(part):
    """Each module imports on its own in a fresh interpreter (no import cycle) and stays under 400 lines."""
    code = f"import kpilab.{part}"
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    path = Path(__file__).resolve().parents[1] / "kpilab" / f"{part}.py"
    assert len(path.read_text(encoding="utf-8").splitlines()) < 400


def test_kpilab_dashboard_keeps_its_public_names():
    import kpilab.dashboard as dash

    assert set(dash.__all__) == {"KPIS", "SEGMENT_LABELS", "CHANNEL_LABELS", "change", "summary", "chart_data",
                                 "scope_title", "format_value", "format_change", "format_summary", "tiles_html",
                                 "dashboard"}
    assert all(callable(getattr(dash, name)) or getattr(dash, name) for name in dash.__all__)
    assert dash._digits("cycle_de_vente_median") == 1 and dash._trend is not None  # read by the browser tests


def test_dashboard_widget_follows_its_menus():
    pytest.importorskip("ipywidgets")
    box = dashboard()
    assert box.menus["year"].value == 2025
    assert "tous les points de vente" in box.output.value and "5\u202f480\u202f707\u202f€" in box.output.value
    box.menus["point_de_vente"].value = "Croix-Rousse"
    assert "Roue Libre — 2025 — Croix-Rousse — tous les clients" in box.output.value
    basket = format_value(_expected(2025, "Croix-Rousse")["panier_moyen_ht"], "€")
    assert basket.replace(" ", "&nbsp;") in box.output.value
    box.menus["segment"].value = "entreprise"  # no B2B order in a shop: a French message, no traceback
    assert "Aucune commande en 2025" in box.output.value
    box.menus["point_de_vente"].value = ""
    assert "Taux de conversion des leads (B2B), provisoire" in box.output.value
    assert "Cycle de vente médian (B2B)" in box.output.value
    assert "<script" not in box.output.value.lower()
