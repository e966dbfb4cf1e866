"""Exercices de la leçon 02 — le taux de conversion et le coût par conversion."""

from __future__ import annotations

import pandas as pd

from kpilab import datasets, formulas, tables
from kpilab.exercises import facts
from kpilab.exercises.engine import Idea, Justification, Mistake, Option, Question
from kpilab.exercises.formula import Where

LESSON = "02_taux_de_conversion"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]

# Énoncé de la question 1 : une campagne de phoning.
Q1_CONTACTS, Q1_RESPONSES, Q1_LEADS, Q1_SALES = 250, 50, 40, 10
# Énoncé de la question 6 : la moitié des affaires en cours de 2025 signent.
Q6_SHARE_SIGNED = 0.5
YEAR = pd.Period("2025", "Y")
CAMPAIGN_CHANNELS = ("emailing", "telephone", "linkedin", "salon", "courrier")


def _prospects():
    return datasets.load("prospects")


def _campagnes():
    return datasets.load("campagnes")


def _rate(by=None, **options):
    return tables.conversion_rate_by(_prospects(), by=by, **options)


def _year(prospects=None, **options) -> pd.Series:
    """The 2025 row of the conversion table: leads of 2025 (first contact in 2025)."""
    prospects = _prospects() if prospects is None else prospects
    return tables.conversion_rate_by(prospects, period="year", **options).loc[YEAR].astype(float)


def _leads_2025():
    prospects = _prospects()
    return prospects[prospects["date_premier_contact"].dt.year == 2025]


def _by_channel():
    return tables.conversion_rate_by(tables.leads_with_channel(_prospects(), _campagnes()), by="canal")


def _campaign_channels():
    table = _by_channel()
    return table[table.index.isin(CAMPAIGN_CHANNELS)]


def _salons():
    """Cost, leads and sales of the trade-show campaigns."""
    return tables.cost_per_conversion_by(_campagnes(), _prospects(), by="canal").loc["salon"]


q1 = Question(
    id="q1", lesson=LESSON, variable="taux_conversion", kind="percent", competence="B1.3",
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
    id="q2", lesson=LESSON, variable="taux_leads_2025", kind="percent", competence="B3.3",
    expected=lambda: _year()["taux_de_conversion"],
    mistakes=(
        Mistake(lambda: _year(closed_only=True)["taux_de_conversion"],
                "Tu as retiré les affaires en cours : c'est le taux parmi les affaires conclues. "
                "La question demande le taux de tous les leads de 2025 : les affaires en cours restent au "
                "dénominateur."),
        Mistake(lambda: formulas.conversion_rate((_leads_2025()["statut"] != "perdu").sum(), len(_leads_2025())),
                "Tu as compté les affaires en cours comme des ventes : une vente, c'est un contrat "
                "signé (statut « gagne »)."),
        Mistake(lambda: _rate().loc["total", "taux_de_conversion"],
                "C'est le taux de tous les leads de 2024 et de 2025 : garde seulement les leads dont le "
                "premier contact date de 2025."),
        Mistake(lambda: tables.conversion_rate_by(_prospects(), period="year").loc[pd.Period("2024", "Y"),
                                                                                    "taux_de_conversion"],
                "C'est le taux des leads de 2024 : la question porte sur l'année 2025."),
        Mistake(lambda: tables.conversion_rate_by(_leads_2025(), by="source")["taux_de_conversion"].astype(float).mean(),
                "Tu as fait la moyenne des taux des trois origines : elles n'ont pas le même nombre de "
                "leads. Compte toutes les ventes, tous les leads, puis divise."),
        Mistake(lambda: formulas.conversion_rate((_prospects()["date_signature"].dt.year == 2025).sum(),
                                                 len(_leads_2025())),
                "Tu as compté les ventes signées en 2025, dont certaines viennent de leads de 2024 : compte "
                "les leads de 2025 (premier contact en 2025) qui ont signé, au numérateur comme au dénominateur."),
    ),
    hints=(
        "Garde les leads dont la colonne date_premier_contact est en 2025 : .dt.year == 2025.",
        "Parmi eux, une vente = un statut « gagne ». Les affaires « en_cours » sont des leads (au "
        "dénominateur), mais pas encore des ventes.",
        "nb_ventes = (leads_2025['statut'] == 'gagne').sum(), puis kpilab.conversion_rate(nb_ventes, len(leads_2025)).",
    ),
)

q3 = Question(
    id="q3", lesson=LESSON, variable="meilleur_canal", kind="label", competence="B2.5",
    labels=CAMPAIGN_CHANNELS,
    expected=lambda: str(_campaign_channels()["taux_de_conversion"].astype(float).idxmax()),
    mistakes=(
        Mistake(lambda: str(_campaign_channels()["leads"].astype(float).idxmax()),
                "C'est le canal qui apporte le plus de leads, mais il en convertit peu. Compare les "
                "taux de conversion (ventes ÷ leads), pas les nombres de leads."),
        Mistake(lambda: str(_by_channel()["taux_de_conversion"].astype(float).idxmax()),
                "La recommandation a le meilleur taux, mais ce n'est pas un canal de campagne. "
                "Cherche parmi les cinq canaux de campagne."),
    ),
    hints=(
        "tables.leads_with_channel(prospects, campagnes) ajoute la colonne « canal » à chaque lead.",
        "Puis tables.conversion_rate_by(…, by='canal') donne le taux de chaque canal : "
        "ne regarde que les cinq canaux de campagne.",
    ),
)


def _salon_campaigns():
    campaigns = _campagnes()
    return campaigns[campaigns["canal"] == "salon"]


q4 = Question(
    id="q4", lesson=LESSON, variable="cout_conversion_salons", kind="euros", competence="B2.5",
    expected=lambda: float(_salons()["cout_par_conversion"]),
    mistakes=(
        Mistake(lambda: float(_salons()["cout_par_lead"]),
                "Tu as divisé le coût par les leads : c'est le coût par lead. Le coût par conversion "
                "divise le coût par les ventes signées."),
        Mistake(lambda: tables.cost_per_conversion_by(_salon_campaigns(), _prospects())["cout_par_conversion"]
                .astype(float).mean(),
                "Tu as fait la moyenne des coûts par conversion des quatre salons : un salon qui a signé "
                "peu de ventes pèse alors autant qu'un autre. Additionne les coûts, additionne les "
                "ventes, puis divise."),
        Mistake(lambda: formulas.cost_per_conversion(_salon_campaigns()["cout_ht"].sum(),
                                                     _salon_campaigns()["reponses"].sum()),
                "Tu as divisé le coût par les réponses aux salons : c'est un coût par réponse. "
                "Divise par les ventes signées par les leads des salons."),
        Mistake(lambda: formulas.cost_per_conversion(_salon_campaigns()["cout_ht"].sum(),
                                                     (_prospects()["statut"] == "gagne").sum()),
                "Tu as divisé par toutes les ventes du Service entreprises : garde seulement les ventes "
                "signées par des leads venus des salons."),
        Mistake(lambda: formulas.cost_per_conversion(_campagnes()["cout_ht"].sum(), _salons()["ventes"]),
                "Tu as pris le coût de toutes les campagnes : garde seulement le coût des quatre salons."),
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
    id="q5", lesson=LESSON, variable="reponse_q5", kind="choice", expected=None, competence="B3.3",
    options=(
        Option("On ne peut pas les comparer : 1,7 % se calcule sur les sessions du site, 23,4 % sur "
               "les leads, des entreprises qui ont déjà demandé un devis.",
               "Chaque taux a son dénominateur : des sessions du site d'un côté, des leads (des "
               "entreprises qui ont déjà montré leur intérêt) de l'autre."),
        Option("Le Service entreprises vend presque 14 fois mieux que le site web, puisque 23,4 ÷ 1,7 "
               "donne environ 14 : il faut lui donner le budget du site.",
               "Les deux taux n'ont pas le même dénominateur : des sessions du site d'un côté, des leads "
               "de l'autre. On ne peut pas dire que l'un « vend 14 fois mieux »."),
        Option("Le site web est mauvais : on lit partout qu'un bon taux de conversion est toujours "
               "compris entre 2 et 5 %, et 1,7 % est en dessous.",
               "Le repère « 2 à 5 % » vaut pour les visites d'une boutique en ligne, sans source ni "
               "périmètre : il ne dit rien d'un tunnel de leads."),
        Option("Inès se trompe forcément dans son calcul, car un taux de conversion ne dépasse jamais "
               "5 %, quel que soit le tunnel.",
               "Un taux de conversion des leads peut dépasser 5 % : un lead a déjà montré son intérêt. "
               "La limite de 5 % n'existe pas."),
    ),
    justification=Justification(
        variable="pourquoi_q5",
        ideas=(
            Idea(("session", "visite", "visiteur", "site"),
                 "dis sur quoi est calculé le taux de la boutique en ligne."),
            Idea(("lead", "prospect", "devis", "entreprise"),
                 "dis sur quoi est calculé le taux du Service entreprises."),
        ),
        model=("Le taux du site divise les commandes par les sessions, celui du Service entreprises divise "
               "les ventes par les leads : ce n'est pas le même dénominateur."),
    ),
    hints=(
        "Pour chaque taux, demande-toi : ventes divisées par quoi ?",
        "Un repère n'a de sens qu'avec son périmètre : quel tunnel, quel dénominateur ?",
    ),
)


def _what_if_2025(add_to_leads: bool = False, drop_others: bool = False, both_years: bool = False,
                  share: float = Q6_SHARE_SIGNED) -> float:
    """2025 conversion rate if half (``share``) of the open deals of 2025 were signed."""
    table = _rate(period="year")
    row = (table.sum() if both_years else table.loc[YEAR]).astype(float)
    signed = row["en_cours"] * share
    leads = row["leads"]
    if add_to_leads:
        leads += signed
    if drop_others:
        leads -= row["en_cours"] - signed
    return float(formulas.conversion_rate(row["ventes"] + signed, leads))


q6 = Question(
    id="q6", lesson=LESSON, variable="taux_2025_si", kind="percent", competence="B3.2",
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
        Mistake(lambda: _what_if_2025() - float(_year()["taux_de_conversion"]),
                "C'est la hausse du taux, en points : la question demande le nouveau taux de conversion."),
        Mistake(lambda: _what_if_2025(share=1.0),
                "Tu as fait signer les 32 affaires en cours : dans cette hypothèse, seule la moitié signe "
                "(16 affaires), les autres sont perdues."),
    ),
    hints=(
        "Pars des leads de 2025 de la question 2 : combien de ventes, combien d'affaires en cours ?",
        "Si la moitié des affaires en cours signent, les ventes augmentent de en_cours ÷ 2. Le nombre "
        "de leads, lui, ne change pas.",
        "Taux = (ventes + en_cours ÷ 2) ÷ leads × 100, avec les chiffres de 2025.",
    ),
)

# The workbook's ranges (classeurs/02_taux_de_conversion.xlsx), sheet Campagnes: canal in C, the leads of
# each campaign in E, its sales in F, 24 campaigns; the channels are in B34:B38 of the sheet Indicateurs.
_SALES = "SOMME.SI.ENS(Campagnes!$F$2:$F$25;Campagnes!$C$2:$C$25;B34)"
_LEADS = "SOMME.SI.ENS(Campagnes!$E$2:$E$25;Campagnes!$C$2:$C$25;B34)"

q7 = Question(
    id="q7", lesson=LESSON, variable="formule_q7", kind="formula", competence="B2.5",
    where=Where("02", sheet="Indicateurs", cell="G34", copy_to="G38", percent=True),
    expected=lambda: f"={_SALES}/{_LEADS}",
    mistakes=(
        Mistake(lambda: f"={_SALES}/SOMME(Campagnes!$E$2:$E$25)",
                "Tu as divisé par les leads de toutes les campagnes : le taux d'un canal divise ses ventes par "
                "ses propres leads. Au dénominateur aussi, garde le canal de la colonne B."),
        Mistake(lambda: f"={_LEADS}/{_SALES}",
                "Ta division est à l'envers : le taux de conversion, ce sont les ventes divisées par les leads."),
        Mistake(lambda: f"={_SALES}/NB.SI(Campagnes!$C$2:$C$25;B34)",
                "Tu as divisé par le nombre de campagnes du canal : c'est un nombre moyen de ventes par campagne. "
                "Le taux de conversion divise les ventes par les leads (colonne E)."),
        Mistake(lambda: "=SOMME.SI.ENS(Campagnes!$D$2:$D$25;Campagnes!$C$2:$C$25;B34)/"
                        "SOMME.SI.ENS(Campagnes!$F$2:$F$25;Campagnes!$C$2:$C$25;B34)",
                "C'est le coût par conversion du canal (colonne C de la feuille) : la question demande son taux "
                "de conversion, ventes ÷ leads."),
    ),
    hints=(
        "Sur la feuille Campagnes, le canal est en colonne C, les leads de chaque campagne en colonne E et ses "
        "ventes en colonne F, des lignes 2 à 25. Le canal de la ligne est en B34.",
        "Additionne d'abord les ventes du canal, puis ses leads, avec SOMME.SI.ENS ; divise ensuite.",
        "La formule est recopiée jusqu'en G38 : fige les plages avec des $ ($F$2:$F$25), pas B34.",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6, q7)
NOT_IN_DEVOIRS = {"q7": "formule de tableur : elle se vérifie sur le classeur de la leçon, le même pour tous"}


# --- what the statements quote of the data (kpilab.exercises.facts): a devoir shows a student theirs ---

def _web_rate() -> float:
    """The web shop's conversion rate of question 5: orders ÷ sessions × 100, 2024-2025."""
    table = tables.store_conversion_by(datasets.load("commandes"), datasets.load("frequentation"))
    return float(table.loc["Site web", "taux_de_transformation"])


def _leads_rate() -> float:
    return float(_rate().loc["total", "taux_de_conversion"])


def _leads_over_web() -> float:
    """The two rates of question 5 as shown (one decimal), one over the other."""
    return facts.half_up(_leads_rate(), 1) / facts.half_up(_web_rate(), 1)


def _open_deals():
    prospects = _prospects()
    return prospects[prospects["statut"] == "en_cours"]


FACTS = {
    "taux_site": lambda: facts.number(_web_rate()),
    "taux_leads": lambda: facts.number(_leads_rate()),
    "leads_sur_site": lambda: facts.about(_leads_over_web()),
    "leads_sur_site_fois": lambda: facts.times(_leads_over_web()),
    "en_cours_2025": lambda: facts.count(len(_open_deals())),
    "moitie_en_cours_2025": lambda: facts.half_days(len(_open_deals()) / 2),
}
OPTION_FACTS = {"q5": ("taux_site", "taux_leads", "leads_sur_site", "leads_sur_site_fois")}
MESSAGE_FACTS = {"q6": ("en_cours_2025", "moitie_en_cours_2025")}
STORY = {
    "Roue Libre a tenu quatre salons (question 4)": lambda: (_campagnes()["canal"] == "salon").sum() == 4,
    "le taux du site web est sous 2 % et celui des leads au-dessus de 5 % (question 5)":
        lambda: facts.half_up(_web_rate(), 1) < 2 and _leads_rate() > 5,
    "les affaires en cours au 31/12/2025 sont toutes des leads de 2025, et il y en a plusieurs (question 6)":
        lambda: len(_open_deals()) >= 2 and bool((_open_deals()["date_premier_contact"].dt.year == 2025).all()),
}
