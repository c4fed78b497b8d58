"""Period codes: every format the codebook allows, the errors a curator gets, and the order they sort in.

Expected labels and months are worked out by hand from the format description in periods.py's docstring.
"""

from __future__ import annotations

import random

import pytest

from reportlib.curation.periods import parse_period


@pytest.mark.parametrize(("code", "start", "end", "label"), [
    ("2024", (2024, 1), (2024, 12), "2024"),
    ("2024-01/2024-11", (2024, 1), (2024, 11), "Jan–Nov 2024"),
    ("2024-01/2024-06", (2024, 1), (2024, 6), "H1 2024"),
    ("2024-07/2024-12", (2024, 7), (2024, 12), "H2 2024"),
    ("2024-03/2024-03", (2024, 3), (2024, 3), "Mar–Mar 2024"),
    ("2023-10/2024-02", (2023, 10), (2024, 2), "Oct 2023–Feb 2024"),
    ("2024/2027", (2024, 1), (2027, 12), "2024–2027"),
    ("../2024", None, (2024, 12), "cumulative to 2024"),
    ("undated", None, None, "no period stated"),
])
def test_every_format_parses_to_its_months_and_label(code, start, end, label):
    period = parse_period(code)
    assert (period.code, period.start, period.end, period.label) == (code, start, end, label)


@pytest.mark.parametrize(("code", "says"), [
    ("2024-13/2024-12", "out of range"),
    ("2024-00/2024-05", "out of range"),
    ("2024-11/2024-01", "out of order"),
    ("2025-01/2024-12", "out of order"),
    ("2027/2024", "out of order"),
    ("2024/2024", "out of order"),
    ("24", "use 2024, 2024-01/2024-11, 2024/2027, ../2024 or undated"),
    ("2024年", "not a period"),
    ("2024-1/2024-11", "not a period"),
    (" 2024", "not a period"),
    ("Undated", "not a period"),
    ("", "not a period"),
])
def test_a_bad_code_is_refused_with_the_code_and_what_is_wrong(code, says):
    with pytest.raises(ValueError) as info:
        parse_period(code)
    assert says in str(info.value) and repr(code) in str(info.value)


def test_periods_sort_by_when_they_end_then_by_when_they_start():
    # by hand: a period is over when its last month is; of two that end together, the open one
    # (cumulative) first, then the longer one; undated after everything
    expected = ["2023", "2023-10/2024-02", "2024-01/2024-06", "2024-01/2024-11", "../2024", "2023/2024",
                "2024", "2024-07/2024-12", "2025", "2024/2027", "undated"]
    shuffled = expected[:]
    random.Random(0).shuffle(shuffled)
    assert sorted(shuffled, key=lambda code: parse_period(code).sort_key) == expected


def test_a_part_of_a_year_sorts_before_the_whole_year_it_belongs_to():
    for month in range(1, 12):
        assert parse_period(f"2024-01/2024-{month:02d}").sort_key < parse_period("2024").sort_key
    assert parse_period("2024-01/2024-12").sort_key == parse_period("2024").sort_key
