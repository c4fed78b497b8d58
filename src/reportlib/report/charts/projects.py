"""Chart 04: projects, the count each report states beside how many of them it names."""

from __future__ import annotations

from matplotlib import colors as mcolors
from matplotlib.figure import Figure

from reportlib.analysis import views
from reportlib.curation.load import Tables
from .claimed import chart_text
from matplotlib.ticker import MaxNLocator

from .layout import attach_info, banded_figure, keep_texts_inside
from .panels import (hidden_rows, largest_panel, level_panels, panel_note, panel_rows, panel_title, row_labels,
                     row_text, rows_that_fit, stage_labels, stage_sort)
from .provenance import figure_sources, source_line
from .style import BAR_HEIGHT, BAR_SHIFT, INK, place_colours
from reportlib.analysis.wording import bound_sign, number


def project_counts(tables: Tables) -> Figure:
    """Projects by stage and report: the count each report states (pale bar, ≥ for 'at least') and
    how many of them it names (dark bar); the district and the subdistricts on separate scales."""
    counts = stage_sort(tables, views.project_counts(tables).copy())
    stages = stage_labels(tables)
    title, subtitle = chart_text(tables, "04-project-counts")
    ids = counts["id"].astype(str).to_list()
    source = source_line(tables, ids)
    fig, body = banded_figure(title, subtitle, source)

    panels = level_panels(tables, counts)
    limit = rows_that_fit(fig, largest_panel(counts, panels))
    rows_of = [panel_rows(counts, reports, "stated_count", limit) for _, reports in panels]
    n_rows = max(len(rows) for rows in rows_of)
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    colours = place_colours(tables)
    placed = []
    for ax, rows, (heading, reports) in zip(axes, rows_of, panels):
        high = max(float(r.stated_count) for r in rows)
        texts = []
        for y, record in enumerate(rows):
            stated, named = float(record.stated_count), int(record.named)
            colour = colours[str(record.report)]
            ax.barh(y + BAR_SHIFT, stated, height=BAR_HEIGHT, color=mcolors.to_rgba(colour, 0.3), edgecolor=colour,
                    linewidth=1.2)
            if named:
                ax.barh(y + BAR_SHIFT, named, height=BAR_HEIGHT * 0.55, color=colour)
            sign = bound_sign(record.bound)
            # the label names both bars, so no legend is needed: pale = stated, solid = named
            texts.append(ax.annotate(f"{sign}{number(stated)} stated, {named} named",
                                     (stated, y + BAR_SHIFT), xytext=(6, 0), textcoords="offset points",
                                     va="center", ha="left", fontsize=13, color=INK))
        row_labels(ax, [f"{row_text(stages, r, len(reports) > 1)} ({r.period_label} {r.kind})" for r in rows], n_rows)
        ax.set_xlim(0, high * 1.05)
        ax.xaxis.set_major_locator(MaxNLocator(3, integer=True))
        ax.grid(axis="x")
        ax.set_xlabel("projects", fontsize=14)
        panel_title(ax, heading)
        panel_note(ax, hidden_rows(counts, reports, rows))
        placed.append((ax, texts))
    keep_texts_inside(fig, placed)
    sources = figure_sources(tables, ids)
    return attach_info(fig, title, subtitle, source, sources, body)
