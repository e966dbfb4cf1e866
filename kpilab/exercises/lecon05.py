"""Exercices de la leçon 05 — le taux de rétention."""

from __future__ import annotations

import pandas as pd

from kpilab import datasets, formulas, tables
from kpilab.exercises import facts
from kpilab.exercises.engine import Idea, Justification, Mistake, Option, Question
from kpilab.exercises.formula import Where

LESSON = "05_taux_de_retention"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]

# Énoncé de la question 1 : S clients au début, N nouveaux, E clients à la fin.
Q1_START, Q1_NEW, Q1_END = 800, 300, 860
# Question 3 : les clients revenus d'un segment.
Q3_SEGMENT = "famille"
# Question 4 : une case du tableau des cohortes par trimestre (cohorte, trimestre du calendrier).
Q4_COHORT, Q4_QUARTER = pd.Period("2024Q4", "Q"), pd.Period("2025Q3", "Q")
# Énoncé de la question 6 : nouveaux clients recrutés en 2026.
Q6_NEW = 2000
Y2024, Y2025 = pd.Period("2024", "Y"), pd.Period("2025", "Y")


def _commandes():
    return datasets.load("commandes")


def _clients():
    return datasets.load("clients")


def _row():
    """The 2025 row of tables.retention_by: customers active in 2024 followed into 2025."""
    return tables.retention_by(_commandes(), _clients(), period="year").loc[Y2025].astype(float)


def _active(year):
    active = tables.active_customers(_commandes(), period="year")
    return set(active.loc[active["periode"] == year, "client_id"].astype(str))


def _registered(before=None, year=None, segment=None):
    clients = _clients()
    registered = clients["date_inscription"].dt.year
    keep = registered < before if before is not None else registered == year
    if segment is not None:
        keep &= clients["segment"] == segment
    return set(clients.loc[keep, "client_id"].astype(str))


def _segment(segment):
    clients = _clients()
    return set(clients.loc[clients["segment"] == segment, "client_id"].astype(str))


def _cohort_2024(counts=False):
    matrix = tables.cohort_retention_matrix(_commandes(), _clients(), period="year", counts=counts)
    return float(matrix.loc[Y2024, 1])


def _returning(segment=Q3_SEGMENT, variant="returning") -> int:
    """Returning customers of a segment in 2025 (active in 2025, signed up before, absent in 2024)."""
    in_2025 = _active(Y2025) & _segment(segment)
    earlier = _registered(before=2025, segment=segment)
    if variant == "e_minus_n":
        return len(in_2025 & earlier)
    if variant == "dormant":
        return len(earlier - _active(Y2024))
    if variant == "not_in_2024":
        return len(in_2025 - _active(Y2024))
    return len((in_2025 & earlier) - _active(Y2024))


def _cohorts(counts=False):
    return tables.cohort_retention_matrix(_commandes(), _clients(), period="quarter", counts=counts)


def _cell(cohort=Q4_COHORT, quarter=Q4_QUARTER, shift=0, counts=False) -> float:
    """The cohort table read at the calendar quarter ``quarter`` (``shift`` columns off for the mistakes)."""
    column = (quarter - cohort).n + shift
    return float(_cohorts(counts).loc[cohort, column])


q1 = Question(
    id="q1", lesson=LESSON, variable="taux_retention", kind="percent", competence="B1.4",
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
        Mistake(lambda: (Q1_END - Q1_NEW) / (Q1_START + Q1_NEW) * 100,
                "Tu as ajouté les nouveaux clients au dénominateur : ils n'étaient pas là au début de "
                "l'année, ils ne pouvaient pas être conservés. Divise par les clients du début (S)."),
    ),
    hints=(
        "Les 300 nouveaux clients n'étaient pas là au début : ils ne peuvent pas avoir été « conservés ».",
        "Clients conservés = E − N = 860 − 300. Taux de rétention = clients conservés ÷ S × 100.",
    ),
)

q2 = Question(
    id="q2", lesson=LESSON, variable="taux_2025", kind="percent", competence="B1.4",
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
        Mistake(lambda: _row()["taux_d_attrition"],
                "C'est le taux d'attrition : la part des clients actifs en 2024 qui n'ont plus rien acheté "
                "en 2025. Le taux de rétention compte ceux qui ont encore acheté."),
    ),
    hints=(
        "Client actif = au moins un achat dans l'année. tables.active_customers(commandes) donne "
        "une ligne par client et par année où il a acheté.",
        "Clients du début : actifs en 2024. Clients conservés : ceux-là, s'ils sont encore actifs en 2025.",
        "Ou en une ligne : tables.retention_by(commandes, clients) (colonne taux_de_retention).",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="clients_revenus_famille", kind="count", competence="B1.4",
    expected=lambda: _returning(),
    mistakes=(
        Mistake(lambda: _returning(variant="e_minus_n"),
                "C'est E − N : tous les clients famille de 2025 inscrits avant 2025. Il faut encore retirer "
                "ceux qui avaient acheté en 2024 : eux sont des clients conservés, pas revenus."),
        Mistake(lambda: _returning(variant="dormant"),
                "Tu as compté les clients famille inscrits avant 2025 sans achat en 2024, qu'ils soient "
                "revenus ou non : un client revenu a acheté à nouveau en 2025."),
        Mistake(lambda: _returning(variant="not_in_2024"),
                "Tu as compté tous les clients famille actifs en 2025 sans achat en 2024 : les nouveaux "
                "clients (inscrits en 2025) en font partie. Retire-les."),
        Mistake(lambda: len((_active(Y2025) & _registered(before=2025)) - _active(Y2024)),
                "Tu as compté les clients revenus de tous les segments : la question porte sur le seul "
                "segment famille (colonne segment du tableau clients)."),
    ),
    hints=(
        "Un client revenu : actif en 2025, inscrit avant 2025, mais sans aucun achat en 2024.",
        "Fais des ensembles (set) de client_id : les clients famille actifs en 2025, ceux actifs en "
        "2024, ceux inscrits en 2025. L'opérateur - retire d'un ensemble les clients d'un autre.",
        "revenus = actifs_2025 - actifs_2024 - inscrits_2025 (le tout pour le segment famille) ; "
        "tables.retention_by(commandes, clients, by='segment') permet de vérifier.",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="cohorte_t4_2024", kind="percent", competence="B3.3",
    expected=lambda: _cell(),
    mistakes=(
        Mistake(lambda: _cell(shift=-2),
                "Tu as lu la colonne 1 : c'est le trimestre qui suit l'inscription (T1 2025). Compte les "
                "trimestres entre T4 2024 et T3 2025."),
        Mistake(lambda: _cell(shift=-1),
                "Tu as lu un trimestre trop tôt (T2 2025) : de T4 2024 à T3 2025, il y a trois trimestres."),
        Mistake(lambda: _cell(shift=1),
                "Tu as lu un trimestre trop tard : la colonne 0 est le trimestre de l'inscription, "
                "T4 2024 lui-même. T3 2025 est trois trimestres plus loin."),
        Mistake(lambda: _cell(counts=True),
                "C'est le nombre de clients de la cohorte qui ont acheté : la question demande la part de "
                "la cohorte, en %."),
        Mistake(lambda: float(_cohorts().loc[Q4_QUARTER, 0]),
                "Tu as lu la ligne de la cohorte T3 2025 : la question suit les clients inscrits en T4 2024."),
        Mistake(lambda: _cell(cohort=Q4_COHORT - 1, quarter=Q4_QUARTER - 1),
                "Tu as lu la ligne du dessus, celle de la cohorte T3 2024 : la question suit les clients "
                "inscrits en T4 2024 (la ligne 2024Q4)."),
    ),
    hints=(
        "Chaque ligne est une cohorte (le trimestre d'inscription) ; chaque colonne, un nombre de "
        "trimestres depuis l'inscription.",
        "La colonne 0 est le trimestre de l'inscription lui-même. Combien de trimestres séparent T4 2024 de T3 2025 ?",
        "Lis la ligne T4 2024 (2024Q4) à la colonne 3.",
    ),
)

q5 = Question(
    id="q5", lesson=LESSON, variable="reponse_q5", kind="choice", expected=None, competence="B1.4",
    options=(
        Option("On ne peut pas conclure : les deux chiffres ne comptent pas les clients actifs avec la "
               "même règle, ni sur la même base.",
               "Avec deux règles de « client actif » différentes, on ne mesure pas la même chose : il "
               "faut la même règle (par exemple un achat dans l'année) et la même période."),
        Option("Bellecour fidélise bien mieux ses clients que le site web : 85 % contre 64 %, c'est 21 "
               "points d'écart sur la même année.",
               "Les deux taux ne mesurent pas la même chose : avoir une carte, ce n'est pas acheter. Avec "
               "des règles différentes, on ne peut pas dire qui fidélise le mieux."),
        Option("Le site web a un problème, puisqu'un bon taux de rétention annuel dépasse toujours 80 % "
               "dans le commerce de détail.",
               "Il n'y a pas de seuil universel : un taux de rétention se compare à lui-même (mêmes "
               "règles, mêmes périodes), pas à un chiffre inventé."),
        Option("Il faut additionner les deux taux, puis diviser par deux, pour obtenir la rétention de "
               "toute l'entreprise Roue Libre.",
               "Faire la moyenne de deux taux ne donne rien : un taux se calcule sur un seul groupe de "
               "clients, avec une seule règle."),
    ),
    justification=Justification(
        variable="pourquoi_q5",
        ideas=(
            Idea(("regle", "definition", "pas la meme", "different", "meme facon", "critere", "pas pareil", "compar"),
                 "dis ce qui est différent entre les deux calculs."),
            Idea(("carte", "achat", "achete"),
                 "dis ce que chaque point de vente appelle un « client actif » (la carte, l'achat)."),
        ),
        model=("Bellecour compte les cartes valides, le site compte les clients qui ont acheté : ce n'est pas "
               "la même règle de client actif, donc les taux ne se comparent pas."),
    ),
    hints=(
        "Qu'est-ce qu'un « client actif » pour Bellecour ? Et pour le site web ?",
        "Un client qui a une carte mais n'a rien acheté depuis deux ans est-il encore un client ?",
    ),
)


def _what_if(base="end", new=Q6_NEW, rate="retention", new_first=False, digits=None) -> float:
    """Active customers in 2026 if the 2025 rate holds and Q6_NEW customers are acquired (not rounded;
    ``digits`` rounds the rate first, for the mistakes)."""
    row = _row()
    customers = row["clients_fin"] if base == "end" else row["clients_debut"]
    percent = row["taux_de_retention"] if rate == "retention" else row["taux_d_attrition"]
    if digits is not None:
        percent = round(float(percent), digits)
    if new_first:
        return float((customers + new) * percent / 100)
    return float(customers * percent / 100 + new)


q6 = Question(
    id="q6", lesson=LESSON, variable="clients_2026", kind="number", competence="B3.2",
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
        Mistake(lambda: _what_if(digits=1),
                "Presque : tu as arrondi le taux de rétention avant de le multiplier. Sur plus de 4 000 "
                "clients, l'arrondi se voit : garde le taux sans l'arrondir, comme le dit l'énoncé."),
        Mistake(lambda: _what_if(digits=0),
                "Tu as arrondi le taux de rétention à l'unité avant de le multiplier : garde-le sans "
                "l'arrondir, comme le dit l'énoncé ; seul le résultat peut l'être."),
    ),
    hints=(
        "Les clients du début de 2026 sont les clients actifs en 2025 (clients_fin dans tables.retention_by).",
        "Clients conservés en 2026 = clients actifs en 2025 × taux de rétention 2025 ÷ 100.",
        "Puis ajoute les 2 000 nouveaux clients.",
    ),
)

# Question 7: lesson 05's workbook (classeurs/05_taux_de_retention.xlsx), sheet Clients: the Croix-Rousse
# members in rows 2 to 1174 (C: inscription, G: actif en 2024, H: actif en 2025, I: conservé, 1 or 0);
# the taux de rétention 2025 in K2.
_START, _END, _KEPT = "G2:G1174", "H2:H1174", "I2:I1174"
_NEW = '{end};1;C2:C1174;">="&DATE(2025;1;1)'.format(end=_END)

q7 = Question(
    id="q7", lesson=LESSON, variable="formule_q7", kind="formula", competence="B1.4",
    where=Where("05", sheet="Clients", cell="K2", percent=True),
    expected=lambda: f"=NB.SI.ENS({_START};1;{_END};1)/NB.SI({_START};1)",
    mistakes=(
        Mistake(lambda: f"=NB.SI({_END};1)/NB.SI({_START};1)",
                "Tu as divisé tous les clients actifs en 2025 par ceux de 2024 : les nouveaux clients de 2025 "
                "sont comptés comme conservés, et le « taux » dépasse 100 %. Compte les clients actifs en 2024 "
                "ET en 2025."),
        Mistake(lambda: f"=(NB.SI({_END};1)-NB.SI.ENS({_NEW}))/NB.SI({_START};1)",
                "C'est la formule (E − N) ÷ S : elle compte aussi les clients revenus (absents en 2024, inscrits "
                "avant 2025), qui n'étaient pas là au début. Compte directement les clients actifs en 2024 et "
                "en 2025."),
        Mistake(lambda: f"=NB.SI.ENS({_START};1;{_END};1)/NB.SI({_END};1)",
                "Tu as divisé par les clients actifs en 2025, ceux de la fin : le taux de rétention divise par "
                "les clients du début (actifs en 2024, colonne G)."),
        Mistake(lambda: f"=NB.SI.ENS({_START};1;{_END};0)/NB.SI({_START};1)",
                "Tu as compté les clients actifs en 2024 qui n'ont rien acheté en 2025 : ce sont les clients "
                "perdus, et ta formule donne le taux d'attrition (leçon 06)."),
    ),
    hints=(
        "Le taux de rétention = clients conservés ÷ clients au début. Au début : les clients actifs en 2024 "
        "(colonne G à 1, lignes 2 à 1174).",
        "Les conservés sont actifs en 2024 et en 2025 : NB.SI.ENS compte les lignes qui remplissent deux "
        "critères, par exemple NB.SI.ENS(G2:G1174;1;H2:H1174;1).",
        "Divise par NB.SI(G2:G1174;1), et mets la cellule au format % (pas de × 100).",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6, q7)
NOT_IN_DEVOIRS = {"q7": "formule de tableur : elle se vérifie sur le classeur de la leçon, le même pour tous"}

# What the statements quote of the data (kpilab.exercises.facts): a devoir shows a student theirs.
FACTS = {"actifs_2025": lambda: facts.count(_row()["clients_fin"])}
