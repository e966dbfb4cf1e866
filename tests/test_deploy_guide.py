"""What deploy/README.md says of the packages a lesson imports in JupyterLite, checked on the installed ones.

A package with compiled code (its wheel's tag names a platform) needs a build of Pyodide; a
pure-Python one (``none-any``) installs from PyPI in the browser. The guide names each, and
quotes requirements.lock's versions: both are read here from the environment and the lock.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
COMPILED = ["numpy", "pandas", "matplotlib", "contourpy", "kiwisolver", "pillow", "fonttools"]
PURE = ["babel", "openpyxl", "ipywidgets"]


def _tags(package: str) -> list[str]:
    wheel = metadata.distribution(package).read_text("WHEEL") or ""
    return [line.split(":", 1)[1].strip() for line in wheel.splitlines() if line.startswith("Tag:")]


@pytest.mark.parametrize("package", COMPILED)
def test_a_package_the_guide_calls_compiled_has_a_platform_wheel(package):
    assert package in GUIDE
    assert _tags(package) and not any(tag.endswith("none-any") for tag in _tags(package)), _tags(package)


@pytest.mark.parametrize("package", PURE)
def test_a_package_the_guide_calls_pure_python_has_a_none_any_wheel(package):
    assert package in GUIDE
    assert _tags(package) and all(tag.endswith("none-any") for tag in _tags(package)), _tags(package)


def test_kpilab_itself_is_pure_python():
    compiled = [p for p in (ROOT / "kpilab").rglob("*") if p.suffix in {".c", ".pyx", ".so", ".pyd"}]
    assert compiled == []


def test_the_lock_versions_the_guide_quotes_are_the_locks():
    lock = dict(re.findall(r"^([a-z0-9-]+)==(\S+)$", (ROOT / "requirements.lock").read_text(encoding="utf-8"), re.M))
    quoted = re.search(r"`requirements\.lock` fixe numpy (\S+), pandas (\S+) et\s+matplotlib (\S+?) ;", GUIDE)
    assert quoted, "the guide no longer quotes the lock's versions"
    assert quoted.groups() == (lock["numpy"], lock["pandas"], lock["matplotlib"])
