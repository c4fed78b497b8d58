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


@dataclass(frozen=True)
class NearMiss:
    """Where a quote that is not in a text comes closest: the passage, and the first character that differs."""

    passage: str  # the text's passage aligned with the quote (whitespace removed)
    position: int  # index in the squeezed quote of the first differing character
    quoted: str  # the quote's character there ('' when the quote runs past the passage)
    found: str  # the text's character there ('' when the text ends)
    note: str  # why they may look alike: full-width/half-width, traditional/simplified, or ''

    def describe(self) -> str:
        where = f"character {self.position + 1} of the quote is {self.quoted!r} where the text has {self.found!r}"
        return f"closest passage: “{self.passage}”; {where}" + (f" ({self.note})" if self.note else "")


def near_miss(layout: LayoutText, quote: str) -> NearMiss | None:
    """The passage of the text that best matches a quote not found in it, aligned on their longest
    common run of characters, and the first character where the quote departs from it."""
    from difflib import SequenceMatcher

    needle = squeeze(quote)
    if not needle:
        return None
    matcher = SequenceMatcher(None, layout.squeezed, needle, autojunk=False)
    block = matcher.find_longest_match(0, len(layout.squeezed), 0, len(needle))
    if block.size == 0:
        return None
    start = max(0, block.a - block.b)
    passage = layout.squeezed[start: start + len(needle) + max(0, block.b - block.a)]
    offset = block.b - (block.a - start)  # quote index that lines up with passage[0]
    for i, ch in enumerate(needle):
        j = i - offset
        other = passage[j] if 0 <= j < len(passage) else ""
        if ch != other:
            return NearMiss(passage, i, ch, other, _lookalike(ch, other))
    return None


def _lookalike(a: str, b: str) -> str:
    """Say why two different characters may look the same to a curator."""
    import unicodedata

    if a and b and unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b):
        return "a full-width/half-width difference: copy the character from the text"
    if a and b and (_simplified(a) == b or _simplified(b) == a):
        return "a traditional/simplified difference: copy the character from the text"
    return ""


def _simplified(text: str) -> str:
    """The text in simplified characters (OpenCC), or as it is when OpenCC is not installed."""
    try:
        import opencc
    except ImportError:  # the note is a courtesy; the error stands without it
        return text
    return opencc.OpenCC("t2s").convert(text)
