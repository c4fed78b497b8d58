"""Which reports and figures a chart stands on: the footer's source line and the speaker notes' quotes.

Every number on a chart traces back to a figure id in data/figures.csv and the sentence it was
taken from; these helpers name both, so no chart types a source by hand.
"""

from __future__ import annotations

import pandas as pd

from reportlib.analysis import views
from reportlib.curation import places
from reportlib.curation.load import Tables
from reportlib.curation.periods import parse_period


def place_labels(tables: Tables) -> dict[str, str]:
    """Report id -> the place's label as charts show it ('Xinhe 新河')."""
    return places.labels(tables)


def _report_ref(tables: Tables, report: str) -> str:
    """'Xinhe 新河 (2024 review, 2025 plan)': a report as the source line names it."""
    row = tables.reports[tables.reports["id"].astype(str) == report].iloc[0]
    parts = []
    if not pd.isna(row["reviews"]):
        parts.append(f"{parse_period(str(row['reviews'])).label} review")
    if not pd.isna(row["plans"]):
        inferred = str(row["plans_basis"]) == "inferred"
        parts.append(f"{parse_period(str(row['plans'])).label} plan" + (", year inferred" if inferred else ""))
    label = place_labels(tables)[report]
    return f"{label} ({', '.join(parts)})" if parts else label


def _compact_ids(ids: list[str]) -> str:
    """'xinhe-f02; dongcheng-f03, f05, f07': ids grouped by report, the prefix said once."""
    groups: dict[str, list[str]] = {}
    for figure_id in ids:
        report, _, rest = figure_id.rpartition("-")
        groups.setdefault(report, []).append(rest)
    return "; ".join(f"{report}-{', '.join(rests)}" for report, rests in groups.items())


def source_line(tables: Tables, ids: list[str], files: str = "data/figures.csv", reports: list[str] | None = None,
                max_ids: int = 30) -> str:
    """The footer of a chart of curated figures: the reports (with the years they review or plan), the
    files and the figure ids; past `max_ids` ids, their count (the speaker notes list them)."""
    order = views.place_order(tables)
    ids = list(dict.fromkeys(ids))
    if reports is None:
        used = {figure_id.rpartition("-")[0] for figure_id in ids}
        reports = [r for r in order if r in used]
    refs = ", ".join(_report_ref(tables, r) for r in reports)
    if len(ids) > max_ids:
        which = f"{len(ids)} figures (ids in the speaker notes and the workbook)"
    else:
        which = "ids " + _compact_ids(sorted(ids, key=lambda i: (order.index(i.rpartition('-')[0]), i)))
    return f"Source: work reports of {refs}; curated in {files}; {which}."


def text_source_line(reports: list[str], labels: dict[str, str], what: str) -> str:
    """The footer of a chart of the full texts: which reports, where their texts and checksums are, and `what`."""
    names = ", ".join(labels.get(r, r) for r in reports)
    return (f"Source: full texts of the work reports of {names} (data/raw/*.txt, checksums in data/reports.csv); "
            f"{what}.")


def figure_sources(tables: Tables, ids: list[str]) -> pd.DataFrame:
    """id, place, mention, quote of the figures behind a chart, in the order given."""
    view = views.figures_view(tables).set_index("id")
    ids = list(dict.fromkeys(ids))
    rows = view.loc[ids]
    return pd.DataFrame({
        "id": ids,
        "place": rows["label"].astype(str).to_list(),
        "mention": rows["as_written"].astype(str).to_list(),
        "quote": rows["quote"].astype(str).to_list(),
    })
