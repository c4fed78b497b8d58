"""Claims hold up: every claim the project makes passes the rules; each rule refuses a claim that breaks it;
sentences follow the data when the data change."""

from __future__ import annotations

import dataclasses

import pytest

import reportlib
from conftest import edit_row, read_csv, write_csv
from reportlib.analysis import claims, views


@pytest.fixture(scope="module")
def tables():
    return reportlib.load_all()


@pytest.fixture(scope="module")
def made(tables):
    return claims.build(tables)


@pytest.fixture(scope="module")
def ctx(tables):
    return claims.Context(tables)


def test_every_claim_passes_the_rules_and_says_where_it_appears(made, ctx):
    assert made
    for claim in made:
        assert claims.problems(claim, ctx) == [], claim.key
        assert claim.where and claim.text.strip()
        assert "Caveat" not in claim.said


def test_every_chart_title_and_subtitle_of_the_figures_is_one_claim(made):
    for name in ("01-metric-coverage", "02-investment-by-stage", "02-investment-per-project", "03-growth-rates",
                 "03-comparable-growth", "04-project-counts"):
        claims.one(made, f"chart:{name}:title")
        claims.one(made, f"chart:{name}:subtitle")


def test_no_ranking_across_indicators_levels_or_kinds(made, ctx):
    for claim in made:
        if claim.type in claims.COMPARING:
            rows = ctx.rows(claim.compares)
            assert rows["metric"].astype(str).nunique() == 1, claim.key
            assert rows["level"].astype(str).nunique() == 1, claim.key
            assert rows["kind"].astype(str).map(ctx.rules.kind_classes).nunique() == 1, claim.key
        assert claim.type != "sum" or claim.verdict != "not_comparable"


def _claim(ctx, ids, type="ranking", text="A ranking.", **changes):
    ids = tuple(ids)
    verdict = claims.comparability.assess(ctx.rows(ids), type, ctx.rules, ctx.calls)
    base = claims.Claim("test", type, ids, verdict.verdict, verdict.differences, (), ("test",), text)
    return dataclasses.replace(base, **changes)


def _ids(ctx, **where):
    rows = ctx.figures
    for column, value in where.items():
        rows = rows[rows[column].astype(str) == value]
    return list(rows.index)


def _refused(claim, ctx, words):
    with pytest.raises(claims.ClaimError, match=words):
        claims.validate(claim, ctx)


def test_a_ranking_of_two_indicators_is_refused(ctx):
    rates = views.growth(ctx.tables)
    a, b = rates[rates["change_pct"].notna()].drop_duplicates("metric").iloc[:2]["id"]
    _refused(_claim(ctx, [a, b]), ctx, "across indicators")


def test_a_ratio_of_district_and_subdistrict_is_refused(ctx):
    district = _ids(ctx, metric="total_investment", level="district")[0]
    sub = _ids(ctx, metric="total_investment", level="subdistrict")[0]
    _refused(_claim(ctx, [district, sub], type="ratio", text="21 times."), ctx, "between levels")


def test_a_difference_of_plan_and_result_is_refused(ctx):
    plan = _ids(ctx, metric="budget_revenue_growth", kind="plan")[0]
    result = _ids(ctx, metric="budget_revenue_growth", kind="estimate")[0]
    _refused(_claim(ctx, [plan, result], type="difference"), ctx, "plan and a result")


def test_a_sum_across_places_or_overlapping_groups_is_refused(ctx):
    counts = _ids(ctx, metric="project_count")
    _refused(_claim(ctx, counts, type="sum", text="In all."), ctx, "sum across places")
    rows = ctx.figures.loc[counts]
    groups = rows.groupby([rows["report"].astype(str), rows["kind"].astype(str), rows["period"].astype(str)]).groups
    one_place = [list(ids)[:2] for ids in groups.values() if len(ids) >= 2][0]
    _refused(_claim(ctx, one_place, type="sum", text="In all."), ctx, "may overlap|not comparable")


def test_an_indicative_pair_must_say_what_differs_and_never_be_called_comparable(made, ctx):
    indicative = [c for c in made if c.verdict == "indicative"]
    assert indicative
    claim = indicative[0]
    _refused(dataclasses.replace(claim, text="These two rates.", footnote=""), ctx, "does not say")
    _refused(dataclasses.replace(claim, text=claim.text + " A comparable pair."), ctx, "calls comparable")
    _refused(dataclasses.replace(claim, verdict="comparable"), ctx, "says comparable")


def test_a_claim_must_name_its_judgement_calls(made, ctx):
    with_calls = [c for c in made if c.judgement_calls and c.footnote]
    assert with_calls
    _refused(dataclasses.replace(with_calls[0], footnote=""), ctx, "judgement calls")


def test_a_claim_on_a_missing_figure_is_refused(ctx):
    _refused(_claim(ctx, _ids(ctx, metric="project_count")[:1], type="single", text="x", figures=("no-such-id",)),
             ctx, "do not exist")


def test_judgement_calls_leave_untied_funding_out_of_averages(tables):
    calls = [r for r in read_csv(tables.folder / "judgement_calls.csv") if r["effect"] == "exclude_from_per_project"]
    money = views.investment(tables).set_index("id")
    assert calls
    for call in calls:
        assert money.at[call["figure"], "per_project"] is reportlib.views.pd.NA or money.loc[[call["figure"]], "per_project"].isna().all()
        assert call["id"] in str(money.at[call["figure"], "judgement_calls"])


# --- sentences follow the data -----------------------------------------------------------------

def _text(folder, key_start):
    return {c.key: c.said for c in claims.build(reportlib.load_all(folder)) if c.key.startswith(key_start)}


def test_dropping_a_reports_exclusions_changes_the_coverage_sentence(data_copy, made):
    before = [c.text for c in made if c.key == "sources.curated"][0]
    assert "every one is accounted for" in before
    path = data_copy / "exclusions.csv"
    rows = read_csv(path)
    report = rows[0]["report"]
    write_csv(path, [r for r in rows if r["report"] != report])
    after = _text(data_copy, "sources.curated")["sources.curated"]
    assert "every one" not in after and "not yet curated" in after
    name = reportlib.load_all(data_copy).reports.set_index("id").at[report, "name_en"].split()[0]
    assert name in after


def test_changing_a_value_changes_the_like_for_like_sentences(data_copy, made):
    like = [c for c in made if c.key.startswith("investment.like.")]
    assert like
    figure = like[0].compares[-1]
    rows = read_csv(data_copy / "figures.csv")
    index = [i for i, r in enumerate(rows) if r["id"] == figure][0]
    edit_row(data_copy / "figures.csv", index, value="5000", value_norm="5000")
    after = _text(data_copy, "investment.like.")
    assert any("5,000" in t for t in after.values())
    assert not any("5,000" in c.text for c in like)


def test_removing_a_figure_makes_its_comparison_disappear(data_copy, made):
    pair = [c for c in made if c.key.startswith("growth.pair.") and c.verdict == "comparable"]
    assert pair
    gone = pair[0].figures[-1]
    path = data_copy / "figures.csv"
    write_csv(path, [r for r in read_csv(path) if r["id"] != gone])
    after = [c for c in claims.build(reportlib.load_all(data_copy)) if c.key.startswith("growth.pair.")]
    assert pair[0].key not in {c.key for c in after}
    assert not any(gone in c.figures for c in after)


def test_adding_a_report_changes_the_sentences_that_name_places(data_copy, made):
    path = data_copy / "reports.csv"
    rows = read_csv(path)
    copy = dict(rows[-1], id="newplace", name_en="Newplace Subdistrict", name_zh="新地街道", colour="")
    write_csv(path, rows + [copy])
    (data_copy / "raw" / copy["raw_file"]).exists()
    text = (data_copy / "raw" / rows[-1]["raw_file"]).read_text(encoding="utf-8")
    copy["raw_file"] = "newplace.txt"
    (data_copy / "raw" / "newplace.txt").write_text(text, encoding="utf-8")
    write_csv(path, rows + [copy])
    after = _text(data_copy, "sources.levels")["sources.levels"]
    before = [c.text for c in made if c.key == "sources.levels"][0]
    assert "Newplace" in after and "Newplace" not in before
    gaps = _text(data_copy, "gaps.newplace")
    assert gaps  # the new place's gaps are stated too


def test_what_a_title_calls_like_for_like_its_panel_and_the_pair_table_call_comparable(tables, made):
    pairs = views.comparisons(tables)
    verdict = {frozenset((r.first, r.second)): str(r.verdict) for r in pairs.itertuples()}
    growth_pairs = views.comparable_growth(tables)
    for claim in made:
        if "like for like" not in claim.text.lower():
            continue
        assert claim.verdict == "comparable", claim.key
        ids = claim.compares
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                assert verdict.get(frozenset((a, b)), "comparable") == "comparable", (claim.key, a, b)
        panel = growth_pairs[growth_pairs["id"].isin(ids)]
        assert set(panel["verdict"].astype(str)) <= {"comparable"}, claim.key


def test_the_parts_make_up_the_whole(tables, made):
    parts = [c.key for part in claims.BUILDERS for c in claims.build(tables, part)]
    assert parts == [c.key for c in made]
    with pytest.raises(KeyError, match="known"):
        claims.build(tables, "nothing")


# --- the rules over generated figure tables ------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@st.composite
def shuffled_tables(draw, tables):
    """The project's tables with the kinds, periods, values and levels of the compared figures redrawn."""
    figures = tables.figures.copy()
    compared = views.figures_view(tables)["family"].isin(views.COMPARED_FAMILIES).to_numpy()
    periods = [str(p) for p in figures["period"].cat.categories if str(p) != "undated"]
    kinds = [str(k) for k in figures["kind"].cat.categories]
    for index in figures.index[compared]:
        if draw(st.booleans()):
            figures.at[index, "kind"] = draw(st.sampled_from(kinds))
            figures.at[index, "period"] = draw(st.sampled_from(periods))
            if not figures.loc[[index], "value_norm"].isna().all():
                figures.at[index, "value_norm"] = draw(st.sampled_from([0.5, 3.0, 14.0, 87.0, 1900.0]))
    reports = tables.reports.copy()
    levels = [str(c) for c in reports["level"].cat.categories]
    reports["level"] = [draw(st.sampled_from(levels)) for _ in range(len(reports))]
    reports["level"] = reports["level"].astype(tables.reports["level"].dtype)
    return dataclasses.replace(tables, figures=figures, reports=reports)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_claims_over_generated_figure_tables_pass_the_rules(tables, data):
    generated = data.draw(shuffled_tables(tables))
    ctx = claims.Context(generated)
    for part in ("investment", "growth", "projects"):
        for claim in claims.build(generated, part):  # build validates every claim it makes
            assert claims.problems(claim, ctx) == []
            if claim.type in claims.COMPARING:
                rows = ctx.rows(claim.compares)
                assert rows["level"].astype(str).nunique() == 1 and rows["metric"].astype(str).nunique() == 1


@pytest.mark.parametrize("copies", [1, 2], ids=["real", "each-place-twice"])
def test_the_verb_of_the_project_count_title_agrees_with_the_places_it_names(copies, tmp_path):
    from synthetic_places import places_folder
    from reportlib.curation import places

    n = None if copies == 1 else copies * len(reportlib.load_all().reports)
    tables = reportlib.load_all(places_folder(tmp_path / "data", n) if n else None)
    title = next(c.text for c in claims.build(tables) if "chart:04-project-counts:title" in c.where)
    head = title.split(";")[0]
    named = [label for label in places.labels(tables).values() if label in head]
    assert named, "the data have a place that names every project it counts"
    assert n is None or len(named) > 1, "every place comes twice, so does the place that names them all"
    if len(named) == 1:
        assert head.endswith("names every project it counts"), head
    else:
        assert head.endswith("name every project they count"), head
