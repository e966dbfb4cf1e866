"""The exercises mark fairly: one tolerance per kind of answer, mistakes that cannot be
taken for the answer (or for each other), nothing that gives the answer away, and
multiple-choice letters that tell nothing.

The policy tests use small questions whose expected values are typed here; the
self-tests run over every question of every exercise notebook.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import nbformat
import numpy as np
import pandas as pd
import pytest

import kpilab.exercises
from kpilab import formatting
from kpilab.exercises import build, engine, tolerance
from kpilab.exercises.answers import label_key, words_of
from kpilab.exercises.engine import CORRECT, INCORRECT, Question, judge

MODULES = [importlib.import_module(f"kpilab.exercises.{m.name}")
           for m in pkgutil.iter_modules(kpilab.exercises.__path__) if re.fullmatch(r"lecon\d\d(?:_[a-z]+)?", m.name)]
QUESTIONS = [q for module in MODULES for q in module.QUESTIONS]
NUMERIC = [q for q in QUESTIONS if q.kind in tolerance.POLICY]
CHOICES = [q for q in QUESTIONS if q.kind == "choice"]


def _id(question) -> str:
    return f"{question.lesson}-{question.id}"


@pytest.fixture(autouse=True)
def not_strict(monkeypatch):
    monkeypatch.delenv(engine.STRICT_ENV, raising=False)


def _question(kind, expected, **more):
    return Question("qx", "reponse", kind, lambda: expected, ("Premier indice.", "Dernier indice."), **more)


# --- one tolerance per kind of answer -----------------------------------------------------------

# (kind, expected, accepted, refused): what a teacher accepts, worked out by hand from the policy.
POLICY_CASES = [
    ("euros", 227.0299, [227, 227.0, "227 €", 227.03, "227,03 €"], [226.4, 228, 272.44]),
    ("euros", 237.7143, [237.7, 238, 237.71], [237, 239.26]),
    ("euros", 1013.8095, [1014, 1013.81, "1 014 €"], [1013, 1015]),
    ("euros", 54.0, [54, 54.0, 54.004], [54.01, 53.99, 55]),  # under 100 €: to the centime
    ("percent", 0.458, [0.5, 0.46, 0.458, "0,46 %"], [0.4, 0.35]),  # 0,4 is a crude rounding of 0,458
    ("percent", 3.7500, [3.75, 3.8, 3.7], [3.6, 4, 0.0375]),
    ("points", 1.2837, [1.3, 1.28], [1.2, 8.55, -1.28]),
    ("days", 64.6304, [64.6, 65, 64.63], [64, 66]),
    ("years", 2.9046, [2.9, 2.90], [3.0, 2.8]),
    ("ratio", 1.7028, [1.70, 1.703], [1.69, 1.71, 1.7 - 0.02]),
    ("count", 49, [49, 49.0, "49"], [48, 50, 49.4]),
    ("number", 3292.7273, [3293, 3292.73, 3292.5], [3292, 3294]),
]


@pytest.mark.parametrize("kind, expected, accepted, refused", POLICY_CASES)
def test_the_tolerance_of_each_kind(kind, expected, accepted, refused):
    question = _question(kind, expected)
    for answer in accepted:
        assert judge(question, answer).status == CORRECT, (kind, expected, answer)
    for answer in refused:
        assert judge(question, answer).status == INCORRECT, (kind, expected, answer)


def test_every_numeric_question_follows_the_policy_of_its_kind():
    """No question sets its own tolerance: the margin comes from the kind only."""
    assert "tolerance" not in Question.__dataclass_fields__
    assert {q.kind for q in NUMERIC} <= set(tolerance.POLICY)


def test_a_rounded_answer_says_the_exact_value():
    verdict = judge(_question("euros", 227.0299), 227)
    assert verdict.status == CORRECT and "227,03" in verdict.message


@pytest.mark.parametrize("answer", [pd.Timedelta(days=64, hours=15), np.timedelta64(64 * 24 + 15, "h"),
                                    pd.Series([pd.Timedelta(days=64, hours=15)]),
                                    (pd.Series(pd.to_datetime(["2025-03-01"])) - pd.Timestamp("2024-12-26")).mean()])
def test_a_duration_is_read_in_days(answer):
    question = _question("days", 64.6304)  # 64 days 15 hours = 64,625 days; 65 days: 0,37 day off
    assert judge(question, answer).status == CORRECT
    assert judge(question, pd.Timedelta(days=66)).status == INCORRECT


def test_a_duration_where_no_duration_is_asked_is_named():
    verdict = judge(_question("percent", 3.75), pd.Timedelta(days=3))
    assert verdict.status == INCORRECT and "durée" in verdict.message


@pytest.mark.parametrize("answer", ["vélotaf", "Velotaf", " VELOTAF ", "velo-taf", pd.Series(["vélotaf"]), ["velotaf"]])
def test_a_name_is_read_without_case_accents_spaces_or_hyphens(answer):
    question = _question("label", "velotaf", labels=("velotaf", "sportif", "famille", "occasionnel"))
    assert judge(question, answer).status == CORRECT


@pytest.mark.parametrize("answer", ["Croix Rousse", "croix-rousse", "CROIX_ROUSSE", "croixrousse"])
def test_a_shop_is_read_as_it_is_said(answer):
    question = _question("label", "Croix-Rousse", labels=("Bellecour", "Croix-Rousse", "Villeurbanne"))
    assert judge(question, answer).status == CORRECT
    assert judge(question, "Bellecour").status == INCORRECT


def test_a_name_that_is_no_option_lists_the_options():
    question = _question("label", "salon", labels=("emailing", "telephone", "linkedin", "salon", "courrier"))
    for answer in ("Paris", 3.5, ["salon", "emailing"]):
        verdict = judge(question, answer)
        assert verdict.status == INCORRECT
        for name in question.labels:  # every option, so the message favours none
            assert name in verdict.message


def test_every_exercise_notebook_states_the_rules_of_its_answers():
    for module in MODULES:
        student = nbformat.read(build.student_path(module.LESSON), as_version=4)
        instructions = student.cells[0].source
        kinds = {q.kind for q in module.QUESTIONS}
        for kind in kinds:
            rule = tolerance.POLICY[kind].text if kind in tolerance.POLICY else tolerance.WORDS[kind]
            assert rule in instructions, (module.LESSON, kind)
        if any(q.justification for q in module.QUESTIONS):
            assert tolerance.WORDS["text"] in instructions
        assert "sans les arrondir" in instructions


# --- a mistake is never taken for the answer, nor for another mistake -----------------------------


def _rounded(value: float, kind: str) -> float:
    unit = tolerance.POLICY[kind].unit_for(value) or 1
    steps = (Decimal(repr(float(value))) / Decimal(repr(unit))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(steps * Decimal(repr(unit)))


@pytest.mark.parametrize("question", NUMERIC, ids=_id)
def test_the_answer_passes_exact_and_rounded_to_its_unit(question):
    expected = float(question.expected_value())
    assert judge(question, expected).status == CORRECT
    assert judge(question, _rounded(expected, question.kind)).status == CORRECT


@pytest.mark.parametrize("question", NUMERIC, ids=_id)
def test_each_mistake_sits_outside_the_tolerance_of_the_answer_and_of_the_others(question):
    values = [("réponse", float(question.expected_value()))]
    values += [(m.message, float(m.value())) for m in question.mistakes]
    for i, (what, value) in enumerate(values):
        for other, other_value in values[i + 1:]:
            gap = abs(value - other_value)
            assert gap > tolerance.margin(question.kind, value) + tolerance.margin(question.kind, other_value), (
                f"{_id(question)}: {value} and {other_value} are too close to tell apart ({what[:40]} / {other[:40]})")


@pytest.mark.parametrize("question", NUMERIC, ids=_id)
def test_each_mistake_gets_exactly_its_own_message_even_rounded(question):
    for mistake in question.mistakes:
        value = float(mistake.value())
        for typed in (value, _rounded(value, question.kind)):
            verdict = judge(question, typed)
            assert verdict.status == INCORRECT and verdict.mistake == mistake.message, (
                f"{_id(question)} : {typed} gets « {verdict.message[:60]} » instead of « {mistake.message[:60]} »")


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.kind == "label"], ids=_id)
def test_the_names_of_a_label_question_are_told_apart(question):
    keys = [label_key(str(question.expected_value()))] + [label_key(str(m.value())) for m in question.mistakes]
    assert len(set(keys)) == len(keys), keys
    assert keys[0] in {label_key(name) for name in question.labels}, "the answer is not one of the options"


# --- nothing gives the answer away ---------------------------------------------------------------------


# The unit that follows a whole number of each kind (a bare « 31 » is often a date or a count).
UNITS = {"percent": "%", "points": "point", "euros": "€", "days": "jour", "years": "an", "ratio": ""}


def _number_forms(value: float, kind: str) -> set[str]:
    """A number as a student could read it: French or dotted decimals, grouped or not, rounded
    (rounded to a whole number: with its unit, except for counts)."""
    forms = set()
    for n in (0, 1, 2, 3):
        french = formatting.format_number(value, digits=n)
        for grouped in {french, french.replace("\u202f", " "), french.replace("\u202f", "")}:
            if n == 0 and abs(value) < 10:
                continue  # a lone digit is everywhere
            if n == 0 and kind in UNITS:
                forms.update({f"{grouped}\u202f{UNITS[kind]}", f"{grouped} {UNITS[kind]}"} if UNITS[kind] else set())
                continue
            forms.add(grouped)
            forms.add(grouped.replace(",", ".").replace(" ", "").replace("\u202f", ""))
    return {f for f in forms if f.strip("0.,")}


def _contains_number(text: str, forms: set[str]) -> str | None:
    for form in forms:
        if re.search(rf"(?<![\w.,\u202f]){re.escape(form)}(?![\d]|[.,]\d|\u202f\d)", text):
            return form
    return None


def _notebook_texts(module) -> list[str]:
    student = nbformat.read(build.student_path(module.LESSON), as_version=4)
    return [c.source for c in student.cells if c.cell_type == "markdown"]


def _engine_messages(question) -> list[str]:
    """The messages a student reads before getting it right: wrong and unreadable answers."""
    answers = ["texte", 12345.678, -1, None, ..., object(), (3, 5), "z"]
    messages = [judge(question, a).message for a in answers]
    if question.justification:
        right = question.expected_value()
        messages += [judge(question, right, a).message for a in (..., 3, "trop court", "mot " * 100)]
        messages += [idea.missing for idea in question.justification.ideas]
    return messages


def _texts_read_before_the_answer(module, question) -> list[str]:
    """What a student of this notebook reads before the answer of ``question``: every text of the set
    (instructions, statements, hints, messages) except the last hint of ``question`` itself."""
    texts = _notebook_texts(module) + [repr(q) for q in module.QUESTIONS]
    for other in module.QUESTIONS:
        hints = other.hints[:-1] if other is question else other.hints
        texts += list(hints) + [m.message for m in other.known_mistakes()] + _engine_messages(other)
    return texts


@pytest.mark.parametrize("question", NUMERIC, ids=_id)
def test_no_text_gives_a_number_away(question):
    module = next(m for m in MODULES if question in m.QUESTIONS)
    forms = _number_forms(float(question.expected_value()), question.kind)
    for text in _texts_read_before_the_answer(module, question):
        found = _contains_number(text, forms)
        assert found is None, f"{_id(question)} : « {found} » (the answer) is in : {text[:300]}"


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.kind == "label"], ids=_id)
def test_no_text_gives_a_name_away(question):
    module = next(m for m in MODULES if question in m.QUESTIONS)
    expected = label_key(str(question.expected_value()))
    texts = list(question.hints[:-1]) + [m.message for m in question.mistakes] + _engine_messages(question)
    own = next(t for t in _notebook_texts(module) if t.startswith(f"## Question {question.id[1:]} "))
    for text in texts + [own]:
        keys = {label_key(w) for w in re.findall(r"[\w'-]+", text)}
        if expected in keys:  # only in a list of every option, which favours none
            assert all(label_key(name) in keys for name in question.labels), f"{_id(question)}: {text[:200]}"
    for text in _notebook_texts(module):  # never as the example of an answer
        assert not re.search(rf"=\s*[\"']{re.escape(str(question.expected_value()))}[\"']", text), text[:200]


@pytest.mark.parametrize("question", CHOICES, ids=_id)
def test_no_text_gives_a_letter_away(question):
    module = next(m for m in MODULES if question in m.QUESTIONS)
    letter = question.expected_value()
    quoted = re.compile(rf"[\"'« ]\s*{letter}\s*[\"' »]|\b(?:lettre|réponse)\s+{letter}\b", re.I)
    every = [re.compile(rf"[\"'« ]\s*{other}\s*[\"' »]") for other in question.choices]
    for text in _texts_read_before_the_answer(module, question):
        if quoted.search(text) and not all(p.search(text) for p in every):  # a list of every letter favours none
            raise AssertionError(f"{_id(question)}: the letter {letter} is given in: {text[:200]}")
    right = words_of(question.options[0].text)
    pieces = {" ".join(right[i:i + 4]) for i in range(len(right) - 3)}
    for hint in question.hints[:-1]:
        said = " ".join(words_of(hint))
        copied = [p for p in pieces if p in said]
        assert not copied, f"{_id(question)}: a hint before the last repeats the right option: {copied}"


# --- multiple choice that tells nothing ---------------------------------------------------------------


def test_every_set_has_a_four_option_qcm_and_a_written_justification():
    for module in MODULES:
        qcms = [q for q in module.QUESTIONS if q.kind == "choice"]
        assert qcms and all(len(q.options) == 4 for q in qcms), module.LESSON
        assert any(q.justification for q in module.QUESTIONS), f"{module.LESSON}: no written justification"


def test_the_right_letters_are_spread_evenly():
    letters = Counter(q.expected_value() for q in CHOICES)
    assert set(letters) == set("abcd"), letters
    assert max(letters.values()) - min(letters.values()) <= 1, letters


def test_the_right_option_is_neither_the_longest_nor_the_shortest_as_a_rule():
    for pick in (max, min):
        found = [q for q in CHOICES if pick(q.options, key=lambda o: len(o.text)) is q.options[0]]
        assert len(found) <= len(CHOICES) // 3, (pick.__name__, [_id(q) for q in found])


def test_the_letters_are_the_same_every_time_and_each_option_is_shown_once():
    for question in CHOICES:
        first, second = question.letters, question.letters
        assert list(first) == list("abcd") and first == second
        assert sorted(map(id, first.values())) == sorted(map(id, question.options))
        student = nbformat.read(build.student_path(question.lesson), as_version=4)
        cell = next(c.source for c in student.cells if c.source.startswith(f"## Question {question.id[1:]} "))
        for letter, option in first.items():
            assert f"- **{letter}.** {option.text}" in cell


def test_a_wrong_letter_is_told_why_and_the_right_one_why_too():
    for question in CHOICES:
        for letter, option in question.letters.items():
            verdict = judge(question, letter, question.justification.model if question.justification else engine._Missing)
            assert option.why in verdict.message
            assert verdict.correct == (option is question.options[0])


# --- written justifications: other words than the key's pass, a vague sentence does not --------------

# (lesson module, question, sentences a student could write that hold the ideas, a vague one)
JUSTIFICATIONS = [
    ("lecon01", "q5", ["le repère doit venir d'une source fiable et concerner le même type de fichier",
                       "il faut des campagnes du même canal et savoir d'où vient le chiffre"],
     "l'article dit peut-être vrai, on ne sait pas"),
    ("lecon02", "q5", ["ce ne sont pas les mêmes dénominateurs : visites du site et leads"],
     "les deux taux ne se ressemblent pas du tout"),
    ("lecon03", "q5", ["la moitié des affaires signent en moins de 45 jours, la moyenne est gonflée par les grandes"],
     "c'est le chiffre le plus juste pour lui"),
    ("lecon04", "q5", ["seule la Croix-Rousse augmente, donc c'est la vente additionnelle de casques"],
     "c'est grâce à l'opération lancée en mars"),
    ("lecon05", "q5", ["ils n'ont pas la même définition du client actif : carte ou achat"],
     "le site web a moins de clients que le magasin"),
    ("lecon06", "q4", ["ce n'est pas la même définition d'un client perdu, Roue Libre n'a pas d'abonnés"],
     "Léa a tort car les chiffres ne se comparent pas"),
    ("lecon07", "q4", ["le client coûte plus cher que ce qu'il rapporte en marge"],
     "la campagne coûte 220 euros par client recruté"),
    ("lecon08", "q5", ["il faut regarder combien de visiteurs repartent avec un ticket"],
     "c'est le meilleur indicateur pour ce magasin"),
    ("lecon09", "q4", ["l'un calcule sur le coût d'achat, l'autre sur le prix de vente"],
     "ils ont tous les deux raison sur ce point"),
    ("lecon10", "q5", ["le prix moyen des articles a beaucoup augmenté, le nombre d'articles par ticket presque pas"],
     "les vendeurs de Villeurbanne ont fait du bon travail cette année"),
    ("lecon11", "q3", ["Emma est à temps partiel, il faut comparer le chiffre d'affaires par heure travaillée"],
     "Emma est la meilleure vendeuse du magasin cette année"),
    ("lecon11", "q5", ["son PMA est bas : il faut le former à proposer des vélos plus haut de gamme"],
     "Paul doit faire des efforts pour atteindre son objectif"),
]


@pytest.mark.parametrize("module, qid, good, vague", JUSTIFICATIONS, ids=[f"{m}-{q}" for m, q, *_ in JUSTIFICATIONS])
def test_a_justification_is_judged_on_its_ideas_not_its_words(module, qid, good, vague):
    question = getattr(importlib.import_module(f"kpilab.exercises.{module}"), qid)
    right = question.expected_value()
    assert judge(question, right, question.justification.model).status == CORRECT
    for sentence in good:
        assert judge(question, right, sentence).status == CORRECT, sentence
    verdict = judge(question, right, vague)
    assert verdict.status == INCORRECT and verdict.mistake == "justification incomplète", vague
    assert any(idea.missing in verdict.message for idea in question.justification.ideas)
