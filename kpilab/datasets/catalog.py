"""Constants of Roue Libre, the fictional bike retailer behind the course data.

Everything a teacher may want to read or tweak lives here: the points of
sale, the product catalogue with its prices, the customer segments, the
salespeople, the prospecting campaigns and the seasonality curves. The
generator (:mod:`kpilab.datasets.generator`) only combines these constants
with random draws.

Money is given in euros. Selling prices are the shelf prices TTC (VAT
included, 20 %); the selling price HT is derived from them, to the cent.
Purchase prices are HT (what Roue Libre pays its suppliers).
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Calendar -------------------------------------------------------------

START = "2024-01-01"
"""First day of the course data (orders, leads, campaigns, visitors)."""
END = "2025-12-31"
"""Last day of the course data."""
FIRST_CUSTOMER_DAY = "2021-01-01"
"""Customers may have joined before 2024, from this day on."""

VAT_RATE = 0.20

# Shops are closed on Sundays and on these days (month, day).
CLOSED_HOLIDAYS = ((1, 1), (5, 1), (12, 25))

# --- Points of sale and channels -----------------------------------------

CHANNELS = ("magasin", "web", "b2b")
"""Sales channel of an order (``commandes.canal``)."""

SHOPS = ("Bellecour", "Croix-Rousse", "Villeurbanne")
WEB_SHOP = "Site web"
B2B_TEAM = "Service entreprises"
POINTS_OF_SALE = (*SHOPS, WEB_SHOP, B2B_TEAM)
"""Every point of sale, in the order used to sort the tables."""

# Per shop: relative volume of anonymous tickets, share of the customers who
# join there, and the usual transformation rate (tickets ÷ visitors).
SHOP_TICKET_WEIGHT = {"Bellecour": 1.35, "Croix-Rousse": 0.85, "Villeurbanne": 0.80}
SHOP_HOME_WEIGHT = {"Bellecour": 0.40, "Croix-Rousse": 0.30, "Villeurbanne": 0.30}
SHOP_TRANSFORMATION = {"Bellecour": 0.165, "Croix-Rousse": 0.205, "Villeurbanne": 0.225}
SATURDAY_TRANSFORMATION_FACTOR = 0.85  # more window-shopping on Saturdays

# Web conversion rate (orders ÷ sessions) by month.
WEB_CONVERSION = {
    1: 0.013, 2: 0.014, 3: 0.017, 4: 0.019, 5: 0.019, 6: 0.018,
    7: 0.016, 8: 0.014, 9: 0.017, 10: 0.016, 11: 0.020, 12: 0.023,
}

# Operation "casque + antivol" at Croix-Rousse (cross-selling).
CROSS_SELL_SHOP = "Croix-Rousse"
CROSS_SELL_START = "2025-03-01"

# --- Seasonality ----------------------------------------------------------

SEASON_SHOP = {
    1: 0.55, 2: 0.65, 3: 0.95, 4: 1.30, 5: 1.40, 6: 1.40,
    7: 1.20, 8: 0.80, 9: 1.10, 10: 0.90, 11: 0.75, 12: 1.10,
}
"""Monthly activity of the shops (and of customer acquisition)."""

SEASON_WEB = {
    1: 0.60, 2: 0.70, 3: 0.95, 4: 1.25, 5: 1.30, 6: 1.30,
    7: 1.15, 8: 0.80, 9: 1.05, 10: 0.95, 11: 1.00, 12: 1.35,
}
"""Monthly activity of the web shop (stronger in November–December)."""

SEASON_B2B = {
    1: 0.90, 2: 1.00, 3: 1.15, 4: 1.15, 5: 1.10, 6: 1.00,
    7: 0.70, 8: 0.40, 9: 1.30, 10: 1.20, 11: 1.10, 12: 0.60,
}
"""Monthly flow of inbound B2B leads (web form, recommendations)."""

WEEKDAY_SHOP = (0.75, 0.85, 1.00, 0.95, 1.10, 1.65, 0.0)
"""Shop activity Monday … Sunday (closed on Sunday)."""
WEEKDAY_WEB = (1.10, 1.00, 0.95, 0.95, 0.90, 0.90, 1.20)
"""Web activity Monday … Sunday."""

YEAR_GROWTH = {2021: 0.45, 2022: 0.55, 2023: 0.65, 2024: 1.00, 2025: 1.08}
"""Relative number of new customers per year (and of anonymous tickets)."""

# Share of bikes bought in a given month (spring and Christmas are bike time).
SEASON_BIKE = {
    1: 0.80, 2: 0.85, 3: 1.15, 4: 1.25, 5: 1.25, 6: 1.20,
    7: 1.05, 8: 0.90, 9: 1.05, 10: 0.95, 11: 0.90, 12: 1.10,
}

# --- Product catalogue ------------------------------------------------------

CATEGORIES = (
    "velo_electrique", "velo_ville", "velo_route", "vtt",
    "casque", "antivol", "accessoire", "entretien",
)


@dataclass(frozen=True)
class Product:
    """One catalogue line."""

    name: str
    category: str
    price_ttc: float  # shelf price, VAT included
    purchase_ht: float  # purchase price paid to the supplier, HT
    weight: float  # popularity within its category
    affinity: str | None = None  # segment that buys it three times more often
    web: bool = True  # sold on the web shop (workshop services are not)
    extra_qty: tuple[int, float] = (0, 0.0)  # binomial (n, p) of extra units


# Ordered by category: lines of an order are listed in this order.
PRODUCTS = (
    # Electric bikes (VAE): margin rate about 28-30 % of the price HT.
    Product("VAE urbain Lumen", "velo_electrique", 1799.00, 1050.00, 0.30, "velotaf"),
    Product("VAE urbain Confort+", "velo_electrique", 2299.00, 1340.00, 0.25, "velotaf"),
    Product("VAE pliant Compact", "velo_electrique", 1699.00, 1010.00, 0.12),
    Product("VAE trekking Horizon", "velo_electrique", 2799.00, 1630.00, 0.15),
    Product("VAE cargo Famille", "velo_electrique", 3999.00, 2400.00, 0.08, "famille"),
    Product("VTT électrique Trail", "velo_electrique", 3499.00, 2090.00, 0.10, "sportif"),
    # City bikes
    Product("Vélo de ville Classique", "velo_ville", 449.00, 235.00, 0.40),
    Product("Vélo hollandais Confort", "velo_ville", 599.00, 320.00, 0.25),
    Product("Vélo pliant Urbain", "velo_ville", 549.00, 300.00, 0.20, "velotaf"),
    Product("Vélo enfant 20 pouces", "velo_ville", 279.00, 145.00, 0.15, "famille"),
    # Road and gravel bikes
    Product("Vélo de route Alu", "velo_route", 1099.00, 640.00, 0.45),
    Product("Vélo gravel Explorer", "velo_route", 1499.00, 870.00, 0.35),
    Product("Vélo de route Carbone", "velo_route", 2499.00, 1480.00, 0.20, "sportif"),
    # Mountain bikes
    Product("VTT semi-rigide 29 pouces", "vtt", 799.00, 455.00, 0.50),
    Product("VTT tout-suspendu Enduro", "vtt", 1899.00, 1110.00, 0.25, "sportif"),
    Product("VTT enfant 24 pouces", "vtt", 349.00, 190.00, 0.25, "famille"),
    # Helmets
    Product("Casque urbain", "casque", 49.90, 21.00, 0.45),
    Product("Casque route ventilé", "casque", 89.90, 38.00, 0.20, "sportif"),
    Product("Casque enfant", "casque", 39.90, 16.50, 0.20, "famille", extra_qty=(1, 0.3)),
    Product("Casque connecté LED", "casque", 119.00, 52.00, 0.15, "velotaf"),
    # Locks
    Product("Antivol câble", "antivol", 29.90, 11.00, 0.25),
    Product("Antivol en U", "antivol", 54.90, 22.00, 0.40),
    Product("Antivol pliant", "antivol", 79.90, 33.00, 0.20, "velotaf"),
    Product("Antivol chaîne renforcée", "antivol", 89.90, 37.00, 0.15),
    # Accessories
    Product("Éclairage LED avant et arrière", "accessoire", 34.90, 12.50, 0.28, "velotaf"),
    Product("Sacoche de porte-bagages", "accessoire", 59.90, 22.00, 0.18, "velotaf"),
    Product("Siège enfant arrière", "accessoire", 119.00, 52.00, 0.10, "famille"),
    Product("Gants mi-saison", "accessoire", 24.90, 8.50, 0.20, "sportif", (1, 0.1)),
    Product("Pompe à pied", "accessoire", 29.90, 10.50, 0.24),
    # Workshop and spare parts (purchase price of a service = parts used)
    Product("Révision complète", "entretien", 79.00, 18.00, 0.30, web=False),
    Product("Réglage freins et vitesses", "entretien", 35.00, 6.00, 0.20, web=False),
    Product("Chambre à air", "entretien", 7.90, 2.40, 0.25, extra_qty=(2, 0.3)),
    Product("Pneu anti-crevaison", "entretien", 34.90, 13.50, 0.15, extra_qty=(1, 0.4)),
    Product("Kit entretien chaîne", "entretien", 19.90, 7.00, 0.10),
)

# Segment groups used by the basket model: anonymous tickets, the four
# segments of private customers, companies.
SEGMENTS = ("velotaf", "sportif", "famille", "occasionnel")
"""Segments of private customers (loyalty card or web account)."""
CLIENT_SEGMENTS = (*SEGMENTS, "entreprise")
CLIENT_TYPES = ("particulier", "entreprise")

# Share of each segment among new private customers.
SEGMENT_SHARE = {"velotaf": 0.30, "sportif": 0.20, "famille": 0.20, "occasionnel": 0.30}
# Average number of purchases per year while the customer is active.
SEGMENT_RATE = {"velotaf": 3.0, "sportif": 2.4, "famille": 1.8, "occasionnel": 0.8}
# Average active lifetime in years (exponential): then the customer is lost.
SEGMENT_LIFETIME = {"velotaf": 6.0, "sportif": 4.0, "famille": 3.5, "occasionnel": 0.9}

# Private customers joining in a shop vs on the web shop.
ACQUISITION_WEB_SHARE = 0.28
# Mean share of web orders for customers who joined in a shop / on the web.
WEB_SHARE_SHOP_CUSTOMER = (1.2, 8.0)  # beta(a, b), mean ≈ 0.13
WEB_SHARE_WEB_CUSTOMER = (5.0, 2.5)  # beta(a, b), mean ≈ 0.67

# Probability that an order contains a bike: anonymous ticket, then per
# segment for the first purchase (joining) and for a repeat purchase.
BIKE_PROB_ANONYMOUS = 0.09
BIKE_PROB_FIRST = {"velotaf": 0.70, "sportif": 0.65, "famille": 0.60, "occasionnel": 0.30}
BIKE_PROB_REPEAT = {"velotaf": 0.05, "sportif": 0.08, "famille": 0.08, "occasionnel": 0.04}
BIKE_PROB_WEB_FACTOR = 0.8

# Type of bike bought (velo_electrique, velo_ville, velo_route, vtt) on
# 2024-01-01; the electric share then grows (upselling to e-bikes).
BIKE_MIX = {
    "anonyme": (0.30, 0.38, 0.13, 0.19),
    "velotaf": (0.52, 0.38, 0.05, 0.05),
    "sportif": (0.18, 0.05, 0.42, 0.35),
    "famille": (0.32, 0.38, 0.05, 0.25),
    "occasionnel": (0.22, 0.53, 0.10, 0.15),
}
EBIKE_TREND = 1.2  # e-bike weight × (1 + EBIKE_TREND × elapsed share of the 2 years)
BIKE_TREND = 0.15  # bike probability × (1 + BIKE_TREND × (elapsed share − 0.5))

# Cross-selling on a bike purchase: helmet and lock attach probabilities.
HELMET_ATTACH = {"Bellecour": 0.30, "Croix-Rousse": 0.30, "Villeurbanne": 0.28, "Site web": 0.22}
HELMET_ATTACH_FAMILY_BONUS = 0.10
LOCK_ATTACH = {"Bellecour": 0.38, "Croix-Rousse": 0.38, "Villeurbanne": 0.36, "Site web": 0.30}
LOCK_ATTACH_EBIKE_BONUS = 0.22
CROSS_SELL_HELMET = 0.62  # Croix-Rousse from CROSS_SELL_START
CROSS_SELL_LOCK = 0.78
# Extra accessory lines on a bike purchase (Poisson mean).
BIKE_EXTRA_ACCESSORIES = 0.35

# Orders without a bike: 1 + Poisson(mean) lines, categories drawn from these
# weights (casque, antivol, accessoire, entretien). The web sells accessories.
OTHER_LINES_MEAN = {"magasin": 0.45, "web": 0.85}
OTHER_CATEGORY_WEIGHTS = {
    "magasin": {"casque": 0.10, "antivol": 0.12, "accessoire": 0.33, "entretien": 0.45},
    "web": {"casque": 0.16, "antivol": 0.19, "accessoire": 0.53, "entretien": 0.12},
}

# Anonymous shop tickets (no loyalty card): per shop and average open day
# at scale 1, before the shop, season and weekday weights.
ANONYMOUS_TICKETS_PER_DAY = 6.8

# Private customers at scale 1, joined between 2021 and 2025.
PRIVATE_CUSTOMERS = 7000

# --- B2B: salespeople, campaigns, leads ------------------------------------

SALESPEOPLE = ("Inès Moreau", "Karim Benali", "Sophie Laurent")
SALESPERSON_WIN_FACTOR = {"Inès Moreau": 1.0, "Karim Benali": 0.9, "Sophie Laurent": 1.15}

CAMPAIGN_CHANNELS = ("emailing", "telephone", "linkedin", "salon", "courrier")
SECTORS = ("industrie", "services", "sante", "commerce", "collectivite", "btp")
SECTOR_WEIGHT = {
    "industrie": 0.20, "services": 0.30, "sante": 0.15,
    "commerce": 0.15, "collectivite": 0.08, "btp": 0.12,
}
SIZES = ("10-49", "50-249", "250+")
SIZE_WEIGHT = {"10-49": 0.50, "50-249": 0.35, "250+": 0.15}
SIZE_WEIGHT_COLLECTIVITE = {"10-49": 0.25, "50-249": 0.45, "250+": 0.30}
# Fleet size asked for (number of bikes), uniform between these bounds.
FLEET_SIZE = {"10-49": (2, 6), "50-249": (4, 15), "250+": (10, 40)}
LEAD_SOURCES = ("campagne", "site_web", "recommandation")
STATUSES = ("gagne", "perdu", "en_cours")

# Inbound leads at scale 1 over the two years.
INBOUND_LEADS = {"site_web": 150, "recommandation": 90}
# Probability that a lead is won, by source (campaign leads: by channel).
WIN_PROB = {"site_web": 0.30, "recommandation": 0.50}
WIN_PROB_CAMPAIGN = {
    "emailing": 0.12, "telephone": 0.22, "linkedin": 0.17, "salon": 0.22, "courrier": 0.14,
}
WIN_PROB_BAD_CAMPAIGN = 0.05
# Sales cycle of won deals (days): lognormal around the median, plus a few
# very long deals (public tenders, large companies).
CYCLE_MEDIAN_DAYS = 40
CYCLE_SIGMA = 0.55
LONG_DEAL_PROB = {"collectivite_or_250+": 0.60, "other": 0.015}
LONG_DEAL_DAYS = (150, 400)
LOSS_MEDIAN_DAYS = 35
LOSS_SIGMA = 0.70
# Fleet discount on the catalogue price HT, by number of bikes (from … bikes).
FLEET_DISCOUNT = ((1, 0.05), (5, 0.10), (15, 0.15))
# Products of a fleet deal.
B2B_BIKES = (
    "VAE urbain Lumen", "VAE urbain Confort+", "VAE pliant Compact",
    "VAE trekking Horizon", "VAE cargo Famille", "Vélo de ville Classique",
)
B2B_BIKE_WEIGHT = (0.34, 0.24, 0.12, 0.12, 0.06, 0.12)
B2B_HELMET, B2B_LOCK, B2B_SERVICE = "Casque urbain", "Antivol en U", "Révision complète"
B2B_ATTACH = {"helmet": 0.70, "lock": 0.85, "service": 0.50}
B2B_REORDER_PROB = 0.30  # a company orders again 3 to 12 months later


@dataclass(frozen=True)
class Campaign:
    """One B2B prospecting campaign of the schedule."""

    channel: str
    name: str
    start: str
    end: str
    target: str | None = None  # sector aimed at, if any
    bought_list: bool = False  # the bad one: a bought email list


CAMPAIGNS = (
    Campaign("telephone", "Phoning PME de Villeurbanne – janvier 2024", "2024-01-15", "2024-02-09"),
    Campaign("emailing", "Emailing Mobilité durable – hiver 2024", "2024-02-05", "2024-02-23"),
    Campaign("linkedin", "LinkedIn Forfait mobilités durables – printemps 2024", "2024-03-04", "2024-04-12"),
    Campaign("emailing", "Emailing Mobilité durable – printemps 2024", "2024-03-18", "2024-04-05"),
    Campaign("salon", "Salon Mobilités & Entreprises – Lyon 2024", "2024-04-09", "2024-04-11"),
    Campaign("courrier", "Courrier Collectivités du Rhône – printemps 2024", "2024-04-22", "2024-05-17", "collectivite"),
    Campaign("telephone", "Phoning Industrie Vallée de la chimie – juin 2024", "2024-06-03", "2024-06-28", "industrie"),
    Campaign("emailing", "Emailing Prime vélo entreprises – été 2024", "2024-06-17", "2024-07-05"),
    Campaign("emailing", "Emailing fichier acheté – rentrée 2024", "2024-09-02", "2024-09-20", bought_list=True),
    Campaign("linkedin", "LinkedIn Flottes de vélos – rentrée 2024", "2024-09-09", "2024-10-18"),
    Campaign("salon", "Salon RH & Qualité de vie au travail – Lyon 2024", "2024-10-08", "2024-10-10"),
    Campaign("emailing", "Emailing Forfait mobilités durables – automne 2024", "2024-10-14", "2024-10-31"),
    Campaign("telephone", "Phoning Santé et cliniques – janvier 2025", "2025-01-13", "2025-02-07", "sante"),
    Campaign("emailing", "Emailing Mobilité durable – hiver 2025", "2025-02-03", "2025-02-21"),
    Campaign("linkedin", "LinkedIn Forfait mobilités durables – printemps 2025", "2025-03-03", "2025-04-11"),
    Campaign("emailing", "Emailing Mobilité durable – printemps 2025", "2025-03-17", "2025-04-04"),
    Campaign("salon", "Salon Mobilités & Entreprises – Lyon 2025", "2025-04-08", "2025-04-10"),
    Campaign("courrier", "Courrier Collectivités et hôpitaux – printemps 2025", "2025-04-22", "2025-05-16", "collectivite"),
    Campaign("telephone", "Phoning BTP et artisans – juin 2025", "2025-06-02", "2025-06-27", "btp"),
    Campaign("emailing", "Emailing Prime vélo entreprises – été 2025", "2025-06-16", "2025-07-04"),
    Campaign("linkedin", "LinkedIn Flottes de vélos – rentrée 2025", "2025-09-08", "2025-10-17"),
    Campaign("courrier", "Courrier PME de l'Est lyonnais – rentrée 2025", "2025-09-15", "2025-10-10"),
    Campaign("salon", "Salon RH & Qualité de vie au travail – Lyon 2025", "2025-10-07", "2025-10-09"),
    Campaign("emailing", "Emailing Forfait mobilités durables – automne 2025", "2025-10-13", "2025-10-31"),
)
"""The campaign schedule; ids C01, C02, … follow this order."""

LEAD_WINDOW_AFTER_CAMPAIGN = 30  # first contact up to 30 days after the end


@dataclass(frozen=True)
class ChannelModel:
    """How a campaign channel behaves (ranges are uniform draws, scale 1)."""

    contacts: tuple[int, int]
    invalid_rate: tuple[float, float]  # bounced e-mails, NPAI, wrong numbers
    response_rate: tuple[float, float]  # among valid contacts
    lead_rate: float  # share of responses that become a qualified lead
    cost_per_contact: float
    fixed_cost: tuple[float, float]


CHANNEL_MODELS = {
    "emailing": ChannelModel((1200, 2500), (0.04, 0.08), (0.020, 0.040), 0.35, 0.25, (250, 450)),
    "courrier": ChannelModel((600, 1200), (0.03, 0.06), (0.008, 0.013), 0.55, 1.45, (150, 300)),
    "linkedin": ChannelModel((250, 500), (0.00, 0.02), (0.045, 0.070), 0.45, 1.20, (1200, 2200)),
    "telephone": ChannelModel((150, 300), (0.06, 0.12), (0.090, 0.130), 0.55, 9.00, (0, 0)),
    "salon": ChannelModel((120, 250), (0.00, 0.03), (0.200, 0.300), 0.50, 2.00, (3500, 6000)),
}
# The bought list: the file itself and a turnkey sending by an agency.
BAD_CAMPAIGN_MODEL = ChannelModel((2800, 3200), (0.24, 0.27), (0.003, 0.006), 0.40, 0.25, (5500, 6000))

# Fictional company names: an invented word, an activity word, a legal form.
NAME_ROOTS = (
    "Arv", "Bel", "Cal", "Dor", "Eld", "Fal", "Gar", "Hel", "Ily", "Jor", "Kal", "Lor",
    "Mal", "Nor", "Orv", "Pel", "Quer", "Ros", "Sil", "Tal", "Unv", "Var", "Wel", "Zel",
)
NAME_ENDINGS = (
    "ador", "ima", "exis", "ovia", "anis", "erys", "olia", "unex", "ara", "iel", "omar", "ence",
)
SECTOR_WORDS = {
    "industrie": ("Industrie", "Mécanique", "Plasturgie", "Métallerie"),
    "services": ("Conseil", "Informatique", "Services", "Logistique"),
    "sante": ("Santé", "Médical", "Laboratoires", "Soins"),
    "commerce": ("Distribution", "Commerce", "Négoce", "Boutiques"),
    "btp": ("Construction", "Bâtiment", "Travaux", "Rénovation"),
}
COLLECTIVITE_FORMS = ("Mairie de {}", "Communauté de communes de {}", "Syndicat intercommunal de {}")
TOWN_SUFFIXES = ("", "-sur-Saône", "-les-Monts", "-en-Lyonnais")
LEGAL_FORMS = ("SARL", "SAS", "SA")
LEGAL_FORM_WEIGHT = {
    "10-49": (0.50, 0.45, 0.05),
    "50-249": (0.20, 0.65, 0.15),
    "250+": (0.00, 0.60, 0.40),
}
