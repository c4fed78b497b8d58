"""Places are data: a copy of the project with a sixth and a seventh report, added as data only (a raw text,
a row of reports.csv, curated rows), passes the check, the data tests, the export and the first notebook, no
output counts the reports wrong, and every place gets its own colour.

The new reports are made from real ones as bench/synth.py makes them: a real text with its paragraphs
shuffled, its curated rows copied under the new id; they get names of their own. Of the notebooks only the
first (the sources: what the reports are) runs here: a run of all of them is what the suite's time budget
allows once, and test_notebooks.py spends it on the freshness check."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import matplotlib.colors
import pytest

from conftest import copy_project, read_csv, report_ids
from reportlib.analysis import views
from reportlib.curation.load import load_all
from reportlib.curation.paths import PROJECT_ROOT
from reportlib.pipeline.check import run_check
from reportlib.pipeline.export import export_all
from reportlib.pipeline.notebooks import notebook_paths
from reportlib.report import charts, deck, workbook

NEW_NAMES = [("甲地街道", "Jiadi Subdistrict"), ("乙地街道", "Yidi Subdistrict")]  # placeholders, no real places
CURATED = ("reports", "figures", "projects", "exclusions")
NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve"]
COUNT_OF_REPORTS = re.compile(rf"\b({'|'.join(NUMBER_WORDS)})\b[^.;:<\n]{{0,40}}(?<![/\w])(reports|texts)\b", re.IGNORECASE)
OTHER_PLACES = re.compile(rf"\bthe other ({'|'.join(NUMBER_WORDS)}) are\b", re.IGNORECASE)


def _synth():
    spec = importlib.util.spec_from_file_location("synth", PROJECT_ROOT / "bench" / "synth.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("synth", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def add_reports(root: Path, scratch: Path) -> list[str]:
    """Append len(NEW_NAMES) synthetic reports to the data folder at root/data; return their ids."""
    data = root / "data"
    corpus = _synth().generate(data, scratch, n=len(NEW_NAMES))
    new_reports = read_csv(corpus.folder / "reports.csv")
    for row, (zh, en) in zip(new_reports, NEW_NAMES):
        row.update(name_zh=zh, name_en=en)
    for name in CURATED:
        rows = new_reports if name == "reports" else read_csv(corpus.folder / f"{name}.csv")
        with open(data / f"{name}.csv", "a", encoding="utf-8", newline="") as f:
            csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n").writerows(rows)
    for row in new_reports:
        (data / "raw" / row["raw_file"]).write_bytes((corpus.folder / "raw" / row["raw_file"]).read_bytes())
    return [row["id"] for row in new_reports]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("seven") / "project")
    add_reports(root, tmp_path_factory.mktemp("synthetic") / "data")
    return root


@pytest.fixture(scope="module")
def tables(project):
    return load_all(project / "data")


@pytest.fixture(scope="module")
def exported(project, tables) -> list[Path]:
    """The export, run on the copy (in this process: the data folder is given, nothing else is read)."""
    return export_all(tables, project / "figures", project / "exports")


@pytest.fixture(scope="module")
def first_notebook(project) -> dict:
    """The first notebook, executed on the copy (in its own process, as the build runs it) and read back."""
    code = ("import nbformat; from reportlib.pipeline.notebooks import execute, notebook_paths; "
            "path = notebook_paths()[0]; nbformat.write(execute(path), path)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "REPORTLIB_"))}
    env["REPORTLIB_ROOT"] = str(project)
    run = subprocess.run([sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    [path] = notebook_paths(project / "notebooks")[:1]
    return json.loads(path.read_text(encoding="utf-8"))


def wrong_counts(project: Path, texts: dict[str, str]) -> dict[str, str]:
    """Where a text counts the reports, or the places other than the districts, in words and gets it wrong."""
    levels = [row["level"] for row in read_csv(project / "data" / "reports.csv")]
    reports, others = NUMBER_WORDS[len(levels)], NUMBER_WORDS[levels.count("subdistrict")]
    wrong = {}
    for where, text in texts.items():
        wrong |= {f"{where} ({m[0]})": m[0] for m in COUNT_OF_REPORTS.finditer(text) if m[1].lower() != reports}
        wrong |= {f"{where} ({m[0]})": m[0] for m in OTHER_PLACES.finditer(text) if m[1].lower() != others}
    return wrong


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def test_the_first_notebook_runs_and_shows_every_place(first_notebook, tables):
    outputs = [o for cell in first_notebook["cells"] if cell["cell_type"] == "code" for o in cell["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    shown = " ".join(_text(v) for o in outputs for k, v in o.get("data", {}).items() if k.startswith("text/"))
    assert all(label in shown for label in views.places(tables)["label"])


def test_the_first_notebook_counts_the_reports_right(project, first_notebook):
    texts = {}
    for number, cell in enumerate(first_notebook["cells"], 1):
        shown = [_text(o.get("text", "")) for o in cell.get("outputs", [])]
        shown += [_text(v) for o in cell.get("outputs", []) for k, v in o.get("data", {}).items()
                  if k.startswith("text/")]
        texts[f"cell {number}"] = " ".join([_text(cell["source"]), *shown])
    assert wrong_counts(project, texts) == {}


def test_the_copy_has_two_more_reports_than_the_project(project, tables):
    assert len(report_ids(project / "data")) == len(report_ids()) + len(NEW_NAMES)
    assert len(tables.texts) == len(report_ids(project / "data"))


def test_the_check_passes_with_every_report_fully_covered(project):
    out = io.StringIO()
    code = run_check(project / "data", out=out)
    assert code == 0, out.getvalue()[-3000:]
    for rid in report_ids(project / "data"):
        assert re.search(rf"^\s*{rid}\b.*100\s*%", out.getvalue(), re.MULTILINE), (rid, out.getvalue()[-2000:])


def test_the_data_tests_pass(project):
    # the data tests of the copy, run as a user would run them there
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "REPORTLIB_"))}
    env["REPORTLIB_ROOT"] = str(project)
    command = [sys.executable, "-m", "pytest", "tests/data", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    run = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


def test_the_export_writes_every_chart_the_deck_and_the_workbook(project, exported):
    figures, exports = project / "figures", project / "exports"
    expected = [figures / f"{spec.name}.{ext}" for spec in charts.CHARTS for ext in ("png", "svg")]
    assert exported == expected + [figures / "README.md", exports / deck.DECK_NAME, exports / workbook.WORKBOOK_NAME]
    assert all(p.is_file() and p.stat().st_size > 0 for p in exported)
    assert not [p for p in figures.iterdir() if p.name.endswith(".tmp")]
    back = workbook.read_figures_xlsx(exports / workbook.WORKBOOK_NAME, data_dir=project / "data")
    assert set(back["report"].astype(str)) == set(report_ids(project / "data"))


def test_no_output_counts_the_reports_wrong(project, exported):
    texts = {"figures/README.md": (project / "figures" / "README.md").read_text(encoding="utf-8")}
    for path in (project / "exports" / deck.DECK_NAME, project / "exports" / workbook.WORKBOOK_NAME):
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.endswith(".xml"):
                    texts[f"{path.name}:{member}"] = archive.read(member).decode("utf-8")
    assert wrong_counts(project, texts) == {}


def test_every_place_has_its_own_colour_in_the_charts(tables):
    # the project-count chart draws each count as a bar in its place's colour (pale for stated, full for named)
    fig = charts.figure("04-project-counts", tables)
    colours = {matplotlib.colors.to_hex(bar.get_facecolor(), keep_alpha=False) for ax in fig.axes for bar in ax.patches}
    places = set(views.project_counts(tables)["report"].astype(str))
    assert len(places) > len(report_ids()) - len(NEW_NAMES)  # the new places are in the chart
    assert len(colours) == len(places), sorted(colours)
