"""pandas tables as a French reader expects them, in a notebook.

:func:`install` registers :func:`frame_html`, :func:`frame_text` and
:func:`series_text` as IPython's display formatters for DataFrames and
Series, so that every table a lesson shows reads ``23,43`` and
``1 099`` (narrow no-break space between thousands), dates ``15/03/2025`` and
months ``mars 2025``. Only the display changes: the numbers in the table, and
what a student computes from them, stay as they are.

Only the rows shown are formatted (the first and last ones of a long table, as
pandas does), so a table of a million rows displays at once.

>>> import pandas as pd
>>> print(frame_text(pd.DataFrame({"canal": ["web", "magasin"], "ca": [1099.0, 23.4295]})))
     canal        ca
0      web  1 099,00
1  magasin     23,43
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpilab.formatting import format_period

__all__ = ["frame_html", "frame_text", "install", "series_text", "shown", "uninstall"]

THIN = "\u202f"  # narrow no-break space: thousands separator
ELLIPSIS = "…"
_YEAR_WORDS = ("annee", "année", "year", "cohorte")
_CODE_WORDS = ("id", "code", "numero", "cp")
_MONEY_WORDS = ("montant", "prix", "ca", "cout", "coût", "marge", "panier", "valeur", "euros")


def _decimals(values: np.ndarray) -> int:
    """Decimals for a float column: as few as show it exactly to 2 places (4 for values below 1)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0
    most = 4 if np.abs(finite).max() < 1 else 2
    rounded = np.round(finite, most)
    for digits in range(most + 1):
        if np.allclose(np.round(rounded, digits), rounded, rtol=0, atol=10 ** -(most + 2)):
            return digits
    return most


def _number(value: float, digits: int, group: bool = True) -> str:
    text = f"{value:,.{digits}f}" if group else f"{value:.{digits}f}"
    text = text.replace(",", THIN).replace(".", ",")
    return "0" + text[2:] if text.startswith("-0") and not any(c in "123456789" for c in text) else text


def _is_money(name) -> bool:
    """A column of amounts in euros: cents always shown when there are any (21 724,60)."""
    words = str(name).lower().replace("-", "_").split("_")
    return any(w in _MONEY_WORDS for w in words)


def _is_code(name) -> bool:
    """A column that holds years or identifiers: digits never grouped (2024, not 2 024)."""
    words = str(name).lower().replace("-", "_").split("_")
    return any(w in _YEAR_WORDS or w in _CODE_WORDS for w in words)


def _column(values: pd.Series | pd.Index, name=None) -> list[str]:
    """One column (or index level) as French text."""
    values = pd.Series(values)
    missing = values.isna().to_numpy()
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_object_dtype(dtype) and not missing.all() \
            and not all(isinstance(v, (int, float, np.number, pd.Period, pd.Timestamp)) or v is None
                        for v in values[~missing]):
        return ["<NA>" if m else str(v) for v, m in zip(values, missing)]
    if isinstance(dtype, pd.PeriodDtype):
        return ["NaT" if m else str(format_period(v)) for v, m in zip(values, missing)]
    if pd.api.types.is_datetime64_any_dtype(dtype):
        stamps = pd.to_datetime(values)
        with_time = bool(((stamps - stamps.dt.normalize()).dropna() != pd.Timedelta(0)).any())
        pattern = "%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y"
        return ["NaT" if m else v.strftime(pattern) for v, m in zip(stamps, missing)]
    if pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_float_dtype(dtype) or pd.api.types.is_object_dtype(dtype):
        try:
            numbers = values.astype("float64").to_numpy()
        except (TypeError, ValueError):
            return ["<NA>" if m else str(v) for v, m in zip(values, missing)]
        whole = pd.api.types.is_integer_dtype(dtype) or bool(np.all(np.mod(numbers[~missing], 1) == 0)) \
            and not pd.api.types.is_float_dtype(dtype)
        digits = 0 if whole else _decimals(numbers)
        digits = 2 if digits and _is_money(name) else digits
        finite = numbers[np.isfinite(numbers)]
        years = whole and finite.size > 0 and bool(np.all((finite >= 1900) & (finite <= 2100)))
        group = not (_is_code(name) or years)
        na = "<NA>" if pd.api.types.is_extension_array_dtype(dtype) else "NaN"
        return [na if m else _number(v, digits, group) for v, m in zip(numbers, missing)]
    return ["NaN" if m else str(v) for v, m in zip(values, missing)]


def _index(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        levels = [_column(index.get_level_values(i), name) for i, name in enumerate(index.names)]
        return pd.MultiIndex.from_arrays(levels, names=index.names)
    if isinstance(index, pd.RangeIndex):
        return index
    return pd.Index(_column(index, index.name), name=index.name, dtype=object)


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows and columns pandas would show, as French text (same labels)."""
    max_rows = pd.get_option("display.max_rows") or len(frame)
    min_rows = pd.get_option("display.min_rows") or max_rows
    rows = frame
    if len(frame) > max_rows:
        half = max(min(min_rows, max_rows) // 2, 1)
        rows = pd.concat([frame.iloc[:half], frame.iloc[-half:]])
    columns = pd.get_option("display.max_columns") or rows.shape[1]
    if rows.shape[1] > columns:
        half = max(columns // 2, 1)
        rows = pd.concat([rows.iloc[:, :half], rows.iloc[:, -half:]], axis=1)
    index = rows.index if isinstance(frame.index, pd.RangeIndex) else _index(rows.index)  # row numbers as they are
    text = pd.DataFrame({i: _column(rows.iloc[:, i], name) for i, name in enumerate(rows.columns)},
                        index=index)
    text.columns = rows.columns
    if len(rows) < len(frame):  # the gap, as pandas marks it
        half = len(rows) // 2
        gap = pd.DataFrame([[ELLIPSIS] * text.shape[1]], columns=text.columns,
                           index=pd.Index([ELLIPSIS] * 1) if text.index.nlevels == 1 else
                           pd.MultiIndex.from_tuples([(ELLIPSIS,) * text.index.nlevels]))
        text = pd.concat([text.iloc[:half], gap, text.iloc[half:]])
    if rows.shape[1] < frame.shape[1]:
        half = rows.shape[1] // 2
        text.insert(half, ELLIPSIS, ELLIPSIS, allow_duplicates=True)
    return text


def _dimensions(frame: pd.DataFrame) -> str:
    rows, columns = frame.shape
    if rows <= (pd.get_option("display.max_rows") or rows) and columns <= (pd.get_option("display.max_columns") or columns):
        return ""
    return (f"{_number(rows, 0)} ligne{'s' if rows > 1 else ''} × "
            f"{_number(columns, 0)} colonne{'s' if columns > 1 else ''}")


def _unlimited():
    return pd.option_context("display.max_rows", None, "display.max_columns", None,
                             "display.show_dimensions", False, "display.width", 10_000)


def frame_html(frame: pd.DataFrame) -> str:
    """The HTML of a DataFrame in a notebook, numbers in French."""
    text = shown(frame)
    with _unlimited():
        html = text._repr_html_() or ""
    size = _dimensions(frame)
    return html.replace("</div>", f"<p>{size}</p></div>", 1) if size else html


def frame_text(frame: pd.DataFrame, *_args) -> str:
    """The plain text of a DataFrame, numbers in French (also IPython's pretty printer)."""
    view = shown(frame)
    with _unlimited():
        text = view.to_string()
    size = _dimensions(frame)
    return f"{text}\n\n[{size}]" if size else text


def series_text(series: pd.Series, *_args) -> str:
    """The plain text of a Series, numbers in French, with its name."""
    frame = series.to_frame(name=series.name if series.name is not None else "")
    view = shown(frame).iloc[:, 0]
    with _unlimited():
        text = view.to_string()
    footer = [f"Nom\u00a0: {series.name}"] if series.name is not None else []
    if len(series) > (pd.get_option("display.max_rows") or len(series)):
        footer.append(f"Longueur\u00a0: {_number(len(series), 0)}")
    return "\n".join([text, *([", ".join(footer)] if footer else [])])


def _pretty(function):
    """An IPython pretty-printer (obj, printer, cycle) from a text function."""
    return lambda obj, printer, cycle: printer.text(function(obj))


def install(shell) -> None:
    """Show pandas tables in French in this IPython shell."""
    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(pd.DataFrame, frame_html)
    formatters["text/plain"].for_type(pd.DataFrame, _pretty(frame_text))
    formatters["text/plain"].for_type(pd.Series, _pretty(series_text))


def uninstall(shell) -> None:
    formatters = shell.display_formatter.formatters
    for mime, kind in (("text/html", pd.DataFrame), ("text/plain", pd.DataFrame), ("text/plain", pd.Series)):
        formatters[mime].type_printers.pop(kind, None)
