"""Le classeur de la leçon 08 — le tableau de bord du magasin de Villeurbanne, 2025 face à 2024."""

from __future__ import annotations

import datetime as dt
from functools import cache

from kpilab import datasets, tables
from kpilab.dashboard import change, summary
from kpilab.spreadsheet.book import Block, Book, Column, Indicator, Sheet

SHOP = "Villeurbanne"
MONTHS = tuple(dt.date(2025, month, 1) for month in range(1, 13))


@cache
def _orders():
    orders = datasets.load("commandes")
    return orders[(orders["point_de_vente"] == SHOP) & orders["date"].dt.year.isin([2024, 2025])]


def _days():
    """One row per opening day of 2024 and 2025: visitors, tickets, articles, revenue HT."""
    visits = datasets.load("frequentation")
    days = visits[(visits["point_de_vente"] == SHOP) & visits["date"].dt.year.isin([2024, 2025])][["date", "visiteurs"]]
    sums = _orders().groupby("date").agg(tickets=("commande_id", "size"), articles=("nb_articles", "sum"),
                                         ca_ht=("montant_ht", "sum")).reset_index()
    days = days.merge(sums, on="date", how="left").fillna({"tickets": 0, "articles": 0, "ca_ht": 0.0})
    days["ca_ht"] = days["ca_ht"].round(2)
    days["annee"] = days["date"].dt.year
    return days.sort_values("date", ascending=False).reset_index(drop=True)  # newest first, as exports often are


@cache
def _summary():
    return summary(2025, point_de_vente=SHOP)


def _now(name):
    return float(_summary().loc[name, "valeur"])


def _before(name):
    return float(_summary().loc[name, "valeur_precedente"])


@cache
def _monthly():
    table = tables.average_order_value_by(_orders(), period="month")
    return table["chiffre_affaires_ht"]


def _month(day):
    return float(_monthly().loc[f"{day:%Y-%m}"])


def _year(column, year):
    return f"=SOMME.SI({{annee}};{year};{{{column}}})"


BOOK = Book(
    lesson="08_tableau_de_bord",
    title="Leçon 08 — Le tableau de bord du magasin de Villeurbanne",
    about=(f"Les {len(_days())} journées d'ouverture de 2024 et 2025 du magasin de Villeurbanne "
           "(datasets/frequentation.csv et commandes.csv), une ligne par jour : visiteurs, tickets, "
           "articles et chiffre d'affaires HT, du jour le plus récent au plus ancien."),
    sheets=(
        Sheet("Jours", _days, (
            Column("date", "Date", "date"),
            Column("visiteurs", "Visiteurs", "count"),
            Column("tickets", "Tickets", "count"),
            Column("articles", "Articles", "count"),
            Column("ca_ht", "CA HT", "euros"),
            Column("annee", "Année", "count", formula="=ANNEE({date#})", value=lambda f: f["date"].dt.year),
        )),
    ),
    blocks=(
        Block("2025", (
            Indicator("Chiffre d'affaires HT 2025", _year("ca_ht", 2025), lambda: _now("chiffre_affaires_ht"),
                      "euros", name="ca25"),
            Indicator("Tickets 2025", _year("tickets", 2025), lambda: _now("transactions"), "count", name="t25"),
            Indicator("Panier moyen HT 2025", "={=ca25}/{=t25}", lambda: _now("panier_moyen_ht"), "euros",
                      name="p25"),
            Indicator("Indice de vente 2025", f"{_year('articles', 2025)}/{{=t25}}", lambda: _now("indice_de_vente"),
                      "ratio"),
            Indicator("Taux de transformation 2025", f"={{=t25}}/{_year('visiteurs', 2025)[1:]}",
                      lambda: _now("taux_de_transformation"), "percent", name="tx25"),
        ), note="La colonne Année (=ANNEE(A2), recopiée) sert de critère à SOMME.SI."),
        Block("2024, le point de comparaison", (
            Indicator("Chiffre d'affaires HT 2024", _year("ca_ht", 2024), lambda: _before("chiffre_affaires_ht"),
                      "euros", name="ca24"),
            Indicator("Tickets 2024", _year("tickets", 2024), lambda: _before("transactions"), "count", name="t24"),
            Indicator("Panier moyen HT 2024", "={=ca24}/{=t24}", lambda: _before("panier_moyen_ht"), "euros",
                      name="p24"),
            Indicator("Taux de transformation 2024", f"={{=t24}}/{_year('visiteurs', 2024)[1:]}",
                      lambda: _before("taux_de_transformation"), "percent", name="tx24"),
        )),
        Block("Évolutions", (
            Indicator("Évolution du chiffre d'affaires", "={=ca25}/{=ca24}-1",
                      lambda: float(_summary().loc["chiffre_affaires_ht", "evolution"]), "percent",
                      note="L'évolution d'un montant se donne en % : nouvelle valeur ÷ ancienne − 1, au format %."),
            Indicator("Évolution du panier moyen", "={=p25}/{=p24}-1",
                      lambda: float(_summary().loc["panier_moyen_ht", "evolution"]), "percent"),
            Indicator("Évolution du taux de transformation (points)", "=({=tx25}-{=tx24})*100",
                      lambda: float(_summary().loc["taux_de_transformation", "evolution"]), "points",
                      note="L'évolution d'un taux se donne en points : une soustraction, × 100 pour lire des points "
                           "(au format %, la cellule afficherait 1,64 %)."),
            Indicator("Évolution du taux de transformation en % (à ne pas faire)", "={=tx25}/{=tx24}-1",
                      lambda: float(change(_now("taux_de_transformation"), _before("taux_de_transformation"))),
                      "percent",
                      note="Faux pour un taux : « +7,9 % » laisse croire à une hausse de 7,9 points."),
        )),
        Block("Chiffre d'affaires HT par mois, 2025", tuple(
            Indicator(f"CA HT — {day:%m/%Y}", '=SOMME.SI.ENS({$ca_ht};{$date};">="&{cle};{$date};"<"&FIN.MOIS({cle};0)+1)',
                      lambda day=day: _month(day), "euros", key=day)
            for day in MONTHS),
            note="En colonne B, le premier jour du mois. Les dates du mois vont de B (compris) au lendemain de "
                 "FIN.MOIS (exclu). Plages figées par des $, critère en B non figé : la formule se recopie."),
    ),
)
