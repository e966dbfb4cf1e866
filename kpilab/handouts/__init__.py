"""What a BTS MCO teacher hands out: one fiche de synthèse per bloc de compétences (PDF).

- :mod:`kpilab.handouts.catalog`: the KPIs as data (name, formula as the lesson writes it, unit,
  traps, lessons, kpilab functions, competences of the référentiel, worked example);
- :mod:`kpilab.handouts.examples`: the worked examples, computed by kpilab on Roue Libre's data;
- :mod:`kpilab.handouts.latex`: the lessons' formulas as HTML and text, without MathJax;
- :mod:`kpilab.handouts.fiche`: the pieces of a fiche (header, cards, footer) as displayable blocks;
- :mod:`kpilab.handouts.build`: ``fiches/fiche_bloc_N.ipynb`` (generated, executed), and
  ``fiches/fiche_bloc_3_gestion.ipynb`` (bloc 3's calculations of lesson 10, see ``catalog.PARTS``), each with its PDF
  (nbconvert's HTML export printed by Chromium, A4, one page), plus the glossary
  (:mod:`kpilab.glossary`). ``make fiches`` runs ``python -m kpilab.handouts``.

A fiche's cells only call the functions below::

    from kpilab import handouts
    handouts.card("taux_de_conversion")
"""

from kpilab.handouts.fiche import card, extra, footer, header, style

__all__ = ["card", "extra", "footer", "header", "style"]
