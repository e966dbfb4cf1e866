"""The teacher's secret, and what it derives for each student: the seed of their data, their token.

The secret is 32 random bytes, kept as 64 hexadecimal digits in a file only its owner can read
(mode 0600), created the first time it is needed and never written over. Everything else is an
HMAC-SHA256 of the secret: without the secret nobody can compute another student's data or a
token, and with it the grader regenerates each student's data exactly.

- :func:`student_seed` — the seed of the student's variant of Roue Libre's data (never the course
  seed, 2024). ``attempt`` 1, 2… give the same student other variants, for a lesson whose
  statements would not hold on the first one (:data:`kpilab.exercises.facts` ``STORY``).
- :func:`student_token` — written into the devoir's notebook metadata: a notebook whose token is
  not its student's was not made for that student.

Student ids are compared in a normalised form (:func:`normalise`): case, accents, spaces and
punctuation do not count, so « Léa MARTIN » and « lea martin » are the same student.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from pathlib import Path

from kpilab.datasets import DEFAULT_SEED
from kpilab.errors import KPIError

__all__ = ["SECRET_BYTES", "normalise", "create_secret", "read_secret", "secret_for", "fingerprint",
           "student_seed", "student_token", "token_matches"]

SECRET_BYTES = 32
_HEX = re.compile(r"[0-9a-f]{%d}" % (2 * SECRET_BYTES))


def normalise(student_id: str) -> str:
    """``"Léa  MARTIN-Durand"`` → ``"lea-martin-durand"``: lower case, no accents, words joined by ``-``."""
    text = unicodedata.normalize("NFKD", str(student_id).replace("œ", "oe").replace("Œ", "oe")
                                 .replace("æ", "ae").replace("Æ", "ae").replace("ß", "ss"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return "-".join(re.findall(r"[a-z0-9]+", text))


def create_secret(path: str | os.PathLike) -> bytes:
    """Write a new random secret into ``path`` (mode 0600); refuses to write over an existing file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(SECRET_BYTES)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KPIError(f"Le fichier secret « {path} » existe déjà : il n'est jamais remplacé.") from None
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(secret.hex() + "\n")
    return secret


def read_secret(path: str | os.PathLike) -> bytes:
    """The secret kept in ``path``; a French error when the file is missing or is not a secret."""
    path = Path(path)
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip().lower()
    except FileNotFoundError:
        raise KPIError(f"Le fichier secret « {path} » est introuvable : sans lui, les données des étudiants "
                       "ne peuvent pas être recalculées.") from None
    except OSError as error:
        raise KPIError(f"Le fichier secret « {path} » ne peut pas être lu ({error.strerror}).") from None
    if not _HEX.fullmatch(text):
        raise KPIError(f"Le fichier « {path} » n'est pas un secret de kpilab (64 chiffres hexadécimaux attendus).")
    return bytes.fromhex(text)


def secret_for(path: str | os.PathLike) -> tuple[bytes, bool]:
    """(the secret of ``path``, whether it was just created): created when the file is absent."""
    path = Path(path)
    if path.exists():
        return read_secret(path), False
    return create_secret(path), True


def _mac(secret: bytes, purpose: str, *parts: str) -> bytes:
    if not isinstance(secret, bytes) or len(secret) < 16:
        raise KPIError("Le secret de l'enseignant doit faire au moins 16 octets.")
    message = "\x1f".join(("kpilab-devoir", purpose, *parts)).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).digest()


def fingerprint(secret: bytes) -> str:
    """A short public trace of the secret (it tells two secrets apart, it does not reveal one)."""
    return _mac(secret, "empreinte").hex()[:16]


def student_seed(secret: bytes, student_id: str, attempt: int = 0) -> int:
    """The seed of the student's data: 63 bits of HMAC-SHA256(secret, normalised id), never 2024."""
    digest = _mac(secret, "graine", normalise(student_id), str(int(attempt)))
    seed = int.from_bytes(digest[:8], "big") >> 1
    return seed + 1 if seed == DEFAULT_SEED else seed


def student_token(secret: bytes, student_id: str) -> str:
    """The token written into the student's notebook: 128 bits of HMAC-SHA256, in hexadecimal."""
    return _mac(secret, "jeton", normalise(student_id)).hex()[:32]


def token_matches(secret: bytes, student_id: str, token) -> bool:
    """Whether ``token`` is the student's (compared in constant time)."""
    return isinstance(token, str) and hmac.compare_digest(student_token(secret, student_id), token.strip().lower())
