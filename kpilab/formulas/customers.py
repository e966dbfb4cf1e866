"""Customers: retention, churn, lifetime value."""

from __future__ import annotations

import numpy as np

from kpilab import _inputs as inp
from kpilab.formulas.core import arg, ratio, result
from kpilab.formulas.french import KPI_NAMES, MESSAGES

__all__ = ["retention_rate", "churn_rate", "customer_lifetime_value", "lifespan_from_churn",
           "annual_churn_from_monthly"]


def retention_rate(retained, customers_at_start):
    r"""Taux de rétention, in %.

    .. math:: \text{taux de rétention} = \frac{\text{clients conservés}}{\text{clients au début}} \times 100
              = \frac{E - N}{S} \times 100

    with S the customers at the start, E at the end and N the new customers
    of the period: new customers are never counted as retained.

    >>> retention_rate(420, 600)
    70.0
    """
    return ratio(
        retained, customers_at_start,
        num="retained", den="customers_at_start",
        kpi="retention_rate", name="taux_de_retention", percent=True,
        advice=MESSAGES["new_customers_retained"],
    )


def churn_rate(lost, customers_at_start):
    r"""Taux d'attrition (churn), in %.

    .. math:: \text{taux d'attrition} = \frac{\text{clients perdus}}{\text{clients au début}} \times 100

    On the same cohort and period, retention + churn = 100 %.

    >>> churn_rate(180, 600)
    30.0
    """
    return ratio(
        lost, customers_at_start,
        num="lost", den="customers_at_start",
        kpi="churn_rate", name="taux_d_attrition", percent=True,
    )


def customer_lifetime_value(average_order_value, purchases_per_year, lifespan_years, margin_rate=1.0):
    r"""Valeur vie client (CLV), in €.

    .. math:: \text{CLV} = \text{panier moyen} \times \text{fréquence d'achat}
              \times \text{durée de vie} \times \text{taux de marge}

    ``margin_rate`` is the share of revenue kept as margin, between 0 and 1
    (0.35 for 35 %); leave it at 1.0 for a CLV in revenue.

    >>> customer_lifetime_value(80, 3, 4)
    960.0
    >>> customer_lifetime_value(80, 3, 4, margin_rate=0.35)
    336.0
    """
    aov = inp.non_negative(arg(average_order_value, "average_order_value"))
    freq = inp.non_negative(arg(purchases_per_year, "purchases_per_year"))
    life = inp.non_negative(arg(lifespan_years, "lifespan_years"))
    margin = arg(margin_rate, "margin_rate")
    inp.in_range(margin, 0, 1, MESSAGES["margin_share"])
    inp.check_aligned(aov, freq, life, margin)
    with np.errstate(over="ignore"):
        values = aov.values * freq.values * life.values * margin.values
    return result(values, aov, freq, life, margin, kpi="customer_lifetime_value", name="valeur_vie_client")


def lifespan_from_churn(annual_churn_rate):
    r"""Durée de vie client estimée, in years, from the annual churn rate in %.

    .. math:: \text{durée de vie} \approx \frac{1}{\text{taux d'attrition annuel}}

    >>> lifespan_from_churn(25)
    4.0
    """
    churn = arg(annual_churn_rate, "annual_churn_rate")
    inp.positive_denominator(churn, KPI_NAMES["lifespan_from_churn"])
    inp.in_range(churn, 0, 100, MESSAGES["annual_churn_percent"])
    with np.errstate(over="ignore"):
        values = 100 / churn.values
    return result(values, churn, kpi="lifespan_from_churn", name="duree_de_vie_annees")


def annual_churn_from_monthly(monthly_churn_rate):
    r"""Annual churn in % from a constant monthly churn in %.

    .. math:: \text{attrition annuelle} = 1 - (1 - m)^{12}

    Not m × 12: the customers lost in a month can't be lost again.

    >>> round(annual_churn_from_monthly(5), 1)
    46.0
    """
    monthly = arg(monthly_churn_rate, "monthly_churn_rate")
    inp.in_range(monthly, 0, 100, MESSAGES["monthly_churn_percent"])
    values = (1 - (1 - monthly.values / 100) ** 12) * 100
    return inp.result(values, monthly, name="taux_d_attrition_annuel")
