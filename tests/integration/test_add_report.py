"""`python -m reportlib add-report`, end to end on a copy of the data: the text, the row, the word lists,
the draft, and a draft that, once moved into the tables, passes the check at full coverage."""

from __future__ import annotations

import hashlib
import subprocess

import pytest

from conftest import DATA, read_csv, write_csv
from reportlib.curation.load import load_all
from reportlib.curation.paths import PROJECT_ROOT
from reportlib.curation.verify import check
from reportlib.pipeline.add_report import _level_words, short_name
from reportlib.pipeline.cli import main

LEVELS = _level_words(DATA)

NEW_ID, NEW_ZH, NEW_EN = "newplace", "甲地街道", "Jiadi Subdistrict"  # a placeholder, no real place


def source_report() -> dict[str, str]:
    """A curated subdistrict report to build the new report's text from (read from data/reports.csv)."""
    return next(r for r in read_csv(DATA / "reports.csv") if r["level"] == "subdistrict")


@pytest.fixture
def new_text(tmp_path):
    """A real report's text with its place renamed: a text the project has never seen by that name."""
    source = source_report()
    text = (DATA / "raw" / source["raw_file"]).read_text(encoding="utf-8")
    text = text.replace(source["name_zh"], NEW_ZH).replace(short_name(source["name_zh"], LEVELS), short_name(NEW_ZH, LEVELS))
    path = tmp_path / "downloaded report.txt"
    path.write_bytes(text.encode("utf-8"))
    return path


def add(data_copy, text, *extra):
    source = source_report()
    periods = [f"--{c}={source[c]}" for c in ("reviews", "plans", "plans_basis") if source[c]]
    return main(["add-report", str(text), "--data-dir", str(data_copy), "--id", NEW_ID, "--name-zh", NEW_ZH,
                 "--name-en", NEW_EN, "--level", "subdistrict", "--city-zh", source["city_zh"],
                 "--city-en", source["city_en"], *[p.replace("_", "-", 1) for p in periods], *extra])


def test_add_report_writes_the_text_the_row_the_names_and_a_draft(data_copy, new_text):
    assert add(data_copy, new_text) == 0
    data = new_text.read_bytes()
    assert (data_copy / "raw" / f"{NEW_ID}.txt").read_bytes() == data
    row = read_csv(data_copy / "reports.csv")[-1]
    assert (row["id"], row["name_zh"], row["raw_file"]) == (NEW_ID, NEW_ZH, f"{NEW_ID}.txt")
    assert row["sha256"] == hashlib.sha256(data).hexdigest()
    for name in (NEW_ZH, short_name(NEW_ZH, LEVELS)):
        assert name in (data_copy / "text" / "stopwords.txt").read_text(encoding="utf-8").splitlines()
        assert f"{name} ns" in (data_copy / "text" / "userdict.txt").read_text(encoding="utf-8").splitlines()

    # the check now says what is left: every number of the new text, and nothing else
    result = check(load_all(data_copy))
    assert result.reports[NEW_ID].mentions > 0 and result.reports[NEW_ID].coverage == 0
    assert {m.report for m in result.unclaimed} == {NEW_ID}
    draft = read_csv(data_copy / "drafts" / f"{NEW_ID}.csv")
    assert [int(r["offset"]) for r in draft] == [m.start for m in result.unclaimed]
    assert {r["table"] for r in draft} == {"figures", "exclusions"}


def test_the_draft_moved_into_the_tables_passes_the_check(data_copy, new_text):
    """Every value, unit, bound, normalised value and quote of the draft agrees with the text as the check
    reads it: a curator who accepts a row as drafted gets no error for it."""
    assert add(data_copy, new_text) == 0
    draft = read_csv(data_copy / "drafts" / f"{NEW_ID}.csv")
    figures, exclusions = read_csv(data_copy / "figures.csv"), read_csv(data_copy / "exclusions.csv")
    for row in draft:
        if row["table"] == "figures" and row["metric"]:
            figures.append({**{c: "" for c in figures[0]}, **{c: row[c] for c in figures[0] if c in row},
                            "subject_zh": "待定", "subject_en": "to be decided", "note": "accepted as drafted"})
        else:  # no metric suggested: a curator would decide; here it becomes an exclusion to test the quote
            exclusions.append({"id": row["id"].replace("-f", "-xf"), "report": NEW_ID, "mention": row["mention"],
                               "reason": row["reason"] or "slogan", "quote": row["quote"], "note": "accepted as drafted"})
    write_csv(data_copy / "figures.csv", figures)
    write_csv(data_copy / "exclusions.csv", exclusions)
    result = check(load_all(data_copy))
    assert [str(p) for p in result.problems] == []
    assert result.reports[NEW_ID].coverage == 1.0


def test_a_report_that_exists_is_refused_and_nothing_is_written(data_copy, new_text, capsys):
    before = {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()}
    existing = read_csv(data_copy / "reports.csv")[0]["id"]
    assert main(["add-report", str(new_text), "--data-dir", str(data_copy), "--id", existing, "--name-zh", NEW_ZH,
                 "--name-en", NEW_EN, "--level", "village", "--city-zh", "济南市", "--city-en", "Jinan"]) == 1
    err = capsys.readouterr().err
    assert f"column id: a report with this id exists already (value: '{existing}')" in err
    assert "column level: unknown level (known: district, subdistrict) (value: 'village')" in err
    assert {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()} == before


def test_a_gbk_text_is_refused_with_the_fix(data_copy, tmp_path, capsys):
    text = tmp_path / "gbk.txt"
    text.write_bytes(f"{NEW_ZH}2024年工作报告,完成投资3亿元。".encode("gbk"))
    assert add(data_copy, text) == 1
    err = capsys.readouterr().err
    assert "gbk.txt: not UTF-8 (first bad byte at offset 0). It decodes as GBK/GB18030" in err
    assert "iconv -f GB18030 -t UTF-8" in err
    assert not (data_copy / "raw" / f"{NEW_ID}.txt").exists()


def test_make_has_an_add_report_target():
    run = subprocess.run(["make", "-n", "add-report", "TEXT=t.txt", "ID=x", "NAME_ZH=甲地街道", "NAME_EN=Jiadi",
                          "LEVEL=subdistrict", "CITY_ZH=济南市", "CITY_EN=Jinan", "ARGS=--reviews 2024"],
                         cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "-m reportlib add-report" in run.stdout and '--id "x"' in run.stdout and "--reviews 2024" in run.stdout


def test_a_failure_while_drafting_leaves_no_half_added_report(data_copy, new_text, monkeypatch, capsys):
    from reportlib.pipeline import add_report as module

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    before = {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()}
    monkeypatch.setattr(module, "write_draft", broken)
    assert add(data_copy, new_text) == 1
    assert "add-report stopped: RuntimeError: disk full" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()} == before
