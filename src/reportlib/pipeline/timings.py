"""How the build spreads its work: over as many processes as it may use cores, the longest jobs first.

Parallel work ends soonest when the longest jobs start first; the build learns which those are
from its previous run: how long each chart and notebook took, a scheduling hint, never an input.
The hint lives in the project's git-ignored .cache/ folder; a missing or unreadable file only means
reading order.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

HINTS = Path(".cache") / "reportlib-seconds.json"


def usable_cores() -> int:
    """As many as this process may use cores (chart workers, notebook kernels)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def read(root: Path) -> dict[str, float]:
    """Seconds by job name ("chart NAME", "notebook NAME") from the last run; empty if unknown."""
    try:
        found = json.loads((Path(root) / HINTS).read_text(encoding="utf-8"))
        return {str(name): float(seconds) for name, seconds in found.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def update(root: Path, seconds: dict[str, float]) -> None:
    """Remember these jobs' seconds (rounded: a hint needs no more)."""
    path = Path(root) / HINTS
    merged = {**read(root), **{name: round(value, 1) for name, value in seconds.items()}}
    try:
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(merged, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    except OSError:
        pass  # a lost hint, not an error


def longest_first(names: list[str], hints: dict[str, float]) -> list[int]:
    """The indexes of `names`, the longest last time first; unknown ones after, in their order."""
    return sorted(range(len(names)), key=lambda i: -hints.get(names[i], 0.0))
