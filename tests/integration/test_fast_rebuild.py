"""The build on a fresh copy of the tracked files (a clone): it redoes exactly the outputs whose inputs
changed or whose files no longer match the manifest. (That the outputs' declared inputs are true, that an
output which declares it does not show notes comes out byte-identical when every note is rewritten, is
proved by the one forced build of the suite, in test_notebooks.py.)

The build runs in this process on the copy (REPORTLIB_ROOT / REPORTLIB_DATA_DIR point the check, the
export and the kernels at it); what the export and the notebook runner were asked to redo is observed
by wrapping them. The tests run in file order on one copy: each leaves it built and current.
"""

from __future__ import annotations

import io
import json
import shutil

import pytest

from conftest import copy_project, read_csv, spy_on_build, write_csv
from reportlib.curation.paths import PROJECT_ROOT
from reportlib.pipeline import build as build_module
from reportlib.pipeline import export, freshness, notebooks


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A copy of the tracked files, committed outputs and manifest included, as `git clone` gives them."""
    return copy_project(tmp_path_factory.mktemp("clone") / "project")


@pytest.fixture
def build(clone, monkeypatch):
    """Build the clone; return what was redone: {"export": set of outputs, "notebooks": [names]}."""
    monkeypatch.setenv("REPORTLIB_ROOT", str(clone))
    monkeypatch.setenv("REPORTLIB_DATA_DIR", str(clone / "data"))
    redone = spy_on_build(monkeypatch)

    def run(force: bool = False) -> dict:
        redone["export"], redone["notebooks"] = set(), []
        out = io.StringIO()
        code = build_module.build(clone, out=out, err=out, force=force)
        assert code == 0, out.getvalue()[-3000:]
        return dict(redone)

    return run


def committed(name: str) -> bytes:
    return (PROJECT_ROOT / name).read_bytes()


def test_a_clone_rebuilds_an_edited_output_and_skips_the_rest(clone, build):
    chart = "figures/02-investment-by-stage.svg"
    (clone / chart).write_bytes(committed(chart).replace(b"</svg>", b"<!-- edited by hand --></svg>"))
    notebook = notebooks.notebook_paths(clone / "notebooks")[0]
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    code = next(c for c in nb["cells"] if c["cell_type"] == "code" and c["outputs"])
    code["outputs"] = []  # cleared in JupyterLab, say
    notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    redone = build()
    assert redone == {"export": {"chart 02-investment-by-stage"}, "notebooks": [notebook.name]}
    for name in (chart, f"notebooks/{notebook.name}", f"exports/{freshness.MANIFEST_NAME}"):
        assert (clone / name).read_bytes() == committed(name), f"{name} differs from the committed file"


def test_an_unchanged_rebuild_does_nothing(clone, build):
    manifest = (clone / "exports" / freshness.MANIFEST_NAME).read_bytes()
    assert build() == {"export": set(), "notebooks": []}
    assert (clone / "exports" / freshness.MANIFEST_NAME).read_bytes() == manifest


def test_a_note_edit_rebuilds_only_the_workbook(clone, build):
    rows = read_csv(clone / "data" / "figures.csv")
    row = next(r for r in rows if r["note"].strip())
    row["note"] = row["note"] + " Re-read and confirmed."
    write_csv(clone / "data" / "figures.csv", rows)
    workbook = clone / "exports" / "reportlib-tables.xlsx"
    before = workbook.read_bytes()
    assert build() == {"export": {"workbook"}, "notebooks": []}
    assert workbook.read_bytes() != before


def test_a_notebook_cell_edit_reruns_only_that_notebook(clone, build):
    notebook = notebooks.notebook_paths(clone / "notebooks")[-1]
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    text = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    text["source"] = "".join(text["source"]) + "\n\nEdited."
    notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert build() == {"export": set(), "notebooks": [notebook.name]}
    assert "Edited." in notebook.read_text(encoding="utf-8")
    shutil.copy2(PROJECT_ROOT / "notebooks" / notebook.name, notebook)  # as committed, for the next test


def test_a_data_edit_rebuilds_everything_that_reads_it(clone, build, tmp_path):
    # the plan alone: a rebuild of everything is what the forced build of test_notebooks.py already does
    rows = read_csv(clone / "data" / "projects.csv")
    rows[0]["name_en"] = rows[0]["name_en"] + " (edited)"
    write_csv(clone / "data" / "projects.csv", rows)
    plan = freshness.Plan(clone, clone / "data", clone / "exports" / freshness.MANIFEST_NAME)
    every = export.outputs(clone / "figures", clone / "exports")
    assert {name for name, files in every.items() if plan.stale(name, files)} == set(every)
    shutil.copy2(PROJECT_ROOT / "data" / "projects.csv", clone / "data" / "projects.csv")

