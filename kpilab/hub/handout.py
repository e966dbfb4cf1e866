"""``kpilab distribuer``: each student's devoir put in their home on the class's hub.

A devoir (``kpilab devoir``) gives each student their own notebook and data, so one git
repository cannot hand it out. On the hub's machine the teacher runs, as root::

    kpilab distribuer devoir05 /home

which copies ``devoir05/a_distribuer/<student>/`` into ``/home/jupyter-<student>/devoir_05/``
(the name :func:`kpilab.hub.accounts.system_username` gives), owned by the student. Then one
link serves the whole class: ``https://hub…/hub/user-redirect/lab/tree/devoir_05`` opens each
student's own folder (:func:`kpilab.hub.links.open_link`).

Nothing a student has is replaced: a file already there is kept (running the command again
only adds what is missing, e.g. for a student who had never logged in). The copy never
follows a symbolic link in a home: each folder is opened without following links and every
file is created relative to it, so a student cannot send root's writes elsewhere.

>>> import json, os, tempfile
>>> from pathlib import Path
>>> tmp = Path(tempfile.mkdtemp())
>>> _ = (tmp / "d" / "enseignant").mkdir(parents=True), (tmp / "d" / "a_distribuer" / "martin-lea").mkdir(parents=True)
>>> _ = (tmp / "d" / "enseignant" / "devoir.json").write_text(json.dumps({"kind": "kpilab-devoir",
...     "lesson": "05_taux_de_retention", "students": [{"name": "Léa Martin", "folder": "martin-lea"}]}))
>>> _ = (tmp / "d" / "a_distribuer" / "martin-lea" / "05_devoir_martin-lea.ipynb").write_text("{}")
>>> (tmp / "home" / "jupyter-martin-lea").mkdir(parents=True)
>>> report = hand_out(tmp / "d", tmp / "home")
>>> sorted(os.listdir(tmp / "home" / "jupyter-martin-lea" / "devoir_05"))
['05_devoir_martin-lea.ipynb']
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kpilab.errors import KPIError

__all__ = ["hand_out", "Report", "folder_name"]

_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


@dataclass
class Report:
    """What :func:`hand_out` did; ``str()`` says it in French."""

    folder: str
    given: list[tuple[str, int]] = field(default_factory=list)  # (student, files copied)
    kept: list[tuple[str, int]] = field(default_factory=list)  # (student, files already there, kept)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (student, why nothing was copied)

    def __str__(self) -> str:
        total = len(self.given) + len(self.kept) + len(self.missing)
        done = len(self.given) + len(self.kept)
        lines = [f"Distribution de « {self.folder} » : {done} étudiant{'s' if done > 1 else ''} sur {total} l'ont "
                 "dans leur dossier."]
        for who, count in self.given:
            lines.append(f"- {who} : {count} fichier{'s' if count > 1 else ''} copié{'s' if count > 1 else ''}")
        for who, count in self.kept:
            lines.append(f"- {who} : déjà distribué ({count} fichier{'s' if count > 1 else ''} gardé"
                         f"{'s' if count > 1 else ''} tel{'s' if count > 1 else ''} quel{'s' if count > 1 else ''})")
        if self.missing:
            lines.append(f"Pas distribué ({len(self.missing)}) :")
            lines += [f"- {who} : {why}" for who, why in self.missing]
            lines.append("Relance la même commande plus tard : elle ajoute seulement ce qui manque.")
        return "\n".join(lines)


def folder_name(lesson: str) -> str:
    """The devoir's folder in each home: ``"05_taux_de_retention"`` → ``"devoir_05"``."""
    return f"devoir_{lesson.split('_', 1)[0]}"


def _devoir(devoir_dir: Path) -> dict:
    path = devoir_dir / "enseignant" / "devoir.json"
    try:
        description = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise KPIError(f"« {devoir_dir} » n'est pas le dossier d'un devoir : il y manque enseignant/devoir.json "
                       "(c'est le dossier créé par kpilab devoir).") from None
    if description.get("kind") != "kpilab-devoir" or not (devoir_dir / "a_distribuer").is_dir():
        raise KPIError(f"« {devoir_dir} » n'est pas le dossier d'un devoir créé par kpilab devoir (il y faut "
                       "enseignant/devoir.json et a_distribuer/).")
    return description


def _open_child_folder(parent_fd: int, name: str, owner: tuple[int, int] | None) -> tuple[int, bool]:
    """The folder ``name`` in ``parent_fd`` (made if absent, owned by ``owner``): its fd, and whether it was made."""
    made = False
    try:
        os.mkdir(name, 0o755, dir_fd=parent_fd)
        made = True
    except FileExistsError:
        pass
    fd = os.open(name, _DIRECTORY, dir_fd=parent_fd)  # ELOOP/ENOTDIR when the student put a link or a file there
    if made and owner is not None:
        os.chown(fd, *owner)
    return fd, made


def _copy_tree(source: Path, target_fd: int, owner: tuple[int, int] | None) -> tuple[int, int]:
    """Copy ``source``'s files into the open folder ``target_fd``, none replaced: (copied, kept)."""
    copied = kept = 0
    for entry in sorted(source.iterdir()):
        if entry.is_symlink():
            continue  # the hand-out holds no links; never copy one
        if entry.is_dir():
            fd, _ = _open_child_folder(target_fd, entry.name, owner)
            try:
                more = _copy_tree(entry, fd, owner)
            finally:
                os.close(fd)
            copied, kept = copied + more[0], kept + more[1]
            continue
        try:
            fd = os.open(entry.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=target_fd)
        except FileExistsError:
            kept += 1
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(entry.read_bytes())
            if owner is not None:
                os.chown(handle.fileno(), *owner)
        copied += 1
    return copied, kept


def hand_out(devoir_dir, homes, *, folder: str | None = None, prefix: str = "jupyter-") -> Report:
    """Copy each student's devoir into ``homes/<prefix><student>/<folder>`` (``devoir_NN`` by default), nothing replaced.

    The files belong to the home's owner. A student without a home yet (never logged in) is
    named in the report; raises :class:`KPIError` for a folder that is not a devoir's.
    """
    from kpilab.hub.accounts import system_username

    devoir_dir, homes = Path(devoir_dir), Path(homes)
    description = _devoir(devoir_dir)
    folder = folder or folder_name(description["lesson"])
    if "/" in folder or folder in ("", ".", ".."):
        raise KPIError(f"« {folder} » n'est pas un nom de dossier (sans « / ») : par exemple devoir_05.")
    if not homes.is_dir():
        raise KPIError(f"Le dossier des étudiants « {homes} » est introuvable (par exemple /home).")
    report = Report(folder)
    for student in description["students"]:
        who = f"{student['name']} ({student['folder']})"
        source = devoir_dir / "a_distribuer" / student["folder"]
        if not source.is_dir():
            report.missing.append((who, f"son dossier a_distribuer/{student['folder']} est introuvable"))
            continue
        home = homes / system_username(student["folder"], prefix)
        try:
            home_fd = os.open(home, _DIRECTORY)
        except FileNotFoundError:
            report.missing.append((who, f"pas encore de dossier {home.name} sur le serveur (jamais connecté ?)"))
            continue
        except OSError:
            report.missing.append((who, f"{home.name} n'est pas un dossier (ou est un lien symbolique) : rien n'est "
                                        "copié"))
            continue
        try:
            info = os.fstat(home_fd)
            owner = (info.st_uid, info.st_gid) if os.geteuid() == 0 and stat.S_ISDIR(info.st_mode) else None
            try:
                target_fd, _ = _open_child_folder(home_fd, folder, owner)
            except OSError:
                report.missing.append((who, f"« {folder} » existe dans son dossier sans être un dossier (ou c'est un "
                                            "lien symbolique) : rien n'est copié"))
                continue
            try:
                copied, kept = _copy_tree(source, target_fd, owner)
            except OSError:
                report.missing.append((who, f"un lien symbolique ou un fichier de son dossier « {folder} » bloque la "
                                            "copie : rien n'y est remplacé, vérifie ce dossier"))
                continue
            finally:
                os.close(target_fd)
        finally:
            os.close(home_fd)
        (report.given if copied else report.kept).append((who, copied if copied else kept))
    return report
