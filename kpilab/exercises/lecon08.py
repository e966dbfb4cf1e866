"""Exercices de la leçon 08 — le tableau de bord."""

from __future__ import annotations

from kpilab import datasets, formulas, tables
from kpilab.exercises.engine import Mistake, Question

LESSON = "08_tableau_de_bord"
__all__ = ["q1", "q2", "q3", "q4", "q5"]

OLD, NEW = "2024", "2025"


def _conversion(shop: str, year: str, column: str = "taux_de_transformation") -> float:
    table = tables.store_conversion_by(datasets.load("commandes"), datasets.load("frequentation"), period="year")
    return float(table.loc[(shop, year), column])


def _orders(shop: str, year: str, column: str = "panier_moyen_ht") -> float:
    table = tables.average_order_value_by(datasets.load("commandes"), by="point_de_vente", period="year")
    return float(table.loc[(shop, year), column])


q1 = Question(
    id="q1", lesson=LESSON, variable="evolution_ca", kind="percent",
    expected=lambda: formulas.change(460_000, 400_000),
    mistakes=(
        Mistake(lambda: (460_000 - 400_000) / 460_000 * 100,
                "Tu as divisé par le chiffre d'affaires de 2025 : une évolution se calcule par rapport à "
                "l'année de départ, 2024 (400 000 €)."),
        Mistake(lambda: 460_000 / 400_000 * 100,
                "Tu as calculé nouveau ÷ ancien × 100 : c'est un indice (115 = +15 %). Pour l'évolution, "
                "retire 100, ou calcule (nouveau − ancien) ÷ ancien × 100."),
    ),
    hints=(
        "Une évolution en % compare l'écart à la valeur de départ.",
        "Évolution = (CA 2025 − CA 2024) ÷ CA 2024 × 100.",
    ),
)

q2 = Question(
    id="q2", lesson=LESSON, variable="evolution_points", kind="points",
    expected=lambda: _conversion("Bellecour", NEW) - _conversion("Bellecour", OLD),
    mistakes=(
        Mistake(lambda: formulas.change(_conversion("Bellecour", NEW), _conversion("Bellecour", OLD)),
                "C'est l'évolution en % du taux : pour un taux, on donne l'écart en points, "
                "taux 2025 − taux 2024."),
        Mistake(lambda: _conversion("Bellecour", OLD) - _conversion("Bellecour", NEW),
                "Tu as fait taux 2024 − taux 2025 : le taux a monté, l'écart doit être positif. "
                "Calcule nouveau − ancien."),
    ),
    hints=(
        "Lis les deux taux de Bellecour : lignes (\"Bellecour\", \"2024\") et (\"Bellecour\", \"2025\"), "
        "colonne taux_de_transformation.",
        "Un écart de taux en points, c'est une simple soustraction : taux 2025 − taux 2024.",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="evolution_panier", kind="percent",
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
    ),
    hints=(
        "Lis le panier moyen HT de la Croix-Rousse en 2024 et en 2025 : lignes (\"Croix-Rousse\", \"2024\") "
        "et (\"Croix-Rousse\", \"2025\"), colonne panier_moyen_ht.",
        "Évolution = (panier 2025 − panier 2024) ÷ panier 2024 × 100.",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="reponse_q4", kind="choice",
    expected=lambda: "b",
    choices=("a", "b", "c", "d"),
    mistakes=(
        Mistake(lambda: "a", "Le nombre de visiteurs mesure le trafic du magasin, pas le fait que ces "
                             "visiteurs achètent : il peut monter sans qu'un seul ticket de plus soit fait."),
        Mistake(lambda: "c", "Le panier moyen dit combien dépense un client qui achète, pas combien de "
                             "visiteurs achètent."),
        Mistake(lambda: "d", "Le taux de réponse mesure les campagnes de prospection du Service entreprises : "
                             "il ne dit rien des visiteurs du magasin."),
    ),
    hints=(
        "L'objectif parle des personnes qui entrent dans le magasin et de celles qui achètent.",
        "Quel KPI divise un nombre de tickets par un nombre de visiteurs ?",
    ),
)


def _what_if(step: float = 1.0, how: str = "points", ttc: float = 1.0) -> float:
    """Extra revenue HT at Bellecour in a year like 2025 with a better conversion rate."""
    visitors = _conversion("Bellecour", NEW, "visiteurs")
    rate = _conversion("Bellecour", NEW)
    basket = _orders("Bellecour", NEW) * ttc
    new_rate = rate + step if how == "points" else rate * (1 + step / 100)
    return visitors * (new_rate - rate) / 100 * basket


q5 = Question(
    id="q5", lesson=LESSON, variable="ca_en_plus", kind="euros", tolerance=10.0,
    expected=lambda: _what_if(),
    mistakes=(
        Mistake(lambda: _what_if(how="percent"),
                "Tu as augmenté le taux de 1 % (il passe de 16,29 % à 16,46 %) : la question dit 1 point "
                "(de 16,29 % à 17,29 %)."),
        Mistake(lambda: _what_if() + _orders("Bellecour", NEW, "chiffre_affaires_ht"),
                "C'est le nouveau chiffre d'affaires total : la question demande seulement le chiffre "
                "d'affaires en plus."),
        Mistake(lambda: _what_if(ttc=1.20),
                "Tu as pris un panier TTC : le chiffre d'affaires du tableau de bord est HT."),
    ),
    hints=(
        "Un point de taux de transformation en plus, c'est 1 % des visiteurs qui achètent en plus : "
        "visiteurs 2025 × 1 ÷ 100 tickets de plus.",
        "CA en plus = tickets en plus × panier moyen HT de Bellecour en 2025.",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5)
