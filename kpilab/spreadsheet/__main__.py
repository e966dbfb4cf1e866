"""``python -m kpilab.spreadsheet [--check] [LESSON…]``: write the lessons' workbooks into ``classeurs/``.

A workbook is rewritten only when its bytes change; with ``--check`` nothing is written and the
exit code says whether every committed workbook is up to date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpilab.spreadsheet import book, books
from kpilab.spreadsheet.xlsx import to_bytes

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "classeurs"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kpilab.spreadsheet", description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson numbers (all by default)")
    parser.add_argument("--check", action="store_true", help="write nothing; fail if a workbook is stale")
    args = parser.parse_args(argv)
    chosen = [book(lesson) for lesson in args.lessons] if args.lessons else list(books().values())
    stale = []
    FOLDER.mkdir(exist_ok=True)
    for found in chosen:
        path = FOLDER / found.filename
        data = to_bytes(found)
        if path.is_file() and path.read_bytes() == data:
            print(f"à jour   {path.relative_to(ROOT)}")
            continue
        stale.append(path)
        if args.check:
            print(f"périmé   {path.relative_to(ROOT)}")
            continue
        partial = path.with_name(path.name + ".partiel")
        partial.write_bytes(data)
        partial.replace(path)
        print(f"écrit    {path.relative_to(ROOT)} ({found.formula_cells} cellules à formule)")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
