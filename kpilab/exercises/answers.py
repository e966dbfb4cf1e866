"""Reading a student's answer: a number, a duration, a name, a short text.

Students hand in whatever their code gives: ``12.5``, ``"12,5 %"``,
``"1 234,50 €"``, a one-value Series, a ``pd.Timedelta`` mean of dates, a
name with or without its accent… These functions turn that into the plain
value the engine compares, or ``None`` when it cannot be read. None of them
raises.

:func:`read` reads an answer once into an :class:`Answer`, and
:func:`to_data` / :func:`from_data` carry that reading as plain JSON data.
The notebook's ``check()`` and the grader both judge an :class:`Answer`
that went through that plain form: "Bravo !" in the notebook is the point
in the gradebook.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import asdict, dataclass

__all__ = ["read_number", "read_days", "read_text", "label_key", "words_of", "decimal_comma",
           "Answer", "read", "to_data", "from_data"]

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_SECONDS_PER_DAY = 86_400
MAX_TEXT = 5_000  # characters of a text answer that are read


@dataclass(frozen=True)
class Answer:
    """An answer as the engine reads it: every reading of it, taken once."""

    pytype: str  # the Python type's name, for the messages
    placeholder: bool = False  # None or ... : not answered yet
    number: float | None = None  # read_number
    days: float | None = None  # read_days
    text: str | None = None  # read_text
    duration: bool = False  # is_duration
    comma: str | None = None  # decimal_comma

    def __repr__(self) -> str:
        return f"<réponse {self.pytype}>"


def read(value) -> Answer:
    """Every reading of a student's value, taken once (an :class:`Answer` is returned as it is)."""
    if isinstance(value, Answer):
        return value
    text = read_text(value)
    return Answer(
        pytype=type(value).__name__[:40], placeholder=value is None or value is Ellipsis,
        number=read_number(value), days=read_days(value), text=text[:MAX_TEXT] if text is not None else None,
        duration=is_duration(value), comma=decimal_comma(value),
    )


def to_data(value) -> dict:
    """The reading of an answer as plain JSON data (what leaves a student's kernel)."""
    return asdict(read(value))


def _field(data: dict, name: str, kind):
    value = data.get(name)
    if kind is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        return float(value) if ok else None
    if kind is str:
        return value[:MAX_TEXT] if isinstance(value, str) else None
    return value is True


def from_data(data) -> Answer:
    """The :class:`Answer` that :func:`to_data` gave; anything else is an unreadable answer."""
    if not isinstance(data, dict):
        return Answer(pytype="illisible")
    return Answer(
        pytype=(_field(data, "pytype", str) or "illisible")[:40], placeholder=_field(data, "placeholder", bool),
        number=_field(data, "number", float), days=_field(data, "days", float), text=_field(data, "text", str),
        duration=_field(data, "duration", bool), comma=_field(data, "comma", str),
    )


def _single(value):
    """The one value of a one-value Series, DataFrame, array, list or tuple; else ``value``."""
    import numpy as np
    import pandas as pd

    if isinstance(value, (pd.DataFrame, pd.Series, pd.Index, np.ndarray, list, tuple)):
        flat = np.asarray(value, dtype=object).ravel()
        if flat.size != 1:
            raise ValueError("not one value")
        return flat[0]
    return value


def _timedelta_days(value) -> float | None:
    """A duration (``pd.Timedelta``, ``datetime.timedelta``, ``np.timedelta64``) in days, else None."""
    import numpy as np

    if isinstance(value, np.timedelta64):
        if np.isnat(value):
            return None
        return float(value / np.timedelta64(1, "s")) / _SECONDS_PER_DAY
    if isinstance(value, _dt.timedelta):  # pd.Timedelta is a subclass
        seconds = value.total_seconds()
        return seconds / _SECONDS_PER_DAY if math.isfinite(seconds) else None
    return None


def is_duration(value) -> bool:
    """Whether the answer is a duration object (read in days only where a duration is asked)."""
    if isinstance(value, Answer):
        return value.duration
    try:
        return _timedelta_days(_single(value)) is not None
    except Exception:  # noqa: BLE001 — any object a student hands in
        return False


def read_number(value) -> float | None:
    """A student's number: 12.5, "12,5 %", "1 234,50 €", a one-value Series… or None."""
    if isinstance(value, Answer):
        return value.number
    try:
        import numpy as np

        value = _single(value)
        if isinstance(value, (bool, np.bool_)) or _timedelta_days(value) is not None:
            return None
        if isinstance(value, str):
            text = value.strip().rstrip("%€").strip()
            for space in ("\u00a0", "\u202f", " "):
                text = text.replace(space, "")
            if not _NUMBER.match(text):
                return None
            value = text.replace(",", ".")
        number = float(value)
        return number if math.isfinite(number) else None
    except Exception:  # noqa: BLE001 — any object a student hands in
        return None


def read_days(value) -> float | None:
    """A duration in days: a number as :func:`read_number` reads it, or a Timedelta converted to days."""
    if isinstance(value, Answer):
        return value.days
    try:
        days = _timedelta_days(_single(value))
    except Exception:  # noqa: BLE001
        days = None
    return days if days is not None else read_number(value)


def read_text(value) -> str | None:
    """A text answer (also the one text of a one-value Series or list), stripped; None otherwise."""
    if isinstance(value, Answer):
        return value.text
    try:
        value = _single(value)
    except Exception:  # noqa: BLE001
        return None
    return value.strip() if isinstance(value, str) else None


def _plain(text: str) -> str:
    """Lower case, without accents (é → e, œ → oe), for comparing what a student typed."""
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "oe"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def label_key(text: str) -> str:
    """A name as compared: case, accents, spaces, hyphens, underscores and quotes do not count.

    >>> label_key("Croix Rousse") == label_key("croix-rousse") == label_key("Croix-Rousse")
    True
    >>> label_key("vélotaf") == label_key("velotaf")
    True
    """
    return re.sub(r"[^a-z0-9+]", "", _plain(text))


def words_of(text: str) -> list[str]:
    """The words of a short text, lower case and without accents (for keyword checks)."""
    return re.findall(r"[a-z0-9]+", _plain(text))


def decimal_comma(value) -> str | None:
    """``25,0`` typed for 25.0 makes the tuple (25, 0): the number the student meant, as text."""
    if isinstance(value, Answer):
        return value.comma
    if (isinstance(value, tuple) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value) and value[1] >= 0):
        return f"{value[0]}.{value[1]}"
    return None
