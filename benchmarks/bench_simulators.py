"""How long a slider move takes to update a simulator's output.

For each simulator of the lessons, moves one slider back and forth many
times and measures the time from the value change to the updated HTML
(recompute + format), against a reference measured in the same run: the
same slider move with no simulator listening (the cost of ipywidgets alone).

Run: .venv/bin/python benchmarks/bench_simulators.py
"""

from __future__ import annotations

import statistics
import time

import ipywidgets as widgets

from kpilab.simulators import SIMULATORS
from kpilab.widgets import simulator

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
        print(f"{name:<16}{lever.name:<18}{median:>10.3f}{median / reference:>8.1f}")
    dashboard_filter(reference)


def dashboard_filter(reference: float, moves: int = 20) -> None:
    """Lesson 08's dashboard: a filter change recomputes every KPI on the course data."""
    from kpilab.dashboard import dashboard

    box = dashboard()
    menu = box.menus["point_de_vente"]
    choices = [value for _, value in menu.options][:3]
    timings = []
    for i in range(moves):
        start = time.perf_counter()
        menu.value = choices[i % len(choices)]
        timings.append((time.perf_counter() - start) * 1000)
    median = statistics.median(timings)
    print(f"{'dashboard':<16}{'point_de_vente':<18}{median:>10.3f}{median / reference:>8.1f}"
          f"   (max {max(timings):.1f} ms over {moves} filter changes)")


if __name__ == "__main__":
    main()
