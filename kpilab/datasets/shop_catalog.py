"""Constants of the three shops' management: premises, street flows, stock policy, the sales team.

These feed the tables of gestion opérationnelle and of the team (``magasins``, ``passants``,
``inventaires``, ``vendeurs``, ``objectifs``, ``tickets_vendeurs``): a teacher may read or
tweak them here, as the company's other constants in :mod:`kpilab.datasets.catalog`. The
generator draws these tables from random streams of their own, so nothing here changes a value
of the six tables of the customer journey.

Orders of magnitude: an average French retail point of sale had 250 m² and 1.1 M€ of revenue
in 2014 (Insee Première n° 1668, 2017); shop fixed costs are the rent, the payroll (sellers,
the shop manager and the workshop's mechanic) and the rest (energy, insurance, depreciation of
the fittings, IT); the démarque inconnue of French retail is 1 to 3 % of revenue at selling
prices (AES Protection, citing the baromètre de la sécurité dans le commerce), less for bikes,
which are locked and tagged, than for small accessories near the door.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Premises:
    """One shop's premises and its yearly fixed costs (the same budget in 2024 and 2025)."""

    location: str  # the street, as a teacher would describe it (French)
    area_m2: int  # surface de vente: the space open to customers
    rent: int  # loyer annuel HT, €
    payroll: int  # masse salariale annuelle (salaires et charges), €
    other_fixed: int  # autres charges fixes annuelles HT, €
    passers_per_day: int  # people passing the shop front on an average open day, season 1, scale 1


PREMISES = {
    "Bellecour": Premises("rue commerçante très passante de la Presqu'île", 260, 118_000, 182_000, 64_000, 4_300),
    "Croix-Rousse": Premises("rue de quartier sur le plateau de la Croix-Rousse", 170, 46_000, 139_000, 41_000, 1_150),
    "Villeurbanne": Premises("avenue près d'une station de métro à Villeurbanne", 240, 42_000, 138_000, 43_000, 1_650),
}

# Street flows in front of the shops, Monday … Sunday (the counter counts on open days only)
# and by month: the city centre keeps its passers-by in summer and at Christmas, the
# neighbourhoods empty in August. Each day then varies (lognormal, sigma below).
STREET_WEEKDAY = (0.85, 0.90, 0.95, 0.95, 1.05, 1.80, 0.0)
STREET_MONTH = {
    "Bellecour": {1: 0.85, 2: 0.90, 3: 0.95, 4: 1.00, 5: 1.05, 6: 1.05,
                  7: 1.00, 8: 0.85, 9: 1.00, 10: 1.00, 11: 1.00, 12: 1.30},
    "Croix-Rousse": {1: 0.90, 2: 0.95, 3: 1.00, 4: 1.05, 5: 1.10, 6: 1.05,
                     7: 0.90, 8: 0.70, 9: 1.05, 10: 1.00, 11: 0.95, 12: 1.10},
    "Villeurbanne": {1: 0.90, 2: 0.95, 3: 1.00, 4: 1.05, 5: 1.10, 6: 1.05,
                     7: 0.90, 8: 0.70, 9: 1.05, 10: 1.00, 11: 0.95, 12: 1.10},
}
STREET_SIGMA = 0.10

# --- Stock --------------------------------------------------------------------------------

FIRST_INVENTORY = "2023-12-31"
"""The count that opens the stock of 2024; then one count at the end of each quarter."""

# Stock kept at the end of a quarter, in days of the next quarter's cost of goods sold, by
# category; Villeurbanne keeps far more than it needs (its larger premises fill up).
COVER_DAYS = {
    "velo_electrique": 100, "velo_ville": 120, "velo_route": 135, "vtt": 135,
    "casque": 150, "antivol": 150, "accessoire": 180, "entretien": 90,
}
SHOP_STOCK_FACTOR = {"Bellecour": 0.90, "Croix-Rousse": 0.85, "Villeurbanne": 1.45}
# Purchases arrive with the suppliers' lot sizes: ± this share around what the policy asks.
PURCHASE_NOISE = 0.06

# Démarque of a quarter, as a share of the quarter's cost of goods sold (by category, times
# the shop's factor and a uniform draw between 0.5 and 1.5): small items near the door go
# missing, bikes hardly ever; the busy city-centre shop loses most.
SHRINKAGE_SHARE = {
    "velo_electrique": 0.002, "velo_ville": 0.004, "velo_route": 0.003, "vtt": 0.004,
    "casque": 0.040, "antivol": 0.035, "accessoire": 0.050, "entretien": 0.020,
}
SHOP_SHRINKAGE_FACTOR = {"Bellecour": 1.6, "Croix-Rousse": 0.6, "Villeurbanne": 1.0}

# --- The sales team -------------------------------------------------------------------------

ROLES = ("responsable", "vendeur", "alternant")


@dataclass(frozen=True)
class Seller:
    """One seller of a shop: contract, dates, and how often the bike customers turn to them."""

    name: str
    shop: str
    role: str  # one of ROLES
    weekly_hours: int  # hours in the shop a week (an alternant: outside the school's weeks)
    start: str  # first day of the contract (the 1st of a month)
    end: str | None = None  # last day (the last day of a month), None if still there
    bike_skill: float = 1.0  # weight on the tickets with a bike, relative to the other tickets


SELLERS = (
    Seller("Julien Marchand", "Bellecour", "responsable", 35, "2018-03-01", bike_skill=1.3),
    Seller("Camille Roux", "Bellecour", "vendeur", 35, "2021-05-01", bike_skill=1.15),
    Seller("Mehdi Haddad", "Bellecour", "vendeur", 24, "2022-09-01", bike_skill=1.0),
    Seller("Léa Fontaine", "Bellecour", "alternant", 21, "2023-09-01", "2025-08-31", bike_skill=0.8),
    Seller("Maxime Garnier", "Bellecour", "alternant", 21, "2025-09-01", bike_skill=0.75),
    Seller("Nadia Belkacem", "Croix-Rousse", "responsable", 35, "2019-06-01", bike_skill=1.25),
    Seller("Thomas Girard", "Croix-Rousse", "vendeur", 35, "2020-02-01", "2025-03-31", bike_skill=1.1),
    Seller("Hugo Lefèvre", "Croix-Rousse", "vendeur", 35, "2025-04-01", bike_skill=1.0),
    Seller("Emma Petit", "Croix-Rousse", "vendeur", 28, "2022-01-01", bike_skill=1.2),
    Seller("Antoine Dubois", "Villeurbanne", "responsable", 35, "2017-09-01", bike_skill=1.2),
    Seller("Sarah Benmoussa", "Villeurbanne", "vendeur", 35, "2023-02-01", bike_skill=1.1),
    Seller("Paul Lambert", "Villeurbanne", "vendeur", 30, "2021-10-01", bike_skill=0.95),
    Seller("Yanis Mercier", "Villeurbanne", "alternant", 21, "2024-09-01", bike_skill=0.75),
)
"""The sellers, shop by shop; an alternant (BTS MCO in alternance) is in the shop three days a
week during the school year and full time in July and August."""

ALTERNANT_SUMMER_HOURS = 35
SUMMER_MONTHS = (7, 8)
# Paid leave: five weeks a year, three in July or August, two single weeks in quieter months.
SUMMER_LEAVE_WEEKS = 3
OTHER_LEAVE_WEEKS = 2
LEAVE_MONTHS = (1, 2, 3, 10, 11)
# Sick leave: in a given month, the probability of an absence, and its length in working days.
ABSENCE_PROB = 0.07
ABSENCE_DAYS = (1, 10)
# A new seller's first months: fewer sales per hour while learning the catalogue.
RAMP_UP_MONTHS = 3
RAMP_UP_FACTOR = 0.85

# Monthly objectives of CA HT: the network's forecast of each shop's month (its smoothed
# trend) times the shop's ambition for the year, rounded to OBJECTIVE_ROUNDING euros; each
# seller's objective is the shop's split in proportion to the hours planned.
OBJECTIVE_AMBITION = {
    2024: {"Bellecour": 1.05, "Croix-Rousse": 0.98, "Villeurbanne": 1.01},
    2025: {"Bellecour": 1.06, "Croix-Rousse": 0.97, "Villeurbanne": 1.02},
}
OBJECTIVE_NOISE = 0.02
OBJECTIVE_ROUNDING = 500
