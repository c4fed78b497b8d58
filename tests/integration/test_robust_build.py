"""The build publishes all or nothing: stopped at any step, by a failure, Ctrl-C, SIGTERM or SIGKILL,
it leaves every output byte-identical to before, and it says which step stopped and why.

A tiny project (one file in each output folder) and fake steps that stage new outputs stand in for
the real renderers where that proves the same thing; the real export step is used for the exporter
failure, with the charts left out so the test stays fast.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reportlib.pipeline import build as build_module
from reportlib.pipeline import publish

OUTPUTS = {
    "figures/01-chart.png": b"old png",
    "figures/README.md": b"# old readme\n",
    "exports/reportlib-deck.pptx": b"old deck",
    "exports/reportlib-tables.xlsx": b"old workbook",
    "notebooks/01-sources.ipynb": b'{"old": "notebook"}\n',
}


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    for name, data in OUTPUTS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def checksums(root: Path) -> dict[str, str]:
    """sha256 of every file under the project, staging folders and journal included."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def stage_new(run, folder: str) -> None:
    for name in OUTPUTS:
        if name.startswith(folder):
            run.staging.add(run.root / name, b"new " + name.encode())


def fake_steps(fail_at: str | None = None, error: BaseException | None = None):
    def step(folder):
        def run_step(run):
            stage_new(run, folder)
            if folder == fail_at:
                raise error

        return run_step

    return (("check the data", lambda run: None), ("export figures, deck and workbook", step("figures")),
            ("export the deck", step("exports")), ("execute the notebooks", step("notebooks")),
            ("publish the outputs", build_module._publish))


def run_build(root, steps, capsys) -> tuple[int, str]:
    """The exit code and the build's last line (stderr when it stopped, stdout when it finished)."""
    code = build_module.build(root, steps, out=sys.stdout, err=sys.stderr)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, (captured.err.strip() or captured.out.strip()).splitlines()[-1]


def test_a_build_that_passes_publishes_every_output(project, capsys):
    code, last = run_build(project, fake_steps(), capsys)
    assert code == 0 and last.startswith("build finished")
    assert all((project / name).read_bytes() == b"new " + name.encode() for name in OUTPUTS)
    assert set(checksums(project)) == set(OUTPUTS)  # no staging folder, no journal left behind


@pytest.mark.parametrize("fail_at, error, code, reason", [
    ("exports", RuntimeError("the deck exporter broke"), 1, "RuntimeError: the deck exporter broke"),
    ("notebooks", KeyboardInterrupt(), 130, "interrupted (Ctrl-C); the published outputs are as they were"),
    ("figures", build_module.Stopped("SIGTERM"), 143, "stopped by SIGTERM; the published outputs are as they were"),
])
def test_a_failing_step_leaves_every_output_as_it_was(project, capsys, fail_at, error, code, reason):
    before = checksums(project)
    number, name = {"figures": (2, "export figures, deck and workbook"), "exports": (3, "export the deck"),
                    "notebooks": (4, "execute the notebooks")}[fail_at]
    got, last = run_build(project, fake_steps(fail_at, error), capsys)
    assert got == code
    assert last == f"build stopped: step {number} ({name}) failed: {reason}"
    assert checksums(project) == before


def test_an_unwritable_output_folder_stops_the_build_and_names_the_folder(project, capsys):
    (project / "exports" / "reportlib-deck.pptx").unlink()
    (project / "exports" / "reportlib-tables.xlsx").unlink()
    (project / "exports").rmdir()
    (project / "exports").write_bytes(b"a file where the folder should be")
    before = checksums(project)
    code, last = run_build(project, fake_steps(), capsys)
    assert code == 1
    assert last.startswith("build stopped: step 3 (export the deck) failed: cannot write to ")
    assert "/exports/ (it is a file, not a folder)" in last and last.endswith("move the file away and run again")
    assert checksums(project) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only folder")
def test_a_read_only_output_folder_stops_the_build(project, capsys):
    before = checksums(project)
    (project / "exports").chmod(0o555)
    try:
        code, last = run_build(project, fake_steps(), capsys)
    finally:
        (project / "exports").chmod(0o755)
    assert code == 1 and "cannot write to" in last and "Permission denied" in last
    assert checksums(project) == before


def test_a_failing_exporter_in_the_real_export_step_publishes_nothing(project, capsys, monkeypatch):
    from reportlib.pipeline import export
    from reportlib.report import workbook

    monkeypatch.setattr(export.charts, "CHARTS", ())  # no charts: the test is about the workbook

    def broken(tables):
        raise ValueError("openpyxl refused a cell")

    monkeypatch.setattr(workbook, "workbook_bytes", broken)
    before = checksums(project)
    steps = (("export figures, deck and workbook", build_module._export), ("publish the outputs", build_module._publish))
    code, last = run_build(project, steps, capsys)
    assert (code, last) == (1, "build stopped: step 1 (export figures, deck and workbook) failed: "
                               "ValueError: openpyxl refused a cell")
    assert checksums(project) == before


def test_a_notebook_with_merge_conflict_markers_is_named(project, capsys):
    notebook = project / "notebooks" / "01-sources.ipynb"
    notebook.write_text('{\n<<<<<<< HEAD\n "cells": []\n=======\n "cells": [1]\n>>>>>>> other\n}\n', encoding="utf-8")
    before = checksums(project)
    steps = (("execute the notebooks", build_module._notebooks), ("publish the outputs", build_module._publish))
    code, last = run_build(project, steps, capsys)
    assert code == 1
    assert last.startswith("build stopped: step 1 (execute the notebooks) failed: notebook failed: ")
    assert "01-sources.ipynb: not a readable notebook" in last and "merge conflict" in last
    assert checksums(project) == before


def test_a_failing_data_check_stops_the_build_at_step_one(project, capsys, monkeypatch, data_copy):
    (data_copy / "figures.csv").write_bytes(b"")
    monkeypatch.setenv("REPORTLIB_DATA_DIR", str(data_copy))
    before = checksums(project)
    code, last = run_build(project, build_module.STEPS, capsys)
    assert (code, last) == (1, "build stopped: step 1 (check the data) failed: the data check found problems (listed above)")
    assert checksums(project) == before


class Killed(BaseException):
    """Stands in for SIGKILL in the middle of publishing: nothing after it runs, no clean-up."""


def test_killed_while_publishing_the_next_run_finishes_the_set(project, capsys, monkeypatch):
    replace, moved = os.replace, []

    def dies_after_one(source, target):
        if Path(target).name in {Path(name).name for name in OUTPUTS}:
            if moved:
                raise Killed
            moved.append(target)
        replace(source, target)

    monkeypatch.setattr(publish.os, "replace", dies_after_one)
    with pytest.raises(Killed):
        build_module.build(project, fake_steps())
    monkeypatch.setattr(publish.os, "replace", replace)
    new = [name for name in OUTPUTS if (project / name).read_bytes() != OUTPUTS[name]]
    assert len(new) == 1  # a mixed set on disk, and the journal that says how to finish it
    publish.Staging([project / f for f in ('figures', 'exports', 'notebooks')])  # what the next run does first
    assert all((project / name).read_bytes() == b"new " + name.encode() for name in OUTPUTS)
    assert set(checksums(project)) == set(OUTPUTS)


SCRIPT = textwrap.dedent("""
    import sys, time
    from reportlib.pipeline import build

    root, wait_in = sys.argv[1], sys.argv[2]
    NAMES = {names!r}

    def step(folder):
        def run_step(run):
            for name in NAMES:
                if name.startswith(folder):
                    run.staging.add(run.root / name, b"new " + name.encode())
            if folder == wait_in:
                print("staged", folder, flush=True)
                time.sleep(30)
        return run_step

    steps = (("export figures, deck and workbook", step("figures")), ("export the deck", step("exports")),
             ("execute the notebooks", step("notebooks")), ("publish the outputs", build._publish))
    sys.exit(build.build(root, steps))
""").format(names=list(OUTPUTS))


# Each signal once, SIGKILL at both points (the in-process tests above stop every step by the other two).
KILLS = [(signal.SIGINT, "exports"), (signal.SIGTERM, "notebooks"), (signal.SIGKILL, "exports"),
         (signal.SIGKILL, "notebooks")]
STOP_LINES = {"exports": "build stopped: step 2 (export the deck) failed: ",
              "notebooks": "build stopped: step 3 (execute the notebooks) failed: "}


def test_a_killed_build_leaves_every_output_as_it_was(tmp_path):
    """Builds run at once, each stopped by SIGINT, SIGTERM or SIGKILL in its second or third step."""
    projects, processes = [], []
    for number, (_signum, wait_in) in enumerate(KILLS):
        root = tmp_path / f"project{number}"
        for name, data in OUTPUTS.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        projects.append((root, checksums(root)))
        processes.append(subprocess.Popen([sys.executable, "-c", SCRIPT, str(root), wait_in],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    try:
        for process, (signum, _) in zip(processes, KILLS):
            for line in process.stdout:
                if line.startswith("staged"):
                    break
            process.send_signal(signum)
        errors = [process.communicate(timeout=20)[1] for process in processes]
    finally:
        for process in processes:
            process.kill()
    for (root, before), process, err, (signum, wait_in) in zip(projects, processes, errors, KILLS):
        published = {name: sha for name, sha in checksums(root).items() if name in OUTPUTS}
        assert published == {name: before[name] for name in OUTPUTS}, (signum.name, wait_in)
        if signum == signal.SIGKILL:
            assert process.returncode == -signal.SIGKILL
            publish.Staging([root / f for f in ('figures', 'exports', 'notebooks')])  # the next run sweeps them
        else:
            assert process.returncode == 128 + signum
            assert "Traceback" not in err
            assert err.strip().splitlines()[-1].startswith(STOP_LINES[wait_in])
        assert checksums(root) == before, (signum.name, wait_in)


def test_signals_are_held_while_files_move_in_and_delivered_after():
    # Python's own Ctrl-C handler, whatever the test run inherited: a job started in the background of a
    # shell starts with SIGINT ignored, and an ignored signal would prove nothing here
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    reached = []
    try:
        with pytest.raises(KeyboardInterrupt), publish.signals_held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.01)
            reached.append("after the signal")  # the block runs to its end before Ctrl-C takes effect
    finally:
        signal.signal(signal.SIGINT, previous)
    assert reached == ["after the signal"]


@pytest.mark.parametrize("error, code, line", [
    (publish.PublishError("cannot write to exports/ (Permission denied): make it a writable folder and run again"), 1,
     "export stopped: cannot write to exports/ (Permission denied): make it a writable folder and run again"),
    (PermissionError(13, "Permission denied", "/somewhere/exports/deck.pptx"), 1,
     "export stopped: /somewhere/exports/deck.pptx: Permission denied: check the path and its permissions"),
    (KeyboardInterrupt(), 130, "export stopped: interrupted (Ctrl-C); the published outputs are as they were"),
])
def test_the_command_line_ends_a_failure_with_one_line(monkeypatch, capsys, error, code, line):
    from reportlib.pipeline import cli, export

    def fails(*args, **kwargs):
        raise error

    monkeypatch.setattr(export, "export_all", fails)
    assert cli.main(["export"]) == code
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert captured.err.strip().splitlines()[-1] == line
