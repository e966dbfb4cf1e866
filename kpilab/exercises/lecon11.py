"""Exercices de la leçon 11 — piloter l'équipe commerciale."""

from __future__ import annotations

import pandas as pd

from kpilab import datasets, formulas
from kpilab.exercises.engine import Idea, Justification, Mistake, Option, Question
from kpilab.exercises.formula import Where

LESSON = "11_piloter_l_equipe"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]

# Question 1: the objective of Villeurbanne for April 2026, split by the planned hours.
Q1_SHOP_OBJECTIVE = 72_750
Q1_PLANNED = {"Antoine Dubois": 150, "Sarah Benmoussa": 115, "Paul Lambert": 130, "Yanis Mercier": 90}
Q1_CONTRACT = {"Antoine Dubois": 35, "Sarah Benmoussa": 35, "Paul Lambert": 30, "Yanis Mercier": 21}  # h per week
Q1_SELLER = "Sarah Benmoussa"
# Question 2: a seller's taux de réalisation over one year.
Q2_SELLER, Q2_YEAR = "Sarah Benmoussa", 2024
# Question 4: a seller's CA per hour worked over one year.
Q4_SELLER, Q4_YEAR = "Mehdi Haddad", 2024
# Question 6: a B2B seller's conversion rate on the leads of one year, decided deals only.
Q6_SELLER, Q6_YEAR = "Sophie Laurent", 2025
YEARS = (2024, 2025)


# --- question 1: the split rule of the data (objective × planned hours ÷ the shop's planned hours) ---


def _share(hours: dict[str, float], seller: str = Q1_SELLER, among: str = "all") -> float:
    """The seller's part of the shop objective in proportion to ``hours`` (or, wrongly, of the others')."""
    total = sum(hours.values()) if among == "all" else sum(h for name, h in hours.items() if name != seller)
    return Q1_SHOP_OBJECTIVE * hours[seller] / total


# --- the shop sellers: their tickets, hours and objectives -------------------------------------------


def _tickets() -> pd.DataFrame:
    """Each shop ticket with its seller, date and amounts."""
    return datasets.load("tickets_vendeurs").merge(datasets.load("commandes"), on="commande_id")


def _of(table: pd.DataFrame, seller: str, years, date: str) -> pd.DataFrame:
    return table[(table["vendeur"] == seller) & table[date].dt.year.isin(years)]


def _sold(seller: str, years=YEARS, column: str = "montant_ht") -> float:
    return float(_of(_tickets(), seller, years, "date")[column].sum())


def _planned(seller: str, years=YEARS, column: str = "objectif_ca_ht") -> float:
    return float(_of(datasets.load("objectifs"), seller, years, "mois")[column].sum())


def _achievement(seller: str = Q2_SELLER, years=(Q2_YEAR,), column: str = "montant_ht") -> float:
    """Taux de réalisation over the period: the total sold over the total objective."""
    return formulas.target_achievement_rate(_sold(seller, years, column), _planned(seller, years))


def _inverse_achievement() -> float:
    return _planned(Q2_SELLER, (Q2_YEAR,)) / _sold(Q2_SELLER, (Q2_YEAR,)) * 100


def _monthly(seller: str = Q2_SELLER, year: int = Q2_YEAR) -> pd.DataFrame:
    """The seller's months: objective, sold, and the shop's objective of the same month."""
    objectifs = datasets.load("objectifs")
    tickets = _of(_tickets(), seller, (year,), "date")
    sold = tickets.groupby(tickets["date"].dt.to_period("M").dt.to_timestamp())["montant_ht"].sum()
    shop = objectifs.groupby(["point_de_vente", "mois"], observed=True)["objectif_ca_ht"].sum()
    months = _of(objectifs, seller, (year,), "mois").copy()
    months["realise"] = months["mois"].map(sold).fillna(0.0)
    months["objectif_magasin"] = [shop[(p, m)] for p, m in zip(months["point_de_vente"], months["mois"])]
    return months


def _mean_of_monthly_rates() -> float:
    months = _monthly()
    return float(formulas.target_achievement_rate(months["realise"], months["objectif_ca_ht"]).mean())


def _against_shop_objective() -> float:
    months = _monthly()
    return formulas.target_achievement_rate(months["realise"].sum(), months["objectif_magasin"].sum())


def _shop_achievement(seller: str = Q2_SELLER, year: int = Q2_YEAR) -> float:
    """The taux de réalisation of the seller's whole shop in the year."""
    shop = datasets.load("vendeurs").set_index("vendeur").loc[seller, "point_de_vente"]
    objectifs = datasets.load("objectifs")
    tickets = _tickets()
    sold = tickets.loc[(tickets["point_de_vente"] == shop) & (tickets["date"].dt.year == year), "montant_ht"].sum()
    target = objectifs.loc[(objectifs["point_de_vente"] == shop) & (objectifs["mois"].dt.year == year),
                           "objectif_ca_ht"].sum()
    return formulas.target_achievement_rate(sold, target)


def _per_hour(seller: str = Q4_SELLER, years=(Q4_YEAR,), hours: str = "heures_travaillees",
              column: str = "montant_ht") -> float:
    """CA par heure: the seller's sales over his hours (worked, or wrongly planned) of the period."""
    return formulas.sales_per_hour(_sold(seller, years, column), _planned(seller, years, hours))


def _average_ticket(seller: str = Q4_SELLER, year: int = Q4_YEAR) -> float:
    tickets = _of(_tickets(), seller, (year,), "date")
    return formulas.average_order_value(tickets["montant_ht"].sum(), len(tickets))


# --- the B2B sellers: prospects.commercial ---------------------------------------------------------


def _leads(seller: str | None = Q6_SELLER, years=(Q6_YEAR,)) -> pd.DataFrame:
    prospects = datasets.load("prospects")
    keep = prospects["date_premier_contact"].dt.year.isin(years)
    if seller is not None:
        keep &= prospects["commercial"] == seller
    return prospects[keep]


def _conversion(seller: str | None = Q6_SELLER, years=(Q6_YEAR,), decided_only: bool = True) -> float:
    """Won ÷ leads × 100, on the decided deals (won or lost) or, wrongly, on every lead."""
    leads = _leads(seller, years)
    if decided_only:
        leads = leads[leads["statut"] != "en_cours"]
    return formulas.conversion_rate((leads["statut"] == "gagne").sum(), len(leads))


def _won_over_lost() -> float:
    leads = _leads()
    return float((leads["statut"] == "gagne").sum() / (leads["statut"] == "perdu").sum() * 100)


def _ended_in_year() -> float:
    """Deals signed or abandoned in the year, whatever the year of the lead (the wrong population)."""
    prospects = datasets.load("prospects")
    mine = prospects[prospects["commercial"] == Q6_SELLER]
    won = (mine["date_signature"].dt.year == Q6_YEAR).sum()
    lost = (mine["date_abandon"].dt.year == Q6_YEAR).sum()
    return formulas.conversion_rate(won, won + lost)


def _signed_in_year(decided_only: bool = True) -> float:
    """Deals signed in the year (some from older leads) over the year's leads, decided or all."""
    prospects = datasets.load("prospects")
    mine = prospects[prospects["commercial"] == Q6_SELLER]
    leads = _leads()
    if decided_only:
        leads = leads[leads["statut"] != "en_cours"]
    return formulas.conversion_rate((mine["date_signature"].dt.year == Q6_YEAR).sum(), len(leads))


# --- the questions ------------------------------------------------------------------------------------

q1 = Question(
    id="q1", lesson=LESSON, variable="objectif_sarah", kind="euros", competence="B4.1",
    expected=lambda: _share(Q1_PLANNED),
    mistakes=(
        Mistake(lambda: Q1_SHOP_OBJECTIVE / len(Q1_PLANNED),
                "Tu as partagé l'objectif en parts égales : Sarah ne travaille pas autant d'heures que "
                "ses collègues en avril. Le partage se fait en proportion des heures prévues."),
        Mistake(lambda: _share(Q1_CONTRACT),
                "Tu as partagé l'objectif selon les heures du contrat (35 h, 30 h, 21 h par semaine) : le "
                "planning d'avril compte une semaine de congés pour Sarah. Prends les heures prévues au planning."),
        Mistake(lambda: _share(Q1_PLANNED, among="others"),
                "Tu as divisé les heures de Sarah par les heures de ses trois collègues : le total des heures "
                "prévues compte aussi celles de Sarah."),
        Mistake(lambda: Q1_SHOP_OBJECTIVE / sum(Q1_PLANNED.values()),
                "C'est l'objectif du magasin par heure prévue : multiplie-le par les heures prévues de Sarah."),
        Mistake(lambda: Q1_PLANNED[Q1_SELLER] / sum(Q1_PLANNED.values()) * 100,
                "C'est la part des heures de Sarah, en % : la question demande son objectif en euros. "
                "Applique cette part à l'objectif du magasin."),
    ),
    hints=(
        "L'objectif du magasin se partage en proportion des heures prévues au planning : commence par "
        "additionner les heures prévues des quatre vendeurs.",
        "Objectif de Sarah = objectif du magasin × heures prévues de Sarah ÷ total des heures prévues, "
        "soit 72 750 × 115 ÷ 485.",
    ),
)

q2 = Question(
    id="q2", lesson=LESSON, variable="taux_realisation_sarah", kind="percent", competence="B4.4",
    expected=lambda: _achievement(),
    mistakes=(
        Mistake(_inverse_achievement,
                "Tu as divisé l'objectif par le réalisé : c'est l'inverse. Taux de réalisation = réalisé ÷ "
                "objectif × 100 ; au-dessus de 100 %, l'objectif est dépassé."),
        Mistake(_against_shop_objective,
                "Tu as divisé les ventes de Sarah par l'objectif de tout le magasin : compare-les à son objectif "
                "à elle (colonne objectif_ca_ht de ses lignes dans objectifs)."),
        Mistake(_mean_of_monthly_rates,
                "Tu as fait la moyenne des douze taux mensuels : un mois de faible objectif pèse alors autant "
                "qu'un mois de printemps. Additionne le réalisé et l'objectif de l'année, puis divise."),
        Mistake(lambda: _achievement(column="montant_ttc"),
                "Tu as pris les montants TTC : l'objectif est fixé en chiffre d'affaires HT. Additionne la "
                "colonne montant_ht des tickets."),
        Mistake(lambda: _shop_achievement(),
                "C'est le taux de réalisation de tout le magasin de Villeurbanne : garde seulement les tickets "
                "et les objectifs de Sarah."),
        Mistake(lambda: _achievement(years=(2025,)),
                "C'est le taux de réalisation de Sarah en 2025 : la question porte sur 2024."),
        Mistake(lambda: _achievement(years=YEARS),
                "Tu as gardé 2024 et 2025 : la question porte sur l'année 2024."),
    ),
    hints=(
        "Le réalisé de Sarah est la somme des montant_ht de ses tickets de 2024 (tableau tickets) ; son "
        "objectif, la somme de ses objectif_ca_ht de 2024 (tableau objectifs, colonne mois).",
        "Taux de réalisation = réalisé de l'année ÷ objectif de l'année × 100 : additionne d'abord, divise "
        "ensuite (pas de moyenne de taux mensuels).",
        "tickets[\"date\"].dt.year == 2024 et objectifs[\"mois\"].dt.year == 2024 gardent l'année ; puis "
        "kpilab.target_achievement_rate(realise, objectif).",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="reponse_q3", kind="choice", expected=None, competence="B4.4",
    options=(
        Option("Emma : elle travaille moins d'heures que ses collègues, mais elle vend le plus par heure "
               "travaillée et dépasse le plus son objectif.",
               "À heures égales, Emma vend le plus : environ 189 € par heure travaillée, contre 173 à 174 € "
               "pour Nadia et Thomas, et 111,5 % de son objectif. Son total est plus bas parce qu'elle "
               "travaille 28 h par semaine."),
        Option("Nadia : elle a encaissé le plus gros chiffre d'affaires des trois vendeurs de la Croix-Rousse, "
               "et c'est ce total qui paie les charges du magasin.",
               "Un total dépend des heures : Nadia et Thomas travaillent 35 h par semaine, Emma 28 h. Pour "
               "comparer des personnes, rapporte leurs ventes aux heures travaillées (ou à un objectif fixé "
               "selon ces heures)."),
        Option("Emma, parce que la moyenne de ses douze taux de réalisation mensuels est la plus haute de "
               "l'équipe de la Croix-Rousse.",
               "La conclusion est bonne, pas la raison : on ne fait pas la moyenne de taux. Le taux de "
               "réalisation de l'année, c'est le réalisé de l'année ÷ l'objectif de l'année."),
        Option("Personne : une responsable, un vendeur à temps plein et une vendeuse à temps partiel ne se "
               "comparent pas.",
               "Ils se comparent à heures égales : le chiffre d'affaires par heure travaillée, ou le taux de "
               "réalisation d'un objectif partagé selon les heures prévues."),
    ),
    justification=Justification(
        variable="pourquoi_q3",
        ideas=(
            Idea(("heure", "a temps egal", "temps de travail"),
                 "dis à quoi tu rapportes les ventes de chacun pour les comparer."),
            Idea(("temps partiel", "temps plein", "moins d'heures", "plus d'heures", "moins longtemps",
                  "plus longtemps", "28 h", "35 h", "28h", "35h", "volume", "total"),
                 "dis pourquoi le chiffre d'affaires total avantage Nadia et Thomas."),
        ),
        model=("Emma travaille moins d'heures (28 h contre 35 h) : son total est plus bas, mais par heure "
               "travaillée elle vend le plus, et elle dépasse le plus son objectif."),
    ),
    hints=(
        "Un chiffre d'affaires total dépend du nombre d'heures passées au magasin.",
        "Dans objectifs, additionne les heures_travaillees de 2024 de chacun, puis divise son chiffre "
        "d'affaires par ces heures ; regarde aussi son taux de réalisation de l'année.",
    ),
)

q4 = Question(
    id="q4", lesson=LESSON, variable="ca_heure_mehdi", kind="euros", competence="B4.4",
    expected=lambda: _per_hour(),
    mistakes=(
        Mistake(lambda: _per_hour(hours="heures_prevues"),
                "Tu as divisé par les heures prévues : Mehdi a été absent quelques jours, et un vendeur "
                "absent ne vend pas. Divise par les heures travaillées."),
        Mistake(lambda: _per_hour(column="montant_ttc"),
                "Tu as pris les montants TTC : le chiffre d'affaires se compte HT (colonne montant_ht)."),
        Mistake(lambda: _average_ticket(),
                "Tu as divisé par le nombre de tickets : c'est le panier moyen de Mehdi. Le CA par heure "
                "divise par les heures travaillées."),
        Mistake(lambda: _per_hour(years=(2025,)),
                "C'est le CA par heure de Mehdi en 2025 : la question porte sur 2024."),
        Mistake(lambda: _per_hour(years=YEARS),
                "Tu as gardé 2024 et 2025 : la question porte sur l'année 2024."),
    ),
    hints=(
        "Le chiffre d'affaires de Mehdi est la somme des montant_ht de ses tickets de 2024 ; ses heures "
        "sont dans objectifs, mois par mois.",
        "Divise par la somme de ses heures_travaillees de 2024 (pas les heures prévues) : "
        "kpilab.sales_per_hour(chiffre_affaires, heures).",
    ),
)

q5 = Question(
    id="q5", lesson=LESSON, variable="reponse_q5", kind="choice", expected=None, competence="B4.3",
    options=(
        Option("Fixer avec Paul un objectif de prix moyen par article et l'accompagner sur la montée en gamme "
               "des vélos, avec un point chaque mois.",
               "Paul accueille presque autant de clients par heure et vend autant d'articles par ticket "
               "que Sarah : c'est son prix moyen par article qui fait l'écart. Un objectif SMART sur ce "
               "point, un accompagnement et un suivi mensuel lui donnent les moyens de progresser."),
        Option("Lui demander de prendre plus de clients en charge : c'est en encaissant plus de tickets par "
               "heure qu'il rattrapera Sarah.",
               "Paul encaisse presque autant de tickets par heure que Sarah (0,71 contre 0,75) : ce n'est pas "
               "là que se fait l'écart. Ses articles sont moins chers : c'est son PMA qui est bas."),
        Option("Le former aux ventes additionnelles (casque, antivol, éclairage) : ses clients repartent avec "
               "moins d'articles que ceux de Sarah.",
               "Son indice de vente est le même que celui de Sarah, à un centième près (1,64 contre 1,63) : "
               "ses clients prennent autant d'articles. L'écart vient du prix des articles : c'est la "
               "montée en gamme qu'il faut travailler, pas la vente additionnelle."),
        Option("Relever son objectif de 2026 pour le pousser à se dépasser, et afficher chaque semaine le "
               "classement des vendeurs dans la réserve du magasin.",
               "Un objectif plus haut sans moyens pour l'atteindre décourage, et un classement affiché met "
               "Paul en difficulté devant l'équipe. Un objectif doit être réaliste et venir avec un plan "
               "d'action suivi."),
    ),
    justification=Justification(
        variable="pourquoi_q5",
        ideas=(
            Idea(("prix moyen", "pma", "gamme", "moins cher", "prix des articles", "prix de ses articles",
                  "articles moins", "electrique", "haut de gamme", "valeur des articles"),
                 "dis quel indicateur explique l'écart entre Paul et Sarah."),
            Idea(("accompagn", "form", "suivi", "suivre", "point", "binome", "coach", "entrain", "aide"),
                 "dis comment Antoine aide Paul à progresser et suit ses progrès."),
        ),
        model=("Paul sert presque autant de clients et vend autant d'articles que Sarah, mais des articles "
               "moins chers (PMA bas) : Antoine l'accompagne sur la montée en gamme, avec un point chaque mois."),
    ),
    hints=(
        "Compare Paul et Sarah indicateur par indicateur : où est l'écart, où n'y en a-t-il presque pas ?",
        "Panier moyen = indice de vente × PMA : si l'indice de vente est le même, l'écart de panier vient "
        "du prix des articles. Une bonne action vise cet écart, avec un objectif, de l'aide et un suivi.",
    ),
)

q6 = Question(
    id="q6", lesson=LESSON, variable="taux_conversion_sophie", kind="percent", competence="B4.4",
    expected=lambda: _conversion(),
    mistakes=(
        Mistake(lambda: _conversion(decided_only=False),
                "Tu as gardé les affaires en cours au dénominateur : elles ne sont pas encore jugées (ni "
                "gagnées ni perdues), et elles font baisser le taux. Garde les affaires gagnées ou perdues."),
        Mistake(_won_over_lost,
                "Tu as divisé les affaires gagnées par les affaires perdues : le dénominateur est le nombre "
                "d'affaires conclues, gagnées et perdues ensemble."),
        Mistake(lambda: _conversion(years=(2024,)),
                "C'est le taux de conversion des leads de 2024 : la question porte sur les leads de 2025."),
        Mistake(lambda: _conversion(years=YEARS),
                "Tu as gardé les leads de 2024 et de 2025 : la question porte sur les leads de 2025 "
                "(date_premier_contact)."),
        Mistake(lambda: _conversion(seller=None),
                "C'est le taux de conversion des trois commerciaux : garde seulement les leads de Sophie "
                "(colonne commercial)."),
        Mistake(_ended_in_year,
                "Tu as pris les affaires signées ou abandonnées en 2025, dont certaines viennent de leads de "
                "2024 : garde les leads dont le premier contact date de 2025."),
        Mistake(_signed_in_year,
                "Tes affaires gagnées sont celles signées en 2025, dont certaines viennent de leads de 2024 : "
                "compte les affaires gagnées parmi les leads de 2025, les mêmes que ceux du dénominateur."),
        Mistake(lambda: _signed_in_year(decided_only=False),
                "Deux erreurs : tes affaires gagnées sont celles signées en 2025 (certaines viennent de leads "
                "de 2024), et les affaires en cours sont restées au dénominateur."),
    ),
    hints=(
        "Garde les leads de Sophie dont la date_premier_contact est en 2025, puis laisse de côté ceux dont le "
        "statut vaut « en_cours ».",
        "Taux de conversion = affaires gagnées ÷ affaires conclues (gagnées + perdues) × 100.",
        "conclues = leads_sophie[leads_sophie[\"statut\"] != \"en_cours\"] ; puis "
        "kpilab.conversion_rate((conclues[\"statut\"] == \"gagne\").sum(), len(conclues)).",
    ),
)

# --- question 7: each seller's gap to their objective in the lesson's workbook, copied down -------------

_CA, _OBJ, _SELLER = "Mois!$G$2:$G$133", "Mois!$F$2:$F$133", "Mois!$C$2:$C$133"

q7 = Question(
    id="q7", lesson=LESSON, variable="formule_q7", kind="formula", competence="B4.4",
    where=Where("11", sheet="Indicateurs", cell="G14", copy_to="G26"),
    expected=lambda: f"=SOMME.SI.ENS({_CA};{_SELLER};B14)-SOMME.SI.ENS({_OBJ};{_SELLER};B14)",
    mistakes=(
        Mistake(lambda: f"=SOMME.SI.ENS({_OBJ};{_SELLER};B14)-SOMME.SI.ENS({_CA};{_SELLER};B14)",
                "Ta soustraction est à l'envers : l'écart, c'est le réalisé moins l'objectif. Il est positif "
                "quand le vendeur dépasse son objectif."),
        Mistake(lambda: f"=SOMME.SI.ENS({_CA};{_SELLER};B14)/SOMME.SI.ENS({_OBJ};{_SELLER};B14)",
                "C'est le taux de réalisation (réalisé ÷ objectif), déjà en colonne C : la question demande "
                "l'écart en euros, réalisé − objectif."),
        Mistake(lambda: f"=SOMME.SI.ENS({_CA};{_SELLER};$B$14)-SOMME.SI.ENS({_OBJ};{_SELLER};$B$14)",
                "Tu as figé le critère avec des $ : recopiée, chaque ligne calcule encore Julien Marchand. Fige "
                "les plages ($G$2:$G$133), pas le critère : laisse B14 sans $."),
        Mistake(lambda: f"=SOMME({_CA})-SOMME({_OBJ})",
                "C'est l'écart de toute l'équipe : chaque ligne donne le même. Garde seulement les mois du "
                "vendeur de la colonne B avec SOMME.SI.ENS."),
    ),
    hints=(
        "Dans la feuille Mois, le vendeur est en colonne C, l'objectif en colonne F et le réalisé HT en "
        "colonne G, des lignes 2 à 133. Le nom du vendeur de la ligne est en B14.",
        "=SOMME.SI.ENS(réalisé;vendeurs;B14)-SOMME.SI.ENS(objectif;vendeurs;B14), avec des $ sur les plages "
        "pour que la formule se recopie jusqu'en G26.",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6, q7)

# What the statements say of the data (kpilab.exercises.facts): a devoir gives a student another
# variant when it is false on theirs.
STORY = {
    "Mehdi Haddad a été absent en 2024 : ses heures travaillées sont sous ses heures prévues (question 4)":
        lambda: _planned(Q4_SELLER, (Q4_YEAR,), "heures_travaillees") < _planned(Q4_SELLER, (Q4_YEAR,), "heures_prevues"),
}
# Questions a devoir leaves out, and why (kpilab.devoirs): their right answer depends on the data.
NOT_IN_DEVOIRS = {
    "q3": "sa bonne réponse (Emma vend le plus par heure travaillée) et les totaux de son énoncé dépendent "
          "des données : sur une autre variante, un autre vendeur pourrait mériter la prime",
    "q5": "le tableau de l'entretien et la bonne action (le PMA de Paul) dépendent des données : sur une "
          "autre variante, l'écart pourrait venir d'un autre indicateur",
    "q7": "formule de tableur : elle se vérifie sur le classeur de la leçon, le même pour tous",
}
