"""KPI Lab: the sales KPIs of the course, their data, charts and exercises.

The formulas and the French number formats are importable from here::

    >>> import kpilab
    >>> kpilab.conversion_rate(12, 80)
    15.0
    >>> kpilab.format_percent(15.0)
    '15,0 %'

Heavier parts (charts, widgets, notebooks) live in their own modules and are
imported only when used, so ``import kpilab`` stays quick.
"""

from kpilab.errors import KPIError
from kpilab.formatting import format_date, format_days, format_euros, format_number, format_percent
from kpilab.formulas import (
    annual_churn_from_monthly,
    average_order_value,
    average_sales_cycle,
    change,
    churn_rate,
    conversion_rate,
    cost_per_conversion,
    customer_lifetime_value,
    gross_margin_rate,
    lifespan_from_churn,
    markup_rate,
    multiplier_coefficient,
    response_rate,
    retention_rate,
    sales_cycle_days,
    sales_index,
    store_conversion_rate,
)

__version__ = "0.1.0"

__all__ = [
    "KPIError",
    "annual_churn_from_monthly",
    "average_order_value",
    "average_sales_cycle",
    "change",
    "churn_rate",
    "conversion_rate",
    "cost_per_conversion",
    "customer_lifetime_value",
    "format_date",
    "format_days",
    "format_euros",
    "format_number",
    "format_percent",
    "gross_margin_rate",
    "lifespan_from_churn",
    "markup_rate",
    "multiplier_coefficient",
    "response_rate",
    "retention_rate",
    "sales_cycle_days",
    "sales_index",
    "store_conversion_rate",
]
