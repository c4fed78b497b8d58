"""The comparison views against the curated CSV, counted independently with the csv module."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

from conftest import DATA, read_csv
from reportlib.analysis import views

FIGURES = read_csv(DATA / "figures.csv")
METRIC_FAMILY = {r["metric"]: r["family"] for r in read_csv(DATA / "vocab" / "metrics.csv")}


def test_investment_per_project_is_total_over_count(tables):
    by_id = {r["id"]: r for r in FIGURES}
    money = views.investment(tables).dropna(subset=["per_project"]).set_index("id")
    expected = {r["id"]: float(r["value_norm"]) / float(by_id[r["group_figure"]]["value_norm"])
                for r in FIGURES if r["group_figure"] and r["metric"] == "total_investment"}
    assert set(expected) <= set(money.index)
    for fid, value in expected.items():
        assert money.at[fid, "per_project"] == pytest.approx(value)


def test_an_average_over_a_lower_bound_count_is_an_upper_bound(tables):
    money = views.investment(tables).set_index("id")
    by_id = {r["id"]: r for r in FIGURES}
    for r in FIGURES:
        if r["metric"] == "total_investment" and r["group_figure"]:
            count_bound = by_id[r["group_figure"]]["bound"]
            expected = {("exact", "exact"): "exact", ("exact", "at_least"): "at_most",
                        ("at_least", "exact"): "at_least"}.get((r["bound"], count_bound), "indeterminate")
            assert money.at[r["id"], "per_project_bound"] == expected


def test_investment_thresholds_are_not_investment(tables):
    money = views.investment(tables)
    thresholds = {r["id"] for r in FIGURES if r["metric"] == "investment_threshold"}
    assert thresholds and not thresholds & set(money["id"])


def test_growth_holds_every_growth_figure_with_declines_negative(tables):
    rates = views.growth(tables).set_index("id")
    expected = {r["id"] for r in FIGURES if METRIC_FAMILY[r["metric"]] == "growth"}
    assert set(rates.index) == expected
    for r in FIGURES:
        if r["id"] in expected and r["value_norm"]:
            column, other = ("multiple", "change_pct") if r["unit_norm"] == "倍" else ("change_pct", "multiple")
            assert rates.at[r["id"], column] == pytest.approx(float(r["value_norm"]))
            assert pd.isna(rates.at[r["id"], other])  # one meaning per column
    assert (rates["change_pct"] < 0).any()
    assert rates.loc[rates["qualitative"], ["change_pct", "multiple"]].isna().all().all()


def test_comparable_growth_pairs_results_of_one_indicator_and_year(tables):
    pairs = views.comparable_growth(tables)
    keys = Counter()
    for r in FIGURES:
        if METRIC_FAMILY[r["metric"]] == "growth" and r["kind"] in ("actual", "estimate") and r["value"]:
            year = re.findall(r"\d{4}", r["period"])[-1]
            keys[(r["metric"], year, r["report"])] += 1
    by_metric_year = Counter((m, y) for (m, y, _r) in keys)
    expected = {(m, y) for (m, y), n in by_metric_year.items() if n >= 2}
    assert {(row.metric, str(row.year)) for row in pairs.itertuples()} == expected
    assert "plan" not in set(pairs["kind"].astype(str))


def test_metric_families_count_the_csv(tables):
    matrix = views.metric_families(tables)
    counted = Counter((r["report"], METRIC_FAMILY[r["metric"]]) for r in FIGURES)
    for (report, family), n in counted.items():
        assert matrix.at[report, family] == n
    assert matrix.to_numpy().sum() == len(FIGURES)


def test_headline_says_not_reported_rather_than_zero(tables):
    headline = views.headline(tables).set_index("place")
    with_totals = {r["report"] for r in FIGURES if r["metric"] == "total_investment"}
    labels = views.places(tables).set_index("report")["label"]
    for report, label in labels.items():
        cell = headline.at[label, "largest investment amount"]
        assert (cell == "not reported") == (report not in with_totals), (report, cell)
        assert not cell.startswith("0 ")


def test_project_counts_know_their_named_projects(tables):
    counts = views.project_counts(tables).set_index("id")
    named = Counter(p["group_figure"] for p in read_csv(DATA / "projects.csv") if p["group_figure"])
    for fid, n in named.items():
        assert counts.at[fid, "named"] == n


# What total ÷ count is worth, worked by hand: T ≥ t and C = c give T/C ≥ t/c; T = t and C ≥ c give T/C ≤ t/c;
# two lower bounds say nothing about the ratio; an approximate number makes the ratio approximate.
RATIO_BOUNDS = {
    ("exact", "exact"): "exact",
    ("exact", "at_least"): "at_most",
    ("at_least", "exact"): "at_least",
    ("at_least", "at_least"): "indeterminate",
    ("about", "exact"): "about",
    ("exact", "about"): "about",
    ("about", "about"): "about",
    ("about", "at_least"): "indeterminate",
    ("at_least", "about"): "indeterminate",
}


@pytest.mark.parametrize(("total", "count"), list(RATIO_BOUNDS))
def test_ratio_bound_table(total, count):
    assert views._ratio_bound(total, count) == RATIO_BOUNDS[(total, count)]
