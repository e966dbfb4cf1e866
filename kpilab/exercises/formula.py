"""Judging a spreadsheet formula typed as text: for its meaning, not its spelling.

A question of kind ``formula`` says where the formula goes (:class:`Where`: the lesson's workbook,
a sheet, a cell, and how far it is copied down). The student's formula and the question's own
(``expected``) are both computed by :mod:`kpilab.spreadsheet.evaluate` on the workbook's cells and on
variants of them (numbers redrawn, texts shuffled, dates moved), at the cell and at every cell it
is copied to. They mean the same when they give the same results everywhere: ``=SOMME(I2:I25)/SOMME(J2:J25)``,
``=SOMME(Campagnes!I2:I25)/SOMME(Campagnes!J2:J25)`` and ``=1/(SOMME(J2:J25)/SOMME(I2:I25))``
are all right; a formula typed with the results written as numbers is not, since it does not
follow the data.

A rate may be computed as a fraction shown with the % format, or × 100 in a cell left at the
Standard format: both are right, and the verdict says which format goes with it. A declared
:class:`~kpilab.exercises.engine.Mistake` gives its formula (``lambda: "=MOYENNE(K2:K25)"``); a
formula that means the same gets its message. Otherwise the verdict says what it can see: a
function name in English, a formula right in its cell but wrong once copied (a missing ``$``), a
range that stops before the data's last row, an error value (#DIV/0!…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from kpilab.spreadsheet import formula as _formula
from kpilab.spreadsheet.cells import SheetError
from kpilab.spreadsheet.evaluate import evaluate

__all__ = ["Where", "judge_formula", "VARIANTS"]

VARIANTS = 3  # redrawn copies of the data the formula is also computed on
_CELL = re.compile(r"^([A-Z]{1,3})(\d+)$")


@dataclass(frozen=True)
class Where:
    """Where the formula is typed: ``lesson``'s workbook, ``sheet``, ``cell``, copied down to ``copy_to``."""

    lesson: str
    sheet: str
    cell: str
    copy_to: str | None = None
    percent: bool = False  # a rate: × 100 with the Standard format is right too

    @property
    def row(self) -> int:
        return int(_CELL.match(self.cell).group(2))

    @property
    def copies(self) -> int:
        """How many rows below the first cell the formula is copied to."""
        return int(_CELL.match(self.copy_to).group(2)) - self.row if self.copy_to else 0

    def book(self):
        from kpilab import spreadsheet

        return spreadsheet.book(self.lesson)


# --- the grids the formulas are computed on ------------------------------------------------------

_GRIDS: dict[str, list] = {}
_AREAS: dict[str, list[dict]] = {}  # per lesson, per grid: the ranges read (evaluate's cache)


def _variant(book, seed: int) -> dict:
    """The book's data sheets with redrawn numbers, shuffled texts and moved dates."""
    rng = np.random.default_rng(seed)
    frames = {}
    for sheet in book.sheets:
        frame = book.frame(sheet).copy()
        for column in sheet.columns:
            if column.formula:
                continue
            name = column.source or column.field
            values = frame[name]
            if column.kind == "text":
                frame[name] = rng.permutation(values.to_numpy(dtype=object))
            elif column.kind == "date":
                frame[name] = values + np.array([np.timedelta64(int(d), "D") for d in rng.integers(-20, 21, len(values))])
            else:
                factors = rng.uniform(0.6, 1.4, len(values))
                drawn = values.astype(float) * factors
                frame[name] = drawn.round() if column.kind == "count" else drawn.round(2)
        frames[sheet.name] = frame
    return frames


def grids(lesson: str) -> list:
    """The workbook's cells, then :data:`VARIANTS` variants (computed once per lesson)."""
    if lesson not in _GRIDS:
        from kpilab import spreadsheet

        book = spreadsheet.book(lesson)
        _GRIDS[lesson] = [book.grid()] + [book.grid(_variant(book, seed)) for seed in range(VARIANTS)]
    return _GRIDS[lesson]


# --- comparing -------------------------------------------------------------------------------------

def _results(tree, where: Where) -> list:
    """The formula's value at its cell and at each copy, on every grid."""
    found = []
    lesson_grids = grids(where.lesson)
    if where.lesson not in _AREAS:  # the grids no longer change: a range read once is kept
        _AREAS[where.lesson] = [{} for _ in lesson_grids]
    for grid, read in zip(lesson_grids, _AREAS[where.lesson]):
        for rows in range(where.copies + 1):
            found.append(evaluate(_formula.shift(tree, rows=rows), grid, where.sheet, read))
    return found


def _same(a, b, scale: float = 1.0) -> bool:
    if isinstance(a, SheetError) or isinstance(b, SheetError):
        return isinstance(a, SheetError) and isinstance(b, SheetError) and a.code == b.code
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a.casefold() == b.casefold()
    a, b = float(a), float(b) * scale
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def _all_same(mine, theirs, scale: float = 1.0) -> bool:
    return len(mine) == len(theirs) and all(_same(a, b, scale) for a, b in zip(mine, theirs))


def _first_cells(results, where: Where) -> list:
    """Only the values at the first cell (one per grid)."""
    return results[:: where.copies + 1]


# --- what to say ---------------------------------------------------------------------------------

def _shown(value, digits: int = 4) -> str:
    if isinstance(value, SheetError):
        return value.code
    if isinstance(value, str):
        return f"« {value} »"
    from kpilab import formatting

    text = formatting.format_number(float(value), digits=digits)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _ranges_notes(tree, where: Where) -> list[str]:
    """What the ranges read, against the data sheets' extent."""
    book, notes = where.book(), []
    sheets = {sheet.name: sheet for sheet in book.sheets}
    for ref in _formula.references(tree):
        name = ref.sheet or where.sheet
        if name not in sheets or not isinstance(ref, _formula.Range) or ref.start.row is None:
            continue
        last = book.rows(sheets[name])
        top, bottom = sorted((ref.start.row, ref.end.row))
        text = _formula.french(ref)[1:]
        if bottom < last:
            notes.append(f"la plage `{text}` s'arrête à la ligne {bottom}, alors que les données de la feuille "
                         f"{name} vont jusqu'à la ligne {last}")
        elif top > 2:
            notes.append(f"la plage `{text}` commence à la ligne {top} : les données commencent à la ligne 2")
    return notes


def _columns_read(tree, where: Where) -> str:
    book = where.book()
    sheets = {sheet.name: sheet for sheet in book.sheets}
    headers = []
    for ref in _formula.references(tree):
        name = ref.sheet or where.sheet
        if name not in sheets:
            continue
        start = ref.start if isinstance(ref, _formula.Range) else ref
        end = ref.end if isinstance(ref, _formula.Range) else ref
        for col in range(min(start.col, end.col), max(start.col, end.col) + 1):
            if col <= len(sheets[name].columns):
                header = sheets[name].columns[col - 1].header
                if header not in headers:
                    headers.append(header)
    return ", ".join(f"« {h} »" for h in headers)


def _fixed_example(tree) -> str:
    """A range of the expected formula that a copy keeps, as an example (``$I$2:$I$25``)."""
    for ref in _formula.references(tree):
        if isinstance(ref, _formula.Range) and ref.start.abs_row and ref.end.abs_row:
            return "par exemple " + _formula.french(_formula.Range(
                _formula.Ref(ref.start.col, ref.start.row, ref.start.abs_col, True),
                _formula.Ref(ref.end.col, ref.end.row, ref.end.abs_col, True)))[1:]
    return "un $ devant le numéro de ligne de ce qui ne doit pas bouger"


def _fixed_rows(tree) -> int:
    """How many of the formula's references keep their row when copied down (a $ before the row)."""
    count = 0
    for ref in _formula.references(tree):
        for end in ((ref.start, ref.end) if isinstance(ref, _formula.Range) else (ref,)):
            count += end.abs_row
    return count


def _correct_message(tree, where: Where, times_100: bool, first) -> tuple[str, str]:
    text = _formula.french(tree)
    if times_100:
        return text, (f"`{text}` : c'est juste, si la cellule reste au format Standard (elle affiche "
                      f"{_shown(first, 2)}, un nombre de %). Au format %, elle afficherait {_shown(first * 100, 0)} % : "
                      "avec le format %, on ne multiplie pas par 100.")
    extra = " Mets la cellule au format Pourcentage pour lire le taux en %." if where.percent else ""
    return text, f"`{text}` : c'est juste, ta formule donne bien le résultat attendu.{extra}"


def judge_formula(question, text: str, verdict):
    """The verdict on a formula (``verdict(status, message, mistake=None)`` builds it)."""
    from kpilab.exercises.engine import CORRECT, INCORRECT

    where: Where = question.where
    typed = text.strip()
    try:
        tree = _formula.parse(typed)
    except _formula.FormulaError as error:
        why = str(error)
        why = why[0].lower() + why[1:] if len(why) > 1 and why[1].islower() else why
        return verdict(INCORRECT, f"Le tableur ne comprendrait pas cette formule : {why}", "formule illisible")
    reminder = "" if typed.startswith("=") else (" Dans le tableur, commence-la par = : sans lui, la cellule "
                                                 "affiche le texte au lieu de calculer.")
    if not _formula.references(tree):
        return verdict(INCORRECT, "Ta formule ne lit aucune cellule : elle ne contient que des nombres tapés. "
                                  "Si les données changent, elle ne suit pas. Écris-la avec les cellules "
                                  "(par exemple des plages comme I2:I25).", "nombres tapés")
    expected = _formula.parse(question.expected_value())
    mine, theirs = _results(tree, where), _results(expected, where)
    short = _ranges_notes(tree, where) if not _ranges_notes(expected, where) else []
    if short and (_all_same(mine, theirs) or where.percent and _all_same(mine, theirs, scale=100)):
        # the same results here, but rows left out: the formula would miss them on other data
        return verdict(INCORRECT, "Ta formule donne le bon résultat sur ces données, mais elle ne lit pas toutes "
                                  "les lignes : " + " ; ".join(short) + ". Sur d'autres données, le résultat serait "
                                  "faux.", "plage incomplète")
    if _all_same(mine, theirs):
        return verdict(CORRECT, _correct_message(tree, where, False, mine[0])[1] + reminder)
    if where.percent and _all_same(mine, theirs, scale=100):
        return verdict(CORRECT, _correct_message(tree, where, True, mine[0])[1] + reminder)
    for mistake in question.mistakes:
        try:
            wrong = _results(_formula.parse(mistake.wrong_value()), where)
        except Exception:  # noqa: BLE001 — a mistake that cannot be read never matches
            continue
        if _all_same(mine, wrong) or where.percent and _all_same(mine, wrong, scale=100):
            return verdict(INCORRECT, mistake.message + reminder, mistake.message)
    if where.copies and _all_same(_first_cells(mine, where), _first_cells(theirs, where)):
        copied = _formula.french(_formula.shift(tree, rows=1))
        below = f"{_CELL.match(where.cell).group(1)}{where.row + 1}"
        if _fixed_rows(tree) < _fixed_rows(expected):
            return verdict(INCORRECT,
                           f"Ta formule est juste en {where.cell}, mais recopiée en {below} elle devient `{copied}` : "
                           f"les plages ont glissé d'une ligne. Fige-les avec des $ ({_fixed_example(expected)}), "
                           "puis recopie.", "référence absolue manquante")
        return verdict(INCORRECT,
                       f"Ta formule est juste en {where.cell}, mais recopiée en {below} elle devient `{copied}` : "
                       "une cellule figée par un $ ne suit plus sa ligne. Ne mets le $ que devant ce qui doit rester "
                       "fixe quand on recopie.", "référence figée en trop")
    errors = [value for value in mine[:1] if isinstance(value, SheetError)]
    if errors:
        why = f" : {errors[0].why}" if errors[0].why else ""
        return verdict(INCORRECT, f"Dans le tableur, ta formule affiche {errors[0].code}{why}.", "erreur du tableur")
    notes = _ranges_notes(tree, where)
    if notes:
        return verdict(INCORRECT, "Ta formule ne lit pas toutes les données : " + " ; ".join(notes) + ".",
                       "plage incomplète")
    return verdict(INCORRECT,
                   f"Ta formule donne {_shown(mine[0])} : ce n'est pas le résultat attendu. Elle lit les colonnes "
                   f"{_columns_read(tree, where)} ; relis ce qu'on divise par quoi, ou demande un indice : "
                   f"{question.id}.hint().", None)
