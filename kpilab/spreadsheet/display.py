"""What the "Dans un tableur" part of a lesson shows: the workbook's layout and its formulas.

>>> from kpilab import spreadsheet
>>> view = spreadsheet.show("01_taux_de_reponse")
>>> "=SOMME(Campagnes!I2:I25)" in repr(view)
True
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from dataclasses import dataclass

from kpilab import formatting
from kpilab.spreadsheet import formula as _formula
from kpilab.spreadsheet.book import INDICATORS, Book

__all__ = ["BookView", "KIND_NAMES", "shown"]

KIND_NAMES = {
    "text": "texte", "count": "nombre entier", "number": "nombre", "euros": "montant en €",
    "percent": "pourcentage (format %)", "points": "écart en points", "days": "nombre de jours",
    "ratio": "ratio", "date": "date",
}
_FORMAT_KIND = {"count": ("number", 0), "number": ("number", 2), "ratio": ("number", 2), "euros": ("euros", 2),
                "percent": ("percent", 2), "points": ("points", 2), "days": ("days", 1)}


def _code(escaped: str) -> str:
    """The `…` of a text shown as code (a formula)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


def _key(key) -> str:
    """A criterion as the cell shows it: a number or a date in French."""
    if isinstance(key, bool) or not isinstance(key, int | float | _dt.date):
        return str(key)
    if isinstance(key, _dt.date):
        return formatting.format_date(key)
    if float(key).is_integer():
        return str(int(key))  # a year, a code: as the cell shows it, without grouping
    return formatting.format_number(key, digits=2)


def shown(value: float, kind: str) -> str:
    """kpilab's value of an indicator as the cell shows it (in the lesson's unit: 2.93 → « 2,93 % »)."""
    name, digits = _FORMAT_KIND[kind]
    return formatting.format_value(value, name, digits=digits)


@dataclass(frozen=True)
class BookView:
    """A lesson's workbook as the notebook shows it: where each thing is, and each formula."""

    book: Book

    def _sheets(self):
        for sheet in self.book.sheets:
            last = self.book.rows(sheet)
            columns = []
            for col, column in enumerate(sheet.columns, start=1):
                letter = _formula.column_letters(col)
                what = KIND_NAMES[column.kind]
                if column.formula:
                    what += f", calculée : `{self.book.column_formula(sheet, column, 2)}` en {letter}2, recopiée jusqu'en {letter}{last}"
                columns.append((letter, column.header, what))
            yield sheet.name, last, columns

    def _indicators(self):
        for block, _, rows in self.book.layout():
            placed = {p.row: p for p in self.book.placed()}
            yield block, [(placed[row], indicator) for indicator, row in rows]

    def __repr__(self) -> str:
        lines = [f"Classeur : classeurs/{self.book.filename}"]
        for name, last, columns in self._sheets():
            lines.append(f"Feuille {name} (en-têtes en ligne 1, données des lignes 2 à {last}) :")
            lines += [f"  {letter} : {header} ({what})" for letter, header, what in columns]
        lines.append(f"Feuille {INDICATORS} :")
        for block, rows in self._indicators():
            lines.append(f"  {block.title}")
            for placed, indicator in rows:
                key = f" [{_key(indicator.key)}]" if indicator.key is not None else ""
                lines.append(f"  {placed.cell} {indicator.label}{key} : {placed.french}  →  "
                             f"{shown(indicator.value(), indicator.kind)}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        td = '<td style="text-align:left;vertical-align:top">'
        formula = '<code style="white-space:pre-wrap;word-break:break-all">'
        table = '<table style="table-layout:fixed;width:100%">'
        parts = [f"<p><strong>Classeur :</strong> <code>classeurs/{esc(self.book.filename)}</code></p>"]
        for name, last, columns in self._sheets():
            parts.append(f"<p><strong>Feuille {esc(name)}</strong> : les en-têtes en ligne 1, "
                         f"les données des lignes 2 à {last}.</p>")
            rows = "".join(f"<tr>{td}<code>{letter}</code></td>{td}{esc(header)}</td>{td}{_code(esc(what))}</td></tr>"
                           for letter, header, what in columns)
            parts.append(f'{table}<tr><th style="width:10%">Colonne</th><th style="width:25%">En-tête</th>'
                         f"<th>Contenu</th></tr>{rows}</table>")
        parts.append(f"<p><strong>Feuille {INDICATORS}</strong> : la colonne C calcule, la colonne D donne "
                     "la valeur de kpilab.</p>")
        body = []
        for block, rows in self._indicators():
            body.append(f'<tr><td colspan="4" style="text-align:left"><strong>{esc(block.title)}</strong>'
                        + (f"<br><em>{esc(block.note)}</em>" if block.note else "") + "</td></tr>")
            for placed, indicator in rows:
                key = f" <em>({esc(_key(indicator.key))})</em>" if indicator.key is not None else ""
                body.append(f"<tr>{td}<code>{placed.cell}</code></td>{td}{esc(indicator.label)}{key}</td>"
                            f"{td}{formula}{esc(placed.french)}</code></td>"
                            f"{td}{esc(shown(indicator.value(), indicator.kind))}</td></tr>")
        parts.append(f'{table}<tr><th style="width:8%">Cellule</th><th style="width:27%">Indicateur</th>'
                     f'<th>Formule à taper</th><th style="width:15%">Résultat</th></tr>{"".join(body)}</table>')
        return "".join(parts)
