"""Le classeur de la leçon 06 — le taux d'attrition 2025 des clients inscrits à la Croix-Rousse.

The same customers as lesson 05's workbook (:mod:`kpilab.spreadsheet.lessons.lecon05`), with one
more computed column: « Perdu » (active in 2024, no purchase in 2025).

>>> BOOK.filename
'06_taux_d_attrition.xlsx'
"""

from __future__ import annotations

from kpilab import formulas
from kpilab.spreadsheet.book import Block, Book, Column, Indicator, Sheet
from kpilab.spreadsheet.lessons import lecon05
from kpilab.spreadsheet.lessons.lecon05 import SEGMENTS, SHOP, active_2024, active_2025, segment, total

MONTHLY = (0.02, 0.05, 0.10)  # monthly churn rates, as fractions (column B)

COLUMNS = lecon05.COLUMNS + (
    Column("perdu", "Perdu", "count", formula="={actif_2024#}*(1-{actif_2025#})",
           value=lambda f: active_2024(f) * (1 - active_2025(f))),
)

BOOK = Book(
    lesson="06_taux_d_attrition",
    title=f"Leçon 06 — Le taux d'attrition 2025 des clients de la {SHOP}",
    about=lecon05.ABOUT + " Les mêmes clients que dans le classeur de la leçon 05, avec la colonne « Perdu ».",
    sheets=(Sheet("Clients", lecon05.clients, COLUMNS),),
    blocks=(
        Block("Les clients de la Croix-Rousse, de 2024 à 2025", (
            Indicator("Clients actifs en 2024 (au début)", "=NB.SI({actif_2024};1)", lambda: total("clients_debut"),
                      "count", name="debut"),
            Indicator("Clients perdus (actifs en 2024, aucun achat en 2025)", "=NB.SI({perdu};1)",
                      lambda: total("clients_perdus"), "count", name="perdus",
                      note="Un nouveau client de 2025 n'était pas là au début : il ne peut pas être perdu."),
            Indicator("Taux d'attrition 2025", "={=perdus}/{=debut}", lambda: total("taux_d_attrition"), "percent",
                      name="attrition",
                      note="Clients perdus ÷ clients au début. La cellule est au format % : pas de × 100."),
            Indicator("Clients conservés", "=NB.SI({conserve};1)", lambda: total("clients_conserves"), "count",
                      name="conserves"),
            Indicator("Taux de rétention 2025", "={=conserves}/{=debut}", lambda: total("taux_de_retention"),
                      "percent", name="retention"),
            Indicator("Rétention + attrition", "={=retention}+{=attrition}",
                      lambda: total("taux_de_retention") + total("taux_d_attrition"), "percent",
                      note="100 % : les mêmes clients au début, la même période. Chacun est conservé ou perdu."),
            Indicator("Perdus ÷ clients de la fin (à ne pas faire)", "={=perdus}/NB.SI({actif_2025};1)",
                      lambda: float(formulas.churn_rate(total("clients_perdus"), total("clients_fin"))), "percent",
                      note="Faux : le dénominateur, ce sont les clients du début. Ceux de la fin comptent les nouveaux."),
        )),
        Block("Par segment", tuple(
            Indicator(f"Taux d'attrition — {name}",
                      "=NB.SI.ENS({$segment};{cle};{$perdu};1)/NB.SI.ENS({$segment};{cle};{$actif_2024};1)",
                      lambda name=name: segment(name, "taux_d_attrition"), "percent", key=name)
            for name in SEGMENTS),
            note="La formule de la première ligne est recopiée vers le bas : les plages sont figées par des $, "
                 "le critère (colonne B) ne l'est pas."),
        Block("Du mensuel à l'annuel", tuple(
            Indicator(f"Attrition annuelle pour {round(m * 100)} % par mois", "=1-PUISSANCE(1-{cle};12)",
                      lambda m=m: float(formulas.annual_churn_from_monthly(m * 100)), "percent", key=m)
            for m in MONTHLY) + (
            Indicator("5 % par mois × 12 (à ne pas faire)", "={cle}*12", lambda: 5 * 12, "percent", key=0.05,
                      note="Faux : un client perdu en janvier ne peut pas l'être encore en février. Et 10 % × 12 "
                           "ferait 120 %."),
        ), note="Colonne B : le taux mensuel en fraction (0,05 = 5 %). Chaque mois, on perd m de ceux qui restent."),
    ),
)
