"""The build runs its steps in order and stops at the first that fails, naming it and its reason."""

from __future__ import annotations

import io

from reportlib.pipeline import build


def _step(ran: list[str], name: str, error: Exception | None = None):
    def run(_run):
        ran.append(name)
        if error is not None:
            raise error
    return name, run


def test_the_build_stops_at_the_first_failing_step(tmp_path):
    ran, out, err = [], io.StringIO(), io.StringIO()
    steps = (_step(ran, "first"), _step(ran, "second", RuntimeError("the disk is full")), _step(ran, "third"))
    assert build.build(tmp_path, steps=steps, out=out, err=err) == 1
    assert ran == ["first", "second"]
    assert "[1/3] first" in out.getvalue() and "[2/3] second" in out.getvalue() and "third" not in out.getvalue()
    assert "build stopped: step 2 (second) failed" in err.getvalue() and "the disk is full" in err.getvalue()
    assert "Traceback" not in out.getvalue() + err.getvalue()


def test_a_build_whose_steps_all_pass_runs_them_all(tmp_path):
    ran, out, err = [], io.StringIO(), io.StringIO()
    assert build.build(tmp_path, steps=tuple(_step(ran, name) for name in "abc"), out=out, err=err) == 0
    assert ran == ["a", "b", "c"]
    assert "build finished" in out.getvalue() and err.getvalue() == ""
