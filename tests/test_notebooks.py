"""The lessons: every part of the template, working links, reproducible outputs.

nbval (in ``make test``) re-runs each lesson and compares its outputs; these
tests check what nbval does not: structure, links and hygiene of the saved files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from kpilab.simulators import SIMULATORS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
EXPECTED = [f"{n:02d}" for n in range(13)]
# Lessons without an exercise notebook: 00 (the introduction) and 12 (the student's own data, whose
# task is to run the lesson again on their own export).
WITHOUT_EXERCISES = {"00", "12"}
WITH_EXERCISES = [p for p in LESSONS if p.name[:2] not in WITHOUT_EXERCISES]

# The headings of the lesson template (COURSE.md), in order; lesson 00 is the introduction.
TEMPLATE = [
    "Objectifs", "La situation", "Définition", "Calcul à la main", "Sur les données",
    "Graphique", "Interpréter", "Erreurs fréquentes", "Simulateur", "Dans un tableur", "À retenir",
]


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_the_thirteen_lessons_exist_in_order():
    assert [p.name[:2] for p in LESSONS] == EXPECTED


@pytest.mark.parametrize("path", LESSONS[1:], ids=lambda p: p.stem)
def test_lesson_has_every_part_of_the_template_in_order(path):
    text = _markdown(_read(path))
    positions = []
    for heading in TEMPLATE:
        found = re.search(rf"^#+ .*{re.escape(heading)}|\*\*{re.escape(heading)}", text, flags=re.MULTILINE | re.IGNORECASE)
        assert found, f"{path.name}: no part « {heading} »"
        positions.append(found.start())
    assert positions == sorted(positions), f"{path.name}: the parts are not in the template's order"
    assert "$$" in text, f"{path.name}: no formula in LaTeX"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_simulator_cell_is_tagged_and_its_logic_is_checked(path):
    nb = _read(path)
    widget_cells = [c for c in nb.cells if c.cell_type == "code" and re.search(r"^(simulator|dashboard)\(", c.source, re.M)]
    assert widget_cells, f"{path.name}: no simulator"
    for cell in widget_cells:
        assert "nbval-ignore-output" in cell.metadata.get("tags", []), f"{path.name}: simulator cell not tagged"
    names = set(re.findall(r'simulator\("(\w+)"\)', "".join(c.source for c in widget_cells)))
    assert names <= set(SIMULATORS), names
    checked = [c for c in nb.cells if c.cell_type == "code" and (".run(" in c.source or "summary(" in c.source)]
    assert checked, f"{path.name}: the simulator's logic is not shown in a checked cell"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_saved_outputs_are_reproducible(path):
    nb = _read(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), f"{path.name}: not executed (run make notebooks)"
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", f"{path.name}: an error is saved"
            if "nbval-ignore-output" in cell.metadata.get("tags", []):
                continue
            text = json.dumps({k: v for k, v in out.get("data", {}).items() if k != "image/png"}) + out.get("text", "")
            assert not re.search(r"0x[0-9a-f]{6,}", text), f"{path.name}: a memory address in an output"
            assert not re.search(r"/(tmp|root|home|work)/", text), f"{path.name}: a machine path in an output"
            assert "Traceback" not in text


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_navigation_links_resolve(path):
    text = _markdown(_read(path))
    links = re.findall(r"\]\(([^)#\s]+)", text)
    assert "README.md" in links, f"{path.name}: no link to the contents"
    for link in links:
        if link.startswith("http"):
            continue
        assert (path.parent / link).resolve().exists(), f"{path.name}: broken link {link}"


def test_lessons_chain_previous_and_next():
    for before, after in zip(LESSONS, LESSONS[1:]):
        assert after.name in _markdown(_read(before)), f"{before.name} does not link to {after.name}"
        if before.name[:2] != "00":
            assert before.name in _markdown(_read(after)), f"{after.name} does not link back to {before.name}"


def test_contents_pages_list_every_lesson():
    for page in (NOTEBOOKS / "README.md", ROOT / "README.md"):
        text = page.read_text(encoding="utf-8")
        for lesson in LESSONS:
            assert lesson.name in text, f"{page} does not list {lesson.name}"


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.stem)
def test_exercise_link_uses_the_lesson_name(path):
    from kpilab.exercises.build import student_path

    assert f"../exercises/{student_path(path.stem).name}" in _markdown(_read(path))


# --- the figures the lessons' text states, recomputed from the CSV files -------------------------
#
# Each test reads the shipped CSV files with the csv module (tests/course_csv.py), computes a figure
# the text of a lesson states, and checks that the text says it. A change of the data or of the text
# that breaks a sentence makes the test fail.

import statistics  # noqa: E402
from collections import defaultdict  # noqa: E402
from datetime import date  # noqa: E402

from course_csv import rows  # noqa: E402

BIKES = {"velo_electrique", "velo_ville", "velo_route", "vtt"}


def _text(prefix: str) -> str:
    """A lesson's markdown with its no-break spaces made plain, for searching."""
    path = next(p for p in LESSONS if p.name.startswith(prefix))
    return _markdown(_read(path)).replace("\u00a0", " ").replace("\u202f", " ")


def _fr(value: float, digits: int = 1) -> str:
    """3.14159 → '3,1'; 12472.21 → '12 472,21' (the course's French format, written here from scratch)."""
    whole, _, decimals = f"{value:,.{digits}f}".partition(".")
    return whole.replace(",", " ") + ("," + decimals if digits else "")


def _cost(line) -> float:
    return int(line["quantite"]) * float(line["prix_achat_unitaire_ht"])


def _margin_rate(lines) -> float:
    sales = sum(float(r["montant_ht"]) for r in lines)
    return (sales - sum(_cost(r) for r in lines)) / sales * 100


def _campaign_fleets():
    """The won deals from a campaign, and the lines of their fleet (the B2B order of the signature day)."""
    won = [r for r in rows("prospects") if r["source"] == "campagne" and r["statut"] == "gagne"]
    signed = {(r["client_id"], r["date_signature"]) for r in won}
    orders = {r["commande_id"] for r in rows("commandes")
              if r["canal"] == "b2b" and (r["client_id"], r["date"]) in signed}
    return won, [r for r in rows("lignes_commande") if r["commande_id"] in orders], len(orders)


def _cost_per_conversion(channel=None) -> float:
    campaigns = [r for r in rows("campagnes") if channel in (None, r["canal"])]
    ids = {r["campagne_id"] for r in campaigns}
    won = [r for r in rows("prospects") if r["campagne_id"] in ids and r["statut"] == "gagne"]
    return sum(float(r["cout_ht"]) for r in campaigns) / len(won)


def _active(year, kind=None) -> set:
    kinds = {r["client_id"]: r["type_client"] for r in rows("clients")}
    return {r["client_id"] for r in rows("commandes")
            if r["client_id"] and r["date"][:4] == year and kind in (None, kinds[r["client_id"]])}


def test_lesson_01_invalid_share_of_the_other_emailings():
    shares = [int(r["contacts_invalides"]) / int(r["contacts"]) * 100 for r in rows("campagnes")
              if r["canal"] == "emailing" and r["campagne_id"] != "C09"]
    assert f"entre {_fr(min(shares))} % et {_fr(max(shares))} % pour les autres e-mailings" in _text("01")


def test_lesson_02_judges_the_cost_per_conversion_against_the_margin():
    won, lines, fleets = _campaign_fleets()
    assert fleets == len(won) == 52
    margin = (sum(float(r["montant_ht"]) for r in lines) - sum(_cost(r) for r in lines)) / fleets
    cost = _cost_per_conversion()
    text = _text("02")
    assert f"{_fr(sum(float(r['montant_ht']) for r in won) / len(won), 2)} € HT d'une affaire signée" in text
    assert f"{_fr(margin, 2)} € de marge (taux de marque de {_fr(_margin_rate(lines))} %)" in text
    assert 1 / 3 < cost / margin < 1 / 2 and "en absorbe plus d'un tiers" in text
    assert f"La marge de la première commande couvre {_fr(margin / cost)} fois le coût de la campagne" in text
    assert "face au montant signé" not in text  # the old judgement against revenue
    for channel in ("linkedin", "courrier"):  # "presque toute la marge moyenne d'une affaire"
        assert 0.8 < _cost_per_conversion(channel) / margin < 1


def test_lesson_04_fleet_sizes_and_the_basket_with_or_without_b2b():
    fleets = [int(r["nb_velos"]) for r in rows("prospects") if r["statut"] == "gagne"]
    text = _text("04")
    assert f"de {min(fleets)} à {max(fleets)} vélos d'un coup" in text
    orders = rows("commandes")
    everything = sum(float(r["montant_ht"]) for r in orders) / len(orders)
    people = [r for r in orders if r["canal"] != "b2b"]
    basket = sum(float(r["montant_ht"]) for r in people) / len(people)
    assert (f"({round(everything)} € HT sur toutes les commandes, au lieu de {round(basket)} € HT pour les "
            "particuliers") in text
    assert "panier du magasin" not in text


def test_lessons_05_and_06_say_the_total_counts_the_companies():
    before, after = _active("2024"), _active("2025")
    people_before, people_after = _active("2024", "particulier"), _active("2025", "particulier")
    companies = before - people_before
    retention = len(before & after) / len(before) * 100
    people = len(people_before & people_after) / len(people_before) * 100
    companies_kept = len(companies & after) / len(companies) * 100
    five, six = _text("05"), _text("06")
    assert f"{len(companies)} entreprises clientes au début" in five and f"Son taux de {_fr(companies_kept)} %" in five
    assert f"Les particuliers seuls font {_fr(people)} %" in five
    assert f"({_fr(retention)} % avec les entreprises, {_fr(people)} % pour les particuliers seuls)" in five
    assert f"ses {_fr(100 - companies_kept)} % ne sont pas des entreprises perdues" in six
    assert f"les particuliers seuls font {_fr(100 - people)} %" in six
    assert "Nous " not in five


def test_lesson_06_pools_the_monthly_counts_instead_of_averaging_rates():
    known = [r for r in rows("commandes") if r["client_id"]]
    months = defaultdict(set)
    for r in known:
        months[r["date"][:7]].add(r["client_id"])
    ordered = sorted(months)
    pairs = list(zip(ordered, ordered[1:]))
    lost = sum(len(months[a] - months[b]) for a, b in pairs)
    start = sum(len(months[a]) for a, _ in pairs)
    average = statistics.fmean(len(months[a] - months[b]) / len(months[a]) * 100 for a, b in pairs)
    text = _text("06")
    assert f"la moyenne des {len(pairs)} taux mensuels" in text
    nb = _read(next(p for p in LESSONS if p.name.startswith("06")))
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    printed = printed.replace("\u00a0", " ").replace("\u202f", " ")
    assert f"Attrition mensuelle (2024-2025) : {_fr(lost / start * 100)} %" in printed
    assert f"{_fr(lost, 0)} clients perdus" in printed and f"{_fr(start, 0)} clients actifs" in printed
    assert _fr(average) != _fr(lost / start * 100)  # the average of rates would give another figure
    assert "moyenne (2024-2025)" not in printed


def test_lesson_07_values_companies_on_the_margin_of_their_first_order():
    before, after = _active("2024"), _active("2025")
    companies = before - _active("2024", "particulier")
    churn = len(companies - after) / len(companies) * 100
    won, lines, fleets = _campaign_fleets()
    margin = (sum(float(r["montant_ht"]) for r in lines) - sum(_cost(r) for r in lines)) / fleets
    text = _text("07")
    assert "1,4 an n'est donc pas" in text and _fr(100 / churn) == "1,4"
    assert f"{_fr(churn)} % d'« attrition » donnerait une durée de vie de {_fr(100 / churn)} an" in text
    assert f"environ {_fr(round(margin, -1), 0)} €) vaut {_fr(margin / _cost_per_conversion())} fois" in text
    ratios = {c: _fr(margin / _cost_per_conversion(c)) for c in ("emailing", "telephone", "salon", "linkedin",
                                                                  "courrier")}
    assert (f"l'e-mailing ({ratios['emailing']}) et le téléphone ({ratios['telephone']}) dépassent le repère de 3, "
            f"le salon ({ratios['salon']}) l'atteint presque, LinkedIn ({ratios['linkedin']}) et le courrier "
            f"({ratios['courrier']})") in text
    assert "3 893" not in text and "3,7 fois" not in text  # the CLV of the annual rule is gone


def test_lesson_08_reads_the_cycle_and_the_conversion_as_lesson_03_and_02_do():
    def cycles(year):
        return [(date.fromisoformat(r["date_signature"]) - date.fromisoformat(r["date_premier_contact"])).days
                for r in rows("prospects") if r["date_signature"][:4] == year]
    text = _text("08")
    mean = [_fr(statistics.fmean(cycles(y))) for y in ("2024", "2025")]
    median = [_fr(statistics.median(cycles(y))) for y in ("2024", "2025")]
    assert f"le **cycle de vente moyen** monte de {mean[0]} à {mean[1]} jours" in text
    assert f"le **cycle médian** baisse de {median[0]} à {median[1]} jours" in text
    assert "s'allonge" not in text
    open_2025 = sum(r["statut"] == "en_cours" for r in rows("prospects") if r["date_premier_contact"][:4] == "2025")
    assert f"{open_2025} leads de 2025 sont encore en cours" in text and "**provisoire**" in text

    orders = rows("commandes")
    b2b = {y: sum(r["canal"] == "b2b" and r["date"][:4] == y for r in orders) for y in ("2024", "2025")}
    assert f"({b2b['2025']} commandes B2B en 2025 contre {b2b['2024']} en 2024)" in text
    people = {y: [r for r in orders if r["canal"] != "b2b" and r["date"][:4] == y] for y in ("2024", "2025")}
    basket = {y: sum(float(r["montant_ht"]) for r in people[y]) / len(people[y]) for y in people}
    assert f"(+{_fr((basket['2025'] - basket['2024']) / basket['2024'] * 100)} %, sans le B2B" in text
    years = {r["commande_id"]: r["date"][:4] for r in orders}
    sales, ebikes = defaultdict(float), defaultdict(float)
    for r in rows("lignes_commande"):
        sales[years[r["commande_id"]]] += float(r["montant_ht"])
        if r["categorie"] == "velo_electrique":
            ebikes[years[r["commande_id"]]] += float(r["montant_ht"])
    shares = {y: round(ebikes[y] / sales[y] * 100) for y in sales}
    assert f"environ {shares['2025']} % des ventes HT en 2025 contre {shares['2024']} % en 2024" in text


def test_lesson_09_links_back_to_lesson_04_and_adds_the_margin():
    text = _text("09")
    assert "](04_panier_moyen.ipynb)" in text and "magasin de Croix-Rousse" not in text
    shop_of = {r["commande_id"]: r for r in rows("commandes") if r["canal"] == "magasin"}
    lines = defaultdict(list)
    for r in rows("lignes_commande"):
        if r["commande_id"] in shop_of:
            lines[r["commande_id"]].append(r)
    tickets = {k: v for k, v in lines.items() if any(r["categorie"] in BIKES for r in v)}
    groups, lots, articles = defaultdict(list), defaultdict(list), defaultdict(list)
    for order, order_lines in tickets.items():
        key = (shop_of[order]["point_de_vente"], shop_of[order]["date"] >= "2025-03-01")
        groups[key] += order_lines
        lots[key] += [r for r in order_lines if r["categorie"] in ("casque", "antivol")]
        articles[key].append(int(shop_of[order]["nb_articles"]))
    rate = {key: _margin_rate(value) for key, value in groups.items()}
    assert (f"de {_fr(rate[('Croix-Rousse', False)])} % à {_fr(rate[('Croix-Rousse', True)])} %), alors qu'il "
            "stagne à Bellecour et baisse à Villeurbanne") in text
    assert abs(rate[("Bellecour", True)] - rate[("Bellecour", False)]) < 0.05
    assert rate[("Villeurbanne", True)] < rate[("Villeurbanne", False)]
    assert all(49.5 < _margin_rate(lots[("Croix-Rousse", during)]) < 51 for during in (False, True))
    index = {key: statistics.fmean(value) for key, value in articles.items()}
    assert f"passe de {_fr(index[('Croix-Rousse', False)], 2)} à {_fr(index[('Croix-Rousse', True)], 2)} articles" in text
    others = [index[(shop, during)] for shop in ("Bellecour", "Villeurbanne") for during in (False, True)]
    assert 2.0 <= min(others) and max(others) < 2.25 and "restent entre 2,0 et 2,2" in text
    service = [r for r in rows("lignes_commande") if r["categorie"] == "entretien"]
    assert f"ses {_fr(_margin_rate(service))} % ne disent pas ce que l'atelier gagne" in text


@pytest.mark.parametrize("path", LESSONS[1:], ids=lambda p: p.stem)
def test_lesson_asks_its_question_in_a_box_and_ends_with_a_task(path):
    text = _markdown(_read(path)).replace("\u00a0", " ")
    assert re.search(r"^> \*\*(La question|Les questions) de la leçon\*\* :", text, re.M), path.name
    if path.name[:2] in WITHOUT_EXERCISES:  # the task is the lesson's own « Et avec ton fichier » part
        assert re.search(r"^\*\*À toi de jouer\*\* : .*\]\(#", text, re.M), path.name
        assert "../exercises/" not in text, path.name
    else:
        assert re.search(r"^\*\*À toi de jouer\*\* : \[Exercices de la leçon\]\(\.\./exercises/", text, re.M), path.name
