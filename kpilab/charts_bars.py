"""Bar charts: bars with their values written on them, and the sales funnel.

Bar labels too long for their slot are written on two lines, and when even
that does not fit the bars are drawn horizontally.

>>> import matplotlib.pyplot as plt
>>> figure, ax = plt.subplots()
>>> bar(pd.Series([3.2, 5.0], index=["emailing", "salon"]), "Taux de réponse", "Taux (%)", "percent", ax=ax)
>>> [tick.get_text() for tick in ax.get_xticklabels()]
['e-mailing', 'salon']
>>> plt.close(figure)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kpilab import formatting
from kpilab.charts_french import FrenchTicks, _fmt, _labels, label
from kpilab.charts_layout import (
    COLORS, NOTE_COLOR, _axes, _finish, _pixels, _renderer, _text_box, _two_lines,
)

def _slot(ax, count: int, along: str) -> float:
    """Pixels from one bar's centre to the next (bars of width 0.8 and the default margins)."""
    box = ax.get_window_extent(_renderer(ax.figure))
    length = box.width if along == "x" else box.height
    margin = plt.rcParams["axes.xmargin" if along == "x" else "axes.ymargin"]
    return length / ((max(count, 1) - 0.2) * (1 + 2 * margin))


def _labels_below(ax, labels: list[str], values: list[str]) -> list[str] | None:
    """The labels that fit under vertical bars, some on two lines, or None when they cannot."""
    figure = ax.figure
    room = _slot(ax, len(labels), "x") - _pixels(figure, 8)  # a gap between neighbours
    size = plt.rcParams["xtick.labelsize"]
    if any(_text_box(figure, value, 11)[0] > room for value in values):
        return None
    fitted = []
    for text in labels:
        if _text_box(figure, text, size)[0] > room:
            text = _two_lines(text)
            if _text_box(figure, text, size)[0] > room:
                return None
        fitted.append(text)
    return fitted


def _labels_beside(ax, labels: list[str], own: bool) -> list[str]:
    """The labels of horizontal bars: long ones on two lines, and a taller figure when needed."""
    figure = ax.figure
    size = plt.rcParams["ytick.labelsize"]
    widest = 0.3 * figure.bbox.width
    fitted = [_two_lines(t) if _text_box(figure, t, size)[0] > widest else t for t in labels]
    if own:
        tallest = max(_text_box(figure, t, size)[1] for t in fitted) + _pixels(figure, 6)
        missing = tallest - _slot(ax, len(labels), "y")
        if missing > 0:
            share = ax.get_position().height
            width, height = figure.get_size_inches()
            extra = missing * (len(labels) - 0.2) * (1 + 2 * plt.rcParams["axes.ymargin"])
            figure.set_size_inches(width, height + extra / share / figure.dpi)
    return fitted


def bar(values: pd.Series, title: str, ylabel: str, kind: str = "number", *, xlabel: str = "",
        digits: int = 1, horizontal: bool | None = None, highlight=None, reference: float | None = None,
        reference_label: str = "", ax=None) -> None:
    """Bars with their value written on them (French format).

    ``ylabel`` names the values, ``xlabel`` the categories. ``horizontal``:
    None (the default) draws vertical bars when every label fits under its
    bar, on at most two lines, and horizontal bars otherwise (True or False
    forces one; forced vertical bars may then crowd their labels).
    ``highlight``: a label (or list) drawn in the accent colour;
    ``reference``: a line across the bars (e.g. the overall rate).
    """
    ax, own = _axes(ax)
    show = _fmt(kind, digits)
    texts = _labels(values.index)
    marked = {highlight} if isinstance(highlight, str) else set(highlight or ())
    marked = {label(m) for m in marked}  # a code ("velotaf") or its display ("vélotaf")
    colors = [COLORS[1] if text in marked else COLORS[0] for text in texts]
    heights = values.astype("float64").to_numpy()
    numbers = [show(h) for h in heights]
    if own:
        ax.figure.tight_layout()  # the axes' size, to measure the labels against
    fitted = None if horizontal else _labels_below(ax, texts, numbers)
    if horizontal is None:
        horizontal = fitted is None
    elif not horizontal and fitted is None:  # vertical bars asked for: long labels on two lines at least
        fitted = [_two_lines(t) if len(t) > 12 else t for t in texts]
    positions = np.arange(len(heights))
    if horizontal:
        bars = ax.barh(positions, heights, color=colors)
        ax.set_yticks(positions, _labels_beside(ax, texts, own))
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(FrenchTicks(kind))
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="y", length=0)
    else:
        bars = ax.bar(positions, heights, color=colors)
        ax.set_xticks(positions, fitted)
        ax.yaxis.set_major_formatter(FrenchTicks(kind))
        ax.grid(axis="x", visible=False)
    ax.bar_label(bars, labels=numbers, padding=3, fontsize=11,
                 bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})
    if reference is not None:
        draw = ax.axvline if horizontal else ax.axhline
        draw(reference, color=COLORS[4], linestyle="--", linewidth=1.5, label=reference_label or None)
        if reference_label:
            ax.legend(loc="best", fontsize=11)
    ax.margins(x=0.15) if horizontal else ax.margins(y=0.15)
    if horizontal:
        _finish(ax, title, ylabel, xlabel, own)
    else:
        _finish(ax, title, xlabel, ylabel, own)


def funnel(stages: dict, title: str, *, ax=None) -> None:
    """A sales funnel: one centred bar per stage, its width proportional to its count.

    Each bar carries its count and the share of the stage before. A stage a
    thousand times smaller than the first is still drawn, as a thin stroke of
    a few pixels, and its numbers are written beside it; a note under the
    chart says that the widths are proportional.
    """
    ax, own = _axes(ax)
    names, counts = list(stages), np.array(list(stages.values()), dtype="float64")
    top = counts.max() if counts.size and counts.max() > 0 else 1.0
    widths = counts / top
    rows = np.arange(len(names))
    # The edge, in the bar's colour, keeps a bar of less than a pixel visible (a zero has none).
    ax.barh(rows, widths, left=0.5 - widths / 2, height=0.7, color=COLORS[0], edgecolor=COLORS[0],
            linewidth=np.where(counts > 0, 2.5, 0))
    ax.set_xlim(0, 1)
    ax.set_yticks(rows, names)
    ax.invert_yaxis()
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0)
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    if own:
        ax.figure.tight_layout()
    figure = ax.figure
    width = ax.get_window_extent(_renderer(figure)).width
    for i, count in enumerate(counts):
        text = formatting.format_number(count)
        if i and counts[i - 1]:
            text += f" ({formatting.format_percent(count / counts[i - 1] * 100)} de l'étape d'avant)"
        inside = _text_box(figure, text, 12)[0] + _pixels(figure, 16) <= widths[i] * width
        if inside:
            ax.text(0.5, i, text, ha="center", va="center", color="white", fontsize=12, fontweight="bold")
        else:
            if _text_box(figure, text, 12)[0] + _pixels(figure, 12) > (1 - widths[i]) / 2 * width:
                text = text.replace(" (", "\n(", 1)
            ax.annotate(text, xy=(0.5 + widths[i] / 2, i), xytext=(8, 0), textcoords="offset points",
                        ha="left", va="center", color="black", fontsize=12)
    ax.set_title(title)
    ax.set_xlabel("La largeur de chaque barre est proportionnelle au nombre de l'étape.",
                  fontsize=11, color=NOTE_COLOR)
    if own:
        figure.tight_layout()
        plt.show()
