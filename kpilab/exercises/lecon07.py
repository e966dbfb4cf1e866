"""Exercices de la leçon 07 — la valeur vie client (CLV) et le coût d'acquisition."""

from __future__ import annotations

from kpilab import datasets, formulas, tables
from kpilab.exercises.engine import Mistake, Question

LESSON = "07_valeur_vie_client"
__all__ = ["q1", "q2", "q3", "q4", "q5"]

YEAR = "2025"

# Question 1: one customer, by hand.
BASKET_HT, BASKET_TTC, PER_MONTH, CHURN, MARGIN = 60, 72, 0.5, 20, 0.40


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


q1 = Question(
    id="q1", lesson=LESSON, variable="clv_main", kind="euros",
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
    ),
    hints=(
        "Mets tout à l'année : achats par an = achats par mois × 12 ; durée de vie ≈ 1 ÷ taux d'attrition "
        "annuel, avec le taux écrit 0,20 (pas 20).",
        "CLV = panier moyen HT × achats par an × durée de vie × taux de marque (0,40).",
        "60 × 6 × 5 × 0,40.",
    ),
)

q2 = Question(
    id="q2", lesson=LESSON, variable="duree_sportif", kind="number", tolerance=0.01,
    expected=lambda: formulas.lifespan_from_churn(_churn("sportif")),
    mistakes=(
        Mistake(lambda: 1 / _churn("sportif"),
                "Tu as divisé 1 par le taux écrit en % (34,4) : écris-le 0,344, ou calcule 100 ÷ 34,4. "
                "Un client ne reste pas 0,03 an !"),
        Mistake(lambda: 100 / _churn("sportif", "taux_de_retention"),
                "Tu as divisé par le taux de rétention : la durée de vie vient du taux d'attrition."),
        Mistake(lambda: formulas.lifespan_from_churn(_churn()),
                "Tu as pris le taux d'attrition de tous les clients : on demande celui des sportifs."),
    ),
    hints=(
        "Cherche le taux d'attrition 2025 des sportifs : tables.retention_by(commandes, clients, "
        "by=\"segment\"), ligne (\"sportif\", \"2025\").",
        "Durée de vie ≈ 1 ÷ taux d'attrition annuel, avec le taux en fraction : 100 ÷ taux en %.",
        "kpilab.lifespan_from_churn(taux en %) fait le calcul.",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="clv_famille", kind="euros", tolerance=1.0,
    expected=lambda: _clv().loc["famille", "valeur_vie_client"],
    mistakes=(
        Mistake(lambda: _segment_clv("famille", margin="aucune"),
                "Tu as oublié le taux de marque : ce résultat est un chiffre d'affaires, pas une marge. "
                "Multiplie par le taux de marque écrit en fraction (taux_de_marque ÷ 100)."),
        Mistake(lambda: _segment_clv("famille", margin="marge"),
                "Tu as pris le taux de marge (marge ÷ coût d'achat) : la part du chiffre d'affaires qui reste "
                "en marge, c'est le taux de marque (marge ÷ chiffre d'affaires HT)."),
        Mistake(lambda: _segment_clv("famille", ttc=1.20),
                "Tu as pris un panier TTC : la valeur vie client se calcule en HT."),
    ),
    hints=(
        "tables.customer_lifetime_value_by(commandes, lignes, clients) a une ligne par segment, avec "
        "toutes les colonnes dont tu as besoin.",
        "CLV = panier_moyen_ht × achats_par_an × duree_de_vie_annees × taux_de_marque ÷ 100.",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="reponse_q4", kind="choice",
    expected=lambda: "b",
    choices=("a", "b", "c", "d"),
    mistakes=(
        Mistake(lambda: "a", "Une valeur vie client positive ne suffit pas : il faut qu'elle soit plus grande "
                             "que ce que coûte le recrutement du client."),
        Mistake(lambda: "c", "Un panier de 285 € HT n'est pas ce que gagne Roue Libre : il faut d'abord payer "
                             "les vélos et les pièces. Compare le coût d'acquisition à la marge."),
        Mistake(lambda: "d", "483 € HT, c'est du chiffre d'affaires : le coût d'acquisition se paie avec "
                             "la marge. Compare-le à la valeur vie client en marge (173 €)."),
    ),
    hints=(
        "Le coût d'acquisition se paie avec ce que le client laisse à Roue Libre une fois les produits payés : "
        "la marge.",
        "Compare 220 € à la valeur vie client en marge.",
    ),
)

q5 = Question(
    id="q5", lesson=LESSON, variable="clv_sportif_fidele", kind="euros", tolerance=1.0,
    expected=lambda: _segment_clv("sportif", lifespan=formulas.lifespan_from_churn(25)),
    mistakes=(
        Mistake(lambda: _segment_clv("sportif", lifespan=formulas.lifespan_from_churn(25))
                - _clv().loc["sportif", "valeur_vie_client"],
                "C'est le gain par client (nouvelle CLV − CLV actuelle) : la question demande la nouvelle "
                "valeur vie client."),
        Mistake(lambda: _segment_clv("sportif", lifespan=formulas.lifespan_from_churn(25), margin="aucune"),
                "Tu as oublié le taux de marque : ce résultat est un chiffre d'affaires, pas une marge."),
        Mistake(lambda: _segment_clv("sportif", lifespan=1 / 25),
                "Ta durée de vie vaut 1 ÷ 25 : avec un taux d'attrition de 25 %, la durée de vie est "
                "1 ÷ 0,25 = 4 ans."),
    ),
    hints=(
        "Seule la durée de vie change : avec 25 % d'attrition, elle vaut 1 ÷ 0,25 = 4 ans.",
        "Reprends la ligne sportif du tableau : panier_moyen_ht × achats_par_an × 4 × taux_de_marque ÷ 100.",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5)
