"""One project root, anchored in the package, so notebooks work from any working directory.

REPORTLIB_ROOT overrides the root (for a copy of the project elsewhere); REPORTLIB_DATA_DIR
overrides only the data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("REPORTLIB_ROOT", Path(__file__).resolve().parents[2]))


def data_dir() -> Path:
    """The data folder: REPORTLIB_DATA_DIR if set, else <project>/data."""
    return Path(os.environ.get("REPORTLIB_DATA_DIR", PROJECT_ROOT / "data"))


FIGURES_DIR = PROJECT_ROOT / "figures"
EXPORTS_DIR = PROJECT_ROOT / "exports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"


def display_path(path: Path) -> str:
    """A path as people should see it in messages: relative to the project when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(PROJECT_ROOT.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
