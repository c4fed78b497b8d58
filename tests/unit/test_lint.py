"""The code passes the project's linter (ruff, configured in pyproject.toml), as `make lint` runs it."""

from __future__ import annotations

import subprocess
import sys

from reportlib.curation.paths import PROJECT_ROOT


def test_ruff_passes():
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise"],
                         cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-1000:]
