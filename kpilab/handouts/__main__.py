"""``python -m kpilab.handouts`` (``make fiches``): the fiches de synthèse (notebooks and PDF) and the glossary."""

import argparse
import sys

from kpilab.handouts.build import FICHES, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kpilab.handouts", description=__doc__)
    parser.add_argument("blocs", nargs="*", type=int, help="the blocs to make (all when none is given)")
    parser.add_argument("--no-glossary", action="store_true", help="leave notebooks/glossaire.md alone")
    args = parser.parse_args(argv)
    for line in build(FICHES, blocs=args.blocs or None, glossary=not args.no_glossary):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
