"""The dashboard app (apps/tableau_de_bord.ipynb) in Voilà, in a real browser."""

from __future__ import annotations

import shutil

import pytest
try:
    from playwright.sync_api import expect
except ImportError:  # the playwright fixture skips (fails under CI) and says how to install it
    expect = None

import browser_support as support
from kpilab import dashboard as dash
from kpilab.dashboard_app import export_name

pytestmark = pytest.mark.browser

APP = support.ROOT / "apps" / "tableau_de_bord.ipynb"
POINT = "Croix-Rousse"


@pytest.fixture(scope="module")
def voila(tmp_path_factory, playwright):
    """Voilà on a temporary copy of the app: its exports/ folder is in that copy."""
    folder = tmp_path_factory.mktemp("app")
    shutil.copy(APP, folder / APP.name)
    proc, url = support.start_voila(folder / APP.name, folder.parent / f"{folder.name}-voila.log")
    yield folder, url
    support.stop_server(proc)


def test_dashboard_app_filters_and_exports(page, voila):
    folder, url = voila
    repo_exports = sorted((APP.parent / "exports").glob("*")) if (APP.parent / "exports").exists() else []
    page.set_viewport_size({"width": 1366, "height": 1500})  # the whole app in the screenshot
    page.goto(url, timeout=90_000)  # Voilà runs the notebook before the page's load event
    expect(page.get_by_role("heading", name="Tableau de bord de Roue Libre")).to_be_visible(timeout=90_000)
    tiles = page.locator(".widget-html div[style*='flex-wrap'] > div")
    expect(tiles.first).to_be_visible(timeout=60_000)  # the kernel ran and the widgets rendered
    year = int(page.locator(".widget-dropdown", has_text="Année").locator("select").evaluate(
        "s => s.options[s.selectedIndex].text"))
    everything = dash.summary(year)
    expect(tiles.locator("> div:nth-child(2)").first).to_have_text(
        dash.format_value(everything["valeur"].iloc[0], everything["unite"].iloc[0],
                          dash._digits(everything.index[0])))

    page.locator(".widget-dropdown", has_text="Point de vente").locator("select").select_option(label=POINT)
    table = dash.summary(year, point_de_vente=POINT)
    expect(page.locator(".widget-html h4")).to_have_text(dash.scope_title(table))
    expect(tiles.locator("> div:nth-child(1)")).to_have_text(table["libelle"].tolist())
    expect(tiles.locator("> div:nth-child(2)")).to_have_text(
        [dash.format_value(row["valeur"], row["unite"], dash._digits(code)) for code, row in table.iterrows()])

    page.get_by_role("button", name="Exporter (PNG et PDF)").click()
    expect(page.get_by_text("Vue exportée sur une page")).to_be_visible(timeout=60_000)
    stem = folder / "exports" / export_name(year, None, POINT, None)
    png, pdf = stem.with_suffix(".png"), stem.with_suffix(".pdf")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert pdf.read_bytes().startswith(b"%PDF-")
    after = sorted((APP.parent / "exports").glob("*")) if (APP.parent / "exports").exists() else []
    assert after == repo_exports, "the export wrote into the repository"
