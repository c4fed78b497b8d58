"""Chart 01: what each report covers, report by metric family, with the gaps shown as gaps."""

from __future__ import annotations

import matplotlib
from matplotlib import colors as mcolors
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from reportlib.analysis import views
from reportlib.curation.load import Tables
from .claimed import chart_text
from .layout import attach_info, banded_figure
from .provenance import figure_sources, source_line
from .style import INK, NOT_REPORTED


def coverage_matrix(tables: Tables) -> Figure:
    """Report × metric family: how many figures each report gives; empty cells say 'not reported'."""
    matrix = views.metric_families(tables)
    places = views.places(tables).set_index("report")
    n_families = matrix.shape[1]
    title, subtitle = chart_text(tables, "01-metric-coverage")
    all_ids = views.figures_view(tables)["id"].astype(str).to_list()
    source = source_line(tables, all_ids, reports=views.place_order(tables))
    fig, body = banded_figure(title, subtitle, source)

    ax = fig.add_subplot()
    values = matrix.to_numpy()
    crowded = values.shape[0] > 6  # many places: smaller type, so that every cell keeps its words
    note_size, count_size, label_size = (9, 14, 13) if crowded else (12, 20, 18)
    norm = mcolors.PowerNorm(0.5, vmin=1, vmax=max(values.max(), 2))
    cmap = matplotlib.colormaps["Blues"]
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            count = values[i, j]
            face = NOT_REPORTED if count == 0 else cmap(0.15 + 0.8 * norm(count))
            ax.add_patch(Rectangle((j - 0.48, i - 0.46), 0.96, 0.92, facecolor=face, edgecolor="white"))
            if count == 0:
                ax.text(j, i, "not\nreported", ha="center", va="center", fontsize=note_size, color="#888888",
                        fontstyle="italic", linespacing=1.0)
            else:
                shade = 0.15 + 0.8 * norm(count)
                ax.text(j, i, str(count), ha="center", va="center", fontsize=count_size,
                        color="white" if shade > 0.55 else INK)
    totals = matrix.sum(axis=1)
    for i, report in enumerate(matrix.index):
        ax.text(n_families, i, f"{totals[report]}", ha="center", va="center", fontsize=count_size, color=INK)
    ax.set_xlim(-0.5, n_families + 0.5)
    ax.set_ylim(values.shape[0] - 0.5, -0.5)
    ax.set_xticks(range(n_families + 1), [c.capitalize() for c in matrix.columns] + ["All"], fontsize=12 if crowded else 15)
    ax.xaxis.tick_top()
    separator = " · " if crowded else "\n"
    labels = [f"{places.loc[r, 'label']}{separator}{places.loc[r, 'level']}" for r in matrix.index]
    ax.set_yticks(range(len(labels)), labels, fontsize=label_size, linespacing=1.1)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    sources = figure_sources(tables, all_ids)
    return attach_info(fig, title, subtitle, source, sources, body)
