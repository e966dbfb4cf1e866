"""The KPI formulas of the course, one function per KPI.

Every function:

- takes plain numbers, numeric text (``"1 234,5"``), lists, NumPy arrays or
  pandas Series, and works element-wise on the last three;
- gives back a float for numbers, an array for lists and arrays, and a Series
  (same index) for Series;
- returns rates as percentages (3.2 means 3,2 %);
- raises :class:`kpilab.KPIError` with a French message for bad input
  (zero denominator, negative count, impossible ratio, missing value, text
  that is not a number), never a ZeroDivisionError or a silent NaN.
"""

from __future__ import annotations

import numpy as np

from kpilab import _inputs as inp
from kpilab.errors import KPIError

__all__ = [
    "response_rate",
    "conversion_rate",
    "cost_per_conversion",
    "average_order_value",
    "sales_cycle_days",
    "average_sales_cycle",
    "retention_rate",
    "churn_rate",
    "customer_lifetime_value",
    "lifespan_from_churn",
    "annual_churn_from_monthly",
    "store_conversion_rate",
    "sales_index",
    "gross_margin_rate",
    "markup_rate",
    "multiplier_coefficient",
    "change",
]


def _ratio(numerator, denominator, *, num, den, kpi, name, percent, part_of_whole=None, advice=None):
    """numerator ÷ denominator (× 100), after every input check.

    ``num`` and ``den`` are (argument name, French label) pairs; ``kpi`` is the
    KPI's French name for messages; ``part_of_whole`` is the reason why the
    numerator cannot exceed the denominator, when it cannot.
    """
    top = inp.non_negative(inp.number(numerator, *num))
    bottom = inp.positive_denominator(inp.number(denominator, *den), kpi)
    inp.check_aligned(top, bottom)
    if part_of_whole:
        inp.at_most(top, bottom, part_of_whole, *([advice] if advice else []))
    with np.errstate(over="ignore"):
        values = top.values / bottom.values
        if percent:
            values = values * 100
    inp.finite_result(values, kpi)
    return inp.result(values, top, bottom, name=name)


# --- prospecting and sales ---------------------------------------------------


def response_rate(responses, contacts):
    r"""Taux de réponse des prospects, in %.

    .. math:: \text{taux de réponse} = \frac{\text{réponses}}{\text{contacts}} \times 100

    ``contacts`` are the contacts actually reached: bounced e-mails and
    returned letters (NPAI) leave the denominator.

    >>> response_rate(36, 1200)
    3.0
    """
    return _ratio(
        responses, contacts,
        num=("responses", "nombre de réponses"),
        den=("contacts", "nombre de contacts"),
        kpi="le taux de réponse", name="taux_de_reponse", percent=True,
        part_of_whole="on ne peut pas avoir plus de réponses que de contacts",
    )


def conversion_rate(sales, leads):
    r"""Taux de conversion, in %: sales ÷ leads × 100.

    .. math:: \text{taux de conversion} = \frac{\text{ventes}}{\text{leads}} \times 100

    Name the denominator: here leads (prospects qualifiés). The same formula
    with web visits or shop visitors gives another KPI.

    >>> conversion_rate(12, 80)
    15.0
    """
    return _ratio(
        sales, leads,
        num=("sales", "nombre de ventes"),
        den=("leads", "nombre de leads"),
        kpi="le taux de conversion", name="taux_de_conversion", percent=True,
        part_of_whole="chaque vente vient d'un lead",
    )


def cost_per_conversion(cost, conversions):
    r"""Coût par conversion, in €: cost ÷ conversions.

    .. math:: \text{coût par conversion} = \frac{\text{coût de l'action}}{\text{nombre de conversions}}

    >>> cost_per_conversion(4500, 9)
    500.0
    """
    return _ratio(
        cost, conversions,
        num=("cost", "coût en €"),
        den=("conversions", "nombre de conversions"),
        kpi="le coût par conversion", name="cout_par_conversion", percent=False,
    )


def average_order_value(revenue, transactions):
    r"""Panier moyen (valeur moyenne des transactions), in €.

    .. math:: \text{panier moyen} = \frac{\text{chiffre d'affaires HT}}{\text{nombre de transactions}}

    The course uses revenue excluding VAT (HT); say which one you use.

    >>> average_order_value(15000, 250)
    60.0
    """
    return _ratio(
        revenue, transactions,
        num=("revenue", "chiffre d'affaires en €"),
        den=("transactions", "nombre de transactions"),
        kpi="le panier moyen", name="panier_moyen", percent=False,
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
    start, start_index = inp.dates(first_contact, "first_contact", "date du premier contact")
    end, end_index = inp.dates(signed, "signed", "date de signature")
    start_arg = inp.Arg("first_contact", "date du premier contact", start.view("int64"), start_index)
    end_arg = inp.Arg("signed", "date de signature", end.view("int64"), end_index)
    inp.check_aligned(start_arg, end_arg)
    days = (end - start) / np.timedelta64(1, "D")
    before = np.broadcast_to(days < 0, np.shape(days))
    if before.any():
        where = inp._where(end_arg if not end_arg.is_scalar else start_arg, before)
        raise KPIError(
            f"La date de signature (`signed`) est avant la date du premier "
            f"contact (`first_contact`){where} : c'est impossible. "
            "As-tu inversé les deux arguments ?"
        )
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
        raise KPIError(
            f"`how` vaut {how!r} : choisis how='mean' (moyenne) ou how='median' (médiane)."
        )
    days = np.atleast_1d(np.asarray(sales_cycle_days(first_contact, signed), dtype="float64"))
    if days.size == 0:
        raise KPIError(
            "Aucune affaire signée : le cycle de vente moyen n'est pas défini. "
            "Vérifie ton filtre (statut 'gagne', période)."
        )
    return float(np.mean(days) if how == "mean" else np.median(days))


# --- customers ----------------------------------------------------------------


def retention_rate(retained, customers_at_start):
    r"""Taux de rétention, in %.

    .. math:: \text{taux de rétention} = \frac{\text{clients conservés}}{\text{clients au début}} \times 100
              = \frac{E - N}{S} \times 100

    with S the customers at the start, E at the end and N the new customers
    of the period: new customers are never counted as retained.

    >>> retention_rate(420, 600)
    70.0
    """
    return _ratio(
        retained, customers_at_start,
        num=("retained", "clients conservés"),
        den=("customers_at_start", "clients au début de la période"),
        kpi="le taux de rétention", name="taux_de_retention", percent=True,
        part_of_whole="les clients conservés font partie des clients du début",
        advice=(
            "As-tu compté les nouveaux clients parmi les clients conservés ? "
            "Clients conservés = clients de la fin − nouveaux clients (E − N)."
        ),
    )


def churn_rate(lost, customers_at_start):
    r"""Taux d'attrition (churn), in %.

    .. math:: \text{taux d'attrition} = \frac{\text{clients perdus}}{\text{clients au début}} \times 100

    On the same cohort and period, retention + churn = 100 %.

    >>> churn_rate(180, 600)
    30.0
    """
    return _ratio(
        lost, customers_at_start,
        num=("lost", "clients perdus"),
        den=("customers_at_start", "clients au début de la période"),
        kpi="le taux d'attrition", name="taux_d_attrition", percent=True,
        part_of_whole="on ne peut perdre que des clients présents au début",
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
    aov = inp.non_negative(inp.number(average_order_value, "average_order_value", "panier moyen en €"))
    freq = inp.non_negative(inp.number(purchases_per_year, "purchases_per_year", "achats par an"))
    life = inp.non_negative(inp.number(lifespan_years, "lifespan_years", "durée de vie en années"))
    margin = inp.number(margin_rate, "margin_rate", "taux de marge")
    inp.in_range(
        margin, 0, 1,
        "C'est une part du chiffre d'affaires : écris 0.35 pour 35 %.",
    )
    inp.check_aligned(aov, freq, life, margin)
    values = aov.values * freq.values * life.values * margin.values
    return inp.result(values, aov, freq, life, margin, name="valeur_vie_client")


def lifespan_from_churn(annual_churn_rate):
    r"""Durée de vie client estimée, in years, from the annual churn rate in %.

    .. math:: \text{durée de vie} \approx \frac{1}{\text{taux d'attrition annuel}}

    >>> lifespan_from_churn(25)
    4.0
    """
    churn = inp.number(annual_churn_rate, "annual_churn_rate", "taux d'attrition annuel en %")
    inp.positive_denominator(churn, "la durée de vie")
    inp.in_range(churn, 0, 100, "Un taux d'attrition est un pourcentage : 25 pour 25 %.")
    return inp.result(100 / churn.values, churn, name="duree_de_vie_annees")


def annual_churn_from_monthly(monthly_churn_rate):
    r"""Annual churn in % from a constant monthly churn in %.

    .. math:: \text{attrition annuelle} = 1 - (1 - m)^{12}

    Not m × 12: the customers lost in a month can't be lost again.

    >>> round(annual_churn_from_monthly(5), 1)
    46.0
    """
    monthly = inp.number(monthly_churn_rate, "monthly_churn_rate", "taux d'attrition mensuel en %")
    inp.in_range(monthly, 0, 100, "Un taux d'attrition est un pourcentage : 5 pour 5 %.")
    values = (1 - (1 - monthly.values / 100) ** 12) * 100
    return inp.result(values, monthly, name="taux_d_attrition_annuel")


# --- shop indicators ------------------------------------------------------------


def store_conversion_rate(tickets, visitors):
    r"""Taux de transformation magasin, in %.

    .. math:: \text{taux de transformation} = \frac{\text{nombre de tickets}}{\text{nombre de visiteurs}} \times 100

    >>> store_conversion_rate(45, 300)
    15.0
    """
    return _ratio(
        tickets, visitors,
        num=("tickets", "nombre de tickets"),
        den=("visitors", "nombre de visiteurs"),
        kpi="le taux de transformation", name="taux_de_transformation", percent=True,
        part_of_whole="chaque ticket vient d'un visiteur",
    )


def sales_index(articles, tickets):
    r"""Indice de vente (articles par ticket).

    .. math:: \text{indice de vente} = \frac{\text{nombre d'articles vendus}}{\text{nombre de tickets}}

    >>> sales_index(540, 300)
    1.8
    """
    return _ratio(
        articles, tickets,
        num=("articles", "nombre d'articles"),
        den=("tickets", "nombre de tickets"),
        kpi="l'indice de vente", name="indice_de_vente", percent=False,
    )


def _margin(selling_price_ht, purchase_price_ht):
    price = inp.non_negative(inp.number(selling_price_ht, "selling_price_ht", "prix de vente HT"))
    cost = inp.non_negative(inp.number(purchase_price_ht, "purchase_price_ht", "prix d'achat HT"))
    inp.check_aligned(price, cost)
    return price, cost


def gross_margin_rate(selling_price_ht, purchase_price_ht):
    r"""Taux de marque, in %: the margin as a share of the selling price.

    .. math:: \text{taux de marque} = \frac{\text{PV HT} - \text{PA HT}}{\text{PV HT}} \times 100

    >>> gross_margin_rate(100, 60)
    40.0
    """
    price, cost = _margin(selling_price_ht, purchase_price_ht)
    inp.positive_denominator(price, "le taux de marque")
    return inp.result((price.values - cost.values) / price.values * 100, price, cost, name="taux_de_marque")


def markup_rate(selling_price_ht, purchase_price_ht):
    r"""Taux de marge, in %: the margin as a share of the purchase price.

    .. math:: \text{taux de marge} = \frac{\text{PV HT} - \text{PA HT}}{\text{PA HT}} \times 100

    >>> round(markup_rate(100, 60), 2)
    66.67
    """
    price, cost = _margin(selling_price_ht, purchase_price_ht)
    inp.positive_denominator(cost, "le taux de marge")
    return inp.result((price.values - cost.values) / cost.values * 100, price, cost, name="taux_de_marge")


def multiplier_coefficient(selling_price_ttc, purchase_price_ht):
    r"""Coefficient multiplicateur: selling price incl. VAT ÷ purchase price HT.

    .. math:: \text{coefficient multiplicateur} = \frac{\text{PV TTC}}{\text{PA HT}}

    >>> multiplier_coefficient(120, 50)
    2.4
    """
    return _ratio(
        selling_price_ttc, purchase_price_ht,
        num=("selling_price_ttc", "prix de vente TTC"),
        den=("purchase_price_ht", "prix d'achat HT"),
        kpi="le coefficient multiplicateur", name="coefficient_multiplicateur", percent=False,
    )


# --- comparing two periods ---------------------------------------------------------------


def change(value, previous, *, rate: bool = False):
    r"""Évolution d'un indicateur entre deux périodes, in %.

    .. math:: \text{évolution} = \frac{\text{valeur N} - \text{valeur N-1}}{\text{valeur N-1}} \times 100

    For a rate (``rate=True``) the change is the difference in percentage
    points: from 18 % to 20 % is +2 points (and +11,1 %).

    >>> change(92_000, 80_000)
    15.0
    >>> change(20, 18, rate=True)
    2.0
    """
    now = inp.number(value, "value", "valeur de la période")
    before = inp.number(previous, "previous", "valeur de la période précédente")
    inp.check_aligned(now, before)
    if rate:
        return inp.result(now.values - before.values, now, before, name="evolution_points")
    zero = before.values == 0
    if np.any(zero):
        raise KPIError(
            "La valeur précédente (`previous`) vaut 0 : une évolution en % n'a pas de sens "
            "quand on part de zéro. Donne plutôt l'écart (valeur − valeur précédente)."
        )
    values = (now.values - before.values) / np.abs(before.values) * 100
    return inp.result(values, now, before, name="evolution_pct")
