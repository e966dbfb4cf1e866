"""Simulators of lessons 04 to 07: the average order value, retention, churn, lifetime value."""

from __future__ import annotations

import math

from kpilab import formulas
from kpilab.simulators._core import (
    Lever,
    Result,
    Simulator,
    _share,
    left_after,
    share_of,
)

# --- 04: average order value, upselling, cross-selling -----------------------------------------


def basket(tickets, bike_share, ebike_share, attach_rate, bike_price, ebike_price, other_basket, helmet_price):
    """Average basket HT from the mix: bikes, e-bikes (upselling), helmets (cross-selling).

    Tickets with a bike, e-bikes among them and helmets sold with a bike are
    whole numbers; the revenue is built from them.
    """
    bikes = share_of(tickets, bike_share)
    ebikes = share_of(bikes, ebike_share)
    helmets = share_of(bikes, attach_rate)
    revenue = float(
        (bikes - ebikes) * bike_price + ebikes * ebike_price + helmets * helmet_price
        + (tickets - bikes) * other_basket
    )
    return {
        "revenue": revenue,
        "aov": formulas.average_order_value(revenue, tickets) if tickets else None,
        "bikes": bikes,
        "ebikes": ebikes,
        "helmets": helmets,
    }


BASKET = Simulator(
    name="basket",
    title="Panier moyen\u00a0: vendre mieux (VAE) et vendre plus (casque)",
    levers=(
        Lever("tickets", "Tickets dans le mois", 100, 3_000, 50, 1_000),
        Lever("bike_share", "Tickets avec un vélo", 0, 50, 1, 12, "%"),
        Lever("ebike_share", "Part de VAE parmi les vélos (montée en gamme)", 0, 100, 1, 40, "%"),
        Lever("attach_rate", "Vélos vendus avec un casque (vente additionnelle)", 0, 100, 1, 35, "%"),
        Lever("bike_price", "Prix moyen d'un vélo classique HT", 200, 2_000, 10, 650, "€"),
        Lever("ebike_price", "Prix moyen d'un VAE HT", 1_000, 5_000, 50, 2_300, "€"),
        Lever("other_basket", "Panier moyen sans vélo HT", 10, 200, 1, 45, "€"),
        Lever("helmet_price", "Prix d'un casque HT", 20, 150, 1, 60, "€"),
    ),
    results=(
        Result("aov", "Panier moyen HT", "euros", main=True,
               undefined="Aucun ticket\u00a0: le panier moyen n'est pas défini."),
        Result("revenue", "Chiffre d'affaires HT", "euros"),
        Result("helmets", "Casques vendus avec un vélo", "number"),
    ),
    compute=basket,
)


# --- 05: retention --------------------------------------------------------------------------


def retention(customers, retention_rate, new_customers, years):
    """Whole customers year after year: S × rétention (rounded) + nouveaux."""
    path = [customers]
    for _ in range(years):
        path.append(share_of(path[-1], retention_rate) + new_customers)
    retained = share_of(customers, retention_rate)
    return {
        "final": path[-1],
        "retained_first_year": retained,
        "rate": formulas.retention_rate(retained, customers) if customers else None,
        "path": path,
    }


RETENTION = Simulator(
    name="retention",
    title="Garder ses clients\u00a0: la base de clients année après année",
    levers=(
        Lever("customers", "Clients actifs au début", 0, 10_000, 100, 3_000),
        Lever("retention_rate", "Taux de rétention annuel", 0, 100, 1, 60, "%"),
        Lever("new_customers", "Nouveaux clients par an", 0, 5_000, 50, 1_000),
        Lever("years", "Nombre d'années", 1, 10, 1, 3, most=100),
    ),
    results=(
        Result("retained_first_year", "Clients conservés la 1re année", "number"),
        Result("final", "Clients actifs à la fin", "number", main=True),
    ),
    compute=retention,
)


# --- 06: churn -------------------------------------------------------------------------------


def churn(monthly_churn, customers):
    """Monthly churn → annual churn, and the whole subscribers left after 12 months."""
    annual = formulas.annual_churn_from_monthly(monthly_churn)
    return {
        "annual": annual,
        "wrong_annual": monthly_churn * 12,
        "left": left_after(customers, annual),
    }


CHURN = Simulator(
    name="churn",
    title="Du taux d'attrition mensuel au taux annuel",
    levers=(
        Lever("monthly_churn", "Taux d'attrition mensuel", 0, 20, 0.1, 5, "%"),
        Lever("customers", "Abonnés au début de l'année", 100, 5_000, 100, 1_000),
    ),
    results=(
        Result("annual", "Taux d'attrition annuel\u00a0: 1 − (1 − m)¹²", "percent", main=True),
        Result("wrong_annual", "Calcul faux\u00a0: m × 12", "percent"),
        Result("left", "Abonnés restants après 12 mois", "number"),
    ),
    compute=churn,
)


# --- 07: customer lifetime value ----------------------------------------------------------------


def lifetime_value(basket, purchases, retention_rate, margin, acquisition_cost):
    """CLV from the annual retention rate (durée de vie ≈ 1 ÷ attrition).

    A retention of 100 % (outside the slider) keeps customers for ever: the
    lifespan and the value are infinite.
    """
    churn_rate = 100 - retention_rate
    lifespan = formulas.lifespan_from_churn(churn_rate) if churn_rate > 0 else math.inf
    clv = formulas.customer_lifetime_value(basket, purchases, lifespan, _share(margin)) if churn_rate > 0 else math.inf
    better_lifespan = formulas.lifespan_from_churn(churn_rate - 1) if churn_rate > 1 else math.inf
    better = (
        formulas.customer_lifetime_value(basket, purchases, better_lifespan, _share(margin))
        if churn_rate > 1 else math.inf
    )
    return {
        "lifespan": lifespan,
        "clv": clv,
        "ratio": clv / acquisition_cost if acquisition_cost else None,
        "clv_plus_one_point": better,
        "gain_plus_one_point": better - clv if math.isfinite(clv) else None,
    }


LIFETIME_VALUE = Simulator(
    name="lifetime_value",
    title="Valeur vie client\u00a0: ce que rapporte un client fidèle",
    levers=(
        Lever("basket", "Panier moyen HT", 10, 1_000, 5, 120, "€"),
        Lever("purchases", "Achats par an", 0.5, 12, 0.5, 2.5),
        Lever("retention_rate", "Taux de rétention annuel", 0, 95, 1, 65, "%"),
        Lever("margin", "Taux de marque", 0, 80, 1, 35, "%"),
        Lever("acquisition_cost", "Coût d'acquisition d'un client", 0, 500, 5, 60, "€"),
    ),
    results=(
        Result("lifespan", "Durée de vie\u00a0: 1 ÷ attrition", "years"),
        Result("clv", "Valeur vie client (en marge)", "euros", main=True),
        Result("ratio", "Valeur vie ÷ coût d'acquisition", "ratio",
               undefined="Coût d'acquisition nul\u00a0: le rapport valeur vie ÷ coût n'est pas défini."),
        Result("gain_plus_one_point", "Gain avec +1 point de rétention", "euros",
               undefined="Rétention de 100\u202f%\u00a0: le client ne part jamais, le gain n'est pas défini."),
    ),
    compute=lifetime_value,
)
