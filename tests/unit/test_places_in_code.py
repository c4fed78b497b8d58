"""Places are data: no report id or place name is written in the package's code, its tests or its benchmark
(data/reports.csv has them)."""

from __future__ import annotations

import re

from conftest import DATA, read_csv
from reportlib.curation.paths import PROJECT_ROOT



def _place_words(short_chinese: bool = True) -> set[str]:
    """Each report's id, the first word of its English name, and its Chinese name with (and, if
    `short_chinese`, without) the level word (街道, 区: the level vocabulary's Chinese labels)."""
    levels = [t["label_zh"] for t in read_csv(DATA / "vocab" / "terms.csv") if t["vocabulary"] == "level"]
    words = set()
    for report in read_csv(DATA / "reports.csv"):
        short = next((report["name_zh"].removesuffix(level) for level in levels if report["name_zh"].endswith(level)),
                     report["name_zh"])
        words |= {report["id"], report["name_en"].split()[0], report["name_zh"]} | ({short} if short_chinese else set())
    return {w for w in words if len(w) >= 2}


def _names_a_place(text: str, words: set[str]) -> list[str]:
    found = []
    for word in words:
        pattern = rf"\b{re.escape(word)}\b" if word.isascii() else re.escape(word)
        if re.search(pattern, text, flags=re.IGNORECASE):
            found.append(word)
    return sorted(found)


def test_no_place_is_written_in_the_package():
    # In the package every form counts. Tests and the benchmark hold made-up Chinese strings (a reversed term,
    # 城新河运), in which a two-character short name (新河) turns up by chance: there the full names count.
    strict, full = _place_words(), _place_words(short_chinese=False)
    naming = {}
    for folder, words in (("src", strict), ("tests", full), ("bench", full)):
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            found = _names_a_place(path.read_text(encoding="utf-8"), words)
            if found:
                naming[path.relative_to(PROJECT_ROOT).as_posix()] = found
    assert naming == {}


def test_the_finder_sees_an_id_a_name_and_a_chinese_name():
    words = {"alpha", "Alpha", "甲乙街道", "甲乙"}
    assert _names_a_place('COLOURS = {"alpha": "#000"}', words) == ["Alpha", "alpha"]
    assert _names_a_place("# 甲乙 is a subdistrict", words) == ["甲乙"]
    assert _names_a_place("alphabet = 1", words) == []
