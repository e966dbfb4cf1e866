"""Le classeur de la leçon 12 — les KPI de ta boutique, sur le fichier modèle d'une caisse.

One data sheet, Ventes: the model export ``datasets/modeles/ventes_modele.csv`` read by
:func:`kpilab.datasets.import_orders`, with the export's own headers, so that a student can paste
their shop's export in its place. A sale is a line with a positive amount (the course's refund
rule): the formulas count and add the lines with ``">0"``.

>>> BOOK.filename
'12_tes_propres_donnees.xlsx'
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

from kpilab import datasets, formulas, tables
from kpilab.spreadsheet.book import Block, Book, Column, Indicator, Sheet

MODEL = Path(__file__).resolve().parents[3] / "datasets" / "modeles" / "ventes_modele.csv"
SHOPS = ("Confluence", "Gerland")
MONTHS = ((2, "février 2025"), (3, "mars 2025"), (4, "avril 2025"))


@cache
def _commandes():
    return datasets.import_orders(MODEL).commandes


def _ventes():
    return _commandes().reset_index(drop=True)


def _table(**options):
    """kpilab's panier moyen table on the imported file (its note on the refunds left out is expected)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tables.average_order_value_by(_commandes(), **options)


def _total(column):
    return float(_table().loc["total", column])


def _month(number, column="panier_moyen_ht"):
    table = _table(period="month")
    return float(table.loc[[p for p in table.index if p.month == number][0], column])


_SALE = '">0"'

BOOK = Book(
    lesson="12_tes_propres_donnees",
    title="Leçon 12 — Les KPI de ta boutique dans un tableur (fichier modèle de Cycles Confluence)",
    about=("Le fichier modèle datasets/modeles/ventes_modele.csv, tel que l'importe datasets.import_orders : "
           "ses 522 lignes (une par ticket, deux avoirs compris), du 01/02/2025 au 30/04/2025, avec les "
           "en-têtes de l'export de la caisse. Colle ton propre export à la place des lignes 2 et suivantes."),
    sheets=(
        Sheet("Ventes", _ventes, (
            Column("date", "Date", "date"),
            Column("ticket", "N° ticket", "text", source="commande_id"),
            Column("client", "Code client", "text", source="client_id"),
            Column("boutique", "Magasin", "text", source="point_de_vente"),
            Column("articles", "Nb articles", "count", source="nb_articles"),
            Column("montant", "Montant HT (€)", "euros", source="montant_ht"),
            Column("montant_ttc", "Montant TTC (€)", "euros"),
            Column("mois", "Mois", "count", formula="=MOIS({date#})", value=lambda f: f["date"].dt.month),
        )),
    ),
    blocks=(
        Block("Tout le fichier", (
            Indicator("Lignes du fichier", "=NBVAL({ticket})", lambda: float(len(_commandes())), "count",
                      note="NBVAL compte les cellules non vides : une par ticket."),
            Indicator("Ventes (montant positif)", f"=NB.SI({{montant}};{_SALE})", lambda: _total("transactions"),
                      "count", name="ventes",
                      note="Un avoir (montant négatif) n'est pas une vente : il sort du nombre de transactions."),
            Indicator("Chiffre d'affaires HT des ventes", f"=SOMME.SI({{montant}};{_SALE})",
                      lambda: _total("chiffre_affaires_ht"), "euros", name="ca"),
            Indicator("Panier moyen HT", "={=ca}/{=ventes}", lambda: _total("panier_moyen_ht"), "euros"),
            Indicator("Articles des ventes", f"=SOMME.SI({{montant}};{_SALE};{{articles}})", lambda: _total("articles"),
                      "count", name="articles",
                      note="SOMME.SI : la plage du critère, le critère, puis la plage à additionner."),
            Indicator("Indice de vente", "={=articles}/{=ventes}", lambda: _total("indice_de_vente"), "ratio"),
            Indicator("Panier avec les avoirs comptés comme des ventes (à ne pas faire)",
                      "=SOMME({montant})/NBVAL({ticket})",
                      lambda: float(formulas.average_order_value(_commandes()["montant_ht"].sum(), len(_commandes()))),
                      "euros", note="Faux : un avoir rembourse une vente, ce n'est pas un client de plus."),
        )),
        Block("Panier moyen HT par boutique", tuple(
            Indicator(f"Panier moyen — {shop}",
                      f"=SOMME.SI.ENS({{$montant}};{{$boutique}};{{cle}};{{$montant}};{_SALE})"
                      f"/NB.SI.ENS({{$boutique}};{{cle}};{{$montant}};{_SALE})",
                      lambda shop=shop: float(_table(by="point_de_vente").loc[shop, "panier_moyen_ht"]), "euros",
                      key=shop)
            for shop in SHOPS),
            note="Recopiée vers le bas : les plages figées par des $, le critère (colonne B) libre."),
        Block("Panier moyen HT par mois (colonne Mois de la feuille Ventes)", tuple(
            Indicator(f"Panier moyen — {label}",
                      f"=SOMME.SI.ENS({{$montant}};{{$mois}};{{cle}};{{$montant}};{_SALE})"
                      f"/NB.SI.ENS({{$mois}};{{cle}};{{$montant}};{_SALE})",
                      lambda number=number: _month(number), "euros", key=number)
            for number, label in MONTHS),
            note="Le critère est le numéro du mois (2 pour février). Sur plusieurs années, ajoute un critère "
                 "sur l'année."),
    ),
)
