"""The committed notebooks are the product: clean on GitHub, walkable in order, and current.

`rebuilt` runs the main job, forced, once on a copy of the tracked files; the tests then compare what
it produced with what is committed, so a change to data or code that was not re-run fails here
with the notebook and cell to re-run. The same build proves the outputs' declared inputs true: it runs
with every note rewritten, and an output that declares it does not show notes must come out
byte-identical; a second, ordinary build with the notes restored then redoes what does show them.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import copy_project, read_csv, spy_on_build, tracked_files, write_csv
from reportlib.curation.paths import PROJECT_ROOT
from reportlib.pipeline import build as build_module
from reportlib.pipeline import export, freshness, notebooks
from reportlib.pipeline.notebooks import notebook_paths

NOTEBOOKS = notebook_paths(PROJECT_ROOT / "notebooks")
ABSOLUTE_PATH = re.compile(r"(/root/|/home/\w|/tmp/|/work/|/Users/\w|[A-Z]:\\\\Users)")
ALLOWED_MIME = {"text/plain", "text/html", "text/markdown", "image/png"}
MAX_BYTES = 1_000_000


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _code_cells(nb: dict):
    return [(i, c) for i, c in enumerate(nb["cells"], 1) if c["cell_type"] == "code"]


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def test_the_sequence_is_complete():
    assert [p.name for p in NOTEBOOKS] == [
        "01-sources.ipynb", "02-investment.ipynb", "03-growth.ipynb", "04-projects.ipynb", "05-text.ipynb", "06-summary.ipynb",
        "07-appendix-quality.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_clean_for_github(path):
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size / 1e6:.2f} MB: GitHub may not render it"
    nb = _load(path)
    counts = []
    for number, cell in _code_cells(nb):
        counts.append(cell.get("execution_count"))
        for output in cell["outputs"]:
            where = f"{path.name} cell {number}"
            assert output["output_type"] != "error", f"{where}: error output {output.get('ename')}"
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), f"{where}: stderr: {_text(output['text'])[:200]}"
            texts = [_text(output.get("text", ""))] + [_text(v) for k, v in output.get("data", {}).items() if k.startswith("text/")]
            for text in texts:
                assert not ABSOLUTE_PATH.search(text), f"{where}: absolute path {ABSOLUTE_PATH.search(text)[0]!r}"
                assert "Glyph" not in text and "missing from font" not in text, f"{where}: missing-glyph warning"
                assert "Warning" not in text, f"{where}: a warning in the output: {text[:200]}"
            extra = set(output.get("data", {})) - ALLOWED_MIME
            assert not extra, f"{where}: outputs GitHub cannot show: {sorted(extra)}"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: execution counts {counts}: not run top to bottom"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_walks_to_its_neighbours_and_says_what_it_found(path):
    nb = _load(path)
    first, last = _text(nb["cells"][0]["source"]), _text(nb["cells"][-1]["source"])
    index = NOTEBOOKS.index(path)
    for neighbour in ([NOTEBOOKS[index - 1]] if index else []) + ([NOTEBOOKS[index + 1]] if index + 1 < len(NOTEBOOKS) else []):
        assert f"({neighbour.name})" in first and f"({neighbour.name})" in last, f"{path.name}: no link to {neighbour.name}"
    assert "**Question.**" in first and "**Sources.**" in first
    if "claims" in _text(nb["cells"][1]["source"]):  # the comparison notebooks open each section with its claims
        sections = [i for i, c in enumerate(nb["cells"]) if _text(c["source"]).startswith("## ")]
        for i in sections:
            following = nb["cells"][i + 1] if i + 1 < len(nb["cells"]) else {"source": ""}
            assert "display.show_claims(" in _text(following["source"]) or "display.table(" in _text(following["source"]) \
                or "display.show_" in _text(following["source"]), f"{path.name}: section {i} does not open with its answer"
    else:
        assert any(_text(c["source"]).startswith("## Findings") for c in nb["cells"]), f"{path.name}: no findings section"


def test_readme_lists_every_notebook():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f"(notebooks/{path.name})" in readme


def test_notebooks_type_no_numbers_into_code():
    # Numbers come from data/ through reportlib: code cells hold no numeric literals beyond small indexes.
    for path in NOTEBOOKS:
        for number, cell in _code_cells(_load(path)):
            literals = re.findall(r"(?<![\w.\"'])\d+(?:\.\d+)?(?![\w\"'])", _text(cell["source"]))
            big = [x for x in literals if float(x) > 20]
            assert not big, f"{path.name} cell {number}: numbers typed into code: {big}"


# The end-to-end freshness check: one forced build of everything, shared by the tests below (and the note
# test: the forced build runs with every note rewritten, so that it proves both at once). `make test`
# distributes whole files (pytest-xdist --dist loadfile), so one worker builds once while the other runs
# the rest of the suite.
@dataclass
class Rebuilt:
    root: Path  # the copy after both builds: it should hold exactly the committed files
    redone: dict  # what the forced build was asked to redo: {"export": output names, "notebooks": file names}
    other_notes: dict[str, bytes]  # every output file, relative path -> bytes, as the forced build made them


def _rewrite_every_note(data: Path) -> None:
    """Every non-empty note of the curated tables becomes another text (an empty note stays empty)."""
    for table in freshness.NOTE_TABLES:
        rows = read_csv(data / table)
        for row in rows:
            if row["note"].strip():
                row["note"] = f"Rewritten note {len(row['note'])}."
        write_csv(data / table, rows)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Rebuilt:
    """A copy of the tracked files, built twice: first forced (every output redone) with every note
    rewritten, then, with the notes restored, as a user runs it (`python -m reportlib build`), which
    redoes what shows notes. An output that declares it does not show notes must come out of the first
    build byte-identical to the committed file; after the second, every tracked file must be."""
    root = copy_project(tmp_path_factory.mktemp("rebuild") / "project")
    _rewrite_every_note(root / "data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REPORTLIB_ROOT", str(root))
        patch.setenv("REPORTLIB_DATA_DIR", str(root / "data"))
        redone = spy_on_build(patch)
        out = io.StringIO()
        # force: the committed manifest would let the build skip every output, and this rebuild must redo them
        code = build_module.build(root, out=out, err=out, force=True)
    assert code == 0, f"the forced build failed on a copy of the project:\n{out.getvalue()[-3000:]}"
    every = export.outputs(root / "figures", root / "exports")
    files = [f for paths in every.values() for f in paths] + notebooks.notebook_paths(root / "notebooks")
    other_notes = {f.relative_to(root).as_posix(): f.read_bytes() for f in files}

    for table in freshness.NOTE_TABLES:
        shutil.copy2(PROJECT_ROOT / "data" / table, root / "data" / table)
    env = {**os.environ, "REPORTLIB_ROOT": str(root)}
    env.pop("REPORTLIB_DATA_DIR", None)
    run = subprocess.run([sys.executable, "-m", "reportlib", "build"], cwd=root, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, f"the build failed on a copy of the project:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    return Rebuilt(root, redone, other_notes)


def _text_outputs(cell: dict) -> list[str]:
    texts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            texts.append(_text(output["text"]))
        for mime in ("text/plain", "text/html", "text/markdown"):
            if mime in output.get("data", {}) and "image/png" not in output["data"]:
                texts.append(_text(output["data"][mime]))
    return texts


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_outputs_are_current(rebuilt, path):
    committed, fresh = _load(path), _load(rebuilt.root / "notebooks" / path.name)
    stale = [number for (number, old), (_, new) in zip(_code_cells(committed), _code_cells(fresh))
             if _text_outputs(old) != _text_outputs(new)]
    assert not stale, (f"notebooks/{path.name}: the outputs of cell(s) {stale} differ from a fresh run; "
                       "re-run the notebooks with `make build` and commit them")


def test_a_rebuild_changes_no_tracked_file(rebuilt):
    changed = [name for name in tracked_files()
               if (PROJECT_ROOT / name).read_bytes() != (rebuilt.root / name).read_bytes()]
    assert not changed, f"the build changed tracked files (run `make build` and commit): {changed}"


def test_outputs_that_declare_they_do_not_show_notes_are_byte_identical_when_every_note_changes(rebuilt):
    every = export.outputs(rebuilt.root / "figures", rebuilt.root / "exports")
    assert rebuilt.redone["export"] == set(every) and len(rebuilt.redone["notebooks"]) == len(NOTEBOOKS)
    declared = [f.relative_to(rebuilt.root).as_posix() for name, files in every.items()
                if name not in freshness.NOTES_SHOWN_BY for f in files]
    declared += [f"notebooks/{p.name}" for p in NOTEBOOKS]
    differ = [name for name in declared if rebuilt.other_notes[name] != (PROJECT_ROOT / name).read_bytes()]
    assert not differ, f"declared not to show notes, yet changed by a note edit: {differ}"
    shows = [f.relative_to(rebuilt.root).as_posix() for name in freshness.NOTES_SHOWN_BY for f in every[name]]
    assert shows and all(rebuilt.other_notes[name] != (PROJECT_ROOT / name).read_bytes() for name in shows)
