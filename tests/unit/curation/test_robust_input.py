"""Nothing lost, everything bounded, every error named: headers, CSV syntax, sizes, raw texts and their paths.

Each test breaks one thing in a copy of the data folder and reads the problem a curator would read.
"""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest

from conftest import read_csv, write_csv
from reportlib.curation import csvfile, load
from reportlib.curation.errors import DataError
from reportlib.curation.load import load_all, load_figures


def problems_of(folder) -> list:
    with pytest.raises(DataError) as info:
        load_all(folder)
    return info.value.problems


def replace_header(path, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n", 1)
    header = lines[0].split(",")
    header[header.index(old)] = new
    path.write_text(",".join(header) + "\n" + lines[1], encoding="utf-8")


def test_a_repeated_column_name_is_an_error_not_a_lost_column(data_copy):
    replace_header(data_copy / "projects.csv", "completion", "note")  # note,…,note
    [problem] = problems_of(data_copy)
    assert (problem.row, problem.column) == (1, "note")
    assert "column name repeated" in problem.message and "would be lost" in problem.message


def test_a_blank_column_name_is_an_error(data_copy):
    replace_header(data_copy / "exclusions.csv", "note", "")
    [problem] = problems_of(data_copy)
    assert problem.file.endswith("exclusions.csv") and problem.row == 1
    assert "blank column name (column 6)" in problem.message


def test_a_quote_in_the_middle_of_a_field_names_its_row(data_copy):
    path = data_copy / "exclusions.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace(",", ',"oops"x,', 1)  # data row 5: a quote, then text before the comma
    path.write_text("".join(lines), encoding="utf-8")
    [problem] = problems_of(data_copy)
    assert problem.file.endswith("exclusions.csv") and problem.row == 5
    assert problem.message.startswith("not valid CSV: ',' expected after '\"'")


def test_an_unclosed_quote_names_the_row_where_it_opens(data_copy):
    path = data_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[6] = lines[6].rstrip("\n") + ',"never closed\n'
    path.write_text("".join(lines), encoding="utf-8")
    [problem] = problems_of(data_copy)
    assert problem.row == 7 and "not valid CSV" in problem.message


def test_an_oversized_field_names_its_row(data_copy):
    rows = read_csv(data_copy / "figures.csv")
    rows[2]["note"] = "长" * (csvfile.MAX_FIELD_CHARS + 10)
    write_csv(data_copy / "figures.csv", rows)
    [problem] = problems_of(data_copy)
    assert problem.row == 4 and f"{csvfile.MAX_FIELD_CHARS:,} characters" in problem.message


def test_a_cell_longer_than_excel_holds_names_row_and_column(data_copy):
    rows = read_csv(data_copy / "figures.csv")
    rows[2]["note"] = "长" * 40_000
    write_csv(data_copy / "figures.csv", rows)
    [problem] = problems_of(data_copy)
    assert (problem.row, problem.column) == (4, "note") and "32,767" in problem.message


def test_a_table_over_the_size_limit_is_refused_unread(data_copy, monkeypatch):
    largest = max((data_copy / name for name in ("figures.csv", "projects.csv", "exclusions.csv")),
                  key=lambda p: p.stat().st_size)
    limit = largest.stat().st_size - 1
    monkeypatch.setattr(csvfile, "MAX_CSV_BYTES", limit)
    problems = problems_of(data_copy)
    assert [p.file.split("/")[-1] for p in problems] == [largest.name]
    assert f"more than the {limit:,} allowed for a CSV table" in problems[0].message


def test_a_folder_where_a_table_should_be_is_named(data_copy):
    (data_copy / "projects.csv").unlink()
    (data_copy / "projects.csv").mkdir()
    [problem] = problems_of(data_copy)
    assert problem.file.endswith("projects.csv") and "not a file" in problem.message


def _raw_file(folder, index: int) -> str:
    return read_csv(folder / "reports.csv")[index]["raw_file"]


def test_a_byte_order_mark_in_a_raw_text_is_reported(data_copy):
    name = _raw_file(data_copy, -1)
    path = data_copy / "raw" / name
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    [problem] = problems_of(data_copy)
    assert problem.file.endswith(name) and "byte-order mark" in problem.message


def test_raw_texts_are_hashed_as_stored_bytes(data_copy):
    tables = load_all(data_copy)
    for row in tables.reports.itertuples():
        data = (data_copy / "raw" / row.raw_file).read_bytes()
        assert tables.digests[str(row.id)] == hashlib.sha256(data).hexdigest() == row.sha256


def test_a_control_character_in_a_raw_text_is_reported(data_copy):
    name = _raw_file(data_copy, 0)
    path = data_copy / "raw" / name
    path.write_bytes(path.read_bytes().replace("。".encode(), b"\x0c", 1))
    [problem] = problems_of(data_copy)
    assert problem.file.endswith(name) and "U+000C" in problem.message


def test_a_raw_text_over_the_size_limit_is_refused(data_copy, monkeypatch):
    monkeypatch.setattr(load, "MAX_RAW_BYTES", 100)
    problems = problems_of(data_copy)
    assert problems and all("more than the 100 allowed for a raw report text" in p.message for p in problems)


def set_raw_file(folder, index: int, raw_file: str) -> None:
    rows = read_csv(folder / "reports.csv")
    rows[index]["raw_file"] = raw_file
    write_csv(folder / "reports.csv", rows)


@pytest.mark.parametrize("raw_file", ["/etc/hostname", "../figures.csv", "../../data/raw/{own}"])
def test_a_raw_file_outside_the_raw_folder_is_refused(data_copy, raw_file):
    raw_file = raw_file.format(own=_raw_file(data_copy, 0))  # the report's own file, reached from outside
    set_raw_file(data_copy, 0, raw_file)
    [problem] = problems_of(data_copy)
    assert (problem.row, problem.column, problem.value) == (2, "raw_file", raw_file)
    assert "must name a file inside" in problem.message


def test_a_symbolic_link_out_of_the_raw_folder_is_refused(data_copy, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    first = read_csv(data_copy / "reports.csv")[0]["raw_file"]
    shutil.copy(data_copy / "raw" / first, outside)
    os.symlink(outside, data_copy / "raw" / "linked.txt")
    set_raw_file(data_copy, 0, "linked.txt")
    [problem] = problems_of(data_copy)
    assert problem.column == "raw_file" and "resolves outside" in problem.message


def test_messages_name_the_data_folder_the_user_gave(tmp_path):
    from reportlib.curation.paths import PROJECT_ROOT

    folder = tmp_path / "elsewhere"
    shutil.copytree(PROJECT_ROOT / "data", folder)
    set_raw_file(folder, 1, "missing.txt")
    [problem] = problems_of(folder)
    assert f"{folder.as_posix()}/raw/missing.txt" in problem.message
    assert problem.file == f"{folder.as_posix()}/reports.csv"


def test_the_loader_still_reads_the_real_tables():
    assert len(load_figures()) == len(read_csv(load.data_dir() / "figures.csv"))
