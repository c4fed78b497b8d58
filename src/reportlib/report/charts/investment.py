"""Charts 02: investment, every stated total by stage and period, and the average per project with
its bound, the district and the subdistricts side by side on one shared log axis."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib import colors as mcolors
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from reportlib.analysis import views
from reportlib.curation.load import Tables
from .claimed import chart_text
from .layout import attach_info, banded_figure
from .panels import panel_rows, panel_title, row_labels, row_text, split_by_level, stage_labels, stage_sort
from .provenance import figure_sources, source_line
from .style import BAR_HEIGHT, BAR_SHIFT, INK, place_colours
from reportlib.analysis.wording import average, bound_sign, number


def investment_by_stage(tables: Tables) -> Figure:
    """Every total-investment amount (亿元) by report, stage and period on a shared log axis: the
    district in one panel, the subdistricts in the other; hatched = plan, ≥ marks lower bounds."""
    money = views.investment(tables)
    money = money[money["metric"].astype(str) == "total_investment"].copy()
    money = stage_sort(tables, money)
    stages = stage_labels(tables)
    district, subdistricts = split_by_level(tables, money)

    title, subtitle = chart_text(tables, "02-investment-by-stage")
    ids = money["id"].astype(str).to_list()
    source = source_line(tables, ids)
    fig, body = banded_figure(title, subtitle, source)

    panels, n_rows, low, high = _level_panels(fig, money, "yi_yuan", district, subdistricts)
    for ax, rows, reports, heading in panels:
        periods = {str(r.period) for r in rows}
        for y, record in enumerate(rows):
            value = float(record.yi_yuan)
            plan = str(record.kind) != "actual"
            colour = place_colours(tables)[str(record.report)]
            ax.barh(y + BAR_SHIFT, value - low, left=low, height=BAR_HEIGHT,
                    color=mcolors.to_rgba(colour, 0.35) if plan else colour, edgecolor=colour,
                    hatch="//" if plan else None, linewidth=1.2)
            sign = bound_sign(record.bound)
            text = f"{sign}{number(value)}" + (f"  {record.period_label}" if len(periods) > 1 else "")
            ax.text(value * 1.2, y + BAR_SHIFT, text, va="center", ha="left", fontsize=14, color=INK)
        _finish_panel(ax, [row_text(stages, r, len(reports) > 1) for r in rows], n_rows, (low, high), heading,
                      "亿元 (100 million yuan), log scale")
    sources = figure_sources(tables, ids)
    return attach_info(fig, title, subtitle, source, sources, body)


def investment_per_project(tables: Tables) -> Figure:
    """Average investment per project (group total ÷ stated count), with its bound shown honestly:
    exact (filled), at most (◂), at least (▸), indeterminate (hollow, both numbers are bounds)."""
    money = views.investment(tables)
    money = money[(money["metric"].astype(str) == "total_investment") & money["per_project"].notna()].copy()
    money = stage_sort(tables, money)
    stages = stage_labels(tables)
    district, subdistricts = split_by_level(tables, money)
    title, subtitle = chart_text(tables, "02-investment-per-project")
    ids = money["id"].astype(str).to_list() + money["group_figure"].astype(str).to_list()
    source = source_line(tables, ids)
    fig, body = banded_figure(title, subtitle, source)

    panels, n_rows, low, high = _level_panels(fig, money, "per_project", district, subdistricts)
    for ax, rows, reports, heading in panels:
        for y, record in enumerate(rows):
            value = float(record.per_project)
            colour = place_colours(tables)[str(record.report)]
            bound = str(record.per_project_bound)
            at = y + BAR_SHIFT
            if bound in ("at_most", "at_least"):
                direction = -1 if bound == "at_most" else 1
                ax.annotate("", xy=(value * (3.0 ** direction), at), xytext=(value, at),
                            arrowprops=dict(arrowstyle="-|>", color=colour, lw=2.5, mutation_scale=22))
            hollow = bound == "indeterminate"
            ax.plot([value], [at], marker="o", markersize=13, linestyle="none", markeredgewidth=2.5,
                    markerfacecolor="white" if hollow else colour, markeredgecolor=colour)
            sign = {"exact": "", "about": "≈", "at_most": "≤", "at_least": "≥", "indeterminate": "? "}[bound]
            total = f"{bound_sign(record.bound)}{number(float(record.yi_yuan))}"
            count = f"{bound_sign(record.group_count_bound)}{number(float(record.group_count))}"
            shift = 3.6 if bound == "at_least" else 1.45
            ax.text(value * shift, at, f"{sign}{average(value)}  = {total} ÷ {count}", va="center", ha="left",
                    fontsize=14, color=INK)
        _finish_panel(ax, [row_text(stages, r, len(reports) > 1) for r in rows], n_rows, (low, high), heading,
                      "亿元 per project, log scale")
    sources = figure_sources(tables, ids)
    return attach_info(fig, title, subtitle, source, sources, body)


def _finish_panel(ax, labels: list[str], n_rows: int, limits: tuple[float, float], heading: str, xlabel: str) -> None:
    """Row labels, the shared log axis with its grid, the panel heading and the axis label."""
    row_labels(ax, labels, n_rows)
    _log_axis(ax, "x", *limits)
    ax.grid(axis="x")
    panel_title(ax, heading)
    ax.set_xlabel(xlabel, fontsize=15)


def _level_panels(fig: Figure, money: pd.DataFrame, column: str, district: list[str], subdistricts: list[str]):
    """Two panels sharing one log axis, the district's rows and the subdistricts' rows, so that the scale gap
    stays visible without ranking a district among subdistricts. Returns the panels (axes, rows, reports,
    heading), the row count of the taller panel and the axis limits."""
    headed = [(district, "District 区"), (subdistricts, "Subdistricts 街道")]
    rows_of = [panel_rows(money, reports) for reports, _ in headed]
    low = _decade_below(float(money[column].min()))
    high = 10 ** math.ceil(math.log10(float(money[column].max()) * 1.5))
    axes = fig.subplots(1, 2, sharex=True)
    panels = [(ax, rows, reports, heading) for ax, rows, (reports, heading) in zip(axes, rows_of, headed)]
    return panels, max(len(rows) for rows in rows_of), low, high


def _decade_below(value: float) -> float:
    """The power of ten at or below `value`, one lower when the value sits on it (room for a marker)."""
    low = 10 ** math.floor(math.log10(value))
    return low / 10 if value / low < 2 else low


def _log_axis(ax, axis: str, low: float, high: float, unit: str = "") -> None:
    """A log axis with plain-number ticks at each power of ten (0.001 … 1,000)."""
    setter = ax.set_xscale if axis == "x" else ax.set_yscale
    setter("log")
    (ax.set_xlim if axis == "x" else ax.set_ylim)(low, high)
    ticks = [10.0 ** k for k in range(math.ceil(math.log10(low)), math.floor(math.log10(high)) + 1)]
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(FixedLocator(ticks))
    target.set_minor_locator(NullLocator())
    target.set_major_formatter(FuncFormatter(lambda v, _: number(v) + unit))
    ax.tick_params(axis=axis, labelsize=14)
