"""Find a quote in a report while ignoring the whitespace and line breaks of the page layout.

Only whitespace is ignored: every other character of a quote must stand in the text as it is,
so an OCR slip stays in the quote and is explained in the row's note.
"""

from __future__ import annotations

from dataclasses import dataclass


def squeeze(text: str) -> str:
    """The text without any whitespace (spaces, full-width spaces, line breaks)."""
    return "".join(ch for ch in text if not ch.isspace())


@dataclass(frozen=True)
class LayoutText:
    """A raw text with its whitespace-free form and the map back to raw offsets."""

    raw: str
    squeezed: str
    raw_offsets: tuple[int, ...]  # raw_offsets[i] is the raw offset of squeezed[i]

    @classmethod
    def of(cls, raw: str) -> LayoutText:
        offsets = tuple(i for i, ch in enumerate(raw) if not ch.isspace())
        return cls(raw, "".join(raw[i] for i in offsets), offsets)

    def occurrences(self, quote: str) -> list[int]:
        """Squeezed offsets where the quote starts (overlapping matches included)."""
        needle = squeeze(quote)
        if not needle:
            return []
        found, start = [], self.squeezed.find(needle)
        while start != -1:
            found.append(start)
            start = self.squeezed.find(needle, start + 1)
        return found

    def raw_span(self, squeezed_start: int, length: int) -> tuple[int, int]:
        """The raw (start, end) of `length` squeezed characters from `squeezed_start`."""
        return self.raw_offsets[squeezed_start], self.raw_offsets[squeezed_start + length - 1] + 1


def occurrences_in(haystack: str, needle: str) -> list[int]:
    """Squeezed offsets of needle within haystack, both compared without whitespace."""
    return LayoutText.of(haystack).occurrences(needle)
