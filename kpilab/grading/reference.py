"""The reference of the marks: kpilab's code and the course data, checked against a manifest.

The expected values of the exercises are computed by kpilab from the course
data. Before any student code runs, the grader checks every file they come
from against ``reference.json`` (SHA-256 checksums, committed with the
code): a notebook graded earlier without a sandbox, or an interrupted run,
could have changed them on disk, and the next class would be graded against
a wrong reference. A mismatch stops the grading with a French message that
says how to restore the files.

After changing kpilab or the data on purpose, write the manifest again::

    python -m kpilab.grading.reference
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from kpilab.errors import KPIError

PACKAGE = Path(__file__).resolve().parents[1]
ROOT = PACKAGE.parent
MANIFEST = Path(__file__).with_name("reference.json")


def reference_files(data_dir: Path | None = None) -> dict[str, Path]:
    """Every file the marks depend on: kpilab's sources and answer keys, the course CSV files."""
    from kpilab.datasets import DATA_DIR

    data_dir = Path(data_dir or DATA_DIR)
    files = {p.relative_to(ROOT).as_posix(): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}
    files["kpilab/exercises/solutions.json"] = PACKAGE / "exercises" / "solutions.json"
    for path in sorted(data_dir.glob("*.csv")):
        files[f"datasets/{path.name}"] = path
    return files


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checksums(data_dir: Path | None = None) -> dict[str, str]:
    return {name: _digest(path) for name, path in reference_files(data_dir).items()}


def write() -> Path:
    """Write the manifest from the files as they are now."""
    MANIFEST.write_text(json.dumps(checksums(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return MANIFEST


def differences(data_dir: Path | None = None) -> list[str]:
    """The files that differ from the manifest (changed, missing or new), as French lines."""
    try:
        expected = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [f"le manifeste {MANIFEST.name} est absent ou illisible"]
    found = checksums(data_dir)
    lines = [f"{name} : modifié" for name in sorted(expected) if name in found and found[name] != expected[name]]
    lines += [f"{name} : absent" for name in sorted(expected) if name not in found]
    lines += [f"{name} : fichier en trop" for name in sorted(found) if name not in expected]
    return lines


def verify(data_dir: Path | None = None) -> None:
    """Raise :class:`KPIError` (in French, with how to restore) when a reference file changed."""
    lines = differences(data_dir)
    if not lines:
        return
    shown = "\n  ".join(lines[:10]) + (f"\n  … et {len(lines) - 10} autre(s)" if len(lines) > 10 else "")
    raise KPIError(
        "La correction est arrêtée : les fichiers qui servent à calculer les réponses attendues ont changé "
        f"depuis la version du cours.\n  {shown}\n"
        "Pour les restaurer : « git checkout -- kpilab datasets » dans le dossier du cours "
        "(ou « make data » pour les seules données), puis relance la correction. "
        "Si tu as modifié le cours volontairement, enregistre le nouveau manifeste : "
        "python -m kpilab.grading.reference"
    )


if __name__ == "__main__":
    print(f"Manifeste écrit : {write()}")
    sys.exit(0)
