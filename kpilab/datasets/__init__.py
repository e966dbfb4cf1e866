"""The course data of Roue Libre, a fictional bike retailer in Lyon.

Six tables follow the customer journey (:data:`TABLES`): ``campagnes`` (B2B
prospecting), ``prospects`` (B2B leads), ``clients``, ``commandes``,
``lignes_commande`` and ``frequentation`` (shop visitors, web sessions). Six
more run the three shops (:data:`SHOP_TABLES`): ``magasins`` (surface, fixed
costs), ``passants`` (passers-by in front of each shop), ``inventaires``
(quarterly stock at cost), ``vendeurs``, ``objectifs`` (hours and CA
objectives per seller and month) and ``tickets_vendeurs`` (the seller of each
shop ticket). They are generated from a fixed seed and shipped as CSV files
in ``datasets/``; the data dictionary is ``datasets/README.md``::

    from kpilab.datasets import load
    commandes = load("commandes")
    commandes["montant_ht"].mean()

Regenerate the files with ``make data`` (``python -m kpilab.datasets``).
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import numbers
import os
from pathlib import Path

import pandas as pd

from kpilab.datasets import catalog, schema
from kpilab.datasets.schema import ALL_TABLES, SHOP_TABLES, TABLES
from kpilab.errors import KPIError

__all__ = ["ALL_TABLES", "DATA_DIR", "SHOP_TABLES", "TABLES", "Finding", "Import", "PERIODE_COUVERTE", "generate",
           "import_orders", "load", "load_all", "pseudonymise", "using", "write"]

# The importer of a shop's own orders and the pseudonymisation helper, imported on first use.
_LAZY = {"import_orders": "importer", "Import": "importer", "Finding": "import_checks", "pseudonymise": "privacy"}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f"kpilab.datasets.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

DEFAULT_SEED = 2024
PERIODE_COUVERTE = (pd.Timestamp(catalog.START), pd.Timestamp(catalog.END))
"""The days the course data covers (the generator's calendar), set as ``attrs["periode_couverte"]``."""
REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("KPILAB_DATA_DIR", REPO_ROOT / "datasets"))
"""Folder of the shipped CSV files (override with ``KPILAB_DATA_DIR``)."""


def generate(seed: int = DEFAULT_SEED, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Generate the tables of Roue Libre (the customer journey's and the shops').

    Parameters
    ----------
    seed:
        Seed of the random generator; the shipped files use ``2024``. The
        same seed (and NumPy version) always gives the same tables.
    scale:
        Multiplies the volumes (customers, anonymous tickets, web orders,
        leads, campaign contacts) but not the dates, always 2024-01-01 to
        2025-12-31. ``scale=30`` gives about a million orders. Tables made
        with ``scale != 1`` cannot be written into :data:`DATA_DIR`.

    Returns
    -------
    dict
        Table name → DataFrame, in the order of :data:`ALL_TABLES`, with the
        dtypes of :func:`load`. Each frame has ``attrs["seed"]`` and
        ``attrs["scale"]``.
    """
    from kpilab.datasets.generator import generate_tables

    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise KPIError(f"La graine (seed) doit être un entier positif ou nul, pas {seed!r}.")
    seed = int(seed)
    try:
        scale = float(scale)
    except (TypeError, ValueError):
        raise KPIError(f"L'échelle (scale) doit être un nombre strictement positif, pas {scale!r}.") from None
    if not scale > 0 or scale == float("inf"):
        raise KPIError(f"L'échelle (scale) doit être un nombre strictement positif, pas {scale!r}.")
    return generate_tables(seed=seed, scale=scale)


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def write(tables: dict[str, pd.DataFrame], directory: str | os.PathLike) -> list[Path]:
    """Write tables as CSV files ``<directory>/<name>.csv``; return the paths.

    The format is fixed so that the same tables always give the same bytes:
    UTF-8, ``,`` separator, ``\\n`` line endings, dates ``YYYY-MM-DD``, money
    with exactly two decimals, missing values as empty fields, columns in
    the order of the schema and rows sorted by id (by date and point of sale
    for ``frequentation``).

    Refuses (:class:`~kpilab.errors.KPIError`) to write tables generated
    with ``scale != 1`` into :data:`DATA_DIR`: the shipped files stay small.
    """
    directory = Path(directory)
    unknown = [name for name in tables if name not in schema.SCHEMAS]
    if unknown:
        raise KPIError(f"Table(s) inconnue(s) : {', '.join(map(str, unknown))}. Tables possibles : {', '.join(ALL_TABLES)}.")
    scales = {float(frame.attrs.get("scale", 1.0)) for frame in tables.values()}
    if scales != {1.0} and _same_folder(directory, DATA_DIR):
        raise KPIError(
            f"Ces tables ont été générées avec scale={max(scales - {1.0})} : elles sont trop grosses "
            f"pour le dossier du cours ({DATA_DIR}). Écris-les dans un autre dossier."
        )
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in schema.ALL_TABLES:
        if name not in tables:
            continue
        try:
            frame = schema.coerce(name, tables[name])
        except ValueError as err:
            raise KPIError(f"La table {name!r} ne respecte pas le dictionnaire des données : {err}.") from None
        frame = frame.sort_values(schema.SORT_KEYS[name], kind="stable", ignore_index=True)
        path = directory / f"{name}.csv"
        tmp = path.with_name(f".{path.name}.tmp")
        frame.to_csv(
            tmp,
            index=False,
            encoding="utf-8",
            lineterminator="\n",
            date_format="%Y-%m-%d",
            float_format="%.2f",
            na_rep="",
        )
        os.replace(tmp, path)
        paths.append(path)
    return paths


@functools.lru_cache(maxsize=32)
def _read(path: Path, name: str, _mtime_ns: int, _size: int) -> pd.DataFrame:
    """Parse one CSV file (cached while the file is unchanged)."""
    cols = schema.SCHEMAS[name]
    read_as = {c.name: ("str" if c.kind in ("id", "text", "category") else c.dtype) for c in cols if c.kind != "date"}
    dates = [c.name for c in cols if c.kind == "date"]
    raw = pd.read_csv(path, dtype=read_as, parse_dates=dates, date_format="%Y-%m-%d", keep_default_na=False,
                      na_values=[""], encoding="utf-8")
    if list(raw.columns) != schema.columns(name):
        raise KPIError(
            f"Le fichier {path} n'a pas les colonnes attendues ({', '.join(schema.columns(name))}). "
            "Régénère les données avec « make data »."
        )
    try:
        return schema.coerce(name, raw)
    except ValueError as err:
        raise KPIError(f"Le fichier {path} est abîmé ({err}). Régénère les données avec « make data ».") from None


def load(name: str) -> pd.DataFrame:
    """Read one table of the course data, with the right dtypes.

    Dates are ``datetime64``, ids and free text ``str``, codes ``category``,
    counts ``int64`` and money ``float64``; missing values are ``NaN`` /
    ``NaT``. Each call returns a new copy: changing it does not change what
    the next ``load`` returns.
    """
    if not isinstance(name, str) or name not in schema.SCHEMAS:
        close = difflib.get_close_matches(str(name).lower().removesuffix(".csv"), ALL_TABLES, n=1)
        hint = f" Tu voulais peut-être dire {close[0]!r} ?" if close else ""
        raise KPIError(
            f"La table {name!r} n'existe pas. Tables possibles : {', '.join(repr(t) for t in ALL_TABLES)}.{hint}"
        )
    path = Path(DATA_DIR) / f"{name}.csv"
    try:
        stat = path.stat()
    except OSError:
        raise KPIError(
            f"Le fichier {path} est introuvable. Génère les données avec « make data » "
            "(ou « python -m kpilab.datasets »)."
        ) from None
    frame = _read(path.resolve(), name, stat.st_mtime_ns, stat.st_size).copy()
    if any(c.kind == "date" for c in schema.SCHEMAS[name]):
        frame.attrs["periode_couverte"] = PERIODE_COUVERTE
    return frame


@contextlib.contextmanager
def using(folder: str | os.PathLike):
    """Make :func:`load` read the CSV files of ``folder`` inside the ``with`` block, then restore.

    ::

        with datasets.using("devoirs/a_distribuer/martin-lea/donnees"):
            commandes = datasets.load("commandes")   # this student's variant

    It sets the module global :data:`DATA_DIR` for the whole process: it is not meant for threads
    that load different folders at the same time. Blocks nest; the previous folder comes back even
    when the block raises.
    """
    global DATA_DIR
    previous = DATA_DIR
    DATA_DIR = Path(folder)
    try:
        yield DATA_DIR
    finally:
        DATA_DIR = previous


def load_all(names=TABLES) -> dict[str, pd.DataFrame]:
    """The tables ``names`` as ``{name: DataFrame}``, in that order.

    By default the six tables of the customer journey (:data:`TABLES`);
    ``load_all(SHOP_TABLES)`` gives the shops' tables, ``load_all(ALL_TABLES)``
    every table.
    """
    return {name: load(name) for name in names}
