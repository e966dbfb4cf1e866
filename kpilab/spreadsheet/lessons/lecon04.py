"""Le classeur de la leçon 04 — le panier moyen et l'indice de vente, sur les commandes de mars 2025.

>>> BOOK.filename
'04_panier_moyen.xlsx'
"""

from __future__ import annotations

import pandas as pd

from kpilab import datasets, formulas, tables
from kpilab.spreadsheet.book import Block, Book, Column, Indicator, Sheet

SHOPS = ("Bellecour", "Croix-Rousse", "Villeurbanne", "Site web")
MONTH = ("2025-03-01", "2025-04-01")  # the extract: the orders of March 2025


def _commandes() -> pd.DataFrame:
    """Every order of March 2025 (shops, web shop and B2B), in the order of the data."""
    orders = datasets.load("commandes")
    month = orders[(orders["date"] >= MONTH[0]) & (orders["date"] < MONTH[1])]
    return month.assign(canal=month["canal"].astype(str), point_de_vente=month["point_de_vente"].astype(str))


def _particuliers() -> pd.DataFrame:
    orders = _commandes()
    return orders[orders["canal"] != "b2b"]


def _total(frame: pd.DataFrame, column: str) -> float:
    return float(tables.average_order_value_by(frame).loc["total", column])


def _shop(shop: str) -> float:
    return float(tables.average_order_value_by(_commandes(), by="point_de_vente").loc[shop, "panier_moyen_ht"])


def _ttc() -> float:
    frame = _particuliers()
    return float(formulas.average_order_value(frame["montant_ttc"].sum(), len(frame)))


BOOK = Book(
    lesson="04_panier_moyen",
    title="Leçon 04 — Le panier moyen de Roue Libre en mars 2025",
    about="Les 1 296 commandes de mars 2025 (datasets/commandes.csv) : tickets des trois magasins, commandes "
          "du site web et 7 commandes B2B du Service entreprises, une ligne par commande.",
    sheets=(
        Sheet("Commandes", _commandes, (
            Column("commande_id", "Commande", "text"),
            Column("date", "Date", "date"),
            Column("canal", "Canal", "text"),
            Column("point_de_vente", "Point de vente", "text"),
            Column("client_id", "Client", "text"),
            Column("nb_articles", "Articles", "count"),
            Column("montant_ht", "Montant HT", "euros"),
            Column("montant_ttc", "Montant TTC", "euros"),
        )),
    ),
    blocks=(
        Block("Particuliers : magasins et site web, sans le B2B", (
            Indicator("Chiffre d'affaires HT", '=SOMME.SI.ENS({montant_ht};{canal};"<>b2b")',
                      lambda: _total(_particuliers(), "chiffre_affaires_ht"), "euros", name="ca",
                      note="Le critère \"<>b2b\" garde toutes les lignes dont le canal n'est pas b2b."),
            Indicator("Transactions (tickets et commandes web)", '=NB.SI.ENS({canal};"<>b2b")',
                      lambda: _total(_particuliers(), "transactions"), "count", name="tickets",
                      note="Une ligne = une transaction : on compte les lignes, on n'additionne rien."),
            Indicator("Panier moyen HT", "={=ca}/{=tickets}", lambda: _total(_particuliers(), "panier_moyen_ht"),
                      "euros", name="panier",
                      note="Additionne d'abord le chiffre d'affaires, divise ensuite par le nombre de transactions."),
            Indicator("Articles vendus", '=SOMME.SI.ENS({nb_articles};{canal};"<>b2b")',
                      lambda: _total(_particuliers(), "articles"), "count", name="articles"),
            Indicator("Indice de vente (articles par ticket)", "={=articles}/{=tickets}",
                      lambda: _total(_particuliers(), "indice_de_vente"), "ratio", name="indice"),
            Indicator("Prix moyen d'un article (PMA) HT", "={=ca}/{=articles}",
                      lambda: float(formulas.average_item_price(_particuliers()["montant_ht"].sum(),
                                                                 _particuliers()["nb_articles"].sum())), "euros",
                      note="Le prix moyen d'un article, pas le panier moyen : panier moyen = indice de vente × PMA."),
            Indicator("Panier moyen TTC (pour comparer)", '=SOMME.SI.ENS({montant_ttc};{canal};"<>b2b")/{=tickets}',
                      _ttc, "euros",
                      note="20 % de plus, à cause de la TVA : le cours pilote en HT. Dis toujours HT ou TTC."),
        )),
        Block("Par point de vente", tuple(
            Indicator(f"Panier moyen HT — {shop}",
                      "=SOMME.SI.ENS({$montant_ht};{$point_de_vente};{cle})/NB.SI.ENS({$point_de_vente};{cle})",
                      lambda shop=shop: _shop(shop), "euros", key=shop, name=f"pdv{i}")
            for i, shop in enumerate(SHOPS)),
            note="La formule de la première ligne est recopiée vers le bas : les plages sont figées par des $, "
                 "le critère (colonne B) ne l'est pas."),
        Block("Les calculs à ne pas faire", (
            Indicator("Panier moyen avec les commandes B2B (à ne pas faire)", "=SOMME({montant_ht})/NBVAL({commande_id})",
                      lambda: _total(_commandes(), "panier_moyen_ht"), "euros",
                      note="Faux : 7 flottes de vélos à plusieurs milliers d'euros gonflent la moyenne des tickets."),
            Indicator("Moyenne des paniers des points de vente (à ne pas faire)",
                      "=MOYENNE({=pdv0};{=pdv1};{=pdv2};{=pdv3})",
                      lambda: float(tables.average_order_value_by(_particuliers(), by="point_de_vente")
                                    .loc[list(SHOPS), "panier_moyen_ht"].mean()), "euros",
                      note="Faux : le site web pèse autant que Bellecour, qui a plus de deux fois plus de tickets."),
        )),
    ),
)
