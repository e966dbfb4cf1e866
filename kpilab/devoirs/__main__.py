"""``python -m kpilab.devoirs LECON CLASSE.csv DOSSIER``: create the devoirs of a class (:func:`kpilab.devoirs.create`)."""

from __future__ import annotations

import argparse
import sys

from kpilab.errors import KPIError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kpilab.devoirs",
        description="Crée un devoir par étudiant, chacun sur sa variante des données de Roue Libre.")
    parser.add_argument("lecon", help="la leçon : 05, 05_taux_de_retention, 10_cas…")
    parser.add_argument("classe", help="la liste de la classe (CSV : colonne etudiant, ou nom et prenom)")
    parser.add_argument("dossier", help="le dossier à créer (il ne doit pas exister, ou être vide)")
    parser.add_argument("--secret", default=None,
                        help="le fichier secret de l'enseignant (créé s'il n'existe pas ; par défaut, un nouveau "
                             "secret dans DOSSIER/enseignant/secret.txt)")
    parser.add_argument("--jobs", type=int, default=None, help="processus en parallèle (par défaut : un par cœur)")
    args = parser.parse_args(argv)
    from kpilab.devoirs.create import create

    try:
        report = create(args.lecon, args.classe, args.dossier, secret_file=args.secret, jobs=args.jobs)
    except KPIError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
