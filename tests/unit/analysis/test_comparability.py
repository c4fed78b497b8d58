"""The comparability model: verdicts from the rules table, on hand-built figures and generated ones."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportlib import load_all
from reportlib.analysis import comparability, rules


@pytest.fixture(scope="module")
def rule_set():
    return rules.load_rules(load_all())


def figure(**changes) -> dict:
    """A growth figure of a subdistrict, full-year 2024 result; change what a test needs."""
    row = {"id": "x", "report": "a", "place": "A", "metric": "gdp_growth", "metric_label": "GDP growth",
           "subject_en": "GDP", "family": "growth", "unit_norm": "%", "group_figure": None, "period": "2024",
           "period_basis": "stated", "kind": "actual", "level": "subdistrict", "stage": None}
    row.update(changes)
    return row


def test_the_same_indicator_months_kind_and_level_is_comparable(rule_set):
    rows = pd.DataFrame([figure(), figure(report="b", place="B")])
    assert comparability.assess(rows, "ranking", rule_set).verdict == "comparable"


def test_months_and_level_make_a_pair_indicative_side_by_side_and_unrankable(rule_set):
    # By hand: Jan–Nov actual of a subdistrict against a full-year estimate of a district.
    rows = pd.DataFrame([figure(period="2024-01/2024-11"),
                         figure(report="b", place="B", period="2024", kind="estimate", level="district")])
    side = comparability.assess(rows, "side_by_side", rule_set)
    assert side.verdict == "indicative"
    labels = {d.label for d in side.differences}
    assert {"months covered", "level", "actual or estimate"} <= labels
    assert comparability.assess(rows, "ranking", rule_set).verdict == "not_comparable"


def test_an_inferred_year_is_named_but_keeps_a_pair_comparable(rule_set):
    rows = pd.DataFrame([figure(), figure(report="b", place="B", period_basis="inferred")])
    verdict = comparability.assess(rows, "difference", rule_set)
    assert verdict.verdict == "comparable" and verdict.words() and "inferred" in verdict.words()[0]


def test_two_groups_of_one_report_are_never_added(rule_set):
    rows = pd.DataFrame([figure(metric="project_count", family="projects", unit_norm="个", stage="new_start"),
                         figure(id="y", metric="project_count", family="projects", unit_norm="个", stage="new_start")])
    assert comparability.assess(rows, "sum", rule_set).verdict == "not_comparable"


def test_a_judgement_call_makes_a_comparison_indicative(rule_set):
    rows = pd.DataFrame([figure(id="x"), figure(id="y", report="b", place="B")])
    calls = pd.DataFrame([{"id": "j1", "figure": "y", "call": "stage_not_stated", "effect": "indicative",
                           "words": "B's stage is a reading", "note": ""}])
    verdict = comparability.assess(rows, "ranking", rule_set, calls)
    assert verdict.verdict == "indicative" and "B's stage is a reading" in verdict.words()


def test_unknown_claim_types_are_refused(rule_set):
    with pytest.raises(ValueError, match="unknown claim type"):
        comparability.assess(pd.DataFrame([figure()]), "average", rule_set)


rows_strategy = st.fixed_dictionaries({
    "metric": st.sampled_from(["gdp_growth", "budget_revenue_growth"]),
    "period": st.sampled_from(["2024", "2025", "2024-01/2024-11"]),
    "period_basis": st.sampled_from(["stated", "inferred"]),
    "kind": st.sampled_from(["actual", "estimate", "plan"]),
    "level": st.sampled_from(["district", "subdistrict"]),
})


@settings(max_examples=150, deadline=None)
@given(st.lists(rows_strategy, min_size=2, max_size=4), st.sampled_from(["ranking", "ratio", "difference", "side_by_side"]))
def test_comparable_only_when_metric_months_kind_class_and_level_agree(rule_set, generated, claim_type):
    rows = pd.DataFrame([figure(id=f"f{i}", report=f"r{i}", place=f"P{i}", metric_label=g["metric"], **g)
                         for i, g in enumerate(generated)])
    verdict = comparability.assess(rows, claim_type, rule_set)
    classes = {rule_set.kind_classes[k] for k in rows["kind"]}
    agree = (rows["metric"].nunique() == 1 and rows["period"].nunique() == 1 and len(classes) == 1
             and rows["level"].nunique() == 1)
    assert (verdict.verdict == "comparable") == agree
    if claim_type != "side_by_side" and (rows["level"].nunique() > 1 or len(classes) > 1 or rows["metric"].nunique() > 1):
        assert verdict.verdict == "not_comparable"
