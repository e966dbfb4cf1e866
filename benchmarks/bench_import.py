"""How long ``import kpilab`` takes, against ``import pandas`` measured in the same run.

Each import runs in a fresh interpreter (``python -c "import X"``), 15 times,
interleaved with the others so that a slow moment of the machine hits all of
them alike; the import time is the median wall time minus the median of
``python -c "pass"`` (the interpreter's own start). Goal: kpilab ≤ 1.3 × pandas,
pandas being what kpilab cannot do without.

Then, in another fresh interpreter, ``import kpilab`` must not have loaded the
heavy optional packages (plots, widgets, notebooks, IPython): they are for the
functions that need them. Any of them loaded makes the exit status 1.

Run: ``make bench`` (all three benchmarks), or ``.venv/bin/python benchmarks/bench_import.py``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 15
GOAL = 1.3
MUST_NOT_LOAD = ["matplotlib", "ipywidgets", "nbclient", "nbformat", "IPython"]
STATEMENTS = {"interpreter start": "pass", "import pandas": "import pandas", "import kpilab": "import kpilab"}


def wall_ms(statement: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], cwd=ROOT, check=True)
    return (time.perf_counter() - start) * 1000


def main() -> int:
    for statement in STATEMENTS.values():  # warm the file cache and the .pyc files
        wall_ms(statement)
    times = {label: [] for label in STATEMENTS}
    for _ in range(RUNS):
        for label, statement in STATEMENTS.items():
            times[label].append(wall_ms(statement))
    median = {label: statistics.median(values) for label, values in times.items()}
    start = median["interpreter start"]
    pandas_ms = median["import pandas"] - start
    kpilab_ms = median["import kpilab"] - start
    ratio = kpilab_ms / pandas_ms

    print(f"Import time in a fresh interpreter: median of {RUNS} runs each, interleaved, "
          f"minus the interpreter's start ({sys.executable}).")
    for label, values in times.items():
        print(f"  python -c {STATEMENTS[label]!r:17} median {median[label]:7.1f} ms "
              f"(min {min(values):.1f}, max {max(values):.1f})")
    print(f"  import pandas: {pandas_ms:.1f} ms")
    print(f"  import kpilab: {kpilab_ms:.1f} ms (pandas included)")
    print(f"  kpilab / pandas: {ratio:.2f} (goal <= {GOAL:g}: {'met' if ratio <= GOAL else 'MISSED'})")

    probe = (f"import json, sys, kpilab; "
             f"print(json.dumps([m for m in {MUST_NOT_LOAD!r} if m in sys.modules]))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", probe], cwd=ROOT, check=True,
                                       capture_output=True, text=True).stdout)
    if loaded:
        print(f"After import kpilab, loaded but not needed: {', '.join(loaded)} (checked: {', '.join(MUST_NOT_LOAD)}).")
        return 1
    print(f"After import kpilab, none of {', '.join(MUST_NOT_LOAD)} is loaded.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
