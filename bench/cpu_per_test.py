"""A pytest plugin for the benchmark: the CPU seconds of each test, its setup and teardown included.

Two numbers per test: the test process's own CPU time, and that of the processes it started and waited
for (the export's worker processes, notebook kernels, subprocesses). On a machine of N cores no run of the
suite can take less wall time than their sum ÷ N, however the tests are spread over the workers: the
benchmark reports them by test file to show where `make test` spends.

Loaded with `-p cpu_per_test` (bench/ on PYTHONPATH); writes one tab-separated line per test to the file
named by $REPORTLIB_BENCH_CPU_FILE (appended: the pytest-xdist workers share the file).
"""

from __future__ import annotations

import os
import resource

import pytest

FILE_VARIABLE = "REPORTLIB_BENCH_CPU_FILE"


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    started = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, started.ru_utime + started.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    before = _cpu()
    yield
    after = _cpu()
    path = os.environ.get(FILE_VARIABLE)
    if path:
        line = f"{after[0] - before[0]:.3f}\t{after[1] - before[1]:.3f}\t{item.nodeid}\n"
        with open(path, "a", encoding="utf-8") as out:  # one short write per line: appends do not interleave
            out.write(line)


def by_file(path: str) -> dict[str, tuple[float, float]]:
    """{test file: (own CPU s, started processes' CPU s)} from the plugin's output file."""
    totals: dict[str, list[float]] = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            own, started, nodeid = line.rstrip("\n").split("\t", 2)
            entry = totals.setdefault(nodeid.split("::", 1)[0], [0.0, 0.0])
            entry[0] += float(own)
            entry[1] += float(started)
    return {name: (own, started) for name, (own, started) in totals.items()}
