"""Exports of online shop platforms, turned into the course's order columns (``preset=`` of
:func:`kpilab.datasets.import_orders`).

- ``"shopify"``: Shopify's orders export (Commandes > Exporter, CSV). One row per line item; the
  order's fields (Financial Status, Subtotal, Taxes, Total, Created at…) only on its first row.
  Rows are gathered into one order per ``Name`` (``#1001``): ``montant_ttc`` = Total,
  ``montant_ht`` = Total − Taxes, ``nb_articles`` = the sum of ``Lineitem quantity``, ``client_id`` =
  Email (personal data: pseudonymise it before sharing), ``date`` = Created at, ``point_de_vente`` =
  Location (``Site web`` for a web order without one), ``canal`` = Source (``pos`` → magasin,
  ``web`` → web).
- ``"woocommerce"``: WooCommerce's Analytics > Commandes download (``Date``, ``Order #``, ``Status``,
  ``Customer``, ``Customer type``, ``Product(s)``, ``Items sold``, ``Coupon(s)``, ``Net Sales``;
  ``montant_ht`` = Net Sales) or the classic order export (``Order ID``, ``Order Date``,
  ``Order Status``, ``Customer User ID`` / ``Billing Email``, ``Order Total``, ``Order Subtotal``,
  ``Cart Tax``…; ``montant_ht`` = Order Total − its taxes).

Statuses, as the course's refund rule wants them (contract rule 2: an avoir is a negative amount):

- cancelled, voided, failed, pending payment, draft: not a sale → ``.rejets`` (« commande annulée
  ou non payée »);
- refunded in full: the sale was undone → ``.rejets`` (« commande remboursée »), except when the
  export also has the refund as a row of its own (WooCommerce): then the order stays a sale and
  the refund row is its avoir;
- partially refunded (Shopify ``partially_refunded``): kept, its amounts net of ``Refunded Amount``
  (HT in the same proportion), and said in the report;
- a row with a negative amount (WooCommerce's refund rows): kept as an avoir, its number followed
  by ``-avoir`` so that it is not a duplicate of the order it refunds.

>>> sorted(PRESETS)
['shopify', 'woocommerce']
"""

from __future__ import annotations

import pandas as pd

from kpilab.datasets.import_parse import TARGETS, parse_amounts
from kpilab.errors import KPIError

__all__ = ["PRESETS", "prepare"]

CANCELLED = {"cancelled", "canceled", "voided", "failed", "pending", "pending payment", "pending_payment",
             "draft", "checkout-draft", "authorized", "expired", "annulee", "wc-cancelled", "wc-failed",
             "wc-pending", "wc-checkout-draft"}
REFUNDED = {"refunded", "wc-refunded", "remboursee"}


def _money(values: pd.Series) -> pd.Series:
    """Amounts back to plain text (``1234.50``) for the importer's one parser; ``""`` when missing."""
    return values.map(lambda v: "" if pd.isna(v) else f"{v:.2f}")


def _need(raw: pd.DataFrame, names, preset: str):
    missing = [n for n in names if n not in raw.columns]
    if missing:
        raise KPIError(f"Ce fichier n'a pas les colonnes d'un export {preset} ({', '.join(missing)} manquante(s)). "
                       f"Colonnes trouvées : {', '.join(map(repr, raw.columns))}. Sans preset=, donne-les avec columns=.")


def _status_motif(status: pd.Series) -> pd.Series:
    key = status.astype(str).str.strip().str.lower()
    motif = pd.Series("", index=status.index, dtype=object)
    motif[key.isin(CANCELLED)] = "annulée ou non payée (statut " + status.astype(str) + ")"
    motif[key.isin(REFUNDED)] = "remboursée entièrement (statut " + status.astype(str) + ")"
    return motif


def shopify(raw: pd.DataFrame):
    """One order per ``Name`` from Shopify's line-item rows."""
    _need(raw, ["Name", "Created at", "Total", "Taxes", "Financial Status"], "Shopify")
    first = ~raw["Name"].duplicated(keep="first")
    orders = raw[first].copy()
    qty = parse_amounts(raw.get("Lineitem quantity", pd.Series("", index=raw.index)))
    counts = qty.groupby(raw["Name"]).sum(min_count=1)
    total, taxes = parse_amounts(orders["Total"]), parse_amounts(orders["Taxes"]).fillna(0)
    ht = total - taxes
    notes = []
    motif = _status_motif(orders["Financial Status"])
    if "Cancelled at" in orders:
        motif[(orders["Cancelled at"].str.strip() != "") & (motif == "")] = "annulée ou non payée (Cancelled at)"
    partial = orders["Financial Status"].str.strip().str.lower() == "partially_refunded"
    if partial.any() and "Refunded Amount" in orders:
        refunded = parse_amounts(orders["Refunded Amount"]).fillna(0)
        share = (ht / total).where(total != 0, 1)
        total, ht = total.where(~partial, total - refunded), ht.where(~partial, ht - refunded * share)
        count = int(partial.sum())
        notes.append(f"{count} {'commande remboursée' if count == 1 else 'commandes remboursées'} en partie : "
                     "montants nets du remboursement.")
    work = pd.DataFrame(index=orders.index)
    work["commande_id"] = orders["Name"]
    work["date"] = orders["Created at"]
    if "Source" in orders:
        work["canal"] = orders["Source"].str.strip().str.lower().replace({"pos": "magasin", "web": "web"})
    if "Location" in orders:
        shop = orders["Location"].str.strip()
        if "canal" in work:
            shop = shop.where((shop != "") | (work["canal"] != "web"), "Site web")
        work["point_de_vente"] = shop
    if "Email" in orders:
        work["client_id"] = raw["Email"].where(raw["Email"].str.strip() != "").groupby(raw["Name"]).transform("first")[first].fillna("")
    work["nb_articles"] = _money(orders["Name"].map(counts)).str.removesuffix(".00")
    work["montant_ht"] = _money(ht.round(2))
    work["montant_ttc"] = _money(total)
    notes.append("Les clients sont identifiés par leur e-mail (« Email ») : pseudonymise-les avant de partager.")
    notes.append(f"Export Shopify : {len(raw)} lignes d'articles regroupées en {len(orders)} commandes (une par « Name »).")
    return work, motif, notes


def woocommerce(raw: pd.DataFrame):
    """WooCommerce's Analytics orders download, or its classic order export."""
    notes = []
    if "Order #" in raw.columns:
        _need(raw, ["Date", "Order #", "Status", "Net Sales"], "WooCommerce")
        work = pd.DataFrame({"commande_id": raw["Order #"], "date": raw["Date"]}, index=raw.index)
        if "Customer" in raw:
            work["client_id"] = raw["Customer"]
            notes.append("Les clients sont identifiés par leur nom (« Customer ») : pseudonymise-les avant de partager.")
        if "Items sold" in raw:
            work["nb_articles"] = raw["Items sold"]
        work["montant_ht"] = raw["Net Sales"]
        status, negative = raw["Status"], parse_amounts(raw["Net Sales"]) < 0
        notes.append("Export WooCommerce (Analytics > Commandes) : montant HT = Net Sales.")
    else:
        _need(raw, ["Order ID", "Order Date", "Order Status", "Order Total"], "WooCommerce")
        total = parse_amounts(raw["Order Total"])
        tax_cols = [c for c in ("Order Total Tax",) if c in raw] or [c for c in ("Cart Tax", "Shipping Tax", "Order Shipping Tax") if c in raw]
        taxes = sum((parse_amounts(raw[c]).fillna(0) for c in tax_cols), pd.Series(0.0, index=raw.index))
        work = pd.DataFrame({"commande_id": raw["Order ID"], "date": raw["Order Date"]}, index=raw.index)
        for name in ("Customer User ID", "Billing Email"):
            if name in raw:
                ids = raw[name].where(~raw[name].str.strip().isin(["", "0"]), "")
                work["client_id"] = ids if "client_id" not in work else work["client_id"].where(work["client_id"] != "", ids)
        for name in ("Quantity", "Item Count", "Items"):
            if name in raw:
                work["nb_articles"] = raw[name]
                break
        work["montant_ttc"] = _money(total)
        if tax_cols:
            work["montant_ht"] = _money((total - taxes).round(2))
        status, negative = raw["Order Status"], total < 0
        notes.append("Export WooCommerce (commandes) : montant HT = Order Total − " + " − ".join(tax_cols or ["(TVA à donner avec tva=)"]) + ".")
    motif = _status_motif(status)
    negative = negative.fillna(False).astype(bool)
    motif[negative] = ""
    # A refunded order whose refund is a row of its own (a negative one) stays a sale: the avoir undoes it.
    own_refund = work["commande_id"].isin(set(work.loc[negative, "commande_id"])) & ~negative
    motif[own_refund & motif.str.startswith("remboursée")] = ""
    work["commande_id"] = work["commande_id"].where(~negative, work["commande_id"] + "-avoir")
    return work, motif, notes


PRESETS = {"shopify": shopify, "woocommerce": woocommerce}


def prepare(preset: str, raw: pd.DataFrame, columns: dict | None = None):
    """``(work, motif, notes)``: the export as the course's columns (text), a reason per row to set
    it aside (``""`` to keep it), and notes for the report. ``columns`` adds or overrides columns."""
    key = str(preset).strip().lower()
    if key not in PRESETS:
        raise KPIError(f"preset={preset!r} n'existe pas. Presets possibles : {', '.join(map(repr, PRESETS))}.")
    work, motif, notes = PRESETS[key](raw)
    for header, target in (columns or {}).items():
        if target not in TARGETS or header not in raw.columns:
            raise KPIError(f"columns={{{header!r} : {target!r}}} : la colonne doit exister dans ton fichier et la cible "
                           f"être une colonne du cours ({', '.join(TARGETS)}).")
        work[target] = raw.loc[work.index, header]
    return work.fillna(""), motif.fillna(""), notes
