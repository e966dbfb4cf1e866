"""The findings of an import: what the French report tells the student about their file.

Each check is a small function ``check(ctx) -> list[Finding]`` over the rows kept, the rows set aside
and the file as read (:class:`Context`); :data:`CHECKS` runs in order. A small module of plain pandas
rather than a schema library (pandera…): the checks are few, their messages are French sentences
for a student, and it adds no dependency to the course.

>>> f = Finding("attention", "2 commandes en double.", [5, 9])
>>> f.niveau, f.lignes
('attention', [5, 9])
>>> lines_text([3, 8, 12, 40, 41, 57, 98])
'lignes 3, 8, 12, 40, 41… (7 en tout)'
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kpilab.formatting import format_date, format_euros, format_number, format_period

__all__ = ["Finding", "Context", "CHECKS", "run_checks", "lines_text", "is_personal", "LEVELS"]

LEVELS = ("erreur", "attention", "info")
"""The levels of a finding, from the most serious."""

# Words of a header that names a person or a way to reach them (normalised, see import_parse).
PERSONAL = frozenset({"nom", "prenom", "email", "mail", "courriel", "telephone", "tel", "portable", "phone",
                      "adresse", "address", "address1", "address2", "street", "firstname", "lastname"})
_NOT_PERSONAL = frozenset({"magasin", "boutique", "produit", "article", "lineitem", "product", "shipping method",
                           "vendeur", "campagne"})


def is_personal(normalised: str) -> bool:
    """Whether a normalised header names a person's data: ``"billing email"``, ``"nom"``, ``"first name"``…

    >>> is_personal("billing first name"), is_personal("email"), is_personal("name"), is_personal("nom du magasin")
    (True, True, False, False)
    """
    words = set(normalised.split())
    if words & _NOT_PERSONAL:
        return False
    return bool(words & PERSONAL) or normalised.endswith(("first name", "last name")) or (
        normalised.endswith(" name") and normalised.split()[0] in ("billing", "shipping", "customer"))


@dataclass
class Finding:
    """One thing the report says: ``niveau`` (erreur, attention, info), a French ``message``, the
    file's ``lignes`` it is about (line numbers, headers = line 1)."""

    niveau: str
    message: str
    lignes: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return f"[{self.niveau}] {self.message}"


@dataclass
class Context:
    """What the checks look at."""

    commandes: pd.DataFrame
    lignes: pd.Series  # line number of each kept order, aligned on commandes
    rejets: pd.DataFrame
    n_read: int
    periode: tuple
    headers: list
    clients_file: pd.DataFrame | None = None
    notes: list = field(default_factory=list)
    n_clients: int | None = None  # customers among the orders, when already counted


def lines_text(lignes, limit: int = 5) -> str:
    """``ligne 12`` / ``lignes 12, 57, 98`` / ``lignes 3, 8, 12, 40, 41… (7 en tout)``."""
    lignes = [int(x) for x in lignes]
    if len(lignes) == 1:
        return f"ligne {lignes[0]}"
    shown = ", ".join(str(x) for x in lignes[:limit])
    return f"lignes {shown}… ({len(lignes)} en tout)" if len(lignes) > limit else f"lignes {shown}"


def _n(count: int, singular: str, plural: str | None = None) -> str:
    return f"{format_number(count)} {singular if count < 2 else (plural or singular + 's')}"


def counts(ctx: Context) -> list[Finding]:
    """Rows read, orders kept, rows set aside, customers and anonymous tickets."""
    cmd = ctx.commandes
    parts = [_n(ctx.n_read, "ligne lue", "lignes lues"), _n(len(cmd), "commande gardée", "commandes gardées")]
    if len(ctx.rejets):
        parts.append(_n(len(ctx.rejets), "ligne mise de côté", "lignes mises de côté") + " (dans .rejets)")
    if "client_id" in cmd:
        parts.append(_n(ctx.n_clients if ctx.n_clients is not None else int(cmd["client_id"].nunique()), "client"))
        anonymous = int(cmd["client_id"].isna().sum())
        parts.append(_n(anonymous, "ticket anonyme (sans client)", "tickets anonymes (sans client)"))
    return [Finding("info", ", ".join(parts) + ".")]


def date_range(ctx: Context) -> list[Finding]:
    """The first and last order, and the period covered."""
    if ctx.commandes.empty:
        return [Finding("erreur", "Aucune commande utilisable : regarde .rejets pour savoir pourquoi.")]
    first, last = ctx.commandes["date"].min(), ctx.commandes["date"].max()
    debut, fin = ctx.periode
    text = f"Commandes du {format_date(first)} au {format_date(last)}"
    if (debut, fin) != (first, last):
        text += f" ; période couverte : du {format_date(debut)} au {format_date(fin)}"
    return [Finding("info", text + ".")]


MONTH_NAMES = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
               "novembre", "décembre")


def month_label(month: pd.Period) -> str:
    """``Le mois de mars 2025``, ``Le mois d'avril 2025``: how the tables' warnings name a month.

    >>> month_label(pd.Period("2025-04", freq="M")), month_label(pd.Period("2025-02", freq="M"))
    ("Le mois d'avril 2025", 'Le mois de février 2025')
    """
    name = MONTH_NAMES[month.month - 1]
    return f"Le mois {'d' + chr(39) if name[0] in 'aeiouéèêàâîôû' else 'de '}{name} {month.year}"


def partial_months(ctx: Context) -> list[Finding]:
    """A first or last month not fully covered (contract rule 4), worded like the tables' warnings."""
    debut, fin = ctx.periode
    if debut is None or pd.isna(debut) or fin is None or pd.isna(fin):
        return []
    out = []
    for month in sorted({pd.Period(debut, freq="M"), pd.Period(fin, freq="M")}):
        start, end = max(month.start_time, debut), min(month.end_time.normalize(), fin)
        if (start, end) != (month.start_time, month.end_time.normalize()):
            out.append(Finding("attention", f"{month_label(month)} n'est couvert que du {format_date(start)} au "
                                            f"{format_date(end)} : ne le compare pas à un mois complet."))
    return out


def _set_aside(ctx: Context, prefix: str, niveau: str, one: str, many: str) -> list[Finding]:
    rows = ctx.rejets[ctx.rejets["motif"].str.startswith(prefix)]
    if rows.empty:
        return []
    text = one if len(rows) == 1 else many
    return [Finding(niveau, text.format(n=format_number(len(rows)), lignes=lines_text(rows["ligne"])),
                    rows["ligne"].tolist())]


# The rows set aside, by the start of their motif: level, message for one row, for several.
SET_ASIDE = (
    ("date invraisemblable", "erreur",
     "1 ligne a une date invraisemblable (avant 1990 ou dans le futur : une faute de frappe, une date "
     "9999 ou 1970 ?), mise de côté ({lignes}). Corrige-la dans ton fichier.",
     "{n} lignes ont une date invraisemblable (avant 1990 ou dans le futur : une faute de frappe, une date "
     "9999 ou 1970 ?), mises de côté ({lignes}). Corrige-les dans ton fichier."),
    ("date illisible", "erreur", "1 ligne a une date illisible, mise de côté ({lignes}).",
     "{n} lignes ont une date illisible, mises de côté ({lignes})."),
    ("date vide", "attention", "1 ligne sans date, mise de côté ({lignes}).",
     "{n} lignes sans date, mises de côté ({lignes})."),
    ("montant illisible", "erreur", "1 ligne a un montant qui n'est pas un nombre, mise de côté ({lignes}).",
     "{n} lignes ont un montant qui n'est pas un nombre, mises de côté ({lignes})."),
    ("montant vide", "attention", "1 ligne sans montant, mise de côté ({lignes}).",
     "{n} lignes sans montant, mises de côté ({lignes})."),
    ("ligne vide", "info", "1 ligne vide, mise de côté ({lignes}).", "{n} lignes vides, mises de côté ({lignes})."),
    ("hors période", "attention", "1 commande en dehors de la période choisie, mise de côté ({lignes}).",
     "{n} commandes en dehors de la période choisie, mises de côté ({lignes})."),
    ("commande en double", "attention",
     "1 ligne répète un numéro de commande déjà vu : j'ai gardé la première ({lignes}).",
     "{n} lignes répètent un numéro de commande déjà vu : j'ai gardé la première de chacun ({lignes})."),
    ("annulée", "info", "1 commande annulée ou non payée, mise de côté ({lignes}).",
     "{n} commandes annulées ou non payées, mises de côté ({lignes})."),
    ("remboursée", "info", "1 commande remboursée entièrement, mise de côté ({lignes}).",
     "{n} commandes remboursées entièrement, mises de côté ({lignes})."),
)


def set_aside(ctx: Context) -> list[Finding]:
    """Rows set aside: unreadable or implausible dates, missing or unreadable amounts, duplicates…"""
    return [f for prefix, niveau, one, many in SET_ASIDE for f in _set_aside(ctx, prefix, niveau, one, many)]


def identical_rows(ctx: Context) -> list[Finding]:
    """Kept rows identical to another one (only when there is no order number to tell them apart)."""
    cmd = ctx.commandes
    if "commande_id" in cmd or cmd.empty:
        return []
    dup = cmd.duplicated(keep="first")
    if not dup.any():
        return []
    lines = ctx.lignes[dup].tolist()
    return [Finding("attention", f"{_n(len(lines), 'ligne identique', 'lignes identiques')} à une autre ({lines_text(lines)}) : "
                                 "des doublons, ou des tickets vraiment identiques ? Je les ai gardées.", lines)]


def missing_values(ctx: Context) -> list[Finding]:
    """Missing values in the optional columns kept (an anonymous ticket is not a missing value)."""
    out = []
    for column in ("commande_id", "point_de_vente", "canal", "nb_articles", "montant_ttc"):
        if column in ctx.commandes:
            empty = ctx.commandes[column].isna()
            if empty.any():
                lines = ctx.lignes[empty].tolist()
                out.append(Finding("attention", f"Colonne {column} : {_n(len(lines), 'valeur manquante', 'valeurs manquantes')}"
                                                f" ({lines_text(lines)}).", lines))
    return out


RULE = ("Une vente, c'est une commande d'un montant positif. Un avoir (remboursement, montant négatif) n'est pas "
        "une vente : il ne compte ni dans les transactions, ni dans le panier moyen, ni pour dire qu'un client est "
        "actif. Les commandes à 0 € sont laissées de côté de la même façon.")
"""The refund rule as the course words it for students (contract rule 2)."""


def refunds_and_zeros(ctx: Context) -> list[Finding]:
    """Avoirs (negative amounts) and 0 € orders (contract rule 2)."""
    if ctx.commandes.empty:
        return []
    ht = ctx.commandes["montant_ht"]
    neg, zero = (ht < 0).to_numpy(), (ht == 0).to_numpy()
    if not neg.any() and not zero.any():
        return []
    parts, lines = [], sorted(ctx.lignes[neg | zero].tolist())
    if neg.any():
        n = int(neg.sum())
        parts.append(f"{_n(n, 'avoir')} ({format_euros(ht[neg].sum())} HT en tout ; "
                     f"{lines_text(ctx.lignes[neg])})")
    if zero.any():
        parts.append(f"{_n(int(zero.sum()), 'commande')} à 0 € ({lines_text(ctx.lignes[zero])})")
    text = " et ".join(parts)
    return [Finding("info", f"{text[:1].upper()}{text[1:]}. {RULE}", lines)]


def ht_above_ttc(ctx: Context) -> list[Finding]:
    """HT larger than TTC: the two columns are swapped, or one is wrong."""
    cmd = ctx.commandes
    if "montant_ttc" not in cmd or cmd.empty:
        return []
    bad = cmd["montant_ht"].abs() > cmd["montant_ttc"].abs() + 0.005
    if not bad.any():
        return []
    lines = ctx.lignes[bad].tolist()
    return [Finding("attention", f"{_n(len(lines), 'commande')} avec un montant HT plus grand que le TTC "
                                 f"({lines_text(lines)}) : les deux colonnes sont-elles inversées ?", lines)]


def empty_months(ctx: Context) -> list[Finding]:
    """Whole months without any order inside the period covered."""
    debut, fin = ctx.periode
    if ctx.commandes.empty:
        return []
    months = pd.period_range(pd.Period(debut, freq="M"), pd.Period(fin, freq="M"), freq="M")
    inside = [m for m in months if m.start_time >= debut and m.end_time.normalize() <= fin]
    seen = {pd.Period(m, freq="M") for m in np.unique(ctx.commandes["date"].to_numpy().astype("datetime64[M]"))}
    empty = [m for m in inside if m not in seen]
    if not empty:
        return []
    names = ", ".join(format_period(m) for m in empty)
    return [Finding("attention", f"Aucune commande en {names} : le magasin était-il fermé, ou l'export "
                                 "est-il incomplet ? Ces mois compteront 0 vente dans les tableaux.")]


def customer_ids(ctx: Context) -> list[Finding]:
    """Orders whose customer is not in the customer file; ids that match only without leading zeros."""
    if ctx.clients_file is None or "client_id" not in ctx.commandes:
        return []
    known = set(ctx.clients_file["client_id"].dropna())
    ids = ctx.commandes["client_id"]
    absent = ids.notna() & ~ids.isin(known)
    if not absent.any():
        return []
    stripped = {str(k).lstrip("0") for k in known}
    zeros = absent & ids.str.lstrip("0").isin(stripped)
    out = []
    if zeros.any():
        lines = ctx.lignes[zeros].tolist()
        example = ids[zeros].iloc[0]
        out.append(Finding("attention", f"{_n(len(lines), 'commande a', 'commandes ont')} un client qui ne correspond au fichier "
                                        f"clients qu'en enlevant les zéros du début (« {example} ») : un des deux "
                                        "fichiers a été lu comme des nombres. Ouvre-les avec import_orders (les "
                                        "identifiants restent du texte).", lines))
    rest = absent & ~zeros
    if rest.any():
        lines = ctx.lignes[rest].tolist()
        out.append(Finding("attention", f"{_n(len(lines), 'commande a', 'commandes ont')} un client absent du fichier clients "
                                        f"({lines_text(lines)}).", lines))
    return out


def notes(ctx: Context) -> list[Finding]:
    """What the reading decided (date format, VAT rate…), and personal data in the file."""
    out = [Finding("info", note) for note in ctx.notes]
    from kpilab.datasets.import_parse import normalise_header

    personal = [h for h in ctx.headers if is_personal(normalise_header(h))]
    if personal:
        out.append(Finding("attention", f"Ton fichier contient des données personnelles ({', '.join(personal)}) : "
                                        "ne le partage pas tel quel. Avant de le partager, utilise "
                                        "datasets.pseudonymise (RGPD)."))
    return out


CHECKS = (counts, date_range, partial_months, set_aside, identical_rows, missing_values, refunds_and_zeros,
          ht_above_ttc, empty_months, customer_ids, notes)
"""Every check, in the order of the report."""


def run_checks(ctx: Context) -> list[Finding]:
    """The findings of every check, in the order of :data:`CHECKS`."""
    return [finding for check in CHECKS for finding in check(ctx)]
