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
