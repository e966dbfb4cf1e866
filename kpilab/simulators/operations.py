"""Simulators of lesson 10: gestion opérationnelle (prices, margins, stocks, break-even)."""

from __future__ import annotations

import math

from kpilab import formulas
from kpilab.simulators._core import Lever, Result, Simulator, cents, tenth

# --- 10: the selling price from a target taux de marque, and the break-even it gives ---------------


def pricing(purchase_price, gross_margin_target, vat_rate, fixed_costs, volume):
    """One product sold all year: its prices from a target taux de marque, then the shop's seuil.

    Every amount is rounded to the cent before it is used, as on an exam paper:
    PV HT = PA HT ÷ (1 − taux de marque), PV TTC = PV HT × (1 + TVA), the unit
    margin PV HT − PA HT; the seuil in units is rounded up (a whole number of
    products sold covers the fixed costs). A taux de marque of 100 % or more is
    refused by the formula, in French.
    """
    price_ht = cents(formulas.selling_price_from_gross_margin(purchase_price, gross_margin_target))
    price_ttc = cents(formulas.price_with_vat(price_ht, vat_rate))
    margin = cents(price_ht - purchase_price)
    revenue = cents(volume * price_ht)
    contribution = cents(volume * margin)
    covered = margin > 0
    break_even = cents(fixed_costs * price_ht / margin) if covered else None
    return {
        "selling_price_ht": price_ht,
        "selling_price_ttc": price_ttc,
        "coefficient": formulas.multiplier_coefficient(price_ttc, purchase_price) if purchase_price else None,
        "markup_rate": formulas.markup_rate(price_ht, purchase_price) if purchase_price else None,
        "unit_margin": margin,
        "revenue": revenue,
        "contribution": contribution,
        "break_even_units": math.ceil(round(fixed_costs / margin, 9)) if covered else None,
        "break_even": break_even,
        "break_even_days": tenth(formulas.break_even_days(break_even, revenue)) if covered and revenue else None,
        "result": cents(contribution - fixed_costs),
    }


PRICING = Simulator(
    name="pricing",
    title="Prix de vente et seuil de rentabilité\u00a0: du prix d'achat au point mort",
    levers=(
        Lever("purchase_price", "Prix d'achat HT d'un vélo", 100, 3000, 10, 600, "€"),
        Lever("gross_margin_target", "Taux de marque visé", 5, 80, 0.5, 40, "%"),
        Lever("vat_rate", "Taux de TVA", 0, 20, 0.5, 20, "%"),
        Lever("fixed_costs", "Charges fixes de l'année", 0, 600_000, 1000, 226_000, "€"),
        Lever("volume", "Vélos vendus dans l'année", 0, 3000, 10, 1000),
    ),
    results=(
        Result("selling_price_ht", "Prix de vente HT = PA HT ÷ (1 − taux de marque)", "euros", main=True),
        Result("selling_price_ttc", "Prix de vente TTC = PV HT × (1 + TVA)", "euros"),
        Result("coefficient", "Coefficient multiplicateur (PV TTC ÷ PA HT)", "ratio",
               undefined="Prix d'achat nul\u00a0: le coefficient multiplicateur n'est pas défini."),
        Result("markup_rate", "Taux de marge (marge ÷ PA HT)", "percent",
               undefined="Prix d'achat nul\u00a0: le taux de marge n'est pas défini."),
        Result("unit_margin", "Marge par vélo (PV HT − PA HT)", "euros"),
        Result("revenue", "Chiffre d'affaires HT de l'année", "euros"),
        Result("contribution", "Marge sur coût variable de l'année", "euros"),
        Result("break_even_units", "Seuil de rentabilité en vélos (charges fixes ÷ marge par vélo)", "number",
               undefined="Marge nulle\u00a0: aucun nombre de vélos vendus ne couvre les charges fixes."),
        Result("break_even", "Seuil de rentabilité HT (charges fixes ÷ taux de marque)", "euros",
               undefined="Taux de marque nul\u00a0: le seuil de rentabilité n'existe pas."),
        Result("break_even_days", "Point mort (seuil ÷ CA × 360)", "days", main=True,
               undefined="Point mort non défini\u00a0: il n'y a pas de seuil, ou pas de vente dans l'année."),
        Result("result", "Résultat (marge sur coût variable − charges fixes)", "euros"),
    ),
    compute=pricing,
    note="Un point mort au-delà de 360 jours\u00a0: le seuil n'est pas atteint dans l'année.",
)

ALL: tuple = (PRICING,)  # the simulators of this module, registered in kpilab.simulators.SIMULATORS
