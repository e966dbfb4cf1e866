"""The worked examples of the fiches, computed by kpilab on Roue Libre's data when a fiche is made.

Each function takes the course tables (``{name: DataFrame}``, as :func:`kpilab.datasets.load_all`
gives them) and returns an :class:`Example`: where the numbers come from, the calculation written
with the figures it uses (so a reader can redo it by hand), a short note, and the raw values (the
tests compare them with a separate pandas computation on the CSV files). The examples are the
lessons' own: the same scope and the same kpilab calls, so a fiche cannot disagree with a lesson.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kpilab import formulas, tables
from kpilab.dashboard import format_change
from kpilab.formatting import format_days, format_euros, format_number, format_percent, format_value

__all__ = ["Example", "EXAMPLES", "cycle_by_seller", "SellerRow"]


@dataclass(frozen=True)
class Example:
    """One worked example: ``where`` (scope), ``calculation`` (figures → result), ``note``, ``values``."""

    where: str
    calculation: str
    note: str = ""
    values: dict = field(default_factory=dict)


def _year(frame: pd.DataFrame, column: str, year: int) -> pd.DataFrame:
    return frame[frame[column].dt.year == year]


def response_rate(data) -> Example:
    total = tables.response_rate_by(data["campagnes"]).loc["total"]
    per_campaign = tables.response_rate_by(data["campagnes"], by="campagne_id")["taux_de_reponse"]
    mean_of_rates = float(per_campaign.astype("float64").mean())
    return Example(
        f"Les {len(per_campaign)} campagnes de prospection, 2024-2025",
        f"{format_number(total['reponses'])} réponses ÷ {format_number(total['contacts_valides'])} contacts valides "
        f"× 100 = {format_percent(total['taux_de_reponse'])}",
        f"la moyenne des {len(per_campaign)} taux donnerait {format_percent(mean_of_rates)} : faux",
        {"responses": int(total["reponses"]), "valid_contacts": int(total["contacts_valides"]),
         "rate": float(total["taux_de_reponse"]), "mean_of_rates": mean_of_rates},
    )


def conversion_rate(data) -> Example:
    total = tables.conversion_rate_by(data["prospects"]).loc["total"]
    closed = tables.conversion_rate_by(data["prospects"], closed_only=True).loc["total"]
    return Example(
        "Les leads du Service entreprises, 2024-2025",
        f"{format_number(total['ventes'])} ventes ÷ {format_number(total['leads'])} leads × 100 "
        f"= {format_percent(total['taux_de_conversion'])}",
        f"{format_percent(closed['taux_de_conversion'])} sans les {format_number(total['en_cours'])} affaires en cours",
        {"sales": int(total["ventes"]), "leads": int(total["leads"]), "open": int(total["en_cours"]),
         "rate": float(total["taux_de_conversion"]), "closed_rate": float(closed["taux_de_conversion"])},
    )


def cost_per_conversion(data) -> Example:
    total = tables.cost_per_conversion_by(data["campagnes"], data["prospects"], by=None).loc["total"]
    return Example(
        "Les campagnes de prospection, 2024-2025",
        f"{format_euros(total['cout_ht'])} HT ÷ {format_number(total['ventes'])} ventes "
        f"= {format_euros(total['cout_par_conversion'])} par vente",
        f"par lead : {format_euros(total['cout_par_lead'])}, à ne pas confondre",
        {"cost": float(total["cout_ht"]), "sales": int(total["ventes"]), "leads": int(total["leads"]),
         "cost_per_conversion": float(total["cout_par_conversion"]), "cost_per_lead": float(total["cout_par_lead"])},
    )


def sales_cycle(data) -> Example:
    prospects = data["prospects"]
    won = prospects[prospects["statut"] == "gagne"]
    days = formulas.sales_cycle_days(won["date_premier_contact"], won["date_signature"])
    total = tables.sales_cycle_by(prospects).loc["total"]
    return Example(
        "Les affaires gagnées du Service entreprises, 2024-2025",
        f"{format_days(days.sum())} ÷ {format_number(total['affaires_gagnees'])} affaires gagnées "
        f"= {format_days(total['cycle_moyen_jours'], digits=1)} en moyenne",
        f"médiane : {format_days(total['cycle_median_jours'], digits=1)}",
        {"won": int(total["affaires_gagnees"]), "total_days": float(days.sum()),
         "mean": float(total["cycle_moyen_jours"]), "median": float(total["cycle_median_jours"])},
    )


def _shops(data) -> pd.DataFrame:
    commandes = data["commandes"]
    return commandes[commandes["canal"] == "magasin"]


def average_order_value(data) -> Example:
    shops = _shops(data)
    total = tables.average_order_value_by(shops).loc["total"]
    ttc = formulas.average_order_value(shops["montant_ttc"].sum(), len(shops))
    return Example(
        "Les tickets des trois magasins, 2024-2025",
        f"{format_euros(total['chiffre_affaires_ht'])} HT ÷ {format_number(total['transactions'])} tickets "
        f"= {format_euros(total['panier_moyen_ht'])} HT",
        f"le même panier TTC : {format_euros(ttc)}",
        {"revenue": float(total["chiffre_affaires_ht"]), "transactions": int(total["transactions"]),
         "aov": float(total["panier_moyen_ht"]), "aov_ttc": float(ttc)},
    )


def sales_index(data) -> Example:
    total = tables.average_order_value_by(_shops(data)).loc["total"]
    return Example(
        "Les tickets des trois magasins, 2024-2025",
        f"{format_number(total['articles'])} articles ÷ {format_number(total['transactions'])} tickets "
        f"= {format_number(total['indice_de_vente'], digits=2)} article par ticket",
        "",
        {"articles": int(total["articles"]), "tickets": int(total["transactions"]),
         "index": float(total["indice_de_vente"])},
    )


SHOP = "Croix-Rousse"  # lesson 09's shop


def store_conversion_rate(data) -> Example:
    rates = tables.store_conversion_by(data["commandes"], data["frequentation"], period="year")
    now, before = rates.loc[(SHOP, "2025")], rates.loc[(SHOP, "2024")]
    return Example(
        f"Le magasin de la {SHOP}, 2025",
        f"{format_number(now['tickets'])} tickets ÷ {format_number(now['visiteurs'])} visiteurs × 100 "
        f"= {format_percent(now['taux_de_transformation'])}",
        f"{format_percent(before['taux_de_transformation'])} en 2024",
        {"tickets": int(now["tickets"]), "visitors": int(now["visiteurs"]),
         "rate": float(now["taux_de_transformation"]), "rate_2024": float(before["taux_de_transformation"])},
    )


def _year_2025(data, everyone: bool = False) -> pd.Series:
    """The 2025 row of lesson 05's table: private customers only, or everyone (companies included)."""
    if everyone:
        return tables.retention_by(data["commandes"], data["clients"]).loc[pd.Period("2025", "Y")]
    table = tables.retention_by(data["commandes"], data["clients"], by="type_client")
    return table.loc[(PRIVATE, pd.Period("2025", "Y"))]


# The annual rule "client actif = un achat dans l'année" does not fit companies (a fleet lasts years,
# lessons 05-06): the fiches give the private customers' rates and say what everyone's would be.
PRIVATE = "particulier"


def retention_rate(data) -> Example:
    row, everyone = _year_2025(data), _year_2025(data, everyone=True)
    wrong = formulas.retention_rate(row["clients_fin"] - row["nouveaux_clients"], row["clients_debut"])
    return Example(
        "Les particuliers actifs en 2024 (un achat dans l'année), suivis en 2025",
        f"{format_number(row['clients_conserves'])} clients conservés ÷ {format_number(row['clients_debut'])} "
        f"clients au début × 100 = {format_percent(row['taux_de_retention'])}",
        f"(E − N) ÷ S donnerait {format_percent(wrong)} : {format_number(row['clients_revenus'])} clients revenus "
        f"n'étaient pas là au début ; avec les entreprises : {format_percent(everyone['taux_de_retention'])}",
        {"retained": int(row["clients_conserves"]), "start": int(row["clients_debut"]),
         "rate": float(row["taux_de_retention"]), "e_minus_n_rate": float(wrong),
         "returning": int(row["clients_revenus"]), "everyone_rate": float(everyone["taux_de_retention"])},
    )


MONTHLY_CHURN = 5  # lesson 06's example of a monthly churn, in %


def churn_rate(data) -> Example:
    row = _year_2025(data)
    annual = formulas.annual_churn_from_monthly(MONTHLY_CHURN)
    total = row["taux_de_retention"] + row["taux_d_attrition"]
    return Example(
        "Les particuliers actifs en 2024, suivis en 2025",
        f"{format_number(row['clients_perdus'])} clients perdus ÷ {format_number(row['clients_debut'])} "
        f"clients au début × 100 = {format_percent(row['taux_d_attrition'])}",
        f"rétention {format_percent(row['taux_de_retention'])} + attrition {format_percent(row['taux_d_attrition'])} "
        f"= {format_percent(total)} (même cohorte) ; {format_percent(MONTHLY_CHURN, digits=0)} par mois "
        f"= {format_percent(annual)} par an, pas {format_percent(MONTHLY_CHURN * 12, digits=0)}",
        {"lost": int(row["clients_perdus"]), "start": int(row["clients_debut"]),
         "rate": float(row["taux_d_attrition"]), "retention": float(row["taux_de_retention"]),
         "annual_from_monthly": float(annual)},
    )


SEGMENT = "velotaf"  # lesson 07's segment


def customer_lifetime_value(data) -> Example:
    table = tables.customer_lifetime_value_by(data["commandes"], data["lignes_commande"], data["clients"],
                                              by="segment", year=2025)
    row = table.loc[SEGMENT]
    margin = float(row["taux_de_marque"]) / 100
    return Example(
        "Un client vélotaf, données 2025",
        f"{format_euros(row['panier_moyen_ht'])} × {format_number(row['achats_par_an'], digits=2)} achats par an "
        f"× {format_value(row['duree_de_vie_annees'], 'years', digits=2)} × {format_number(margin, digits=3)} "
        f"= {format_euros(row['valeur_vie_client'], digits=0)} de marge",
        f"durée de vie ≈ 1 ÷ {format_number(float(row['taux_d_attrition']) / 100, digits=3)} (attrition "
        f"{format_percent(row['taux_d_attrition'])}) ; chiffres arrondis",
        {"aov": float(row["panier_moyen_ht"]), "purchases": float(row["achats_par_an"]),
         "lifespan": float(row["duree_de_vie_annees"]), "margin_rate": float(row["taux_de_marque"]),
         "churn": float(row["taux_d_attrition"]), "clv": float(row["valeur_vie_client"])},
    )


CATEGORY = "casque"  # lesson 09's category


def _helmets(data) -> pd.Series:
    return tables.margins_by(data["lignes_commande"], by="categorie").loc[CATEGORY]


def gross_margin_rate(data) -> Example:
    row = _helmets(data)
    return Example(
        "Les casques vendus, 2024-2025",
        f"{format_euros(row['marge_ht'])} de marge ÷ {format_euros(row['chiffre_affaires_ht'])} de ventes HT "
        f"× 100 = {format_percent(row['taux_de_marque'])}",
        f"marge = {format_euros(row['chiffre_affaires_ht'])} − {format_euros(row['cout_achat_ht'])} d'achats HT",
        {"margin": float(row["marge_ht"]), "revenue": float(row["chiffre_affaires_ht"]),
         "cost": float(row["cout_achat_ht"]), "rate": float(row["taux_de_marque"])},
    )


def markup_rate(data) -> Example:
    row = _helmets(data)
    return Example(
        "Les casques vendus, 2024-2025",
        f"{format_euros(row['marge_ht'])} de marge ÷ {format_euros(row['cout_achat_ht'])} d'achats HT "
        f"× 100 = {format_percent(row['taux_de_marge'])}",
        f"même marge, taux de marque {format_percent(row['taux_de_marque'])}",
        {"margin": float(row["marge_ht"]), "cost": float(row["cout_achat_ht"]),
         "rate": float(row["taux_de_marge"])},
    )


VAT = 1.20  # Roue Libre's products: PV TTC = PV HT × 1,20 (lesson 09)


def multiplier_coefficient(data) -> Example:
    lines = data["lignes_commande"]
    line = lines[lines["categorie"] == CATEGORY].iloc[0]
    price_ttc = round(float(line["prix_unitaire_ht"]) * VAT, 2)
    coefficient = formulas.multiplier_coefficient(price_ttc, line["prix_achat_unitaire_ht"])
    return Example(
        f"Un casque : {line['produit']}",
        f"{format_euros(price_ttc)} TTC ÷ {format_euros(line['prix_achat_unitaire_ht'])} HT "
        f"= {format_number(coefficient, digits=2)}",
        f"PV TTC = {format_euros(line['prix_unitaire_ht'])} HT × 1,20",
        {"product": str(line["produit"]), "price_ttc": price_ttc, "price_ht": float(line["prix_unitaire_ht"]),
         "cost_ht": float(line["prix_achat_unitaire_ht"]), "coefficient": float(coefficient)},
    )


WEB = "Site web"  # lesson 08's point of sale


def change(data) -> Example:
    commandes = data["commandes"]
    web = commandes[commandes["point_de_vente"] == WEB]
    now, before = _year(web, "date", 2025)["montant_ht"].sum(), _year(web, "date", 2024)["montant_ht"].sum()
    rates = tables.store_conversion_by(commandes, data["frequentation"], period="year")
    rate_now = float(rates.loc[(SHOP, "2025"), "taux_de_transformation"])
    rate_before = float(rates.loc[(SHOP, "2024"), "taux_de_transformation"])
    growth = formulas.change(now, before)
    points = formulas.change(rate_now, rate_before, rate=True)
    return Example(
        "Le chiffre d'affaires HT du site web, 2025 face à 2024",
        f"({format_euros(now)} − {format_euros(before)}) ÷ {format_euros(before)} × 100 "
        f"= {format_change(growth, '%')}",
        f"un taux : transformation de {SHOP} {format_percent(rate_before)} → {format_percent(rate_now)}, "
        f"{format_change(points, 'points')} (pas {format_change(formulas.change(rate_now, rate_before), '%')})",
        {"now": float(now), "before": float(before), "growth": float(growth),
         "rate_now": rate_now, "rate_before": rate_before, "points": float(points)},
    )


# --- lesson 10: gestion opérationnelle (the shop tables are not in load_all: loaded here) ---------

def _table(data, name: str) -> pd.DataFrame:
    """A course table from ``data``, or from datasets/ when ``data`` does not hold it (the shop tables)."""
    if name not in data:
        from kpilab import datasets

        data[name] = datasets.load(name)
    return data[name]


def average_item_price(data) -> Example:
    """Lesson 10's check for the Croix-Rousse in 2025: indice de vente × PMA gives the basket."""
    row = tables.average_item_price_by(_shops(data)).loc[(SHOP, "2025")]
    return Example(
        f"Les tickets de la {SHOP}, 2025",
        f"PMA = {format_euros(row['chiffre_affaires_ht'])} ÷ {format_number(row['articles'])} articles "
        f"= {format_euros(row['prix_moyen_article'])} HT",
        f"panier = {format_number(row['indice_de_vente'], digits=2)} × {format_euros(row['prix_moyen_article'])} "
        f"= {format_euros(row['panier_moyen_ht'])} HT",
        {"revenue": float(row["chiffre_affaires_ht"]), "articles": int(row["articles"]),
         "tickets": int(row["transactions"]), "pma": float(row["prix_moyen_article"]),
         "index": float(row["indice_de_vente"]), "aov": float(row["panier_moyen_ht"])},
    )


LUMEN_TTC, LUMEN_COST, LUMEN_NEW_COST, LUMEN_TARGET = 1799, 1050, 1100, 30  # lesson 10's e-bike


def selling_price(data) -> Example:
    """Lesson 10's Lumen : its price HT and taux de marque, then the price that keeps 30 % at a new cost."""
    price_ht = formulas.price_without_vat(LUMEN_TTC)
    rate = formulas.gross_margin_rate(price_ht, LUMEN_COST)
    new_ht = formulas.selling_price_from_gross_margin(LUMEN_NEW_COST, LUMEN_TARGET)
    return Example(
        f"Le VAE Lumen, acheté {format_euros(LUMEN_NEW_COST, digits=0)} HT, taux de marque visé "
        f"{format_percent(LUMEN_TARGET, digits=0)}",
        f"PV HT = {format_euros(LUMEN_NEW_COST, digits=0)} ÷ {format_number(1 - LUMEN_TARGET / 100, digits=2)} "
        f"= {format_euros(new_ht)}, soit {format_euros(formulas.price_with_vat(new_ht))} TTC",
        f"à {format_euros(LUMEN_COST, digits=0)} HT et {format_euros(LUMEN_TTC, digits=0)} TTC "
        f"({format_euros(price_ht)} HT) : taux de marque {format_percent(rate)}, "
        f"taux de marge {format_percent(formulas.markup_from_gross_margin(rate))}",
        {"price_ht": float(price_ht), "rate": float(rate), "markup": float(formulas.markup_from_gross_margin(rate)),
         "new_ht": float(new_ht), "new_ttc": float(formulas.price_with_vat(new_ht))},
    )


BELLECOUR = "Bellecour"  # lesson 10's shop for the shop window


def capture_rate(data) -> Example:
    row = tables.capture_rate_by(data["frequentation"], _table(data, "passants"), period="year").loc[(BELLECOUR, "2025")]
    area = tables.sales_per_square_metre_by(data["commandes"], _table(data, "magasins")).loc[(BELLECOUR, "2025")]
    return Example(
        f"Le magasin de {BELLECOUR}, 2025",
        f"{format_number(row['entrants'])} entrants ÷ {format_number(row['passants'])} passants × 100 "
        f"= {format_percent(row['taux_de_captation'])}",
        f"CA au m² : {format_euros(area['chiffre_affaires_ht'], digits=0)} ÷ "
        f"{format_number(area['surface_vente_m2'])} m² = {format_euros(area['ca_par_m2'], digits=0)}",
        {"entrants": int(row["entrants"]), "passants": int(row["passants"]), "rate": float(row["taux_de_captation"]),
         "revenue": float(area["chiffre_affaires_ht"]), "area": float(area["surface_vente_m2"]),
         "per_m2": float(area["ca_par_m2"])},
    )


STOCK_SHOP = "Villeurbanne"  # lesson 10's shop for the stocks


def stocks(data) -> Example:
    inventories = _table(data, "inventaires")
    row = tables.stock_rotation_by(inventories).loc[(STOCK_SHOP, "2025")]
    loss = tables.shrinkage_by(inventories, data["commandes"]).loc[(STOCK_SHOP, "2025")]
    return Example(
        f"Le magasin de {STOCK_SHOP}, 2025",
        f"rotation {format_euros(row['cout_achat_ventes_ht'], digits=0)} ÷ {format_euros(row['stock_moyen_ht'], digits=0)}"
        f" = {format_number(row['rotation'], digits=2)} ; 360 ÷ {format_number(row['rotation'], digits=2)} "
        f"= {format_days(row['duree_de_stockage_jours'], digits=1)}",
        f"stock moyen ({format_euros(row['stock_initial_ht'], digits=0)} + {format_euros(row['stock_final_ht'], digits=0)})"
        f" ÷ 2 ; démarque {format_percent(loss['taux_de_demarque'], digits=2)} du CA HT",
        {"initial": float(row["stock_initial_ht"]), "final": float(row["stock_final_ht"]),
         "average": float(row["stock_moyen_ht"]), "cost_of_sales": float(row["cout_achat_ventes_ht"]),
         "turnover": float(row["rotation"]), "days": float(row["duree_de_stockage_jours"]),
         "shrinkage": float(loss["demarque_ht"]), "shrinkage_rate": float(loss["taux_de_demarque"])},
    )


def break_even(data) -> Example:
    row = tables.break_even_by(data["commandes"], data["lignes_commande"], _table(data, "magasins")).loc[(SHOP, "2025")]
    return Example(
        f"Le magasin de la {SHOP}, 2025",
        f"{format_euros(row['charges_fixes_ht'], digits=0)} ÷ {format_number(row['taux_de_mcv'] / 100, digits=4)} "
        f"= {format_euros(row['seuil_de_rentabilite_ht'], digits=0)} ; point mort "
        f"{format_days(row['point_mort_jours'], digits=1)}",
        f"taux de MCV = taux de marque ({format_percent(row['taux_de_mcv'], digits=2)}) ; "
        f"CA HT {format_euros(row['chiffre_affaires_ht'], digits=0)}",
        {"fixed_costs": float(row["charges_fixes_ht"]), "mcv_rate": float(row["taux_de_mcv"]),
         "revenue": float(row["chiffre_affaires_ht"]), "break_even": float(row["seuil_de_rentabilite_ht"]),
         "days": float(row["point_mort_jours"])},
    )


# --- lesson 11: the team ------------------------------------------------------------------------------

SELLER = ("Villeurbanne", "Antoine Dubois")  # lesson 11's seller, step by step


def _seller_tables(data):
    return _table(data, "objectifs"), data["commandes"], _table(data, "tickets_vendeurs")


def target_achievement_rate(data) -> Example:
    row = tables.target_achievement_by(*_seller_tables(data), by=["point_de_vente", "vendeur"],
                                       period="year").loc[(*SELLER, "2025")]
    return Example(
        f"{SELLER[1]}, vendeur à {SELLER[0]}, 2025",
        f"{format_euros(row['chiffre_affaires_ht'])} réalisés ÷ {format_euros(row['objectif_ca_ht'], digits=0)} "
        f"d'objectif × 100 = {format_percent(row['taux_de_realisation'])}",
        "objectifs des douze mois additionnés",
        {"realised": float(row["chiffre_affaires_ht"]), "target": float(row["objectif_ca_ht"]),
         "rate": float(row["taux_de_realisation"])},
    )


def sales_per_hour(data) -> Example:
    row = tables.seller_sales_by(*_seller_tables(data), by=["point_de_vente", "vendeur"],
                                 period="year").loc[(*SELLER, "2025")]
    return Example(
        f"{SELLER[1]}, vendeur à {SELLER[0]}, 2025",
        f"{format_euros(row['chiffre_affaires_ht'])} ÷ {format_number(row['heures_travaillees'])} heures travaillées "
        f"= {format_euros(row['ca_par_heure'])} par heure",
        f"{format_number(row['tickets_par_heure'], digits=2)} ticket par heure × "
        f"{format_euros(row['panier_moyen_ht'])} de panier moyen",
        {"revenue": float(row["chiffre_affaires_ht"]), "hours": float(row["heures_travaillees"]),
         "per_hour": float(row["ca_par_heure"]), "tickets": int(row["tickets"]),
         "aov": float(row["panier_moyen_ht"])},
    )


EXAMPLES = {function.__name__: function for function in (
    response_rate, conversion_rate, cost_per_conversion, sales_cycle, average_order_value, sales_index,
    store_conversion_rate, retention_rate, churn_rate, customer_lifetime_value, gross_margin_rate,
    markup_rate, multiplier_coefficient, change, average_item_price, selling_price, capture_rate, stocks,
    break_even, target_achievement_rate, sales_per_hour,
)}


# --- the example of a whole bloc: bloc 4 compares the sellers -------------------------------------

@dataclass(frozen=True)
class SellerRow:
    seller: str
    won: int
    mean: float
    median: float


def cycle_by_seller(data) -> list[SellerRow]:
    """Lesson 03's cycle, seller by seller (won deals only): Karim's mean against Sophie's median."""
    table = tables.sales_cycle_by(data["prospects"], by="commercial")
    return [SellerRow(str(name), int(row["affaires_gagnees"]), float(row["cycle_moyen_jours"]),
                      float(row["cycle_median_jours"])) for name, row in table.iterrows()]
