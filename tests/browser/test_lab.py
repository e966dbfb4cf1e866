"""The lessons and an exercise in JupyterLab, in a real browser.

Each lesson is opened and run; its simulator's slider is moved with the keyboard
and the results table must show what kpilab computes for the new lever values.
"""

from __future__ import annotations

import json
import math

import pytest
try:
    from playwright.sync_api import expect
except ImportError:  # the playwright fixture skips (fails under CI) and says how to install it
    expect = None

import browser_support as support
from kpilab import dashboard as dash
from kpilab.simulators import SIMULATORS
from kpilab.widgets import READOUT_CLASS, format_readout, format_result

pytestmark = pytest.mark.browser

LESSONS = sorted(p.name for p in (support.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PRESSES = support.PRESSES


def _has_dashboard(notebook: str) -> bool:
    return "dashboard()" in (support.ROOT / "notebooks" / notebook).read_text(encoding="utf-8")


def _own_data_dashboard(notebook: str):
    """The import a lesson's dashboard shows (``dashboard(data=imp)`` on the template file), else None."""
    if "dashboard(data=imp)" not in (support.ROOT / "notebooks" / notebook).read_text(encoding="utf-8"):
        return None
    from kpilab import datasets

    return datasets.import_orders(support.ROOT / "datasets" / "modeles" / "ventes_modele.csv")


def _open_and_run(page, lab, path: str) -> None:
    support.open_notebook(page, lab, path)
    assert support.run_all(page) == "ok", f"a cell of {path} failed"


def check_simulator(page, notebook_panel, name: str) -> None:
    sim = SIMULATORS[name]
    box = notebook_panel.locator(".widget-vbox").filter(has=page.locator(".widget-slider")).filter(
        has_text=sim.title)
    expect(box).to_have_count(1)
    box.scroll_into_view_if_needed()
    cells = box.locator(".widget-html table tr td:nth-child(2)")
    start = sim.run()
    expect(cells).to_have_text([format_result(start[r.key], r.kind) for r in sim.results])
    readouts = box.locator(f".{READOUT_CLASS}")  # the French readouts, one per slider
    expect(readouts).to_have_text([format_readout(lever, lever.value) for lever in sim.levers])
    for own in box.locator(".widget-slider .widget-readout").all():  # ipywidgets' English readout is off
        expect(own).to_be_hidden()

    index = support.lever_to_move(sim)
    lever = sim.levers[index]
    handle = box.locator(".widget-slider").nth(index).locator(".noUi-handle")
    before = handle.get_attribute("aria-valuenow")
    assert math.isclose(float(before), lever.value)
    handle.focus()
    for _ in range(PRESSES):
        page.keyboard.press("ArrowRight")
    expect(handle).not_to_have_attribute("aria-valuenow", before)
    value = float(handle.get_attribute("aria-valuenow"))  # the slider's new value, read from the page
    assert math.isclose(value, lever.value + PRESSES * lever.step), (lever.name, value)
    if lever.is_integer:
        value = int(round(value))
    results = sim.run(**{lever.name: value})
    expected = [format_result(results[r.key], r.kind) for r in sim.results]
    expect(cells).to_have_text(expected)
    expect(readouts).to_have_text([format_readout(other, value if other is lever else other.value)
                                   for other in sim.levers])
    mains = [text for r, text in zip(sim.results, expected) if r.main]
    assert mains != support.main_texts(sim, {}), "the headline result did not change"
    box.evaluate("e => e.scrollIntoView({block: 'end'})")  # sliders, results and notes in the screenshot


def check_dashboard(page, notebook_panel, shot: str, data=None, point: str = "Croix-Rousse") -> None:
    box = notebook_panel.locator(".widget-vbox").filter(has=page.locator(".widget-dropdown")).first
    box.scroll_into_view_if_needed()
    tiles = box.locator(".widget-html div[style*='flex-wrap'] > div")
    year = int(box.locator(".widget-dropdown", has_text="Année").locator("select").evaluate(
        "s => s.options[s.selectedIndex].text"))
    expect(tiles.first).to_be_visible()
    box.locator(".widget-dropdown", has_text="Point de vente").locator("select").select_option(
        label=point)
    table = dash.summary(year, point_de_vente=point, data=data)
    expect(box.locator(".widget-html h4")).to_have_text(dash.scope_title(table))
    expect(tiles.locator("> div:nth-child(1)")).to_have_text(table["libelle"].tolist())
    expect(tiles.locator("> div:nth-child(2)")).to_have_text(
        [dash.format_value(row["valeur"], row["unite"], dash._digits(code)) for code, row in table.iterrows()])
    box.evaluate("e => e.scrollIntoView({block: 'start'})")
    support.screenshot(page, shot)


@pytest.mark.parametrize("notebook", LESSONS, ids=[n.removesuffix(".ipynb") for n in LESSONS])
def test_lesson_simulator_follows_the_slider(lab_page, lab, notebook, request):
    names, with_dashboard, own = support.simulators_of(notebook), _has_dashboard(notebook), _own_data_dashboard(notebook)
    assert names or with_dashboard or own is not None, f"{notebook} has no simulator nor dashboard"
    _open_and_run(lab_page, lab, f"notebooks/{notebook}")
    panel = lab_page.locator(".jp-NotebookPanel:visible")
    if with_dashboard:
        check_dashboard(lab_page, panel, f"{request.node.name}-dashboard")
    if own is not None:  # lesson 12: the dashboard on the template shop's own data
        check_dashboard(lab_page, panel, f"{request.node.name}-dashboard", data=own, point="Gerland")
    for name in names:
        check_simulator(lab_page, panel, name)


def test_exercise_check_cells_give_french_verdicts(lab_page, lab, lab_root):
    source = support.ROOT / "exercises" / "01_exercices_taux_de_reponse.ipynb"
    notebook = json.loads(source.read_text(encoding="utf-8"))
    answer = [c for c in notebook["cells"] if c["cell_type"] == "code" and "q1.check()" in "".join(c["source"])]
    assert len(answer) == 1
    answer[0]["source"] = ["taux_reponse = 45 / 1200 * 100\n", "q1.check()"]
    (lab_root / "exercises" / source.name).write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")

    _open_and_run(lab_page, lab, f"exercises/{source.name}")
    panel = lab_page.locator(".jp-NotebookPanel:visible")

    def output_of(check: str):
        cell = panel.locator(".jp-CodeCell").filter(
            has=lab_page.locator(".jp-InputArea", has_text=check))
        expect(cell).to_have_count(1)
        return cell.locator(".jp-OutputArea")

    q1, q2 = output_of("q1.check()"), output_of("q2.check()")
    q1.scroll_into_view_if_needed()
    expect(q1).to_contain_text("Bravo")
    expect(q2).to_contain_text("Pas commencé")
    expect(q1).not_to_contain_text("Pas commencé")
