"""KPIs computed from the course tables, per period and per segment.

Every ``*_by`` function takes the table(s) it needs, then ``by`` (a column
name or a list of them, or None for the whole table) and ``period``
(``"day"``, ``"week"`` (Monday to Sunday), ``"month"``, ``"quarter"``,
``"year"`` or None; French ``"jour"``, ``"semaine"``, ``"mois"``,
``"trimestre"``, ``"annee"`` work too). It returns a DataFrame indexed by
those keys, with the counts behind the KPI next to the KPI itself, so that a
student can redo the division. Without ``by`` and ``period`` the result has
one row, ``"total"``.

The same rules hold in every function that reads orders (``commandes``), on
the course data as on a student's own shop export:

- **The refund rule (règle des avoirs).** « Une vente, c'est une commande d'un
  montant positif. Un avoir (remboursement, montant négatif) n'est pas une
  vente : il ne compte ni dans les transactions, ni dans le panier moyen, ni
  pour dire qu'un client est actif. Les commandes à 0 € sont laissées de côté
  de la même façon. »
- Rows a KPI cannot use (avoirs, 0 € orders, a missing amount or date, an
  exact duplicate of an earlier row) are left out with a
  :class:`~kpilab.errors.KPIWarning` that counts them and names their rows.
- The table covers the days of ``commandes.attrs["periode_couverte"]`` (set
  by ``datasets.load`` and ``datasets.import_orders``), else its first to its
  last date. With a ``period``, every period of the coverage is a row (an
  empty month counts 0 transactions, its KPI is ``<NA>``); a period the
  coverage holds only in part is named in a warning and listed in
  ``result.attrs["periodes_partielles"]``.
- A date before 1990 or after tomorrow, and customer ids that are numbers in
  one table and text in the other, are French errors (:class:`KPIError`).

The divisions go through :mod:`kpilab.formulas`, so a table KPI and the
formula always agree. A group whose denominator is zero (a campaign without
any sale has no cost per conversion) gets ``<NA>``, never 0.

>>> from kpilab import datasets, tables
>>> tables.average_order_value_by(datasets.load("commandes"), by="canal").columns.tolist()
['transactions', 'articles', 'chiffre_affaires_ht', 'panier_moyen_ht', 'indice_de_vente']

The functions live in small modules named for what they hold
(:mod:`~kpilab.tables.funnel`, :mod:`~kpilab.tables.orders`,
:mod:`~kpilab.tables.customers`); the grouping engine that makes them fast
is :mod:`kpilab.tables._engine`.
"""

from kpilab.tables.customers import (
    active_customers,
    cohort_retention_matrix,
    customer_lifetime_value_by,
    retention_by,
)
from kpilab.tables.funnel import (
    conversion_rate_by,
    cost_per_conversion_by,
    leads_with_channel,
    response_rate_by,
    sales_cycle_by,
)
from kpilab.tables import operations, team
from kpilab.tables.operations import *  # noqa: F403 (the names of its __all__)
from kpilab.tables.orders import (
    average_order_value_by,
    fleet_margin_by,
    margins_by,
    store_conversion_by,
)
from kpilab.tables.team import *  # noqa: F403 (the names of its __all__)

__all__ = [
    "response_rate_by",
    "leads_with_channel",
    "conversion_rate_by",
    "cost_per_conversion_by",
    "sales_cycle_by",
    "average_order_value_by",
    "store_conversion_by",
    "margins_by",
    "fleet_margin_by",
    "active_customers",
    "retention_by",
    "cohort_retention_matrix",
    "customer_lifetime_value_by",
]
__all__ += operations.__all__ + team.__all__
