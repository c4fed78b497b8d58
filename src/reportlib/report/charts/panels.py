"""The row-per-figure panels the investment, growth and project charts share: which records a panel
holds and in what order, how a row is labelled, and the panel's heading.

The district and the subdistricts get separate panels because their amounts differ by orders of
magnitude; ranking one district among four subdistricts would mislead.
"""

from __future__ import annotations

import re

import pandas as pd
from matplotlib.transforms import blended_transform_factory

from reportlib.analysis import views
from reportlib.curation import places
from reportlib.curation.load import Tables
from reportlib.curation.periods import parse_period
from .layout import fit
from .style import MUTED, WIDTH


def split_by_level(tables: Tables, frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The reports present in `frame`, in place order: (the top level's, the lower levels')."""
    groups = dict(places.by_level(tables, list(frame["report"].astype(str).unique())))
    levels = [term for term, _ in places.by_level(tables)]
    upper = groups.get(levels[0], []) if levels else []
    lower = [r for level in levels[1:] for r in groups.get(level, [])]
    return upper, lower


def panel_rows(frame: pd.DataFrame, reports: list[str]) -> list:
    """The records of one panel, place by place in the order given."""
    rows = []
    for report in reports:
        rows.extend(frame[frame["report"].astype(str) == report].itertuples())
    return rows


def stage_sort(tables: Tables, frame: pd.DataFrame) -> pd.DataFrame:
    """The records by period, then stage (reserve to completed, unknown last), then id."""
    order = {stage: i for i, stage in enumerate(views.stage_order(tables))}
    key = frame["stage"].astype("string").map(lambda s: order.get(s, len(order)) if not pd.isna(s) else len(order))
    frame = frame.assign(_stage=key.astype(int), _period=frame["period"].astype(str).map(
        lambda c: parse_period(c).sort_key))
    return frame.sort_values(["_period", "_stage", "id"]).drop(columns=["_stage", "_period"])


def stage_labels(tables: Tables) -> dict[str, str]:
    """Stage id -> short English label ('Reserve', 'New start'), from the stage vocabulary."""
    terms = tables.vocab.terms
    stages = terms[terms["vocabulary"] == "stage"]
    return {str(t): str(label).split(" or ")[0] for t, label in zip(stages["term"], stages["label_en"])}


def _stage_label(labels: dict[str, str], stage: object) -> str:
    if stage is None or pd.isna(stage):
        return "Other"
    return labels.get(str(stage), str(stage))


def _short_subject(subject: str, limit: int = 40) -> str:
    subject = re.sub(r"^(total investment of|total investment)\s+(the\s+)?", "", str(subject))
    if len(subject) > limit:
        subject = subject[: limit - 1].rstrip(" ,(") + "…"
    return subject


def row_text(stages: dict[str, str], record, with_place: bool) -> str:
    """'Xinhe · New start: 14 projects': place (in a mixed panel), stage, and the subject without
    the words that repeat the stage (row_labels cuts it to the panel's width)."""
    stage = _stage_label(stages, record.stage)
    subject = _short_subject(record.subject_en, 200)
    if not pd.isna(record.stage):
        words = {str(record.stage).replace("_", " "), str(record.stage).replace("_", "-"), stage.lower(),
                 stage.lower().replace(" ", "-"), "planned (reserve)", "planned/reserve", "(planned/reserve)"}
        for word in sorted(words, key=len, reverse=True):
            subject = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])\s*", "", subject).strip()
    subject = re.sub(r"\s{2,}", " ", subject) or "projects"
    text = f"{stage}: {subject}"
    return f"{record.place} · {text}" if with_place else text


def row_labels(ax, labels: list[str], n_rows: int) -> None:
    """Write each row's label above its bar, inside the panel (long labels need the panel's width,
    not a margin); rows run top to bottom, all panels with the same row height."""
    transform = blended_transform_factory(ax.transAxes, ax.transData)
    columns = ax.get_subplotspec().get_gridspec().ncols if ax.get_subplotspec() else 1
    room = (WIDTH - 0.6) / columns - 0.5
    for y, text in enumerate(labels):
        ax.text(0.004, y - 0.3, fit(text, 13.5, room), transform=transform, ha="left", va="center", fontsize=13.5, color=MUTED)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_ylim(n_rows - 0.3, -0.62)


def panel_title(ax, text: str, handles: list | None = None) -> None:
    """The panel's heading at its top left; a legend of `handles`, if given, at its top right."""
    ax.set_title(text, fontsize=18, loc="left", pad=12)
    if handles:
        ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=len(handles), fontsize=13,
                  handlelength=1.6, columnspacing=1.0, borderaxespad=0.2)
