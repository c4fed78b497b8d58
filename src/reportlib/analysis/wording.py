"""How numbers, bounds and lists read in sentences, titles, labels and notes: one set of rules.

The same figure reads the same in a finding, a chart title, a bar label and a speaker note, and
is never rounded away: amounts keep the precision the report wrote.
"""

from __future__ import annotations

import math

import pandas as pd

# How a bound reads before a number: as a sign on charts and in tables, as words in sentences.
BOUND_SIGNS = {"exact": "", "at_least": "≥", "about": "≈", "positive": ""}
BOUND_WORDS = {"exact": "", "at_least": "at least ", "about": "about ", "positive": ""}

_CARDINALS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
              "twelve")


def number(x: float) -> str:
    """An amount as written: thousands separators, no trailing zeros (1,900 · 2.72 · 0.0019)."""
    text = f"{x:,.4f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def average(x: float) -> str:
    """A computed average, three significant digits: 47.5 · 9.5 · 6.21 · 0.00111."""
    return f"{x:,.0f}" if x >= 1000 else f"{x:.3g}"


def signed(x: float) -> str:
    """A change with its sign and the as-written precision: +51.42 · −57.1."""
    text = number(abs(x))
    return ("+" if x > 0 else "−" if x < 0 else "±") + text


def bound_sign(bound: object) -> str:
    """'≥' for a lower bound, '≈' for an approximation, '' for an exact figure."""
    return BOUND_SIGNS.get(str(bound), "")


def bound_words(bound: object) -> str:
    """'at least ' for a lower bound, 'about ' for an approximation, '' for an exact figure."""
    return BOUND_WORDS.get(str(bound), "")


def mid_sentence(label: str) -> str:
    """A label as it reads inside a sentence: 'Budget revenue' -> 'budget revenue', but 'GDP growth' stays
    (a word in capitals is an abbreviation)."""
    label = str(label)
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def join_words(words: list[str]) -> str:
    """'Jiadi', 'Jiadi and Yidi', 'Jiadi, Yidi and Bingdi'."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def agree(items: list, singular: str, plural: str) -> str:
    """The verb or noun that agrees with a list: agree(['Jiadi'], 'gives', 'give') -> 'gives'."""
    return singular if len(items) == 1 else plural


def cardinal(n: int) -> str:
    """A small count in words ('six'), larger ones in digits ('13'): 'the six reports'."""
    return _CARDINALS[n] if 0 <= n < len(_CARDINALS) else f"{n:,}"


def figure_display(value, unit, bound) -> str:
    """A figure as a table cell shows it: '≥1,900 亿元', '5.6%', 'positive (正增长)', 'not reported'."""
    if str(bound) == "positive":
        return "positive (正增长)"
    if value is None or pd.isna(value):
        return "not reported"
    sign = bound_sign(bound)
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return f"{sign}{text}%" if unit == "%" else f"{sign}{text} {unit}"


def yi_yuan(value: float, bound: object = "exact") -> str:
    """An amount in 亿元 as a reader wants it: 'at least 1,900 亿元', '2.7 亿元'; under 1 亿元 in 万元."""
    if value < 1:
        text, unit = f"{value * 1e4:,.1f}".rstrip("0").rstrip("."), "万元"
    else:
        text, unit = number(value), "亿元"
    return f"{bound_words(bound)}{text} {unit}"


def stated_count(value: float, bound: object = "exact") -> str:
    """A stated count with its bound in words: 'at least 300', '14'."""
    return f"{bound_words(bound)}{int(value):,}"


def times(ratio: float, top_bound: object, other_bound: object) -> str:
    """'at least 21 times' when the larger amount is a lower bound, else 'about 22 times'."""
    if str(top_bound) == "at_least" and str(other_bound) == "exact":
        return f"at least {math.floor(ratio):,} times"
    return f"about {ratio:,.0f} times"
