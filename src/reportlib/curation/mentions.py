"""Find every number in a report, written in digits or in Chinese numerals, with its character offsets.

The finder is what makes coverage checkable: each mention it reports must be claimed by a
curated figure or an exclusion. It reports quantities (87亿元, 比增-2.8%, 两个, 十余个, 千亿元)
and, as one mention each so that one exclusion covers them, dates (2025-01-27, 2024年1月7日,
1—11月), times (12:31) and identifiers (001008004005089/2025). A Chinese numeral counts only with
a unit after it (两个, 三年, 四大), so 一般 or 统一 are no numbers; see data/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlib.curation.parse import Quantity, grammar


@dataclass(frozen=True)
class Mention:
    """A number in a raw text: where it starts and ends, what kind it is and what it parses to."""

    report: str
    start: int  # offset of the number's first character (its sign or first digit or numeral) in the raw text
    end: int  # offset just after the last character of the mention (unit and qualifier included)
    text: str
    quantity: Quantity | None  # None for a date, a time or an identifier
    kind: str = "quantity"  # 'quantity', 'date', 'time' or 'identifier'


def find_mentions(report: str, text: str, folder: Path | str | None = None) -> list[Mention]:
    """Return the number mentions of `text` in order of appearance (units from `folder`'s vocabulary)."""
    rules = grammar(folder)
    found = []
    for match in rules.pattern.finditer(text):
        start = rules.number_start(match)
        if match.group("chinese") is not None and rules.is_lexical(text, start):
            continue
        reading = rules.read(match)
        found.append(Mention(report=report, start=start, end=match.end(), text=match.group(0),
                             quantity=reading.quantity, kind=reading.kind))
    return found
