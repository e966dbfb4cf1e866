"""Run the course notebooks and save them with reproducible outputs.

``python -m kpilab.notebooks notebooks/*.ipynb`` (``make notebooks``)
executes each notebook in a fresh kernel, in its own folder, and writes it
back only when something changed. The steps are small functions chained in
:func:`refresh`, each doing one job:

1. :func:`clear` removes old outputs and execution counts;
2. :func:`execute` runs every cell with nbclient (no timings recorded);
3. :func:`tidy` drops per-run metadata so that two runs give the same file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

KERNEL = "python3"
TIMEOUT = 300  # seconds per cell
NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL},
    "language_info": {"name": "python"},
}


def clear(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def execute(nb: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    client = NotebookClient(
        nb, kernel_name=KERNEL, timeout=TIMEOUT, record_timing=False,
        store_widget_state=False, resources={"metadata": {"path": str(folder)}},
    )
    client.execute()
    return nb


WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_PLACEHOLDER = "Simulateur interactif : exécute la cellule pour faire apparaître les curseurs."


def _merge_streams(outputs: list) -> list:
    """Join consecutive prints of the same stream (the kernel may split them at random)."""
    merged: list = []
    for out in outputs:
        previous = merged[-1] if merged else None
        if (out.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream" and previous.get("name") == out.get("name")):
            previous["text"] += out["text"]
        else:
            merged.append(out)
    return merged


def _without_widget_state(output):
    """A widget's saved view points at a random model id: keep a stable French sentence instead."""
    data = output.get("data", {})
    if WIDGET_MIME in data:
        output["data"] = {"text/plain": WIDGET_PLACEHOLDER}
    return output


def tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb.metadata = nbformat.from_dict({**{k: v for k, v in nb.metadata.items() if k not in ("widgets",)},
                                      **NOTEBOOK_METADATA})
    for cell in nb.cells:
        for key in ("execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = [_without_widget_state(o) for o in _merge_streams(cell.outputs)]
    return nb


def refresh(path: Path) -> bool:
    """Re-run one notebook; return True when the saved file changed."""
    before = path.read_text(encoding="utf-8")
    nb = nbformat.reads(before, as_version=4)
    nb = tidy(execute(clear(nb), path.parent))
    after = nbformat.writes(nb) + "\n"
    if after != before:
        path.write_text(after, encoding="utf-8")
        return True
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.paths:
        changed = refresh(path)
        print(f"{path}: {'mis à jour' if changed else 'inchangé'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
