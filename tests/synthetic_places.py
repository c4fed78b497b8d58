"""Data folders of N places made from the real reports, as data only (bench/synth.py shuffles the texts
and renames the rows): for checking that charts and layouts hold at other numbers of places."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from reportlib.curation.paths import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
import synth  # noqa: E402


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def places_folder(target: Path, n: int) -> Path:
    """A data folder of `n` synthetic places, each named after its real model with a number ('Jiadi 6'),
    so that labels are as long as real ones. With n = 1, the one place is the copy of the report with the
    most figures (a single plan with no rates would leave most charts with nothing to show)."""
    source = PROJECT_ROOT / "data"
    real = max(n, 1) if n > 1 else len(_rows(source / "reports.csv")[1])
    synth.generate(source, target, real)
    header, reports = _rows(target / "reports.csv")
    if n == 1:
        _, figures = _rows(target / "figures.csv")
        counts = {r["id"]: sum(f["report"] == r["id"] for f in figures) for r in reports}
        keep = max(counts, key=counts.get)
        for name in ("figures", "projects", "exclusions"):
            head, rows = _rows(target / f"{name}.csv")
            _write(target / f"{name}.csv", head, [r for r in rows if r["report"] == keep])
        head, calls = _rows(target / "judgement_calls.csv")
        _write(target / "judgement_calls.csv", head, [c for c in calls if c["figure"].startswith(keep + "-")])
        for row in reports:
            if row["id"] != keep:
                (target / "raw" / row["raw_file"]).unlink()
        reports = [r for r in reports if r["id"] == keep]
    level_words = [row["label_zh"] for row in _rows(target / "vocab" / "terms.csv")[1] if row["vocabulary"] == "level"]
    for k, row in enumerate(reports, 1):
        stem_en, _, level_en = row["name_en"].split(" (synthetic")[0].rpartition(" ")
        row["name_en"] = f"{stem_en} {k} {level_en}"
        model_zh = re.sub(r"\d+", "", row["name_zh"])  # the real model's name, without the copy's number
        row["name_zh"] = synth.numbered_zh(model_zh, k, level_words)
    _write(target / "reports.csv", header, reports)
    return target
