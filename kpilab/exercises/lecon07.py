"""Exercices de la leçon 07 — la valeur vie client (CLV) et le coût d'acquisition."""

from __future__ import annotations

import pandas as pd

from kpilab import datasets, formulas, tables
from kpilab.exercises import facts
from kpilab.exercises.formula import Where
from kpilab.exercises.engine import Idea, Justification, Mistake, Option, Question

LESSON = "07_valeur_vie_client"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]

YEAR = "2025"

# Question 1: one customer, by hand.
BASKET_HT, BASKET_TTC, PER_MONTH, CHURN, MARGIN = 60, 72, 0.5, 20, 0.40
# Question 3: the companies won by one prospecting channel.
Q3_CHANNEL = "linkedin"
# Question 5: the churn of the sportif segment with a loyalty programme.
Q5_CHURN = 25


def _hand(basket=BASKET_HT, per_year=PER_MONTH * 12, lifespan=None, margin=MARGIN) -> float:
    lifespan = formulas.lifespan_from_churn(CHURN) if lifespan is None else lifespan
    return formulas.customer_lifetime_value(basket, per_year, lifespan, margin_rate=margin)


def _clv():
    """The CLV table of 2025, one row per segment."""
    return tables.customer_lifetime_value_by(datasets.load("commandes"), datasets.load("lignes_commande"),
                                             datasets.load("clients"), by="segment")


def _churn(segment: str | None = None, column: str = "taux_d_attrition") -> float:
    """A 2025 rate of the retention table, for one segment or for all customers."""
    commandes, clients = datasets.load("commandes"), datasets.load("clients")
    if segment is None:
        return float(tables.retention_by(commandes, clients).loc[YEAR, column])
    return float(tables.retention_by(commandes, clients, by="segment").loc[(segment, YEAR), column])


def _segment_clv(segment: str, lifespan=None, margin: str = "marque", ttc: float = 1.0) -> float:
    """CLV of a segment from the columns of the table, with the variants of the mistakes."""
    row = _clv().loc[segment]
    lifespan = float(row["duree_de_vie_annees"]) if lifespan is None else lifespan
    rates = {
        "marque": formulas.gross_margin_rate(row["chiffre_affaires_ht"], row["cout_achat_ht"]) / 100,
        "marge": formulas.markup_rate(row["chiffre_affaires_ht"], row["cout_achat_ht"]) / 100,
        "aucune": 1.0,
    }
    return float(row["panier_moyen_ht"]) * ttc * float(row["achats_par_an"]) * lifespan * rates[margin]


def _costs(channel: str | None = Q3_CHANNEL) -> pd.Series:
    """The cost-per-conversion row of one prospecting channel (or of all campaigns)."""
    campagnes, prospects = datasets.load("campagnes"), datasets.load("prospects")
    if channel is None:
        return tables.cost_per_conversion_by(campagnes, prospects, by=None).loc["total"]
    return tables.cost_per_conversion_by(campagnes, prospects, by="canal").loc[channel]


def _fleets(channel: str | None = Q3_CHANNEL) -> pd.Series:
    """The margin of the first orders (the fleets) of the companies won by one channel (or by all leads)."""
    prospects, campagnes = datasets.load("prospects"), datasets.load("campagnes")
    commandes, lignes = datasets.load("commandes"), datasets.load("lignes_commande")
    if channel is None:
        return tables.fleet_margin_by(prospects, commandes, lignes).loc["total"]
    leads = tables.leads_with_channel(prospects, campagnes)
    return tables.fleet_margin_by(leads, commandes, lignes, by="canal").loc[channel]


def _first_order_over_cost(numerator: str = "marge_par_affaire", cost: str = "cout_par_conversion",
                           fleets=Q3_CHANNEL, costs=Q3_CHANNEL) -> float:
    """Margin (or revenue) of a company's first order ÷ its acquisition cost, with the mistakes' variants."""
    fleet = _fleets(fleets)
    value = float(fleet["chiffre_affaires_ht"] / fleet["affaires"]) if numerator == "ca_par_affaire" \
        else float(fleet[numerator])
    return value / float(_costs(costs)[cost])


q1 = Question(
    id="q1", lesson=LESSON, variable="clv_main", kind="euros", competence="B1.4",
    expected=lambda: _hand(),
    mistakes=(
        Mistake(lambda: _hand(margin=1.0),
                "Tu as oublié le taux de marque : ce résultat est le chiffre d'affaires HT que le client "
                "apporte. Multiplie par 0,40 pour obtenir la marge."),
        Mistake(lambda: _hand(basket=BASKET_TTC),
                "Tu as pris le panier TTC : la TVA ne reste pas chez Roue Libre. Pars du panier HT (60 €)."),
        Mistake(lambda: _hand(lifespan=1 / CHURN),
                "Ta durée de vie est de 1 ÷ 20 = 0,05 an : le taux d'attrition de 20 % s'écrit 0,20 "
                "dans ce calcul, donc la durée de vie est 1 ÷ 0,20 = 5 ans."),
        Mistake(lambda: _hand(per_year=PER_MONTH),
                "Tu as pris 0,5 achat par mois comme si c'était par an : la durée de vie est en années, "
                "la fréquence doit l'être aussi (0,5 × 12 = 6 achats par an)."),
        Mistake(lambda: _hand(lifespan=1 / (1 - CHURN / 100)),
                "Ta durée de vie vaut 1 ÷ (1 − 0,20) = 1 ÷ 0,80 : c'est l'inverse du taux de rétention. "
                "La durée de vie vient du taux d'attrition : 1 ÷ 0,20 = 5 ans."),
        Mistake(lambda: _hand(lifespan=CHURN / 100),
                "Tu as multiplié par le taux d'attrition (0,20) : la durée de vie en est l'inverse, "
                "1 ÷ 0,20 = 5 ans. Un client qui part à 20 % par an reste en moyenne 5 ans."),
    ),
    hints=(
        "Mets tout à l'année : achats par an = achats par mois × 12 ; durée de vie ≈ 1 ÷ taux d'attrition "
        "annuel, avec le taux écrit 0,20 (pas 20).",
        "CLV = panier moyen HT × achats par an × durée de vie × taux de marque (0,40).",
        "60 × 6 × 5 × 0,40.",
    ),
)

q2 = Question(
    id="q2", lesson=LESSON, variable="duree_sportif", kind="years", competence="B1.4",
    expected=lambda: formulas.lifespan_from_churn(_churn("sportif")),
    mistakes=(
        Mistake(lambda: 1 / _churn("sportif"),
                "Tu as divisé 1 par le taux écrit en % (34,4) : écris-le 0,344, ou calcule 100 ÷ 34,4. "
                "Un client ne reste pas 0,03 an !"),
        Mistake(lambda: 100 / _churn("sportif", "taux_de_retention"),
                "Tu as calculé 1 ÷ (1 − attrition), c'est-à-dire 1 ÷ taux de rétention : la durée de vie "
                "vient du taux d'attrition, 1 ÷ attrition."),
        Mistake(lambda: formulas.lifespan_from_churn(_churn()),
                "Tu as pris le taux d'attrition de tous les clients : on demande celui des sportifs."),
        Mistake(lambda: _churn("sportif") / 100,
                "C'est le taux d'attrition des sportifs, écrit en fraction : la durée de vie en est "
                "l'inverse, 1 ÷ attrition (ou 100 ÷ taux en %)."),
        Mistake(lambda: _churn("sportif"),
                "C'est le taux d'attrition des sportifs, en % : la durée de vie en années en est "
                "l'inverse, 100 ÷ taux en %."),
    ),
    hints=(
        "Cherche le taux d'attrition 2025 des sportifs : tables.retention_by(commandes, clients, "
        "by=\"segment\"), ligne (\"sportif\", \"2025\").",
        "Durée de vie ≈ 1 ÷ taux d'attrition annuel, avec le taux en fraction : 100 ÷ taux en %.",
        "kpilab.lifespan_from_churn(taux en %) fait le calcul.",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="ratio_linkedin", kind="ratio", competence="B2.5",
    expected=lambda: _first_order_over_cost(),
    mistakes=(
        Mistake(lambda: _first_order_over_cost("ca_par_affaire"),
                "Tu as pris le chiffre d'affaires de la flotte : un coût d'acquisition se paie avec la marge. "
                "Prends la marge de la première commande (colonne marge_par_affaire)."),
        Mistake(lambda: _first_order_over_cost("marge_ht"),
                "Tu as pris la marge de toutes les flottes LinkedIn réunies : divise-la par le nombre "
                "d'affaires, pour la marge d'une affaire (colonne marge_par_affaire)."),
        Mistake(lambda: _first_order_over_cost(cost="cout_par_lead"),
                "Tu as divisé par le coût par lead : un lead n'est pas un client. Le coût d'acquisition "
                "d'une entreprise cliente, c'est le coût par conversion (coût ÷ ventes signées)."),
        Mistake(lambda: _first_order_over_cost(costs=None),
                "Tu as pris le coût par conversion de toutes les campagnes : la question porte sur les "
                "entreprises gagnées par LinkedIn."),
        Mistake(lambda: _first_order_over_cost(fleets=None),
                "Tu as pris la marge par affaire de toutes les entreprises gagnées : garde celles que les "
                "campagnes LinkedIn ont apportées."),
        Mistake(lambda: 1 / _first_order_over_cost(),
                "Tu as divisé le coût par la marge : c'est l'inverse. Rapport = marge de la première "
                "commande ÷ coût d'acquisition."),
        Mistake(lambda: float(_fleets()["marge_par_affaire"]) - float(_costs()["cout_par_conversion"]),
                "Tu as fait la différence entre la marge et le coût, en euros : la question demande leur "
                "rapport, marge de la première commande ÷ coût d'acquisition."),
    ),
    hints=(
        "Le coût d'acquisition d'une entreprise cliente, c'est ce qu'ont coûté les campagnes pour chaque "
        "vente signée : le coût par conversion (leçon 02) du canal linkedin.",
        "tables.cost_per_conversion_by(campagnes, prospects, by='canal') donne le coût par conversion ; "
        "tables.fleet_margin_by(leads, commandes, lignes, by='canal'), avec leads = "
        "tables.leads_with_channel(prospects, campagnes), donne la marge par affaire de chaque canal.",
        "Rapport = marge_par_affaire de la ligne linkedin ÷ cout_par_conversion de la ligne linkedin.",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="reponse_q4", kind="choice", expected=None, competence="B2.5",
    options=(
        Option("Telle quelle, elle n'est pas rentable : un client rapporte environ 173 € de marge, moins "
               "que les 220 € qu'il coûte.",
               "Le coût d'acquisition se paie avec la marge : environ 173 € de marge sur toute la vie du "
               "client, pour 220 € de coût, c'est une perte d'environ 47 € par client."),
        Option("Elle est rentable, car la valeur vie client est positive : chaque client recruté finit "
               "toujours par rapporter quelque chose à Roue Libre.",
               "Une valeur vie client positive ne suffit pas : il faut qu'elle soit plus grande que ce "
               "que coûte le recrutement du client."),
        Option("Elle est rentable dès le premier achat : avec un panier de 285 € HT, le client rembourse "
               "à lui seul son coût d'acquisition.",
               "Un panier de 285 € HT n'est pas ce que gagne Roue Libre : il faut d'abord payer les vélos "
               "et les pièces. Compare le coût d'acquisition à la marge."),
        Option("Elle est rentable : sur toute sa vie de client, il rapporte 483 € HT, plus de deux fois "
               "les 220 € de son coût.",
               "483 € HT, c'est du chiffre d'affaires : le coût d'acquisition se paie avec la marge. "
               "Compare-le à la valeur vie client en marge."),
    ),
    justification=Justification(
        variable="pourquoi_q4",
        ideas=(
            Idea(("marge",), "dis avec quoi le coût d'acquisition se compare : le chiffre d'affaires ou la marge ?"),
            Idea(("moins", "inferieur", "plus petit", "ne couvre", "perte", "perd", "pas assez", "plus cher",
                  "depasse", "coute plus", "superieur"),
                 "compare les deux montants : qui est le plus grand ?"),
        ),
        model=("Le coût d'acquisition se paie avec la marge : un client rapporte environ 173 € de marge, "
               "moins que les 220 € qu'il coûte."),
    ),
    hints=(
        "Le coût d'acquisition se paie avec ce que le client laisse à Roue Libre une fois les produits payés.",
        "Compare 220 € à la valeur vie client : celle en chiffre d'affaires, ou celle en marge ?",
    ),
)

q5 = Question(
    id="q5", lesson=LESSON, variable="clv_sportif_fidele", kind="euros", competence="B3.2",
    expected=lambda: _segment_clv("sportif", lifespan=formulas.lifespan_from_churn(Q5_CHURN)),
    mistakes=(
        Mistake(lambda: _segment_clv("sportif", lifespan=formulas.lifespan_from_churn(Q5_CHURN))
                - _clv().loc["sportif", "valeur_vie_client"],
                "C'est le gain par client (nouvelle CLV − CLV actuelle) : la question demande la nouvelle "
                "valeur vie client."),
        Mistake(lambda: _segment_clv("sportif", lifespan=formulas.lifespan_from_churn(Q5_CHURN), margin="aucune"),
                "Tu as oublié le taux de marque : ce résultat est un chiffre d'affaires, pas une marge."),
        Mistake(lambda: _segment_clv("sportif", lifespan=formulas.lifespan_from_churn(Q5_CHURN), margin="marge"),
                "Tu as pris le taux de marge (marge ÷ coût d'achat) : la part du chiffre d'affaires qui "
                "reste en marge, c'est le taux de marque (marge ÷ chiffre d'affaires HT)."),
        Mistake(lambda: _segment_clv("sportif", lifespan=1 / Q5_CHURN),
                "Ta durée de vie vaut 1 ÷ 25 : le taux d'attrition de 25 % s'écrit 0,25 dans ce calcul."),
        Mistake(lambda: _segment_clv("sportif", lifespan=1 / (1 - Q5_CHURN / 100)),
                "Ta durée de vie vaut 1 ÷ (1 − 0,25) : c'est l'inverse du taux de rétention. La durée de "
                "vie vient du taux d'attrition."),
    ),
    hints=(
        "Le programme change un seul des ingrédients de la valeur vie : lequel ?",
        "Durée de vie ≈ 1 ÷ taux d'attrition annuel, avec le taux écrit en fraction.",
        "Reprends la ligne sportif du tableau : panier_moyen_ht × achats_par_an × (1 ÷ 0,25) × "
        "taux_de_marque ÷ 100.",
    ),
)


q6 = Question(
    id="q6", lesson=LESSON, variable="formule_q6", kind="formula", competence="B1.4",
    where=Where("07", sheet="Clients", cell="H2", percent=True),
    expected=lambda: '=NB.SI.ENS(C2:C1531;">0";D2:D1531;0)/NB.SI(C2:C1531;">0")',
    mistakes=(
        Mistake(lambda: '=NB.SI(D2:D1531;0)/NB.SI(C2:C1531;">0")',
                "Tu comptes tous les clients sans achat en 2025, y compris ceux qui n'avaient pas acheté en 2024 : "
                "les clients perdus sont ceux de 2024 (Achats 2024 > 0) qui n'achètent plus en 2025. "
                "Ajoute ce critère avec NB.SI.ENS."),
        Mistake(lambda: '=NB.SI.ENS(C2:C1531;">0";D2:D1531;0)/NBVAL(A2:A1531)',
                "Tu divises par tous les clients du fichier : le taux d'attrition se rapporte aux clients du "
                "début, ceux qui ont acheté en 2024 (NB.SI sur la colonne C)."),
        Mistake(lambda: '=NB.SI.ENS(C2:C1531;">0";D2:D1531;">0")/NB.SI(C2:C1531;">0")',
                "Tu as calculé le taux de rétention (les clients de 2024 qui rachètent en 2025) : l'attrition, ce "
                "sont ceux qui n'achètent plus (Achats 2025 = 0)."),
        Mistake(lambda: '=NB.SI(C2:C1531;">0")/NB.SI.ENS(C2:C1531;">0";D2:D1531;0)',
                "Ta division est à l'envers : le taux d'attrition, ce sont les clients perdus divisés par les "
                "clients du début."),
    ),
    hints=(
        "Dans le classeur, les achats de 2024 sont en colonne C et ceux de 2025 en colonne D, des lignes 2 à 1531.",
        "Les clients du début : NB.SI(C2:C1531 ;\">0\"). Les clients perdus : ceux-là, avec en plus 0 achat en "
        "2025 : NB.SI.ENS(plage1;critère1;plage2;critère2).",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6)

# What the statements quote of the data (kpilab.exercises.facts): a devoir shows a student theirs.
FACTS = {
    "attrition_sportif": lambda: facts.percent(_churn("sportif")),
    "attrition_sportif_nombre": lambda: facts.number(_churn("sportif")),
    "attrition_sportif_fraction": lambda: facts.number(_churn("sportif") / 100, 3),
    "un_sur_attrition_sportif": lambda: facts.number(1 / _churn("sportif"), 2),
}
MESSAGE_FACTS = {"q2": ("attrition_sportif_nombre", "attrition_sportif_fraction", "un_sur_attrition_sportif")}
STORY = {
    "le taux d'attrition des sportifs est nettement au-dessus des 25 % du programme (question 5)":
        lambda: _churn("sportif") >= 27,
}
# Questions a devoir leaves out, and why (kpilab.devoirs): their right answer depends on the data.
NOT_IN_DEVOIRS = {
    "q6": "formule de tableur : elle se vérifie sur le classeur de la leçon, le même pour tous",
    "q4": "sa bonne réponse dépend des chiffres des données (une valeur vie client d'environ 173 € en marge "
          "face à un coût d'acquisition de 220 €) : sur une autre variante, elle pourrait changer",
}
