"""The scheduling hint (pipeline/timings.py): the longest jobs of the last run start first, and a
missing or broken hint only means reading order, never an error."""

from __future__ import annotations

from reportlib.pipeline import timings


def test_the_longest_last_time_start_first_and_unknown_ones_keep_their_order():
    names = ["a", "b", "c", "d", "e"]
    hints = {"c": 9.0, "e": 2.5, "a": 1.0}
    assert [names[i] for i in timings.longest_first(names, hints)] == ["c", "e", "a", "b", "d"]
    assert timings.longest_first(names, {}) == [0, 1, 2, 3, 4]


def test_a_hint_is_remembered_and_merged(tmp_path):
    timings.update(tmp_path, {"notebook 01.ipynb": 3.14159})
    timings.update(tmp_path, {"chart x": 1.0})
    assert timings.read(tmp_path) == {"notebook 01.ipynb": 3.1, "chart x": 1.0}


def test_a_missing_or_broken_hint_reads_as_none(tmp_path):
    assert timings.read(tmp_path) == {}
    (tmp_path / timings.HINTS).parent.mkdir()
    for text in ("", "{not json", "[1, 2]", '{"a": "slow"}'):
        (tmp_path / timings.HINTS).write_text(text, encoding="utf-8")
        assert timings.read(tmp_path) == {}


def test_an_unwritable_hint_is_not_an_error(tmp_path):
    (tmp_path / ".cache").write_text("a file where the folder should be", encoding="utf-8")
    timings.update(tmp_path, {"chart x": 1.0})  # no exception
    assert timings.read(tmp_path) == {}
