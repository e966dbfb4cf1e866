"""The dashboard's French words: labels, the notes that carry the lessons' rules, numbers as text.

Everything a student reads on a tile, in a menu or under the tiles is here:
the KPIs (:data:`KPIS`, their labels, units and decimals), the labels that
depend on the scope, the notes and remarks that say why a
figure is provisional or how to read it (lessons 02, 03, 05 and 06), the
legend, and the French format of a value and of its change. Nothing here
computes a KPI; :mod:`kpilab.dashboard_numbers` chooses which text applies.

>>> format_value(239.92, "€")
'239,92\u202f€'
>>> format_change(-1.62, "points"), format_change(12.34, "%")
('−1,6\u202fpoint', '+12,3\u202f%')
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpilab import formatting

__all__ = ["KPI", "KPIS", "BY_CODE", "digits", "SEGMENT_LABELS", "CHANNEL_LABELS", "BASKET_LABELS",
           "TRANSFORMATION_LABELS", "COMPANIES_NOTE", "NO_RETENTION_REMARK", "MEAN_CYCLE_NOTE",
           "MEAN_UP_MEDIAN_DOWN_NOTE", "LEGEND", "DEFAULT_DIGITS", "MISSING_NOTES", "UNEQUAL_PERIODS_NOTE",
           "provisional_label", "provisional_note", "no_previous_year_note", "no_customers_before_note",
           "partial_year_note", "format_value", "shown_change", "format_change", "scope_title", "dashboard_title",
           "headline"]

@dataclass(frozen=True)
class KPI:
    """One row of the dashboard: code, French label, unit, and whether a rise is good news.

    ``rise_is_good=None``: the change is shown without a judgement (grey), as
    for the mean sales cycle, which is judged on its median (lesson 03).
    """

    code: str
    label: str
    unit: str  # "€", "nombre", "articles", "%", "jours"
    rise_is_good: bool | None = True
    digits: int | None = None  # decimals shown; None: the unit's default


KPIS = (
    KPI("chiffre_affaires_ht", "Chiffre d'affaires HT", "€", digits=0),
    KPI("transactions", "Transactions (tickets et commandes)", "nombre"),
    KPI("panier_moyen_ht", "Panier moyen HT", "€"),
    KPI("indice_de_vente", "Indice de vente (articles par transaction)", "articles"),
    KPI("taux_de_marque", "Taux de marque", "%"),
    KPI("taux_de_transformation", "Taux de transformation", "%"),
    KPI("clients_actifs", "Clients actifs (au moins un achat dans l'année)", "nombre"),
    KPI("nouveaux_clients", "Nouveaux clients (inscrits dans l'année)", "nombre"),
    KPI("taux_de_retention", "Taux de rétention", "%"),
    KPI("taux_d_attrition", "Taux d'attrition", "%", rise_is_good=False),
    KPI("taux_de_reponse", "Taux de réponse des campagnes (B2B)", "%"),
    KPI("taux_de_conversion", "Taux de conversion des leads (B2B)", "%"),
    KPI("cycle_de_vente_moyen", "Cycle de vente moyen (B2B)", "jours", rise_is_good=None, digits=1),
    KPI("cycle_de_vente_median", "Cycle de vente médian (B2B)", "jours", rise_is_good=False, digits=1),
)
"""The rows of :func:`~kpilab.dashboard_numbers.summary`, in order (a row is left out when it does not apply)."""

BY_CODE = {kpi.code: kpi for kpi in KPIS}


def digits(code: str) -> int | None:
    """The decimals a KPI is shown with (None: its unit's default, :data:`~kpilab.dashboard_text.DEFAULT_DIGITS`)."""
    kpi = BY_CODE.get(code)
    return kpi.digits if kpi else None


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

MISSING_NOTES = {
    "indice_de_vente": "Indice de vente : il faut le nombre d'articles par commande (colonne nb_articles).",
    "lignes_commande": ("Taux de marque : il faut le détail des commandes avec le prix d'achat des articles "
                        "(tableau lignes_commande)."),
    "commande_id": ("Taux de marque : il faut le numéro de chaque commande (colonne commande_id) pour la relier "
                    "au tableau lignes_commande."),
    "prix_achat_unitaire_ht": ("Taux de marque : il faut le prix d'achat de chaque article (colonne "
                               "prix_achat_unitaire_ht du tableau lignes_commande)."),
    "frequentation": "Taux de transformation : il faut la fréquentation du magasin (tableau frequentation).",
    "visiteurs": ("Taux de transformation : il faut le nombre de visiteurs (colonne visiteurs du tableau "
                  "frequentation)."),
    "point_de_vente": ("Taux de transformation : il faut le point de vente de chaque commande (colonne "
                       "point_de_vente) pour la rapprocher de la fréquentation de chaque magasin."),
    "points comptés": ("Taux de transformation : la fréquentation ne compte aucun des points de vente de tes "
                       "commandes (colonne point_de_vente des deux tableaux)."),
    "client_id": ("Clients actifs, nouveaux clients, taux de rétention et d'attrition : il faut l'identifiant client "
                  "(colonne client_id)."),
    "date_inscription": ("Nouveaux clients : il faut la date d'inscription de chaque client (tableau clients, "
                         "colonne date_inscription)."),
    "campagnes": "Taux de réponse des campagnes : il faut tes campagnes de prospection (tableau campagnes).",
    "prospects": "Taux de conversion des leads et cycle de vente : il faut tes leads (tableau prospects).",
}
"""Why a tile is hidden: the table or column it needs is missing from the user's data (keys: what is missing)."""

UNEQUAL_PERIODS_NOTE = ("Les évolutions comparent donc des périodes de durées différentes : ce n'est pas "
                        "une comparaison à périmètre égal.")


def no_previous_year_note(year: int) -> str:
    """Why the changes are « — »: the data hold no order of the year before.

    >>> no_previous_year_note(2025).replace("\u00a0", " ")
    "Pas d'évolution : les données n'ont aucune commande en 2024, il n'y a rien à comparer avec 2025."
    """
    return (f"Pas d'évolution : les données n'ont aucune commande en {year - 1}, il n'y a rien à comparer "
            f"avec {year}.")


def no_customers_before_note(year: int) -> str:
    """Why retention, churn and new customers are « — »: no customers of the year before to follow."""
    return (f"Taux de rétention et d'attrition, nouveaux clients : il faut les commandes de {year - 1} (les clients "
            "du début de l'année).")


def partial_year_note(year: int, first, last) -> str:
    """A year that the data cover only in part (from ``first`` to ``last``, days included).

    >>> partial_year_note(2025, pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30")).replace("\u00a0", " ")
    "2025 n'est couverte que du 01/01/2025 au 30/06/2025 : ne la compare pas à une année complète."
    """
    return (f"{year} n'est couverte que du {formatting.format_date(first)} au {formatting.format_date(last)} : "
            "ne la compare pas à une année complète.")


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
    """``Roue Libre — 2025 — Croix-Rousse — tous les clients`` (the channel too when one is chosen).

    On the user's own data (``attrs["donnees"] == "propres"``) the title starts
    with ``Tes données``, and leaves the point of sale out when the orders have none.
    """
    attrs = table.attrs
    own = attrs.get("donnees") == "propres"
    year = attrs.get("annee", "")
    canal = attrs.get("canal")
    point = attrs.get("point_de_vente") or "tous les points de vente"
    segment = attrs.get("segment")
    segment = SEGMENT_LABELS.get(segment, segment) if segment else "tous les clients"
    parts = ["Tes données" if own else "Roue Libre", str(year)]
    parts += [f"canal {CHANNEL_LABELS.get(canal, canal)}"] if canal else []
    parts += [point] if not own or attrs.get("point_de_vente") or attrs.get("points_de_vente") else []
    return " — ".join(parts + [segment])


def dashboard_title(own: bool) -> str:
    """The heading of the widget and of the exported page."""
    return "Tableau de bord de tes données" if own else "Tableau de bord de Roue Libre"


def headline(note: str) -> str:
    """``32 leads de 2025 encore en cours : le taux…`` → ``32 leads de 2025 encore en cours``."""
    return note.split("\u00a0:")[0].split(" :")[0] if note else ""
