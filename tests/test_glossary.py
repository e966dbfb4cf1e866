"""The FR/EN glossary: gathered from the lessons' vocabulary tables, merged, in French order, up to date."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from kpilab import glossary, typography

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "notebooks" / "glossaire.md"
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def _flat(text: str) -> str:
    return SPACES.sub(" ", text).strip().casefold()


def _lesson_tables() -> dict[str, list[tuple[str, str]]]:
    """(French, English) of every vocabulary row, per lesson file, read here with a plain regex."""
    found = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        rows = []
        for table in re.findall(r"^\| *français *\| *anglais *\|.*\n\|[-| ]+\|\n((?:\|.*\|(?:\n|$))+)", text, flags=re.M | re.I):
            for line in table.strip().splitlines():
                cells_ = [c.strip() for c in line.strip().strip("|").split("|")]
                rows.append((cells_[0].replace("**", ""), cells_[1].replace("**", "")))
        if rows:
            found[path.name] = rows
    return found


def _glossary_rows() -> list[list[str]]:
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    start = lines.index("|---|---|---|---|")
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in lines[start + 1:] if line.startswith("|")]


def _without_parentheses(text: str) -> str:
    return re.sub(r"\s*\([^()]*\)", "", text).strip()


def test_glossary_is_up_to_date_with_the_lessons():
    assert GLOSSARY.read_text(encoding="utf-8") == glossary.markdown(glossary.merge(glossary.lesson_rows())), (
        "notebooks/glossaire.md is out of date: run make fiches")


def test_every_lessons_vocabulary_is_in_the_glossary_with_a_link_to_the_lesson():
    tables = _lesson_tables()
    assert len(tables) >= 9, f"vocabulary tables found in only {sorted(tables)}"
    rows = _glossary_rows()
    for lesson, pairs in tables.items():
        for french, english in pairs:
            term = _flat(_without_parentheses(re.sub(r"\(leçons? \d{2}\)", "", french)).split(",")[0])
            first_english = _flat(_without_parentheses(english.split(",")[0]))
            matches = [r for r in rows if term in _flat(r[0]) and first_english in _flat(r[1])
                       and f"]({lesson})" in r[3]]
            assert matches, f"{lesson} : « {french} » / {english} is missing from the glossary"


def test_lessons_linked_are_exactly_those_with_a_vocabulary_table():
    linked = {name for r in _glossary_rows() for name in re.findall(r"\]\(([^)]+\.ipynb)\)", r[3])}
    assert linked == set(_lesson_tables())
    for name in linked:
        assert (ROOT / "notebooks" / name).is_file()


def test_glossary_is_in_french_order_with_one_row_per_term_and_french_typography():
    terms = [r[0] for r in _glossary_rows()]
    assert terms == sorted(terms, key=glossary.sort_key)
    assert len({_flat(t) for t in terms}) == len(terms)
    assert terms.index("évolution") < terms.index("fichier de prospection")  # é sorts as e
    assert terms.index("taux d'attrition") < terms.index("taux de conversion")
    assert not typography.file_problems(GLOSSARY)


def test_duplicates_across_lessons_are_merged():
    rows = {r[0]: r for r in _glossary_rows()}
    attrition = rows["taux d'attrition"]
    assert attrition[3].count("](") == 3 and "churn rate" in attrition[1] and "attrition rate" in attrition[1]
    assert "(leçon" not in "".join(r[0] for r in rows.values())
    # the same French words for another thing (e-commerce, not leads) stay apart
    assert "taux de conversion" in rows and "taux de conversion (site web)" in rows


def _rows(*specs) -> list[glossary.Row]:
    return [glossary.Row(lesson, f"{lesson}_x.ipynb", fr, en, d) for lesson, fr, en, d in specs]


def test_merge_joins_a_shared_french_and_english_term_only():
    entries = glossary.merge(_rows(
        ("02", "affaire gagnée", "closed-won deal", "un contrat signé"),
        ("03", "affaire gagnée (signée)", "closed-won deal", "un contrat signé, autrement dit"),
        ("04", "panier moyen, valeur moyenne des transactions", "average order value (AOV), average basket", ""),
        ("07", "panier moyen", "average order value (AOV)", ""),
        ("09", "taux de conversion (site web)", "e-commerce conversion rate", ""),
        ("02", "taux de conversion", "conversion rate", "ventes ÷ leads × 100"),
    ))
    by_term = {e.french: e for e in entries}
    assert set(by_term) == {"affaire gagnée (signée)", "panier moyen, valeur moyenne des transactions",
                            "taux de conversion", "taux de conversion (site web)"}
    won = by_term["affaire gagnée (signée)"]
    assert won.definition == "un contrat signé" and [lesson for lesson, _ in won.lessons] == ["02", "03"]
    basket = by_term["panier moyen, valeur moyenne des transactions"]
    assert basket.english == "average order value (AOV), average basket"
    assert [lesson for lesson, _ in basket.lessons] == ["04", "07"]


def test_vocabulary_reads_two_and_three_column_tables(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Texte.\n\n| français | anglais |\n|---|---|\n| **lead** | lead |\n"
                                      "| taux d'attrition (leçon 06) | churn rate |\n\nSuite."),
        nbformat.v4.new_markdown_cell("| tunnel | numérateur |\n|---|---|\n| magasin | tickets |"),
        nbformat.v4.new_markdown_cell("| Français | English | ce que c'est |\n|---|---|---|\n"
                                      "| moyenne | mean | somme ÷ nombre |"),
    ])
    path = tmp_path / "05_essai.ipynb"
    nbformat.write(nb, path)
    rows = glossary.vocabulary(path)
    assert [(r.lesson, r.french, r.english, r.definition) for r in rows] == [
        ("05", "lead", "lead", ""), ("05", "taux d'attrition", "churn rate", ""),
        ("05", "moyenne", "mean", "somme ÷ nombre")]


def test_french_sort_key():
    # a prefix first (abonné before abonnement), accents and case only break ties
    words = ["zèbre", "Évolution", "effet", "écart", "d'une année", "de", "œuvre", "oeil", "Abonné", "abonnement"]
    assert sorted(words, key=glossary.sort_key) == [
        "Abonné", "abonnement", "d'une année", "de", "écart", "effet", "Évolution", "oeil", "œuvre", "zèbre"]


@pytest.mark.parametrize("term, lessons, formula", [
    ("taux de rétention", {"05"}, "clients conservés ÷ clients au début × 100 = (E − N) ÷ S × 100"),
    ("taux de conversion (site web)", {"09"}, ""),  # not the leads' formula of lesson 02
])
def test_an_entry_without_definition_takes_its_kpis_formula(term, lessons, formula):
    assert glossary._kpi_formula(term, lessons) == formula.replace("−", "\u2212")
