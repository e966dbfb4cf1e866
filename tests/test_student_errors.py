"""A student's mistakes in a notebook read as one short French message.

The messages are checked on their own, then in a real kernel (nbclient): the
error output holds the French advice and the student's own line, no path into
kpilab and no Python traceback; ``%tb`` still gives the full traceback.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from kpilab import KPIError
from kpilab.student_errors import message_for

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _text(lines) -> str:
    return ANSI.sub("", "\n".join(lines))


def test_a_kpi_error_shows_its_french_message_and_the_students_line():
    text = _text(message_for(KPIError("Division par zéro : `leads` vaut 0."), (4, 2, "kpilab.conversion_rate(3, 0)")))
    assert text.startswith("Erreur dans ton calcul\nDivision par zéro : `leads` vaut 0.")
    assert "Cellule [4], ligne 2\u00a0: kpilab.conversion_rate(3, 0)" in text
    assert "%tb" in text


@pytest.mark.parametrize("name", ["q1", "q12", "datasets", "prospects", "kpilab"])
def test_a_setup_name_sends_the_student_to_the_setup_cell(name):
    text = _text(message_for(NameError(f"name '{name}' is not defined", name=name), (1, 1, f"{name}.check()")))
    assert "cellule de préparation, tout en haut" in text
    assert f"`{name}`" in text


def test_a_letter_without_quotes_gets_the_line_with_quotes():
    text = _text(message_for(NameError("name 'b' is not defined", name="b"), (7, 1, "reponse_q5 = b  # ta lettre")))
    assert 'reponse_q5 = "b"  # ta lettre' in text
    assert "entre guillemets" in text


def test_another_unknown_name_gets_general_advice():
    text = _text(message_for(NameError("name 'taux_final' is not defined", name="taux_final"), (3, 1, "taux_final * 2")))
    assert "Python ne connaît pas `taux_final`" in text
    assert "orthographe" in text and "guillemets" not in text


def _run(cells: list[str]):
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name="python3", timeout=60, allow_errors=True).execute()
    return nb


def _error(cell):
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert len(errors) == 1, cell.outputs
    return errors[0], ANSI.sub("", "\n".join(errors[0].traceback))


def test_in_a_kernel_errors_are_french_and_the_cell_still_fails():
    nb = _run([
        "%load_ext kpilab.extension",
        "q1.check()",
        "import kpilab\ncontacts = 0\nkpilab.response_rate(3, contacts)",
        "reponse_q5 = b",
        "import pandas as pd\ndef f():\n    return pd.undefined_name_in_a_library\nf()",
        "%tb",
    ])
    _, before_setup = _error(nb.cells[1])
    assert "cellule de préparation" in before_setup and "Cellule [2], ligne 1\u00a0: q1.check()" in before_setup

    error, kpi = _error(nb.cells[2])
    assert error.ename == "KPIError"
    assert "Erreur dans ton calcul" in kpi and "ligne 3\u00a0: kpilab.response_rate(3, contacts)" in kpi
    assert "kpilab/" not in kpi and "Traceback" not in kpi and ".py" not in kpi
    assert len(kpi.splitlines()) <= 8

    _, letter = _error(nb.cells[3])
    assert 'reponse_q5 = "b"' in letter

    # An AttributeError is no course mistake: the usual traceback.
    error, library = _error(nb.cells[4])
    assert error.ename == "AttributeError" and "Traceback" in library

    # %tb prints the full traceback of the last error explained in French... here the AttributeError's.
    _, full = _error(nb.cells[5])
    assert "AttributeError" in full


def test_tb_gives_the_full_traceback_of_a_kpi_error():
    nb = _run(["%load_ext kpilab.extension", "import kpilab\nkpilab.conversion_rate(3, 0)", "%tb"])
    _, full = _error(nb.cells[2])
    assert "Traceback" in full and "kpilab/formulas/" in full.replace("\\", "/") and "KPIError" in full


@pytest.mark.parametrize("line, fixed", [
    ("taux = 3,05", "taux = 3.05"),
    ("taux = 12,5 %", "taux = 12.5"),
    ("montant = 1 234,50 €", "montant = 1234.50"),
    ("montant = 1\u202f234,50\u202f€", "montant = 1234.50"),
    ("x = 12 000", "x = 12000"),
    ("taux = 12.5 %  # mon calcul", "taux = 12.5  # mon calcul"),
])
def test_numbers_typed_as_in_a_spreadsheet_get_their_python_spelling(line, fixed):
    from kpilab.student_errors import number_fix

    assert number_fix(line) == fixed


@pytest.mark.parametrize("line", ["a = b +", "x = (", "print('bonjour'", "taux = 12.5"])
def test_other_syntax_errors_are_not_taken_for_numbers(line):
    from kpilab.student_errors import number_fix

    assert number_fix(line) is None


def test_in_a_kernel_a_spreadsheet_number_is_explained_and_other_syntax_errors_are_not():
    nb = _run(["%load_ext kpilab.extension", "taux = 3,05", "taux = 12,5 %", "x = (1 +"])
    error, comma = _error(nb.cells[1])
    assert error.ename == "SyntaxError"
    assert "Nombre mal écrit pour Python" in comma and "Écris plutôt\u00a0: taux = 3.05" in comma
    assert "leading zeros" not in comma
    _, percent = _error(nb.cells[2])
    assert "Écris plutôt\u00a0: taux = 12.5" in percent
    _, other = _error(nb.cells[3])
    assert "Nombre mal écrit" not in other and "SyntaxError" in other


def test_a_kpilab_warning_prints_as_one_french_line_without_a_path():
    import warnings

    from kpilab import extension
    from kpilab.errors import KPIWarning

    shown = extension.format_warning(KPIWarning("2 avoirs laissés de côté."), KPIWarning, "/tmp/ipykernel_1/x.py", 3, "x")
    assert shown == "Attention\u00a0: 2 avoirs laissés de côté.\n"
    other = extension.format_warning(UserWarning("autre"), UserWarning, "/tmp/x.py", 3, "")
    assert other == warnings.formatwarning(UserWarning("autre"), UserWarning, "/tmp/x.py", 3, "")  # left as Python prints it
