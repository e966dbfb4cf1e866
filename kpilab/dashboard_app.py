"""The dashboard's pictures: its charts, its tiles drawn with matplotlib, and the export.

:mod:`kpilab.dashboard` computes the numbers (:func:`~kpilab.dashboard.summary`,
:func:`~kpilab.dashboard.chart_data`); this module draws them. The widget of
lesson 08 and the Voilà app (``apps/tableau_de_bord.ipynb``, ``make dashboard``)
show :class:`ChartsPicture`; the "Exporter" button calls :func:`export_view`, which
writes the current view as a one-page PNG and a one-page PDF (A4 landscape)
for a student's exam file.

Figures are built with :class:`matplotlib.figure.Figure`, never with pyplot:
nothing is shown by accident in a notebook and no figure stays in memory.
"""

from __future__ import annotations

import io
import os
import re
import textwrap
import unicodedata
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from kpilab import charts, formatting
from kpilab.dashboard_numbers import chart_data, digits, summary
from kpilab.dashboard_text import CHANNEL_LABELS, SEGMENT_LABELS, dashboard_title, format_change, format_value
from kpilab.dashboard_tiles import NEUTRAL, trend
from kpilab.errors import KPIError

__all__ = ["Charts", "ChartsPicture", "draw_charts", "draw_tiles", "view_figure", "export_name", "export_view", "period_text"]

_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
_STYLE = {
    "font.size": 10,
    "axes.titlesize": 11.5,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
}
"""The course style at a size for a page or half a screen."""
COURSE_DATA = " Données fictives de Roue Libre (KPI Lab)."
"""The last sentence of the exported page's legend, on the course data only."""
FOOTER = ("Flèche et couleur\u00a0: vert = bonne nouvelle, rouge = mauvaise nouvelle (une hausse de l'attrition ou "
          "du cycle médian est une mauvaise nouvelle), gris = une évolution qui ne se juge pas seule (le cycle moyen "
          "se lit avec le cycle médian). Les taux évoluent en points, les montants et les nombres en %.")
"""The legend at the foot of the exported page."""
PREVIOUS_COLOUR = "#9aa5ad"
"""The year before, in grey: the year shown stays the course's blue."""


# --- the charts ------------------------------------------------------------------------------


def _euros(value, _position=None) -> str:
    """Axis ticks: ``1,2 M€``, ``350 k€``, ``900 €``: short enough for a small chart."""
    if abs(value) >= 1_000_000:
        return f"{formatting.format_number(value / 1_000_000, digits=1)}\u202fM€"
    if abs(value) >= 1_000:
        return f"{formatting.format_number(value / 1_000)}\u202fk€"
    return formatting.format_euros(value, digits=0)


def _tick(value, _position=None) -> str:
    """An axis tick as :func:`_euros`, with decimals for a small shop's ticks between two thousands (``1,25 k€``)."""
    if 1_000 <= abs(value) < 10_000 and value % 1_000:
        return f"{formatting.format_number(value / 1_000, digits=2 if value % 100 else 1)}\u202fk€"
    return _euros(value)


class Charts:
    """The two charts behind the tiles, on two matplotlib axes, redrawn in place.

    Left: revenue HT per month of the year against the year before (the
    season stays visible). Right: revenue HT of the year per product
    category. The axes, the lines and their ticks are made once; :meth:`show`
    changes only what depends on the scope (data, limits, titles, bars), so a
    filter change redraws without building a new figure. The titles and axis
    labels sit at fixed places rather than being placed by matplotlib at each
    draw, and there are no axis labels (the titles name the amount, the ticks
show k€ or M€): together this halves the time of a redraw.
    """

    def __init__(self, left, right):
        self.left, self.right = left, right
        months = range(1, 13)
        self.now, = left.plot(months, [0] * 12, marker="o", markersize=3.5, linewidth=2.2,
                              color=charts.COLORS[0], zorder=3)
        self.before, = left.plot(months, [0] * 12, marker="o", markersize=3.5, linewidth=1.6,
                                 color=PREVIOUS_COLOUR, zorder=2)
        left.set_xticks(months, _MONTHS, fontsize=8.5)
        left.yaxis.set_major_formatter(FuncFormatter(_tick))
        right.grid(axis="y", visible=False)
        right.xaxis.set_major_locator(MaxNLocator(nbins=4))
        right.xaxis.set_major_formatter(FuncFormatter(_tick))
        right.tick_params(axis="y", labelsize=9)
        self.bars, self.values = None, []

    def show(self, numbers: dict, year: int) -> None:
        """Draw the numbers of :func:`kpilab.dashboard.chart_data` for ``year``."""
        left, right = self.left, self.right
        monthly = numbers["mensuel"]
        previous = (year - 1) in monthly.columns
        self.now.set_ydata(monthly[year].to_numpy())
        self.now.set_label(str(year))
        self.before.set_visible(previous)
        if previous:
            self.before.set_ydata(monthly[year - 1].to_numpy())
            self.before.set_label(str(year - 1))
        top = monthly[[year, year - 1] if previous else [year]].max().max()
        left.set_ylim(0, top * 1.08 if top > 0 else 1)
        left.set_title(f"Chiffre d'affaires HT par mois ({year} et {year - 1})" if previous
                       else f"Chiffre d'affaires HT par mois ({year})", y=1, pad=6)
        left.legend(handles=[self.now, self.before] if previous else [self.now], fontsize=9, loc="upper left",
                    frameon=False)

        if self.bars is not None:
            self.bars.remove()
            for text in self.values:
                text.remove()
        categories = numbers["categories"]
        positions = range(len(categories))
        self.bars = right.barh(positions, categories.to_numpy(), color=charts.COLORS[0])
        right.set_yticks(positions, [charts.label(c) for c in categories.index])
        right.set_ylim(max(len(categories), 1) - 0.5, -0.5)  # the largest on top
        self.values = right.bar_label(self.bars, labels=[_euros(v) for v in categories], padding=3, fontsize=8.5)
        right.set_xlim(0, categories.max() * 1.25 if len(categories) and categories.max() > 0 else 1)
        right.set_title(f"Chiffre d'affaires HT {year} par catégorie" if len(categories) else
                        "Pas de catégories (tableau lignes_commande)", y=1, pad=6)
        right.xaxis.set_visible(bool(len(categories)))  # no axis of euros without bars


def draw_charts(axes, numbers: dict, year: int) -> Charts:
    """The two charts of :class:`Charts` on two matplotlib axes (left, right), drawn once."""
    drawn = Charts(*axes)
    drawn.show(numbers, year)
    return drawn


class ChartsPicture:
    """The charts side by side as an SVG picture (for an ipywidgets Image), one figure kept for every scope.

    SVG rather than PNG: the text stays text (the browser draws it, sharp on a
    projector) and a redraw skips rasterising, which makes it about a third
    faster.

    >>> from kpilab import dashboard
    >>> picture = ChartsPicture()
    >>> picture.render(chart_data(2025), 2025)[:5]
    b'<?xml'
    """

    def __init__(self, width: float = 11.0, height: float = 3.4):
        with matplotlib.rc_context(_STYLE):
            self.figure = Figure(figsize=(width, height), dpi=72)
            # Fixed margins rather than a layout engine: a filter change must redraw fast.
            self.charts = Charts(self.figure.add_axes((0.075, 0.11, 0.47, 0.77)),
                                 self.figure.add_axes((0.68, 0.11, 0.27, 0.77)))

    def render(self, numbers: dict, year: int) -> bytes:
        """The SVG bytes of the charts of one scope."""
        with matplotlib.rc_context({**_STYLE, "svg.fonttype": "none", "svg.hashsalt": "kpilab"}):
            self.charts.show(numbers, year)
            buffer = io.BytesIO()
            self.figure.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()


# --- the tiles as a figure ---------------------------------------------------------------------


def tile_notes(table: pd.DataFrame) -> dict[str, int]:
    """{note: its number}: the tiles' notes, numbered in the order of the tiles (a note shared by two
    tiles, as retention and churn, has one number)."""
    numbers: dict[str, int] = {}
    for note in table["note"] if "note" in table else []:
        if note and note not in numbers:
            numbers[note] = len(numbers) + 1
    return numbers


def draw_tiles(ax, table: pd.DataFrame, columns: int = 5) -> None:
    """The tiles of :func:`kpilab.dashboard.tiles_html`, drawn on one matplotlib axes.

    Each tile: the KPI, its value, the arrow and the change (green when good
    news, red when bad, grey when not judged), the value of the year before,
    and the number of its note, ``(1)``, when it has one (the notes are
    written under the page, see :func:`view_figure`).
    """
    year = table.attrs.get("annee")
    numbers = tile_notes(table)
    rows = max(1, -(-len(table) // columns))
    ax.set_xlim(0, columns)
    ax.set_ylim(rows, 0)
    ax.set_axis_off()
    for i, (code, row) in enumerate(table.iterrows()):
        x, y = i % columns, i // columns
        ax.add_patch(FancyBboxPatch((x + 0.03, y + 0.05), 0.94, 0.9, boxstyle="round,pad=0,rounding_size=0.04",
                                    facecolor="#fafafa", edgecolor="#c8c8c8", linewidth=0.8))
        label = "\n".join(textwrap.wrap(row["libelle"], 30)[:2])
        ax.text(x + 0.08, y + 0.12, label, va="top", ha="left", fontsize=7.6, color="#333333", linespacing=1.15)
        note = row.get("note", "") or ""
        if note:
            ax.text(x + 0.93, y + 0.54, f"({numbers[note]})", va="center", ha="right", fontsize=8,
                    color=NEUTRAL)
        shown_digits = digits(code)
        ax.text(x + 0.08, y + 0.54, format_value(row["valeur"], row["unite"], shown_digits), va="center",
                ha="left", fontsize=13.5, fontweight="bold", color="#111111")
        if pd.isna(row["evolution"]):
            ax.text(x + 0.08, y + 0.78, f"pas de comparaison avec {year - 1}" if year else "pas de comparaison",
                    va="center", ha="left", fontsize=7.4, color=NEUTRAL)
            continue
        arrow, colour = trend(row)
        change = format_change(row["evolution"], row["unite_evolution"])
        ax.text(x + 0.08, y + 0.75, f"{arrow} {change}".strip(), va="center", ha="left", fontsize=8.8,
                fontweight="bold", color=colour)
        before = format_value(row["valeur_precedente"], row["unite"], shown_digits)
        ax.text(x + 0.08, y + 0.87, f"en {year - 1} : {before}", va="center", ha="left", fontsize=7.2,
                color=NEUTRAL)


# --- the whole view, on one page ----------------------------------------------------------------


def _filters_text(table: pd.DataFrame) -> str:
    canal = table.attrs.get("canal")
    point = table.attrs.get("point_de_vente")
    segment = table.attrs.get("segment")
    return " · ".join([
        f"Canal : {CHANNEL_LABELS.get(canal, canal) if canal else 'tous'}",
        f"Point de vente : {point or 'tous'}",
        f"Segment : {SEGMENT_LABELS.get(segment, segment) if segment else 'tous les clients'}",
    ])


def period_text(numbers: dict, year: int) -> str:
    """Which orders the view covers, from the data (never today's date)."""
    first, last = numbers["dates"][year]
    text = f"Commandes du {formatting.format_date(first)} au {formatting.format_date(last)}"
    if year - 1 in numbers["dates"]:
        before_first, before_last = numbers["dates"][year - 1]
        return (f"{text}, comparées à celles du {formatting.format_date(before_first)} "
                f"au {formatting.format_date(before_last)}.")
    return f"{text} ; pas d'année précédente dans les données, donc pas d'évolution."


def view_figure(table: pd.DataFrame, numbers: dict) -> Figure:
    """The current view as one A4 landscape page: title, filters, period, tiles, charts."""
    year = table.attrs["annee"]
    own = table.attrs.get("donnees") == "propres"
    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(11.69, 8.27))
        figure.text(0.035, 0.955, f"{dashboard_title(own)} — {year}", fontsize=18, fontweight="bold",
                    va="baseline")
        figure.text(0.035, 0.922, _filters_text(table), fontsize=11, va="baseline", color="#222222")
        figure.text(0.035, 0.895, period_text(numbers, year), fontsize=9.5, va="baseline", color="#555555")
        rows = max(1, -(-len(table) // 5))
        tiles_bottom = 0.875 - 0.145 * rows
        draw_tiles(figure.add_axes((0.03, tiles_bottom, 0.94, 0.875 - tiles_bottom)), table)
        footer = [FOOTER + ("" if own else COURSE_DATA)] + [f"({n}) {note}" for note, n in tile_notes(table).items()]
        footer += table.attrs.get("remarques", []) + table.attrs.get("notes", [])
        lines = [line for text in footer for line in textwrap.wrap(text, 190)]
        bottom = 0.05 + 0.0176 * len(lines)  # the footer's lines, then the charts' axis labels
        charts_top = tiles_bottom - 0.07  # room for the charts' titles
        left = figure.add_axes((0.075, bottom, 0.47, charts_top - bottom))
        right = figure.add_axes((0.665, bottom, 0.275, charts_top - bottom))
        draw_charts((left, right), numbers, year)
        figure.text(0.035, 0.014, "\n".join(lines), fontsize=7.5, color="#555555", va="baseline",
                    linespacing=1.4)  # the baseline of the last line
    return figure


# --- the export ---------------------------------------------------------------------------------


def _slug(text: str) -> str:
    """``Croix-Rousse`` → ``croix-rousse``, ``Vélotaf`` → ``velotaf``: safe in a file name."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def export_name(year, canal=None, point_de_vente=None, segment=None) -> str:
    """The French file name of a view, without suffix:
    ``tableau-de-bord_2025_tous-canaux_croix-rousse_tous-segments``."""
    return "_".join([
        "tableau-de-bord",
        str(year),
        _slug(canal) if canal else "tous-canaux",
        _slug(point_de_vente) if point_de_vente else "tous-points-de-vente",
        _slug(segment) if segment else "tous-segments",
    ])


def _reserve(folder: Path, name: str) -> tuple[Path, Path]:
    """Create two new empty files ``name.png`` and ``name.pdf`` (``name-2``… when taken)."""
    number = 1
    while True:
        stem = name if number == 1 else f"{name}-{number}"
        png, pdf = folder / f"{stem}.png", folder / f"{stem}.pdf"
        try:
            with open(png, "xb"):
                pass
        except FileExistsError:
            number += 1
            continue
        try:
            with open(pdf, "xb"):
                pass
        except FileExistsError:
            png.unlink()
            number += 1
            continue
        return png, pdf


def export_view(year=2025, canal=None, point_de_vente=None, segment=None, folder="exports", *,
                data=None, dpi: int = 150) -> tuple[Path, Path]:
    """Write the dashboard of a scope as a one-page PNG and a one-page PDF; return their paths.

    The page holds the title, the filters, the dates of the orders it covers
    (taken from the data, never today's date), the tiles and the charts. The
    files go into ``folder`` (created when missing) under a French name built
    from the filters (:func:`export_name`); an existing export is never
    overwritten: the new one gets ``-2``, ``-3``… A bad filter raises a
    :class:`~kpilab.errors.KPIError` with a French message, and writes nothing.
    """
    table = summary(year, point_de_vente, segment, canal, data=data)
    numbers = chart_data(year, point_de_vente, segment, canal, data=data)
    figure = view_figure(table, numbers)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise KPIError(f"Impossible de créer le dossier d'export {str(folder)!r} : {error.strerror}.") from None
    attrs = table.attrs
    png, pdf = _reserve(folder, export_name(attrs["annee"], attrs.get("canal"), attrs["point_de_vente"],
                                            attrs["segment"]))
    metadata = {"Title": f"{dashboard_title(attrs.get('donnees') == 'propres')} — {attrs['annee']}",
                "Creator": "KPI Lab"}
    try:
        figure.savefig(png, format="png", dpi=dpi, metadata={"Title": metadata["Title"], "Software": None})
        # No creation date in the PDF: the same view gives the same bytes.
        figure.savefig(pdf, format="pdf", metadata={**metadata, "CreationDate": None, "Producer": None})
    except BaseException:
        for path in (png, pdf):
            if path.exists():
                os.remove(path)
        raise
    return png, pdf
