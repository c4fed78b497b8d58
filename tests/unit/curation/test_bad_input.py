"""Broken tables give one clear error: file, row, column, what is wrong, the offending value.

Each test breaks one thing in a copy of the real data folder and reads the message a curator
would read, through the loader and through the command line.
"""

from __future__ import annotations

import io

import pytest

from conftest import edit_row, read_csv, report_ids, write_csv
from reportlib.pipeline.check import run_check
from reportlib.curation.errors import DataError
from reportlib.curation.load import load_all, load_figures


def raw_files(folder) -> dict[str, str]:
    return {row["id"]: row["raw_file"] for row in read_csv(folder / "reports.csv")}


def problems_of(folder) -> list[str]:
    with pytest.raises(DataError) as info:
        load_all(folder)
    return [str(p) for p in info.value.problems]


def check_output(folder) -> tuple[int, str]:
    out = io.StringIO()
    code = run_check(folder, out=out)
    return code, out.getvalue()


def test_unknown_report_id(data_copy):
    ids = report_ids(data_copy)
    edit_row(data_copy / "figures.csv", 2, report=ids[0] + "u")
    [message] = problems_of(data_copy)
    assert "figures.csv, row 4, column report: unknown report id" in message
    assert f"'{ids[0]}u'" in message and all(rid in message.split("(value")[0] for rid in ids)


def test_non_numeric_value(data_copy):
    edit_row(data_copy / "figures.csv", 0, value="八")
    [message] = problems_of(data_copy)
    assert message.endswith("/" + "figures.csv, row 2, column value: not a number (value: '八')")


def test_unknown_unit(data_copy):
    edit_row(data_copy / "figures.csv", 5, unit="亿圆")
    [message] = problems_of(data_copy)
    assert "figures.csv, row 7, column unit: unknown unit word (known: 亿元, 万元, 元" in message
    assert message.endswith("(value: '亿圆')")


def test_unknown_vocabulary_word(data_copy):
    edit_row(data_copy / "figures.csv", 1, kind="planned")
    [message] = problems_of(data_copy)
    assert "row 3, column kind: unknown kind word; did you mean 'plan'? (known: actual, estimate, plan)" in message


def test_duplicate_id(data_copy):
    rows = read_csv(data_copy / "exclusions.csv")
    rows[4]["id"] = rows[1]["id"]
    write_csv(data_copy / "exclusions.csv", rows)
    [message] = problems_of(data_copy)
    assert message.endswith("/" + f"exclusions.csv, row 6, column id: duplicate id (first at row 3) (value: '{rows[1]['id']}')")


def test_two_reports_of_one_place(data_copy):
    rows = read_csv(data_copy / "reports.csv")
    rows[-1]["name_en"] = rows[0]["name_en"]  # a report added under the name of one already there
    write_csv(data_copy / "reports.csv", rows)
    [message] = problems_of(data_copy)
    assert message.endswith(f"reports.csv, row {len(rows) + 1}, column name_en: duplicate name_en (first at row 2) "
                            f"(value: '{rows[0]['name_en']}')")


def test_missing_column(data_copy):
    rows = read_csv(data_copy / "projects.csv")
    write_csv(data_copy / "projects.csv", [{k: v for k, v in r.items() if k != "sector"} for r in rows])
    [message] = problems_of(data_copy)
    assert message.endswith("/" + "projects.csv, row 1, column sector: missing column")


def test_empty_file(data_copy):
    (data_copy / "exclusions.csv").write_bytes(b"")
    [message] = problems_of(data_copy)
    assert message.endswith("/" + "exclusions.csv: empty file: expected a header row and data rows")


def test_gbk_file_is_refused_with_the_fix(data_copy):
    rows = read_csv(data_copy / "figures.csv")
    write_csv(data_copy / "figures.csv", rows, encoding="gb18030")
    [message] = problems_of(data_copy)
    assert "figures.csv: not UTF-8" in message
    assert "GBK" in message and "CSV UTF-8" in message


def test_utf8_with_byte_order_mark_is_accepted(data_copy):
    path = data_copy / "figures.csv"
    plain = load_figures(data_copy)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with_bom = load_figures(data_copy)
    assert list(with_bom.columns) == list(plain.columns)
    assert with_bom["id"].tolist() == plain["id"].tolist()


def test_no_partial_table_is_returned(data_copy):
    # One bad cell in the last row: the loader returns nothing, not the rows before it.
    rows = read_csv(data_copy / "figures.csv")
    edit_row(data_copy / "figures.csv", len(rows) - 1, value="n/a")
    with pytest.raises(DataError):
        load_figures(data_copy)


def test_quote_not_in_text(data_copy):
    original = edit_row(data_copy / "figures.csv", 0, quote="全力推进9个重点项目建设")
    code, output = check_output(data_copy)
    assert code == 1
    raw_file = raw_files(data_copy)[original["report"]]
    assert f"figures.csv, row 2, column quote: quote not found in {(data_copy / 'raw' / raw_file).as_posix()}" in output
    assert "'全力推进9个重点项目建设'" in output
    # the number that row claimed is now uncurated, and the check says so too
    assert "number left uncurated" in output and original["mention"] in output


def test_value_disagrees_with_quote(data_copy):
    rows = read_csv(data_copy / "figures.csv")
    index = next(i for i, r in enumerate(rows) if r["mention"] == "87亿元")
    edit_row(data_copy / "figures.csv", index, value="78")
    code, output = check_output(data_copy)
    assert code == 1
    assert f"figures.csv, row {index + 2}, column value: disagrees with the quote: '87亿元' says 87 (value: 78.0)" in output


def test_number_left_uncurated(data_copy):
    rows = read_csv(data_copy / "exclusions.csv")
    dropped = next(r for r in rows if r["reason"] == "date")
    write_csv(data_copy / "exclusions.csv", [r for r in rows if r is not dropped])
    code, output = check_output(data_copy)
    assert code == 1
    assert f"data/raw/{raw_files(data_copy)[dropped['report']]}: number left uncurated at offset" in output
    assert "add a figure or an exclusion" in output


def test_changed_raw_text_is_caught(data_copy):
    raw_file = raw_files(data_copy)[report_ids(data_copy)[-1]]
    path = data_copy / "raw" / raw_file
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, output = check_output(data_copy)
    assert code == 1
    assert f"data/raw/{raw_file} has changed under the curated rows" in output


def test_cli_prints_no_traceback(data_copy):
    (data_copy / "projects.csv").write_bytes("id,report\n".encode("gbk"))
    code, output = check_output(data_copy)
    assert code == 1
    assert "Traceback" not in output
    assert "projects.csv, row 1, column name_zh: missing column" in output
