"""The quantity parser and the number-mention finder, on real mentions and on generated ones."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conftest import DATA, read_csv
from reportlib.curation.mentions import find_mentions
from reportlib.curation.parse import (HEDGE_BOUNDS, LEXICAL_WORDS, MULTIPLIERS, PREFIX_BOUNDS, SUFFIX_BOUNDS, base_units,
                                      chinese_number, parse_quantity, read_mention, read_unit_words)

VOCAB_UNITS = {row["unit"] for row in read_csv(DATA / "vocab" / "units.csv")}


@pytest.mark.parametrize(
    "text, value, unit, bound",
    [
        ("87亿元", 87, "亿元", "exact"),
        ("1.74万人以上", 1.74, "万人", "at_least"),
        ("60余个", 60, "个", "at_least"),
        ("19余万元", 19, "万元", "at_least"),  # hedge before the multiplier
        ("2.1万余名", 2.1, "万名", "at_least"),  # hedge after the multiplier
        ("超3亿元", 3, "亿元", "at_least"),
        ("超过400万元", 400, "万元", "at_least"),
        ("不低于1600人", 1600, "人", "at_least"),
        ("5.6%", 5.6, "%", "exact"),
        ("1/5以上", 0.2, "ratio", "at_least"),
        ("2万平方米", 2, "万平方米", "exact"),
        ("5200余人次", 5200, "人次", "at_least"),
        ("2倍以上", 2, "倍", "at_least"),
        ("4500万美元", 4500, "万美元", "exact"),
        ("千亿", 1, "千亿", "exact"),
        # the expressions of issue 11, from real reports outside the five
        ("3.48 亿元", 3.48, "亿元", "exact"),  # a space before the unit
        ("-2.8%", -2.8, "%", "exact"),  # 比增-2.8%: the sign stays
        ("－2.8％", -2.8, "%", "exact"),  # full-width sign and per cent
        ("30余批次", 30, "批次", "at_least"),
        ("1.15亿美元", 1.15, "亿美元", "exact"),
        ("千亿元", 1, "千亿元", "exact"),
        ("12万人次", 12, "万人次", "exact"),
        # Chinese numerals with a unit
        ("两个", 2, "个", "exact"),
        ("十余个", 10, "个", "at_least"),
        ("三年", 3, "年", "exact"),
        ("四大", 4, "大", "exact"),  # 四大片区
        ("二十三个", 23, "个", "exact"),
        ("一百零五名", 105, "名", "exact"),
        ("三千亿元", 3000, "亿元", "exact"),
        ("近两万人", 2, "万人", "about"),
        ("十多万元", 10, "万元", "at_least"),
    ],
)
def test_real_mentions(text, value, unit, bound):
    quantity = parse_quantity(text)
    assert quantity.value == pytest.approx(value)
    assert (quantity.unit, quantity.bound) == (unit, bound)
    assert unit in VOCAB_UNITS  # every unit the parser gives for these is a vocabulary word


@pytest.mark.parametrize(
    "text, kind",
    [
        ("2025-01-27", "date"),
        ("2025/1/27", "date"),
        ("2024年1月7日", "date"),
        ("1月7日", "date"),
        ("2024年1—11月", "date"),
        ("1-11月", "date"),
        ("2024—2027年", "date"),
        ("2024年", "date"),
        ("一季度", "date"),
        ("12:31", "time"),
        ("08:05:59", "time"),
        ("001008004005089/2025", "identifier"),
        ("0531-88889999", "identifier"),
        ("13800138000", "identifier"),
    ],
)
def test_dates_times_and_identifiers_are_one_mention_each(text, kind):
    assert read_mention(text).kind == kind
    [mention] = find_mentions("test", f"发布于{text}。")
    assert (mention.kind, mention.text, mention.quantity) == (kind, text, None)
    with pytest.raises(ValueError, match=kind):
        parse_quantity(text)


def test_qualitative_growth_has_no_value():
    quantity = parse_quantity("正增长")
    assert quantity.value is None and quantity.bound == "positive"


@pytest.mark.parametrize("text", ["两个底线", "亿元", "87亿元。", "三大集群", "", "一般", "第三个"])
def test_non_quantities_are_refused(text):
    with pytest.raises(ValueError):
        parse_quantity(text)


def test_longer_units_win():
    # 个百分点 must not parse as 个 followed by text, 人次 not as 人, 批次 not as 批
    assert parse_quantity("3个百分点").unit == "个百分点"
    assert parse_quantity("12人次").unit == "人次"
    assert parse_quantity("30批次").unit == "批次"


def test_units_come_from_the_vocabulary(data_copy):
    # a unit added to data/vocab/units.csv is found and parsed, with no change to the code
    with open(data_copy / "vocab" / "units.csv", "a", encoding="utf-8") as f:
        f.write("艘,艘,1,count,ships\n")
    assert "艘" in read_unit_words(data_copy) and "艘" not in read_unit_words(DATA)
    assert parse_quantity("3艘", data_copy).unit == "艘"
    [mention] = find_mentions("test", "新增船舶3艘。", data_copy)
    assert mention.text == "3艘"
    assert [m.text for m in find_mentions("test", "新增船舶3艘。")] == ["3"]


@pytest.mark.parametrize(
    "sentence, found",
    [
        ("实现营收3.48 亿元,比增-2.8%", [("3.48 亿元", 3.48, "亿元"), ("-2.8%", -2.8, "%")]),
        ("开展活动30余批次,服务12万人次", [("30余批次", 30, "批次"), ("12万人次", 12, "万人次")]),
        ("打造千亿元产业集群", [("千亿元", 1, "千亿元")]),
        ("实际使用外资1.15亿美元", [("1.15亿美元", 1.15, "亿美元")]),
        ("守好两个底线,建成十余个驿站,用三年时间推进四大片区改造", [
            ("两个", 2, "个"), ("十余个", 10, "个"), ("三年", 3, "年"), ("四大", 4, "大")]),
        ("会展中心A-1项目", [("1项", 1, "项")]),  # a hyphen after a letter is no minus sign
        ("召开第十九届人民代表大会第四次会议,一起推进一体化", []),  # ordinals and words are no quantities
    ],
)
def test_finder_on_real_expressions(sentence, found):
    mentions = find_mentions("test", sentence)
    assert [(m.text, m.quantity.value, m.quantity.unit) for m in mentions] == found


def test_finder_on_a_real_sentence():
    sentence = "2024年1—11月,一般公共预算收入达到9.58亿元,同比增长115.41%"
    found = [(m.text, m.kind) for m in find_mentions("test", sentence)]
    assert found == [("2024年1—11月", "date"), ("9.58亿元", "quantity"), ("115.41%", "quantity")]


def test_a_document_page_header():
    # the header of a government web page: a date, a time and an index number, one mention each
    text = "发布日期:2025-01-27 12:31 索引号:001008004005089/2025 浏览次数:"
    assert [(m.text, m.kind) for m in find_mentions("test", text)] == [
        ("2025-01-27", "date"), ("12:31", "time"), ("001008004005089/2025", "identifier")]


# --- generated quantities ------------------------------------------------------------------------

UNITS = [u for u in base_units(read_unit_words()) if u != "％"]
numbers = st.one_of(
    st.integers(min_value=0, max_value=10**7).map(str),
    st.tuples(st.integers(0, 99999), st.integers(1, 99)).map(lambda t: f"{t[0]}.{t[1]}"),
)
signs = st.sampled_from(["", "-"])
prefixes = st.sampled_from([""] + list(PREFIX_BOUNDS))
hedges = st.sampled_from([""] + list(HEDGE_BOUNDS))
multipliers = st.sampled_from([""] + list(MULTIPLIERS))
units = st.sampled_from(UNITS)
suffixes = st.sampled_from([""] + list(SUFFIX_BOUNDS))
spaces = st.sampled_from(["", " ", "\u3000"])

BOUNDS = {**PREFIX_BOUNDS, **HEDGE_BOUNDS, **SUFFIX_BOUNDS}


def is_date(number: str, unit: str) -> bool:
    """The bare forms the codebook reads as dates, not quantities: a year 19xx/20xx年, a quarter 1-4季度."""
    return (unit == "年" and re.fullmatch(r"(19|20)\d\d", number) is not None
            or unit == "季度" and number in ("1", "2", "3", "4", "一", "二", "三", "四"))


def expected_bound(*qualifiers: str) -> str:
    bound = "exact"
    for q in qualifiers:
        if q:
            bound = BOUNDS[q]
    return bound


@given(prefixes, signs, numbers, hedges, multipliers, spaces, units, suffixes)
def test_generated_quantities_round_trip(prefix, sign, number, hedge, multiplier, space, unit, suffix):
    assume(not (is_date(number, unit) and not (prefix or sign or hedge or multiplier or suffix)))
    text = f"{prefix}{sign}{number}{hedge}{multiplier}{space}{unit}{suffix}"
    quantity = parse_quantity(text)
    assert quantity.value == pytest.approx(float(sign + number))
    assert quantity.unit == multiplier + unit
    assert quantity.bound == expected_bound(prefix, hedge, suffix)


DIGIT_NAMES = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Write 1 ≤ n ≤ 9999 in Chinese numerals, as reports do (十二, not 一十二; 一百零五)."""
    parts, zero = [], False
    for power, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // power % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(("" if (power == 10 and digit == 1 and not parts) else DIGIT_NAMES[digit]) + name)
    return "".join(parts)


@given(st.integers(1, 9999))
def test_chinese_numerals_read_back(n):
    assert chinese_number(to_chinese(n)) == n


@given(prefixes, st.integers(1, 9999), hedges, st.sampled_from(["", "万", "亿"]), units, suffixes)
def test_generated_chinese_quantities(prefix, n, hedge, multiplier, unit, suffix):
    assume(not (is_date(to_chinese(n), unit) and not (prefix or hedge or multiplier or suffix)))
    text = f"{prefix}{to_chinese(n)}{hedge}{multiplier}{unit}{suffix}"
    quantity = parse_quantity(text)
    assert quantity.value == n
    assert quantity.unit == multiplier + unit
    assert quantity.bound == expected_bound(prefix, hedge, suffix)


# Text around a mention: CJK words with no digits, numerals, units or qualifiers.
filler = st.text(alphabet="的项目建设推进发展城市街道工作服务", min_size=1, max_size=12)


@given(filler, signs, numbers, spaces, units, filler)
def test_finder_reports_the_number_where_it_stands(left, sign, number, space, unit, right):
    assume(not (is_date(number, unit) and not sign))
    text = f"{left}，{sign}{number}{space}{unit}，{right}"
    [mention] = find_mentions("test", text)
    assert mention.start == len(left) + 1
    assert text[mention.start : mention.end] == f"{sign}{number}{space}{unit}"
    assert mention.quantity.value == pytest.approx(float(sign + number))
    # the finder and the parser agree: the check parses the mention the curator copies
    assert parse_quantity(mention.text) == mention.quantity


@given(filler, st.integers(1, 9999), units, filler)
def test_finder_reports_chinese_numerals_where_they_stand(left, n, unit, right):
    assume(not any(f"{to_chinese(n)}{unit}，".startswith(word) for word in LEXICAL_WORDS))  # 一起 'together'
    assume(not is_date(to_chinese(n), unit))
    text = f"{left}，{to_chinese(n)}{unit}，{right}"
    [mention] = find_mentions("test", text)
    assert mention.start == len(left) + 1
    assert mention.quantity.value == n and mention.quantity.unit == unit
    assert parse_quantity(mention.text) == mention.quantity


years, months, days = st.integers(1990, 2039), st.integers(1, 12), st.integers(1, 28)


@given(filler, years, months, days, st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}年{m}月{d}日", "{y}年{m}月", "{m}月{d}日"]), filler)
def test_generated_dates_are_one_mention(left, y, m, d, form, right):
    date = form.format(y=y, m=m, d=d)
    [mention] = find_mentions("test", f"{left}，{date}，{right}")
    assert (mention.kind, mention.text, mention.start) == ("date", date, len(left) + 1)


def test_every_mention_of_the_texts_reads_back_as_the_finder_read_it():
    """The check parses a curated mention on its own (whitespace removed); it must read what the finder read."""
    from reportlib.curation.load import load_all
    from reportlib.curation.textmatch import squeeze

    for rid, text in load_all().texts.items():
        for m in find_mentions(rid, text):
            reading = read_mention(squeeze(m.text))
            assert (reading.kind, reading.quantity and reading.quantity.value, reading.quantity and reading.quantity.unit) == (
                m.kind, m.quantity and m.quantity.value, m.quantity and m.quantity.unit), (rid, m.text)
