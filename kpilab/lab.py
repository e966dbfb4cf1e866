"""The course's JupyterLab: the one launcher behind ``make lab``, ``make lab-prof`` and the browser tests.

Two commands (``python -m kpilab.lab --help``):

``python -m kpilab.lab --setup``
    Writes this environment's own configuration into ``sys.prefix`` (the install
    step of the Makefile runs it; every start of the lab runs it again):

    - ``share/jupyter/lab/settings/overrides.json``: the French language pack
      (``jupyterlab-language-pack-fr-fr``) selected and the "Jupyter news?" toast off;
    - ``etc/ipython/ipython_kernel_config.py``: every IPython kernel of this
      environment loads :mod:`kpilab.extension` at start (JupyterLab's, nbclient's,
      nbval's and the grader's alike: IPython reads ``<sys.prefix>/etc/ipython``).

``python -m kpilab.lab [--prof] [--port N] [--no-browser] [--root DIR] [--state DIR] [-- JUPYTER-ARGS]``
    Starts JupyterLab on the course folder and prints one short French block: the
    address to copy (token included) and how to stop. The server's own log goes
    to a file (the block says where); when the server does not start, a French
    message and the end of that log are printed instead. The browser opens by
    itself when there is one.

    - The student view (default) opens lesson 00 whatever URL is used (``/``,
      ``/lab``, ``/lab?token=…``): the default workspace is written afresh at
      every start with lesson 00 open and the file browser at the course's root,
      which shows only :data:`STUDENT_FILES` (the developer files and the answer
      keys of ``exercises/corriges/`` are hidden with ``hide_globs``).
    - ``--prof`` is the teacher's view: every file, the answer keys included.

    Nothing is written to the user's home: the workspaces, the user settings, the
    Jupyter config, data and runtime folders, the IPython profile and
    matplotlib's cache of the lab live in the state folder (``<sys.prefix>/kpilab``,
    i.e. ``.venv/kpilab`` for ``make lab``).
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path

LOCALE = "fr_FR"  # from the jupyterlab-language-pack-fr-fr package (the course extra)
# Settings every lab of this environment starts with (the user's own settings still win).
OVERRIDES = {
    "@jupyterlab/translation-extension:plugin": {"locale": LOCALE},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}
KERNEL_EXTENSIONS = ("kpilab.extension",)
KERNEL_CONFIG = '''\
# Written by kpilab.lab (python -m kpilab.lab --setup, run by the Makefile's install step).
# Every IPython kernel of this environment loads the course's extension at start.
c.InteractiveShellApp.extensions.extend({extensions!r})
'''

# What the student view's file browser shows at the course's root, and nothing else
# of the repository (tests/test_setup.py checks every tracked name against this).
STUDENT_FILES = ("notebooks", "exercises", "classeurs", "fiches", "datasets", "apps", "README.md")
ANSWER_KEYS = "corriges"  # exercises/corriges/: the teacher's view only
# jupyter_server's own default hide_globs (kept in both views).
JUPYTER_HIDDEN = ("__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~")
# The developer files of the repository, hidden from the student view. hide_globs
# matches a name in any folder: none of these is a name a student's file would have.
DEVELOPER_FILES = (
    "benchmarks", "tests", "kpilab", "deploy", "*.egg-info", "build", "dist", "test-output",
    "Makefile", "pyproject.toml", "*.lock", "environment.yml", "conftest.py", "LICENSE",
)
STUDENT_HIDDEN = (*JUPYTER_HIDDEN, *DEVELOPER_FILES, ANSWER_KEYS)

DEFAULT_PORT = 8888
READY_TIMEOUT = 120  # seconds for the server to answer
LOG_NAME = "jupyterlab.log"
TAIL_LINES = 25


# --- the environment's configuration (install step) -------------------------------------------

def overrides_path(prefix: str | Path = sys.prefix) -> Path:
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def kernel_config_path(prefix: str | Path = sys.prefix) -> Path:
    return Path(prefix) / "etc" / "ipython" / "ipython_kernel_config.py"


def _write_if_changed(path: Path, text: str) -> bool:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def configure_environment(prefix: str | Path = sys.prefix) -> list[Path]:
    """Write the French settings override and the kernels' IPython config; the files changed."""
    changed = []
    path = overrides_path(prefix)
    try:
        overrides = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except ValueError:
        overrides = {}  # unreadable: ours replaces it
    for plugin, settings in OVERRIDES.items():
        overrides[plugin] = {**overrides.get(plugin, {}), **settings}
    if _write_if_changed(path, json.dumps(overrides, indent=2, ensure_ascii=False) + "\n"):
        changed.append(path)
    path = kernel_config_path(prefix)
    if _write_if_changed(path, KERNEL_CONFIG.format(extensions=list(KERNEL_EXTENSIONS))):
        changed.append(path)
    return changed


# --- the lab ----------------------------------------------------------------------------------

def default_state_dir() -> Path:
    """Where the course's lab keeps its workspaces, settings and log: inside the environment."""
    return Path(sys.prefix) / "kpilab"


def find_course(start: Path | None = None) -> Path | None:
    """The course folder: ``start`` (the current folder) when it holds the lessons, else the repository of kpilab."""
    for folder in (start or Path.cwd(), Path(__file__).resolve().parents[1]):
        if (folder / "notebooks").is_dir():
            return folder.resolve()
    return None


def first_lesson(root: Path) -> str | None:
    """The path of lesson 00 relative to the course folder (``notebooks/00_….ipynb``)."""
    lessons = sorted((root / "notebooks").glob("00_*.ipynb"))
    return lessons[0].relative_to(root).as_posix() if lessons else None


def workspace_file(workspaces: Path, name: str = "default") -> Path:
    """Where JupyterLab keeps workspace ``name`` (jupyterlab_server's slug: the name and 4 hex of its SHA-256).

    Written here without importing jupyterlab_server (1.5 s at every start); the
    tests check that jupyterlab_server's WorkspacesManager reads the same file.
    """
    return workspaces / f"{name}-{hashlib.sha256(name.encode()).hexdigest()[:4]}.jupyterlab-workspace"


def workspace(lesson: str | None) -> dict:
    """JupyterLab's default workspace: lesson 00 open, the file browser at the course's root."""
    data: dict = {
        "file-browser-filebrowser:cwd": {"path": ""},
        "layout-restorer:data": {
            "main": {"dock": {"type": "tab-area", "currentIndex": 0, "widgets": []}},
            "left": {"collapsed": False, "visible": True, "current": "filebrowser",
                     "widgets": ["filebrowser", "running-sessions", "@jupyterlab/toc:plugin"]},
            "right": {"collapsed": True, "visible": True, "widgets": []},
            "down": {"size": 0, "collapsed": True, "widgets": []},
        },
    }
    if lesson:
        widget = f"notebook:{lesson}"
        main = data["layout-restorer:data"]["main"]
        main["dock"]["widgets"] = [widget]
        main["current"] = widget
        data[widget] = {"data": {"path": lesson, "factory": "Notebook"}}
    return {"data": data, "metadata": {"id": "default"}}


@dataclass
class LabConfig:
    """Everything that makes the course's lab: the same for make lab, make lab-prof and the tests."""

    root: Path
    state: Path
    port: int = DEFAULT_PORT
    teacher: bool = False
    token: str = field(default_factory=lambda: os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(24))
    extra_args: tuple[str, ...] = ()

    @property
    def log_path(self) -> Path:
        return self.state / LOG_NAME

    @property
    def hide_globs(self) -> tuple[str, ...]:
        return JUPYTER_HIDDEN if self.teacher else STUDENT_HIDDEN

    def command(self) -> list[str]:
        """The ``jupyter lab`` command line (the token goes through the environment, not argv)."""
        cmd = [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            f"--port={self.port}", "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root}",
            f"--LabApp.workspaces_dir={self.state / 'workspaces'}",
            f"--LabApp.user_settings_dir={self.state / 'user-settings'}",
            f"--ContentsManager.hide_globs={json.dumps(list(self.hide_globs))}",
            # No language-server discovery: it runs `npm prefix --global`, which writes ~/.npm/_logs.
            "--LanguageServerManager.autodetect=False",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")  # containers, CI: JupyterLab refuses root otherwise
        return cmd + list(self.extra_args)

    def environment(self) -> dict[str, str]:
        """The server's (and its kernels') environment: every Jupyter and IPython folder in the state folder."""
        env = dict(os.environ)
        env.update(
            JUPYTER_TOKEN=self.token,
            JUPYTER_CONFIG_DIR=str(self.state / "config"),
            JUPYTER_DATA_DIR=str(self.state / "data"),
            JUPYTER_RUNTIME_DIR=str(self.state / "runtime"),
            IPYTHONDIR=str(self.state / "ipython"),
        )
        env.setdefault("MPLCONFIGDIR", str(self.state / "matplotlib"))
        return env

    def prepare(self) -> None:
        """The environment's configuration, the state folder and a fresh default workspace."""
        configure_environment()
        for name in ("workspaces", "user-settings", "config", "data", "runtime", "ipython", "matplotlib"):
            (self.state / name).mkdir(parents=True, exist_ok=True)
        workspace_file(self.state / "workspaces").write_text(
            json.dumps(workspace(first_lesson(self.root)), ensure_ascii=False), encoding="utf-8")

    def url(self, host: str = "localhost") -> str:
        return f"http://{host}:{self.port}/lab?token={self.token}"


def _display(path: Path) -> str:
    """A path as the student should read it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _tail(path: Path, lines: int = TAIL_LINES) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(journal vide)"
    return "\n".join(text.rstrip().splitlines()[-lines:]) or "(journal vide)"


def _port_in_use(port: int) -> bool:
    """Another server listens on ``port`` (SO_REUSEADDR, as the server binds: a port left in TIME_WAIT is free)."""
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        try:
            with socket.socket(family) as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return True
    return False


def _answers(config: LabConfig) -> bool:
    request = urllib.request.Request(f"http://127.0.0.1:{config.port}/api/status",
                                     headers={"Authorization": f"token {config.token}"})
    try:
        urllib.request.urlopen(request, timeout=2).close()
        return True
    except urllib.error.HTTPError:
        return True  # it answers
    except OSError:
        return False


def can_open_browser() -> bool:
    """A graphical browser can be opened: always on macOS and Windows, with a display on Linux."""
    if sys.platform.startswith(("darwin", "win")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_browser_quietly(url: str) -> bool:
    """Open ``url`` in the default browser; what the browser prints goes to /dev/null, not the terminal."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            os.dup2(null.fileno(), 2)
            return bool(webbrowser.open(url))
    except Exception:  # noqa: BLE001 — no browser is not an error: the address is printed
        return False
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)


def ready_block(config: LabConfig, browser_opened: bool) -> str:
    lines = [""]
    if browser_opened:
        lines += [f"KPI Lab est prêt : la leçon 00 s'ouvre dans ton navigateur.",
                  f"Si rien ne s'ouvre, copie cette adresse dans un navigateur :"]
    else:
        lines += [f"KPI Lab est prêt. Copie cette adresse dans ton navigateur :"]
    lines += ["", f"    {config.url()}", ""]
    if config.teacher:
        lines.append(f"Vue enseignant : tous les fichiers, corrigés compris (exercises/{ANSWER_KEYS}/).")
    lines += [f"Pour arrêter : enregistre ton travail, puis appuie sur Ctrl+C ici.",
              f"Journal du serveur : {_display(config.log_path)}", ""]
    return "\n".join(lines)


def _failure(message: str, config: LabConfig) -> str:
    return (f"\n{message}\nFin du journal ({_display(config.log_path)}) :\n\n"
            f"{_tail(config.log_path)}\n")


def _stop(proc: subprocess.Popen, wait_first: float = 0, grace: float = 15) -> None:
    """Stop the server: let it end by itself for ``wait_first`` seconds, then SIGTERM, then kill."""
    try:
        proc.wait(wait_first)
        return
    except subprocess.TimeoutExpired:
        pass
    proc.send_signal(signal.SIGTERM)  # JupyterLab shuts its kernels down on SIGTERM
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


class _Terminated(Exception):
    """SIGTERM or SIGHUP (the terminal closed): the server did not get it, stop it now."""


def _terminate(signum, frame):  # noqa: ARG001
    raise _Terminated


def run(config: LabConfig, open_browser: bool = True, out=None) -> int:
    """Start the lab, print the block, wait until Ctrl+C (or the server stops); the exit status."""
    out = out or sys.stdout

    def say(text: str) -> None:
        print(text, file=out, flush=True)

    say("Démarrage de JupyterLab…")
    if _port_in_use(config.port):
        say(f"\nLe port {config.port} est déjà utilisé : KPI Lab tourne peut-être déjà dans un autre "
            f"terminal (son adresse y est affichée).\nArrête-le avec Ctrl+C dans ce terminal-là, ou choisis "
            f"un autre port (par exemple make lab PORT={config.port + 1}).")
        return 1
    config.prepare()
    # Ctrl+C raises KeyboardInterrupt even when started with SIGINT ignored (a background job);
    # the server then inherits the default action instead of SIG_IGN.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, _terminate)
    with open(config.log_path, "w", encoding="utf-8") as log:
        # stdin is not a terminal: Ctrl+C stops the server at once (no "Shutdown? y/n" question).
        proc = subprocess.Popen(config.command(), cwd=config.root, env=config.environment(),
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while not _answers(config):
            if proc.poll() is not None:
                if _port_in_use(config.port):
                    say(_failure(f"Le port {config.port} est déjà utilisé : choisis un autre port "
                                 f"(par exemple make lab PORT={config.port + 1}).", config))
                else:
                    say(_failure("JupyterLab n'a pas pu démarrer.", config))
                return 1
            if time.monotonic() > deadline:
                _stop(proc)
                say(_failure(f"JupyterLab ne répond pas après {READY_TIMEOUT} secondes.", config))
                return 1
            time.sleep(0.1)
        opened = open_browser and can_open_browser() and open_browser_quietly(config.url())
        say(ready_block(config, opened))
        status = proc.wait()
        if status != 0:
            say(_failure("JupyterLab s'est arrêté de façon inattendue.", config))
            return 1
        return 0
    except KeyboardInterrupt:
        say("\nArrêt de JupyterLab…")
        _stop(proc, wait_first=5)  # Ctrl+C in the terminal reached the server too: it is stopping
        say("JupyterLab est arrêté.")
        return 0
    except _Terminated:
        _stop(proc)
        return 1
    finally:
        if proc.poll() is None:
            _stop(proc)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kpilab.lab", description="Ouvre le cours KPI Lab dans JupyterLab (make lab).",
        epilog="Les arguments après -- vont tels quels à jupyter lab.")
    parser.add_argument("--setup", action="store_true",
                        help="écrire seulement la configuration de l'environnement (étape d'installation)")
    parser.add_argument("--prof", action="store_true", help="vue enseignant : tous les fichiers, corrigés compris")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port du serveur (défaut : {DEFAULT_PORT})")
    parser.add_argument("--no-browser", action="store_true", help="ne pas ouvrir le navigateur")
    parser.add_argument("--root", type=Path, help="dossier du cours (défaut : le dossier courant)")
    parser.add_argument("--state", type=Path, help="dossier des réglages et du journal (défaut : .venv/kpilab)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1:]
    args = _parser().parse_args(argv)
    if args.setup:
        configure_environment()
        return 0
    root = args.root.resolve() if args.root else find_course()
    if root is None or not (root / "notebooks").is_dir():
        print(f"Je ne trouve pas le cours (le dossier notebooks/) : lance cette commande dans le dossier "
              "de KPI Lab, ou donne-le avec --root.", file=sys.stderr)
        return 2
    config = LabConfig(root=root, state=(args.state or default_state_dir()).resolve(), port=args.port,
                       teacher=args.prof, extra_args=tuple(extra))
    return run(config, open_browser=not args.no_browser)


if __name__ == "__main__":
    sys.exit(main())
