"""French typography inside Python code: the string literals, and only those.

The literals are found with :mod:`tokenize`: an f-string's fields
(``{x:.1f}``) and a template's fields (``{name}``) are code, ``a % b`` and
``x != y`` outside strings are never seen. Only strings that look like French
prose are checked (:func:`is_prose`), and never docstrings, which are English.
Users import these from :mod:`kpilab.typography`.

>>> fix_code('label = "Total : 3 %"\\n') == 'label = "Total\\u00a0: 3\\u202f%"\\n'
True
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

from kpilab.typography_rules import (
    _CLOSE, _FIELD, _OPEN, _SYMBOL, NARROW, NBSP, Problem, _apply, _line_starts, _make, _masked, _scan,
)

_FRENCH_WORD = re.compile(
    # A word joined by a hyphen is not counted: "sans-serif" is CSS, not French.
    r"(?i)(?<![\w'’-])(?:le|la|les|un|une|des|du|de|et|ou|est|sont|pas|ne|pour|par|avec|dans|sur|sous"
    r"|tu|ton|ta|tes|te|toi|vous|nous|il|elle|ce|cette|ces|qui|que|au|aux|mais|donc|chaque|tous"
    r"|sans|vaut|entre)(?![\w'’-])|(?<![\w'’])[dlnqcjs]['’](?=\w)"
)
_ACCENTED = re.compile(r"[àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ]")
_NUMBER_UNIT = re.compile(rf"(?:\d[ {NBSP}{NARROW}]|{_FIELD}[ {NBSP}{NARROW}]?){_SYMBOL}")  # not "100%" (CSS)
_SPACED_MARK = re.compile(r"\S [;:!?](?:\s|$)")
# A CSS declaration ("font-family: DejaVu Sans, sans-serif;"): style sheets are not prose.
_CSS_DECLARATION = re.compile(r"(?:^|[;{\s])[a-z]+(?:-[a-z]+)+\s*:\s*[^;:{}]+;")


def is_prose(body: str, raw: bool = False) -> bool:
    """Whether a string literal's (masked) text is French prose to check.

    It is when it holds an accented letter, a French word (``le``, ``pas``,
    ``tu``, ``d'``…), guillemets, a number with ``%`` or ``€``, or (outside a
    raw string, where it may be a regular expression) a space before a
    punctuation mark, which English never has.

    >>> is_prose("Taux de conversion"), is_prose("%d/%m/%Y"), is_prose("color:red; width:2px")
    (True, False, False)
    >>> is_prose("font-family: DejaVu Sans, sans-serif; margin: 0")
    False
    """
    if _CSS_DECLARATION.search(body) and not _ACCENTED.search(body):
        return False
    return bool(
        _ACCENTED.search(body) or _FRENCH_WORD.search(body) or _OPEN in body or _CLOSE in body
        or _NUMBER_UNIT.search(body) or (not raw and _SPACED_MARK.search(body))
    )


_PREFIX = re.compile(r"^([A-Za-z]*)('''|\"\"\"|'|\")")


def _fields(body: str, fstring: bool) -> list[tuple[int, int]]:
    """Where the replacement fields are: ``{x:.1f}`` in an f-string, ``{name}`` in a template."""
    spans, i = [], 0
    while i < len(body):
        char = body[i]
        if char in "{}" and body[i + 1:i + 2] == char:
            i += 2
            continue
        if char == "{":
            depth, j, quote = 0, i, None
            while j < len(body):
                c = body[j]
                if quote:
                    quote = None if c == quote else quote
                elif c in "'\"" and fstring:
                    quote = c
                elif c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                    if depth == 0:
                        break
                elif c == "\n" and not fstring:
                    break
                j += 1
            if j < len(body) and body[j] == "}":
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return spans


@dataclass(frozen=True)
class _Literal:
    start: int  # offset of the body (between the quotes) in the source
    body: str
    raw: bool
    docstring: bool
    fstring: bool


def _units(source: str) -> list[tuple[str, int, int, str]]:
    """The significant tokens of ``source`` as (kind, start, end, text), offsets in characters.

    Comments and line breaks inside brackets are dropped; on Python 3.12+ an
    f-string, which comes in pieces, is put back together as one STRING.
    """
    starts = _line_starts(source)

    def offset(row: int, column: int) -> int:  # the end marker may sit on a line after the last
        return starts[row - 1] + column if row <= len(starts) else len(source)

    units, depth, begin = [], 0, 0
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        kind = tokenize.tok_name[token.type]
        start, end = offset(*token.start), offset(*token.end)
        if kind == "FSTRING_START":
            begin = start if depth == 0 else begin
            depth += 1
        elif kind == "FSTRING_END":
            depth -= 1
            if depth == 0:
                units.append(("STRING", begin, end, source[begin:end]))
        elif depth == 0 and kind not in ("NL", "COMMENT"):
            units.append((kind, start, end, token.string))
    return units


def _literals(source: str, notebook: bool = False) -> list[_Literal]:
    """The string literals of ``source`` (bytes left out), with their place and kind.

    In a notebook only the docstrings of functions and classes count as
    docstrings: a bare string at the end of a cell is shown to the student.
    """
    units = _units(source)
    literals = []
    for n, (kind, start, end, text) in enumerate(units):
        if kind != "STRING":
            continue
        prefix, quote = _PREFIX.match(text).groups()
        if "b" in prefix.lower():
            continue
        opening = len(prefix) + len(quote)
        literals.append(_Literal(start + opening, text[opening:len(text) - len(quote)], "r" in prefix.lower(),
                                 _is_statement(units, n, notebook), "f" in prefix.lower()))
    return literals


def _is_statement(units, n: int, indented: bool = False) -> bool:
    """Whether the string at ``units[n]`` is part of a statement made of strings only (a docstring).

    With ``indented``, only such a statement at the start of a block (a function's docstring).
    """
    first = n
    while first > 0 and units[first - 1][0] == "STRING":
        first -= 1
    before = ("INDENT",) if indented else ("NEWLINE", "INDENT", "DEDENT")
    if (first == 0 and indented) or (first > 0 and units[first - 1][0] not in before):
        return False
    last = n
    while last + 1 < len(units) and units[last + 1][0] == "STRING":
        last += 1
    return last + 1 == len(units) or units[last + 1][0] in ("NEWLINE", "ENDMARKER") or units[last + 1][3] == ";"


_ESCAPE = re.compile(r"\\(?:N\{[^}]*\}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{1,3}|\n|.)", re.DOTALL)
_WRITTEN = {NARROW: "\\u202f", NBSP: "\\u00a0"}


def _decoded(body: str) -> tuple[str, list[int]]:
    """The text a non-raw literal stands for, and where each of its characters comes from in ``body``."""
    text, origin, position = [], [], 0
    for match in _ESCAPE.finditer(body):
        for i in range(position, match.start()):
            text.append(body[i])
            origin.append(i)
        try:
            meaning = match.group().encode("latin-1", "backslashreplace").decode("unicode_escape")
        except (UnicodeDecodeError, UnicodeEncodeError):
            meaning = match.group()
        if match.group() in ("\\\n",):
            meaning = ""  # a line continuation inside the literal
        for char in meaning:
            text.append(char)
            origin.append(match.start())
        position = match.end()
    for i in range(position, len(body)):
        text.append(body[i])
        origin.append(i)
    origin.append(len(body))
    return "".join(text), origin


def _literal_problems(source: str, literal: _Literal, prose_only: bool) -> list[Problem]:
    if literal.docstring:
        return []
    body = literal.body
    if literal.raw:
        view, origin = body, list(range(len(body) + 1))
    else:
        view, origin = _decoded(body)
    masked = _masked(view, markdown=True, fields=_fields(view, literal.fstring))
    if prose_only and not is_prose(masked, literal.raw):
        return []
    starts = _line_starts(source)
    found = []
    for problem in _scan(view, masked):
        start = origin[problem.start]
        end = origin[problem.end] if problem.end > problem.start else start
        if problem.end > problem.start and end == start:  # one escape stands for the character replaced
            end = start + len(_ESCAPE.match(body, start).group())
        old = body[start:end]
        new = _WRITTEN[problem.replacement] if old.startswith("\\") else problem.replacement
        found.append(_make(source, starts, start + literal.start, end + literal.start, new, problem.what))
    return found


def _neutral(source: str) -> str | None:
    """Notebook code with its IPython magics and shell escapes made comments (same length)."""
    if source.lstrip().startswith("%%"):
        return None  # a cell magic: not Python
    lines = []
    for line in source.splitlines(keepends=True):
        stripped = line.lstrip()
        if stripped[:1] in ("%", "!") or re.match(r"^[\w.]+\?{1,2}\s*$", stripped):
            indent = len(line) - len(stripped)
            line = line[:indent] + "#" + line[indent + 1:]
        lines.append(line)
    return "".join(lines)


def code_problems(source: str, *, prose_only: bool = True, notebook: bool = False) -> list[Problem]:
    """Problems in the string literals of Python ``source`` (never in the code around them).

    Docstrings are skipped; with ``prose_only`` (the default) so are strings
    that do not look like French prose (:func:`is_prose`). ``notebook=True``
    reads IPython magics (``%timeit``, ``!pip``) as comments. Code that does
    not tokenize has no problems reported.

    >>> [p.line for p in code_problems('x = a % b\\nprint(f"{x:.1f} %")\\n')]
    [2]
    """
    text = _neutral(source) if notebook else source
    if text is None:
        return []
    try:
        literals = _literals(text, notebook)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
    found = []
    for literal in literals:
        found += _literal_problems(text, literal, prose_only)
    return sorted(found, key=lambda p: p.start)


def fix_code(source: str, *, prose_only: bool = True, notebook: bool = False) -> str:
    """``source`` with the problems of :func:`code_problems` repaired (inside string literals only)."""
    return _apply(source, code_problems(source, prose_only=prose_only, notebook=notebook))
