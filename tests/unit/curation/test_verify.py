"""The verifier on copies of the project's data broken in the ways curators break them.

Rows are found by what they say (their mention or quote), never by a report id; the project data as it
stands is checked in tests/data/test_curated.py."""

from __future__ import annotations


import pytest

from conftest import edit_row, read_csv, write_csv
from reportlib.curation.errors import DataError
from reportlib.curation.load import load_all
from reportlib.curation.verify import check


def _edit_by_mention(data_copy, mention: str, **changes: str) -> tuple[int, list[str]]:
    """Edit the first figure that says `mention`; return its index and what the check then reports."""
    rows = read_csv(data_copy / "figures.csv")
    index = next(i for i, r in enumerate(rows) if r["mention"] == mention)
    edit_row(data_copy / "figures.csv", index, **changes)
    return index, [str(p) for p in check(load_all(data_copy)).problems]


def test_a_missed_qualifier_is_caught(data_copy):
    index, messages = _edit_by_mention(data_copy, "60余个", bound="exact")
    assert messages == [f"{data_copy / 'figures.csv'}, row {index + 2}, column bound: '余' in the mention means bound 'at_least' (value: 'exact')"]


def test_a_wrong_normalisation_is_caught(data_copy):
    _, [message] = _edit_by_mention(data_copy, "500万元", value_norm="500")
    assert "column value_norm: should be 0.05 = 500 × 0.0001" in message


def test_a_decline_must_be_negative(data_copy):
    _, [message] = _edit_by_mention(data_copy, "35%", value_norm="35")
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
    _, messages = _edit_by_mention(data_copy, "87亿元", metric="project_count")
    assert any("unit '亿元' (money) does not fit metric 'project_count' (count)" in m for m in messages)


# --- a check that teaches --------------------------------------------------------------------------

def _figure_index(rows, test):
    return next(i for i, r in enumerate(rows) if test(r))


def test_a_quote_not_found_points_at_the_full_width_character(data_copy):
    rows = read_csv(data_copy / "figures.csv")
    index = _figure_index(rows, lambda r: "," in r["quote"] and r["quote"].index(",") > 2)
    quote = rows[index]["quote"]
    edit_row(data_copy / "figures.csv", index, quote=quote.replace(",", "，", 1))
    [message] = [str(p) for p in check(load_all(data_copy)).problems if "column quote" in str(p)]
    position = quote.replace(" ", "").index(",") + 1
    assert f"row {index + 2}, column quote: quote not found in {(data_copy / 'raw' / rows[index]['report']).as_posix()}.txt (whitespace ignored)" in message
    assert "closest passage: “" + quote.split(",")[0].replace(" ", "") in message
    assert f"character {position} of the quote is '，' where the text has ','" in message
    assert "(a full-width/half-width difference: copy the character from the text)" in message


def test_a_quote_not_found_points_at_the_traditional_character(data_copy):
    # a few traditional forms, written out here independently of the converter the check uses
    traditional = {"发": "發", "经": "經", "项": "項", "万": "萬", "设": "設"}
    rows = read_csv(data_copy / "figures.csv")
    index = _figure_index(rows, lambda r: any(ch in r["quote"] for ch in traditional))
    quote = rows[index]["quote"]
    simplified = next(ch for ch in quote if ch in traditional)
    edit_row(data_copy / "figures.csv", index, quote=quote.replace(simplified, traditional[simplified], 1))
    [message] = [str(p) for p in check(load_all(data_copy)).problems if "column quote" in str(p)]
    assert f"is '{traditional[simplified]}' where the text has '{simplified}' (a traditional/simplified difference" in message


def test_a_misspelt_vocabulary_word_gets_the_nearest_word(data_copy):
    edit_row(data_copy / "figures.csv", 0, metric="total_investmnet")
    with pytest.raises(DataError) as info:
        load_all(data_copy)
    [message] = [str(p) for p in info.value.problems]
    assert "row 2, column metric: unknown metric word; did you mean 'total_investment'?" in message


def test_a_bound_the_quote_does_not_support_is_an_error(data_copy):
    rows = read_csv(data_copy / "figures.csv")
    qualifiers = ("以上", "余", "超", "多", "不低于", "至少", "不少于", "逾", "约", "近", "左右")
    index = _figure_index(rows, lambda r: r["bound"] == "exact" and r["value"] and not any(q in r["quote"] for q in qualifiers))
    for bound, words in (("at_least", "以上, 超过, 至少"), ("about", "约, 近, 左右")):
        edit_row(data_copy / "figures.csv", index, bound=bound, note="bound from elsewhere")
        messages = [str(p) for p in check(load_all(data_copy)).problems]
        assert any(f"row {index + 2}, column bound: the quote does not support '{bound}'" in m for m in messages), messages
        assert any(words.split(", ")[-1] in m for m in messages)


def test_codebook_and_vocabulary_agreement_is_part_of_the_check(data_copy):
    unit = read_csv(data_copy / "vocab" / "units.csv")[3]
    codebook = (data_copy / "README.md").read_text(encoding="utf-8")
    line = next(row for row in codebook.splitlines() if row.startswith(f"| {unit['unit']} | {unit['unit_norm']} |"))
    (data_copy / "README.md").write_text(codebook.replace(line + "\n", ""), encoding="utf-8")
    [message] = [str(p) for p in check(load_all(data_copy)).problems]
    assert "vocab/units.csv, row 5, column unit: not explained in the codebook" in message
    assert f"(value: '{unit['unit']}')" in message


def test_a_metric_word_must_name_a_metric(data_copy):
    with open(data_copy / "vocab" / "metric_words.csv", "a", encoding="utf-8") as f:
        f.write("实缴税金,tax_payed\n")
    [message] = [str(p) for p in check(load_all(data_copy)).problems]
    assert "metric_words.csv" in message and "unknown metric word; did you mean 'tax_paid'? (value: 'tax_payed')" in message


def test_a_date_curated_as_a_figure_is_refused(data_copy):
    exclusions = read_csv(data_copy / "exclusions.csv")
    date = next(r for r in exclusions if r["reason"] == "date" and r["mention"].endswith("年") and len(r["mention"]) == 5)
    write_csv(data_copy / "exclusions.csv", [r for r in exclusions if r is not date])
    figures = read_csv(data_copy / "figures.csv")
    figures.append({**figures[0], "id": f"{date['report']}-f99", "report": date["report"], "mention": date["mention"],
                    "value": date["mention"][:4], "unit": "年", "quote": date["quote"], "group_figure": "", "listing": ""})
    write_csv(data_copy / "figures.csv", figures)
    messages = [str(p) for p in check(load_all(data_copy)).problems]
    assert any(f"row {len(figures) + 1}, column mention: mention is not a quantity the parser reads "
               f"(not a quantity but a date: '{date['mention']}')" in m for m in messages), messages
