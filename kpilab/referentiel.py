"""The BTS MCO référentiel: its blocs de compétences, their épreuves, and where each lesson fits.

One place for the mapping between the course and the diploma. The lessons' headers, the
exercise questions (``Question(competence="B3.3")``), the teachers' table of the README and
the fiches de synthèse all read it from here.

>>> from kpilab import referentiel
>>> referentiel.competence("B3.3").title
'Analyser les performances'
>>> referentiel.BLOCS[3].epreuve, referentiel.BLOCS[3].former
('E7', 'E5')
>>> [c.code for c in referentiel.lesson_placement("04").competences]
['B2.3', 'B3.3']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kpilab.errors import KPIError

__all__ = [
    "BLOCS", "LESSONS", "SOURCES", "Bloc", "Competence", "LessonPlacement",
    "competence", "lesson_line", "lesson_placement", "teacher_table",
]

# The official texts. Checked: the 2018 arrêté (blocs 1 and 2 and their competences, in its
# tableau de synthèse) and the 2024 règlement d'examen (E5 to E7: titles, forms, durations).
# Blocs 3 and 4 follow the same tableau de synthèse; the form of E8 is left to the règlement.
SOURCES = {
    "arrete_2018": (
        "Arrêté du 15 octobre 2018 portant définition et fixant les conditions de délivrance du brevet "
        "de technicien supérieur « Management commercial opérationnel » (NOR ESRS1827364A, JORF n° 0257 "
        "du 7 novembre 2018)",
        "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000037562608",
    ),
    "reglement_2024": (
        "Règlement d'examen du BTS « Management commercial opérationnel » modifié en 2024 (épreuves "
        "professionnelles E5 à E8 ; avant : E41, E42, E5, E6), pris après le décret n° 2024-788 du "
        "8 juillet 2024",
        "https://legal.tricoteuses.fr/articles/JORFARTI000049926537",
    ),
}


@dataclass(frozen=True)
class Competence:
    """One competence of a bloc, e.g. ``B3.3`` « Analyser les performances »."""

    code: str
    title: str

    @property
    def bloc(self) -> int:
        return int(self.code[1])

    @property
    def epreuve(self) -> str:
        return BLOCS[self.bloc].epreuve

    @property
    def label(self) -> str:
        """The French line shown with a question: bloc, competence and épreuve."""
        bloc = BLOCS[self.bloc]
        return (f"Bloc {bloc.number} — {self.title} · épreuve {bloc.epreuve} "
                f"({bloc.epreuve_title.lower()})")


@dataclass(frozen=True)
class Bloc:
    """A bloc de compétences and the épreuve that certifies it (current and former numbering)."""

    number: int
    title: str
    epreuve: str
    epreuve_title: str
    former: str  # the épreuve's number before the 2024 renumbering (older material)
    form: str
    competences: tuple[Competence, ...]


def _bloc(number, title, epreuve, epreuve_title, former, form, competences) -> Bloc:
    return Bloc(number, title, epreuve, epreuve_title, former, form,
                tuple(Competence(f"B{number}.{i}", name) for i, name in enumerate(competences, 1)))


BLOCS: dict[int, Bloc] = {bloc.number: bloc for bloc in (
    _bloc(1, "Développer la relation client et assurer la vente conseil", "E5",
          "Développement de la relation client et vente conseil", "E41", "contrôle en cours de formation ou oral de 30 minutes",
          ("Assurer la veille informationnelle", "Réaliser des études commerciales", "Vendre",
           "Entretenir la relation client")),
    _bloc(2, "Animer et dynamiser l'offre commerciale", "E6",
          "Animation et dynamisation de l'offre commerciale", "E42", "contrôle en cours de formation ou oral de 30 minutes",
          ("Élaborer et adapter en continu l'offre de produits et de services", "Organiser l'espace commercial",
           "Développer les performances de l'espace commercial",
           "Concevoir et mettre en place la communication commerciale", "Évaluer l'action commerciale")),
    _bloc(3, "Assurer la gestion opérationnelle", "E7", "Gestion opérationnelle", "E5", "écrit de 3 heures",
          ("Gérer les opérations courantes", "Prévoir et budgétiser l'activité", "Analyser les performances")),
    _bloc(4, "Manager l'équipe commerciale", "E8", "Management de l'équipe commerciale", "E6", "voir le règlement d'examen",
          ("Organiser le travail de l'équipe commerciale", "Recruter des collaborateurs",
           "Animer l'équipe commerciale", "Évaluer les performances de l'équipe commerciale")),
)}

_COMPETENCES = {c.code: c for bloc in BLOCS.values() for c in bloc.competences}


def competence(code: str) -> Competence:
    """The competence of code ``"B<bloc>.<n>"``; a French error for an unknown code."""
    try:
        return _COMPETENCES[code]
    except (KeyError, TypeError):
        known = ", ".join(_COMPETENCES)
        raise KPIError(f"Compétence inconnue : {code!r}. Les codes du référentiel sont : {known}.") from None


@dataclass(frozen=True)
class LessonPlacement:
    """What a lesson prepares: its competences (the main one first) and why, in one French phrase."""

    lesson: str
    competences: tuple[Competence, ...]
    why: str

    @property
    def blocs(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(c.bloc for c in self.competences))

    @property
    def epreuves(self) -> tuple[str, ...]:
        return tuple(BLOCS[b].epreuve for b in self.blocs)


def _place(lesson: str, codes: tuple[str, ...], why: str) -> LessonPlacement:
    return LessonPlacement(lesson, tuple(competence(code) for code in codes), why)


LESSONS: dict[str, LessonPlacement] = {p.lesson: p for p in (
    _place("00", ("B3.3",), "choisir les indicateurs d'un objectif et lire un tableau de bord"),
    _place("01", ("B2.5", "B2.4"), "évaluer une campagne de prospection, canal par canal"),
    _place("02", ("B1.3", "B2.5"), "transformer des leads en ventes et juger le coût d'une conversion"),
    _place("03", ("B1.3", "B4.4"), "suivre la durée des affaires, vendeur par vendeur"),
    _place("04", ("B2.3", "B3.3"), "faire monter le panier : montée en gamme, ventes additionnelles"),
    _place("05", ("B1.4", "B3.3"), "mesurer la fidélisation de la clientèle"),
    _place("06", ("B1.4", "B3.3"), "mesurer les clients perdus et comparer à un repère"),
    _place("07", ("B1.4", "B2.5"), "accroître la valeur client face au coût de son acquisition"),
    _place("08", ("B3.3", "B4.4"), "piloter l'activité avec un tableau de bord"),
    _place("09", ("B3.3", "B2.3"), "analyser les performances d'un magasin : transformation, marge"),
    _place("10", ("B3.1", "B3.2", "B3.3"), "les calculs de l'écrit de gestion : prix, marges, stocks, seuil, prévisions"),
    _place("11", ("B4.4", "B4.1", "B4.3"), "fixer des objectifs à l'équipe et comparer les vendeurs équitablement"),
    _place("12", ("B3.3", "B1.4"), "analyser les ventes de sa propre boutique et protéger les données de ses clients"),
)}


def lesson_placement(lesson) -> LessonPlacement:
    """The placement of a lesson given as ``"04"``, ``4`` or ``"04_panier_moyen"`` (a file name works too)."""
    found = re.match(r"\d+", str(lesson).rsplit("/", 1)[-1]) if not isinstance(lesson, int) else None
    key = f"{lesson:02d}" if isinstance(lesson, int) else (f"{int(found.group()):02d}" if found else None)
    if key not in LESSONS:
        raise KPIError(f"Leçon inconnue : {lesson!r}. Les leçons placées dans le référentiel sont : "
                       f"{', '.join(LESSONS)}.")
    return LESSONS[key]


def lesson_line(lesson) -> str:
    """The header line of a lesson (markdown), e.g. for lesson 04::

        **Référentiel** : bloc 2 « Animer et dynamiser l'offre commerciale », épreuve E6
        (compétence « Développer les performances de l'espace commercial ») ; aussi bloc 3, épreuve E7.
    """
    placement = lesson_placement(lesson)
    main = placement.competences[0]
    bloc = BLOCS[main.bloc]
    line = (f"**Référentiel BTS MCO** : bloc {bloc.number} « {bloc.title} », épreuve {bloc.epreuve} "
            f"(compétence « {main.title} »)")
    others = [BLOCS[b] for b in placement.blocs[1:]]
    if others:
        line += " ; aussi " + ", ".join(f"bloc {b.number}, épreuve {b.epreuve}" for b in others)
    return line + "."


def teacher_table(durations: dict[str, str] | None = None) -> str:
    """The README's table for teachers: lesson → blocs, épreuves (former numbering), competences.

    With ``durations`` (lesson → its duration), only the lessons it names are listed.
    """
    head = "| leçon | ce qu'elle entraîne | bloc · compétences | épreuve (ancienne numérotation) |"
    if durations is not None:
        head += " durée |"
    rows = [head, "|" + "---|" * head.count(" |")]
    for placement in LESSONS.values():
        if durations is not None and placement.lesson not in durations:
            continue  # placed in advance, not written yet
        competences = " ; ".join(f"{c.code} {c.title}" for c in placement.competences)
        epreuves = ", ".join(f"{BLOCS[b].epreuve} ({BLOCS[b].former})" for b in placement.blocs)
        row = f"| {placement.lesson} | {placement.why} | {competences} | {epreuves} |"
        if durations is not None:
            row += f" {durations.get(placement.lesson, '')} |"
        rows.append(row)
    return "\n".join(rows)


# --- the README's table (python -m kpilab.referentiel README.md) --------------------------------

README_BEGIN = "<!-- referentiel: début (généré par python -m kpilab.referentiel README.md) -->"
README_END = "<!-- referentiel: fin -->"


def lesson_durations(notebooks) -> dict[str, str]:
    """The estimated duration of each lesson found in ``notebooks`` (a folder), as the headers state it."""
    from pathlib import Path

    from kpilab import durations

    return {path.name[:2]: durations.format_duration(durations.lesson_minutes(path))
            for path in sorted(Path(notebooks).glob("[0-9][0-9]_*.ipynb"))}


def readme_with_table(text: str, table: str) -> str:
    """``text`` with the block between the README's markers replaced by ``table``."""
    start, end = text.find(README_BEGIN), text.find(README_END)
    if start < 0 or end < start:
        raise KPIError(f"Les repères du tableau du référentiel manquent : {README_BEGIN} … {README_END}.")
    return text[:start + len(README_BEGIN)] + "\n" + table + "\n" + text[end:]


def main(argv: list[str] | None = None) -> int:
    import sys
    from pathlib import Path

    paths = [Path(p) for p in (sys.argv[1:] if argv is None else argv)] or [Path("README.md")]
    for path in paths:
        table = teacher_table(lesson_durations(path.resolve().parent / "notebooks"))
        text = path.read_text(encoding="utf-8")
        new = readme_with_table(text, table)
        if new != text:
            path.write_text(new, encoding="utf-8")
        print(f"{path}: {'mis à jour' if new != text else 'inchangé'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
