"""The build on a copy of the project with a broken table: it stops at the check and writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import copy_project, edit_row, tracked_files


def test_a_broken_table_stops_the_build_before_any_output_is_written(tmp_path):
    root = copy_project(tmp_path / "project")
    edit_row(root / "data" / "figures.csv", 0, value="八")
    outputs = ("figures/", "exports/", "notebooks/")
    before = {name: (root / name).read_bytes() for name in tracked_files() if name.startswith(outputs)}
    env = {**os.environ, "REPORTLIB_ROOT": str(root)}
    env.pop("REPORTLIB_DATA_DIR", None)
    run = subprocess.run([sys.executable, "-m", "reportlib", "build"], cwd=root, env=env, capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 1
    assert "column value: not a number (value: '八')" in run.stdout + run.stderr
    assert "build stopped: step 1 (check the data) failed" in run.stderr
    assert "[2/" not in run.stdout, "no later step started"
    after = {str(p.relative_to(root)): p.read_bytes() for folder in outputs for p in (root / folder).rglob("*")
             if p.is_file()}
    assert after == before, "the outputs are the committed ones, byte for byte, and nothing was added"
