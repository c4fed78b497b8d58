"""Periods as the curated tables write them, and how they sort and read.

Formats: 2024 (a calendar year), 2024-01/2024-11 (a span of months, inclusive),
2024/2027 (a span of years), ../2024 (cumulative up to the end of 2024), and undated
(the text fixes no period, e.g. output expected "within three years of completion").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_YEAR = re.compile(r"(\d{4})")
_MONTHS = re.compile(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})")
_YEARS = re.compile(r"(\d{4})/(\d{4})")
_UP_TO = re.compile(r"\.\./(\d{4})")
# Every period code, as one regular expression (for descriptors outside Python, e.g. data/datapackage.json).
PATTERN = "|".join(["undated"] + [p.pattern for p in (_YEAR, _MONTHS, _YEARS, _UP_TO)])


@dataclass(frozen=True)
class Period:
    """A parsed period: first and last month (None for an open start) and an English label."""

    code: str
    start: tuple[int, int] | None
    end: tuple[int, int] | None
    label: str

    @property
    def sort_key(self) -> tuple:
        return (self.end or (9999, 12), self.start or (0, 0))


def parse_period(code: str) -> Period:
    """Parse a period code; raise ValueError with the accepted formats when it is not one."""
    if code == "undated":
        return Period(code, None, None, "no period stated")
    if m := _YEAR.fullmatch(code):
        year = int(m[1])
        return Period(code, (year, 1), (year, 12), str(year))
    if m := _MONTHS.fullmatch(code):
        y1, m1, y2, m2 = map(int, m.groups())
        if not (1 <= m1 <= 12 and 1 <= m2 <= 12) or (y1, m1) > (y2, m2):
            raise ValueError(f"months out of order or out of range: {code!r}")
        if y1 == y2 and (m1, m2) == (1, 6):
            label = f"H1 {y1}"
        elif y1 == y2 and (m1, m2) == (7, 12):
            label = f"H2 {y1}"
        elif y1 == y2:
            label = f"{calendar.month_abbr[m1]}–{calendar.month_abbr[m2]} {y1}"
        else:
            label = f"{calendar.month_abbr[m1]} {y1}–{calendar.month_abbr[m2]} {y2}"
        return Period(code, (y1, m1), (y2, m2), label)
    if m := _YEARS.fullmatch(code):
        y1, y2 = int(m[1]), int(m[2])
        if y1 >= y2:
            raise ValueError(f"years out of order: {code!r}")
        return Period(code, (y1, 1), (y2, 12), f"{y1}–{y2}")
    if m := _UP_TO.fullmatch(code):
        year = int(m[1])
        return Period(code, None, (year, 12), f"cumulative to {year}")
    raise ValueError(
        f"not a period: {code!r} (use 2024, 2024-01/2024-11, 2024/2027, ../2024 or undated)"
    )
