"""The analysis layer's own data: the comparability rules, the kind classes and the judgement calls.

They are data so that a reader can see and argue with them (data/README.md explains each column):
- data/vocab/comparability.csv: per dimension, what a difference makes of a comparison;
- data/vocab/kind_classes.csv: which kinds are results and which are plans;
- data/judgement_calls.csv: curation readings the text does not settle, with the words a claim uses
  to name them and what they do to a per-project average.
Each reader checks its file and raises a DataError naming the file, row, column and value.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from reportlib.curation.csvfile import read_rows
from reportlib.curation.errors import DataError, Problem
from reportlib.curation.load import Tables
from reportlib.curation.paths import display_path

SEVERITIES = ("comparable", "note", "indicative", "not_comparable")
CLAIM_CLASSES = ("side_by_side", "arithmetic", "sum")
TRIGGERS = ("differs", "shared")
EFFECTS = ("name", "indicative", "exclude_from_per_project")


def _read(path: Path, columns: tuple[str, ...], allowed: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """A small CSV as strings, every column present, every listed column within its allowed words."""
    header, rows = read_rows(path)
    name = display_path(path)
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataError([Problem(name, f"missing column {c}", row=1, column=c) for c in missing])
    problems = []
    records = []
    for number, row in rows:
        record = {c: row[header.index(c)].strip() for c in columns}
        for column, words in allowed.items():
            if record[column] not in words:
                problems.append(Problem(name, f"unknown word (known: {', '.join(words)})", row=number,
                                        column=column, value=record[column]))
        record["row"] = number
        records.append(record)
    if problems:
        raise DataError(problems)
    return pd.DataFrame(records, columns=[*columns, "row"])


@dataclass(frozen=True)
class Rules:
    """The comparability rules and the kind classes of one data folder."""

    dimensions: pd.DataFrame
    kind_classes: dict[str, str]

    @cached_property
    def dimension_records(self) -> list[dict]:
        """The rules as one dict per dimension, made once: every pair of figures compared is judged on them."""
        return self.dimensions.to_dict("records")

    def severity(self, dimension: str, claim_class: str) -> str:
        return str(self.dimensions.set_index("dimension").at[dimension, claim_class])


def load_rules(tables: Tables) -> Rules:
    """data/vocab/comparability.csv and data/vocab/kind_classes.csv, checked."""
    folder = Path(tables.folder) / "vocab"
    dimensions = _read(folder / "comparability.csv",
                       ("dimension", "label", "applies_to", "trigger", *CLAIM_CLASSES, "definition"),
                       {"trigger": TRIGGERS, **{c: SEVERITIES for c in CLAIM_CLASSES}})
    kinds = _read(folder / "kind_classes.csv", ("kind", "kind_class", "label_en", "definition"), {})
    known = set(tables.vocab.words("kind"))
    name = display_path(folder / "kind_classes.csv")
    problems = [Problem(name, "not a kind of data/vocab/terms.csv", row=r.row, column="kind", value=r.kind)
                for r in kinds.itertuples() if r.kind not in known]
    problems += [Problem(name, "kind without a class", value=k) for k in sorted(known - set(kinds["kind"]))]
    if problems:
        raise DataError(problems)
    return Rules(dimensions, dict(zip(kinds["kind"], kinds["kind_class"])))


def judgement_calls(tables: Tables) -> pd.DataFrame:
    """data/judgement_calls.csv: id, figure, call, effect, words (how a claim names it), note."""
    path = Path(tables.folder) / "judgement_calls.csv"
    calls = _read(path, ("id", "figure", "call", "effect", "words", "note"),
                  {"effect": EFFECTS, "call": tuple(tables.vocab.words("judgement_call"))})
    known = set(tables.figures["id"].astype(str))
    problems = [Problem(display_path(path), "no such figure in figures.csv", row=r.row, column="figure", value=r.figure)
                for r in calls.itertuples() if r.figure not in known]
    problems += [Problem(display_path(path), "the words are empty", row=r.row, column="words")
                 for r in calls.itertuples() if not r.words]
    if problems:
        raise DataError(problems)
    return calls.drop(columns="row")
