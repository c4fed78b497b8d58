"""The main job: check the data, regenerate figures, deck and workbook, execute the notebooks.

Each step runs only if the one before it passed, and a failure names its step, so a broken
table never reaches a chart and a broken notebook never reaches the exports.
"""

from __future__ import annotations

import sys
import time


def _export() -> int:
    from reportlib.pipeline.export import export_all

    paths = export_all()
    print(f"exported {len(paths)} files to figures/ and exports/")
    return 0


def _check() -> int:
    from reportlib.pipeline.check import run_check

    return run_check(None)


def _notebooks() -> int:
    from reportlib.pipeline.notebooks import run_all

    return run_all()


# Export before the notebooks: the summary notebook shows the exported slide charts.
STEPS = (("check the data", _check), ("export figures, deck and workbook", _export), ("execute the notebooks", _notebooks))


def build() -> int:
    """Run every step in order; return 0, or the exit code of the first step that failed."""
    started = time.perf_counter()
    for number, (name, step) in enumerate(STEPS, 1):
        print(f"\n[{number}/{len(STEPS)}] {name}", flush=True)
        code = step()
        sys.stdout.flush()
        if code:
            print(f"\nbuild stopped: step {number} ({name}) failed", file=sys.stderr)
            return code
    print(f"\nbuild finished in {time.perf_counter() - started:.1f} s")
    return 0
