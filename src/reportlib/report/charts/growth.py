"""Charts 03: growth, every rate as reported, and the few pairs that can be compared side by side.

Rates differ in period, kind (actual, estimate, plan) and level; the first chart shows them all
with those differences marked, the second only the pairs that share indicator and year.
"""

from __future__ import annotations

import re

import pandas as pd
from matplotlib import colors as mcolors
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from reportlib.analysis import views
from reportlib.curation import places
from reportlib.curation.load import Tables
from .claimed import chart_text
from .layout import ChartError, attach_info, banded_figure, keep_texts_inside
from .panels import (LABEL_ABOVE_PITCH, NOTE_LINE, figure_legend, fit_heading, level_panels, panel_note, panel_title,
                     row_labels_above, rows_height, rows_that_fit)
from .provenance import figure_sources, source_line
from .style import BAR_HEIGHT, BAR_SHIFT, INK, MUTED, kind_handles, kind_marker, place_colours
from reportlib.analysis.wording import bound_sign, mid_sentence, number, signed

KIND_WORDS = {"actual": "actual", "estimate": "estimate (预计)", "plan": "plan"}


def _indicator(record) -> str:
    """A growth figure's indicator in words: 'budget revenue', 'road traffic fatal accidents'."""
    if str(_get(record, "metric")) == "other_change":
        return str(_get(record, "subject_en"))
    return mid_sentence(re.sub(r" growth$", "", str(_get(record, "metric_label"))))


def _get(record, name: str):
    return record[name] if isinstance(record, pd.Series) else getattr(record, name)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def growth_rates(tables: Tables) -> Figure:
    """Every growth rate or change by indicator and place: the district and the subdistricts in
    separate panels (their scales differ by an order of magnitude); the marker says actual, estimate
    or plan; 正增长 (positive, no number) and multiples (倍) are written out, never plotted as numbers."""
    rates = views.growth(tables).copy()
    title, subtitle = chart_text(tables, "03-growth-rates")
    ids = rates["id"].astype(str).to_list()
    source = source_line(tables, ids)
    fig, body = banded_figure(title, subtitle, source)

    panels = level_panels(tables, rates)
    figure_legend(fig, kind_handles(rates["kind"]))
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    every_row = [_growth_rows(rates, reports) for _, reports in panels]
    limit = rows_that_fit(fig, max(len(rows) for rows in every_row), LABEL_ABOVE_PITCH)
    layouts = [_most_figures(rows, limit) for rows in every_row]
    n_rows = max(len(rows) for rows in layouts)
    placed = []
    for ax, rows, shown, (heading, reports) in zip(axes, every_row, layouts, panels):
        texts = _growth_panel(ax, shown, many_places=len(reports) > 1, n_rows=n_rows, colours=place_colours(tables))
        panel_title(ax, heading)
        panel_note(ax, len(rows) - len(shown), "more")
        placed.append((ax, texts))
    keep_texts_inside(fig, placed)
    sources = figure_sources(tables, ids)
    return attach_info(fig, title, subtitle, source, sources, body)


def _growth_rows(rates: pd.DataFrame, reports: list[str]) -> list[tuple[str, list]]:
    """(row label, records) for one panel: one row per indicator (per subject for 'other change'),
    then one row per figure that is not a per-cent number (正增长, multiples)."""
    part = rates[rates["report"].astype(str).isin(reports)]
    numeric, words = [], []
    groups: dict[str, list] = {}
    for record in part.itertuples():
        if bool(record.qualitative) or str(record.unit_norm) != "%":
            words.append((f"{_capital(_indicator(record))} {record.metric_zh}", [record]))
            continue
        key = f"{record.metric}|{record.subject_en if str(record.metric) == 'other_change' else ''}"
        if key not in groups:
            groups[key] = []
            zh = record.subject_zh if str(record.metric) == "other_change" else record.metric_zh
            numeric.append((f"{_capital(_indicator(record))} {zh}", groups[key]))
        groups[key].append(record)
    return numeric + words


def _most_figures(rows: list[tuple[str, list]], limit: int) -> list[tuple[str, list]]:
    """The `limit` rows with the most figures (the earlier of equals), in their order: past what a slide
    holds, the indicators most places report stay and panel_note counts the rest."""
    keep = sorted(sorted(range(len(rows)), key=lambda i: -len(rows[i][1]))[:limit])
    return [rows[i] for i in keep]


MARK_SIZE, OUTER_RING, INNER_MARK = 11, 12, 5  # points: a mark alone; the outermost and innermost of coinciding marks
MARK_SHIFT = 0.2  # rows: marks sit this far below their row (the label above them)


def _rings(records: list, tolerance: float) -> list[tuple[float, int]]:
    """(marker size, layer) per record, sorted by value: marks closer than `tolerance` would hide one
    another, so they are drawn as concentric rings, plans (hollow) outermost, the smallest on top."""
    out: list[tuple[float, int]] = [(MARK_SIZE, 0)] * len(records)
    start = 0
    for end in range(1, len(records) + 1):
        if end < len(records) and float(records[end].change_pct) - float(records[end - 1].change_pct) < tolerance:
            continue
        group = sorted(range(start, end), key=lambda i: str(records[i].kind) != "plan")
        for rank, i in enumerate(group):
            step = min(5.0, (OUTER_RING - INNER_MARK) / max(len(group) - 1, 1))
            out[i] = (MARK_SIZE if len(group) == 1 else OUTER_RING - step * rank, rank)
        start = end
    return out


def _kind_short(kind: object) -> str:
    return {"estimate": "est."}.get(str(kind), str(kind))


def _growth_panel(ax, rows: list[tuple[str, list]], many_places: bool, n_rows: int, colours: dict[str, str]) -> list:
    """Draw one panel: per row a line from zero and a marker per figure (shape = kind), one label beside
    the marks; returns the value labels (keep_texts_inside gives them room)."""
    values = [float(r.change_pct) for _, records in rows for r in records
              if not bool(r.qualitative) and str(r.unit_norm) == "%"]
    low, high = min(values + [0.0]), max(values + [0.0])
    span = high - low or 1.0
    ax.set_xlim(low - 0.06 * span, high + 0.06 * span)
    texts = []
    for y, (label, records) in enumerate(rows):
        numeric = [r for r in records if not bool(r.qualitative) and str(r.unit_norm) == "%"]
        at = y + MARK_SHIFT
        words_only = [r for r in records if r not in numeric]
        for record in words_only:
            words = ("正增长: positive, no number" if bool(record.qualitative) else
                     f"{bound_sign(record.bound)}{number(float(record.multiple))}× ({record.unit_norm}): {record.subject_zh}")
            who = f"{record.place} " if many_places else ""
            texts.append(ax.annotate(f"{who}{record.period_label} {_kind_short(record.kind)}: {words}", (0, at),
                                     xytext=(6, 0), textcoords="offset points", va="center", ha="left", fontsize=13,
                                     color=INK, fontstyle="italic"))
        numeric.sort(key=lambda r: float(r.change_pct))
        whens = {(str(r.period_label), str(r.kind)) for r in numeric}

        def label(record, when: bool = True) -> str:
            text = f"{bound_sign(record.bound)}{signed(float(record.change_pct))}%"
            text += f" {record.place}" if many_places else ""
            return text + (f", {record.period_label} {_kind_short(record.kind)}" if when else "")

        rings = _rings(numeric, 0.03 * span)
        gap = 5.5 + max((size for size, _ in rings), default=MARK_SIZE) / 2  # points from a mark's centre to its label
        for record, (size, layer) in zip(numeric, rings):
            value, kind, colour = float(record.change_pct), str(record.kind), colours[str(record.report)]
            ax.plot([0, value], [at, at], color=colour, linewidth=2, alpha=0.5, zorder=1)
            ax.plot([value], [at], zorder=2 + layer, **kind_marker(kind, colour, size))
        if not numeric:
            continue
        first, last = numeric[0], numeric[-1]
        if len(numeric) == 2 and float(first.change_pct) < 0 < float(last.change_pct):  # either side of zero
            texts.append(ax.annotate(label(first, len(whens) > 1), (float(first.change_pct), at), xytext=(-gap, 0),
                                     textcoords="offset points", va="center", ha="right", fontsize=13, color=INK))
            text = label(last)
        elif len(numeric) > 2:  # many places on one row: the range, the markers and colours say which is which
            span_text = f"{signed(float(first.change_pct))}%" + (
                f" to {signed(float(last.change_pct))}%" if float(last.change_pct) != float(first.change_pct) else "")
            text = (f"{span_text} ({len(numeric)} figures"
                    + (f", {numeric[0].period_label} {_kind_short(numeric[0].kind)})" if len(whens) == 1 else ")"))
        else:  # one label for the row, right of its largest value (or of zero), smallest value first
            same_when = len(whens) == 1
            text = "; ".join(label(r, not same_when) for r in numeric)
            if same_when:
                text += f", {numeric[0].period_label} {_kind_short(numeric[0].kind)}"
        texts.append(ax.annotate(text, (max(float(last.change_pct), 0), at), xytext=(gap, 0), textcoords="offset points",
                                 va="center", ha="left", fontsize=13, color=INK))
    row_labels_above(ax, [label for label, _ in rows], n_rows)
    ax.axvline(0, color="#888888", linewidth=1)
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{signed(v)}%" if v else "0"))
    ax.grid(axis="x")
    return texts


def comparable_growth(tables: Tables) -> Figure:
    """Only the growth rates that can be compared side by side: one panel per indicator and year, a bar
    per place (pale = estimate), with what still differs (period, actual vs estimate, level) written on it.
    Horizontal bars, so that a panel holds any number of places with whole labels; the panels that fit
    the slide are shown, the one the title names first, and the rest are counted."""
    pairs = views.comparable_growth(tables)
    if pairs.empty:
        raise ChartError("no comparable growth rates: no indicator has actuals/estimates for one year in two places")
    groups = _pair_order([group for _, group in pairs.groupby("pair", sort=False)])
    title, subtitle = chart_text(tables, "03-comparable-growth")
    ids = pairs["id"].astype(str).to_list()
    source = source_line(tables, ids)
    fig, body = banded_figure(title, subtitle, source)

    columns = 1 if len(groups) == 1 else 2
    shown = _pairs_that_fit(fig, groups, columns)
    grid_rows = [shown[i:i + columns] for i in range(0, len(shown), columns)]
    heights = [max(len(g) for g in row) for row in grid_rows]
    axes = fig.subplots(len(grid_rows), columns, squeeze=False, gridspec_kw={"height_ratios": heights})
    labels = places.labels(tables)
    colours = place_colours(tables)
    order = views.place_order(tables)
    levels = places.level_terms(tables).set_index("term")["label_zh"]
    level_words = views.places(tables).set_index("report")["level"].map(levels)  # report -> 街道, 区
    for r, row in enumerate(grid_rows):
        for c in range(columns):
            ax = axes[r][c]
            if c >= len(row):
                ax.set_visible(False)
                continue
            group = row[c].assign(order=row[c]["report"].astype(str).map(order.index)).sort_values("order")
            _pair_panel(ax, group, heights[r], labels, colours, level_words)
    if len(shown) < len(groups):
        last = axes[len(grid_rows) - 1][len(grid_rows[-1]) - 1]
        more = len(groups) - len(shown)
        last.set_xlabel(f"+{more} more {'indicator' if more == 1 else 'indicators'} in the notebook and the workbook",
                        loc="right")
    keep_texts_inside(fig, [(ax, [t for t in ax.texts if t.get_text() and t.get_transform() == ax.transData])
                            for ax in fig.axes if ax.get_visible()])
    sources = figure_sources(tables, ids)
    return attach_info(fig, title, subtitle, source, sources, body)


PAIR_FRAME = 0.95  # inches of a pair panel that are not bars: its heading, the verdict line, the tick labels
PAIR_PITCH = 0.45  # inches: one bar with its label above


def _pair_order(groups: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """Like-for-like pairs first (the title names the first of them), then the indicative ones, each
    in the order of the comparisons."""
    return sorted(groups, key=lambda g: str(g["verdict"].iloc[0]) != "comparable")


def _pairs_that_fit(fig, groups: list[pd.DataFrame], columns: int) -> list[pd.DataFrame]:
    """The first groups whose panel rows fit the chart body, each row as tall as its largest group."""
    room = rows_height(fig) + PAIR_FRAME  # the body's rows; PANEL_FRAME there counts one panel frame already
    everything = sum(PAIR_FRAME + PAIR_PITCH * max(len(g) for g in groups[i:i + columns])
                     for i in range(0, len(groups), columns))
    if everything <= room:
        return groups
    room -= NOTE_LINE  # a line of the axis label for '+N more indicators'
    shown, used = [], 0.0
    for i in range(0, len(groups), columns):
        row = groups[i:i + columns]
        need = PAIR_FRAME + PAIR_PITCH * max(len(g) for g in row)
        if shown and used + need > room:
            break
        shown.extend(row)
        used += need
    return shown


def _pair_panel(ax, group: pd.DataFrame, n_rows: int, labels: dict[str, str], colours: dict[str, str],
                level_words: pd.Series) -> None:
    """One indicator and year: a bar per place from zero with its value at the end, each bar's place,
    level, period and kind above it, the verdict under the heading."""
    values = group["change_pct"].astype(float).to_numpy()
    for y, (record, value) in enumerate(zip(group.itertuples(), values)):
        colour = colours[str(record.report)]
        estimate = str(record.kind) != "actual"
        ax.barh(y + BAR_SHIFT, value, height=BAR_HEIGHT, color=mcolors.to_rgba(colour, 0.35) if estimate else colour,
                edgecolor=colour, linewidth=1.5)
        ax.text(value, y + BAR_SHIFT, f"  {signed(value)}%  ", ha="left" if value >= 0 else "right", va="center",
                fontsize=14, color=INK)
    row_labels_above(ax, [f"{labels[str(r.report)]} ({level_words[str(r.report)]}) · {r.period_label} "
                          f"{KIND_WORDS[str(r.kind)]}" for r in group.itertuples()], n_rows)
    low, high = min(0.0, values.min()), max(0.0, values.max())
    ax.set_xlim(low - 0.05 * (high - low or 1), high + 0.05 * (high - low or 1))
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{signed(v)}%" if v else "0"))
    ax.axvline(0, color="#888888", linewidth=1)
    ax.grid(axis="x")
    first = group.iloc[0]
    verdict = str(first["verdict"])
    note = "comparable: like for like" if verdict == "comparable" else f"indicative only: the {first['differs']} differ"
    heading, size = fit_heading(f"{first['metric_label']} {first['metric_zh']}, {first['year']}", ax)
    ax.set_title(heading, fontsize=size, loc="left", pad=30)
    ax.text(0, 1.02, note, transform=ax.transAxes, ha="left", va="bottom", fontsize=14, color=MUTED,
            fontstyle="italic")
