"""Charts of the course: one idea each, French titles, labels and numbers.

Each function draws on ``ax`` when given one, else on a new figure that it
shows; it returns nothing, so a notebook cell shows only the chart. Axis
numbers use French formats (``3,2 %``, ``1 234 €``, months as ``janv.``,
``févr.``…) and the sizes are set for a projected classroom.

No text of a chart may run over another one: before drawing, the labels are
measured with the figure's renderer. Bar labels too long for their slot are
written on two lines, and when even that does not fit the bars are drawn
horizontally; month ticks are thinned out until they fit.

The charts are drawn by :mod:`kpilab.charts_bars` (bars, funnel),
:mod:`kpilab.charts_lines` (lines) and :mod:`kpilab.charts_distributions`
(histogram, heatmap), with the French formats of :mod:`kpilab.charts_french`
and the style and text measuring of :mod:`kpilab.charts_layout`; this module
gathers their public names.

>>> import pandas as pd
>>> label(pd.Period("2025-03", freq="M")), label("site_web"), month_name(8)
('mars 2025', 'site web', 'août')
"""

from __future__ import annotations

from kpilab.charts_bars import bar, funnel
from kpilab.charts_distributions import heatmap, histogram
from kpilab.charts_french import DISPLAY, FrenchDates, FrenchTicks, label, month_name
from kpilab.charts_layout import COLORS, FORMATS, style
from kpilab.charts_layout import MARK_COLOR, NBSP, NOTE_COLOR  # noqa: F401 (public names of this module too)
from kpilab.charts_lines import line

__all__ = ["bar", "line", "histogram", "heatmap", "funnel", "label", "month_name", "FrenchTicks", "FrenchDates",
           "DISPLAY", "FORMATS", "COLORS", "style"]
