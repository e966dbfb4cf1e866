"""Turning what a student passes into numbers or dates, with French errors.

Every KPI formula goes through these helpers, so every formula accepts the
same inputs (plain numbers, numeric strings, NumPy arrays, lists, pandas
Series) and rejects bad ones with the same kind of message.

An input becomes an :class:`Arg`: a float64 NumPy array (0-d for a scalar)
plus what is needed to give the result back in the caller's shape.
"""

from __future__ import annotations

import datetime as _dt
import numbers
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from kpilab.errors import KPIError, Name, render

_SPACES = ("\u00a0", "\u202f", "\u2009", " ")

# Every message of this module. A test fills each template with every KPI name and
# argument label of kpilab.formulas and checks its French (tests/test_formulas.py).
MESSAGES = {
    "not_a_number": "« {text} » n'est pas un nombre : l'argument `{name}` ({label}) doit être un nombre, "
                    "par exemple 120 ou 12,5.",
    "empty_text": "L'argument `{name}` ({label}) est un texte vide, pas un nombre : donne une valeur chiffrée.",
    "missing": "L'argument `{name}` ({label}) est manquant (None ou NaN) : donne une valeur chiffrée.",
    "boolean": "L'argument `{name}` ({label}) vaut {value} : c'est un booléen (vrai/faux), pas un nombre. "
               "Pour compter des lignes vraies, utilise `.sum()` sur une colonne.",
    "wrong_type": "L'argument `{name}` ({label}) doit être un nombre, une liste de nombres ou une colonne "
                  "(Series) ; tu as donné un objet de type {type_name}.",
    "boolean_column": "La colonne passée pour `{name}` ({label}) contient des booléens (vrai/faux), pas des "
                      "nombres. Compte les valeurs vraies avec `.sum()` avant de calculer le KPI.",
    "bad_element": "L'argument `{name}` ({label}) contient {value} à l'index {index}, qui n'est pas un nombre. "
                   "Nettoie la colonne (ou convertis-la avec `pd.to_numeric`) avant de calculer.",
    "table": "L'argument `{name}` ({label}) est un tableau entier (DataFrame) : passe une seule colonne, "
             "par exemple `df['ma_colonne']`.",
    "nested": "L'argument `{name}` ({label}) doit être une liste simple de nombres, pas une liste de listes.",
    "missing_value": "L'argument `{name}` ({label}) contient une valeur manquante{where}. Remplace-la ou "
                     "retire cette ligne avant de calculer le KPI.",
    "missing_values": "L'argument `{name}` ({label}) contient {count} valeurs manquantes{where}. Remplace-les "
                      "ou retire ces lignes avant de calculer le KPI.",
    "infinite": "L'argument `{name}` ({label}) contient une valeur infinie{where} : vérifie le calcul qui "
                "l'a produite.",
    "negative": "L'argument `{name}` ({label}) vaut {value}{where} : il ne peut pas être négatif.",
    "zero_denominator": "Division par zéro : `{name}` ({label}) vaut 0{where}. {kpi.cap} n'a pas de sens "
                        "quand ce dénominateur est nul ; vérifie ta période ou ton filtre.",
    "part_above_whole": "`{part}` ({part_label}) est plus grand que `{whole}` ({whole_label}){where} : "
                        "c'est impossible, {reason}. {advice}",
    "swapped": "As-tu inversé les deux arguments ?",
    "out_of_range": "L'argument `{name}` ({label}) vaut {value}{where} : il doit être entre {low} et {high}. "
                    "{advice}",
    "too_large": "Le calcul {kpi.de} donne un nombre trop grand pour être représenté : vérifie l'ordre de "
                 "grandeur de tes données.",
    "lengths": "Les arguments n'ont pas la même longueur ({sizes}) : il faut une valeur de chaque par ligne.",
    "index_mismatch": "Les colonnes `{first}` et `{other}` n'ont pas le même index : elles ne viennent pas du "
                      "même tableau. Calcule-les à partir du même DataFrame (ou utilise `.reset_index(drop=True)`).",
    "unreadable_date": "« {text} » n'est pas une date lisible pour `{name}` ({label}) : écris-la 2025-03-15 "
                       "ou 15/03/2025.",
    "unsigned_deal": "La date de signature (`{name}`) est manquante{where} : cette affaire n'est pas gagnée "
                     "(en cours ou perdue). Le cycle de vente ne se calcule que sur les affaires gagnées "
                     "(signées) : filtre-les d'abord (statut 'gagne').",
    "missing_date": "La date `{name}` ({label}) est manquante{where} : donne une date.",
    "date_table": "L'argument `{name}` ({label}) est un tableau entier : passe une seule colonne de dates, "
                  "par exemple `df['date_signature']`.",
    "nested_dates": "L'argument `{name}` ({label}) doit être une liste simple de dates, pas une liste de listes.",
    "date_out_of_range": "La date {value} donnée pour `{name}` ({label}) est hors de la plage que pandas sait "
                         "traiter (années 1677 à 2262).",
    "not_a_date": "L'argument `{name}` ({label}) contient {value}{where}, qui n'est pas une date. Donne une "
                  "date (2025-03-15), un datetime ou une colonne de dates.",
}
# Pieces of messages (not sentences): where a value is, and the length of one argument.
AT_INDEX = " (à l'index {index})"
AT_POSITION = " (à la position {position})"
LENGTH = "`{name}` : {size}"


def error(key: str, **fields) -> KPIError:
    """The KPIError of one template of :data:`MESSAGES`, filled in (see :func:`kpilab.errors.render`)."""
    return KPIError(render(MESSAGES[key], **fields))


@dataclass(frozen=True)
class Arg:
    """One argument of a formula, as numbers, with its French label."""

    name: str
    label: str
    values: np.ndarray
    index: pd.Index | None = None  # set when the caller passed a Series

    @property
    def is_scalar(self) -> bool:
        return self.values.ndim == 0


def _where(arg: Arg, mask: np.ndarray) -> str:
    """Say where the first offending value is (for array inputs)."""
    if arg.is_scalar:
        return ""
    position = int(np.flatnonzero(np.atleast_1d(mask))[0])
    if arg.index is not None:
        return AT_INDEX.format(index=repr(arg.index[position]))
    return AT_POSITION.format(position=position)


def _parse_number_text(text: str, name: str, label: str) -> float:
    """Read ``"1 234,5"`` or ``"1234.5"``; refuse anything else."""
    cleaned = text.strip()
    if not cleaned.strip("".join(_SPACES)):
        raise error("empty_text", name=name, label=label)
    for space in _SPACES:
        cleaned = cleaned.replace(space, "")
    cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        raise error("not_a_number", text=text, name=name, label=label) from None


def _scalar_to_float(value, name: str, label: str) -> float:
    if value is None or value is pd.NA or value is pd.NaT:
        raise error("missing", name=name, label=label)
    if isinstance(value, (bool, np.bool_)):
        raise error("boolean", name=name, label=label, value=value)
    if isinstance(value, str):
        return _parse_number_text(value, name, label)
    if isinstance(value, (numbers.Real, Decimal, Fraction)):
        try:
            return float(value)
        except (ValueError, TypeError, OverflowError):
            return float("nan")  # e.g. Decimal("sNaN"): reported as missing
    raise error("wrong_type", name=name, label=label, type_name=type(value).__name__)


def _series_to_float(series: pd.Series, name: str, label: str) -> np.ndarray:
    if series.dtype == bool or str(series.dtype) == "boolean":
        raise error("boolean_column", name=name, label=label)
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.to_numpy(dtype="float64", na_value=np.nan)
    return np.array(
        [_element_to_float(v, name, label, series.index[i]) for i, v in enumerate(series)],
        dtype="float64",
    )


def _element_to_float(value, name: str, label: str, where) -> float:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return np.nan  # reported as missing by the caller, with its position
    try:
        return _scalar_to_float(value, name, label)
    except KPIError:
        raise error("bad_element", name=name, label=label, value=repr(value), index=repr(where)) from None


def number(value, name: str, label: str) -> Arg:
    """Coerce one argument to float64 values; refuse what is not a number."""
    if isinstance(value, pd.DataFrame):
        raise error("table", name=name, label=label)
    if isinstance(value, pd.Series):
        arg = Arg(name, label, _series_to_float(value, name, label), value.index)
    elif isinstance(value, np.ndarray) and value.ndim == 1 and value.dtype.kind in "iuf":
        arg = Arg(name, label, value.astype("float64"))  # numbers already: no element-wise check
    elif isinstance(value, (np.ndarray, list, tuple, pd.Index)):
        items = list(value)
        if (isinstance(value, np.ndarray) and value.ndim > 1) or any(
            isinstance(v, (list, tuple, dict, set, np.ndarray, pd.Series)) for v in items
        ):
            raise error("nested", name=name, label=label)
        values = np.array(
            [_element_to_float(v, name, label, i) for i, v in enumerate(items)],
            dtype="float64",
        )
        arg = Arg(name, label, values)
    else:
        arg = Arg(name, label, np.asarray(_scalar_to_float(value, name, label)))
    missing = np.isnan(arg.values)
    if missing.any():
        count = int(np.count_nonzero(missing))
        key = "missing_value" if count == 1 else "missing_values"
        raise error(key, name=name, label=label, count=count, where=_where(arg, missing))
    if np.isinf(arg.values).any():
        raise error("infinite", name=name, label=label, where=_where(arg, np.isinf(arg.values)))
    return arg


def non_negative(arg: Arg) -> Arg:
    """A count or an amount cannot be negative."""
    bad = arg.values < 0
    if bad.any():
        value = np.atleast_1d(arg.values)[np.flatnonzero(np.atleast_1d(bad))[0]]
        raise error("negative", name=arg.name, label=arg.label, value=_show(value), where=_where(arg, bad))
    return arg


def positive_denominator(arg: Arg, kpi: Name | str) -> Arg:
    """A denominator must be strictly positive (never divide by zero)."""
    non_negative(arg)
    zero = arg.values == 0
    if zero.any():
        raise error("zero_denominator", name=arg.name, label=arg.label, where=_where(arg, zero), kpi=kpi)
    return arg


def at_most(part: Arg, whole: Arg, reason: str, advice: str = MESSAGES["swapped"]) -> None:
    """A part cannot exceed its whole (sales ≤ leads, ...); ``reason`` says why, ``advice`` what to do."""
    too_big = np.broadcast_to(part.values > whole.values, _shape(part, whole))
    if too_big.any():
        where = _where(part if not part.is_scalar else whole, too_big)
        raise error("part_above_whole", part=part.name, part_label=part.label, whole=whole.name,
                    whole_label=whole.label, where=where, reason=reason, advice=advice)


def in_range(arg: Arg, low: float, high: float, advice: str) -> Arg:
    bad = (arg.values < low) | (arg.values > high)
    if bad.any():
        value = np.atleast_1d(arg.values)[np.flatnonzero(np.atleast_1d(bad))[0]]
        raise error("out_of_range", name=arg.name, label=arg.label, value=_show(value), where=_where(arg, bad),
                    low=_show(low), high=_show(high), advice=advice)
    return arg


def finite_result(values: np.ndarray, kpi: Name | str) -> None:
    """A result too large to be a number (e.g. 1e300 ÷ 1e-300) is refused, not returned as inf."""
    if not np.isfinite(values).all():
        raise error("too_large", kpi=kpi)


def _shape(*args: Arg) -> tuple[int, ...]:
    try:
        return np.broadcast_shapes(*(a.values.shape for a in args))
    except ValueError:
        sizes = ", ".join(LENGTH.format(name=a.name, size=a.values.size) for a in args if not a.is_scalar)
        raise error("lengths", sizes=sizes) from None


def check_aligned(*args: Arg) -> None:
    """Series arguments must share their index (no silent NaN by alignment)."""
    _shape(*args)
    indexed = [a for a in args if a.index is not None]
    for other in indexed[1:]:
        if not other.index.equals(indexed[0].index):
            raise error("index_mismatch", first=indexed[0].name, other=other.name)


def result(values: np.ndarray, *args: Arg, name: str | None = None):
    """Give the result back in the shape the caller used."""
    for arg in args:
        if arg.index is not None:
            return pd.Series(values, index=arg.index, name=name)
    if any(not a.is_scalar for a in args):
        return np.asarray(values, dtype="float64")
    return float(values)


def _show(value: float) -> str:
    """A number in a message, in French: 1 234, -3, 0,35 or 1,5e+20 (U+202F between thousands).

    >>> _show(1234567.891) == "1\u202f234\u202f568", _show(0.35), _show(-3.0), _show(1.5e20)
    (True, '0,35', '-3', '1,5e+20')
    """
    value = float(value)
    if value == 0 or 1e-4 <= abs(value) < 1e15:
        decimals = max(0, 6 - len(str(int(abs(value)))))  # six significant digits, never an exponent
        text = f"{value:,.{decimals}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    else:
        text = f"{value:.6g}"
    return text.replace(",", "\u202f").replace(".", ",")


# --- dates -----------------------------------------------------------------


def _parse_date_text(text: str, name: str, label: str) -> pd.Timestamp:
    stripped = text.strip()
    for fmt in ("ISO8601", "%d/%m/%Y"):
        try:
            return pd.to_datetime(stripped, format=fmt)
        except (ValueError, TypeError):
            continue
    raise error("unreadable_date", text=text, name=name, label=label)


def _missing_date(name: str, label: str, where: str) -> KPIError:
    if name == "signed":
        return error("unsigned_deal", name=name, where=where)
    return error("missing_date", name=name, label=label, where=where)


def dates(value, name: str, label: str):
    """Coerce to a Timestamp (scalar) or a datetime64 array with its index."""
    if isinstance(value, pd.DataFrame):
        raise error("date_table", name=name, label=label)
    if isinstance(value, (pd.Series, np.ndarray, list, tuple, pd.Index)):
        index = value.index if isinstance(value, pd.Series) else None
        if pd.api.types.is_datetime64_any_dtype(getattr(value, "dtype", None)):
            array = pd.DatetimeIndex(value).tz_localize(None).to_numpy("datetime64[ns]")
        else:
            items = list(value)
            if any(isinstance(v, (list, tuple, dict, set, np.ndarray, pd.Series)) for v in items):
                raise error("nested_dates", name=name, label=label)
            parsed = [
                _one_date(v, name, label, i if index is None else index[i])
                for i, v in enumerate(items)
            ]
            array = np.array(parsed, dtype="datetime64[ns]")
        missing = np.isnat(array)
        if missing.any():
            position = int(np.flatnonzero(missing)[0])
            where = (AT_INDEX.format(index=repr(index[position])) if index is not None
                     else AT_POSITION.format(position=position))
            raise _missing_date(name, label, where)
        return array, index
    stamp = np.datetime64(_one_date(value, name, label, None), "ns")
    if np.isnat(stamp):
        raise _missing_date(name, label, "")
    return stamp, None


def _is_missing(value) -> bool:
    return value is None or value is pd.NaT or value is pd.NA or (
        isinstance(value, float) and np.isnan(value)
    ) or (isinstance(value, np.datetime64) and np.isnat(value))


def _one_date(value, name: str, label: str, where):
    if _is_missing(value):
        return np.datetime64("NaT", "ns")
    if isinstance(value, str):
        if not value.strip():
            return np.datetime64("NaT", "ns")  # an empty cell: reported as missing
        return _parse_date_text(value, name, label).to_datetime64()
    if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date, np.datetime64)):
        try:
            return pd.Timestamp(value).tz_localize(None).to_datetime64()
        except (ValueError, OverflowError):
            raise error("date_out_of_range", value=repr(value), name=name, label=label) from None
    at = "" if where is None else AT_INDEX.format(index=repr(where))
    raise error("not_a_date", name=name, label=label, value=repr(value), where=at)
