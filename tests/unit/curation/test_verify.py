"""The verifier on copies of the project's data broken in the ways curators break them.

Rows are found by what they say (their mention or quote), never by a report id; the project data as it
stands is checked in tests/data/test_curated.py."""

from __future__ import annotations


from conftest import edit_row, read_csv, write_csv
from reportlib.curation.load import load_all
from reportlib.curation.verify import check


def test_a_missed_qualifier_is_caught(data_copy):
    rows = read_csv(data_copy / "figures.csv")
    index = next(i for i, r in enumerate(rows) if r["mention"] == "60余个")
    edit_row(data_copy / "figures.csv", index, bound="exact")
    messages = [str(p) for p in check(load_all(data_copy)).problems]
    assert messages == [f"{data_copy / 'figures.csv'}, row {index + 2}, column bound: '余' in the mention means bound 'at_least' (value: 'exact')"]


def test_a_wrong_normalisation_is_caught(data_copy):
    rows = read_csv(data_copy / "figures.csv")
    index = next(i for i, r in enumerate(rows) if r["mention"] == "500万元")
    edit_row(data_copy / "figures.csv", index, value_norm="500")
    [message] = [str(p) for p in check(load_all(data_copy)).problems]
    assert "column value_norm: should be 0.05 = 500 × 0.0001" in message


def test_a_decline_must_be_negative(data_copy):
    rows = read_csv(data_copy / "figures.csv")
    index = next(i for i, r in enumerate(rows) if r["mention"] == "35%")
    edit_row(data_copy / "figures.csv", index, value_norm="35")
    [message] = [str(p) for p in check(load_all(data_copy)).problems]
    assert "should be -35 = 35 × 1 (negative: a decline)" in message


def test_a_mention_that_occurs_twice_in_its_quote_is_refused(data_copy):
    rows = read_csv(data_copy / "figures.csv")
    # a sentence of one report, read by hand: the same 3% stands twice in it
    wider = "一般公共预算收入增长3%,固定资产投资正增长,规模以上服务业营业收入增长3%"
    index = next(i for i, r in enumerate(rows) if r["mention"] == "3%" and r["quote"] in wider)
    edit_row(data_copy / "figures.csv", index, quote=wider)
    messages = [str(p) for p in check(load_all(data_copy)).problems]
    assert f"{data_copy / 'figures.csv'}, row {index + 2}, column mention: mention occurs 2 times in the quote (value: '3%')" in messages


def test_a_number_claimed_twice_is_reported(data_copy):
    rows = read_csv(data_copy / "exclusions.csv")
    figure = next(r for r in read_csv(data_copy / "figures.csv") if r["mention"] == "87亿元")
    twin = f"{figure['report']}-x99"
    rows.append({**rows[0], "id": twin, "report": figure["report"], "mention": "87亿元", "reason": "repeat",
                 "quote": figure["quote"]})
    write_csv(data_copy / "exclusions.csv", rows)
    messages = [str(p) for p in check(load_all(data_copy)).problems]
    assert any(f"is claimed by figures {figure['id']}" in m and f"exclusions {twin}" in m for m in messages)


def test_a_complete_listing_must_name_every_project(data_copy):
    projects = read_csv(data_copy / "projects.csv")
    figure = next(r for r in read_csv(data_copy / "figures.csv") if r["listing"] == "complete")
    named = [p for p in projects if p["group_figure"] == figure["id"]]
    write_csv(data_copy / "projects.csv", [p for p in projects if p is not named[-1]])
    [message] = [str(p) for p in check(load_all(data_copy)).problems]
    assert f"listing complete, but {len(named) - 1} projects are named for a stated {figure['value']}" in message


def test_a_partial_listing_cannot_name_more_than_stated(data_copy):
    figures = read_csv(data_copy / "figures.csv")
    index = next(i for i, r in enumerate(figures) if r["listing"] == "partial")
    count = sum(p["group_figure"] == figures[index]["id"] for p in read_csv(data_copy / "projects.csv"))
    # pretend the text stated fewer projects than it names: value, value_norm and mention must agree with the quote,
    # so the verifier also reports the quote mismatch; the listing message is what this test is about
    edit_row(data_copy / "figures.csv", index, value=str(count - 1), value_norm=str(count - 1))
    messages = [str(p) for p in check(load_all(data_copy)).problems]
    assert any(f"{count} projects are named, more than the stated {count - 1}" in m for m in messages)


def test_a_reference_to_another_report_is_refused(data_copy):
    projects = read_csv(data_copy / "projects.csv")
    index, project = next((i, p) for i, p in enumerate(projects) if p["group_figure"])
    other = next(r for r in read_csv(data_copy / "figures.csv")
                 if r["report"] != project["report"] and r["metric"] == "project_count")
    edit_row(data_copy / "projects.csv", index, group_figure=other["id"])
    messages = [str(p) for p in check(load_all(data_copy)).problems]
    assert any(f"column group_figure: figure belongs to report '{other['report']}' (value: '{other['id']}')" in m
               for m in messages)


def test_metric_and_unit_must_fit(data_copy):
    rows = read_csv(data_copy / "figures.csv")
    index = next(i for i, r in enumerate(rows) if r["mention"] == "87亿元")
    edit_row(data_copy / "figures.csv", index, metric="project_count")
    messages = [str(p) for p in check(load_all(data_copy)).problems]
    assert any("unit '亿元' (money) does not fit metric 'project_count' (count)" in m for m in messages)
