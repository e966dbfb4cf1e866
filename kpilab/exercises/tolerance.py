"""How close a right answer must be: one rule per kind of answer, as data.

A teacher accepts an answer rounded to the unit of its trade: a rate to the
tenth of a point, an amount to the euro (to the centime below 100 €), a
duration to the day, an index to the hundredth; a number counted in the data
must be exact. :data:`POLICY` holds these rules; the checking engine reads the
margin of every answer (and of every known mistake) from here, and the
exercise notebooks state the same rules in their instructions
(:func:`instructions`, written by ``make exercises``).

An answer passes when it is within half a unit of the expected value: the
value rounded to the unit passes, a cruder rounding does not (0,458 % → 0,5
passes, 0,4 does not).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Rule", "POLICY", "WORDS", "margin", "instructions"]

_EPSILON = 1e-9  # floating-point slack, relative to the value


@dataclass(frozen=True)
class Rule:
    """The tolerance of one kind of numeric answer, and how the notebooks state it."""

    kind: str
    unit: float  # the answer may be rounded to this unit (0: exact)
    text: str  # the French line of the instructions (markdown)
    large_unit: float | None = None  # from ``large_from`` up, this unit applies instead
    large_from: float | None = None

    def unit_for(self, value: float) -> float:
        if self.large_unit is not None and abs(value) >= self.large_from:
            return self.large_unit
        return self.unit

    def margin(self, value: float) -> float:
        """The largest gap to ``value`` that still counts as the same answer."""
        return self.unit_for(value) / 2 + _EPSILON * max(1.0, abs(value))


# The policy: what a teacher accepts for each kind of answer. Each line of the
# instructions gives an example that is no answer of the course (a test checks it).
POLICY: dict[str, Rule] = {rule.kind: rule for rule in (
    Rule("percent", 0.1,
         "**un taux** s'écrit en %, avec un point pour les décimales : 12,46 % s'écrit `12.46`. "
         "Arrondi au dixième de point (`12.5`), il est accepté ; `12` ne l'est pas."),
    Rule("points", 0.1,
         "**un écart de taux** s'écrit en points, positif si le taux monte : +2,34 points s'écrit "
         "`2.34`. Arrondi au dixième de point (`2.3`), il est accepté."),
    Rule("euros", 0.01,
         "**un montant** s'écrit en €, sans le signe € : 1 234,56 € s'écrit `1234.56`. À partir de "
         "100 €, l'arrondi à l'euro est accepté (`1235`) ; en dessous de 100 €, donne les centimes "
         "(48,30 € s'écrit `48.3`).",
         large_unit=1.0, large_from=100.0),
    Rule("days", 1.0,
         "**une durée** s'écrit en jours : 41,6 jours s'écrit `41.6`. Un écart de 0,5 jour est "
         "accepté (arrondie au jour, `42` passe). Un écart de dates de pandas (`Timedelta`) est lu "
         "en jours."),
    Rule("years", 0.1,
         "**une durée de vie** s'écrit en années : 3,46 ans s'écrit `3.46`. Arrondie au dixième "
         "d'année (`3.5`), elle est acceptée."),
    Rule("ratio", 0.01,
         "**un indice ou un coefficient** s'écrit avec un point : 1,847 s'écrit `1.847`. Arrondi "
         "au centième (`1.85`), il est accepté."),
    Rule("count", 0.0,
         "**un nombre compté dans les données** (des clients, des ventes) doit être exact : "
         "un nombre entier."),
    Rule("number", 1.0,
         "**un nombre estimé** (des clients ou des réponses dans une hypothèse) : inutile "
         "d'arrondir ; arrondi à l'unité, il est accepté."),
)}

# The answers that are not numbers, and how the notebooks state them.
WORDS: dict[str, str] = {
    "label": ("**un nom** (un canal, un magasin, un segment) s'écrit entre guillemets, comme dans "
              "le tableau ; les majuscules, les accents, les espaces et les tirets ne comptent pas "
              "(`\"saint etienne\"` vaut `\"Saint-Étienne\"`)."),
    "choice": ("**un QCM** se répond par une lettre entre guillemets : `\"a\"`, `\"b\"`, `\"c\"` "
               "ou `\"d\"`."),
    "formula": ("**une formule de tableur** s'écrit entre guillemets, comme tu la tapes dans Excel ou "
                "LibreOffice en français (`\"=SOMME(I2:I25)/SOMME(J2:J25)\"`) : elle est vérifiée sur ce "
                "qu'elle calcule, pas sur son écriture (majuscules, espaces, ordre des termes)."),
    "text": ("**une justification** s'écrit en une ou deux phrases, entre guillemets : elle est "
             "vérifiée sur les idées attendues (des mots clés), pas sur l'orthographe."),
}

_ORDER = ("percent", "points", "euros", "days", "years", "ratio", "count", "number", "label", "choice", "formula",
          "text")


def margin(kind: str, value: float) -> float:
    """The margin of an answer of ``kind`` expected to be ``value`` (0 for the kinds without a rule)."""
    rule = POLICY.get(kind)
    return rule.margin(value) if rule else _EPSILON * max(1.0, abs(value))


def instructions(kinds: Iterable[str]) -> str:
    """The markdown list of the rules for the kinds of answers of one exercise notebook."""
    used = set(kinds)
    lines = []
    for kind in _ORDER:
        if kind in used:
            text = POLICY[kind].text if kind in POLICY else WORDS[kind]
            lines.append(f"- {text}")
    return "\n".join(lines)
