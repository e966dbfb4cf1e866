"""The set-up files agree with each other: what pip pins, conda installs."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import yaml

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
