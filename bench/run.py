"""The benchmark of issue 6: `.venv/bin/python bench/run.py` (or `make bench`).

Four parts, each timed in fresh interpreters and each with its target:

1. what users wait for (issue 14), side by side in one run on a git-initialised copy: the full build
   against its floor (the unavoidable work: as many empty 16:9 figures rendered as PNG and SVG, as many
   kernels importing pandas, matplotlib and reportlib, both the build's way); an unchanged rebuild, a
   one-row note edit and a one-row value edit against the full build; `make test`, with the CPU seconds of
   each test file (bench/cpu_per_test.py); and each build step on its own, to show where a full build spends;
2. `import reportlib` + `reportlib.load_all()` against `import pandas` alone;
3. jieba: dictionary load and segmentation of the five reports, the project's way and plain jieba;
4. the data check and the number finder on synthetic corpora of 10, 100 and 1,000 reports.

It prints one markdown table per part and writes them to bench/RESULTS.md, and the raw numbers to
bench/results/latest.json. Parts that cannot run yet (no export module, a failing notebook) are
reported as not available, with the reason. The real tree is never written: the build runs on a copy
(REPORTLIB_ROOT), the synthetic corpora live in a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cpu_per_test  # bench/: the make-test run loads it as a pytest plugin

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
WORKERS = BENCH / "workers.py"
RESULTS_MD = BENCH / "RESULTS.md"
RESULTS_JSON = BENCH / "results" / "latest.json"
LOGS = BENCH / "results" / "tmp"  # git-ignored: full output of every subprocess of the last run

TARGETS = {
    "build": 1.5,  # full build time / floor (the unavoidable work)
    "unchanged": 0.15,  # unchanged rebuild / full build
    "note": 0.5,  # one-row note edit + build / full build
    "test_s": 60,  # make test, seconds
    "import": 1.3,  # import reportlib + load_all / import pandas
    "jieba": 1.3,  # project tokenizer / plain jieba (init and segmentation); our own target, see README
    "scaling": 1.5,  # per-report check time at 1,000 reports / at 10 (flat = linear growth)
}
IMPORT_RUNS = 9  # ≥ 7 asked; median
JIEBA_WARM_RUNS = 3
SIZES = (10, 100, 1000)
REPEATS = {10: 7, 100: 3, 1000: 1}
GROWTH_SIZE = 300  # the second profile when part 4 misses


# --- helpers -----------------------------------------------------------------------------------------

def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def env_for(root: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment of a run against the copy `root`: its data (REPORTLIB_ROOT) and its code
    (PYTHONPATH before the editable install), so colleagues' edits during the run change nothing."""
    env = dict(os.environ)
    env.pop("REPORTLIB_DATA_DIR", None)
    if root is not None:
        env["REPORTLIB_ROOT"] = str(root)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(root / "src"), env.get("PYTHONPATH"))))
    env.update(extra)
    return env


def usable_cores() -> int:
    """The cores this process may run on (what the test workers and the build share)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], env: dict[str, str], cwd: Path = ROOT, name: str | None = None, timeout: float = 900):
    """Run a command; return (wall seconds, CompletedProcess). Output is kept in bench/results/tmp/.
    The process's CPU time (user + system) is left on the result as `proc.cpu_s`."""
    start, cpu = time.perf_counter(), children_cpu()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - start
    proc.cpu_s = children_cpu() - cpu
    if name:
        LOGS.mkdir(parents=True, exist_ok=True)
        (LOGS / f"{name}.log").write_text(
            f"$ {' '.join(cmd)}\n# exit {proc.returncode}, {wall:.3f} s\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}",
            encoding="utf-8")
    return wall, proc


def worker(job: str, *args: str, env: dict[str, str], name: str | None = None, timeout: float = 900):
    """Run a job of bench/workers.py in a fresh interpreter; return (wall, result dict, process)."""
    wall, proc = run([PYTHON, str(WORKERS), job, *args], env=env, name=name or job, timeout=timeout)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("BENCH-RESULT ")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return wall, {"available": False, "reason": f"worker {job} exited {proc.returncode}: {tail}"}, proc
    return wall, json.loads(lines[-1][len("BENCH-RESULT "):]), proc


INCLUDE_UNTRACKED = False  # --include-untracked: also copy untracked files that .gitignore does not exclude


def copy_tree(source: Path, target: Path) -> Path:
    """A fresh copy of the snapshot (for a run that writes: the build executes notebooks in place)."""
    shutil.copytree(source, target, symlinks=True)
    return target


def copy_tracked(target: Path) -> Path:
    """Copy the files `git ls-files` lists (as they are in the working tree) into `target`; with
    --include-untracked, also the untracked files git does not ignore (work in progress)."""
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    if INCLUDE_UNTRACKED:
        listing += subprocess.run(["git", "ls-files", "-z", "--others", "--exclude-standard"],
                                  cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listing.decode("utf-8").split("\0")):
        source = ROOT / name
        if not source.is_file():  # deleted in the working tree
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)
    return target


def verdict(ratio: float | None, limit: float) -> str:
    if ratio is None:
        return "not available"
    return "met" if ratio <= limit else "**missed**"


def s(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def ms(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 1000:.{digits}f}"


def table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(" ".join(str(c).split()).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def busy_share(seconds: float = 2.0) -> float | None:
    """The share of all cores busy over `seconds` while the benchmark itself is idle (other people's work)."""
    def sample():
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + fields[4]
        return sum(fields[:8]) - idle, sum(fields[:8])
    try:
        busy0, total0 = sample()
        time.sleep(seconds)
        busy1, total1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return (busy1 - busy0) / max(1, total1 - total0)


def machine() -> dict:
    def version(module: str) -> str:
        code = f"import importlib.metadata as m; print(m.version({module!r}))"
        out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True)
        return out.stdout.strip() or "not installed"

    cpu = "unknown"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    git = lambda *a: subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()  # noqa: E731
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "cores_usable": usable_cores(),
        "cpu": cpu,
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "pandas": version("pandas"),
        "numpy": version("numpy"),
        "jieba": version("jieba"),
        "nbclient": version("nbclient"),
        "ipykernel": version("ipykernel"),
        "load_average": os.getloadavg(),
        "background_cpu_share": busy_share(),
        "commit": git("rev-parse", "--short", "HEAD"),
        "modified_tracked_files": git("diff", "--name-only", "HEAD").splitlines(),
        "untracked_files": git("ls-files", "--others", "--exclude-standard").splitlines(),
    }


# --- part 1: what users wait for: full build, rebuilds, make test ----------------------------------------

TRIVIAL = {"cells": [{"cell_type": "code", "execution_count": None, "id": "floor", "metadata": {}, "outputs": [],
                      "source": "import pandas, matplotlib, reportlib"}],
           "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
           "nbformat": 4, "nbformat_minor": 5}

STEP_WORKERS = {"check": "step_check", "export": "step_export", "notebook": "step_notebooks"}
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", "-c", "commit.gpgsign=false"]


def git_init(root: Path) -> None:
    """Make a copy a git repository with every file committed, as a fresh clone is."""
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run(GIT + args, cwd=root, check=True, capture_output=True)


def git_status(root: Path) -> list[str]:
    out = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True).stdout
    return out.splitlines()


def chart_count(root: Path) -> int:
    code = "from reportlib.report import charts; print(len(charts.CHARTS))"
    proc = subprocess.run([PYTHON, "-c", code], env=env_for(root), capture_output=True, text=True)
    return int(proc.stdout.strip()) if proc.returncode == 0 else 0


def build_steps(root: Path) -> list[str]:
    """The build's steps in its own order (reportlib.build.STEPS), as keys of STEP_WORKERS."""
    code = "from reportlib.pipeline.build import STEPS; print('\\n'.join(name for name, _ in STEPS))"
    proc = subprocess.run([PYTHON, "-c", code], env=env_for(root), capture_output=True, text=True)
    names = proc.stdout.splitlines() if proc.returncode == 0 else ["check", "export", "notebooks"]
    order = [next((key for key in STEP_WORKERS if key in name), None) for name in names]
    return [key for key in order if key] + [key for key in STEP_WORKERS if key not in order]


def edit_cell(path: Path, column: str, change) -> str:
    """Edit one cell of data/figures.csv: the first row whose `column` is not empty; return its id."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    at = rows[0].index(column)
    row = next(r for r in rows[1:] if r[at].strip())
    row[at] = change(row[at])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return row[0]


def build_run(root: Path, name: str, *args: str) -> dict:
    """`python -m reportlib build` on the copy: wall and CPU seconds, exit code, what it says it redid."""
    wall, proc = run([PYTHON, "-m", "reportlib", "build", *args], env=env_for(root), cwd=root, name=name)
    said = [line.strip() for line in proc.stdout.splitlines()
            if line.startswith(("rendered ", "executing ", "executed ", "published ")) or "none executed" in line]
    said += [line.strip().rsplit("\r", 1)[-1] for line in proc.stderr.splitlines() if line.strip().startswith("executed ")]
    stopped = [line for line in proc.stderr.splitlines() if line.startswith("build stopped")]
    return {"wall_s": wall, "cpu_s": proc.cpu_s, "exit_code": proc.returncode, "said": said,
            "stopped": stopped[-1] if stopped else None}


def part_build(tmp: Path, snapshot: Path) -> dict:
    result: dict = {}
    root = copy_tree(snapshot, tmp / "build-copy")
    git_init(root)
    notebooks = sorted(p.name for p in (root / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    figures = chart_count(root)
    result.update(notebooks=notebooks, figures=figures)
    trivial = tmp / "floor"
    trivial.mkdir()
    for name in notebooks:
        (trivial / name).write_text(json.dumps(TRIVIAL, indent=1) + "\n", encoding="utf-8")

    floors, fulls = [], []

    def floor(when: str) -> None:
        log(f"part 1: floor ({when}): {figures} empty figures, {len(notebooks)} kernels importing pandas, matplotlib, reportlib…")
        wall, data, proc = worker("floor", str(trivial), str(figures), env=env_for(root), name=f"floor_{when}")
        floors.append(dict(data, wall_s=wall, cpu_s=proc.cpu_s))

    def full(when: str) -> None:
        log(f"part 1: full build ({when}), --force…")
        fulls.append(build_run(root, f"build_full_{when}", "--force"))

    # interleaved, so that a change in the machine's load shows as a spread, not as a bias
    floor("first")
    full("first")
    log("part 1: unchanged rebuild…")
    result["unchanged"] = build_run(root, "build_unchanged")
    result["unchanged"]["git_status"] = git_status(root)
    log("part 1: one-row note edit…")
    result["note_row"] = edit_cell(root / "data" / "figures.csv", "note", lambda text: text + " Re-read and confirmed.")
    result["note"] = build_run(root, "build_note_edit")
    full("second")
    log("part 1: one-row value edit…")
    result["value_row"] = edit_cell(root / "data" / "figures.csv", "subject_en", lambda text: text + " (edited)")
    result["value"] = build_run(root, "build_value_edit")
    floor("last")
    result["floors"], result["fulls"] = floors, fulls
    complete = all(f["exit_code"] == 0 for f in fulls) and all("run_s" in f for f in floors)
    full_s = statistics.mean(f["wall_s"] for f in fulls)
    floor_s = statistics.mean(f["wall_s"] for f in floors)
    result["full_s"], result["floor_s"] = full_s, floor_s
    # CPU seconds (the process and every child it waited for: workers, kernels) suffer less than wall time
    # from other people's work on the machine; shown beside the wall ratio
    result["full_cpu_s"] = statistics.mean(f["cpu_s"] for f in fulls)
    result["floor_cpu_s"] = statistics.mean(f["cpu_s"] for f in floors)
    result["ratios"] = {
        "build": full_s / floor_s if complete else None,
        "unchanged": result["unchanged"]["wall_s"] / full_s if result["unchanged"]["exit_code"] == 0 else None,
        "note": result["note"]["wall_s"] / full_s if result["note"]["exit_code"] == 0 else None,
        "value": result["value"]["wall_s"] / full_s if result["value"]["exit_code"] == 0 else None,
    }

    log("part 1: make test (pytest on a fresh copy)…")
    test_root = copy_tree(snapshot, tmp / "test-copy")
    git_init(test_root)
    # the pytest command of `make test` (Makefile: two workers, whole files each, the longest files first)
    make_test = ["-n", "2", "--dist", "loadfile", "--no-loadscope-reorder"]
    # with bench/cpu_per_test.py loaded: the CPU seconds of each test file, its processes included
    cpu_file = tmp / "cpu-per-test.tsv"
    env = env_for(test_root, **{cpu_per_test.FILE_VARIABLE: str(cpu_file)})
    env["PYTHONPATH"] = os.pathsep.join([str(test_root / "bench"), env["PYTHONPATH"]])
    wall, proc = run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "cpu_per_test", *make_test],
                     env=env, cwd=test_root, name="make_test", timeout=1800)
    tail = [line for line in proc.stdout.strip().splitlines() if line.strip()][-1:] or ["no output"]
    result["test"] = {"wall_s": wall, "cpu_s": proc.cpu_s, "exit_code": proc.returncode, "summary": tail[0],
                      "cores": usable_cores(),
                      "cpu_by_file": cpu_per_test.by_file(str(cpu_file)) if cpu_file.is_file() else {}}

    log("part 1: each step alone (diagnosis), on a fresh copy…")
    steps_root = copy_tree(snapshot, tmp / "steps-copy")
    steps = {}
    result["step_order"] = build_steps(steps_root)
    for key in result["step_order"]:
        job = STEP_WORKERS[key]
        wall_step, data, proc = worker(job, env=env_for(steps_root), name=job)
        steps[job] = dict(data, wall_s=wall_step)
    result["steps"] = steps
    result["cells"] = steps["step_notebooks"].get("cells", [])
    _, result["export_costs"], _ = worker("export_costs", env=env_for(steps_root), name="export_costs")
    return result


def _said(r: dict) -> str:
    if r["exit_code"] != 0:
        return f"**failed** (exit {r['exit_code']}): {r.get('stopped') or ''}"
    return "; ".join(r["said"])


def _test_cpu(test: dict) -> list[str]:
    """Where `make test` spends: CPU seconds by test file. Their sum over the cores is the least wall time any
    spreading of the tests over the workers could give."""
    files = test.get("cpu_by_file") or {}
    if not files:
        return []
    ranked = sorted(files.items(), key=lambda item: -sum(item[1]))
    own, started = sum(o for o, _ in files.values()), sum(c for _, c in files.values())
    shown = ranked[:10]
    rows = [[f"`{name}`", s(o, 1), s(c, 1), s(o + c, 1)] for name, (o, c) in shown]
    rest = ranked[len(shown):]
    if rest:
        rows.append([f"the other {len(rest)} files", s(sum(o for _, (o, _) in rest), 1),
                     s(sum(c for _, (_, c) in rest), 1), s(sum(o + c for _, (o, c) in rest), 1)])
    rows.append(["**all tests**", s(own, 1), s(started, 1), s(own + started, 1)])
    cores = test.get("cores") or 1
    return [f"Where `make test` spends, in CPU seconds by test file (setup and teardown included; `bench/cpu_per_test.py`): "
            "the test's own process, and the processes it started (the export's workers, notebook kernels, "
            f"subprocesses). The whole run took {s(test['cpu_s'], 1)} CPU s (the tests' {s(own + started, 1)} s, "
            f"and starting pytest and its workers and collecting the tests). On {cores} cores no spreading of "
            f"these tests over the workers can take less than {s(test['cpu_s'] / cores, 0)} s of wall time; "
            f"the run took {s(test['wall_s'], 0)} s.", "",
            table(["test file", "own CPU s", "started processes' CPU s", "total CPU s"], rows), ""]


def report_build(r: dict) -> str:
    ratios, n, k = r["ratios"], len(r["notebooks"]), r["figures"]
    floors, fulls = r["floors"], r["fulls"]
    rows = [
        ["full build (`python -m reportlib build --force`, a fresh process)", s(r["full_s"]),
         "mean of " + " and ".join(s(f["wall_s"]) for f in fulls) + " s; " + _said(fulls[-1])],
        [f"floor: {k} empty 16:9 figures at the charts' dpi, PNG + SVG, in the export's worker processes; then {n} "
         f"kernels each running `import pandas, matplotlib, reportlib`, on the build's runner (one fresh process)",
         s(r["floor_s"]), "mean of " + " and ".join(s(f["wall_s"]) for f in floors) + " s (" +
         ", ".join(f"figures {s(f.get('figures_s'))} s + kernels {s(f.get('notebooks_s'))} s" for f in floors) + ")"],
        ["unchanged rebuild (`python -m reportlib build`)", s(r["unchanged"]["wall_s"]),
         _said(r["unchanged"]) + f"; `git status` after it: {'clean' if not r['unchanged']['git_status'] else ', '.join(r['unchanged']['git_status'])}"],
        [f"one-row note edit (`note` of {r['note_row']} in data/figures.csv), then build", s(r["note"]["wall_s"]), _said(r["note"])],
        [f"one-row value edit (`subject_en` of {r['value_row']}: shown by charts and notebooks), then build",
         s(r["value"]["wall_s"]), _said(r["value"])],
        ["`make test` (pytest, whole suite, a fresh copy)", s(r["test"]["wall_s"]), r["test"]["summary"]],
    ]
    out = [table(["measure", "seconds", "what happened"], rows), ""]
    targets = [
        ["full build / floor", ratios["build"], TARGETS["build"]],
        ["unchanged rebuild / full build", ratios["unchanged"], TARGETS["unchanged"]],
        ["note edit / full build", ratios["note"], TARGETS["note"]],
        ["value edit / full build", ratios["value"], None],
    ]
    trows = [[label, f"{value:.2f}×" if value is not None else "—", f"≤ {limit}×" if limit else "(no target)",
              verdict(value, limit) if limit else "—"] for label, value, limit in targets]
    trows.insert(1, ["full build / floor, CPU seconds (user + system, children included; less sensitive to "
                     "the machine's other load)", f"{r['full_cpu_s'] / r['floor_cpu_s']:.2f}×",
                     f"{s(r['full_cpu_s'], 1)} s / {s(r['floor_cpu_s'], 1)} s", "—"])
    trows.append(["`make test` wall time", f"{r['test']['wall_s']:.0f} s", f"≤ {TARGETS['test_s']} s",
                  "met" if r["test"]["wall_s"] <= TARGETS["test_s"] and r["test"]["exit_code"] == 0 else "**missed**"])
    out += [table(["ratio (measured side by side in this run)", "measured", "target", "result"], trows), ""]
    out += _test_cpu(r["test"])
    step_rows = []
    labels = {"step_check": "check (`run_check`)", "step_export": "export (`export_all`: every output, worker processes)",
              "step_notebooks": "notebooks on ONE kernel, one after another (`render_all(kernels=1)`)"}
    for key in r["step_order"]:
        job = STEP_WORKERS[key]
        data = r["steps"][job]
        if data.get("available") is False:
            step_rows.append([labels[job], s(data["wall_s"]), "—", "—", f"not available: {data['reason']}"])
            continue
        state = "ok" if data.get("exit_code") == 0 else f"failed (exit {data.get('exit_code')})"
        step_rows.append([labels[job], s(data["wall_s"]), s(data.get("import_s")), s(data.get("run_s")), state])
    out += ["Where a full build spends: each step alone, in its own fresh process (process = interpreter start + "
            "imports + the call):", "", table(["step", "process s", "imports s", "call s", "status"], step_rows), ""]
    costs = r.get("export_costs") or {}
    if costs.get("charts"):
        crows = [[c["chart"], s(c["build_s"]), s(c["png_s"]), s(c["svg_s"]), s(c["body_s"])] for c in costs["charts"]]
        crows.append(["**total**"] + [s(sum(c[k] for c in costs["charts"])) for k in ("build_s", "png_s", "svg_s", "body_s")])
        out += ["Where the export spends, one thing after another in one process (`bench/workers.py export_costs`): "
                f"imports {s(costs['import_s'])} s, tables {s(costs['load_s'])} s; the text analysis' jieba: import "
                f"{s(costs['jieba_import_s'])} s (jieba.posseg reads its tag table), dictionary {s(costs['jieba_dictionary_s'])} s, "
                f"part-of-speech tokenizer {s(costs['jieba_pos_s'], 3)} s (tags copied, not read again); workbook "
                f"{s(costs['workbook_s'])} s. Each chart (a text chart's build includes its segmentation):", "",
                table(["chart", "build s", "PNG s", "SVG s", "deck body s"], crows), ""]
    per = r["steps"]["step_notebooks"].get("per_notebook_s") or {}
    if per:
        out += ["Each notebook alone on one kernel (kernel start included):", "",
                table(["notebook", "s"], [[name, s(v)] for name, v in per.items()] + [["**total**", s(sum(per.values()))]]), ""]
    cells = r.get("cells") or []
    if cells:
        slow = sorted(cells, key=lambda c: -c["seconds"])[:12]
        out += [f"The slowest 12 cells (nbclient's per-cell timestamps; {sum(c['seconds'] for c in cells):.1f} s in all):", "",
                table(["notebook", "cell", "s", "first line"],
                      [[c["notebook"], c["cell"] or "—", s(c["seconds"]), f"`{c['source']}`" if c["cell"] else c["source"]]
                       for c in slow]), ""]
    return "\n".join(out)


# --- part 2: import + load against import pandas ---------------------------------------------------------

TIMED = ("import sys, time\nt0 = time.perf_counter()\n{body}\nsys.stderr.write('BENCH-TIMES ' + ' '.join(map(str, times)))\n")
PANDAS = TIMED.format(body="import pandas\ntimes = [time.perf_counter() - t0]")
REPORTLIB = TIMED.format(body="import reportlib\nt1 = time.perf_counter()\nreportlib.load_all()\n"
                              "times = [t1 - t0, time.perf_counter() - t1]")


def _importtime(code: str, env) -> dict[str, tuple[int, int, int]]:
    """module -> (self µs, cumulative µs, depth) from `python -X importtime`."""
    proc = subprocess.run([PYTHON, "-X", "importtime", "-c", code], env=env, capture_output=True, text=True)
    found = {}
    for line in proc.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            found[match.group(4)] = (int(match.group(1)), int(match.group(2)), len(match.group(3)) // 2)
    return found


def part_import(tmp: Path, snapshot: Path) -> dict:
    env = env_for(snapshot)
    log(f"part 2: import + load_all against import pandas, {IMPORT_RUNS} runs each (interleaved)…")
    samples = {"python": [], "pandas": [], "reportlib": []}
    cpu = {"python": [], "pandas": [], "reportlib": []}
    inner = {"pandas": [], "reportlib_import": [], "reportlib_load": []}
    commands = {"python": "pass", "pandas": PANDAS, "reportlib": REPORTLIB}
    for i in range(IMPORT_RUNS + 1):  # run 0 warms the file cache and is dropped
        for key, code in commands.items():
            wall, proc = run([PYTHON, "-c", code], env=env)
            if proc.returncode != 0:
                return {"available": False, "reason": f"{key} run failed: {(proc.stderr.strip().splitlines() or [''])[-1]}"}
            if i == 0:
                continue
            samples[key].append(wall)
            cpu[key].append(proc.cpu_s)
            times = [float(x) for x in proc.stderr.split("BENCH-TIMES ")[-1].split()] if key != "python" else []
            if key == "pandas":
                inner["pandas"].append(times[0])
            elif key == "reportlib":
                inner["reportlib_import"].append(times[0])
                inner["reportlib_load"].append(times[1])
    median = {k: statistics.median(v) for k, v in samples.items()}
    inner_median = {k: statistics.median(v) for k, v in inner.items()}
    cpu_median = {k: statistics.median(v) for k, v in cpu.items()}
    result = {"available": True, "runs": IMPORT_RUNS, "samples_s": samples, "median_s": median,
              "cpu_samples_s": cpu, "cpu_median_s": cpu_median, "cpu_ratio": cpu_median["reportlib"] / cpu_median["pandas"],
              "inner_samples_s": inner, "inner_median_s": inner_median,
              "ratio": median["reportlib"] / median["pandas"],
              "inner_ratio": (inner_median["reportlib_import"] + inner_median["reportlib_load"]) / inner_median["pandas"]}

    # Diagnosis (always; cheap): what reportlib imports beyond pandas, and where load_all spends.
    pandas_mods = _importtime("import pandas", env)
    ours = _importtime("import reportlib", env)
    extra = {m: v for m, v in ours.items() if m not in pandas_mods}
    by_package: dict[str, int] = {}
    for module, (self_us, _, _) in extra.items():
        by_package[module.split(".")[0]] = by_package.get(module.split(".")[0], 0) + self_us
    result["importtime"] = {
        "pandas_total_us": sum(v[0] for v in pandas_mods.values()),
        "reportlib_total_us": sum(v[0] for v in ours.values()),
        "extra_total_us": sum(v[0] for v in extra.values()),
        "extra_by_package_us": dict(sorted(by_package.items(), key=lambda kv: -kv[1])[:12]),
        "extra_modules_us": dict(sorted(((m, v[0]) for m, v in extra.items()), key=lambda kv: -kv[1])[:15]),
    }
    stats_file = tmp / "load_all.prof"
    _, data, _ = worker("profile_load", str(stats_file), env=env)
    if data.get("stats"):
        result["profile_load_all"] = top_functions(stats_file, limit=14)
    return result


def short_path(file: str) -> str:
    """A profiled file as a reader looks it up: package-relative, or the standard library's module file."""
    for marker in ("site-packages/", "/src/"):
        if marker in file:
            return file.split(marker)[-1]
    return re.sub(r"^.*/lib/python3\.\d+/", "", file)


def top_functions(stats_file: Path, limit: int = 12, sort: str = "cumulative", only: str | None = None) -> list[dict]:
    """The costliest functions of a cProfile dump, by cumulative or own time (only those whose file
    path contains `only`, if given)."""
    stats = pstats.Stats(str(stats_file))
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _) in stats.stats.items():
        if only and only not in file:
            continue
        short = short_path(file)
        rows.append({"function": f"{short}:{line}({func})", "calls": nc, "tottime_s": tt, "cumtime_s": ct})
    key = "cumtime_s" if sort == "cumulative" else "tottime_s"
    rows.sort(key=lambda r: -r[key])
    return rows[:limit]


def report_import(r: dict) -> str:
    if not r.get("available", True):
        return f"not available: {r['reason']}"
    m, i = r["median_s"], r["inner_median_s"]
    c = r["cpu_median_s"]
    rows = [
        ["`python -c pass` (interpreter alone)", s(m["python"], 3), s(c["python"], 3), "—", ""],
        ["`import pandas`", s(m["pandas"], 3), s(c["pandas"], 3), s(i["pandas"], 3), "baseline"],
        ["`import reportlib; reportlib.load_all()`", s(m["reportlib"], 3), s(c["reportlib"], 3),
         f"{s(i['reportlib_import'] + i['reportlib_load'], 3)} (import {s(i['reportlib_import'], 3)} + load_all {s(i['reportlib_load'], 3)})", ""],
        ["**ratio**", f"**{r['ratio']:.2f}×**", f"{r['cpu_ratio']:.2f}×", f"{r['inner_ratio']:.2f}×",
         f"target ≤ {TARGETS['import']}× (process wall time): {verdict(r['ratio'], TARGETS['import'])}"],
    ]
    out = [f"Median of {r['runs']} fresh interpreters each, interleaved, after one dropped warm-up round. "
           "`process` is the wall time of the whole `python -c …` and `CPU` its user + system time; "
           "`in-process` is wall time measured inside it from the first import.", "",
           table(["measure", "process s", "CPU s", "in-process s", "note"], rows), ""]
    it = r.get("importtime")
    if it:
        out += [f"`-X importtime` (one run; the tracing inflates it): the modules `import reportlib` loads that `import pandas` "
                f"does not take {it['extra_total_us'] / 1e3:.0f} ms of self time together:", "",
                table(["package (beyond pandas)", "self ms"], [[k, f"{v / 1e3:.1f}"] for k, v in it["extra_by_package_us"].items()]), ""]
    return "\n".join(out)


# --- part 3: jieba --------------------------------------------------------------------------------------

def part_jieba(tmp: Path, snapshot: Path) -> dict:
    data = str(snapshot / "data")
    xdg, plain_cache = tmp / "xdg-cache", tmp / "jieba-plain-cache"
    plain_cache.mkdir()
    env = env_for(snapshot, XDG_CACHE_HOME=str(xdg))
    runs = {"plain": [], "project": []}
    log("part 3: jieba, plain Tokenizer and the project's tokenizer, cold then warm cache…")
    for i in range(JIEBA_WARM_RUNS + 1):
        wall, plain, _ = worker("jieba_plain", str(plain_cache), data, env=env, name=f"jieba_plain_{i}")
        runs["plain"].append(dict(plain, wall_s=wall))
        wall, project, _ = worker("jieba_module", data, env=env, name=f"jieba_project_{i}")
        runs["project"].append(dict(project, wall_s=wall))
    result = {"runs": runs}
    for key, values in runs.items():
        ok = [v for v in values if v.get("available", True)]
        if len(ok) != len(values):
            result[key] = {"available": False, "reason": next(v["reason"] for v in values if v.get("available") is False)}
            continue
        warm = values[1:]
        result[key] = {"cold": values[0], "warm": {k: statistics.median(v[k] for v in warm) for k in values[0]
                                                   if isinstance(values[0][k], float)}}
    if result["project"].get("available", True):
        modules = result["project"]["cold"].get("modules", [])
        tree = _importtime(f"import {modules[0]}", env) if modules else {}
        result["project_imports_ms"] = {m: tree[m][1] / 1e3 for m in (
            *modules, "pandas", "jieba", "pkg_resources", "jieba.analyse", "jieba.analyse.tfidf", "jieba.posseg") if m in tree}
    if result["plain"].get("available", True) and result["project"].get("available", True):
        p, q = result["plain"]["warm"], result["project"]["warm"]
        # Verdicts on CPU time: the machine is shared, and a wall-clock ratio of two 0.1 s spans in
        # different processes moves with other people's load.
        # Segmentation of five reports takes < 0.1 s: the steady state (median of 7 passes after the
        # first) decides; a single first pass moved between 0.8× and 1.3× from run to run.
        result["init_ratio"] = q["init_cpu_s"] / p["init_cpu_s"]
        result["segment_ratio"] = q["segment_again_cpu_s"] / p["segment_again_cpu_s"]
        result["segment_first_ratio"] = q["segment_cpu_s"] / p["segment_cpu_s"]
        result["init_wall_ratio"] = q["init_s"] / p["init_s"]
        result["segment_wall_ratio"] = q["segment_again_s"] / p["segment_again_s"]
    return result


def report_jieba(r: dict) -> str:
    rows = []
    for key, label in (("plain", "plain jieba, dedicated `jieba.Tokenizer()`"), ("project", "project: {tokenizer}() + {function}()")):
        data = r[key]
        if data.get("available") is False:
            rows.append([label.format(tokenizer="reportlib", function="segment"), "—", "—", "—", "—", "—", f"not available: {data['reason']}"])
            continue
        label = label.format(tokenizer=data["cold"].get("tokenizer", ""), function=data["cold"].get("function", ""))
        for state in ("cold", "warm"):
            v = data[state]
            rows.append([f"{label}, {state} cache" + (f" (median of {JIEBA_WARM_RUNS})" if state == "warm" else ""),
                         s(v["wall_s"]), s(v["import_s"]), f"{s(v['init_s'])} ({s(v['init_cpu_s'])})",
                         f"{ms(v['segment_s'])} ({ms(v['segment_cpu_s'])})", f"{ms(v['segment_again_s'])} ({ms(v['segment_again_cpu_s'])})",
                         f"{data['cold']['tokens']} tokens"])
    out = ["Each row is a fresh process; the cache is the dictionary cache jieba writes on its first initialisation "
           "(the project's goes to `$XDG_CACHE_HOME/reportlib`, pointed at a temporary folder here; the plain one to a temporary folder). "
           "Segmentation is of the five reports (the project's function normalises the layout first); the first pass, then the median of 7 "
           "more passes in the same process (the steady state).", "",
           table(["run", "process s", "import s", "init s (CPU)", "segment 5 reports, first pass ms (CPU)",
                  "steady state ms (CPU)", "note"], rows), ""]
    if "init_ratio" in r:
        proj = r["project"]["warm"]
        out += [table(["measure", "project / plain, CPU", "wall", "target (on CPU time)", "result"], [
            ["initialisation (dictionary load), warm", f"{r['init_ratio']:.2f}×", f"{r['init_wall_ratio']:.2f}×",
             f"≤ {TARGETS['jieba']}×", verdict(r["init_ratio"], TARGETS["jieba"])],
            ["segmentation of the five reports, steady state", f"{r['segment_ratio']:.2f}×", f"{r['segment_wall_ratio']:.2f}×",
             f"≤ {TARGETS['jieba']}×", verdict(r["segment_ratio"], TARGETS["jieba"])],
            ["(segmentation, first pass: not a target)", f"{r['segment_first_ratio']:.2f}×", "", "", ""],
        ]), "",
            f"For reference, plain jieba measured earlier on another machine: initialisation ≈ 0.5–0.6 s, segmentation of all five reports ≈ 0.035 s. "
            f"The project's tokenizer alone on the raw texts (no normalisation), steady state: {ms(proj.get('tokenizer_cut_cpu_s'))} ms CPU.", ""]
    if r.get("project_imports_ms"):
        out += ["Not a target, but the largest cost of the project's process: importing the segmentation module "
                "(`-X importtime`, cumulative: each line includes what it imports, so the lines overlap):", "",
                table(["module", "cumulative ms"], [[f"`{k}`", f"{v:.0f}"] for k, v in r["project_imports_ms"].items()]), ""]
    return "\n".join(out)


# --- part 4: scaling ------------------------------------------------------------------------------------

def part_scaling(tmp: Path, snapshot: Path) -> dict:
    sys.path.insert(0, str(BENCH))
    sys.path.insert(0, str(snapshot / "src"))  # the generator reads quotes and mentions with the snapshot's code
    import synth

    source = snapshot / "data"
    log("part 4: can the paragraphs be shuffled without breaking a quote?")
    audit = synth.quote_audit(source)
    result: dict = {"audit": audit, "sizes": {}}
    corpora = {}
    for n in SIZES:
        started = time.perf_counter()
        corpus = synth.generate(source, tmp / f"corpus-{n}", n, seed=6)
        corpora[n] = corpus.folder
        result["sizes"][n] = {"generate_s": time.perf_counter() - started, "rows": corpus.rows}
    env = env_for(snapshot)
    for n in SIZES:
        log(f"part 4: data check and finder on {n} reports ({REPEATS[n]} round(s))…")
        wall, data, _ = worker("scale", str(corpora[n]), str(corpora[SIZES[0]]), str(REPEATS[n]), env=env, name=f"scale_{n}")
        if not data.get("ok"):
            raise AssertionError(f"the check does not pass on the synthetic corpus of {n} reports "
                                 f"(the generator is wrong): {data.get('reason') or data.get('problems')}")
        result["sizes"][n].update(data, wall_s=wall)
    # The verdict compares per-report CPU time at 1,000 reports with that of the 10-report corpus measured
    # just before and just after it in the same process (see workers.scale); the ratio against the
    # separate 10-report process and the wall-time ratios are kept alongside.
    def ratios(large: dict, n_large: int, small: dict, n_small: int) -> dict:
        per = lambda d, n, k: d[k] / n  # noqa: E731
        out = {k: per(large, n_large, k) / per(small, n_small, k)
               for k in ("load_s", "check_s", "finder_s", "load_cpu_s", "check_cpu_s", "finder_cpu_s")}
        out["data_check_wall"] = ((large["load_s"] + large["check_s"]) / n_large) / ((small["load_s"] + small["check_s"]) / n_small)
        out["data_check"] = ((large["load_cpu_s"] + large["check_cpu_s"]) / n_large) / ((small["load_cpu_s"] + small["check_cpu_s"]) / n_small)
        out["finder"] = out["finder_cpu_s"]
        return out

    big = result["sizes"][SIZES[-1]]
    result["ratio_1000_over_10"] = ratios(big["median"], SIZES[-1], big["reference"]["median"], big["reference"]["reports"])
    result["ratio_1000_over_10_separate"] = ratios(big["median"], SIZES[-1], result["sizes"][SIZES[0]]["median"], SIZES[0])
    ratio = result["ratio_1000_over_10"]

    # Diagnosis: where the check spends at 100 reports (always; a few seconds). If the per-report cost
    # is not flat, also at 1,000: a function whose own time grows much more than 10× is superlinear.
    missed = ratio["data_check"] > TARGETS["scaling"] or ratio["finder"] > TARGETS["scaling"]
    if missed:  # a 300-report corpus: growth from 100 to 300 shows a superlinear function at a third of the cost of 1,000
        corpora[GROWTH_SIZE] = synth.generate(source, tmp / f"corpus-{GROWTH_SIZE}", GROWTH_SIZE, seed=6).folder
    profiled = (SIZES[1], GROWTH_SIZE) if missed else (SIZES[1],)
    log(f"part 4: profiling the check at {' and '.join(map(str, profiled))} reports…")
    profiles = {}
    for n in profiled:
        stats_file = tmp / f"check-{n}.prof"
        worker("profile_check", str(corpora[n]), str(stats_file), env=env, name=f"profile_check_{n}")
        profiles[n] = pstats.Stats(str(stats_file)).stats if stats_file.exists() else {}
    stats_100 = tmp / f"check-{SIZES[1]}.prof"
    if stats_100.exists():
        result["profile_check_100"] = top_functions(stats_100, limit=12, sort="own")
        result["profile_check_100_reportlib"] = top_functions(stats_100, limit=12, only="reportlib")
    growth = []
    for key, (_cc, nc, tt, _ct, _) in profiles.get(GROWTH_SIZE, {}).items():
        before = profiles.get(SIZES[1], {}).get(key)
        if before and before[2] > 0 and tt > 0.02:
            short = short_path(key[0])
            growth.append({"function": f"{short}:{key[1]}({key[2]})", "calls_small": before[1], "calls_large": nc,
                           "tottime_small_s": before[2], "tottime_large_s": tt, "growth": tt / before[2]})
    growth.sort(key=lambda g: -g["growth"])
    result["profile_growth"] = growth[:15]
    return result


def report_scaling(r: dict) -> str:
    audit = r["audit"]
    out = ["Shuffle audit of the real reports (a quote or a number that runs across a line break pins that break; "
           "the text is cut only at the others):", "",
           table(["report", "line-break runs", "pinned by a quote/number", "chunks shuffled", "quotes across a line break"],
                 [[k, v["line_break_runs"], v["protected_runs"], v["chunks"], v["quotes_spanning_a_line_break"]] for k, v in audit.items()]),
           ""]
    rows = []
    for n, d in r["sizes"].items():
        m = d["median"]
        rows.append([n, f"{d['rows']['figures']}/{d['rows']['projects']}/{d['rows']['exclusions']}", d["mentions"],
                     f"{ms(m['load_cpu_s'] / n)} ({ms(m['load_s'] / n)})", f"{ms(m['check_cpu_s'] / n)} ({ms(m['check_s'] / n)})",
                     f"**{ms((m['load_cpu_s'] + m['check_cpu_s']) / n)}** ({ms((m['load_s'] + m['check_s']) / n)})",
                     f"{ms(m['finder_cpu_s'] / n, 2)} ({ms(m['finder_s'] / n, 2)})",
                     s(m["load_s"] + m["check_s"]), f"{d['maxrss_mib']:.0f} (+{d['maxrss_mib'] - d['maxrss_before_mib']:.0f})",
                     f"{len(d['rounds'])} / {d['finder_passes']}", "100%" if d["coverage_min"] == 1.0 else f"{d['coverage_min']:.0%}"])
    ratio, separate = r["ratio_1000_over_10"], r["ratio_1000_over_10_separate"]
    ref_rows = []
    for n, d in r["sizes"].items():
        if "reference" not in d:
            continue
        ref, k = d["reference"], d["reference"]["reports"]
        per_ref = lambda m, k=k: (m["load_cpu_s"] + m["check_cpu_s"]) / k  # noqa: E731
        ref_rows.append([n, f"{ms(per_ref(ref['before']))} / {ms(per_ref(ref['after']))}",
                         f"{ms(ref['before']['finder_cpu_s'] / k, 2)} / {ms(ref['after']['finder_cpu_s'] / k, 2)}"])
    out += ["Per report, in milliseconds of CPU time (`time.process_time`), wall time in brackets; medians over the rounds "
            "(data check) and passes (finder); each size in a fresh process, warmed first on the 10-report corpus. "
            "Peak memory is the process's `ru_maxrss` (resource.getrusage), with the increase over the warmed-up process in brackets.", "",
            table(["reports", "figures/projects/exclusions", "numbers found", "load ms/report", "check ms/report",
                   "data check ms/report", "finder ms/report", "data check total s (wall)", "peak RSS MiB", "rounds / finder passes", "coverage"], rows), "",
            "The 100- and 1,000-report processes also measure the 10-report corpus just before and just after the big corpus "
            "(CPU ms per report, before / after):", "",
            table(["process", "data check, 10-report corpus", "finder, 10-report corpus"], ref_rows), "",
            "The ratio that decides is per-report CPU time at 1,000 reports over that of the 10-report corpus measured around it in the "
            "same process (seconds apart, so the machine's load changes little); the ratio against the separate 10-report process is shown too.", "",
            table(["per-report time, 1,000 / 10 reports", "CPU, same process", "wall, same process", "CPU, separate processes",
                   "target (CPU, same process)", "result"], [
                ["**data check** (`load_all` + `check`)", f"**{ratio['data_check']:.2f}×**", f"{ratio['data_check_wall']:.2f}×",
                 f"{separate['data_check']:.2f}×", f"≤ {TARGETS['scaling']}× (flat)", verdict(ratio["data_check"], TARGETS["scaling"])],
                ["of which `load_all`", f"{ratio['load_cpu_s']:.2f}×", f"{ratio['load_s']:.2f}×", f"{separate['load_cpu_s']:.2f}×", "", ""],
                ["of which `check`", f"{ratio['check_cpu_s']:.2f}×", f"{ratio['check_s']:.2f}×", f"{separate['check_cpu_s']:.2f}×", "", ""],
                ["number finder (`find_mentions`)", f"{ratio['finder']:.2f}×", f"{ratio['finder_s']:.2f}×", f"{separate['finder']:.2f}×",
                 f"≤ {TARGETS['scaling']}× (flat)", verdict(ratio["finder"], TARGETS["scaling"])],
            ]), ""]
    return "\n".join(out)


# --- main ---------------------------------------------------------------------------------------------

def diagnosis(results: dict) -> str:
    out = []
    imp = results.get("import", {})
    if imp.get("profile_load_all"):
        out += ["### Where `reportlib.load_all()` spends, after the import (cProfile, cumulative)", "",
                table(["function", "calls", "own s", "cumulative s"],
                      [[f"`{f['function']}`", f["calls"], s(f["tottime_s"], 3), s(f["cumtime_s"], 3)] for f in imp["profile_load_all"]]), ""]
        if imp.get("importtime"):
            out += ["Slowest modules beyond pandas (`-X importtime`, self time):", "",
                    table(["module", "self ms"], [[f"`{k}`", f"{v / 1e3:.1f}"] for k, v in imp["importtime"]["extra_modules_us"].items()]), ""]
    sc = results.get("scaling", {})
    if sc.get("profile_check_100"):
        out += ["### Where the data check spends at 100 reports (cProfile of `load_all` + `check`)", "",
                "The project's functions, by cumulative time:", "",
                table(["function", "calls", "own s", "cumulative s"],
                      [[f"`{f['function']}`", f["calls"], s(f["tottime_s"], 3), s(f["cumtime_s"], 3)] for f in sc["profile_check_100_reportlib"]]), "",
                "All functions, by own time:", "",
                table(["function", "calls", "own s", "cumulative s"],
                      [[f"`{f['function']}`", f["calls"], s(f["tottime_s"], 3), s(f["cumtime_s"], 3)] for f in sc["profile_check_100"]]), ""]
    if sc.get("profile_growth"):
        out += [f"### The check's functions from {SIZES[1]} to {GROWTH_SIZE} reports (cProfile, own time ≥ 0.02 s at {GROWTH_SIZE}; fastest-growing first)", "",
                f"Linear code grows about {GROWTH_SIZE / SIZES[1]:.0f}×; much more is superlinear.", "",
                table(["function", f"calls at {SIZES[1]}", f"calls at {GROWTH_SIZE}", f"own s at {SIZES[1]}", f"own s at {GROWTH_SIZE}", "growth"],
                      [[f"`{g['function']}`", g["calls_small"], g["calls_large"], s(g["tottime_small_s"], 3), s(g["tottime_large_s"], 3),
                        f"{g['growth']:.1f}×"] for g in sc["profile_growth"]]), ""]
    return "\n".join(out)


def summary(results: dict) -> str:
    rows = []
    b = results.get("build", {})
    if "error" in b:
        rows.append(["1 build", "—", "—", f"not available: {b['error']}"])
    elif b:
        ratios = b["ratios"]
        for key, label in (("build", "1 full build / floor"), ("unchanged", "1 unchanged rebuild / full build"),
                           ("note", "1 one-row note edit / full build")):
            rows.append([label, f"{ratios[key]:.2f}×" if ratios.get(key) is not None else "—", f"≤ {TARGETS[key]}×",
                         verdict(ratios.get(key), TARGETS[key])])
        clean = not b["unchanged"]["git_status"]
        rows.append(["1 `git status` after the unchanged rebuild", "clean" if clean else "changed", "clean",
                     "met" if clean else "**missed**"])
        rows.append(["1 one-row value edit / full build", f"{ratios['value']:.2f}×" if ratios.get("value") is not None else "—",
                     "—", "measured"])
        rows.append(["1 `make test`", f"{b['test']['wall_s']:.0f} s", f"≤ {TARGETS['test_s']} s",
                     "met" if b["test"]["wall_s"] <= TARGETS["test_s"] and b["test"]["exit_code"] == 0 else "**missed**"])
    i = results.get("import", {})
    if i:
        rows.append(["2 import reportlib + load_all / import pandas", f"{i['ratio']:.2f}×" if i.get("ratio") else "—",
                     f"≤ {TARGETS['import']}×", verdict(i.get("ratio"), TARGETS["import"]) if i.get("available", True) else f"not available: {i.get('reason') or i.get('error')}"])
    j = results.get("jieba", {})
    if j:
        for key, label in (("init_ratio", "3 jieba init, project / plain"), ("segment_ratio", "3 jieba segmentation (steady state), project / plain")):
            rows.append([label, f"{j[key]:.2f}×" if key in j else "—", f"≤ {TARGETS['jieba']}×",
                         verdict(j.get(key), TARGETS["jieba"]) if key in j else f"not available: {j.get('error') or j.get('project', {}).get('reason')}"])
    sc = results.get("scaling", {})
    if sc:
        ratio = sc.get("ratio_1000_over_10", {}).get("data_check")
        rows.append(["4 data check per report, 1,000 / 10 reports", f"{ratio:.2f}×" if ratio else "—", f"≤ {TARGETS['scaling']}×",
                     verdict(ratio, TARGETS["scaling"]) if ratio else f"not available: {sc.get('error')}"])
    return table(["part", "measured", "target", "result"], rows)


def render(results: dict) -> str:
    m = results["machine"]
    parts = [
        "# Benchmark results",
        "",
        f"Written by `bench/run.py` (`make bench`) on {m['date']}; the whole run took {results['elapsed_s']:.0f} s. "
        "What is measured and why: [README.md](README.md). Raw numbers: [results/latest.json](results/latest.json).",
        "",
        f"Machine: {m['cores']} cores ({m['cores_usable']} usable, {m['cpu']}), {m['memory_gib']} GiB, {m['os']}; "
        f"Python {m['python']}, pandas {m['pandas']}, numpy {m['numpy']}, jieba {m['jieba']}, nbclient {m['nbclient']}, "
        f"ipykernel {m['ipykernel']}.",
        "",
        f"Background load (other work on the machine, which the timings share it with): load average "
        f"{', '.join(f'{x:.2f}' for x in m['load_average'])} at the start and {', '.join(f'{x:.2f}' for x in m['load_average_end'])} at the end; "
        + (f"{m['background_cpu_share']:.0%} of the cores busy during 2 s before the first part. " if m.get("background_cpu_share") is not None else "")
        + "Ratios compare runs made close together (interleaved where it is cheap), so they suffer less than absolute times.",
        "",
        f"What ran: a snapshot of the project taken at the start (its code imported from the snapshot: "
        f"`{m.get('reportlib_imported_from', '?')}`). Commit {m['commit']}" + (f", with uncommitted changes to {', '.join(f'`{f}`' for f in m['modified_tracked_files'])}"
                                         if m["modified_tracked_files"] else "") +
        (f"; untracked files ({'copied too (--include-untracked)' if m.get('copied', '').startswith('tracked and') else 'not in the copy the benchmark runs on'}): "
         f"{', '.join(f'`{f}`' for f in m['untracked_files'])}" if m["untracked_files"] else "") + ".",
        "",
        "## Summary",
        "",
        summary(results),
        "",
    ]
    sections = (("build", "1. What users wait for: full build, rebuilds, `make test`", report_build), ("import", "2. Import and load against `import pandas`", report_import),
                ("jieba", "3. jieba", report_jieba), ("scaling", "4. Scaling: synthetic corpora of 10 to 1,000 reports", report_scaling))
    for key, title, render_part in sections:
        if key not in results:
            continue
        parts += [f"## {title}", ""]
        data = results[key]
        parts.append(f"not available: {data['error']}" if "error" in data else render_part(data))
        parts.append("")
    diag = diagnosis(results)
    if diag:
        parts += ["## Diagnosis", "", diag]
    return "\n".join(parts).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="1,2,3,4", help="comma-separated parts to run (a subset writes results/tmp/partial.json only)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (copies, corpora, profiles)")
    parser.add_argument("--include-untracked", action="store_true",
                        help="copy untracked, non-ignored files too (work in progress); writes results/tmp/untracked.json only")
    args = parser.parse_args()
    global INCLUDE_UNTRACKED
    INCLUDE_UNTRACKED = args.include_untracked
    chosen = {int(p) for p in args.parts.split(",")}
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="reportlib-bench-"))
    if LOGS.exists():
        shutil.rmtree(LOGS)
    results: dict = {"machine": machine(), "targets": TARGETS}
    try:
        # One snapshot of the project (code, notebooks, data) for every part; the build and its steps
        # run on fresh copies of it. Colleagues editing the tree meanwhile change nothing measured.
        snapshot = copy_tracked(tmp / "snapshot")
        results["machine"]["reportlib_imported_from"] = subprocess.run(
            [PYTHON, "-c", "import reportlib; print(reportlib.__file__)"], env=env_for(snapshot), capture_output=True, text=True
        ).stdout.strip().replace(str(tmp), "<temporary folder>")
        for number, key, function in ((1, "build", part_build), (2, "import", part_import),
                                      (3, "jieba", part_jieba), (4, "scaling", part_scaling)):
            if number not in chosen:
                continue
            part_started = time.perf_counter()
            try:
                results[key] = function(tmp, snapshot)
            except AssertionError:
                raise
            except Exception as err:  # noqa: BLE001 - a part that cannot run is reported, the others still run
                results[key] = {"error": f"{type(err).__name__}: {err}"}
            results[key]["part_elapsed_s"] = time.perf_counter() - part_started
            log(f"  part {number} took {results[key]['part_elapsed_s']:.1f} s")
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    results["elapsed_s"] = time.perf_counter() - started
    results["machine"]["load_average_end"] = os.getloadavg()
    results["machine"]["copied"] = "tracked and untracked (not ignored) files" if INCLUDE_UNTRACKED else "tracked files"
    text = render(results)
    print(text)
    RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
    if chosen == {1, 2, 3, 4} and not INCLUDE_UNTRACKED:
        RESULTS_MD.write_text(text, encoding="utf-8")
        RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        log(f"wrote {RESULTS_MD.relative_to(ROOT)} and {RESULTS_JSON.relative_to(ROOT)} ({results['elapsed_s']:.0f} s)")
    else:
        LOGS.mkdir(parents=True, exist_ok=True)
        partial = LOGS / ("untracked.json" if INCLUDE_UNTRACKED else "partial.json")
        partial.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        log(f"wrote {partial.relative_to(ROOT)} only (a subset of the parts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
