"""Command line: `python -m reportlib check [--data-dir DIR]` (and the export and build commands).

The check prints one line per report (figures, projects, exclusions, coverage) and every
problem, and exits 1 on any problem so that the main job and CI stop there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import DataError


def run_check(data_dir: Path | None, out=sys.stdout) -> int:
    """Load and verify a data folder; print the summary and problems; return the exit code."""
    from .load import load_all
    from .verify import check

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
            from .suggestions import uncurated_report

            print(f"\nLeft to curate ({len(result.unclaimed)}), with the words around each number:", file=out)
            print(uncurated_report(tables, result), file=out)
        return 1
    print("\nall checks passed", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reportlib", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="check a data folder: quotes, numbers, vocabularies, coverage")
    check_cmd.add_argument("--data-dir", type=Path, default=None, help="data folder (default: the project's data/)")
    commands.add_parser("export", help="regenerate every figure, the slide deck and the workbook")
    commands.add_parser("notebooks", help="execute every notebook in order, in place")
    commands.add_parser("build", help="the main job: check the data, execute the notebooks, export")
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(args.data_dir)
    if args.command == "export":
        from .export import export_all

        for path in export_all():
            print(path)
        return 0
    if args.command == "notebooks":
        from .notebooks import run_all

        return run_all()
    if args.command == "build":
        from .build import build

        return build()
    return 2
