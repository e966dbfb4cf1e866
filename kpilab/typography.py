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
import bisect
import html
import io
import json
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "NARROW", "NBSP", "Problem", "Place", "problems", "fix", "is_prose",
    "code_problems", "fix_code", "output_problems", "notebook_problems",
    "fix_notebook", "python_problems", "fix_python", "file_problems", "fix_file", "main",
]

NARROW = "\u202f"  # narrow no-break space: before ; ! ? % € and between thousands
NBSP = "\u00a0"  # no-break space: before : and inside guillemets
_OPEN, _CLOSE = "\u00ab", "\u00bb"  # guillemets, written as escapes so this file passes its own check

# Masked text keeps its length: what is not prose becomes one of these private-use characters.
_OPAQUE = "\ue000"  # code, LaTeX, URL, HTML tag…
_FIELD = "\ue001"  # an f-string or template field: usually a number ({rate:.1f} %)

@dataclass(frozen=True)
class Problem:
    """One place where the text breaks the rule, and the change that repairs it."""

    start: int  # offset in the text checked
    end: int  # the characters text[start:end] become ``replacement``
    replacement: str
    what: str
    line: int  # 1-based, in the text checked
    column: int  # 1-based
    snippet: str  # the text around, with the change shown as ⟦old→new⟧

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.what}: {self.snippet}"


# --- the rules, on masked text ------------------------------------------------------------

_AFTER = rf"(?=$|[\s)\]{_CLOSE}*_\"'<.,;:!?…{_OPAQUE}{_FIELD}]|\\[ntr])"  # a punctuation mark ends there
_AFTER_COLON = rf"(?=$|[\s)\]{_CLOSE}*_\"'{_OPAQUE}{_FIELD}]|\\[ntr])"
_WORDISH = rf"[\w)\]{_CLOSE}*{_FIELD}]"  # what a mark may follow directly in "Bravo!"
_NUMBERISH = rf"[\d{_FIELD}]"  # what % or € may follow: a digit or a field
_SYMBOL = r"([kM]?€|%)(?!\w)"
_NOT_A_GROUP = rf"(?<![\w.,{_OPAQUE}{_FIELD}])"

_RULES = [
    # ; ! ? take a narrow no-break space before them
    (rf"(?<=\S) +(?=([;!?]){_AFTER})", NARROW, "ordinary space before '{0}': use a narrow no-break space (U+202F)"),
    (rf"{NBSP}(?=([;!?]){_AFTER})", NARROW, "no-break space before '{0}': the course uses a narrow one (U+202F)"),
    (rf"(?<={_WORDISH})(?=([;!?]){_AFTER})", NARROW, "no space before '{0}': add a narrow no-break space (U+202F)"),
    # % and € after a number
    (rf"(?<={_NUMBERISH}) +(?={_SYMBOL})", NARROW, "ordinary space before '{0}': use a narrow no-break space (U+202F)"),
    (rf"(?<={_NUMBERISH}){NBSP}(?={_SYMBOL})", NARROW,
     "no-break space before '{0}': the course uses a narrow one (U+202F)"),
    (rf"(?<={_NUMBERISH})(?={_SYMBOL})", NARROW, "no space before '{0}': add a narrow no-break space (U+202F)"),
    # : takes a no-break space
    (rf"(?<=\S) +(?=(:){_AFTER_COLON})", NBSP, "ordinary space before '{0}': use a no-break space (U+00A0)"),
    (rf"{NARROW}(?=(:){_AFTER_COLON})", NBSP, "narrow no-break space before '{0}': the course uses U+00A0"),
    (rf"(?:(?<=[^\W\d_])|(?<=[)*{_CLOSE}{_FIELD}]))(?=(:)(?:\s|$|\\[ntr]))", NBSP,
     "no space before '{0}': add a no-break space (U+00A0)"),
    # guillemets hold their text with no-break spaces
    (rf"(?<=({_OPEN})) +", NBSP, "ordinary space after '{0}': use a no-break space (U+00A0)"),
    (rf"(?<=({_OPEN})){NARROW}", NBSP, "narrow no-break space after '{0}': the course uses U+00A0"),
    (rf"(?<=({_OPEN}))(?=\S)", NBSP, "no space after '{0}': add a no-break space (U+00A0)"),
    (rf"(?<=\S) +(?=({_CLOSE}))", NBSP, "ordinary space before '{0}': use a no-break space (U+00A0)"),
    (rf"{NARROW}(?=({_CLOSE}))", NBSP, "narrow no-break space before '{0}': the course uses U+00A0"),
    (rf"(?<=[^\s{_OPEN}])(?=({_CLOSE}))", NBSP, "no space before '{0}': add a no-break space (U+00A0)"),
]
_RULES = [(re.compile(pattern), new, what) for pattern, new, what in _RULES]

# 1 234 or 12 345 678,90: one group of 1-3 digits, then groups of exactly three.
_GROUPS = re.compile(rf"{_NOT_A_GROUP}\d{{1,3}}(?:[ {NBSP}]\d{{3}})+(?!\d)")
_PANDAS_FOOTER = re.compile(r"^(?:Name|Length|Freq|dtype|Categories \([^)]*\)): .*$", re.MULTILINE)  # English
_ESCAPED_SPACE = re.compile(r"\\u202f|\\u00a0|\\xa0", re.IGNORECASE)


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _snippet(text: str, start: int, end: int, new: str, width: int = 24) -> str:
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    shown = f"{before}⟦{text[start:end]!r}→{new!r}⟧{after}"
    return shown.replace("\n", "⏎")


def _make(text: str, starts: list[int], start: int, end: int, new: str, what: str) -> Problem:
    line = bisect.bisect_right(starts, start)
    return Problem(start, end, new, what, line, start - starts[line - 1] + 1, _snippet(text, start, end, new))


def _scan(text: str, masked: str) -> list[Problem]:
    """Every rule on ``masked`` (same length as ``text``), reported on ``text``."""
    starts = _line_starts(text)
    found: dict[tuple[int, int], Problem] = {}
    for pattern, new, what in _RULES:
        for match in pattern.finditer(masked):
            start = match.start()
            if match.end() - start > 1 and match.group().strip(" ") == "":
                start = match.end() - 1  # only the last space: the others may align a printed column
            key = (start, match.end())
            if key not in found:
                found[key] = _make(text, starts, *key, new, what.format(match.group(1)))
    for match in _GROUPS.finditer(masked):
        for offset, char in enumerate(match.group(), start=match.start()):
            if char in (" ", NBSP):
                what = ("ordinary space" if char == " " else "no-break space (U+00A0)") + \
                       " between digit groups: use a narrow no-break space (U+202F)"
                found.setdefault((offset, offset + 1), _make(text, starts, offset, offset + 1, NARROW, what))
    return sorted(found.values(), key=lambda p: (p.start, p.end))


def _apply(text: str, found: list[Problem]) -> str:
    """The text with every change made (when two overlap, the first one wins)."""
    pieces, position = [], 0
    for problem in sorted(found, key=lambda p: (p.start, p.end)):
        if problem.start < position:
            continue
        pieces += [text[position:problem.start], problem.replacement]
        position = problem.end
    return "".join(pieces) + text[position:]


# --- what is not prose ----------------------------------------------------------------------

def _mask(working: list[str], pattern: re.Pattern, kind: str = _OPAQUE, group: int = 0) -> None:
    text = "".join(working)
    for match in pattern.finditer(text):
        for i in range(match.start(group), match.end(group)):
            if working[i] != "\n":
                working[i] = kind


_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#x[0-9A-Fa-f]+);")
_URL = re.compile(r"(?:https?|ftp)://[^\s<>()\[\]\"'`]+|\bwww\.[^\s<>()\[\]\"'`]+|\bmailto:[^\s<>()]+"
                  r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HTML_BLOCKS = re.compile(r"<!--.*?-->|<(style|script)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_ATTRIBUTE = re.compile(r"\b[\w-]+\s*=\s*(?:\"[^\"]*\"|'[^']*')")  # style="…" even in a piece of a tag
_PARAGRAPH = r"(?:(?!\n[ \t]*\n).)"  # any character, but a code span or an inline formula ends with its paragraph
_CODE_SPAN = re.compile(rf"(?<!`)(`+)(?!`){_PARAGRAPH}+?(?<!`)\1(?!`)", re.DOTALL)
_LATEX = re.compile(
    r"\$\$.+?\$\$|\\begin\{([A-Za-z*]+)\}.*?\\end\{\1\}|\\\[.*?\\\]|\\\(.*?\\\)"
    r"|(?<![\\$\w])\$(?=[^\s$])(?:\\.|(?!\n[ \t]*\n)[^$\\])+?(?<=[^\s\\])\$(?!\d)",
    re.DOTALL,
)
_LINK_TARGET = re.compile(r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _mask_fences(working: list[str]) -> None:
    text = "".join(working)
    offset, fence = 0, None
    for line in text.splitlines(keepends=True):
        opening = _FENCE.match(line)
        inside = fence is not None
        if fence is None and opening:
            fence, inside = opening.group(1), True
        elif fence is not None and opening and opening.group(1)[0] == fence[0] \
                and len(opening.group(1)) >= len(fence) and not line.strip()[len(opening.group(1)):].strip():
            fence = None
        if inside:
            for i in range(offset, offset + len(line)):
                if working[i] != "\n":
                    working[i] = _OPAQUE
        offset += len(line)


def _masked(text: str, markdown: bool, fields: list[tuple[int, int]] = (), extra: tuple = ()) -> str:
    working = list(text)
    for pattern in extra:
        _mask(working, pattern)
    for start, end in fields:
        for i in range(start, end):
            working[i] = _FIELD
    if markdown:
        _mask_fences(working)
        _mask(working, _HTML_BLOCKS)
        _mask(working, _CODE_SPAN)
        _mask(working, _LATEX)
        _mask(working, _URL)
        _mask(working, _HTML_TAG)
        _mask(working, _ATTRIBUTE)
        _mask(working, _LINK_TARGET)
        _mask(working, _REFERENCE)
        _mask(working, _TABLE_RULE)
    else:
        _mask(working, _URL)
    _mask(working, _ENTITY)
    return "".join(working)


def problems(text: str, *, markdown: bool = False) -> list[Problem]:
    """What breaks the French spacing rules in ``text``, in order.

    ``markdown=True`` skips code, LaTeX, URLs, link targets and HTML tags.

    >>> for problem in problems("Prêt ?"):
    ...     print(problem)
    line 1, column 5: ordinary space before '?': use a narrow no-break space (U+202F): Prêt⟦' '→'\\u202f'⟧?
    """
    return _scan(text, _masked(text, markdown))


def fix(text: str, *, markdown: bool = False) -> str:
    """``text`` with every problem of :func:`problems` repaired.

    >>> fix("« Combien ? »") == "«\\u00a0Combien\\u202f?\\u00a0»"
    True
    """
    return _apply(text, problems(text, markdown=markdown))


# --- Python string literals -----------------------------------------------------------------

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


# --- notebook outputs (checked, never fixed) ---------------------------------------------------

def _html_text(markup: str) -> str:
    """What a reader sees of some HTML: tags and style/script blocks stripped, entities decoded."""
    text = _HTML_BLOCKS.sub("", markup)
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
