"""A student's variant of Roue Libre's data: generated from a seed, written as CSV bytes.

:func:`variant_bytes` gives ``{file name: bytes}`` for the tables a devoir uses, the same bytes that
:func:`kpilab.datasets.write` would write for those tables (a test compares them), but about ten
times faster: ``DataFrame.to_csv`` with ``float_format`` formats the money columns value by value
through a slow path, and a class of 35 is 35 variants to write when the devoirs are created and
again when they are graded.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from kpilab import datasets
from kpilab.datasets import schema

__all__ = ["variant_bytes", "write_variant", "csv_bytes", "TemporaryVariant"]

def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n\r') else text


def _special(values: list[str]) -> bool:
    joined = "\x00".join(values)
    return any(c in joined for c in ',"\n\r')


def _texts(series: pd.Series) -> list[str]:
    """One column as the CSV fields ``DataFrame.to_csv`` writes for it (QUOTE_MINIMAL, na_rep="")."""
    kind = series.dtype.kind
    if kind == "f":  # money: exactly two decimals, missing as an empty field
        return ["" if v != v else "%.2f" % v for v in series.to_numpy().tolist()]
    if kind in "iu":
        return [str(v) for v in series.to_numpy().tolist()]
    if kind == "M":
        return series.dt.strftime("%Y-%m-%d").where(series.notna(), "").tolist()
    if isinstance(series.dtype, pd.CategoricalDtype):
        shown = [_quote(str(c)) for c in series.cat.categories] + [""]  # code -1 (missing) is the last one
        return [shown[c] for c in series.cat.codes.to_numpy().tolist()]
    values = [v if isinstance(v, str) else "" for v in series.astype(object).tolist()]
    return [_quote(v) for v in values] if _special(values) else values


def csv_bytes(name: str, frame: pd.DataFrame) -> bytes:
    """The bytes of ``<name>.csv`` as :func:`kpilab.datasets.write` writes them."""
    frame = schema.coerce(name, frame)
    frame = frame.sort_values(schema.SORT_KEYS[name], kind="stable", ignore_index=True)
    columns = [_texts(frame[column]) for column in frame.columns]
    lines = [",".join(_quote(str(c)) for c in frame.columns)]
    lines += [",".join(row) for row in zip(*columns)] if len(frame) else []
    return ("\n".join(lines) + "\n").encode("utf-8")


def variant_bytes(seed: int, names: Iterable[str] = schema.ALL_TABLES) -> dict[str, bytes]:
    """``{"commandes.csv": bytes, …}``: the tables ``names`` of the variant generated from ``seed``."""
    wanted = [name for name in schema.ALL_TABLES if name in set(names)]
    tables = datasets.generate(seed)
    return {f"{name}.csv": csv_bytes(name, tables[name]) for name in wanted}


def write_variant(files: dict[str, bytes], folder: str | os.PathLike) -> Path:
    """Write ``{file name: bytes}`` into ``folder`` (created); the folder's path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return folder


class TemporaryVariant:
    """``with TemporaryVariant(files) as folder:`` the files written in a private folder, removed after."""

    def __init__(self, files: dict[str, bytes]):
        self.files = files
        self._tmp: tempfile.TemporaryDirectory | None = None

    def __enter__(self) -> Path:
        self._tmp = tempfile.TemporaryDirectory(prefix="kpilab-variante-")
        return write_variant(self.files, self._tmp.name)

    def __exit__(self, *exc) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()

