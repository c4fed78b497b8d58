"""Command line: `python -m reportlib check [--data-dir DIR]` (and the add-report, export, notebooks, build and
metadata commands).

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


def _metadata() -> int:
    """Regenerate data/datapackage.json and the codebook's column tables; a bad vocabulary or a codebook
    without its markers is reported, not raised."""
    from reportlib.curation.datapackage import write_metadata
    from reportlib.curation.errors import DataError

    try:
        changed = write_metadata()
    except (DataError, ValueError) as err:
        print(f"metadata not written: {err}", file=sys.stderr)
        return 1
    for path in changed:
        print(f"updated {path}")
    if not changed:
        print("data/datapackage.json and the codebook's column tables are up to date")
    return 0


def _run(args) -> int:
    if args.command == "check":
        return run_check(args.data_dir)
    if args.command == "add-report":
        from reportlib.pipeline.add_report import NewReport, add_report

        fields = {k: v for k, v in vars(args).items() if k not in ("command", "data_dir")}
        draft = add_report(NewReport(**{**fields, "document": fields["document"] or "Work report"}), args.data_dir)
        print(f"added report {args.id}: data/raw/{args.id}.txt, a row in reports.csv, its names in the stopwords "
              f"and the dictionary\ncandidate rows to review: {draft}\nnext: move them into figures.csv and exclusions.csv, "
              "then run `make check`")
        return 0
    if args.command == "export":
        from reportlib.pipeline.export import export_all

        for path in export_all():
            print(path)
        return 0
    if args.command == "notebooks":
        from reportlib.pipeline.notebooks import run_all

        return run_all()
    if args.command == "metadata":
        return _metadata()
    if args.command == "build":
        from reportlib.pipeline.build import build

        return build(force=args.force)
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reportlib", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="check a data folder: quotes, numbers, vocabularies, coverage")
    check_cmd.add_argument("--data-dir", type=Path, default=None, help="data folder (default: the project's data/)")
    add = commands.add_parser("add-report", help="add a report's text as data and draft its rows for curation")
    add.add_argument("text", type=Path, help="the report's text file (UTF-8), copied byte for byte to data/raw/ID.txt")
    add.add_argument("--data-dir", type=Path, default=None, help="data folder (default: the project's data/)")
    for option, what in (("--id", "report id: lower-case letters, digits and _"), ("--name-zh", "the place's name in Chinese"),
                         ("--name-en", "the place's name in English"), ("--level", "district or subdistrict"),
                         ("--city-zh", "prefecture-level city in Chinese"), ("--city-en", "prefecture-level city in English")):
        add.add_argument(option, required=True, help=what)
    for option, what in (("--parent-district-zh", "a subdistrict's district in Chinese"),
                         ("--parent-district-en", "a subdistrict's district in English"),
                         ("--document", "what the text is, in English"), ("--newspaper", "the newspaper, if named"),
                         ("--byline", "the byline as printed"), ("--published", "publication date"),
                         ("--reviews", "period code the report looks back on (2024)"), ("--plans", "year it plans for"),
                         ("--plans-basis", "stated or inferred"), ("--source", "where the text came from (default: its file name)"),
                         ("--note", "judgement calls about the report")):
        add.add_argument(option, default="", help=what)
    commands.add_parser("export", help="regenerate every figure, the slide deck and the workbook")
    commands.add_parser("notebooks", help="execute every notebook in order, in place")
    build_cmd = commands.add_parser("build", help="the main job: check the data, export, execute the notebooks, "
                                                  "publish all; outputs whose inputs did not change are kept")
    build_cmd.add_argument("--force", action="store_true", help="redo every output, even those recorded as current")
    commands.add_parser("metadata", help="regenerate data/datapackage.json and the codebook's column tables")
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
