"""The dashboard as ipywidgets: the simulator of lesson 08 and the Voilà app (``make dashboard``).

:func:`dashboard` lays out four menus, the tiles of
:func:`~kpilab.dashboard_tiles.tiles_html`, the charts drawn by
:mod:`kpilab.dashboard_app` and an export button. It holds no KPI logic: the
numbers come from :mod:`kpilab.dashboard_numbers`. ipywidgets and matplotlib
are imported when the widget is built, so ``import kpilab.dashboard`` stays
light.
"""

from __future__ import annotations

import html

from kpilab.dashboard_numbers import chart_data_of, summary_of
from kpilab.dashboard_scope import dashboard_tables, data_years, is_own, menu_options, points_of, scope_of, segments_of
from kpilab.dashboard_text import CHANNEL_LABELS, SEGMENT_LABELS, dashboard_title
from kpilab.dashboard_tiles import GOOD, error_html, tiles_html
from kpilab.errors import KPIError

__all__ = ["dashboard"]


def dashboard(data=None, *, title: bool = True, export_folder="exports"):
    """The dashboard as ipywidgets: the lesson 08 simulator and the Voilà app.

    Four menus (year, channel, point of sale, segment), the KPI tiles of
    :func:`tiles_html`, the charts of :func:`chart_data` (drawn by
    :mod:`kpilab.dashboard_app`) and an "Exporter" button that writes the
    current view as a one-page PNG and PDF into ``export_folder`` (see
    :func:`kpilab.dashboard_app.export_view`). Choosing a channel keeps only
    its points of sale in the point-of-sale menu.

    ``data``: the user's own tables, as for :func:`~kpilab.dashboard_numbers.summary`
    (only ``commandes`` is required); the menus then list the user's years,
    channels, points of sale and segments only (a menu without any is
    greyed out), the last year is shown first and the tiles' notes say what
    the data lack.

    Every change of a menu recomputes the scope and redraws tiles and charts
    (plain HTML and an SVG picture, no JavaScript of ours); the tiles are sent
    first, so they show while the charts are drawn. The tiles and charts of a
    scope are kept once computed: going back to a scope already seen only
    redraws. The box has ``menus``, ``output``, ``charts``, ``export``,
    ``status`` and ``update`` attributes, for tests.
    """
    import ipywidgets as widgets

    from kpilab import dashboard_app

    tabs = dashboard_tables(data)
    commandes = tabs["commandes"]
    years = data_years(tabs)
    if not years:
        raise KPIError("Aucune commande datée dans le tableau commandes : la colonne date est vide.")
    points, channels = (menu_options(commandes[c]) if c in commandes else [] for c in ("point_de_vente", "canal"))
    segments = segments_of(tabs)
    style, layout = {"description_width": "initial"}, widgets.Layout(width="auto")

    def point_options(canal):
        shown = [p for p in points if not canal or p in points_of(tabs, canal)]
        return [("Tous", "")] + [(p, p) for p in shown]

    menus = {
        "year": widgets.Dropdown(options=[(str(y), y) for y in years], value=years[-1],
                                 description="Année", style=style, layout=layout),
        "canal": widgets.Dropdown(options=[("Tous", "")] + [(CHANNEL_LABELS.get(c, c), c) for c in channels],
                                  value="", description="Canal", style=style, layout=layout),
        "point_de_vente": widgets.Dropdown(options=point_options(""), value="",
                                           description="Point de vente", style=style, layout=layout),
        "segment": widgets.Dropdown(options=[("Tous", "")] + [(SEGMENT_LABELS.get(s, s), s) for s in segments],
                                    value="", description="Segment", style=style, layout=layout),
    }
    for name, options in (("canal", channels), ("point_de_vente", points), ("segment", segments)):
        menus[name].disabled = not options  # the data have no such column: nothing to choose
    output = widgets.HTML()
    picture = widgets.Image(format="svg+xml", layout=widgets.Layout(width="100%", max_width="1000px"))
    export = widgets.Button(description="Exporter (PNG et PDF)", button_style="primary",
                            tooltip="Enregistre cette vue sur une page, en PNG et en PDF, dans le dossier "
                                    f"{export_folder}/", layout=widgets.Layout(width="auto", flex="0 0 auto"))
    status = widgets.HTML()
    pictures = dashboard_app.ChartsPicture()
    views: dict[tuple, tuple[str, bytes | None]] = {}  # scope -> (tiles, charts); no charts for an error
    quiet = [False]  # True while the channel menu rewrites the point-of-sale menu

    def scope() -> tuple:
        return (menus["year"].value, menus["point_de_vente"].value or None, menus["segment"].value or None,
                menus["canal"].value or None)

    def view(key: tuple) -> tuple[str, bytes | None]:
        if key not in views:
            try:
                scoped = scope_of(tabs, *key)
                tiles = tiles_html(summary_of(tabs, scoped))
                output.value = tiles  # the browser shows the tiles while the charts are drawn
                views[key] = (tiles, pictures.render(chart_data_of(tabs, scoped), scoped.year))
            except KPIError as error:
                views[key] = (error_html(error), None)
        return views[key]

    def update(_change=None):
        if quiet[0]:
            return
        tiles, svg = view(scope())
        output.value = tiles
        if svg is None:
            picture.layout.display = "none"
        else:
            picture.value = svg
            picture.layout.display = None
        export.disabled = svg is None
        status.value = ""

    def channel_changed(change):
        menu = menus["point_de_vente"]
        chosen = menu.value
        quiet[0] = True
        try:
            menu.options = point_options(change["new"])
            menu.value = chosen if chosen in [value for _, value in menu.options] else ""
        finally:
            quiet[0] = False
        update()

    def export_clicked(_button=None):
        year, point_de_vente, segment, canal = scope()
        try:
            png, pdf = dashboard_app.export_view(year, canal, point_de_vente, segment, folder=export_folder,
                                                 data=tabs)
        except KPIError as error:
            status.value = error_html(error)
        else:
            status.value = (f'<p style="color:{GOOD};margin:4px 0">Vue exportée sur une page : '
                            f'<code>{html.escape(str(png))}</code> et <code>{html.escape(str(pdf))}</code>.</p>')

    menus["canal"].observe(channel_changed, names="value")
    for name in ("year", "point_de_vente", "segment"):
        menus[name].observe(update, names="value")
    export.on_click(export_clicked)
    update()
    parts = [widgets.HBox(list(menus.values())), output, picture, widgets.HBox([export, status])]
    if title:
        parts.insert(0, widgets.HTML(f"<h3 style='margin:4px 0'>{html.escape(dashboard_title(is_own(tabs)))}</h3>"))
    box = widgets.VBox(parts)
    box.menus, box.output, box.charts, box.export, box.status, box.update = menus, output, picture, export, status, update
    return box
