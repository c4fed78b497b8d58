"""A failing notebook cell is reported by notebook and cell, and stops the run before the next notebook."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from reportlib.pipeline.notebooks import _nbformat

# nbformat as the runner imports it: a plain `import nbformat` costs every test process ~1 s (its jsonschema
# builds a URI parser that notebooks never use; see _without_rfc3987_syntax)
nbformat = _nbformat()


def write_notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "notebooks").mkdir()
    write_notebook(tmp_path / "notebooks" / "01-breaks.ipynb", [
        nbformat.v4.new_markdown_cell("# A notebook that breaks in its third cell"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("x / 0"),
        nbformat.v4.new_code_cell("open('ran-on.txt', 'w').write('x')"),
    ])
    write_notebook(tmp_path / "notebooks" / "02-after.ipynb",
                   [nbformat.v4.new_code_cell("open('second-ran.txt', 'w').write('x')")])
    return tmp_path / "notebooks"


def test_a_failing_cell_is_named_with_its_notebook_and_number_and_stops_the_run(folder):
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    # as a user runs it (and in its own process: a kernel stopped mid-run leaves sockets to the interpreter's end)
    env = {**os.environ, "REPORTLIB_ROOT": str(folder.parent)}
    run = subprocess.run([sys.executable, "-m", "reportlib", "notebooks"], cwd=folder.parent, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 1
    message = run.stderr
    # the markdown cell counts: JupyterLab shows the failing cell as the third
    assert "notebook failed: notebooks/01-breaks.ipynb, cell 3: ZeroDivisionError" in message, message
    assert "Traceback" not in message
    assert not (folder / "ran-on.txt").exists(), "cells after the failing one did not run"
    # notebooks run side by side (one kernel per core), so the other may have run: what matters is that
    # neither is published when one fails
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix == ".ipynb"} == {
        name: data for name, data in before.items() if name.endswith(".ipynb")}, "no notebook was rewritten"
