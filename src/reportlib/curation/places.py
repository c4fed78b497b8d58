"""The places the reports speak for: ids, names, levels, order and colours, all from data/.

The one home of these facts. Everything that names, orders, groups or colours a place asks here,
so that adding a report to data/reports.csv is a data change only.

- order: the order of data/reports.csv, the order of every legend, axis and table;
- names: the report's names without the level word ('Jiadi Subdistrict' -> 'Jiadi', '甲地街道' -> '甲地'),
  the level words taken from the level vocabulary (data/vocab/terms.csv);
- levels: in the order the level vocabulary lists them (district before subdistrict);
- colours: the report's own `colour` if given, else the next unused colour of data/vocab/palette.csv
  in report order, so a place keeps its colour when reports are added after it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reportlib.curation.csvfile import read_rows
from reportlib.curation.errors import DataError, Problem
from reportlib.curation.load import Tables
from reportlib.curation.paths import display_path


def palette(folder: Path) -> list[str]:
    """The colours places take, in the order they are handed out (data/vocab/palette.csv of a data folder)."""
    path = Path(folder) / "vocab" / "palette.csv"
    header, rows = read_rows(path)
    if "colour" not in header:
        raise DataError([Problem(display_path(path), "missing column", row=1, column="colour")])
    position = header.index("colour")
    return [row[position].strip().upper() for _, row in rows]


def level_terms(tables: Tables) -> pd.DataFrame:
    """The level vocabulary in its own order: term, label_en, label_zh."""
    terms = tables.vocab.terms
    levels = terms[terms["vocabulary"] == "level"][["term", "label_en", "label_zh"]]
    return levels.astype(str).reset_index(drop=True)


def _strip_suffix(names: pd.Series, suffixes: list[str]) -> pd.Series:
    def strip(name: str) -> str:
        for suffix in sorted(suffixes, key=len, reverse=True):
            if suffix and name.endswith(suffix) and len(name) > len(suffix):
                return name[: -len(suffix)].rstrip()
        return name

    return names.astype(str).map(strip)


def assign_colours(given: list[str | None], colours: list[str]) -> list[str]:
    """Each place's colour: its own where given, else the first palette colour not yet taken, in order.

    Raises ValueError when the palette runs out, rather than repeating a colour."""
    taken = {c.upper() for c in given if c}
    free = [c for c in colours if c.upper() not in taken]
    out = []
    for colour in given:
        if colour:
            out.append(colour.upper())
        elif free:
            out.append(free.pop(0))
        else:
            raise ValueError(f"the palette has {len(colours)} colours, too few for {len(given)} places: "
                             "add colours to data/vocab/palette.csv")
    return out


def places(tables: Tables) -> pd.DataFrame:
    """One row per report, in report order: report id, short English and Chinese names ('Jiadi', '甲地'), a
    bilingual label ('Jiadi 甲地'), the level and its label ('subdistrict 街道'), and the place's colour."""
    reports = tables.reports
    levels = level_terms(tables)
    short_en = _strip_suffix(reports["name_en"], list(levels["label_en"]))
    short_zh = _strip_suffix(reports["name_zh"], list(levels["label_zh"]))
    # a district and a subdistrict of one name (新华区, 新华街道) keep their level word, so no two places read alike
    shared = (short_en + " " + short_zh).duplicated(keep=False)
    short_en = short_en.where(~shared, reports["name_en"].astype(str))
    short_zh = short_zh.where(~shared, reports["name_zh"].astype(str))
    level = reports["level"].astype(str)
    level_label = level.map({t.term: f"{t.label_en.lower()} {t.label_zh}" for t in levels.itertuples()})
    given = [None if pd.isna(c) else str(c) for c in reports["colour"]]
    order = [str(r) for r in reports["id"]]
    return pd.DataFrame({
        "report": pd.Categorical(order, categories=order),
        "place": short_en.to_numpy(),
        "place_zh": short_zh.to_numpy(),
        "label": (short_en + " " + short_zh).to_numpy(),
        "level": pd.Categorical(level, categories=list(levels["term"])),
        "level_label": level_label.to_numpy(),
        "colour": assign_colours(given, palette(tables.folder)),
    })


def place_order(tables: Tables) -> list[str]:
    """Report ids in the order of the reports table: the order of every legend and axis."""
    return [str(r) for r in tables.reports["id"]]


def labels(tables: Tables) -> dict[str, str]:
    """Report id -> the place's bilingual label ('Jiadi 甲地')."""
    frame = places(tables)
    return dict(zip(frame["report"].astype(str), frame["label"]))


def short_names(tables: Tables) -> dict[str, str]:
    """Report id -> the place's short English name ('Jiadi')."""
    frame = places(tables)
    return dict(zip(frame["report"].astype(str), frame["place"]))


def colours(tables: Tables) -> dict[str, str]:
    """Report id -> the place's colour, the same in every chart."""
    frame = places(tables)
    return dict(zip(frame["report"].astype(str), frame["colour"]))


def by_level(tables: Tables, reports: list[str] | None = None) -> list[tuple[str, list[str]]]:
    """The reports grouped by level, levels in vocabulary order, reports in place order; only levels
    with a report in `reports` (default: all). Comparisons and panels never mix levels."""
    frame = places(tables)
    wanted = set(place_order(tables) if reports is None else map(str, reports))
    groups = []
    for level in frame["level"].cat.categories:
        members = [str(r) for r, lvl in zip(frame["report"], frame["level"]) if lvl == level and str(r) in wanted]
        if members:
            groups.append((str(level), members))
    return groups


def level_heading(tables: Tables, level: str, count: int) -> str:
    """A panel's heading for one level: 'District 区', or 'Subdistricts 街道' for more than one place."""
    row = level_terms(tables).set_index("term").loc[level]
    word = row["label_en"] + ("s" if count != 1 else "")
    return f"{word} {row['label_zh']}"
