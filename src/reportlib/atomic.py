"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Every generated file (figures, deck, workbook, figures/README.md) is rendered in memory first
and written here: bytes go to a temporary file in the target's own folder (same file system,
so os.replace is atomic), are flushed to disk, and only then replace the target. If anything
fails before the replace, the temporary file is removed and the old target is left untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _default_mode() -> int:
    """The permissions a plain open() would give a new file (0666 minus the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_bytes(path: Path | str, data: bytes) -> Path:
    """Write `data` to `path` atomically and return the path.

    When the file already holds exactly these bytes it is left alone (its modification time
    too), so regenerating unchanged outputs does not touch them.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return path
    mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
    return path


def write_text(path: Path | str, text: str) -> Path:
    """Write UTF-8 text atomically with Unix line endings."""
    return write_bytes(path, text.encode("utf-8"))
