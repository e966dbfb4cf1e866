"""What a lesson notebook says, as plain text, for the tests that check its figures.

No-break spaces become ordinary spaces, so that a test can look for « 1 234,50 » as typed.
French numbers are written here from scratch, independently of kpilab.formatting.
"""

from __future__ import annotations

import nbformat


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def fr(value: float, digits: int = 1) -> str:
    """3.14159 → '3,1'; 12472.21 → '12 472,21'."""
    whole, _, decimals = f"{value:,.{digits}f}".partition(".")
    return whole.replace(",", " ") + ("," + decimals if digits else "")


def markdown(notebook: nbformat.NotebookNode) -> str:
    """The text of the markdown cells."""
    return plain("\n".join(c.source for c in notebook.cells if c.cell_type == "markdown"))


def printed(notebook: nbformat.NotebookNode, results: bool = False) -> str:
    """What the code cells print; with ``results``, their text/plain results too."""
    return plain("".join(o.get("text", "") + (o.get("data", {}).get("text/plain", "") if results else "")
                         for c in notebook.cells if c.cell_type == "code" for o in c.outputs))
