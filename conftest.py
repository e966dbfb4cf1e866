"""Project-wide pytest set-up.

The answer keys run under nbval in strict mode: a wrong or missing answer
raises AssertionError and fails its cell. nbval's kernels inherit this
environment variable from the pytest process.

Under CI (``CI=true``), Hypothesis runs the "ci" profile: the same examples on
every run (derandomize), so that a property test fails on a code change, never
by chance. Locally, new examples are drawn on each run.
"""

import os

from kpilab.exercises.engine import STRICT_ENV

os.environ.setdefault(STRICT_ENV, "1")

try:
    from hypothesis import settings
except ImportError:  # a teacher running nbval alone may not have the test extras
    settings = None
if settings is not None:
    settings.register_profile("ci", derandomize=True, database=None)
    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        settings.load_profile("ci")
