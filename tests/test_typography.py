"""French typography: the checker and fixer on cases written by hand, then the course itself.

N is the narrow no-break space (U+202F: before ; ! ? % €, between thousands),
B the no-break space (U+00A0: before :, inside « »). The expected texts are
typed by hand.

The last tests (``test_course_file_typography``) check every notebook and
every French string of kpilab: they list each problem with its file, cell and
snippet. ``python -m kpilab.typography FILES…`` fixes them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kpilab import typography
from kpilab.typography import code_problems, fix, fix_code, fix_notebook, output_problems, problems

N = "\u202f"
B = "\u00a0"
ROOT = Path(__file__).resolve().parents[1]


# --- prose --------------------------------------------------------------------------------

PROSE = [
    # ; ! ? take a narrow no-break space
    ("Bravo !", f"Bravo{N}!"),
    ("Bravo!", f"Bravo{N}!"),
    ("Quoi ?!", f"Quoi{N}?!"),
    ("Vraiment ? Oui.", f"Vraiment{N}? Oui."),
    ("un lead ; une vente", f"un lead{N}; une vente"),
    (f"Prêt{B}?", f"Prêt{N}?"),
    ("**Bravo**!", f"**Bravo**{N}!"),
    # % and € after a number
    ("3,2 %", f"3,2{N}%"),
    ("3,2%", f"3,2{N}%"),
    (f"3,2{B}%", f"3,2{N}%"),
    ("1 234,50 €", f"1{N}234,50{N}€"),
    ("12,5 M€ et 800 k€", f"12,5{N}M€ et 800{N}k€"),
    ("(3 %)", f"(3{N}%)"),
    # : takes a no-break space
    ("Durée : 45 minutes", f"Durée{B}: 45 minutes"),
    ("Note: bien", f"Note{B}: bien"),
    (f"Durée{N}: 45", f"Durée{B}: 45"),
    ("le ratio 3 : 1", f"le ratio 3{B}: 1"),  # a ratio's colon is a colon: the 3 stays with it
    # guillemets hold their text with no-break spaces
    ("« Bonjour »", f"«{B}Bonjour{B}»"),
    ("«Bonjour»", f"«{B}Bonjour{B}»"),
    (f"«{N}Bonjour{N}»", f"«{B}Bonjour{B}»"),
    # digit groups
    ("22 697 contacts", f"22{N}697 contacts"),
    ("1 000 000 visiteurs", f"1{N}000{N}000 visiteurs"),
    (f"12{B}000", f"12{N}000"),
    ("-1 234,5", f"-1{N}234,5"),
    ("36 ÷ 1 200 × 100 = 3 %", f"36 ÷ 1{N}200 × 100 = 3{N}%"),
    # several rules at once, and an aligned column (only the last space changes)
    ("Étape par étape :\nAvec tables     :", f"Étape par étape{B}:\nAvec tables    {B}:"),
    ("Total : 1 234 € !", f"Total{B}: 1{N}234{N}€{N}!"),
]

UNCHANGED = [
    "en 2024 100 clients de plus",  # a year, then a number: not digit groups
    "de 2024 à 2025",
    "le 15/03/2025 à 12:30",  # times and dates
    "12 h 30",
    "les taux sont en % et les prix en €",  # a symbol used as a noun
    "42 jours, 3 points, 2 ans",  # a unit word: not the checker's business
    "04 78 12 34 56",  # groups of two
    "3,5 000",
    "x != y et a ?= b",
    "https://example.com/page?a=1;b=2 et www.roue-libre.fr/x?y",
    "écris à contact@roue-libre.fr",
    "mailto:contact@roue-libre.fr",
    "C'est fini…",
    f"Déjà bon{B}: 3,2{N}% et «{B}oui{B}»{N}!",
    "",
]


@pytest.mark.parametrize(("text", "expected"), PROSE)
def test_fix_prose(text, expected):
    assert fix(text) == expected
    assert problems(text), text
    assert problems(expected) == []
    assert fix(expected) == expected  # idempotent


@pytest.mark.parametrize("text", UNCHANGED)
def test_prose_left_alone(text):
    assert problems(text) == []
    assert fix(text) == text


def test_a_problem_says_what_and_where():
    text = "Première ligne.\nTaux : 3 %"
    first, second = problems(text)
    assert (first.line, first.column, first.start, first.end, first.replacement) == (2, 5, 20, 21, B)
    assert "':'" in first.what and "U+00A0" in first.what
    assert (second.line, second.column, second.replacement) == (2, 9, N)
    assert "'%'" in second.what and "U+202F" in second.what
    assert "Taux⟦' '→'\\xa0'⟧: 3 %" in first.snippet
    assert str(first).startswith("line 2, column 5: ")
    missing = problems("Bravo!")[0]
    assert (missing.start, missing.end, missing.replacement) == (5, 5, N)  # an insertion


# --- markdown -------------------------------------------------------------------------------

MARKDOWN = [
    ("`a % b` et `x : y` ; fin", f"`a % b` et `x : y`{N}; fin"),
    ("```python\nprint('a : b')\n```\nTexte : ok", f"```python\nprint('a : b')\n```\nTexte{B}: ok"),
    ("~~~\nx ; y\n~~~\n", "~~~\nx ; y\n~~~\n"),
    ("$$\\frac{a}{b} : c$$ et $a ; b$ : fin", f"$$\\frac{{a}}{{b}} : c$$ et $a ; b${B}: fin"),
    ("\\begin{align} x : y \\end{align}", "\\begin{align} x : y \\end{align}"),
    ('[le lien : ici](page.ipynb#a:b "Titre : oui ?") !', f'[le lien{B}: ici](page.ipynb#a:b "Titre : oui ?"){N}!'),
    ("![un graphique](figure.png)", "![un graphique](figure.png)"),
    ("<https://x.fr/?q=Bravo!>", "<https://x.fr/?q=Bravo!>"),
    ("[1]: https://x.fr/a : b", "[1]: https://x.fr/a : b"),
    ('<span style="padding:2px 12px ; color:red">Taux : 3 %</span>',
     f'<span style="padding:2px 12px ; color:red">Taux{B}: 3{N}%</span>'),
    ("<!-- note : à revoir ! -->", "<!-- note : à revoir ! -->"),
    ("<style>td { color : red ; }</style>", "<style>td { color : red ; }</style>"),
    ("| Taux | Prix |\n|:---|---:|\n| :--- | ---: |", "| Taux | Prix |\n|:---|---:|\n| :--- | ---: |"),
    ("3,2&nbsp;% et Durée&nbsp;: 3", "3,2&nbsp;% et Durée&nbsp;: 3"),
    ("**Durée** : 45 minutes", f"**Durée**{B}: 45 minutes"),
    # a lone ` or $ does not hide the paragraphs after it
    ("Un ` seul.\n\nTaux : 3 % et `a : b`", f"Un ` seul.\n\nTaux{B}: 3{N}% et `a : b`"),
    ("Prix 5 $ ici.\n\nTaux : 3 % et $x : y$", f"Prix 5 $ ici.\n\nTaux{B}: 3{N}% et $x : y$"),
]


@pytest.mark.parametrize(("text", "expected"), MARKDOWN)
def test_markdown_skips_code_latex_urls_and_html(text, expected):
    assert fix(text, markdown=True) == expected
    assert problems(expected, markdown=True) == []


# --- Python code: string literals only -----------------------------------------------------------

CODE = [
    ('x = a % b\ny = x != 3\nprint(f"{x:.1f} %")\n', f'x = a % b\ny = x != 3\nprint(f"{{x:.1f}}{N}%")\n'),
    ('print(f"{taux:.1f}%")', f'print(f"{{taux:.1f}}{N}%")'),
    ('print("Total :", n)', f'print("Total{B}:", n)'),
    ("print(f'{d[\"a\"]:>5} : {x!r}')", f"print(f'{{d[\"a\"]:>5}}{B}: {{x!r}}')"),
    ('MESSAGE = "Le {kpi.cap} vaut {value} % ; vérifie."',
     f'MESSAGE = "Le {{kpi.cap}} vaut {{value}}{N}%{N}; vérifie."'),
    ('HTML = """<p style="margin:0 ; padding:2px">Taux : 3 %</p>"""',
     f'HTML = """<p style="margin:0 ; padding:2px">Taux{B}: 3{N}%</p>"""'),
    ('x = ("Prêt" \n     " ?")', 'x = ("Prêt" \n     " ?")'),  # a space at the start of a piece: left alone
]

CODE_UNCHANGED = [
    'def f():\n    """Un texte : un docstring, en anglais ou pas ; jamais touché !"""\n    return 1\n',
    '"""Module : docstring."""\nx = 1\n',
    'style = "color:red; width:2px"\n',
    'jour = "%d/%m/%Y"\n',
    'motif = r"(\\d+) ?"\n',
    'data = b"a : b ; c"\n',
    '# Un commentaire : oui ; non !\nx = 1  # et là : aussi\n',
    'largeur = "100%"\n',  # CSS
    'x = {"taux": 3}\nif a % 2 and b != c:\n    pass\n',
    f'ok = "Taux{B}: 3{N}% et «{B}oui{B}»"\n',
    'ok = "Taux\\u00a0: 3\\u202f% et «\\xa0oui\\N{NO-BREAK SPACE}»"\n',  # escapes are understood
    'cassé = (\n',  # code that does not tokenize: nothing reported
]


@pytest.mark.parametrize(("source", "expected"), CODE)
def test_code_fixes_string_literals_only(source, expected):
    assert fix_code(source) == expected
    assert code_problems(expected) == []


@pytest.mark.parametrize("source", CODE_UNCHANGED)
def test_code_left_alone(source):
    assert code_problems(source) == []
    assert fix_code(source) == source


def test_an_escape_is_replaced_by_an_escape():
    assert fix_code('m = "Durée\\u202f: 3 jours"') == 'm = "Durée\\u00a0: 3 jours"'


def test_notebook_code_with_magics():
    source = '%matplotlib inline\n!ls\nkpilab?\nprint("Bravo !")\n'
    assert fix_code(source, notebook=True) == f'%matplotlib inline\n!ls\nkpilab?\nprint("Bravo{N}!")\n'
    assert code_problems("%%html\n<p>Taux : 3 %</p>", notebook=True) == []  # a cell magic: not Python
    # a bare string at the end of a cell is shown to the student: checked; a function's docstring is not
    cell = 'def f():\n    """Aide : rien."""\n\n"Résultat : 3 %"\n'
    assert fix_code(cell, notebook=True) == f'def f():\n    """Aide : rien."""\n\n"Résultat{B}: 3{N}%"\n'
    assert fix_code(cell) == cell  # in a .py file, a bare string is a docstring


def test_is_prose():
    assert typography.is_prose("Taux de réponse")
    assert typography.is_prose("Le total vaut")
    assert typography.is_prose("Total : ")
    assert typography.is_prose(f"{typography._FIELD} €")
    assert not typography.is_prose("color:red; width:2px")
    assert not typography.is_prose("%d/%m/%Y")
    assert not typography.is_prose("100%")
    assert not typography.is_prose("(\\d+) ?", raw=True)


# --- notebook outputs and notebooks ---------------------------------------------------------------

def test_outputs_are_checked():
    stream = {"output_type": "stream", "name": "stdout", "text": ["Taux : 3,2 %\n"]}
    assert [p.replacement for p in output_problems(stream)] == [B, N]
    html = {"output_type": "display_data", "data": {
        "text/html": '<style>td { color : red; }</style><td style="padding:2px 12px">3,2 %</td>',
        "text/plain": "ignored when HTML is there : yes"}}
    assert [p.replacement for p in output_problems(html)] == [N]
    escaped = {"output_type": "execute_result", "data": {"text/plain": "'3,2\\u202f%'"}}
    assert ["escape" in p.what for p in output_problems(escaped)] == [True]
    footer = {"output_type": "execute_result", "data": {"text/plain": "0    12\nName: count, dtype: int64"}}
    assert output_problems(footer) == []
    error = {"output_type": "error", "ename": "KPIError", "evalue": "Taux : 3 %", "traceback": []}
    assert output_problems(error) == []
    entity = {"output_type": "display_data", "data": {"text/html": "<b>3,2&nbsp;%</b>"}}
    assert [p.replacement for p in output_problems(entity)] == [N]  # U+00A0 where U+202F is the rule
    code = {"output_type": "display_data", "data": {"text/html": '<td><code>=SI(A1;"oui";"non")</code> : 3 %</td>'}}
    assert [p.replacement for p in output_problems(code)] == [B, N]  # a formula is code, the rest prose


def _notebook():
    return {
        "cells": [
            {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["# Titre\n", "Durée : 45 min"]},
            {"cell_type": "code", "id": "b", "metadata": {}, "execution_count": 1,
             "source": 'print("Taux :", 3)  # note : x',
             "outputs": [{"output_type": "stream", "name": "stdout", "text": ["Taux : 3\n"]}]},
            {"cell_type": "raw", "id": "c", "metadata": {}, "source": "brut : oui"},
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }


def test_notebook_problems_and_fix():
    notebook = _notebook()
    places = typography.notebook_problems(notebook, "nb.ipynb")
    assert [(p.cell, p.part) for p in places] == [(0, "markdown"), (1, "code"), (1, "output 0")]
    assert str(places[0]).startswith("nb.ipynb: cell 0 (markdown), line 2, column 6: ")
    assert fix_notebook(notebook) == 2
    assert notebook["cells"][0]["source"] == ["# Titre\n", f"Durée{B}: 45 min"]  # still a list of lines
    assert notebook["cells"][1]["source"] == f'print("Taux{B}:", 3)  # note : x'
    assert notebook["cells"][1]["outputs"][0]["text"] == ["Taux : 3\n"]  # outputs come from running the code
    assert notebook["cells"][2]["source"] == "brut : oui"
    assert [p.part for p in typography.notebook_problems(notebook)] == ["output 0"]


def test_command_line(tmp_path, capsys):
    notebook = tmp_path / "lecon.ipynb"
    notebook.write_text(typography._dump_notebook(_notebook()), encoding="utf-8")
    module = tmp_path / "messages.py"
    module.write_text('"""Docstring : untouched."""\nTEXTE = "Bravo !"\nCODE = a % b\n', encoding="utf-8")
    before = notebook.read_text(encoding="utf-8"), module.read_text(encoding="utf-8")

    assert typography.main(["--check", str(notebook), str(module)]) == 1
    out = capsys.readouterr().out
    assert f"{notebook}: 3 problems" in out and f"{module}: 1 problem" in out
    assert f"{module}: python, line 2, column 15: " in out
    after = notebook.read_text(encoding="utf-8"), module.read_text(encoding="utf-8")
    assert after == before  # --check writes nothing

    assert typography.main([str(module)]) == 0
    assert module.read_text(encoding="utf-8") == f'"""Docstring : untouched."""\nTEXTE = "Bravo{N}!"\nCODE = a % b\n'
    assert typography.main([str(notebook)]) == 1  # fixed, but the saved output still needs a new run
    assert "lecon.ipynb: 2 fixed" in capsys.readouterr().out
    saved = json.loads(notebook.read_text(encoding="utf-8"))
    assert saved["cells"][0]["source"] == ["# Titre\n", f"Durée{B}: 45 min"]
    assert notebook.read_text(encoding="utf-8").endswith("}\n") and f"Durée{B}" in notebook.read_text(encoding="utf-8")


# --- the course -------------------------------------------------------------------------------------

NOTEBOOKS = sorted(
    [*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("exercises/*.ipynb"),
     *ROOT.glob("exercises/corriges/*.ipynb"), *ROOT.glob("apps/*.ipynb")]
)
MODULES = sorted((ROOT / "kpilab").rglob("*.py"))
# French guides beside the course: the class server's (deploy/README.md) is read by teachers.
GUIDES = [ROOT / "deploy" / "README.md"]
COURSE_FILES = NOTEBOOKS + MODULES + GUIDES


def test_the_fixer_writes_notebooks_as_nbformat_does():
    """Fixing a notebook changes only what it fixes: the rest of the file is written back byte for byte."""
    for path in NOTEBOOKS:
        text = path.read_text(encoding="utf-8")
        assert typography._dump_notebook(json.loads(text)) == text, path


@pytest.mark.parametrize("path", COURSE_FILES, ids=[str(p.relative_to(ROOT)) for p in COURSE_FILES])
def test_course_file_typography(path):
    places = typography.file_problems(path)
    relative = path.relative_to(ROOT)
    listing = "\n".join(str(place).replace(str(path), str(relative), 1) for place in places)
    assert not places, (
        f"{len(places)} typography problem(s) in {relative} "
        f"(fix with: python -m kpilab.typography {relative}):\n{listing}"
    )


def test_the_readmes_french_part_follows_french_typography():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    french = readme[:readme.index("## English: for developers")]
    found = typography.problems(french, markdown=True)
    assert not found, f"{len(found)} problems: run the fixer on README.md's French part"
