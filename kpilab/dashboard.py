"""The course dashboard: every KPI of one year, channel, point of sale and segment.

This module gathers the dashboard's public names; each part lives in a
module named for what it holds:

- :mod:`kpilab.dashboard_scope`: which orders a view counts (the checked
  filters, and lookups between tables made once);
- :mod:`kpilab.dashboard_numbers`: the numbers of the tiles, :func:`summary`
  (one row per KPI: the year, the year before, the change, a note) and
  :func:`chart_data`, all computed by :mod:`kpilab.tables` and following the
  lessons' rules (the basket without the B2B fleets, lesson 04; the median
  cycle beside the mean, lesson 03; no annual retention rule for companies,
  lessons 05 and 06; a conversion with open deals marked provisional,
  lesson 02);
- :mod:`kpilab.dashboard_text`: the French words, the notes and the French
  format of values and changes;
- :mod:`kpilab.dashboard_tiles`: :func:`format_summary` (a French table) and
  :func:`tiles_html` (HTML tiles);
- :mod:`kpilab.dashboard_widget`: :func:`dashboard`, the ipywidgets of
  lesson 08 and of the Voilà app ``apps/tableau_de_bord.ipynb``; its charts
  and the export are drawn by :mod:`kpilab.dashboard_app`. ipywidgets and
  matplotlib are imported only there, so ``import kpilab.dashboard`` stays
  light.

Every function takes ``data=``: a student's own tables (only ``commandes``
is required; ``datasets.import_orders`` prepares it). Then only those
tables count, nothing is taken from the course, and the tiles the data
cannot fill are hidden with a French note (``attrs["notes"]``).

>>> table = summary(2025, point_de_vente="Croix-Rousse")
>>> table.loc["panier_moyen_ht", ["unite", "unite_evolution"]].tolist()
['€', '%']
>>> format_value(239.92, "€")
'239,92\u202f€'
"""

from __future__ import annotations

from kpilab.dashboard_numbers import COLUMNS, KPI, KPIS, change, chart_data, digits, summary
from kpilab.dashboard_scope import B2B_CHANNEL, B2B_SEGMENT, SHOP_CHANNEL, WEB_CHANNEL
from kpilab.dashboard_text import (
    BASKET_LABELS,
    CHANNEL_LABELS,
    COMPANIES_NOTE,
    LEGEND,
    MEAN_CYCLE_NOTE,
    MEAN_UP_MEDIAN_DOWN_NOTE,
    NO_RETENTION_REMARK,
    SEGMENT_LABELS,
    format_change,
    format_value,
    scope_title,
)
from kpilab.dashboard_tiles import BAD, GOOD, NEUTRAL, format_summary, tiles_html, trend
from kpilab.dashboard_widget import dashboard

__all__ = ["KPIS", "SEGMENT_LABELS", "CHANNEL_LABELS", "change", "summary", "chart_data", "scope_title",
           "format_value", "format_change", "format_summary", "tiles_html", "dashboard"]

# The other names above are re-exported as they were before the split; so are these two
# helpers under their former names (the browser tests format the tiles with them).
_digits, _trend = digits, trend
