"""The charts' look and the room their texts take: the course style, measuring text before drawing it.

No text of a chart may run over another one: labels are measured with the
figure's renderer, titles and axis titles go on two lines when they are
longer than their room, and a title stays inside its figure.

>>> COLORS[0], _two_lines("taux de conversion par canal")
('#1f6f8b', 'taux de conversion\\npar canal')
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text

COLORS = ("#1f6f8b", "#e07a1f", "#4c9a2a", "#8c3b8f", "#c0392b", "#7f8c8d")
"""Colour-blind-friendly enough, readable on a projector."""

NBSP = "\u00a0"  # French typography: a no-break space before ":" and inside « »
MARK_COLOR = "#333333"  # dashed lines that mark a date or a value
NOTE_COLOR = "#333333"  # small notes under a chart (dark enough for a projector)

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


def _renderer(figure):
    get = getattr(figure.canvas, "get_renderer", None)
    return get() if get is not None else figure._get_renderer()


def _points(size) -> float:
    """A font size from rcParams ("medium", 11…) in points."""
    return FontProperties(size=size).get_size_in_points()


def _text_box(figure, text: str, size, weight="normal"):
    """(width, height) in pixels of ``text`` drawn at ``size`` on ``figure``."""
    probe = Text(0, 0, text, fontsize=_points(size), fontweight=weight)
    probe.set_figure(figure)
    box = probe.get_window_extent(_renderer(figure))
    return box.width, box.height


def _pixels(figure, points: float) -> float:
    return points * figure.dpi / 72


def _two_lines(text: str) -> str:
    """``text`` cut at the space that best balances two lines (unchanged without a space)."""
    for separator in (" · ", " "):
        parts = text.split(separator)
        if len(parts) > 1:
            cuts = [(separator.join(parts[:i]), separator.join(parts[i:])) for i in range(1, len(parts))]
            first, second = min(cuts, key=lambda cut: max(len(cut[0]), len(cut[1])))
            return f"{first}{separator.rstrip()}\n{second}"
    return text


def _axes(ax):
    if ax is not None:
        return ax, False
    style()
    return plt.subplots()[1], True


def _fit_axis_label(ax, text: str, along: str) -> str:
    """An axis title on two lines when it is longer than its axis."""
    if not text:
        return text
    box = ax.get_window_extent(_renderer(ax.figure))
    room = box.width if along == "x" else box.height
    width, _ = _text_box(ax.figure, text, plt.rcParams["axes.labelsize"])
    return _two_lines(text) if width > room else text


def _title_inside(ax) -> None:
    """Keep the title inside the figure: on two lines when it is wider than the figure, and
    centred on the figure instead of the axes when it would run out of it."""
    figure = ax.figure
    box = ax.title.get_window_extent(_renderer(figure))
    if box.width > figure.bbox.width - _pixels(figure, 8):
        ax.title.set_text(_two_lines(ax.title.get_text()))
        figure.tight_layout()
        box = ax.title.get_window_extent(_renderer(figure))
    if box.x0 < figure.bbox.x0 or box.x1 > figure.bbox.x1:
        axes = ax.get_window_extent(_renderer(figure))
        ax.title.set_x((figure.bbox.width / 2 - axes.x0) / axes.width)


def _finish(ax, title, xlabel, ylabel, own):
    ax.set_title(title)
    if own:  # the axes' final size, to know whether an axis title fits
        ax.figure.tight_layout()
    ax.set_xlabel(_fit_axis_label(ax, xlabel, "x"))
    ax.set_ylabel(_fit_axis_label(ax, ylabel, "y"))
    if own:
        ax.figure.tight_layout()
        _title_inside(ax)
        ax.figure.tight_layout()
        plt.show()
