"""The dashboard on a student's own shop: only their tables count (the course data are never
loaded), every figure recomputed here with plain pandas, the tiles the data cannot fill hidden
with a French note, the partial years and the missing year before said in notes, and the widget."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from kpilab import KPIError, datasets, errors, tables
from kpilab.dashboard import chart_data, dashboard, format_summary, format_value, summary, tiles_html

SHOPS = ["Presqu'île", "Gerland"]
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def no_course_data(monkeypatch):
    """Every test fails if anything reads the course's tables."""
    calls = []

    def refuse(name, *args, **kwargs):
        calls.append(name)
        raise AssertionError(f"the course table {name!r} was loaded")

    monkeypatch.setattr(datasets, "load", refuse)
    monkeypatch.setattr(datasets, "load_all", refuse)
    yield calls
    assert calls == []


def _orders(points=True, seed=3) -> pd.DataFrame:
    """A small made-up shop: 2024 and 2025, two shops, a third of anonymous tickets."""
    rng = np.random.default_rng(seed)
    n = 240
    days = pd.date_range("2024-01-01", "2025-12-31", freq="D")
    dates = np.sort(rng.choice(days.to_numpy(), n))
    dates[0], dates[-1] = np.datetime64("2024-01-01"), np.datetime64("2025-12-31")
    customers = np.array([f"{i:05d}" for i in range(1, 41)], dtype=object)  # ids with leading zeros
    client = np.where(rng.random(n) < 0.33, None, rng.choice(customers, n))
    frame = pd.DataFrame({
        "commande_id": [f"T{i:04d}" for i in range(n)],
        "date": pd.to_datetime(dates),
        "point_de_vente": rng.choice(SHOPS, n),
        "client_id": pd.array(client, dtype="str"),
        "nb_articles": pd.array(rng.integers(1, 5, n), dtype="Int64"),
        "montant_ht": rng.integers(1_000, 25_000, n) / 100,
    })
    return frame if points else frame.drop(columns="point_de_vente")


def _year(frame, year, point=None):
    kept = frame[frame["date"].dt.year == year]
    return kept if point is None else kept[kept["point_de_vente"] == point]


def _by_hand(frame, year, point=None):
    """The tiles of one year, computed here: sums, counts and sets of customers."""
    now, before = _year(frame, year, point), _year(frame, year - 1, point)
    active, previous = set(now["client_id"].dropna()), set(before["client_id"].dropna())
    figures = {
        "chiffre_affaires_ht": now["montant_ht"].sum(),
        "transactions": len(now),
        "panier_moyen_ht": now["montant_ht"].sum() / len(now),
        "indice_de_vente": now["nb_articles"].sum() / len(now),
        "clients_actifs": len(active),
    }
    if previous:
        figures["taux_de_retention"] = len(active & previous) / len(previous) * 100
        figures["taux_d_attrition"] = len(previous - active) / len(previous) * 100
    return figures


@pytest.fixture(scope="module")
def shop():
    return _orders()


# --- the figures: the user's data only ----------------------------------------------------------


def test_tiles_are_the_shops_own_figures(shop, no_course_data):
    table = summary(data={"commandes": shop})
    now, before = _by_hand(shop, 2025), _by_hand(shop, 2024)
    for code, value in now.items():
        assert table.loc[code, "valeur"] == pytest.approx(value), code
    for code in ("chiffre_affaires_ht", "transactions", "panier_moyen_ht", "indice_de_vente", "clients_actifs"):
        assert table.loc[code, "valeur_precedente"] == pytest.approx(before[code]), code
        assert table.loc[code, "evolution"] == pytest.approx((now[code] - before[code]) / before[code] * 100)
    assert table.loc["taux_de_retention", "valeur"] + table.loc["taux_d_attrition", "valeur"] == pytest.approx(100)
    # nothing of Roue Libre: no shop conversion, margin, campaigns or leads without the user's tables
    assert set(table.index) == set(now)
    assert table.attrs["annee"] == 2025 and table.attrs["donnees"] == "propres"
    assert table.attrs["points_de_vente"] == sorted(SHOPS)
    assert "Roue Libre" not in tiles_html(table)
    assert no_course_data == []


def test_one_shop_of_the_user(shop):
    table = summary(2025, point_de_vente="Gerland", data={"commandes": shop})
    for code, value in _by_hand(shop, 2025, "Gerland").items():
        assert table.loc[code, "valeur"] == pytest.approx(value), code
    assert "Tes données — 2025 — Gerland — tous les clients" in tiles_html(table).replace(NBSP, " ")
    with pytest.raises(KPIError, match="Point de vente inconnu") as error:
        summary(2025, point_de_vente="Bellecour", data={"commandes": shop})  # a course shop
    assert "Gerland" in str(error.value)


def test_the_optional_tables_fill_their_tiles(shop):
    D = pd.to_datetime
    visits = pd.DataFrame({"date": D(["2024-06-01", "2025-06-01"] * 2), "point_de_vente": SHOPS * 2,
                           "visiteurs": [400, 300, 500, 350]})
    lines = pd.DataFrame({"commande_id": shop["commande_id"], "quantite": shop["nb_articles"].astype(int),
                          "montant_ht": shop["montant_ht"], "prix_achat_unitaire_ht": 4.0})
    first = shop.dropna(subset=["client_id"]).groupby("client_id")["date"].min()
    clients = pd.DataFrame({"client_id": first.index, "date_inscription": first.to_numpy()})
    table = summary(data={"commandes": shop, "frequentation": visits, "lignes_commande": lines,
                          "clients": clients})
    now = _year(shop, 2025)
    visitors_2025 = visits[visits["date"].dt.year == 2025]["visiteurs"].sum()
    assert table.loc["taux_de_transformation", "valeur"] == pytest.approx(len(now) / visitors_2025 * 100)
    kept = lines[lines["commande_id"].isin(now["commande_id"])]
    revenue, cost = kept["montant_ht"].sum(), (kept["quantite"] * 4.0).sum()
    assert table.loc["taux_de_marque", "valeur"] == pytest.approx((revenue - cost) / revenue * 100)
    before = set(_year(shop, 2024)["client_id"].dropna())
    new = {c for c in set(now["client_id"].dropna()) - before if first[c].year == 2025}
    assert table.loc["nouveaux_clients", "valeur"] == len(new)
    hidden = table.attrs["notes"]  # only the B2B prospecting tables are missing now
    assert len(hidden) == 2 and "(tableau campagnes)" in hidden[0] and "(tableau prospects)" in hidden[1]


# --- missing tables and columns: hidden tiles, French notes ---------------------------------------


def test_missing_data_hide_their_tiles_with_a_french_note(shop):
    table = summary(data={"commandes": shop.drop(columns=["nb_articles", "client_id"])})
    notes = table.attrs["notes"]
    assert "Taux de transformation : il faut la fréquentation du magasin (tableau frequentation)." in notes
    assert "Indice de vente : il faut le nombre d'articles par commande (colonne nb_articles)." in notes
    assert any("taux de rétention" in note and "il faut l'identifiant client (colonne client_id)" in note
               for note in notes)
    assert any("tableau lignes_commande" in note for note in notes)
    for code in ("indice_de_vente", "clients_actifs", "taux_de_retention", "taux_d_attrition",
                 "taux_de_transformation", "taux_de_marque"):
        assert code not in table.index
    assert table.loc["transactions", "valeur"] == len(_year(shop, 2025))
    html = tiles_html(table)
    assert "il faut la fréquentation du magasin" in html  # the widget's tiles say it too
    assert format_summary(table).attrs["notes"] == notes


def test_without_clients_the_new_customers_are_not_guessed(shop):
    table = summary(data={"commandes": shop})
    assert "nouveaux_clients" not in table.index
    assert any("date d'inscription" in note for note in table.attrs["notes"])


# --- without shops, segments or channels ----------------------------------------------------------


def test_without_point_de_vente():
    orders = _orders(points=False)
    table = summary(data={"commandes": orders})
    for code, value in _by_hand(orders, 2025).items():
        assert table.loc[code, "valeur"] == pytest.approx(value), code
    title = tiles_html(table).replace(NBSP, " ")
    assert "Tes données — 2025 — tous les clients" in title and "points de vente" not in title
    with pytest.raises(KPIError, match="colonne point_de_vente"):
        summary(point_de_vente="Gerland", data={"commandes": orders})
    with pytest.raises(KPIError, match="tableau clients"):
        summary(segment="sportif", data={"commandes": orders})
    with pytest.raises(KPIError, match="colonne canal"):
        summary(canal="magasin", data={"commandes": orders})


def test_a_shop_without_points_of_sale_counts_its_visitors():
    orders = _orders(points=False)
    visits = pd.DataFrame({"date": pd.to_datetime(["2025-02-01", "2025-09-01"]), "visiteurs": [600, 900]})
    table = summary(data={"commandes": orders, "frequentation": visits})
    assert table.loc["taux_de_transformation", "valeur"] == pytest.approx(len(_year(orders, 2025)) / 1500 * 100)


# --- years: the last one by default, the year before, partial years -------------------------------


def test_default_year_is_the_last_of_the_data(shop):
    early = shop.assign(date=shop["date"] - pd.DateOffset(years=3))  # 2021 and 2022
    table = summary(data={"commandes": early})
    assert table.attrs["annee"] == 2022
    assert table.loc["transactions", "valeur"] == len(_year(early, 2022))
    with pytest.raises(KPIError, match="L'année 2025 n'est pas dans les données"):
        summary(2025, data={"commandes": early})


def test_without_a_year_before_the_trend_is_a_dash_with_a_note(shop):
    one_year = _year(shop, 2025)
    table = summary(data={"commandes": one_year})
    assert table["evolution"].isna().all() and table["valeur_precedente"].isna().all()
    assert format_summary(table)["Évolution"].eq("—").all()
    assert any("aucune commande en 2024" in note for note in table.attrs["notes"])
    assert pd.isna(table.loc["taux_de_retention", "valeur"])  # no customers of 2024 to follow
    assert any("il faut les commandes de 2024" in note for note in table.attrs["notes"])


def test_a_partial_year_gets_its_note(shop):
    half = shop[shop["date"] <= "2025-06-30"].copy()
    half.attrs["periode_couverte"] = (pd.Timestamp("2024-01-01"), pd.Timestamp("2025-06-30"))
    with pytest.warns(UserWarning, match="2025 n'est couverte que du 01/01/2025 au 30/06/2025") as caught:
        table = summary(data={"commandes": half})
    assert len([w for w in caught if "couverte" in str(w.message)]) == 1  # once, not once per table
    notes = " ".join(table.attrs["notes"])
    assert "2025 n'est couverte que du 01/01/2025 au 30/06/2025 : ne la compare pas à une année complète." in notes
    assert "2024 n'est couverte" not in notes  # 2024 is whole
    assert "périodes de durées différentes" in notes
    assert table.attrs["periodes_partielles"] == [pd.Period("2025", "Y")]
    assert table.loc["chiffre_affaires_ht", "valeur"] == pytest.approx(_year(half, 2025)["montant_ht"].sum())

    # without the attr, the first and last orders give the coverage
    late = shop[shop["date"] >= "2024-03-15"]
    first = late["date"].min()
    with pytest.warns(UserWarning, match="2024 n'est couverte"):
        notes = " ".join(summary(data={"commandes": late}).attrs["notes"]).replace(NBSP, " ")
    assert f"2024 n'est couverte que du {first:%d/%m/%Y} au 31/12/2024" in notes


def test_a_whole_shop_of_two_full_years_has_no_period_note(shop):
    notes = summary(data={"commandes": shop}).attrs.get("notes", [])
    assert not any("couverte" in note or "Pas d'évolution" in note for note in notes)


# --- rows the KPIs cannot use follow the tables ---------------------------------------------------


def test_refunds_follow_the_tables(shop):
    refund = pd.DataFrame({"commande_id": ["A0001"], "date": pd.to_datetime(["2025-05-05"]),
                           "point_de_vente": ["Gerland"], "client_id": pd.array(["99999"], dtype="str"),
                           "nb_articles": pd.array([1], dtype="Int64"), "montant_ht": [-80.0]})
    orders = pd.concat([shop, refund], ignore_index=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = summary(data={"commandes": orders})
        sales = tables.average_order_value_by(orders[orders["date"].dt.year == 2025])
        active = tables.active_customers(orders[orders["date"].dt.year == 2025], period="year")
    for code in ("chiffre_affaires_ht", "transactions", "panier_moyen_ht"):
        assert table.loc[code, "valeur"] == pytest.approx(sales.loc["total", code]), code
    assert table.loc["clients_actifs", "valeur"] == len(active)
    kind = getattr(errors, "KPIWarning", None)
    if kind is not None:  # the tables' French warnings are notes of the dashboard too
        said = {str(w.message) for w in caught if issubclass(w.category, kind) and "couvert" not in str(w.message)}
        assert said <= set(table.attrs.get("notes", []))


# --- bad input: French errors ----------------------------------------------------------------------


def test_french_errors_for_the_users_tables(shop):
    with pytest.raises(KPIError, match="colonne montant_ht"):
        summary(data={"commandes": shop.drop(columns="montant_ht")})
    as_text = shop.assign(date=shop["date"].dt.strftime("%d/%m/%Y"))
    as_text.loc[4, "date"] = "31/02/2025"
    with pytest.raises(KPIError, match=r"ligne 5 du tableau.*31/02/2025.*pd\.to_datetime") as error:
        summary(data={"commandes": as_text})
    assert "import_orders" in str(error.value)
    with pytest.raises(KPIError, match="Tu voulais peut-être dire 'commandes'"):
        summary(data={"commande": shop})
    with pytest.raises(KPIError, match="tableau de tes commandes"):
        summary(data={"clients": pd.DataFrame({"client_id": ["1"]})})


def test_an_imported_export(tmp_path):
    """The French Excel CSV of a shop, read by datasets.import_orders, then the dashboard on it."""
    export = tmp_path / "ventes.csv"
    export.write_text("Date;N° ticket;Code client;Magasin;Nb articles;Montant HT (€)\n"
                      "03/03/2025;000001;00042;Confluence;2;24,50\n"
                      "04/03/2025;000002;;Confluence;1;10,00\n"
                      "05/04/2025;000003;00042;Gerland;3;60,00\n", encoding="utf-8-sig")
    imported = datasets.import_orders(export, debut="2025-03-01", fin="2025-04-30")
    with pytest.warns(UserWarning, match="2025 n'est couverte que du 01/03/2025 au 30/04/2025"):
        table = summary(data=imported)
    assert table.loc["chiffre_affaires_ht", "valeur"] == pytest.approx(24.5 + 10 + 60)
    assert table.loc["transactions", "valeur"] == 3 and table.loc["clients_actifs", "valeur"] == 1
    assert table.loc["indice_de_vente", "valeur"] == pytest.approx(6 / 3)
    assert any("2025 n'est couverte que du 01/03/2025 au 30/04/2025" in note for note in table.attrs["notes"])
    with pytest.warns(UserWarning, match="couverte"):
        assert summary(point_de_vente="Gerland", data=imported).loc["transactions", "valeur"] == 1


def test_a_frame_alone_is_the_orders(shop):
    assert summary(data=shop).loc["transactions", "valeur"] == len(_year(shop, 2025))


# --- charts and widget -----------------------------------------------------------------------------


def test_chart_data_of_the_shop(shop):
    numbers = chart_data(data={"commandes": shop})
    monthly = numbers["mensuel"]
    assert monthly.columns.tolist() == [2024, 2025]
    march = _year(shop, 2025)
    assert monthly.loc[3, 2025] == pytest.approx(march[march["date"].dt.month == 3]["montant_ht"].sum())
    assert numbers["categories"].empty  # no lines: no categories
    assert numbers["dates"][2025] == (_year(shop, 2025)["date"].min(), _year(shop, 2025)["date"].max())


def test_widget_on_the_shop(shop, tmp_path):
    pytest.importorskip("ipywidgets")
    box = dashboard(data={"commandes": shop}, export_folder=tmp_path)
    assert box.menus["year"].value == 2025
    assert [value for _, value in box.menus["year"].options] == [2024, 2025]
    assert [value for _, value in box.menus["point_de_vente"].options] == ["", *sorted(SHOPS)]
    assert box.menus["segment"].disabled and box.menus["canal"].disabled  # no segments, no channels
    revenue = format_value(_year(shop, 2025)["montant_ht"].sum(), "€", 0)
    assert revenue.replace(" ", "&nbsp;") in box.output.value
    assert "il faut la fréquentation du magasin" in box.output.value
    assert "Tableau de bord de tes données" in box.children[0].value
    box.menus["point_de_vente"].value = "Gerland"
    assert "Tes données — 2025 — Gerland" in box.output.value.replace(NBSP, " ")
    basket = format_value(_by_hand(shop, 2025, "Gerland")["panier_moyen_ht"], "€")
    assert basket.replace(" ", "&nbsp;") in box.output.value
    assert bytes(box.charts.value).startswith(b"<?xml")
    box.export.click()
    assert "Vue exportée" in box.status.value
    pngs = list(tmp_path.glob("*.png"))
    assert len(pngs) == 1 and pngs[0].read_bytes().startswith(b"\x89PNG")


def test_widget_without_points_of_sale():
    pytest.importorskip("ipywidgets")
    box = dashboard(data={"commandes": _orders(points=False)})
    assert box.menus["point_de_vente"].disabled
    assert "Tes données — 2025 — tous les clients" in box.output.value.replace(NBSP, " ")
