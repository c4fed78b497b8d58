"""What a text cell may hold so that every output can carry it unchanged.

The workbook (openpyxl), the slide deck (python-pptx over lxml) and the charts (PNG, SVG) all
store text as XML or as Excel cells. XML 1.0 cannot hold most control characters, lone
surrogates or U+FFFE/U+FFFF; openpyxl refuses C0 controls and silently cuts a cell at Excel's
32,767 characters; python-pptx turns controls into `_x000B_`-style escapes. So the check refuses
them here, with the file, row and column, and the export never meets them.

Stricter than the exporters on purpose: C1 controls (U+0080–U+009F) and DEL pass openpyxl and
lxml but are invisible garbage in every viewer, and a carriage return comes back as a newline
from any XML reader; all are refused. Tab and newline are allowed.
"""

from __future__ import annotations

import re

# Excel's limit on the characters in one cell; PowerPoint takes longer text, so this one bounds both.
MAX_CELL_CHARS = 32_767

ALLOWED_CONTROLS = "\t\n"
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)


def _describe(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif code in (0xFFFE, 0xFFFF):
        kind = "a non-character"
    else:
        kind = "a control character"
    return f"U+{code:04X} ({kind})"


def cell_problem(text: str) -> str | None:
    """Why `text` cannot go into every output unchanged, or None when it can."""
    if len(text) > MAX_CELL_CHARS:
        return f"{len(text):,} characters, more than the {MAX_CELL_CHARS:,} an Excel cell holds"
    bad = _FORBIDDEN.search(text)
    if bad:
        return (f"contains {_describe(bad.group())} at character {bad.start() + 1}, which the workbook and "
                "deck cannot hold: delete it (only tab and newline are allowed)")
    return None


def text_problem(text: str) -> tuple[int, str] | None:
    """(offset, what) of the first character in a raw text that no output can carry, or None.

    Raw texts are not written to the outputs whole, but words taken from them are (chart titles),
    so they follow the cell rules except for length; a carriage return is allowed (line endings)."""
    for bad in _FORBIDDEN.finditer(text):
        if bad.group() != "\r":
            return bad.start(), _describe(bad.group())
    return None
