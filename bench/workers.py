"""What the benchmark runs in fresh interpreters: `python bench/workers.py <job> [args]`.

Each job prints one line `BENCH-RESULT {json}` on stdout (anything else a step prints is ignored
by bench/run.py) and exits 0; a job that cannot run prints its reason in the JSON instead of crashing.
Timings inside a job use time.perf_counter; run.py also times each whole process from outside.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()


def emit(result: dict) -> None:
    sys.stdout.flush()
    print("BENCH-RESULT " + json.dumps(result, ensure_ascii=False), flush=True)


def maxrss_mib() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reason(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"


# --- part 1: the build's steps and its floor ------------------------------------------------------

def step_check() -> None:
    """The build's step 1 (reportlib.cli.run_check on the project's data/)."""
    t0 = time.perf_counter()
    from reportlib.pipeline.check import run_check

    t1 = time.perf_counter()
    code = run_check(None)
    t2 = time.perf_counter()
    emit({"exit_code": code, "import_s": t1 - t0, "run_s": t2 - t1})


def step_notebooks() -> None:
    """The build's notebook runner on ONE kernel (notebooks one after another, so each one's time and each
    cell's are its own), with nbclient's per-cell timestamps."""
    t0 = time.perf_counter()
    try:
        from reportlib.pipeline import notebooks
    except Exception as err:  # noqa: BLE001 - reported, not raised
        emit({"available": False, "reason": _reason(err)})
        return
    paths = notebooks.notebook_paths(notebooks.NOTEBOOKS_DIR)
    if not paths:
        emit({"available": False, "reason": f"no numbered notebooks in {notebooks.NOTEBOOKS_DIR}"})
        return
    per_notebook: dict[str, float] = {}
    cells: list[dict] = []
    current: list[str] = [""]
    execute, strip = notebooks.execute_async, notebooks._strip_volatile

    # Measurement only: nbclient records per-cell timestamps (record_timing), read just before the
    # runner strips them.
    import nbclient

    class TimedClient(nbclient.NotebookClient):
        def __init__(self, *args, **kwargs):
            kwargs["record_timing"] = True
            super().__init__(*args, **kwargs)

    def harvest(nb):
        cells.extend(_cell_times(current[0], nb))
        strip(nb)

    async def timed(path):
        current[0] = path.name
        start = time.perf_counter()
        try:
            return await execute(path)
        finally:
            per_notebook[path.name] = time.perf_counter() - start
            inside = sum(c["seconds"] for c in cells if c["notebook"] == path.name)
            cells.append({"notebook": path.name, "cell": None, "seconds": per_notebook[path.name] - inside,
                          "source": "(outside its cells: kernel start, messaging)", "error": None})

    # the runner looks these names up at call time: its own two in its module, the client in nbclient's
    notebooks.execute_async, notebooks._strip_volatile = timed, harvest
    nbclient.NotebookClient = TimedClient
    t1 = time.perf_counter()
    try:
        notebooks.render_all(notebooks.NOTEBOOKS_DIR, kernels=1)
        code = 0
    except notebooks.NotebookFailure as failure:
        print(f"notebook failed: {failure}", file=sys.stderr)
        code = 1
    t2 = time.perf_counter()
    emit({"available": True, "exit_code": code, "import_s": t1 - t0, "run_s": t2 - t1, "per_notebook_s": per_notebook,
          "cells": cells, "notebooks": [p.name for p in paths], "kernels_left": kernels_left()})


def _cell_times(name: str, nb) -> list[dict]:
    """Each code cell's time, from nbclient's execute_input to execute_reply timestamps."""
    import datetime as dt

    def stamp(text: str) -> dt.datetime:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))

    out = []
    for index, cell in enumerate(nb.cells, 1):
        timing = cell.metadata.get("execution", {})
        if cell.cell_type != "code" or "shell.execute_reply" not in timing or "iopub.execute_input" not in timing:
            continue
        error = next((o.get("ename") for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
        first = next((line for line in cell.source.splitlines() if line.strip() and not line.startswith("#")), "")
        out.append({"notebook": name, "cell": index, "source": first[:80], "error": error,
                    "seconds": (stamp(timing["shell.execute_reply"]) - stamp(timing["iopub.execute_input"])).total_seconds()})
    return out


def kernels_left() -> dict:
    """Kernel processes of this process still running (a kernel should be shut down after its notebook)."""
    import os
    import subprocess

    out = subprocess.run(["ps", "--ppid", str(os.getpid()), "-o", "rss=,args="], capture_output=True, text=True).stdout
    kernels = [line.split(None, 1) for line in out.splitlines() if "ipykernel" in line]
    return {"count": len(kernels), "rss_mib": sum(int(rss) for rss, _ in kernels) / 1024}


def step_export() -> None:
    """The build's step 3 (reportlib.export.export_all), if the module exists yet."""
    t0 = time.perf_counter()
    try:
        from reportlib.pipeline.export import export_all
    except Exception as err:  # noqa: BLE001
        emit({"available": False, "reason": _reason(err)})
        return
    t1 = time.perf_counter()
    try:
        paths = export_all()
    except Exception as err:  # noqa: BLE001
        emit({"available": True, "exit_code": 1, "reason": _reason(err), "import_s": t1 - t0,
              "run_s": time.perf_counter() - t1})
        return
    emit({"available": True, "exit_code": 0, "import_s": t1 - t0, "run_s": time.perf_counter() - t1,
          "files": len(list(paths))})


def export_costs() -> None:
    """Where the export spends, in one process, one thing after another: the text analysis' jieba set-up
    (import, dictionary load, part-of-speech tags), then for each chart its build, PNG, SVG and the
    deck's cropped body, then the workbook and the deck."""
    t0 = time.perf_counter()
    from reportlib.curation.load import load_all
    from reportlib.report import charts, workbook

    t1 = time.perf_counter()
    tables = load_all()
    t2 = time.perf_counter()
    from reportlib.text import segment

    t3 = time.perf_counter()
    segment.tokenizer()
    t4 = time.perf_counter()
    segment.pos_tokenizer()
    t5 = time.perf_counter()
    rows = []
    for spec in charts.CHARTS:
        marks = [time.perf_counter()]
        fig = charts.figure(spec.name, tables)
        marks.append(time.perf_counter())
        png = charts.render(fig, "png")
        marks.append(time.perf_counter())
        charts.render(fig, "svg")
        marks.append(time.perf_counter())
        if spec.deck:
            charts.body_png(fig, png)
        marks.append(time.perf_counter())
        rows.append({"chart": spec.name, "build_s": marks[1] - marks[0], "png_s": marks[2] - marks[1],
                     "svg_s": marks[3] - marks[2], "body_s": marks[4] - marks[3]})
    t6 = time.perf_counter()
    workbook.workbook_bytes(tables)
    t7 = time.perf_counter()
    emit({"import_s": t1 - t0, "load_s": t2 - t1, "jieba_import_s": t3 - t2, "jieba_dictionary_s": t4 - t3,
          "jieba_pos_s": t5 - t4, "charts": rows, "charts_s": t6 - t5, "workbook_s": t7 - t6})


FLOOR_CELL = "import pandas, matplotlib, reportlib"


def _empty_chart(number: int) -> tuple[int, int]:
    """One 16:9 slide figure with nothing on it, rendered as the charts are (PNG at their dpi, SVG)."""
    from matplotlib.figure import Figure

    from reportlib.report import charts

    fig = Figure(figsize=(charts.WIDTH, charts.HEIGHT))
    return len(charts.render(fig, "png")), len(charts.render(fig, "svg"))


def floor(folder: str, figures: str) -> None:
    """The unavoidable work of a build, done the way the build does it: `figures` empty 16:9 figures
    rendered as PNG and SVG in as many forked processes as the export uses, then every notebook of
    `folder` (one cell: FLOOR_CELL) run by the build's notebook runner, on as many kernels."""
    import multiprocessing
    import os

    from reportlib.pipeline.timings import usable_cores
    from reportlib.pipeline.notebooks import notebook_paths, render_all

    t1 = time.perf_counter()
    count = int(figures)
    workers = usable_cores()
    if workers > 1 and count > 1:
        with multiprocessing.get_context("fork").Pool(min(workers, count)) as pool:
            sizes = pool.map(_empty_chart, range(count))
    else:
        sizes = [_empty_chart(i) for i in range(count)]
    t2 = time.perf_counter()
    paths = notebook_paths(Path(folder))
    with open(os.devnull, "w") as quiet:
        render_all(Path(folder), out=quiet, paths=paths)
    t3 = time.perf_counter()
    emit({"import_s": t1 - STARTED, "figures_s": t2 - t1, "notebooks_s": t3 - t2, "run_s": t3 - t1,
          "figures": count, "png_bytes": sizes[0][0] if sizes else 0, "notebooks": len(paths), "workers": workers,
          "kernels_left": kernels_left()})


# --- part 3: jieba ---------------------------------------------------------------------------------

def _passes(work, count: int = 7) -> tuple[float, float]:
    """Median wall and CPU seconds of `count` more runs of `work` (the steady state after a first run)."""
    import statistics

    wall, cpu = [], []
    for _ in range(count):
        t0, c0 = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def _texts(data: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((data / "raw").glob("*.txt"))]


def _pick(modules, names):
    """The first callable among `names` in the first module that has one: (qualified name, function)."""
    for module in modules:
        for name in names:
            function = getattr(module, name, None)
            if callable(function):
                return f"{module.__name__}.{name}", function
    return None, None


def jieba_module(data: str) -> None:
    """The project's segmentation, reportlib.text.segment (its tokenizer and the cut the text analysis uses):
    initialise the tokenizer (dictionary load), then segment the five reports."""
    import importlib

    texts = _texts(Path(data))
    t0 = time.perf_counter()
    name = "reportlib.text.segment"  # moved there when the package was split into layers
    try:
        modules = [importlib.import_module(name)]
    except ModuleNotFoundError as err:
        if err.name != name:
            raise
        modules = []
    t1 = time.perf_counter()
    if not modules:
        emit({"available": False, "reason": f"{name} does not exist"})
        return
    tokenizer_name, make_tokenizer = _pick(modules, ("tokenizer",))
    segment_name, segment = _pick(modules, ("segment", "cut", "tokenize"))
    if make_tokenizer is None or segment is None:
        emit({"available": False, "reason": f"no tokenizer()/segment() in {', '.join(m.__name__ for m in modules)}"})
        return
    c1 = time.process_time()
    tokenizer = make_tokenizer()
    t2, c2 = time.perf_counter(), time.process_time()
    tokens = [segment(text) for text in texts]
    t3, c3 = time.perf_counter(), time.process_time()
    again = _passes(lambda: [segment(text) for text in texts])
    raw = _passes(lambda: [list(tokenizer.cut(text)) for text in texts])  # the tokenizer alone on the raw texts
    emit({"available": True, "modules": [m.__name__ for m in modules], "tokenizer": tokenizer_name,
          "function": segment_name, "import_s": t1 - t0, "init_s": t2 - t1, "segment_s": t3 - t2,
          "init_cpu_s": c2 - c1, "segment_cpu_s": c3 - c2, "segment_again_s": again[0], "segment_again_cpu_s": again[1],
          "tokenizer_cut_s": raw[0], "tokenizer_cut_cpu_s": raw[1], "reports": len(texts),
          "tokens": sum(len(t) for t in tokens)})


def jieba_plain(cache_dir: str, data: str) -> None:
    """Plain jieba with a dedicated Tokenizer (cache in `cache_dir`): initialise, segment the reports."""
    import logging
    import warnings

    texts = _texts(Path(data))
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
    t1 = time.perf_counter()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    c1 = time.process_time()
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = cache_dir
    tokenizer.initialize()
    t2, c2 = time.perf_counter(), time.process_time()
    tokens = [tokenizer.lcut(text) for text in texts]
    t3, c3 = time.perf_counter(), time.process_time()
    again = _passes(lambda: [tokenizer.lcut(text) for text in texts])
    emit({"import_s": t1 - t0, "init_s": t2 - t1, "segment_s": t3 - t2, "segment_again_s": again[0],
          "segment_again_cpu_s": again[1], "init_cpu_s": c2 - c1, "segment_cpu_s": c3 - c2,
          "reports": len(texts), "tokens": sum(len(t) for t in tokens)})


# --- part 4: scaling -------------------------------------------------------------------------------

def _measure(folder: str, repeats: int) -> dict:
    """`repeats` rounds of load_all + check on one corpus, then the finder over its texts in passes
    (about 3,000 reports' worth, at least 3: one pass is at the mercy of the timer)."""
    import statistics

    from reportlib.curation.load import load_all
    from reportlib.curation.mentions import find_mentions
    from reportlib.curation.verify import check

    rounds = []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        tables = load_all(folder)
        t1, c1 = time.perf_counter(), time.process_time()
        result = check(tables)
        t2, c2 = time.perf_counter(), time.process_time()
        rounds.append({"load_s": t1 - t0, "check_s": t2 - t1, "load_cpu_s": c1 - c0, "check_cpu_s": c2 - c1})
        coverage = min((r.coverage for r in result.reports.values()), default=0.0)
        if result.problems or len(result.reports) != len(tables.texts) or coverage != 1.0:
            return {"ok": False, "problems": [str(p) for p in result.problems[:20]], "coverage_min": coverage}
    passes = []
    for _ in range(max(3, 3000 // len(tables.texts))):
        t0, c0 = time.perf_counter(), time.process_time()
        mentions = sum(len(find_mentions(rid, text)) for rid, text in tables.texts.items())
        passes.append((time.perf_counter() - t0, time.process_time() - c0))
    median = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    median["finder_s"] = statistics.median(p[0] for p in passes)
    median["finder_cpu_s"] = statistics.median(p[1] for p in passes)
    return {"ok": True, "reports": len(tables.texts), "rows": {n: len(getattr(tables, n)) for n in ("figures", "projects", "exclusions")},
            "mentions": mentions, "coverage_min": coverage, "rounds": rounds, "finder_passes": len(passes), "median": median}


def scale(folder: str, reference: str, repeats: str) -> None:
    """Time the data check (load_all + check) and the finder on one synthetic corpus, bracketed by the
    same measurements on the small `reference` corpus just before and just after, in the same process.

    The per-report ratio against the bracketing reference compares runs made seconds apart, so a
    change in the machine's background load between fresh processes does not pass for growth. The
    first, untimed round on the reference pays the one-off costs (lazy imports, regex compilation,
    first pandas calls). Peak memory is ru_maxrss.
    """
    import statistics

    from reportlib.curation.load import load_all
    from reportlib.curation.verify import check

    check(load_all(reference))
    rss_before = maxrss_mib()
    bracket = folder != reference
    before = _measure(reference, 7) if bracket else None
    main = _measure(folder, int(repeats))
    rss = maxrss_mib()
    if not main["ok"]:
        emit(main)
        return
    after = _measure(reference, 7) if bracket else None
    if bracket:
        main["reference"] = {"reports": before["reports"],
                             "median": {k: statistics.mean((before["median"][k], after["median"][k])) for k in before["median"]},
                             "before": before["median"], "after": after["median"]}
    emit(dict(main, maxrss_before_mib=rss_before, maxrss_mib=rss))


def profile_check(folder: str, out: str) -> None:
    """cProfile of load_all + check on one corpus; the stats go to `out`."""
    import cProfile

    from reportlib.curation.load import load_all
    from reportlib.curation.verify import check

    profiler = cProfile.Profile()
    profiler.enable()
    check(load_all(folder))
    profiler.disable()
    profiler.dump_stats(out)
    emit({"stats": out})


def profile_load(out: str) -> None:
    """cProfile of `reportlib.load_all()` in a fresh interpreter (the imports are -X importtime's job)."""
    import cProfile

    import reportlib

    profiler = cProfile.Profile()
    profiler.enable()
    reportlib.load_all()
    profiler.disable()
    profiler.dump_stats(out)
    emit({"stats": out})


JOBS = {f.__name__: f for f in (step_check, step_notebooks, step_export, export_costs, floor, jieba_module, jieba_plain,
                                 scale, profile_check, profile_load)}

if __name__ == "__main__":
    JOBS[sys.argv[1]](*sys.argv[2:])
