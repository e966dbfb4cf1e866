"""Cas de synthèse — un sujet type de l'épreuve E7 (gestion opérationnelle), en une heure.

The case gives its figures in annexes, as the written paper does: the figures of the
Villeurbanne shop in 2025, taken from the course data (magasins, inventaires, commandes,
lignes_commande) and rounded to the euro, and a new e-bike to price. The questions are
linked: question 2 uses the price of question 1, question 5 the seuil of question 4, question
6 both. The engine checks an answer against one expected value, so a later question cannot
be checked on a student's own earlier (wrong) value in general; instead, each linked question
declares the values that the frequent mistakes of the earlier question lead to, and its
feedback says that the method is right but the earlier result is not.
"""

from __future__ import annotations

from kpilab import formulas
from kpilab.exercises.engine import Idea, Justification, Mistake, Option, Question
from kpilab.exercises.formula import Where

LESSON = "10_cas_gestion_e7"
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]

VAT = 20  # %, the taux normal
DAYS = 360  # the année commerciale of the course

# Annexe 1: the new e-bike (a purchase price close to the catalogue's urban e-bikes).
PA_HT, TARGET = 1260, 30  # € HT, taux de marque in %
# Annexe 2: the Villeurbanne shop's year 2025, rounded to the euro (magasins.csv, commandes.csv,
# lignes_commande.csv): revenue HT of its tickets, the purchase cost of the goods sold, fixed costs.
CA_HT, COUT_ACHAT_VENTES = 1_024_160, 648_260
LOYER, MASSE_SALARIALE, AUTRES_CHARGES = 42_000, 138_000, 43_000
CHARGES_FIXES = LOYER + MASSE_SALARIALE + AUTRES_CHARGES
# Annexe 3: the stock counted at purchase cost HT (inventaires.csv, all categories).
STOCK_DEBUT, STOCK_FIN = 185_266, 255_747  # 31/12/2024, 31/12/2025
# Question 6: a full-time seller hired in 2026, his yearly cost with social charges.
EMBAUCHE = 32_000


# --- questions 1 and 2: the e-bike's price and coefficient ------------------------------------------

def _price_ttc(rate_on: str = "vente", vat: str = "ajoutee") -> float:
    """The e-bike's price TTC for the target taux de marque, with the variants of the mistakes."""
    rate = TARGET / 100
    if rate_on == "vente":  # PV HT = PA HT ÷ (1 − taux de marque)
        price_ht = float(formulas.selling_price_from_gross_margin(PA_HT, TARGET))
    elif rate_on == "achat":  # the rate added to the purchase price: a taux de marge
        price_ht = PA_HT * (1 + rate)
    elif rate_on == "taux":  # divided by the rate instead of by 1 − the rate
        price_ht = PA_HT / rate
    else:  # "avec_tva": the VAT taken off with the margin, PA ÷ (1 − 0,30 − 0,20)
        return PA_HT / (1 - rate - VAT / 100)
    if vat == "oubliee":
        return price_ht
    if vat == "divisee":  # TTC = HT ÷ 0,80
        return price_ht / (1 - VAT / 100)
    return float(formulas.price_with_vat(price_ht, VAT))


q1 = Question(
    id="q1", lesson=LESSON, variable="prix_vae_ttc", kind="euros", competence="B3.1",
    expected=lambda: _price_ttc(),
    mistakes=(
        Mistake(lambda: _price_ttc(vat="oubliee"),
                "C'est le prix de vente HT : l'étiquette affiche un prix TTC. Ajoute la TVA (HT × 1,20)."),
        Mistake(lambda: _price_ttc(rate_on="achat"),
                "Tu as ajouté 30 % au prix d'achat : c'est un taux de marge de 30 %, pas un taux de marque. "
                "Le taux de marque se calcule sur le prix de vente : PV HT = PA HT ÷ (1 − 0,30)."),
        Mistake(lambda: _price_ttc(rate_on="achat", vat="oubliee"),
                "Deux erreurs : PA × 1,30 donne un taux de marge de 30 % (pas un taux de marque), et ce prix "
                "est HT alors que l'étiquette est TTC."),
        Mistake(lambda: _price_ttc(rate_on="taux"),
                "Tu as divisé le prix d'achat par 0,30 : avec 30 % de marque, le prix d'achat fait 70 % du prix "
                "de vente HT. Divise par 0,70."),
        Mistake(lambda: _price_ttc(rate_on="taux", vat="oubliee"),
                "Deux erreurs : le prix d'achat fait 70 % du prix de vente HT (divise par 0,70, pas par 0,30), "
                "et l'étiquette affiche un prix TTC."),
        Mistake(lambda: _price_ttc(vat="divisee"),
                "Tu as divisé le prix HT par 0,80 : la TVA de 20 % se calcule sur le prix HT, donc TTC = HT × 1,20."),
        Mistake(lambda: _price_ttc(rate_on="avec_tva"),
                "Tu as retiré la TVA et la marque ensemble (1 − 0,30 − 0,20) : la TVA s'ajoute au prix HT, elle "
                "ne fait pas 20 % du prix TTC. Calcule d'abord le prix HT, puis multiplie par 1,20."),
    ),
    hints=(
        "Un taux de marque de 30 % veut dire : la marge fait 30 % du prix de vente HT. Quelle part du prix "
        "de vente HT reste pour le prix d'achat ?",
        "PV HT = PA HT ÷ (1 − 0,30) ; puis PV TTC = PV HT × 1,20.",
    ),
)


def _coefficient(price_ttc: float | None = None, ht: bool = False) -> float:
    """PV TTC ÷ PA HT, from the right price or from the price a mistake of question 1 gives."""
    price = _price_ttc() if price_ttc is None else price_ttc
    if ht:
        price = float(formulas.price_without_vat(price, VAT))
    return float(formulas.multiplier_coefficient(price, PA_HT))


_CARRIED = ("Ta méthode est la bonne (PV TTC ÷ PA HT), mais elle part du prix faux de la question 1 : ")

q2 = Question(
    id="q2", lesson=LESSON, variable="coef_vae", kind="ratio", competence="B3.1",
    expected=lambda: _coefficient(),
    mistakes=(
        Mistake(lambda: _coefficient(ht=True),
                "Tu as divisé un prix HT par le prix d'achat HT : c'est le coefficient « HT ». Le coefficient "
                "multiplicateur part du prix de vente TTC, celui de l'étiquette."),
        Mistake(lambda: 1 / _coefficient(),
                "Tu as divisé le prix d'achat par le prix de vente : c'est l'inverse. Coefficient = PV TTC ÷ PA HT, "
                "il est plus grand que 1."),
        Mistake(lambda: 1 + VAT / 100,
                "Tu as divisé le prix TTC par le prix HT : ce rapport, c'est la TVA. Le coefficient "
                "multiplicateur divise le prix de vente TTC par le prix d'achat HT."),
        Mistake(lambda: _coefficient(_price_ttc(rate_on="achat")),
                _CARRIED + "PA × 1,30 donne un taux de marge de 30 %, pas un taux de marque. Corrige q1 "
                "(divise par 0,70), puis reprends ce calcul."),
        Mistake(lambda: _coefficient(_price_ttc(rate_on="taux")),
                _CARRIED + "le prix d'achat fait 70 % du prix de vente HT (divise par 0,70, pas par 0,30). "
                "Corrige q1, puis reprends ce calcul."),
        Mistake(lambda: _coefficient(_price_ttc(vat="divisee")),
                _CARRIED + "TTC = HT × 1,20, et non HT ÷ 0,80. Corrige q1, puis reprends ce calcul."),
    ),
    hints=(
        "Le coefficient multiplicateur est le nombre par lequel on multiplie le prix d'achat HT pour obtenir "
        "le prix affiché TTC. Reprends ton prix de la question 1.",
        "Coefficient = PV TTC ÷ PA HT, avec ton `prix_vae_ttc` et le prix d'achat HT de l'annexe 1 ; ou "
        "directement 1,20 ÷ (1 − 0,30).",
    ),
)


# --- question 3: the stock ---------------------------------------------------------------------------

def _storage_days(stock: str = "moyen", flow: float = COUT_ACHAT_VENTES, days: int = DAYS) -> float:
    """Durée moyenne de stockage in days, with the variants of the mistakes."""
    value = {"moyen": float(formulas.average_stock(STOCK_DEBUT, STOCK_FIN)), "fin": STOCK_FIN,
             "debut": STOCK_DEBUT, "somme": STOCK_DEBUT + STOCK_FIN}[stock]
    return float(formulas.stock_cover_days(value, flow, days))


q3 = Question(
    id="q3", lesson=LESSON, variable="duree_stockage", kind="days", competence="B3.1",
    expected=lambda: _storage_days(),
    mistakes=(
        Mistake(lambda: _storage_days(flow=CA_HT),
                "Tu as divisé par le chiffre d'affaires HT : il est aux prix de vente, le stock au coût d'achat. "
                "Compare le stock moyen au coût d'achat des marchandises vendues."),
        Mistake(lambda: float(formulas.stock_turnover(COUT_ACHAT_VENTES, formulas.average_stock(STOCK_DEBUT, STOCK_FIN))),
                "C'est la rotation des stocks (le nombre de fois où le stock moyen est vendu dans l'année) : "
                "la durée moyenne de stockage vaut 360 ÷ rotation, en jours."),
        Mistake(lambda: _storage_days() / 30,
                "Tu as donné la durée en mois : la question la demande en jours."),
        Mistake(lambda: _storage_days(days=365),
                "Tu as compté 365 jours : en gestion commerciale, l'année compte 360 jours (année commerciale)."),
        Mistake(lambda: _storage_days("fin"),
                "Tu as pris le stock du 31/12/2025 seulement : le stock moyen est (stock initial + stock final) ÷ 2."),
        Mistake(lambda: _storage_days("debut"),
                "Tu as pris le stock du 31/12/2024 seulement : le stock moyen est (stock initial + stock final) ÷ 2."),
        Mistake(lambda: _storage_days("somme"),
                "Tu as additionné les deux stocks sans diviser par 2 : stock moyen = (stock initial + stock final) ÷ 2."),
    ),
    hints=(
        "Trois étapes : le stock moyen, puis la rotation (combien de fois le stock moyen est vendu dans "
        "l'année), puis la durée en jours.",
        "Stock moyen = (stock au 31/12/2024 + stock au 31/12/2025) ÷ 2 ; rotation = coût d'achat des "
        "marchandises vendues ÷ stock moyen ; durée moyenne de stockage = 360 ÷ rotation.",
    ),
)


# --- questions 4 and 5: seuil de rentabilité and point mort ------------------------------------------

MCV = CA_HT - COUT_ACHAT_VENTES  # marge sur coût variable: a shop's variable cost is what it buys


def _mcv_rate(over: str = "ca") -> float:
    """Taux de marge sur coût variable in % (over the revenue), or wrongly over the purchase cost."""
    if over == "ca":
        return float(formulas.gross_margin_rate(CA_HT, COUT_ACHAT_VENTES))
    return float(formulas.markup_rate(CA_HT, COUT_ACHAT_VENTES))


def _seuil(variant: str = "juste", fixed: float = CHARGES_FIXES) -> float:
    """Seuil de rentabilité in €, with the variants of the mistakes."""
    if variant == "taux_de_marge":
        return float(formulas.break_even_revenue(fixed, _mcv_rate("cout")))
    if variant == "pourcentage":  # divided by 36,7 instead of 0,367
        return fixed / _mcv_rate()
    if variant == "part_variable":  # divided by the share of the variable costs
        return fixed / (1 - _mcv_rate() / 100)
    if variant == "resultat":  # MCV − charges fixes: the result, not the seuil
        return MCV - fixed
    return float(formulas.break_even_revenue(fixed, _mcv_rate()))


q4 = Question(
    id="q4", lesson=LESSON, variable="seuil_rentabilite", kind="euros", competence="B3.3",
    expected=lambda: _seuil(),
    mistakes=(
        Mistake(lambda: _seuil("taux_de_marge"),
                "Tu as divisé par le taux de marge (marge ÷ coût d'achat) : le seuil se calcule avec le taux de "
                "marge sur coût variable, la marge rapportée au chiffre d'affaires HT."),
        Mistake(lambda: _seuil("pourcentage"),
                "Tu as divisé par le taux écrit en % (36,7…) : divise par le taux en décimal (0,367…), ou "
                "multiplie par 100."),
        Mistake(lambda: _seuil("part_variable"),
                "Tu as divisé par la part des charges variables dans le chiffre d'affaires : le seuil divise "
                "les charges fixes par le taux de marge sur coût variable."),
        Mistake(lambda: _seuil("resultat"),
                "C'est le résultat de l'année (marge sur coût variable − charges fixes), pas le seuil de "
                "rentabilité : le seuil est le chiffre d'affaires qui donne un résultat nul."),
    ),
    hints=(
        "Le seul coût variable d'un magasin est le coût d'achat des marchandises vendues : marge sur coût "
        "variable = CA HT − coût d'achat des marchandises vendues. Les charges fixes sont à additionner.",
        "Taux de marge sur coût variable = marge sur coût variable ÷ CA HT ; seuil de rentabilité = "
        "charges fixes ÷ ce taux (en décimal).",
    ),
)


def _point_mort(seuil: float | None = None, days: int = DAYS) -> float:
    """Point mort in days: seuil ÷ CA × 360, from the right seuil or from the one a mistake of q4 gives."""
    value = _seuil() if seuil is None else seuil
    return float(formulas.break_even_days(value, CA_HT, days))


_CARRIED_SEUIL = "Ta méthode est la bonne (seuil ÷ CA HT × 360), mais ton seuil de la question 4 est faux : "

q5 = Question(
    id="q5", lesson=LESSON, variable="point_mort_jours", kind="days", competence="B3.3",
    expected=lambda: _point_mort(),
    mistakes=(
        Mistake(lambda: _point_mort(days=365),
                "Tu as compté 365 jours : le cours compte l'année commerciale, 360 jours (12 mois de 30 jours)."),
        Mistake(lambda: _point_mort() / 30,
                "Tu as donné le point mort en mois : la question le demande en jours."),
        Mistake(lambda: CA_HT / _seuil() * DAYS,
                "Tu as divisé le chiffre d'affaires par le seuil : c'est l'inverse. Point mort = seuil ÷ CA HT × "
                "360, et il est inférieur à 360 jours quand le magasin fait un bénéfice."),
        Mistake(lambda: _point_mort(CHARGES_FIXES),
                "Tu as pris les charges fixes à la place du seuil de rentabilité : le point mort est le jour où "
                "le chiffre d'affaires atteint le seuil."),
        Mistake(lambda: _point_mort(_seuil("taux_de_marge")),
                _CARRIED_SEUIL + "il est calculé avec le taux de marge (sur le coût d'achat). Corrige q4, puis "
                "reprends ce calcul."),
        Mistake(lambda: _point_mort(_seuil("part_variable")),
                _CARRIED_SEUIL + "il divise par la part des charges variables. Corrige q4, puis reprends ce calcul."),
        Mistake(lambda: _point_mort(_seuil("resultat")),
                _CARRIED_SEUIL + "c'est le résultat de l'année, pas le seuil. Corrige q4, puis reprends ce calcul."),
    ),
    hints=(
        "Le point mort est le jour de l'année où le chiffre d'affaires cumulé atteint le seuil de "
        "rentabilité, si les ventes sont régulières. Reprends ton seuil de la question 4.",
        "Point mort = seuil de rentabilité ÷ CA HT × 360 (en jours) ; pour la date, compte des mois de "
        "30 jours à partir du 1er janvier.",
    ),
)


# --- question 6: the hiring decision for 2026 ----------------------------------------------------------

q6 = Question(
    id="q6", lesson=LESSON, variable="reponse_q6", kind="choice", expected=None, competence="B3.2",
    options=(
        Option("Le point mort reculerait vers le 5 septembre 2026 ; le magasin resterait bénéficiaire, mais le "
               "vendeur devrait apporter bien plus de 32 000 € de CA HT en plus.",
               "Seule la marge sur coût variable (36,7 % du CA HT) paie les charges fixes : 32 000 € de charges "
               "de plus demandent 32 000 ÷ 0,367 ≈ 87 200 € de CA HT en plus, soit environ 31 jours de ventes. "
               "Le point mort passe au 245e jour, avant la fin de l'année : le magasin reste bénéficiaire."),
        Option("Le point mort ne bougerait pas : l'embauche ne change ni le prix de vente des vélos, ni le taux "
               "de marque du magasin.",
               "Le salaire du vendeur est une charge fixe de plus : le seuil de rentabilité monte, et le point "
               "mort recule même si les prix et le taux de marque ne changent pas."),
        Option("Le point mort reculerait vers le 5 septembre 2026 : c'est après le 30 juin, donc le magasin ne "
               "serait plus rentable en 2026 ; mieux vaudrait renoncer à cette embauche.",
               "Un point mort avant le 360e jour veut dire que l'année finit en bénéfice : après le point mort, "
               "la marge de chaque vente est du bénéfice. Un point mort plus tardif réduit le bénéfice, il ne "
               "l'efface pas."),
        Option("Le point mort reculerait vers le 15 août 2026 : le vendeur devrait seulement apporter 32 000 € de "
               "CA HT en plus, ce que coûte son salaire.",
               "Sur 32 000 € de ventes en plus, le magasin ne garde que la marge (36,7 %), environ 11 700 € : "
               "cela ne paie pas le salaire. Il faut diviser le coût par le taux de marge sur coût variable."),
    ),
    justification=Justification(
        variable="pourquoi_q6",
        ideas=(
            Idea(("marge", "marque", "mcv", "cout d'achat", "couts d'achat", "cout variable", "couts variables",
                  "achat des velos", "une partie", "qu'une part"),
                 "dis quelle part de chaque euro de vente reste au magasin une fois la marchandise payée."),
            Idea(("charge", "salaire", "cout de l'embauche", "couter", "coute"),
                 "dis ce que cette marge doit payer."),
        ),
        model=("Sur chaque euro de vente, le magasin ne garde que la marge sur coût variable (36,7 %) : pour payer "
               "32 000 € de salaire, une charge fixe de plus, il faut donc bien plus de 32 000 € de ventes en plus."),
    ),
    hints=(
        "Le salaire du nouveau vendeur est-il une charge fixe ou une charge variable ? Que devient le seuil "
        "de rentabilité ?",
        "Calcule le point mort de 2026 avec les charges fixes augmentées de 32 000 €, le même CA HT et le même "
        "taux de marge sur coût variable, puis cherche la date (mois de 30 jours). Combien de CA HT en plus "
        "faut-il pour que la marge paie les 32 000 € ?",
    ),
)

# --- question 7: each shop's point mort with the hiring of question 6, in lesson 10's workbook ------------

q7 = Question(
    id="q7", lesson=LESSON, variable="formule_q7", kind="formula", competence="B3.3",
    where=Where("10", sheet="Magasins", cell="Q2", copy_to="Q4"),
    expected=lambda: f"=(C2+{EMBAUCHE})/I2/F2*360",
    mistakes=(
        Mistake(lambda: f"=(C2+{EMBAUCHE})/I2",
                "C'est le seuil de rentabilité, en euros : le point mort est un nombre de jours. Divise le seuil "
                "par le CA HT (colonne F) et multiplie par 360."),
        Mistake(lambda: f"=(C2/I2+{EMBAUCHE})/F2*360",
                "Tu as ajouté les 32 000 € au seuil : ce sont les charges fixes qui augmentent. Seule la marge "
                "paie le salaire : (C2 + 32000) ÷ I2 est le nouveau seuil."),
        Mistake(lambda: f"=(C2+{EMBAUCHE})/I2/F2*365",
                "Tu as compté 365 jours : le cours compte l'année commerciale, 360 jours."),
        Mistake(lambda: f"=(C2+{EMBAUCHE})/(H2/G2)/F2*360",
                "Tu as divisé par le taux de marge (marge ÷ coût d'achat) : le seuil se calcule avec le taux de "
                "marge sur coût variable, la marge rapportée au CA HT (colonne I)."),
        Mistake(lambda: f"=($C$2+{EMBAUCHE})/$I$2/$F$2*360",
                "Tu as figé les cellules avec des $ : recopiée en Q3 et Q4, ta formule redonne le point mort de "
                "Bellecour. Ici, chaque ligne lit les cellules de son magasin : pas de $."),
    ),
    hints=(
        "Dans la feuille Magasins, les charges fixes de 2025 sont en colonne C, le CA HT en colonne F et le taux "
        "de marge sur coût variable en colonne I (une fraction, au format %), une ligne par magasin.",
        "Nouveau seuil = (charges fixes + 32 000) ÷ taux de MCV ; point mort = seuil ÷ CA HT × 360 : "
        "=(C2+32000)/I2/F2*360, recopiée en Q3 et Q4.",
    ),
)

QUESTIONS = (q1, q2, q3, q4, q5, q6, q7)

# The barème of the case, in points out of 20, as an exam subject states it.
BAREME = {"q1": 3, "q2": 3, "q3": 3, "q4": 3, "q5": 3, "q6": 3, "q7": 2}

# Questions a devoir leaves out, and why (kpilab.devoirs).
NOT_IN_DEVOIRS = {"q7": "formule de tableur : elle se vérifie sur le classeur de la leçon, le même pour tous"}
