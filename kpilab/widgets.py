"""Sliders for the lessons' simulators (ipywidgets).

``simulator("funnel")`` shows the levers of :mod:`kpilab.simulators` as
sliders and their results as an HTML table that updates on every move. The
results are plain HTML (no JavaScript, no random content). The logic lives in
:mod:`kpilab.simulators`; this module only lays it out.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets

from kpilab import formatting
from kpilab.errors import KPIError
from kpilab.simulators import SIMULATORS, Lever, Simulator

__all__ = ["simulator", "render_results", "format_result"]

_STYLE = {"description_width": "52%"}  # room for the longest French lever names
_LAYOUT = widgets.Layout(width="760px")


def format_result(value, kind: str) -> str:
    """One result in French format; an undefined value reads "non défini"."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "non défini" if value is None or math.isnan(value) else "infini"
    if kind == "days":
        return formatting.format_value(value, kind, digits=1 if abs(value) < 100 else 0)
    return formatting.format_value(value, kind)


def render_results(sim: Simulator, values: dict) -> str:
    """The HTML table of a simulator's results for these lever values."""
    results = sim.run(**values)
    rows = []
    for result in sim.results:
        text = html.escape(format_result(results[result.key], result.kind))
        weight = "font-weight:bold;font-size:1.15em;" if result.main else ""
        rows.append(
            f'<tr><td style="padding:2px 12px 2px 0">{html.escape(result.label)}</td>'
            f'<td style="text-align:right;{weight}">{text}</td></tr>'
        )
    note = f'<p style="color:#555;margin:4px 0">{html.escape(sim.note)}</p>' if sim.note else ""
    return f'<table style="border-collapse:collapse">{"".join(rows)}</table>{note}'


def _slider(lever: Lever):
    unit = f" ({lever.unit})" if lever.unit else ""
    common = dict(
        description=f"{lever.label}{unit}", min=lever.low, max=lever.high, step=lever.step,
        value=lever.value, style=_STYLE, layout=_LAYOUT, continuous_update=True,
    )
    if lever.is_integer:
        return widgets.IntSlider(**{k: int(v) if isinstance(v, float) else v for k, v in common.items()})
    decimals = max(0, -math.floor(math.log10(lever.step))) if lever.step < 1 else 0
    return widgets.FloatSlider(readout_format=f".{decimals}f", **common)


def simulator(name: str) -> widgets.VBox:
    """The sliders and live results of one simulator of the course.

    ``name`` is one of ``kpilab.simulators.SIMULATORS`` (funnel, response,
    conversion, cycle, basket, retention, churn, lifetime_value, shop).
    """
    if name not in SIMULATORS:
        raise KPIError(
            f"Simulateur inconnu : {name!r}. Simulateurs disponibles : {', '.join(SIMULATORS)}."
        )
    sim = SIMULATORS[name]
    sliders = {lever.name: _slider(lever) for lever in sim.levers}
    output = widgets.HTML(render_results(sim, sim.defaults))

    def update(_change=None):
        output.value = render_results(sim, {k: s.value for k, s in sliders.items()})

    for slider in sliders.values():
        slider.observe(update, names="value")
    title = widgets.HTML(f"<h4 style='margin:4px 0'>{html.escape(sim.title)}</h4>")
    box = widgets.VBox([title, *sliders.values(), output])
    box.sliders, box.output, box.update = sliders, output, update
    return box
