"""The students' accounts on the class's hub, made from the class list (NativeAuthenticator).

Each student's hub user name is the name of their folder in ``kpilab devoir``'s hand-out:
``Léa Martin`` → ``martin-lea`` (:func:`usernames`); deploy/jupyterhub/jupyterhub_config.py
allows exactly these names. :func:`create_accounts` then writes one account per student into
the hub's database, with a first password the teacher hands out (the student changes it at
``/hub/change-password``)::

    python -m kpilab.hub.accounts classe.csv --db sqlite:////srv/kpilab-hub/jupyterhub.sqlite --out comptes.csv

The hub must have started once (it creates its database). A student who already has an
account keeps it and their password; the file of first passwords is never overwritten.

>>> import tempfile
>>> from pathlib import Path
>>> csv = Path(tempfile.mkdtemp()) / "classe.csv"
>>> _ = csv.write_text("nom;prenom\\nMartin;Léa\\nDurand;Paul\\n", encoding="utf-8")
>>> usernames(csv)
['martin-lea', 'durand-paul']

On the machine, each student's server runs as the Unix user :func:`system_username` gives
(``jupyter-martin-lea``), shortened with a hash of the name when it would pass Linux's
32 characters. With LTI, the hub user name is made from the e-mail address the platform sends
(:func:`lti_username`).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import secrets
import sys
from pathlib import Path

from kpilab.errors import KPIError

__all__ = ["usernames", "system_username", "lti_username", "create_accounts", "PASSWORD_ALPHABET",
           "PASSWORD_LENGTH", "UNIX_PREFIX", "UNIX_NAME_MAX"]

PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud, copied from paper
PASSWORD_LENGTH = 10
UNIX_PREFIX = "jupyter-"  # the students' Unix users and homes, as The Littlest JupyterHub names them
UNIX_NAME_MAX = 32  # useradd refuses a longer user name (Debian, Ubuntu)


def usernames(class_list) -> list[str]:
    """The hub user names of the class list's students, in the list's order."""
    from kpilab.devoirs.create import read_class_list

    return [student.folder for student in read_class_list(class_list)]


def system_username(hub_name: str, prefix: str = UNIX_PREFIX) -> str:
    """The Unix user (and home folder name) of a hub user: ``prefix + hub_name``, at most 32 characters.

    A longer name keeps its beginning and ends with ``-`` and 5 letters of its SHA-256, as
    The Littlest JupyterHub shortens them: two students never share a user.

    >>> system_username("martin-lea")
    'jupyter-martin-lea'
    >>> system_username("bernard-lefebvre-zoe-marie")  # 34 characters with jupyter-
    'jupyter-bernard-lefebvre-z-a2af8'
    """
    full = prefix + hub_name
    if len(full) <= UNIX_NAME_MAX:
        return full
    digest = hashlib.sha256(hub_name.encode("utf-8")).hexdigest()[:5]
    return f"{full[:UNIX_NAME_MAX - 6].rstrip('-')}-{digest}"


def lti_username(name: str) -> str:
    """The hub user name of an LTI launch: the e-mail address's part before ``@``, as a folder name.

    >>> lti_username("Léa.Martin@lycee-exemple.fr"), lti_username("prof")
    ('lea-martin', 'prof')
    """
    from kpilab.devoirs.seeds import normalise

    return normalise(str(name).split("@", 1)[0])


def _password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def create_accounts(class_list, db_url: str, out_csv) -> list[tuple[str, str, str | None]]:
    """An authorised NativeAuthenticator account for every student without one; (name, user, password or None).

    The first passwords go to ``out_csv`` (``etudiant;identifiant;mot_de_passe``, as French Excel
    opens it); a student who had an account already gets no line there and keeps their password.
    """
    import bcrypt
    from nativeauthenticator.orm import UserInfo
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.orm import Session

    from kpilab.devoirs.create import read_class_list

    students = read_class_list(class_list)
    out_csv = Path(out_csv)
    if out_csv.exists():
        raise KPIError(f"Le fichier « {out_csv} » existe déjà : je ne le remplace pas (il contient peut-être les "
                       "premiers mots de passe d'une autre fois). Choisis un autre nom avec --out.")
    engine = create_engine(db_url)
    if "users" not in inspect(engine).get_table_names():
        raise KPIError(f"La base « {db_url} » n'est pas celle d'un JupyterHub démarré : lance JupyterHub une "
                       "première fois (il crée sa base), puis recommence.")
    UserInfo.__table__.create(engine, checkfirst=True)  # as NativeAuthenticator does at its first start
    made = []
    with Session(engine) as db:
        for student in students:
            if UserInfo.find(db, student.folder) is not None:
                made.append((student.name, student.folder, None))
                continue
            password = _password()
            db.add(UserInfo(username=student.folder, is_authorized=True,
                            password=bcrypt.hashpw(password.encode(), bcrypt.gensalt())))
            made.append((student.name, student.folder, password))
        db.commit()
    engine.dispose()
    fd = os.open(out_csv, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # passwords: the teacher only
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["etudiant", "identifiant", "mot_de_passe"])
        writer.writerows((name, user, password) for name, user, password in made if password)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kpilab.hub.accounts",
                                     description="Crée le compte JupyterHub de chaque étudiant de la liste de la classe.")
    parser.add_argument("classe", help="la liste de la classe (CSV : colonne etudiant, ou nom et prenom)")
    parser.add_argument("--db", required=True, help="la base du hub, par exemple sqlite:////srv/kpilab-hub/jupyterhub.sqlite")
    parser.add_argument("--out", required=True, help="le fichier CSV des premiers mots de passe, à distribuer")
    args = parser.parse_args(argv)
    try:
        made = create_accounts(args.classe, args.db, args.out)
    except KPIError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    new = sum(1 for *_, password in made if password)
    print(f"Comptes créés : {new} ; déjà là (mot de passe inchangé) : {len(made) - new}.")
    print(f"Premiers mots de passe : {args.out} (à distribuer, puis à effacer). Chaque étudiant peut changer le sien "
          "sur /hub/change-password.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
