"""One validation for every way in: a figures sheet read back from a workbook meets the very checks of
figures.csv (quotes and numbers included), reads every cell, and is bounded before it is parsed."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from xml.sax.saxutils import escape

import openpyxl
import pytest

from conftest import DATA, read_csv, write_csv
from reportlib.curation.errors import DataError
from reportlib.curation.load import load_all
from reportlib.curation.verify import check
from reportlib.report import workbook

NUMBER_COLUMNS = ("value", "value_norm")


def _row_with_mention(rows, mention):
    return next(i for i, r in enumerate(rows) if r["mention"] == mention)


def _set(rows, index, **changes):
    rows[index].update(changes)
    return rows


def _rename(rows, old, new):
    return [{(new if k == old else k): v for k, v in r.items()} for r in rows]


def _plain_eight(rows):
    index = next(i for i, r in enumerate(rows) if r["value"] == "8" and r["unit"] == "个")
    return _set(rows, index, value="-8")


# Every bad-input case of the CSV tests that a figures sheet can carry (file encodings cannot).
CASES = {
    "unknown report id": lambda rows: _set(rows, 2, report=rows[2]["report"] + "u"),  # a slip of the finger
    "non-numeric value": lambda rows: _set(rows, 0, value="八"),
    "unknown unit": lambda rows: _set(rows, 5, unit="亿圆"),
    "unknown vocabulary word": lambda rows: _set(rows, 1, kind="planned"),
    "duplicate id": lambda rows: _set(rows, 4, id=rows[1]["id"]),
    "missing column": lambda rows: [{k: v for k, v in r.items() if k != "unit"} for r in rows],
    "quote not in text": lambda rows: _set(rows, 0, quote="全力推进9个重点项目建设"),
    "value disagrees with quote": lambda rows: _set(rows, _row_with_mention(rows, "87亿元"), value="78"),
    "sign flipped against the quote": _plain_eight,
    # a C1 control: XML (and so a workbook) can carry it, the outputs' check refuses it
    "control character": lambda rows: _set(rows, 3, subject_en=rows[3]["subject_en"] + "\x85"),
    "repeated column name": lambda rows: _rename(rows, "stage", "note"),
    "blank column name": lambda rows: _rename(rows, "note", ""),
    "cell longer than Excel holds": lambda rows: _set(rows, 2, note="长" * 40_000),
    "no data rows": lambda rows: rows[:0],
}


def write_sheet(path, header: list[str], rows: list[dict]) -> None:
    """The rows as a colleague's figures sheet: numbers typed as numbers, the rest as text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "figures"
    sheet.append(header)
    long_texts = {}
    for row in rows:
        cells = []
        for column, text in zip(header, row.values()):
            if len(text) > 32_767:  # openpyxl would cut it; Excel files made elsewhere need not
                long_texts[f"LONGCELL{len(long_texts)}"] = text
                text = f"LONGCELL{len(long_texts) - 1}"
            try:
                cells.append(float(text) if column in NUMBER_COLUMNS and text else text)
            except ValueError:
                cells.append(text)
        sheet.append(cells)
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    book.save(path)
    if long_texts:
        staged = path.with_suffix(".tmp")
        path.rename(staged)

        def put_back(xml: bytes) -> bytes:
            for marker, text in long_texts.items():
                xml = xml.replace(marker.encode(), escape(text).encode("utf-8"))
            return xml

        rewrite_part(staged, path, "xl/worksheets/sheet1.xml", put_back)


def problems_through_csv(folder) -> list:
    try:
        tables = load_all(folder)
    except DataError as err:
        return err.problems
    return check(tables).problems


def problems_through_workbook(path, folder) -> list:
    with pytest.raises(DataError) as info:
        workbook.read_figures_xlsx(path, data_dir=folder)
    return info.value.problems


def comparable(problems, figures_file: str, folder) -> list[tuple]:
    """The problems with the figures file and the data folder named alike on both ways in."""
    prefix = workbook.display_path(folder) + "/"
    return [("figures" if p.file == figures_file else p.file.replace(prefix, "DATA/"), p.row, p.column,
             p.message.replace(prefix, "DATA/"), str(p.value)) for p in problems]


@pytest.mark.parametrize("case", CASES)
def test_every_csv_bad_input_gives_the_same_error_through_the_workbook(case, tmp_path):
    originals = read_csv(DATA / "figures.csv")
    header = list(originals[0])
    edited = CASES[case]([dict(r) for r in originals])
    if edited:
        header = list(edited[0])
    elif case != "no data rows":
        pytest.fail("a case must leave rows")

    csv_folder = tmp_path / "csv"
    shutil.copytree(DATA, csv_folder)
    (csv_folder / "figures.csv").write_text(",".join(header) + "\n", encoding="utf-8")
    if edited:
        write_csv(csv_folder / "figures.csv", edited)
    through_csv = problems_through_csv(csv_folder)
    assert through_csv, f"{case}: the CSV check should refuse this"

    sheet = tmp_path / "edited.xlsx"
    write_sheet(sheet, header, edited)
    through_sheet = problems_through_workbook(sheet, DATA)

    csv_name = str(through_csv[0].file) if through_csv[0].file.endswith("figures.csv") else ""
    sheet_name = f"{workbook.display_path(sheet)}, sheet figures"
    assert comparable(through_sheet, sheet_name, DATA) == comparable(through_csv, csv_name or "-", csv_folder)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The committed workbook, copied: its figures sheet is the real one."""
    from reportlib.curation.paths import EXPORTS_DIR

    target = tmp_path_factory.mktemp("wb") / "tables.xlsx"
    shutil.copy(EXPORTS_DIR / workbook.WORKBOOK_NAME, target)
    return target


def figures_part(path) -> str:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        book = archive.read("xl/workbook.xml").decode()
    position = re.findall(r'<sheet [^>]*name="([^"]+)"', book).index("figures") + 1
    part = f"xl/worksheets/sheet{position}.xml"
    assert part in names
    return part


def rewrite_part(source, target, part: str, change) -> None:
    """Copy a workbook with one part's bytes changed by `change` (None drops nothing, adds nothing)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info.filename, change(data) if info.filename == part else data)


@pytest.mark.parametrize("dimension", [b'<dimension ref="A1:C3"/>', b""], ids=["stale", "absent"])
def test_every_cell_is_read_whatever_the_dimension_says(exported, tmp_path, dimension):
    target = tmp_path / "dimension.xlsx"
    rewrite_part(exported, target, figures_part(exported), lambda xml: re.sub(rb"<dimension [^>]*/>", dimension, xml))
    back = workbook.read_figures_xlsx(target)
    expected = load_all().figures
    assert list(back["id"]) == list(expected["id"]) and list(back.columns) == list(expected.columns)


def test_a_value_right_of_the_last_column_is_refused(tmp_path):
    rows = read_csv(DATA / "figures.csv")
    header = list(rows[0])
    path = tmp_path / "extra.xlsx"
    write_sheet(path, header, rows)
    book = openpyxl.load_workbook(path)
    book["figures"].cell(row=7, column=len(header) + 2, value="stray")
    book.save(path)
    [problem] = problems_through_workbook(path, DATA)
    assert (problem.row, problem.column, problem.value) == (7, openpyxl.utils.get_column_letter(len(header) + 2), "stray")


def test_malformed_xml_in_a_part_is_a_named_error(exported, tmp_path):
    target = tmp_path / "broken.xlsx"
    rewrite_part(exported, target, figures_part(exported), lambda xml: xml[: len(xml) // 2])
    [problem] = problems_through_workbook(target, DATA)
    assert problem.file.endswith("broken.xlsx") and "not a readable .xlsx workbook" in problem.message


def bomb(source, target, part: str, size: int) -> None:
    """A workbook whose `part` unpacks to `size` bytes of one repeated character (a few hundred KB packed)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != part:
                new.writestr(info.filename, old.read(info.filename))
        info = zipfile.ZipInfo(part)
        info.compress_type = zipfile.ZIP_DEFLATED
        with new.open(info, "w", force_zip64=True) as out:
            head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
            out.write(head)
            chunk = b"A" * 1_000_000
            for _ in range(size // len(chunk)):
                out.write(chunk)


def test_a_zip_bomb_is_refused_before_parsing(exported, tmp_path, monkeypatch):
    target = tmp_path / "bomb.xlsx"
    bomb(exported, target, figures_part(exported), workbook.MAX_PART_BYTES + 16_000_000)
    assert target.stat().st_size < 2_000_000

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened for parsing")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    [problem] = problems_through_workbook(target, DATA)
    assert problem.message.startswith("refused unread: part ")
    assert f"more than the {workbook.MAX_PART_BYTES:,} allowed for one part" in problem.message


def test_the_unpacked_total_is_bounded_too(exported, tmp_path, monkeypatch):
    total = sum(i.file_size for i in zipfile.ZipFile(exported).infolist())
    monkeypatch.setattr(workbook, "MAX_UNPACKED_BYTES", total - 1)
    [problem] = problems_through_workbook(exported, DATA)
    assert f"unpacks to {total:,} bytes, more than the {total - 1:,} allowed" in problem.message


def test_a_workbook_over_the_file_size_limit_is_refused(exported, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_XLSX_BYTES", 1000)
    [problem] = problems_through_workbook(exported, DATA)
    assert "more than the 1,000 allowed for a workbook" in problem.message


def test_a_workbook_that_is_not_a_zip_is_named(tmp_path):
    path = tmp_path / "text.xlsx"
    path.write_bytes(io.BytesIO(b"id,report\n").getvalue())
    [problem] = problems_through_workbook(path, DATA)
    assert "not a zip archive" in problem.message
