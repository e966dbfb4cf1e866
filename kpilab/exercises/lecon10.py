"""Exercices de la leçon 10 — la gestion opérationnelle du magasin (épreuve E7)."""

from __future__ import annotations

import pandas as pd

from kpilab import datasets, formulas
from kpilab.exercises.engine import Idea, Justification, Mistake, Option, Question
from kpilab.exercises.formula import Where

LESSON = "10_gestion_operationnelle"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]

SHOPS = ("Bellecour", "Croix-Rousse", "Villeurbanne")
VAT = 1.20  # TTC = HT × 1,20
DAYS = 360  # the année commerciale of the course

# Questions 1 and 2: a cargo bike bought 1 610 € HT, priced for a 30 % taux de marque.
CARGO_PA_HT, TARGET = 1610, 30
# Question 3: the capture rate of the three shops together.
CAPTURE_YEAR = 2025
# Question 4: how long Villeurbanne's helmets stay in stock.
STOCK_SHOP, STOCK_CATEGORY, STOCK_YEAR = "Villeurbanne", "casque", 2025
# Question 5: where Villeurbanne's basket growth comes from (lesson 10 reads Bellecour's).
BASKET_SHOP = "Villeurbanne"
# Question 6: Bellecour's point mort if its fixed costs rise by 20 000 € (a new lease).
BREAK_EVEN_SHOP, BREAK_EVEN_YEAR, RENT_INCREASE = "Bellecour", 2025, 20_000


# --- question 1: the selling price from a target taux de marque -------------------------------------

def _cargo_price(rate_on: str = "vente", vat: str = "ajoutee") -> float:
    """The cargo bike's price for the target rate, with the variants of the mistakes."""
    rate = TARGET / 100
    if rate_on == "vente":  # PV HT = PA HT ÷ (1 − taux de marque)
        price_ht = float(formulas.selling_price_from_gross_margin(CARGO_PA_HT, TARGET))
    elif rate_on == "achat":  # the rate added to the purchase price (a taux de marge)
        price_ht = CARGO_PA_HT * (1 + rate)
    elif rate_on == "taux":  # divided by the rate instead of by 1 − the rate
        price_ht = CARGO_PA_HT / rate
    else:  # "avec_tva": the VAT taken off with the margin, PA ÷ (1 − 0,30 − 0,20)
        return CARGO_PA_HT / (1 - rate - (VAT - 1))
    if vat == "oubliee":
        return price_ht
    if vat == "divisee":  # TTC = HT ÷ 0,80
        return price_ht / 0.80
    return float(formulas.price_with_vat(price_ht))


q1 = Question(
    id="q1", lesson=LESSON, variable="prix_cargo_ttc", kind="euros", competence="B3.1",
    expected=lambda: _cargo_price(),
    mistakes=(
        Mistake(lambda: _cargo_price(rate_on="achat"),
                "Tu as ajouté 30 % au prix d'achat : c'est un taux de marge de 30 %, pas un taux de "
                "marque. Le taux de marque se calcule sur le prix de vente : PV HT = PA HT ÷ (1 − 0,30)."),
        Mistake(lambda: _cargo_price(vat="oubliee"),
                "C'est le prix de vente HT : l'étiquette affiche un prix TTC. Ajoute la TVA (HT × 1,20)."),
        Mistake(lambda: _cargo_price(rate_on="achat", vat="oubliee"),
                "Deux erreurs : PA × 1,30 donne un taux de marge de 30 % (pas un taux de marque), et ce "
                "prix est HT alors que l'étiquette est TTC."),
        Mistake(lambda: _cargo_price(rate_on="taux"),
                "Tu as divisé le prix d'achat par 0,30 : avec 30 % de marque, le prix d'achat fait 70 % du "
                "prix de vente HT. Divise par 0,70."),
        Mistake(lambda: _cargo_price(rate_on="avec_tva"),
                "Tu as retiré la TVA et la marque ensemble (1 − 0,30 − 0,20) : la TVA ne fait pas 20 % du "
                "prix TTC, elle s'ajoute au prix HT. Calcule d'abord le prix HT, puis multiplie par 1,20."),
        Mistake(lambda: _cargo_price(vat="divisee"),
                "Tu as divisé le prix HT par 0,80 : la TVA de 20 % se calcule sur le prix HT, donc TTC = HT "
                "× 1,20."),
    ),
    hints=(
        "Un taux de marque de 30 % veut dire : la marge fait 30 % du prix de vente HT. Quelle part du "
        "prix de vente HT reste pour le prix d'achat ?",
        "PV HT = PA HT ÷ (1 − 0,30), puis PV TTC = PV HT × 1,20. En une fois : PV TTC = PA HT × "
        "coefficient multiplicateur, avec coefficient = 1,20 ÷ (1 − 0,30).",
    ),
)


# --- question 2: from the taux de marque to the taux de marge ---------------------------------------

def _cargo_markup_on_ttc() -> float:
    """The taux de marge computed with the price TTC (the VAT counted as margin)."""
    return float(formulas.markup_rate(_cargo_price(), CARGO_PA_HT))


q2 = Question(
    id="q2", lesson=LESSON, variable="taux_marge_cargo", kind="percent", competence="B3.1",
    expected=lambda: float(formulas.markup_from_gross_margin(TARGET)),
    mistakes=(
        Mistake(lambda: float(TARGET),
                "Le taux de marge n'est pas égal au taux de marque : la même marge, rapportée au prix "
                "d'achat (plus petit que le prix de vente), donne un taux plus grand."),
        Mistake(lambda: float(formulas.gross_margin_from_markup(TARGET)),
                "Tu as divisé par 100 + 30 : cette formule passe d'un taux de marge à un taux de marque. "
                "Ici, on part du taux de marque : taux de marge = taux de marque ÷ (100 − taux de marque) × 100."),
        Mistake(lambda: 100.0 - TARGET,
                "100 − 30 donne la part du prix d'achat dans le prix de vente HT, pas le taux de marge. "
                "Divise la marge (30 % du prix de vente) par le prix d'achat (70 %)."),
        Mistake(lambda: 100 / (100 - TARGET) * 100,
                "Tu as divisé le prix de vente HT par le prix d'achat : c'est le coefficient HT (en %). Le "
                "taux de marge divise la marge, pas le prix de vente, par le prix d'achat : enlève 100."),
        Mistake(_cargo_markup_on_ttc,
                "Tu as calculé la marge avec le prix TTC : la TVA n'est pas de la marge, elle est reversée "
                "à l'État. Prends le prix de vente HT."),
    ),
    hints=(
        "Prends un prix de vente HT de 100 € : avec 30 % de marque, quelle est la marge, et quel est le "
        "prix d'achat ?",
        "Taux de marge = marge ÷ prix d'achat HT × 100 = taux de marque ÷ (100 − taux de marque) × 100.",
    ),
)


# --- question 3: the capture rate of the three shops together ---------------------------------------

def _year(df: pd.DataFrame, year: int | None, column: str = "date") -> pd.DataFrame:
    return df if year is None else df[df[column].dt.year == year]


def _shop_visitors(year: int | None = CAPTURE_YEAR, web: bool = False) -> pd.DataFrame:
    frequentation = _year(datasets.load("frequentation"), year)
    return frequentation if web else frequentation[frequentation["point_de_vente"].isin(SHOPS)]


def _passers_by(year: int | None = CAPTURE_YEAR) -> pd.DataFrame:
    return _year(datasets.load("passants"), year)


def _shop_tickets(year: int | None = CAPTURE_YEAR) -> int:
    commandes = _year(datasets.load("commandes"), year)
    return int((commandes["canal"] == "magasin").sum())


def _capture(year: int | None = CAPTURE_YEAR, web: bool = False) -> float:
    """Entrants ÷ passers-by × 100, the three shops together (web sessions added with ``web``)."""
    entrants = _shop_visitors(year, web)["visiteurs"].sum()
    return float(formulas.capture_rate(entrants, _passers_by(year)["passants"].sum()))


def _mean_of_shop_captures() -> float:
    entrants = _shop_visitors().groupby("point_de_vente", observed=True)["visiteurs"].sum()
    passers_by = _passers_by().groupby("point_de_vente", observed=True)["passants"].sum()
    return float(formulas.capture_rate(entrants, passers_by.reindex(entrants.index)).mean())


def _capture_variant(numerator: str, denominator: str) -> float:
    """A ratio × 100 of two of the year's totals: tickets, visiteurs, passants."""
    totals = {"tickets": _shop_tickets(), "visiteurs": _shop_visitors()["visiteurs"].sum(),
              "passants": _passers_by()["passants"].sum()}
    return float(totals[numerator] / totals[denominator] * 100)


q3 = Question(
    id="q3", lesson=LESSON, variable="taux_captation_magasins", kind="percent", competence="B3.3",
    expected=lambda: _capture(),
    mistakes=(
        Mistake(_mean_of_shop_captures,
                "Tu as fait une moyenne de taux (des trois magasins, ou des jours) : Bellecour a bien plus "
                "de passants que les autres, son taux doit peser plus. Additionne les entrants, additionne "
                "les passants, puis divise."),
        Mistake(lambda: _capture_variant("tickets", "visiteurs"),
                "Tu as divisé les tickets par les visiteurs : c'est le taux de transformation (leçon 09). "
                "Le taux de captation divise les entrants (visiteurs) par les passants."),
        Mistake(lambda: _capture_variant("tickets", "passants"),
                "Tu as divisé les tickets par les passants : les tickets comptent les acheteurs. Le taux de "
                "captation compte tous les entrants, qu'ils achètent ou non : prends les visiteurs."),
        Mistake(lambda: _capture_variant("visiteurs", "tickets") / 100,
                "Tu as divisé les visiteurs par les tickets : ce nombre dit combien de visiteurs il faut pour "
                "un ticket. Le taux de captation divise les entrants (visiteurs) par les passants, × 100."),
        Mistake(lambda: _capture_variant("passants", "visiteurs"),
                "Tu as divisé les passants par les entrants : c'est l'inverse. Taux de captation = entrants "
                "÷ passants × 100 ; il est toujours inférieur à 100 %."),
        Mistake(lambda: _capture(web=True),
                "Tes entrants comprennent les sessions du site web : personne n'entre dans le site en passant "
                "devant une vitrine. Garde les visiteurs des trois magasins."),
        Mistake(lambda: _capture(year=None),
                "Tu as gardé 2024 et 2025 : la question porte sur 2025."),
        Mistake(lambda: _capture(year=2024),
                "C'est le taux de 2024 : la question porte sur 2025."),
    ),
    hints=(
        "Les entrants sont les visiteurs des trois magasins dans frequentation (pas les sessions du "
        "Site web) ; les passants sont dans passants. Garde l'année 2025 dans les deux tableaux.",
        "Taux de captation = somme des entrants ÷ somme des passants × 100, les trois magasins "
        "ensemble : ne fais pas la moyenne des taux des magasins.",
    ),
)


# --- question 4: how long the helmets stay in Villeurbanne's stock ----------------------------------

def _inventories(shop: str | None = STOCK_SHOP, category: str | None = STOCK_CATEGORY,
                 year: int = STOCK_YEAR) -> pd.DataFrame:
    """The year's quarterly inventories of one shop and category (summed over the others when None)."""
    inventaires = _year(datasets.load("inventaires"), year, "date_inventaire")
    if shop is not None:
        inventaires = inventaires[inventaires["point_de_vente"] == shop]
    if category is not None:
        inventaires = inventaires[inventaires["categorie"] == category]
    columns = ["stock_initial_ht", "achats_ht", "cout_achat_ventes_ht", "stock_theorique_ht", "stock_compte_ht"]
    return inventaires.groupby("date_inventaire")[columns].sum().sort_index()


def _stock(average: str = "debut_fin", flow: str = "cout", days: int = DAYS, **scope) -> float:
    """Durée moyenne de stockage in days, with the variants of the mistakes."""
    quarters = _inventories(**scope)
    opening, closing = quarters["stock_initial_ht"].iloc[0], quarters["stock_compte_ht"].iloc[-1]
    theoretical = quarters["stock_theorique_ht"].iloc[-1]  # what the till expects, before the count
    stock = {"debut_fin": float(formulas.average_stock(opening, closing)),
             "theorique": float(formulas.average_stock(opening, theoretical)),
             "inventaires": quarters["stock_compte_ht"].mean(), "final": closing}[average]
    if flow == "ca":
        sold = _category_revenue()
    elif flow == "achats":
        sold = quarters["achats_ht"].sum()
    else:
        sold = quarters["cout_achat_ventes_ht"].sum()
    return float(formulas.stock_cover_days(stock, sold, days))


def _category_revenue() -> float:
    """Revenue HT of the category in the shop's tickets of the year (at selling prices)."""
    commandes = _year(datasets.load("commandes"), STOCK_YEAR)
    tickets = commandes.loc[commandes["point_de_vente"] == STOCK_SHOP, "commande_id"]
    lignes = datasets.load("lignes_commande")
    kept = lignes["commande_id"].isin(tickets) & (lignes["categorie"] == STOCK_CATEGORY)
    return float(lignes.loc[kept, "montant_ht"].sum())


def _rotation() -> float:
    return DAYS / _stock()


q4 = Question(
    id="q4", lesson=LESSON, variable="duree_stock_casques", kind="days", competence="B3.1",
    expected=lambda: _stock(),
    mistakes=(
        Mistake(lambda: _stock(days=365),
                "Tu as compté 365 jours : en gestion commerciale, l'année compte 360 jours (année "
                "commerciale). Durée moyenne de stockage = 360 ÷ rotation."),
        Mistake(lambda: _stock(flow="ca"),
                "Tu as divisé par le chiffre d'affaires des casques, qui est au prix de vente, alors que le "
                "stock est au coût d'achat : prends le coût d'achat des casques vendus (cout_achat_ventes_ht)."),
        Mistake(_rotation,
                "C'est la rotation du stock (le nombre de fois où le stock moyen est vendu dans l'année), pas "
                "une durée : la durée moyenne de stockage vaut 360 ÷ rotation."),
        Mistake(lambda: _rotation() * DAYS,
                "Tu as inversé la rotation : 360 × coût d'achat des ventes ÷ stock moyen n'est pas une durée. "
                "Durée = stock moyen ÷ coût d'achat des ventes × 360."),
        Mistake(lambda: 1 / _rotation(),
                "Il manque les 360 jours : stock moyen ÷ coût d'achat des ventes est une fraction d'année. "
                "Multiplie-la par 360."),
        Mistake(lambda: _stock(average="inventaires"),
                "Tu as fait la moyenne des quatre inventaires de 2025 : c'est une autre façon de mesurer le "
                "stock moyen. L'énoncé demande (stock initial + stock final) ÷ 2."),
        Mistake(lambda: _stock(average="final"),
                "Tu as pris le stock final seul : le stock moyen est (stock initial + stock final) ÷ 2, avec "
                "le stock initial du 1er trimestre et le stock compté au 31/12/2025."),
        Mistake(lambda: _stock(average="theorique"),
                "Ton stock final est le stock théorique (ce que le logiciel de caisse attend) : le stock final "
                "est celui qu'on a compté à l'inventaire, stock_compte_ht, démarque déjà sortie."),
        Mistake(lambda: _stock(flow="achats"),
                "Tu as divisé par les achats de l'année : la durée de stockage se calcule avec ce qui sort du "
                "stock, le coût d'achat des casques vendus (cout_achat_ventes_ht)."),
        Mistake(lambda: _stock(category=None),
                "C'est la durée de tout le stock du magasin : garde seulement la catégorie casque."),
        Mistake(lambda: _stock(year=2024),
                "C'est la durée de 2024 : la question porte sur 2025."),
    ),
    hints=(
        "Garde les quatre inventaires de 2025 de Villeurbanne pour la catégorie casque. Le stock initial "
        "est le stock_initial_ht du premier trimestre, le stock final le stock_compte_ht du dernier.",
        "Stock moyen = (stock initial + stock final) ÷ 2 ; rotation = somme des cout_achat_ventes_ht ÷ "
        "stock moyen ; durée moyenne de stockage = 360 ÷ rotation.",
    ),
)


# --- question 5: is Villeurbanne's basket growth made of more items or dearer items? -------------------

q5 = Question(
    id="q5", lesson=LESSON, variable="reponse_q5", kind="choice", expected=None, competence="B3.3",
    options=(
        Option("Surtout de la montée en gamme : les clients achètent des articles plus chers, pas beaucoup "
               "plus d'articles.",
               "Le PMA passe d'environ 133 € à 148 € (+12 %), l'indice de vente reste à 1,64 (+0,5 %) : "
               "la hausse du panier vient du prix des articles (plus de vélos électriques vendus), pas de "
               "leur nombre."),
        Option("Surtout des ventes additionnelles : chaque client est reparti avec plus d'articles, ce qui "
               "a fait monter son ticket.",
               "L'indice de vente n'a presque pas bougé (moins de 1 % de hausse) : ce n'est pas le nombre "
               "d'articles qui fait monter le panier, c'est leur prix moyen (le PMA)."),
        Option("Des deux à parts égales : le panier est le produit de l'indice de vente et du PMA, chacun "
               "fait la moitié.",
               "La formule ne partage pas la hausse en deux moitiés : compare l'évolution de chaque "
               "facteur. Le PMA monte d'environ 12 %, l'indice de vente de moins de 1 %."),
        Option("Rien à conclure : il faudrait le détail des lignes de commande pour séparer les deux effets.",
               "Le tableau commandes suffit : montant_ht et nb_articles donnent le PMA (CA ÷ articles) et "
               "l'indice de vente (articles ÷ tickets) de chaque année."),
    ),
    justification=Justification(
        variable="pourquoi_q5",
        ideas=(
            Idea(("pma", "prix moyen", "prix des articles", "prix par article", "plus cher",
                  "gamme", "electrique"),
                 "dis ce qui a beaucoup augmenté : le prix moyen des articles (PMA)."),
            Idea(("indice", "nombre", "articles par ticket", "quantite", "stable", "presque pas", "a peine", "autant",
                  "pas plus", "peu plus"),
                 "dis ce que devient le nombre d'articles par ticket (l'indice de vente)."),
        ),
        model=("Le PMA a augmenté d'environ 12 % alors que l'indice de vente a à peine bougé : la hausse "
               "du panier vient d'articles plus chers, pas de plus d'articles."),
    ),
    hints=(
        "Panier moyen = indice de vente × PMA. Calcule les deux facteurs pour Villeurbanne, en 2024 puis en "
        "2025, et regarde lequel a le plus changé.",
        "Indice de vente = somme des nb_articles ÷ nombre de tickets ; PMA = somme des montant_ht ÷ somme "
        "des nb_articles. Compare leurs hausses en %.",
    ),
)


# --- question 6: the point mort of Bellecour if its fixed costs rise --------------------------------

def _shop_year(shop: str = BREAK_EVEN_SHOP, year: int = BREAK_EVEN_YEAR) -> tuple[float, float, float]:
    """(revenue HT, revenue TTC, variable costs HT) of a shop's tickets in a year."""
    commandes = _year(datasets.load("commandes"), year)
    tickets = commandes[commandes["point_de_vente"] == shop]
    lignes = datasets.load("lignes_commande")
    lines = lignes[lignes["commande_id"].isin(tickets["commande_id"])]
    cost = float((lines["quantite"] * lines["prix_achat_unitaire_ht"]).sum())
    return float(tickets["montant_ht"].sum()), float(tickets["montant_ttc"].sum()), cost


def _fixed_costs(shop: str = BREAK_EVEN_SHOP) -> float:
    magasins = datasets.load("magasins")
    return float(magasins.loc[magasins["point_de_vente"] == shop, "charges_fixes_annuelles_ht"].iloc[0])


def _point_mort(increase: float = RENT_INCREASE, rate: str = "mcv", days: int = DAYS, ttc: bool = False,
                unit: str = "jours", year: int = BREAK_EVEN_YEAR) -> float:
    """Point mort of next year, with the variants of the mistakes."""
    revenue_ht, revenue_ttc, cost = _shop_year(year=year)
    revenue = revenue_ttc if ttc else revenue_ht
    fixed = _fixed_costs() + (increase if rate != "seuil_plus" else 0)
    if rate == "mcv" or rate == "seuil_plus":
        share = formulas.gross_margin_rate(revenue, cost)  # taux de marge sur coût variable
    elif rate == "marge":  # the taux de marge (margin over the purchase cost)
        share = formulas.markup_rate(revenue, cost)
    elif rate == "cv":  # the share of the variable costs, 1 − taux de MCV
        share = 100 - formulas.gross_margin_rate(revenue, cost)
    else:  # "aucun": the fixed costs over the revenue
        share = 100
    threshold = float(formulas.break_even_revenue(fixed, share))
    if rate == "seuil_plus":  # the increase added to the seuil, not to the fixed costs
        threshold += increase
    if unit == "euros":
        return threshold
    if unit == "fraction":
        return threshold / revenue
    if unit == "mois":
        return threshold / revenue * 12
    return float(formulas.break_even_days(threshold, revenue, days))


q6 = Question(
    id="q6", lesson=LESSON, variable="point_mort_2026", kind="days", competence="B3.2",
    expected=lambda: _point_mort(),
    mistakes=(
        Mistake(lambda: _point_mort(increase=0),
                "C'est le point mort de 2025 : tu as oublié la hausse de 20 000 € des charges fixes. Ajoute-la "
                "aux charges fixes avant de calculer le seuil."),
        Mistake(lambda: _point_mort(rate="seuil_plus"),
                "Tu as ajouté les 20 000 € au seuil de rentabilité : ce sont les charges fixes qui augmentent. "
                "Chaque euro de charges fixes en plus demande plus d'un euro de ventes, puisque seule la "
                "marge le paie."),
        Mistake(lambda: _point_mort(days=365),
                "Tu as compté 365 jours : le cours prend l'année commerciale de 360 jours. Point mort = "
                "seuil ÷ chiffre d'affaires × 360."),
        Mistake(lambda: _point_mort(rate="marge"),
                "Tu as divisé par le taux de marge (marge ÷ coût d'achat) : le seuil se calcule avec le taux "
                "de marge sur coût variable, marge ÷ chiffre d'affaires HT."),
        Mistake(lambda: _point_mort(rate="cv"),
                "Tu as divisé par la part des charges variables dans le chiffre d'affaires : le seuil divise "
                "les charges fixes par le taux de marge sur coût variable (la part qui reste après les "
                "charges variables)."),
        Mistake(lambda: _point_mort(rate="aucun"),
                "Tu as divisé les charges fixes par le chiffre d'affaires : une vente ne paie les charges "
                "fixes qu'avec sa marge. Calcule d'abord le seuil = charges fixes ÷ taux de marge sur coût "
                "variable."),
        Mistake(lambda: _point_mort(ttc=True),
                "Tu as pris le chiffre d'affaires TTC : la TVA n'est pas une recette du magasin. Prends les "
                "montant_ht."),
        Mistake(lambda: _point_mort(unit="mois"),
                "C'est un nombre de mois : la question demande des jours (seuil ÷ chiffre d'affaires × 360)."),
        Mistake(lambda: _point_mort(unit="fraction"),
                "C'est la part de l'année (seuil ÷ chiffre d'affaires) : multiplie-la par 360 pour avoir "
                "des jours."),
        Mistake(lambda: _point_mort(unit="euros"),
                "C'est le seuil de rentabilité, en euros : le point mort est une date, en jours. Point mort "
                "= seuil ÷ chiffre d'affaires × 360."),
        Mistake(lambda: _point_mort(year=2024),
                "Tu as pris les ventes de 2024 : l'hypothèse part des ventes de 2025."),
    ),
    hints=(
        "Les charges variables du magasin sont le coût d'achat des produits vendus : somme de quantite × "
        "prix_achat_unitaire_ht des lignes des tickets de Bellecour en 2025. Marge sur coût variable = "
        "chiffre d'affaires HT − charges variables.",
        "Taux de marge sur coût variable = marge sur coût variable ÷ CA HT × 100 ; seuil = (charges fixes "
        "+ 20 000) ÷ ce taux × 100 ; point mort = seuil ÷ CA HT × 360.",
    ),
)

# --- question 7: each shop's capture rate, beside its year (Magasins, P2 copied to P4) ----------------

_ENTRANTS, _PASSANTS, _SHOP = "Passages!$C$2:$C$931", "Passages!$D$2:$D$931", "Passages!$B$2:$B$931"

q7 = Question(
    id="q7", lesson=LESSON, variable="formule_q7", kind="formula", competence="B3.3",
    where=Where("10", sheet="Magasins", cell="P2", copy_to="P4", percent=True),
    expected=lambda: f"=SOMME.SI.ENS({_ENTRANTS};{_SHOP};A2)/SOMME.SI.ENS({_PASSANTS};{_SHOP};A2)",
    mistakes=(
        Mistake(lambda: f"=MOYENNE.SI.ENS(Passages!$E$2:$E$931;{_SHOP};A2)",
                "Tu as fait la moyenne des taux des jours : un mardi calme pèse alors autant qu'un samedi. "
                "Additionne les entrants et les passants du magasin, puis divise."),
        Mistake(lambda: f"=SOMME.SI.ENS({_PASSANTS};{_SHOP};A2)/SOMME.SI.ENS({_ENTRANTS};{_SHOP};A2)",
                "Ta division est à l'envers : le taux de captation, ce sont les entrants (colonne C) divisés par "
                "les passants (colonne D). Il est toujours inférieur à 100 %."),
        Mistake(lambda: f"=SOMME.SI.ENS({_ENTRANTS};{_SHOP};$A$2)/SOMME.SI.ENS({_PASSANTS};{_SHOP};$A$2)",
                "Tu as figé le critère avec des $ : recopiée, chaque ligne calcule encore Bellecour. Fige les "
                "plages ($C$2:$C$931), pas le critère : laisse A2 sans $."),
        Mistake(lambda: "=SOMME(Passages!$C$2:$C$931)/SOMME(Passages!$D$2:$D$931)",
                "C'est le taux des trois magasins ensemble : chaque ligne donne le même. Garde seulement les "
                "jours du magasin de la colonne A avec SOMME.SI.ENS."),
    ),
    hints=(
        "Dans la feuille Passages, les entrants sont en colonne C, les passants en colonne D et le magasin en "
        "colonne B, des lignes 2 à 931. Dans la feuille Magasins, le nom du magasin de la ligne est en A2.",
        "=SOMME.SI.ENS(entrants;magasins;A2)/SOMME.SI.ENS(passants;magasins;A2), avec des $ sur les plages "
        "pour que la formule se recopie en P3 et P4.",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6, q7)

# Questions a devoir leaves out, and why (kpilab.devoirs): their right answer depends on the data.
NOT_IN_DEVOIRS = {
    "q5": "sa bonne réponse (la hausse du panier de Villeurbanne vient surtout du PMA) et les chiffres de "
          "son énoncé dépendent des données : sur une autre variante, la conclusion pourrait changer",
    "q7": "formule de tableur : elle se vérifie sur le classeur de la leçon, le même pour tous",
}
