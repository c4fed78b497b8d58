"""Parse the quantity expressions of these reports: 87亿元, 60余个, 1.74万人以上, 超3亿元, 5.6%.

Why our own parser: cn2an returns the real mentions (1.74万人, 60余个, 千亿规模, 2万平方米) unchanged
with a warning, converting only bare numbers and pure Chinese numerals; JioNLP's parse_money reads
hedged money (约, 逾, 近) but not percentages or the words around an amount, and mis-reads full-width
digits. A small grammar parses all of them and tells us exactly which qualifier set the bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Qualifiers that make a number a bound rather than an exact value.
# Order matters: longer words first, so 超过 wins over 超.
PREFIX_BOUNDS = {
    "不低于": "at_least",
    "不少于": "at_least",
    "超过": "at_least",
    "至少": "at_least",
    "超": "at_least",
    "逾": "at_least",
    "约": "about",
    "近": "about",
}
SUFFIX_BOUNDS = {"以上": "at_least", "左右": "about"}
HEDGE_BOUNDS = {"余": "at_least", "多": "at_least"}

# 千亿/万亿 before 万/亿 so the longest multiplier is taken.
MULTIPLIERS = {"千亿": 1e11, "万亿": 1e12, "亿": 1e8, "万": 1e4}

# Units as they stand after a number in these texts, longest first
# (个百分点 before 个, 平方米 before 米, 人次 before 人, 场次 before 场).
UNITS = (
    "个百分点", "平方米", "万美元", "美元", "人次", "场次", "公里", "小时", "分钟", "季度",
    "元", "%", "％", "个", "项", "家", "处", "套", "户", "亩", "吨", "米", "人", "名", "张",
    "辆", "次", "期", "场", "件", "条", "座", "所", "类", "起", "班", "批", "村", "年", "月",
    "日", "号", "天", "倍", "届", "轮",
)

QUALITATIVE = {"正增长": "positive"}

_DIGITS = "0-9０-９"
_NUMBER = rf"(?P<number>[{_DIGITS}]+(?:[.．][{_DIGITS}]+)?(?:/[{_DIGITS}]+)?)"
_HEDGE = "余|多"
_MULT = "|".join(MULTIPLIERS)
_UNIT = "|".join(re.escape(u) for u in UNITS)
_PREFIX = "|".join(PREFIX_BOUNDS)
_SUFFIX = "|".join(SUFFIX_BOUNDS)

QUANTITY_PATTERN = re.compile(
    rf"(?P<prefix>{_PREFIX})?"
    rf"{_NUMBER}"
    rf"(?P<hedge1>{_HEDGE})?"
    rf"(?P<multiplier>{_MULT})?"
    rf"(?P<hedge2>{_HEDGE})?"
    rf"(?P<unit>{_UNIT})?"
    rf"(?P<suffix>{_SUFFIX})?"
)

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")


@dataclass(frozen=True)
class Quantity:
    """One parsed number: its value as written, the unit as written (multiplier included) and its bound."""

    value: float | None
    unit: str
    bound: str
    qualifier: str  # the words that set the bound, '' when exact
    text: str


def _to_number(digits: str) -> float:
    digits = digits.translate(_FULLWIDTH)
    if "/" in digits:
        numerator, denominator = digits.split("/")
        return int(numerator) / int(denominator)
    return float(digits)


def quantity_from_match(match: re.Match) -> Quantity:
    """Build a Quantity from a QUANTITY_PATTERN match."""
    parts = match.groupdict()
    qualifiers = [q for q in (parts["prefix"], parts["hedge1"], parts["hedge2"], parts["suffix"]) if q]
    bound = "exact"
    for q in qualifiers:
        bound = PREFIX_BOUNDS.get(q) or SUFFIX_BOUNDS.get(q) or HEDGE_BOUNDS.get(q) or bound
    unit = (parts["multiplier"] or "") + (parts["unit"] or "")
    if "/" in parts["number"] and not unit:
        unit = "ratio"
    return Quantity(
        value=_to_number(parts["number"]),
        unit=unit.translate(_FULLWIDTH),
        bound=bound,
        qualifier="".join(qualifiers),
        text=match.group(0),
    )


def parse_quantity(text: str) -> Quantity:
    """Parse a whole mention such as '60余个' or '超3亿元'; raise ValueError when it is not one quantity.

    A bare multiplier scale such as 千亿 (千亿规模) parses as 1 of unit 千亿; 正增长 parses as a
    qualitative bound with no value.
    """
    text = text.strip()
    if text in QUALITATIVE:
        return Quantity(value=None, unit="", bound=QUALITATIVE[text], qualifier=text, text=text)
    if text in MULTIPLIERS:
        return Quantity(value=1.0, unit=text, bound="exact", qualifier="", text=text)
    match = QUANTITY_PATTERN.fullmatch(text)
    if not match:
        raise ValueError(f"not a quantity: {text!r}")
    return quantity_from_match(match)
