"""What makes an output stale (pipeline/freshness.py), without running a build: each kind of input
(data, notes, package code, notebook cells) moves the hash of exactly the outputs that declare it, and a
manifest that is missing, corrupt or contradicted by an output's bytes never lets an output be skipped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reportlib.curation.paths import PROJECT_ROOT
from reportlib.pipeline import freshness
from reportlib.pipeline.export import outputs
from reportlib.pipeline.notebooks import notebook_paths


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", folder)
    return folder


def edit_first_row(path: Path, column: str, value: str) -> None:
    """Set one cell of the first data row of a CSV file, keeping everything else byte for byte."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    at = rows[0].index(column)
    assert rows[1][at] != value
    rows[1][at] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def digests(folder: Path) -> tuple[str, str]:
    return freshness.data_digest(folder, shows_notes=False), freshness.data_digest(folder, shows_notes=True)


def test_a_note_edit_moves_only_the_digest_of_outputs_that_show_notes(data):
    before = digests(data)
    edit_first_row(data / "figures.csv", "note", "A different explanation, same figure.")
    after = digests(data)
    assert after[0] == before[0]  # charts, deck, notebooks: unchanged
    assert after[1] != before[1]  # the workbook shows notes


def test_whether_a_note_is_there_counts_for_every_output(data):
    # the check asks for a note on a bounded figure without a qualifier: presence is an input of all
    before = digests(data)
    edit_first_row(data / "figures.csv", "note", "")
    after = digests(data)
    assert after[0] != before[0] and after[1] != before[1]


@pytest.mark.parametrize("table, column, value", [("figures.csv", "subject_en", "edited subject"),
                                                  ("projects.csv", "name_en", "Edited Road"),
                                                  ("exclusions.csv", "reason", "edited")])
def test_any_other_data_edit_moves_every_digest(data, table, column, value):
    before = digests(data)
    edit_first_row(data / table, column, value)
    after = digests(data)
    assert after[0] != before[0] and after[1] != before[1]


def test_a_raw_text_or_a_new_file_moves_every_digest(data):
    before = digests(data)
    raw = sorted((data / "raw").glob("*.txt"))[0]
    raw.write_bytes(raw.read_bytes() + b"\n")
    middle = digests(data)
    (data / "text" / "extra.txt").write_text("x", encoding="utf-8")
    after = digests(data)
    assert len({before[0], middle[0], after[0]}) == 3 and len({before[1], middle[1], after[1]}) == 3


def test_package_code_is_an_input(tmp_path):
    import reportlib

    package = tmp_path / "reportlib"
    shutil.copytree(Path(reportlib.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = freshness.code_digest(package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"cache")
    assert freshness.code_digest(package) == before  # caches are not code
    style = next(package.rglob("*.mplstyle"))
    style.write_text(style.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert freshness.code_digest(package) != before


def test_a_notebook_is_keyed_by_its_cells_not_its_outputs(tmp_path):
    source = notebook_paths()[0]
    nb = json.loads(source.read_text(encoding="utf-8"))
    path = tmp_path / source.name
    path.write_text(json.dumps(nb), encoding="utf-8")
    before = freshness.notebook_cells_digest(path)
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["outputs"] = []
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert freshness.notebook_cells_digest(path) == before
    code["source"] = "".join(code["source"]) + "\n1 + 1"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert freshness.notebook_cells_digest(path) != before


def test_the_committed_manifest_covers_every_output_and_matches_the_committed_files():
    manifest = json.loads((PROJECT_ROOT / "exports" / freshness.MANIFEST_NAME).read_text(encoding="utf-8"))
    expected = set(outputs()) | {f"notebook {p.name}" for p in notebook_paths()}
    assert set(manifest["outputs"]) == expected
    for record in manifest["outputs"].values():
        for name, digest in record["files"].items():
            assert freshness.file_hash(PROJECT_ROOT / name) == digest, f"{name} differs from its manifest entry"


def _plan(tmp_path, manifest_bytes: bytes | None) -> freshness.Plan:
    """A plan for a copy of the committed outputs, with the given manifest (None: no manifest)."""
    root = tmp_path / "clone"
    for folder in ("figures", "exports", "notebooks"):
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    path = root / "exports" / freshness.MANIFEST_NAME
    if manifest_bytes is None:
        path.unlink()
    else:
        path.write_bytes(manifest_bytes)
    return freshness.Plan(root, PROJECT_ROOT / "data", path)


def _stale(plan: freshness.Plan) -> set[str]:
    every = outputs(plan.root / "figures", plan.root / "exports")
    return {name for name, files in every.items() if plan.stale(name, files)}


def test_a_clone_with_the_committed_manifest_skips_the_export(tmp_path):
    committed = (PROJECT_ROOT / "exports" / freshness.MANIFEST_NAME).read_bytes()
    assert _stale(_plan(tmp_path, committed)) == set()


@pytest.mark.parametrize("manifest", [None, b"", b"{not json", b'{"format": 1, "outputs": []}',
                                      b'{"format": 99, "outputs": {}}'],
                         ids=["missing", "empty", "corrupt", "wrong shape", "other format"])
def test_a_missing_or_corrupt_manifest_makes_every_output_stale(tmp_path, manifest):
    assert _stale(_plan(tmp_path, manifest)) == set(outputs())


def test_an_edited_output_is_stale_even_with_its_inputs_as_recorded(tmp_path):
    committed = (PROJECT_ROOT / "exports" / freshness.MANIFEST_NAME).read_bytes()
    plan = _plan(tmp_path, committed)
    svg = plan.root / "figures" / "01-metric-coverage.svg"
    svg.write_bytes(svg.read_bytes().replace(b"</svg>", b"<!-- edited --></svg>"))
    (plan.root / "exports" / "reportlib-deck.pptx").unlink()
    assert _stale(plan) == {"chart 01-metric-coverage", "deck"}


def test_force_makes_every_output_stale(tmp_path):
    committed = (PROJECT_ROOT / "exports" / freshness.MANIFEST_NAME).read_bytes()
    plan = _plan(tmp_path, committed)
    forced = freshness.Plan(plan.root, PROJECT_ROOT / "data", plan.path, force=True)
    assert _stale(forced) == set(outputs())


def test_other_library_versions_make_every_output_stale(tmp_path, monkeypatch):
    committed = (PROJECT_ROOT / "exports" / freshness.MANIFEST_NAME).read_bytes()
    monkeypatch.setattr(freshness, "environment_digest", lambda: "another machine's libraries")
    assert _stale(_plan(tmp_path, committed)) == set(outputs())
