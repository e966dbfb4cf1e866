"""deploy/jupyterhub/jupyterhub_config.py as a school runs it: SystemdSpawner's limits, the Unix users, LTI.

The hub test (tests/browser/test_hub.py) runs the configuration with JupyterHub's local spawner:
this machine has no systemd. Here the configuration's own SystemdSpawner starts a student's
server for real up to the ``systemd-run`` command it builds, which a stand-in records: the
memory and CPU limits, the student's Unix user and home, the course-only view. The student's
user is made by the configuration's hook with the real ``useradd``, inside a bubblewrap sandbox
that has its own copy of /etc and an empty /home, so the machine's users are never touched.
The LTI part calls the configured authenticator with what a platform's launch carries.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from system_packages import require, under_ci

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
LONG = "bernard-lefebvre-zoe-marie"  # Zoé-Marie Bernard-Lefebvre: jupyter-… would have 34 characters

# systemd's two commands as SystemdSpawner calls them: systemd-run records its arguments, and
# the unit is « active » once it has run.
SYSTEMD_RUN = '#!/bin/sh\nprintf "%s\\n" "$@" > "$FAKE_SYSTEMD/run-args"\n'
SYSTEMCTL = ('#!/bin/sh\ncase "$1" in\n  is-active) [ -f "$FAKE_SYSTEMD/run-args" ] && exit 0 || exit 3;;\n'
             '  is-failed) exit 1;;\n  *) exit 0;;\nesac\n')

# Run inside the sandbox: the deploy configuration, one student's spawn, what came of it.
CHILD = """
import asyncio, json, os, pwd, sys, types
from traitlets.config.loader import PyFileConfigLoader
from jupyterhub.objects import Hub
from systemdspawner import SystemdSpawner

config = PyFileConfigLoader(os.path.basename(sys.argv[1]), os.path.dirname(sys.argv[1])).load_config()
user = types.SimpleNamespace(name=sys.argv[2], id=7, url=f"/user/{sys.argv[2]}/", escaped_name=sys.argv[2],
                             groups=[], server=None)
spawner = SystemdSpawner(user=user, hub=Hub(), config=config, api_token="jeton", oauth_client_id="client")

async def spawn():
    spawner.run_pre_spawn_hook()  # what JupyterHub does before start()
    return await spawner.start()

address = asyncio.run(spawn())
entry = pwd.getpwnam(spawner.username_template)
env_files = [line.split("=", 2)[2] for line in open(os.environ["FAKE_SYSTEMD"] + "/run-args").read().splitlines()
             if line.startswith("--property=EnvironmentFile=")]
print(json.dumps({"address": address, "unix_user": entry.pw_name, "home": entry.pw_dir,
                  "home_mode": oct(os.stat(entry.pw_dir).st_mode & 0o777), "uid": entry.pw_uid,
                  "env": open(env_files[0]).read() if env_files else ""}))
"""


def _needs_root():
    if os.geteuid() != 0:
        message = "The SystemdSpawner test creates a Unix user (in a sandbox): run it as root."
        if under_ci():
            pytest.fail(message + " (CI=true: this test never skips)", pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="module")
def spawned(tmp_path_factory):
    """Start the long-named student's server with the deploy configuration: (result, systemd-run's arguments)."""
    require("bwrap", "bubblewrap")
    require("useradd", "passwd")
    _needs_root()
    tmp = tmp_path_factory.mktemp("systemd")
    fake_bin, state = tmp / "bin", tmp / "etat"
    for folder in (fake_bin, state, tmp / "home", tmp / "run", tmp / "hub"):
        folder.mkdir()
    for name, script in (("systemd-run", SYSTEMD_RUN), ("systemctl", SYSTEMCTL)):
        (fake_bin / name).write_text(script, encoding="utf-8")
        (fake_bin / name).chmod(0o755)
    subprocess.run(["cp", "-a", "/etc", str(tmp / "etc")], check=True)
    env = {**os.environ, "PATH": f"{fake_bin}:{os.environ['PATH']}", "FAKE_SYSTEMD": str(state),
           "KPILAB_HUB_DIR": str(tmp / "hub"), "KPILAB_CLASSE": str(tmp / "hub" / "classe.csv"),
           "KPILAB_MEM_LIMIT": "768M", "KPILAB_CPU_LIMIT": "0.5"}
    done = subprocess.run(
        ["bwrap", "--dev-bind", "/", "/", "--bind", str(tmp / "etc"), "/etc", "--bind", str(tmp / "home"), "/home",
         "--bind", str(tmp / "run"), "/run", "--unshare-pid", "--die-with-parent",
         sys.executable, "-c", CHILD, str(CONFIG), LONG],
        env=env, capture_output=True, text=True, timeout=120, cwd=tmp)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result, (state / "run-args").read_text(encoding="utf-8").splitlines()


def test_a_long_name_gets_a_unix_user_useradd_accepts_with_a_private_home(spawned):
    result, _ = spawned
    digest = hashlib.sha256(LONG.encode()).hexdigest()[:5]
    assert result["unix_user"] == f"jupyter-bernard-lefebvre-z-{digest}"  # 32 characters: useradd's limit
    assert result["home"] == f"/home/jupyter-bernard-lefebvre-z-{digest}"
    assert result["home_mode"] == "0o700"  # other students cannot read it


def test_systemd_gets_the_limits_the_user_and_the_course_only_lab(spawned):
    result, args = spawned
    assert result["address"][0] == "127.0.0.1"
    assert f"--uid={result['uid']}" in args
    assert args[args.index("--working-directory") + 1] == result["home"]
    properties = dict(a.removeprefix("--property=").split("=", 1) for a in args if a.startswith("--property="))
    assert properties["MemoryMax"] == str(768 * 1024 * 1024)  # KPILAB_MEM_LIMIT=768M, in bytes
    assert properties["CPUQuota"] == "50%"  # KPILAB_CPU_LIMIT=0.5 core
    assert properties["MemoryAccounting"] == properties["CPUAccounting"] == "yes"
    assert properties["NoNewPrivileges"] == properties["PrivateTmp"] == "yes"
    assert properties["OOMPolicy"] == "continue"  # a kernel over the limit is stopped, not the student's server
    command = args[args.index(next(a for a in args if a.endswith("jupyterhub-singleuser"))):]
    assert command[0] == str(Path(sys.executable).parent / "jupyterhub-singleuser")
    from kpilab.lab import STUDENT_HIDDEN

    assert f"--ContentsManager.hide_globs={list(STUDENT_HIDDEN)!r}" in command
    assert f"PATH={Path(sys.executable).parent}:" in result["env"]  # git, for nbgitpuller's hand-out


def test_useradd_refuses_a_name_of_more_than_32_characters(tmp_path):
    """Why the configuration shortens names: useradd itself, in a sandbox, on the unshortened name."""
    require("bwrap", "bubblewrap")
    require("useradd", "passwd")
    _needs_root()
    subprocess.run(["cp", "-a", "/etc", str(tmp_path / "etc")], check=True)
    (tmp_path / "home").mkdir()

    def useradd(name):
        return subprocess.run(["bwrap", "--dev-bind", "/", "/", "--bind", str(tmp_path / "etc"), "/etc",
                               "--bind", str(tmp_path / "home"), "/home", "useradd", "--create-home", name],
                              capture_output=True, text=True)

    assert useradd("jupyter-" + LONG).returncode != 0
    assert useradd("jupyter-bernard-lefebvre-z-" + hashlib.sha256(LONG.encode()).hexdigest()[:5]).returncode == 0


def _load(monkeypatch, tmp_path, **env):
    from traitlets.config.loader import PyFileConfigLoader

    monkeypatch.setenv("KPILAB_HUB_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader(CONFIG.name, str(CONFIG.parent)).load_config()


def test_native_accounts_let_in_the_class_list_and_the_teacher_only(monkeypatch, tmp_path):
    class_list = tmp_path / "classe.csv"
    class_list.write_text("nom;prenom\nMartin;Léa\nBernard-Lefebvre;Zoé-Marie\n", encoding="utf-8")
    config = _load(monkeypatch, tmp_path, KPILAB_CLASSE=str(class_list), KPILAB_PROFS="prof")
    assert config.JupyterHub.authenticator_class == "native"
    assert config.Authenticator.allowed_users == {"martin-lea", LONG, "prof"}
    assert config.Authenticator.admin_users == {"prof"}
    assert config.NativeAuthenticator.open_signup is False


def test_an_lti_launch_lets_the_student_in_under_the_start_of_their_e_mail(monkeypatch, tmp_path):
    config = _load(monkeypatch, tmp_path, KPILAB_AUTH="lti", KPILAB_PROFS="claire-petit",
                   KPILAB_LTI_PLATFORM="https://moodle.lycee-exemple.fr/", KPILAB_LTI_CLIENT_ID="kpilab-client")
    authenticator = config.JupyterHub.authenticator_class(config=config)
    assert authenticator.issuer == "https://moodle.lycee-exemple.fr"
    assert authenticator.authorize_url == "https://moodle.lycee-exemple.fr/mod/lti/auth.php"
    assert authenticator.jwks_endpoint == "https://moodle.lycee-exemple.fr/mod/lti/certs.php"
    assert authenticator.client_id == {"kpilab-client"}

    def launch(claims):  # the id_token's claims, once ltiauthenticator has checked the platform's signature
        # In a thread of its own: a browser test of the same worker may hold this thread's event loop.
        with concurrent.futures.ThreadPoolExecutor(1) as thread:
            return thread.submit(asyncio.run, authenticator.get_authenticated_user(None, claims)).result()

    student = launch({"sub": "8f2c", "email": "Léa.Martin@lycee-exemple.fr"})
    assert student["name"] == "lea-martin" and not student["admin"]
    teacher = launch({"sub": "11ab", "email": "claire.petit@lycee-exemple.fr"})
    assert teacher["name"] == "claire-petit" and teacher["admin"] is True


def test_an_unknown_authentication_is_refused_when_the_hub_starts(monkeypatch, tmp_path):
    with pytest.raises(ValueError, match="native or lti"):
        _load(monkeypatch, tmp_path, KPILAB_AUTH="cas")
