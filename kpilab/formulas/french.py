"""The French of the formulas: each KPI's name, each argument's label, the messages.

Every formula of :mod:`kpilab.formulas` has its name here (a test checks it), so a new KPI is
checked with every message template of :mod:`kpilab._inputs` and of this module; every
argument has its French label, shown in the messages next to its Python name.
"""

from __future__ import annotations

from kpilab.errors import Name

# The French name of each KPI, with its article: messages take the form they need
# ("Le calcul du coût par conversion…", see kpilab.errors.Name).
KPI_NAMES = {function: Name(text) for function, text in {
    # prospecting and sales (funnel)
    "response_rate": "le taux de réponse",
    "conversion_rate": "le taux de conversion",
    "cost_per_conversion": "le coût par conversion",
    "sales_cycle_days": "la durée du cycle de vente",
    "average_sales_cycle": "le cycle de vente moyen",
    # customers
    "retention_rate": "le taux de rétention",
    "churn_rate": "le taux d'attrition",
    "customer_lifetime_value": "la valeur vie client",
    "lifespan_from_churn": "la durée de vie client",
    "annual_churn_from_monthly": "le taux d'attrition annuel",
    # shop
    "average_order_value": "le panier moyen",
    "store_conversion_rate": "le taux de transformation",
    "sales_index": "l'indice de vente",
    "average_item_price": "le prix moyen par article",
    "capture_rate": "le taux de captation",
    "sales_per_square_metre": "le chiffre d'affaires au m²",
    "sales_per_hour": "le chiffre d'affaires par heure travaillée",
    # pricing
    "gross_margin_rate": "le taux de marque",
    "markup_rate": "le taux de marge",
    "multiplier_coefficient": "le coefficient multiplicateur",
    "price_with_vat": "le prix TTC",
    "price_without_vat": "le prix HT",
    "gross_margin_from_markup": "le taux de marque",
    "markup_from_gross_margin": "le taux de marge",
    "selling_price_from_gross_margin": "le prix de vente HT",
    "selling_price_from_markup": "le prix de vente HT",
    # stock
    "average_stock": "le stock moyen",
    "stock_turnover": "la rotation des stocks",
    "stock_cover_days": "la durée moyenne de stockage",
    "shrinkage_rate": "le taux de démarque",
    # break-even
    "break_even_revenue": "le seuil de rentabilité",
    "break_even_days": "le point mort",
    # comparisons
    "change": "l'évolution",
    "target_achievement_rate": "le taux de réalisation",
}.items()}

# The French label of every argument (a test checks that each parameter has one).
ARGUMENTS = {
    "responses": "nombre de réponses",
    "contacts": "nombre de contacts",
    "sales": "nombre de ventes",
    "leads": "nombre de leads",
    "cost": "coût en €",
    "conversions": "nombre de conversions",
    "revenue": "chiffre d'affaires en €",
    "transactions": "nombre de transactions",
    "first_contact": "date du premier contact",
    "signed": "date de signature",
    "retained": "clients conservés",
    "customers_at_start": "clients au début de la période",
    "lost": "clients perdus",
    "average_order_value": "panier moyen en €",
    "purchases_per_year": "achats par an",
    "lifespan_years": "durée de vie en années",
    "margin_rate": "taux de marge",
    "annual_churn_rate": "taux d'attrition annuel en %",
    "monthly_churn_rate": "taux d'attrition mensuel en %",
    "tickets": "nombre de tickets",
    "visitors": "nombre de visiteurs",
    "articles": "nombre d'articles",
    "selling_price_ht": "prix de vente HT",
    "purchase_price_ht": "prix d'achat HT",
    "selling_price_ttc": "prix de vente TTC",
    "value": "valeur de la période",
    "previous": "valeur de la période précédente",
    "items": "nombre d'articles vendus",
    "entrants": "nombre d'entrants",
    "passers_by": "nombre de passants",
    "area_m2": "surface de vente en m²",
    "hours": "nombre d'heures travaillées",
    "price_ht": "prix HT en €",
    "price_ttc": "prix TTC en €",
    "vat_rate": "taux de TVA en %",
    "markup_rate": "taux de marge en %",
    "gross_margin_rate": "taux de marque en %",
    "opening": "stock initial en €",
    "closing": "stock final en €",
    "cost_of_goods_sold": "coût d'achat des marchandises vendues en €",
    "average_stock": "stock moyen en €",
    "days": "nombre de jours de la période",
    "shrinkage": "démarque en €",
    "fixed_costs": "charges fixes en €",
    "contribution_margin_rate": "taux de marge sur coût variable en %",
    "break_even": "seuil de rentabilité en €",
    "actual": "réalisé",
    "target": "objectif",
}
OPTIONS = ("how", "rate")  # parameters that choose a variant, not numbers

# Why a numerator cannot exceed its denominator (the end of "c'est impossible, …").
PART_OF_WHOLE = {
    "response_rate": "on ne peut pas avoir plus de réponses que de contacts",
    "conversion_rate": "chaque vente vient d'un lead",
    "retention_rate": "les clients conservés font partie des clients du début",
    "churn_rate": "on ne peut perdre que des clients présents au début",
    "store_conversion_rate": "chaque ticket vient d'un visiteur",
    "capture_rate": "chaque entrant est d'abord passé devant la vitrine",
}

# The messages of the formulas (those of every KPI are in kpilab._inputs.MESSAGES).
MESSAGES = {
    "signed_before_first_contact": "La date de signature (`signed`) est avant la date du premier contact "
                                   "(`first_contact`){where} : c'est impossible. As-tu inversé les deux arguments ?",
    "how": "`how` vaut {how} : choisis `how='mean'` (moyenne) ou `how='median'` (médiane).",
    "no_signed_deal": "Aucune affaire signée : le cycle de vente moyen n'est pas défini. Vérifie ton filtre "
                      "(statut 'gagne', période).",
    "new_customers_retained": "As-tu compté les nouveaux clients parmi les clients conservés ? "
                              "Clients conservés = clients de la fin − nouveaux clients (E − N).",
    "margin_share": "C'est une part du chiffre d'affaires : écris `0.35` pour 35 %.",
    "annual_churn_percent": "Un taux d'attrition est un pourcentage : 25 pour 25 %.",
    "monthly_churn_percent": "Un taux d'attrition est un pourcentage : 5 pour 5 %.",
    "change_from_zero": "La valeur précédente (`previous`) vaut 0 : une évolution en % n'a pas de sens quand "
                        "on part de zéro. Donne plutôt l'écart (valeur − valeur précédente).",
    "not_positive": "L'argument `{name}` ({label}) vaut {value}{where} : il doit être strictement positif.",
    "passers_by_include_entrants": "Les passants comptent toutes les personnes passées devant la vitrine, "
                                   "entrants compris. As-tu inversé les deux arguments ?",
    "vat_percent": "Un taux de TVA est un pourcentage : 20 pour 20 %, 5,5 pour 5,5 %.",
    "gross_margin_100": "L'argument `{name}` ({label}) vaut {value}{where} : un taux de marque de 100 % ou plus "
                        "est impossible, la marge ne peut pas atteindre le prix de vente. As-tu donné un taux de "
                        "marge (marge ÷ prix d'achat) au lieu du taux de marque (marge ÷ prix de vente) ?",
    "markup_minus_100": "L'argument `{name}` ({label}) vaut {value}{where} : un taux de marge de −100 % ou moins "
                        "donnerait un prix de vente nul ou négatif. Un taux de marge s'écrit en % : 25 pour 25 %.",
    "negative_shrinkage": "L'argument `{name}` ({label}) vaut {value}{where} : une démarque négative voudrait dire "
                          "que le stock compté dépasse le stock théorique. Démarque = stock théorique − stock "
                          "compté : as-tu fait la soustraction à l'envers ?",
    "contribution_margin_not_positive": "L'argument `{name}` ({label}) vaut {value}{where} : avec un taux de marge "
                                        "sur coût variable nul ou négatif, les ventes ne couvrent aucune charge "
                                        "fixe et le seuil de rentabilité n'est jamais atteint. Vérifie tes "
                                        "charges variables.",
    "contribution_margin_percent": "Un taux de marge sur coût variable est une part du chiffre d'affaires en %, "
                                   "au plus 100 : 35 pour 35 %.",
}
