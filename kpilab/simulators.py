"""The logic of the lessons' simulators, as plain functions.

Each simulator is declared as data (:class:`Simulator`): its levers (the
sliders a student moves), a pure function from lever values to results, and
how each result is shown. :mod:`kpilab.widgets` turns one into sliders; the
tests call the functions directly. Every result goes through a
:mod:`kpilab.formulas` function, so a simulator and the lesson's formula
always agree.

>>> FUNNEL.run(contacts=2000, response=5, qualification=40, conversion=25, basket=300)["revenue"]
3000.0
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from kpilab import formulas
from kpilab.errors import KPIError

__all__ = [
    "Lever", "Result", "Simulator", "SIMULATORS",
    "FUNNEL", "RESPONSE", "CONVERSION", "CYCLE", "BASKET", "RETENTION",
    "CHURN", "LIFETIME_VALUE", "SHOP",
]


@dataclass(frozen=True)
class Lever:
    """A slider: argument name, French label, bounds, step, start value, unit."""

    name: str
    label: str
    low: float
    high: float
    step: float
    value: float
    unit: str = ""  # "%", "€", "jours" or "" (a count)

    @property
    def is_integer(self) -> bool:
        return all(float(x).is_integer() for x in (self.low, self.high, self.step, self.value))


@dataclass(frozen=True)
class Result:
    """A result shown by the simulator: key, French label, format."""

    key: str
    label: str
    kind: str  # "percent", "euros", "number", "days", "years", "ratio"
    main: bool = False  # the headline result, shown larger


@dataclass(frozen=True)
class Simulator:
    """A simulator: its title, levers, results and the function behind them."""

    name: str
    title: str
    levers: tuple[Lever, ...]
    results: tuple[Result, ...]
    compute: Callable[..., dict]
    note: str = ""
    defaults: dict = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "defaults", {lever.name: lever.value for lever in self.levers})

    def run(self, **values) -> dict:
        """The results for these lever values (the others at their start value)."""
        unknown = set(values) - set(self.defaults)
        if unknown:
            raise KPIError(
                f"Leviers inconnus pour ce simulateur : {', '.join(sorted(unknown))}. "
                f"Leviers possibles : {', '.join(self.defaults)}."
            )
        return self.compute(**{**self.defaults, **values})


def _share(percent: float) -> float:
    return percent / 100


# --- 00 and 08: the funnel -------------------------------------------------------------


def funnel(contacts, response, qualification, conversion, basket):
    """Contacts → réponses → leads → ventes → chiffre d'affaires."""
    responses = contacts * _share(response)
    leads = responses * _share(qualification)
    sales = leads * _share(conversion)
    return {
        "responses": responses,
        "leads": leads,
        "sales": sales,
        "revenue": sales * basket,
        "overall": formulas.conversion_rate(sales, contacts) if contacts else 0.0,
    }


FUNNEL = Simulator(
    name="funnel",
    title="Le tunnel de vente : de 1 contact à 1 vente",
    levers=(
        Lever("contacts", "Contacts", 0, 10_000, 100, 2_000),
        Lever("response", "Taux de réponse", 0, 30, 0.5, 5, "%"),
        Lever("qualification", "Réponses → leads", 0, 100, 5, 40, "%"),
        Lever("conversion", "Taux de conversion", 0, 100, 1, 25, "%"),
        Lever("basket", "Montant moyen d'une vente", 0, 20_000, 100, 3_000, "€"),
    ),
    results=(
        Result("responses", "Réponses", "number"),
        Result("leads", "Leads", "number"),
        Result("sales", "Ventes", "number"),
        Result("overall", "Ventes pour 100 contacts", "percent"),
        Result("revenue", "Chiffre d'affaires HT", "euros", main=True),
    ),
    compute=funnel,
)


# --- 01: response rate ------------------------------------------------------------------


def response(contacts, invalid, response_rate, cost):
    """A campaign: bounced contacts leave the denominator."""
    reached = contacts * (1 - _share(invalid))
    responses = reached * _share(response_rate)
    return {
        "reached": reached,
        "responses": responses,
        "rate": formulas.response_rate(responses, reached) if reached else 0.0,
        "wrong_rate": formulas.response_rate(responses, contacts) if contacts else 0.0,
        "cost_per_response": formulas.cost_per_conversion(cost, responses) if responses else float("nan"),
    }


RESPONSE = Simulator(
    name="response",
    title="Une campagne d'e-mailing : contacts, réponses et coût",
    levers=(
        Lever("contacts", "Contacts sollicités", 100, 20_000, 100, 5_000),
        Lever("invalid", "Contacts invalides", 0, 50, 1, 10, "%"),
        Lever("response_rate", "Taux de réponse", 0, 20, 0.1, 2.5, "%"),
        Lever("cost", "Coût de la campagne", 0, 10_000, 100, 1_500, "€"),
    ),
    results=(
        Result("reached", "Contacts valides", "number"),
        Result("responses", "Réponses", "number"),
        Result("rate", "Taux de réponse (sur les contacts valides)", "percent", main=True),
        Result("wrong_rate", "Calcul faux : réponses ÷ tous les contacts", "percent"),
        Result("cost_per_response", "Coût par réponse", "euros"),
    ),
    compute=response,
)


# --- 02: conversion rate and cost per conversion -----------------------------------------


def conversion(leads, conversion_rate, cost, deal_value):
    """Leads → ventes; what each sale costs and brings."""
    sales = leads * _share(conversion_rate)
    return {
        "sales": sales,
        "cost_per_conversion": formulas.cost_per_conversion(cost, sales) if sales else float("nan"),
        "revenue": sales * deal_value,
        "return": (sales * deal_value - cost),
    }


CONVERSION = Simulator(
    name="conversion",
    title="Des leads aux ventes : taux de conversion et coût par conversion",
    levers=(
        Lever("leads", "Leads", 0, 500, 5, 100),
        Lever("conversion_rate", "Taux de conversion", 0, 100, 1, 20, "%"),
        Lever("cost", "Coût des actions commerciales", 0, 50_000, 500, 12_000, "€"),
        Lever("deal_value", "Montant moyen d'une affaire HT", 0, 30_000, 500, 8_000, "€"),
    ),
    results=(
        Result("sales", "Ventes", "number"),
        Result("cost_per_conversion", "Coût par conversion", "euros", main=True),
        Result("revenue", "Chiffre d'affaires HT", "euros"),
        Result("return", "Chiffre d'affaires − coût", "euros"),
    ),
    compute=conversion,
)


# --- 03: sales cycle (mean vs median) --------------------------------------------------------

# Cycles (days) of ten typical won deals, to which the student adds long ones.
TYPICAL_CYCLES = (18, 25, 31, 36, 40, 44, 49, 55, 62, 70)


def cycle(long_deals, long_days):
    """Mean and median cycle when a few very long deals join ten typical ones."""
    days = np.array(TYPICAL_CYCLES + (long_days,) * int(long_deals), dtype="float64")
    start = np.full(days.size, np.datetime64("2025-01-01", "D"))
    signed = start + days.astype("int64").astype("timedelta64[D]")
    mean = formulas.average_sales_cycle(start, signed)
    median = formulas.average_sales_cycle(start, signed, how="median")
    return {"deals": float(days.size), "mean": mean, "median": median, "gap": mean - median}


CYCLE = Simulator(
    name="cycle",
    title="Quelques affaires très longues : moyenne ou médiane ?",
    levers=(
        Lever("long_deals", "Affaires très longues ajoutées", 0, 10, 1, 1),
        Lever("long_days", "Durée de ces affaires", 60, 500, 10, 300, "jours"),
    ),
    results=(
        Result("deals", "Affaires gagnées", "number"),
        Result("mean", "Cycle moyen", "days", main=True),
        Result("median", "Cycle médian", "days", main=True),
        Result("gap", "Écart moyenne − médiane", "days"),
    ),
    compute=cycle,
    note="Dix affaires « typiques » de 18 à 70 jours, plus les affaires longues que tu ajoutes.",
)


# --- 04: average order value, upselling, cross-selling -----------------------------------------


def basket(tickets, bike_share, ebike_share, attach_rate, bike_price, ebike_price, other_basket, helmet_price):
    """Average basket HT from the mix: bikes, e-bikes (upselling), helmets (cross-selling)."""
    bikes = tickets * _share(bike_share)
    others = tickets - bikes
    bike_revenue = bikes * (
        (1 - _share(ebike_share)) * bike_price + _share(ebike_share) * ebike_price
        + _share(attach_rate) * helmet_price
    )
    revenue = bike_revenue + others * other_basket
    return {
        "revenue": revenue,
        "aov": formulas.average_order_value(revenue, tickets) if tickets else 0.0,
        "helmets": bikes * _share(attach_rate),
    }


BASKET = Simulator(
    name="basket",
    title="Panier moyen : vendre mieux (VAE) et vendre plus (casque)",
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
        Result("aov", "Panier moyen HT", "euros", main=True),
        Result("revenue", "Chiffre d'affaires HT", "euros"),
        Result("helmets", "Casques vendus avec un vélo", "number"),
    ),
    compute=basket,
)


# --- 05: retention --------------------------------------------------------------------------


def retention(customers, retention_rate, new_customers, years):
    """Customers year after year: S × rétention + nouveaux."""
    path = [float(customers)]
    for _ in range(int(years)):
        path.append(path[-1] * _share(retention_rate) + new_customers)
    final = path[-1]
    return {
        "final": final,
        "retained_first_year": customers * _share(retention_rate),
        "rate": formulas.retention_rate(customers * _share(retention_rate), customers) if customers else 0.0,
        "path": path,
    }


RETENTION = Simulator(
    name="retention",
    title="Garder ses clients : la base de clients année après année",
    levers=(
        Lever("customers", "Clients actifs au début", 0, 10_000, 100, 3_000),
        Lever("retention_rate", "Taux de rétention annuel", 0, 100, 1, 60, "%"),
        Lever("new_customers", "Nouveaux clients par an", 0, 5_000, 50, 1_000),
        Lever("years", "Nombre d'années", 1, 10, 1, 3),
    ),
    results=(
        Result("retained_first_year", "Clients conservés la 1re année", "number"),
        Result("final", "Clients actifs à la fin", "number", main=True),
    ),
    compute=retention,
)


# --- 06: churn -------------------------------------------------------------------------------


def churn(monthly_churn, customers):
    """Monthly churn → annual churn, and the customers left after 12 months."""
    annual = formulas.annual_churn_from_monthly(monthly_churn)
    return {
        "annual": annual,
        "wrong_annual": monthly_churn * 12,
        "left": customers * (1 - annual / 100),
    }


CHURN = Simulator(
    name="churn",
    title="Du taux d'attrition mensuel au taux annuel",
    levers=(
        Lever("monthly_churn", "Taux d'attrition mensuel", 0, 20, 0.1, 5, "%"),
        Lever("customers", "Abonnés au début de l'année", 100, 5_000, 100, 1_000),
    ),
    results=(
        Result("annual", "Taux d'attrition annuel : 1 − (1 − m)¹²", "percent", main=True),
        Result("wrong_annual", "Calcul faux : m × 12", "percent"),
        Result("left", "Abonnés restants après 12 mois", "number"),
    ),
    compute=churn,
)


# --- 07: customer lifetime value ----------------------------------------------------------------


def lifetime_value(basket, purchases, retention_rate, margin, acquisition_cost):
    """CLV from the annual retention rate (durée de vie ≈ 1 ÷ attrition)."""
    churn_rate = 100 - retention_rate
    lifespan = formulas.lifespan_from_churn(churn_rate) if churn_rate > 0 else float("inf")
    clv = formulas.customer_lifetime_value(basket, purchases, lifespan, _share(margin)) if churn_rate > 0 else float("inf")
    better_lifespan = formulas.lifespan_from_churn(churn_rate - 1) if churn_rate > 1 else float("inf")
    better = (
        formulas.customer_lifetime_value(basket, purchases, better_lifespan, _share(margin))
        if churn_rate > 1 else float("inf")
    )
    return {
        "lifespan": lifespan,
        "clv": clv,
        "ratio": clv / acquisition_cost if acquisition_cost else float("inf"),
        "clv_plus_one_point": better,
        "gain_plus_one_point": better - clv,
    }


LIFETIME_VALUE = Simulator(
    name="lifetime_value",
    title="Valeur vie client : ce que rapporte un client fidèle",
    levers=(
        Lever("basket", "Panier moyen HT", 10, 1_000, 5, 120, "€"),
        Lever("purchases", "Achats par an", 0.5, 12, 0.5, 2.5),
        Lever("retention_rate", "Taux de rétention annuel", 0, 95, 1, 65, "%"),
        Lever("margin", "Taux de marque", 0, 80, 1, 35, "%"),
        Lever("acquisition_cost", "Coût d'acquisition d'un client", 0, 500, 5, 60, "€"),
    ),
    results=(
        Result("lifespan", "Durée de vie : 1 ÷ attrition", "years"),
        Result("clv", "Valeur vie client (en marge)", "euros", main=True),
        Result("ratio", "Valeur vie ÷ coût d'acquisition", "ratio"),
        Result("gain_plus_one_point", "Gain avec +1 point de rétention", "euros"),
    ),
    compute=lifetime_value,
)


# --- 09: shop indicators ---------------------------------------------------------------------------


def shop(visitors, transformation, basket, articles_per_ticket, purchase_price, selling_price_ht):
    """A shop's day: visitors → tickets → CA; margin on one product."""
    tickets = visitors * _share(transformation)
    revenue = tickets * basket
    return {
        "tickets": tickets,
        "revenue": revenue,
        "articles": tickets * articles_per_ticket,
        "gross_margin_rate": formulas.gross_margin_rate(selling_price_ht, purchase_price),
        "markup_rate": formulas.markup_rate(selling_price_ht, purchase_price) if purchase_price else float("nan"),
        "coefficient": (
            formulas.multiplier_coefficient(selling_price_ht * 1.2, purchase_price) if purchase_price else float("nan")
        ),
    }


SHOP = Simulator(
    name="shop",
    title="Une journée au magasin : visiteurs, tickets et marge",
    levers=(
        Lever("visitors", "Visiteurs dans la journée", 0, 800, 10, 250),
        Lever("transformation", "Taux de transformation", 0, 60, 0.5, 18, "%"),
        Lever("basket", "Panier moyen HT", 10, 600, 5, 210, "€"),
        Lever("articles_per_ticket", "Indice de vente (articles par ticket)", 1, 4, 0.1, 1.6),
        Lever("purchase_price", "Prix d'achat HT d'un casque", 5, 150, 1, 30, "€"),
        Lever("selling_price_ht", "Prix de vente HT d'un casque", 10, 200, 1, 58, "€"),
    ),
    results=(
        Result("tickets", "Tickets", "number"),
        Result("revenue", "Chiffre d'affaires HT de la journée", "euros", main=True),
        Result("articles", "Articles vendus", "number"),
        Result("gross_margin_rate", "Taux de marque du casque", "percent"),
        Result("markup_rate", "Taux de marge du casque", "percent"),
        Result("coefficient", "Coefficient multiplicateur (PV TTC ÷ PA HT)", "ratio"),
    ),
    compute=shop,
)


SIMULATORS = {s.name: s for s in (FUNNEL, RESPONSE, CONVERSION, CYCLE, BASKET, RETENTION, CHURN, LIFETIME_VALUE, SHOP)}
