"""Simulators of lessons 00 to 03: the funnel, the response rate, the conversion rate, the sales cycle."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from kpilab import formulas
from kpilab.simulators._core import (
    _EXACT,
    Lever,
    Result,
    Simulator,
    _decimal,
    _half_up,
    left_after,
    share_of,
    tenth,
)

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
