"""The solution code of every question, extracted from the answer keys.

``solutions.json`` is written by ``make exercises`` from the code between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` in ``exercises/corriges/``;
a test checks that it is up to date.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

PATH = Path(__file__).with_name("solutions.json")


@functools.lru_cache(maxsize=1)
def _all() -> dict[str, dict[str, str]]:
    if not PATH.exists():
        return {}
    return json.loads(PATH.read_text(encoding="utf-8"))


def solution_code(lesson: str, question: str) -> str:
    code = _all().get(lesson, {}).get(question)
    if code is None:
        return "La solution de cette question n'est pas disponible : demande-la à ton enseignant."
    return code
