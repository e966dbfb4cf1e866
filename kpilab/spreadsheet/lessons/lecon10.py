"""Le classeur de la leçon 10 — la gestion opérationnelle du magasin (épreuve E7).

Four data sheets: the lesson's two prices (Prix), the shops' days of 2025 (Passages: entrants and
passers-by), the quarterly inventories of 2025 (Inventaires) and the shops' year 2025 (Magasins,
from kpilab's tables: revenue, purchase cost of the goods sold, fixed costs). The exercises of
both lesson 10 sets check their formula questions on it.

>>> BOOK.filename
'10_gestion_operationnelle.xlsx'
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from kpilab import datasets, formulas, tables
from kpilab.spreadsheet.book import Block, Book, Column, Indicator, Sheet

SHOPS = ("Bellecour", "Croix-Rousse", "Villeurbanne")
YEAR = "2025"
DAYS = 360
# The lesson's prices: the bike of the calculation by hand, the VAE Lumen at its new purchase price.
PRICES = (("Vélo du calcul à la main", 600.0, 0.40), ("VAE Lumen, nouveau prix d'achat", 1100.0, 0.30))


def _prix():
    return pd.DataFrame(PRICES, columns=["produit", "prix_achat_ht", "taux_de_marque"])


@cache
def _passages():
    """Each opening day of 2025 of the three shops: entrants (frequentation) and passers-by (passants)."""
    frequentation, passants = datasets.load("frequentation"), datasets.load("passants")
    entrants = frequentation[(frequentation["date"].dt.year == int(YEAR)) & frequentation["point_de_vente"].isin(SHOPS)]
    devant = passants[passants["date"].dt.year == int(YEAR)]
    merged = entrants.merge(devant, on=["date", "point_de_vente"], how="inner")
    return merged.sort_values(["date", "point_de_vente"])[["date", "point_de_vente", "visiteurs", "passants"]]


@cache
def _inventaires():
    inventaires = datasets.load("inventaires")
    return inventaires[inventaires["date_inventaire"].dt.year == int(YEAR)].sort_values(
        ["date_inventaire", "point_de_vente", "categorie"])


@cache
def _seuils():
    commandes = datasets.load("commandes")
    return tables.break_even_by(commandes, datasets.load("lignes_commande"), datasets.load("magasins")).xs(
        YEAR, level="periode")


@cache
def _paniers():
    commandes = datasets.load("commandes")
    return tables.average_item_price_by(commandes[commandes["canal"] == "magasin"]).xs(YEAR, level="periode")


@cache
def _par_m2():
    return tables.sales_per_square_metre_by(datasets.load("commandes"), datasets.load("magasins")).xs(
        YEAR, level="periode")


def _magasins():
    """The shops' year 2025, one row per shop, from kpilab's tables."""
    seuils, paniers = _seuils(), _paniers()
    surfaces = datasets.load("magasins").set_index("point_de_vente")["surface_vente_m2"]
    return pd.DataFrame({
        "point_de_vente": list(SHOPS),
        "surface_vente_m2": [surfaces[s] for s in SHOPS],
        "charges_fixes_ht": [seuils.loc[s, "charges_fixes_ht"] for s in SHOPS],
        "transactions": [paniers.loc[s, "transactions"] for s in SHOPS],
        "articles": [paniers.loc[s, "articles"] for s in SHOPS],
        "chiffre_affaires_ht": [seuils.loc[s, "chiffre_affaires_ht"] for s in SHOPS],
        "cout_variable_ht": [seuils.loc[s, "cout_variable_ht"] for s in SHOPS],
    })


def _by_shop(table, column):
    """One of kpilab's columns, per shop in the sheet's order (the computed columns' values)."""
    return lambda frame: pd.Series([float(table().loc[s, column]) for s in frame["point_de_vente"]])


@cache
def _stock(shop="Villeurbanne"):
    return tables.stock_rotation_by(_inventaires()).xs(YEAR, level="periode").loc[shop]


@cache
def _capture():
    return tables.capture_rate_by(datasets.load("frequentation"), datasets.load("passants"), period="year").xs(
        YEAR, level="periode")


def _capture_days_mean():
    days = tables.capture_rate_by(datasets.load("frequentation"), datasets.load("passants"), period="day")
    kept = days[days.index.get_level_values("periode").year == int(YEAR)]
    return float(kept["taux_de_captation"].astype(float).mean())


def _shrinkage(shop="Villeurbanne"):
    return tables.shrinkage_by(_inventaires(), datasets.load("commandes")).xs(YEAR, level="periode").loc[shop]


def _price(row):
    return PRICES[row][1], PRICES[row][2] * 100


_VI = '"Villeurbanne"'

BOOK = Book(
    lesson="10_gestion_operationnelle",
    title="Leçon 10 — La gestion opérationnelle des magasins de Roue Libre (épreuve E7)",
    about=("Quatre extraits de 2025. Prix : les deux prix de vente de la leçon (2 lignes). Passages : les "
           "930 jours d'ouverture des trois magasins, entrants (datasets/frequentation.csv) et passants "
           "(datasets/passants.csv). Inventaires : les 96 lignes des inventaires trimestriels de 2025 "
           "(datasets/inventaires.csv, au coût d'achat HT). Magasins : une ligne par magasin, l'année 2025 "
           "des tickets (CA HT, coût d'achat des ventes, tickets, articles) et les charges fixes "
           "(datasets/magasins.csv)."),
    sheets=(
        Sheet("Prix", _prix, (
            Column("produit", "Produit", "text"),
            Column("prix_achat_ht", "Prix d'achat HT", "euros"),
            Column("taux_de_marque", "Taux de marque visé", "percent"),
            Column("pv_ht", "Prix de vente HT", "euros", formula="={prix_achat_ht#}/(1-{taux_de_marque#})",
                   value=lambda f: pd.Series([float(formulas.selling_price_from_gross_margin(a, t * 100))
                                              for a, t in zip(f["prix_achat_ht"], f["taux_de_marque"])])),
            Column("pv_ttc", "Prix de vente TTC", "euros", formula="={pv_ht#}*1,2",
                   value=lambda f: pd.Series([float(formulas.price_with_vat(formulas.selling_price_from_gross_margin(
                       a, t * 100))) for a, t in zip(f["prix_achat_ht"], f["taux_de_marque"])])),
            Column("coefficient", "Coefficient multiplicateur", "ratio", formula="={pv_ttc#}/{prix_achat_ht#}",
                   value=lambda f: pd.Series([float(formulas.multiplier_coefficient(formulas.price_with_vat(
                       formulas.selling_price_from_gross_margin(a, t * 100)), a))
                       for a, t in zip(f["prix_achat_ht"], f["taux_de_marque"])])),
            Column("taux_de_marge", "Taux de marge", "percent", formula="=({pv_ht#}-{prix_achat_ht#})/{prix_achat_ht#}",
                   value=lambda f: pd.Series([float(formulas.markup_from_gross_margin(t * 100))
                                              for t in f["taux_de_marque"]])),
        )),
        Sheet("Passages", _passages, (
            Column("jour", "Date", "date", source="date"),
            Column("magasin", "Magasin", "text", source="point_de_vente"),
            Column("visiteurs", "Entrants", "count"),
            Column("passants", "Passants", "count"),
            Column("taux_jour", "Taux de captation du jour", "percent", formula="={visiteurs#}/{passants#}",
                   value=lambda f: f["visiteurs"] / f["passants"] * 100),
        )),
        Sheet("Inventaires", _inventaires, (
            Column("inv_date", "Date d'inventaire", "date", source="date_inventaire"),
            Column("inv_magasin", "Magasin", "text", source="point_de_vente"),
            Column("categorie", "Catégorie", "text"),
            Column("stock_initial", "Stock initial HT", "euros", source="stock_initial_ht"),
            Column("achats", "Achats HT", "euros", source="achats_ht"),
            Column("cout_achat_ventes", "Coût d'achat des ventes HT", "euros", source="cout_achat_ventes_ht"),
            Column("stock_theorique", "Stock théorique HT", "euros", source="stock_theorique_ht"),
            Column("stock_compte", "Stock compté HT", "euros", source="stock_compte_ht"),
            Column("demarque", "Démarque HT", "euros", formula="={stock_theorique#}-{stock_compte#}",
                   value=lambda f: f["stock_theorique_ht"] - f["stock_compte_ht"]),
        )),
        Sheet("Magasins", _magasins, (
            Column("mag", "Magasin", "text", source="point_de_vente"),
            Column("surface", "Surface de vente (m²)", "count", source="surface_vente_m2"),
            Column("charges_fixes", "Charges fixes HT", "euros", source="charges_fixes_ht"),
            Column("tickets", "Tickets", "count", source="transactions"),
            Column("articles", "Articles", "count"),
            Column("ca", "CA HT", "euros", source="chiffre_affaires_ht"),
            Column("cout_variable", "Coût d'achat des ventes HT", "euros", source="cout_variable_ht"),
            Column("mcv", "Marge sur coût variable", "euros", formula="={ca#}-{cout_variable#}",
                   value=_by_shop(_seuils, "marge_sur_cout_variable_ht")),
            Column("taux_mcv", "Taux de MCV", "percent", formula="={mcv#}/{ca#}", value=_by_shop(_seuils, "taux_de_mcv")),
            Column("seuil", "Seuil de rentabilité HT", "euros", formula="={charges_fixes#}/{taux_mcv#}",
                   value=_by_shop(_seuils, "seuil_de_rentabilite_ht")),
            Column("point_mort", "Point mort (jours)", "days", formula="={seuil#}/{ca#}*360",
                   value=_by_shop(_seuils, "point_mort_jours")),
            Column("ca_m2", "CA au m²", "euros", formula="={ca#}/{surface#}", value=_by_shop(_par_m2, "ca_par_m2")),
            Column("panier", "Panier moyen HT", "euros", formula="={ca#}/{tickets#}",
                   value=_by_shop(_paniers, "panier_moyen_ht")),
            Column("indice", "Indice de vente", "ratio", formula="={articles#}/{tickets#}",
                   value=_by_shop(_paniers, "indice_de_vente")),
            Column("pma", "Prix moyen d'un article", "euros", formula="={ca#}/{articles#}",
                   value=_by_shop(_paniers, "prix_moyen_article")),
        )),
    ),
    blocks=(
        Block("Les prix (feuille Prix, ligne 2 : 600 € HT d'achat, taux de marque visé 40 %)", (
            Indicator("Prix de vente HT", "=Prix!B2/(1-Prix!C2)",
                      lambda: float(formulas.selling_price_from_gross_margin(*_price(0))), "euros", name="pv_ht",
                      note="PV HT = PA HT ÷ (1 − taux de marque) : le taux de marque se calcule sur le prix de vente."),
            Indicator("Prix de vente TTC", "={=pv_ht}*1,2",
                      lambda: float(formulas.price_with_vat(formulas.selling_price_from_gross_margin(*_price(0)))),
                      "euros", name="pv_ttc", note="TTC = HT × 1,2 ; HT = TTC ÷ 1,2 (jamais TTC × 0,8)."),
            Indicator("Coefficient multiplicateur", "={=pv_ttc}/Prix!B2",
                      lambda: float(formulas.multiplier_coefficient(formulas.price_with_vat(
                          formulas.selling_price_from_gross_margin(*_price(0))), PRICES[0][1])), "ratio"),
            Indicator("Taux de marge", "=({=pv_ht}-Prix!B2)/Prix!B2",
                      lambda: float(formulas.markup_from_gross_margin(PRICES[0][2] * 100)), "percent",
                      note="La marge rapportée au prix d'achat (le taux de marque la rapporte au prix de vente)."),
            Indicator("PA × (1 + 40 %) (à ne pas faire)", "=Prix!B2*(1+Prix!C2)",
                      lambda: float(formulas.selling_price_from_markup(*_price(0))), "euros",
                      note="Faux : 40 % ajoutés au prix d'achat, c'est un taux de marge. 840 € ne marquent que 28,6 %."),
        )),
        Block(f"La vitrine : les trois magasins en {YEAR} (feuille Passages)", (
            Indicator("Entrants", "=SOMME({visiteurs})", lambda: float(_capture()["entrants"].sum()), "count",
                      name="entrants"),
            Indicator("Passants", "=SOMME({passants})", lambda: float(_capture()["passants"].sum()), "count",
                      name="passants"),
            Indicator("Taux de captation", "={=entrants}/{=passants}",
                      lambda: float(formulas.capture_rate(_capture()["entrants"].sum(), _capture()["passants"].sum())),
                      "percent", note="Additionne d'abord, divise ensuite. La cellule est au format % : pas de × 100."),
            Indicator("Moyenne des taux des jours (à ne pas faire)", "=MOYENNE({taux_jour})", _capture_days_mean,
                      "percent", note="Faux : un jour calme pèse autant qu'un samedi de soldes, et la petite "
                                      "Croix-Rousse autant que Bellecour."),
        )),
        Block("Taux de captation par magasin", tuple(
            Indicator(f"Taux de captation — {shop}",
                      "=SOMME.SI.ENS({$visiteurs};{$magasin};{cle})/SOMME.SI.ENS({$passants};{$magasin};{cle})",
                      lambda shop=shop: float(_capture().loc[shop, "taux_de_captation"]), "percent", key=shop)
            for shop in SHOPS),
            note="La formule de la première ligne est recopiée vers le bas : les plages sont figées par des $, "
                 "le critère (colonne B) ne l'est pas."),
        Block(f"Les stocks de Villeurbanne en {YEAR} (feuille Inventaires)", (
            Indicator("Stock initial (au 31/12/2024)",
                      f"=SOMME.SI.ENS({{stock_initial}};{{inv_magasin}};{_VI};{{inv_date}};DATE(2025;3;31))",
                      lambda: float(_stock()["stock_initial_ht"]), "euros", name="stock_initial",
                      note="Le stock initial du 1er trimestre, toutes catégories additionnées."),
            Indicator("Stock final (compté au 31/12/2025)",
                      f"=SOMME.SI.ENS({{stock_compte}};{{inv_magasin}};{_VI};{{inv_date}};DATE(2025;12;31))",
                      lambda: float(_stock()["stock_final_ht"]), "euros", name="stock_final"),
            Indicator("Stock moyen", "=({=stock_initial}+{=stock_final})/2", lambda: float(_stock()["stock_moyen_ht"]),
                      "euros", name="stock_moyen", note="Les parenthèses d'abord : sinon seul le stock final est divisé."),
            Indicator("Coût d'achat des ventes", f"=SOMME.SI({{inv_magasin}};{_VI};{{cout_achat_ventes}})",
                      lambda: float(_stock()["cout_achat_ventes_ht"]), "euros", name="cav",
                      note="SOMME.SI : la plage du critère d'abord, la plage à additionner en dernier "
                           "(l'inverse de SOMME.SI.ENS)."),
            Indicator("Rotation du stock (fois par an)", "={=cav}/{=stock_moyen}", lambda: float(_stock()["rotation"]),
                      "number", name="rotation"),
            Indicator("Durée moyenne de stockage", "=360/{=rotation}",
                      lambda: float(_stock()["duree_de_stockage_jours"]), "days",
                      note="L'année commerciale compte 360 jours."),
            Indicator("Rotation avec le CA (à ne pas faire)",
                      f"=RECHERCHEV({_VI};{{mag:ca}};6;FAUX)/{{=stock_moyen}}",
                      lambda: float(formulas.stock_turnover(_seuils().loc["Villeurbanne", "chiffre_affaires_ht"],
                                                            _stock()["stock_moyen_ht"])), "number",
                      note="Faux : le CA est au prix de vente, le stock au coût d'achat."),
            Indicator("Démarque", f"=SOMME.SI.ENS({{demarque}};{{inv_magasin}};{_VI})",
                      lambda: float(_shrinkage()["demarque_ht"]), "euros", name="demarque",
                      note="Stock théorique − stock compté, des quatre inventaires."),
            Indicator("Taux de démarque", f"={{=demarque}}/RECHERCHEV({_VI};{{mag:ca}};6;FAUX)",
                      lambda: float(_shrinkage()["taux_de_demarque"]), "percent",
                      note="La démarque rapportée au CA HT des tickets du magasin."),
        )),
        Block(f"Panier moyen de la Croix-Rousse en {YEAR} (feuille Magasins)", (
            Indicator("Indice de vente", '=RECHERCHEV("Croix-Rousse";{mag:pma};14;FAUX)',
                      lambda: float(_paniers().loc["Croix-Rousse", "indice_de_vente"]), "ratio", name="iv"),
            Indicator("Prix moyen d'un article (PMA)", '=RECHERCHEV("Croix-Rousse";{mag:pma};15;FAUX)',
                      lambda: float(_paniers().loc["Croix-Rousse", "prix_moyen_article"]), "euros", name="pma"),
            Indicator("Panier moyen = indice de vente × PMA", "={=iv}*{=pma}",
                      lambda: float(_paniers().loc["Croix-Rousse", "panier_moyen_ht"]), "euros",
                      note="Le même que CA ÷ tickets : les articles se simplifient."),
        )),
        Block(f"Point mort de chaque magasin en {YEAR} (feuille Magasins)", tuple(
            Indicator(f"Point mort — {shop}", "=RECHERCHEV({cle};{$mag:point_mort};11;FAUX)",
                      lambda shop=shop: float(_seuils().loc[shop, "point_mort_jours"]), "days", key=shop)
            for shop in SHOPS),
            note="Seuil = charges fixes ÷ taux de MCV ; point mort = seuil ÷ CA × 360 (colonnes J et K de Magasins)."),
    ),
)
