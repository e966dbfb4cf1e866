"""The course's IPython extension: what a student sees in a notebook.

- A student's mistakes (:class:`~kpilab.errors.KPIError`, a name used before
  the cell that creates it, a letter without quotes) read as one short French
  message (:mod:`kpilab.student_errors`).
- pandas tables show French numbers (:mod:`kpilab.french_tables`).

The course's kernels load it at start (the IPython configuration written into
``.venv`` by ``make lab`` / ``make test``), so it works even before the first
cell; ``import kpilab`` in a kernel loads it too (for a conda install), as
does ``%load_ext kpilab.extension``.
"""

from __future__ import annotations

import warnings

from kpilab import french_tables, student_errors
from kpilab.errors import KPIWarning

_PYTHON_FORMAT = warnings.formatwarning


def format_warning(message, category, filename, lineno, line=None) -> str:
    """A :class:`~kpilab.errors.KPIWarning` as one French line, without a file path or code line."""
    if isinstance(category, type) and issubclass(category, KPIWarning):
        return f"Attention\u00a0: {message}\n"
    return _PYTHON_FORMAT(message, category, filename, lineno, line)


def load_ipython_extension(shell) -> None:
    """Set up the French error messages and tables in this kernel."""
    student_errors.install(shell)
    french_tables.install(shell)
    warnings.formatwarning = format_warning


def unload_ipython_extension(shell) -> None:
    """Undo :func:`load_ipython_extension`."""
    student_errors.uninstall(shell)
    french_tables.uninstall(shell)
    warnings.formatwarning = _PYTHON_FORMAT
