"""Exercices de la leçon 08 — le tableau de bord."""

from __future__ import annotations

from kpilab import datasets, formulas, tables
from kpilab.exercises.formula import Where
from kpilab.exercises.engine import Idea, Justification, Mistake, Option, Question

LESSON = "08_tableau_de_bord"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]

OLD, NEW = "2024", "2025"
# Question 1: the revenue of a shop's dashboard, by hand.
Q1_OLD, Q1_NEW = 400_000, 460_000
# Question 4: the dashboard filtered on one segment of customers.
Q4_SEGMENT = "famille"


def _conversion(shop: str, year: str, column: str = "taux_de_transformation") -> float:
    table = tables.store_conversion_by(datasets.load("commandes"), datasets.load("frequentation"), period="year")
    return float(table.loc[(shop, year), column])


def _orders(shop: str, year: str, column: str = "panier_moyen_ht") -> float:
    table = tables.average_order_value_by(datasets.load("commandes"), by="point_de_vente", period="year")
    return float(table.loc[(shop, year), column])


def _segment_orders(segment: str | None = Q4_SEGMENT, year: int | None = 2025, b2b: bool = False,
                    channel: str | None = None):
    """The orders of the customers of a segment (all orders, without B2B unless ``b2b``, when segment
    is None), of one ``channel`` if given."""
    commandes, clients = datasets.load("commandes"), datasets.load("clients")
    if channel is not None:
        commandes = commandes[commandes["canal"] == channel]
    if segment is None:
        orders = commandes if b2b else commandes[commandes["canal"] != "b2b"]
    else:
        members = clients.loc[clients["segment"] == segment, "client_id"]
        orders = commandes[commandes["client_id"].isin(members)]
    return orders if year is None else orders[orders["date"].dt.year == year]


def _segment_basket(ttc: bool = False, per: str = "ticket", **scope) -> float:
    orders = _segment_orders(**scope)
    revenue = orders["montant_ttc" if ttc else "montant_ht"].sum()
    count = orders["client_id"].nunique() if per == "client" else len(orders)
    return float(formulas.average_order_value(revenue, count))


q1 = Question(
    id="q1", lesson=LESSON, variable="evolution_ca", kind="percent", competence="B3.3",
    expected=lambda: formulas.change(Q1_NEW, Q1_OLD),
    mistakes=(
        Mistake(lambda: (Q1_NEW - Q1_OLD) / Q1_NEW * 100,
                "Tu as divisé par le chiffre d'affaires de 2025 : une évolution se calcule par rapport à "
                "l'année de départ, 2024 (400 000 €)."),
        Mistake(lambda: Q1_NEW / Q1_OLD * 100,
                "Tu as calculé nouveau ÷ ancien × 100 : c'est un indice (base 100 en 2024), pas une "
                "évolution. Pour l'évolution, retire 100, ou calcule (nouveau − ancien) ÷ ancien × 100."),
        Mistake(lambda: Q1_NEW - Q1_OLD,
                "C'est la hausse en euros : la question demande l'évolution en %. Divise cette hausse par "
                "le chiffre d'affaires de 2024, puis multiplie par 100."),
        Mistake(lambda: Q1_NEW / Q1_OLD,
                "Tu as calculé nouveau ÷ ancien : c'est le coefficient multiplicateur, pas une évolution "
                "en %. Évolution = (coefficient − 1) × 100."),
    ),
    hints=(
        "Une évolution en % compare l'écart à la valeur de départ.",
        "Évolution = (CA 2025 − CA 2024) ÷ CA 2024 × 100.",
    ),
)

q2 = Question(
    id="q2", lesson=LESSON, variable="evolution_points", kind="points", competence="B3.3",
    expected=lambda: _conversion("Bellecour", NEW) - _conversion("Bellecour", OLD),
    mistakes=(
        Mistake(lambda: formulas.change(_conversion("Bellecour", NEW), _conversion("Bellecour", OLD)),
                "C'est l'évolution en % du taux : pour un taux, on donne l'écart en points, "
                "taux 2025 − taux 2024."),
        Mistake(lambda: _conversion("Bellecour", OLD) - _conversion("Bellecour", NEW),
                "Tu as fait taux 2024 − taux 2025 : le taux a monté, l'écart doit être positif. "
                "Calcule nouveau − ancien."),
        Mistake(lambda: (_conversion("Bellecour", NEW) - _conversion("Bellecour", OLD)) / 100,
                "Tes deux taux sont des ratios (tickets ÷ visiteurs, sans × 100) : un écart en points se "
                "calcule entre deux taux en %. Multiplie chaque taux par 100 avant de les soustraire."),
    ),
    hints=(
        "Lis les deux taux de Bellecour : lignes (\"Bellecour\", \"2024\") et (\"Bellecour\", \"2025\"), "
        "colonne taux_de_transformation.",
        "Un écart de taux en points, c'est une simple soustraction : taux 2025 − taux 2024.",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="evolution_panier", kind="percent", competence="B3.3",
    expected=lambda: formulas.change(_orders("Croix-Rousse", NEW), _orders("Croix-Rousse", OLD)),
    mistakes=(
        Mistake(lambda: (_orders("Croix-Rousse", NEW) - _orders("Croix-Rousse", OLD))
                / _orders("Croix-Rousse", NEW) * 100,
                "Tu as divisé par le panier de 2025 : l'évolution se calcule par rapport à l'année de "
                "départ, 2024."),
        Mistake(lambda: _orders("Croix-Rousse", NEW) - _orders("Croix-Rousse", OLD),
                "C'est l'écart en euros : la question demande l'évolution en %. Divise cet écart par "
                "le panier de 2024, puis multiplie par 100."),
        Mistake(lambda: _orders("Croix-Rousse", NEW) / _orders("Croix-Rousse", OLD) * 100,
                "Tu as calculé nouveau ÷ ancien × 100 : c'est un indice. Pour l'évolution, retire 100."),
        Mistake(lambda: _orders("Croix-Rousse", NEW) / _orders("Croix-Rousse", OLD),
                "Tu as calculé nouveau ÷ ancien : c'est le coefficient multiplicateur, pas une évolution "
                "en %. Évolution = (coefficient − 1) × 100."),
    ),
    hints=(
        "Lis le panier moyen HT de la Croix-Rousse en 2024 et en 2025 : lignes (\"Croix-Rousse\", \"2024\") "
        "et (\"Croix-Rousse\", \"2025\"), colonne panier_moyen_ht.",
        "Évolution = (panier 2025 − panier 2024) ÷ panier 2024 × 100.",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="panier_famille", kind="euros", competence="B3.3",
    expected=lambda: _segment_basket(),
    mistakes=(
        Mistake(lambda: _segment_basket(segment=None),
                "C'est le panier moyen HT de tous les clients (sans le B2B) : le filtre du segment "
                "famille ne garde que les commandes de ses clients."),
        Mistake(lambda: _segment_basket(year=None),
                "Tu as gardé les commandes de 2024 et de 2025 : le tableau de bord est celui de 2025."),
        Mistake(lambda: _segment_basket(year=2024),
                "C'est le panier moyen de 2024 : le tableau de bord est celui de 2025."),
        Mistake(lambda: _segment_basket(ttc=True),
                "C'est le panier moyen TTC (colonne montant_ttc) : le tableau de bord est en HT."),
        Mistake(lambda: _segment_basket(per="client"),
                "Tu as divisé par le nombre de clients : c'est le chiffre d'affaires par client. Le panier "
                "moyen divise par le nombre de commandes."),
        Mistake(lambda: _segment_basket(segment=None, b2b=True),
                "C'est le panier moyen HT de toutes les commandes de 2025, flottes B2B comprises : le filtre "
                "du segment famille ne garde que les commandes de ses clients."),
        Mistake(lambda: _segment_basket(channel="magasin"),
                "Tu as gardé seulement les tickets des magasins : le filtre segment garde toutes les "
                "commandes des clients famille, en magasin et sur le site web."),
    ),
    hints=(
        "Un segment est une colonne du tableau clients, pas du tableau commandes : il faut d'abord la liste "
        "des client_id du segment famille.",
        "commandes[\"client_id\"].isin(liste) garde les commandes de ces clients ; garde ensuite l'année 2025.",
        "Panier moyen HT = somme de montant_ht ÷ nombre de commandes ; kpilab.dashboard.summary(2025, "
        "segment=\"famille\") permet de vérifier.",
    ),
)

q5 = Question(
    id="q5", lesson=LESSON, variable="reponse_q5", kind="choice", expected=None, competence="B4.4",
    options=(
        Option("Le taux de transformation, qui rapporte les tickets de caisse aux visiteurs comptés à la "
               "porte du magasin.",
               "L'objectif parle des personnes qui entrent et de celles qui achètent : c'est la définition "
               "du taux de transformation (tickets ÷ visiteurs × 100)."),
        Option("Le nombre de visiteurs, puisque les entrées comptées à la porte montrent si plus de monde "
               "vient dans le magasin.",
               "Le nombre de visiteurs mesure le trafic du magasin, pas le fait que ces "
               "visiteurs achètent : il peut monter sans qu'un seul ticket de plus soit fait."),
        Option("Le panier moyen HT, qui dit combien dépense en moyenne chaque client qui passe en caisse.",
               "Le panier moyen dit combien dépense un client qui achète, pas combien de "
               "visiteurs achètent."),
        Option("Le taux de réponse, qui montre si les clients réagissent aux campagnes envoyées par "
               "Roue Libre.",
               "Le taux de réponse mesure les campagnes de prospection du Service entreprises : "
               "il ne dit rien des visiteurs du magasin."),
    ),
    justification=Justification(
        variable="pourquoi_q5",
        ideas=(
            Idea(("visiteur", "entre", "entree", "porte", "passage"),
                 "dis qui sont les personnes que l'objectif compte au départ."),
            Idea(("achat", "achete", "ticket", "repart", "client", "vente", "caisse"),
                 "dis ce que ces personnes doivent faire pour que l'objectif soit atteint."),
        ),
        model=("L'objectif compare les personnes qui achètent (les tickets) à celles qui entrent (les "
               "visiteurs) : c'est le taux de transformation."),
    ),
    hints=(
        "L'objectif parle de deux groupes de personnes : lesquels ?",
        "Cherche le KPI dont le numérateur et le dénominateur sont ces deux groupes.",
    ),
)


def _what_if(step: float = 1.0, how: str = "points", ttc: float = 1.0, whole_tickets: bool = False,
             basket_digits: int | None = None) -> float:
    """Extra revenue HT at Bellecour in a year like 2025 with a better conversion rate (the options
    round the extra tickets or the basket first, for the mistakes)."""
    visitors = _conversion("Bellecour", NEW, "visiteurs")
    rate = _conversion("Bellecour", NEW)
    basket = _orders("Bellecour", NEW) * ttc
    if basket_digits is not None:
        basket = round(basket, basket_digits)
    new_rate = rate + step if how == "points" else rate * (1 + step / 100)
    tickets = visitors * (new_rate - rate) / 100
    return (round(tickets) if whole_tickets else tickets) * basket


q6 = Question(
    id="q6", lesson=LESSON, variable="ca_en_plus", kind="euros", competence="B3.2",
    expected=lambda: _what_if(),
    mistakes=(
        Mistake(lambda: _what_if(how="percent"),
                "Tu as augmenté le taux de 1 % de sa valeur : la question dit 1 point, qui s'ajoute au taux."),
        Mistake(lambda: _what_if() + _orders("Bellecour", NEW, "chiffre_affaires_ht"),
                "C'est le nouveau chiffre d'affaires total : la question demande seulement le chiffre "
                "d'affaires en plus."),
        Mistake(lambda: _what_if(ttc=1.20),
                "Tu as pris un panier TTC : le chiffre d'affaires du tableau de bord est HT."),
        Mistake(lambda: _conversion("Bellecour", NEW, "visiteurs") / 100,
                "C'est le nombre de tickets en plus : la question demande le chiffre d'affaires en plus, "
                "en euros."),
        Mistake(lambda: _what_if(whole_tickets=True),
                "Presque : tu as arrondi les tickets en plus à l'unité avant de multiplier par le panier. "
                "Dans une hypothèse, garde le nombre de tickets sans l'arrondir (inutile d'arrondir, dit "
                "l'énoncé) : seul le résultat peut l'être."),
        Mistake(lambda: _what_if(basket_digits=2),
                "Presque : tu as arrondi le panier moyen au centime avant de le multiplier, et l'arrondi "
                "grossit avec la multiplication. Prends le panier du tableau sans l'arrondir."),
    ),
    hints=(
        "Un point de taux de transformation en plus, c'est 1 % des visiteurs qui achètent en plus.",
        "Tickets en plus = visiteurs 2025 × 1 ÷ 100 ; CA en plus = tickets en plus × panier moyen HT de "
        "Bellecour en 2025.",
    ),
)


q7 = Question(
    id="q7", lesson=LESSON, variable="formule_q7", kind="formula", competence="B3.3",
    where=Where("08", sheet="Indicateurs", cell="C28", copy_to="C39"),
    expected=lambda: ('=SOMME.SI.ENS(Jours!$E$2:$E$622;Jours!$A$2:$A$622;">="&B28;'
                      'Jours!$A$2:$A$622;"<"&FIN.MOIS(B28;0)+1)'),
    mistakes=(
        Mistake(lambda: ('=SOMME.SI.ENS(Jours!$E$2:$E$622;Jours!$A$2:$A$622;">="&B28;'
                         'Jours!$A$2:$A$622;"<"&FIN.MOIS(B28;0))'),
                "Ta formule oublie le dernier jour du mois : FIN.MOIS(B28;0) est le dernier jour, et « < » "
                "l'exclut. Écris \"<\"&FIN.MOIS(B28;0)+1 (ou \"<=\"&FIN.MOIS(B28;0))."),
        Mistake(lambda: ('=SOMME.SI.ENS(Jours!$E$2:$E$622;Jours!$A$2:$A$622;">"&B28;'
                         'Jours!$A$2:$A$622;"<"&FIN.MOIS(B28;0)+1)'),
                "Ta formule oublie le premier jour du mois : « > » exclut la date de la colonne B. "
                "Écris \">=\"&B28."),
        Mistake(lambda: ('=SOMME.SI.ENS(Jours!$E$2:$E$622;Jours!$A$2:$A$622;">="&$B$28;'
                         'Jours!$A$2:$A$622;"<"&FIN.MOIS($B$28;0)+1)'),
                "Tu as figé le critère ($B$28) : recopiée, chaque ligne redonne le chiffre d'affaires de janvier. "
                "Fige les plages, pas la date de la colonne B."),
        Mistake(lambda: '=SOMME.SI(Jours!$F$2:$F$622;2025;Jours!$E$2:$E$622)',
                "Tu as additionné le chiffre d'affaires de toute l'année 2025 : chaque ligne doit donner celui "
                "d'un seul mois, celui de la date en colonne B."),
        Mistake(lambda: ('=SOMME.SI.ENS(Jours!$C$2:$C$622;Jours!$A$2:$A$622;">="&B28;'
                         'Jours!$A$2:$A$622;"<"&FIN.MOIS(B28;0)+1)'),
                "Tu as additionné les tickets (colonne C) : le chiffre d'affaires HT est en colonne E."),
    ),
    hints=(
        "Sur la feuille Jours, les dates sont en colonne A et le CA HT en colonne E, des lignes 2 à 622. En B28, "
        "le premier jour du mois.",
        "SOMME.SI.ENS(CA;dates ;\">=\"&B28;dates ;\"<\"&FIN.MOIS(B28;0)+1) : les dates du mois. "
        "Mets des $ aux plages, pas à B28, puis recopie jusqu'en C39.",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6, q7)

# What the feedback says of the data (kpilab.exercises.facts): a devoir gives a student another variant
# when it is false on theirs.
STORY = {
    "le taux de transformation de Bellecour monte de 2024 à 2025 (question 2)":
        lambda: _conversion("Bellecour", NEW) > _conversion("Bellecour", OLD),
}

# Questions a devoir leaves out, and why (kpilab.devoirs).
NOT_IN_DEVOIRS = {"q7": "formule de tableur : elle se vérifie sur le classeur de la leçon, le même pour tous"}
