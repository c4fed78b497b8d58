"""The slide deck: a 16:9 title slide, then one slide per chart with its finding as the title, the
chart, its caveat and source line, and the quotes behind its numbers in the speaker notes.

Built with python-pptx on blank layouts (the default template's placeholders keep 4:3 geometry).
Every run of text names a Latin and an East Asian typeface (<a:latin>, <a:ea>): python-pptx's
font.name sets only the Latin one, and PowerPoint would otherwise pick its own face for Chinese.
The bytes are reproducible: fixed core properties and zip timestamps.

Text fits its box: titles and caveats are measured with the metrics of the bundled Noto Sans SC (wider
than the faces the deck names, so a viewer's font wraps into no more lines than measured), shrunk until
they fit their line budget, and each box is placed below the measured height of the one above it. Line
spacing is set in points, so that a viewer's CJK font (whose own line height can be 1.45 em) cannot
stretch a box into the next.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from reportlib.report import atomic, fonts
from reportlib.curation.paths import EXPORTS_DIR

DECK_NAME = "reportlib-deck.pptx"
SLIDE_WIDTH, SLIDE_HEIGHT = 13.333, 7.5  # inches, 16:9
LATIN_FACE = "Arial"
EA_FACE = "Microsoft YaHei"  # the usual Chinese UI face in Office; others substitute their own CJK face
INK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x55, 0x55, 0x55)
BLANK_LAYOUT = 6
LINE_SPACING = 1.2  # line height in em, set in points on every paragraph
MARGIN_X, MARGIN_Y = 0.05, 0.02  # inches, inside every text box
MEASURE_SLACK = 1.04  # measured widths are scaled up by this before wrapping: kerning and hinting differ
TITLE_SIZES = (24, 22, 20, 18)  # points: the largest that fits TITLE_LINES lines is used
TITLE_LINES = 2
SUBTITLE_SIZES = (13, 12, 11)
SUBTITLE_LINES = 3
NOTES_LIMIT = 1500  # characters of speaker notes per slide


@dataclass(frozen=True)
class ChartSlide:
    """What one chart slide shows: finding (title), caveat, source line, picture (PNG) and notes."""

    title: str
    subtitle: str
    source: str
    image: bytes
    notes: str


def _set_faces(run) -> None:
    """Give a run both typefaces: Latin and East Asian (and complex script, for completeness)."""
    run.font.name = LATIN_FACE  # creates <a:latin> in its schema position
    rPr = run._r.get_or_add_rPr()
    latin = rPr.find(qn("a:latin"))
    anchor = latin
    for tag, face in (("a:ea", EA_FACE), ("a:cs", LATIN_FACE)):
        element = rPr.find(qn(tag))
        if element is None:
            element = etree.Element(qn(tag))
            anchor.addnext(element)
        element.set("typeface", face)
        anchor = element
    rPr.set("lang", "en-GB")
    rPr.set("altLang", "zh-CN")


# ---------------------------------------------------------------------------------------------
# Measuring text


@lru_cache(maxsize=16)
def _font(size: float):
    from PIL import ImageFont

    return ImageFont.truetype(str(fonts.cjk_font_path()), size=round(size * 20))  # 20 units per point


def text_width(text: str, size: float) -> float:
    """The width of `text` in inches at `size` points, by the metrics of Noto Sans SC."""
    return _font(size).getlength(text) / 20 / 72 * MEASURE_SLACK


def wrap_lines(text: str, size: float, width: float) -> list[str]:
    """`text` broken into lines no wider than `width` inches: at spaces between Latin words, anywhere
    between CJK characters (as PowerPoint and LibreOffice break them)."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for token in re.findall(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+|\s+",
                                paragraph):
            candidate = line + token
            if line.strip() and not token.isspace() and text_width(candidate.rstrip(), size) > width:
                lines.append(line.rstrip())
                line = token
            else:
                line = candidate if (line or not token.isspace()) else ""
        lines.append(line.rstrip())
    return lines


def text_height(lines: int, size: float) -> float:
    """The height in inches of a box of `lines` lines at `size` points, margins included."""
    return lines * size * LINE_SPACING / 72 + 2 * MARGIN_Y


def fit_text(text: str, sizes: tuple[float, ...], width: float, max_lines: int) -> tuple[float, int]:
    """(size, lines): the largest of `sizes` at which `text` wraps into at most `max_lines` lines in a box
    `width` inches wide; else the smallest size and the lines it takes."""
    inner = width - 2 * MARGIN_X
    for size in sizes:
        lines = len(wrap_lines(text, size, inner))
        if lines <= max_lines:
            return size, lines
    return sizes[-1], len(wrap_lines(text, sizes[-1], inner))


# ---------------------------------------------------------------------------------------------
# Writing text


def _fill(frame, text: str, size: float, colour: RGBColor = INK, bold: bool = False,
          align=PP_ALIGN.LEFT) -> None:
    """Replace a text frame's content with `text` (one paragraph per line) in the house faces, with the
    line height fixed in points."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    lines = str(text).split("\n")
    frame.text = ""
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        paragraph.line_spacing = Pt(size * LINE_SPACING)
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = colour
        _set_faces(run)


def _text_box(slide, left: float, top: float, width: float, height: float, text: str, size: float,
              colour: RGBColor = INK, bold: bool = False, anchor=MSO_ANCHOR.TOP, align=PP_ALIGN.LEFT):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.margin_left = frame.margin_right = Inches(MARGIN_X)
    frame.margin_top = frame.margin_bottom = Inches(MARGIN_Y)
    frame.vertical_anchor = anchor
    _fill(frame, text, size, colour, bold, align)
    return box


def _notes(slide, text: str) -> None:
    _fill(slide.notes_slide.notes_text_frame, text, 12)


def _figure_line(row) -> str:
    """'• jiadi-f03 · 2025 plan · total investment of reserve key projects: 1900亿元以上 — “…”'."""
    period, kind = getattr(row, "period", ""), getattr(row, "kind", "")
    when = f" · {period} {kind}" + (" (period inferred)" if getattr(row, "basis", "") == "inferred" else "")
    gloss = f" · {row.subject_en}" if getattr(row, "subject_en", "") else f" · {row.place}"
    quote = f" — “{row.quote}”" if str(row.quote) else ""
    return f"• {row.id}{when if period else ''}{gloss}: {row.mention}{quote}"


def notes_text(title: str, subtitle: str, sources: pd.DataFrame, limit: int = NOTES_LIMIT) -> str:
    """Speaker notes: the finding, then this slide's figures, each with id, period, kind, English gloss,
    the number as written and its quote, as many as fit in `limit` characters; the rest are counted by
    place (the workbook's figures sheet has every one)."""
    lines = [f"Finding: {title}", ""]
    if "period" not in sources.columns:  # not curated figures (terms, shares): what the chart shows, by place
        for place, group in sources.groupby("place", sort=False):
            lines.append(f"• {place}: " + "; ".join(group["mention"].astype(str)))
        return "\n".join(lines)[:limit]
    shown = []
    plain_title = title.replace(",", "")

    def cited(mention: str) -> bool:  # the figures the finding names come first
        number = re.search(r"\d+(?:\.\d+)?", str(mention))
        return bool(number) and re.search(rf"(?<![\d.]){re.escape(number[0])}(?![\d.])", plain_title) is not None

    sources = sources.iloc[sorted(range(len(sources)), key=lambda i: not cited(sources.iloc[i]["mention"]))]
    for row in sources.itertuples(index=False):
        line = _figure_line(row)
        if len("\n".join(lines + shown + [line])) + 80 + 24 * sources["place"].nunique() > limit:
            break
        shown.append(line)
    lines += [f"The {len(sources)} figures behind this chart, as the reports word them:" if len(shown) == len(sources)
              else f"{len(shown)} of the {len(sources)} figures behind this chart, as the reports word them:"]
    lines += shown
    rest = sources.iloc[len(shown):]
    if len(rest):
        counts = rest["place"].value_counts(sort=False)
        lines.append("Not listed here (see the workbook, sheet figures): "
                     + ", ".join(f"{place} {n}" for place, n in counts.items()) + ".")
    return "\n".join(lines)


def slide_boxes(title: str, subtitle: str, source: str, width: float) -> tuple[float, ...]:
    """(title size, title height, subtitle size, subtitle height, source size, source height): sizes that
    fit the line budgets and the heights the measured lines take."""
    title_size, title_lines = fit_text(title, TITLE_SIZES, width, TITLE_LINES)
    subtitle_size, subtitle_lines = fit_text(subtitle, SUBTITLE_SIZES, width, SUBTITLE_LINES) if subtitle else (13, 0)
    source_size, source_lines = fit_text(source, (10, 9), width, 2)
    return (title_size, text_height(title_lines, title_size), subtitle_size, text_height(subtitle_lines, subtitle_size),
            source_size, text_height(source_lines, source_size))


def deck_bytes(title: str, subtitle: str, title_notes: str, slides: list[ChartSlide]) -> bytes:
    """The deck as reproducible .pptx bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_WIDTH), Inches(SLIDE_HEIGHT)
    layout = deck.slide_layouts[BLANK_LAYOUT]

    cover = deck.slides.add_slide(layout)
    cover_width = SLIDE_WIDTH - 1.6
    size, lines = fit_text(title, (36, 32, 28), cover_width, 2)
    height = text_height(lines, size)
    _text_box(cover, 0.8, 3.6 - height, cover_width, height, title, size, bold=False, anchor=MSO_ANCHOR.BOTTOM)
    size, lines = fit_text(subtitle, (18, 16, 14), cover_width, 8)
    _text_box(cover, 0.8, 3.8, cover_width, text_height(lines, size), subtitle, size, MUTED)
    _notes(cover, title_notes)

    margin = 0.45
    width = SLIDE_WIDTH - 2 * margin
    for item in slides:
        slide = deck.slides.add_slide(layout)
        boxes = slide_boxes(item.title, item.subtitle, item.source, width)
        title_size, title_h, subtitle_size, subtitle_h, source_size, source_h = boxes
        top = 0.25
        _text_box(slide, margin, top, width, title_h, item.title, title_size)
        top += title_h + 0.06
        if item.subtitle:
            _text_box(slide, margin, top, width, subtitle_h, item.subtitle, subtitle_size, MUTED)
            top += subtitle_h + 0.08
        bottom = SLIDE_HEIGHT - 0.1 - source_h - 0.06
        pixels_wide, pixels_high = Image.open(io.BytesIO(item.image)).size
        scale = min(width / pixels_wide, (bottom - top) / pixels_high)
        picture_w, picture_h = pixels_wide * scale, pixels_high * scale
        slide.shapes.add_picture(io.BytesIO(item.image), Inches(margin + (width - picture_w) / 2), Inches(top),
                                 Emu(int(Inches(picture_w))), Emu(int(Inches(picture_h))))
        _text_box(slide, margin, SLIDE_HEIGHT - 0.1 - source_h, width, source_h, item.source, source_size, MUTED,
                  anchor=MSO_ANCHOR.BOTTOM)
        _notes(slide, item.notes)

    props = deck.core_properties
    stamp = atomic.fixed_time()
    props.title = title
    props.author = props.last_modified_by = "reportlib"
    props.revision = 1
    props.created = props.modified = stamp
    props.last_printed = stamp
    buffer = io.BytesIO()
    deck.save(buffer)
    return atomic.reproducible_zip(buffer.getvalue())


def write_deck(title: str, subtitle: str, title_notes: str, slides: list[ChartSlide],
               path: Path | str = EXPORTS_DIR / DECK_NAME) -> Path:
    """Write the deck atomically; return its path."""
    return atomic.write_bytes(path, deck_bytes(title, subtitle, title_notes, slides))
