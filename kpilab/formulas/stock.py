"""Stocks: average stock, rotation, average storage time, démarque.

Conventions and sources:

- Stock moyen = (stock initial + stock final) ÷ 2, rotation = coût d'achat des marchandises
  vendues ÷ stock moyen, durée moyenne de stockage = stock moyen ÷ coût d'achat des
  marchandises vendues × 360 (Université numérique UNIT, kit de gestion pour l'ingénieur,
  chapitre 9.2). The two terms of a rotation must be on the same basis, in units or in value,
  at cost or at price (dictionnaire-commercial.com, "ratio de rotation des stocks"): the
  course values stocks at purchase cost HT and so uses the cost of goods sold, never the
  revenue.
- Démarque = stock théorique − stock physique (counted), with stocks valued at purchase cost;
  taux de démarque = démarque × 100 ÷ ventes (novastock.ch, "Comment calculer sa démarque ?");
  the démarque is "généralement exprimée en pourcentage du chiffre d'affaires" (Wikipédia,
  "Démarque").
- The year has 360 days (année commerciale) in these exercises; pass ``days=365`` for calendar
  days, or the length of a shorter period.
"""

from __future__ import annotations

import numpy as np

from kpilab import _inputs as inp
from kpilab.formulas.core import arg, positive, ratio, refuse, result
from kpilab.formulas.french import KPI_NAMES

__all__ = ["average_stock", "stock_turnover", "stock_cover_days", "shrinkage_rate"]


def average_stock(opening, closing):
    r"""Stock moyen, in €: the mean of the stock at the start and at the end of the period.

    .. math:: \text{stock moyen} = \frac{\text{stock initial} + \text{stock final}}{2}

    Value both stocks the same way (the course: at purchase cost HT), at the dates that open
    and close the period of the cost of goods sold.

    >>> average_stock(50_000, 90_000)
    70000.0
    """
    start = inp.non_negative(arg(opening, "opening"))
    end = inp.non_negative(arg(closing, "closing"))
    inp.check_aligned(start, end)
    with np.errstate(over="ignore"):
        values = (start.values + end.values) / 2
    return result(values, start, end, kpi="average_stock", name="stock_moyen")


def stock_turnover(cost_of_goods_sold, average_stock):
    r"""Coefficient de rotation des stocks: how many times the average stock is sold in the period.

    .. math:: \text{rotation} = \frac{\text{coût d'achat des marchandises vendues}}{\text{stock moyen}}

    Both at purchase cost: dividing the revenue (at selling prices) by a stock at cost
    overstates the rotation.

    >>> stock_turnover(700_000, 70_000)
    10.0
    """
    return ratio(
        cost_of_goods_sold, average_stock,
        num="cost_of_goods_sold", den="average_stock",
        kpi="stock_turnover", name="rotation_des_stocks", percent=False,
    )


def stock_cover_days(average_stock, cost_of_goods_sold, days=360):
    r"""Durée moyenne de stockage, in days: how long the average stock lasts at the pace of the sales.

    .. math:: \text{durée moyenne de stockage} = \frac{\text{stock moyen}}{\text{coût d'achat des marchandises vendues}} \times 360

    ``days`` is the length of the period of the cost of goods sold: 360 for a year (the
    année commerciale), 90 for a quarter. It equals ``days`` ÷ the rotation.

    >>> stock_cover_days(70_000, 700_000)
    36.0
    """
    stock = inp.non_negative(arg(average_stock, "average_stock"))
    cost = inp.positive_denominator(arg(cost_of_goods_sold, "cost_of_goods_sold"), KPI_NAMES["stock_cover_days"])
    length = positive(arg(days, "days"))
    inp.check_aligned(stock, cost, length)
    with np.errstate(over="ignore"):
        values = stock.values * length.values / cost.values
    return result(values, stock, cost, length, kpi="stock_cover_days", name="duree_de_stockage_jours")


def shrinkage_rate(shrinkage, revenue):
    r"""Taux de démarque, in %: the stock lost (theft, breakage, errors) as a share of revenue.

    .. math:: \text{taux de démarque} = \frac{\text{démarque}}{\text{chiffre d'affaires}} \times 100

    with démarque = stock théorique − stock compté at the inventory. The course values the
    démarque at purchase cost (what the lost goods cost the shop) and divides by the revenue
    HT; a démarque valued at selling price gives a higher rate: say which one you use.

    >>> shrinkage_rate(4_500, 450_000)
    1.0
    """
    lost = arg(shrinkage, "shrinkage")
    refuse(lost, lost.values < 0, "negative_shrinkage")
    sales = inp.positive_denominator(arg(revenue, "revenue"), KPI_NAMES["shrinkage_rate"])
    inp.check_aligned(lost, sales)
    with np.errstate(over="ignore"):
        values = lost.values / sales.values * 100
    return result(values, lost, sales, kpi="shrinkage_rate", name="taux_de_demarque")
