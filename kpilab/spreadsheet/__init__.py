"""The spreadsheet bridge: each lesson's KPIs as French Excel and LibreOffice Calc formulas.

- :mod:`~kpilab.spreadsheet.formula` reads a French formula (``=SOMME(C2:C25)/SOMME(B2:B25)``),
  writes it back in French or as an ``.xlsx`` file stores it, and copies it to another cell;
- :mod:`~kpilab.spreadsheet.evaluate` computes it on a sheet's cells (the exercises' checks);
- :mod:`~kpilab.spreadsheet.book` declares a lesson's workbook, one module per lesson in
  :mod:`kpilab.spreadsheet.lessons`; :mod:`~kpilab.spreadsheet.xlsx` writes it;
- :func:`show` is what the lesson's "Dans un tableur" part displays.

``python -m kpilab.spreadsheet`` (``make classeurs``) writes the workbooks into ``classeurs/``.

>>> book("01").filename
'01_taux_de_reponse.xlsx'
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from kpilab.errors import KPIError
from kpilab.spreadsheet.book import Block, Book, Column, Indicator, Sheet

__all__ = ["Book", "Sheet", "Column", "Indicator", "Block", "books", "book", "show"]


@cache
def books() -> dict[str, Book]:
    """Every lesson's workbook, by lesson (``"01_taux_de_reponse"``), in lesson order."""
    from kpilab.spreadsheet import lessons

    found = {}
    for info in sorted(pkgutil.iter_modules(lessons.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{lessons.__name__}.{info.name}")
        found[module.BOOK.lesson] = module.BOOK
    return found


def book(lesson: str) -> Book:
    """The workbook of a lesson, by its number (``"01"``) or its name (``"01_taux_de_reponse"``)."""
    lesson = str(lesson)
    for name, found in books().items():
        if lesson in (name, name[:2]):
            return found
    raise KPIError(f"Aucun classeur pour la leçon « {lesson} » : les leçons qui en ont un sont "
                   f"{', '.join(name[:2] for name in books())}.")


def show(lesson: str):
    """The layout and the formulas of a lesson's workbook, as the lesson shows them."""
    from kpilab.spreadsheet.display import BookView

    return BookView(book(lesson))
