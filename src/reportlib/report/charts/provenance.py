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
    """Report id -> the place's label as charts show it ('Jiadi 甲地')."""
    return places.labels(tables)


def _report_ref(tables: Tables, report: str) -> str:
    """'Jiadi 甲地 (2024 review, 2025 plan)': a report as the source line names it."""
    row = tables.reports[tables.reports["id"].astype(str) == report].iloc[0]
    parts = []
    if not pd.isna(row["reviews"]):
        parts.append(f"{parse_period(str(row['reviews'])).label} review")
    if not pd.isna(row["plans"]):
        inferred = str(row["plans_basis"]) == "inferred"
        parts.append(f"{parse_period(str(row['plans'])).label} plan" + (", year inferred" if inferred else ""))
    label = place_labels(tables)[report]
    return f"{label} ({', '.join(parts)})" if parts else label


def source_line(tables: Tables, ids: list[str], reports: list[str] | None = None) -> str:
    """The footer of a chart of curated figures: the reports it draws on, with the years they review or plan,
    and how many curated figures (the speaker notes quote each). Readers' words only: no file or module."""
    order = views.place_order(tables)
    ids = list(dict.fromkeys(ids))
    if reports is None:
        used = {figure_id.rpartition("-")[0] for figure_id in ids}
        reports = [r for r in order if r in used]
    refs = ", ".join(_report_ref(tables, r) for r in reports)
    count = f"{len(ids)} figure{'s' if len(ids) != 1 else ''}"
    return f"Source: work reports of {refs}; {count}, each checked against its quote."


def text_source_line(reports: list[str], labels: dict[str, str], what: str) -> str:
    """The footer of a chart of the full texts: which reports, and `what` was computed from them."""
    names = ", ".join(labels.get(r, r) for r in reports)
    return f"Source: full texts of the work reports of {names}; {what}."


def figure_sources(tables: Tables, ids: list[str]) -> pd.DataFrame:
    """id, place, mention, quote, period, kind, period basis and English subject of the figures behind a
    chart, in the order given: what the speaker notes say of each."""
    view = views.figures_view(tables).set_index("id")
    ids = list(dict.fromkeys(ids))
    rows = view.loc[ids]
    return pd.DataFrame({
        "id": ids,
        "place": rows["label"].astype(str).to_list(),
        "mention": rows["as_written"].astype(str).to_list(),
        "quote": rows["quote"].astype(str).to_list(),
        "period": rows["period_label"].astype(str).to_list(),
        "kind": rows["kind"].astype(str).to_list(),
        "basis": rows["period_basis"].astype(str).to_list(),
        "subject_en": rows["subject_en"].astype(str).to_list(),
    })
