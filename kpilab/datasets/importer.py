"""Import a shop's own orders (a French Excel CSV, an xlsx, a Shopify or WooCommerce export).

:func:`import_orders` reads the file as text, recognises its columns, parses its dates and amounts by
one explicit rule per column, and returns an :class:`Import`: the orders in the course's schema
(``.commandes``), the customers (``.clients``), the rows set aside with their line and reason
(``.rejets``) and a French report (``.rapport()``, ``.findings``). The user's file is only read.

>>> from kpilab.datasets.importer import import_orders, TEMPLATES
>>> imp = import_orders(TEMPLATES / "ventes_modele.csv")
>>> list(imp.commandes.columns)
['commande_id', 'date', 'point_de_vente', 'client_id', 'nb_articles', 'montant_ht', 'montant_ttc']
>>> imp.commandes["commande_id"].iloc[0]
'000001'
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kpilab.datasets import import_parse as parse
from kpilab.datasets.import_checks import LEVELS, Context, Finding, run_checks
from kpilab.datasets.schema import DATE_DTYPE, STR_DTYPE
from kpilab.errors import KPIError
from kpilab.formatting import format_percent

__all__ = ["Import", "Finding", "import_orders", "TEMPLATES"]

TEMPLATES = Path(__file__).resolve().parents[2] / "datasets" / "modeles"
"""The template files (``ventes_modele.csv``, ``ventes_modele.xlsx``) and their README."""

_TITLES = {"erreur": "Erreurs", "attention": "Points d'attention", "info": "Pour information"}
_CLIENT_DATES = ("date inscription", "date d inscription", "date de creation", "date creation", "inscription",
                 "date_inscription", "created at", "date premier achat")


@dataclass
class Import:
    """The result of :func:`import_orders`.

    ``commandes``: the usable orders (course schema, ``attrs["periode_couverte"]``); ``clients``: one
    row per customer; ``rejets``: the rows set aside (``ligne``, ``motif``, then the cells as read);
    ``findings``: what the report says; ``colonnes``: which column of the file became which.
    """

    commandes: pd.DataFrame
    clients: pd.DataFrame
    rejets: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)
    source: str = ""
    colonnes: dict = field(default_factory=dict)

    def niveau(self, niveau: str) -> list[Finding]:
        """The findings of one level (``"erreur"``, ``"attention"`` or ``"info"``)."""
        return [f for f in self.findings if f.niveau == niveau]

    def _title(self) -> str:
        return f"Import de « {self.source} »" if self.source else "Import d'un tableau (DataFrame)"

    def rapport(self) -> str:
        """The French report, as text."""
        lines = [self._title()]
        for level in LEVELS:
            found = self.niveau(level)
            if found:
                lines.append(f"{_TITLES[level]} ({len(found)}) :")
                lines += [f"  - {f.message}" for f in found]
        if not self.niveau("erreur") and not self.niveau("attention"):
            lines.append("Rien d'anormal : tu peux calculer tes indicateurs sur .commandes.")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.rapport()

    def _repr_html_(self) -> str:
        parts = [f"<h4>{html.escape(self._title())}</h4>"]
        for level in LEVELS:
            found = self.niveau(level)
            if found:
                items = "".join(f"<li>{html.escape(f.message)}</li>" for f in found)
                parts.append(f"<p><b>{_TITLES[level]}</b> ({len(found)}) :</p><ul>{items}</ul>")
        if not self.niveau("erreur") and not self.niveau("attention"):
            parts.append("<p>Rien d'anormal : tu peux calculer tes indicateurs sur <code>.commandes</code>.</p>")
        return "<div class='kpilab-import'>" + "".join(parts) + "</div>"


class _Motifs:
    """The reason each row is set aside (``None`` while it is kept): the first reason found stays."""

    def __init__(self, n: int):
        self.text = np.full(n, None, dtype=object)
        self.free = np.ones(n, dtype=bool)

    def set(self, mask, reason) -> None:
        mask = np.asarray(mask, dtype=bool) & self.free
        self.text[mask] = reason[mask] if isinstance(reason, np.ndarray) else reason
        self.free &= ~mask


def _day(value, name: str):
    if value is None:
        return None
    try:
        return pd.Timestamp(value).normalize()
    except (TypeError, ValueError):
        raise KPIError(f"{name}= doit être une date, par exemple {name}=\"2025-01-01\", pas {value!r}.") from None


def _rate(tva):
    if tva is None:
        return None
    try:
        tva = float(str(tva).replace(",", ".").rstrip("% "))
    except ValueError:
        raise KPIError(f"tva= est le taux de TVA en %, par exemple tva=20, pas {tva!r}.") from None
    if not 1 <= tva < 100:
        raise KPIError(f"tva= est le taux de TVA en % : tva=20 pour 20 %, pas {tva!r}.")
    return tva


def _read_clients(clients) -> pd.DataFrame:
    """A customer file or frame: ``client_id`` (text) and ``date_inscription`` when there is one."""
    raw, name = parse.read_table(clients) if not isinstance(clients, pd.DataFrame) else (parse._frame_as_text(clients), "")
    id_cols = [h for h in raw.columns if parse._LOOKUP.get(parse.normalise_header(h)) == "client_id"]
    if len(id_cols) != 1:
        raise KPIError(f"Je ne trouve pas une seule colonne d'identifiant client dans le fichier clients "
                       f"(colonnes trouvées : {', '.join(map(repr, raw.columns))}). Renomme-la « client_id ».")
    out = pd.DataFrame({"client_id": parse.clean_ids(raw[id_cols[0]])})
    dates = [h for h in raw.columns if parse.normalise_header(h) in _CLIENT_DATES]
    if dates:
        out["date_inscription"] = parse.parse_dates(raw[dates[0]], dates[0])[0]
    return out


def _clients_from_orders(cmd: pd.DataFrame) -> pd.DataFrame:
    """One row per customer, ``date_inscription`` = the day of their first sale (else first order)."""
    if "client_id" not in cmd:
        return pd.DataFrame({"client_id": pd.Series(dtype=STR_DTYPE), "date_inscription": pd.Series(dtype=DATE_DTYPE)})
    codes, ids = pd.factorize(np.asarray(cmd["client_id"], dtype=object))
    known = codes >= 0
    days = pd.Series(cmd["date"].to_numpy()[known])
    first = days.groupby(codes[known]).min()
    sale = (cmd["montant_ht"].to_numpy() > 0)[known]
    first_sale = days[sale].groupby(codes[known][sale]).min()
    out = pd.DataFrame({"client_id": pd.array(np.asarray(ids, dtype=object)[first.index], dtype=STR_DTYPE),
                        "date_inscription": first_sale.reindex(first.index).fillna(first).to_numpy()})
    return out.sort_values(["date_inscription", "client_id"], ignore_index=True)


def import_orders(source, columns: dict | None = None, preset: str | None = None, *, clients=None, tva=None,
                  debut=None, fin=None, sheet=None, encoding=None, sep=None, date_format=None) -> Import:
    """Import a shop's orders: a CSV/TXT/XLSX file (path) or a DataFrame.

    Parameters
    ----------
    columns:
        ``{"column of the file": "course column"}`` when a column is not recognised, e.g.
        ``{"N° ticket": "commande_id", "CA HT": "montant_ht"}``; course columns: ``commande_id``,
        ``date``, ``canal``, ``point_de_vente``, ``client_id``, ``nb_articles``, ``montant_ht``,
        ``montant_ttc``. Only ``date`` and an amount are required.
    preset:
        ``"shopify"`` or ``"woocommerce"`` for those platforms' exports (see :mod:`.presets`).
    clients:
        A customer file or frame (with a customer id column) to check the orders' customers against;
        without it, ``.clients`` is built from each customer's first purchase.
    tva:
        The VAT rate in % (``tva=20``), needed when the file has only TTC amounts.
    debut, fin:
        The days the export covers (default: the first and last order); orders outside are set aside.
    sheet, encoding, sep, date_format:
        The sheet of an xlsx file; the encoding and separator of a CSV (found by default); the dates'
        format (``"%d/%m/%Y"``) when it is not found, or to override it.
    """
    from kpilab.datasets import presets

    def numbers(headers):  # the amounts and counts of a plain CSV, read as numbers when they are plain
        try:
            found = parse.recognise(headers, columns) if preset is None else {}
        except KPIError:
            return set()
        return {h for t, h in found.items() if t in ("montant_ht", "montant_ttc", "nb_articles")}

    raw, name = parse.read_table(source, sheet=sheet, encoding=encoding, sep=sep, numbers=numbers)
    headers = list(raw.columns)
    lignes = pd.Series(np.arange(len(raw)) + 2, index=raw.index)
    motif = _Motifs(len(raw))
    notes: list[str] = []
    if preset is not None:
        work, reasons, notes = presets.prepare(preset, raw, columns)
        lignes, original = lignes[work.index], raw.loc[work.index]
        motif = _Motifs(len(work))
        motif.set(reasons.to_numpy() != "", reasons.to_numpy())
        mapping = {t: t for t in parse.TARGETS if t in work}
    else:
        mapping = parse.recognise(headers, columns)
        work, original = raw, raw
        notes.append("Colonnes lues : " + ", ".join(f"« {h} » → {t}" for t, h in mapping.items()) + ".")
    tva, debut, fin = _rate(tva), _day(debut, "debut"), _day(fin, "fin")
    dates, dstatus, dnotes = parse.parse_dates(work[mapping["date"]], mapping["date"], date_format, lignes)
    no_date = dstatus.to_numpy() == "vide"
    if no_date.any():  # a row with nothing at all in the columns read
        used = work.loc[no_date, list(mapping.values())]
        empty = no_date.copy()
        empty[no_date] = np.logical_and.reduce([parse.blank(used[c]) for c in used.columns])
        motif.set(empty, "ligne vide")
    notes += dnotes
    for status in ("vide", "illisible", "invraisemblable"):
        motif.set(dstatus.to_numpy() == status, f"date {status}")

    amounts = {}
    for target in ("montant_ht", "montant_ttc"):
        if target in mapping:
            amounts[target] = parse.parse_amounts(work[mapping[target]])
            parse.check_readable(amounts[target], work[mapping[target]], mapping[target], lignes, "montants")
    basis = "montant_ht"
    if "montant_ht" not in amounts:
        if tva is None:
            raise KPIError(f"Ton fichier n'a que des montants TTC (« {mapping['montant_ttc']} »). Donne le taux de "
                           "TVA pour calculer le HT : import_orders(..., tva=20) pour 20 %.")
        amounts["montant_ht"] = (amounts["montant_ttc"] / (1 + tva / 100)).round(2)
        basis = "montant_ttc"
        notes.append(f"Montants HT calculés depuis le TTC avec une TVA de {format_percent(tva, digits=0 if tva.is_integer() else 1)}.")
    elif tva is not None:
        if "montant_ttc" not in amounts:
            amounts["montant_ttc"] = (amounts["montant_ht"] * (1 + tva / 100)).round(2)
        else:
            fill = amounts["montant_ht"].isna() & amounts["montant_ttc"].notna()
            amounts["montant_ht"] = amounts["montant_ht"].where(~fill, (amounts["montant_ttc"] / (1 + tva / 100)).round(2))
    blank = parse.blank(work[mapping[basis]])
    unusable = amounts["montant_ht"].isna().to_numpy()
    motif.set(unusable & blank, "montant vide")
    motif.set(unusable & ~blank, "montant illisible")

    out = pd.DataFrame(index=work.index)
    for target in parse.TARGETS:
        if target == "date":
            out["date"] = dates.astype(DATE_DTYPE)
        elif target in amounts:
            out[target] = amounts[target].astype("float64")
        elif target == "nb_articles" and target in mapping:
            out[target] = parse.whole_numbers(work[mapping[target]])
        elif target in ("commande_id", "client_id") and target in mapping:
            out[target] = parse.clean_ids(work[mapping[target]])
        elif target in mapping:
            out[target] = parse.clean_text(work[mapping[target]]).astype(STR_DTYPE)

    if debut is not None or fin is not None:
        outside = (out["date"] < (debut or pd.Timestamp.min)) | (out["date"] > (fin or pd.Timestamp.max))
        motif.set(outside.to_numpy(), "hors période")
    if "commande_id" in out:
        ids = out["commande_id"].where(motif.free)
        seen = ids.duplicated(keep="first").to_numpy() & ids.notna().to_numpy()
        if seen.any():
            firsts = ids.notna().to_numpy() & ~seen
            first_line = pd.Series(lignes.to_numpy()[firsts], index=ids.to_numpy()[firsts])
            again = ids[seen]
            reasons = np.full(len(ids), None, dtype=object)
            reasons[seen] = ("commande en double (déjà vue ligne " + again.map(first_line).astype(str) + ")").to_numpy()
            motif.set(seen, reasons)
    ok = motif.free
    motif = pd.Series(motif.text, index=work.index)

    commandes = out[ok].reset_index(drop=True)
    kept_lines = lignes[ok].reset_index(drop=True)
    if commandes.empty:
        periode = (debut, fin)
    else:
        periode = (debut or commandes["date"].min(), fin or commandes["date"].max())
    commandes.attrs["periode_couverte"] = periode
    rejets = pd.concat([pd.DataFrame({"ligne": lignes[~ok], "motif": motif[~ok]}), original[~ok]], axis=1)
    rejets = rejets.reset_index(drop=True)
    client_file = _read_clients(clients) if clients is not None else None
    table_clients = client_file if client_file is not None else _clients_from_orders(commandes)
    ctx = Context(commandes=commandes, lignes=kept_lines, rejets=rejets, n_read=len(raw), periode=periode,
                  headers=headers, clients_file=client_file, notes=notes,
                  n_clients=len(table_clients) if client_file is None else None)
    findings = run_checks(ctx)
    # Each order keeps its line in the file as its label: the tables' warnings name the same lines as the report.
    commandes = commandes.set_axis(pd.Index(kept_lines.to_numpy(), name="ligne"))
    commandes.attrs["periode_couverte"] = periode
    return Import(commandes=commandes, clients=table_clients, rejets=rejets, findings=findings,
                  source=name, colonnes=dict(mapping))
