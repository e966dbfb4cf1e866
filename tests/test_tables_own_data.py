"""The tables on a student's own shop data: damaged copies of a small clean order table.

Each test damages one thing (a missing amount, a refund, a typo in a date…)
and checks that the KPI says so (a KPIWarning or a KPIError in French) and
that its numbers are those of plain pandas on the rows that are sales.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from kpilab import KPIError, KPIWarning, datasets, tables

SHOPS = ["Bellecour", "Croix-Rousse", "Villeurbanne"]
Y = "Y"


def _shop_orders(start="2025-01-01", months=6, per_month=50, seed=7, customers=80) -> pd.DataFrame:
    """3 shops × ``months`` months × ``per_month`` orders, covering exactly those months."""
    rng = np.random.default_rng(seed)
    first = pd.Timestamp(start)
    rows = []
    for shop in SHOPS:
        for m in range(months):
            month = first + pd.DateOffset(months=m)
            days = (month + pd.offsets.MonthEnd(0)).day
            for _ in range(per_month):
                rows.append((shop, month + pd.Timedelta(days=int(rng.integers(0, days)))))
    frame = pd.DataFrame(rows, columns=["point_de_vente", "date"])
    n = len(frame)
    frame.loc[0, "date"] = first  # the first and last day of the coverage have an order
    last = first + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    frame.loc[n - 1, "date"] = last
    frame.insert(0, "commande_id", [f"K{i:05d}" for i in range(n)])
    ids = np.array([f"C{i:04d}" for i in rng.integers(1, customers, n)], dtype=object)
    ids[rng.random(n) < 0.2] = None  # anonymous tickets
    frame["client_id"] = pd.array(ids, dtype="str")
    frame["nb_articles"] = rng.integers(1, 6, n)
    frame["montant_ht"] = np.round(rng.uniform(10, 300, n), 2)
    frame["date"] = frame["date"].astype("datetime64[us]")
    frame.attrs["periode_couverte"] = (first, last)
    return frame


def _clients(orders: pd.DataFrame) -> pd.DataFrame:
    ids = sorted(orders["client_id"].dropna().unique())
    first = orders.groupby("client_id")["date"].min()
    return pd.DataFrame({"client_id": pd.array(ids, dtype="str"),
                         "segment": ["sportif" if i % 2 else "velotaf" for i in range(len(ids))],
                         "date_inscription": first.reindex(ids).to_numpy()})


def _aov(frame: pd.DataFrame) -> float:
    return frame["montant_ht"].sum() / len(frame)


def _quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error", KPIWarning)
        return function(*args, **kwargs)


@pytest.fixture
def orders():
    return _shop_orders()


# --- rows a KPI cannot use: left out, and counted in a warning ---------------------------


def test_missing_amounts_are_left_out_and_counted(orders):
    damaged = orders.copy()
    damaged.loc[[12, 57, 98], "montant_ht"] = np.nan
    with pytest.warns(KPIWarning, match=r"3 commandes sans montant laissées de côté \(lignes 12, 57, 98 du tableau\)"):
        table = tables.average_order_value_by(damaged)
    kept = orders.drop(index=[12, 57, 98])
    assert table.loc["total", "transactions"] == len(orders) - 3
    assert table.loc["total", "panier_moyen_ht"] == pytest.approx(_aov(kept))


def test_a_refund_is_not_a_sale_and_makes_nobody_active(orders):
    refund = pd.DataFrame({"commande_id": ["AV1"], "point_de_vente": ["Bellecour"], "date": [pd.Timestamp("2025-03-10")],
                           "client_id": pd.array(["NOUVEAU"], dtype="str"), "nb_articles": [1], "montant_ht": [-80.0]})
    damaged = pd.concat([orders, refund], ignore_index=True)
    damaged.attrs = orders.attrs
    with pytest.warns(KPIWarning, match=r"1 avoir \(montant négatif\) laissé de côté.*ligne 900 du tableau"):
        table = tables.average_order_value_by(damaged, by="point_de_vente")
    shop = orders[orders["point_de_vente"] == "Bellecour"]
    assert table.loc["Bellecour", "transactions"] == len(shop)
    assert table.loc["Bellecour", "panier_moyen_ht"] == pytest.approx(_aov(shop))
    with pytest.warns(KPIWarning, match="avoir"):
        active = tables.active_customers(damaged, period="month")
    assert "NOUVEAU" not in set(active["client_id"])
    assert len(active) == len(orders.dropna(subset=["client_id"]).assign(
        m=orders["date"].dt.to_period("M")).drop_duplicates(["client_id", "m"]))


def test_a_zero_euro_order_is_left_out(orders):
    damaged = orders.copy()
    damaged.loc[5, "montant_ht"] = 0.0
    with pytest.warns(KPIWarning, match=r"1 commande à 0\s€ laissée de côté.*ligne 5 du tableau"):
        table = tables.average_order_value_by(damaged)
    assert table.loc["total", "transactions"] == len(orders) - 1
    assert table.loc["total", "panier_moyen_ht"] == pytest.approx(_aov(orders.drop(index=5)))


def test_an_exact_duplicate_is_left_out_and_a_conflicting_one_is_an_error(orders):
    damaged = pd.concat([orders, orders.iloc[[10]]], ignore_index=True)
    damaged.attrs = orders.attrs
    with pytest.warns(KPIWarning, match=r"1 commande en double laissée de côté.*ligne 900 du tableau"):
        table = tables.average_order_value_by(damaged)
    assert table.loc["total", "transactions"] == len(orders)
    assert table.loc["total", "chiffre_affaires_ht"] == pytest.approx(orders["montant_ht"].sum())
    conflicting = damaged.copy()
    conflicting.loc[900, "montant_ht"] += 1
    with pytest.raises(KPIError, match=r"La commande 'K00010' est sur plusieurs lignes.*lignes 10, 900"):
        tables.average_order_value_by(conflicting)


def test_a_missing_date_is_left_out_and_counted(orders):
    damaged = orders.copy()
    damaged.loc[33, "date"] = pd.NaT
    with pytest.warns(KPIWarning, match=r"1 commande sans date laissée de côté \(ligne 33 du tableau\)"):
        table = tables.average_order_value_by(damaged, period="month")
    expected = orders.drop(index=33).groupby(orders["date"].dt.to_period("M"))["montant_ht"].agg(["size", "sum"])
    assert table["transactions"].tolist() == expected["size"].tolist()
    assert table["chiffre_affaires_ht"].to_numpy() == pytest.approx(expected["sum"].to_numpy())


# --- dates and periods ------------------------------------------------------------------


@pytest.mark.parametrize("day", ["1970-01-01", "2097-03-14", "9999-12-31"])
def test_implausible_dates_are_errors_naming_the_date_and_its_row(orders, day):
    damaged = orders.copy()
    damaged.loc[42, "date"] = pd.Timestamp(day)
    shown = pd.Timestamp(day).strftime("%d/%m/%Y")
    for call in (lambda: tables.average_order_value_by(damaged, period="month"),
                 lambda: tables.retention_by(damaged, period="month"),
                 lambda: tables.cohort_retention_matrix(damaged, _clients(orders))):
        with pytest.raises(KPIError, match=rf"{shown} \(ligne 42 du tableau\).*datasets.import_orders"):
            call()


def test_a_typo_in_a_sign_up_date_is_an_error(orders):
    clients = _clients(orders)
    clients.loc[3, "date_inscription"] = pd.Timestamp("2097-01-05")
    with pytest.raises(KPIError, match=r"date_inscription.*05/01/2097 \(ligne 3 du tableau\)"):
        tables.cohort_retention_matrix(orders, clients)


def test_an_empty_month_stays_a_row_everywhere(orders):
    damaged = orders[orders["date"].dt.month != 3]
    assert damaged.attrs["periode_couverte"] == orders.attrs["periode_couverte"]
    table = _quiet(tables.average_order_value_by, damaged, by="point_de_vente", period="month")
    march = pd.Period("2025-03", "M")
    for shop in SHOPS:
        assert table.loc[(shop, march), "transactions"] == 0
        assert pd.isna(table.loc[(shop, march), "panier_moyen_ht"])
    assert len(table) == 3 * 6
    with pytest.warns(KPIWarning, match="Aucune vente pour mars 2025"):
        retention = tables.retention_by(damaged, period="month")
    assert list(retention.index) == list(pd.period_range("2025-02", "2025-06", freq="M"))
    february = set(damaged.loc[damaged["date"].dt.month == 2, "client_id"].dropna())
    assert retention.loc[march, "clients_debut"] == len(february)
    assert retention.loc[march, "taux_d_attrition"] == 100.0
    assert pd.isna(retention.loc[pd.Period("2025-04", "M"), "taux_de_retention"])  # nobody at the start


def test_a_half_year_is_a_partial_period(orders):
    year_before = _shop_orders("2024-01-01", months=12, seed=3)
    both = pd.concat([year_before, orders], ignore_index=True)
    both["commande_id"] = [f"K{i:05d}" for i in range(len(both))]
    both.attrs["periode_couverte"] = (pd.Timestamp("2024-01-01"), pd.Timestamp("2025-06-30"))
    message = "2025 n'est couverte que du 01/01/2025 au 30/06/2025\u00a0: ne la compare pas à une année complète."
    with pytest.warns(KPIWarning, match=re.escape(message)):
        table = tables.average_order_value_by(both, period="year")
    assert table.attrs["periodes_partielles"] == [pd.Period("2025", Y)]
    assert table["transactions"].tolist() == [len(year_before), len(orders)]
    with pytest.warns(KPIWarning, match=re.escape(message)):
        retention = tables.retention_by(both)
    assert retention.attrs["periodes_partielles"] == [pd.Period("2025", Y)]
    # Without the attr, the first and last order dates are the coverage.
    del both.attrs["periode_couverte"]
    with pytest.warns(KPIWarning, match=re.escape(message)):
        tables.average_order_value_by(both, period="year")
    months = _quiet(tables.average_order_value_by, both, period="month")
    assert months.attrs["periodes_partielles"] == []


@pytest.mark.parametrize("period, freq", [("week", "W"), ("semaine", "W"), ("day", "D"), ("jour", "D")])
def test_weeks_and_days_are_those_of_to_period(orders, period, freq):
    orders.attrs["periode_couverte"] = (pd.Timestamp("2024-12-30"), pd.Timestamp("2025-07-06"))  # whole weeks
    table = _quiet(tables.average_order_value_by, orders, by="point_de_vente", period=period)
    expected = orders.groupby(["point_de_vente", orders["date"].dt.to_period(freq).rename("periode")]).agg(
        transactions=("montant_ht", "size"), chiffre_affaires_ht=("montant_ht", "sum"))
    every = pd.period_range("2024-12-30", "2025-07-06", freq=freq)
    expected = expected.reindex(pd.MultiIndex.from_product([SHOPS, every], names=expected.index.names), fill_value=0)
    pd.testing.assert_frame_equal(table[expected.columns], expected, check_index_type=False)
    monday = pd.Period("2025-03-05", "W")
    assert (monday.start_time.day_name(), monday.end_time.day_name()) == ("Monday", "Sunday")


# --- columns and tables that are not needed ----------------------------------------------


def test_no_articles_column_no_sales_index(orders):
    table = _quiet(tables.average_order_value_by, orders.drop(columns="nb_articles"), by="point_de_vente")
    assert table.columns.tolist() == ["transactions", "chiffre_affaires_ht", "panier_moyen_ht"]


def test_retention_without_clients_acquires_at_the_first_purchase():
    orders = pd.concat([_shop_orders("2024-01-01", months=12, seed=3), _shop_orders("2025-01-01", months=12, seed=4)],
                       ignore_index=True)
    orders["commande_id"] = [f"K{i:05d}" for i in range(len(orders))]
    orders.attrs["periode_couverte"] = (pd.Timestamp("2024-01-01"), pd.Timestamp("2025-12-31"))
    extra = pd.DataFrame({"commande_id": ["N1"], "point_de_vente": ["Bellecour"], "date": [pd.Timestamp("2025-05-01")],
                          "client_id": pd.array(["NOUVEAU"], dtype="str"), "nb_articles": [1], "montant_ht": [10.0]})
    attrs = orders.attrs
    orders = pd.concat([orders, extra], ignore_index=True)
    orders.attrs = attrs
    row = _quiet(tables.retention_by, orders).loc[pd.Period("2025", Y)]
    known = orders.dropna(subset=["client_id"])
    start = set(known.loc[known["date"].dt.year == 2024, "client_id"])
    end = set(known.loc[known["date"].dt.year == 2025, "client_id"])
    assert row["clients_debut"] == len(start)
    assert row["clients_conserves"] == len(start & end)
    assert row["nouveaux_clients"] == len(end - start)  # no 2024 purchase: first purchase in 2025
    assert row["clients_revenus"] == 0
    with pytest.raises(KPIError, match="clients"):
        tables.retention_by(orders, by="segment")
    matrix = _quiet(tables.cohort_retention_matrix, orders, period="year", counts=True)
    assert matrix.loc[pd.Period("2025", Y), 0] == len(end - start)


# --- customer ids -------------------------------------------------------------------------


def test_ids_typed_differently_are_an_error():
    orders = pd.DataFrame({"client_id": [4, 4, 17], "date": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-31"]),
                           "montant_ht": [10.0, 20.0, 30.0]})
    clients = pd.DataFrame({"client_id": ["00004", "00017"], "date_inscription": pd.to_datetime(["2024-05-01"] * 2)})
    for call in (tables.retention_by, tables.cohort_retention_matrix):
        with pytest.raises(KPIError, match=r"des nombres .*du texte .*zéros du début.*dtype=\{\"client_id\": str\}"):
            call(orders, clients)


def test_many_customers_missing_from_clients_are_counted(orders):
    clients = _clients(orders)
    some = clients.iloc[::2]
    buyers = orders["client_id"].nunique()
    missing = buyers - len(some)
    with pytest.warns(KPIWarning, match=rf"{missing} clients de `commandes` \(sur {buyers}\) sont absents"):
        tables.retention_by(orders, some, period="month")


# --- customer lifetime value --------------------------------------------------------------


def _two_years():
    orders = pd.concat([_shop_orders("2024-01-01", months=12, seed=3, customers=2000),
                        _shop_orders("2025-01-01", months=12, seed=4, customers=2000)],
                       ignore_index=True)
    orders["commande_id"] = [f"K{i:05d}" for i in range(len(orders))]
    orders.attrs["periode_couverte"] = (pd.Timestamp("2024-01-01"), pd.Timestamp("2025-12-31"))
    return orders


def _clv_by_hand(orders, margin_share):
    known = orders.dropna(subset=["client_id"])
    year = known[known["date"].dt.year == 2025]
    start = set(known.loc[known["date"].dt.year == 2024, "client_id"])
    churn = len(start - set(year["client_id"])) / len(start)
    return _aov(year) * len(year) / year["client_id"].nunique() / churn * margin_share


def test_lifetime_value_with_a_purchase_cost_of_zero():
    orders = _two_years()
    lines = pd.DataFrame({"commande_id": orders["commande_id"], "quantite": 1, "prix_achat_unitaire_ht": 0.0})
    row = _quiet(tables.customer_lifetime_value_by, orders, lines).loc["total"]
    assert row["taux_de_marque"] == 100.0  # (price − 0) ÷ price
    assert row["valeur_vie_client"] == pytest.approx(_clv_by_hand(orders, 1.0))


def test_lifetime_value_without_lines_from_a_taux_de_marque():
    orders = _two_years()
    row = _quiet(tables.customer_lifetime_value_by, orders, taux_de_marque=35).loc["total"]
    assert row["taux_de_marque"] == 35.0
    assert row["valeur_vie_client"] == pytest.approx(_clv_by_hand(orders, 0.35))
    with pytest.raises(KPIError, match=r"lignes de commande.*taux_de_marque=35"):
        tables.customer_lifetime_value_by(orders)
    half = orders[orders["date"] < "2025-07-01"]
    half.attrs["periode_couverte"] = (pd.Timestamp("2024-01-01"), pd.Timestamp("2025-06-30"))
    with pytest.raises(KPIError, match=r"Années possibles\u00a0: 2025 \(incomplète\)"):
        tables.customer_lifetime_value_by(half, taux_de_marque=35)


# --- errors that name the right conversion -----------------------------------------------


@pytest.mark.parametrize("values, advice", [
    ([20250314, 20250315], 'pd.to_datetime(commandes[\'date\'].astype(str), format="%Y%m%d")'),
    (["14/03/2025", "15/03/2025"], 'pd.to_datetime(commandes[\'date\'], format="%d/%m/%Y")'),
    (["14 mars", "15 mars"], "datasets.import_orders(...)"),
])
def test_dates_that_are_not_dates_get_the_right_advice(values, advice):
    orders = pd.DataFrame({"date": values, "montant_ht": [10.0, 20.0]})
    with pytest.raises(KPIError) as error:
        tables.average_order_value_by(orders, period="month")
    assert advice in str(error.value)
    assert "pd.to_datetime(commandes['date'])" not in str(error.value)


# --- the course data: no warning ----------------------------------------------------------


def _course(name):
    frame = datasets.load(name)
    frame.attrs.setdefault("periode_couverte", (pd.Timestamp("2024-01-01"), pd.Timestamp("2025-12-31")))
    return frame


def test_the_course_data_raises_no_warning():
    commandes, clients, lignes = _course("commandes"), datasets.load("clients"), datasets.load("lignes_commande")
    frequentation = _course("frequentation")
    particuliers = commandes[commandes["canal"] != "b2b"]
    une_boutique = commandes[commandes["point_de_vente"] == "Bellecour"]
    b2b = commandes[commandes["canal"] == "b2b"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", KPIWarning)
        for frame in (commandes, particuliers, une_boutique, b2b):
            for period in (None, "month", "quarter", "year"):
                tables.average_order_value_by(frame, by="point_de_vente", period=period)
        for period in (None, "month", "year"):
            tables.store_conversion_by(commandes, frequentation, period=period)
        for period in ("month", "quarter", "year"):
            tables.retention_by(commandes, clients, period=period)
            tables.retention_by(commandes, clients, by="segment", period=period)
            tables.cohort_retention_matrix(commandes, clients, period=period)
            tables.active_customers(commandes, period=period)
        tables.customer_lifetime_value_by(commandes, lignes, clients, by="segment", year=2025)
        tables.customer_lifetime_value_by(commandes, lignes, clients)


def test_the_course_lifetime_value_keeps_its_numbers():
    commandes, clients, lignes = _course("commandes"), datasets.load("clients"), datasets.load("lignes_commande")
    default = tables.customer_lifetime_value_by(commandes, lignes, clients)
    explicit = tables.customer_lifetime_value_by(commandes, lignes, clients, by="segment", year=2025)
    pd.testing.assert_frame_equal(default, explicit)
