"""The logic of the lessons' simulators, as plain functions.

Each simulator is declared as data (:class:`Simulator`): its levers (the
sliders a student moves), a pure function from lever values to results, and
how each result is shown. :mod:`kpilab.widgets` turns one into sliders; the
tests call the functions directly. Every KPI goes through a
:mod:`kpilab.formulas` function, so a simulator and the lesson's formula
always agree.

Simulators count whole people, sales and tickets, as a student does by hand:
each stage is a whole number (rounded half up, 77.5 → 78) computed from the
previous stage's whole number, and every other figure is computed from those
whole numbers. Amounts are rounded to the cent and durations to the day before
use. A result that would divide by zero (no sale, so no cost per conversion)
is ``None``: the widget shows "non défini" and a short French reason.

>>> FUNNEL.run(contacts=2000, response=5, qualification=40, conversion=25, basket=300)["revenue"]
3000.0
>>> CONVERSION.run(leads=310, conversion_rate=25)["sales"]  # 77,5 → 78 ventes
78
>>> CONVERSION.run(leads=0)["cost_per_conversion"] is None
True
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal

import numpy as np

from kpilab import formatting, formulas
from kpilab.errors import KPIError

__all__ = [
    "Lever", "Result", "Simulator", "SIMULATORS",
    "FUNNEL", "RESPONSE", "CONVERSION", "CYCLE", "BASKET", "RETENTION",
    "CHURN", "LIFETIME_VALUE", "SHOP",
]

# Larger lever values are refused: no lesson needs them, and every result stays a
# finite float (no overflow, no traceback).
LARGEST = 10**12
_EXACT = Context(prec=400, Emin=-10**6, Emax=10**6)  # exact products of the decimals as written


def _decimal(value) -> Decimal:
    """A number as the decimal it is written as: 2.5 is exactly 2,5 (not 2.4999…)."""
    return Decimal(repr(float(value)))


def _half_up(value: Decimal, quantum: str = "1") -> Decimal:
    return value.quantize(Decimal(quantum), rounding=ROUND_HALF_UP, context=_EXACT)


def whole(value) -> int:
    """A count rounded to a whole number, half up as taught at school.

    >>> whole(77.5), whole(112.49), whole(0.5), whole(2.2e-309)
    (78, 112, 1, 0)
    """
    return int(_half_up(_decimal(value)))


def share_of(count: int, percent) -> int:
    """How many of ``count`` people ``percent`` % is, as a whole number (half up).

    Computed on the decimals as written: 4 500 × 2,5 % = 112,5 → 113.

    >>> share_of(4500, 2.5), share_of(310, 25), share_of(1, 2.2e-309)
    (113, 78, 0)
    """
    exact = _EXACT.divide(_EXACT.multiply(Decimal(count), _decimal(percent)), Decimal(100))
    return int(_half_up(exact))


def left_after(count: int, percent) -> int:
    """How many of ``count`` people remain when ``percent`` % leave, as a whole number (half up).

    5 000 contacts with 10 % invalid leave 5 000 × 90 % = 4 500 valid contacts.

    >>> left_after(5000, 10), left_after(150, 1)
    (4500, 149)
    """
    rest = _EXACT.subtract(Decimal(100), _decimal(percent))
    return int(_half_up(_EXACT.divide(_EXACT.multiply(Decimal(count), rest), Decimal(100))))


def times(count: int, factor) -> int:
    """``count`` × ``factor`` as a whole number (half up): 45 tickets × 1,7 articles → 77.

    >>> times(45, 1.7)
    77
    """
    return int(_half_up(_EXACT.multiply(Decimal(count), _decimal(factor))))


def cents(amount) -> float:
    """An amount in euros rounded to the cent (half up).

    >>> cents(12.345), cents(1e-300)
    (12.35, 0.0)
    """
    return float(_half_up(_decimal(amount), "0.01"))


def tenth(value) -> float:
    """A value rounded to one decimal (half up), as the simulators show durations.

    >>> tenth(49.75), tenth(-8.25)
    (49.8, -8.3)
    """
    return float(_half_up(_decimal(value), "0.1"))


@dataclass(frozen=True)
class Lever:
    """A slider: argument name, French label, bounds, step, start value, unit."""

    name: str
    label: str
    low: float
    high: float
    step: float
    value: float
    unit: str = ""  # "%", "€", "jours" or "" (a count, or a ratio when the step is not whole)
    most: float | None = None  # the largest value accepted outside the slider, when one is needed

    @property
    def is_integer(self) -> bool:
        return all(float(x).is_integer() for x in (self.low, self.high, self.step, self.value))

    @property
    def decimals(self) -> int:
        """How many decimals the slider's values have (0 for 5, 1 for 0.5 or 2.5)."""
        return max(max(0, -_decimal(x).normalize().as_tuple().exponent) for x in (self.low, self.step))

    def clean(self, value):
        """The value a simulator computes with, or a French error for an impossible one.

        A count becomes a whole number, a duration whole days, an amount whole
        cents; a rate stays as given. Any value between ``low`` and ``high`` is
        accepted, and so is any other possible value (a rate between 0 and 100,
        a count that is not negative, up to ``most`` or :data:`LARGEST`).
        """
        named = f"Le levier «\u00a0{self.label}\u00a0» (`{self.name}`)"
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            raise KPIError(f"{named} doit être un nombre, par exemple {_plain(self.value)}\u00a0: tu as donné {value!r}.")
        number = float(value)
        if not math.isfinite(number):
            raise KPIError(f"{named} doit être un nombre fini\u00a0: tu as donné {value!r}.")
        if number < 0 <= self.low:
            raise KPIError(f"{named} ne peut pas être négatif\u00a0: tu as donné {_plain(number)}.")
        if self.unit == "%" and number > 100:
            raise KPIError(
                f"{named} est un pourcentage, entre 0 et 100\u00a0: tu as donné {_plain(number)}. "
                "Écris 25 pour 25\u202f%."
            )
        if abs(number) > (LARGEST if self.most is None else self.most):
            largest = formatting.format_number(LARGEST if self.most is None else self.most)
            raise KPIError(
                f"{named} vaut {_plain(number)}\u00a0: c'est trop grand pour ce simulateur "
                f"(au plus {largest})."
            )
        if self.unit == "€":
            return cents(number)
        if self.unit == "jours" or (self.unit == "" and self.is_integer):
            return whole(number)
        return number


def _plain(number: float) -> str:
    """A lever value in an error message, in French: 1 000 000, 2,5."""
    number = float(number)
    if number.is_integer() and abs(number) <= LARGEST * 1000:
        return formatting.format_number(number)
    return repr(number).replace(".", ",")


@dataclass(frozen=True)
class Result:
    """A result shown by the simulator: key, French label, format.

    ``undefined`` is the French reason shown when the result is ``None``
    (a division by zero: no sale, no response…).
    """

    key: str
    label: str
    kind: str  # "percent", "euros", "number", "days", "years", "ratio", "times" (3,2 fois)
    main: bool = False  # the headline result, shown larger
    undefined: str = ""


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
        """The results for these lever values (the others at their start value).

        Each value goes through :meth:`Lever.clean` first (whole counts, cents):
        an impossible one is a :class:`KPIError` with a French message.
        """
        unknown = set(values) - set(self.defaults)
        if unknown:
            raise KPIError(
                f"Leviers inconnus pour ce simulateur\u00a0: {', '.join(sorted(unknown))}. "
                f"Leviers possibles\u00a0: {', '.join(self.defaults)}."
            )
        merged = {**self.defaults, **values}
        return self.compute(**{lever.name: lever.clean(merged[lever.name]) for lever in self.levers})

    def reasons(self, results: dict) -> list[str]:
        """The French reasons of the results that are not defined for these values."""
        return [r.undefined for r in self.results if results.get(r.key) is None and r.undefined]


def _share(percent: float) -> float:
    return percent / 100


# --- 00 and 08: the funnel -------------------------------------------------------------


def funnel(contacts, response, qualification, conversion, basket):
    """Contacts → réponses → leads → ventes → chiffre d'affaires, in whole numbers."""
    responses = share_of(contacts, response)
    leads = share_of(responses, qualification)
    sales = share_of(leads, conversion)
    return {
        "responses": responses,
        "leads": leads,
        "sales": sales,
        "revenue": float(sales * basket),
        "overall": formulas.conversion_rate(sales, contacts) if contacts else None,
    }


FUNNEL = Simulator(
    name="funnel",
    title="Le tunnel de vente\u00a0: de 1 contact à 1 vente",
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
        Result("overall", "Ventes pour 100 contacts", "percent",
               undefined="Aucun contact\u00a0: les ventes pour 100 contacts ne sont pas définies."),
        Result("revenue", "Chiffre d'affaires HT", "euros", main=True),
    ),
    compute=funnel,
)


# --- 01: response rate ------------------------------------------------------------------


def response(contacts, invalid, response_rate, cost):
    """A campaign: bounced contacts leave the denominator."""
    reached = left_after(contacts, invalid)
    responses = share_of(reached, response_rate)
    return {
        "reached": reached,
        "responses": responses,
        "rate": formulas.response_rate(responses, reached) if reached else None,
        "wrong_rate": formulas.response_rate(responses, contacts) if contacts else None,
        "cost_per_response": formulas.cost_per_conversion(cost, responses) if responses else None,
    }


RESPONSE = Simulator(
    name="response",
    title="Une campagne d'e-mailing\u00a0: contacts, réponses et coût",
    levers=(
        Lever("contacts", "Contacts sollicités", 100, 20_000, 100, 5_000),
        Lever("invalid", "Contacts invalides", 0, 50, 1, 10, "%"),
        Lever("response_rate", "Taux de réponse", 0, 20, 0.1, 2.5, "%"),
        Lever("cost", "Coût de la campagne", 0, 10_000, 100, 1_500, "€"),
    ),
    results=(
        Result("reached", "Contacts valides", "number"),
        Result("responses", "Réponses", "number"),
        Result("rate", "Taux de réponse (sur les contacts valides)", "percent", main=True,
               undefined="Aucun contact valide\u00a0: le taux de réponse n'est pas défini."),
        Result("wrong_rate", "Calcul faux\u00a0: réponses ÷ tous les contacts", "percent",
               undefined="Aucun contact\u00a0: le calcul faux n'est pas défini non plus."),
        Result("cost_per_response", "Coût par réponse", "euros",
               undefined="Aucune réponse\u00a0: le coût par réponse n'est pas défini."),
    ),
    compute=response,
)


# --- 02: conversion rate and cost per conversion -----------------------------------------

FLEET_MARGIN_RATE = 23.7
"""Taux de marque (%) of the fleets signed after a campaign, as lesson 02 computes it
(``tables.fleet_margin_by``, 23,65 % shown 23,7 %): the conversion simulator starts from it."""


def _times(count: int, amount) -> float:
    """``count`` × an amount in euros, to the cent: 20 ventes × 1 896,00 € = 37 920,00 €."""
    return float(_half_up(_EXACT.multiply(Decimal(count), _decimal(amount)), "0.01"))


def _percent_of(amount, percent) -> float:
    """``percent`` % of an amount in euros, to the cent (half up): 23,7 % of 8 000 € = 1 896,00 €."""
    exact = _EXACT.divide(_EXACT.multiply(_decimal(amount), _decimal(percent)), Decimal(100))
    return float(_half_up(exact, "0.01"))


def conversion(leads, conversion_rate, cost, deal_value, margin_rate):
    """Leads → ventes; what each sale costs, and the margin that pays for the cost.

    A cost is paid from the margin, not from the revenue (lesson 02): the
    margin of a deal is its amount × taux de marque, to the cent; the margin of
    the sales is the whole number of sales × that margin, and the cost is
    judged against it (margin − cost, and how many times the margin covers it).
    """
    sales = share_of(leads, conversion_rate)
    deal_margin = _percent_of(deal_value, margin_rate)
    margin = _times(sales, deal_margin)
    return {
        "sales": sales,
        "cost_per_conversion": formulas.cost_per_conversion(cost, sales) if sales else None,
        "revenue": _times(sales, deal_value),
        "deal_margin": deal_margin,
        "margin": margin,
        "margin_after_cost": float(_decimal(margin) - _decimal(cost)),
        "coverage": margin / cost if cost else None,
    }


CONVERSION = Simulator(
    name="conversion",
    title="Des leads aux ventes\u00a0: taux de conversion, coût par conversion et marge",
    levers=(
        Lever("leads", "Leads", 0, 500, 5, 100),
        Lever("conversion_rate", "Taux de conversion", 0, 100, 1, 20, "%"),
        Lever("cost", "Coût des actions commerciales", 0, 50_000, 500, 12_000, "€"),
        Lever("deal_value", "Montant moyen d'une affaire HT", 0, 30_000, 500, 8_000, "€"),
        Lever("margin_rate", "Taux de marque des affaires", 0, 80, 0.1, FLEET_MARGIN_RATE, "%"),
    ),
    results=(
        Result("sales", "Ventes", "number"),
        Result("cost_per_conversion", "Coût par conversion", "euros", main=True,
               undefined="Aucune vente\u00a0: le coût par conversion n'est pas défini."),
        Result("revenue", "Chiffre d'affaires HT (ventes × montant)", "euros"),
        Result("deal_margin", "Marge d'une affaire (montant × taux de marque)", "euros"),
        Result("margin", "Marge des ventes (ventes × marge d'une affaire)", "euros"),
        Result("margin_after_cost", "Marge − coût", "euros", main=True),
        Result("coverage", "La marge couvre le coût (marge ÷ coût)", "times",
               undefined="Coût nul\u00a0: il n'y a pas de coût à couvrir, le rapport marge ÷ coût n'est pas défini."),
    ),
    compute=conversion,
    note="Un coût se paie avec la marge, pas avec le chiffre d'affaires\u00a0: compare-le à la marge des ventes.",
)


# --- 03: sales cycle (mean vs median) --------------------------------------------------------

# Cycles (days) of ten typical won deals, to which the student adds long ones.
TYPICAL_CYCLES = (18, 25, 31, 36, 40, 44, 49, 55, 62, 70)


def cycle(long_deals, long_days):
    """Mean and median cycle when a few very long deals join ten typical ones.

    The mean and the median are shown to a tenth of a day, and the gap is the
    difference of the two figures shown.
    """
    days = np.array(TYPICAL_CYCLES + (long_days,) * long_deals, dtype="int64")
    start = np.full(days.size, np.datetime64("2025-01-01", "D"))
    signed = start + days.astype("timedelta64[D]")
    mean = tenth(formulas.average_sales_cycle(start, signed))
    median = tenth(formulas.average_sales_cycle(start, signed, how="median"))
    return {"deals": int(days.size), "mean": mean, "median": median, "gap": tenth(mean - median)}


CYCLE = Simulator(
    name="cycle",
    title="Quelques affaires très longues\u00a0: moyenne ou médiane\u202f?",
    levers=(
        Lever("long_deals", "Affaires très longues ajoutées", 0, 10, 1, 1, most=10_000),
        Lever("long_days", "Durée de ces affaires", 60, 500, 10, 300, "jours"),
    ),
    results=(
        Result("deals", "Affaires gagnées", "number"),
        Result("mean", "Cycle moyen", "days", main=True),
        Result("median", "Cycle médian", "days", main=True),
        Result("gap", "Écart moyenne − médiane", "days"),
    ),
    compute=cycle,
    note="Dix affaires «\u00a0typiques\u00a0» de 18 à 70 jours, plus les affaires longues que tu ajoutes.",
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


# --- 09: shop indicators ---------------------------------------------------------------------------


def shop(visitors, transformation, basket, articles_per_ticket, purchase_price, selling_price_ht):
    """A shop's day: visitors → tickets → CA (whole tickets and articles); margin on one product."""
    tickets = share_of(visitors, transformation)
    return {
        "tickets": tickets,
        "revenue": float(tickets * basket),
        "articles": times(tickets, articles_per_ticket),
        "gross_margin_rate": formulas.gross_margin_rate(selling_price_ht, purchase_price) if selling_price_ht else None,
        "markup_rate": formulas.markup_rate(selling_price_ht, purchase_price) if purchase_price else None,
        "coefficient": (
            formulas.multiplier_coefficient(selling_price_ht * 1.2, purchase_price) if purchase_price else None
        ),
    }


SHOP = Simulator(
    name="shop",
    title="Une journée au magasin\u00a0: visiteurs, tickets et marge",
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
        Result("gross_margin_rate", "Taux de marque du casque", "percent",
               undefined="Prix de vente nul\u00a0: le taux de marque n'est pas défini."),
        Result("markup_rate", "Taux de marge du casque", "percent",
               undefined="Prix d'achat nul\u00a0: le taux de marge et le coefficient ne sont pas définis."),
        Result("coefficient", "Coefficient multiplicateur (PV TTC ÷ PA HT)", "ratio"),
    ),
    compute=shop,
)


SIMULATORS = {s.name: s for s in (FUNNEL, RESPONSE, CONVERSION, CYCLE, BASKET, RETENTION, CHURN, LIFETIME_VALUE, SHOP)}
