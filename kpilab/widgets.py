"""Sliders for the lessons' simulators (ipywidgets).

``simulator("funnel")`` shows the levers of :mod:`kpilab.simulators` as
sliders, each with its value in French next to it ("12 000", "5,0 %",
"3 000 €"), and their results as an HTML table that updates on every move.
ipywidgets' own readout (d3-format, in English: ``12000``, ``5.0``) is turned
off. The readouts are plain text and the results plain HTML (no JavaScript, no
random content). The logic lives in :mod:`kpilab.simulators`; this module only
lays it out: the readout and the results come from the same value of a slider
(:func:`on_grid`).
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets

from kpilab import formatting
from kpilab.errors import KPIError
from kpilab.simulators import SIMULATORS, Lever, Simulator

__all__ = ["simulator", "render_results", "format_result", "format_readout", "on_grid"]

_STYLE = {"description_width": "55%"}  # room for the longest French lever names
_SLIDER_LAYOUT = widgets.Layout(width="680px")
_READOUT_LAYOUT = widgets.Layout(width="110px", margin="2px 2px 2px 10px")  # the margins of a slider
READOUT_CLASS = "kpilab-readout"


def format_result(value, kind: str) -> str:
    """One result in French format; an undefined value reads "non défini".

    Durations (days) always have one decimal, so that a gap between two of
    them is the difference of the figures shown; a "times" ratio reads as
    words, with one decimal ("3,2 fois": how many times a margin covers a cost).

    >>> format_result(None, "euros"), format_result(float("inf"), "years")
    ('non défini', 'infini')
    >>> format_result(37_920 / 12_000, "times").replace("\\u00a0", " ")
    '3,2 fois'
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "non défini" if value is None or math.isnan(value) else "infini"
    if kind == "days":
        return formatting.format_value(value, kind, digits=1)
    if kind == "times":
        return f"{formatting.format_number(value, digits=1)}\u00a0fois"
    return formatting.format_value(value, kind)


def on_grid(lever: Lever, value):
    """A slider's value with the decimals of its step (0.30000000000000004 → 0.3).

    The readout and the results are computed from this same value.

    >>> from kpilab.simulators import RESPONSE
    >>> on_grid(RESPONSE.levers[2], 0.30000000000000004)
    0.3
    """
    if lever.is_integer:
        return int(round(value))
    return round(float(value), lever.decimals)


def format_readout(lever: Lever, value) -> str:
    """A lever's value in French, with its unit, as shown next to its slider.

    >>> from kpilab.simulators import CONVERSION
    >>> format_readout(CONVERSION.levers[1], 20).replace("\\u202f", " ")
    '20 %'
    """
    digits = lever.decimals
    if lever.unit == "%":
        return formatting.format_percent(value, digits=digits)
    if lever.unit == "€":
        return formatting.format_euros(value, digits=digits)
    if lever.unit == "jours":
        return formatting.format_days(value, digits=digits)
    return formatting.format_number(value, digits=digits)


def render_results(sim: Simulator, values: dict) -> str:
    """The HTML table of a simulator's results for these lever values.

    A result that is not defined (a division by zero) reads "non défini", and
    a short French note under the table says why.
    """
    results = sim.run(**values)
    rows = []
    for result in sim.results:
        text = html.escape(format_result(results[result.key], result.kind))
        weight = "font-weight:bold;font-size:1.15em;" if result.main else ""
        rows.append(
            f'<tr><td style="padding:2px 12px 2px 0">{html.escape(result.label)}</td>'
            f'<td style="text-align:right;{weight}">{text}</td></tr>'
        )
    notes = [sim.note] if sim.note else []
    notes += sim.reasons(results)
    paragraphs = "".join(f'<p style="color:#555;margin:4px 0">{html.escape(note)}</p>' for note in notes)
    return f'<table style="border-collapse:collapse">{"".join(rows)}</table>{paragraphs}'




def _slider(lever: Lever):
    common = dict(
        description=lever.label, min=lever.low, max=lever.high, step=lever.step, value=lever.value,
        readout=False, style=_STYLE, layout=_SLIDER_LAYOUT, continuous_update=True,
    )
    if lever.is_integer:
        return widgets.IntSlider(**{k: int(v) if isinstance(v, float) else v for k, v in common.items()})
    return widgets.FloatSlider(**common)


def simulator(name: str) -> widgets.VBox:
    """The sliders and live results of one simulator of the course.

    ``name`` is one of ``kpilab.simulators.SIMULATORS`` (funnel, response,
    conversion, cycle, basket, retention, churn, lifetime_value, shop).
    """
    if name not in SIMULATORS:
        raise KPIError(
            f"Simulateur inconnu\u00a0: {name!r}. Simulateurs disponibles\u00a0: {', '.join(SIMULATORS)}."
        )
    sim = SIMULATORS[name]
    levers = {lever.name: lever for lever in sim.levers}
    sliders = {lever.name: _slider(lever) for lever in sim.levers}
    readouts = {}
    for lever in sim.levers:
        readouts[lever.name] = widgets.Label(format_readout(lever, lever.value), layout=_READOUT_LAYOUT)
        readouts[lever.name].add_class(READOUT_CLASS)
    output = widgets.HTML(render_results(sim, sim.defaults))

    def values() -> dict:
        return {key: on_grid(levers[key], slider.value) for key, slider in sliders.items()}

    def update(_change=None):
        """Every readout and the results, from the sliders' values."""
        current = values()
        for key, readout in readouts.items():
            readout.value = format_readout(levers[key], current[key])
        output.value = render_results(sim, current)

    def moved(key):
        def on_change(_change):
            current = values()
            readouts[key].value = format_readout(levers[key], current[key])
            output.value = render_results(sim, current)
        return on_change

    for key, slider in sliders.items():
        slider.observe(moved(key), names="value")
    title = widgets.HTML(f"<h4 style='margin:4px 0'>{html.escape(sim.title)}</h4>")
    rows = [widgets.HBox([sliders[key], readouts[key]]) for key in sliders]
    box = widgets.VBox([title, *rows, output])
    box.sliders, box.readouts, box.output, box.update = sliders, readouts, output, update
    return box
