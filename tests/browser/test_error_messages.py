"""A student's mistakes as JupyterLab shows them, in a real browser.

A KPIError is one short French message, without kpilab's file names; a question
checked before the set-up cell (or after a kernel restart) says to run that cell
first. The kernels are the course's own: they load the extension at start.
"""

from __future__ import annotations

import json

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the playwright fixture skips (fails under CI) and says how to install it
    expect = None

import browser_support as support

pytestmark = pytest.mark.browser

EXERCISE = "01_exercices_taux_de_reponse.ipynb"


def _notebook(cells: list[str]) -> str:
    return json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                   "source": source} for source in cells],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    })


def _error_area(page, containing: str):
    panel = page.locator(".jp-NotebookPanel:visible")
    cell = panel.locator(".jp-CodeCell").filter(has=page.locator(".jp-InputArea", has_text=containing))
    expect(cell).to_have_count(1)
    area = cell.locator(".jp-OutputArea-output")
    expect(area.first).to_be_visible()
    return area


def test_a_kpi_error_is_one_short_french_message(lab_page, lab, lab_root):
    (lab_root / "notebooks" / "essai_erreur.ipynb").write_text(
        _notebook(["import kpilab\nleads = 0\nkpilab.conversion_rate(3, leads)"]), encoding="utf-8")
    support.open_notebook(lab_page, lab, "notebooks/essai_erreur.ipynb")
    assert support.run_all(lab_page) != "ok"  # the cell fails, as it must
    area = _error_area(lab_page, "conversion_rate")
    expect(area).to_contain_text("Erreur dans ton calcul")
    expect(area).to_contain_text("Division par zéro")
    expect(area).to_contain_text("kpilab.conversion_rate(3, leads)")
    text = area.inner_text()
    for internal in ("formulas/", "formulas.py", "_inputs.py", "Traceback", "site-packages", "kpilab/"):
        assert internal not in text, internal
    box = area.bounding_box()
    assert box["height"] < 260, f"the message takes {box['height']:.0f} px"
    support.screenshot(lab_page, "student_error_kpierror")


def test_a_question_before_the_setup_cell_says_to_run_it_first(lab_page, lab, lab_root):
    source = json.loads((support.ROOT / "exercises" / EXERCISE).read_text(encoding="utf-8"))
    (lab_root / "exercises" / EXERCISE).write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    support.open_notebook(lab_page, lab, f"exercises/{EXERCISE}")
    panel = lab_page.locator(".jp-NotebookPanel:visible")
    check = panel.locator(".jp-CodeCell").filter(has=lab_page.locator(".jp-InputArea", has_text="q1.check()"))
    check.locator(".jp-InputArea-editor").click()
    lab_page.keyboard.press("Control+Enter")  # run this cell only, as a student who skipped the top
    area = check.locator(".jp-OutputArea-output")
    expect(area.first).to_contain_text("cellule de préparation, tout en haut", timeout=60_000)
    expect(area.first).not_to_contain_text("Traceback")
    area.first.scroll_into_view_if_needed()
    support.screenshot(lab_page, "student_error_before_setup")
