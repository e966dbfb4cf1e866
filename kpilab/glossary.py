"""The course's French–English glossary, gathered from the lessons' vocabulary tables.

Each lesson has a table whose first two columns are ``français | anglais`` (a third one, when
there is one, is a short definition). :func:`vocabulary` reads them from ``notebooks/NN_*.ipynb``
(the lessons are the source: nothing is copied here), :func:`merge` joins the rows that name the
same thing in several lessons, and :func:`markdown` writes ``notebooks/glossaire.md``, sorted in
French alphabetical order (:func:`sort_key`), with links to the lessons. ``make fiches`` runs
:func:`write`; a test checks that the file is up to date with the lessons.

Two rows are one entry when they share a French term **and** an English term (each cell may list
several, separated by commas; parenthesised precisions aside): « taux d'attrition » of lessons 05,
06 and 07 is one entry, but « taux de conversion » (leads, lesson 02) and « taux de conversion
(site web) » (lesson 09) stay two, as their English terms differ. An entry without a definition in
the lessons takes its KPI's formula (:mod:`kpilab.handouts.catalog`), as the lessons write it.

>>> sort_key("écart") < sort_key("effet") < sort_key("Évolution")
True
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kpilab import typography

__all__ = ["Row", "Entry", "LESSONS", "OUTPUT", "vocabulary", "lesson_rows", "merge", "sort_key",
           "markdown", "write"]

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks"
OUTPUT = LESSONS / "glossaire.md"
_LESSON_FILE = re.compile(r"^(\d{2})_.+\.ipynb$")
_HEADER = re.compile(r"^\|\s*français\s*\|\s*(anglais|english)\s*\|", re.IGNORECASE)
_LESSON_REF = re.compile(r"\s*\((?:voir )?(?:la )?leçons? \d{2}(?:\s*(?:et|,)\s*\d{2})*\)", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*\([^()]*\)")


@dataclass(frozen=True)
class Row:
    """One line of a lesson's vocabulary table."""

    lesson: str  # "04"
    file: str  # "04_panier_moyen.ipynb"
    french: str
    english: str
    definition: str = ""


@dataclass(frozen=True)
class Entry:
    """One term of the glossary: the rows of every lesson that name it, merged."""

    french: str
    english: str
    definition: str
    lessons: tuple[tuple[str, str], ...]  # (lesson, file), in the course's order


def _clean(cell: str) -> str:
    """A table cell as plain text: no markdown emphasis, no « (leçon 06) » (the links say it)."""
    text = re.sub(r"(\*\*|\*|__|`)", "", cell).strip()
    return _LESSON_REF.sub("", text).strip()


def _cells(line: str) -> list[str]:
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def _tables(markdown_text: str):
    """The vocabulary tables of a markdown text, as lists of cell lists (header and rule left out)."""
    lines = markdown_text.splitlines()
    for i, line in enumerate(lines):
        if not _HEADER.match(line.strip()):
            continue
        rows = []
        for body in lines[i + 2:]:
            if not body.strip().startswith("|"):
                break
            rows.append(_cells(body))
        yield rows


def vocabulary(path: str | Path) -> list[Row]:
    """The vocabulary rows of one lesson notebook, in the order it lists them."""
    path = Path(path)
    lesson = _LESSON_FILE.match(path.name).group(1)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = "".join(cell.get("source", ""))
        for table in _tables(source):
            for cells in table:
                if len(cells) < 2 or not _clean(cells[0]) or not _clean(cells[1]):
                    continue
                definition = _clean(cells[2]) if len(cells) > 2 else ""
                found.append(Row(lesson, path.name, _clean(cells[0]), _clean(cells[1]), definition))
    return found


def lesson_files(folder: str | Path = LESSONS) -> list[Path]:
    """The lessons, ``NN_name.ipynb``, in the course's order."""
    return sorted(p for p in Path(folder).iterdir() if _LESSON_FILE.match(p.name))


def lesson_rows(folder: str | Path = LESSONS) -> list[Row]:
    """Every vocabulary row of every lesson, lesson by lesson."""
    return [row for path in lesson_files(folder) for row in vocabulary(path)]


def _split(text: str) -> list[str]:
    """The terms of a cell: split at the commas outside parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [p for p in [*parts, current.strip()] if p]


def _base(term: str) -> str:
    return _PARENTHESES.sub("", term).strip().casefold()


def _bases(cell: str) -> set[str]:
    return {_base(term) for term in _split(cell)} - {""}


def _union_english(rows: list[Row]) -> str:
    """The English terms of merged rows: each once, in order, the most precise wording kept."""
    chosen: dict[str, str] = {}
    for row in rows:
        for term in _split(row.english):
            key = _base(term)
            if key not in chosen or len(term) > len(chosen[key]):
                chosen[key] = term
    return ", ".join(chosen.values())


def _kpi_formula(french: str, lessons: set[str]) -> str:
    """The formula of the KPI this term names (taught in one of ``lessons``), as plain text; else ''."""
    from kpilab.handouts import catalog, latex

    names = _bases(french)
    for kpi in catalog.KPIS:
        first = latex.plain(kpi.formulas[0])
        left, _, right = first.partition(" = ")
        if ({kpi.name.casefold(), _base(left)} & names) and lessons & set(kpi.lessons):
            return right
    return ""


def merge(rows: list[Row]) -> list[Entry]:
    """Join the rows that share a French and an English term; the entries in French order."""
    groups: list[list[Row]] = []
    for row in rows:
        french, english = _bases(row.french), _bases(row.english)
        matching = [g for g in groups
                    if any(french & _bases(r.french) and english & _bases(r.english) for r in g)]
        merged = [row] + [r for g in matching for r in g]
        groups = [g for g in groups if g not in matching] + [merged]
    entries = []
    for group in groups:
        group = sorted(group, key=lambda r: r.lesson)
        main = max(group, key=lambda r: (len(_split(r.french)), len(r.french)))
        lessons = tuple(dict.fromkeys((r.lesson, r.file) for r in group))
        definition = next((r.definition for r in group if r.definition), "")
        if not definition:
            definition = _kpi_formula(main.french, {lesson for lesson, _ in lessons})
        entries.append(Entry(main.french, _union_english(group), definition, lessons))
    return sorted(entries, key=lambda e: sort_key(e.french))


def sort_key(text: str) -> tuple:
    """French dictionary order: letters first without accents or case, then accents, then case.

    Spaces and punctuation sort before letters (« taux d'attrition » before « taux de conversion »);
    œ and æ read as oe and ae.
    """
    folded = text.casefold().replace("œ", "oe").replace("æ", "ae")
    bare = "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))
    primary = tuple((0, " ") if not ch.isalnum() else (1, ch) for ch in bare)
    return primary, folded, text


def _cell(text: str) -> str:
    return text.replace("|", "\\|") if text else "—"


def markdown(entries: list[Entry]) -> str:
    """The glossary page (French), one table row per entry, with links to the lessons."""
    lines = [
        "<!-- Generated by `make fiches` (kpilab.glossary) from the lessons' vocabulary tables: "
        "do not edit by hand. -->",
        "",
        "# Glossaire français–anglais",
        "",
        "[Sommaire](README.md)",
        "",
        f"Les {len(entries)} termes des tableaux de vocabulaire des leçons, réunis et rangés dans l'ordre "
        "alphabétique. Quand une leçon ne donne pas de définition, la colonne reprend la formule du KPI. "
        "Clique sur un numéro pour ouvrir la leçon.",
        "",
        "| terme | anglais | définition courte | leçons |",
        "|---|---|---|---|",
    ]
    for entry in entries:
        links = ", ".join(f"[{lesson}]({file})" for lesson, file in entry.lessons)
        lines.append(f"| {_cell(entry.french)} | {_cell(entry.english)} | {_cell(entry.definition)} | {links} |")
    return typography.fix("\n".join(lines) + "\n", markdown=True)


def write(folder: str | Path = LESSONS, target: str | Path = OUTPUT) -> str:
    """Write the glossary of the lessons in ``folder`` to ``target`` (only when it changed); a French line."""
    target = Path(target)
    text = markdown(merge(lesson_rows(folder)))
    changed = not target.exists() or target.read_text(encoding="utf-8") != text
    if changed:
        target.write_text(text, encoding="utf-8")
    return f"{target.name} : {'mis à jour' if changed else 'inchangé'}"
