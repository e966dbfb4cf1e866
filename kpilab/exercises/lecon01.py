"""Exercices de la leçon 01 — le taux de réponse des prospects."""

from __future__ import annotations

from kpilab import datasets, formulas, tables
from kpilab.exercises import facts
from kpilab.exercises.engine import Idea, Justification, Mistake, Option, Question
from kpilab.exercises.formula import Where

LESSON = "01_taux_de_reponse"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]

CHANNELS = ("emailing", "telephone", "linkedin", "salon", "courrier")
# Énoncé de la question 1 : un e-mailing et ses adresses invalides.
Q1_CONTACTS, Q1_INVALID, Q1_RESPONSES = 1500, 300, 45
# Énoncé de la question 6 : les réponses visées par un e-mailing de 2026.
Q6_TARGET = 100


def _campagnes():
    return datasets.load("campagnes")


def _by(column, campaigns=None):
    return tables.response_rate_by(_campagnes() if campaigns is None else campaigns, by=column)


def _c09():
    return _campagnes().set_index("campagne_id").loc["C09"]


def _emailings(with_c09: bool = False):
    campaigns = _campagnes()
    keep = campaigns["canal"] == "emailing"
    if not with_c09:
        keep &= campaigns["campagne_id"] != "C09"
    return campaigns[keep]


q1 = Question(
    id="q1", lesson=LESSON, variable="taux_reponse", kind="percent", competence="B2.5",
    expected=lambda: formulas.response_rate(Q1_RESPONSES, Q1_CONTACTS - Q1_INVALID),
    mistakes=(
        Mistake(lambda: formulas.response_rate(Q1_RESPONSES, Q1_CONTACTS),
                "Tu as divisé par tous les contacts : les 300 adresses invalides n'ont jamais reçu "
                "le message, elles sortent du dénominateur."),
        Mistake(lambda: Q1_RESPONSES / Q1_INVALID * 100,
                "Tu as divisé par les contacts invalides : le dénominateur, ce sont les contacts valides."),
    ),
    hints=(
        "Le taux de réponse se calcule sur les contacts qui ont vraiment reçu le message.",
        "Contacts valides = 1 500 − 300. Taux = réponses ÷ contacts valides × 100.",
    ),
)

q2 = Question(
    id="q2", lesson=LESSON, variable="taux_global", kind="percent", competence="B2.5",
    expected=lambda: _by(None).loc["total", "taux_de_reponse"],
    mistakes=(
        Mistake(lambda: formulas.response_rate(_campagnes()["reponses"].sum(), _campagnes()["contacts"].sum()),
                "Tu as gardé les contacts invalides au dénominateur : retire la colonne contacts_invalides."),
        Mistake(lambda: _by("campagne_id")["taux_de_reponse"].astype(float).mean(),
                "Tu as fait la moyenne des taux des campagnes : une petite campagne pèse alors autant "
                "qu'une grande. Additionne les réponses et les contacts valides, puis divise."),
    ),
    hints=(
        "Additionne les réponses de toutes les campagnes, puis les contacts valides.",
        "contacts valides = campagnes['contacts'].sum() − campagnes['contacts_invalides'].sum().",
        "Ou en une ligne : tables.response_rate_by(campagnes) donne la ligne « total ».",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="meilleur_canal", kind="label", competence="B2.4", labels=CHANNELS,
    expected=lambda: str(_by("canal")["taux_de_reponse"].astype(float).idxmax()),
    mistakes=(
        Mistake(lambda: str(_by("canal")["reponses"].astype(float).idxmax()),
                "C'est le canal qui a le plus de réponses, pas le meilleur taux : il a surtout "
                "le plus de contacts. Compare les taux de réponse."),
        Mistake(lambda: str(_by("canal")["taux_de_reponse"].astype(float).idxmin()),
                "C'est le canal qui a le plus petit taux de réponse : on cherche le plus grand."),
    ),
    hints=(
        "Calcule le taux de réponse par canal avec tables.response_rate_by(campagnes, by='canal').",
        "Cherche la ligne où la colonne taux_de_reponse est la plus grande (.idxmax()).",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="cout_reponse_c09", kind="euros", competence="B2.5",
    expected=lambda: formulas.cost_per_conversion(_c09()["cout_ht"], _c09()["reponses"]),
    mistakes=(
        Mistake(lambda: _c09()["cout_ht"] / (_c09()["contacts"] - _c09()["contacts_invalides"]),
                "Tu as divisé le coût par les contacts valides : c'est un coût par contact. Le coût par "
                "réponse divise le coût par le nombre de réponses."),
        Mistake(lambda: _c09()["cout_ht"] / _c09()["contacts"],
                "Tu as divisé le coût par tous les contacts de C09 : c'est un coût par adresse achetée. "
                "Divise par les réponses."),
        Mistake(lambda: formulas.cost_per_conversion(_emailings(with_c09=True)["cout_ht"].sum(),
                                                     _emailings(with_c09=True)["reponses"].sum()),
                "C'est le coût par réponse de tous les e-mailings réunis : la question porte sur la seule "
                "campagne C09."),
        Mistake(lambda: _c09()["cout_ht"] / _by("campagne_id").loc["C09", "taux_de_reponse"],
                "Tu as divisé le coût par le taux de réponse : divise-le par le nombre de réponses."),
        Mistake(lambda: formulas.cost_per_conversion(_campagnes()["cout_ht"].sum(), _campagnes()["reponses"].sum()),
                "C'est le coût par réponse de toutes les campagnes réunies : la question porte sur la seule "
                "campagne C09."),
    ),
    hints=(
        "Garde la ligne de la campagne C09 : campagnes[campagnes['campagne_id'] == 'C09'].",
        "Coût par réponse = coût de la campagne (cout_ht) ÷ nombre de réponses (reponses).",
        "kpilab.cost_per_conversion(coût, réponses) fait la division (un coût ÷ un nombre de résultats).",
    ),
)

q5 = Question(
    id="q5", lesson=LESSON, variable="reponse_q5", kind="choice", expected=None, competence="B2.5",
    options=(
        Option("On ne peut pas conclure : un repère ne vaut que pour son canal, sa cible et sa définition "
               "de la réponse.",
               "Un taux se compare à un repère comparable : même canal, même type de fichier, même "
               "définition de la réponse, et une source datée."),
        Option("C'est un mauvais résultat : 2,7 % est bien en dessous des 5 % que l'article donne "
               "pour un bon e-mailing.",
               "Un seuil sans contexte ne veut rien dire : de quels e-mailings parle l'article, vers quels "
               "fichiers, avec quelle définition de la réponse ?"),
        Option("C'est un très bon résultat, car c'est presque trois fois le taux de réponse des courriers "
               "de Roue Libre (1 %).",
               "Comparer un e-mailing à un courrier, c'est comparer deux canaux différents : compare "
               "l'e-mailing aux autres e-mailings."),
        Option("Le taux de réponse n'apprend rien : seul le chiffre d'affaires signé dans les mois qui "
               "suivent la campagne permet de la juger.",
               "Le taux de réponse est le premier étage du tunnel : s'il baisse, tout ce qui suit baisse "
               "aussi. Il se lit avec le coût par réponse et, plus loin, les ventes."),
    ),
    justification=Justification(
        variable="pourquoi_q5",
        ideas=(
            Idea(("canal", "canaux", "cible", "fichier", "perimetre", "secteur", "comparable", "meme type", "definition",
                  "pays", "contexte", "mailing", "memes clients", "meme public", "public", "quels clients"),
                 "dis sur quoi doit porter un repère pour qu'on puisse s'y comparer (quel canal, quelle cible…)."),
            Idea(("source", "annee", "date", "etude", "auteur", "origine", "qui l a", "d ou vient", "provenance",
                  "fiable", "publie", "quand", "qui a fait"),
                 "dis aussi ce qu'il faut savoir de l'origine du repère (qui l'a publié, en quelle année)."),
        ),
        model=("Un repère ne vaut que pour des campagnes comparables : même canal, même cible, même "
               "définition de la réponse, et il faut connaître sa source et son année."),
    ),
    hints=(
        "Un taux n'est ni bon ni mauvais tout seul : à quoi le compare-t-on ?",
        "Relis la partie « Interpréter » de la leçon : que faut-il savoir d'un repère extérieur avant "
        "de s'y comparer ?",
    ),
)


def _contacts_needed(with_c09: bool = False, valid_only: bool = True, mean_of_rates: bool = False,
                     percent: bool = True, every_channel: bool = False, digits: int | None = None) -> float:
    """Valid contacts an e-mailing needs for Q6_TARGET responses at the e-mailings' response rate.

    The options give the mistakes' values: ``every_channel`` takes the rate of all the campaigns,
    ``digits`` rounds the rate before dividing.
    """
    emailings = _campagnes() if every_channel else _emailings(with_c09=with_c09)
    if mean_of_rates:
        rate = float(_by("campagne_id", emailings)["taux_de_reponse"].astype(float).mean())
    elif valid_only:
        rate = float(_by(None, emailings).loc["total", "taux_de_reponse"])
    else:
        rate = float(formulas.response_rate(emailings["reponses"].sum(), emailings["contacts"].sum()))
    if digits is not None:
        rate = round(rate, digits)
    return Q6_TARGET / rate * (100 if percent else 1)


q6 = Question(
    id="q6", lesson=LESSON, variable="contacts_necessaires", kind="number", competence="B3.2",
    expected=lambda: _contacts_needed(),
    mistakes=(
        Mistake(lambda: _contacts_needed(mean_of_rates=True),
                "Tu as pris la moyenne des taux des huit e-mailings : une petite campagne pèse alors autant "
                "qu'une grande. Additionne leurs réponses et leurs contacts valides, puis divise."),
        Mistake(lambda: _contacts_needed(valid_only=False),
                "Ton taux de réponse garde les contacts invalides au dénominateur : calcule-le sur les "
                "contacts valides (contacts − contacts_invalides)."),
        Mistake(lambda: _contacts_needed(with_c09=True),
                "Tu as gardé C09 dans les e-mailings : la question prend le taux des e-mailings sans le "
                "fichier acheté."),
        Mistake(lambda: _contacts_needed(percent=False),
                "Tu as divisé 100 réponses par le taux écrit en % : écris-le en fraction (÷ 100), ou "
                "calcule réponses ÷ taux × 100."),
        Mistake(lambda: _contacts_needed(every_channel=True),
                "Tu as pris le taux de réponse de toutes les campagnes, tous canaux confondus : la question "
                "prend le taux des autres e-mailings (sans C09)."),
        Mistake(lambda: _contacts_needed(digits=2),
                "Presque : tu as arrondi le taux (3,04 %) avant de diviser, et l'arrondi grossit avec la "
                "division. Garde le taux sans l'arrondir ; seul le résultat peut l'être."),
    ),
    hints=(
        "Calcule d'abord le taux de réponse des e-mailings sans la campagne C09, sur leurs contacts valides.",
        "Réponses = contacts valides × taux ÷ 100 : ici, tu connais les réponses visées et le taux.",
        "Contacts valides nécessaires = 100 ÷ taux × 100.",
    ),
)

q7 = Question(
    id="q7", lesson=LESSON, variable="formule_q7", kind="formula", competence="B2.5",
    where=Where("01", sheet="Campagnes", cell="M2", percent=True),
    expected=lambda: "=SOMME(I2:I25)/SOMME(J2:J25)",
    mistakes=(
        Mistake(lambda: "=MOYENNE(K2:K25)",
                "Tu as fait la moyenne des taux des campagnes : une petite campagne pèse alors autant qu'une "
                "grande. Additionne d'abord les réponses et les contacts valides, divise ensuite."),
        Mistake(lambda: "=SOMME(I2:I25)/SOMME(G2:G25)",
                "Tu as divisé par tous les contacts (colonne G) : les adresses invalides n'ont jamais reçu le "
                "message. Divise par les contacts valides (colonne J)."),
        Mistake(lambda: "=SOMME(J2:J25)/SOMME(I2:I25)",
                "Ta division est à l'envers : le taux de réponse, ce sont les réponses divisées par les "
                "contacts valides."),
        Mistake(lambda: "=SOMME(K2:K25)",
                "Tu as additionné les taux des campagnes : des pourcentages ne s'additionnent pas. Additionne "
                "les réponses et les contacts valides, puis divise."),
    ),
    hints=(
        "Dans le classeur, les réponses sont en colonne I et les contacts valides en colonne J, des lignes "
        "2 à 25.",
        "Additionne d'abord chaque colonne avec SOMME, divise ensuite : =SOMME(…)/SOMME(…).",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6, q7)
NOT_IN_DEVOIRS = {"q7": "formule de tableur : elle se vérifie sur le classeur de la leçon, le même pour tous"}


# --- what the statements quote of the data (kpilab.exercises.facts): a devoir shows a student theirs ---

def _channel_rate(channel: str) -> float:
    campaigns = _campagnes()
    return float(_by(None, campaigns[campaigns["canal"] == channel]).loc["total", "taux_de_reponse"])


def _emailings_over_mail() -> float:
    """The two rates of question 5 as shown (rounded), one over the other."""
    return facts.half_up(_channel_rate("emailing"), 1) / facts.half_up(_channel_rate("courrier"), 1)


FACTS = {
    "taux_emailings": lambda: facts.percent(_channel_rate("emailing")),
    "taux_courriers": lambda: facts.short_percent(_channel_rate("courrier")),
    "emailings_sur_courriers": lambda: facts.times(_emailings_over_mail()),
    "taux_emailings_sans_c09": lambda: facts.percent(float(_by(None, _emailings()).loc["total", "taux_de_reponse"]), 2),
}
OPTION_FACTS = {"q5": ("taux_emailings", "taux_courriers", "emailings_sur_courriers")}
MESSAGE_FACTS = {"q6": ("taux_emailings_sans_c09",)}
STORY = {
    "C09 est la campagne la plus chère des deux années (question 4)":
        lambda: _campagnes().set_index("campagne_id")["cout_ht"].idxmax() == "C09",
    "le taux des e-mailings est bien en dessous des 5 % de l'article (question 5, option d)":
        lambda: facts.half_up(_channel_rate("emailing"), 1) <= 4,
}
