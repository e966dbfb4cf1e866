"""Case 12, the E7-style subject: every expected value worked out a second way.

The figures of the annexes are checked against the shipped CSV files read with plain
pandas; each answer is then recomputed by hand from those figures, with the arithmetic
written out here; the feedback of the linked questions is checked on the values that the
frequent mistakes of the previous question give.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kpilab import formatting, referentiel
from kpilab.exercises import build, engine, lecon10_cas
from kpilab.exercises.engine import CORRECT, INCORRECT, judge

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "datasets"
NNBSP = "\u202f"


@pytest.fixture(autouse=True)
def not_strict(monkeypatch):
    monkeypatch.delenv(engine.STRICT_ENV, raising=False)


def _close(value, expected, places=9):
    assert float(value) == pytest.approx(expected, rel=10 ** -places, abs=10 ** -places)


def _markdown(path: Path) -> str:
    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")


# --- the annexes are Roue Libre's figures --------------------------------------------------------------


def test_annexe_2_is_villeurbanne_in_2025_rounded_to_the_euro():
    commandes = pd.read_csv(DATA / "commandes.csv", parse_dates=["date"])
    lignes = pd.read_csv(DATA / "lignes_commande.csv")
    magasins = pd.read_csv(DATA / "magasins.csv").set_index("point_de_vente")
    tickets = commandes[(commandes["point_de_vente"] == "Villeurbanne") & (commandes["date"].dt.year == 2025)]
    lines = lignes[lignes["commande_id"].isin(tickets["commande_id"])]
    assert round(lines["montant_ht"].sum()) == lecon10_cas.CA_HT == 1_024_160
    assert round((lines["quantite"] * lines["prix_achat_unitaire_ht"]).sum()) == lecon10_cas.COUT_ACHAT_VENTES == 648_260
    shop = magasins.loc["Villeurbanne"]
    assert (shop["loyer_annuel_ht"], shop["masse_salariale_annuelle"], shop["autres_charges_fixes_ht"]) == (
        lecon10_cas.LOYER, lecon10_cas.MASSE_SALARIALE, lecon10_cas.AUTRES_CHARGES)
    assert shop["charges_fixes_annuelles_ht"] == lecon10_cas.CHARGES_FIXES == 42_000 + 138_000 + 43_000 == 223_000


def test_annexe_3_is_the_stock_counted_at_villeurbanne():
    inventaires = pd.read_csv(DATA / "inventaires.csv")
    shop = inventaires[inventaires["point_de_vente"] == "Villeurbanne"]
    counted = shop.groupby("date_inventaire")["stock_compte_ht"].sum()
    assert round(counted["2024-12-31"]) == lecon10_cas.STOCK_DEBUT == 185_266
    assert round(counted["2025-12-31"]) == lecon10_cas.STOCK_FIN == 255_747


def test_the_purchase_price_is_close_to_the_catalogue_s_urban_e_bikes():
    lignes = pd.read_csv(DATA / "lignes_commande.csv")
    ebikes = lignes[lignes["categorie"] == "velo_electrique"]
    # The catalogue's e-bikes are bought 1 010 € to 2 400 € HT, with a taux de marque near 30 %.
    assert ebikes["prix_achat_unitaire_ht"].min() <= lecon10_cas.PA_HT <= ebikes["prix_achat_unitaire_ht"].max()
    lumen = ebikes[ebikes["produit"] == "VAE urbain Lumen"].iloc[0]
    rate = (lumen["prix_unitaire_ht"] - lumen["prix_achat_unitaire_ht"]) / lumen["prix_unitaire_ht"] * 100
    assert abs(rate - lecon10_cas.TARGET) < 1


def test_the_notebook_shows_the_annexes_as_the_module_holds_them():
    text = _markdown(build.student_path(lecon10_cas.LESSON))
    for value in (lecon10_cas.PA_HT, lecon10_cas.CA_HT, lecon10_cas.COUT_ACHAT_VENTES, lecon10_cas.LOYER, lecon10_cas.MASSE_SALARIALE,
                  lecon10_cas.AUTRES_CHARGES, lecon10_cas.STOCK_DEBUT, lecon10_cas.STOCK_FIN, lecon10_cas.EMBAUCHE):
        assert formatting.format_euros(value, digits=0) in text, value
    for rate in (lecon10_cas.TARGET, lecon10_cas.VAT):
        assert formatting.format_percent(rate, digits=0) in text
    assert "360 jours" in text


# --- each answer by hand ---------------------------------------------------------------------------------


def test_q1_price_ttc_from_a_30_percent_taux_de_marque():
    # PV HT = 1 260 ÷ (1 − 0,30) = 1 260 ÷ 0,70 = 1 800 € ; PV TTC = 1 800 × 1,20 = 2 160 €.
    _close(lecon10_cas.q1.expected_value(), 2160)
    # Check: (1 800 − 1 260) ÷ 1 800 = 540 ÷ 1 800 = 30 %.
    assert (1800 - 1260) / 1800 == pytest.approx(0.30)


def test_q2_coefficient():
    # 2 160 ÷ 1 260 = 12 ÷ 7 = 1,714… (= 1,20 ÷ 0,70).
    _close(lecon10_cas.q2.expected_value(), 12 / 7)


def test_q3_storage_days():
    # Stock moyen = (185 266 + 255 747) ÷ 2 = 441 013 ÷ 2 = 220 506,5 €.
    # Rotation = 648 260 ÷ 220 506,5 = 2,94 ; durée = 360 ÷ rotation = 220 506,5 × 360 ÷ 648 260.
    _close(lecon10_cas.q3.expected_value(), 220506.5 * 360 / 648260)
    assert 122.4 < lecon10_cas.q3.expected_value() < 122.5


def test_q4_seuil_de_rentabilite():
    # MCV = 1 024 160 − 648 260 = 375 900 € ; taux de MCV = 375 900 ÷ 1 024 160 = 36,70 %.
    # Seuil = 223 000 ÷ (375 900 ÷ 1 024 160) = 223 000 × 1 024 160 ÷ 375 900.
    _close(lecon10_cas.q4.expected_value(), 223000 * 1024160 / 375900)
    assert 607_575 < lecon10_cas.q4.expected_value() < 607_576


def test_q5_point_mort_and_its_date():
    # Point mort = seuil ÷ CA × 360 = 223 000 ÷ 375 900 × 360 (the CA cancels out).
    days = 223000 / 375900 * 360
    _close(lecon10_cas.q5.expected_value(), days)
    # 213,57 days: the 214th day; 7 months of 30 days make 210, so the 4th day of the 8th month.
    assert math.ceil(days) == 214 and divmod(214 - 1, 30) == (7, 3)
    from kpilab.exercises.solutions import solution_code

    assert "le 4 août 2025" in solution_code(lecon10_cas.LESSON, "q5")


def test_q6_the_figures_of_the_options():
    right = lecon10_cas.q6.options[0]
    # 2026: fixed costs 223 000 + 32 000 = 255 000 €; point mort = 255 000 ÷ 375 900 × 360 = 244,2 days:
    # the 245th day, 8 months of 30 days (240) then the 5th day: 5 September.
    days_2026 = 255000 / 375900 * 360
    assert math.ceil(days_2026) == 245 and divmod(245 - 1, 30) == (8, 4)
    assert "5 septembre 2026" in right.text and "245e jour" in right.why
    # The CA that pays 32 000 € more: 32 000 × 1 024 160 ÷ 375 900 = 87 186 €, about 87 200 €,
    # i.e. 87 186 ÷ 1 024 160 × 360 = 30,6 days of sales (about 31).
    extra = 32000 * 1024160 / 375900
    assert round(extra, -2) == 87_200 and round(extra / 1024160 * 360) == 31
    assert f"87{NNBSP}200" in right.why and "31 jours" in right.why
    # The wrong option that adds 32 000 € of CA: 32 000 ÷ 1 024 160 × 360 = 11,2 days more,
    # 213,6 + 11,2 = 224,8: the 225th day, 7 months (210) then the 15th day: 15 August.
    wrong = next(o for o in lecon10_cas.q6.options if "15 août" in o.text)
    later = 223000 / 375900 * 360 + 32000 / 1024160 * 360
    assert math.ceil(later) == 225 and divmod(225 - 1, 30) == (7, 14)
    # And the margin on 32 000 € of sales: 32 000 × 375 900 ÷ 1 024 160 = 11 745 €, about 11 700 €.
    assert round(32000 * 375900 / 1024160, -2) == 11_700 and f"11{NNBSP}700" in wrong.why
    # The 2026 result stays positive: 375 900 − 255 000 = 120 900 €.
    assert 375900 - 255000 == 120_900 > 0


# --- the known mistakes, by hand, and the linked questions ---------------------------------------------------


MISTAKES = {
    # q1: 1 800 HT; PA × 1,30 × 1,20; PA × 1,30; 1 260 ÷ 0,30 × 1,20; 1 260 ÷ 0,30; 1 800 ÷ 0,80; 1 260 ÷ 0,50.
    "q1": [1800, 1965.6, 1638, 5040, 4200, 2250, 2520],
    # q2: 1 800 ÷ 1 260; 1 260 ÷ 2 160; 2 160 ÷ 1 800; then the prices of q1's mistakes ÷ 1 260.
    "q2": [1800 / 1260, 1260 / 2160, 1.2, 1965.6 / 1260, 5040 / 1260, 2250 / 1260],
    # q3: ÷ CA; the rotation; in months; 365 days; final stock only; initial stock only; the sum.
    "q3": [220506.5 * 360 / 1024160, 648260 / 220506.5, 220506.5 * 12 / 648260, 220506.5 * 365 / 648260,
           255747 * 360 / 648260, 185266 * 360 / 648260, 441013 * 360 / 648260],
    # q4: ÷ taux de marge (375 900 ÷ 648 260); ÷ 36,70; ÷ (1 − 0,367); the result 375 900 − 223 000.
    "q4": [223000 * 648260 / 375900, 223000 / (375900 / 1024160 * 100), 223000 / (648260 / 1024160), 152900],
    # q5: 365 days; months; CA ÷ seuil × 360; charges fixes ÷ CA × 360; then q4's mistakes ÷ CA × 360.
    "q5": [223000 / 375900 * 365, 223000 / 375900 * 12, 375900 / 223000 * 360, 223000 / 1024160 * 360,
           223000 * 648260 / 375900 / 1024160 * 360, 223000 / (648260 / 1024160) / 1024160 * 360,
           152900 / 1024160 * 360],
}


@pytest.mark.parametrize("qid", sorted(MISTAKES))
def test_the_mistakes_give_the_values_worked_out_by_hand(qid):
    question = getattr(lecon10_cas, qid)
    assert len(question.mistakes) == len(MISTAKES[qid])
    for mistake, expected in zip(question.mistakes, MISTAKES[qid]):
        _close(mistake.value(), expected)


@pytest.mark.parametrize("qid, typed, earlier", [
    ("q2", 1.56, "question 1"),  # 1 965,60 ÷ 1 260 = 1,56: q1 done with PA × 1,30
    ("q2", 4.0, "question 1"),  # 5 040 ÷ 1 260 = 4: q1 divided by 0,30
    ("q2", 1.79, "question 1"),  # 2 250 ÷ 1 260 = 1,79: q1's TTC = HT ÷ 0,80
    ("q5", 135.2, "question 4"),  # 384 576 ÷ 1 024 160 × 360: q4 done with the taux de marge
    ("q5", 123.8, "question 4"),  # 352 309 ÷ 1 024 160 × 360: q4 divided by the variable share
    ("q5", 53.7, "question 4"),  # 152 900 ÷ 1 024 160 × 360: q4 gave the result
])
def test_a_linked_question_says_the_method_is_right_and_the_earlier_result_is_not(qid, typed, earlier):
    verdict = judge(getattr(lecon10_cas, qid), typed)
    assert verdict.status == INCORRECT
    assert verdict.message.startswith("Ta méthode est la bonne") and earlier in verdict.message


def test_the_rounded_answers_a_student_would_write_pass():
    for qid, typed in (("q1", 2160), ("q2", 1.71), ("q3", 122.5), ("q4", 607576), ("q5", 213.6)):
        assert judge(getattr(lecon10_cas, qid), typed).status == CORRECT, qid


# --- question 6: the letter and the sentence -----------------------------------------------------------------


GOOD = [
    "Seule la marge sur coût variable paie le salaire : chaque euro vendu ne rapporte que 0,37 € au magasin.",
    "le magasin ne garde qu'une partie du chiffre d'affaires, le reste paie les vélos achetés ; il faut donc "
    "vendre bien plus que 32 000 € pour couvrir cette charge fixe",
    "avec un taux de marque de 36,7 %, il faut 87 200 € de ventes pour payer 32 000 € de charges",
]
VAGUE = ["il faut vendre plus pour que ça marche", "le vendeur doit être très bon pour rester"]


def test_the_right_letter_with_a_sentence_of_the_student_s_own_words_passes():
    right = lecon10_cas.q6.expected_value()
    assert judge(lecon10_cas.q6, right, lecon10_cas.q6.justification.model).status == CORRECT
    for sentence in GOOD:
        assert judge(lecon10_cas.q6, right, sentence).status == CORRECT, sentence
    for sentence in VAGUE:
        verdict = judge(lecon10_cas.q6, right, sentence)
        assert verdict.status == INCORRECT and verdict.mistake == "justification incomplète", sentence


def test_the_answer_key_writes_the_letter_the_layout_gives():
    key = nbformat.read(build.key_path(lecon10_cas.LESSON), as_version=4)
    cell = next(c.source for c in key.cells if c.cell_type == "code" and "q6.check()" in c.source)
    assert f'reponse_q6 = "{lecon10_cas.q6.expected_value()}"' in cell


# --- the subject: duration, competences, barème --------------------------------------------------------------


def test_the_header_says_the_duration_the_epreuve_and_the_competences():
    header = nbformat.read(build.student_path(lecon10_cas.LESSON), as_version=4).cells[0].source
    assert "Durée conseillée\u00a0: 1 heure" in header
    assert "Épreuve E7 «\u00a0Gestion opérationnelle\u00a0»" in header
    for code in ("B3.1", "B3.2", "B3.3"):
        assert f"{code} {referentiel.competence(code).title}" in header


def test_the_bareme_totals_20_and_the_notebook_states_it():
    assert sum(lecon10_cas.BAREME.values()) == 3 + 3 + 4 + 4 + 3 + 3 == 20
    assert list(lecon10_cas.BAREME) == [q.id for q in lecon10_cas.QUESTIONS]
    text = _markdown(build.student_path(lecon10_cas.LESSON))
    rows = re.findall(r"^\| (\d) \| [^|]+ \| (B3\.\d) \| (\d) \|$", text, re.M)
    assert [(f"q{n}", code, int(points)) for n, code, points in rows] == [
        (q.id, q.competence, lecon10_cas.BAREME[q.id]) for q in lecon10_cas.QUESTIONS]
    for question in lecon10_cas.QUESTIONS:
        heading = next(line for line in text.splitlines() if line.startswith(f"## Question {question.id[1:]} "))
        assert heading.endswith(f"({lecon10_cas.BAREME[question.id]} points)")
    assert re.search(r"^\| \*\*total\*\* \| \| \| \*\*20\*\* \|$", text, re.M)


def test_the_case_is_placed_in_bloc_3_with_the_competences_of_its_questions():
    placement = referentiel.lesson_placement(lecon10_cas.LESSON)
    assert [c.code for c in placement.competences] == ["B3.1", "B3.2", "B3.3"]
    assert placement.epreuves == ("E7",)
    assert {q.competence for q in lecon10_cas.QUESTIONS} == {"B3.1", "B3.2", "B3.3"}
