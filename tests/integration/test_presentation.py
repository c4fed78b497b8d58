"""What readers see: notebook images keep every place colour exactly, notebook tables read as tables,
and every deck slide's text boxes hold their text as measured with the font metrics of Noto Sans SC."""

from __future__ import annotations

import base64
import io
import json
import re
import warnings
from functools import cache

import numpy as np
import pandas as pd
import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.backends.backend_agg import RendererAgg
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

import reportlib
from reportlib.analysis import views
from reportlib.curation import places
from reportlib.curation.paths import EXPORTS_DIR, FIGURES_DIR, PROJECT_ROOT
from reportlib.pipeline.notebooks import notebook_paths
from reportlib.report import charts, deck, display, fonts

NOTEBOOKS = notebook_paths(PROJECT_ROOT / "notebooks")


@pytest.fixture(scope="module")
def tables():
    return reportlib.load_all()


def _images(path) -> list[Image.Image]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get("image/png")
            if data:
                out.append(Image.open(io.BytesIO(base64.b64decode("".join(data)))))
    return out


def _colours(image: Image.Image) -> set[str]:
    pixels = np.asarray(image.convert("RGB")).reshape(-1, 3).astype(np.uint32)
    packed = np.unique((pixels[:, 0] << 16) | (pixels[:, 1] << 8) | pixels[:, 2])
    return {f"#{int(v):06X}" for v in packed}


@cache
def _exported_colours(name: str) -> frozenset[str]:
    with Image.open(FIGURES_DIR / f"{name}.png") as figure:
        return frozenset(_colours(figure))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_images_are_true_colour_and_keep_every_place_colour(path, tables):
    images = _images(path)
    for number, image in enumerate(images, 1):
        assert image.mode in ("RGB", "RGBA"), f"{path.name} image {number}: {image.mode}-mode PNG (a reduced palette)"
    # the independent expectation: the place colours the same charts show in figures/ (200 dpi, full colour)
    exported = [spec.name for spec in charts.CHARTS if spec.notebook.endswith(path.name)]
    if not exported and images:
        exported = [spec.name for spec in charts.CHARTS if spec.deck]
    expected = set()
    for name in exported:
        expected |= _exported_colours(name)
    expected &= set(places.colours(tables).values())
    shown = set().union(*(_colours(image) for image in images)) if images else set()
    missing = expected - shown
    assert not missing, f"{path.name}: place colour(s) {sorted(missing)} not shown exactly (figures/ shows them)"


# --- tables ---------------------------------------------------------------------------------------

def test_table_reads_like_a_table(tables):
    frame = views.investment(tables)
    shown = display.table(frame)
    html = shown._repr_html_()
    assert "NaN" not in html and "&lt;NA&gt;" not in html and "<NA>" not in html
    headers = list(shown.frame.columns)
    assert "Investment 投资额" in headers and "Id 编号" in headers
    assert all(not h.isidentifier() or h == h.title() for h in headers)  # no code names such as yi_yuan
    assert headers[-1].startswith("Quote")  # long quotes last
    cells = dict(zip(frame["id"].astype(str), shown.frame["Investment 投资额"]))
    small = frame[frame["yi_yuan"].astype(float) < 0.1]
    assert len(small), "the data have amounts under 0.1 亿元"
    for row in small.itertuples():
        assert cells[row.id].endswith("万元") and float(cells[row.id].split()[0].replace(",", "")) > 0
    counts = shown.frame["Projects in group 项目数"]
    assert not counts.str.contains(r"\.0$").any() and counts.str.fullmatch(r"[\d,]*").all()


# How a browser lays out a table (GitHub's notebook view): a column is never narrower than its longest
# unbreakable run (a Latin word, one CJK character), plus the cell's padding. A wrapped text column (quotes)
# should keep at least 15 CJK characters a line; the rest must leave it that room within about 1,000 px.
PAGE_PX, PADDING_PX, CJK_PX, LATIN_PX, QUOTE_LINE = 1000, 26, 14, 7.5, 15
BREAKS = re.compile(r"[^\s\u2E80-\u9FFF\uFF00-\uFFEF/-]+[/-]?|[\u2E80-\u9FFF\uFF00-\uFFEF]")


def _px(text: str) -> float:
    return sum(CJK_PX if "\u2E80" <= ch <= "\u9FFF" or "\uFF00" <= ch <= "\uFFEF" else LATIN_PX for ch in text)


def _least_width(table_html: str) -> float:
    import html as markup

    heads = [markup.unescape(re.sub("<[^>]+>", "", h)) for h in re.findall(r"<th[^>]*>(.*?)</th>", table_html, re.S)]
    least = [max((_px(t) for t in BREAKS.findall(h)), default=0) + PADDING_PX for h in heads]
    wrapped = [False] * len(heads)
    for row in re.findall(r"<tr>(.*?)</tr>", table_html, re.S):
        for i, cell in enumerate(re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[:len(heads)]):
            text = markup.unescape(cell.replace("<br>", "\n"))
            wrapped[i] |= "\n" in text
            least[i] = max(least[i], max((_px(t) for t in BREAKS.findall(text)), default=0) + PADDING_PX)
    return sum(QUOTE_LINE * CJK_PX + PADDING_PX if w else px for px, w in zip(least, wrapped))


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_every_notebook_table_fits_a_github_page(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for number, cell in enumerate(notebook["cells"], 1):
        for output in cell.get("outputs", []):
            shown = "".join(output.get("data", {}).get("text/html", ""))
            if "<table" in shown:
                width = _least_width(shown)
                assert width <= PAGE_PX, f"{path.name} cell {number}: a table needs {width:.0f} px"


def test_least_width_measures_what_a_browser_cannot_break():
    narrow = "<table><thead><tr><th>Id 编号</th></tr></thead><tbody><tr><td>a-b</td></tr></tbody></table>"
    assert _least_width(narrow) == 2 * LATIN_PX + PADDING_PX  # "Id" or "a-": two Latin characters
    code = "<table><thead><tr><th>Stage</th></tr></thead><tbody><tr><td>under_construction</td></tr></tbody></table>"
    assert _least_width(code) == 18 * LATIN_PX + PADDING_PX  # an underscore does not break
    quote = "<table><thead><tr><th>Quote</th></tr></thead><tbody><tr><td>一<br>二</td></tr></tbody></table>"
    assert _least_width(quote) == QUOTE_LINE * CJK_PX + PADDING_PX


def test_table_has_no_index_and_blank_missing_values():
    frame = pd.DataFrame({"count": [8.0, None], "quote": ["甲" * 90, "乙"]}, index=[5, 9])
    shown = display.table(frame)
    assert list(shown.frame["Projects stated 报告项目数"]) == ["8", ""]
    assert list(shown.frame.columns) == ["Projects stated 报告项目数", "Quote 原文引文"]  # no index column
    longest_line = max(len(line) for line in shown.frame.iloc[0, -1].split("\n"))
    assert longest_line <= display.QUOTE_WRAP // 2


def test_changes_keep_their_sign_and_every_written_digit():
    frame = pd.DataFrame({"change_pct": [115.41, -57.1, 0.5, None], "multiple": [None, None, None, 2.0]})
    shown = display.table(frame).frame
    assert list(shown.columns) == ["Change 变化 (%)", "Multiple 倍数 (×)"]  # one meaning, one unit per column
    assert list(shown["Change 变化 (%)"]) == ["+115.41", "−57.1", "+0.5", ""]  # 0.5 stays 0.5 per cent, not 50
    assert list(shown["Multiple 倍数 (×)"]) == ["", "", "", "2"]


def test_yes_or_no_for_true_or_false_whatever_their_type():
    frame = pd.DataFrame({"agrees": np.array([True, False]), "qualitative": pd.array([True, None], dtype="boolean")})
    shown = display.table(frame).frame
    assert list(shown["Agrees 一致"]) == ["yes", "no"]
    assert list(shown["Qualitative 定性"]) == ["yes", ""]


def test_money_keeps_small_amounts():
    assert display.money(0.0019) == "19 万元"
    assert display.money(0.006) == "60 万元"
    assert display.money(1900.0) == "1,900 亿元"
    assert display.money(6.2142857) == "6.214 亿元"


def test_notebook_options_set_no_global_pandas_option():
    before = pd.get_option("display.max_colwidth"), pd.get_option("display.precision")
    display.set_notebook_options()
    assert (pd.get_option("display.max_colwidth"), pd.get_option("display.precision")) == before


# --- deck -----------------------------------------------------------------------------------------

_RENDERER = RendererAgg(100, 100, 72)


def _lines_needed(text: str, size: float, width_pt: float) -> int:
    """Lines a paragraph takes at `size` in a box `width_pt` wide, measured with matplotlib's renderer
    on the bundled Noto Sans SC (a different code path from the deck's own measuring)."""
    fonts.register()
    prop = FontProperties(fname=str(fonts.cjk_font_path()), size=size)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a glyph Noto Sans SC lacks (◂) is measured as its blank box
        return _count_lines(text, prop, width_pt)


def _count_lines(text: str, prop: FontProperties, width_pt: float) -> int:
    lines = 0
    for paragraph in text.split("\n"):
        tokens = re.findall(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+\s*",
                            paragraph) or [""]
        line, count = "", 1
        for token in tokens:
            width, _, _ = _RENDERER.get_text_width_height_descent((line + token).rstrip(), prop, ismath=False)
            if line and width > width_pt:
                count, line = count + 1, token
            else:
                line += token
        lines += count
    return lines


def test_every_deck_text_box_holds_its_measured_text_and_boxes_do_not_overlap():
    presentation = Presentation(EXPORTS_DIR / deck.DECK_NAME)
    for number, slide in enumerate(presentation.slides, 1):
        spans = []
        for shape in slide.shapes:
            spans.append((Emu(shape.top).inches, Emu(shape.top + shape.height).inches, shape.name))
            if not shape.has_text_frame:
                continue
            frame = shape.text_frame
            sizes = {run.font.size.pt for p in frame.paragraphs for run in p.runs}
            assert len(sizes) == 1, f"slide {number}: mixed sizes {sizes}"
            size = sizes.pop()
            width_pt = (Emu(shape.width).inches - 2 * Emu(frame.margin_left).inches) * 72
            lines = _lines_needed(frame.text, size, width_pt)
            spacing = {round(getattr(p.line_spacing, "pt", -1), 1) for p in frame.paragraphs}
            assert spacing == {round(size * deck.LINE_SPACING, 1)}, f"slide {number}: line spacing not fixed in points"
            needed = lines * size * deck.LINE_SPACING / 72 + 2 * Emu(frame.margin_top).inches
            assert needed <= Emu(shape.height).inches + 0.01, (
                f"slide {number}: {frame.text[:60]!r} needs {needed:.2f} in, its box is {Emu(shape.height).inches:.2f} in")
        spans.sort()
        for (_top_a, bottom_a, a), (top_b, _, b) in zip(spans, spans[1:]):
            assert bottom_a <= top_b + 1e-3, f"slide {number}: {a} overlaps {b}"
        assert spans[-1][1] <= Emu(presentation.slide_height).inches


def test_deck_notes_are_short_and_say_period_kind_and_gloss(tables):
    presentation = Presentation(EXPORTS_DIR / deck.DECK_NAME)
    slides = list(presentation.slides)
    view = views.figures_view(tables).set_index("id")
    for number, slide in enumerate(slides, 1):
        notes = slide.notes_slide.notes_text_frame.text
        assert len(notes) <= 1600, f"slide {number}: {len(notes)} characters of notes"
        for figure_id in re.findall(r"^• ([a-z0-9_]+-f\d+)", notes, flags=re.M):
            line = next(row for row in notes.splitlines() if row.startswith(f"• {figure_id} "))
            row = view.loc[figure_id]
            assert f"{row['period_label']} {row['kind']}" in line, line
            assert str(row["subject_en"]) in line and str(row["quote"]) in line, line
    cover = slides[0].notes_slide.notes_text_frame.text
    for label in places.labels(tables).values():
        assert label in cover


def test_no_developer_text_on_slides_or_charts():
    presentation = Presentation(EXPORTS_DIR / deck.DECK_NAME)
    pattern = re.compile(r"python -m|reportlib\.|data/|\.csv|\.txt|\bids? [a-z]+-f\d")
    for number, slide in enumerate(presentation.slides, 1):
        for shape in slide.shapes:
            if shape.has_text_frame:
                assert not pattern.search(shape.text_frame.text), f"slide {number}: {shape.text_frame.text[:120]!r}"


# --- notebook 05 for readers --------------------------------------------------------------------------

def test_no_generic_word_leads_textrank(tables):
    from reportlib.text.keywords import generic_words, keywords

    generic = generic_words(tables.folder)
    assert "项目" in generic
    ranked = keywords(tables, top=3)
    leaders = ranked[(ranked["method"] == "textrank") & (ranked["rank"] == 1)]
    assert len(leaders) == len(tables.reports)
    assert not set(leaders["term"]) & generic, sorted(set(leaders["term"]) & generic)


def test_every_term_notebook_05_shows_has_an_english_gloss(tables):
    from reportlib.text.keywords import keywords
    from reportlib.text.themes import glosses

    shown = set(keywords(tables, top=10)["term"])
    gloss = glosses(tables)
    assert not sorted(shown - set(gloss)), "terms without a gloss (add them to data/text/glosses.csv)"
    assert all(gloss[t].strip() for t in shown)


def test_quality_material_lives_in_the_appendix():
    reader = (PROJECT_ROOT / "notebooks" / "05-text.ipynb").read_text(encoding="utf-8")
    appendix = (PROJECT_ROOT / "notebooks" / "07-appendix-quality.ipynb").read_text(encoding="utf-8")
    for qa in ("suggestion_agreement", "segmentation_quality(", "uncurated_report"):
        assert qa not in reader and qa in appendix, qa
