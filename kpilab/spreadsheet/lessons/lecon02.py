"""Le classeur de la leçon 02 — le taux de conversion des leads et le coût par conversion des campagnes."""

from __future__ import annotations

from kpilab import datasets, tables
from kpilab.spreadsheet.book import Block, Book, Column, Indicator, Sheet

SOURCES = ("campagne", "site_web", "recommandation")
YEARS = (2024, 2025)
CHANNELS = ("emailing", "telephone", "linkedin", "salon", "courrier")


def _prospects():
    return datasets.load("prospects")


def _campagnes():
    return datasets.load("campagnes")


def _rate(**options):
    return tables.conversion_rate_by(_prospects(), **options)


def _total(column, **options):
    return float(_rate(**options).loc["total", column])


def _by_source(source):
    return float(_rate(by="source").loc[source, "taux_de_conversion"])


def _by_year(year):
    table = _rate(period="year")
    return float(table.loc[table.index.year == year, "taux_de_conversion"].iloc[0])


def _costs(by=None):
    return tables.cost_per_conversion_by(_campagnes(), _prospects(), by=by)


def _cost(column):
    return float(_costs().loc["total", column])


def _leads_of(frame):
    """Per campaign: its leads (plain pandas, one value per row of the sheet Campagnes)."""
    counts = _prospects()["campagne_id"].value_counts()
    return frame["campagne_id"].map(counts).fillna(0).astype(float)


def _sales_of(frame):
    """Per campaign: the won deals of its leads (plain pandas)."""
    prospects = _prospects()
    counts = prospects.loc[prospects["statut"] == "gagne", "campagne_id"].value_counts()
    return frame["campagne_id"].map(counts).fillna(0).astype(float)


_ORIGIN = "=NB.SI.ENS({$statut};\"gagne\";{$source};{cle})/NB.SI({$source};{cle})"

BOOK = Book(
    lesson="02_taux_de_conversion",
    title="Leçon 02 — Le taux de conversion et le coût par conversion chez Roue Libre",
    about="Feuille Prospects : les 589 leads du Service entreprises de 2024 et 2025 (datasets/prospects.csv), une "
          "ligne par lead, avec 8 des 14 colonnes du fichier, plus l'année du premier contact. Feuille Campagnes : "
          "les 24 campagnes (datasets/campagnes.csv), 4 colonnes du fichier, plus les leads et les ventes de "
          "chaque campagne, comptés sur la feuille Prospects.",
    sheets=(
        Sheet("Prospects", _prospects, (
            Column("prospect_id", "Lead", "text"),
            Column("entreprise", "Entreprise", "text"),
            Column("source", "Origine", "text"),
            Column("campagne_lead", "Campagne", "text", source="campagne_id"),
            Column("date_premier_contact", "Premier contact", "date"),
            Column("statut", "Statut", "text"),
            Column("date_signature", "Signature", "date"),
            Column("montant_ht", "Montant HT", "euros"),
            Column("annee", "Année du premier contact", "count", formula="=ANNEE({date_premier_contact#})",
                   value=lambda f: f["date_premier_contact"].dt.year.astype(float)),
        )),
        Sheet("Campagnes", _campagnes, (
            Column("campagne_id", "Campagne", "text"),
            Column("nom", "Nom", "text"),
            Column("canal", "Canal", "text"),
            Column("cout_ht", "Coût HT", "euros"),
            Column("leads_campagne", "Leads", "count", formula="=NB.SI({$campagne_lead};{campagne_id#})",
                   value=_leads_of),
            Column("ventes_campagne", "Ventes", "count",
                   formula="=NB.SI.ENS({$campagne_lead};{campagne_id#};{$statut};\"gagne\")", value=_sales_of),
        )),
    ),
    blocks=(
        Block("Tous les leads", (
            Indicator("Leads", "=NBVAL({prospect_id})", lambda: _total("leads"), "count", name="leads",
                      note="NBVAL compte les cellules non vides : une par lead."),
            Indicator("Ventes (affaires gagnées)", "=NB.SI({statut};\"gagne\")", lambda: _total("ventes"), "count",
                      name="ventes"),
            Indicator("Taux de conversion des leads", "={=ventes}/{=leads}", lambda: _total("taux_de_conversion"),
                      "percent", name="taux",
                      note="Ventes ÷ leads : dis « % des leads ». La cellule est au format % : pas de × 100."),
            Indicator("Affaires en cours", "=NB.SI({statut};\"en_cours\")", lambda: _total("en_cours"), "count",
                      name="en_cours"),
            Indicator("Taux parmi les affaires conclues", "={=ventes}/({=leads}-{=en_cours})",
                      lambda: _total("taux_de_conversion", closed_only=True), "percent",
                      note="Un autre indicateur, sans les affaires en cours : dis lequel tu donnes."),
            Indicator("Moyenne des taux des trois origines (à ne pas faire)",
                      "=MOYENNE({=origine_campagne};{=origine_site_web};{=origine_recommandation})",
                      lambda: float(_rate(by="source")["taux_de_conversion"].astype(float).mean()), "percent",
                      note="Faux : les origines n'ont pas le même nombre de leads. Ce n'est pas le taux de "
                           "conversion des leads."),
        )),
        Block("Par origine du lead", tuple(
            Indicator(f"Taux de conversion — {source}", _ORIGIN, lambda source=source: _by_source(source),
                      "percent", key=source, name=f"origine_{source}")
            for source in SOURCES),
            note="La formule de la première ligne est recopiée vers le bas : les plages sont figées par des $, "
                 "le critère (colonne B) ne l'est pas."),
        Block("Par année du premier contact", tuple(
            Indicator(f"Taux de conversion — leads de {year}",
                      "=NB.SI.ENS({$statut};\"gagne\";{$annee};{cle})/NB.SI({$annee};{cle})",
                      lambda year=year: _by_year(year), "percent", key=year)
            for year in YEARS),
            note="Les affaires en cours sont toutes des leads de 2025 : le taux de 2025 est provisoire."),
        Block("Coût par conversion des campagnes", (
            Indicator("Coût des campagnes", "=SOMME({cout_ht})", lambda: _cost("cout_ht"), "euros", name="cout"),
            Indicator("Leads venus des campagnes", "=SOMME({leads_campagne})", lambda: _cost("leads"), "count",
                      name="leads_campagnes"),
            Indicator("Ventes venues des campagnes", "=SOMME({ventes_campagne})", lambda: _cost("ventes"), "count",
                      name="ventes_campagnes"),
            Indicator("Coût par lead", "={=cout}/{=leads_campagnes}",
                      lambda: _cost("cout_par_lead"), "euros",
                      note="Un autre indicateur : le coût d'un lead, pas d'une vente."),
            Indicator("Coût par conversion", "={=cout}/{=ventes_campagnes}", lambda: _cost("cout_par_conversion"),
                      "euros", note="Coût ÷ ventes. Il se juge face à la marge d'une affaire, pas face à son montant."),
        )),
        Block("Coût par conversion, par canal", tuple(
            Indicator(f"Coût par conversion — {channel}",
                      "=SOMME.SI.ENS({$cout_ht};{$canal};{cle})/SOMME.SI.ENS({$ventes_campagne};{$canal};{cle})",
                      lambda channel=channel: float(_costs("canal").loc[channel, "cout_par_conversion"]), "euros",
                      key=channel)
            for channel in CHANNELS),
            note="Additionne les coûts et les ventes du canal, divise ensuite : pas de moyenne des coûts "
                 "par conversion des campagnes."),
    ),
)
