"""The fiches de synthèse: the KPI declarations, their worked examples, the notebooks and the PDFs.

The worked examples are checked against a separate pandas computation on the CSV files of
datasets/ (read with pandas, not with kpilab); the PDFs are read with pypdf.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pypdf
import pytest

import kpilab.formulas
from kpilab import referentiel, typography
from kpilab.formatting import format_euros, format_number, format_percent
from kpilab.handouts import build, catalog, examples, fiche, latex

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "datasets"
BLOCS = sorted(b for b in referentiel.BLOCS if catalog.kpis_of_bloc(b))
FICHES = catalog.fiches()  # (bloc, part): bloc 3's calculations of lesson 10 make their own fiche
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def _flat(text: str) -> str:
    return SPACES.sub(" ", text).strip()


# --- the declarations ---------------------------------------------------------------------------

def test_every_formula_of_kpilab_is_in_a_fiche_or_explicitly_excluded():
    declared = [name for kpi in catalog.KPIS for name in kpi.functions]
    assert len(declared) == len(set(declared)), "a kpilab function is declared by two KPIs"
    assert not set(declared) & set(catalog.EXCLUDED)
    assert set(declared) | set(catalog.EXCLUDED) == set(kpilab.formulas.__all__)
    for kpi in catalog.KPIS:
        assert kpi.blocs, f"{kpi.key} is in no fiche"
        for name in kpi.functions:
            assert callable(getattr(kpilab.formulas, name))


def test_keys_are_unique_and_every_kpi_has_its_example():
    keys = [kpi.key for kpi in catalog.KPIS]
    assert len(keys) == len(set(keys))
    for kpi in catalog.KPIS:
        assert kpi.example in examples.EXAMPLES
        assert kpi.traps and kpi.unit and kpi.formulas


def _lesson_markdown(lesson: str) -> str:
    (path,) = ROOT.glob(f"notebooks/{lesson}_*.ipynb")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _math_blocks(markdown: str) -> list[str]:
    """The lesson's $$ … $$ formulas; a block holding several formulas side by side (\\qquad) gives each one."""
    blocks = [re.sub(r"\s+", " ", m).strip() for m in re.findall(r"\$\$(.+?)\$\$", markdown, flags=re.S)]
    return [part.strip() for block in blocks for part in block.split(r"\qquad")]


@pytest.mark.parametrize("kpi", catalog.KPIS, ids=lambda k: k.key)
def test_each_formula_is_written_as_in_its_lesson(kpi):
    blocks = [block for lesson in kpi.lessons for block in _math_blocks(_lesson_markdown(lesson))]
    for formula in kpi.formulas:
        assert re.sub(r"\s+", " ", formula).strip() in blocks, f"{kpi.key}: {formula!r} is in none of {kpi.lessons}"


@pytest.mark.parametrize("kpi", catalog.KPIS, ids=lambda k: k.key)
def test_competences_are_the_referentiels_and_among_its_lessons_placements(kpi):
    placed = {c.code for lesson in kpi.lessons for c in referentiel.lesson_placement(lesson).competences}
    for code in kpi.competences:
        referentiel.competence(code)  # a KPIError for an unknown code
        assert code in placed, f"{kpi.key}: {code} is not among the placements of lessons {kpi.lessons}"


def test_fiche_of_a_bloc_holds_exactly_the_kpis_of_its_competences():
    assert [k.key for k in catalog.kpis_of_bloc(3)] == [
        "panier_moyen", "evolution", "taux_de_transformation", "taux_de_marque", "taux_de_marge",
        "coefficient_multiplicateur"]
    assert [k.key for k in catalog.kpis_of_bloc(3, "gestion")] == [
        "prix_moyen_article", "captation_et_surface", "prix_de_vente", "stocks", "seuil_de_rentabilite"]
    assert [k.key for k in catalog.kpis_of_bloc(4)] == [
        "cycle_de_vente", "evolution", "taux_de_realisation", "ca_par_heure"]
    assert FICHES == [(1, ""), (2, ""), (3, ""), (3, "gestion"), (4, "")]
    for bloc in BLOCS:
        for kpi in catalog.KPIS:
            in_bloc = any(code.startswith(f"B{bloc}.") for code in kpi.competences)
            parts = [part for b, part in FICHES if b == bloc]
            assert sum(kpi in catalog.kpis_of_bloc(bloc, part) for part in parts) == in_bloc


def test_no_formula_of_kpilab_is_left_out_now_that_lessons_10_and_11_teach_them():
    assert catalog.EXCLUDED == {}


# --- the formulas, without MathJax --------------------------------------------------------------

def test_latex_plain_text_of_the_lessons_formulas():
    assert latex.plain(r"\text{taux de marque} = \frac{\text{PV HT} - \text{PA HT}}{\text{PV HT}} \times 100") == (
        "taux de marque = (PV HT \u2212 PA HT) ÷ PV HT × 100")
    assert latex.plain(r"\text{durée de vie} \approx \frac{1}{\text{taux d'attrition annuel}}") == (
        "durée de vie ≈ 1 ÷ taux d'attrition annuel")
    assert latex.plain(r"\text{évolution (\%)} = \text{a}") == "évolution (%) = a"


def test_latex_html_stacks_fractions_and_keeps_each_side_together():
    markup = latex.html(r"\text{x} = \frac{E - N}{S} \times 100")
    assert markup == ('<span class="side">x =</span> <span class="side"><span class="frac"><span class="num">'
                      '<span class="paren">(</span><var>E</var> \u2212 <var>N</var><span class="paren">)</span></span>'
                      '<span class="sep"> ÷ </span><span class="den"><var>S</var></span></span> × 100</span>')
    # without the fiche's CSS (an untrusted notebook in JupyterLab), the tags' text reads as the plain formula
    assert re.sub(r"<[^>]+>", "", markup) == "x = (E \u2212 N) ÷ S × 100"


def test_latex_refuses_what_it_does_not_know():
    with pytest.raises(latex.LaTeXError):
        latex.plain(r"\sqrt{2}")
    with pytest.raises(latex.LaTeXError):
        latex.plain(r"\frac{1}{2")


# --- the worked examples against pandas on the CSV files ----------------------------------------

@pytest.fixture(scope="module")
def csv():
    dates = {"campagnes": ["date_debut", "date_fin"], "prospects": ["date_premier_contact", "date_signature",
             "date_abandon"], "clients": ["date_inscription"], "commandes": ["date"], "frequentation": ["date"]}
    return {name: pd.read_csv(DATA / f"{name}.csv", parse_dates=dates.get(name, []))
            for name in ("campagnes", "prospects", "clients", "commandes", "lignes_commande", "frequentation")}


@pytest.fixture(scope="module")
def data():
    return fiche.data()


def test_example_response_rate(csv, data):
    c = csv["campagnes"]
    valid = (c["contacts"] - c["contacts_invalides"])
    ex = examples.response_rate(data)
    assert ex.values["responses"] == c["reponses"].sum()
    assert ex.values["valid_contacts"] == valid.sum()
    assert ex.values["rate"] == pytest.approx(c["reponses"].sum() / valid.sum() * 100)
    assert ex.values["mean_of_rates"] == pytest.approx((c["reponses"] / valid * 100).mean())
    assert format_percent(c["reponses"].sum() / valid.sum() * 100) in ex.calculation


def test_example_conversion_rate(csv, data):
    p = csv["prospects"]
    won, open_ = (p["statut"] == "gagne").sum(), (p["statut"] == "en_cours").sum()
    ex = examples.conversion_rate(data)
    assert (ex.values["sales"], ex.values["leads"], ex.values["open"]) == (won, len(p), open_)
    assert ex.values["rate"] == pytest.approx(won / len(p) * 100)
    assert ex.values["closed_rate"] == pytest.approx(won / (len(p) - open_) * 100)
    assert f"{format_number(won)} ventes ÷ {format_number(len(p))} leads" in ex.calculation


def test_example_cost_per_conversion(csv, data):
    p = csv["prospects"]
    from_campaigns = p[p["campagne_id"].notna()]
    won = (from_campaigns["statut"] == "gagne").sum()
    cost = csv["campagnes"]["cout_ht"].sum()
    ex = examples.cost_per_conversion(data)
    assert ex.values["cost"] == pytest.approx(cost) and ex.values["sales"] == won
    assert ex.values["cost_per_conversion"] == pytest.approx(cost / won)
    assert ex.values["cost_per_lead"] == pytest.approx(cost / len(from_campaigns))
    assert format_euros(cost / won) in ex.calculation


def _cycles(p: pd.DataFrame) -> pd.Series:
    won = p[p["statut"] == "gagne"]
    return (won["date_signature"] - won["date_premier_contact"]).dt.days


def test_example_sales_cycle(csv, data):
    days = _cycles(csv["prospects"])
    ex = examples.sales_cycle(data)
    assert ex.values["won"] == len(days) and ex.values["total_days"] == days.sum()
    assert ex.values["mean"] == pytest.approx(days.mean())
    assert ex.values["median"] == pytest.approx(days.median())


def test_example_cycle_by_seller(csv, data):
    p = csv["prospects"]
    won = p[p["statut"] == "gagne"].assign(days=_cycles(p))
    expected = won.groupby("commercial")["days"].agg(["size", "mean", "median"])
    rows = examples.cycle_by_seller(data)
    assert [r.seller for r in rows] == sorted(expected.index)
    for row in rows:
        assert row.won == expected.loc[row.seller, "size"]
        assert row.mean == pytest.approx(expected.loc[row.seller, "mean"])
        assert row.median == pytest.approx(expected.loc[row.seller, "median"])


def test_examples_average_order_value_and_sales_index(csv, data):
    shops = csv["commandes"][csv["commandes"]["canal"] == "magasin"]
    aov = examples.average_order_value(data)
    assert aov.values["transactions"] == len(shops)
    assert aov.values["aov"] == pytest.approx(shops["montant_ht"].sum() / len(shops))
    assert aov.values["aov_ttc"] == pytest.approx(shops["montant_ttc"].sum() / len(shops))
    assert format_euros(shops["montant_ht"].sum() / len(shops)) + " HT" in aov.calculation
    index = examples.sales_index(data)
    assert index.values["articles"] == shops["nb_articles"].sum()
    assert index.values["index"] == pytest.approx(shops["nb_articles"].sum() / len(shops))


def test_example_store_conversion_rate(csv, data):
    def rate(year):
        orders, visits = csv["commandes"], csv["frequentation"]
        tickets = ((orders["point_de_vente"] == "Croix-Rousse") & (orders["date"].dt.year == year)).sum()
        visitors = visits.loc[(visits["point_de_vente"] == "Croix-Rousse") & (visits["date"].dt.year == year),
                              "visiteurs"].sum()
        return tickets, visitors, tickets / visitors * 100

    tickets, visitors, now = rate(2025)
    ex = examples.store_conversion_rate(data)
    assert (ex.values["tickets"], ex.values["visitors"]) == (tickets, visitors)
    assert ex.values["rate"] == pytest.approx(now)
    assert ex.values["rate_2024"] == pytest.approx(rate(2024)[2])


def _active(csv, year: int, column: str | None = None, value: str | None = None) -> set:
    orders = csv["commandes"].dropna(subset=["client_id"])
    ids = set(orders.loc[orders["date"].dt.year == year, "client_id"])
    if column is not None:
        ids &= set(csv["clients"].loc[csv["clients"][column] == value, "client_id"])
    return ids


def test_examples_retention_and_churn_of_private_customers(csv, data):
    # the annual rule does not fit companies (lessons 05-06): the fiche gives the private customers' rates
    start, end = _active(csv, 2024, "type_client", "particulier"), _active(csv, 2025, "type_client", "particulier")
    clients = csv["clients"]
    registered = set(clients.loc[clients["date_inscription"].dt.year == 2025, "client_id"])
    retention = examples.retention_rate(data)
    assert retention.values["retained"] == len(start & end) and retention.values["start"] == len(start)
    assert retention.values["rate"] == pytest.approx(len(start & end) / len(start) * 100)
    assert retention.values["e_minus_n_rate"] == pytest.approx((len(end) - len(end & registered)) / len(start) * 100)
    assert retention.values["returning"] == len(end - start - registered)
    everyone_start, everyone_end = _active(csv, 2024), _active(csv, 2025)
    assert retention.values["everyone_rate"] == pytest.approx(
        len(everyone_start & everyone_end) / len(everyone_start) * 100)
    assert "entreprises" in retention.note
    churn = examples.churn_rate(data)
    assert churn.values["lost"] == len(start - end)
    assert churn.values["rate"] == pytest.approx(len(start - end) / len(start) * 100)
    assert churn.values["rate"] + churn.values["retention"] == pytest.approx(100)
    assert churn.values["annual_from_monthly"] == pytest.approx((1 - 0.95 ** 12) * 100)
    assert "46,0\u202f% par an" in churn.note


def test_example_customer_lifetime_value(csv, data):
    segment = set(csv["clients"].loc[csv["clients"]["segment"] == "velotaf", "client_id"])
    orders = csv["commandes"]
    orders = orders[(orders["date"].dt.year == 2025) & orders["client_id"].isin(segment)]
    lines = csv["lignes_commande"][csv["lignes_commande"]["commande_id"].isin(orders["commande_id"])]
    sales, cost = lines["montant_ht"].sum(), (lines["quantite"] * lines["prix_achat_unitaire_ht"]).sum()
    start, end = _active(csv, 2024, "segment", "velotaf"), _active(csv, 2025, "segment", "velotaf")
    churn = len(start - end) / len(start)
    aov, frequency = orders["montant_ht"].sum() / len(orders), len(orders) / orders["client_id"].nunique()
    expected = aov * frequency * (1 / churn) * ((sales - cost) / sales)
    ex = examples.customer_lifetime_value(data)
    assert ex.values["aov"] == pytest.approx(aov)
    assert ex.values["purchases"] == pytest.approx(frequency)
    assert ex.values["churn"] == pytest.approx(churn * 100)
    assert ex.values["clv"] == pytest.approx(expected)
    assert format_euros(expected, digits=0) in ex.calculation


def test_examples_margins_and_coefficient(csv, data):
    lines = csv["lignes_commande"]
    helmets = lines[lines["categorie"] == "casque"]
    sales, cost = helmets["montant_ht"].sum(), (helmets["quantite"] * helmets["prix_achat_unitaire_ht"]).sum()
    assert examples.gross_margin_rate(data).values["rate"] == pytest.approx((sales - cost) / sales * 100)
    assert examples.markup_rate(data).values["rate"] == pytest.approx((sales - cost) / cost * 100)
    first = helmets.iloc[0]
    coefficient = examples.multiplier_coefficient(data)
    assert coefficient.values["product"] == first["produit"]
    assert coefficient.values["coefficient"] == pytest.approx(round(first["prix_unitaire_ht"] * 1.2, 2)
                                                               / first["prix_achat_unitaire_ht"])


def test_example_change(csv, data):
    orders = csv["commandes"]
    web = orders[orders["point_de_vente"] == "Site web"]
    now, before = (web.loc[web["date"].dt.year == y, "montant_ht"].sum() for y in (2025, 2024))
    ex = examples.change(data)
    assert ex.values["growth"] == pytest.approx((now - before) / before * 100)
    assert ex.values["points"] == pytest.approx(ex.values["rate_now"] - ex.values["rate_before"])
    assert format_percent((now - before) / before * 100) in ex.calculation


# --- the notebooks ----------------------------------------------------------------------------------

def _saved(bloc: int, part: str = "") -> nbformat.NotebookNode:
    return nbformat.read(build.path(bloc, part=part), as_version=4)


@pytest.mark.parametrize(("bloc", "part"), FICHES)
def test_fiche_notebook_is_the_generated_one_with_current_outputs(bloc, part):
    saved, fresh = _saved(bloc, part), build.notebook(bloc, part)
    assert [c.source for c in saved.cells] == [c.source for c in fresh.cells], "run make fiches"
    namespace = {}
    exec("from kpilab import handouts", namespace)
    for cell in saved.cells[2:]:
        shown = eval(cell.source, namespace)
        (output,) = cell.outputs
        assert output["data"]["text/plain"] == repr(shown), f"outdated output in cell {cell.source!r}: run make fiches"
        assert output["data"]["text/html"] == shown._repr_html_()


@pytest.mark.parametrize(("bloc", "part"), FICHES)
def test_fiche_notebook_shows_every_kpi_of_its_bloc_and_passes_typography(bloc, part):
    saved = _saved(bloc, part)
    text = "\n".join(o["data"]["text/plain"] for c in saved.cells if c.cell_type == "code" for o in c.outputs)
    for kpi in catalog.kpis_of_bloc(bloc, part):
        assert kpi.name in text
    assert referentiel.BLOCS[bloc].title in text and referentiel.BLOCS[bloc].epreuve in text
    assert not typography.file_problems(build.path(bloc, part=part))


# --- the PDFs -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("bloc", "part"), FICHES)
def test_pdf_is_one_a4_page_with_the_kpi_names_and_examples(bloc, part):
    reader = pypdf.PdfReader(build.path(bloc, ".pdf", part=part))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((595.0, 842.0), abs=1.5)  # A4 in points
    text = _flat(reader.pages[0].extract_text())
    for kpi in catalog.kpis_of_bloc(bloc, part):
        assert _flat(kpi.name) in text, f"{kpi.name} is missing from the PDF of {build.name(bloc, part)}"
        example = examples.EXAMPLES[kpi.example](fiche.data())
        assert _flat(example.calculation.split("=")[-1]) in text
    assert _flat(referentiel.BLOCS[bloc].title) in text
    assert reader.metadata["/CreationDate"] == build.PDF_DATE.decode()
    assert build.page_count(build.path(bloc, ".pdf", part=part).read_bytes()) == 1


def test_fixed_dates_keep_the_length_of_the_pdf():
    pdf = b"<< /CreationDate (D:20261202065639+00'00')\n/ModDate (D:20261202065639+00'00') >>"
    fixed = build._fixed_dates(pdf)
    assert len(fixed) == len(pdf) and fixed.count(build.PDF_DATE) == 2


@pytest.mark.skipif(not Path(build.CHROMIUM).is_file(), reason="Chromium is needed to print a fiche")
def test_printing_a_saved_fiche_again_gives_the_same_bytes(tmp_path):
    bloc = BLOCS[-1]
    page = build.export_html(_saved(bloc), f"Fiche de synthèse — bloc {bloc}")
    assert build.print_pdf(page, tmp_path / "fiche.pdf") == 1
    # The same bytes, apart from the version of the Chromium that printed it (in the PDF's metadata).
    printer = re.compile(rb"(HeadlessChrome/|Skia/PDF m)\d+")
    again, saved = ((printer.sub(rb"\1N", pdf.read_bytes())) for pdf in (tmp_path / "fiche.pdf", build.path(bloc, ".pdf")))
    assert again == saved, "run make fiches"


def test_css_is_plain_css():
    # no French spacing inside CSS (a typography fix there breaks the layout): every rule is "name: value;".
    # No ligatures either: the text copied from the PDF must read "offre", not "oﬀre".
    assert "font-variant-ligatures: none" in fiche.CSS
    assert "\u00a0" not in fiche.CSS and "\u202f" not in fiche.CSS
    for block in re.findall(r"\{([^{}]*)\}", fiche.CSS):
        for declaration in filter(None, (d.strip() for d in block.split(";"))):
            assert re.fullmatch(r"[a-z-]+: [^:]+", declaration), declaration


def test_html_export_leaves_out_code_and_the_notebooks_introduction():
    page = build.export_html(_saved(BLOCS[0]), "x")
    assert "handouts.card" not in page and "ne le modifie pas" not in page
    assert f'class="{fiche.PAGE}"' in page and "@page" in page


# --- lessons 10 and 11: the shop tables, read with pandas -----------------------------------------

@pytest.fixture(scope="module")
def shop_csv(csv):
    dates = {"passants": ["date"], "inventaires": ["date_inventaire"], "objectifs": ["mois"]}
    tables = {name: pd.read_csv(DATA / f"{name}.csv", parse_dates=dates.get(name, []))
              for name in ("passants", "magasins", "inventaires", "objectifs", "tickets_vendeurs")}
    return {**csv, **tables}


def _tickets(csv, shop: str, year: int) -> pd.DataFrame:
    orders = csv["commandes"]
    return orders[(orders["canal"] == "magasin") & (orders["point_de_vente"] == shop) & (orders["date"].dt.year == year)]


def test_example_average_item_price(shop_csv, data):
    tickets = _tickets(shop_csv, "Croix-Rousse", 2025)
    revenue, articles = tickets["montant_ht"].sum(), tickets["nb_articles"].sum()
    ex = examples.average_item_price(data)
    assert ex.values["articles"] == articles and ex.values["tickets"] == len(tickets)
    assert ex.values["pma"] == pytest.approx(revenue / articles)
    assert ex.values["index"] * ex.values["pma"] == pytest.approx(revenue / len(tickets))
    assert format_euros(revenue / articles) in ex.calculation


def test_example_selling_price_by_hand(data):
    ex = examples.selling_price(data)
    assert ex.values["price_ht"] == pytest.approx(1799 / 1.2)  # 1 499,17 € HT
    assert ex.values["rate"] == pytest.approx((1799 / 1.2 - 1050) / (1799 / 1.2) * 100)  # 30,0 %
    assert ex.values["new_ht"] == pytest.approx(1100 / 0.7)  # 1 571,43 €, not 1 100 × 1,30 = 1 430 €
    assert ex.values["new_ttc"] == pytest.approx(1100 / 0.7 * 1.2)
    assert "1\u202f571,43\u202f€" in ex.calculation


def test_example_capture_rate_and_sales_per_square_metre(shop_csv, data):
    visits, passers = shop_csv["frequentation"], shop_csv["passants"]
    entrants = visits.loc[(visits["point_de_vente"] == "Bellecour") & (visits["date"].dt.year == 2025), "visiteurs"].sum()
    passing = passers.loc[(passers["point_de_vente"] == "Bellecour") & (passers["date"].dt.year == 2025), "passants"].sum()
    ex = examples.capture_rate(data)
    assert (ex.values["entrants"], ex.values["passants"]) == (entrants, passing)
    assert ex.values["rate"] == pytest.approx(entrants / passing * 100)
    area = shop_csv["magasins"].set_index("point_de_vente").loc["Bellecour", "surface_vente_m2"]
    assert ex.values["area"] == area
    assert ex.values["per_m2"] == pytest.approx(ex.values["revenue"] / area)


def test_example_stocks(shop_csv, data):
    inv = shop_csv["inventaires"]
    vi = inv[(inv["point_de_vente"] == "Villeurbanne") & (inv["date_inventaire"].dt.year == 2025)]
    initial = vi.loc[vi["date_inventaire"] == "2025-03-31", "stock_initial_ht"].sum()
    final = vi.loc[vi["date_inventaire"] == "2025-12-31", "stock_compte_ht"].sum()
    average, sold = (initial + final) / 2, vi["cout_achat_ventes_ht"].sum()
    ex = examples.stocks(data)
    assert ex.values["average"] == pytest.approx(average)
    assert ex.values["turnover"] == pytest.approx(sold / average)
    assert ex.values["days"] == pytest.approx(360 / (sold / average))
    loss = (vi["stock_theorique_ht"] - vi["stock_compte_ht"]).sum()
    revenue = _tickets(shop_csv, "Villeurbanne", 2025)["montant_ht"].sum()
    assert ex.values["shrinkage"] == pytest.approx(loss)
    assert ex.values["shrinkage_rate"] == pytest.approx(loss / revenue * 100)


def test_example_break_even(shop_csv, data):
    tickets = _tickets(shop_csv, "Croix-Rousse", 2025)
    lines = shop_csv["lignes_commande"][shop_csv["lignes_commande"]["commande_id"].isin(tickets["commande_id"])]
    sales, cost = lines["montant_ht"].sum(), (lines["quantite"] * lines["prix_achat_unitaire_ht"]).sum()
    fixed = shop_csv["magasins"].set_index("point_de_vente").loc["Croix-Rousse", "charges_fixes_annuelles_ht"]
    threshold = fixed / ((sales - cost) / sales)
    ex = examples.break_even(data)
    assert ex.values["mcv_rate"] == pytest.approx((sales - cost) / sales * 100)
    assert ex.values["break_even"] == pytest.approx(threshold)
    assert ex.values["days"] == pytest.approx(threshold / sales * 360)


def test_examples_of_the_team(shop_csv, data):
    sold = shop_csv["tickets_vendeurs"].merge(shop_csv["commandes"], on="commande_id")
    his = sold[(sold["vendeur"] == "Antoine Dubois") & (sold["date"].dt.year == 2025)]
    goals = shop_csv["objectifs"]
    months = goals[(goals["vendeur"] == "Antoine Dubois") & (goals["mois"].dt.year == 2025)]
    realised, target, hours = his["montant_ht"].sum(), months["objectif_ca_ht"].sum(), months["heures_travaillees"].sum()
    rate = examples.target_achievement_rate(data)
    assert rate.values["rate"] == pytest.approx(realised / target * 100)
    assert format_percent(realised / target * 100) in rate.calculation
    per_hour = examples.sales_per_hour(data)
    assert per_hour.values["hours"] == hours
    assert per_hour.values["per_hour"] == pytest.approx(realised / hours)
    assert per_hour.values["tickets"] == len(his)
