"""The shop: basket, transformation, sales index, average item price, capture, sales per m² and per hour.

Conventions and sources:

- Taux de captation: "la part du flux devant boutique qui entre réellement dans le point de
  vente" (Procos and Stackr, Observatoire de la fréquentation des commerces, 2018,
  promojardin.com). The passers-by count everyone who passes the shop front, those who come
  in included; counters that report only the passers-by who did not come in (Aura Vision:
  entries ÷ (entries + passers-by)) need the entrants added first.
- Chiffre d'affaires au m²: annual revenue of the point of sale ÷ its surface de vente
  (lacote.ch, "Bonnes pour le commerce", 2019); the surface de vente is the space open to
  customers, not the stock room.
- Panier moyen = indice de vente × prix moyen par article: CA ÷ tickets = (articles ÷ tickets)
  × (CA ÷ articles), the split that MarketingScan's barometer reads (number of articles per
  ticket and average price per article, e-marketing.fr, 2010).
"""

from __future__ import annotations

from kpilab.formulas.core import ratio
from kpilab.formulas.french import MESSAGES

__all__ = ["average_order_value", "store_conversion_rate", "sales_index", "average_item_price", "capture_rate",
           "sales_per_square_metre", "sales_per_hour"]


def average_order_value(revenue, transactions):
    r"""Panier moyen (valeur moyenne des transactions), in €.

    .. math:: \text{panier moyen} = \frac{\text{chiffre d'affaires HT}}{\text{nombre de transactions}}

    The course uses revenue excluding VAT (HT); say which one you use.

    >>> average_order_value(15000, 250)
    60.0
    """
    return ratio(
        revenue, transactions,
        num="revenue", den="transactions",
        kpi="average_order_value", name="panier_moyen", percent=False,
    )


def store_conversion_rate(tickets, visitors):
    r"""Taux de transformation magasin, in %.

    .. math:: \text{taux de transformation} = \frac{\text{nombre de tickets}}{\text{nombre de visiteurs}} \times 100

    >>> store_conversion_rate(45, 300)
    15.0
    """
    return ratio(
        tickets, visitors,
        num="tickets", den="visitors",
        kpi="store_conversion_rate", name="taux_de_transformation", percent=True,
    )


def sales_index(articles, tickets):
    r"""Indice de vente (articles par ticket).

    .. math:: \text{indice de vente} = \frac{\text{nombre d'articles vendus}}{\text{nombre de tickets}}

    >>> sales_index(540, 300)
    1.8
    """
    return ratio(
        articles, tickets,
        num="articles", den="tickets",
        kpi="sales_index", name="indice_de_vente", percent=False,
    )


def average_item_price(revenue, items):
    r"""Prix moyen par article (PMA), in €.

    .. math:: \text{PMA} = \frac{\text{chiffre d'affaires}}{\text{nombre d'articles vendus}}

    With the indice de vente it splits the panier moyen: panier moyen = indice de vente × PMA.
    Use the same basis as the panier (HT in the course).

    >>> average_item_price(5400, 180)
    30.0
    """
    return ratio(
        revenue, items,
        num="revenue", den="items",
        kpi="average_item_price", name="prix_moyen_article", percent=False,
    )


def capture_rate(entrants, passers_by):
    r"""Taux de captation, in %: the share of the people passing the shop front who come in.

    .. math:: \text{taux de captation} = \frac{\text{nombre d'entrants}}{\text{nombre de passants}} \times 100

    ``passers_by`` counts everyone who passes the shop front, the entrants included, so the
    entrants cannot outnumber them.

    >>> capture_rate(150, 3000)
    5.0
    """
    return ratio(
        entrants, passers_by,
        num="entrants", den="passers_by",
        kpi="capture_rate", name="taux_de_captation", percent=True,
        advice=MESSAGES["passers_by_include_entrants"],
    )


def sales_per_square_metre(revenue, area_m2):
    r"""Chiffre d'affaires au m² de surface de vente, in € per m².

    .. math:: \text{CA au m²} = \frac{\text{chiffre d'affaires}}{\text{surface de vente en m²}}

    Compare shops over the same period (usually a year) and on the same basis (HT).

    >>> sales_per_square_metre(900_000, 250)
    3600.0
    """
    return ratio(
        revenue, area_m2,
        num="revenue", den="area_m2",
        kpi="sales_per_square_metre", name="ca_par_m2", percent=False,
    )


def sales_per_hour(revenue, hours):
    r"""Chiffre d'affaires par heure travaillée, in € per hour.

    .. math:: \text{CA par heure} = \frac{\text{chiffre d'affaires}}{\text{nombre d'heures travaillées}}

    A seller's (or a shop's) sales over the hours worked in the same period: it puts a
    part-time seller and a full-time one on the same footing.

    >>> sales_per_hour(18_900, 140)
    135.0
    """
    return ratio(
        revenue, hours,
        num="revenue", den="hours",
        kpi="sales_per_hour", name="ca_par_heure", percent=False,
    )
