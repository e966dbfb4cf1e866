r"""The course's KPIs as data: one declaration per KPI, read by the fiches de synthèse.

Each :class:`KPI` says what a student needs on one card: the French name, the formula(s) exactly
as the lesson writes them (LaTeX; a test finds each one in its lesson), the unit, the traps the
lessons warn about, the lessons, the kpilab functions that compute it (every function of
:mod:`kpilab.formulas` is in one KPI or in :data:`EXCLUDED`, a test checks it), the competences of
the BTS MCO référentiel it serves (codes of :mod:`kpilab.referentiel`, always among its lessons'
placements) and the name of its worked example (:mod:`kpilab.handouts.examples`).

A fiche gathers the KPIs of one bloc: those with a competence of that bloc.

>>> [kpi.key for kpi in kpis_of_bloc(4)]
['cycle_de_vente', 'evolution']
"""

from __future__ import annotations

from dataclasses import dataclass

from kpilab import referentiel

__all__ = ["KPI", "KPIS", "EXCLUDED", "BLOC_EXTRAS", "kpi", "kpis_of_bloc"]


@dataclass(frozen=True)
class KPI:
    key: str
    name: str
    formulas: tuple[str, ...]
    unit: str
    traps: tuple[str, ...]
    lessons: tuple[str, ...]
    functions: tuple[str, ...]
    competences: tuple[str, ...]
    example: str

    @property
    def blocs(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(referentiel.competence(code).bloc for code in self.competences))


KPIS: tuple[KPI, ...] = (
    KPI(
        key="taux_de_reponse",
        name="Taux de réponse",
        formulas=(r"\text{taux de réponse} = \frac{\text{réponses}}{\text{contacts}} \times 100",),
        unit="% des contacts valides",
        traps=(
            "Les contacts invalides (e-mail en erreur, NPAI, mauvais numéro) sortent du dénominateur.",
            "Plusieurs campagnes : additionne d'abord les réponses et les contacts, divise ensuite ; "
            "ne fais jamais la moyenne des taux.",
            "Regarde le coût par réponse à côté du taux, et compare à canal égal.",
        ),
        lessons=("01",),
        functions=("response_rate",),
        competences=("B2.5",),
        example="response_rate",
    ),
    KPI(
        key="taux_de_conversion",
        name="Taux de conversion",
        formulas=(r"\text{taux de conversion} = \frac{\text{ventes}}{\text{leads}} \times 100",),
        unit="% des leads",
        traps=(
            "Nomme le dénominateur : des leads, des sessions du site ou des visiteurs du magasin "
            "donnent trois taux différents.",
            "Le repère « 2 à 5 % » vaut pour les visites d'un site marchand, pas pour un tunnel de leads.",
            "Dis si tu gardes les affaires en cours (taux des leads) ou non (taux des affaires conclues).",
        ),
        lessons=("02",),
        functions=("conversion_rate",),
        competences=("B1.3",),
        example="conversion_rate",
    ),
    KPI(
        key="cout_par_conversion",
        name="Coût par conversion",
        formulas=(r"\text{coût par conversion} = \frac{\text{coût de l'action}}{\text{nombre de conversions}}",),
        unit="€ par vente",
        traps=(
            "Divise par les ventes : divisé par les leads, c'est le coût par lead.",
            "Un coût se juge face à la marge qu'il rapporte, pas face au chiffre d'affaires.",
        ),
        lessons=("02", "07"),
        functions=("cost_per_conversion",),
        competences=("B2.5",),
        example="cost_per_conversion",
    ),
    KPI(
        key="cycle_de_vente",
        name="Cycle de vente moyen",
        formulas=(
            r"\text{cycle d'une affaire (en jours)} = \text{date de signature} - \text{date du premier contact}",
            r"\text{cycle de vente moyen} = \frac{\text{somme des cycles des affaires gagnées}}"
            r"{\text{nombre d'affaires gagnées}}",
        ),
        unit="jours",
        traps=(
            "Affaires gagnées seulement : une affaire en cours ou perdue n'a pas de date de signature.",
            "Dis quelle date de départ tu utilises (ici le premier contact avec le lead).",
            "Quelques affaires très longues tirent la moyenne vers le haut : donne aussi la médiane.",
        ),
        lessons=("03",),
        functions=("sales_cycle_days", "average_sales_cycle"),
        competences=("B1.3", "B4.4"),
        example="sales_cycle",
    ),
    KPI(
        key="panier_moyen",
        name="Panier moyen",
        formulas=(r"\text{panier moyen} = \frac{\text{chiffre d'affaires HT}}{\text{nombre de transactions}}",),
        unit="€ HT par transaction",
        traps=(
            "Dis s'il est HT ou TTC (le cours travaille en HT) et compare HT avec HT.",
            "Divise par les tickets, pas par les articles ; mets à part les commandes B2B.",
            "Plusieurs magasins : chiffre d'affaires total ÷ tickets au total, pas la moyenne des paniers.",
        ),
        lessons=("04",),
        functions=("average_order_value",),
        competences=("B2.3", "B3.3"),
        example="average_order_value",
    ),
    KPI(
        key="indice_de_vente",
        name="Indice de vente",
        formulas=(r"\text{indice de vente} = \frac{\text{nombre d'articles vendus}}{\text{nombre de tickets}}",),
        unit="articles par ticket",
        traps=(
            "Additionne les quantités (articles), pas les lignes des tickets.",
            "C'est l'indicateur de la vente additionnelle : un casque et un antivol avec le vélo.",
        ),
        lessons=("04", "09"),
        functions=("sales_index",),
        competences=("B2.3",),
        example="sales_index",
    ),
    KPI(
        key="taux_de_transformation",
        name="Taux de transformation",
        formulas=(r"\text{taux de transformation} = \frac{\text{nombre de tickets}}{\text{nombre de visiteurs}} "
                  r"\times 100",),
        unit="% des visiteurs",
        traps=(
            "Un magasin a des visiteurs, un site des sessions : ces deux taux ne se comparent pas.",
            "Pas de « bon » taux universel : compare un magasin à lui-même et à ses voisins.",
        ),
        lessons=("09",),
        functions=("store_conversion_rate",),
        competences=("B2.3", "B3.3"),
        example="store_conversion_rate",
    ),
    KPI(
        key="taux_de_retention",
        name="Taux de rétention",
        formulas=(r"\text{taux de rétention} = \frac{\text{clients conservés}}{\text{clients au début}} \times 100 "
                  r"= \frac{E - N}{S} \times 100",),
        unit="% des clients du début",
        traps=(
            "Les nouveaux clients ne sont jamais au numérateur : un taux au-dessus de 100 % trahit l'erreur.",
            "Écris la règle « client actif » (ici : un achat dans l'année) ; elle ne convient pas aux entreprises.",
            "Un client revenu n'était pas là au début : compte les clients présents au début et à la fin.",
        ),
        lessons=("05",),
        functions=("retention_rate",),
        competences=("B1.4",),
        example="retention_rate",
    ),
    KPI(
        key="taux_d_attrition",
        name="Taux d'attrition",
        formulas=(
            r"\text{taux d'attrition} = \frac{\text{clients perdus}}{\text{clients au début}} \times 100",
            r"\text{attrition annuelle} = 1 - (1 - m)^{12}",
        ),
        unit="% des clients du début",
        traps=(
            "Rétention + attrition = 100 % seulement sur la même cohorte et la même période.",
            "Du mensuel à l'annuel : 1 − (1 − m)¹², jamais m × 12.",
            "Divise par les clients du début ; sur plusieurs mois, additionne d'abord, divise ensuite.",
        ),
        lessons=("06",),
        functions=("churn_rate", "annual_churn_from_monthly"),
        competences=("B1.4",),
        example="churn_rate",
    ),
    KPI(
        key="valeur_vie_client",
        name="Valeur vie client",
        formulas=(
            r"\text{CLV} = \text{panier moyen} \times \text{fréquence d'achat} \times \text{durée de vie} "
            r"\times \text{taux de marge}",
            r"\text{durée de vie} \approx \frac{1}{\text{taux d'attrition annuel}}",
        ),
        unit="€ de marge par client",
        traps=(
            "Le « taux de marge » de la formule est la part du chiffre d'affaires gardée : "
            "le taux de marque ÷ 100, pas le taux de marge du commerce.",
            "Durée de vie : le taux en proportion, 1 ÷ 0,25 = 4 ans ; une fréquence par an va avec "
            "une attrition annuelle.",
            "Compare au coût d'acquisition une valeur vie en marge, jamais en chiffre d'affaires.",
        ),
        lessons=("07",),
        functions=("customer_lifetime_value", "lifespan_from_churn"),
        competences=("B1.4", "B2.5"),
        example="customer_lifetime_value",
    ),
    KPI(
        key="taux_de_marque",
        name="Taux de marque",
        formulas=(r"\text{taux de marque} = \frac{\text{PV HT} - \text{PA HT}}{\text{PV HT}} \times 100",),
        unit="% du prix de vente HT",
        traps=(
            "Taux de marque : la marge rapportée au prix de vente ; taux de marge : au prix d'achat. "
            "Dis toujours lequel tu donnes.",
            "Des prix HT des deux côtés.",
            "Pour une catégorie : marge totale ÷ ventes totales, pas la moyenne des taux des produits.",
        ),
        lessons=("09", "07"),
        functions=("gross_margin_rate",),
        competences=("B3.3",),
        example="gross_margin_rate",
    ),
    KPI(
        key="taux_de_marge",
        name="Taux de marge",
        formulas=(r"\text{taux de marge} = \frac{\text{PV HT} - \text{PA HT}}{\text{PA HT}} \times 100",),
        unit="% du prix d'achat HT",
        traps=(
            "La même marge, un autre dénominateur : acheté 30 € HT, vendu 60 € HT, "
            "taux de marque 50 %, taux de marge 100 %.",
        ),
        lessons=("09",),
        functions=("markup_rate",),
        competences=("B3.3",),
        example="markup_rate",
    ),
    KPI(
        key="coefficient_multiplicateur",
        name="Coefficient multiplicateur",
        formulas=(r"\text{coefficient multiplicateur} = \frac{\text{PV TTC}}{\text{PA HT}}",),
        unit="sans unité",
        traps=(
            "Le seul des trois qui divise un prix TTC par un prix HT : il passe directement du prix "
            "d'achat au prix affiché.",
        ),
        lessons=("09",),
        functions=("multiplier_coefficient",),
        competences=("B3.3",),
        example="multiplier_coefficient",
    ),
    KPI(
        key="evolution",
        name="Évolution d'un indicateur",
        formulas=(
            r"\text{évolution (\%)} = \frac{\text{valeur N} - \text{valeur N-1}}{\text{valeur N-1}} \times 100",
            r"\text{écart (points)} = \text{taux N} - \text{taux N-1}",
        ),
        unit="% pour un montant, points pour un taux",
        traps=(
            "Un taux évolue en points : de 18 % à 20 %, c'est +2 points (et +11,1 %).",
            "Activité saisonnière : compare à la même période de l'année précédente.",
            "Une hausse n'est pas toujours une bonne nouvelle (attrition, cycle de vente).",
        ),
        lessons=("08",),
        functions=("change",),
        competences=("B3.3", "B4.4"),
        example="change",
    ),
)

# Functions of kpilab.formulas that no fiche shows, with the reason (none today).
# The formulas of gestion opérationnelle (E7) and of the team's objectives (E8) have no lesson
# yet: their cards come with lessons 10 and 11, whose fiches they will join.
_NOT_TAUGHT_YET = "no lesson teaches it yet (lessons 10 and 11 will)"
EXCLUDED: dict[str, str] = {name: _NOT_TAUGHT_YET for name in (
    "average_item_price", "price_with_vat", "price_without_vat", "gross_margin_from_markup",
    "markup_from_gross_margin", "selling_price_from_gross_margin", "selling_price_from_markup",
    "capture_rate", "sales_per_square_metre", "sales_per_hour", "average_stock", "stock_turnover",
    "stock_cover_days", "shrinkage_rate", "break_even_revenue", "break_even_days", "target_achievement_rate",
)}

# What a fiche shows after its KPI cards (extras of kpilab.handouts.fiche): bloc 4 compares the
# sellers' cycles (lesson 03, "vendeur par vendeur").
BLOC_EXTRAS: dict[int, tuple[str, ...]] = {4: ("cycle_by_seller",)}

_BY_KEY = {k.key: k for k in KPIS}


def kpi(key: str) -> KPI:
    """The KPI declared under ``key`` (``"taux_de_conversion"``…)."""
    return _BY_KEY[key]


def kpis_of_bloc(bloc: int) -> list[KPI]:
    """The KPIs with a competence of ``bloc``, in the order of the lessons."""
    return [k for k in sorted(KPIS, key=lambda k: k.lessons[0]) if bloc in k.blocs]
