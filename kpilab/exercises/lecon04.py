"""Exercices de la leçon 04 — le panier moyen (valeur moyenne des transactions)."""

from __future__ import annotations

import pandas as pd

from kpilab import datasets, formulas, tables
from kpilab.exercises import facts
from kpilab.exercises.engine import Idea, Justification, Mistake, Option, Question
from kpilab.exercises.formula import Where

LESSON = "04_panier_moyen"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]

VAT = 1.20  # TVA de 20 % : TTC = HT × 1,20
# Énoncé de la question 1 : un samedi à Bellecour (chiffre d'affaires donné TTC), plus une
# commande de flotte le même jour.
Q1_TICKETS, Q1_ARTICLES, Q1_REVENUE_TTC = 80, 120, 17_280
Q1_REVENUE_HT = Q1_REVENUE_TTC / 1.20
Q1_FLEET_HT = 15_000
# Énoncé de la question 6 : un mois à la Croix-Rousse et un lot « casque + antivol ».
Q6_TICKETS, Q6_REVENUE_HT, Q6_BIKE_TICKETS, Q6_BUNDLES, Q6_BUNDLE_HT = 700, 161_000, 100, 60, 90
SHOPS = ("Bellecour", "Croix-Rousse", "Villeurbanne")
Q2_YEAR = 2024  # question 2: the year before the operation of the Croix-Rousse
YEAR = pd.Period("2025", "Y")


def _commandes():
    return datasets.load("commandes")


def _shops():
    orders = _commandes()
    return orders[orders["canal"] == "magasin"]


def _aov(orders, by=None, period=None):
    return tables.average_order_value_by(orders, by=by, period=period)


def _shops_2025():
    """Panier moyen and indice de vente of each shop in 2025."""
    return _aov(_shops(), by="point_de_vente", period="year").xs(YEAR, level="periode").loc[list(SHOPS)]


def _croix_rousse(year_only=True):
    shops = _shops()
    orders = shops[shops["point_de_vente"] == "Croix-Rousse"]
    return orders[orders["date"].dt.year == 2025] if year_only else orders


q1 = Question(
    id="q1", lesson=LESSON, variable="panier_moyen", kind="euros", competence="B2.3",
    expected=lambda: formulas.average_order_value(Q1_REVENUE_HT, Q1_TICKETS),
    mistakes=(
        Mistake(lambda: formulas.average_order_value(Q1_REVENUE_TTC, Q1_TICKETS),
                "C'est le panier moyen TTC : le cours calcule le panier moyen HT (hors taxes). "
                "Passe d'abord le chiffre d'affaires en HT."),
        Mistake(lambda: formulas.average_order_value(Q1_REVENUE_TTC * 0.8, Q1_TICKETS),
                "Tu as retiré 20 % du TTC (TTC × 0,80) : la TVA de 20 % s'ajoute au prix HT, donc "
                "HT = TTC ÷ 1,20, et non TTC × 0,80."),
        Mistake(lambda: Q1_REVENUE_HT / Q1_ARTICLES,
                "Tu as divisé par les articles : c'est le prix moyen d'un article (panier moyen ÷ indice "
                "de vente). Le panier moyen se calcule par ticket."),
        Mistake(lambda: Q1_REVENUE_TTC / Q1_ARTICLES,
                "Tu as divisé le chiffre d'affaires TTC par les articles : c'est le prix moyen TTC d'un "
                "article. Divise le chiffre d'affaires HT par le nombre de tickets."),
        Mistake(lambda: formulas.average_order_value(Q1_REVENUE_HT + Q1_FLEET_HT, Q1_TICKETS + 1),
                "Tu as mis la commande de flotte du Service entreprises dans le panier du magasin : "
                "une seule commande B2B fausse toute la moyenne. Laisse-la de côté."),
        Mistake(lambda: formulas.average_order_value(Q1_REVENUE_HT + Q1_FLEET_HT, Q1_TICKETS),
                "Tu as ajouté le montant de la flotte du Service entreprises au chiffre d'affaires du "
                "magasin : ce n'est pas une vente du magasin. Laisse-la de côté, seuls comptent ses 80 tickets."),
    ),
    hints=(
        "Panier moyen HT = chiffre d'affaires HT ÷ nombre de tickets du magasin : commence par passer "
        "le chiffre d'affaires en HT (TTC ÷ 1,20).",
        "La commande de flotte est une commande B2B : elle n'est pas un ticket du magasin.",
        "Panier moyen HT = 17 280 ÷ 1,20 ÷ 80.",
    ),
)

def _in_2024(orders):
    return orders[orders["date"].dt.year == Q2_YEAR]


q2 = Question(
    id="q2", lesson=LESSON, variable="panier_magasins_2024", kind="euros", competence="B3.3",
    expected=lambda: _aov(_in_2024(_shops())).loc["total", "panier_moyen_ht"],
    mistakes=(
        Mistake(lambda: formulas.average_order_value(_in_2024(_shops())["montant_ttc"].sum(), len(_in_2024(_shops()))),
                "C'est le panier moyen TTC (colonne montant_ttc). Le cours travaille en HT : utilise "
                "la colonne montant_ht."),
        Mistake(lambda: _in_2024(_shops())["montant_ht"].sum() / _in_2024(_shops())["nb_articles"].sum(),
                "Tu as divisé par le nombre d'articles : c'est le prix moyen d'un article (panier moyen "
                "÷ indice de vente). Divise par le nombre de tickets."),
        Mistake(lambda: _aov(_in_2024(_commandes())).loc["total", "panier_moyen_ht"],
                "Tu as gardé toutes les commandes, y compris les flottes du Service entreprises (B2B) et "
                "le site web : garde seulement les lignes dont le canal vaut « magasin »."),
        Mistake(lambda: _aov(_in_2024(_commandes()[_commandes()["canal"] != "b2b"])).loc["total", "panier_moyen_ht"],
                "Tu as bien retiré le B2B, mais gardé les commandes du site web : la question porte sur "
                "les trois magasins."),
        Mistake(lambda: _aov(_in_2024(_shops()), period="month")["panier_moyen_ht"].astype(float).mean(),
                "Tu as fait la moyenne des 12 paniers moyens mensuels : les mois n'ont pas le même "
                "nombre de tickets. Divise le chiffre d'affaires total par le nombre total de tickets."),
        Mistake(lambda: _aov(_in_2024(_shops()), by="point_de_vente").loc[list(SHOPS), "panier_moyen_ht"]
                .astype(float).mean(),
                "Tu as fait la moyenne des paniers moyens des trois magasins : ils n'ont pas le même "
                "nombre de tickets. Divise le chiffre d'affaires total par le nombre total de tickets."),
        Mistake(lambda: _aov(_shops()).loc["total", "panier_moyen_ht"],
                "Tu as gardé les deux années : la question porte sur 2024 seulement."),
        Mistake(lambda: _aov(_shops()[_shops()["date"].dt.year == 2025]).loc["total", "panier_moyen_ht"],
                "C'est le panier moyen de 2025 : la question porte sur 2024, l'année avant l'opération."),
    ),
    hints=(
        "Garde les commandes dont la colonne canal vaut « magasin » (chaque ligne est alors un ticket) "
        "et dont la date est en 2024.",
        "Panier moyen HT = somme de montant_ht ÷ nombre de tickets (len).",
        "kpilab.average_order_value(magasins_2024['montant_ht'].sum(), len(magasins_2024)).",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="meilleur_magasin", kind="label", competence="B3.3", labels=SHOPS,
    expected=lambda: str(_shops_2025()["panier_moyen_ht"].astype(float).idxmax()),
    mistakes=(
        Mistake(lambda: str(_shops_2025()["chiffre_affaires_ht"].idxmax()),
                "C'est le magasin qui fait le plus gros chiffre d'affaires, parce qu'il a le plus de "
                "tickets. Compare les paniers moyens, pas les chiffres d'affaires."),
        Mistake(lambda: str(_shops_2025()["indice_de_vente"].astype(float).idxmax()),
                "C'est le magasin qui a le meilleur indice de vente (le plus d'articles par ticket). "
                "La question porte sur le panier moyen HT, en euros."),
    ),
    hints=(
        "tables.average_order_value_by(magasins, by='point_de_vente', period='year') donne le panier "
        "moyen HT de chaque magasin, année par année.",
        "Garde les lignes de 2025, puis cherche le plus grand panier_moyen_ht.",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="indice_croix_rousse", kind="ratio", competence="B2.3",
    expected=lambda: _aov(_croix_rousse()).loc["total", "indice_de_vente"],
    mistakes=(
        Mistake(lambda: len(_croix_rousse()) / _croix_rousse()["nb_articles"].sum(),
                "Tu as divisé les tickets par les articles : c'est 1 ÷ indice de vente. L'indice de "
                "vente, c'est articles ÷ tickets."),
        Mistake(lambda: _aov(_croix_rousse(year_only=False)).loc["total", "indice_de_vente"],
                "Tu as pris les deux années : la question porte sur 2025 seulement."),
        Mistake(lambda: _aov(_shops()[_shops()["date"].dt.year == 2025]).loc["total", "indice_de_vente"],
                "C'est l'indice de vente des trois magasins : garde seulement la Croix-Rousse."),
    ),
    hints=(
        "Garde les tickets du magasin de la Croix-Rousse (colonne point_de_vente) datés de 2025 (colonne date).",
        "Indice de vente = somme de nb_articles ÷ nombre de tickets.",
        "kpilab.sales_index(articles, tickets).",
    ),
)

q5 = Question(
    id="q5", lesson=LESSON, variable="reponse_q5", kind="choice", expected=None, competence="B2.5",
    options=(
        Option("C'est l'effet de la vente additionnelle : les acheteurs de vélo y ajoutent plus souvent un "
               "casque ou un antivol.",
               "La hausse ne se voit qu'à la Croix-Rousse : les magasins témoins, qui n'ont rien changé, "
               "montrent que ce n'est ni la saison ni la clientèle. C'est la vente additionnelle."),
        Option("C'est de la montée en gamme : depuis l'opération, les clients de la Croix-Rousse choisissent "
               "des vélos plus chers qu'avant.",
               "La montée en gamme, c'est vendre un produit plus cher à la place d'un autre "
               "(un VAE plutôt qu'un vélo de ville) : elle ne change pas le nombre d'articles."),
        Option("C'est la saison : à partir du printemps, on vend plus d'articles par ticket dans tous les "
               "magasins de vélos, opération ou pas.",
               "Les autres magasins servent de témoins : leur indice ne bouge pas, donc la "
               "saison n'explique pas la hausse de la Croix-Rousse."),
        Option("L'indice de vente est calculé en TTC : il faut d'abord le recalculer en HT avant de pouvoir "
               "conclure quoi que ce soit.",
               "L'indice de vente compte des articles, pas des euros : il ne dit rien de la TVA."),
    ),
    justification=Justification(
        variable="pourquoi_q5",
        ideas=(
            Idea(("temoin", "autres magasins", "bellecour", "villeurbanne", "ailleurs", "les deux autres",
                  "n ont rien change", "pas bouge", "seule", "seul magasin", "uniquement", "que la croix"),
                 "dis ce que montrent les deux magasins qui n'ont rien changé."),
            Idea(("additionnel", "casque", "antivol", "en plus", "ajout", "lot", "cross"),
                 "dis ce que les clients de la Croix-Rousse achètent de plus."),
        ),
        model=("À Bellecour et à Villeurbanne, les magasins témoins, l'indice ne bouge pas : la hausse vient "
               "des casques et antivols ajoutés au vélo, la vente additionnelle."),
    ),
    hints=(
        "Que compte l'indice de vente : des euros ou des articles ?",
        "Les deux autres magasins n'ont rien changé : à quoi servent-ils dans la comparaison ?",
    ),
)


def _what_if(bundles=Q6_BUNDLES, price=Q6_BUNDLE_HT, extra_tickets=0) -> float:
    """Panier moyen HT of the month when some bike tickets add a helmet + lock bundle."""
    return formulas.average_order_value(Q6_REVENUE_HT + bundles * price, Q6_TICKETS + extra_tickets)


q6 = Question(
    id="q6", lesson=LESSON, variable="panier_si", kind="euros", competence="B2.3",
    expected=lambda: _what_if(),
    mistakes=(
        Mistake(lambda: formulas.average_order_value(Q6_REVENUE_HT, Q6_TICKETS) + Q6_BUNDLE_HT,
                "Tu as ajouté le prix du lot à chaque ticket : seuls 60 tickets sur 700 en contiennent un."),
        Mistake(lambda: _what_if(extra_tickets=Q6_BUNDLES),
                "Tu as compté les lots comme de nouveaux tickets : un casque vendu avec un vélo est sur le "
                "même ticket. Le nombre de tickets ne change pas, c'est de la vente additionnelle."),
        Mistake(lambda: _what_if(bundles=Q6_BIKE_TICKETS),
                "Tu as ajouté un lot à chacun des 100 tickets avec un vélo : seuls 60 clients l'achètent."),
        Mistake(lambda: _what_if(price=Q6_BUNDLE_HT * VAT),
                "Tu as ajouté le prix TTC du lot (108 €) à un chiffre d'affaires HT : reste en HT, "
                "avec 90 € par lot."),
        Mistake(lambda: _what_if() - formulas.average_order_value(Q6_REVENUE_HT, Q6_TICKETS),
                "C'est la hausse du panier moyen seule : la question demande le nouveau panier moyen HT du mois."),
    ),
    hints=(
        "Le lot s'ajoute au ticket du vélo : le nombre de tickets reste 700.",
        "Le chiffre d'affaires HT du mois augmente du prix HT des lots vendus.",
        "Panier moyen HT = (161 000 + 60 × 90) ÷ 700.",
    ),
)

# Question 7: lesson 04's workbook (classeurs/04_panier_moyen.xlsx), the orders of March 2025 in rows 2 to
# 1297 of the sheet Commandes (D: point de vente, F: articles, G: montant HT, H: montant TTC); the panier
# moyen of each point de vente in C17, copied down to C20, with the point de vente in column B.
_RANGE = "Commandes!${col}$2:${col}$1297"


def _per_shop(numerator: str, denominator: str | None = None) -> str:
    shops = _RANGE.format(col="D")
    top = f"SOMME.SI.ENS({_RANGE.format(col=numerator)};{shops};B17)"
    bottom = f"SOMME.SI.ENS({_RANGE.format(col=denominator)};{shops};B17)" if denominator else f"NB.SI.ENS({shops};B17)"
    return f"={top}/{bottom}"


q7 = Question(
    id="q7", lesson=LESSON, variable="formule_q7", kind="formula", competence="B3.3",
    where=Where("04", sheet="Indicateurs", cell="C17", copy_to="C20"),
    expected=lambda: _per_shop("G"),
    mistakes=(
        Mistake(lambda: _per_shop("H"),
                "Tu as pris les montants TTC (colonne H) : le cours calcule le panier moyen en HT. Additionne la "
                "colonne G, Montant HT."),
        Mistake(lambda: _per_shop("G", "F"),
                "Tu as divisé par le nombre d'articles (colonne F) : c'est le prix moyen d'un article, pas le "
                "panier moyen. Divise par le nombre de transactions du point de vente, avec NB.SI.ENS."),
        Mistake(lambda: f"=SOMME.SI.ENS({_RANGE.format(col='G')};{_RANGE.format(col='D')};B17)/NBVAL({_RANGE.format(col='A')})",
                "Tu as divisé le chiffre d'affaires du point de vente par toutes les commandes du mois : compte "
                "seulement les transactions de ce point de vente (NB.SI.ENS sur la colonne D, critère B17)."),
        Mistake(lambda: f"=SOMME.SI.ENS({_RANGE.format(col='F')};{_RANGE.format(col='D')};B17)/NB.SI.ENS({_RANGE.format(col='D')};B17)",
                "Tu as calculé l'indice de vente (articles par ticket) : le panier moyen divise le chiffre "
                "d'affaires HT (colonne G), pas les articles."),
        Mistake(lambda: _per_shop("G").replace("B17", "$B$17"),
                "Tu as figé le critère ($B$17) : recopiée, chaque ligne calcule encore le point de vente de B17. "
                "Fige les plages de la feuille Commandes, pas le critère : B17 doit devenir B18, B19…"),
    ),
    hints=(
        "Pour un point de vente : son chiffre d'affaires HT ÷ son nombre de transactions. Le point de vente est "
        "en B17 ; dans la feuille Commandes, il est en colonne D et le montant HT en colonne G (lignes 2 à 1297).",
        "SOMME.SI.ENS(montants ; points de vente ; B17) additionne les montants de ce point de vente ; "
        "NB.SI.ENS(points de vente ; B17) compte ses lignes.",
        "La formule est recopiée jusqu'en C20 : fige les plages avec des $ (Commandes!$G$2:$G$1297), pas B17.",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6, q7)
NOT_IN_DEVOIRS = {"q7": "formule de tableur : elle se vérifie sur le classeur de la leçon, le même pour tous"}


# --- what the statements quote of the data (kpilab.exercises.facts): a devoir shows a student theirs ---

BIKES = ("velo_electrique", "velo_ville", "velo_route", "vtt")
OPERATION_START = "2025-03-01"  # the Croix-Rousse's « casque + antivol » operation


def _bike_ticket_index() -> pd.Series:
    """Indice de vente of the shop tickets with a bike, per shop, before and during the operation
    (lesson 04's table): {(shop, "avant" | "pendant"): articles per ticket}."""
    orders = _commandes()
    lines = datasets.load("lignes_commande")
    private = orders.loc[orders["canal"] != "b2b", "commande_id"]
    bike_lines = lines[lines["categorie"].isin(BIKES) & lines["commande_id"].isin(private)]
    tickets = _shops()[_shops()["commande_id"].isin(bike_lines["commande_id"])]
    during = (tickets["date"] >= OPERATION_START).map({False: "avant", True: "pendant"})
    table = _aov(tickets.assign(operation=during), by=["point_de_vente", "operation"])
    return table["indice_de_vente"].astype(float)


def _witnesses() -> str:
    """« 2,0 à 2,2 »: the range of the bike tickets' indice at Bellecour and Villeurbanne, before and during."""
    index = _bike_ticket_index()
    values = [index[(shop, when)] for shop in ("Bellecour", "Villeurbanne") for when in ("avant", "pendant")]
    low, high = facts.number(min(values)), facts.number(max(values))
    return low if low == high else f"{low} à {high}"


def _witnesses_still() -> bool:
    index = _bike_ticket_index()
    rise = index[("Croix-Rousse", "pendant")] - index[("Croix-Rousse", "avant")]
    still = all(abs(index[(shop, "pendant")] - index[(shop, "avant")]) < 0.2 for shop in ("Bellecour", "Villeurbanne"))
    return rise >= 0.4 and still


FACTS = {
    "indice_velo_avant": lambda: facts.number(_bike_ticket_index()[("Croix-Rousse", "avant")], 2),
    "indice_velo_pendant": lambda: facts.number(_bike_ticket_index()[("Croix-Rousse", "pendant")], 2),
    "indice_velo_temoins": _witnesses,
}
STORY = {
    "l'indice des tickets avec un vélo monte nettement à la Croix-Rousse et presque pas ailleurs (question 5)":
        _witnesses_still,
}
