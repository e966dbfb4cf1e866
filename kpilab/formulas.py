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
from kpilab.errors import KPIError, Name, render

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


# The French name of each KPI, with its article: messages take the form they need
# ("Le calcul du coût par conversion…", see kpilab.errors.Name). Every function of
# __all__ has one (a test checks it), so a new KPI is checked with every message template.
KPI_NAMES = {function: Name(text) for function, text in {
    "response_rate": "le taux de réponse",
    "conversion_rate": "le taux de conversion",
    "cost_per_conversion": "le coût par conversion",
    "average_order_value": "le panier moyen",
    "sales_cycle_days": "la durée du cycle de vente",
    "average_sales_cycle": "le cycle de vente moyen",
    "retention_rate": "le taux de rétention",
    "churn_rate": "le taux d'attrition",
    "customer_lifetime_value": "la valeur vie client",
    "lifespan_from_churn": "la durée de vie client",
    "annual_churn_from_monthly": "le taux d'attrition annuel",
    "store_conversion_rate": "le taux de transformation",
    "sales_index": "l'indice de vente",
    "gross_margin_rate": "le taux de marque",
    "markup_rate": "le taux de marge",
    "multiplier_coefficient": "le coefficient multiplicateur",
    "change": "l'évolution",
}.items()}

# The French label of every argument (a test checks that each parameter has one).
ARGUMENTS = {
    "responses": "nombre de réponses",
    "contacts": "nombre de contacts",
    "sales": "nombre de ventes",
    "leads": "nombre de leads",
    "cost": "coût en €",
    "conversions": "nombre de conversions",
    "revenue": "chiffre d'affaires en €",
    "transactions": "nombre de transactions",
    "first_contact": "date du premier contact",
    "signed": "date de signature",
    "retained": "clients conservés",
    "customers_at_start": "clients au début de la période",
    "lost": "clients perdus",
    "average_order_value": "panier moyen en €",
    "purchases_per_year": "achats par an",
    "lifespan_years": "durée de vie en années",
    "margin_rate": "taux de marge",
    "annual_churn_rate": "taux d'attrition annuel en %",
    "monthly_churn_rate": "taux d'attrition mensuel en %",
    "tickets": "nombre de tickets",
    "visitors": "nombre de visiteurs",
    "articles": "nombre d'articles",
    "selling_price_ht": "prix de vente HT",
    "purchase_price_ht": "prix d'achat HT",
    "selling_price_ttc": "prix de vente TTC",
    "value": "valeur de la période",
    "previous": "valeur de la période précédente",
}
OPTIONS = ("how", "rate")  # parameters that choose a variant, not numbers

# Why a numerator cannot exceed its denominator (the end of "c'est impossible, …").
PART_OF_WHOLE = {
    "response_rate": "on ne peut pas avoir plus de réponses que de contacts",
    "conversion_rate": "chaque vente vient d'un lead",
    "retention_rate": "les clients conservés font partie des clients du début",
    "churn_rate": "on ne peut perdre que des clients présents au début",
    "store_conversion_rate": "chaque ticket vient d'un visiteur",
}

# The messages of this module (those of every KPI are in kpilab._inputs.MESSAGES).
MESSAGES = {
    "signed_before_first_contact": "La date de signature (`signed`) est avant la date du premier contact "
                                   "(`first_contact`){where} : c'est impossible. As-tu inversé les deux arguments ?",
    "how": "`how` vaut {how} : choisis `how='mean'` (moyenne) ou `how='median'` (médiane).",
    "no_signed_deal": "Aucune affaire signée : le cycle de vente moyen n'est pas défini. Vérifie ton filtre "
                      "(statut 'gagne', période).",
    "new_customers_retained": "As-tu compté les nouveaux clients parmi les clients conservés ? "
                              "Clients conservés = clients de la fin − nouveaux clients (E − N).",
    "margin_share": "C'est une part du chiffre d'affaires : écris `0.35` pour 35 %.",
    "annual_churn_percent": "Un taux d'attrition est un pourcentage : 25 pour 25 %.",
    "monthly_churn_percent": "Un taux d'attrition est un pourcentage : 5 pour 5 %.",
    "change_from_zero": "La valeur précédente (`previous`) vaut 0 : une évolution en % n'a pas de sens quand "
                        "on part de zéro. Donne plutôt l'écart (valeur − valeur précédente).",
}


def _error(key: str, **fields) -> KPIError:
    return KPIError(render(MESSAGES[key], **fields))


def _arg(value, name: str) -> inp.Arg:
    """One numeric argument, read with its French label."""
    return inp.number(value, name, ARGUMENTS[name])


def _ratio(numerator, denominator, *, num: str, den: str, kpi: str, name: str, percent: bool, advice=None):
    """numerator ÷ denominator (× 100), after every input check.

    ``num`` and ``den`` are argument names (see :data:`ARGUMENTS`); ``kpi``
    is the function's name in :data:`KPI_NAMES`; when the KPI is in
    :data:`PART_OF_WHOLE`, the numerator cannot exceed the denominator.
    """
    top = inp.non_negative(_arg(numerator, num))
    bottom = inp.positive_denominator(_arg(denominator, den), KPI_NAMES[kpi])
    inp.check_aligned(top, bottom)
    if kpi in PART_OF_WHOLE:
        inp.at_most(top, bottom, PART_OF_WHOLE[kpi], *([advice] if advice else []))
    with np.errstate(over="ignore"):
        values = top.values / bottom.values
        if percent:
            values = values * 100
    inp.finite_result(values, KPI_NAMES[kpi])
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
    return _ratio(
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
    return _ratio(
        cost, conversions,
        num="cost", den="conversions",
        kpi="cost_per_conversion", name="cout_par_conversion", percent=False,
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
        num="revenue", den="transactions",
        kpi="average_order_value", name="panier_moyen", percent=False,
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
        raise _error("signed_before_first_contact", where=where)
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
        raise _error("how", how=repr(how))
    days = np.atleast_1d(np.asarray(sales_cycle_days(first_contact, signed), dtype="float64"))
    if days.size == 0:
        raise _error("no_signed_deal")
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
    return _ratio(
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
    aov = inp.non_negative(_arg(average_order_value, "average_order_value"))
    freq = inp.non_negative(_arg(purchases_per_year, "purchases_per_year"))
    life = inp.non_negative(_arg(lifespan_years, "lifespan_years"))
    margin = _arg(margin_rate, "margin_rate")
    inp.in_range(margin, 0, 1, MESSAGES["margin_share"])
    inp.check_aligned(aov, freq, life, margin)
    with np.errstate(over="ignore"):
        values = aov.values * freq.values * life.values * margin.values
    inp.finite_result(values, KPI_NAMES["customer_lifetime_value"])
    return inp.result(values, aov, freq, life, margin, name="valeur_vie_client")


def lifespan_from_churn(annual_churn_rate):
    r"""Durée de vie client estimée, in years, from the annual churn rate in %.

    .. math:: \text{durée de vie} \approx \frac{1}{\text{taux d'attrition annuel}}

    >>> lifespan_from_churn(25)
    4.0
    """
    churn = _arg(annual_churn_rate, "annual_churn_rate")
    inp.positive_denominator(churn, KPI_NAMES["lifespan_from_churn"])
    inp.in_range(churn, 0, 100, MESSAGES["annual_churn_percent"])
    with np.errstate(over="ignore"):
        values = 100 / churn.values
    inp.finite_result(values, KPI_NAMES["lifespan_from_churn"])
    return inp.result(values, churn, name="duree_de_vie_annees")


def annual_churn_from_monthly(monthly_churn_rate):
    r"""Annual churn in % from a constant monthly churn in %.

    .. math:: \text{attrition annuelle} = 1 - (1 - m)^{12}

    Not m × 12: the customers lost in a month can't be lost again.

    >>> round(annual_churn_from_monthly(5), 1)
    46.0
    """
    monthly = _arg(monthly_churn_rate, "monthly_churn_rate")
    inp.in_range(monthly, 0, 100, MESSAGES["monthly_churn_percent"])
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
        num="tickets", den="visitors",
        kpi="store_conversion_rate", name="taux_de_transformation", percent=True,
    )


def sales_index(articles, tickets):
    r"""Indice de vente (articles par ticket).

    .. math:: \text{indice de vente} = \frac{\text{nombre d'articles vendus}}{\text{nombre de tickets}}

    >>> sales_index(540, 300)
    1.8
    """
    return _ratio(
        articles, tickets,
        num="articles", den="tickets",
        kpi="sales_index", name="indice_de_vente", percent=False,
    )


def _margin(selling_price_ht, purchase_price_ht):
    price = inp.non_negative(_arg(selling_price_ht, "selling_price_ht"))
    cost = inp.non_negative(_arg(purchase_price_ht, "purchase_price_ht"))
    inp.check_aligned(price, cost)
    return price, cost


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
    inp.finite_result(values, KPI_NAMES["gross_margin_rate"])
    return inp.result(values, price, cost, name="taux_de_marque")


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
    inp.finite_result(values, KPI_NAMES["markup_rate"])
    return inp.result(values, price, cost, name="taux_de_marge")


def multiplier_coefficient(selling_price_ttc, purchase_price_ht):
    r"""Coefficient multiplicateur: selling price incl. VAT ÷ purchase price HT.

    .. math:: \text{coefficient multiplicateur} = \frac{\text{PV TTC}}{\text{PA HT}}

    >>> multiplier_coefficient(120, 50)
    2.4
    """
    return _ratio(
        selling_price_ttc, purchase_price_ht,
        num="selling_price_ttc", den="purchase_price_ht",
        kpi="multiplier_coefficient", name="coefficient_multiplicateur", percent=False,
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
    now = _arg(value, "value")
    before = _arg(previous, "previous")
    inp.check_aligned(now, before)
    with np.errstate(over="ignore"):
        if rate:
            values = now.values - before.values
        else:
            if np.any(before.values == 0):
                raise _error("change_from_zero")
            values = (now.values - before.values) / np.abs(before.values) * 100
    inp.finite_result(values, KPI_NAMES["change"])
    return inp.result(values, now, before, name="evolution_points" if rate else "evolution_pct")
