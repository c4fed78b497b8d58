"""The main job: check the data, render figures, deck and workbook, execute the notebooks, publish.

Nothing is published until every step has passed: the export and the notebooks write into staging
folders (pipeline/publish.py), and the last step swaps the whole set in together. A failure, Ctrl-C
or SIGTERM at any step leaves every published output exactly as it was, and ends with one line:
"build stopped: step N (name) failed: reason", never a traceback.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportlib.curation.paths import PROJECT_ROOT, display_path
from reportlib.pipeline.publish import PublishError, Staging, signals_held


class StepFailed(Exception):
    """A step failed and has printed its details; the message is the one-line reason."""


class Stopped(BaseException):
    """SIGTERM (or another stop signal) arrived: handled like Ctrl-C."""


@dataclass
class Run:
    """What the steps of one build share: the project folder and the outputs staged so far."""

    root: Path
    staging: Staging
    out: object = sys.stdout
    signals: _Signals | None = None

    @property
    def figures_dir(self) -> Path:
        return self.root / "figures"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    @property
    def notebooks_dir(self) -> Path:
        return self.root / "notebooks"


def _check(run: Run) -> None:
    from reportlib.pipeline.check import run_check

    if run_check(None, out=run.out):
        raise StepFailed("the data check found problems (listed above)")


def _export(run: Run) -> None:
    from reportlib.curation.load import load_all
    from reportlib.pipeline.export import ExportError, render_all

    try:
        files = render_all(load_all(), run.figures_dir, run.exports_dir)
    except ExportError as err:
        print(err, file=run.out)
        raise StepFailed(str(err).splitlines()[0]) from None
    for target, data in files.items():
        run.staging.add(target, data)
    print(f"rendered {len(files)} files for figures/ and exports/", file=run.out)


@contextmanager
def _environment(name: str, value: str):
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def _in_worker_thread(function, *args, **kwargs):
    """Call `function` in a worker thread and wait for it. nbclient, run in the main thread, takes over
    SIGINT and SIGTERM and afterwards resets them to the defaults; in another thread it leaves them to
    the build, which notes them and stops between notebooks."""
    result: dict = {}

    def work():
        try:
            result["value"] = function(*args, **kwargs)
        except BaseException as err:  # handed to the main thread below
            result["error"] = err

    worker = threading.Thread(target=work, name="notebooks", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.2)  # short waits: the main thread runs the signal handlers in between
    if "error" in result:
        raise result["error"]
    return result["value"]


def _notebooks(run: Run) -> None:
    from reportlib.pipeline.notebooks import NotebookFailure, render_all

    # the kernels see the charts this build staged (the summary notebook shows them), not the published ones
    with _environment("REPORTLIB_FIGURES_DIR", str(run.staging.folder(run.figures_dir))), \
            run.signals.deferred_to_checks():
        try:
            rendered = _in_worker_thread(render_all, run.notebooks_dir, before_each=run.signals.check)
        except NotebookFailure as failure:
            run.signals.check()  # a cell stopped by Ctrl-C is an interruption, not a broken notebook
            raise StepFailed(f"notebook failed: {failure}") from None
    for target, data in rendered.items():
        run.staging.add(target, data)


def _publish(run: Run) -> None:
    staged = len(run.staging.staged)
    changed = run.staging.publish()
    print(f"published {len(changed)} changed file(s) of {staged}", file=run.out)


# Export before the notebooks: the summary notebook shows the exported slide charts.
STEPS = (("check the data", _check), ("export figures, deck and workbook", _export),
         ("execute the notebooks", _notebooks), ("publish the outputs", _publish))


def reason_of(err: BaseException) -> tuple[str, int]:
    """The one-line reason and exit code for an exception that ended a step."""
    if isinstance(err, KeyboardInterrupt):
        return "interrupted (Ctrl-C); the published outputs are as they were", 130
    if isinstance(err, Stopped):
        return f"stopped by {err}; the published outputs are as they were", 128 + signal.SIGTERM
    if isinstance(err, (StepFailed, PublishError)):
        return str(err), 1
    from reportlib.curation.errors import DataError

    if isinstance(err, DataError):
        return f"{len(err.problems)} problem(s) in the data (listed above)", 1
    if isinstance(err, OSError) and err.filename:
        return f"{display_path(Path(err.filename))}: {err.strerror or err}: check the path and its permissions", 1
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0] if text else 'no message'}", 1


class _Signals:
    """Turns SIGINT and SIGTERM into exceptions and remembers them: libraries that run the kernels may
    catch the KeyboardInterrupt and raise something else, and the stop line must still say why."""

    def __init__(self):
        self.received: int | None = None
        self.deferred = False
        self.previous = {}

    def __enter__(self):
        for signum in (signal.SIGINT, signal.SIGTERM):
            self.previous[signum] = signal.signal(signum, self._raise)
        return self

    def __exit__(self, *exc):
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)

    def _raise(self, signum, frame):
        self.received = self.received or signum
        if not self.deferred:
            self.check()

    def check(self) -> None:
        """Raise for a signal that has arrived (KeyboardInterrupt for SIGINT, Stopped for SIGTERM)."""
        if self.received == signal.SIGINT:
            raise KeyboardInterrupt
        if self.received:
            raise Stopped(signal.Signals(self.received).name)

    @contextmanager
    def deferred_to_checks(self):
        """Only note signals meanwhile; the notebooks step calls `check` between notebooks. (Ctrl-C in a
        terminal interrupts the kernel too, which stops the running notebook at once.)"""
        self.deferred = True
        try:
            yield
        finally:
            self.deferred = False
        self.check()

    def explain(self, error: BaseException) -> BaseException:
        """The error to report: the signal, if one arrived, whatever the exception became on its way up."""
        if self.received == signal.SIGINT and not isinstance(error, KeyboardInterrupt):
            return KeyboardInterrupt()
        if self.received == signal.SIGTERM and not isinstance(error, Stopped):
            return Stopped("SIGTERM")
        return error


def build(root: Path | str = PROJECT_ROOT, steps=STEPS, out=sys.stdout, err=sys.stderr) -> int:
    """Run every step in order, then publish; return 0, or an exit code after "build stopped: …"."""
    started = time.perf_counter()
    number, name, staging = 0, "prepare", None
    with _Signals() as signals:
        try:
            root = Path(root)
            staging = Staging([root / "figures", root / "exports", root / "notebooks"])
            run = Run(root, staging, out, signals)
            for number, (name, step) in enumerate(steps, 1):
                print(f"\n[{number}/{len(steps)}] {name}", file=out, flush=True)
                step(run)
                out.flush()
        except (Exception, KeyboardInterrupt, Stopped) as error:
            from reportlib.curation.errors import DataError

            error = signals.explain(error)
            if isinstance(error, DataError):
                print(error, file=out)
            reason, code = reason_of(error)
            if staging is not None:
                with signals_held():  # a second Ctrl-C must not interrupt the clean-up
                    staging.discard()
            out.flush()
            print(f"\nbuild stopped: step {number} ({name}) failed: {reason}", file=err, flush=True)
            return code
    print(f"\nbuild finished in {time.perf_counter() - started:.1f} s", file=out)
    return 0
