"""Exercices de la leçon 09 — les indicateurs du magasin."""

from __future__ import annotations

from kpilab import datasets, formulas, tables
from kpilab.exercises.engine import Mistake, Question

LESSON = "09_indicateurs_magasin"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]

SHOPS = ["Bellecour", "Croix-Rousse", "Villeurbanne"]
YEAR = "2025"
YEAR_Q2 = "2024"  # question 2: the year before the operation of Croix-Rousse
VAT = 1.20  # TTC = HT × 1,20

# Question 1: a light kit bought 26 € HT, sold 48 € TTC.
LIGHT_PA_HT, LIGHT_PV_TTC = 26, 48
# Question 6: a lock bought 27 € HT, to be sold with a 40 % taux de marque.
LOCK_PA_HT, LOCK_TARGET = 27, 40


def _shops_conversion(web_tickets: bool = False, web_visitors: bool = False, period="year", key=YEAR_Q2) -> float:
    """Taux de transformation of the three shops together, with the variants of the mistakes."""
    commandes, frequentation = datasets.load("commandes"), datasets.load("frequentation")
    tickets = commandes if web_tickets else commandes[commandes["canal"] == "magasin"]
    visitors = frequentation if web_visitors else frequentation[frequentation["point_de_vente"].isin(SHOPS)]
    table = tables.store_conversion_by(tickets, visitors, by=None, period=period)
    return float(table.loc[key, "taux_de_transformation"])


def _mean_of_shop_rates() -> float:
    table = tables.store_conversion_by(datasets.load("commandes"), datasets.load("frequentation"), period="year")
    return float(table.xs(YEAR_Q2, level="periode").loc[SHOPS, "taux_de_transformation"].astype(float).mean())


def _sales_index(year: str = YEAR):
    table = tables.average_order_value_by(datasets.load("commandes"), by="point_de_vente", period="year")
    return table.xs(year, level="periode")


def _ebike(ttc: float = VAT) -> float:
    """Coefficient multiplicateur of the e-bikes: revenue TTC ÷ purchase cost HT."""
    row = tables.margins_by(datasets.load("lignes_commande")).loc["velo_electrique"]
    return formulas.multiplier_coefficient(row["chiffre_affaires_ht"] * ttc, row["cout_achat_ht"])


def _ebike_mean_of_lines() -> float:
    lines = datasets.load("lignes_commande")
    ebikes = lines[lines["categorie"] == "velo_electrique"]
    return float(formulas.multiplier_coefficient(ebikes["prix_unitaire_ht"] * VAT,
                                                 ebikes["prix_achat_unitaire_ht"]).mean())


q1 = Question(
    id="q1", lesson=LESSON, variable="taux_marque_eclairage", kind="percent",
    expected=lambda: formulas.gross_margin_rate(LIGHT_PV_TTC / VAT, LIGHT_PA_HT),
    mistakes=(
        Mistake(lambda: formulas.markup_rate(LIGHT_PV_TTC / VAT, LIGHT_PA_HT),
                "Tu as divisé la marge par le prix d'achat : c'est le taux de marge. Le taux de marque "
                "divise la marge par le prix de vente HT."),
        Mistake(lambda: formulas.gross_margin_rate(LIGHT_PV_TTC, LIGHT_PA_HT),
                "Tu as pris le prix de vente TTC : la TVA n'est pas de la marge. Passe d'abord le prix "
                "en HT (48 ÷ 1,20 = 40 €)."),
        Mistake(lambda: formulas.markup_rate(LIGHT_PV_TTC, LIGHT_PA_HT),
                "Deux erreurs : le prix de vente est TTC (prends 40 € HT) et tu as divisé par le prix "
                "d'achat (c'est le taux de marge)."),
    ),
    hints=(
        "Commence par le prix de vente HT : TTC ÷ 1,20.",
        "Marge = PV HT − PA HT ; taux de marque = marge ÷ PV HT × 100.",
    ),
)

q2 = Question(
    id="q2", lesson=LESSON, variable="taux_magasins", kind="percent",
    expected=lambda: _shops_conversion(),
    mistakes=(
        Mistake(lambda: _shops_conversion(web_tickets=True, web_visitors=True),
                "Tu as mélangé le site web avec les magasins : ses sessions ne sont pas des visiteurs "
                "comptés à la porte. Garde les trois magasins."),
        Mistake(lambda: _shops_conversion(web_visitors=True),
                "Tes visiteurs comprennent les sessions du site web : garde seulement les visiteurs "
                "des trois magasins."),
        Mistake(_mean_of_shop_rates,
                "Tu as fait la moyenne des taux des trois magasins : ils n'ont pas le même nombre de "
                "visiteurs. Additionne les tickets et les visiteurs, puis divise."),
    ),
    hints=(
        "Garde les tickets du canal magasin et les visiteurs des trois magasins (pas le site web), "
        "pour l'année 2024.",
        "Taux de transformation = nombre de tickets ÷ nombre de visiteurs × 100, sur les trois "
        "magasins ensemble.",
        "commandes[\"date\"].dt.year == 2024 garde l'année 2024 ; len(...) compte les tickets, "
        "frequentation[\"visiteurs\"].sum() additionne les visiteurs.",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="meilleur_magasin", kind="label",
    expected=lambda: str(_sales_index().loc[SHOPS, "indice_de_vente"].astype(float).idxmax()),
    mistakes=(
        Mistake(lambda: str(_sales_index().loc[SHOPS, "articles"].idxmax()),
                "C'est le magasin qui vend le plus d'articles au total, mais il a aussi le plus de tickets. "
                "Compare les articles par ticket (indice de vente)."),
        Mistake(lambda: str(_sales_index("2024").loc[SHOPS, "indice_de_vente"].astype(float).idxmax()),
                "C'était le meilleur indice de vente en 2024 : regarde l'année 2025."),
        Mistake(lambda: "Site web",
                "Le site web n'est pas un magasin : garde Bellecour, Croix-Rousse et Villeurbanne."),
        Mistake(lambda: "Service entreprises",
                "Le Service entreprises vend des flottes de vélos, pas des tickets de caisse : garde les "
                "trois magasins."),
    ),
    hints=(
        "Indice de vente = articles ÷ tickets : tables.average_order_value_by(commandes, "
        "by=\"point_de_vente\", period=\"year\") a une colonne indice_de_vente.",
        "Garde l'année 2025 et les trois magasins, puis cherche le plus grand indice de vente (.idxmax()).",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="reponse_q4", kind="choice",
    expected=lambda: "c",
    choices=("a", "b", "c", "d"),
    mistakes=(
        Mistake(lambda: "a", "Hugo a raison sur son chiffre, mais Inès aussi : 20 € de marge, c'est 50 % du "
                             "prix d'achat et 33 % du prix de vente HT. Ce ne sont pas les mêmes taux."),
        Mistake(lambda: "b", "Inès a raison sur son chiffre, mais Hugo aussi : 20 ÷ 40 = 50 % (taux de marge) "
                             "et 20 ÷ 60 = 33 % (taux de marque)."),
        Mistake(lambda: "d", "La TVA n'est pas de la marge : taux de marque et taux de marge se calculent "
                             "avec des prix HT."),
    ),
    hints=(
        "Calcule la marge en euros, puis divise-la une fois par le prix d'achat, une fois par le prix de vente HT.",
        "Taux de marge = marge ÷ PA HT ; taux de marque = marge ÷ PV HT.",
    ),
)

q5 = Question(
    id="q5", lesson=LESSON, variable="coef_vae", kind="ratio",
    expected=lambda: _ebike(),
    mistakes=(
        Mistake(lambda: _ebike(ttc=1.0),
                "Tu as divisé le prix de vente HT par le prix d'achat HT : le coefficient multiplicateur "
                "part du prix de vente TTC (HT × 1,20)."),
        Mistake(lambda: 1 / _ebike(),
                "Tu as divisé le coût d'achat par le chiffre d'affaires : c'est l'inverse. Coefficient = "
                "PV TTC ÷ PA HT, il est plus grand que 1."),
        Mistake(_ebike_mean_of_lines,
                "Tu as fait la moyenne des coefficients des lignes : chaque ligne compte alors autant, "
                "même avec plusieurs vélos. Additionne le chiffre d'affaires TTC et le coût d'achat, puis divise."),
    ),
    hints=(
        "tables.margins_by(lignes) donne, par catégorie, le chiffre_affaires_ht et le cout_achat_ht.",
        "Coefficient multiplicateur = chiffre d'affaires TTC ÷ coût d'achat HT, avec TTC = HT × 1,20.",
    ),
)


def _price(rate_on: str = "vente", ttc: float = VAT) -> float:
    """Selling price of the lock for the target rate (on the selling price, or wrongly on the cost)."""
    if rate_on == "vente":
        price_ht = LOCK_PA_HT / (1 - LOCK_TARGET / 100)
    else:
        price_ht = LOCK_PA_HT * (1 + LOCK_TARGET / 100)
    return price_ht * ttc


q6 = Question(
    id="q6", lesson=LESSON, variable="prix_antivol_ttc", kind="euros",
    expected=lambda: _price(),
    mistakes=(
        Mistake(lambda: _price(ttc=1.0),
                "C'est le prix de vente HT : l'étiquette affiche un prix TTC (HT × 1,20)."),
        Mistake(lambda: _price(rate_on="achat"),
                "Tu as ajouté 40 % au prix d'achat : c'est un taux de marge de 40 %, pas un taux de "
                "marque. Vérifie : (PV HT − 27) ÷ PV HT doit faire 40 %."),
        Mistake(lambda: _price(rate_on="achat", ttc=1.0),
                "Deux erreurs : 27 × 1,40 donne un taux de marge de 40 % (pas un taux de marque), "
                "et le prix est HT alors que l'étiquette est TTC."),
    ),
    hints=(
        "Un taux de marque de 40 % veut dire : la marge fait 40 % du prix de vente HT, donc le prix "
        "d'achat en fait 60 %.",
        "PV HT = 27 ÷ 0,60 ; puis PV TTC = PV HT × 1,20.",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6)
