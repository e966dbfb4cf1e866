"""The shipped course CSV files read with the csv module only: the second,
independent method that tests compare kpilab's results with."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "datasets"


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """Every row of ``datasets/<name>.csv`` as a dict of strings."""
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))
