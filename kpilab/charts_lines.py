"""Line charts against periods, dates or month numbers, with marks for dates that matter.

Month ticks are thinned out until their labels fit side by side.

>>> _stacked(pd.period_range("2024-11", periods=4, freq="M"), [0, 2, 3])
['nov.\\n2024', 'janv.\\n2025', 'févr.']
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kpilab.charts_french import _MONTHS, FrenchDates, FrenchTicks, _labels, label, month_name
from kpilab.charts_layout import MARK_COLOR, _axes, _finish, _pixels, _renderer, _text_box, _two_lines
from kpilab.errors import KPIError

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
