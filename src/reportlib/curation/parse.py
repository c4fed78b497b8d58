"""Parse the quantity expressions of these reports: 87亿元, 60余个, 1.74万人以上, 超3亿元, 5.6%,
比增-2.8%, 3.48 亿元, 两个, 十余个, 千亿元; and recognise the numbers that are not quantities
(dates 2025-01-27 and 2024年1月7日, times 12:31, identifiers 001008004005089/2025) as one
mention each.

Why our own parser: cn2an returns the real mentions (1.74万人, 60余个, 千亿规模, 2万平方米) unchanged
with a warning, converting only bare numbers and pure Chinese numerals; JioNLP's parse_money reads
hedged money (约, 逾, 近) but not percentages or the words around an amount, and mis-reads full-width
digits. A small grammar parses all of them and tells us exactly which qualifier set the bound.
The units come from the vocabulary (data/vocab/units.csv): one home for the units, so a
unit added there is found, parsed and checked everywhere.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlib.curation.paths import data_dir

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
# Scales that stand for a quantity on their own (千亿规模, 千亿元: a hundred billion), value 1.
SCALES = ("千亿", "万亿")

RATIO = "ratio"  # the unit of a fraction written a/b (1/5); in the vocabulary, never written in a text
QUALITATIVE = {"正增长": "positive"}

# Chinese numerals: digits and the powers below 万 (万 and 亿 are multipliers, as after digits).
CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                  "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_POWERS = {"十": 10, "百": 100, "千": 1000}
# Characters that, right before a Chinese numeral, make it part of another word: an ordinal
# (第三季度, 第十九届: 九 is not a number of its own), an indefinite (数千, 几十), or a word that
# ends in a numeral (统一, 唯一, 万一, 之一).
NOT_BEFORE_NUMERAL = "第数几统唯万之逐专同单零〇一二两三四五六七八九十百千"

# Words that begin with a numeral and a unit but are not quantities (一起 'together', 一次性 'one-off',
# 一条龙 'one-stop'); only words whose second character is a unit need listing. Kept here, next to the
# grammar they correct.
LEXICAL_WORDS = ("一起", "一次性", "一条龙", "一张图", "一件事", "一户一", "一村一", "一年一度", "一家人", "一米阳光")

_DIGITS = "0-9０-９"
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％－＋：／", "0123456789.%-+:/")
_SPACE = r"[ \t\u3000\u00a0]*"
_DASH = "[-—–~～至到－]"


@dataclass(frozen=True)
class Quantity:
    """One parsed number: its value as written, the unit as written (multiplier included) and its bound."""

    value: float | None
    unit: str
    bound: str
    qualifier: str  # the words that set the bound, '' when exact
    text: str


@dataclass(frozen=True)
class Reading:
    """What a number mention is: kind 'quantity' (with its Quantity), or 'date', 'time', 'identifier'."""

    kind: str
    quantity: Quantity | None


def read_unit_words(folder: Path | str | None = None) -> tuple[str, ...]:
    """The units of data/vocab/units.csv as they stand in a text (every unit but 'ratio'), longest first."""
    path = Path(folder if folder is not None else data_dir()) / "vocab" / "units.csv"
    stat = path.stat()
    return _unit_words(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _unit_words(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    """Read once per version of the file (the modification time and size are part of the cache key)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        words = [row["unit"].strip() for row in csv.DictReader(f)]
    return tuple(sorted((w for w in words if w and w != RATIO), key=len, reverse=True))


def base_units(unit_words: tuple[str, ...]) -> tuple[str, ...]:
    """The units without their multiplier (亿元 → 元, 万人次 → 人次), longest first, full-width % added."""
    bases = set()
    for word in unit_words:
        for multiplier in MULTIPLIERS:
            if word.startswith(multiplier) and len(word) > len(multiplier):
                word = word[len(multiplier):]
                break
        if word not in MULTIPLIERS:
            bases.add(word)
    if "%" in bases:
        bases.add("％")
    return tuple(sorted(bases, key=lambda u: (-len(u), u)))


class Grammar:
    """The compiled patterns for one unit vocabulary: the finder's and the parser's single source."""

    def __init__(self, unit_words: tuple[str, ...]):
        self.unit_words = unit_words
        self.units = base_units(unit_words)
        unit = "|".join(re.escape(u) for u in self.units)
        mult = "|".join(MULTIPLIERS)
        prefix = "|".join(PREFIX_BOUNDS)
        suffix = "|".join(SUFFIX_BOUNDS)
        hedge = "|".join(HEDGE_BOUNDS)
        d = f"[{_DIGITS}]"
        year = f"(?:19|20|１９|２０){d}{{2}}"
        month, day = f"{d}{{1,2}}", f"{d}{{1,2}}"
        sep = "[-/.．／－]"
        iso = rf"{year}(?P<s1>{sep}){month}(?P=s1){day}(?![{_DIGITS}])"
        # 2024年1月7日, 2024年1—11月, 1月7日, 1—11月, 2024—2027年, 2024年, 一季度 (a year is a date; 3年 a duration)
        sp = _SPACE  # the layout may put a space anywhere in a date, as between a number and its unit
        months = rf"{month}(?:{_DASH}{month})?{sp}月(?:份)?(?:{sp}{day}(?:{_DASH}{day})?{sp}[日号])?"
        quarter = f"(?<![第每])[一二三四1-4１-４]{sp}季度"
        cn_date = (rf"{year}(?:{_DASH}{year})?{sp}年(?:{sp}(?:{months}|{quarter}))?|{quarter}"
                   rf"|{month}{sp}月{sp}{day}{sp}[日号]"
                   rf"|{month}{_DASH}{month}{sp}月")
        time = rf"(?<![{_DIGITS}]){d}{{1,2}}[:：]{d}{{2}}(?:[:：]{d}{{2}})?(?![{_DIGITS}])"
        run = f"{d}+"
        identifier = (rf"(?<![{_DIGITS}])(?:{run}(?:[-/_－／]{run})*[-/_－／]{d}{{6,}}(?:[-/_－／]{run})*"
                      rf"|{d}{{6,}}(?:[-/_－／]{run})+|{d}{{11,}})(?![{_DIGITS}.．])")
        sign = rf"(?:(?<![{_DIGITS}A-Za-z.．)）])[-−－+＋])?"
        number = rf"{sign}{d}+(?:[.．]{d}+)?(?:[/／]{d}+)?"
        numeral = "[零〇一二两三四五六七八九十百千]+"
        digits_quantity = (
            rf"(?P<d_prefix>{prefix})?(?P<d_number>{number})"
            rf"(?P<d_hedge1>{hedge})?(?:{_SPACE}(?P<d_mult>{mult}))?(?P<d_hedge2>{hedge})?"
            rf"(?:{_SPACE}(?P<d_unit>{unit}))?(?P<d_suffix>{suffix})?"
        )
        chinese_quantity = (
            rf"(?P<c_prefix>{prefix})?(?<![{NOT_BEFORE_NUMERAL}])"
            rf"(?:(?P<c_scale>{'|'.join(SCALES)})(?P<c_scale_unit>{unit})?"
            rf"|(?P<c_number>{numeral})"
            rf"(?P<c_hedge1>{hedge})?(?P<c_mult>{mult})?(?P<c_hedge2>{hedge})?(?P<c_unit>{unit}))"
            rf"(?P<c_suffix>{suffix})?"
        )
        self.pattern = re.compile(
            rf"(?P<identifier>{identifier})|(?P<date>{iso}|{cn_date})|(?P<time>{time})"
            rf"|(?P<digits>{digits_quantity})|(?P<chinese>{chinese_quantity})"
        )
        self._lexical = re.compile("|".join(re.escape(w) for w in sorted(LEXICAL_WORDS, key=len, reverse=True)))

    def is_lexical(self, text: str, start: int) -> bool:
        """Does a word such as 一起 (together) begin at `start`: a numeral that is no quantity."""
        return bool(self._lexical.match(text, start))

    def read(self, match: re.Match) -> Reading:
        """What a match of `pattern` is."""
        for kind in ("identifier", "date", "time"):
            if match.group(kind) is not None:
                return Reading(kind, None)
        return Reading("quantity", _quantity(match))

    def number_start(self, match: re.Match) -> int:
        """Offset of the first character of the number itself (after any qualifier such as 超)."""
        for group in ("d_number", "c_scale", "c_number"):
            if match.group(group) is not None:
                return match.start(group)
        return match.start()


def _to_number(digits: str) -> float:
    digits = digits.translate(_FULLWIDTH).replace("−", "-")
    if "/" in digits:
        numerator, denominator = digits.split("/")
        sign = -1 if numerator.startswith("-") else 1
        return sign * int(numerator.lstrip("+-")) / int(denominator)
    return float(digits)


def chinese_number(numeral: str) -> int:
    """The value of a Chinese numeral below 万: 两 → 2, 十 → 10, 十二 → 12, 二十三 → 23, 一百零五 → 105, 三千 → 3000."""
    total, digit = 0, None
    for ch in numeral:
        if ch in CHINESE_DIGITS:
            if digit is not None and CHINESE_DIGITS[ch] and digit:
                raise ValueError(f"not a Chinese numeral: {numeral!r}")
            digit = CHINESE_DIGITS[ch]
        elif ch in CHINESE_POWERS:
            total += (1 if digit is None else digit) * CHINESE_POWERS[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {numeral!r}")
    return total + (digit or 0)


def _quantity(match: re.Match) -> Quantity:
    """Build a Quantity from the digits or chinese alternative of a Grammar match."""
    parts = match.groupdict()
    p = "d_" if parts["digits"] is not None else "c_"
    qualifiers = [q for q in (parts[p + "prefix"], parts[p + "hedge1"], parts[p + "hedge2"], parts[p + "suffix"]) if q]
    bound = "exact"
    for q in qualifiers:
        bound = PREFIX_BOUNDS.get(q) or SUFFIX_BOUNDS.get(q) or HEDGE_BOUNDS.get(q) or bound
    if p == "c_" and parts["c_scale"]:
        value, unit = 1.0, parts["c_scale"] + (parts["c_scale_unit"] or "")
    else:
        unit = (parts[p + "mult"] or "") + (parts[p + "unit"] or "")
        if p == "d_":
            value = _to_number(parts["d_number"])
            if "/" in parts["d_number"].translate(_FULLWIDTH) and not unit:
                unit = RATIO
        else:
            value = float(chinese_number(parts["c_number"]))
    return Quantity(value=value, unit=unit.translate(_FULLWIDTH), bound=bound,
                    qualifier="".join(qualifiers), text=match.group(0))


@lru_cache(maxsize=16)
def _grammar(unit_words: tuple[str, ...]) -> Grammar:
    return Grammar(unit_words)


def grammar(folder: Path | str | None = None) -> Grammar:
    """The grammar of a data folder's unit vocabulary (default: the project's data/)."""
    return _grammar(read_unit_words(folder))


def read_mention(text: str, folder: Path | str | None = None) -> Reading:
    """Read a whole mention: a quantity, a date, a time or an identifier; ValueError when it is none.

    Whitespace inside the mention (3.48 亿元) is allowed, as the finder allows it.
    """
    text = text.strip()
    if text in QUALITATIVE:
        return Reading("quantity", Quantity(value=None, unit="", bound=QUALITATIVE[text], qualifier=text, text=text))
    match = grammar(folder).pattern.fullmatch(text)
    if not match:
        raise ValueError(f"not a quantity: {text!r}")
    return grammar(folder).read(match)


def parse_quantity(text: str, folder: Path | str | None = None) -> Quantity:
    """Parse a whole mention such as '60余个', '超3亿元', '十余个' or '-2.8%'; raise ValueError
    when it is not one quantity (a date, a time and an identifier are not quantities).

    A bare scale such as 千亿 (千亿规模) parses as 1 of unit 千亿; 正增长 parses as a
    qualitative bound with no value.
    """
    reading = read_mention(text, folder)
    if reading.quantity is None:
        raise ValueError(f"not a quantity but a {reading.kind}: {text.strip()!r}")
    return reading.quantity
