"""How numbers and lists read in titles and labels: as the reports write them, never rounded away.

One set of rules for every chart, so that the same figure reads the same in a title, a bar label
and a speaker note.
"""

from __future__ import annotations

from reportlib.analysis import views


def number(x: float) -> str:
    """An amount as written: thousands separators, no trailing zeros (1,900 · 2.72 · 0.0019)."""
    text = f"{x:,.4f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def average(x: float) -> str:
    """A computed average, three significant digits: 47.5 · 9.5 · 6.21 · 0.00111."""
    return f"{x:,.0f}" if x >= 1000 else f"{x:.3g}"


def signed(x: float) -> str:
    """A change with its sign and the as-written precision: +51.42% · −57.1%."""
    text = number(abs(x))
    return ("+" if x > 0 else "−" if x < 0 else "±") + text


def bound_sign(bound: object) -> str:
    """'≥' for a lower bound, '≈' for an approximation, '' for an exact figure."""
    return views.BOUND_SIGNS.get(str(bound), "")


def join_words(words: list[str]) -> str:
    """'Anju', 'Anju and Cuizhai', 'Anju, Cuizhai and Diaozhen'."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
