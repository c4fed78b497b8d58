"""One project root, anchored in the package, so notebooks work from any working directory.

REPORTLIB_ROOT overrides the root (for a copy of the project elsewhere); REPORTLIB_DATA_DIR
overrides only the data folder.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("REPORTLIB_ROOT", Path(__file__).resolve().parents[3]))


def data_dir() -> Path:
    """The data folder: REPORTLIB_DATA_DIR if set, else <project>/data."""
    return Path(os.environ.get("REPORTLIB_DATA_DIR", PROJECT_ROOT / "data"))


# REPORTLIB_FIGURES_DIR: the build points the notebooks at the charts it has staged but not yet published.
FIGURES_DIR = Path(os.environ.get("REPORTLIB_FIGURES_DIR", PROJECT_ROOT / "figures"))
EXPORTS_DIR = PROJECT_ROOT / "exports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"


@lru_cache(maxsize=1024)
def display_path(path: Path) -> str:
    """A path as people should see it in messages: relative to the project when inside it.

    Cached: the check names a file for every row it looks at, and resolving costs file-system calls."""
    path = Path(path)
    try:
        return path.resolve().relative_to(_resolved_root()).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=1)
def _resolved_root() -> Path:
    return PROJECT_ROOT.resolve()
