"""What the teacher gets: the gradebook (CSV for French Excel), a feedback
page per student and a class summary. Files are written atomically and an
existing file is never overwritten without the explicit ``force`` flag."""

from __future__ import annotations

import csv
import html
import io
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kpilab import formatting
from kpilab.grading import competences
from kpilab.exercises.engine import _COLOURS, _TITLES, CORRECT


@dataclass
class Row:
    """One student's line of the gradebook."""

    student: str
    file: str
    status: str
    verdicts: list  # engine.Verdict, one per question
    notes: list[str]
    page: str = ""  # the file name of the student's feedback page
    grid: list = ()  # competences.Line, one per compétence then per bloc

    @property
    def points(self) -> int:
        return sum(v.status == CORRECT for v in self.verdicts)

    @property
    def mark_out_of_20(self) -> float:
        return round(self.points / len(self.verdicts) * 20, 1) if self.verdicts else 0.0


def free_path(path: Path, force: bool) -> Path:
    """``path`` itself, or with ``force`` off and ``path`` taken: the first free ``name-2``, ``name-3``…"""
    if force or not path.exists():
        return path
    n = 2
    while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
        n += 1
    return candidate


def reserve(path: Path, force: bool) -> tuple[Path, bool]:
    """Take the gradebook's name now, before any copy runs: (the path, whether it was created here).

    Without ``force`` the first free name (``notes.csv``, ``notes-2.csv``…) is
    created empty at once, so that nothing written during the run can take it.
    """
    if force and path.exists():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        candidate = free_path(path, False)
        try:
            with open(candidate, "x", encoding="utf-8"):
                return candidate, True
        except FileExistsError:
            continue


def reserve_folder(path: Path, force: bool) -> tuple[Path, bool]:
    """The feedback folder, created now (a free name without ``force``)."""
    if force and path.is_dir():
        return path, False
    while True:
        candidate = free_path(path, False)
        try:
            candidate.mkdir(parents=True)
            return candidate, True
        except FileExistsError:
            continue


RESERVED_PAGES = {"synthese", "competences"}


def page_names(students: list[str]) -> list[str]:
    """One feedback page name per student, all different (also on a case-insensitive disk)."""
    used, names = set(RESERVED_PAGES), []
    for student in students:
        base = re.sub(r"[^\w.-]+", "_", student).strip("._") or "copie"
        name, n = base, 2
        while name.casefold() in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name.casefold())
        names.append(f"{name}.html")
    return names


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text) -> str:
    """A text cell a spreadsheet shows as text: a leading = + - @ would make it a formula."""
    text = str(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def gradebook_csv(rows: list[Row], question_ids: list[str]) -> bytes:
    """The gradebook: ``;`` separator, decimal comma, UTF-8 with BOM (French Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["etudiant", "fichier", "statut", *question_ids, "points", "note_sur_20", "remarques", "retour"])
    for row in rows:
        marks = ["1" if v.status == CORRECT else "0" for v in row.verdicts]
        writer.writerow([
            cell(row.student), cell(row.file), cell(row.status), *marks, str(row.points),
            formatting.format_number(row.mark_out_of_20, digits=1), cell(" ; ".join(row.notes)), cell(row.page),
        ])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.4}}
td,th{{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}}</style></head>
<body>{body}</body></html>
"""


def feedback_html(row: Row, title: str) -> bytes:
    """The page handed back to one student: each question's verdict and message."""
    items = []
    for verdict in row.verdicts:
        colour = _COLOURS[verdict.status]
        items.append(
            f'<li><strong style="color:{colour}">{html.escape(verdict.question)} — '
            f"{html.escape(_TITLES[verdict.status])}</strong> {html.escape(verdict.message)}</li>"
        )
    notes = "".join(f"<p>{html.escape(n)}</p>" for n in row.notes)
    grid = ""
    if row.grid:
        lines = "".join(
            f"<tr><td>{html.escape(line.code)}</td><td>{html.escape(line.title)}</td>"
            f"<td>{line.right} / {line.asked}</td><td><strong>{html.escape(line.level)}</strong></td></tr>"
            for line in row.grid
        )
        grid = (f"<h2>Compétences du référentiel</h2><table><tr><th>Code</th><th>Compétence ou bloc</th>"
                f"<th>Questions réussies</th><th>Niveau</th></tr>{lines}</table>"
                f"<p><small>{html.escape(competences.legend())}</small></p>")
    body = (
        f"<h1>{html.escape(row.student)}</h1><p>{html.escape(title)}</p>"
        f"<p><strong>Note : {formatting.format_number(row.mark_out_of_20, digits=1)} / 20</strong> "
        f"({row.points} question(s) réussie(s) sur {len(row.verdicts)}). "
        f"État du carnet : {html.escape(row.status)}.</p>{notes}<ul>{''.join(items)}</ul>{grid}"
    )
    return _PAGE.format(title=f"Retour — {html.escape(row.student)}", body=body).encode("utf-8")


def competences_csv(rows: list[Row], columns: list[str]) -> bytes:
    """The class's competence grid: one line per student, one column per compétence and bloc."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["etudiant", *columns])
    for row in rows:
        levels = {line.code: line.level for line in row.grid}
        writer.writerow([cell(row.student), *(levels.get(code, "") for code in columns)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def summary(rows: list[Row], question_ids: list[str], isolation: str = "") -> tuple[str, bytes]:
    """Success rate per question and the most frequent mistakes: text and HTML."""
    lines, cells = [], []
    for i, qid in enumerate(question_ids):
        verdicts = [r.verdicts[i] for r in rows if i < len(r.verdicts)]
        rate = sum(v.status == CORRECT for v in verdicts) / len(verdicts) * 100 if verdicts else 0.0
        lines.append(f"{qid} : {formatting.format_percent(rate, digits=0)} de réussite")
        cells.append(f"<tr><td>{qid}</td><td>{formatting.format_percent(rate, digits=0)}</td></tr>")
    mistakes = Counter(v.mistake for r in rows for v in r.verdicts if v.mistake)
    top = mistakes.most_common(5)
    lines.append("Erreurs les plus fréquentes :" if top else "Aucune erreur connue repérée.")
    lines += [f"  {count} × {message}" for message, count in top]
    statuses = Counter(r.status for r in rows)
    body = (
        f"<h1>Synthèse de la classe ({len(rows)} carnets)</h1>"
        + (f"<p>{html.escape(isolation)}</p>" if isolation else "") +
        f"<h2>Réussite par question</h2><table>{''.join(cells)}</table>"
        "<h2>Erreurs les plus fréquentes (à revoir en classe)</h2><ol>"
        + "".join(f"<li>{count} × {html.escape(message)}</li>" for message, count in top)
        + "</ol><h2>État des carnets</h2><ul>"
        + "".join(f"<li>{html.escape(s)} : {n}</li>" for s, n in statuses.most_common())
        + "</ul>"
    )
    return "\n".join(lines), _PAGE.format(title="Synthèse de la classe", body=body).encode("utf-8")
