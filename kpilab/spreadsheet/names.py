"""The spreadsheet functions the course uses: the French name a student types, the name in the file.

French Excel and LibreOffice Calc show and accept the French names
(``SOMME``, ``NB.SI.ENS``); an ``.xlsx`` file stores the English ones
(``SUM``, ``COUNTIFS``), and the functions newer than Excel 2007 with the
``_xlfn.`` prefix (``_xlfn.XLOOKUP``). Sources: Microsoft's list of Excel
functions in French and English, LibreOffice Calc's French function wizard.

>>> ENGLISH["NB.SI.ENS"], FRENCH["SUMIFS"]
('COUNTIFS', 'SOMME.SI.ENS')
"""

from __future__ import annotations

__all__ = ["ENGLISH", "FRENCH", "NEWER", "stored_name"]

# French name → English name.
ENGLISH = {
    "SOMME": "SUM", "MOYENNE": "AVERAGE", "MEDIANE": "MEDIAN", "MIN": "MIN", "MAX": "MAX",
    "NB": "COUNT", "NBVAL": "COUNTA", "NB.VIDE": "COUNTBLANK",
    "NB.SI": "COUNTIF", "NB.SI.ENS": "COUNTIFS", "SOMME.SI": "SUMIF", "SOMME.SI.ENS": "SUMIFS",
    "MOYENNE.SI": "AVERAGEIF", "MOYENNE.SI.ENS": "AVERAGEIFS",
    "MAX.SI.ENS": "MAXIFS", "MIN.SI.ENS": "MINIFS",
    "SI": "IF", "ET": "AND", "OU": "OR", "NON": "NOT", "SIERREUR": "IFERROR",
    "ARRONDI": "ROUND", "ARRONDI.SUP": "ROUNDUP", "ARRONDI.INF": "ROUNDDOWN", "ENT": "INT",
    "ABS": "ABS", "PUISSANCE": "POWER", "RACINE": "SQRT",
    "SOMMEPROD": "SUMPRODUCT", "GRANDE.VALEUR": "LARGE", "PETITE.VALEUR": "SMALL",
    "RECHERCHEV": "VLOOKUP", "RECHERCHEX": "XLOOKUP", "INDEX": "INDEX", "EQUIV": "MATCH",
    "ANNEE": "YEAR", "MOIS": "MONTH", "JOUR": "DAY", "DATE": "DATE", "JOURS": "DAYS",
    "FIN.MOIS": "EOMONTH", "VRAI": "TRUE", "FAUX": "FALSE",
}
FRENCH = {english: french for french, english in ENGLISH.items()}
# Stored as _xlfn.NAME in an .xlsx file (functions newer than Excel 2007).
NEWER = frozenset({"XLOOKUP", "MAXIFS", "MINIFS", "DAYS"})


def stored_name(french: str) -> str:
    """The name an .xlsx file stores for a French function name.

    >>> stored_name("SOMME"), stored_name("RECHERCHEX")
    ('SUM', '_xlfn.XLOOKUP')
    """
    english = ENGLISH[french]
    return f"_xlfn.{english}" if english in NEWER else english
