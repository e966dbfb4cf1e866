"""The dashboard's French words: labels, the notes that carry the lessons' rules, numbers as text.

Everything a student reads on a tile, in a menu or under the tiles is here,
apart from the KPIs' own labels (:data:`kpilab.dashboard_numbers.KPIS`):
the labels that depend on the scope, the notes and remarks that say why a
figure is provisional or how to read it (lessons 02, 03, 05 and 06), the
legend, and the French format of a value and of its change. Nothing here
computes a KPI; :mod:`kpilab.dashboard_numbers` chooses which text applies.

>>> format_value(239.92, "€")
'239,92\u202f€'
>>> format_change(-1.62, "points"), format_change(12.34, "%")
('−1,6\u202fpoint', '+12,3\u202f%')
"""

from __future__ import annotations

import pandas as pd

from kpilab import formatting

__all__ = ["SEGMENT_LABELS", "CHANNEL_LABELS", "BASKET_LABELS", "TRANSFORMATION_LABELS", "COMPANIES_NOTE",
           "NO_RETENTION_REMARK", "MEAN_CYCLE_NOTE", "MEAN_UP_MEDIAN_DOWN_NOTE", "LEGEND", "DEFAULT_DIGITS",
           "provisional_label", "provisional_note", "format_value", "shown_change", "format_change", "scope_title",
           "headline"]

SEGMENT_LABELS = {
    "velotaf": "Vélotaf (domicile-travail)",
    "sportif": "Sportifs",
    "famille": "Familles",
    "occasionnel": "Occasionnels",
    "entreprise": "Entreprises",
}
"""French labels of the customer segments, for menus."""

CHANNEL_LABELS = {
    "magasin": "Magasins",
    "web": "Web",
    "b2b": "B2B (entreprises)",
}
"""French labels of the sales channels (``canal`` of ``commandes``), for menus."""

BASKET_LABELS = {
    "mixed": ("Panier moyen HT (sans le B2B)", "Indice de vente (sans le B2B)"),
    "b2b": ("Montant moyen d'une commande B2B HT", "Articles par commande B2B"),
}
"""Labels of the basket rows when the scope holds B2B orders (mixed with others, or B2B only)."""

TRANSFORMATION_LABELS = {
    "web": "Taux de conversion du site (commandes ÷ sessions)",
    "one shop": "Taux de transformation (tickets ÷ visiteurs)",
    "shops": "Taux de transformation des magasins réunis",
}
"""Label of the visitors' conversion: the web shop's sessions, one shop's door counter, or the shops together."""

COMPANIES_NOTE = ("Entreprises comprises\u00a0: pour elles, aucun achat dans l'année ne veut pas dire "
                  "client perdu (leçons 05 et 06).")
NO_RETENTION_REMARK = ("Pas de taux de rétention ni d'attrition pour les entreprises\u00a0: elles rachètent au "
                       "renouvellement de leur flotte, la règle «\u00a0un achat dans l'année\u00a0» ne leur "
                       "convient pas (leçons 05 et 06).")
MEAN_CYCLE_NOTE = "Tiré vers le haut par les affaires très longues\u00a0: lis-le avec le cycle médian (leçon 03)."
MEAN_UP_MEDIAN_DOWN_NOTE = ("La moyenne monte mais la médiane baisse\u00a0: quelques affaires très longues, "
                            "pas un ralentissement de l'affaire typique (leçon 03).")
LEGEND = ("Vert\u00a0: bonne nouvelle, rouge\u00a0: mauvaise nouvelle (une hausse de l'attrition ou du cycle "
          "médian est une mauvaise nouvelle), gris\u00a0: une évolution qui ne se juge pas seule (le cycle moyen "
          "se lit avec le cycle médian). Les taux évoluent en points, les montants et les nombres en %.")
"""The legend under the tiles."""

DEFAULT_DIGITS = {"€": 2, "nombre": 0, "articles": 2, "%": 1, "jours": 0}
"""Decimals shown for each unit, unless a KPI says otherwise."""


def provisional_label(label: str) -> str:
    """The label of a rate that open deals will still change (lesson 02)."""
    return f"{label}, provisoire"


def provisional_note(open_deals: int, year, rate) -> str:
    """Why a year's lead conversion is provisional: its open deals, and the least it can end at.

    >>> provisional_note(32, 2025, 24.03).replace("\\u00a0", " ").replace("\\u202f", " ")
    "32 leads de 2025 encore en cours : le taux définitif sera d'au moins 24,0 % (leçon 02)."
    """
    return (f"{open_deals}\u00a0leads de {year} encore en cours\u00a0: le taux définitif sera d'au moins "
            f"{format_value(rate, '%')} (leçon 02).")


def format_value(value, unit: str, digits: int | None = None) -> str:
    """A dashboard value in French format; ``"—"`` when it is not available."""
    if value is None or pd.isna(value):
        return "—"
    digits = DEFAULT_DIGITS.get(unit, 2) if digits is None else digits
    return formatting.format_value(value, unit, digits)


def shown_change(change) -> float:
    """A change as it is shown, to one decimal: the arrow and the colour follow this figure."""
    text = formatting.format_number(change, digits=1)
    return float(str(text).replace("\u202f", "").replace(" ", "").replace(",", "."))


def format_change(change, unit: str) -> str:
    """``+12,3 %`` or ``−1,6 point``; ``"—"`` when there is nothing to compare with."""
    if change is None or pd.isna(change):
        return "—"
    shown = shown_change(change)
    sign = "+" if shown > 0 else "−" if shown < 0 else ""
    number = formatting.format_number(abs(shown), digits=1)
    if unit == "points":
        return f"{sign}{number}\u202f{'point' if abs(shown) < 2 else 'points'}"
    return f"{sign}{number}\u202f%"


def scope_title(table: pd.DataFrame) -> str:
    """``Roue Libre — 2025 — Croix-Rousse — tous les clients`` (the channel too when one is chosen)."""
    year = table.attrs.get("annee", "")
    canal = table.attrs.get("canal")
    point = table.attrs.get("point_de_vente") or "tous les points de vente"
    segment = table.attrs.get("segment")
    segment = SEGMENT_LABELS.get(segment, segment) if segment else "tous les clients"
    parts = ["Roue Libre", str(year)] + ([f"canal {CHANNEL_LABELS.get(canal, canal)}"] if canal else [])
    return " — ".join(parts + [point, segment])


def headline(note: str) -> str:
    """``32 leads de 2025 encore en cours : le taux…`` → ``32 leads de 2025 encore en cours``."""
    return note.split("\u00a0:")[0].split(" :")[0] if note else ""
