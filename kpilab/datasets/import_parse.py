"""Reading a shop's export as text, then its columns, dates and amounts, explicitly.

Everything is read as text first (``dtype=str``): ids keep their leading
zeros, and each date or amount column is parsed by one rule decided from the
column as a whole, never guessed cell by cell. Used by
:func:`kpilab.datasets.import_orders`.

>>> parse_amounts(pd.Series(["1 234,50 €", "-12,00", "(3,10)", "1234.5", "n/a", ""])).tolist()[:4]
[1234.5, -12.0, -3.1, 1234.5]
>>> normalise_header("Montant HT (€)"), normalise_header("N° de ticket")
('montant ht', 'n de ticket')
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from kpilab.errors import KPIError

__all__ = ["TARGETS", "read_table", "normalise_header", "recognise", "parse_dates", "parse_amounts", "amount",
           "clean_ids", "clean_text", "by_unique", "blank"]

TARGETS = ("commande_id", "date", "canal", "point_de_vente", "client_id", "nb_articles", "montant_ht", "montant_ttc")
"""The course's order columns an export's columns can be mapped to."""

# Normalised headers (see normalise_header) recognised for each column of the course.
SYNONYMS = {
    "commande_id": (
        "n ticket", "n de ticket", "no ticket", "num ticket", "numero ticket", "numero de ticket", "ticket",
        "id ticket", "ticket id", "n commande", "n de commande", "no commande", "numero commande",
        "numero de commande", "commande", "id commande", "commande id", "ref commande", "reference commande",
        "n facture", "numero de facture", "facture", "order id", "order", "order number", "order no",
        "transaction id", "receipt id", "invoice", "invoice number", "commande_id",
    ),
    "date": (
        "date", "date de vente", "date vente", "date de commande", "date commande", "date du ticket",
        "date ticket", "date de la commande", "date heure", "jour", "order date", "sale date", "date_vente",
    ),
    "client_id": (
        "client", "code client", "n client", "no client", "numero client", "numero de client", "id client",
        "client id", "ref client", "carte fidelite", "n carte fidelite", "numero carte fidelite", "customer",
        "customer id", "customer number", "client_id",
    ),
    "montant_ht": (
        "montant ht", "total ht", "ca ht", "net ht", "prix ht", "montant hors taxes", "total hors taxes",
        "montant net ht", "vente ht", "ventes ht", "amount excl tax", "total excl tax", "net amount", "ht",
        "montant_ht",
    ),
    "montant_ttc": (
        "montant ttc", "total ttc", "ca ttc", "prix ttc", "montant", "total", "ttc", "montant net ttc",
        "vente ttc", "ventes ttc", "amount", "total amount", "amount incl tax", "total incl tax", "montant_ttc",
    ),
    "nb_articles": (
        "nb articles", "nombre d articles", "nb d articles", "nombre articles", "articles", "quantite", "qte",
        "qty", "quantity", "items", "nb produits", "nombre de produits", "nb_articles",
    ),
    "point_de_vente": ("magasin", "boutique", "point de vente", "pdv", "store", "shop", "site", "point_de_vente"),
    "canal": ("canal", "canal de vente", "channel", "sales channel"),
}
_LOOKUP = {name: target for target, names in SYNONYMS.items() for name in names}

_AMOUNT = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


def normalise_header(header) -> str:
    """A header without accents, case, units or punctuation: ``"Montant HT (€)"`` → ``"montant ht"``."""
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"\b(eur|euros?)\b", " ", text)
    return " ".join(re.sub(r"[^a-z0-9_]+", " ", text).split())


def _frame_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A user's DataFrame as text cells ('' for missing), dates as ``YYYY-MM-DD``."""
    out = {}
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_datetime64_any_dtype(col):
            text = col.dt.strftime("%Y-%m-%d %H:%M:%S")
        else:
            text = col.astype(object).map(lambda v: "" if v is None or v is pd.NA or v != v else str(v))
        out[str(name)] = text.fillna("").astype(object).to_numpy()  # by position: any index
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def _decode(data: bytes, encoding: str | None) -> str:
    """The encoding of a CSV file: ``encoding`` if given, else UTF-8 (with or without BOM), else cp1252."""
    if encoding:
        return encoding
    try:
        data.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"


def _sniff(text: str) -> str:
    """The separator of a CSV text: the one of ``; , tab |`` found the same number of times on its first lines."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    best, best_count = ";", 0
    for sep in (";", "\t", "|", ","):
        counts = [len(re.sub(r'"[^"]*"', "", line).split(sep)) - 1 for line in lines]
        if counts and counts[0] > 0 and counts[0] > best_count and max(counts) == counts[0]:
            best, best_count = sep, counts[0]
    return best


def read_table(source, *, sheet=None, encoding=None, sep=None, numbers=None) -> tuple[pd.DataFrame, str]:
    """The cells of ``source`` (a CSV/TXT/XLSX path or a DataFrame) as text, and its file name (``""``
    for a DataFrame).

    Empty cells are ``""``; the frame's row ``i`` is line ``i + 2`` of the file (the headers are line 1).
    ``numbers`` (a function of the headers, CSV only) names columns of amounts or counts: those are
    left to pandas' C parser, and stay numbers when every cell is a plain number (empty = ``NaN``),
    text otherwise; this spares making a Python string of every amount of a big file.
    """
    if isinstance(source, pd.DataFrame):
        return _frame_as_text(source), ""
    if not isinstance(source, (str, os.PathLike)):
        raise KPIError(f"Donne le chemin d'un fichier (CSV ou Excel) ou un DataFrame, pas {type(source).__name__}.")
    path = Path(source)
    if not path.is_file():
        raise KPIError(f"Le fichier {path} est introuvable. Vérifie son nom et son dossier (chemin relatif au carnet).")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            frame = pd.read_excel(path, sheet_name=sheet if sheet is not None else 0, dtype=str,
                                  keep_default_na=False, engine="openpyxl")
        except ImportError:
            raise KPIError("Pour lire un fichier Excel, installe openpyxl : « pip install openpyxl ».") from None
        except ValueError as err:
            raise KPIError(f"Je ne peux pas lire la feuille {sheet!r} de {path.name} ({err}). "
                           "Donne le nom de la feuille avec sheet=\"Feuil1\".") from None
        frame.columns = [str(c).strip() for c in frame.columns]
        return frame.fillna("").astype(object), path.name
    if path.suffix.lower() in (".xls", ".ods", ".numbers"):
        raise KPIError(f"Le format {path.suffix} n'est pas lu : enregistre le fichier en .xlsx ou en CSV "
                       "(Fichier > Enregistrer sous > CSV (séparateur : point-virgule)).")
    data = path.read_bytes()
    encoding = _decode(data, encoding)
    head = data[:20000].decode(encoding, errors="replace")
    sep = sep or _sniff(head)
    options = dict(sep=sep, keep_default_na=False, encoding=encoding, skip_blank_lines=False)
    try:
        headers = list(pd.read_csv(io.BytesIO(data), nrows=0, **options).columns)
        numeric = set(numbers([str(h).strip().lstrip("\ufeff") for h in headers])) if numbers else set()
        raw_numeric = [h for h in headers if str(h).strip().lstrip("\ufeff") in numeric]
        frame = pd.read_csv(io.BytesIO(data), dtype={h: object for h in headers if h not in raw_numeric},
                            na_values={h: [""] for h in raw_numeric}, decimal="," if sep != "," else ".",
                            **options)
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise KPIError(f"Je ne peux pas lire {path.name} comme un CSV (séparateur {sep!r}, encodage {encoding}) : "
                       f"{err}. Donne le séparateur avec sep=\";\" ou l'encodage avec encoding=\"cp1252\".") from None
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object and not pd.api.types.is_numeric_dtype(column.dtype):
            frame[name] = column = column.astype(object)
        values = column.to_numpy()
        if column.dtype == object and (values != values).any():  # NaN: a short line, or an empty number
            frame[name] = column.fillna("")
    return frame, path.name


def recognise(headers, columns: dict | None = None) -> dict[str, str]:
    """Map the export's headers to the course's columns: ``{target: header}``.

    ``columns`` (``{header: target}``) is taken first; the other headers are recognised from their
    normalised name. Two headers for one column, or no date / no amount, is a :class:`KPIError`.
    """
    headers = list(headers)
    mapping: dict[str, str] = {}
    for header, target in (columns or {}).items():
        if target not in TARGETS:
            raise KPIError(f"Dans columns=, {target!r} n'est pas une colonne du cours. "
                           f"Colonnes possibles : {', '.join(TARGETS)}.")
        if header not in headers:
            raise KPIError(f"Dans columns=, la colonne {header!r} n'est pas dans ton fichier. "
                           f"Colonnes trouvées : {', '.join(repr(h) for h in headers)}.")
        mapping[target] = header
    found: dict[str, list[str]] = {}
    for header in headers:
        target = _LOOKUP.get(normalise_header(header))
        if target and target not in mapping and header not in mapping.values():
            found.setdefault(target, []).append(header)
    example = ", ".join(f"{h!r}: {t!r}" for t, h in mapping.items())
    for target, names in found.items():
        if len(names) > 1:
            proposal = ", ".join(filter(None, [example, f"{names[0]!r}: {target!r}"]))
            raise KPIError(
                f"Plusieurs colonnes peuvent être « {target} » : {', '.join(repr(n) for n in names)}. "
                f"Dis laquelle prendre : import_orders(..., columns={{{proposal}}})."
            )
        mapping[target] = names[0]
    missing = [t for t in ("date",) if t not in mapping]
    if "montant_ht" not in mapping and "montant_ttc" not in mapping:
        missing.append("montant_ht")
    if missing:
        proposal = ", ".join([f"{h!r}: {t!r}" for t, h in mapping.items()] + [f"'…': {t!r}" for t in missing])
        raise KPIError(
            f"Je ne trouve pas la colonne {' ni la colonne '.join(missing)} dans ton fichier. "
            f"Colonnes trouvées : {', '.join(repr(h) for h in headers)}. "
            f"Dis-moi laquelle est laquelle : import_orders(..., columns={{{proposal}}})."
        )
    return {t: mapping[t] for t in TARGETS if t in mapping}


def by_unique(values: pd.Series, parse) -> pd.Series:
    """``parse`` (a function of a Series) run on the distinct cells only, spread back to every row.

    An export of a million rows has a few hundred dates and shops: parsing each distinct text once
    is what makes the import fast.
    """
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=False)
    parsed = parse(pd.Series(uniques, dtype=object))
    return pd.Series(np.asarray(parsed)[codes], index=values.index)


def _stripped(values) -> np.ndarray:
    return np.array([str(v).strip() for v in values], dtype=object)


def blank(values: pd.Series) -> np.ndarray:
    """Whether each cell is empty (``""``, only spaces, or a missing number)."""
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.isna().to_numpy()
    text = np.asarray(values, dtype=object)
    if not _needs_strip(text):
        return text == ""
    return np.array([v != v or str(v).strip() == "" for v in text], dtype=bool)


_SPACE_CHARS = (" ", "\t", "\u00a0", "\u202f")


def _needs_strip(text: np.ndarray) -> bool:
    """Whether a cell starts or ends with a space (substring searches on the joined cells, not a loop)."""
    cells = text.tolist()
    try:
        joined = "\x00" + "\x00".join(cells) + "\x00"
    except TypeError:
        joined = "\x00" + "\x00".join(map(str, cells)) + "\x00"
    spaces = [c for c in _SPACE_CHARS if c in joined]
    return any(f"\x00{c}" in joined or f"{c}\x00" in joined for c in spaces)


def clean_ids(values: pd.Series) -> pd.Series:
    """Ids as text: spaces stripped, leading zeros kept, ``""`` → missing; ``42.0`` (Excel numbers) → ``42``."""
    if pd.api.types.is_numeric_dtype(values.dtype):  # numbers: the zeros are already lost (said by the checks when it matters)
        values = _frame_as_text(values.to_frame())[values.name]
    text = np.asarray(values, dtype=object)
    text = _stripped(text) if _needs_strip(text) else text.copy()
    filled = text[text != ""]
    if len(filled) and _EXCEL_INT.fullmatch(str(filled[0])) and all(_EXCEL_INT.fullmatch(v) for v in filled):
        text = np.array([v[:-2] if v else v for v in text], dtype=object)
    text[text == ""] = None
    return pd.Series(text, index=values.index).astype("str")


def clean_text(values: pd.Series) -> pd.Series:
    """Free text (a shop, a channel): stripped, ``""`` → missing."""
    return by_unique(values, lambda u: pd.Series(_stripped(u), dtype=object).replace("", None)).astype("str")


_EXCEL_INT = re.compile(r"\d+\.0")
_CLEAN = str.maketrans({"\u2212": "-", **{c: None for c in "\u00a0\u202f\u2009\u2007\u200a \t€$£"}})
_PLAIN = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def amount(text) -> float:
    """One amount: ``1 234,50 €``, ``(12,00)``, ``12,00-``, ``1,234.50``…; ``nan`` when it is not a number.

    >>> amount("1\u202f234,50\u00a0€"), amount("(12,00)"), amount("1,234.5"), amount("douze")
    (1234.5, -12.0, 1234.5, nan)
    """
    text = str(text).translate(_CLEAN)
    if _PLAIN.fullmatch(text):
        return float(text.replace(",", "."))
    text = re.sub(r"(?i)eur(os?)?", "", text)
    sign = 1.0
    if text.startswith("(") and text.endswith(")"):
        text, sign = text[1:-1], -1.0
    if text.endswith("-") and not text.startswith("-"):
        text, sign = text[:-1], -sign
    comma, dot = text.rfind(","), text.rfind(".")
    if comma > dot and text.count(",") == 1:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    if not _AMOUNT.fullmatch(text):
        return float("nan")
    return sign * float(text)


def parse_amounts(values: pd.Series) -> pd.Series:
    """French or plain amounts as floats; ``NaN`` where a cell is empty or not a number.

    ``1 234,50 €``, ``1 234,50`` (U+00A0, U+202F), ``1234.50``, ``1,234.50``, ``-12,00``, ``(12,00)``
    (negative) and ``12,00-`` are read; the decimal mark is the last of ``,`` and ``.`` in the cell
    (see :func:`amount`).
    """
    if pd.api.types.is_numeric_dtype(values.dtype):  # read by pandas' C parser, which also takes "inf"
        numbers = values.astype("float64")
        return numbers.where(np.isfinite(numbers))
    return by_unique(values, lambda u: np.array([amount(v) for v in u], dtype="float64")).astype("float64")


_PATTERNS = {
    "iso": r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ].*)?",
    "ymd_slash": r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:[T ].*)?",
    "dmy": r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4}|\d{2})(?:[T ,].*)?",
    "compact": r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:\.0)?",
    "serial": r"(?P<s>\d{5})(?:\.\d+)?",
}
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
FIRST_PLAUSIBLE = pd.Timestamp("1990-01-01")


def last_plausible() -> pd.Timestamp:
    """Today + 1 day: a later date is implausible (contract rule 6)."""
    return pd.Timestamp(dt.date.today()) + pd.Timedelta(days=1)


def parse_dates(values: pd.Series, column: str, date_format: str | None = None,
                lignes: pd.Series | None = None) -> tuple[pd.Series, pd.Series, list[str]]:
    """Dates of one column, by one format decided from the whole column.

    Returns the days (``datetime64[us]``, ``NaT`` when not a usable date), a status per cell
    (``""`` usable, ``"vide"``, ``"illisible"``, ``"invraisemblable"``) and notes for the report.
    Each distinct text is parsed once.

    >>> days, status, notes = parse_dates(pd.Series(["15/03/2025", "31/12/9999", ""]), "Date")
    >>> [str(d.date()) if d == d else None for d in days], status.tolist()
    (['2025-03-15', None, None], ['', 'invraisemblable', 'vide'])
    """
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    first_rows = np.unique(codes, return_index=True)[1]
    lines = pd.Series(first_rows + 2 if lignes is None else np.asarray(lignes)[first_rows])
    days, status, notes = _parse_distinct(pd.Series(_stripped(uniques), dtype=object), column, date_format, lines)
    return (pd.Series(days.to_numpy()[codes], index=values.index, dtype="datetime64[us]"),
            pd.Series(status.to_numpy()[codes], index=values.index, dtype=object), notes)


def _parse_distinct(text: pd.Series, column: str, date_format, lignes: pd.Series):
    """:func:`parse_dates` on distinct stripped texts (``lignes``: the first line of each)."""
    status = pd.Series("", index=text.index, dtype=object)
    status[text == ""] = "vide"
    filled = text[text != ""]
    notes: list[str] = []
    days = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    if filled.empty:
        return days, status, notes
    if date_format:
        parsed = pd.to_datetime(filled, format=date_format, errors="coerce")
        ymd = pd.DataFrame({"y": parsed.dt.year, "m": parsed.dt.month, "d": parsed.dt.day}, index=filled.index)
    else:
        matches = {name: filled.str.extract(f"^{pattern}$") for name, pattern in _PATTERNS.items()}
        name = max(matches, key=lambda n: matches[n].iloc[:, 0].notna().sum())
        hits = matches[name].dropna(how="all")
        if len(hits) < 0.5 * len(filled):
            row = filled.index[0] if lignes is None else lignes[filled.index[0]]
            raise KPIError(
                f"Je ne reconnais pas les dates de la colonne « {column} » (ligne {row} : {filled.iloc[0]!r}). "
                "Donne leur format avec date_format=, par exemple date_format=\"%d/%m/%Y\" pour 15/03/2025."
            )
        nums = hits.astype("float64")
        if name == "serial":
            stamp = _EXCEL_EPOCH + pd.to_timedelta(nums["s"], unit="D")
            ymd = pd.DataFrame({"y": stamp.dt.year, "m": stamp.dt.month, "d": stamp.dt.day})
        elif name == "dmy":
            # Day first (French) unless more rows only fit month first; rows that fit neither are unreadable.
            first_big = int(((nums["a"] > 12) & (nums["b"] <= 12)).sum())
            second_big = int(((nums["b"] > 12) & (nums["a"] <= 12)).sum())
            years = nums["y"].where(nums["y"] >= 100, nums["y"] + 2000)
            if second_big > first_big:
                ymd = pd.DataFrame({"y": years, "m": nums["a"], "d": nums["b"]})
                notes.append(f"Les dates de « {column} » sont au format mois/jour/année (américain) : "
                             "je les ai lues ainsi.")
            else:
                ymd = pd.DataFrame({"y": years, "m": nums["b"], "d": nums["a"]})
                if not first_big:
                    notes.append(
                        f"Les dates de « {column} » peuvent toutes se lire jour/mois ou mois/jour : je les ai lues "
                        "jour/mois/année (format français). Si ton fichier est américain, passe date_format=\"%m/%d/%Y\"."
                    )
        else:
            ymd = nums[["y", "m", "d"]]
    ymd = ymd.reindex(filled.index)
    status[filled.index[ymd["y"].isna()]] = "illisible"
    key = ymd["y"] * 10000 + ymd["m"] * 100 + ymd["d"]
    late = last_plausible()
    bad = (key < 19900101) | (key > late.year * 10000 + late.month * 100 + late.day)
    status[key.index[bad.fillna(False).astype(bool)]] = "invraisemblable"
    good = ymd[~bad.fillna(True).astype(bool)]
    stamp = pd.to_datetime(pd.DataFrame({"year": good["y"], "month": good["m"], "day": good["d"]}), errors="coerce")
    status[stamp.index[stamp.isna()]] = "illisible"
    days.loc[stamp.index] = stamp.astype("datetime64[us]")
    return days, status, notes


def check_readable(parsed: pd.Series, raw: pd.Series, column: str, lignes: pd.Series, what: str) -> None:
    """Raise when most filled cells of a column could not be read (a wrong column, or a wrong format)."""
    filled = ~blank(raw)
    unread = filled & parsed.isna().to_numpy()
    if filled.sum() and unread.sum() > 0.5 * filled.sum():
        first = int(np.argmax(unread))
        raise KPIError(
            f"La colonne « {column} » ne contient presque pas de {what} lisibles ({int(unread.sum())} cellules "
            f"sur {int(filled.sum())} ; ligne {lignes.iloc[first]} : {raw.iloc[first]!r}). Vérifie que c'est la bonne "
            f"colonne, sinon donne la bonne avec columns={{'…': '…'}}, ou corrige le format dans ton tableur "
            "(des nombres comme 1234,50)."
        )


def whole_numbers(values: pd.Series) -> pd.Series:
    """Counts (``Int64``): ``<NA>`` where a cell is empty or not a whole number."""
    numbers = parse_amounts(values)
    whole = numbers.where(np.isclose(numbers, numbers.round()))
    return whole.round().astype("Int64")
