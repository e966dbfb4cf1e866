"""The catalogue as the generator's integer codes, and money in integer cents.

Products, categories, segment groups and points of sale become indices into
arrays; prices are integer cents so that every sum is exact to the cent.

>>> int(_with_vat(np.array([1000]))[0]), _cents(12.345)
(1200, 1234)
>>> GROUPS[0], MAGASIN, WEB, B2B
('anonyme', 0, 1, 2)
"""

from __future__ import annotations

import numpy as np

from kpilab.datasets import catalog as cat

PRODUCTS = cat.PRODUCTS
N_PRODUCTS = len(PRODUCTS)
PRODUCT_INDEX = {p.name: i for i, p in enumerate(PRODUCTS)}
CAT_INDEX = {c: i for i, c in enumerate(cat.CATEGORIES)}
PRODUCT_CAT = np.array([CAT_INDEX[p.category] for p in PRODUCTS])


def _cents(euros: float) -> int:
    return int(round(euros * 100))


VAT_PCT = round(cat.VAT_RATE * 100)  # 20


def _with_vat(ht: np.ndarray) -> np.ndarray:
    """TTC in cents from HT in cents, rounded half up to the cent."""
    return (ht * (100 + VAT_PCT) * 2 + 100) // 200


# Selling price HT derived from the shelf price TTC, rounded half up to the cent.
PRICE_HT = np.array(
    [(_cents(p.price_ttc) * 100 * 2 + 100 + VAT_PCT) // (2 * (100 + VAT_PCT)) for p in PRODUCTS], dtype=np.int64
)
PURCHASE_HT = np.array([_cents(p.purchase_ht) for p in PRODUCTS], dtype=np.int64)
EXTRA_N = np.array([p.extra_qty[0] for p in PRODUCTS], dtype=np.int64)
EXTRA_P = np.array([p.extra_qty[1] for p in PRODUCTS])

# Segment groups of the basket model.
GROUPS = ("anonyme", *cat.SEGMENTS)
POS = {name: i for i, name in enumerate(cat.POINTS_OF_SALE)}
WEB_POS, B2B_POS = POS[cat.WEB_SHOP], POS[cat.B2B_TEAM]
MAGASIN, WEB, B2B = 0, 1, 2
