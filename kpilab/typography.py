"""French typography: find and fix the spaces that French prose needs.

The course's rule (COURSE.md, "Look and feel"): a narrow no-break space
(U+202F) before ``; ! ? % €`` and between groups of thousands, a no-break
space (U+00A0) before ``:`` and inside guillemets.

- :func:`problems` lists what is wrong in a text, each :class:`Problem` with
  its place and a snippet; :func:`fix` repairs all of it. With
  ``markdown=True`` they leave alone what is not prose: code spans and fenced
  blocks, LaTeX (``$…$``, ``$$…$$``), URLs and link targets, HTML tags with
  their attributes (so ``style="padding:2px 12px"`` is never touched).
- :func:`code_problems` and :func:`fix_code` do the same inside the string
  literals of Python code (found with :mod:`tokenize`), and only there: an
  f-string's fields (``{x:.1f}``) and a template's fields (``{name}``) are
  code, ``a % b`` and ``x != y`` outside strings are never seen. Only strings
  that look like French prose are checked (see :func:`is_prose`), and never
  docstrings, which are English.
- :func:`notebook_problems` checks a notebook: markdown cells, the string
  literals of code cells and the saved outputs (stream text, ``text/html``
  with its tags stripped, else ``text/plain``); :func:`fix_notebook` and
  :func:`fix_file` fix markdown and code, never outputs (they come from
  running the code: run the notebook again).

The rules on prose are in :mod:`kpilab.typography_rules`, the string
literals of Python code in :mod:`kpilab.typography_code`, notebooks and
files in :mod:`kpilab.typography_files`; this module gathers their public
names and is the command line.

From a shell (``--check`` only lists the problems and exits with 1 when
there are any)::

    python -m kpilab.typography [--check] notebooks/*.ipynb kpilab/formulas.py

What is deliberately not flagged: a colon without a space after a digit
(times such as ``12:30``), a colon followed by something other than a space
(``https:``, ``mailto:x``), ``%`` or ``€`` after a word (``en %``: the symbol
is a noun there), digit groups after a four-digit number (``en 2024 100
clients``) and any space between a number and a unit word (``42 jours``).

>>> fix("Bravo ! Ton taux est de 3,2 %.") == "Bravo\\u202f! Ton taux est de 3,2\\u202f%."
True
>>> [p.what for p in problems("Durée : 12 000 jours")]  # doctest: +NORMALIZE_WHITESPACE
["ordinary space before ':': use a no-break space (U+00A0)",
 'ordinary space between digit groups: use a narrow no-break space (U+202F)']
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpilab.typography_code import code_problems, fix_code, is_prose
from kpilab.typography_files import (
    Place, file_problems, fix_file, fix_notebook, fix_python, notebook_problems, output_problems,
    python_problems,
)
from kpilab.typography_rules import NARROW, NBSP, Problem, fix, problems

# Two private names the tests read here: the mark of a masked field, and notebooks written as fix_file does.
from kpilab.typography_files import _dump_notebook  # noqa: F401
from kpilab.typography_rules import _FIELD  # noqa: F401

__all__ = [
    "NARROW", "NBSP", "Problem", "Place", "problems", "fix", "is_prose",
    "code_problems", "fix_code", "output_problems", "notebook_problems",
    "fix_notebook", "python_problems", "fix_python", "file_problems", "fix_file", "main",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kpilab.typography",
        description="Check or fix the French spacing (U+202F, U+00A0) of notebooks, Python and Markdown files.",
    )
    parser.add_argument("--check", action="store_true", help="only list the problems (exit status 1 when any)")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    remaining = 0
    for path in args.files:
        if not args.check:
            changes = fix_file(path)
            if changes:
                print(f"{path}: {changes} fixed")
        left = file_problems(path)
        for place in left:
            print(place)
        if args.check and left:
            print(f"{path}: {len(left)} problem{'s' if len(left) > 1 else ''}")
        remaining += len(left)
    return 1 if remaining else 0


if __name__ == "__main__":
    sys.exit(main())
