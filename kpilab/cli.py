"""The ``kpilab`` command (also ``python -m kpilab``).

    kpilab grade COPIES/ --out notes.csv [--lecon 01] [--force] [--jobs N]
"""

from __future__ import annotations

import argparse
import sys

from kpilab.errors import KPIError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kpilab", description="Outils de KPI Lab pour l'enseignant.")
    commands = parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser("grade", help="corriger un dossier de notebooks d'exercices")
    grade.add_argument("submissions", help="dossier des copies (.ipynb, sous-dossiers permis)")
    grade.add_argument("--out", required=True, help="carnet de notes à écrire (CSV), par exemple notes.csv")
    grade.add_argument("--lecon", help="numéro de la leçon (sinon : deviné d'après les carnets)")
    grade.add_argument("--force", action="store_true", help="remplacer un carnet de notes existant")
    grade.add_argument("--jobs", type=int, default=None, help="copies corrigées en parallèle (défaut : un par cœur)")
    grade.add_argument("--timeout-cell", type=float, default=60, help="secondes par cellule (défaut : 60)")
    grade.add_argument("--timeout-notebook", type=float, default=300, help="secondes par carnet (défaut : 300)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "grade":
        from kpilab.grading import grade_folder

        try:
            outcome = grade_folder(
                args.submissions, args.out, lesson=args.lecon, force=args.force, jobs=args.jobs,
                cell_timeout=args.timeout_cell, notebook_timeout=args.timeout_notebook,
            )
        except KPIError as error:
            print(f"Erreur : {error}", file=sys.stderr)
            return 2
        if str(outcome.gradebook) != str(args.out):
            print(f"« {args.out} » existe déjà : il n'est pas modifié. (Ajoute --force pour le remplacer.)")
        print(f"Carnet de notes : {outcome.gradebook}")
        print(f"Retours aux étudiants et synthèse : {outcome.feedback_dir}/")
        print(outcome.summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
