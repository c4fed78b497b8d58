"""The comparison tables the notebooks, charts and exports share: investment, growth, projects.

Each view starts from the checked tables and keeps each figure's id and quote, so that any
number on a chart or in a workbook leads back to the words of its report.
"""

from __future__ import annotations

import pandas as pd

from reportlib.curation.load import Tables
from reportlib.analysis.wording import figure_display
from reportlib.curation import places as place_facts
from reportlib.curation.periods import parse_period

INVESTMENT_METRICS = ("total_investment", "special_bond_funding", "grant_funding", "programme_spending")


def places(tables: Tables) -> pd.DataFrame:
    """One row per report: short English and Chinese names ('Xinhe', '新河'), a bilingual label, the level
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
    view["report"] = pd.Categorical(view["report"], categories=place_order(tables))
    return view


def _with_group_counts(view: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Add the stated count of the project group an amount describes, and the average per project."""
    counts = figures.set_index("id")[["value_norm", "bound"]].rename(
        columns={"value_norm": "group_count", "bound": "group_count_bound"})
    view = view.merge(counts, left_on="group_figure", right_index=True, how="left")
    view["per_project"] = view["value_norm"] / view["group_count"]
    view["per_project_bound"] = [
        _ratio_bound(total, count) if not pd.isna(count) else pd.NA
        for total, count in zip(view["bound"].astype(str), view["group_count_bound"].astype(str))
    ]
    return view


def _ratio_bound(total_bound: str, count_bound: str) -> str:
    """What a total ÷ count is worth when either is a bound: 'exact', 'at_most', 'at_least' or 'indeterminate'."""
    if total_bound == "exact" and count_bound == "exact":
        return "exact"
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
    view = _with_group_counts(view, tables.figures)
    columns = ["id", "report", "place", "place_zh", "label", "level", "metric", "metric_label", "subject_zh",
               "subject_en", "stage", "period", "period_label", "kind", "bound", "value_norm", "unit_norm",
               "as_written", "group_figure", "group_count", "group_count_bound", "per_project",
               "per_project_bound", "quote"]
    return view[columns].rename(columns={"value_norm": "yi_yuan"}).sort_values(["report", "period", "id"]).reset_index(drop=True)


def growth(tables: Tables) -> pd.DataFrame:
    """Every growth rate or change: indicator, place, period, actual/estimate/plan, signed per cent or
    multiple; qualitative growth (正增长) keeps an empty value and says so."""
    view = figures_view(tables)
    view = view[view["family"] == "growth"].copy()
    view["qualitative"] = view["bound"].astype(str) == "positive"
    columns = ["id", "report", "place", "place_zh", "label", "level", "metric", "metric_label", "metric_zh",
               "subject_zh", "subject_en", "period", "period_label", "kind", "bound", "value_norm", "unit_norm",
               "qualitative", "display", "as_written", "quote"]
    return view[columns].rename(columns={"value_norm": "change"}).sort_values(["metric", "report", "period"]).reset_index(drop=True)


def project_counts(tables: Tables) -> pd.DataFrame:
    """Project counts by stage with the projects each report names for them and the group's investment."""
    view = figures_view(tables)
    view = view[view["metric"] == "project_count"].copy()
    named = tables.projects.groupby("group_figure").size()
    view["named"] = view["id"].map(named).fillna(0).astype(int)
    money = investment(tables)
    money = money[(money["metric"] == "total_investment") & money["group_figure"].notna()].set_index("group_figure")
    view["group_investment"] = view["id"].map(money["yi_yuan"])
    view["per_project"] = view["id"].map(money["per_project"])
    view["per_project_bound"] = view["id"].map(money["per_project_bound"])
    view["stage"] = pd.Categorical(view["stage"].astype("string"), categories=stage_order(tables), ordered=True)
    columns = ["id", "report", "place", "place_zh", "label", "level", "subject_zh", "subject_en", "stage", "period",
               "period_label", "kind", "bound", "value_norm", "named", "listing", "group_investment", "per_project",
               "per_project_bound", "as_written", "quote"]
    return view[columns].rename(columns={"value_norm": "count"}).sort_values(["report", "stage", "id"]).reset_index(drop=True)


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


def curation_counts(tables: Tables) -> pd.DataFrame:
    """Per report: figures, projects and exclusions curated, numbers found in the text, and coverage."""
    from reportlib.curation.verify import check

    result = check(tables)
    rows = [{"report": rid, "figures": t.figures, "projects": t.projects, "exclusions": t.exclusions,
             "numbers_in_text": t.mentions, "coverage": t.coverage} for rid, t in result.reports.items()]
    view = pd.DataFrame(rows).merge(places(tables)[["report", "label"]], on="report")
    return view[["report", "label", "figures", "projects", "exclusions", "numbers_in_text", "coverage"]]


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
    """Growth rates of the same indicator for the same year in two or more places (actuals or estimates,
    in per cent). Plans are left out: a target is not comparable with a result. `other_change` rows pair
    only when they measure the same subject. `pair` names the indicator and year; where the periods,
    kinds or levels differ within a pair, the `caveat` column says so."""
    rates = growth(tables)
    rates = rates[rates["kind"].astype(str).isin(["actual", "estimate"]) & ~rates["qualitative"]
                  & (rates["unit_norm"].astype("string") == "%") & rates["change"].notna()].copy()
    rates["year"] = rates["period"].astype(str).map(lambda code: (parse_period(code).end or (None,))[0])
    rates["subject_key"] = [r.subject_en if str(r.metric) == "other_change" else "" for r in rates.itertuples()]
    groups = []
    for (metric, _subject, year), group in rates.groupby(["metric", "subject_key", "year"], observed=True, sort=False):
        if group["report"].astype(str).nunique() < 2:
            continue
        same_period = group["period"].astype(str).nunique() == 1 and group["kind"].astype(str).nunique() == 1
        caveat = "same period, same kind" if same_period else " vs ".join(
            f"{row.place}: {row.period_label} {row.kind}" for row in group.itertuples())
        if group["level"].nunique() > 1:
            caveat += "; " + " vs ".join(f"{row.place} is a {row.level}" for row in group.itertuples())
        groups.append(group.assign(caveat=caveat, pair=f"{metric}|{year}"))
    if not groups:
        return rates.iloc[0:0].drop(columns="subject_key").assign(caveat=pd.Series(dtype="string"), pair=pd.Series(dtype="string"))
    return pd.concat(groups).drop(columns="subject_key").reset_index(drop=True)


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
