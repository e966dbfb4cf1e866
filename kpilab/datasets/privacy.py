"""Pseudonymise a table of customers or orders before sharing it (RGPD).

:func:`pseudonymise` replaces each customer id by a stable pseudonym, ``"P"`` and the first 10
hex digits of HMAC-SHA256(secret, id): the same id always gives the same pseudonym with the same
secret, so that orders and customers still match, and nobody without the secret can recompute
(or test a guess of) the id behind a pseudonym. It also drops the columns that name a person
(name, e-mail, phone, address).

The secret is required, never generated silently: a secret made up on each call would give other
pseudonyms each time (the files no longer match), and one the function returned would too easily
end up in the shared notebook. The student makes one once (``secrets.token_hex(16)``), keeps it
outside the files they share, and passes it each time.

>>> import pandas as pd
>>> frame = pd.DataFrame({"client_id": ["00042", "00042", None], "Email": ["a@b.fr", "a@b.fr", ""]})
>>> out = pseudonymise(frame, secret="un secret de test assez long")
>>> list(out.columns), out["client_id"].iloc[0] == out["client_id"].iloc[1], out["client_id"].iloc[0][:1]
(['client_id'], True, 'P')
"""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd

from kpilab.datasets.import_checks import is_personal
from kpilab.datasets.import_parse import normalise_header
from kpilab.errors import KPIError

__all__ = ["pseudonymise", "pseudonym"]

MIN_SECRET = 16


def pseudonym(value, secret: str) -> str:
    """The pseudonym of one id: ``"P"`` + 10 hex digits of HMAC-SHA256(secret, id)."""
    digest = hmac.new(secret.encode("utf-8"), str(value).encode("utf-8"), hashlib.sha256).hexdigest()
    return "P" + digest[:10]


def pseudonymise(frame: pd.DataFrame, column: str = "client_id", secret: str | None = None, *,
                 personal=None) -> pd.DataFrame:
    """A copy of ``frame`` with ``column`` replaced by pseudonyms and the personal columns dropped.

    ``secret``: a text of at least 16 characters, kept private (``secrets.token_hex(16)`` makes one).
    ``personal``: the columns to drop; by default those whose header is a name, first name,
    e-mail, phone or address (``personal=[]`` drops none). Missing ids stay missing; ``frame`` is
    not changed.
    """
    if not isinstance(frame, pd.DataFrame):
        raise KPIError("Donne un tableau (DataFrame) à pseudonymiser, par exemple imp.commandes.")
    if not isinstance(secret, str) or len(secret) < MIN_SECRET:
        raise KPIError(
            "Il faut un secret d'au moins 16 caractères pour pseudonymiser (RGPD). Crée-le une fois avec "
            "« import secrets ; secrets.token_hex(16) », garde-le pour toi (hors des fichiers que tu partages), "
            "puis passe-le : pseudonymise(tableau, secret=\"…\")."
        )
    if column not in frame.columns:
        raise KPIError(f"La colonne {column!r} n'est pas dans le tableau. Colonnes : {', '.join(map(repr, frame.columns))}.")
    if personal is None:
        personal = [c for c in frame.columns if c != column and is_personal(normalise_header(c))]
    missing = [c for c in personal if c not in frame.columns]
    if missing:
        raise KPIError(f"Colonne(s) personnelle(s) absente(s) du tableau : {', '.join(map(repr, missing))}.")
    out = frame.drop(columns=[c for c in personal if c != column]).copy()
    ids = out[column]
    known = ids.notna() & (ids.astype(str).str.strip() != "")
    table = {value: pseudonym(value, secret) for value in ids[known].astype(str).str.strip().unique()}
    out[column] = ids.astype(str).str.strip().map(table).where(known, None).astype("str")
    return out
