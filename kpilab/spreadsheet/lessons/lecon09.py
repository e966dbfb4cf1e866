"""Le classeur de la leçon 09 — les indicateurs des trois magasins en 2025."""

from __future__ import annotations

from functools import cache

from kpilab import datasets, formulas, tables
from kpilab.spreadsheet.book import Block, Book, Column, Indicator, Sheet

SHOPS = ("Bellecour", "Croix-Rousse", "Villeurbanne")
CATEGORIES = ("casque", "antivol")
VAT = 1.2


@cache
def _orders():
    orders = datasets.load("commandes")
    return orders[orders["point_de_vente"].isin(SHOPS) & (orders["date"].dt.year == 2025)]


@cache
def _visits():
    visits = datasets.load("frequentation")
    return visits[visits["point_de_vente"].isin(SHOPS) & (visits["date"].dt.year == 2025)]


def _days():
    """One row per shop and opening day of 2025: visitors (door counter), tickets and articles."""
    orders = _orders().assign(point_de_vente=_orders()["point_de_vente"].astype(str))
    days = _visits().assign(point_de_vente=_visits()["point_de_vente"].astype(str))[["date", "point_de_vente", "visiteurs"]]
    sums = orders.groupby(["date", "point_de_vente"]).agg(tickets=("commande_id", "size"),
                                                          articles=("nb_articles", "sum")).reset_index()
    days = days.merge(sums, on=["date", "point_de_vente"], how="left").fillna({"tickets": 0, "articles": 0})
    return days.sort_values(["date", "point_de_vente"]).reset_index(drop=True)


@cache
def _lines_frame():
    lines = datasets.load("lignes_commande")
    orders = _orders()
    first_half = (orders["point_de_vente"] == "Croix-Rousse") & (orders["date"].dt.month <= 6)
    croix_rousse = orders.loc[first_half, "commande_id"]
    return lines[lines["commande_id"].isin(croix_rousse) & lines["categorie"].isin(CATEGORIES)]


def _lines():
    lines = _lines_frame()[["commande_id", "produit", "categorie", "quantite", "prix_unitaire_ht",
                            "prix_achat_unitaire_ht", "montant_ht"]].copy()
    for name in ("produit", "categorie"):
        lines[name] = lines[name].astype(str)
    return lines.reset_index(drop=True)


@cache
def _conversion():
    return tables.store_conversion_by(_orders(), _visits())


def _rate(shop=None):
    table = _conversion()
    if shop:
        return float(table.loc[shop, "taux_de_transformation"])
    return float(formulas.store_conversion_rate(table["tickets"].sum(), table["visiteurs"].sum()))


@cache
def _sales():
    return tables.average_order_value_by(_orders())


@cache
def _margins(by="categorie"):
    return tables.margins_by(_lines_frame(), by=by)


def _margin(column, category=None):
    table = _margins() if category else _margins(None)
    return float(table.loc[category, column] if category else table[column].iloc[0])


BOOK = Book(
    lesson="09_indicateurs_magasin",
    title="Leçon 09 — Les indicateurs des magasins de Roue Libre en 2025",
    about=(f"Feuille Jours : les {len(_days())} journées d'ouverture de 2025 des trois magasins "
           "(datasets/frequentation.csv et commandes.csv), une ligne par magasin et par jour. "
           f"Feuille Lignes : les {len(_lines())} lignes de casques et d'antivols vendus à la Croix-Rousse au premier semestre 2025 "
           "(datasets/lignes_commande.csv)."),
    sheets=(
        Sheet("Jours", _days, (
            Column("date", "Date", "date"),
            Column("point_de_vente", "Magasin", "text"),
            Column("visiteurs", "Visiteurs", "count"),
            Column("tickets", "Tickets", "count"),
            Column("articles", "Articles", "count"),
        )),
        Sheet("Lignes", _lines, (
            Column("commande_id", "Commande", "text"),
            Column("produit", "Produit", "text"),
            Column("categorie", "Catégorie", "text"),
            Column("quantite", "Quantité", "count"),
            Column("prix_unitaire_ht", "PV unitaire HT", "euros"),
            Column("prix_achat_unitaire_ht", "PA unitaire HT", "euros"),
            Column("montant_ht", "Montant HT", "euros"),
            Column("cout_achat_ht", "Coût d'achat HT", "euros", formula="={quantite#}*{prix_achat_unitaire_ht#}",
                   value=lambda f: f["quantite"] * f["prix_achat_unitaire_ht"]),
        )),
    ),
    blocks=(
        Block("Les trois magasins, 2025", (
            Indicator("Tickets", "=SOMME({tickets})", lambda: float(_conversion()["tickets"].sum()), "count",
                      name="tickets"),
            Indicator("Visiteurs", "=SOMME({visiteurs})", lambda: float(_conversion()["visiteurs"].sum()), "count",
                      name="visiteurs"),
            Indicator("Taux de transformation", "={=tickets}/{=visiteurs}", lambda: _rate(), "percent",
                      note="Additionne d'abord, divise ensuite. La cellule est au format % : pas de × 100."),
            Indicator("Indice de vente (articles par ticket)", "=SOMME({articles})/{=tickets}",
                      lambda: float(_sales()["indice_de_vente"].iloc[0]), "ratio",
                      note="On additionne les articles, pas les lignes des tickets."),
        )),
        Block("Taux de transformation par magasin", tuple(
            Indicator(f"Taux de transformation — {shop}",
                      "=SOMME.SI.ENS({$tickets};{$point_de_vente};{cle})/SOMME.SI.ENS({$visiteurs};{$point_de_vente};{cle})",
                      lambda shop=shop: _rate(shop), "percent", key=shop)
            for shop in SHOPS),
            note="La formule de la première ligne est recopiée vers le bas : les plages sont figées par des $, "
                 "le critère (colonne B) ne l'est pas."),
        Block("Casques et antivols de la Croix-Rousse, premier semestre 2025", (
            Indicator("Ventes HT", "=SOMME({montant_ht})", lambda: _margin("chiffre_affaires_ht"), "euros",
                      name="ventes"),
            Indicator("Coût d'achat HT", "=SOMME({cout_achat_ht})", lambda: _margin("cout_achat_ht"), "euros",
                      name="achats"),
            Indicator("Taux de marque", "=({=ventes}-{=achats})/{=ventes}", lambda: _margin("taux_de_marque"),
                      "percent", note="La marge rapportée au prix de vente HT."),
            Indicator("Taux de marge", "=({=ventes}-{=achats})/{=achats}", lambda: _margin("taux_de_marge"),
                      "percent", note="La même marge rapportée au prix d'achat HT : ne confonds pas les deux."),
            Indicator("Coefficient multiplicateur (PV TTC ÷ PA HT)", "={=ventes}*1,2/{=achats}",
                      lambda: float(formulas.multiplier_coefficient(_margin("chiffre_affaires_ht") * VAT,
                                                                    _margin("cout_achat_ht"))), "ratio",
                      note="Le prix de vente TTC (HT × 1,2) divisé par le prix d'achat HT."),
            Indicator("Moyenne des taux de marque des lignes (à ne pas faire)",
                      "=SOMMEPROD(({montant_ht}-{cout_achat_ht})/{montant_ht})/NB({montant_ht})",
                      lambda: float((formulas.gross_margin_rate(_lines()["montant_ht"],
                                                                _lines()["quantite"] * _lines()["prix_achat_unitaire_ht"])
                                     ).mean()),
                      "percent",
                      note="Faux : un antivol à 15 € pèse autant qu'un casque connecté. Divise la marge totale "
                           "par les ventes totales."),
        )),
        Block("Taux de marque par catégorie", tuple(
            Indicator(f"Taux de marque — {category}",
                      "=(SOMME.SI({$categorie};{cle};{$montant_ht})-SOMME.SI({$categorie};{cle};{$cout_achat_ht}))"
                      "/SOMME.SI({$categorie};{cle};{$montant_ht})",
                      lambda category=category: _margin("taux_de_marque", category), "percent", key=category)
            for category in CATEGORIES)),
    ),
)
