"""Publish a set of outputs all together or not at all.

Each output is written first into a hidden staging folder beside its target (`figures/.staging/`,
so the same file system and `os.replace` is atomic). Nothing the reader sees changes until every
output of the run is staged. Then a journal naming every replacement is written (the commit point),
the files are moved in with SIGINT and SIGTERM held back, and the journal is removed. The journal
lives in the first output folder (by name), so a run never writes outside its output folders.

Before the commit point a failure or a kill leaves every published file as it was (the staging
folders are swept away by the next run). After it, a run that was killed outright (SIGKILL, power
loss) is finished by the next one from the journal: the set is then all new, never mixed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path

from reportlib.curation.paths import display_path
from reportlib.report.atomic import write_text

STAGING = ".staging"
JOURNAL = ".publish-journal.json"


class PublishError(RuntimeError):
    """An output folder cannot be written; the message names it and says what to do."""


def _folder_error(folder: Path, err: OSError) -> PublishError:
    reason = err.strerror or str(err)
    return PublishError(f"cannot write to {display_path(folder)}/ ({reason}): make it a writable folder and run again")


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def signals_held():
    """Hold SIGINT and SIGTERM back while files are moved in (a few renames), then deliver them.

    Python runs signal handlers in the main thread, so swapping the handlers holds them for the
    whole process (a signal mask would not: the kernel may hand the signal to another thread)."""
    pending: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, lambda signum, frame: pending.append(signum)) for signum in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in dict.fromkeys(pending):
            signal.raise_signal(signum)


def recover(folders: list[Path]) -> list[Path]:
    """Finish a publication that a killed run left after its commit point, sweep away what runs stopped
    before theirs staged; return the files moved in."""
    done = []
    for folder in map(Path, folders):
        journal = folder / JOURNAL
        if journal.is_file():
            moves = json.loads(journal.read_text(encoding="utf-8"))
            done += _move_in([(Path(staged), Path(target)) for staged, target in moves])
            journal.unlink()
    for folder in map(Path, folders):
        if (folder / STAGING).is_dir():  # left by a run stopped before its commit point, or finished above
            shutil.rmtree(folder / STAGING, ignore_errors=True)
    return done


def _move_in(moves: list[tuple[Path, Path]]) -> list[Path]:
    done = []
    with signals_held():
        for staged, target in moves:
            if staged.exists():
                os.replace(staged, target)
                done.append(target)
        for folder in {target.parent for _, target in moves}:
            _fsync_folder(folder)
    return done


class Staging:
    """Outputs rendered but not yet published, one hidden staging folder per output folder."""

    def __init__(self, folders: list[Path]):
        """`folders`: every output folder of the run; the first one keeps the journal of the publication."""
        self.folders = sorted({Path(f) for f in folders})
        self.journal = self.folders[0] / JOURNAL
        self.staged: dict[Path, Path] = {}  # target -> staged copy
        self.committed = False  # once the journal is written, the staged files belong to it
        recover(self.folders)

    def folder(self, target_folder: Path) -> Path:
        """The staging folder of an output folder (created empty on first use): a run's view of its new outputs."""
        target_folder = Path(target_folder)
        staging = target_folder / STAGING
        if target_folder.exists() and not target_folder.is_dir():
            raise PublishError(f"cannot write to {display_path(target_folder)}/ (it is a file, not a folder): "
                               "move the file away and run again")
        try:
            target_folder.mkdir(parents=True, exist_ok=True)
            staging.mkdir(exist_ok=True)
        except OSError as err:
            raise _folder_error(target_folder, err) from None
        return staging

    def add(self, target: Path, data: bytes) -> Path:
        """Stage `data` as the next version of `target`; return the staged path."""
        target = Path(target)
        staged = self.folder(target.parent) / target.name
        try:
            with open(staged, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
            os.chmod(staged, mode)
        except OSError as err:
            raise _folder_error(target.parent, err) from None
        self.staged[target] = staged
        return staged

    def publish(self) -> list[Path]:
        """Move every staged file that differs from its target in, all together; return the targets changed."""
        moves = [(staged, target) for target, staged in self.staged.items() if not _same(staged, target)]
        if moves:
            write_text(self.journal, json.dumps([[str(s), str(t)] for s, t in moves], ensure_ascii=False))
            self.committed = True
            try:
                _move_in(moves)
            except OSError as err:
                raise PublishError(f"publishing stopped halfway ({err}): run the same command again to finish it") from None
            self.journal.unlink()
        self.discard()
        return [target for _, target in moves]

    def discard(self) -> None:
        """Remove the staging folders; the published outputs stay as they were."""
        if self.committed and self.journal.exists():
            return  # the next run finishes this publication from the journal
        for folder in {target.parent / STAGING for target in self.staged}:
            shutil.rmtree(folder, ignore_errors=True)
        self.staged.clear()


def _same(staged: Path, target: Path) -> bool:
    return (target.is_file() and target.stat().st_size == staged.stat().st_size
            and target.read_bytes() == staged.read_bytes())


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def publish_files(files: dict[Path, bytes]) -> list[Path]:
    """Stage and publish `files` (target -> bytes) all together; return the targets changed."""
    staging = Staging([Path(target).parent for target in files])
    try:
        for target, data in files.items():
            staging.add(target, data)
        return staging.publish()
    except BaseException:
        staging.discard()
        raise
