"""Simulator of lesson 09: a day in a shop, from visitors to the margin of a helmet."""

from __future__ import annotations

from kpilab import formulas
from kpilab.simulators._core import (
    Lever,
    Result,
    Simulator,
    share_of,
    times,
)

# --- 09: shop indicators ---------------------------------------------------------------------------


def shop(visitors, transformation, basket, articles_per_ticket, purchase_price, selling_price_ht):
    """A shop's day: visitors → tickets → CA (whole tickets and articles); margin on one product."""
    tickets = share_of(visitors, transformation)
    return {
        "tickets": tickets,
        "revenue": float(tickets * basket),
        "articles": times(tickets, articles_per_ticket),
        "gross_margin_rate": formulas.gross_margin_rate(selling_price_ht, purchase_price) if selling_price_ht else None,
        "markup_rate": formulas.markup_rate(selling_price_ht, purchase_price) if purchase_price else None,
        "coefficient": (
            formulas.multiplier_coefficient(selling_price_ht * 1.2, purchase_price) if purchase_price else None
        ),
    }


SHOP = Simulator(
    name="shop",
    title="Une journée au magasin\u00a0: visiteurs, tickets et marge",
    levers=(
        Lever("visitors", "Visiteurs dans la journée", 0, 800, 10, 250),
        Lever("transformation", "Taux de transformation", 0, 60, 0.5, 18, "%"),
        Lever("basket", "Panier moyen HT", 10, 600, 5, 210, "€"),
        Lever("articles_per_ticket", "Indice de vente (articles par ticket)", 1, 4, 0.1, 1.6),
        Lever("purchase_price", "Prix d'achat HT d'un casque", 5, 150, 1, 30, "€"),
        Lever("selling_price_ht", "Prix de vente HT d'un casque", 10, 200, 1, 58, "€"),
    ),
    results=(
        Result("tickets", "Tickets", "number"),
        Result("revenue", "Chiffre d'affaires HT de la journée", "euros", main=True),
        Result("articles", "Articles vendus", "number"),
        Result("gross_margin_rate", "Taux de marque du casque", "percent",
               undefined="Prix de vente nul\u00a0: le taux de marque n'est pas défini."),
        Result("markup_rate", "Taux de marge du casque", "percent",
               undefined="Prix d'achat nul\u00a0: le taux de marge et le coefficient ne sont pas définis."),
        Result("coefficient", "Coefficient multiplicateur (PV TTC ÷ PA HT)", "ratio"),
    ),
    compute=shop,
)
