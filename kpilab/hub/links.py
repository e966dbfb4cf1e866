"""The hand-out link: one address that puts the course (or one notebook of it) in a student's home.

nbgitpuller (installed with the hub, the ``hub`` extra) answers ``/user/<name>/git-pull``: the
first visit clones the course's git repository into the student's home, later visits merge the
teacher's new commits while keeping what the student changed (see deploy/README.md), then it
opens ``urlpath``. ``/hub/user-redirect/`` sends every student to their own server.

>>> handout_link("https://hub.lycee.fr", "https://forge.lycee.fr/prof/kpilab.git",
...              "exercises/01_exercices_taux_de_reponse.ipynb")  # doctest: +NORMALIZE_WHITESPACE
'https://hub.lycee.fr/hub/user-redirect/git-pull?repo=https%3A%2F%2Fforge.lycee.fr%2Fprof%2Fkpilab.git&branch=main&targetpath=kpilab-cours&urlpath=lab%2Ftree%2Fkpilab-cours%2Fexercises%2F01_exercices_taux_de_reponse.ipynb'
"""

from __future__ import annotations

import sys
from urllib.parse import quote, urlencode

__all__ = ["handout_link", "open_link", "COURSE_FOLDER"]

COURSE_FOLDER = "kpilab-cours"  # the course's folder in every student's home


def handout_link(hub_url: str, repo: str, notebook: str = "notebooks/00_bienvenue.ipynb", branch: str = "main",
                 folder: str = COURSE_FOLDER) -> str:
    """The nbgitpuller link that hands out ``repo`` into ``~/<folder>`` and opens ``notebook`` in JupyterLab."""
    query = urlencode({"repo": repo, "branch": branch, "targetpath": folder,
                       "urlpath": f"lab/tree/{folder}/{notebook.lstrip('/')}"})
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def open_link(hub_url: str, path: str) -> str:
    """The link that opens ``path`` (a folder or notebook of the home) in each student's own lab.

    >>> open_link("https://hub.lycee.fr/", "devoir_05")
    'https://hub.lycee.fr/hub/user-redirect/lab/tree/devoir_05'
    """
    return f"{hub_url.rstrip('/')}/hub/user-redirect/lab/tree/{quote(path.strip('/'))}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) not in (2, 3, 4):
        print("usage : python -m kpilab.hub.links ADRESSE_DU_HUB DEPOT_GIT [CARNET] [BRANCHE]\n"
              "exemple : python -m kpilab.hub.links https://hub.lycee.fr https://forge.lycee.fr/prof/kpilab.git "
              "exercises/01_exercices_taux_de_reponse.ipynb", file=sys.stderr)
        return 2
    print(handout_link(*argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
