"""Integrity, patterns and determinism of the Roue Libre course data.

The integrity and pattern tests read the shipped CSV files with plain pandas,
independently of the generator, so they check what students actually get.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kpilab.datasets as ds
from kpilab.datasets import ALL_TABLES, SHOP_TABLES, TABLES, generate, load, load_all, write
from kpilab.datasets.__main__ import main as cli_main
from kpilab.errors import KPIError

SHIPPED = Path(__file__).resolve().parents[1] / "datasets"
START, END = pd.Timestamp("2024-01-01"), pd.Timestamp("2025-12-31")
SHOPS = ["Bellecour", "Croix-Rousse", "Villeurbanne"]
BIKES = ["velo_electrique", "velo_ville", "velo_route", "vtt"]
CODE = re.compile(r"^[a-z0-9_]+$")


def read(name: str) -> pd.DataFrame:
    """A shipped table read with plain pandas (dates parsed, ids as text)."""
    frame = pd.read_csv(SHIPPED / f"{name}.csv", keep_default_na=False, na_values=[""], dtype=str)
    for col in frame.columns:
        if col.startswith("date"):
            frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
        elif col in {"contacts", "contacts_invalides", "reponses", "nb_velos", "nb_articles",
                     "ligne", "quantite", "visiteurs"}:
            frame[col] = frame[col].astype("int64")
        elif col.startswith(("montant", "prix", "cout")):
            frame[col] = frame[col].astype("float64")
    return frame


def cents(values: pd.Series) -> pd.Series:
    return (values * 100).round().astype("int64")


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    return {name: read(name) for name in TABLES}


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("regenerated")
    write(generate(seed=2024), out)
    return out


@pytest.fixture
def shipped_dir(monkeypatch):
    """Make load() read the shipped files, whatever KPILAB_DATA_DIR says."""
    monkeypatch.setattr(ds, "DATA_DIR", SHIPPED)
    return SHIPPED


# --- Files ------------------------------------------------------------------


def test_files_exist_and_folder_is_small():
    for name in ALL_TABLES:
        assert (SHIPPED / f"{name}.csv").is_file(), name
    assert (SHIPPED / "README.md").is_file()
    total = sum(p.stat().st_size for p in SHIPPED.rglob("*") if p.is_file())
    assert total <= 10_000_000, f"datasets/ weighs {total / 1e6:.1f} MB"


def test_headers_are_ascii_snake_case_and_match_schema():
    from kpilab.datasets import schema

    for name in ALL_TABLES:
        with open(SHIPPED / f"{name}.csv", encoding="utf-8", newline="") as fh:
            header = fh.readline()
        assert header.endswith("\n") and not header.endswith("\r\n")
        columns = header.rstrip("\n").split(",")
        assert columns == schema.columns(name)
        assert all(CODE.match(c) for c in columns), columns


def test_money_has_two_decimals():
    text = (SHIPPED / "commandes.csv").read_text(encoding="utf-8").splitlines()[1:200]
    for row in text:
        ht, ttc = row.split(",")[-2:]
        assert re.fullmatch(r"\d+\.\d\d", ht) and re.fullmatch(r"\d+\.\d\d", ttc), row


def test_volumes(t):
    assert 20 <= len(t["campagnes"]) <= 30
    assert 500 <= len(t["prospects"]) <= 700
    assert 5_000 <= len(t["clients"]) <= 8_000
    assert 30_000 <= len(t["commandes"]) <= 40_000
    assert len(t["lignes_commande"]) > len(t["commandes"])


def test_ids_unique(t):
    assert t["campagnes"]["campagne_id"].is_unique
    assert t["prospects"]["prospect_id"].is_unique
    assert t["clients"]["client_id"].is_unique
    assert t["commandes"]["commande_id"].is_unique
    assert not t["lignes_commande"].duplicated(["commande_id", "ligne"]).any()
    assert not t["lignes_commande"].duplicated(["commande_id", "produit"]).any()
    assert not t["frequentation"].duplicated(["date", "point_de_vente"]).any()


def test_codes_are_from_their_lists(t):
    expected = {
        ("campagnes", "canal"): {"emailing", "telephone", "linkedin", "salon", "courrier"},
        ("prospects", "secteur"): {"industrie", "services", "sante", "commerce", "collectivite", "btp"},
        ("prospects", "taille"): {"10-49", "50-249", "250+"},
        ("prospects", "source"): {"campagne", "site_web", "recommandation"},
        ("prospects", "statut"): {"gagne", "perdu", "en_cours"},
        ("clients", "type_client"): {"particulier", "entreprise"},
        ("clients", "segment"): {"velotaf", "sportif", "famille", "occasionnel", "entreprise"},
        ("clients", "canal_acquisition"): {"magasin", "web", "b2b"},
        ("commandes", "canal"): {"magasin", "web", "b2b"},
        ("commandes", "point_de_vente"): {*SHOPS, "Site web", "Service entreprises"},
        ("lignes_commande", "categorie"): {*BIKES, "casque", "antivol", "accessoire", "entretien"},
        ("frequentation", "point_de_vente"): {*SHOPS, "Site web"},
    }
    for (table, col), allowed in expected.items():
        assert set(t[table][col]) == allowed, (table, col)
    assert t["prospects"]["commercial"].nunique() == 3
    assert 25 <= t["lignes_commande"]["produit"].nunique() <= 35


def test_dates_within_the_two_years(t):
    for name, frame in t.items():
        for col in frame.columns:
            if col.startswith("date") and col != "date_inscription":
                values = frame[col].dropna()
                assert values.between(START, END).all(), (name, col)
    inscription = t["clients"]["date_inscription"]
    assert inscription.max() <= END
    assert inscription.min() < START  # customers from before 2024 exist


# --- Campaigns and leads ----------------------------------------------------


def test_campaign_counts(t):
    c = t["campagnes"]
    assert (c["contacts_invalides"] <= c["contacts"]).all()
    assert (c["reponses"] <= c["contacts"] - c["contacts_invalides"]).all()
    assert (c["date_fin"] >= c["date_debut"]).all()
    assert (c["cout_ht"] > 0).all()


def test_campaign_leads(t):
    c, p = t["campagnes"].set_index("campagne_id"), t["prospects"]
    from_campaign = p["source"] == "campagne"
    assert (p["campagne_id"].notna() == from_campaign).all()
    assert p.loc[from_campaign, "campagne_id"].isin(c.index).all()
    leads = p[from_campaign].groupby("campagne_id").size()
    assert (leads <= c.loc[leads.index, "reponses"]).all()
    joined = p[from_campaign].join(c[["date_debut", "date_fin"]], on="campagne_id")
    assert (joined["date_premier_contact"] >= joined["date_debut"]).all()
    assert (joined["date_premier_contact"] <= joined["date_fin"] + pd.Timedelta(days=30)).all()


def test_lead_status_and_dates(t):
    p = t["prospects"]
    won, lost, open_ = (p["statut"] == s for s in ("gagne", "perdu", "en_cours"))
    filled = p[["date_signature", "date_abandon", "montant_ht", "client_id"]].notna()
    assert filled[won].eq([True, False, True, True]).all().all()
    assert filled[lost].eq([False, True, False, False]).all().all()
    assert not filled[open_].any().any()
    assert (p.loc[won, "date_signature"] >= p.loc[won, "date_premier_contact"]).all()
    assert (p.loc[lost, "date_abandon"] >= p.loc[lost, "date_premier_contact"]).all()
    assert (p["nb_velos"] >= 1).all()
    assert p["entreprise"].is_unique


def test_won_leads_have_one_company_client_and_matching_order(t):
    p, cl, co = t["prospects"], t["clients"], t["commandes"]
    won = p[p["statut"] == "gagne"]
    companies = cl[cl["type_client"] == "entreprise"]
    assert len(companies) == len(won)
    assert companies["prospect_id"].is_unique
    assert cl.loc[cl["type_client"] == "particulier", "prospect_id"].isna().all()
    assert ((cl["segment"] == "entreprise") == (cl["type_client"] == "entreprise")).all()
    merged = won.merge(companies, on="client_id", suffixes=("", "_client"), validate="1:1")
    assert (merged["prospect_id"] == merged["prospect_id_client"]).all()
    assert (merged["date_inscription"] == merged["date_signature"]).all()
    b2b = co[co["canal"] == "b2b"]
    deals = won.merge(
        b2b, left_on=["client_id", "date_signature"], right_on=["client_id", "date"],
        suffixes=("", "_commande"), validate="1:1",
    )
    assert len(deals) == len(won)
    assert (cents(deals["montant_ht"]) == cents(deals["montant_ht_commande"])).all()


# --- Customers and orders ------------------------------------------------------


def test_orders_clients_and_channels(t):
    cl, co = t["clients"], t["commandes"]
    assert co["client_id"].dropna().isin(cl["client_id"]).all()
    assert co.loc[co["canal"] != "magasin", "client_id"].notna().all()
    assert co["client_id"].isna().sum() > 0.3 * len(co)  # anonymous tickets exist
    pos = {"magasin": set(SHOPS), "web": {"Site web"}, "b2b": {"Service entreprises"}}
    for channel, allowed in pos.items():
        assert set(co.loc[co["canal"] == channel, "point_de_vente"]) == allowed
    assert (co.loc[co["canal"] == "magasin", "date"].dt.day_of_week < 6).all()  # closed on Sundays


def test_no_order_before_joining_and_first_order_on_joining_day(t):
    cl, co = t["clients"], t["commandes"]
    first = co.dropna(subset=["client_id"]).groupby("client_id")["date"].min()
    joined = cl.set_index("client_id")["date_inscription"]
    assert (first >= joined.loc[first.index]).all()
    recent = joined[joined >= START]
    assert recent.index.isin(first.index).all()
    assert (first.loc[recent.index] == recent).all()


def test_order_totals_equal_their_lines(t):
    co, li = t["commandes"], t["lignes_commande"]
    assert set(li["commande_id"]) == set(co["commande_id"])
    assert (cents(li["montant_ht"]) == li["quantite"] * cents(li["prix_unitaire_ht"])).all()
    sums = li.assign(ht=cents(li["montant_ht"])).groupby("commande_id").agg(
        ht=("ht", "sum"), n=("quantite", "sum")
    )
    orders = co.set_index("commande_id")
    assert (cents(orders["montant_ht"]) == sums.loc[orders.index, "ht"]).all()
    assert (orders["nb_articles"] == sums.loc[orders.index, "n"]).all()
    assert np.allclose((co["montant_ht"] * 1.2).round(2), co["montant_ttc"], rtol=0, atol=1e-9)
    numbers = li.groupby("commande_id")["ligne"].agg(["min", "max", "size"])
    assert (numbers["min"] == 1).all() and (numbers["max"] == numbers["size"]).all()


def test_prices_and_margins(t):
    li = t["lignes_commande"]
    assert (li["quantite"] >= 1).all()
    assert (li["prix_achat_unitaire_ht"] > 0).all()
    assert (li["prix_achat_unitaire_ht"] < li["prix_unitaire_ht"]).all()
    assert (li.groupby("produit")["categorie"].nunique() == 1).all()
    margin = 1 - li.groupby("categorie")["prix_achat_unitaire_ht"].mean() / li.groupby("categorie")[
        "prix_unitaire_ht"
    ].mean()
    assert margin.between(0.15, 0.80).all(), margin
    ebike_ttc = li.loc[li["categorie"] == "velo_electrique", "prix_unitaire_ht"].max() * 1.2
    assert 1500 <= ebike_ttc <= 4000


def test_visitors_at_least_tickets(t):
    co, fr = t["commandes"], t["frequentation"]
    tickets = co[co["canal"] != "b2b"].groupby(["date", "point_de_vente"]).size().rename("tickets")
    merged = fr.set_index(["date", "point_de_vente"]).join(tickets, how="outer")
    assert merged["visiteurs"].notna().all(), "tickets on a day without footfall"
    merged["tickets"] = merged["tickets"].fillna(0)
    assert (merged["visiteurs"] >= merged["tickets"]).all()
    web = fr[fr["point_de_vente"] == "Site web"]
    assert len(web) == (END - START).days + 1
    assert (fr.loc[fr["point_de_vente"] != "Site web", "date"].dt.day_of_week < 6).all()
    rates = merged.groupby(level="point_de_vente").sum()
    rates = rates["tickets"] / rates["visiteurs"] * 100
    assert rates[SHOPS].between(15, 25).all(), rates
    assert 1 <= rates["Site web"] <= 3, rates


# --- Patterns -------------------------------------------------------------------


def test_response_rates_by_channel_and_the_bad_campaign(t):
    c = t["campagnes"]
    c = c.assign(valides=c["contacts"] - c["contacts_invalides"])
    by = c.groupby("canal")[["reponses", "valides"]].sum()
    rate = by["reponses"] / by["valides"] * 100
    assert rate["salon"] > rate["telephone"] > rate["linkedin"] > rate["emailing"] > rate["courrier"]
    per = c["reponses"] / c["valides"] * 100
    bad = c[per < 1]
    bad = bad[bad["contacts_invalides"] > 0.2 * bad["contacts"]]
    assert len(bad) == 1, "exactly one campaign with a bought list"
    assert bad["canal"].iloc[0] == "emailing"
    won = t["prospects"].query("statut == 'gagne'").groupby("campagne_id").size()
    bad_id = bad["campagne_id"].iloc[0]
    assert won.get(bad_id, 0) >= 1  # its cost per conversion is defined...
    cost_per_conversion = c.set_index("campagne_id")["cout_ht"].loc[won.index] / won
    assert cost_per_conversion.idxmax() == bad_id  # ...and the highest of all


def test_conversion_by_source(t):
    p = t["prospects"]
    conversion = (p["statut"] == "gagne").groupby(p["source"]).mean()
    assert conversion["recommandation"] > conversion["site_web"] > conversion["campagne"]


def test_sales_cycle_is_skewed(t):
    won = t["prospects"].query("statut == 'gagne'")
    cycle = (won["date_signature"] - won["date_premier_contact"]).dt.days
    assert 25 <= cycle.median() <= 60
    assert cycle.mean() > 1.3 * cycle.median()
    assert cycle.max() >= 150


def test_occasional_customers_churn_more(t):
    cl, co = t["clients"], t["commandes"]
    bought = co.dropna(subset=["client_id"])
    y2024 = set(bought.loc[bought["date"].dt.year == 2024, "client_id"])
    y2025 = set(bought.loc[bought["date"].dt.year == 2025, "client_id"])
    active = cl[cl["client_id"].isin(y2024) & (cl["type_client"] == "particulier")]
    lost = (~active["client_id"].isin(y2025)).groupby(active["segment"]).mean()
    assert lost["occasionnel"] > lost["velotaf"] + 0.3
    assert lost.idxmin() == "velotaf"


def test_ebike_share_and_basket_rise(t):
    co, li = t["commandes"], t["lignes_commande"]
    lines = li.merge(co[["commande_id", "date", "canal"]], on="commande_id")
    bikes = lines[lines["categorie"].isin(BIKES) & (lines["canal"] != "b2b")]
    share = (bikes["categorie"] == "velo_electrique").groupby(bikes["date"].dt.year).mean()
    assert share[2025] > share[2024] + 0.04
    retail = co[co["canal"] == "magasin"]
    basket = retail.groupby(retail["date"].dt.year)["montant_ht"].mean()
    assert basket[2025] > basket[2024]


def test_croix_rousse_helmet_operation(t):
    co, li = t["commandes"], t["lignes_commande"]
    with_bike = set(li.loc[li["categorie"].isin(BIKES), "commande_id"])
    with_helmet = set(li.loc[li["categorie"] == "casque", "commande_id"])
    cr = co[(co["point_de_vente"] == "Croix-Rousse") & co["commande_id"].isin(with_bike)]
    attach = cr["commande_id"].isin(with_helmet).groupby(cr["date"] >= "2025-03-01").mean()
    assert attach[True] > attach[False] + 0.15


def test_web_sells_more_accessories(t):
    co, li = t["commandes"], t["lignes_commande"]
    lines = li.merge(co[["commande_id", "canal"]], on="commande_id")
    share = (lines["categorie"] == "accessoire").groupby(lines["canal"]).mean()
    assert share["web"] > share["magasin"]


def test_seasonality_and_weekdays(t):
    co = t["commandes"]
    by_month = co.groupby(co["date"].dt.month).size()
    assert by_month[5] > 1.8 * by_month[1]
    assert by_month[12] > by_month[11]
    shop = co[co["canal"] == "magasin"]
    assert shop.groupby(shop["date"].dt.day_of_week).size().idxmax() == 5  # Saturday


# --- Determinism, loading, writing ----------------------------------------------


def test_regenerating_gives_identical_bytes(regenerated):
    for name in ALL_TABLES:
        fresh = (regenerated / f"{name}.csv").read_bytes()
        assert fresh == (SHIPPED / f"{name}.csv").read_bytes(), f"{name}.csv differs: run make data"


def test_another_seed_gives_other_data(tmp_path):
    write(generate(seed=7), tmp_path)
    assert (tmp_path / "commandes.csv").read_bytes() != (SHIPPED / "commandes.csv").read_bytes()
    assert (tmp_path / "prospects.csv").read_bytes() != (SHIPPED / "prospects.csv").read_bytes()
    for name in ("passants", "inventaires", "objectifs", "tickets_vendeurs"):
        assert (tmp_path / f"{name}.csv").read_bytes() != (SHIPPED / f"{name}.csv").read_bytes(), name


def test_load_dtypes(shipped_dir):
    tables = load_all()
    assert list(tables) == list(TABLES)
    co, p = tables["commandes"], tables["prospects"]
    assert co["date"].dtype.kind == "M"
    assert p["date_signature"].dtype.kind == "M"
    for frame, col in [(co, "canal"), (co, "point_de_vente"), (p, "statut"), (p, "secteur"),
                       (tables["clients"], "segment"), (tables["lignes_commande"], "categorie")]:
        assert isinstance(frame[col].dtype, pd.CategoricalDtype), col
    assert p["taille"].cat.ordered
    assert pd.api.types.is_string_dtype(co["commande_id"]) and not isinstance(
        co["commande_id"].dtype, pd.CategoricalDtype
    )
    assert co["nb_articles"].dtype == "int64" and co["montant_ht"].dtype == "float64"
    assert co["client_id"].isna().any()
    assert p.loc[p["statut"] != "gagne", "date_signature"].isna().all()


def test_load_equals_generate(shipped_dir):
    generated = generate()
    assert list(generated) == list(ALL_TABLES)
    for name in ALL_TABLES:
        pd.testing.assert_frame_equal(load(name), generated[name], check_exact=True)


def test_load_returns_independent_copies(shipped_dir):
    first = load("commandes")
    first.loc[0, "montant_ht"] = -1.0
    first["canal"] = "web"
    again = load("commandes")
    assert again.loc[0, "montant_ht"] > 0
    assert (again["canal"] == "magasin").any()


def test_load_unknown_name_is_a_french_error(shipped_dir):
    with pytest.raises(KPIError) as info:
        load("ventes")
    message = str(info.value)
    assert "n'existe pas" in message
    assert all(name in message for name in ALL_TABLES)
    assert isinstance(info.value, ValueError)
    with pytest.raises(KPIError, match="Tu voulais peut-être dire 'commandes'"):
        load("commande")


def test_load_missing_file_says_make_data(monkeypatch, tmp_path):
    monkeypatch.setattr(ds, "DATA_DIR", tmp_path)
    with pytest.raises(KPIError, match="make data"):
        load("clients")


def test_scale_two_doubles_volumes_quickly_and_stays_out_of_the_course(monkeypatch, tmp_path):
    start = time.perf_counter()
    big = generate(scale=2)
    assert time.perf_counter() - start < 5
    ratio = len(big["commandes"]) / len(read("commandes"))
    assert 1.8 <= ratio <= 2.2
    assert big["commandes"].attrs["scale"] == 2
    monkeypatch.setattr(ds, "DATA_DIR", tmp_path / "course")
    with pytest.raises(KPIError, match="scale"):
        write(big, tmp_path / "course")
    assert not (tmp_path / "course").exists()
    paths = write({"campagnes": big["campagnes"]}, tmp_path / "elsewhere")
    assert [p.name for p in paths] == ["campagnes.csv"]


def test_write_checks_the_schema(tmp_path):
    frame = read("campagnes").drop(columns="reponses")
    with pytest.raises(KPIError, match="reponses"):
        write({"campagnes": frame}, tmp_path)
    with pytest.raises(KPIError, match="inconnue"):
        write({"ventes": frame}, tmp_path)


@pytest.mark.parametrize("bad", [{"seed": -1}, {"seed": 1.5}, {"scale": 0}, {"scale": "x"}])
def test_generate_rejects_bad_arguments(bad):
    with pytest.raises(KPIError):
        generate(**bad)


def test_command_line(tmp_path, monkeypatch, capsys):
    assert cli_main(["--out", str(tmp_path), "--seed", "2024"]) == 0
    assert (tmp_path / "commandes.csv").read_bytes() == (SHIPPED / "commandes.csv").read_bytes()
    assert "commandes.csv" in capsys.readouterr().out
    monkeypatch.setattr(ds, "DATA_DIR", tmp_path / "course")
    assert cli_main(["--scale", "3"]) == 2  # refused before generating anything
    assert "--out" in capsys.readouterr().err
    assert not (tmp_path / "course").exists()


# --- The shops' tables: premises, passers-by, inventories, team -----------------------------
#
# Read with plain pandas from the shipped files; every expected value is recomputed here from
# the other tables (lignes_commande, commandes, frequentation, vendeurs), never taken from the
# generator.

QUARTER_ENDS = pd.to_datetime(["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31",
                               "2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"])


def read_shop(name: str) -> pd.DataFrame:
    frame = pd.read_csv(SHIPPED / f"{name}.csv", keep_default_na=False, na_values=[""], dtype=str)
    for col in frame.columns:
        if col.startswith("date") or col == "mois":
            frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
        elif col in {"surface_vente_m2", "passants", "heures_hebdo", "heures_prevues", "heures_travaillees"}:
            frame[col] = frame[col].astype("int64")
        elif col.endswith("_ht") or col.startswith(("masse", "charges")):
            frame[col] = frame[col].astype("float64")
    return frame


@pytest.fixture(scope="module")
def s() -> dict[str, pd.DataFrame]:
    return {name: read_shop(name) for name in SHOP_TABLES}


@pytest.fixture(scope="module")
def shop_tickets(t) -> pd.DataFrame:
    """The shop tickets with their month and year, and the cost of their lines in cents."""
    co = t["commandes"]
    tickets = co[co["canal"] == "magasin"].copy()
    tickets["mois"] = tickets["date"].dt.to_period("M").dt.to_timestamp()
    tickets["annee"] = tickets["date"].dt.year
    return tickets


def _shop_revenue(shop_tickets) -> pd.Series:
    return shop_tickets.groupby(["point_de_vente", "annee"])["montant_ht"].sum()


def test_shop_tables_have_their_rows(s):
    assert sorted(s["magasins"]["point_de_vente"]) == SHOPS
    inv = s["inventaires"]
    assert len(inv) == 8 * 3 * 8
    assert set(inv["date_inventaire"]) == set(QUARTER_ENDS)
    assert not inv.duplicated(["date_inventaire", "point_de_vente", "categorie"]).any()
    assert set(inv["categorie"]) == {*BIKES, "casque", "antivol", "accessoire", "entretien"}
    assert s["vendeurs"]["vendeur"].is_unique
    assert not s["objectifs"].duplicated(["mois", "vendeur"]).any()
    assert s["tickets_vendeurs"]["commande_id"].is_unique


def test_premises_and_fixed_costs(s, shop_tickets):
    ma = s["magasins"].set_index("point_de_vente")
    parts = ma["loyer_annuel_ht"] + ma["masse_salariale_annuelle"] + ma["autres_charges_fixes_ht"]
    assert (cents(parts) == cents(ma["charges_fixes_annuelles_ht"])).all()
    assert ma["surface_vente_m2"].between(100, 400).all()
    per_m2 = _shop_revenue(shop_tickets).unstack().div(ma["surface_vente_m2"], axis=0)
    assert per_m2.stack().between(2_000, 8_000).all(), per_m2
    assert per_m2[2024].idxmin() == "Villeurbanne"  # the largest premises for its sales


def test_each_shop_pays_its_fixed_costs_and_bellecour_breaks_even_last(s, t, shop_tickets):
    # Variable costs: the cost of the goods sold (lignes_commande). Seuil = charges fixes ÷ taux de MCV.
    li = t["lignes_commande"].merge(shop_tickets[["commande_id", "point_de_vente", "annee"]], on="commande_id")
    cost = (li["quantite"] * li["prix_achat_unitaire_ht"]).groupby([li["point_de_vente"], li["annee"]]).sum()
    revenue = _shop_revenue(shop_tickets)
    margin_rate = (revenue - cost) / revenue
    fixed = s["magasins"].set_index("point_de_vente")["charges_fixes_annuelles_ht"]
    threshold = fixed.reindex(revenue.index.get_level_values(0)).to_numpy() / margin_rate
    days = threshold / revenue * 360
    assert days.between(150, 345).all(), days  # every shop reaches its seuil within the year
    assert days.xs(2024, level=1).idxmax() == "Bellecour"  # the biggest revenue, the dearest rent
    assert (days.xs(2025, level=1) < days.xs(2024, level=1)).all()


def test_passers_by_are_counted_on_the_shops_open_days_and_include_the_visitors(s, t):
    pa, fr = s["passants"], t["frequentation"]
    shops = fr[fr["point_de_vente"] != "Site web"]
    merged = pa.merge(shops, on=["date", "point_de_vente"], how="outer", indicator=True)
    assert (merged["_merge"] == "both").all(), "passers-by and visitors on different days"
    assert (merged["passants"] >= merged["visiteurs"]).all()
    daily = merged["visiteurs"] / merged["passants"] * 100
    assert daily.max() < 20  # the floor "passers ≥ visitors" never had to be used
    year = merged.groupby([merged["point_de_vente"], merged["date"].dt.year])[["visiteurs", "passants"]].sum()
    rate = year["visiteurs"] / year["passants"] * 100
    assert rate.between(1, 10).all(), rate
    for y in (2024, 2025):
        r = rate.xs(y, level=1)
        assert r["Croix-Rousse"] > r["Villeurbanne"] > r["Bellecour"]  # the busiest street captures least
    month = merged.groupby(merged["date"].dt.month)[["visiteurs", "passants"]].sum()
    by_month = month["visiteurs"] / month["passants"]
    assert by_month[5] > 1.5 * by_month[1]  # passers-by all year, visitors in spring


def test_inventories_follow_the_sales_and_count_the_shrinkage(s, t, shop_tickets):
    inv = s["inventaires"]
    # stock théorique = stock initial + achats − coût d'achat des ventes, to the cent
    assert (cents(inv["stock_initial_ht"]) + cents(inv["achats_ht"]) - cents(inv["cout_achat_ventes_ht"])
            == cents(inv["stock_theorique_ht"])).all()
    for col in ("stock_initial_ht", "achats_ht", "cout_achat_ventes_ht", "stock_theorique_ht", "stock_compte_ht"):
        assert (inv[col] >= 0).all(), col
    assert (inv["stock_compte_ht"] <= inv["stock_theorique_ht"]).all()
    # The cost of goods sold of each quarter, recomputed from the ticket lines.
    li = t["lignes_commande"].merge(shop_tickets[["commande_id", "point_de_vente", "date"]], on="commande_id")
    li["cout"] = li["quantite"] * cents(li["prix_achat_unitaire_ht"])
    li["date_inventaire"] = li["date"].dt.to_period("Q").dt.end_time.dt.normalize()
    expected = li.groupby(["date_inventaire", "point_de_vente", "categorie"])["cout"].sum()
    given = cents(inv.set_index(["date_inventaire", "point_de_vente", "categorie"])["cout_achat_ventes_ht"])
    assert (given.sort_index() == expected.reindex(given.index).fillna(0).astype("int64").sort_index()).all()
    # A count opens the next quarter.
    chain = inv.sort_values("date_inventaire").groupby(["point_de_vente", "categorie"])
    previous = chain["stock_compte_ht"].shift()
    following = inv.loc[previous.index, "stock_initial_ht"]
    assert (cents(previous.dropna()) == cents(following[previous.notna()])).all()


def test_stock_rotation_and_shrinkage_rates_are_plausible(s, shop_tickets):
    inv = s["inventaires"].assign(annee=lambda f: f["date_inventaire"].dt.year)
    key = ["point_de_vente", "annee"]
    first = inv[inv["date_inventaire"].dt.month == 3].groupby(key)["stock_initial_ht"].sum()
    last = inv[inv["date_inventaire"].dt.month == 12].groupby(key)["stock_compte_ht"].sum()
    cost = inv.groupby(key)["cout_achat_ventes_ht"].sum()
    rotation = cost / ((first + last) / 2)
    assert rotation.between(2, 8).all(), rotation
    assert rotation.xs(2024, level=1).idxmin() == "Villeurbanne"  # the shop that keeps too much stock
    lost = (inv["stock_theorique_ht"] - inv["stock_compte_ht"]).groupby([inv[k] for k in key]).sum()
    rate = lost / _shop_revenue(shop_tickets) * 100
    assert rate.between(0.1, 2).all(), rate  # at cost, over revenue HT
    assert rate.xs(2024, level=1).idxmax() == "Bellecour"
    by_category = (inv["stock_theorique_ht"] - inv["stock_compte_ht"]).groupby(inv["categorie"]).sum()
    small = by_category[["casque", "antivol", "accessoire"]].sum()
    sold = inv.groupby("categorie")["cout_achat_ventes_ht"].sum()
    assert small / sold[["casque", "antivol", "accessoire"]].sum() > 5 * by_category[BIKES].sum() / sold[BIKES].sum()


def _active_months(vendeurs: pd.DataFrame) -> set[tuple[pd.Timestamp, str]]:
    """(month, seller) for every month of 2024-2025 a seller is under contract, from vendeurs.csv."""
    months = pd.date_range("2024-01-01", "2025-12-01", freq="MS")
    active = set()
    for row in vendeurs.itertuples():
        end = row.date_sortie if pd.notna(row.date_sortie) else pd.Timestamp("2025-12-31")
        active |= {(m, row.vendeur) for m in months if row.date_entree <= m and m + pd.offsets.MonthEnd(0) <= end}
    return active


def test_sellers_and_their_monthly_objectives(s, t):
    ve, ob = s["vendeurs"], s["objectifs"]
    assert set(ve["poste"]) == {"responsable", "vendeur", "alternant"}
    assert (ve.groupby("point_de_vente")["poste"].apply(lambda p: (p == "responsable").sum()) == 1).all()
    assert not set(ve["vendeur"]) & set(t["prospects"]["commercial"])  # not the B2B salespeople
    assert ((ve["date_sortie"].isna()) | (ve["date_sortie"] > ve["date_entree"])).all()
    # One row for each seller and month of contract, and no other.
    assert set(zip(ob["mois"], ob["vendeur"])) == _active_months(ve)
    shop_of = ve.set_index("vendeur")["point_de_vente"]
    assert (ob["point_de_vente"] == ob["vendeur"].map(shop_of)).all()
    assert (ob["heures_prevues"] > 0).all() and (ob["heures_travaillees"] <= ob["heures_prevues"]).all()
    assert ob["heures_prevues"].max() <= 35 * 31 / 7 + 1
    assert (ob["objectif_ca_ht"] > 0).all()
    # The shop's objective is a round figure, split in proportion to the planned hours, to the euro.
    group = ob.groupby(["mois", "point_de_vente"])
    assert (group["objectif_ca_ht"].sum() % 500 == 0).all()
    share = ob["heures_prevues"] / group["heures_prevues"].transform("sum")
    assert (ob["objectif_ca_ht"] - share * group["objectif_ca_ht"].transform("sum")).abs().max() <= 1
    # Every shop has its sellers every month, and at least two.
    assert (group["vendeur"].count() >= 2).all() and len(group) == 24 * 3


def test_every_shop_ticket_has_one_seller_of_its_shop_at_work(s, shop_tickets):
    tv, ob, ve = s["tickets_vendeurs"], s["objectifs"], s["vendeurs"]
    assert set(tv["commande_id"]) == set(shop_tickets["commande_id"])
    sold = tv.merge(shop_tickets, on="commande_id", validate="1:1")
    shop_of = ve.set_index("vendeur")["point_de_vente"]
    assert (sold["vendeur"].map(shop_of) == sold["point_de_vente"]).all()
    contract = ve.set_index("vendeur")
    end = contract["date_sortie"].fillna(pd.Timestamp("2025-12-31"))
    assert (sold["date"] >= sold["vendeur"].map(contract["date_entree"])).all()
    assert (sold["date"] <= sold["vendeur"].map(end)).all()
    hours = ob.set_index(["mois", "vendeur"])["heures_travaillees"]
    worked = hours.reindex(pd.MultiIndex.from_arrays([sold["mois"], sold["vendeur"]]))
    assert (worked.to_numpy() > 0).all()


def test_objectives_are_met_roughly_and_sellers_compare_at_equal_hours(s, shop_tickets):
    tv, ob = s["tickets_vendeurs"], s["objectifs"]
    sold = tv.merge(shop_tickets, on="commande_id")
    realised = sold.groupby(["mois", "vendeur"])["montant_ht"].sum()
    per_seller = ob.set_index(["mois", "vendeur"]).assign(realise=realised).fillna({"realise": 0})
    # The sellers' sales add up to the shop's.
    shop = per_seller.groupby([per_seller.index.get_level_values(0), "point_de_vente"])["realise"].sum()
    expected = shop_tickets.groupby(["mois", "point_de_vente"])["montant_ht"].sum()
    assert (cents(shop.sort_index()) == cents(expected.reindex(shop.index).sort_index())).all()
    year = per_seller.index.get_level_values(0).year
    by_shop = per_seller.groupby(["point_de_vente", year])[["realise", "objectif_ca_ht"]].sum()
    achieved = by_shop["realise"] / by_shop["objectif_ca_ht"] * 100
    assert achieved.between(85, 115).all(), achieved
    by_seller = per_seller.groupby(["vendeur", year])[["realise", "objectif_ca_ht", "heures_travaillees"]].sum()
    rate = by_seller["realise"] / by_seller["objectif_ca_ht"] * 100
    assert rate.between(40, 160).all(), rate
    per_hour = by_seller["realise"] / by_seller["heures_travaillees"]
    assert per_hour.between(50, 500).all(), per_hour
    # In each shop and year, the manager sells more per hour than the alternant learning the trade.
    people = s["vendeurs"].set_index("vendeur")
    table = per_hour.rename("par_heure").reset_index()
    table["poste"] = table["vendeur"].map(people["poste"])
    table["point_de_vente"] = table["vendeur"].map(people["point_de_vente"])
    best = table.pivot_table(index=["point_de_vente", "mois"], columns="poste", values="par_heure", aggfunc="max")
    both = best.dropna(subset=["alternant", "responsable"])
    assert len(both) >= 4 and (both["responsable"] > both["alternant"]).all(), both


def test_the_shops_tables_never_change_the_customer_journeys(monkeypatch, tmp_path):
    """Other constants for the shops' tables: other shop tables, the same six journey files."""
    from kpilab.datasets import shop_catalog

    monkeypatch.setattr(shop_catalog, "ABSENCE_PROB", 0.5)
    monkeypatch.setattr(shop_catalog, "STREET_SIGMA", 0.3)
    monkeypatch.setitem(shop_catalog.SHRINKAGE_SHARE, "velo_electrique", 0.05)
    write(generate(seed=2024), tmp_path)
    for name in TABLES:
        assert (tmp_path / f"{name}.csv").read_bytes() == (SHIPPED / f"{name}.csv").read_bytes(), name
    for name in ("passants", "inventaires", "objectifs"):
        assert (tmp_path / f"{name}.csv").read_bytes() != (SHIPPED / f"{name}.csv").read_bytes(), name


def test_load_shop_tables_with_their_dtypes(shipped_dir):
    tables = load_all(SHOP_TABLES)
    assert list(tables) == list(SHOP_TABLES)
    assert list(load_all(ALL_TABLES)) == list(ALL_TABLES)
    inv, ob, ve = tables["inventaires"], tables["objectifs"], tables["vendeurs"]
    assert inv["date_inventaire"].dtype.kind == "M" and ob["mois"].dtype.kind == "M"
    assert isinstance(ob["vendeur"].dtype, pd.CategoricalDtype) and isinstance(inv["categorie"].dtype, pd.CategoricalDtype)
    assert ob["heures_travaillees"].dtype == "int64" and inv["stock_compte_ht"].dtype == "float64"
    assert ve["date_sortie"].isna().any() and tables["passants"]["passants"].dtype == "int64"
    assert pd.api.types.is_string_dtype(tables["tickets_vendeurs"]["commande_id"])
