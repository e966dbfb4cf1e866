"""Multiple-choice questions: the options as data, and their letters laid out fairly.

A question declares its options with the right one first; the letters are
given here, the same every run. The right option's letter is not left to the
author (who tends to put it in second place): it is (3 × lesson number +
question number) modulo the number of options, which moves it from one
lesson to the next so that across the exercise notebooks each letter is right
about as often as the others (a test checks the distribution); the wrong
options fill the other letters in an order drawn from a generator seeded by
the question's name. The
notebooks show the options as :func:`markdown` writes them (``make exercises``).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

__all__ = ["Option", "LETTERS", "layout", "markdown"]

LETTERS = "abcd"


@dataclass(frozen=True)
class Option:
    """One option of a multiple-choice question and what the check says when it is chosen."""

    text: str  # the option, in French markdown
    why: str  # for a wrong option: why it is wrong; for the right one: why it is right


def _number(text: str) -> int:
    found = re.search(r"\d+", text or "")
    return int(found.group()) if found else 0


def layout(lesson: str, question_id: str, options: tuple[Option, ...]) -> dict[str, Option]:
    """{letter: option}: the right option (``options[0]``) at its place, the others shuffled."""
    count = len(options)
    if not 2 <= count <= len(LETTERS):
        raise ValueError(f"a multiple-choice question needs 2 to {len(LETTERS)} options, not {count}")
    right = (3 * _number(lesson) + _number(question_id)) % count
    others = list(options[1:])
    random.Random(f"{lesson}/{question_id}").shuffle(others)
    ordered = others[:right] + [options[0]] + others[right:]
    return dict(zip(LETTERS, ordered))


def markdown(letters: dict[str, Option]) -> str:
    """The options as the notebook lists them: ``- **a.** …`` one per line."""
    return "\n".join(f"- **{letter}.** {option.text}" for letter, option in letters.items())
