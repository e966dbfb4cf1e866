"""How long a slider move takes to update a simulator's output.

For each simulator of the lessons, moves one slider back and forth many
times and measures the time from the value change to the updated HTML
(recompute + format the results, and the slider's French readout), against a reference measured in the same run: the
same slider move with no simulator listening (the cost of ipywidgets alone).

Run: .venv/bin/python benchmarks/bench_simulators.py
"""

from __future__ import annotations

import statistics
import time

import ipywidgets as widgets

from kpilab.simulators import SIMULATORS
from kpilab.widgets import format_readout, simulator

MOVES = 200


def _median_ms(slider, values) -> float:
    timings = []
    for i in range(MOVES):
        start = time.perf_counter()
        slider.value = values[i % 2]
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    bare = widgets.FloatSlider(min=0, max=100, value=10)
    reference = _median_ms(bare, (10, 20))
    print(f"reference: a bare slider move, nothing listening: {reference:.3f} ms (median of {MOVES})")
    print(f"{'simulator':<16}{'lever':<18}{'median ms':>10}{'ratio':>8}")
    for name, sim in SIMULATORS.items():
        box = simulator(name)
        lever = sim.levers[0]
        slider = box.sliders[lever.name]
        values = (lever.value, min(lever.high, lever.value + 2 * lever.step))
        before = box.output.value
        median = _median_ms(slider, values)
        assert box.output.value != before or values[0] == values[1]
        assert box.readouts[lever.name].value == format_readout(lever, slider.value)  # the readout followed
        print(f"{name:<16}{lever.name:<18}{median:>10.3f}{median / reference:>8.1f}")
    dashboard_filter(reference)


def dashboard_filter(reference: float, moves: int = 20) -> None:
    """Lesson 08's dashboard (and the Voilà app): a filter change recomputes the KPIs of the
    scope, their tiles and the two charts (an SVG picture).

    Median of ``moves`` filter changes to a scope never shown before (everything computed
    and drawn), with the moment the tiles are sent (they go first, the charts follow), and
    back to a scope already shown (the widget keeps the tiles and charts of each scope).
    """
    from kpilab.dashboard import dashboard

    box = dashboard()
    tiles_sent = []
    box.output.observe(lambda _change: tiles_sent.append(time.perf_counter()), names="value")
    seen = {(box.menus["year"].value, "", "", "")}
    points = [value for _, value in box.menus["point_de_vente"].options if value != "Service entreprises"]
    segments = ["", "velotaf", "sportif", "famille", "occasionnel"]
    new_scope, new_tiles, known_scope = [], [], []
    for segment in segments:
        for point in points[1:] + points[:1]:
            for name, value in (("segment", segment), ("point_de_vente", point)):
                if box.menus[name].value == value:
                    continue
                before = box.output.value
                tiles_sent.clear()
                start = time.perf_counter()
                box.menus[name].value = value
                elapsed = (time.perf_counter() - start) * 1000
                scope = (box.menus["year"].value, "", box.menus["point_de_vente"].value, box.menus["segment"].value)
                assert box.output.value != before
                if scope in seen:
                    known_scope.append(elapsed)
                else:
                    new_scope.append(elapsed)
                    new_tiles.append((tiles_sent[0] - start) * 1000)
                seen.add(scope)
    menu = box.menus["point_de_vente"]
    for i in range(moves):
        start = time.perf_counter()
        menu.value = points[i % 3]
        known_scope.append((time.perf_counter() - start) * 1000)
    for label, timings in (("new scope, tiles sent", new_tiles[:moves]),
                           ("new scope, tiles + charts", new_scope[:moves]),
                           ("scope seen, tiles + charts", known_scope[-moves:])):
        median = statistics.median(timings)
        print(f"{'dashboard':<16}{'filters':<18}{median:>10.3f}{median / reference:>8.1f}"
              f"   ({label}; max {max(timings):.1f} ms over {len(timings)} filter changes)")


if __name__ == "__main__":
    main()
