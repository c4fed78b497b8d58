"""Slide-ready charts (16:9, Chinese labels) whose titles state what the data show.

Every chart function takes the loaded tables (or, for the text charts, the frame the text
analysis produces) and returns a matplotlib Figure sized for a 16:9 slide. Each figure has
three bands: a header (the finding as title, a caveat line), the chart body, and a footer
naming the reports and figure ids it draws on. The numbers in titles are computed from
reportlib.views, never typed in. `info(fig)` returns the texts and the quotes behind the
numbers, which the deck puts into its speaker notes.

Figures are created with matplotlib.figure.Figure, not pyplot, so that building many charts
holds no global state; importing pyplot here still lets Jupyter's inline backend display a
returned Figure.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt  # noqa: F401  (activates the notebook display of Figure objects)
import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib import style as mstyle
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator
from matplotlib.transforms import blended_transform_factory

from . import atomic, fonts, views
from .load import Tables
from .paths import FIGURES_DIR
from .periods import parse_period

STYLE_PATH = Path(__file__).with_name("house.mplstyle")

# Okabe & Ito's colour-blind-safe palette. Tianqiao, the one district, takes the only warm,
# saturated colour (vermillion); the four subdistricts take blues, green and purple.
PLACE_COLOURS: dict[str, str] = {
    "anju": "#56B4E9",  # sky blue
    "cuizhai": "#009E73",  # bluish green
    "tianqiao": "#D55E00",  # vermillion
    "diaozhen": "#0072B2",  # blue
    "guanyinge": "#CC79A7",  # reddish purple
}
FALLBACK_COLOUR = "#777777"
# Paul Tol's 'muted' scheme (colour-blind safe) for themes, so they never look like places.
THEME_COLOURS = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
                 "#AA4499", "#6699CC"]
NOT_REPORTED = "#EEEEEE"
INK = "#222222"
MUTED = "#555555"
BAR_SHIFT, BAR_HEIGHT = 0.2, 0.38  # in row units: a label sits above each bar, the bar below it

WIDTH, HEIGHT = 13.333, 7.5  # inches: a 16:9 slide
DPI = 200
TITLE_SIZE, SUBTITLE_SIZE, SOURCE_SIZE = 26, 16, 11
MARGIN = 0.35  # inches, left and right of the header and footer texts

KIND_WORDS = {"actual": "actual", "estimate": "estimate (预计)", "plan": "plan"}
KIND_MARKERS = {"actual": "o", "estimate": "D", "plan": "o"}


class ChartError(RuntimeError):
    """A chart cannot be built (unknown name, missing input); the message says what to do."""


@dataclass(frozen=True)
class ChartInfo:
    """What a chart says and what it stands on: the texts of its three bands, the ids and quotes
    of the figures behind its numbers, and where its body lies (figure fractions, for cropping)."""

    title: str
    subtitle: str
    source: str
    sources: pd.DataFrame = field(repr=False)
    body: tuple[float, float] = (0.0, 1.0)
    name: str | None = None


def apply_style() -> None:
    """Apply the house style and register the CJK font. Idempotent and cheap (a few ms)."""
    fonts.register()
    mstyle.use(str(STYLE_PATH))


def info(fig: Figure) -> ChartInfo:
    """The ChartInfo a chart function attached to its figure."""
    try:
        return fig._reportlib_info  # type: ignore[attr-defined]
    except AttributeError:
        raise ChartError("this figure was not made by reportlib.charts (it carries no title/source info)") from None


# ---------------------------------------------------------------------------------------------
# Text helpers


def _fmt(x: float) -> str:
    """An amount as written: thousands separators, no trailing zeros (1,900 · 2.72 · 0.0019)."""
    text = f"{x:,.4f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _fmt_avg(x: float) -> str:
    """A computed average, three significant digits: 47.5 · 9.5 · 6.21 · 0.00111."""
    return f"{x:,.0f}" if x >= 1000 else f"{x:.3g}"


def _signed(x: float) -> str:
    """A change with its sign and the as-written precision: +51.42% · −57.1%."""
    text = _fmt(abs(x))
    return ("+" if x > 0 else "−" if x < 0 else "±") + text


def _bound_sign(bound: object) -> str:
    return views.BOUND_SIGNS.get(str(bound), "")


def _short_subject(subject: str, limit: int = 40) -> str:
    subject = re.sub(r"^(total investment of|total investment)\s+(the\s+)?", "", str(subject))
    if len(subject) > limit:
        subject = subject[: limit - 1].rstrip(" ,(") + "…"
    return subject


def _stage_labels(tables: Tables) -> dict[str, str]:
    """Stage id -> short English label ('Reserve', 'New start'), from the stage vocabulary."""
    terms = tables.vocab.terms
    stages = terms[terms["vocabulary"] == "stage"]
    return {str(t): str(label).split(" or ")[0] for t, label in zip(stages["term"], stages["label_en"])}


def _stage_label(labels: dict[str, str], stage: object) -> str:
    if stage is None or pd.isna(stage):
        return "Other"
    return labels.get(str(stage), str(stage))


def _labels(tables: Tables) -> dict[str, str]:
    places = views.places(tables)
    return dict(zip(places["report"], places["label"]))


def _colour(report: str) -> str:
    return PLACE_COLOURS.get(str(report), FALLBACK_COLOUR)


def _join(words: list[str]) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


_MEASURE = RendererAgg(int(WIDTH * 72), int(HEIGHT * 72), 72)


@lru_cache(maxsize=4096)
def _measure(text: str, size: float, weight: str = "normal") -> float:
    prop = FontProperties(family=fonts.FAMILY, size=size, weight=weight)
    width, _, _ = _MEASURE.get_text_width_height_descent(text, prop, ismath=False)
    return width


def _width_pt(text: str, size: float, weight: str = "normal") -> float:
    """The rendered width of `text` in points, summed word by word (measuring is slow; words repeat)."""
    words = text.split(" ")
    return sum(_measure(w, size, weight) for w in words if w) + (len(words) - 1) * _measure("a a", size, weight) \
        - (len(words) - 1) * 2 * _measure("a", size, weight)


def _wrap(text: str, size: float, width_in: float, weight: str = "normal") -> list[str]:
    """Greedy word wrap by the rendered width of the text (CJK and Latin measured alike)."""
    limit = width_in * 72
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and _width_pt(candidate, size, weight) > limit:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


# ---------------------------------------------------------------------------------------------
# Provenance: which reports and figures a chart stands on


def _report_ref(tables: Tables, report: str) -> str:
    """'Tianqiao 天桥 (2024 review, 2025 plan)': a report as the source line names it."""
    row = tables.reports[tables.reports["id"].astype(str) == report].iloc[0]
    parts = []
    if not pd.isna(row["reviews"]):
        parts.append(f"{parse_period(str(row['reviews'])).label} review")
    if not pd.isna(row["plans"]):
        inferred = str(row["plans_basis"]) == "inferred"
        parts.append(f"{parse_period(str(row['plans'])).label} plan" + (", year inferred" if inferred else ""))
    label = _labels(tables)[report]
    return f"{label} ({', '.join(parts)})" if parts else label


def _compact_ids(ids: list[str]) -> str:
    """'cuizhai-f02; tianqiao-f03, f05, f07': ids grouped by report, the prefix said once."""
    groups: dict[str, list[str]] = {}
    for figure_id in ids:
        report, _, rest = figure_id.rpartition("-")
        groups.setdefault(report, []).append(rest)
    return "; ".join(f"{report}-{', '.join(rests)}" for report, rests in groups.items())


def _source_line(tables: Tables, ids: list[str], files: str = "data/figures.csv", reports: list[str] | None = None,
                 max_ids: int = 30) -> str:
    order = views.place_order(tables)
    ids = list(dict.fromkeys(ids))
    if reports is None:
        used = {figure_id.rpartition("-")[0] for figure_id in ids}
        reports = [r for r in order if r in used]
    refs = ", ".join(_report_ref(tables, r) for r in reports)
    if len(ids) > max_ids:
        which = f"{len(ids)} figures (ids in the speaker notes and the workbook)"
    else:
        which = "ids " + _compact_ids(sorted(ids, key=lambda i: (order.index(i.rpartition('-')[0]), i)))
    return f"Source: work reports of {refs}; curated in {files}; {which}."


def _figure_sources(tables: Tables, ids: list[str]) -> pd.DataFrame:
    """id, place, mention, quote of the figures behind a chart, in the order given."""
    view = views.figures_view(tables).set_index("id")
    ids = list(dict.fromkeys(ids))
    rows = view.loc[ids]
    return pd.DataFrame({
        "id": ids,
        "place": rows["label"].astype(str).to_list(),
        "mention": rows["as_written"].astype(str).to_list(),
        "quote": rows["quote"].astype(str).to_list(),
    })


# ---------------------------------------------------------------------------------------------
# The three bands of every chart


def _frame(title: str, subtitle: str, source: str) -> tuple[Figure, tuple[float, float]]:
    """A slide-sized Figure with title, subtitle and source line placed; constrained layout keeps
    the axes (with their labels) inside the body band. Returns the figure and the body band."""
    apply_style()
    fig = Figure(figsize=(WIDTH, HEIGHT))
    text_width = WIDTH - 2 * MARGIN
    for title_size in (TITLE_SIZE, TITLE_SIZE - 2, TITLE_SIZE - 4):  # the largest size that fits two lines
        title_lines = _wrap(title, title_size, text_width)
        if len(title_lines) <= 2:
            break
    subtitle_lines = _wrap(subtitle, SUBTITLE_SIZE, text_width) if subtitle else []
    source_lines = _wrap(source, SOURCE_SIZE, text_width)

    y = HEIGHT - 0.22  # inches from the bottom
    fig.text(MARGIN / WIDTH, y / HEIGHT, "\n".join(title_lines), fontsize=title_size,
             color=INK, va="top", ha="left", linespacing=1.15)
    y -= len(title_lines) * title_size * 1.15 / 72 + 0.08
    if subtitle_lines:
        fig.text(MARGIN / WIDTH, y / HEIGHT, "\n".join(subtitle_lines), fontsize=SUBTITLE_SIZE, color=MUTED,
                 va="top", ha="left", linespacing=1.25)
        y -= len(subtitle_lines) * SUBTITLE_SIZE * 1.25 / 72
    top = (y - 0.12) / HEIGHT

    footer = 0.12 + len(source_lines) * SOURCE_SIZE * 1.3 / 72
    fig.text(MARGIN / WIDTH, 0.1 / HEIGHT, "\n".join(source_lines), fontsize=SOURCE_SIZE, color=MUTED,
             va="bottom", ha="left", linespacing=1.3)
    bottom = (footer + 0.08) / HEIGHT
    fig.set_layout_engine("constrained", rect=(0.01, bottom, 0.98, top - bottom), w_pad=0.06, h_pad=0.06)
    return fig, (bottom, top)


def _finish(fig: Figure, title: str, subtitle: str, source: str, sources: pd.DataFrame,
            body: tuple[float, float]) -> Figure:
    fig._reportlib_info = ChartInfo(title, subtitle, source, sources.reset_index(drop=True), body)  # type: ignore[attr-defined]
    return fig


def _log_axis(ax, axis: str, low: float, high: float, unit: str = "") -> None:
    """A log axis with plain-number ticks at each power of ten (0.001 … 1,000)."""
    setter = ax.set_xscale if axis == "x" else ax.set_yscale
    setter("log")
    (ax.set_xlim if axis == "x" else ax.set_ylim)(low, high)
    ticks = [10.0 ** k for k in range(math.ceil(math.log10(low)), math.floor(math.log10(high)) + 1)]
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(FixedLocator(ticks))
    target.set_minor_locator(NullLocator())
    target.set_major_formatter(FuncFormatter(lambda v, _: _fmt(v) + unit))
    ax.tick_params(axis=axis, labelsize=14)


def _fit(text: str, size: float, width_in: float) -> str:
    """`text`, cut with an ellipsis where it would run wider than `width_in` at `size` points."""
    limit = width_in * 72
    if _width_pt(text, size) <= limit:
        return text
    used, cut = _measure("…", size), 0
    for cut, char in enumerate(text):  # characters one by one: each width is measured once per process
        used += _measure(char, size) if char != " " else _measure("a a", size) - 2 * _measure("a", size)
        if used > limit:
            break
    return text[:cut].rstrip(" ,(·") + "…"


def _row_labels(ax, labels: list[str], n_rows: int) -> None:
    """Write each row's label above its bar, inside the panel (long labels need the panel's width,
    not a margin); rows run top to bottom, all panels with the same row height."""
    transform = blended_transform_factory(ax.transAxes, ax.transData)
    columns = ax.get_subplotspec().get_gridspec().ncols if ax.get_subplotspec() else 1
    room = (WIDTH - 0.6) / columns - 0.5
    for y, text in enumerate(labels):
        ax.text(0.004, y - 0.3, _fit(text, 13.5, room), transform=transform, ha="left", va="center", fontsize=13.5, color=MUTED)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_ylim(n_rows - 0.3, -0.62)


# ---------------------------------------------------------------------------------------------
# 01: what each report covers


def coverage_matrix(tables: Tables) -> Figure:
    """Report × metric family: how many figures each report gives; empty cells say 'not reported'."""
    matrix = views.metric_families(tables)
    places = views.places(tables).set_index("report")
    covered = (matrix > 0).sum(axis=1)
    n_families = matrix.shape[1]
    most, least = covered.max(), covered.min()
    best = [places.loc[r, "label"] for r in covered.index if covered[r] == most]
    worst = [places.loc[r, "label"] for r in covered.index if covered[r] == least]
    verb = "reports" if len(best) == 1 else "report"
    breadth = f"all {most}" if most == n_families else f"{most} of {n_families}"
    title = f"{_join(best)} {verb} figures in {breadth} metric families; {_join(worst)} in only {least}"
    district = [places.loc[r, "label"] for r in matrix.index if places.loc[r, "level"] == "district"]
    subtitle = ("Number of curated figures per report and family; grey cells: the report gives no figure of that "
                f"family (not a zero). {_join(district)} is a district, the others are subdistricts; "
                "the reports review or plan different years.")
    all_ids = views.figures_view(tables)["id"].astype(str).to_list()
    source = _source_line(tables, all_ids, reports=views.place_order(tables))
    fig, body = _frame(title, subtitle, source)

    ax = fig.add_subplot()
    values = matrix.to_numpy()
    norm = mcolors.PowerNorm(0.5, vmin=1, vmax=max(values.max(), 2))
    cmap = matplotlib.colormaps["Blues"]
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            count = values[i, j]
            face = NOT_REPORTED if count == 0 else cmap(0.15 + 0.8 * norm(count))
            ax.add_patch(Rectangle((j - 0.48, i - 0.46), 0.96, 0.92, facecolor=face,
                                                      edgecolor="white"))
            if count == 0:
                ax.text(j, i, "not\nreported", ha="center", va="center", fontsize=12, color="#888888",
                        fontstyle="italic", linespacing=1.0)
            else:
                shade = 0.15 + 0.8 * norm(count)
                ax.text(j, i, str(count), ha="center", va="center", fontsize=20,
                        color="white" if shade > 0.55 else INK)
    totals = matrix.sum(axis=1)
    for i, report in enumerate(matrix.index):
        ax.text(n_families, i, f"{totals[report]}", ha="center", va="center", fontsize=20, color=INK)
    ax.set_xlim(-0.5, n_families + 0.5)
    ax.set_ylim(values.shape[0] - 0.5, -0.5)
    ax.set_xticks(range(n_families + 1), [c.capitalize() for c in matrix.columns] + ["All"], fontsize=15)
    ax.xaxis.tick_top()
    labels = [f"{places.loc[r, 'label']}\n{places.loc[r, 'level']}" for r in matrix.index]
    ax.set_yticks(range(len(labels)), labels, fontsize=18, linespacing=1.1)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    sources = _figure_sources(tables, all_ids)
    return _finish(fig, title, subtitle, source, sources, body)


# ---------------------------------------------------------------------------------------------
# 02: investment


def _panel_rows(frame: pd.DataFrame, reports: list[str]) -> list:
    """The records of one panel, place by place in the order given."""
    rows = []
    for report in reports:
        rows.extend(frame[frame["report"].astype(str) == report].itertuples())
    return rows


def _stage_sort(frame: pd.DataFrame) -> pd.DataFrame:
    order = {stage: i for i, stage in enumerate(views.STAGE_ORDER)}
    key = frame["stage"].astype("string").map(lambda s: order.get(s, len(order)) if not pd.isna(s) else len(order))
    frame = frame.assign(_stage=key.astype(int), _period=frame["period"].astype(str).map(
        lambda c: parse_period(c).sort_key))
    return frame.sort_values(["_period", "_stage", "id"]).drop(columns=["_stage", "_period"])


def _split_by_level(tables: Tables, frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    places = views.places(tables)
    present = set(frame["report"].astype(str))
    district = [r for r, lvl in zip(places["report"], places["level"]) if lvl == "district" and r in present]
    sub = [r for r, lvl in zip(places["report"], places["level"]) if lvl != "district" and r in present]
    return district, sub


def _row_text(stages: dict[str, str], record, with_place: bool) -> str:
    """'Diaozhen · New start: 14 projects': place (in a mixed panel), stage, and the subject without
    the words that repeat the stage (_row_labels cuts it to the panel's width)."""
    stage = _stage_label(stages, record.stage)
    subject = _short_subject(record.subject_en, 200)
    if not pd.isna(record.stage):
        words = {str(record.stage).replace("_", " "), str(record.stage).replace("_", "-"), stage.lower(),
                 stage.lower().replace(" ", "-"), "planned (reserve)", "planned/reserve", "(planned/reserve)"}
        for word in sorted(words, key=len, reverse=True):
            subject = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])\s*", "", subject).strip()
    subject = re.sub(r"\s{2,}", " ", subject) or "projects"
    text = f"{stage}: {subject}"
    return f"{record.place} · {text}" if with_place else text


def _panel_title(ax, text: str, handles: list | None = None) -> None:
    ax.set_title(text, fontsize=18, loc="left", pad=12)
    if handles:
        ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=len(handles), fontsize=13,
                  handlelength=1.6, columnspacing=1.0, borderaxespad=0.2)


def investment_by_stage(tables: Tables) -> Figure:
    """Every total-investment amount (亿元) by report, stage and period on a shared log axis: the
    district in one panel, the subdistricts in the other; hatched = plan, ≥ marks lower bounds."""
    money = views.investment(tables)
    money = money[money["metric"].astype(str) == "total_investment"].copy()
    money = _stage_sort(money)
    labels, stages = _labels(tables), _stage_labels(tables)
    district, subdistricts = _split_by_level(tables, money)

    top_d = money[money["report"].astype(str).isin(district)].sort_values("yi_yuan").iloc[-1]
    top_s = money[money["report"].astype(str).isin(subdistricts)].sort_values("yi_yuan").iloc[-1]
    ratio = float(top_d["yi_yuan"]) / float(top_s["yi_yuan"])
    at_least = str(top_d["bound"]) == "at_least" and str(top_s["bound"]) == "exact"
    title = (f"{labels[str(top_d['report'])]}'s largest project group ({_bound_sign(top_d['bound'])}"
             f"{_fmt(top_d['yi_yuan'])} 亿元, {top_d['period_label']} {top_d['kind']}) is "
             f"{f'at least {math.floor(ratio):,}' if at_least else f'about {ratio:,.0f}'}× the largest subdistrict amount "
             f"({labels[str(top_s['report'])]}, {_fmt(top_s['yi_yuan'])} 亿元)")
    subtitle = ("Log scale: each gridline is ten times the one before. Solid = actual, hatched = plan; "
                "≥ = at least. Groups overlap (a project can be in several): do not add the bars up.")
    ids = money["id"].astype(str).to_list()
    source = _source_line(tables, ids)
    fig, body = _frame(title, subtitle, source)

    panels, n_rows, low, high = _level_panels(fig, money, "yi_yuan", district, subdistricts)
    for ax, rows, reports, heading in panels:
        periods = {str(r.period) for r in rows}
        for y, record in enumerate(rows):
            value = float(record.yi_yuan)
            plan = str(record.kind) != "actual"
            colour = _colour(record.report)
            ax.barh(y + BAR_SHIFT, value - low, left=low, height=BAR_HEIGHT,
                    color=mcolors.to_rgba(colour, 0.35) if plan else colour, edgecolor=colour,
                    hatch="//" if plan else None, linewidth=1.2)
            sign = _bound_sign(record.bound)
            text = f"{sign}{_fmt(value)}" + (f"  {record.period_label}" if len(periods) > 1 else "")
            ax.text(value * 1.2, y + BAR_SHIFT, text, va="center", ha="left", fontsize=14, color=INK)
        _row_labels(ax, [_row_text(stages, r, len(reports) > 1) for r in rows], n_rows)
        _log_axis(ax, "x", low, high)
        ax.grid(axis="x")
        _panel_title(ax, heading)
        ax.set_xlabel("亿元 (100 million yuan), log scale", fontsize=15)
    sources = _figure_sources(tables, ids)
    return _finish(fig, title, subtitle, source, sources, body)


def _level_panels(fig: Figure, money: pd.DataFrame, column: str, district: list[str], subdistricts: list[str]):
    """Two panels sharing one log axis, the district's rows and the subdistricts' rows, so that the scale gap
    stays visible without ranking a district among subdistricts. Returns the panels (axes, rows, reports,
    heading), the row count of the taller panel and the axis limits."""
    headed = [(district, "District 区"), (subdistricts, "Subdistricts 街道")]
    rows_of = [_panel_rows(money, reports) for reports, _ in headed]
    low = _decade_below(float(money[column].min()))
    high = 10 ** math.ceil(math.log10(float(money[column].max()) * 1.5))
    axes = fig.subplots(1, 2, sharex=True)
    panels = [(ax, rows, reports, heading) for ax, rows, (reports, heading) in zip(axes, rows_of, headed)]
    return panels, max(len(rows) for rows in rows_of), low, high


def _decade_below(value: float) -> float:
    """The power of ten at or below `value`, one lower when the value sits on it (room for a marker)."""
    low = 10 ** math.floor(math.log10(value))
    return low / 10 if value / low < 2 else low


def investment_per_project(tables: Tables) -> Figure:
    """Average investment per project (group total ÷ stated count), with its bound shown honestly:
    exact (filled), at most (◂), at least (▸), indeterminate (hollow, both numbers are bounds)."""
    money = views.investment(tables)
    money = money[(money["metric"].astype(str) == "total_investment") & money["per_project"].notna()].copy()
    money = _stage_sort(money)
    labels, stages = _labels(tables), _stage_labels(tables)
    district, subdistricts = _split_by_level(tables, money)
    exact = money[money["per_project_bound"].astype(str) == "exact"]

    def span(reports: list[str]) -> str:
        part = exact[exact["report"].astype(str).isin(reports)]["per_project"].astype(float)
        if part.empty:
            return "no exact average"
        low, high = part.min(), part.max()
        return f"{_fmt_avg(low)} 亿元" if math.isclose(low, high) else f"{_fmt_avg(low)}–{_fmt_avg(high)} 亿元"

    title = (f"A project in {_join([labels[r] for r in district])}'s groups averages {span(district)}; "
             f"in the subdistricts' groups {span(subdistricts)}")
    subtitle = ("Average = stated total investment ÷ stated number of projects (title: exact cases). ◂ at most, "
                "▸ at least: one of the two is a bound ('57个以上'); hollow ?: both are, so it is unknown. Log scale.")
    ids = money["id"].astype(str).to_list() + money["group_figure"].astype(str).to_list()
    source = _source_line(tables, ids)
    fig, body = _frame(title, subtitle, source)

    panels, n_rows, low, high = _level_panels(fig, money, "per_project", district, subdistricts)
    for ax, rows, reports, heading in panels:
        for y, record in enumerate(rows):
            value = float(record.per_project)
            colour = _colour(record.report)
            bound = str(record.per_project_bound)
            at = y + BAR_SHIFT
            if bound in ("at_most", "at_least"):
                direction = -1 if bound == "at_most" else 1
                ax.annotate("", xy=(value * (3.0 ** direction), at), xytext=(value, at),
                            arrowprops=dict(arrowstyle="-|>", color=colour, lw=2.5, mutation_scale=22))
            hollow = bound == "indeterminate"
            ax.plot([value], [at], marker="o", markersize=13, linestyle="none", markeredgewidth=2.5,
                    markerfacecolor="white" if hollow else colour, markeredgecolor=colour)
            sign = {"exact": "", "at_most": "≤", "at_least": "≥", "indeterminate": "? "}[bound]
            total = f"{_bound_sign(record.bound)}{_fmt(float(record.yi_yuan))}"
            count = f"{_bound_sign(record.group_count_bound)}{_fmt(float(record.group_count))}"
            shift = 3.6 if bound == "at_least" else 1.45
            ax.text(value * shift, at, f"{sign}{_fmt_avg(value)}  = {total} ÷ {count}", va="center", ha="left",
                    fontsize=14, color=INK)
        _row_labels(ax, [_row_text(stages, r, len(reports) > 1) for r in rows], n_rows)
        _log_axis(ax, "x", low, high)
        ax.grid(axis="x")
        _panel_title(ax, heading)
        ax.set_xlabel("亿元 per project, log scale", fontsize=15)
    sources = _figure_sources(tables, ids)
    return _finish(fig, title, subtitle, source, sources, body)


# ---------------------------------------------------------------------------------------------
# 03: growth


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
    labels = _labels(tables)
    numeric = rates[(rates["unit_norm"].astype("string") == "%") & rates["change"].notna()]
    top = numeric.loc[numeric["change"].astype(float).idxmax()]
    bottom = numeric.loc[numeric["change"].astype(float).idxmin()]
    if str(top["report"]) == str(bottom["report"]):
        extremes = (f"{labels[str(top['report'])]} has both extremes ({_indicator(top)} {_signed(top['change'])}%, "
                    f"{_indicator(bottom)} {_signed(bottom['change'])}%)")
    else:
        extremes = (f"Largest rise: {labels[str(top['report'])]} {_indicator(top)} {_signed(top['change'])}%; "
                    f"largest fall: {labels[str(bottom['report'])]} {_indicator(bottom)} {_signed(bottom['change'])}%")
    plans = numeric[numeric["kind"].astype(str) == "plan"]
    target = ""
    if not plans.empty:
        planner = plans["report"].astype(str).value_counts().index[0]
        mine = plans[plans["report"].astype(str) == planner]
        years = ", ".join(sorted(set(mine["period_label"].astype(str))))
        target = (f"; {labels[planner]} targets {_signed(mine['change'].min())}% to "
                  f"{_signed(mine['change'].max())}% for {years}")
    title = extremes + target
    subtitle = ("Change in per cent as reported; declines negative. Separate scales for the district and the "
                "subdistricts. Periods and kinds differ: the comparable pairs are on the next chart.")
    ids = rates["id"].astype(str).to_list()
    source = _source_line(tables, ids)
    fig, body = _frame(title, subtitle, source)

    district, subdistricts = _split_by_level(tables, rates)
    panels = [(district, "District 区"), (subdistricts, "Subdistricts 街道")]
    axes = fig.subplots(1, 2, width_ratios=[1, 1])
    layouts = [_growth_rows(rates, reports) for reports, _ in panels]
    n_rows = max(len(rows) for rows in layouts)
    for ax, rows, (reports, heading) in zip(axes, layouts, panels):
        _growth_panel(ax, rows, many_places=len(reports) > 1, n_rows=n_rows)
        _panel_title(ax, heading)
    sources = _figure_sources(tables, ids)
    return _finish(fig, title, subtitle, source, sources, body)


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


def _growth_panel(ax, rows: list[tuple[str, list]], many_places: bool, n_rows: int) -> None:
    values = [float(r.change) for _, records in rows for r in records
              if not bool(r.qualitative) and str(r.unit_norm) == "%"]
    low, high = min(values + [0.0]), max(values + [0.0])
    span = high - low or 1.0
    left, right = low - 0.06 * span, high + 0.5 * span
    ax.set_xlim(left, right)
    pad = 0.02 * span
    for y, (label, records) in enumerate(rows):
        numeric = [r for r in records if not bool(r.qualitative) and str(r.unit_norm) == "%"]
        for record in records:
            if record in numeric:
                continue
            words = ("正增长: positive, no number" if bool(record.qualitative) else
                     f"{_bound_sign(record.bound)}{_fmt(float(record.change))}× the district average ({record.unit_norm})")
            ax.text(0 + pad, y + BAR_SHIFT, f"{record.period_label} {_kind_short(record.kind)}: {words}", va="center", ha="left",
                    fontsize=13, color=INK, fontstyle="italic")
        numeric.sort(key=lambda r: float(r.change))
        whens = {(str(r.period_label), str(r.kind)) for r in numeric}

        def label(record, when: bool = True) -> str:
            text = f"{_bound_sign(record.bound)}{_signed(float(record.change))}%"
            text += f" {record.place}" if many_places else ""
            return text + (f", {record.period_label} {_kind_short(record.kind)}" if when else "")

        for record in numeric:
            value, kind, colour = float(record.change), str(record.kind), _colour(record.report)
            at = y + BAR_SHIFT
            ax.plot([0, value], [at, at], color=colour, linewidth=2, alpha=0.5, zorder=1)
            ax.plot([value], [at], marker=KIND_MARKERS[kind], markersize=11, linestyle="none", markeredgewidth=2.2,
                    markerfacecolor="white" if kind == "plan" else colour, markeredgecolor=colour,
                    zorder=3 if kind == "plan" else 2)
        if not numeric:
            continue
        first, last = numeric[0], numeric[-1]
        apart = float(last.change) - float(first.change) > 0.15 * span
        room = float(first.change) - left > 0.3 * span
        at = y + BAR_SHIFT
        if len(numeric) == 2 and apart and room:
            ax.text(float(first.change) - pad, at, label(first, len(whens) > 1), va="center", ha="right",
                    fontsize=13, color=INK)
            text = label(last)
        else:  # one label for the row, right of its largest value, smallest value first
            same_when = len(whens) == 1
            text = "; ".join(label(r, not same_when) for r in numeric)
            if same_when and numeric:
                text += f", {numeric[0].period_label} {_kind_short(numeric[0].kind)}"
        ax.text(max(float(last.change), 0) + pad, at, text, va="center", ha="left", fontsize=13, color=INK)
    _row_labels(ax, [label for label, _ in rows], n_rows)
    ax.axvline(0, color="#888888", linewidth=1)
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{_signed(v)}%" if v else "0"))
    ax.grid(axis="x")


def comparable_growth(tables: Tables) -> Figure:
    """Only the growth rates that can be compared side by side, each pair in its own panel, with what
    still differs (period, actual vs estimate, district vs subdistrict) written on it."""
    pairs = views.comparable_growth(tables)
    if pairs.empty:
        raise ChartError("no comparable growth rates: no indicator has actuals/estimates for one year in two places")
    labels = _labels(tables)
    groups = [group for _, group in pairs.groupby("pair", sort=False)]
    findings, leaders = [], []
    for group in groups:
        ordered = group.sort_values("change", ascending=False)
        lead, other = ordered.iloc[0], ordered.iloc[-1]
        leaders.append(str(lead["report"]))
        qualifier = "" if str(other["kind"]) == str(lead["kind"]) else f", {other['kind'][:3]}."
        findings.append((_indicator(lead), lead, other, qualifier))
    if len(set(leaders)) == 1:
        title = (f"{labels[leaders[0]]} leads {'both' if len(groups) == 2 else 'all'} comparable pairs: " + ", ".join(
            f"{what} {_signed(lead['change'])}% vs {_signed(other['change'])}% ({labels[str(other['report'])]}{q})"
            for what, lead, other, q in findings))
    else:
        title = "; ".join(f"{what}: {labels[str(lead['report'])]} {_signed(lead['change'])}% vs "
                          f"{labels[str(other['report'])]} {_signed(other['change'])}%{q}"
                          for what, lead, other, q in findings)
    subtitle = ("Only the same indicator in the same year, as a result (actual or estimate, never a plan). "
                "Where period, kind or level differ, the pair is indicative only: it says so on the panel.")
    ids = pairs["id"].astype(str).to_list()
    source = _source_line(tables, ids)
    fig, body = _frame(title, subtitle, source)
    places = views.places(tables).set_index("report")
    order = views.place_order(tables)

    axes = fig.subplots(1, len(groups), squeeze=False)[0]
    for ax, group in zip(axes, groups):
        group = group.assign(order=group["report"].astype(str).map(order.index)).sort_values("order")
        xs = np.arange(len(group))
        values = group["change"].astype(float).to_numpy()
        for x, record, value in zip(xs, group.itertuples(), values):
            colour = _colour(record.report)
            estimate = str(record.kind) != "actual"
            ax.bar(x, value, width=0.6, color=mcolors.to_rgba(colour, 0.35) if estimate else colour,
                   edgecolor=colour, hatch="//" if estimate else None, linewidth=1.5)
            ax.text(x, value, f"{_signed(value)}%", ha="center", va="bottom" if value >= 0 else "top",
                    fontsize=22, color=INK)
        ax.set_xticks(xs, [f"{labels[str(r.report)]} ({places.loc[str(r.report), 'level_label'].split()[-1]})\n"
                           f"{r.period_label} {KIND_WORDS[str(r.kind)]}" for r in group.itertuples()], fontsize=15)
        ax.tick_params(axis="x", length=0)
        ax.set_ylim(min(0, values.min()) * 1.3, max(values.max(), 0) * 1.3)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
        ax.axhline(0, color="#888888", linewidth=1)
        first = group.iloc[0]
        same = group["period"].astype(str).nunique() == 1 and group["kind"].astype(str).nunique() == 1
        same_level = group["level"].astype(str).nunique() == 1
        if same and same_level:
            note = "same period, kind and level: comparable"
        else:
            differs = [w for w, d in (("period", group["period"].astype(str).nunique() > 1),
                                      ("kind", group["kind"].astype(str).nunique() > 1), ("level", not same_level)) if d]
            note = f"{_join(differs)} differ: indicative only"
        ax.set_title(f"{first['metric_label']} {first['metric_zh']}, {first['year']}", fontsize=17, loc="left",
                     pad=34)
        ax.text(0, 1.03, note, transform=ax.transAxes, ha="left", va="bottom", fontsize=14,
                color=MUTED, fontstyle="italic")
        ax.set_xlim(-0.6, len(group) - 0.4)
    sources = _figure_sources(tables, ids)
    return _finish(fig, title, subtitle, source, sources, body)


# ---------------------------------------------------------------------------------------------
# 04: projects


def project_counts(tables: Tables) -> Figure:
    """Projects by stage and report: the count each report states (pale bar, ≥ for 'at least') and
    how many of them it names (dark bar); the district and the subdistricts on separate scales."""
    counts = _stage_sort(views.project_counts(tables).copy())
    labels, stages = _labels(tables), _stage_labels(tables)
    order = views.place_order(tables)
    district, subdistricts = _split_by_level(tables, counts)
    complete = (counts["named"] == counts["count"].astype(float))
    full_places = [labels[r] for r in order if r in set(counts["report"].astype(str))
                   and complete[counts["report"].astype(str) == r].all()]
    unnamed = int((counts["named"] == 0).sum())
    silent = [labels[r] for r in order if r not in set(counts["report"].astype(str))]
    head = (f"Only {_join(full_places)} names every project it counts" if full_places
            else "No report names every project it counts")
    title = f"{head}; {unnamed} of {len(counts)} stated project counts come with no project named at all"
    subtitle = ("Pale bar: projects the report says it has (≥: '以上', '余', at least); dark bar: projects it names. "
                "Separate scales for district and subdistricts; groups can overlap."
                + (f" {_join(silent)} states no project count." if silent else ""))
    ids = counts["id"].astype(str).to_list()
    source = _source_line(tables, ids, files="data/figures.csv and data/projects.csv")
    fig, body = _frame(title, subtitle, source)

    panels = [(subdistricts, "Subdistricts 街道"), (district, "District 区")]
    rows_of = [_panel_rows(counts, reports) for reports, _ in panels]
    n_rows = max(len(rows) for rows in rows_of)
    axes = fig.subplots(1, 2)
    for ax, rows, (reports, heading) in zip(axes, rows_of, panels):
        high = max(float(r.count) for r in rows)
        for y, record in enumerate(rows):
            stated, named = float(record.count), int(record.named)
            colour = _colour(record.report)
            ax.barh(y + BAR_SHIFT, stated, height=BAR_HEIGHT, color=mcolors.to_rgba(colour, 0.3), edgecolor=colour,
                    linewidth=1.2)
            if named:
                ax.barh(y + BAR_SHIFT, named, height=BAR_HEIGHT * 0.55, color=colour)
            sign = _bound_sign(record.bound)
            ax.text(stated + high * 0.02, y + BAR_SHIFT,
                    f"{sign}{_fmt(stated)} stated, {named} named · {record.period_label} {record.kind}",
                    va="center", ha="left", fontsize=13, color=INK)
        _row_labels(ax, [_row_text(stages, r, len(reports) > 1) for r in rows], n_rows)
        ax.set_xlim(0, high * 1.9)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
        handles = [Patch(facecolor=mcolors.to_rgba(MUTED, 0.3), edgecolor=MUTED, label="stated"),
                   Patch(facecolor=MUTED, label="named")] if heading.startswith("District") else None
        _panel_title(ax, heading, handles)
    sources = _figure_sources(tables, ids)
    return _finish(fig, title, subtitle, source, sources, body)


# ---------------------------------------------------------------------------------------------
# 05: text


def _sentence_with(text: str, term: str, limit: int = 90) -> str:
    """The first sentence of `text` that contains `term`, trimmed around it."""
    for sentence in re.split(r"(?<=[。！？；\n])", text):
        if term in sentence:
            sentence = sentence.strip()
            if len(sentence) > limit:
                at = sentence.index(term)
                start = max(0, at - limit // 2)
                sentence = ("…" if start else "") + sentence[start : start + limit] + "…"
            return sentence
    return ""


def _text_source_line(reports: list[str], labels: dict[str, str], what: str) -> str:
    names = ", ".join(labels.get(r, r) for r in reports)
    return (f"Source: full texts of the work reports of {names} (data/raw/*.txt, checksums in data/reports.csv); "
            f"{what}.")


def _check_columns(frame: pd.DataFrame, needed: list[str], what: str) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ChartError(f"{what}: the frame lacks column(s) {', '.join(missing)} (has: {', '.join(frame.columns)})")
    if frame.empty:
        raise ChartError(f"{what}: the frame is empty")


def top_terms(terms: pd.DataFrame, n: int = 10, method: str | None = None, tables: Tables | None = None) -> Figure:
    """Small multiples, one panel per place: each report's top terms as horizontal bars in its colour.

    `terms` has columns report, term, score, method ('tfidf' or 'textrank'). With several methods in
    the frame, `method` picks one (default: tfidf if present). With `tables`, places get their
    bilingual labels and the speaker-note sources quote a sentence of the text for each term."""
    _check_columns(terms, ["report", "term", "score", "method"], "top_terms")
    methods = list(dict.fromkeys(terms["method"].astype(str)))
    method = method or ("tfidf" if "tfidf" in methods else methods[0])
    if method not in methods:
        raise ChartError(f"top_terms: no terms by method {method!r} (the frame has {', '.join(methods)})")
    frame = terms[terms["method"].astype(str) == method].copy()
    frame["report"] = frame["report"].astype(str)
    frame["score"] = frame["score"].astype(float)
    labels = _labels(tables) if tables is not None else {}
    order = views.place_order(tables) if tables is not None else list(dict.fromkeys(frame["report"]))
    reports = [r for r in order if r in set(frame["report"])]
    tops = {r: frame[frame["report"] == r].sort_values("score", ascending=False).head(n) for r in reports}
    def best(top: pd.DataFrame) -> str:  # ties at the top are named together, not broken silently
        scores = top["score"].to_numpy()
        tied = top["term"].astype(str)[np.isclose(scores, scores[0])].tolist()
        return tied[0] if len(tied) == 1 else " / ".join(tied) + " (tied)"

    title = "Each report's top term: " + ", ".join(f"{labels.get(r, r)} {best(tops[r])}" for r in reports)
    method_words = {"tfidf": "TF-IDF (term frequency × inverse document frequency across the five reports)",
                    "textrank": "TextRank (co-occurrence graph centrality)"}
    subtitle = (f"Top {n} terms per report by {method_words.get(method, method)}; bar length = score, "
                "comparable within a panel, not across panels.")
    source = _text_source_line(reports, labels, f"terms by reportlib.text, method {method}")
    fig, body = _frame(title, subtitle, source)

    axes = fig.subplots(1, len(reports), squeeze=False)[0]
    for ax, report in zip(axes, reports):
        top = tops[report]
        y = np.arange(len(top))
        ax.barh(y, top["score"], color=_colour(report), height=0.7)
        ax.set_yticks(y, top["term"].astype(str), fontsize=17)
        ax.set_ylim(n - 0.5, -0.6)
        ax.set_xticks([])
        ax.tick_params(axis="y", length=0)
        ax.spines["bottom"].set_visible(False)
        ax.set_title(labels.get(report, report), fontsize=18, loc="right", color=INK)
    rows = []
    for report in reports:
        text = tables.texts.get(report, "") if tables is not None else ""
        for record in tops[report].itertuples():
            rows.append({"id": report, "place": labels.get(report, report),
                         "mention": f"{record.term} (score {record.score:.3g}, {method})",
                         "quote": _sentence_with(text, str(record.term))})
    sources = pd.DataFrame(rows, columns=["id", "place", "mention", "quote"])
    return _finish(fig, title, subtitle, source, sources, body)


def theme_shares(shares: pd.DataFrame, tables: Tables | None = None,
                 theme_labels: dict[str, str] | None = None) -> Figure:
    """One stacked horizontal bar per place: the share (0–1) of each theme in its report; what the
    themes do not cover is shown in grey as 'other', not dropped. `theme_labels` maps theme ids to
    the words shown; themes keep the frame's categorical order (else: largest share first)."""
    _check_columns(shares, ["report", "theme", "share"], "theme_shares")
    frame = shares.copy()
    frame["report"] = frame["report"].astype(str)
    ordered = (list(map(str, frame["theme"].cat.categories)) if isinstance(frame["theme"].dtype, pd.CategoricalDtype)
               else None)
    theme_labels = theme_labels or {}
    frame["theme"] = frame["theme"].astype(str).map(lambda t: theme_labels.get(t, t))
    frame["share"] = frame["share"].astype(float)
    bad = frame[(frame["share"] < 0) | (frame["share"] > 1)]
    if not bad.empty:
        row = bad.iloc[0]
        raise ChartError(f"theme_shares: share must be between 0 and 1 (report {row['report']}, theme "
                         f"{row['theme']}, share {row['share']})")
    labels = _labels(tables) if tables is not None else {}
    order = views.place_order(tables) if tables is not None else list(dict.fromkeys(frame["report"]))
    reports = [r for r in order if r in set(frame["report"])]
    present = set(frame["theme"])
    themes = ([theme_labels.get(t, t) for t in ordered if theme_labels.get(t, t) in present] if ordered
              else list(dict.fromkeys(frame.sort_values("share", ascending=False)["theme"])))
    table = frame.pivot_table(index="report", columns="theme", values="share", aggfunc="sum").reindex(
        index=reports, columns=themes).fillna(0.0)
    if len(themes) > len(THEME_COLOURS):
        raise ChartError(f"theme_shares: {len(themes)} themes, but only {len(THEME_COLOURS)} distinct colours")

    leaders = {r: [t for t in themes if math.isclose(table.loc[r, t], table.loc[r].max())] for r in reports}
    counts = pd.Series([t for r in reports for t in leaders[r]]).value_counts()
    common = counts.index[0]
    with_common = [r for r in reports if common in leaders[r]]
    shares_text = _share_span([table.loc[r, common] for r in with_common])
    if len(with_common) == len(reports):
        title = f"{common} is the largest theme in every report ({shares_text} of content words)"
    else:
        by_theme: dict[str, list[str]] = {}
        for r in reports:
            if r not in with_common:
                by_theme.setdefault(" = ".join(leaders[r]), []).append(labels.get(r, r))
        others = "; ".join(f"{theme} in {_join(names)}" for theme, names in by_theme.items())
        title = (f"{common} leads in {len(with_common)} of {len(reports)} reports ({shares_text} of content words); "
                 f"{others}")
    subtitle = ("Share of each report's content words (jieba tokens without stopwords) that are terms of a theme's "
                "lexicon; grey: words in no theme. Reports differ in length and kind (reviews, plans, one district).")
    source = _text_source_line(reports, labels, "themes and shares by reportlib.text")
    fig, body = _frame(title, subtitle, source)

    ax = fig.add_subplot()
    y = np.arange(len(reports))
    left = np.zeros(len(reports))
    for colour, theme in zip(THEME_COLOURS, themes):
        values = table[theme].to_numpy()
        ax.barh(y, values, left=left, color=colour, height=0.66, label=theme, edgecolor="white", linewidth=1)
        for yi, (start, value) in enumerate(zip(left, values)):
            if value >= 0.05:
                rgb = mcolors.to_rgb(colour)
                light = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] > 0.55
                ax.text(start + value / 2, yi, f"{value:.0%}", ha="center", va="center", fontsize=14,
                        color=INK if light else "white")
        left = left + values
    rest = np.clip(1 - left, 0, None)
    if (rest > 0.005).any():
        ax.barh(y, rest, left=left, color="#DDDDDD", height=0.66, label="other (no theme)", edgecolor="white")
    ax.set_yticks(y, [labels.get(r, r) for r in reports], fontsize=18)
    ax.set_ylim(len(reports) - 0.5, -0.5)
    ax.set_xlim(0, max(1.0, float(left.max())))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.tick_params(axis="y", length=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=14)
    rows = [{"id": r, "place": labels.get(r, r), "mention": f"{theme} {table.loc[r, theme]:.1%}", "quote": ""}
            for r in reports for theme in themes if table.loc[r, theme] > 0]
    sources = pd.DataFrame(rows, columns=["id", "place", "mention", "quote"])
    return _finish(fig, title, subtitle, source, sources, body)


def _share_span(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"{low:.0%}" if round(low, 2) == round(high, 2) else f"{low * 100:.0f}–{high:.0%}"


def _text_module():
    """reportlib.text, imported only by the text charts (it brings jieba)."""
    from . import text

    return text


def _top_terms_chart(tables: Tables) -> Figure:
    return top_terms(_text_module().keywords(tables), tables=tables)


def _theme_shares_chart(tables: Tables) -> Figure:
    text = _text_module()
    return theme_shares(text.theme_shares(tables), tables=tables, theme_labels=getattr(text, "THEMES", None))


# ---------------------------------------------------------------------------------------------
# Registry, building by name, saving


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
    ChartSpec("05-top-terms", "notebooks/05-text.ipynb", _top_terms_chart),
    ChartSpec("05-theme-shares", "notebooks/05-text.ipynb", _theme_shares_chart),
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
    fig._reportlib_info = replace(info(fig), name=name)  # type: ignore[attr-defined]
    return fig


def sources(name: str, tables: Tables) -> pd.DataFrame:
    """The figures a registry chart draws on: id, place, mention (as written) and quote."""
    return info(figure(name, tables)).sources.copy()


def render(fig: Figure, fmt: str) -> bytes:
    """The figure as PNG (200 dpi) or SVG bytes, deterministic: no software version, no date, a fixed
    SVG hash salt."""
    options: dict = {"format": fmt}
    if fmt == "png":
        # the takeaway and sources travel with the file (PNG text chunks), for whoever pastes it
        described = getattr(fig, "_reportlib_info", None)
        extra = {"Title": described.title, "Source": described.source} if described else {}
        options.update(dpi=DPI, metadata={"Software": None, **extra})
    elif fmt == "svg":
        options.update(metadata={"Date": None, "Creator": None})
    else:
        raise ValueError(f"unsupported format {fmt!r} (png or svg)")
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "reportlib", "svg.fonttype": "path"}):
        fig.savefig(buffer, **options)
    return buffer.getvalue() if fmt == "png" else _stable_svg_ids(buffer.getvalue())


def _stable_svg_ids(svg: bytes) -> bytes:
    """Number the SVG's clip-path ids in order of appearance: matplotlib derives the id of a non-rectangular
    clip path from the object's memory address, so the same chart would otherwise differ run to run."""
    text = svg.decode("utf-8")
    ids = dict.fromkeys(re.findall(r'<clipPath id="(p[0-9a-f]+)"', text))
    for number, old in enumerate(ids, 1):
        text = re.sub(rf"\b{old}\b", f"clip{number:04d}", text)
    return text.encode("utf-8")


def body_png(fig: Figure, png: bytes | None = None) -> bytes:
    """The chart body alone (no title, caveat or source line), cropped from the figure's PNG: the deck
    writes those texts as slide text."""
    from PIL import Image

    png = png if png is not None else render(fig, "png")
    image = Image.open(io.BytesIO(png))
    bottom, top = info(fig).body
    box = (0, round((1 - top) * image.height), image.width, round((1 - bottom) * image.height))
    out = io.BytesIO()
    image.crop(box).save(out, format="PNG", dpi=(DPI, DPI))
    return out.getvalue()


def save(fig: Figure, name: str, folder: Path | str = FIGURES_DIR) -> list[Path]:
    """Write name.png (200 dpi) and name.svg into `folder`, atomically and deterministically; the
    figure stays open for the caller. Returns the two paths."""
    folder = Path(folder)
    data = {suffix: render(fig, suffix) for suffix in ("png", "svg")}  # render both before writing either
    return [atomic.write_bytes(folder / f"{name}.{suffix}", blob) for suffix, blob in data.items()]


def chart_characters(tables: Tables) -> str:
    """Every character a chart can show: the text columns of the curated tables, the vocabularies
    and the raw texts (top terms and quotes come from them)."""
    parts = []
    for frame in (tables.reports, tables.figures, tables.projects, tables.exclusions, tables.vocab.metrics,
                  tables.vocab.units, tables.vocab.terms):
        for column in frame.columns:
            if frame[column].dtype == object or str(frame[column].dtype) in ("string", "str", "category"):
                parts.extend(str(v) for v in frame[column].dropna().unique())
    parts.extend(tables.texts.values())
    return "".join(parts)
