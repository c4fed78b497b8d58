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

# Bounds on input, checked before a file is parsed: far above any real table, far below trouble.
MAX_CSV_BYTES = 50_000_000
MAX_FIELD_CHARS = 131_072  # the csv module's own limit; a cell's content limit is checked per cell (cells.py)


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


def read_bytes(path: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a data file, or a DataError for a missing, unreadable or oversized one (checked before reading)."""
    path = Path(path)
    name = display_path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise DataError([Problem(name, f"not a file: expected a {what}")])
        if size > limit:
            raise DataError([Problem(name, f"{size:,} bytes, more than the {limit:,} allowed for a {what}: "
                                           "is this the right file?")])
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(name, "file not found")]) from None
    except OSError as err:
        raise DataError([Problem(name, f"cannot be read ({err.strerror or err}): check that it exists and you may read it")]) from None


def _parse(name: str, text: str) -> list[list[str]]:
    """Every CSV record; a syntax error or an oversized field names its row (header = 1)."""
    csv.field_size_limit(MAX_FIELD_CHARS)  # the module's default, set so that the message below stays true
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return records
        except csv.Error as err:
            reason = str(err)
            if "field larger than field limit" in reason:
                reason = f"a field is longer than the {MAX_FIELD_CHARS:,} characters allowed (an unclosed quote?)"
            raise DataError([Problem(name, f"not valid CSV: {reason} (line {reader.line_num} of the file)",
                                     row=len(records) + 1)]) from None
        records.append(record)


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Return the header and the non-blank data rows, each with its spreadsheet row number (header = 1)."""
    path = Path(path)
    name = display_path(path)
    text = decode_utf8(path, read_bytes(path, MAX_CSV_BYTES, "CSV table"))
    if not text.strip():
        raise DataError([Problem(name, "empty file: expected a header row and data rows")])
    records = _parse(name, text)
    header = [h.strip() for h in records[0]]
    problems = header_problems(name, header)
    rows = [(number, row) for number, row in enumerate(records[1:], start=2) if any(c.strip() for c in row)]
    for number, row in rows:
        if len(row) != len(header):
            problems.append(
                Problem(name, f"has {len(row)} fields but the header has {len(header)}", row=number, value=",".join(row)[:80])
            )
    if problems:
        raise DataError(problems)
    return header, rows


def header_problems(name: str, header: list[str]) -> list[Problem]:
    """A blank or repeated column name would drop a column's values without a word: both are errors."""
    problems, seen = [], {}
    for position, column in enumerate(header, start=1):
        if not column:
            problems.append(Problem(name, f"blank column name (column {position}): name it or delete the column", row=1))
        elif column in seen:
            problems.append(Problem(name, f"column name repeated (columns {seen[column]} and {position}): "
                                          "one of them would be lost", row=1, column=column))
        else:
            seen[column] = position
    return problems
