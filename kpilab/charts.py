"""Charts of the course: one idea each, French titles, labels and numbers.

Each function draws on ``ax`` when given one, else on a new figure that it
shows; it returns nothing, so a notebook cell shows only the chart. Axis
numbers use French formats (``3,2 %``, ``1 234 €``, months as ``janv.``,
``févr.``…) and the sizes are set for a projected classroom.

No text of a chart may run over another one: before drawing, the labels are
measured with the figure's renderer. Bar labels too long for their slot are
written on two lines, and when even that does not fit the bars are drawn
horizontally; month ticks are thinned out until they fit.

>>> label(pd.Period("2025-03", freq="M")), label("site_web"), month_name(8)
('mars 2025', 'site web', 'août')
"""

from __future__ import annotations

import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.ticker import Formatter

from kpilab import formatting
from kpilab.errors import KPIError

__all__ = ["bar", "line", "histogram", "heatmap", "funnel", "label", "month_name", "FrenchTicks", "FrenchDates",
           "DISPLAY", "FORMATS", "COLORS", "style"]

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


# --- French numbers on the axes ---------------------------------------------------------------

def _fmt(kind: str, digits: int):
    """A formatter for one value: a French number of the given kind (see formatting.format_value)."""

    def show(value, _position=None):
        return formatting.format_value(value, kind, digits)

    return show


def _decimals(locations, at_least: int = 0) -> int:
    """The fewest decimals (at least ``at_least``, at most 6) that write every tick exactly."""
    values = np.asarray([v for v in locations if np.isfinite(v)], dtype="float64")
    if values.size == 0:
        return at_least
    scale = max(1.0, float(np.abs(values).max()))
    for digits in range(at_least, 7):
        if np.all(np.abs(values - np.round(values, digits)) <= 1e-9 * scale):
            return digits
    return 6


class FrenchTicks(Formatter):
    """Tick labels in French format (``0,5 %``, ``1 200 €``), with as many decimals as the ticks
    need to be told apart (0,5 and 1 are not both written "1 %"), and at least ``digits``."""

    def __init__(self, kind: str = "number", digits: int = 0):
        self.kind, self.digits, self._digits = kind, digits, digits

    def set_locs(self, locs):
        super().set_locs(locs)
        self._digits = _decimals(locs, self.digits)

    def __call__(self, x, pos=None):
        return formatting.format_value(x, self.kind, self._digits)


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
_MONTHS = formatting.MONTHS


def month_name(month: int) -> str:
    """The French abbreviated name of a month number (1 = janv., 12 = déc.)."""
    if isinstance(month, bool) or not isinstance(month, (int, np.integer)) or not 1 <= month <= 12:
        raise KPIError(f"Un numéro de mois va de 1 (janvier) à 12 (décembre), pas {month!r}.")
    return _MONTHS[int(month) - 1]


def label(value) -> str:
    """How one index value reads on a chart: French words, French periods (T1 2024, mars 2025)."""
    if isinstance(value, tuple):
        return " · ".join(label(v) for v in value)
    if isinstance(value, pd.Period):
        return str(formatting.format_period(value))
    return DISPLAY.get(str(value), str(value))


def _labels(index) -> list[str]:
    return [label(i) for i in index]


# --- measuring text before drawing it ---------------------------------------------------------

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


# --- bars -------------------------------------------------------------------------------------

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


# --- lines ------------------------------------------------------------------------------------

def _is_months(index, months) -> bool:
    """Whether the index holds month numbers (1–12): said by ``months``, or by its name."""
    if months is not None:
        return bool(months)
    named = str(index.name).lower() in ("mois", "month")
    return named and pd.api.types.is_integer_dtype(index) and index.isin(range(1, 13)).all()


def _thinned(ax, positions, forms, span: float, aligned=None, most: int = 12) -> tuple[list, list]:
    """The ticks to keep and their labels: every ``step``-th tick, for the smallest step at which
    the labels fit side by side (at most ``most`` ticks).

    ``forms``: functions that give the labels of the kept ticks (their ranks),
    tried in turn at each step (e.g. ``janv. 2024``, then ``janv.`` with the
    year below). ``aligned``: each tick's rank in its year (0 = janvier), so
    that the kept ticks fall on janv., avr., juil., oct. rather than anywhere.
    """
    figure = ax.figure
    unit = ax.get_window_extent(_renderer(figure)).width / (span * (1 + 2 * plt.rcParams["axes.xmargin"]))
    size = plt.rcParams["xtick.labelsize"]
    gap = _pixels(figure, 8)
    steps = (1, 2, 3, 4, 6, 12) if aligned is not None else ()
    for step in (*steps, *range(1, len(positions) + 1)):
        keep = [i for i in range(len(positions)) if (aligned[i] if aligned is not None else i) % step == 0]
        if len(keep) > most:
            continue
        for form in forms:
            texts = form(keep)
            widths = [_text_box(figure, t, size)[0] for t in texts]
            if all((widths[k] + widths[k + 1]) / 2 + gap <= abs(positions[b] - positions[a]) * unit
                   for k, (a, b) in enumerate(zip(keep, keep[1:]))):
                return [positions[i] for i in keep], texts
    return [positions[0]], forms[0]([0])


def _stacked(index: pd.PeriodIndex, keep: list[int]) -> list[str]:
    """Labels of the kept periods with the year on a second line, only at the first one and at
    each January (or first quarter): ``janv.\n2024``, ``avr.``, ``juil.``…"""
    texts = []
    for rank, i in enumerate(keep):
        period = index[i]
        if period.freqstr[0] == "M":
            name, first = _MONTHS[period.month - 1], period.month == 1
        else:
            name, first = f"T{period.quarter}", period.quarter == 1
        texts.append(f"{name}\n{period.year}" if rank == 0 or first else name)
    return texts


class FrenchDates(Formatter):
    """Date ticks in French: ``janv. 2024`` when every tick is the first of a month, else ``15/03/2025``."""

    def set_locs(self, locs):
        super().set_locs(locs)
        self._monthly = all(mdates.num2date(x).day == 1 for x in locs)

    def __call__(self, x, pos=None):
        date = mdates.num2date(x)
        if getattr(self, "_monthly", False):
            return f"{_MONTHS[date.month - 1]} {date.year}"
        return formatting.format_date(date.strftime("%Y-%m-%d"))


def _mark_position(value, index, x, months: bool):
    """Where a mark (a date, a period, a month) falls on the x axis."""
    try:
        if isinstance(index, pd.PeriodIndex):
            period = value if isinstance(value, pd.Period) else pd.Period(value, freq=index.freq)
            return x[index.get_loc(period.asfreq(index.freq))]
        if months:
            if isinstance(value, str) and value in _MONTHS:
                return _MONTHS.index(value) + 1
            return value if isinstance(value, (int, np.integer)) else pd.Timestamp(value).month
        if isinstance(index, pd.DatetimeIndex):
            return pd.Timestamp(value)
        return value
    except (KeyError, ValueError, TypeError):
        raise KPIError(f"La marque {value!r} n'est pas sur l'axe du graphique : donne une période "
                       f"du tableau, par exemple {label(index[0])!r} sous la forme {str(index[0])!r}.") from None


def _draw_marks(ax, marks: dict, places: list, top: float) -> None:
    """Vertical dashed lines with their French label, in a band kept free above the data."""
    figure = ax.figure
    height = max(_text_box(figure, _two_lines(t), 11)[1] for t in marks) + _pixels(figure, 12)
    share = height / ax.get_window_extent(_renderer(figure)).height
    low, high = ax.get_ylim()
    ax.set_ylim(low, max(high, (top - share * low) / (1 - share)))
    left, right = ax.get_xlim()
    width = ax.get_window_extent(_renderer(figure)).width
    for text, place in zip(marks, places):
        ax.axvline(place, color=MARK_COLOR, linestyle="--", linewidth=1.8)
        where = (mdates.date2num(place) if isinstance(place, pd.Timestamp) else place)
        share_x = (where - left) / (right - left)
        room_right, room_left = (1 - share_x) * width, share_x * width
        need = _text_box(figure, text, 11)[0] + _pixels(figure, 12)
        if need > max(room_right, room_left):
            text = _two_lines(text)
            need = _text_box(figure, text, 11)[0] + _pixels(figure, 12)
        after = need <= room_right or room_right >= room_left
        ax.annotate(text, xy=(place, 1), xycoords=("data", "axes fraction"),
                    xytext=(6 if after else -6, -5), textcoords="offset points",
                    ha="left" if after else "right", va="top", fontsize=11, color=MARK_COLOR,
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.9, "pad": 1})


def line(values, title: str, ylabel: str, kind: str = "number", *, xlabel: str = "", digits: int = 0,
         months: bool | None = None, marks: dict | None = None, ax=None) -> None:
    """One line per column (or one for a Series), against periods, dates or months.

    Periods and dates read in French (``mars 2025``). ``months=True`` says
    that the index holds month numbers 1 to 12 (an index named ``mois`` is
    taken as such): they read ``janv.``, ``févr.``… ``marks``: ``{label: x}``,
    a vertical dashed line at ``x`` (a period such as ``"2025-03"``, a date,
    a month number) with its label written beside it. ``digits``: the fewest
    decimals on the value axis.
    """
    ax, own = _axes(ax)
    frame = values.to_frame() if isinstance(values, pd.Series) else values
    index = frame.index
    periods = isinstance(index, pd.PeriodIndex)
    monthly = not periods and _is_months(index, months)
    x = np.arange(len(frame)) if periods else index
    drawn = [ax.plot(x, frame[column].astype("float64"), marker="o", linewidth=2, markersize=4,
                     label=label(column))[0] for column in frame.columns]
    if len(drawn) > 1:  # beside the chart, never over a line, in the order of the lines' last values
        last = [pd.Series(frame[c].astype("float64").to_numpy()).ffill().iloc[-1] for c in frame.columns]
        order = sorted(range(len(drawn)), key=lambda i: -last[i] if np.isfinite(last[i]) else np.inf)
        ax.legend([drawn[i] for i in order], [drawn[i].get_label() for i in order], fontsize=11,
                  loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    if own:
        ax.figure.tight_layout()  # the axes' size, to measure the month names against
    if periods and len(frame):
        texts = _labels(index)
        forms, aligned = [lambda keep: [texts[i] for i in keep]], None
        if index.freqstr[0] in "MQ":
            forms.append(lambda keep: _stacked(index, keep))
            aligned = [p.month - 1 if index.freqstr[0] == "M" else p.quarter - 1 for p in index]
        ax.set_xticks(*_thinned(ax, list(x), forms, max(len(frame) - 1, 1), aligned, most=8))
    elif monthly and len(frame):
        numbers = [int(m) for m in index]
        ax.set_xticks(*_thinned(ax, numbers, [lambda keep: [month_name(numbers[i]) for i in keep]],
                                max(np.ptp(numbers), 1), [m - 1 for m in numbers]))
    elif isinstance(index, pd.DatetimeIndex):
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=7))
        ax.xaxis.set_major_formatter(FrenchDates())
    ax.yaxis.set_major_formatter(FrenchTicks(kind, digits))
    if marks:
        places = [_mark_position(value, index, x, monthly) for value in marks.values()]
        _draw_marks(ax, marks, places, np.nanmax(frame.astype("float64").to_numpy()))
    _finish(ax, title, xlabel, ylabel, own)


# --- distributions, tables, funnel ------------------------------------------------------------

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
