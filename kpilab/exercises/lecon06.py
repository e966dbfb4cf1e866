"""Exercices de la leçon 06 — le taux d'attrition (churn)."""

from __future__ import annotations

from kpilab import datasets, formulas, tables
from kpilab.exercises.engine import Idea, Justification, Mistake, Option, Question
from kpilab.exercises.formula import Where

LESSON = "06_taux_d_attrition"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]

PARTICULIERS = ("velotaf", "sportif", "famille", "occasionnel")
YEAR = "2025"  # the only year with customers at the start (those active in 2024)
# Énoncé de la question 1 : un magasin, ses clients du début, perdus, nouveaux et de la fin.
Q1_START, Q1_LOST, Q1_NEW, Q1_END = 800, 200, 150, 750
MONTHLY = 3  # question 5: monthly churn of a subscription, in %


def _commandes():
    return datasets.load("commandes")


def _clients():
    return datasets.load("clients")


def _total():
    """The retention table of all identified customers, row 2025."""
    return tables.retention_by(_commandes(), _clients()).loc[YEAR].astype(float)


def _segments():
    """The retention table per segment of private customers, in 2025."""
    table = tables.retention_by(_commandes(), _clients(), by="segment").xs(YEAR, level="periode")
    return table.loc[list(PARTICULIERS)]


def _lost_since_signup() -> float:
    """Wrong rule: customers signed up before 2025 without a purchase in 2025 ÷ those customers."""
    clients, commandes = _clients(), _commandes()
    before = clients[clients["date_inscription"] < "2025-01-01"]
    active = commandes.loc[commandes["date"].dt.year == 2025, "client_id"].dropna().unique()
    lost = (~before["client_id"].isin(active)).sum()
    return formulas.churn_rate(lost, len(before))


q1 = Question(
    id="q1", lesson=LESSON, variable="taux_attrition", kind="percent", competence="B1.4",
    expected=lambda: formulas.churn_rate(Q1_LOST, Q1_START),
    mistakes=(
        Mistake(lambda: formulas.churn_rate(Q1_LOST, Q1_END),
                "Tu as divisé par les clients de la fin de l'année : le taux d'attrition se calcule "
                "sur les clients présents au début (800)."),
        Mistake(lambda: formulas.churn_rate(Q1_LOST, Q1_START + Q1_NEW),
                "Tu as ajouté les nouveaux clients au dénominateur : ils n'étaient pas là au début, "
                "ils ne pouvaient pas être perdus."),
        Mistake(lambda: formulas.churn_rate(Q1_START - Q1_END, Q1_START),
                "Tu as calculé la baisse du nombre de clients (800 → 750) : les 150 nouveaux clients "
                "cachent une partie des pertes. Compte les clients perdus (200)."),
        Mistake(lambda: formulas.retention_rate(Q1_START - Q1_LOST, Q1_START),
                "C'est le taux de rétention, la part des clients gardés : le taux d'attrition compte les "
                "clients perdus (200) parmi les clients du début (800)."),
    ),
    hints=(
        "Le taux d'attrition compare les clients perdus aux clients présents au début de l'année.",
        "Taux d'attrition = clients perdus ÷ clients au début × 100 : les nouveaux clients "
        "et les clients de la fin ne servent pas ici.",
    ),
)

q2 = Question(
    id="q2", lesson=LESSON, variable="attrition_2025", kind="percent", competence="B3.3",
    expected=lambda: _total()["taux_d_attrition"],
    mistakes=(
        Mistake(lambda: formulas.churn_rate(_total()["clients_perdus"], _total()["clients_fin"]),
                "Tu as divisé par les clients actifs en 2025 : le dénominateur, ce sont les clients "
                "du début, c'est-à-dire les clients actifs en 2024."),
        Mistake(lambda: formulas.churn_rate(_total()["clients_perdus"], len(_clients())),
                "Tu as divisé par tous les clients du fichier : beaucoup n'achetaient déjà plus en 2024 "
                "(ou ne sont arrivés qu'en 2025). Divise par les clients actifs en 2024."),
        Mistake(_lost_since_signup,
                "Tu as compté comme perdus tous les clients inscrits avant 2025 sans achat en 2025, "
                "même ceux qui n'achetaient déjà plus en 2024. Pars des clients actifs en 2024."),
        Mistake(lambda: formulas.churn_rate(
                    _total()["clients_debut"] - (_total()["clients_fin"] - _total()["nouveaux_clients"]),
                    _total()["clients_debut"]),
                "Tu as calculé (S − (E − N)) ÷ S : E − N compte aussi les clients revenus (absents en 2024, "
                "revenus en 2025), alors ce calcul oublie des clients perdus. Compte directement les "
                "clients actifs en 2024 qui n'ont rien acheté en 2025."),
        Mistake(lambda: _total()["taux_de_retention"],
                "C'est le taux de rétention, la part des clients gardés : le taux d'attrition compte les "
                "clients perdus (colonne clients_perdus) parmi les clients du début."),
    ),
    hints=(
        "Les clients du début, ce sont les clients actifs en 2024 ; les clients perdus, ceux d'entre "
        "eux qui n'ont rien acheté en 2025.",
        "tables.retention_by(commandes, clients) fait le calcul : regarde sa ligne \"2025\" et ses "
        "colonnes clients_debut et clients_perdus.",
        "attrition_2025 = clients perdus ÷ clients au début × 100, avec les chiffres de la ligne \"2025\".",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="segment_fidele", kind="label", competence="B1.4", labels=PARTICULIERS,
    expected=lambda: str(_segments()["taux_d_attrition"].astype(float).idxmin()),
    mistakes=(
        Mistake(lambda: str(_segments()["clients_perdus"].astype(float).idxmin()),
                "C'est le segment qui perd le moins de clients en nombre, mais il en avait aussi "
                "moins au début. Compare les taux d'attrition, pas les nombres de clients perdus."),
        Mistake(lambda: str(_segments()["taux_d_attrition"].astype(float).idxmax()),
                "C'est le segment qui perd la plus grande part de ses clients : on cherche "
                "le taux d'attrition le plus faible."),
    ),
    hints=(
        "Calcule le taux d'attrition par segment : tables.retention_by(commandes, clients, by=\"segment\").",
        "Garde les quatre segments de particuliers et cherche le plus petit taux_d_attrition "
        "(.idxmin() donne le nom de la ligne).",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="reponse_q4", kind="choice", expected=None, competence="B1.1",
    options=(
        Option("Ce repère ne s'applique pas : il mesure des abonnements résiliés, mois par mois, pas des "
               "clients sans achat dans l'année.",
               "Un repère n'a de sens que dans son périmètre : Recurly observe des abonnements, où un client "
               "perdu est une résiliation. Roue Libre n'a pas d'abonnement et compte un client perdu "
               "quand il n'achète rien de l'année."),
        Option("Léa a raison : le taux annuel de Roue Libre est sous les 57 % par an de Recurly, donc Roue "
               "Libre perd moins de clients que la moyenne.",
               "Les deux chiffres ne mesurent pas la même chose : des abonnements résiliés chez Recurly, "
               "des clients sans achat dans l'année chez Roue Libre. Le repère sort de son périmètre."),
        Option("C'est l'inverse : il faut comparer le taux annuel de Roue Libre aux 6,8 % de Recurly, et "
               "Roue Libre perd alors bien plus de clients que la moyenne.",
               "6,8 % est un taux mensuel, celui de Roue Libre un taux annuel : on ne compare pas deux "
               "périodes différentes. Et le repère porte sur des abonnements."),
        Option("Il faut d'abord passer le repère à l'année en multipliant 6,8 % par 12 (81,6 %) : Roue "
               "Libre fait donc beaucoup mieux.",
               "Un taux mensuel ne se multiplie pas par 12 (un client perdu en janvier ne l'est pas une "
               "deuxième fois en février). Et surtout, le repère porte sur des abonnements."),
    ),
    justification=Justification(
        variable="pourquoi_q4",
        ideas=(
            Idea(("abonne", "resili", "souscri"),
                 "dis ce que mesure le repère de Recurly (quelles entreprises, quels clients perdus)."),
            Idea(("achat", "achete", "regle", "definition", "pas la meme"),
                 "dis comment Roue Libre décide qu'un client est perdu."),
        ),
        model=("Recurly mesure des abonnements résiliés, alors que chez Roue Libre un client perdu est un "
               "client sans achat dans l'année : ce n'est pas la même définition."),
    ),
    hints=(
        "Quelles entreprises Recurly observe-t-elle, et qu'est-ce qu'un client perdu pour elles ?",
        "Roue Libre vend-elle des abonnements ? Comment décide-t-elle qu'un client est perdu ?",
    ),
)

q5 = Question(
    id="q5", lesson=LESSON, variable="attrition_annuelle", kind="percent", competence="B3.2",
    expected=lambda: formulas.annual_churn_from_monthly(MONTHLY),
    mistakes=(
        Mistake(lambda: MONTHLY * 12,
                "Tu as multiplié le taux mensuel par 12 : un abonné perdu en janvier ne peut pas être "
                "perdu une deuxième fois en février. Calcule 1 − (1 − 0,03)^12."),
        Mistake(lambda: (1 - MONTHLY / 100) ** 12 * 100,
                "Tu as calculé la part des abonnés encore là au bout de 12 mois (la rétention sur un an) : "
                "l'attrition annuelle, c'est 100 moins ce chiffre."),
        Mistake(lambda: ((1 + MONTHLY / 100) ** 12 - 1) * 100,
                "Tu as calculé (1 + 0,03)^12 − 1, comme pour une hausse qui se cumule : chaque mois, il "
                "reste (1 − 0,03) des abonnés du mois précédent. Calcule 1 − (1 − 0,03)^12."),
    ),
    hints=(
        "Chaque mois, il reste 97 % des abonnés du mois précédent : après 12 mois, il en reste "
        "0,97 × 0,97 × … (12 fois).",
        "Part restante après un an = (1 − 0,03)^12 ; attrition annuelle = (1 − (1 − 0,03)^12) × 100. "
        "En Python, la puissance s'écrit ** (0.97 ** 12).",
        "kpilab.annual_churn_from_monthly(3) fait le calcul.",
    ),
)


def _what_if(base: str = "clients_debut", answer: str = "fewer") -> float:
    """Customers of the occasionnel segment not lost with the churn of the sportif segment."""
    segments = _segments()
    occasionnel, sportif = segments.loc["occasionnel"], segments.loc["sportif"]
    old, new = float(occasionnel["taux_d_attrition"]), float(sportif["taux_d_attrition"])
    if answer == "lost":
        return float(occasionnel[base]) * new / 100
    if answer == "points":
        return old - new
    if answer == "counts":  # lost customers of one segment minus those of the other
        return float(occasionnel["clients_perdus"]) - float(sportif["clients_perdus"])
    return float(occasionnel[base]) * (old - new) / 100


q6 = Question(
    id="q6", lesson=LESSON, variable="clients_sauves", kind="number", competence="B3.2",
    expected=lambda: _what_if(),
    mistakes=(
        Mistake(lambda: _what_if(answer="lost"),
                "C'est le nombre de clients occasionnels qu'on perdrait avec le nouveau taux. La question "
                "demande combien on en perdrait en moins : fais la différence avec les pertes réelles."),
        Mistake(lambda: _what_if(base="clients_fin"),
                "Tu as appliqué les taux aux clients occasionnels actifs en 2025 : les pertes se comptent "
                "sur les clients du début (actifs en 2024)."),
        Mistake(lambda: _what_if(answer="points"),
                "C'est l'écart entre les deux taux, en points : la question demande un nombre de clients."),
        Mistake(lambda: _what_if(answer="counts"),
                "Tu as fait la différence entre les clients perdus des deux segments : ils n'avaient pas "
                "le même nombre de clients au début. Applique le taux des sportifs aux clients "
                "occasionnels du début."),
    ),
    hints=(
        "Il te faut, pour 2025 : les clients occasionnels du début, leur taux d'attrition et celui "
        "des sportifs (tables.retention_by(commandes, clients, by=\"segment\")).",
        "Clients perdus en moins = clients occasionnels au début × (attrition des occasionnels − "
        "attrition des sportifs) ÷ 100.",
    ),
)

# Question 7: lesson 06's workbook (classeurs/06_taux_d_attrition.xlsx), sheet Clients: the Croix-Rousse
# members in rows 2 to 1174 (B: segment, G: actif en 2024, H: actif en 2025, I: conservé, J: perdu, 1 or 0);
# the taux d'attrition of each segment in C17 of the sheet Indicateurs, copied down to C20, with the segment
# in column B.
_SEGMENT = "Clients!$B$2:$B$1174"


def _col(letter: str) -> str:
    return f"Clients!${letter}$2:${letter}$1174"


def _by_segment(top: str, bottom: str = f"NB.SI.ENS({_SEGMENT};B17;{_col('G')};1)") -> str:
    return f"=NB.SI.ENS({_SEGMENT};B17;{top};1)/{bottom}"


q7 = Question(
    id="q7", lesson=LESSON, variable="formule_q7", kind="formula", competence="B3.3",
    where=Where("06", sheet="Indicateurs", cell="C17", copy_to="C20", percent=True),
    expected=lambda: _by_segment(_col("J")),
    mistakes=(
        Mistake(lambda: _by_segment(_col("I")),
                "Tu as compté les clients conservés (colonne I) : ta formule donne le taux de rétention du "
                "segment. Les clients perdus sont en colonne J."),
        Mistake(lambda: _by_segment(_col("J"), f"NB.SI({_SEGMENT};B17)"),
                "Tu as divisé par tous les clients du segment, nouveaux de 2025 compris : divise par les clients "
                "du segment actifs en 2024 (colonne G à 1), ceux du début."),
        Mistake(lambda: _by_segment(_col("J"), f"NB.SI({_col('G')};1)"),
                "Tu as divisé par les clients du début de tous les segments : divise par ceux du segment (ajoute "
                "le critère du segment, B17, au dénominateur)."),
        Mistake(lambda: _by_segment(_col("J"), f"NB.SI.ENS({_SEGMENT};B17;{_col('H')};1)"),
                "Tu as divisé par les clients du segment actifs en 2025, ceux de la fin : le taux d'attrition "
                "divise par les clients du début (actifs en 2024, colonne G)."),
        Mistake(lambda: _by_segment(_col("J")).replace(";B17;", ";$B$17;"),
                "Tu as figé le critère ($B$17) : recopiée, chaque ligne calcule encore le segment de B17. Fige les "
                "plages de la feuille Clients, pas le critère : B17 doit devenir B18, B19…"),
    ),
    hints=(
        "Pour un segment : ses clients perdus ÷ ses clients au début. Le segment est en B17 ; dans la feuille "
        "Clients, il est en colonne B, « Actif en 2024 » en G et « Perdu » en J (lignes 2 à 1174).",
        "NB.SI.ENS(segments ; B17 ; perdus ; 1) compte les clients perdus du segment ; même chose avec la "
        "colonne G pour les clients au début.",
        "La formule est recopiée jusqu'en C20 : fige les plages avec des $ (Clients!$B$2:$B$1174), pas B17.",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6, q7)
NOT_IN_DEVOIRS = {"q7": "formule de tableur : elle se vérifie sur le classeur de la leçon, le même pour tous"}

# What the statements say of the data (kpilab.exercises.facts): a devoir gives a student another
# variant when it is false on theirs.
STORY = {
    "les clients occasionnels sont ceux que Roue Libre perd le plus (question 6)":
        lambda: _segments()["taux_d_attrition"].astype(float).idxmax() == "occasionnel",
}
