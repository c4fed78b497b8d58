"""The loaders return typed tables from any working directory."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd

from conftest import DATA, read_csv
from reportlib import load_all, load_figures


def test_tables_are_typed():
    tables = load_all()
    figures = tables.figures
    assert isinstance(figures["report"].dtype, pd.CategoricalDtype)
    assert list(figures["report"].cat.categories) == [r["id"] for r in read_csv(DATA / "reports.csv")]
    assert isinstance(figures["metric"].dtype, pd.CategoricalDtype)
    assert str(figures["value"].dtype) == "Float64" and str(figures["value_norm"].dtype) == "Float64"
    assert figures["period"].cat.ordered


def test_period_sorts_by_time_not_by_text():
    periods = list(load_figures()["period"].cat.categories)
    # Jan–Nov 2024 ends before the full year 2024; cumulative-to-2024 ends with it; undated sorts last
    assert periods.index("2024-01/2024-11") < periods.index("2024") < periods.index("2025")
    assert periods[-1] == "undated"


def test_every_row_of_every_file_is_loaded():
    tables = load_all()
    for name in ("figures", "projects", "exclusions"):
        assert len(getattr(tables, name)) == len(read_csv(DATA / f"{name}.csv"))
    assert set(tables.texts) == {r["id"] for r in read_csv(DATA / "reports.csv")}


def test_raw_texts_are_the_bytes_on_disk():
    tables = load_all()
    for report, text in tables.texts.items():
        assert text.encode("utf-8") == (DATA / "raw" / f"{report}.txt").read_bytes()


def test_loading_works_from_another_working_directory(tmp_path):
    code = "import reportlib; print(len(reportlib.load_figures()))"
    # the project is found from the package (or REPORTLIB_ROOT, when the tests run on a copy), not from the cwd
    env = {k: v for k, v in os.environ.items() if k != "REPORTLIB_DATA_DIR"}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env, check=True)
    assert int(out.stdout) == len(read_csv(DATA / "figures.csv"))
