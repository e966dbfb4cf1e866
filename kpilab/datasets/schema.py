"""Column order and types of the course tables.

One description serves both directions: :func:`kpilab.datasets.write` writes
the columns in this order and format, :func:`kpilab.datasets.load` reads them
back with these dtypes, and the generator gives its frames the same dtypes,
so ``generate()`` and ``load()`` return equal frames.

Kinds of columns:

- ``id``: identifier, pandas ``str`` (missing allowed, e.g. anonymous tickets);
- ``text``: free text, pandas ``str``;
- ``category``: a code from a fixed list, pandas ``category`` with these
  categories (ordered for company sizes);
- ``date``: ``datetime64[us]`` written ``YYYY-MM-DD`` (missing = ``NaT``);
- ``int``: a count, ``int64`` (never missing);
- ``money``: euros, ``float64`` written with exactly two decimals (missing =
  ``NaN``, e.g. the amount of a deal that is not won).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpilab.datasets import catalog as cat
from kpilab.datasets import shop_catalog as sc

DATE_DTYPE = "datetime64[us]"
STR_DTYPE = pd.StringDtype(na_value=np.nan)  # what pandas 3 calls "str"


@dataclass(frozen=True)
class Column:
    """One column of a table."""

    name: str
    kind: str  # id, text, category, date, int, money
    categories: tuple[str, ...] | None = None
    ordered: bool = False
    nullable: bool = False

    @property
    def dtype(self):
        """The pandas dtype of the column once loaded."""
        if self.kind in ("id", "text"):
            return STR_DTYPE
        if self.kind == "category":
            return pd.CategoricalDtype(list(self.categories), ordered=self.ordered)
        if self.kind == "date":
            return np.dtype(DATE_DTYPE)
        if self.kind == "int":
            return np.dtype("int64")
        if self.kind == "money":
            return np.dtype("float64")
        raise ValueError(f"unknown column kind {self.kind!r}")


def _c(name, kind, categories=None, *, ordered=False, nullable=False):
    return Column(name, kind, tuple(categories) if categories else None, ordered, nullable)


PRODUCT_NAMES = tuple(p.name for p in cat.PRODUCTS)
FOOTFALL_POINTS = (*cat.SHOPS, cat.WEB_SHOP)
SELLER_NAMES = tuple(s.name for s in sc.SELLERS)

SCHEMAS: dict[str, tuple[Column, ...]] = {
    "campagnes": (
        _c("campagne_id", "id"),
        _c("nom", "text"),
        _c("canal", "category", cat.CAMPAIGN_CHANNELS),
        _c("date_debut", "date"),
        _c("date_fin", "date"),
        _c("cout_ht", "money"),
        _c("contacts", "int"),
        _c("contacts_invalides", "int"),
        _c("reponses", "int"),
    ),
    "prospects": (
        _c("prospect_id", "id"),
        _c("entreprise", "text"),
        _c("secteur", "category", cat.SECTORS),
        _c("taille", "category", cat.SIZES, ordered=True),
        _c("source", "category", cat.LEAD_SOURCES),
        _c("campagne_id", "id", nullable=True),
        _c("commercial", "category", cat.SALESPEOPLE),
        _c("date_premier_contact", "date"),
        _c("statut", "category", cat.STATUSES),
        _c("date_signature", "date", nullable=True),
        _c("date_abandon", "date", nullable=True),
        _c("nb_velos", "int"),
        _c("montant_ht", "money", nullable=True),
        _c("client_id", "id", nullable=True),
    ),
    "clients": (
        _c("client_id", "id"),
        _c("type_client", "category", cat.CLIENT_TYPES),
        _c("segment", "category", cat.CLIENT_SEGMENTS),
        _c("canal_acquisition", "category", cat.CHANNELS),
        _c("point_de_vente", "category", cat.POINTS_OF_SALE),
        _c("date_inscription", "date"),
        _c("prospect_id", "id", nullable=True),
    ),
    "commandes": (
        _c("commande_id", "id"),
        _c("date", "date"),
        _c("canal", "category", cat.CHANNELS),
        _c("point_de_vente", "category", cat.POINTS_OF_SALE),
        _c("client_id", "id", nullable=True),
        _c("nb_articles", "int"),
        _c("montant_ht", "money"),
        _c("montant_ttc", "money"),
    ),
    "lignes_commande": (
        _c("commande_id", "id"),
        _c("ligne", "int"),
        _c("produit", "category", PRODUCT_NAMES),
        _c("categorie", "category", cat.CATEGORIES),
        _c("quantite", "int"),
        _c("prix_unitaire_ht", "money"),
        _c("prix_achat_unitaire_ht", "money"),
        _c("montant_ht", "money"),
    ),
    "frequentation": (
        _c("date", "date"),
        _c("point_de_vente", "category", FOOTFALL_POINTS),
        _c("visiteurs", "int"),
    ),
    "magasins": (
        _c("point_de_vente", "category", cat.SHOPS),
        _c("emplacement", "text"),
        _c("surface_vente_m2", "int"),
        _c("loyer_annuel_ht", "money"),
        _c("masse_salariale_annuelle", "money"),
        _c("autres_charges_fixes_ht", "money"),
        _c("charges_fixes_annuelles_ht", "money"),
    ),
    "passants": (
        _c("date", "date"),
        _c("point_de_vente", "category", cat.SHOPS),
        _c("passants", "int"),
    ),
    "inventaires": (
        _c("date_inventaire", "date"),
        _c("point_de_vente", "category", cat.SHOPS),
        _c("categorie", "category", cat.CATEGORIES),
        _c("stock_initial_ht", "money"),
        _c("achats_ht", "money"),
        _c("cout_achat_ventes_ht", "money"),
        _c("stock_theorique_ht", "money"),
        _c("stock_compte_ht", "money"),
    ),
    "vendeurs": (
        _c("vendeur", "category", SELLER_NAMES),
        _c("point_de_vente", "category", cat.SHOPS),
        _c("poste", "category", sc.ROLES),
        _c("heures_hebdo", "int"),
        _c("date_entree", "date"),
        _c("date_sortie", "date", nullable=True),
    ),
    "objectifs": (
        _c("mois", "date"),
        _c("point_de_vente", "category", cat.SHOPS),
        _c("vendeur", "category", SELLER_NAMES),
        _c("heures_prevues", "int"),
        _c("heures_travaillees", "int"),
        _c("objectif_ca_ht", "money"),
    ),
    "tickets_vendeurs": (
        _c("commande_id", "id"),
        _c("vendeur", "category", SELLER_NAMES),
    ),
}
"""Per table, its columns in file order."""

TABLES = ("campagnes", "prospects", "clients", "commandes", "lignes_commande", "frequentation")
"""The six tables of the customer journey, in its order."""

SHOP_TABLES = ("magasins", "passants", "inventaires", "vendeurs", "objectifs", "tickets_vendeurs")
"""The tables of the shops' management and of their sales team (gestion opérationnelle, équipe)."""

ALL_TABLES = (*TABLES, *SHOP_TABLES)
"""Every table of the course data: the customer journey, then the shops."""

SORT_KEYS = {
    "campagnes": ["campagne_id"],
    "prospects": ["prospect_id"],
    "clients": ["client_id"],
    "commandes": ["commande_id"],
    "lignes_commande": ["commande_id", "ligne"],
    "frequentation": ["date", "point_de_vente"],
    "magasins": ["point_de_vente"],
    "passants": ["date", "point_de_vente"],
    "inventaires": ["date_inventaire", "point_de_vente", "categorie"],
    "vendeurs": ["vendeur"],
    "objectifs": ["mois", "point_de_vente", "vendeur"],
    "tickets_vendeurs": ["commande_id"],
}
"""Row order of each file (categories sort in their declared order)."""


def columns(name: str) -> list[str]:
    """Column names of a table, in file order."""
    return [c.name for c in SCHEMAS[name]]


def dtypes(name: str) -> dict:
    """Mapping column → pandas dtype of a loaded table."""
    return {c.name: c.dtype for c in SCHEMAS[name]}


def coerce(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with the columns of table ``name``, in order, typed.

    Raises ``ValueError`` when a column is missing, a code is not one of its
    categories, or a non-nullable column holds a missing value.
    """
    missing = [c.name for c in SCHEMAS[name] if c.name not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing columns {missing}")
    out = {}
    for col in SCHEMAS[name]:
        values = frame[col.name]
        if values.dtype == col.dtype:
            typed = values
        elif col.kind == "category":
            typed = values.astype(STR_DTYPE).astype(col.dtype)
            unknown = typed.isna() & values.notna()
            if unknown.any():
                bad = sorted(set(values[unknown].astype(str)))[:5]
                raise ValueError(f"{name}.{col.name}: unknown codes {bad}")
        elif col.kind == "date":
            typed = pd.to_datetime(values, format="%Y-%m-%d") if values.dtype == object or isinstance(
                values.dtype, pd.StringDtype
            ) else values
            typed = typed.astype(col.dtype)
        else:
            typed = values.astype(col.dtype)
        if not col.nullable and typed.isna().any():
            raise ValueError(f"{name}.{col.name}: missing values in a required column")
        out[col.name] = typed
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))
