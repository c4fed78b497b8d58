"""The charts of the workbook by name: which notebook shows each, how it is built, whether it goes
into the deck. Export, the deck and the notebooks build charts through here, so a name means the
same chart everywhere."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd
from matplotlib.figure import Figure

from reportlib.curation.load import Tables
from .coverage import coverage_matrix
from .growth import comparable_growth, growth_rates
from .investment import investment_by_stage, investment_per_project
from .layout import ChartError, describe, info
from .projects import project_counts
from .text_charts import theme_shares_chart, top_terms_chart


@dataclass(frozen=True)
class ChartSpec:
    """A chart of the workbook: file stem (numbered after its notebook), the notebook that shows it,
    the function building it from the tables, and whether it goes into the slide deck."""

    name: str
    notebook: str
    build: Callable[[Tables], Figure]
    deck: bool = True


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("01-metric-coverage", "notebooks/01-sources.ipynb", coverage_matrix),
    ChartSpec("02-investment-by-stage", "notebooks/02-investment.ipynb", investment_by_stage),
    ChartSpec("02-investment-per-project", "notebooks/02-investment.ipynb", investment_per_project),
    ChartSpec("03-growth-rates", "notebooks/03-growth.ipynb", growth_rates),
    ChartSpec("03-comparable-growth", "notebooks/03-growth.ipynb", comparable_growth),
    ChartSpec("04-project-counts", "notebooks/04-projects.ipynb", project_counts),
    ChartSpec("05-top-terms", "notebooks/05-text.ipynb", top_terms_chart),
    ChartSpec("05-theme-shares", "notebooks/05-text.ipynb", theme_shares_chart),
)


def spec(name: str) -> ChartSpec:
    """The registry entry of a chart, or a ChartError listing the known names."""
    for entry in CHARTS:
        if entry.name == name:
            return entry
    raise ChartError(f"no chart named {name!r} (known: {', '.join(c.name for c in CHARTS)})")


def figure(name: str, tables: Tables) -> Figure:
    """Build a registry chart by name; the figure's info(fig).name is set to it."""
    fig = spec(name).build(tables)
    return describe(fig, replace(info(fig), name=name))


def sources(name: str, tables: Tables) -> pd.DataFrame:
    """The figures a registry chart draws on: id, place, mention (as written) and quote."""
    return info(figure(name, tables)).sources.copy()
