"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Every generated file (figures, deck, workbook, figures/README.md) is rendered in memory first
and written here: bytes go to a temporary file in the target's own folder (same file system,
so os.replace is atomic), are flushed to disk, and only then replace the target. If anything
fails before the replace, the temporary file is removed and the old target is left untouched.
"""

from __future__ import annotations

import contextlib
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
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    return path


def write_text(path: Path | str, text: str) -> Path:
    """Write UTF-8 text atomically with Unix line endings."""
    return write_bytes(path, text.encode("utf-8"))


# ---------------------------------------------------------------------------------------------
# Reproducible Office files: .pptx and .xlsx are zip archives whose members carry the time they
# were written, and whose core properties carry creation and modification dates. Both are fixed
# here, so that regenerating from unchanged data gives identical bytes (and an empty git diff).

# SOURCE_DATE_EPOCH (the reproducible-builds.org convention) overrides the constant.
_DEFAULT_EPOCH = 1735689600  # 2025-01-01T00:00:00Z: a fixed stamp, not the time of any event


def fixed_time():
    """The timestamp written into generated documents (naive UTC datetime)."""
    import datetime

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", _DEFAULT_EPOCH))
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).replace(tzinfo=None)


def reproducible_zip(data: bytes) -> bytes:
    """Rewrite a zip archive with every member's timestamp and attributes fixed (order and content kept)."""
    import io
    import zipfile

    stamp = fixed_time().timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))  # the zip format cannot store earlier dates
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member.filename))
    return out.getvalue()
