"""Command line: `python -m reportlib check [--data-dir DIR]` (and the export and build commands).

The check prints one line per report (figures, projects, exclusions, coverage) and every
problem, and exits 1 on any problem so that the main job and CI stop there. Every command ends
a failure with a line naming what went wrong, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reportlib.curation.errors import DataError
from reportlib.pipeline.check import run_check


def _run(args) -> int:
    if args.command == "check":
        return run_check(args.data_dir)
    if args.command == "export":
        from reportlib.pipeline.export import export_all

        for path in export_all():
            print(path)
        return 0
    if args.command == "notebooks":
        from reportlib.pipeline.notebooks import run_all

        return run_all()
    if args.command == "build":
        from reportlib.pipeline.build import build

        return build(force=args.force)
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reportlib", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="check a data folder: quotes, numbers, vocabularies, coverage")
    check_cmd.add_argument("--data-dir", type=Path, default=None, help="data folder (default: the project's data/)")
    commands.add_parser("export", help="regenerate every figure, the slide deck and the workbook")
    commands.add_parser("notebooks", help="execute every notebook in order, in place")
    build_cmd = commands.add_parser("build", help="the main job: check the data, export, execute the notebooks, "
                                                  "publish all; outputs whose inputs did not change are kept")
    build_cmd.add_argument("--force", action="store_true", help="redo every output, even those recorded as current")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except DataError as err:
        print(err, file=sys.stderr)
        print(f"\n{args.command} stopped: {len(err.problems)} problem(s) in the data (listed above)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\n{args.command} stopped: interrupted (Ctrl-C); the published outputs are as they were", file=sys.stderr)
        return 130
    except Exception as err:  # the last resort: one line, not a traceback
        from reportlib.pipeline.build import reason_of

        print(f"\n{args.command} stopped: {reason_of(err)[0]}", file=sys.stderr)
        return 1
