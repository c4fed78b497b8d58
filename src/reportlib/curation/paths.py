"""Where the project is: its root, found once per process, and paths as people should see them.

The root is found the way cookiecutter-data-science finds it, so that an editable install, a wheel
install and a copy of the project elsewhere all work: REPORTLIB_ROOT if set; else the nearest folder,
from the working directory up, that holds data/reports.csv (notebooks run in notebooks/, the command
line in the project); else the source tree the package was installed from in editable mode.
REPORTLIB_DATA_DIR overrides only the data folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

MARKER = Path("data") / "reports.csv"  # what makes a folder the project's working tree


def find_root(cwd: Path | None = None, environ: Mapping[str, str] = os.environ, source: Path | None = None) -> Path:
    """The project root (see the module's docstring); `source` is the tree above the package (src/..).
    Outside any project it is the working directory, so that loading names the missing data/reports.csv there."""
    source = source if source is not None else Path(__file__).resolve().parents[3]
    if environ.get("REPORTLIB_ROOT"):
        return Path(environ["REPORTLIB_ROOT"])
    cwd = Path(cwd) if cwd is not None else Path.cwd()
    for folder in (cwd, *cwd.parents):
        if (folder / MARKER).is_file():
            return folder
    if (source / MARKER).is_file():
        return source
    return cwd


PROJECT_ROOT = find_root()


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
