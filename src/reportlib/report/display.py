"""How notebooks show things: display options set by an explicit call, charts as modest PNGs, findings as text.

Charts are built at slide size (13.3 × 7.5 in); a notebook shows them as a PNG at screen resolution,
so that a rendered notebook stays well under GitHub's size limit. Images are kept small by their size and
resolution only, never by reducing the palette: a reduced palette swaps place colours (a reader would pair
the wrong place with a number).
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from reportlib.analysis.wording import signed
from reportlib.curation.load import Tables, load_all

NOTEBOOK_DPI = 72
SUMMARY_DPI = 60  # 800 px wide: about the width of a notebook on GitHub
COLUMN_LABELS = Path(__file__).with_name("column_labels.csv")
NOT_REPORTED = ""  # a missing value shows as a blank cell, never as NaN or <NA>
CODE_WORD = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")
QUOTE_WRAP = 60  # characters per line of a long text cell (a CJK character counts two)


def set_notebook_options() -> None:
    """Apply the chart house style (a global matplotlib setting), so only a notebook does it, by calling
    this in its first cell; importing reportlib changes nothing. Tables are shown through `table`, so no
    global pandas display option is set."""
    from reportlib.report import charts

    charts.apply_style()


def png_bytes(image) -> bytes:
    """A PIL image as a losslessly optimised RGB PNG (no palette)."""
    out = io.BytesIO()
    image.convert("RGB").save(out, format="png", optimize=True)
    return out.getvalue()


def _notebook_png(fig, dpi: float = NOTEBOOK_DPI) -> bytes:
    """The figure as a small PNG at screen resolution, every colour exact."""
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return png_bytes(PILImage.open(io.BytesIO(buffer.getvalue())))


def show_chart(name: str, tables: Tables):
    """Build a registered chart and return it as a PNG image for the notebook."""
    from IPython.display import Image

    from reportlib.report import charts

    fig = charts.figure(name, tables)
    return Image(data=_notebook_png(fig), format="png")


# ---------------------------------------------------------------------------------------------
# Tables for readers


@lru_cache(maxsize=1)
def column_labels() -> dict[str, dict[str, str]]:
    """Column name -> {label_en, label_zh, format}: the one home of the headers readers see."""
    with open(COLUMN_LABELS, encoding="utf-8", newline="") as handle:
        return {row["column"]: row for row in csv.DictReader(handle)}


def header(column: object, fmt: str | None = None) -> str:
    """'Investment 投资额' for a known column; the name itself (underscores as spaces) otherwise."""
    entry = column_labels().get(str(column))
    if entry is None:
        return str(column).replace("_", " ")
    text = f"{entry['label_en']} {entry['label_zh']}"
    unit = {"percent": "%"}.get(fmt or entry["format"])
    return f"{text} ({unit})" if unit else text


def _significant(x: float, digits: int = 3) -> str:
    """x to `digits` significant figures, thousands separated, no trailing zeros: 1,900 · 9.5 · 0.0019."""
    if x == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    text = f"{round(x, decimals):,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(x: float) -> str:
    """An amount in 亿元 with a precision that fits its size: '87 亿元', '1.15 亿元', under 0.1 亿元 in 万元
    ('19 万元'), so no amount rounds to zero."""
    if abs(x) < 0.1:
        return f"{_significant(x * 10_000, 4)} 万元"
    return f"{_significant(x, 4)} 亿元"


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _cell(value, fmt: str, unit: object = None) -> str:
    if _missing(value):
        return NOT_REPORTED
    if pd.api.types.is_bool(value):  # numpy's bool too, which is not a Python bool
        return "yes" if value else "no"
    if isinstance(value, (int, float)) or hasattr(value, "item"):
        try:
            x = float(value)
        except (TypeError, ValueError):
            return str(value)
        if fmt == "money":
            return money(x)
        if fmt == "signed":  # a change as written, with its sign, never rounded: +115.41, −57.1
            return signed(x)
        if fmt == "percent":
            return _significant(x * 100, 3) if abs(x) <= 1 else _significant(x, 3)
        if fmt == "by_unit" and not _missing(unit):
            return f"{x:+,g}{'' if str(unit) == '%' else ' '}{unit}".replace("-", "−")
        if x == int(x) and abs(x) < 1e15:
            return f"{int(x):,}"
        return _significant(x, 4)
    text = str(value)
    if CODE_WORD.fullmatch(text):  # a vocabulary term (under_construction): as words, which a narrow column can wrap
        return text.replace("_", " ")
    return text


def half_widths(text: str) -> int:
    """How wide a text shows in a monospaced grid, a notebook table's or a spreadsheet's: a wide (CJK)
    character counts two half-widths, any other one."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, limit: int = QUOTE_WRAP) -> str:
    """Long text as lines of about `limit` half-widths (CJK counted double), broken between words of Latin
    script and between characters of Chinese, never inside a word (a word longer than a line stays whole)."""

    lines, line = [], ""
    for unit in re.findall(r"[^\s\u2E80-\u9FFF\uFF00-\uFFEF]+|\s+|.", text):
        if line.strip() and half_widths(line + unit.rstrip()) > limit:
            lines.append(line.rstrip())
            line = unit.lstrip()
        else:
            line += unit
    lines.append(line.rstrip())
    return "\n".join(lines)


class ReaderTable:
    """A table prepared for reading: string cells, bilingual headers, no index. Jupyter and GitHub show
    its HTML; its plain text is the same table, for terminals."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.frame.columns)
        rows = []
        for record in self.frame.itertuples(index=False):
            cells = "".join(f"<td>{html.escape(str(v)).replace(chr(10), '<br>')}</td>" for v in record)
            rows.append(f"<tr>{cells}</tr>")
        return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"

    def __repr__(self) -> str:
        flat = self.frame.apply(lambda column: column.str.replace("\n", " ", regex=False))
        return flat.to_string(index=False) if len(flat) else ", ".join(flat.columns)


def table(frame: pd.DataFrame) -> ReaderTable:
    """A table as a reader sees it in a notebook. Every notebook shows its tables through this one helper,
    so that headers, units, blanks and number formats follow one set of rules: bilingual headers (from
    column_labels.csv), no index column (a named index becomes a column), blanks for missing values,
    integers as integers, money in 亿元 or 万元 by its size, long texts wrapped and moved to the last columns."""
    named = frame.index.name is not None or any(name is not None for name in frame.index.names)
    frame = frame.reset_index(drop=not named)  # a named index is data (rank, theme); row numbers are not
    frame = frame.copy()
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [" · ".join(str(part) for part in c if str(part)) for c in frame.columns]
    labels = column_labels()
    units = frame["unit_norm"] if "unit_norm" in frame.columns else None
    out: dict[str, list[str]] = {}
    names: dict[object, str] = {}
    long_columns = []
    for column in frame.columns:
        fmt = labels.get(str(column), {}).get("format", "text")
        values = frame[column]
        if fmt in ("text", "quote") and pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            fmt = "number"
        cells = [_cell(v, fmt, units.iloc[i] if units is not None else None) for i, v in enumerate(values)]
        widest = max((half_widths(c) for c in cells), default=0)
        if fmt == "quote" or widest > 2 * QUOTE_WRAP:
            cells = [_wrap(c) for c in cells]
        if fmt == "quote" or widest > 2 * QUOTE_WRAP:  # quotes and long prose go last, in a narrow column
            long_columns.append(column)
        name = header(column, fmt)
        names[column] = name if name not in out else f"{name} ({column})"
        out[names[column]] = cells
    order = [names[c] for c in frame.columns if c not in long_columns] + [names[c] for c in long_columns]
    return ReaderTable(pd.DataFrame(out, columns=list(out))[order])


# ---------------------------------------------------------------------------------------------


def show_findings(sentences: list[str]):
    """Sentences as a Markdown bullet list (the text analysis of notebook 05)."""
    from IPython.display import Markdown

    return Markdown("\n".join(f"- {s}" for s in sentences))


def claims_markdown(records, bullets: bool = False) -> str:
    """Claims as Markdown: each sentence, then its footnote and the figure ids it rests on, in small type."""
    lines = []
    for claim in records:
        refs = f"Figures: {', '.join(claim.figures)}." if 0 < len(claim.figures) <= 12 else ""
        small = " ".join(part for part in (claim.footnote, refs) if part)
        text = claim.text + ("" if claim.text.endswith((".", "!", "?")) else ".") + (f" <sub>{small}</sub>" if small else "")
        lines.append(f"- {text}" if bullets else text + "\n")
    return "\n".join(lines)


def show_claims(made: list, where: str, bullets: bool = False):
    """The claims (from reportlib.claims.build) that appear at one place of a notebook ('02#by-stage'), as Markdown."""
    from IPython.display import Markdown

    from reportlib.analysis import claims

    return Markdown(claims_markdown(claims.at(made, where), bullets))


def show_slide_charts(tables: Tables | None = None) -> None:
    """Display every slide chart in deck order, each under its takeaway, at about a notebook page's width.
    Eight charts at once must stay well under GitHub's 1 MB limit with every colour exact: their text is
    drawn without anti-aliasing (an anti-aliased edge is what makes a chart's PNG large)."""
    from IPython.display import Image, Markdown, display

    from reportlib.report import charts

    tables = tables if tables is not None else load_all()
    for spec in charts.CHARTS:
        if spec.deck:
            fig = charts.figure(spec.name, tables)
            for text in fig.findobj(lambda artist: hasattr(artist, "set_antialiased") and hasattr(artist, "get_text")):
                text.set_antialiased(False)
            title = charts.info(fig).title
            display(Markdown(f"**{title}** (`figures/{spec.name}.png`)"),
                    Image(data=_notebook_png(fig, SUMMARY_DPI), format="png"))
