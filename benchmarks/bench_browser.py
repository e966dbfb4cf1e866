"""How long a student waits, in a real browser, for a simulator or the dashboard to answer.

For each lesson's simulator (JupyterLab) the time from a key press on a slider
(ArrowRight / ArrowLeft, alternately) to the change of the results table in the
page; for the dashboard app (Voilà) the time from a menu change to the change of
the tiles. Medians over MOVES moves, against references measured in the same run:

- ``bare``: the same key press on an ipywidgets slider with no listener, to the
  change of its own readout (the browser and ipywidgets alone, no kernel);
- ``echo``: a slider whose listener copies the value into an HTML widget (the
  round trip to the kernel, with no kpilab work).

Needs Chromium (see tests/browser/). Not part of ``make test``.
Run: .venv/bin/python benchmarks/bench_browser.py
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

import browser_support as support  # noqa: E402

MOVES = 10
GOAL_MS = 300

# In the page: arm a timer started by the next event of type `kind` (captured on the
# document) and stopped by the first change of `target`'s text.
ARM = """([target, kind]) => {
  window.__t0 = null; window.__t1 = null;
  const before = target.textContent;
  document.addEventListener(kind, () => { window.__t0 = performance.now(); }, {capture: true, once: true});
  const observer = new MutationObserver(() => {
    if (target.textContent !== before) { window.__t1 = performance.now(); observer.disconnect(); }
  });
  observer.observe(target, {childList: true, subtree: true, characterData: true});
}"""
DONE = "() => window.__t0 !== null && window.__t1 !== null"
ELAPSED = "() => window.__t1 - window.__t0"

REFERENCE_NB = {
    "cells": [
        {"cell_type": "code", "execution_count": None, "id": "bare", "metadata": {}, "outputs": [],
         "source": ["import ipywidgets as widgets\n",
                    "widgets.IntSlider(value=50, min=0, max=100, description='bare')"]},
        {"cell_type": "code", "execution_count": None, "id": "echo", "metadata": {}, "outputs": [],
         "source": ["slider = widgets.IntSlider(value=50, min=0, max=100, description='echo')\n",
                    "echo = widgets.HTML('50')\n",
                    "slider.observe(lambda change: setattr(echo, 'value', str(change['new'])), names='value')\n",
                    "widgets.VBox([slider, echo])"]},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def key_moves(page, handle, target) -> list[float]:
    """Milliseconds from each key press on ``handle`` to the change of ``target``."""
    handle.focus()
    target = target.element_handle()
    timings = []
    for i in range(MOVES):
        page.evaluate(ARM, [target, "keydown"])
        page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_function(DONE, timeout=30_000)
        timings.append(page.evaluate(ELAPSED))
    return timings


def menu_moves(page, target, changes) -> list[float]:
    """Milliseconds from each menu change ``(select, label)`` to the change of ``target``."""
    target = target.element_handle()  # the widget stays; its content changes
    timings = []
    for select, label in changes:
        page.evaluate(ARM, [target, "change"])
        select.select_option(label=label)
        page.wait_for_function(DONE, timeout=60_000)
        timings.append(page.evaluate(ELAPSED))
    return timings


def line(name: str, what: str, timings: list[float], references: dict) -> float:
    median = statistics.median(timings)
    ratios = "".join(f"{median / references[r]:>10.1f}" if r in references else f"{'':>10}"
                     for r in ("bare", "echo"))
    flag = "" if median < GOAL_MS else f"  over {GOAL_MS} ms"
    print(f"{name:<28}{what:<36}{median:>10.1f}{max(timings):>10.1f}{ratios}{flag}", flush=True)
    return median


def lessons_and_levers() -> list[tuple]:
    """(notebook, simulator, title, slider index, lever name) of each lesson's simulators."""
    from kpilab.simulators import SIMULATORS

    found = []
    for path in sorted((support.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for name in support.simulators_of(path.name):
            sim = SIMULATORS[name]
            index = support.lever_to_move(sim)
            found.append((path.name, name, sim.title, index, sim.levers[index].name))
    return found


def main() -> int:
    from playwright.sync_api import sync_playwright

    problem = support.chromium_problem()
    if problem:
        print(f"Cannot run: {problem} {support.HOW_TO_RUN}")
        return 1
    work = Path(tempfile.mkdtemp(prefix="kpilab-bench-"))
    try:
        root = work / "course"
        shutil.copytree(support.ROOT / "notebooks", root / "notebooks")
        (root / "reference.ipynb").write_text(json.dumps(REFERENCE_NB))
        app = work / "app"
        app.mkdir()
        shutil.copy(support.ROOT / "apps" / "tableau_de_bord.ipynb", app)
        lab = support.Lab(root, work / "lab-settings")
        voila, voila_url = support.start_voila(app / "tableau_de_bord.ipynb", work / "voila.log")
        try:
            with sync_playwright() as p:
                browser = support.launch_browser(p)
                context = browser.new_context(viewport={"width": 1366, "height": 900})
                run(context, lab, voila_url, lessons_and_levers())
                browser.close()
        finally:
            lab.stop()
            support.stop_server(voila)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def run(context, lab, voila_url, lessons) -> None:
    print(f"Browser latency, median and max of {MOVES} moves (ms); ratios = median / median of a "
          f"reference; goal: median under {GOAL_MS} ms")
    print(f"{'where':<28}{'what':<36}{'median':>10}{'max':>10}{'÷ bare':>10}{'÷ echo':>10}")

    page = context.new_page()
    support.open_notebook(page, lab, "reference.ipynb")
    assert support.run_all(page) == "ok"
    panel = page.locator(".jp-NotebookPanel:visible")
    bare = panel.locator(".widget-slider", has_text="bare")
    reference = {}
    reference["bare"] = line("reference: bare slider", "key → own readout", key_moves(
        page, bare.locator(".noUi-handle"), bare.locator(".widget-readout")), reference)
    echo = panel.locator(".widget-vbox", has_text="echo")
    reference["echo"] = line("reference: echo slider", "key → kernel → HTML", key_moves(
        page, echo.locator(".noUi-handle"), echo.locator(".widget-html")), reference)
    page.close()
    lab.shutdown_kernels()

    for notebook, name, title, index, lever in lessons:
        page = context.new_page()
        support.open_notebook(page, lab, f"notebooks/{notebook}")
        assert support.run_all(page) == "ok", notebook
        panel = page.locator(".jp-NotebookPanel:visible")
        box = panel.locator(".widget-vbox").filter(has=page.locator(".widget-slider")).filter(has_text=title)
        box.locator(".widget-html table").wait_for()
        timings = key_moves(page, box.locator(".widget-slider").nth(index).locator(".noUi-handle"),
                            box.locator(".widget-html table").locator(".."))
        line(f"{notebook[:2]} simulator {name}", f"key on {lever} → results", timings, reference)
        page.close()
        lab.shutdown_kernels()

    page = context.new_page()
    page.goto(voila_url)
    tiles = page.locator(".widget-html").filter(has=page.locator("div[style*='flex-wrap']"))
    tiles.wait_for(timeout=90_000)
    point = page.locator(".widget-dropdown", has_text="Point de vente").locator("select")
    segment = page.locator(".widget-dropdown", has_text="Segment").locator("select")
    options = "s => [...s.options].map(o => o.text.replaceAll('\\u00a0', ' '))"
    points = [o for o in point.evaluate(options)
              if o not in ("Tous", "Service entreprises")]  # B2B has one segment only
    segments = segment.evaluate(options)[1:]
    # Scopes never shown before: each change computes the KPIs and draws tiles and charts.
    changes = [(point, p) for p in points] + [(segment, segments[0])] + [(point, p) for p in points[:-1]]
    line("Voilà dashboard", "filter → tiles, new", menu_moves(page, tiles, changes[:MOVES]), reference)
    # Scopes already shown: the widget redraws what it kept.
    seen = [(point, points[i % 2]) for i in range(MOVES)]
    line("Voilà dashboard", "filter → tiles, seen", menu_moves(page, tiles, seen), reference)
    page.close()


if __name__ == "__main__":
    sys.exit(main())
