"""deploy/kubernetes/: the Helm values of a school's hub, checked against the chart's own schema.

Helm merges ``config.yaml`` into the chart's default values and validates the result with the
chart's ``values.schema.json`` before it deploys anything: the test does the same with the
two files of chart 4.4.0 (tests/data/z2jh-4.4.0/, JupyterHub 5.5 as the course pins), so a
misspelt or misplaced key fails here rather than in the school's cluster. The values must also
say what the one-machine configuration says: the same student view, limits and idle time.
No cluster and no image build are run here.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from kpilab.lab import STUDENT_HIDDEN

ROOT = Path(__file__).resolve().parent.parent
CHART = Path(__file__).parent / "data" / "z2jh-4.4.0"
KUBERNETES = ROOT / "deploy" / "kubernetes"
ONE_MACHINE = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"


def _merge(defaults: dict, values: dict) -> dict:
    """Helm's merge of user values into a chart's: maps merged key by key, anything else replaced."""
    merged = copy.deepcopy(defaults)
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _errors(values: dict) -> list[str]:
    schema = json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(_merge(defaults, values))]


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load((KUBERNETES / "config.yaml").read_text(encoding="utf-8"))


def _default(variable: str) -> str:
    """The one-machine configuration's default for ``KPILAB_…`` (os.environ.get(variable, default))."""
    found = re.search(rf'os\.environ\.get\("{variable}", "([^"]*)"\)', ONE_MACHINE.read_text(encoding="utf-8"))
    assert found, variable
    return found.group(1)


def test_the_values_pass_the_charts_schema(values):
    assert _errors(values) == []


def test_the_schema_check_catches_a_misspelt_or_misplaced_key(values):
    misspelt = copy.deepcopy(values)
    misspelt["singleuser"]["memroy"] = misspelt["singleuser"].pop("memory")
    assert any("memroy" in error for error in _errors(misspelt))
    misplaced = copy.deepcopy(values)
    misplaced["cull"]["memory"] = {"limit": "1G"}
    assert any("memory" in error for error in _errors(misplaced))


def test_the_students_see_the_course_only_view_of_make_lab(values):
    files = values["singleuser"]["extraFiles"]
    view = next(f for f in files.values() if f["mountPath"].endswith("jupyter_server_config.json"))
    assert view["mountPath"].startswith("/etc/jupyter/")  # read by every Jupyter server of the image
    assert view["data"]["ContentsManager"]["hide_globs"] == list(STUDENT_HIDDEN)


def test_the_limits_and_the_idle_time_are_those_of_one_machine(values):
    assert values["singleuser"]["memory"]["limit"] == _default("KPILAB_MEM_LIMIT")
    assert float(values["singleuser"]["cpu"]["limit"]) == float(_default("KPILAB_CPU_LIMIT"))
    assert values["cull"]["timeout"] == int(_default("KPILAB_IDLE_TIMEOUT"))
    assert values["cull"]["enabled"] is True


def test_the_image_is_built_from_the_lock_for_the_charts_user_and_home():
    dockerfile = (KUBERNETES / "Dockerfile").read_text(encoding="utf-8")
    defaults = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    assert f"USER {defaults['singleuser']['uid']}" in dockerfile
    assert f"WORKDIR {defaults['singleuser']['storage']['homeMountPath']}" in dockerfile
    assert "-c requirements.lock" in dockerfile and "grep '^uv==' requirements.lock" in dockerfile
    assert "rm -rf .git .venv exercises/corriges" in dockerfile  # no answer key in the students' image
    assert "python -m kpilab.lab --setup" in dockerfile
    assert "FROM python:3.11-" in dockerfile  # the Python the lock was made with
