"""Exercices de la leçon 09 — les indicateurs du magasin."""

from __future__ import annotations

from kpilab import datasets, formulas, tables
from kpilab.exercises.formula import Where
from kpilab.exercises.engine import Idea, Justification, Mistake, Option, Question

LESSON = "09_indicateurs_magasin"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]

SHOPS = ["Bellecour", "Croix-Rousse", "Villeurbanne"]
YEAR = "2025"
VAT = 1.20  # TTC = HT × 1,20

# Question 1: a light kit bought 26 € HT, sold 48 € TTC.
LIGHT_PA_HT, LIGHT_PV_TTC = 26, 48
# Question 3: the taux de marge of one shop's sales in one year.
Q3_SHOP, Q3_YEAR = "Villeurbanne", 2025
# Question 6: a lock bought 27 € HT, to be sold with a 40 % taux de marque.
LOCK_PA_HT, LOCK_TARGET = 27, 40


def _shops_conversion(web_tickets: bool = False, web_visitors: bool = False, period="year", key=YEAR) -> float:
    """Taux de transformation of the three shops together, with the variants of the mistakes."""
    commandes, frequentation = datasets.load("commandes"), datasets.load("frequentation")
    tickets = commandes if web_tickets else commandes[commandes["canal"] == "magasin"]
    visitors = frequentation if web_visitors else frequentation[frequentation["point_de_vente"].isin(SHOPS)]
    table = tables.store_conversion_by(tickets, visitors, by=None, period=period)
    return float(table.loc[key, "taux_de_transformation"])


def _mean_of_shop_rates() -> float:
    table = tables.store_conversion_by(datasets.load("commandes"), datasets.load("frequentation"), period="year")
    return float(table.xs(YEAR, level="periode").loc[SHOPS, "taux_de_transformation"].astype(float).mean())


def _shop_lines(shop: str | None = Q3_SHOP, year: int | None = Q3_YEAR, channel: str | None = None):
    """The order lines of one shop (or of every shop with channel="magasin", or of all orders) and year."""
    commandes, lignes = datasets.load("commandes"), datasets.load("lignes_commande")
    keep = commandes["date"].dt.year == year if year is not None else commandes["date"].notna()
    if shop is not None:
        keep &= commandes["point_de_vente"] == shop
    if channel is not None:
        keep &= commandes["canal"] == channel
    return lignes[lignes["commande_id"].isin(commandes.loc[keep, "commande_id"])]


def _shop_margin(column: str = "taux_de_marge", **scope) -> float:
    return float(tables.margins_by(_shop_lines(**scope), by=None).loc["total", column])


def _margin_without_quantities() -> float:
    """Wrong cost: the unit purchase prices added up, as if each line held one item."""
    lines = _shop_lines()
    cost = lines["prix_achat_unitaire_ht"].sum()
    return float(formulas.markup_rate(lines["montant_ht"].sum(), cost))


def _mean_of_line_markups() -> float:
    lines = _shop_lines()
    return float(formulas.markup_rate(lines["prix_unitaire_ht"], lines["prix_achat_unitaire_ht"]).mean())


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
    id="q1", lesson=LESSON, variable="taux_marque_eclairage", kind="percent", competence="B3.1",
    expected=lambda: formulas.gross_margin_rate(LIGHT_PV_TTC / VAT, LIGHT_PA_HT),
    mistakes=(
        Mistake(lambda: formulas.markup_rate(LIGHT_PV_TTC / VAT, LIGHT_PA_HT),
                "Tu as divisé la marge par le prix d'achat : c'est le taux de marge. Le taux de marque "
                "divise la marge par le prix de vente HT."),
        Mistake(lambda: formulas.gross_margin_rate(LIGHT_PV_TTC, LIGHT_PA_HT),
                "Tu as pris le prix de vente TTC : la TVA n'est pas de la marge. Passe d'abord le prix "
                "en HT (TTC ÷ 1,20)."),
        Mistake(lambda: formulas.markup_rate(LIGHT_PV_TTC, LIGHT_PA_HT),
                "Deux erreurs : le prix de vente est TTC (passe-le en HT) et tu as divisé par le prix "
                "d'achat (c'est le taux de marge)."),
        Mistake(lambda: formulas.gross_margin_rate(LIGHT_PV_TTC * 0.8, LIGHT_PA_HT),
                "Ton prix HT vaut TTC × 0,80 : la TVA de 20 % s'ajoute au prix HT, donc HT = TTC ÷ 1,20, "
                "et non TTC − 20 %."),
    ),
    hints=(
        "Commence par le prix de vente HT : TTC ÷ 1,20.",
        "Marge = PV HT − PA HT ; taux de marque = marge ÷ PV HT × 100.",
    ),
)

q2 = Question(
    id="q2", lesson=LESSON, variable="taux_magasins", kind="percent", competence="B2.3",
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
        Mistake(lambda: _shops_conversion(period=None, key="total"),
                "Tu as gardé les deux années : la question porte sur 2025."),
        Mistake(lambda: _shops_conversion(key="2024"),
                "C'est le taux de 2024 : la question porte sur 2025."),
    ),
    hints=(
        "Garde les tickets du canal magasin et les visiteurs des trois magasins (pas le site web), "
        "pour l'année 2025.",
        "Taux de transformation = nombre de tickets ÷ nombre de visiteurs × 100, sur les trois "
        "magasins ensemble.",
        "commandes[\"date\"].dt.year == 2025 garde l'année 2025 ; len(...) compte les tickets, "
        "frequentation[\"visiteurs\"].sum() additionne les visiteurs.",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="taux_marge_villeurbanne", kind="percent", competence="B3.3",
    expected=lambda: _shop_margin(),
    mistakes=(
        Mistake(lambda: _shop_margin("taux_de_marque"),
                "C'est le taux de marque (marge ÷ chiffre d'affaires HT) : le taux de marge divise la marge "
                "par le coût d'achat HT."),
        Mistake(lambda: _shop_margin(shop=None, channel="magasin"),
                "C'est le taux de marge des trois magasins : garde seulement les ventes de Villeurbanne."),
        Mistake(lambda: _shop_margin(year=None),
                "Tu as gardé les ventes de 2024 et de 2025 : la question porte sur 2025."),
        Mistake(lambda: _shop_margin(year=2024),
                "C'est le taux de marge de 2024 : la question porte sur 2025."),
        Mistake(lambda: _shop_margin(shop=None),
                "C'est le taux de marge de toutes les ventes de 2025, site web et B2B compris : garde "
                "seulement les ventes de Villeurbanne."),
        Mistake(_mean_of_line_markups,
                "Tu as fait la moyenne des taux de marge des lignes : une ligne de 5 € pèse alors autant "
                "qu'un vélo. Additionne les ventes et les coûts d'achat, puis divise."),
        Mistake(_margin_without_quantities,
                "Tu as additionné les prix d'achat unitaires sans les multiplier par la quantité : une "
                "ligne de deux antivols coûte deux fois le prix unitaire. Coût d'achat d'une ligne = "
                "quantite × prix_achat_unitaire_ht."),
    ),
    hints=(
        "Les prix d'achat sont dans lignes (prix_achat_unitaire_ht), le magasin et la date dans commandes : "
        "garde les commande_id de Villeurbanne en 2025, puis leurs lignes.",
        "Coût d'achat HT = somme de quantite × prix_achat_unitaire_ht ; marge = chiffre d'affaires HT "
        "(somme de montant_ht) − coût d'achat HT.",
        "Taux de marge = marge ÷ coût d'achat HT × 100 ; ou tables.margins_by(lignes_villeurbanne, by=None).",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="reponse_q4", kind="choice", expected=None, competence="B3.1",
    options=(
        Option("Les deux : Nadia donne le taux de marge (sur le prix d'achat), Inès le taux de marque (sur "
               "le prix de vente).",
               "20 € de marge, c'est 50 % du prix d'achat (taux de marge) et 33 % du prix de vente HT (taux "
               "de marque) : il faut toujours dire lequel des deux on donne."),
        Option("Nadia seulement : l'antivol rapporte 60 − 40 = 20 € par pièce, et 20 € sur les 40 € "
               "payés au fournisseur font bien 50 %.",
               "Nadia a raison sur son chiffre, mais Inès aussi : le même écart de 20 € se rapporte une fois "
               "au prix d'achat, une fois au prix de vente. Ce ne sont pas les mêmes taux."),
        Option("Inès seulement : un pourcentage de marge se calcule toujours sur le prix de vente HT, et "
               "20 ÷ 60 donne bien 33 %.",
               "Inès a raison sur son chiffre, mais Nadia aussi : le même écart de 20 € se rapporte une fois "
               "au prix de vente, une fois au prix d'achat. Ce ne sont pas les mêmes taux."),
        Option("Aucun des deux : il faut calculer avec le prix de vente TTC (72 €), ce qui donne "
               "(72 − 40) ÷ 72 = 44 %.",
               "La TVA n'est pas de la marge : taux de marque et taux de marge se calculent avec des "
               "prix HT."),
    ),
    justification=Justification(
        variable="pourquoi_q4",
        ideas=(
            Idea(("achat", "cout", "fournisseur", "sur 40", "par 40", "40 pour"),
                 "dis par quoi Nadia divise la marge."),
            Idea(("vente", "vend", "sur 60", "par 60", "60 pour"), "dis par quoi Inès divise la marge."),
        ),
        model=("Nadia divise la marge de 20 € par le prix d'achat (taux de marge), Inès par le prix de vente "
               "HT (taux de marque) : ce ne sont pas les mêmes taux."),
    ),
    hints=(
        "Calcule d'abord la marge en euros sur un antivol.",
        "Divise cette marge par chacun des deux prix, et compare avec les chiffres de Nadia et d'Inès.",
    ),
)

q5 = Question(
    id="q5", lesson=LESSON, variable="coef_vae", kind="ratio", competence="B3.1",
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
    elif rate_on == "marque":  # divided by the rate instead of by 1 − the rate
        price_ht = LOCK_PA_HT / (LOCK_TARGET / 100)
    else:
        price_ht = LOCK_PA_HT * (1 + LOCK_TARGET / 100)
    return price_ht * ttc


q6 = Question(
    id="q6", lesson=LESSON, variable="prix_antivol_ttc", kind="euros", competence="B2.1",
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
        Mistake(lambda: _price(rate_on="marque"),
                "Tu as divisé le prix d'achat par 0,40 : avec 40 % de marque, le prix d'achat fait 60 % du "
                "prix de vente HT. Divise par 0,60."),
        Mistake(lambda: _price(rate_on="marque", ttc=1.0),
                "Deux erreurs : le prix d'achat fait 60 % du prix de vente HT (divise par 0,60, pas par "
                "0,40), et l'étiquette affiche un prix TTC."),
    ),
    hints=(
        "Un taux de marque de 40 % veut dire : la marge fait 40 % du prix de vente HT. Quelle part du "
        "prix de vente HT reste pour le prix d'achat ?",
        "PV HT = 27 ÷ 0,60 ; puis PV TTC = PV HT × 1,20.",
    ),
)


q7 = Question(
    id="q7", lesson=LESSON, variable="formule_q7", kind="formula", competence="B3.1",
    where=Where("09", sheet="Lignes", cell="J2", percent=True),
    expected=lambda: "=(SOMME(G2:G1019)-SOMME(H2:H1019))/SOMME(G2:G1019)",
    mistakes=(
        Mistake(lambda: "=(SOMME(G2:G1019)-SOMME(H2:H1019))/SOMME(H2:H1019)",
                "Tu as divisé la marge par le coût d'achat : c'est le taux de marge. Le taux de marque rapporte "
                "la marge au prix de vente HT (colonne G)."),
        Mistake(lambda: "=SOMMEPROD((G2:G1019-H2:H1019)/G2:G1019)/NB(G2:G1019)",
                "Tu as fait la moyenne des taux de marque des lignes : un antivol pèse alors autant qu'un casque "
                "connecté. Additionne d'abord les ventes et les coûts, divise ensuite."),
        Mistake(lambda: "=SOMME(H2:H1019)/SOMME(G2:G1019)",
                "Tu as calculé la part du coût d'achat dans les ventes : le taux de marque, c'est la marge "
                "(ventes − coût) divisée par les ventes."),
    ),
    hints=(
        "Sur la feuille Lignes, le montant HT est en colonne G et le coût d'achat HT en colonne H, des lignes 2 "
        "à 1019.",
        "La marge, c'est SOMME(ventes) − SOMME(coûts) ; divise-la par SOMME(ventes), entre parenthèses.",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6, q7)

# Questions a devoir leaves out, and why (kpilab.devoirs).
NOT_IN_DEVOIRS = {"q7": "formule de tableur : elle se vérifie sur le classeur de la leçon, le même pour tous"}
