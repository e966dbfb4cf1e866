"""Project-wide pytest set-up.

The answer keys run under nbval in strict mode: a wrong or missing answer
raises AssertionError and fails its cell. nbval's kernels inherit this
environment variable from the pytest process.
"""

import os

from kpilab.exercises.engine import STRICT_ENV

os.environ.setdefault(STRICT_ENV, "1")
