"""Figures of the course data quoted in the statements of the exercises, and the story around them.

A statement sometimes quotes the data: « Roue Libre a eu **4 131 clients actifs en 2025** ». In a
practice notebook that is the course data's figure; in a devoir (:mod:`kpilab.devoirs`), where each
student works on a variant of the data, it must be the student's own figure. An exercise module
declares such figures as ``FACTS``, ``{name: callable}``: each callable computes, from the data
that :func:`kpilab.datasets.load` reads, the text shown (``"4 131"``, with the course's French
typography). The answer key marks each place::

    Roue Libre a eu **<!-- kpilab:fait actifs_2025 -->4 131<!-- /kpilab:fait --> clients actifs**

``make exercises`` writes the course figure between the marks (:func:`fill`) and the student's
practice notebook gets the text without the marks (:func:`strip`): it stays byte for byte what it
was. A devoir fills the marks with the student's figures.

The options of a multiple-choice question are data (:class:`kpilab.exercises.choices.Option`), not
markdown: ``OPTION_FACTS = {"q5": ("taux_site", …)}`` names the facts quoted in a question's options,
and :func:`options_with` replaces their course text with a variant's, all at once. In the same way
``MESSAGE_FACTS`` names the facts quoted in the messages of a question's known mistakes, which a
devoir's feedback shows (:func:`kpilab.devoirs.binding.bind`).

``STORY`` holds what the statements say of the data beyond their figures (« C09 est la campagne la
plus chère des deux années »), ``{French sentence: callable → bool}``: a devoir gives a student
another variant when one of them is false on theirs.

The helpers below format the figures the way the statements write them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from kpilab import formatting

__all__ = ["MARK", "fill", "strip", "names", "compute", "story_broken", "quoting", "options_with",
           "half_up", "percent", "short_percent", "number", "count", "about", "times", "half_days"]

MARK = re.compile(r"<!-- kpilab:fait ([a-z0-9_]+) -->(.*?)<!-- /kpilab:fait -->", re.S)


def names(text: str) -> list[str]:
    """The facts marked in a text, in order."""
    return [m.group(1) for m in MARK.finditer(text)]


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each marked fact holding its value (the marks stay); KeyError for an unknown fact."""
    return MARK.sub(lambda m: f"<!-- kpilab:fait {m.group(1)} -->{values[m.group(1)]}<!-- /kpilab:fait -->", text)


def strip(text: str) -> str:
    """``text`` without the marks, each fact's text left in its place."""
    return MARK.sub(lambda m: m.group(2), text)


def compute(module) -> dict[str, str]:
    """The texts of the module's ``FACTS`` on the data :func:`kpilab.datasets.load` reads now."""
    return {name: str(function()) for name, function in getattr(module, "FACTS", {}).items()}


def story_broken(module) -> list[str]:
    """The sentences of the module's ``STORY`` that are false on the data read now."""
    broken = []
    for sentence, holds in getattr(module, "STORY", {}).items():
        try:
            ok = bool(holds())
        except Exception:  # noqa: BLE001 — a story that cannot be checked does not hold
            ok = False
        if not ok:
            broken.append(sentence)
    return broken


def _bounded(text: str) -> str:
    """A regex for ``text`` standing alone: not inside a longer number."""
    return rf"(?<![\d,]){re.escape(text)}(?![\d]|,\d)"


def quoting(course: Mapping[str, str], variant: Mapping[str, str], quoted=()):
    """A function that turns a text quoting the facts ``quoted`` from the course's figures to the variant's
    (all replaced at once, the longest first; a figure inside a longer number is left)."""
    pairs = {course[name]: variant[name] for name in quoted if course[name] != variant[name]}
    if not pairs:
        return lambda text: text
    pattern = re.compile("|".join(_bounded(t) for t in sorted(pairs, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda m: pairs[m.group()], text)


def options_with(question, course: Mapping[str, str], variant: Mapping[str, str], quoted=()):
    """The question's options with the facts ``quoted`` in them (``OPTION_FACTS``) turned from the course's
    figures to the variant's, in the option and in what the check says of it."""
    change = quoting(course, variant, quoted)
    return tuple(replace(o, text=change(o.text), why=change(o.why)) for o in question.options)


# --- how the statements write their figures ---------------------------------------------------------


def half_up(value: float, digits: int = 0) -> float:
    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def percent(value: float, digits: int = 1) -> str:
    """``2,7 %`` (one decimal, a narrow no-break space before %)."""
    return str(formatting.format_percent(value, digits=digits))


def short_percent(value: float) -> str:
    """A rate with one decimal, without a ``,0``: ``1 %``, ``0,6 %``."""
    shown = half_up(value, 1)
    return percent(shown, 0 if shown == int(shown) else 1)


def number(value: float, digits: int = 1) -> str:
    """``23,4``: a number with ``digits`` decimals, no unit."""
    return str(formatting.format_number(value, digits=digits))


def count(value: float) -> str:
    """``4 131``: a whole number, thousands grouped."""
    return str(formatting.format_number(value, digits=0))


def about(value: float) -> str:
    """``65``: the value rounded to the unit (halves up), as in « environ 65 jours »."""
    return count(half_up(value))


def half_days(value: float) -> str:
    """A median of whole days: ``44,5`` or ``43``."""
    return number(value, 0 if float(value) == int(value) else 1)


_WORDS = ("zéro", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")


def _times_word(n: int) -> str:
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def times(ratio: float) -> str:
    """How many times one figure makes another, in words: « presque trois fois », « un peu plus de
    deux fois », « environ deux fois et demie », « 14 fois »."""
    ratio = float(ratio)
    nearest = int(half_up(ratio))
    whole = math.floor(ratio)
    if abs(ratio - nearest) <= 0.05:
        return f"{_times_word(nearest)} fois"
    if 0.35 <= ratio - whole <= 0.65:
        return f"environ {_times_word(whole)} fois et demie"
    if ratio < nearest:
        return f"presque {_times_word(nearest)} fois"
    return f"un peu plus de {_times_word(nearest)} fois"
