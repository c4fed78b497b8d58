"""The build runs its steps in order and stops at the first that fails, naming it."""

from __future__ import annotations

from reportlib.pipeline import build


def test_the_build_stops_at_the_first_failing_step(monkeypatch, capsys):
    ran = []

    def step(name, code):
        def run():
            ran.append(name)
            return code
        return name, run

    monkeypatch.setattr(build, "STEPS", (step("first", 0), step("second", 3), step("third", 0)))
    assert build.build() == 3
    assert ran == ["first", "second"]
    out, err = capsys.readouterr()
    assert "[1/3] first" in out and "[2/3] second" in out and "third" not in out
    assert "build stopped: step 2 (second) failed" in err


def test_a_build_whose_steps_all_pass_runs_them_all(monkeypatch, capsys):
    ran = []
    monkeypatch.setattr(build, "STEPS", tuple((name, lambda name=name: ran.append(name) or 0) for name in "abc"))
    assert build.build() == 0
    assert ran == ["a", "b", "c"]
    assert "build finished" in capsys.readouterr().out

