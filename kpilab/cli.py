"""The ``kpilab`` command (also ``python -m kpilab``).

    kpilab grade COPIES/ --out notes.csv [--lecon 01] [--devoir DEVOIR/enseignant/devoir.json] [--force] [--jobs N]
    kpilab verifier COPIE.ipynb [--lecon 01]
    kpilab devoir LECON CLASSE.csv DOSSIER [--secret FICHIER]
    kpilab collecter DOSSIER_DES_ETUDIANTS CARNET COPIES/ [--classe CLASSE.csv] [--original FICHIER] [--prefixe jupyter-]
    kpilab distribuer DEVOIR/ DOSSIER_DES_ETUDIANTS [--nom devoir_05] [--hub https://hub.lycee.fr] [--prefixe jupyter-]
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
    grade.add_argument("--devoir", help="le fichier devoir.json d'un devoir (kpilab devoir) : chaque copie est notée "
                                        "sur les données de son étudiant")
    grade.add_argument("--force", action="store_true", help="remplacer un carnet de notes existant")
    grade.add_argument("--jobs", type=int, default=None, help="copies corrigées en parallèle (défaut : un par cœur)")
    grade.add_argument("--timeout-cell", type=float, default=60, help="secondes par cellule (défaut : 60)")
    grade.add_argument("--timeout-notebook", type=float, default=300, help="secondes par carnet (défaut : 300)")
    check = commands.add_parser("verifier", help="vérifier une copie comme le correcteur la notera (rien n'est écrit)")
    check.add_argument("copie", help="le notebook d'exercices à vérifier (.ipynb)")
    check.add_argument("--lecon", help="numéro de la leçon (sinon : deviné d'après le carnet)")
    check.add_argument("--timeout-cell", type=float, default=60, help="secondes par cellule (défaut : 60)")
    check.add_argument("--timeout-notebook", type=float, default=300, help="secondes par carnet (défaut : 300)")
    devoir = commands.add_parser("devoir", help="créer un devoir par étudiant, chacun sur sa variante des données")
    devoir.add_argument("lecon", help="la leçon : 05, 05_taux_de_retention, 10_cas…")
    devoir.add_argument("classe", help="la liste de la classe (CSV : colonne etudiant, ou nom et prenom)")
    devoir.add_argument("dossier", help="le dossier à créer (il ne doit pas exister, ou être vide)")
    devoir.add_argument("--secret", default=None, help="le fichier secret de l'enseignant (créé s'il n'existe pas)")
    devoir.add_argument("--jobs", type=int, default=None, help="processus en parallèle (défaut : un par cœur)")
    gather = commands.add_parser("collecter", help="rassembler la copie de chaque étudiant d'un serveur JupyterHub "
                                                   "dans un dossier, prête pour kpilab grade")
    gather.add_argument("dossiers", help="le dossier des dossiers personnels des étudiants (par exemple /home)")
    gather.add_argument("carnet", help="le carnet, relatif au dossier de chaque étudiant "
                                       "(par exemple exercises/01_exercices_taux_de_reponse.ipynb ; * permis)")
    gather.add_argument("copies", help="le dossier où copier les carnets (aucun fichier existant n'y est remplacé)")
    gather.add_argument("--classe", help="la liste de la classe (CSV, comme pour kpilab devoir) : nomme les absents")
    gather.add_argument("--original", help="le carnet distribué (ou le dossier a_distribuer d'un devoir), pour "
                                           "repérer les copies non modifiées (défaut : celui du cours)")
    gather.add_argument("--prefixe", default="jupyter-", help="début du nom des dossiers des étudiants "
                                                             "(défaut : jupyter-, « » pour tous les dossiers)")
    give = commands.add_parser("distribuer", help="mettre le devoir de chaque étudiant dans son dossier d'un serveur "
                                                  "JupyterHub")
    give.add_argument("devoir", help="le dossier du devoir, créé par kpilab devoir")
    give.add_argument("dossiers", help="le dossier des dossiers personnels des étudiants (par exemple /home)")
    give.add_argument("--nom", default=None, help="le nom du dossier du devoir chez chaque étudiant (défaut : "
                                                  "devoir_NN, NN étant la leçon)")
    give.add_argument("--hub", default=None, help="l'adresse du hub, pour afficher le lien à donner à la classe")
    give.add_argument("--prefixe", default="jupyter-", help="début du nom des dossiers des étudiants "
                                                           "(défaut : jupyter-)")
    return parser


def _hand_out(args) -> int:
    from kpilab.hub.handout import hand_out
    from kpilab.hub.links import open_link

    try:
        report = hand_out(args.devoir, args.dossiers, folder=args.nom, prefix=args.prefixe)
    except KPIError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    print(report)
    if args.hub:
        print(f"Le lien à donner à la classe : {open_link(args.hub, report.folder)}")
    return 0


def _collect(args) -> int:
    from kpilab.hub.collect import collect

    try:
        report = collect(args.dossiers, args.carnet, args.copies, class_list=args.classe, original=args.original,
                         prefix=args.prefixe)
    except KPIError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    print(report)
    return 0


def _verify(args) -> int:
    from kpilab import formatting
    from kpilab.grading import verify_copy

    try:
        row, isolation = verify_copy(args.copie, lesson=args.lecon, cell_timeout=args.timeout_cell,
                                     notebook_timeout=args.timeout_notebook)
    except KPIError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    print(isolation)
    print(f"Copie : {args.copie} — état du carnet : {row.status}")
    for verdict in row.verdicts:
        print(f"  {verdict}")
    for note in row.notes:
        print(f"  Remarque : {note}")
    print(f"Note : {formatting.format_number(row.mark_out_of_20, digits=1)} / 20 "
          f"({row.points} question(s) réussie(s) sur {len(row.verdicts)})")
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl+C, or SIGTERM / SIGHUP during a grading run
        print("Correction interrompue : aucun carnet de notes n'a été écrit, les copies n'ont pas changé.",
              file=sys.stderr)
        return 130


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "verifier":
        return _verify(args)
    if args.command == "collecter":
        return _collect(args)
    if args.command == "distribuer":
        return _hand_out(args)
    if args.command == "devoir":
        from kpilab.devoirs.__main__ import main as devoir_main

        extra = [*(["--secret", args.secret] if args.secret else []), *(["--jobs", str(args.jobs)] if args.jobs else [])]
        return devoir_main([args.lecon, args.classe, args.dossier, *extra])
    if args.command == "grade":
        from kpilab.grading import grade_folder

        try:
            outcome = grade_folder(
                args.submissions, args.out, lesson=args.lecon, force=args.force, jobs=args.jobs,
                cell_timeout=args.timeout_cell, notebook_timeout=args.timeout_notebook, devoir=args.devoir,
            )
        except KPIError as error:
            print(f"Erreur : {error}", file=sys.stderr)
            return 2
        if str(outcome.gradebook) != str(args.out):
            print(f"« {args.out} » existe déjà : il n'est pas modifié. (Ajoute --force pour le remplacer.)")
        print(f"Carnet de notes : {outcome.gradebook}")
        print(f"Retours aux étudiants, grille de compétences et synthèse : {outcome.feedback_dir}/")
        print(outcome.summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
