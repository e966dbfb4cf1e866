"""Charts of the course: one idea each, French titles, labels and numbers.

Each function draws on ``ax`` when given one, else on a new figure that it
shows; it returns nothing, so a notebook cell shows only the chart. Axis
numbers use French formats (``3,2 %``, ``1 234 €``) and the sizes are set
for a projected classroom.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from kpilab import formatting

__all__ = ["bar", "line", "histogram", "heatmap", "funnel", "label", "DISPLAY", "FORMATS", "COLORS", "style"]

COLORS = ("#1f6f8b", "#e07a1f", "#4c9a2a", "#8c3b8f", "#c0392b", "#7f8c8d")
"""Colour-blind-friendly enough, readable on a projector."""


def _fmt(kind: str, digits: int):
    """A tick formatter: French numbers of the given kind (see formatting.format_value)."""

    def show(value, _position=None):
        return formatting.format_value(value, kind, digits)

    return show


FORMATS = ("percent", "euros", "days", "number")


def style() -> None:
    """The course's matplotlib settings: large fonts, light grid, no top/right frame."""
    plt.rcParams.update({
        "figure.figsize": (9, 4.8),
        "figure.dpi": 90,
        "font.size": 13,
        "axes.titlesize": 15,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.prop_cycle": matplotlib.cycler(color=COLORS),
    })


def _axes(ax):
    if ax is not None:
        return ax, False
    style()
    return plt.subplots()[1], True


def _finish(ax, title, xlabel, ylabel, own):
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if own:
        ax.figure.tight_layout()
        plt.show()


# How the data's codes read on a chart (the codes have no accents, French has).
DISPLAY = {
    "emailing": "e-mailing", "telephone": "téléphone", "linkedin": "LinkedIn", "salon": "salon",
    "courrier": "courrier", "campagne": "campagne", "site_web": "site web", "recommandation": "recommandation",
    "magasin": "magasin", "web": "web", "b2b": "B2B", "velotaf": "vélotaf", "sportif": "sportif",
    "famille": "famille", "occasionnel": "occasionnel", "entreprise": "entreprise", "particulier": "particulier",
    "sante": "santé", "collectivite": "collectivité", "btp": "BTP", "industrie": "industrie",
    "services": "services", "commerce": "commerce", "gagne": "gagné", "perdu": "perdu", "en_cours": "en cours",
    "velo_electrique": "vélo électrique", "velo_ville": "vélo de ville", "velo_route": "vélo de route",
    "vtt": "VTT", "casque": "casque", "antivol": "antivol", "accessoire": "accessoire", "entretien": "entretien",
}
_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def label(value) -> str:
    """How one index value reads on a chart: French words, French periods (T1 2024, mars 2025)."""
    if isinstance(value, tuple):
        return " · ".join(label(v) for v in value)
    if isinstance(value, pd.Period):
        code = value.freqstr[0]
        if code == "M":
            return f"{_MONTHS[value.month - 1]} {value.year}"
        if code == "Q":
            return f"T{value.quarter} {value.year}"
        if code == "Y" or code == "A":
            return str(value.year)
    return DISPLAY.get(str(value), str(value))


def _labels(index) -> list[str]:
    return [label(i) for i in index]


def bar(values: pd.Series, title: str, ylabel: str, kind: str = "number", *, xlabel: str = "",
        digits: int = 1, horizontal: bool = False, highlight=None, reference: float | None = None,
        reference_label: str = "", ax=None) -> None:
    """Bars with their value written on them (French format).

    ``highlight``: a label (or list) drawn in the accent colour;
    ``reference``: a horizontal line (e.g. the overall rate).
    """
    ax, own = _axes(ax)
    show = _fmt(kind, digits)
    labels = _labels(values.index)
    marked = {highlight} if isinstance(highlight, str) else set(highlight or ())
    marked = {label(m) for m in marked}  # a code ("velotaf") or its display ("vélotaf")
    colors = [COLORS[1] if text in marked else COLORS[0] for text in labels]
    heights = values.astype("float64").to_numpy()
    if horizontal:
        bars = ax.barh(labels, heights, color=colors)
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(FuncFormatter(_fmt(kind, 0)))
        ax.grid(axis="y", visible=False)
    else:
        bars = ax.bar(labels, heights, color=colors)
        ax.yaxis.set_major_formatter(FuncFormatter(_fmt(kind, 0)))
        ax.grid(axis="x", visible=False)
        if sum(len(text) for text in labels) > 70:  # only when the labels would overlap
            plt.setp(ax.get_xticklabels(), rotation=20, ha="right")
    ax.bar_label(bars, labels=[show(h) for h in heights], padding=3, fontsize=11,
                 bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})
    if reference is not None:
        draw = ax.axvline if horizontal else ax.axhline
        draw(reference, color=COLORS[4], linestyle="--", linewidth=1.5, label=reference_label or None)
        if reference_label:
            ax.legend(loc="best", fontsize=11)
    ax.margins(x=0.12) if horizontal else ax.margins(y=0.15)
    if horizontal:
        _finish(ax, title, ylabel, xlabel, own)
    else:
        _finish(ax, title, xlabel, ylabel, own)


def line(values, title: str, ylabel: str, kind: str = "number", *, xlabel: str = "", digits: int = 0,
         ax=None) -> None:
    """One line per column (or one for a Series), against periods or dates."""
    ax, own = _axes(ax)
    frame = values.to_frame() if isinstance(values, pd.Series) else values
    periods = isinstance(frame.index, pd.PeriodIndex)
    x = np.arange(len(frame)) if periods else frame.index
    for column in frame.columns:
        ax.plot(x, frame[column].astype("float64"), marker="o", linewidth=2, markersize=4, label=label(column))
    if periods:  # French period names, about eight of them along the axis
        step = max(1, int(np.ceil(len(frame) / 8)))
        ax.set_xticks(x[::step], _labels(frame.index[::step]))
    if frame.shape[1] > 1:
        ax.legend(fontsize=11, loc="best")
    ax.yaxis.set_major_formatter(FuncFormatter(_fmt(kind, digits)))
    _finish(ax, title, xlabel, ylabel, own)


def histogram(values, title: str, xlabel: str, *, bins: int = 30, marks: dict | None = None,
              ylabel: str = "Nombre", unit: str = "days", ax=None) -> None:
    """Distribution of a quantity, with vertical lines for marks (mean, median…)."""
    ax, own = _axes(ax)
    data = np.asarray(values, dtype="float64")
    ax.hist(data, bins=bins, color=COLORS[0], alpha=0.85, edgecolor="white")
    for (label, value), color in zip((marks or {}).items(), (COLORS[1], COLORS[2], COLORS[3])):
        ax.axvline(value, color=color, linewidth=2.5, linestyle="--",
                   label=f"{label} : {_fmt(unit, 1)(value)}")
    if marks:
        ax.legend(fontsize=11)
    ax.grid(axis="x", visible=False)
    _finish(ax, title, xlabel, ylabel, own)


def heatmap(matrix: pd.DataFrame, title: str, xlabel: str, ylabel: str, *, kind: str = "percent",
            digits: int = 0, ax=None) -> None:
    """A table of numbers as coloured cells (e.g. a cohort retention matrix)."""
    if ax is None:
        style()
        ax = plt.subplots(figsize=(min(2 + 0.55 * matrix.shape[1], 16), 1.5 + 0.38 * matrix.shape[0]))[1]
        own = True
    else:
        own = False
    data = matrix.astype("float64").to_numpy()
    image = ax.imshow(np.ma.masked_invalid(data), cmap="Blues", aspect="auto")
    show = _fmt(kind, digits)
    finite = data[np.isfinite(data)]
    low, high = (finite.min(), finite.max()) if finite.size else (0.0, 1.0)
    for (i, j), value in np.ndenumerate(data):
        if np.isfinite(value):
            dark = high > low and (value - low) / (high - low) > 0.6  # white text on the darkest blues
            ax.text(j, i, show(value).replace(" %", ""), ha="center", va="center", fontsize=9,
                    color="white" if dark else "black")
    ax.set_xticks(range(matrix.shape[1]), _labels(matrix.columns), fontsize=9)
    ax.set_yticks(range(matrix.shape[0]), _labels(matrix.index), fontsize=9)
    ax.grid(False)
    ax.figure.colorbar(image, ax=ax, format=FuncFormatter(_fmt(kind, 0)), fraction=0.03)
    _finish(ax, title, xlabel, ylabel, own)


def funnel(stages: dict, title: str, *, ax=None) -> None:
    """A sales funnel: one horizontal bar per stage, with the rate from the stage before.

    The bar widths follow a logarithmic scale (said under the chart), so that
    a stage with a hundred times fewer people stays visible.
    """
    ax, own = _axes(ax)
    labels, counts = list(stages), np.array(list(stages.values()), dtype="float64")
    top = np.log10(counts.max() + 1) if counts.max() > 0 else 1.0
    widths = np.log10(counts + 1) / top
    ax.barh(labels, widths, left=(1 - widths) / 2, color=COLORS[0])
    for i, (label, count) in enumerate(zip(labels, counts)):
        text = formatting.format_number(count)
        if i and counts[i - 1]:
            text += f"  ({formatting.format_percent(count / counts[i - 1] * 100)} de l'étape d'avant)"
        ax.text(0.5, i, text, ha="center", va="center", color="black", fontsize=11,
                bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"})
    ax.invert_yaxis()
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0)
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("Largeur des barres : échelle logarithmique", fontsize=10, color="#555")
    _finish(ax, title, ax.get_xlabel(), "", own)
