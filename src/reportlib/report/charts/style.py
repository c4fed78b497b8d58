"""The house style: one colour per place, slide sizes, and the CJK font every chart draws with.

Sizes and colours live here, not in each chart, so that a change of look is one edit and every
chart keeps the same place in the same colour.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib import style as mstyle

from reportlib.report import fonts
from reportlib.curation.load import Tables

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


def apply_style() -> None:
    """Apply the house style and register the CJK font. Idempotent and cheap (a few ms)."""
    fonts.register()
    mstyle.use(str(STYLE_PATH))


def place_colour(report: str) -> str:
    """The place's colour, the same in every chart (grey for a place the palette does not know)."""
    return PLACE_COLOURS.get(str(report), FALLBACK_COLOUR)


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
