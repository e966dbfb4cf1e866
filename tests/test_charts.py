"""The course's charts, measured on the Agg renderer: no text runs over another, months and
numbers read in French, the funnel's widths are proportional, marks sit where they are asked.

Expected values are typed by hand (month names, counts) or measured on the drawn picture
(bounding boxes, pixels), never taken from kpilab.charts itself.
"""

from __future__ import annotations

import itertools
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from kpilab import KPIError, charts  # noqa: E402

FRENCH_MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
ENGLISH_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# Long French category labels, as a teacher or a student would give them.
LONG_LABELS = {
    "leads": pd.Series({"recommandation": 47.8, "site_web": 28.7, "salon": 21.2, "telephone": 19.5,
                        "linkedin": 11.1, "emailing": 11.0, "courrier": 10.5}),
    "segments": pd.Series({"occasionnel": 79.6, "tous les particuliers": 41.6, "famille": 39.8,
                           "sportif": 34.4, "velotaf": 25.5}),
    "produits": pd.Series({"vélo à assistance électrique": 61.0, "vélo de ville classique": 14.0,
                           "accessoires et équipement": 12.0, "entretien et réparations": 8.0,
                           "vélo de route": 5.0}),
    "magasins": pd.Series({"Bellecour": 16.3, "Croix-Rousse": 20.3, "Villeurbanne": 22.3}),
    "douze": pd.Series({f"point de vente numéro {i}": float(10 + i) for i in range(1, 13)}),
}


def plain(text: str) -> str:
    """A label with every kind of space made ordinary (formatting may use U+202F or U+00A0)."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture
def shown(monkeypatch):
    """The figures that the charts show (plt.show is a no-op here), closed afterwards."""
    figures = []
    monkeypatch.setattr(plt, "show", lambda *a, **k: figures.append(plt.gcf()))
    yield figures
    plt.close("all")


def _tick_labels(axis) -> set:
    return {tick.label1 for tick in axis.get_major_ticks()} | {tick.label2 for tick in axis.get_major_ticks()}


def drawn_texts(figure) -> list[tuple[str, object]]:
    """(text, bounding box in pixels) of every text the renderer actually draws."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    ticks, drawn_ticks = set(), set()
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            ticks |= _tick_labels(axis)
            low, high = sorted(axis.get_view_interval())
            span = (high - low) or 1.0
            for tick, location in zip(axis.get_major_ticks(), axis.get_majorticklocs()):
                if low - 1e-9 * span <= location <= high + 1e-9 * span and tick.label1.get_visible():
                    drawn_ticks.add(tick.label1)
    found = []
    for text in figure.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        if text in ticks and text not in drawn_ticks:
            continue
        found.append((text.get_text(), text.get_window_extent(renderer)))
    return found


def assert_readable(figure) -> None:
    """No two drawn texts overlap, and every text lies inside the figure."""
    texts = drawn_texts(figure)
    assert texts
    for (a, box_a), (b, box_b) in itertools.combinations(texts, 2):
        overlap_x = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        overlap_y = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        assert overlap_x <= 0.5 or overlap_y <= 0.5, f"{a!r} overlaps {b!r}"
    width, height = figure.canvas.get_width_height()
    for text, box in texts:
        assert box.x0 >= -0.5 and box.y0 >= -0.5 and box.x1 <= width + 0.5 and box.y1 <= height + 0.5, text


# --- bars -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(LONG_LABELS))
def test_bar_labels_never_overlap(shown, name):
    charts.bar(LONG_LABELS[name], "Taux de conversion des leads selon leur origine (2024-2025)",
               "Taux de conversion (% des leads)", kind="percent",
               xlabel="Origine du lead (canal de la campagne ou source)")
    (figure,) = shown
    assert_readable(figure)


def test_bar_labels_never_overlap_on_a_given_axes(shown):
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 4.8))
    charts.bar(LONG_LABELS["leads"], "Par origine", "Taux (%)", kind="percent", ax=left)
    charts.bar(LONG_LABELS["segments"], "Par segment", "Taux (%)", kind="percent", ax=right)
    figure.tight_layout()
    assert_readable(figure)
    assert not shown  # a chart drawn on a given axes is shown by its caller


def test_lesson_02_labels_are_all_readable(shown):
    """The committed lesson 02 put "recommandation" over "site web": every label is written in full."""
    charts.bar(LONG_LABELS["leads"], "Taux de conversion", "Taux de conversion (% des leads)", kind="percent",
               highlight=["recommandation", "site_web"])
    (figure,) = shown
    ax = figure.axes[0]
    written = [t for t, _ in drawn_texts(figure)]
    for name in ["recommandation", "site web", "salon", "téléphone", "LinkedIn", "e-mailing", "courrier"]:
        assert name in written
    orange = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_facecolor()[:3] == (224 / 255, 122 / 255, 31 / 255)]
    assert len(orange) == 2


def test_short_labels_stay_vertical_and_one_line(shown):
    charts.bar(LONG_LABELS["magasins"], "Taux de transformation", "Tickets pour 100 visiteurs (%)", kind="percent")
    (figure,) = shown
    ax = figure.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["Bellecour", "Croix-Rousse", "Villeurbanne"]
    heights = [p.get_height() for p in ax.patches if isinstance(p, Rectangle)][:3]
    assert heights == pytest.approx([16.3, 20.3, 22.3])


def test_bar_values_and_ticks_read_in_french(shown):
    charts.bar(pd.Series({"salon": 25.3, "courrier": 1.0}), "Taux de réponse", "Taux (%)", kind="percent")
    (figure,) = shown
    written = [plain(t) for t, _ in drawn_texts(figure)]
    assert "25,3 %" in written and "1,0 %" in written
    assert "20 %" in written and "0 %" in written


def test_small_ticks_keep_their_decimals(shown):
    """Rates below 2 % get ticks 0,0 %, 0,5 %… and never two ticks both written "1 %"."""
    charts.bar(pd.Series({"a": 1.7, "b": 0.4}), "Petits taux", "Taux (%)", kind="percent")
    (figure,) = shown
    ax = figure.axes[0]
    low, high = ax.get_ylim()
    ticks = [plain(t.get_text()) for t, loc in zip(ax.get_yticklabels(), ax.get_yticks()) if low <= loc <= high]
    assert len(ticks) == len(set(ticks)) > 2
    assert "0,5 %" in ticks or "0,25 %" in ticks


# --- lines and months -----------------------------------------------------------------------------

def _per_month(start: str, count: int, columns=("Bellecour", "Croix-Rousse")) -> pd.DataFrame:
    index = pd.period_range(start, periods=count, freq="M")
    rng = np.random.default_rng(1)
    return pd.DataFrame({c: 2 + rng.random(count) for c in columns}, index=index)


def test_month_numbers_read_as_french_month_names(shown):
    """Lesson 08's axis showed 1, 2, … 12."""
    table = pd.DataFrame({2024: np.arange(12) * 10_000 + 120_000.0, 2025: np.arange(12) * 12_000 + 150_000.0},
                         index=pd.Index(range(1, 13), name="periode"))
    charts.line(table, "Chiffre d'affaires HT par mois", "Chiffre d'affaires HT (€)", kind="euros",
                xlabel="Mois", months=True)
    (figure,) = shown
    ax = figure.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == FRENCH_MONTHS
    assert list(ax.get_xticks()) == list(range(1, 13))
    written = [plain(t) for t, _ in drawn_texts(figure)]
    assert "200 000 €" in written
    assert_readable(figure)


def test_an_index_named_mois_is_a_month_axis(shown):
    charts.line(pd.Series([3.0, 4.0, 5.0], index=pd.Index([3, 4, 5], name="mois")), "CA", "CA (€)", kind="euros")
    (figure,) = shown
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()] == ["mars", "avr.", "mai"]


def test_month_names_thin_out_on_a_narrow_axes(shown):
    figure, axes = plt.subplots(1, 3, figsize=(9, 3))
    table = pd.Series(np.linspace(1, 2, 12), index=pd.Index(range(1, 13), name="mois"))
    charts.line(table, "CA", "CA", ax=axes[0])
    for empty in axes[1:]:
        empty.axis("off")
    figure.tight_layout()
    kept = [t.get_text() for t in axes[0].get_xticklabels()]
    assert kept[0] == "janv." and set(kept) < set(FRENCH_MONTHS) and len(kept) < 12
    assert_readable(figure)


@pytest.mark.parametrize("count", [6, 12, 24, 36])
def test_monthly_periods_read_in_french_without_overlap(shown, count):
    charts.line(_per_month("2024-01", count), "Indice de vente par mois", "Articles par ticket", digits=1,
                xlabel="Mois")
    (figure,) = shown
    ax = figure.axes[0]
    texts = [t.get_text() for t in ax.get_xticklabels()]
    assert texts[0].replace("\n", " ") == "janv. 2024"
    assert all(any(m in t for m in FRENCH_MONTHS) for t in texts)
    assert not any(e in t for t in texts for e in ENGLISH_MONTHS if e not in ("mai",))
    assert_readable(figure)


def test_dates_read_in_french(shown):
    index = pd.date_range("2024-01-01", periods=18, freq="MS")
    charts.line(pd.Series(np.arange(18.0), index=index), "CA", "CA (€)", kind="euros")
    (figure,) = shown
    figure.canvas.draw()
    ax = figure.axes[0]
    low, high = ax.get_xlim()
    texts = [t.get_text() for t, loc in zip(ax.get_xticklabels(), ax.get_xticks()) if low <= loc <= high]
    assert texts and all(any(m in t for m in FRENCH_MONTHS) or "/" in t for t in texts)
    assert not any(e in t for t in texts for e in ENGLISH_MONTHS)


def test_a_mark_is_drawn_at_its_period_with_its_label(shown):
    """Lesson 04 says "regarde mars 2025": the chart marks that month."""
    table = _per_month("2024-01", 24, ("Bellecour", "Croix-Rousse", "Villeurbanne"))
    table.loc[pd.Period("2025-03", "M"):, "Croix-Rousse"] = 2.9  # the series reach the top of the chart
    text = "Mars 2025\u00a0: début de l'opération «\u00a0casque + antivol\u00a0»"
    charts.line(table, "Articles par ticket avec un vélo", "Indice de vente", digits=1, marks={text: "2025-03"})
    (figure,) = shown
    ax = figure.axes[0]
    # Mars 2025 is the 15th month from janvier 2024: position 14 on the axis.
    vertical = [ln for ln in ax.get_lines() if len(set(ln.get_xdata())) == 1 and ln.get_linestyle() == "--"]
    assert len(vertical) == 1 and vertical[0].get_xdata()[0] == 14
    written = [t.replace("\n", " ") for t, _ in drawn_texts(figure)]
    assert text in written
    assert_readable(figure)
    # The label sits above every data point.
    renderer = figure.canvas.get_renderer()
    (note,) = [t for t in ax.texts if "Mars 2025" in t.get_text()]
    box = note.get_window_extent(renderer)
    for data in ax.get_lines():
        if data is vertical[0]:
            continue
        points = ax.transData.transform(np.column_stack([data.get_xdata(), data.get_ydata()]))
        inside = (points[:, 0] >= box.x0) & (points[:, 0] <= box.x1) & (points[:, 1] >= box.y0 - 3)
        assert not inside.any()


def test_a_mark_on_a_month_axis(shown):
    table = pd.Series(np.linspace(1, 2, 12), index=pd.Index(range(1, 13), name="mois"))
    charts.line(table, "CA", "CA", marks={"Soldes": 7})
    (figure,) = shown
    vertical = [ln for ln in figure.axes[0].get_lines() if ln.get_linestyle() == "--"]
    assert vertical[0].get_xdata()[0] == 7


def test_a_mark_outside_the_chart_is_a_french_error(shown):
    with pytest.raises(KPIError, match="n'est pas sur l'axe"):
        charts.line(_per_month("2024-01", 12), "CA", "CA", marks={"Plus tard": "2027-01"})


def test_the_legend_never_covers_a_line(shown):
    charts.line(_per_month("2024-01", 24, ("Bellecour", "Croix-Rousse", "Villeurbanne")), "Indice", "Articles")
    (figure,) = shown
    figure.canvas.draw()
    ax = figure.axes[0]
    legend = ax.get_legend().get_window_extent(figure.canvas.get_renderer())
    assert legend.x0 >= ax.get_window_extent().x1
    assert_readable(figure)


# --- funnel ---------------------------------------------------------------------------------------

STAGES = {"Contacts valides": 22697, "Réponses": 832, "Leads": 349, "Ventes": 52, "Réachats": 13}


def test_funnel_widths_are_proportional_and_centred(shown):
    """Lesson 00's funnel drew log widths: 22 697 → 13 looked like a 4× narrowing."""
    charts.funnel(STAGES, "Le tunnel de prospection")
    (figure,) = shown
    ax = figure.axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle)][: len(STAGES)]
    widths = np.array([b.get_width() for b in bars])
    assert widths / widths[0] == pytest.approx(np.array([22697, 832, 349, 52, 13]) / 22697)
    centres = [b.get_x() + b.get_width() / 2 for b in bars]
    assert centres == pytest.approx([centres[0]] * len(bars))
    note = plain(ax.get_xlabel())
    assert "proportionnelle" in note and "logarithm" not in note


def test_funnel_writes_every_count_and_rate(shown):
    charts.funnel(STAGES, "Le tunnel de prospection")
    (figure,) = shown
    written = " | ".join(plain(t).replace("\n", " ") for t, _ in drawn_texts(figure))
    for count in ["22 697", "832", "349", "52", "13"]:
        assert count in written
    # 832 / 22 697 = 3,67 %; 349 / 832 = 41,9 %; 52 / 349 = 14,9 %; 13 / 52 = 25,0 %
    for rate in ["3,7 %", "41,9 %", "14,9 %", "25,0 %"]:
        assert f"{rate} de l'étape d'avant" in written
    assert_readable(figure)


def _row_pixels(figure, ax, row: int, color: str) -> int:
    """How many pixels of ``color`` the funnel bar of ``row`` shows, across its middle."""
    figure.canvas.draw()
    image = np.asarray(figure.canvas.buffer_rgba())[:, :, :3].astype(int)
    target = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])
    _, y = ax.transData.transform((0.5, row))
    line = image[image.shape[0] - int(round(y))]
    return int((np.abs(line - target).sum(axis=1) < 30).sum())


def test_funnel_tiny_stages_stay_visible(shown):
    charts.funnel({**STAGES, "Parrainages": 0}, "Le tunnel")
    (figure,) = shown
    ax = figure.axes[0]
    assert _row_pixels(figure, ax, 0, charts.COLORS[0]) > 400  # the whole first bar
    assert _row_pixels(figure, ax, 4, charts.COLORS[0]) >= 2  # 13 of 22 697: well under a pixel wide
    assert _row_pixels(figure, ax, 5, charts.COLORS[0]) == 0  # zero draws nothing
    written = [plain(t) for t, _ in drawn_texts(figure)]
    assert any(t.startswith("0 (0,0 %") for t in written)


# --- histogram, heatmap ---------------------------------------------------------------------------

def test_histogram_marks_in_french(shown):
    charts.histogram([10, 20, 30, 40, 200, 1500], "Cycle de vente", "Cycle de vente (jours)",
                     marks={"Moyenne": 300.0, "Médiane": 35.0}, bins=10)
    (figure,) = shown
    written = [t for t, _ in drawn_texts(figure)]
    assert "Moyenne\u00a0: 300,0 jours" in [t.replace("\u202f", " ") for t in written]
    assert "1 500" in [plain(t) for t in written] or "1 000" in [plain(t) for t in written]
    assert not any("1500" in t or "1000" in t for t in written)
    assert_readable(figure)


def test_heatmap_cells_are_numbers_without_percent(shown):
    matrix = pd.DataFrame([[38.2, 25.0], [31.0, np.nan]], index=["T1 2024", "T2 2024"], columns=[1, 2])
    charts.heatmap(matrix, "Clients qui rachètent (en %)", "Trimestres", "Cohorte")
    (figure,) = shown
    cells = sorted(t.get_text() for t in figure.axes[0].texts)
    assert cells == ["25", "31", "38"]
    assert_readable(figure)


# --- the font ---------------------------------------------------------------------------------------

def test_the_course_font_draws_french_spaces_and_signs():
    """U+202F (before %, €, and between thousands) and U+00A0 (before :) have a glyph."""
    charts.style()
    figure, ax = plt.subplots()
    ax.set_title("1\u202f234,50\u202f€ ; 3,2\u202f% ; Moyenne\u00a0: «\u00a0ok\u00a0» ! ?")
    ax.set_xlabel("Taux de réponse (%\u202fdes contacts valides)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.canvas.draw()
    plt.close(figure)
    assert not [w for w in caught if "missing" in str(w.message).lower()]


def test_a_missing_glyph_would_be_seen():
    """The check above can fail: a character the font lacks gives the warning."""
    charts.style()
    figure, ax = plt.subplots()
    ax.set_title("\u2fff")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.canvas.draw()
    plt.close(figure)
    assert [w for w in caught if "missing" in str(w.message).lower()]


def test_narrow_space_is_narrower_than_a_space():
    charts.style()
    figure = plt.figure()
    renderer = figure.canvas.get_renderer()
    widths = {}
    for name, space in [("narrow", "\u202f"), ("space", " ")]:
        text = figure.text(0, 0, f"1{space}234")
        widths[name] = text.get_window_extent(renderer).width
    plt.close(figure)
    assert widths["narrow"] < widths["space"]


def test_month_name():
    assert [charts.month_name(m) for m in range(1, 13)] == FRENCH_MONTHS
    with pytest.raises(KPIError):
        charts.month_name(13)


def test_bar_orientation_can_be_forced(shown):
    charts.bar(LONG_LABELS["magasins"], "Taux", "Taux (%)", kind="percent", horizontal=True)
    charts.bar(LONG_LABELS["produits"], "Part", "Part (%)", kind="percent", horizontal=False)
    horizontal, vertical = shown
    widths = [p.get_width() for p in horizontal.axes[0].patches if isinstance(p, Rectangle)][:3]
    assert widths == pytest.approx([16.3, 20.3, 22.3])
    labels = [t.get_text() for t in vertical.axes[0].get_xticklabels()]
    assert [t.replace("\n", " ") for t in labels] == list(LONG_LABELS["produits"].index)
    assert all("\n" in t for t in labels)
