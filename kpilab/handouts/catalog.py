r"""The course's KPIs as data: one declaration per KPI, read by the fiches de synthèse.

Each :class:`KPI` says what a student needs on one card: the French name, the formula(s) exactly
as the lesson writes them (LaTeX; a test finds each one in its lesson), the unit, the traps the
lessons warn about, the lessons, the kpilab functions that compute it (every function of
:mod:`kpilab.formulas` is in one KPI or in :data:`EXCLUDED`, a test checks it), the competences of
the BTS MCO référentiel it serves (codes of :mod:`kpilab.referentiel`, always among its lessons'
placements) and the name of its worked example (:mod:`kpilab.handouts.examples`).

A fiche gathers the KPIs of one bloc: those with a competence of that bloc. A bloc with too many
cards for one A4 page has more than one fiche: a KPI's ``part`` names the fiche it goes to
(:data:`PARTS`; ``""`` is the bloc's main fiche, ``fiche_bloc_N``, and ``"gestion"`` makes
``fiche_bloc_3_gestion``, the calculations of lesson 10).

>>> [kpi.key for kpi in kpis_of_bloc(4)]
['cycle_de_vente', 'evolution', 'taux_de_realisation', 'ca_par_heure']
>>> fiches()
[(1, ''), (2, ''), (3, ''), (3, 'gestion'), (4, '')]
"""

from __future__ import annotations

from dataclasses import dataclass

from kpilab import referentiel

__all__ = ["KPI", "KPIS", "EXCLUDED", "BLOC_EXTRAS", "PARTS", "kpi", "kpis_of_bloc", "fiches"]


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
    part: str = ""  # the fiche of its bloc it goes to (PARTS); "" for the bloc's main fiche

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
    KPI(
        key="prix_moyen_article",
        name="PMA et panier moyen",
        formulas=(
            r"\text{PMA} = \frac{\text{CA HT}}{\text{nombre d'articles}}",
            r"\text{panier moyen} = \frac{\text{CA HT}}{\text{tickets}} = \text{indice de vente} \times \text{PMA}",
        ),
        unit="€ HT par article, € HT par ticket",
        traps=(
            "Deux leviers du panier : la vente additionnelle fait monter l'indice, la montée en gamme le PMA.",
            "Le PMA divise par les articles (les quantités), le panier par les tickets.",
        ),
        lessons=("10",),
        functions=("average_item_price",),
        competences=("B3.3",),
        example="average_item_price",
        part="gestion",
    ),
    KPI(
        key="captation_et_surface",
        name="Taux de captation et CA au m²",
        formulas=(
            r"\text{taux de captation} = \frac{\text{entrants}}{\text{passants}} \times 100",
            r"\text{CA au m}^2 = \frac{\text{CA HT de l'année}}{\text{surface de vente}}",
        ),
        unit="% des passants ; € HT par m² de surface de vente",
        traps=(
            "Plusieurs jours : total des entrants ÷ total des passants, pas la moyenne des taux des jours.",
            "Une rue très passante fait entrer une petite part des passants : compare un magasin à "
            "lui-même d'une année à l'autre.",
        ),
        lessons=("10",),
        functions=("capture_rate", "sales_per_square_metre"),
        competences=("B3.3",),
        example="capture_rate",
        part="gestion",
    ),
    KPI(
        key="prix_de_vente",
        name="Prix de vente : HT, TTC, marque et marge",
        formulas=(
            r"\text{PV HT} = \frac{\text{PA HT}}{1 - \text{taux de marque}}",
            r"\text{taux de marge} = \frac{\text{taux de marque}}{100 - \text{taux de marque}} \times 100",
        ),
        unit="€ HT ; TTC = HT × 1,20",
        traps=(
            "N'applique pas le taux de marque au prix d'achat : 600 × 1,40 = 840 € ne marque que 28,6 %.",
            "Du TTC au HT, divise par 1,20 : 1 200 ÷ 1,20 = 1 000 € HT, pas 1 200 × 0,80 = 960 €.",
        ),
        lessons=("10",),
        functions=("price_with_vat", "price_without_vat", "selling_price_from_gross_margin",
                   "selling_price_from_markup", "markup_from_gross_margin", "gross_margin_from_markup"),
        competences=("B3.1", "B3.3"),
        example="selling_price",
        part="gestion",
    ),
    KPI(
        key="stocks",
        name="Stocks : rotation, durée, démarque",
        formulas=(
            r"\text{stock moyen} = \frac{\text{stock initial} + \text{stock final}}{2}",
            r"\text{rotation} = \frac{\text{coût d'achat des marchandises vendues}}{\text{stock moyen}}",
            r"\text{durée moyenne de stockage} = \frac{360}{\text{rotation}}",
            r"\text{taux de démarque} = \frac{\text{stock théorique} - \text{stock compté}}{\text{CA HT}} \times 100",
        ),
        unit="stocks au coût d'achat HT ; rotation en fois par an ; durée en jours",
        traps=(
            "Rotation avec le coût d'achat des marchandises vendues, pas le CA : le stock est au coût d'achat.",
            "Tous les montants HT, les stocks au coût d'achat.",
        ),
        lessons=("10",),
        functions=("average_stock", "stock_turnover", "stock_cover_days", "shrinkage_rate"),
        competences=("B3.1", "B3.3"),
        example="stocks",
        part="gestion",
    ),
    KPI(
        key="seuil_de_rentabilite",
        name="Seuil de rentabilité et point mort",
        formulas=(
            r"\text{seuil de rentabilité} = \frac{\text{charges fixes}}{\text{taux de MCV}}",
            r"\text{point mort} = \frac{\text{seuil de rentabilité}}{\text{CA HT}} \times 360 \text{ jours}",
        ),
        unit="€ HT de CA ; point mort en jours (année de 360 jours)",
        traps=(
            "L'année compte 360 jours quand l'énoncé le dit (ou 365) : dis toujours lequel tu utilises.",
            "La date du point mort suppose un CA régulier sur l'année : les ventes de printemps l'avancent.",
        ),
        lessons=("10",),
        functions=("break_even_revenue", "break_even_days"),
        competences=("B3.2", "B3.3"),
        example="break_even",
        part="gestion",
    ),
    KPI(
        key="taux_de_realisation",
        name="Taux de réalisation des objectifs",
        formulas=(r"\text{taux de réalisation} = \frac{\text{réalisé}}{\text{objectif}} \times 100",),
        unit="% de l'objectif",
        traps=(
            "Réalisé ÷ objectif, pas l'inverse : objectif ÷ réalisé donne 80 % à qui a dépassé son objectif de 25 %.",
            "Plusieurs mois : réalisé total ÷ objectif total, pas la moyenne des taux mensuels.",
            "Ne classe pas les vendeurs sur leur CA total : il mesure leurs heures et leur magasin.",
        ),
        lessons=("11",),
        functions=("target_achievement_rate",),
        competences=("B4.4", "B4.1"),
        example="target_achievement_rate",
    ),
    KPI(
        key="ca_par_heure",
        name="CA par heure travaillée",
        formulas=(r"\text{CA par heure} = \frac{\text{CA HT}}{\text{heures travaillées}} "
                  r"= \frac{\text{tickets}}{\text{heures travaillées}} \times \text{panier moyen}",),
        unit="€ HT par heure travaillée",
        traps=(
            "Divise par les heures travaillées, pas les heures prévues : une heure d'absence ne vend rien.",
            "Compare des vendeurs du même magasin sur la même période : le printemps et le centre-ville "
            "vendent plus, quel que soit le vendeur.",
        ),
        lessons=("11",),
        functions=("sales_per_hour",),
        competences=("B4.4",),
        example="sales_per_hour",
    ),
)

# Functions of kpilab.formulas that no fiche shows, with the reason (none today: lessons 10 and 11
# teach the formulas of gestion opérationnelle and of the team's objectives). A function added to
# kpilab.formulas before a lesson teaches it goes here, e.g. {"name": "no lesson teaches it yet"}.
EXCLUDED: dict[str, str] = {}

# The fiches of a bloc beside its main one: {bloc: {part: what the fiche holds}}. Bloc 3's cards do
# not fit on one A4 page: the calculations of lesson 10 make their own fiche, fiche_bloc_3_gestion.
PARTS: dict[int, dict[str, str]] = {3: {"gestion": "les calculs de la leçon 10"}}

# What a fiche shows after its KPI cards (extras of kpilab.handouts.fiche): bloc 4 compares the
# sellers' cycles (lesson 03, "vendeur par vendeur").
BLOC_EXTRAS: dict[int, tuple[str, ...]] = {4: ("cycle_by_seller",)}

_BY_KEY = {k.key: k for k in KPIS}


def kpi(key: str) -> KPI:
    """The KPI declared under ``key`` (``"taux_de_conversion"``…)."""
    return _BY_KEY[key]


def kpis_of_bloc(bloc: int, part: str = "") -> list[KPI]:
    """The KPIs with a competence of ``bloc`` that go to its fiche ``part``, in the order of the lessons."""
    return [k for k in sorted(KPIS, key=lambda k: k.lessons[0]) if bloc in k.blocs and k.part == part]


def fiches() -> list[tuple[int, str]]:
    """Every fiche that has cards, as ``(bloc, part)``, in the order of the blocs."""
    return [(bloc, part) for bloc in sorted(referentiel.BLOCS) for part in ("", *PARTS.get(bloc, {}))
            if kpis_of_bloc(bloc, part)]
