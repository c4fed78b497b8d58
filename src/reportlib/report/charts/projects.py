"""Chart 04: projects, the count each report states beside how many of them it names."""

from __future__ import annotations

from matplotlib import colors as mcolors
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from reportlib.analysis import views
from reportlib.curation.load import Tables
from .layout import attach_info, banded_figure
from .panels import panel_rows, panel_title, row_labels, row_text, split_by_level, stage_labels, stage_sort
from .provenance import figure_sources, place_labels, source_line
from .style import BAR_HEIGHT, BAR_SHIFT, INK, MUTED, place_colours
from reportlib.analysis.wording import bound_sign, join_words, number


def project_counts(tables: Tables) -> Figure:
    """Projects by stage and report: the count each report states (pale bar, ≥ for 'at least') and
    how many of them it names (dark bar); the district and the subdistricts on separate scales."""
    counts = stage_sort(tables, views.project_counts(tables).copy())
    labels, stages = place_labels(tables), stage_labels(tables)
    order = views.place_order(tables)
    district, subdistricts = split_by_level(tables, counts)
    complete = (counts["named"] == counts["count"].astype(float))
    full_places = [labels[r] for r in order if r in set(counts["report"].astype(str))
                   and complete[counts["report"].astype(str) == r].all()]
    unnamed = int((counts["named"] == 0).sum())
    silent = [labels[r] for r in order if r not in set(counts["report"].astype(str))]
    head = (f"Only {join_words(full_places)} names every project it counts" if full_places
            else "No report names every project it counts")
    title = f"{head}; {unnamed} of {len(counts)} stated project counts come with no project named at all"
    subtitle = ("Pale bar: projects the report says it has (≥: '以上', '余', at least); dark bar: projects it names. "
                "Separate scales for district and subdistricts; groups can overlap."
                + (f" {join_words(silent)} states no project count." if silent else ""))
    ids = counts["id"].astype(str).to_list()
    source = source_line(tables, ids)
    fig, body = banded_figure(title, subtitle, source)

    panels = [(subdistricts, "Subdistricts 街道"), (district, "District 区")]
    rows_of = [panel_rows(counts, reports) for reports, _ in panels]
    n_rows = max(len(rows) for rows in rows_of)
    axes = fig.subplots(1, 2)
    for ax, rows, (reports, heading) in zip(axes, rows_of, panels):
        high = max(float(r.count) for r in rows)
        for y, record in enumerate(rows):
            stated, named = float(record.count), int(record.named)
            colour = place_colours(tables)[str(record.report)]
            ax.barh(y + BAR_SHIFT, stated, height=BAR_HEIGHT, color=mcolors.to_rgba(colour, 0.3), edgecolor=colour,
                    linewidth=1.2)
            if named:
                ax.barh(y + BAR_SHIFT, named, height=BAR_HEIGHT * 0.55, color=colour)
            sign = bound_sign(record.bound)
            ax.text(stated + high * 0.02, y + BAR_SHIFT,
                    f"{sign}{number(stated)} stated, {named} named · {record.period_label} {record.kind}",
                    va="center", ha="left", fontsize=13, color=INK)
        row_labels(ax, [row_text(stages, r, len(reports) > 1) for r in rows], n_rows)
        ax.set_xlim(0, high * 1.9)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
        handles = [Patch(facecolor=mcolors.to_rgba(MUTED, 0.3), edgecolor=MUTED, label="stated"),
                   Patch(facecolor=MUTED, label="named")] if heading.startswith("District") else None
        panel_title(ax, heading, handles)
    sources = figure_sources(tables, ids)
    return attach_info(fig, title, subtitle, source, sources, body)
