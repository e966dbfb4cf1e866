"""Wall time of the test suite on the warm environment, split into its three parts.

The parts, run one after another with ``.venv/bin/python -m pytest``, together
make the whole suite of ``make test`` (``testpaths`` and ``addopts`` of
pyproject.toml: ``--doctest-modules --nbval``, on every core with ``-n auto``
and the course's scheduler of conftest.py):

- unit: ``tests/`` and the doctests of ``kpilab/``, without the browser tests;
- nbval: the lessons (``notebooks/``), the answer keys (``exercises/corriges/``)
  and the fiches (``fiches/``) re-run by nbval;
- browser: the real-browser tests (marker ``browser``), run with ``CI=true`` so
  that they fail rather than skip when Chromium is missing.

Before timing, ``--collect-only`` checks that the three counts add up to the
count of the whole suite. The reference is the sum of the parts; with
``--full`` the whole suite is also run in one go (``CI=true`` too), which
shows what the split costs (three start-ups, three collections). Besides the
wall time, each run's CPU time (user and system, of pytest and every process it
waited for: workers, kernels, servers, Chromium) is shown: on a machine that
does other work meanwhile, it varies much less than the wall time.

Run: ``make bench`` (all three benchmarks), or ``.venv/bin/python benchmarks/bench_tests.py [--full]``.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTEST = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"]
PARTS = {
    "unit": ["tests", "kpilab", "-m", "not browser"],
    "nbval": ["notebooks", "exercises/corriges", "fiches"],
    "browser": ["tests", "-m", "browser"],
}
CI_PARTS = {"browser"}  # run with CI=true


def _env(ci: bool) -> dict[str, str]:
    return {**os.environ, "CI": "true"} if ci else dict(os.environ)


def collected(args: list[str]) -> int:
    """How many tests pytest selects with these arguments (collected in one process: -n0)."""
    done = subprocess.run([*PYTEST, "--collect-only", "-q", "-n0", *args], cwd=ROOT, capture_output=True, text=True)
    found = re.search(r"^(\d+)(?:/\d+)? tests? collected", done.stdout, flags=re.MULTILINE)
    if done.returncode != 0 or not found:
        sys.exit(f"pytest --collect-only {shlex.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return int(found.group(1))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str], ci: bool, log: Path) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds, exit status and pytest's closing line of one run (full output in ``log``)."""
    start, cpu = time.perf_counter(), _children_cpu()
    with open(log, "w", encoding="utf-8") as out:
        status = subprocess.run([*PYTEST, "-q", *args], cwd=ROOT, env=_env(ci),
                                stdout=out, stderr=subprocess.STDOUT).returncode
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
    lines = [line.strip("= ") for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    return seconds, cpu, status, lines[-1] if lines else "(no output)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also run the whole suite in one go, as a reference")
    args = parser.parse_args(argv)

    counts = {name: collected(selection) for name, selection in PARTS.items()}
    whole = collected([])
    print("Test suite, split into parts (pytest --collect-only):")
    for name, selection in PARTS.items():
        print(f"  {name:8} {counts[name]:4} tests  pytest {shlex.join(selection)}")
    print(f"  sum      {sum(counts.values()):4} tests; whole suite (pytest): {whole} tests")
    if sum(counts.values()) != whole:
        print("The parts do not add up to the whole suite: fix PARTS in benchmarks/bench_tests.py.")
        return 1

    failed = []
    times, cpus = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, selection in PARTS.items():
            log = Path(tmp) / f"{name}.log"
            times[name], cpus[name], status, summary = run(selection, name in CI_PARTS, log)
            print(f"  ran {name}: {times[name]:.1f} s ({cpus[name]:.0f} s of CPU), {summary}")
            if status != 0:
                failed.append(name)
                print(log.read_text(encoding="utf-8")[-3000:])
        full = None
        if args.full:
            full, full_cpu, status, summary = run([], True, Path(tmp) / "full.log")
            print(f"  ran the whole suite: {full:.1f} s ({full_cpu:.0f} s of CPU), {summary}")
            if status != 0:
                failed.append("whole suite")

    total, total_cpu = sum(times.values()), sum(cpus.values())
    print(f"\npart      seconds  share  CPU seconds  (on {os.cpu_count()} cores)")
    for name in PARTS:
        print(f"{name:8} {times[name]:8.1f}  {times[name] / total:5.1%}  {cpus[name]:11.0f}")
    print(f"{'sum':8} {total:8.1f}  100.0%  {total_cpu:11.0f}  (reference)")
    if full is not None:
        print(f"{'one run':8} {full:8.1f}  {full / total:5.1%}  {full_cpu:11.0f}  (share: of the sum)")
    if failed:
        print(f"Failed: {', '.join(failed)}.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
