"""Table KPIs: hand-made tables with hand-counted answers, then the course
data checked against a second, plain-Python method."""

from __future__ import annotations

import statistics
import warnings
from collections import Counter, defaultdict
from datetime import date

import pandas as pd
import pytest
from course_csv import rows
from hypothesis import given, settings
from hypothesis import strategies as st

from kpilab import KPIError, KPIWarning, datasets, tables

D = pd.to_datetime


# --- small tables, answers counted by hand ------------------------------------------


def _orders(rows):
    return pd.DataFrame(rows, columns=["commande_id", "date", "client_id", "canal", "montant_ht", "nb_articles"]).assign(
        date=lambda d: D(d["date"])
    )


def test_average_order_value_by_channel_and_month():
    orders = _orders([
        ("a", "2025-01-05", "A", "web", 100.0, 1),
        ("b", "2025-01-20", None, "magasin", 30.0, 2),
        ("c", "2025-01-21", "B", "magasin", 50.0, 4),
        ("d", "2025-02-02", "A", "web", 60.0, 3),
    ])
    by_channel = tables.average_order_value_by(orders, by="canal")
    assert by_channel.loc["web", "panier_moyen_ht"] == 80.0  # (100 + 60) / 2
    assert by_channel.loc["magasin", "panier_moyen_ht"] == 40.0  # (30 + 50) / 2
    assert by_channel.loc["magasin", "indice_de_vente"] == 3.0  # (2 + 4) / 2
    by_month = tables.average_order_value_by(orders, period="month")
    assert by_month.loc[pd.Period("2025-01", "M"), "transactions"] == 3
    assert by_month.loc[pd.Period("2025-01", "M"), "panier_moyen_ht"] == 60.0  # 180 / 3
    total = tables.average_order_value_by(orders)
    assert list(total.index) == ["total"]
    assert total.loc["total", "panier_moyen_ht"] == 60.0  # 240 / 4


def _leads():
    return pd.DataFrame({
        "prospect_id": ["P1", "P2", "P3", "P4", "P5", "P6"],
        "source": ["campagne", "campagne", "campagne", "site_web", "site_web", "recommandation"],
        "campagne_id": ["C1", "C1", "C2", None, None, None],
        "statut": ["gagne", "perdu", "en_cours", "gagne", "perdu", "gagne"],
        "date_premier_contact": D(["2025-01-01", "2025-01-10", "2025-02-01", "2025-01-01", "2025-02-15", "2025-03-01"]),
        "date_signature": D(["2025-01-11", None, None, "2025-03-02", None, "2025-03-21"]),
    })


def test_conversion_rate_by_source_with_and_without_open_deals():
    table = tables.conversion_rate_by(_leads(), by="source")
    assert table.loc["campagne", "taux_de_conversion"] == pytest.approx(100 / 3)  # 1 won of 3 leads
    assert table.loc["site_web", "taux_de_conversion"] == 50.0
    assert table.loc["recommandation", "taux_de_conversion"] == 100.0
    closed = tables.conversion_rate_by(_leads(), by="source", closed_only=True)
    assert closed.loc["campagne", "leads"] == 2  # the open deal P3 leaves the denominator
    assert closed.loc["campagne", "taux_de_conversion"] == 50.0
    assert tables.conversion_rate_by(_leads()).loc["total", "taux_de_conversion"] == 50.0  # 3 / 6


def test_channel_of_a_lead_is_its_campaign_channel_else_its_source():
    campaigns = pd.DataFrame({"campagne_id": ["C1", "C2"], "canal": ["salon", "emailing"]})
    leads = tables.leads_with_channel(_leads(), campaigns)
    assert leads["canal"].astype(str).tolist() == ["salon", "salon", "emailing", "site_web", "site_web", "recommandation"]
    with pytest.raises(KPIError, match="plusieurs lignes pour la campagne 'C1'"):
        tables.leads_with_channel(_leads(), pd.concat([campaigns, campaigns.iloc[[0]]]))
    # Campaign rows without an id match no lead (two of them are not a repeated id).
    blank = pd.DataFrame({"campagne_id": [None, None], "canal": ["radio", "affichage"]})
    leads = tables.leads_with_channel(_leads(), pd.concat([campaigns, blank], ignore_index=True))
    assert leads["canal"].astype(str).tolist() == ["salon", "salon", "emailing", "site_web", "site_web", "recommandation"]


def test_channel_of_the_course_leads_with_map_and_fillna():
    leads, campaigns = datasets.load("prospects"), datasets.load("campagnes")
    expected = leads["campagne_id"].map(campaigns.set_index("campagne_id")["canal"].astype(str)).fillna(
        leads["source"].astype(str)).astype("category")
    pd.testing.assert_series_equal(tables.leads_with_channel(leads, campaigns)["canal"], expected, check_names=False)


def test_cost_per_conversion_and_a_campaign_without_sale():
    campaigns = pd.DataFrame({"campagne_id": ["C1", "C2"], "canal": ["salon", "emailing"], "cout_ht": [900.0, 400.0]})
    table = tables.cost_per_conversion_by(campaigns, _leads())
    assert table.loc["C1", "cout_par_conversion"] == 900.0  # one sale
    assert table.loc["C1", "cout_par_lead"] == 450.0  # two leads
    assert pd.isna(table.loc["C2", "cout_par_conversion"])  # no sale: undefined, not 0


def test_sales_cycle_counts_won_deals_only():
    # won deals: P1 10 days, P4 60 days, P6 20 days
    table = tables.sales_cycle_by(_leads())
    assert table.loc["total", "affaires_gagnees"] == 3
    assert table.loc["total", "cycle_moyen_jours"] == pytest.approx(30.0)
    assert table.loc["total", "cycle_median_jours"] == 20.0
    by_source = tables.sales_cycle_by(_leads(), by="source")
    assert by_source.loc["site_web", "cycle_moyen_jours"] == 60.0


def test_response_rate_leaves_bounced_contacts_out():
    campaigns = pd.DataFrame({
        "canal": ["emailing", "emailing", "salon"],
        "date_debut": D(["2024-03-01", "2025-03-01", "2025-06-01"]),
        "contacts": [1000, 2000, 100],
        "contacts_invalides": [200, 0, 0],
        "reponses": [16, 44, 30],
    })
    table = tables.response_rate_by(campaigns, by="canal")
    assert table.loc["emailing", "contacts_valides"] == 2800
    assert table.loc["emailing", "taux_de_reponse"] == pytest.approx(60 / 2800 * 100)
    by_year = tables.response_rate_by(campaigns, period="year")
    assert by_year.loc[pd.Period("2024", "Y"), "taux_de_reponse"] == 2.0  # 16 / 800


def test_store_conversion_by_point_of_sale():
    orders = pd.DataFrame({
        "date": D(["2025-01-02", "2025-01-02", "2025-01-03", "2025-01-03"]),
        "point_de_vente": ["Bellecour", "Bellecour", "Site web", "Service entreprises"],
    })
    visits = pd.DataFrame({
        "date": D(["2025-01-02", "2025-01-03", "2025-01-03"]),
        "point_de_vente": ["Bellecour", "Bellecour", "Site web"],
        "visiteurs": [10, 10, 50],
    })
    table = tables.store_conversion_by(orders, visits)
    assert table.loc["Bellecour", "taux_de_transformation"] == 10.0  # 2 / 20
    assert table.loc["Site web", "taux_de_transformation"] == 2.0  # 1 / 50
    assert "Service entreprises" not in table.index  # no visitors counted for B2B


def test_margins_by_category():
    lines = pd.DataFrame({
        "categorie": ["casque", "casque", "antivol"],
        "quantite": [2, 1, 1],
        "montant_ht": [100.0, 50.0, 40.0],
        "prix_achat_unitaire_ht": [30.0, 30.0, 30.0],
    })
    table = tables.margins_by(lines)
    assert table.loc["casque", "marge_ht"] == 60.0  # 150 - 3 × 30
    assert table.loc["casque", "taux_de_marque"] == pytest.approx(40.0)  # 60 / 150
    assert table.loc["casque", "taux_de_marge"] == pytest.approx(60 / 90 * 100)


def test_taux_de_marque_is_undefined_without_sales_not_without_cost():
    lines = pd.DataFrame({
        "categorie": ["atelier", "offert", "casque"],
        "quantite": [1, 1, 1],
        "montant_ht": [40.0, 0.0, 50.0],
        "prix_achat_unitaire_ht": [0.0, 12.0, 30.0],
    })
    table = tables.margins_by(lines)
    assert table.loc["atelier", "taux_de_marque"] == 100.0  # (40 − 0) ÷ 40: all of it is margin
    assert pd.isna(table.loc["atelier", "taux_de_marge"])  # ÷ a purchase cost of 0
    assert pd.isna(table.loc["offert", "taux_de_marque"])  # ÷ sales of 0: undefined, not an error
    assert table.loc["offert", "taux_de_marge"] == -100.0  # (0 − 12) ÷ 12


def _fleets_story():
    """Three leads of two companies, their orders and the order lines, counted by hand below."""
    leads = pd.DataFrame({
        "prospect_id": ["P1", "P2", "P3", "P4"],
        "source": ["campagne", "campagne", "site_web", "campagne"],
        "statut": ["gagne", "gagne", "gagne", "perdu"],
        "client_id": ["E1", "E2", "E3", None],
        "date_signature": D(["2025-03-10", "2025-06-02", "2025-06-02", None]),
    })
    orders = pd.DataFrame({
        "commande_id": ["F1", "F2", "F3", "X1", "X2"],
        "canal": ["b2b", "b2b", "b2b", "b2b", "magasin"],
        "client_id": ["E1", "E2", "E3", "E1", "E2"],
        "date": D(["2025-03-10", "2025-06-02", "2025-06-02", "2025-09-01", "2025-06-02"]),
    })
    lines = pd.DataFrame({
        "commande_id": ["F1", "F1", "F2", "F3", "X1", "X2"],
        "quantite": [10, 10, 5, 2, 4, 1],
        "montant_ht": [10_000.0, 500.0, 6_000.0, 3_000.0, 4_000.0, 60.0],
        "prix_achat_unitaire_ht": [760.0, 20.0, 900.0, 1_000.0, 750.0, 30.0],
    })
    return leads, orders, lines


def test_fleet_margin_of_the_won_deals_by_hand():
    leads, orders, lines = _fleets_story()
    total = tables.fleet_margin_by(leads[leads["source"] == "campagne"], orders, lines)
    # fleets F1 (E1 on 10/03) and F2 (E2 on 02/06); not X1 (a later order), X2 (a shop ticket), P4 (lost)
    # sales 10 000 + 500 + 6 000 = 16 500; cost 10 × 760 + 10 × 20 + 5 × 900 = 12 300; margin 4 200
    assert total.loc["total", "affaires"] == 2
    assert total.loc["total", "chiffre_affaires_ht"] == 16_500
    assert total.loc["total", "cout_achat_ht"] == 12_300
    assert total.loc["total", "marge_ht"] == 4_200
    assert total.loc["total", "taux_de_marque"] == pytest.approx(4_200 / 16_500 * 100)  # 25,45 %
    assert total.loc["total", "marge_par_affaire"] == 2_100  # 4 200 ÷ 2 deals
    by_source = tables.fleet_margin_by(leads, orders, lines, by="source")
    assert by_source["affaires"].to_dict() == {"campagne": 2, "site_web": 1}
    assert by_source.loc["site_web", "marge_par_affaire"] == 1_000  # F3: 3 000 − 2 × 1 000
    per_deal = tables.fleet_margin_by(leads, orders, lines, by="prospect_id")
    assert per_deal["marge_ht"].to_dict() == {"P1": 2_700, "P2": 1_500, "P3": 1_000}


def test_fleet_margin_problems_are_french_errors():
    leads, orders, lines = _fleets_story()
    with pytest.raises(KPIError, match=r"L'affaire gagnée 'P2' \(client 'E2', signée le 02/06/2025\) n'a pas"):
        tables.fleet_margin_by(leads, orders[orders["commande_id"] != "F2"], lines)
    twice = leads.assign(client_id=["E1", "E1", "E3", None], date_signature=D(["2025-03-10"] * 2 + ["2025-06-02", None]))
    with pytest.raises(KPIError, match="deux affaires gagnées par le client 'E1' le 10/03/2025"):
        tables.fleet_margin_by(twice, orders, lines)
    with pytest.raises(KPIError, match="date_signature"):
        tables.fleet_margin_by(leads.assign(date_signature=leads["date_signature"].astype(str)), orders, lines)
    with pytest.raises(KPIError, match="n'a pas la"):
        tables.fleet_margin_by(leads.drop(columns="client_id"), orders, lines)
    none = tables.fleet_margin_by(leads[leads["statut"] == "perdu"], orders, lines)
    assert none.loc["total", "affaires"] == 0 and pd.isna(none.loc["total", "marge_par_affaire"])


def _customers_story():
    clients = pd.DataFrame({
        "client_id": ["A", "B", "C", "D", "E"],
        "segment": ["x", "x", "y", "y", "y"],
        "date_inscription": D(["2023-05-01", "2024-03-01", "2022-01-01", "2025-05-10", "2023-02-01"]),
    })
    orders = _orders([
        ("1", "2024-01-10", "A", "magasin", 10.0, 1),
        ("2", "2024-03-01", "B", "magasin", 10.0, 1),
        ("3", "2024-12-20", "C", "magasin", 10.0, 1),
        ("4", "2024-12-21", None, "magasin", 10.0, 1),
        ("5", "2025-02-01", "A", "magasin", 10.0, 1),
        ("6", "2025-06-01", "A", "magasin", 10.0, 1),
        ("7", "2025-05-10", "D", "magasin", 10.0, 1),
        ("8", "2025-07-01", "E", "web", 10.0, 1),
    ])
    return orders, clients


def test_retention_and_churn_by_hand():
    # 2024: A, B, C active. 2025: A (kept), D (new), E (back after a year without purchase).
    orders, clients = _customers_story()
    row = tables.retention_by(orders, clients).loc[pd.Period("2025", "Y")]
    assert row[["clients_debut", "clients_conserves", "clients_perdus"]].tolist() == [3, 1, 2]
    assert row[["nouveaux_clients", "clients_revenus", "clients_fin"]].tolist() == [1, 1, 3]
    assert row["taux_de_retention"] == pytest.approx(100 / 3)
    assert row["taux_d_attrition"] == pytest.approx(200 / 3)
    assert pd.Period("2024", "Y") not in tables.retention_by(orders, clients).index  # no 2023 data


def test_retention_by_segment_by_hand():
    orders, clients = _customers_story()
    table = tables.retention_by(orders, clients, by="segment")
    x = table.loc[("x", pd.Period("2025", "Y"))]
    y = table.loc[("y", pd.Period("2025", "Y"))]
    assert x[["clients_debut", "clients_conserves", "clients_fin"]].tolist() == [2, 1, 1]
    assert x["taux_de_retention"] == 50.0
    assert y[["clients_debut", "clients_conserves", "nouveaux_clients", "clients_revenus"]].tolist() == [1, 0, 1, 1]
    assert y["taux_d_attrition"] == 100.0


def test_cohort_matrix_by_hand():
    clients = pd.DataFrame({"client_id": ["A", "B", "C"], "date_inscription": D(["2024-01-03", "2024-01-20", "2024-02-05"])})
    orders = _orders([
        ("1", "2024-01-03", "A", "web", 1.0, 1), ("2", "2024-02-10", "A", "web", 1.0, 1),
        ("3", "2024-04-01", "A", "web", 1.0, 1), ("4", "2024-01-20", "B", "web", 1.0, 1),
        ("5", "2024-03-15", "B", "web", 1.0, 1), ("6", "2024-02-05", "C", "web", 1.0, 1),
        ("7", "2024-03-01", "C", "web", 1.0, 1),
    ])
    counts = tables.cohort_retention_matrix(orders, clients, counts=True)
    assert counts.loc[pd.Period("2024-01", "M")].tolist() == [2, 1, 1, 1]
    assert counts.loc[pd.Period("2024-02", "M")].iloc[:3].tolist() == [1, 1, 0]
    assert pd.isna(counts.loc[pd.Period("2024-02", "M")].iloc[3])  # April is 2 months after February: month 3 not yet seen
    shares = tables.cohort_retention_matrix(orders, clients)
    assert shares.loc[pd.Period("2024-01", "M")].tolist() == [100.0, 50.0, 50.0, 50.0]


def test_bad_arguments_give_french_errors():
    orders, clients = _customers_story()
    with pytest.raises(KPIError, match="period"):
        tables.average_order_value_by(orders, period="decennie")
    with pytest.raises(KPIError, match="boutique"):
        tables.average_order_value_by(orders, by="boutique")
    with pytest.raises(KPIError, match="DataFrame"):
        tables.average_order_value_by([1, 2, 3])
    with pytest.raises(KPIError, match="segment"):  # the segment of `by` is a column of `clients`
        tables.retention_by(orders, clients.drop(columns="segment"), by="segment")



def test_customers_table_problems():
    orders, clients = _customers_story()
    twice = pd.concat([clients, clients.iloc[[1]]], ignore_index=True)
    with pytest.raises(KPIError, match="plusieurs lignes pour le client 'B'"):
        tables.retention_by(orders, twice)
    with pytest.raises(KPIError, match="pd.to_datetime"):
        tables.cohort_retention_matrix(orders, clients.assign(date_inscription=clients["date_inscription"].astype(str)))
    with pytest.raises(KPIError, match="pd.to_datetime"):
        tables.average_order_value_by(orders.assign(date=orders["date"].astype(str)), period="month")
    # Rows without a client_id match no order; customers missing from `clients` still count as active.
    blank = pd.DataFrame({"client_id": [None, None], "segment": ["x", "y"], "date_inscription": D(["2024-01-01"] * 2)})
    partial = pd.concat([clients[clients["client_id"] != "C"], blank], ignore_index=True)
    row = tables.retention_by(orders, partial).loc[pd.Period("2025", "Y")]
    assert row[["clients_debut", "clients_conserves", "nouveaux_clients", "clients_revenus"]].tolist() == [3, 1, 1, 1]


# --- grouping: the same tables as pandas' groupby --------------------------------------

KEY_VALUES = {
    "boutique": st.one_of(st.none(), st.sampled_from(["Bellecour", "Croix-Rousse", "Site web"])),
    "vendeur": st.integers(min_value=0, max_value=40),  # many groups: more combinations than rows
    "fidele": st.booleans(),
}
grouping_rows = st.lists(
    st.tuples(
        KEY_VALUES["boutique"], KEY_VALUES["vendeur"], KEY_VALUES["fidele"],
        st.one_of(st.none(), st.datetimes(min_value=pd.Timestamp("1990-01-01").to_pydatetime(),
                                          max_value=pd.Timestamp("2025-12-31").to_pydatetime())),
        st.integers(min_value=1, max_value=9),
        st.floats(min_value=0, max_value=10_000, allow_nan=False),  # 0 €: neither a sale nor an avoir
    ),
    max_size=40,
)


@settings(max_examples=80, deadline=None)
@given(grouping_rows, st.sampled_from(["s", "ms", "us", "ns"]), st.booleans(),
       st.sampled_from([None, "boutique", "vendeur", "fidele", ["boutique", "vendeur"], ["fidele", "boutique", "vendeur"]]),
       st.sampled_from([None, "month", "quarter", "year"]))
def test_order_value_table_is_pandas_groupby(rows, unit, categorical, by, period):
    orders = pd.DataFrame(rows, columns=["boutique", "vendeur", "fidele", "date", "nb_articles", "montant_ht"])
    orders["date"] = pd.to_datetime(orders["date"]).astype(f"datetime64[{unit}]")
    orders["nb_articles"] = orders["nb_articles"].astype("int64")
    orders["montant_ht"] = orders["montant_ht"].astype("float64")
    if categorical:
        orders["boutique"] = orders["boutique"].astype(pd.CategoricalDtype(["Site web", "Bellecour", "Croix-Rousse"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KPIWarning)  # rows without a date or at 0 € are set aside
        table = tables.average_order_value_by(orders, by=by, period=period)

    sales = orders[orders["date"].notna() & (orders["montant_ht"] > 0)]
    keys = [sales[c] for c in ([by] if isinstance(by, str) else by or [])]
    if period:
        freq = {"month": "M", "quarter": "Q", "year": "Y"}[period]
        keys.append(sales["date"].dt.to_period(freq).rename("periode"))
    if not keys:
        assert table.loc["total", "transactions"] == len(sales)
        return
    expected = sales.groupby(keys, observed=True, sort=True).agg(
        transactions=("nb_articles", "size"), articles=("nb_articles", "sum"), chiffre_affaires_ht=("montant_ht", "sum"))
    if period and orders["date"].notna().any():
        # Every period from the first to the last date of the table, for every segment: empty ones count 0.
        periods = pd.period_range(orders["date"].min(), orders["date"].max(), freq=freq, name="periode")
        if len(keys) == 1:
            expected = expected.reindex(periods, fill_value=0)
        else:
            expected = pd.concat({c: expected[c].unstack("periode", fill_value=0).reindex(columns=periods, fill_value=0)
                                  .stack(future_stack=True) for c in expected.columns}, axis=1).sort_index()
    if expected.empty:  # no sale and a segment: no segment present, no row
        assert table.empty
        return
    pd.testing.assert_frame_equal(table[expected.columns], expected, check_exact=True, check_index_type=False)


def test_sums_beyond_float_precision_stay_exact():
    big = 2**60
    orders = pd.DataFrame({"canal": ["web", "web", "magasin"], "date": D(["2025-01-01"] * 3),
                           "nb_articles": [big, 1, 3], "montant_ht": [1.0, 2.0, 3.0]})
    table = tables.average_order_value_by(orders, by="canal")
    assert table.loc["web", "articles"] == big + 1  # a float64 sum would give 2**60
    assert table.loc["magasin", "articles"] == 3


# --- segments add up to the total -------------------------------------------------------

orders_strategy = st.lists(
    st.tuples(
        st.sampled_from(["web", "magasin", "b2b"]),
        st.dates(min_value=pd.Timestamp("2024-01-01").date(), max_value=pd.Timestamp("2025-12-31").date()),
        st.integers(min_value=1, max_value=500_000),  # cents: a sale is a positive amount
        st.integers(min_value=1, max_value=9),
    ),
    min_size=1, max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(orders_strategy)
def test_segments_add_up_to_the_total(rows):
    orders = pd.DataFrame({
        "canal": [r[0] for r in rows],
        "date": D([r[1] for r in rows]),
        "montant_ht": [r[2] / 100 for r in rows],
        "nb_articles": [r[3] for r in rows],
    })
    total = tables.average_order_value_by(orders).loc["total"]
    for by, period in (("canal", None), (None, "month"), ("canal", "quarter")):
        parts = tables.average_order_value_by(orders, by=by, period=period)
        assert parts["transactions"].sum() == total["transactions"] == len(rows)
        assert parts["chiffre_affaires_ht"].sum() == pytest.approx(total["chiffre_affaires_ht"])
        recomputed = parts["chiffre_affaires_ht"].sum() / parts["transactions"].sum()
        assert recomputed == pytest.approx(sum(r[2] for r in rows) / 100 / len(rows))


# --- the course data, recomputed with the csv module and plain Python -------------------



@pytest.fixture(scope="module")
def course():
    return datasets.load_all()


def test_average_order_value_by_channel_on_course_data(course):
    revenue, count = defaultdict(float), Counter()
    for row in rows("commandes"):
        revenue[row["canal"]] += float(row["montant_ht"])
        count[row["canal"]] += 1
    table = tables.average_order_value_by(course["commandes"], by="canal")
    for channel in count:
        assert table.loc[channel, "transactions"] == count[channel]
        assert table.loc[channel, "panier_moyen_ht"] == pytest.approx(revenue[channel] / count[channel])


def test_conversion_and_cycle_on_course_data(course):
    leads, won, cycles = Counter(), Counter(), []
    for row in rows("prospects"):
        leads[row["source"]] += 1
        if row["statut"] == "gagne":
            won[row["source"]] += 1
            cycles.append((date.fromisoformat(row["date_signature"]) - date.fromisoformat(row["date_premier_contact"])).days)
    table = tables.conversion_rate_by(course["prospects"], by="source")
    for source in leads:
        assert table.loc[source, "taux_de_conversion"] == pytest.approx(won[source] / leads[source] * 100)
    cycle = tables.sales_cycle_by(course["prospects"]).loc["total"]
    assert cycle["cycle_moyen_jours"] == pytest.approx(statistics.fmean(cycles))
    assert cycle["cycle_median_jours"] == pytest.approx(statistics.median(cycles))


def test_response_rate_by_channel_on_course_data(course):
    responses, reached = Counter(), Counter()
    for row in rows("campagnes"):
        responses[row["canal"]] += int(row["reponses"])
        reached[row["canal"]] += int(row["contacts"]) - int(row["contacts_invalides"])
    table = tables.response_rate_by(course["campagnes"], by="canal")
    for channel in reached:
        assert table.loc[channel, "taux_de_reponse"] == pytest.approx(responses[channel] / reached[channel] * 100)


def test_store_conversion_on_course_data(course):
    visitors, tickets = Counter(), Counter()
    for row in rows("frequentation"):
        visitors[row["point_de_vente"]] += int(row["visiteurs"])
    for row in rows("commandes"):
        if row["point_de_vente"] in visitors:
            tickets[row["point_de_vente"]] += 1
    table = tables.store_conversion_by(course["commandes"], course["frequentation"])
    for shop in visitors:
        assert table.loc[shop, "taux_de_transformation"] == pytest.approx(tickets[shop] / visitors[shop] * 100)


def _active_sets(orders_rows, period_of):
    active = defaultdict(set)
    for row in orders_rows:
        if row["client_id"]:
            active[period_of(row["date"])].add(row["client_id"])
    return active


def test_retention_2025_by_segment_with_sets(course):
    segment = {row["client_id"]: row["segment"] for row in rows("clients")}
    acquired_year = {row["client_id"]: row["date_inscription"][:4] for row in rows("clients")}
    active = _active_sets(rows("commandes"), lambda d: d[:4])
    table = tables.retention_by(course["commandes"], course["clients"], by="segment")
    for name in set(segment.values()):
        start = {c for c in active["2024"] if segment[c] == name}
        end = {c for c in active["2025"] if segment[c] == name}
        row = table.loc[(name, pd.Period("2025", "Y"))]
        assert row["clients_debut"] == len(start)
        assert row["clients_conserves"] == len(start & end)
        assert row["nouveaux_clients"] == len({c for c in end - start if acquired_year[c] == "2025"})
        assert row["taux_de_retention"] + row["taux_d_attrition"] == pytest.approx(100)
        assert row["taux_de_retention"] == pytest.approx(len(start & end) / len(start) * 100)


def test_cohort_matrix_on_course_data_with_sets(course):
    cohort = defaultdict(set)
    for row in rows("clients"):
        if row["date_inscription"] >= "2024-01-01":
            cohort[row["date_inscription"][:7]].add(row["client_id"])
    active = _active_sets(rows("commandes"), lambda d: d[:7])
    matrix = tables.cohort_retention_matrix(course["commandes"], course["clients"])
    for month, k, later in (("2024-03", 2, "2024-05"), ("2024-09", 12, "2025-09"), ("2025-06", 0, "2025-06")):
        expected = len(cohort[month] & active[later]) / len(cohort[month]) * 100
        assert matrix.loc[pd.Period(month, "M"), k] == pytest.approx(expected)


def test_segments_add_up_on_course_data(course):
    whole = tables.conversion_rate_by(course["prospects"]).loc["total"]
    parts = tables.conversion_rate_by(course["prospects"], by=["secteur", "commercial"], period="quarter")
    assert parts["leads"].sum() == whole["leads"] and parts["ventes"].sum() == whole["ventes"]
    whole = tables.retention_by(course["commandes"], course["clients"], period="quarter")
    parts = tables.retention_by(course["commandes"], course["clients"], by="segment", period="quarter")
    summed = parts.groupby(level="periode").sum()
    for column in ("clients_debut", "clients_conserves", "clients_perdus", "nouveaux_clients", "clients_fin"):
        assert summed[column].tolist() == whole[column].tolist()


def _fleets_from_csv(source=None):
    """Won deals (of one source) → their fleet (the company's B2B order of the signature day) → its lines."""
    won = {(r["client_id"], r["date_signature"]) for r in rows("prospects")
           if r["statut"] == "gagne" and source in (None, r["source"])}
    fleets = {r["commande_id"] for r in rows("commandes") if r["canal"] == "b2b" and (r["client_id"], r["date"]) in won}
    return len(won), [r for r in rows("lignes_commande") if r["commande_id"] in fleets]


def test_fleet_margin_by_source_on_course_data_with_plain_python(course):
    table = tables.fleet_margin_by(course["prospects"], course["commandes"], course["lignes_commande"], by="source")
    for source in ("campagne", "site_web", "recommandation"):
        deals, lines = _fleets_from_csv(source)
        sales = sum(float(r["montant_ht"]) for r in lines)
        cost = sum(int(r["quantite"]) * float(r["prix_achat_unitaire_ht"]) for r in lines)
        row = table.loc[source]
        assert row["affaires"] == deals
        assert row["chiffre_affaires_ht"] == pytest.approx(sales) and row["cout_achat_ht"] == pytest.approx(cost)
        assert row["taux_de_marque"] == pytest.approx((sales - cost) / sales * 100)
        assert row["marge_par_affaire"] == pytest.approx((sales - cost) / deals)
    deals, lines = _fleets_from_csv("campagne")  # lesson 02's figures: 52 fleets, 2 949,72 € each, 23,7 %
    assert deals == 52 and round(table.loc["campagne", "marge_par_affaire"], 2) == 2949.72


def _lifetime_value_with_plain_python(keep):
    """CLV of the customers ``keep(client row)`` selects, from the CSV files: the lesson 07 steps."""
    kept = {r["client_id"] for r in rows("clients") if keep(r)}
    orders = [r for r in rows("commandes") if r["client_id"] in kept]
    year = [r for r in orders if r["date"].startswith("2025")]
    cost = defaultdict(float)
    for line in rows("lignes_commande"):
        cost[line["commande_id"]] += int(line["quantite"]) * float(line["prix_achat_unitaire_ht"])
    revenue = sum(float(r["montant_ht"]) for r in year)
    margin = revenue - sum(cost[r["commande_id"]] for r in year)
    active = _active_sets(orders, lambda d: d[:4])
    churn = len(active["2024"] - active["2025"]) / len(active["2024"])
    return revenue / len(year) * len(year) / len(active["2025"]) * (1 / churn) * (margin / revenue)


def test_lifetime_value_of_the_private_customers_with_plain_python(course):
    args = course["commandes"], course["lignes_commande"], course["clients"]
    row = tables.customer_lifetime_value_by(*args, by=None)
    assert row.loc["total", "valeur_vie_client"] == pytest.approx(
        _lifetime_value_with_plain_python(lambda r: r["type_client"] == "particulier"))
    by_segment = tables.customer_lifetime_value_by(*args)
    assert "entreprise" not in by_segment.index  # the annual rule does not fit companies
    assert by_segment.loc["velotaf", "valeur_vie_client"] == pytest.approx(
        _lifetime_value_with_plain_python(lambda r: r["segment"] == "velotaf"))
    with pytest.raises(KPIError, match="2024"):
        tables.customer_lifetime_value_by(*args, year=2024)


def test_lifetime_value_of_companies_is_a_french_error(course):
    args = course["commandes"], course["lignes_commande"]
    with pytest.raises(KPIError, match="règle «\u00a0aucun achat dans l'année = client perdu\u00a0»") as error:
        tables.customer_lifetime_value_by(*args, course["clients"], companies=True)
    assert "tables.fleet_margin_by" in str(error.value) and "leçon 07" in str(error.value)
    companies = course["clients"][course["clients"]["type_client"] == "entreprise"]
    with pytest.raises(KPIError, match="ne contient que des entreprises"):
        tables.customer_lifetime_value_by(*args, companies)
    with pytest.raises(KPIError, match="ne contient que des entreprises"):  # no type_client: the segment says it
        tables.customer_lifetime_value_by(*args, companies.drop(columns="type_client"))


def test_sums_on_a_second_thread_are_the_same(monkeypatch):
    orders = datasets.load("commandes")
    expected = orders.groupby(["point_de_vente", orders["date"].dt.to_period("M").rename("periode")],
                              observed=True, sort=True).agg(
        transactions=("montant_ht", "size"), articles=("nb_articles", "sum"), chiffre_affaires_ht=("montant_ht", "sum"))
    # Every month for every point of sale, even without an order (Service entreprises): 0 transactions.
    expected = pd.concat({c: expected[c].unstack("periode", fill_value=0).stack(future_stack=True)
                          for c in expected.columns}, axis=1)
    monkeypatch.setattr(tables._engine, "_BACKGROUND_ROWS", 0)  # the threaded path, used from 500,000 rows on
    table = tables.average_order_value_by(orders, by="point_de_vente", period="month")
    pd.testing.assert_frame_equal(table[expected.columns], expected, check_exact=True, check_index_type=False)
