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

The functions live in modules named for what they measure, and are all reachable from here
(``kpilab.formulas.capture_rate``) and from ``kpilab`` itself:

- :mod:`~kpilab.formulas.funnel`: prospecting and sales (response, conversion, sales cycle);
- :mod:`~kpilab.formulas.customers`: retention, churn, lifetime value;
- :mod:`~kpilab.formulas.shop`: basket, transformation, sales index, average item price,
  capture, sales per m² and per hour;
- :mod:`~kpilab.formulas.pricing`: taux de marque and de marge, coefficient, HT and TTC,
  selling prices;
- :mod:`~kpilab.formulas.stock`: average stock, rotation, storage time, démarque;
- :mod:`~kpilab.formulas.break_even`: seuil de rentabilité and point mort;
- :mod:`~kpilab.formulas.comparisons`: évolution and taux de réalisation.

Their French (KPI names, argument labels, messages) is in :mod:`~kpilab.formulas.french`.
"""

from __future__ import annotations

from kpilab.formulas import break_even, comparisons, customers, funnel, pricing, shop, stock
from kpilab.formulas.break_even import break_even_days, break_even_revenue
from kpilab.formulas.comparisons import change, target_achievement_rate
from kpilab.formulas.customers import (
    annual_churn_from_monthly,
    churn_rate,
    customer_lifetime_value,
    lifespan_from_churn,
    retention_rate,
)
from kpilab.formulas.french import ARGUMENTS, KPI_NAMES, MESSAGES, OPTIONS, PART_OF_WHOLE
from kpilab.formulas.funnel import (
    average_sales_cycle,
    conversion_rate,
    cost_per_conversion,
    response_rate,
    sales_cycle_days,
)
from kpilab.formulas.pricing import (
    gross_margin_from_markup,
    gross_margin_rate,
    markup_from_gross_margin,
    markup_rate,
    multiplier_coefficient,
    price_with_vat,
    price_without_vat,
    selling_price_from_gross_margin,
    selling_price_from_markup,
)
from kpilab.formulas.shop import (
    average_item_price,
    average_order_value,
    capture_rate,
    sales_index,
    sales_per_hour,
    sales_per_square_metre,
    store_conversion_rate,
)
from kpilab.formulas.stock import average_stock, shrinkage_rate, stock_cover_days, stock_turnover

MODULES = (funnel, customers, shop, pricing, stock, break_even, comparisons)
"""The modules of the formulas, in the order of the course."""

__all__ = [
    # lessons 01 to 09, in their order
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
    # gestion opérationnelle (lesson 10)
    "average_item_price",
    "price_with_vat",
    "price_without_vat",
    "gross_margin_from_markup",
    "markup_from_gross_margin",
    "selling_price_from_gross_margin",
    "selling_price_from_markup",
    "capture_rate",
    "sales_per_square_metre",
    "average_stock",
    "stock_turnover",
    "stock_cover_days",
    "shrinkage_rate",
    "break_even_revenue",
    "break_even_days",
    # piloter l'équipe (lesson 11)
    "target_achievement_rate",
    "sales_per_hour",
]
