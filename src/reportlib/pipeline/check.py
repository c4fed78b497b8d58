"""The data check as the command line and the build run it: a per-report summary and every problem.

It prints one line per report (figures, projects, exclusions, coverage) and every problem, and
returns 1 on any problem so that the build and CI stop there.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlib.curation.errors import DataError


def run_check(data_dir: Path | None, out=sys.stdout) -> int:
    """Load and verify a data folder; print the summary and problems; return the exit code."""
    from reportlib.curation.load import load_all
    from reportlib.curation.verify import check

    try:
        tables = load_all(data_dir)
    except DataError as err:
        print(err, file=out)
        return 1
    result = check(tables)
    print(f"{'report':<10} {'figures':>7} {'projects':>8} {'exclusions':>10} {'numbers':>7} {'coverage':>8}", file=out)
    for rid, tally in result.reports.items():
        print(f"{rid:<10} {tally.figures:>7} {tally.projects:>8} {tally.exclusions:>10} {tally.mentions:>7} {tally.coverage:>8.0%}", file=out)
    if result.problems:
        print(f"\n{len(result.problems)} problem(s):", file=out)
        for problem in result.problems:
            print(f"  - {problem}", file=out)
        if result.unclaimed:
            from reportlib.text.suggestions import uncurated_report

            print(f"\nLeft to curate ({len(result.unclaimed)}), with the words around each number:", file=out)
            print(uncurated_report(tables, result), file=out)
        return 1
    print("\nall checks passed", file=out)
    return 0
