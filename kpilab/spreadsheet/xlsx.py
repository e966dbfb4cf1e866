"""Writing a lesson's :class:`~kpilab.spreadsheet.book.Book` as an ``.xlsx`` file, with openpyxl.

The data sheets come first (headers in row 1, frozen, filters on), then the sheet Indicateurs
whose column C holds live formulas. openpyxl stores no computed values: French Excel and
LibreOffice compute every formula when the file opens (``fullCalcOnLoad``).

The same book gives the same bytes: the document's dates are fixed and the zip is rewritten
with fixed timestamps, so ``make classeurs`` changes a committed workbook only when its
content changes.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.properties import CalcProperties

from kpilab.spreadsheet import formula as _formula
from kpilab.spreadsheet.book import COLUMNS, FIRST_ROW, INDICATORS, Book
from kpilab.spreadsheet.cells import from_serial

__all__ = ["to_bytes", "FORMATS"]

# xlsx number formats: French Excel and LibreOffice show them with a decimal comma and spaces.
FORMATS = {
    "count": "#,##0", "number": "#,##0.00", "ratio": "0.00",
    "euros": '#,##0.00"\u202f€"', "percent": '0.00"\u202f"%', "points": '+0.00"\u202fpt";-0.00"\u202fpt"',
    "days": '0.0"\u202fj"', "date": "dd/mm/yyyy", "text": "@",
}
_FIXED = _dt.datetime(2025, 1, 1)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_FONT = "Calibri"  # the font of Excel's new workbooks (LibreOffice shows Carlito, its metric twin)
_HEADER = Font(name=_FONT, bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1565C0")
_TITLE = Font(name=_FONT, bold=True, size=14)
_BLOCK = Font(name=_FONT, bold=True, size=12, color="1565C0")
_NOTE = Font(name=_FONT, italic=True, color="555555")
_PLAIN = Font(name=_FONT)
_BOLD = Font(name=_FONT, bold=True)
_RESULT_FILL = PatternFill("solid", fgColor="E3F2FD")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_INDICATOR_HEADERS = {
    "label": "Indicateur", "key": "Critère", "result": "Résultat du tableur (formule)",
    "kpilab": "Valeur de kpilab", "typed": "La formule, telle qu'on la tape", "note": "À retenir",
}
_WIDTHS = {"label": 42, "key": 14, "result": 18, "kpilab": 16, "typed": 70, "note": 60}


def _data_sheet(workbook, book: Book, sheet) -> None:
    ws = workbook.create_sheet(sheet.name)
    frame = book.frame(sheet)
    for col, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=col, value=column.header)
        cell.font, cell.fill = _HEADER, _HEADER_FILL
        values = None if column.formula else frame[column.source or column.field].tolist()
        longest = max((len(str(v)) for v in values or () if column.kind == "text"), default=0)
        ws.column_dimensions[_formula.column_letters(col)].width = min(45, max(12, len(column.header) + 3, longest + 2))
        for row in range(2, len(frame) + 2):
            if values is None:
                cell = ws.cell(row=row, column=col, value=_formula.english(
                    _formula.parse(book.column_formula(sheet, column, row))))
            else:
                cell = ws.cell(row=row, column=col, value=_plain(values[row - 2], column.kind))
            cell.number_format, cell.font = FORMATS[column.kind], _PLAIN
    ws.freeze_panes = "A2"
    _landscape(ws)
    last = _formula.column_letters(len(sheet.columns))
    ws.auto_filter.ref = f"A1:{last}{len(frame) + 1}"


def _landscape(ws) -> None:
    """Printed in landscape, as wide as the page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _plain(value, kind):
    """A DataFrame value as openpyxl writes it (a date as a date; text stays text)."""
    from kpilab.spreadsheet.book import cell_value

    value = cell_value(value)
    if value is None:
        return None
    if kind == "date":
        return from_serial(value)
    if kind == "text":
        return str(value) if not isinstance(value, float) or not value.is_integer() else str(int(value))
    return value


def _text_cell(ws, row, col, text, font=None):
    cell = ws.cell(row=row, column=col, value=text)
    cell.data_type = "s"  # a text, even when it starts with "="
    cell.quotePrefix = text.startswith(("=", "+", "-", "@"))
    cell.alignment = _WRAP
    cell.font = _PLAIN if font is None else font
    return cell


def _lines(text: str, column: str) -> int:
    """About how many lines a wrapped text takes in its column (a character is about one width unit)."""
    return -(-len(text) // int(_WIDTHS[column] * 1.1)) if text else 1


def _indicators(workbook, book: Book) -> None:
    ws = workbook.create_sheet(INDICATORS)
    _text_cell(ws, 1, 1, book.title, _TITLE).alignment = Alignment()
    _text_cell(ws, 2, 1, book.about, _NOTE).alignment = Alignment()
    _text_cell(ws, 3, 1, "La colonne C calcule chaque indicateur avec une formule (clique sur une cellule pour la "
               "voir) ; la colonne D rappelle la valeur que kpilab calcule dans la leçon : les deux sont égales.",
               _NOTE).alignment = Alignment()
    for key, col in COLUMNS.items():
        cell = ws.cell(row=FIRST_ROW - 1, column=col, value=_INDICATOR_HEADERS[key])
        cell.font, cell.fill = _HEADER, _HEADER_FILL
        ws.column_dimensions[_formula.column_letters(col)].width = _WIDTHS[key]
    placed = {p.row: p for p in book.placed()}
    for block, title, rows in book.layout():
        _text_cell(ws, title, 1, block.title, _BLOCK).alignment = Alignment()
        if block.note:
            _text_cell(ws, title + 1, 1, block.note, _NOTE).alignment = Alignment()
        for indicator, row in rows:
            here = placed[row]
            _text_cell(ws, row, COLUMNS["label"], indicator.label)
            if indicator.key is not None:
                key = ws.cell(row=row, column=COLUMNS["key"], value=indicator.key)
                key.font, key.alignment = _PLAIN, _TOP
                if isinstance(indicator.key, _dt.date):
                    key.number_format = FORMATS["date"]
            result = ws.cell(row=row, column=COLUMNS["result"], value=_formula.english(_formula.parse(here.french)))
            result.number_format, result.fill, result.font = FORMATS[indicator.kind], _RESULT_FILL, _BOLD
            result.alignment = _TOP
            value = ws.cell(row=row, column=COLUMNS["kpilab"], value=round(here.kpilab_value(), 10))
            value.number_format, value.font, value.alignment = FORMATS[indicator.kind], _PLAIN, _TOP
            _text_cell(ws, row, COLUMNS["typed"], here.french)
            if indicator.note:
                _text_cell(ws, row, COLUMNS["note"], indicator.note)
            lines = max(_lines(here.french, "typed"), _lines(indicator.note, "note"), _lines(indicator.label, "label"))
            if lines > 1:  # a spreadsheet does not grow a row for wrapped text written by a program
                ws.row_dimensions[row].height = 15 * lines
    ws.freeze_panes = f"A{FIRST_ROW}"
    _landscape(ws)


def to_bytes(book: Book) -> bytes:
    """The workbook's ``.xlsx`` bytes, the same for the same book."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in book.sheets:
        _data_sheet(workbook, book, sheet)
    _indicators(workbook, book)
    workbook.active = len(book.sheets)  # it opens on the indicators
    for ws in workbook.worksheets:
        ws.sheet_view.tabSelected = ws.title == INDICATORS
    workbook.calculation = CalcProperties(fullCalcOnLoad=True)
    props = workbook.properties
    props.creator, props.lastModifiedBy = "KPI Lab", "KPI Lab"
    props.title, props.language = book.title, "fr-FR"
    props.created = props.modified = _FIXED
    raw = io.BytesIO()
    workbook.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps and permissions (openpyxl stamps the time of saving)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o600 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl writes the time of saving as "modified"
                content = _MODIFIED.sub(rb"\g<1>2025-01-01T00:00:00Z\g<2>", content)
            target.writestr(fixed, content)
    return out.getvalue()
