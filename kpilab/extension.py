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

from kpilab import french_tables, student_errors


def load_ipython_extension(shell) -> None:
    """Set up the French error messages and tables in this kernel."""
    student_errors.install(shell)
    french_tables.install(shell)


def unload_ipython_extension(shell) -> None:
    """Undo :func:`load_ipython_extension`."""
    student_errors.uninstall(shell)
    french_tables.uninstall(shell)
