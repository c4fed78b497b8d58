"""The curated tables as they stand: they pass the check, and every number written in every report is
accounted for. The reports are those of data/reports.csv, however many there are."""

from __future__ import annotations

import pytest

from conftest import DATA, read_csv, report_ids
from reportlib.curation.mentions import find_mentions
from reportlib.curation.verify import check


@pytest.fixture(scope="module")
def result(tables):
    return check(tables)


def test_project_data_passes_with_full_coverage(result):
    assert [str(p) for p in result.problems] == []
    assert {rid: tally.coverage for rid, tally in result.reports.items()} == {rid: 1.0 for rid in report_ids()}


def test_every_number_in_the_texts_is_counted(tables, result):
    for rid, text in tables.texts.items():
        assert result.reports[rid].mentions == len(find_mentions(rid, text)) > 0, rid


def test_every_report_has_curated_figures_and_its_raw_text():
    figures = {row["report"] for row in read_csv(DATA / "figures.csv")}
    for row in read_csv(DATA / "reports.csv"):
        assert row["id"] in figures, row["id"]
        assert (DATA / "raw" / row["raw_file"]).is_file(), row["raw_file"]
