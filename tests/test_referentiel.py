"""The BTS MCO mapping (kpilab.referentiel): the diploma's structure and every lesson placed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpilab import referentiel
from kpilab.errors import KPIError

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_four_blocs_certified_by_e5_to_e8_with_their_former_numbers():
    # Arrêté du 15 octobre 2018 (E41, E42, E5, E6), renumbered E5–E8 in 2024.
    assert {n: (b.epreuve, b.former) for n, b in referentiel.BLOCS.items()} == {
        1: ("E5", "E41"), 2: ("E6", "E42"), 3: ("E7", "E5"), 4: ("E8", "E6")}
    assert [len(b.competences) for b in referentiel.BLOCS.values()] == [4, 5, 3, 4]


def test_competence_codes_are_unique_and_name_their_bloc():
    codes = [c.code for b in referentiel.BLOCS.values() for c in b.competences]
    assert len(codes) == len(set(codes)) == 16
    for code in codes:
        found = referentiel.competence(code)
        assert found.code == code and found.bloc == int(code[1])
        assert found.epreuve == referentiel.BLOCS[found.bloc].epreuve
        assert f"Bloc {found.bloc} — {found.title}" in found.label


@pytest.mark.parametrize("code", ["B5.1", "B1.9", "3.3", None, ""])
def test_an_unknown_competence_is_a_french_error(code):
    with pytest.raises(KPIError, match="Compétence inconnue"):
        referentiel.competence(code)


def test_every_lesson_of_the_course_is_placed():
    numbers = [path.name[:2] for path in LESSONS]
    assert numbers and set(numbers) <= set(referentiel.LESSONS)
    for path in LESSONS:
        placement = referentiel.lesson_placement(path.name)
        assert placement.lesson == path.name[:2] and placement.competences
        assert placement.epreuves == tuple(referentiel.BLOCS[b].epreuve for b in placement.blocs)


@pytest.mark.parametrize("given", ["04", 4, "04_panier_moyen", "notebooks/04_panier_moyen.ipynb"])
def test_a_lesson_can_be_named_several_ways(given):
    assert referentiel.lesson_placement(given).lesson == "04"


def test_an_unknown_lesson_is_a_french_error():
    with pytest.raises(KPIError, match="Leçon inconnue"):
        referentiel.lesson_placement("99")


def test_the_header_line_names_the_main_bloc_its_epreuve_and_the_others():
    line = referentiel.lesson_line("04")
    assert line.startswith("**Référentiel BTS MCO**\u00a0: bloc 2 «\u00a0Animer et dynamiser l'offre commerciale\u00a0»")
    assert "épreuve E6" in line and line.endswith("aussi bloc 3, épreuve E7.")
    assert "aussi" not in referentiel.lesson_line("00")


def test_the_teacher_table_has_one_row_per_lesson():
    table = referentiel.teacher_table().splitlines()
    assert len(table) == 2 + len(referentiel.LESSONS)
    assert all(row.count("|") == table[0].count("|") for row in table)
    assert table[5].startswith("| 03 |") and "E8 (E6)" in table[5]


def test_the_readme_table_is_the_one_the_mapping_gives():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = referentiel.teacher_table(referentiel.lesson_durations(ROOT / "notebooks"))
    assert referentiel.readme_with_table(readme, table) == readme, (
        "README.md's table is out of date: run .venv/bin/python -m kpilab.referentiel README.md")


def test_the_readme_writer_needs_its_markers():
    with pytest.raises(KPIError, match="repères"):
        referentiel.readme_with_table("# README\n", "| a |")
    text = f"avant\n{referentiel.README_BEGIN}\nvieux\n{referentiel.README_END}\naprès\n"
    assert referentiel.readme_with_table(text, "| neuf |") == (
        f"avant\n{referentiel.README_BEGIN}\n| neuf |\n{referentiel.README_END}\naprès\n")


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_each_lesson_header_names_its_bloc_and_epreuve(path):
    import nbformat

    header = nbformat.read(path, as_version=4).cells[0].source
    assert referentiel.lesson_line(path.name) in header.splitlines(), (
        f"{path.name}: the header's référentiel line differs from kpilab.referentiel.lesson_line")
