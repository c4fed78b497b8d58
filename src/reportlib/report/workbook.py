"""The Excel workbook of the curated tables and comparison views, and reading a figures sheet back.

`write_workbook` writes exports/reportlib-tables.xlsx with openpyxl: one sheet per table and view,
a frozen header row, filters, column widths that fit, number formats (亿元 to two or more decimals,
growth in per cent as percentages), and every text cell stored as text, so that a quote starting
with "=", "+", "-" or "@" can never turn into a formula. The bytes are reproducible.

`read_figures_xlsx` reads a figures sheet that a colleague edited in Excel back through the very
checks of data/figures.csv (reportlib.load.load_figures), and reports problems with the file, the
sheet, the row, the column and the value.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import tempfile
import unicodedata
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
from reportlib.curation import schema
from reportlib.analysis import views
from reportlib.analysis.wording import cardinal
from reportlib.curation.errors import DataError, Problem
from reportlib.curation.load import Tables, load_figures, load_reports, load_vocab
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


def _growth_columns(growth: pd.DataFrame) -> pd.DataFrame:
    """The growth view with one column per representation: per cent (as written, 115.41), percentage
    points and multiples (倍) apart, never mixed in one column."""
    unit = growth["unit_norm"].astype("string")
    change = growth["change"].astype("Float64")
    position = list(growth.columns).index("change")
    out = growth.drop(columns=["change"])
    for offset, (name, which) in enumerate((("change_percent", "%"), ("change_points", "个百分点"), ("multiple", "倍"))):
        out.insert(position + offset, name, change.where(unit == which))
    return out


def sheets(tables: Tables) -> list[Sheet]:
    """The sheets of the workbook, in order."""
    growth = _growth_columns(views.growth(tables))
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
              "Every growth rate or change. Per cent in change_percent (as written: 115.41 is 115.41%, as in the figures "
              "sheet), percentage points in change_points, multiples (倍) in multiple; 正增长 has no number.",
              formats={"change_percent": PERCENT, "change_points": '0.0#" pp"', "multiple": MULTIPLE},
              notes={"change_percent": "Per cent as written (115.41 = 115.41%), the same number as value_norm in the "
                     "figures sheet", "multiple": "A multiple (倍): 2 = twice"}),
        Sheet("project_counts", views.project_counts(tables),
              "Project counts by stage with the number of projects the report names and the group's investment "
              "(reportlib.views.project_counts).",
              formats={"count": COUNT, "named": COUNT, "group_investment": YI_YUAN, "per_project": YI_YUAN},
              notes={"group_investment": "亿元", "per_project": "亿元 per project"}),
        Sheet("metric_families", families,
              "Report × metric family: the number of figures (0 = not reported) (reportlib.views.metric_families).",
              formats={c: COUNT for c in families.columns if c not in ("report", "label")}),
    ]
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
    longest = max(text.split("\n"), key=len)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in longest)


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
    for j, width in enumerate(widths, start=1):
        name = columns[j - 1]
        wrap_width = WRAPPED.get(name) or (TEXT_WIDTH if width > TEXT_WIDTH else None)
        ws.column_dimensions[get_column_letter(j)].width = min(max(width, 6), wrap_width or MAX_WIDTH)
        for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
            cell = row[0]
            cell.font = BODY_FONT
            cell.alignment = wrapped if wrap_width and isinstance(cell.value, str) else top
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


def read_figures_xlsx(path: Path | str, sheet: str = "figures", data_dir: Path | str | None = None) -> pd.DataFrame:
    """Read a figures sheet from an .xlsx and validate it exactly as data/figures.csv is validated.

    Returns the same frame as reportlib.load.load_figures (row = the spreadsheet row). Report ids and
    vocabularies come from `data_dir` (default: the project's data/). Raises DataError with the file,
    sheet, row, column and value of every problem."""
    path = Path(path)
    where = f"{display_path(path)}, sheet {sheet}"
    if not path.is_file():
        raise DataError([Problem(display_path(path), "file not found")])
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise DataError([Problem(display_path(path), f"not a readable .xlsx workbook ({err})")]) from None
    try:
        if sheet not in book.sheetnames:
            raise DataError([Problem(display_path(path), f"no sheet named {sheet!r} (sheets: {', '.join(book.sheetnames)})")])
        records, problems = [], []
        header: list[str] = []
        for number, cells in enumerate(book[sheet].iter_rows(), start=1):
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
    if problems:
        raise DataError(problems)
    if not records:
        raise DataError([Problem(where, "empty sheet: expected a header row and data rows")])

    width = len(records[0])
    while width and not any(r[width - 1].strip() for r in records if len(r) >= width):
        width -= 1  # Excel often reports formatted but empty columns at the right
    records = [(r + [""] * width)[:width] for r in records]

    folder = Path(data_dir) if data_dir is not None else None
    vocab = load_vocab(folder)
    reports = load_reports(folder, vocab)
    with tempfile.TemporaryDirectory(prefix="reportlib-xlsx-") as temp:
        # The sheet becomes a CSV, row for row (blank rows kept, so row numbers stay the sheet's), and goes
        # through the same loader as data/figures.csv; only the file name in its messages is replaced.
        with open(Path(temp) / "figures.csv", "w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerows(records)
        try:
            return load_figures(temp, vocab, reports)
        except DataError as err:
            raise DataError([Problem(where, p.message, p.row, p.column, p.value) for p in err.problems]) from None
