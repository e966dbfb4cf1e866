"""A student's devoir notebook, made from the exercise set's answer key.

The steps (in the manner of :mod:`kpilab.exercises.build`):

1. the key's generated parts are written with the student's figures (:mod:`kpilab.exercises.facts`):
   the statements' figures and the QCM options that quote the data;
2. the student version of the set is made from it (solutions replaced by ``... # à compléter``,
   figures' marks out, outputs cleared);
3. the cells of the questions left out of devoirs, the hint cells and the closing summary go; the
   links to the course's other notebooks go (a devoir is handed out alone);
4. the exercise module's import becomes the devoir's (:func:`kpilab.devoirs.copie.ouvrir`), which reads
   the data of the folder ``donnees`` beside the notebook and whose ``check()`` only reads the answer;
5. a header cell names the student; the instructions say what a devoir is; the notebook's metadata
   carry the lesson, the student and the student's token.

:func:`leaks` lists what must never be in a notebook handed out (solution markers, calls for a hint or
a solution, the exercise modules): the notebook is refused if any is left.
"""

from __future__ import annotations

import re

import nbformat

from kpilab.exercises import build, facts

__all__ = ["devoir_notebook", "leaks", "METADATA_KEY"]

METADATA_KEY = "kpilab"
_IMPORT = re.compile(r"^from kpilab\.exercises\.(lecon\d\d(?:_[a-z]+)?) import \*[^\n]*$", re.M)
_HEADING = re.compile(r"^## Question (\d+)\b", re.M)
_LINKS = re.compile(r"\]\(\.\./")
_DROPPED_BULLETS = re.compile(r"hint|solution|vérification|Bravo|Exécute d'abord|remplace les|Besoin d'aide", re.I)


def _is_help_cell(cell) -> bool:
    """The cell under each answer: commented calls to qN.hint() and qN.solution()."""
    if cell.cell_type != "code":
        return False
    lines = [line.strip() for line in cell.source.splitlines() if line.strip()]
    return bool(lines) and all(line.startswith("#") for line in lines) and (".hint(" in cell.source or
                                                                            ".solution(" in cell.source)


def _section_of(cell) -> str | None:
    """``"q3"`` for the heading cell of question 3, ``"fin"`` for the closing summary, else None."""
    if cell.cell_type != "markdown":
        return None
    found = _HEADING.match(cell.source)
    if found:
        return f"q{found.group(1)}"
    if cell.source.startswith("## Bilan"):
        return "fin"
    return None


def _drop_left_out(cells, left_out: set[str]):
    """The cells without those of the questions ``left_out`` (heading to the next heading) and the summary."""
    kept, section = [], None
    for cell in cells:
        section = _section_of(cell) or section
        if section == "fin" or section in left_out:
            continue
        kept.append(cell)
    return kept


def _instructions(source: str, devoir_bullets: list[str]) -> str:
    """The first cell of the set, for a devoir: no title (the header has it), no links to the course,
    the instructions of a devoir in place of those of the practice notebook."""
    lines = source.split("\n")
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    lines = [line for line in lines if not _LINKS.search(line)]
    out, in_list, placed = [], False, False
    for line in lines:
        if line.strip() == "**Mode d'emploi**":
            in_list = True
            out.append(line)
            continue
        if in_list and line.startswith("- "):
            if not placed:
                out.extend(devoir_bullets)
                placed = True
            if not _DROPPED_BULLETS.search(line):
                out.append(line)
            continue
        in_list = False
        out.append(line)
    text = "\n".join(out).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)


def _title(source: str) -> str:
    first = source.split("\n", 1)[0].lstrip("# ").strip()
    return re.sub(r"^Exercices\s+—\s+", "", first)


def _numbers(ids) -> str:
    numbers = [i[1:] for i in ids]
    return numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} et {numbers[-1]}"


def devoir_notebook(module, *, student_name: str, student_id: str, token: str, created: str,
                    figures: dict[str, str], course_figures: dict[str, str], left_out: dict[str, str],
                    devoir_id: str = "", with_data: bool = True) -> nbformat.NotebookNode:
    """The devoir notebook of one student, for the exercise module ``module``.

    ``figures`` are the module's ``FACTS`` on the student's data, ``course_figures`` on the course's
    (to find them in the QCM options), ``created`` the date shown (``15/03/2026``).
    """
    nb = nbformat.read(build.key_path(module.LESSON), as_version=4)
    quoted = getattr(module, "OPTION_FACTS", {})
    for qid, names in quoted.items():
        question = next(q for q in module.QUESTIONS if q.id == qid)
        for name in names:
            if not any(course_figures[name] in option.text for option in question.options):
                raise build.BuildError(f"{module.LESSON} {qid}: the options do not quote the fact {name} "
                                       f"({course_figures[name]!r} on the course data)")
    options = {q.id: facts.options_with(q, course_figures, figures, quoted.get(q.id, ()))
               for q in module.QUESTIONS if q.kind == "choice"}
    nb = build.fill_generated(nb, module, figures=figures, options=options)
    nb = build.student_version(nb, module)

    ids = [q.id for q in module.QUESTIONS if q.id not in left_out]
    cells = [c for c in _drop_left_out(nb.cells, set(left_out)) if not _is_help_cell(c)]
    title = _title(cells[0].source)

    imports = 0
    for cell in cells:
        if cell.cell_type == "code" and _IMPORT.search(cell.source):
            names = ", ".join(ids) + ("," if len(ids) == 1 else "")
            call = f'ouvrir("{module.LESSON}", "{" ".join(ids)}"' + ("" if with_data else ", data=False") + ")"
            comment = "  # tes questions, et tes données (le dossier donnees)" if with_data else "  # tes questions"
            cell.source = _IMPORT.sub(lambda m: f"from kpilab.devoirs.copie import ouvrir\n\n{names} = {call}{comment}",
                                      cell.source)
            imports += 1
    if imports != 1:
        raise build.BuildError(f"{module.LESSON}: the preparation cell that imports the exercises is missing")

    bullets = [
        "- Exécute d'abord la cellule de préparation ci-dessous (Maj + Entrée)" + (
            "\u00a0: elle lit **tes** données, celles du dossier `donnees` à côté de ce notebook." if with_data else "."),
        "- Dans chaque cellule de réponse, remplace les `...` par ton calcul, puis exécute la cellule. "
        "`q1.check()` vérifie seulement que ta réponse est **lisible** (un nombre, un nom ou une lettre, selon la "
        "question) et l'enregistre\u00a0: il ne dit pas si elle est juste. C'est ton enseignant qui corrige.",
        "- Il n'y a ni indice ni solution\u00a0: c'est ton travail qui est noté. Garde ton calcul dans la cellule "
        "de réponse\u00a0: seul le résultat peut être arrondi.",
    ]
    cells[0].source = _instructions(cells[0].source, bullets)
    for cell in cells:  # the rules of the answers are the grader's
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace("(c'est ce que la vérification accepte)", "(c'est ce que la correction accepte)")

    removed = sorted(left_out, key=lambda i: int(i[1:]))
    scope = (f"Ce devoir reprend les questions {_numbers(ids)} du cahier d'exercices (les numéros restent ceux "
             f"du cahier).\n\n" if removed else "")
    header = nbformat.v4.new_markdown_cell(
        f"# Devoir noté — {title}\n\n"
        f"**Nom\u00a0: {student_name}** · devoir créé le {created}\n\n"
        f"{scope}"
        + ("Ce devoir est à ton nom. Tes données, dans le dossier `donnees` à côté de ce notebook, racontent la même "
           "histoire que celles du cours avec d'autres chiffres\u00a0: tes résultats ne sont ni ceux du cours, ni "
           "ceux de tes camarades." if with_data else "Ce devoir est à ton nom."))
    header.id = "devoir-entete"
    end = nbformat.v4.new_markdown_cell(
        "## Fin du devoir\n\n"
        "Vérifie que chaque cellule de réponse affiche «\u00a0Réponse enregistrée\u00a0», puis enregistre le "
        "notebook (Ctrl + S) et rends ce fichier à ton enseignant, sans le renommer.")
    end.id = "devoir-fin"
    nb.cells = [header, *cells, end]
    nb.metadata[METADATA_KEY] = {"devoir": {
        "lesson": module.LESSON, "student": student_id, "name": student_name, "token": token,
        "questions": ids, "created": created, "devoir": devoir_id,
    }}
    found = leaks(nb)
    if found:
        raise build.BuildError(f"{module.LESSON}: the devoir notebook still holds {found}")
    return nb


_LEAKS = {
    "solution markers": re.compile(r"BEGIN SOLUTION|END SOLUTION"),
    "a call for a hint or a solution": re.compile(r"\.\s*(?:hint|solution|expected_value|wrong_value)\s*\("),
    "the exercise modules": re.compile(r"kpilab\.exercises\.lecon|solutions\.json|corriges"),
    "figures' marks": re.compile(r"kpilab:fait"),
}


def leaks(nb) -> list[str]:
    """What the notebook holds that a devoir must not (see the module's docstring)."""
    text = "\n".join(cell.source for cell in nb.cells)
    return [what for what, pattern in _LEAKS.items() if pattern.search(text)]
