"""Arrays → the columns of the course tables: identifiers, strings, categories, dates, euros.

>>> _ids("CMD", 3, 6).tolist(), _money(np.array([123456])).tolist()
(['CMD000001', 'CMD000002', 'CMD000003'], [1234.56])
>>> _dates(np.array([0, MISSING])).astype(str).tolist()
['2024-01-01T00:00:00.000000', 'NaT']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpilab.datasets import schema
from kpilab.datasets.days import D_START


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    """``prefix`` + zero-padded 1 … n, as an object array of str."""
    width = max(width, len(str(n)))
    numbers = np.strings.zfill(np.arange(1, n + 1).astype(np.str_), width)
    return np.strings.add(prefix, numbers).astype(object)


def _str(values) -> pd.arrays.StringArray:
    return pd.array(values, dtype=schema.STR_DTYPE)


def _category(codes: np.ndarray, table: str, column: str) -> pd.Categorical:
    dtype = schema.dtypes(table)[column]
    return pd.Categorical.from_codes(codes, dtype=dtype)


MISSING = np.iinfo(np.int64).min  # marker for a missing day


def _dates(rel_days: np.ndarray) -> np.ndarray:
    """Days counted from 2024-01-01 (``MISSING`` = missing) → datetime64[us]."""
    out = (D_START + rel_days.astype("timedelta64[D]")).astype(schema.DATE_DTYPE)
    out[rel_days == MISSING] = np.datetime64("NaT")
    return out


def _money(cents: np.ndarray) -> np.ndarray:
    return cents / 100
