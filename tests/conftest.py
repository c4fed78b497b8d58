"""Shared fixtures: the project's tables (loaded once, read-only), its report ids as the data give them,
and a throw-away copy of the data folder to break on purpose.

The tests are in three folders: unit/ (one module of the package at a time, mirroring its layers),
data/ (the curated tables as they stand) and integration/ (the build, the notebooks, the exports).
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from reportlib.curation.paths import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> None:
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_row(path: Path, index: int, **changes: str) -> dict[str, str]:
    """Change cells of data row `index` (0-based) and return the original row."""
    rows = read_csv(path)
    original = dict(rows[index])
    rows[index].update(changes)
    write_csv(path, rows)
    return original


def report_ids(folder: Path = DATA) -> list[str]:
    """The report ids in the order of reports.csv: tests never write them out."""
    return [row["id"] for row in read_csv(folder / "reports.csv")]


def tracked_files(root: Path = PROJECT_ROOT) -> list[str]:
    """The project's files as a commit of the working tree would hold them: tracked files (as edited, less
    those deleted) and new files git does not ignore, such as the raw text of a report just added."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root,
                            capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    return sorted({name for name in listed if name and (root / name).is_file()})


def copy_project(target: Path) -> Path:
    """A copy of the project's files (what a fresh clone holds once the work in progress is committed)."""
    for name in tracked_files():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT_ROOT / name, path)
    return target


def spy_on_build(patch: pytest.MonkeyPatch) -> dict:
    """Record what a build redoes, through `patch`: {"export": the outputs rendered, "notebooks": the
    notebooks executed}, filled in as the build runs (the real work still happens)."""
    from reportlib.pipeline import export, notebooks

    redone = {"export": set(), "notebooks": []}
    render_export, render_notebooks = export.render_all, notebooks.render_all

    def spy_export(tables, figures_dir, exports_dir, wanted=None, workers=1):
        redone["export"] |= set(wanted)
        return render_export(tables, figures_dir, exports_dir, wanted=wanted, workers=workers)

    def spy_notebooks(folder, out=None, paths=None, kernels=None, before_each=lambda: None):
        redone["notebooks"] += [p.name for p in paths]
        return render_notebooks(folder, io.StringIO(), paths=paths, kernels=kernels, before_each=before_each)

    patch.setattr(export, "render_all", spy_export)
    patch.setattr(notebooks, "render_all", spy_notebooks)
    return redone


def restrict(tables, keep):
    """The tables of the reports in `keep` only (a smaller set of places built from the real ones)."""
    import dataclasses

    keep = [str(r) for r in keep]

    def rows(frame):
        return frame[frame["report"].astype(str).isin(keep)].reset_index(drop=True)

    reports = tables.reports[tables.reports["id"].astype(str).isin(keep)].reset_index(drop=True)
    return dataclasses.replace(tables, reports=reports, figures=rows(tables.figures), projects=rows(tables.projects),
                               exclusions=rows(tables.exclusions), texts={r: tables.texts[r] for r in keep})


@pytest.fixture(scope="session")
def tables():
    """The project's tables, loaded once per test process. Read-only: a test that edits copies first."""
    from reportlib import load_all

    return load_all()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


# The longest files start first, longest first (measured: `pytest --durations=0`), and the short ones fill in
# around them: under `make test` (pytest-xdist, whole files per worker, --no-loadscope-reorder so that it
# keeps this order) the one forced build of the suite (test_notebooks.py) and the chart layout checks start
# at once, one on each worker, and neither waits behind the other.
LONG_FIRST = ("tests/integration/test_notebooks.py", "tests/unit/report/test_layout.py",
              "tests/integration/test_more_reports.py", "tests/unit/report/test_charts.py",
              "tests/integration/test_export.py", "tests/integration/test_fast_rebuild.py",
              "tests/unit/analysis/test_claims.py")


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        return next((i for i, name in enumerate(LONG_FIRST) if item.nodeid.startswith(name)), len(LONG_FIRST))

    items.sort(key=rank)
