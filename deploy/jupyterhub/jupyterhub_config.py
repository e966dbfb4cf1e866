# JupyterHub for one class on one machine: the KPI Lab course, one home per student.
#
#     sudo /opt/kpilab/.venv/bin/jupyterhub -f /opt/kpilab/deploy/jupyterhub/jupyterhub_config.py
#
# deploy/README.md says how to install it (in French). The settings a school changes are the
# environment variables below (or the constants, edited in place); the rest follows from them.
#
# - The course's environment: this Python (the course's venv, with the ``hub`` extra). The
#   students' JupyterLab is the one of ``make lab`` (kpilab/lab.py): French, the course-only
#   file browser (kpilab.lab.STUDENT_HIDDEN), every kernel loading kpilab.extension.
# - One persistent home per student: the Unix user ``jupyter-<name>`` and its /home folder,
#   created at the first start of their server (as The Littlest JupyterHub does).
# - Memory and CPU limits per student: SystemdSpawner runs each server as a systemd unit with
#   MemoryMax= and CPUQuota= (JupyterHub's own LocalProcessSpawner does NOT enforce them).
# - Idle servers are stopped by jupyterhub-idle-culler, a hub service (their files stay).
# - Authentication: NativeAuthenticator (accounts of the class list, python -m kpilab.hub.accounts);
#   KPILAB_AUTH=lti for an ENT or Moodle (LTI 1.3, ltiauthenticator): see the end of this file.
# - Handing out: nbgitpuller's link (python -m kpilab.hub.links), which keeps the students' edits.

import os
import pwd
import subprocess
import sys
from pathlib import Path

from kpilab import lab as course_lab
from kpilab.hub import accounts, proxy

c = get_config()  # noqa: F821 — JupyterHub's config loader provides it

# --- what a school sets -------------------------------------------------------------------------
HUB_DIR = Path(os.environ.get("KPILAB_HUB_DIR", "/srv/kpilab-hub"))  # database, cookie secret, logs
CLASS_LIST = os.environ.get("KPILAB_CLASSE", str(HUB_DIR / "classe.csv"))  # kpilab devoir's CSV
TEACHERS = set(filter(None, os.environ.get("KPILAB_PROFS", "prof").split(",")))  # hub admins
BIND_URL = os.environ.get("KPILAB_HUB_URL", "http://:8000")  # behind HTTPS (deploy/README.md)
MEM_LIMIT = os.environ.get("KPILAB_MEM_LIMIT", "1G")  # per student (measured need: deploy/README.md)
CPU_LIMIT = float(os.environ.get("KPILAB_CPU_LIMIT", "1"))  # cores per student
IDLE_TIMEOUT = int(os.environ.get("KPILAB_IDLE_TIMEOUT", "3600"))  # seconds without activity
AUTH = os.environ.get("KPILAB_AUTH", "native")  # native | lti

# --- the hub ------------------------------------------------------------------------------------
HUB_DIR.mkdir(parents=True, exist_ok=True)
c.JupyterHub.bind_url = BIND_URL
c.JupyterHub.db_url = f"sqlite:///{HUB_DIR / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(HUB_DIR / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.command = proxy.command()  # npm's configurable-http-proxy (make test installs it)
c.ConfigurableHTTPProxy.pid_file = str(HUB_DIR / "jupyterhub-proxy.pid")
c.JupyterHub.default_url = "/hub/home"
# A hand-out link starts the student's server by itself (instead of a page with a « Start » button).
c.JupyterHub.implicit_spawn_seconds = 1

# --- the students' JupyterLab: the course's own set-up --------------------------------------------
course_lab.configure_environment()  # French settings override, kernels loading kpilab.extension
BIN = Path(sys.executable).parent
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.args = [
    f"--ContentsManager.hide_globs={list(course_lab.STUDENT_HIDDEN)!r}",  # the course-only view
    "--LanguageServerManager.autodetect=False",  # it would run npm in every student's home
]
c.Spawner.environment = {"PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin"}  # git for nbgitpuller
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120

# --- one home per student, with limits (SystemdSpawner) -------------------------------------------
c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
# /home/jupyter-<name>, kpilab collecter's default; create_unix_user shortens a name of more than 32 characters.
c.SystemdSpawner.username_template = accounts.UNIX_PREFIX + "{USERNAME}"
c.SystemdSpawner.mem_limit = MEM_LIMIT  # systemd MemoryMax=: the kernel is killed above it
c.SystemdSpawner.cpu_limit = CPU_LIMIT  # systemd CPUQuota=
c.SystemdSpawner.isolate_tmp = True
c.SystemdSpawner.isolate_devices = True
c.SystemdSpawner.disable_user_sudo = True


def create_unix_user(spawner):
    """The student's Unix user and home at their first start (a mode 0700 home: other students cannot read it).

    Linux user names stop at 32 characters: a longer one (compound first and last names) is
    shortened with a hash by kpilab.hub.accounts.system_username, which kpilab collecter knows.
    """
    name = accounts.system_username(spawner.user.name)
    spawner.username_template = name
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.check_call(["useradd", "--create-home", "--shell", "/bin/bash", name])
        os.chmod(Path(pwd.getpwnam(name).pw_dir), 0o700)


c.Spawner.pre_spawn_hook = create_unix_user

# --- idle servers stopped (jupyterhub-idle-culler as a hub service) -------------------------------
c.JupyterHub.load_roles = [{
    "name": "jupyterhub-idle-culler-role",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["jupyterhub-idle-culler-service"],
}]
c.JupyterHub.services = [{
    "name": "jupyterhub-idle-culler-service",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={IDLE_TIMEOUT}"],
}]

# --- who can log in ------------------------------------------------------------------------------
c.Authenticator.admin_users = TEACHERS  # the teacher: /hub/admin, and sudo kpilab collecter on the machine

if AUTH == "native":
    # Accounts from the class list: python -m kpilab.hub.accounts classe.csv --db <db_url> --out comptes.csv
    # writes each student's account with a first password; the teacher signs up once at /hub/signup
    # with a name of TEACHERS (admins are authorised at once). Other sign-ups wait for the teacher's
    # approval at /hub/authorize, and cannot log in anyway (not in allowed_users).
    import nativeauthenticator

    students = accounts.usernames(CLASS_LIST) if Path(CLASS_LIST).is_file() else []
    c.Authenticator.allowed_users = set(students) | TEACHERS  # the class list's names only
    c.JupyterHub.authenticator_class = "native"
    c.JupyterHub.template_paths = [str(Path(nativeauthenticator.__file__).parent / "templates")]
    c.NativeAuthenticator.open_signup = False
    c.NativeAuthenticator.minimum_password_length = 8
    c.NativeAuthenticator.check_common_password = True
    c.NativeAuthenticator.allowed_failed_logins = 5
    c.NativeAuthenticator.seconds_before_next_try = 60
elif AUTH == "lti":
    # The ENT or Moodle launches the hub as an LTI 1.3 tool (Moodle: Administration du site >
    # Plugins > Outil externe > Gérer les outils; the tool's addresses are /hub/lti13/oauth_callback
    # and /hub/lti13/jwks). The platform's addresses below are Moodle's. The platform decides who
    # comes in: whoever it launches (the students of the course where the teacher placed the tool)
    # is let in, under the part of their e-mail address before @ (lea.martin@… → lea-martin,
    # kpilab.hub.accounts.lti_username); KPILAB_PROFS then holds the teachers' names made the same way.
    from ltiauthenticator.lti13.auth import LTI13Authenticator

    class CourseLTI13Authenticator(LTI13Authenticator):
        """LTI 1.3, with hub names a Unix user and kpilab collecter can take."""

        def normalize_username(self, username):
            return accounts.lti_username(username)

    c.JupyterHub.authenticator_class = CourseLTI13Authenticator
    c.Authenticator.allow_all = True
    platform = os.environ.get("KPILAB_LTI_PLATFORM", "https://moodle.example.org").rstrip("/")
    c.LTI13Authenticator.issuer = platform
    c.LTI13Authenticator.authorize_url = f"{platform}/mod/lti/auth.php"
    c.LTI13Authenticator.jwks_endpoint = f"{platform}/mod/lti/certs.php"
    c.LTI13Authenticator.client_id = set(filter(None, os.environ.get("KPILAB_LTI_CLIENT_ID", "").split(",")))
    c.LTI13Authenticator.username_key = os.environ.get("KPILAB_LTI_USERNAME_KEY", "email")
else:
    raise ValueError(f"KPILAB_AUTH={AUTH!r}: native or lti")
