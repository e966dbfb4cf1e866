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
from kpilab.datasets import TABLES, generate, load, load_all, write
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
    for name in TABLES:
        assert (SHIPPED / f"{name}.csv").is_file(), name
    assert (SHIPPED / "README.md").is_file()
    total = sum(p.stat().st_size for p in SHIPPED.rglob("*") if p.is_file())
    assert total <= 10_000_000, f"datasets/ weighs {total / 1e6:.1f} MB"


def test_headers_are_ascii_snake_case_and_match_schema():
    from kpilab.datasets import schema

    for name in TABLES:
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
    for name in TABLES:
        fresh = (regenerated / f"{name}.csv").read_bytes()
        assert fresh == (SHIPPED / f"{name}.csv").read_bytes(), f"{name}.csv differs: run make data"


def test_another_seed_gives_other_data(tmp_path):
    write(generate(seed=7), tmp_path)
    assert (tmp_path / "commandes.csv").read_bytes() != (SHIPPED / "commandes.csv").read_bytes()
    assert (tmp_path / "prospects.csv").read_bytes() != (SHIPPED / "prospects.csv").read_bytes()


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
    for name in TABLES:
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
    assert all(name in message for name in TABLES)
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
