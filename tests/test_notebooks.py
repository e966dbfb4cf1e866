"""The lessons: every part of the template, working links, reproducible outputs.

nbval (in ``make test``) re-runs each lesson and compares its outputs; these
tests check what nbval does not: structure, links and hygiene of the saved files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from kpilab.simulators import SIMULATORS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
EXPECTED = [f"{n:02d}" for n in range(10)]

# The headings of the lesson template (COURSE.md), in order; lesson 00 is the introduction.
TEMPLATE = [
    "Objectifs", "La situation", "Définition", "Calcul à la main", "Sur les données",
    "Graphique", "Interpréter", "Erreurs fréquentes", "Simulateur", "À retenir",
]


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_the_ten_lessons_exist_in_order():
    assert [p.name[:2] for p in LESSONS] == EXPECTED


@pytest.mark.parametrize("path", LESSONS[1:], ids=lambda p: p.stem)
def test_lesson_has_every_part_of_the_template_in_order(path):
    text = _markdown(_read(path))
    positions = []
    for heading in TEMPLATE:
        found = re.search(rf"^#+ .*{re.escape(heading)}|\*\*{re.escape(heading)}", text, flags=re.MULTILINE | re.IGNORECASE)
        assert found, f"{path.name}: no part « {heading} »"
        positions.append(found.start())
    assert positions == sorted(positions), f"{path.name}: the parts are not in the template's order"
    assert "$$" in text, f"{path.name}: no formula in LaTeX"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_simulator_cell_is_tagged_and_its_logic_is_checked(path):
    nb = _read(path)
    widget_cells = [c for c in nb.cells if c.cell_type == "code" and re.search(r"^(simulator|dashboard)\(", c.source, re.M)]
    assert widget_cells, f"{path.name}: no simulator"
    for cell in widget_cells:
        assert "nbval-ignore-output" in cell.metadata.get("tags", []), f"{path.name}: simulator cell not tagged"
    names = set(re.findall(r'simulator\("(\w+)"\)', "".join(c.source for c in widget_cells)))
    assert names <= set(SIMULATORS), names
    checked = [c for c in nb.cells if c.cell_type == "code" and (".run(" in c.source or "summary(" in c.source)]
    assert checked, f"{path.name}: the simulator's logic is not shown in a checked cell"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_saved_outputs_are_reproducible(path):
    nb = _read(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), f"{path.name}: not executed (run make notebooks)"
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", f"{path.name}: an error is saved"
            if "nbval-ignore-output" in cell.metadata.get("tags", []):
                continue
            text = json.dumps({k: v for k, v in out.get("data", {}).items() if k != "image/png"}) + out.get("text", "")
            assert not re.search(r"0x[0-9a-f]{6,}", text), f"{path.name}: a memory address in an output"
            assert not re.search(r"/(tmp|root|home|work)/", text), f"{path.name}: a machine path in an output"
            assert "Traceback" not in text


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_navigation_links_resolve(path):
    text = _markdown(_read(path))
    links = re.findall(r"\]\(([^)#\s]+)", text)
    assert "README.md" in links, f"{path.name}: no link to the contents"
    for link in links:
        if link.startswith("http"):
            continue
        assert (path.parent / link).resolve().exists(), f"{path.name}: broken link {link}"


def test_lessons_chain_previous_and_next():
    for before, after in zip(LESSONS, LESSONS[1:]):
        assert after.name in _markdown(_read(before)), f"{before.name} does not link to {after.name}"
        if before.name[:2] != "00":
            assert before.name in _markdown(_read(after)), f"{after.name} does not link back to {before.name}"


def test_contents_pages_list_every_lesson():
    for page in (NOTEBOOKS / "README.md", ROOT / "README.md"):
        text = page.read_text(encoding="utf-8")
        for lesson in LESSONS:
            assert lesson.name in text, f"{page} does not list {lesson.name}"


@pytest.mark.parametrize("path", LESSONS[1:], ids=lambda p: p.stem)
def test_exercise_link_uses_the_lesson_name(path):
    from kpilab.exercises.build import student_path

    assert f"../exercises/{student_path(path.stem).name}" in _markdown(_read(path))
