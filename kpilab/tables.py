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


# --- shared steps --------------------------------------------------------------


def _require(df, columns: Sequence[str], table: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise KPIError(
            f"Il faut le tableau `{table}` (un DataFrame, par exemple "
            f"datasets.load('{table}')) ; tu as donné un objet de type {type(df).__name__}."
        )
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KPIError(
            f"Le tableau `{table}` n'a pas la (les) colonne(s) {', '.join(missing)}. "
            f"Colonnes disponibles : {', '.join(map(str, df.columns))}."
        )


def _freq(period) -> str | None:
    if period is None:
        return None
    freq = _PERIODS.get(str(period).lower())
    if freq is None:
        raise KPIError(
            f"`period` vaut {period!r} : choisis 'month' (mois), 'quarter' "
            "(trimestre), 'year' (année) ou None (toute la période)."
        )
    return freq


def _by_list(by) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _keys(df: pd.DataFrame, by, date_column: str | None, period, table: str) -> list[pd.Series]:
    """The grouping keys: the ``by`` columns, then the period of ``date_column``."""
    columns = _by_list(by)
    _require(df, columns, table)
    keys = [df[c] for c in columns]
    freq = _freq(period)
    if freq is not None:
        keys.append(df[date_column].dt.to_period(freq).rename("periode"))
    return keys


def _sum_by(df: pd.DataFrame, keys: list[pd.Series], columns: dict[str, pd.Series]) -> pd.DataFrame:
    """Sum the given Series per key; one "total" row when there is no key."""
    frame = pd.DataFrame(columns, index=df.index)
    if not keys:
        return frame.sum().to_frame("total").T.astype(frame.dtypes.to_dict())
    return frame.groupby(keys, observed=True, sort=True).sum()


def _kpi(table: pd.DataFrame, numerator: str, denominator: str, formula: Callable) -> pd.Series:
    """Apply a formula row by row; rows with a zero denominator get <NA>."""
    defined = table[denominator] > 0
    values = pd.Series(pd.NA, index=table.index, dtype="Float64")
    if defined.any():
        values[defined] = formula(table.loc[defined, numerator], table.loc[defined, denominator])
    return values


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
    channel = prospects["campagne_id"].map(campagnes.set_index("campagne_id")["canal"].astype(str))
    out = prospects.copy()
    out["canal"] = channel.fillna(prospects["source"].astype(str)).astype("category")
    return out


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
        "leads": pd.Series(1, index=leads.index),
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
    grouped = days.groupby(keys, observed=True, sort=True) if keys else days.groupby(np.zeros(len(days)))
    table = pd.DataFrame({
        "affaires_gagnees": grouped.size(),
        "cycle_moyen_jours": grouped.mean(),
        "cycle_median_jours": grouped.median(),
    })
    if not keys:
        table.index = pd.Index(["total"])
    return table


# --- orders and shops --------------------------------------------------------------


def average_order_value_by(commandes: pd.DataFrame, by=None, period=None) -> pd.DataFrame:
    """Panier moyen HT and indice de vente per segment and period.

    panier moyen HT = chiffre d'affaires HT ÷ nombre de transactions;
    indice de vente = articles ÷ transactions.
    """
    _require(commandes, ["date", "montant_ht", "nb_articles"], "commandes")
    keys = _keys(commandes, by, "date", period, "commandes")
    table = _sum_by(commandes, keys, {
        "transactions": pd.Series(1, index=commandes.index),
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
    t_keys = [k.astype(str) if k.name == "point_de_vente" else k for k in _keys(tickets, by, "date", period, "commandes")]
    v_keys = [k.astype(str) if k.name == "point_de_vente" else k for k in _keys(frequentation, by, "date", period, "frequentation")]
    table = pd.concat([
        _sum_by(tickets, t_keys, {"tickets": pd.Series(1, index=tickets.index)}),
        _sum_by(frequentation, v_keys, {"visiteurs": frequentation["visiteurs"]}),
    ], axis=1).fillna(0).astype("int64")
    table["taux_de_transformation"] = _kpi(table, "tickets", "visiteurs", formulas.store_conversion_rate)
    return table


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
    table["taux_de_marque"] = _kpi(table, "chiffre_affaires_ht", "cout_achat_ht", formulas.gross_margin_rate)
    table["taux_de_marge"] = _kpi(table, "chiffre_affaires_ht", "cout_achat_ht", formulas.markup_rate)
    return table


# --- customers ---------------------------------------------------------------------


def active_customers(commandes: pd.DataFrame, period="year") -> pd.DataFrame:
    """The rule "client actif": one row per (client_id, periode) with a purchase.

    A customer is active in a period when they placed at least one order in
    it. Anonymous tickets (no client_id) are left out.
    """
    _require(commandes, ["client_id", "date"], "commandes")
    freq = _freq(period) or "Y"
    known = commandes.dropna(subset=["client_id"])
    pairs = pd.DataFrame({
        "client_id": known["client_id"].astype(str).to_numpy(),
        "periode": known["date"].dt.to_period(freq).array,  # a PeriodArray: no boxing of each period
    })
    return pairs.drop_duplicates(ignore_index=True)


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
    freq = _freq(period) or "Y"
    active = active_customers(commandes, period)
    first, last = active["periode"].min(), active["periode"].max()
    profile = clients.assign(client_id=clients["client_id"].astype(str)).set_index("client_id")
    acquired = profile["date_inscription"].dt.to_period(freq)

    def pairs(frame):
        return pd.MultiIndex.from_frame(frame[["client_id", "periode"]])

    # S: customers active in the period before, seen from the period P.
    start = active.assign(periode=active["periode"] + 1)
    start = start[start["periode"] <= last].reset_index(drop=True)
    start["clients_conserves"] = pairs(start).isin(pairs(active))
    # E: customers active in P, split by where they come from.
    end = active[active["periode"] > first].reset_index(drop=True)
    already = pairs(end).isin(pairs(start))
    new = ~already & (end["client_id"].map(acquired) == end["periode"]).to_numpy()
    end["nouveaux_clients"] = new
    end["clients_revenus"] = ~already & ~new

    def count(frame, flags):
        frame = frame.join(profile[segments], on="client_id")
        keys = [frame[c] for c in segments] + [frame["periode"]]
        return frame[flags].astype("int64").groupby(keys, observed=True).agg(["size", "sum"])

    s_counts, e_counts = count(start, ["clients_conserves"]), count(end, ["nouveaux_clients", "clients_revenus"])
    table = pd.DataFrame({
        "clients_debut": s_counts[("clients_conserves", "size")],
        "clients_conserves": s_counts[("clients_conserves", "sum")],
        "nouveaux_clients": e_counts[("nouveaux_clients", "sum")],
        "clients_revenus": e_counts[("clients_revenus", "sum")],
        "clients_fin": e_counts[("nouveaux_clients", "size")],
    }).fillna(0).astype("int64")
    table.insert(2, "clients_perdus", table["clients_debut"] - table["clients_conserves"])
    table["taux_de_retention"] = _kpi(table, "clients_conserves", "clients_debut", formulas.retention_rate)
    table["taux_d_attrition"] = _kpi(table, "clients_perdus", "clients_debut", formulas.churn_rate)
    return table.sort_index()


def cohort_retention_matrix(commandes: pd.DataFrame, clients: pd.DataFrame, period="month", counts: bool = False) -> pd.DataFrame:
    """Cohorts of acquisition × periods since acquisition.

    Row: the period a customer was acquired (``date_inscription``), for the
    cohorts acquired while the orders are recorded. Column k: the share (in
    %) of the cohort active k periods after acquisition, or the number of
    active customers with ``counts=True``. Cells not yet observed (after the
    last order date) are left empty.
    """
    _require(clients, ["client_id", "date_inscription"], "clients")
    freq = _freq(period) or "M"
    active = active_customers(commandes, period)
    first, last = active["periode"].min(), active["periode"].max()
    cohort_of = clients.assign(
        client_id=clients["client_id"].astype(str),
        cohorte=clients["date_inscription"].dt.to_period(freq),
    ).set_index("client_id")["cohorte"]
    cohort_of = cohort_of[(cohort_of >= first) & (cohort_of <= last)]
    sizes = cohort_of.value_counts().sort_index()
    cells = active.join(cohort_of, on="client_id", how="inner")
    cells["ecart"] = (cells["periode"] - cells["cohorte"]).map(lambda offset: offset.n)
    cells = cells[cells["ecart"] >= 0]
    matrix = cells.groupby(["cohorte", "ecart"]).size().unstack(fill_value=0).reindex(sizes.index, fill_value=0)
    observed = np.arange(matrix.shape[1])[None, :] <= np.array([(last - c).n for c in matrix.index])[:, None]
    matrix = matrix.astype("Float64").where(observed)
    if not counts:
        matrix = matrix.div(sizes.astype("float64"), axis=0) * 100
    matrix.index.name = "cohorte"
    matrix.columns.name = f"{_PERIOD_WORDS[freq]}s_depuis_acquisition".replace("ss_", "s_")
    return matrix


def customer_lifetime_value_by(commandes: pd.DataFrame, lignes_commande: pd.DataFrame, clients: pd.DataFrame,
                               by="segment", year: int = 2025) -> pd.DataFrame:
    """Valeur vie client per segment, from one year of data.

    panier moyen HT (orders of the year) × achats par an (orders ÷ active
    customers) × durée de vie (1 ÷ annual churn of that year) × taux de
    marque (margin ÷ revenue of those orders).
    """
    segments = _by_list(by)
    _require(clients, ["client_id"] + segments, "clients")
    _require(lignes_commande, ["commande_id", "quantite", "prix_achat_unitaire_ht"], "lignes_commande")
    period = pd.Period(str(year), "Y")
    orders = commandes[(commandes["date"].dt.to_period("Y") == period) & commandes["client_id"].notna()]
    churn_table = retention_by(commandes, clients, by=by, period="year")
    years = churn_table.index.get_level_values("periode")
    if period not in set(years):
        known = ", ".join(sorted({str(p) for p in years})) or "aucune"
        raise KPIError(
            f"Pas de taux d'attrition pour {year} : il faut l'année d'avant dans les données. "
            f"Années possibles : {known}."
        )
    profile = clients.assign(client_id=clients["client_id"].astype(str)).set_index("client_id")[segments]
    orders = orders.assign(client_id=orders["client_id"].astype(str)).join(profile, on="client_id")
    cost = (lignes_commande["quantite"] * lignes_commande["prix_achat_unitaire_ht"]).groupby(
        lignes_commande["commande_id"]).sum()
    keys = [orders[c] for c in segments]
    table = _sum_by(orders, keys, {
        "commandes": pd.Series(1, index=orders.index),
        "chiffre_affaires_ht": orders["montant_ht"],
        "cout_achat_ht": orders["commande_id"].map(cost).fillna(0.0),
    })
    buyers = orders.groupby(keys, observed=True)["client_id"].nunique() if keys else orders["client_id"].nunique()
    table.insert(1, "clients_actifs", buyers)
    churn = churn_table.xs(period, level="periode") if keys else churn_table.loc[[period]]
    table["panier_moyen_ht"] = _kpi(table, "chiffre_affaires_ht", "commandes", formulas.average_order_value)
    table["achats_par_an"] = table["commandes"] / table["clients_actifs"]
    table["taux_d_attrition"] = churn["taux_d_attrition"].to_numpy() if not keys else churn["taux_d_attrition"]
    table["duree_de_vie_annees"] = formulas.lifespan_from_churn(table["taux_d_attrition"].astype("float64"))
    table["taux_de_marque"] = _kpi(table, "chiffre_affaires_ht", "cout_achat_ht", formulas.gross_margin_rate)
    table["valeur_vie_client"] = formulas.customer_lifetime_value(
        table["panier_moyen_ht"].astype("float64"),
        table["achats_par_an"],
        table["duree_de_vie_annees"],
        table["taux_de_marque"].astype("float64") / 100,
    )
    return table
