"""The package as a student meets it: submodules on first use, a French guide."""

from __future__ import annotations

import subprocess
import sys


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def test_submodules_are_reachable_after_import_kpilab_and_loaded_only_when_used():
    out = _python(
        "import sys, kpilab\n"
        "print(sorted(m for m in ('kpilab.datasets', 'kpilab.tables', 'kpilab.charts', 'matplotlib') if m in sys.modules))\n"
        "n = len(kpilab.datasets.load('commandes'))\n"
        "print(n, 'kpilab.datasets' in sys.modules, kpilab.tables.__name__, kpilab.charts.__name__)\n"
    )
    first, second = out.splitlines()
    assert first == "[]"
    count, loaded, tables, charts = second.split()
    assert int(count) > 0 and loaded == "True" and tables == "kpilab.tables" and charts == "kpilab.charts"


def test_an_unknown_attribute_is_still_an_attribute_error():
    out = _python("import kpilab\ntry:\n    kpilab.nothing_here\nexcept AttributeError as e:\n    print('AttributeError', e)")
    assert out.startswith("AttributeError")


def test_aide_prints_a_french_guide_naming_every_submodule(capsys):
    import kpilab

    kpilab.aide()
    text = capsys.readouterr().out
    assert text.startswith("KPI Lab\u00a0: les indicateurs commerciaux du cours")
    for name in kpilab.SUBMODULES:
        assert f"kpilab.{name}" in text
        assert getattr(kpilab, name).__name__ == f"kpilab.{name}"


def test_help_of_kpilab_points_to_the_french_guide():
    import kpilab

    assert "kpilab.aide()" in kpilab.__doc__.split("\n\n")[1]
