"""Can these figures be compared? A verdict and the differences in words, read from the rules table.

Given the figures a claim sets side by side (rows of views.figures_view) and the kind of claim
(side by side, ranking, ratio, difference, sum…), `assess` looks at each dimension of
data/vocab/comparability.csv (metric, unit, months covered, year, result or plan, level, stage, …),
finds where the figures differ, and takes the strictest consequence the table gives:

- comparable: like for like (differences marked `note` are still named, e.g. an inferred year);
- indicative: may be shown side by side, and the sentence must say what differs;
- not_comparable: must not be ranked, divided, subtracted or added.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

import pandas as pd

from reportlib.analysis.rules import SEVERITIES, Rules
from reportlib.analysis.wording import join_words
from reportlib.curation.periods import parse_period

# Which column of the rules table a claim type is judged by; single values and counts compare nothing.
CLAIM_CLASS = {"side_by_side": "side_by_side", "ranking": "arithmetic", "ratio": "arithmetic",
               "difference": "arithmetic", "share": "arithmetic", "sum": "sum", "single": None, "count": None}
VERDICTS = ("comparable", "indicative", "not_comparable")


@dataclass(frozen=True)
class Difference:
    """One way the figures differ: the dimension, its consequence and how a sentence says it."""

    dimension: str
    label: str
    severity: str
    words: str


@dataclass(frozen=True)
class Verdict:
    """comparable / indicative / not_comparable, with every difference the rules name."""

    verdict: str
    differences: tuple[Difference, ...]

    def words(self, at_least: str = "note") -> list[str]:
        """The differences of at least the given severity, in words."""
        floor = SEVERITIES.index(at_least)
        return [d.words for d in self.differences if SEVERITIES.index(d.severity) >= floor]


def period_span(code: str) -> str:
    """The months a period covers, in words: 'full year', 'Jan–Nov', '2024–2027', 'no period stated'."""
    period = parse_period(str(code))
    if period.start is None or period.end is None:
        return "no period stated" if period.end is None else f"cumulative to {period.end[0]}"
    (y1, m1), (y2, m2) = period.start, period.end
    if y1 == y2 and (m1, m2) == (1, 12):
        return "full year"
    if y1 == y2:
        return f"{calendar.month_abbr[m1]}–{calendar.month_abbr[m2]}"
    return f"{y1}–{y2}"


def period_year(code: str) -> str:
    period = parse_period(str(code))
    return str(period.end[0]) if period.end else "no year"


def facets(row, rules: Rules) -> dict[str, str | None]:
    """What each dimension of the rules table is for one figure, in words (None: does not apply)."""
    get = (lambda name: row[name]) if isinstance(row, (pd.Series, dict)) else (lambda name: getattr(row, name))
    metric = str(get("metric"))
    values = {
        "metric": str(get("metric_label")),
        "subject": str(get("subject_en")),
        "family": str(get("family")),
        "unit": str(get("unit_norm")),
        "scope": "one amount" if pd.isna(get("group_figure")) else "a project group",
        "period_span": period_span(get("period")),
        "period_year": period_year(get("period")),
        "period_basis": f"year {get('period_basis')}",
        "kind_class": rules.kind_classes.get(str(get("kind")), str(get("kind"))),
        "kind": str(get("kind")),
        "level": str(get("level")),
        "stage": "no stage" if pd.isna(get("stage")) else str(get("stage")).replace("_", " "),
        "place": str(get("place")),
        "group_overlap": str(get("report")),
    }
    out = {}
    for dimension, applies_to in zip(rules.dimensions["dimension"], rules.dimensions["applies_to"]):
        applies = applies_to.split()
        out[dimension] = values.get(dimension) if not applies or metric in applies else None
    return out


def _differs_words(label: str, values: list[str], places: list[str]) -> str:
    """'months covered: Jan–Nov (Jiadi) vs full year (Yidi)'."""
    by_value: dict[str, list[str]] = {}
    for value, place in zip(values, places):
        by_value.setdefault(value, [])
        if place not in by_value[value]:
            by_value[value].append(place)
    return f"{label}: " + " vs ".join(f"{value} ({join_words(who)})" for value, who in by_value.items())


def assess(rows: pd.DataFrame, claim_type: str, rules: Rules, calls: pd.DataFrame | None = None) -> Verdict:
    """The verdict of the rules table on a claim of `claim_type` over these figures. With the judgement calls
    (data/judgement_calls.csv), a comparison resting on a call whose effect is `indicative` is indicative at best,
    and the call's words are the difference a sentence must state."""
    if claim_type not in CLAIM_CLASS:
        raise ValueError(f"unknown claim type {claim_type!r} (known: {', '.join(CLAIM_CLASS)})")
    if CLAIM_CLASS[claim_type] is None or len(rows) < 2:
        return Verdict("comparable", ())
    records = [facets(row, rules) for _, row in rows.iterrows()]
    ids = [str(i) for i in rows["id"]] if "id" in rows else []
    return assess_facets(records, [str(p) for p in rows["place"]], ids, claim_type, rules, calls)


def assess_facets(records: list[dict], places: list[str], ids: list[str], claim_type: str, rules: Rules,
                  calls: pd.DataFrame | None = None) -> Verdict:
    """`assess` on figures whose facets are already computed (many pairs of the same figures)."""
    claim_class = CLAIM_CLASS[claim_type]
    if claim_class is None or len(records) < 2:
        return Verdict("comparable", ())
    differences = []
    for rule in rules.dimension_records:
        severity = rule[claim_class]
        values = [r[rule["dimension"]] for r in records]
        present = [(v, p) for v, p in zip(values, places) if v is not None]
        if severity == "comparable" or len(present) < 2:
            continue
        if rule["trigger"] == "differs" and len({v for v, _ in present}) > 1:
            differences.append(Difference(rule["dimension"], rule["label"], severity,
                                          _differs_words(rule["label"], [v for v, _ in present], [p for _, p in present])))
        elif rule["trigger"] == "shared":
            shared = [p for v, p in present if sum(1 for w, _ in present if w == v) > 1]
            if shared:
                differences.append(Difference(rule["dimension"], rule["label"], severity,
                                              f"{rule['label']} of {join_words(list(dict.fromkeys(shared)))} may overlap"))
    if calls is not None:
        on = set(ids)
        words = [w for f, e, w in zip(calls["figure"], calls["effect"], calls["words"]) if f in on and e == "indicative"]
        for word in dict.fromkeys(words):
            differences.append(Difference("judgement_call", word, "indicative", word))
    worst = max((SEVERITIES.index(d.severity) for d in differences), default=0)
    verdict = {0: "comparable", 1: "comparable", 2: "indicative", 3: "not_comparable"}[worst]
    return Verdict(verdict, tuple(differences))
