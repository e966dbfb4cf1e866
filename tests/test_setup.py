"""The set-up: the pins agree (what pip pins, conda installs), and the install step's lab and kernels.

The second half checks kpilab/lab.py, the course's JupyterLab (make lab, make lab-prof):
the French settings and the kernels' IPython config written into this environment,
the course extension loaded by every kind of kernel (jupyter_client, nbclient, nbval),
the student's view of the files, and the launcher's French messages when it cannot start.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
import yaml

from kpilab import lab as course_lab

ROOT = Path(__file__).resolve().parents[1]
# Extras that `make install` leaves out (`make bench` adds them): pinned like the
# others, but checked in the running environment only when they are installed.
OPTIONAL_EXTRAS = {"bench"}
# Where conda-forge names a package differently from PyPI.
CONDA_NAMES = {"duckdb": "python-duckdb"}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            pins[_canonical(name)] = pinned
    return pins


def _project_requirements(optional: bool = True) -> set[str]:
    """Canonical names of the direct dependencies; ``optional=False`` leaves out OPTIONAL_EXTRAS."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for name, extra in project["optional-dependencies"].items():
        if optional or name not in OPTIONAL_EXTRAS:
            requirements += extra
    return {_canonical(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in requirements}


def _conda_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, _, pinned = dep.partition("=")
            pins[_canonical(name)] = pinned
    return pins


def test_every_direct_dependency_is_pinned_in_the_lock():
    missing = _project_requirements() - set(_lock())
    assert not missing, f"not pinned in requirements.lock: {sorted(missing)}"


def test_environment_yml_lists_every_direct_dependency_at_the_locked_version():
    lock, conda = _lock(), _conda_pins()
    for name in _project_requirements():
        conda_name = _canonical(CONDA_NAMES.get(name, name))
        assert conda_name in conda, f"{conda_name} is missing from environment.yml"
        assert conda[conda_name] == lock[name], f"{name}: environment.yml {conda[conda_name]} != lock {lock[name]}"


def test_environment_yml_python_matches_the_project():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    minimum = re.search(r"(\d+\.\d+)", project["requires-python"]).group(1)
    assert _conda_pins()["python"] == minimum


def test_environment_yml_installs_kpilab_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_parts = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip_parts and "-e ." in pip_parts[0]


def test_the_running_environment_uses_the_pinned_versions():
    """make test (and make bench) install with -c requirements.lock: check they really did."""
    lock = _lock()
    required = _project_requirements(optional=False)
    for name in _project_requirements():
        try:
            installed = version(name)
        except PackageNotFoundError:
            assert name not in required, f"{name} is not installed"
            continue  # an optional extra (make bench) that this environment does not have
        assert installed == lock[name], f"{name} {installed} installed, {lock[name]} pinned"


def test_python_is_recent_enough():
    assert sys.version_info >= (3, 11)


# --- the course's lab and kernels (kpilab/lab.py, written into .venv by the install step) -------


def test_the_environment_has_the_labs_settings_and_the_kernels_config():
    """make install (python -m kpilab.lab --setup) wrote both files into this environment."""
    overrides = json.loads(course_lab.overrides_path().read_text(encoding="utf-8"))
    for plugin, settings in course_lab.OVERRIDES.items():
        assert overrides[plugin] == {**overrides[plugin], **settings}
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "fr_FR"
    assert course_lab.configure_environment() == [], "the install step's files are not up to date"
    assert course_lab.kernel_config_path().parent == Path(sys.prefix) / "etc" / "ipython"


def test_configure_environment_writes_once_and_keeps_other_overrides(tmp_path):
    path = course_lab.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text('{"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}')
    assert course_lab.configure_environment(tmp_path) == [path, course_lab.kernel_config_path(tmp_path)]
    assert course_lab.configure_environment(tmp_path) == []
    overrides = json.loads(path.read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"

    from traitlets.config.loader import PyFileConfigLoader

    config_file = course_lab.kernel_config_path(tmp_path)
    config = PyFileConfigLoader(config_file.name, path=str(config_file.parent)).load_config()
    assert list(config.InteractiveShellApp.extensions.get_value([])) == ["kpilab.extension"]


def _loaded_extensions_code() -> str:
    return "print(sorted(get_ipython().extension_manager.loaded))"


def test_a_fresh_kernel_of_the_environment_loads_the_course_extension():
    """The python3 kernel (jupyter_client, as JupyterLab and nbclient start it) reads <sys.prefix>/etc/ipython."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    outputs: list[str] = []
    try:
        client.execute_interactive(_loaded_extensions_code(), timeout=60,
                                   output_hook=lambda msg: outputs.append(msg["content"].get("text", "")))
        executable: list[str] = []
        client.execute_interactive("import sys; print(sys.prefix)", timeout=30,
                                   output_hook=lambda msg: executable.append(msg["content"].get("text", "")))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert "kpilab.extension" in "".join(outputs)
    assert "".join(executable).strip() == sys.prefix


def _notebook(tmp_path: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells.append(nbformat.v4.new_code_cell(
        'assert "kpilab.extension" in get_ipython().extension_manager.loaded\nprint("ok")'))
    path = tmp_path / "extension_check.ipynb"
    nbformat.write(nb, path)
    return path


def test_nbclient_kernels_load_the_course_extension(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(_notebook(tmp_path), as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    assert nb.cells[0].outputs[0]["text"] == "ok\n"


@pytest.mark.parametrize("current_env", [True, False], ids=["nbval-current-env", "nbval-kernelspec"])
def test_nbval_kernels_load_the_course_extension(tmp_path, current_env):
    path = _notebook(tmp_path)
    # One notebook: no xdist workers to start (make test's -n auto comes from pyproject.toml, not read here).
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-q", "--nbval-lax", str(path)]
    if current_env:
        cmd.insert(-1, "--nbval-current-env")
    done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]


# --- make test on every core: the work units of conftest.py's scheduler -------------------------


@pytest.fixture
def root_conftest(request):
    return request.config.pluginmanager.get_plugin(str(ROOT / "conftest.py"))


def test_the_tests_sent_to_workers_on_their_own_exist(root_conftest):
    """OWN_UNITS and STARTS_PROCESSES name tests and files: a renamed one would silently lose its place."""
    import ast

    for nodeid in root_conftest.OWN_UNITS:
        path, name = nodeid.split("::")
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        assert name in {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}, nodeid
    for path in root_conftest.STARTS_PROCESSES:
        assert (ROOT / path).is_file(), path


def test_a_notebook_or_a_module_goes_to_one_worker_whole_and_the_slow_kinds_go_first(root_conftest):
    unit, rank = root_conftest.work_unit, root_conftest.handout_rank
    assert unit("notebooks/01_taux_de_reponse.ipynb::Cell 7") == "notebooks/01_taux_de_reponse.ipynb"
    assert unit("tests/test_formatting.py::test_format_percent[3-3,0 %]") == "tests/test_formatting.py"
    assert unit("kpilab/formatting.py::kpilab.formatting.format_percent") == "kpilab/formatting.py"
    own = root_conftest.OWN_UNITS[0]
    assert unit(f"{own}[01_taux_de_reponse]") == f"{own}[01_taux_de_reponse]"
    assert unit(own) == own
    assert rank("tests/browser/test_voila.py") < rank("notebooks/01_taux_de_reponse.ipynb") < rank("tests/test_formatting.py")
    assert rank(unit(f"{own}[01_taux_de_reponse]")) <= rank("notebooks/01_taux_de_reponse.ipynb")


def test_make_test_uses_the_course_scheduler(root_conftest):
    """addopts runs loadscope, the mode conftest.py's scheduler takes over (not loadgroup: xdist 3.8 loses
    its groups under pytest 9.2, and a notebook's cells would then go to both workers)."""
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "--dist loadscope" in options["addopts"] and "-n auto" in options["addopts"]


def _tracked_top_level() -> set[str]:
    if shutil.which("git") and (ROOT / ".git").exists():
        listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        return {line.split("/", 1)[0] for line in listed.splitlines() if line}
    return {p.name for p in ROOT.iterdir()}


def _shown(name: str, globs) -> bool:
    from fnmatch import fnmatch

    return not name.startswith(".") and not any(fnmatch(name, glob) for glob in globs)


def test_the_student_view_shows_the_course_and_nothing_else_of_the_repository():
    """Every name at the repository's root is a student's (STUDENT_FILES) or hidden from the student."""
    names = _tracked_top_level() | {"kpilab.egg-info", "test-output", ".venv"}
    shown = {name for name in names if _shown(name, course_lab.STUDENT_HIDDEN)}
    assert shown == set(course_lab.STUDENT_FILES), (
        "a new name at the root: add it to kpilab.lab.STUDENT_FILES or DEVELOPER_FILES")
    exercises = {p.name for p in (ROOT / "exercises").iterdir()}
    assert {n for n in exercises if _shown(n, course_lab.STUDENT_HIDDEN)} == exercises - {course_lab.ANSWER_KEYS}
    for folder in ("notebooks", "datasets", "apps"):
        for path in (ROOT / folder).iterdir():
            if not path.name.startswith(".") and path.name not in course_lab.JUPYTER_HIDDEN:
                assert _shown(path.name, course_lab.STUDENT_HIDDEN), path
    teacher = course_lab.LabConfig(root=ROOT, state=Path("state"), teacher=True).hide_globs
    assert _shown(course_lab.ANSWER_KEYS, teacher) and _shown("kpilab", teacher)


def test_the_views_keep_jupyter_servers_own_hidden_files(tmp_path):
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

    assert set(AsyncLargeFileManager(root_dir=str(tmp_path)).hide_globs) == set(course_lab.JUPYTER_HIDDEN)


def test_the_default_workspace_is_where_jupyterlab_reads_it(tmp_path):
    from jupyterlab_server.workspaces_handler import WorkspacesManager

    config = course_lab.LabConfig(root=ROOT, state=tmp_path, token="t")
    config.prepare()
    loaded = WorkspacesManager(str(tmp_path / "workspaces")).load("default")
    lesson = course_lab.first_lesson(ROOT)
    assert lesson and lesson.startswith("notebooks/00_")
    restored = loaded["data"]["layout-restorer:data"]["main"]
    assert restored["current"] == f"notebook:{lesson}" and restored["dock"]["widgets"] == [f"notebook:{lesson}"]
    assert loaded["data"]["file-browser-filebrowser:cwd"] == {"path": ""}


def test_the_lab_keeps_its_state_out_of_the_home_folder(tmp_path):
    config = course_lab.LabConfig(root=ROOT, state=tmp_path / "state", token="secret")
    env = config.environment()
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        assert Path(env[name]).is_relative_to(config.state), name
    assert env["JUPYTER_TOKEN"] == "secret" and not any("secret" in arg for arg in config.command())
    assert f"--LabApp.workspaces_dir={config.state / 'workspaces'}" in config.command()
    assert f"--LabApp.user_settings_dir={config.state / 'user-settings'}" in config.command()
    assert course_lab.default_state_dir().is_relative_to(sys.prefix)


def _make_n(target: str, *options: str) -> str:
    """What make would run for ``target`` (nothing is run)."""
    import os

    # Run as from a terminal: under make test, MAKEFLAGS and MAKELEVEL would add "Entering directory" lines.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")}
    return subprocess.run(["make", "-n", "--no-print-directory", *options, target], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_lab_prof_and_the_browser_tests_start_the_same_launcher():
    lab, prof = _make_n("lab").splitlines()[-1], _make_n("lab-prof").splitlines()[-1]
    assert "/python -m kpilab.lab --port=" in lab and "--prof" not in lab
    assert "/python -m kpilab.lab --prof --port=" in prof
    support = (ROOT / "tests" / "browser" / "browser_support.py").read_text(encoding="utf-8")
    assert '"-m", "kpilab.lab"' in support
    install = _make_n(".venv/.installed-stamp", "-B")  # -B: as on a fresh clone
    assert "uv pip install" in install and "kpilab.lab --setup" in install
    assert "> .venv/kpilab/install.log" in install.replace(">>", ">")  # pip's and uv's output in a log
    assert "--cache-dir .venv/" in install and "pip install --no-cache-dir" in install  # no cache in ~


def _launch(tmp_path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    course = tmp_path / "course"
    (course / "notebooks").mkdir(parents=True)
    return subprocess.run([sys.executable, "-m", "kpilab.lab", "--no-browser", f"--state={tmp_path / 'state'}", *args],
                          cwd=course, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def test_a_port_already_taken_gives_a_french_message(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = _launch(tmp_path, f"--port={port}", timeout=60)
    assert done.returncode == 1
    assert f"Le port {port} est déjà utilisé\u00a0:" in done.stdout, done.stdout
    assert f"make lab PORT={port + 1}" in done.stdout


def test_a_server_that_does_not_start_gives_a_french_message_and_the_end_of_its_log(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = _launch(tmp_path, f"--port={port}", "--", f"--ServerApp.root_dir={tmp_path / 'nowhere'}")
    assert done.returncode == 1
    assert "JupyterLab n'a pas pu démarrer." in done.stdout, done.stdout
    assert f"Fin du journal ({tmp_path / 'state' / course_lab.LOG_NAME})\u00a0:" in done.stdout
    assert "nowhere" in done.stdout  # the server's own error, from the end of its log


def test_the_browser_opens_by_itself_on_the_printed_address(tmp_path):
    """With a display, the launcher opens the address itself (BROWSER: a stand-in that notes it)."""
    import os
    import signal

    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\necho "browser noise"\necho "$1" > {opened}\n')
    browser.chmod(0o755)
    course = tmp_path / "course"
    (course / "notebooks").mkdir(parents=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DISPLAY": ":0", "BROWSER": str(browser)}
    proc = subprocess.Popen([sys.executable, "-m", "kpilab.lab", f"--port={port}", f"--state={tmp_path / 'state'}"],
                            cwd=course, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line)
            if "Journal du serveur" in line:
                break
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        rest, _ = proc.communicate(timeout=60)
    text = "".join(lines) + rest
    assert "la leçon 00 s'ouvre dans ton navigateur" in text, text
    address = re.search(r"http://localhost:\d+/lab\?token=\S+", text).group(0)
    assert opened.read_text().strip() == address
    assert "browser noise" not in text and "JupyterLab est arrêté." in text
