"""The one exception kpilab raises for bad input, and the French grammar of its messages.

Messages are built from templates (the ``MESSAGES`` dicts of
:mod:`kpilab._inputs`, :mod:`kpilab.formulas` and :mod:`kpilab.formatting`)
filled in by :func:`render`. A KPI's name goes in as a :class:`Name`, stored
with its article ("le coût par conversion"), so that a template asks for the
form it needs and French contractions come out right:

- ``{kpi}``: le coût par conversion, l'indice de vente;
- ``{kpi.cap}``: the same with a capital, to start a sentence;
- ``{kpi.de}``: du coût par conversion, de l'indice de vente, de la durée de
  vie, des ventes (never "de le", "de les");
- ``{kpi.a}``: au coût par conversion, à l'indice de vente, aux ventes.

>>> name = Name("le coût par conversion")
>>> render("Le calcul {kpi.de} est impossible.", kpi=name)
'Le calcul du coût par conversion est impossible.'
>>> Name("l'indice de vente").de, Name("les ventes").a, Name("achats par an").de
("de l'indice de vente", 'aux ventes', "d'achats par an")
"""

from __future__ import annotations

__all__ = ["KPIError", "KPIWarning", "Name", "render"]


class KPIError(ValueError):
    """Bad input to a kpilab function, explained in French for the student.

    A subclass of :class:`ValueError`, so ``except ValueError`` catches it too.
    The message names the argument at fault and says what to do.

    >>> from kpilab import conversion_rate, KPIError
    >>> try:
    ...     conversion_rate(3, 0)
    ... except KPIError as err:
    ...     print("leads" in str(err))
    True
    """


class KPIWarning(UserWarning):
    """Something a kpilab table left out or cannot compare, said in French.

    A :class:`UserWarning`: the result is still computed, and the warning
    counts what the student should know about it (rows set aside, a period
    only partly covered by the data).

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn(KPIWarning("2 commandes sans montant laissées de côté."))
    >>> caught[0].category.__name__
    'KPIWarning'
    """


_VOWELS = set("aàâäeéèêëiîïoôöuùûüœæh")  # "h": a mute h elides (l'heure), see _ASPIRATED for the others
_ASPIRATED = ("hausse", "haut", "hors", "hall", "hasard", "héros", "hiérarchie", "honte", "hauteur")


def _elides(word: str) -> bool:
    """Whether ``de``/``le``/``que`` before ``word`` become ``d'``/``l'``/``qu'``."""
    lower = word.lower()
    return bool(lower) and lower[0] in _VOWELS and not lower.startswith(_ASPIRATED)


class Name:
    """A French noun phrase with its article, and the forms a sentence needs.

    ``Name("le taux de réponse")``; without an article (``Name("achats par
    an")``) the forms are ``de``/``d'`` and ``à`` alone.
    """

    __slots__ = ("text", "article", "noun")

    def __init__(self, text: str):
        self.text = text.strip()
        lower = self.text.lower()
        for article in ("le ", "la ", "les ", "l'", "l’"):
            if lower.startswith(article):
                self.article, self.noun = article.strip().replace("’", "'"), self.text[len(article):]
                break
        else:
            self.article, self.noun = "", self.text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Name({self.text!r})"

    def __format__(self, spec: str) -> str:
        return format(self.text, spec)

    def __eq__(self, other) -> bool:
        return isinstance(other, Name) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    @property
    def cap(self) -> str:
        """The name with its first letter in capital: Le taux de réponse."""
        return self.text[:1].upper() + self.text[1:]

    @property
    def de(self) -> str:
        """``de`` + the name: du …, de la …, de l'…, des …, d'… or de …."""
        forms = {"le": "du ", "la": "de la ", "les": "des ", "l'": "de l'"}
        if self.article:
            return forms[self.article] + self.noun
        return ("d'" if _elides(self.noun) else "de ") + self.noun

    @property
    def a(self) -> str:
        """``à`` + the name: au …, à la …, à l'…, aux … or à …."""
        forms = {"le": "au ", "la": "à la ", "les": "aux ", "l'": "à l'"}
        return (forms[self.article] if self.article else "à ") + self.noun


def render(template: str, **fields) -> str:
    """A message from its template: a ``str`` is turned into a :class:`Name` for ``kpi``."""
    if isinstance(fields.get("kpi"), str):
        fields["kpi"] = Name(fields["kpi"])
    return template.format(**fields)
