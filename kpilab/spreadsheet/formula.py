"""A spreadsheet formula as a French student types it: read, written back, copied to another cell.

:func:`parse` reads ``=SOMME(C2:C25)/SOMME(B2:B25)*100`` (French function names,
``;`` between arguments, ``,`` as the decimal separator, ``$`` for absolute
references) into a small tree; :func:`french` writes the tree back the way
French Excel shows it, :func:`english` the way an ``.xlsx`` file stores it,
and :func:`shift` gives the formula a cell holds once copied ``rows`` lower
(what "recopier vers le bas" does: relative references move, ``$`` ones stay).

A formula that cannot be read raises :class:`FormulaError` with a French
message that says what to fix.

>>> tree = parse("=somme(c2:c25)/SOMME($B$2:$B$25)")
>>> french(tree), english(tree)
('=SOMME(C2:C25)/SOMME($B$2:$B$25)', '=SUM(C2:C25)/SUM($B$2:$B$25)')
>>> french(shift(parse("=C2/$C$26"), rows=3))
'=C5/$C$26'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kpilab.spreadsheet.names import ENGLISH, FRENCH, stored_name

__all__ = ["FormulaError", "Number", "Text", "Bool", "Ref", "Range", "Call", "Unary", "Binary", "Percent",
           "parse", "french", "english", "shift", "column_index", "column_letters", "references", "calls"]


class FormulaError(ValueError):
    """A formula that cannot be read, explained in French."""


# --- the tree -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class Text:
    value: str


@dataclass(frozen=True)
class Bool:
    value: bool


@dataclass(frozen=True)
class Ref:
    """One cell: column and row numbers from 1, each absolute (``$``) or not; a sheet or None."""

    col: int
    row: int
    abs_col: bool = False
    abs_row: bool = False
    sheet: str | None = None


@dataclass(frozen=True)
class Range:
    """From one cell to another; a whole column (``C:C``) has rows None."""

    start: Ref
    end: Ref

    @property
    def sheet(self):
        return self.start.sheet


@dataclass(frozen=True)
class Call:
    name: str  # the French name, upper case
    args: tuple


@dataclass(frozen=True)
class Unary:
    op: str
    operand: object


@dataclass(frozen=True)
class Binary:
    op: str
    left: object
    right: object


@dataclass(frozen=True)
class Percent:
    operand: object


# --- reading ------------------------------------------------------------------------------------

_SHEET = r"(?:'(?P<qsheet>(?:[^']|'')+)'|(?P<sheet>[A-Za-zÀ-ÿ_][\wÀ-ÿ.]*))" + re.escape("!")
_CELL = r"\$?[A-Za-z]{1,3}\$?\d+"
_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<string>\"(?:[^\"]|\"\")*\"?)"
    rf"|(?P<ref>(?:{_SHEET})?(?:{_CELL}(?::{_CELL})?|\$?[A-Za-z]{{1,3}}:\$?[A-Za-z]{{1,3}}(?![\w(])))(?![\w(])"
    r"|(?P<func>[A-Za-zÀ-ÿ_][\wÀ-ÿ.]*)\s*\("
    r"|(?P<number>\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-zÀ-ÿ_][\wÀ-ÿ.]*)"
    r"|(?P<op><=|>=|<>|[-+*/^&=<>%();,:])"
    r"|(?P<bad>\S))")
_ONE_CELL = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)(\d+)$")


def column_index(letters: str) -> int:
    """``"A"`` → 1, ``"AB"`` → 28."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def column_letters(index: int) -> str:
    """1 → ``"A"``, 28 → ``"AB"``."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _tokens(text: str):
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is None:
            continue
        if kind in ("sheet", "qsheet"):  # inside a reference: the outer group is the token
            kind = "ref"
        value = match.group(kind)
        if kind == "bad":
            raise FormulaError(f"Le caractère « {value} » n'a pas sa place dans une formule.")
        if kind == "string" and (len(value) < 2 or not value.endswith('"') or value == '"'):
            raise FormulaError("Un texte entre guillemets n'est pas refermé : ajoute le \" qui manque.")
        sheet = match.group("qsheet") or match.group("sheet") if kind == "ref" else None
        tokens.append((kind, value, sheet.replace("''", "'") if sheet else None))
    return tokens


def _cell(text: str, sheet: str | None) -> Ref:
    found = _ONE_CELL.match(text)
    return Ref(column_index(found[2]), int(found[4]), bool(found[1]), bool(found[3]), sheet)


def _reference(text: str, sheet: str | None):
    text = text.split("!")[-1]
    if ":" not in text:
        return _cell(text, sheet)
    first, last = text.split(":")
    if _ONE_CELL.match(first):
        return Range(_cell(first, sheet), _cell(last, sheet))
    return Range(Ref(column_index(first.lstrip("$")), None, first.startswith("$"), False, sheet),
                 Ref(column_index(last.lstrip("$")), None, last.startswith("$"), False, sheet))


class _Parser:
    def __init__(self, tokens):
        self.tokens, self.at = tokens, 0

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else (None, None, None)

    def take(self):
        token = self.peek()
        self.at += 1
        return token

    def expect(self, value, message):
        if self.peek()[1] != value:
            raise FormulaError(message)
        self.take()

    def binary(self, level):
        ops = _LEVELS[level]
        left = self.binary(level + 1) if level + 1 < len(_LEVELS) else self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in ops:
            op = self.take()[1]
            right = self.binary(level + 1) if level + 1 < len(_LEVELS) else self.unary()
            left = Binary(op, left, right)
        return left

    def unary(self):
        if self.peek()[0] == "op" and self.peek()[1] in "+-":
            return Unary(self.take()[1], self.unary())
        node = self.primary()
        while self.peek()[1] == "%":
            self.take()
            node = Percent(node)
        return node

    def primary(self):
        kind, value, sheet = self.take()
        if kind == "number":
            if "." in value:
                raise FormulaError(f"« {value} » : dans un tableur en français, le séparateur décimal est la "
                                   f"virgule ({value.replace('.', ',')}).")
            return Number(float(value.replace(",", ".")))
        if kind == "string":
            return Text(value[1:-1].replace('""', '"'))
        if kind == "ref":
            return _reference(value, sheet)
        if kind == "func":
            return self.call(value.upper())
        if kind == "name":
            if value.upper() in ("VRAI", "FAUX", "TRUE", "FALSE"):
                return Bool(value.upper() in ("VRAI", "TRUE"))
            raise FormulaError(f"« {value} » n'est ni une cellule (comme C2), ni une plage (comme C2:C25), "
                               "ni une fonction suivie de parenthèses.")
        if value == "(":
            node = self.binary(0)
            self.expect(")", "Une parenthèse ouverte n'est pas refermée : ajoute la « ) » qui manque.")
            return node
        if value is None:
            raise FormulaError("La formule s'arrête trop tôt : il manque une valeur après le dernier signe.")
        if value == ",":
            raise FormulaError("Dans un tableur en français, les arguments d'une fonction se séparent par un "
                               "point-virgule : `=SOMME.SI(B2:B25;\"emailing\";C2:C25)`.")
        raise FormulaError(f"« {value} » arrive là où la formule attend une valeur, une cellule ou une fonction.")

    def call(self, name):
        if name in FRENCH and name not in ENGLISH:
            raise FormulaError(f"{name} est le nom anglais de la fonction : dans un tableur en français, "
                               f"tape {FRENCH[name]}.")
        if name not in ENGLISH:
            raise FormulaError(f"La fonction {name} n'existe pas dans un tableur en français (`#NOM?`) : vérifie "
                               "son orthographe (SOMME, MOYENNE, NB.SI, SOMME.SI.ENS…).")
        args = []
        if self.peek()[1] == ")":
            self.take()
            return Call(name, ())
        while True:
            args.append(self.binary(0))
            token = self.take()
            if token[1] == ")":
                return Call(name, tuple(args))
            if token[1] == ",":
                raise FormulaError("Dans un tableur en français, les arguments d'une fonction se séparent par un "
                                   f"point-virgule (`;`) et non par une virgule (dans {name}).")
            if token[1] != ";":
                raise FormulaError(f"La parenthèse de {name}( n'est pas refermée : ajoute la « ) » qui manque.")


_LEVELS = (("=", "<>", "<", ">", "<=", ">="), ("&",), ("+", "-"), ("*", "/"), ("^",))


def parse(text: str):
    """The tree of a formula typed in French (with or without its leading ``=``)."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("La formule est vide : écris-la entre guillemets, en commençant par =.")
    body = text.strip()
    body = body[1:] if body.startswith("=") else body
    body = body.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")
    parser = _Parser(_tokens(body))
    tree = parser.binary(0)
    if parser.peek()[0] is not None:
        extra = parser.peek()[1]
        if extra == ")":
            raise FormulaError("Il y a une parenthèse fermante « ) » de trop.")
        if extra == ",":
            raise FormulaError("Dans un tableur en français, les arguments d'une fonction se séparent par un "
                               "point-virgule (`;`) et non par une virgule.")
        raise FormulaError(f"La formule continue après sa fin (« {extra} ») : il manque un signe d'opération ?")
    return tree


# --- writing ------------------------------------------------------------------------------------

def _ref_text(ref: Ref, with_sheet: bool = True) -> str:
    sheet = ""
    if with_sheet and ref.sheet:
        sheet = (ref.sheet if re.fullmatch(r"[A-Za-z_][\w.]*", ref.sheet)
                 else "'" + ref.sheet.replace("'", "''") + "'") + "!"
    col = ("$" if ref.abs_col else "") + column_letters(ref.col)
    if ref.row is None:
        return sheet + col
    return f"{sheet}{col}{'$' if ref.abs_row else ''}{ref.row}"


def _number_text(value: float, comma: bool) -> str:
    text = repr(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))
    return text.replace(".", ",") if comma else text


def _write(node, french_names: bool) -> str:
    sep = ";" if french_names else ","
    if isinstance(node, Number):
        return _number_text(node.value, french_names)
    if isinstance(node, Text):
        return '"' + node.value.replace('"', '""') + '"'
    if isinstance(node, Bool):
        return ("VRAI" if node.value else "FAUX") if french_names else ("TRUE" if node.value else "FALSE")
    if isinstance(node, Ref):
        return _ref_text(node)
    if isinstance(node, Range):
        return _ref_text(node.start) + ":" + _ref_text(node.end, with_sheet=False)
    if isinstance(node, Call):
        name = node.name if french_names else stored_name(node.name)
        return name + "(" + sep.join(_write(arg, french_names) for arg in node.args) + ")"
    if isinstance(node, Unary):
        return node.op + _write(node.operand, french_names)
    if isinstance(node, Percent):
        return _write(node.operand, french_names) + "%"
    left, right = _write(node.left, french_names), _write(node.right, french_names)
    if isinstance(node.left, Binary) and _rank(node.left.op) < _rank(node.op):
        left = f"({left})"
    if isinstance(node.right, Binary) and _rank(node.right.op) <= _rank(node.op):
        right = f"({right})"
    return f"{left}{node.op}{right}"


def _rank(op: str) -> int:
    return next(level for level, ops in enumerate(_LEVELS) if op in ops)


def french(tree) -> str:
    """The formula as French Excel and LibreOffice show it."""
    return "=" + _write(tree, True)


def english(tree) -> str:
    """The formula as an ``.xlsx`` file stores it (English names, ``,`` between arguments)."""
    return "=" + _write(tree, False)


# --- copying and looking inside ---------------------------------------------------------------

def _children(node):
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Unary | Percent):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    return ()


def shift(tree, rows: int = 0, cols: int = 0):
    """The formula once copied ``rows`` lower and ``cols`` to the right: only relative references move."""
    if isinstance(tree, Ref):
        return replace(tree, row=tree.row if tree.abs_row or tree.row is None else tree.row + rows,
                       col=tree.col if tree.abs_col else tree.col + cols)
    if isinstance(tree, Range):
        return Range(shift(tree.start, rows, cols), shift(tree.end, rows, cols))
    if isinstance(tree, Call):
        return Call(tree.name, tuple(shift(arg, rows, cols) for arg in tree.args))
    if isinstance(tree, Unary):
        return Unary(tree.op, shift(tree.operand, rows, cols))
    if isinstance(tree, Percent):
        return Percent(shift(tree.operand, rows, cols))
    if isinstance(tree, Binary):
        return Binary(tree.op, shift(tree.left, rows, cols), shift(tree.right, rows, cols))
    return tree


def references(tree):
    """Every cell and range the formula reads, in order."""
    if isinstance(tree, Ref | Range):
        return [tree]
    return [found for child in _children(tree) for found in references(child)]


def calls(tree):
    """The French names of the functions the formula calls, in order."""
    own = [tree.name] if isinstance(tree, Call) else []
    return own + [name for child in _children(tree) for name in calls(child)]
