"""Exercices de la leçon 01 — le taux de réponse des prospects."""

from __future__ import annotations

from kpilab import datasets, formulas, tables
from kpilab.exercises.engine import Mistake, Question

LESSON = "01_taux_de_reponse"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]


def _campagnes():
    return datasets.load("campagnes")


def _by(column):
    return tables.response_rate_by(_campagnes(), by=column)


q1 = Question(
    id="q1", lesson=LESSON, variable="taux_reponse", kind="percent",
    expected=lambda: formulas.response_rate(45, 1500 - 300),
    mistakes=(
        Mistake(lambda: formulas.response_rate(45, 1500),
                "Tu as divisé par tous les contacts : les 300 adresses invalides n'ont jamais reçu "
                "le message, elles sortent du dénominateur."),
        Mistake(lambda: 45 / 300 * 100,
                "Tu as divisé par les contacts invalides : le dénominateur, ce sont les contacts valides."),
    ),
    hints=(
        "Le taux de réponse se calcule sur les contacts qui ont vraiment reçu le message.",
        "Contacts valides = 1 500 − 300. Taux = réponses ÷ contacts valides × 100.",
    ),
)

q2 = Question(
    id="q2", lesson=LESSON, variable="taux_global", kind="percent",
    expected=lambda: _by(None).loc["total", "taux_de_reponse"],
    mistakes=(
        Mistake(lambda: formulas.response_rate(_campagnes()["reponses"].sum(), _campagnes()["contacts"].sum()),
                "Tu as gardé les contacts invalides au dénominateur : retire la colonne contacts_invalides."),
        Mistake(lambda: _by("campagne_id")["taux_de_reponse"].mean(),
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
    id="q3", lesson=LESSON, variable="meilleur_canal", kind="label",
    expected=lambda: str(_by("canal")["taux_de_reponse"].astype(float).idxmax()),
    mistakes=(
        Mistake(lambda: str(_by("canal")["reponses"].idxmax()),
                "C'est le canal qui a le plus de réponses, pas le meilleur taux : il a surtout "
                "le plus de contacts. Compare les taux de réponse."),
    ),
    hints=(
        "Calcule le taux de réponse par canal avec tables.response_rate_by(campagnes, by='canal').",
        "Cherche la ligne où la colonne taux_de_reponse est la plus grande (.idxmax()).",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="taux_c09", kind="percent",
    expected=lambda: _by("campagne_id").loc["C09", "taux_de_reponse"],
    mistakes=(
        Mistake(lambda: formulas.response_rate(
                    _campagnes().set_index("campagne_id").loc["C09", "reponses"],
                    _campagnes().set_index("campagne_id").loc["C09", "contacts"]),
                "Tu as divisé par tous les contacts de C09 : près d'un quart de ses adresses étaient "
                "invalides, elles sortent du dénominateur."),
    ),
    hints=(
        "Garde la ligne de la campagne C09 : campagnes[campagnes['campagne_id'] == 'C09'].",
        "Taux = réponses ÷ (contacts − contacts invalides) × 100.",
    ),
)

q5 = Question(
    id="q5", lesson=LESSON, variable="reponse_q5", kind="choice",
    expected=lambda: "b",
    choices=("a", "b", "c", "d"),
    mistakes=(
        Mistake(lambda: "a", "Un seuil sans contexte ne veut rien dire : un salon et un e-mailing n'ont pas "
                             "les mêmes taux. Un repère a toujours un canal, une cible et une source."),
        Mistake(lambda: "c", "Comparer un e-mailing à un courrier, c'est comparer deux canaux différents : "
                             "compare l'e-mailing aux autres e-mailings."),
        Mistake(lambda: "d", "Le taux de réponse est le premier étage du tunnel : s'il baisse, tout ce qui "
                             "suit baisse aussi."),
    ),
    hints=("Un taux n'est ni bon ni mauvais tout seul : à quoi le compare-t-on ?",),
)

q6 = Question(
    id="q6", lesson=LESSON, variable="reponses_c09_moyenne", kind="number", tolerance=1.0,
    expected=lambda: _what_if_c09(),
    mistakes=(
        Mistake(lambda: _what_if_c09(valid_only=False),
                "Tu as appliqué le taux à tous les contacts de C09 : seuls les contacts valides "
                "peuvent répondre."),
    ),
    hints=(
        "Calcule d'abord le taux de réponse des e-mailings sans la campagne C09.",
        "Puis : contacts valides de C09 × ce taux ÷ 100.",
    ),
)


def _what_if_c09(valid_only: bool = True) -> float:
    """Responses C09 would have had with the response rate of the other e-mailings."""
    campaigns = _campagnes()
    others = campaigns[(campaigns["canal"] == "emailing") & (campaigns["campagne_id"] != "C09")]
    rate = tables.response_rate_by(others).loc["total", "taux_de_reponse"]
    c09 = campaigns.set_index("campagne_id").loc["C09"]
    contacts = c09["contacts"] - c09["contacts_invalides"] if valid_only else c09["contacts"]
    return float(contacts * rate / 100)


QUESTIONS = (q1, q2, q3, q4, q5, q6)
