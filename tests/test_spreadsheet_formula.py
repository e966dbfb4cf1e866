"""Reading, writing back and copying French spreadsheet formulas (kpilab.spreadsheet.formula)."""

from __future__ import annotations

import pytest

from kpilab.spreadsheet import formula as f
from kpilab.spreadsheet.names import ENGLISH, FRENCH, NEWER, stored_name


@pytest.mark.parametrize("typed, french, english", [
    ("=SOMME(C2:C25)/SOMME(B2:B25)", "=SOMME(C2:C25)/SOMME(B2:B25)", "=SUM(C2:C25)/SUM(B2:B25)"),
    ("=somme(c2:c25)/somme(b2:b25)*100", "=SOMME(C2:C25)/SOMME(B2:B25)*100", "=SUM(C2:C25)/SUM(B2:B25)*100"),
    ("  = SOMME( C2:C25 ) / SOMME( B2:B25 ) ", "=SOMME(C2:C25)/SOMME(B2:B25)", "=SUM(C2:C25)/SUM(B2:B25)"),
    ('=NB.SI.ENS(Campagnes!$C$2:$C$25;"emailing";Campagnes!F2:F25;">0")',
     '=NB.SI.ENS(Campagnes!$C$2:$C$25;"emailing";Campagnes!F2:F25;">0")',
     '=COUNTIFS(Campagnes!$C$2:$C$25,"emailing",Campagnes!F2:F25,">0")'),
    ("=ARRONDI(A1*1,5;2)", "=ARRONDI(A1*1,5;2)", "=ROUND(A1*1.5,2)"),
    ("='Données 2025'!B3", "='Données 2025'!B3", "='Données 2025'!B3"),
    ('=SI(A1>=10%;"oui";"non")', '=SI(A1>=10%;"oui";"non")', '=IF(A1>=10%,"oui","non")'),
    ('=RECHERCHEX("C09";A2:A25;F2:F25)', '=RECHERCHEX("C09";A2:A25;F2:F25)', '=_xlfn.XLOOKUP("C09",A2:A25,F2:F25)'),
    ("=A1-(B1-C1)", "=A1-(B1-C1)", "=A1-(B1-C1)"),
    ("=(A1+B1)*C1", "=(A1+B1)*C1", "=(A1+B1)*C1"),
    ("=A1/(B1*C1)", "=A1/(B1*C1)", "=A1/(B1*C1)"),
    ("=SOMME(C:C)", "=SOMME(C:C)", "=SUM(C:C)"),
    ('="Taux : "&A1', '="Taux : "&A1', '="Taux : "&A1'),
    ('="il a dit ""oui"""', '="il a dit ""oui"""', '="il a dit ""oui"""'),
    ("=SI(VRAI;1;0)", "=SI(VRAI;1;0)", "=IF(TRUE,1,0)"),
])
def test_a_formula_is_read_and_written_back_in_french_and_as_the_file_stores_it(typed, french, english):
    tree = f.parse(typed)
    assert f.french(tree) == french
    assert f.english(tree) == english
    assert f.parse(french) == tree  # reading what was written gives the same tree


def test_the_tree_says_what_each_part_is():
    tree = f.parse("=Campagnes!$I$2:I25/B$3")
    assert tree == f.Binary("/", f.Range(f.Ref(9, 2, True, True, "Campagnes"), f.Ref(9, 25, False, False, "Campagnes")),
                            f.Ref(2, 3, False, True, None))
    assert f.parse("=2+3*4^2") == f.Binary("+", f.Number(2), f.Binary("*", f.Number(3),
                                                                          f.Binary("^", f.Number(4), f.Number(2))))


@pytest.mark.parametrize("typed, words", [
    ("=SUM(A1:A3)", "SUM est le nom anglais de la fonction : dans un tableur en français, tape SOMME"),
    ("=COUNTIFS(A1:A3;1)", "tape NB.SI.ENS"),
    ("=SOMME(A1:A3,B1:B3)", "point-virgule"),
    ("=SOMME(A1:A3", "n'est pas refermée"),
    ("=SOMME(A1:A3))", "de trop"),
    ("=A1*1.5", "1,5"),
    ("=A1+", "trop tôt"),
    ("=SOMMME(A1:A3)", "#NOM?"),
    ('="abc', "pas refermé"),
    ("=A1 B1", "continue après sa fin"),
    ("=A1 # B1", "« # »"),
    ("", "vide"),
    ("=taux", "ni une cellule"),
])
def test_a_formula_that_cannot_be_read_gets_a_french_message_saying_what_to_fix(typed, words):
    with pytest.raises(f.FormulaError) as raised:
        f.parse(typed)
    assert words in str(raised.value).replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("typed, rows, cols, copied", [
    ("=C2/$C$26", 3, 0, "=C5/$C$26"),
    ("=C2/C$26", 1, 1, "=D3/D$26"),
    ("=C2/$C26", 1, 1, "=D3/$C27"),
    ("=SOMME.SI.ENS($I$2:$I$25;$C$2:$C$25;B14)", 4, 0, "=SOMME.SI.ENS($I$2:$I$25;$C$2:$C$25;B18)"),
    ("=SOMME(I2:I25)", 1, 0, "=SOMME(I3:I26)"),
    ("=SOMME(I:I)", 5, 0, "=SOMME(I:I)"),
])
def test_copying_a_formula_moves_only_its_relative_references(typed, rows, cols, copied):
    assert f.french(f.shift(f.parse(typed), rows=rows, cols=cols)) == copied


def test_references_and_calls_list_what_a_formula_reads_and_calls():
    tree = f.parse('=SOMME.SI(A2:A9;"x";B2:B9)/MAX(C1;2)')
    assert [f.french(r)[1:] for r in f.references(tree)] == ["A2:A9", "B2:B9", "C1"]
    assert f.calls(tree) == ["SOMME.SI", "MAX"]


def test_column_letters_and_numbers_go_both_ways():
    assert [f.column_letters(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
    assert all(f.column_index(f.column_letters(n)) == n for n in range(1, 2000))


def test_the_names_are_the_ones_french_excel_shows():
    # Microsoft's list of Excel functions in French and English.
    for french, english in [("SOMME", "SUM"), ("MOYENNE", "AVERAGE"), ("MEDIANE", "MEDIAN"), ("NB.SI", "COUNTIF"),
                            ("NB.SI.ENS", "COUNTIFS"), ("SOMME.SI.ENS", "SUMIFS"), ("RECHERCHEV", "VLOOKUP"),
                            ("RECHERCHEX", "XLOOKUP"), ("SI", "IF"), ("ARRONDI", "ROUND"), ("EQUIV", "MATCH"),
                            ("SIERREUR", "IFERROR"), ("SOMMEPROD", "SUMPRODUCT"), ("FIN.MOIS", "EOMONTH"),
                            ("NBVAL", "COUNTA"), ("ANNEE", "YEAR")]:
        assert ENGLISH[french] == english and FRENCH[english] == french
    assert stored_name("RECHERCHEX") == "_xlfn.XLOOKUP" and "SUM" not in NEWER
