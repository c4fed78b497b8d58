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

import pandas as pd
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
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
    fig = Figure(figsize=(WIDTH, HEIGHT))
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
    if fig.get_layout_engine() is None:
        return
    dpi = fig.dpi
    fig.set_dpi(DPI)
    agg_canvas(fig)
    fig.draw_without_rendering()
    fig.set_dpi(dpi)
    fig.set_layout_engine("none")


def keep_texts_inside(fig: Figure, ax, texts: list, rounds: int = 4) -> None:
    """Widen a linear x axis until `texts` (placed in data coordinates) lie inside the axes: the labels
    beside the marks get the room they need whatever the data, instead of running off the figure."""
    if not texts:
        return
    canvas = agg_canvas(fig)
    for _ in range(rounds):
        fig.draw_without_rendering()  # positions only: measuring needs no pixels
        renderer = canvas.get_renderer()
        box = ax.get_window_extent(renderer)
        extents = [t.get_window_extent(renderer) for t in texts]
        extents = [e for e in extents if all(math.isfinite(v) for v in e.extents)]
        if not extents:
            return
        over_right = max(e.x1 for e in extents) - box.x1
        over_left = box.x0 - min(e.x0 for e in extents)
        if over_right <= 0.5 and over_left <= 0.5:
            return
        log = ax.get_xscale() == "log"
        low, high = (math.log10(v) for v in ax.get_xlim()) if log else ax.get_xlim()
        per_px = (high - low) / max(box.width, 1.0)
        low, high = low - max(over_left, 0) * per_px * 1.15, high + max(over_right, 0) * per_px * 1.15
        if not (math.isfinite(low) and math.isfinite(high)) or box.width < 20 or (log and high - low > 12):
            return  # no room to be had: the layout check reports the text that stays outside
        ax.set_xlim(*((10 ** low, 10 ** high) if log else (low, high)))
