"""Shared fixtures: a throw-away copy of the project's data folder to break on purpose."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from reportlib.curation.paths import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


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
