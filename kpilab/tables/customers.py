"""Customers per period: active customers, retention, cohorts, lifetime value.

A customer is active in a period when they bought in it: a sale, never an
avoir or a 0 € order (the refund rule, règle des avoirs, of
:mod:`kpilab.tables`). Anonymous tickets (no ``client_id``) belong to no
customer. Without a ``clients`` table (or without its ``date_inscription``),
a customer is acquired at their first purchase in the data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpilab import formulas
from kpilab.errors import KPIError
from kpilab.tables import _checks
from kpilab.tables._activity import _Activity, _activity, _isin
from kpilab.tables._engine import (
    _NAT,
    _PERIOD_WORDS,
    _as_text,
    _by_list,
    _column_key,
    _every_period,
    _kpi,
    _margin_share,
    _period_ordinals,
    _require,
    _sum_by,
)

B2B_CUSTOMERS = "entreprise"  # the companies: `type_client` (and segment) of `clients`
_DEFAULT_BY = "segment quand clients en a un"  # customer_lifetime_value_by's default `by`
_MOST_COHORT_PERIODS = 2_000  # a cohort matrix is periods × periods: beyond this, choose a longer period


def _customer_orders(commandes: pd.DataFrame, clients: pd.DataFrame | None, segments: list[str]) -> _checks.Orders:
    """The sales of ``commandes`` that make customers active, the tables checked against each other."""
    _require(commandes, ["client_id", "date"], "commandes")
    if clients is None:
        if segments:
            raise KPIError(f"`by={segments[0]!r}` demande le tableau `clients` (le segment est celui du client) : "
                           "donne-le en deuxième argument.")
    else:
        _require(clients, ["client_id"] + segments, "clients")
        _checks.same_ids(commandes, clients)
    return _checks.sales(commandes, unique=False)


def _acquired(activity: _Activity, clients: pd.DataFrame | None) -> np.ndarray:
    """Each customer code's period of acquisition: ``date_inscription``, else the first purchase in the data."""
    if clients is not None and "date_inscription" in clients:
        dates = _checks.date_column(clients, "date_inscription", "clients")
        ordinals = np.append(_period_ordinals(dates, activity.freq), _NAT)  # row -1: not in `clients`
        return ordinals[activity.rows]
    never = np.iinfo("int64").max
    first = np.full(len(activity.ids), never, dtype="int64")
    np.minimum.at(first, activity.client, activity.period)
    return np.where(first == never, _NAT, first)


def _span(activity: _Activity, cover) -> tuple[int, int]:
    """The first and last period ordinals of the coverage, widened to the data's."""
    ends = [activity.period.min(), activity.period.max()] if len(activity.period) else []
    if cover is not None:
        ends += [pd.Period(cover[0], activity.freq).ordinal, pd.Period(cover[1], activity.freq).ordinal]
    return (int(min(ends)), int(max(ends))) if ends else (0, 0)


def _checked_activity(orders: _checks.Orders, period, clients) -> _Activity:
    activity = _activity(orders.frame, period, clients)
    if clients is not None:
        buyers = int(np.count_nonzero(np.bincount(activity.client, minlength=len(activity.ids))))
        _checks.unmatched(activity.rows, buyers)
    return activity


def active_customers(commandes: pd.DataFrame, period="year") -> pd.DataFrame:
    """The rule "client actif": one row per (client_id, periode) with a purchase.

    A customer is active in a period when they placed at least one order in
    it: a sale (the refund rule of :mod:`kpilab.tables`). Anonymous tickets
    (no client_id) are left out; avoirs, 0 € orders and orders without a date
    too, with a warning.

    >>> commandes = pd.DataFrame({"client_id": ["C1", "C1", "C2", None],
    ...                           "date": pd.to_datetime(["2024-01-01", "2024-05-02", "2025-01-10", "2025-12-31"])})
    >>> active_customers(commandes, period="year")
      client_id periode
    0        C1    2024
    1        C2    2025
    """
    orders = _customer_orders(commandes, None, [])
    activity = _activity(orders.frame, period)
    table = pd.DataFrame({
        "client_id": activity.ids.take(activity.client).to_numpy(),
        "periode": activity.periods(activity.period).array,
    })
    first, last = _span(activity, orders.coverage)
    return _checks.note_partial(table, activity.periods(np.arange(first, last + 1)), orders.coverage)


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


def retention_by(commandes: pd.DataFrame, clients: pd.DataFrame | None = None, by=None, period="year") -> pd.DataFrame:
    """Taux de rétention and taux d'attrition per period and customer segment.

    For each period P (from the second one of the coverage on):

    - clients au début (S): customers active in the period before P;
    - clients conservés: those of S still active in P (new customers never);
    - clients perdus: those of S not active in P;
    - nouveaux clients: active in P and acquired in P (``date_inscription``
      of ``clients``; without it, or without ``clients``, a customer is
      acquired at their first purchase in the data);
    - clients revenus: active in P, not in S, acquired before P;
    - clients à la fin (E): active in P.

    taux de rétention = conservés ÷ S × 100, taux d'attrition = perdus ÷ S × 100:
    they add up to 100 on the same cohort and period. The segment (``by``,
    columns of ``clients``, which it then needs) is the customer's. Active
    means a sale (the refund rule of :mod:`kpilab.tables`). Every period of
    the coverage is a row; a period without any sale is named in a warning
    (its customers at the start all count as lost), and the periods the data
    covers only in part in another one and in ``attrs["periodes_partielles"]``.

    >>> orders = pd.DataFrame({"client_id": ["A", "B", "A"],
    ...                        "date": pd.to_datetime(["2024-01-01", "2024-06-01", "2025-12-31"])})
    >>> retention_by(orders).loc["2025", ["clients_debut", "clients_conserves", "taux_de_retention"]].tolist()
    [2.0, 1.0, 50.0]
    """
    segments = _by_list(by)
    orders = _customer_orders(commandes, clients, segments)
    table, periods, empty = _retention(orders, clients, segments, period)
    if len(empty):
        names = ", ".join(_checks.short(p) for p in empty)
        _checks.warn(f"Aucune vente pour {names} : les clients au début de la période suivante y sont tous comptés "
                     "comme perdus (100 % d'attrition). Vérifie que ton export n'a pas de trou.")
    return _checks.note_partial(table, periods, orders.coverage)


def _retention(orders: _checks.Orders, clients, segments: list[str], period):
    """The retention table, the periods it reads (the first one too) and those without any sale."""
    activity = _checked_activity(orders, period, clients)
    rows = activity.rows
    # The profile of each customer code (segments, acquisition period); NaN when not in `clients`.
    if clients is None:
        profile = pd.DataFrame(index=pd.RangeIndex(len(rows)))
    else:
        profile = clients[segments].reset_index(drop=True).reindex(rows)
    acquired = _acquired(activity, clients)
    client, period_ = activity.client, activity.period
    first, last = _span(activity, orders.coverage)
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
    if len(period_):
        table = _every_period(table.sort_index(), pd.Index(np.arange(first + 1, last + 1), name="periode"))
    table.index = _as_periods(table.index, activity)
    table.insert(2, "clients_perdus", table["clients_debut"] - table["clients_conserves"])
    table["taux_de_retention"] = _kpi(table, "clients_conserves", "clients_debut", formulas.retention_rate)
    table["taux_d_attrition"] = _kpi(table, "clients_perdus", "clients_debut", formulas.churn_rate)
    sold = np.bincount(period_ - first, minlength=last - first + 1) if len(period_) else np.ones(1)
    empty = activity.periods(np.flatnonzero(sold == 0) + first)
    return table.sort_index(), activity.periods(np.arange(first, last + 1)), empty


def _as_periods(index: pd.Index, activity: _Activity) -> pd.Index:
    """The ``periode`` level of ``index`` (ordinals) as pandas Periods."""
    if isinstance(index, pd.MultiIndex):
        level = index.names.index("periode")
        return index.set_levels(activity.periods(index.levels[level]), level=level)
    return activity.periods(index).rename("periode")


def cohort_retention_matrix(commandes: pd.DataFrame, clients: pd.DataFrame | None = None, period="month",
                            counts: bool = False) -> pd.DataFrame:
    """Cohorts of acquisition × periods since acquisition.

    Row: the period a customer was acquired (``date_inscription`` of
    ``clients``; without ``clients``, the period of their first purchase in
    the data, so the first cohort also holds the older customers), for the
    cohorts acquired while the orders are recorded (the coverage). Column k:
    the share (in %) of the cohort active k periods after acquisition (a
    sale: the refund rule of :mod:`kpilab.tables`), or the number of active
    customers with ``counts=True``. Cells not yet observed (after the end of
    the coverage) are left empty.

    >>> orders = pd.DataFrame({"client_id": ["A", "B", "A"],
    ...                        "date": pd.to_datetime(["2025-01-01", "2025-01-20", "2025-02-28"])})
    >>> cohort_retention_matrix(orders, counts=True).loc[pd.Period("2025-01", "M")].tolist()
    [2.0, 1.0]
    """
    orders = _customer_orders(commandes, clients, [])
    activity = _checked_activity(orders, period, clients)
    freq = activity.freq
    client, period_ = activity.client, activity.period
    first, last = _span(activity, orders.coverage) if len(client) else (0, -1)
    width = last - first + 1
    if width > _MOST_COHORT_PERIODS:
        raise KPIError(f"Les commandes couvrent {width} périodes ({_PERIOD_WORDS[freq]}) : trop pour une matrice "
                       "de cohortes. Choisis une période plus longue (period=\"month\" ou \"quarter\").")
    cohorts = _acquired(activity, clients)  # per customer code
    in_range = (cohorts >= first) & (cohorts <= last)  # NaT is the smallest int64: never in range
    sizes = pd.Series(cohorts[in_range]).value_counts().sort_index()
    # Each active pair with its customer's cohort; pairs before the acquisition are left out.
    cohort = cohorts[client]
    kept = (cohort >= first) & (cohort <= last) & (period_ >= cohort)
    cohort, offset = cohort[kept] - first, period_[kept] - cohort[kept]
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
    return _checks.note_partial(matrix, activity.periods(np.arange(first, last + 1)), orders.coverage)


def customer_lifetime_value_by(commandes: pd.DataFrame, lignes_commande: pd.DataFrame | None = None,
                               clients: pd.DataFrame | None = None, by=_DEFAULT_BY, year: int | None = None,
                               companies: bool = False, taux_de_marque: float | None = None) -> pd.DataFrame:
    """Valeur vie client of the private customers per segment, from one year of data.

    panier moyen HT (sales of the year) × achats par an (sales ÷ active
    customers) × durée de vie (1 ÷ annual churn of that year) × taux de
    marque (margin ÷ revenue of those orders, so a purchase cost of 0 gives
    100 %). The refund rule of :mod:`kpilab.tables` applies: avoirs and 0 €
    orders are not sales.

    - ``lignes_commande`` (with ``quantite`` and ``prix_achat_unitaire_ht``)
      gives the margin of each order; without it, give the shop's average
      ``taux_de_marque=`` (in %, e.g. 35).
    - ``clients`` gives the segments and tells the companies apart; without
      it every customer counts, as a private one. ``by`` is ``"segment"``
      when ``clients`` has that column, else None (the whole table).
    - ``year``: by default the last complete year of the coverage that has a
      year before it in the data (its churn needs the customers at the start).

    Companies are left out (``type_client == "entreprise"`` in ``clients``, or
    the segment ``entreprise`` when there is no ``type_client``): their
    durée de vie would come from the annual rule "no purchase in the year =
    customer lost", which does not fit them. A company buys again when its
    fleet is renewed, years later (lessons 05 and 06): its annual "churn"
    (72,6 % in 2025) would give it a lifespan of 1,4 years. What two years of
    data say for sure about a company is the margin of its first order, a
    minimum (:func:`fleet_margin_by`, lesson 07). ``companies=True`` asks for
    them and gets a French error that says so.

    >>> orders = pd.DataFrame({"client_id": ["A", "B", "A", "A"], "commande_id": ["1", "2", "3", "4"],
    ...                        "date": pd.to_datetime(["2024-01-01", "2024-06-01", "2025-03-01", "2025-12-31"]),
    ...                        "montant_ht": [50.0, 70.0, 40.0, 60.0]})
    >>> row = customer_lifetime_value_by(orders, taux_de_marque=40).loc["total"]
    >>> [float(row[c]) for c in ("panier_moyen_ht", "achats_par_an", "duree_de_vie_annees", "valeur_vie_client")]
    [50.0, 2.0, 2.0, 80.0]
    """
    if companies:
        raise KPIError(
            "La valeur vie des entreprises ne se calcule pas avec cette fonction\u00a0: leur durée de vie "
            "viendrait de la règle «\u00a0aucun achat dans l'année = client perdu\u00a0», qui ne leur convient pas "
            "(elles rachètent au renouvellement de leur flotte, leçons 05 et 06). Pars de ce que tu sais, la marge "
            "de leur première commande (un minimum)\u00a0: tables.fleet_margin_by(prospects, commandes, "
            "lignes_commande), leçon 07."
        )
    if by is _DEFAULT_BY:
        by = "segment" if clients is not None and "segment" in clients else None
    segments = _by_list(by)
    _require(commandes, ["client_id", "date", "commande_id", "montant_ht"], "commandes")
    if lignes_commande is not None:
        _require(lignes_commande, ["commande_id", "quantite", "prix_achat_unitaire_ht"], "lignes_commande")
    elif taux_de_marque is None:
        raise KPIError("La valeur vie se calcule sur la marge : donne les lignes de commande (avec leur "
                       "prix_achat_unitaire_ht), ou ton taux de marque moyen en %, par exemple taux_de_marque=35.")
    elif not 0 <= taux_de_marque <= 100:
        raise KPIError(f"taux_de_marque vaut {taux_de_marque} : c'est un pourcentage entre 0 et 100 "
                       "(la marge ÷ le prix de vente HT × 100), par exemple taux_de_marque=35.")
    orders = _customer_orders(commandes, clients, segments)
    sales = orders.frame
    if clients is not None:
        kind = "type_client" if "type_client" in clients else "segment" if "segment" in clients else None
        if kind is not None:
            clients = clients[clients[kind].astype(str) != B2B_CUSTOMERS]
            if clients.empty:
                raise KPIError(
                    "Le tableau `clients` ne contient que des entreprises\u00a0: la valeur vie se calcule ici pour "
                    "les particuliers. Pour une entreprise, pars de la marge de sa première commande\u00a0: "
                    "tables.fleet_margin_by(prospects, commandes, lignes_commande), leçon 07."
                )
            sales = sales[_as_text(sales["client_id"]).isin(_as_text(clients["client_id"]))]
    private = _checks.Orders(sales, orders.coverage)
    churn_table, periods, _ = _retention(private, clients, segments, "year")
    period = _lifetime_year(year, churn_table, orders.coverage)
    _checks.note_partial(churn_table, pd.PeriodIndex([period - 1, period]), orders.coverage)
    in_year = sales[(sales["date"].dt.year == period.year).to_numpy() & sales["client_id"].notna().to_numpy()]
    in_year = in_year.assign(client_id=_as_text(in_year["client_id"]))
    if segments:
        profile = clients.assign(client_id=_as_text(clients["client_id"])).set_index("client_id")[segments]
        in_year = in_year.join(profile, on="client_id")
    counted = {"commandes": 1, "chiffre_affaires_ht": in_year["montant_ht"]}
    if lignes_commande is not None:
        cost = (lignes_commande["quantite"] * lignes_commande["prix_achat_unitaire_ht"]).groupby(
            _as_text(lignes_commande["commande_id"])).sum()
        counted["cout_achat_ht"] = _as_text(in_year["commande_id"]).map(cost).fillna(0.0)
    keys = [_column_key(in_year[c]) for c in segments]
    table = _sum_by(in_year, keys, counted)
    buyers = in_year.groupby(segments, observed=True)["client_id"].nunique() if keys else in_year["client_id"].nunique()
    table.insert(1, "clients_actifs", buyers)
    churn = churn_table.xs(period, level="periode") if keys else churn_table.loc[[period]]
    table["panier_moyen_ht"] = _kpi(table, "chiffre_affaires_ht", "commandes", formulas.average_order_value)
    table["achats_par_an"] = table["commandes"] / table["clients_actifs"]
    table["taux_d_attrition"] = churn["taux_d_attrition"].to_numpy() if not keys else churn["taux_d_attrition"]
    table["duree_de_vie_annees"] = formulas.lifespan_from_churn(table["taux_d_attrition"].astype("float64"))
    if lignes_commande is not None:
        table["taux_de_marque"] = _margin_share(table)
    else:
        table["taux_de_marque"] = pd.array([float(taux_de_marque)] * len(table), dtype="Float64")
    table["valeur_vie_client"] = formulas.customer_lifetime_value(
        table["panier_moyen_ht"].astype("float64"),
        table["achats_par_an"],
        table["duree_de_vie_annees"],
        table["taux_de_marque"].astype("float64") / 100,
    )
    table.attrs["periodes_partielles"] = churn_table.attrs["periodes_partielles"]
    return table


def _lifetime_year(year: int | None, churn_table: pd.DataFrame, cover) -> pd.Period:
    """The year of a lifetime value: ``year``, or the last complete one with customers the year before."""
    periods = churn_table.index.get_level_values("periode")
    started = churn_table["clients_debut"].groupby(periods).sum()
    possible = [p for p in started.index if started[p] > 0]
    complete = [p for p in possible if not _checks.partial_periods(pd.PeriodIndex([p]), cover)]
    known = ", ".join(str(p) + ("" if p in complete else " (incomplète)") for p in possible) or "aucune"
    if year is None:
        if not complete:
            raise KPIError("Pas d'année complète avec l'année d'avant dans les données : la durée de vie vient du "
                           "taux d'attrition d'une année entière, comparée à la précédente. Années possibles : "
                           f"{known}. Donne year=… pour en choisir une.")
        return complete[-1]
    period = pd.Period(str(year), "Y")
    if period not in possible:
        raise KPIError(
            f"Pas de taux d'attrition pour {year} : il faut l'année d'avant dans les données. "
            f"Années possibles : {known}."
        )
    return period
