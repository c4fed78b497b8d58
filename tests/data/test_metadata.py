"""The schema as documents: data/datapackage.json and the codebook's column tables are what the schema
generates, a standard tool (frictionless) accepts the project's data with them and refuses broken data,
and the reports' `source` column cites the publication, checked against the raw texts."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import frictionless
import pytest

from conftest import DATA, edit_row, read_csv
from reportlib.curation import datapackage, schema
from reportlib.curation.load import load_vocab


def test_committed_datapackage_is_what_the_schema_generates():
    committed = (DATA / "datapackage.json").read_text(encoding="utf-8")
    assert committed == datapackage.descriptor_json(load_vocab()), "run `python -m reportlib metadata`"


def test_codebook_column_tables_are_what_the_schema_generates():
    codebook = (DATA / "README.md").read_text(encoding="utf-8")
    assert codebook == datapackage.update_codebook(codebook), "run `python -m reportlib metadata`"


def test_frictionless_validates_the_project_data():
    # The command line, as a user outside this project would run it.
    command = [sys.executable, "-m", "frictionless", "validate", "--json", str(DATA / "datapackage.json")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout)
    errors = [error["message"] for task in report["tasks"] for error in task["errors"]]
    assert result.returncode == 0 and report["valid"], errors[:5]
    assert {task["name"] for task in report["tasks"]} == {table.name for table in schema.RESOURCES}


def _errors(folder) -> set[tuple]:
    """(table, error type, column or None, spreadsheet row or None) of every error frictionless reports."""
    report = frictionless.validate(folder / "datapackage.json")
    return {(task.name, error.type, getattr(error, "field_name", None), getattr(error, "row_number", None))
            for task in report.tasks for error in task.errors}


# (file, data row index, column, bad value, the error frictionless must report: table, type, column)
BREAKAGES = [
    ("figures.csv", 0, "metric", "no_such_metric", ("figures", "constraint-error", "metric")),
    ("figures.csv", 1, "bound", "roughly", ("figures", "constraint-error", "bound")),
    ("figures.csv", 2, "period", "2024-13/2025", ("figures", "constraint-error", "period")),
    ("figures.csv", 3, "value", "many", ("figures", "type-error", "value")),
    ("figures.csv", 4, "quote", "", ("figures", "constraint-error", "quote")),
    ("figures.csv", 5, "report", "nowhere", ("figures", "foreign-key", None)),
    ("figures.csv", 6, "group_figure", "nowhere-f01", ("figures", "foreign-key", None)),
    ("projects.csv", 0, "investment_figure", "nowhere-f01", ("projects", "foreign-key", None)),
    ("exclusions.csv", 0, "reason", "boring", ("exclusions", "constraint-error", "reason")),
    ("reports.csv", 0, "plans_basis", "guessed", ("reports", "constraint-error", "plans_basis")),
]


def test_frictionless_refuses_what_the_check_refuses(data_copy):
    for table, index, column, value, _ in BREAKAGES:
        edit_row(data_copy / table, index, **{column: value})
    rows = read_csv(data_copy / "figures.csv")
    edit_row(data_copy / "figures.csv", 7, id=rows[8]["id"])

    errors = _errors(data_copy)

    for table, index, column, value, expected in BREAKAGES:
        assert (*expected, index + 2) in errors, (table, column, value)  # row 1 is the header
    assert ("figures", "primary-key", None, 10) in errors  # the second of the two rows with one id


def test_a_new_vocabulary_word_reaches_the_descriptor_when_regenerated(data_copy):
    with open(data_copy / "vocab" / "terms.csv", "a", encoding="utf-8") as f:
        f.write("sector,tourism,Tourism,旅游,\n")
    edit_row(data_copy / "projects.csv", 0, sector="tourism")
    assert ("projects", "constraint-error", "sector", 2) in _errors(data_copy)  # the old descriptor refuses it

    changed = datapackage.write_metadata(data_copy)

    assert changed == [data_copy / "datapackage.json"]  # the codebook's column tables name no words
    assert not _errors(data_copy)
    assert datapackage.write_metadata(data_copy) == []  # re-running changes nothing


def test_descriptor_keys_follow_the_schema():
    resources = {r["name"]: r["schema"] for r in datapackage.descriptor(load_vocab())["resources"]}
    assert resources["terms"]["primaryKey"] == ["vocabulary", "term"]
    keys = {(fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
            for fk in resources["projects"]["foreignKeys"]}
    assert keys == {("report", "reports", "id"), ("group_figure", "figures", "id"),
                    ("investment_figure", "figures", "id")}
    figure_keys = {fk["fields"]: fk["reference"] for fk in resources["figures"]["foreignKeys"]}
    assert figure_keys["group_figure"] == {"resource": "", "fields": "id"}  # "" is the table itself
    assert figure_keys["metric"] == {"resource": "metrics", "fields": "metric"}


def test_frictionless_loads_the_tables_typed():
    package = frictionless.Package(DATA / "datapackage.json")
    rows = package.get_resource("units").read_rows()
    factors = {row["unit"]: row["factor"] for row in rows}
    assert factors["万元"] * 10000 == 1  # 万元 is 0.0001 亿元, read as a number


def test_column_table_of_a_small_schema():
    table = schema.Table("things", "things.csv", "Things", (
        schema.Column("id", unique=True, description="the id"),
        schema.Column("size", "number", required=False, description="how big | in metres"),
        schema.Column("kind", "vocab", vocab="kind", description="what sort"),
    ), ("id",))
    body = datapackage.column_table(table).splitlines()[1:-1]
    assert body == [
        "",
        "| column | type | definition |",
        "|---|---|---|",
        "| `id` | text, key | the id |",
        "| `size` | number, optional | how big \\| in metres |",
        "| `kind` | vocabulary `kind` | what sort |",
        "",
    ]


def test_a_codebook_without_markers_is_refused_with_the_fix():
    with pytest.raises(ValueError, match=r"no column table for reports\.csv"):
        datapackage.update_codebook("# Codebook\n")


# --- reports.csv `source`: the original publication, as the text shows it ----------------------------

def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.mark.parametrize("report", read_csv(DATA / "reports.csv"), ids=lambda r: r["id"])
def test_source_cites_the_publication_the_text_shows(report):
    source = report["source"]
    text = _squash((DATA / "raw" / report["raw_file"]).read_text(encoding="utf-8"))
    assert "/" not in source.split("《")[0], "a path, not a publication"
    assert report["byline"] in source and _squash(report["byline"]) in text
    if report["newspaper"]:
        assert report["newspaper"] in source
    else:
        assert source.startswith("Newspaper not named in the text")
    for headline in re.findall(r"《(.+?)》", source):
        assert _squash(headline) in text, headline
    assert ("undated" in source) != bool(report["published"])


def test_the_command_reports_a_bad_vocabulary_without_a_traceback(data_copy, monkeypatch, capsys):
    from reportlib.pipeline.cli import main

    with open(data_copy / "vocab" / "terms.csv", "a", encoding="utf-8") as f:
        f.write("sector,,Tourism,旅游,\n")
    monkeypatch.setenv("REPORTLIB_DATA_DIR", str(data_copy))
    before = (data_copy / "datapackage.json").read_bytes()

    assert main(["metadata"]) == 1

    rows = len(read_csv(data_copy / "vocab" / "terms.csv")) + 1  # the new row, as a spreadsheet numbers it
    assert f"terms.csv, row {rows}, column term: missing value" in capsys.readouterr().err
    assert (data_copy / "datapackage.json").read_bytes() == before
