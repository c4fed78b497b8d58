"""Claims as records: every sentence, chart title, subtitle, slide title and summary line the project states.

A Claim says what kind of statement it is (a single value, a side-by-side, a ranking, a ratio, a
difference, a sum, a count, a share), which figures it rests on, the verdict of the comparability rules
(reportlib.analysis.comparability) on those figures, the judgement calls it involves, where it appears,
and its rendered sentence. `build(tables)` writes every claim from the tables and `validate` refuses
any that breaks the rules; notebooks, charts, the deck, the workbook and figures/README.md show claims
by where they appear, never by matching their text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from reportlib.analysis import comparability, rules, views
from reportlib.analysis.comparability import Difference
from reportlib.analysis.wording import (agree, average, bound_words, cardinal, join_words, mid_sentence, number, signed,
                                        stated_count, yi_yuan)
from reportlib.curation import places as place_facts
from reportlib.curation.load import Tables
from reportlib.curation.memo import per_fingerprint

CLAIM_TYPES = ("single", "side_by_side", "ranking", "ratio", "difference", "sum", "count", "share")
COMPARING = ("ranking", "ratio", "difference", "share")
# 'comparable' or 'like for like' said of figures that are not: the word a title must never misuse.
_CALLS_COMPARABLE = re.compile(r"(?<!not )(?<!in)\bcomparable\b|like for like", re.IGNORECASE)


class ClaimError(ValueError):
    """A claim breaks a rule; the message names the claim and every broken rule."""


@dataclass(frozen=True)
class Claim:
    """One statement the project makes, with what it rests on and where it appears."""

    key: str
    type: str
    figures: tuple[str, ...]
    verdict: str
    differences: tuple[Difference, ...]
    judgement_calls: tuple[str, ...]
    where: tuple[str, ...]
    text: str
    footnote: str = ""
    compared: tuple[str, ...] = ()  # the figures set against each other, if not all of `figures` (an
    # average per project rests on a total and its count, and compares the totals)

    @property
    def said(self) -> str:
        return f"{self.text} {self.footnote}"

    @property
    def compares(self) -> tuple[str, ...]:
        return self.compared or self.figures


@dataclass
class Context:
    """What the builders share: the tables, every figure by id, the rules and the judgement calls."""

    tables: Tables
    figures: pd.DataFrame = field(init=False)
    rules: rules.Rules = field(init=False)
    calls: pd.DataFrame = field(init=False)
    labels: dict[str, str] = field(init=False)
    names: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.figures = views.figures_view(self.tables).set_index("id", drop=False)
        self.rules = rules.load_rules(self.tables)
        self.calls = rules.judgement_calls(self.tables)
        self.labels = place_facts.labels(self.tables)
        self.names = place_facts.short_names(self.tables)

    def assess(self, ids, claim_type: str) -> comparability.Verdict:
        """The rules' verdict on these figures, judgement calls included."""
        return comparability.assess(self.rows(ids), claim_type, self.rules, self.calls)

    def rows(self, ids) -> pd.DataFrame:
        return self.figures.loc[list(ids)].reset_index(drop=True)

    def calls_on(self, ids) -> pd.DataFrame:
        return self.calls[self.calls["figure"].isin(list(ids))]

    def claim(self, key: str, type: str, ids, where, text: str, footnote: str = "", compared=(),
              name_calls: bool | None = None) -> Claim:
        """A claim over these figures: the verdict and the judgement calls are computed, their words added.
        A count of figures (how many a report gives) names no judgement call unless asked to."""
        ids = tuple(dict.fromkeys(str(i) for i in ids))
        compared = tuple(dict.fromkeys(str(i) for i in compared))
        judged = compared or ids
        verdict = self.assess(judged, type) if judged else comparability.Verdict("comparable", ())
        named = type != "count" if name_calls is None else name_calls
        calls = self.calls_on(ids if named else [])
        notes = [footnote] if footnote else []
        notes += [w + "." for w in dict.fromkeys(calls["words"]) if w not in text]
        return Claim(key, type, ids, verdict.verdict, verdict.differences, tuple(calls["id"]),
                     tuple([where] if isinstance(where, str) else where), text, " ".join(notes), compared)


# ---------------------------------------------------------------- the rules


def problems(claim: Claim, ctx: Context) -> list[str]:
    """Every rule the claim breaks, in words (empty: the claim holds up)."""
    found = []
    if claim.type not in CLAIM_TYPES:
        found.append(f"unknown claim type {claim.type!r}")
        return found
    unknown = [i for i in claim.figures + claim.compared if i not in ctx.figures.index]
    if unknown:
        return [f"rests on figures that do not exist: {', '.join(unknown)}"]
    if not set(claim.compared) <= set(claim.figures):
        found.append("compares figures it does not rest on")
    rows = ctx.rows(claim.compares)
    verdict = ctx.assess(claim.compares, claim.type) if claim.compares else None
    if verdict and verdict.verdict != claim.verdict:
        found.append(f"says {claim.verdict} but the rules make it {verdict.verdict}")
    if claim.type in COMPARING + ("sum",) and len(rows):
        if rows["metric"].astype(str).nunique() > 1:
            found.append(f"a {claim.type} across indicators ({join_words(sorted(set(rows['metric'].astype(str))))})")
        if rows["level"].astype(str).nunique() > 1:
            found.append(f"a {claim.type} between levels (district and subdistrict)")
        if rows["kind"].astype(str).map(ctx.rules.kind_classes).nunique() > 1:
            found.append(f"a {claim.type} between a plan and a result")
        if verdict and verdict.verdict == "not_comparable":
            found.append(f"a {claim.type} of figures the rules call not comparable: {'; '.join(verdict.words('not_comparable'))}")
    if claim.type == "sum" and len(rows):
        for column, what in (("report", "places"), ("period", "periods"), ("kind", "kinds")):
            if rows[column].astype(str).nunique() > 1:
                found.append(f"a sum across {what}")
    for difference in (verdict.differences if verdict else ()):
        if difference.severity in ("indicative", "not_comparable") and difference.label not in claim.said:
            found.append(f"does not say that the {difference.label} differ ({difference.words})")
    if claim.verdict != "comparable" and _CALLS_COMPARABLE.search(claim.text):
        found.append("calls comparable what the rules call " + claim.verdict.replace("_", " "))
    calls = ctx.calls_on(claim.figures if claim.type != "count" else [])
    missing = [c.id for c in calls.itertuples() if c.id not in claim.judgement_calls or c.words not in claim.said]
    if missing:
        found.append(f"does not name its judgement calls {', '.join(missing)}")
    if re.match(r"\s*caveat\b", claim.text, re.IGNORECASE) or not claim.text.strip():
        found.append("an empty sentence or a 'Caveat:' prefix")
    return found


def validate(claim: Claim, ctx: Context) -> Claim:
    """The claim itself, or ClaimError naming each rule it breaks."""
    broken = problems(claim, ctx)
    if broken:
        raise ClaimError(f"claim {claim.key!r} ({claim.text[:80]}…): " + "; ".join(broken))
    return claim


# ---------------------------------------------------------------- wording helpers


def _differ(verdict_differences, at_least: str = "indicative") -> str:
    """'they differ in year, result or plan and level' for the differences of at least this severity
    (a judgement call is said in the footnote, in its own words)."""
    floor = rules.SEVERITIES.index(at_least)
    labels = list(dict.fromkeys(d.label for d in verdict_differences
                                if rules.SEVERITIES.index(d.severity) >= floor and d.dimension != "judgement_call"))
    return f"they differ in {join_words(labels)}" if labels else "they rest on a judgement call"


def _notes(verdict_differences) -> str:
    """The differences that do not change the verdict, as a clause: 'Jiadi's year is inferred'."""
    words = [d.words for d in verdict_differences if d.severity == "note"]
    return "; ".join(words)


def _amount(row) -> str:
    return yi_yuan(float(row["value_norm"]), row["bound"])


def _kind_words(row, rule_set: rules.Rules) -> str:
    """'2024 result', 'Jan–Nov 2024 result', '2025 plan'."""
    return f"{row['period_label']} {rule_set.kind_classes.get(str(row['kind']), str(row['kind']))}"


def _stage(row) -> str:
    """A stage as an adjective: 'reserve', 'new-start', 'under-construction'."""
    return "" if pd.isna(row["stage"]) else str(row["stage"]).replace("_", "-")


KIND_ADJECTIVES = {"actual": "actual", "estimate": "estimated", "plan": "planned"}


def _group_words(row, ctx: Context) -> str:
    """What an amount is for: "its 14 reserve projects" or its subject as curated."""
    group = row["group_figure"]
    if not pd.isna(group) and str(group) in ctx.figures.index:
        count = ctx.figures.loc[str(group)]
        return f"{stated_count(count['value_norm'], count['bound'])} {_stage(row) or 'listed'} projects"
    return str(row["subject_en"])


# ---------------------------------------------------------------- the builders


def _sources(ctx: Context) -> list[Claim]:
    tables = ctx.tables
    facts = views.places(tables)
    kinds = views.kinds_and_periods(tables)
    claims = []
    level_parts = []
    for level, reports in place_facts.by_level(tables):
        heading = place_facts.level_heading(tables, level, len(reports)).lower()
        level_parts.append(f"{join_words([ctx.labels[r] for r in reports])} {agree(reports, 'is a', 'are')} {heading}")
    plans_only = [r for r in kinds.index if kinds.at[r, "actual"] == 0 and kinds.at[r, "estimate"] == 0]
    results = [r for r in kinds.index if r not in plans_only]
    result_rows = ctx.figures[ctx.figures["kind"].astype(str).map(ctx.rules.kind_classes) == "result"]
    years = sorted({comparability.period_year(p) for p in result_rows["period"].astype(str)} - {"no year"})
    text = f"The {cardinal(len(facts))} reports speak for different levels of government: " + "; ".join(level_parts) + "."
    claims.append(ctx.claim("sources.levels", "count", [], "01#reports", text))
    parts = []
    if results:
        parts.append(f"{join_words([ctx.names[r] for r in results])} {agree(results, 'gives', 'give')} results "
                     f"for {join_words(years)}")
    if plans_only:
        parts.append(f"{join_words([ctx.names[r] for r in plans_only])} {agree(plans_only, 'gives', 'give')} only plans, "
                     "so nothing in them says what happened")
    inferred = tables.reports[tables.reports["plans_basis"].astype("string") == "inferred"]["id"].astype(str).tolist()
    if inferred:
        parts.append(f"the year {join_words([ctx.names[r] for r in inferred])} {agree(inferred, 'plans', 'plan')} for "
                     "is inferred, not stated")
    claims.append(ctx.claim("sources.kinds", "count", [], ("01#reports", "06#gaps"), "; ".join(parts)[:1].upper()
                            + "; ".join(parts)[1:] + "."))

    counts = views.curation_counts(tables)
    total = {c: int(counts[c].sum()) for c in counts.columns if c not in ("report", "label", "coverage")}
    if total["numbers_accounted"] == total["numbers_in_text"]:
        head = (f"The texts contain {total['numbers_in_text']:,} numbers (in digits or in Chinese numerals), and every one is accounted "
                "for by exactly one curated row")
    else:
        short = counts[counts["numbers_accounted"] < counts["numbers_in_text"]]
        head = (f"The texts contain {total['numbers_in_text']:,} numbers (in digits or in Chinese numerals); "
                f"{total['numbers_accounted']:,} "
                f"are accounted for, and {total['numbers_in_text'] - total['numbers_accounted']:,} in "
                f"{join_words([ctx.names[r] for r in short['report']])} are not yet curated")
    text = (f"{head}: {total['by_figures']:,} by the {total['figures']:,} curated figures and "
            f"{total['by_exclusions']:,} by the {total['exclusions']:,} exclusions (dates, policy codes, parts of names, "
            f"repeats). The reports also name {total['projects']:,} projects.")
    extra = []
    if total["by_exclusions"] > total["exclusions"]:
        extra.append("some exclusions cover several numbers, such as a span of months or a slogan that counts")
    if total["figures_without_number"]:
        n = total["figures_without_number"]
        extra.append(f"{n} {agree([None] * n, 'figure is', 'figures are')} written without any number the finder "
                     f"reports and {agree([None] * n, 'covers', 'cover')} none")
    footnote = ("Rows and numbers differ: " + "; ".join(extra) + ".") if extra else ""
    claims.append(ctx.claim("sources.curated", "count", [], ("01#curated", "summary", "deck:cover"), text, footnote))

    matrix = views.metric_families(tables)
    covered = (matrix > 0).sum(axis=1)
    most, least = int(covered.max()), int(covered.min())
    best = [ctx.labels[r] for r in covered.index if covered[r] == most]
    worst = [ctx.labels[r] for r in covered.index if covered[r] == least]
    breadth = f"all {most}" if most == matrix.shape[1] else f"{most} of {matrix.shape[1]}"
    title = (f"{join_words(best)} {agree(best, 'reports', 'report')} figures in {breadth} metric families; "
             f"{join_words(worst)} in only {least}")
    ids = list(ctx.figures.index)
    claims.append(ctx.claim("sources.families", "count", ids, ("01#families", "chart:01-metric-coverage:title"), title))
    districts = [ctx.labels[r] for r, lvl in zip(facts["report"], facts["level"]) if lvl == "district"]
    subtitle = ("Number of curated figures per report and family; grey cells: the report gives no figure of that "
                "family (not a zero). " + (f"{join_words(districts)} {agree(districts, 'is a district', 'are districts')}, "
                                            "the others are subdistricts; " if districts else "")
                + "the reports review or plan different years.")
    claims.append(ctx.claim("sources.families.subtitle", "count", [], "chart:01-metric-coverage:subtitle", subtitle))

    partial = ctx.figures[ctx.figures["period"].astype(str).map(comparability.period_span).isin(["full year"]) == False]  # noqa: E712
    partial = partial[~partial["period"].astype(str).map(comparability.period_span).isin(["no period stated"])]
    if len(partial):
        spans = sorted(set(partial["period_label"].astype(str)))
        who = [ctx.names[r] for r in ctx.labels if r in set(partial["report"].astype(str))]
        text = (f"{len(partial)} figures of {join_words(who)} cover part of a year or several years: "
                f"{join_words(spans)}. Beside a full-year figure they are indicative only, and the sentence says "
                "that the months covered differ.")
        claims.append(ctx.claim("sources.partial_year", "count", list(partial.index), "01#kinds", text))
    return claims


def _like_for_like(ctx: Context, metric: str, where, key: str, value: str = "value_norm") -> list[Claim]:
    """Rankings of the figures of one metric that the rules call comparable: one claim per cluster of figures
    from two or more places that agree in every dimension that matters for a ranking."""
    rows = ctx.figures[(ctx.figures["metric"].astype(str) == metric) & ctx.figures["value_norm"].notna()]
    if value == "per_project":
        money = views.investment(ctx.tables).set_index("id")
        rows = rows[rows.index.isin(money.index[money["per_project_bound"].astype(str) == "exact"])]
        rows = rows.assign(per_project=money["per_project"].reindex(rows.index).astype(float))
    keys = []
    for _, row in rows.iterrows():
        facets = comparability.facets(row, ctx.rules)
        keys.append(tuple(v for d, v in facets.items() if d not in ("place", "group_overlap", "period_basis", "kind")))
    rows = rows.assign(cluster=keys)
    claims = []
    for _, cluster in rows.groupby("cluster", sort=False):
        if cluster["report"].astype(str).nunique() < 2 or cluster["report"].astype(str).duplicated().any():
            continue
        ordered = cluster.sort_values(value, ascending=False)
        ids = list(ordered.index)
        if value == "per_project":
            ids += [str(g) for g in ordered["group_figure"]]
        verdict = ctx.assess(list(ordered.index), "ranking")
        if verdict.verdict != "comparable":
            continue
        first = ordered.iloc[0]
        stage = f"{_stage(first)} " if _stage(first) else ""
        if value == "per_project":
            parts = [f"{ctx.names[str(r.report)]} {average(r.per_project)} 亿元" for r in ordered.itertuples()]
            head = f"average investment per {stage}project"
        elif metric == "project_count":
            parts = [f"{ctx.names[str(r['report'])]} {stated_count(r['value_norm'], r['bound'])}" for _, r in ordered.iterrows()]
            head = f"{stage}projects"
        else:
            parts = [f"{ctx.names[str(r['report'])]} {_amount(r)}" + (
                f" for {stated_count(ctx.figures.at[str(r['group_figure']), 'value_norm'], ctx.figures.at[str(r['group_figure']), 'bound'])}"
                if not pd.isna(r["group_figure"]) else "") for _, r in ordered.iterrows()]
            head = f"{mid_sentence(first['metric_label'])} of {stage}projects"
        both = "both" if len(ordered) == 2 else "all"
        level = place_facts.level_heading(ctx.tables, str(first["level"]), 2).split()[0].lower()
        sentence = f"Like for like, {head}: {join_words(parts)}, {both} {_kind_words(first, ctx.rules)}s of {level}."
        notes = _notes(verdict.differences)
        claims.append(ctx.claim(f"{key}.{'.'.join(ordered.index)}", "ranking", ids, where, sentence,
                                (notes[:1].upper() + notes[1:] + ".") if notes else "", compared=list(ordered.index)))
    return claims


def _investment(ctx: Context) -> list[Claim]:
    tables = ctx.tables
    money = views.investment(tables)
    totals = money[money["metric"].astype(str) == "total_investment"]
    claims = []
    present = [r for r in ctx.labels if r in set(money["report"].astype(str))]
    missing = [r for r in ctx.labels if r not in present]
    text = (f"{join_words([ctx.names[r] for r in present])} {agree(present, 'states', 'state')} {len(money)} amounts "
            "of money for projects and programmes")
    text += (f"; {join_words([ctx.names[r] for r in missing])} {agree(missing, 'states', 'state')} none, which is a gap "
             "in the texts, not a zero." if missing else ".")
    claims.append(ctx.claim("investment.amounts", "count", list(money["id"]), ("02#amounts", "06#gaps"), text))

    # The largest amount of each level, side by side: never divided or ranked across levels.
    largest = []
    for level, reports in place_facts.by_level(tables, list(totals["report"].astype(str).unique())):
        part = totals[totals["report"].astype(str).isin(reports)]
        if len(part):
            largest.append((level, part.sort_values("yi_yuan").iloc[-1]))
    if len(largest) >= 2:
        rows = [row for _, row in largest]
        ids = [row["id"] for row in rows]
        verdict = ctx.assess(ids, "side_by_side")
        parts = [f"{ctx.names[str(r['report'])]}'s {yi_yuan(r['yi_yuan'], r['bound'])} for {_group_words(r, ctx)}, "
                 f"a {_kind_words(r, ctx.rules)} of the {str(r['level'])}" for r in rows]
        text = (f"The largest amount of each level: {join_words(parts)}. They stand side by side and are not divided, "
                f"as {_differ(verdict.differences)}.")
        claims.append(ctx.claim("investment.scale", "side_by_side", ids, ("02#by-stage", "summary"), text))
    title = "Total investment as reported, by place, stage and period"
    comparable = _like_for_like(ctx, "total_investment", ("02#by-stage", "06#strongest"), "investment.like")
    claims += comparable
    shown = list(totals["id"])
    claims.append(_retitled(comparable[0], "investment.chart", "chart:02-investment-by-stage:title") if comparable
                  else ctx.claim("investment.chart", "single", shown, "chart:02-investment-by-stage:title", title))
    subtitle = ("Log scale: each gridline is ten times the one before. ● actual, ◆ estimate, ○ plan; ≥ = at least. "
                "One panel per administrative level, never ranked against each other. Groups overlap "
                "(a project can be in several): do not add the amounts up.")
    claims.append(ctx.claim("investment.chart.subtitle", "count", [], "chart:02-investment-by-stage:subtitle", subtitle))

    # Averages per project: per place, across its groups (stages differ), then like for like.
    averages = money[(money["metric"].astype(str) == "total_investment") & money["per_project"].notna()]
    for rid in ctx.labels:
        part = averages[averages["report"].astype(str) == rid].sort_values("per_project")
        if part.empty:
            continue
        exact = part[part["per_project_bound"].astype(str) == "exact"]
        inexact = part[part["per_project_bound"].astype(str) != "exact"]
        ids = list(part["id"]) + [str(g) for g in part["group_figure"]]
        verdict = ctx.assess(list(part["id"]), "side_by_side")
        name = ctx.names[rid]
        if len(exact) == 1:
            row = exact.iloc[0]
            text = (f"{name}'s {_group_words(row, ctx)} average {average(row['per_project'])} 亿元 per project, "
                    f"a {_kind_words(row, ctx.rules)}")
        elif len(exact) > 1:
            low, high = exact.iloc[0], exact.iloc[-1]
            text = (f"{name}'s exact averages run from {average(low['per_project'])} 亿元 per project for "
                    f"{_group_words(low, ctx)} to {average(high['per_project'])} 亿元 for {_group_words(high, ctx)}")
        else:
            text = f"{name} gives no exact average per project"
        if len(part) > 1 and verdict.verdict != "comparable":
            text += f"; {_differ(verdict.differences)}, so these are not a ranking"
        if len(inexact):
            text += (f"; {len(inexact)} more {agree(list(inexact.index), 'average rests', 'averages rest')} on a bound "
                     "(以上) and can only be shown as an upper bound or as unknown")
        claims.append(ctx.claim(f"investment.per_project.{rid}", "side_by_side", ids, ("02#per-project", "04#per-project"),
                                text + ".", compared=list(part["id"])))
    excluded = money[(money["group_figure"].notna()) & money["per_project"].isna()]
    for row in excluded.itertuples():
        claims.append(ctx.claim(f"investment.untied.{row.id}", "single", [row.id], "02#per-project",
                                f"{ctx.names[str(row.report)]}'s {yi_yuan(row.yi_yuan, row.bound)} of "
                                f"{mid_sentence(row.metric_label)} is left out of the averages per project."))
    per_project = _like_for_like(ctx, "total_investment", ("02#per-project", "06#strongest"), "investment.per_project.like",
                                 value="per_project")
    claims += per_project
    claims.append(_retitled(per_project[0], "investment.per_project.chart", "chart:02-investment-per-project:title")
                  if per_project else
                  ctx.claim("investment.per_project.chart", "single", list(averages["id"]),
                            "chart:02-investment-per-project:title",
                            "Average investment per project where a report states a group's total and its count"))
    subtitle = ("Average = stated total investment ÷ stated number of projects. ◂ at most, ▸ at least: one of the two "
                "is a bound ('57个以上'); ? with a dotted span: both are, so it is unknown. Log scale.")
    calls = ctx.calls_on(averages["id"].tolist() + averages["group_figure"].astype(str).tolist())
    subtitle += "".join(f" {w}." for w in dict.fromkeys(calls["words"]))
    claims.append(ctx.claim("investment.per_project.chart.subtitle", "count",
                            averages["id"].tolist() + averages["group_figure"].astype(str).tolist(),
                            "chart:02-investment-per-project:subtitle", subtitle, compared=averages["id"].tolist()))
    return claims


def _growth(ctx: Context) -> list[Claim]:
    tables = ctx.tables
    rates = views.growth(tables)
    claims = []
    by_kind = rates.groupby(rates["kind"].astype(str)).size()
    words = {"actual": ("actual result", "actual results"), "estimate": ("estimate", "estimates"),
             "plan": ("target", "targets")}
    parts = [f"{n} {words.get(k, (k, k))[0 if n == 1 else 1]}" for k, n in by_kind.items() if n]
    missing = [r for r in ctx.labels if r not in set(rates["report"].astype(str))]
    text = f"The reports state {len(rates)} growth rates or changes: {join_words(parts)}"
    text += (f"; {join_words([ctx.names[r] for r in missing])} {agree(missing, 'gives', 'give')} none." if missing else ".")
    text += " Different indicators are never ranked against each other."
    claims.append(ctx.claim("growth.rates", "count", list(rates["id"]), ("03#rates", "06#gaps"), text))
    for row in rates[rates["multiple"].notna()].itertuples():
        claims.append(ctx.claim(f"growth.multiple.{row.id}", "single", [row.id], "03#rates",
                                f"The “{bound_words(row.bound)}{number(row.multiple)}×” in {ctx.names[str(row.report)]}'s report "
                                f"is not the {row.level}'s own growth: it is the {row.subject_en}, "
                                f"{KIND_ADJECTIVES.get(str(row.kind), str(row.kind))} for {row.period_label}."))
    for row in rates[rates["qualitative"]].itertuples():
        claims.append(ctx.claim(f"growth.positive.{row.id}", "single", [row.id], "03#rates",
                                f"{ctx.names[str(row.report)]} says only that {mid_sentence(row.metric_label)} was positive "
                                f"(正增长) in {row.period_label}, an {row.kind}; it is shown in words, not as a number."
                                if str(row.kind) == "estimate" else
                                f"{ctx.names[str(row.report)]} says only that {mid_sentence(row.metric_label)} was positive "
                                f"(正增长) in {row.period_label}; it is shown in words, not as a number."))
    declines = rates[rates["change_pct"] < 0]
    for rid, part in declines.groupby(declines["report"].astype(str), sort=False):
        items = [f"{r.subject_en} {signed(r.change_pct)}%" for r in part.itertuples()]
        claims.append(ctx.claim(f"growth.declines.{rid}", "single", list(part["id"]), "03#rates",
                                f"{ctx.names[rid]}'s declines are negative: {join_words(items)}."))
    claims.append(ctx.claim("growth.chart", "single", list(rates["id"]), "chart:03-growth-rates:title",
                            "Growth rates as reported, by indicator and place"))
    claims.append(ctx.claim("growth.chart.subtitle", "count", [], "chart:03-growth-rates:subtitle",
                            "Change in per cent as reported; declines negative. ● actual, ◆ estimate, ○ plan. One panel "
                            "per administrative level, each on its own scale. Periods and kinds differ, and different indicators are not ranked: the pairs "
                            "of one indicator are on the next chart."))

    pairs = views.comparable_growth(tables)
    titles, others = [], []
    for pair, group in pairs.groupby("pair", sort=False):
        group = group.sort_values("change_pct", ascending=False)
        ids = list(group["id"])
        verdict = ctx.assess(ids, "difference")
        first = group.iloc[0]
        indicator = (first["subject_en"] if comparability.facets(ctx.figures.loc[first["id"]], ctx.rules)["subject"]
                     else mid_sentence(first["metric_label"]))
        if verdict.verdict == "comparable":
            items = [f"{ctx.names[str(r.report)]} {signed(r.change_pct)}%" for r in group.itertuples()]
            text = (f"Like for like, {indicator} in {first['period_label']}: {join_words(items)}, the same months, "
                    f"level and kind of result")
            notes = _notes(verdict.differences)
            claim = ctx.claim(f"growth.pair.{pair}", "difference", ids, ("03#pairs", "06#strongest", "summary"), text + ".",
                              (notes[:1].upper() + notes[1:] + ".") if notes else "")
            titles.append(claim)
        else:
            side = ctx.assess(ids, "side_by_side")
            items = [f"{ctx.names[str(r.report)]}'s {KIND_ADJECTIVES.get(str(r.kind), str(r.kind))} "
                     f"{signed(r.change_pct)}% for {r.period_label}" for r in group.itertuples()]
            text = (f"{indicator[:1].upper() + indicator[1:]} can only be set side by side, not ranked: "
                    f"{join_words(items)}; {_differ(side.differences)}.")
            claim = ctx.claim(f"growth.pair.{pair}", "side_by_side", ids, ("03#pairs", "summary"), text)
            others.append(ctx.claim(f"growth.pair.{pair}.short", "side_by_side", ids, (),
                                    f"{indicator[:1].upper() + indicator[1:]} is indicative only: {_differ(side.differences)}."))
        claims.append(claim)
    ids = list(pairs["id"])
    if titles:
        title = _retitled(titles[0], "growth.pairs.chart", "chart:03-comparable-growth:title")
    else:
        title = ctx.claim("growth.pairs.chart", "single", ids, "chart:03-comparable-growth:title",
                          "Growth rates of one indicator and year in two places, side by side")
    claims.append(title)
    subtitle = ("Only the same indicator in the same year, as a result (actual or estimate, never a plan). "
                + " ".join(o.text for o in others))
    claims.append(ctx.claim("growth.pairs.chart.subtitle", "side_by_side" if len(others) == 1 else "count",
                            [i for o in others for i in o.figures], "chart:03-comparable-growth:subtitle", subtitle))
    return claims


def _projects(ctx: Context) -> list[Claim]:
    tables = ctx.tables
    counts = views.project_counts(tables)
    named = views.named_projects(tables)
    claims = []
    for rid in ctx.labels:
        part = counts[counts["report"].astype(str) == rid]
        if part.empty:
            n = int((named["report"].astype(str) == rid).sum())
            claims.append(ctx.claim(f"projects.none.{rid}", "count", [], ("04#counts", "06#gaps"),
                                    f"{ctx.names[rid]} states no project count, though it names {n} projects."))
            continue
        whens = sorted({_kind_words(r, ctx.rules) for _, r in part.iterrows()})
        items = [f"{stated_count(r.stated_count, r.bound)} {r.subject_en}" for r in part.itertuples()]
        if len(part) == 1:
            text = f"{ctx.names[rid]} states one project count, a {whens[0]}: {items[0]}."
        else:
            text = (f"{ctx.names[rid]} states {cardinal(len(part))} project counts, "
                    f"{'all ' if len(whens) == 1 else ''}{join_words([w + 's' for w in whens])}: {join_words(items)}. "
                    "They are not added up, as the groups can overlap.")
        claims.append(ctx.claim(f"projects.counts.{rid}", "single", list(part["id"]), "04#counts", text))
    unnamed = counts[counts["named"] == 0]
    complete = counts[counts["listing"].astype(str) == "complete"]
    full = [r for r in ctx.labels if r in set(counts["report"].astype(str))
            and (counts[counts["report"].astype(str) == r]["named"] == counts[counts["report"].astype(str) == r]["stated_count"]).all()]
    head = (f"Only {join_words([ctx.labels[r] for r in full])} {agree(full, 'names every project it counts', 'name every project they count')}"
            if full else "No report names every project it counts")
    title = f"{head}; {len(unnamed)} of {len(counts)} stated project counts come with no project named at all"
    full_ids = list(counts[counts["report"].astype(str).isin(full)]["id"])
    claims.append(ctx.claim("projects.chart", "count", full_ids + list(unnamed["id"]),
                            ("04#named", "chart:04-project-counts:title", "summary"), title,
                            footnote=" ".join(dict.fromkeys(ctx.calls_on(full_ids)["words"] + ".")), name_calls=False))
    silent = [ctx.labels[r] for r in ctx.labels if r not in set(counts["report"].astype(str))]
    subtitle = ("Pale bar: stated (≥ at least); dark bar: named. A scale per level; groups overlap: never added."
                + (f" {join_words(silent)} {agree(silent, 'states', 'state')} no project count." if silent else ""))
    subtitle += "".join(f" {w}." for w in dict.fromkeys(ctx.calls_on(full_ids)["words"]))
    claims.append(ctx.claim("projects.chart.subtitle", "count", full_ids, "chart:04-project-counts:subtitle", subtitle))
    for row in complete.itertuples():
        claims.append(ctx.claim(f"projects.complete.{row.id}", "single", [row.id], "04#named",
                                f"{ctx.names[str(row.report)]} names all {row.named} of its {row.subject_en}: the stated "
                                "count and the list agree."))
    partial = counts[counts["listing"].astype(str) == "partial"]
    if len(partial):
        over = partial[partial["named"] > partial["stated_count"]]
        claims.append(ctx.claim("projects.partial", "count", list(partial["id"]), "04#named",
                                f"{len(partial)} of the {len(counts)} counts name only some of their projects and end the "
                                f"list in 等 ('among others'); "
                                + ("none names more projects than it states." if over.empty else
                                   f"{len(over)} name more than they state, which the check refuses.")))
    claims += _like_for_like(ctx, "project_count", ("04#like-for-like", "06#strongest"), "projects.like")
    return claims


def _gaps(ctx: Context) -> list[Claim]:
    """What each place does not report, by metric family."""
    matrix = views.metric_families(ctx.tables)
    claims = []
    for rid in matrix.index:
        empty = [f for f in matrix.columns if matrix.at[rid, f] == 0]
        ids = list(ctx.figures[ctx.figures["report"].astype(str) == rid].index)
        listed = ", ".join(empty[:-1]) + f" or {empty[-1]}" if len(empty) > 1 else "".join(empty)
        text = (f"{ctx.names[rid]} reports no {listed} figures." if empty else
                f"{ctx.names[rid]} reports figures in every family.")
        claims.append(ctx.claim(f"gaps.{rid}", "count", ids, "06#gaps", text))
    return claims


def _synthesis(ctx: Context) -> list[Claim]:
    """How many cross-place pairs of one indicator can be ranked, only shown, or neither, and why."""
    pairs = views.comparisons(ctx.tables)
    if pairs.empty:
        return []
    by = pairs["verdict"].astype(str).value_counts()
    obstacles = views.comparison_obstacles(ctx.tables, pairs)
    top = list(obstacles.index[:3])
    text = (f"Of the {len(pairs)} pairs of figures of one indicator from two places, {by.get('comparable', 0)} can be "
            f"ranked like for like, {by.get('indicative', 0)} can be set against each other only with what differs "
            f"said, and {by.get('not_comparable', 0)} cannot be ranked, divided or subtracted at all")
    text += f"; what stands in the way most often is the {join_words(top)}." if top else "."
    return [ctx.claim("synthesis.pairs", "count", [], "06#families", text)]


def _cover(ctx: Context) -> list[Claim]:
    counts = views.curation_counts(ctx.tables)
    facts = views.places(ctx.tables)
    text = f"{cardinal(len(facts)).capitalize()} local-government work reports, compared"
    sub = (f"{int(counts['figures'].sum()):,} curated figures and {int(counts['projects'].sum()):,} named projects, "
           "each traced to a quote of its report")
    return [ctx.claim("deck.cover", "count", [], "deck:cover:title", text),
            ctx.claim("deck.cover.subtitle", "count", [], "deck:cover:subtitle", sub)]


def _retitled(claim: Claim, key: str, where: str) -> Claim:
    """The same claim shown as a chart title: same figures, verdict and footnote, no closing full stop."""
    return replace(claim, key=key, where=(where,), text=claim.text.rstrip("."))


BUILDERS = {"sources": _sources, "investment": _investment, "growth": _growth, "projects": _projects,
            "gaps": _gaps, "synthesis": _synthesis, "cover": _cover}


def build(tables: Tables, part: str | None = None) -> list[Claim]:
    """Every claim the project makes (or those of one part: 'sources', 'investment', 'growth', 'projects',
    'gaps', 'synthesis', 'cover'), each validated: ClaimError on the first that breaks a rule."""
    if part is not None and part not in BUILDERS:
        raise KeyError(f"no claims part {part!r} (known: {', '.join(BUILDERS)})")
    # every chart, the deck, the workbook and the summary ask for the claims of the same tables: the whole
    # set is kept once built (the workbook and the notebooks build it first), and a part is cut from it
    whole = _whole.peek(tables) if part is not None else _whole(tables)
    if whole is not None:
        return [c for name in BUILDERS if part in (None, name) for c in whole[name]]
    return _part(tables, part)


@per_fingerprint(keep=4, copy=dict)
def _whole(tables: Tables) -> dict[str, tuple[Claim, ...]]:
    """Every part's claims, validated (Claims are frozen; a caller gets its own dict of them)."""
    ctx = Context(tables)
    return {name: tuple(validate(c, ctx) for c in builder(ctx)) for name, builder in BUILDERS.items()}


@per_fingerprint(keep=4 * len(BUILDERS), copy=list)
def _part(tables: Tables, part: str) -> list[Claim]:
    ctx = Context(tables)
    return [validate(c, ctx) for c in BUILDERS[part](ctx)]


def at(claims: list[Claim], where: str) -> list[Claim]:
    """The claims that appear at one place ('02#by-stage', 'chart:03-growth-rates:title', 'summary')."""
    return [c for c in claims if where in c.where]


def one(claims: list[Claim], where: str) -> Claim:
    """The single claim at a place (a chart's title); KeyError if there is none or more than one."""
    found = at(claims, where)
    if len(found) != 1:
        raise KeyError(f"{len(found)} claims at {where!r}")
    return found[0]


def frame(claims: list[Claim]) -> pd.DataFrame:
    """The claims as a table: the workbook's claims sheet and the summary's tables."""
    return pd.DataFrame({
        "key": [c.key for c in claims],
        "type": pd.Categorical([c.type for c in claims], categories=list(CLAIM_TYPES)),
        "verdict": pd.Categorical([c.verdict for c in claims], categories=list(comparability.VERDICTS)),
        "figures": [", ".join(c.figures) for c in claims],
        "differences": ["; ".join(d.words for d in c.differences) for c in claims],
        "judgement_calls": [", ".join(c.judgement_calls) for c in claims],
        "where": [", ".join(c.where) for c in claims],
        "text": [c.text for c in claims],
        "footnote": [c.footnote for c in claims],
    })
