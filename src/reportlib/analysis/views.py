"""The comparison tables the notebooks, charts and exports share: investment, growth, projects.

Each view starts from the checked tables and keeps each figure's id and quote, so that any
number on a chart or in a workbook leads back to the words of its report.
"""

from __future__ import annotations

import pandas as pd

from reportlib.curation.load import Tables
from reportlib.curation.memo import per_fingerprint
from reportlib.analysis.wording import figure_display, join_words
from reportlib.curation import places as place_facts
from reportlib.curation.periods import parse_period
from reportlib.analysis import comparability, rules

INVESTMENT_METRICS = ("total_investment", "special_bond_funding", "grant_funding", "programme_spending")
# The families the claims compare across places: investment amounts, growth rates and project counts.
COMPARED_FAMILIES = ("investment", "growth", "projects")


def places(tables: Tables) -> pd.DataFrame:
    """One row per report: short English and Chinese names ('Jiadi', '甲地'), a bilingual label, the level
    and its label, and the place's colour (see reportlib.curation.places)."""
    frame = place_facts.places(tables)
    frame["report"] = frame["report"].astype(str)
    frame["level"] = frame["level"].astype(str)
    return frame


def place_order(tables: Tables) -> list[str]:
    """Report ids in the order of the reports table: the order of every legend and axis."""
    return place_facts.place_order(tables)


def stage_order(tables: Tables) -> list[str]:
    """Stages from planned to completed, in the order the stage vocabulary lists them."""
    return tables.vocab.words("stage")


@per_fingerprint(keep=8, copy=pd.DataFrame.copy)  # every view, claim and chart starts here
def figures_view(tables: Tables) -> pd.DataFrame:
    """Every figure with its place, level, metric family and labels, and a readable period."""
    figures = tables.figures.copy()
    figures["report"] = figures["report"].astype(str)
    metrics = tables.vocab.metrics.set_index("metric")
    figures["family"] = figures["metric"].astype(str).map(metrics["family"])
    figures["metric_label"] = figures["metric"].astype(str).map(metrics["label_en"])
    figures["metric_zh"] = figures["metric"].astype(str).map(metrics["label_zh"])
    figures["period_label"] = figures["period"].astype(str).map(lambda code: parse_period(code).label)
    figures["as_written"] = figures["mention"]
    figures["display"] = [
        figure_display(row.value_norm, row.unit_norm, row.bound) for row in figures.itertuples()
    ]
    view = figures.merge(places(tables).drop(columns="colour"), on="report", how="left")
    return typed(view, tables)


def typed(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """The comparison columns as categoricals in their vocabulary order: report and place (place order),
    level, metric, kind, bound and stage (stages ordered from planned to completed)."""
    frame = frame.copy()
    facts = places(tables)
    categories = {"report": place_order(tables), "place": list(facts["place"]), "label": list(facts["label"]),
                  "level": [str(c) for c in place_facts.level_terms(tables)["term"]],
                  "metric": tables.vocab.words("metric"), "kind": tables.vocab.words("kind"),
                  "bound": tables.vocab.words("bound")}
    for column, words in categories.items():
        if column in frame:
            frame[column] = pd.Categorical(frame[column].astype("string"), categories=words)
    if "stage" in frame:
        frame["stage"] = pd.Categorical(frame["stage"].astype("string"), categories=stage_order(tables), ordered=True)
    return frame


def judgement_ids(tables: Tables) -> dict[str, list[str]]:
    """Figure id -> the ids of the judgement calls on it (data/judgement_calls.csv)."""
    calls = rules.judgement_calls(tables)
    out: dict[str, list[str]] = {}
    for call in calls.itertuples():
        out.setdefault(call.figure, []).append(call.id)
    return out


def _with_group_counts(view: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Add the stated count of the project group an amount describes, and the average per project;
    leave the average out where a judgement call says the text does not tie the money to the group."""
    counts = tables.figures.set_index("id")[["value_norm", "bound"]].rename(
        columns={"value_norm": "group_count", "bound": "group_count_bound"})
    view = view.merge(counts, left_on="group_figure", right_index=True, how="left")
    view["group_count"] = view["group_count"].round().astype("Int64")
    calls = rules.judgement_calls(tables)
    untied = set(calls.loc[calls["effect"] == "exclude_from_per_project", "figure"])
    tied = ~view["id"].astype(str).isin(untied)
    view["per_project"] = (view["value_norm"] / view["group_count"].astype("Float64")).where(tied)
    view["per_project_bound"] = pd.Categorical([
        _ratio_bound(total, count) if not pd.isna(count) and keep else None
        for total, count, keep in zip(view["bound"].astype(str), view["group_count_bound"].astype(str),
                                      view["group_count"].notna() & tied)
    ], categories=list(PER_PROJECT_BOUNDS))
    return view


def _with_judgement_calls(view: pd.DataFrame, tables: Tables, *id_columns: str) -> pd.DataFrame:
    """Add `judgement_calls`: the ids of the judgement calls on the row's figures (and its group's), or empty."""
    on = judgement_ids(tables)
    view = view.copy()
    view["judgement_calls"] = [
        ", ".join(dict.fromkeys(c for col in id_columns for c in on.get(str(row[col]), []))) or pd.NA
        for _, row in view.iterrows()]
    view["judgement_calls"] = view["judgement_calls"].astype("string")
    return view


PER_PROJECT_BOUNDS = ("exact", "at_most", "at_least", "indeterminate")


def _ratio_bound(total_bound: str, count_bound: str) -> str:
    """What a total ÷ count is worth when either is a bound or approximate: 'exact', 'about', 'at_most',
    'at_least' or 'indeterminate' (a lower bound on either side with anything but an exact other says nothing)."""
    if total_bound == "exact" and count_bound == "exact":
        return "exact"
    if {total_bound, count_bound} <= {"exact", "about"}:
        return "about"
    if total_bound == "exact" and count_bound == "at_least":
        return "at_most"
    if total_bound == "at_least" and count_bound == "exact":
        return "at_least"
    return "indeterminate"


def investment(tables: Tables) -> pd.DataFrame:
    """Money tied to projects, in 亿元, by report, stage and period, with the project count of its group
    and the average per project where the report gives both."""
    view = figures_view(tables)
    view = view[view["metric"].astype(str).isin(INVESTMENT_METRICS)]
    view = _with_group_counts(view, tables)
    view = _with_judgement_calls(view, tables, "id", "group_figure")
    columns = ["id", "report", "place", "place_zh", "label", "level", "metric", "metric_label", "subject_zh",
               "subject_en", "stage", "period", "period_label", "kind", "bound", "value_norm", "unit_norm",
               "as_written", "group_figure", "group_count", "group_count_bound", "per_project",
               "per_project_bound", "judgement_calls", "quote"]
    return view[columns].rename(columns={"value_norm": "yi_yuan"}).sort_values(["report", "period", "id"]).reset_index(drop=True)


def growth(tables: Tables) -> pd.DataFrame:
    """Every growth rate or change: indicator, place, period, actual/estimate/plan. One meaning per column:
    `change_pct` holds signed per cents (declines negative), `change_points` percentage points (个百分点),
    `multiple` multiples of another rate (倍);
    qualitative growth (正增长) has neither and `qualitative` says so."""
    view = figures_view(tables)
    view = view[view["family"] == "growth"].copy()
    view["qualitative"] = view["bound"].astype(str) == "positive"
    unit = view["unit_norm"].astype("string")
    view["change_pct"] = view["value_norm"].where(unit == "%").astype("Float64")
    view["change_points"] = view["value_norm"].where(unit == "个百分点").astype("Float64")
    view["multiple"] = view["value_norm"].where(unit == "倍").astype("Float64")
    view = _with_judgement_calls(view, tables, "id")
    columns = ["id", "report", "place", "place_zh", "label", "level", "metric", "metric_label", "metric_zh",
               "subject_zh", "subject_en", "period", "period_label", "kind", "bound", "change_pct", "change_points",
               "multiple", "unit_norm", "qualitative", "display", "as_written", "judgement_calls", "quote"]
    return view[columns].sort_values(["metric", "report", "period"]).reset_index(drop=True)


def project_counts(tables: Tables) -> pd.DataFrame:
    """Project counts by stage with the projects each report names for them and the group's investment."""
    view = figures_view(tables)
    view = view[view["metric"] == "project_count"].copy()
    named = tables.projects.groupby("group_figure").size()
    view["named"] = view["id"].map(named).fillna(0).astype("Int64")
    view["stated_count"] = view["value_norm"].round().astype("Int64")
    money = investment(tables)
    money = money[(money["metric"] == "total_investment") & money["group_figure"].notna()].set_index("group_figure")
    view["group_investment"] = view["id"].map(money["yi_yuan"])
    view["per_project"] = view["id"].map(money["per_project"])
    view["per_project_bound"] = pd.Categorical(view["id"].map(money["per_project_bound"]).astype("string"),
                                               categories=list(PER_PROJECT_BOUNDS))
    view = _with_judgement_calls(view, tables, "id")
    columns = ["id", "report", "place", "place_zh", "label", "level", "subject_zh", "subject_en", "stage", "period",
               "period_label", "kind", "bound", "stated_count", "named", "listing", "group_investment", "per_project",
               "per_project_bound", "judgement_calls", "as_written", "quote"]
    return view[columns].sort_values(["report", "stage", "id"]).reset_index(drop=True)


def named_projects(tables: Tables) -> pd.DataFrame:
    """The projects the reports name, with their place and the figure ids they belong to."""
    projects = tables.projects.copy()
    projects["report"] = projects["report"].astype(str)
    projects = projects.merge(places(tables)[["report", "place", "label"]], on="report", how="left")
    return projects.drop(columns=["row"])


def metric_families(tables: Tables) -> pd.DataFrame:
    """Report × metric family: how many figures each report gives in each family (0 = not reported)."""
    view = figures_view(tables)
    families = list(dict.fromkeys(tables.vocab.metrics["family"]))
    matrix = pd.crosstab(view["report"], pd.Categorical(view["family"], categories=families), dropna=False)
    matrix.index = matrix.index.astype(str)
    matrix.columns = matrix.columns.astype(str)
    matrix.columns.name = "family"
    return matrix.reindex(place_order(tables)).fillna(0).astype(int)


def sources(tables: Tables) -> pd.DataFrame:
    """What each report is: place, level, parent district, years reviewed and planned, newspaper."""
    reports = tables.reports
    view = places(tables)[["report", "label", "level_label"]].copy()
    view["parent"] = (reports["parent_district_en"].fillna("—") + " / " + reports["city_en"]).to_numpy()
    view["reviews"] = reports["reviews"].map(lambda code: parse_period(code).label if not pd.isna(code) else "—").to_numpy()
    plans = reports["plans"].map(lambda code: parse_period(code).label if not pd.isna(code) else "—")
    inferred = (reports["plans_basis"].astype("string") == "inferred").fillna(False)
    view["plans"] = plans.where(~inferred, plans + " (inferred)").to_numpy()
    view["document"] = reports["document"].to_numpy()
    view["newspaper"] = reports["newspaper"].fillna("not named").to_numpy()
    view["byline"] = reports["byline"].to_numpy()
    return view


@per_fingerprint(keep=4, copy=pd.DataFrame.copy)  # the sources and the cover claims, notebooks 01 and 06
def curation_counts(tables: Tables) -> pd.DataFrame:
    """Per report, computed once for every page that states them: the numbers in the text (digits or Chinese numerals)
    (`numbers_in_text`), how many are accounted for by exactly one curated row (`numbers_accounted`), by a
    figure (`by_figures`) or an exclusion (`by_exclusions`); the curated rows (`figures`, `exclusions`,
    `projects`), the figures written without digits that account for no number (`figures_without_number`),
    and `coverage` = numbers_accounted ÷ numbers_in_text. Rows and numbers differ: one exclusion can
    account for two numbers (1—11月), and a figure written in characters (正增长) for none."""
    from reportlib.curation.verify import check

    result = check(tables)
    rows = [{"report": rid, "numbers_in_text": t.mentions, "numbers_accounted": t.claimed,
             "by_figures": t.by_figures, "by_exclusions": t.by_exclusions, "figures": t.figures,
             "figures_without_number": t.figures_without_number, "exclusions": t.exclusions,
             "projects": t.projects, "coverage": t.coverage} for rid, t in result.reports.items()]
    view = pd.DataFrame(rows).merge(places(tables)[["report", "label"]], on="report")
    view = view.set_index("report").reindex(place_order(tables)).reset_index()
    counts = ["numbers_in_text", "numbers_accounted", "by_figures", "by_exclusions", "figures",
              "figures_without_number", "exclusions", "projects"]
    view[counts] = view[counts].astype("Int64")
    return view[["report", "label", *counts, "coverage"]]


def kinds_and_periods(tables: Tables) -> pd.DataFrame:
    """Per report: how many figures are actuals, estimates and plans, and which periods they cover."""
    view = figures_view(tables)
    kinds = pd.crosstab(view["report"], view["kind"]).reindex(columns=["actual", "estimate", "plan"], fill_value=0)
    kinds.index = kinds.index.astype(str)
    periods = view.groupby("report", observed=True)["period"].agg(
        lambda s: ", ".join(parse_period(p).label for p in sorted(set(map(str, s)), key=lambda c: parse_period(c).sort_key)))
    periods.index = periods.index.astype(str)
    kinds["periods"] = periods
    kinds = kinds.reindex(place_order(tables))
    kinds.insert(0, "label", places(tables).set_index("report")["label"])
    kinds.columns.name = None
    return kinds


def comparable_growth(tables: Tables) -> pd.DataFrame:
    """Growth rates in per cent of the same indicator ending in the same year in two or more places, results
    only (actual or estimate: a target says nothing about what happened). Each `pair` is judged by the
    comparability rules (data/vocab/comparability.csv) as a side-by-side: `verdict` is comparable or
    indicative, and `differences` says in words what differs (months covered, level, …)."""
    rates = growth(tables)
    figures = figures_view(tables).set_index("id")
    rule_set = rules.load_rules(tables)
    results = rates["kind"].astype(str).map(rule_set.kind_classes) == "result"
    rates = rates[results & ~rates["qualitative"] & rates["change_pct"].notna()].copy()
    rates["year"] = rates["period"].astype(str).map(comparability.period_year)
    rates["indicator"] = [
        f"{r.metric}|{r.subject_en}" if comparability.facets(figures.loc[r.id], rule_set)["subject"] else str(r.metric)
        for r in rates.itertuples()]
    groups = []
    for (indicator, year), group in rates.groupby(["indicator", "year"], sort=False):
        if group["report"].astype(str).nunique() < 2:
            continue
        verdict = comparability.assess(figures.loc[list(group["id"])].reset_index(), "side_by_side", rule_set,
                                       rules.judgement_calls(tables))
        differs = list(dict.fromkeys(d.label for d in verdict.differences if d.severity in ("indicative", "not_comparable")))
        groups.append(group.assign(pair=f"{indicator}|{year}", verdict=verdict.verdict,
                                   differs=join_words(differs) if differs else "nothing that matters",
                                   differences="; ".join(verdict.words()) or "none"))
    if not groups:
        return rates.iloc[0:0].drop(columns="indicator").assign(pair=pd.Series(dtype="string"),
                                                                verdict=pd.Series(dtype="string"),
                                                                differs=pd.Series(dtype="string"),
                                                                differences=pd.Series(dtype="string"))
    frame = pd.concat(groups).drop(columns="indicator").reset_index(drop=True)
    frame[["pair", "differs", "differences"]] = frame[["pair", "differs", "differences"]].astype("string")
    frame["verdict"] = pd.Categorical(frame["verdict"], categories=list(comparability.VERDICTS))
    return frame


def comparisons(tables: Tables) -> pd.DataFrame:
    """Every pair of figures of one indicator from two places in the investment, growth and project-count
    families, with the verdict of the comparability rules for ranking them (`verdict`) and for showing them
    side by side (`side_by_side`), and what differs in words. The like-for-like table of the summary."""
    view = figures_view(tables)
    rule_set = rules.load_rules(tables)
    calls = rules.judgement_calls(tables)
    wanted = view["family"].isin(COMPARED_FAMILIES) & view["value_norm"].notna()
    view = view[wanted].reset_index(drop=True)
    records = [comparability.facets(row, rule_set) for _, row in view.iterrows()]
    plain = view[["id", "report", "metric", "family", "metric_label", "label", "place"]].astype(str).to_dict("records")
    rows = []
    for i in range(len(view)):
        for j in range(i + 1, len(view)):
            a, b = plain[i], plain[j]
            if str(a["report"]) == str(b["report"]) or str(a["metric"]) != str(b["metric"]):
                continue
            judged = ([records[i], records[j]], [str(a["place"]), str(b["place"])], [str(a["id"]), str(b["id"])])
            ranked = comparability.assess_facets(*judged, "ranking", rule_set, calls)
            if any(d.dimension == "subject" for d in ranked.differences):
                continue  # one metric, two indicators (hotline tickets, fatal accidents): not a pair
            side = comparability.assess_facets(*judged, "side_by_side", rule_set, calls)
            rows.append({"family": a["family"], "metric": str(a["metric"]), "metric_label": a["metric_label"],
                         "first": a["id"], "second": b["id"], "places": f"{a['label']} · {b['label']}",
                         "verdict": ranked.verdict, "side_by_side": side.verdict,
                         "differences": "; ".join(side.words()) or "none"})
    frame = pd.DataFrame(rows, columns=["family", "metric", "metric_label", "first", "second", "places", "verdict",
                                        "side_by_side", "differences"])
    for column in ("verdict", "side_by_side"):
        frame[column] = pd.Categorical(frame[column], categories=list(comparability.VERDICTS))
    return frame


def headline(tables: Tables) -> pd.DataFrame:
    """One row per place with its headline figures, 'not reported' where the report gives none.

    Largest investment amount and largest project count are each shown with their stage, period and kind,
    because a 2025 plan and a 2024 result are not the same kind of number."""
    view = places(tables).set_index("report")[["label", "level_label"]]
    view.columns = ["place", "level"]
    src = sources(tables).set_index("report")
    view["reviews"], view["plans"] = src["reviews"], src["plans"]
    counts = curation_counts(tables).set_index("report")
    view["figures"], view["named projects"] = counts["figures"], counts["projects"]

    def describe(row) -> str:
        return f"{row.display}: {row.subject_en} ({row.period_label} {row.kind})"

    figures = figures_view(tables)
    for metric, column in (("total_investment", "largest investment amount"), ("project_count", "largest project count")):
        rows = figures[figures["metric"] == metric]
        top = rows.loc[rows.groupby("report", observed=True)["value_norm"].idxmax()].set_index("report")
        view[column] = pd.Series({str(r): describe(row) for r, row in zip(top.index, top.itertuples())})
    rates = growth(tables)
    for metric in ("budget_revenue_growth", "industrial_output_growth", "gdp_growth"):
        rows = rates[(rates["metric"] == metric) & rates["kind"].astype(str).isin(["actual", "estimate"])]
        label = rows["metric_label"].iloc[0] if len(rows) else metric
        view[f"{label.lower()} (result)"] = pd.Series({str(row.report): f"{row.display} ({row.period_label} {row.kind})"
                                                       for row in rows.itertuples()})
    return view.fillna("not reported").reset_index(drop=True)


def comparability_rules(tables: Tables) -> pd.DataFrame:
    """The comparability rules as the codebook states them (data/vocab/comparability.csv)."""
    frame = rules.load_rules(tables).dimensions.drop(columns="row")
    frame = frame.rename(columns={"label": "named as", "arithmetic": "ranking, ratio, difference"})
    verdicts = ["side_by_side", "ranking, ratio, difference", "sum"]
    frame[verdicts] = frame[verdicts].apply(lambda column: column.astype(str).str.replace("_", " "))  # as words
    return frame


def comparison_summary(pairs: pd.DataFrame) -> pd.DataFrame:
    """Family × verdict: how many cross-place pairs of one indicator may be ranked, only shown, or neither."""
    table = pd.crosstab(pairs["family"], pairs["verdict"], dropna=False)
    table.columns = [str(c).replace("_", " ") for c in table.columns]
    table.columns.name = None
    table["pairs"] = table.sum(axis=1)
    return table.astype("Int64")


def comparison_obstacles(tables: Tables, pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """For the cross-place pairs that may not be ranked: how many each difference rules out, by family
    (`pairs` as comparisons(tables) returns them, computed if not given)."""
    pairs = comparisons(tables) if pairs is None else pairs
    view = figures_view(tables).set_index("id", drop=False)
    rule_set, calls = rules.load_rules(tables), rules.judgement_calls(tables)
    wanted = set(pairs["first"]) | set(pairs["second"])
    facets = {i: comparability.facets(row, rule_set) for i, row in view[view["id"].isin(wanted)].iterrows()}
    place = dict(zip(view["id"], view["place"].astype(str)))
    rows = []
    for pair in pairs[pairs["verdict"] == "not_comparable"].itertuples():
        ids = [pair.first, pair.second]
        verdict = comparability.assess_facets([facets[i] for i in ids], [place[i] for i in ids], ids, "ranking",
                                              rule_set, calls)
        for difference in verdict.differences:
            if difference.severity == "not_comparable":
                rows.append({"family": pair.family, "difference": difference.label})
    frame = pd.DataFrame(rows, columns=["family", "difference"])
    table = pd.crosstab(frame["difference"], frame["family"])
    table.columns.name = None
    table["all families"] = table.sum(axis=1)
    return table.sort_values("all families", ascending=False).astype("Int64")


def family_pairs(pairs: pd.DataFrame, family: str) -> pd.DataFrame:
    """One family's cross-place pairs that can be set against each other: like for like (comparable) or with
    what differs said (indicative); the others are counted in comparison_summary and comparison_obstacles."""
    part = pairs[(pairs["family"] == family) & (pairs["verdict"] != "not_comparable")]
    columns = ["metric_label", "places", "first", "second", "verdict", "differences"]
    return part.sort_values(["verdict", "metric_label"])[columns].reset_index(drop=True)
