"""The workbooks of the lessons, one module per lesson: ``lecon01.BOOK`` … (see :mod:`kpilab.spreadsheet.book`)."""
