"""configurable-http-proxy, JupyterHub's proxy, installed from npm inside the environment.

JupyterHub (PyPI) starts the proxy as a separate Node.js program, published on npm only.
``python -m kpilab.hub.proxy --install`` (run by ``make test``'s set-up) installs it with
``npm install --prefix <sys.prefix>/kpilab/hub-proxy configurable-http-proxy``: nothing goes
to the home folder or the system. :func:`command` is what ``c.ConfigurableHTTPProxy.command``
gets in deploy/jupyterhub/jupyterhub_config.py.

>>> folder().name, command()[0].endswith("configurable-http-proxy")
('hub-proxy', True)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["PACKAGE", "VERSION", "folder", "command", "installed", "install"]

PACKAGE = "configurable-http-proxy"
VERSION = "5.3.0"  # the npm package's version, pinned like the Python ones


def folder(prefix: str | os.PathLike = sys.prefix) -> Path:
    """Where the proxy is installed: ``<sys.prefix>/kpilab/hub-proxy`` (``.venv/kpilab/hub-proxy``)."""
    return Path(prefix) / "kpilab" / "hub-proxy"


def command(prefix: str | os.PathLike = sys.prefix) -> list[str]:
    """The proxy's command line, installed here (or on the PATH, as The Littlest JupyterHub installs it)."""
    local = folder(prefix) / "node_modules" / ".bin" / PACKAGE
    if local.exists() or not shutil.which(PACKAGE):
        return [str(local)]
    return [shutil.which(PACKAGE)]


def installed(prefix: str | os.PathLike = sys.prefix) -> bool:
    return Path(command(prefix)[0]).exists()


def install(prefix: str | os.PathLike = sys.prefix, timeout: float = 300) -> str | None:
    """Install the proxy with npm unless it is there; None when done, else why not (in English, for logs)."""
    if installed(prefix):
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "npm is missing (Debian/Ubuntu: apt-get install npm), so configurable-http-proxy cannot be installed."
    target = folder(prefix)
    target.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "npm_config_cache": str(target / "npm-cache"), "npm_config_update_notifier": "false",
           "npm_config_fund": "false", "npm_config_audit": "false", "npm_config_logs_dir": str(target / "npm-logs")}
    done = subprocess.run([npm, "install", "--prefix", str(target), f"{PACKAGE}@{VERSION}"], env=env,
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0 or not installed(prefix):
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        return f"npm install {PACKAGE} failed: " + " / ".join(tail)
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv != ["--install"]:
        print("usage: python -m kpilab.hub.proxy --install", file=sys.stderr)
        return 2
    problem = install()
    if problem:  # the hub test says so again (and fails under CI=true); make test goes on
        print(f"Le proxy de JupyterHub n'est pas installé ({problem}) : le test du serveur de classe sera sauté.")
    else:
        print(f"Proxy de JupyterHub : {command()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
