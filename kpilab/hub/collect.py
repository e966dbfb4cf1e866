"""``kpilab collecter``: every student's copy of one notebook, gathered for ``kpilab grade``.

On a class's JupyterHub each student has a home folder (``/home/jupyter-<student>`` with
SystemdSpawner, as The Littlest JupyterHub names them). :func:`collect` copies the notebook
at the same relative path in every home to ``OUT/<student>.ipynb``, ready for
``kpilab grade OUT --out notes.csv``, and says in French who handed in, who did not,
whose notebook is still the one handed out, and when each was last changed.

The students' files are only read: opened read-only, never moved, never changed; the copy
keeps their modification time. A symbolic link that leads out of a student's home is not
followed, and nothing in the output folder is ever replaced.

>>> import tempfile
>>> from pathlib import Path
>>> tmp = Path(tempfile.mkdtemp())
>>> (tmp / "homes" / "jupyter-lea" / "exercises").mkdir(parents=True)
>>> _ = (tmp / "homes" / "jupyter-lea" / "exercises" / "01.ipynb").write_text("{}")
>>> report = collect(tmp / "homes", "exercises/01.ipynb", tmp / "copies")
>>> [c.student for c in report.copies], sorted(p.name for p in (tmp / "copies").iterdir())
(['lea'], ['lea.ipynb'])
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from kpilab.errors import KPIError

__all__ = ["collect", "Copy", "Report", "PREFIX"]

PREFIX = "jupyter-"  # the students' Unix users, as The Littlest JupyterHub names them (kpilab.hub.accounts)
SKIPPED_FOLDERS = (".ipynb_checkpoints",)


@dataclass(frozen=True)
class Copy:
    """One student's notebook, copied."""

    student: str
    source: Path
    target: Path
    mtime: float
    unmodified: bool | None  # same bytes as the one handed out (None: nothing to compare with)


@dataclass
class Report:
    """What :func:`collect` did; ``str()`` says it in French."""

    homes: Path
    notebook: str
    out_dir: Path
    copies: list[Copy] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (student as shown, why)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (student, why it was not copied)
    outside_list: list[str] = field(default_factory=list)  # homes of students not on the class list
    original: Path | None = None

    def __str__(self) -> str:
        handed_in = len(self.copies)
        expected = handed_in + len(self.missing) + len(self.refused)
        lines = [f"Collecte de « {self.notebook} » : {handed_in} copie{'s' if handed_in > 1 else ''} sur "
                 f"{expected} étudiant{'s' if expected > 1 else ''}, dans « {self.out_dir} »."]
        if self.copies:
            lines.append(f"Rendu ({handed_in}) :")
            for copy in self.copies:
                line = f"- {copy.student} : modifié le {_when(copy.mtime)}"
                if copy.unmodified:
                    line += " — non modifié : identique au carnet distribué (rien n'a été fait)"
                lines.append(line)
        if self.missing:
            lines.append(f"Pas rendu ({len(self.missing)}) :")
            lines += [f"- {who} : {why}" for who, why in self.missing]
        if self.refused:
            lines.append(f"Non copié ({len(self.refused)}) :")
            lines += [f"- {who} : {why}" for who, why in self.refused]
        if self.outside_list:
            lines.append("Dossiers d'utilisateurs absents de la liste de la classe, ignorés : "
                         + ", ".join(self.outside_list) + ".")
        if self.original is None:
            lines.append("Carnet distribué introuvable : je ne peux pas dire qui l'a laissé tel quel "
                         "(indique-le avec --original).")
        if self.copies:
            lines.append(f"Pour corriger : kpilab grade {self.out_dir} --out notes.csv")
        return "\n".join(lines)


def _when(mtime: float) -> str:
    from kpilab.formatting import format_date

    moment = datetime.fromtimestamp(mtime)
    return f"{format_date(moment.date().isoformat())} à {moment:%H}\u00a0h\u00a0{moment:%M}"


def _relative(notebook: str) -> str:
    path = PurePosixPath(str(notebook).replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise KPIError(f"Le carnet « {notebook} » doit être un chemin relatif au dossier de chaque étudiant, sans "
                       "« .. » (par exemple exercises/01_exercices_taux_de_reponse.ipynb).")
    if path.suffix != ".ipynb":
        raise KPIError(f"Le carnet « {notebook} » n'est pas un notebook (.ipynb) : donne le chemin du fichier "
                       ".ipynb dans le dossier de l'étudiant.")
    return path.as_posix()


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def _find(home: Path, notebook: str) -> tuple[Path | None, str | None]:
    """The student's notebook (its real path, inside ``home``), or None and why not (None: not there)."""
    if glob.has_magic(notebook):
        found = sorted(p for p in home.glob(notebook) if not set(p.relative_to(home).parts) & set(SKIPPED_FOLDERS))
        if len(found) > 1:
            names = ", ".join(p.relative_to(home).as_posix() for p in found)
            return None, f"plusieurs carnets correspondent ({names}) : précise le chemin"
        if not found:
            return None, None
        candidate = found[0]
    else:
        candidate = home / notebook
    if not os.path.lexists(candidate):
        return None, None
    real_home, real = os.path.realpath(home), os.path.realpath(candidate)
    if not _inside(real, real_home):
        return None, "lien symbolique qui sort de son dossier : non suivi, rien n'est copié"
    if not os.path.isfile(real):
        return None, f"« {candidate.relative_to(home).as_posix()} » n'est pas un fichier"
    return Path(real), None


def _read(path: Path) -> tuple[bytes, os.stat_result]:
    """The file's bytes and its stat, read-only (a link swapped in meanwhile is not followed)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        status = os.fstat(fd)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks), status
    finally:
        os.close(fd)


def _originals(original, notebook: str) -> Path | None:
    """The notebook as handed out: ``original`` (a file, or a folder to search by name), else the course's copy."""
    if original is not None:
        path = Path(original)
        if not path.exists():
            raise KPIError(f"Le carnet distribué « {original} » (option --original) est introuvable.")
        return path
    if glob.has_magic(notebook):
        return None
    from kpilab.lab import find_course

    course = find_course()
    parts = PurePosixPath(notebook).parts
    for start in range(len(parts)):  # kpilab-cours/exercises/01.ipynb in a home: exercises/01.ipynb in the course
        if course is not None and (course / Path(*parts[start:])).is_file():
            return course / Path(*parts[start:])
    return None


def _same_as_handed_out(data: bytes, name: str, original: Path | None) -> bool | None:
    if original is None:
        return None
    if original.is_file():
        return data == original.read_bytes()
    candidates = [p for p in original.rglob(name) if p.is_file()]
    return any(data == p.read_bytes() for p in candidates) if candidates else None


def collect(homes, notebook: str, out_dir, *, class_list=None, original=None, prefix: str = PREFIX) -> Report:
    """Copy ``notebook`` (relative to each home, ``*`` allowed) from every student's home into ``out_dir``.

    ``homes`` holds one folder per student, named ``<prefix><student>``; with ``class_list``
    (a CSV file as ``kpilab devoir`` reads it) only the class's students are collected and the
    missing ones are named. ``original`` is the notebook as handed out (a file, or a folder
    searched by the notebook's name, like a devoir's ``a_distribuer``); by default the course's
    own file at the same path. Raises :class:`KPIError` before copying anything when a copy
    would replace a file of ``out_dir``.
    """
    homes, out_dir = Path(homes), Path(out_dir)
    notebook = _relative(notebook)
    if not homes.is_dir():
        raise KPIError(f"Le dossier des étudiants « {homes} » est introuvable (par exemple /home, qui contient "
                       f"un dossier {prefix}<étudiant> par étudiant).")
    report = Report(homes, notebook, out_dir, original=_originals(original, notebook))
    found = {}
    for entry in sorted(homes.iterdir()):
        if entry.name.startswith(prefix) and not entry.name.startswith(".") and len(entry.name) > len(prefix):
            if entry.is_symlink():
                report.refused.append((entry.name[len(prefix):], "son dossier est un lien symbolique : non suivi"))
            elif entry.is_dir():
                found[entry.name[len(prefix):]] = entry
    wanted: list[tuple[str | None, str, str]] = []  # (the home's student name or None: no home; as shown; id)
    if class_list is not None:
        from kpilab.devoirs.create import read_class_list
        from kpilab.devoirs.seeds import normalise

        from kpilab.hub.accounts import system_username

        by_name = {normalise(name): name for name in found}
        for student in read_class_list(class_list):
            # A long name's home is shortened (system_username): jupyter-bernard-lefebvre-z-a2af8.
            shortened = normalise(system_username(student.folder, prefix)[len(prefix):])
            name = (by_name.pop(student.folder, None) or by_name.pop(student.id, None)
                    or by_name.pop(shortened, None))
            wanted.append((name, student.name, student.folder))
        report.outside_list = sorted(by_name.values())
    else:
        wanted = [(name, name, name) for name in found]
    planned = []
    for name, shown, folder in wanted:
        if shown != name:
            shown = f"{shown} ({name or folder})"
        if name is None:
            report.missing.append((shown, f"pas de dossier {prefix}{folder} sur le serveur (jamais connecté ?)"))
            continue
        path, why = _find(found[name], notebook)
        if why:
            report.refused.append((name, why))
        elif path is None:
            report.missing.append((shown, f"pas de fichier {notebook}"))
        else:
            planned.append((folder, path, out_dir / f"{folder}.ipynb"))  # the class list's name, not the home's
    taken = [target.name for _, _, target in planned if os.path.lexists(target)]
    if taken:
        more = f" (et {len(taken) - 1} autre{'s' if len(taken) > 2 else ''})" if len(taken) > 1 else ""
        raise KPIError(f"Le dossier « {out_dir} » contient déjà {taken[0]}{more} : je ne remplace pas des copies déjà "
                       "collectées. Choisis un nouveau dossier, ou retire d'abord ces fichiers.")
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, path, target in planned:
        data, status = _read(path)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.utime(target, ns=(status.st_atime_ns, status.st_mtime_ns))
        report.copies.append(Copy(name, path, target, status.st_mtime,
                                  _same_as_handed_out(data, path.name, report.original)))
    return report
