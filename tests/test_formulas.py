"""The KPI formulas: values worked out by hand, properties, and bad input.

Expected values are computed here by hand (the comments show the sums) or
with exact fractions, never by calling the function under test.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kpilab
from kpilab import KPIError

# --- values by hand ---------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "args", "expected"),
    [
        (kpilab.response_rate, (36, 1200), 3.0),  # 36 / 1200 = 0.03
        (kpilab.response_rate, (1, 3), 100 / 3),
        (kpilab.conversion_rate, (12, 80), 15.0),  # 12 / 80 = 0.15
        (kpilab.conversion_rate, (0, 50), 0.0),
        (kpilab.conversion_rate, (50, 50), 100.0),
        (kpilab.cost_per_conversion, (4500, 9), 500.0),
        (kpilab.average_order_value, (15000, 250), 60.0),
        (kpilab.retention_rate, (420, 600), 70.0),
        (kpilab.churn_rate, (180, 600), 30.0),
        (kpilab.store_conversion_rate, (45, 300), 15.0),
        (kpilab.sales_index, (540, 300), 1.8),
        (kpilab.gross_margin_rate, (100, 60), 40.0),  # (100 - 60) / 100
        (kpilab.markup_rate, (100, 80), 25.0),  # (100 - 80) / 80
        (kpilab.multiplier_coefficient, (120, 50), 2.4),
        (kpilab.customer_lifetime_value, (80, 3, 4), 960.0),  # 80 × 3 × 4
        (kpilab.customer_lifetime_value, (80, 3, 4, 0.25), 240.0),
        (kpilab.lifespan_from_churn, (20,), 5.0),  # 1 / 0.20
        (kpilab.annual_churn_from_monthly, (10,), (1 - 0.9**12) * 100),
    ],
)
def test_value_by_hand(function, args, expected):
    result = function(*args)
    assert isinstance(result, float)
    assert result == pytest.approx(expected, rel=1e-12)


def test_annual_churn_is_not_twelve_times_the_monthly_one():
    # 5 % a month: 0.95 ** 12 = 0.5404 of the customers stay, so 45.96 % leave, not 60 %.
    assert kpilab.annual_churn_from_monthly(5) == pytest.approx(45.96, abs=0.01)


def test_sales_cycle_of_one_deal_in_days():
    # 10 January to 24 February: 21 days left in January + 24 = 45 days.
    assert kpilab.sales_cycle_days("2025-01-10", "2025-02-24") == 45.0
    assert kpilab.sales_cycle_days(dt.date(2024, 2, 1), dt.date(2024, 3, 1)) == 29.0  # leap year
    assert kpilab.sales_cycle_days(dt.datetime(2025, 3, 1), "01/04/2025") == 31.0
    assert kpilab.sales_cycle_days(pd.Timestamp("2025-05-05"), np.datetime64("2025-05-05")) == 0.0


def test_average_and_median_cycle_by_hand():
    # cycles: 10, 20, 30 and one very long deal of 300 days
    first = ["2025-01-01"] * 4
    signed = ["2025-01-11", "2025-01-21", "2025-01-31", "2025-10-28"]
    assert kpilab.average_sales_cycle(first, signed) == pytest.approx((10 + 20 + 30 + 300) / 4)
    assert kpilab.average_sales_cycle(first, signed, how="median") == pytest.approx(25.0)


# --- shapes: numbers, lists, arrays, Series --------------------------------


def test_series_in_series_out_with_the_same_index():
    sales = pd.Series([3, 5], index=["emailing", "salon"])
    leads = pd.Series([60, 20], index=["emailing", "salon"])
    result = kpilab.conversion_rate(sales, leads)
    assert isinstance(result, pd.Series)
    assert list(result.index) == ["emailing", "salon"]
    assert result.tolist() == [5.0, 25.0]


def test_lists_and_arrays_give_arrays_and_scalars_broadcast():
    assert kpilab.response_rate([1, 2], [10, 40]).tolist() == [10.0, 5.0]
    assert isinstance(kpilab.response_rate(np.array([1, 2]), 10), np.ndarray)
    assert kpilab.average_order_value(np.array([100.0, 250.0]), 5).tolist() == [20.0, 50.0]


def test_numeric_text_is_read_in_french_or_english_format():
    assert kpilab.average_order_value("1 234,50", "2") == pytest.approx(617.25)
    assert kpilab.average_order_value("1234.50", 2) == pytest.approx(617.25)
    assert kpilab.conversion_rate(pd.Series(["3", "4"]), pd.Series([10, 10])).tolist() == [30.0, 40.0]


def test_sales_cycle_on_datetime_series():
    first = pd.Series(pd.to_datetime(["2025-01-01", "2025-02-01"]), index=[7, 9])
    signed = pd.Series(pd.to_datetime(["2025-01-31", "2025-02-11"]), index=[7, 9])
    result = kpilab.sales_cycle_days(first, signed)
    assert list(result.index) == [7, 9]
    assert result.tolist() == [30.0, 10.0]
    assert kpilab.average_sales_cycle(first, signed, how="median") == 20.0


# --- bad input: one test per class, French message naming the argument -------


def _message(call) -> str:
    with pytest.raises(KPIError) as info:
        call()
    assert isinstance(info.value, ValueError)
    return str(info.value)


@pytest.mark.parametrize(
    ("call", "argument", "words"),
    [
        (lambda: kpilab.conversion_rate(3, 0), "leads", "Division par zéro"),
        (lambda: kpilab.response_rate(0, 0), "contacts", "Division par zéro"),
        (lambda: kpilab.cost_per_conversion(500, 0), "conversions", "Division par zéro"),
        (lambda: kpilab.average_order_value(500, 0), "transactions", "Division par zéro"),
        (lambda: kpilab.retention_rate(0, 0), "customers_at_start", "Division par zéro"),
        (lambda: kpilab.churn_rate(0, 0), "customers_at_start", "Division par zéro"),
        (lambda: kpilab.lifespan_from_churn(0), "annual_churn_rate", "Division par zéro"),
        (lambda: kpilab.conversion_rate([1, 2], [5, 0]), "leads", "position 1"),
    ],
)
def test_zero_denominator(call, argument, words):
    message = _message(call)
    assert f"`{argument}`" in message and words in message


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: kpilab.conversion_rate(-1, 10), "sales"),
        (lambda: kpilab.response_rate(3, -10), "contacts"),
        (lambda: kpilab.retention_rate(-5, 100), "retained"),
        (lambda: kpilab.churn_rate(5, -100), "customers_at_start"),
        (lambda: kpilab.average_order_value(100, -2), "transactions"),
        (lambda: kpilab.cost_per_conversion(-100, 2), "cost"),
        (lambda: kpilab.customer_lifetime_value(80, -1, 3), "purchases_per_year"),
    ],
)
def test_negative_count(call, argument):
    message = _message(call)
    assert f"`{argument}`" in message and "négatif" in message


@pytest.mark.parametrize(
    ("call", "part", "whole"),
    [
        (lambda: kpilab.conversion_rate(81, 80), "sales", "leads"),
        (lambda: kpilab.response_rate(1300, 1200), "responses", "contacts"),
        (lambda: kpilab.retention_rate(601, 600), "retained", "customers_at_start"),
        (lambda: kpilab.churn_rate(700, 600), "lost", "customers_at_start"),
        (lambda: kpilab.store_conversion_rate(400, 300), "tickets", "visitors"),
        (lambda: kpilab.conversion_rate(pd.Series([1, 9]), pd.Series([5, 5])), "sales", "leads"),
    ],
)
def test_numerator_larger_than_denominator(call, part, whole):
    message = _message(call)
    assert f"`{part}`" in message and f"`{whole}`" in message and "impossible" in message


@pytest.mark.parametrize(
    "missing",
    [None, float("nan"), np.nan, pd.NA, pd.Series([1.0, None]), [1, None], np.array([2.0, np.nan])],
)
def test_missing_values(missing):
    message = _message(lambda: kpilab.conversion_rate(missing, 10))
    assert "`sales`" in message and "manquant" in message


@pytest.mark.parametrize("text", ["abc", "", "12 %", "douze", pd.Series(["3", "trois"]), ["1", "x"]])
def test_text_that_is_not_a_number(text):
    message = _message(lambda: kpilab.average_order_value(text, 10))
    assert "`revenue`" in message and "pas un nombre" in message


@pytest.mark.parametrize("value", [True, pd.Series([True, False]), {"a": 1}, object(), pd.DataFrame({"a": [1]})])
def test_objects_that_are_not_numbers(value):
    message = _message(lambda: kpilab.conversion_rate(value, 10))
    assert "`sales`" in message


def test_signature_before_first_contact():
    message = _message(lambda: kpilab.sales_cycle_days("2025-03-01", "2025-02-01"))
    assert "`signed`" in message and "avant" in message
    message = _message(
        lambda: kpilab.average_sales_cycle(["2025-01-01", "2025-03-01"], ["2025-01-05", "2025-02-01"])
    )
    assert "position 1" in message


def test_open_deal_without_signature_is_explained():
    message = _message(lambda: kpilab.sales_cycle_days(["2025-01-01", "2025-01-02"], ["2025-02-01", None]))
    assert "`signed`" in message and "gagnées" in message


@pytest.mark.parametrize("text", ["hier", "2025-13-45", "32/01/2025"])
def test_dates_that_cannot_be_read(text):
    message = _message(lambda: kpilab.sales_cycle_days(text, "2025-03-01"))
    assert "`first_contact`" in message and "date" in message


def test_other_bad_arguments():
    assert "`how`" in _message(lambda: kpilab.average_sales_cycle(["2025-01-01"], ["2025-01-02"], how="mode"))
    assert "Aucune affaire" in _message(lambda: kpilab.average_sales_cycle([], []))
    assert "0.35" in _message(lambda: kpilab.customer_lifetime_value(80, 3, 4, margin_rate=35))
    assert "même longueur" in _message(lambda: kpilab.conversion_rate([1, 2, 3], [10, 10]))
    misaligned = _message(lambda: kpilab.conversion_rate(pd.Series([1], index=["a"]), pd.Series([5], index=["b"])))
    assert "même index" in misaligned
    assert "infinie" in _message(lambda: kpilab.average_order_value(float("inf"), 3))


# --- properties ----------------------------------------------------------------

counts = st.integers(min_value=0, max_value=10**9)


@given(start=st.integers(min_value=1, max_value=10**9), data=st.data())
def test_retention_plus_churn_is_100_on_the_same_cohort(start, data):
    retained = data.draw(st.integers(min_value=0, max_value=start))
    lost = start - retained
    assert kpilab.retention_rate(retained, start) + kpilab.churn_rate(lost, start) == pytest.approx(100.0)


@given(whole=st.integers(min_value=1, max_value=10**9), data=st.data())
def test_rates_stay_between_0_and_100_and_match_exact_fractions(whole, data):
    part = data.draw(st.integers(min_value=0, max_value=whole))
    exact = float(Fraction(part, whole) * 100)
    for rate in (kpilab.conversion_rate, kpilab.response_rate, kpilab.retention_rate, kpilab.churn_rate):
        value = rate(part, whole)
        assert 0.0 <= value <= 100.0
        assert value == pytest.approx(exact, rel=1e-12)


@given(st.lists(st.tuples(counts, st.integers(min_value=1, max_value=10**6)), min_size=1, max_size=30))
def test_element_wise_equals_one_by_one(pairs):
    revenue = [r for r, _ in pairs]
    transactions = [t for _, t in pairs]
    together = kpilab.average_order_value(pd.Series(revenue), pd.Series(transactions))
    for i, (r, t) in enumerate(pairs):
        assert together.iloc[i] == kpilab.average_order_value(r, t)


@given(
    aov=st.floats(min_value=0, max_value=1e4),
    freq=st.floats(min_value=0, max_value=50),
    life=st.floats(min_value=0, max_value=50),
    margin=st.floats(min_value=0, max_value=1),
)
def test_clv_is_the_product_and_grows_with_each_lever(aov, freq, life, margin):
    clv = kpilab.customer_lifetime_value(aov, freq, life, margin)
    assert clv == pytest.approx(aov * freq * life * margin)
    assert kpilab.customer_lifetime_value(aov, freq, life + 1, margin) >= clv


@given(days=st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=40))
def test_cycle_mean_and_median_agree_with_the_statistics_module(days):
    import statistics

    first = pd.Series(pd.Timestamp("2024-01-01"), index=range(len(days)))
    signed = first + pd.to_timedelta(days, unit="D")
    assert kpilab.average_sales_cycle(first, signed) == pytest.approx(statistics.fmean(days))
    assert kpilab.average_sales_cycle(first, signed, how="median") == pytest.approx(statistics.median(days))


anything = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=8), st.dates().map(str), st.decimals(allow_nan=True),
        st.dates(), st.datetimes(), st.fractions(), st.complex_numbers(max_magnitude=10),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=3), inner, max_size=3)),
    max_leaves=6,
)


@settings(max_examples=300)
@given(a=anything, b=anything)
def test_any_input_gives_a_number_or_a_kpierror(a, b):
    for function in (
        kpilab.conversion_rate, kpilab.response_rate, kpilab.cost_per_conversion,
        kpilab.average_order_value, kpilab.retention_rate, kpilab.churn_rate, kpilab.sales_cycle_days,
        kpilab.markup_rate, kpilab.gross_margin_rate,
    ):
        try:
            result = function(a, b)
        except KPIError:
            continue
        values = np.atleast_1d(np.asarray(result, dtype="float64"))
        assert np.isfinite(values).all(), (function.__name__, a, b, result)


def test_change_in_percent_and_in_points():
    assert kpilab.change(92_000, 80_000) == pytest.approx(15.0)  # 12 000 / 80 000
    assert kpilab.change(20, 18, rate=True) == pytest.approx(2.0)  # 18 % → 20 %: +2 points
    assert kpilab.change(20, 18) == pytest.approx(100 / 9)  # … and +11,1 %
    assert kpilab.change([50, 150], [100, 100]).tolist() == [-50.0, 50.0]
    assert "part de zéro" in _message(lambda: kpilab.change(10, 0))


def test_a_result_too_large_is_refused():
    assert "trop grand" in _message(lambda: kpilab.average_order_value(1e300, 1e-300))


# --- the French of every message -------------------------------------------------------
#
# Every message is a template of a MESSAGES dict (kpilab._inputs, kpilab.formulas,
# kpilab.formatting). Each template is filled with every KPI name and every argument
# label the code declares, so a new KPI or a new template is checked without touching
# this file; the sentences must read as French (contractions, elisions) and follow
# the course's typography.

import ast  # noqa: E402
import inspect  # noqa: E402
import re  # noqa: E402
import string  # noqa: E402
from pathlib import Path  # noqa: E402

from kpilab import _inputs, formatting, formulas, typography  # noqa: E402
from kpilab.errors import Name  # noqa: E402

MESSAGE_MODULES = (_inputs, formulas, formatting)
TEMPLATES = [(f"{m.__name__}.{key}", text) for m in MESSAGE_MODULES for key, text in m.MESSAGES.items()]

_V = "aàâäeéèêëiîïoôöuùûüœæ"  # vowels; a mute h is checked with the words below
_MUTE_H = r"h(?!ausse|aut|ors|all|asard|éros|iérarchie|onte)"
_GRAMMAR = [
    (re.compile(r"(?i)\b(de|à) (le|les)\b"), "contraction missing: du, des, au, aux"),
    (re.compile(r"(?i)\bde (un|une|des|du)\b"), "'de un', 'de une', 'de des' or 'de du'"),
    (re.compile(r"(?i)\bque (il|ils|elle|elles|on|un|une)\b"), "elision missing: qu'"),
    (re.compile(r"(?i)\bsi (il|ils)\b"), "elision missing: s'il"),
    (re.compile(rf"(?i)(?<![\w-])(de|le|la|que|ne|se|ce|je|me|te) (?:[{_V}]|{_MUTE_H})"),
     "elision missing before a vowel"),  # not "remplace-la ou": a pronoun after a verb keeps its vowel
    (re.compile(r"[ \u00a0\u202f]{2,}"), "two spaces in a row"),
    (re.compile(r"[ \u00a0\u202f][,.]"), "a space before ',' or '.'"),
    (re.compile(r"[.!?] *\.(?!\.)|\.\.(?!\.)"), "two full stops"),
    (re.compile(r"[.!?][ \u00a0\u202f]+[a-zàâçéèêëîïôûùü]"), "a sentence that starts with a small letter"),
]


def french_problems(message: str) -> list[str]:
    """What is wrong with the French of one message (empty when it reads well)."""
    prose = re.sub(r"`[^`]*`", "`x`", message)  # code in backticks is not French
    found = [f"{what}: …{prose[max(0, m.start() - 15):m.end() + 15]}…"
             for pattern, what in _GRAMMAR for m in pattern.finditer(prose)]
    if not re.search(r"[.!?…]$", message):
        found.append("no full stop at the end")
    if not re.match(r"[A-ZÀÂÇÉÈÊÎÔ«`(0-9]", message):
        found.append("does not start with a capital letter")
    found += [f"typography: {p}" for p in typography.problems(message, markdown=True)]
    return found


def _samples() -> dict[str, list]:
    """Values for every template field, taken from the code (names, labels, reasons…)."""
    arguments = list(formulas.ARGUMENTS)
    labels = list(formulas.ARGUMENTS.values()) + list(formatting.LABELS.values())
    extra_names = [Name("les ventes"), Name("la marge"), Name("l'écart"), Name("le hors-taxe")]
    sentences = [text for _, text in TEMPLATES if not _fields(text)]
    shown = [_inputs._show(v) for v in (-3, 0, 0.35, 1234567.891, 1.5e20)]
    wheres = ["", _inputs.AT_INDEX.format(index=repr("web")), _inputs.AT_INDEX.format(index=repr(3)),
              _inputs.AT_POSITION.format(position=0)]
    sizes = [", ".join(_inputs.LENGTH.format(name=n, size=s) for n, s in (("sales", 3), ("leads", 2)))]
    return {
        "kpi": list(formulas.KPI_NAMES.values()) + extra_names,
        "name": arguments, "part": arguments, "whole": arguments, "first": arguments, "other": arguments,
        "label": labels, "part_label": labels, "whole_label": labels,
        "where": wheres, "reason": list(formulas.PART_OF_WHOLE.values()), "advice": sentences,
        "value": shown + ["True", "'abc'", "Timestamp('1500-01-01 00:00:00')"],
        "low": shown[:3], "high": shown[:3], "count": [2, 17], "text": ["douze", "hier", "1,2,3"],
        "type_name": ["dict", "object"], "index": [repr("web"), repr(3)], "sizes": sizes, "how": [repr("mode")],
    }


def _fields(template: str) -> set[str]:
    return {re.split(r"[.\[!:]", field)[0] for _, field, _, _ in string.Formatter().parse(template) if field}


def _renderings(template: str):
    """The template filled with each sample of each field in turn, and with every KPI × label."""
    samples = _samples()
    fields = sorted(_fields(template))
    first = {f: samples[f][0] for f in fields}
    for field in fields:
        for value in samples[field]:
            yield _inputs.render(template, **{**first, field: value})
    if "kpi" in fields and "label" in fields:
        for kpi in samples["kpi"]:
            for label in samples["label"]:
                yield _inputs.render(template, **{**first, "kpi": kpi, "label": label})
    if not fields:
        yield template


def test_every_template_field_has_samples():
    samples = _samples()
    for key, text in TEMPLATES:
        missing = _fields(text) - set(samples)
        assert not missing, f"{key}: add sample values for {missing} in _samples()"


@pytest.mark.parametrize(("key", "template"), TEMPLATES, ids=[key for key, _ in TEMPLATES])
def test_every_message_reads_as_french(key, template):
    bad = {}
    for message in _renderings(template):
        found = french_problems(message) + (["a template field left unfilled"] if re.search("[{}]", message) else [])
        if found:
            bad[message] = found
    assert not bad, "\n".join(f"{m!r}\n    " + "\n    ".join(p) for m, p in list(bad.items())[:10])


def test_the_french_checks_catch_what_they_should():
    """The checks above are not vacuous: sentences written wrong on purpose, by hand."""
    wrong = [
        "Le calcul de le coût par conversion est impossible.",
        "Le calcul de les ventes est impossible.",
        "Pense à le taux de marge.",
        "Ajoute-le à les clients.",
        "Le panier de un client.",
        "Le total de une commande.",
        "Il faut que il soit positif.",
        "La valeur de achats par an manque.",
        "Le calcul de le indice.",
        "Il ne est pas défini.",
        "Deux  espaces.",
        "Pas de point final",
        "Un point , puis une virgule.",
        "Fini.. et recommencé.",
        "Fini. et recommencé.",
        "la phrase commence mal.",
        "Division par zéro : vérifie.",  # ordinary space before ':'
    ]
    for sentence in wrong:
        assert french_problems(sentence), sentence
    right = [
        "Le calcul du coût par conversion est impossible.",
        "Le calcul des ventes, de l'indice de vente et de la marge est possible.",
        "Pense au taux de marge et aux clients.",
        "La valeur d'achats par an manque\u00a0: donne-la.",
        "Le calcul de la hausse du chiffre d'affaires\u202f?",
        "Il n'est pas défini quand 0,35\u202f% ne suffit pas.",
        "Remplace-la ou retire-le avant de calculer.",
    ]
    for sentence in right:
        assert french_problems(sentence) == [], sentence


@pytest.mark.parametrize(
    ("text", "de", "a", "cap"),
    [
        ("le coût par conversion", "du coût par conversion", "au coût par conversion", "Le coût par conversion"),
        ("la durée de vie client", "de la durée de vie client", "à la durée de vie client", "La durée de vie client"),
        ("l'indice de vente", "de l'indice de vente", "à l'indice de vente", "L'indice de vente"),
        ("les ventes", "des ventes", "aux ventes", "Les ventes"),
        ("achats par an", "d'achats par an", "à achats par an", "Achats par an"),
        ("nombre de leads", "de nombre de leads", "à nombre de leads", "Nombre de leads"),
        ("heures", "d'heures", "à heures", "Heures"),  # a mute h elides
        ("hausse", "de hausse", "à hausse", "Hausse"),  # an aspirated h does not
    ],
)
def test_names_give_their_grammatical_forms(text, de, a, cap):
    name = Name(text)
    assert (name.de, name.a, name.cap, str(name), f"{name}") == (de, a, cap, text, text)


def test_every_kpi_has_a_name_and_every_argument_a_label():
    assert set(formulas.KPI_NAMES) == set(formulas.__all__)
    for function in formulas.__all__:
        for parameter in inspect.signature(getattr(formulas, function)).parameters:
            assert parameter in formulas.ARGUMENTS or parameter in formulas.OPTIONS, (function, parameter)
    assert set(formulas.PART_OF_WHOLE) <= set(formulas.KPI_NAMES)


def test_every_kpierror_message_comes_from_a_template():
    """No message written inline (it would escape the checks above): KPIError(render(...)) or a MESSAGES entry."""
    inline = []
    paths = [Path(m.__file__) for m in (_inputs, formatting, kpilab.errors)]
    paths += sorted(Path(formulas.__file__).parent.glob("*.py"))  # every module of the formulas package
    assert len(paths) >= 10
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "KPIError":
                argument = node.args[0] if node.args else None
                if not isinstance(argument, (ast.Call, ast.Subscript)):
                    inline.append(f"{path.name}:{node.lineno}")
    assert not inline, f"messages written inline, move them to MESSAGES: {inline}"


_BAD_INPUTS = [0, -1, -0.5, 101, 1e-300, 1e300, "abc", "", None, True, [1, None], [1, 2, 3], pd.Series([1.0, -2.0]),
               pd.Series([1.0], index=["z"]), pd.DataFrame({"a": [1]}), [[1]], float("inf"), "2025-13-45", [], {"a": 1}]


def test_the_real_messages_of_every_function_read_as_french():
    """Second method: call every formula with bad inputs and check the messages it really gives."""
    seen = {}
    good = {"first_contact": "2025-01-01", "signed": "2025-02-01"}
    for function_name in formulas.__all__:
        function = getattr(formulas, function_name)
        parameters = [p for p in inspect.signature(function).parameters if p not in formulas.OPTIONS]
        for position in range(len(parameters)):
            for bad in _BAD_INPUTS:
                args = [good.get(p, 50) for p in parameters]
                args[position] = bad
                try:
                    function(*args)
                except KPIError as error:
                    seen.setdefault(str(error), function_name)
    for extra in (lambda: kpilab.conversion_rate(90, 80), lambda: kpilab.retention_rate(700, 600),
                  lambda: kpilab.average_sales_cycle(["2025-01-01"], ["2025-01-02"], how="mode"),
                  lambda: kpilab.sales_cycle_days("2025-03-01", "2025-02-01"),
                  lambda: kpilab.sales_cycle_days(["2025-01-01", "2025-01-02"], ["2025-02-01", None]),
                  lambda: kpilab.conversion_rate(pd.Series([1, None, None]), 10),
                  lambda: kpilab.change(1e308, -1e308), lambda: kpilab.format_percent(pd.DataFrame({"a": [1]})),
                  lambda: kpilab.format_percent(3, digits=9)):
        try:
            extra()
        except KPIError as error:
            seen.setdefault(str(error), "extra")
    assert len(seen) >= 25, sorted(seen)  # the inputs above do reach most templates
    bad = {message: french_problems(message) for message in seen if french_problems(message)}
    assert not bad, bad
