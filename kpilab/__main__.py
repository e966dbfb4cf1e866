"""``python -m kpilab …``: see :mod:`kpilab.cli`."""

import sys

from kpilab.cli import main

sys.exit(main())
