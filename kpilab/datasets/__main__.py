"""Regenerate the course CSV files: ``python -m kpilab.datasets``.

``make data`` runs this command. With the default seed it rewrites the
shipped files in ``datasets/`` with identical bytes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import kpilab.datasets as datasets
from kpilab.errors import KPIError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kpilab.datasets",
        description="Generate the Roue Libre tables (CSV) of the KPI Lab course.",
    )
    parser.add_argument("--out", type=Path, default=None, help=f"output folder (default: {datasets.DATA_DIR})")
    parser.add_argument(
        "--seed", type=int, default=datasets.DEFAULT_SEED, help=f"random seed (default: {datasets.DEFAULT_SEED})"
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply the volumes, e.g. 30 for about a million orders (not allowed into the course folder)",
    )
    args = parser.parse_args(argv)
    out = Path(datasets.DATA_DIR) if args.out is None else args.out
    if args.scale != 1 and out.resolve() == Path(datasets.DATA_DIR).resolve():
        print(
            f"Erreur : avec --scale {args.scale:g}, choisis un autre dossier avec --out "
            f"(le dossier du cours {datasets.DATA_DIR} garde les données à l'échelle 1).",
            file=sys.stderr,
        )
        return 2
    start = time.perf_counter()
    try:
        tables = datasets.generate(seed=args.seed, scale=args.scale)
        paths = datasets.write(tables, out)
    except KPIError as err:
        print(f"Erreur : {err}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    for path in paths:
        rows = len(tables[path.stem])
        print(f"{str(path):<60} {rows:>10} lignes {path.stat().st_size / 1e6:8.2f} Mo")
    print(f"({elapsed:.1f} s, seed={args.seed}, scale={args.scale:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
