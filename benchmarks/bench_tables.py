"""Table KPIs of kpilab against DuckDB SQL and a plain Python loop, on large generated data.

For each scale (``kpilab.datasets.generate(scale=...)``: 30 gives about 1 M
orders, 150 about 4.9 M), six kpilab calls are timed against references
measured in the same run:

- DuckDB SQL computing the same numbers from the same in-memory pandas
  DataFrames (goal: kpilab ≤ 2 × DuckDB's time);
- a plain Python loop over the rows (dicts and ``itertuples()``), one run,
  only up to scale 30 (it grows linearly and would take minutes at 150);
- peak extra memory of the kpilab call against the in-memory size of its
  input tables (goal: ≤ 3 ×).

The references follow the tables' rules on orders (:mod:`kpilab.tables`): only
sales count (``montant_ht > 0``, a date), and for the order value an exact copy
of an earlier order is left out, which kpilab checks by the uniqueness of
``commande_id`` (the SQL does the same check, ``count(DISTINCT commande_id)``,
and removes copies only when it fails).

Before anything is timed, every KPI is computed by kpilab, DuckDB and the loop
and compared: same groups, same counts exactly, rates equal to 1e-9 relative.
Any difference stops the benchmark with a message (exit status 1).

What each time counts:

- kpilab: the call, from the DataFrames to the result DataFrame;
- DuckDB: registering the DataFrames with the connection, DuckDB reading them
  (its pandas scan converts the ``str`` and ``category`` columns it uses),
  running the SQL and fetching the result as a pandas DataFrame. Not counted:
  opening the connection and ``SET threads TO 2`` (DuckDB's default on a
  2-core machine, set explicitly so the figure means the same everywhere),
  nor turning month numbers back into labels for the comparison;
- Python loop: everything, from ``itertuples()`` to the result DataFrame.

Peak memory is measured in a separate pass with :mod:`tracemalloc`: the
largest total of allocations made during the call and still alive at some
moment (the result included). NumPy buffers, pandas hash tables and Python
objects all report to tracemalloc; memory freed during the call that was
allocated before it is not subtracted.

Run: ``make bench`` (all three benchmarks), or
``.venv/bin/python benchmarks/bench_tables.py --scales 30`` (one scale),
``.venv/bin/python benchmarks/bench_tables.py --quick`` (scale 3, a few seconds).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from kpilab import datasets, tables

ROOT = Path(__file__).resolve().parents[1]
TIME_GOAL = 2.0  # kpilab time ÷ DuckDB time
MEMORY_GOAL = 3.0  # kpilab peak extra memory ÷ size of the input tables
RTOL = 1e-9
LOOP_MAX_SCALE = 30  # the Python loop is run up to this scale only
MB = 1e6


# --- the six KPIs -------------------------------------------------------------------


@dataclass
class Kpi:
    """One KPI: the kpilab call, the same numbers in SQL and in a Python loop."""

    name: str
    inputs: tuple[str, ...]  # names of the tables the call reads
    kpilab: Callable[[dict], pd.DataFrame]
    sql: str
    loop: Callable[[dict], pd.DataFrame]
    keys: list[str]  # key columns once flattened
    exact: list[str]  # counts, compared exactly
    close: list[str]  # rates and averages, compared to RTOL
    period: str | None = None  # frequency of a period key ("M"), for the comparison
    check: Callable[[dict], pd.DataFrame] | None = None  # kpilab result to compare, when not `kpilab`
    sizes: dict = field(default_factory=dict)


def _month(timestamp) -> int:
    """Month number since year 0: consecutive months differ by 1."""
    return timestamp.year * 12 + timestamp.month - 1


def _month_label(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def _rate(part, whole):
    return part / whole * 100 if whole > 0 else np.nan


# Conversion rate of the leads by channel (campaign's channel, else the lead's source).

CONVERSION_SQL = """
SELECT coalesce(c.canal::VARCHAR, p.source::VARCHAR) AS canal,
       count(*) AS leads,
       count(*) FILTER (WHERE p.statut = 'gagne') AS ventes,
       count(*) FILTER (WHERE p.statut = 'en_cours') AS en_cours,
       100.0 * count(*) FILTER (WHERE p.statut = 'gagne') / count(*) AS taux_de_conversion
FROM prospects p LEFT JOIN campagnes c ON c.campagne_id = p.campagne_id
GROUP BY 1
"""


def conversion_loop(t: dict) -> pd.DataFrame:
    canal_of = {cid: canal for cid, canal in t["campagnes"][["campagne_id", "canal"]].itertuples(index=False, name=None)}
    groups: dict[str, list[int]] = {}
    for cid, source, statut in t["prospects"][["campagne_id", "source", "statut"]].itertuples(index=False, name=None):
        canal = canal_of.get(cid, source) if isinstance(cid, str) else source
        counts = groups.setdefault(canal, [0, 0, 0])
        counts[0] += 1
        counts[1] += statut == "gagne"
        counts[2] += statut == "en_cours"
    return pd.DataFrame([
        {"canal": k, "leads": n, "ventes": won, "en_cours": open_, "taux_de_conversion": _rate(won, n)}
        for k, (n, won, open_) in groups.items()
    ])


# Mean and median sales cycle (days from first contact to signature) of the won deals, by sector.
# The dates are whole days (schema: YYYY-MM-DD), so a difference in days is exact.

CYCLE_SQL = """
SELECT secteur,
       count(*) AS affaires_gagnees,
       avg(date_diff('day', date_premier_contact, date_signature)::DOUBLE) AS cycle_moyen_jours,
       median(date_diff('day', date_premier_contact, date_signature)::DOUBLE) AS cycle_median_jours
FROM prospects
WHERE statut = 'gagne'
GROUP BY secteur
"""


def cycle_loop(t: dict) -> pd.DataFrame:
    days: dict[str, list[float]] = defaultdict(list)
    for sector, statut, first, signed in t["prospects"][
            ["secteur", "statut", "date_premier_contact", "date_signature"]].itertuples(index=False, name=None):
        if statut == "gagne":
            days[sector].append((signed - first).total_seconds() / 86400)
    return pd.DataFrame([
        {"secteur": k, "affaires_gagnees": len(v), "cycle_moyen_jours": sum(v) / len(v),
         "cycle_median_jours": statistics.median(v)}
        for k, v in days.items()
    ])


# Average order value (HT) and sales index by shop and month.

ORDER_VALUE_SQL = """
WITH once AS (
    SELECT count(DISTINCT commande_id) = count(*) AS ids_unique FROM commandes
), ventes AS (
    SELECT * FROM commandes WHERE (SELECT ids_unique FROM once)
    UNION ALL
    SELECT DISTINCT * FROM commandes WHERE NOT (SELECT ids_unique FROM once)
)
SELECT point_de_vente,
       date_trunc('month', date) AS periode,
       count(*) AS transactions,
       sum(nb_articles)::BIGINT AS articles,
       sum(montant_ht) AS chiffre_affaires_ht,
       sum(montant_ht) / count(*) AS panier_moyen_ht,
       sum(nb_articles) / count(*) AS indice_de_vente
FROM ventes
WHERE montant_ht > 0 AND date IS NOT NULL
GROUP BY ALL
"""


def order_value_loop(t: dict) -> pd.DataFrame:
    groups: dict[tuple, list] = {}
    for date, shop, articles, amount in t["commandes"][
            ["date", "point_de_vente", "nb_articles", "montant_ht"]].itertuples(index=False, name=None):
        if not amount > 0:  # not a sale (the refund rule); the generated orders have no copies
            continue
        sums = groups.setdefault((shop, _month(date)), [0, 0, 0.0])
        sums[0] += 1
        sums[1] += articles
        sums[2] += amount
    return pd.DataFrame([
        {"point_de_vente": shop, "periode": _month_label(month), "transactions": n, "articles": a,
         "chiffre_affaires_ht": ca, "panier_moyen_ht": ca / n, "indice_de_vente": a / n}
        for (shop, month), (n, a, ca) in groups.items()
    ])


# Cohort retention matrix, monthly: the share of each acquisition cohort active k months later.
# Active = at least one order in the month (anonymous tickets left out); cohorts
# acquired outside the months with orders are left out; only observed cells
# (k ≤ last month with orders − cohort) are listed, those without any active
# customer with 0.

COHORT_SQL = """
WITH active AS (
    SELECT DISTINCT client_id, year(date) * 12 + month(date) - 1 AS p
    FROM commandes WHERE client_id IS NOT NULL AND montant_ht > 0
), bounds AS (
    SELECT min(p) AS first, max(p) AS last FROM active
), cohorts AS (
    SELECT client_id, c FROM (
        SELECT client_id, year(date_inscription) * 12 + month(date_inscription) - 1 AS c FROM clients
    ), bounds
    WHERE c BETWEEN first AND last
), sizes AS (
    SELECT c, count(*) AS size FROM cohorts GROUP BY c
), cells AS (
    SELECT k.c, a.p - k.c AS ecart, count(*) AS n
    FROM active a JOIN cohorts k ON k.client_id = a.client_id
    WHERE a.p >= k.c
    GROUP BY ALL
), grid AS (
    SELECT s.c, s.size, unnest(generate_series(0, b.last - s.c)) AS ecart FROM sizes s, bounds b
)
SELECT make_date((g.c // 12)::INTEGER, (g.c % 12 + 1)::INTEGER, 1) AS cohorte,
       g.ecart,
       coalesce(cells.n, 0) AS clients,
       100.0 * coalesce(cells.n, 0) / g.size AS part_pct
FROM grid g LEFT JOIN cells ON cells.c = g.c AND cells.ecart = g.ecart
"""


def cohort_loop(t: dict) -> pd.DataFrame:
    active = set()
    for client, date, amount in t["commandes"][["client_id", "date", "montant_ht"]].itertuples(index=False, name=None):
        if isinstance(client, str) and amount > 0:  # a sale (the refund rule)
            active.add((client, _month(date)))
    first = min(p for _, p in active)
    last = max(p for _, p in active)
    cohort_of = {}
    for client, joined in t["clients"][["client_id", "date_inscription"]].itertuples(index=False, name=None):
        cohort = _month(joined)
        if first <= cohort <= last:
            cohort_of[client] = cohort
    sizes = Counter(cohort_of.values())
    cells: Counter = Counter()
    for client, p in active:
        cohort = cohort_of.get(client)
        if cohort is not None and p >= cohort:
            cells[cohort, p - cohort] += 1
    return pd.DataFrame([
        {"cohorte": _month_label(c), "ecart": k, "clients": cells[c, k], "part_pct": cells[c, k] / size * 100}
        for c, size in sizes.items() for k in range(last - c + 1)
    ])


def cohort_check(t: dict) -> pd.DataFrame:
    """kpilab's matrix in long form, observed cells only, with the counts behind the shares."""
    def long(matrix, name):
        flat = matrix.rename_axis(index="cohorte", columns="ecart").melt(ignore_index=False, value_name=name)
        return flat.reset_index().set_index(["cohorte", "ecart"])[name]
    shares = long(tables.cohort_retention_matrix(t["commandes"], t["clients"]), "part_pct")
    counts = long(tables.cohort_retention_matrix(t["commandes"], t["clients"], counts=True), "clients")
    both = pd.concat([counts, shares], axis=1)
    observed = both["clients"].notna()
    return both[observed].astype({"clients": "int64"}).reset_index()


# Monthly retention and churn (taux d'attrition), as retention_by defines them:
# S = customers active in the month before, kept = those of S active this month,
# new = active this month, not in S, acquired this month; back = the other ones.
# Chosen monthly rather than quarterly: more periods and three times as many
# (customer, period) pairs, the heavier and more telling case.

RETENTION_SQL = """
WITH active AS (
    SELECT DISTINCT client_id, year(date) * 12 + month(date) - 1 AS p
    FROM commandes WHERE client_id IS NOT NULL AND montant_ht > 0
), bounds AS (
    SELECT min(p) AS first, max(p) AS last FROM active
), acquired AS (
    SELECT client_id, year(date_inscription) * 12 + month(date_inscription) - 1 AS p FROM clients
), s AS (
    SELECT a.p + 1 AS p, count(*) AS clients_debut, count(n.client_id) AS clients_conserves
    FROM active a LEFT JOIN active n ON n.client_id = a.client_id AND n.p = a.p + 1, bounds
    WHERE a.p + 1 <= bounds.last
    GROUP BY 1
), e AS (
    SELECT e.p,
           count(*) FILTER (WHERE b.client_id IS NULL AND coalesce(q.p = e.p, false)) AS nouveaux_clients,
           count(*) FILTER (WHERE b.client_id IS NULL AND NOT coalesce(q.p = e.p, false)) AS clients_revenus,
           count(*) AS clients_fin
    FROM active e
        LEFT JOIN active b ON b.client_id = e.client_id AND b.p = e.p - 1
        LEFT JOIN acquired q ON q.client_id = e.client_id,
        bounds
    WHERE e.p > bounds.first
    GROUP BY 1
), joined AS (
    SELECT coalesce(s.p, e.p) AS p,
           coalesce(clients_debut, 0) AS clients_debut,
           coalesce(clients_conserves, 0) AS clients_conserves,
           coalesce(nouveaux_clients, 0) AS nouveaux_clients,
           coalesce(clients_revenus, 0) AS clients_revenus,
           coalesce(clients_fin, 0) AS clients_fin
    FROM s FULL JOIN e ON s.p = e.p
)
SELECT make_date((p // 12)::INTEGER, (p % 12 + 1)::INTEGER, 1) AS periode,
       clients_debut, clients_conserves, clients_debut - clients_conserves AS clients_perdus,
       nouveaux_clients, clients_revenus, clients_fin,
       CASE WHEN clients_debut > 0 THEN 100.0 * clients_conserves / clients_debut END AS taux_de_retention,
       CASE WHEN clients_debut > 0 THEN 100.0 * (clients_debut - clients_conserves) / clients_debut END
           AS taux_d_attrition
FROM joined
"""


def retention_loop(t: dict) -> pd.DataFrame:
    active: dict[int, set] = defaultdict(set)
    for client, date, amount in t["commandes"][["client_id", "date", "montant_ht"]].itertuples(index=False, name=None):
        if isinstance(client, str) and amount > 0:  # a sale (the refund rule)
            active[_month(date)].add(client)
    acquired = {client: _month(joined) for client, joined in
                t["clients"][["client_id", "date_inscription"]].itertuples(index=False, name=None)}
    first, last = min(active), max(active)
    rows = []
    for p in sorted({q + 1 for q in active if q + 1 <= last} | {q for q in active if q > first}):
        start, end = active.get(p - 1, set()), active.get(p, set())
        kept = len(start & end)
        arrived = end - start
        new = sum(1 for client in arrived if acquired.get(client) == p)
        rows.append({
            "periode": _month_label(p), "clients_debut": len(start), "clients_conserves": kept,
            "clients_perdus": len(start) - kept, "nouveaux_clients": new,
            "clients_revenus": len(arrived) - new, "clients_fin": len(end),
            "taux_de_retention": _rate(kept, len(start)), "taux_d_attrition": _rate(len(start) - kept, len(start)),
        })
    return pd.DataFrame(rows)


# Response rate by campaign: responses ÷ (contacts − bounced contacts) × 100.

RESPONSE_SQL = """
SELECT campagne_id,
       sum(contacts)::BIGINT AS contacts,
       sum(contacts_invalides)::BIGINT AS contacts_invalides,
       sum(contacts - contacts_invalides)::BIGINT AS contacts_valides,
       sum(reponses)::BIGINT AS reponses,
       CASE WHEN sum(contacts - contacts_invalides) > 0
            THEN 100.0 * sum(reponses) / sum(contacts - contacts_invalides) END AS taux_de_reponse
FROM campagnes
GROUP BY campagne_id
"""


def response_loop(t: dict) -> pd.DataFrame:
    groups: dict[str, list[int]] = {}
    for cid, contacts, bounced, answers in t["campagnes"][
            ["campagne_id", "contacts", "contacts_invalides", "reponses"]].itertuples(index=False, name=None):
        sums = groups.setdefault(cid, [0, 0, 0])
        sums[0] += contacts
        sums[1] += bounced
        sums[2] += answers
    return pd.DataFrame([
        {"campagne_id": k, "contacts": c, "contacts_invalides": b, "contacts_valides": c - b,
         "reponses": r, "taux_de_reponse": _rate(r, c - b)}
        for k, (c, b, r) in groups.items()
    ])


KPIS = [
    Kpi("conversion by channel", ("prospects", "campagnes"),
        lambda t: tables.conversion_rate_by(tables.leads_with_channel(t["prospects"], t["campagnes"]), by="canal"),
        CONVERSION_SQL, conversion_loop,
        keys=["canal"], exact=["leads", "ventes", "en_cours"], close=["taux_de_conversion"]),
    Kpi("sales cycle by sector", ("prospects",),
        lambda t: tables.sales_cycle_by(t["prospects"], by="secteur"),
        CYCLE_SQL, cycle_loop,
        keys=["secteur"], exact=["affaires_gagnees"], close=["cycle_moyen_jours", "cycle_median_jours"]),
    Kpi("order value by shop, month", ("commandes",),
        lambda t: tables.average_order_value_by(t["commandes"], by="point_de_vente", period="month"),
        ORDER_VALUE_SQL, order_value_loop,
        keys=["point_de_vente", "periode"], exact=["transactions", "articles"],
        close=["chiffre_affaires_ht", "panier_moyen_ht", "indice_de_vente"], period="M"),
    Kpi("cohort matrix (monthly)", ("commandes", "clients"),
        lambda t: tables.cohort_retention_matrix(t["commandes"], t["clients"]),
        COHORT_SQL, cohort_loop,
        keys=["cohorte", "ecart"], exact=["clients"], close=["part_pct"], period="M", check=cohort_check),
    Kpi("churn by month", ("commandes", "clients"),
        lambda t: tables.retention_by(t["commandes"], t["clients"], period="month"),
        RETENTION_SQL, retention_loop,
        keys=["periode"],
        exact=["clients_debut", "clients_conserves", "clients_perdus", "nouveaux_clients", "clients_revenus",
               "clients_fin"],
        close=["taux_de_retention", "taux_d_attrition"], period="M"),
    Kpi("response rate by campaign", ("campagnes",),
        lambda t: tables.response_rate_by(t["campagnes"], by="campagne_id"),
        RESPONSE_SQL, response_loop,
        keys=["campagne_id"], exact=["contacts", "contacts_invalides", "contacts_valides", "reponses"],
        close=["taux_de_reponse"]),
]


# --- running and comparing ------------------------------------------------------------


def run_duckdb(con: duckdb.DuckDBPyConnection, kpi: Kpi, frames: dict) -> pd.DataFrame:
    """What DuckDB's time counts: register the frames, scan them, run the SQL, fetch a DataFrame."""
    for name in kpi.inputs:
        con.register(name, frames[name])
    return con.execute(kpi.sql).df()


def _flat(result: pd.DataFrame, kpi: Kpi) -> pd.DataFrame:
    """A result with its keys as text (periods as '2024-01'), indexed and sorted by them."""
    flat = result.reset_index() if kpi.keys[0] not in result.columns else result.copy()
    for key in kpi.keys:
        column = flat[key]
        if isinstance(column.dtype, pd.PeriodDtype):
            column = column.astype(str)
        elif pd.api.types.is_datetime64_any_dtype(column):
            column = column.dt.to_period(kpi.period).astype(str)
        flat[key] = column.astype(str)
    return flat.set_index(kpi.keys)[kpi.exact + kpi.close].sort_index()


def differences(kpi: Kpi, ours: pd.DataFrame, theirs: pd.DataFrame, who: str) -> list[str]:
    """What differs between kpilab's result and a reference: groups, counts, rates."""
    a, b = _flat(ours, kpi), _flat(theirs, kpi)
    if not a.index.equals(b.index):
        only_a = a.index.difference(b.index).tolist()[:5]
        only_b = b.index.difference(a.index).tolist()[:5]
        return [f"groups differ ({len(a)} in kpilab, {len(b)} in {who}); only in kpilab: {only_a}; "
                f"only in {who}: {only_b}"]
    problems = []
    for column in kpi.exact:
        x = a[column].to_numpy(dtype="float64", na_value=np.nan)
        y = b[column].to_numpy(dtype="float64", na_value=np.nan)
        bad = np.flatnonzero(~((x == y) | (np.isnan(x) & np.isnan(y))))
        if bad.size:
            i = bad[0]
            problems.append(f"{column}: {bad.size} counts differ, e.g. {a.index[i]}: kpilab {x[i]:g}, {who} {y[i]:g}")
    for column in kpi.close:
        x = a[column].to_numpy(dtype="float64", na_value=np.nan)
        y = b[column].to_numpy(dtype="float64", na_value=np.nan)
        same = (np.isnan(x) & np.isnan(y)) | (np.abs(x - y) <= RTOL * np.abs(x))
        bad = np.flatnonzero(~same)
        if bad.size:
            i = bad[0]
            problems.append(f"{column}: {bad.size} values differ by more than {RTOL:g} relative, "
                            f"e.g. {a.index[i]}: kpilab {x[i]!r}, {who} {y[i]!r}")
    return problems


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def once_ms(fn: Callable[[], object]) -> tuple[float, object]:
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def peak_extra_bytes(fn: Callable[[], object]) -> int:
    """Largest total of allocations made during fn() and alive at one time (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del result
    return peak - base


def available_memory_mb() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def run_scale(scale: float, con: duckdb.DuckDBPyConnection, repeats: int) -> list[str]:
    """Check, time and measure every KPI at one scale; print its table; return the goals missed."""
    start = time.perf_counter()
    data = datasets.generate(scale=scale)
    sizes = {name: int(frame.memory_usage(deep=True).sum()) for name, frame in data.items()}
    print(f"\n=== scale {scale:g}: {len(data['commandes']):,} orders, {len(data['clients']):,} customers, "
          f"{len(data['prospects']):,} leads, {len(data['campagnes'])} campaigns "
          f"(generated in {time.perf_counter() - start:.1f} s)")
    with_loop = scale <= LOOP_MAX_SCALE

    # 1. Same results everywhere, before any timing (this also warms up each path).
    first_ms = {}
    for kpi in KPIS:
        frames = {name: data[name] for name in kpi.inputs}
        first_ms[kpi.name], ours = once_ms(lambda: kpi.kpilab(frames))
        if kpi.check is not None:
            ours = kpi.check(frames)
        references = [("DuckDB", run_duckdb(con, kpi, frames))]
        if with_loop:
            references.append(("the Python loop", kpi.loop(frames)))
        for who, theirs in references:
            problems = differences(kpi, ours, theirs, who)
            if problems:
                print(f"\nMISMATCH at scale {scale:g}, {kpi.name}: kpilab and {who} disagree:", file=sys.stderr)
                for problem in problems:
                    print(f"  - {problem}", file=sys.stderr)
                print("Nothing is timed while the results differ.", file=sys.stderr)
                sys.exit(1)
        print(f"  same results: {kpi.name} ({len(_flat(ours, kpi))} groups; kpilab = DuckDB"
              f"{' = Python loop' if with_loop else ''})")

    # 2. Times, loop, memory.
    rows, missed = [], []
    for kpi in KPIS:
        frames = {name: data[name] for name in kpi.inputs}
        n = repeats if first_ms[kpi.name] > 50 else max(repeats, 25)
        ours = median_ms(lambda: kpi.kpilab(frames), n)
        theirs = median_ms(lambda: run_duckdb(con, kpi, frames), n)
        loop = once_ms(lambda: kpi.loop(frames))[0] if with_loop else None
        peak = peak_extra_bytes(lambda: kpi.kpilab(frames))
        size = sum(sizes[name] for name in kpi.inputs)
        time_ok = ours <= TIME_GOAL * theirs
        tiny = size < MB  # there the ratio measures pandas' fixed cost per call, not how it scales
        memory_ok = tiny or peak <= MEMORY_GOAL * size
        if not time_ok:
            missed.append(f"scale {scale:g}, {kpi.name}: time {ours / theirs:.2f} x DuckDB (goal <= {TIME_GOAL:g})")
        if not memory_ok:
            missed.append(f"scale {scale:g}, {kpi.name}: peak {peak / size:.2f} x input (goal <= {MEMORY_GOAL:g})")
        rows.append([
            kpi.name, f"{sum(len(data[name]) for name in kpi.inputs):,}", str(n),
            f"{ours:.1f}", f"{theirs:.1f}", f"{ours / theirs:.2f}", "met" if time_ok else "MISSED",
            f"{loop:.0f}" if loop is not None else "skipped", _speed_up(loop, ours) if loop is not None else "-",
            _mb(peak), _mb(size), f"{peak / size:.2f}", "n/a*" if tiny else "met" if memory_ok else "MISSED",
        ])
        print(f"  timed: {kpi.name}")
    header = ["KPI", "rows in", "runs", "kpilab ms", "DuckDB ms", "x DuckDB", f"<= {TIME_GOAL:g}",
              "loop ms", "loop/kpilab", "peak MB", "input MB", "x input", f"<= {MEMORY_GOAL:g}"]
    print(f"\nscale {scale:g}")
    print(_table(header, rows))
    if any(sum(sizes[name] for name in kpi.inputs) < MB for kpi in KPIS):
        print(f"* input under 1 MB (the campaigns table does not grow with the scale): the peak is the fixed "
              f"cost of building a pandas result (index, frame, a few kB), not a multiple of the input; the "
              f"<= {MEMORY_GOAL:g} x goal is judged on the inputs of 1 MB and more.")
    if not with_loop:
        print(f"Python loop skipped above scale {LOOP_MAX_SCALE} (it grows linearly; see the scale-30 table).")
    return missed


def _mb(size: float) -> str:
    return f"{size / MB:.1f}" if size >= 0.1 * MB else f"{size / 1000:.0f} kB"


def _speed_up(loop_ms: float, kpilab_ms: float) -> str:
    ratio = loop_ms / kpilab_ms
    return f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.2f}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def kpilab_version() -> str:
    """The commit the measured kpilab comes from, and whether kpilab/ differs from it."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "kpilab"], cwd=ROOT, capture_output=True,
                                 text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "kpilab from outside a git checkout"
    return f"kpilab at commit {commit}" + (" with uncommitted changes in kpilab/" if changed else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[30, 150],
                        help="scales of generated data (30: about 1 M orders; 150: about 4.9 M)")
    parser.add_argument("--quick", action="store_true", help="scale 3 only (about 100,000 orders), to develop with")
    args = parser.parse_args(argv)
    scales = [3.0] if args.quick else args.scales

    print("Table KPIs: kpilab against DuckDB SQL on the same pandas DataFrames, and a plain Python loop.")
    print(f"Times: median wall time of the runs shown (25 for calls under 50 ms, else 5 up to 1 M orders "
          f"and 3 above); DuckDB {duckdb.__version__} with threads = 2, counting the registration and scan "
          "of the DataFrames, the SQL and the fetch into pandas. Python loop: one run.")
    print("Peak MB: largest extra allocation during the kpilab call, result included (tracemalloc, a separate "
          "pass); input MB: memory_usage(deep=True) of the tables the call reads.")
    print(f"{kpilab_version()}; pandas {pd.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}.")

    con = duckdb.connect()
    con.execute("SET threads TO 2")
    missed = []
    for scale in scales:
        needed_mb = 25 * scale  # measured: 2.6 GB peak resident memory for the whole run at scale 150
        free_mb = available_memory_mb()
        if free_mb is not None and free_mb < needed_mb:
            print(f"\n=== scale {scale:g} skipped: it needs about {needed_mb / 1000:.0f} GB of memory, "
                  f"{free_mb / 1000:.1f} GB available.")
            continue
        missed += run_scale(scale, con, repeats=5 if scale <= 30 else 3)
        gc.collect()
    con.close()

    print("\nGoals missed:" if missed else "\nEvery goal met.")
    for line in missed:
        print(f"  - {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
