"""The quantity parser and the number-mention finder, on the real mentions and on generated ones."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportlib.curation.mentions import find_mentions
from reportlib.curation.parse import HEDGE_BOUNDS, MULTIPLIERS, PREFIX_BOUNDS, SUFFIX_BOUNDS, UNITS, parse_quantity


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
    ],
)
def test_real_mentions(text, value, unit, bound):
    quantity = parse_quantity(text)
    assert quantity.value == pytest.approx(value)
    assert (quantity.unit, quantity.bound) == (unit, bound)


def test_qualitative_growth_has_no_value():
    quantity = parse_quantity("正增长")
    assert quantity.value is None and quantity.bound == "positive"


@pytest.mark.parametrize("text", ["两个底线", "亿元", "87亿元。", "三大集群", ""])
def test_non_quantities_are_refused(text):
    with pytest.raises(ValueError):
        parse_quantity(text)


def test_longer_units_win():
    # 个百分点 must not parse as 个 followed by text, 人次 not as 人
    assert parse_quantity("3个百分点").unit == "个百分点"
    assert parse_quantity("12人次").unit == "人次"


numbers = st.one_of(
    st.integers(min_value=0, max_value=10**7).map(str),
    st.tuples(st.integers(0, 99999), st.integers(1, 99)).map(lambda t: f"{t[0]}.{t[1]}"),
)
prefixes = st.sampled_from([""] + list(PREFIX_BOUNDS))
hedges = st.sampled_from([""] + list(HEDGE_BOUNDS))
multipliers = st.sampled_from([""] + list(MULTIPLIERS))
units = st.sampled_from([u for u in UNITS if u not in ("％",)])
suffixes = st.sampled_from([""] + list(SUFFIX_BOUNDS))


@given(prefixes, numbers, hedges, multipliers, units, suffixes)
def test_generated_quantities_round_trip(prefix, number, hedge, multiplier, unit, suffix):
    text = f"{prefix}{number}{hedge}{multiplier}{unit}{suffix}"
    quantity = parse_quantity(text)
    assert quantity.value == pytest.approx(float(number))
    assert quantity.unit == multiplier + unit
    qualifiers = [q for q in (prefix, hedge, suffix) if q]
    expected = "exact"
    for q in qualifiers:
        expected = {**PREFIX_BOUNDS, **HEDGE_BOUNDS, **SUFFIX_BOUNDS}[q]
    assert quantity.bound == expected


# Text around a mention: CJK words with no digits and no unit/qualifier characters at the edges.
filler = st.text(alphabet="的项目建设推进发展城市街道工作服务", min_size=1, max_size=12)


@given(filler, numbers, units, filler)
def test_finder_reports_the_number_where_it_stands(left, number, unit, right):
    text = f"{left}，{number}{unit}，{right}"
    [mention] = find_mentions("test", text)
    assert mention.start == len(left) + 1
    assert text[mention.start : mention.end] == f"{number}{unit}"
    assert mention.quantity.value == pytest.approx(float(number))


def test_finder_on_a_real_sentence():
    sentence = "2024年1—11月,一般公共预算收入达到9.58亿元,同比增长115.41%"
    found = [(m.text, m.quantity.unit) for m in find_mentions("test", sentence)]
    assert found == [("2024年", "年"), ("1", ""), ("11月", "月"), ("9.58亿元", "亿元"), ("115.41%", "%")]
