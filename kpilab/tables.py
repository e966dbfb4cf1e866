"""KPIs computed from the course tables, per period and per segment.

Every ``*_by`` function takes the table(s) it needs, then ``by`` (a column
name or a list of them, or None for the whole table) and ``period``
(``"month"``, ``"quarter"``, ``"year"`` or None; French ``"mois"``,
``"trimestre"``, ``"annee"`` work too). It returns a DataFrame indexed by
those keys, with the counts behind the KPI next to the KPI itself, so that a
student can redo the division. Without ``by`` and ``period`` the result has
one row, ``"total"``.

The divisions go through :mod:`kpilab.formulas`, so a table KPI and the
formula always agree. A group whose denominator is zero (a campaign without
any sale has no cost per conversion) gets ``<NA>``, never 0.

>>> from kpilab import datasets, tables
>>> tables.average_order_value_by(datasets.load("commandes"), by="canal").columns.tolist()
['transactions', 'articles', 'chiffre_affaires_ht', 'panier_moyen_ht', 'indice_de_vente']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from kpilab import formulas
from kpilab.errors import KPIError

__all__ = [
    "response_rate_by",
    "leads_with_channel",
    "conversion_rate_by",
    "cost_per_conversion_by",
    "sales_cycle_by",
    "average_order_value_by",
    "store_conversion_by",
    "margins_by",
    "fleet_margin_by",
    "active_customers",
    "retention_by",
    "cohort_retention_matrix",
    "customer_lifetime_value_by",
]

_PERIODS = {
    "month": "M", "mois": "M", "m": "M",
    "quarter": "Q", "trimestre": "Q", "q": "Q",
    "year": "Y", "annee": "Y", "année": "Y", "y": "Y",
}
_PERIOD_WORDS = {"M": "mois", "Q": "trimestre", "Y": "année"}
B2B_CUSTOMERS = "entreprise"  # the companies: `type_client` (and segment) of `clients`
_NAT = np.iinfo("int64").min  # how numpy and pandas store NaT in int64
_PER_DAY = {"D": 1, "h": 24, "m": 24 * 60, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


# --- shared steps --------------------------------------------------------------


def _require(df, columns: Sequence[str], table: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise KPIError(
            f"Il faut le tableau `{table}` (un DataFrame, par exemple "
            f"datasets.load('{table}')) ; tu as donné un objet de type {type(df).__name__}."
        )
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KPIError(
            f"Le tableau `{table}` n'a pas la (les) colonne(s) {', '.join(missing)}. "
            f"Colonnes disponibles : {', '.join(map(str, df.columns))}."
        )


def _freq(period) -> str | None:
    if period is None:
        return None
    freq = _PERIODS.get(str(period).lower())
    if freq is None:
        raise KPIError(
            f"`period` vaut {period!r} : choisis 'month' (mois), 'quarter' "
            "(trimestre), 'year' (année) ou None (toute la période)."
        )
    return freq


def _by_list(by) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _dates(df: pd.DataFrame, column: str, table: str) -> pd.Series:
    """The column as dates, or a French error naming the conversion to do."""
    dates = df[column]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        raise KPIError(
            f"La colonne `{column}` du tableau `{table}` doit contenir des dates ; elle est de type "
            f"{dates.dtype}. Convertis-la avec pd.to_datetime({table}['{column}'])."
        )
    return dates


@dataclass(frozen=True)
class _Key:
    """A grouping key as integers: row i stands for ``values[codes[i]]``, or is missing (-1)."""

    name: str
    codes: np.ndarray  # int64; a new array, which the caller may change
    values: pd.Index  # sorted, as groupby(sort=True) orders them
    complete: bool  # no missing value (no -1 in codes)


def _ordinal_key(ordinals: np.ndarray, freq: str) -> _Key:
    """The key of pandas' ``Period.ordinal`` numbers (``NaT`` when missing)."""
    known = ordinals != _NAT
    complete = bool(known.all())
    low, high = (ordinals[known].min(), ordinals[known].max()) if known.any() else (0, -1)
    codes = ordinals - low if complete else np.where(known, ordinals - low, -1)
    return _Key("periode", codes, pd.PeriodIndex.from_ordinals(np.arange(low, high + 1), freq=freq), complete)


def _period_key(dates: pd.Series, freq: str) -> _Key:
    """The period (``"M"``, ``"Q"`` or ``"Y"``) of each date, from the first period to the last.

    The same periods as ``dates.dt.to_period(freq)``, about three times faster
    on a million dates: the calendar is worked out once per distinct day,
    then looked up.
    """
    if not isinstance(dates.dtype, np.dtype):  # with a time zone: pandas' own conversion
        return _ordinal_key(dates.dt.to_period(freq).array.asi8, freq)
    unit, count = np.datetime_data(dates.dtype)
    per_day = _PER_DAY[unit] // count
    stamps = dates.to_numpy().view("int64")
    smallest = stamps.min() if len(stamps) else _NAT
    complete = smallest != _NAT or not len(stamps)  # NaT is the smallest int64
    known = None if complete else stamps != _NAT
    kept = stamps if complete else stamps[known]
    if not len(kept):
        return _Key("periode", np.full(len(stamps), -1), pd.PeriodIndex([], freq=freq), complete)
    low = (smallest if complete else kept.min()) // per_day  # floor: days before 1970 stay right
    high = kept.max() // per_day
    start = 0 if 0 <= low and high < 2**20 else low  # a calendar from 1970 on: no shift of the days
    days = kept // per_day
    if start:
        days -= start
    months = np.arange(start, high + 1).astype("datetime64[D]").astype("datetime64[M]").view("int64")
    ordinals = {"M": months, "Q": months // 3, "Y": months // 12}[freq]  # of each day of the calendar
    first, last = ordinals[low - start], ordinals[-1]
    codes = (ordinals - first)[days]
    if not complete:
        codes, known_codes = np.full(len(stamps), -1), codes
        codes[known] = known_codes
    return _Key("periode", codes, pd.PeriodIndex.from_ordinals(np.arange(first, last + 1), freq=freq), complete)


def _period_ordinals(dates: pd.Series, freq: str) -> np.ndarray:
    """pandas' ``Period.ordinal`` of each date, ``NaT`` for a missing one."""
    key = _period_key(dates, freq)
    first = key.values.asi8[0] if len(key.values) else 0
    return key.codes + first if key.complete else np.where(key.codes >= 0, key.codes + first, _NAT)


def _column_key(column: pd.Series) -> _Key:
    """A column as a key: categories keep their order, other values are sorted."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        values = pd.CategoricalIndex(column.cat.categories, dtype=column.dtype)
    else:
        codes, values = pd.factorize(column, sort=True)
        values = pd.Index(values)
    return _Key(column.name, codes.astype("int64"), values, codes.min(initial=0) >= 0)


def _keys(df: pd.DataFrame, by, date_column: str | None, period, table: str) -> list[_Key]:
    """The grouping keys: the ``by`` columns, then the period of ``date_column``."""
    columns = _by_list(by)
    _require(df, columns, table)
    keys = [_column_key(df[c]) for c in columns]
    freq = _freq(period)
    if freq is not None:
        keys.append(_period_key(_dates(df, date_column, table), freq))
    return keys


@dataclass(frozen=True)
class _Groups:
    """Rows coded by group: ``code[i]`` in ``range(size)``, -1 for a row left out (missing key).

    Code k stands for the combination ``combined[k]`` of the keys' codes
    (mixed radix), or k itself when ``combined`` is None.
    """

    keys: list[_Key]
    code: np.ndarray
    known: np.ndarray | None  # the rows kept; None when they all are
    size: int
    combined: np.ndarray | None

    @cached_property
    def counts(self) -> np.ndarray:
        """Rows per code."""
        return np.bincount(self.code if self.known is None else self.code[self.known], minlength=self.size)

    @cached_property
    def present(self) -> np.ndarray:
        """The codes that occur, in the order of the sorted keys."""
        return np.flatnonzero(self.counts) if self.combined is None else np.arange(self.size)

    @cached_property
    def index(self) -> pd.Index:
        """The keys of the present codes, as groupby(keys, observed=True, sort=True) labels them."""
        combined = self.present if self.combined is None else self.combined
        level_codes = []
        for key in reversed(self.keys):
            level_codes.insert(0, combined % len(key.values))
            combined = combined // len(key.values)
        if len(self.keys) == 1:
            return self.keys[0].values.take(level_codes[0]).rename(self.keys[0].name)
        return pd.MultiIndex(levels=[key.values for key in self.keys], codes=level_codes,
                             names=[key.name for key in self.keys])

    @staticmethod
    def countable(values) -> bool:
        """Whether :meth:`sums` is exact: one integer for every row, or integers small enough for float64."""
        if isinstance(values, (int, np.integer)):
            return True
        if values.dtype.kind not in "iub" or not len(values):
            return False
        return max(-int(values.min()), int(values.max())) * len(values) < 2**53

    def sums(self, values) -> np.ndarray:
        """Sums per present group by ``np.bincount``, of :meth:`countable` values.

        ``values`` is an array, or one integer for every row (1 counts the rows).
        """
        if isinstance(values, (int, np.integer)):
            return self.counts[self.present] * int(values)
        code, weights = (self.code, values) if self.known is None else (self.code[self.known], values[self.known])
        return np.bincount(code, weights=weights, minlength=self.size)[self.present].astype("int64")

    def grouped(self, values: pd.Series):
        """pandas' groupby of ``values`` on the codes: one result per code, keep ``[present]``."""
        categories = pd.Categorical.from_codes(self.code, categories=pd.RangeIndex(self.size))
        return values.groupby(categories, observed=False, sort=True)


def _groups(keys: list[_Key]) -> _Groups:
    """One integer code per row for the combination of the keys (mixed radix over their codes)."""
    code, size = keys[0].codes, len(keys[0].values)  # a new array: changed in place
    for key in keys[1:]:
        code *= len(key.values)
        code += key.codes
        size *= len(key.values)
    known = None if all(key.complete for key in keys) else np.logical_and.reduce([key.codes >= 0 for key in keys])
    combined = None
    if size > 2 * len(code) + 1024:  # more possible groups than rows: number the ones that occur
        kept = code if known is None else code[known]
        dense, combined = pd.factorize(kept, sort=True)
        code[known if known is not None else slice(None)] = dense
        size = len(combined)
    if known is not None:
        code[~known] = -1
    return _Groups(keys, code, known, size, combined)


def _sum_by(df: pd.DataFrame, keys: list[_Key], columns: dict[str, pd.Series | int]) -> pd.DataFrame:
    """Sum the given Series per key; one "total" row when there is no key.

    A column given as the number 1 counts the rows.

    The same table as pandas' ``groupby(keys, observed=True, sort=True).sum()``,
    faster on a million rows: the keys become one integer code per row;
    integers are summed by ``np.bincount`` and the other columns by pandas on
    that single code (compensated sums, as groupby does), on a second thread
    for large tables.
    """
    if not keys:
        frame = pd.DataFrame(columns, index=df.index)
        return frame.sum().to_frame("total").T.astype(frame.dtypes.to_dict())
    groups = _groups(keys)
    arrays = {name: column if np.isscalar(column) else column.to_numpy() for name, column in columns.items()}
    by_pandas = [name for name, values in arrays.items() if not groups.countable(values)]

    def pandas_sums() -> dict:
        return {name: groups.grouped(columns[name]).sum().array for name in by_pandas}

    later = _start(pandas_sums) if by_pandas and len(df) >= _BACKGROUND_ROWS else None
    sums = {name: groups.sums(values) for name, values in arrays.items() if name not in by_pandas}
    for name, values in (later.result() if later is not None else pandas_sums()).items():
        sums[name] = values[groups.present]
    return pd.DataFrame({name: sums[name] for name in columns}, index=groups.index)


_BACKGROUND_ROWS = 500_000  # under this, a second thread costs more time than it saves
_pool = None


def _start(function: Callable):
    """Start ``function()`` on a second thread and return its future.

    pandas' and NumPy's loops release the GIL, so on a laptop's second core
    the compensated sums of pandas run while NumPy counts (the order-value
    table of 4.9 million orders: 108 ms instead of 147 ms on two cores).
    """
    global _pool
    if _pool is None:
        from concurrent.futures import ThreadPoolExecutor

        _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kpilab")
    return _pool.submit(function)


def _matchable(ids: pd.Index, table: str, column: str, what: str) -> pd.Index:
    """Ids ready for ``get_indexer``: a French error for an id found twice; a missing id matches nothing."""
    repeated = ids[ids.duplicated() & ids.notna()]
    if len(repeated):
        raise KPIError(f"Le tableau `{table}` contient plusieurs lignes pour {what} {repeated[0]!r} : "
                       f"chaque {column} ne doit y figurer qu'une fois.")
    return ids.where(ids.notna(), [object() for _ in range(len(ids))])  # a mark per row, equal to nothing


def _kpi(table: pd.DataFrame, numerator: str, denominator: str, formula: Callable) -> pd.Series:
    """Apply a formula row by row; rows with a zero denominator get <NA>."""
    bottom = table[denominator].to_numpy(dtype="float64", na_value=np.nan)
    defined = bottom > 0  # False for NaN too
    values = np.zeros(len(table))
    if defined.any():
        top = table[numerator].to_numpy(dtype="float64", na_value=np.nan)
        values[defined] = formula(top[defined], bottom[defined])
    return pd.Series(pd.arrays.FloatingArray(values, ~defined), index=table.index)


# --- prospecting and B2B sales ----------------------------------------------------


def response_rate_by(campagnes: pd.DataFrame, by=None, period=None) -> pd.DataFrame:
    """Taux de réponse per segment and period of launch (``date_debut``).

    Bounced contacts (``contacts_invalides``) leave the denominator:
    taux de réponse = réponses ÷ (contacts − contacts invalides) × 100.

    >>> from kpilab import datasets
    >>> table = response_rate_by(datasets.load("campagnes"), by="canal")
    >>> table.columns.tolist()
    ['contacts', 'contacts_invalides', 'contacts_valides', 'reponses', 'taux_de_reponse']
    """
    _require(campagnes, ["contacts", "contacts_invalides", "reponses", "date_debut"], "campagnes")
    keys = _keys(campagnes, by, "date_debut", period, "campagnes")
    table = _sum_by(campagnes, keys, {
        "contacts": campagnes["contacts"],
        "contacts_invalides": campagnes["contacts_invalides"],
        "contacts_valides": campagnes["contacts"] - campagnes["contacts_invalides"],
        "reponses": campagnes["reponses"],
    })
    table["taux_de_reponse"] = _kpi(table, "reponses", "contacts_valides", formulas.response_rate)
    return table


def leads_with_channel(prospects: pd.DataFrame, campagnes: pd.DataFrame) -> pd.DataFrame:
    """The leads with a ``canal`` column: the campaign's channel, else the source.

    A lead from a campaign gets the campaign's channel (emailing, salon…);
    the others get their source (site_web, recommandation).
    """
    _require(prospects, ["campagne_id", "source"], "prospects")
    _require(campagnes, ["campagne_id", "canal"], "campagnes")
    campaigns = pd.Index(campagnes["campagne_id"])
    if campaigns.hasnans or not campaigns.is_unique:
        campaigns = _matchable(campaigns, "campagnes", "campagne_id", "la campagne")
    # Worked out on the few channel and source names, then one code per lead.
    source = prospects["source"].astype("category")
    channel_names, source_names = campagnes["canal"].astype(str), source.cat.categories.astype(str)
    names = pd.Index(sorted(set(channel_names.dropna()) | set(source_names)), dtype="str")
    of_campaign = np.append(names.get_indexer(channel_names), -1)  # the last one: no campaign
    of_source = np.append(names.get_indexer(source_names), -1)  # the last one: no source
    codes = of_campaign[campaigns.get_indexer(prospects["campagne_id"])]
    codes = np.where(codes >= 0, codes, of_source[source.cat.codes.to_numpy()])
    channel = pd.Categorical.from_codes(codes, categories=names).remove_unused_categories()
    return prospects.assign(canal=pd.Series(channel, index=prospects.index, copy=False))


def conversion_rate_by(prospects: pd.DataFrame, by=None, period=None, closed_only: bool = False) -> pd.DataFrame:
    """Taux de conversion des leads per segment and period of first contact.

    taux de conversion = ventes ÷ leads × 100, where a sale is a lead with
    ``statut == "gagne"``. With ``closed_only=True`` the open deals
    (``en_cours``) leave the denominator: the rate among decided deals.

    >>> from kpilab import datasets
    >>> conversion_rate_by(datasets.load("prospects"), by="source").columns.tolist()
    ['leads', 'ventes', 'en_cours', 'taux_de_conversion']
    """
    _require(prospects, ["statut", "date_premier_contact"], "prospects")
    leads = prospects[prospects["statut"] != "en_cours"] if closed_only else prospects
    keys = _keys(leads, by, "date_premier_contact", period, "prospects")
    table = _sum_by(leads, keys, {
        "leads": 1,
        "ventes": (leads["statut"] == "gagne").astype("int64"),
        "en_cours": (leads["statut"] == "en_cours").astype("int64"),
    })
    table["taux_de_conversion"] = _kpi(table, "ventes", "leads", formulas.conversion_rate)
    return table


def cost_per_conversion_by(campagnes: pd.DataFrame, prospects: pd.DataFrame, by="campagne_id") -> pd.DataFrame:
    """Coût par conversion of the campaigns: cost ÷ won deals, per campaign or channel.

    Only the leads that came from a campaign count. A campaign without any
    won deal has no cost per conversion (<NA>).
    """
    _require(campagnes, ["campagne_id", "cout_ht"], "campagnes")
    _require(prospects, ["campagne_id", "statut"], "prospects")
    from_campaigns = prospects.dropna(subset=["campagne_id"])
    per_campaign = pd.DataFrame({
        "leads": from_campaigns.groupby("campagne_id", observed=True).size(),
        "ventes": (from_campaigns["statut"] == "gagne").groupby(from_campaigns["campagne_id"], observed=True).sum(),
    })
    merged = campagnes.join(per_campaign, on="campagne_id")
    merged[["leads", "ventes"]] = merged[["leads", "ventes"]].fillna(0).astype("int64")
    keys = _keys(merged, by, None, None, "campagnes")
    table = _sum_by(merged, keys, {c: merged[c] for c in ("cout_ht", "leads", "ventes")})
    table["cout_par_lead"] = _kpi(table, "cout_ht", "leads", formulas.cost_per_conversion)
    table["cout_par_conversion"] = _kpi(table, "cout_ht", "ventes", formulas.cost_per_conversion)
    return table


def sales_cycle_by(prospects: pd.DataFrame, by=None, period=None) -> pd.DataFrame:
    """Cycle de vente moyen and médian, in days, of the won deals.

    cycle = date de signature − date du premier contact, won deals only
    (open and lost deals have no signature); ``period`` groups deals by the
    period of their signature.
    """
    _require(prospects, ["statut", "date_premier_contact", "date_signature"], "prospects")
    won = prospects[prospects["statut"] == "gagne"]
    keys = _keys(won, by, "date_signature", period, "prospects")
    days = formulas.sales_cycle_days(won["date_premier_contact"], won["date_signature"])
    if not keys:
        grouped = days.groupby(np.zeros(len(days)))
        kept, index = slice(None), pd.Index(["total"])
    else:
        groups = _groups(keys)
        grouped = groups.grouped(days)
        kept, index = groups.present, groups.index
    return pd.DataFrame({
        "affaires_gagnees": grouped.size().to_numpy()[kept],
        "cycle_moyen_jours": grouped.mean().array[kept],
        "cycle_median_jours": grouped.median().array[kept],
    }, index=index)


# --- orders and shops --------------------------------------------------------------


def average_order_value_by(commandes: pd.DataFrame, by=None, period=None) -> pd.DataFrame:
    """Panier moyen HT and indice de vente per segment and period.

    panier moyen HT = chiffre d'affaires HT ÷ nombre de transactions;
    indice de vente = articles ÷ transactions.
    """
    _require(commandes, ["date", "montant_ht", "nb_articles"], "commandes")
    keys = _keys(commandes, by, "date", period, "commandes")
    table = _sum_by(commandes, keys, {
        "transactions": 1,
        "articles": commandes["nb_articles"],
        "chiffre_affaires_ht": commandes["montant_ht"],
    })
    table["panier_moyen_ht"] = _kpi(table, "chiffre_affaires_ht", "transactions", formulas.average_order_value)
    table["indice_de_vente"] = _kpi(table, "articles", "transactions", formulas.sales_index)
    return table


def store_conversion_by(commandes: pd.DataFrame, frequentation: pd.DataFrame, by="point_de_vente", period=None) -> pd.DataFrame:
    """Taux de transformation (tickets ÷ visiteurs × 100) per point of sale and period.

    For the shops the visitors are door-counter entries; for the web shop
    they are sessions (the web conversion rate).
    """
    _require(frequentation, ["date", "point_de_vente", "visiteurs"], "frequentation")
    _require(commandes, ["date", "point_de_vente"], "commandes")
    if _by_list(by) not in ([], ["point_de_vente"]):
        raise KPIError("`by` ne peut valoir que 'point_de_vente' ou None pour le taux de transformation.")
    counted = frequentation["point_de_vente"].astype(str).unique()
    tickets = commandes[commandes["point_de_vente"].astype(str).isin(counted)]
    tickets = tickets.assign(point_de_vente=tickets["point_de_vente"].astype(str))  # shops as text in both tables
    visits = frequentation.assign(point_de_vente=frequentation["point_de_vente"].astype(str))
    t_keys = _keys(tickets, by, "date", period, "commandes")
    v_keys = _keys(visits, by, "date", period, "frequentation")
    table = pd.concat([
        _sum_by(tickets, t_keys, {"tickets": 1}),
        _sum_by(visits, v_keys, {"visiteurs": visits["visiteurs"]}),
    ], axis=1).fillna(0).astype("int64")
    table["taux_de_transformation"] = _kpi(table, "tickets", "visiteurs", formulas.store_conversion_rate)
    return table


def _margin_share(table: pd.DataFrame) -> pd.Series:
    """Taux de marque = (ventes HT − coût d'achat HT) ÷ ventes HT × 100 per row; <NA> without sales."""
    return _kpi(table, "cout_achat_ht", "chiffre_affaires_ht",
                lambda cost, sales: formulas.gross_margin_rate(sales, cost))


def margins_by(lignes_commande: pd.DataFrame, by="categorie") -> pd.DataFrame:
    """Chiffre d'affaires, coût d'achat, marge, taux de marque and taux de marge.

    taux de marque = marge ÷ CA HT × 100; taux de marge = marge ÷ coût d'achat HT × 100.
    """
    lines = lignes_commande
    _require(lines, ["quantite", "montant_ht", "prix_achat_unitaire_ht"], "lignes_commande")
    keys = _keys(lines, by, None, None, "lignes_commande")
    table = _sum_by(lines, keys, {
        "chiffre_affaires_ht": lines["montant_ht"],
        "cout_achat_ht": lines["quantite"] * lines["prix_achat_unitaire_ht"],
    })
    table["marge_ht"] = table["chiffre_affaires_ht"] - table["cout_achat_ht"]
    table["taux_de_marque"] = _margin_share(table)
    table["taux_de_marge"] = _kpi(table, "chiffre_affaires_ht", "cout_achat_ht", formulas.markup_rate)
    return table


def fleet_margin_by(prospects: pd.DataFrame, commandes: pd.DataFrame, lignes_commande: pd.DataFrame,
                    by=None) -> pd.DataFrame:
    """The margin of the won deals' fleets, and the margin of a deal, per segment of ``prospects``.

    A won deal's fleet is the B2B order its company placed on the day of its
    signature (same ``client_id``, ``date`` = ``date_signature``). On the lines
    of those orders:

    - marge HT = ventes HT − coût d'achat HT (quantité × prix d'achat unitaire HT);
    - taux de marque = marge HT ÷ ventes HT × 100;
    - marge par affaire = marge HT ÷ nombre d'affaires gagnées.

    Only the won deals of ``prospects`` count: pass the leads of one source, or
    ``by="source"``, to compare. A won deal whose fleet is not in ``commandes``
    is a French error (its margin is unknown, it cannot count as zero). The
    margin of the first order is all that two years of data say for sure
    about a company (lesson 07): a minimum of what it brings.

    >>> from kpilab import datasets
    >>> prospects = datasets.load("prospects")
    >>> flottes = fleet_margin_by(prospects[prospects["source"] == "campagne"],
    ...                           datasets.load("commandes"), datasets.load("lignes_commande"))
    >>> row = flottes.loc["total"]
    >>> int(row["affaires"]), round(float(row["marge_ht"]), 2), round(float(row["marge_par_affaire"]), 2)
    (52, 153385.69, 2949.72)
    """
    segments = _by_list(by)
    _require(prospects, ["statut", "client_id", "date_signature"] + segments, "prospects")
    _require(commandes, ["commande_id", "canal", "client_id", "date"], "commandes")
    _require(lignes_commande, ["commande_id", "quantite", "montant_ht", "prix_achat_unitaire_ht"], "lignes_commande")
    won = prospects[prospects["statut"] == "gagne"]
    signed = _dates(won, "date_signature", "prospects").dt.normalize()
    b2b = commandes[commandes["canal"].astype(str) == "b2b"]
    # Each B2B order's deal (a position in `won`, -1 for none), matched on (company, day).
    deals = pd.MultiIndex.from_arrays([_as_text(won["client_id"]).array, signed.array])
    if deals.has_duplicates:
        first = np.flatnonzero(deals.duplicated())[0]
        raise KPIError(f"Le tableau `prospects` contient deux affaires gagnées par le client "
                       f"{won['client_id'].iloc[first]!r} {_on_day(signed.iloc[first])} : chaque affaire gagnée "
                       "doit avoir sa propre commande de flotte.")
    deal_of_order = deals.get_indexer(pd.MultiIndex.from_arrays(
        [_as_text(b2b["client_id"]).array, _dates(b2b, "date", "commandes").dt.normalize().array]))
    found = np.zeros(len(won), dtype=bool)
    found[deal_of_order[deal_of_order >= 0]] = True
    if not found.all():
        first = np.flatnonzero(~found)[0]
        deal = won["prospect_id"].iloc[first] if "prospect_id" in won else won.index[first]
        raise KPIError(
            f"L'affaire gagnée {deal!r} (client {won['client_id'].iloc[first]!r}, signée "
            f"{_on_day(signed.iloc[first])}) n'a pas de commande B2B de son client ce jour-là dans `commandes` : "
            "sa flotte manque, donc sa marge n'est pas connue. Donne toutes les commandes "
            "(datasets.load('commandes'))."
        )
    fleets = _matchable(pd.Index(_as_text(b2b["commande_id"])), "commandes", "commande_id", "la commande")
    deal_of_line = np.append(deal_of_order, -1)[fleets.get_indexer(_as_text(lignes_commande["commande_id"]).array)]
    kept = deal_of_line >= 0
    lines, deal_of_line = lignes_commande[kept], deal_of_line[kept]
    per_deal = won[segments].reset_index(drop=True).assign(
        chiffre_affaires_ht=np.bincount(deal_of_line, weights=lines["montant_ht"].to_numpy(dtype="float64"),
                                        minlength=len(won)),
        cout_achat_ht=np.bincount(deal_of_line, minlength=len(won), weights=(
            lines["quantite"] * lines["prix_achat_unitaire_ht"]).to_numpy(dtype="float64")),
    )
    table = _sum_by(per_deal, _keys(per_deal, by, None, None, "prospects"), {
        "affaires": 1,
        "chiffre_affaires_ht": per_deal["chiffre_affaires_ht"],
        "cout_achat_ht": per_deal["cout_achat_ht"],
    })
    table["marge_ht"] = table["chiffre_affaires_ht"] - table["cout_achat_ht"]
    table["taux_de_marque"] = _margin_share(table)
    table["marge_par_affaire"] = _kpi(table, "marge_ht", "affaires", np.divide)
    return table


def _on_day(day) -> str:
    """``le 12/03/2024``, or ``sans date`` for a missing one (in an error message)."""
    return f"le {day:%d/%m/%Y}" if pd.notna(day) else "sans date"


# --- customers ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Activity:
    """Who bought in which period, as integers: the fast form of :func:`active_customers`.

    Pair i is (``ids[client[i]]``, ``period[i]``), each pair once. Periods are
    pandas' ordinals (``Period.ordinal``), so ``period + 1`` is the next
    period. ``rows[k]`` is customer k's row in the ``clients`` table given to
    :func:`_activity` (-1 when they are not in it). On a million orders this
    is about ten times faster than pairs of text and Period objects.
    """

    ids: pd.Index  # the customers coded: the rows of `clients` first when given, then the others who ordered
    rows: np.ndarray  # int64: each customer's row in `clients`, -1 when absent
    client: np.ndarray  # int64: each pair's customer, a position in ids
    period: np.ndarray  # int64: each pair's period ordinal
    freq: str

    def periods(self, ordinals) -> pd.PeriodIndex:
        return pd.PeriodIndex.from_ordinals(ordinals, freq=self.freq)


def _as_text(ids: pd.Series) -> pd.Series:
    if isinstance(ids.dtype, pd.StringDtype):
        return ids
    return ids.astype(str).where(ids.notna())  # e.g. numbers read from a student's file


def _customer_codes(ids: pd.Series, clients: pd.DataFrame | None) -> tuple[np.ndarray, pd.Index, np.ndarray]:
    """Each order's customer code (-1 when anonymous), the ids coded and their rows in ``clients``.

    With ``clients``, its rows come first (code k is row k), then the
    customers missing from it: the orders' text is looked up in one hash
    table, without a second pass to match the customers with their rows.
    """
    if clients is None:
        codes, known = ids.factorize()
        return codes.astype("int64"), known, np.full(len(known), -1, dtype="int64")
    registered = pd.Index(_as_text(clients["client_id"]))
    anonymous = len(registered)  # one more entry, missing, catches the anonymous tickets
    missing = pd.Index([ids.dtype.na_value], dtype=registered.dtype)
    lookup = registered.append(missing)
    if not lookup.is_unique:  # a client_id twice, or rows without one
        registered = _matchable(registered, "clients", "client_id", "le client")
        lookup = registered.append(missing)
    codes = lookup.get_indexer(ids.array).astype("int64", copy=False)  # a new array already
    rows = np.arange(len(registered), dtype="int64")
    unmatched = np.flatnonzero(codes < 0)  # customers missing from `clients`
    codes[codes == anonymous] = -1
    if len(unmatched):
        others, other_ids = pd.factorize(ids.array.take(unmatched))
        codes[unmatched] = np.where(others >= 0, others + anonymous, -1)
        registered = registered.append(pd.Index(other_ids))
        rows = np.concatenate([rows, np.full(len(other_ids), -1, dtype="int64")])
    return codes, registered, rows


def _activity(commandes: pd.DataFrame, period, clients: pd.DataFrame | None = None) -> _Activity:
    """The (customer, period) pairs with an order; in order of the first order without ``clients``."""
    _require(commandes, ["client_id", "date"], "commandes")
    freq = _freq(period) or "Y"
    when = _period_key(_dates(commandes, "date", "commandes"), freq)
    codes, ids, rows = _customer_codes(_as_text(commandes["client_id"]), clients)
    first = when.values.asi8[0] if len(when.values) else 0
    span = len(when.values)
    if clients is not None and when.complete and (len(ids) + 1) * span <= 64 * len(codes) + 2**20:
        # A bitmap customer × period beats hashing. Anonymous tickets go to one extra
        # row, dropped at the end, which saves copying the orders without them.
        codes[codes < 0] = len(ids)
        pairs = codes  # a new array: changed in place
        pairs *= span
        pairs += when.codes
        seen = np.zeros((len(ids) + 1) * span, dtype=bool)
        seen[pairs] = True
        client, period_ = np.divmod(np.flatnonzero(seen[:-span]), span)  # sorted by customer, then period
        return _Activity(ids, rows, client, period_ + first, freq)
    known = codes >= 0 if when.complete else (codes >= 0) & (when.codes >= 0)
    periods = when.codes
    if not known.all():
        codes, periods = codes[known], periods[known]
    pairs = codes  # a new array: changed in place
    pairs *= span
    pairs += periods
    client, period_ = np.divmod(pd.unique(pairs), max(span, 1))  # first occurrences, in order
    return _Activity(ids, rows, client, period_ + first, freq)


def _isin(values: np.ndarray, known: np.ndarray) -> np.ndarray:
    """``np.isin`` for int64 keys, by hashing: faster than sorting on millions of rows."""
    return pd.Series(values, copy=False).isin(known).to_numpy()


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
