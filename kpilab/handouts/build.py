"""Make the fiches: ``fiches/fiche_bloc_N.ipynb`` (generated and executed) and ``fiches/fiche_bloc_N.pdf``.

``python -m kpilab.handouts`` (``make fiches``) does, for each fiche (:func:`catalog.fiches`: one per
bloc of the référentiel, and ``fiche_bloc_3_gestion`` for bloc 3's calculations of lesson 10):

1. :func:`notebook`: the fiche's notebook, whose cells call :mod:`kpilab.handouts` (one per KPI);
2. :func:`execute`: run it in a fresh kernel (:mod:`kpilab.notebooks`, as ``make notebooks``
   does) and save it, only when something changed;
3. :func:`export_html`: nbconvert's HTML export (template ``basic``: no MathJax or script from a
   CDN; code and prompts left out, the fiche's CSS comes with its first output);
4. :func:`print_pdf`: Debian's Chromium prints it to PDF, A4, without header or footer; the
   creation and modification dates are set to :data:`PDF_DATE` so that two runs give the same
   bytes; a fiche must fit on one page (:func:`page_count`).

Then it writes the glossary, ``notebooks/glossaire.md`` (:mod:`kpilab.glossary`).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

import nbformat

from kpilab import notebooks as runner
from kpilab import referentiel, typography
from kpilab.errors import KPIError
from kpilab.handouts import catalog, fiche

__all__ = ["FICHES", "PDF_DATE", "notebook", "execute", "export_html", "render_pdf", "print_pdf", "page_count", "build"]

ROOT = Path(__file__).resolve().parents[2]
FICHES = ROOT / "fiches"
CHROMIUM = os.environ.get("KPILAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-pdf-header-footer",
]
PDF_DATE = b"D:20260101000000+00'00'"  # fixed: the same fiche gives the same bytes
_PDF_DATES = re.compile(rb"/(CreationDate|ModDate) \((D:[0-9]{14}[^)]*)\)")
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
NO_PRINT = "no-print"  # tag of the cells left out of the PDF


def name(bloc: int, part: str = "") -> str:
    """``fiche_bloc_3``, or ``fiche_bloc_3_gestion`` for a bloc's other fiche (:data:`catalog.PARTS`)."""
    return f"fiche_bloc_{bloc}" + (f"_{part}" if part else "")


def path(bloc: int, suffix: str = ".ipynb", folder: Path = FICHES, part: str = "") -> Path:
    return Path(folder) / f"{name(bloc, part)}{suffix}"


def title(bloc: int, part: str = "") -> str:
    """The title of the printed page."""
    return f"Fiche de synthèse — bloc {bloc}" + (f" — {catalog.PARTS[bloc][part]}" if part else "")


def _intro(bloc: int, part: str = "") -> str:
    b = referentiel.BLOCS[bloc]
    scope = f", {catalog.PARTS[bloc][part]}" if part else ""
    text = (f"**Fiche de synthèse du bloc {bloc}** ({b.title}, épreuve {b.epreuve}{scope}). Ce carnet est généré par "
            f"`make fiches` à partir de `kpilab.handouts` : ne le modifie pas à la main, change plutôt "
            f"`kpilab/handouts/catalog.py`. Les exemples sont calculés par kpilab sur les données de Roue Libre "
            f"quand le carnet s'exécute. La version à imprimer, sur une page A4 : "
            f"[{name(bloc, part)}.pdf]({name(bloc, part)}.pdf).")
    return typography.fix(text, markdown=True)


def notebook(bloc: int, part: str = "") -> nbformat.NotebookNode:
    """The fiche's notebook, not yet executed: an introduction (not printed), then one cell per block."""
    calls = [f'handouts.header({bloc}, "{part}")' if part else f"handouts.header({bloc})"]
    calls += [f'handouts.card("{kpi.key}")' for kpi in catalog.kpis_of_bloc(bloc, part)]
    if not part:
        calls += [f'handouts.extra("{extra}")' for extra in catalog.BLOC_EXTRAS.get(bloc, ())]
    calls.append(f"handouts.footer({bloc})")
    cells = [nbformat.v4.new_markdown_cell(_intro(bloc, part), metadata={"tags": [NO_PRINT]}),
             nbformat.v4.new_code_cell("from kpilab import handouts\n\nhandouts.style()")]
    cells += [nbformat.v4.new_code_cell(call) for call in calls]
    nb = nbformat.v4.new_notebook(cells=cells, metadata=dict(runner.NOTEBOOK_METADATA))
    for number, cell in enumerate(nb.cells):
        cell.id = f"bloc{bloc}{'-' + part if part else ''}-{number:02d}"  # stable ids: the same fiche gives the same file
    return nb


def execute(nb: nbformat.NotebookNode, target: Path) -> bool:
    """Run the notebook in ``target``'s folder and save it there; True when the file changed."""
    nb = runner.tidy(runner.execute(runner.clear(nb), target.parent))
    text = nbformat.writes(nb) + "\n"
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return False
    target.write_text(text, encoding="utf-8")
    return True


def export_html(nb: nbformat.NotebookNode, title: str) -> str:
    """The executed notebook as one HTML page: outputs only, cells tagged ``no-print`` left out."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {NO_PRINT}
    body, _ = HTMLExporter(config=config, template_name="basic").from_notebook_node(nb)
    return (f'<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
            f'</head>\n<body>\n<main class="{fiche.PAGE}">\n{body}\n</main>\n</body>\n</html>\n')


def _fixed_dates(pdf: bytes) -> bytes:
    def replace(match: re.Match) -> bytes:
        if len(match.group(2)) != len(PDF_DATE):  # a date of another length would move the xref offsets
            return match.group(0)
        return b"/" + match.group(1) + b" (" + PDF_DATE + b")"

    return _PDF_DATES.sub(replace, pdf)


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF written by Chromium (its page objects are not compressed)."""
    return len(_PAGE.findall(pdf))


def render_pdf(page: str) -> bytes:
    """Print an HTML page with Chromium (A4, as its CSS says): the PDF, with its dates fixed."""
    if not Path(CHROMIUM).is_file():
        raise KPIError(f"Chromium est introuvable ({CHROMIUM}) : installe-le (Debian ou Ubuntu : "
                       "sudo apt-get install chromium) ou indique son chemin dans KPILAB_CHROMIUM.")
    with tempfile.TemporaryDirectory(prefix="kpilab-fiche-") as tmp:
        source, output = Path(tmp) / "fiche.html", Path(tmp) / "fiche.pdf"
        source.write_text(page, encoding="utf-8")
        done = subprocess.run(
            [CHROMIUM, *CHROMIUM_ARGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={output}",
             source.as_uri()],
            capture_output=True, text=True, timeout=180,
        )
        if done.returncode != 0 or not output.is_file():
            raise KPIError(f"Chromium n'a pas pu imprimer la fiche en PDF : {done.stderr.strip()[-500:]}")
        return _fixed_dates(output.read_bytes())


def print_pdf(page: str, target: Path) -> int:
    """Print an HTML page to ``target`` (written only when its bytes change); the number of pages."""
    pdf = render_pdf(page)
    if not target.exists() or target.read_bytes() != pdf:
        target.write_bytes(pdf)
    return page_count(pdf)


def build(folder: Path = FICHES, blocs=None, glossary: bool = True) -> list[str]:
    """Make every fiche (notebook and PDF) and the glossary; French lines saying what was done."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    report = []
    for bloc, part in catalog.fiches():
        if blocs and bloc not in blocs:
            continue
        target = path(bloc, folder=folder, part=part)
        changed = execute(notebook(bloc, part), target)
        executed = nbformat.read(target, as_version=4)
        pdf = render_pdf(export_html(executed, title(bloc, part)))
        pages = page_count(pdf)
        if pages != 1:  # the PDF of the last good run stays
            raise KPIError(f"La fiche {name(bloc, part)} tient sur {pages} pages au lieu d'une : raccourcis ses "
                           "textes dans kpilab/handouts/catalog.py.")
        target_pdf = path(bloc, ".pdf", folder, part)
        if not target_pdf.exists() or target_pdf.read_bytes() != pdf:
            target_pdf.write_bytes(pdf)
        report.append(f"{target.name} : {'mis à jour' if changed else 'inchangé'}, PDF d'une page")
    if glossary:
        from kpilab import glossary as glossary_module

        report.append(glossary_module.write())
    return report
