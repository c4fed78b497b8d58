"""Does a chart read cleanly? Measured with matplotlib's own renderer: every text and every data mark
(bars, markers, lines) as drawn, then text on text, text on a mark, text outside the figure and labels
cut with an ellipsis are reported. The tests run this on every chart, at the real data and at other
numbers of places, so a layout that only works for today's data fails there rather than on a slide.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from .layout import agg_canvas

TOLERANCE = 1.0  # pixels (at 100 dpi) two boxes may share before they count as overlapping
ELLIPSIS = "…"


@dataclass(frozen=True)
class Mark:
    """A data mark as drawn: its box, and for a line its path (a box would be far too coarse)."""

    what: str
    box: Bbox
    path: object = None


def _texts(fig: Figure) -> list[Text]:
    found = []
    for artist in fig.findobj(Text):
        if not artist.get_visible() or not artist.get_text().strip() or artist.axes is None and artist.figure is None:
            continue
        if artist.get_alpha() == 0:
            continue
        found.append(artist)
    return found


def _visible_tick_labels(ax: Axes) -> set[int]:
    ids = set()
    for axis in (ax.xaxis, ax.yaxis):
        low, high = sorted(axis.get_view_interval())
        for tick in axis.get_major_ticks() + axis.get_minor_ticks():
            inside = low - 1e-9 <= tick.get_loc() <= high + 1e-9
            for label in (tick.label1, tick.label2):
                if not inside or not label.get_visible():
                    ids.add(id(label))
    return ids


def _marks(fig: Figure, renderer) -> list[Mark]:
    marks = []
    for ax in fig.axes:
        for patch in ax.patches:
            if isinstance(patch, Patch) and patch.get_visible():
                marks.append(Mark(f"bar in {_name(ax)}", patch.get_window_extent(renderer)))
        for line in ax.lines:
            if not isinstance(line, Line2D) or not line.get_visible() or line.get_label().startswith("_grid"):
                continue
            xy = line.get_transform().transform(np.column_stack(line.get_data()).astype(float))
            marker = line.get_marker()
            if marker not in (None, "None", "none", "", " "):
                half = line.get_markersize() * fig.dpi / 72 / 2 + line.get_markeredgewidth() * fig.dpi / 72 / 2
                for x, y in xy:
                    marks.append(Mark(f"marker in {_name(ax)}", Bbox([[x - half, y - half], [x + half, y + half]])))
            if line.get_linestyle() not in ("None", "none", "", " ") and len(xy) > 1:
                if _is_reference_line(line, ax):
                    continue
                marks.append(Mark(f"line in {_name(ax)}", Bbox([xy.min(axis=0), xy.max(axis=0)]), xy))
    return marks


def _is_reference_line(line: Line2D, ax: Axes) -> bool:
    """axvline/axhline (zero lines) are part of the axes, not data marks."""
    return line.get_transform() != ax.transData and line.get_transform().contains_branch_seperately(ax.transAxes) != (False, False)


def _name(ax: Axes) -> str:
    title = ax.get_title(loc="left") or ax.get_title() or ax.get_title(loc="right")
    return f"panel {title!r}" if title else "the chart"


def _touch(a: Bbox, b: Bbox, gap: float = 2.0) -> bool:
    """Two texts closer than `gap` pixels read as one ('678  2024', '0.0010.1')."""
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > -gap) and (min(a.y1, b.y1) - max(a.y0, b.y0) > TOLERANCE)


def _overlap(a: Bbox, b: Bbox) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > TOLERANCE) and (min(a.y1, b.y1) - max(a.y0, b.y0) > TOLERANCE)


def _inside(inner: Bbox, outer: Bbox) -> bool:
    return (inner.x0 >= outer.x0 - TOLERANCE and inner.x1 <= outer.x1 + TOLERANCE
            and inner.y0 >= outer.y0 - TOLERANCE and inner.y1 <= outer.y1 + TOLERANCE)


def _segment_hits(box: Bbox, points: np.ndarray) -> bool:
    """Whether the polyline through `points` crosses the inside of `box` (shrunk by the tolerance)."""
    x0, y0, x1, y1 = box.x0 + TOLERANCE, box.y0 + TOLERANCE, box.x1 - TOLERANCE, box.y1 - TOLERANCE
    if x0 >= x1 or y0 >= y1:
        return False
    for (ax_, ay), (bx, by) in zip(points[:-1], points[1:]):
        for t in np.linspace(0.0, 1.0, 64):
            x, y = ax_ + t * (bx - ax_), ay + t * (by - ay)
            if x0 < x < x1 and y0 < y < y1:
                return True
    return False


def problems(fig: Figure) -> list[str]:
    """Everything that keeps a reader from reading the chart cleanly, one sentence each (empty: clean)."""
    canvas = agg_canvas(fig)
    fig.draw_without_rendering()  # lays out and places every artist; no pixels needed to measure them
    renderer = canvas.get_renderer()
    hidden = set().union(*(_visible_tick_labels(ax) for ax in fig.axes)) if fig.axes else set()
    texts = [t for t in _texts(fig) if id(t) not in hidden]
    boxes = [(t, t.get_window_extent(renderer)) for t in texts]
    frame = fig.bbox
    found = []
    for text, box in boxes:
        label = text.get_text().replace("\n", " ")[:60]
        if ELLIPSIS in text.get_text():
            found.append(f"cut label: {label!r}")
        if not _inside(box, frame):
            found.append(f"text outside the figure: {label!r}")
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            if _touch(box_a, box_b):
                found.append(f"text on text: {a.get_text()[:40]!r} and {b.get_text()[:40]!r}".replace("\n", " "))
    marks = _marks(fig, renderer)
    for text, box in boxes:
        holders = [m for m in marks if m.path is None and _inside(box, m.box)]
        for mark in marks:
            if mark.path is not None:
                hit = _segment_hits(box, mark.path)
            else:
                hit = _overlap(box, mark.box) and not (holders and mark in holders or _encloses_all(holders, box))
            if hit:
                found.append(f"text on a data mark ({mark.what}): {text.get_text()[:40]!r}".replace("\n", " "))
                break
    return found


def _encloses_all(holders: list[Mark], box: Bbox) -> bool:
    """A label written inside a bar or cell (holders: the marks wholly containing it) is fine."""
    return bool(holders)
