"""Read one CSV file into strings, or say exactly why it cannot be read.

Plain UTF-8 is the format of record (readable diffs in git); a byte-order mark, as Excel's
"CSV UTF-8" writes it, is accepted. GBK, the other thing Excel writes on Chinese Windows, is
recognised and refused with the fix.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from reportlib.curation.errors import DataError, Problem
from reportlib.curation.paths import display_path


def decode_utf8(path: Path, data: bytes) -> str:
    """Decode a data file as UTF-8 (BOM allowed) or raise DataError naming the file and the fix."""
    name = display_path(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            hint = ""
        else:
            hint = " It decodes as GBK/GB18030, as Excel saves 'CSV' on Chinese Windows: save it as 'CSV UTF-8'."
        raise DataError(
            [Problem(name, f"not UTF-8 (first bad byte at offset {err.start}).{hint}", value=data[err.start : err.start + 4])]
        ) from None


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Return the header and the non-blank data rows, each with its spreadsheet row number (header = 1)."""
    path = Path(path)
    name = display_path(path)
    if not path.is_file():
        raise DataError([Problem(name, "file not found")])
    text = decode_utf8(path, path.read_bytes())
    if not text.strip():
        raise DataError([Problem(name, "empty file: expected a header row and data rows")])
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as err:
        raise DataError([Problem(name, f"not valid CSV: {err}")]) from None
    header = [h.strip() for h in records[0]]
    rows = [(number, row) for number, row in enumerate(records[1:], start=2) if any(c.strip() for c in row)]
    problems = []
    for number, row in rows:
        if len(row) != len(header):
            problems.append(
                Problem(name, f"has {len(row)} fields but the header has {len(header)}", row=number, value=",".join(row)[:80])
            )
    if problems:
        raise DataError(problems)
    return header, rows
