"""Exercices de la leçon 05 — le taux de rétention."""

from __future__ import annotations

import pandas as pd

from kpilab import datasets, formulas, tables
from kpilab.exercises.engine import Mistake, Question
from kpilab.simulators import RETENTION

LESSON = "05_taux_de_retention"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]

# Énoncé de la question 1 : S clients au début, N nouveaux, E clients à la fin.
Q1_START, Q1_NEW, Q1_END = 800, 300, 860
# Énoncé de la question 6 : nouveaux clients recrutés en 2026.
Q6_NEW = 2000
Y2024, Y2025 = pd.Period("2024", "Y"), pd.Period("2025", "Y")


def _commandes():
    return datasets.load("commandes")


def _clients():
    return datasets.load("clients")


def _retention(by=None):
    """The 2025 row(s) of tables.retention_by: customers active in 2024 followed into 2025."""
    table = tables.retention_by(_commandes(), _clients(), by=by, period="year")
    return table.loc[Y2025] if by is None else table.xs(Y2025, level="periode")


def _row():
    return _retention().astype(float)


def _active(year):
    active = tables.active_customers(_commandes(), period="year")
    return set(active.loc[active["periode"] == year, "client_id"])


def _registered(before=None, year=None):
    clients = _clients()
    registered = clients["date_inscription"].dt.year
    keep = registered < before if before is not None else registered == year
    return set(clients.loc[keep, "client_id"].astype(str))


def _cohort_2024(counts=False):
    matrix = tables.cohort_retention_matrix(_commandes(), _clients(), period="year", counts=counts)
    return float(matrix.loc[Y2024, 1])


q1 = Question(
    id="q1", lesson=LESSON, variable="taux_retention", kind="percent",
    expected=lambda: formulas.retention_rate(Q1_END - Q1_NEW, Q1_START),
    mistakes=(
        Mistake(lambda: Q1_END / Q1_START * 100,
                "Tu as compté les nouveaux clients comme des clients conservés : ils n'étaient pas là au "
                "début de l'année. Retire-les : clients conservés = E − N."),
        Mistake(lambda: (Q1_END - Q1_NEW) / Q1_END * 100,
                "Tu as divisé par les clients de la fin de l'année : le taux de rétention se calcule sur "
                "les clients du début (S)."),
        Mistake(lambda: (Q1_END - Q1_START) / Q1_START * 100,
                "Tu as calculé la croissance du nombre de clients, pas la part des clients gardés."),
    ),
    hints=(
        "Les 300 nouveaux clients n'étaient pas là au début : ils ne peuvent pas avoir été « conservés ».",
        "Clients conservés = E − N = 860 − 300. Taux de rétention = clients conservés ÷ S × 100.",
    ),
)

q2 = Question(
    id="q2", lesson=LESSON, variable="taux_2025", kind="percent",
    expected=lambda: _row()["taux_de_retention"],
    mistakes=(
        Mistake(lambda: formulas.retention_rate(_row()["clients_fin"] - _row()["nouveaux_clients"],
                                                _row()["clients_debut"]),
                "Tu as calculé (E − N) ÷ S : E − N compte aussi les clients revenus, inscrits avant 2025 "
                "mais sans achat en 2024. Ils n'étaient pas des clients actifs au début. Compte "
                "seulement les clients actifs en 2024 qui ont encore acheté en 2025."),
        Mistake(lambda: _row()["clients_fin"] / _row()["clients_debut"] * 100,
                "Tu as divisé tous les clients actifs en 2025 par ceux de 2024 : les nouveaux clients "
                "de 2025 ne sont pas des clients conservés."),
        Mistake(lambda: formulas.retention_rate(_row()["clients_conserves"], _row()["clients_fin"]),
                "Tu as divisé par les clients actifs en 2025 (à la fin) : le taux de rétention se "
                "calcule sur les clients du début, actifs en 2024."),
        Mistake(lambda: formulas.retention_rate(len(_registered(before=2025) & _active(Y2025)),
                                                len(_registered(before=2025))),
                "Tu as pris comme clients du début tous les clients inscrits avant 2025, même ceux qui "
                "n'achetaient plus. Un client du début est un client actif : au moins un achat en 2024."),
        Mistake(lambda: _cohort_2024(),
                "Tu as suivi la cohorte des clients inscrits en 2024 : la question porte sur tous les "
                "clients actifs en 2024, quelle que soit leur date d'inscription."),
    ),
    hints=(
        "Client actif = au moins un achat dans l'année. tables.active_customers(commandes) donne "
        "une ligne par client et par année où il a acheté.",
        "Clients du début : actifs en 2024. Clients conservés : ceux-là, s'ils sont encore actifs en 2025.",
        "Ou en une ligne : tables.retention_by(commandes, clients) (colonne taux_de_retention).",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="segment_fidele", kind="label",
    expected=lambda: str(_retention("segment")["taux_de_retention"].astype(float).idxmax()),
    mistakes=(
        Mistake(lambda: str((_retention("segment")["clients_fin"] / _retention("segment")["clients_debut"]).idxmax()),
                "C'est le segment qui a le plus de clients à la fin par rapport au début, grâce à ses "
                "nouveaux clients. Les nouveaux ne sont pas des clients conservés : compare les taux "
                "de rétention."),
        Mistake(lambda: str(_retention("segment")["taux_d_attrition"].astype(float).idxmax()),
                "C'est le segment qui perd le plus de clients (le plus fort taux d'attrition) : le moins "
                "fidèle ! Cherche le plus fort taux de rétention."),
    ),
    hints=(
        "tables.retention_by(commandes, clients, by='segment') donne le taux de rétention de chaque segment.",
        "Le tableau n'a qu'une année (2025) : .droplevel('periode') ne garde que le segment dans l'index. "
        "Puis cherche la ligne où taux_de_retention est le plus grand (.idxmax()).",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="retention_cohorte_2024", kind="percent",
    expected=lambda: _cohort_2024(),
    mistakes=(
        Mistake(lambda: _row()["taux_de_retention"],
                "C'est le taux de rétention de tous les clients actifs en 2024. La question porte sur une "
                "cohorte : les seuls clients inscrits en 2024."),
        Mistake(lambda: formulas.retention_rate(len((_active(Y2024) - _registered(year=2024)) & _active(Y2025)),
                                                len(_active(Y2024) - _registered(year=2024))),
                "Tu as pris les clients inscrits avant 2024 : la cohorte demandée, ce sont les clients "
                "inscrits en 2024."),
        Mistake(lambda: formulas.retention_rate(_cohort_2024(counts=True), _row()["clients_fin"]),
                "Tu as divisé par tous les clients actifs en 2025 : divise par le nombre de clients "
                "inscrits en 2024."),
    ),
    hints=(
        "La cohorte, ce sont les clients dont la date_inscription est en 2024 (ils ont tous acheté le jour "
        "de leur inscription).",
        "Compte ceux qui ont acheté au moins une fois en 2025, et divise par la taille de la cohorte.",
        "Ou : tables.cohort_retention_matrix(commandes, clients, period='year'), ligne 2024, colonne 1.",
    ),
)

q5 = Question(
    id="q5", lesson=LESSON, variable="reponse_q5", kind="choice",
    expected=lambda: "b",
    choices=("a", "b", "c", "d"),
    mistakes=(
        Mistake(lambda: "a", "Les deux taux ne mesurent pas la même chose : avoir une carte, ce n'est pas "
                             "acheter. Avec des règles différentes, on ne peut pas dire qui fidélise le mieux."),
        Mistake(lambda: "c", "Il n'y a pas de seuil universel : un taux de rétention se compare à lui-même "
                             "(mêmes règles, mêmes périodes), pas à un chiffre inventé."),
        Mistake(lambda: "d", "Additionner deux taux ne donne rien : un taux se calcule sur un seul groupe "
                             "de clients, avec une seule règle."),
    ),
    hints=(
        "Qu'est-ce qu'un « client actif » pour Bellecour ? Et pour le site web ?",
        "Un client qui a une carte mais n'a rien acheté depuis deux ans est-il encore un client ?",
    ),
)


def _what_if(base="end", new=Q6_NEW, rate="retention", new_first=False) -> float:
    """Active customers in 2026 if the 2025 rate holds and Q6_NEW customers are acquired."""
    row = _row()
    customers = row["clients_fin"] if base == "end" else row["clients_debut"]
    percent = row["taux_de_retention"] if rate == "retention" else row["taux_d_attrition"]
    if new_first:
        return float((customers + new) * percent / 100)
    return float(RETENTION.run(customers=customers, retention_rate=percent, new_customers=new, years=1)["final"])


q6 = Question(
    id="q6", lesson=LESSON, variable="clients_2026", kind="number", tolerance=2.0,
    expected=lambda: _what_if(),
    mistakes=(
        Mistake(lambda: _what_if(new_first=True),
                "Tu as appliqué le taux de rétention aux nouveaux clients aussi : ils arrivent en 2026, "
                "ils s'ajoutent après. Clients 2026 = clients 2025 × taux ÷ 100 + nouveaux."),
        Mistake(lambda: _what_if(new=0),
                "Tu as oublié les 2 000 nouveaux clients : ils s'ajoutent aux clients conservés."),
        Mistake(lambda: _what_if(rate="attrition"),
                "Tu as utilisé le taux d'attrition (les clients perdus) : les clients gardés, c'est le "
                "taux de rétention."),
        Mistake(lambda: _what_if(base="start"),
                "Tu as appliqué le taux aux clients actifs en 2024 : en 2026, les clients du début sont "
                "ceux qui ont acheté en 2025."),
    ),
    hints=(
        "Les clients du début de 2026 sont les clients actifs en 2025 (clients_fin dans tables.retention_by).",
        "Clients conservés en 2026 = clients actifs en 2025 × taux de rétention 2025 ÷ 100.",
        "Puis ajoute les 2 000 nouveaux clients.",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6)
