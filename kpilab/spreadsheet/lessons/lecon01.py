"""Le classeur de la leçon 01 — le taux de réponse des campagnes de prospection."""

from __future__ import annotations

from kpilab import datasets, formulas, tables
from kpilab.spreadsheet.book import Block, Book, Column, Indicator, Sheet

CHANNELS = ("emailing", "telephone", "linkedin", "salon", "courrier")


def _campagnes():
    return datasets.load("campagnes")


def _by_channel(channel, column="taux_de_reponse"):
    return float(tables.response_rate_by(_campagnes(), by="canal").loc[channel, column])


def _total(column):
    return float(tables.response_rate_by(_campagnes()).loc["total", column])


def _c09():
    return _campagnes().set_index("campagne_id").loc["C09"]


def _valid(frame):
    return frame["contacts"] - frame["contacts_invalides"]


BOOK = Book(
    lesson="01_taux_de_reponse",
    title="Leçon 01 — Le taux de réponse des campagnes de Roue Libre",
    about="Feuille Campagnes : les 24 campagnes de prospection de 2024 et 2025 (datasets/campagnes.csv), une ligne "
          "par campagne, toutes les colonnes du fichier, plus les contacts valides et le taux de chaque campagne.",
    sheets=(
        Sheet("Campagnes", _campagnes, (
            Column("campagne_id", "Campagne", "text"),
            Column("nom", "Nom", "text"),
            Column("canal", "Canal", "text"),
            Column("date_debut", "Début", "date"),
            Column("date_fin", "Fin", "date"),
            Column("cout_ht", "Coût HT", "euros"),
            Column("contacts", "Contacts", "count"),
            Column("contacts_invalides", "Contacts invalides", "count"),
            Column("reponses", "Réponses", "count"),
            Column("contacts_valides", "Contacts valides", "count", formula="={contacts#}-{contacts_invalides#}",
                   value=_valid),
            Column("taux_campagne", "Taux de réponse", "percent", formula="={reponses#}/{contacts_valides#}",
                   value=lambda f: f["reponses"] / _valid(f) * 100),
        )),
    ),
    blocks=(
        Block("Toutes les campagnes", (
            Indicator("Réponses", "=SOMME({reponses})", lambda: _total("reponses"), "count", name="reponses"),
            Indicator("Contacts valides", "=SOMME({contacts_valides})",
                      lambda: _total("contacts") - _total("contacts_invalides"), "count", name="valides",
                      note="Les adresses invalides n'ont jamais reçu le message : elles sortent du dénominateur."),
            Indicator("Taux de réponse global", "={=reponses}/{=valides}", lambda: _total("taux_de_reponse"),
                      "percent", name="taux",
                      note="Additionne d'abord, divise ensuite. La cellule est au format % : pas de × 100."),
            Indicator("Taux sur tous les contacts (à ne pas faire)", "={=reponses}/SOMME({contacts})",
                      lambda: float(formulas.response_rate(_total("reponses"), _total("contacts"))), "percent",
                      note="Faux : les adresses invalides n'ont jamais reçu le message. Divise par les contacts "
                           "valides."),
            Indicator("Moyenne des taux des campagnes (à ne pas faire)", "=MOYENNE({taux_campagne})",
                      lambda: float(tables.response_rate_by(_campagnes(), by="campagne_id")["taux_de_reponse"]
                                    .astype(float).mean()),
                      "percent",
                      note="Faux : une petite campagne pèse autant qu'une grande. Ce n'est pas le taux global."),
        )),
        Block("Par canal", tuple(
            Indicator(f"Taux de réponse — {channel}",
                      "=SOMME.SI.ENS({$reponses};{$canal};{cle})/SOMME.SI.ENS({$contacts_valides};{$canal};{cle})",
                      lambda channel=channel: _by_channel(channel), "percent", key=channel)
            for channel in CHANNELS),
            note="La formule de la première ligne est recopiée vers le bas : les plages sont figées par des $, "
                 "le critère (colonne B) ne l'est pas."),
        Block("Coût par réponse", (
            Indicator("Coût par réponse, toutes campagnes", "=SOMME({cout_ht})/SOMME({reponses})",
                      lambda: float(formulas.cost_per_conversion(_campagnes()["cout_ht"].sum(),
                                                                 _campagnes()["reponses"].sum())), "euros"),
            Indicator("Coût de C09", '=RECHERCHEV("C09";{campagne_id:reponses};6;FAUX)',
                      lambda: float(_c09()["cout_ht"]), "euros", name="cout_c09",
                      note="RECHERCHEV cherche C09 dans la 1re colonne et rend la 6e (Coût HT) ; FAUX : "
                           "la valeur exacte. Excel 365 a aussi RECHERCHEX."),
            Indicator("Réponses de C09", '=RECHERCHEV("C09";{campagne_id:reponses};9;FAUX)',
                      lambda: float(_c09()["reponses"]), "count", name="reponses_c09"),
            Indicator("Coût par réponse de C09", "={=cout_c09}/{=reponses_c09}",
                      lambda: float(formulas.cost_per_conversion(_c09()["cout_ht"], _c09()["reponses"])), "euros"),
        )),
    ),
)
