"""The generator's calendar: day numbers, day-level weights, business days.

Days are counted from 2024-01-01 (day 0) to 2025-12-31 (day :data:`LAST`);
customers who joined before 2024 live on an extended calendar that starts on
:data:`kpilab.datasets.catalog.FIRST_CUSTOMER_DAY` (2024-01-01 is its day
:data:`OFFSET`). Nothing here is random.

>>> N_DAYS, _rel("2024-03-01"), int(_weekday_rel(np.array(_rel("2025-12-31"))))
(731, 60, 2)
>>> cal = calendar()
>>> str(cal.days[OFFSET]), round(float(cal.window(cal.shop).mean()), 6)
('2024-01-01', 1.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from kpilab.datasets import catalog as cat

D_START = np.datetime64(cat.START, "D")
D_END = np.datetime64(cat.END, "D")
D_FIRST = np.datetime64(cat.FIRST_CUSTOMER_DAY, "D")
N_DAYS = (D_END - D_START).astype(np.int64).item() + 1  # 731: days 0 … 730 relative to 2024-01-01
OFFSET = (D_START - D_FIRST).astype(np.int64).item()  # index of 2024-01-01 in the extended calendar
LAST = N_DAYS - 1


def _rel(day: str) -> int:
    """Day number counted from 2024-01-01."""
    return (np.datetime64(day, "D") - D_START).astype(np.int64).item()


@dataclass(frozen=True)
class Calendar:
    """Day-level weights on the extended calendar 2021-01-01 … 2025-12-31."""

    days: np.ndarray  # datetime64[D]
    month: np.ndarray  # 1 … 12
    weekday: np.ndarray  # 0 = Monday … 6 = Sunday
    year: np.ndarray
    shop: np.ndarray  # shop activity (0 when closed)
    web: np.ndarray  # web activity
    business: np.ndarray  # 1 on Monday-Friday, else 0
    growth: np.ndarray  # yearly growth factor

    def window(self, array: np.ndarray) -> np.ndarray:
        """The 2024-2025 part of a day-level array."""
        return array[OFFSET:]


@lru_cache(maxsize=1)
def calendar() -> Calendar:
    """Build the day-level weights (no randomness)."""
    days = np.arange(D_FIRST, D_END + 1)
    months = days.astype("datetime64[M]")
    month = months.astype(np.int64) % 12 + 1
    year = months.astype(np.int64) // 12 + 1970
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    day_of_month = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    closed = weekday == 6
    for m, d in cat.CLOSED_HOLIDAYS:
        closed |= (month == m) & (day_of_month == d)
    season_shop = np.array([cat.SEASON_SHOP[m] for m in range(1, 13)])[month - 1]
    season_web = np.array([cat.SEASON_WEB[m] for m in range(1, 13)])[month - 1]
    shop = season_shop * np.array(cat.WEEKDAY_SHOP)[weekday] * ~closed
    web = season_web * np.array(cat.WEEKDAY_WEB)[weekday]
    growth = np.array([cat.YEAR_GROWTH[y] for y in sorted(cat.YEAR_GROWTH)])[year - year.min()]
    # Normalise activities to a mean of 1 per day over 2024-2025.
    shop = shop / shop[OFFSET:].mean()
    web = web / web[OFFSET:].mean()
    business = (weekday < 5).astype(np.float64)
    return Calendar(days, month, weekday, year, shop, web, business, growth)


def _to_business_day(day: np.ndarray, weekday_of, forward: bool) -> np.ndarray:
    """Move Saturdays and Sundays to the next Monday or the previous Friday."""
    wd = weekday_of(day)
    if forward:
        return day + np.where(wd == 5, 2, np.where(wd == 6, 1, 0))
    return day - np.where(wd == 5, 1, np.where(wd == 6, 2, 0))


def _weekday_rel(day: np.ndarray) -> np.ndarray:
    """Weekday of a day counted from 2024-01-01 (a Monday)."""
    return day % 7
