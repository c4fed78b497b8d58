"""The house style: one colour per place, slide sizes, and the CJK font every chart draws with.

Sizes and colours live here, not in each chart, so that a change of look is one edit and every
chart keeps the same place in the same colour.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib import style as mstyle

from reportlib.report import fonts
from reportlib.curation import places
from reportlib.curation.load import Tables
from reportlib.curation.paths import data_dir

STYLE_PATH = Path(__file__).with_name("house.mplstyle")

# Theme colours: muted earth and pastel tones, far from every colour data/vocab/palette.csv gives places
# (place colours are reserved: a theme must never look like a place). Dark ones take white text.
THEME_COLOURS = ["#6B5B4E", "#E8D9B5", "#B0C4A0", "#D9C3E0", "#F2C6A0", "#5E6E5A", "#D6D6A0", "#A5A5C8",
                 "#9C8B7A", "#E3B7B7"]
MIN_THEME_DISTANCE = 60  # in RGB units: a theme colour's least distance from any place colour
NOT_REPORTED = "#EEEEEE"
INK = "#222222"
MUTED = "#555555"
BAR_SHIFT, BAR_HEIGHT = 0.2, 0.38  # in row units: a label sits above each bar, the bar below it

# One encoding of kind for every marker: ● actual (a result), ◆ estimate (预计, a result not yet final),
# ○ plan (a target). Bars on linear axes: solid = actual, pale = estimate; no hatching.
KIND_MARKER = {"actual": "o", "estimate": "D", "plan": "o"}
KIND_WORDS = {"actual": "actual", "estimate": "estimate", "plan": "plan"}

WIDTH, HEIGHT = 13.333, 7.5  # inches: a 16:9 slide
DPI = 200
TITLE_SIZE, SUBTITLE_SIZE, SOURCE_SIZE = 26, 16, 11
MARGIN = 0.35  # inches, left and right of the header and footer texts


def apply_style() -> None:
    """Apply the house style and register the CJK font. Idempotent and cheap (a few ms)."""
    fonts.register()
    mstyle.use(str(STYLE_PATH))


def place_colours(tables: Tables | None, reports: list[str] = ()) -> dict[str, str]:
    """Report id -> the place's colour, the same in every chart (reportlib.curation.places). Without
    tables (a chart of a bare frame), `reports` take the palette's colours in the order given."""
    if tables is not None:
        return places.colours(tables)
    return dict(zip(reports, places.assign_colours([None] * len(reports), places.palette(data_dir()))))


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


def kind_marker(kind: str, colour: str, size: float = 11) -> dict:
    """Keyword arguments of Axes.plot for one figure's marker: shape and fill by its kind, place colour."""
    kind = str(kind)
    return dict(marker=KIND_MARKER.get(kind, "o"), markersize=size * (0.85 if kind == "estimate" else 1.0),
                linestyle="none", markeredgewidth=2.2, markeredgecolor=colour,
                markerfacecolor="white" if kind == "plan" else colour)


def kind_handles(kinds) -> list:
    """Legend entries for the kinds present, drawn as the marks are (in ink: the colour is the place's)."""
    from matplotlib.lines import Line2D

    present = [k for k in KIND_MARKER if k in {str(k) for k in kinds}]
    return [Line2D([], [], label=KIND_WORDS[k], **kind_marker(k, INK, 10)) for k in present]
