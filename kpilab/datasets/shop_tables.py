"""The six tables of the shops, as DataFrames, from the generated orders, lines and footfall.

Called by :func:`kpilab.datasets.generator.generate_tables` once the six tables of the
customer journey are made, with three random streams of their own: these tables read the
journey's values and never change one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpilab.datasets import catalog as cat
from kpilab.datasets.codes import CAT_INDEX, MAGASIN, PRODUCT_CAT, PURCHASE_HT
from kpilab.datasets.days import Calendar
from kpilab.datasets.frames import _category, _dates, _money, _str
from kpilab.datasets import shops, team

N_MONTHS = 24  # January 2024 … December 2025


def _calendar(cal: Calendar):
    """Per day of 2024-2025: its month number (0 = January 2024) and quarter; per month and quarter
    their number of days; per month the shops' calendar activity."""
    year, month = cal.window(cal.year), cal.window(cal.month)
    month_of_day = (year - 2024) * 12 + month - 1
    quarter_of_day = month_of_day // 3
    days_in_month = np.bincount(month_of_day, minlength=N_MONTHS).astype(np.float64)
    quarter_days = np.bincount(quarter_of_day, minlength=N_MONTHS // 3).astype(np.float64)
    open_weight = np.bincount(month_of_day, weights=cal.window(cal.shop), minlength=N_MONTHS)
    return month_of_day, quarter_of_day, days_in_month, quarter_days, open_weight


def _month_dates(numbers: np.ndarray) -> np.ndarray:
    """Month numbers (0 = January 2024) → the first day of the month, datetime64[us]."""
    return (np.datetime64("2024-01", "M") + numbers.astype("timedelta64[M]")).astype("datetime64[D]").astype(
        "datetime64[us]")


def shop_frames(rngs, cal: Calendar, orders: dict, lines: dict, foot: dict, order_ids: np.ndarray,
                scale: float) -> dict[str, pd.DataFrame]:
    """``magasins``, ``passants``, ``inventaires``, ``vendeurs``, ``objectifs``, ``tickets_vendeurs``.

    ``orders`` holds the final orders' ``day``, ``channel``, ``pos`` and ``amount`` (HT, cents);
    ``lines`` the lines' ``order``, ``product`` and ``quantity``; ``foot`` the footfall rows.
    """
    rng_street, rng_stock, rng_team = rngs
    month_of_day, quarter_of_day, days_in_month, quarter_days, open_weight = _calendar(cal)
    frames = {}

    place = shops.premises()
    frames["magasins"] = pd.DataFrame({
        "point_de_vente": _category(place["shop"], "magasins", "point_de_vente"),
        "emplacement": _str(place["location"]),
        "surface_vente_m2": place["area"],
        "loyer_annuel_ht": _money(place["rent"]),
        "masse_salariale_annuelle": _money(place["payroll"]),
        "autres_charges_fixes_ht": _money(place["other"]),
        "charges_fixes_annuelles_ht": _money(place["fixed"]),
    })

    street = shops.passers_by(rng_street, cal.window(cal.weekday), cal.window(cal.month), foot, scale)
    frames["passants"] = pd.DataFrame({
        "date": _dates(street["day"]),
        "point_de_vente": _category(street["point"], "passants", "point_de_vente"),
        "passants": street["passers"],
    })

    shop_order = orders["channel"] == MAGASIN
    line_cost = (lines["quantity"] * PURCHASE_HT[lines["product"]], PRODUCT_CAT[lines["product"]])
    costs = shops.quarter_costs(lines["order"], line_cost, orders["day"], orders["pos"], shop_order, quarter_of_day)
    stock = shops.inventories(rng_stock, costs, quarter_days)
    quarter_end = _month_dates(stock["quarter"] * 3 + 3) - np.timedelta64(1, "D")
    frames["inventaires"] = pd.DataFrame({
        "date_inventaire": quarter_end,
        "point_de_vente": _category(stock["shop"], "inventaires", "point_de_vente"),
        "categorie": _category(stock["category"], "inventaires", "categorie"),
        "stock_initial_ht": _money(stock["start"]),
        "achats_ht": _money(stock["bought"]),
        "cout_achat_ventes_ht": _money(stock["cost"]),
        "stock_theorique_ht": _money(stock["theoretical"]),
        "stock_compte_ht": _money(stock["counted"]),
    })

    people = team.sellers()
    frames["vendeurs"] = pd.DataFrame({
        "vendeur": _category(people["seller"], "vendeurs", "vendeur"),
        "point_de_vente": _category(people["shop"], "vendeurs", "point_de_vente"),
        "poste": _category(people["role"], "vendeurs", "poste"),
        "heures_hebdo": people["weekly"],
        "date_entree": pd.to_datetime(people["start"]).to_numpy("datetime64[us]"),
        "date_sortie": pd.to_datetime(people["end"]).to_numpy("datetime64[us]"),
    })

    ticket_rows = np.flatnonzero(shop_order)
    bike = np.zeros(len(shop_order), dtype=bool)
    bike[lines["order"][np.isin(PRODUCT_CAT[lines["product"]], [CAT_INDEX[c] for c in cat.CATEGORIES[:4]])]] = True
    tickets = dict(order=ticket_rows, shop=orders["pos"][ticket_rows], month=month_of_day[orders["day"][ticket_rows]],
                   amount=orders["amount"][ticket_rows], bike=bike[ticket_rows].astype(np.int64))
    goals, sold_by = team.objectives_and_tickets(rng_team, tickets, N_MONTHS, days_in_month, open_weight)
    frames["objectifs"] = pd.DataFrame({
        "mois": _month_dates(goals["month"]),
        "point_de_vente": _category(goals["shop"], "objectifs", "point_de_vente"),
        "vendeur": _category(goals["seller"], "objectifs", "vendeur"),
        "heures_prevues": goals["planned"],
        "heures_travaillees": goals["worked"],
        "objectif_ca_ht": _money(goals["objective"]),
    })
    frames["tickets_vendeurs"] = pd.DataFrame({
        "commande_id": _str(order_ids[sold_by["order"]]),
        "vendeur": _category(sold_by["seller"], "tickets_vendeurs", "vendeur"),
    })
    return frames
