"""Le classeur de la leçon 07 — la valeur vie des clients particuliers du magasin de Villeurbanne."""

from __future__ import annotations

from functools import cache

import pandas as pd

from kpilab import datasets, formulas, tables
from kpilab.spreadsheet.book import Block, Book, Column, Indicator, Sheet

SHOP = "Villeurbanne"
SEGMENTS = ("velotaf", "sportif", "famille", "occasionnel")


@cache
def _data():
    """The shop's private customers, their 2024–2025 orders and those orders' lines."""
    clients = datasets.load("clients")
    clients = clients[(clients["point_de_vente"] == SHOP) & (clients["type_client"] == "particulier")]
    orders = datasets.load("commandes")
    orders = orders[orders["client_id"].isin(clients["client_id"]) & orders["date"].dt.year.isin([2024, 2025])]
    lines = datasets.load("lignes_commande")
    lines = lines[lines["commande_id"].isin(orders["commande_id"])]
    return clients, orders, lines


def _clients():
    """One row per customer of the file: orders of 2024 and of 2025, 2025 revenue and purchase cost."""
    clients, orders, lines = _data()
    year = orders["date"].dt.year
    cost = (lines["quantite"] * lines["prix_achat_unitaire_ht"]).groupby(lines["commande_id"]).sum()
    orders = orders.assign(annee=year, cout=orders["commande_id"].map(cost).fillna(0.0))
    in_2025 = orders[orders["annee"] == 2025]
    frame = clients[["client_id", "segment"]].copy()
    frame["segment"] = frame["segment"].astype(str)
    count = orders.groupby(["client_id", "annee"]).size().unstack(fill_value=0)
    frame["achats_2024"] = frame["client_id"].map(count.get(2024, pd.Series(dtype=int))).fillna(0).astype(int)
    frame["achats_2025"] = frame["client_id"].map(count.get(2025, pd.Series(dtype=int))).fillna(0).astype(int)
    frame["ca_2025"] = frame["client_id"].map(in_2025.groupby("client_id")["montant_ht"].sum()).fillna(0.0).round(2)
    frame["cout_2025"] = frame["client_id"].map(in_2025.groupby("client_id")["cout"].sum()).fillna(0.0).round(2)
    return frame.sort_values("client_id").reset_index(drop=True)


@cache
def _clv(by="segment"):
    clients, orders, lines = _data()
    if by is None:
        clients = clients.drop(columns="segment")
    return tables.customer_lifetime_value_by(orders, lines, clients, by=by, year=2025)


def _total(column):
    table = _clv(None)
    return float(table[column].iloc[0])


def _segment(segment, column="valeur_vie_client"):
    return float(_clv().loc[segment, column])


_ACTIVE = '{achats_2025};">0"'
_CLV_SEGMENT = ('=SOMME.SI.ENS({$ca_2025};{$segment};{cle})/NB.SI.ENS({$achats_2025};">0";{$segment};{cle})'
                '*NB.SI.ENS({$achats_2024};">0";{$segment};{cle})'
                '/NB.SI.ENS({$achats_2024};">0";{$achats_2025};0;{$segment};{cle})'
                '*(SOMME.SI.ENS({$ca_2025};{$segment};{cle})-SOMME.SI.ENS({$cout_2025};{$segment};{cle}))'
                '/SOMME.SI.ENS({$ca_2025};{$segment};{cle})')

BOOK = Book(
    lesson="07_valeur_vie_client",
    title="Leçon 07 — La valeur vie des clients particuliers de Villeurbanne",
    about=(f"Les {len(_clients())} clients particuliers rattachés au magasin de Villeurbanne, qu'ils aient acheté "
           "ou non en 2024 et 2025 (datasets/clients.csv, commandes.csv et lignes_commande.csv), une ligne par client : "
           "ses achats de chaque année, son chiffre d'affaires HT et son coût d'achat HT de 2025."),
    sheets=(
        Sheet("Clients", _clients, (
            Column("client_id", "Client", "text"),
            Column("segment", "Segment", "text"),
            Column("achats_2024", "Achats 2024", "count"),
            Column("achats_2025", "Achats 2025", "count"),
            Column("ca_2025", "CA HT 2025", "euros"),
            Column("cout_2025", "Coût d'achat HT 2025", "euros"),
        )),
    ),
    blocks=(
        Block("Tous les clients particuliers du magasin, 2025", (
            Indicator("Commandes 2025", "=SOMME({achats_2025})", lambda: _total("commandes"), "count",
                      name="commandes"),
            Indicator("Clients actifs en 2025", f"=NB.SI({_ACTIVE})", lambda: _total("clients_actifs"), "count",
                      name="actifs", note="Un client actif a au moins un achat dans l'année."),
            Indicator("Panier moyen HT", "=SOMME({ca_2025})/{=commandes}", lambda: _total("panier_moyen_ht"),
                      "euros", name="panier"),
            Indicator("Fréquence d'achat (achats par client actif)", "={=commandes}/{=actifs}",
                      lambda: _total("achats_par_an"), "ratio", name="frequence",
                      note="On divise par les clients actifs, pas par tout le fichier."),
            Indicator("Taux d'attrition 2025", '=NB.SI.ENS({achats_2024};">0";{achats_2025};0)/NB.SI({achats_2024};">0")',
                      lambda: _total("taux_d_attrition"), "percent", name="attrition",
                      note="Clients de 2024 sans achat en 2025 ÷ clients de 2024. La cellule est au format %."),
            Indicator("Durée de vie (années)", "=1/{=attrition}", lambda: _total("duree_de_vie_annees"), "ratio",
                      name="duree", note="La cellule du taux contient 0,45 (affiché 45 %) : 1 ÷ 0,45, pas 1 ÷ 45."),
            Indicator("Taux de marque", "=(SOMME({ca_2025})-SOMME({cout_2025}))/SOMME({ca_2025})",
                      lambda: _total("taux_de_marque"), "percent", name="marque",
                      note="La marge rapportée au prix de vente : la part du chiffre d'affaires gardée."),
            Indicator("Valeur vie client, en marge", "={=panier}*{=frequence}*{=duree}*{=marque}",
                      lambda: _total("valeur_vie_client"), "euros", name="clv"),
            Indicator("Valeur vie avec le taux de marge (à ne pas faire)",
                      "={=panier}*{=frequence}*{=duree}*(SOMME({ca_2025})-SOMME({cout_2025}))/SOMME({cout_2025})",
                      lambda: float(formulas.customer_lifetime_value(
                          _total("panier_moyen_ht"), _total("achats_par_an"), _total("duree_de_vie_annees"),
                          margin_rate=float(formulas.markup_rate(_total("chiffre_affaires_ht"),
                                                                 _total("cout_achat_ht"))) / 100)),
                      "euros",
                      note="Faux : le taux de marge (marge ÷ coût d'achat) surestime la valeur vie. "
                           "On garde la marge sur le prix de vente, le taux de marque."),
        )),
        Block("Valeur vie par segment", tuple(
            Indicator(f"Valeur vie — {segment}", _CLV_SEGMENT, lambda segment=segment: _segment(segment), "euros",
                      key=segment)
            for segment in SEGMENTS),
            note="CA ÷ clients actifs (panier × fréquence) × durée de vie (1 ÷ attrition) × taux de marque, "
                 "pour le segment de la colonne B. Les plages sont figées par des $ : la formule se recopie "
                 "vers le bas."),
    ),
)
