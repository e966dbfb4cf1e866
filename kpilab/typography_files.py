"""French typography of whole files: notebooks (cells and saved outputs), Python and Markdown.

:func:`notebook_problems` checks a notebook: markdown cells, the string
literals of code cells and the saved outputs (stream text, ``text/html`` with
its tags stripped, else ``text/plain``); :func:`fix_notebook` and
:func:`fix_file` fix markdown and code, never outputs (they come from running
the code: run the notebook again). Users import these from
:mod:`kpilab.typography`.

>>> notebook = {"cells": [{"cell_type": "markdown", "source": "Prêt ?"}]}
>>> [str(place) for place in notebook_problems(notebook, "nb.ipynb")]  # doctest: +ELLIPSIS
["nb.ipynb: cell 0 (markdown), line 1, column 5: ordinary space before '?'..."]
>>> fix_notebook(notebook), notebook["cells"][0]["source"] == "Prêt\\u202f?"
(1, True)
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from kpilab.typography_code import code_problems, fix_code
from kpilab.typography_rules import (
    _HTML_BLOCKS, _HTML_TAG, _OPAQUE, Problem, _apply, _line_starts, _make, _masked, _scan, fix, problems,
)

_PANDAS_FOOTER = re.compile(r"^(?:Name|Length|Freq|dtype|Categories \([^)]*\)): .*$", re.MULTILINE)  # English
_HTML_CODE = re.compile(r"<code\b[^>]*>.*?</code\s*>", re.DOTALL | re.IGNORECASE)  # code, as `…` in markdown
_ESCAPED_SPACE = re.compile(r"\\u202f|\\u00a0|\\xa0", re.IGNORECASE)


def _html_text(markup: str) -> str:
    """What a reader sees of some HTML: tags and style/script blocks stripped, code masked, entities decoded."""
    text = _HTML_CODE.sub(_OPAQUE, _HTML_BLOCKS.sub("", markup))
    text = _HTML_TAG.sub(_OPAQUE, text)
    return html.unescape(text)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def output_problems(output: dict) -> list[Problem]:
    """Problems in one saved output of a code cell (a dict as in the .ipynb file).

    Stream text and ``text/plain`` are read as prose; ``text/html`` (used
    instead of ``text/plain`` when both are there, as Jupyter shows it) with
    its tags stripped. A repr that shows ``\\u202f`` or ``\\xa0`` is reported
    too: the student sees the escape, not a space.
    """
    kind = output.get("output_type")
    if kind == "stream":
        text = _text(output.get("text", ""))
        return _scan(text, _masked(text, False, extra=(_PANDAS_FOOTER,)))
    if kind not in ("execute_result", "display_data"):
        return []
    data = output.get("data", {})
    if "text/html" in data:
        return problems(_html_text(_text(data["text/html"])))
    if "text/plain" in data:
        text = _text(data["text/plain"])
        found = _scan(text, _masked(text, False, extra=(_PANDAS_FOOTER,)))
        starts = _line_starts(text)
        for match in _ESCAPED_SPACE.finditer(text):
            found.append(_make(text, starts, match.start(), match.end(), match.group(),
                               "a no-break space shown as an escape in a repr: print() the text, "
                               "or return a kpilab.formatting.FrenchText"))
        return sorted(found, key=lambda p: p.start)
    return []


# --- notebooks and files ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    """Where a problem is in a file: the cell (notebooks) and the part of it."""

    path: str
    cell: int | None  # 0-based cell index, None for a .py or .md file
    part: str  # "markdown", "code", "output 0"…, or "python"
    problem: Problem

    def __str__(self) -> str:
        where = f"cell {self.cell} ({self.part})" if self.cell is not None else self.part
        return f"{self.path}: {where}, {self.problem}"


def notebook_problems(notebook: dict, path: str = "", *, outputs: bool = True) -> list[Place]:
    """Every problem of a notebook (the JSON dict): markdown, code strings and, with ``outputs``, outputs."""
    found = []
    for index, cell in enumerate(notebook.get("cells", [])):
        source = _text(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            found += [Place(path, index, "markdown", p) for p in problems(source, markdown=True)]
        elif cell.get("cell_type") == "code":
            found += [Place(path, index, "code", p) for p in code_problems(source, notebook=True)]
            if outputs:
                for n, output in enumerate(cell.get("outputs", [])):
                    found += [Place(path, index, f"output {n}", p) for p in output_problems(output)]
    return found


def _set_source(cell: dict, text: str) -> None:
    cell["source"] = text.splitlines(keepends=True) if isinstance(cell.get("source"), list) else text


def fix_notebook(notebook: dict) -> int:
    """Fix the markdown cells and the code string literals of a notebook in place; the number of changes."""
    changes = 0
    for cell in notebook.get("cells", []):
        source = _text(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            found = problems(source, markdown=True)
            fixed = _apply(source, found)
        elif cell.get("cell_type") == "code":
            found = code_problems(source, notebook=True)
            fixed = _apply(source, found)
        else:
            continue
        if fixed != source:
            changes += len(found)
            _set_source(cell, fixed)
    return changes


def _dump_notebook(notebook: dict) -> str:
    """The notebook as nbformat writes it (sorted keys, one-space indent, UTF-8 as is)."""
    return json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def python_problems(source: str, path: str = "") -> list[Place]:
    return [Place(path, None, "python", p) for p in code_problems(source)]


def fix_python(source: str) -> str:
    return fix_code(source)


def file_problems(path: str | Path) -> list[Place]:
    """Problems of a .ipynb, .py or .md file."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return notebook_problems(json.loads(text), str(path))
    if path.suffix == ".py":
        return python_problems(text, str(path))
    if path.suffix == ".md":
        return [Place(str(path), None, "markdown", p) for p in problems(text, markdown=True)]
    raise ValueError(f"{path}: only .ipynb, .py and .md files are checked")


def fix_file(path: str | Path) -> int:
    """Fix a .ipynb, .py or .md file in place (written only when it changes); the number of changes."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        notebook = json.loads(text)
        changes = fix_notebook(notebook)
        fixed = _dump_notebook(notebook) if changes else text
    elif path.suffix == ".py":
        changes = len(code_problems(text))
        fixed = fix_code(text)
    elif path.suffix == ".md":
        changes = len(problems(text, markdown=True))
        fixed = fix(text, markdown=True)
    else:
        raise ValueError(f"{path}: only .ipynb, .py and .md files are fixed")
    if fixed != text:
        path.write_text(fixed, encoding="utf-8")
    return changes
