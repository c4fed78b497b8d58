"""Export: figures and their README, the slide deck and the workbook, read back with python-pptx and openpyxl;
an edited workbook goes back through the checks of data/figures.csv, and a broken one says where it is broken."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Inches

from reportlib.report import atomic, charts, deck, workbook
from reportlib.analysis import views
from reportlib.curation.errors import DataError
from reportlib.curation.paths import PROJECT_ROOT

DECK_CHARTS = [spec for spec in charts.CHARTS if spec.deck]
SHEETS = ["about", "reports", "figures", "projects", "exclusions", "investment", "growth", "project_counts",
          "metric_families", "claims"]


@pytest.fixture(scope="module")
def exported():
    """The committed exports. tests/integration/test_notebooks.py proves that a fresh build writes them byte for
    byte, so these tests read them instead of exporting once more."""
    figures, exports = PROJECT_ROOT / "figures", PROJECT_ROOT / "exports"
    return SimpleNamespace(figures=figures, exports=exports, deck=exports / deck.DECK_NAME,
                           workbook=exports / workbook.WORKBOOK_NAME)


def by_mention(tables, mention: str) -> str:
    """The id of the first figure that says `mention`: rows are found by what they say, not by their report's id."""
    return str(tables.figures.loc[tables.figures["mention"] == mention, "id"].iloc[0])


def notes_of(slide) -> str:
    return slide.notes_slide.notes_text_frame.text


# --- figures and README --------------------------------------------------------------------------

def test_export_writes_every_chart_and_the_readme(exported):
    expected = {f"{spec.name}.{ext}" for spec in charts.CHARTS for ext in ("png", "svg")} | {"README.md"}
    assert {p.name for p in exported.figures.iterdir()} == expected
    assert {p.name for p in exported.exports.iterdir()} >= {deck.DECK_NAME, workbook.WORKBOOK_NAME}
    assert {p.name for p in exported.exports.iterdir()} - {deck.DECK_NAME, workbook.WORKBOOK_NAME} <= {"build-manifest.json"}
    assert all(p.stat().st_size > 0 for folder in (exported.figures, exported.exports) for p in folder.iterdir())


def test_readme_lists_each_figure_with_its_takeaway_and_notebook(exported, tables):
    readme = (exported.figures / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    assert len(rows) == len(charts.CHARTS)
    for spec, row in zip(charts.CHARTS, rows):
        title = charts.info(charts.figure(spec.name, tables)).title if spec.name.startswith("01") else None
        assert row.startswith(f"| `{spec.name}` |")
        assert f"](../{spec.notebook})" in row and f"]({spec.name}.png)" in row and f"]({spec.name}.svg)" in row
        if title:
            assert title in row


# --- deck -----------------------------------------------------------------------------------------

def test_deck_has_a_title_slide_and_one_slide_per_deck_chart(exported, tables):
    presentation = Presentation(exported.deck)
    assert (presentation.slide_width, presentation.slide_height) == (Inches(13.333), Inches(7.5))
    slides = list(presentation.slides)
    assert len(slides) == len(DECK_CHARTS) + 1
    cover = slides[0]
    assert not [s for s in cover.shapes if s.shape_type == 13]
    cover_text = " ".join(s.text_frame.text for s in cover.shapes if s.has_text_frame)
    assert all(label in cover_text for label in views.places(tables)["label"])
    for spec, slide in zip(DECK_CHARTS, slides[1:]):
        meta = charts.info(charts.figure(spec.name, tables)) if spec.name.startswith(("02", "04")) else None
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1
        picture = pictures[0]
        assert picture.left >= 0 and picture.left + picture.width <= presentation.slide_width
        assert picture.top + picture.height <= presentation.slide_height
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert texts[-1].startswith("Source: ")
        notes = notes_of(slide)
        assert notes.startswith("Finding: ")
        if meta:
            assert texts[0] == meta.title and texts[-1] == meta.source
            listed, _, counted = notes.partition("Not listed here")
            for row in meta.sources.itertuples():  # quoted, or counted under its place (notes stay short)
                assert (row.id in listed and row.quote in listed) or f"{row.place} " in counted


def test_deck_notes_quote_the_figures_behind_the_investment_chart(exported, tables):
    slide = list(Presentation(exported.deck).slides)[1 + [s.name for s in DECK_CHARTS].index("02-investment-by-stage")]
    notes = notes_of(slide)
    # the figures the slide's title compares come first, each with its whole quote
    from reportlib.analysis import claims

    title = claims.one(claims.build(tables), "chart:02-investment-by-stage:title")
    figures = tables.figures.set_index("id")
    for fid in title.figures:
        assert f"{fid} · " in notes and f"{figures.loc[fid, 'mention']} — “{figures.loc[fid, 'quote']}”" in notes


def test_every_deck_run_names_an_east_asian_typeface(exported):
    with zipfile.ZipFile(exported.deck) as archive:
        slides = [n for n in archive.namelist() if re.fullmatch(r"ppt/(slides|notesSlides)/\w+\d+\.xml", n)]
        assert slides
        for name in slides:
            xml = archive.read(name).decode("utf-8")
            runs = xml.count("<a:r>")
            assert runs > 0
            assert xml.count(f'<a:ea typeface="{deck.EA_FACE}"/>') == runs, name


def test_deck_bytes_are_reproducible():
    image = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (40, 20), "white").save(image, format="PNG")
    slides = [deck.ChartSlide("标题 title", "caveat", "Source: x", image.getvalue(), "notes 注")]
    first = deck.deck_bytes("Deck 演示", "sub", "notes", slides)
    assert first == deck.deck_bytes("Deck 演示", "sub", "notes", slides)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {atomic.fixed_time().timetuple()[:6]}
    props = Presentation(io.BytesIO(first)).core_properties
    assert props.created == props.modified == atomic.fixed_time()


# --- workbook -------------------------------------------------------------------------------------

def test_workbook_sheets_panes_widths_and_formats(exported, tables):
    book = openpyxl.load_workbook(exported.workbook)
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        first = sheet["A1"].value
        assert sheet.freeze_panes == ("B2" if first == "id" else "A2"), sheet.title  # id and header stay in view
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert sheet["A1"].font.name and sheet["A2"].font.name, sheet.title
        header = [c.value for c in sheet[1]]
        for name in ("quote", "note"):
            if name in header and sheet.max_row > 1:
                column = openpyxl.utils.get_column_letter(header.index(name) + 1)
                long = [c for c in sheet[column][1:] if isinstance(c.value, str) and len(c.value) > 25]
                assert all(c.alignment.wrap_text for c in long), f"{sheet.title}.{name} not wrapped"
                # a wrapped cell's row is tall enough for its lines (at least 10 pt each, the font's size):
                # viewers do not grow rows for wrapped text on opening
                width = sheet.column_dimensions[column].width
                for cell in long:
                    columns_used = len(cell.value) + sum("\u4e00" <= ch <= "\u9fff" for ch in cell.value)  # CJK: two
                    height = sheet.row_dimensions[cell.row].height or 13
                    assert height >= 10 * columns_used / width, f"{sheet.title}!{cell.coordinate}: {height} pt is too low"
        widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i in range(1, sheet.max_column + 1)]
        assert all(6 <= w <= workbook.MAX_WIDTH for w in widths), sheet.title
    assert book["figures"].max_row == len(tables.figures) + 1

    money = book["investment"]
    header = [c.value for c in money[1]]
    column = header.index("yi_yuan") + 1
    ids = [c.value for c in money["A"][1:]]
    cell = money.cell(row=ids.index(by_mention(tables, "1900亿元以上")) + 2, column=column)
    assert cell.value == 1900 and cell.number_format == workbook.YI_YUAN

    growth = book["growth"]
    header = [c.value for c in growth[1]]
    rows = {row[0].value: row for row in growth.iter_rows(min_row=2)}
    percent, multiple = header.index("change_pct"), header.index("multiple")
    figures = {row[0].value: row for row in book["figures"].iter_rows(min_row=2)}
    value_norm = [c.value for c in book["figures"][1]].index("value_norm")
    rate, decline, times, positive = (by_mention(tables, m) for m in ("115.41%", "57.1%", "2倍以上", "正增长"))
    # one representation per quantity: the same number in the growth and the figures sheets
    assert rows[rate][percent].value == pytest.approx(115.41) == figures[rate][value_norm].value
    assert rows[rate][percent].number_format.endswith('"%"')
    assert figures[rate][value_norm].number_format == rows[rate][percent].number_format
    assert rows[decline][percent].value == pytest.approx(-57.1)  # 下降57.1%
    assert rows[times][multiple].value == 2 and "×" in rows[times][multiple].number_format
    assert rows[times][percent].value is None  # a multiple is not a per cent
    assert rows[positive][percent].value is None and rows[positive][multiple].value is None  # 正增长: no number
    assert growth["P1"].comment is not None or any(c.comment for c in growth[1])

    families = book["metric_families"]
    assert [c.value for c in families[1]][:2] == ["report", "label"]
    assert families["C2"].data_type == "n"


def test_workbook_text_cells_are_text(exported):
    book = openpyxl.load_workbook(exported.workbook)
    figures = book["figures"]
    header = [c.value for c in figures[1]]
    for name in ("id", "quote", "period", "mention"):
        cells = [row[header.index(name)] for row in figures.iter_rows(min_row=2)]
        assert all(c.data_type == "s" for c in cells), name
    periods = {c.value for c in [row[header.index("period")] for row in figures.iter_rows(min_row=2)]}
    assert "2024" in periods  # a period stays the text '2024', not the number 2024


def test_a_quote_that_looks_like_a_formula_stays_text(tables, tmp_path):
    figures = tables.figures.copy()
    risky = {0: "=SUM(1,2) 总投资87亿元", 1: "+86 531 12345", 2: "-5% 同比下降", 3: "@mention 项目"}
    quotes = figures["quote"].astype(object)
    for index, text in risky.items():
        quotes.iloc[index] = text
    figures["quote"] = pd.array(quotes, dtype="string")
    path = workbook.write_workbook(dataclasses.replace(tables, figures=figures), tmp_path / "risky.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in xml or "<f " in xml for xml in sheets)
    sheet = openpyxl.load_workbook(path)["figures"]
    column = [c.value for c in sheet[1]].index("quote")
    for index, text in risky.items():
        cell = sheet.cell(row=index + 2, column=column + 1)
        assert cell.value == text and cell.data_type == "s"
    # read back, each quote is the text typed (and, not being in its report, refused by the same check as the CSV)
    with pytest.raises(DataError) as info:
        workbook.read_figures_xlsx(path)
    refused = {p.value for p in info.value.problems if p.column == "quote"}
    assert refused == set(risky.values())


def test_workbook_bytes_are_the_same_from_another_process_in_another_time_zone(exported):
    # this process wrote exported.workbook; another, with another hash seed and clock zone, writes it again
    code = ("import sys; from reportlib import load_all; from reportlib.report.workbook import workbook_bytes; "
            "sys.stdout.buffer.write(workbook_bytes(load_all()))")
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": "Pacific/Kiritimati", "LC_ALL": "C"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout == exported.workbook.read_bytes()
    props = openpyxl.load_workbook(exported.workbook).properties
    assert props.created == props.modified == atomic.fixed_time()


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet"])
def test_a_workbook_with_an_entity_bomb_is_refused_not_expanded(exported, tmp_path, part):
    # "billion laughs": nested entities that would expand to gigabytes if the XML parser resolved them
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10))
            + ']><x>&lol9;</x>')
    target = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(exported.workbook) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            out.writestr(item, bomb.encode() if item.filename.startswith(part) else source.read(item.filename))
    with pytest.raises(DataError, match="bomb.xlsx: not a readable .xlsx workbook"):
        workbook.read_figures_xlsx(target)


# --- reading an edited workbook back --------------------------------------------------------------

@pytest.fixture
def copy(exported, tmp_path):
    target = tmp_path / "edited.xlsx"
    shutil.copy(exported.workbook, target)
    return target


def edit(path, changes: dict[tuple[str, str], object] | None = None, delete: str | None = None) -> None:
    """Change cells of the figures sheet, addressed by (figure id, column name); or delete a column."""
    book = openpyxl.load_workbook(path)
    sheet = book["figures"]
    header = [c.value for c in sheet[1]]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    for (figure_id, column), value in (changes or {}).items():
        sheet.cell(row=rows[figure_id], column=header.index(column) + 1, value=value)
    if delete:
        sheet.delete_cols(header.index(delete) + 1)
    book.save(path)


def row_of(tables, figure_id: str) -> int:
    return int(tables.figures.set_index("id").loc[figure_id, "row"])


def test_the_exported_sheet_reads_back_unchanged(exported, tables):
    back = workbook.read_figures_xlsx(exported.workbook)
    pd.testing.assert_frame_equal(back, tables.figures)


def test_an_edited_workbook_round_trips(copy, tables):
    amount, other = by_mention(tables, "87亿元"), by_mention(tables, "2.72亿元")
    first = tables.figures["id"].iloc[0]
    period = tables.figures.set_index("id").loc[first, "period"]
    edit(copy, {(amount, "note"): "checked again in Excel", (amount, "value"): 87.0,
                (amount, "value_norm"): 87, (first, "period"): int(period) if period.isdigit() else period})
    back = workbook.read_figures_xlsx(copy).set_index("id")
    assert back.loc[amount, "note"] == "checked again in Excel"
    assert back.loc[amount, "value"] == 87.0 and back.loc[amount, "value_norm"] == 87.0
    assert back.loc[first, "period"] == period  # a number typed in Excel is the period text again
    assert back.loc[other, "quote"] == tables.figures.set_index("id").loc[other, "quote"]


def test_unknown_unit_names_sheet_row_column_and_value(copy, tables):
    amount = by_mention(tables, "87亿元")
    edit(copy, {(amount, "unit"): "亿圆"})
    with pytest.raises(DataError) as info:
        workbook.read_figures_xlsx(copy)
    [problem] = info.value.problems
    text = str(problem)
    assert f"edited.xlsx, sheet figures, row {row_of(tables, amount)}, column unit: unknown unit word" in text
    assert text.endswith("(value: '亿圆')")


def test_non_number_value_names_sheet_row_column_and_value(copy, tables):
    rate = by_mention(tables, "8.1%")
    edit(copy, {(rate, "value"): "八"})
    with pytest.raises(DataError) as info:
        workbook.read_figures_xlsx(copy)
    assert [str(p).split("edited.xlsx, ")[1] for p in info.value.problems] == [
        f"sheet figures, row {row_of(tables, rate)}, column value: not a number (value: '八')"]


def test_missing_column_names_the_column(copy):
    edit(copy, delete="unit")
    with pytest.raises(DataError) as info:
        workbook.read_figures_xlsx(copy)
    assert [str(p).split("edited.xlsx, ")[1] for p in info.value.problems] == [
        "sheet figures, row 1, column unit: missing column"]


def test_a_formula_typed_in_a_cell_is_refused(copy, tables):
    amount = by_mention(tables, "87亿元")
    edit(copy, {(amount, "value"): "=80+7"})
    with pytest.raises(DataError, match=rf"sheet figures, row {row_of(tables, amount)}, column value: a formula"):
        workbook.read_figures_xlsx(copy)


def test_missing_sheet_and_non_workbook_files(copy, tmp_path):
    with pytest.raises(DataError, match="no sheet named 'figurez'"):
        workbook.read_figures_xlsx(copy, sheet="figurez")
    bogus = tmp_path / "bogus.xlsx"
    bogus.write_text("id,report\n", encoding="utf-8")
    with pytest.raises(DataError, match="not a readable .xlsx workbook"):
        workbook.read_figures_xlsx(bogus)


def test_views_behind_the_comparison_sheets_are_all_there(exported, tables):
    book = openpyxl.load_workbook(exported.workbook, read_only=True)
    try:
        assert book["investment"].max_row == len(views.investment(tables)) + 1
        assert book["growth"].max_row == len(views.growth(tables)) + 1
        assert book["project_counts"].max_row == len(views.project_counts(tables)) + 1
        assert book["metric_families"].max_row == len(views.metric_families(tables)) + 1
    finally:
        book.close()
