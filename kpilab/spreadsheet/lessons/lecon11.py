"""Le classeur de la leçon 11 — piloter l'équipe commerciale (épreuve E8).

Two data sheets: each shop seller's months of 2025 (Mois: hours, objective, and the revenue of
their tickets from kpilab's tables) and the B2B leads of 2024–2025 (Leads).

>>> BOOK.filename
'11_piloter_l_equipe.xlsx'
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from kpilab import datasets, formulas, tables
from kpilab.spreadsheet.book import Block, Book, Column, Indicator, Sheet

YEAR = "2025"
BY = ["point_de_vente", "vendeur"]


def _inputs():
    return datasets.load("objectifs"), datasets.load("commandes"), datasets.load("tickets_vendeurs")


@cache
def _mois():
    """Each seller's month of 2025: planned and worked hours, objective, revenue HT of their tickets."""
    objectifs = datasets.load("objectifs")
    objectifs = objectifs[objectifs["mois"].dt.year == int(YEAR)]
    realised = tables.target_achievement_by(*_inputs(), by=BY, period="month")["chiffre_affaires_ht"]
    keys = zip(objectifs["point_de_vente"], objectifs["vendeur"], objectifs["mois"].dt.to_period("M"))
    frame = objectifs.assign(chiffre_affaires_ht=[float(realised.loc[key]) for key in keys])
    return frame.sort_values(["point_de_vente", "vendeur", "mois"])[
        ["mois", "point_de_vente", "vendeur", "heures_prevues", "heures_travaillees", "objectif_ca_ht",
         "chiffre_affaires_ht"]]


@cache
def _year():
    return tables.seller_sales_by(*_inputs(), by=BY, period="year").xs(YEAR, level="periode").droplevel(
        "point_de_vente")


@cache
def _achievement():
    return tables.target_achievement_by(*_inputs(), by=BY, period="year").xs(YEAR, level="periode").droplevel(
        "point_de_vente")


@cache
def _monthly_rates():
    return tables.target_achievement_by(*_inputs(), by=BY, period="month")



def _leads():
    return datasets.load("prospects")[["prospect_id", "commercial", "taille", "date_premier_contact", "statut",
                                       "montant_ht"]]


@cache
def _conversion():
    return tables.seller_conversion_by(datasets.load("prospects"))


def _total(column):
    return float(_achievement()[column].sum())


COMMERCIAUX = ("Inès Moreau", "Karim Benali", "Sophie Laurent")
SELLERS = ("Julien Marchand", "Camille Roux", "Mehdi Haddad", "Léa Fontaine", "Maxime Garnier", "Emma Petit",
           "Hugo Lefèvre", "Nadia Belkacem", "Thomas Girard", "Antoine Dubois", "Paul Lambert", "Sarah Benmoussa",
           "Yanis Mercier")

BOOK = Book(
    lesson="11_piloter_l_equipe",
    title="Leçon 11 — Piloter l'équipe commerciale de Roue Libre (épreuve E8)",
    about=("Deux extraits. Mois : les 132 mois de 2025 des 13 vendeurs des trois magasins, une ligne par vendeur "
           "et par mois : heures prévues et travaillées, objectif (datasets/objectifs.csv) et CA HT réalisé, "
           "la somme de ses tickets (datasets/tickets_vendeurs.csv et commandes.csv). Leads : les 589 leads du "
           "Service entreprises de 2024 et 2025 (datasets/prospects.csv), une ligne par lead."),
    sheets=(
        Sheet("Mois", _mois, (
            Column("mois", "Mois", "date"),
            Column("magasin", "Magasin", "text", source="point_de_vente"),
            Column("vendeur", "Vendeur", "text"),
            Column("heures_prevues", "Heures prévues", "count"),
            Column("heures_travaillees", "Heures travaillées", "count"),
            Column("objectif", "Objectif HT", "euros", source="objectif_ca_ht"),
            Column("realise", "Réalisé HT", "euros", source="chiffre_affaires_ht"),
            Column("taux_mois", "Taux de réalisation du mois", "percent", formula="={realise#}/{objectif#}",
                   value=lambda f: pd.Series([float(formulas.target_achievement_rate(r, o))
                                              for r, o in zip(f["chiffre_affaires_ht"], f["objectif_ca_ht"])])),
            Column("ca_heure", "CA par heure travaillée", "euros", formula="={realise#}/{heures_travaillees#}",
                   value=lambda f: pd.Series([float(formulas.sales_per_hour(r, h))
                                              for r, h in zip(f["chiffre_affaires_ht"], f["heures_travaillees"])])),
        )),
        Sheet("Leads", _leads, (
            Column("prospect_id", "Lead", "text"),
            Column("commercial", "Commercial", "text"),
            Column("taille", "Taille", "text"),
            Column("date_premier_contact", "Premier contact", "date"),
            Column("statut", "Statut", "text"),
            Column("montant_ht", "Montant signé HT", "euros"),
        )),
    ),
    blocks=(
        Block(f"Les trois magasins en {YEAR}", (
            Indicator("Réalisé", "=SOMME({realise})", lambda: _total("chiffre_affaires_ht"), "euros", name="realise"),
            Indicator("Objectif", "=SOMME({objectif})", lambda: _total("objectif_ca_ht"), "euros", name="objectif"),
            Indicator("Taux de réalisation", "={=realise}/{=objectif}",
                      lambda: float(formulas.target_achievement_rate(_total("chiffre_affaires_ht"),
                                                                     _total("objectif_ca_ht"))), "percent",
                      note="Réalisé ÷ objectif : additionne d'abord, divise ensuite. Format % : pas de × 100."),
            Indicator("Moyenne des taux mensuels (à ne pas faire)", "=MOYENNE({taux_mois})",
                      lambda: float(_monthly_rates()["taux_de_realisation"].astype(float)
                                    [lambda s: s.index.get_level_values("periode").year == int(YEAR)].mean()),
                      "percent",
                      note="Faux : un petit mois d'alternant pèse autant qu'un mois de printemps d'un temps plein."),
        )),
        Block("Taux de réalisation par vendeur", tuple(
            Indicator(f"Taux de réalisation — {seller}",
                      "=SOMME.SI.ENS({$realise};{$vendeur};{cle})/SOMME.SI.ENS({$objectif};{$vendeur};{cle})",
                      lambda seller=seller: float(_achievement().loc[seller, "taux_de_realisation"]), "percent",
                      key=seller)
            for seller in SELLERS),
            note="La formule de la première ligne est recopiée vers le bas : les plages sont figées par des $, "
                 "le critère (colonne B) ne l'est pas."),
        Block("CA par heure travaillée par vendeur", tuple(
            Indicator(f"CA par heure — {seller}",
                      "=SOMME.SI.ENS({$realise};{$vendeur};{cle})/SOMME.SI.ENS({$heures_travaillees};{$vendeur};{cle})",
                      lambda seller=seller: float(_year().loc[seller, "ca_par_heure"]), "euros", key=seller)
            for seller in SELLERS),
            note="Le CA de l'année ÷ les heures travaillées de l'année : il compare des vendeurs qui n'ont pas "
                 "les mêmes heures (à comparer dans le même magasin)."),
        Block("Service entreprises : taux de conversion des leads (2024-2025)", tuple(
            Indicator(f"Taux de conversion — {name}",
                      '=NB.SI.ENS({$commercial};{cle};{$statut};"gagne")/NB.SI({$commercial};{cle})',
                      lambda name=name: float(_conversion().loc[name, "taux_de_conversion"]), "percent", key=name)
            for name in COMMERCIAUX) + (
            Indicator("Affaire moyenne — Sophie Laurent",
                      '=MOYENNE.SI.ENS({montant_ht};{commercial};"Sophie Laurent";{statut};"gagne")',
                      lambda: float(_conversion().loc["Sophie Laurent", "affaire_moyenne_ht"]), "euros"),),
            note="NB.SI.ENS compte les lignes qui remplissent tous les critères : ventes gagnées ÷ tous les leads "
                 "du commercial (les leads en cours restent au dénominateur, comme dans la leçon 02)."),
    ),
)
