"""The findings sentences follow the data: a place with nothing to say is named as not reporting, and a
changed number changes the sentence. Each test changes a copy of the tables and reads the sentences;
which place to change is chosen from the data, never written out."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import restrict
from reportlib.analysis import findings, views


def without(tables, rows) -> object:
    """The tables without the given figure rows."""
    return dataclasses.replace(tables, figures=tables.figures[~rows].reset_index(drop=True))


def labels(tables) -> dict[str, str]:
    return dict(zip(views.places(tables)["report"], views.places(tables)["label"]))


def not_reported_sentences(sentences: list[str]) -> list[str]:
    return [s for s in sentences if "not reported" in s]


def test_every_place_without_an_investment_amount_is_named_as_not_reporting(tables):
    totals = tables.figures["metric"].astype(str) == "total_investment"
    with_totals = set(tables.figures.loc[totals, "report"].astype(str))
    dropped = min(with_totals)
    edited = without(tables, totals & (tables.figures["report"].astype(str) == dropped))
    [sentence] = not_reported_sentences(findings.investment(edited))
    for report, label in labels(tables).items():
        assert (label in sentence) == (report not in with_totals or report == dropped), (label, sentence)


def test_the_summary_keeps_the_places_that_report_no_amount(tables):
    totals = tables.figures["metric"].astype(str) == "total_investment"
    dropped = min(set(tables.figures.loc[totals, "report"].astype(str)))
    edited = without(tables, totals & (tables.figures["report"].astype(str) == dropped))
    assert any(labels(tables)[dropped] in s for s in not_reported_sentences(findings.summary(edited)))


def test_the_sources_count_the_curated_figures(tables):
    count = len(tables.figures)
    before = " ".join(findings.sources(tables))
    assert f"{count:,} " in before and f"{count - 1:,} " not in before
    last = tables.figures.index == tables.figures.index[-1]
    after = " ".join(findings.sources(without(tables, last)))
    assert f"{count - 1:,} " in after and f"{count:,} " not in after


def test_when_every_place_has_an_amount_none_is_said_not_to_report(tables):
    totals = tables.figures[tables.figures["metric"].astype(str) == "total_investment"]
    one_each = restrict(tables, set(totals["report"].astype(str)))
    assert not_reported_sentences(findings.investment(one_each)) == []


def test_a_place_without_growth_rates_is_named_as_not_reporting(tables):
    family = views.figures_view(tables).set_index("id")["family"]
    growth = tables.figures["id"].map(family).eq("growth").to_numpy()
    reporting = sorted(set(tables.figures.loc[growth, "report"].astype(str)))
    dropped = reporting[-1]
    edited = without(tables, growth & (tables.figures["report"].astype(str) == dropped).to_numpy())
    sentences = not_reported_sentences(findings.growth(edited))
    assert any(labels(tables)[dropped] in s for s in sentences), sentences
    assert not any(labels(tables)[r] in s for s in sentences for r in reporting if r != dropped)


def test_a_place_without_a_project_count_is_named_as_not_reporting(tables):
    counts = tables.figures["metric"].astype(str) == "project_count"
    dropped = min(set(tables.figures.loc[counts, "report"].astype(str)))
    edited = without(tables, counts & (tables.figures["report"].astype(str) == dropped))
    sentences = not_reported_sentences(findings.projects(edited))
    assert any(labels(tables)[dropped] in s for s in sentences), sentences


def test_a_changed_growth_rate_changes_the_sentence(tables):
    pair = views.comparable_growth(tables).iloc[0]
    before = " ".join(findings.growth(tables))
    assert "77.7%" not in before
    figures = tables.figures.copy()
    row = figures["id"] == pair["id"]
    figures.loc[row, "value"] = 77.7
    figures.loc[row, "value_norm"] = 77.7
    after = " ".join(findings.growth(dataclasses.replace(tables, figures=figures)))
    assert f"{pair['place']} +77.7%" in after or f"{pair['place']} 77.7%" in after, after


@pytest.mark.parametrize("function", [findings.sources, findings.investment, findings.growth, findings.projects,
                                      findings.summary])
def test_findings_are_sentences_that_type_no_report_id(tables, function):
    sentences = function(tables)
    assert sentences and all(s.strip() and s.rstrip().endswith(".") for s in sentences)
    for report in views.place_order(tables):
        assert not any(f" {report} " in f" {s} " for s in sentences), report
