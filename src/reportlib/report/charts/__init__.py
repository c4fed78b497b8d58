"""Slide-ready charts (16:9, Chinese labels) whose titles are claims that hold up.

Every chart function takes the loaded tables (or, for the text charts, the frame the text
analysis produces) and returns a matplotlib Figure sized for a 16:9 slide. Each figure has
three bands: a header (the finding as title, a caveat line), the chart body, and a footer
naming the reports and figure ids it draws on. Titles and subtitles are the claim records of
reportlib.analysis.claims at "chart:<name>:title" and ":subtitle" (claimed.py), never typed in. `info(fig)` returns the texts and the quotes behind the
numbers, which the deck puts into its speaker notes.

Figures are created with matplotlib.figure.Figure, not pyplot, so that building many charts
holds no global state; importing pyplot here still lets Jupyter's inline backend display a
returned Figure.

The modules, one job each: style (colours, sizes, font), wording (numbers as written), layout
(the three bands, ChartInfo), claimed (titles from claims), provenance (source lines and quotes), panels (rows shared by the
panel charts), coverage, investment, growth, projects and text_charts (the charts), registry
(charts by name) and output (PNG, SVG, saving). This module re-exports what other code uses.
"""

import matplotlib.pyplot as plt  # noqa: F401  (activates the notebook display of Figure objects)

from .coverage import coverage_matrix
from .growth import comparable_growth, growth_rates
from .investment import investment_by_stage, investment_per_project
from .layout import ChartError, ChartInfo, info
from .output import body_png, render, save
from .projects import project_counts
from .registry import CHARTS, ChartSpec, figure, sources, spec
from .style import DPI, HEIGHT, WIDTH, apply_style, chart_characters
from .text_charts import theme_shares, top_terms

__all__ = [
    "CHARTS",
    "DPI",
    "HEIGHT",
    "WIDTH",
    "ChartError",
    "ChartInfo",
    "ChartSpec",
    "apply_style",
    "body_png",
    "chart_characters",
    "comparable_growth",
    "coverage_matrix",
    "figure",
    "growth_rates",
    "info",
    "investment_by_stage",
    "investment_per_project",
    "project_counts",
    "render",
    "save",
    "sources",
    "spec",
    "theme_shares",
    "top_terms",
]
