"""Prospecting and sales: response, conversion, cost per conversion, the sales cycle."""

from __future__ import annotations

import numpy as np

from kpilab import _inputs as inp
from kpilab.formulas.core import error, ratio
from kpilab.formulas.french import ARGUMENTS

__all__ = ["response_rate", "conversion_rate", "cost_per_conversion", "sales_cycle_days", "average_sales_cycle"]


def response_rate(responses, contacts):
    r"""Taux de réponse des prospects, in %.

    .. math:: \text{taux de réponse} = \frac{\text{réponses}}{\text{contacts}} \times 100

    ``contacts`` are the contacts actually reached: bounced e-mails and
    returned letters (NPAI) leave the denominator.

    >>> response_rate(36, 1200)
    3.0
    """
    return ratio(
        responses, contacts,
        num="responses", den="contacts",
        kpi="response_rate", name="taux_de_reponse", percent=True,
    )


def conversion_rate(sales, leads):
    r"""Taux de conversion, in %: sales ÷ leads × 100.

    .. math:: \text{taux de conversion} = \frac{\text{ventes}}{\text{leads}} \times 100

    Name the denominator: here leads (prospects qualifiés). The same formula
    with web visits or shop visitors gives another KPI.

    >>> conversion_rate(12, 80)
    15.0
    """
    return ratio(
        sales, leads,
        num="sales", den="leads",
        kpi="conversion_rate", name="taux_de_conversion", percent=True,
    )


def cost_per_conversion(cost, conversions):
    r"""Coût par conversion, in €: cost ÷ conversions.

    .. math:: \text{coût par conversion} = \frac{\text{coût de l'action}}{\text{nombre de conversions}}

    >>> cost_per_conversion(4500, 9)
    500.0
    """
    return ratio(
        cost, conversions,
        num="cost", den="conversions",
        kpi="cost_per_conversion", name="cout_par_conversion", percent=False,
    )


def sales_cycle_days(first_contact, signed):
    r"""Durée du cycle de vente of each deal, in days.

    .. math:: \text{cycle} = \text{date de signature} - \text{date du premier contact}

    Only won (signed) deals have a cycle: a missing signature date is an
    error, not a zero.

    >>> sales_cycle_days("2025-01-10", "2025-02-24")
    45.0
    >>> sales_cycle_days(["2025-01-10", "2025-03-01"], ["15/01/2025", "2025-03-31"])
    array([ 5., 30.])
    """
    start, start_index = inp.dates(first_contact, "first_contact", ARGUMENTS["first_contact"])
    end, end_index = inp.dates(signed, "signed", ARGUMENTS["signed"])
    start_arg = inp.Arg("first_contact", ARGUMENTS["first_contact"], start.view("int64"), start_index)
    end_arg = inp.Arg("signed", ARGUMENTS["signed"], end.view("int64"), end_index)
    inp.check_aligned(start_arg, end_arg)
    days = (end - start) / np.timedelta64(1, "D")
    before = np.broadcast_to(days < 0, np.shape(days))
    if before.any():
        where = inp._where(end_arg if not end_arg.is_scalar else start_arg, before)
        raise error("signed_before_first_contact", where=where)
    return inp.result(np.asarray(days, dtype="float64"), start_arg, end_arg, name="cycle_jours")


def average_sales_cycle(first_contact, signed, how="mean"):
    r"""Cycle de vente moyen (or median), in days, over won deals.

    .. math:: \text{cycle moyen} = \frac{\sum (\text{signature} - \text{premier contact})}{\text{nombre d'affaires gagnées}}

    ``how="median"`` gives the median cycle, which a few very long deals
    do not pull up.

    >>> average_sales_cycle(["2025-01-01"] * 3, ["2025-01-11", "2025-01-21", "2025-04-01"])
    40.0
    >>> average_sales_cycle(["2025-01-01"] * 3, ["2025-01-11", "2025-01-21", "2025-04-01"], how="median")
    20.0
    """
    if how not in ("mean", "median"):
        raise error("how", how=repr(how))
    days = np.atleast_1d(np.asarray(sales_cycle_days(first_contact, signed), dtype="float64"))
    if days.size == 0:
        raise error("no_signed_deal")
    return float(np.mean(days) if how == "mean" else np.median(days))
