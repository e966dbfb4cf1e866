"""The estimate of a lesson's duration: its counts on a hand-made notebook, its rounding, its
French text, and the lessons' headers and contents page that state it."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from kpilab import durations
from kpilab.durations import Estimate, duration_line, estimate, format_duration, lesson_minutes, markdown_words

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_the_reading_speed_comes_from_its_two_sources():
    # Brysbaert (2019): adults read English non-fiction at 175 to 300 words a minute;
    # IReST (2012): 195 words a minute in French for 228 in English on equivalent texts.
    assert durations.READING_WPM == 150 == round(175 * 195 / 228)


def test_words_a_student_reads():
    assert markdown_words("Le taux de réponse") == 4
    assert markdown_words("Voir la [leçon 02](02_taux_de_conversion.ipynb).") == 4  # the target is not read
    assert markdown_words("| a | b |\n|---|---|\n| 1 | 2 |") == 4  # the bars and dashes are not words
    assert markdown_words("$$\\frac{\\text{ventes}}{\\text{leads}} \\times 100$$") == 3
    assert markdown_words("l'entreprise → 3,2 %") == 2
    header = ("**Objectifs** : deux mots\n\n**Durée** : 3 h environ (estimation : lecture)\n"
              "**Référentiel BTS MCO** : bloc 1, épreuve E5.")
    assert markdown_words(header) == 3  # the Durée line and the line naming the référentiel are not counted


def _notebook() -> nbformat.NotebookNode:
    """One of everything the estimate counts, with words easy to count by hand."""
    table = nbformat.v4.new_output("execute_result", {"text/html": "<table></table>", "text/plain": "t"})
    chart = nbformat.v4.new_output("display_data", {"image/png": "iVBO", "text/plain": "<Figure>"})
    printed = nbformat.v4.new_output("stream", text="12,5 %\n")
    cells = [
        nbformat.v4.new_markdown_cell("**Durée** : 2 h environ"),  # 0 words
        nbformat.v4.new_markdown_cell(" ".join(["mot"] * 290)),  # 290 words
        nbformat.v4.new_code_cell("x = 1\nx", outputs=[table]),
        nbformat.v4.new_code_cell("chart()", outputs=[chart]),
        nbformat.v4.new_code_cell("print(x)", outputs=[printed]),
        nbformat.v4.new_code_cell("from kpilab.widgets import simulator\n\nsimulator(\"cycle\")"),
        nbformat.v4.new_markdown_cell("**À toi de jouer** : calcule"),  # a task, 5 words
        nbformat.v4.new_markdown_cell("**À toi de jouer** : [Exercices](../exercises/x.ipynb)"),  # not a task, 5 words
    ]
    return nbformat.v4.new_notebook(cells=cells)


def test_what_a_notebook_asks_is_counted_by_kind():
    counted = estimate(_notebook())
    assert counted == Estimate(words=300, code_cells=3, tables=1, charts=1, simulators=1, tasks=1)
    # 300 ÷ 150 + 3 × 1,5 + 1 + 2 + 5 + 5 = 19,5 minutes, rounded to 20
    assert counted.exact_minutes == pytest.approx(19.5)
    assert counted.minutes == 20


def test_a_path_a_notebook_and_its_json_give_the_same_estimate(tmp_path):
    path = tmp_path / "lecon.ipynb"
    nbformat.write(_notebook(), path)
    assert lesson_minutes(path) == lesson_minutes(str(path)) == estimate(_notebook()).minutes == 20


@pytest.mark.parametrize(("code_cells", "simulators", "words", "minutes"), [
    (5, 1, 0, 15),  # 12,5 → 15: a half rounds up
    (11, 0, 60, 15),  # 0,4 + 16,5 = 16,9 → 15
    (5, 2, 0, 20),  # 17,5 → 20
    (0, 0, 15, 5),  # 0,1 → never less than 5
])
def test_rounding_to_five_minutes(code_cells, simulators, words, minutes):
    assert Estimate(words, code_cells, 0, 0, simulators, 0).minutes == minutes


def test_durations_in_french():
    assert format_duration(35) == "35\u00a0minutes"
    assert format_duration(60) == "1\u00a0h"
    assert format_duration(75) == "1\u00a0h\u00a015"
    assert format_duration(125) == "2\u00a0h\u00a005"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_each_lesson_header_states_the_estimate_last_or_before_the_referentiel(path):
    header = nbformat.read(path, as_version=4).cells[0].source.rstrip("\n").split("\n")
    lines = [i for i, line in enumerate(header) if line.startswith("**Durée**")]
    assert len(lines) == 1, f"{path.name}: one Durée line in the header"
    line = header[lines[0]]
    assert line == duration_line(path), f"{path.name}: run the model and update the header"
    assert format_duration(lesson_minutes(path)) in line
    assert line.startswith("**Durée**\u00a0: ") and "estimation" in line
    after = [rest for rest in header[lines[0] + 1:] if rest.strip()]
    assert all(rest.startswith("**Référentiel") for rest in after), f"{path.name}: the Durée line ends the header"
    if path.name[:2] in ("00", "12"):
        assert "exercices" not in line  # lessons 00 and 12 have no exercises
    else:
        assert "exercices en plus" in line


def test_the_contents_page_lists_the_same_durations():
    text = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    for path in LESSONS:
        row = next(line for line in text.splitlines() if f"]({path.name})" in line)
        assert re.search(rf"\|\s*{re.escape(format_duration(lesson_minutes(path)))}\s*\|\s*$", row), row

