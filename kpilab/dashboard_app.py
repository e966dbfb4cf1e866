"""The dashboard's pictures: its charts, its tiles drawn with matplotlib, and the export.

:mod:`kpilab.dashboard` computes the numbers (:func:`~kpilab.dashboard.summary`,
:func:`~kpilab.dashboard.chart_data`); this module draws them. The widget of
lesson 08 and the Voilà app (``apps/tableau_de_bord.ipynb``, ``make dashboard``)
show :func:`charts_png`; the "Exporter" button calls :func:`export_view`, which
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

from kpilab import charts, dashboard, formatting
from kpilab.errors import KPIError

__all__ = ["draw_charts", "charts_png", "draw_tiles", "view_figure", "export_name", "export_view", "period_text"]

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
PREVIOUS_COLOUR = "#9aa5ad"
"""The year before, in grey: the year shown stays the course's blue."""


# --- the charts ------------------------------------------------------------------------------


def _euros(value, _position=None) -> str:
    """Axis ticks: ``1,2 M€``, ``350 k€``, ``900 €``: short enough for a small chart."""
    if abs(value) >= 1_000_000:
        return f"{formatting.format_number(value / 1_000_000, digits=1)} M€"
    if abs(value) >= 1_000:
        return f"{formatting.format_number(value / 1_000)} k€"
    return formatting.format_euros(value, digits=0)


def draw_charts(axes, numbers: dict, year: int) -> None:
    """The two charts behind the tiles, on two matplotlib axes.

    Left: revenue HT per month of ``year`` against the year before (the
    season stays visible). Right: revenue HT of ``year`` per product category.
    ``numbers`` is :func:`kpilab.dashboard.chart_data` of the scope.
    """
    left, right = axes
    monthly = numbers["mensuel"]
    for column in sorted(monthly.columns):
        current = column == year
        left.plot(range(1, 13), monthly[column].to_numpy(), marker="o", markersize=3.5, label=str(column),
                  linewidth=2.2 if current else 1.6, color=charts.COLORS[0] if current else PREVIOUS_COLOUR,
                  zorder=3 if current else 2)
    left.set_xticks(range(1, 13), _MONTHS, fontsize=8.5)
    left.yaxis.set_major_formatter(FuncFormatter(_euros))
    left.set_ylim(bottom=0)
    left.set_title(f"Chiffre d'affaires HT par mois ({year} et {year - 1})" if (year - 1) in monthly.columns
                   else f"Chiffre d'affaires HT par mois ({year})")
    left.set_ylabel("CA HT (€)")
    left.legend(fontsize=9, loc="upper left", frameon=False)

    categories = numbers["categories"]
    labels = [charts.label(c) for c in categories.index]
    bars = right.barh(labels, categories.to_numpy(), color=charts.COLORS[0])
    right.invert_yaxis()
    right.grid(axis="y", visible=False)
    right.xaxis.set_major_locator(MaxNLocator(nbins=4))
    right.xaxis.set_major_formatter(FuncFormatter(_euros))
    right.bar_label(bars, labels=[_euros(v) for v in categories], padding=3, fontsize=8.5)
    right.margins(x=0.2)
    right.tick_params(axis="y", labelsize=9)
    right.set_title(f"Chiffre d'affaires HT {year} par catégorie")
    right.set_xlabel("CA HT (€)")


def charts_png(numbers: dict, year: int, *, width: float = 11.0, dpi: int = 80) -> bytes:
    """The two charts side by side as PNG bytes (for an ipywidgets Image)."""
    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(width, 3.4), dpi=dpi)
        # Fixed margins rather than a layout engine: a filter change must redraw fast.
        left = figure.add_axes((0.075, 0.16, 0.47, 0.72))
        right = figure.add_axes((0.68, 0.16, 0.27, 0.72))
        draw_charts((left, right), numbers, year)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


# --- the tiles as a figure ---------------------------------------------------------------------


def draw_tiles(ax, table: pd.DataFrame, columns: int = 5) -> None:
    """The tiles of :func:`kpilab.dashboard.tiles_html`, drawn on one matplotlib axes.

    Each tile: the KPI, its value, the arrow and the change (green when good
    news, red when bad), the value of the year before.
    """
    year = table.attrs.get("annee")
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
        digits = dashboard._digits(code)
        ax.text(x + 0.08, y + 0.54, dashboard.format_value(row["valeur"], row["unite"], digits), va="center",
                ha="left", fontsize=13.5, fontweight="bold", color="#111111")
        if pd.isna(row["evolution"]):
            ax.text(x + 0.08, y + 0.78, f"pas de comparaison avec {year - 1}" if year else "pas de comparaison",
                    va="center", ha="left", fontsize=7.4, color=dashboard.NEUTRAL)
            continue
        arrow, colour = dashboard._trend(row)
        change = dashboard.format_change(row["evolution"], row["unite_evolution"])
        ax.text(x + 0.08, y + 0.75, f"{arrow} {change}".strip(), va="center", ha="left", fontsize=8.8,
                fontweight="bold", color=colour)
        before = dashboard.format_value(row["valeur_precedente"], row["unite"], digits)
        ax.text(x + 0.08, y + 0.87, f"en {year - 1} : {before}", va="center", ha="left", fontsize=7.2,
                color=dashboard.NEUTRAL)


# --- the whole view, on one page ----------------------------------------------------------------


def _filters_text(table: pd.DataFrame) -> str:
    canal = table.attrs.get("canal")
    point = table.attrs.get("point_de_vente")
    segment = table.attrs.get("segment")
    return " · ".join([
        f"Canal : {dashboard.CHANNEL_LABELS.get(canal, canal) if canal else 'tous'}",
        f"Point de vente : {point or 'tous'}",
        f"Segment : {dashboard.SEGMENT_LABELS.get(segment, segment) if segment else 'tous les clients'}",
    ])


def period_text(numbers: dict, year: int) -> str:
    """Which orders the view covers, from the data (never today's date)."""
    first, last = numbers["dates"][year]
    text = f"Commandes du {formatting.format_date(first)} au {formatting.format_date(last)}"
    if year - 1 in numbers["dates"]:
        before_first, before_last = numbers["dates"][year - 1]
        return (f"{text}, comparées à celles du {formatting.format_date(before_first)} "
                f"au {formatting.format_date(before_last)}.")
    return f"{text} ; pas d'année précédente dans les données, donc pas d'évolution."


def view_figure(table: pd.DataFrame, numbers: dict) -> Figure:
    """The current view as one A4 landscape page: title, filters, period, tiles, charts."""
    year = table.attrs["annee"]
    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(11.69, 8.27))
        figure.text(0.035, 0.955, f"Tableau de bord de Roue Libre — {year}", fontsize=18, fontweight="bold",
                    va="baseline")
        figure.text(0.035, 0.922, _filters_text(table), fontsize=11, va="baseline", color="#222222")
        figure.text(0.035, 0.895, period_text(numbers, year), fontsize=9.5, va="baseline", color="#555555")
        rows = max(1, -(-len(table) // 5))
        tiles_bottom = 0.875 - 0.145 * rows
        draw_tiles(figure.add_axes((0.03, tiles_bottom, 0.94, 0.875 - tiles_bottom)), table)
        charts_top = tiles_bottom - 0.07  # room for the charts' titles
        left = figure.add_axes((0.075, 0.085, 0.47, charts_top - 0.085))
        right = figure.add_axes((0.665, 0.085, 0.275, charts_top - 0.085))
        draw_charts((left, right), numbers, year)
        figure.text(0.035, 0.014, "Flèche et couleur : vert = bonne nouvelle, rouge = mauvaise nouvelle (une hausse "
                    "de l'attrition ou du cycle de vente est une mauvaise nouvelle).\nLes taux évoluent en points, "
                    "les montants et les nombres en %. Données fictives de Roue Libre (KPI Lab).",
                    fontsize=7.5, color="#555555", va="baseline", linespacing=1.4)
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
    table = dashboard.summary(year, point_de_vente, segment, canal, data=data)
    numbers = dashboard.chart_data(year, point_de_vente, segment, canal, data=data)
    figure = view_figure(table, numbers)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise KPIError(f"Impossible de créer le dossier d'export {str(folder)!r} : {error.strerror}.") from None
    attrs = table.attrs
    png, pdf = _reserve(folder, export_name(attrs["annee"], attrs.get("canal"), attrs["point_de_vente"],
                                            attrs["segment"]))
    metadata = {"Title": f"Tableau de bord de Roue Libre — {attrs['annee']}", "Creator": "KPI Lab"}
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
