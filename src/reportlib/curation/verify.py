"""Check the curated tables against the texts: every quote, every number, every reference, full coverage.

The loaders check each table on its own; this module checks what only the texts can prove:
that a quote stands in its report and says the row's number, and that no number in a text
is left without a figure or an exclusion.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

import pandas as pd

from reportlib.curation.csvfile import read_rows
from reportlib.curation.errors import DataError, Problem
from reportlib.curation.load import Tables
from reportlib.curation.mentions import Mention, find_mentions
from reportlib.curation.parse import HEDGE_BOUNDS, PREFIX_BOUNDS, SUFFIX_BOUNDS, parse_quantity
from reportlib.curation.paths import display_path
from reportlib.curation.textmatch import LayoutText, near_miss, occurrences_in, squeeze

# Words that, standing right before a percentage, make it a decline: the normalised value is negative.
DECLINE_WORDS = ("下降", "减少", "降低", "下滑")

# The words a quote must contain for a bound: the parser's qualifiers, by the bound they set.
BOUND_WORDS = {bound: tuple(word for table in (PREFIX_BOUNDS, SUFFIX_BOUNDS, HEDGE_BOUNDS)
                            for word, meaning in table.items() if meaning == bound)
               for bound in ("at_least", "about")}


@dataclass
class Claim:
    """The raw span a row points at, and the finder mentions it covers."""

    table: str
    row_id: str
    start: int
    end: int


@dataclass
class Report:
    """Per-report tallies for the check's summary."""

    figures: int = 0
    projects: int = 0
    exclusions: int = 0
    mentions: int = 0
    claimed: int = 0
    by_figures: int = 0  # numbers claimed by a figure
    by_exclusions: int = 0  # numbers claimed by an exclusion
    figures_without_number: int = 0  # figures written without digits (千亿, 正增长): they claim no number

    @property
    def coverage(self) -> float:
        return 1.0 if self.mentions == 0 else self.claimed / self.mentions


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    reports: dict[str, Report] = field(default_factory=dict)
    unclaimed: list[Mention] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _locate(tables: Tables, table: str, row, layout: LayoutText, problems: list[Problem]) -> tuple[int, int] | None:
    """Find the row's mention inside its quote inside its report; return the mention's raw span."""
    file = display_path(tables.folder / f"{table}.csv")
    starts = layout.occurrences(row.quote)
    if not starts:
        problems.append(Problem(file, _not_found(tables, row.report, layout, row.quote), row=row.row, column="quote", value=row.quote))
        return None
    if len(starts) > 1:
        problems.append(Problem(file, f"quote occurs {len(starts)} times in the report: lengthen it so it points to one place",
                                row=row.row, column="quote", value=row.quote))
        return None
    inside = occurrences_in(row.quote, row.mention)
    if len(inside) != 1:
        what = "does not occur in the quote" if not inside else f"occurs {len(inside)} times in the quote"
        problems.append(Problem(file, f"mention {what}", row=row.row, column="mention", value=row.mention))
        return None
    return layout.raw_span(starts[0] + inside[0], len(squeeze(row.mention)))


def _raw_name(tables: Tables, report: str) -> str:
    """The raw text of a report as messages name it: its path as the data folder in use gives it."""
    reports = tables.reports.set_index(tables.reports["id"].astype(str))
    return display_path(tables.folder / "raw" / str(reports.at[str(report), "raw_file"]))


def _not_found(tables: Tables, report: str, layout: LayoutText, quote: str) -> str:
    """'quote not found', with the closest passage of the text and the first character that differs."""
    miss = near_miss(layout, quote)
    return f"quote not found in {_raw_name(tables, report)} (whitespace ignored)" + (f"; {miss.describe()}" if miss else "")


def _check_figure_number(tables: Tables, row, units: pd.DataFrame, problems: list[Problem]) -> None:
    """The number in the mention must be the row's value, unit and bound; value_norm must be value × factor."""
    file = display_path(tables.folder / "figures.csv")

    def report(column, message, value):
        problems.append(Problem(file, message, row=row.row, column=column, value=value))

    try:
        parsed = parse_quantity(squeeze(row.mention), tables.folder)
    except ValueError as err:
        report("mention", f"mention is not a quantity the parser reads ({err}); a date, a time or an "
                          "identifier is an exclusion, not a figure", row.mention)
        return
    if parsed.value is None:  # qualitative, e.g. 正增长
        if row.bound != parsed.bound:
            report("bound", f"mention {row.mention!r} means bound {parsed.bound!r}", row.bound)
        for column in ("value", "unit", "value_norm", "unit_norm"):
            if not pd.isna(getattr(row, column)):
                report(column, "must be empty for a qualitative mention", getattr(row, column))
        return
    if pd.isna(row.value) or not math.isclose(row.value, parsed.value, rel_tol=1e-9):
        report("value", f"disagrees with the quote: {row.mention!r} says {parsed.value:g}", row.value)
    if (row.unit if not pd.isna(row.unit) else "") != parsed.unit:
        report("unit", f"disagrees with the quote: {row.mention!r} has unit {parsed.unit!r}", row.unit)
    if parsed.qualifier and row.bound != parsed.bound:
        report("bound", f"{parsed.qualifier!r} in the mention means bound {parsed.bound!r}", row.bound)
    if not parsed.qualifier and row.bound != "exact" and pd.isna(row.note):
        report("bound", "a bound not written in the mention needs a note saying where it comes from", row.bound)
    words = BOUND_WORDS.get(row.bound, ())
    if words and not any(word in squeeze(row.quote) for word in words):
        report("bound", f"the quote does not support {row.bound!r}: it has none of {', '.join(words)}", row.bound)
    if pd.isna(row.unit) or row.unit not in units.index:
        return
    factor, unit_norm = units.at[row.unit, "factor"], units.at[row.unit, "unit_norm"]
    before = squeeze(row.quote).split(squeeze(row.mention))[0]
    sign = -1 if before.endswith(DECLINE_WORDS) else 1
    expected = parsed.value * factor * sign
    if pd.isna(row.value_norm) or not math.isclose(row.value_norm, expected, rel_tol=1e-9, abs_tol=1e-12):
        why = " (negative: a decline)" if sign < 0 else ""
        report("value_norm", f"should be {expected:g} = {parsed.value:g} × {factor:g}{why}", row.value_norm)
    if row.unit_norm != unit_norm:
        report("unit_norm", f"unit {row.unit!r} normalises to {unit_norm!r}", row.unit_norm)


def _check_metric_unit(tables: Tables, row, metrics: pd.DataFrame, units: pd.DataFrame, problems) -> None:
    """A metric allows only units of its dimensions (total_investment is money, not 个)."""
    if pd.isna(row.unit) or row.unit not in units.index:
        return
    allowed = metrics.at[row.metric, "dimensions"].split()
    dimension = units.at[row.unit, "dimension"]
    if "any" not in allowed and dimension not in allowed:
        problems.append(Problem(display_path(tables.folder / "figures.csv"),
                                f"unit {row.unit!r} ({dimension}) does not fit metric {row.metric!r} ({' or '.join(allowed)})",
                                row=row.row, column="unit", value=row.unit))


def _check_reference(file: str, row, column: str, figures: pd.DataFrame, metrics: set[str], problems) -> None:
    """A figure id in `column` must exist, belong to the row's report and be one of `metrics`."""
    ref = getattr(row, column)
    if pd.isna(ref):
        return
    if ref not in figures.index:
        problems.append(Problem(file, "no figure with this id", row=row.row, column=column, value=ref))
    elif figures.at[ref, "report"] != row.report:
        problems.append(Problem(file, f"figure belongs to report {figures.at[ref, 'report']!r}", row=row.row, column=column, value=ref))
    elif figures.at[ref, "metric"] not in metrics:
        problems.append(Problem(file, f"figure is a {figures.at[ref, 'metric']}, expected {' or '.join(sorted(metrics))}",
                                row=row.row, column=column, value=ref))


def _check_projects(tables: Tables, layouts: dict[str, LayoutText], problems: list[Problem]) -> None:
    """Project references point at figures of the same report; named projects agree with stated counts."""
    file = display_path(tables.folder / "projects.csv")
    figures = tables.figures.set_index("id")
    for row in tables.projects.itertuples():
        if not layouts[str(row.report)].occurrences(row.quote):
            problems.append(Problem(file, _not_found(tables, row.report, layouts[str(row.report)], row.quote),
                                    row=row.row, column="quote", value=row.quote))
        elif not occurrences_in(row.quote, row.name_zh):
            problems.append(Problem(file, "name_zh does not occur in the quote", row=row.row, column="name_zh", value=row.name_zh))
        _check_reference(file, row, "group_figure", figures, {"project_count"}, problems)
        _check_reference(file, row, "investment_figure", figures, {"total_investment"}, problems)
    figures_file = display_path(tables.folder / "figures.csv")
    for row in tables.figures.itertuples():
        _check_reference(figures_file, row, "group_figure", figures, {"project_count"}, problems)

    named = tables.projects["group_figure"].value_counts()
    for row in tables.figures.itertuples():
        count = int(named.get(row.id, 0))
        if pd.isna(row.listing):
            if count:
                problems.append(Problem(figures_file, f"{count} projects name this figure as their group: say whether the listing is complete or partial",
                                        row=row.row, column="listing", value=None))
            continue
        if row.metric != "project_count":
            problems.append(Problem(figures_file, "listing is only for project_count figures", row=row.row, column="listing", value=row.listing))
        elif row.listing == "complete" and count != row.value:
            problems.append(Problem(figures_file, f"listing complete, but {count} projects are named for a stated {row.value:g}",
                                    row=row.row, column="listing", value=row.listing))
        elif row.listing == "partial" and count > row.value:
            problems.append(Problem(figures_file, f"{count} projects are named, more than the stated {row.value:g}",
                                    row=row.row, column="listing", value=row.listing))


CODEBOOK = "README.md"
METRIC_WORDS = "metric_words.csv"


def check_vocabularies(tables: Tables) -> list[Problem]:
    """The codebook (data/README.md) explains every vocabulary word, and the metric words of the
    suggestions (vocab/metric_words.csv) name metrics of the vocabulary."""
    folder, vocab = tables.folder, tables.vocab
    codebook_path = folder / CODEBOOK
    if not codebook_path.is_file():
        return [Problem(display_path(codebook_path), "codebook not found: it explains every column and vocabulary word")]
    codebook = codebook_path.read_text(encoding="utf-8")
    problems = []
    vocab_dir = folder / "vocab"
    rows = ([("terms.csv", r.row, "term", r.term, f"| `{r.term}` |") for r in vocab.terms.itertuples()]
            + [("metrics.csv", r.row, "metric", r.metric, f"| {r.metric} | {r.family} |") for r in vocab.metrics.itertuples()]
            + [("units.csv", r.row, "unit", r.unit, f"| {r.unit} | {r.unit_norm} |") for r in vocab.units.itertuples()])
    for name, number, column, word, line in rows:
        if line not in codebook:
            problems.append(Problem(display_path(vocab_dir / name),
                                    f"not explained in the codebook {display_path(codebook_path)}: add the row “{line} …”",
                                    row=number, column=column, value=word))
    path = vocab_dir / METRIC_WORDS
    try:
        header, word_rows = read_rows(path)
    except DataError as err:
        return problems + err.problems
    if header != ["word", "metric"]:
        return problems + [Problem(display_path(path), "expected the columns word, metric", row=1, value=",".join(header))]
    if f"`vocab/{METRIC_WORDS}`" not in codebook:
        problems.append(Problem(display_path(codebook_path), f"does not describe vocab/{METRIC_WORDS}"))
    metrics = set(vocab.metrics["metric"])
    for number, (word, metric) in word_rows:
        if not word.strip():
            problems.append(Problem(display_path(path), "missing value", row=number, column="word"))
        if metric.strip() not in metrics:
            problems.append(Problem(display_path(path), f"unknown metric word{_nearest(metric.strip(), metrics)}",
                                    row=number, column="metric", value=metric))
    return problems


def _nearest(word: str, words) -> str:
    """'; did you mean X?' for the closest of `words`, or ''."""
    from difflib import get_close_matches

    close = get_close_matches(word, sorted(words), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def check(tables: Tables) -> CheckResult:
    """Run every cross-table check and the coverage check; return the problems and per-report tallies."""
    result = CheckResult()
    problems = result.problems
    units = tables.vocab.units.set_index("unit")
    metrics = tables.vocab.metrics.set_index("metric")
    reports_file = display_path(tables.folder / "reports.csv")

    for row in tables.reports.itertuples():
        # the checksum covers the file's bytes (a byte-order mark too); hand-made Tables have only the text
        digest = tables.digests.get(str(row.id)) or hashlib.sha256(tables.texts[str(row.id)].encode("utf-8")).hexdigest()
        if digest != row.sha256:
            problems.append(Problem(reports_file, f"{display_path(tables.folder / 'raw' / row.raw_file)} has changed under the curated rows (sha256 now {digest})",
                                    row=row.row, column="sha256", value=row.sha256))

    layouts = {rid: LayoutText.of(text) for rid, text in tables.texts.items()}
    claims: dict[str, list[Claim]] = {rid: [] for rid in layouts}
    for table in ("figures", "exclusions"):
        frame = getattr(tables, table)
        for row in frame.itertuples():
            span = _locate(tables, table, row, layouts[str(row.report)], problems)
            if span:
                claims[str(row.report)].append(Claim(table, row.id, *span))
            if table == "figures":
                _check_figure_number(tables, row, units, problems)
                _check_metric_unit(tables, row, metrics, units, problems)
    _check_projects(tables, layouts, problems)

    rows_per_report = {name: getattr(tables, name)["report"].astype(str).value_counts()
                       for name in ("figures", "projects", "exclusions")}
    for rid, text in tables.texts.items():
        tally = result.reports[rid] = Report(**{name: int(counts.get(rid, 0)) for name, counts in rows_per_report.items()})
        mentions = find_mentions(rid, text, tables.folder)
        raw_file = _raw_name(tables, rid)
        tally.mentions = len(mentions)
        owners: dict[int, list[Claim]] = {}
        for claim in claims[rid]:
            covered = [m for m in mentions if claim.start <= m.start < claim.end]
            for m in covered:
                owners.setdefault(m.start, []).append(claim)
            if not covered and claim.table == "exclusions":
                row = tables.exclusions.set_index("id").loc[claim.row_id]
                problems.append(Problem(display_path(tables.folder / "exclusions.csv"), "excludes no number the finder reports",
                                        row=int(row["row"]), column="mention", value=row["mention"]))
        for m in mentions:
            held = owners.get(m.start, [])
            if len(held) > 1:
                names = " and ".join(f"{c.table} {c.row_id}" for c in held)
                problems.append(Problem(raw_file, f"number at offset {m.start} is claimed by {names}", value=m.text))
            elif not held:
                result.unclaimed.append(m)
                context = text[max(0, m.start - 15): m.end + 15].replace("\n", " ")
                problems.append(Problem(raw_file,
                                        f"number left uncurated at offset {m.start}: add a figure or an exclusion (…{context}…)",
                                        value=m.text))
        tally.claimed = sum(1 for m in mentions if len(owners.get(m.start, [])) == 1)
        single = [owners[m.start][0] for m in mentions if len(owners.get(m.start, [])) == 1]
        tally.by_figures = sum(1 for c in single if c.table == "figures")
        tally.by_exclusions = sum(1 for c in single if c.table == "exclusions")
        owning = {c.row_id for held in owners.values() for c in held}
        tally.figures_without_number = sum(1 for c in claims[rid] if c.table == "figures" and c.row_id not in owning)
    problems += check_vocabularies(tables)
    return result
