"""Distributions and tables of numbers: the histogram with its marks, the heatmap.

>>> import matplotlib.pyplot as plt
>>> figure, ax = plt.subplots()
>>> histogram([3, 5, 8, 13], "Cycle de vente", "Jours", marks={"Médiane": 6.5}, ax=ax)
>>> [text.get_text() for text in ax.get_legend().get_texts()]
['Médiane\\xa0: 6,5\\u202fjours']
>>> plt.close(figure)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kpilab import formatting
from kpilab.charts_french import FrenchTicks, _fmt, _labels
from kpilab.charts_layout import COLORS, NBSP, _axes, _finish, style

def histogram(values, title: str, xlabel: str, *, bins: int = 30, marks: dict | None = None,
              ylabel: str = "Nombre", unit: str = "days", ax=None) -> None:
    """Distribution of a quantity, with vertical lines for marks (mean, median…).

    The marks' values are written in the legend in ``unit`` (``64,6 jours``);
    the axis numbers are French numbers (the unit goes in ``xlabel``).
    """
    ax, own = _axes(ax)
    data = np.asarray(values, dtype="float64")
    ax.hist(data, bins=bins, color=COLORS[0], alpha=0.85, edgecolor="white")
    for (name, value), color in zip((marks or {}).items(), (COLORS[1], COLORS[2], COLORS[3])):
        ax.axvline(value, color=color, linewidth=2.5, linestyle="--",
                   label=f"{name}{NBSP}: {_fmt(unit, 1)(value)}")
    if marks:
        ax.legend(fontsize=11)
    ax.xaxis.set_major_formatter(FrenchTicks("euros" if unit == "euros" else "number"))
    ax.yaxis.set_major_formatter(FrenchTicks("number"))
    ax.grid(axis="x", visible=False)
    _finish(ax, title, xlabel, ylabel, own)


def heatmap(matrix: pd.DataFrame, title: str, xlabel: str, ylabel: str, *, kind: str = "percent",
            digits: int = 0, ax=None) -> None:
    """A table of numbers as coloured cells (e.g. a cohort retention matrix).

    Percentages are written without their ``%`` in the cells (say it in the
    title); the colour bar carries the unit.
    """
    if ax is None:
        style()
        ax = plt.subplots(figsize=(min(2 + 0.55 * matrix.shape[1], 16), 1.5 + 0.38 * matrix.shape[0]))[1]
        own = True
    else:
        own = False
    data = matrix.astype("float64").to_numpy()
    image = ax.imshow(np.ma.masked_invalid(data), cmap="Blues", aspect="auto")
    show = (lambda v: formatting.format_number(v, digits)) if kind == "percent" else _fmt(kind, digits)
    finite = data[np.isfinite(data)]
    low, high = (finite.min(), finite.max()) if finite.size else (0.0, 1.0)
    for (i, j), value in np.ndenumerate(data):
        if np.isfinite(value):
            dark = high > low and (value - low) / (high - low) > 0.6  # white text on the darkest blues
            ax.text(j, i, show(value), ha="center", va="center", fontsize=11,
                    color="white" if dark else "black")
    ax.set_xticks(range(matrix.shape[1]), _labels(matrix.columns), fontsize=11)
    ax.set_yticks(range(matrix.shape[0]), _labels(matrix.index), fontsize=11)
    ax.tick_params(length=0)
    ax.grid(False)
    ax.figure.colorbar(image, ax=ax, format=FrenchTicks(kind), fraction=0.03)
    _finish(ax, title, xlabel, ylabel, own)
