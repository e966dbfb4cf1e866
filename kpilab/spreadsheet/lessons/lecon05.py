"""Le classeur de la leçon 05 — le taux de rétention 2025 des clients inscrits à la Croix-Rousse.

One row per customer, with the first and the last purchase of 2024-2025: with the course's rule
(active = at least one purchase in the year), a customer is active in 2024 when the first purchase
is before 01/01/2025, and active in 2025 when the last one is on or after it.

>>> BOOK.filename
'05_taux_de_retention.xlsx'
"""

from __future__ import annotations

import pandas as pd

from kpilab import datasets, formulas, tables
from kpilab.spreadsheet.book import Block, Book, Column, Indicator, Sheet

SHOP = "Croix-Rousse"  # the customers registered at this shop
SEGMENTS = ("famille", "occasionnel", "sportif", "velotaf")
YEAR = pd.Timestamp("2025-01-01")
JANUARY = "DATE(2025;1;1)"


def _members() -> pd.DataFrame:
    clients = datasets.load("clients")
    return clients[clients["point_de_vente"] == SHOP]


def _orders() -> pd.DataFrame:
    """The orders of 2024-2025 of the shop's members (the data cover these two years)."""
    orders = datasets.load("commandes")
    return orders[orders["client_id"].isin(_members()["client_id"])]


def clients() -> pd.DataFrame:
    """One row per member who bought at least once in 2024-2025, from the oldest last purchase to the newest.

    Sorted as one sorts a customer file to see who has not come back for a long time: the customers
    lost are at the top, and a range that stops before the last row misses customers who count.
    """
    dates = _orders().groupby("client_id")["date"].agg(premier_achat="min", dernier_achat="max", nb_achats="size")
    frame = _members().set_index("client_id")[["segment", "date_inscription"]].join(dates, how="inner")
    return frame.reset_index().sort_values(["dernier_achat", "client_id"]).assign(segment=lambda f: f["segment"].astype(str))


def retention(by=None) -> pd.DataFrame:
    """kpilab's retention table of the extract (one row for 2025, or one per segment)."""
    found = tables.retention_by(_orders(), _members(), by=by)
    return found.droplevel("periode") if by else found


def total(column: str) -> float:
    return float(retention().iloc[0][column])


def segment(name: str, column: str) -> float:
    return float(retention(by="segment").loc[name, column])


def active_2024(frame: pd.DataFrame) -> pd.Series:
    return (frame["premier_achat"] < YEAR).astype(int)


def active_2025(frame: pd.DataFrame) -> pd.Series:
    return (frame["dernier_achat"] >= YEAR).astype(int)


COLUMNS = (
    Column("client_id", "Client", "text"),
    Column("segment", "Segment", "text"),
    Column("date_inscription", "Inscription", "date"),
    Column("premier_achat", "Premier achat", "date"),
    Column("dernier_achat", "Dernier achat", "date"),
    Column("nb_achats", "Achats 2024-2025", "count"),
    Column("actif_2024", "Actif en 2024", "count", formula=f"=SI({{premier_achat#}}<{JANUARY};1;0)", value=active_2024),
    Column("actif_2025", "Actif en 2025", "count", formula=f"=SI({{dernier_achat#}}>={JANUARY};1;0)", value=active_2025),
    Column("conserve", "Conservé", "count", formula="={actif_2024#}*{actif_2025#}",
           value=lambda f: active_2024(f) * active_2025(f)),
)
ABOUT = (f"Les 1 173 clients inscrits au magasin de la {SHOP} qui ont acheté au moins une fois en 2024 ou 2025 "
         "(datasets/clients.csv et datasets/commandes.csv), une ligne par client, du dernier achat le plus ancien "
         "au plus récent : ses dates de premier et de dernier achat sur 2024-2025. Règle : un client est actif "
         "une année s'il y a fait au moins un achat.")
COUNTS = (
    Indicator("S : clients actifs en 2024 (au début)", "=NB.SI({actif_2024};1)", lambda: total("clients_debut"),
              "count", name="debut", note="Premier achat avant le 01/01/2025 : le client a acheté en 2024."),
    Indicator("E : clients actifs en 2025 (à la fin)", "=NB.SI({actif_2025};1)", lambda: total("clients_fin"),
              "count", name="fin"),
    Indicator("N : nouveaux clients de 2025", f'=NB.SI.ENS({{actif_2025}};1;{{date_inscription}};">="&{JANUARY})',
              lambda: total("nouveaux_clients"), "count", name="nouveaux",
              note="Actifs en 2025 et inscrits en 2025 : ils n'étaient pas là au début."),
    Indicator("Clients conservés (actifs en 2024 et en 2025)", "=NB.SI.ENS({actif_2024};1;{actif_2025};1)",
              lambda: total("clients_conserves"), "count", name="conserves",
              note="Compte directement les clients présents au début et à la fin : jamais un nouveau."),
)

BOOK = Book(
    lesson="05_taux_de_retention",
    title=f"Leçon 05 — Le taux de rétention 2025 des clients de la {SHOP}",
    about=ABOUT,
    sheets=(Sheet("Clients", clients, COLUMNS),),
    blocks=(
        Block("Les clients de la Croix-Rousse, de 2024 à 2025", COUNTS + (
            Indicator("Taux de rétention 2025", "={=conserves}/{=debut}", lambda: total("taux_de_retention"),
                      "percent", name="taux",
                      note="Clients conservés ÷ clients au début. La cellule est au format % : pas de × 100."),
            Indicator("Clients revenus (absents en 2024, inscrits avant 2025)",
                      f'=NB.SI.ENS({{actif_2024}};0;{{actif_2025}};1;{{date_inscription}};"<"&{JANUARY})',
                      lambda: total("clients_revenus"), "count", name="revenus",
                      note="Ils n'étaient pas dans S : ils ne sont pas conservés, ni nouveaux."),
            Indicator("(E − N) ÷ S, la formule standard", "=({=fin}-{=nouveaux})/{=debut}",
                      lambda: float(formulas.retention_rate(total("clients_fin") - total("nouveaux_clients"),
                                                            total("clients_debut"))),
                      "percent",
                      note="Elle compte aussi les clients revenus parmi les conservés : un peu trop haut ici."),
            Indicator("E ÷ S, les nouveaux comptés comme conservés (à ne pas faire)", "={=fin}/{=debut}",
                      lambda: total("clients_fin") / total("clients_debut") * 100, "percent",
                      note="Faux : les nouveaux clients n'étaient pas là au début ; le « taux » dépasse 100 %."),
        )),
        Block("Par segment", tuple(
            Indicator(f"Taux de rétention — {name}",
                      "=NB.SI.ENS({$segment};{cle};{$conserve};1)/NB.SI.ENS({$segment};{cle};{$actif_2024};1)",
                      lambda name=name: segment(name, "taux_de_retention"), "percent", key=name)
            for name in SEGMENTS),
            note="La formule de la première ligne est recopiée vers le bas : les plages sont figées par des $, "
                 "le critère (colonne B) ne l'est pas."),
    ),
)
