"""French typography on prose: the spacing rules, and what is masked as not prose.

The rules (COURSE.md, "Look and feel"): a narrow no-break space (U+202F)
before ``; ! ? % €`` and between groups of thousands, a no-break space
(U+00A0) before ``:`` and inside guillemets. :func:`problems` lists what
breaks them, each :class:`Problem` with its place and a snippet; :func:`fix`
repairs all of it. With ``markdown=True`` they leave alone what is not prose:
code spans and fenced blocks, LaTeX, URLs and link targets, HTML tags with
their attributes. Users import these from :mod:`kpilab.typography`.

>>> [p.column for p in problems("Total : 12 000 €")]
[6, 11, 15]
>>> fix("`a : b` et c : d", markdown=True) == "`a : b` et c\\u00a0: d"
True
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

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
