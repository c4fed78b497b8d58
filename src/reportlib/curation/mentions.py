"""Find every number written in digits in a report, with its unit and character offsets.

The finder is what makes coverage checkable: each mention it reports must be claimed by a
curated figure or an exclusion. Numbers written in Chinese characters (两个底线, 三大集群)
are slogans in these texts and are not mentions (see data/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlib.curation.parse import QUANTITY_PATTERN, Quantity, quantity_from_match


@dataclass(frozen=True)
class Mention:
    """A number in a raw text: where its digits start and end, and what they parse to."""

    report: str
    start: int  # offset of the first digit in the raw text
    end: int  # offset just after the last character of the quantity (unit and qualifier included)
    text: str
    quantity: Quantity


def find_mentions(report: str, text: str) -> list[Mention]:
    """Return the digit quantities of `text` in order of appearance."""
    found = []
    for match in QUANTITY_PATTERN.finditer(text):
        found.append(
            Mention(
                report=report,
                start=match.start("number"),
                end=match.end(),
                text=match.group(0),
                quantity=quantity_from_match(match),
            )
        )
    return found
