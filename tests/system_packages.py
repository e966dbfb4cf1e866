"""System packages a test needs (bubblewrap, LibreOffice…): found, or installed with apt-get.

Under CI (``CI=true``) a missing package is installed when the tests run as
root on Debian; a test that still lacks it fails instead of skipping.
Elsewhere, it skips with a message that says how to get the package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def problem(binary: str, package: str, recommends: bool = False) -> str | None:
    """None when ``binary`` is on the PATH (installing Debian's ``package`` when possible), else why not.

    ``recommends=True`` installs the package's recommended packages too (Chromium's fonts).
    """
    if shutil.which(binary):
        return None
    if not Path("/etc/debian_version").is_file() or shutil.which("apt-get") is None:
        return f"{binary} is missing and this is not Debian: install the package {package}."
    if os.geteuid() != 0:
        return f"{binary} is missing: sudo apt-get install {package}"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = f"apt-get install -y {'' if recommends else '--no-install-recommends '}{package}"
    done = subprocess.run(f"{install} || (apt-get update && {install})", shell=True, env=env,
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0 or not shutil.which(binary):
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        return f"`{install}` failed: " + " / ".join(tail)
    return None


def require(binary: str, package: str) -> None:
    """Skip (outside CI) or fail (under CI) the calling test when the package cannot be had."""
    why = problem(binary, package)
    if why is None:
        return
    if under_ci():
        pytest.fail(f"{why} (CI=true: this test never skips)")
    pytest.skip(why)
