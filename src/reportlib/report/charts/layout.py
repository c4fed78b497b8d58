"""The three bands of every chart: a header (the finding as title, a caveat line), the body, and a
footer naming the sources; and the ChartInfo that carries those texts with the figure.

Titles and source lines are wrapped by their rendered width, not by a character count, because
CJK and Latin text of the same length differ in width by half.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from functools import lru_cache

import matplotlib as mpl
import pandas as pd
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.font_manager import FontProperties

from reportlib.report import fonts
from .style import DPI, HEIGHT, INK, MARGIN, MUTED, SOURCE_SIZE, SUBTITLE_SIZE, TITLE_SIZE, WIDTH, apply_style


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


# The ChartInfo of each chart made here, by figure: held beside the figure rather than set as an attribute
# on matplotlib's object, and dropped with the figure.
_INFO: weakref.WeakKeyDictionary[Figure, ChartInfo] = weakref.WeakKeyDictionary()


def info(fig: Figure) -> ChartInfo:
    """The ChartInfo a chart function recorded for its figure."""
    try:
        return _INFO[fig]
    except KeyError:
        raise ChartError("this figure was not made by reportlib.charts (it carries no title/source info)") from None


def describe(fig: Figure, chart_info: ChartInfo) -> Figure:
    """Record (or replace) the ChartInfo of a figure; return the figure."""
    _INFO[fig] = chart_info
    return fig


# ---------------------------------------------------------------------------------------------
# Measuring text


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


def wrap(text: str, size: float, width_in: float, weight: str = "normal") -> list[str]:
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


def fit(text: str, size: float, width_in: float) -> str:
    """`text`, cut with an ellipsis where it would run wider than `width_in` at `size` points."""
    limit = width_in * 72
    if _width_pt(text, size) <= limit:
        return text
    used, cut = _measure("…", size), 0
    for cut, char in enumerate(text):  # noqa: B007 (cut is read after the loop): each width measured once
        used += _measure(char, size) if char != " " else _measure("a a", size) - 2 * _measure("a", size)
        if used > limit:
            break
    return text[:cut].rstrip(" ,(·") + "…"


# ---------------------------------------------------------------------------------------------
# The bands


def banded_figure(title: str, subtitle: str, source: str) -> tuple[Figure, tuple[float, float]]:
    """A slide-sized Figure with title, subtitle and source line placed; constrained layout keeps
    the axes (with their labels) inside the body band. Returns the figure and the body band."""
    apply_style()
    fig = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)  # measured and laid out at the export's resolution (settle_layout)
    text_width = WIDTH - 2 * MARGIN
    for title_size in (TITLE_SIZE, TITLE_SIZE - 2, TITLE_SIZE - 4):  # the largest size that fits two lines
        title_lines = wrap(title, title_size, text_width)
        if len(title_lines) <= 2:
            break
    subtitle_lines = wrap(subtitle, SUBTITLE_SIZE, text_width) if subtitle else []
    source_lines = wrap(source, SOURCE_SIZE, text_width)

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


def attach_info(fig: Figure, title: str, subtitle: str, source: str, sources: pd.DataFrame,
                body: tuple[float, float]) -> Figure:
    """The figure, its layout settled, with its ChartInfo recorded (read back with info(fig)); the last
    step of every chart."""
    settle_layout(fig)
    return describe(fig, ChartInfo(title, subtitle, source, sources.reset_index(drop=True), body))


def agg_canvas(fig: Figure):
    """The figure's Agg canvas (attached if the figure has none yet): what measuring text needs."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)


def settle_layout(fig: Figure) -> None:
    """Lay the figure out once, at the resolution of the exported PNG, and keep those positions: constrained
    layout recomputed at every draw moves panels by a fraction of a pixel between one save and the next,
    so two saves of one chart would differ. Text sizes are in points, so the look is the same at any dpi."""
    if not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
        return  # settled already (keep_texts_inside keeps the layout of its last round), or never laid out
    _lay_out(fig)
    _keep_layout(fig)


def _lay_out(fig: Figure):
    """Lay the figure out at the export's resolution, positions only (measuring needs no pixels); the renderer."""
    if fig.dpi != DPI:
        fig.set_dpi(DPI)
    canvas = agg_canvas(fig)
    fig.draw_without_rendering()
    return canvas.get_renderer()


def _keep_layout(fig: Figure) -> None:
    """Keep the positions of the figure's last layout (drawn at the export's resolution) and hand the figure
    over at the screen resolution of the house style."""
    fig.set_dpi(mpl.rcParams["figure.dpi"])
    fig.set_layout_engine("none")


MAX_DECADES = 12  # the widest a log axis is made for its labels: beyond, a decade is a few pixels


def keep_texts_inside(fig: Figure, placed: list[tuple[object, list]], rounds: int = 4) -> None:
    """Set each x axis (linear or log) wide enough that its texts, placed beside marks in data coordinates,
    lie inside it: the labels get the room they need whatever the data, instead of running off the figure.
    `placed` pairs each axes with its texts; axes that share x get one set of limits. Every round lays the
    figure out once and solves the limits from the texts' measured lengths; the panel widths the layout
    gives move a little as tick labels change, so a second round corrects and a third usually confirms.
    The limits never shrink below the chart's own. Call it last, when everything is drawn: the layout of
    a round that moves nothing is the one kept (see settle_layout)."""
    placed = [(ax, texts, tuple(_scaled(ax, v) for v in ax.get_xlim())) for ax, texts in placed if texts]
    for _, texts, _ in placed:
        for text in texts:  # the axes take their width from the layout; the texts fit into it, not it to them
            text.set_in_layout(False)
    for round_ in range(rounds):
        if not placed:
            return
        renderer = _lay_out(fig)
        wanted = {}
        for ax, texts, own in placed:
            low, high = _limits_that_fit(ax, texts, own, renderer)
            if ax.get_xscale() == "log" and high - low > MAX_DECADES:
                # a label nearly as long as its panel: the axis stops at MAX_DECADES and the label may reach
                # past it, into room the layout then keeps free for it
                high = low + MAX_DECADES
                for text in texts:
                    text.set_in_layout(True)
            wanted[ax] = (low, high)
        moved = False
        for ax, (low, high) in wanted.items():
            for sibling in ax.get_shared_x_axes().get_siblings(ax):
                if sibling in wanted:
                    low, high = min(low, wanted[sibling][0]), max(high, wanted[sibling][1])
            if _needs_moving(ax, (low, high), renderer, may_shrink=round_ == 1):
                ax.set_xlim(_unscaled(ax, low), _unscaled(ax, high))
                moved = True
        if not moved:
            _keep_layout(fig)
            return


def _needs_moving(ax, limits: tuple[float, float], renderer, may_shrink: bool) -> bool:
    """Whether the x limits must become `limits` (as the axis spaces them): a text would stick out by half a
    pixel, or (`may_shrink`, the round after the first guess) the panel leaves more than 2% of its width
    unused beside the texts. Later rounds only widen: the panel widths move with the tick labels, and
    taking back a few pixels each round would never settle."""
    now = [_scaled(ax, v) for v in ax.get_xlim()]
    span = now[1] - now[0]
    if not all(math.isfinite(v) for v in [*now, *limits]) or span <= 0:
        return True
    width = ax.get_window_extent(renderer).width
    short = max(limits[1] - now[1], now[0] - limits[0]) * width / span  # > 0: the limits reach too little
    loose = max(now[1] - limits[1], limits[0] - now[0]) * width / span
    return short > 0.5 or (may_shrink and loose > 0.02 * width)


def _scaled(ax, v: float) -> float:
    """A data x as the axis spaces it: log10 on a log axis (-inf at or below zero), else itself."""
    if ax.get_xscale() == "log":
        return math.log10(v) if v > 0 else -math.inf
    return v


def _unscaled(ax, u: float) -> float:
    """The data x at `u` as the axis spaces it (the inverse of _scaled)."""
    return 10 ** u if ax.get_xscale() == "log" else u


def _limits_that_fit(ax, texts: list, own: tuple[float, float], renderer) -> tuple[float, float]:
    """The chart's own x limits (`own`, as the axis spaces them), widened just enough that each text, as long
    as it now is in pixels beside its anchor, ends inside the axes with two pixels to spare."""
    low, high = own
    width = ax.get_window_extent(renderer).width
    for text in texts:
        x, extent = _anchor_x(text), text.get_window_extent(renderer)
        u = _scaled(ax, x) if math.isfinite(x) else math.nan
        if width < 20 or not (math.isfinite(u) and all(math.isfinite(v) for v in extent.extents)):
            continue  # no room to be had, or nothing to measure: the layout check reports what stays outside
        anchor = ax.transData.transform((x, 0))[0]
        tail, head = extent.x1 - anchor + 2, anchor - extent.x0 + 2
        # fits on the right when (u - low) / (high - low) ≤ 1 - tail / width, on the left when ≥ head / width
        if tail / width < 0.95 and u > low:
            high = max(high, low + (u - low) / (1 - tail / width))
        if head / width < 0.95 and u < high:
            low = min(low, (u - (head / width) * high) / (1 - head / width))
    return (low, high) if math.isfinite(low) and math.isfinite(high) else own


def _anchor_x(text) -> float:
    """The x data coordinate a label is placed at: an annotation's point, a text's position."""
    x = text.xy[0] if hasattr(text, "xy") else text.get_position()[0]
    try:
        return float(x)
    except (TypeError, ValueError):
        return math.nan
