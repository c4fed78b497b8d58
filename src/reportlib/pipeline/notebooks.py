"""Execute the numbered notebooks, as many at once as there are cores, the same way every time.

In-process nbclient is the cheapest way to run a notebook (measured: the `jupyter nbconvert` CLI costs
~2 s more per call, on top of a kernel start of ~1 s). Runs are made repeatable: no per-cell timestamps,
no Python patch version in the metadata, kernel over ipc (no TCP warning in the outputs), plain tracebacks
without colour codes.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from reportlib.curation.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from reportlib.pipeline import timings

if TYPE_CHECKING:
    import nbformat

KERNEL = "python3"
TIMEOUT_SECONDS = 300


@contextlib.contextmanager
def _without_rfc3987_syntax():
    """While nbformat is first imported, mark rfc3987_syntax absent, then put sys.modules back.

    jsonschema (under nbformat) imports rfc3987_syntax, if installed (jupyterlab brings it), for a URI
    format check that notebook schemas never use; it builds a parser at import and costs ~1.5 s per
    process (python-jsonschema/jsonschema#1428). jsonschema decides at its import, so the mark is needed
    only then, and other code in the process still finds the module afterwards.
    """
    marked = "rfc3987_syntax" not in sys.modules
    if marked:
        sys.modules["rfc3987_syntax"] = None  # an import of it now raises ImportError
    try:
        yield
    finally:
        if marked and sys.modules.get("rfc3987_syntax", "") is None:
            del sys.modules["rfc3987_syntax"]


def _nbformat():
    """nbformat, imported the cheap way (see _without_rfc3987_syntax)."""
    with _without_rfc3987_syntax():
        import nbformat
    return nbformat


def notebook_paths(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebooks (NN-title.ipynb) in reading order."""
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


@dataclass
class NotebookFailure(Exception):
    """A cell failed: which notebook, which cell (1-based, as JupyterLab counts), and the error."""

    notebook: Path
    cell: int
    error: str

    def __str__(self) -> str:
        cell = f", cell {self.cell}" if self.cell else ""
        return f"{self.notebook.relative_to(PROJECT_ROOT).as_posix() if self.notebook.is_relative_to(PROJECT_ROOT) else self.notebook}{cell}: {self.error}"


def _strip_volatile(nb: nbformat.NotebookNode) -> None:
    """Drop what differs between machines or runs but says nothing about the analysis."""
    info = nb.metadata.get("language_info", {})
    info.pop("version", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.metadata.pop("scrolled", None)


def read(path: Path) -> nbformat.NotebookNode:
    """A notebook file, or NotebookFailure naming it (bad JSON, say a merge conflict left in it)."""
    try:
        return _nbformat().read(path, as_version=4)
    except Exception as err:  # nbformat raises JSON, schema, Unicode and OS errors: all mean "fix this file"
        reason = str(err).strip().splitlines()[0][:200] if str(err).strip() else type(err).__name__
        raise NotebookFailure(path, 0, f"not a readable notebook ({reason}); a merge conflict left in it? "
                                       "restore it with git or open and save it in JupyterLab") from None


async def execute_async(path: Path) -> nbformat.NotebookNode:
    """Run one notebook top to bottom in a fresh kernel; return the executed copy (the file is not touched).
    Several can run at once in one event loop, each on its own kernel."""
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    executed = copy.deepcopy(read(path))
    with tempfile.TemporaryDirectory(prefix="reportlib-kernel-") as sockets:
        manager = AsyncKernelManager(kernel_name=KERNEL, transport="ipc", ip=os.path.join(sockets, "ipc"))
        client = NotebookClient(
            executed,
            km=manager,
            timeout=TIMEOUT_SECONDS,
            record_timing=False,
            allow_errors=False,
            extra_arguments=["--InteractiveShell.colors=nocolor", "--IPKernelApp.log_level=ERROR"],
            resources={"metadata": {"path": str(path.parent)}},
        )
        try:
            await client.async_execute()
        except CellExecutionError as err:
            cell = next((i for i, c in enumerate(executed.cells, 1)
                         if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", []))), 0)
            summary = str(err).strip().splitlines()[-1] if str(err).strip() else repr(err)
            raise NotebookFailure(path, cell, summary) from None
        finally:
            # nbclient shuts down only kernels (and closes only channels) it started itself: these are ours
            if client.kc is not None:
                client.kc.stop_channels()
            if manager.has_kernel:
                await asyncio.shield(manager.shutdown_kernel(now=True))
    _strip_volatile(executed)
    return executed


def execute(path: Path) -> nbformat.NotebookNode:
    """Run one notebook top to bottom in a fresh kernel; return the executed copy (the file is not touched)."""
    return asyncio.run(execute_async(path))


async def _run_many(paths: list[Path], kernels: int, bar, hint: dict[str, float],
                    before_each=lambda: None) -> tuple[dict[Path, bytes], dict]:
    """Execute `paths` on at most `kernels` kernels at once, the slowest last time first (so that no long
    notebook starts last); the first failure (in reading order, among those that failed) stops the others."""
    limit = asyncio.Semaphore(kernels)
    running: list[str] = []
    seconds: dict[str, float] = {}

    async def one(path: Path) -> bytes:
        async with limit:
            before_each()  # the build stops here on a signal, before another kernel starts
            running.append(path.stem)
            bar.set_description("running " + ", ".join(running), refresh=True)
            started = time.perf_counter()
            try:
                data = (_nbformat().writes(await execute_async(path)) + "\n").encode("utf-8")
            finally:
                running.remove(path.stem)
                bar.set_description("running " + ", ".join(running) if running else "done", refresh=False)
            seconds[f"notebook {path.name}"] = time.perf_counter() - started
            bar.update(1)
            return data

    # tasks take the semaphore in the order they are created: the slowest first, unknown ones in reading order
    order = timings.longest_first([f"notebook {p.name}" for p in paths], hint)
    created = {i: asyncio.ensure_future(one(paths[i])) for i in order}
    tasks = [created[i] for i in range(len(paths))]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)  # let every kernel shut down
    failures = [task.exception() for task in tasks if not task.cancelled() and task.exception() is not None]
    if failures:
        raise failures[0]
    return {path: task.result() for path, task in zip(paths, tasks)}, seconds


def render_all(folder: Path = NOTEBOOKS_DIR, out=sys.stderr, paths: list[Path] | None = None,
               kernels: int | None = None, before_each=lambda: None) -> dict[Path, bytes]:
    """Execute every notebook (or `paths`), as many at once as there are cores, and return each one's
    new file contents in reading order (nothing is written); NotebookFailure if one fails. `before_each`
    runs before each notebook starts (the build stops there on a signal)."""
    from tqdm import tqdm

    paths = notebook_paths(folder) if paths is None else list(paths)
    for path in paths:
        read(path)  # a broken notebook stops the run before any kernel starts
    kernels = kernels or timings.usable_cores()
    started = time.perf_counter()
    with tqdm(total=len(paths), unit="notebook", file=out, dynamic_ncols=True,
              bar_format="{desc}{bar:20}| {n_fmt}/{total_fmt} [{elapsed}]") as bar:
        rendered, seconds = asyncio.run(_run_many(paths, kernels, bar, timings.read(folder.parent), before_each))
    timings.update(folder.parent, seconds)
    print(f"executed {len(paths)} notebook(s) on {min(kernels, len(paths))} kernel(s) in "
          f"{time.perf_counter() - started:.1f} s", file=out)
    return rendered


def run_all(folder: Path = NOTEBOOKS_DIR, out=sys.stderr) -> int:
    """Execute every notebook in order; publish them all together (only those that changed), or none
    if one fails."""
    from reportlib.pipeline.publish import publish_files

    try:
        rendered = render_all(folder, out)
    except NotebookFailure as failure:
        print(f"\nnotebook failed: {failure}\nfix it, then re-run `make build`", file=out)
        return 1
    publish_files(rendered)
    return 0
