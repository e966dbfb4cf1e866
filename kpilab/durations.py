"""How long a lesson takes a student: an explicit estimate from the notebook's content.

The header of each lesson states the time :func:`lesson_minutes` gives, and a
test keeps the two in agreement; the contents page (``notebooks/README.md``)
lists the same figures. The estimate adds up what a student does, in order:

1. **Reading.** Every word of the markdown cells at :data:`READING_WPM` words
   per minute, the pace of careful reading of a French lesson (how it is
   derived is below). The header's ``**Durée**`` line is not counted (the
   estimate must not depend on the figure it produces), nor the
   ``**Référentiel…**`` line that may follow it.
2. **Code cells.** :data:`CODE_CELL_MINUTES` per code cell: read its few lines,
   run it (Maj + Entrée), read what it prints and check it against the text.
3. **Outputs to study.** On top of that, :data:`TABLE_MINUTES` per table shown
   (an HTML output: a pandas table with its intermediate figures) and
   :data:`CHART_MINUTES` per chart (a PNG output: title, axes, the point the
   text makes). The saved outputs are the ones ``make notebooks`` writes.
4. **Simulators.** :data:`SIMULATOR_MINUTES` per interactive cell
   (``simulator(...)`` or ``dashboard()``): the two or three moves the lesson
   suggests, and reading their result, instead of the code-cell time.
5. **Tasks in the lesson.** :data:`TASK_MINUTES` per « À toi de jouer » block
   that asks for work inside the lesson. The block that only links to the
   exercise notebook counts for nothing: exercises come on top.

The sum is rounded to the nearest :data:`ROUND_TO` minutes (a half rounds up).

Where the reading speed comes from. Brysbaert (2019, "How many words do we
read per minute? A review and meta-analysis of reading rate", *Journal of
Memory and Language* 109, 104047) finds that adults read English non-fiction
silently at 238 words per minute on average, most of them between 175 and
300. French takes more words than English for the same text: on the
International Reading Speed Texts, equivalent texts in 17 languages read by
young adults (Trauzettel-Klosinski & Dietz, 2012, *Investigative Ophthalmology
& Visual Science* 53(9), 5452–5461), native readers read 195 words per minute
in French and 228 in English. The lower end of the adult range, 175, scaled by
195 ÷ 228, gives 150 words per minute: a careful reader of a text full of new
words, figures and formulas. The other constants are the course's own
assumptions, stated here so that a teacher can change them.

>>> format_duration(70)
'1\\xa0h\\xa010'
>>> format_duration(45), format_duration(60)
('45\\xa0minutes', '1\\xa0h')
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "READING_WPM", "CODE_CELL_MINUTES", "TABLE_MINUTES", "CHART_MINUTES", "SIMULATOR_MINUTES",
    "TASK_MINUTES", "ROUND_TO", "Estimate", "markdown_words", "estimate", "lesson_minutes",
    "format_duration", "duration_line", "main",
]

BRYSBAERT_LOW_WPM = 175
"""Lower end of adults' silent reading of English non-fiction (Brysbaert, 2019)."""
IREST_FRENCH_WPM, IREST_ENGLISH_WPM = 195, 228
"""Equivalent texts read in French and in English (IReST, Trauzettel-Klosinski & Dietz, 2012)."""
READING_WPM = round(BRYSBAERT_LOW_WPM * IREST_FRENCH_WPM / IREST_ENGLISH_WPM)
"""Words per minute for careful reading of a French lesson: 175 × 195 ÷ 228 ≈ 150."""

CODE_CELL_MINUTES = 1.5
"""Read a code cell, run it, read its output and compare it with the text."""
TABLE_MINUTES = 1.0
"""Extra time to study a table output (its rows, the figure the text names)."""
CHART_MINUTES = 2.0
"""Extra time to read a chart: title, axes, what the text says to look at."""
SIMULATOR_MINUTES = 5.0
"""An interactive simulator: the suggested moves and their result."""
TASK_MINUTES = 5.0
"""An « À toi de jouer » task inside the lesson (the link to the exercises is not one)."""
ROUND_TO = 5
"""The estimate is rounded to this many minutes."""

_HEADER_LINES = re.compile(r"^\*\*(Durée|Référentiel)\b.*$", re.MULTILINE)
_WIDGET_CALL = re.compile(r"^(simulator|dashboard)\(", re.MULTILINE)
_TASK = re.compile(r"(^#+\s*|\*\*)À toi de jouer", re.MULTILINE | re.IGNORECASE)
_EXERCISES_LINK = re.compile(r"\]\(\.\./exercises/")


def markdown_words(text: str) -> int:
    """The words a student reads in a markdown text.

    Link targets, HTML tags and LaTeX commands are not read; the text of a
    link, of ``\\text{…}`` and of code spans is. A word is a run of
    non-blank characters holding a letter or a digit (``l'entreprise`` is one
    word, ``|`` and ``→`` are none).

    >>> markdown_words("Le **taux** de [réponse](01.ipynb) : $\\\\frac{\\\\text{réponses}}{\\\\text{contacts}}$ × 100")
    7
    """
    text = _HEADER_LINES.sub(" ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # [text](target) -> [text]
    text = re.sub(r"<[^>]+>", " ", text)  # HTML tags
    text = re.sub(r"\\(?:text|mathrm|textbf)\{([^{}]*)\}", r" \1 ", text)  # \text{words}
    text = re.sub(r"\\[A-Za-z]+", " ", text)  # other LaTeX commands (\frac, \times…)
    text = re.sub(r"[{}$^_]", " ", text)
    return sum(1 for token in text.split() if re.search(r"\w", token))


@dataclass(frozen=True)
class Estimate:
    """What a lesson asks of a student, and the minutes it takes (see the module's docstring)."""

    words: int
    code_cells: int
    tables: int
    charts: int
    simulators: int
    tasks: int

    @property
    def reading_minutes(self) -> float:
        return self.words / READING_WPM

    @property
    def exact_minutes(self) -> float:
        """The sum before rounding."""
        return (self.reading_minutes + self.code_cells * CODE_CELL_MINUTES + self.tables * TABLE_MINUTES
                + self.charts * CHART_MINUTES + self.simulators * SIMULATOR_MINUTES
                + self.tasks * TASK_MINUTES)

    @property
    def minutes(self) -> int:
        """The estimate, rounded to the nearest :data:`ROUND_TO` minutes (half up), at least that."""
        return max(ROUND_TO, int(math.floor(self.exact_minutes / ROUND_TO + 0.5)) * ROUND_TO)


def _cells(notebook) -> list[dict]:
    if isinstance(notebook, (str, Path)):
        notebook = json.loads(Path(notebook).read_text(encoding="utf-8"))
    if isinstance(notebook, list):  # already a list of cells
        return notebook
    cells = notebook["cells"] if isinstance(notebook, dict) else notebook.cells
    return [dict(cell) for cell in cells]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def estimate(notebook) -> Estimate:
    """Count what a notebook (a path, a parsed notebook, its JSON dict or its cells) asks of a student."""
    words = code_cells = tables = charts = simulators = tasks = 0
    for cell in _cells(notebook):
        source = _source(cell)
        if cell.get("cell_type") == "markdown":
            words += markdown_words(source)
            if _TASK.search(source) and not _EXERCISES_LINK.search(source):
                tasks += 1
        elif cell.get("cell_type") == "code":
            if _WIDGET_CALL.search(source):
                simulators += 1
                continue
            code_cells += 1
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "image/png" in data:
                    charts += 1
                elif "text/html" in data:
                    tables += 1
    return Estimate(words, code_cells, tables, charts, simulators, tasks)


def lesson_minutes(path) -> int:
    """The estimated time of a lesson, in minutes, rounded to :data:`ROUND_TO` (what its header states)."""
    return estimate(path).minutes


def format_duration(minutes: int) -> str:
    """French: ``45 minutes``, ``1 h``, ``1 h 10`` (no-break spaces)."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest}\u00a0minutes"
    return f"{hours}\u00a0h" + (f"\u00a0{rest:02d}" if rest else "")


def duration_line(path) -> str:
    """The header line a lesson must carry: ``**Durée** : 1 h 10 environ (estimation : …)``.

    It names what the estimate counts, and says that the exercises come on top
    when the lesson links to its exercise notebook (lesson 00 has none).
    """
    cells = _cells(path)
    counted = estimate(cells)
    what = "lecture, cellules, " + ("simulateurs" if counted.simulators > 1 else "simulateur")
    linked = any(cell.get("cell_type") == "markdown" and _EXERCISES_LINK.search(_source(cell)) for cell in cells)
    extra = "\u202f; exercices en plus\u00a0: voir «\u00a0À toi de jouer\u00a0», à la fin" if linked else ""
    return f"**Durée**\u00a0: {format_duration(counted.minutes)} environ (estimation\u00a0: {what}{extra})."


def main(argv: list[str] | None = None) -> int:
    """``python -m kpilab.durations notebooks/*.ipynb``: the estimate of each lesson, part by part."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args(argv)
    print(f"{'leçon':<32}{'mots':>6}{'lecture':>9}{'cellules':>10}{'tableaux':>10}{'graphiques':>12}"
          f"{'simul.':>8}{'tâches':>8}{'total':>8}{'durée':>12}")
    for path in args.paths:
        e = estimate(path)
        print(f"{path.name:<32}{e.words:>6}{e.reading_minutes:>9.1f}{e.code_cells:>10}{e.tables:>10}"
              f"{e.charts:>12}{e.simulators:>8}{e.tasks:>8}{e.exact_minutes:>8.1f}"
              f"{format_duration(e.minutes).replace(chr(160), ' '):>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
