"""Finding a quote in a page laid out with spaces and line breaks: offsets into the raw text, worked by hand."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reportlib.curation.textmatch import LayoutText, occurrences_in, squeeze


def test_squeeze_drops_every_kind_of_whitespace_and_nothing_else():
    assert squeeze("总 投资\u300087\n\n亿元\t,\u00a0争取") == "总投资87亿元,争取"
    assert squeeze("87亿元，") == "87亿元，"  # full-width punctuation is not whitespace


def test_raw_span_reaches_through_layout_whitespace():
    raw = "项目投资\n\n110万元的 孟氏故居"
    #      0123 4 5 6789...      offsets: 投=2 资=3 \n=4 \n=5 1=6 1=7 0=8 万=9 元=10 的=11 ' '=12 孟=13
    layout = LayoutText.of(raw)
    [start] = layout.occurrences("投资110万元")
    assert start == 2  # in the squeezed text 项目投资110万元…
    assert layout.raw_span(start, len("投资110万元")) == (2, 11)
    assert raw[2:11] == "投资\n\n110万元"
    [start] = layout.occurrences("的孟氏")
    assert layout.raw_span(start, 3) == (11, 15) and raw[11:15] == "的 孟氏"


def test_a_quote_with_its_own_line_breaks_is_found_where_the_page_has_none():
    layout = LayoutText.of("新开工项目57个以上。")
    assert layout.occurrences("新开工\n项目 57个") == [0]


def test_overlapping_occurrences_are_all_found():
    layout = LayoutText.of("增长3%增长3%增 长3%")
    assert layout.occurrences("增长3%") == [0, 4, 8]
    assert LayoutText.of("aaaa").occurrences("aa") == [0, 1, 2]
    assert occurrences_in("12 12 1 2", "1212") == [0, 2]


def test_nothing_is_found_for_an_empty_or_absent_quote():
    layout = LayoutText.of("总投资87亿元")
    assert layout.occurrences("") == [] and layout.occurrences(" \n") == []
    assert layout.occurrences("78亿元") == []


words = st.text(alphabet="投资项目亿元12,", min_size=1, max_size=8)
spaces = st.text(alphabet=" \n\t\u3000", max_size=3)


@given(st.lists(st.tuples(words, spaces), min_size=1, max_size=6), st.data())
def test_the_raw_span_of_any_occurrence_squeezes_back_to_the_quote(parts, data):
    raw = "".join(w + s for w, s in parts)
    layout = LayoutText.of(raw)
    squeezed = squeeze(raw)
    start = data.draw(st.integers(0, len(squeezed) - 1))
    length = data.draw(st.integers(1, len(squeezed) - start))
    quote = squeezed[start:start + length]
    assert start in layout.occurrences(quote)
    a, b = layout.raw_span(start, length)
    assert squeeze(raw[a:b]) == quote
    assert not raw[a].isspace() and not raw[b - 1].isspace()  # the span starts and ends on a character of the quote
