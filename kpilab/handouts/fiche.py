"""What a fiche de synthèse shows: its style, its header, one card per KPI, the bloc's extras, its footer.

A fiche is a notebook (:mod:`kpilab.handouts.build`) whose code cells call these functions; each
returns an object that Jupyter displays as HTML (``_repr_html_``) and as plain text (``repr``),
so the saved outputs are the fiche and nbval can compare them. The worked examples are computed
from the course data when the cell runs. The same CSS styles the cards in JupyterLab and lays the
page out for printing (A4, two columns of cards, the header and footer across).
"""

from __future__ import annotations

import functools
import html
import re

from kpilab import referentiel
from kpilab.formatting import format_days, format_number
from kpilab.handouts import catalog, examples, latex

__all__ = ["CSS", "PAGE", "Block", "style", "header", "card", "extra", "footer", "data"]

PERIOD = "2024-2025"
PAGE = "kp-page"  # the class of the printed page's element that holds the cells (a two-column grid)

# Debian's DejaVu fonts (installed with Chromium) have every character the fiches use, U+202F included.
FONTS = ", ".join(['"DejaVu Sans Condensed"', '"DejaVu Sans"', "sans-serif"])
MONO = ", ".join(['"DejaVu Sans Mono"', "monospace"])
CSS = """
.kp-fiche { font-family: $FONTS; font-size: 8pt;
  line-height: 1.25; color: #1d2733; font-variant-ligatures: none; }
.kp-fiche h1 { font-size: 14.5pt; margin: 0.5mm 0 1mm; color: #1f5f8b; }
.kp-fiche h2 { font-size: 10.5pt; margin: 0; color: #1f5f8b; }
.kp-fiche p { margin: 0.6mm 0; }
.kp-kicker { font-size: 7.6pt; letter-spacing: 0.06em; text-transform: uppercase; color: #5b6b7b; }
.kp-header { border-bottom: 0.6mm solid #1f5f8b; padding-bottom: 1.5mm; }
.kp-card { border: 0.3mm solid #c5d0db; border-radius: 1.5mm; padding: 1.5mm 2.4mm; height: 100%;
  box-sizing: border-box; }
.kp-title { display: flex; justify-content: space-between; align-items: baseline; gap: 2mm; }
.kp-meta { font-size: 7.4pt; color: #5b6b7b; white-space: nowrap; }
.kp-formula { background: #eef3f8; border-radius: 1mm; padding: 1.2mm 2mm; margin: 1mm 0;
  text-align: center; font-size: 8.4pt; }
.kp-formula + .kp-formula { margin-top: -0.6mm; }
.kp-formula var { font-style: italic; }
.kp-formula .side { white-space: nowrap; }
.frac { display: inline-flex; flex-direction: column; vertical-align: middle; text-align: center;
  margin: 0 0.15em; }
.frac .num { border-bottom: 0.25mm solid currentColor; padding: 0 0.25em 0.2mm; }
.frac .den { padding: 0.2mm 0.25em 0; }
.frac .sep, .frac .paren { display: none; }
.kp-unit { font-size: 7.8pt; }
.kp-unit code { font-family: $MONO; font-size: 7pt; color: #3d4b59; }
.kp-traps { margin: 0.8mm 0; padding-left: 3.6mm; }
.kp-traps li { margin: 0.3mm 0; }
.kp-example { border-left: 0.8mm solid #d9822b; background: #fcf3e8; padding: 1mm 2mm; margin-top: 1mm; }
.kp-example .kp-note { font-size: 7.6pt; color: #5b4a36; }
.kp-footer { font-size: 7pt; color: #5b6b7b; border-top: 0.3mm solid #c5d0db; padding-top: 1mm; }
.kp-table { border-collapse: collapse; margin: 1mm 0; }
.kp-table th, .kp-table td { border-bottom: 0.25mm solid #c5d0db; padding: 0.6mm 2.5mm; }
.kp-table th { text-align: left; color: #1f5f8b; }
.kp-table td.n { text-align: right; }
@media print {
  @page { size: A4; margin: 7mm 9mm; }
  html, body { margin: 0; }
  .kp-page { display: grid; grid-template-columns: 1fr 1fr; gap: 2.2mm; }
  .kp-page > .cell:has(.kp-wide) { grid-column: 1 / -1; }
  .kp-page > .cell:has(.kp-style) { display: none; }
  .kp-page .output_wrapper, .kp-page .output, .kp-page .output_area, .kp-page .output_subarea { height: 100%; }
}
""".replace("$FONTS", FONTS).replace("$MONO", MONO)


class Block:
    """A piece of a fiche: HTML for Jupyter and the PDF, plain text for reading and nbval."""

    def __init__(self, html_text: str, plain_text: str):
        self.html, self.text = html_text, plain_text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _e(text) -> str:
    return html.escape(str(text), quote=False)


@functools.lru_cache(maxsize=1)
def data() -> dict:
    """The course tables, loaded once per kernel."""
    from kpilab import datasets

    return datasets.load_all()


def style() -> Block:
    """The fiche's CSS (hidden when printed); run it first."""
    return Block(f'<div class="kp-style"><style>{CSS}</style></div>', "(mise en page de la fiche)")


def _lessons(codes) -> str:
    codes = sorted(codes)
    word = "Leçon" if len(codes) == 1 else "Leçons"
    return f"{word} " + ", ".join(codes)


def _competences(bloc: int, kpis) -> list[referentiel.Competence]:
    codes = sorted({code for k in kpis for code in k.competences if referentiel.competence(code).bloc == bloc})
    return [referentiel.competence(code) for code in codes]


def header(bloc: int, part: str = "") -> Block:
    """The bloc's title, épreuve and competences, with the lessons its KPIs come from (of fiche ``part``)."""
    b = referentiel.BLOCS[bloc]
    kpis = catalog.kpis_of_bloc(bloc, part)
    competences = _competences(bloc, kpis)
    lessons = sorted({lesson for k in kpis for lesson in k.lessons})
    kicker = f"BTS MCO · Fiche de synthèse · bloc {bloc}"
    title = f"Bloc {bloc} — {b.title}" + (f" : {catalog.PARTS[bloc][part]}" if part else "")
    epreuve = (f"Épreuve {b.epreuve} (ancienne numérotation : {b.former}), "
               f"{b.epreuve_title.lower()} : {b.form}")
    skills = " · ".join(f"{c.code} {c.title}" for c in competences)
    source = (f"{_lessons(lessons)} de KPI Lab ; exemples calculés par kpilab sur les données "
              f"de Roue Libre ({PERIOD})")
    markup = (f'<div class="kp-fiche kp-header kp-wide"><div class="kp-kicker">{_e(kicker)}</div>'
              f"<h1>{_e(title)}</h1><p>{_e(epreuve)}</p>"
              f"<p><b>Compétences :</b> {_e(skills)}. {_e(source)}.</p></div>")
    text = "\n".join([kicker, title, epreuve, f"Compétences : {skills}. {source}."])
    return Block(markup, text)


def card(key: str) -> Block:
    """The card of one KPI: formula(s), unit, traps and a worked example on Roue Libre's data."""
    kpi = catalog.kpi(key)
    example = examples.EXAMPLES[kpi.example](data())
    meta = f"{_lessons(kpi.lessons)} · {' · '.join(kpi.competences)}"
    calls = ", ".join(f"kpilab.{name}" for name in kpi.functions)
    formulas_html = "".join(f'<div class="kp-formula">{latex.html(f)}</div>' for f in kpi.formulas)
    traps_html = "".join(f"<li>{_e(trap)}</li>" for trap in kpi.traps)
    note = f'<div class="kp-note">{_e(example.note)}</div>' if example.note else ""
    markup = (
        f'<div class="kp-fiche kp-card"><div class="kp-title"><h2>{_e(kpi.name)}</h2>'
        f'<span class="kp-meta">{_e(meta)}</span></div>{formulas_html}'
        f'<div class="kp-unit"><b>Unité :</b> {_e(kpi.unit)} · <code>{_e(calls)}</code></div>'
        f'<ul class="kp-traps">{traps_html}</ul>'
        f'<div class="kp-example"><b>Chez Roue Libre :</b> {_e(example.where)}<br>'
        f"{_e(example.calculation)}{note}</div></div>"
    )
    lines = [f"{kpi.name} ({meta})", *(f"  {latex.plain(f)}" for f in kpi.formulas),
             f"  Unité : {kpi.unit} ; {calls}", "  Pièges :",
             *(f"  - {trap}" for trap in kpi.traps),
             f"  Chez Roue Libre : {example.where} : {example.calculation}"
             + (f" ({example.note})" if example.note else "")]
    return Block(markup, "\n".join(lines))


def _cycle_by_seller() -> Block:
    rows = examples.cycle_by_seller(data())
    title = "Vendeur par vendeur : le cycle des affaires gagnées (leçon 03)"
    head = "<tr><th>Commercial</th><th>Affaires gagnées</th><th>Cycle moyen</th><th>Cycle médian</th></tr>"
    body = "".join(
        f'<tr><td>{_e(r.seller)}</td><td class="n">{format_number(r.won)}</td>'
        f'<td class="n">{format_days(r.mean, digits=1)}</td><td class="n">{format_days(r.median, digits=1)}</td></tr>'
        for r in rows)
    means, medians = [r.mean for r in rows], [r.median for r in rows]
    reading = (f"Les moyennes vont de {format_days(min(means), digits=1)} à {format_days(max(means), digits=1)}, "
               f"les médianes de {format_days(min(medians), digits=1)} à {format_days(max(medians), digits=1)} : "
               "pour juger un vendeur, compare la moyenne et la médiane, sur des affaires comparables "
               "(taille du client, secteur) et sur assez d'affaires.")
    markup = (f'<div class="kp-fiche kp-card kp-wide"><h2>{_e(title)}</h2>'
              f'<table class="kp-table">{head}{body}</table><p>{_e(reading)}</p></div>')
    lines = [title, *(f"  {r.seller} : {format_number(r.won)} affaires gagnées, "
                      f"moyenne {format_days(r.mean, digits=1)}, médiane {format_days(r.median, digits=1)}"
                      for r in rows), reading]
    return Block(markup, "\n".join(lines))


EXTRAS = {"cycle_by_seller": _cycle_by_seller}


def extra(name: str) -> Block:
    """One of a bloc's extras (:data:`kpilab.handouts.catalog.BLOC_EXTRAS`)."""
    return EXTRAS[name]()


def footer(bloc: int) -> Block:
    """Where everything comes from: the lessons, the data, the référentiel."""
    text, _url = referentiel.SOURCES["arrete_2018"]
    short = re.match(r"Arrêté du \d+ \w+ \d{4}", text)
    line = (f"Fiche générée par kpilab (make fiches) : formules et pièges des leçons de KPI Lab, chiffres "
            f"calculés sur les données de Roue Libre, l'entreprise fictive du cours. Référentiel du BTS MCO : "
            f"{short.group().lower() if short else text}.")
    markup = f'<div class="kp-fiche kp-footer kp-wide">{_e(line)}</div>'
    return Block(markup, line)
