"""The main job: check the data, render figures, deck and workbook, execute the notebooks, publish.

Only outputs whose inputs changed are redone (pipeline/freshness.py keeps the manifest of what each
was made from); `--force` redoes all. Nothing is published until every step has passed: the export
and the notebooks write into staging folders (pipeline/publish.py), and the last step swaps the
whole set in together. A failure, Ctrl-C or SIGTERM at any step leaves every published output
exactly as it was, and ends with one line:
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
    force: bool = False  # redo every output, whatever the manifest says
    plan: object = None  # freshness.Plan: which outputs are stale; set by the export step

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
    """Render the export's outputs whose inputs changed since the manifest recorded them (or all, forced)."""
    from reportlib.curation.load import load_all
    from reportlib.curation.paths import data_dir
    from reportlib.pipeline import freshness
    from reportlib.pipeline.export import ExportError, outputs, render_all
    from reportlib.pipeline.timings import usable_cores

    plan = run.plan = freshness.Plan(run.root, data_dir(), run.exports_dir / freshness.MANIFEST_NAME, run.force)
    every = outputs(run.figures_dir, run.exports_dir)
    stale = {name for name, paths in every.items() if plan.stale(name, paths)}
    files: dict = {}
    if stale:
        try:
            files = render_all(load_all(), run.figures_dir, run.exports_dir, wanted=stale, workers=usable_cores())
        except ExportError as err:
            print(err, file=run.out)
            raise StepFailed(str(err).splitlines()[0]) from None
    for name in stale:
        plan.made(name, {path: files[path] for path in every[name]})
    for target, data in files.items():
        run.staging.add(target, data)
    print(f"rendered {len(files)} files for figures/ and exports/ ({len(stale)} of {len(every)} outputs; "
          f"{len(every) - len(stale)} unchanged since their inputs were recorded)", file=run.out)


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
    """Execute the notebooks whose inputs (cells, data, code, the charts they may show) changed."""
    from reportlib.pipeline.freshness import notebook_cells_digest
    from reportlib.pipeline.notebooks import NotebookFailure, notebook_paths, render_all

    paths = notebook_paths(run.notebooks_dir)
    charts = run.plan.files_digest("chart ") if run.plan else ""
    extras = {path: (notebook_cells_digest(path), charts) if run.plan else () for path in paths}
    stale = [p for p in paths if run.plan is None or run.plan.stale(f"notebook {p.name}", [p], *extras[p])]
    if not stale:
        print(f"{len(paths)} notebook(s) unchanged since their inputs were recorded: none executed", file=run.out)
        return
    # the kernels see this build's charts (the summary notebook shows them): the staged ones and, beside
    # them, the published ones this build kept; the published folder when none was staged
    figures = run.figures_dir
    if any(target.parent == run.figures_dir for target in run.staging.staged):
        for target in sorted(run.figures_dir.glob("*.png")):
            if target not in run.staging.staged:
                run.staging.add(target, target.read_bytes())
        figures = run.staging.folder(run.figures_dir)
    if len(stale) < len(paths):
        print(f"executing {len(stale)} of {len(paths)} notebook(s); the others are unchanged", file=run.out)
    with _environment("REPORTLIB_FIGURES_DIR", str(figures)), run.signals.deferred_to_checks():
        try:
            rendered = _in_worker_thread(render_all, run.notebooks_dir, paths=stale, before_each=run.signals.check)
        except NotebookFailure as failure:
            run.signals.check()  # a cell stopped by Ctrl-C is an interruption, not a broken notebook
            raise StepFailed(f"notebook failed: {failure}") from None
    for target, data in rendered.items():
        run.staging.add(target, data)
        if run.plan is not None:
            run.plan.made(f"notebook {target.name}", {target: data}, *extras[target])


def _publish(run: Run) -> None:
    if run.plan is not None:  # the record of what each output was made from goes in with the outputs
        run.staging.add(run.plan.path, run.plan.new.to_bytes())
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


def build(root: Path | str = PROJECT_ROOT, steps=STEPS, out=sys.stdout, err=sys.stderr, force: bool = False) -> int:
    """Run every step in order, then publish; return 0, or an exit code after "build stopped: …".
    Outputs whose recorded inputs are unchanged are skipped (pipeline/freshness.py), unless `force`."""
    started = time.perf_counter()
    number, name, staging = 0, "prepare", None
    with _Signals() as signals:
        try:
            root = Path(root)
            staging = Staging([root / "figures", root / "exports", root / "notebooks"])
            run = Run(root, staging, out, signals, force=force)
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
