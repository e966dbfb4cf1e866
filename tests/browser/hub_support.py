"""A real JupyterHub for the hub test (tests/browser/test_hub.py), configured by deploy/jupyterhub/.

The hub runs deploy/jupyterhub/jupyterhub_config.py as a school would, with four changes
for a test on one machine: it listens on 127.0.0.1 on free ports, the students' servers are
started by JupyterHub's SimpleLocalProcessSpawner in a temporary folder of homes
(``HOMES/jupyter-<name>``, named as the deploy configuration names the Unix users, long
names shortened: no Unix users, no systemd), the
servers run as root when the tests do (``--allow-root``), and JupyterLab exposes its app to
the page (``--expose-app-in-browser``). Its proxy is configurable-http-proxy from npm,
installed into the environment by :mod:`kpilab.hub.proxy` (``make test`` does it first).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from browser_support import ROOT, free_port, problem, server_env

DEPLOY_CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
BIN = Path(sys.executable).parent
TEST_CONFIG = """\
c = get_config()
load_subconfig({deploy!r})
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.JupyterHub.spawner_class = "simple"
from kpilab.hub.accounts import system_username


def home_as_on_the_machine(spawner):  # the deploy hook's Unix user name, as a folder (no useradd here)
    spawner.home_dir_template = {homes!r} + "/" + system_username(spawner.user.name)


c.Spawner.pre_spawn_hook = home_as_on_the_machine
c.Spawner.args = c.Spawner.args + ["--LabApp.expose_app_in_browser=True"] + {root_args!r}
"""


def components_problem() -> str | None:
    """None when JupyterHub, nbgitpuller, NativeAuthenticator, git and the proxy are there (installing them if possible)."""
    for module, package in (("jupyterhub", "jupyterhub"), ("nbgitpuller", "nbgitpuller"),
                            ("nativeauthenticator", "jupyterhub-nativeauthenticator"),
                            ("jupyterhub_idle_culler", "jupyterhub-idle-culler")):
        try:
            __import__(module)
        except ImportError:
            return f"{package} is not installed (`make test` installs the hub extra: pip install -e '.[hub]')."
    why = problem("git", "git")
    if why:
        return why
    from kpilab.hub import proxy

    why = proxy.install()
    if why and shutil.which("npm") is None:
        why = problem("npm", "npm") or proxy.install()
    return why


def pss_kib(pid: int) -> int:
    """The process's proportional set size (its share of the memory it uses), in KiB."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


class Hub:
    """JupyterHub with the deploy configuration, its homes in ``root/homes``; stopped by :meth:`stop`."""

    def __init__(self, root: Path, class_list: Path, teachers: str = "prof", timeout: float = 60):
        self.root, self.class_list = root, class_list
        self.dir, self.homes = root / "hub", root / "homes"
        self.dir.mkdir(parents=True)
        self.homes.mkdir()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_url = f"sqlite:///{self.dir / 'jupyterhub.sqlite'}"
        self.hub_port = free_port()
        config = self.dir / "test_config.py"
        config.write_text(TEST_CONFIG.format(
            deploy=str(DEPLOY_CONFIG), port=self.port, hub_port=self.hub_port, proxy_port=free_port(),
            homes=str(self.homes), root_args=["--allow-root"] if os.geteuid() == 0 else []), encoding="utf-8")
        env = {**server_env(), "KPILAB_HUB_DIR": str(self.dir), "KPILAB_CLASSE": str(class_list),
               "KPILAB_PROFS": teachers, "KPILAB_HUB_URL": self.url}
        self.log_path = self.dir / "jupyterhub.log"
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(config)], cwd=self.dir, env=env,
                                     stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("JupyterHub did not start:\n" + self.log_path.read_text(errors="replace")[-3000:])
            time.sleep(0.2)

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/hub/api", timeout=2) as answer:
                return "version" in json.loads(answer.read())
        except (OSError, ValueError):
            return False

    def servers(self) -> dict[str, int]:
        """user name: pid of their running single-user server (found by its JUPYTERHUB_USER)."""
        found = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes()
                if b"jupyterhub-singleuser" not in cmdline:
                    continue
                environ = (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if not any(v.startswith(f"JUPYTERHUB_API_URL=http://127.0.0.1:{self.hub_port}/".encode())
                       for v in environ):
                continue  # another hub's
            for variable in environ:
                if variable.startswith(b"JUPYTERHUB_USER="):
                    found[variable.split(b"=", 1)[1].decode()] = int(entry.name)
        return found

    def service_process(self, module: str) -> tuple[list[str], dict[str, str]] | None:
        """The command line and environment of this hub's service ``python -m module``, or None."""
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                argv = (entry / "cmdline").read_bytes().decode().split("\0")
                if module not in argv:
                    continue
                env = dict(v.split("=", 1) for v in (entry / "environ").read_bytes().decode().split("\0") if "=" in v)
            except OSError:
                continue
            if env.get("JUPYTERHUB_API_URL", "").startswith(f"http://127.0.0.1:{self.hub_port}/"):
                return argv, env
        return None

    def memory_mib(self, pid: int) -> float:
        """PSS of a student's server and everything it started (its kernels), in MiB."""
        tree, total, todo = _children(), 0, [pid]
        while todo:
            current = todo.pop()
            try:
                total += pss_kib(current)
            except OSError:
                pass
            todo += tree.get(current, [])
        return total / 1024

    def stop(self) -> None:
        servers = list(self.servers().values()) if self.proc.poll() is None else []
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the hub stops the students' servers and its proxy
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        for pid in servers:  # whatever the hub left running
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        self._log.close()


def make_course_repo(folder: Path) -> Path:
    """A git repository of the student's course (lessons, exercises, README), as a teacher publishes it."""
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    (folder / "exercises").mkdir()
    shutil.copy(ROOT / "exercises" / "01_exercices_taux_de_reponse.ipynb", folder / "exercises")
    shutil.copy(ROOT / "README.md", folder / "README.md")
    git(folder, "init", "-q", "-b", "main")
    commit(folder, "Le cours")
    return folder


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Prof", "-c", "user.email=prof@lycee.invalid", *args], cwd=folder,
                          check=True, capture_output=True, text=True).stdout


def commit(folder: Path, message: str) -> None:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)
