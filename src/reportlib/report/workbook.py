"""The Excel workbook of the curated tables and comparison views, and reading a figures sheet back.

`write_workbook` writes exports/reportlib-tables.xlsx with openpyxl: one sheet per table and view,
a frozen header row, filters, column widths that fit, number formats (亿元 to two or more decimals,
growth in per cent as percentages), and every text cell stored as text, so that a quote starting
with "=", "+", "-" or "@" can never turn into a formula. The bytes are reproducible.

`read_figures_xlsx` reads a figures sheet that a colleague edited in Excel back through the very
checks of data/figures.csv: the loader's (curation.load.validate_rows) and the whole check
(curation.verify: quotes in their reports, numbers against their quotes), and reports problems with
the file, the sheet, the row, the column and the value. It reads every cell whatever the sheet's
<dimension> says, and refuses a workbook too large to open from its zip directory, before any XML
is parsed.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from reportlib.report import atomic
from reportlib.report.display import half_widths
from reportlib.curation import schema
from reportlib.analysis import claims, views
from reportlib.analysis.wording import cardinal
from reportlib.curation.errors import DataError, Problem
from reportlib.curation.load import Tables
from reportlib.curation.paths import EXPORTS_DIR, display_path

WORKBOOK_NAME = "reportlib-tables.xlsx"
YI_YUAN = "#,##0.00##"  # 亿元: two decimals, up to four when small amounts need them (0.0019)
COUNT = "#,##0"
PERCENT = '0.0#"%"'  # per cent stored as written (115.41), in every sheet, shown with its sign: 115.41%
MULTIPLE = '0.0#"×"'
FORMAT_BY_UNIT = {"%": PERCENT, "个百分点": '0.0#" pp"', "倍": MULTIPLE}
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
MAX_WIDTH = 60
WRAPPED = {"quote": 44, "note": 44, "what": 60, "document": 36, "sha256": 17}  # widths of wrapped columns
TEXT_WIDTH = 24  # any other column wider than this wraps at this width, so that a printed page stays legible
FONT_NAME = "Arial"  # Latin; Excel and LibreOffice fall back to their CJK face for Chinese
BODY_FONT = Font(name=FONT_NAME, size=10)
HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True)


@dataclass
class Sheet:
    """One sheet: its frame, what it is, and the number formats of its columns."""

    name: str
    frame: pd.DataFrame
    about: str
    formats: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # header comments


def _curated(frame: pd.DataFrame, columns: tuple[schema.Column, ...]) -> pd.DataFrame:
    """A curated table as its CSV has it: the schema's columns in order, no bookkeeping columns."""
    return frame[[c.name for c in columns]].copy()


def sheets(tables: Tables) -> list[Sheet]:
    """The sheets of the workbook, in order."""
    growth = views.growth(tables)
    families = views.metric_families(tables)
    labels = views.places(tables).set_index("report")["label"]
    families.insert(0, "label", [labels[r] for r in families.index])
    families = families.reset_index().rename(columns={"index": "report"})
    families.columns.name = None
    listed = [
        Sheet("reports", _curated(tables.reports, schema.REPORTS),
              "One row per report: place, level, years reviewed and planned, raw file and its checksum (data/reports.csv)."),
        Sheet("figures", _curated(tables.figures, schema.FIGURES),
              "Every curated figure with the quote it comes from (data/figures.csv). Edit here and read back with "
              "reportlib.workbook.read_figures_xlsx: the same checks as the CSV apply.",
              formats={"value_norm": "by_unit"},
              notes={"value_norm": "In unit_norm: 亿元, %, 个, m², …"}),
        Sheet("projects", _curated(tables.projects, schema.PROJECTS),
              "The projects the reports name (data/projects.csv)."),
        Sheet("exclusions", _curated(tables.exclusions, schema.EXCLUSIONS),
              "Numbers in the texts that are not figures, each with its reason (data/exclusions.csv)."),
        Sheet("investment", views.investment(tables),
              "Money tied to projects in 亿元, with the stated project count of its group and the average per project "
              "(reportlib.views.investment).",
              formats={"yi_yuan": YI_YUAN, "group_count": COUNT, "per_project": YI_YUAN},
              notes={"yi_yuan": "亿元 (100 million yuan)", "per_project": "亿元 per project = yi_yuan ÷ group_count; "
                     "see per_project_bound"}),
        Sheet("growth", growth,
              "Every growth rate or change. Per cent in change_pct (as written: 115.41 is 115.41%, the same number as "
              "value_norm in the figures sheet), percentage points in change_points, multiples (倍) in multiple; "
              "正增长 has no number.",
              formats={"change_pct": PERCENT, "change_points": '0.0#" pp"', "multiple": MULTIPLE},
              notes={"change_pct": "Per cent as written (115.41 = 115.41%), the same number as value_norm in the "
                     "figures sheet", "multiple": "A multiple (倍): 2 = twice"}),
        Sheet("project_counts", views.project_counts(tables),
              "Project counts by stage with the number of projects the report names and the group's investment "
              "(reportlib.views.project_counts).",
              formats={"stated_count": COUNT, "named": COUNT, "group_investment": YI_YUAN, "per_project": YI_YUAN},
              notes={"group_investment": "亿元", "per_project": "亿元 per project"}),
        Sheet("metric_families", families,
              "Report × metric family: the number of figures (0 = not reported) (reportlib.views.metric_families).",
              formats={c: COUNT for c in families.columns if c not in ("report", "label")}),
    ]
    listed.append(Sheet("claims", claims.frame(claims.build(tables)),
                        "Every sentence, chart title and slide title the project states, with the figures it rests on, "
                        "the comparability verdict, what differs and where it appears (reportlib.analysis.claims)."))
    about = pd.DataFrame({"sheet": [s.name for s in listed], "rows": [len(s.frame) for s in listed],
                          "what": [s.about for s in listed]})
    intro = Sheet("about", about, "The sheets of this workbook, generated from the curated tables; do not edit except "
                  "the figures sheet, which can be read back and checked.",
                  formats={"rows": COUNT})
    return [intro] + listed


def _plain(value):
    """A cell value openpyxl can store: None for missing, Python scalars for numpy/pandas ones."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def _display_width(value) -> int:
    if value is None:
        return 0
    text = f"{value:,.2f}" if isinstance(value, float) else str(value)
    return half_widths(max(text.split("\n"), key=len))


LINE_HEIGHT = 13.5  # points: one line of the 10-point body font


def _wrapped_lines(text: str, width: float) -> int:
    """About how many lines `text` takes wrapped in a column `width` characters wide (CJK characters
    count twice, as in the column widths; a line holds a little less than the width)."""
    room = max(width - 1.5, 1)
    return sum(max(1, math.ceil(_display_width(part) / room)) for part in text.split("\n"))


def _write_sheet(ws, sheet: Sheet) -> None:
    frame = sheet.frame.reset_index(drop=True)
    columns = [str(c) for c in frame.columns]
    ws.append(columns)
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.data_type = "s"
        if cell.value in sheet.notes:
            cell.comment = Comment(sheet.notes[cell.value], "reportlib")
    units = frame["unit_norm"].astype("string") if "unit_norm" in frame.columns else None
    widths = [_display_width(c) + 3 for c in columns]
    for i, record in enumerate(frame.itertuples(index=False), start=2):
        for j, raw in enumerate(record, start=1):
            name = columns[j - 1]
            value = _plain(raw)
            fmt = sheet.formats.get(name)
            if fmt == "by_unit" and isinstance(value, (int, float)) and not isinstance(value, bool):
                unit = units.iloc[i - 2] if units is not None and not pd.isna(units.iloc[i - 2]) else None
                fmt = FORMAT_BY_UNIT.get(unit)
            elif fmt == "by_unit":
                fmt = None
            if isinstance(value, str):
                cell = ws.cell(row=i, column=j, value=value)
                cell.data_type = "s"  # never a formula, whatever the first character
            else:
                cell = ws.cell(row=i, column=j, value=value)
                if fmt and isinstance(value, (int, float)) and not isinstance(value, bool):
                    cell.number_format = fmt
            widths[j - 1] = max(widths[j - 1], _display_width(value) + 2)
    wrapped = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    lines = [1] * (len(frame) + 2)  # per row: the most lines any of its wrapped cells takes
    for j, width in enumerate(widths, start=1):
        name = columns[j - 1]
        wrap_width = WRAPPED.get(name) or (TEXT_WIDTH if width > TEXT_WIDTH else None)
        column_width = min(max(width, 6), wrap_width or MAX_WIDTH)
        ws.column_dimensions[get_column_letter(j)].width = column_width
        for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
            cell = row[0]
            cell.font = BODY_FONT
            cell.alignment = wrapped if wrap_width and isinstance(cell.value, str) else top
            if wrap_width and isinstance(cell.value, str):
                lines[cell.row] = max(lines[cell.row], _wrapped_lines(cell.value, column_width))
    # a height per row: viewers (LibreOffice among them) do not grow a row for wrapped text on opening
    for row, count in enumerate(lines[2:], start=2):
        if count > 1:
            ws.row_dimensions[row].height = count * LINE_HEIGHT
    # the id (first column) and the header stay in view; printed: landscape, one page wide, header repeated
    ws.freeze_panes = "B2" if columns and columns[0] == "id" else "A2"
    ws.auto_filter.ref = ws.dimensions
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def workbook_bytes(tables: Tables) -> bytes:
    """The workbook as reproducible .xlsx bytes."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in sheets(tables):
        _write_sheet(book.create_sheet(sheet.name), sheet)
    stamp = atomic.fixed_time()
    props = book.properties
    props.creator = "reportlib"
    props.lastModifiedBy = "reportlib"
    props.title = f"reportlib: curated figures of {cardinal(len(tables.reports))} work reports"
    props.created = stamp
    props.modified = stamp
    buffer = io.BytesIO()
    # openpyxl's save_workbook stamps the current time into `modified`; its writer does not.
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(book, archive).save()
    return atomic.reproducible_zip(buffer.getvalue())


def write_workbook(tables: Tables, path: Path | str = EXPORTS_DIR / WORKBOOK_NAME) -> Path:
    """Write the workbook atomically; return its path."""
    return atomic.write_bytes(path, workbook_bytes(tables))


# ---------------------------------------------------------------------------------------------
# Reading an edited figures sheet back


def _cell_text(cell) -> tuple[str, str | None]:
    """(text as the CSV would hold it, problem or None) for one Excel cell."""
    value = cell.value
    if value is None:
        return "", None
    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and cell.data_type == "f"):
        return str(value), "a formula, not a value: type the value itself (a quote starting with = must be text)"
    if isinstance(value, bool):
        return str(value).upper(), None
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat(), "Excel turned this cell into a date: format the cell as text and type it again"
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
            return str(int(value)), None  # Excel hands integers back as floats: 8.0 -> 8
        return repr(value), None
    return str(value), None


# Bounds checked on the zip directory before any XML is parsed: the exported workbook is well under 1 MB
# unpacked, so these leave room for heavy editing and none for a zip bomb.
MAX_XLSX_BYTES = 20_000_000
MAX_PART_BYTES = 32_000_000
MAX_UNPACKED_BYTES = 64_000_000
MAX_PARTS = 1_000


def _size_problem(path: Path) -> str | None:
    """Why the workbook at `path` is too large to open, judged from its size and zip directory; None if it is not."""
    size = path.stat().st_size
    if size > MAX_XLSX_BYTES:
        return f"{size:,} bytes, more than the {MAX_XLSX_BYTES:,} allowed for a workbook"
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    if len(members) > MAX_PARTS:
        return f"{len(members):,} parts, more than the {MAX_PARTS:,} allowed"
    for member in members:
        if member.file_size > MAX_PART_BYTES:
            return (f"part {member.filename} unpacks to {member.file_size:,} bytes, more than the "
                    f"{MAX_PART_BYTES:,} allowed for one part")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        return f"unpacks to {total:,} bytes, more than the {MAX_UNPACKED_BYTES:,} allowed"
    return None


def _sheet_rows(path: Path, sheet: str, where: str) -> list[list[str]]:
    """Every row of the sheet as CSV-like text (every cell, whatever the sheet's stated <dimension>), or DataError."""
    name = display_path(path)
    try:
        too_large = _size_problem(path)
    except zipfile.BadZipFile:
        raise DataError([Problem(name, "not a readable .xlsx workbook (not a zip archive): save it from Excel as .xlsx")]) from None
    except OSError as err:
        raise DataError([Problem(name, f"cannot be read ({err.strerror or err}): check that you may read it")]) from None
    if too_large:
        raise DataError([Problem(name, f"refused unread: {too_large}")])
    records, problems, header = [], [], []
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
        try:
            if sheet not in book.sheetnames:
                raise DataError([Problem(name, f"no sheet named {sheet!r} (sheets: {', '.join(book.sheetnames)})")])
            worksheet = book[sheet]
            worksheet.reset_dimensions()  # a stale or missing <dimension> must not hide cells
            for number, cells in enumerate(worksheet.iter_rows(), start=1):
                texts = []
                for position, cell in enumerate(cells):
                    text, problem = _cell_text(cell)
                    if problem:
                        column = header[position] if number > 1 and position < len(header) else get_column_letter(position + 1)
                        problems.append(Problem(where, problem, row=number, column=column, value=cell.value))
                    texts.append(text)
                if number == 1:
                    header = [t.strip() for t in texts]
                records.append(texts)
        finally:
            book.close()
    except DataError:
        raise
    except Exception as err:  # openpyxl, lxml and zipfile raise many types on a damaged file; all mean the same
        reason = str(err).splitlines()[0][:200] if str(err) else type(err).__name__
        raise DataError([Problem(name, f"not a readable .xlsx workbook ({type(err).__name__}: {reason}): "
                                       "open and save it again in Excel, or export it afresh")]) from None
    if problems:
        raise DataError(problems)
    return records


def read_figures_xlsx(path: Path | str, sheet: str = "figures", data_dir: Path | str | None = None) -> pd.DataFrame:
    """Read a figures sheet from an .xlsx and validate it exactly as data/figures.csv is validated.

    The rows go through the loader's checks and then the whole check (quotes in their reports, numbers
    against their quotes, references, coverage) with the sheet in place of data/figures.csv. Returns
    the same frame as reportlib.load.load_figures (row = the spreadsheet row). Report ids, vocabularies
    and texts come from `data_dir` (default: the project's data/). Raises DataError with the file,
    sheet, row, column and value of every problem."""
    from reportlib.curation.load import figures_from_rows, load_all
    from reportlib.curation.verify import check

    path = Path(path)
    where = f"{display_path(path)}, sheet {sheet}"
    if not path.is_file():
        raise DataError([Problem(display_path(path), "file not found")])
    records = _sheet_rows(path, sheet, where)
    if not records or not any(t.strip() for t in records[0]):
        raise DataError([Problem(where, "empty sheet: expected a header row and data rows")])

    width = len(records[0])
    while width and not any(r[width - 1].strip() for r in records if len(r) >= width):
        width -= 1  # Excel often reports formatted but empty columns at the right
    problems = [Problem(where, "a value right of the last named column: give it a column name or delete it", row=number,
                        column=get_column_letter(width + i + 1), value=text)
                for number, r in enumerate(records, start=1) for i, text in enumerate(r[width:]) if text.strip()]
    if problems:
        raise DataError(problems)
    header = [t.strip() for t in records[0][:width]]
    rows = [(number, (r + [""] * width)[:width]) for number, r in enumerate(records[1:], start=2)
            if any(c.strip() for c in r)]

    tables = load_all(data_dir)
    figures = figures_from_rows(where, header, rows, tables.vocab, tables.reports)
    result = check(dataclasses.replace(tables, figures=figures))
    if result.problems:
        figures_csv = display_path(tables.folder / "figures.csv")
        raise DataError([dataclasses.replace(p, file=where) if p.file == figures_csv else p for p in result.problems])
    return figures
