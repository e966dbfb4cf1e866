"""KPI Lab: the sales KPIs of the course, their data, charts and exercises.

En français : ``kpilab.aide()`` affiche un guide court du module.

The formulas and the French number formats are importable from here::

    >>> import kpilab
    >>> kpilab.conversion_rate(12, 80)
    15.0
    >>> kpilab.format_percent(15.0)
    '15,0\u202f%'

The submodules (``kpilab.datasets``, ``kpilab.tables``, ``kpilab.charts``…)
are reachable as attributes and imported only when first used, so
``import kpilab`` stays quick::

    >>> kpilab.datasets.load("campagnes").shape[0] > 0
    True

In a Jupyter kernel, importing kpilab also loads the course's IPython
extension (:mod:`kpilab.extension`: French error messages and tables), which
the course's own kernels load at start anyway.
"""

import importlib as _importlib
import sys as _sys

from kpilab.errors import KPIError, KPIWarning
from kpilab.formatting import format_date, format_days, format_euros, format_number, format_percent
from kpilab.formulas import (
    annual_churn_from_monthly,
    average_item_price,
    average_order_value,
    average_sales_cycle,
    average_stock,
    break_even_days,
    break_even_revenue,
    capture_rate,
    change,
    churn_rate,
    conversion_rate,
    cost_per_conversion,
    customer_lifetime_value,
    gross_margin_from_markup,
    gross_margin_rate,
    lifespan_from_churn,
    markup_from_gross_margin,
    markup_rate,
    multiplier_coefficient,
    price_with_vat,
    price_without_vat,
    response_rate,
    retention_rate,
    sales_cycle_days,
    sales_index,
    sales_per_hour,
    sales_per_square_metre,
    selling_price_from_gross_margin,
    selling_price_from_markup,
    shrinkage_rate,
    stock_cover_days,
    stock_turnover,
    store_conversion_rate,
    target_achievement_rate,
)

__version__ = "0.1.0"

# Submodules imported on first use (PEP 562), with what each holds, for aide().
SUBMODULES = {
    "datasets": "les données de Roue Libre : datasets.load(\"commandes\")",
    "tables": "les KPI par période et par segment : tables.average_order_value_by(commandes, by=\"canal\")",
    "charts": "les graphiques du cours (titres et nombres en français)",
    "formulas": "une fonction par KPI, avec sa formule",
    "formatting": "les nombres à la française : format_percent(3.2) donne 3,2\u202f%",
    "forecast": "prévoir les ventes (leçon 10) : moyenne mobile, tendance, coefficients saisonniers, écarts",
    "simulators": "les simulateurs des leçons, sans les curseurs",
    "widgets": "les curseurs des simulateurs",
    "dashboard": "le tableau de bord de la leçon 08",
    "referentiel": "le référentiel du BTS MCO : blocs, compétences, épreuves de chaque leçon",
    "handouts": "les fiches de synthèse par bloc (make fiches)",
    "glossary": "le glossaire français-anglais des leçons",
    "exercises": "les exercices corrigés automatiquement",
}
_LAZY = (*SUBMODULES, "dashboard_app", "errors", "extension", "french_tables", "grading", "notebooks",
         "student_errors", "cli", "durations", "lab", "typography")


def __getattr__(name: str):
    if name in _LAZY:
        module = _importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted({*globals(), *_LAZY})


def aide() -> None:
    """Print a short guide to kpilab, in French, for students."""
    from kpilab.formatting import format_percent

    lines = [
        "KPI Lab : les indicateurs commerciaux du cours",
        "",
        "Les formules (un nombre en entrée, un nombre en sortie ; les taux sont en %) :",
        "  kpilab.conversion_rate(12, 80)         ventes ÷ leads × 100  → 15.0",
        "  kpilab.response_rate(45, 1200)         réponses ÷ contacts valides × 100",
        "  kpilab.average_order_value(15000, 250) CA HT ÷ transactions",
        "  kpilab.retention_rate(…), kpilab.churn_rate(…), kpilab.customer_lifetime_value(…)…",
        f"  kpilab.format_percent(15.0)            → {format_percent(15.0)} (nombres à la française)",
        "",
        "Les modules :",
        *[f"  kpilab.{name:<11} {text}" for name, text in SUBMODULES.items()],
        "",
        "L'aide d'une fonction : help(kpilab.conversion_rate) (en anglais, avec la formule).",
        "Une erreur dans ton calcul s'affiche en français : lis ce qu'elle dit de corriger.",
    ]
    print("\n".join(lines))


def _load_notebook_extension() -> None:
    """In a Jupyter kernel, load the course's IPython extension (no-op elsewhere)."""
    ipython = _sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None and getattr(shell, "kernel", None) is not None:
        try:
            shell.extension_manager.load_extension("kpilab.extension")
        except Exception:  # noqa: BLE001 — never break an import over a display nicety
            pass


_load_notebook_extension()

__all__ = [
    "KPIError",
    "aide",
    "annual_churn_from_monthly",
    "average_item_price",
    "average_order_value",
    "average_sales_cycle",
    "average_stock",
    "break_even_days",
    "break_even_revenue",
    "capture_rate",
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
    "gross_margin_from_markup",
    "gross_margin_rate",
    "lifespan_from_churn",
    "markup_from_gross_margin",
    "markup_rate",
    "multiplier_coefficient",
    "price_with_vat",
    "price_without_vat",
    "response_rate",
    "retention_rate",
    "sales_cycle_days",
    "sales_index",
    "sales_per_hour",
    "sales_per_square_metre",
    "selling_price_from_gross_margin",
    "selling_price_from_markup",
    "shrinkage_rate",
    "stock_cover_days",
    "stock_turnover",
    "store_conversion_rate",
    "target_achievement_rate",
]
