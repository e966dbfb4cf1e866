"""Le classeur de la leçon 03 — le cycle de vente moyen et médian des affaires gagnées."""

from __future__ import annotations

import pandas as pd

from kpilab import datasets, formulas, tables
from kpilab.spreadsheet.book import Block, Book, Column, Indicator, Sheet

SIZES = ("10-49", "50-249", "250+")
END_OF_DATA = pd.Timestamp("2025-12-31")  # the data stop here: an open deal is counted up to this day


def _prospects():
    return datasets.load("prospects")


def _won():
    prospects = _prospects()
    return prospects[prospects["statut"] == "gagne"]


def _cycle(how="mean"):
    won = _won()
    return float(formulas.average_sales_cycle(won["date_premier_contact"], won["date_signature"], how=how))


def _ends(frame):
    """The day each lead's story stops: signature, abandon, or the end of the data for an open deal."""
    return frame["date_signature"].fillna(frame["date_abandon"]).fillna(END_OF_DATA)


def _durations(frame):
    """Per lead: days from the first contact to that day (kpilab's count of days)."""
    return pd.Series(formulas.sales_cycle_days(frame["date_premier_contact"], _ends(frame)),
                     index=frame.index, dtype=float)


def _by_size(size):
    return float(tables.sales_cycle_by(_prospects(), by="taille").loc[size, "cycle_moyen_jours"])


_DURATION = ('=SI({statut#}="gagne";{date_signature#};SI({statut#}="perdu";{date_abandon#};DATE(2025;12;31)))'
             "-{date_premier_contact#}")

BOOK = Book(
    lesson="03_cycle_de_vente",
    title="Leçon 03 — Le cycle de vente des affaires de Roue Libre",
    about="Feuille Prospects : les 589 leads du Service entreprises de 2024 et 2025 (datasets/prospects.csv), une "
          "ligne par lead, avec 8 des 14 colonnes du fichier, plus la durée jusqu'à la signature, l'abandon ou "
          "le 31/12/2025. Feuille Gagnees : les 138 affaires gagnées de la même table (un filtre sur le statut, "
          "copié), avec leur cycle de vente.",
    sheets=(
        Sheet("Prospects", _prospects, (
            Column("prospect_id", "Lead", "text"),
            Column("entreprise", "Entreprise", "text"),
            Column("secteur", "Secteur", "text"),
            Column("taille", "Taille", "text"),
            Column("statut", "Statut", "text"),
            Column("date_premier_contact", "Premier contact", "date"),
            Column("date_signature", "Signature", "date"),
            Column("date_abandon", "Abandon", "date"),
            Column("duree", "Durée jusqu'à la fin (jours)", "days", formula=_DURATION, value=_durations),
        )),
        Sheet("Gagnees", _won, (
            Column("gagnee_id", "Lead", "text", source="prospect_id"),
            Column("gagnee_entreprise", "Entreprise", "text", source="entreprise"),
            Column("gagnee_secteur", "Secteur", "text", source="secteur"),
            Column("gagnee_taille", "Taille", "text", source="taille"),
            Column("gagnee_debut", "Premier contact", "date", source="date_premier_contact"),
            Column("gagnee_signature", "Signature", "date", source="date_signature"),
            Column("cycle", "Cycle de vente (jours)", "days", formula="={gagnee_signature#}-{gagnee_debut#}",
                   value=lambda f: pd.Series(formulas.sales_cycle_days(f["date_premier_contact"],
                                                                       f["date_signature"]), dtype=float)),
        )),
    ),
    blocks=(
        Block("Les affaires gagnées", (
            Indicator("Leads", "=NBVAL({prospect_id})", lambda: float(len(_prospects())), "count"),
            Indicator("Affaires gagnées", '=NB.SI({statut};"gagne")', lambda: float(len(_won())), "count",
                      note="Seules les affaires gagnées ont un cycle de vente."),
            Indicator("Affaires en cours (exclues)", '=NB.SI({statut};"en_cours")',
                      lambda: float((_prospects()["statut"] == "en_cours").sum()), "count"),
            Indicator("Cycle de vente moyen", "=MOYENNE({cycle})", _cycle, "days", name="moyenne"),
            Indicator("Cycle de vente médian", "=MEDIANE({cycle})", lambda: _cycle("median"), "days",
                      name="mediane", note="La valeur du milieu : la moitié des affaires signent plus vite."),
            Indicator("Écart entre la moyenne et la médiane", "={=moyenne}-{=mediane}",
                      lambda: _cycle() - _cycle("median"), "days",
                      note="Quelques affaires très longues tirent la moyenne vers le haut : donne les deux."),
            Indicator("Cycle le plus long", "=MAX({cycle})",
                      lambda: float(formulas.sales_cycle_days(_won()["date_premier_contact"],
                                                              _won()["date_signature"]).max()), "days"),
            Indicator("Cycle moyen, calculé sur la feuille Prospects", '=MOYENNE.SI.ENS({duree};{statut};"gagne")',
                      _cycle, "days",
                      note="La même moyenne, sans copier les affaires gagnées : le critère garde le statut « gagne »."),
            Indicator("Moyenne des durées de tous les leads (à ne pas faire)", "=MOYENNE({duree})",
                      lambda: float(formulas.average_sales_cycle(_prospects()["date_premier_contact"],
                                                                 _ends(_prospects()))), "days",
                      note="Faux : une affaire perdue (jusqu'à l'abandon) ou en cours (jusqu'au 31/12/2025) n'a "
                           "pas de cycle de vente."),
        )),
        Block("Par taille d'entreprise", tuple(
            Indicator(f"Cycle moyen — {size} salariés", "=MOYENNE.SI.ENS({$cycle};{$gagnee_taille};{cle})",
                      lambda size=size: _by_size(size), "days", key=size)
            for size in SIZES),
            note="La formule de la première ligne est recopiée vers le bas : les plages sont figées par des $, "
                 "le critère (colonne B) ne l'est pas. Il n'existe pas de MEDIANE.SI."),
    ),
)
