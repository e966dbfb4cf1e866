"""A student's mistakes in a notebook, explained in French instead of a traceback.

:func:`install` hooks :func:`explain` into IPython with its documented
mechanism for custom exception handlers (``InteractiveShell.set_custom_exc``).
For a :class:`~kpilab.errors.KPIError` or a :class:`NameError` raised by a
cell, the output is one short French message: what is wrong, what to do, and
the line of the student's own cell, never kpilab's internals. The cell still
fails (Run All stops there, nbval sees an error), and ``%tb`` in the next cell
prints the full Python traceback for whoever asks.

The texts are built by plain functions (:func:`message_for`), tested without
a kernel.
"""

from __future__ import annotations

import ast
import linecache
import re
import sys

from kpilab.errors import KPIError

__all__ = ["HANDLED", "explain", "install", "message_for", "number_fix", "student_line", "uninstall"]

# SyntaxError: only the numbers written as in a spreadsheet (3,05 — 12,5 % — 1 234 €) are
# explained; any other one keeps IPython's usual message.
HANDLED = (KPIError, NameError, SyntaxError)

# Names that the first cell of a lesson or of an exercise notebook creates.
SETUP_NAMES = {
    "kpilab", "datasets", "tables", "charts", "formulas", "simulator", "simulators", "pd", "np", "plt",
    "campagnes", "prospects", "clients", "commandes", "lignes", "lignes_commande", "frequentation",
}
_QUESTION = re.compile(r"q\d+$")
_LETTER = re.compile(r"[a-fA-F]$")
_ASSIGN_LETTER = re.compile(r"^(\s*\w+\s*=\s*)([a-fA-F])(\s*(?:#.*)?)$")

# ANSI styles: the error area of JupyterLab shows them; nothing else is coloured.
BOLD, RED, RESET = "\x1b[1m", "\x1b[31m", "\x1b[0m"
MORE = "Détail technique (pour ton enseignant) : exécute %tb dans une nouvelle cellule."


def student_line(tb, cell_names) -> tuple[int | None, int, str] | None:
    """(cell number, line number, line text) of the last frame that runs in a notebook cell."""
    found = None
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename in cell_names:
            text = linecache.getline(code.co_filename, tb.tb_lineno).strip()
            found = (cell_names[code.co_filename], tb.tb_lineno, text)
        tb = tb.tb_next
    return found


_DECIMAL_COMMA = re.compile(r"(?<![\w.])(\d+),(\d+)(?![\w.])")
_THOUSANDS = re.compile(r"(?<![\w.])(\d{1,3})(?:[ \u00a0\u202f](\d{3}))+(?![\w.])")
_SIGN = re.compile(r"(\d)\s*[%€]")


def number_fix(line: str) -> str | None:
    """The line with its numbers written for Python (12,5 % → 12.5), or None if that fixes nothing."""
    code, hash_, comment = line.partition("#")
    fixed = _THOUSANDS.sub(lambda m: re.sub(r"[ \u00a0\u202f]", "", m.group(0)), code)
    fixed = _DECIMAL_COMMA.sub(r"\1.\2", fixed)
    fixed = _SIGN.sub(r"\1", fixed).rstrip()
    if fixed == code.rstrip():
        return None
    try:
        ast.parse(fixed.strip())
    except SyntaxError:
        return None
    return f"{fixed}  {hash_}{comment}".rstrip() if hash_ else fixed


def _raised_in_cell(tb, cell_names) -> bool:
    """Whether the innermost frame of the traceback runs a notebook cell."""
    last = None
    while tb is not None:
        last, tb = tb, tb.tb_next
    return last is not None and last.tb_frame.f_code.co_filename in cell_names


def _name_advice(error: NameError, line: str) -> tuple[str, str]:
    """(what is wrong, what to do) for a name Python does not know."""
    name = getattr(error, "name", None) or ""
    if _QUESTION.fullmatch(name) or name in SETUP_NAMES:
        return (f"`{name}` n'existe pas encore dans ce carnet.",
                "Exécute d'abord la cellule de préparation, tout en haut (celle qui commence par "
                "« import kpilab »), puis relance cette cellule. Après un redémarrage du noyau, "
                "il faut la relancer aussi.")
    assigned = _ASSIGN_LETTER.match(line)
    if _LETTER.fullmatch(name) and assigned:
        fixed = f'{assigned.group(1)}"{name}"{assigned.group(3)}'.strip()
        return (f"Python ne connaît pas `{name}` : pour lui, une lettre seule est le nom d'une variable.",
                f"Une réponse par lettre s'écrit entre guillemets : {fixed}")
    return (f"Python ne connaît pas `{name}`.",
            "Vérifie l'orthographe (majuscules, accents, tirets bas), ou exécute d'abord la cellule "
            "qui crée cette variable : les cellules s'exécutent dans l'ordre où tu les lances.")


def message_for(error: BaseException, where: tuple[int | None, int, str] | None = None) -> list[str]:
    """The French lines shown for this error; ``where`` is :func:`student_line`'s result."""
    line = where[2] if where else ""
    if isinstance(error, KPIError):
        lines = [f"{BOLD}{RED}Erreur dans ton calcul{RESET}", str(error)]
    elif isinstance(error, SyntaxError):
        lines = [f"{BOLD}{RED}Nombre mal écrit pour Python{RESET}",
                 "En Python, un nombre s'écrit avec un point à la place de la virgule, sans espace "
                 "entre les milliers et sans signe % ni €.",
                 f"Écris plutôt\u00a0: {number_fix(line)}"]
    else:
        problem, advice = _name_advice(error, line)
        lines = [f"{BOLD}{RED}Nom inconnu{RESET}", problem, advice]
    if where and line:
        cell, number, _ = where
        place = f"Cellule [{cell}], ligne {number}" if cell else f"Ligne {number}"
        lines += ["", f"{place}\u00a0: {BOLD}{line}{RESET}"]
    return [*lines, "", MORE]


def explain(shell, etype, value, tb, tb_offset=None):  # noqa: ARG001 — IPython's handler signature
    """The custom exception handler: one French message as the cell's error output."""
    # %tb (and post-mortem tools) read the last exception from sys.
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
    if sys.version_info >= (3, 12):
        sys.last_exc = value
    names = getattr(getattr(shell, "compile", None), "_filename_map", {}) or {}
    where = student_line(tb, names)
    if isinstance(value, SyntaxError):
        where = (names.get(value.filename), value.lineno or 1, (value.text or "").strip())
        if not number_fix(where[2]):
            shell.showsyntaxerror()  # not a number typed as in a spreadsheet: IPython's message
            return None
    if isinstance(value, NameError) and not _raised_in_cell(tb, names):
        # A name missing inside a library is not the student's mistake: the usual traceback.
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None
    stb = ["\n".join(message_for(value, where))]
    shell._showtraceback(etype, value, stb)
    return stb


def install(shell) -> None:
    """Explain the course's errors in French in this IPython shell."""
    shell.set_custom_exc(HANDLED, explain)


def uninstall(shell) -> None:
    if getattr(shell, "custom_exceptions", ()) == HANDLED:
        shell.set_custom_exc((), None)
