"""Charts 02: investment, every stated total by stage and period, and the average per project with
its bound, the district and the subdistricts side by side on one shared log axis."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from reportlib.analysis import views
from reportlib.curation.load import Tables
from .claimed import chart_text
from .layout import attach_info, banded_figure, keep_texts_inside
from .layout import ChartError
from .panels import (figure_legend, hidden_rows, largest_panel, level_panels, panel_note, panel_rows, panel_title, row_labels, row_text,
                     rows_that_fit, split_by_level, stage_labels, stage_sort)
from .provenance import figure_sources, source_line
from .style import BAR_SHIFT, INK, kind_handles, kind_marker, place_colours
from reportlib.analysis.wording import average, bound_sign, number


BOUND_REACH = 10.0  # a bound's arrow (or an unknown's dotted span) reaches one decade of the log axis: visible


def investment_by_stage(tables: Tables) -> Figure:
    """Every total-investment amount (亿元) by report, stage and period on a shared log axis: the
    district in one panel, the subdistricts in the other; hollow dot = plan, ≥ marks lower bounds."""
    money = views.investment(tables)
    money = money[money["metric"].astype(str) == "total_investment"].copy()
    money = stage_sort(tables, money)
    stages = stage_labels(tables)
    district, subdistricts = split_by_level(tables, money)
    if not district or not subdistricts:
        raise ChartError("investment by stage compares the levels: it needs amounts of a district and a subdistrict")

    title, subtitle = chart_text(tables, "02-investment-by-stage")
    ids = money["id"].astype(str).to_list()
    source = source_line(tables, ids)
    fig, body = banded_figure(title, subtitle, source)

    panels, n_rows, low, high = _level_panels(fig, tables, money, "yi_yuan")
    colours = place_colours(tables)
    for ax, rows, reports, heading in panels:
        periods = {str(r.period) for r in rows}
        for y, record in enumerate(rows):  # a dot plot: on a log axis a bar's length would mean nothing
            value = float(record.yi_yuan)
            colour = colours[str(record.report)]
            ax.plot([value], [y + BAR_SHIFT], **kind_marker(str(record.kind), colour))
            text = f"{bound_sign(record.bound)}{number(value)}" + (f" · {record.period_label}" if len(periods) > 1 else "")
            ax.annotate(text, (value, y + BAR_SHIFT), xytext=(11, 0), textcoords="offset points",
                        va="center", ha="left", fontsize=14, color=INK)
        _finish_panel(ax, [row_text(stages, r, len(reports) > 1) for r in rows], n_rows, (low, high), heading,
                      "亿元 (100 million yuan), log scale")
        panel_note(ax, hidden_rows(money, reports, rows))
    keep_texts_inside(fig, [(ax, _value_labels(ax)) for ax, *_ in panels])
    sources = figure_sources(tables, ids)
    return attach_info(fig, title, subtitle, source, sources, body)


def investment_per_project(tables: Tables) -> Figure:
    """Average investment per project (group total ÷ stated count), with its bound shown honestly:
    exact (filled), at most (◂), at least (▸), indeterminate (hollow, both numbers are bounds)."""
    money = views.investment(tables)
    money = money[(money["metric"].astype(str) == "total_investment") & money["per_project"].notna()].copy()
    money = stage_sort(tables, money)
    stages = stage_labels(tables)
    title, subtitle = chart_text(tables, "02-investment-per-project")
    ids = money["id"].astype(str).to_list() + money["group_figure"].astype(str).to_list()
    source = source_line(tables, ids)
    fig, body = banded_figure(title, subtitle, source)

    reach_down = money["per_project_bound"].astype(str).map(
        lambda bound: BOUND_REACH if bound in ("at_most", "indeterminate") else 1.0)
    panels, n_rows, low, high = _level_panels(fig, tables, money, "per_project", reach_down)
    colours = place_colours(tables)
    for ax, rows, reports, heading in panels:
        for y, record in enumerate(rows):
            value = float(record.per_project)
            colour = colours[str(record.report)]
            bound = str(record.per_project_bound)
            at = y + BAR_SHIFT
            if bound in ("at_most", "at_least"):
                direction = -1 if bound == "at_most" else 1
                ax.annotate("", xy=(value * (BOUND_REACH ** direction), at), xytext=(value, at),
                            arrowprops=dict(arrowstyle="-|>", color=colour, lw=2.5, mutation_scale=22))
            if bound == "indeterminate":  # both numbers are bounds: a dotted span, the value unknown
                ax.plot([value / BOUND_REACH, value * BOUND_REACH], [at, at], color=colour, linestyle=":", linewidth=2.5)
            ax.plot([value], [at], **kind_marker(str(record.kind), colour, 12))
            sign = {"exact": "", "about": "≈", "at_most": "≤", "at_least": "≥", "indeterminate": "? "}[bound]
            total = f"{bound_sign(record.bound)}{number(float(record.yi_yuan))}"
            count = f"{bound_sign(record.group_count_bound)}{number(float(record.group_count))}"
            reach = BOUND_REACH if bound in ("at_least", "indeterminate") else 1.0
            ax.annotate(f"{sign}{average(value)} = {total} ÷ {count}", (value * reach, at),
                        xytext=(12, 0), textcoords="offset points", va="center", ha="left", fontsize=14, color=INK)
        _finish_panel(ax, [row_text(stages, r, len(reports) > 1) for r in rows], n_rows, (low, high), heading,
                      "亿元 per project, log scale")
        panel_note(ax, hidden_rows(money, reports, rows))
    keep_texts_inside(fig, [(ax, _value_labels(ax)) for ax, *_ in panels])
    sources = figure_sources(tables, ids)
    return attach_info(fig, title, subtitle, source, sources, body)


def _value_labels(ax) -> list:
    """The labels written beside the marks (an arrow's annotation has no text and stays out)."""
    return [t for t in ax.texts if t.get_text() and t.get_position() != (0, 0)]


def _finish_panel(ax, labels: list[str], n_rows: int, limits: tuple[float, float], heading: str, xlabel: str,
                  handles: list | None = None) -> None:
    """Row labels, the shared log axis with its grid, the panel heading, its legend and the axis label."""
    row_labels(ax, labels, n_rows)
    _log_axis(ax, "x", *limits)
    ax.grid(axis="x")
    panel_title(ax, heading, handles)
    ax.set_xlabel(xlabel, fontsize=15)


def _level_panels(fig: Figure, tables: Tables, money: pd.DataFrame, column: str, reach_down: pd.Series | None = None):
    """One panel per level (vocabulary order) sharing one log axis, so that the scale gap stays visible
    without ranking a district among subdistricts. `reach_down`: per row, the factor below its value that
    a mark reaches (a bound's arrow). Returns the panels (axes, rows, reports, heading), the row count of
    the tallest panel and the axis limits."""
    headed = level_panels(tables, money)
    lowest = money[column].astype(float) / (reach_down if reach_down is not None else 1.0)
    low = _decade_below(float(lowest.min()))
    high = 10 ** math.ceil(math.log10(float(money[column].max()) * 1.5) + 0.6)  # room for the labels
    figure_legend(fig, kind_handles(money["kind"]))
    limit = rows_that_fit(fig, largest_panel(money, headed))
    rows_of = [panel_rows(money, reports, column, limit) for _, reports in headed]
    axes = fig.subplots(1, len(headed), sharex=True, squeeze=False)[0]
    panels = [(ax, rows, reports, heading) for ax, rows, (heading, reports) in zip(axes, rows_of, headed)]
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
    decades = list(range(math.ceil(math.log10(low)), math.floor(math.log10(high)) + 1))
    step = max(1, math.ceil(len(decades) / 3))  # at most about three labelled gridlines: labels never touch
    ticks = [10.0 ** k for k in decades if (k - decades[-1]) % step == 0]
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(FixedLocator(ticks))
    target.set_minor_locator(NullLocator())
    target.set_major_formatter(FuncFormatter(lambda v, _: number(v) + unit))
    ax.tick_params(axis=axis, labelsize=14)
