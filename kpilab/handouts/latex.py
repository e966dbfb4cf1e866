r"""The lessons' formulas (a small subset of LaTeX) as HTML and as plain text, without MathJax.

The fiches are printed offline by Chromium: MathJax (a CDN script) is not available there, and
the formulas the lessons write use only a handful of commands, so they are rendered here:
``\text{…}``, ``\frac{…}{…}``, ``\times``, ``\approx``, ``\%``, ``^{…}``, letters (variables,
in italics), digits, ``= + - ( )``.

>>> print(plain(r"\text{taux de rétention} = \frac{E - N}{S} \times 100"))
taux de rétention = (E − N) ÷ S × 100
>>> print(plain(r"\text{attrition annuelle} = 1 - (1 - m)^{12}"))
attrition annuelle = 1 − (1 − m)¹²
>>> html(r"\frac{\text{ventes}}{\text{leads}}")
'<span class="side"><span class="frac"><span class="num">ventes</span><span class="sep"> ÷ </span><span class="den">leads</span></span></span>'
"""

from __future__ import annotations

import html as _markup
import re
from dataclasses import dataclass

__all__ = ["parse", "html", "plain", "LaTeXError"]

SYMBOLS = {"times": "×", "approx": "≈", "div": "÷", "%": "%", "cdot": "·"}
OPERATORS = {"-": "\u2212", "+": "+", "=": "="}
SUPERSCRIPTS = str.maketrans("0123456789+-()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ⁿ")


class LaTeXError(ValueError):
    """A formula uses LaTeX that this renderer does not know (add it here, or rewrite the formula)."""


@dataclass(frozen=True)
class Text:
    value: str


@dataclass(frozen=True)
class Var:
    name: str


@dataclass(frozen=True)
class Op:
    symbol: str


@dataclass(frozen=True)
class Frac:
    num: tuple
    den: tuple


@dataclass(frozen=True)
class Sup:
    body: tuple


_TOKEN = re.compile(r"\\([A-Za-z]+|%)|([{}^])|(\s+)|([0-9.,]+)|([A-Za-z])|([-+=()])|(.)")


def _group(source: str, start: int) -> tuple[str, int]:
    """The text between the brace at ``start`` and its matching brace; the index after it."""
    if start >= len(source) or source[start] != "{":
        raise LaTeXError(f"'{{' expected at {start} in {source!r}")
    depth = 0
    for i in range(start, len(source)):
        if source[i] == "{" and (i == 0 or source[i - 1] != "\\"):
            depth += 1
        elif source[i] == "}" and source[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return source[start + 1:i], i + 1
    raise LaTeXError(f"unbalanced braces in {source!r}")


def parse(source: str) -> tuple:
    """The formula as a tuple of nodes (Text, Var, Op, Frac, Sup)."""
    nodes: list = []
    i = 0
    while i < len(source):
        match = _TOKEN.match(source, i)
        command, brace, space, number, letter, operator, other = match.groups()
        i = match.end()
        if command == "text":
            body, i = _group(source, i)
            nodes.append(Text(body.replace("\\%", "%")))
        elif command == "frac":
            num, i = _group(source, i)
            den, i = _group(source, i)
            nodes.append(Frac(parse(num), parse(den)))
        elif command in SYMBOLS:
            nodes.append(Op(SYMBOLS[command]))
        elif command is not None:
            raise LaTeXError(f"unknown command \\{command} in {source!r}")
        elif brace == "^":
            if source[i:i + 1] == "{":
                body, i = _group(source, i)
            else:
                body, i = source[i:i + 1], i + 1
            nodes.append(Sup(parse(body)))
        elif brace is not None:
            raise LaTeXError(f"unexpected {brace!r} in {source!r}")
        elif space is not None:
            continue
        elif number is not None:
            nodes.append(Text(number.replace(".", ",")))
        elif letter is not None:
            nodes.append(Var(letter))
        elif operator is not None:
            nodes.append(Op(OPERATORS.get(operator, operator)))
        else:
            nodes.append(Text(other))
    return tuple(nodes)


def _spaced(parts: list[tuple[str, str]]) -> str:
    """Join rendered nodes: a space around operators, none inside parentheses."""
    out = ""
    for kind, text in parts:
        if not out:
            out = text
        elif kind == "sup" or text == ")" or out.endswith("("):
            out += text
        else:
            out += " " + text
    return out


def _is_compound(nodes: tuple) -> bool:
    return any(isinstance(n, Op) and n.symbol in ("\u2212", "+", "×") for n in nodes)


def _plain(nodes: tuple) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(("text", node.value))
        elif isinstance(node, Var):
            parts.append(("var", node.name))
        elif isinstance(node, Op):
            parts.append(("op", node.symbol))
        elif isinstance(node, Frac):
            num, den = _plain(node.num), _plain(node.den)
            num = f"({num})" if _is_compound(node.num) else num
            den = f"({den})" if _is_compound(node.den) or isinstance(node.den[0], Frac) else den
            parts.append(("frac", f"{num} ÷ {den}"))
        elif isinstance(node, Sup):
            body = _plain(node.body)
            translated = body.translate(SUPERSCRIPTS)
            parts.append(("sup", translated if len(set(translated) & set(body)) == 0 else f"^{body}"))
    return _spaced(parts)


def _html(nodes: tuple) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(("text", _markup.escape(node.value, quote=False)))
        elif isinstance(node, Var):
            parts.append(("var", f"<var>{_markup.escape(node.name)}</var>"))
        elif isinstance(node, Op):
            parts.append(("op", node.symbol))
        elif isinstance(node, Frac):
            num, den = _html(node.num), _html(node.den)
            if _is_compound(node.num):
                num = f'<span class="paren">(</span>{num}<span class="paren">)</span>'
            if _is_compound(node.den):
                den = f'<span class="paren">(</span>{den}<span class="paren">)</span>'
            parts.append(("frac", f'<span class="frac"><span class="num">{num}</span><span class="sep"> ÷ </span>'
                                  f'<span class="den">{den}</span></span>'))
        elif isinstance(node, Sup):
            parts.append(("sup", f"<sup>{_html(node.body)}</sup>"))
    return _spaced(parts)


def plain(source: str) -> str:
    """The formula on one line of text: fractions as ``÷``, exponents as superscript digits."""
    return _plain(parse(source))


def html(source: str) -> str:
    """The formula as HTML: fractions stacked (classes ``frac``, ``num``, ``den``), variables in ``<var>``.

    A fraction also holds its one-line form, `` ÷ `` (class ``sep``) and parentheses (class
    ``paren``), that the fiche's CSS hides: where that CSS is not applied (JupyterLab does not run
    the ``<style>`` of an untrusted notebook's output) the formula still reads ``a ÷ b``.

    Each side of an ``=`` (or ``≈``) is one ``<span class="side">``, so that a narrow column breaks
    a long formula only there.
    """
    sides: list[list] = [[]]
    for node in parse(source):
        if isinstance(node, Op) and node.symbol in ("=", "≈"):
            sides[-1].append(node)
            sides.append([])
        else:
            sides[-1].append(node)
    return " ".join(f'<span class="side">{_html(tuple(side))}</span>' for side in sides if side)
