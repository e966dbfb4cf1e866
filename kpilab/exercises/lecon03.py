"""Exercices de la leçon 03 — le cycle de vente moyen."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpilab import datasets, formulas, tables
from kpilab.exercises import facts
from kpilab.exercises.engine import Idea, Justification, Mistake, Option, Question
from kpilab.exercises.formula import Where

LESSON = "03_cycle_de_vente"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]

# Énoncé de la question 1 : huit affaires, durées en jours depuis le premier contact.
Q1_WON = (20, 35, 45, 60, 150)  # affaires gagnées : jours jusqu'à la signature
Q1_OPEN = (90, 150)  # affaires en cours : jours écoulés au 31/12
Q1_LOST = (10,)  # affaire perdue : jours jusqu'à l'abandon
# Les données s'arrêtent au 31/12/2025 ; la question 6 imagine une signature au 30/06/2026.
END_OF_DATA = pd.Timestamp("2025-12-31")
Q6_SIGNATURE = pd.Timestamp("2026-06-30")
LARGE = "250+"
YEAR = 2025  # question 2: the deals signed in 2025
SECTORS = ("industrie", "services", "sante", "commerce", "collectivite", "btp")


def _cycle(days, how="mean") -> float:
    """Mean (or median) cycle of deals given by their length in days, with kpilab's formula."""
    days = np.asarray(days, dtype="int64")
    start = np.full(days.size, np.datetime64("2025-01-01", "D"))
    return formulas.average_sales_cycle(start, start + days.astype("timedelta64[D]"), how=how)


def _prospects():
    return datasets.load("prospects")


def _end_dates(prospects, *, open_until=None, lost=False):
    """The end date of each deal kept: signature, abandon (lost=True) or open_until for open deals."""
    end = prospects["date_signature"]
    keep = prospects["statut"] == "gagne"
    if lost:
        end = end.fillna(prospects["date_abandon"])
        keep |= prospects["statut"] == "perdu"
    if open_until is not None:
        end = end.where(prospects["statut"] != "en_cours", open_until)
        keep |= prospects["statut"] == "en_cours"
    return prospects["date_premier_contact"][keep], end[keep]


def _mean_cycle(prospects, how="mean", **deals) -> float:
    """Cycle over the won deals, plus the lost or open deals when asked (the known mistakes)."""
    start, end = _end_dates(prospects, **deals)
    return formulas.average_sales_cycle(start, end, how=how)


def _ended_in(year, column="date_signature"):
    """The won deals, plus (for the mistakes) the other deals, whose ``column`` falls in ``year``."""
    prospects = _prospects()
    return prospects[prospects[column].dt.year == year]


def _signed_2025(how="mean", lost=False, open_deals=False) -> float:
    """Cycle of the deals signed in 2025; the mistakes add the deals lost in 2025 or still open."""
    prospects = _prospects()
    keep = prospects["date_signature"].dt.year == YEAR
    if lost:
        keep |= prospects["date_abandon"].dt.year == YEAR
    if open_deals:
        keep |= prospects["statut"] == "en_cours"
    return _mean_cycle(prospects[keep], how=how, lost=lost, open_until=END_OF_DATA if open_deals else None)


def _by_sector(column="cycle_median_jours"):
    return tables.sales_cycle_by(_prospects(), by="secteur")[column].astype(float)


def _campaign_leads():
    prospects = _prospects()
    return prospects[prospects["source"] == "campagne"]


def _from_campaign_launch(how="mean") -> float:
    """Cycle of the campaign leads counted from the campaign's first day (the wrong start)."""
    won = _campaign_leads()
    won = won[won["statut"] == "gagne"]
    launch = won["campagne_id"].map(datasets.load("campagnes").set_index("campagne_id")["date_debut"])
    return formulas.average_sales_cycle(launch, won["date_signature"], how=how)


def _large():
    prospects = _prospects()
    return prospects[prospects["taille"] == LARGE]


q1 = Question(
    id="q1", lesson=LESSON, variable="cycle_moyen", kind="days", competence="B4.4",
    expected=lambda: _cycle(Q1_WON),
    mistakes=(
        Mistake(lambda: _cycle(Q1_WON + Q1_OPEN),
                "Tu as compté les affaires en cours : elles ne sont pas signées, elles n'ont pas encore "
                "de cycle de vente. Garde seulement les affaires gagnées."),
        Mistake(lambda: _cycle(Q1_WON + Q1_LOST),
                "Tu as compté l'affaire perdue : un abandon n'est pas une signature. Le cycle de vente "
                "se mesure sur les affaires gagnées seulement."),
        Mistake(lambda: _cycle(Q1_WON + Q1_OPEN + Q1_LOST),
                "Tu as fait la moyenne des huit affaires : seules les cinq affaires gagnées ont un cycle "
                "de vente."),
        Mistake(lambda: _cycle(Q1_WON, how="median"),
                "C'est la médiane (la valeur du milieu). La question demande la moyenne : additionne les "
                "durées, puis divise par le nombre d'affaires gagnées."),
    ),
    hints=(
        "Seules les affaires gagnées (signées) ont un cycle de vente.",
        "Cycle moyen = somme des durées des cinq affaires gagnées ÷ 5.",
    ),
)

q2 = Question(
    id="q2", lesson=LESSON, variable="cycle_moyen_2025", kind="days", competence="B3.3",
    expected=lambda: _signed_2025(),
    mistakes=(
        Mistake(lambda: _signed_2025(how="median"),
                "C'est le cycle médian. La question demande le cycle moyen (la moyenne des durées)."),
        Mistake(lambda: tables.sales_cycle_by(_prospects()).loc["total", "cycle_moyen_jours"],
                "C'est le cycle moyen des affaires signées en 2024 et en 2025 : garde seulement celles "
                "dont la date_signature est en 2025."),
        Mistake(lambda: _mean_cycle(_ended_in(2024)),
                "C'est le cycle moyen des affaires signées en 2024 : la question porte sur 2025."),
        Mistake(lambda: _mean_cycle(_ended_in(YEAR, "date_premier_contact")),
                "Tu as gardé les affaires dont le premier contact date de 2025 : la question porte sur "
                "les affaires signées en 2025 (colonne date_signature)."),
        Mistake(lambda: _signed_2025(lost=True),
                "Tu as compté les affaires perdues en 2025, jusqu'à leur date d'abandon : un abandon n'est "
                "pas une signature. Garde seulement les affaires gagnées."),
        Mistake(lambda: _signed_2025(open_deals=True),
                "Tu as compté les affaires en cours, arrêtées au 31/12/2025 : elles ne sont pas signées. "
                "Garde seulement les affaires gagnées."),
    ),
    hints=(
        "Garde les lignes de prospects dont le statut vaut « gagne » et dont la date_signature est en 2025.",
        "kpilab.sales_cycle_days(date_premier_contact, date_signature) donne la durée de chaque affaire, en jours.",
        "Puis .mean() ; ou en une fois : kpilab.average_sales_cycle(signees['date_premier_contact'], "
        "signees['date_signature']).",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="secteur_plus_long", kind="label", competence="B1.2", labels=SECTORS,
    expected=lambda: str(_by_sector().idxmax()),
    mistakes=(
        Mistake(lambda: str(_by_sector("cycle_moyen_jours").idxmax()),
                "C'est le secteur au cycle moyen le plus long : avec peu d'affaires gagnées, une seule "
                "affaire très longue suffit à tirer sa moyenne vers le haut. La question porte sur le "
                "cycle médian."),
        Mistake(lambda: str(_by_sector().idxmin()),
                "C'est le secteur au cycle médian le plus court : on cherche le plus long."),
    ),
    hints=(
        "tables.sales_cycle_by(prospects, by='secteur') donne le cycle moyen et le cycle médian de chaque secteur.",
        "Regarde la colonne cycle_median_jours (et non cycle_moyen_jours), puis .idxmax().",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="cycle_moyen_campagnes", kind="days", competence="B1.3",
    expected=lambda: _mean_cycle(_campaign_leads()),
    mistakes=(
        Mistake(lambda: _from_campaign_launch(),
                "Tu as compté à partir du lancement de la campagne : le cycle de vente commence au "
                "premier contact avec le prospect (colonne date_premier_contact)."),
        Mistake(lambda: _mean_cycle(_campaign_leads(), how="median"),
                "C'est le cycle médian. La question demande le cycle moyen."),
        Mistake(lambda: _mean_cycle(_prospects()),
                "C'est le cycle moyen de toutes les affaires gagnées : garde seulement les leads venus "
                "d'une campagne (colonne source)."),
        Mistake(lambda: _mean_cycle(_campaign_leads(), open_until=END_OF_DATA),
                "Tu as compté les affaires en cours, arrêtées au 31/12/2025 : elles ne sont pas signées. "
                "Garde seulement les affaires gagnées."),
        Mistake(lambda: _mean_cycle(_campaign_leads(), lost=True),
                "Tu as compté les affaires perdues, jusqu'à leur abandon : seules les affaires gagnées "
                "ont un cycle de vente."),
    ),
    hints=(
        "Garde les leads dont la source vaut « campagne » et dont le statut vaut « gagne ».",
        "Le cycle va de date_premier_contact à date_signature (pas du lancement de la campagne).",
        "kpilab.average_sales_cycle(début, fin) donne la moyenne.",
    ),
)

q5 = Question(
    id="q5", lesson=LESSON, variable="reponse_q5", kind="choice", expected=None, competence="B1.3",
    options=(
        Option("Environ 45 jours : c'est la médiane, le délai de l'affaire habituelle, que quelques "
               "affaires très longues ne déplacent pas.",
               "La médiane décrit l'affaire habituelle : la moitié des affaires signent plus vite. Quelques "
               "affaires très longues, surtout avec les grandes entreprises, tirent la moyenne vers le haut."),
        Option("Environ 65 jours : la moyenne tient compte de toutes les affaires, c'est donc toujours le "
               "meilleur résumé à donner à un client.",
               "La moyenne n'est pas toujours le bon résumé : quelques affaires très longues (les grandes "
               "entreprises) la tirent vers le haut. Une PME signe en général bien plus vite."),
        Option("Il faut d'abord recalculer la moyenne en y ajoutant les affaires en cours, pour s'appuyer "
               "sur davantage d'affaires.",
               "Les affaires en cours ne sont pas signées : elles n'ont pas encore de cycle de vente. Les "
               "compter fausserait le calcul, au lieu de l'améliorer."),
        Option("Environ 55 jours, la moyenne de la moyenne et de la médiane, pour tenir compte des deux "
               "indicateurs à la fois.",
               "La moyenne de la moyenne et de la médiane ne correspond à rien. Choisis l'indicateur qui "
               "décrit une affaire « habituelle »."),
    ),
    justification=Justification(
        variable="pourquoi_q5",
        ideas=(
            Idea(("median", "milieu", "moitie", "la plupart", "habituel", "typique"),
                 "dis quel indicateur décrit l'affaire habituelle, et ce qu'il mesure."),
            Idea(("long", "extreme", "tire", "grand", "quelques", "rare", "exception", "gonfl", "fausse"),
                 "dis ce qui éloigne la moyenne de l'affaire habituelle."),
        ),
        model=("La médiane donne le délai de l'affaire habituelle (la moitié signent plus vite) ; quelques "
               "affaires très longues de grandes entreprises tirent la moyenne vers le haut."),
    ),
    hints=(
        "La médiane est la valeur du milieu : la moitié des affaires signent plus vite, l'autre moitié plus lentement.",
        "Quelques affaires de plus de 150 jours suffisent à faire monter une moyenne.",
    ),
)

q6 = Question(
    id="q6", lesson=LESSON, variable="cycle_grandes_si", kind="days", competence="B3.2",
    expected=lambda: _mean_cycle(_large(), open_until=Q6_SIGNATURE),
    mistakes=(
        Mistake(lambda: _mean_cycle(_large(), open_until=END_OF_DATA),
                "Tu as arrêté les affaires en cours au 31/12/2025 : dans cette hypothèse, elles signent "
                "le 30/06/2026. Leur cycle va du premier contact au 30/06/2026."),
        Mistake(lambda: _mean_cycle(_large()),
                "C'est le cycle moyen actuel des grandes entreprises : tu n'as pas ajouté les affaires "
                "en cours qui signeraient le 30/06/2026."),
        Mistake(lambda: formulas.average_sales_cycle(
                    _large().loc[_large()["statut"] == "en_cours", "date_premier_contact"],
                    pd.Series(Q6_SIGNATURE, index=_large().index[_large()["statut"] == "en_cours"])),
                "Tu as fait la moyenne des seules affaires en cours : les affaires déjà gagnées comptent "
                "aussi dans le cycle moyen."),
        Mistake(lambda: _mean_cycle(_large(), how="median", open_until=Q6_SIGNATURE),
                "C'est le cycle médian. La question demande le cycle moyen."),
        Mistake(lambda: formulas.average_sales_cycle(_large()["date_premier_contact"],
                                                     _large()["date_signature"].fillna(Q6_SIGNATURE)),
                "Tu as aussi fait signer les affaires perdues le 30/06/2026 : elles ne signeront pas. "
                "Retire-les avant de compléter les dates de signature."),
    ),
    hints=(
        "Garde les grandes entreprises (taille « 250+ ») gagnées ou en cours ; laisse de côté les affaires perdues.",
        "Pour une affaire en cours, la date de fin devient le 30/06/2026 : "
        "signature = grandes['date_signature'].fillna(pd.Timestamp('2026-06-30')).",
        "Puis kpilab.average_sales_cycle(grandes['date_premier_contact'], signature).",
    ),
)

q7 = Question(
    id="q7", lesson=LESSON, variable="formule_q7", kind="formula", competence="B1.3",
    where=Where("03", sheet="Prospects", cell="K2"),
    expected=lambda: '=MOYENNE.SI.ENS(I2:I590;E2:E590;"gagne";D2:D590;"250+")',
    mistakes=(
        Mistake(lambda: '=MOYENNE.SI(D2:D590;"250+";I2:I590)',
                "Tu as gardé toutes les affaires des grandes entreprises, perdues et en cours comprises : leur "
                "durée n'est pas un cycle de vente. Ajoute le critère du statut « gagne » (MOYENNE.SI.ENS)."),
        Mistake(lambda: '=MOYENNE.SI(E2:E590;"gagne";I2:I590)',
                "C'est le cycle moyen de toutes les affaires gagnées : ajoute le critère de la taille « 250+ » "
                "(colonne D)."),
        Mistake(lambda: "=MOYENNE(I2:I590)",
                "Tu as fait la moyenne des durées de tous les leads : garde seulement les affaires gagnées des "
                "entreprises de 250 salariés et plus, avec MOYENNE.SI.ENS et deux critères."),
        Mistake(lambda: '=MOYENNE.SI.ENS(Gagnees!G2:G139;Gagnees!D2:D139;"250+")',
                "Ta formule lit la feuille Gagnees, où les affaires gagnées ont été copiées : ici, le résultat "
                "tombe juste, mais si la feuille Prospects change, la copie ne suit pas. Calcule sur la feuille "
                "Prospects, avec un critère sur le statut et un sur la taille."),
    ),
    hints=(
        "Sur la feuille Prospects : la taille est en colonne D, le statut en colonne E, la durée en colonne I, "
        "des lignes 2 à 590.",
        "MOYENNE.SI.ENS(plage des valeurs ; plage du 1er critère ; 1er critère ; plage du 2e critère ; 2e critère).",
        'Les deux critères : "gagne" dans la colonne E et "250+" dans la colonne D.',
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6, q7)


# --- what the statements quote of the data (kpilab.exercises.facts): a devoir shows a student theirs ---

def _all_won(how: str) -> float:
    """Mean or median cycle of every won deal of 2024-2025 (question 5)."""
    return _mean_cycle(_prospects(), how=how)


def _between() -> float:
    """The mean of the two figures of question 5 as shown (the wrong option d)."""
    return (facts.half_up(_all_won("mean")) + _all_won("median")) / 2


def _large_deals(status: str) -> int:
    return int((_large()["statut"] == status).sum())


FACTS = {
    "cycle_moyen_environ": lambda: facts.about(_all_won("mean")),
    "cycle_median": lambda: facts.half_days(_all_won("median")),
    "cycle_median_environ": lambda: facts.about(_all_won("median")),
    "cycle_entre_les_deux": lambda: facts.about(_between()),
    "grandes_gagnees": lambda: facts.count(_large_deals("gagne")),
    "grandes_en_cours": lambda: facts.count(_large_deals("en_cours")),
}
OPTION_FACTS = {"q5": ("cycle_moyen_environ", "cycle_median_environ", "cycle_entre_les_deux")}
# Questions a devoir leaves out, and why (kpilab.devoirs).
NOT_IN_DEVOIRS = {
    "q3": "sur presque toutes les autres variantes des données, le secteur au cycle médian le plus long est aussi "
          "celui au cycle moyen le plus long : la question n'y distingue plus la médiane de la moyenne",
    "q7": "formule de tableur : elle se vérifie sur le classeur de la leçon, le même pour tous",
}
STORY = {
    "quelques affaires très longues tirent la moyenne au-dessus de la médiane (question 5)":
        lambda: facts.half_up(_all_won("mean")) - facts.half_up(_all_won("median")) >= 8,
    "les grandes entreprises ont plusieurs affaires gagnées et plusieurs en cours (question 6)":
        lambda: _large_deals("gagne") >= 2 and _large_deals("en_cours") >= 2,
}
