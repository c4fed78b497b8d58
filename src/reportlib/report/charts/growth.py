"""Charts 03: growth, every rate as reported, and the few pairs that can be compared side by side.

Rates differ in period, kind (actual, estimate, plan) and level; the first chart shows them all
with those differences marked, the second only the pairs that share indicator and year.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from reportlib.analysis import views
from reportlib.curation.load import Tables
from .claimed import chart_text
from .layout import ChartError, attach_info, banded_figure, keep_texts_inside
from .panels import figure_legend, level_panels, panel_grid, panel_title, row_labels_above
from .provenance import figure_sources, place_labels, source_line
from .style import BAR_SHIFT, INK, MUTED, kind_handles, kind_marker, place_colours
from reportlib.analysis.wording import bound_sign, number, signed

KIND_WORDS = {"actual": "actual", "estimate": "estimate (预计)", "plan": "plan"}
MAX_PAIR_COLUMNS = 4  # comparable pairs side by side before the panels wrap to a new row
KIND_MARKERS = {"actual": "o", "estimate": "D", "plan": "o"}


def _indicator(record) -> str:
    """A growth figure's indicator in words: 'budget revenue', 'road traffic fatal accidents'."""
    if str(_get(record, "metric")) == "other_change":
        return str(_get(record, "subject_en"))
    label = re.sub(r" growth$", "", str(_get(record, "metric_label")))
    return label if label[:2].isupper() else label[0].lower() + label[1:]


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
    layouts = [_growth_rows(rates, reports) for _, reports in panels]
    n_rows = max(len(rows) for rows in layouts)
    for ax, rows, (heading, reports) in zip(axes, layouts, panels):
        texts = _growth_panel(ax, rows, many_places=len(reports) > 1, n_rows=n_rows, colours=place_colours(tables))
        panel_title(ax, heading)
        keep_texts_inside(fig, ax, texts)
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
        at = y + BAR_SHIFT
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

        for record in numeric:
            value, kind, colour = float(record.change_pct), str(record.kind), colours[str(record.report)]
            ax.plot([0, value], [at, at], color=colour, linewidth=2, alpha=0.5, zorder=1)
            ax.plot([value], [at], zorder=3 if kind == "plan" else 2, **kind_marker(kind, colour))
        if not numeric:
            continue
        first, last = numeric[0], numeric[-1]
        if len(numeric) == 2 and float(first.change_pct) < 0 < float(last.change_pct):  # either side of zero
            texts.append(ax.annotate(label(first, len(whens) > 1), (float(first.change_pct), at), xytext=(-11, 0),
                                     textcoords="offset points", va="center", ha="right", fontsize=13, color=INK))
            text = label(last)
        elif len(numeric) > 2:  # many places on one row: the range, the markers and colours say which is which
            text = (f"{signed(float(first.change_pct))}% to {signed(float(last.change_pct))}% ({len(numeric)} figures"
                    + (f", {numeric[0].period_label} {_kind_short(numeric[0].kind)})" if len(whens) == 1 else ")"))
        else:  # one label for the row, right of its largest value (or of zero), smallest value first
            same_when = len(whens) == 1
            text = "; ".join(label(r, not same_when) for r in numeric)
            if same_when:
                text += f", {numeric[0].period_label} {_kind_short(numeric[0].kind)}"
        texts.append(ax.annotate(text, (max(float(last.change_pct), 0), at), xytext=(11, 0), textcoords="offset points",
                                 va="center", ha="left", fontsize=13, color=INK))
    row_labels_above(ax, [label for label, _ in rows], n_rows)
    ax.axvline(0, color="#888888", linewidth=1)
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{signed(v)}%" if v else "0"))
    ax.grid(axis="x")
    return texts


def comparable_growth(tables: Tables) -> Figure:
    """Only the growth rates that can be compared side by side, each pair in its own panel, with what
    still differs (period, actual vs estimate, district vs subdistrict) written on it."""
    pairs = views.comparable_growth(tables)
    if pairs.empty:
        raise ChartError("no comparable growth rates: no indicator has actuals/estimates for one year in two places")
    labels = place_labels(tables)
    groups = [group for _, group in pairs.groupby("pair", sort=False)]
    title, subtitle = chart_text(tables, "03-comparable-growth")
    ids = pairs["id"].astype(str).to_list()
    source = source_line(tables, ids)
    fig, body = banded_figure(title, subtitle, source)
    places = views.places(tables).set_index("report")
    order = views.place_order(tables)

    n_rows, n_cols = panel_grid(len(groups), MAX_PAIR_COLUMNS)
    axes = fig.subplots(n_rows, n_cols, squeeze=False).ravel()
    for ax in axes[len(groups):]:
        ax.set_visible(False)
    colours = place_colours(tables)
    for ax, group in zip(axes, groups):
        crowded = len(group) > 2 or n_rows > 1
        group = group.assign(order=group["report"].astype(str).map(order.index)).sort_values("order")
        xs = np.arange(len(group))
        values = group["change_pct"].astype(float).to_numpy()
        for x, record, value in zip(xs, group.itertuples(), values):
            colour = colours[str(record.report)]
            estimate = str(record.kind) != "actual"
            ax.bar(x, value, width=0.6, color=mcolors.to_rgba(colour, 0.35) if estimate else colour,
                   edgecolor=colour, linewidth=1.5)
            ax.text(x, value, f"{signed(value)}%", ha="center", va="bottom" if value >= 0 else "top",
                    fontsize=14 if crowded else 22, color=INK)
        ax.set_xticks(xs, [f"{labels[str(r.report)]} ({places.loc[str(r.report), 'level_label'].split()[-1]})\n"
                           f"{r.period_label} {KIND_WORDS[str(r.kind)]}" for r in group.itertuples()], fontsize=11 if crowded else 15)
        ax.tick_params(axis="x", length=0)
        ax.set_ylim(min(0, values.min()) * 1.3, max(values.max(), 0) * 1.3)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
        ax.axhline(0, color="#888888", linewidth=1)
        first = group.iloc[0]
        verdict = str(first["verdict"])
        note = ("comparable: like for like" if verdict == "comparable"
                else f"indicative only: the {first['differs']} differ")
        ax.set_title(f"{first['metric_label']} {first['metric_zh']}, {first['year']}", fontsize=17, loc="left",
                     pad=34)
        ax.text(0, 1.03, note, transform=ax.transAxes, ha="left", va="bottom", fontsize=14,
                color=MUTED, fontstyle="italic")
        ax.set_xlim(-0.6, len(group) - 0.4)
    sources = figure_sources(tables, ids)
    return attach_info(fig, title, subtitle, source, sources, body)
