"""Plain-language findings, written from the data so that no notebook types a number by hand.

Each function returns sentences (Markdown) that a notebook displays at its end; they change
when the curated tables change.
"""

from __future__ import annotations

from reportlib.analysis import views
from reportlib.analysis.wording import agree, join_words, stated_count, times, yi_yuan
from reportlib.curation.load import Tables

def _not_reported(tables: Tables, present: set[str]) -> list[str]:
    labels = views.places(tables).set_index("report")["label"]
    return [labels[r] for r in views.place_order(tables) if r not in present]


def sources(tables: Tables) -> list[str]:
    """What the five reports are and how far they can be compared."""
    places = views.places(tables)
    counts = views.curation_counts(tables)
    kinds = views.kinds_and_periods(tables)
    districts = places.loc[places["level"] == "district", "label"].tolist()
    plans_only = kinds.index[(kinds["actual"] == 0) & (kinds["estimate"] == 0)].map(places.set_index("report")["label"]).tolist()
    reviews = kinds.index[kinds["actual"] > kinds["plan"]].map(places.set_index("report")["label"]).tolist()
    reviewed_years = sorted({views.parse_period(code).label for code in tables.reports["reviews"].dropna()})
    figures = views.figures_view(tables)
    month_spans = figures[figures["period"].astype(str).str.contains("-")]
    partial_year = sorted(set(month_spans["period_label"]))
    partial_places = [p for p in places["place"] if p in set(month_spans["place"])]
    return [
        f"The five reports yield {int(counts['figures'].sum())} curated figures, {int(counts['projects'].sum())} named "
        f"projects and {int(counts['exclusions'].sum())} excluded numbers; every one of the "
        f"{int(counts['numbers_in_text'].sum())} numbers written in digits is accounted for "
        f"(coverage {counts['coverage'].min():.0%} in every report).",
        f"{' and '.join(districts)} is a whole district (区); the other four are subdistricts (街道). Its totals measure "
        "a different scale of government and are never ranked against the subdistricts' on one axis.",
        f"{join_words(plans_only)} {agree(plans_only, 'gives', 'give')} only plans (targets), no results; {join_words(reviews)} "
        f"{agree(reviews, 'is', 'are')} mostly results for {join_words(reviewed_years)}. A plan and a result are never compared "
        "as if they were the same kind of number.",
        f"Some economic results cover only part of a year ({join_words(partial_year)}: {join_words(partial_places)}). They are compared "
        "directly only with results for the same months; beside a full-year estimate they are shown with that caveat.",
    ]


def investment(tables: Tables) -> list[str]:
    """What the investment amounts say, by place and stage."""
    money = views.investment(tables)
    totals = money[money["metric"] == "total_investment"]
    places = views.places(tables).set_index("report")
    sentences = []
    largest = totals.loc[totals.groupby("report", observed=True)["yi_yuan"].idxmax()].set_index("report")
    district = places.index[places["level"] == "district"]
    sub = largest.drop(index=[r for r in district if r in largest.index])
    for rid in district:
        if rid in largest.index and len(sub):
            top, top_sub = largest.loc[rid], sub.sort_values("yi_yuan").iloc[-1]
            sentences.append(
                f"{places.at[rid, 'label']} (a district) states the largest amounts: {yi_yuan(top['yi_yuan'], top['bound'])} "
                f"for {top['subject_en']} ({top['period_label']}, {top['kind']}), "
                f"{times(top['yi_yuan'] / top_sub['yi_yuan'], top['bound'], top_sub['bound'])} the largest subdistrict amount, "
                f"{places.at[top_sub.name, 'label']}'s {yi_yuan(top_sub['yi_yuan'], top_sub['bound'])} for {top_sub['subject_en']} "
                f"({top_sub['period_label']}, {top_sub['kind']}).")
    missing = _not_reported(tables, set(totals["report"].astype(str)))
    if missing:
        sentences.append(f"{join_words(missing)} {agree(missing, 'reports', 'report')} no investment amount at all: not reported, "
                         "which is a finding about these texts, not a zero.")
    pairs = money.dropna(subset=["per_project"])
    pairs = pairs[pairs["metric"] == "total_investment"]
    if len(pairs):
        low, high = pairs.sort_values("per_project").iloc[0], pairs.sort_values("per_project").iloc[-1]
        sentences.append(
            f"Where a report gives both a count and a total for the same group ({len(pairs)} groups), the average runs from "
            f"{yi_yuan(low['per_project'])} per project ({low['place']}, {low['subject_en']}) to {yi_yuan(high['per_project'])} "
            f"({high['place']}, {high['subject_en']}).")
    bounded = pairs[pairs["per_project_bound"] != "exact"]
    if len(bounded):
        sentences.append(f"{len(bounded)} of these averages rest on a bound (以上 on the count or the total) and are "
                         "marked as upper bounds or indeterminate rather than shown as exact.")
    return sentences


def growth(tables: Tables) -> list[str]:
    """What the growth rates say, and which comparisons hold."""
    rates = views.growth(tables)
    places = views.places(tables).set_index("report")
    sentences = []
    by_kind = rates.groupby("kind", observed=True).size()
    sentences.append(
        f"The reports state {len(rates)} growth rates or changes: "
        + ", ".join(f"{int(n)} {k}" for k, n in by_kind.items() if n) + ".")
    missing = _not_reported(tables, set(rates["report"].astype(str)))
    if missing:
        sentences.append(f"{join_words(missing)} {agree(missing, 'gives', 'give')} no growth rate (not reported).")
    for (metric, _), group in views.comparable_growth(tables).groupby(["metric", "year"], observed=True):
        parts = ", ".join(f"{row.place} {row.display} ({row.period_label}, {row.kind})" for row in group.itertuples())
        sentences.append(f"{group['metric_label'].iloc[0]}: {parts}. Differences: {group['differences'].iloc[0]}.")
    qualitative = rates[rates["qualitative"]]
    for row in qualitative.itertuples():
        sentences.append(f"{places.at[str(row.report), 'label']} says only that {row.metric_label.lower()} was positive "
                         f"(正增长) in {row.period_label}; it is shown as such, not as a number.")
    declines = rates[rates["change_pct"] < 0]
    if len(declines):
        sentences.append("Declines are negative: " + "; ".join(
            f"{row.place}: {row.subject_en} {row.display}" for row in declines.itertuples()) + ".")
    return sentences


def projects(tables: Tables) -> list[str]:
    """What the project counts say, and how they stand against the named projects."""
    counts = views.project_counts(tables)
    named = views.named_projects(tables)
    terms = tables.vocab.terms
    stages = dict(zip(terms.loc[terms["vocabulary"] == "stage", "term"], terms.loc[terms["vocabulary"] == "stage", "label_en"].str.lower()))
    sentences = []
    for rid, group in counts.groupby("report", observed=True):
        if group.empty:
            continue
        label = group["label"].iloc[0]
        parts = ", ".join(f"{stated_count(row.stated_count, row.bound)} {row.subject_en} ({stages.get(str(row.stage), 'no stage given')}, "
                          f"{row.period_label} {row.kind})" for row in group.itertuples())
        sentences.append(f"{label}: {parts}.")
    missing = [r for r in views.place_order(tables) if r not in set(counts["report"].astype(str))]
    labels = views.places(tables).set_index("report")["label"]
    for rid in missing:
        sentences.append(f"{labels[rid]} states no project count (not reported), though it names "
                         f"{int((named['report'] == rid).sum())} projects.")
    complete = counts[counts["listing"] == "complete"]
    for row in complete.itertuples():
        sentences.append(f"{row.label} names all {row.named} of its {row.subject_en}: the stated count and the list agree.")
    partial = counts[counts["listing"] == "partial"]
    if len(partial):
        sentences.append(f"{len(partial)} counts name only some of their projects (等, 'among others'): "
                         f"{int(partial['named'].sum())} named against {int(partial['stated_count'].sum())} stated; none names "
                         "more than it states.")
    return sentences


def summary(tables: Tables) -> list[str]:
    """The few sentences a reader of the summary needs: scale, gaps, the comparisons that hold, the lists."""
    money, rates, counts = investment(tables), growth(tables), projects(tables)
    scale_and_gaps = [s for s in money if "times the largest" in s or "not reported" in s]
    comparisons = [s for s in rates if "Caveat:" in s or "not reported" in s]
    lists = [s for s in counts if "names all" in s or "among others" in s or "not reported" in s]
    return scale_and_gaps + comparisons + lists
