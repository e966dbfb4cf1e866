"""The dashboard shown: a French table (:func:`format_summary`) and HTML tiles (:func:`tiles_html`).

Both read the :func:`~kpilab.dashboard_numbers.summary` table. A tile shows a
KPI's value, an arrow and a colour for its change (green for good news, red
for bad news, grey for a change that is not judged on its own), the value of
the year before and the KPI's note. Plain HTML, no JavaScript: the lesson's
saved outputs stay reproducible.

>>> from kpilab.dashboard_numbers import summary
>>> "Croix-Rousse" in tiles_html(summary(2025, point_de_vente="Croix-Rousse"))
True
"""

from __future__ import annotations

import html

import pandas as pd

from kpilab.dashboard_numbers import digits
from kpilab.dashboard_text import LEGEND, format_change, format_value, headline, scope_title, shown_change

__all__ = ["GOOD", "BAD", "NEUTRAL", "format_summary", "trend", "tiles_html", "error_html"]

GOOD, BAD, NEUTRAL = "#2e7d32", "#c62828", "#555555"
"""The colours of good news, bad news and of a change not judged on its own (and of secondary text)."""


def format_summary(table: pd.DataFrame) -> pd.DataFrame:
    """The :func:`summary` table as French text: indicator, value, year before, change.

    A ``Remarque`` column follows when a row has a note (a provisional rate,
    the mean cycle to read with the median…): the note's headline, the words
    before its colon, short enough for a table cell; the tiles show the whole
    note. The notes of the whole view (``attrs["notes"]``) are kept in the
    result's ``attrs``.
    """
    year = table.attrs.get("annee")
    now, before = (str(year), str(year - 1)) if year else ("Valeur", "Année précédente")
    notes = table["note"] if "note" in table else pd.Series("", index=table.index)
    columns = ["Indicateur", now, before, "Évolution"] + (["Remarque"] if notes.astype(bool).any() else [])
    rows = []
    for code, row in table.iterrows():
        rows.append({
            "Indicateur": row["libelle"],
            now: format_value(row["valeur"], row["unite"], digits(code)),
            before: format_value(row["valeur_precedente"], row["unite"], digits(code)),
            "Évolution": format_change(row["evolution"], row["unite_evolution"]),
            "Remarque": headline(notes[code]),
        })
    text = pd.DataFrame(rows, columns=columns)
    if table.attrs.get("notes"):
        text.attrs["notes"] = list(table.attrs["notes"])
    return text


def trend(row) -> tuple[str, str]:
    """The arrow and colour of a change: green when it is good news, red when bad, grey when not judged."""
    if pd.isna(row["evolution"]):
        return "", NEUTRAL
    shown = shown_change(row["evolution"])
    if shown == 0:
        return "=", NEUTRAL
    arrow = "▲" if shown > 0 else "▼"
    if pd.isna(row["hausse_favorable"]):
        return arrow, NEUTRAL
    good = (shown > 0) == bool(row["hausse_favorable"])
    return arrow, (GOOD if good else BAD)


def _unbroken(text: str) -> str:
    """HTML-escaped text whose spaces never break a line (``4 014 531 €`` stays whole)."""
    return html.escape(text).replace(" ", "&nbsp;")


def tiles_html(table: pd.DataFrame) -> str:
    """The :func:`summary` table as HTML tiles (no JavaScript): value, arrow, change.

    The notes of the whole view (``attrs["notes"]``: a tile hidden for want of
    data, a year covered in part…) are listed under the tiles.
    """
    year = table.attrs.get("annee")
    previous = f"en {year - 1}" if year else "l'année précédente"
    tiles = []
    for code, row in table.iterrows():
        arrow, colour = trend(row)
        note = row.get("note", "") or ""
        value = _unbroken(format_value(row["valeur"], row["unite"], digits(code)))
        before = _unbroken(format_value(row["valeur_precedente"], row["unite"], digits(code)))
        if pd.isna(row["evolution"]):
            change = f'<span style="color:{NEUTRAL}">pas de comparaison : aucune valeur {html.escape(previous)}</span>'
        else:
            change = (
                f'<span style="color:{colour};font-weight:bold">{arrow} '
                f'{_unbroken(format_change(row["evolution"], row["unite_evolution"]))}</span>'
                f'<br><span style="color:{NEUTRAL}">{html.escape(previous)} : {before}</span>'
            )
        tiles.append(
            '<div style="border:1px solid #c8c8c8;border-radius:6px;padding:8px 12px;'
            'width:230px;background:#fafafa">'
            f'<div style="color:#333;font-size:0.95em;min-height:2.4em">{html.escape(row["libelle"])}</div>'
            f'<div style="font-size:1.6em;font-weight:bold;margin:2px 0">{value}</div>'
            f'<div style="font-size:0.9em">{change}</div>'
            + (f'<div style="color:{NEUTRAL};font-size:0.8em;margin-top:4px">{html.escape(note)}</div>'
               if note else "")
            + '</div>'
        )
    title = html.escape(scope_title(table))
    footer = " ".join([LEGEND, *table.attrs.get("remarques", [])])
    notes = "".join(f"<li>{html.escape(note)}</li>" for note in table.attrs.get("notes", []))
    return (
        f'<h4 style="margin:6px 0">{title}</h4>'
        f'<div style="display:flex;flex-wrap:wrap;gap:10px">{"".join(tiles)}</div>'
        + (f'<ul style="color:#7a4a00;margin:6px 0;padding-left:1.2em;font-size:0.9em">{notes}</ul>' if notes else "")
        + f'<p style="color:{NEUTRAL};margin:6px 0;font-size:0.9em">{html.escape(footer)}</p>'
    )


def error_html(error: Exception) -> str:
    return (f'<p style="color:#b35900;font-weight:bold;border:1px solid #e0a060;padding:6px">'
            f'{html.escape(str(error))}</p>')
