"""Prices and margins: taux de marque and taux de marge, coefficient, HT and TTC, selling prices.

The names keep kpilab's convention: ``gross_margin_rate`` is the taux de MARQUE (the margin
over the selling price), ``markup_rate`` the taux de MARGE (the margin over the purchase
price). Rates are in % (25 means 25 %).

Sources: the two rates and the passage from one to the other, taux de marge = taux de marque
÷ (1 − taux de marque) and back (macalculatriceenligne.com, "Taux de marque vs taux de
marge"); the selling price from a taux de marque, PV HT = PA HT ÷ (1 − taux de marque), and
from a taux de marge, PV HT = PA HT × (1 + taux de marge) (monbtsmco.com, exercices de calculs
commerciaux du BTS MCO, gestion opérationnelle); VAT at the taux normal of 20 % (article 278
du code général des impôts), TTC = HT × 1,20 and HT = TTC ÷ 1,20.
"""

from __future__ import annotations

import numpy as np

from kpilab import _inputs as inp
from kpilab.formulas.core import arg, ratio, refuse, result
from kpilab.formulas.french import KPI_NAMES, MESSAGES

__all__ = ["gross_margin_rate", "markup_rate", "multiplier_coefficient", "price_with_vat", "price_without_vat",
           "gross_margin_from_markup", "markup_from_gross_margin", "selling_price_from_gross_margin",
           "selling_price_from_markup"]


def _margin(selling_price_ht, purchase_price_ht):
    price = inp.non_negative(arg(selling_price_ht, "selling_price_ht"))
    cost = inp.non_negative(arg(purchase_price_ht, "purchase_price_ht"))
    inp.check_aligned(price, cost)
    return price, cost


def _gross_margin(value) -> inp.Arg:
    """A taux de marque in %: below 100 (the margin is a part of the selling price)."""
    rate = arg(value, "gross_margin_rate")
    refuse(rate, rate.values >= 100, "gross_margin_100")
    return rate


def _markup(value) -> inp.Arg:
    """A taux de marge in %: above −100 (the selling price stays positive)."""
    rate = arg(value, "markup_rate")
    refuse(rate, rate.values <= -100, "markup_minus_100")
    return rate


def _vat(value) -> inp.Arg:
    return inp.in_range(arg(value, "vat_rate"), 0, 100, MESSAGES["vat_percent"])


def gross_margin_rate(selling_price_ht, purchase_price_ht):
    r"""Taux de marque, in %: the margin as a share of the selling price.

    .. math:: \text{taux de marque} = \frac{\text{PV HT} - \text{PA HT}}{\text{PV HT}} \times 100

    >>> gross_margin_rate(100, 60)
    40.0
    """
    price, cost = _margin(selling_price_ht, purchase_price_ht)
    inp.positive_denominator(price, KPI_NAMES["gross_margin_rate"])
    with np.errstate(over="ignore"):
        values = (price.values - cost.values) / price.values * 100
    return result(values, price, cost, kpi="gross_margin_rate", name="taux_de_marque")


def markup_rate(selling_price_ht, purchase_price_ht):
    r"""Taux de marge, in %: the margin as a share of the purchase price.

    .. math:: \text{taux de marge} = \frac{\text{PV HT} - \text{PA HT}}{\text{PA HT}} \times 100

    >>> round(markup_rate(100, 60), 2)
    66.67
    """
    price, cost = _margin(selling_price_ht, purchase_price_ht)
    inp.positive_denominator(cost, KPI_NAMES["markup_rate"])
    with np.errstate(over="ignore"):
        values = (price.values - cost.values) / cost.values * 100
    return result(values, price, cost, kpi="markup_rate", name="taux_de_marge")


def multiplier_coefficient(selling_price_ttc, purchase_price_ht):
    r"""Coefficient multiplicateur: selling price incl. VAT ÷ purchase price HT.

    .. math:: \text{coefficient multiplicateur} = \frac{\text{PV TTC}}{\text{PA HT}}

    >>> multiplier_coefficient(120, 50)
    2.4
    """
    return ratio(
        selling_price_ttc, purchase_price_ht,
        num="selling_price_ttc", den="purchase_price_ht",
        kpi="multiplier_coefficient", name="coefficient_multiplicateur", percent=False,
    )


def price_with_vat(price_ht, vat_rate=20):
    r"""Prix TTC from the prix HT, in €.

    .. math:: \text{prix TTC} = \text{prix HT} \times \left(1 + \frac{\text{taux de TVA}}{100}\right)

    ``vat_rate`` in %: 20 (the taux normal), 10, 5.5 or 2.1. The result is not rounded:
    round it to the cent to show it.

    >>> price_with_vat(100)
    120.0
    >>> price_with_vat(50, 5.5)
    52.75
    """
    price = inp.non_negative(arg(price_ht, "price_ht"))
    vat = _vat(vat_rate)
    inp.check_aligned(price, vat)
    with np.errstate(over="ignore"):
        values = price.values + price.values * vat.values / 100  # HT + TVA: exact when the rate is 0
    return result(values, price, vat, kpi="price_with_vat", name="prix_ttc")


def price_without_vat(price_ttc, vat_rate=20):
    r"""Prix HT from the prix TTC, in €.

    .. math:: \text{prix HT} = \frac{\text{prix TTC}}{1 + \frac{\text{taux de TVA}}{100}}

    Not prix TTC × 0,80: 20 % of the TTC price is more than the VAT it holds
    (120 × 0,80 = 96, not 100).

    >>> price_without_vat(120)
    100.0
    >>> round(price_without_vat(1799), 2)
    1499.17
    """
    price = inp.non_negative(arg(price_ttc, "price_ttc"))
    vat = _vat(vat_rate)
    inp.check_aligned(price, vat)
    with np.errstate(over="ignore"):
        values = price.values / ((100 + vat.values) / 100)
    return result(values, price, vat, kpi="price_without_vat", name="prix_ht")


def gross_margin_from_markup(markup_rate):
    r"""Taux de marque, in %, from the taux de marge in %.

    .. math:: \text{taux de marque} = \frac{\text{taux de marge}}{100 + \text{taux de marge}} \times 100

    The same margin, over the selling price instead of the purchase price: always the
    smaller of the two rates.

    >>> gross_margin_from_markup(25)
    20.0
    >>> round(gross_margin_from_markup(50), 2)
    33.33
    """
    markup = _markup(markup_rate)
    with np.errstate(over="ignore"):
        values = markup.values / ((100 + markup.values) / 100)
    return result(values, markup, kpi="gross_margin_from_markup", name="taux_de_marque")


def markup_from_gross_margin(gross_margin_rate):
    r"""Taux de marge, in %, from the taux de marque in %.

    .. math:: \text{taux de marge} = \frac{\text{taux de marque}}{100 - \text{taux de marque}} \times 100

    A taux de marque of 100 % or more is impossible (the margin would be the whole price).

    >>> markup_from_gross_margin(20)
    25.0
    >>> markup_from_gross_margin(50)
    100.0
    """
    gross = _gross_margin(gross_margin_rate)
    with np.errstate(over="ignore"):
        values = gross.values / ((100 - gross.values) / 100)
    return result(values, gross, kpi="markup_from_gross_margin", name="taux_de_marge")


def selling_price_from_gross_margin(purchase_price_ht, gross_margin_rate):
    r"""Prix de vente HT that gives a target taux de marque, in €.

    .. math:: \text{PV HT} = \frac{\text{PA HT}}{1 - \frac{\text{taux de marque}}{100}}

    Not PA HT × (1 + taux de marque): that applies the rate to the purchase price, as a
    taux de marge, and gives a lower price (84 € here, a taux de marque of 28.6 %).

    >>> selling_price_from_gross_margin(60, 40)
    100.0
    """
    cost = inp.non_negative(arg(purchase_price_ht, "purchase_price_ht"))
    gross = _gross_margin(gross_margin_rate)
    inp.check_aligned(cost, gross)
    with np.errstate(over="ignore"):
        values = cost.values / ((100 - gross.values) / 100)
    return result(values, cost, gross, kpi="selling_price_from_gross_margin", name="prix_de_vente_ht")


def selling_price_from_markup(purchase_price_ht, markup_rate):
    r"""Prix de vente HT that gives a target taux de marge, in €.

    .. math:: \text{PV HT} = \text{PA HT} \times \left(1 + \frac{\text{taux de marge}}{100}\right)

    >>> selling_price_from_markup(80, 25)
    100.0
    """
    cost = inp.non_negative(arg(purchase_price_ht, "purchase_price_ht"))
    markup = _markup(markup_rate)
    inp.check_aligned(cost, markup)
    with np.errstate(over="ignore"):
        values = cost.values + cost.values * markup.values / 100
    return result(values, cost, markup, kpi="selling_price_from_markup", name="prix_de_vente_ht")
