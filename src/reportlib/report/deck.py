"""The slide deck: a 16:9 title slide, then one slide per chart with its finding as the title, the
chart, its caveat and source line, and the quotes behind its numbers in the speaker notes.

Built with python-pptx on blank layouts (the default template's placeholders keep 4:3 geometry).
Every run of text names a Latin and an East Asian typeface (<a:latin>, <a:ea>): python-pptx's
font.name sets only the Latin one, and PowerPoint would otherwise pick its own face for Chinese.
The bytes are reproducible: fixed core properties and zip timestamps.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from reportlib.report import atomic
from reportlib.curation.paths import EXPORTS_DIR

DECK_NAME = "reportlib-deck.pptx"
SLIDE_WIDTH, SLIDE_HEIGHT = 13.333, 7.5  # inches, 16:9
LATIN_FACE = "Arial"
EA_FACE = "Microsoft YaHei"  # the usual Chinese UI face in Office; others substitute their own CJK face
INK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x55, 0x55, 0x55)
BLANK_LAYOUT = 6


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


def _fill(frame, text: str, size: float, colour: RGBColor = INK, bold: bool = False,
          align=PP_ALIGN.LEFT) -> None:
    """Replace a text frame's content with `text` (one paragraph per line) in the house faces."""
    frame.word_wrap = True
    lines = str(text).split("\n")
    frame.text = ""
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
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
    frame.margin_left = frame.margin_right = Inches(0.05)
    frame.margin_top = frame.margin_bottom = Inches(0.02)
    frame.vertical_anchor = anchor
    _fill(frame, text, size, colour, bold, align)
    return box


def _notes(slide, text: str) -> None:
    _fill(slide.notes_slide.notes_text_frame, text, 12)


def notes_text(title: str, subtitle: str, sources: pd.DataFrame) -> str:
    """Speaker notes: the finding, the caveat, then each figure behind the chart with its quote."""
    lines = [f"Finding: {title}"]
    if subtitle:
        lines.append(f"Read with care: {subtitle}")
    lines.append("")
    lines.append(f"The {len(sources)} figures behind this chart, as the reports word them:")
    for row in sources.itertuples(index=False):
        quote = f" — “{row.quote}”" if str(row.quote) else ""
        lines.append(f"• {row.id} · {row.place} · {row.mention}{quote}")
    return "\n".join(lines)


def deck_bytes(title: str, subtitle: str, title_notes: str, slides: list[ChartSlide]) -> bytes:
    """The deck as reproducible .pptx bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_WIDTH), Inches(SLIDE_HEIGHT)
    layout = deck.slide_layouts[BLANK_LAYOUT]

    cover = deck.slides.add_slide(layout)
    _text_box(cover, 0.8, 2.0, SLIDE_WIDTH - 1.6, 1.6, title, 36, bold=False, anchor=MSO_ANCHOR.BOTTOM)
    _text_box(cover, 0.8, 3.8, SLIDE_WIDTH - 1.6, 2.4, subtitle, 18, MUTED)
    _notes(cover, title_notes)

    margin = 0.45
    width = SLIDE_WIDTH - 2 * margin
    for item in slides:
        slide = deck.slides.add_slide(layout)
        _text_box(slide, margin, 0.25, width, 0.95, item.title, 24, anchor=MSO_ANCHOR.TOP)
        _text_box(slide, margin, 1.22, width, 0.6, item.subtitle, 13, MUTED)
        top, bottom = 1.9, SLIDE_HEIGHT - 0.62
        pixels_wide, pixels_high = Image.open(io.BytesIO(item.image)).size
        scale = min(width / pixels_wide, (bottom - top) / pixels_high)
        picture_w, picture_h = pixels_wide * scale, pixels_high * scale
        slide.shapes.add_picture(io.BytesIO(item.image), Inches(margin + (width - picture_w) / 2), Inches(top),
                                 Emu(int(Inches(picture_w))), Emu(int(Inches(picture_h))))
        _text_box(slide, margin, SLIDE_HEIGHT - 0.58, width, 0.5, item.source, 9.5, MUTED, anchor=MSO_ANCHOR.BOTTOM)
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
