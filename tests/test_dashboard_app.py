"""The dashboard app: the channel filter, the numbers behind the charts (recomputed from the
CSV files with plain Python), the one-page PNG and PDF export, and the widget's new parts."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from course_csv import rows

from kpilab import KPIError
from kpilab.dashboard import chart_data, scope_title, summary, tiles_html

SHOPS = {"Bellecour", "Croix-Rousse", "Villeurbanne"}




def _orders(year, canal=None, point=None, segment=None):
    members = {r["client_id"] for r in rows("clients") if r["segment"] == segment}
    return [
        r for r in rows("commandes")
        if r["date"][:4] == str(year)
        and (canal is None or r["canal"] == canal)
        and (point is None or r["point_de_vente"] == point)
        and (segment is None or r["client_id"] in members)
    ]


def _sales(orders):
    revenue = sum(float(r["montant_ht"]) for r in orders)
    return {"chiffre_affaires_ht": revenue, "transactions": len(orders), "panier_moyen_ht": revenue / len(orders),
            "clients_actifs": len({r["client_id"] for r in orders if r["client_id"]})}


def _visits(year, points):
    return sum(int(r["visiteurs"]) for r in rows("frequentation")
               if r["date"][:4] == str(year) and r["point_de_vente"] in points)


# --- summary(): the channel filter -------------------------------------------------------------


@pytest.fixture(scope="module")
def shops_2025():
    return summary(2025, canal="magasin")


def test_channel_shops_against_plain_python(shops_2025):
    table = shops_2025
    now, before = _sales(_orders(2025, "magasin")), _sales(_orders(2024, "magasin"))
    for code, value in now.items():
        assert table.loc[code, "valeur"] == pytest.approx(value), code
        assert table.loc[code, "valeur_precedente"] == pytest.approx(before[code]), code
    assert table.loc["chiffre_affaires_ht", "evolution"] == pytest.approx(
        (now["chiffre_affaires_ht"] - before["chiffre_affaires_ht"]) / before["chiffre_affaires_ht"] * 100)
    # the three shops together: tickets of the shops ÷ their visitors
    rates = {y: len(_orders(y, "magasin")) / _visits(y, SHOPS) * 100 for y in (2024, 2025)}
    assert table.loc["taux_de_transformation", "valeur"] == pytest.approx(rates[2025])
    assert table.loc["taux_de_transformation", "evolution"] == pytest.approx(rates[2025] - rates[2024])
    assert "magasins réunis" in table.loc["taux_de_transformation", "libelle"]
    assert "taux_de_reponse" not in table.index  # B2B prospecting is not a shop channel's KPI
    assert table.attrs == {"annee": 2025, "point_de_vente": None, "segment": None, "canal": "magasin"}


def test_channel_shops_retention_counts_shop_customers_only(shops_2025):
    active = {r["client_id"] for r in _orders(2025, "magasin") if r["client_id"]}
    before = {r["client_id"] for r in _orders(2024, "magasin") if r["client_id"]}
    assert shops_2025.loc["taux_de_retention", "valeur"] == pytest.approx(len(active & before) / len(before) * 100)


def test_channel_web_is_the_web_shop():
    table = summary(2025, canal="web")
    assert table.loc["chiffre_affaires_ht", "valeur"] == pytest.approx(
        sum(float(r["montant_ht"]) for r in _orders(2025, point="Site web")))
    assert table.loc["taux_de_transformation", "valeur"] == pytest.approx(
        len(_orders(2025, "web")) / _visits(2025, {"Site web"}) * 100)
    assert "sessions" in table.loc["taux_de_transformation", "libelle"]


def test_channel_b2b_with_a_segment():
    table = summary(2024, segment="entreprise", canal="b2b")
    orders = _orders(2024, "b2b", segment="entreprise")
    assert table.loc["transactions", "valeur"] == len(orders)
    assert table.loc["chiffre_affaires_ht", "valeur"] == pytest.approx(sum(float(r["montant_ht"]) for r in orders))
    leads = [r for r in rows("prospects") if r["date_premier_contact"][:4] == "2024"]
    assert table.loc["taux_de_conversion", "valeur"] == pytest.approx(
        sum(r["statut"] == "gagne" for r in leads) / len(leads) * 100)
    assert "taux_de_transformation" not in table.index  # nobody counts the visitors of the B2B team


def test_channel_and_its_own_point_of_sale():
    table = summary(2025, point_de_vente="Villeurbanne", canal="magasin")
    assert table.loc["transactions", "valeur"] == len(_orders(2025, point="Villeurbanne"))
    assert scope_title(table) == "Roue Libre — 2025 — canal Magasins — Villeurbanne — tous les clients"
    assert "canal Magasins" in tiles_html(table)
    assert "canal" not in scope_title(summary(2025, point_de_vente="Villeurbanne"))


def test_channel_errors_in_french():
    with pytest.raises(KPIError, match="Le point de vente 'Bellecour' n'appartient pas au canal 'web'") as error:
        summary(2025, point_de_vente="Bellecour", canal="web")
    assert "'Site web'" in str(error.value)  # the message names the points of that channel
    with pytest.raises(KPIError, match="Canal inconnu\u00a0: 'Web'.*Tu voulais peut-être dire 'web'"):
        summary(2025, canal="Web")
    with pytest.raises(KPIError, match="Aucune commande en 2025 pour le canal web"):
        summary(2025, segment="entreprise", canal="web")


# --- chart_data(): the numbers behind the charts -------------------------------------------------


def test_chart_data_against_plain_python():
    numbers = chart_data(2025, point_de_vente="Croix-Rousse", segment="famille")
    monthly = numbers["mensuel"]
    assert monthly.index.tolist() == list(range(1, 13)) and monthly.columns.tolist() == [2024, 2025]
    expected = defaultdict(float)
    for year in (2024, 2025):
        for r in _orders(year, point="Croix-Rousse", segment="famille"):
            expected[(int(r["date"][5:7]), year)] += float(r["montant_ht"])
    for (month, year), value in expected.items():
        assert monthly.loc[month, year] == pytest.approx(value), (month, year)
    assert monthly.sum().sum() == pytest.approx(sum(expected.values()))

    ids = {r["commande_id"] for r in _orders(2025, point="Croix-Rousse", segment="famille")}
    by_category = defaultdict(float)
    for r in rows("lignes_commande"):
        if r["commande_id"] in ids:
            by_category[r["categorie"]] += float(r["montant_ht"])
    categories = numbers["categories"]
    assert categories.to_dict() == pytest.approx(dict(by_category))
    assert categories.is_monotonic_decreasing

    days = sorted(r["date"] for r in _orders(2025, point="Croix-Rousse", segment="famille"))
    first, last = numbers["dates"][2025]
    assert (first.date(), last.date()) == (date.fromisoformat(days[0]), date.fromisoformat(days[-1]))


def test_chart_data_of_the_first_year_has_one_column():
    numbers = chart_data(2024, canal="web")
    assert numbers["mensuel"].columns.tolist() == [2024]
    assert list(numbers["dates"]) == [2024]


# --- the export ----------------------------------------------------------------------------------


def _pages(pdf: Path) -> int:
    """Page objects of a PDF (not the page tree, /Type /Pages)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf.read_bytes()))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from kpilab.dashboard_app import export_view

    folder = tmp_path_factory.mktemp("exports") / "exports"
    first = export_view(2025, canal="magasin", point_de_vente="Croix-Rousse", segment="velotaf", folder=folder)
    second = export_view(2025, canal="magasin", point_de_vente="Croix-Rousse", segment="velotaf", folder=folder)
    return folder, first, second


def test_export_writes_a_one_page_png_and_pdf(exported):
    import matplotlib.image

    _folder, (png, pdf), _second = exported
    assert png.name == "tableau-de-bord_2025_magasin_croix-rousse_velotaf.png"
    assert pdf.name == "tableau-de-bord_2025_magasin_croix-rousse_velotaf.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and _pages(pdf) == 1
    image = matplotlib.image.imread(png)
    height, width = image.shape[:2]
    assert (width, height) == (1753, 1240)  # A4 landscape (11.69 x 8.27 in) at 150 dpi
    assert image[..., :3].std() > 0.05  # something is drawn on the page


def test_export_never_overwrites(exported):
    folder, first, second = exported
    assert [p.name for p in second] == ["tableau-de-bord_2025_magasin_croix-rousse_velotaf-2.png",
                                        "tableau-de-bord_2025_magasin_croix-rousse_velotaf-2.pdf"]
    assert all(p.stat().st_size > 10_000 for p in first + second)
    assert first[1].read_bytes() == second[1].read_bytes()  # the same view gives the same PDF (no date in it)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in first + second)


def test_export_name_and_an_already_taken_pdf(tmp_path):
    from kpilab.dashboard_app import _reserve, export_name

    assert export_name(2024) == "tableau-de-bord_2024_tous-canaux_tous-points-de-vente_tous-segments"
    assert export_name(2025, "web", "Site web", "occasionnel") == "tableau-de-bord_2025_web_site-web_occasionnel"
    (tmp_path / "vue.pdf").write_bytes(b"a student's own file")
    png, pdf = _reserve(tmp_path, "vue")  # the PNG name is free but the PDF is not: both move to -2
    assert (png.name, pdf.name) == ("vue-2.png", "vue-2.pdf")
    assert not (tmp_path / "vue.png").exists() and (tmp_path / "vue.pdf").read_bytes() == b"a student's own file"


def test_the_page_says_the_filters_and_the_dates_of_the_data_never_today():
    from kpilab.dashboard_app import view_figure

    table = summary(2025, segment="velotaf", canal="magasin")
    numbers = chart_data(2025, segment="velotaf", canal="magasin")
    texts = [t.get_text() for t in view_figure(table, numbers).texts]
    assert "Tableau de bord de Roue Libre — 2025" in texts
    assert "Canal\u00a0: Magasins · Point de vente\u00a0: tous · Segment\u00a0: Vélotaf (domicile-travail)" in texts
    first, last = numbers["dates"][2025]
    assert any(f"Commandes du {first:%d/%m/%Y} au {last:%d/%m/%Y}, comparées à celles du" in t for t in texts)
    assert not any(date.today().strftime("%d/%m/%Y") in t for t in texts)


def test_the_page_numbers_the_tiles_notes_and_writes_them_at_its_foot():
    from kpilab.dashboard_app import tile_notes, view_figure

    table = summary(2025)
    notes = tile_notes(table)
    assert list(notes.values()) == [1, 2, 3]  # retention and churn share one note
    figure = view_figure(table, chart_data(2025))
    foot = "\n".join(t.get_text() for t in figure.texts)
    open_deals = sum(r["statut"] == "en_cours" for r in rows("prospects") if r["date_premier_contact"][:4] == "2025")
    assert f"(2) {open_deals}\u00a0leads de 2025 encore en cours" in foot
    assert "(3) La moyenne monte mais la médiane baisse" in foot
    tiles = [t.get_text() for ax in figure.axes for t in ax.texts]
    assert tiles.count("(1)") == 2 and tiles.count("(2)") == 1 and tiles.count("(3)") == 1
    companies = "\n".join(t.get_text() for t in view_figure(summary(2025, segment="entreprise"),
                                                            chart_data(2025, segment="entreprise")).texts)
    assert "ne leur convient pas" in companies


def test_a_bad_filter_exports_nothing(tmp_path):
    from kpilab.dashboard_app import export_view

    with pytest.raises(KPIError, match="Aucune commande en 2025"):
        export_view(2025, point_de_vente="Site web", segment="entreprise", folder=tmp_path / "exports")
    assert not (tmp_path / "exports").exists()


# --- the widget ----------------------------------------------------------------------------------


def test_widget_channel_menu_charts_and_export_button(tmp_path):
    pytest.importorskip("ipywidgets")
    from kpilab.dashboard import dashboard

    box = dashboard(export_folder=tmp_path / "exports")
    assert bytes(box.charts.value).startswith(b"<?xml") and b"<svg" in bytes(box.charts.value)
    box.menus["canal"].value = "web"
    assert [value for _, value in box.menus["point_de_vente"].options] == ["", "Site web"]
    assert "Roue Libre — 2025 — canal Web — tous les points de vente — tous les clients" in box.output.value
    rate = len(_orders(2025, "web")) / _visits(2025, {"Site web"}) * 100
    assert f"{rate:.1f}".replace(".", ",") + "\u202f%" in box.output.value
    box.menus["point_de_vente"].value = "Site web"
    box.menus["canal"].value = "magasin"  # Site web is not a shop: back to all the shops
    assert box.menus["point_de_vente"].value == ""
    assert "canal Magasins — tous les points de vente" in box.output.value

    box.export.click()
    assert "Vue exportée sur une page" in box.status.value
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == [
        "tableau-de-bord_2025_magasin_tous-points-de-vente_tous-segments.pdf",
        "tableau-de-bord_2025_magasin_tous-points-de-vente_tous-segments.png",
    ]
    box.menus["canal"].value = ""
    box.menus["point_de_vente"].value = "Site web"
    box.menus["segment"].value = "entreprise"  # no order: a French message, no chart, no export
    assert "Aucune commande en 2025" in box.output.value
    assert box.charts.layout.display == "none" and box.export.disabled
    assert box.status.value == ""
