"""Customers per period: active customers, retention, cohorts, lifetime value."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpilab import formulas
from kpilab.errors import KPIError
from kpilab.tables._activity import _Activity, _activity, _isin
from kpilab.tables._engine import (
    _NAT,
    _PERIOD_WORDS,
    _as_text,
    _by_list,
    _column_key,
    _dates,
    _kpi,
    _margin_share,
    _period_ordinals,
    _require,
    _sum_by,
)

B2B_CUSTOMERS = "entreprise"  # the companies: `type_client` (and segment) of `clients`


def active_customers(commandes: pd.DataFrame, period="year") -> pd.DataFrame:
    """The rule "client actif": one row per (client_id, periode) with a purchase.

    A customer is active in a period when they placed at least one order in
    it. Anonymous tickets (no client_id) and orders without a date are left out.

    >>> commandes = pd.DataFrame({"client_id": ["C1", "C1", "C2", None],
    ...                           "date": pd.to_datetime(["2024-03-01", "2024-05-02", "2025-01-10", "2025-02-01"])})
    >>> active_customers(commandes, period="year")
      client_id periode
    0        C1    2024
    1        C2    2025
    """
    activity = _activity(commandes, period)
    return pd.DataFrame({
        "client_id": activity.ids.take(activity.client).to_numpy(),
        "periode": activity.periods(activity.period).array,
    })


def _count_pairs(profile: pd.DataFrame, client: np.ndarray, period: np.ndarray, flags: dict) -> pd.DataFrame:
    """Per (profile columns…, periode): the number of pairs (``size``) and the sum of each flag."""
    if profile.columns.empty:  # per period only: counting is enough
        low = period.min() if len(period) else 0
        sizes = np.bincount(period - low)
        present = np.flatnonzero(sizes)
        counts = {}
        for name, values in flags.items():
            counts[(name, "size")] = sizes[present]
            counts[(name, "sum")] = np.bincount(period - low, weights=values, minlength=len(sizes))[present].astype("int64")
        return pd.DataFrame(counts, index=pd.Index(present + low, name="periode"))
    frame = pd.DataFrame({column: profile[column].take(client).array for column in profile.columns})
    frame["periode"] = period
    for name, values in flags.items():
        frame[name] = values.astype("int64")
    return frame.groupby([*profile.columns, "periode"], observed=True)[list(flags)].agg(["size", "sum"])


def retention_by(commandes: pd.DataFrame, clients: pd.DataFrame, by=None, period="year") -> pd.DataFrame:
    """Taux de rétention and taux d'attrition per period and customer segment.

    For each period P (from the second one in the data on):

    - clients au début (S): customers active in the period before P;
    - clients conservés: those of S still active in P (new customers never);
    - clients perdus: those of S not active in P;
    - nouveaux clients: active in P and acquired (``date_inscription``) in P;
    - clients revenus: active in P, not in S, acquired before P;
    - clients à la fin (E): active in P.

    taux de rétention = conservés ÷ S × 100, taux d'attrition = perdus ÷ S × 100:
    they add up to 100 on the same cohort and period. The segment (``by``,
    columns of ``clients``) is the customer's.
    """
    segments = _by_list(by)
    _require(clients, ["client_id", "date_inscription"] + segments, "clients")
    activity = _activity(commandes, period, clients)
    rows = activity.rows
    # The profile of each customer code (segments, acquisition period); NaN when not in `clients`.
    profile = clients[segments].reset_index(drop=True).reindex(rows)
    acquired = _period_ordinals(_dates(clients, "date_inscription", "clients"), activity.freq)
    acquired = np.where(rows >= 0, acquired[rows], _NAT)
    client, period_ = activity.client, activity.period
    empty = not len(client)
    first, last = (0, 0) if empty else (period_.min(), period_.max())
    span = last - first + 2
    pairs = client * span + (period_ - first)

    # S: customers active in the period before, seen from the period P.
    before = period_ < last
    start_pairs = pairs[before] + 1
    start = _count_pairs(profile, client[before], period_[before] + 1,
                         {"clients_conserves": _isin(start_pairs, pairs)})
    # E: customers active in P, split by where they come from.
    after = period_ > first
    already = _isin(pairs[after], start_pairs)
    new = ~already & (acquired[client[after]] == period_[after])
    end = _count_pairs(profile, client[after], period_[after],
                       {"nouveaux_clients": new, "clients_revenus": ~already & ~new})
    table = pd.DataFrame({
        "clients_debut": start[("clients_conserves", "size")],
        "clients_conserves": start[("clients_conserves", "sum")],
        "nouveaux_clients": end[("nouveaux_clients", "sum")],
        "clients_revenus": end[("clients_revenus", "sum")],
        "clients_fin": end[("nouveaux_clients", "size")],
    }).fillna(0).astype("int64")
    table.index = _as_periods(table.index, activity)
    table.insert(2, "clients_perdus", table["clients_debut"] - table["clients_conserves"])
    table["taux_de_retention"] = _kpi(table, "clients_conserves", "clients_debut", formulas.retention_rate)
    table["taux_d_attrition"] = _kpi(table, "clients_perdus", "clients_debut", formulas.churn_rate)
    return table.sort_index()


def _as_periods(index: pd.Index, activity: _Activity) -> pd.Index:
    """The ``periode`` level of ``index`` (ordinals) as pandas Periods."""
    if isinstance(index, pd.MultiIndex):
        level = index.names.index("periode")
        return index.set_levels(activity.periods(index.levels[level]), level=level)
    return activity.periods(index).rename("periode")


def cohort_retention_matrix(commandes: pd.DataFrame, clients: pd.DataFrame, period="month", counts: bool = False) -> pd.DataFrame:
    """Cohorts of acquisition × periods since acquisition.

    Row: the period a customer was acquired (``date_inscription``), for the
    cohorts acquired while the orders are recorded. Column k: the share (in
    %) of the cohort active k periods after acquisition, or the number of
    active customers with ``counts=True``. Cells not yet observed (after the
    last order date) are left empty.
    """
    _require(clients, ["client_id", "date_inscription"], "clients")
    activity = _activity(commandes, period, clients)
    freq = activity.freq
    client, period_ = activity.client, activity.period
    first, last = (0, -1) if not len(client) else (period_.min(), period_.max())
    cohorts = _period_ordinals(_dates(clients, "date_inscription", "clients"), freq)
    in_range = (cohorts >= first) & (cohorts <= last)  # NaT is the smallest int64: never in range
    sizes = pd.Series(cohorts[in_range]).value_counts().sort_index()
    # Each active pair with its customer's cohort; pairs before the acquisition are left out.
    rows = activity.rows
    cohort = np.where(rows >= 0, cohorts[rows], _NAT)[client]
    kept = (cohort >= first) & (cohort <= last) & (period_ >= cohort)
    cohort, offset = cohort[kept] - first, period_[kept] - cohort[kept]
    width = last - first + 1
    cells = np.bincount(cohort * width + offset, minlength=width * width).reshape(width, width)
    present = np.flatnonzero(cells.sum(axis=0))  # the offsets that occur, as columns
    matrix = pd.DataFrame(cells[np.asarray(sizes.index) - first][:, present], columns=pd.Index(present, dtype="int64"),
                          index=activity.periods(sizes.index))
    observed = present[None, :] <= (last - np.asarray(sizes.index))[:, None]
    matrix = matrix.astype("Float64").where(observed)
    if not counts:
        matrix = matrix.div(sizes.to_numpy(dtype="float64"), axis=0) * 100
    matrix.index.name = "cohorte"
    matrix.columns.name = f"{_PERIOD_WORDS[freq]}s_depuis_acquisition".replace("ss_", "s_")
    return matrix


def customer_lifetime_value_by(commandes: pd.DataFrame, lignes_commande: pd.DataFrame, clients: pd.DataFrame,
                               by="segment", year: int = 2025, companies: bool = False) -> pd.DataFrame:
    """Valeur vie client of the private customers per segment, from one year of data.

    panier moyen HT (orders of the year) × achats par an (orders ÷ active
    customers) × durée de vie (1 ÷ annual churn of that year) × taux de
    marque (margin ÷ revenue of those orders).

    Companies are left out (``type_client == "entreprise"`` in ``clients``, or
    the segment ``entreprise`` when there is no ``type_client``): their
    durée de vie would come from the annual rule "no purchase in the year =
    customer lost", which does not fit them. A company buys again when its
    fleet is renewed, years later (lessons 05 and 06): its annual "churn"
    (72,6 % in 2025) would give it a lifespan of 1,4 years. What two years of
    data say for sure about a company is the margin of its first order, a
    minimum (:func:`fleet_margin_by`, lesson 07). ``companies=True`` asks for
    them and gets a French error that says so.
    """
    if companies:
        raise KPIError(
            "La valeur vie des entreprises ne se calcule pas avec cette fonction\u00a0: leur durée de vie "
            "viendrait de la règle «\u00a0aucun achat dans l'année = client perdu\u00a0», qui ne leur convient pas "
            "(elles rachètent au renouvellement de leur flotte, leçons 05 et 06). Pars de ce que tu sais, la marge "
            "de leur première commande (un minimum)\u00a0: tables.fleet_margin_by(prospects, commandes, "
            "lignes_commande), leçon 07."
        )
    segments = _by_list(by)
    _require(clients, ["client_id"] + segments, "clients")
    _require(commandes, ["client_id", "date", "commande_id", "montant_ht"], "commandes")
    _require(lignes_commande, ["commande_id", "quantite", "prix_achat_unitaire_ht"], "lignes_commande")
    kind = "type_client" if "type_client" in clients else "segment" if "segment" in clients else None
    if kind is not None:
        clients = clients[clients[kind].astype(str) != B2B_CUSTOMERS]
        if clients.empty:
            raise KPIError(
                "Le tableau `clients` ne contient que des entreprises\u00a0: la valeur vie se calcule ici pour les "
                "particuliers. Pour une entreprise, pars de la marge de sa première commande\u00a0: "
                "tables.fleet_margin_by(prospects, commandes, lignes_commande), leçon 07."
            )
        commandes = commandes[_as_text(commandes["client_id"]).isin(_as_text(clients["client_id"]))]
    period = pd.Period(str(year), "Y")
    orders = commandes[(commandes["date"].dt.to_period("Y") == period) & commandes["client_id"].notna()]
    churn_table = retention_by(commandes, clients, by=by, period="year")
    years = churn_table.index.get_level_values("periode")
    if period not in set(years):
        known = ", ".join(sorted({str(p) for p in years})) or "aucune"
        raise KPIError(
            f"Pas de taux d'attrition pour {year} : il faut l'année d'avant dans les données. "
            f"Années possibles : {known}."
        )
    profile = clients.assign(client_id=clients["client_id"].astype(str)).set_index("client_id")[segments]
    orders = orders.assign(client_id=orders["client_id"].astype(str)).join(profile, on="client_id")
    cost = (lignes_commande["quantite"] * lignes_commande["prix_achat_unitaire_ht"]).groupby(
        lignes_commande["commande_id"]).sum()
    keys = [_column_key(orders[c]) for c in segments]
    table = _sum_by(orders, keys, {
        "commandes": 1,
        "chiffre_affaires_ht": orders["montant_ht"],
        "cout_achat_ht": orders["commande_id"].map(cost).fillna(0.0),
    })
    buyers = orders.groupby(segments, observed=True)["client_id"].nunique() if keys else orders["client_id"].nunique()
    table.insert(1, "clients_actifs", buyers)
    churn = churn_table.xs(period, level="periode") if keys else churn_table.loc[[period]]
    table["panier_moyen_ht"] = _kpi(table, "chiffre_affaires_ht", "commandes", formulas.average_order_value)
    table["achats_par_an"] = table["commandes"] / table["clients_actifs"]
    table["taux_d_attrition"] = churn["taux_d_attrition"].to_numpy() if not keys else churn["taux_d_attrition"]
    table["duree_de_vie_annees"] = formulas.lifespan_from_churn(table["taux_d_attrition"].astype("float64"))
    table["taux_de_marque"] = _margin_share(table)
    table["valeur_vie_client"] = formulas.customer_lifetime_value(
        table["panier_moyen_ht"].astype("float64"),
        table["achats_par_an"],
        table["duree_de_vie_annees"],
        table["taux_de_marque"].astype("float64") / 100,
    )
    return table
