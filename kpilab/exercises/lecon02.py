"""Exercices de la leçon 02 — le taux de conversion et le coût par conversion."""

from __future__ import annotations

import pandas as pd

from kpilab import datasets, formulas, tables
from kpilab.exercises.engine import Mistake, Question

LESSON = "02_taux_de_conversion"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]

# Énoncé de la question 1 : une campagne de phoning.
Q1_CONTACTS, Q1_RESPONSES, Q1_LEADS, Q1_SALES = 250, 50, 40, 10
# Énoncé de la question 6 : la moitié des affaires en cours de 2025 signent.
Q6_SHARE_SIGNED = 0.5


def _prospects():
    return datasets.load("prospects")


def _campagnes():
    return datasets.load("campagnes")


def _rate(by=None, **options):
    return tables.conversion_rate_by(_prospects(), by=by, **options)


def _by_channel():
    return tables.conversion_rate_by(tables.leads_with_channel(_prospects(), _campagnes()), by="canal")


CAMPAIGN_CHANNELS = ("emailing", "telephone", "linkedin", "salon", "courrier")


def _campaign_channels():
    table = _by_channel()
    return table[table.index.isin(CAMPAIGN_CHANNELS)]


def _salons():
    """Cost, leads and sales of the trade-show campaigns."""
    return tables.cost_per_conversion_by(_campagnes(), _prospects(), by="canal").loc["salon"]


q1 = Question(
    id="q1", lesson=LESSON, variable="taux_conversion", kind="percent",
    expected=lambda: formulas.conversion_rate(Q1_SALES, Q1_LEADS),
    mistakes=(
        Mistake(lambda: Q1_SALES / Q1_CONTACTS * 100,
                "Tu as divisé par les 250 entreprises appelées : ce sont des contacts, pas des leads. "
                "Le taux de conversion se calcule sur les leads."),
        Mistake(lambda: Q1_SALES / Q1_RESPONSES * 100,
                "Tu as divisé par les 50 réponses : toutes les réponses ne sont pas devenues des leads. "
                "Le dénominateur, ce sont les 40 leads."),
        Mistake(lambda: Q1_LEADS / Q1_CONTACTS * 100,
                "Tu as calculé la part des contacts devenus leads. Le taux de conversion, c'est la part "
                "des leads qui signent : ventes ÷ leads."),
    ),
    hints=(
        "Le taux de conversion compare les ventes aux leads, pas aux contacts ni aux réponses.",
        "Taux de conversion = 10 ventes ÷ 40 leads × 100.",
    ),
)

q2 = Question(
    id="q2", lesson=LESSON, variable="taux_leads", kind="percent",
    expected=lambda: _rate().loc["total", "taux_de_conversion"],
    mistakes=(
        Mistake(lambda: _rate(closed_only=True).loc["total", "taux_de_conversion"],
                "Tu as retiré les affaires en cours : c'est le taux parmi les affaires conclues. "
                "La question demande le taux de tous les leads : les affaires en cours restent au "
                "dénominateur."),
        Mistake(lambda: formulas.conversion_rate((_prospects()["statut"] != "perdu").sum(), len(_prospects())),
                "Tu as compté les affaires en cours comme des ventes : une vente, c'est un contrat "
                "signé (statut « gagne »)."),
        Mistake(lambda: _rate("source")["taux_de_conversion"].astype(float).mean(),
                "Tu as fait la moyenne des taux des trois origines : elles n'ont pas le même nombre de "
                "leads. Compte toutes les ventes, tous les leads, puis divise."),
    ),
    hints=(
        "Un lead = une ligne du tableau prospects. Une vente = un lead dont le statut vaut « gagne ».",
        "Les affaires « en_cours » sont des leads (au dénominateur), mais pas encore des ventes.",
        "nb_ventes = (prospects['statut'] == 'gagne').sum(), puis kpilab.conversion_rate(nb_ventes, len(prospects)).",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="meilleur_canal", kind="label",
    expected=lambda: str(_campaign_channels()["taux_de_conversion"].astype(float).idxmax()),
    mistakes=(
        Mistake(lambda: str(_campaign_channels()["leads"].idxmax()),
                "C'est le canal qui apporte le plus de leads, mais il en convertit peu. Compare les "
                "taux de conversion (ventes ÷ leads), pas les nombres de leads."),
        Mistake(lambda: str(_by_channel()["taux_de_conversion"].astype(float).idxmax()),
                "La recommandation a le meilleur taux, mais ce n'est pas un canal de campagne. "
                "Cherche parmi emailing, telephone, linkedin, salon et courrier."),
    ),
    hints=(
        "tables.leads_with_channel(prospects, campagnes) ajoute la colonne « canal » à chaque lead.",
        "Puis tables.conversion_rate_by(…, by='canal') donne le taux de chaque canal : "
        "ne regarde que les cinq canaux de campagne.",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="cout_conversion_salons", kind="euros",
    expected=lambda: float(_salons()["cout_par_conversion"]),
    mistakes=(
        Mistake(lambda: float(_salons()["cout_par_lead"]),
                "Tu as divisé le coût par les leads : c'est le coût par lead. Le coût par conversion "
                "divise le coût par les ventes signées."),
        Mistake(lambda: tables.cost_per_conversion_by(_campagnes()[_campagnes()["canal"] == "salon"],
                                                      _prospects())["cout_par_conversion"].astype(float).mean(),
                "Tu as fait la moyenne des coûts par conversion des quatre salons : un salon qui a signé "
                "peu de ventes pèse alors autant qu'un autre. Additionne les coûts, additionne les "
                "ventes, puis divise."),
        Mistake(lambda: formulas.cost_per_conversion(
                    _campagnes().loc[_campagnes()["canal"] == "salon", "cout_ht"].sum(),
                    _campagnes().loc[_campagnes()["canal"] == "salon", "reponses"].sum()),
                "Tu as divisé le coût par les réponses aux salons : c'est un coût par réponse. "
                "Divise par les ventes signées par les leads des salons."),
    ),
    hints=(
        "Coût par conversion = coût total des salons ÷ ventes signées par les leads venus des salons.",
        "Le coût est dans campagnes['cout_ht'] (lignes où canal vaut « salon »). Les ventes : les leads "
        "de ces campagnes dont le statut vaut « gagne ».",
        "Ou en une ligne : tables.cost_per_conversion_by(campagnes, prospects, by='canal') donne la "
        "ligne « salon ».",
    ),
)

q5 = Question(
    id="q5", lesson=LESSON, variable="reponse_q5", kind="choice",
    expected=lambda: "b",
    choices=("a", "b", "c", "d"),
    mistakes=(
        Mistake(lambda: "a", "Les deux taux n'ont pas le même dénominateur : des sessions du site d'un côté, "
                             "des leads de l'autre. On ne peut pas dire que l'un « vend 14 fois mieux »."),
        Mistake(lambda: "c", "Le repère « 2 à 5 % » vaut pour les visites d'une boutique en ligne : il ne "
                             "dit rien d'un tunnel de leads. Et 1,7 % des sessions, c'est au-dessus de la "
                             "moyenne citée par Shopify (1,4 %)."),
        Mistake(lambda: "d", "Un taux de conversion des leads peut dépasser 5 % : un lead a déjà montré son "
                             "intérêt. La limite de 5 % n'existe pas."),
    ),
    hints=(
        "Pour chaque taux, demande-toi : ventes divisées par quoi ?",
        "Un repère n'a de sens qu'avec son périmètre : quel tunnel, quel dénominateur ?",
    ),
)


def _what_if_2025(add_to_leads: bool = False, drop_others: bool = False, both_years: bool = False) -> float:
    """2025 conversion rate if half of the open deals of 2025 were signed."""
    table = _rate(period="year")
    row = (table.sum() if both_years else table.loc[pd.Period("2025", "Y")]).astype(float)
    signed = row["en_cours"] * Q6_SHARE_SIGNED
    leads = row["leads"]
    if add_to_leads:
        leads += signed
    if drop_others:
        leads -= row["en_cours"] - signed
    return float(formulas.conversion_rate(row["ventes"] + signed, leads))


q6 = Question(
    id="q6", lesson=LESSON, variable="taux_2025_si", kind="percent",
    expected=lambda: _what_if_2025(),
    mistakes=(
        Mistake(lambda: _what_if_2025(add_to_leads=True),
                "Tu as ajouté les affaires signées aux leads : elles y sont déjà ! Une affaire en cours "
                "est un lead ; quand elle signe, seul le nombre de ventes change."),
        Mistake(lambda: _what_if_2025(drop_others=True),
                "Tu as retiré du dénominateur les affaires qui ne signent pas : elles restent des "
                "leads, même perdues."),
        Mistake(lambda: _what_if_2025(both_years=True),
                "Tu as pris les leads de 2024 et de 2025 : la question porte sur les leads de 2025 "
                "(premier contact en 2025)."),
    ),
    hints=(
        "tables.conversion_rate_by(prospects, period='year') donne, pour 2025, les leads, les ventes "
        "et les affaires en cours.",
        "Si la moitié des affaires en cours signent, les ventes augmentent de en_cours ÷ 2. Le nombre "
        "de leads, lui, ne change pas.",
        "Taux = (ventes + en_cours ÷ 2) ÷ leads × 100, avec les chiffres de 2025.",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6)
